//! The working memory that ingest's image decodes and face checks may
//! hold at once (`limits.working_memory_mb`).
//!
//! Each of them takes a [`Share`] sized to what it will hold at most before
//! it starts, and gives it back when it is done: a 20 MP AVIF decode
//! (about 120 MB inside libheif and dav1d) then never runs beside a face
//! check (about 50 MB over two 480 px tiles), which together took the
//! service past 250 MiB. The decodes at ingest (for the check and the
//! thumbnail) and the face check take shares; the full-size decodes of the
//! web view, redaction and export (`decode_upright`), one photo at a time
//! on a person's request, do not.
//!
//! Shares are handed out in the order they were asked for, so a large one
//! is never passed over for ever by a stream of small ones, and one larger
//! than the whole budget waits until nothing else is held and then runs
//! alone (a photo is never refused for its size here: the pixel limit does
//! that).
//!
//! A thread holds at most one share at a time (decode, then face check),
//! so no two wait on each other. A decoder that never returned would keep
//! its share, and the shares asked for after it would wait: ingest would
//! stop, with every file left in the inbox.
//!
//! The face check's share counts a tile for each detector thread (one per
//! core): on more than two cores, raise the budget with the cores, or
//! checks run one at a time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

/// The default budget. `benches/ingest_rss.sh` (40 photos, two workers,
/// the face check on, 480 px tiles) peaked at 175/182 MiB (best/median);
/// with 448 px tiles 186-196 MiB with 96 and 193-206 with 128.
pub const DEFAULT_BYTES: u64 = 96 << 20;

/// A budget of bytes, shared by the threads that take from it.
pub struct Budget {
    total: AtomicU64,
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    held: u64,
    /// Holders of shares now.
    holders: usize,
    /// The next ticket to hand out, and the one served next.
    next: u64,
    serving: u64,
}

/// Part of a [`Budget`], given back on drop.
#[must_use = "the share is given back as soon as it is dropped"]
pub struct Share<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    pub const fn new(total: u64) -> Self {
        Budget {
            total: AtomicU64::new(total),
            state: Mutex::new(State { held: 0, holders: 0, next: 0, serving: 0 }),
            changed: Condvar::new(),
        }
    }

    /// Sets the budget's size (shares already held keep their bytes).
    pub fn set_total(&self, total: u64) {
        self.total.store(total.max(1), Ordering::Relaxed);
        self.changed.notify_all();
    }

    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    /// Bytes held now.
    pub fn held(&self) -> u64 {
        self.lock().held
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits for its turn and for `bytes` to fit beside what is held (or,
    /// if larger than the whole budget, for nothing else to be held).
    pub fn take(&self, bytes: u64) -> Share<'_> {
        let mut s = self.lock();
        let ticket = s.next;
        s.next += 1;
        loop {
            let fits = s.holders == 0 || s.held.saturating_add(bytes) <= self.total();
            if s.serving == ticket && fits {
                break;
            }
            s = self.changed.wait(s).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        s.serving += 1;
        s.held += bytes;
        s.holders += 1;
        drop(s);
        // The next ticket may fit beside this one.
        self.changed.notify_all();
        Share { budget: self, bytes }
    }
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        let mut s = self.budget.lock();
        s.held -= self.bytes;
        s.holders -= 1;
        drop(s);
        self.budget.changed.notify_all();
    }
}

static RELEASE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Installs what [`release`] runs (once; later calls are ignored). The
/// allocator is the binary's choice, so the binary installs it.
pub fn on_release(hook: fn()) {
    let _ = RELEASE.set(hook);
}

/// Hands the memory this thread has freed back to the system now rather
/// than after the allocator's delay: when a detector thread runs out of
/// tiles, and after each photo. Does nothing unless the binary installed
/// a hook (tests, other programs).
pub fn release() {
    if let Some(hook) = RELEASE.get() {
        hook();
    }
}

/// The process's budget for decodes and the face check.
pub static WORKING: Budget = Budget::new(DEFAULT_BYTES);

/// Bytes a libheif decode of a `w` x `h` image holds at most: the coded
/// planes, libheif's copy of them and the RGB image (measured: 142 MB for a
/// 20 MP AVIF, 76 MB for a 12 MP HEIC).
pub fn heif_decode_bytes(w: u32, h: u32) -> u64 {
    u64::from(w) * u64::from(h) * 7
}

/// Bytes a decode to `out` pixels (JPEG, scaled by libjpeg-turbo) holds:
/// the decoded image, its resized copy and the decoder's rows, and the
/// `coefficients` it keeps of a JPEG in several scans (progressive) until
/// the last scan (all of them: `media`'s coefficient store keeps most in a
/// scratch file, but holds them all if the file fails; a 100 MP progressive
/// JPEG peaked at 356 MiB when libjpeg held them all, 168 MiB with the
/// store).
pub fn jpeg_decode_bytes(out: (u32, u32), coefficients: u64) -> u64 {
    u64::from(out.0) * u64::from(out.1) * 8 + (4 << 20) + coefficients
}

