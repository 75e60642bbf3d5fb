//! What the manager reads: the retention plan, the audit log, incidents.

use super::*;

pub async fn retention(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let actor = user.name.clone();
    let plan = blocking(move || {
        let mut reg = st2.register()?;
        let w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        workflow::retention_plan(&w)
    })
    .await?;
    Ok(page(
        &user,
        "/retention",
        "Retention plan",
        html! {
            p.muted { "What `consentgate retention run` (daily in the service) would delete today. Nothing is deleted from this page." }
            @if plan.is_empty() { p.ok { "Nothing is due for deletion." } }
            table {
                tr { th { "Photo" } th { "Rule" } th { "Due" } }
                @for d in &plan {
                    tr { td { (short(&d.photo)) } td { (d.rule.code()) @if let crate::retention::Rule::AfterLeaving { child } = &d.rule { " (" (child) ")" } } td { (d.due) } }
                }
            }
        },
    ))
}

pub async fn audit(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let log = blocking(move || Ok(st2.register()?.audit_list(&crate::audit::Filter::default())?)).await?;
    Ok(page(
        &user,
        "/audit",
        "Audit log",
        html! {
            form method="post" action="/audit/verify" { (csrf(&user)) button.primary type="submit" { "Verify the chain" } }
            table {
                tr { th { "#" } th { "When" } th { "Who" } th { "What" } th { "Photo" } th { "Child" } }
                @for e in log.iter().rev().take(300) {
                    tr { td { (e.seq) } td { (e.at) } td { (e.actor) } td { (e.action) }
                         td { (e.photo.as_deref().map(short).unwrap_or("-")) } td { (e.child.as_deref().unwrap_or("-")) } }
                }
            }
        },
    ))
}

pub async fn audit_verify(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
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
    let list = blocking(move || Ok(st2.register()?.incidents()?)).await?;
    Ok(page(
        &user,
        "/incidents",
        "Incidents",
        html! {
            @if list.is_empty() { p { "No concerns have been reported." } }
            table {
                tr { th { "#" } th { "Photo" } th { "Opened" } th { "By" } th { "Concern" } th { "Outcome" } }
                @for i in &list {
                    tr { td { (i.id) } td { (short(&i.photo)) } td { (i.opened_at) } td { (i.opened_by) } td { (i.reason) }
                         td { @if let Some(r) = &i.resolution { (r) } @else { span.warn { "open" } } } }
                }
            }
        },
    ))
}
