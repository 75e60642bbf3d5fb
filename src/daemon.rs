//! `serve`: the inbox watcher, the web UI and the daily duties in one
//! process, until a shutdown signal. The CLI only parses flags, unlocks the
//! identity, binds the listener and calls [`run`] (as mini-redis's server
//! binary calls `server::run`).

use crate::config::Config;
use crate::ingest::{Entry, Ingestor, Outcome};
use crate::model::short;
use std::future::Future;
use std::sync::Arc;

/// Runs the service until `shutdown` resolves: opens the ingester (taking
/// its lock and recovering from any crash), serves the web UI on `listener`
/// (reached at its URL) when one is given, locked until a manager unlocks
/// it when no `identity` is given (thumbnails and redaction need it), and
/// watches the inbox, with the daily re-check and retention at start and
/// once a day. The scan in progress finishes before it returns.
pub async fn run(
    config: Config,
    identity: Option<age::x25519::Identity>,
    listener: Option<(crate::web::Listening, String)>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> crate::error::Result<()> {
    let today = crate::clock::today()?;
    let offsite = (config.offsite.is_enabled() && config.offsite.push_every_minutes > 0)
        .then(|| tokio::spawn(push_offsite(config.clone())));
    let (ingestor, recovery) = crate::blocking::run("ingest.open", move || Ingestor::open(config, today)).await??;
    if !recovery.is_clean() {
        tracing::warn!("recovered from an interrupted run: {recovery}");
        eprintln!("recovered from an interrupted run: {recovery}");
    }
    // A re-check a crash left owing, finished before anything else.
    let owed_config = ingestor.config.clone();
    crate::blocking::run("recheck.owed", move || {
        crate::workflow::open_register(&owed_config, today, "consentgate").map(drop)
    })
    .await??;
    let (stop_web, stopped) = tokio::sync::oneshot::channel::<()>();
    let web_task = listener.map(|(listener, url)| {
        let state = Arc::new(crate::web::AppState::serving(ingestor.config.clone(), identity, listener.is_tls(), url));
        tokio::spawn(crate::web::serve(state, listener, async move {
            let _ = stopped.await;
        }))
    });
    let ingestor = Arc::new(ingestor);
    let daily_config = ingestor.config.clone();
    let daily = move || {
        let began = std::time::Instant::now();
        let result = crate::clock::today()
            .map_err(crate::error::Error::from)
            .and_then(|today| crate::workflow::daily(&daily_config, today));
        said_daily(&result, began.elapsed());
    };
    let watched = crate::ingest::watch::run(ingestor, report, daily, shutdown).await;
    // A push cut short here is finished by the next one.
    if let Some(task) = offsite {
        task.abort();
    }
    let _ = stop_web.send(());
    if let Some(task) = web_task {
        task.await??;
    }
    watched
}

/// What the day's re-check and retention did, for the operator (ids and
/// reason codes only), and how long it took.
fn said_daily(result: &crate::error::Result<crate::workflow::Swept>, took: std::time::Duration) {
    match result {
        Ok(swept) => {
            for m in &swept.moved {
                eprintln!("rechecked {} {} -> {}", short(&m.photo), m.from, m.to);
            }
            for p in &swept.announced {
                eprintln!("retention announced the deletion of {} a week ahead", short(p));
            }
            for d in &swept.deleted {
                eprintln!("retention deleted {} ({})", short(&d.photo), d.rule.code());
            }
            eprintln!("consentgate: daily re-check and retention done in {:.1} s", took.as_secs_f64());
        }
        Err(e) => {
            tracing::error!("daily re-check and retention failed: {e:#}");
            eprintln!("daily re-check and retention failed: {e:#}");
        }
    }
}

/// Pushes to the off-site store at start and then every
/// `offsite.push_every_minutes`; a failed push is logged and the next one
/// finishes its work.
async fn push_offsite(config: Config) {
    let every = std::time::Duration::from_secs(config.offsite.push_every_minutes.saturating_mul(60));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match crate::offsite::push(&config, std::sync::Arc::new(crate::progress::Quiet)).await {
            Ok(r) => {
                tracing::info!(
                    uploaded = r.uploaded,
                    deleted = r.deleted.len(),
                    sealed = r.sealed.len(),
                    "off-site push"
                );
                if r.uploaded > 0 || !r.deleted.is_empty() {
                    eprintln!("off-site push: {} uploaded, {} deleted off-site", r.uploaded, r.deleted.len());
                }
            }
            Err(e) => {
                tracing::error!("off-site push failed: {e:#}");
                eprintln!("off-site push failed (tried again in {} min): {e:#}", config.offsite.push_every_minutes);
            }
        }
    }
}

/// What a scan did, for the operator: ids, outcomes and reason codes only
/// (file names may carry children's names).
fn report(entries: &[Entry]) {
    for e in entries.iter().filter(|e| e.outcome != Outcome::Waiting) {
        let codes: Vec<&str> = e.reasons.iter().map(|r| r.code.as_str()).collect();
        tracing::info!(photo = e.photo.as_deref().unwrap_or("-"), outcome = %e.outcome, reasons = ?codes, "ingested");
        eprintln!("{} {} {}", e.outcome, e.photo.as_deref().map(short).unwrap_or("-"), codes.join(","));
    }
}

/// `serve`'s shutdown: a future that resolves on SIGINT or SIGTERM. The
/// handlers are installed here, at once (inside the runtime), not when the
/// future is first polled: a signal that comes early must not find the
/// default action (which kills the process mid-scan).
pub fn shutdown_signal() -> crate::error::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut int = signal(SignalKind::interrupt())?;
    let mut term = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    })
}
