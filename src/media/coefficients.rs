//! Where libjpeg keeps the coefficients of a JPEG that comes in several
//! scans (progressive, as web and editing tools write): every coefficient of
//! the image, from the first scan to the last, 2 bytes a sample (300 MB for
//! a 100 MP photo). libjpeg's memory manager holds them whole (it is built
//! without a backing store); here its three virtual-array methods are
//! replaced, as its design allows, by a store that keeps an array whole when
//! it is small, and otherwise a window of rows in memory and the rest in a
//! scratch file.
//!
//! The scratch file has no name (it is unlinked as it is made, so a crash
//! leaves nothing) and holds nothing in plaintext: each row is sealed with
//! AES-256-GCM under a key made for this one decode and kept only in
//! memory, with a fresh nonce every time it is written. A row that does not
//! open (changed on disk, or an old copy put back) fails the store, and the
//! decode is made again in memory: the face check sees only the
//! coefficients this process wrote.
//!
//! libjpeg walks each array a row of blocks at a time, top to bottom, once
//! per scan that covers its colour and once more to make the pixels, so the
//! file is read and written in order (through the page cache, not this
//! process's memory).

// libjpeg's memory manager is a C struct of callbacks.
#![allow(unsafe_code)]

use mozjpeg_sys as ffi;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use std::fs::File;
use std::os::raw::{c_int, c_void};
use std::os::unix::fs::FileExt;
use std::panic::resume_unwind;

/// Arrays whose coefficients come to at most this many bytes in all are
/// kept whole in memory (a progressive photo of up to about 16 MP).
pub(crate) const IN_MEMORY: u64 = 48 << 20;

/// An array kept in a file keeps at least this many bytes of rows in memory
/// (more rows than libjpeg asks for at once, so that moving down the image
/// reads each row once).
const WINDOW: usize = 4 << 20;

/// How much of the coefficients the store keeps in memory.
#[derive(Debug, Clone, Copy)]
pub(super) struct Keep {
    /// All of them when they come to at most this many bytes.
    pub(super) whole_up_to: u64,
    /// Otherwise at least this many bytes of each array's rows.
    pub(super) window: usize,
    /// Test build: change a byte of the file after its first write, as
    /// something else on the machine could.
    #[cfg(test)]
    pub(super) tamper: bool,
}

impl Keep {
    pub(super) const DEFAULT: Keep = Keep {
        whole_up_to: IN_MEMORY,
        window: WINDOW,
        #[cfg(test)]
        tamper: false,
    };
    /// Everything in memory, with no file (when the file failed).
    pub(super) const ALL: Keep = Keep { whole_up_to: u64::MAX, ..Keep::DEFAULT };
    /// Test build: as little as libjpeg allows in memory.
    #[cfg(test)]
    pub(super) const LEAST: Keep = Keep { whole_up_to: 0, window: 0, ..Keep::DEFAULT };
}

/// A block of 64 coefficients, aligned as libjpeg aligns its own.
#[repr(C, align(32))]
#[derive(Clone, Copy)]
struct Block([i16; 64]);

const BLOCK: usize = std::mem::size_of::<Block>();

/// Each row has one block more than the image's: the row's tag when it is
/// sealed (so a row and its tag are one run of bytes, in memory and on disk).
const TAG: usize = 16;

