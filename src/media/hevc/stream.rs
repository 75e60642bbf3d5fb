//! What of a one-picture HEIF reaches libde265: the coded units read as
//! libheif 1.15 hands them over, vetted, and the sequence parameter set
//! read as libde265 reads it.

use super::Single;

/// The chroma format, luma and chroma bit depths an `hvcC` declares.
pub(super) fn declared(hvcc: &[u8]) -> Option<(u8, u8, u8)> {
    Some((*hvcc.get(16)? & 3, (*hvcc.get(17)? & 7) + 8, (*hvcc.get(18)? & 7) + 8))
}

/// Why a picture is not decoded here.
#[derive(Debug)]
pub(in crate::media) enum Refused {
    /// Its coded stream describes a larger picture than its container
    /// declares (rounded up to a 64-pixel block): damaged, and not given
    /// to libde265 at all (libheif would give it, unchecked).
    Damaged(String),
    /// A stream this way does not take: libheif decodes it whole.
    Elsewhere(String),
}

impl From<String> for Refused {
    fn from(why: String) -> Refused {
        Refused::Elsewhere(why)
    }
}

impl From<&str> for Refused {
    fn from(why: &str) -> Refused {
        Refused::Elsewhere(why.to_string())
    }
}

/// Most slices one picture may have here (a camera writes a few).
pub(super) const MOST_SLICES: usize = 1024;

/// The coded units of `picture` (its `hvcC`'s parameter sets, then its
/// data) if they are one still picture as a camera writes it: one VPS,
/// SPS and PPS at most, the slices of one IDR picture (a picture that
/// needs no other: libde265 makes a full-size stand-in for each missing
/// reference of any other, a CRA or BLA picture's included), no other
/// layer, and an SPS of the format `picture` declares. A coded picture
/// larger than `picture` declares is damaged (see [`oversized`]).
pub(in crate::media) fn vet<'a>(picture: &Single<'a>) -> Result<Vec<&'a [u8]>, Refused> {
    if let Some(why) = oversized(picture) {
        return Err(Refused::Damaged(why));
    }
    let elsewhere = |why: &str| Refused::Elsewhere(why.to_string());
    let (mut units, length_size) =
        parameter_sets(picture.hvcc).ok_or_else(|| elsewhere("its decoder configuration is not one this reads"))?;
    // libheif 1.15 reads every unit's length in 4 bytes, whatever the
    // configuration says: a file read otherwise would be two photos.
    if length_size != 4 {
        return Err(elsewhere("its units' lengths are not 4 bytes"));
    }
    for extent in &picture.data {
        for unit in units_of(extent) {
            units.push(unit.map_err(|why| Refused::Elsewhere(why.to_string()))?);
        }
    }
    let (mut sets, mut pictures, mut slices) = ([0usize; 3], 0, 0);
    for unit in &units {
        let head = head(unit);
        let (Some(&b0), Some(&b1)) = (head.first(), head.get(1)) else {
            return Err(elsewhere("a unit too short for its header"));
        };
        let (layer, tid_plus1) = ((b0 & 1) << 5 | b1 >> 3, b1 & 7);
        if b0 & 0x80 != 0 || layer != 0 || tid_plus1 == 0 {
            return Err(elsewhere("a unit of another layer, or a malformed header"));
        }
        let kind = b0 >> 1 & 0x3f;
        match kind {
            32..=34 => {
                sets[usize::from(kind - 32)] += 1;
                if sets[usize::from(kind - 32)] > 1 {
                    return Err(elsewhere("more than one parameter set of a kind"));
                }
                if kind == 33 {
                    check_sequence(unit, picture)?;
                }
            }
            // Slices of an IDR picture.
            19 | 20 => {
                slices += 1;
                pictures += usize::from(head.get(2).is_some_and(|b| b & 0x80 != 0));
            }
            // Access unit delimiter, ends, filler, SEI: nothing to decode.
            35..=40 => {}
            _ => return Err(elsewhere("a unit that is not part of one intra picture")),
        }
    }
    if pictures != 1 || slices > MOST_SLICES || sets[1] != 1 {
        return Err(elsewhere("not one intra picture with its parameter sets"));
    }
    Ok(units)
}

