//! Shared helpers for tests that drive the real `consentgate` binary.
#![allow(dead_code)]

pub mod app;
pub mod encode;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// Regions around the faces of the face fixtures, as a tagging app would
/// draw them: the one face of `generated_ipad_face.jpg`, and the left and
/// right faces of `generated_ipad_two_faces.jpg`; and one around no face.
pub const AROUND_THE_FACE: &str = "[0.33, 0.1, 0.25, 0.3]";
pub const LEFT_FACE: &str = "[0.12, 0.05, 0.2, 0.4]";
pub const RIGHT_FACE: &str = "[0.68, 0.05, 0.2, 0.4]";
pub const NO_FACE: &str = "[0.45, 0.7, 0.1, 0.2]";
/// The boxes the face check finds on `generated_ipad_two_faces.jpg`.
pub const LEFT_BOX: [f64; 4] = [0.174, 0.128, 0.089, 0.217];
pub const RIGHT_BOX: [f64; 4] = [0.736, 0.122, 0.088, 0.222];

/// The date the tests live on, unless a test moves it.
pub const TODAY: &str = "2026-11-22";

/// A fresh setup made by `consentgate init --no-passphrase` in a temp dir.
pub struct Setup {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
}

impl Setup {
    pub fn new() -> Setup {
        Setup::init(None)
    }

    /// A setup whose identity is protected by `passphrase`.
    pub fn with_passphrase(passphrase: &str) -> Setup {
        Setup::init(Some(passphrase))
    }

