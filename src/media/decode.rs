//! The decode check, the upright copy kept for the face check, and
//! thumbnails. Decoders run under `catch_unwind`.

#[cfg(any(feature = "heif", feature = "heif-embedded"))]
use super::heif;
#[cfg(not(any(feature = "heif", feature = "heif-embedded")))]
use super::heif_available;
#[cfg(any(feature = "heif", feature = "heif-embedded"))]
use super::heif_ways::{heif_within, way_of, Unread, Way};
use super::DecodeError;
use super::{sniff, SNIFF_LEN};
use super::{Analysis, Format, Limits};
use crate::policy::MediaProblem;
use image::{DynamicImage, ImageFormat};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 384;

/// The longest side of the upright copy kept for the face check: small
/// faces need resolution (a 30 px face in a 12 MP photo is 10 px at 640).
pub const FACE_SIDE: u32 = 1920;

/// HEIC/HEIF/AVIF: the decode check and an upright thumbnail, with libheif.
/// Without libheif (not installed, or a build without the `heif` features)
/// the file cannot be verified: `decoder_unavailable`.
pub(super) fn check_heif(bytes: &[u8], limits: &Limits, a: &mut Analysis) {
    #[cfg(any(feature = "heif", feature = "heif-embedded"))]
    {
        if let Err(why) = heif::available() {
            a.problem = Some((MediaProblem::DecoderUnavailable, why.0));
            return;
        }
        let mut side = limits.decode_side;
        if let Some((w, h)) = catch_unwind(AssertUnwindSafe(|| heif::dimensions(bytes))).ok().flatten() {
            a.width = Some(w);
            a.height = Some(h);
            if u64::from(w) * u64::from(h) > limits.max_pixels {
                a.problem = Some((MediaProblem::TooLarge, format!("{w}x{h} pixels, limit {}", limits.max_pixels)));
                return;
            }
            side = limits.side_for(w, h);
        }
        // libheif's whole decode is the fastest (it decodes a grid's tiles
        // on threads of its own) but holds the photo twice over: a photo
        // whose whole decode would not fit in the working memory is decoded
        // a tile at a time (a grid) or by libde265 straight into a reduced
        // copy (one coded picture).
        let whole = a.width.zip(a.height).map_or(0, |(w, h)| crate::memory::heif_decode_bytes(w, h));
        let way =
            if whole > crate::memory::WORKING.total() { way_of(bytes, || a.width.zip(a.height)) } else { Way::Whole };
        // The decode's own buffers are the largest a photo needs: the share
        // waits until they fit beside the other decodes and face checks.
        let decoded = {
            let _share = crate::memory::WORKING.take(way.bytes(side).unwrap_or(whole));
            catch_unwind(AssertUnwindSafe(|| heif_within(bytes, &way, limits.max_pixels, side)))
        };
        let decoded = match decoded {
            // A picture libde265 was not given to decode here: libheif's
            // whole decode, in a share of its size.
            Ok(Err(Unread::Elsewhere(why))) => {
                tracing::debug!("a HEIF picture is decoded whole by libheif: {why}");
                let _share = crate::memory::WORKING.take(whole);
                catch_unwind(AssertUnwindSafe(|| {
                    heif::decode_within(bytes, limits.max_pixels, side).map_err(Unread::from)
                }))
            }
            other => other,
        };
        match decoded {
            // Already upright: the container's rotation is applied by libheif.
            Ok(Ok(img)) => keep_upright(a, img, side),
            Ok(Err(Unread::Bad(why) | Unread::Elsewhere(why))) => a.problem = Some((MediaProblem::Corrupt, why)),
            Err(_) => a.problem = Some((MediaProblem::Corrupt, "the decoder failed on this file".into())),
        }
    }
    #[cfg(not(any(feature = "heif", feature = "heif-embedded")))]
    {
        let _ = (bytes, limits);
        a.problem = Some((MediaProblem::DecoderUnavailable, heif_available().err().map(|e| e.0).unwrap_or_default()));
    }
}

