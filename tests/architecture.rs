//! The architecture `docs/architecture.md` promises, checked on the sources: the data flows
//! one way (scan → read → recognise → validate → compute → write), and a module never imports
//! one of a higher layer. Reads `src/` as text: every `crate::…` path names the top-level module
//! it uses.

// A test that cannot read the sources fails: panicking is its way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules, from the top layer down. A module may import its own layer (as long as no
/// cycle forms) and every layer below it, never one above.
const LAYERS: &[&[&str]] = &[
    &["cli"],
    &["commands", "watch", "exit"],
    &["pipeline"],
    &["write", "template", "render"],
    &["compute", "source", "settings"],
    &["validate"],
    &["recognise", "parse"],
    &["read", "scan"],
    &["model", "catalogue", "config", "diagnostic", "normalise", "contain"],
];

/// No source file grows past this: one concept per file.
const MAX_LINES: usize = 600;

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn source_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<PathBuf> = walk(&src)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// `src/read/grid.rs` → `read`; `src/cli.rs` → `cli`; `src/lib.rs` and `src/main.rs` → none.
fn module_of(file: &Path) -> Option<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let relative = file.strip_prefix(&src).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy().to_string();
    let module = first.trim_end_matches(".rs").to_string();
    (module != "lib" && module != "main").then_some(module)
}

/// The top-level modules that a source text names through `crate::`, outside comments.
fn imported_modules(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut modules = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = closing_brace(group);
            for item in split_top_level(&group[..end]) {
                modules.insert(identifier(item.trim()));
            }
        } else {
            modules.insert(identifier(rest));
        }
    }
    modules.retain(|m| !m.is_empty() && m != "self");
    modules
}

fn identifier(text: &str) -> String {
    text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

fn closing_brace(text: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Module → the modules it imports (itself excluded), with the files that import each.
fn import_graph() -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut graph: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for file in source_files() {
        let Some(module) = module_of(&file) else { continue };
        let text = std::fs::read_to_string(&file).expect("source");
        let entry = graph.entry(module.clone()).or_default();
        for imported in imported_modules(&text) {
            if imported != module {
                entry
                    .entry(imported)
                    .or_default()
                    .push(file.file_name().unwrap_or_default().to_string_lossy().to_string());
            }
        }
    }
    graph
}

#[test]
fn every_top_level_module_has_a_layer() {
    let unplaced: Vec<String> = import_graph().into_keys().filter(|m| layer_of(m).is_none()).collect();
    assert!(unplaced.is_empty(), "modules missing from LAYERS: {unplaced:?}");
}

#[test]
fn a_module_never_imports_one_of_a_higher_layer() {
    let mut violations = Vec::new();
    for (module, imports) in import_graph() {
        let Some(own) = layer_of(&module) else { continue };
        for (imported, files) in imports {
            if layer_of(&imported).is_some_and(|layer| layer < own) {
                violations.push(format!("{module} → {imported} (in {})", files.join(", ")));
            }
        }
    }
    assert!(violations.is_empty(), "imports going up:\n{}", violations.join("\n"));
}

#[test]
fn there_is_no_import_cycle_between_top_level_modules() {
    let graph = import_graph();
    let mut cycles = Vec::new();
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((module, path)) = stack.pop() {
            for next in graph.get(&module).into_iter().flat_map(|m| m.keys()) {
                if next == start {
                    cycles.push(format!("{} → {start}", path.join(" → ")));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = source_files()
        .into_iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(&file).expect("source").lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

#[test]
fn the_import_reader_sees_grouped_and_inline_paths() {
    let text = "use crate::read::{self, Grid};\nuse crate::{model::Purchase, parse::{text_of, number}};\n// use crate::cli;\nlet x = crate::write::SHEETS;";
    let found: Vec<String> = imported_modules(text).into_iter().collect();
    assert_eq!(found, ["model", "parse", "read", "write"]);
}

/// The README is the pilot's: short, in French, and its two set-up commands are the ones CI runs.
#[test]
fn the_readme_is_short_and_its_two_commands_are_those_ci_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.chars().count() <= 15_000,
        "README of {} characters",
        readme.chars().count()
    );
    assert!(readme.contains("cargo run --release -- bilan samples -o bilan.xlsx"));
    assert!(readme.contains("\ncargo test "), "the test command, as CI runs it");
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == "cargo test --locked"), "{ci}");
    for doc in [
        "docs/guide.md",
        "docs/choix.md",
        "docs/architecture.md",
        "docs/performance.md",
        "CHANGELOG.md",
    ] {
        assert!(readme.contains(doc), "the README links {doc}");
        assert!(root.join(doc).is_file(), "{doc}");
    }
}
