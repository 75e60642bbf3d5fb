//! A HEIF photo stored as one large HEVC picture, decoded by libde265
//! directly and shrunk as its rows are read.
//!
//! A camera that stores a photo as one coded picture (a Sony ILCE-7CM2's
//! 33 MP, 10-bit HIF) cannot be decoded a tile at a time as a grid is
//! (`media/grid.rs`). Through libheif it peaked at 406 MiB: libheif's
//! libde265 plugin decodes on a worker thread, so libde265 filters the
//! picture into a second full-size picture (sample adaptive offset), and
//! libheif then copies the picture into planes of its own, converts those
//! to RGB planes, turns them, and interleaves them. Ingest needs only a
//! reduced copy. Here libde265 (built in from `vendor/libde265`, where its
//! last filter works in bands of one row of blocks instead of a copy of a
//! whole plane; or a library `CONSENTGATE_LIBDE265` names) decodes on the
//! calling thread; its rows are converted to RGB as libheif 1.15 converts
//! them (the same formula in the same single precision, nearest chroma,
//! the nclx profile of a `colr` box or else the coded stream's), and shrunk
//! into the reduced copy (`media/shrink.rs`, `hevc/rows.rs`). The built-in
//! decoder hands each row out as soon as it is decoded and filtered, and
//! gives its memory back, so the picture is never whole (unless it is
//! coded in tiles); a loaded library's picture is the one full-size buffer.
//!
//! The coded units are read before libde265 sees any (`hevc/stream.rs`):
//! only one IDR picture with one set of parameters, of the format the
//! memory share counted, goes this way. libde265 allocates the picture its
//! coded stream describes, which may be larger than the container's
//! `ispe` property says (all libheif checks): a stream that fits its
//! declared size neither way round is damaged, and given to no decoder.
//! Whatever else this does not decode (no libde265, a matrix libheif
//! treats specially, a mirror or crop, other units, a size that does not
//! match, a decoding error) is left to libheif's whole decode, which gives
//! the verdict as before: a way to less memory, not a second opinion on a
//! file.
#![allow(unsafe_code)]

use super::grid::Single;

mod rows;
mod stream;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::OnceLock;
#[cfg(test)]
pub(super) use stream::unstuffed;
use stream::{declared, tiled, MOST_SLICES};
pub(super) use stream::{oversized, vet, Refused};

type Ctx = c_void;
type Img = c_void;

/// The functions this module calls, each with de265.h's signature.
struct Api {
    /// The library loaded at run time, or none for the built-in decoder
    /// (`vendor/libde265`, which filters in bands instead of with a copy of
    /// a whole plane).
    _lib: Option<libloading::Library>,
    new_decoder: unsafe extern "C" fn() -> *mut Ctx,
    free_decoder: unsafe extern "C" fn(*mut Ctx) -> c_int,
    push_nal: unsafe extern "C" fn(*mut Ctx, *const c_void, c_int, i64, *mut c_void) -> c_int,
    flush_data: unsafe extern "C" fn(*mut Ctx) -> c_int,
    decode: unsafe extern "C" fn(*mut Ctx, *mut c_int) -> c_int,
    peek_next_picture: unsafe extern "C" fn(*mut Ctx) -> *const Img,
    release_next_picture: unsafe extern "C" fn(*mut Ctx),
    is_ok: unsafe extern "C" fn(c_int) -> c_int,
    error_text: unsafe extern "C" fn(c_int) -> *const c_char,
    width: unsafe extern "C" fn(*const Img, c_int) -> c_int,
    height: unsafe extern "C" fn(*const Img, c_int) -> c_int,
    chroma: unsafe extern "C" fn(*const Img) -> c_int,
    bits: unsafe extern "C" fn(*const Img, c_int) -> c_int,
    plane: unsafe extern "C" fn(*const Img, c_int, *mut c_int) -> *const u8,
    full_range: unsafe extern "C" fn(*const Img) -> c_int,
    matrix: unsafe extern "C" fn(*const Img) -> c_int,
    /// From libde265 1.1: the largest picture and coded unit it takes
    /// (by default 67 MP and 16 MiB, under what a camera's 33 MP file
    /// may hold in one unit).
    set_limits: Option<unsafe extern "C" fn(*mut Ctx, *const Limits)>,
    /// The built-in decoder's only: hands each row of a picture out once
    /// it is final, and gives its memory back (`vendor/libde265`,
    /// `rows-as-decoded.patch`).
    set_rows: Option<unsafe extern "C" fn(*mut Ctx, rows::RowsCallback, *mut c_void)>,
}

