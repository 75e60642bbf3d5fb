//! The layers point one way (see `LAYERS`): the CLI is a leaf, no module
//! uses one of a higher layer, and there is no circle. Nothing outside `src/cli/`
//! and `src/main.rs` may use it (the web UI, the daemon and the workflow
//! call the library, as the CLI does).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every file under `src/`: its path from there (with `/`) and its text.
fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(&f).expect("read"))
        })
        .collect()
}

#[test]
fn nothing_outside_the_cli_imports_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "found the sources: {}", files.len());
    let mut offenders = Vec::new();
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src");
        if rel.starts_with("cli") || rel == Path::new("main.rs") || rel == Path::new("lib.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("read");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("crate::cli") || code.contains("super::cli") || code.contains("consentgate::cli") {
                offenders.push(format!("src/{}:{}: {}", rel.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "the CLI is a leaf; these use it:\n{}", offenders.join("\n"));
}

/// The house's layers, lowest first. A module may use modules of its own
/// layer or lower ones, never a higher one; and no two modules use each
/// other, however indirectly.
const LAYERS: &[&[&str]] = &[
    // plain data and helpers that know nothing else
    &["model", "limits", "clock", "memory", "progress", "blocking", "error", "failpoint"],
    // pure decisions and the settings they read
    &["policy", "retention", "config", "input"],
    // files, keys, pixels
    &["keys", "vault", "audit", "faces", "media"],
    // the register
    &["register", "accounts"],
    // the inbox
    &["ingest"],
    // the manager's work and the way out
    &["workflow", "offsite"],
    // the front-ends
    &["web", "daemon", "doctor", "cli"],
];

/// The top-level modules each top-level module of `src/` names
/// (`crate::x`, and `super::x` from a file right under `src/x/`).
fn module_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let tops: std::collections::BTreeSet<String> =
        LAYERS.iter().flat_map(|l| l.iter().map(|m| m.to_string())).collect();
    let mut graph = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("a component").as_os_str().to_string_lossy().to_string();
        let top = first.trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        assert!(tops.contains(&top), "src/{} is in no layer of tests/layout.rs: add it", rel.display());
        let text = std::fs::read_to_string(&f).expect("read");
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for (i, _) in code.match_indices("crate::") {
                let name: String = code[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if tops.contains(&name) && name != top {
                    graph.entry(top.clone()).or_default().insert(name);
                }
            }
        }
    }
    graph
}

fn layer_of(module: &str) -> usize {
    LAYERS.iter().position(|l| l.contains(&module)).expect("every module has a layer")
}

#[test]
fn no_arrow_runs_from_a_lower_layer_to_a_higher_one() {
    let graph = module_graph();
    assert!(graph.len() > 15, "read the modules: {graph:?}");
    let mut upward = Vec::new();
    for (from, tos) in &graph {
        for to in tos {
            if layer_of(to) > layer_of(from) {
                upward.push(format!("{from} (layer {}) uses {to} (layer {})", layer_of(from), layer_of(to)));
            }
        }
    }
    assert!(upward.is_empty(), "arrows that run back up:\n{}", upward.join("\n"));
}

#[test]
fn no_two_modules_use_each_other() {
    let graph = module_graph();
    // Depth-first search for a back edge; prints the circle it finds.
    fn visit(
        m: &str,
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut circle = path[i..].to_vec();
            circle.push(m.to_string());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    for m in graph.keys() {
        if let Some(circle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("a circle of modules: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn the_layer_check_sees_an_upward_arrow() {
    // The checker itself: `register` names `workflow` in a made-up graph.
    let mut g = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
    g.entry("register".into()).or_default().insert("workflow".into());
    let upward: Vec<_> = g.iter().flat_map(|(f, ts)| ts.iter().filter(move |t| layer_of(t) > layer_of(f))).collect();
    assert_eq!(upward, ["workflow"]);
}

/// No source file grows past 600 lines (a file that long does several
/// things: split it by what it does). Test modules (`tests.rs`) are exempt.
#[test]
fn no_source_file_is_over_600_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "tests.rs"))
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).expect("read").lines().count();
            (n > 600).then(|| format!("{} ({n} lines)", f.strip_prefix(&src).expect("under src").display()))
        })
        .collect();
    long.sort();
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

