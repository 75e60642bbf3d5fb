//! When is a file in the inbox complete? When its writer closed it, or its
//! size and modification time have not changed for the settle time.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

#[derive(Debug, Default)]
pub struct Tracker {
    seen: HashMap<PathBuf, (u64, SystemTime, Instant)>,
    closed: HashSet<PathBuf>,
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
        if SystemTime::now().duration_since(mtime).is_ok_and(|age| age >= settle) {
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
        let mtime = SystemTime::now();
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
        let old = SystemTime::now() - Duration::from_secs(60);
        assert!(t.ready(Path::new("/a"), 1, old, Duration::from_secs(2), Instant::now()));
        t.closed(Path::new("/b"));
        assert!(t.ready(Path::new("/b"), 1, SystemTime::now(), Duration::from_secs(2), Instant::now()));
    }
}
