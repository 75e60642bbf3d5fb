//! A large PNG read a row at a time into the reduced copy, as JPEGs and
//! HEIFs are: the `image` crate decodes a PNG whole (a 100 MP one peaked
//! at 493 MiB at ingest), where the reduced copy needs one row at a time.
//!
//! Every row is read (so a damaged file is still found), expanded to 8-bit
//! samples (palette, low-bit grey and 16-bit samples, as `png` normalises
//! them), taken as RGB (grey repeated, alpha dropped, as the whole decode's
//! `into_rgb8` does) and shrunk by area (`media/shrink.rs`).
//!
//! An interlaced PNG (Adam7) gives its rows in seven passes, the last of
//! them every other row: no row is whole until the last pass. It is read
//! again for each band of rows (32 MB of RGB), each read keeping only the
//! band's pixels, and the last read reads every row to the end.

use super::shrink::Shrink;
use super::DecodeError;
use std::io::Cursor;

/// The widest row read this way (the shrink keeps a few numbers for every
/// column); a wider PNG is left to the whole decode and its limits.
const WIDEST: u32 = 1 << 16;

/// The most bytes of RGB an interlaced PNG's band holds.
const BAND_BYTES: u64 = 32 << 20;

/// Adam7's passes: the first column and row, and the steps across and down.
const ADAM7: [(u32, u32, u32, u32); 7] =
    [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

/// The rows of an interlaced PNG `width` wide in one band.
fn band_rows(width: u32) -> u32 {
    (BAND_BYTES / (u64::from(width.max(1)) * 3)).max(1).min(u64::from(u32::MAX)) as u32
}

/// If `bytes`, a PNG of `size` (read from its header before), is one to
/// read this way (not too wide, its header readable): the bytes it holds
/// at most beside the file (a few rows of 8 bytes a pixel for the decoder,
/// an interlaced one's band, the shrink's columns and sums, the reduced
/// copy).
pub(super) fn share(bytes: &[u8], size: (u32, u32), out: (u32, u32)) -> Option<u64> {
    let (reader, _) = open(bytes, size).ok()?;
    let band =
        if reader.info().interlaced { u64::from(band_rows(size.0).min(size.1)) * u64::from(size.0) * 3 } else { 0 };
    Some(u64::from(size.0) * 40 + band + u64::from(out.0) * u64::from(out.1) * 3)
}

type Reader<'a> = png::Reader<Cursor<&'a [u8]>>;

/// A reader of `bytes` giving 8-bit rows, and their samples a pixel, if it
/// is one to read this way (see [`share`]).
fn open(bytes: &[u8], size: (u32, u32)) -> Result<(Reader<'_>, usize), DecodeError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    // The metadata is read elsewhere: not inflated again for every band.
    decoder.set_ignore_iccp_chunk(true);
    decoder.set_ignore_text_chunk(true);
    let reader = decoder.read_info().map_err(bad)?;
    let info = reader.info();
    if (info.width, info.height) != size || info.width > WIDEST {
        return Err(DecodeError("it is too wide, or not the size its header said".into()));
    }
    let channels = match reader.output_color_type() {
        (png::ColorType::Grayscale, png::BitDepth::Eight) => 1,
        (png::ColorType::GrayscaleAlpha, png::BitDepth::Eight) => 2,
        (png::ColorType::Rgb, png::BitDepth::Eight) => 3,
        (png::ColorType::Rgba, png::BitDepth::Eight) => 4,
        other => return Err(DecodeError(format!("its rows come out as {other:?}"))),
    };
    Ok((reader, channels))
}

/// `bytes`, a PNG of `size` for which [`share`] says yes, read a row at a
/// time (a band at a time if interlaced) and shrunk to `out`.
pub(super) fn decode_within(bytes: &[u8], size: (u32, u32), out: (u32, u32)) -> Result<image::RgbImage, DecodeError> {
    let (mut reader, channels) = open(bytes, size)?;
    if reader.info().interlaced {
        drop(reader);
        return interlaced_within(bytes, size, out, channels, band_rows(size.0));
    }
    let (w, h) = size;
    let mut shrink = Shrink::new(size, out);
    let mut rgb = vec![0u8; w as usize * 3];
    let mut rows = 0u32;
    while let Some(row) = reader.next_row().map_err(bad)? {
        let data = row.data();
        if data.len() < w as usize * channels || rows >= h {
            return Err(DecodeError(format!("row {rows} is not {w} pixels")));
        }
        for (px, sample) in rgb.chunks_exact_mut(3).zip(data.chunks_exact(channels)) {
            put_rgb(px, sample);
        }
        shrink.push(&rgb);
        rows += 1;
    }
    if rows != h {
        return Err(DecodeError(format!("{rows} of its {h} rows")));
    }
    Ok(shrink.finish())
}

fn bad(e: png::DecodingError) -> DecodeError {
    DecodeError(format!("does not decode: {e}"))
}

/// A pixel of 1 to 4 samples as RGB: grey repeated, alpha dropped.
fn put_rgb(px: &mut [u8], sample: &[u8]) {
    if sample.len() < 3 {
        px.fill(sample[0]);
    } else {
        px.copy_from_slice(&sample[..3]);
    }
}

/// An interlaced PNG, read once for each band of `rows` rows (see the
/// module's words). Each read but the last stops once the last pass is past
/// the band.
fn interlaced_within(
    bytes: &[u8],
    size: (u32, u32),
    out: (u32, u32),
    channels: usize,
    rows: u32,
) -> Result<image::RgbImage, DecodeError> {
    let (w, h) = size;
    let stride = w as usize * 3;
    let rows = rows.clamp(1, h.max(1));
    let mut band = vec![0u8; rows as usize * stride];
    let mut shrink = Shrink::new(size, out);
    let mut top = 0;
    while top < h {
        let bottom = top.saturating_add(rows).min(h);
        let (mut reader, _) = open(bytes, size)?;
        'passes: for (pass, &(x0, y0, dx, dy)) in ADAM7.iter().enumerate() {
            // A pass with no pixels (a picture narrower or shorter than
            // its start) has no rows in the file.
            if x0 >= w || y0 >= h {
                continue;
            }
            let samples = (w - x0).div_ceil(dx) as usize;
            for y in (y0..h).step_by(dy as usize) {
                if pass == ADAM7.len() - 1 && y >= bottom && bottom < h {
                    break 'passes;
                }
                let row = reader.next_interlaced_row().map_err(bad)?;
                let data = row.as_ref().map(|r| r.data()).unwrap_or_default();
                if data.len() < samples * channels {
                    return Err(DecodeError(format!("pass {} row {y} is not {samples} pixels", pass + 1)));
                }
                if (top..bottom).contains(&y) {
                    let line = &mut band[(y - top) as usize * stride..][..stride];
                    for (i, sample) in data.chunks_exact(channels).take(samples).enumerate() {
                        let x = (x0 as usize + i * dx as usize) * 3;
                        put_rgb(&mut line[x..x + 3], sample);
                    }
                }
            }
        }
        if bottom == h && reader.next_interlaced_row().map_err(bad)?.is_some() {
            return Err("it has rows past its last".into());
        }
        band.chunks_exact(stride).take((bottom - top) as usize).for_each(|row| shrink.push(row));
        top = bottom;
    }
    Ok(shrink.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// Interlaced PNGs written by another encoder (pypng), read in bands of
    /// every height from one row to more than the picture, give the whole
    /// decode's pixels (16-bit samples at most 1 apart, as they are cut to
    /// 8 bits where the whole decode rounds), and shrunk its shrink.
    #[test]
    fn an_interlaced_png_read_in_bands_is_the_whole_decode() {
        for name in [
            "generated_interlaced_rgb.png",
            "generated_interlaced_grey16_alpha.png",
            "generated_interlaced_palette.png",
        ] {
            let bytes = fixture(name);
            let whole = image::load_from_memory(&bytes).expect(name).into_rgb8();
            let size = whole.dimensions();
            let (reader, channels) = open(&bytes, size).expect(name);
            assert!(reader.info().interlaced, "{name}");
            assert!(share(&bytes, size, size).is_some(), "{name}");
            for rows in [1, 2, 3, 7, 8, 16, 44, 45, 100] {
                let banded = interlaced_within(&bytes, size, size, channels, rows).expect(name);
                let worst = banded.as_raw().iter().zip(whole.as_raw()).map(|(a, b)| a.abs_diff(*b)).max();
                assert!(worst <= Some(1), "{name} in bands of {rows}: {worst:?} apart");
            }
            let out = (size.0.div_ceil(3), size.1.div_ceil(3));
            let mut shrink = Shrink::new(size, out);
            whole.as_raw().chunks_exact(size.0 as usize * 3).for_each(|row| shrink.push(row));
            let expected = shrink.finish();
            let banded = interlaced_within(&bytes, size, out, channels, 5).expect(name);
            let worst = banded.as_raw().iter().zip(expected.as_raw()).map(|(a, b)| a.abs_diff(*b)).max();
            assert!(worst <= Some(1), "{name} shrunk: {worst:?} apart");
        }
    }

    /// An interlaced PNG cut short is an error in its last band's read,
    /// however its bands fall.
    #[test]
    fn an_interlaced_png_cut_short_is_an_error() {
        let bytes = fixture("generated_interlaced_rgb.png");
        let size = (61, 45);
        let cut = &bytes[..bytes.len() - 200];
        for rows in [1, 10, 45] {
            assert!(decode_within(cut, size, size).is_err() && interlaced_within(cut, size, size, 3, rows).is_err());
        }
    }
}
