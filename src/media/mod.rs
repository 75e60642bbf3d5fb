//! Facts about a file: format by magic bytes, size and pixel limits, a decode
//! check, EXIF and XMP facts, and an upright thumbnail.
//!
//! Everything here reads untrusted bytes. No function panics on bad input,
//! and the third-party decoders run under `catch_unwind` so that a decoder
//! bug becomes `corrupt_image`, never a dead service.

mod coefficients;
mod decode;
#[cfg(any(feature = "heif", feature = "heif-embedded"))]
mod grid;
#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
pub mod heif;
#[cfg(feature = "heif-embedded")]
#[path = "heif_embedded.rs"]
pub mod heif;
#[cfg(any(feature = "heif", feature = "heif-embedded"))]
mod heif_ways;
#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
mod hevc;
mod metadata;
mod png_rows;
mod shrink;
mod sniff;
mod tiff_rows;
mod turbo;
pub mod video;
mod vp8l;
mod vp8l_codes;
#[cfg(test)]
mod vp8l_tests;
mod webp_scaled;
pub mod xmp;

pub use coefficients::scratch_in;
pub use decode::{
    decode_upright, fit_within, picture, resize_rgb, screen_view, square_cut, Picture, FACE_SIDE, PICTURE_SIDE,
    THUMB_SIDE, VIEW_SIDE,
};
pub use metadata::{iptc_captions, parse_exif_datetime};
pub use sniff::{sniff, Format, SNIFF_LEN};

/// Why a photo could not be decoded, or a decoder loaded, in words (it
/// becomes the photo's `media_problem`, or the warning at start).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub String);

impl From<String> for DecodeError {
    fn from(s: String) -> Self {
        DecodeError(s)
    }
}

impl From<DecodeError> for String {
    fn from(e: DecodeError) -> Self {
        e.0
    }
}

impl From<&str> for DecodeError {
    fn from(s: &str) -> Self {
        DecodeError(s.to_string())
    }
}

use crate::policy::{Camera, MediaProblem};
use chrono::NaiveDateTime;
use decode::{check_and_thumbnail, check_heif};
use image::DynamicImage;
use metadata::read_exif;
use sniff::{describe_unknown, is_camera_raw};

/// Byte and pixel limits, from the config.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_image_bytes: u64,
    pub max_video_bytes: u64,
    pub max_pixels: u64,
    /// The longer side images are decoded to and kept upright at: the face
    /// check's size when it is on, a thumbnail's when it is off.
    pub decode_side: u32,
    /// And at least this fraction of the photo's own longer side (the face
    /// check's need on very large photos; 0 without it).
    pub decode_fraction: f64,
}

impl From<&crate::config::Limits> for Limits {
    fn from(l: &crate::config::Limits) -> Self {
        Limits {
            max_image_bytes: l.max_image_bytes,
            max_video_bytes: l.max_video_bytes,
            max_pixels: l.max_pixels,
            decode_side: FACE_SIDE,
            decode_fraction: 0.0,
        }
    }
}

impl Limits {
    /// The limits with the decode size the face settings need.
    pub fn for_faces(mut self, faces: &crate::config::Faces) -> Self {
        // Without the check, only the thumbnail needs pixels: the DCT's 1/8
        // (each pixel the mean of a block) is already a smooth downscale.
        self.decode_side = if faces.enabled { faces.max_side } else { THUMB_SIDE };
        self.decode_fraction = if faces.enabled { crate::faces::decode_fraction(faces.min_face) } else { 0.0 };
        self
    }

    /// The longer side a `w` x `h` image is decoded to and kept at.
    pub fn side_for(&self, w: u32, h: u32) -> u32 {
        let need = (f64::from(w.max(h)) * self.decode_fraction).ceil();
        self.decode_side.max(need.min(f64::from(u32::MAX)) as u32)
    }
}

/// Whether a file of `format` and `bytes` is over the byte limit.
pub fn over_byte_limit(format: Format, bytes: u64, limits: &Limits) -> Option<String> {
    let max = if format.is_video() { limits.max_video_bytes } else { limits.max_image_bytes };
    (bytes > max).then(|| format!("{bytes} bytes, limit {max}"))
}

/// What a decode unwinds with when a photo cannot be checked now through
/// no fault of its own (see [`Analysis::not_now`]).
#[derive(Debug)]
pub(crate) struct NotNow(pub String);

/// The words for a decoder's unwinding: "not now" and why, or a failure.
fn unwound(payload: &(dyn std::any::Any + Send)) -> Result<String, DecodeError> {
    match payload.downcast_ref::<NotNow>() {
        Some(n) => Ok(format!("could not be checked now: {}", n.0)),
        None => Err(DecodeError("the decoder failed on this file".into())),
    }
}

