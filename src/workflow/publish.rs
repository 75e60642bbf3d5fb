//! `export purpose`: the photos that may go out for one purpose today (a
//! display, the website, a newsletter), each re-checked against the
//! register at the moment of export, written as the learning-journey
//! export writes them (decrypted, every piece of metadata removed, no
//! child's name in a file name) and recorded in the disclosure log.
//!
//! And what a withdrawal of consent means for copies already out: the
//! take-down list (see [`crate::register::Register::open_takedowns`]).

use super::export::{
    check_destination, destination, disclose, skipped_json, write_clean, zip_photos, ExportError, Exported,
};
use super::{short, Ctx};
use crate::audit::Action;
use crate::model::{PhotoId, PhotoState};
use crate::policy::{decide, Reason, Verdict};
use crate::register::{Disclosing, DisclosureKind, PhotoRecord};
use age::x25519;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// Which photos: those for `purpose`, taken (or received) on or after
/// `since`, showing a child of `room`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub purpose: String,
    pub since: Option<NaiveDate>,
    pub room: Option<String>,
}

/// A photo for the purpose that no longer passes: not written.
#[derive(Debug, Clone, Serialize)]
pub struct Withheld {
    pub photo: PhotoId,
    pub reasons: Vec<Reason>,
}

/// What an export for a purpose did.
#[derive(Debug, Serialize)]
pub struct PurposeExport {
    pub purpose: String,
    #[serde(flatten)]
    pub written: Exported,
    /// Photos for the purpose that no longer pass today, with the reasons.
    pub withheld: Vec<Withheld>,
    /// The disclosure log entries made, one per file written.
    pub disclosures: Vec<i64>,
}

/// Refuses (bad input) a purpose the setting does not know or forbids
/// outright.
pub fn check_purpose(config: &crate::config::Config, purpose: &str) -> Result<(), ExportError> {
    crate::input::check_purpose_in(config, purpose)?;
    if config.rules().forbidden_purposes.contains(purpose) {
        return Err(ExportError::ForbiddenPurpose(purpose.to_string()));
    }
    Ok(())
}

/// The stored photos for the selection, split into those every tagged
/// child's consent allows today (checked as if the photo were for this one
/// purpose, with the group rule and the store invariants) and those it no
/// longer allows, with the reasons.
pub fn select(ctx: &Ctx<'_>, sel: &Selection) -> crate::error::Result<(Vec<PhotoRecord>, Vec<Withheld>)> {
    let snapshot = ctx.reg.snapshot()?;
    let rules = ctx.config.rules();
    let in_room = |p: &PhotoRecord| match &sel.room {
        None => true,
        Some(room) => p.child_ids().iter().any(|id| {
            snapshot
                .children
                .iter()
                .any(|c| &c.id == id && c.room.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(room)))
        }),
    };
    let (mut pass, mut withheld) = (Vec::new(), Vec::new());
    for p in ctx.reg.photos(Some(PhotoState::Stored))? {
        if !p.purposes.contains(&sel.purpose) || !in_room(&p) {
            continue;
        }
        if sel.since.is_some_and(|since| p.taken_on() < since) {
            continue;
        }
        let mut facts = p.facts();
        facts.purposes = vec![sel.purpose.clone()];
        let decision = decide(&facts, &snapshot, &rules, ctx.today);
        if decision.verdict == Verdict::Store {
            pass.push(p);
        } else {
            withheld.push(Withheld { photo: p.id, reasons: decision.reasons });
        }
    }
    pass.sort_by(|a, b| (a.taken_on(), &a.id).cmp(&(b.taken_on(), &b.id)));
    Ok((pass, withheld))
}

/// What an `export.purpose` audit entry says: the selection, where it went,
/// what was written, what was withheld and why (by short id), what was
/// left out.
fn purpose_detail(sel: &Selection, to: &str, written: &Exported, withheld: &[Withheld]) -> serde_json::Value {
    serde_json::json!({
        "purpose": sel.purpose,
        "to": to,
        "since": sel.since,
        "room": sel.room,
        "photos": written.files.len(),
        "withheld": withheld.iter().map(|w| serde_json::json!({
            "photo": short(&w.photo),
            "reasons": w.reasons.iter().map(ToString::to_string).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "skipped": skipped_json(written),
    })
}

/// The photos for a purpose as one zip written to `out` as it is made (a
/// download in the browser: nothing decrypted is written to disk), with
/// the same gate, disclosure log and audit entry as [`export_purpose`];
/// `to` is the destination the log records. A photo that no longer passes
/// when its turn comes is left out and said.
pub fn zip_purpose(
    ctx: &mut Ctx<'_>,
    sel: &Selection,
    identity: &x25519::Identity,
    to: &str,
    out: impl std::io::Write,
) -> crate::error::Result<PurposeExport> {
    check_purpose(ctx.config, &sel.purpose)?;
    let (photos, withheld) = select(ctx, sel)?;
    let purposes = [sel.purpose.clone()];
    let actor = ctx.actor.to_string();
    let how = Disclosing {
        kind: DisclosureKind::Purpose,
        purpose: &sel.purpose,
        subject: None,
        destination: to,
        actor: &actor,
    };
    let output = super::gate::Output::Use(&purposes);
    let (written, result) =
        zip_photos(ctx, &photos, &sel.purpose, output, identity, &how, out, |_, p| Ok(Ok(p.clone())));
    let mut detail = purpose_detail(sel, to, &written, &withheld);
    detail["complete"] = result.is_ok().into();
    ctx.reg.audit(&crate::audit::Entry::new(ctx.actor, Action::ExportPurpose).detail(detail))?;
    result?;
    Ok(PurposeExport { purpose: sel.purpose.clone(), written, withheld, disclosures: Vec::new() })
}

/// Writes the photos that may go out for the purpose into `dir` and
/// records each in the disclosure log, with one `export.purpose` audit
/// entry (what was written, what was withheld and why).
pub fn export_purpose(
    ctx: &mut Ctx<'_>,
    sel: &Selection,
    dir: &Path,
    identity: &x25519::Identity,
) -> crate::error::Result<PurposeExport> {
    check_purpose(ctx.config, &sel.purpose)?;
    check_destination(ctx, dir)?;
    let (photos, withheld) = select(ctx, sel)?;
    let purposes = [sel.purpose.clone()];
    let written = write_clean(ctx, &photos, dir, &sel.purpose, identity, super::gate::Output::Use(&purposes))?;
    let to = destination(dir);
    let how = Disclosing {
        kind: DisclosureKind::Purpose,
        purpose: &sel.purpose,
        subject: None,
        destination: &to,
        actor: ctx.actor,
    };
    let summary = crate::audit::Entry::new(ctx.actor, Action::ExportPurpose)
        .detail(purpose_detail(sel, &to, &written, &withheld));
    let disclosures = disclose(ctx, &how, &photos, &written, Some(&summary))?;
    Ok(PurposeExport { purpose: sel.purpose.clone(), written, withheld, disclosures })
}