/// Decodes any still image this build can decode, upright: EXIF
/// orientation applied for the formats `image` reads, the container's
/// rotation for HEIF (by libheif). For redaction and export.
pub fn decode_upright(bytes: &[u8], orientation: Option<u16>, limits: &Limits) -> Result<DynamicImage, DecodeError> {
    decode_upright_within(bytes, orientation, limits, u32::MAX)
}

/// [`decode_upright`] at most `side` on its longer side, decoded as small
/// as the format allows (a JPEG scaled in the DCT domain, a HEIF grid a
/// tile at a time).
fn decode_upright_within(
    bytes: &[u8],
    orientation: Option<u16>,
    limits: &Limits,
    side: u32,
) -> Result<DynamicImage, DecodeError> {
    let format = sniff(&bytes[..bytes.len().min(SNIFF_LEN)]);
    if format.is_heif() {
        #[cfg(any(feature = "heif", feature = "heif-embedded"))]
        return catch_unwind(AssertUnwindSafe(|| {
            match heif_within(bytes, &way_of(bytes, || heif::dimensions(bytes)), limits.max_pixels, side) {
                Ok(img) => Ok(img),
                Err(Unread::Bad(why)) => Err(DecodeError(why)),
                Err(Unread::Elsewhere(_)) => heif::decode_within(bytes, limits.max_pixels, side),
            }
        }))
        .unwrap_or_else(|_| Err("the decoder failed on this file".into()));
        #[cfg(not(any(feature = "heif", feature = "heif-embedded")))]
        return Err(heif_available().err().unwrap_or_else(|| DecodeError(String::new())));
    }
    let mut img = if let Some((size, out)) = by_rows_within(bytes, format, limits, side) {
        // A large PNG, TIFF or WebP, read as its check read it (a row or a
        // band at a time, or by libwebp): no other pixels, and no whole
        // decode for a smaller view.
        catch_unwind(AssertUnwindSafe(|| read_by_rows(bytes, format, size, out)))
            .map_err(|p| super::unwound(&*p).map_or_else(|failed| failed, DecodeError))??
    } else if format == Format::Jpeg && side != u32::MAX {
        // Outside any share: no more coefficients in memory than the store
        // keeps whole (if its file fails, the view is not made).
        let memory = super::coefficients::IN_MEMORY;
        catch_unwind(AssertUnwindSafe(|| decode_jpeg_scaled(bytes, side, limits.max_pixels, memory)))
            .map_err(|p| super::unwound(&*p).map_or_else(|failed| failed, DecodeError))??
    } else {
        let f = format.image_format().ok_or_else(|| format!("cannot decode {} files", format.as_str()))?;
        let mut reader = image::ImageReader::with_format(Cursor::new(bytes), f);
        reader.limits(image_limits(limits));
        catch_unwind(AssertUnwindSafe(|| reader.decode()))
            .map_err(|_| "the decoder failed on this file".to_string())?
            .map_err(|e| format!("does not decode: {e}"))?
    };
    if let Some(o) = orientation.and_then(|o| image::metadata::Orientation::from_exif(o as u8)) {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// If `bytes` (a still of `size`) is a large PNG, TIFF or WebP read a row
/// or a band at a time (or by libwebp) into `out` pixels: the bytes that
/// holds. A decoder's panic reading the headers leaves the file to the
/// whole decode, which fails the same way under its own catch.
fn rows_share(bytes: &[u8], format: Format, size: (u32, u32), out: (u32, u32)) -> Option<u64> {
    if u64::from(size.0) * u64::from(size.1) < super::shrink::ROWS_FROM_PIXELS {
        return None;
    }
    catch_unwind(AssertUnwindSafe(|| match format {
        Format::Png => super::png_rows::share(bytes, size, out),
        Format::Tiff => super::tiff_rows::share(bytes, size, out),
        Format::Webp => super::webp_scaled::share(bytes, size, out),
        _ => None,
    }))
    .ok()
    .flatten()
}

/// If `bytes` is a PNG, TIFF or WebP within the pixel limit that is read
/// by rows at most `side` on its longer side: its size and that size.
fn by_rows_within(bytes: &[u8], format: Format, limits: &Limits, side: u32) -> Option<((u32, u32), (u32, u32))> {
    if !matches!(format, Format::Png | Format::Tiff | Format::Webp) {
        return None;
    }
    let size = dimensions(bytes, format).filter(|&(w, h)| u64::from(w) * u64::from(h) <= limits.max_pixels)?;
    let out = fit_within(size.0, size.1, side);
    rows_share(bytes, format, size, out).map(|_| (size, out))
}

/// `bytes`, for which [`rows_share`] says yes, read into `out` pixels.
fn read_by_rows(bytes: &[u8], format: Format, size: (u32, u32), out: (u32, u32)) -> Result<DynamicImage, DecodeError> {
    match format {
        Format::Png => super::png_rows::decode_within(bytes, size, out),
        Format::Tiff => super::tiff_rows::decode_within(bytes, size, out),
        _ => super::webp_scaled::decode_within(bytes, out),
    }
    .map(DynamicImage::ImageRgb8)
}

pub(super) fn image_limits(limits: &Limits) -> image::Limits {
    let mut l = image::Limits::default();
    let side = u32::try_from(limits.max_pixels).unwrap_or(u32::MAX);
    l.max_image_width = Some(side);
    l.max_image_height = Some(side);
    l.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    l
}

/// Header-only dimensions, before any decoding.
pub(super) fn dimensions(bytes: &[u8], format: Format) -> Option<(u32, u32)> {
    if format == Format::Png && bytes.len() >= 24 && &bytes[12..16] == b"IHDR" {
        let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        return Some((w, h));
    }
    let f = format.image_format()?;
    catch_unwind(AssertUnwindSafe(|| image::ImageReader::with_format(Cursor::new(bytes), f).into_dimensions()))
        .ok()?
        .ok()
}

pub(super) fn check_and_thumbnail(bytes: &[u8], format: Format, limits: &Limits, a: &mut Analysis) {
    let Some((w, h)) = dimensions(bytes, format) else {
        a.problem = Some((MediaProblem::Corrupt, "the image header cannot be read".into()));
        return;
    };
    a.width = Some(w);
    a.height = Some(h);
    if w == 0 || h == 0 {
        a.problem = Some((MediaProblem::Corrupt, format!("declares {w}x{h} pixels")));
        return;
    }
    let pixels = u64::from(w) * u64::from(h);
    if pixels > limits.max_pixels {
        a.problem = Some((MediaProblem::TooLarge, format!("{w}x{h} = {pixels} pixels, limit {}", limits.max_pixels)));
        return;
    }
    let side = limits.side_for(w, h);
    let out = fit_within(w, h, side);
    // A JPEG in several scans: every coefficient until the last scan. Most
    // go to a scratch file, but if it fails they are all held in memory,
    // so the share counts them all (at worst 4 colours of 2 bytes a pixel,
    // if the frame header cannot be read here: then libjpeg fails too).
    let coefficients = if format == Format::Jpeg && jpeg_in_scans(bytes) {
        jpeg_coefficient_bytes(bytes).unwrap_or(pixels * 9)
    } else {
        0
    };
    // A large PNG or TIFF, read a row or a band at a time into the reduced
    // copy, or a large WebP decoded into it by libwebp, in a share of what
    // that holds.
    let by_rows = rows_share(bytes, format, (w, h), out);
    let need = if format == Format::Jpeg {
        crate::memory::jpeg_decode_bytes(out, coefficients)
    } else if let Some(need) = by_rows {
        need
    } else {
        crate::memory::full_decode_bytes(w, h, out)
    };
    let _share = crate::memory::WORKING.take(need);
    // The failpoint: a share too short for the coefficients (the scratch
    // file fails with it, see `coefficients`).
    let memory = if crate::failpoint::fault_injected("jpeg_scratch_short") { 0 } else { coefficients };
    let decoded = catch_unwind(AssertUnwindSafe(|| match by_rows {
        Some(_) => read_by_rows(bytes, format, (w, h), out),
        None => decode_small(bytes, format, side, limits, memory),
    }));
    let img = match decoded {
        Ok(Ok(img)) => img,
        Ok(Err(why)) => {
            a.problem = Some((MediaProblem::Corrupt, why.0));
            return;
        }
        Err(payload) => {
            match super::unwound(&*payload) {
                Ok(not_now) => a.not_now = Some(not_now),
                Err(failed) => a.problem = Some((MediaProblem::Corrupt, failed.0)),
            }
            return;
        }
    };
    let mut img = img;
    if let Some(o) = a.orientation.and_then(|o| image::metadata::Orientation::from_exif(o as u8)) {
        img.apply_orientation(o);
    }
    keep_upright(a, img, side);
}

/// Keeps an upright copy (at most `side` on its longer side) and makes the
/// thumbnail.
pub(super) fn keep_upright(a: &mut Analysis, img: DynamicImage, side: u32) {
    let img = fit(img, side);
    a.thumbnail = catch_unwind(AssertUnwindSafe(|| thumbnail(&img))).ok().flatten();
    a.upright = Some(img);
}

/// `img` scaled down (never up) to at most `side` on its longer side.
pub(super) fn fit(img: DynamicImage, side: u32) -> DynamicImage {
    let (w, h) = fit_within(img.width(), img.height(), side);
    if (w, h) == (img.width(), img.height()) {
        img
    } else {
        DynamicImage::ImageRgb8(resize_rgb(img.into_rgb8(), w, h))
    }
}

/// The size of `w` x `h` scaled down (never up) so its longer side is at
/// most `side`.
pub fn fit_within(w: u32, h: u32, side: u32) -> (u32, u32) {
    let scale = (f64::from(side) / f64::from(w.max(h).max(1))).min(1.0);
    (((f64::from(w) * scale).round() as u32).max(1), ((f64::from(h) * scale).round() as u32).max(1))
}

/// Resizes an RGB image with a triangle (bilinear) filter, with the CPU's
/// vector instructions (the `image` crate's resize took ~10% of a face check).
pub fn resize_rgb(img: image::RgbImage, w: u32, h: u32) -> image::RgbImage {
    if img.dimensions() == (w, h) {
        return img;
    }
    resized_rgb(&img, w, h)
}

/// [`resize_rgb`] of a borrowed image: the result is always a new image.
fn resized_rgb(img: &image::RgbImage, w: u32, h: u32) -> image::RgbImage {
    // Never a blank image: otherwise the slower resize of the same pixels.
    resized_plane(img.as_raw(), img.dimensions(), (w, h))
        .unwrap_or_else(|| image::imageops::resize(img, w, h, image::imageops::FilterType::Triangle))
}

/// Packed 8-bit RGB rows of `from` pixels resized to `to` with the vector
/// resizer; `None` if it cannot (the caller falls back to the slower one).
pub(super) fn resized_plane(rgb: &[u8], from: (u32, u32), to: (u32, u32)) -> Option<image::RgbImage> {
    use fast_image_resize as fr;
    let mut dst = fr::images::Image::new(to.0, to.1, fr::PixelType::U8x3);
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Bilinear));
    let src = fr::images::ImageRef::new(from.0, from.1, rgb, fr::PixelType::U8x3).ok()?;
    fr::Resizer::new().resize(&src, &mut dst, &options).ok()?;
    image::RgbImage::from_raw(to.0, to.1, dst.into_vec())
}

