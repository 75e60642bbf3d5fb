//! Tagging a photo: who is in it (or nobody), what it is for, whose each
//! face is, which faces are not a child's. One function for every
//! front-end (the CLI's `tag`, the web form, the bulk form), so they cannot
//! drift apart. Names are bound to register ids here, once; the face
//! ledger is changed one face at a time, never a face both a child's and
//! not a child's, never a child with two faces.

use super::Ctx;
use crate::audit::Action;
use crate::faces::Face;
use crate::model::{ChildId, PhotoState};
use crate::policy::{Decision, FaceIs, Tagging};
use crate::register::{Change, PhotoRecord};
use std::collections::BTreeMap;

/// What a practitioner says about one photo. Children are named by id,
/// name or alias; each resolves to one child, once.
#[derive(Debug, Clone, Default)]
pub struct TagRequest {
    /// The children in the photo; empty keeps the tags it has (unless
    /// `nobody`, or `faces` or `regions` name children).
    pub children: Vec<String>,
    /// There are no children in this photo.
    pub nobody: bool,
    /// What the photo is for; empty keeps its purposes.
    pub purposes: Vec<String>,
    /// Face N (1-based) is this child: the child is tagged, and the face is
    /// theirs in the ledger.
    pub faces: Vec<(usize, String)>,
    /// A region drawn by hand for a child, `[x, y, w, h]` as fractions: the
    /// child is tagged; the one face found inside it, if there is one, is
    /// theirs (a region around no face leaves the child's face unlocated).
    pub regions: Vec<(String, [f64; 4])>,
    /// Faces that are not a child's face (a poster, an adult).
    pub not_faces: Vec<usize>,
    /// Why, for the audit log (with `not_faces`).
    pub note: Option<String>,
}

/// Why a tagging cannot be done as asked: the request is the practitioner's
/// to put right (bad input); nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum TagError {
    #[error("photo {0} was deleted: there is nothing to tag")]
    Deleted(String),
    #[error("choose children, or \"no children\", not both")]
    ChildrenAndNobody,
    #[error("say why a face is not a child's (a note: a poster, a visiting adult)")]
    NoReasonForNotAFace,
    #[error("`{0}` is given a second region: one child has one face (draw one box for each child)")]
    SecondRegion(String),
    #[error("no faces were looked for in this photo, so there is no face to say whose")]
    NoFacesLookedFor,
    #[error("there is no face {face} (this photo has {count}: see `photo faces`)")]
    NoSuchFace { face: usize, count: usize },
    #[error("face {0} cannot be both a child's and \"not a child's face\": choose one")]
    ChildAndNotAChild(usize),
    #[error("face {0} is given to two children: one face is one child")]
    TwoChildren(usize),
    #[error("one child is given two faces ({0} and {1}): one child has one face")]
    TwoFaces(usize, usize),
}

crate::error::kind_of!(BadInput: TagError);

/// A photo's face boxes in the ledger's order: from the register, or, for
/// faces counted before the ledger kept boxes, decrypted with `identity`
/// from the photo's encrypted face file. `None` when the face check did
/// not run on it.
pub fn face_boxes(
    layout: &crate::vault::Layout,
    photo: &PhotoRecord,
    identity: Option<&age::x25519::Identity>,
) -> crate::error::Result<Option<Vec<Face>>> {
    let Some(rows) = &photo.faces else { return Ok(None) };
    if rows.iter().all(|r| r.rect.is_some()) {
        return Ok(Some(rows.iter().filter_map(|r| r.rect).map(|rect| Face { rect, score: 1.0 }).collect()));
    }
    let path = layout.faces_path(&photo.id);
    match identity {
        Some(identity) if path.exists() => Ok(Some(serde_json::from_slice(&crate::vault::open(&path, identity)?)?)),
        _ => Ok(Some(Vec::new())),
    }
}

/// A request's faces and regions with every name bound to its child.
struct Bound<'a> {
    faces: Vec<(usize, ChildId)>,
    regions: Vec<(ChildId, [f64; 4])>,
    not_faces: &'a [usize],
    nobody: bool,
}

