//! Large files sealed at the speed of the slowest of reading, hashing,
//! encrypting and writing, not of all four added.
//!
//! A standard age v1 file, written by a pipeline of our own so that each
//! stage can run on its own core: one thread reads the file into blocks laid
//! out as age's sealed chunks (64 KiB of plaintext, then room for its 16-byte
//! tag), one hashes the plaintext, one encrypts each chunk in place, and one
//! writes the blocks as they come, in 2 MiB pieces past the page cache where
//! the system allows it (see [`Output`]). The blocks (`POOL` of about 1 MiB
//! each) go round and round: memory stays constant whatever the file's
//! size. The file is fsynced before it is handed back.
//!
//! The age crate still makes the recipients' stanzas (`wrap_file_key`); this
//! module writes what it would around them (age's v1 format: the header and
//! its HMAC, the payload nonce, then the STREAM of ChaCha20-Poly1305 chunks),
//! with ring's ChaCha20-Poly1305, which is about 1.7 times as fast here as
//! the one the age crate uses. Reading is left to the age crate: a file
//! written here is checked by it and by the reference `age` tool in tests.

use super::{io, x25519, Read, TEMP_PREFIX};
use age::secrecy::ExposeSecret;
use age_core::format::FileKey;
use base64::Engine as _;
use hmac::Mac as _;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305};
use ring::rand::SecureRandom as _;
use sha2::{Digest as _, Sha256};
use std::fs::File;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use zeroize::Zeroizing;

/// age's chunk of plaintext, and its tag.
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
const SEALED: usize = CHUNK + TAG;
/// Chunks in a block: a block holds 1 MiB of plaintext.
const CHUNKS: usize = 16;
/// Blocks in the pipeline, all stages together: four stages at work and one
/// read ahead (the reader keeps a full block back until it knows whether
/// the file ends with it), with room to spare.
const POOL: usize = 8;
/// Written ciphertext is sent on to the disk every this many bytes while the
/// rest is still being encrypted, so the final fsync has little left to do
/// (every MiB in unit tests, so that they write back too). It also keeps
/// the kernel's dirty pages few: writing a whole GiB before any writeback
/// costs several times the CPU on a virtual machine's disk.
const WRITEBACK_EVERY: u64 = if cfg!(test) { 1 << 20 } else { 64 << 20 };

/// A block of up to `CHUNKS` chunks, laid out as they are written: each
/// chunk's plaintext, encrypted in place, is followed by its tag.
struct Block {
    data: Vec<u8>,
    /// Plaintext bytes in the block; only the last chunk can be short.
    plain: usize,
    /// The index of the block's first chunk in the file.
    first: u64,
    /// The file ends with this block.
    last: bool,
}

impl Block {
    fn new() -> Block {
        Block { data: vec![0; CHUNKS * SEALED], plain: 0, first: 0, last: false }
    }

    /// How many chunks: an empty file still has one (empty, and last).
    fn chunks(&self) -> usize {
        self.plain.div_ceil(CHUNK).max(1)
    }

    /// The plaintext of chunk `i`, wherever it is in `data`.
    fn chunk(&self, i: usize) -> std::ops::Range<usize> {
        let start = i * SEALED;
        start..start + (self.plain - i * CHUNK).min(CHUNK)
    }

    /// The block's bytes as they go into the file, once sealed.
    fn sealed(&self) -> &[u8] {
        &self.data[..self.chunk(self.chunks() - 1).end + TAG]
    }

    /// Fills the block from `reader`, chunk by chunk, until it is full or
    /// the reader has no more; returns the plaintext bytes read.
    fn fill(&mut self, reader: &mut dyn Read) -> io::Result<usize> {
        self.plain = 0;
        self.last = false;
        for i in 0..CHUNKS {
            let start = i * SEALED;
            let filled = super::read_up_to(reader, &mut self.data[start..start + CHUNK])?;
            self.plain += filled;
            if filled < CHUNK {
                break;
            }
        }
        Ok(self.plain)
    }
}