/// A web handler file is thin: at most 400 lines before its tests (the
/// pages draw; the work is in the library).
#[test]
fn no_web_file_is_over_400_lines_before_its_tests() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("web"), &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).expect("read");
            let n = text.split("#[cfg(test)]").next().unwrap_or_default().lines().count();
            (n > 400).then(|| format!("{} ({n} lines)", f.strip_prefix(&src).expect("under src").display()))
        })
        .collect();
    long.sort();
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

/// Where a `Result<_, String>` is, in the library (outside `src/cli/` and
/// test modules): `file: line` of each. Errors are types that say their
/// kind (see `src/error.rs`), never bare strings.
fn string_errors() -> Vec<String> {
    let mut found = Vec::new();
    for (rel, text) in sources() {
        if rel.starts_with("cli/") || rel.ends_with("tests.rs") || rel == "main.rs" {
            continue;
        }
        let code = text.split("#[cfg(test)]\nmod tests {").next().unwrap_or(&text);
        for (at, _) in code.match_indices("Result<") {
            // The generic arguments, balanced, and the last one at the top level.
            if string_error_at(&code[at + 7..]) {
                let line = code[..at].lines().count();
                found.push(format!("src/{rel}:{line}"));
            }
        }
    }
    found.sort();
    found
}

/// The library's errors are types, not strings (a photo left out of an
/// export says why with `workflow::Withheld`).
#[test]
fn the_library_returns_no_string_errors() {
    let found = string_errors();
    assert!(found.is_empty(), "Result<_, String> in the library (use a typed error):\n{found:#?}");
}

/// Below the front-ends, what went wrong is a typed error of its operation
/// (`TagError`, `SidecarError`, `input::Invalid`, ...), never words in a
/// `BadInput(String)`: only the CLI and the web, checking a form or an
/// argument at the edge, say a problem in their own words.
#[test]
fn only_the_front_ends_make_bad_input_from_words() {
    let mut found = Vec::new();
    for (rel, text) in sources() {
        if rel.starts_with("cli/") || rel.starts_with("web/") || rel == "error.rs" || rel == "main.rs" {
            continue;
        }
        let code = text.split("#[cfg(test)]\nmod tests {").next().unwrap_or(&text);
        for (at, _) in code.match_indices("BadInput(") {
            found.push(format!("src/{rel}:{}", code[..at].lines().count()));
        }
    }
    assert!(found.is_empty(), "BadInput(words) below the front-ends (use the operation's error type):\n{found:#?}");
}

/// Whether the generic arguments that start `args` (just after
/// `Result<`) are two, the second `String`: nested generics are skipped, and
/// a one-argument alias (`anyhow::Result<String>`) is an Ok type.
fn string_error_at(args: &str) -> bool {
    let (mut depth, mut commas) = (0, 0);
    let mut last = String::new();
    for c in args.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' if depth == 0 => break,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                commas += 1;
                last.clear();
                continue;
            }
            _ => {}
        }
        last.push(c);
    }
    commas == 1 && last.trim() == "String"
}

#[test]
fn the_string_error_check_reads_generics() {
    assert!(string_error_at("Option<Vec<u8>>, String> {"));
    assert!(string_error_at("(), String>"));
    assert!(!string_error_at("HashMap<String, String>> {"), "a String inside a generic");
    assert!(!string_error_at("String> {"), "anyhow::Result<String>: the Ok type");
    assert!(!string_error_at("String, BadInput>"));
}

/// The library (its CLI too) has one error type, `consentgate::error::Error`,
/// whose kind is fixed when it is made from a cause that says its own: no
/// `anyhow` (whose errors carry no kind and were classified afterwards by
/// guessing at their types) in the code or among the dependencies, and no
/// boxed error of any type outside `src/error.rs`.
#[test]
fn the_library_has_one_error_type() {
    let mut found = Vec::new();
    for (rel, text) in sources() {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let boxed = code.contains("Box<dyn std::error::Error") || code.contains("Box<dyn StdError");
            if code.contains("anyhow") || (boxed && rel != "error.rs") {
                found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "errors outside consentgate::error::Error:\n{}", found.join("\n"));
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).expect("Cargo.toml");
    let deps = manifest.split("[dependencies]").nth(1).and_then(|d| d.split("\n[").next()).expect("[dependencies]");
    assert!(!deps.lines().any(|l| l.trim_start().starts_with("anyhow")), "anyhow is a dependency again");
}