/// The ledger `req` makes of the photo's, with the children it tags; or
/// why the request cannot be (bad input, nothing changed).
fn new_ledger(photo: &PhotoRecord, req: &Bound<'_>, named: &[ChildId]) -> Result<Option<Vec<FaceIs>>, TagError> {
    let regions = &req.regions;
    let Some(rows) = &photo.faces else {
        if !req.faces.is_empty() || !req.not_faces.is_empty() {
            return Err(TagError::NoFacesLookedFor);
        }
        return Ok(None);
    };
    let count = rows.len();
    let exists = |n: usize| {
        if n == 0 || n > count {
            Err(TagError::NoSuchFace { face: n, count })
        } else {
            Ok(())
        }
    };
    // What this request says of each face it names: one thing each.
    let mut said: BTreeMap<usize, FaceIs> = BTreeMap::new();
    for &n in req.not_faces {
        exists(n)?;
        said.insert(n, FaceIs::NotAChild);
    }
    let mut faces_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (n, id) in &req.faces {
        exists(*n)?;
        match said.get(n) {
            Some(FaceIs::NotAChild) => return Err(TagError::ChildAndNotAChild(*n)),
            Some(FaceIs::Child(other)) if other != id => return Err(TagError::TwoChildren(*n)),
            _ => {}
        }
        if let Some(m) = faces_of.insert(id.as_str(), *n).filter(|m| m != n) {
            return Err(TagError::TwoFaces(m, *n));
        }
        said.insert(*n, FaceIs::Child(id.clone()));
    }
    let mut ledger: Vec<FaceIs> = rows.iter().map(|r| r.is.clone()).collect();
    // A child no longer tagged loses the face they had; "no children"
    // leaves no face a child's.
    if req.nobody || !named.is_empty() {
        for face in &mut ledger {
            if matches!(face, FaceIs::Child(c) if req.nobody || !named.contains(c)) {
                *face = FaceIs::Unassigned;
            }
        }
    }
    // A region drawn around one face gives that face to its child, unless
    // this request says otherwise of that face or that child.
    let boxes: Vec<[f64; 4]> = rows.iter().map(|r| r.rect.unwrap_or([0.0; 4])).collect();
    let rects: Vec<[f64; 4]> = regions.iter().map(|(_, r)| *r).collect();
    for (i, region) in crate::faces::regions::assign(&boxes, &rects).into_iter().enumerate() {
        let Some(r) = region else { continue };
        let (n, id) = (i + 1, &regions[r].0);
        if said.contains_key(&n) || faces_of.contains_key(id.as_str()) {
            continue;
        }
        faces_of.insert(id.as_str(), n);
        said.insert(n, FaceIs::Child(id.clone()));
    }
    for (n, is) in said {
        if matches!(is, FaceIs::Child(_)) {
            // The child's face moves here from wherever it was.
            for face in ledger.iter_mut().filter(|f| **f == is) {
                *face = FaceIs::Unassigned;
            }
        }
        ledger[n - 1] = is;
    }
    Ok(Some(ledger))
}