    fn init(passphrase: Option<&str>) -> Setup {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("setting");
        let mut init = Command::cargo_bin("consentgate").expect("binary");
        init.arg("init").env_remove("CONSENTGATE_CONFIG");
        match passphrase {
            Some(p) => init.env("CONSENTGATE_PASSPHRASE", p),
            None => init.arg("--no-passphrase"),
        };
        init.arg("--dir").arg(&root).assert().success();
        // The fixtures are real photos taken 2003-2025: with the default
        // three-year limit most would be held as older_than_retention on
        // arrival. Only the tests about that rule keep a short limit.
        let config = root.join("consentgate.toml");
        let text = std::fs::read_to_string(&config).expect("config");
        assert!(text.contains("max_age_days = 1095"), "the default config sets max_age_days");
        std::fs::write(&config, text.replace("max_age_days = 1095", "max_age_days = 36500")).expect("config");
        Setup { config, dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("setting")
    }

    pub fn inbox(&self) -> PathBuf {
        self.root().join("inbox")
    }

    pub fn data(&self) -> PathBuf {
        self.root().join("data")
    }

    pub fn quarantine(&self) -> PathBuf {
        self.root().join("quarantine")
    }

    pub fn db(&self) -> PathBuf {
        self.data().join("consentgate.db")
    }

    /// `consentgate` with this setup's config, acting as `tester`, on TODAY.
    /// A file counts as completely written once unchanged for 200 ms, as
    /// for the test server (the default 2 s made every `ingest --once`
    /// after a copy sleep 2 s); a test of slow writers sets its own.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("consentgate").expect("binary");
        c.env("CONSENTGATE_CONFIG", &self.config)
            .env("CONSENTGATE_TODAY", TODAY)
            .env("CONSENTGATE__INGEST__SETTLE_MS", "200")
            .env_remove("CONSENTGATE_PASSPHRASE")
            .args(["--as", "tester"]);
        c
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run");
        assert!(
            out.status.success(),
            "consentgate {args:?} failed ({:?}):\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// Runs a command that must exit with `code`; returns its stderr + stdout.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
        assert_eq!(out.status.code(), Some(code), "consentgate {args:?}:\n{text}");
        text
    }

    /// Runs a command on a pseudo-terminal (util-linux `script`), as a
    /// person at a terminal would; returns everything the terminal showed.
    pub fn on_terminal(&self, args: &[&str]) -> String {
        let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let bin = assert_cmd::cargo::cargo_bin("consentgate");
        let mut line = vec![quote(&bin.to_string_lossy()), "--as".into(), "tester".into()];
        line.extend(args.iter().map(|a| quote(a)));
        let out = std::process::Command::new("script")
            .args(["-qec", &line.join(" "), "/dev/null"])
            .env("CONSENTGATE_CONFIG", &self.config)
            .env("CONSENTGATE_TODAY", TODAY)
            .env_remove("CONSENTGATE_PASSPHRASE")
            .output()
            .expect("script (util-linux) runs");
        assert!(
            out.status.success(),
            "consentgate {args:?} on a terminal failed:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a command with `--json` appended and parses its output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).expect("json output")
    }

    /// Registers a device whose photos import into `inbox/<id>`.
    pub fn device(&self, id: &str, make: &str, model: &str) {
        self.ok(&["device", "add", "--id", id, "--label", id, "--make", make, "--model", model, "--folder", id]);
    }

    /// Adds a web user with a password.
    pub fn user(&self, name: &str, role: &str, password: &str) {
        self.cmd()
            .args(["user", "add", name, "--role", role, "--password-stdin"])
            .write_stdin(format!("{password}\n"))
            .assert()
            .success();
    }

    /// Drops a distinct copy (by `variant`) of the Moto G9 photo (at a
    /// quarter of its size, with the phone's own EXIF) into `inbox/phone1`
    /// with a tags sidecar, ingests it and returns its id.
    /// Needs the `phone1` device (`device("phone1", "motorola", "moto g(9) plus")`).
    pub fn arrive_phone(&self, name: &str, variant: u32, sidecar: &str) -> String {
        self.arrive_phone_photo("camera_motorola_moto_g9_small.jpg", name, variant, sidecar)
    }

    /// [`Setup::arrive_phone`] with another of the phone's photos from
    /// `fixtures/` (the 16 MP original, where a test measures pixels).
    pub fn arrive_phone_photo(&self, fixture_name: &str, name: &str, variant: u32, sidecar: &str) -> String {
        self.arrive_in("phone1", fixture_name, name, variant, sidecar)
    }

    /// Drops a distinct copy (by `variant`) of fixture `fixture_name` into
    /// `inbox/<folder>` with a tags sidecar, ingests it, returns its id.
    pub fn arrive_in(&self, folder: &str, fixture_name: &str, name: &str, variant: u32, sidecar: &str) -> String {
        use sha2::Digest;
        let mut bytes = std::fs::read(fixture(fixture_name)).expect("read");
        if variant > 0 {
            bytes.extend_from_slice(format!("variant {variant}").as_bytes());
        }
        let id = hex::encode(sha2::Sha256::digest(&bytes));
        std::fs::write(self.inbox().join(folder).join(name), &bytes).expect("write");
        std::fs::write(self.inbox().join(folder).join(format!("{name}.tags.json")), sidecar).expect("sidecar");
        self.ok(&["ingest", "--once"]);
        id
    }

    /// Three children, guardians and consents, and a registered iPad.
    pub fn seed(&self) {
        self.ok(&[
            "child",
            "add",
            "C001",
            "--name",
            "Amelia Rose",
            "--alias",
            "Millie",
            "--room",
            "Rainbow",
            "--started",
            "2025-09-01",
        ]);
        self.ok(&["child", "add", "C002", "--name", "Ben Ade", "--alias", "Benji", "--room", "Rainbow"]);
        self.ok(&["child", "add", "C003", "--name", "Chloe Diaz", "--room", "Stars"]);
        for (g, c, pr) in
            [("G001", "C001", "yes"), ("G002", "C002", "yes"), ("G003", "C003", "yes"), ("G004", "C003", "no")]
        {
            self.ok(&[
                "guardian",
                "add",
                "--child",
                c,
                "--id",
                g,
                "--name",
                &format!("Guardian {g}"),
                "--relationship",
                if pr == "yes" { "parent" } else { "grandparent" },
                "--parental-responsibility",
                pr,
            ]);
        }
        for (c, g) in [("C001", "G001"), ("C002", "G002"), ("C003", "G003")] {
            for p in ["learning_journey", "display"] {
                self.ok(&["consent", "grant", c, p, "--by", g, "--signed", "2026-09-01"]);
            }
        }
        self.ok(&["consent", "grant", "C001", "group_in_others_journey", "--by", "G001", "--signed", "2026-09-01"]);
        self.ok(&["consent", "grant", "C003", "group_in_others_journey", "--by", "G003", "--signed", "2026-09-01"]);
    }
}

/// The shared corpus, when this checkout sits beside it.
pub fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if p.join("MANIFEST.tsv").is_file() {
        Some(p)
    } else {
        skip("corpus not found (../shared/corpus)");
        None
    }
}

/// The files in a folder (not recursive).
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).map(|rd| rd.flatten().map(|e| e.path()).collect()).unwrap_or_default()
}

/// An exported copy carries no EXIF, camera, GPS or XMP, nor a seeded
/// child's name, and is still a picture.
pub fn assert_no_metadata(file: &Path) {
    let name = file.display();
    let bytes = std::fs::read(file).expect("read");
    assert!(
        exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes)).is_err(),
        "no EXIF left in {name}"
    );
    for needle in [&b"Amelia"[..], b"Millie", b"Chloe", b"motorola", b"GPS", b"Exif", b"<x:xmpmeta"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{name} contains {:?}",
            String::from_utf8_lossy(needle)
        );
    }
    image::load_from_memory(&bytes).expect("still a picture");
}

