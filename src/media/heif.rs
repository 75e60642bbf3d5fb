//! HEIC, HEIF and AVIF decoding through the system's libheif, loaded at run
//! time (the default `heif` feature).
//!
//! Loading the library when it is first needed, instead of linking it at
//! build time, keeps the build free of cmake, pkg-config and `-dev`
//! packages: a machine with Debian's `libheif1` (or any libheif 1.x) decodes
//! HEIC; a machine without it says so once and holds HEIF photos as
//! `decoder_unavailable`. `CONSENTGATE_LIBHEIF` names the library file to
//! load instead of the usual `libheif.so.1`.
//!
//! Most of the crate's `unsafe` code is here (see lib.rs for the rest),
//! with the CPU-affinity calls of `OneCore`. The binding is kept small and
//! checkable by hand: fourteen functions of libheif's stable C API, each
//! declared with the signature of `heif.h` (1.x), every pointer they return
//! checked for null, and every object they hand out released by a guard.
//!
//! libheif applies the container's rotation and mirroring (`irot`, `imir`)
//! while decoding, so the image comes out upright: EXIF orientation must
//! not be applied again on top (a Samsung HEIC carries both).
#![allow(unsafe_code)]

use super::DecodeError;
use image::{DynamicImage, RgbImage};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::OnceLock;

/// `struct heif_error`: returned by value.
#[repr(C)]
struct HeifError {
    code: c_int,
    subcode: c_int,
    message: *const c_char,
}

// From heif.h: enum heif_colorspace, heif_chroma, heif_channel.
const COLORSPACE_RGB: c_int = 1;
const CHROMA_INTERLEAVED_RGB: c_int = 10;
const CHANNEL_INTERLEAVED: c_int = 10;

type Ctx = c_void;
type Handle = c_void;
type Image = c_void;

/// The functions this module calls, resolved once.
struct Api {
    // Keeps the library mapped for as long as the process runs (the Api
    // lives in a static), so the function pointers below stay valid.
    _lib: libloading::Library,
    version: String,
    context_alloc: unsafe extern "C" fn() -> *mut Ctx,
    context_free: unsafe extern "C" fn(*mut Ctx),
    read_from_memory_without_copy: unsafe extern "C" fn(*mut Ctx, *const c_void, usize, *const c_void) -> HeifError,
    primary_image_handle: unsafe extern "C" fn(*mut Ctx, *mut *mut Handle) -> HeifError,
    handle_width: unsafe extern "C" fn(*const Handle) -> c_int,
    handle_height: unsafe extern "C" fn(*const Handle) -> c_int,
    handle_release: unsafe extern "C" fn(*const Handle),
    decode_image: unsafe extern "C" fn(*const Handle, *mut *mut Image, c_int, c_int, *const c_void) -> HeifError,
    image_width: unsafe extern "C" fn(*const Image, c_int) -> c_int,
    image_height: unsafe extern "C" fn(*const Image, c_int) -> c_int,
    plane_readonly: unsafe extern "C" fn(*const Image, c_int, *mut c_int) -> *const u8,
    image_release: unsafe extern "C" fn(*const Image),
    /// Optional (libheif >= 1.6): caps the width and height a file may declare.
    set_size_limit: Option<unsafe extern "C" fn(*mut Ctx, c_int)>,
}

// SAFETY: the Api holds only function pointers into a library that is never
// unloaded and a String; libheif's functions may be called from any thread
// on objects that thread owns (every context here is local to one call).
unsafe impl Send for Api {}
unsafe impl Sync for Api {}

static API: OnceLock<Result<Api, DecodeError>> = OnceLock::new();

/// The library file names tried, in order, unless `CONSENTGATE_LIBHEIF` names one.
const NAMES: &[&str] = &["libheif.so.1", "libheif.so", "libheif.1.dylib", "libheif.dylib"];

fn api() -> Result<&'static Api, DecodeError> {
    API.get_or_init(load).as_ref().map_err(Clone::clone)
}

/// Whether HEIF files can be decoded here: the library's version, or why not.
pub fn available() -> Result<String, DecodeError> {
    api().map(|a| a.version.clone())
}

