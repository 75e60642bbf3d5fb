//! Video metadata (MP4, MOV, 3GP) read from the container without decoding
//! a frame: a small ISO-BMFF box walker with strict bounds that reads only
//! the `moov` box (by seeking past `mdat`, wherever it is).
//!
//! It also neutralises location and text metadata in place for exports:
//! the boxes keep their sizes and become `free`, so no sample offset moves.

use chrono::{NaiveDate, NaiveDateTime};
use std::io::{self, Read, Seek, SeekFrom};

/// The largest `moov` box read into memory.
const MAX_MOOV: u64 = 64 << 20;
/// Boxes nested deeper than this are not followed.
const MAX_DEPTH: usize = 12;

/// What the container says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VideoFacts {
    pub created: Option<NaiveDateTime>,
    pub duration_secs: Option<f64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub make: Option<String>,
    pub model: Option<String>,
    /// A location is recorded (even 0,0 counts: it is stripped on export).
    pub gps: bool,
    pub captions: Vec<String>,
}

/// A box inside a buffer: its type and the byte range of its payload.
#[derive(Debug, Clone, Copy)]
struct BoxAt {
    kind: [u8; 4],
    start: usize,
    header: usize,
    end: usize,
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// The boxes directly inside `buf[from..to]`.
fn children(buf: &[u8], from: usize, to: usize) -> Vec<BoxAt> {
    let mut out = Vec::new();
    let mut i = from;
    while i + 8 <= to {
        let Some(size32) = be32(buf, i) else { break };
        let kind: [u8; 4] = match buf.get(i + 4..i + 8).and_then(|k| k.try_into().ok()) {
            Some(k) => k,
            None => break,
        };
        let (size, header) = match size32 {
            0 => ((to - i) as u64, 8),
            1 => match be64(buf, i + 8) {
                Some(s) => (s, 16),
                None => break,
            },
            s => (u64::from(s), 8),
        };
        let Some(end) = usize::try_from(size).ok().and_then(|s| i.checked_add(s)) else { break };
        if size < header as u64 || end > to {
            break;
        }
        out.push(BoxAt { kind, start: i, header, end });
        i = end;
    }
    out
}

fn find<'a>(boxes: &'a [BoxAt], kind: &[u8; 4]) -> Option<&'a BoxAt> {
    boxes.iter().find(|b| &b.kind == kind)
}

/// Finds the `moov` box by walking the top-level boxes with seeks:
/// its offset and size. `None` without one; an error for a box that runs
/// past the end of the file.
fn locate_moov<R: Read + Seek>(r: &mut R) -> io::Result<Option<(u64, u64)>> {
    let len = r.seek(SeekFrom::End(0))?;
    let mut pos = 0u64;
    while pos + 8 <= len {
        r.seek(SeekFrom::Start(pos))?;
        let mut head = [0u8; 16];
        r.read_exact(&mut head[..8])?;
        let size = match u32::from_be_bytes([head[0], head[1], head[2], head[3]]) {
            0 => len - pos,
            1 => {
                r.read_exact(&mut head[8..16])?;
                u64::from_be_bytes([head[8], head[9], head[10], head[11], head[12], head[13], head[14], head[15]])
            }
            s => u64::from(s),
        };
        if size < 8 || pos + size > len {
            return Err(io::Error::other("a box runs past the end of the file"));
        }
        if &head[4..8] == b"moov" {
            return Ok(Some((pos, size)));
        }
        pos += size;
    }
    Ok(None)
}

/// Reads the `moov` box of a file (at most 64 MiB) into memory.
pub fn read_moov<R: Read + Seek>(r: &mut R) -> io::Result<Option<Vec<u8>>> {
    match locate_moov(r) {
        Ok(Some((pos, size))) if size <= MAX_MOOV => {
            r.seek(SeekFrom::Start(pos))?;
            let mut buf = vec![0u8; size as usize];
            r.read_exact(&mut buf)?;
            Ok(Some(buf))
        }
        Ok(_) | Err(_) => Ok(None),
    }
}

