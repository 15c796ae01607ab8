//! A unit's text holding control characters that XML cannot hold (U+0001, U+001F: typed
//! in Excel as `_x001F_`, or pasted from elsewhere) in its name, a 备注 and a 工作亮点:
//! `check` names each cell, and every file `build` and `dossier` write from it opens in
//! an independent reader (issue 21, item 1: the Word documents did not open at all).

mod common;

use std::path::{Path, PathBuf};

use common::*;

const FILE: &str = "2024_南山街道_双拥统计表.xlsx";

/// The sample district with 南山街道's return rewritten with control characters.
fn hostile_samples() -> (tempfile::TempDir, PathBuf) {
    let (tmp, ws) = samples();
    Intake::new("南山\u{1F}街道", 2024)
        .rows(&[
            ("ZZ01", 3.0),
            ("YF13", 376.0),
            ("TY03", 21.0),
            ("TY15", 1.0),
            ("TY16", 20.0),
            ("TY17", 20.0),
            ("GF02", 10.0),
            ("SH04", 6.0),
            ("SH05", 6.0),
        ])
        .row("YF05", 43)
        .note("含春节\u{1}八一期间集中走访")
        .highlight("拥军优属", "兵妈妈\u{1}驿站", "南山街道依托社区开设兵妈妈驿站\u{1F}，全年服务官兵1200人次。", "是")
        .write(&submissions(&ws, 2024).join(FILE));
    (tmp, ws)
}

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

#[test]
fn check_names_every_cell_with_a_control_character() {
    let (_tmp, ws) = hostile_samples();
    let (_, diagnostics) = check_json(&ws, &[ws.to_str().unwrap()]);
    let found: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["kind"] == "control_character")
        .map(|d| (brief(d), d["sheet"].as_str().unwrap().to_string(), d["severity"].as_str().unwrap().to_string()))
        .collect();
    let at = |sheet: &str, cell: &str, value: &str| {
        (
            ("control_character".to_string(), Some(FILE.to_string()), Some(cell.to_string()), Some(value.to_string())),
            sheet.to_string(),
            "warning".to_string(),
        )
    };
    assert_eq!(
        found,
        [
            at("填报表", "B2", "南山[U+001F]街道"),
            at("填报表", "F14", "含春节[U+0001]八一期间集中走访"),
            at("工作亮点", "B2", "兵妈妈[U+0001]驿站"),
            at("工作亮点", "C2", "南山街道依托社区开设兵妈妈驿站[U+001F]，全年服务官兵1200人次。"),
        ]
    );
    // The name still finds the roster's unit: the return counts.
    assert!(!diagnostics.iter().any(|d| d["kind"] == "unknown_unit"), "{diagnostics:?}");
}

#[test]
fn every_file_written_from_hostile_text_opens() {
    let (tmp, ws) = hostile_samples();
    let ws_arg = ws.to_str().unwrap();
    let report = tmp.path().join("report");
    let r = run(&ws, &["build", ws_arg, "--ofd", "--public", "--out", report.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let dossier = tmp.path().join("dossier");
    let r = run(&ws, &["dossier", ws_arg, "--ofd", "--out", dossier.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    let written: Vec<PathBuf> = files(&report).into_iter().chain(files(&dossier)).collect();
    for ext in ["pdf", "docx", "ofd", "xlsx"] {
        assert!(written.iter().any(|f| f.extension().is_some_and(|e| e == ext)), "no .{ext} in {written:?}");
    }
    open_independently(&written);
}
