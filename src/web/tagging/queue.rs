//! The tagging queue: counts, filters, oldest first, deadlines, and
//! bulk tagging (each photo decided on its own).

use super::*;

// ---------------------------------------------------------------- the queue

/// What the bulk form sent, kept when it comes back with a problem.
#[derive(Debug, Clone, Default)]
struct BulkChoices {
    photos: Vec<String>,
    children: Vec<String>,
    purposes: Vec<String>,
}

pub async fn queue(
    State(st): State<Arc<AppState>>,
    user: User,
    Query(filter): Query<Filter>,
) -> Result<Response, AppError> {
    let (st2, u2) = (st.clone(), user.clone());
    let (ctx, saves) = blocking(move || Ok((Context::load(&st2)?, undo::recent_saves(&st2, &u2)?))).await?;
    let notice = st.sessions().take_notice(&user.token);
    let recent = undo::recent_list(&user, &ctx, &saves);
    Ok(queue_page(&st, &user, &ctx, &filter, notice, &BulkChoices::default(), None, recent).into_response())
}

#[allow(clippy::too_many_arguments)]
fn queue_page(
    st: &AppState,
    user: &User,
    ctx: &Context,
    f: &Filter,
    notice: Option<String>,
    bulk: &BulkChoices,
    problem: Option<Problem>,
    recent: Markup,
) -> Markup {
    let today = st.today();
    let rules = st.config.rules();
    let shown = ctx.queue(f);
    let soon = shown.iter().filter(|p| days_left(p, &rules, today).is_some_and(|n| n <= DEADLINE_WARNING_DAYS)).count();
    let mut rooms: Vec<&String> = ctx.children.iter().filter_map(|c| c.room.as_ref()).collect();
    rooms.sort();
    rooms.dedup();
    let mut device_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut day_counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in &ctx.waiting {
        *device_counts.entry(p.device.as_deref().unwrap_or("")).or_default() += 1;
        *day_counts.entry(day_of(p)).or_default() += 1;
    }
    let q = f.query();
    page(
        user,
        "/tag",
        "Photos to tag",
        html! {
            (notice_box(notice))
            @if st.is_locked() {
                p.bad role="status" { "consentgate restarted and is locked: photos keep coming in, but cannot be shown until a manager "
                    a href="/unlock" { "unlocks it" } "." }
            }
            p { a.button href="/upload" { "Upload photos from this iPad" } }
            p.counts {
                strong { (shown.len()) } " waiting"
                @if shown.len() != ctx.waiting.len() { " here (" (ctx.waiting.len()) " in all)" }
                @if soon > 0 { " · " span.warn { strong { (soon) } " near the tagging deadline" } }
                " · oldest first"
            }
            form.filters method="get" action="/tag" {
                label { "Room " select name="room" {
                    option value="" { "All rooms" }
                    @for r in &rooms { option value=(r) selected[f.room == **r] { (r) } }
                } }
                label { "Device " select name="device" {
                    option value="" { "All devices" }
                    @for (d, n) in &device_counts {
                        @if !d.is_empty() {
                            option value=(d) selected[f.device == *d] { (ctx.devices.get(*d).map(String::as_str).unwrap_or(d)) " (" (n) ")" }
                        }
                    }
                } }
                label { "Day " select name="day" {
                    option value="" { "Every day" }
                    @for (d, n) in &day_counts {
                        // The value stays the ISO day (the filter's); people read the setting's date.
                        @let shown = d.parse::<chrono::NaiveDate>().map_or_else(|_| "no date".to_string(), |day| st.config.ui.date(day));
                        option value=(d) selected[f.day == *d] { (shown) " (" (n) ")" }
                    }
                } }
                button type="submit" { "Show" }
            }
            (recent)
            @if shown.is_empty() {
                p { "Nothing to tag here: every photo has its children." }
            } @else {
                p { a.button.primary href={ "/tag/" (shown[0].id) (q) } { "Start tagging (oldest first)" } }
                (problem_at(&problem, "photos"))
                ul.grid.queue aria-label="Photos waiting for tags" {
                    @for p in &shown {
                        @let what = format!("Photo from {}, {}", when(p), ctx.device_label(p));
                        li.card {
                            a.open href={ "/tag/" (p.id) (q) } aria-label={ "Tag: " (what) } {
                                @if p.stored.media.thumbnail {
                                    img.thumb src={ "/photo/" (p.id) "/thumb" } alt="" loading="lazy";
                                } @else {
                                    span.muted { "No preview for this " (p.format) " file." }
                                }
                            }
                            p { (when(p)) " · " (ctx.device_label(p)) }
                            @if p.faces.as_ref().is_some_and(|f| !f.is_empty()) {
                                p.muted { (p.faces.as_ref().map_or(0, Vec::len)) " face(s) found" }
                            }
                            (deadline_note(days_left(p, &rules, today)))
                            label.check {
                                input type="checkbox" name="photo" value=(p.id) form="bulk" checked[bulk.photos.iter().any(|x| p.id == *x)];
                                "Select for bulk tagging"
                            }
                        }
                    }
                }
                form.card #bulk method="post" action="/tag/bulk" {
                    (csrf(user))
                    (f.hidden())
                    h2 { "Tag the selected photos at once" }
                    p.muted { "The same children or purposes for every selected photo (a session in the garden), or \"no children\". Each photo is still checked on its own; faces found still need saying whose they are." }
                    fieldset {
                        legend { "Children in every selected photo" }
                        (problem_at(&problem, "children"))
                        (child_buttons(ctx, &f.room, &bulk.children, "bulk-"))
                    }
                    fieldset {
                        legend { "What they are for (leave all unticked to keep each photo's)" }
                        (purpose_boxes(st, &bulk.purposes))
                    }
                    div.savebar {
                        button.primary type="submit" name="action" value="children" { "Tag the selected photos" }
                        button type="submit" name="action" value="nobody" { "No children in the selected photos" }
                    }
                }
            }
        },
    )
}

