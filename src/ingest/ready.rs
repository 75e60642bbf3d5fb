//! When is a file in the inbox complete? When its writer closed it, or its
//! size and modification time have not changed for the settle time; and in
//! any case only when no process has it open for writing. A file that reads
//! as damaged (cut short) waits for the damaged-file grace time before it is
//! judged: a copy that stalls longer than the settle time must not be taken
//! half-written.

use std::collections::{HashMap, HashSet};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

#[derive(Debug, Default)]
pub struct Tracker {
    seen: HashMap<PathBuf, (u64, SystemTime, Instant)>,
    closed: HashSet<PathBuf>,
    /// Files that read as damaged, with the size and mtime they had then:
    /// not read again until they change or the grace time has passed.
    damaged: HashMap<PathBuf, (u64, SystemTime)>,
}

/// What identifies one version of a file: its inode, size and mtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    pub dev: u64,
    pub ino: u64,
    pub len: u64,
    pub mtime: SystemTime,
}

impl Version {
    pub fn of(meta: &std::fs::Metadata) -> Version {
        Version {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        }
    }

    /// How long ago the file was last written (zero if its mtime is ahead).
    pub fn age(&self) -> Duration {
        age(self.mtime)
    }
}

/// How long ago `mtime` was (zero if it is ahead of the clock).
fn age(mtime: SystemTime) -> Duration {
    crate::clock::system_now().duration_since(mtime).unwrap_or_default()
}

/// Why a file that was read must not be removed from the inbox yet, if it
/// must not: it was replaced, grew, shrank or was touched since it was
/// opened, or a process still has it open for writing.
pub fn unsettled(path: &Path, opened: &Version) -> Option<&'static str> {
    let Ok(now) = std::fs::symlink_metadata(path) else { return Some("vanished while being read") };
    if Version::of(&now) != *opened {
        return Some("changed while being read");
    }
    if open_for_writing(path.parent().unwrap_or(path)).contains(&(opened.dev, opened.ino)) {
        return Some("still open for writing by another program");
    }
    None
}

/// The files under `dir` (device, inode) that some process has open for
/// writing, as far as this user may see (`/proc/PID/fd` and `fdinfo`, on
/// Linux). Elsewhere, or for another user's processes, the empty set: the
/// settle time and the damaged-file grace time still apply.
pub fn open_for_writing(dir: &Path) -> HashSet<(u64, u64)> {
    let mut found = HashSet::new();
    let Ok(dir) = dir.canonicalize() else { return found };
    let Ok(procs) = std::fs::read_dir("/proc") else { return found };
    for p in procs.flatten() {
        if !p.file_name().to_str().is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(p.path().join("fd")) else { continue };
        for fd in fds.flatten() {
            let Ok(target) = std::fs::read_link(fd.path()) else { continue };
            if !target.starts_with(&dir) {
                continue;
            }
            let info = std::fs::read_to_string(p.path().join("fdinfo").join(fd.file_name())).unwrap_or_default();
            let flags = info
                .lines()
                .find_map(|l| l.strip_prefix("flags:"))
                .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
                .unwrap_or(0);
            // O_WRONLY (1) or O_RDWR (2)
            if flags & 0o3 == 0 {
                continue;
            }
            if let Ok(m) = std::fs::metadata(fd.path()) {
                found.insert((m.dev(), m.ino()));
            }
        }
    }
    found
}

impl Tracker {
    /// The writer closed this file (an inotify close-after-write event).
    pub fn closed(&mut self, path: &Path) {
        self.closed.insert(path.to_path_buf());
    }

    /// Is the file with this size and mtime ready, observed `now`?
    pub fn ready(&mut self, path: &Path, len: u64, mtime: SystemTime, settle: Duration, now: Instant) -> bool {
        if self.closed.remove(path) {
            return true;
        }
        // Untouched for the settle time already: complete.
        if crate::clock::system_now().duration_since(mtime).is_ok_and(|age| age >= settle) {
            return true;
        }
        match self.seen.get(path) {
            Some(&(l, m, since)) if l == len && m == mtime => now.duration_since(since) >= settle,
            _ => {
                self.seen.insert(path.to_path_buf(), (len, mtime, now));
                false
            }
        }
    }

