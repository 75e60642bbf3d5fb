//! `request erase`: a child's right to erasure. Every photo in which the
//! child is the only child is deleted; in a group photo the child is
//! pixelated by their region (the redacted photo replaces the original), or
//! the photo is deleted when the child cannot be located. Deleting removes
//! the ciphertext, thumbnail and face data and leaves a tombstone, which
//! keeps the photo from coming back. The register keeps the child's id
//! (the audit needs it) without the name; every copy already disclosed
//! becomes a take-down. A receipt (text and HTML) says what was done; it
//! is written outside the setting's folders, where everything is encrypted.

use super::redact::{self, Blur};
use super::sink::Sink;
use super::{short, Ctx};
use crate::model::{Child, PhotoId, PhotoState};
use crate::register::{Erasing, TakeDown};
use crate::vault::remove_durable;
use age::x25519;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What happens to one photo of the child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Step {
    /// The child is the only child in it.
    Delete { photo: PhotoId },
    /// A group photo: the child is pixelated; `into` is the new photo.
    Redact { photo: PhotoId, into: Option<PhotoId> },
    /// A group photo where the child cannot be located (no region, a
    /// video, or a file that cannot be redacted): deleted.
    DeleteUnlocated { photo: PhotoId, why: String },
}

impl Step {
    /// The photo the step is about.
    pub fn photo(&self) -> &str {
        match self {
            Step::Delete { photo } | Step::Redact { photo, .. } | Step::DeleteUnlocated { photo, .. } => photo,
        }
    }
}

/// What an erasure did (or, in a dry run, would do).
#[derive(Debug, Serialize)]
pub struct Erasure {
    pub child: String,
    pub dry_run: bool,
    pub steps: Vec<Step>,
    /// Copies already disclosed that must now be taken down.
    pub takedowns: Vec<TakeDown>,
    /// The receipt, as text and as HTML.
    pub receipt: Vec<PathBuf>,
}

/// The plan: one step per photo of the child still held.
pub fn plan(ctx: &Ctx<'_>, child: &Child) -> crate::error::Result<Vec<Step>> {
    let mut steps = Vec::new();
    for p in ctx.reg.photos(None)? {
        if p.state == PhotoState::Deleted || !p.shows(&child.id) {
            continue;
        }
        // Anyone else in it: another child tagged, a tag naming nobody, or
        // a face that is not this child's (and not said not to be a child's).
        let theirs = crate::policy::FaceIs::Child(child.id.clone());
        let others = p.tags.iter().any(|t| t.child_id.as_deref() != Some(child.id.as_str()))
            || p.faces.iter().flatten().any(|r| r.is != theirs && r.is != crate::policy::FaceIs::NotAChild);
        let located = p.face_of(&child.id).is_some();
        let video = ["mp4", "mov", "3gp"].contains(&p.format.as_str());
        steps.push(match (others, located, video) {
            (false, _, _) => Step::Delete { photo: p.id },
            (true, _, true) => Step::DeleteUnlocated { photo: p.id, why: "a video cannot be redacted".into() },
            (true, false, _) => {
                Step::DeleteUnlocated { photo: p.id, why: "the child's face is not located in it".into() }
            }
            (true, true, false) => Step::Redact { photo: p.id, into: None },
        });
    }
    Ok(steps)
}

