//! The tagging page: the photo at the size of the screen, numbered face
//! boxes, the children and "Save and next".

use super::*;

// ---------------------------------------------------------- the tagging page

/// The choices on the tagging form, as sent or as the photo has them.
#[derive(Debug, Clone, Default)]
struct Choices {
    children: Vec<String>,
    nobody: bool,
    purposes: Vec<String>,
    /// Face box N is this child.
    faces: BTreeMap<usize, String>,
    not_faces: Vec<usize>,
    /// A region typed or drawn, by child id, as sent.
    regions: BTreeMap<String, String>,
}

impl Choices {
    /// What the photo already has: its tags, purposes, whose each face is.
    fn of(photo: &PhotoRecord, default_purposes: &[String]) -> Choices {
        let mut c = Choices {
            children: photo.child_ids().into_iter().map(String::from).collect(),
            nobody: photo.nobody,
            purposes: if photo.purposes.is_empty() { default_purposes.to_vec() } else { photo.purposes.clone() },
            ..Choices::default()
        };
        for (i, row) in photo.faces.iter().flatten().enumerate() {
            match &row.is {
                crate::policy::FaceIs::Child(child) => {
                    c.faces.insert(i + 1, child.to_string());
                }
                crate::policy::FaceIs::NotAChild => c.not_faces.push(i + 1),
                crate::policy::FaceIs::Unassigned => {}
            }
        }
        for t in &photo.tags {
            let (Some(child), Some(r)) = (&t.child_id, t.region) else { continue };
            if photo.face_of(child).is_none() {
                c.regions.insert(child.to_string(), format!("{:.4},{:.4},{:.4},{:.4}", r[0], r[1], r[2], r[3]));
            }
        }
        c
    }

    fn from_form(form: &[(String, String)]) -> Choices {
        let mut c = Choices { nobody: form.iter().any(|(k, v)| k == "nobody" && v == "yes"), ..Choices::default() };
        for (k, v) in form {
            let v = v.trim();
            match k.as_str() {
                "child" => c.children.push(v.to_string()),
                "purpose" => c.purposes.push(v.to_string()),
                _ => {
                    if let Some(n) = k.strip_prefix("face_").and_then(|n| n.parse::<usize>().ok()) {
                        if !v.is_empty() {
                            c.faces.insert(n, v.to_string());
                        }
                    } else if let Some(n) = k.strip_prefix("not_face_").and_then(|n| n.parse::<usize>().ok()) {
                        if v == "yes" {
                            c.not_faces.push(n);
                        }
                    } else if let Some(child) = k.strip_prefix("region_") {
                        if !v.is_empty() {
                            c.regions.insert(child.to_string(), v.to_string());
                        }
                    }
                }
            }
        }
        c
    }
}

pub async fn tag_page(
    State(st): State<Arc<AppState>>,
    user: User,
    Path(id): Path<String>,
    Query(filter): Query<Filter>,
) -> Result<Response, AppError> {
    let photo = load_visible(&st, &user, &id).await?;
    let st2 = st.clone();
    let p2 = photo.clone();
    let (ctx, boxes) = blocking(move || Ok((Context::load(&st2)?, face_boxes(&st2, &p2)?))).await?;
    let choices = Choices::of(&photo, &st.config.purposes.default);
    let notice = st.sessions().take_notice(&user.token);
    Ok(tag_view(&st, &user, &ctx, &photo, &boxes, &choices, &filter, notice, None).into_response())
}