fn load() -> Result<Api, DecodeError> {
    match open_library("CONSENTGATE_LIBHEIF", NAMES) {
        Ok(lib) => bind(lib),
        Err(last) => Err(DecodeError(format!(
            "the HEIC/HEIF decoder library (libheif) is not installed: install the `libheif1` package \
             (Debian/Ubuntu: apt install libheif1) ({last})"
        ))),
    }
}

/// The first of `names` that loads, or the file `env` names instead; the
/// last loader error if none does. Used for libheif and libde265.
pub(super) fn open_library(env: &str, names: &[&str]) -> Result<libloading::Library, DecodeError> {
    let names: Vec<String> = match std::env::var_os(env) {
        Some(p) => vec![p.to_string_lossy().into_owned()],
        None => names.iter().map(|s| (*s).to_string()).collect(),
    };
    let mut last = String::new();
    for name in &names {
        // SAFETY: loading libheif or libde265 runs its initialisers, which
        // only set up the library's own static tables.
        match unsafe { libloading::Library::new(name) } {
            Ok(lib) => return Ok(lib),
            Err(e) => last = e.to_string(),
        }
    }
    Err(DecodeError(last))
}

/// Resolves every function; a library missing one is refused whole.
fn bind(lib: libloading::Library) -> Result<Api, DecodeError> {
    macro_rules! sym {
        ($name:literal) => {
            // SAFETY: the symbol is declared with heif.h's signature for it
            // (the field's type); the pointer is copied out and used only
            // while `lib` is alive (it is moved into the Api below).
            *unsafe { lib.get($name) }.map_err(|e| format!("libheif lacks {}: {e}", stringify!($name)))?
        };
    }
    let get_version: unsafe extern "C" fn() -> *const c_char = sym!(b"heif_get_version\0");
    // SAFETY: heif_get_version returns a static NUL-terminated string.
    let version = unsafe {
        let p = get_version();
        if p.is_null() {
            "unknown".to_string()
        } else {
            CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    };
    // libheif >= 1.13 wants heif_init before use (it loads decoder plugins);
    // older versions have no such function and need nothing.
    // SAFETY: heif_init(NULL) is the documented default initialisation.
    if let Ok(init) = unsafe { lib.get::<unsafe extern "C" fn(*const c_void) -> HeifError>(b"heif_init\0") } {
        let err = unsafe { init(std::ptr::null()) };
        if err.code != 0 {
            return Err(DecodeError(format!("libheif {version} did not initialise: {}", message(&err))));
        }
    }
    let set_size_limit = unsafe { lib.get(b"heif_context_set_maximum_image_size_limit\0") }.ok().map(|s| *s);
    Ok(Api {
        version,
        context_alloc: sym!(b"heif_context_alloc\0"),
        context_free: sym!(b"heif_context_free\0"),
        read_from_memory_without_copy: sym!(b"heif_context_read_from_memory_without_copy\0"),
        primary_image_handle: sym!(b"heif_context_get_primary_image_handle\0"),
        handle_width: sym!(b"heif_image_handle_get_width\0"),
        handle_height: sym!(b"heif_image_handle_get_height\0"),
        handle_release: sym!(b"heif_image_handle_release\0"),
        decode_image: sym!(b"heif_decode_image\0"),
        image_width: sym!(b"heif_image_get_width\0"),
        image_height: sym!(b"heif_image_get_height\0"),
        plane_readonly: sym!(b"heif_image_get_plane_readonly\0"),
        image_release: sym!(b"heif_image_release\0"),
        set_size_limit,
        _lib: lib,
    })
}

fn message(err: &HeifError) -> String {
    if err.message.is_null() {
        return format!("libheif error {}.{}", err.code, err.subcode);
    }
    // SAFETY: libheif's error messages are static NUL-terminated strings or
    // owned by the context, which outlives this call.
    unsafe { CStr::from_ptr(err.message) }.to_string_lossy().into_owned()
}

fn check(err: HeifError) -> Result<(), DecodeError> {
    if err.code == 0 {
        Ok(())
    } else {
        Err(DecodeError(message(&err)))
    }
}

/// A parsed file: the context and its primary image handle, released on drop.
/// Borrows the bytes: libheif reads them in place ("without copy").
struct Primary<'a> {
    api: &'a Api,
    ctx: *mut Ctx,
    handle: *mut Handle,
    _bytes: &'a [u8],
}

