//! `shuangyong query` driven as a user runs it, on workspaces built in a temporary folder.

mod common;

use std::path::Path;

use common::{Intake, Run, BUREAU, STREET_A, STREET_B};

fn query(ws: &Path, args: &[&str]) -> Run {
    let mut all = vec!["query", ws.to_str().unwrap()];
    all.extend_from_slice(args);
    common::run(ws, &all)
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::workspace(dir.path());
    dir
}

/// A returned workbook; `rows` are (code, value as typed).
fn submission(ws: &Path, year: i32, unit: &str, rows: &[(&str, &str)]) {
    let mut intake = Intake::new(unit, year);
    for (code, value) in rows {
        intake = match value.parse::<f64>() {
            Ok(n) => intake.row(code, n),
            Err(_) => intake.row(code, *value),
        };
    }
    intake.write(&common::submissions(ws, year).join(format!("{unit}.xlsx")));
}

/// Issue 9: one row per highlight with the contract's columns, `cell` the row's 标题 cell.
#[test]
fn highlights_table_lists_the_units_highlights() {
    let ws = workspace();
    Intake::new(STREET_A, 2024)
        .row("ZZ01", 2.0)
        .highlight("拥军优属", "兵妈妈驿站", "依托社区开设驿站", "否")
        .highlights_layout(|h| h.rows_above = 1)
        .write(&common::submissions(ws.path(), 2024).join("甲.xlsx"));
    Intake::new(STREET_B, 2024).row("ZZ01", 1.0).write(&common::submissions(ws.path(), 2024).join("乙.xlsx"));
    let r = query(ws.path(), &["--sql", "SELECT * FROM highlights", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "year,unit,unit_type,category,title,text,public,file,sheet,cell\n\
         2024,甲街道,街道镇,拥军优属,兵妈妈驿站,依托社区开设驿站,false,甲.xlsx,工作亮点,B3\n"
    );
}

#[test]
fn indicators_table_needs_no_submissions() {
    let ws = workspace();
    let sql = "SELECT code, name, unit, formula FROM indicators WHERE aggregate <> 'sum' ORDER BY code";
    let table = query(ws.path(), &["--sql", sql]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    common::golden("query/indicators.txt", &table.stdout);
    let csv = query(ws.path(), &["--sql", sql, "--format", "csv"]);
    common::golden("query/indicators.csv", &csv.stdout);
    let json = query(ws.path(), &["--sql", sql, "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // By code, not position: the catalogue grows.
    let row = |code: &str| rows.as_array().unwrap().iter().find(|r| r["code"] == code).unwrap().clone();
    assert_eq!(row("SH06")["formula"], "SH05 / SH04 * 100");
    assert!(row("YF01")["formula"].is_null());
}

#[test]
fn bad_sql_exits_2_with_the_engines_message() {
    let ws = workspace();
    let run = query(ws.path(), &["--sql", "SELEC code FROM indicators"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("SQL 有误："), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let run = query(ws.path(), &["--sql", "SELECT * FROM nowhere"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
}

#[test]
fn missing_workspace_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = query(dir.path(), &["--sql", "SELECT 1"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("shuangyong.toml"), "{}", run.stderr);
}

#[test]
fn totals_follow_each_rule_over_the_returned_workbooks() {
    let ws = workspace();
    submission(ws.path(), 2024, BUREAU, &[("YF01", "2152"), ("YF05", "12")]);
    submission(ws.path(), 2024, STREET_A, &[("YF01", "1000"), ("YF05", "30"), ("ZC04", "20"), ("ZC06", "20")]);
    submission(ws.path(), 2024, STREET_B, &[("YF01", "1100"), ("YF05", "3,500"), ("ZC04", "25"), ("ZC06", "30")]);
    submission(ws.path(), 2023, STREET_A, &[("YF05", "40")]);
    let sql = "SELECT year, code, value FROM totals ORDER BY year, code";
    let run = query(ws.path(), &["--sql", sql, "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "year,code,value\n2023,YF05,40\n2024,YF01,2152\n2024,YF05,3542\n2024,ZC04,45\n2024,ZC06,50\n2024,ZC07,90\n"
    );
    let by_unit = query(
        ws.path(),
        &[
            "--sql",
            "SELECT unit, value, sheet, cell FROM facts WHERE year = 2024 AND code = 'YF01' ORDER BY value DESC",
        ],
    );
    common::golden("query/by_unit.txt", &by_unit.stdout);
}

#[test]
fn data_errors_are_announced_but_do_not_stop_the_query() {
    let ws = workspace();
    submission(ws.path(), 2024, BUREAU, &[("ZZ01", "1")]);
    submission(ws.path(), 2024, STREET_A, &[("YF05", "若干"), ("ZZ01", "2")]);
    submission(ws.path(), 2024, STREET_B, &[("ZZ01", "3")]);
    let sql = "SELECT unit, code, value FROM facts ORDER BY value";
    let run = query(ws.path(), &["--sql", sql, "--format", "json"]);
    assert_eq!(run.code, 1, "the data has errors: {}", run.stderr);
    assert!(run.stderr.contains("注意：数据中有 1 条错误（2024年度）"), "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([
            {"unit": BUREAU, "code": "ZZ01", "value": 1},
            {"unit": STREET_A, "code": "ZZ01", "value": 2},
            {"unit": STREET_B, "code": "ZZ01", "value": 3},
        ])
    );
}