#[cfg(test)]
thread_local! {
    /// Test build: the most rows this thread's decodes read at once.
    pub(super) static WIDEST_READ: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Test build: the bytes of coefficients this thread's last decode had.
    pub(super) static LAST_TOTAL: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Why the store's file failed, and the bytes of coefficients the image
/// has: the decode may be made again with them all in memory if the
/// caller's share of memory holds them.
#[derive(Debug)]
pub(super) struct ScratchFailed {
    pub(super) why: String,
    pub(super) bytes: u64,
}

fn scratch_failed(bytes: u64, what: impl std::fmt::Display) -> ! {
    resume_unwind(Box::new(ScratchFailed { why: what.to_string(), bytes }))
}

/// Where scratch files are made: the setting's data folder once ingest
/// has opened it (on disk, beside the vault: a `/tmp` in memory would
/// hold the coefficients in memory after all), else `$TMPDIR`.
static SCRATCH_DIR: std::sync::RwLock<Option<std::path::PathBuf>> = std::sync::RwLock::new(None);

/// Makes scratch files in `dir` from now on.
pub fn scratch_in(dir: &std::path::Path) {
    *SCRATCH_DIR.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(dir.to_path_buf());
}

/// libjpeg's own error for a bad use of a virtual array (its words).
fn bad_access() -> ! {
    resume_unwind(Box::new(String::from("bogus virtual array access")))
}

/// One virtual array of blocks, as libjpeg asked for it.
struct Array {
    /// Blocks a row, and rows.
    blocks: usize,
    rows: usize,
    /// The most rows libjpeg asks for at once.
    most: usize,
    /// `in_memory` rows of `blocks + 1` blocks (the last block holds the
    /// row's tag while it is sealed), and a pointer to each for libjpeg.
    window: Vec<Block>,
    pointers: Vec<ffi::JBLOCKROW>,
    in_memory: usize,
    /// The first row in the window.
    first: usize,
    /// Rows from here down have never been written (they read as zeros).
    first_undefined: usize,
    dirty: bool,
    /// Where in the file the array starts, and the nonce each row was last
    /// sealed with (0 for a row never written to the file).
    offset: u64,
    sealed: Vec<u64>,
}

/// The bytes an array of `rows` rows of `blocks` blocks takes in the store
/// (in memory when whole, and in the file): each row one block longer, for
/// its tag.
pub(super) fn array_bytes(blocks: u64, rows: u64) -> u64 {
    rows * (blocks + 1) * BLOCK as u64
}

impl Array {
    fn stride(&self) -> usize {
        (self.blocks + 1) * BLOCK
    }

    fn size(&self) -> u64 {
        array_bytes(self.blocks as u64, self.rows as u64)
    }

    /// The window's rows `from..to` (window-relative), tags included, as bytes.
    fn bytes(&mut self, from: usize, to: usize) -> &mut [u8] {
        let per = self.blocks + 1;
        let blocks = &mut self.window[from * per..to * per];
        // SAFETY: Block is 128 bytes of i16 with no padding; any bytes are
        // a valid Block, and the slice's bytes are exactly its blocks.
        unsafe { std::slice::from_raw_parts_mut(blocks.as_mut_ptr().cast::<u8>(), std::mem::size_of_val(blocks)) }
    }
}

/// Where a decode kept its coefficients: nowhere (a JPEG in one scan),
/// all in memory, or a window of them in memory and the rest in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Held {
    Nowhere,
    Memory,
    File,
}

/// The scratch file and its key.
struct Sealed {
    file: File,
    key: LessSafeKey,
    next_nonce: u64,
    /// The image's coefficients, in bytes (for [`ScratchFailed`]).
    total: u64,
    #[cfg(test)]
    tamper: bool,
}

impl Sealed {
    fn new(_keep: Keep, total: u64) -> std::io::Result<Sealed> {
        use ring::rand::SecureRandom;
        let mut key = [0u8; 32];
        ring::rand::SystemRandom::new()
            .fill(&mut key)
            .map_err(|_| std::io::Error::other("no random numbers for the scratch file's key"))?;
        let key = UnboundKey::new(&AES_256_GCM, &key).map_err(|_| std::io::Error::other("key"))?;
        // jpeg_scratch_short: as if the disk were full and the share short.
        if crate::failpoint::fault_injected("jpeg_scratch") || crate::failpoint::fault_injected("jpeg_scratch_short") {
            return Err(std::io::Error::other("failpoint jpeg_scratch"));
        }
        let dir = SCRATCH_DIR.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        Ok(Sealed {
            file: dir.map_or_else(tempfile::tempfile, tempfile::tempfile_in)?,
            key: LessSafeKey::new(key),
            next_nonce: 1,
            total,
            #[cfg(test)]
            tamper: _keep.tamper,
        })
    }