/// Tags `photo` as `req` says and decides it again through the one gate.
pub fn tag(ctx: &mut Ctx<'_>, photo: &PhotoRecord, req: &TagRequest) -> crate::error::Result<(PhotoState, Decision)> {
    if photo.state == PhotoState::Deleted {
        return Err(TagError::Deleted(super::short(&photo.id).to_string()).into());
    }
    if req.nobody && (!req.children.is_empty() || !req.faces.is_empty() || !req.regions.is_empty()) {
        return Err(TagError::ChildrenAndNobody.into());
    }
    for p in &req.purposes {
        crate::input::check_purpose_in(ctx.config, p)?;
    }
    let note = req.note.as_deref().unwrap_or_default();
    if !req.not_faces.is_empty() && note.trim().is_empty() {
        return Err(TagError::NoReasonForNotAFace.into());
    }
    // Every name bound to its child now, once.
    // A person typed these (the CLI) or chose them (the web): a first name
    // only one child has will do, as everywhere a person types a name.
    let resolve = |label: &str| -> crate::error::Result<ChildId> { Ok(ctx.reg.find_child_by_first_name(label)?.id) };
    let mut named: Vec<ChildId> = Vec::new();
    let add = |id: ChildId, named: &mut Vec<ChildId>| {
        if !named.contains(&id) {
            named.push(id);
        }
    };
    for label in &req.children {
        add(resolve(label)?, &mut named);
    }
    let mut faces = Vec::new();
    for (n, label) in &req.faces {
        let id = resolve(label)?;
        add(id.clone(), &mut named);
        faces.push((*n, id));
    }
    let mut regions: Vec<(ChildId, [f64; 4])> = Vec::new();
    for (label, rect) in &req.regions {
        let id = resolve(label)?;
        if regions.iter().any(|(c, _)| *c == id) {
            // Two boxes for one child (perhaps by two of their names): which
            // is their face is not for the product to guess.
            return Err(TagError::SecondRegion(label.clone()).into());
        }
        add(id.clone(), &mut named);
        regions.push((id, *rect));
    }
    let bound = Bound { faces, regions, not_faces: &req.not_faces, nobody: req.nobody };
    let ledger = new_ledger(photo, &bound, &named)?;

    let mut facts = photo.facts();
    let says_who = req.nobody || !named.is_empty();
    if req.nobody {
        facts.tagging = Tagging::Nobody;
    } else if !named.is_empty() {
        facts.tagging = Tagging::Children(named.clone());
    }
    if says_who {
        // A person's tags replace what the files said (the files' own
        // names are still checked against them: `tag_sources_disagree`).
        facts.unknown_tags.clear();
        facts.tagged_by_person = true;
    }
    facts.faces = ledger;
    if !req.purposes.is_empty() {
        facts.purposes = req.purposes.clone();
    }
    // The drawn regions of the children still tagged, and the new ones.
    let mut all_regions: Vec<(String, [f64; 4])> = photo
        .regions()
        .into_iter()
        .filter(|(who, _)| facts.children().iter().any(|c| c == who) && !bound.regions.iter().any(|(r, _)| r == who))
        .collect();
    all_regions.extend(bound.regions.iter().map(|(id, r)| (id.to_string(), *r)));
    let rules = ctx.config.rules();
    let change = Change::new(Action::Tag, ctx.actor);
    let change = if note.is_empty() { change } else { change.note(note) };
    let decision = crate::policy::decide(&facts, &ctx.reg.snapshot()?, &rules, ctx.today);
    let decided = crate::ingest::carry_out(
        ctx.reg,
        &ctx.layout,
        &rules,
        ctx.today,
        photo,
        &facts,
        decision,
        &all_regions,
        change,
    )?;
    // A child untagged from a photo loses a picture cut from it.
    super::picture::sweep(ctx, Some(&photo.id), "the photo it was cut from was tagged again")?;
    Ok(decided)
}

/// How long a practitioner may take back their own save.
pub const UNDO_MINUTES: i64 = 30;

/// Why a save cannot be taken back.
#[derive(Debug, thiserror::Error)]
pub enum UndoError {
    #[error("{0} has not been saved by you in the last {UNDO_MINUTES} minutes, or something has happened to it since: ask the manager to tag it again")]
    NotYourLastSave(String),
    #[error("the tagging time of {0} has run out: ask the manager to tag it again from the quarantine")]
    TimeRunOut(String),
}

crate::error::kind_of!(Refused: UndoError);

