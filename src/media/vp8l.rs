//! A lossless WebP (VP8L, RFC 9649) decoded a row at a time, in a few
//! megabytes whatever its size: libwebp and `image-webp` hold the whole
//! picture (4 and about 7 bytes a pixel), because a back reference may
//! copy from any pixel up to about a million pixels back.
//!
//! Here the coded pixels are kept in a ring of 2^21 (more than the farthest
//! reference, a row and the longest copy), and each row, once coded, is
//! turned back into colours by the inverse transforms (predictor, colour,
//! subtract-green, colour index), which need only the row above. The
//! transforms' own data, the entropy image and the colour table are small
//! pictures coded the same way, held whole. Lossless means one right
//! answer: the rows are libwebp's, pixel for pixel (tested).

use super::vp8l_codes::{prefixed, read_code, Bits, Code};
use super::DecodeError;

/// Coded pixels kept: a back reference reaches at most 1,048,456 pixels
/// back (distance prefix symbol 39, less the 120 short codes), a row is at
/// most 16,384 pixels and a copy at most 4,096.
const RING: usize = 1 << 21;
/// Memory the prefix codes may take (4-byte entries). Encoders write at
/// most a few thousand groups of codes, well under this; a file that asks
/// for more is refused, not decoded in more memory.
const MOST_CODE_ENTRIES: usize = 8 << 20;
/// Coded rows read ahead of the thread that turns them into colours.
const ROWS_AHEAD: usize = 8;

/// The two-dimensional distance codes: (across, down) from the pixel.
#[rustfmt::skip]
const NEAR: [(i8, i8); 120] = [
    (0, 1), (1, 0), (1, 1), (-1, 1), (0, 2), (2, 0), (1, 2), (-1, 2), (2, 1), (-2, 1),
    (2, 2), (-2, 2), (0, 3), (3, 0), (1, 3), (-1, 3), (3, 1), (-3, 1), (2, 3), (-2, 3),
    (3, 2), (-3, 2), (0, 4), (4, 0), (1, 4), (-1, 4), (4, 1), (-4, 1), (3, 3), (-3, 3),
    (2, 4), (-2, 4), (4, 2), (-4, 2), (0, 5), (3, 4), (-3, 4), (4, 3), (-4, 3), (5, 0),
    (1, 5), (-1, 5), (5, 1), (-5, 1), (2, 5), (-2, 5), (5, 2), (-5, 2), (4, 4), (-4, 4),
    (3, 5), (-3, 5), (5, 3), (-5, 3), (0, 6), (6, 0), (1, 6), (-1, 6), (6, 1), (-6, 1),
    (2, 6), (-2, 6), (6, 2), (-6, 2), (4, 5), (-4, 5), (5, 4), (-5, 4), (3, 6), (-3, 6),
    (6, 3), (-6, 3), (0, 7), (7, 0), (1, 7), (-1, 7), (5, 5), (-5, 5), (7, 1), (-7, 1),
    (4, 6), (-4, 6), (6, 4), (-6, 4), (2, 7), (-2, 7), (7, 2), (-7, 2), (3, 7), (-3, 7),
    (7, 3), (-7, 3), (5, 6), (-5, 6), (6, 5), (-6, 5), (8, 0), (4, 7), (-4, 7), (7, 4),
    (-7, 4), (8, 1), (8, 2), (6, 6), (-6, 6), (8, 3), (5, 7), (-5, 7), (7, 5), (-7, 5),
    (8, 4), (6, 7), (-6, 7), (7, 6), (-7, 6), (8, 5), (7, 7), (-7, 7), (8, 6), (8, 7),
];

/// The VP8L chunk of a WebP file (simple or extended) and the rest of the
/// file after it, or `None` when it has none (lossy, or an animation) or
/// the file is shorter than its RIFF header or a chunk says (libwebp
/// refuses such a file too). As libwebp does, the reader may read on past
/// the chunk's own length (its padding byte, say) to the RIFF's end.
pub(super) fn chunk(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let riff = u32::from_le_bytes(bytes[4..8].try_into().ok()?) as usize;
    let bytes = bytes.get(..riff.checked_add(8)?)?;
    let mut at = 12;
    while let Some(head) = bytes.get(at..at + 8) {
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        bytes.get(at + 8..(at + 8).checked_add(len)?)?;
        match &head[..4] {
            b"VP8L" => return Some(&bytes[at + 8..]),
            b"VP8 " | b"ANIM" | b"ANMF" => return None,
            _ => at += 8 + len + (len & 1),
        }
    }
    None
}

