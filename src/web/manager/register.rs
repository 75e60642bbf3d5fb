//! The consent register page and its forms: consent events, children,
//! guardians, CSV imports.

use super::*;
use crate::model::ChildId;
use crate::web::auth::Posted;
use crate::web::form::Text;

pub async fn register(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let (snapshot, takedowns) = blocking(move || {
        let reg = st2.register()?;
        Ok((reg.snapshot()?, crate::web::publish::OpenTakedowns::named(&reg, reg.takedowns(false)?)?))
    })
    .await?;
    let rules = st.config.rules();
    let today = st.today();
    let purposes = &st.config.purposes.known;
    let guardian_name = |gid: &str| snapshot.guardian_name(gid);
    let child_name = |id: &str| snapshot.child_name(id);
    Ok(page(
        &user,
        "/register",
        "Consent register",
        html! {
            (crate::web::publish::takedown_card(&user, &st.config.ui, &takedowns))
            div.card {
                h2 { "Consent by child and purpose" }
                p.muted { "Overdue reviews are highlighted. Today is " (st.config.ui.date(today)) ". A child's name opens their page." }
                table tabindex="0" {
                    tr { th { "Child" } @for p in purposes { th { (p.replace('_', " ")) } } }
                    @for c in &snapshot.children {
                        tr {
                            th { a href={ "/children/" (c.id) } { (c.name) } @if let Some(l) = c.left { br; span.muted { "leaves " (st.config.ui.date(l)) } } }
                            @for p in purposes {
                                @let s = consent_status(&snapshot, &c.id, p, &rules, today);
                                @if rules.forbidden_purposes.contains(p) {
                                    td.muted { "forbidden by policy" }
                                } @else {
                                    td class=(state_class(&s)) { (consent_words(&s, &st.config.ui, &guardian_name)) }
                                }
                            }
                        }
                    }
                }
            }
            div.card {
                h2 { "Record a consent form" }
                form.inline method="post" action="/register/consent" {
                    (csrf(&user))
                    label { "Child " select name="child" { @for c in &snapshot.children { option value=(c.id) { (c.name) } } } }
                    label { "Use " select name="purpose" { @for p in purposes { option value=(p) { (p.replace('_', " ")) } } } }
                    label { "Decision " select name="action" { option value="grant" { "given" } option value="refuse" { "refused" } option value="withdraw" { "withdrawn" } } }
                    label { "By " select name="by" { @for g in &snapshot.guardians { option value=(g.guardian_id) { (g.name) " (" (g.relationship) " of " (child_name(&g.child_id)) ")" } } } }
                    label { "Signed or effective on " input type="date" name="date" required; }
                    label { "Review by " input type="date" name="review_by"; }
                    label { "Evidence " input type="text" name="evidence" placeholder="e.g. admission form"; }
                    button.primary type="submit" { "Record" }
                }
            }
            div.card {
                h2 { "Guardians" }
                table tabindex="0" {
                    tr { th { "Child" } th { "Guardian" } th { "Relationship" } th { "Parental responsibility" } }
                    @for g in &snapshot.guardians {
                        tr { td { (child_name(&g.child_id)) } td { (g.name) } td { (g.relationship) }
                             td class=(if g.parental_responsibility { "state-granted" } else { "state-refused" }) { (if g.parental_responsibility { "yes" } else { "no" }) } }
                    }
                }
                form.inline method="post" action="/register/guardian" {
                    (csrf(&user))
                    label { "Child " select name="child" { @for c in &snapshot.children { option value=(c.id) { (c.name) } } } }
                    label { "Guardian id " input type="text" name="id" placeholder="e.g. G010" required; }
                    label { "Name " input type="text" name="name" required; }
                    label { "Relationship " input type="text" name="relationship" placeholder="e.g. mother" required; }
                    label { "Parental responsibility " select name="parental_responsibility" { option value="yes" { "yes" } option value="no" { "no" } } }
                    button type="submit" { "Add guardian" }
                }
            }
            div.card {
                h2 { "Add a child" }
                form.inline method="post" action="/register/child" {
                    (csrf(&user))
                    label { "Id " input type="text" name="id" placeholder="e.g. C010" required; }
                    label { "Name " input type="text" name="name" required; }
                    label { "Other names " input type="text" name="aliases" placeholder="separated by ;"; }
                    label { "Room " input type="text" name="room"; }
                    label { "Started on " input type="date" name="started"; }
                    button type="submit" { "Add child" }
                }
            }
            div.card {
                h2 { "Import from CSV" }
                p.muted { "All or nothing: one bad row rejects the file, naming every bad line. Rows already on the register are updated, and the summary says what was added, changed and unchanged. Dates as 2026-09-01 or 01/09/2026." }
                ul.muted {
                    li { "Children: " code { (crate::register::import::CHILD_COLUMNS.describe()) } }
                    li { "Guardians: " code { (crate::register::import::GUARDIAN_COLUMNS.describe()) } }
                    li { "Consent: " code { (crate::register::import::CONSENT_COLUMNS.describe()) } }
                }
                form.inline method="post" action="/register/import" enctype="multipart/form-data" {
                    (csrf(&user))
                    label { "What the file holds " select name="kind" { option value="consent" { "consent events" } option value="children" { "children" } option value="guardians" { "guardians" } } }
                    input type="file" aria-label="CSV file" name="file" accept=".csv,text/csv" required;
                    button type="submit" { "Import" }
                }
            }
        },
    ))
}