/// The instant from which a save may still be taken back.
pub fn undo_since(now: chrono::DateTime<chrono::Utc>) -> String {
    (now - chrono::Duration::minutes(UNDO_MINUTES)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Whether `actor` may take back their save of `photo`: the newest thing
/// that happened to it is their own tag, less than [`UNDO_MINUTES`] ago
/// (a release, an export, a register change since, and it is not theirs to
/// take back any more).
pub fn may_undo(
    reg: &crate::register::Register,
    photo: &PhotoRecord,
    actor: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::error::Result<bool> {
    if photo.state == PhotoState::Deleted || photo.state == PhotoState::AwaitingTags {
        return Ok(false);
    }
    let since = undo_since(now);
    Ok(reg
        .last_entry_about(&photo.id)?
        .is_some_and(|e| e.action == Action::Tag.code() && e.actor == actor && e.at >= since))
}

/// Takes back `ctx.actor`'s own save of `photo`: it waits in the tagging
/// queue again, its tags kept as a starting point but no longer counting,
/// with the tagging time it had (an undo does not restart it). Decided
/// through the one gate like every other move.
pub fn undo(ctx: &mut Ctx<'_>, photo: &PhotoRecord) -> crate::error::Result<PhotoState> {
    let name = photo.source_name.clone();
    if !may_undo(ctx.reg, photo, ctx.actor, crate::clock::now())? {
        return Err(UndoError::NotYourLastSave(name).into());
    }
    let mut facts = photo.facts();
    facts.tagging = Tagging::Untagged;
    let decision = crate::policy::decide(&facts, &ctx.reg.snapshot()?, &ctx.config.rules(), ctx.today);
    if decision.verdict != crate::policy::Verdict::AwaitTags {
        return Err(UndoError::TimeRunOut(name).into());
    }
    let (to, _) = ctx.carry_out(photo, &facts, decision, Change::new(Action::TagUndo, ctx.actor))?;
    super::picture::sweep(ctx, Some(&photo.id), "the photo it was cut from was sent back to be tagged")?;
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::FaceRow;

    fn photo_with(faces: &[FaceIs], rects: &[[f64; 4]]) -> PhotoRecord {
        let rows = faces
            .iter()
            .zip(rects)
            .map(|(is, r)| FaceRow { rect: Some(*r), is: is.clone(), by: None, at: None, note: None })
            .collect();
        let mut p = crate::register::tests_support::photo("p1");
        p.faces = Some(rows);
        p
    }

    const A: [f64; 4] = [0.1, 0.1, 0.1, 0.15];
    const B: [f64; 4] = [0.6, 0.2, 0.1, 0.15];

    /// A request's faces (face, child) and regions, bound.
    fn req(faces: &[(usize, &str)], regions: &[(&str, [f64; 4])]) -> Bound<'static> {
        Bound {
            faces: faces.iter().map(|(n, c)| (*n, (*c).into())).collect(),
            regions: regions.iter().map(|(c, r)| ((*c).into(), *r)).collect(),
            not_faces: &[],
            nobody: false,
        }
    }

    #[test]
    fn a_face_cannot_be_both_a_child_and_not_a_child() {
        let p = photo_with(&[FaceIs::Unassigned, FaceIs::Unassigned], &[A, B]);
        let r = Bound { not_faces: &[1], ..req(&[(1, "C001")], &[]) };
        let e = new_ledger(&p, &r, &["C001".into()]).unwrap_err();
        assert!(matches!(e, TagError::ChildAndNotAChild(1)), "{e}");
        assert!(e.to_string().contains("both"), "{e}");
    }

    #[test]
    fn a_child_cannot_have_two_faces_nor_a_face_two_children() {
        let p = photo_with(&[FaceIs::Unassigned, FaceIs::Unassigned], &[A, B]);
        let r = req(&[(1, "C001"), (2, "C001")], &[]);
        assert!(matches!(new_ledger(&p, &r, &["C001".into()]), Err(TagError::TwoFaces(1, 2))));
        let r = req(&[(1, "C001"), (1, "C002")], &[]);
        assert!(matches!(new_ledger(&p, &r, &["C001".into(), "C002".into()]), Err(TagError::TwoChildren(1))));
    }

    #[test]
    fn a_face_that_is_not_there_is_named() {
        let p = photo_with(&[FaceIs::Unassigned], &[A]);
        let r = Bound { not_faces: &[3], ..req(&[], &[]) };
        let e = new_ledger(&p, &r, &[]).unwrap_err();
        assert!(matches!(e, TagError::NoSuchFace { face: 3, count: 1 }), "{e}");
        assert_eq!(e.to_string(), "there is no face 3 (this photo has 1: see `photo faces`)");
    }

    #[test]
    fn a_region_that_misses_every_face_leaves_the_child_unlocated() {
        let p = photo_with(&[FaceIs::Unassigned, FaceIs::Unassigned], &[A, B]);
        let corner = req(&[], &[("C002", [0.9, 0.9, 0.05, 0.05])]);
        let l = new_ledger(&p, &corner, &["C002".into()]).unwrap().unwrap();
        assert_eq!(l, vec![FaceIs::Unassigned, FaceIs::Unassigned]);
        let around = req(&[], &[("C002", [0.55, 0.15, 0.2, 0.25])]);
        let l = new_ledger(&p, &around, &["C002".into()]).unwrap().unwrap();
        assert_eq!(l, vec![FaceIs::Unassigned, FaceIs::Child("C002".into())]);
    }

    #[test]
    fn a_child_no_longer_tagged_loses_their_face_and_a_face_moves_with_its_child() {
        let p = photo_with(&[FaceIs::Child("C001".into()), FaceIs::Child("C002".into())], &[A, B]);
        let l = new_ledger(&p, &req(&[], &[]), &["C002".into()]).unwrap().unwrap();
        assert_eq!(l, vec![FaceIs::Unassigned, FaceIs::Child("C002".into())]);
        let r = req(&[(1, "C002")], &[]);
        let l = new_ledger(&p, &r, &["C001".into(), "C002".into()]).unwrap().unwrap();
        assert_eq!(l, vec![FaceIs::Child("C002".into()), FaceIs::Unassigned]);
        let l = new_ledger(&p, &Bound { nobody: true, ..req(&[], &[]) }, &[]).unwrap().unwrap();
        assert_eq!(l, vec![FaceIs::Unassigned, FaceIs::Unassigned]);
    }
}
