//! The rules every command follows alike (issue 22, item 3): which years' errors count,
//! no output where `check` reads returns, a closed pipe ends any command quietly, and a
//! year given to `init` is checked as every other command checks it.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// A workspace with clean 2023 and 2024 returns from the bureau and a street.
fn reported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    for year in [2023, 2024] {
        let sub = submissions(dir.path(), year);
        Intake::new(BUREAU, year).rows(&[("YF01", 300.0), ("ZZ01", 4.0)]).write(&sub.join("a.xlsx"));
        Intake::new(STREET_A, year).rows(&[("YF01", 300.0), ("YF05", 40.0)]).write(&sub.join("b.xlsx"));
    }
    dir
}

#[test]
fn no_command_writes_where_check_reads_returns() {
    let dir = reported();
    let ws = dir.path();
    let before = files(&ws.join("submissions"));
    for args in [
        &["build", "--out", "submissions/2024/out"][..],
        &["build", "--charts", "submissions/charts"],
        &["dossier", "--from", "2023", "--out", "submissions"],
        &["export", "--out", "submissions/2024/export"],
        &["template", "--out", "submissions/2024"],
        &["check", "--feedback", "submissions/2024/反馈"],
    ] {
        let r = run(ws, args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("submissions 之内") && r.stderr.contains("另选文件夹"), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: refused before anything is read: {}", r.stdout);
        assert_eq!(files(&ws.join("submissions")), before, "{args:?}");
        assert!(!ws.join("out").exists(), "{args:?}");
    }
}

#[test]
fn a_reader_that_stops_early_ends_every_command_quietly() {
    let (tmp, ws) = samples();
    let out = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    let ws = ws.to_str().unwrap();
    let (new, blank, export, docs) = (out("new"), out("blank"), out("export"), out("docs"));
    let (new, blank, export, docs) = (new.as_str(), blank.as_str(), export.as_str(), docs.as_str());
    for args in [
        &["init", new, "--region", "示例区", "--year", "2024"][..],
        &["template", ws, "--out", blank],
        &["check", ws],
        &["query", ws, "--sql", "SELECT * FROM facts"],
        &["export", ws, "--out", export],
        &["build", ws, "--out", docs],
        &["dossier", ws, "--out", docs],
    ] {
        let r = run_unread(tmp.path(), args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked") && !r.stderr.contains("错误"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn init_checks_its_year_as_every_command_does() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new");
    let r = run(dir.path(), &["init", new.to_str().unwrap(), "--region", "示例区", "--year", "2090"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("2090") && r.stderr.contains("用法"), "{}", r.stderr);
    assert!(!r.stderr.contains("内部错误"), "{}", r.stderr);
    assert!(!new.join("shuangyong.toml").exists());
}

#[test]
fn query_and_export_count_the_errors_of_every_year_they_hold() {
    let dir = reported();
    let ws = dir.path();
    Intake::new(STREET_B, 2023).rows(&[("ZZ01", 1.0)]).row("ZZ02", "若干").write(&ws.join("submissions/2023/c.xlsx"));

    let r = run(ws, &["query", "--sql", "SELECT year, unit, code FROM facts WHERE code = 'ZZ01' ORDER BY year, unit"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("注意：数据中有 1 条错误（2023年度）"), "{}", r.stderr);
    assert!(r.stdout.contains(STREET_B), "the clean values are answered: {}", r.stdout);

    let r = run(ws, &["export", "--out", "export", "--format", "csv"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("注意：数据中有 1 条错误（2023年度）"), "{}", r.stderr);
    assert!(ws.join("export/facts.csv").exists());

    // The report covers its own year: 2023's error is not its to refuse.
    let r = run(ws, &["build", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_dossier_lists_each_years_errors_under_the_year() {
    let dir = reported();
    let ws = dir.path();
    Intake::new(STREET_B, 2023).row("ZZ02", "若干").write(&ws.join("submissions/2023/c.xlsx"));
    Intake::new(STREET_B, 2024).row("ZZ02", "很多").write(&ws.join("submissions/2024/c.xlsx"));
    let r = run(ws, &["dossier", "--from", "2023"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let (y23, y24) = (r.stderr.find("2023 年度\n").unwrap(), r.stderr.find("2024 年度\n").unwrap());
    let (a, b) = (r.stderr.find("若干").unwrap(), r.stderr.find("很多").unwrap());
    assert!(y23 < a && a < y24 && y24 < b, "{}", r.stderr);
    assert!(r.stderr.contains("数据有 2 处错误，未生成考评材料"), "{}", r.stderr);
    assert!(!ws.join("out").exists());
}
