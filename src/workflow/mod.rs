//! The manager's workflow over photos already on the register: register
//! changes reaching stored photos, the quarantine queue (release, delete),
//! reported concerns, retention, export (a child's learning journey, or for
//! a purpose, with the disclosure log) and redaction.

pub mod devices;
pub mod erase;
pub mod export;
pub mod gate;
pub mod overview;
pub mod picture;
pub mod publish;
pub mod redact;
pub mod sar;
pub mod sink;
pub mod tag;

use crate::audit::Action;
use crate::config::Config;
use crate::ingest::carry_out;
use crate::model::{PhotoId, PhotoState};
use crate::policy::{decide, Reason, Verdict};
use crate::register::{state_for, Change, PhotoRecord, Register};
use crate::retention::{self, Deletion};
use crate::vault::{remove_durable, Layout};
use chrono::NaiveDate;
use serde::Serialize;

/// Everything a workflow step needs.
pub struct Ctx<'a> {
    pub reg: &'a mut Register,
    pub layout: Layout,
    pub config: &'a Config,
    pub today: NaiveDate,
    pub actor: &'a str,
    /// Told of each photo long work gets through.
    pub progress: &'a dyn crate::progress::Progress,
}

impl<'a> Ctx<'a> {
    pub fn new(reg: &'a mut Register, config: &'a Config, today: NaiveDate, actor: &'a str) -> Self {
        Ctx { reg, layout: Layout::new(config), config, today, actor, progress: &crate::progress::Quiet }
    }

    /// The same, telling `progress` how far long work has got.
    pub fn with_progress(mut self, progress: &'a dyn crate::progress::Progress) -> Self {
        self.progress = progress;
        self
    }

    /// Decides `photo` again with `facts` (keeping its regions) and carries
    /// the decision out.
    fn redecide(
        &mut self,
        photo: &PhotoRecord,
        facts: &crate::policy::Facts,
        change: Change<'_>,
    ) -> crate::error::Result<(PhotoState, crate::policy::Decision)> {
        let decision = decide(facts, &self.reg.snapshot()?, &self.config.rules(), self.today);
        self.carry_out(photo, facts, decision, change)
    }

    /// Carries out `decision` on `photo` with `facts` (keeping its regions).
    fn carry_out(
        &mut self,
        photo: &PhotoRecord,
        facts: &crate::policy::Facts,
        decision: crate::policy::Decision,
        change: Change<'_>,
    ) -> crate::error::Result<(PhotoState, crate::policy::Decision)> {
        let regions = photo.regions();
        let decided = carry_out(
            self.reg,
            &self.layout,
            &self.config.rules(),
            self.today,
            photo,
            facts,
            decision,
            &regions,
            change,
        )?;
        // A photo that left the vault takes the pictures cut from it along.
        picture::sweep(self, Some(&photo.id), "the photo it was cut from was decided again")?;
        Ok(decided)
    }
}

/// A photo whose state a re-check changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Moved {
    pub photo: PhotoId,
    pub from: PhotoState,
    pub to: PhotoState,
    pub reasons: Vec<Reason>,
    /// The photo's file name, for people (the JSON keeps its id).
    #[serde(skip)]
    pub file: String,
    /// The reasons in words, children by name, for people.
    #[serde(skip)]
    pub why: Vec<String>,
}

impl Moved {
    fn new(photo: &PhotoRecord, to: PhotoState, reasons: Vec<Reason>, snapshot: &crate::policy::Snapshot) -> Moved {
        let why = reasons
            .iter()
            .map(|r| match &r.child {
                Some(c) => format!("{} ({})", r.code.describe(), snapshot.child_name(c)),
                None => r.code.describe().to_string(),
            })
            .collect();
        Moved { photo: photo.id.clone(), from: photo.state, to, reasons, file: photo.source_name.clone(), why }
    }
}

/// Re-checks every photo still held against the register as it is now.
/// A stored or waiting photo that no longer passes moves to the quarantine
/// with the new reasons: nothing stays stored on consent that no longer
/// exists. A quarantined photo keeps its place with its reasons brought up
/// to date (a refusal that arrives starts its deletion clock), and comes
/// back to the vault by itself once nothing holds it (the renewed review,
/// the signature, the registered camera). Clears the re-checks the
/// register owed when it started (see [`Register::rechecks_owed`]).
pub fn reevaluate(ctx: &mut Ctx<'_>, cause: &str) -> crate::error::Result<Vec<Moved>> {
    recheck(ctx, cause, None)
}

/// The re-check a register change owes: [`reevaluate`], but when every
/// re-check owed is about one child's consent or guardians, only the
/// photos those children are tagged in (every fact the gate reads of a
/// child is read by id from the photos that child is tagged in, so no
/// other photo can be decided differently).
pub fn recheck_owed(ctx: &mut Ctx<'_>, cause: &str) -> crate::error::Result<Vec<Moved>> {
    let scope = ctx.reg.recheck_scope()?;
    recheck(ctx, cause, scope)
}

