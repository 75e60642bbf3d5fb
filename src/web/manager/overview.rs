//! The manager's overview pages: the dashboard and a page per child (the
//! gallery and a page per photo: [`super::photos`]). Names and sentences, dates as the setting
//! writes them; the numbers come from [`workflow::overview`].

use super::*;
use crate::policy::picture::PictureProblem;
use crate::retention::LOOK_AHEAD_DAYS;
use crate::web::auth::{NoFields, Posted};
use crate::workflow::overview::{self, Overview};

pub async fn dashboard(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let o = blocking(move || {
        let reg = st2.register()?;
        let (snapshot, incidents) = (reg.snapshot()?, reg.incidents()?);
        // What the overview counts of the photos waiting and held, and of
        // those with a concern; of the rest only what retention needs.
        let mut photos = reg.summaries(&[PhotoState::AwaitingTags, PhotoState::Quarantined])?;
        let counted: std::collections::HashSet<crate::model::PhotoId> = photos.iter().map(|p| p.id.clone()).collect();
        for i in incidents.iter().filter(|i| !counted.contains(&i.photo)) {
            photos.extend(reg.photo(&i.photo)?.as_ref().map(crate::register::PhotoSummary::of));
        }
        let (rules, retention) = (st2.config.rules(), (&st2.config.retention).into());
        let ages = reg.photo_ages_due_by(&retention, crate::retention::horizon(st2.today(), LOOK_AHEAD_DAYS))?;
        let labels: std::collections::HashMap<String, String> =
            snapshot.devices.iter().map(|d| (d.id.to_string(), d.label.clone())).collect();
        Ok((
            (labels, reg.inbox_left()?, snapshot.devices.clone()),
            overview::overview(&overview::Inputs {
                snapshot: &snapshot,
                photos: &photos,
                ages: &ages,
                incidents: &incidents,
                rules: &rules,
                retention: &retention,
                purposes: &st2.config.purposes.known,
                today: st2.today(),
            }),
        ))
    })
    .await?;
    let ((labels, left, devices), o) = o;
    // Devices by the label staff know them by, not their id.
    let device = |d: &Option<crate::model::DeviceId>| match d {
        Some(d) => labels.get(d.as_str()).cloned().unwrap_or_else(|| d.to_string()),
        None => "no registered device".to_string(),
    };
    // The held photos a device's count is of: those from it, or those from
    // no registered device.
    let held_from = |d: &Option<crate::model::DeviceId>| match d {
        Some(d) => format!("/quarantine?device={}", url_encode(d)),
        None => "/quarantine?unregistered=yes".to_string(),
    };
    let ui = &st.config.ui;
    Ok(page(
        &user,
        "/dashboard",
        "Overview",
        html! {
            div.cards {
                (super::inbox::left_card(&left, &devices, ui, st.config.ingest.rescan_secs))
                div.card {
                    h2 { "Consent reviews due" }
                    @let overdue = o.reviews.iter().filter(|r| r.days_left < 0).count();
                    @let soon = o.reviews.iter().filter(|r| (0..=30).contains(&r.days_left)).count();
                    @if overdue > 0 {
                        p.bad.overdue-line { strong { (overdue) " overdue" } ": photos of these children are held until the consent is reviewed. "
                            a href="/register" { "Review them on the register" } }
                    }
                    p { strong { (soon) } " within 30 days, " strong { (o.reviews.len() - soon - overdue) } " more within 60." }
                    @if !o.reviews.is_empty() {
                        table tabindex="0" {
                            tr { th { "Child" } th { "Purpose" } th { "Review by" } }
                            @for r in &o.reviews {
                                tr class=[(r.days_left < 0).then_some("overdue")] {
                                    td { a href={ "/children/" (r.child) } { (r.name) } }
                                    td { (r.purpose.replace('_', " ")) }
                                    td { (ui.date(r.review_by)) " "
                                        @if r.days_left < 0 { span.bad { "(" (-r.days_left) " days overdue)" } } @else { span.muted { "(in " (r.days_left) " days)" } } }
                                }
                            }
                        }
                    }
                }
                @if !o.paperwork.is_empty() {
                    div.card {
                        h2 { "Held for paperwork (never deleted for it)" }
                        p.muted { "Kept safe and encrypted, out of every use, and back by themselves when it is put right." }
                        ul {
                            @for h in &o.paperwork {
                                li {
                                    strong { (h.photos) " photo(s)" } " " (h.until)
                                    @if let Some(c) = &h.child { " · " a href={ "/children/" (c) } { "the register" } }
                                }
                            }
                        }
                    }
                }
                div.card {
                    h2 { "Waiting for tags" }
                    table tabindex="0" { @for (label, n) in &o.waiting { tr { th { "Waiting " (label) } td { a href="/tag" { (n) } } } } }
                    @if o.waiting_near_deadline > 0 {
                        p.warn { (o.waiting_near_deadline) " photo(s) reach the tagging deadline within a day. " a href="/tag" { "Tag them" } }
                    }
                }
                div.card {
                    h2 { "In the quarantine: " (o.quarantined) }
                    @if o.quarantined > 0 {
                        h3 { "Why" }
                        table tabindex="0" { @for (code, n) in &o.by_reason {
                            tr { td { (code.describe()) } td { a href={ "/quarantine?reason=" (code.as_str()) } { (n) } } }
                        } }
                        h3 { "From which device" }
                        table tabindex="0" { @for (d, n) in &o.by_device { tr { td { (device(d)) } td { a href=(held_from(d)) { (n) } } } } }
                        h3 { "Which room" }
                        table tabindex="0" { @for (r, n) in &o.by_room { tr { td { (r) } td {
                            @if r == overview::NO_ROOM || r == overview::NO_CHILD_TAGGED { (n) }
                            @else { a href={ "/quarantine?room=" (url_encode(r)) } { (n) } }
                        } } } }
                        p { a href="/quarantine" { "Open the quarantine" } }
                    }
                }
                div.card {
                    h2 { "The last eight weeks" }
                    (weeks_chart(&o, ui))
                    @if !o.concerns_by_device.is_empty() {
                        h3 { "Concerns reported, for patterns" }
                        table tabindex="0" {
                            @for (d, n) in &o.concerns_by_device { tr { td { "device: " (device(d)) } td { a href="/incidents" { (n) } } } }
                            @for (r, n) in &o.concerns_by_room { tr { td { "room: " (r) } td { a href="/incidents" { (n) } } } }
                        }
                    }
                }
                div.card {
                    h2 { "Deletions in the next " (LOOK_AHEAD_DAYS) " days" }
                    @if o.deletions.is_empty() { p.ok { "Retention deletes nothing in the next " (LOOK_AHEAD_DAYS) " days." } }
                    @else { p.muted { "Each is announced here at least a week before it is made; a manager can keep a photo, with a note, on the retention page." } }
                    table tabindex="0" { @for (day, n) in &o.deletions { tr { td { (ui.date(*day)) } td { a href="/retention" { (n) " photo(s)" } } } } }
                    p { a href="/retention" { "What and why" } }
                }
            }
        },
    ))
}

