//! Login throttling: failed logins counted per name at an address and per
//! address, each with its own limit, over a window; an attempt is counted
//! before the password is checked and released when it succeeds.

use super::auth::{FAILURE_WINDOW, MAX_ADDRESS_FAILURES, MAX_FAILURES};
use super::AppState;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One throttle key and its limit.
pub type ThrottleKey = (String, u32);

/// The keys a login attempt counts against: the name (lower-cased, and
/// digested so that a huge name is not kept) at the address, then the
/// address. A stranger elsewhere cannot use up a user's own allowance.
pub fn login_keys(name: &str, ip: IpAddr) -> Vec<ThrottleKey> {
    let digest = hex::encode(Sha256::digest(name.to_lowercase().as_bytes()));
    vec![(format!("user:{digest}@{ip}"), MAX_FAILURES), (format!("addr:{ip}"), MAX_ADDRESS_FAILURES)]
}

#[derive(Debug, Default)]
struct Count {
    failures: u32,
    /// Password checks admitted and not yet finished.
    checking: u32,
    /// The first failure of the current window.
    since: Option<Instant>,
}

/// Whether a password check may start now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Admitted,
    /// Checks under way could still use up the allowance: wait for them.
    Wait,
    /// Too many failures: refused until the window passes.
    Refused,
}

/// Failed-login counts by name at an address and by address. A check is
/// admitted only while failures plus checks under way stay under every
/// key's limit, and is counted before the password is looked at: however
/// many requests arrive at once, no more than the limit are checked.
#[derive(Debug, Default)]
pub struct Throttle {
    counts: HashMap<String, Count>,
    changed: Arc<tokio::sync::Notify>,
}

impl Throttle {
    fn expire(&mut self) {
        let now = Instant::now();
        for c in self.counts.values_mut() {
            if c.since.is_some_and(|first| now.duration_since(first) >= FAILURE_WINDOW) {
                c.failures = 0;
                c.since = None;
            }
        }
        self.counts.retain(|_, c| c.failures > 0 || c.checking > 0);
    }

    /// Admits one check against all `keys` at once, or says why not.
    pub fn admit(&mut self, keys: &[ThrottleKey]) -> Admission {
        self.expire();
        let count = |k: &str| self.counts.get(k).map_or((0, 0), |c| (c.failures, c.checking));
        if keys.iter().any(|(k, limit)| count(k).0 >= *limit) {
            return Admission::Refused;
        }
        if keys.iter().any(|(k, limit)| count(k).0 + count(k).1 >= *limit) {
            return Admission::Wait;
        }
        for (k, _) in keys {
            self.counts.entry(k.clone()).or_default().checking += 1;
        }
        Admission::Admitted
    }

    /// Ends an admitted check. A failure counts against every key; a
    /// success clears the name-at-address count (the first key).
    pub fn finish(&mut self, keys: &[ThrottleKey], failed: bool) {
        for (i, (k, _)) in keys.iter().enumerate() {
            let Some(c) = self.counts.get_mut(k) else { continue };
            c.checking = c.checking.saturating_sub(1);
            if failed {
                c.failures += 1;
                c.since.get_or_insert_with(Instant::now);
            } else if i == 0 {
                c.failures = 0;
                c.since = None;
            }
        }
        self.expire();
    }

    /// Woken whenever a check finishes.
    pub fn changed(&self) -> Arc<tokio::sync::Notify> {
        self.changed.clone()
    }
}

/// An admitted password check; it must be finished with its outcome, and
/// is released uncounted if dropped unfinished (the check failed to run).
pub struct Attempt {
    state: Arc<AppState>,
    keys: Vec<ThrottleKey>,
    finished: bool,
}

impl Attempt {
    /// Waits (at most `patience`) for the throttle to admit a check.
    pub async fn admit(state: &Arc<AppState>, keys: Vec<ThrottleKey>, patience: Duration) -> Option<Attempt> {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let changed = state.throttle().changed();
            let notified = changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            match state.throttle().admit(&keys) {
                Admission::Admitted => return Some(Attempt { state: state.clone(), keys, finished: false }),
                Admission::Refused => return None,
                Admission::Wait => {}
            }
            tokio::time::timeout_at(deadline, notified).await.ok()?;
        }
    }

    /// Counts the outcome: `ok` is whether the password matched.
    pub fn finish(mut self, ok: bool) {
        self.end(!ok);
        self.finished = true;
    }

    fn end(&self, failed: bool) {
        let mut t = self.state.throttle();
        t.finish(&self.keys, failed);
        let changed = t.changed();
        drop(t);
        changed.notify_waiters();
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        if !self.finished {
            self.end(false);
        }
    }
}
