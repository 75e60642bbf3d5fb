//! `serve`'s ingestion loop: file-system events are hints, so the inbox is
//! also scanned at start and on a timer; every scan runs on the blocking
//! pool; `shutdown` stops the loop after the scan in progress finishes. A
//! watcher error is logged, never dropped: the rescan covers for it.

use super::{Entry, Ingestor};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// Runs until `shutdown` resolves. `on_scan` sees each pass's entries;
/// `daily` runs at start and then once a day (date-driven re-checks and
/// retention), on the blocking pool like everything else.
pub async fn run(
    ingestor: Arc<Ingestor>,
    on_scan: impl Fn(&[Entry]) + Send + Sync + 'static,
    daily: impl Fn() + Send + Sync + 'static,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> crate::error::Result<()> {
    let (tx, mut rx) = mpsc::channel::<(PathBuf, bool)>(4096);
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        match res {
            Ok(ev) => {
                let closed = matches!(ev.kind, EventKind::Access(AccessKind::Close(AccessMode::Write)));
                for p in ev.paths {
                    // A full channel only loses hints: the rescan still finds the file.
                    let _ = tx.try_send((p, closed));
                }
            }
            Err(e) => tracing::warn!("file watcher: {e} (the periodic rescan still finds every file)"),
        }
    })?;
    let inbox = ingestor.config.paths.inbox.clone();
    watcher.watch(&inbox, RecursiveMode::Recursive)?;
    let shutdown = shutdown;
    tokio::pin!(shutdown);
    let mut rescan = tokio::time::interval(Duration::from_secs(ingestor.config.ingest.rescan_secs));
    let settle = Duration::from_millis(ingestor.config.ingest.settle_ms);
    let mut pending = false; // something in the inbox is still settling
    let on_scan = Arc::new(on_scan);
    let daily = Arc::new(daily);
    let mut day = tokio::time::interval(Duration::from_secs(86_400));
    loop {
        let recheck = tokio::time::sleep(if pending {
            (settle / 2).max(Duration::from_millis(50))
        } else {
            Duration::from_secs(86_400)
        });
        tokio::select! {
            _ = &mut shutdown => break,
            _ = rescan.tick() => {}
            _ = day.tick() => {
                let d = daily.clone();
                crate::blocking::run("daily", move || d()).await?;
                continue;
            }
            _ = recheck => {}
            Some((path, closed)) = rx.recv() => {
                if closed { ingestor.closed(&path); }
                // Short debounce: a copy raises many events.
                tokio::time::sleep(Duration::from_millis(100)).await;
                while let Ok((p, c)) = rx.try_recv() { if c { ingestor.closed(&p); } }
            }
        }
        let ing = ingestor.clone();
        let cb = on_scan.clone();
        let entries = crate::blocking::run("scan", move || {
            let entries = ing.scan();
            cb(&entries);
            entries
        })
        .await?;
        pending = entries.iter().any(Entry::retry_soon);
    }
    tracing::info!("stopping: the scan in progress has finished");
    Ok(())
}
