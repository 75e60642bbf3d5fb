//! `request sar`: a subject access request answered as a pack a parent
//! can be given (a folder, or a zip downloaded from the web): every photo held of the child in any state, with every
//! other child pixelated by their tagged region (a photo where another
//! child cannot be located is withheld and listed, never leaked), the
//! child's consent history, the audit entries about the child and the
//! child's photos with the chain's verification, and a plain-language
//! index. Recorded with the date received and the legal deadline; each
//! photo given is in the disclosure log.

use super::export::{clean_one, day_of, verify_clean, Content, Exported, Written};
use super::gate::{self, Output, Pixels};
use super::redact::hide_faces;
use super::sink::Sink;
use super::Withheld;
use super::{short, Ctx};
use crate::audit::{self, Action};
use crate::model::{Child, ConsentEvent, PhotoId, PhotoState};
use crate::register::{Disclosed, Disclosing, DisclosureKind, PhotoRecord, Request};
use crate::vault;
use age::x25519;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The purpose a subject access copy is recorded under.
pub const SUBJECT_ACCESS: &str = "subject_access";

/// A photo of the child not given, and why (in words a parent can read;
/// never naming another child).
#[derive(Debug, Clone, Serialize)]
pub struct WithheldPhoto {
    pub photo: PhotoId,
    pub day: String,
    pub why: String,
}

/// What answering the request gave.
#[derive(Debug, Serialize)]
pub struct SarAnswer {
    pub request: Request,
    pub folder: PathBuf,
    pub photos: Vec<Written>,
    /// Photos in which other children were pixelated.
    pub redacted: Vec<PhotoId>,
    pub withheld: Vec<WithheldPhoto>,
    pub consent_events: usize,
    pub audit_entries: usize,
    pub chain: audit::Verification,
}

fn state_words(s: PhotoState) -> &'static str {
    match s {
        PhotoState::Stored => "kept in the encrypted archive",
        PhotoState::Quarantined => "held back for the manager to review",
        PhotoState::AwaitingTags => "waiting for staff to say who is in it",
        PhotoState::Deleted => "deleted",
    }
}

/// The faces in `p` that are not `child`'s own nor said not to be a
/// child's: every one of them is hidden in the parent's copy.
fn faces_of_others(p: &PhotoRecord, child: &str) -> Vec<Option<[f64; 4]>> {
    p.faces.iter().flatten().filter(|r| r.is.may_be_other_than(child)).map(|r| r.rect).collect()
}

/// Why `p` cannot be given with every other child hidden, if it cannot.
fn cannot_hide_others(p: &PhotoRecord, child: &str, faces_checked: bool) -> Option<String> {
    let other_children = p.tags.iter().any(|t| t.child_id.as_deref() != Some(child));
    let other_faces = faces_of_others(p, child);
    let video = ["mp4", "mov", "3gp"].contains(&p.format.as_str());
    if video && (other_children || !other_faces.is_empty()) {
        return Some("it is a video with other children in it, and video cannot be blurred".into());
    }
    // Another child tagged whose face is not located cannot be hidden.
    let unlocated = p.tags.iter().any(|t| match &t.child_id {
        Some(c) => c != child && p.face_of(c).is_none(),
        None => true,
    });
    if unlocated {
        return Some("another child in it cannot be located in the picture to blur them".into());
    }
    if other_faces.iter().any(Option::is_none) {
        return Some("a face in it cannot be located in the picture to blur it".into());
    }
    if !faces_checked && other_children {
        return Some("it shows other children and its faces could not be checked".into());
    }
    None
}

