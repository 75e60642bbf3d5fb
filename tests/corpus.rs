//! Every file of the shared corpus through real ingestion: none panics, none
//! is lost, each gets a decision with the right format. Skipped (with a
//! visible line) when ../shared/corpus is not beside this checkout.

mod common;

use common::{corpus, Setup};
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
        expected.push((name, path.to_string(), cols.get(5).copied().unwrap_or("").to_string()));
    }
    let out = s.cmd().args(["ingest", "--once", "--json"]).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let files = v["files"].as_array().expect("files");
    let mut by_format = std::collections::BTreeMap::<String, usize>::new();
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
    }
    println!("corpus: {} files, formats {by_format:?}", expected.len());
}
