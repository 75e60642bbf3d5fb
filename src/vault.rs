//! Where ciphertexts live, and writing them durably.
//!
//! A photo's ciphertext is at a place that follows from its state: the
//! vault (`data/vault/ab/<id>.age`), staging (`data/staging/<id>.age`) or
//! the quarantine (`<quarantine>/<id>.age`); its thumbnail at
//! `data/thumbs/<id>.age`; a child's picture on their tagging button at
//! `data/pictures/<random>.age`. Every write goes to a temporary file in the
//! target folder, is fsynced, renamed into place, and the folder fsynced:
//! after a crash a file is either absent or complete.

use crate::model::PhotoState;
use age::x25519;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The names temporary files start with (recovery removes them).
pub const TEMP_PREFIX: &str = ".cg-tmp-";

/// The on-disk layout of a setup.
#[derive(Debug, Clone)]
pub struct Layout {
    pub data: PathBuf,
    pub quarantine: PathBuf,
}

impl Layout {
    pub fn new(config: &crate::config::Config) -> Layout {
        Layout { data: config.paths.data.clone(), quarantine: config.paths.quarantine.clone() }
    }

    pub fn vault_dir(&self) -> PathBuf {
        self.data.join("vault")
    }
    pub fn staging_dir(&self) -> PathBuf {
        self.data.join("staging")
    }
    pub fn thumbs_dir(&self) -> PathBuf {
        self.data.join("thumbs")
    }

    /// Where the ciphertext of a photo in `state` lives; none once deleted.
    pub fn blob_path(&self, id: &str, state: PhotoState) -> Option<PathBuf> {
        let name = format!("{id}.age");
        match state {
            PhotoState::Stored => Some(self.vault_dir().join(id.get(..2).unwrap_or("00")).join(name)),
            PhotoState::AwaitingTags => Some(self.staging_dir().join(name)),
            PhotoState::Quarantined => Some(self.quarantine.join(name)),
            PhotoState::Deleted => None,
        }
    }

    /// The folder a photo in `state` lives under (the vault's root, not a
    /// shard): where streamed ciphertexts are written before they are named.
    pub fn state_dir(&self, state: PhotoState) -> PathBuf {
        match state {
            PhotoState::Stored => self.vault_dir(),
            PhotoState::AwaitingTags => self.staging_dir(),
            PhotoState::Quarantined | PhotoState::Deleted => self.quarantine.clone(),
        }
    }

    pub fn thumb_path(&self, id: &str) -> PathBuf {
        self.thumbs_dir().join(format!("{id}.age"))
    }

    pub fn faces_dir(&self) -> PathBuf {
        self.data.join("faces")
    }

    /// The encrypted face boxes found in a photo.
    pub fn faces_path(&self, id: &str) -> PathBuf {
        self.faces_dir().join(format!("{id}.age"))
    }

    /// Children's pictures on their tagging buttons (see
    /// [`crate::workflow::picture`]): not photos, so never in
    /// [`Layout::blob_dirs`]; their files are named by the register.
    pub fn pictures_dir(&self) -> PathBuf {
        self.data.join("pictures")
    }

    /// The ciphertext of a child's picture named `file` on the register.
    pub fn picture_path(&self, file: &str) -> PathBuf {
        self.pictures_dir().join(file)
    }

    /// Every folder that holds ciphertexts of photos (for recovery and scans).
    pub fn blob_dirs(&self) -> Vec<PathBuf> {
        vec![self.vault_dir(), self.staging_dir(), self.thumbs_dir(), self.faces_dir(), self.quarantine.clone()]
    }

    /// Creates the folders, owner-only.
    pub fn ensure(&self) -> io::Result<()> {
        for d in [
            self.vault_dir(),
            self.staging_dir(),
            self.thumbs_dir(),
            self.faces_dir(),
            self.pictures_dir(),
            self.quarantine.clone(),
        ] {
            private_dir(&d)?;
        }
        Ok(())
    }
}

