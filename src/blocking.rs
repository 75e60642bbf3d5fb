//! One way onto tokio's blocking pool (SQLite, files, hashing, age,
//! decoding never run on the executor's threads), keeping the caller's
//! tracing span and raising a panic again in the caller (pict-rs's
//! `src/sync.rs` does the same).

/// Runs blocking work (SQLite, files, decoding) on tokio's blocking pool,
/// inside the caller's tracing span, named `name`; a panic in `f` is raised
/// again in the caller, not turned into an error.
pub async fn run<T, F>(name: &'static str, f: F) -> crate::error::Result<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::info_span!("blocking", task = name);
    match tokio::task::spawn_blocking(move || span.in_scope(f)).await {
        Ok(v) => Ok(v),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(crate::error::err!("{name}: {e}")),
    }
}