/// A bar chart of the weeks, drawn on the server (no script): photos that
/// entered the quarantine and concerns reported, per week.
fn weeks_chart(o: &Overview, ui: &crate::config::Ui) -> Markup {
    let max = o.weeks.iter().map(|w| w.held.max(w.concerns)).max().unwrap_or(0).max(1) as f64;
    let (w, h, left, bottom) = (560.0, 180.0, 8.0, 36.0);
    let slot = (w - left) / o.weeks.len().max(1) as f64;
    let bar = |n: usize| (h - bottom - 8.0) * n as f64 / max;
    let summary = o
        .weeks
        .iter()
        .map(|k| format!("week of {}: {} held, {} concerns", ui.date(k.starts), k.held, k.concerns))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        svg.chart viewBox={ "0 0 " (w) " " (h) } role="img" aria-label={ "Photos held and concerns per week: " (summary) } {
            @for (i, k) in o.weeks.iter().enumerate() {
                @let x = left + slot * i as f64;
                rect.held x=(x + 4.0) y=(h - bottom - bar(k.held)) width=(slot / 2.0 - 6.0) height=(bar(k.held)) {}
                rect.concern x=(x + slot / 2.0) y=(h - bottom - bar(k.concerns)) width=(slot / 2.0 - 6.0) height=(bar(k.concerns)) {}
                text x=(x + slot / 2.0) y=(h - bottom + 16.0) text-anchor="middle" { (k.starts.format("%d/%m")) }
                @if k.held > 0 { text x=(x + slot / 4.0) y=(h - bottom - bar(k.held) - 3.0) text-anchor="middle" { (k.held) } }
            }
        }
        p.muted { span.key-held { "■" } " entered the quarantine · " span.key-concern { "■" } " concerns reported" }
    }
}

