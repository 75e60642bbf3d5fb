//! A large TIFF read a strip or a row of tiles at a time into the reduced
//! copy, as large PNGs are (`png_rows`): the `image` crate decodes a TIFF
//! whole (a 100 MP one peaked at 620 MiB at ingest).
//!
//! Every chunk is read (so a damaged file is still found), by the same
//! `tiff` decoder and the same expansion the whole decode uses; 16-bit
//! samples are rounded to 8 bits as `image` rounds them, grey is repeated
//! and alpha dropped (as `into_rgb8` does). What this does not read (planes
//! stored apart, CMYK, palettes, 1-bit, floating point, or a strip so tall
//! a band would not be small) is left to the whole decode.

use super::shrink::Shrink;
use super::DecodeError;
use std::io::Cursor;
use tiff::decoder::{ChunkType, Decoder};
use tiff::tags::{PlanarConfiguration, SampleFormat, Tag};
use tiff::ColorType;

/// The most bytes a band (one strip, or one row of tiles) may take.
const BAND_BYTES: u64 = 32 << 20;

/// How a TIFF's pixels are laid out, as far as reading it by bands goes.
struct Layout {
    /// Samples a pixel, and bytes a sample (1 or 2).
    channels: usize,
    bytes: usize,
    chunk: (u32, u32),
    tiles: bool,
}

impl Layout {
    fn pixel(&self) -> usize {
        self.channels * self.bytes
    }
}

type Reader<'a> = Decoder<Cursor<&'a [u8]>>;

fn bad(e: tiff::TiffError) -> DecodeError {
    DecodeError(format!("does not decode: {e}"))
}

/// A decoder of `bytes`, a TIFF of `size` (read from its header before),
/// and its layout, if it is one to read by bands.
fn open(bytes: &[u8], size: (u32, u32)) -> Result<(Reader<'_>, Layout), DecodeError> {
    let mut decoder = Decoder::new(Cursor::new(bytes)).map_err(bad)?;
    if decoder.dimensions().map_err(bad)? != size {
        return Err("it is not the size its header said".into());
    }
    let (channels, bits) = match decoder.colortype().map_err(bad)? {
        ColorType::Gray(b) => (1, b),
        ColorType::RGB(b) => (3, b),
        ColorType::RGBA(b) => (4, b),
        other => return Err(DecodeError(format!("its pixels are {other:?}"))),
    };
    if bits != 8 && bits != 16 {
        return Err(DecodeError(format!("its samples are {bits} bits")));
    }
    // A sample beyond the colours that is not alpha would shift every
    // pixel; and the whole decode must read the file as these colours too.
    let samples = decoder.find_tag_unsigned::<u16>(Tag::SamplesPerPixel).map_err(bad)?.unwrap_or(1);
    if usize::from(samples) != channels || whole_reads_as(bytes) != Some((channels, bits)) {
        return Err(DecodeError(format!("its {samples} samples a pixel are not read as its colours")));
    }
    let planar = decoder.find_tag_unsigned::<u16>(Tag::PlanarConfiguration).map_err(bad)?;
    if planar.is_some_and(|p| p != PlanarConfiguration::Chunky.to_u16()) {
        return Err("its colours are stored in planes apart".into());
    }
    let format = decoder.find_tag_unsigned_vec::<u16>(Tag::SampleFormat).map_err(bad)?;
    if format.is_some_and(|f| f.iter().any(|&f| f != SampleFormat::Uint.to_u16())) {
        return Err("its samples are not whole numbers".into());
    }
    // JPEG-coded chunks are decoded at the size their own header says,
    // whatever the chunk's: left to the whole decode and its share.
    let compression = decoder.find_tag_unsigned::<u16>(Tag::Compression).map_err(bad)?.unwrap_or(1);
    if compression == 6 || compression == 7 {
        return Err("its strips or tiles are JPEGs".into());
    }
    let layout = Layout {
        channels,
        bytes: usize::from(bits / 8),
        chunk: decoder.chunk_dimensions(),
        tiles: decoder.get_chunk_type() == ChunkType::Tile,
    };
    // A chunk larger than the picture (tiles are whole multiples of 16)
    // would make a band larger than the picture.
    let (cw, ch) = layout.chunk;
    let too_large = cw > size.0.next_multiple_of(16) || ch > size.1.next_multiple_of(16);
    if cw == 0 || ch == 0 || too_large || band_bytes(size.0, &layout).is_none_or(|b| b > BAND_BYTES) {
        return Err("its strips or tiles are too large to read one band at a time".into());
    }
    Ok((decoder, layout))
}

/// The samples a pixel and bits a sample the whole decode (`image`) reads
/// `bytes` as, from its header.
fn whole_reads_as(bytes: &[u8]) -> Option<(usize, u8)> {
    use image::ImageDecoder;
    let decoder = image::codecs::tiff::TiffDecoder::new(Cursor::new(bytes)).ok()?;
    let color = decoder.color_type();
    let bits = u8::try_from(color.bits_per_pixel() / u16::from(color.channel_count())).ok()?;
    Some((usize::from(color.channel_count()), bits))
}

