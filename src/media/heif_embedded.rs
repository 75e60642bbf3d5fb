//! HEIC, HEIF and AVIF decoding with libheif built from source and linked
//! in (the opt-in `heif-embedded` feature, for packagers; needs cmake and
//! the decoders' `-dev` packages).
//!
//! libheif applies the container's rotation and mirroring (`irot`, `imir`)
//! while decoding, so the image comes out upright: EXIF orientation must
//! not be applied again on top (a Samsung HEIC carries both).

use super::DecodeError;
use image::{DynamicImage, RgbImage};
use libheif_rs::{ColorSpace, HeifContext, LibHeif, RgbChroma};

/// Always available: the library is linked in.
pub fn available() -> Result<String, DecodeError> {
    Ok(format!("{} (embedded)", LibHeif::new().version().iter().map(ToString::to_string).collect::<Vec<_>>().join(".")))
}

/// The primary image's size after the container's transformations.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let ctx = HeifContext::read_from_bytes(bytes).ok()?;
    let handle = ctx.primary_image_handle().ok()?;
    Some((handle.width(), handle.height()))
}

/// [`decode`], scaled down (never up) to at most `side` on its longer side.
pub fn decode_within(bytes: &[u8], max_pixels: u64, side: u32) -> Result<DynamicImage, DecodeError> {
    decode(bytes, max_pixels).map(|img| super::decode::fit(img, side))
}

/// Decodes the primary image upright, refusing more than `max_pixels`.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage, DecodeError> {
    let ctx = HeifContext::read_from_bytes(bytes).map_err(|e| format!("not a readable HEIF file: {e}"))?;
    let handle = ctx.primary_image_handle().map_err(|e| format!("no primary image: {e}"))?;
    let (w, h) = (handle.width(), handle.height());
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(format!("{w}x{h} is over the pixel limit"));
    }
    let lib = LibHeif::new();
    let img =
        lib.decode(&handle, ColorSpace::Rgb(RgbChroma::Rgb), None).map_err(|e| format!("does not decode: {e}"))?;
    let planes = img.planes();
    let plane = planes.interleaved.ok_or("no RGB plane")?;
    let (pw, ph) = (plane.width, plane.height);
    let row = pw as usize * 3;
    let mut rgb = Vec::with_capacity(row * ph as usize);
    for y in 0..ph as usize {
        let start = y * plane.stride;
        rgb.extend_from_slice(plane.data.get(start..start + row).ok_or("short plane")?);
    }
    RgbImage::from_raw(pw, ph, rgb).map(DynamicImage::ImageRgb8).ok_or_else(|| "bad plane size".into())
}