/// Decodes, as small as the format allows: JPEGs are decoded at 1/2 to 1/8
/// scale in the DCT domain (every entropy-coded byte is still read, so a
/// damaged file is still found), with at most `coefficients` bytes of a
/// JPEG's coefficients in memory.
pub(super) fn decode_small(
    bytes: &[u8],
    format: Format,
    side: u32,
    limits: &Limits,
    coefficients: u64,
) -> Result<DynamicImage, DecodeError> {
    if format == Format::Jpeg {
        return decode_jpeg_scaled(bytes, side, limits.max_pixels, coefficients);
    }
    let mut reader =
        image::ImageReader::with_format(Cursor::new(bytes), format.image_format().unwrap_or(ImageFormat::Png));
    reader.limits(image_limits(limits));
    reader.decode().map_err(|e| DecodeError(format!("does not decode: {e}")))
}

/// The JPEG's segments up to and including the first start-of-scan, each
/// as its marker and where its bytes (length field on) start and end,
/// skipped by their lengths; it stops at anything that is not a marker.
fn jpeg_segments(bytes: &[u8]) -> impl Iterator<Item = (u8, usize, usize)> + '_ {
    let mut i = 2;
    std::iter::from_fn(move || loop {
        if i + 4 > bytes.len() || bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            // TEM and RSTn stand alone, with no length (as libjpeg reads them)
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let (start, end) = (i + 2, (i + 2 + len).min(bytes.len()));
        // after the scan's header comes entropy-coded data, not segments
        i = if marker == 0xDA { bytes.len() } else { i + 2 + len };
        return Some((marker, start, end));
    })
}