/// Everything learnt from a file held in memory.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub format: Option<Format>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub problem: Option<(MediaProblem, String)>,
    /// Why the file could not be checked now, through no fault of its own
    /// (a decode needed a scratch file that could not be made, and more
    /// memory than it was given): ingest leaves it in the inbox and says
    /// so, rather than hold a sound photo as damaged.
    pub not_now: Option<String>,
    pub camera: Option<Camera>,
    pub captured_at: Option<NaiveDateTime>,
    /// The capture time's UTC offset (EXIF OffsetTimeOriginal), e.g. "+01:00".
    pub captured_offset: Option<String>,
    pub orientation: Option<u16>,
    pub gps: bool,
    pub captions: Vec<String>,
    /// Names of people in the image from XMP (PersonInImage, MWG regions).
    pub people: Vec<String>,
    /// Named face regions from XMP, `[x, y, w, h]` as fractions.
    pub regions: Vec<(String, [f64; 4])>,
    /// An upright JPEG thumbnail, when the image decoded.
    pub thumbnail: Option<Vec<u8>>,
    /// The decoded image, upright, at most [`FACE_SIDE`] on its longer
    /// side: for the face check. Never written anywhere.
    pub upright: Option<DynamicImage>,
}

impl Analysis {
    pub fn format(&self) -> Format {
        self.format.unwrap_or(Format::Unknown)
    }
}

/// Reads every fact from a file held in memory. Never panics.
pub fn analyse(bytes: &[u8], limits: &Limits) -> Analysis {
    let format = sniff(&bytes[..bytes.len().min(SNIFF_LEN)]);
    let mut a = Analysis { format: Some(format), ..Analysis::default() };
    if format == Format::Unknown {
        a.problem = Some((MediaProblem::UnsupportedFormat, describe_unknown(bytes)));
        return a;
    }
    if let Some(why) = over_byte_limit(format, bytes.len() as u64, limits) {
        a.problem = Some((MediaProblem::TooLarge, why));
        return a;
    }
    read_exif(bytes, &mut a);
    if format == Format::Tiff && is_camera_raw(bytes) {
        a.problem =
            Some((MediaProblem::UnsupportedFormat, "a camera raw file (DNG/NEF): set the camera to save JPEG".into()));
        return a;
    }
    for c in iptc_captions(bytes) {
        if !a.captions.contains(&c) {
            a.captions.push(c);
        }
    }
    let x = xmp::read(bytes);
    a.people = x.people;
    a.regions = x.regions;
    a.captions.extend(x.captions);
    if a.orientation.is_none() {
        a.orientation = x.orientation;
    }
    if format.image_format().is_some() {
        check_and_thumbnail(bytes, format, limits, &mut a);
    } else if format.is_heif() {
        check_heif(bytes, limits, &mut a);
    }
    a
}

/// Whether this build and machine decode HEIC/HEIF/AVIF: libheif's version,
/// or a sentence saying why not and what to install.
pub fn heif_available() -> Result<String, DecodeError> {
    #[cfg(any(feature = "heif", feature = "heif-embedded"))]
    return heif::available();
    #[cfg(not(any(feature = "heif", feature = "heif-embedded")))]
    Err("this build has no HEIC/HEIF decoder (built without the `heif` feature)".into())
}

#[cfg(test)]
mod tests;

/// Where `needle` first occurs in `hay`: a vectorised search (the byte
/// scans over whole photos for XMP, IPTC and EXIF markers and the JPEG's
/// end took about 6% of an ingest without the face check done byte by
/// byte).
pub fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Whether two encodings of a picture carry the very same image data: the
/// same JPEG frames, tables and entropy-coded scans, or the same PNG
/// header, palette and image chunks, whatever metadata either has. Such a
/// copy decodes to the same pixels as the other (for any other format,
/// false: compare the pixels themselves).
pub fn same_image_data(a: &[u8], b: &[u8], format: Format) -> bool {
    use img_parts::Bytes;
    match format {
        Format::Jpeg => {
            use img_parts::jpeg::{markers, Jpeg};
            let image = |bytes: &[u8]| -> Option<Vec<u8>> {
                let mut j = Jpeg::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
                // APPn blocks carry metadata, but APP14 (Adobe) says how
                // the colours are coded: it must be the same too.
                j.segments_mut().retain(|s| {
                    let m = s.marker();
                    m == markers::APP14 || !((markers::APP1..=markers::APP15).contains(&m) || m == markers::COM)
                });
                Some(j.encoder().bytes().to_vec())
            };
            matches!((image(a), image(b)), (Some(x), Some(y)) if x == y)
        }
        Format::Png => {
            use img_parts::png::Png;
            let image = |bytes: &[u8]| -> Option<Vec<([u8; 4], Bytes)>> {
                let p = Png::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
                Some(
                    p.chunks()
                        .iter()
                        .filter(|c| {
                            matches!(&c.kind(), b"IHDR" | b"PLTE" | b"tRNS" | b"IDAT" | b"acTL" | b"fcTL" | b"fdAT")
                        })
                        .map(|c| (c.kind(), c.contents().clone()))
                        .collect(),
                )
            };
            matches!((image(a), image(b)), (Some(x), Some(y)) if x == y)
        }
        _ => false,
    }
}