/// What goes before the payload: age's header for the recipients, with its
/// MAC, and the payload nonce; and the payload key they lead to.
struct Prelude {
    bytes: Vec<u8>,
    key: LessSafeKey,
}

/// age's labels for what its keys are derived for.
const HEADER_LABEL: &[u8] = b"header";
const PAYLOAD_LABEL: &[u8] = b"payload";

fn prelude(recipients: &[x25519::Recipient]) -> io::Result<Prelude> {
    if recipients.is_empty() {
        // A header without a stanza is a file nobody can open.
        return Err(io::Error::other("no age recipients to encrypt to"));
    }
    let rng = ring::rand::SystemRandom::new();
    let no_randomness = |_| io::Error::other("no randomness from the system");
    let file_key = FileKey::try_init_with_mut(|k| rng.fill(k)).map_err(no_randomness)?;
    let mut bytes = b"age-encryption.org/v1\n".to_vec();
    for r in recipients {
        let (stanzas, labels) = age::Recipient::wrap_file_key(r, &file_key).map_err(io::Error::other)?;
        // X25519 recipients carry no labels; any would have to agree
        // between recipients, as the age crate checks.
        if !labels.is_empty() {
            return Err(io::Error::other("age recipients with labels are not supported here"));
        }
        for s in stanzas {
            write_stanza(&mut bytes, &s.tag, &s.args, &s.body);
        }
    }
    bytes.extend_from_slice(b"---");
    let key = file_key.expose_secret();
    let mac_key = Zeroizing::new(age_core::primitives::hkdf(&[], HEADER_LABEL, key));
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&*mac_key).map_err(io::Error::other)?;
    mac.update(&bytes);
    bytes.push(b' ');
    bytes.extend_from_slice(B64.encode(mac.finalize().into_bytes()).as_bytes());
    bytes.push(b'\n');
    let mut nonce = [0u8; 16];
    rng.fill(&mut nonce).map_err(no_randomness)?;
    bytes.extend_from_slice(&nonce);
    let payload = Zeroizing::new(age_core::primitives::hkdf(&nonce, PAYLOAD_LABEL, key));
    // ring's key does not wipe itself when dropped; it lives as long as
    // one file's sealing, in this process's memory only.
    let key = UnboundKey::new(&CHACHA20_POLY1305, &*payload).map_err(|_| io::Error::other("payload key"))?;
    Ok(Prelude { bytes, key: LessSafeKey::new(key) })
}

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD_NO_PAD;

/// One recipient stanza: `-> tag args`, then the body in base64 lines of
/// 64 columns, the last one shorter (empty if need be): that short line is
/// how a reader knows the stanza ends.
fn write_stanza(out: &mut Vec<u8>, tag: &str, args: &[String], body: &[u8]) {
    out.extend_from_slice(b"-> ");
    out.extend_from_slice(tag.as_bytes());
    for a in args {
        out.push(b' ');
        out.extend_from_slice(a.as_bytes());
    }
    out.push(b'\n');
    let body = B64.encode(body);
    let mut rest = body.as_bytes();
    loop {
        let (line, more) = rest.split_at(rest.len().min(64));
        out.extend_from_slice(line);
        out.push(b'\n');
        if line.len() < 64 {
            return;
        }
        rest = more;
    }
}

/// age's STREAM nonce for chunk `index`: the index, 11 bytes big-endian,
/// then 1 on the file's last chunk, else 0.
fn chunk_nonce(index: u64, last: bool) -> Nonce {
    let mut n = [0u8; 12];
    n[3..11].copy_from_slice(&index.to_be_bytes());
    n[11] = u8::from(last);
    Nonce::assume_unique_for_key(n)
}

/// What a stage reports when another one stopped first: never the error
/// to show, only its consequence.
#[derive(Debug)]
struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a streaming thread stopped")
    }
}

impl std::error::Error for Stopped {}

fn stopped() -> io::Error {
    io::Error::other(Stopped)
}