/// Carries the plan out (unless `receipt` is `None`: a dry run), erases
/// the child's register entry as far as the audit allows, and writes the
/// receipt into `receipt` (a folder, checked before anything is done to be
/// outside the setting's own folders; or a download).
///
/// All or nothing, and again the same: every redacted copy is made,
/// checked on its own pixels and sealed first; then one transaction adds
/// the copies, tombstones every photo of the child and erases the child's
/// entry; only then are the originals' files removed. A failure before the
/// commit changes nothing on the register (the copies' files are removed);
/// run again, an erasure already done finds nothing more to do and says so.
pub fn erase(
    ctx: &mut Ctx<'_>,
    child: &Child,
    identity: &x25519::Identity,
    note: &str,
    receipt: Option<&mut dyn Sink>,
) -> crate::error::Result<Erasure> {
    let planned = plan(ctx, child)?;
    let dry_run = receipt.is_none();
    let Some(receipt_sink) = receipt else {
        return Ok(Erasure {
            child: child.id.to_string(),
            dry_run,
            steps: planned,
            takedowns: Vec::new(),
            receipt: Vec::new(),
        });
    };
    let why = format!("erasure of {}: {note}", child.id);
    // 1. Every copy first: made, checked, sealed; nothing on the register.
    let hide = BTreeSet::from([child.id.clone()]);
    let (mut steps, mut copies, mut originals, mut prepared) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for step in planned {
        let Some(photo) = ctx.reg.photo(step.photo())? else { continue };
        steps.push(match step {
            Step::Redact { photo: id, .. } => match redact::prepare(ctx, &photo, &hide, Blur::OnlyTheirs, identity) {
                Ok(Ok(p)) => {
                    let into = p.new.id.clone();
                    copies.push((p.new.clone(), p.decision.clone()));
                    prepared.push(p);
                    Step::Redact { photo: id, into: Some(into) }
                }
                Ok(Err(cannot)) => Step::DeleteUnlocated { photo: id, why: cannot.to_string() },
                Err(e) => {
                    prepared.into_iter().for_each(|p: redact::Prepared| p.discard(ctx.reg));
                    return Err(e);
                }
            },
            other => other,
        });
        originals.push(photo);
    }
    // 2. One transaction: the copies, every tombstone, the child's entry.
    let detail = serde_json::json!({ "note": note, "steps": steps });
    let erasing = Erasing { child: &child.id, copies: &copies, originals: &originals, note: &why, detail };
    let takedowns = match ctx.reg.erase_everywhere(&erasing, &ctx.config.rules(), ctx.today, ctx.actor) {
        Ok(t) => t,
        Err(e) => {
            prepared.into_iter().for_each(|p| p.discard(ctx.reg));
            return Err(crate::error::Error::new(e)
                .context("nothing was changed on the register; the erasure can be run again"));
        }
    };
    // 3. The originals' files, now that the register says they are gone.
    let mut left = Vec::new();
    for photo in &originals {
        let files = ctx
            .layout
            .blob_path(&photo.id, photo.state)
            .into_iter()
            .chain([ctx.layout.thumb_path(&photo.id), ctx.layout.faces_path(&photo.id)]);
        for f in files {
            if let Err(e) = remove_durable(&f) {
                left.push(format!("{}: {e}", f.display()));
            }
        }
    }
    // Erased from the register: their picture goes too.
    super::picture::sweep(ctx, None, &why)?;
    let receipt = write_receipt(ctx, receipt_sink, &child.id, note, &steps, &takedowns)?;
    if !left.is_empty() {
        return Err(FilesLeft(left).into());
    }
    Ok(Erasure { child: child.id.to_string(), dry_run, steps, takedowns, receipt })
}

/// An erasure done on the register, with its receipt, whose deleted photos'
/// files could not all be removed yet: a failure, which the next `ingest`
/// or `serve` start finishes.
#[derive(Debug, thiserror::Error)]
#[error(
    "the erasure is done on the register and its receipt written, but {} file(s) of deleted photos \
     could not be removed yet (the next `ingest` or `serve` start removes them): {}",
    .0.len(),
    .0.join("; ")
)]
pub struct FilesLeft(pub Vec<String>);

crate::error::kind_of!(Failed: FilesLeft);

/// One line per step, in words.
pub fn describe(step: &Step) -> String {
    match step {
        Step::Delete { photo } => format!("photo {}: the child alone in it; deleted", short(photo)),
        Step::Redact { photo, into: Some(into) } => {
            format!("photo {}: the child pixelated, kept as photo {}; the original deleted", short(photo), short(into))
        }
        Step::Redact { photo, into: None } => format!("photo {}: the child would be pixelated", short(photo)),
        Step::DeleteUnlocated { photo, why } => {
            format!("photo {}: the child cannot be located ({why}); deleted", short(photo))
        }
    }
}

fn write_receipt(
    ctx: &Ctx<'_>,
    sink: &mut dyn Sink,
    child: &str,
    note: &str,
    steps: &[Step],
    takedowns: &[TakeDown],
) -> crate::error::Result<Vec<PathBuf>> {
    let stamp = crate::clock::now().format("%Y%m%dT%H%M%SZ");
    let title = format!("Erasure of child {child} on {}", ctx.today);
    let intro = "Every photo in which the child was the only child was deleted; in group photos the child was \
                 pixelated, or the photo deleted where the child could not be located. Deleted photos keep only \
                 a tombstone (id and dates, no image), so the same file is refused if it comes back. The \
                 register keeps the child's id for the audit log, without the name, room, dates, aliases or \
                 guardians.";
    let mut text = format!("{title}\nBy {} — {note}\n\n{intro}\n\nPhotos ({}):\n", ctx.actor, steps.len());
    for s in steps {
        text.push_str(&format!("- {}\n", describe(s)));
    }
    text.push_str(&format!("\nCopies already given out, to be taken down ({}):\n", takedowns.len()));
    for t in takedowns {
        text.push_str(&format!("- take-down {}: photo {} at {}/{}\n", t.id, short(&t.photo), t.destination, t.file));
    }
    let html = maud::html! {
        (maud::DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { (title) } }
            body {
                h1 { (title) }
                p { "By " (ctx.actor) " — " (note) }
                p { (intro) }
                h2 { "Photos (" (steps.len()) ")" }
                ul { @for s in steps { li { (describe(s)) } } }
                h2 { "Copies already given out, to be taken down (" (takedowns.len()) ")" }
                ul { @for t in takedowns { li { "take-down " (t.id) ": photo " (short(&t.photo)) " at " code { (t.destination) "/" (t.file) } } } }
            }
        }
    };
    let base = format!("erasure_{child}_{stamp}");
    let written = vec![
        sink.put_bytes(&format!("{base}.txt"), text.as_bytes())?,
        sink.put_bytes(&format!("{base}.html"), html.into_string().as_bytes())?,
    ];
    sink.finish()?;
    Ok(written)
}