#[allow(clippy::too_many_arguments)]
fn tag_view(
    st: &AppState,
    user: &User,
    ctx: &Context,
    photo: &PhotoRecord,
    boxes: &[Face],
    chosen: &Choices,
    f: &Filter,
    notice: Option<String>,
    problem: Option<Problem>,
) -> Markup {
    let q = f.query();
    let queue = ctx.queue(f);
    let place = queue.iter().position(|p| p.id == photo.id).map(|i| i + 1);
    let next = ctx.next_after(&photo.id, f);
    let today = st.today();
    page(
        user,
        "/tag",
        "Who is in this photo?",
        html! {
            (notice_box(notice))
            @if let Some(p) = &problem {
                div.flash.held role="alert" { p.flat {
                    @if p.saved { strong { "Saved, but the photo still waits." } } @else { strong { "Not saved yet." } }
                    " Your choices are kept; what to do is next to the field, in red: "
                    a href={ "#error-" (p.field) } { "go to it" } "."
                } }
            }
            p.counts {
                @if let Some(n) = place { "Photo " (n) " of " (queue.len()) " · " }
                (when(photo)) " · " (ctx.device_label(photo))
                @if photo.state == PhotoState::AwaitingTags { " · " a href={ "/tag" (q) } { "Back to the queue" } }
            }
            @if photo.state == PhotoState::AwaitingTags {
                (deadline_note(days_left(photo, &st.config.rules(), today)))
            } @else {
                p.flash.held role="note" {
                    "This photo is " (photo.state.in_words()) ". Saving tags it again: it is checked again against the register at once, and stored, held or sent back to the tagging queue as the consents say. "
                    a href=(back_to(&f.back).0) { "Back without saving" }
                }
            }
            div.tagging {
                figure.stage {
                    div.viewport {
                        div.frame {
                            @if photo.stored.media.thumbnail {
                                img.photo src={ "/photo/" (photo.id) "/view" } alt={ "The photo to tag, taken " (when(photo)) };
                            } @else {
                                p.muted { "No preview for this " (photo.format) " file." }
                            }
                            @for (i, b) in boxes.iter().enumerate() {
                                @let n = i + 1;
                                button.facebox type="button" hidden data-n=(n)
                                    data-rect=(format!("{:.4},{:.4},{:.4},{:.4}", b.rect[0], b.rect[1], b.rect[2], b.rect[3]))
                                    aria-pressed="false" aria-label={ "Face " (n) } {
                                    span.n { (n) }
                                }
                            }
                        }
                    }
                    figcaption {
                        button.zoom type="button" hidden aria-pressed="false" aria-keyshortcuts="z" { "Zoom in" }
                        @if !boxes.is_empty() {
                            span.muted { " Tap a numbered face, then the child. " }
                        }
                    }
                }
                div.panel {
                    form.card #tagform method="post" action={ "/tag/" (photo.id) } {
                        (csrf(user))
                        (f.hidden())
                        @if photo.state != PhotoState::AwaitingTags {
                            input type="hidden" name="back" value=(back_to(&f.back).0);
                        }
                        fieldset.whom {
                            legend { "Children in the photo" }
                            (problem_at(&problem, "children"))
                            (child_buttons(ctx, &f.room, &chosen.children, ""))
                            label.check {
                                input type="checkbox" name="nobody" value="yes" checked[chosen.nobody];
                                "No children in this photo (artwork, the room)"
                            }
                        }
                        @if !boxes.is_empty() {
                            fieldset.faces {
                                legend { "Faces found: " (boxes.len()) " (the numbers on the photo)" }
                                (problem_at(&problem, "faces"))
                                @for (i, _) in boxes.iter().enumerate() {
                                    @let n = i + 1;
                                    div.facerow {
                                        label for={ "face_" (n) } { "Face " (n) " is" }
                                        select id={ "face_" (n) } name={ "face_" (n) } data-n=(n) {
                                            option value="" { "— not chosen —" }
                                            @for c in &ctx.children {
                                                option value=(c.id) selected[chosen.faces.get(&n).is_some_and(|f| c.id == *f)] { (c.name) }
                                            }
                                        }
                                        label.check {
                                            input type="checkbox" name={ "not_face_" (n) } value="yes" data-n=(n) checked[chosen.not_faces.contains(&n)];
                                            "not a child's face"
                                        }
                                    }
                                }
                            }
                        }
                        fieldset {
                            legend { "What is it for?" }
                            (purpose_boxes(st, &chosen.purposes))
                        }
                        details.regions-box {
                            summary { "Mark where a child is by hand (for blurring if a consent is missing)" }
                            p.muted { "Choose a child, then drag a box on the photo; or type x,y,w,h as fractions of the photo." }
                            (problem_at(&problem, "regions"))
                            div.regions {
                                @for c in &ctx.children {
                                    div.regionrow {
                                        label.check {
                                            input type="radio" name="draw_for" value=(c.id);
                                            "Draw for " (c.name)
                                        }
                                        label {
                                            span.sr-only { "Region of " (c.name) }
                                            input.region type="text" name={ "region_" (c.id) } data-child=(c.name) placeholder="x,y,w,h"
                                                value=[chosen.regions.get(c.id.as_str())];
                                        }
                                    }
                                }
                            }
                        }
                        (problem_at(&problem, "save"))
                        div.savebar {
                            button.primary type="submit" name="action" value="next" aria-keyshortcuts="s" { "Save and next" }
                            @let nobody = if boxes.is_empty() { "No children in this photo" } else { "None of these are children" };
                            // The short words on a phone's width.
                            button type="submit" name="action" value="nobody" aria-keyshortcuts="n" {
                                span.long { (nobody) } span.short { "No children" }
                            }
                            @if let Some(n) = next.as_ref().filter(|_| photo.state == PhotoState::AwaitingTags) {
                                a.button href={ "/tag/" (n) (q) } { "Skip" }
                            }
                        }
                        p.muted.keys { "Keys: 1–9 a face, S save and next, N no children, Z zoom." }
                    }
                    form.card method="post" action={ "/report/" (photo.id) } {
                        (csrf(user))
                        h2 { "Report a concern" }
                        p { label { "What is wrong with this photo? " input type="text" name="reason" required; } }
                        button.danger type="submit" { "Report" }
                    }
                }
            }
        },
    )
}

