//! Golden CLI tests: every command's help text, and the `--json` output and
//! exit code of the main commands, kept as files under `tests/golden/`, so
//! a change to the CLI contract shows up as a diff in review. To accept an
//! intended change: `SNAPSHOTS=overwrite cargo test --test golden_cli`.

mod common;

use common::{fixture, Setup};
use snapbox::{Assert, Data};
use std::path::{Path, PathBuf};

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

fn assert_golden(name: &str, actual: String) {
    let path = golden(name);
    Assert::new().action_env(snapbox::assert::DEFAULT_ACTION_ENV).eq(actual, Data::read_from(&path, None));
}

/// What varies from run to run (temporary folders, the real clock) is
/// replaced by a placeholder; everything else must match.
fn normalise(text: &str, s: Option<&Setup>) -> String {
    let mut out = text.to_string();
    if let Some(s) = s {
        out = out.replace(&s.dir.path().display().to_string(), "[TMP]");
    }
    // RFC 3339 timestamps from the real clock (state_since, recorded_at, ...).
    let mut cleaned = String::with_capacity(out.len());
    let bytes = out.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &out[i..];
        if rest.len() >= 20 && is_timestamp(&rest[..20]) {
            let end = rest.find(['"', ' ', '\n']).unwrap_or(rest.len());
            cleaned.push_str("[TIMESTAMP]");
            i += end;
        } else {
            let c = rest.chars().next().expect("char");
            cleaned.push(c);
            i += c.len_utf8();
        }
    }
    cleaned
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.clone().all(|k| b[k].is_ascii_digit());
    digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) && b[10] == b'T' && digits(11..13)
}

/// The subcommands a help text lists (rows `  name   description`).
fn subcommands(help: &str) -> Vec<String> {
    let Some(start) = help.find("Commands:\n") else { return vec![] };
    let section = &help[start + 10..];
    let section = &section[..section.find("\n\n").unwrap_or(section.len())];
    section
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

fn help(path: &[String], seen: &mut Vec<String>) {
    let mut args = path.to_vec();
    args.push("--help".into());
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("consentgate"))
        .args(&args)
        .env_remove("CONSENTGATE_CONFIG")
        // clap wraps help to the terminal; no terminal here, and a fixed width
        // whatever the caller's COLUMNS says.
        .env("COLUMNS", "100")
        .output()
        .expect("run");
    assert!(out.status.success(), "{args:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let name = if path.is_empty() { "consentgate".to_string() } else { path.join("_") };
    assert_golden(&format!("help/{name}.txt"), text.clone());
    seen.push(name);
    for sub in subcommands(&text) {
        let mut next = path.to_vec();
        next.push(sub);
        help(&next, seen);
    }
}

#[test]
fn every_command_s_help_text() {
    let mut seen = Vec::new();
    help(&[], &mut seen);
    assert!(seen.len() > 30, "the whole command tree was walked: {seen:?}");
    // No golden file is left for a command that no longer exists.
    let mut files: Vec<String> = std::fs::read_dir(golden("help"))
        .expect("golden/help")
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".txt")).map(str::to_string))
        .collect();
    files.sort();
    seen.sort();
    assert_eq!(files, seen, "tests/golden/help holds exactly the commands there are");
}

/// Runs a command on the seeded setup; the golden file holds the exit code,
/// then stdout, then stderr.
fn case(s: &Setup, name: &str, args: &[&str]) {
    let out = s.cmd().args(args).output().expect("run");
    let mut stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    // Lists are oldest first, by the second a photo was received: two photos
    // taken in one pass may land in the same second or not, so a list of
    // several is compared in id order.
    if let Ok(serde_json::Value::Array(mut items)) = serde_json::from_str::<serde_json::Value>(&stdout) {
        if items.len() > 1 && items.iter().all(|i| i["id"].is_string() && i["received_at"].is_string()) {
            items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
            stdout = serde_json::to_string_pretty(&items).expect("json") + "\n";
        }
    }
    let text = format!(
        "exit code: {}\n--- stdout\n{stdout}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_golden(&format!("cases/{name}.txt"), normalise(&text, Some(s)));
}

#[test]
fn the_main_commands_json_and_exit_codes() {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    let inbox = s.inbox().join("phone1");
    std::fs::copy(fixture("camera_motorola_moto_g9.jpg"), inbox.join("IMG_0001.jpg")).expect("copy");
    std::fs::write(inbox.join("IMG_0001.jpg.tags.json"), r#"{"children": ["Millie"]}"#).expect("sidecar");
    std::fs::copy(fixture("no_camera_orientation6.jpg"), s.inbox().join("download.jpg")).expect("copy");
    case(&s, "ingest_once_json", &["ingest", "--once", "--json"]);
    case(&s, "photo_list_json", &["photo", "list", "--json"]);
    case(&s, "quarantine_list_json", &["quarantine", "list", "--json"]);
    case(&s, "child_list_json", &["child", "list", "--json"]);
    case(&s, "guardian_list_json", &["guardian", "list", "--json"]);
    case(&s, "consent_show_json", &["consent", "show", "Millie", "--json"]);
    case(&s, "consent_check_refused_json", &["consent", "check", "C001", "C003", "--purpose", "website", "--json"]);
    case(&s, "consent_check_allowed", &["consent", "check", "C001", "--purpose", "display"]);
    case(&s, "device_list_json", &["device", "list", "--json"]);
    case(&s, "retention_dry_run_json", &["retention", "run", "--dry-run", "--json"]);
    case(&s, "audit_verify", &["audit", "verify"]);
    case(&s, "bad_child_id", &["child", "add", "C/1", "--name", "X"]);
    case(&s, "unknown_child", &["consent", "show", "Zara"]);
    case(&s, "unknown_purpose", &["consent", "grant", "C001", "parties", "--by", "G001", "--signed", "2026-09-01"]);
    case(&s, "missing_config", &["--config", "/nonexistent/consentgate.toml", "child", "list"]);
}