pub async fn consent(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form }: Posted<ConsentForm, Manager>,
) -> Result<Response, AppError> {
    let action = ConsentAction::parse(&form.action).ok_or_else(|| AppError::BadInput("unknown action".into()))?;
    let date = form.date.date()?.ok_or_else(|| AppError::BadInput("the date is required".into()))?;
    let event = ConsentEvent {
        seq: 0,
        child_id: ChildId::parse(&form.child).map_err(AppError::from)?,
        purpose: form.purpose.to_string(),
        action,
        by: form.by.to_string(),
        date,
        review_by: form.review_by.date()?,
        evidence: form.evidence.given(),
    };
    records::ok(records::consent(&st.config, &event))?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let (text, moved, takedowns) = blocking(move || {
        let mut reg = st2.register()?;
        let child = reg.find_child(&event.child_id)?;
        let guardian = reg.snapshot()?.guardian_name(&event.by);
        reg.add_consent_events(std::slice::from_ref(&event), &actor)?;
        crate::vault::failpoint("after_register_change");
        let moved =
            recheck(&st2, &mut reg, &actor, &format!("consent {} {} {}", event.action, event.child_id, event.purpose))?;
        let takedowns = match event.action {
            ConsentAction::Withdraw | ConsentAction::Refuse => reg.open_takedowns(&event.child_id, &event.purpose)?,
            ConsentAction::Grant => Vec::new(),
        };
        let takedowns = crate::web::publish::OpenTakedowns::named(&reg, takedowns)?;
        Ok((
            format!(
                "Recorded: {}'s consent for {}: {} by {} on {}.",
                child.name,
                event.purpose.replace('_', " "),
                event.action.in_words(),
                guardian,
                st2.config.ui.date(event.date)
            ),
            moved,
            takedowns,
        ))
    })
    .await?;
    let more = crate::web::publish::takedown_card(&user, &st.config.ui, &takedowns);
    Ok(done_and(&user, "/register", "Consent register", text, &moved, more))
}

/// A consent event recorded on the register page.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ConsentForm {
    child: Text,
    purpose: Text,
    action: Text,
    by: Text,
    date: Text,
    review_by: Text,
    evidence: Text,
}

/// A child added on the register page.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ChildForm {
    id: Text,
    name: Text,
    /// Separated by `;`.
    aliases: Text,
    room: Text,
    started: Text,
}

/// A guardian added on the register page.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct GuardianForm {
    id: Text,
    child: Text,
    name: Text,
    relationship: Text,
    parental_responsibility: Text,
}

