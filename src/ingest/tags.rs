//! A photo's own tags (its sidecar, its XMP), merged into its facts when
//! it arrives or when its sidecar comes after it; and the record of who a
//! sidecar says tagged it.

use super::*;
use crate::audit::Action;
use crate::model::{Child, ChildId};
use crate::policy::{bind_tags, FaceIs, Source, SourceKind};

/// What a photo's own files say of who is in it: each source's children
/// bound to register ids now (once; the names are not read again), with
/// the regions they name.
pub(super) struct Claims {
    sources: Vec<Source>,
    /// Regions by child id (or by the name, for one that named nobody).
    regions: Vec<(String, [f64; 4])>,
    /// The sidecar says there are no children.
    says_nobody: bool,
    purposes: Vec<String>,
}

impl Claims {
    /// The claims of a sidecar (if any) and of XMP people and regions.
    pub(super) fn of(
        children: &[Child],
        sidecar: Option<&Sidecar>,
        people: &[String],
        xmp_regions: &[(String, [f64; 4])],
    ) -> Claims {
        let bind = |label: &str| match crate::model::lookup_child(children, label) {
            crate::model::Lookup::Found(c) => c.id.to_string(),
            _ => label.to_string(),
        };
        let mut c = Claims { sources: Vec::new(), regions: Vec::new(), says_nobody: false, purposes: Vec::new() };
        if let Some(s) = sidecar {
            let (ids, unknown) = bind_tags(children, &s.children);
            c.sources.push(Source { kind: SourceKind::Sidecar, children: ids, unknown });
            c.regions.extend(s.regions.iter().map(|(k, v)| (bind(k), *v)));
            c.says_nobody = s.nobody;
            c.purposes = s.purposes.clone();
        }
        if !people.is_empty() {
            let (ids, unknown) = bind_tags(children, people);
            c.sources.push(Source { kind: SourceKind::Xmp, children: ids, unknown });
            c.regions.extend(xmp_regions.iter().map(|(k, v)| (bind(k), *v)));
        }
        c
    }

    /// Adds these claims to `f`. Until a person has tagged the photo, its
    /// tags are every child any of its files names (a child named by any
    /// source counts; where they differ the policy holds the photo,
    /// `tag_sources_disagree`), and "no children" when the sidecar says so
    /// and nothing names anyone. A face nobody has said whose it is goes to
    /// the tagged child whose named region is around it, alone, once (see
    /// [`crate::faces::regions::assign`]); a face a person spoke of keeps
    /// what they said. Returns the regions, by child id.
    pub(super) fn apply(self, f: &mut Facts, boxes: &[[f64; 4]]) -> Vec<(String, [f64; 4])> {
        f.sources.extend(self.sources);
        if !self.purposes.is_empty() {
            f.purposes = self.purposes;
        }
        if !f.tagged_by_person && !f.sources.is_empty() {
            let mut ids: Vec<ChildId> = Vec::new();
            let mut unknown: Vec<String> = Vec::new();
            for s in &f.sources {
                ids.extend(s.children.iter().filter(|c| !ids.contains(c)).cloned().collect::<Vec<_>>());
                unknown.extend(s.unknown.iter().filter(|u| !unknown.contains(u)).cloned().collect::<Vec<_>>());
            }
            f.tagging = if self.says_nobody && ids.is_empty() && unknown.is_empty() {
                Tagging::Nobody
            } else {
                Tagging::Children(ids)
            };
            f.unknown_tags = unknown;
        }
        let tagged = f.children().to_vec();
        if let Some(ledger) = f.faces.as_mut().filter(|l| l.len() == boxes.len()) {
            let rects: Vec<[f64; 4]> = self.regions.iter().map(|(_, r)| *r).collect();
            let mut given: Vec<(usize, ChildId)> = Vec::new();
            for (i, r) in crate::faces::regions::assign(boxes, &rects).into_iter().enumerate() {
                // A region's label is a child's id when it named one.
                let Some(who) = r.and_then(|r| tagged.iter().find(|t| **t == self.regions[r].0)) else { continue };
                if ledger[i] == FaceIs::Unassigned && !ledger.contains(&FaceIs::Child(who.clone())) {
                    given.push((i, who.clone()));
                }
            }
            // A child two regions give two faces has neither.
            for (i, who) in &given {
                if given.iter().filter(|(_, w)| w == who).count() == 1 {
                    ledger[*i] = FaceIs::Child(who.clone());
                }
            }
        }
        self.regions
    }
}