/// Answers a subject access request for `child` into `sink` (a folder, or
/// a zip made as it is downloaded). Nothing in the pack names, or gives
/// the id of, another child, and no note a member of staff wrote is copied
/// into it; in a folder every file is owner-only. Each photo goes on the
/// disclosure log before a byte of it is handed to the sink, so a pack cut
/// short still has every photo it carried on the log.
pub fn subject_access(
    ctx: &mut Ctx<'_>,
    child: &Child,
    sink: &mut dyn Sink,
    identity: &x25519::Identity,
    received: NaiveDate,
) -> crate::error::Result<SarAnswer> {
    let request = ctx.reg.open_subject_access(&child.id, received, ctx.actor)?;
    let all = ctx.reg.photos(None)?;
    let of_child: Vec<&PhotoRecord> = all.iter().filter(|p| p.shows(&child.id)).collect();
    let how = Disclosing {
        kind: DisclosureKind::SubjectAccess,
        purpose: SUBJECT_ACCESS,
        subject: Some(&child.id),
        destination: &sink.destination(),
        actor: ctx.actor,
    };
    let to = how.destination.to_string();
    let mut given = Exported::default();
    let (mut redacted, mut withheld) = (Vec::new(), Vec::new());
    let output = Output::SubjectAccess(&child.id);
    let limits = crate::media::Limits::from(&ctx.config.limits);
    // Logged, then handed on.
    let mut give = |ctx: &mut Ctx<'_>, p: &PhotoRecord, name: &str, content: Content| {
        let item = Disclosed { photo: p.id.clone(), file: name.to_string(), children: p.child_ids() };
        ctx.reg.record_disclosures(&how, &[item], None)?;
        let path = content.put_into(sink, &format!("photos/{name}"))?;
        given.files.push(Written { photo: p.id.clone(), path });
        Ok::<_, crate::error::Error>(())
    };
    for p in of_child.iter().filter(|p| p.state != PhotoState::Deleted) {
        let withhold = |why: String| WithheldPhoto { photo: p.id.clone(), day: day_of(p), why };
        if let Some(why) = cannot_hide_others(p, &child.id, p.faces.is_some()) {
            withheld.push(withhold(why));
            continue;
        }
        let others: Vec<[f64; 4]> = faces_of_others(p, &child.id).into_iter().flatten().collect();
        if others.is_empty() {
            // Only this child: the photo as it is, cleaned.
            match clean_one(ctx, p, "photo", identity, &limits, output)? {
                None => {}
                Some(Err(why)) => withheld.push(withhold(why.0)),
                Some(Ok(ready)) => give(ctx, p, &ready.name, ready.content)?,
            }
            continue;
        }
        let Some(blob) = ctx.layout.blob_path(&p.id, p.state) else { continue };
        let bytes = vault::open(&blob, identity)?;
        let made = hide_faces(ctx.config, p, &bytes, &others)
            .and_then(|m| verify_clean(&m.jpeg).map(|()| m))
            .map_err(|e| Withheld(format!("the other children in it could not be blurred ({e})")));
        drop(bytes);
        let checked = match made {
            Ok(m) => gate::check(ctx, &p.id, output, Pixels::New(&m.jpeg))?.map(|_| m),
            Err(e) => Err(e),
        };
        match checked {
            Ok(m) => {
                let name = format!("photo_{}_{}.jpg", day_of(p), &p.id[..8]);
                give(ctx, p, &name, Content::Bytes(m.jpeg))?;
                redacted.push(p.id.clone());
            }
            Err(why) => withheld.push(withhold(why.0)),
        }
    }

    let consents = ctx.reg.consent_events(Some(&child.id))?;
    let mut entries: BTreeMap<i64, audit::Record> = BTreeMap::new();
    let filters = std::iter::once(audit::Filter { photo: None, child: Some(child.id.to_string()) })
        .chain(of_child.iter().map(|p| audit::Filter { photo: Some(p.id.to_string()), child: None }));
    for f in filters {
        for e in ctx.reg.audit_list(&f)? {
            entries.insert(e.seq, e);
        }
    }
    let entries: Vec<serde_json::Value> = entries.into_values().map(|e| entry_for_parent(&e, &child.id)).collect();
    let chain = ctx.reg.audit_verify()?;

    // The consent history without the evidence staff wrote beside it (a
    // free note, which may name another child).
    let history: Vec<serde_json::Value> = consents
        .iter()
        .map(|e| {
            serde_json::json!({
                "purpose": e.purpose, "action": e.action, "by": e.by, "date": e.date, "review_by": e.review_by,
            })
        })
        .collect();
    sink.put_bytes("consent.json", &serde_json::to_vec_pretty(&history)?)?;
    sink.put_bytes(
        "audit.json",
        &serde_json::to_vec_pretty(&serde_json::json!({
            "about": "Every entry of the setting's audit log about this child or a photo of them: when, who, \
                      what was done and to which photo. What an entry says of other children, and notes \
                      written by staff, are left out (other children have their own right to privacy). Each \
                      entry carries the seal of the one before it (prev_hash) and its own (hash); the \
                      verification below is of the whole log, checked when this folder was made.",
            "verification": chain,
            "entries": entries,
        }))?,
    )?;
    let held: Vec<&PhotoRecord> = of_child.iter().copied().filter(|p| p.state != PhotoState::Deleted).collect();
    let index = index_html(child, &request, &given, &redacted, &withheld, &held, &consents, entries.len(), &chain);
    sink.put_bytes("index.html", index.as_bytes())?;
    sink.finish()?;

    let summary = audit::Entry::new(ctx.actor, Action::RequestSarAnswered).child(&child.id).detail(serde_json::json!({
        "request": request.id,
        "to": to,
        "photos": given.files.len(),
        "redacted": redacted.iter().map(|id| short(id)).collect::<Vec<_>>(),
        "withheld": withheld.iter().map(|w| serde_json::json!({"photo": short(&w.photo), "why": w.why})).collect::<Vec<_>>(),
        "consent_events": consents.len(),
        "audit_entries": entries.len(),
        "chain": chain.finding,
    }));
    let request = ctx.reg.fulfil_request(request.id, &to, ctx.actor, &summary)?;
    Ok(SarAnswer {
        request,
        folder: PathBuf::from(&to),
        photos: given.files,
        redacted,
        withheld,
        consent_events: consents.len(),
        audit_entries: entries.len(),
        chain,
    })
}

