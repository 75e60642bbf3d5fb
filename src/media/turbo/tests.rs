//! libjpeg-turbo's decode and encode, and the coefficient store under it.

use super::super::coefficients::WIDEST_READ;
use super::*;
use mozjpeg::ColorSpace;

const MAX: u64 = 120_000_000;

/// A noisy 256x192 picture, so that the entropy-coded data is long.
fn pixels(channels: usize) -> Vec<u8> {
    let mut x = 12345u32;
    (0..256 * 192 * channels)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            ((i % 251) as u32 / 2 + (x & 63)) as u8
        })
        .collect()
}

fn compress(space: ColorSpace, px: &[u8], progressive: bool) -> Vec<u8> {
    let mut c = mozjpeg::Compress::new(space);
    c.set_size(256, 192);
    c.set_fastest_defaults();
    if progressive {
        c.set_progressive_mode();
    }
    let mut c = c.start_compress(Vec::new()).unwrap();
    c.write_scanlines(px).unwrap();
    c.finish().unwrap()
}

/// Where the entropy-coded data of the first scan starts.
fn scan_start(jpeg: &[u8]) -> usize {
    let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    sos + 2 + usize::from(u16::from_be_bytes([jpeg[sos + 2], jpeg[sos + 3]]))
}

#[test]
fn rgb_grey_and_progressive_jpegs_decode_at_the_asked_scale() {
    let rgb = compress(ColorSpace::JCS_RGB, &pixels(3), false);
    let img = decode(&rgb, 64, MAX, u64::MAX).unwrap();
    assert_eq!((img.width(), img.height()), (64, 48)); // 2/8
    assert!(matches!(img, DynamicImage::ImageRgb8(_)));
    let whole = decode(&rgb, 10_000, MAX, u64::MAX).unwrap();
    assert_eq!((whole.width(), whole.height()), (256, 192));
    let grey = compress(ColorSpace::JCS_GRAYSCALE, &pixels(1), false);
    assert!(matches!(decode(&grey, 32, MAX, u64::MAX).unwrap(), DynamicImage::ImageLuma8(_)));
    let progressive = compress(ColorSpace::JCS_RGB, &pixels(3), true);
    assert_ne!(progressive, rgb);
    assert_eq!(decode(&progressive, 256, MAX, u64::MAX).unwrap().width(), 256);
}

#[test]
fn a_progressive_jpeg_decodes_the_same_with_its_coefficients_in_a_file() {
    for (space, channels) in [(ColorSpace::JCS_RGB, 3), (ColorSpace::JCS_GRAYSCALE, 1), (ColorSpace::JCS_CMYK, 4)] {
        let jpeg = compress(space, &pixels(channels), true);
        for side in [256, 64] {
            let (whole, held) = decode_keeping(&jpeg, side, MAX, Keep::ALL, u64::MAX).unwrap();
            assert_eq!(held, Held::Memory);
            let (windowed, held) = decode_keeping(&jpeg, side, MAX, Keep::LEAST, u64::MAX).unwrap();
            assert_eq!(held, Held::File, "{space:?}: the rows went to a file");
            assert_eq!(windowed.as_bytes(), whole.as_bytes(), "{space:?} at {side}");
            // A file changed under the decode: decoded again in memory.
            let tampered = Keep { tamper: true, ..Keep::LEAST };
            let (again, held) = decode_keeping(&jpeg, side, MAX, tampered, u64::MAX).unwrap();
            assert_eq!(held, Held::Memory);
            assert_eq!(again.as_bytes(), whole.as_bytes());
            // Not when the caller's memory cannot hold them all.
            // Not when the caller's memory cannot hold them all: not now.
            let refused = std::panic::catch_unwind(|| decode_keeping(&jpeg, side, MAX, tampered, 1000))
                .expect_err("unwound")
                .downcast::<crate::media::NotNow>()
                .expect("not now");
            assert!(refused.0.contains("need a scratch file, and a row"), "{}", refused.0);
        }
    }
    // A photo in one scan has no arrays to keep.
    let baseline = compress(ColorSpace::JCS_RGB, &pixels(3), false);
    assert_eq!(decode_keeping(&baseline, 256, MAX, Keep::LEAST, 0).unwrap().1, Held::Nowhere);
}

/// A progressive JPEG without its last scans (the finest refinements):
/// still a valid file, and libjpeg smooths its blocks, reading rows
/// above and below each row (backwards through the window).
#[test]
fn a_progressive_jpeg_without_its_last_scans_is_smoothed_the_same_from_a_file() {
    let jpeg = compress(ColorSpace::JCS_RGB, &pixels(3), true);
    let scans: Vec<usize> = jpeg.windows(2).enumerate().filter(|(_, w)| w == &[0xFF, 0xDA]).map(|(i, _)| i).collect();
    assert!(scans.len() >= 6, "{} scans", scans.len());
    for drop in [1, 2, 3] {
        let mut cut = jpeg[..scans[scans.len() - drop]].to_vec();
        cut.extend_from_slice(&[0xFF, 0xD9]);
        let (whole, _) = decode_keeping(&cut, 256, MAX, Keep::ALL, u64::MAX).unwrap();
        WIDEST_READ.with(|w| w.set(0));
        let (windowed, held) = decode_keeping(&cut, 256, MAX, Keep::LEAST, u64::MAX).unwrap();
        assert_eq!(held, Held::File);
        assert!(WIDEST_READ.with(std::cell::Cell::get) > 2, "smoothing read rows around each row");
        assert_eq!(windowed.as_bytes(), whole.as_bytes(), "without its last {drop} scans");
    }
}