/// The picture's size, from the VP8L header.
pub(super) fn header(vp8l: &[u8]) -> Option<(u32, u32)> {
    let h = vp8l.get(..5)?;
    if h[0] != 0x2f {
        return None;
    }
    let bits = u32::from_le_bytes([h[1], h[2], h[3], h[4]]);
    (bits >> 29 == 0).then_some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
}

/// The most a picture of `size` holds while it is decoded: the ring, a few
/// rows, the prefix codes at most, and the transforms' data and entropy
/// image at their largest (a 4-byte pixel for each 4 by 4 block, each).
pub(super) fn holds((w, h): (u32, u32)) -> u64 {
    let blocks = u64::from(w).div_ceil(4) * u64::from(h).div_ceil(4);
    // Rows: those read ahead, the two being filled and undone, the spare,
    // the row above the predictor's, and the caller's.
    let rows = (ROWS_AHEAD as u64 + 6) * u64::from(w) * 4;
    (RING as u64 + MOST_CODE_ENTRIES as u64) * 4 + rows + blocks * 4 * 3
}

/// Decodes the VP8L chunk `vp8l`, handing each row of ARGB pixels (alpha
/// in the top byte) to `row` in order. An error is a damaged or cut file.
///
/// The coded rows are read on this thread and turned back into colours,
/// and handed to `row`, on a second one: the two take about as long.
pub(super) fn decode_rows(vp8l: &[u8], row: impl FnMut(&[u32]) + Send) -> Result<(), DecodeError> {
    let (w, h) = header(vp8l).ok_or("not a lossless WebP header")?;
    let mut bits = Bits::new(&vp8l[5..]);
    let (width, height) = (w as usize, h as usize);
    // The transforms, in the order they were applied; undone in reverse.
    let mut transforms = Vec::new();
    let mut coded_width = width;
    while bits.read(1) == 1 {
        let t = Transform::read(&mut bits, &mut coded_width, height)?;
        if transforms.iter().any(|u| std::mem::discriminant(u) == std::mem::discriminant(&t)) {
            return Err("a transform is given twice".into());
        }
        transforms.push(t);
    }
    let cache = read_cache_bits(&mut bits)?;
    let codes = Codes::read(&mut bits, coded_width, height, cache, true)?;
    let mut ring = vec![0u32; RING.min((coded_width * height).next_power_of_two())];
    std::thread::scope(|scope| {
        let (to_undo, coded_rows) = std::sync::mpsc::sync_channel::<(usize, Vec<u32>)>(ROWS_AHEAD);
        let (give_back, spare_rows) = std::sync::mpsc::channel();
        let undo = move || {
            let (mut row, mut transforms, mut wide) = (row, transforms, Vec::with_capacity(width));
            for (y, mut coded) in coded_rows {
                for t in transforms.iter_mut().rev() {
                    t.undo(y, &mut coded, &mut wide);
                }
                row(&coded);
                let _ = give_back.send(coded);
            }
        };
        let undoing =
            std::thread::Builder::new().name("webp-rows".into()).spawn_scoped(scope, undo).unwrap_or_else(|e| {
                std::panic::resume_unwind(Box::new(super::NotNow(format!("no thread to decode on: {e}"))))
            });
        let read = pixels(&mut bits, (coded_width, height), &codes, cache, &mut ring, |y, ring| {
            let mask = ring.len() - 1;
            let mut coded: Vec<u32> = spare_rows.try_recv().unwrap_or_else(|_| Vec::with_capacity(width));
            coded.clear();
            coded.extend((y * coded_width..(y + 1) * coded_width).map(|i| ring[i & mask]));
            // Fails only if the other thread panicked: the reading stops,
            // and that panic is raised below.
            to_undo.send((y, coded)).map_err(|_| "the rows' thread stopped".into())
        });
        drop(to_undo);
        undoing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read
    })
}

