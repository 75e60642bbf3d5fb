//! A child's erasure in one transaction: the redacted copies that replace
//! their group photos, the tombstones of every photo of them, and their
//! entry on the register. All of it, or (on any failure) none of it.

use super::decisions::{begin_write, insert_in};
use super::photos::{tombstone_in, Change, NewPhoto, PhotoRecord};
use super::requests::{erase_child_in, ERASURE};
use super::{Register, Result, TakeDown};
use crate::audit::Action;
use crate::policy::{Decision, Rules};
use chrono::NaiveDate;

/// What an erasure writes.
pub struct Erasing<'a> {
    pub child: &'a str,
    /// Redacted copies to add (one per distinct picture: an identical copy
    /// already on the register, or earlier in this list, is not added again).
    pub copies: &'a [(NewPhoto, Decision)],
    /// Photos to delete: every photo of the child still held.
    pub originals: &'a [PhotoRecord],
    /// Why, for each tombstone and the audit log.
    pub note: &'a str,
    pub detail: serde_json::Value,
}

impl Register {
    /// Carries an erasure out on the register in one transaction; returns
    /// the take-downs open for it. The copies' ciphertexts must already be
    /// durable; the originals' files go after this commits.
    pub fn erase_everywhere(
        &mut self,
        e: &Erasing<'_>,
        rules: &Rules,
        today: NaiveDate,
        actor: &str,
    ) -> Result<Vec<TakeDown>> {
        let (tx, snapshot) = begin_write!(self);
        let mut added: Vec<&str> = Vec::new();
        for (copy, decision) in e.copies {
            let exists: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM photos WHERE id = ?1)", [&copy.id], |r| r.get(0))?;
            if exists || added.contains(&copy.id.as_str()) {
                continue;
            }
            insert_in(
                &tx,
                &snapshot,
                copy,
                decision,
                rules,
                today,
                Change::new(Action::arrived(crate::audit::Origin::Redact, decision.verdict), actor),
            )?;
            added.push(&copy.id);
        }
        for photo in e.originals {
            let change = Change::new(Action::EraseDelete, actor).note(e.note);
            let rule = if e.copies.iter().any(|(c, _)| c.derived_from.as_deref() == Some(photo.id.as_str())) {
                "erasure (redacted)"
            } else {
                "erasure"
            };
            tombstone_in(&tx, photo, rule, change)?;
        }
        erase_child_in(&tx, e.child, actor, e.detail.clone())?;
        tx.commit()?;
        self.open_takedowns(e.child, ERASURE)
    }
}