/// How many photos a re-check reads at a time.
const RECHECK_BATCH: usize = 1000;

fn recheck(ctx: &mut Ctx<'_>, cause: &str, children: Option<Vec<String>>) -> crate::error::Result<Vec<Moved>> {
    let owed = ctx.reg.newest_recheck_owed()?;
    let snapshot = ctx.reg.snapshot()?;
    let rules = ctx.config.rules();
    // Each photo moved, with when it arrived (to list them in that order).
    let mut moved: Vec<(crate::model::At, Moved)> = Vec::new();
    // A thousand photos at a time: a re-check of a year of photos holds a
    // batch, not the register.
    let total = ctx.reg.begin_recheck(children.as_deref())?;
    ctx.progress.begin("photos re-checked", total as u64);
    let mut after = String::new();
    loop {
        let batch = ctx.reg.next_to_recheck(&after, RECHECK_BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.id.to_string();
        for photo in batch {
            ctx.progress.step(&photo.source_name);
            let facts = photo.facts();
            let decision = held_in_place(&photo, decide(&facts, &snapshot, &rules, ctx.today));
            if state_for(decision.verdict) == photo.state && decision.reasons == photo.reasons {
                continue;
            }
            let change = Change::new(Action::Reevaluate, ctx.actor).note(cause);
            let (to, decision) = ctx.carry_out(&photo, &facts, decision, change)?;
            if to != photo.state {
                moved.push((photo.received_at, Moved::new(&photo, to, decision.reasons, &snapshot)));
            }
        }
    }
    // Listed oldest first, as they arrived.
    moved.sort_by(|a, b| (&a.0, &a.1.photo).cmp(&(&b.0, &b.1.photo)));
    let moved: Vec<Moved> = moved.into_iter().map(|(_, m)| m).collect();
    ctx.progress.end();
    // The register changed: a picture on a tagging button may no longer be
    // allowed (consent withdrawn or lapsed, the child left).
    picture::sweep(ctx, None, cause)?;
    if let Some(upto) = owed {
        ctx.reg.rechecks_done(upto)?;
    }
    Ok(moved)
}

/// A quarantined photo stays with the manager unless the gate would now
/// store it: it is not sent back to the tagging queue by a re-check.
fn held_in_place(photo: &PhotoRecord, mut decision: crate::policy::Decision) -> crate::policy::Decision {
    if photo.state == PhotoState::Quarantined && decision.verdict == Verdict::AwaitTags {
        decision.verdict = Verdict::Quarantine;
    }
    decision
}

/// Opens the register and finishes any re-check a change left owing (a
/// crash between a consent change and its re-check): every command that
/// opens the register for people comes through here.
pub fn open_register(config: &Config, today: NaiveDate, actor: &str) -> crate::error::Result<Register> {
    let mut reg = Register::open(&config.database_path())?;
    finish_owed(&mut reg, config, today, actor)?;
    Ok(reg)
}

/// Finishes the re-checks the register owes, if any; the photos it moved.
pub fn finish_owed(
    reg: &mut Register,
    config: &Config,
    today: NaiveDate,
    actor: &str,
) -> crate::error::Result<Vec<Moved>> {
    let owed = reg.rechecks_owed()?;
    let Some((_, newest)) = owed.last() else { return Ok(Vec::new()) };
    let cause =
        if owed.len() == 1 { format!("owed: {newest}") } else { format!("owed: {newest} and {} more", owed.len() - 1) };
    let mut w = Ctx::new(reg, config, today, actor);
    recheck_owed(&mut w, &cause)
}

/// Why a copy of a photo is not made or not given out, in words a manager
/// (or, in a subject access answer, a parent) can read, naming no child.
/// Not a failure: the photo is left out, and the export goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Withheld(pub String);

crate::error::kind_of!(Refused: Withheld);

impl From<String> for Withheld {
    fn from(why: String) -> Withheld {
        Withheld(why)
    }
}

impl From<&str> for Withheld {
    fn from(why: &str) -> Withheld {
        Withheld(why.to_string())
    }
}

impl From<crate::media::DecodeError> for Withheld {
    fn from(e: crate::media::DecodeError) -> Withheld {
        Withheld(e.to_string())
    }
}

impl From<crate::faces::FaceError> for Withheld {
    fn from(e: crate::faces::FaceError) -> Withheld {
        Withheld(e.to_string())
    }
}

impl From<Withheld> for String {
    fn from(w: Withheld) -> String {
        w.0
    }
}

/// Why a release was refused: the reasons still standing.
#[derive(Debug, thiserror::Error)]
#[error("still not allowed: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct StillRefused(pub Vec<Reason>);

/// Why a manager's action on a photo (a release, a send-back, a concern)
/// cannot be done as asked: theirs to put right (bad input); nothing was
/// changed. (A release the policy still refuses is [`StillRefused`].)
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("{photo} is {state}, not in the quarantine")]
    NotInQuarantine { photo: String, state: String },
    #[error("release can only narrow the purposes ({had}); `{asked}` is not one of them")]
    NotANarrowing { had: String, asked: String },
    #[error("{0} is not held for its tagging, so there is nothing to send back")]
    NotHeldForTagging(String),
    #[error("{0} was deleted already")]
    Deleted(String),
    #[error("the leaving date {on} is before {child}'s start date {started}")]
    LeavesBeforeStarting { child: String, on: NaiveDate, started: NaiveDate },
    #[error("a note is required: say how you know which device took it")]
    DeviceNoteRequired,
    #[error("the photo names its camera ({make} {model}): register that camera instead")]
    NamesItsCamera { make: String, model: String },
}

