//! The bucket, through `object_store`'s S3 client (signing, retries, TLS
//! with rustls and ring): one setting's prefix of it, the credentials, and
//! uploads and downloads that count only once size and checksum match.

use super::local::{etag_of, PART_SIZE};
use super::plan::{normalize_etag, RemoteObject};
use crate::config::Offsite;
use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The environment variables the access key is read from when the config
/// names no credentials file (the names every S3 tool uses).
pub const ACCESS_KEY_ENV: &str = "AWS_ACCESS_KEY_ID";
pub const SECRET_KEY_ENV: &str = "AWS_SECRET_ACCESS_KEY";
pub const SESSION_TOKEN_ENV: &str = "AWS_SESSION_TOKEN";

/// An access key for the bucket.
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("access_key_id", &self.access_key_id).finish_non_exhaustive()
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialsFile {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// From `offsite.credentials_file` (refused unless only its owner can
    /// read it), else from the environment.
    pub fn load(cfg: &Offsite) -> Result<Credentials, StoreSetupError> {
        if cfg.credentials_file.as_os_str().is_empty() {
            return Self::from_env(|k| std::env::var(k).ok());
        }
        Self::from_file(&cfg.credentials_file)
    }

    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Credentials, StoreSetupError> {
        let get = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        match (get(ACCESS_KEY_ENV), get(SECRET_KEY_ENV)) {
            (Some(access_key_id), Some(secret_access_key)) => {
                Ok(Credentials { access_key_id, secret_access_key, session_token: get(SESSION_TOKEN_ENV) })
            }
            _ => Err(StoreSetupError::NoAccessKey),
        }
    }

    pub fn from_file(path: &Path) -> Result<Credentials, StoreSetupError> {
        let bad = |why: String| StoreSetupError::CredentialsFile { path: path.to_path_buf(), why };
        let file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = file.metadata().map_err(|e| bad(e.to_string()))?.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(bad(format!(
                    "mode {mode:04o} lets others read the bucket's secret key; refusing it. Make it owner-only: \
                     chmod 600 {}",
                    path.display()
                )));
            }
        }
        let mut text = String::new();
        std::io::BufReader::new(file).read_to_string(&mut text).map_err(|e| bad(e.to_string()))?;
        let f: CredentialsFile = toml::from_str(&text).map_err(|e| {
            bad(format!("{} (expected access_key_id = \"…\" and secret_access_key = \"…\")", e.message()))
        })?;
        if f.access_key_id.trim().is_empty() || f.secret_access_key.trim().is_empty() {
            return Err(bad("access_key_id and secret_access_key must not be empty".into()));
        }
        Ok(Credentials {
            access_key_id: f.access_key_id,
            secret_access_key: f.secret_access_key,
            session_token: f.session_token,
        })
    }
}

/// Why the off-site store cannot be reached as configured: the config's or
/// the credentials' to mend.
#[derive(Debug, thiserror::Error)]
pub enum StoreSetupError {
    #[error("no off-site store is configured: set [offsite] endpoint, bucket and prefix in the config")]
    NotConfigured,
    #[error(
        "no access key for the off-site store: set {ACCESS_KEY_ENV} and {SECRET_KEY_ENV}, or name a file (mode \
         0600) in offsite.credentials_file"
    )]
    NoAccessKey,
    #[error("offsite.credentials_file {}: {why}", path.display())]
    CredentialsFile { path: PathBuf, why: String },
    #[error("the off-site store in [offsite]: {0}")]
    Settings(String),
}

crate::error::kind_of!(BadInput: StoreSetupError);

/// One setting's part of the bucket.
#[derive(Clone)]
pub struct Store {
    s3: Arc<AmazonS3>,
    prefix: String,
    /// `endpoint bucket prefix`, naming the store in the state file.
    pub target: String,
}

/// A verified upload: what the store now holds.
#[derive(Debug, Clone)]
pub struct Put {
    pub size: u64,
    pub etag: String,
}

/// The store holds something other than what was sent or expected.
#[derive(Debug, thiserror::Error)]
#[error("{key}: the off-site copy does not match ({what}): expected {expected}, the store has {got}")]
pub struct Mismatch {
    pub key: String,
    pub what: &'static str,
    pub expected: String,
    pub got: String,
}

crate::error::kind_of!(Failed: Mismatch);

impl Store {
    /// Connects to the configured store (no request is made yet).
    pub fn open(cfg: &Offsite) -> crate::error::Result<Store> {
        if !cfg.is_enabled() {
            return Err(StoreSetupError::NotConfigured.into());
        }
        let creds = Credentials::load(cfg)?;
        let mut b = AmazonS3Builder::new()
            .with_endpoint(cfg.endpoint.trim_end_matches('/'))
            .with_bucket_name(&cfg.bucket)
            .with_region(&cfg.region)
            .with_access_key_id(creds.access_key_id)
            .with_secret_access_key(creds.secret_access_key)
            .with_allow_http(cfg.allow_http)
            .with_virtual_hosted_style_request(false)
            .with_retry(RetryConfig {
                max_retries: 4,
                retry_timeout: Duration::from_secs(120),
                ..RetryConfig::default()
            });
        if let Some(t) = creds.session_token {
            b = b.with_token(t);
        }
        let s3 = b.build().map_err(|e| StoreSetupError::Settings(e.to_string()))?;
        Ok(Store {
            s3: Arc::new(s3),
            prefix: cfg.prefix.clone(),
            target: format!("{} {} {}", cfg.endpoint, cfg.bucket, cfg.prefix),
        })
    }