pub async fn child(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let id = crate::web::practitioner::child_id(&id)?;
    let st2 = st.clone();
    let (child, snapshot, counts, photos, picture, blockers) = blocking(move || {
        let reg = st2.register()?;
        let child = reg.find_child(&id)?;
        // How many of their photos are in each state, counted by the database.
        let by_state = reg.child_photo_counts(&child.id)?;
        let counts: Vec<(PhotoState, usize)> =
            [PhotoState::Stored, PhotoState::AwaitingTags, PhotoState::Quarantined, PhotoState::Deleted]
                .into_iter()
                .map(|state| (state, by_state.get(&state).copied().unwrap_or(0)))
                .collect();
        // The newest stored photos they are tagged in, to cut a picture from.
        let filter = crate::register::PhotoFilter {
            child: Some(child.id.to_string()),
            order: crate::register::PhotoOrder::NewestTaken,
            ..Default::default()
        };
        let photos = reg.photos_page(PhotoState::Stored, &filter, 0, crate::web::pictures::CHOICES)?;
        let (rules, today) = (st2.config.rules(), st2.today());
        let picture = crate::workflow::picture::current(&reg, &rules, today)?.into_iter().find(|p| child.id == p.child);
        // What stands against any picture of the child, whatever the photo.
        let blockers: Vec<PictureProblem> = reg
            .picture_problems(&child.id, "", &rules, today)?
            .into_iter()
            .filter(|p| !matches!(p, PictureProblem::PhotoNotStored | PictureProblem::ChildNotInPhoto))
            .collect();
        Ok((child, reg.snapshot()?, counts, photos, picture, blockers))
    })
    .await?;
    let ui = &st.config.ui;
    let rules = st.config.rules();
    let today = st.today();
    let guardian_name = |gid: &str| snapshot.guardian_name(gid);
    let count = |s: PhotoState| counts.iter().find(|(state, _)| *state == s).map_or(0, |(_, n)| *n);
    Ok(page(
        &user,
        "/register",
        &child.name,
        html! {
            div.cards {
                div.card {
                    h2 { "About" }
                    table tabindex="0" {
                        tr { th { "Register id" } td { (child.id) } }
                        @if !child.aliases.is_empty() { tr { th { "Also called" } td { (child.aliases.join(", ")) } } }
                        tr { th { "Room" } td { (child.room.as_deref().unwrap_or("none")) } }
                        tr { th { "Started" } td { (child.started.map(|d| ui.date(d)).unwrap_or_else(|| "not recorded".into())) } }
                        tr { th { "Leaving" } td {
                            @if let Some(l) = child.left {
                                (ui.date(l)) span.muted { " · photos of them are deleted " (st.config.retention.after_leaving_days) " days later" }
                            } @else { "not leaving" }
                        } }
                    }
                }
                div.card {
                    h2 { "Guardians" }
                    table tabindex="0" {
                        tr { th { "Name" } th { "Relationship" } th { "Parental responsibility" } }
                        @for g in snapshot.guardians.iter().filter(|g| g.child_id == child.id) {
                            tr { td { (g.name) } td { (g.relationship) } td { (if g.parental_responsibility { "yes" } else { "no: their signature does not count" }) } }
                        }
                    }
                }
                div.card {
                    h2 { "Consent now" }
                    table tabindex="0" {
                        @for p in &st.config.purposes.known {
                            @let s = consent_status(&snapshot, &child.id, p, &rules, today);
                            tr { th { (p.replace('_', " ")) } td class=(state_class(&s)) { (consent_words(&s, ui, &guardian_name)) } }
                        }
                    }
                }
                div.card {
                    h2 { "Consent history" }
                    table tabindex="0" {
                        tr { th { "Date" } th { "Purpose" } th { "What" } th { "Signed by" } th { "Review by" } }
                        @for e in snapshot.consents.iter().filter(|e| e.child_id == child.id) {
                            tr { td { (ui.date(e.date)) } td { (e.purpose.replace('_', " ")) } td { (e.action.in_words()) }
                                 td { (guardian_name(&e.by)) } td { (e.review_by.map(|d| ui.date(d)).unwrap_or_default()) } }
                        }
                    }
                }
                div.card #photos {
                    h2 { "Photos" }
                    p { a href={ "/gallery?child=" (child.id) } { (count(PhotoState::Stored)) " stored" } " · "
                        (count(PhotoState::AwaitingTags)) " waiting for tags · "
                        a href={ "/quarantine?child=" (child.id) } { (count(PhotoState::Quarantined)) " in the quarantine" } " · "
                        (count(PhotoState::Deleted)) " deleted" }
                    @if !photos.is_empty() {
                        p.muted { "The newest. Tag a photo again when " (child.name) " is wrongly tagged in it, or someone is missing: it is checked again against the register at once." }
                        div.gallery.recent {
                            @for p in photos.iter().take(RECENT) {
                                figure {
                                    a.open href={ "/photos/" (p.id) } aria-label={ "Open " (p.source_name) } {
                                        @if p.stored.media.thumbnail {
                                            img src={ "/photo/" (p.id) "/thumb" } alt="" loading="lazy";
                                        } @else { div.noimg { (p.format) } }
                                    }
                                    figcaption {
                                        (p.source_name) br;
                                        a.button href={ "/tag/" (p.id) "?back=" (url_encode(&format!("/children/{}", child.id))) } aria-label={ "Tag again: " (p.source_name) } { "Tag again" }
                                    }
                                }
                            }
                        }
                    }
                    p { a href={ "/gallery?child=" (child.id) } { "See all the stored photos" } }
                }
                div.card {
                    h2 { "Learning journey" }
                    p.muted { "Download clean copies (no location, camera or captions) of the photos that may go into "
                        (child.name) "'s learning journey today, as one zip file. The download is recorded in the disclosure log." }
                    form method="post" action={ "/children/" (child.id) "/export" } {
                        (csrf(&user))
                        button.primary type="submit" { "Download the learning journey" }
                    }
                }
                div.card #leaving {
                    h2 { "Leaving" }
                    p.muted { "Photos of a child are deleted " (st.config.retention.after_leaving_days)
                        " days after they leave. Every stored photo of them is checked again when you save." }
                    form method="post" action={ "/children/" (child.id) "/leave" } {
                        (csrf(&user))
                        label { "Leaves on " input type="date" name="on" required value=[child.left.map(|d| d.to_string())]; }
                        button type="submit" { "Save the leaving date" }
                    }
                }
                (crate::web::pictures::card(&user, &child, picture.as_ref(), &photos, &blockers, ui))
                div.card #erasure {
                    h2 { "Erasure" }
                    p.muted { "When a parent asks for their child to be erased: every photo of " (child.name)
                        " is deleted or has them blurred out, copies given out become take-downs, and the register keeps only the id. "
                        "You see what would happen first." }
                    p { a.button href={ "/children/" (child.id) "/erase" } { "Erase " (child.name) "…" } }
                }
            }
        },
    ))
}