impl<'a> Primary<'a> {
    fn open(api: &'a Api, bytes: &'a [u8], max_side: Option<u32>) -> Result<Primary<'a>, DecodeError> {
        // SAFETY: each call follows heif.h: a fresh context, filled from a
        // buffer that `_bytes` keeps borrowed for the context's life.
        unsafe {
            let ctx = (api.context_alloc)();
            if ctx.is_null() {
                return Err("libheif could not allocate a context".into());
            }
            let mut p = Primary { api, ctx, handle: std::ptr::null_mut(), _bytes: bytes };
            if let (Some(limit), Some(side)) = (api.set_size_limit, max_side) {
                limit(ctx, c_int::try_from(side).unwrap_or(c_int::MAX));
            }
            check((api.read_from_memory_without_copy)(ctx, bytes.as_ptr().cast(), bytes.len(), std::ptr::null()))
                .map_err(|e| format!("not a readable HEIF file: {e}"))?;
            let mut handle = std::ptr::null_mut();
            check((api.primary_image_handle)(ctx, &mut handle)).map_err(|e| format!("no primary image: {e}"))?;
            if handle.is_null() {
                return Err("no primary image".into());
            }
            p.handle = handle;
            Ok(p)
        }
    }

    fn size(&self) -> (u32, u32) {
        // SAFETY: a live handle.
        let (w, h) = unsafe { ((self.api.handle_width)(self.handle), (self.api.handle_height)(self.handle)) };
        (u32::try_from(w).unwrap_or(0), u32::try_from(h).unwrap_or(0))
    }
}

impl Drop for Primary<'_> {
    fn drop(&mut self) {
        // SAFETY: released once, handle before its context.
        unsafe {
            if !self.handle.is_null() {
                (self.api.handle_release)(self.handle);
            }
            (self.api.context_free)(self.ctx);
        }
    }
}

/// A decoded image, released on drop.
struct Decoded<'a> {
    api: &'a Api,
    img: *mut Image,
}

impl Drop for Decoded<'_> {
    fn drop(&mut self) {
        // SAFETY: released once.
        unsafe { (self.api.image_release)(self.img) }
    }
}

/// The primary image's size after the container's transformations.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let api = api().ok()?;
    Primary::open(api, bytes, None).ok().map(|p| p.size())
}

/// Decodes the primary image upright, refusing more than `max_pixels`.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage, DecodeError> {
    decode_within(bytes, max_pixels, u32::MAX)
}

