//! The crate's layers point one way (docs/architecture.md § 1).
//!
//! Every top-level module of `src/` has a rank in [`LAYERS`]; a module may
//! name (`crate::other::…`, in a `use` or a path) only modules of a lower
//! rank. Equal ranks may not import each other, so no cycle can form. The
//! scan reads the source text of each module's file or folder, skipping
//! comment lines (doc links are not dependencies) and macro calls
//! (`crate::figure!`). A new top-level module must be given a rank here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Top-level modules and their rank (lowest first). Keep in step with the
/// table of docs/architecture.md § 1.
const LAYERS: &[(&str, u32)] = &[
    // Pure foundations: import nothing from the crate.
    ("engine", 0),
    ("stats", 0),
    ("io", 0),
    ("provenance", 0),
    // The model: engine only.
    ("model", 1),
    // Interface, from inputs to commands.
    ("geo", 2),
    ("scenario", 3),
    ("experiment", 4),
    ("results", 5),
    ("output", 6),
    ("validation", 6),
    ("report", 7),
    ("commands", 8),
    ("serve", 9),
];

fn rank(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file of `src/` belongs to (None: `lib.rs`, `main.rs`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// Every `crate::name` a line names, except macro calls (`crate::name!`).
fn crate_paths(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(i) = line[from..].find("crate::") {
        let at = from + i;
        from = at + 7;
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b'$') {
            continue; // `$crate::` (macro hygiene) or a longer identifier.
        }
        let rest = &line[from..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a::x, b};`: every first segment of the group.
            let inner = group.split('}').next().unwrap_or_default();
            found.extend(inner.split(',').filter_map(|s| s.trim().split("::").next()).filter(|s| !s.is_empty()).map(String::from));
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && !rest[name.len()..].starts_with('!') {
            found.push(name);
        }
    }
    found
}

/// (module, named module, file:line) of every cross-module reference.
fn edges() -> Vec<(String, String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for f in &files {
        let Some(module) = module_of(&src, f) else { continue };
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for to in crate_paths(line) {
                if to != module {
                    out.push((module.clone(), to, format!("{}:{}", f.strip_prefix(&src).unwrap().display(), n + 1)));
                }
            }
        }
    }
    out
}

#[test]
fn every_top_level_module_has_a_layer() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let modules: Vec<&str> = lib.lines().filter_map(|l| l.trim().strip_prefix("pub mod ")?.strip_suffix(';')).collect();
    assert!(modules.len() >= 10, "read the modules of lib.rs: {modules:?}");
    for m in &modules {
        assert!(rank(m).is_some(), "src/{m}: a new top-level module needs a rank in tests/layers.rs LAYERS (and docs/architecture.md § 1)");
    }
    for (m, _) in LAYERS {
        assert!(modules.contains(m), "LAYERS names {m}, which lib.rs does not declare");
    }
}

#[test]
fn imports_point_down_the_layers() {
    let mut wrong = Vec::new();
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (from, to, at) in edges() {
        let Some(to_rank) = rank(&to) else { continue }; // not a module (a crate-root item)
        let from_rank = rank(&from).unwrap_or_else(|| panic!("{at}: module {from} has no rank in LAYERS"));
        if to_rank >= from_rank {
            wrong.push(format!("{at}: {from} (layer {from_rank}) uses {to} (layer {to_rank})"));
        }
        let e = graph.entry(from).or_default();
        if !e.contains(&to) {
            e.push(to);
        }
    }
    assert!(wrong.is_empty(), "imports that run up or sideways:\n{}", wrong.join("\n"));
    // The scan found real edges (a broken scan would pass vacuously).
    assert!(graph.get("commands").is_some_and(|d| d.contains(&"experiment".to_string())), "{graph:?}");
    assert!(graph.get("model").is_some_and(|d| d == &["engine".to_string()]), "the model names only the engine: {graph:?}");
}

#[test]
fn the_scan_sees_what_a_layer_violation_looks_like() {
    assert_eq!(crate_paths("use crate::report::Lang;"), ["report"]);
    assert_eq!(crate_paths("let f = crate::figure!(a);"), Vec::<String>::new());
    assert_eq!(crate_paths("$crate::report::charts::x"), Vec::<String>::new());
    assert_eq!(crate_paths("use crate::{io::RunError, stats};"), ["io", "stats"]);
    assert_eq!(crate_paths("x(crate::a::b, crate::c)"), ["a", "c"]);
}