/// The colour cache's size in bits (0: none).
fn read_cache_bits(bits: &mut Bits) -> Result<u32, DecodeError> {
    if bits.read(1) == 0 {
        return Ok(0);
    }
    match bits.read(4) {
        n @ 1..=11 => Ok(n),
        n => Err(format!("a colour cache of {n} bits").into()),
    }
}

/// A small picture held whole: a transform's data, the entropy image or
/// the colour table.
fn read_small(bits: &mut Bits, width: usize, height: usize) -> Result<Vec<u32>, DecodeError> {
    let cache = read_cache_bits(bits)?;
    let codes = Codes::read(bits, width, height, cache, false)?;
    let mut image = vec![0u32; width * height];
    pixels(bits, (width, height), &codes, cache, &mut image, |_, _| Ok(()))?;
    Ok(image)
}

/// `n` in blocks of `1 << b`, rounded up.
fn blocks(n: usize, b: u32) -> usize {
    n.div_ceil(1 << b)
}

/// The five codes of one group: green (with lengths and cache indexes),
/// red, blue, alpha, distance.
struct Group([Code; 5]);

/// The groups of codes, and the entropy image saying which group codes
/// which block of pixels.
struct Codes {
    groups: Vec<Group>,
    /// Each block's group (an index into `groups`), a row of blocks at a time.
    map: Vec<u32>,
    block_bits: u32,
    blocks_across: usize,
}

impl Codes {
    fn read(bits: &mut Bits, width: usize, height: usize, cache: u32, meta: bool) -> Result<Codes, DecodeError> {
        let (mut map, mut block_bits, mut count) = (vec![0u32], 31, 1usize);
        if meta && bits.read(1) == 1 {
            block_bits = bits.read(3) + 2;
            map = read_small(bits, blocks(width, block_bits), blocks(height, block_bits))?;
            for m in &mut map {
                *m = (*m >> 8) & 0xffff;
                count = count.max(*m as usize + 1);
            }
        }
        // Only the groups some block uses are kept; the others are read
        // (and must be whole codes) to reach what follows.
        let mut kept = vec![u32::MAX; count];
        for &m in &map {
            kept[m as usize] = 0;
        }
        let (mut groups, mut entries) = (Vec::new(), 0usize);
        let green = 256 + 24 + if cache > 0 { 1 << cache } else { 0 };
        for k in &mut kept {
            let group =
                [green, 256, 256, 256, 40].into_iter().map(|n| read_code(bits, n)).collect::<Result<Vec<_>, _>>()?;
            if *k == u32::MAX {
                continue;
            }
            // Each code's table, and its own allocation and place (about
            // 32 bytes, counted as 8 entries).
            entries += group.iter().map(|c| c.entries() + 8).sum::<usize>();
            if entries > MOST_CODE_ENTRIES {
                return Err("its prefix codes take more memory than a photo's should".into());
            }
            *k = groups.len() as u32;
            groups.push(Group(<[Code; 5]>::try_from(group).map_err(|_| "five codes")?));
        }
        for m in &mut map {
            *m = kept[*m as usize];
        }
        Ok(Codes { groups, map, block_bits, blocks_across: blocks(width, block_bits.min(30)) })
    }

    #[inline]
    fn at(&self, x: usize, y: usize) -> &Group {
        let i = (y >> self.block_bits) * self.blocks_across + (x >> self.block_bits);
        &self.groups[self.map[i] as usize]
    }
}

