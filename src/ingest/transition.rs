//! Carrying out a new decision on a photo already on the register: move its
//! ciphertext to where the new state says, then record the decision. Used by
//! tagging, sidecars that arrive late, and re-evaluation.

use crate::model::PhotoState;
use crate::policy::{decide, Facts};
use crate::register::{state_for, Change, PhotoRecord, Register};
use crate::vault::{failpoint, move_durable, Layout};
use chrono::NaiveDate;

/// Decides again with `facts` and moves the photo accordingly. The file moves
/// first (durably), the row second: a crash in between leaves the file where
/// the new state would have it and the row as before, and recovery moves the
/// file back to match the row.
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
) -> anyhow::Result<(PhotoState, crate::policy::Decision)> {
    let snapshot = reg.snapshot()?;
    let decision = decide(facts, &snapshot, rules, today);
    let to = state_for(decision.verdict);
    if to != photo.state {
        if let (Some(src), Some(dst)) = (layout.blob_path(&photo.id, photo.state), layout.blob_path(&photo.id, to)) {
            move_durable(&src, &dst)?;
            failpoint("after_blob_move");
        }
    }
    let state = reg.update_decision(photo, facts, &decision, regions, &snapshot.children, change)?;
    Ok((state, decision))
}
