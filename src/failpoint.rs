//! Test-only crash points and faults. A release binary never reads the
//! variable: everything here that acts is behind the `failpoints` feature,
//! which only the test build has (the crate's dev-dependency on itself
//! turns it on). At the bottom of the house, so that any layer may have a
//! crash point.

use std::path::Path;

/// A test-only crash point: when `$CONSENTGATE_FAILPOINT` names this step,
/// the process aborts right here, as a power cut would stop it. Only in
/// builds with the `failpoints` feature, which only the test build has (the
/// crate's dev-dependency on itself turns it on): a release binary never
/// reads the variable.
pub fn failpoint(step: &str) {
    #[cfg(feature = "failpoints")]
    {
        let mut here = CRASH_HERE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if here.as_deref() == Some(step) {
            // An in-process test's crash: the step stops here, unwinding
            // (the test catches it, drops everything it held and starts
            // again).
            *here = None;
            CRASHED.store(true, std::sync::atomic::Ordering::SeqCst);
            drop(here);
            #[allow(clippy::panic)] // the test build's crash, on purpose
            std::panic::panic_any(SimulatedCrash(step.to_string()));
        }
    }
    if fault_injected(step) {
        eprintln!("failpoint {step}: aborting");
        std::process::abort();
    }
}

/// What an in-process crash (see [`crash_at`]) unwinds with.
#[cfg(feature = "failpoints")]
#[derive(Debug)]
pub struct SimulatedCrash(pub String);

#[cfg(feature = "failpoints")]
static CRASH_HERE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
#[cfg(feature = "failpoints")]
static CRASHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Test build only: the next time any thread of the process reaches
/// failpoint `step` it unwinds with [`SimulatedCrash`], as if the process
/// had stopped there (`None` clears it). For in-process tests that crash
/// in the middle of steps many times a second (one such test a process).
#[cfg(feature = "failpoints")]
pub fn crash_at(step: Option<&str>) {
    *CRASH_HERE.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = step.map(str::to_string);
}

/// Test build only: whether a simulated crash happened since last asked.
#[cfg(feature = "failpoints")]
pub fn crashed() -> bool {
    CRASHED.swap(false, std::sync::atomic::Ordering::SeqCst)
}

/// Whether a caught panic is a simulated crash, which code that catches
/// panics (to keep running after a bad file) must let through: a crash
/// stops everything. Never, outside the test build.
pub fn is_simulated_crash(_payload: &(dyn std::any::Any + Send)) -> bool {
    #[cfg(feature = "failpoints")]
    return _payload.is::<SimulatedCrash>();
    #[cfg(not(feature = "failpoints"))]
    false
}

/// A test-only fault: true when `$CONSENTGATE_FAILPOINT` names this step,
/// for steps that fail by returning an error rather than by crashing.
#[cfg(feature = "failpoints")]
pub fn fault_injected(step: &str) -> bool {
    std::env::var("CONSENTGATE_FAILPOINT").is_ok_and(|v| v == step)
}

/// A test-only pause: when `$CONSENTGATE_FAILPOINT` names this step, waits
/// (up to a minute) until the file `$CONSENTGATE_GATE` exists, so that a
/// test can change the register between two steps.
pub fn gate(step: &str) {
    if !fault_injected(step) {
        return;
    }
    let Some(gate) = std::env::var_os("CONSENTGATE_GATE") else { return };
    // The test learns the step is reached from `$CONSENTGATE_GATE.waiting`.
    let mut waiting = gate.clone();
    waiting.push(".waiting");
    let _ = std::fs::write(&waiting, step);
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !Path::new(&gate).exists() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Without the `failpoints` feature there are no faults to inject.
#[cfg(not(feature = "failpoints"))]
#[inline(always)]
pub fn fault_injected(_step: &str) -> bool {
    false
}
