//! `shuangyong query` driven as a user runs it, on workspaces built in a temporary folder.

use std::path::Path;
use std::process::Command;

use rust_xlsxwriter::Workbook;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn query(ws: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_shuangyong"))
        .arg("query")
        .arg(ws)
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Compares with `tests/golden/query/<name>`; `UPDATE_GOLDEN=1` rewrites it.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/query").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing; run with UPDATE_GOLDEN=1", path.display()));
    assert_eq!(actual, expected, "differs from {}", path.display());
}

const ROSTER: &str = r#"region = "示例区"
office = "示例区双拥工作领导小组办公室"
year = 2024

[[units]]
name = "区退役军人事务局"
type = "部门"
authoritative = true

[[units]]
name = "甲街道"
type = "街道镇"

[[units]]
name = "乙镇"
type = "街道镇"
"#;

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shuangyong.toml"), ROSTER).unwrap();
    dir
}

/// A returned workbook in the contract's layout; `rows` are (code, value as typed).
fn submission(ws: &Path, year: i32, unit: &str, rows: &[(&str, &str)]) {
    let dir = ws.join("submissions").join(year.to_string());
    std::fs::create_dir_all(&dir).unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("填报表").unwrap();
    sheet.write_string(1, 0, "填报单位").unwrap();
    sheet.write_string(1, 1, unit).unwrap();
    sheet.write_string(1, 3, "统计年度").unwrap();
    sheet.write_number(1, 4, year).unwrap();
    for (col, label) in ["指标编码", "类别", "指标名称", "计量单位", "本年数值", "备注"].iter().enumerate()
    {
        sheet.write_string(3, col as u16, *label).unwrap();
    }
    let catalog = include_str!("fixtures/indicators.csv");
    for (i, (code, value)) in rows.iter().enumerate() {
        let row = 4 + i as u32;
        let line = catalog.lines().find(|l| l.starts_with(&format!("{code},"))).expect("a catalogue code");
        let f: Vec<&str> = line.split(',').collect();
        sheet.write_string(row, 0, *code).unwrap();
        sheet.write_string(row, 1, f[1]).unwrap();
        sheet.write_string(row, 2, f[2]).unwrap();
        sheet.write_string(row, 3, f[3]).unwrap();
        match value.parse::<f64>() {
            Ok(n) => sheet.write_number(row, 4, n).unwrap(),
            Err(_) => sheet.write_string(row, 4, *value).unwrap(),
        };
    }
    book.save(dir.join(format!("{unit}.xlsx"))).unwrap();
}

#[test]
fn indicators_table_needs_no_submissions() {
    let ws = workspace();
    let sql = "SELECT code, name, unit, formula FROM indicators WHERE aggregate <> 'sum' ORDER BY code";
    let table = query(ws.path(), &["--sql", sql]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    golden("indicators.txt", &table.stdout);
    let csv = query(ws.path(), &["--sql", sql, "--format", "csv"]);
    golden("indicators.csv", &csv.stdout);
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
    submission(ws.path(), 2024, "区退役军人事务局", &[("YF01", "2152"), ("YF05", "12")]);
    submission(ws.path(), 2024, "甲街道", &[("YF01", "1000"), ("YF05", "30"), ("ZC04", "20"), ("ZC06", "20")]);
    submission(ws.path(), 2024, "乙镇", &[("YF01", "1100"), ("YF05", "3,500"), ("ZC04", "25"), ("ZC06", "30")]);
    submission(ws.path(), 2023, "甲街道", &[("YF05", "40")]);
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
    golden("by_unit.txt", &by_unit.stdout);
}

#[test]
fn data_errors_are_announced_but_do_not_stop_the_query() {
    let ws = workspace();
    submission(ws.path(), 2024, "区退役军人事务局", &[("ZZ01", "1")]);
    submission(ws.path(), 2024, "甲街道", &[("YF05", "若干"), ("ZZ01", "2")]);
    submission(ws.path(), 2024, "乙镇", &[("ZZ01", "3")]);
    let sql = "SELECT unit, code, value FROM facts ORDER BY value";
    let run = query(ws.path(), &["--sql", sql, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("注意：数据中有 1 条错误"), "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([
            {"unit": "区退役军人事务局", "code": "ZZ01", "value": 1},
            {"unit": "甲街道", "code": "ZZ01", "value": 2},
            {"unit": "乙镇", "code": "ZZ01", "value": 3},
        ])
    );
}
