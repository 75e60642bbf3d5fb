//! The detector's threads: tiles from every photo being checked run on
//! one pool, one thread per core.

use super::{FaceError, RawBox};
use std::sync::{LazyLock, Mutex};

/// The detector's own threads, one per core (at most 8), alive for the
/// whole process and fed tiles through one queue: at most that many tiles
/// run at once, whatever the number of photos being checked (a run's
/// activations are the detector's memory), and each thread's allocator
/// reuses the memory of its last tile for the next instead of handing it
/// back to the system and faulting it in again.
pub(super) struct Pool {
    queue: Mutex<std::sync::mpsc::Sender<Job>>,
    pub(super) threads: usize,
}

type Job = Box<dyn FnOnce() + Send + 'static>;

pub(super) static POOL: LazyLock<Pool> = LazyLock::new(|| {
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let rx = std::sync::Arc::new(Mutex::new(rx));
    let mut started = 0;
    for i in 0..threads() {
        let rx = rx.clone();
        let spawned = std::thread::Builder::new().name(format!("faces-{i}")).spawn(move || loop {
            // A thread already waiting holds the queue's lock: this one has
            // no tile either.
            let ready = match rx.try_lock() {
                Ok(queue) => queue.try_recv(),
                Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner().try_recv(),
                Err(std::sync::TryLockError::WouldBlock) => Err(std::sync::mpsc::TryRecvError::Empty),
            };
            let job = match ready {
                Ok(job) => job,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => return,
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    // Out of tiles: what this thread's tiles used goes back
                    // to the system before it waits.
                    crate::memory::release();
                    match rx.lock().unwrap_or_else(std::sync::PoisonError::into_inner).recv() {
                        Ok(job) => job,
                        Err(_) => return,
                    }
                }
            };
            // A job catches its own panics; this keeps the thread alive
            // should one ever escape.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        });
        if spawned.is_ok() {
            started += 1;
        }
    }
    Pool { queue: Mutex::new(tx), threads: started }
});

impl Pool {
    /// Runs `job` on a detector thread (on this one if none could start).
    fn run(&self, job: Job) {
        if self.threads == 0 {
            return job();
        }
        let queue = self.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Err(std::sync::mpsc::SendError(job)) = queue.send(job) {
            drop(queue);
            job();
        }
    }
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8)
}

/// Runs `look` on every tile on the detector's threads; the results come
/// back in the tiles' order, or the first failure. Once a tile has failed,
/// the photo's tiles not yet started are skipped.
pub(super) fn run_each<T, F>(tiles: &[T], look: F) -> Result<Vec<(T, Vec<RawBox>)>, FaceError>
where
    T: Clone + Send + 'static,
    F: Fn(T) -> Result<Vec<RawBox>, FaceError> + Send + Sync + 'static,
{
    let look = std::sync::Arc::new(look);
    let failed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (tx, rx) = std::sync::mpsc::channel();
    for (i, t) in tiles.iter().cloned().enumerate() {
        let (look, failed, tx) = (look.clone(), failed.clone(), tx.clone());
        POOL.run(Box::new(move || {
            if failed.load(std::sync::atomic::Ordering::Relaxed) {
                return; // its photo has failed already: the result is not waited for
            }
            let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| look(t)))
                .unwrap_or_else(|_| Err(FaceError("the face detector panicked".into())));
            if found.is_err() {
                failed.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            let _ = tx.send((i, found));
        }));
    }
    drop(tx);
    let mut out: Vec<(usize, Vec<RawBox>)> = Vec::with_capacity(tiles.len());
    for (i, found) in rx {
        out.push((i, found?));
    }
    if out.len() != tiles.len() {
        return Err(FaceError("the face detector stopped before it looked at the whole photo".into()));
    }
    // In the tiles' order, so that ties between boxes break the same way
    // on every run.
    out.sort_by_key(|(i, _)| *i);
    Ok(out.into_iter().map(|(i, found)| (tiles[i].clone(), found)).collect())
}