/// Decodes `size` coded pixels into `ring` (a power of two long, or the
/// whole picture), calling `done` with each row's number once it is whole.
fn pixels(
    bits: &mut Bits,
    (width, height): (usize, usize),
    codes: &Codes,
    cache_bits: u32,
    ring: &mut [u32],
    mut done: impl FnMut(usize, &[u32]) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let total = width * height;
    let mask = if ring.len() >= total { usize::MAX } else { ring.len() - 1 };
    let mut cache = vec![0u32; if cache_bits > 0 { 1 << cache_bits } else { 0 }];
    let shift = 32 - cache_bits;
    let block = if codes.block_bits >= 31 { usize::MAX } else { (1 << codes.block_bits) - 1 };
    let (mut at, mut x, mut y, mut rows) = (0usize, 0usize, 0usize, 0usize);
    let mut group = codes.at(0, 0);
    while at < total {
        if x & block == 0 {
            group = codes.at(x, y);
        }
        bits.refill();
        let [green, red, blue, alpha, distance] = &group.0;
        let g = green.read(bits);
        let n = if g < 256 {
            let r = red.read(bits);
            bits.refill();
            let b = blue.read(bits);
            let a = alpha.read(bits);
            let argb = a << 24 | r << 16 | g << 8 | b;
            ring[at & mask] = argb;
            if cache_bits > 0 {
                cache[slot(argb, shift)] = argb;
            }
            1
        } else if g < 256 + 24 {
            let length = prefixed(g - 256, bits);
            bits.refill();
            let code = prefixed(distance.read(bits), bits);
            let back = if code > 120 {
                code - 120
            } else {
                let (across, down) = NEAR[code - 1];
                (i64::from(down) * width as i64 + i64::from(across)).max(1) as usize
            };
            if back > at || length > total - at {
                return Err("a back reference reaches outside the picture".into());
            }
            for i in at..at + length {
                let argb = ring[(i - back) & mask];
                ring[i & mask] = argb;
                if cache_bits > 0 {
                    cache[slot(argb, shift)] = argb;
                }
            }
            length
        } else {
            let argb = *cache.get((g - 280) as usize).ok_or("a colour cache index with no cache")?;
            ring[at & mask] = argb;
            // Every pixel goes into the cache, this one too: an entry never
            // written holds 0, which belongs at another index.
            cache[slot(argb, shift)] = argb;
            1
        };
        at += n;
        x += n;
        if x >= width {
            y += x / width;
            x %= width;
            group = codes.at(x, y.min(height - 1));
            if bits.past_end {
                return Err("the file ends before the picture does".into());
            }
            while rows < y {
                done(rows, ring)?;
                rows += 1;
            }
        } else if n > 1 {
            group = codes.at(x, y);
        }
    }
    if bits.past_end {
        return Err("the file ends before the picture does".into());
    }
    Ok(())
}

/// A colour's place in the colour cache: the top bits (`32 - shift` of
/// them) of its hash.
#[inline]
fn slot(argb: u32, shift: u32) -> usize {
    (0x1e35a7bd_u32.wrapping_mul(argb) >> shift) as usize
}

/// One of the four transforms, with its data.
enum Transform {
    /// Each pixel less a prediction from its neighbours, by block.
    Predictor {
        bits: u32,
        modes: Vec<u32>,
        width: usize,
        above: Vec<u32>,
    },
    /// Red and blue less multiples of green and red, by block.
    Colour {
        bits: u32,
        multipliers: Vec<u32>,
        width: usize,
    },
    SubtractGreen,
    /// Indexes into a table of colours, packed 1, 2, 4 or 8 to a pixel.
    Index {
        bits: u32,
        table: Box<[u32; 256]>,
        width: usize,
    },
}

impl Transform {
    /// Reads the next transform of a picture `width` (which a colour index
    /// of few colours narrows) by `height`.
    fn read(bits: &mut Bits, width: &mut usize, height: usize) -> Result<Transform, DecodeError> {
        let w = *width;
        Ok(match bits.read(2) {
            0 => {
                let b = bits.read(3) + 2;
                let modes = read_small(bits, blocks(w, b), blocks(height, b))?;
                Transform::Predictor { bits: b, modes, width: w, above: vec![0; w] }
            }
            1 => {
                let b = bits.read(3) + 2;
                Transform::Colour { bits: b, multipliers: read_small(bits, blocks(w, b), blocks(height, b))?, width: w }
            }
            2 => Transform::SubtractGreen,
            _ => {
                let colours = bits.read(8) as usize + 1;
                let b = match colours {
                    0..=2 => 3,
                    3..=4 => 2,
                    5..=16 => 1,
                    _ => 0,
                };
                let coded = read_small(bits, colours, 1)?;
                // Each colour is coded as the difference from the one before;
                // an index past the table is transparent black.
                let mut table = Box::new([0u32; 256]);
                let mut previous = 0;
                for (t, &c) in table.iter_mut().zip(&coded) {
                    previous = add(previous, c);
                    *t = previous;
                }
                *width = blocks(w, b);
                Transform::Index { bits: b, table, width: w }
            }
        })
    }

