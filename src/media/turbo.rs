//! The decode check of ordinary JPEGs (8-bit, Huffman-coded: what cameras
//! and phones write), and the thumbnails' encoding, with libjpeg-turbo, as
//! built by the `mozjpeg` crates from C with the machine's C compiler.
//!
//! Every entropy-coded byte is read whatever the scale, so a damaged file is
//! still found at 1/8. libjpeg only *warns* about damaged data (and fills the
//! rest grey); here the warnings that mean damage fail the decode, as
//! jpeg-decoder's errors did. A fatal libjpeg error unwinds out of the C
//! code (built with unwind tables) and is caught here: it never crosses into
//! the caller as a panic.

// libjpeg's error manager is a C struct of callbacks.
#![allow(unsafe_code)]

use super::coefficients::{Held, Keep, ScratchFailed, Store, IN_MEMORY};
use super::DecodeError;
use image::DynamicImage;
use mozjpeg_sys as ffi;
use std::os::raw::c_int;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

/// The warnings that mean the image data is damaged or cut short. The others
/// (an unknown JFIF version, an odd Adobe transform, a bad ICC profile, a
/// few bytes between segments) leave every pixel decoded.
const DAMAGE: [c_int; 7] = [
    ffi::JWRN_BOGUS_PROGRESSION as c_int,
    ffi::JWRN_HIT_MARKER as c_int,
    ffi::JWRN_HUFF_BAD_CODE as c_int,
    ffi::JWRN_JPEG_EOF as c_int,
    ffi::JWRN_MUST_RESYNC as c_int,
    ffi::JWRN_NOT_SEQUENTIAL as c_int,
    ffi::JWRN_TOO_MUCH_DATA as c_int,
];

