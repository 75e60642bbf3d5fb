//! Every file of the shared corpus through real ingestion: none panics, none
//! is lost, each gets a decision with the right format. Skipped (with a
//! visible line) when ../shared/corpus is not beside this checkout.

use crate::common::{corpus, Setup};
use serde_json::Value;

#[test]
fn every_corpus_file_gets_a_decision_and_nothing_panics() {
    let Some(corpus) = corpus() else { return };
    let s = Setup::new();
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("manifest");
    let mut expected = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let path = cols[0];
        if path.starts_with("age_vectors/") {
            continue;
        }
        let name = path.replace('/', "__");
        std::fs::copy(corpus.join(path), s.inbox().join(&name)).expect("copy");
        crate::common::settled(&s.inbox().join(&name));
        expected.push((name, path.to_string(), cols.get(5).copied().unwrap_or("").to_string()));
    }
    let out = s.cmd().args(["ingest", "--once", "--json"]).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let files = v["files"].as_array().expect("files");
    let mut by_format = std::collections::BTreeMap::<String, usize>::new();
    let mut mismatches = Vec::new();
    for (name, path, notable) in &expected {
        let e = files.iter().find(|e| e["file"] == name.as_str()).unwrap_or_else(|| panic!("{path}: no outcome"));
        let outcome = e["outcome"].as_str().unwrap_or("");
        assert!(["stored", "awaiting_tags", "quarantined", "duplicate"].contains(&outcome), "{path}: {e}");
        assert!(!s.inbox().join(name).exists(), "{path}: left in the inbox");
        let id = e["photo"].as_str().expect("photo id");
        let photo = s.json(&["photo", "show", id]);
        let format = photo["format"].as_str().unwrap_or("").to_string();
        *by_format.entry(format.clone()).or_default() += 1;
        if path.starts_with("jpeg/") {
            assert_eq!(format, "jpeg", "{path}");
        }
        // Every untouched camera file that names its make in the manifest
        // is recognised as coming from a camera.
        if path.starts_with("jpeg/") && notable.contains("Make/Model=") && outcome != "duplicate" {
            assert!(!photo["camera"].is_null(), "{path}: camera not read ({notable})");
        }
        check_against_manifest(path, notable, &photo, &mut mismatches);
    }
    println!("corpus: {} files, formats {by_format:?}", expected.len());
    assert!(
        mismatches.is_empty(),
        "{} file(s) disagree with the manifest:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// A manifest field such as `type=HEIC` or `pixels=4032x3024`.
fn field<'a>(notable: &'a str, key: &str) -> Option<&'a str> {
    notable.split("; ").find_map(|p| p.strip_prefix(key)).map(str::trim)
}

/// Format, capture time, camera and (for decoded stills) size agree with
/// the manifest, or the photo carries a reason saying why not.
fn check_against_manifest(path: &str, notable: &str, photo: &Value, out: &mut Vec<String>) {
    let dir = path.split('/').next().unwrap_or("");
    if !["jpeg", "heic", "video", "png_tiff_webp"].contains(&dir) {
        return; // malformed/: any clear reason will do (checked above)
    }
    let format = photo["format"].as_str().unwrap_or("");
    let codes: Vec<&str> =
        photo["reasons"].as_array().map(|r| r.iter().filter_map(|x| x["code"].as_str()).collect()).unwrap_or_default();
    let unverifiable = codes.iter().any(|c| ["unsupported_format", "corrupt_image", "image_too_large"].contains(c));
    let want = match field(notable, "type=").unwrap_or("") {
        "JPEG" | "MPO" => "jpeg",
        "PNG" => "png",
        "TIFF" => "tiff",
        "WEBP" | "Extended WEBP" => "webp",
        "HEIC" | "HEIF" => "heic|heif",
        "AVIF" => "avif",
        "MP4" => "mp4",
        "MOV" => "mov",
        "3GP" => "3gp|mp4",
        _ => "",
    };
    if want.is_empty() {
        if !codes.contains(&"unsupported_format") {
            out.push(format!("{path}: a format we do not verify should be unsupported_format, got {format} {codes:?}"));
        }
        return;
    }
    if !want.split('|').any(|w| w == format) {
        out.push(format!("{path}: format {format}, manifest says {want}"));
    }
    if let Some(when) = field(notable, "DateTimeOriginal=").or_else(|| field(notable, "QuickTime CreateDate=")) {
        let want = when.replacen(':', "-", 2).replace(' ', "T");
        let got = photo["captured_at"].as_str().unwrap_or("");
        let real = !when.starts_with("0000") && !when.trim_start_matches(':').trim().is_empty() && when.len() >= 19;
        if real && !unverifiable && !got.starts_with(&want[..19.min(want.len())]) {
            out.push(format!("{path}: captured_at {got:?}, manifest says {when}"));
        }
    }
    if let Some(mm) = field(notable, "Make/Model=") {
        let make = mm.split(" / ").next().unwrap_or("");
        let got = photo["camera"]["make"].as_str().unwrap_or("");
        if !make.starts_with("<?php") && got.trim() != make.trim() && !unverifiable {
            out.push(format!("{path}: camera make {got:?}, manifest says {make:?}"));
        }
    }
    // Stills we decode report the manifest's pixel size (HEIF after its
    // container rotation, so either way round).
    if let (Some(px), false) = (field(notable, "pixels="), unverifiable || dir == "video") {
        let mut it = px.split('x').map(|n| n.parse::<u64>().unwrap_or(0));
        let (w, h) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
        let got = (photo["width"].as_u64(), photo["height"].as_u64());
        let heif = ["heic", "heif", "avif"].contains(&format);
        let ok = got == (Some(w), Some(h)) || (heif && got == (Some(h), Some(w))) || got == (None, None);
        if !ok {
            out.push(format!("{path}: size {got:?}, manifest says {w}x{h}"));
        }
    }
}