/// An SPS of the format `picture` declares: the memory share counts it.
/// And not cropped at its top or left at more than 8 bits a sample:
/// libde265 places such a crop in samples counted as bytes (half as far
/// down at 16 bits), so the rows it hands out as decoded (`rows.rs`) would
/// be read from the wrong place; libheif decodes such a picture whole.
fn check_sequence(unit: &[u8], picture: &Single<'_>) -> Result<(), Refused> {
    let unit = unstuffed(unit);
    let sps = sequence(&unit).ok_or("a parameter set this does not read")?;
    if Some((sps.0, sps.3, sps.4)) != declared(picture.hvcc) {
        return Err("its coded picture's format is not the one its configuration declares".into());
    }
    if (sps.3 > 8 || sps.4 > 8) && crop(&unit).is_some_and(|[left, _, top, _]| left > 0 || top > 0) {
        return Err("its picture is cropped at the top or left at more than 8 bits".into());
    }
    Ok(())
}

/// A sequence parameter set's conformance window (left, right, top,
/// bottom offsets), read as [`sequence`] reads up to it.
fn crop(unit: &[u8]) -> Option<[u32; 4]> {
    let mut r = Bits { bytes: unit.get(2..)?, at: 0 };
    read_to_size(&mut r)?;
    read_crop(&mut r)
}

/// An SPS's `conformance_window_flag` and, if set, its four offsets
/// (none: all 0), read after its size.
fn read_crop(r: &mut Bits<'_>) -> Option<[u32; 4]> {
    if r.bits(1)? == 0 {
        return Some([0; 4]);
    }
    Some([r.golomb()?, r.golomb()?, r.golomb()?, r.golomb()?])
}

/// Why `picture`'s coded stream is damaged, if an SPS in it, read as
/// libheif 1.15 hands the units to libde265 (the `hvcC`'s, then the data's
/// extents joined, each unit's length in 4 bytes), describes a picture
/// that fits the declared size neither way round (each side rounded up to
/// a 64-pixel block; libheif 1.14 and 1.15 write `ispe` turned when they
/// encode a turned photo). libde265 allocates what the stream describes
/// and libheif checks only the container, so such a stream is given to no
/// decoder. A camera's stream is the size it declares.
pub(in crate::media) fn oversized(picture: &Single<'_>) -> Option<String> {
    let (w, h) = picture.in_blocks();
    let is_sps = |unit: &[u8]| kind(&head(unit)) == Some(33);
    let mut units: Vec<Vec<u8>> = parameter_sets(picture.hvcc)
        .map(|(sets, _)| sets.into_iter().filter(|u| is_sps(u)).map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    let joined = Joined(&picture.data);
    let mut at = 0usize;
    while let Some(len) = joined.read(at, 4) {
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let Some(start) = at.checked_add(4) else { break };
        if is_sps(&joined.read(start, len.min(16)).unwrap_or_default()) {
            units.extend(joined.read(start, len));
        }
        at = start.saturating_add(len);
    }
    units.iter().find_map(|u| {
        let (_, cw, ch, ..) = sequence(&unstuffed(u))?;
        let fits = (cw <= w && ch <= h) || (cw <= h && ch <= w);
        (!fits).then(|| {
            format!("its coded picture ({cw}x{ch}) is larger than the {}x{} it declares", picture.width, picture.height)
        })
    })
}

/// Extents read as one run of bytes.
struct Joined<'a, 'b>(&'b [&'a [u8]]);

impl Joined<'_, '_> {
    /// `len` bytes from `at`, across extents; `None` past the end.
    fn read(&self, at: usize, len: usize) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(len.min(1 << 16));
        let (mut skip, mut want) = (at, len);
        for e in self.0 {
            if want == 0 {
                break;
            }
            if skip >= e.len() {
                skip -= e.len();
                continue;
            }
            let take = want.min(e.len() - skip);
            out.extend_from_slice(&e[skip..skip + take]);
            (skip, want) = (0, want - take);
        }
        (want == 0).then_some(out)
    }
}

/// The first bytes of `unit` as libde265 reads its header: after its
/// stuffing bytes go (see [`unstuffed`]).
fn head(unit: &[u8]) -> Vec<u8> {
    unstuffed(&unit[..unit.len().min(16)])
}

/// The unit type of a header read by [`head`].
fn kind(head: &[u8]) -> Option<u8> {
    head.first().map(|b| b >> 1 & 0x3f)
}

/// `unit` without its emulation prevention bytes, removed exactly as
/// libde265 1.0 removes them (`NAL_unit::remove_stuffing_bytes`: from the
/// unit's first byte, header included), so that both read the same bits.
pub(in crate::media) fn unstuffed(unit: &[u8]) -> Vec<u8> {
    let mut d = unit.to_vec();
    let mut i = 0;
    while i + 2 < d.len() {
        if d[i + 2] != 3 && d[i + 2] != 0 {
            i += 3;
        } else if d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 3 {
            d.remove(i + 2);
            i += 2;
        } else {
            i += 1;
        }
    }
    d
}