/// True when the JPEG's image data runs to its end-of-image marker. The
/// entropy-coded data after the first start-of-scan cannot contain FF D9
/// (a data FF is always followed by 00), so a missing EOI means the file
/// was cut short. Segments before the scan (EXIF, embedded thumbnails with
/// their own EOI) are skipped by their lengths.
pub(super) fn jpeg_complete(bytes: &[u8]) -> bool {
    jpeg_segments(bytes)
        .find(|(marker, ..)| *marker == 0xDA)
        .is_some_and(|(_, _, scan)| super::find_bytes(&bytes[scan..], &[0xFF, 0xD9]).is_some())
}

/// True when the JPEG's image comes in more than one scan (progressive, or
/// one scan per colour as some encoders write): libjpeg then keeps every
/// coefficient of the image until the last scan. Cameras write one scan.
pub(super) fn jpeg_in_scans(bytes: &[u8]) -> bool {
    let Some((marker, frame)) = frame_header(bytes) else { return false };
    if marker == 0xC2 {
        return true;
    }
    jpeg_segments(bytes).find(|(marker, ..)| *marker == 0xDA).is_some_and(|(_, start, scan)| {
        // A first scan of fewer colours than the frame has is one of several.
        if bytes.get(start + 2).is_some_and(|&colours| Some(&colours) < frame.get(7)) {
            return true;
        }
        // Inside entropy-coded data FF is always followed by 00 or a
        // restart marker: another start-of-scan before the end-of-image is
        // a scan.
        let data = &bytes[scan..];
        let end = super::find_bytes(data, &[0xFF, 0xD9]).unwrap_or(data.len());
        super::find_bytes(&data[..end], &[0xFF, 0xDA]).is_some()
    })
}

