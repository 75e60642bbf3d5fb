//! Format sniffing and `media::analyse`: every fact read from a file held in
//! memory (magic bytes, EXIF, IPTC, XMP, the decode check, the thumbnail).
#![no_main]

use consentgate::media::{self, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Small limits, so a declared size cannot make one run take seconds.
    let limits = Limits {
        max_image_bytes: 8 << 20,
        max_video_bytes: 8 << 20,
        max_pixels: 4_000_000,
        decode_side: 256,
        decode_fraction: 0.0,
    };
    let format = media::sniff(&data[..data.len().min(media::SNIFF_LEN)]);
    let a = media::analyse(data, &limits);
    assert_eq!(a.format(), format, "analyse and sniff agree on the format");
    if let (Some(w), Some(h)) = (a.width, a.height) {
        if a.problem.is_none() {
            assert!(u64::from(w) * u64::from(h) <= limits.max_pixels, "a photo over the pixel limit passed");
        }
    }
    for (_, [x, y, w, h]) in &a.regions {
        assert!([x, y, w, h].iter().all(|v| v.is_finite()), "regions are finite fractions");
    }
    let _ = media::decode_upright(data, a.orientation, &limits);
});