pub async fn tag(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user, form }: Posted<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let photo = load_visible(&st, &user, &id).await?;
    let f = Filter::from_form(&form);
    let mut chosen = Choices::from_form(&form);
    let st2 = st.clone();
    let p2 = photo.clone();
    let (ctx, boxes) = blocking(move || Ok((Context::load(&st2)?, face_boxes(&st2, &p2)?))).await?;
    if field(&form, "action") == "nobody" {
        // "None of these are children": no children, every face dismissed.
        chosen.children.clear();
        chosen.faces.clear();
        chosen.nobody = true;
        chosen.not_faces = (1..=boxes.len()).collect();
    }
    // Children chosen for a face count as chosen.
    for c in chosen.faces.values() {
        if !chosen.children.contains(c) {
            chosen.children.push(c.clone());
        }
    }
    let back = |problem: Problem| {
        let page = tag_view(&st, &user, &ctx, &photo, &boxes, &chosen, &f, None, Some(problem));
        Ok((StatusCode::BAD_REQUEST, page).into_response())
    };
    if !chosen.nobody && chosen.children.is_empty() {
        return back(Problem::at("children", "Choose the children in this photo, or say there are no children."));
    }
    if chosen.nobody && !chosen.children.is_empty() {
        return back(Problem::at("children", "You chose children and also \"no children\": untick one of them."));
    }
    let mut regions = Vec::new();
    for (child, text) in &chosen.regions {
        // A region for a child who is not chosen is left out, as before.
        if chosen.children.contains(child) {
            match crate::input::parse_region(text) {
                Ok(r) => regions.push((child.clone(), r)),
                Err(e) => return back(Problem::at("regions", e.to_string())),
            }
        }
    }
    let not_faces = chosen.not_faces.clone();
    let req = TagRequest {
        children: chosen.children.clone(),
        nobody: chosen.nobody,
        purposes: chosen.purposes.clone(),
        faces: chosen.faces.iter().map(|(n, c)| (*n, c.clone())).collect(),
        regions,
        note: (!not_faces.is_empty()).then(|| "confirmed on the tagging screen".to_string()),
        not_faces,
    };
    let st2 = st.clone();
    let actor = user.name.clone();
    let p2 = photo.clone();
    let decided = blocking(move || {
        let mut reg = st2.register()?;
        let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        match crate::workflow::tag::tag(&mut w, &p2, &req) {
            Ok((state, decision)) => Ok(Ok((state, decision.reasons))),
            Err(e) => e.for_a_person().map(Err),
        }
    })
    .await?;
    let (state, reasons) = match decided {
        Ok(d) => d,
        Err(msg) => return back(Problem::at("save", msg)),
    };
    let names = ctx.names();
    if state == PhotoState::AwaitingTags {
        // Saved, but the photo still waits: the same page, the choices as
        // saved, what is missing next to the faces.
        let st2 = st.clone();
        let pid = photo.id.clone();
        let fresh = blocking(move || Ok(st2.register()?.photo(&pid)?)).await?;
        let fresh = fresh.unwrap_or(photo);
        let text = format!(
            "Saved, but it still waits: {}. Say whose each face is, or tick \"not a child's face\".",
            reasons.iter().map(|r| plain_named(r, &names)).collect::<Vec<_>>().join("; ")
        );
        let field = if boxes.is_empty() { "children" } else { "faces" };
        let page =
            tag_view(&st, &user, &ctx, &fresh, &boxes, &chosen, &f, None, Some(Problem { field, text, saved: true }));
        return Ok(page.into_response());
    }
    let what = ctx.describe(&photo);
    let line = outcome_line(&what, state, &reasons, &names);
    if photo.state != PhotoState::AwaitingTags {
        // Tagged again by a manager from the quarantine, the gallery or a
        // child's page: the outcome, and the way back there.
        let back = back_to(field(&form, "back"));
        return Ok(page(
            &user,
            "/tag",
            "Tagged again",
            html! {
                div.flash.notice role="status" { (line) }
                p { a.button href=(back.0) { (back.1) } }
            },
        )
        .into_response());
    }
    let line = html! { (line) " " (undo::undo_button(&user, &photo.id, &what)) };
    st.sessions().set_notice(&user.token, line.into_string());
    let to = match ctx.next_after(&photo.id, &f) {
        Some(next) => format!("/tag/{next}{}", f.query()),
        None => format!("/tag{}", f.query()),
    };
    Ok(Redirect::to(&to).into_response())
}

/// Where "back" may lead after tagging a photo again, and its words: only
/// the manager's own pages (a path, never another site).
pub(super) fn back_to(back: &str) -> (String, &'static str) {
    let path = back.split(['?', '#']).next().unwrap_or_default();
    let safe = back.starts_with('/')
        && !back.starts_with("//")
        && back.chars().all(|c| c.is_ascii_alphanumeric() || "/?#=&-_.%".contains(c));
    if safe && path == "/quarantine" {
        (back.to_string(), "Back to the quarantine")
    } else if safe && path == "/gallery" {
        (back.to_string(), "Back to the gallery")
    } else if safe && path.starts_with("/children/") {
        (back.to_string(), "Back to the child's page")
    } else if safe && path.starts_with("/photos/") {
        (back.to_string(), "Back to the photo")
    } else {
        ("/tag".to_string(), "Back to the tagging queue")
    }
}