/// The frame header libjpeg reads (the first of SOF0 to SOF15 before the
/// first scan): its marker and its bytes from the length field on.
fn frame_header(bytes: &[u8]) -> Option<(u8, &[u8])> {
    jpeg_segments(bytes)
        .take_while(|(marker, ..)| *marker != 0xDA)
        .find(|(m, ..)| (0xC0..=0xCF).contains(m) && !matches!(m, 0xC4 | 0xC8 | 0xCC))
        .map(|(marker, start, end)| (marker, &bytes[start..end]))
}

/// The frame header's marker (SOF0 to SOF15) and sample precision.
pub(super) fn jpeg_frame(bytes: &[u8]) -> Option<(u8, u8)> {
    frame_header(bytes).and_then(|(marker, frame)| Some((marker, *frame.get(2)?)))
}

/// The bytes of coefficients libjpeg asks the store for when this JPEG
/// comes in several scans, from its frame header as libjpeg reads it: each
/// colour's rows of 8x8 blocks (its share of the image by its sampling,
/// padded to a whole number of its blocks in each direction), as the store
/// counts them.
pub(super) fn jpeg_coefficient_bytes(bytes: &[u8]) -> Option<u64> {
    let (_, f) = frame_header(bytes)?;
    let (h, w) = (
        u64::from(u16::from_be_bytes([*f.get(3)?, *f.get(4)?])),
        u64::from(u16::from_be_bytes([*f.get(5)?, *f.get(6)?])),
    );
    let sampling: Vec<(u64, u64)> = (0..usize::from(*f.get(7)?))
        .map(|i| f.get(9 + 3 * i).map(|&hv| (u64::from(hv >> 4), u64::from(hv & 15))))
        .collect::<Option<_>>()?;
    let most_h = sampling.iter().map(|s| s.0).max()?;
    let most_v = sampling.iter().map(|s| s.1).max()?;
    if sampling.iter().any(|&(sh, sv)| sh == 0 || sv == 0) {
        return None;
    }
    let bytes = sampling.iter().map(|&(sh, sv)| {
        let blocks = (w * sh).div_ceil(most_h * 8).next_multiple_of(sh);
        let rows = (h * sv).div_ceil(most_v * 8).next_multiple_of(sv);
        super::coefficients::array_bytes(blocks, rows)
    });
    Some(bytes.sum())
}

