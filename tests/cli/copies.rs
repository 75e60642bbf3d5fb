//! A slow copy never loses a photo: `serve` on a real inbox with real slow
//! writers that pause mid-file for longer than the settle time (5 s and
//! 60 s), keeping the file open or closing it and coming back. Every photo
//! arrives whole, nothing is judged damaged, and a file cut short for good
//! is judged only after the damaged-file grace time.

use crate::common::{fixture, Server, Setup};
use sha2::Digest;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The phone photo at a quarter of its size (the copy's pace is what matters here).
const MOTO: &str = "camera_motorola_moto_g9_small.jpg";

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    s
}

/// A distinct photo: the fixture with its own trailer after the image.
fn photo(n: u32) -> Vec<u8> {
    let mut bytes = std::fs::read(fixture(MOTO)).expect("read");
    bytes.extend_from_slice(format!("slow copy {n}").as_bytes());
    bytes
}

/// Writes the first half, pauses, then the rest. `keep_open`: one open file
/// throughout (a stalled copy); otherwise closed during the pause and
/// reopened to append (a resumed transfer).
fn slow_write(path: PathBuf, bytes: Vec<u8>, pause: Duration, keep_open: bool) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let half = bytes.len() / 2;
        let mut f = std::fs::File::create(&path).expect("create");
        f.write_all(&bytes[..half]).expect("first half");
        f.flush().expect("flush");
        if keep_open {
            std::thread::sleep(pause);
        } else {
            drop(f);
            std::thread::sleep(pause);
            f = std::fs::File::options().append(true).open(&path).expect("reopen");
        }
        f.write_all(&bytes[half..]).expect("the rest");
    })
}

fn id(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    done()
}

fn inbox_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("ls").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(inbox_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_copy_that_stalls_for_5_or_60_seconds_arrives_whole() {
    let s = setup();
    std::fs::write(s.inbox().join("phone1/stall5.jpg.tags.json"), r#"{"children": ["C001"]}"#).expect("sidecar");
    std::fs::write(s.inbox().join("phone1/resume5.jpg.tags.json"), r#"{"children": ["C001"]}"#).expect("sidecar");
    let server = Server::start(&s); // settle time 200 ms
    let dir = s.inbox().join("phone1");
    let cases = [
        ("stall5.jpg", Duration::from_secs(5), true, 1),
        ("resume5.jpg", Duration::from_secs(5), false, 2),
        ("stall60.jpg", Duration::from_secs(60), true, 3),
        ("resume60.jpg", Duration::from_secs(60), false, 4),
    ];
    let writers: Vec<_> =
        cases.iter().map(|(name, pause, open, n)| slow_write(dir.join(name), photo(*n), *pause, *open)).collect();
    for w in writers {
        w.join().expect("writer");
    }
    // Every file leaves the inbox once it is whole (and only then).
    assert!(
        wait_until(Duration::from_secs(30), || inbox_files(&s.inbox()).is_empty()),
        "left in the inbox: {:?}",
        inbox_files(&s.inbox())
    );
    drop(server);
    for (name, _, _, n) in cases {
        let whole = id(&photo(n));
        let p = s.json(&["photo", "show", &whole]);
        assert_ne!(p["state"], "quarantined", "{name} arrived whole and was not judged damaged: {p}");
        assert_eq!(p["source_name"], name, "{p}");
    }
    // Nothing was taken half-written: no damaged photo on the register.
    let all = s.json(&["photo", "list"]);
    let list = all.as_array().expect("list");
    assert_eq!(list.len(), 4, "one photo per file, no halves: {all}");
    assert!(!all.to_string().contains("corrupt_image"), "{all}");
}

#[test]
fn a_file_cut_short_for_good_is_judged_after_the_grace_time() {
    let s = setup();
    let path = s.inbox().join("phone1/cut.jpg");
    let bytes = photo(9);
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("half");
    // Within the grace time: it waits, in the inbox, and is reported.
    let v = s.json(&["ingest", "--once"]);
    let e = &v["files"][0];
    assert_eq!(e["outcome"], "waiting", "{v}");
    assert!(e["detail"].as_str().unwrap_or_default().contains("damaged_grace_secs"), "{v}");
    assert!(path.exists(), "still in the inbox");
    // With a short grace time, once it has not changed for that long: judged.
    std::thread::sleep(Duration::from_secs(2));
    let out = s
        .cmd()
        .env("CONSENTGATE__INGEST__DAMAGED_GRACE_SECS", "1")
        .args(["ingest", "--once", "--json"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let e = &v["files"][0];
    assert_eq!(e["outcome"], "quarantined", "{v}");
    assert_eq!(e["reasons"][0]["code"], "corrupt_image", "{v}");
    assert!(!path.exists());
}

#[test]
fn photos_deep_in_the_inbox_are_taken_and_deeper_folders_reported() {
    let s = setup();
    let deep = s.inbox().join("phone1/2026/11/20/a/b");
    std::fs::create_dir_all(&deep).expect("mkdir");
    std::fs::write(deep.join("deep.jpg"), photo(5)).expect("write");
    let mut too_deep = s.inbox().to_path_buf();
    for i in 0..20 {
        too_deep = too_deep.join(format!("d{i}"));
    }
    std::fs::create_dir_all(&too_deep).expect("mkdir");
    std::fs::write(too_deep.join("lost.jpg"), photo(6)).expect("write");
    let v = s.json(&["ingest", "--once"]);
    let files = v["files"].as_array().expect("files");
    let taken = files.iter().find(|e| e["file"] == "phone1/2026/11/20/a/b/deep.jpg").expect("taken");
    assert_eq!(taken["outcome"], "awaiting_tags", "{v}");
    let skipped = files
        .iter()
        .find(|e| e["outcome"] == "skipped" && e["detail"].as_str().unwrap_or_default().contains("nested"))
        .unwrap_or_else(|| panic!("the too-deep folder is reported: {v}"));
    assert!(skipped["file"].as_str().unwrap_or_default().starts_with("d0/d1/"), "{skipped}");
}
