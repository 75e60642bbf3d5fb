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

mod stream;

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

/// Reads from `reader` until `buf` is full or the reader has no more;
/// returns how many bytes were read (fewer than `buf` holds only at the end).
pub fn read_up_to<R: Read + ?Sized>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// fsyncs a folder so a rename or removal in it is durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(feature = "failpoints")]
pub use crate::failpoint::{crash_at, crashed, SimulatedCrash};
pub use crate::failpoint::{failpoint, fault_injected, gate, is_simulated_crash};

/// Encrypts to the configured age recipients.
#[derive(Clone)]
pub struct Sealer {
    recipients: Vec<x25519::Recipient>,
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

impl Sealer {
    /// [`Sealer::seal_stream`] for large files, at the speed of the slowest
    /// of reading, hashing, encrypting and writing rather than of all four
    /// added, in constant memory (see `vault/stream.rs`). The temporary file is
    /// fsynced before it is returned, as with `seal_stream`.
    pub fn seal_stream_parallel(
        &self,
        reader: &mut (dyn Read + Send),
        dir: &Path,
    ) -> io::Result<(tempfile::NamedTempFile, String, u64)> {
        stream::seal(&self.recipients, reader, dir)
    }
}

fn parent(p: &Path) -> io::Result<&Path> {
    p.parent().ok_or_else(|| io::Error::other(format!("{} has no folder", p.display())))
}

/// Writes an owner-only (0600) file durably: a temporary file beside it,
/// synced, then renamed over it and the folder synced. A crash leaves the
/// old file or the new one, never half of one.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().ok_or_else(|| io::Error::other("no folder"))?;
    let mut tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
    io::Write::write_all(&mut tmp, bytes)?;
    tmp.as_file().sync_all()?;
    persist(tmp, path)
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

    /// Our own age writer, read back by the age crate: sizes around age's
    /// 64 KiB chunks and the pipeline's 1 MiB blocks (the last chunk full,
    /// the last block full, a block of one byte, an empty file), for each of
    /// several recipients.
    #[test]
    fn the_parallel_stream_hashes_and_encrypts_like_the_simple_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ids: Vec<_> = (0..2).map(|_| x25519::Identity::generate()).collect();
        let sealer = Sealer::new(ids.iter().map(|i| i.to_public()).collect()).expect("sealer");
        let (k, m) = (64 << 10, 1 << 20);
        for len in [0usize, 1, k - 1, k, k + 1, m - 1, m, m + 1, 2 * m, 5 * m + 12_345] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let (tmp, hash, total) = sealer.seal_stream_parallel(&mut &data[..], dir.path()).expect("seal");
            assert_eq!(total, len as u64);
            assert_eq!(hash, hex::encode(Sha256::digest(&data)));
            let dest = dir.path().join(format!("{len}.age"));
            persist(tmp, &dest).expect("persist");
            for id in &ids {
                assert!(open(&dest, id).expect("open") == data, "{len} bytes");
            }
        }
        let names = std::fs::read_dir(dir.path()).expect("ls").count();
        assert_eq!(names, 10, "no temporary files left");
    }

    /// A reader that fails part way: the error is the reader's own, and no
    /// temporary file is left behind.
    #[test]
    fn a_failing_read_is_reported_as_itself() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::other("the card was pulled out"));
                }
                let n = buf.len().min(self.0);
                buf[..n].fill(1);
                self.0 -= n;
                Ok(n)
            }
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let sealer = Sealer::new(vec![x25519::Identity::generate().to_public()]).expect("sealer");
        for at in [0, 100, 3 << 20] {
            let err = sealer.seal_stream_parallel(&mut Failing(at), dir.path()).expect_err("fails");
            assert_eq!(err.to_string(), "the card was pulled out", "after {at} bytes");
        }
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
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