fn is_stopped(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Stopped>())
}

/// Seals `reader` for `recipients` into a new temporary file in `dir`;
/// returns it fsynced, with the hex SHA-256 of the plaintext and its length.
pub(super) fn seal(
    recipients: &[x25519::Recipient],
    reader: &mut (dyn Read + Send),
    dir: &Path,
) -> io::Result<(tempfile::NamedTempFile, String, u64)> {
    seal_with(recipients, reader, dir, |file| Output::new(file, true))
}

/// [`seal`], writing through the `Output` that `output` makes of the file.
fn seal_with(
    recipients: &[x25519::Recipient],
    reader: &mut (dyn Read + Send),
    dir: &Path,
    output: impl FnOnce(&File) -> Output<'_> + Send,
) -> io::Result<(tempfile::NamedTempFile, String, u64)> {
    let Prelude { bytes: head, key } = prelude(recipients)?;
    let tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
    let file = tmp.as_file();
    let (free_tx, free_rx) = sync_channel::<Block>(POOL);
    for _ in 0..POOL {
        free_tx.send(Block::new()).map_err(|_| stopped())?;
    }
    let (read_tx, read_rx) = sync_channel::<Block>(2);
    let (hashed_tx, hashed_rx) = sync_channel::<Block>(2);
    let (sealed_tx, sealed_rx) = sync_channel::<Block>(2);
    let (hash, total) = std::thread::scope(|scope| -> io::Result<(String, u64)> {
        let read = scope.spawn(move || read_blocks(reader, &free_rx, &read_tx));
        let hash = scope.spawn(move || hash_blocks(&read_rx, &hashed_tx));
        let write = scope.spawn(move || write_blocks(output(file), &head, &sealed_rx, &free_tx));
        // Encrypts, here.
        let sealed = seal_blocks(&key, &hashed_rx, &sealed_tx);
        drop(sealed_tx); // ends the writing thread's loop, if it was cut short
        drop(hashed_rx);
        // Every thread is joined before any result is looked at.
        let (read, hash, write) = (read.join(), hash.join(), write.join());
        let panicked = |what| move |_| io::Error::other(format!("the {what} thread panicked"));
        let total = read.map_err(panicked("reading")).and_then(|r| r);
        let hash = hash.map_err(panicked("hashing")).and_then(|r| r);
        let write = write.map_err(panicked("writing")).and_then(|r| r);
        match (total, hash, sealed, write) {
            (Ok(total), Ok(hash), Ok(()), Ok(())) => Ok((hash, total)),
            (total, hash, sealed, write) => {
                // The real error, not the "stopped" it caused in the other
                // stages (a stage that fails stops those after it through
                // its channel, and those before it through the pool).
                let errors = [total.err(), hash.err(), sealed.err(), write.err()].into_iter().flatten();
                let (after, real): (Vec<_>, Vec<_>) = errors.partition(is_stopped);
                Err(real.into_iter().chain(after).next().unwrap_or_else(stopped))
            }
        }
    })?;
    Ok((tmp, hash, total))
}

/// Reads the file into blocks from the pool. A full block is held back
/// until the next read says whether the file goes on, so that the last
/// block is always marked (age marks the file's last chunk).
fn read_blocks(reader: &mut (dyn Read + Send), free: &Receiver<Block>, out: &SyncSender<Block>) -> io::Result<u64> {
    let mut total = 0u64;
    let mut chunks = 0u64;
    let mut held: Option<Block> = None;
    loop {
        let mut b = free.recv().map_err(|_| stopped())?;
        let n = b.fill(reader)?;
        total += n as u64;
        if n == 0 {
            // Ends with the block held back, or is empty.
            let mut last = held.take().unwrap_or(b);
            last.first = chunks;
            last.last = true;
            out.send(last).map_err(|_| stopped())?;
            return Ok(total);
        }
        if let Some(mut h) = held.take() {
            h.first = chunks;
            chunks += h.chunks() as u64;
            out.send(h).map_err(|_| stopped())?;
        }
        if n < CHUNKS * CHUNK {
            b.first = chunks;
            b.last = true;
            out.send(b).map_err(|_| stopped())?;
            return Ok(total);
        }
        held = Some(b);
    }
}