/// de265.h's `de265_security_limits`, version 1.
#[repr(C)]
struct Limits {
    version: u8,
    max_image_size_pixels: u32,
    max_nal_size_bytes: u32,
    max_sei_messages: u32,
}

impl Api {
    fn built_in(&self) -> bool {
        self._lib.is_none()
    }
}

static API: OnceLock<Option<Api>> = OnceLock::new();

/// The library file names tried, unless `CONSENTGATE_LIBDE265` names one,
/// when the decoder is not built in.
const NAMES: &[&str] = &["libde265.so.0", "libde265.so", "libde265.0.dylib", "libde265.dylib"];

/// The variable that names a libde265 to load instead of the built-in one.
const LIBRARY_ENV: &str = "CONSENTGATE_LIBDE265";

/// The decoder: the one built in (`vendor/libde265`, see `build.rs`), or
/// the library `CONSENTGATE_LIBDE265` names (a path that loads nothing
/// leaves every picture to libheif); without a built-in decoder, the
/// system's libde265 if it can be loaded (it is libheif's HEVC decoder).
fn api() -> Option<&'static Api> {
    API.get_or_init(|| {
        #[cfg(builtin_de265)]
        if std::env::var_os(LIBRARY_ENV).is_none() {
            return Some(builtin::api());
        }
        let lib = super::heif::open_library(LIBRARY_ENV, NAMES).ok()?;
        match bind(lib) {
            Ok(api) => Some(api),
            Err(why) => {
                tracing::info!("libde265 is not used directly: {why}");
                None
            }
        }
    })
    .as_ref()
}

fn bind(lib: libloading::Library) -> Result<Api, super::DecodeError> {
    macro_rules! sym {
        ($name:literal) => {
            // SAFETY: the field's type is de265.h's signature for the
            // symbol; the pointer is used only while `lib` (moved into the
            // Api) is loaded.
            *unsafe { lib.get($name) }
                .map_err(|e| super::DecodeError(format!("libde265 lacks {}: {e}", stringify!($name))))?
        };
    }
    Ok(Api {
        new_decoder: sym!(b"de265_new_decoder\0"),
        free_decoder: sym!(b"de265_free_decoder\0"),
        push_nal: sym!(b"de265_push_NAL\0"),
        flush_data: sym!(b"de265_flush_data\0"),
        decode: sym!(b"de265_decode\0"),
        peek_next_picture: sym!(b"de265_peek_next_picture\0"),
        release_next_picture: sym!(b"de265_release_next_picture\0"),
        is_ok: sym!(b"de265_isOK\0"),
        error_text: sym!(b"de265_get_error_text\0"),
        width: sym!(b"de265_get_image_width\0"),
        height: sym!(b"de265_get_image_height\0"),
        chroma: sym!(b"de265_get_chroma_format\0"),
        bits: sym!(b"de265_get_bits_per_pixel\0"),
        plane: sym!(b"de265_get_image_plane\0"),
        // From libde265 1.0.7 (Debian 12 has 1.0.11).
        full_range: sym!(b"de265_get_image_full_range_flag\0"),
        matrix: sym!(b"de265_get_image_matrix_coefficients\0"),
        // SAFETY: as above, where the library has it.
        set_limits: unsafe { lib.get(b"de265_set_security_limits\0") }.ok().map(|f| *f),
        set_rows: None,
        _lib: Some(lib),
    })
}

/// The decoder built into this binary.
#[cfg(builtin_de265)]
mod builtin {
    use super::{Api, Ctx, Img};
    use std::ffi::{c_char, c_int, c_void};