    fn path(&self, key: &str) -> ObjectPath {
        ObjectPath::from(format!("{}/{key}", self.prefix))
    }

    /// Every object under this setting's prefix (one listing: one request
    /// per thousand objects), by name below the prefix.
    pub async fn list(&self) -> crate::error::Result<Vec<RemoteObject>> {
        let prefix = ObjectPath::from(self.prefix.as_str());
        let cut = format!("{}/", self.prefix);
        let metas: Vec<object_store::ObjectMeta> = self.s3.list(Some(&prefix)).try_collect().await?;
        Ok(metas
            .into_iter()
            .filter_map(|m| {
                let key = m.location.as_ref().strip_prefix(&cut)?.to_string();
                Some(RemoteObject { key, size: m.size, etag: m.e_tag })
            })
            .collect())
    }

    /// One object's size and ETag, if it is there.
    pub async fn head(&self, key: &str) -> crate::error::Result<Option<RemoteObject>> {
        match self.s3.head(&self.path(key)).await {
            Ok(m) => Ok(Some(RemoteObject { key: key.to_string(), size: m.size, etag: m.e_tag })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Uploads bytes in one request; counted only when the store's ETag is
    /// their MD5.
    pub async fn put_bytes(&self, key: &str, bytes: Vec<u8>) -> crate::error::Result<Put> {
        let size = bytes.len() as u64;
        let (expected, bytes) =
            crate::blocking::run("offsite.etag", move || etag_of(&mut &bytes[..], size).map(|e| (e, bytes))).await??;
        let res = self.s3.put(&self.path(key), PutPayload::from(bytes)).await?;
        self.confirm(key, size, &expected, res.e_tag).await
    }

    /// Uploads a file as it is: in one request up to [`PART_SIZE`], else in
    /// parts of that size, read on the blocking pool. Counted only when the
    /// store's ETag is the one `expected_etag` (read before) says.
    pub async fn put_file(&self, key: &str, path: PathBuf, expected_etag: &str) -> crate::error::Result<Put> {
        let p = path.clone();
        let size = crate::blocking::run("offsite.stat", move || std::fs::metadata(&p).map(|m| m.len())).await??;
        let e_tag = if size <= PART_SIZE {
            let p = path.clone();
            let bytes = crate::blocking::run("offsite.read", move || std::fs::read(&p)).await??;
            if bytes.len() as u64 != size {
                crate::error::bail!("{key}: the file changed while it was read");
            }
            self.s3.put(&self.path(key), PutPayload::from(bytes)).await?.e_tag
        } else {
            self.put_parts(key, path, size).await?
        };
        self.confirm(key, size, expected_etag, e_tag).await
    }

    async fn put_parts(&self, key: &str, path: PathBuf, size: u64) -> crate::error::Result<Option<String>> {
        let mut upload = self.s3.put_multipart(&self.path(key)).await?;
        let mut offset = 0u64;
        let sent: crate::error::Result<()> = async {
            while offset < size {
                let len = PART_SIZE.min(size - offset);
                let p = path.clone();
                let at = offset;
                let part = crate::blocking::run("offsite.read_part", move || -> std::io::Result<Vec<u8>> {
                    let mut f = std::fs::File::open(&p)?;
                    f.seek(SeekFrom::Start(at))?;
                    let mut buf = vec![0u8; usize::try_from(len).map_err(std::io::Error::other)?];
                    f.read_exact(&mut buf)?;
                    Ok(buf)
                })
                .await??;
                upload.put_part(PutPayload::from(part)).await?;
                offset += len;
            }
            Ok(())
        }
        .await;
        match sent {
            Ok(()) => Ok(upload.complete().await?.e_tag),
            Err(e) => {
                let _ = upload.abort().await;
                Err(e)
            }
        }
    }

    /// Checks an upload's ETag (asking the store when the reply had none)
    /// and size against what was sent.
    async fn confirm(&self, key: &str, size: u64, expected: &str, e_tag: Option<String>) -> crate::error::Result<Put> {
        let (got_size, got) = match e_tag {
            Some(e) => (size, e),
            None => match self.head(key).await? {
                Some(RemoteObject { size, etag: Some(e), .. }) => (size, e),
                _ => crate::error::bail!(
                    "{key}: the store gave no checksum for the upload; it cannot be counted as copied"
                ),
            },
        };
        if normalize_etag(&got) != normalize_etag(expected) {
            return Err(Mismatch { key: key.into(), what: "checksum", expected: expected.into(), got }.into());
        }
        if got_size != size {
            return Err(Mismatch {
                key: key.into(),
                what: "size",
                expected: size.to_string(),
                got: got_size.to_string(),
            }
            .into());
        }
        Ok(Put { size, etag: normalize_etag(&got) })
    }

    /// Downloads an object in memory, checked against its size and ETag.
    pub async fn get_bytes(&self, key: &str) -> crate::error::Result<Vec<u8>> {
        let res = self.s3.get(&self.path(key)).await?;
        let meta = res.meta.clone();
        let bytes = res.bytes().await?.to_vec();
        let key = key.to_string();
        crate::blocking::run("offsite.check", move || {
            let etag = etag_of(&mut &bytes[..], bytes.len() as u64)?;
            check_download(&key, &meta, bytes.len() as u64, &etag)?;
            Ok(bytes)
        })
        .await?
    }

    /// Downloads an object into `dest` (written beside it, fsynced, renamed
    /// into place, owner-only), checked against its size and ETag.
    pub async fn get_file(&self, key: &str, dest: &Path) -> crate::error::Result<u64> {
        let d = dest.parent().ok_or_else(|| crate::error::err!("{} has no folder", dest.display()))?.to_path_buf();
        let (tmp, mut file) = crate::blocking::run("offsite.tmp", move || -> std::io::Result<_> {
            crate::vault::private_dir(&d)?;
            let tmp = tempfile::Builder::new().prefix(crate::vault::TEMP_PREFIX).tempfile_in(&d)?;
            let file = tmp.reopen()?;
            Ok((tmp, file))
        })
        .await??;
        let res = self.s3.get(&self.path(key)).await?;
        let meta = res.meta.clone();
        let mut stream = res.into_stream();
        let mut len = 0u64;
        // Chunks are written on the blocking pool in batches of a few MiB.
        let mut batch: Vec<u8> = Vec::with_capacity(4 << 20);
        while let Some(chunk) = stream.try_next().await? {
            batch.extend_from_slice(&chunk);
            len += chunk.len() as u64;
            if batch.len() >= 4 << 20 {
                let b = std::mem::take(&mut batch);
                file = crate::blocking::run("offsite.write", move || file.write_all(&b).map(|()| file)).await??;
            }
        }
        let dest = dest.to_path_buf();
        let key = key.to_string();
        crate::blocking::run("offsite.persist", move || -> crate::error::Result<()> {
            file.write_all(&batch)?;
            file.sync_all()?;
            let mut f = std::fs::File::open(tmp.path())?;
            let etag = etag_of(&mut std::io::BufReader::new(&mut f), len)?;
            check_download(&key, &meta, len, &etag)?;
            crate::vault::persist(tmp, &dest)?;
            Ok(())
        })
        .await??;
        Ok(len)
    }

    pub async fn delete(&self, key: &str) -> crate::error::Result<()> {
        match self.s3.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

fn check_download(key: &str, meta: &object_store::ObjectMeta, len: u64, etag: &str) -> crate::error::Result<()> {
    if len != meta.size {
        return Err(
            Mismatch { key: key.into(), what: "size", expected: meta.size.to_string(), got: len.to_string() }.into()
        );
    }
    match &meta.e_tag {
        Some(e) if normalize_etag(e) != normalize_etag(etag) => {
            Err(Mismatch { key: key.into(), what: "checksum", expected: normalize_etag(e), got: etag.into() }.into())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_come_from_the_environment_by_the_usual_names() {
        let env = |k: &str| match k {
            ACCESS_KEY_ENV => Some("AK".to_string()),
            SECRET_KEY_ENV => Some("SK".to_string()),
            _ => None,
        };
        let c = Credentials::from_env(env).expect("from env");
        assert_eq!((c.access_key_id.as_str(), c.secret_access_key.as_str()), ("AK", "SK"));
        assert!(!format!("{c:?}").contains("SK"), "the secret is never printed");
        let err = Credentials::from_env(|_| None).expect_err("none").to_string();
        assert!(err.contains(ACCESS_KEY_ENV) && err.contains("credentials_file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_credentials_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("creds.toml");
        std::fs::write(&path, "access_key_id = \"AK\"\nsecret_access_key = \"SK\"\n").expect("write");
        for mode in [0o644, 0o640, 0o604, 0o660] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
            let err = Credentials::from_file(&path).expect_err("loose mode").to_string();
            assert!(err.contains(&format!("{mode:04o}")) && err.contains("chmod 600"), "{err}");
        }
        for mode in [0o600, 0o400] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
            assert_eq!(Credentials::from_file(&path).expect("private").access_key_id, "AK");
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        std::fs::write(&path, "access_key = \"AK\"\n").expect("write");
        let err = Credentials::from_file(&path).expect_err("bad keys").to_string();
        assert!(err.contains("access_key_id"), "{err}");
    }
}