/// Creates a folder (and parents) with mode 0700.
pub fn private_dir(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// fsyncs a folder so a rename or removal in it is durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Encrypts to the configured age recipients.
#[derive(Clone)]
pub struct Sealer {
    recipients: Vec<x25519::Recipient>,
}

/// A test-only crash point: when `$CONSENTGATE_FAILPOINT` names this step,
/// the process aborts right here, as a power cut would stop it. Only in
/// builds with the `failpoints` feature, which only the test build has (the
/// crate's dev-dependency on itself turns it on): a release binary never
/// reads the variable.
pub fn failpoint(step: &str) {
    if fault_injected(step) {
        eprintln!("failpoint {step}: aborting");
        std::process::abort();
    }
}

/// A test-only fault: true when `$CONSENTGATE_FAILPOINT` names this step,
/// for steps that fail by returning an error rather than by crashing.
#[cfg(feature = "failpoints")]
pub fn fault_injected(step: &str) -> bool {
    std::env::var("CONSENTGATE_FAILPOINT").is_ok_and(|v| v == step)
}

/// A test-only pause: when `$CONSENTGATE_FAILPOINT` names this step, waits
/// (up to a minute) until the file `$CONSENTGATE_GATE` exists, so that a
/// test can change the register between two steps.
pub fn gate(step: &str) {
    if !fault_injected(step) {
        return;
    }
    let Some(gate) = std::env::var_os("CONSENTGATE_GATE") else { return };
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !Path::new(&gate).exists() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Without the `failpoints` feature there are no faults to inject.
#[cfg(not(feature = "failpoints"))]
#[inline(always)]
pub fn fault_injected(_step: &str) -> bool {
    false
}

impl Sealer {
    pub fn new(recipients: Vec<x25519::Recipient>) -> io::Result<Sealer> {
        if recipients.is_empty() {
            return Err(io::Error::other("no age recipients configured (keys.recipients)"));
        }
        Ok(Sealer { recipients })
    }

    fn encryptor(&self) -> io::Result<age::Encryptor> {
        age::Encryptor::with_recipients(self.recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(io::Error::other)
    }

    /// Encrypts `bytes` into `dest`, atomically and durably (0600).
    pub fn seal_bytes(&self, bytes: &[u8], dest: &Path) -> io::Result<()> {
        let (tmp, _, _) = self.seal_stream(&mut &bytes[..], parent(dest)?)?;
        failpoint("after_temp_write");
        persist(tmp, dest)
    }

    /// Encrypts `bytes` in memory (what leaves the machine encrypted at the
    /// time: the off-site register snapshot).
    pub fn seal_to_vec(&self, bytes: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(bytes.len() + 1024);
        let mut w = self.encryptor()?.wrap_output(&mut out)?;
        w.write_all(bytes)?;
        w.finish()?;
        Ok(out)
    }

    /// Streams `reader` through SHA-256 and age into a temporary file in
    /// `dir`, in constant memory. Returns the fsynced temporary file, the
    /// hex SHA-256 of the plaintext and its length.
    pub fn seal_stream(&self, reader: &mut dyn Read, dir: &Path) -> io::Result<(tempfile::NamedTempFile, String, u64)> {
        let tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
        let mut hasher = Sha256::new();
        let mut total = 0u64;
        {
            let out = BufWriter::with_capacity(1 << 16, tmp.as_file());
            let mut w = self.encryptor()?.wrap_output(out)?;
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                hasher.update(&buf[..n]);
                w.write_all(&buf[..n])?;
                total += n as u64;
            }
            let mut out = w.finish()?;
            out.flush()?;
        }
        tmp.as_file().sync_all()?;
        Ok((tmp, hex::encode(hasher.finalize()), total))
    }
}

/// Chunks the streaming pipeline passes between its threads.
const CHUNK: usize = 1 << 20;
/// Chunks in flight between two stages: with three stages, the pipeline
/// holds at most about 3 x (DEPTH + 1) MiB whatever the file's size.
const DEPTH: usize = 4;
/// Written ciphertext is sent on to the disk every this many bytes while
/// the rest is still being encrypted, so the final fsync has little left
/// (every MiB in unit tests, so that they write back too).
const WRITEBACK_EVERY: u64 = if cfg!(test) { 1 << 20 } else { 64 << 20 };

/// Sends what is written, in `CHUNK`-sized buffers, to the writing thread;
/// buffers come back through `free` to be used again.
struct ChannelWriter {
    buf: Vec<u8>,
    full: std::sync::mpsc::SyncSender<Vec<u8>>,
    free: std::sync::mpsc::Receiver<Vec<u8>>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        let mut next = self.free.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        next.clear();
        let full = std::mem::replace(&mut self.buf, next);
        self.full.send(full).map_err(|_| io::Error::other("the writing thread stopped"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = data.len().min(CHUNK - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == CHUNK {
            self.send()?;
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.send()?;
        }
        Ok(())
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

fn stopped() -> io::Error {
    io::Error::other("a streaming thread stopped")
}

impl Sealer {
    /// [`Sealer::seal_stream`] for large files, at the speed of the slowest
    /// stage rather than of all of them added: one thread reads and hashes,
    /// one encrypts (this one), one writes the ciphertext and starts its writeback to the
    /// disk as it goes; bounded queues of reused 1 MiB buffers between them
    /// keep memory constant. The temporary file is fsynced before it is
    /// returned, as with `seal_stream`.
    pub fn seal_stream_parallel(
        &self,
        reader: &mut (dyn Read + Send),
        dir: &Path,
    ) -> io::Result<(tempfile::NamedTempFile, String, u64)> {
        use std::sync::mpsc::sync_channel;
        let tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
        let file = tmp.as_file();
        let (plain_tx, plain_rx) = sync_channel::<Vec<u8>>(DEPTH);
        let (plain_free_tx, plain_free_rx) = sync_channel::<Vec<u8>>(DEPTH + 2);
        let (sealed_tx, sealed_rx) = sync_channel::<Vec<u8>>(DEPTH);
        let (sealed_free_tx, sealed_free_rx) = sync_channel::<Vec<u8>>(DEPTH + 2);
        let (hash, total) = std::thread::scope(|scope| -> io::Result<(String, u64)> {
            // Reads and hashes.
            let read = scope.spawn(move || -> io::Result<(String, u64)> {
                let mut hasher = Sha256::new();
                let mut total = 0u64;
                loop {
                    let mut buf = plain_free_rx.try_recv().unwrap_or_else(|_| vec![0u8; CHUNK]);
                    buf.resize(CHUNK, 0);
                    let mut filled = 0;
                    while filled < CHUNK {
                        match reader.read(&mut buf[filled..]) {
                            Ok(0) => break,
                            Ok(n) => filled += n,
                            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                            Err(e) => return Err(e),
                        }
                    }
                    if filled == 0 {
                        break;
                    }
                    buf.truncate(filled);
                    hasher.update(&buf);
                    total += filled as u64;
                    plain_tx.send(buf).map_err(|_| stopped())?;
                    if filled < CHUNK {
                        break;
                    }
                }
                Ok((hex::encode(hasher.finalize()), total))
            });
            // Writes, and starts the writeback to the disk as it goes.
            let write = scope.spawn(move || -> io::Result<()> {
                let mut out = file;
                let (mut written, mut sent_on) = (0u64, 0u64);
                for buf in sealed_rx {
                    out.write_all(&buf)?;
                    written += buf.len() as u64;
                    if written - sent_on >= WRITEBACK_EVERY {
                        start_writeback(out, sent_on, written - sent_on);
                        sent_on = written;
                    }
                    let _ = sealed_free_tx.try_send(buf);
                }
                out.sync_all()
            });
            // Encrypts, here.
            let sealed = (|| -> io::Result<()> {
                let sink = ChannelWriter { buf: Vec::with_capacity(CHUNK), full: sealed_tx, free: sealed_free_rx };
                let mut w = self.encryptor()?.wrap_output(sink)?;
                for buf in plain_rx {
                    w.write_all(&buf)?;
                    let _ = plain_free_tx.try_send(buf);
                }
                w.finish()?.flush()
                // the sink is dropped here, which ends the writing thread
            })();
            let read = read.join().map_err(|_| io::Error::other("the reading thread panicked"))?;
            let write = write.join().map_err(|_| io::Error::other("the writing thread panicked"))?;
            // The real error, not the "stopped" it caused in another stage:
            // a stage that fails stops those before it, not those after.
            write?;
            sealed?;
            read
        })?;
        Ok((tmp, hash, total))
    }
}

fn parent(p: &Path) -> io::Result<&Path> {
    p.parent().ok_or_else(|| io::Error::other(format!("{} has no folder", p.display())))
}

/// Renames a sealed temporary file into place and makes it durable.
pub fn persist(tmp: tempfile::NamedTempFile, dest: &Path) -> io::Result<()> {
    let dir = parent(dest)?.to_path_buf();
    tmp.persist(dest).map_err(|e| e.error)?;
    sync_dir(&dir)
}

/// Moves a ciphertext durably, across file systems if need be (copy, fsync,
/// rename, then remove the source).
pub fn move_durable(src: &Path, dst: &Path) -> io::Result<()> {
    let dst_dir = parent(dst)?;
    private_dir(dst_dir)?;
    match std::fs::rename(src, dst) {
        Ok(()) => {}
        Err(e) if e.raw_os_error() == Some(18) => {
            // EXDEV: another file system
            let mut tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dst_dir)?;
            io::copy(&mut File::open(src)?, tmp.as_file_mut())?;
            tmp.as_file().sync_all()?;
            tmp.persist(dst).map_err(|e| e.error)?;
            sync_dir(dst_dir)?;
            std::fs::remove_file(src)?;
        }
        Err(e) => return Err(e),
    }
    sync_dir(dst_dir)?;
    sync_dir(parent(src)?)
}

/// Removes a file durably; a file already gone is fine.
pub fn remove_durable(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => sync_dir(parent(path)?),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Decrypts a ciphertext into a writer, in constant memory.
pub fn open_into(path: &Path, identity: &x25519::Identity, out: &mut dyn Write) -> io::Result<u64> {
    io::copy(&mut open_seekable(path, identity)?, out)
}

/// A decrypting reader over a vault file that can seek (age's stream is
/// in 64 KiB chunks, each authenticated as it is read).
pub fn open_seekable(path: &Path, identity: &x25519::Identity) -> io::Result<impl Read + io::Seek + Send + use<>> {
    decrypting(io::BufReader::new(File::open(path)?), identity)
}

/// age's decrypting reader over `input`, for `identity`.
fn decrypting<R: io::BufRead>(input: R, identity: &x25519::Identity) -> io::Result<age::stream::StreamReader<R>> {
    let decryptor = age::Decryptor::new_buffered(input).map_err(io::Error::other)?;
    decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)).map_err(io::Error::other)
}

/// Decrypts a ciphertext into memory.
pub fn open(path: &Path, identity: &x25519::Identity) -> io::Result<Vec<u8>> {
    open_reader(io::BufReader::new(File::open(path)?), identity)
}

/// Decrypts a ciphertext held in memory.
pub fn open_bytes(ciphertext: &[u8], identity: &x25519::Identity) -> io::Result<Vec<u8>> {
    open_reader(ciphertext, identity)
}

fn open_reader(input: impl io::BufRead, identity: &x25519::Identity) -> io::Result<Vec<u8>> {
    let mut reader = decrypting(input, identity)?;
    let mut out = Vec::new();
    reader.read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_decrypt_and_leave_no_temp_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let id = x25519::Identity::generate();
        let sealer = Sealer::new(vec![id.to_public()]).expect("sealer");
        let dest = dir.path().join("x.age");
        sealer.seal_bytes(b"photo bytes", &dest).expect("seal");
        assert_eq!(open(&dest, &id).expect("open"), b"photo bytes");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x.age")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dest).expect("meta").permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn streams_hash_while_encrypting() {
        let dir = tempfile::tempdir().expect("tempdir");
        let id = x25519::Identity::generate();
        let sealer = Sealer::new(vec![id.to_public()]).expect("sealer");
        let data = vec![7u8; 300_000];
        let (tmp, hash, len) = sealer.seal_stream(&mut &data[..], dir.path()).expect("seal");
        assert_eq!(len, 300_000);
        assert_eq!(hash, hex::encode(Sha256::digest(&data)));
        let dest = dir.path().join("y.age");
        persist(tmp, &dest).expect("persist");
        assert_eq!(open(&dest, &id).expect("open"), data);
    }

    #[test]
    fn the_parallel_stream_hashes_and_encrypts_like_the_simple_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let id = x25519::Identity::generate();
        let sealer = Sealer::new(vec![id.to_public()]).expect("sealer");
        // Not a multiple of the chunk size, and more than several chunks.
        for len in [0usize, 1, CHUNK - 1, CHUNK, 5 * CHUNK + 12_345] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let (tmp, hash, total) = sealer.seal_stream_parallel(&mut &data[..], dir.path()).expect("seal");
            assert_eq!(total, len as u64);
            assert_eq!(hash, hex::encode(Sha256::digest(&data)));
            let dest = dir.path().join(format!("{len}.age"));
            persist(tmp, &dest).expect("persist");
            assert_eq!(open(&dest, &id).expect("open"), data, "{len} bytes");
        }
    }

    #[test]
    fn blob_paths_follow_the_state() {
        let l = Layout { data: "/d".into(), quarantine: "/q".into() };
        assert_eq!(l.blob_path("abcdef", PhotoState::Stored), Some(PathBuf::from("/d/vault/ab/abcdef.age")));
        assert_eq!(l.blob_path("abcdef", PhotoState::AwaitingTags), Some(PathBuf::from("/d/staging/abcdef.age")));
        assert_eq!(l.blob_path("abcdef", PhotoState::Quarantined), Some(PathBuf::from("/q/abcdef.age")));
        assert_eq!(l.blob_path("abcdef", PhotoState::Deleted), None);
    }

    #[test]
    fn no_recipients_is_an_error() {
        assert!(Sealer::new(vec![]).is_err());
    }
}
