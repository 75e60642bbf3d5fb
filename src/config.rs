//! The TOML configuration: typed defaults, then the file, then
//! `CONSENTGATE__SECTION__KEY` environment overrides, then validation that
//! names the offending key.

use crate::policy::Rules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

mod ui;
pub use ui::Ui;

/// The default config file, relative to the working directory.
pub const DEFAULT_PATH: &str = "config/consentgate.toml";
/// The commented default config shipped with the project.
pub const DEFAULT_TOML: &str = include_str!("../config/consentgate.toml");
/// Prefix of environment variables that override single keys.
pub const ENV_PREFIX: &str = "CONSENTGATE__";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("config file {path}: key `{key}`: {why}")]
    Invalid { path: PathBuf, key: String, why: String },
    #[error("environment variable {var}: {why}")]
    Env { var: String, why: String },
}

crate::error::kind_of!(BadInput: ConfigError);

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub paths: Paths,
    pub keys: Keys,
    pub purposes: Purposes,
    pub retention: Retention,
    pub limits: Limits,
    pub ingest: Ingest,
    pub web: Web,
    pub faces: Faces,
    pub ui: Ui,
    pub offsite: Offsite,
    /// The file this was read from (none when parsed from text).
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    pub inbox: PathBuf,
    pub data: PathBuf,
    pub quarantine: PathBuf,
    pub identity: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Keys {
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Purposes {
    pub known: Vec<String>,
    pub forbidden: Vec<String>,
    pub default: Vec<String>,
    pub consent_review_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retention {
    pub after_leaving_days: u32,
    pub max_age_days: u32,
    pub quarantine_days: u32,
    pub awaiting_tags_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    pub max_image_bytes: u64,
    pub max_video_bytes: u64,
    pub max_pixels: u64,
    /// The memory image decodes and the face check may hold at once, in
    /// MiB (see `memory`): more lets big photos overlap, less keeps the
    /// service smaller.
    pub working_memory_mb: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ingest {
    pub settle_ms: u64,
    pub rescan_secs: u64,
    pub workers: usize,
    /// A file that reads as damaged (cut short) and was written less than
    /// this long ago waits: its writer may only have stalled.
    pub damaged_grace_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Faces {
    pub enabled: bool,
    pub max_side: u32,
    /// The smallest face width, in the photo's own pixels, to be found.
    pub min_face: u32,
    pub threshold: f32,
    /// Look for faces turned sideways or upside down too (`faces::turned`).
    pub turned: bool,
}

/// Thresholds under this were chosen for the detector before YuNet: with
/// YuNet they find face-like boxes on most ordinary photos.
pub const FACES_THRESHOLD_FLOOR: f32 = 0.4;

impl Faces {
    /// What is wrong with a threshold kept from a setup made before the
    /// detector changed (its default was 0.2), if anything: a setting that
    /// upgrades keeps its own file, and every photo would then wait for
    /// tagging. The file is still honoured (more boxes is the safe side).
    pub fn stale_threshold(&self) -> Option<String> {
        (self.enabled && self.threshold < FACES_THRESHOLD_FLOOR).then(|| {
            format!(
                "faces.threshold is {}: the face detector changed (YuNet), and under {FACES_THRESHOLD_FLOOR} it \
                 finds face-like boxes on most photos, which then wait for tagging; the default is now 0.6",
                self.threshold
            )
        })
    }
}

impl Default for Faces {
    fn default() -> Self {
        Faces { enabled: true, max_side: 1920, min_face: 30, threshold: 0.6, turned: true }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Web {
    pub bind: String,
    pub session_idle_minutes: u64,
    /// Mark session cookies Secure: set when the UI is reached over TLS
    /// (through a reverse proxy that terminates it). Always on when
    /// consentgate speaks TLS itself.
    pub secure_cookies: bool,
    /// `auto`: HTTPS whenever `bind` is not loopback (plain HTTP only on
    /// the machine itself, e.g. behind a reverse proxy); `on`: HTTPS on
    /// loopback too. Plain HTTP off the machine is never served.
    pub tls: TlsMode,
    /// A certificate (PEM, with its chain) the setting already has; empty:
    /// the setting's own certificate authority in `data/tls/` makes one.
    pub cert: PathBuf,
    /// The private key of `cert` (PEM, mode 0600).
    pub key: PathBuf,
    /// More names the iPads use to reach this machine (e.g.
    /// `nursery-laptop.lan`), besides its host name, `<host>.local` and
    /// its addresses, which the certificate always carries.
    pub hostnames: Vec<String>,
    /// The largest upload through the web (`POST /upload`) in one request,
    /// in MiB; each file is also held to `limits.max_image_bytes` or
    /// `max_video_bytes`.
    pub max_upload_mib: u64,
}

/// When `serve` speaks HTTPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    #[default]
    Auto,
    On,
}

/// The off-site copy on S3-compatible storage (see [`crate::offsite`]).
/// Off while `endpoint` is empty. The credentials are never in this file:
/// they come from the environment or from `credentials_file` (mode 0600).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Offsite {
    pub endpoint: String,
    pub bucket: String,
    /// This setting's folder in the bucket: a group's settings share a
    /// bucket, each under its own prefix.
    pub prefix: String,
    pub region: String,
    /// A file holding `access_key_id` and `secret_access_key`, mode 0600;
    /// empty: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` from the
    /// environment.
    pub credentials_file: PathBuf,
    /// Allow a plain `http://` endpoint (a store on the same machine or
    /// network); only ciphertext travels, but the requests can be seen.
    pub allow_http: bool,
    /// `serve` pushes this often; 0: only `consentgate offsite push`.
    pub push_every_minutes: u64,
    /// Uploads in flight at once.
    pub concurrency: usize,
}

impl Default for Offsite {
    fn default() -> Self {
        Offsite {
            endpoint: String::new(),
            bucket: String::new(),
            prefix: String::new(),
            region: "us-east-1".into(),
            credentials_file: PathBuf::new(),
            allow_http: false,
            push_every_minutes: 60,
            concurrency: 8,
        }
    }
}

impl Offsite {
    /// Whether an off-site copy is configured.
    pub fn is_enabled(&self) -> bool {
        !self.endpoint.is_empty()
    }

    fn validate(&self, bad: &dyn Fn(&str, String) -> ConfigError) -> Result<(), ConfigError> {
        if !self.is_enabled() {
            if !self.bucket.is_empty() || !self.prefix.is_empty() {
                return Err(bad("offsite.endpoint", "is needed with offsite.bucket and offsite.prefix".into()));
            }
            return Ok(());
        }
        let e = self.endpoint.as_str();
        if !(e.starts_with("https://") || e.starts_with("http://")) || e.contains(char::is_whitespace) {
            return Err(bad("offsite.endpoint", format!("`{e}` is not an https:// address")));
        }
        if e.starts_with("http://") && !self.allow_http {
            return Err(bad(
                "offsite.endpoint",
                format!("`{e}` is plain http: use https, or set offsite.allow_http = true for a store you trust the network to"),
            ));
        }
        let bucket_ok = (3..=63).contains(&self.bucket.len())
            && self.bucket.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if !bucket_ok {
            return Err(bad("offsite.bucket", format!("`{}` is not a bucket name (3-63 of a-z 0-9 - .)", self.bucket)));
        }
        let segment_ok = |s: &str| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        };
        if self.prefix.len() > 200 || !self.prefix.split('/').all(segment_ok) {
            return Err(bad(
                "offsite.prefix",
                format!(
                    "`{}` is not a prefix: this setting's own folder in the bucket, like `rainbow-nursery` or \
                     `group/site-1` (letters, digits, - _ ., parts joined by /)",
                    self.prefix
                ),
            ));
        }
        if self.region.is_empty() {
            return Err(bad("offsite.region", "must not be empty (us-east-1 if the store does not care)".into()));
        }
        if !(1..=64).contains(&self.concurrency) {
            return Err(bad("offsite.concurrency", "between 1 and 64".into()));
        }
        Ok(())
    }
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            inbox: "inbox".into(),
            data: "data".into(),
            quarantine: "quarantine".into(),
            identity: "data/identity.age".into(),
        }
    }
}

pub const DEFAULT_PURPOSES: [&str; 7] =
    ["learning_journey", "group_in_others_journey", "display", "website", "social_media", "press", "photographer"];

impl Default for Purposes {
    fn default() -> Self {
        Purposes {
            known: DEFAULT_PURPOSES.iter().map(|s| s.to_string()).collect(),
            forbidden: vec!["social_media".into()],
            default: vec!["learning_journey".into()],
            consent_review_days: 365,
        }
    }
}

impl Default for Retention {
    fn default() -> Self {
        Retention { after_leaving_days: 30, max_age_days: 1095, quarantine_days: 30, awaiting_tags_days: 7 }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_image_bytes: 100 << 20,
            max_video_bytes: 16 << 30,
            max_pixels: 120_000_000,
            working_memory_mb: crate::memory::DEFAULT_BYTES >> 20,
        }
    }
}

