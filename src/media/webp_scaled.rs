//! A large WebP decoded straight into the reduced copy: the `image`
//! crate's decoder (`image-webp`) decodes a WebP whole, a 100 MP one
//! peaking at 511 MiB (lossy) and 721 MiB (lossless) at ingest.
//!
//! A lossy picture is decoded by libwebp a row of blocks at a time, each
//! row shrunk as it comes by area (libwebp's own rescaler), so it holds a
//! few rows and the reduced copy; every block is decoded, so a damaged or
//! cut file is still found. Lossy with alpha holds the alpha plane whole
//! (a byte a pixel). A lossless picture is decoded by our own reader
//! (`vp8l`) a row at a time into [`Shrink`]: libwebp holds a lossless
//! picture whole (4 bytes a pixel, 441 MiB at ingest for 100 MP). Alpha is
//! dropped, as the whole decode's `into_rgb8` drops it. An animation is
//! left to the whole decode (its first frame).
//!
//! The calls into libwebp are this module's unsafe code: each says why it
//! holds.
#![allow(unsafe_code)]

use super::shrink::Shrink;
use super::{vp8l, DecodeError};
use libwebp_sys as webp;

/// The WebP's own facts, from its headers.
fn features(bytes: &[u8]) -> Option<webp::WebPBitstreamFeatures> {
    let mut features = std::mem::MaybeUninit::<webp::WebPBitstreamFeatures>::zeroed();
    // SAFETY: libwebp reads `bytes.len()` bytes from the pointer and writes
    // the features struct it is given (zeroed, of the header's layout).
    let status = unsafe { webp::WebPGetFeatures(bytes.as_ptr(), bytes.len(), features.as_mut_ptr()) };
    // SAFETY: written by libwebp when it says OK; zeroed otherwise.
    let features = unsafe { features.assume_init() };
    (status == webp::VP8StatusCode::VP8_STATUS_OK).then_some(features)
}

/// If `bytes`, a WebP of `size`, is one to decode this way into `out`
/// pixels (one still picture, of the size read before): the bytes libwebp
/// holds at most, beside the file.
pub(super) fn share(bytes: &[u8], size: (u32, u32), out: (u32, u32)) -> Option<u64> {
    let f = features(bytes)?;
    let (w, h) = (u32::try_from(f.width).ok()?, u32::try_from(f.height).ok()?);
    if f.has_animation != 0 || (w, h) != size {
        return None;
    }
    let pixels = u64::from(w) * u64::from(h);
    let out_bytes = u64::from(out.0) * u64::from(out.1) * 3;
    if f.format == 2 {
        // The reader's own, the reduced copy, and the shrink's two rows of
        // sums (three 4-byte floats a pixel each).
        let vp8l = vp8l::chunk(bytes)?;
        (vp8l::header(vp8l)? == size).then_some(vp8l::holds(size) + out_bytes + u64::from(out.0) * 24)
    } else {
        // Rows of blocks and the rescaler's rows, about 100 bytes a column;
        // the alpha plane, decoded whole, and (coded losslessly) up to 4
        // bytes a pixel more.
        let alpha = if f.has_alpha != 0 { pixels * 5 } else { 0 };
        Some(u64::from(w) * 100 + alpha + out_bytes + (4 << 20))
    }
}

/// `bytes`, a WebP for which [`share`] says yes, decoded and shrunk to
/// `out` by libwebp, as 8-bit RGB.
pub(super) fn decode_within(bytes: &[u8], out: (u32, u32)) -> Result<image::RgbImage, DecodeError> {
    match vp8l::chunk(bytes) {
        Some(coded) => lossless_within(coded, out),
        None => libwebp_within(bytes, out),
    }
}