pub async fn add_child(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form }: Posted<ChildForm, Manager>,
) -> Result<Response, AppError> {
    let child = crate::model::Child {
        id: ChildId::parse(&form.id).map_err(AppError::from)?,
        name: form.name.to_string(),
        aliases: form.aliases.split(';').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect(),
        room: form.room.given(),
        started: form.started.date()?,
        left: None,
    };
    records::ok(records::child(&child))?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let name = child.name.clone();
    blocking(move || Ok(st2.register()?.add_child(&child, &actor)?)).await?;
    Ok(done(&user, "/register", "Consent register", format!("Added {name} to the register."), &[]))
}

pub async fn add_guardian(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form }: Posted<GuardianForm, Manager>,
) -> Result<Response, AppError> {
    let link = GuardianLink {
        guardian_id: form.id.to_string(),
        child_id: ChildId::parse(&form.child).map_err(AppError::from)?,
        name: form.name.to_string(),
        relationship: form.relationship.to_string(),
        parental_responsibility: crate::input::parse_yes_no(&form.parental_responsibility).map_err(AppError::from)?,
    };
    records::ok(records::guardian(&link))?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let text = blocking(move || {
        let mut reg = st2.register()?;
        let child = reg.find_child(&link.child_id)?;
        reg.add_guardian(&link, &actor)?;
        Ok(format!(
            "Added {} ({}) as a guardian of {}{}.",
            link.name,
            link.relationship,
            child.name,
            if link.parental_responsibility {
                ", with parental responsibility"
            } else {
                ", without parental responsibility: their signature on a consent does not count"
            }
        ))
    })
    .await?;
    Ok(done(&user, "/register", "Consent register", text, &[]))
}

pub async fn import(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (mut token, mut kind, mut data) = (String::new(), String::new(), Vec::new());
    let mut label = "the uploaded file".to_string();
    while let Some(f) = multipart.next_field().await.map_err(|e| AppError::BadInput(e.to_string()))? {
        match f.name() {
            Some("csrf") => token = f.text().await.map_err(|e| AppError::BadInput(e.to_string()))?,
            Some("kind") => kind = f.text().await.map_err(|e| AppError::BadInput(e.to_string()))?,
            Some("file") => {
                // Errors and warnings name the file as the manager chose it.
                if let Some(name) = f.file_name().map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).trim()) {
                    if !name.is_empty() && name.len() <= 200 && !name.chars().any(char::is_control) {
                        label = name.to_string();
                    }
                }
                data = f.bytes().await.map_err(|e| AppError::BadInput(e.to_string()))?.to_vec()
            }
            _ => {}
        }
    }
    user.check_csrf(&token)?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let (text, warnings, moved) = blocking(move || {
        use crate::register::import;
        let mut reg = st2.register()?;
        let label = label.as_str();
        let (report, what) = match kind.as_str() {
            "children" => {
                let rows = crate::input::csv::read_from(&data[..], label, &import::CHILD_COLUMNS)?;
                (import::import_children(&mut reg, &rows, label, &actor)?, "children")
            }
            "guardians" => {
                let rows = crate::input::csv::read_from(&data[..], label, &import::GUARDIAN_COLUMNS)?;
                (import::import_guardians(&mut reg, &rows, label, &actor)?, "guardians")
            }
            "consent" => {
                let rows = crate::input::csv::read_from(&data[..], label, &import::CONSENT_COLUMNS)?;
                (import::import_consents(&mut reg, &st2.config, &rows, label, &actor)?, "consent events")
            }
            other => return Err(crate::error::BadInput(format!("unknown import `{other}`")).into()),
        };
        let moved = if report.changed_anything() {
            recheck(&st2, &mut reg, &actor, &format!("{what} import"))?
        } else {
            Vec::new()
        };
        Ok((format!("Imported {}.", report.counts(what)), report.warnings, moved))
    })
    .await?;
    let more = html! {
        @if !warnings.is_empty() {
            div.flash.held id="warnings" {
                strong { "Look at these:" }
                ul { @for w in &warnings { li { (w) } } }
            }
        }
    };
    Ok(done_and(&user, "/register", "Consent register", text, &moved, more))
}