/// Bytes of one band: the image's width by a chunk's height, plus a chunk
/// (`None` past what a `u64` holds).
fn band_bytes(width: u32, layout: &Layout) -> Option<u64> {
    let pixel = layout.pixel() as u64;
    let across = if layout.tiles { u64::from(width.max(layout.chunk.0)) } else { u64::from(width) };
    let (cw, ch) = (u64::from(layout.chunk.0), u64::from(layout.chunk.1));
    let chunk = cw.checked_mul(ch)?.checked_mul(pixel)?;
    across.checked_mul(ch)?.checked_mul(pixel)?.checked_add(chunk)
}

/// If `bytes`, a TIFF of `size`, is one to read by bands into `out`
/// pixels: the bytes it holds at most, beside the file (a band, a row of
/// RGB, the shrink's columns and sums, the reduced copy).
pub(super) fn share(bytes: &[u8], size: (u32, u32), out: (u32, u32)) -> Option<u64> {
    let (_, layout) = open(bytes, size).ok()?;
    Some(band_bytes(size.0, &layout)? + u64::from(size.0) * 40 + u64::from(out.0) * u64::from(out.1) * 3)
}

/// `bytes`, a TIFF of `size` for which [`share`] says yes, read a band at
/// a time and shrunk to `out`.
pub(super) fn decode_within(bytes: &[u8], size: (u32, u32), out: (u32, u32)) -> Result<image::RgbImage, DecodeError> {
    let (mut decoder, layout) = open(bytes, size)?;
    let (w, h) = (size.0 as usize, size.1);
    let (cw, ch) = layout.chunk;
    let across = if layout.tiles { w.div_ceil(cw as usize) } else { 1 };
    let pixel = layout.pixel();
    let mut band = vec![0u8; w * ch as usize * pixel];
    let mut chunk = Vec::new();
    let mut rgb = vec![0u8; w * 3];
    let mut shrink = Shrink::new(size, out);
    let mut y = 0u32;
    for down in 0..h.div_ceil(ch) {
        let mut rows = 0;
        for a in 0..across {
            let index = down * across as u32 + a as u32;
            let preferred = decoder.image_chunk_buffer_layout(index).map_err(bad)?;
            chunk.resize(preferred.len, 0);
            decoder.read_chunk_bytes(index, &mut chunk).map_err(bad)?;
            let (dw, dh) = decoder.chunk_data_dimensions(index);
            let stride = preferred.row_stride.map_or(dw as usize * pixel, |s| s.get());
            let (x, run) = (a * cw as usize * pixel, dw as usize * pixel);
            if x + run > w * pixel || dh > ch || stride < run || chunk.len() < stride * (dh as usize - 1) + run {
                return Err(DecodeError(format!("its chunk {index} is not where its layout says")));
            }
            for r in 0..dh as usize {
                band[r * w * pixel + x..][..run].copy_from_slice(&chunk[r * stride..][..run]);
            }
            rows = dh;
        }
        for r in 0..rows as usize {
            to_rgb(&band[r * w * pixel..][..w * pixel], &layout, &mut rgb);
            shrink.push(&rgb);
        }
        y += rows;
    }
    if y != h {
        return Err(DecodeError(format!("{y} of its {h} rows")));
    }
    Ok(shrink.finish())
}

