//! Large HEIF photos decoded one tile at a time.
//!
//! Cameras and phones store a photo larger than one HEVC picture may be (a
//! 48 MP iPhone photo, a 50 MP camera's) as a grid: many small coded
//! images (tiles, often 512 px square), hidden, that the primary `grid`
//! item joins. libheif decodes a grid whole, into a full-size buffer and
//! then a full-size RGB copy of it (ingest of a 50 MP grid peaked at 316
//! MiB). Ingest only needs a reduced copy (for the face check and the
//! thumbnail), so here each tile is decoded on its own and shrunk into that
//! copy at once: at most one row of tiles is held at full size (117 MiB).
//! Ingest takes this way when libheif's whole decode would not fit in the
//! working memory (libheif is faster on a 12 MP phone grid); the tagging
//! screen's view, redaction and export take it for every grid.
//!
//! libheif 1.15 (Debian 12's) cannot open a hidden tile by itself, so each
//! tile is re-wrapped as a one-image HEIF in memory (its own coded bytes
//! and properties, and the grid's colour description if the tile has none)
//! and decoded with libheif as any photo is: the colours are libheif's own.
//! The grid's rotation (`irot`) is then applied to the reduced copy.
//!
//! Anything this does not understand (no grid, an item in another file, a
//! mirror or a crop) is left to libheif's whole decode, as before:
//! this is a way to less memory, never a second opinion on a file.

use super::shrink::Shrink;
use super::DecodeError;
use image::{DynamicImage, RgbImage};
use std::collections::HashMap;

/// A grid photo: its tiles, its size and its turn.
pub(super) struct Grid<'a> {
    rows: u32,
    cols: u32,
    /// The joined image's size (before its turn).
    width: u32,
    height: u32,
    tiles: Vec<Item<'a>>,
    /// Every tile's size, from its `ispe` property.
    tile_size: (u32, u32),
    /// The grid's own colour description (`colr`), given to tiles without one.
    colr: Option<&'a [u8]>,
    /// Quarter turns anticlockwise (`irot`).
    turns: u8,
}

/// One coded tile: its type, where its bytes are and its property boxes.
struct Item<'a> {
    kind: [u8; 4],
    extents: Vec<&'a [u8]>,
    props: Vec<&'a [u8]>,
}

/// Slices of the file by item id: where an item's bytes are, or its
/// property boxes. Looked up once per tile: a map, so that a file naming
/// many items costs no more than their number (a list searched for each of
/// a grid's up to 65,536 tiles did not). The first entry for an id counts.
type ById<'a> = HashMap<u32, Vec<&'a [u8]>>;

/// The boxes in `bytes`: (type, whole box, payload).
fn boxes(bytes: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8], &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = bytes.get(at..at + 8)?;
        let size = u32::from_be_bytes(head[..4].try_into().ok()?) as usize;
        let kind: [u8; 4] = head[4..8].try_into().ok()?;
        let (size, hdr) = match size {
            0 => (bytes.len() - at, 8),
            1 => (usize::try_from(u64::from_be_bytes(bytes.get(at + 8..at + 16)?.try_into().ok()?)).ok()?, 16),
            n => (n, 8),
        };
        let whole = bytes.get(at..at.checked_add(size)?)?;
        let payload = whole.get(hdr..)?;
        at += size;
        Some((kind, whole, payload))
    })
}

fn find<'a>(bytes: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    boxes(bytes).find(|(k, ..)| k == kind).map(|(_, _, p)| p)
}

/// Reads big-endian numbers of any width from the front of a slice.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn uint(&mut self, n: usize) -> Option<u64> {
        let (head, rest) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = rest;
        Some(head.iter().fold(0u64, |v, b| (v << 8) | u64::from(*b)))
    }
    fn id(&mut self, wide: bool) -> Option<u32> {
        self.uint(if wide { 4 } else { 2 }).map(|v| v as u32)
    }
}

/// The primary item's id.
fn primary(meta: &[u8]) -> Option<u32> {
    let p = find(meta, b"pitm")?;
    Reader(p.get(4..)?).id(*p.first()? != 0)
}