/// Bytes a full decode of a `w` x `h` image by the `image` crate holds
/// (up to 4 bytes a pixel, then the resized copy of `out` pixels).
pub fn full_decode_bytes(w: u32, h: u32, out: (u32, u32)) -> u64 {
    u64::from(w) * u64::from(h) * 5 + u64::from(out.0) * u64::from(out.1) * 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;
    use std::thread::JoinHandle;
    use std::time::Duration;

    /// Runs `f` on the budget in a thread of its own.
    fn spawn<T: Send + 'static>(b: &Arc<Budget>, f: impl FnOnce(&Budget) -> T + Send + 'static) -> JoinHandle<T> {
        let b = b.clone();
        std::thread::spawn(move || f(&b))
    }

    #[test]
    fn shares_that_fit_are_held_together_and_given_back() {
        let b = Budget::new(100);
        let one = b.take(40);
        let two = b.take(60);
        assert_eq!(b.held(), 100);
        drop(one);
        assert_eq!(b.held(), 60);
        drop(two);
        assert_eq!(b.held(), 0);
    }

    /// Runs `f` on the budget in a thread of its own and checks that it
    /// has not finished while `blocker` is held, and that it does once
    /// `blocker` is given back.
    fn waits_for(b: &Arc<Budget>, blocker: Share<'_>, why: &str, f: impl FnOnce(&Budget) + Send + 'static) {
        let done = Arc::new(AtomicUsize::new(0));
        let t = {
            let done = done.clone();
            spawn(b, move |b| {
                f(b);
                done.store(1, Ordering::SeqCst);
            })
        };
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(done.load(Ordering::SeqCst), 0, "{why}");
        drop(blocker);
        t.join().unwrap();
        assert_eq!(done.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_share_that_does_not_fit_waits_until_one_is_given_back() {
        let b = Arc::new(Budget::new(100));
        let first = b.take(70);
        waits_for(&b, first, "70 + 50 is over 100: it must wait", |b| drop(b.take(50)));
        assert_eq!(b.held(), 0);
    }

    #[test]
    fn a_share_larger_than_the_budget_runs_alone() {
        let b = Arc::new(Budget::new(100));
        let small = b.take(10);
        waits_for(&b, small, "500 is over the whole budget: it waits for the 10 held", |b| {
            let big = b.take(500);
            assert_eq!(b.held(), 500, "nothing else is held beside it");
            drop(big);
        });
    }

    /// Waits until `n` tickets have been handed out (so a thread spawned
    /// before is in the queue), without relying on how long a sleep is.
    fn until_asked(b: &Budget, n: u64) {
        while b.lock().next < n {
            std::thread::yield_now();
        }
    }

    /// A big share waiting is not passed over by a small one asked for
    /// after it, even though the small one would fit beside what is held.
    /// The small one cannot fit beside the big one either, so the order in
    /// which they note themselves is the order they were served in.
    #[test]
    fn shares_are_served_in_the_order_asked() {
        let b = Arc::new(Budget::new(100));
        let held = b.take(30);
        let order = Arc::new(Mutex::new(Vec::new()));
        let big = {
            let order = order.clone();
            spawn(&b, move |b| {
                let s = b.take(90);
                order.lock().unwrap().push("big");
                drop(s);
            })
        };
        until_asked(&b, 2);
        let small = {
            let order = order.clone();
            spawn(&b, move |b| {
                let _s = b.take(20);
                order.lock().unwrap().push("small");
            })
        };
        until_asked(&b, 3);
        std::thread::sleep(Duration::from_millis(100));
        assert!(order.lock().unwrap().is_empty(), "30 + 20 fits, but the small share waits behind the big one");
        drop(held);
        big.join().unwrap();
        small.join().unwrap();
        assert_eq!(*order.lock().unwrap(), ["big", "small"]);
    }

    #[test]
    fn many_threads_never_hold_more_than_the_budget() {
        let b = Arc::new(Budget::new(100));
        let peak = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let peak = peak.clone();
                spawn(&b, move |b| {
                    for n in 0..50u64 {
                        let s = b.take(10 + (i * 7 + n * 13) % 60);
                        peak.fetch_max(b.held(), Ordering::SeqCst);
                        std::thread::yield_now();
                        drop(s);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(peak.load(Ordering::SeqCst) <= 100, "peak {}", peak.load(Ordering::SeqCst));
        assert_eq!(b.held(), 0);
    }
}
