//! The lossless WebP decoder against libwebp: every file libwebp's encoder
//! writes (each effort, each kind of picture that calls for another
//! transform or code) decodes to libwebp's own pixels; a damaged or cut
//! file is refused where libwebp refuses it.

use super::vp8l::{chunk, decode_rows};
use super::webp_scaled::{encode_lossless, libwebp_argb};

/// A reproducible stream of numbers (xorshift).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as u32
    }
}

/// Our decode of a WebP file: its ARGB pixels, row after row.
fn ours(bytes: &[u8]) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    decode_rows(chunk(bytes).ok_or("no VP8L chunk")?, |row| out.extend_from_slice(row)).map_err(|e| e.0)?;
    Ok(out)
}

/// Pictures that call on each part of the format, as RGBA bytes.
fn pictures() -> Vec<(&'static str, (u32, u32), Vec<u8>)> {
    let mut noise = Noise(0x9e3779b97f4a7c15);
    let mut out = Vec::new();
    let photo = |(w, h): (u32, u32), noise: &mut Noise, alpha: bool| -> Vec<u8> {
        let mut v = Vec::with_capacity((w * h * 4) as usize);
        for y in 0..h {
            for x in 0..w {
                let n = noise.next();
                let r = ((x * 255 / w.max(1)) as i32 + (n & 15) as i32 - 8).clamp(0, 255) as u8;
                let g = ((y * 255 / h.max(1)) as i32 + (n >> 4 & 7) as i32).clamp(0, 255) as u8;
                let b = (((x + y) % 97) * 2) as u8 ^ (n >> 8 & 3) as u8;
                let a = if alpha { ((x * 7 + y * 3) % 256) as u8 } else { 255 };
                v.extend([r, g, b, a]);
            }
        }
        v
    };
    out.push(("a photo-like gradient with noise", (300, 200), photo((300, 200), &mut noise, false)));
    out.push(("with alpha", (257, 131), photo((257, 131), &mut noise, true)));
    for (colours, name) in [(2, "two colours"), (4, "four colours"), (13, "13 colours"), (200, "200 colours")] {
        let (w, h) = (211, 67);
        let palette: Vec<u32> = (0..colours).map(|_| noise.next() | 0xff).collect();
        let v = (0..w * h)
            .flat_map(|i| {
                let c = palette[((i / 3 + i % 7 + noise.next() % 2) % colours) as usize];
                c.to_be_bytes()
            })
            .collect();
        out.push((name, (w, h), v));
    }
    // Repeats far apart: back references from far back, through the
    // distance codes beyond the 120 near ones.
    let tile = photo((64, 40), &mut noise, false);
    let (w, h) = (640, 400);
    let repeated = (0..h)
        .flat_map(|y| (0..w).flat_map(move |x| [(y % 40) * 64 + (x % 64), (y / 40 + x / 64) % 5]))
        .collect::<Vec<u32>>();
    let v = repeated
        .chunks_exact(2)
        .flat_map(|p| {
            let i = p[0] as usize * 4;
            [tile[i], tile[i + 1].wrapping_add(p[1] as u8), tile[i + 2], 255]
        })
        .collect();
    out.push(("a pattern repeated far apart", (w, h), v));
    for size in [(1, 1), (1, 97), (97, 1), (3, 5), (17, 33)] {
        out.push(("a small or narrow picture", size, photo(size, &mut noise, true)));
    }
    // Pure noise: literals in long codes, and a cache that rarely hits.
    let (w, h) = (128, 128);
    out.push(("noise", (w, h), (0..w * h * 4).map(|_| noise.next() as u8).collect()));
    out
}

/// Every picture at every effort libwebp has, and at the lowest and
/// highest quality (which choose the cache, the transforms and the
/// entropy image), decodes to libwebp's pixels and to the picture itself.
#[test]
fn libwebp_files_decode_to_libwebps_pixels() {
    for (what, size, rgba) in pictures() {
        let expected: Vec<u32> = rgba.chunks_exact(4).map(|p| u32::from_be_bytes([p[3], p[0], p[1], p[2]])).collect();
        for method in 0..=6 {
            for quality in [0.0, 60.0, 100.0] {
                let bytes = encode_lossless(&rgba, size, method, quality);
                assert_eq!(libwebp_argb(&bytes).as_ref(), Some(&expected), "{what}: libwebp, method {method}");
                let got = ours(&bytes).unwrap_or_else(|e| panic!("{what}, method {method}, quality {quality}: {e}"));
                assert!(got == expected, "{what}, method {method}, quality {quality}: other pixels");
            }
        }
    }
}

