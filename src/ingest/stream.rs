//! Large files and videos: hashed and encrypted in one pass, in constant
//! memory, their facts taken from the container.

use super::*;

impl Ingestor {
    /// Large files and videos: hashed and encrypted in one pass, in constant
    /// memory. Their facts come from the first bytes only.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn take_streamed(
        &self,
        mut file: File,
        head: Vec<u8>,
        format: Format,
        opened: &Version,
        path: &Path,
        rel: &str,
        sidecar: Option<&Sidecar>,
    ) -> crate::error::Result<Entry> {
        let len = opened.len;
        let mut analysis = media::Analysis { format: Some(format), ..Default::default() };
        if format.is_video() {
            use std::io::{Seek, SeekFrom};
            let v = media::video::read(&mut file);
            file.seek(SeekFrom::Start(head.len() as u64))?;
            // No movie header yet: cameras write it last, so this is most
            // likely a copy still on its way.
            if v == media::video::VideoFacts::default() {
                if let Some(wait) = self.wait_if_damaged(path, rel, opened) {
                    return Ok(wait);
                }
            }
            if v.make.is_some() || v.model.is_some() {
                analysis.camera = Some(crate::policy::Camera {
                    make: v.make.unwrap_or_default(),
                    model: v.model.unwrap_or_default(),
                    serial: None,
                });
            }
            analysis.captured_at = v.created;
            analysis.width = v.width;
            analysis.height = v.height;
            analysis.gps = v.gps;
            analysis.captions = v.captions;
        }
        analysis.problem = if format == Format::Unknown {
            Some((crate::policy::MediaProblem::UnsupportedFormat, "unrecognised large file".into()))
        } else {
            media::over_byte_limit(format, len, &self.limits).map(|w| (crate::policy::MediaProblem::TooLarge, w))
        };
        let snapshot = self.register().snapshot()?;
        let (facts, regions) = self.facts(&analysis, path, self.today(), sidecar, &snapshot, None);
        let decision = decide(&facts, &snapshot, &self.config.rules(), self.today());
        let state = crate::register::state_for(decision.verdict);
        // The id is not known yet: encrypt into the state's folder, then
        // name it (a rename on the same file system).
        let dir = self.layout.state_dir(state);
        let mut reader = std::io::Cursor::new(head).chain(&mut file);
        // A video's preview frame (ffmpeg, a process of its own) is taken
        // while the file is sealed.
        let (sealed, preview) = std::thread::scope(|scope| {
            let preview = format.is_video().then(|| scope.spawn(|| media::video::preview_frame(path)));
            let sealed = self.sealer.seal_stream_parallel(&mut reader, &dir);
            (sealed, preview.and_then(|p| p.join().ok().flatten()))
        });
        let (tmp, id, total) = sealed?;
        let id = PhotoId::of_sha256_hex(id);
        if total != len {
            return Ok(Entry::new(rel, Outcome::Waiting).detail("changed while being read"));
        }
        let Some(_guard) = InFlight::claim(&self.in_flight, &id) else {
            return Ok(Entry::new(rel, Outcome::Waiting).detail("an identical file is being processed"));
        };
        if let Some(e) = self.duplicate(&id, path, rel, opened)? {
            return Ok(e); // the temporary file is dropped, and so removed
        }
        let dest = self.layout.blob_path(&id, state).unwrap_or_else(|| dir.join(format!("{id}.age")));
        vault::private_dir(dest.parent().unwrap_or(&dir))?;
        failpoint("after_temp_write");
        vault::persist(tmp, &dest)?;
        if let Some(frame) = &preview {
            self.sealer.seal_bytes(frame, &self.layout.thumb_path(&id))?;
        }
        failpoint("after_blob_persist");
        let photo = new_photo(&id, &self.folder_of(path), path, len, &analysis, facts, regions, preview.is_some());
        self.commit(rel, &photo, &decision, sidecar, path, opened)
    }
}