    fn nonce(n: u64) -> Nonce {
        let mut bytes = [0u8; 12];
        bytes[4..].copy_from_slice(&n.to_le_bytes());
        Nonce::assume_unique_for_key(bytes)
    }

    /// Seals the window's rows (from `row` on, window-relative `at`) and
    /// writes them.
    fn write(&mut self, a: &mut Array, at: usize, row: usize, count: usize) {
        let (stride, len) = (a.stride(), a.blocks * BLOCK);
        for i in 0..count {
            let n = self.next_nonce;
            self.next_nonce += 1;
            let bytes = a.bytes(at + i, at + i + 1);
            let (data, tag) = bytes.split_at_mut(len);
            let sealed = self.key.seal_in_place_separate_tag(Self::nonce(n), Aad::empty(), data);
            let Ok(sealed) = sealed else { scratch_failed(self.total, "sealing a row failed") };
            tag[..TAG].copy_from_slice(sealed.as_ref());
            a.sealed[row + i] = n;
        }
        let offset = a.offset + (row * stride) as u64;
        if let Err(e) = self.file.write_all_at(a.bytes(at, at + count), offset) {
            scratch_failed(self.total, format_args!("writing the decoder's scratch file: {e}"));
        }
        #[cfg(test)]
        if std::mem::take(&mut self.tamper) {
            let mut byte = [0u8];
            self.file.read_exact_at(&mut byte, offset).expect("read");
            self.file.write_all_at(&[byte[0] ^ 1], offset).expect("write");
        }
    }

    /// Reads the rows and opens each in place.
    fn read(&self, a: &mut Array, at: usize, row: usize, count: usize) {
        let (stride, len) = (a.stride(), a.blocks * BLOCK);
        let offset = a.offset + (row * stride) as u64;
        if let Err(e) = self.file.read_exact_at(a.bytes(at, at + count), offset) {
            scratch_failed(self.total, format_args!("reading the decoder's scratch file: {e}"));
        }
        for i in 0..count {
            let n = a.sealed[row + i];
            let bytes = a.bytes(at + i, at + i + 1);
            if self.key.open_in_place(Self::nonce(n), Aad::empty(), &mut bytes[..len + TAG]).is_err() {
                scratch_failed(self.total, "a row of the decoder's scratch file does not open: changed while in use");
            }
        }
    }
}

/// The store of one decode: what libjpeg asked for and where it is kept.
pub(super) struct Store {
    /// libjpeg knows each array by its place here, plus one (never null).
    arrays: Vec<Array>,
    keep: Keep,
    sealed: Option<Sealed>,
    realized: bool,
    realize_others: Option<unsafe extern "C-unwind" fn(&mut ffi::jpeg_common_struct)>,
}

impl Store {
    pub(super) fn new(keep: Keep) -> Box<Store> {
        Box::new(Store { arrays: Vec::new(), keep, sealed: None, realized: false, realize_others: None })
    }

    /// Puts the store in place of libjpeg's virtual arrays of blocks, for
    /// this decompressor. `self` must outlive `cinfo`'s use (destroy the
    /// decompressor first).
    pub(super) fn install(self: &mut Box<Store>, cinfo: &mut ffi::jpeg_decompress_struct) {
        // SAFETY: jpeg_create_decompress made the memory manager; its
        // methods may be replaced before the image's arrays are asked for.
        let mem = unsafe { &mut *cinfo.common.mem };
        self.realize_others = mem.realize_virt_arrays;
        mem.request_virt_barray = Some(request);
        mem.realize_virt_arrays = Some(realize);
        mem.access_virt_barray = Some(access);
        // Last: the store is used only through this pointer from here on.
        cinfo.common.client_data = (&raw mut **self).cast::<c_void>();
    }