crate::error::kind_of!(BadInput: ActionError);

/// Refuses (bad input) a quarantine action on a photo not in the quarantine.
pub fn ensure_quarantined(photo: &PhotoRecord) -> Result<(), ActionError> {
    if photo.state != PhotoState::Quarantined {
        return Err(ActionError::NotInQuarantine {
            photo: photo.named(),
            state: photo.state.to_string().replace('_', " "),
        });
    }
    Ok(())
}

/// Releases a quarantined photo: re-checks it (the manager's review clears a
/// reported concern; `purposes` may narrow what it is for) and stores it
/// only if the policy now allows. A photo nobody has tagged yet (and whose
/// tagging time has not run out) goes back to the tagging queue instead.
/// Returns where it went, or the reasons that still hold it.
pub fn release(
    ctx: &mut Ctx<'_>,
    photo: &PhotoRecord,
    note: &str,
    purposes: &[String],
) -> crate::error::Result<Result<PhotoState, StillRefused>> {
    ensure_quarantined(photo)?;
    let mut facts = photo.facts();
    facts.reported = false;
    // The manager has looked at the photo: that stands in for a face check
    // that could not run, and settles where its tags and its files
    // disagree. Every other reason is still checked.
    facts.face_check_failed = None;
    facts.sources_reviewed = true;
    if !purposes.is_empty() {
        if let Some(p) = purposes.iter().find(|p| !photo.purposes.contains(p)) {
            return Err(ActionError::NotANarrowing { had: photo.purposes.join(", "), asked: p.clone() }.into());
        }
        facts.purposes = purposes.to_vec();
    }
    let snapshot = ctx.reg.snapshot()?;
    let decision = decide(&facts, &snapshot, &ctx.config.rules(), ctx.today);
    if decision.verdict == Verdict::Quarantine {
        return Ok(Err(StillRefused(decision.reasons)));
    }
    let (to, _) =
        ctx.carry_out(photo, &facts, decision, Change::new(Action::QuarantineRelease, ctx.actor).note(note))?;
    ctx.reg.close_incidents(&photo.id, &format!("released: {note}"), ctx.actor)?;
    Ok(Ok(to))
}

/// Records the day a child leaves (not before they started), and checks
/// every stored and waiting photo again. Retention deletes photos of them
/// `retention.after_leaving_days` after that day.
pub fn leave(ctx: &mut Ctx<'_>, child: &crate::model::Child, on: NaiveDate) -> crate::error::Result<Vec<Moved>> {
    if let Some(started) = child.started {
        if on < started {
            return Err(ActionError::LeavesBeforeStarting { child: child.name.clone(), on, started }.into());
        }
    }
    ctx.reg.set_leaving_date(&child.id, on, ctx.actor)?;
    reevaluate(ctx, &format!("{} leaves on {on}", child.id))
}

/// Reasons a practitioner's tagging can clear.
pub fn is_tagging_reason(code: crate::policy::ReasonCode) -> bool {
    use crate::policy::ReasonCode as R;
    matches!(
        code,
        R::TaggingOverdue | R::UntaggedFaces | R::UnknownChild | R::CaptionNamesUntaggedChild | R::TagSourcesDisagree
    )
}