/// libjpeg's own words for its current message.
fn message(cinfo: &mut ffi::jpeg_common_struct) -> String {
    // JMSG_LENGTH_MAX in jpeglib.h: format_message writes at most this.
    let mut buf = [0u8; 200];
    // SAFETY: `err` is the error manager this module installed, alive as long
    // as the decompressor; format_message is libjpeg's, which writes at most
    // JMSG_LENGTH_MAX bytes, NUL included (the binding declares the buffer
    // as 80 bytes, hence the pointer cast).
    unsafe {
        let Some(err) = cinfo.err.as_ref() else { return "libjpeg error".into() };
        let Some(format) = err.format_message else { return format!("libjpeg message {}", err.msg_code) };
        let format: unsafe extern "C-unwind" fn(&mut ffi::jpeg_common_struct, *mut u8) = std::mem::transmute(format);
        format(cinfo, buf.as_mut_ptr());
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// libjpeg's fatal error: unwinds to [`decode`]'s `catch_unwind`.
extern "C-unwind" fn fail(cinfo: &mut ffi::jpeg_common_struct) {
    resume_unwind(Box::new(message(cinfo)));
}

/// More bytes than this left over before a marker mean the entropy-coded
/// data did not line up with the image's blocks: libjpeg-turbo's fast
/// Huffman path decodes a bad code as zero without a word, and the damage
/// shows as the bytes it never used. A byte or two of padding before the
/// end-of-image marker is a known encoder quirk in good photos.
const SPARE_BYTES: c_int = 16;

/// libjpeg's warnings (level -1) and traces (0 and up): damage fails.
extern "C-unwind" fn warn(cinfo: &mut ffi::jpeg_common_struct, level: c_int) {
    // SAFETY: as in `message`; for this warning the first integer parameter
    // is the number of bytes skipped.
    let (code, skipped) = unsafe { cinfo.err.as_mut().map_or((0, 0), |e| (e.msg_code, (*e.msg_parm.i())[0])) };
    let spare = code == ffi::JWRN_EXTRANEOUS_DATA as c_int && skipped > SPARE_BYTES;
    if level < 0 && (DAMAGE.contains(&code) || spare) {
        resume_unwind(Box::new(format!("damaged image data: {}", message(cinfo))));
    }
}

fn error_manager() -> ffi::jpeg_error_mgr {
    // SAFETY: jpeg_std_error fills in every field of the zeroed struct.
    let mut err: ffi::jpeg_error_mgr = unsafe { std::mem::zeroed() };
    unsafe { ffi::jpeg_std_error(&mut err) };
    err.error_exit = Some(fail);
    err.emit_message = Some(warn);
    err
}

/// The scale (in eighths) that decodes a longer side of `long` pixels to at
/// least `side` pixels, never larger than the photo.
pub(super) fn eighths(long: u32, side: u32) -> u8 {
    let m = (u64::from(side) * 8).div_ceil(u64::from(long.max(1)));
    m.clamp(1, 8) as u8
}

/// Decodes the JPEG with its longer side at least `side` (or whole), as
/// RGB or grey. Damaged data, an unsupported file or a libjpeg failure is
/// an `Err` in libjpeg's words. A JPEG in several scans keeps up to
/// `memory` bytes of its coefficients in memory (the rest in a sealed
/// scratch file, see `coefficients`); if the file fails, the photo is
/// decoded again with them all in memory only if they fit in `memory`, and
/// otherwise unwinds with [`super::NotNow`].
pub(super) fn decode(bytes: &[u8], side: u32, max_pixels: u64, memory: u64) -> Result<DynamicImage, DecodeError> {
    let keep = Keep { whole_up_to: memory.min(IN_MEMORY), ..Keep::DEFAULT };
    let (image, held) = decode_keeping(bytes, side, max_pixels, keep, memory)?;
    if held != Held::Nowhere {
        // Megabytes of coefficients were just freed: back to the system
        // before the face check needs its own.
        crate::memory::release();
    }
    Ok(image)
}

/// [`decode`], keeping `keep` of a JPEG's coefficients in memory, and all
/// of them if the file fails and they fit in `memory`; and where they were
/// kept.
fn decode_keeping(
    bytes: &[u8],
    side: u32,
    max_pixels: u64,
    keep: Keep,
    memory: u64,
) -> Result<(DynamicImage, Held), DecodeError> {
    match catch_unwind(AssertUnwindSafe(|| decode_inner(bytes, side, max_pixels, keep))) {
        Ok(decoded) => decoded,
        Err(payload) => match payload.downcast::<ScratchFailed>() {
            Ok(failed) if failed.bytes <= memory => {
                // The coefficients' scratch file failed (a full disk, or
                // changed under us): decode again with them all in memory.
                tracing::warn!("decoding the JPEG again in memory: {}", failed.why);
                catch_unwind(AssertUnwindSafe(|| decode_inner(bytes, side, max_pixels, Keep::ALL)))
                    .unwrap_or_else(|payload| Err(failure(payload)))
            }
            // Not the photo's fault: unwound to the decode check, which
            // leaves the photo for later rather than call it damaged.
            Ok(failed) => resume_unwind(Box::new(super::NotNow(format!(
                "its coefficients ({} MiB) need a scratch file, and {}",
                failed.bytes >> 20,
                failed.why
            )))),
            Err(payload) => Err(failure(payload)),
        },
    }
}

/// The error in a libjpeg failure's own words (a "not now" unwinds on).
fn failure(payload: Box<dyn std::any::Any + Send>) -> DecodeError {
    if payload.is::<super::NotNow>() {
        resume_unwind(payload);
    }
    DecodeError(
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
            .unwrap_or_else(|| "the JPEG decoder failed".into()),
    )
}

/// The file, handed to libjpeg a few bytes at a time. libjpeg-turbo's fast
/// Huffman path (taken while a whole MCU's worth of bytes, at least 512, is
/// in its buffer) decodes an invalid code as zero without a word; its
/// careful path warns (`JWRN_HUFF_BAD_CODE`). Short reads keep it on the
/// careful path, for about 7% more time (measured on 12 MP photos at 1/8).
#[repr(C)]
struct Trickle<'a> {
    /// libjpeg's view; first, so that `cinfo.src` is also this struct.
    iface: ffi::jpeg_source_mgr,
    bytes: &'a [u8],
    /// Where the bytes not yet handed over start.
    next: usize,
}

/// Fewer bytes than the smallest MCU's fast-path threshold (one block).
const TRICKLE: usize = 256;

impl<'a> Trickle<'a> {
    fn new(bytes: &'a [u8]) -> Box<Trickle<'a>> {
        Box::new(Trickle {
            iface: ffi::jpeg_source_mgr {
                next_input_byte: std::ptr::null(),
                bytes_in_buffer: 0,
                init_source: Some(nothing),
                fill_input_buffer: Some(fill),
                skip_input_data: Some(skip),
                resync_to_restart: Some(ffi::jpeg_resync_to_restart),
                term_source: Some(nothing),
            },
            bytes,
            next: 0,
        })
    }
}

extern "C-unwind" fn nothing(_: &mut ffi::jpeg_decompress_struct) {}

/// The next few bytes; past the end, libjpeg's damage warning (the file
/// ends inside its image data).
extern "C-unwind" fn fill(cinfo: &mut ffi::jpeg_decompress_struct) -> ffi::boolean {
    // SAFETY: `decode_inner` set `src` to its Trickle, which outlives the
    // decompressor.
    let t = unsafe { &mut *cinfo.src.cast::<Trickle<'_>>() };
    let n = TRICKLE.min(t.bytes.len() - t.next);
    if n == 0 {
        resume_unwind(Box::new(String::from("damaged image data: Premature end of JPEG file")));
    }
    t.iface.next_input_byte = t.bytes[t.next..].as_ptr();
    t.iface.bytes_in_buffer = n;
    t.next += n;
    1
}

extern "C-unwind" fn skip(cinfo: &mut ffi::jpeg_decompress_struct, count: std::os::raw::c_long) {
    let mut count = usize::try_from(count).unwrap_or(0);
    loop {
        // SAFETY: as in `fill` (each pass makes its reference anew: `fill`
        // makes its own).
        let t = unsafe { &mut *cinfo.src.cast::<Trickle<'_>>() };
        if count <= t.iface.bytes_in_buffer {
            // SAFETY: `count` is within the bytes handed over.
            t.iface.next_input_byte = unsafe { t.iface.next_input_byte.add(count) };
            t.iface.bytes_in_buffer -= count;
            return;
        }
        count -= t.iface.bytes_in_buffer;
        t.iface.bytes_in_buffer = 0;
        fill(cinfo);
    }
}

/// More scans than this is a decompression bomb, not a photo: each scan
/// walks every block of a colour (through the scratch file, for a large
/// image), and a valid file can hold hundreds of scans of a few bytes each.
/// Encoders write 2 to about 20 (libjpeg's own `djpeg -maxscans` is the
/// same guard).
const MOST_SCANS: std::os::raw::c_int = 100;

/// libjpeg's progress monitor, here to count the scans.
#[repr(C)]
struct Scans {
    iface: ffi::jpeg_progress_mgr,
    cinfo: *const ffi::jpeg_decompress_struct,
}

#[cfg(test)]
thread_local! {
    /// Test build: this thread's limit (to test it on a small file).
    static MOST_SCANS_HERE: std::cell::Cell<std::os::raw::c_int> = const { std::cell::Cell::new(MOST_SCANS) };
}

extern "C-unwind" fn count_scans(cinfo: &mut ffi::jpeg_common_struct) {
    #[cfg(test)]
    let most = MOST_SCANS_HERE.with(std::cell::Cell::get);
    #[cfg(not(test))]
    let most = MOST_SCANS;
    // SAFETY: `decode_inner` set `progress` to its Scans, pointing at the
    // decompressor, both alive while libjpeg runs.
    let scan = unsafe { (*(*cinfo.progress.cast::<Scans>()).cinfo).input_scan_number };
    if scan > most {
        resume_unwind(Box::new(format!("more than {most} scans: not a photo")));
    }
}

/// The decompressor, destroyed when dropped (after an error too).
struct Decompressor(Box<ffi::jpeg_decompress_struct>);

impl Drop for Decompressor {
    fn drop(&mut self) {
        // SAFETY: made by jpeg_create_decompress; destroy frees its pools.
        unsafe { ffi::jpeg_destroy_decompress(&mut self.0) };
    }
}

fn decode_inner(bytes: &[u8], side: u32, max_pixels: u64, keep: Keep) -> Result<(DynamicImage, Held), DecodeError> {
    // Dropped in reverse order: the decompressor before what it points to.
    let mut err = Box::new(error_manager());
    let mut source = Trickle::new(bytes);
    let mut store = Store::new(keep);
    let mut scans = Box::new(Scans {
        iface: ffi::jpeg_progress_mgr {
            progress_monitor: Some(count_scans),
            pass_counter: 0,
            pass_limit: 0,
            completed_passes: 0,
            total_passes: 0,
        },
        cinfo: std::ptr::null(),
    });
    // SAFETY: a zeroed struct with its error manager set is what
    // jpeg_create_decompress expects.
    let mut d = Decompressor(Box::new(unsafe { std::mem::zeroed() }));
    d.0.common.err = &mut *err;
    unsafe { ffi::jpeg_create_decompress(&mut *d.0) };
    let cinfo = &mut *d.0;
    scans.cinfo = &raw const *cinfo;
    cinfo.src = (&raw mut *source).cast();
    cinfo.common.progress = (&raw mut *scans).cast();
    store.install(cinfo);
    // SAFETY (this call and those below): the decompressor is set up as
    // libjpeg requires, and its failures unwind out of it.
    unsafe { ffi::jpeg_read_header(cinfo, 1) };
    let (w, h) = (cinfo.image_width, cinfo.image_height);
    // The size as libjpeg reads it, whatever another reader made of the
    // header.
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(DecodeError(format!("{w}x{h} pixels as libjpeg reads it, limit {max_pixels}")));
    }
    cinfo.scale_num = u32::from(eighths(w.max(h), side));
    cinfo.scale_denom = 8;
    use ffi::J_COLOR_SPACE::{JCS_CMYK, JCS_GRAYSCALE, JCS_RGB};
    if !matches!(cinfo.out_color_space, JCS_RGB | JCS_CMYK | JCS_GRAYSCALE) {
        cinfo.out_color_space = JCS_RGB;
    }
    unsafe { ffi::jpeg_start_decompress(cinfo) };
    let (w, h, channels) = (cinfo.output_width, cinfo.output_height, cinfo.output_components as usize);
    let row = w as usize * channels;
    let mut px: Vec<u8> = Vec::new();
    if px.try_reserve_exact(row * h as usize).is_err() {
        return Err(DecodeError(format!("out of memory for {w}x{h} pixels")));
    }
    px.resize(row * h as usize, 0);
    // Every scanline, then the end of the data (libjpeg reads to its EOI).
    while cinfo.output_scanline < h {
        let at = cinfo.output_scanline as usize;
        let mut rows: Vec<*mut u8> = px[at * row..].chunks_exact_mut(row).take(16).map(<[u8]>::as_mut_ptr).collect();
        let read = unsafe { ffi::jpeg_read_scanlines(cinfo, rows.as_mut_ptr(), rows.len() as u32) };
        if read == 0 {
            return Err(DecodeError("libjpeg stopped before the last row".into()));
        }
    }
    unsafe { ffi::jpeg_finish_decompress(cinfo) };
    let wrong = || DecodeError("decoded size does not match".into());
    let image = match cinfo.out_color_space {
        JCS_GRAYSCALE => image::GrayImage::from_raw(w, h, px).map(DynamicImage::ImageLuma8).ok_or_else(wrong),
        JCS_CMYK => {
            // libjpeg gives the ink as stored, inverted as Adobe writes it
            // (255 is no ink): each colour is its channel times K.
            let rgb: Vec<u8> = px
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = u16::from(p[3]);
                    [p[0], p[1], p[2]].map(|c| (u16::from(c) * k / 255) as u8)
                })
                .collect();
            image::RgbImage::from_raw(w, h, rgb).map(DynamicImage::ImageRgb8).ok_or_else(wrong)
        }
        _ => image::RgbImage::from_raw(w, h, px).map(DynamicImage::ImageRgb8).ok_or_else(wrong),
    };
    Ok((image?, store.held()))
}

/// Encodes an RGB image as a baseline JPEG at `quality` (libjpeg-turbo's
/// own settings, not MozJPEG's slower search for the smallest file).
pub(super) fn encode(rgb: &image::RgbImage, quality: f32) -> Option<Vec<u8>> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut c = mozjpeg::Compress::new_err(Box::new(error_manager()), mozjpeg::ColorSpace::JCS_RGB);
        c.set_size(rgb.width() as usize, rgb.height() as usize);
        c.set_fastest_defaults();
        c.set_quality(quality);
        let mut c = c.start_compress(Vec::new()).ok()?;
        c.write_scanlines(rgb.as_raw()).ok()?;
        c.finish().ok()
    }))
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests;