/// A sequence parameter set's chroma format, width, height and luma and
/// chroma bit depths (H.265 7.3.2.2, up to the bit depths).
/// `unit` is without its stuffing bytes, header included.
fn sequence(unit: &[u8]) -> Option<(u8, u32, u32, u8, u8)> {
    let mut r = Bits { bytes: unit.get(2..)?, at: 0 };
    let (chroma, w, h) = read_to_size(&mut r)?;
    read_crop(&mut r)?;
    let (luma, chroma_bits) = (r.golomb()?.checked_add(8)?, r.golomb()?.checked_add(8)?);
    Some((u8::try_from(chroma).ok()?, w, h, u8::try_from(luma).ok()?, u8::try_from(chroma_bits).ok()?))
}

/// An SPS read up to and including its size: its chroma format, width
/// and height.
fn read_to_size(r: &mut Bits<'_>) -> Option<(u32, u32, u32)> {
    r.bits(4)?; // sps_video_parameter_set_id
    let sub_layers = r.bits(3)? as usize; // sps_max_sub_layers_minus1
    r.bits(1)?;
    // profile_tier_level: the general profile (88 bits) and level (8).
    r.bits(32)?;
    r.bits(32)?;
    r.bits(32)?;
    let mut present = Vec::with_capacity(sub_layers);
    for _ in 0..sub_layers {
        present.push((r.bits(1)? == 1, r.bits(1)? == 1));
    }
    if sub_layers > 0 {
        r.bits(2 * (8 - sub_layers as u32))?;
    }
    for (profile, level) in present {
        if profile {
            r.bits(32)?;
            r.bits(32)?;
            r.bits(24)?;
        }
        if level {
            r.bits(8)?;
        }
    }
    r.golomb()?; // sps_seq_parameter_set_id
    let chroma = r.golomb()?;
    if chroma == 3 {
        r.bits(1)?; // separate_colour_plane_flag
    }
    Some((chroma, r.golomb()?, r.golomb()?))
}

/// Whether `picture`'s picture parameter set divides it into tiles (or
/// cannot be read here, or is missing): libde265 decodes such a picture
/// whole, not in rows as decoded (H.265 7.3.2.3.1, up to
/// `tiles_enabled_flag`). [`vet`] lets one PPS through at most.
pub(super) fn tiled(picture: &Single<'_>) -> bool {
    let sets = parameter_sets(picture.hvcc).map(|(sets, _)| sets).unwrap_or_default();
    let data = picture.data.iter().flat_map(|extent| units_of(extent).map_while(Result::ok));
    let pps = sets.into_iter().chain(data).find(|unit| kind(&head(unit)) == Some(34));
    pps.and_then(|unit| tiles_flag(&unstuffed(unit))).unwrap_or(true)
}

/// A picture parameter set's `tiles_enabled_flag`; `unit` is without its
/// stuffing bytes, header included.
fn tiles_flag(unit: &[u8]) -> Option<bool> {
    let mut r = Bits { bytes: unit.get(2..)?, at: 0 };
    r.golomb()?; // pps_pic_parameter_set_id
    r.golomb()?; // pps_seq_parameter_set_id
    r.bits(7)?; // dependent slices, output flag, 3 extra header bits, sign hiding, cabac init
    r.golomb()?; // num_ref_idx_l0_default_active_minus1
    r.golomb()?; // num_ref_idx_l1_default_active_minus1
    r.golomb()?; // init_qp_minus26 (se(v): as long as a ue(v))
    r.bits(2)?; // constrained intra, transform skip
    if r.bits(1)? == 1 {
        r.golomb()?; // diff_cu_qp_delta_depth
    }
    r.golomb()?; // pps_cb_qp_offset
    r.golomb()?; // pps_cr_qp_offset
    r.bits(4)?; // slice chroma qp offsets, weighted pred and bipred, transquant bypass
    Some(r.bits(1)? == 1)
}

/// Reads bits, most significant first.
struct Bits<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Bits<'_> {
    fn bits(&mut self, n: u32) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let byte = self.bytes.get(self.at / 8)?;
            v = (v << 1) | u32::from(byte >> (7 - self.at % 8) & 1);
            self.at += 1;
        }
        Some(v)
    }

    /// An unsigned Exp-Golomb number (`ue(v)`), at most 32 bits.
    fn golomb(&mut self) -> Option<u32> {
        let mut zeros = 0;
        while self.bits(1)? == 0 {
            zeros += 1;
            if zeros > 31 {
                return None;
            }
        }
        Some((1u32 << zeros) - 1 + self.bits(zeros)?)
    }
}

