//! Where an export's files go: a folder on this computer (the CLI), or a
//! zip made as it is sent (a download in the browser, never on disk). A
//! subject access pack is written through one, so both front-ends make
//! the same pack.

use super::export::{check_destination, destination, put_stream};
use super::Ctx;
use crate::vault;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Where the files of one export go.
pub trait Sink {
    /// Writes `name` (inside the export; `/` separates folders) whole: the
    /// `size` bytes `r` reads. Returns the file's path as the export
    /// records it.
    fn put(&mut self, name: &str, r: &mut dyn Read, size: u64) -> crate::error::Result<PathBuf>;

    /// [`Sink::put`] of bytes in memory.
    fn put_bytes(&mut self, name: &str, bytes: &[u8]) -> crate::error::Result<PathBuf> {
        self.put(name, &mut &bytes[..], bytes.len() as u64)
    }

    /// Where the export went, as the disclosure log records it.
    fn destination(&self) -> String;

    /// Ends the export (a zip's central directory): nothing more goes.
    fn finish(&mut self) -> crate::error::Result<()>;
}

/// A folder on this computer, owner-only, outside the setting's own folders.
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    /// The folder `dir`, made if need be; refused inside the inbox, data or
    /// quarantine folders.
    pub fn new(ctx: &Ctx<'_>, dir: &Path) -> crate::error::Result<Folder> {
        check_destination(ctx, dir)?;
        vault::private_dir(dir)?;
        Ok(Folder { dir: dir.to_path_buf() })
    }
}

impl Sink for Folder {
    fn put(&mut self, name: &str, r: &mut dyn Read, _size: u64) -> crate::error::Result<PathBuf> {
        let mut dir = self.dir.clone();
        let mut parts: Vec<&str> = name.split('/').collect();
        let file = parts.pop().unwrap_or_default();
        for part in parts {
            dir.push(part);
            vault::private_dir(&dir)?;
        }
        put_stream(&dir, file, r)
    }

    fn destination(&self) -> String {
        destination(&self.dir)
    }

    fn finish(&mut self) -> crate::error::Result<()> {
        Ok(())
    }
}

/// A zip written to `out` as it is made (entries stored: JPEGs do not
/// shrink); `to` says where it went (for the disclosure log).
pub struct ZipOut<W: Write> {
    zip: Option<zip::ZipWriter<zip::write::StreamWriter<W>>>,
    to: String,
}

impl<W: Write> ZipOut<W> {
    pub fn new(out: W, to: &str) -> ZipOut<W> {
        ZipOut { zip: Some(zip::ZipWriter::new_stream(out)), to: to.to_string() }
    }
}

impl<W: Write> Sink for ZipOut<W> {
    fn put(&mut self, name: &str, r: &mut dyn Read, size: u64) -> crate::error::Result<PathBuf> {
        let zip = self.zip.as_mut().ok_or_else(|| crate::error::err!("the zip was finished already"))?;
        // ZIP64 only where it is needed: some unzip tools mishandle it in
        // streamed entries.
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(size >= u64::from(u32::MAX));
        zip.start_file(name, stored)?;
        let sent = std::io::copy(r, zip)?;
        crate::error::ensure!(sent == size, "{name} ended after {sent} of {size} bytes");
        Ok(PathBuf::from(name))
    }

    fn destination(&self) -> String {
        self.to.clone()
    }

    fn finish(&mut self) -> crate::error::Result<()> {
        if let Some(zip) = self.zip.take() {
            zip.finish()?;
        }
        Ok(())
    }
}