    // de265.h's signatures, of the library build.rs compiles in.
    unsafe extern "C" {
        fn de265_new_decoder() -> *mut Ctx;
        fn de265_free_decoder(ctx: *mut Ctx) -> c_int;
        fn de265_push_NAL(ctx: *mut Ctx, data: *const c_void, len: c_int, pts: i64, user: *mut c_void) -> c_int;
        fn de265_flush_data(ctx: *mut Ctx) -> c_int;
        fn de265_decode(ctx: *mut Ctx, more: *mut c_int) -> c_int;
        fn de265_peek_next_picture(ctx: *mut Ctx) -> *const Img;
        fn de265_release_next_picture(ctx: *mut Ctx);
        fn de265_isOK(err: c_int) -> c_int;
        fn de265_get_error_text(err: c_int) -> *const c_char;
        fn de265_get_image_width(img: *const Img, channel: c_int) -> c_int;
        fn de265_get_image_height(img: *const Img, channel: c_int) -> c_int;
        fn de265_get_chroma_format(img: *const Img) -> c_int;
        fn de265_get_bits_per_pixel(img: *const Img, channel: c_int) -> c_int;
        fn de265_get_image_plane(img: *const Img, channel: c_int, stride: *mut c_int) -> *const u8;
        fn de265_get_image_full_range_flag(img: *const Img) -> c_int;
        fn de265_get_image_matrix_coefficients(img: *const Img) -> c_int;
        fn de265_set_security_limits(ctx: *mut Ctx, limits: *const super::Limits);
        fn de265_set_rows_callback(ctx: *mut Ctx, callback: super::rows::RowsCallback, user: *mut c_void);
    }

    pub(super) fn api() -> Api {
        Api {
            _lib: None,
            new_decoder: de265_new_decoder,
            free_decoder: de265_free_decoder,
            push_nal: de265_push_NAL,
            flush_data: de265_flush_data,
            decode: de265_decode,
            peek_next_picture: de265_peek_next_picture,
            release_next_picture: de265_release_next_picture,
            is_ok: de265_isOK,
            error_text: de265_get_error_text,
            width: de265_get_image_width,
            height: de265_get_image_height,
            chroma: de265_get_chroma_format,
            bits: de265_get_bits_per_pixel,
            plane: de265_get_image_plane,
            full_range: de265_get_image_full_range_flag,
            matrix: de265_get_image_matrix_coefficients,
            set_limits: Some(de265_set_security_limits),
            set_rows: Some(de265_set_rows_callback),
        }
    }
}

/// Luma rows of the picture the built-in decoder holds at most while it
/// hands rows out as decoded: four rows of the largest (64-pixel) blocks
/// (the one being decoded and the three above it, still to be deblocked
/// and filtered), and one more for the pages at their edges.
const HELD_ROWS: u64 = 5 * 64;

/// Bytes a decode of `picture` to at most `side` holds at most, for a
/// coded picture [`vet`] lets through (each dimension at most rounded up to
/// a 64-pixel block): its planes (built in, and without tiles, only the
/// rows being decoded: [`HELD_ROWS`]); what libde265 copies of them while
/// it filters (sample adaptive offset: a band of 66 rows built in, a whole
/// plane in a system library); its tables (modes, filter
/// flags and a motion vector for every 4x4 block, block information for
/// every 8x8 coding block, a lock for every 16x16 block, the PPS's scan
/// tables: at most 3.5 bytes a pixel; 0.5 for the Sony's); its copy of
/// the coded data; and the reduced copy (twice, for the turn).
pub(super) fn decode_bytes(picture: &Single<'_>, side: u32) -> u64 {
    let (chroma, luma_bits, chroma_bits) = declared(picture.hvcc).unwrap_or((3, 16, 16));
    let (w, h) = picture.in_blocks();
    let pixels = u64::from(w) * u64::from(h);
    // The coded picture may be the declared one turned (`oversized`).
    let width = u64::from(w.max(h));
    let built_in = api().is_some_and(Api::built_in);
    let held = if built_in && !tiled(picture) { pixels.min(width * HELD_ROWS) } else { pixels };
    let sample = |bits: u8| u64::from(bits).div_ceil(8);
    // Both chroma planes together, in quarters of the luma plane's samples:
    // 4:2:0 two, 4:2:2 four, 4:4:4 eight.
    let quarters = [0, 2, 4, 8][usize::from(chroma)];
    let planes = held * sample(luma_bits) + held * sample(chroma_bits) * quarters / 4;
    let widest = sample(luma_bits).max(sample(chroma_bits));
    // Built in, a band for each plane (at most the luma plane's width).
    let filter_copy = if built_in { 3 * width * 66 * widest } else { pixels * widest };
    let data = picture.coded_len();
    let (ow, oh) = super::fit_within(picture.width, picture.height, side);
    // Slice headers: about 1.5 KB each, and their entry points.
    let headers = picture.hvcc.len() as u64 + MOST_SLICES as u64 * 4096;
    planes + filter_copy + pixels * 7 / 2 + data + headers + u64::from(ow) * u64::from(oh) * 6
}