    /// Where this decode kept its coefficients.
    pub(super) fn held(&self) -> Held {
        match (self.arrays.is_empty(), self.sealed.is_some()) {
            (true, _) => Held::Nowhere,
            (false, false) => Held::Memory,
            (false, true) => Held::File,
        }
    }
}

/// The store installed on `cinfo`.
fn store(cinfo: &mut ffi::jpeg_common_struct) -> &mut Store {
    // SAFETY: `install` put a live Store there, which outlives the
    // decompressor; libjpeg calls these methods on one thread.
    unsafe { &mut *cinfo.client_data.cast::<Store>() }
}

unsafe extern "C-unwind" fn request(
    cinfo: &mut ffi::jpeg_common_struct,
    pool: c_int,
    _pre_zero: ffi::boolean,
    blocks: ffi::JDIMENSION,
    rows: ffi::JDIMENSION,
    most: ffi::JDIMENSION,
) -> *mut ffi::jvirt_barray_control {
    let s = store(cinfo);
    if s.realized || pool != ffi::JPOOL_IMAGE as c_int {
        bad_access();
    }
    let (blocks, rows) = (blocks as usize, rows as usize);
    s.arrays.push(Array {
        blocks,
        rows,
        most: (most as usize).clamp(1, rows.max(1)),
        window: Vec::new(),
        pointers: Vec::new(),
        in_memory: 0,
        first: 0,
        first_undefined: 0,
        dirty: false,
        offset: 0,
        sealed: vec![0; rows],
    });
    std::ptr::without_provenance_mut(s.arrays.len())
}

unsafe extern "C-unwind" fn realize(cinfo: &mut ffi::jpeg_common_struct) {
    let others = store(cinfo).realize_others;
    if let Some(others) = others {
        // SAFETY: libjpeg's own method, for the arrays it still keeps.
        unsafe { others(cinfo) };
    }
    let s = store(cinfo);
    if s.realized {
        return;
    }
    s.realized = true;
    let total: u64 = s.arrays.iter().map(Array::size).sum();
    #[cfg(test)]
    LAST_TOTAL.with(|t| t.set(total));
    if total > s.keep.whole_up_to {
        match Sealed::new(s.keep, total) {
            Ok(sealed) => {
                tracing::debug!(bytes = total, "the JPEG's coefficients go to a sealed scratch file but for a window");
                s.sealed = Some(sealed);
            }
            Err(e) => scratch_failed(total, format_args!("no scratch file for the JPEG's coefficients: {e}")),
        }
    }
    let mut offset = 0u64;
    for a in &mut s.arrays {
        a.in_memory = if s.sealed.is_some() { (s.keep.window / a.stride()).max(a.most).min(a.rows) } else { a.rows };
        let blocks = a.in_memory * (a.blocks + 1);
        if a.window.try_reserve_exact(blocks).is_err() {
            // The machine's fault, not the photo's: not now.
            resume_unwind(Box::new(super::NotNow("there was no memory for the JPEG's coefficients".into())));
        }
        a.window.resize(blocks, Block([0; 64]));
        let base = a.window.as_mut_ptr();
        // SAFETY: each pointer is to the start of a row inside `window`,
        // which is not resized again while libjpeg holds them.
        a.pointers = (0..a.in_memory).map(|r| unsafe { base.add(r * (a.blocks + 1)) }.cast()).collect();
        a.offset = offset;
        offset += a.size();
    }
}