/// Seconds since 1904-01-01 (the QuickTime epoch); zero means unset.
fn from_1904(secs: u64) -> Option<NaiveDateTime> {
    if secs == 0 {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1904, 1, 1)?.and_hms_opt(0, 0, 0)?;
    // A damaged header can claim any 64-bit time: out of chrono's range is
    // no time at all, never a panic.
    epoch.checked_add_signed(chrono::TimeDelta::try_seconds(i64::try_from(secs).ok()?)?)
}

/// QuickTime user-data text: u16 size, u16 language, then the text.
fn qt_text(payload: &[u8]) -> Option<String> {
    let n = usize::from(u16::from_be_bytes(payload.get(0..2)?.try_into().ok()?));
    let text = payload.get(4..4 + n).or_else(|| payload.get(4..))?;
    let s = String::from_utf8_lossy(text).trim_matches(char::from(0)).trim().to_string();
    Some(s).filter(|s| !s.is_empty())
}

/// Parses "2020-11-20T14:04:36+0100" and similar into local time.
fn iso_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s.get(..19)?, "%Y-%m-%dT%H:%M:%S").ok()
}

/// The boxes inside a `meta` box. QuickTime's `meta` has no version and
/// flags; ISO's has 4 bytes of them before its children.
fn meta_children(buf: &[u8], meta: &BoxAt) -> Vec<BoxAt> {
    let body = meta.start + meta.header;
    let direct = children(buf, body, meta.end);
    if find(&direct, b"hdlr").is_some() || find(&direct, b"keys").is_some() {
        direct
    } else {
        children(buf, body + 4, meta.end)
    }
}

/// The byte ranges of the key names in a `keys` box, in order.
fn key_ranges(buf: &[u8], keys: &BoxAt) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let count = be32(buf, keys.start + keys.header + 4).unwrap_or(0);
    let mut i = keys.start + keys.header + 8;
    for _ in 0..count.min(4096) {
        let Some(size) = be32(buf, i).map(|s| s as usize) else { break };
        if size < 8 || i + size > keys.end {
            break;
        }
        out.push(i + 8..i + size);
        i += size;
    }
    out
}

/// `meta` with `keys` + `ilst` (QuickTime metadata): key name -> text.
fn mdta_items(buf: &[u8], meta: &BoxAt) -> Vec<(String, String, BoxAt)> {
    let inner = meta_children(buf, meta);
    let (Some(keys), Some(ilst)) = (find(&inner, b"keys"), find(&inner, b"ilst")) else { return Vec::new() };
    let names: Vec<String> =
        key_ranges(buf, keys).into_iter().map(|r| String::from_utf8_lossy(&buf[r]).into_owned()).collect();
    let mut out = Vec::new();
    for item in children(buf, ilst.start + ilst.header, ilst.end) {
        let index = u32::from_be_bytes(item.kind) as usize;
        let Some(name) = index.checked_sub(1).and_then(|k| names.get(k)) else { continue };
        let Some(data) = find(&children(buf, item.start + item.header, item.end), b"data").copied() else { continue };
        let value =
            buf.get(data.start + data.header + 8..data.end).map(|v| String::from_utf8_lossy(v).trim().to_string());
        out.push((name.clone(), value.unwrap_or_default(), item));
    }
    out
}

