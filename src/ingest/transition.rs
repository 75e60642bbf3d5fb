//! Carrying out a new decision on a photo already on the register: move its
//! ciphertext to where the new state says, then record the decision. Used by
//! tagging, sidecars that arrive late, and re-evaluation.

use crate::model::PhotoState;
use crate::policy::{decide, Facts};
use crate::register::{state_for, Change, PhotoRecord, Register};
use crate::vault::{failpoint, move_durable, remove_durable, Layout};
use chrono::NaiveDate;

/// Removes the ciphertext, thumbnail and face boxes written for a new photo
/// whose row did not commit (refused, or the write failed), when the
/// register has no row for that id: nothing stays in the vault that the
/// register did not take. (Recovery would remove them at the next start.)
pub fn discard_uncommitted(reg: &Register, layout: &Layout, id: &str, state: PhotoState) {
    if !matches!(reg.photo(id), Ok(None)) {
        return;
    }
    for path in layout.blob_path(id, state).into_iter().chain([layout.thumb_path(id), layout.faces_path(id)]) {
        if let Err(e) = remove_durable(&path) {
            tracing::error!(photo = %id, "could not remove an uncommitted file (recovery will): {e}");
        }
    }
}

/// Decides again with `facts` and moves the photo accordingly (see
/// [`carry_out`]).
#[allow(clippy::too_many_arguments)]
pub fn redecide(
    reg: &mut Register,
    layout: &Layout,
    rules: &crate::policy::Rules,
    today: NaiveDate,
    photo: &PhotoRecord,
    facts: &Facts,
    regions: &[(String, [f64; 4])],
    change: Change<'_>,
) -> crate::error::Result<(PhotoState, crate::policy::Decision)> {
    let decision = decide(facts, &reg.snapshot()?, rules, today);
    carry_out(reg, layout, rules, today, photo, facts, decision, regions, change)
}

/// Moves the photo as `decision` says and records it. The file moves first
/// (durably), the row second: a crash in between leaves the file where the
/// new state would have it and the row as before, and recovery moves the
/// file back to match the row. A row the register refuses (a photo to be
/// stored that breaks the gate's invariants, checked again in its own
/// transaction) or fails to write moves the file straight back.
#[allow(clippy::too_many_arguments)]
pub fn carry_out(
    reg: &mut Register,
    layout: &Layout,
    rules: &crate::policy::Rules,
    today: NaiveDate,
    photo: &PhotoRecord,
    facts: &Facts,
    decision: crate::policy::Decision,
    regions: &[(String, [f64; 4])],
    change: Change<'_>,
) -> crate::error::Result<(PhotoState, crate::policy::Decision)> {
    let to = state_for(decision.verdict);
    let mut moved = None;
    if let Some(dst) = layout.blob_path(&photo.id, to).filter(|dst| !dst.exists()) {
        // The file is where the row says; or, after a crash between a move
        // and its row (or with a record read before another process moved
        // it), in another state's place.
        let src = std::iter::once(photo.state)
            .chain(PhotoState::ALL)
            .filter_map(|s| layout.blob_path(&photo.id, s))
            .find(|p| p.exists());
        if let Some(src) = src {
            move_durable(&src, &dst)?;
            failpoint("after_blob_move");
            moved = Some((src, dst));
        }
    }
    match reg.update_decision(photo, facts, &decision, regions, rules, today, change) {
        Ok(state) => Ok((state, decision)),
        Err(err) => {
            if let Some((src, dst)) = moved {
                if let Err(e) = move_durable(&dst, &src) {
                    tracing::error!(photo = %photo.id, "could not move the file back (recovery will): {e}");
                }
            }
            Err(err.into())
        }
    }
}