/// Item types by id (the first entry for an id counts).
fn item_types(meta: &[u8]) -> Option<HashMap<u32, [u8; 4]>> {
    let iinf = find(meta, b"iinf")?;
    let skip = if *iinf.first()? == 0 { 6 } else { 8 };
    let mut out = HashMap::new();
    for (kind, _, infe) in boxes(iinf.get(skip..)?) {
        if &kind != b"infe" || *infe.first()? < 2 {
            continue;
        }
        let mut r = Reader(infe.get(4..)?);
        let id = r.id(*infe.first()? >= 3)?;
        r.uint(2)?; // protection index
        out.entry(id).or_insert(r.0.get(..4)?.try_into().ok()?);
    }
    Some(out)
}

/// Where each item's bytes are, by id, for items in this file
/// (construction method 0, the file; 1, the `idat` box).
fn locations<'a>(bytes: &'a [u8], meta: &'a [u8]) -> Option<ById<'a>> {
    let iloc = find(meta, b"iloc")?;
    let idat = find(meta, b"idat").unwrap_or_default();
    let version = *iloc.first()?;
    let mut r = Reader(iloc.get(4..)?);
    let sizes = r.uint(2)?;
    let (off_size, len_size, base_size) =
        ((sizes >> 12) as usize, (sizes >> 8 & 15) as usize, (sizes >> 4 & 15) as usize);
    let index_size = if version >= 1 { (sizes & 15) as usize } else { 0 };
    let count = r.id(version >= 2)?;
    let mut out = HashMap::new();
    for _ in 0..count {
        let id = r.id(version >= 2)?;
        let method = if version >= 1 { r.uint(2)? & 15 } else { 0 };
        let data_ref = r.uint(2)?;
        let base = r.uint(base_size)?;
        let mut extents = Vec::new();
        for _ in 0..r.uint(2)? {
            r.uint(index_size)?;
            let (off, len) = (base.checked_add(r.uint(off_size)?)?, r.uint(len_size)?);
            let source = match (method, data_ref) {
                (0, 0) => bytes,
                (1, _) => idat,
                _ => return None,
            };
            let start = usize::try_from(off).ok()?;
            // A length of 0 means "to the end".
            let end = if len == 0 { source.len() } else { start.checked_add(usize::try_from(len).ok()?)? };
            extents.push(source.get(start..end)?);
        }
        out.entry(id).or_insert(extents);
    }
    Some(out)
}

/// The items `from` refers to with a reference of `kind`, in order.
fn references(meta: &[u8], kind: &[u8; 4], from: u32) -> Option<Vec<u32>> {
    let iref = find(meta, b"iref")?;
    let wide = *iref.first()? != 0;
    for (k, _, p) in boxes(iref.get(4..)?) {
        let mut r = Reader(p);
        if &k != kind || r.id(wide)? != from {
            continue;
        }
        let n = r.uint(2)?;
        return (0..n).map(|_| r.id(wide)).collect();
    }
    None
}

/// Every item's property boxes, in the order `ipma` lists them.
fn properties(meta: &[u8]) -> Option<ById<'_>> {
    let iprp = find(meta, b"iprp")?;
    let ipco: Vec<&[u8]> = boxes(find(iprp, b"ipco")?).map(|(_, whole, _)| whole).collect();
    let ipma = find(iprp, b"ipma")?;
    let (version, flags) = (*ipma.first()?, *ipma.get(3)?);
    let mut r = Reader(ipma.get(4..)?);
    let mut out = HashMap::new();
    for _ in 0..r.uint(4)? {
        let id = r.id(version >= 1)?;
        let mut props = Vec::new();
        for _ in 0..r.uint(1)? {
            let index = if flags & 1 == 1 { r.uint(2)? & 0x7fff } else { r.uint(1)? & 0x7f };
            // Index 0 means "no property".
            if index > 0 {
                props.push(*ipco.get(usize::try_from(index).ok()? - 1)?);
            }
        }
        out.entry(id).or_insert(props);
    }
    Some(out)
}

fn kind_of(prop: &[u8]) -> &[u8] {
    prop.get(4..8).unwrap_or_default()
}

/// A property's payload (after its header: 8 bytes, or 16 with a 64-bit
/// size, as `boxes` reads it).
fn payload(prop: &[u8]) -> &[u8] {
    let header = if prop.get(..4) == Some(&[0, 0, 0, 1]) { 16 } else { 8 };
    prop.get(header..).unwrap_or_default()
}

