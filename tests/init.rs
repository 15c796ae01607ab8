//! `init`: a new workspace from the office's roster (workbook or CSV), refused as a whole
//! at a bad row, never over an existing workspace.

mod common;

use std::path::Path;

use common::*;
use shuangyong::workspace::{UnitType, Workspace};

const HEADER: [&str; 4] = ["单位名称", "单位类型", "权威单位", "别名"];

fn roster_xlsx(path: &Path, rows: &[[&str; 4]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "示例区双拥工作领导小组成员单位").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(2, c as u16 + 1, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        sheet.write_number(3 + r as u32, 0, (r + 1) as f64).unwrap();
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(3 + r as u32, c as u16 + 1, *text).unwrap();
        }
    }
    book.save(path).unwrap();
}

fn roster_csv(path: &Path, rows: &[[&str; 4]]) {
    let mut text = String::from("\u{feff}");
    for row in std::iter::once(&HEADER).chain(rows) {
        text += &row.join(",");
        text += "\r\n";
    }
    std::fs::write(path, text).unwrap();
}

const GOOD: [[&str; 4]; 4] = [
    ["区退役军人事务局", "部门", "是", "退役军人事务局、区退役军人局"],
    ["区民政局", "部门", "", ""],
    ["东湖街道", "街道镇", "否", ""],
    ["驻区某部一营", "驻区部队", "", "某部一营"],
];

fn check_roster(ws: &Workspace) {
    let units: Vec<(&str, UnitType, bool)> =
        ws.units.iter().map(|u| (u.name.as_str(), u.unit_type, u.authoritative)).collect();
    assert_eq!(
        units,
        [
            ("区退役军人事务局", UnitType::Department, true),
            ("区民政局", UnitType::Department, false),
            ("东湖街道", UnitType::Street, false),
            ("驻区某部一营", UnitType::Troop, false),
        ]
    );
    assert_eq!(ws.units[0].aliases, ["退役军人事务局", "区退役军人局"]);
    assert!(ws.unit("某部一营").is_some());
}

#[test]
fn a_workbook_roster_makes_a_workspace_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    roster_xlsx(&dir.path().join("名单.xlsx"), &GOOD);
    let r = run(dir.path(), &["init", "新区", "--region", "新区", "--year", "2024", "--roster", "名单.xlsx"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("成员单位 4 个") && r.stdout.contains("区退役军人事务局"), "{}", r.stdout);
    // Issue 24 (5): no space between the region's year and 年度.
    assert!(r.stdout.contains("已创建工作区 新区（新区2024年度）"), "{}", r.stdout);
    let ws = Workspace::load(&dir.path().join("新区")).unwrap();
    assert_eq!((ws.region.as_str(), ws.office.as_str(), ws.year), ("新区", "新区双拥工作领导小组办公室", 2024));
    check_roster(&ws);
    assert!(ws.submissions_dir(2024).is_dir());

    // The next step works on it as it stands.
    let t = run(dir.path(), &["template", "新区"]);
    assert_eq!(t.code, 0, "{}", t.stderr);
}

#[test]
fn a_csv_roster_with_office_and_year() {
    let dir = tempfile::tempdir().unwrap();
    roster_csv(&dir.path().join("名单.csv"), &GOOD);
    let r = run(
        dir.path(),
        &["init", "ws", "--region", "示例区", "--office", "示例区双拥办", "--year", "2025", "--roster", "名单.csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ws = Workspace::load(&dir.path().join("ws")).unwrap();
    assert_eq!((ws.office.as_str(), ws.year), ("示例区双拥办", 2025));
    check_roster(&ws);
    assert!(dir.path().join("ws/submissions/2025").is_dir());
}

/// Issue 21 (11): a roster CSV that Excel on Chinese Windows saved (GBK, no byte-order
/// mark) reads like a UTF-8 one.
#[test]
fn a_gbk_csv_roster_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for row in std::iter::once(&HEADER).chain(&GOOD) {
        text += &row.join(",");
        text += "\r\n";
    }
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy && std::str::from_utf8(&gbk).is_err());
    std::fs::write(dir.path().join("名单.csv"), &gbk).unwrap();
    let r = run(dir.path(), &["init", "ws", "--region", "示例区", "--roster", "名单.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    check_roster(&Workspace::load(&dir.path().join("ws")).unwrap());
}

#[test]
fn a_bad_roster_names_the_row_and_writes_nothing() {
    let mut duplicate = GOOD;
    duplicate[2] = ["区民政局", "街道镇", "", ""];
    let mut unknown = GOOD;
    unknown[2] = ["东湖街道", "社区", "", ""];
    let mut two = GOOD;
    two[3] = ["驻区某部一营", "驻区部队", "是", ""];
    let mut alias = GOOD;
    alias[1] = ["区民政局", "部门", "", "退役军人事务局"];
    let mut formula = GOOD;
    formula[2] = ["=1+1", "街道镇", "", ""];
    let mut control = GOOD;
    control[2] = ["东湖街道", "街道镇", "", "东湖\u{1b}[2J"];
    for (rows, csv_row, xlsx_row, word) in [
        (duplicate, 4, 6, "重复"),
        (unknown, 4, 6, "社区"),
        (two, 5, 7, "权威单位"),
        (alias, 3, 5, "重复"),
        (formula, 4, 6, "公式"),
        (control, 4, 6, "\\u{1b}[2J"),
    ] {
        for csv in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let (file, row) = if csv { ("r.csv", csv_row) } else { ("r.xlsx", xlsx_row) };
            if csv {
                roster_csv(&dir.path().join(file), &rows);
            } else {
                roster_xlsx(&dir.path().join(file), &rows);
            }
            let r = run(dir.path(), &["init", "ws", "--region", "示例区", "--roster", file]);
            assert_eq!(r.code, 2, "{file}: {}", r.stdout);
            assert!(r.stderr.contains(&format!("第 {row} 行")) && r.stderr.contains(word), "{file}: {}", r.stderr);
            assert!(!dir.path().join("ws").exists(), "nothing written for {file}");
        }
    }

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.csv"), "单位名称,类型\n甲,部门\n").unwrap();
    let r = run(dir.path(), &["init", "ws", "--region", "示例区", "--roster", "r.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("缺少“单位类型”列"), "{}", r.stderr);
    assert!(!dir.path().join("ws").exists());
}

#[test]
fn without_a_roster_an_example_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["init", "ws", "--region", "示例区", "--year", "2024"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("示例"), "{}", r.stdout);
    let text = std::fs::read_to_string(dir.path().join("ws/shuangyong.toml")).unwrap();
    assert!(text.contains("# deadline") && text.contains("authoritative = true"), "{text}");
    let ws = Workspace::load(&dir.path().join("ws")).unwrap();
    assert!(ws.authoritative_unit().is_some() && ws.units.len() > 1);
}

#[test]
fn an_existing_workspace_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let before = std::fs::read(dir.path().join("shuangyong.toml")).unwrap();
    roster_csv(&dir.path().join("r.csv"), &GOOD);
    let r = run(dir.path(), &["init", ".", "--region", "新区", "--roster", "r.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("不会覆盖"), "{}", r.stderr);
    assert_eq!(std::fs::read(dir.path().join("shuangyong.toml")).unwrap(), before);
}