/// Decodes a JPEG with its longer side at least `side` (in the DCT domain,
/// so every coded byte is read). What cameras write (8-bit baseline,
/// extended or progressive, Huffman-coded) goes to libjpeg-turbo; the rare
/// rest (12-bit, lossless, arithmetic-coded) to jpeg-decoder, as before.
/// At most `memory` bytes of the coefficients of a JPEG in several scans
/// are held in memory (see `turbo::decode`).
pub(super) fn decode_jpeg_scaled(
    bytes: &[u8],
    side: u32,
    max_pixels: u64,
    memory: u64,
) -> Result<DynamicImage, DecodeError> {
    if !jpeg_complete(bytes) {
        return Err("the JPEG data is cut short (no end-of-image marker)".into());
    }
    match jpeg_frame(bytes) {
        Some((0xC0..=0xC2, 8)) => super::turbo::decode(bytes, side, max_pixels, memory),
        _ => decode_jpeg_decoder(bytes, side),
    }
}

fn decode_jpeg_decoder(bytes: &[u8], side: u32) -> Result<DynamicImage, DecodeError> {
    use jpeg_decoder::PixelFormat;
    let mut d = jpeg_decoder::Decoder::new(bytes);
    d.read_info().map_err(|e| format!("does not decode: {e}"))?;
    let target = side.clamp(1, u32::from(u16::MAX)) as u16;
    let (w, h) = d.scale(target, target).map_err(|e| format!("does not decode: {e}"))?;
    let pixels = d.decode().map_err(|e| format!("does not decode: {e}"))?;
    let info = d.info().ok_or("no image information")?;
    let (w, h) = (u32::from(w), u32::from(h));
    let bad = || DecodeError("decoded size does not match".into());
    match info.pixel_format {
        PixelFormat::RGB24 => image::RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8).ok_or_else(bad),
        PixelFormat::L8 => image::GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8).ok_or_else(bad),
        PixelFormat::L16 => {
            let px: Vec<u16> = pixels.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            image::ImageBuffer::from_raw(w, h, px).map(DynamicImage::ImageLuma16).ok_or_else(bad)
        }
        PixelFormat::CMYK32 => {
            let rgb: Vec<u8> = pixels
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = 255 - u16::from(p[3]);
                    [p[0], p[1], p[2]].map(|c| ((255 - u16::from(c)) * k / 255) as u8)
                })
                .collect();
            image::RgbImage::from_raw(w, h, rgb).map(DynamicImage::ImageRgb8).ok_or_else(bad)
        }
    }
}

/// A JPEG thumbnail of an upright image, at most [`THUMB_SIDE`] on its
/// longest side.
pub(super) fn thumbnail(img: &DynamicImage) -> Option<Vec<u8>> {
    let (w, h) = fit_within(img.width(), img.height(), THUMB_SIDE);
    jpeg(match img {
        DynamicImage::ImageRgb8(rgb) => resized_rgb(rgb, w, h),
        other => resize_rgb(other.to_rgb8(), w, h),
    })
}