/// A picture larger than the ring of coded pixels (2^21), whose back
/// references reach across the ring's end, and with the entropy image of
/// many groups a large photo gets.
#[test]
fn a_picture_larger_than_the_ring_decodes_to_libwebps_pixels() {
    let (w, h) = (1500u32, 1600u32);
    let mut noise = Noise(7);
    let band: Vec<u32> = (0..w * 300).map(|_| noise.next()).collect();
    let rgba: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            let (x, y) = (i % w, i / w);
            let n = band[((y % 300) * w + x) as usize];
            // Bands of rows that repeat 300 rows (450,000 pixels) apart, in
            // regions of different statistics.
            let r = if x < 700 { (x / 3) as u8 } else { n as u8 };
            [r, (y / 7) as u8 ^ (n >> 8) as u8 & 3, (n >> 16) as u8 & if y < 800 { 0x0f } else { 0xff }, 255]
        })
        .collect();
    for method in [0, 4, 6] {
        let bytes = encode_lossless(&rgba, (w, h), method, 90.0);
        let expected = libwebp_argb(&bytes).unwrap();
        assert!(ours(&bytes).unwrap() == expected, "method {method}");
    }
}

/// The `image` crate's own encoder (image-webp, a second writer of the
/// format) is read too.
#[test]
fn image_webp_files_decode() {
    for (what, size, rgba) in pictures() {
        let img = image::RgbaImage::from_raw(size.0, size.1, rgba).unwrap();
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::WebP)
            .unwrap();
        assert_eq!(ours(&bytes).ok(), libwebp_argb(&bytes), "{what}");
    }
}

/// Cut anywhere, a file is an error (libwebp refuses it too); with any
/// byte changed, the two decoders agree: both refuse it, or both give the
/// same pixels. Never a panic.
#[test]
fn damaged_files_are_refused_as_libwebp_refuses_them() {
    let (_, size, rgba) = pictures().swap_remove(0);
    let mut noise = Noise(99);
    for method in [0, 6] {
        let bytes = encode_lossless(&rgba, size, method, 75.0);
        for cut in (20..bytes.len()).step_by(7).chain([bytes.len() - 1]) {
            // The RIFF header still says the file is whole, as a cut copy's would.
            assert!(ours(&bytes[..cut]).is_err(), "cut at {cut} of {}", bytes.len());
            assert!(libwebp_argb(&bytes[..cut]).is_none(), "libwebp, cut at {cut}");
        }
        // Cut inside the coded pixels with the sizes in the headers made
        // to match: the reader itself finds the end, where libwebp does.
        let mut refused_cut = 0;
        for cut in (30..bytes.len()).step_by(11).chain([bytes.len() - 1]) {
            let mut fixed = bytes[..cut].to_vec();
            fixed[4..8].copy_from_slice(&(cut as u32 - 8).to_le_bytes());
            fixed[16..20].copy_from_slice(&(cut as u32 - 20).to_le_bytes());
            let got = ours(&fixed).ok();
            assert!(got == libwebp_argb(&fixed), "cut at {cut} of {}, sizes fixed", bytes.len());
            refused_cut += usize::from(got.is_none());
        }
        assert!(refused_cut > 0);
        let (mut same, mut refused) = (0, 0);
        for _ in 0..600 {
            let mut damaged = bytes.clone();
            let at = 21 + noise.next() as usize % (bytes.len() - 21);
            damaged[at] ^= 1 << (noise.next() % 8);
            let (a, b) = (ours(&damaged).ok(), libwebp_argb(&damaged));
            assert_eq!(a.is_some(), b.is_some(), "method {method}: byte {at} changed: one decoder refuses");
            assert!(a == b, "method {method}: byte {at} changed: other pixels");
            if a.is_some() {
                same += 1;
            } else {
                refused += 1;
            }
        }
        assert!(same > 0 && refused > 0, "both outcomes were tried: {same} decoded, {refused} refused");
    }
}

/// Writes bits least significant first, as the format reads them.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    len: usize,
}

impl BitWriter {
    fn put(&mut self, value: u32, n: u32) {
        for i in 0..n {
            if self.len.is_multiple_of(8) {
                self.bytes.push(0);
            }
            *self.bytes.last_mut().unwrap() |= ((value >> i & 1) as u8) << (self.len % 8);
            self.len += 1;
        }
    }

    /// A prefix code's code, its first bit first.
    fn code(&mut self, code: &str) {
        for c in code.chars() {
            self.put(u32::from(c == '1'), 1);
        }
    }

    /// The whole file: a RIFF header around the VP8L chunk.
    fn webp(self) -> Vec<u8> {
        let mut v = b"RIFF".to_vec();
        v.extend(((self.bytes.len() + 12) as u32).to_le_bytes());
        v.extend(b"WEBPVP8L");
        v.extend((self.bytes.len() as u32).to_le_bytes());
        v.extend(self.bytes);
        v
    }
}