fn hash_blocks(input: &Receiver<Block>, out: &SyncSender<Block>) -> io::Result<String> {
    let mut hasher = Sha256::new();
    for b in input {
        for i in 0..b.chunks() {
            hasher.update(&b.data[b.chunk(i)]);
        }
        let last = b.last;
        out.send(b).map_err(|_| stopped())?;
        if last {
            return Ok(hex::encode(hasher.finalize()));
        }
    }
    Err(stopped())
}

fn seal_blocks(key: &LessSafeKey, input: &Receiver<Block>, out: &SyncSender<Block>) -> io::Result<()> {
    for mut b in input {
        let n = b.chunks();
        for i in 0..n {
            let range = b.chunk(i);
            let nonce = chunk_nonce(b.first + i as u64, b.last && i + 1 == n);
            let tag = key
                .seal_in_place_separate_tag(nonce, Aad::empty(), &mut b.data[range.clone()])
                .map_err(|_| io::Error::other("encryption failed"))?;
            b.data[range.end..range.end + TAG].copy_from_slice(tag.as_ref());
        }
        let last = b.last;
        out.send(b).map_err(|_| stopped())?;
        if last {
            return Ok(());
        }
    }
    Err(stopped())
}

/// Writes the prelude, then each block, and hands the blocks back to the
/// pool; fsyncs once the last block is written.
fn write_blocks(mut out: Output<'_>, head: &[u8], input: &Receiver<Block>, free: &SyncSender<Block>) -> io::Result<()> {
    out.write(head)?;
    for b in input {
        out.write(b.sealed())?;
        let last = b.last;
        // The reader may be done already: then the block is just dropped.
        let _ = free.try_send(b);
        if last {
            return out.finish();
        }
    }
    Err(stopped())
}

/// The alignment direct I/O asks of offsets, lengths and memory (a page:
/// enough for disks of 512 and 4096-byte sectors).
const ALIGN: usize = 4096;
/// Bytes gathered before each write.
const STAGE: usize = 2 << 20;

/// Writes the file front to back in aligned pieces of `STAGE` bytes that go
/// straight to the disk (`O_DIRECT`), past the page cache: on this kind of
/// machine that costs a third of the CPU of copying a GiB into the cache and
/// writing it back, and the CPU is what the other stages need. The last
/// piece, which is not a whole number of pages, goes through the cache; the
/// fsync at the end makes all of it durable either way. Where direct I/O is
/// refused (a file system without it, such as tmpfs, or other alignment
/// needs), the same pieces go through the page cache instead, their
/// writeback started as they are written.
struct Output<'f> {
    file: &'f File,
    direct: Option<File>,
    raw: Vec<u8>,
    /// Where the aligned stage starts in `raw`.
    start: usize,
    /// Bytes staged, and the file offset of the first.
    staged: usize,
    at: u64,
    /// With the page cache: up to where writeback has been started.
    sent_on: u64,
    /// Faults the tests inject, by the count of pieces written so far.
    #[cfg(test)]
    pieces: usize,
    #[cfg(test)]
    fault: tests::Fault,
}

impl<'f> Output<'f> {
    fn new(file: &'f File, direct: bool) -> Output<'f> {
        let raw = vec![0u8; STAGE + ALIGN];
        let start = raw.as_ptr().align_offset(ALIGN);
        let direct = if direct { open_direct(file) } else { None };
        Output {
            file,
            direct,
            raw,
            start,
            staged: 0,
            at: 0,
            sent_on: 0,
            #[cfg(test)]
            pieces: 0,
            #[cfg(test)]
            fault: tests::Fault::None,
        }
    }

    fn write(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            let n = bytes.len().min(STAGE - self.staged);
            let to = self.start + self.staged;
            self.raw[to..to + n].copy_from_slice(&bytes[..n]);
            self.staged += n;
            bytes = &bytes[n..];
            if self.staged == STAGE {
                self.flush(STAGE)?;
            }
        }
        Ok(())
    }

