//! A photo read whole into memory: hashed, analysed, face-checked,
//! decided, sealed, committed; then the original leaves the inbox (only if
//! it is still the very file that was read).

use super::*;
use crate::audit::Action;
use tags::Claims;

impl Ingestor {
    pub(super) fn take_photo(&self, path: &Path, rel: &str) -> crate::error::Result<Entry> {
        let Some(mut file) = open_regular(path)? else {
            return Ok(Entry::new(rel, Outcome::Skipped).detail("vanished or not a regular file"));
        };
        let opened = Version::of(&file.metadata()?);
        let len = opened.len;
        let mut head = vec![0u8; media::SNIFF_LEN];
        let n = vault::read_up_to(&mut file, &mut head)?;
        head.truncate(n);
        let format = media::sniff(&head);
        let sidecar_path = sidecar_for(path);
        let sidecar = match sidecar::read(&sidecar_path, &self.config.purposes.known) {
            Ok(s) => s,
            Err(why) => {
                // A bad sidecar is reported and removed (it holds children's
                // names); the photo waits for tags like any other.
                self.register().audit(
                    &crate::audit::Entry::new(INGEST_ACTOR, Action::SidecarRejected)
                        .detail(serde_json::json!({ "file": rel, "why": why.to_string() })),
                )?;
                vault::remove_durable(&sidecar_path)?;
                tracing::warn!(file = %rel, "sidecar rejected: {why}");
                None
            }
        };
        if format.is_video() || len > STREAM_THRESHOLD.min(self.limits.max_image_bytes.saturating_add(1)) {
            return self.take_streamed(file, head, format, &opened, path, rel, sidecar.as_ref());
        }
        let mut bytes = head;
        bytes.reserve_exact(usize::try_from(len).unwrap_or(0).saturating_sub(bytes.len()));
        // No more than one byte past the length it had (a file still
        // growing is seen as changed, not read on without end).
        Read::take(&mut file, len.saturating_add(1).saturating_sub(bytes.len() as u64)).read_to_end(&mut bytes)?;
        if bytes.len() as u64 != len {
            return Ok(Entry::new(rel, Outcome::Waiting).detail("changed while being read"));
        }
        let id = PhotoId::of_content(&bytes);
        let Some(_guard) = InFlight::claim(&self.in_flight, &id) else {
            return Ok(Entry::new(rel, Outcome::Waiting).detail("an identical file is being processed"));
        };
        if let Some(e) = self.duplicate(&id, path, rel, &opened)? {
            return Ok(e);
        }
        let mut analysis = media::analyse(&bytes, &self.limits);
        if let Some(why) = analysis.not_now.take() {
            // Not the photo's fault (a full disk, say): left where it is for
            // the next pass, and reported, never held as damaged.
            tracing::warn!(file = %rel, "{why}; left in the inbox");
            return Ok(Entry::new(rel, Outcome::Failed).detail(format!("{why}; left in the inbox to try again")));
        }
        if matches!(analysis.problem, Some((crate::policy::MediaProblem::Corrupt, _))) {
            if let Some(wait) = self.wait_if_damaged(path, rel, &opened) {
                return Ok(wait);
            }
        }
        // A large file is not held through the face check (a 60 MB PNG
        // took the face check of its 100 MP over 200 MiB): it is read again
        // as it is sealed, and must be the same bytes.
        let bytes = (bytes.len() as u64 <= HELD_THROUGH_FACES).then_some(bytes);
        let checked = self.faces(&mut analysis);
        let received = self.today();
        let snapshot = self.register().snapshot()?;
        let boxes = match &checked {
            Some(Ok(found)) => Some(found.iter().map(|f| f.rect).collect::<Vec<_>>()),
            _ => None,
        };
        let (mut facts, regions) = self.facts(&analysis, path, received, sidecar.as_ref(), &snapshot, boxes.as_deref());
        if let Some(Err(why)) = &checked {
            facts.face_check_failed = Some(why.0.clone());
        }
        let decision = decide(&facts, &snapshot, &self.config.rules(), self.today());
        let state = crate::register::state_for(decision.verdict);
        let thumbnail = analysis.thumbnail.is_some();
        if let Some(thumb) = &analysis.thumbnail {
            self.sealer.seal_bytes(thumb, &self.layout.thumb_path(&id))?;
        }
        if let Some(Ok(found)) = &checked {
            self.sealer.seal_bytes(&serde_json::to_vec(found)?, &self.layout.faces_path(&id))?;
        }
        if let Some(dest) = self.layout.blob_path(&id, state) {
            vault::private_dir(dest.parent().unwrap_or(&self.layout.data))?;
            match &bytes {
                Some(bytes) => self.sealer.seal_bytes(bytes, &dest)?,
                None => {
                    crate::failpoint::gate("before_photo_read_again");
                    // Whatever stops it (the file changed, or cannot be read
                    // again), the thumbnail and face record sealed above go.
                    let sealed = std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(0)).and_then(|_| {
                        let dir = dest.parent().unwrap_or(&self.layout.data);
                        let (tmp, sha256, total) = self.sealer.seal_stream(&mut file, dir)?;
                        if total != len || sha256 != id.as_str() {
                            return Ok(false);
                        }
                        failpoint("after_temp_write");
                        vault::persist(tmp, &dest).map(|()| true)
                    });
                    if !matches!(sealed, Ok(true)) {
                        discard_uncommitted(&self.register(), &self.layout, id.as_str(), state);
                        sealed?;
                        return Ok(Entry::new(rel, Outcome::Waiting).detail("changed while being read"));
                    }
                }
            }
        }
        drop(bytes);
        failpoint("after_blob_persist");
        let mut photo = new_photo(&id, &self.folder_of(path), path, len, &analysis, facts, regions, thumbnail);
        photo.face_boxes = boxes.unwrap_or_default();
        self.commit(rel, &photo, &decision, sidecar.as_ref(), path, &opened)
    }

    /// Commits the row (the ciphertext is durable by now), then removes the
    /// original and its sidecar from the inbox. A row the register refuses
    /// (a photo to be stored that breaks the gate's invariants) or fails to
    /// write leaves the original in the inbox, and its ciphertext is removed
    /// at once rather than left in the vault until the next start.
    pub(super) fn commit(
        &self,
        rel: &str,
        photo: &NewPhoto,
        decision: &crate::policy::Decision,
        sidecar: Option<&Sidecar>,
        path: &Path,
        opened: &Version,
    ) -> crate::error::Result<Entry> {
        // Nothing leaves the inbox that was not read whole: the file must be
        // the version that was read, and nobody may still be writing it.
        if let Some(why) = ready::unsettled(path, opened) {
            discard_uncommitted(
                &self.register(),
                &self.layout,
                &photo.id,
                crate::register::state_for(decision.verdict),
            );
            return Ok(Entry::new(rel, Outcome::Waiting).detail(why));
        }
        // The ingest makes this change; a sidecar's `tagged_by` is only what
        // the file claims, recorded as such by `record_claim`.
        let actor = INGEST_ACTOR.to_string();
        let inserted = self.register().insert_photo(
            photo,
            decision,
            &self.config.rules(),
            self.today(),
            crate::audit::Origin::Ingest,
            &actor,
        );
        let state = match inserted {
            Ok(state) => state,
            Err(err) => {
                let state = crate::register::state_for(decision.verdict);
                discard_uncommitted(&self.register(), &self.layout, &photo.id, state);
                return Err(err.into());
            }
        };
        failpoint("after_row_commit");
        self.record_claim(&photo.id, sidecar);
        vault::remove_durable(path)?;
        if sidecar.is_some() {
            vault::remove_durable(&sidecar_for(path))?;
        }
        Ok(Entry {
            file: rel.into(),
            outcome: state.into(),
            photo: Some(photo.id.clone()),
            reasons: decision.reasons.clone(),
            detail: None,
            wait: Wait::NextPass,
        })
    }

    /// A file whose bytes are already on the register is not stored twice:
    /// the inbox copy goes (an encrypted copy exists, or the photo was
    /// deliberately deleted and is kept out).
    pub(super) fn duplicate(
        &self,
        id: &PhotoId,
        path: &Path,
        rel: &str,
        opened: &Version,
    ) -> crate::error::Result<Option<Entry>> {
        let Some(existing) = self.register().photo(id)? else { return Ok(None) };
        if let Some(why) = ready::unsettled(path, opened) {
            return Ok(Some(Entry::new(rel, Outcome::Waiting).detail(why)));
        }
        let detail = match existing.state {
            PhotoState::Deleted => {
                "this photo was deleted before: it came back and was removed again, not stored".to_string()
            }
            s => format!("already on the register ({s}): the copy was removed"),
        };
        self.register().audit(
            &crate::audit::Entry::new(INGEST_ACTOR, Action::IngestDuplicate)
                .photo(id)
                .detail(serde_json::json!({ "state": existing.state })),
        )?;
        vault::remove_durable(path)?;
        // A sidecar for a copy of a photo still waiting for tags tags it.
        let sidecar_path = sidecar_for(path);
        let mut entry = Entry {
            file: rel.into(),
            outcome: Outcome::Duplicate,
            photo: Some(id.clone()),
            reasons: existing.reasons.clone(),
            detail: Some(detail),
            wait: Wait::NextPass,
        };
        if existing.state == PhotoState::AwaitingTags {
            if let Ok(Some(s)) = sidecar::read(&sidecar_path, &self.config.purposes.known) {
                let (state, reasons) = self.apply_sidecar(&existing, &s)?;
                vault::remove_durable(&sidecar_path)?;
                entry.outcome = state.into();
                entry.reasons = reasons;
            }
        }
        Ok(Some(entry))
    }

    /// Runs the face check on the decoded image (then drops it), when it is
    /// enabled and the image decoded: `None` when it did not run. A detector
    /// failure is never taken as "no faces": it comes back as `Err` and
    /// becomes `face_check_failed`.
    pub(super) fn faces(
        &self,
        a: &mut media::Analysis,
    ) -> Option<Result<Vec<crate::faces::Face>, crate::faces::FaceError>> {
        let img = a.upright.take()?;
        // The longer side of the photo as taken (it may be decoded smaller).
        let side = a.width.zip(a.height).map_or(img.width().max(img.height()), |(w, h)| w.max(h));
        crate::faces::check(&self.config.faces, img, side)
    }

    /// Builds the policy's facts from what was learnt of the file: its
    /// own tags (sidecar, XMP) bound to register ids now, once, and merged
    /// (see [`Claims::apply`]), and the face ledger of the faces found
    /// (`boxes`, on the pixels that are stored). Returns the facts with the
    /// regions, by child id (or the name that named nobody).
    pub(super) fn facts(
        &self,
        a: &media::Analysis,
        path: &Path,
        received_on: NaiveDate,
        sidecar: Option<&Sidecar>,
        snapshot: &crate::policy::Snapshot,
        boxes: Option<&[[f64; 4]]>,
    ) -> (Facts, Vec<(String, [f64; 4])>) {
        let mut f = Facts::new(received_on);
        f.media_problem = a.problem.clone();
        f.camera = a.camera.clone();
        f.captured_on = a.captured_at.map(|t| t.date());
        f.captions = a.captions.clone();
        if let Some(folder) = self.folder_of(path) {
            f.folder_device =
                snapshot.devices.iter().find(|d| d.folder.as_deref() == Some(&folder)).map(|d| d.id.clone());
        }
        f.purposes = self.config.purposes.default.clone();
        f.faces = boxes.map(|b| vec![crate::policy::FaceIs::Unassigned; b.len()]);
        let claims = Claims::of(&snapshot.children, sidecar, &a.people, &a.regions);
        let regions = claims.apply(&mut f, boxes.unwrap_or_default());
        // A video is not checked frame by frame: a person watches it.
        if a.format().is_video() && self.config.faces.enabled {
            f.face_check_failed =
                Some("the faces in a video are not checked frame by frame: a manager must watch it".into());
        }
        (f, regions)
    }
}