    /// Undoes this transform on row `y` (`row` holds it coded, and is left
    /// holding it decoded; `spare` is room to work in).
    fn undo(&mut self, y: usize, row: &mut Vec<u32>, spare: &mut Vec<u32>) {
        match self {
            Transform::Predictor { bits, modes, width, above } => {
                let blocks_across = blocks(*width, *bits);
                predict(row, above, y == 0, *bits, &modes[(y >> *bits) * blocks_across..]);
                above.copy_from_slice(row);
            }
            Transform::Colour { bits, multipliers, width } => {
                let blocks_across = blocks(*width, *bits);
                let multipliers = &multipliers[(y >> *bits) * blocks_across..];
                for (x, p) in row.iter_mut().enumerate() {
                    let m = multipliers[x >> *bits];
                    let green = (*p >> 8) as u8 as i8;
                    let red = ((*p >> 16) as u8).wrapping_add(delta(m as u8, green));
                    let blue = (*p as u8)
                        .wrapping_add(delta((m >> 8) as u8, green))
                        .wrapping_add(delta((m >> 16) as u8, red as i8));
                    *p = (*p & 0xff00ff00) | u32::from(red) << 16 | u32::from(blue);
                }
            }
            Transform::SubtractGreen => {
                for p in row.iter_mut() {
                    let green = (*p >> 8) & 0xff;
                    *p = add(*p, green << 16 | green);
                }
            }
            Transform::Index { bits, table, width } => {
                spare.clear();
                let (per, size) = (1usize << *bits, 8 >> *bits);
                spare.extend((0..*width).map(|x| {
                    let packed = (row[x >> *bits] >> 8) & 0xff;
                    table[((packed >> ((x & (per - 1)) * size)) & ((1 << size) - 1)) as usize]
                }));
                std::mem::swap(row, spare);
            }
        }
    }
}

/// Adds two pixels channel by channel, each modulo 256.
#[inline]
fn add(a: u32, b: u32) -> u32 {
    ((a & 0xff00ff00).wrapping_add(b & 0xff00ff00) & 0xff00ff00) | ((a & 0x00ff00ff) + (b & 0x00ff00ff)) & 0x00ff00ff
}

/// The colour transform's change: a multiplier times a channel, over 32.
#[inline]
fn delta(multiplier: u8, channel: i8) -> u8 {
    ((i32::from(multiplier as i8) * i32::from(channel)) >> 5) as u8
}

/// Each channel's mean, rounded down.
#[inline]
fn average(a: u32, b: u32) -> u32 {
    (((a ^ b) & 0xfefefefe) >> 1) + (a & b)
}

/// Of left and above, the one nearer (summed over channels) to the
/// gradient's estimate, left + above - above-left: left when above is
/// nearer to above-left.
#[inline]
fn select(l: u32, t: u32, tl: u32) -> u32 {
    #[cfg(target_arch = "x86_64")]
    let (off_left, off_above) = {
        // Both sums of differences in one instruction (SSE2, which every
        // x86-64 has): this mode is most of a photo's decode.
        use std::arch::x86_64::{_mm_cvtsi128_si32, _mm_sad_epu8, _mm_set1_epi64x, _mm_set_epi64x, _mm_srli_si128};
        #[allow(unsafe_code)]
        // SAFETY: SSE2 is part of every x86-64 CPU (the target's
        // baseline), and these calls work on values only, no memory.
        unsafe {
            let sums = _mm_sad_epu8(_mm_set_epi64x(i64::from(l), i64::from(t)), _mm_set1_epi64x(i64::from(tl)));
            (_mm_cvtsi128_si32(sums), _mm_cvtsi128_si32(_mm_srli_si128::<8>(sums)))
        }
    };
    #[cfg(not(target_arch = "x86_64"))]
    let (off_left, off_above) = (apart(t, tl), apart(l, tl));
    if off_left < off_above {
        l
    } else {
        t
    }
}