/// Which decoder decodes one-picture HEIFs, for the log.
pub(super) fn decoder_name() -> &'static str {
    match api() {
        Some(api) if api.built_in() => "the built-in libde265",
        Some(_) => "a loaded libde265",
        None => "no libde265",
    }
}

/// A decoder, freed on drop.
struct Decoder<'a> {
    api: &'a Api,
    ctx: *mut Ctx,
}

impl Drop for Decoder<'_> {
    fn drop(&mut self) {
        // SAFETY: freed once, with every picture it still holds.
        unsafe { (self.api.free_decoder)(self.ctx) };
    }
}

impl Decoder<'_> {
    /// A libde265 result: fine (warnings included), or its words.
    fn check(&self, err: c_int) -> Result<(), Refused> {
        // SAFETY: both take any code; the text is a static string.
        if unsafe { (self.api.is_ok)(err) } != 0 {
            return Ok(());
        }
        let text = unsafe { (self.api.error_text)(err) };
        let text = if text.is_null() { "unknown".into() } else { unsafe { CStr::from_ptr(text) }.to_string_lossy() };
        Err(Refused::Elsewhere(format!("libde265: {text}")))
    }

    fn push(&self, nal: &[u8]) -> Result<(), Refused> {
        let len = c_int::try_from(nal.len()).map_err(|_| Refused::Elsewhere("a coded unit is too long".into()))?;
        // SAFETY: libde265 copies the bytes before returning.
        self.check(unsafe { (self.api.push_nal)(self.ctx, nal.as_ptr().cast(), len, 0, std::ptr::null_mut()) })
    }
}

/// Decodes `picture` and shrinks it to at most `side` on its longer side,
/// turned. An error says why not: damaged (see [`Refused`]), or left to
/// libheif (which decodes it whole and gives the verdict, as it did before
/// this way existed).
pub(super) fn decode_within(picture: &Single<'_>, side: u32) -> Result<image::RgbImage, Refused> {
    let units = vet(picture)?;
    let turns = picture.turns.ok_or("it is mirrored or cropped")?;
    let elsewhere = Refused::Elsewhere;
    let api = api().ok_or_else(|| elsewhere("libde265 could not be loaded".into()))?;
    if let Some(why) = picture.nclx.and_then(|(matrix, _)| special_matrix(matrix)) {
        return Err(elsewhere(why));
    }
    // SAFETY: a fresh decoder, freed by the guard.
    let ctx = unsafe { (api.new_decoder)() };
    if ctx.is_null() {
        return Err(elsewhere("libde265 could not make a decoder".into()));
    }
    // Declared before the decoder, so that it outlives it.
    let sink = rows::Sink::new(api, picture, side);
    let decoder = Decoder { api, ctx };
    if let Some(set_rows) = api.set_rows {
        // SAFETY: the decoder is live, and the sink outlives it.
        unsafe { set_rows(ctx, rows::on_rows, sink.user()) };
    }
    if let Some(set_limits) = api.set_limits {
        // This picture's own bounds: its declared size rounded up to whole
        // 64-pixel blocks (a larger stream is damaged: `vet`), and its
        // coded data.
        let bound = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let (w, h) = picture.in_blocks();
        let limits = Limits {
            version: 1,
            max_image_size_pixels: bound(u64::from(w) * u64::from(h)),
            max_nal_size_bytes: bound(picture.coded_len() + picture.hvcc.len() as u64),
            max_sei_messages: 256,
        };
        // SAFETY: the decoder is live; libde265 copies the limits.
        unsafe { set_limits(ctx, &limits) };
    }
    for unit in units {
        decoder.push(unit)?;
    }
    // SAFETY: `ctx` is the guard's live decoder (as in every call below).
    decoder.check(unsafe { (api.flush_data)(ctx) })?;
    let mut out = None;
    // Each call decodes a unit or hands out a picture; a few calls decode
    // a photo (the bound is for a stream that keeps the decoder busy).
    for _ in 0..1_000_000 {
        let mut more: c_int = 0;
        decoder.check(unsafe { (api.decode)(ctx, &mut more) })?;
        // SAFETY: the picture at the head of the output queue stays valid
        // until it is released, and nothing is decoded in between.
        let img = unsafe { (api.peek_next_picture)(ctx) };
        if !img.is_null() {
            if out.is_some() {
                return Err(elsewhere("it holds more than one picture".into()));
            }
            let shrunk = if api.set_rows.is_some() {
                // Handed out row by row while it was decoded.
                sink.finish()
            } else {
                unsafe { whole(api, img, picture, side) }
            };
            unsafe { (api.release_next_picture)(ctx) };
            out = Some(shrunk?);
        }
        if more == 0 {
            let img = out.ok_or_else(|| elsewhere("libde265 decoded no picture".into()))?;
            return Ok(super::shrink::turn(img, turns));
        }
    }
    Err(elsewhere("libde265 did not finish".into()))
}

