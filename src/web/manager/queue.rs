//! The quarantine queue: each held photo, why it is held today (in words,
//! the codes in a details line), the children by name with their consent
//! now, and the actions that can clear it; several photos at once with one
//! note; 20 cards a page.

use super::overview::url_encode;
use super::*;
use crate::policy::{decide, ReasonCode, Verdict};
use crate::register::PhotoFilter;
use crate::web::auth::Posted;
use axum::extract::Query;
use axum::response::Redirect;

/// Cards per page.
pub const PAGE: usize = 20;

#[derive(serde::Deserialize, Default)]
pub struct QueueQuery {
    page: Option<usize>,
    /// Only photos held for this reason (its code).
    reason: Option<String>,
}

pub async fn quarantine(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Query(q): Query<QueueQuery>,
) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let today = st.today();
    let reason = q.reason.filter(|r| !r.is_empty());
    let want = reason.clone();
    let (photos, shown_total, held, counts, snapshot, incidents, devices, boxes) = blocking(move || {
        let reg = st2.register()?;
        let counts = reg.reason_counts(PhotoState::Quarantined)?;
        let held = reg.count_photos(PhotoState::Quarantined, &PhotoFilter::default())?;
        let filter = PhotoFilter { reason: want, ..PhotoFilter::default() };
        let total = if filter.reason.is_some() { reg.count_photos(PhotoState::Quarantined, &filter)? } else { held };
        let page = Pager::new(total, PAGE, q.page);
        let photos = reg.photos_page(PhotoState::Quarantined, &filter, page.offset(), PAGE)?;
        let incidents: Vec<crate::register::Incident> =
            reg.incidents()?.into_iter().filter(|i| i.closed_at.is_none()).collect();
        // Each card's face boxes, from its face ledger.
        let layout = crate::vault::Layout::new(&st2.config);
        let boxes: Vec<Vec<crate::faces::Face>> = photos
            .iter()
            .map(|p| {
                workflow::tag::face_boxes(&layout, p, st2.identity_opt().as_ref()).ok().flatten().unwrap_or_default()
            })
            .collect();
        Ok((photos, total, held, counts, reg.snapshot()?, incidents, reg.devices()?, boxes))
    })
    .await?;
    let rules = st.config.rules();
    let ui = &st.config.ui;
    let pager = Pager::new(shown_total, PAGE, q.page);
    // Where a card's forms come back to: this page of this list.
    let here = match &reason {
        Some(r) => format!("page={}&reason={r}", pager.page),
        None => format!("page={}", pager.page),
    };
    let problem = st.sessions().take_problem(&user.token);
    let forbidden = &st.config.purposes.forbidden;
    let codes: Vec<(ReasonCode, usize)> =
        counts.iter().filter_map(|(c, n)| ReasonCode::parse(c).map(|c| (c, *n))).collect();
    let name_of = |id: &str| snapshot.child_name(id);
    let guardian_name = |gid: &str| snapshot.guardian_name(gid);
    let link = |n: usize| match &reason {
        Some(r) => format!("/quarantine?page={n}&reason={r}"),
        None => format!("/quarantine?page={n}"),
    };
    Ok(page(
        &user,
        "/quarantine",
        "Quarantine",
        html! {
            @if held == 0 { p.ok { "The quarantine is empty." } }
            @if held > 0 {
                form.filters method="get" action="/quarantine" {
                    label { "Held because " select name="reason" {
                        option value="" { "any reason (" (held) ")" }
                        @for (c, n) in &codes {
                            option value=(c.as_str()) selected[reason.as_deref() == Some(c.as_str())] {
                                (c.describe()) " (" (n) ")"
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
                    @if let Some((_, why)) = problem.as_ref().filter(|(id, _)| *id == p.id) {
                        p.error role="alert" { strong { "Not done: " } (why) }
                    }
                    div.qgrid {
                        div {
                            @if p.stored.media.thumbnail {
                                (boxed_thumb(p, boxes, &now, &name_of))
                            } @else { p.muted { "No preview for this " (p.format) " file." } }
                            p.muted { (p.source_name) " · held since " (ui.when(&p.state_since)) }
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
                            p.concern { "Concern reported by " (i.opened_by) " on " (ui.when(&i.opened_at)) ": " q { (i.reason) } }
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

pub async fn quarantine_action(
    State(st): State<Arc<AppState>>,
    Path((id, action)): Path<(String, String)>,
    Posted { user: Manager(user), form }: Posted<Vec<(String, String)>, Manager>,
) -> Result<Response, AppError> {
    let id = photo_id(&id)?;
    let here = back_here(field(&form, "here"));
    let back = format!("/quarantine?{here}#q-{}", short(&id));
    let note = field(&form, "note").to_string();
    if note.is_empty() {
        st.sessions().set_problem(&user.token, &id, "write a note first: it goes into the audit log".into());
        return Ok(Redirect::to(&back).into_response());
    }
    if action == "delete" && field(&form, "confirm") != "yes" {
        let (st2, pid) = (st.clone(), id.clone());
        let photo = blocking(move || Ok(st2.register()?.photo(&pid)?)).await?;
        let photo = photo.ok_or_else(|| AppError::BadInput("no such photo".into()))?;
        let action = format!("/quarantine/{id}/delete");
        let page = super::photos::confirm_delete(&user, &action, &[&photo], &note, &[("here", &here)], &back);
        return Ok(page.into_response());
    }
    let purposes: Vec<String> = form.iter().filter(|(k, _)| k == "purpose").map(|(_, v)| v.clone()).collect();
    let device = field(&form, "device").to_string();
    let st2 = st.clone();
    let actor = user.name.clone();
    let action2 = action.clone();
    let pid = id.clone();
    let result = blocking(move || {
        let mut reg = st2.register()?;
        let photo = reg.photo(&id)?.ok_or_else(|| crate::error::BadInput("no such photo".into()))?;
        workflow::ensure_quarantined(&photo)?;
        Ok(quarantine_do(&mut reg, &st2, &actor, &action2, &photo, &note, purposes, &device))
    })
    .await?;
    let result = match result {
        Ok(text) => text,
        Err(e) => match crate::failure::classify(&e) {
            (crate::error::Kind::Failed, _) => return Err(e.into()),
            (_, why) => {
                st.sessions().set_problem(&user.token, &pid, why);
                return Ok(Redirect::to(&back).into_response());
            }
        },
    };
    Ok(page(
        &user,
        "/quarantine",
        "Quarantine",
        html! {
            div.flash { (result) }
            p { a href={ "/quarantine?" (here) } { "Back to the quarantine" } }
        },
    )
    .into_response())
}

/// The query of the quarantine page a form came from (`page=N`, and
/// `reason=code`), checked: nothing but those.
fn back_here(here: &str) -> String {
    let ok =
        here.len() <= 80 && here.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "=&_".contains(c));
    if ok && !here.is_empty() {
        here.to_string()
    } else {
        "page=1".to_string()
    }
}

/// One action on one quarantined photo, through the workflow; its outcome
/// in words.
#[allow(clippy::too_many_arguments)]
fn quarantine_do(
    reg: &mut crate::register::Register,
    st: &AppState,
    actor: &str,
    action: &str,
    photo: &crate::register::PhotoRecord,
    note: &str,
    purposes: Vec<String>,
    device: &str,
) -> anyhow::Result<String> {
    let mut w = workflow::Ctx::new(reg, &st.config, st.today(), actor);
    match action {
        "release" => {
            if purposes.is_empty() {
                return Err(crate::error::BadInput("keep at least one purpose ticked".into()).into());
            }
            let same = purposes.iter().all(|p| photo.purposes.contains(p))
                && photo.purposes.iter().all(|p| purposes.contains(p));
            let narrowed = if same { Vec::new() } else { purposes };
            released(workflow::release(&mut w, photo, note, &narrowed), photo)
        }
        "redact" => {
            let identity = &st.identity()?;
            let (_, state) = workflow::redact::redact(&mut w, photo, note, identity)?;
            Ok(format!(
                "{}: redacted. The children without consent are blurred in a new copy, which is {}; the original is deleted.",
                photo.source_name,
                state.to_string().replace('_', " ")
            ))
        }
        "attest" => match workflow::devices::attest(&mut w, photo, device, note)? {
            PhotoState::Quarantined => {
                Ok(format!("{}: recorded as taken on {device}, but something else still holds it.", photo.source_name))
            }
            to => Ok(format!(
                "{}: recorded as taken on {device}; it is now {}.",
                photo.source_name,
                if to == PhotoState::Stored { "stored in the vault" } else { "waiting to be tagged" }
            )),
        },
        "send-back" => sent_back(workflow::send_back(&mut w, photo, note), photo, &st.config),
        "delete" => {
            workflow::delete(&mut w, photo, "manager", Change::new("quarantine.delete", actor).note(note))?;
            Ok(format!("{} deleted. The register keeps its name and dates, not the photo.", photo.source_name))
        }
        other => Err(crate::error::BadInput(format!("unknown action `{other}`")).into()),
    }
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

/// A release's outcome in words; a refusal names what still holds it.
fn released(outcome: anyhow::Result<PhotoState>, photo: &crate::register::PhotoRecord) -> anyhow::Result<String> {
    match outcome {
        Ok(PhotoState::Stored) => Ok(format!("{}: released and stored in the vault.", photo.source_name)),
        Ok(_) => Ok(format!("{}: nobody has tagged it yet, so it is back in the tagging queue.", photo.source_name)),
        Err(e) => match e.downcast_ref::<workflow::StillRefused>() {
            Some(still) => Err(crate::error::Refused(format!(
                "{} stays in the quarantine: {}",
                photo.source_name,
                still.0.iter().map(|r| r.code.describe()).collect::<Vec<_>>().join("; ")
            ))
            .into()),
            None => Err(e),
        },
    }
}

/// A send-back's outcome in words; a refusal names what tagging cannot clear.
fn sent_back(
    outcome: anyhow::Result<PhotoState>,
    photo: &crate::register::PhotoRecord,
    config: &crate::config::Config,
) -> anyhow::Result<String> {
    match outcome {
        Ok(_) => Ok(format!(
            "{}: back in the tagging queue, with {} days from today to tag it.",
            photo.source_name, config.retention.awaiting_tags_days
        )),
        Err(e) => match e.downcast_ref::<workflow::StillRefused>() {
            Some(still) => Err(crate::error::Refused(format!(
                "{} stays in the quarantine: tagging would not clear {}",
                photo.source_name,
                still
                    .0
                    .iter()
                    .filter(|r| !workflow::is_tagging_reason(r.code))
                    .map(|r| r.code.describe())
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
            .into()),
            None => Err(e),
        },
    }
}

/// Several photos at once, with one note: each is released, sent back for
/// tagging (or deleted)
/// on its own, and the summary says what happened to each.
pub async fn quarantine_bulk(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form }: Posted<Vec<(String, String)>, Manager>,
) -> Result<Response, AppError> {
    let note = field(&form, "note").to_string();
    if note.is_empty() {
        return Err(AppError::BadInput("a note is required".into()));
    }
    let action = field(&form, "action").to_string();
    if !["release", "send-back", "delete"].contains(&action.as_str()) {
        return Err(AppError::BadInput(format!("unknown action `{action}`")));
    }
    let ids = form
        .iter()
        .filter(|(k, _)| k == "photo")
        .map(|(_, v)| photo_id(v))
        .collect::<Result<Vec<String>, AppError>>()?;
    if ids.is_empty() {
        return Err(AppError::BadInput("tick at least one photo".into()));
    }
    if action == "delete" && field(&form, "confirm") != "yes" {
        let (st2, wanted) = (st.clone(), ids.clone());
        let photos = blocking(move || {
            let reg = st2.register()?;
            let mut out = Vec::new();
            for id in &wanted {
                out.extend(reg.photo(id)?);
            }
            Ok(out)
        })
        .await?;
        let refs: Vec<&crate::register::PhotoRecord> = photos.iter().collect();
        let mut hidden: Vec<(&str, &str)> = vec![("action", "delete")];
        hidden.extend(ids.iter().map(|id| ("photo", id.as_str())));
        let page = super::photos::confirm_delete(&user, "/quarantine/bulk", &refs, &note, &hidden, "/quarantine");
        return Ok(page.into_response());
    }
    let (st2, actor) = (st.clone(), user.name.clone());
    let lines = blocking(move || {
        let mut reg = st2.register()?;
        let mut out = Vec::new();
        for id in ids {
            let Some(photo) = reg.photo(&id)? else { continue };
            if photo.state != PhotoState::Quarantined {
                out.push((false, format!("{}: not in the quarantine any more", photo.source_name)));
                continue;
            }
            let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
            let line = if action == "release" {
                released(workflow::release(&mut w, &photo, &note, &[]), &photo)
            } else if action == "send-back" {
                sent_back(workflow::send_back(&mut w, &photo, &note), &photo, &st2.config)
            } else {
                workflow::delete(&mut w, &photo, "manager", Change::new("quarantine.delete", &actor).note(&note))
                    .map(|()| format!("{}: deleted", photo.source_name))
            };
            out.push(match line {
                Ok(text) => (true, text),
                Err(e) => (false, crate::failure::classify(&e).1),
            });
        }
        Ok(out)
    })
    .await?;
    let done = lines.iter().filter(|(ok, _)| *ok).count();
    Ok(page(
        &user,
        "/quarantine",
        "Quarantine",
        html! {
            div.flash { (done) " of " (lines.len()) " done." }
            ul { @for (ok, text) in &lines { li class=(if *ok { "ok" } else { "warn" }) { (text) } } }
            p { a href="/quarantine" { "Back to the quarantine" } }
        },
    )
    .into_response())
}

/// What redaction would leave of a held photo, for the manager to look at
/// before applying it: decrypted and blurred in memory, never written.
pub async fn redact_preview(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = photo_id(&id)?;
    let (st2, actor) = (st.clone(), user.name.clone());
    let jpeg = blocking(move || {
        let identity = &st2.identity()?;
        let mut reg = st2.register()?;
        let photo = reg.photo(&id)?.ok_or_else(|| crate::error::BadInput("no such photo".into()))?;
        workflow::ensure_quarantined(&photo)?;
        let w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        workflow::redact::preview(&w, &photo, identity, 1280)
    })
    .await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/jpeg")], jpeg).into_response())
}