/// A progressive JPEG of `w` x `h` in `space` (4:2:0 for colour).
fn progressive(space: ColorSpace, (w, h): (usize, usize)) -> Vec<u8> {
    let channels = mozjpeg::ColorSpaceExt::num_components(&space);
    let px: Vec<u8> = (0..w * h * channels).map(|i| (i * 7 % 251) as u8).collect();
    let mut c = mozjpeg::Compress::new(space);
    c.set_size(w, h);
    c.set_fastest_defaults();
    c.set_progressive_mode();
    let mut c = c.start_compress(Vec::new()).unwrap();
    c.write_scanlines(&px).unwrap();
    c.finish().unwrap()
}

#[test]
fn the_coefficients_counted_from_the_header_are_those_libjpeg_asks_for() {
    use super::super::coefficients::LAST_TOTAL;
    use crate::media::decode::{jpeg_coefficient_bytes, jpeg_in_scans};
    for space in [ColorSpace::JCS_RGB, ColorSpace::JCS_GRAYSCALE, ColorSpace::JCS_CMYK] {
        for size in [(256, 192), (257, 193), (33, 7), (1, 1), (1001, 17)] {
            let jpeg = progressive(space, size);
            assert!(jpeg_in_scans(&jpeg));
            decode_keeping(&jpeg, 64, MAX, Keep::ALL, u64::MAX).unwrap();
            let counted = jpeg_coefficient_bytes(&jpeg).unwrap();
            assert_eq!(counted, LAST_TOTAL.with(std::cell::Cell::get), "{space:?} {size:?}");
        }
    }
    // A first scan of fewer colours than the frame has is one of
    // several, even with the rest cut off (the header as libjpeg would
    // read it; the scan's own bytes do not matter here).
    let mut one = compress(ColorSpace::JCS_RGB, &pixels(3), false);
    assert!(!jpeg_in_scans(&one));
    let sos = scan_start(&one) - 12;
    assert_eq!(one[sos - 2..sos + 1], [0xFF, 0xDA, 0], "the scan header");
    assert_eq!(one[sos + 2], 3, "of three colours");
    one[sos + 2] = 1;
    assert!(jpeg_in_scans(&one));
}

#[test]
fn a_jpeg_in_more_scans_than_the_limit_is_refused() {
    // libjpeg's simple progression: 10 scans for a colour photo.
    let jpeg = compress(ColorSpace::JCS_RGB, &pixels(3), true);
    assert_eq!(jpeg.windows(2).filter(|w| w == &[0xFF, 0xDA]).count(), 10);
    MOST_SCANS_HERE.with(|m| m.set(9));
    let err = decode(&jpeg, 256, MAX, u64::MAX).unwrap_err();
    assert_eq!(err.0, "more than 9 scans: not a photo");
    MOST_SCANS_HERE.with(|m| m.set(10));
    assert_eq!(decode(&jpeg, 256, MAX, u64::MAX).unwrap().width(), 256);
    MOST_SCANS_HERE.with(|m| m.set(MOST_SCANS));
}

#[test]
fn adobe_cmyk_becomes_the_right_colours() {
    // Stored inverted, as Adobe writes it: 255 is no ink. No cyan, full
    // magenta, no yellow, no black is magenta.
    let px: Vec<u8> = [255u8, 0, 255, 255].repeat(256 * 192);
    let jpeg = compress(ColorSpace::JCS_CMYK, &px, false);
    let img = decode(&jpeg, 256, MAX, u64::MAX).unwrap().into_rgb8();
    let p = img.get_pixel(100, 100).0;
    assert!(p[0] > 240 && p[1] < 15 && p[2] > 240, "{p:?}");
}

#[test]
fn data_cut_short_and_closed_again_is_damage() {
    // The first part of the scan, then an end-of-image marker: what a
    // copy that stopped early and was "repaired" looks like. libjpeg
    // only warns and fills the rest grey; here it fails.
    let jpeg = compress(ColorSpace::JCS_RGB, &pixels(3), false);
    let start = scan_start(&jpeg);
    let mut cut = jpeg[..start + (jpeg.len() - start) / 3].to_vec();
    cut.extend_from_slice(&[0xFF, 0xD9]);
    let err = decode(&cut, 32, MAX, u64::MAX).unwrap_err();
    assert!(err.0.contains("damaged image data"), "{err}");
    // The same through the decode check's entry point.
    assert!(crate::media::decode::decode_jpeg_scaled(&cut, 32, MAX, u64::MAX).is_err());
}