/// Matrices libheif converts other than by its formula (GBR, YCgCo, and
/// the two computed from the primaries), left to it.
fn special_matrix(matrix: u16) -> Option<String> {
    matches!(matrix, 0 | 8 | 12 | 13).then(|| format!("its colour matrix is {matrix}"))
}

/// libde265's decoded picture `img`, converted and shrunk.
///
/// # Safety
/// `img` is a live picture of `api`'s decoder, whole.
unsafe fn whole(api: &Api, img: *const Img, picture: &Single<'_>, side: u32) -> Result<image::RgbImage, Refused> {
    let mut converter = rows::Converter::new(api, img, picture, side)?;
    converter.rows(api, img, 0, picture.height as usize)?;
    converter.finish()
}

/// libheif 1.15's YCbCr to RGB conversion (`Op_YCbCr_to_RGB`, then
/// `Op_to_sdr_planes` for more than 8 bits), for one pixel.
pub(super) struct Colour {
    r_cr: f32,
    g_cb: f32,
    g_cr: f32,
    b_cb: f32,
    full: bool,
    half: i32,
    max: i64,
    offset: f32,
    shift: u32,
}

impl Colour {
    pub(super) fn new(matrix: u16, full: bool, bits: u32) -> Colour {
        // Kr and Kb by matrix (nclx.cc's get_Kr_Kb); BT.601 otherwise.
        let (kr, kb): (f32, f32) = match matrix {
            1 => (0.2126, 0.0722),
            4 => (0.30, 0.11),
            5 | 6 => (0.299, 0.114),
            7 => (0.212, 0.087),
            9 | 10 => (0.2627, 0.0593),
            _ => (0.0, 0.0),
        };
        let (r_cr, g_cb, g_cr, b_cb) = if kr != 0.0 || kb != 0.0 {
            (
                2.0 * (-kr + 1.0),
                2.0 * kb * (-kb + 1.0) / (kb + kr - 1.0),
                2.0 * kr * (-kr + 1.0) / (kb + kr - 1.0),
                2.0 * (-kb + 1.0),
            )
        } else {
            (1.402, -0.344_136, -0.714_136, 1.772)
        };
        Colour {
            r_cr,
            g_cb,
            g_cr,
            b_cb,
            full,
            half: 1 << (bits - 1),
            max: (1 << bits) - 1,
            offset: (16i32 << (bits - 8)) as f32,
            shift: bits - 8,
        }
    }

    /// One pixel's 8-bit RGB.
    pub(super) fn rgb(&self, y: i32, cb: i32, cr: i32) -> [u8; 3] {
        let (mut yv, mut cb, mut cr) = (y as f32, (cb - self.half) as f32, (cr - self.half) as f32);
        if !self.full {
            yv = (yv - self.offset) * 1.1689;
            cb *= 1.1429;
            cr *= 1.1429;
        }
        // clip_f_u16: add a half and truncate towards zero, then clamp.
        let clip = |v: f32| (((v + 0.5) as i64).clamp(0, self.max) >> self.shift) as u8;
        [clip(yv + self.r_cr * cr), clip(yv + self.g_cb * cb + self.g_cr * cr), clip(yv + self.b_cb * cb)]
    }
}
