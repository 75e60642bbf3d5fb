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
mod tests {
    use super::*;

    #[test]
    fn a_creation_time_out_of_range_is_no_time_not_a_panic() {
        // Found by the `video` fuzz target: a version-1 mvhd whose 64-bit
        // creation time is beyond what a date can hold.
        assert_eq!(from_1904(u64::MAX), None);
        assert_eq!(from_1904(0x5d5d_5d5d_5d5d_5d5d), None);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz_mvhd_huge_time.mov");
        let bytes = std::fs::read(path).expect("fixture");
        let facts = read(&mut std::io::Cursor::new(&bytes));
        assert_eq!(facts.created, None);
    }

    fn bx(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut v = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(payload);
        v
    }

    /// A small MOV: mvhd (created 2020-11-20 14:04:36, 3.5 s), one track of
    /// 1280x720, ©xyz, ©mak, and QuickTime metadata keys.
    fn sample() -> Vec<u8> {
        let created = NaiveDate::from_ymd_opt(2020, 11, 20).and_then(|d| d.and_hms_opt(14, 4, 36)).expect("date")
            - NaiveDate::from_ymd_opt(1904, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("epoch");
        let mut mvhd = vec![0u8; 100];
        mvhd[4..8].copy_from_slice(&(created.num_seconds() as u32).to_be_bytes());
        mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes());
        mvhd[16..20].copy_from_slice(&3500u32.to_be_bytes());
        let mut tkhd = vec![0u8; 84];
        tkhd[76..80].copy_from_slice(&(1280u32 << 16).to_be_bytes());
        tkhd[80..84].copy_from_slice(&(720u32 << 16).to_be_bytes());
        let trak = bx(b"trak", &bx(b"tkhd", &tkhd));
        let text = |s: &str| {
            let mut v = (s.len() as u16).to_be_bytes().to_vec();
            v.extend_from_slice(&[0x15, 0xC7]);
            v.extend_from_slice(s.as_bytes());
            v
        };
        let mut udta = bx(&[0xA9, b'x', b'y', b'z'], &text("+52.3693+006.6761/"));
        udta.extend(bx(&[0xA9, b'm', b'a', b'k'], &text("Apple")));
        let key = |name: &str| {
            let mut v = ((name.len() + 8) as u32).to_be_bytes().to_vec();
            v.extend_from_slice(b"mdta");
            v.extend_from_slice(name.as_bytes());
            v
        };
        let mut keys = vec![0, 0, 0, 0, 0, 0, 0, 3];
        keys.extend(key("com.apple.quicktime.model"));
        keys.extend(key("com.apple.quicktime.location.ISO6709"));
        keys.extend(key("com.apple.quicktime.description"));
        let item = |i: u32, value: &str| {
            let mut data = vec![0, 0, 0, 1, 0, 0, 0, 0];
            data.extend_from_slice(value.as_bytes());
            bx(&i.to_be_bytes(), &bx(b"data", &data))
        };
        let mut ilst = item(1, "iPad (9th generation)");
        ilst.extend(item(2, "+52.3693+006.6761/"));
        ilst.extend(item(3, "Sports day with Millie"));
        let mut meta = bx(b"hdlr", &[0u8; 25]);
        meta.extend(bx(b"keys", &keys));
        meta.extend(bx(b"ilst", &ilst));
        let mut moov = bx(b"mvhd", &mvhd);
        moov.extend(trak);
        moov.extend(bx(b"udta", &udta));
        moov.extend(bx(b"meta", &meta));
        let mut file = bx(b"ftyp", b"qt  \0\0\0\0qt  ");
        file.extend(bx(b"mdat", &[7u8; 64]));
        file.extend(bx(b"moov", &moov));
        file
    }

    #[test]
    fn reads_time_duration_size_camera_location_and_captions() {
        let f = read(&mut std::io::Cursor::new(sample()));
        assert_eq!(f.created.map(|t| t.to_string()).as_deref(), Some("2020-11-20 14:04:36"));
        assert_eq!(f.duration_secs, Some(3.5));
        assert_eq!((f.width, f.height), (Some(1280), Some(720)));
        assert_eq!(f.make.as_deref(), Some("Apple"));
        assert_eq!(f.model.as_deref(), Some("iPad (9th generation)"));
        assert!(f.gps);
        assert_eq!(f.captions, vec!["Sports day with Millie".to_string()]);
    }