/// Reads the facts from a `moov` box.
pub fn facts_from_moov(moov: &[u8]) -> VideoFacts {
    let mut f = VideoFacts::default();
    let top = children(moov, 8, moov.len());
    if let Some(mvhd) = find(&top, b"mvhd") {
        let p = mvhd.start + mvhd.header;
        let version = moov.get(p).copied().unwrap_or(0);
        let (created, timescale, duration) = if version == 1 {
            (be64(moov, p + 4), be32(moov, p + 20).map(u64::from), be64(moov, p + 24))
        } else {
            (be32(moov, p + 4).map(u64::from), be32(moov, p + 12).map(u64::from), be32(moov, p + 16).map(u64::from))
        };
        f.created = created.and_then(from_1904);
        if let (Some(ts), Some(d)) = (timescale, duration) {
            if ts > 0 {
                f.duration_secs = Some(d as f64 / ts as f64);
            }
        }
    }
    for trak in top.iter().filter(|b| &b.kind == b"trak") {
        let inner = children(moov, trak.start + trak.header, trak.end);
        if let Some(tkhd) = find(&inner, b"tkhd") {
            // width and height are the last 8 bytes, 16.16 fixed point
            let w = be32(moov, tkhd.end - 8).map(|v| v >> 16);
            let h = be32(moov, tkhd.end - 4).map(|v| v >> 16);
            if let (Some(w), Some(h)) = (w, h) {
                if w > 0 && h > 0 && f.width.is_none() {
                    f.width = Some(w);
                    f.height = Some(h);
                }
            }
        }
    }
    walk_metadata(moov, &top, 0, &mut f);
    for (k, v, _) in metadata_items(moov) {
        match k.as_str() {
            "com.apple.quicktime.make" => f.make = Some(v).filter(|s| !s.is_empty()).or(f.make.take()),
            "com.apple.quicktime.model" => f.model = Some(v).filter(|s| !s.is_empty()).or(f.model.take()),
            "com.apple.quicktime.creationdate" => {
                if let Some(t) = iso_time(&v) {
                    f.created = Some(t);
                }
            }
            k if k.contains("location") => f.gps = true,
            k if (k.contains("description") || k.ends_with(".title") || k.contains("comment"))
                && !v.is_empty()
                && !f.captions.contains(&v) =>
            {
                f.captions.push(v);
            }
            _ => {}
        }
    }
    let xmp = super::xmp::read(moov);
    for c in xmp.captions {
        if !f.captions.contains(&c) {
            f.captions.push(c);
        }
    }
    f
}

