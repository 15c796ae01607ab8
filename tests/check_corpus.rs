//! `shuangyong check` over a corpus of real workbooks, many malformed (calamine's own
//! test files): every file gets at least one diagnostic naming it, nothing crashes or
//! hangs. The corpus lives beside the repository (`../shared/corpus`, or the folder
//! in SHUANGYONG_CORPUS); without it the test fails under CI and is skipped elsewhere.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_corpus_file_gets_a_diagnostic_and_nothing_crashes() {
    let Some(dir) = common::corpus() else { return };
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    files.sort();
    assert!(files.len() > 50, "{} files in {}", files.len(), dir.display());
    let args: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    let cwd = tempfile::tempdir().unwrap();

    let started = Instant::now();
    let (code, diags) = common::check_json(cwd.path(), &all);
    let took = started.elapsed();
    assert!(code <= 1, "exit {code}");
    for f in &args {
        assert!(diags.iter().any(|d| d["file"] == f.as_str()), "no diagnostic names {f}");
    }
    assert!(took < Duration::from_secs(30), "took {took:?}");
    eprintln!("{} files checked in {took:?}", files.len());

    all.insert(0, "check");
    let text = common::run(cwd.path(), &all);
    assert!(text.code <= 1 && text.stderr.is_empty(), "exit {}: {}", text.code, text.stderr);
    assert!(
        text.stdout.ends_with(&format!("共检查 {} 个文件，错误 {} 条，警告 0 条\n", files.len(), diags.len())),
        "{}",
        text.stdout
    );
}
