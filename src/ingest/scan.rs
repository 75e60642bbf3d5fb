//! Passes over the inbox: listing what is there (reporting what is never
//! taken), deciding what is complete, taking it with a pool of workers, and
//! `ingest --once`'s passes until nothing is settling.

use super::*;

impl Ingestor {
    /// Lists candidate files: regular files with names worth taking, and
    /// reports what is refused (links, FIFOs, devices, folders nested deeper
    /// than [`MAX_DEPTH`]).
    pub(super) fn list(&self) -> (Vec<(PathBuf, std::fs::Metadata)>, Vec<Entry>) {
        let mut files = Vec::new();
        let mut refused = Vec::new();
        let mut dirs = vec![(self.config.paths.inbox.clone(), 0usize)];
        while let Some((dir, depth)) = dirs.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else { continue };
            for e in rd.flatten() {
                let path = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if ignored_name(&name) {
                    continue;
                }
                let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
                let ft = meta.file_type();
                if ft.is_dir() {
                    if depth < MAX_DEPTH {
                        dirs.push((path, depth + 1));
                    } else {
                        refused.push(Entry::new(&self.rel(&path), Outcome::Skipped).detail(format!(
                            "a folder nested more than {MAX_DEPTH} deep in the inbox: not searched; move its photos up"
                        )));
                    }
                } else if ft.is_file() {
                    files.push((path, meta));
                } else {
                    let what = if ft.is_symlink() { "a symbolic link" } else { "not a regular file" };
                    refused.push(
                        Entry::new(&self.rel(&path), Outcome::Skipped)
                            .detail(format!("{what}: never followed or read")),
                    );
                }
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        (files, refused)
    }

    /// One pass over the inbox: takes every complete file, in parallel up to
    /// the configured workers.
    pub fn scan(&self) -> Vec<Entry> {
        self.scan_with(&crate::progress::Quiet)
    }

    /// [`Self::scan`], telling `progress` of each file taken.
    pub fn scan_with(&self, progress: &dyn crate::progress::Progress) -> Vec<Entry> {
        let (files, mut entries) = self.list();
        let now = Instant::now();
        let present: HashSet<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
        let mut queue = VecDeque::new();
        // Read /proc once per pass, and only when there is something to take.
        let mut writing: Option<HashSet<(u64, u64)>> = None;
        for (path, meta) in files {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let mtime = meta.modified().unwrap_or(std::time::SystemTime::UNIX_EPOCH);
            let (ready, damaged) = {
                let mut t = self.tracker.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                (
                    t.ready(&path, meta.len(), mtime, self.settle(), now),
                    t.still_damaged(&path, meta.len(), mtime, self.grace()),
                )
            };
            if !ready {
                entries.push(Entry::new(&self.rel(&path), Outcome::Waiting).detail("still being written"));
                continue;
            }
            if damaged {
                entries.push(
                    Entry::new(&self.rel(&path), Outcome::Waiting)
                        .detail(self.damaged_detail())
                        .waiting_for(Wait::Rest),
                );
                continue;
            }
            let v = Version::of(&meta);
            if writing
                .get_or_insert_with(|| ready::open_for_writing(&self.config.paths.inbox))
                .contains(&(v.dev, v.ino))
            {
                entries.push(
                    Entry::new(&self.rel(&path), Outcome::Waiting).detail("still open for writing by another program"),
                );
                continue;
            }
            if let Some(photo_name) = name.strip_suffix(SIDECAR_SUFFIX) {
                // A sidecar whose photo is still in the inbox goes with it.
                if !present.contains(&path.with_file_name(photo_name)) {
                    queue.push_back(path);
                }
                continue;
            }
            queue.push_back(path);
        }
        if !queue.is_empty() {
            progress.begin("files", queue.len() as u64);
        }
        let queue = Mutex::new(queue);
        let results = Mutex::new(Vec::new());
        let workers = self.config.workers().max(1);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    let next = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop_front();
                    let Some(path) = next else { break };
                    let entry = self.take(&path);
                    // What the photo's decode and check freed goes back now.
                    crate::memory::release();
                    progress.step(&entry.file);
                    if entry.outcome != Outcome::Waiting {
                        self.tracker.lock().unwrap_or_else(std::sync::PoisonError::into_inner).forget(&path);
                    }
                    results.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(entry);
                });
            }
        });
        entries.extend(results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner));
        entries.sort_by(|a, b| a.file.cmp(&b.file));
        self.note_left(&entries);
        entries
    }

    /// Records on the register what this pass left in the inbox that
    /// waiting a moment will not take, for the manager's overview and
    /// `doctor`. A failure to record is logged: the pass itself stands.
    fn note_left(&self, entries: &[Entry]) {
        use crate::register::LeftKind;
        let mut left = Vec::new();
        let mut pending = Vec::new();
        for e in entries {
            let kind = match e.outcome {
                Outcome::Failed => LeftKind::Failed,
                Outcome::Waiting if e.wait == Wait::Photo => LeftKind::Waiting,
                // Still there (not a file that vanished while being taken).
                Outcome::Skipped if std::fs::symlink_metadata(self.config.paths.inbox.join(&e.file)).is_ok() => {
                    LeftKind::Skipped
                }
                Outcome::Waiting => {
                    pending.push(e.file.as_str());
                    continue;
                }
                _ => continue,
            };
            left.push((e.file.clone(), kind, e.detail.clone().unwrap_or_else(|| e.outcome.to_string())));
        }
        if let Err(err) = self.register().note_inbox_pass(&left, &pending) {
            tracing::error!("could not record what the pass left in the inbox: {err:#}");
        }
    }

    /// Processes one file; every failure becomes an entry, never a panic,
    /// and leaves the file in the inbox.
    pub(super) fn take(&self, path: &Path) -> Entry {
        let rel = self.rel(path);
        let is_sidecar = path.to_string_lossy().ends_with(SIDECAR_SUFFIX);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if is_sidecar {
                self.take_late_sidecar(path, &rel)
            } else {
                self.take_photo(path, &rel)
            }
        }));
        match result {
            Ok(Ok(e)) => e,
            Ok(Err(err)) => {
                tracing::error!(file = %rel, "ingest failed: {err:#}");
                Entry::new(&rel, Outcome::Failed).detail(format!("{err:#}"))
            }
            Err(p) if crate::vault::is_simulated_crash(&*p) => std::panic::resume_unwind(p),
            Err(_) => Entry::new(&rel, Outcome::Failed)
                .detail("internal error while processing; the file was left in the inbox"),
        }
    }

    /// Runs passes until nothing in the inbox is still settling, or the
    /// patience runs out (`ingest --once`).
    pub fn run_once(&self, patience: Duration, progress: &dyn crate::progress::Progress) -> Vec<Entry> {
        let start = Instant::now();
        let mut done: Vec<Entry> = Vec::new();
        loop {
            let pass = self.scan_with(progress);
            let (waiting, finished): (Vec<Entry>, Vec<Entry>) =
                pass.into_iter().partition(|e| e.outcome == Outcome::Waiting);
            done.extend(finished);
            let settling = waiting.iter().any(Entry::retry_soon);
            if !settling || start.elapsed() >= patience {
                done.extend(waiting);
                break;
            }
            std::thread::sleep((self.settle() / 4).max(Duration::from_millis(50)));
        }
        progress.end();
        // A file is reported once: its last outcome.
        let mut seen = HashSet::new();
        let mut out: Vec<Entry> = done.into_iter().rev().filter(|e| seen.insert(e.file.clone())).collect();
        out.reverse();
        out.sort_by(|a, b| a.file.cmp(&b.file));
        out
    }
}