/// An audit entry as a parent's copy shows it: when, who, what, which
/// photo, and the seals; never the detail (it may name other children, or
/// carry a member of staff's note), and the child only where it is theirs.
fn entry_for_parent(e: &audit::Record, child: &str) -> serde_json::Value {
    serde_json::json!({
        "seq": e.seq,
        "at": e.at,
        "actor": e.actor,
        "action": e.action,
        "photo": e.photo,
        "child": e.child.as_deref().filter(|c| *c == child),
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    })
}

/// The plain-language index of the folder.
#[allow(clippy::too_many_arguments)]
fn index_html(
    child: &Child,
    request: &Request,
    given: &Exported,
    redacted: &[PhotoId],
    withheld: &[WithheldPhoto],
    held: &[&PhotoRecord],
    consents: &[ConsentEvent],
    entries: usize,
    chain: &audit::Verification,
) -> String {
    use maud::{html, DOCTYPE};
    let file_of = |id: &str| {
        given
            .files
            .iter()
            .find(|w| w.photo == id)
            .and_then(|w| w.path.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { "What we hold about " (child.name) } }
            body {
                h1 { "What we hold about " (child.name) }
                p { "You asked on " (request.received_on) " for a copy of the information we hold about "
                    (child.name) " (" (child.id) "). We must answer by " (request.due_on) ". This folder is that copy." }
                h2 { "Photos (" (held.len()) ")" }
                p { "Every photo we hold in which " (child.name) " has been identified, whatever its state. "
                    "Other children in a photo are blurred out: they have their own right to privacy. "
                    "A photo in which we cannot be sure of blurring every other child is not included; "
                    "it is listed below with the reason. No photo carries its original metadata (location, camera)." }
                table {
                    tr { th { "Taken" } th { "What happens to it" } th { "In this folder" } }
                    @for p in held {
                        tr {
                            td { (day_of(p)) }
                            td { (state_words(p.state)) }
                            td {
                                @if let Some(f) = file_of(&p.id) {
                                    a href={ "photos/" (f) } { (f) }
                                    @if redacted.contains(&p.id) { " (other children blurred)" }
                                } @else if let Some(w) = withheld.iter().find(|w| w.photo == p.id) {
                                    "Not included: " (w.why) "."
                                } @else { "Not included." }
                            }
                        }
                    }
                }
                h2 { "Consent" }
                p { "Every consent decision recorded for " (child.name) ", oldest first (also in consent.json)." }
                table {
                    tr { th { "Date" } th { "Use" } th { "Decision" } th { "By" } th { "Review by" } }
                    @for e in consents {
                        tr { td { (e.date) } td { (e.purpose.replace('_', " ")) } td { (e.action) } td { (e.by) }
                             td { @if let Some(r) = e.review_by { (r) } } }
                    }
                }
                h2 { "Record of what was done" }
                p { "audit.json holds the " (entries) " entries of our audit log about " (child.name)
                    " or their photos: each arrival, decision, change of consent, export and deletion, with who did it and when. "
                    "Each entry is sealed together with the one before it, so an entry cannot be changed or removed without it showing. "
                    @if chain.broken.is_none() {
                        "When this folder was made the whole log (" (chain.entries) " entries) was checked and found intact."
                    } @else {
                        "When this folder was made the log was checked and found NOT intact: the setting's manager must explain this to you."
                    }
                }
            }
        }
    }
    .into_string()
}
