//! No import cycle between the files of any folder of `src/` (issue 22): data flows one
//! way through the stages, and inside a stage one way between its files, so that each
//! can be read (and changed) knowing only what it imports.
//!
//! Reads the `crate::`, `super::` and `self::` paths of every source file (tests and
//! comments aside), maps each to the file it names, and for each folder joins the files
//! and subfolders it holds by those imports. A folder's own `mod.rs` (or `lib.rs`) is
//! left out: it declares its children, and they may use what it defines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// Every source file as its module path, with its code (test modules and comments left
/// out).
fn sources() -> BTreeMap<Module, (bool, String)> {
    let mut found = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut Vec::new(), &mut found);
    // Files that are whole test modules (`#[cfg(test)] mod tests;`).
    let test_files: Vec<Module> = found
        .iter()
        .flat_map(|(module, (_, text))| {
            let lines: Vec<&str> = text.lines().map(str::trim).collect();
            lines
                .windows(2)
                .filter(|w| w[0] == "#[cfg(test)]")
                .filter_map(|w| w[1].strip_prefix("mod ")?.strip_suffix(';'))
                .map(|name| module.iter().cloned().chain([name.to_string()]).collect())
                .collect::<Vec<Module>>()
        })
        .collect();
    for t in test_files {
        found.remove(&t);
    }
    found.into_iter().map(|(m, (is_dir, text))| (m, (is_dir, code(&text)))).collect()
}

/// (module, (whether it is a folder's `mod.rs`/`lib.rs`, text)).
fn walk(dir: &Path, prefix: &mut Module, found: &mut BTreeMap<Module, (bool, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            prefix.push(name);
            walk(&path, prefix, found);
            prefix.pop();
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            match name.as_str() {
                "main" => {}
                "mod" | "lib" => {
                    found.insert(prefix.clone(), (true, text));
                }
                _ => {
                    found.insert(prefix.iter().cloned().chain([name]).collect(), (false, text));
                }
            }
        }
    }
}

/// The text without `//` comments and without the `#[cfg(test)] mod tests { … }` that
/// ends a file.
fn code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].trim_start().starts_with("mod ") && w[1].ends_with('{'))
        .unwrap_or(lines.len());
    lines[..end].iter().filter(|l| !l.trim_start().starts_with("//")).copied().collect::<Vec<_>>().join("\n")
}

/// Every path the code names that starts with `crate`, `super` or `self`, as the
/// segments after that start, with the start itself first.
fn paths(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if (i == 0 || !ident(chars[i - 1])) && ident(chars[i]) {
            let start = i;
            while i < chars.len() && ident(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if ["crate", "super", "self"].contains(&word.as_str()) {
                tree(&chars, &mut i, vec![word], &mut out);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Reads `::segment…` and `::{a, b::c, …}` after `prefix`, pushing each full path.
fn tree(chars: &[char], i: &mut usize, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    loop {
        let rest: String = chars[*i..chars.len().min(*i + 2)].iter().collect();
        if rest != "::" {
            break;
        }
        *i += 2;
        if chars.get(*i) == Some(&'{') {
            *i += 1;
            loop {
                while chars.get(*i).is_some_and(|c| c.is_whitespace() || *c == ',') {
                    *i += 1;
                }
                match chars.get(*i) {
                    None => return,
                    Some('}') => {
                        *i += 1;
                        return;
                    }
                    Some(_) => {
                        let start = *i;
                        while chars.get(*i).is_some_and(|&c| ident(c)) {
                            *i += 1;
                        }
                        let word: String = chars[start..*i].iter().collect();
                        let mut inner = prefix.clone();
                        if !word.is_empty() && word != "self" {
                            inner.push(word);
                        }
                        tree(chars, i, inner, out);
                        // Skip `as name` and anything else up to the next item.
                        while chars.get(*i).is_some_and(|&c| c != ',' && c != '}') {
                            *i += 1;
                        }
                    }
                }
            }
        }
        let start = *i;
        while chars.get(*i).is_some_and(|&c| ident(c)) {
            *i += 1;
        }
        if *i == start {
            break;
        }
        prefix.push(chars[start..*i].iter().collect());
    }
    out.push(prefix);
}

/// The file a path from `module` names: the longest known module it starts with.
fn resolve(module: &Module, is_dir: bool, path: &[String], known: &BTreeMap<Module, (bool, String)>) -> Module {
    let mut base: Module = if is_dir { module.clone() } else { module[..module.len() - 1].to_vec() };
    let mut segments = &path[1..];
    match path[0].as_str() {
        "crate" => base.clear(),
        "self" => base = module.clone(),
        _ => {
            // `super` from a file is its folder; from a folder's mod.rs, the folder above.
            if is_dir {
                base.pop();
            }
            while segments.first().is_some_and(|s| s == "super") {
                base.pop();
                segments = &segments[1..];
            }
        }
    }
    let full: Module = base.into_iter().chain(segments.iter().cloned()).collect();
    (0..=full.len()).rev().map(|n| full[..n].to_vec()).find(|m| known.contains_key(m)).unwrap_or_default()
}

/// Cycles (as lists of children) among the children of each folder.
fn cycles() -> Vec<String> {
    let known = sources();
    let mut edges: BTreeSet<(Module, Module)> = BTreeSet::new();
    for (module, (is_dir, code)) in &known {
        for path in paths(code) {
            let target = resolve(module, *is_dir, &path, &known);
            if &target != module {
                edges.insert((module.clone(), target));
            }
        }
    }
    let folders: BTreeSet<Module> = known.iter().filter(|(_, (d, _))| *d).map(|(m, _)| m.clone()).collect();
    let mut found = Vec::new();
    for folder in folders {
        let child = |m: &Module| (m.len() > folder.len() && m.starts_with(&folder)).then(|| m[folder.len()].clone());
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in &edges {
            if let (Some(a), Some(b)) = (child(from), child(to)) {
                if a != b {
                    graph.entry(a).or_default().insert(b);
                }
            }
        }
        for start in graph.keys() {
            // A cycle through `start` whose other members all sort after it: each once.
            let mut stack = vec![(start.clone(), vec![start.clone()])];
            while let Some((node, trail)) = stack.pop() {
                for next in graph.get(&node).into_iter().flatten() {
                    if next == start {
                        found.push(format!("src/{}: {} → {start}", folder.join("/"), trail.join(" → ")));
                    } else if next > start && !trail.contains(next) {
                        stack.push((next.clone(), trail.iter().cloned().chain([next.clone()]).collect()));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn no_folder_has_an_import_cycle_between_its_files() {
    let found = cycles();
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn paths_are_read_through_groups_and_renames() {
    let got = paths("use crate::a::{self, b::{C, d as e}, f};\nlet x = super::super::g::h(y);");
    let want: Vec<Vec<&str>> = vec![
        vec!["crate", "a"],
        vec!["crate", "a", "b", "C"],
        vec!["crate", "a", "b", "d"],
        vec!["crate", "a", "f"],
        vec!["super", "super", "g", "h"],
    ];
    assert_eq!(got, want);
}