    /// Forgets a file (taken, or gone).
    pub fn forget(&mut self, path: &Path) {
        self.seen.remove(path);
        self.closed.remove(path);
        self.damaged.remove(path);
    }

    /// The file read as damaged in this version.
    pub fn damaged(&mut self, path: &Path, v: &Version) {
        self.damaged.insert(path.to_path_buf(), (v.len, v.mtime));
    }

    /// Is this version of the file known to be damaged and still within the
    /// grace time? Then it is not read again yet.
    pub fn still_damaged(&self, path: &Path, len: u64, mtime: SystemTime, grace: Duration) -> bool {
        self.damaged.get(path).is_some_and(|&(l, m)| l == len && m == mtime && age(mtime) < grace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_ready_once_it_stops_changing() {
        let mut t = Tracker::default();
        let p = Path::new("/inbox/a.jpg");
        let settle = Duration::from_millis(500);
        let start = Instant::now();
        let mtime = crate::clock::system_now();
        assert!(!t.ready(p, 10, mtime, settle, start));
        assert!(!t.ready(p, 10, mtime, settle, start + Duration::from_millis(100)));
        // it grew: the clock starts again
        assert!(!t.ready(p, 20, mtime, settle, start + Duration::from_millis(600)));
        assert!(!t.ready(p, 20, mtime, settle, start + Duration::from_millis(900)));
        assert!(t.ready(p, 20, mtime, settle, start + Duration::from_millis(1100)));
    }

    #[test]
    fn an_old_or_closed_file_is_ready_at_once() {
        let mut t = Tracker::default();
        let old = crate::clock::system_now() - Duration::from_secs(60);
        assert!(t.ready(Path::new("/a"), 1, old, Duration::from_secs(2), Instant::now()));
        t.closed(Path::new("/b"));
        assert!(t.ready(Path::new("/b"), 1, crate::clock::system_now(), Duration::from_secs(2), Instant::now()));
    }

    #[test]
    fn a_damaged_file_is_left_alone_until_it_changes_or_the_grace_ends() {
        let mut t = Tracker::default();
        let p = Path::new("/inbox/a.jpg");
        let now = crate::clock::system_now();
        let v = Version { dev: 1, ino: 2, len: 10, mtime: now };
        t.damaged(p, &v);
        assert!(t.still_damaged(p, 10, now, Duration::from_secs(60)));
        assert!(!t.still_damaged(p, 20, now, Duration::from_secs(60)), "it grew: read it again");
        assert!(!t.still_damaged(p, 10, now, Duration::ZERO), "the grace is over: judge it");
        t.forget(p);
        assert!(!t.still_damaged(p, 10, now, Duration::from_secs(60)));
    }

    #[test]
    fn a_file_this_process_holds_open_for_writing_is_seen() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a.jpg");
        let mut f = std::fs::File::create(&path).expect("create");
        std::io::Write::write_all(&mut f, b"half").expect("write");
        let v = Version::of(&std::fs::metadata(&path).expect("meta"));
        assert!(open_for_writing(dir.path()).contains(&(v.dev, v.ino)));
        assert_eq!(unsettled(&path, &v), Some("still open for writing by another program"));
        drop(f);
        assert!(open_for_writing(dir.path()).is_empty());
        assert_eq!(unsettled(&path, &v), None);
        // Read-only opens do not count.
        let _r = std::fs::File::open(&path).expect("open");
        assert_eq!(unsettled(&path, &v), None);
        std::fs::write(&path, b"longer now").expect("rewrite");
        assert_eq!(unsettled(&path, &v), Some("changed while being read"));
    }
}
