//! Tagging a photo: who is in it (or nobody), what it is for, which face
//! box is which child, which boxes are not faces. One function for every
//! front-end (the CLI's `tag`, the web form, sidecars' late tags go through
//! `redecide` the same way), so they cannot drift apart.

use super::Ctx;
use crate::error::BadInput;
use crate::faces::Face;
use crate::ingest::redecide;
use crate::model::PhotoState;
use crate::policy::{Decision, Tagging};
use crate::register::{Change, PhotoRecord};

/// What a practitioner says about one photo. Children are named by id,
/// name or alias; each resolves to one child, once.
#[derive(Debug, Clone, Default)]
pub struct TagRequest {
    /// The children in the photo; empty keeps the tags it has (unless
    /// `nobody`, or `faces` name children).
    pub children: Vec<String>,
    /// There are no children in this photo.
    pub nobody: bool,
    /// What the photo is for; empty keeps its purposes.
    pub purposes: Vec<String>,
    /// Face box N (1-based) is this child: the child is tagged and the box
    /// becomes its region.
    pub faces: Vec<(usize, String)>,
    /// A region drawn by hand for a child, `[x, y, w, h]` as fractions.
    pub regions: Vec<(String, [f64; 4])>,
    /// Face boxes that are not a child's face (a poster, an adult).
    pub not_faces: Vec<usize>,
    /// Why, for the audit log (with `not_faces`).
    pub note: Option<String>,
}

/// A photo's face boxes, decrypted with `identity`; `None` when the face
/// check did not run on it.
pub fn face_boxes(
    layout: &crate::vault::Layout,
    id: &str,
    identity: &age::x25519::Identity,
) -> anyhow::Result<Option<Vec<Face>>> {
    let path = layout.faces_path(id);
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(serde_json::from_slice(&crate::vault::open(&path, identity)?)?))
}

/// Tags `photo` as `req` says and decides it again; `boxes` are its face
/// boxes (empty when the check did not run or they were not read).
pub fn tag(
    ctx: &mut Ctx<'_>,
    photo: &PhotoRecord,
    req: &TagRequest,
    boxes: &[Face],
) -> anyhow::Result<(PhotoState, Decision)> {
    if photo.state == PhotoState::Deleted {
        return Err(BadInput(format!("photo {} was deleted: there is nothing to tag", super::short(&photo.id))).into());
    }
    if req.nobody && (!req.children.is_empty() || !req.faces.is_empty()) {
        return Err(BadInput("choose children, or \"no children\", not both".into()).into());
    }
    for p in &req.purposes {
        crate::input::check_purpose_in(ctx.config, p).map_err(BadInput)?;
    }
    let face = |n: usize| {
        boxes.get(n.wrapping_sub(1)).ok_or_else(|| {
            BadInput(format!("there is no face {n} (this photo has {}: see `photo faces`)", boxes.len()))
        })
    };
    let mut photo = photo.clone();
    if !req.not_faces.is_empty() {
        let mut stored = photo.stored.clone();
        for &n in &req.not_faces {
            face(n)?;
            if !stored.media.not_faces.contains(&n) {
                stored.media.not_faces.push(n);
            }
        }
        let note = req.note.clone().unwrap_or_default();
        ctx.reg.set_stored_facts(&photo, &stored, Change::new("faces.not_a_face", ctx.actor).note(&note))?;
        photo = ctx.reg.photo(&photo.id)?.ok_or_else(|| BadInput("the photo vanished".into()))?;
    }
    let resolve = |label: &str| -> anyhow::Result<String> { Ok(ctx.reg.find_child(label)?.id) };
    let mut regions: Vec<(String, [f64; 4])> =
        photo.tags.iter().filter_map(|t| Some((t.child_id.clone()?, t.region?))).collect();
    let mut named = Vec::new();
    for label in &req.children {
        named.push(resolve(label)?);
    }
    for (label, rect) in &req.regions {
        let id = resolve(label)?;
        regions.retain(|(c, _)| c != &id);
        regions.push((id, *rect));
    }
    for (n, label) in &req.faces {
        let rect = face(*n)?.rect;
        let id = resolve(label)?;
        regions.retain(|(c, _)| c != &id);
        regions.push((id.clone(), rect));
        named.push(id);
    }
    let mut seen = std::collections::HashSet::new();
    named.retain(|id| seen.insert(id.clone()));
    let mut facts = photo.facts();
    if req.nobody {
        facts.tagging = Tagging::Nobody;
    } else if !named.is_empty() {
        facts.tagging = Tagging::Children(named);
    }
    if !req.purposes.is_empty() {
        facts.purposes = req.purposes.clone();
    }
    let rules = ctx.config.rules();
    let decided =
        redecide(ctx.reg, &ctx.layout, &rules, ctx.today, &photo, &facts, &regions, Change::new("tag", ctx.actor))?;
    // A child untagged from a photo loses a picture cut from it.
    super::picture::sweep(ctx, Some(&photo.id), "the photo it was cut from was tagged again")?;
    Ok(decided)
}