/// `udta` text boxes (©mak, ©mod, ©des, ©nam, ©xyz) and 3GPP `loci`.
fn walk_metadata(buf: &[u8], boxes: &[BoxAt], depth: usize, f: &mut VideoFacts) {
    if depth > MAX_DEPTH {
        return;
    }
    for b in boxes {
        let payload = buf.get(b.start + b.header..b.end).unwrap_or(&[]);
        match &b.kind {
            b"udta" | b"trak" | b"mdia" => walk_metadata(buf, &children(buf, b.start + b.header, b.end), depth + 1, f),
            [0xA9, b'm', b'a', b'k'] => f.make = qt_text(payload).or(f.make.take()),
            [0xA9, b'm', b'o', b'd'] => f.model = qt_text(payload).or(f.model.take()),
            [0xA9, b'x', b'y', b'z'] | b"loci" => f.gps = true,
            [0xA9, b'd', b'e', b's'] | [0xA9, b'n', b'a', b'm'] | [0xA9, b'c', b'm', b't'] => {
                if let Some(t) = qt_text(payload) {
                    if !f.captions.contains(&t) {
                        f.captions.push(t);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every `meta` box's key/value items, anywhere in `moov`.
fn metadata_items(moov: &[u8]) -> Vec<(String, String, BoxAt)> {
    let mut out = Vec::new();
    let mut stack = vec![(8usize, moov.len(), 0usize)];
    while let Some((from, to, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            continue;
        }
        for b in children(moov, from, to) {
            match &b.kind {
                b"meta" => out.extend(mdta_items(moov, &b)),
                b"udta" | b"trak" | b"mdia" => stack.push((b.start + b.header, b.end, depth + 1)),
                _ => {}
            }
        }
    }
    out
}

/// A still frame for the tagging screen, when `ffmpeg` is installed: it
/// reads the inbox file and writes a small JPEG to a pipe, never to disk.
/// `None` without ffmpeg, or when it cannot make one.
pub fn preview_frame(path: &std::path::Path) -> Option<Vec<u8>> {
    let out = std::process::Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-i"])
        .arg(path)
        .args(["-frames:v", "1", "-vf", "scale='min(384,iw)':-2", "-f", "image2pipe", "-vcodec", "mjpeg", "-"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    (out.status.success() && out.stdout.starts_with(&[0xFF, 0xD8]) && out.stdout.len() < (8 << 20))
        .then_some(out.stdout)
}

/// Reads a video's facts from a file.
pub fn read<R: Read + Seek>(r: &mut R) -> VideoFacts {
    match read_moov(r) {
        Ok(Some(moov)) => std::panic::catch_unwind(|| facts_from_moov(&moov)).unwrap_or_default(),
        _ => VideoFacts::default(),
    }
}

/// Turns every location, text and camera box in `moov` into `free` space of
/// the same size (zeroed), and blanks XMP packets. Returns how many boxes
/// were neutralised. Sizes never change, so sample offsets stay valid.
pub fn neutralise_moov(moov: &mut [u8]) -> usize {
    let mut targets: Vec<BoxAt> = Vec::new();
    let mut key_names: Vec<std::ops::Range<usize>> = Vec::new();
    let mut stack = vec![(8usize, moov.len(), 0usize)];
    while let Some((from, to, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            continue;
        }
        for b in children(moov, from, to) {
            match &b.kind {
                b"udta" | b"trak" | b"mdia" => stack.push((b.start + b.header, b.end, depth + 1)),
                [0xA9, ..] | b"loci" | b"XMP_" => targets.push(b),
                b"meta" => {
                    targets.extend(mdta_items(moov, &b).into_iter().map(|(_, _, item)| item));
                    if let Some(keys) = find(&meta_children(moov, &b), b"keys") {
                        key_names.extend(key_ranges(moov, keys));
                    }
                }
                _ => {}
            }
        }
    }
    for b in &targets {
        moov[b.start + 4..b.start + 8].copy_from_slice(b"free");
        for byte in &mut moov[b.start + b.header..b.end] {
            *byte = 0;
        }
    }
    // The key names go too (their values are gone; the names say what was there).
    for r in key_names {
        for byte in &mut moov[r] {
            *byte = b'_';
        }
    }
    // XMP anywhere else (uuid boxes): blank the packet's bytes.
    let mut from = 0;
    while let Some(at) = super::find_bytes(&moov[from..], b"<x:xmpmeta").map(|i| i + from) {
        let end = super::find_bytes(&moov[at..], b"</x:xmpmeta>").map(|i| at + i + 12).unwrap_or(moov.len());
        for byte in &mut moov[at..end] {
            *byte = b' ';
        }
        from = end.min(moov.len());
    }
    targets.len()
}

/// A video as it reads with its `moov` box neutralised
/// ([`neutralise_moov`]): the bytes of `inner`, but for `moov`, which is a
/// neutralised copy of the same length (every offset kept). Nothing is
/// written anywhere: a decrypting reader can feed a download directly.
pub struct Neutralised<R> {
    inner: R,
    /// Where `moov` starts, and its neutralised bytes.
    at: u64,
    moov: Vec<u8>,
    /// The whole length, where this reader is, and where `inner` is.
    len: u64,
    pos: u64,
    inner_pos: Option<u64>,
}

/// Finds `moov` in `inner` and neutralises a copy of it in memory (at most
/// 64 MiB).
pub fn neutralised<R: Read + Seek>(mut inner: R) -> io::Result<Neutralised<R>> {
    let (at, size) = locate_moov(&mut inner)?.ok_or_else(|| io::Error::other("no moov box"))?;
    if size > MAX_MOOV {
        return Err(io::Error::other("the moov box is too large"));
    }
    inner.seek(SeekFrom::Start(at))?;
    let mut moov = vec![0u8; size as usize];
    inner.read_exact(&mut moov)?;
    neutralise_moov(&mut moov);
    let len = inner.seek(SeekFrom::End(0))?;
    Ok(Neutralised { inner, at, moov, len, pos: 0, inner_pos: None })
}

impl<R> Neutralised<R> {
    /// The video's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<R: Read + Seek> Read for Neutralised<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let moov_end = self.at + self.moov.len() as u64;
        if (self.at..moov_end).contains(&self.pos) {
            let from = (self.pos - self.at) as usize;
            let n = buf.len().min(self.moov.len() - from);
            buf[..n].copy_from_slice(&self.moov[from..from + n]);
            self.pos += n as u64;
            return Ok(n);
        }
        // from `inner`, never across the start of `moov`
        let room = if self.pos < self.at { self.at } else { self.len } - self.pos;
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        if self.inner_pos.take() != Some(self.pos) {
            self.inner.seek(SeekFrom::Start(self.pos))?;
        }
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the video ended early"));
        }
        self.pos += n as u64;
        self.inner_pos = Some(self.pos);
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for Neutralised<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let to = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = to.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests;