/// The sum over the four channels of their differences.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn apart(a: u32, b: u32) -> u32 {
    a.to_le_bytes().iter().zip(b.to_le_bytes()).map(|(x, y)| u32::from(x.abs_diff(y))).sum()
}

/// Each channel of `a` plus `f` of the channels of `b` and `c`, clamped.
#[inline]
fn clamped(a: u32, b: u32, c: u32, f: impl Fn(i32, i32, i32) -> i32) -> u32 {
    let (a, b, c) = (a.to_le_bytes(), b.to_le_bytes(), c.to_le_bytes());
    u32::from_le_bytes(std::array::from_fn(|i| {
        f(i32::from(a[i]), i32::from(b[i]), i32::from(c[i])).clamp(0, 255) as u8
    }))
}

/// Undoes the predictor on one row: each pixel plus the prediction its
/// block's mode (`modes`, this row of blocks) makes from the pixels left,
/// above, above-left and above-right (for the last column, the row's own
/// first pixel). The first row predicts from the left, the first column
/// from above.
fn predict(row: &mut [u32], above: &[u32], first_row: bool, bits: u32, modes: &[u32]) {
    if first_row {
        row[0] = add(row[0], 0xff000000);
        for x in 1..row.len() {
            row[x] = add(row[x], row[x - 1]);
        }
        return;
    }
    row[0] = add(row[0], above[0]);
    let mut x = 1;
    while x < row.len() {
        // A run of one block, in one mode: one loop for each mode.
        let end = (((x >> bits) + 1) << bits).min(row.len());
        match modes[x >> bits] >> 8 & 0xf {
            1 => run(row, above, x..end, |l, _, _, _| l),
            2 => run(row, above, x..end, |_, t, _, _| t),
            3 => run(row, above, x..end, |_, _, _, tr| tr),
            4 => run(row, above, x..end, |_, _, tl, _| tl),
            5 => run(row, above, x..end, |l, t, _, tr| average(average(l, tr), t)),
            6 => run(row, above, x..end, |l, _, tl, _| average(l, tl)),
            7 => run(row, above, x..end, |l, t, _, _| average(l, t)),
            8 => run(row, above, x..end, |_, t, tl, _| average(tl, t)),
            9 => run(row, above, x..end, |_, t, _, tr| average(t, tr)),
            10 => run(row, above, x..end, |l, t, tl, tr| average(average(l, tl), average(t, tr))),
            // The one of left and above nearer (summed over channels) to
            // the gradient's estimate, left + above - above-left.
            11 => run(row, above, x..end, |l, t, tl, _| select(l, t, tl)),
            12 => run(row, above, x..end, |l, t, tl, _| clamped(l, t, tl, |l, t, tl| l + t - tl)),
            13 => run(row, above, x..end, |l, t, tl, _| clamped(average(l, t), tl, 0, |a, tl, _| a + (a - tl) / 2)),
            _ => run(row, above, x..end, |_, _, _, _| 0xff000000),
        }
        x = end;
    }
}

/// Adds `prediction` of (left, above, above-left, above-right) to each pixel
/// of `xs` in turn.
#[inline(always)]
fn run(row: &mut [u32], above: &[u32], xs: std::ops::Range<usize>, prediction: impl Fn(u32, u32, u32, u32) -> u32) {
    let last = row.len() - 1;
    for x in xs {
        let tr = if x < last { above[x + 1] } else { row[0] };
        row[x] = add(row[x], prediction(row[x - 1], above[x], above[x - 1], tr));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The select predictor (SSE2 on x86-64) picks as the specification's
    /// sums of channel differences do, ties to above.
    #[test]
    fn select_picks_as_the_specification_says() {
        let mut n = 0x2545f4914f6cdd1d_u64;
        let mut next = || {
            n ^= n << 13;
            n ^= n >> 7;
            n ^= n << 17;
            // Few distinct channel values, so that ties come up.
            (n as u32) & 0x0303_0303 | (n >> 32) as u32 & 0x8080_8080
        };
        for _ in 0..100_000 {
            let (l, t, tl) = (next(), next(), next());
            let expected = if apart(t, tl) < apart(l, tl) { l } else { t };
            assert_eq!(select(l, t, tl), expected, "{l:08x} {t:08x} {tl:08x}");
        }
    }
}