/// [`decode`], scaled down (never up) to at most `side` on its longer side
/// straight from libheif's own buffer: a 20 MP photo is never copied whole
/// (the copy was 60 MB of a HEIC's peak).
pub fn decode_within(bytes: &[u8], max_pixels: u64, side: u32) -> Result<DynamicImage, DecodeError> {
    let api = api()?;
    // No side may exceed what the pixel limit allows for a one-pixel-high
    // image; the product is checked below before decoding.
    let max_side = u32::try_from(max_pixels).unwrap_or(u32::MAX);
    let primary = Primary::open(api, bytes, Some(max_side))?;
    let (w, h) = primary.size();
    if w == 0 || h == 0 {
        return Err("the primary image has no size".into());
    }
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(DecodeError(format!("{w}x{h} is over the pixel limit")));
    }
    let mut img = std::ptr::null_mut();
    // AV1: dav1d's threads follow this thread's affinity (see OneCore).
    let _one_core =
        (super::sniff(&bytes[..bytes.len().min(super::SNIFF_LEN)]) == super::Format::Avif).then(OneCore::pin);
    // SAFETY: a live handle; default decoding options (NULL) apply the
    // container's transformations.
    check(unsafe {
        (api.decode_image)(primary.handle, &mut img, COLORSPACE_RGB, CHROMA_INTERLEAVED_RGB, std::ptr::null())
    })
    .map_err(|e| format!("does not decode: {e}"))?;
    if img.is_null() {
        return Err("does not decode: no image".into());
    }
    let decoded = Decoded { api, img };
    let mut stride: c_int = 0;
    // SAFETY: a live image; the plane (if any) stays valid until the image
    // is released, which `decoded` does after the copy below.
    let (pw, ph, data) = unsafe {
        let pw = (api.image_width)(decoded.img, CHANNEL_INTERLEAVED);
        let ph = (api.image_height)(decoded.img, CHANNEL_INTERLEAVED);
        let data = (api.plane_readonly)(decoded.img, CHANNEL_INTERLEAVED, &mut stride);
        (pw, ph, data)
    };
    let (Ok(pw), Ok(ph), Ok(stride)) = (u32::try_from(pw), u32::try_from(ph), usize::try_from(stride)) else {
        return Err("bad plane size".into());
    };
    let row = pw as usize * 3;
    if data.is_null() || pw == 0 || ph == 0 || stride < row {
        return Err("no RGB plane".into());
    }
    if u64::from(pw) * u64::from(ph) > max_pixels {
        return Err(DecodeError(format!("{pw}x{ph} is over the pixel limit")));
    }
    // SAFETY: libheif's plane holds `ph` rows of `stride` bytes each.
    let plane = unsafe { std::slice::from_raw_parts(data, stride * (ph as usize - 1) + row) };
    let (w, h) = super::fit_within(pw, ph, side);
    let rgb =
        if (w, h) != (pw, ph) && stride == row { super::decode::resized_plane(plane, (pw, ph), (w, h)) } else { None };
    let rgb = match rgb {
        Some(small) => small,
        None => {
            let mut rgb = Vec::with_capacity(row * ph as usize);
            for y in 0..ph as usize {
                rgb.extend_from_slice(&plane[y * stride..y * stride + row]);
            }
            // libheif's buffer goes before the copy is resized.
            drop(decoded);
            let whole = RgbImage::from_raw(pw, ph, rgb).ok_or("bad plane size")?;
            super::resize_rgb(whole, w, h)
        }
    };
    Ok(DynamicImage::ImageRgb8(rgb))
}

/// Keeps the calling thread on the core it is running on, until dropped.
///
/// dav1d (libheif's AV1 decoder) starts as many threads as the calling
/// thread may run on, and with more than one it decodes frames in parallel
/// and keeps every coefficient of the frame: a 20 MP AVIF took 142 MB to
/// decode on two cores and 120 MB on one, in the same time (measured). A
/// photo's decode is one worker's job; the other cores are the other
/// worker's and the face check's. Where the affinity cannot be read or set
/// this does nothing.
struct OneCore {
    #[cfg(target_os = "linux")]
    saved: Option<libc::cpu_set_t>,
}

impl OneCore {
    #[cfg(target_os = "linux")]
    fn pin() -> OneCore {
        let size = std::mem::size_of::<libc::cpu_set_t>();
        // SAFETY: cpu_set_t is plain data (all zero is the empty set); the
        // calls read and set this thread's own affinity (pid 0).
        unsafe {
            let mut saved: libc::cpu_set_t = std::mem::zeroed();
            if libc::sched_getaffinity(0, size, &mut saved) != 0 {
                return OneCore { saved: None };
            }
            let Ok(cpu) = usize::try_from(libc::sched_getcpu()) else { return OneCore { saved: None } };
            let mut one: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(cpu, &mut one);
            if libc::sched_setaffinity(0, size, &one) != 0 {
                return OneCore { saved: None };
            }
            OneCore { saved: Some(saved) }
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn pin() -> OneCore {
        OneCore {}
    }
}

impl Drop for OneCore {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Some(saved) = &self.saved {
            // SAFETY: restores this thread's own affinity as it was read.
            unsafe { libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), saved) };
        }
    }
}