/// A row of `layout`'s samples as packed 8-bit RGB: 16-bit samples (in
/// this machine's byte order, as the decoder gives them) rounded as
/// `image` rounds them, grey repeated, alpha dropped.
fn to_rgb(row: &[u8], layout: &Layout, rgb: &mut [u8]) {
    let sample = |px: &[u8], c: usize| -> u8 {
        if layout.bytes == 1 {
            px[c]
        } else {
            let v = u32::from(u16::from_ne_bytes([px[2 * c], px[2 * c + 1]]));
            ((v + 128) / 257) as u8
        }
    };
    for (out, px) in rgb.chunks_exact_mut(3).zip(row.chunks_exact(layout.pixel())) {
        if layout.channels < 3 {
            out.fill(sample(px, 0));
        } else {
            for (c, o) in out.iter_mut().enumerate() {
                *o = sample(px, c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiff::encoder::{colortype, Compression, TiffEncoder};

    /// Samples with detail at every pixel (so a misplaced row, column or
    /// tile shows), `channels` a pixel.
    fn samples(w: u32, h: u32, channels: u32) -> Vec<u8> {
        (0..h * w * channels)
            .map(|i| ((i / channels) % w * 7 + (i / channels) / w * 13 + i % channels * 50) as u8)
            .collect()
    }

    /// A TIFF (PackBits) in strips of 7 rows (the last one cut short).
    fn strips<C: colortype::ColorType>(w: u32, h: u32, data: &[C::Inner]) -> Vec<u8>
    where
        [C::Inner]: tiff::encoder::TiffValue,
    {
        let mut bytes = Cursor::new(Vec::new());
        let mut encoder = TiffEncoder::new(&mut bytes).unwrap().with_compression(Compression::Packbits);
        let mut image = encoder.new_image::<C>(w, h).unwrap();
        image.rows_per_strip(7).unwrap();
        image.write_data(data).unwrap();
        bytes.into_inner()
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// Read by bands at full size, strips and tiles of every colour type
    /// read this way give the whole decode's pixels.
    #[test]
    fn bands_at_full_size_are_the_whole_decode() {
        let (w, h) = (61, 45);
        let wide = |v: Vec<u8>| v.iter().map(|&b| u16::from(b) * 257 + u16::from(b % 3)).collect::<Vec<_>>();
        let cases = [
            ("grey", strips::<colortype::Gray8>(w, h, &samples(w, h, 1))),
            ("rgb", strips::<colortype::RGB8>(w, h, &samples(w, h, 3))),
            ("rgba", strips::<colortype::RGBA8>(w, h, &samples(w, h, 4))),
            ("grey 16", strips::<colortype::Gray16>(w, h, &wide(samples(w, h, 1)))),
            ("rgb 16", strips::<colortype::RGB16>(w, h, &wide(samples(w, h, 3)))),
            ("rgba 16", strips::<colortype::RGBA16>(w, h, &wide(samples(w, h, 4)))),
            ("tiles rgb", fixture("generated_tiles_rgb.tif")),
            ("tiles grey 16", fixture("generated_tiles_grey16.tif")),
        ];
        for (what, bytes) in cases {
            let whole = image::load_from_memory(&bytes).expect(what).into_rgb8();
            let size = whole.dimensions();
            assert!(share(&bytes, size, size).is_some(), "{what}");
            let banded = decode_within(&bytes, size, size).expect(what);
            assert!(banded == whole, "{what}: not the whole decode's pixels");
            // And shrunk, the shrink of the whole decode.
            let out = (size.0 / 3, size.1 / 3);
            let mut shrink = Shrink::new(size, out);
            whole.as_raw().chunks_exact(size.0 as usize * 3).for_each(|row| shrink.push(row));
            assert!(decode_within(&bytes, size, out).expect(what) == shrink.finish(), "{what}: shrunk");
        }
    }

    /// What is not read by bands is left to the whole decode, and a
    /// damaged file is an error, not a picture.
    #[test]
    fn others_are_left_whole_and_damage_is_found() {
        let (w, h) = (61, 45);
        let grey = strips::<colortype::Gray8>(w, h, &samples(w, h, 1));
        assert!(share(&grey, (w, h + 1), (w, h)).is_none(), "another size");
        let float = strips::<colortype::Gray32Float>(w, h, &vec![0.5; (w * h) as usize]);
        assert!(share(&float, (w, h), (w, h)).is_none(), "floating point");
        let mut one_strip = Cursor::new(Vec::new());
        let mut encoder = TiffEncoder::new(&mut one_strip).unwrap();
        let (tall_w, tall_h) = (3000, 3000);
        let mut image = encoder.new_image::<colortype::RGB8>(tall_w, tall_h).unwrap();
        image.rows_per_strip(tall_h).unwrap();
        image.write_data(&vec![9u8; (tall_w * tall_h * 3) as usize]).unwrap();
        assert!(share(one_strip.get_ref(), (tall_w, tall_h), (100, 100)).is_none(), "one strip of 27 MB");
        // Tiles claimed 2^31 pixels on a side (their bytes would wrap
        // past a u64): a TIFF header written by hand, one tile.
        let mut huge = b"II*\0\x08\0\0\0".to_vec();
        let tags: [(u16, u16, u32); 9] = [
            (256, 4, 4096),    // width
            (257, 4, 4096),    // height
            (258, 3, 16),      // bits a sample
            (262, 3, 2),       // RGB
            (277, 3, 4),       // samples a pixel
            (322, 4, 1 << 31), // tile width
            (323, 4, 1 << 31), // tile length
            (324, 4, 200),     // tile offsets
            (325, 4, 16),      // tile byte counts
        ];
        huge.extend_from_slice(&(tags.len() as u16).to_le_bytes());
        for (tag, kind, value) in tags {
            huge.extend_from_slice(&tag.to_le_bytes());
            huge.extend_from_slice(&kind.to_le_bytes());
            huge.extend_from_slice(&1u32.to_le_bytes());
            huge.extend_from_slice(&value.to_le_bytes());
        }
        huge.extend_from_slice(&0u32.to_le_bytes());
        huge.resize(216, 0);
        // (Read as meant: RGBA in tiles of 2^31, by both decoders.)
        assert_eq!(whole_reads_as(&huge), Some((4, 16)));
        let mut reader = Decoder::new(Cursor::new(&huge[..])).unwrap();
        assert_eq!((reader.get_chunk_type(), reader.chunk_dimensions()), (ChunkType::Tile, (1 << 31, 1 << 31)));
        assert_eq!(reader.colortype().unwrap(), ColorType::RGBA(16));
        assert!(share(&huge, (4096, 4096), (100, 100)).is_none(), "tiles larger than the picture");
        let tiles = fixture("generated_tiles_rgb.tif");
        let cut = &tiles[..tiles.len() * 2 / 3];
        let size = image::load_from_memory(&tiles).unwrap().dimensions();
        assert!(decode_within(cut, size, size).is_err(), "cut short");
    }

    use image::GenericImageView;
}
