//! A large PNG read a row at a time into the reduced copy, as JPEGs and
//! HEIFs are: the `image` crate decodes a PNG whole (a 100 MP one peaked
//! at 493 MiB at ingest), where the reduced copy needs one row at a time.
//!
//! Every row is read (so a damaged file is still found), expanded to 8-bit
//! samples (palette, low-bit grey and 16-bit samples, as `png` normalises
//! them), taken as RGB (grey repeated, alpha dropped, as the whole decode's
//! `into_rgb8` does) and shrunk by area (`media/shrink.rs`). An interlaced
//! PNG holds its passes until the last, so it is left to the whole decode.

use super::shrink::Shrink;
use super::DecodeError;
use std::io::Cursor;

/// The widest row read this way (the shrink keeps a few numbers for every
/// column); a wider PNG is left to the whole decode and its limits.
const WIDEST: u32 = 1 << 16;

/// Bytes read this way holds at most, beside the file: a few rows of
/// 8 bytes a pixel for the decoder, the shrink's columns and sums, and the
/// reduced copy.
pub(super) fn decode_bytes(width: u32, out: (u32, u32)) -> u64 {
    u64::from(width) * 40 + u64::from(out.0) * u64::from(out.1) * 3
}

/// Whether `bytes`, a PNG of `size` (read from its header before), is one
/// to read this way: not interlaced, not too wide, its header readable.
pub(super) fn readable(bytes: &[u8], size: (u32, u32)) -> bool {
    open(bytes, size).is_ok()
}

type Reader<'a> = png::Reader<Cursor<&'a [u8]>>;

/// A reader of `bytes` giving 8-bit rows, and their samples a pixel, if it
/// is one to read this way (see [`readable`]).
fn open(bytes: &[u8], size: (u32, u32)) -> Result<(Reader<'_>, usize), DecodeError> {
    let bad = |e: png::DecodingError| DecodeError(format!("does not decode: {e}"));
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let reader = decoder.read_info().map_err(bad)?;
    let info = reader.info();
    if info.interlaced || (info.width, info.height) != size || info.width > WIDEST {
        return Err(DecodeError("it is interlaced, too wide, or not the size its header said".into()));
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

/// `bytes`, a PNG of `size` that is [`readable`], read a row at a time and
/// shrunk to `out`.
pub(super) fn decode_within(bytes: &[u8], size: (u32, u32), out: (u32, u32)) -> Result<image::RgbImage, DecodeError> {
    let (mut reader, channels) = open(bytes, size)?;
    let (w, h) = size;
    let mut shrink = Shrink::new(size, out);
    let mut rgb = vec![0u8; w as usize * 3];
    let mut rows = 0u32;
    while let Some(row) = reader.next_row().map_err(|e| DecodeError(format!("does not decode: {e}")))? {
        let data = row.data();
        if data.len() < w as usize * channels || rows >= h {
            return Err(DecodeError(format!("row {rows} is not {w} pixels")));
        }
        for (px, sample) in rgb.chunks_exact_mut(3).zip(data.chunks_exact(channels)) {
            if channels < 3 {
                px.fill(sample[0]);
            } else {
                px.copy_from_slice(&sample[..3]);
            }
        }
        shrink.push(&rgb);
        rows += 1;
    }
    if rows != h {
        return Err(DecodeError(format!("{rows} of its {h} rows")));
    }
    Ok(shrink.finish())
}