/// A lossy picture decoded and shrunk to `out` by libwebp.
fn libwebp_within(bytes: &[u8], out: (u32, u32)) -> Result<image::RgbImage, DecodeError> {
    let (ow, oh) = (i32::try_from(out.0).map_err(|_| "too wide")?, i32::try_from(out.1).map_err(|_| "too tall")?);
    let mut rgb = vec![0u8; out.0 as usize * out.1 as usize * 3];
    let mut config = webp::WebPDecoderConfig::new().map_err(|()| "libwebp's version does not match its header")?;
    config.options.use_scaling = 1;
    config.options.scaled_width = ow;
    config.options.scaled_height = oh;
    config.output.colorspace = webp::WEBP_CSP_MODE::MODE_RGB;
    config.output.is_external_memory = 1;
    config.output.u.RGBA = webp::WebPRGBABuffer { rgba: rgb.as_mut_ptr(), stride: ow * 3, size: rgb.len() };
    // SAFETY: libwebp reads `bytes.len()` bytes and writes at most
    // `rgb.len()` bytes (it checks the stride and size against the scaled
    // size) into the buffer, which outlives the call.
    let status = unsafe { webp::WebPDecode(bytes.as_ptr(), bytes.len(), &mut config) };
    // SAFETY: the output's memory is ours (external), so this frees only
    // what libwebp itself may have kept.
    unsafe { webp::WebPFreeDecBuffer(&mut config.output) };
    if status == webp::VP8StatusCode::VP8_STATUS_OUT_OF_MEMORY {
        // Not the file's fault: it is checked again later.
        std::panic::resume_unwind(Box::new(super::NotNow("there was no memory to decode the WebP".into())));
    }
    if status != webp::VP8StatusCode::VP8_STATUS_OK {
        return Err(DecodeError(format!("does not decode: libwebp says {status:?}")));
    }
    image::RgbImage::from_raw(out.0, out.1, rgb).ok_or_else(|| "the decoded picture is not its size".into())
}

/// A lossless picture, its VP8L chunk `coded`, decoded a row at a time
/// into `out` pixels.
fn lossless_within(coded: &[u8], out: (u32, u32)) -> Result<image::RgbImage, DecodeError> {
    let size = vp8l::header(coded).ok_or("not a lossless WebP header")?;
    let mut shrink = Shrink::new(size, out);
    let mut rgb = vec![0u8; size.0 as usize * 3];
    vp8l::decode_rows(coded, |row| {
        for (px, &argb) in rgb.chunks_exact_mut(3).zip(row) {
            px.copy_from_slice(&argb.to_be_bytes()[1..]);
        }
        shrink.push(&rgb);
    })?;
    Ok(shrink.finish())
}

/// libwebp's lossless encoder, at an effort (`method` 0-6) and `quality`
/// (0-100): the reference files the lossless decoder is tested against.
#[cfg(test)]
pub(super) fn encode_lossless(rgba: &[u8], (w, h): (u32, u32), method: i32, quality: f32) -> Vec<u8> {
    let mut config = webp::WebPConfig::new().unwrap();
    config.lossless = 1;
    config.method = method;
    config.quality = quality;
    config.exact = 1;
    let mut picture = webp::WebPPicture::new().unwrap();
    picture.use_argb = 1;
    picture.width = w as i32;
    picture.height = h as i32;
    let mut writer = std::mem::MaybeUninit::<webp::WebPMemoryWriter>::zeroed();
    // SAFETY: libwebp copies `rgba` (w * h * 4 bytes, rows 4 * w apart)
    // into the picture, and writes the coded file into the memory writer,
    // whose buffer is copied out and then freed with the picture.
    unsafe {
        webp::WebPMemoryWriterInit(writer.as_mut_ptr());
        assert!(webp::WebPPictureImportRGBA(&mut picture, rgba.as_ptr(), w as i32 * 4) != 0);
        picture.writer = Some(webp::WebPMemoryWrite);
        picture.custom_ptr = writer.as_mut_ptr().cast();
        assert!(webp::WebPEncode(&config, &mut picture) != 0, "{:?}", picture.error_code);
        let writer = writer.assume_init_mut();
        let bytes = std::slice::from_raw_parts(writer.mem, writer.size).to_vec();
        webp::WebPMemoryWriterClear(writer);
        webp::WebPPictureFree(&mut picture);
        bytes
    }
}