/// A file in the project's own fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// `consentgate serve` on a free loopback port, stopped (SIGTERM) on drop.
pub struct Server {
    pub child: std::process::Child,
    pub base: String,
    /// What the server said on stderr, line by line (a reader thread adds).
    said: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(setup: &Setup) -> Server {
        Self::start_with(setup, &[])
    }

    /// With extra environment (config overrides).
    pub fn start_with(setup: &Setup, env: &[(&str, &str)]) -> Server {
        Self::start_on(setup, env, "127.0.0.1:0")
    }

    /// Listening on `bind` (off loopback: HTTPS; the base URL then names
    /// 127.0.0.1, which the certificate carries). Without a terminal and
    /// without `$CONSENTGATE_PASSPHRASE`, a protected identity starts locked.
    pub fn start_on(setup: &Setup, env: &[(&str, &str)], bind: &str) -> Server {
        use std::io::BufRead;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("consentgate"))
            .env("CONSENTGATE_CONFIG", &setup.config)
            .env("CONSENTGATE_TODAY", TODAY)
            .env("CONSENTGATE__INGEST__SETTLE_MS", "200")
            .env_remove("CONSENTGATE_PASSPHRASE")
            .envs(env.iter().copied())
            .args(["serve", "--bind", bind])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        let said = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let lines = said.clone();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("consentgate: web UI on ") {
                    if let Some(t) = tx.take() {
                        let _ = t.send(rest.trim_end_matches('/').replace("0.0.0.0", "127.0.0.1"));
                    }
                }
                lines.lock().expect("lines").push(line);
            }
        });
        let base = rx.recv_timeout(std::time::Duration::from_secs(30)).expect("the web UI started");
        Server { child, base, said }
    }

    /// Waits (up to `within`) for a line of the server's stderr that starts
    /// with `prefix`, and returns it.
    pub fn wait_for(&self, prefix: &str, within: std::time::Duration) -> String {
        let until = std::time::Instant::now() + within;
        loop {
            if let Some(line) = self.said.lock().expect("lines").iter().find(|l| l.starts_with(prefix)) {
                return line.clone();
            }
            assert!(std::time::Instant::now() < until, "the server never said {prefix:?} within {within:?}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// Says a test did not run because something it needs is missing. On a
/// developer's machine that is a visible `skipped:` line and the test
/// passes; in CI (`CI` set, as `.ci/run` runs) nothing may skip, so it fails.
pub fn skip(why: &str) {
    // Straight to the stderr handle: the test harness captures print
    // macros, and this line must be visible in every run.
    use std::io::Write;
    if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0") {
        panic!("{why}: in CI no test may skip (.ci/run installs what the tests need)");
    }
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// Dates a file's last change an hour back: a file that has sat in the inbox
/// unchanged, past the damaged-file grace time, so a damaged one is judged
/// at once instead of waiting for the rest of a stalled copy.
pub fn settled(path: &Path) {
    #[allow(clippy::disallowed_methods)] // a test sets a file time; the product asks src/clock.rs
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(path).expect("open").set_modified(hour_ago).expect("set mtime");
}

/// The access key of the test S3 server.
pub const S3_ACCESS_KEY: &str = "consentgate-test";
pub const S3_SECRET_KEY: &str = "consentgate-test-secret-key";
/// The bucket the test S3 server holds.
pub const S3_BUCKET: &str = "offsite";

/// A real S3 server on a free loopback port: `s3s-fs` (crates.io; `.ci/run`
/// installs it), serving a temporary folder whose `offsite/` is the
/// bucket. Stopped on drop. `None` (a visible skip; a failure in CI) when
/// it is not installed.
pub struct S3Server {
    child: std::process::Child,
    pub endpoint: String,
    root: tempfile::TempDir,
}

impl S3Server {
    pub fn start() -> Option<S3Server> {
        let bin = std::env::var_os("CONSENTGATE_S3S_FS").map(PathBuf::from).or_else(|| {
            std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join("s3s-fs")).find(|p| p.is_file())
        });
        let Some(bin) = bin else {
            skip("no S3 server: s3s-fs is not installed (cargo install s3s-fs --version 0.14.1 --locked --features binary)");
            return None;
        };
        let root = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(root.path().join(S3_BUCKET)).expect("bucket");
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
        let child = std::process::Command::new(bin)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", S3_ACCESS_KEY, "--secret-key", S3_SECRET_KEY])
            .arg(root.path())
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start s3s-fs");
        let server = S3Server { child, endpoint: format!("http://127.0.0.1:{port}"), root };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "s3s-fs did not start on port {port}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Some(server)
    }

    /// The bucket's folder on the server's disk.
    pub fn bucket_dir(&self) -> PathBuf {
        self.root.path().join(S3_BUCKET)
    }

    /// The object names under `prefix/`, sorted, as the server stores them.
    pub fn objects(&self, prefix: &str) -> Vec<String> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    walk(&e.path(), out);
                } else {
                    out.push(e.path());
                }
            }
        }
        let base = self.bucket_dir().join(prefix);
        let mut files = Vec::new();
        walk(&base, &mut files);
        let mut names: Vec<String> =
            files.iter().map(|f| f.strip_prefix(&base).expect("under").to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    /// An object's bytes as the server stores them.
    pub fn object(&self, prefix: &str, key: &str) -> Vec<u8> {
        std::fs::read(self.bucket_dir().join(prefix).join(key)).expect("object")
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Setup {
    /// Points this setup's `[offsite]` at `server` under `prefix`, with an
    /// owner-only credentials file beside the config.
    pub fn offsite(&self, server: &S3Server, prefix: &str) {
        let creds = self.root().join("offsite-credentials.toml");
        write_credentials(&creds);
        let text = std::fs::read_to_string(&self.config).expect("config");
        std::fs::write(&self.config, offsite_section(&text, &server.endpoint, prefix, "offsite-credentials.toml"))
            .expect("config");
    }
}

/// Writes the test server's access key to `path`, mode 0600.
pub fn write_credentials(path: &Path) {
    std::fs::write(path, format!("access_key_id = \"{S3_ACCESS_KEY}\"\nsecret_access_key = \"{S3_SECRET_KEY}\"\n"))
        .expect("credentials");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
}

/// The config text with its `[offsite]` keys set as a person would edit
/// them.
pub fn offsite_section(text: &str, endpoint: &str, prefix: &str, credentials: &str) -> String {
    let mut out = String::new();
    let mut in_offsite = false;
    for line in text.lines() {
        if line.starts_with('[') {
            in_offsite = line.trim() == "[offsite]";
        }
        let set = |key: &str, value: &str| format!("{key} = {value}");
        let key = line.split('=').next().unwrap_or("").trim();
        let replaced = match key {
            _ if !in_offsite || line.starts_with('#') => None,
            "endpoint" => Some(set(key, &format!("\"{endpoint}\""))),
            "bucket" => Some(set(key, &format!("\"{S3_BUCKET}\""))),
            "prefix" => Some(set(key, &format!("\"{prefix}\""))),
            "credentials_file" => Some(set(key, &format!("\"{credentials}\""))),
            "allow_http" => Some(set(key, "true")),
            _ => None,
        };
        out.push_str(replaced.as_deref().unwrap_or(line));
        out.push('\n');
    }
    assert!(out.contains(&format!("prefix = \"{prefix}\"")), "the config has an [offsite] section");
    out
}

/// `jpeg` with an XMP packet (APP1) naming `people` in IPTC PersonInImage.
pub fn with_person_in_image(jpeg: &[u8], people: &[&str]) -> Vec<u8> {
    let items: String = people.iter().map(|p| format!("<rdf:li>{p}</rdf:li>")).collect();
    let packet = format!(
        r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"><Iptc4xmpExt:PersonInImage><rdf:Bag>{items}</rdf:Bag></Iptc4xmpExt:PersonInImage></rdf:Description></rdf:RDF></x:xmpmeta>"#
    );
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend_from_slice(packet.as_bytes());
    let len = u16::try_from(payload.len() + 2).expect("a small packet");
    assert_eq!(&jpeg[..2], b"\xFF\xD8", "a JPEG");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Logs `c` in to the running service as `name`: the cookies the login
/// set (one a line) and the session's CSRF token.
pub fn log_in(c: &reqwest::blocking::Client, srv: &Server, name: &str, pw: &str) -> (String, String) {
    let page = c.get(srv.url("/login")).send().expect("login page").text().expect("text");
    let token = value_of(&page, "csrf");
    let res =
        c.post(srv.url("/login")).form(&[("name", name), ("password", pw), ("csrf", &token)]).send().expect("login");
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER, "{name} logs in");
    let set = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join("\n");
    let tag = c.get(srv.url("/tag")).send().expect("tag").text().expect("text");
    (set, value_of(&tag, "csrf"))
}

/// The value of the form field `name` in a page (a CSRF token, say).
pub fn value_of(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = html.find(&key).unwrap_or_else(|| panic!("no {name} in {html}")) + key.len();
    html[at..].split('"').next().unwrap_or("").to_string()
}