    #[test]
    fn neutralising_removes_location_and_text_but_keeps_every_offset() {
        let original = sample();
        let mut moov = original.clone();
        let (at, size) = locate_moov(&mut std::io::Cursor::new(&original)).expect("read").expect("moov");
        assert!(neutralise_moov(&mut moov[at as usize..(at + size) as usize]) >= 4);
        // read through in small pieces, across the start and end of moov
        let mut reader = neutralised(std::io::Cursor::new(original.clone())).expect("neutralised");
        let mut after = Vec::new();
        let mut piece = [0u8; 7];
        loop {
            let n = reader.read(&mut piece).expect("read");
            if n == 0 {
                break;
            }
            after.extend_from_slice(&piece[..n]);
        }
        assert_eq!(after, moov, "the same bytes as neutralising in place");
        // and again after seeking back, as the export's check does
        reader.seek(SeekFrom::Start(3)).expect("seek");
        let mut again = Vec::new();
        reader.read_to_end(&mut again).expect("read");
        assert_eq!(again, &moov[3..]);
        assert!(reader.seek(SeekFrom::Current(-(moov.len() as i64) - 1)).is_err(), "no seeking before the start");
        assert_eq!(after.len(), original.len(), "no size changes");
        assert_eq!(&after[..100], &original[..100], "ftyp and mdat untouched");
        let f = read(&mut std::io::Cursor::new(&after));
        assert!(!f.gps, "no location left");
        assert!(f.captions.is_empty() && f.make.is_none() && f.model.is_none());
        assert_eq!(f.duration_secs, Some(3.5), "the timing boxes remain");
        for needle in [&b"+52.3693"[..], b"Millie", b"iPad"] {
            assert!(!after.windows(needle.len()).any(|w| w == needle));
        }
    }

    #[test]
    fn garbage_and_truncated_boxes_are_no_facts_not_a_crash() {
        for bytes in [vec![], b"\0\0\0\x08moov".to_vec(), b"\0\0\0\xffmoov\0\0".to_vec(), vec![0xFF; 64]] {
            assert_eq!(read(&mut std::io::Cursor::new(bytes)), VideoFacts::default());
        }
        let mut cut = sample();
        cut.truncate(cut.len() - 10);
        let _ = read(&mut std::io::Cursor::new(cut));
    }

    /// Regenerates `fixtures/generated_ipad_gps.mov`
    /// (`cargo test -- --ignored regenerate`).
    #[test]
    #[ignore]
    fn regenerate_generated_video_fixture() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        std::fs::write(dir.join("generated_ipad_gps.mov"), sample()).expect("write");
    }

    #[test]
    fn corpus_videos_give_their_facts() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/video");
        if !dir.is_dir() {
            crate::media::tests::skip("corpus not found (../shared/corpus)");
            return;
        }
        let facts = |name: &str| read(&mut std::fs::File::open(dir.join(name)).expect("open"));
        let f = facts("mei_Issue_515.mp4");
        assert_eq!(f.created.map(|t| t.to_string()).as_deref(), Some("2020-11-20 14:04:36"));
        assert_eq!((f.width, f.height), (Some(1280), Some(720)));
        assert!(f.gps);
        assert!((f.duration_secs.unwrap_or(0.0) - 3.63).abs() < 0.02);
        let f = facts("exiftool_QuickTime_Pentax.mov");
        assert_eq!(f.created.map(|t| t.to_string()).as_deref(), Some("2005-08-11 14:03:54"));
        assert_eq!((f.width, f.height), (Some(320), Some(240)));
        let f = facts("exiv2_small_video.mp4");
        assert_eq!(f.created, None, "a zero creation time is no time");
        assert_eq!((f.width, f.height), (Some(216), Some(384)));
        let f = facts("mei_3gp5_brand_ftyp3gp5.mp4");
        assert_eq!(f.created.map(|t| t.to_string()).as_deref(), Some("2020-10-23 20:27:29"));
        assert!(f.gps, "a 0,0 location still counts");
        let f = facts("mei_xmp480qt.mov");
        assert_eq!((f.width, f.height), (Some(640), Some(360)));
    }
}