/// The longest side of the photo on the tagging screen: the size of an
/// iPad's screen, enough to recognise a child.
pub const VIEW_SIDE: u32 = 1600;

/// The photo as the tagging screen shows it: upright, a JPEG at most
/// [`VIEW_SIDE`] on its longest side (never enlarged), made in memory.
pub fn screen_view(bytes: &[u8], orientation: Option<u16>, limits: &Limits) -> Result<Vec<u8>, DecodeError> {
    let img = decode_upright_within(bytes, orientation, limits, VIEW_SIDE)?;
    let rgb = if img.width() <= VIEW_SIDE && img.height() <= VIEW_SIDE {
        img.into_rgb8()
    } else {
        let (w, h) = fit_within(img.width(), img.height(), VIEW_SIDE);
        resize_rgb(img.into_rgb8(), w, h)
    };
    jpeg(rgb).ok_or_else(|| DecodeError("the picture could not be made".into()))
}

/// A JPEG at quality 80 (libjpeg-turbo: about twice the `image` crate's
/// encoder's speed, which was a twentieth of a photo's ingest).
fn jpeg(rgb: image::RgbImage) -> Option<Vec<u8>> {
    super::turbo::encode(&rgb, 80.0)
}

/// The side of a child's picture on their tagging button, in pixels.
pub const PICTURE_SIDE: u32 = 160;

/// The square of a `width` x `height` image around `region` (`[x, y, w, h]`
/// as fractions): centred on the region, as large as its longer side times
/// `pad` (at least 16 px), never larger than the image's shorter side, and
/// moved inside the image. In pixels: `(x, y, side)`.
pub fn square_cut(region: [f64; 4], width: u32, height: u32, pad: f64) -> (u32, u32, u32) {
    let (w, h) = (f64::from(width.max(1)), f64::from(height.max(1)));
    let short = w.min(h);
    let side = (region[2] * w).max(region[3] * h) * pad.max(1.0);
    let side = side.max(16.0).min(short).floor().max(1.0);
    let (cx, cy) = ((region[0] + region[2] / 2.0) * w, (region[1] + region[3] / 2.0) * h);
    let x = (cx - side / 2.0).clamp(0.0, w - side).round();
    let y = (cy - side / 2.0).clamp(0.0, h - side).round();
    (x as u32, y as u32, side as u32)
}

/// A child's picture, in memory.
pub struct Picture {
    /// The square, scaled to [`PICTURE_SIDE`], as a JPEG.
    pub jpeg: Vec<u8>,
    /// The same square at the photo's own resolution, as a JPEG: what the
    /// face check looks at (a face too small to find at 160 px is still
    /// someone's face).
    pub full: Vec<u8>,
    /// The square as fractions of the upright photo.
    pub square: [f64; 4],
}

/// A child's picture: the photo decoded upright, the square around
/// `region` cut out ([`square_cut`]), scaled to [`PICTURE_SIDE`] and encoded
/// as a JPEG.
pub fn picture(
    bytes: &[u8],
    orientation: Option<u16>,
    limits: &Limits,
    region: [f64; 4],
    pad: f64,
) -> Result<Picture, DecodeError> {
    let img = decode_upright(bytes, orientation, limits)?;
    let (w, h) = (img.width(), img.height());
    let (x, y, side) = square_cut(region, w, h, pad);
    let cut = img.crop_imm(x, y, side, side).to_rgb8();
    let full = jpeg(cut.clone()).ok_or_else(|| "the picture could not be made".to_string())?;
    let small = resize_rgb(cut, PICTURE_SIDE.min(side), PICTURE_SIDE.min(side));
    let jpeg = jpeg(small).ok_or_else(|| "the picture could not be made".to_string())?;
    let (fw, fh) = (f64::from(w), f64::from(h));
    let square = [f64::from(x) / fw, f64::from(y) / fh, f64::from(side) / fw, f64::from(side) / fh];
    Ok(Picture { jpeg, full, square })
}
