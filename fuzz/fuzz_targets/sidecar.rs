//! Tagging sidecars (`photo.jpg.json`) written by other tools.
#![no_main]

use consentgate::ingest::sidecar;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let known = ["learning_journey".to_string(), "display".to_string()];
    if let Ok(s) = sidecar::parse(text, &known) {
        // A sidecar that passes its check only names known purposes.
        for p in &s.purposes {
            assert!(known.contains(p), "unknown purpose `{p}` passed the check");
        }
        let _ = s.check(&known);
    }
});
