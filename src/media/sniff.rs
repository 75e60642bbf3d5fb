//! What a file is, from its first bytes (never its name).

use exif::{In, Tag};
use image::ImageFormat;
use serde::{Deserialize, Serialize};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A file format, as its first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    Tiff,
    Webp,
    Heic,
    Heif,
    Avif,
    Mp4,
    Mov,
    #[serde(rename = "3gp")]
    ThreeGp,
    Unknown,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Tiff => "tiff",
            Format::Webp => "webp",
            Format::Heic => "heic",
            Format::Heif => "heif",
            Format::Avif => "avif",
            Format::Mp4 => "mp4",
            Format::Mov => "mov",
            Format::ThreeGp => "3gp",
            Format::Unknown => "unknown",
        }
    }

    pub fn is_video(self) -> bool {
        matches!(self, Format::Mp4 | Format::Mov | Format::ThreeGp)
    }

    pub fn is_heif(self) -> bool {
        matches!(self, Format::Heic | Format::Heif | Format::Avif)
    }

    /// Formats the `image` crate decodes (and so can be decode-checked and
    /// thumbnailed here).
    pub(super) fn image_format(self) -> Option<ImageFormat> {
        match self {
            Format::Jpeg => Some(ImageFormat::Jpeg),
            Format::Png => Some(ImageFormat::Png),
            Format::Tiff => Some(ImageFormat::Tiff),
            Format::Webp => Some(ImageFormat::WebP),
            _ => None,
        }
    }
}

/// How many leading bytes [`sniff`] needs.
pub const SNIFF_LEN: usize = 64;

/// Identifies the format from the first bytes, never from the file name.
pub fn sniff(head: &[u8]) -> Format {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Format::Jpeg;
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Format::Png;
    }
    if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        return Format::Tiff;
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Format::Webp;
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        if &head[8..12] == b"crx " {
            return Format::Unknown; // Canon CR3 raw
        }
        let brands = brands(head);
        let has = |b: &[u8]| brands.iter().any(|x| x == b);
        if has(b"avif") || has(b"avis") {
            return Format::Avif;
        }
        if has(b"heic") || has(b"heix") || has(b"heim") || has(b"heis") || has(b"hevc") || has(b"hevx") {
            return Format::Heic;
        }
        if has(b"mif1") || has(b"msf1") {
            return Format::Heif;
        }
        if has(b"qt  ") {
            return Format::Mov;
        }
        if brands.iter().any(|b| b.starts_with(b"3g")) {
            return Format::ThreeGp;
        }
        if has(b"isom") || has(b"iso2") || has(b"mp41") || has(b"mp42") || has(b"avc1") || has(b"M4V ") || has(b"dash")
        {
            return Format::Mp4;
        }
        return Format::Unknown;
    }
    // QuickTime files without ftyp start with another top-level atom.
    if head.len() >= 8 && matches!(&head[4..8], b"moov" | b"mdat" | b"wide" | b"free" | b"skip" | b"pnot") {
        return Format::Mov;
    }
    Format::Unknown
}

/// The major and compatible brands of an ISO-BMFF `ftyp` box within `head`.
pub(super) fn brands(head: &[u8]) -> Vec<[u8; 4]> {
    let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let end = size.min(head.len());
    let mut out = Vec::new();
    let mut i = 8;
    while i + 4 <= end {
        if i != 12 {
            // bytes 12..16 are the minor version, not a brand
            out.push([head[i], head[i + 1], head[i + 2], head[i + 3]]);
        }
        i += 4;
    }
    out
}

/// TIFF-based camera raw: a DNG version tag, or a camera's sub-IFDs
/// holding the raw data (NEF and the like).
pub(super) fn is_camera_raw(bytes: &[u8]) -> bool {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        reader.read_from_container(&mut Cursor::new(bytes)).or_else(|e| e.distill_partial_result(|_| {}))
    }));
    let Ok(Ok(exif)) = parsed else { return false };
    let has = |n: u16| exif.fields().any(|f| f.tag.number() == n);
    has(0xC612) || (has(0x014A) && exif.get_field(Tag::Make, In::PRIMARY).is_some())
}

pub(super) fn describe_unknown(bytes: &[u8]) -> String {
    if bytes.len() >= 12 && &bytes[4..12] == b"ftypcrx " {
        return "a camera raw file (CR3): set the camera to save JPEG".into();
    }
    let head = &bytes[..bytes.len().min(8)];
    if bytes.starts_with(b"GIF8") {
        "GIF is not a camera format".into()
    } else if bytes.is_empty() {
        "empty file".into()
    } else {
        format!("unrecognised file starting {}", hex::encode(head))
    }
}