/// The coded units of `data`, each prefixed by its length in 4 bytes.
fn units_of(data: &[u8]) -> impl Iterator<Item = Result<&[u8], &'static str>> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        if at >= data.len() {
            return None;
        }
        let Some(head) = data.get(at..at + 4) else {
            at = data.len();
            return Some(Err("the coded data ends inside a unit's length"));
        };
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let unit = data.get(at + 4..).and_then(|rest| rest.get(..len));
        at = at.saturating_add(4).saturating_add(len);
        Some(unit.ok_or("the coded data ends inside a unit"))
    })
}

/// The parameter sets of an `hvcC`, and the size of each unit's length in
/// the coded data.
fn parameter_sets(hvcc: &[u8]) -> Option<(Vec<&[u8]>, usize)> {
    let length_size = usize::from(*hvcc.get(21)? & 3) + 1;
    let mut r = hvcc.get(23..)?;
    let mut sets = Vec::new();
    for _ in 0..*hvcc.get(22)? {
        let n = u16::from_be_bytes(r.get(1..3)?.try_into().ok()?);
        r = r.get(3..)?;
        for _ in 0..n {
            let len = usize::from(u16::from_be_bytes(r.get(..2)?.try_into().ok()?));
            sets.push(r.get(2..2 + len)?);
            r = r.get(2 + len..)?;
        }
    }
    Some((sets, length_size))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PPS of these bits (after its two-byte header), with its stop bit.
    fn unit(bits: &str) -> Vec<u8> {
        let padded = format!("{bits}1{}", "0".repeat(7 - bits.len() % 8));
        let bytes =
            padded.as_bytes().chunks(8).map(|b| u8::from_str_radix(std::str::from_utf8(b).unwrap(), 2).unwrap());
        [34 << 1, 1].into_iter().chain(bytes).collect()
    }

    #[test]
    fn the_tiles_flag_is_read_after_the_fields_before_it() {
        // Every field before the flag at its shortest (`ue(v)` 0 is the
        // bit 1), then the flag.
        let shortest = |tiles: &str| ["1", "1", "0000000", "1", "1", "1", "00", "0", "1", "1", "0000", tiles].concat();
        assert_eq!(tiles_flag(&unit(&shortest("1"))), Some(true));
        assert_eq!(tiles_flag(&unit(&shortest("0"))), Some(false));
        // With a QP delta depth (ue(v) 1: 010) and other ids and offsets.
        let longer = ["010", "1", "1010000", "1", "011", "00100", "10", "1", "010", "1", "011", "0000", "1"].concat();
        assert_eq!(tiles_flag(&unit(&longer)), Some(true));
        assert_eq!(tiles_flag(&[34 << 1, 1]), None, "cut short");
    }

    /// An SPS of a 64x64 10-bit 4:2:0 picture cropped by 2 chroma rows at
    /// its top (ue(v) n is n+1 in binary after as many zeros as it has
    /// bits less one).
    #[test]
    fn a_crop_at_the_top_is_read_where_libde265_reads_it() {
        let ue = |n: u32| format!("{}{:b}", "0".repeat(32 - (n + 1).leading_zeros() as usize - 1), n + 1);
        let bits = ["0000", "000", "1", &"0".repeat(96), &ue(0), &ue(1), &ue(64), &ue(64), "1"].concat();
        let cropped = [bits.as_str(), &ue(0), &ue(0), &ue(2), &ue(0), &ue(2), &ue(2)].concat();
        let cropped = unit(&cropped);
        assert_eq!(sequence(&cropped), Some((1, 64, 64, 10, 10)));
        assert_eq!(crop(&cropped), Some([0, 0, 2, 0]));
        let uncropped = unit(&[&bits[..bits.len() - 1], "0", &ue(2), &ue(2)].concat());
        assert_eq!(sequence(&uncropped), Some((1, 64, 64, 10, 10)));
        assert_eq!(crop(&uncropped), Some([0; 4]));
    }

    #[test]
    fn the_fixtures_are_not_in_tiles() {
        for name in ["generated_picture_33mp_10bit.heic", "generated_picture_slices.heic"] {
            let bytes = std::fs::read(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
            let picture = Single::parse(&bytes).expect("one picture");
            assert!(!tiled(&picture), "{name}");
        }
    }
}
