//! What the manager reads: the retention plan, the audit log, incidents.

use super::*;
use crate::retention::LOOK_AHEAD_DAYS;
use crate::web::auth::{NoFields, Posted};

pub async fn retention(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let (ahead, names, children) = blocking(move || {
        let reg = st2.register()?;
        let children = reg.children()?;
        let rules = (&st2.config.retention).into();
        let today = st2.today();
        let ages = reg.photo_ages_due_by(&rules, crate::retention::horizon(today, LOOK_AHEAD_DAYS))?;
        let ahead = crate::retention::ahead(&ages, &children, &rules, today, LOOK_AHEAD_DAYS);
        let ids: Vec<&str> = ahead.iter().map(|d| d.photo.as_str()).collect();
        let names = reg.source_names(&ids)?;
        Ok((ahead, names, children))
    })
    .await?;
    let ui = &st.config.ui;
    let today = st.today();
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| short(id).to_string());
    let due_today = ahead.iter().filter(|d| d.deletes_on <= today).count();
    Ok(page(
        &user,
        "/retention",
        "Retention plan",
        html! {
            p.muted { "What the service's daily clean-up deletes, today and over the next " (LOOK_AHEAD_DAYS) " days, under the setting's retention rules. "
                "Every deletion is announced here and on the overview at least a week before it is made; a photo held only for paperwork (a consent review, a signature) is never deleted for it, and a retired device's photos from before its retirement stay in the vault. Nothing is deleted from this page." }
            @if ahead.is_empty() { p.ok { "Nothing is due for deletion in the next " (LOOK_AHEAD_DAYS) " days." } }
            @else { p { strong { (due_today) } " photo(s) are deleted today; " strong { (ahead.len() - due_today) } " more over the next " (LOOK_AHEAD_DAYS) " days." } }
            @if !ahead.is_empty() {
                table tabindex="0" {
                    tr { th { "Deleted on" } th { "Photo" } th { "Why" } th { "Announced" } th { "Keep it" } }
                    @for d in &ahead {
                        tr {
                            td { (if d.deletes_on <= today { "today".to_string() } else { ui.date(d.deletes_on) }) }
                            td { (photo_link(&d.photo, &name_of(&d.photo), PhotoState::Stored)) }
                            td { (d.rule.describe(&children)) }
                            td { @match d.announced_on { Some(a) => (ui.date(a)), None => "from today" } }
                            td {
                                form.inline method="post" action={ "/retention/" (d.photo) "/keep" } {
                                    (csrf(&user))
                                    label { span.sr-only { "Why keep it" } input type="text" name="note" placeholder="why keep it" required; }
                                    button type="submit" { "Keep" }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// A manager keeps a photo from every automatic deletion, with why.
pub async fn keep_photo(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user: Manager(user), form }: Posted<crate::web::form::Note, Manager>,
) -> Result<Response, AppError> {
    let id = photo_id(&id)?;
    let note = form.note.to_string();
    let st2 = st.clone();
    let actor = user.name.clone();
    let name = blocking(move || {
        let mut reg = st2.register()?;
        let photo = reg.photo(&id)?.ok_or_else(|| crate::error::BadInput("no such photo".into()))?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        workflow::keep(&mut w, &photo, &note)?;
        Ok(photo.source_name)
    })
    .await?;
    Ok(done(&user, "/retention", "Retention plan", format!("{name} is kept from every automatic deletion."), &[]))
}

/// Audit entries per page.
pub const AUDIT_PAGE: usize = 100;

#[derive(serde::Deserialize, Default)]
pub struct AuditQuery {
    page: Option<usize>,
    /// Only entries about this child (register id).
    child: Option<String>,
}

pub async fn audit(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    axum::extract::Query(q): axum::extract::Query<AuditQuery>,
) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let child = q.child.filter(|c| !c.is_empty());
    if let Some(c) = &child {
        crate::input::check_id("child", c).map_err(AppError::from)?;
    }
    let filter = crate::audit::Filter { photo: None, child: child.clone() };
    let asked = q.page;
    let (log, children, photos) = blocking(move || {
        let reg = st2.register()?;
        let log = reg.audit_list(&filter)?;
        // The file names of the photos on the page asked for.
        let pager = Pager::new(log.len(), AUDIT_PAGE, asked);
        let ids: Vec<&str> = pager.of(log.iter().rev()).filter_map(|e| e.photo.as_deref()).collect();
        let photos = reg.names_and_states(&ids)?;
        Ok((log, reg.children()?, photos))
    })
    .await?;
    let ui = &st.config.ui;
    let pager = Pager::new(log.len(), AUDIT_PAGE, q.page);
    let name_of = |id: &str| crate::policy::child_name(&children, id);
    let file_of = |id: &str| format!("photo {}", short(id));
    let link = |n: usize| match &child {
        Some(c) => format!("/audit?page={n}&child={c}"),
        None => format!("/audit?page={n}"),
    };
    Ok(page(
        &user,
        "/audit",
        "Audit log",
        html! {
            form method="post" action="/audit/verify" { (csrf(&user)) button.primary type="submit" { "Verify the chain" } }
            form.filters method="get" action="/audit" {
                label { "About " select name="child" { option value="" { "everyone and everything" }
                    @for c in &children { option value=(c.id) selected[child.as_deref() == Some(c.id.as_str())] { (c.name) } } } }
                button type="submit" { "Show" }
            }
            p.muted { (log.len()) " entries, newest first" @if pager.pages > 1 { " · page " (pager.page) " of " (pager.pages) } }
            table.audit tabindex="0" {
                tr { th { "When" } th { "Who" } th { "What" } th { "Photo" } th { "Child" } }
                @for e in pager.of(log.iter().rev()) {
                    @let words = crate::audit::describe(&e.action);
                    tr {
                        td { (ui.when(&e.at)) }
                        td { (e.actor) }
                        td {
                            @if words.is_empty() { (e.action) } @else { (words) }
                            details.codes { summary { "Details" }
                                span.muted { "entry " (e.seq) " · " code { (e.action) }
                                    @if let Some(p) = &e.photo { " · photo " (short(p)) }
                                    @if let Some(c) = &e.child { " · child " (c) } }
                            }
                        }
                        td { @match &e.photo {
                            Some(p) => @match photos.get(p.as_str()) {
                                Some((name, PhotoState::Deleted)) => { (name) span.muted { " (deleted)" } },
                                Some((name, _)) => a href={ "/photos/" (p) } { (name) },
                                None => (file_of(p)),
                            },
                            None => "",
                        } }
                        td { @match &e.child {
                            Some(c) => a href={ "/children/" (c) } { (name_of(c)) },
                            None => "",
                        } }
                    }
                }
            }
            (pager.nav(link, "← Newer", "Older →"))
        },
    ))
}

pub async fn audit_verify(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form: _ }: Posted<NoFields, Manager>,
) -> Result<Response, AppError> {
    let st2 = st.clone();
    let v = blocking(move || Ok(st2.register()?.audit_verify()?)).await?;
    let body = match v.broken {
        None => html! { div.flash { "The audit chain is intact: " (v.entries) " entries." } },
        Some((seq, why)) => {
            html! { div.flash.held { strong { "The audit chain is BROKEN at entry " (seq) ": " } (why) } }
        }
    };
    Ok(page(&user, "/audit", "Audit log", html! { (body) p { a href="/audit" { "Back" } } }).into_response())
}

pub async fn incidents(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let (list, names) = blocking(move || {
        let reg = st2.register()?;
        let list = reg.incidents()?;
        let ids: Vec<&str> = list.iter().map(|i| i.photo.as_str()).collect();
        let names = reg.names_and_states(&ids)?;
        Ok((list, names))
    })
    .await?;
    let ui = &st.config.ui;
    Ok(page(
        &user,
        "/incidents",
        "Incidents",
        html! {
            @if list.is_empty() { p { "No concerns have been reported." } }
            table tabindex="0" {
                tr { th { "No." } th { "Photo" } th { "Opened" } th { "By" } th { "Concern" } th { "Outcome" } }
                @for i in &list {
                    tr { td { (i.id) } td { @match names.get(i.photo.as_str()) {
                            Some((name, state)) => (photo_link(&i.photo, name, *state)),
                            None => (short(&i.photo)),
                         } }
                         td { (ui.at(i.opened_at)) } td { (i.opened_by) } td { (i.reason) }
                         td { @if let Some(r) = &i.resolution { (r) } @else { span.warn { "open" } } } }
                }
            }
        },
    ))
}
