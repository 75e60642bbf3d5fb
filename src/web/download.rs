//! Downloads made as they are sent: a zip written by blocking work into the
//! response in blocks of 64 KiB, at the client's pace, never to disk.

use axum::response::{IntoResponse, Response};

/// A zip named `name`, written by `work` into the response as it is made,
/// on the blocking pool. A failure partway ends the response with an error,
/// so the client sees the download fail, never a short zip.
pub fn zip(name: &str, work: impl FnOnce(&mut Blocks) -> crate::error::Result<()> + Send + 'static) -> Response {
    // At most four blocks of 64 KiB wait for the client.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(4);
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut sink = Blocks { tx: tx.clone(), block: Vec::with_capacity(BLOCK), runtime };
        let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> crate::error::Result<()> {
            work(&mut sink)?;
            std::io::Write::flush(&mut sink)?;
            Ok(())
        }))
        .unwrap_or_else(|_| Err(crate::error::err!("the download's work panicked")));
        if let Err(e) = made {
            // The client sees the download fail, not a short zip.
            tracing::error!("download: {e:#}");
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    let body = axum::body::Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)));
    (zip_headers(name), body).into_response()
}

/// A zip already made (a small one, such as a receipt), named `name`.
pub fn zip_made(name: &str, bytes: Vec<u8>) -> Response {
    (zip_headers(name), bytes).into_response()
}

/// A zip download's headers: never cached.
fn zip_headers(name: &str) -> [(axum::http::HeaderName, String); 3] {
    [
        (axum::http::header::CONTENT_TYPE, "application/zip".to_string()),
        (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        (axum::http::header::CACHE_CONTROL, "no-store".to_string()),
    ]
}

/// The size of a block of a download handed to the response.
const BLOCK: usize = 1 << 16;

/// How long a block may wait for a client that has stopped reading before
/// the download is given up (the work holds a register connection).
const STALLED: std::time::Duration = std::time::Duration::from_secs(120);

/// A writer whose bytes go to a response in blocks, waiting while the
/// client is behind: the other end gone, or stalled for [`STALLED`], is an
/// error (the work stops).
pub struct Blocks {
    tx: tokio::sync::mpsc::Sender<std::io::Result<Vec<u8>>>,
    block: Vec<u8>,
    runtime: tokio::runtime::Handle,
}

impl std::io::Write for Blocks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(BLOCK - self.block.len());
        self.block.extend_from_slice(&buf[..n]);
        if self.block.len() == BLOCK {
            self.flush()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.block.is_empty() {
            return Ok(());
        }
        let block = std::mem::replace(&mut self.block, Vec::with_capacity(BLOCK));
        // On a blocking thread: waiting here holds no async worker.
        self.runtime.block_on(self.tx.send_timeout(Ok(block), STALLED)).map_err(|e| match e {
            tokio::sync::mpsc::error::SendTimeoutError::Timeout(_) => {
                std::io::Error::new(std::io::ErrorKind::TimedOut, "the client stopped reading the download")
            }
            tokio::sync::mpsc::error::SendTimeoutError::Closed(_) => {
                std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the download was stopped")
            }
        })
    }
}
