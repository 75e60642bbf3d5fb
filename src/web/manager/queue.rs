//! The quarantine queue: each held photo, why it is held today (in words,
//! the codes in a details line), the children by name with their consent
//! now, and the actions that can clear it; several photos at once with one
//! note; 20 cards a page.

use super::*;
use crate::policy::{decide, ReasonCode, Verdict};
use crate::register::PhotoFilter;
use axum::extract::Query;

/// Cards per page.
pub const PAGE: usize = 20;

#[derive(serde::Deserialize, Default)]
pub struct QueueQuery {
    page: Option<usize>,
    /// Only photos held for this reason (its code).
    reason: Option<String>,
    /// Only photos of this child (register id), of a child of this room,
    /// or from this device (its id): the overview's and a child's page's
    /// counts open these.
    child: Option<String>,
    room: Option<String>,
    device: Option<String>,
    /// `yes`: only photos from no registered device.
    unregistered: Option<String>,
}

pub async fn quarantine(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Query(q): Query<QueueQuery>,
) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let today = st.today();
    let given = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let reason = given(q.reason);
    let (child, room, device) = (given(q.child), given(q.room), given(q.device));
    let unregistered = given(q.unregistered).filter(|v| v == "yes");
    // What a link may narrow the list to: ids as the register writes them,
    // a room no longer than a room may be.
    for (what, id) in [("child", &child), ("device", &device)] {
        if let Some(id) = id {
            crate::model::chosen(what, id).map_err(AppError::from)?;
        }
    }
    if let Some(r) = &room {
        crate::limits::check(crate::limits::Field::Short, "the room", r).map_err(AppError::from)?;
    }
    // The list's own address, for its pages and for the forms on its cards.
    let narrowed: String =
        [("reason", &reason), ("child", &child), ("room", &room), ("device", &device), ("unregistered", &unregistered)]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("&{k}={}", url_encode(v))))
            .collect();
    let filter = PhotoFilter {
        reason: reason.clone(),
        child,
        room,
        device,
        unregistered: unregistered.is_some(),
        ..PhotoFilter::default()
    };
    let (photos, shown_total, held, counts, snapshot, incidents, devices, boxes, (filter, device_name)) =
        blocking(move || {
            let reg = st2.register()?;
            let counts = reg.reason_counts(PhotoState::Quarantined)?;
            let held = reg.count_photos(PhotoState::Quarantined, &PhotoFilter::default())?;
            let narrow = filter.reason.is_some()
                || filter.child.is_some()
                || filter.room.is_some()
                || filter.device.is_some()
                || filter.unregistered;
            let total = if narrow { reg.count_photos(PhotoState::Quarantined, &filter)? } else { held };
            let page = Pager::new(total, PAGE, q.page);
            let photos = reg.photos_page(PhotoState::Quarantined, &filter, page.offset(), PAGE)?;
            let incidents: Vec<crate::register::Incident> =
                reg.incidents()?.into_iter().filter(|i| i.closed_at.is_none()).collect();
            // Each card's face boxes, from its face ledger.
            let layout = crate::vault::Layout::new(&st2.config);
            let boxes: Vec<Vec<crate::faces::Face>> = photos
                .iter()
                .map(|p| {
                    workflow::tag::face_boxes(&layout, p, st2.identity_opt().as_ref())
                        .ok()
                        .flatten()
                        .unwrap_or_default()
                })
                .collect();
            let device = filter.device.as_deref().map(|d| reg.device_label(d)).transpose()?;
            Ok((photos, total, held, counts, reg.snapshot()?, incidents, reg.devices()?, boxes, (filter, device)))
        })
        .await?;
    let rules = st.config.rules();
    let ui = &st.config.ui;
    let pager = Pager::new(shown_total, PAGE, q.page);
    // Where a card's forms come back to: this page of this list.
    let here = format!("page={}{narrowed}", pager.page);
    let problem = st.sessions().take_problem(&user.token);
    let forbidden = &st.config.purposes.forbidden;
    let codes: Vec<(ReasonCode, usize)> =
        counts.iter().filter_map(|(c, n)| ReasonCode::parse(c).map(|c| (c, *n))).collect();
    let name_of = |id: &str| snapshot.child_name(id);
    let guardian_name = |gid: &str| snapshot.guardian_name(gid);
    let link = |n: usize| format!("/quarantine?page={n}{narrowed}");
    // Whose photos the list is narrowed to, in words.
    let only: Vec<String> = [
        filter.child.as_deref().map(|c| format!("of {}", name_of(c))),
        filter.room.as_deref().map(|r| format!("of children in {r}")),
        device_name.map(|d| format!("from {d}")),
        filter.unregistered.then(|| "from no registered device".to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(page(
        &user,
        "/quarantine",
        "Quarantine",
        html! {
            @if held == 0 { p.ok { "The quarantine is empty." } }
            @if held > 0 {
                @if !only.is_empty() {
                    p { strong { "Only the photos " (only.join(", ")) "." } " " a href="/quarantine" { "Show every held photo" } }
                }
                form.filters method="get" action="/quarantine" {
                    @for (k, v) in [("child", &filter.child), ("room", &filter.room), ("device", &filter.device)] {
                        @if let Some(v) = v { input type="hidden" name=(k) value=(v); }
                    }
                    @if filter.unregistered { input type="hidden" name="unregistered" value="yes"; }
                    label { "Held because " select name="reason" {
                        option value="" { "any reason (" (held) @if !only.is_empty() { " in all" } ")" }
                        @for (c, n) in &codes {
                            option value=(c.as_str()) selected[reason.as_deref() == Some(c.as_str())] {
                                (c.describe()) " (" (n) @if !only.is_empty() { " in all" } ")"
                            }
                        }
                    } }
                    button type="submit" { "Show" }
                }
                form.card id="bulk" method="post" action="/quarantine/bulk" {
                    (csrf(&user))
                    h2 { "Several photos at once" }
                    p.muted { "Tick the photos below, write one note, and release or delete them all. Each photo is still checked on its own; the summary says what happened to each." }
                    label { "Note " input type="text" name="note" required; }
                    button.primary type="submit" name="action" value="release" { "Release the ticked photos" }
                    " "
                    button type="submit" name="action" value="send-back" { "Send the ticked photos back for tagging" }
                    " "
                    button.danger type="submit" name="action" value="delete" { "Delete the ticked photos" }
                }
                p.muted { (shown_total) " photo(s) held" @if pager.pages > 1 { " · page " (pager.page) " of " (pager.pages) } }
            }
            @for (p, boxes) in photos.iter().zip(&boxes) {
                @let facts = p.facts();
                @let now = decide(&facts, &snapshot, &rules, today);
                @let tagged: Vec<&crate::register::TagRow> = p.tags.iter().filter(|t| t.child_id.is_some()).collect();
                @let can_redact = !tagged.is_empty() && p.format != "mp4" && p.format != "mov" && p.format != "3gp"
                    && now.reasons.iter().any(|r| r.child.is_some());
                @let back = url_encode(&format!("/quarantine?{here}#q-{}", short(&p.id)));
                @let unstorable = now.reasons.iter().find(|r| {
                    matches!(r.code, ReasonCode::UnsupportedFormat | ReasonCode::CorruptImage | ReasonCode::ImageTooLarge)
                });
                div.card id={ "q-" (short(&p.id)) } {
                    @if let Some((_, why)) = problem.as_ref().filter(|(id, _)| p.id == *id) {
                        p.error role="alert" { strong { "Not done: " } (why) }
                    }
                    div.qgrid {
                        div {
                            @if p.stored.media.thumbnail {
                                (boxed_thumb(p, boxes, &now, &name_of))
                            } @else { p.muted { "No preview for this " (p.format) " file." } }
                            p.muted { (p.source_name) " · held since " (ui.at(p.state_since)) }
                            label.pick { input type="checkbox" name="photo" value=(p.id) form="bulk"; " Tick for the bulk action" }
                        }
                        div {
                            h2 { "Why it is held" }
                            @if now.verdict != Verdict::Quarantine {
                                p.ok { "Nothing holds it any more today: releasing it "
                                    (if now.verdict == Verdict::Store { "stores it." } else { "sends it back to be tagged." }) }
                            }
                            ul.reasons {
                                @for r in &now.reasons {
                                    li { (r.code.describe())
                                        @if let Some(c) = r.child.as_deref() { ": " (name_of(c)) }
                                        @if let Some(pp) = &r.purpose { " (" (pp.replace('_', " ")) ")" }
                                        @if r.code == ReasonCode::ReportedConcern || r.code == ReasonCode::UnknownChild || r.code == ReasonCode::UnregisteredDevice {
                                            @if let Some(d) = &r.detail { span.muted { " — " (d) } }
                                        }
                                    }
                                }
                            }
                            @if now.verdict == Verdict::Quarantine {
                                div.wayout {
                                    strong { "What clears it" }
                                    ul { @for w in ways_out(&now) { li { (w) } } }
                                }
                            }
                            @for i in incidents.iter().filter(|i| i.photo == p.id) {
                            p.concern { "Concern reported by " (i.opened_by) " on " (ui.at(i.opened_at)) ": " q { (i.reason) } }
                        }
                        details.codes { summary { "Details" } p.muted { "Codes: " (now.reasons.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join(", ")) " · photo " (short(&p.id)) } }
                            @if now.reasons.iter().any(|r| r.code == ReasonCode::UnregisteredDevice) {
                                p {
                                    @if let Some(c) = &facts.camera {
                                        "Taken by: " strong { (c.make) " " (c.model) } @if let Some(s) = &c.serial { " (serial " (s) ")" } ". "
                                        a href={ "/devices?photo=" (p.id) "#register" } { "Register this camera" }
                                        " if it is the setting's; its held photos are then checked again."
                                    }
                                }
                            }
                            @if now.reasons.iter().any(|r| r.code == ReasonCode::DeviceFolderMismatch) {
                                @if let Some(d) = now.device.as_deref().and_then(|d| devices.iter().find(|x| x.id == d)) {
                                    form.attest method="post" action={ "/quarantine/" (p.id) "/attest" } {
                                        (csrf(&user))
                                        input type="hidden" name="here" value=(here);
                                        p { "Its camera is the " strong { (d.label) } ", but it came in through another device's folder." }
                                        input type="hidden" name="device" value=(d.id);
                                        label { "How you know " input type="text" name="note" required; }
                                        button type="submit" { "It is the " (d.label) "'s own" }
                                    }
                                }
                            }
                            // A file that can never be stored (a format not taken, damaged, too
                            // large) is not offered "it is the setting's own": that could not clear it.
                            @if let Some(r) = unstorable {
                                p.bad { "This file can never be stored (" (r.code.describe()) "): delete it." }
                            }
                            @if now.reasons.iter().any(|r| r.code == ReasonCode::NoCameraMetadata) && unstorable.is_none() {
                                p.muted { "The file carries no camera information (a screenshot, a download or a forwarded image), so no device can vouch for it. If it is not the setting's own, delete it. If you know it was taken on a setting device, say which: that is recorded with your note, and the photo is checked again." }
                                @if !devices.is_empty() {
                                    form.attest method="post" action={ "/quarantine/" (p.id) "/attest" } {
                                        (csrf(&user))
                                        input type="hidden" name="here" value=(here);
                                        label { "Taken on " select name="device" { @for d in &devices { option value=(d.id) { (d.label) } } } }
                                        label { "How you know " input type="text" name="note" required; }
                                        button type="submit" { "It is the setting's own" }
                                    }
                                }
                            }
                            @if !tagged.is_empty() {
                                h2 { "Children and their consent today" }
                                @let group = tagged.len() >= 2 && p.purposes.iter().any(|x| x == LEARNING_JOURNEY);
                                table tabindex="0" {
                                    @for t in &tagged {
                                        @let c = t.child_id.as_deref().unwrap_or_default();
                                        tr {
                                            th { a href={ "/children/" (c) } { (name_of(c)) } }
                                            @for purpose in p.purposes.iter().map(String::as_str).chain(group.then_some(GROUP_IN_OTHERS_JOURNEY)) {
                                                @let s = consent_status(&snapshot, c, purpose, &rules, today);
                                                td class=(state_class(&s)) { (purpose.replace('_', " ")) ": " (consent_words(&s, ui, &guardian_name)) }
                                            }
                                            td { @if p.face_of(c).is_some() { "face located" } @else { span.warn { "face not located" } } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    div.actions {
                        @if unstorable.is_none() {
                            p { a.button href={ "/tag/" (p.id) "?back=" (back) } { "Tag again" } }
                        }
                        @if unstorable.is_none() {
                        form method="post" action={ "/quarantine/" (p.id) "/release" } {
                            (csrf(&user))
                            input type="hidden" name="here" value=(here);
                            label { "Note " input type="text" name="note" required; }
                            @if p.purposes.len() > 1 || p.purposes.iter().any(|x| forbidden.contains(x)) {
                                fieldset { legend { "Keep it for" }
                                    @for purpose in &p.purposes {
                                        @let banned = forbidden.contains(purpose);
                                        label { input type="checkbox" name="purpose" value=(purpose) checked[!banned]; " " (purpose.replace('_', " "))
                                            @if banned { span.warn { " (not allowed by the setting's policy)" } } }
                                    }
                                }
                            } @else {
                                @for purpose in &p.purposes { input type="hidden" name="purpose" value=(purpose); }
                            }
                            button.primary type="submit" { "Release" }
                        }
                        }
                        @if now.reasons.iter().any(|r| workflow::is_tagging_reason(r.code)) {
                            form method="post" action={ "/quarantine/" (p.id) "/send-back" } {
                                (csrf(&user))
                                input type="hidden" name="here" value=(here);
                                p.muted { "Back to the tagging queue with " (st.config.retention.awaiting_tags_days) " days from today to say who is in it. The children chosen before are kept as a starting point." }
                                label { "Note " input type="text" name="note" required; }
                                button type="submit" { "Send back for tagging" }
                            }
                        }
                        @let unmarked: Vec<String> = now.reasons.iter().filter_map(|r| r.child.as_deref())
                            .filter(|c| p.child_ids().iter().any(|t| t == c) && p.face_of(c).is_none())
                            .map(&name_of).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
                        @if can_redact && !unmarked.is_empty() {
                            p.warn { "To blur " (unmarked.join(" and ")) ", their face must be marked first: "
                                a href={ "/tag/" (p.id) "?back=" (back) } { "Tag again" } " and say which face is theirs (or draw a box around them)." }
                        }
                        @if can_redact && unmarked.is_empty() {
                            details.preview {
                                summary { "Preview the blur" }
                                img.thumb src={ "/quarantine/" (p.id) "/preview" } loading="lazy" alt={ "what blurring would leave of " (p.source_name) };
                                p.muted { "The whole head around each marked face is blurred, not only the face box." }
                            }
                            form method="post" action={ "/quarantine/" (p.id) "/redact" } {
                                (csrf(&user))
                                input type="hidden" name="here" value=(here);
                                label { "Note " input type="text" name="note" required; }
                                button type="submit" { "Blur the children without consent" }
                            }
                        }
                        form method="post" action={ "/quarantine/" (p.id) "/delete" } {
                            (csrf(&user))
                            input type="hidden" name="here" value=(here);
                            label { "Reason " input type="text" name="note" required; }
                            button.danger type="submit" { "Delete…" }
                        }
                    }
                }
            }
            (pager.nav(link, "← Earlier", "Later →"))
        },
    ))
}

/// A held photo's thumbnail with its face boxes drawn over it, as its face
/// ledger says: each child's face with their name (red when that child is
/// why the photo is held), each face nobody has said whose (yellow,
/// dashed), and each face said not to be a child's (grey). Drawn as SVG
/// over the image, so no script is needed; a line under it says the same
/// in words.
fn boxed_thumb(
    p: &crate::register::PhotoRecord,
    boxes: &[crate::faces::Face],
    now: &crate::policy::Decision,
    name_of: &dyn Fn(&str) -> String,
) -> Markup {
    use crate::policy::FaceIs;
    // The thumbnail is upright: orientations 5–8 swap the sides.
    let (w, h) = (f64::from(p.width.unwrap_or(4)), f64::from(p.height.unwrap_or(3)));
    let (w, h) = if p.stored.media.orientation.is_some_and(|o| o >= 5) { (h, w) } else { (w, h) };
    let (vw, vh) = (1000.0, (1000.0 * h / w.max(1.0)).round());
    let held_for = |child: &str| now.reasons.iter().any(|r| r.child.as_deref() == Some(child));
    let ledger: Vec<FaceIs> = p.faces.iter().flatten().map(|r| r.is.clone()).collect();
    // (number, label, class) for each face box
    let faces: Vec<(usize, String, &'static str, [f64; 4])> = boxes
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let n = i + 1;
            match ledger.get(i) {
                Some(FaceIs::Child(c)) => (n, name_of(c), if held_for(c) { "box held" } else { "box ok" }, b.rect),
                Some(FaceIs::NotAChild) => (n, n.to_string(), "box dismissed", b.rect),
                _ => (n, n.to_string(), "box loose", b.rect),
            }
        })
        .collect();
    let unlocated: Vec<String> = p.child_ids().iter().filter(|c| p.face_of(c).is_none()).map(|c| name_of(c)).collect();
    let rect = |r: [f64; 4]| (r[0] * vw, r[1] * vh, r[2] * vw, r[3] * vh);
    let stroke = (vw / 150.0).max(3.0);
    let font = (vh.min(vw) / 18.0).max(14.0);
    html! {
        div.boxed {
            img.thumb src={ "/photo/" (p.id) "/thumb" } alt={ "held photo " (p.source_name) };
            @if !faces.is_empty() {
                svg viewBox=(format!("0 0 {vw} {vh}")) aria-hidden="true" focusable="false" {
                    @for (_, label, class, r) in &faces {
                        @let (x, y, bw, bh) = rect(*r);
                        rect class=(class) x=(x) y=(y) width=(bw) height=(bh) stroke-width=(stroke) {}
                        text x=(x) y=((y - stroke).max(font)) font-size=(font) { (label) }
                    }
                }
            }
        }
        @if !faces.is_empty() || !unlocated.is_empty() {
            p.muted.boxes {
                @for (_, label, class, _) in faces.iter().filter(|f| f.2 == "box held" || f.2 == "box ok") {
                    span class=(if *class == "box held" { "held" } else { "ok" }) { (label) "'s face" @if *class == "box held" { " (why it is held)" } } " · "
                }
                @let nobodys = faces.iter().filter(|f| f.2 == "box loose").count();
                @let dismissed = faces.iter().filter(|f| f.2 == "box dismissed").count();
                @if nobodys > 0 { span.warn { (nobodys) " face(s) nobody has said whose" } " · " }
                @if dismissed > 0 { (dismissed) " face(s) said not to be a child's" " · " }
                @if !unlocated.is_empty() { (unlocated.join(", ")) ": tagged, face not located" }
            }
        }
    }
}

/// What clears each reason holding the photo, once each.
fn ways_out(now: &crate::policy::Decision) -> Vec<&'static str> {
    let mut ways: Vec<&'static str> = Vec::new();
    for r in &now.reasons {
        if !ways.contains(&r.code.way_out()) {
            ways.push(r.code.way_out());
        }
    }
    ways
}
