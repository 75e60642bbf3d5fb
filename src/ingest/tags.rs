//! Tags that arrive after their photo: a late sidecar applied to a photo
//! waiting for tags, and the record of who a sidecar says tagged it.

use super::*;

impl Ingestor {
    /// A sidecar that arrived after its photo: tags the waiting photo.
    pub(super) fn take_late_sidecar(&self, path: &Path, rel: &str) -> anyhow::Result<Entry> {
        let photo_name = file_name(path).trim_end_matches(SIDECAR_SUFFIX).to_string();
        let folder = self.folder_of(path);
        let waiting = self.register().awaiting_photo_named(folder.as_deref(), &photo_name)?;
        let Some(photo) = waiting else {
            return Ok(Entry::new(rel, Outcome::Waiting).detail(NO_PHOTO_YET));
        };
        let sidecar = match sidecar::read(path, &self.config.purposes.known) {
            Ok(Some(s)) => s,
            Ok(None) => return Ok(Entry::new(rel, Outcome::Skipped).detail("vanished")),
            Err(why) => {
                self.register().audit(
                    &crate::audit::Entry::new(INGEST_ACTOR, "sidecar.rejected")
                        .photo(&photo.id)
                        .detail(serde_json::json!({ "file": rel, "why": why })),
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
        })
    }

    /// Records who a sidecar says tagged the photo, as its claim (bounded):
    /// the ingest cannot know who wrote the file, so it is never the actor.
    /// The change is committed by now; a claim that cannot be written is
    /// logged.
    pub(super) fn record_claim(&self, photo: &str, sidecar: Option<&Sidecar>) {
        let Some(claimed) = sidecar.and_then(|s| s.tagged_by.as_deref()) else { return };
        let entry = crate::audit::Entry::new(INGEST_ACTOR, "sidecar.tagged_by")
            .photo(photo)
            .detail(serde_json::json!({ "claimed": crate::limits::bounded(crate::limits::Field::Short, claimed) }));
        if let Err(e) = self.register().audit(&entry) {
            tracing::warn!(photo, "could not record the sidecar's tagged_by: {e}");
        }
    }

    pub(super) fn apply_sidecar(
        &self,
        photo: &crate::register::PhotoRecord,
        s: &Sidecar,
    ) -> anyhow::Result<(PhotoState, Vec<Reason>)> {
        let mut facts = photo.facts();
        facts.tagging = s.tagging();
        if !s.purposes.is_empty() {
            facts.purposes = s.purposes.clone();
        }
        let regions: Vec<(String, [f64; 4])> = s.regions.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let actor = s.tagged_by.clone().unwrap_or_else(|| INGEST_ACTOR.into());
        let mut reg = self.register();
        let (state, decision) = redecide(
            &mut reg,
            &self.layout,
            &self.config.rules(),
            self.today(),
            photo,
            &facts,
            &regions,
            Change::new("tag.sidecar", &actor),
        )?;
        drop(reg);
        self.record_claim(&photo.id, Some(s));
        Ok((state, decision.reasons))
    }
}
