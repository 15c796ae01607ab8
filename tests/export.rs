//! `shuangyong export` driven as a user runs it: the files read back with polars match
//! what `query` answers over the same workspace, every row names its region, the bytes
//! repeat, and long runs show no progress bar on a pipe.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use polars::prelude::{AnyValue, DataFrame};
use polars_io::prelude::{ParquetReader, SerReader};

fn read_parquet(path: &Path) -> DataFrame {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetReader::new(file).finish().unwrap()
}

/// A cell as JSON, numbers as floats: `query --format json` writes 3500.0 as 3500.
fn json(v: &AnyValue) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        AnyValue::Null => J::Null,
        AnyValue::Boolean(b) => J::Bool(*b),
        AnyValue::String(s) => J::from(*s),
        AnyValue::StringOwned(s) => J::from(s.as_str()),
        other => J::from(other.extract::<f64>().unwrap_or_else(|| panic!("unexpected cell {other:?}"))),
    }
}

fn as_float(v: &serde_json::Value) -> serde_json::Value {
    v.as_f64().map(serde_json::Value::from).unwrap_or_else(|| v.clone())
}

/// `SELECT * FROM table` through the binary, as JSON objects.
fn query_rows(ws: &Path, table: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let ws = ws.to_str().unwrap();
    let r = run(Path::new("."), &["query", ws, "--format", "json", "--sql", &format!("SELECT * FROM {table}")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn export_read_back_matches_querys_tables_with_the_region_on_every_row() {
    let (_tmp, ws) = samples();
    let out = tempfile::tempdir().unwrap();
    let r = run(Path::new("."), &["export", ws.to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for table in ["facts", "totals", "indicators", "units"] {
        assert!(r.stdout.contains(&format!("已导出 {table}：")), "{}", r.stdout);
        let df = read_parquet(&out.path().join(format!("{table}.parquet")));
        let names: Vec<String> = df.get_column_names().iter().map(|n| n.to_string()).collect();
        assert_eq!(names[0], "region", "{table}");
        let regions = df.column("region").unwrap().as_materialized_series().str().unwrap().clone();
        assert!(regions.iter().all(|r| r == Some("示例区")), "{table}");

        let queried = query_rows(&ws, table);
        let mut keys: Vec<&String> = queried[0].keys().collect();
        let mut columns: Vec<&String> = names[1..].iter().collect();
        keys.sort();
        columns.sort();
        assert_eq!(keys, columns, "{table}");
        let rows: Vec<Vec<serde_json::Value>> =
            queried.iter().map(|row| names[1..].iter().map(|n| as_float(&row[n.as_str()])).collect()).collect();
        let exported: Vec<Vec<serde_json::Value>> = (0..df.height())
            .map(|i| df.columns()[1..].iter().map(|c| as_float(&json(&c.get(i).unwrap()))).collect())
            .collect();
        assert_eq!(exported.len(), rows.len(), "{table}");
        assert_eq!(exported, rows, "{table}");
    }
    let facts = read_parquet(&out.path().join("facts.parquet"));
    let years = facts.column("year").unwrap().as_materialized_series().i32().unwrap().clone();
    assert_eq!(years.into_no_null_iter().collect::<BTreeSet<i32>>().len(), 4, "every year of the workspace");
    let highlights = read_parquet(&out.path().join("highlights.parquet"));
    let names: Vec<String> = highlights.get_column_names().iter().map(|n| n.to_string()).collect();
    assert_eq!(names[..3], ["region", "year", "unit"]);
}

#[test]
fn the_same_workspace_exports_to_the_same_bytes() {
    let (_tmp, ws) = samples();
    for format in ["parquet", "csv"] {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        for out in [&a, &b] {
            let r = run(
                Path::new("."),
                &["export", ws.to_str().unwrap(), "--out", out.path().to_str().unwrap(), "--format", format],
            );
            assert_eq!(r.code, 0, "{}", r.stderr);
        }
        for table in ["facts", "totals", "indicators", "highlights", "units"] {
            let name = format!("{table}.{format}");
            let bytes = std::fs::read(a.path().join(&name)).unwrap();
            assert_eq!(bytes, std::fs::read(b.path().join(&name)).unwrap(), "{name}");
        }
        let files = std::fs::read_dir(a.path()).unwrap().count();
        assert_eq!(files, 5, "one file a table, no temporary left");
    }
}

#[test]
fn data_errors_still_export_the_clean_values_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new(STREET_A, 2024).rows(&[("ZZ01", 4.0)]).row("ZZ02", "很多").write(&sub.join("甲街道.xlsx"));
    let out = dir.path().join("export");
    let r = run(dir.path(), &["export", "--out", "export", "--format", "csv"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("错误"), "{}", r.stderr);
    let facts = std::fs::read_to_string(out.join("facts.csv")).unwrap();
    assert_eq!(facts.lines().count(), 2, "{facts}");
    assert!(facts.lines().nth(1).unwrap().starts_with("示例区,2024,甲街道,街道镇,ZZ01,4.0,"), "{facts}");
}

#[test]
fn export_needs_an_output_folder() {
    let (_tmp, ws) = samples();
    let r = run(Path::new("."), &["export", ws.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--out"), "{}", r.stderr);
}

#[test]
fn no_progress_bar_on_a_pipe_however_many_files() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    for i in 0..60 {
        Intake::new(STREET_A, 2024).rows(&[("ZZ01", 1.0)]).write(&sub.join(format!("甲街道{i:02}.xlsx")));
    }
    for args in [&["check"][..], &["export", "--out", "export"][..]] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 1, "60 returns from one unit are duplicates: {}", r.stderr);
        assert!(!r.stderr.contains(['\r', '\u{1b}']) && !r.stderr.contains("读取填报表"), "{args:?}: {:?}", r.stderr);
    }
}