/// The `ispe` size among an item's properties.
fn ispe(props: &[&[u8]]) -> Option<(u32, u32)> {
    let p = payload(props.iter().find(|p| kind_of(p) == b"ispe")?);
    let mut r = Reader(p.get(4..)?);
    Some((r.uint(4)? as u32, r.uint(4)? as u32))
}

/// The quarter turns among an item's properties; `None` if it is
/// mirrored (`imir`) or cropped (`clap`): readers have disagreed on which
/// way a mirror goes and how a crop rounds, so those grids are decoded
/// whole by libheif, which the full-size decodes also use.
fn turns(props: &[&[u8]]) -> Option<u8> {
    let mut turns = 0;
    for p in props {
        match kind_of(p) {
            b"irot" => turns = (turns + payload(p).first()?) & 3,
            b"imir" | b"clap" => return None,
            // Descriptive properties (size, colour, coding) change no pixel.
            _ => {}
        }
    }
    Some(turns)
}

impl<'a> Grid<'a> {
    /// The file's primary image as a grid, or `None` if it is not one (or
    /// is one this cannot decode by tiles).
    pub(super) fn parse(bytes: &'a [u8]) -> Option<Grid<'a>> {
        let meta = find(bytes, b"meta")?.get(4..)?;
        let id = primary(meta)?;
        let types = item_types(meta)?;
        let type_of = |id: u32| types.get(&id).copied();
        if type_of(id)? != *b"grid" {
            return None;
        }
        let mut locs = locations(bytes, meta)?;
        let mut props = properties(meta)?;
        // Taken, not copied: an id named twice gets nothing the second time.
        let mut take_props = |id: u32| props.get_mut(&id).map(std::mem::take);
        let mut take_loc = |id: u32| locs.get_mut(&id).map(std::mem::take);
        let grid_props = take_props(id).unwrap_or_default();
        let descriptor: Vec<u8> = take_loc(id)?.concat();
        let mut r = Reader(&descriptor);
        let (_version, flags) = (r.uint(1)?, r.uint(1)?);
        let (rows, cols) = (r.uint(1)? as u32 + 1, r.uint(1)? as u32 + 1);
        let wide = flags & 1 == 1;
        let (width, height) = (r.id(wide)?, r.id(wide)?);
        let ids = references(meta, b"dimg", id)?;
        if ids.len() != (rows * cols) as usize || width == 0 || height == 0 {
            return None;
        }
        let mut tiles = Vec::with_capacity(ids.len());
        for tile in ids {
            let kind = type_of(tile)?;
            if !matches!(&kind, b"hvc1" | b"av01") {
                return None;
            }
            tiles.push(Item { kind, extents: take_loc(tile)?, props: take_props(tile)? });
        }
        let tile_size = ispe(&tiles[0].props)?;
        let fits = |n: u32, tile: u32, whole: u32| {
            u64::from(n) * u64::from(tile) >= u64::from(whole) && u64::from(n - 1) * u64::from(tile) < u64::from(whole)
        };
        if tiles.iter().any(|t| ispe(&t.props) != Some(tile_size))
            || !fits(cols, tile_size.0, width)
            || !fits(rows, tile_size.1, height)
        {
            return None;
        }
        let colr = grid_props.iter().copied().find(|p| kind_of(p) == b"colr");
        let turns = turns(&grid_props)?;
        Some(Grid { rows, cols, width, height, tiles, tile_size, colr, turns })
    }

    /// The joined image's size after its turn.
    pub(super) fn size(&self) -> (u32, u32) {
        if self.turns % 2 == 1 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// How many tiles are decoded at once: one per core, at most 4.
    fn threads(&self) -> usize {
        std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 4).min(self.cols as usize)
    }

    /// Bytes a decode to at most `side` holds at once: the tiles being
    /// decoded, a row of decoded tiles and the row they are copied into,
    /// and the reduced copy (twice, for the turn).
    pub(super) fn decode_bytes(&self, side: u32) -> u64 {
        let (tw, th) = (u64::from(self.tile_size.0), u64::from(self.tile_size.1));
        let (w, h) = super::fit_within(self.width, self.height, side);
        self.threads() as u64 * crate::memory::heif_decode_bytes(self.tile_size.0, self.tile_size.1)
            + 2 * u64::from(self.cols) * tw * th * 3
            + u64::from(w) * u64::from(h) * 6
    }

    /// The `n`th tile as a HEIF file of its own.
    fn tile_file(&self, n: usize) -> Vec<u8> {
        let tile = &self.tiles[n];
        let mut props: Vec<&[u8]> = tile.props.clone();
        if let Some(colr) = self.colr.filter(|_| !props.iter().any(|p| kind_of(p) == b"colr")) {
            props.push(colr);
        }
        let brand: &[u8; 4] = if &tile.kind == b"av01" { b"avif" } else { b"heic" };
        let data_len: usize = tile.extents.iter().map(|e| e.len()).sum();
        let ftyp = boxed(b"ftyp", &[brand.as_slice(), &[0; 4], b"mif1", brand].concat());
        let hdlr = full(b"hdlr", 0, &[&[0u8; 4][..], b"pict", &[0; 13]].concat());
        let pitm = full(b"pitm", 0, &[0, 1]);
        let infe = full(b"infe", 2, &[&[0, 1, 0, 0][..], &tile.kind, &[0]].concat());
        let iinf = full(b"iinf", 0, &[&[0, 1][..], &infe].concat());
        let ipco = boxed(b"ipco", &props.concat());
        let mut assoc = vec![0, 0, 0, 1, 0, 1, props.len() as u8];
        assoc.extend((1..=props.len() as u8).map(|i| 0x80 | i));
        let ipma = full(b"ipma", 0, &assoc);
        let iprp = boxed(b"iprp", &[ipco, ipma].concat());
        let iloc = |offset: u32| {
            let mut d = vec![0x44, 0x00, 0, 1, 0, 1, 0, 0, 0, 1];
            d.extend(offset.to_be_bytes());
            d.extend((data_len as u32).to_be_bytes());
            full(b"iloc", 0, &d)
        };
        let meta = |offset| full(b"meta", 0, &[&hdlr[..], &pitm, &iinf, &iprp, &iloc(offset)].concat());
        let offset = ftyp.len() + meta(0).len() + 8;
        let mut out = Vec::with_capacity(offset + data_len);
        out.extend(ftyp);
        out.extend(meta(offset as u32));
        out.extend(((8 + data_len) as u32).to_be_bytes());
        out.extend(b"mdat");
        for e in &tile.extents {
            out.extend_from_slice(e);
        }
        out
    }

    /// Decodes every tile with `decode` and shrinks them into one image at
    /// most `side` on its longer side, then turned: what libheif's whole
    /// decode, scaled down, would give.
    pub(super) fn decode_within(
        &self,
        side: u32,
        decode: impl Fn(&[u8]) -> Result<DynamicImage, DecodeError> + Sync,
    ) -> Result<DynamicImage, DecodeError> {
        let (tw, th) = self.tile_size;
        let scale = (f64::from(side) / f64::from(self.width.max(self.height))).min(1.0);
        let out = (
            ((f64::from(self.width) * scale).round() as u32).max(1),
            ((f64::from(self.height) * scale).round() as u32).max(1),
        );
        let mut shrink = Shrink::new((self.width, self.height), out);
        let row_bytes = self.width as usize * 3;
        let mut band = vec![0u8; row_bytes * th.min(self.height) as usize];
        let threads = self.threads();
        for r in 0..self.rows {
            let rows_here = th.min(self.height - r * th) as usize;
            // The row's tiles, decoded by `threads` threads at once (as
            // libheif decodes a grid's tiles).
            let first = (r * self.cols) as usize;
            let row: Vec<Result<DynamicImage, DecodeError>> = std::thread::scope(|scope| {
                let decode = &decode;
                let handles: Vec<_> = (0..threads)
                    .map(|k| {
                        scope.spawn(move || {
                            (first + k..first + self.cols as usize)
                                .step_by(threads)
                                .map(|n| (n, decode(&self.tile_file(n))))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                let mut all: Vec<_> = handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                    .collect();
                all.sort_by_key(|(n, _)| *n);
                all.into_iter().map(|(_, t)| t).collect()
            });
            for (c, tile) in (0..self.cols).zip(row) {
                let n = first + c as usize;
                let tile = tile.map_err(|e| format!("tile {} of {}: {e}", n + 1, self.tiles.len()))?.into_rgb8();
                if tile.dimensions() != (tw, th) {
                    return Err(DecodeError(format!("tile {} is {:?}, not {tw}x{th}", n + 1, tile.dimensions())));
                }
                let x0 = (c * tw) as usize * 3;
                let cols_here = (tw.min(self.width - c * tw) as usize) * 3;
                for y in 0..rows_here {
                    let from = &tile.as_raw()[y * tw as usize * 3..][..cols_here];
                    band[y * row_bytes + x0..][..cols_here].copy_from_slice(from);
                }
            }
            for y in 0..rows_here {
                shrink.push(&band[y * row_bytes..][..row_bytes]);
            }
        }
        let joined: RgbImage = shrink.finish();
        Ok(DynamicImage::ImageRgb8(super::shrink::turn(joined, self.turns)))
    }
}

/// A photo stored as one coded HEVC picture (as a Sony camera stores a
/// 33 MP photo), with what its decode needs: see `media/hevc.rs`.
pub(super) struct Single<'a> {
    /// The `hvcC` property's payload: the decoder configuration and the
    /// parameter sets.
    pub(super) hvcc: &'a [u8],
    /// The coded bytes, in the file's order.
    pub(super) data: Vec<&'a [u8]>,
    /// The size its `ispe` property declares (before its turn).
    pub(super) width: u32,
    pub(super) height: u32,
    /// The colour description of the last `colr` box of type `nclx` (each
    /// replaces the one before in libheif): matrix coefficients and full
    /// range. Without one, the decoder's (from the coded stream) is used,
    /// as libheif does.
    pub(super) nclx: Option<(u16, bool)>,
    /// Quarter turns anticlockwise (`irot`); `None` if it is mirrored or
    /// cropped (left to libheif, as for grids).
    pub(super) turns: Option<u8>,
}

impl<'a> Single<'a> {
    /// The file's primary image as one HEVC picture, or `None` if it is not
    /// one (a grid, AV1: left to libheif).
    pub(super) fn parse(bytes: &'a [u8]) -> Option<Single<'a>> {
        let meta = find(bytes, b"meta")?.get(4..)?;
        let id = primary(meta)?;
        if item_types(meta)?.get(&id)? != b"hvc1" {
            return None;
        }
        let data = locations(bytes, meta)?.remove(&id)?;
        let props = properties(meta)?.remove(&id)?;
        let hvcc = payload(props.iter().find(|p| kind_of(p) == b"hvcC")?);
        let (width, height) = ispe(&props)?;
        let turns = turns(&props);
        let nclx = props
            .iter()
            .filter(|p| kind_of(p) == b"colr")
            .map(|p| payload(p))
            .rfind(|p| p.get(..4) == Some(b"nclx"))
            .and_then(|p| {
                let mut r = Reader(p.get(4..)?);
                let (_primaries, _transfer, matrix) = (r.uint(2)?, r.uint(2)?, r.uint(2)? as u16);
                Some((matrix, r.uint(1)? & 0x80 != 0))
            });
        (width > 0 && height > 0 && hvcc.len() > 22).then_some(Single { hvcc, data, width, height, nclx, turns })
    }

    /// The size after its turn.
    pub(super) fn size(&self) -> (u32, u32) {
        if self.turns.unwrap_or(0) % 2 == 1 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// The declared size as stored, each side rounded up to a whole
    /// 64-pixel coding block: the largest coded picture libde265 is given.
    pub(super) fn in_blocks(&self) -> (u32, u32) {
        (self.width.div_ceil(64) * 64, self.height.div_ceil(64) * 64)
    }

    /// Bytes of coded data (the item's extents, without the `hvcC`).
    pub(super) fn coded_len(&self) -> u64 {
        self.data.iter().map(|d| d.len() as u64).sum()
    }
}

fn boxed(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(8 + payload.len());
    b.extend(((8 + payload.len()) as u32).to_be_bytes());
    b.extend(kind);
    b.extend(payload);
    b
}

fn full(kind: &[u8; 4], version: u8, payload: &[u8]) -> Vec<u8> {
    boxed(kind, &[&[version, 0, 0, 0][..], payload].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_property_with_a_64_bit_size_is_read_after_its_16_byte_header() {
        // irot, one quarter turn, written with size 1 and a 64-bit size.
        let long = [&[0, 0, 0, 1][..], b"irot", &17u64.to_be_bytes(), &[1]].concat();
        let short = [&[0, 0, 0, 9][..], b"irot", &[1]].concat();
        for prop in [&long[..], &short[..]] {
            assert_eq!(payload(prop), [1]);
            assert_eq!(turns(&[prop]), Some(1));
        }
    }
}