impl Ingestor {
    /// A sidecar that arrived after its photo: tags the waiting photo.
    pub(super) fn take_late_sidecar(&self, path: &Path, rel: &str) -> crate::error::Result<Entry> {
        let photo_name = file_name(path).trim_end_matches(SIDECAR_SUFFIX).to_string();
        let folder = self.folder_of(path);
        let waiting = self.register().awaiting_photo_named(folder.as_deref(), &photo_name)?;
        let Some(photo) = waiting else {
            return Ok(Entry::new(rel, Outcome::Waiting).detail(NO_PHOTO_YET).waiting_for(Wait::Photo));
        };
        let sidecar = match sidecar::read(path, &self.config.purposes.known) {
            Ok(Some(s)) => s,
            Ok(None) => return Ok(Entry::new(rel, Outcome::Skipped).detail("vanished")),
            Err(why) => {
                self.register().audit(
                    &crate::audit::Entry::new(INGEST_ACTOR, Action::SidecarRejected)
                        .photo(&photo.id)
                        .detail(serde_json::json!({ "file": rel, "why": why.to_string() })),
                )?;
                vault::remove_durable(path)?;
                return Ok(Entry::new(rel, Outcome::Failed).detail(format!("sidecar rejected and removed: {why}")));
            }
        };
        let (state, reasons) = self.apply_sidecar(&photo, &sidecar)?;
        vault::remove_durable(path)?;
        Ok(Entry {
            file: rel.into(),
            outcome: Outcome::Tagged,
            photo: Some(photo.id),
            reasons,
            detail: Some(format!("now {state}")),
            wait: Wait::NextPass,
        })
    }

    /// Records who a sidecar says tagged the photo, as its claim (bounded):
    /// the ingest cannot know who wrote the file, so it is never the actor.
    /// The change is committed by now; a claim that cannot be written is
    /// logged.
    pub(super) fn record_claim(&self, photo: &str, sidecar: Option<&Sidecar>) {
        let Some(claimed) = sidecar.and_then(|s| s.tagged_by.as_deref()) else { return };
        let entry = crate::audit::Entry::new(INGEST_ACTOR, Action::SidecarTaggedBy)
            .photo(photo)
            .detail(serde_json::json!({ "claimed": crate::limits::bounded(crate::limits::Field::Short, claimed) }));
        if let Err(e) = self.register().audit(&entry) {
            tracing::warn!(photo, "could not record the sidecar's tagged_by: {e}");
        }
    }

    /// A sidecar for a photo already on the register: its claims join the
    /// photo's own (bound now), as if it had come with the photo; what a
    /// person said of the photo stands.
    pub(super) fn apply_sidecar(
        &self,
        photo: &crate::register::PhotoRecord,
        s: &Sidecar,
    ) -> crate::error::Result<(PhotoState, Vec<Reason>)> {
        let mut facts = photo.facts();
        let snapshot = self.register().snapshot()?;
        let boxes: Vec<[f64; 4]> = photo.faces.iter().flatten().map(|r| r.rect.unwrap_or([0.0; 4])).collect();
        let mut regions = photo.regions();
        let sent_back =
            facts.tagging_restarted_on.is_some() && matches!(facts.tagging, crate::policy::Tagging::Untagged);
        let claimed = Claims::of(&snapshot.children, Some(s), &[], &[]).apply(&mut facts, &boxes);
        regions.extend(claimed);
        // A photo a manager sent back waits for a person to tag it: a file's
        // claims (heard, for the disagreement check) never stand in for them.
        if sent_back {
            facts.tagging = crate::policy::Tagging::Untagged;
        }
        // The ingest makes the change; who the sidecar says tagged it is
        // only its claim, recorded by `record_claim`.
        let actor = INGEST_ACTOR.to_string();
        let mut reg = self.register();
        let (state, decision) = redecide(
            &mut reg,
            &self.layout,
            &self.config.rules(),
            self.today(),
            photo,
            &facts,
            &regions,
            Change::new(Action::TagSidecar, &actor),
        )?;
        drop(reg);
        self.record_claim(&photo.id, Some(s));
        Ok((state, decision.reasons))
    }
}