impl Default for Ingest {
    fn default() -> Self {
        Ingest { settle_ms: 2000, rescan_secs: 60, workers: 0, damaged_grace_secs: 600 }
    }
}

impl Default for Web {
    fn default() -> Self {
        Web {
            bind: "127.0.0.1:8080".into(),
            session_idle_minutes: 30,
            secure_cookies: false,
            tls: TlsMode::Auto,
            cert: PathBuf::new(),
            key: PathBuf::new(),
            hostnames: Vec::new(),
            max_upload_mib: 2048,
        }
    }
}

impl Config {
    /// Reads, overrides from the environment, resolves relative paths against
    /// the file's folder, and validates.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })?;
        let env: Vec<(String, String)> = std::env::vars().filter(|(k, _)| k.starts_with(ENV_PREFIX)).collect();
        let mut cfg = Self::parse(&text, path, &env)?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        cfg.resolve_paths(&base);
        cfg.file = Some(path.to_path_buf());
        if let Some(why) = cfg.faces.stale_threshold() {
            tracing::warn!("{}: {why}", path.display());
        }
        Ok(cfg)
    }

    /// Parses TOML text with the given environment overrides and validates;
    /// paths stay as written. `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path, env: &[(String, String)]) -> Result<Config, ConfigError> {
        let parse_err = |message: String| ConfigError::Parse { path: path.to_path_buf(), message };
        // Straight from the text, errors carry the line and column; with
        // overrides the file goes through a table first.
        let cfg: Config = if env.is_empty() {
            toml::from_str(text).map_err(|e| parse_err(e.to_string()))?
        } else {
            let mut table: toml::Table = text.parse().map_err(|e: toml::de::Error| parse_err(e.to_string()))?;
            for (var, value) in env {
                apply_env(&mut table, var, value)?;
            }
            Config::deserialize(table).map_err(|e| parse_err(e.to_string()))?
        };
        cfg.validate(path)?;
        Ok(cfg)
    }

    fn resolve_paths(&mut self, base: &Path) {
        for p in [&mut self.paths.inbox, &mut self.paths.data, &mut self.paths.quarantine, &mut self.paths.identity] {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        for p in [&mut self.offsite.credentials_file, &mut self.web.cert, &mut self.web.key] {
            if !p.as_os_str().is_empty() && p.is_relative() {
                *p = base.join(&*p);
            }
        }
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let bad = |key: &str, why: String| ConfigError::Invalid { path: path.to_path_buf(), key: key.into(), why };
        let known: BTreeSet<&str> = self.purposes.known.iter().map(String::as_str).collect();
        if known.is_empty() {
            return Err(bad("purposes.known", "at least one purpose is needed".into()));
        }
        for p in &self.purposes.known {
            if !is_identifier(p) {
                return Err(bad(
                    "purposes.known",
                    format!("`{p}` is not a valid purpose name (lower-case letters, digits and _)"),
                ));
            }
        }
        if known.len() != self.purposes.known.len() {
            return Err(bad("purposes.known", "a purpose is listed twice".into()));
        }
        for (key, list) in
            [("purposes.forbidden", &self.purposes.forbidden), ("purposes.default", &self.purposes.default)]
        {
            for p in list {
                if !known.contains(p.as_str()) {
                    return Err(bad(key, format!("`{p}` is not in purposes.known")));
                }
            }
        }
        if self.purposes.default.is_empty() {
            return Err(bad("purposes.default", "a new photo needs at least one purpose".into()));
        }
        if let Some(p) = self.purposes.default.iter().find(|p| self.purposes.forbidden.contains(p)) {
            return Err(bad("purposes.default", format!("`{p}` is forbidden by purposes.forbidden")));
        }
        for (key, v) in [
            ("purposes.consent_review_days", self.purposes.consent_review_days),
            ("retention.after_leaving_days", self.retention.after_leaving_days),
            ("retention.max_age_days", self.retention.max_age_days),
            ("retention.quarantine_days", self.retention.quarantine_days),
            ("retention.awaiting_tags_days", self.retention.awaiting_tags_days),
        ] {
            if v == 0 {
                return Err(bad(key, "must be at least 1 day".into()));
            }
        }
        for (key, v) in [
            ("limits.max_image_bytes", self.limits.max_image_bytes),
            ("limits.max_video_bytes", self.limits.max_video_bytes),
            ("limits.max_pixels", self.limits.max_pixels),
            ("ingest.rescan_secs", self.ingest.rescan_secs),
            ("web.session_idle_minutes", self.web.session_idle_minutes),
            ("web.max_upload_mib", self.web.max_upload_mib),
        ] {
            if v == 0 {
                return Err(bad(key, "must be greater than 0".into()));
            }
        }
        if self.web.cert.as_os_str().is_empty() != self.web.key.as_os_str().is_empty() {
            return Err(bad("web.cert", "web.cert and web.key go together: set both, or neither".into()));
        }
        if !(0.01..=0.99).contains(&self.faces.threshold) {
            return Err(bad("faces.threshold", "a score between 0.01 and 0.99".into()));
        }
        if !(64..=8192).contains(&self.faces.max_side) {
            return Err(bad("faces.max_side", "between 64 and 8192 pixels".into()));
        }
        if !(8..=1000).contains(&self.faces.min_face) {
            return Err(bad("faces.min_face", "between 8 and 1000 pixels".into()));
        }
        if !(32..=65536).contains(&self.limits.working_memory_mb) {
            return Err(bad("limits.working_memory_mb", "between 32 and 65536 MiB".into()));
        }
        if self.ingest.workers > 256 {
            return Err(bad("ingest.workers", "at most 256".into()));
        }
        if let Err(e) = self.web.bind.parse::<SocketAddr>() {
            return Err(bad("web.bind", format!("`{}` is not an address:port ({e})", self.web.bind)));
        }
        for r in &self.keys.recipients {
            if r.parse::<age::x25519::Recipient>().is_err() {
                return Err(bad("keys.recipients", format!("`{r}` is not an age X25519 recipient (age1…)")));
            }
        }
        for (key, p) in [
            ("paths.inbox", &self.paths.inbox),
            ("paths.data", &self.paths.data),
            ("paths.quarantine", &self.paths.quarantine),
            ("paths.identity", &self.paths.identity),
        ] {
            if p.as_os_str().is_empty() {
                return Err(bad(key, "must not be empty".into()));
            }
        }
        let pattern_ok = !self.ui.date_format.trim().is_empty()
            && chrono::format::StrftimeItems::new(&self.ui.date_format)
                .all(|i| !matches!(i, chrono::format::Item::Error));
        if !pattern_ok {
            return Err(bad(
                "ui.date_format",
                format!("`{}` is not a date pattern (e.g. %d/%m/%Y)", self.ui.date_format),
            ));
        }
        if !["local", "utc"].contains(&self.ui.time_zone.to_ascii_lowercase().as_str()) {
            return Err(bad("ui.time_zone", format!("`{}`: use local or UTC", self.ui.time_zone)));
        }
        self.offsite.validate(&bad)
    }

    /// The policy settings the decision function reads.
    pub fn rules(&self) -> Rules {
        Rules {
            forbidden_purposes: self.purposes.forbidden.iter().cloned().collect(),
            consent_review_days: self.purposes.consent_review_days,
            awaiting_tags_days: self.retention.awaiting_tags_days,
            max_age_days: self.retention.max_age_days,
        }
    }

    pub fn is_known_purpose(&self, p: &str) -> bool {
        self.purposes.known.iter().any(|k| k == p)
    }

    /// The register database file.
    pub fn database_path(&self) -> PathBuf {
        self.paths.data.join("consentgate.db")
    }

    /// The number of photos processed at once: by default one per core and
    /// one more, as a photo waiting for the disk (its fsyncs and the
    /// register's commit) leaves its core to the next.
    pub fn workers(&self) -> usize {
        if self.ingest.workers > 0 {
            self.ingest.workers
        } else {
            std::thread::available_parallelism().map(usize::from).unwrap_or(2) + 1
        }
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `CONSENTGATE__RETENTION__MAX_AGE_DAYS=400` sets `retention.max_age_days`.
/// The value is read as TOML (`400`, `["a", "b"]`, `true`), or as a plain
/// string when it is not valid TOML.
fn apply_env(table: &mut toml::Table, var: &str, value: &str) -> Result<(), ConfigError> {
    let path: Vec<String> = var[ENV_PREFIX.len()..].split("__").map(str::to_ascii_lowercase).collect();
    if path.len() != 2 || path.iter().any(String::is_empty) {
        return Err(ConfigError::Env { var: var.into(), why: "expected CONSENTGATE__SECTION__KEY".into() });
    }
    let parsed: toml::Value = format!("v = {value}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(value.to_string()));
    let section = table.entry(path[0].clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
    match section {
        toml::Value::Table(t) => {
            t.insert(path[1].clone(), parsed);
            Ok(())
        }
        _ => Err(ConfigError::Env { var: var.into(), why: format!("`{}` is not a section", path[0]) }),
    }
}

#[cfg(test)]
mod tests;