unsafe extern "C-unwind" fn access(
    cinfo: &mut ffi::jpeg_common_struct,
    array: *mut ffi::jvirt_barray_control,
    start: ffi::JDIMENSION,
    count: ffi::JDIMENSION,
    writable: ffi::boolean,
) -> ffi::JBLOCKARRAY {
    let s = store(cinfo);
    let (start, count, writable) = (start as usize, count as usize, writable != 0);
    let end = start + count;
    let Some(a) = (array as usize).checked_sub(1).and_then(|i| s.arrays.get_mut(i)) else { bad_access() };
    if end > a.rows || count > a.most || a.pointers.is_empty() {
        bad_access();
    }
    if start < a.first || end > a.first + a.in_memory {
        let Some(sealed) = s.sealed.as_mut() else { bad_access() };
        let defined = |a: &Array, from: usize| {
            let to = (a.first + a.in_memory).min(a.first_undefined).min(a.rows);
            (from, to.saturating_sub(from))
        };
        if a.dirty {
            let (row, n) = defined(a, a.first);
            sealed.write(a, 0, row, n);
            a.dirty = false;
        }
        a.first = if start > a.first { start } else { end.saturating_sub(a.in_memory) };
        // Rows that were written come back; the rest are defined when
        // first written (below).
        let (row, n) = defined(a, a.first);
        let kept = (0..n).take_while(|i| a.sealed[row + i] != 0).count();
        sealed.read(a, 0, row, kept);
        a.bytes(kept, n).fill(0);
    }
    if a.first_undefined < end {
        if a.first_undefined < start && writable {
            bad_access();
        }
        let from = a.first_undefined.max(start);
        if writable {
            a.first_undefined = end;
        }
        // As libjpeg's pre-zeroed arrays: rows never written read as zeros.
        let first = a.first;
        a.bytes(from - first, end - first).fill(0);
    }
    if writable {
        a.dirty = true;
    }
    #[cfg(test)]
    if !writable {
        WIDEST_READ.with(|w| w.set(w.get().max(count)));
    }
    // SAFETY: start - first + count <= in_memory, checked above.
    unsafe { a.pointers.as_mut_ptr().add(start - a.first) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// A decompressor's common part, as far as the store reads it.
    fn cinfo(store: &mut Box<Store>) -> ffi::jpeg_common_struct {
        // SAFETY: a zeroed struct is valid C data; the store reads only
        // `client_data` (and `mem`, in `install`, which is not called).
        let mut c: ffi::jpeg_common_struct = unsafe { std::mem::zeroed() };
        c.client_data = (&mut **store as *mut Store).cast();
        c
    }

    /// The value the model puts in coefficient `k` of block `b` of row `r`
    /// on `pass`.
    fn value(pass: usize, r: usize, b: usize, k: usize) -> i16 {
        ((pass * 7919 + r * 131 + b * 17 + k) % 30011) as i16
    }

    /// libjpeg's order, with `most` rows at a time: each pass writes every
    /// row top to bottom (a scan), then the rows are read as the smoothing
    /// output does (two rows back, up to five), and each read row must hold
    /// its last pass's values. The array's rows live in a file but for a
    /// window of `most` rows.
    #[test]
    fn rows_kept_in_a_file_come_back_as_written() {
        for (blocks, rows, v) in [(3usize, 37usize, 2usize), (1, 5, 1), (4, 16, 1)] {
            let mut store = Store::new(Keep::LEAST);
            let mut c = cinfo(&mut store);
            let most = (5 * v) as u32;
            // SAFETY (these calls): the store's methods on its own cinfo.
            let a = unsafe { request(&mut c, ffi::JPOOL_IMAGE as c_int, 1, blocks as u32, rows as u32, most) };
            let other = unsafe { request(&mut c, ffi::JPOOL_IMAGE as c_int, 1, 2, rows as u32, most) };
            unsafe { realize(&mut c) };
            assert_eq!(store.held(), Held::File);
            let row = |p: ffi::JBLOCKARRAY, i: usize| unsafe { std::slice::from_raw_parts_mut(*p.add(i), blocks) };
            for pass in 1..=3 {
                for r in (0..rows).step_by(v) {
                    let n = v.min(rows - r);
                    let p = unsafe { access(&mut c, a, r as u32, n as u32, 1) };
                    for i in 0..n {
                        if pass == 1 {
                            assert!(row(p, i).iter().all(|b| b.iter().all(|&x| x == 0)), "new rows are zeros");
                        }
                        for (b, block) in row(p, i).iter_mut().enumerate() {
                            *block = std::array::from_fn(|k| value(pass, r + i, b, k));
                        }
                    }
                    // The other array is written in step, as an interleaved scan does.
                    unsafe { access(&mut c, other, r as u32, n as u32, 1) };
                }
            }
            for r in (0..rows).step_by(v) {
                let back = r.saturating_sub(2 * v);
                let n = (r + 3 * v).min(rows) - back;
                let p = unsafe { access(&mut c, a, back as u32, n as u32, 0) };
                for i in 0..n {
                    for (b, block) in row(p, i).iter().enumerate() {
                        assert_eq!(block[5], value(3, back + i, b, 5), "row {} block {b}", back + i);
                        assert_eq!(block[63], value(3, back + i, b, 63));
                    }
                }
            }
            // Nothing in the file is in plaintext: no block as written.
            let file = &store.sealed.as_ref().expect("a file").file;
            let mut on_disk = Vec::new();
            std::io::Read::read_to_end(&mut file.try_clone().expect("file"), &mut on_disk).expect("read");
            let window = most as usize;
            assert!(on_disk.len() >= rows.saturating_sub(window) * (blocks + 1) * BLOCK, "rows went to the file");
            if rows > window {
                let plain: Vec<u8> = (0..64).flat_map(|k| value(3, 1, 0, k).to_ne_bytes()).collect();
                assert!(!on_disk.windows(plain.len()).any(|w| w == plain), "a block in plaintext");
            }
            // Asking for more rows than declared, or past the end, is
            // libjpeg's error, not a read out of bounds.
            for (start, count) in [(0, most + 1), (rows as u32 - 1, 2)] {
                let asked = catch_unwind(AssertUnwindSafe(|| unsafe { access(&mut c, a, start, count, 0) }));
                let why = asked.expect_err("refused");
                assert_eq!(why.downcast_ref::<String>().map(String::as_str), Some("bogus virtual array access"));
            }
        }
    }

    #[test]
    fn a_row_changed_in_the_file_fails_the_store() {
        let mut store = Store::new(Keep { tamper: true, ..Keep::LEAST });
        let mut c = cinfo(&mut store);
        // SAFETY (these calls): as above.
        let a = unsafe { request(&mut c, ffi::JPOOL_IMAGE as c_int, 1, 2, 8, 1) };
        unsafe { realize(&mut c) };
        for r in 0..8 {
            unsafe { access(&mut c, a, r, 1, 1) };
        }
        let why = catch_unwind(AssertUnwindSafe(|| unsafe { access(&mut c, a, 0, 1, 0) })).expect_err("fails");
        let why = why.downcast::<ScratchFailed>().expect("the store's failure");
        assert!(why.why.contains("does not open"), "{why:?}");
    }

    #[test]
    fn an_array_within_the_limit_is_kept_whole_with_no_file() {
        let mut store = Store::new(Keep::DEFAULT);
        let mut c = cinfo(&mut store);
        // SAFETY (these calls): as above.
        let a = unsafe { request(&mut c, ffi::JPOOL_IMAGE as c_int, 1, 100, 200, 10) };
        unsafe { realize(&mut c) };
        assert_eq!(store.held(), Held::Memory);
        for r in (0..200).step_by(10) {
            let p = unsafe { access(&mut c, a, r, 10, 1) };
            unsafe { (**p)[0] = r as i16 };
        }
        for r in [150u32, 40, 190] {
            let p = unsafe { access(&mut c, a, r, 10, 0) };
            assert_eq!(unsafe { (**p)[0] }, r as i16);
        }
        // Writing past rows never written (a scan skipping rows) is
        // libjpeg's error too.
        let mut store = Store::new(Keep::DEFAULT);
        let mut c = cinfo(&mut store);
        let a = unsafe { request(&mut c, ffi::JPOOL_IMAGE as c_int, 1, 100, 200, 10) };
        unsafe { realize(&mut c) };
        assert!(catch_unwind(AssertUnwindSafe(|| unsafe { access(&mut c, a, 20, 10, 1) })).is_err());
    }
}
