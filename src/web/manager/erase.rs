//! A child's erasure from their page: first what would happen, photo by
//! photo (by file name, with a thumbnail), then, with a note and a tick
//! that says it cannot be undone, the erasure itself, answered with its
//! receipt as a download (a zip of the text and web page receipts).

use super::*;
use crate::web::auth::Posted;
use crate::workflow::erase::{self, Step};

/// What erasing the child would do.
pub async fn plan(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let id = crate::web::practitioner::child_id(&id)?;
    let (st2, actor) = (st.clone(), user.name.clone());
    let (child, steps, names) = blocking(move || {
        let mut reg = st2.register()?;
        let child = reg.find_child(&id)?;
        let w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        let steps = erase::plan(&w, &child)?;
        let ids: Vec<&str> = steps.iter().map(Step::photo).collect();
        let names = w.reg.names_and_states(&ids)?;
        Ok((child, steps, names))
    })
    .await?;
    let name_of = |p: &str| names.get(p).map_or_else(|| short(p).to_string(), |(n, _)| n.clone());
    Ok(page(
        &user,
        "/register",
        &format!("Erase {}?", child.name),
        html! {
            p { "This cannot be undone. What happens to each photo of " (child.name) ":" }
            @if steps.is_empty() { p.muted { "No photo of " (child.name) " is held." } }
            ul.grid.confirm {
                @for s in &steps {
                    @let p = s.photo();
                    li.card {
                        @if names.get(p).is_some_and(|(_, st)| *st != PhotoState::Deleted) {
                            img.thumb src={ "/photo/" (p) "/thumb" } alt="";
                        }
                        p { strong { (name_of(p)) } br; (in_words(s, &child.name)) }
                    }
                }
            }
            p { "Copies already given out (exports, displays) become take-downs on the Disclosures page. "
                "The register keeps " (child.name) "'s id for the audit log, without the name, room, dates or parents." }
            form method="post" action={ "/children/" (child.id) "/erase" } {
                (csrf(&user))
                label { "Why (for the audit log and the receipt) " input type="text" name="note" required; }
                label.check { input type="checkbox" name="confirm" value="yes" required; "I understand this cannot be undone" }
                button.danger type="submit" { "Erase and download the receipt" }
                " "
                a.button href={ "/children/" (child.id) } { "Keep " (child.name) }
            }
        },
    ))
}

/// Erases the child and answers with the receipt, as a zip.
pub async fn erase(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user: Manager(user), form }: Posted<crate::web::form::Confirmed, Manager>,
) -> Result<Response, AppError> {
    let id = crate::web::practitioner::child_id(&id)?;
    let note = form.note.to_string();
    if note.is_empty() {
        return Err(AppError::BadInput("say why (a note): it goes into the audit log and the receipt".into()));
    }
    if !form.yes() {
        return Err(AppError::BadInput("tick \"I understand this cannot be undone\" to erase".into()));
    }
    let (st2, actor) = (st.clone(), user.name.clone());
    let today = st.today();
    let zip = blocking(move || {
        let identity = &st2.identity()?;
        let mut reg = st2.register()?;
        let child = reg.find_child(&id)?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, today, &actor);
        // The receipt is small: made whole in memory, then sent.
        let mut bytes = Vec::new();
        let mut receipt = workflow::sink::ZipOut::new(&mut bytes, &format!("web download by {actor}"));
        erase::erase(&mut w, &child, identity, &note, Some(&mut receipt))?;
        drop(receipt);
        Ok((child.id, bytes))
    })
    .await?;
    let (child, bytes) = zip;
    Ok(crate::web::download::zip_made(&format!("erasure-{child}-{today}.zip"), bytes))
}

fn in_words(step: &Step, name: &str) -> String {
    match step {
        Step::Delete { .. } => format!("{name} is the only child in it: it is deleted."),
        Step::Redact { .. } => format!("A group photo: {name} is blurred out of it; the others stay."),
        Step::DeleteUnlocated { why, .. } => format!("A group photo, but {why}: it is deleted."),
    }
}