/// A hand-written stream no encoder writes: a colour cache entry read
/// before any pixel was put there (it holds 0, transparent black), which
/// then goes into the cache like every other pixel, in place of the colour
/// that was there. Decoded as libwebp decodes it.
#[test]
fn an_unwritten_cache_entry_is_read_as_libwebp_reads_it() {
    // A colour that one cache bit puts in entry 0, where 0 also goes.
    let colour = (1..=255u32).map(|r| 0xff00_0000 | r << 16).find(|c| c.wrapping_mul(0x1e35a7bd) >> 31 == 0).unwrap();
    let mut w = BitWriter::default();
    w.put(0x2f, 8);
    w.put(3 - 1, 14); // 3 by 1 pixels
    w.put(0, 14);
    w.put(0, 4); // no alpha hint, version 0
    w.put(0, 1); // no transform
    w.put(1, 1); // a colour cache of one bit
    w.put(1, 4);
    w.put(0, 1); // one group of codes
                 // Green: symbol 0 (a green of 0) in one bit, cache entries 0 and 1
                 // (symbols 280 and 281) in two, through a code-length code of the
                 // lengths 1 and 2 and the zero runs 17 and 18, two bits each.
    w.put(0, 1);
    w.put(5 - 4, 4);
    for l in [2, 2, 0, 2, 2] {
        w.put(l, 3); // the lengths of 17, 18, 0, 1, 2
    }
    w.put(0, 1); // every symbol's length is given
    w.code("00"); // symbol 0: length 1
    for _ in 0..2 {
        w.code("11"); // 138 zeros
        w.put(127, 7);
    }
    w.code("10"); // 3 zeros: symbols 1 to 279 have none
    w.put(0, 3);
    w.code("01"); // symbols 280 and 281: length 2
    w.code("01");
    // Red, blue and alpha: one symbol each, no bits. Distance: unused.
    for symbol in [colour >> 16 & 0xff, 0, 255, 0] {
        w.put(1, 1);
        w.put(0, 1);
        w.put(1, 1);
        w.put(symbol, 8);
    }
    w.code("0"); // the colour, into entry 0
    w.code("11"); // entry 1, never written: 0, which goes into entry 0
    w.code("10"); // entry 0: now 0
    let bytes = w.webp();
    let expected = libwebp_argb(&bytes).expect("libwebp reads the hand-written stream");
    assert_eq!(expected, [colour, 0, 0]);
    assert_eq!(ours(&bytes).unwrap(), expected);
}

/// A soak run, as a fuzzer would: many files of every kind, each damaged
/// in one to eight places (bits flipped, bytes set, runs cut out), decoded
/// by both readers, which must agree (both refuse, or the same pixels) and
/// never panic. `CONSENTGATE_SOAK` tries per picture (default 20,000); a
/// file they disagree on is kept in the temporary folder.
///
/// `cargo test --release --lib vp8l_tests::soak -- --ignored --nocapture`
#[test]
#[ignore = "a soak run of minutes: cargo test --release --lib vp8l_tests::soak -- --ignored"]
fn soak_damaged_files_agree_with_libwebp() {
    let tries: usize = std::env::var("CONSENTGATE_SOAK").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let mut noise = Noise(0x5eed);
    let (mut decoded, mut refused) = (0usize, 0usize);
    for (what, size, rgba) in pictures() {
        for method in [0, 3, 6] {
            let bytes = encode_lossless(&rgba, size, method, 50.0);
            for _ in 0..tries / 3 {
                let mut damaged = bytes.clone();
                for _ in 0..1 + noise.next() % 8 {
                    let at = 20 + noise.next() as usize % (damaged.len() - 20);
                    match noise.next() % 3 {
                        0 => damaged[at] ^= 1 << (noise.next() % 8),
                        1 => damaged[at] = noise.next() as u8,
                        _ => {
                            let end = (at + 1 + noise.next() as usize % 16).min(damaged.len());
                            damaged.drain(at..end);
                        }
                    }
                    if damaged.len() <= 21 {
                        break;
                    }
                }
                let (a, b) = (ours(&damaged), libwebp_argb(&damaged));
                if a.is_ok() != b.is_some() {
                    let kept = std::env::temp_dir().join("vp8l-soak-disagreement.webp");
                    std::fs::write(&kept, &damaged).unwrap();
                    panic!("{what}, method {method}: one reader refuses ({:?}); the file: {}", a.err(), kept.display());
                }
                let a = a.ok();
                assert!(a == b, "{what}, method {method}: other pixels");
                if a.is_some() {
                    decoded += 1;
                } else {
                    refused += 1;
                }
            }
        }
    }
    eprintln!("{decoded} damaged files decoded alike, {refused} refused by both");
}
