//! Facts a camera writes into the file: EXIF (device, time, orientation,
//! GPS, captions) and IPTC captions.

use super::Analysis;
use crate::policy::Camera;
use chrono::NaiveDateTime;
use exif::{In, Tag, Value};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Fallback for containers whose EXIF block the reader refuses (e.g. a WebP
/// `EXIF` chunk that still carries the JPEG-style `Exif\0\0` prefix): the
/// TIFF structure right after an `Exif\0\0` marker.
pub(super) fn raw_exif(bytes: &[u8]) -> Option<exif::Exif> {
    let at = super::find_bytes(bytes, b"Exif\0\0")? + 6;
    let tiff = bytes.get(at..)?;
    if !(tiff.starts_with(b"II*\0") || tiff.starts_with(b"MM\0*")) {
        return None;
    }
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let limit = tiff.len().min(1 << 20);
    reader.read_raw(tiff[..limit].to_vec()).or_else(|e| e.distill_partial_result(|_| {})).ok()
}

/// IPTC-IIM captions (2:120) and object names (2:05) from a JPEG's
/// Photoshop APP13 block.
pub fn iptc_captions(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let Some(start) = super::find_bytes(bytes, b"Photoshop 3.0\0") else { return out };
    let block = &bytes[start + 14..bytes.len().min(start + 14 + (1 << 20))];
    let mut i = 0;
    // 8BIM resources: signature, id, padded Pascal name, size, data (padded).
    while i + 12 <= block.len() && &block[i..i + 4] == b"8BIM" {
        let id = u16::from_be_bytes([block[i + 4], block[i + 5]]);
        let name_len = usize::from(block[i + 6]);
        let mut j = i + 7 + name_len;
        if (name_len + 1) % 2 == 1 {
            j += 1;
        }
        let Some(size) = block.get(j..j + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize) else {
            break;
        };
        let Some(data) = block.get(j + 4..j + 4 + size) else { break };
        if id == 0x0404 {
            let mut k = 0;
            while k + 5 <= data.len() && data[k] == 0x1C {
                let (record, dataset) = (data[k + 1], data[k + 2]);
                let len = usize::from(u16::from_be_bytes([data[k + 3], data[k + 4]]));
                let Some(value) = data.get(k + 5..k + 5 + len) else { break };
                if record == 2 && (dataset == 120 || dataset == 5) {
                    let text = String::from_utf8_lossy(value).trim().to_string();
                    if !text.is_empty() && !out.contains(&text) {
                        out.push(text);
                    }
                }
                k += 5 + len;
            }
        }
        i = j + 4 + size + (size % 2);
    }
    out
}

pub(super) fn ascii(field: &exif::Field) -> Option<String> {
    match &field.value {
        Value::Ascii(parts) => {
            let s: String = parts
                .iter()
                .map(|p| String::from_utf8_lossy(p).trim_matches(char::from(0)).trim().to_string())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            Some(s).filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

/// EXIF UserComment: 8 bytes naming the character set, then the text.
pub(super) fn user_comment(field: &exif::Field) -> Option<String> {
    let Value::Undefined(raw, _) = &field.value else { return None };
    if raw.len() <= 8 {
        return None;
    }
    let (code, text) = raw.split_at(8);
    let s = if code.starts_with(b"UNICODE") {
        let units: Vec<u16> = text.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(text).into_owned()
    };
    let s = s.trim_matches(char::from(0)).trim().to_string();
    Some(s).filter(|s| !s.is_empty())
}

/// Windows XP* tags: UCS-2 little endian in BYTE values.
pub(super) fn xp_text(field: &exif::Field) -> Option<String> {
    let Value::Byte(raw) = &field.value else { return None };
    let units: Vec<u16> = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let s = String::from_utf16_lossy(&units).trim_matches(char::from(0)).trim().to_string();
    Some(s).filter(|s| !s.is_empty())
}

/// Parses an EXIF date ("YYYY:MM:DD HH:MM:SS"); blank or zero dates are none.
pub fn parse_exif_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let main = s.get(..19)?;
    NaiveDateTime::parse_from_str(main, "%Y:%m:%d %H:%M:%S").ok()
}

pub(super) fn read_exif(bytes: &[u8], a: &mut Analysis) {
    // Broken EXIF is common (a bad thumbnail IFD, a stray offset): keep what
    // parsed rather than losing the camera's make and model.
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        let mut reader = exif::Reader::new();
        reader.continue_on_error(true);
        reader
            .read_from_container(&mut Cursor::new(bytes))
            .or_else(|e| e.distill_partial_result(|_| {}))
            .or_else(|_| raw_exif(bytes).ok_or(exif::Error::NotFound("EXIF")))
    }));
    let Ok(Ok(exif)) = parsed else { return };
    let get = |tag: Tag| exif.get_field(tag, In::PRIMARY).and_then(ascii);
    let make = get(Tag::Make);
    let model = get(Tag::Model);
    let mut serial = None;
    for f in exif.fields() {
        if matches!(f.tag.number(), 0xA431 | 0xC62F) && serial.is_none() {
            serial = ascii(f);
        }
    }
    if make.is_some() || model.is_some() {
        a.camera = Some(Camera { make: make.unwrap_or_default(), model: model.unwrap_or_default(), serial });
    }
    a.captured_at = get(Tag::DateTimeOriginal)
        .and_then(|s| parse_exif_datetime(&s))
        .or_else(|| get(Tag::DateTimeDigitized).and_then(|s| parse_exif_datetime(&s)))
        .or_else(|| get(Tag::DateTime).and_then(|s| parse_exif_datetime(&s)));
    a.captured_offset = get(Tag::OffsetTimeOriginal)
        .or_else(|| get(Tag::OffsetTime))
        .filter(|o| o.len() == 6 && (o.starts_with('+') || o.starts_with('-')));
    a.orientation = exif
        .get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|o| u16::try_from(o).ok())
        .filter(|o| (1..=8).contains(o));
    a.gps = exif.fields().any(|f| matches!(f.tag, Tag::GPSLatitude | Tag::GPSLongitude));
    for f in exif.fields() {
        let text = match f.tag.number() {
            0x010E => ascii(f),
            0x9286 => user_comment(f),
            0x9C9B | 0x9C9C | 0x9C9F => xp_text(f),
            _ => None,
        };
        if let Some(t) = text {
            if !a.captions.contains(&t) {
                a.captions.push(t);
            }
        }
    }
}