/// The newest stored photos shown on a child's page.
const RECENT: usize = 6;

/// The leaving day's form.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LeavingDay {
    on: crate::web::form::Text,
}

/// The day a child leaves, from their page.
pub async fn child_leave(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user: Manager(user), form }: Posted<LeavingDay, Manager>,
) -> Result<Response, AppError> {
    let id = crate::web::practitioner::child_id(&id)?;
    let on = form.on.date()?.ok_or_else(|| AppError::BadInput("the leaving date: give a day".into()))?;
    let (st2, actor) = (st.clone(), user.name.clone());
    let (name, moved) = blocking(move || {
        let mut reg = st2.register()?;
        let child = reg.find_child(&id)?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        Ok((child.name.clone(), workflow::leave(&mut w, &child, on)?))
    })
    .await?;
    let text = format!(
        "{name} leaves on {}. Photos of them are deleted {} days later.",
        st.config.ui.date(on),
        st.config.retention.after_leaving_days
    );
    Ok(done(&user, "/register", "Consent register", text, &moved))
}

/// A child's learning journey as one zip download, made as it is sent:
/// each photo is decrypted, cleaned in memory (a video read through with
/// its metadata neutralised) and handed to the response, so nothing is
/// written to disk, in plaintext or otherwise. Each photo is on the
/// disclosure log before it leaves.
pub async fn child_export(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user: Manager(user), form: _ }: Posted<NoFields, Manager>,
) -> Result<Response, AppError> {
    let id = crate::web::practitioner::child_id(&id)?;
    let (st2, actor) = (st.clone(), user.name.clone());
    let (child, photos) = blocking(move || {
        st2.identity()?; // without it nothing can be read: say so on a page
        let mut reg = st2.register()?;
        let child = reg.find_child(&id)?;
        let w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        let photos = workflow::export::eligible(&w, &child)?;
        Ok((child, photos))
    })
    .await?;
    if photos.is_empty() {
        return Ok(page(
            &user,
            "/register",
            &child.name,
            html! {
                div.flash { "No photo may go into " (child.name) "'s learning journey today." }
                p { a href={ "/children/" (child.id) } { "Back to " (child.name) } }
            },
        )
        .into_response());
    }
    let name = format!("learning-journey-{}-{}.zip", child.id, st.today());
    let (st2, actor) = (st.clone(), user.name.clone());
    Ok(crate::web::download::zip(&name, move |sink| {
        let identity = &st2.identity()?;
        let mut reg = st2.register()?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        let to = format!("web download by {actor}");
        workflow::export::zip_child(&mut w, &child, &photos, identity, &to, sink)
            .map(drop)
            .map_err(|e| e.context(format!("learning journey download for {}", child.id)))
    }))
}