pub async fn bulk(
    State(st): State<Arc<AppState>>,
    Posted { user, form }: Posted<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = Filter::from_form(&form);
    let all = |key: &str| form.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let choices = BulkChoices { photos: all("photo"), children: all("child"), purposes: all("purpose") };
    let nobody = field(&form, "action") == "nobody";
    let problem = if choices.photos.is_empty() {
        Some(Problem::at("photos", "Tick the photos to tag first (\"Select for bulk tagging\" on each)."))
    } else if nobody && !choices.children.is_empty() {
        Some(Problem::at("children", "You chose children and \"no children\": untick the children, or tag them."))
    } else if !nobody && choices.children.is_empty() && choices.purposes.is_empty() {
        Some(Problem::at("children", "Choose the children who are in every selected photo."))
    } else {
        None
    };
    let mut ids = Vec::new();
    for p in &choices.photos {
        ids.push(photo_id(p)?);
    }
    let st2 = st.clone();
    if let Some(problem) = problem {
        let ctx = blocking(move || Context::load(&st2)).await?;
        let page = queue_page(&st, &user, &ctx, &f, None, &choices, Some(problem), html! {});
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    }
    let actor = user.name.clone();
    let viewer = user.clone();
    let req = TagRequest {
        children: choices.children.clone(),
        nobody,
        purposes: choices.purposes.clone(),
        ..TagRequest::default()
    };
    // Each photo on its own: one photo's refusal does not stop the others.
    let (ctx, results) = blocking(move || {
        let before = Context::load(&st2)?;
        let mut results = Vec::new();
        for id in &ids {
            let mut reg = st2.register()?;
            let photo = match reg.photo(id)? {
                Some(p) if may_see(&viewer, &p) && p.state == PhotoState::AwaitingTags => p,
                _ => {
                    results.push((id.clone(), None, Err("it is no longer waiting for tags".to_string())));
                    continue;
                }
            };
            let what = before.describe(&photo);
            let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
            let r = match crate::workflow::tag::tag(&mut w, &photo, &req) {
                Ok((state, decision)) => Ok((state, decision.reasons)),
                Err(e) => Err(e.for_a_person()?),
            };
            results.push((id.clone(), Some(what), r));
        }
        Ok((before, results))
    })
    .await?;
    let names = ctx.names();
    let count = |s: PhotoState| results.iter().filter(|(_, _, r)| matches!(r, Ok((x, _)) if *x == s)).count();
    let (stored, held, waiting) =
        (count(PhotoState::Stored), count(PhotoState::Quarantined), count(PhotoState::AwaitingTags));
    let refused = results.iter().filter(|(_, _, r)| r.is_err()).count();
    let summary = html! {
        strong { "Bulk tagging of " (results.len()) " photo(s): " }
        (stored) " stored, " (held) " held for the manager, " (waiting) " still waiting"
        @if refused > 0 { ", " (refused) " not tagged" }
        "."
        ul.outcomes {
            @for (_, what, r) in &results {
                @let what = what.clone().unwrap_or_else(|| "a photo".into());
                li {
                    @match r {
                        Ok((state, reasons)) => (outcome_line(&what, *state, reasons, &names)),
                        Err(msg) => { strong { "Not tagged" } ": " (what) ": " (msg) },
                    }
                }
            }
        }
    };
    st.sessions().set_notice(&user.token, summary.into_string());
    Ok(Redirect::to(&format!("/tag{}", f.query())).into_response())
}