/// libwebp's whole decode of `bytes` as ARGB pixels (alpha on top), or
/// `None` if it refuses the file.
#[cfg(test)]
pub(super) fn libwebp_argb(bytes: &[u8]) -> Option<Vec<u32>> {
    let (mut w, mut h) = (0, 0);
    // SAFETY: libwebp reads `bytes.len()` bytes and hands back its own
    // buffer of w * h * 4 bytes, copied and freed here.
    unsafe {
        let rgba = webp::WebPDecodeRGBA(bytes.as_ptr(), bytes.len(), &mut w, &mut h);
        if rgba.is_null() {
            return None;
        }
        let pixels = std::slice::from_raw_parts(rgba, (w * h * 4) as usize)
            .chunks_exact(4)
            .map(|p| u32::from_be_bytes([p[3], p[0], p[1], p[2]]))
            .collect();
        webp::WebPFree(rgba.cast());
        Some(pixels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, ImageFormat};
    use std::io::Cursor;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// The mean absolute difference of two pictures' samples.
    fn difference(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
        let sum: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
        sum as f64 / a.as_raw().len() as f64
    }

    /// Lossy (a camera's WebP) and lossless: at full size libwebp's pixels
    /// are the whole decode's (lossless exactly, lossy within the
    /// decoders' rounding), and shrunk they are the whole decode shrunk.
    #[test]
    fn libwebp_gives_the_whole_decodes_pixels() {
        let lossy = fixture("camera_canon_eos7d_serial.webp");
        let whole = image::load_from_memory(&lossy).unwrap().into_rgb8();
        let mut lossless = Vec::new();
        DynamicImage::ImageRgb8(whole.clone()).write_to(&mut Cursor::new(&mut lossless), ImageFormat::WebP).unwrap();
        for (what, bytes, most) in [("lossy", &lossy, 1.0), ("lossless", &lossless, 0.0)] {
            let size = whole.dimensions();
            assert!(share(bytes, size, size).is_some(), "{what}");
            assert!(share(bytes, (size.0, size.1 + 1), size).is_none(), "{what}: another size");
            let full = decode_within(bytes, size).expect(what);
            let d = difference(&full, &whole);
            assert!(d <= most, "{what}: {d} apart on average");
            let out = (size.0 / 4, size.1 / 4);
            let small = image::imageops::resize(&whole, out.0, out.1, image::imageops::FilterType::Triangle);
            let d = difference(&decode_within(bytes, out).expect(what), &small);
            assert!(d < 2.0, "{what}: shrunk, {d} apart on average");
        }
    }

    /// A large WebP is shown, redacted and exported (`decode_upright`) by
    /// the decoder the ingest check used, not by another.
    #[test]
    fn a_large_webp_is_decoded_later_as_it_was_checked() {
        let (w, h) = (4100u32, 4000u32);
        let img =
            image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x / 16) as u8, (y / 16) as u8, ((x ^ y) / 8) as u8]));
        let mut coded = std::ptr::null_mut();
        // SAFETY: libwebp reads the rows (w * 3 bytes apart) and hands back
        // a buffer of `len` bytes of its own, copied and freed here.
        let len = unsafe { webp::WebPEncodeRGB(img.as_ptr(), w as i32, h as i32, w as i32 * 3, 80.0, &mut coded) };
        assert!(len > 0);
        // SAFETY: as above.
        let bytes = unsafe { std::slice::from_raw_parts(coded, len) }.to_vec();
        unsafe { webp::WebPFree(coded.cast()) };
        let limits = super::super::Limits {
            max_image_bytes: 100 << 20,
            max_video_bytes: 1 << 30,
            max_pixels: 120_000_000,
            decode_side: 1920,
            decode_fraction: 0.0,
        };
        let later = super::super::decode_upright(&bytes, None, &limits).unwrap().into_rgb8();
        assert!(later == decode_within(&bytes, (w, h)).unwrap(), "libwebp's pixels at full size");
    }

    /// A cut file is an error, never a picture.
    #[test]
    fn a_cut_file_does_not_decode() {
        let bytes = fixture("camera_canon_eos7d_serial.webp");
        let size = image::load_from_memory(&bytes).unwrap().into_rgb8().dimensions();
        assert!(decode_within(&bytes[..bytes.len() * 2 / 3], size).is_err());
        assert!(decode_within(&bytes[..bytes.len() - 1], size).is_err());
    }
}
