//! The XMP reader: the packet search over raw bytes and the XML parse.
#![no_main]

use consentgate::media::xmp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = xmp::read(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let mut out = xmp::Xmp::default();
        xmp::parse_into(text, &mut out);
        if let Some(o) = out.orientation {
            assert!((1..=8).contains(&o), "orientation {o} out of range");
        }
    }
});