    /// Writes the first `len` staged bytes (all of them, or a whole number
    /// of pages) and keeps the rest staged.
    fn flush(&mut self, len: usize) -> io::Result<()> {
        use std::os::unix::fs::FileExt;
        let piece = &self.raw[self.start..self.start + len];
        // The direct write's result, when one is tried.
        #[allow(unused_mut)]
        let mut tried = None;
        #[cfg(test)]
        {
            self.pieces += 1;
            if let Some(e) = self.fault.inject(self.pieces, self.direct.as_ref(), piece, self.at) {
                tried = Some(Err(e));
            }
        }
        if let (Some(d), None) = (&self.direct, &tried) {
            tried = Some(d.write_all_at(piece, self.at));
        }
        match tried {
            Some(Ok(())) => {}
            // Refused (for its alignment, or direct writes are not offered
            // after all), or a short write left the rest out of line: the
            // whole piece again, through the page cache, and so on from here.
            Some(Err(e)) if refusal(&e) => {
                self.direct = None;
                self.cached(len)?;
            }
            Some(Err(e)) => return Err(e),
            None => self.cached(len)?,
        }
        self.raw.copy_within(self.start + len..self.start + self.staged, self.start);
        self.staged -= len;
        self.at += len as u64;
        Ok(())
    }

    /// Writes the first `len` staged bytes through the page cache, and
    /// starts their writeback every `WRITEBACK_EVERY` bytes.
    fn cached(&mut self, len: usize) -> io::Result<()> {
        use std::os::unix::fs::FileExt;
        self.file.write_all_at(&self.raw[self.start..self.start + len], self.at)?;
        let written = self.at + len as u64;
        if written - self.sent_on >= WRITEBACK_EVERY {
            start_writeback(self.file, self.sent_on, written - self.sent_on);
            self.sent_on = written;
        }
        Ok(())
    }

    /// Writes what is left (whole pages directly, the rest through the
    /// cache) and fsyncs the file.
    fn finish(mut self) -> io::Result<()> {
        use std::os::unix::fs::FileExt;
        let pages = self.staged / ALIGN * ALIGN;
        if pages > 0 {
            self.flush(pages)?;
        }
        self.file.write_all_at(&self.raw[self.start..self.start + self.staged], self.at)?;
        self.file.sync_all()
    }
}

/// An error that means "not this way" for a direct write, not "not at all".
fn refusal(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::EINVAL | libc::EOPNOTSUPP))
}

/// A second handle on the temporary file that writes past the page cache,
/// where the system offers one. Opened through the descriptor already held
/// (`/proc/self/fd`), not the file's name, so it is surely the same file.
fn open_direct(file: &File) -> Option<File> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::OpenOptionsExt;
        let fd = format!("/proc/self/fd/{}", file.as_raw_fd());
        std::fs::OpenOptions::new().write(true).custom_flags(libc::O_DIRECT).open(fd).ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        None
    }
}

/// Asks the kernel to start writing `len` bytes of `file` from `offset` to
/// the disk, without waiting for them: the disk works while the rest is
/// encrypted, and the final fsync (which alone makes the file durable) has
/// little left to wait for. (A blocking flush here would stall the whole
/// pipeline for as long as the disk takes.) Elsewhere than Linux, nothing:
/// the final fsync does all of it.
fn start_writeback(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let (Ok(offset), Ok(len)) = (libc::off64_t::try_from(offset), libc::off64_t::try_from(len)) else { return };
        // SAFETY: a valid open descriptor and plain integers; the call only
        // schedules I/O on the file's own pages. Its result is a hint's:
        // durability comes from the fsync after the last write.
        #[allow(unsafe_code)]
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
}

#[cfg(test)]
mod tests;