/// Sends a quarantined photo back to the tagging queue: it waits untagged,
/// with a fresh tagging time from today (the tags already chosen stay as a
/// starting point, but no longer count). Only for a photo held for its
/// tagging and nothing else: every other reason still stands, and is named
/// (the reasons that still hold it).
pub fn send_back(
    ctx: &mut Ctx<'_>,
    photo: &PhotoRecord,
    note: &str,
) -> crate::error::Result<Result<PhotoState, StillRefused>> {
    ensure_quarantined(photo)?;
    let snapshot = ctx.reg.snapshot()?;
    let rules = ctx.config.rules();
    let now = decide(&photo.facts(), &snapshot, &rules, ctx.today);
    if !now.reasons.iter().any(|r| is_tagging_reason(r.code)) {
        return Err(ActionError::NotHeldForTagging(photo.named()).into());
    }
    let mut facts = photo.facts();
    facts.tagging = crate::policy::Tagging::Untagged;
    facts.tagging_restarted_on = Some(ctx.today);
    let decision = decide(&facts, &snapshot, &rules, ctx.today);
    if decision.verdict == Verdict::Quarantine {
        return Ok(Err(StillRefused(decision.reasons)));
    }
    let (to, _) =
        ctx.carry_out(photo, &facts, decision, Change::new(Action::QuarantineSendBack, ctx.actor).note(note))?;
    Ok(Ok(to))
}

/// Deletes a photo durably: the tombstone row first, then the ciphertext and
/// thumbnail (a crash in between leaves files that recovery removes).
pub fn delete(ctx: &mut Ctx<'_>, photo: &PhotoRecord, rule: &str, change: Change<'_>) -> crate::error::Result<()> {
    if photo.state == PhotoState::Deleted {
        return Ok(());
    }
    ctx.reg.tombstone(photo, rule, change)?;
    if let Some(blob) = ctx.layout.blob_path(&photo.id, photo.state) {
        remove_durable(&blob)?;
    }
    remove_durable(&ctx.layout.thumb_path(&photo.id))?;
    remove_durable(&ctx.layout.faces_path(&photo.id))?;
    picture::sweep(ctx, Some(&photo.id), "the photo it was cut from was deleted")?;
    Ok(())
}

/// A member of staff's concern: the photo goes to the quarantine and an
/// incident is opened. Returns the incident number and the new state.
pub fn report(ctx: &mut Ctx<'_>, photo: &PhotoRecord, reason: &str) -> crate::error::Result<(i64, PhotoState)> {
    if photo.state == PhotoState::Deleted {
        return Err(ActionError::Deleted(photo.named()).into());
    }
    let incident = ctx.reg.open_incident(&photo.id, reason, ctx.actor)?;
    let mut facts = photo.facts();
    facts.reported = true;
    let (state, _) = ctx.redecide(photo, &facts, Change::new(Action::Report, ctx.actor).note(reason))?;
    Ok((incident, state))
}

/// The retention plan for today: the deletions falling due within the
/// week ahead, each with the day it may be made (see [`retention::plan`]).
pub fn retention_plan(ctx: &Ctx<'_>) -> crate::error::Result<Vec<Deletion>> {
    let children = ctx.reg.children()?;
    Ok(retention::plan(&ctx.reg.photo_ages()?, &children, &(&ctx.config.retention).into(), ctx.today))
}

/// Once a day in `serve`: photos re-checked against dates (review-by dates,
/// leaving dates, tagging deadlines), then retention; acted as `retention`.
pub fn daily(config: &Config, today: NaiveDate) -> crate::error::Result<Swept> {
    let mut reg = open_register(config, today, "retention")?;
    let mut w = Ctx::new(&mut reg, config, today, "retention");
    run_retention(&mut w)
}

/// What a retention run did.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Swept {
    /// Photos the re-check moved.
    pub moved: Vec<Moved>,
    /// Deletions announced today for the first time.
    pub announced: Vec<PhotoId>,
    /// Deletions made today (each announced a week or more before).
    pub deleted: Vec<Deletion>,
    /// Deletions announced, still to come.
    pub coming: Vec<Deletion>,
}

/// Carries out retention: every photo re-checked first (so a photo held
/// for paperwork that is done comes back, and a tagging deadline that
/// passed sends its photo to the quarantine), then each deletion falling
/// due within the week is announced (if it was not), and each announced a
/// week or more ago whose day has come is made and audited.
pub fn run_retention(ctx: &mut Ctx<'_>) -> crate::error::Result<Swept> {
    let moved = reevaluate(ctx, "retention run")?;
    let plan = retention_plan(ctx)?;
    let announced = ctx.reg.announce_deletions(&plan, ctx.today, ctx.actor)?;
    let (deleted, coming): (Vec<Deletion>, Vec<Deletion>) = plan.into_iter().partition(|d| d.is_due(ctx.today));
    for d in &deleted {
        if let Some(photo) = ctx.reg.photo(&d.photo)? {
            delete(ctx, &photo, d.rule.code(), Change::new(Action::RetentionDelete, ctx.actor))?;
        }
    }
    Ok(Swept { moved, announced, deleted, coming })
}

/// A photo's short id, for the operator's lines.
pub use crate::model::short;

/// A manager keeps `photo` from every automatic deletion, with why.
pub fn keep(ctx: &mut Ctx<'_>, photo: &PhotoRecord, note: &str) -> crate::error::Result<()> {
    Ok(ctx.reg.keep_photo(&photo.id, note, ctx.actor)?)
}