#[test]
fn bad_huffman_codes_are_damage_at_every_scale() {
    // A run of stuffed FF bytes is a run of one-bits: no Huffman code
    // is that long.
    let jpeg = compress(ColorSpace::JCS_RGB, &pixels(3), false);
    let mid = scan_start(&jpeg) + (jpeg.len() - scan_start(&jpeg)) / 2;
    let mut bad = jpeg[..mid].to_vec();
    bad.extend_from_slice(&[0xFF, 0x00].repeat(32));
    bad.extend_from_slice(&jpeg[mid..]);
    for side in [32, 256] {
        let err = decode(&bad, side, MAX, u64::MAX).unwrap_err();
        assert!(err.0.contains("damaged image data"), "{err}");
    }
}

#[test]
fn the_pixel_limit_is_libjpegs_own_reading_of_the_size() {
    let jpeg = compress(ColorSpace::JCS_RGB, &pixels(3), false);
    assert!(decode(&jpeg, 32, 256 * 192, u64::MAX).is_ok());
    let err = decode(&jpeg, 32, 256 * 192 - 1, u64::MAX).unwrap_err();
    assert!(err.0.contains("256x192"), "{err}");
}

#[test]
fn a_byte_of_padding_before_the_end_is_not_damage() {
    let jpeg = compress(ColorSpace::JCS_RGB, &pixels(3), false);
    let mut padded = jpeg[..jpeg.len() - 2].to_vec();
    padded.extend_from_slice(&[0x00, 0xFF, 0xD9]);
    assert_eq!(decode(&padded, 256, MAX, u64::MAX).unwrap().width(), 256);
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert!(decode(b"\xFF\xD8\xFF\xE0 not a jpeg at all", 32, MAX, u64::MAX).is_err());
    assert!(decode(&[], 32, MAX, u64::MAX).is_err());
    let jpeg = compress(ColorSpace::JCS_RGB, &pixels(3), false);
    assert!(decode(&jpeg[..scan_start(&jpeg) - 20], 32, MAX, u64::MAX).is_err());
}

#[test]
fn an_encoded_image_decodes_to_the_same_picture() {
    let rgb = image::RgbImage::from_fn(120, 80, |x, y| image::Rgb([(x * 2) as u8, (y * 3) as u8, 128]));
    let jpeg = encode(&rgb, 80.0).unwrap();
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let back = decode(&jpeg, 120, MAX, u64::MAX).unwrap().into_rgb8();
    assert_eq!(back.dimensions(), (120, 80));
    let p = back.get_pixel(60, 40).0;
    assert!(p[0].abs_diff(120) < 8 && p[1].abs_diff(120) < 8 && p[2].abs_diff(128) < 8, "{p:?}");
    assert!(encode(&image::RgbImage::new(0, 0), 80.0).is_none(), "an empty image is no JPEG");
}

#[test]
fn only_8_bit_huffman_frames_come_here() {
    use crate::media::decode::jpeg_frame;
    let baseline = compress(ColorSpace::JCS_RGB, &pixels(3), false);
    assert_eq!(jpeg_frame(&baseline), Some((0xC0, 8)));
    let progressive = compress(ColorSpace::JCS_RGB, &pixels(3), true);
    assert_eq!(jpeg_frame(&progressive), Some((0xC2, 8)));
    // A 12-bit frame header goes to jpeg-decoder (whose error, on this
    // 8-bit data, is an error and not a panic).
    let sof = baseline.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    let mut twelve = baseline.clone();
    twelve[sof + 1] = 0xC1;
    twelve[sof + 4] = 12;
    assert_eq!(jpeg_frame(&twelve), Some((0xC1, 12)));
    let _ = crate::media::decode::decode_jpeg_scaled(&twelve, 64, MAX, u64::MAX);
    assert_eq!(jpeg_frame(b"\xFF\xD8\xFF"), None);
    // A restart marker has no length: it must not hide the frame header
    // (libjpeg would read the frame that a length-skipping reader missed).
    let mut rst = baseline[..2].to_vec();
    rst.extend_from_slice(&[0xFF, 0xD0]);
    rst.extend_from_slice(&baseline[2..]);
    assert_eq!(jpeg_frame(&rst), Some((0xC0, 8)));
}

#[test]
fn the_scale_is_the_smallest_that_reaches_the_side() {
    assert_eq!(eighths(4000, 1920), 4); // 2000
    assert_eq!(eighths(4000, 768), 2); // 1000
    assert_eq!(eighths(3000, 1920), 6); // 2250
    assert_eq!(eighths(4000, 384), 1); // 500
    assert_eq!(eighths(1000, 1920), 8); // never larger than the photo
    assert_eq!(eighths(0, 10), 8);
}
