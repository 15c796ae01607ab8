//! Each check on workbooks built in memory (intake is tested on real files in
//! tests/check.rs).

use std::path::Path;

use super::*;
use crate::intake::{Cell, CellValue, Row, Stamp};

const ROSTER: &str = r#"
region = "示例区"
office = "办"
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
[[units]]
name = "某部"
type = "驻区部队"
"#;

fn ws() -> Workspace {
    Workspace::parse(Path::new("ws"), ROSTER).unwrap()
}

fn cell(row: u32, col: u32, value: CellValue) -> Cell {
    Cell { row, col, value }
}

fn text(s: &str) -> CellValue {
    CellValue::Text(s.into())
}

/// A workbook in the template layout: unit B2, year E2, rows from 5.
fn workbook(unit: &str, year: f64, rows: &[(&str, CellValue)]) -> Workbook {
    let catalog = Catalog::bundled();
    Workbook {
        file: format!("{unit}.xlsx"),
        sheet: "填报表".into(),
        unit: Some(cell(1, 1, text(unit))),
        year: Some(cell(1, 4, CellValue::Number(year))),
        missing_headers: Vec::new(),
        stamp: None,
        contact: Default::default(),
        highlights: None,
        merged: Vec::new(),
        control_cells: Vec::new(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, (code, v))| {
                let r = 4 + i as u32;
                let measure = catalog.get(code).map(|ind| text(&ind.unit)).unwrap_or(CellValue::Empty);
                Row {
                    code: cell(r, 0, text(code)),
                    name: String::new(),
                    measure: cell(r, 3, measure),
                    value: cell(r, 4, v.clone()),
                    note: String::new(),
                    note_cell: Some(crate::diag::a1(r, 5)),
                }
            })
            .collect(),
    }
}

fn check(wb: &Workbook) -> FileCheck {
    let ws = ws();
    check_workbook(&ws.catalog, Some(&ws), Some(2024), wb)
}

fn kinds(diags: &[Diagnostic]) -> Vec<(Kind, Option<&str>)> {
    diags.iter().map(|d| (d.kind, d.cell.as_deref())).collect()
}

fn n(v: f64) -> CellValue {
    CellValue::Number(v)
}

#[test]
fn clean_return_gives_values_and_no_diagnostics() {
    let c = check(&workbook("甲街道", 2024.0, &[("ZZ01", n(3.0)), ("YF01", text("约120")), ("YF05", text("—"))]));
    assert_eq!(kinds(&c.diagnostics), [(Kind::Approximate, Some("E6"))]);
    assert!(c.usable);
    let values: Vec<(&str, f64, bool)> = c.values.iter().map(|v| (v.code.as_str(), v.value, v.approximate)).collect();
    assert_eq!(values, [("ZZ01", 3.0, false), ("YF01", 120.0, true)]);
    assert!(c.diagnostics.iter().all(|d| d.unit.as_deref() == Some("甲街道")));
}

#[test]
fn value_problems_name_cell_code_and_raw_value() {
    let c = check(&workbook(
        "甲街道",
        2024.0,
        &[
            ("ZZ01", text("若干")),
            ("ZZ02", n(-2.0)),
            ("ZZ03", n(1.5)),
            ("ZZ04", CellValue::FormulaNoValue("=A1".into())),
            ("ZZ05", CellValue::Error("#DIV/0!".into())),
        ],
    ));
    let got: Vec<(Kind, &str, &str, &str)> = c
        .diagnostics
        .iter()
        .map(|d| (d.kind, d.cell.as_deref().unwrap(), d.code.as_deref().unwrap(), d.value.as_deref().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (Kind::NotANumber, "E5", "ZZ01", "若干"),
            (Kind::Negative, "E6", "ZZ02", "-2"),
            (Kind::NotInteger, "E7", "ZZ03", "1.5"),
            (Kind::FormulaNoValue, "E8", "ZZ04", "=A1"),
            (Kind::NotANumber, "E9", "ZZ05", "#DIV/0!"),
        ]
    );
    assert!(c.values.is_empty());
    assert!(c.diagnostics.iter().all(|d| d.is_error() && d.file.as_deref() == Some("甲街道.xlsx")));
}

#[test]
fn unknown_codes_with_values_are_errors_and_notes_are_not() {
    let c = check(&workbook(
        "甲街道",
        2024.0,
        &[("XX01", n(1.0)), ("填表人：张三", CellValue::Empty), ("", n(5.0)), ("zz01", n(2.0))],
    ));
    assert_eq!(kinds(&c.diagnostics), [(Kind::UnknownCode, Some("A5")), (Kind::UnknownCode, Some("E7"))]);
    assert_eq!(c.values.len(), 1, "codes are compared in upper case");
}

#[test]
fn duplicate_rows_name_both_cells_and_give_no_value() {
    let c = check(&workbook(
        "甲街道",
        2024.0,
        &[("ZZ01", n(3.0)), ("ZZ02", n(1.0)), ("ZZ01", n(4.0)), ("ZZ02", CellValue::Empty)],
    ));
    assert_eq!(kinds(&c.diagnostics), [(Kind::DuplicateRow, Some("E7"))]);
    assert!(c.diagnostics[0].message.contains("E5") && c.diagnostics[0].message.contains("E7"));
    let codes: Vec<&str> = c.values.iter().map(|v| v.code.as_str()).collect();
    assert_eq!(codes, ["ZZ02"], "a second row left blank is no conflict");

    let c = check(&workbook("甲街道", 2024.0, &[("ZZ01", n(3.0)), ("ZZ01", text("若干"))]));
    assert_eq!(kinds(&c.diagnostics), [(Kind::NotANumber, Some("E6")), (Kind::DuplicateRow, Some("E6"))]);
    assert!(c.values.is_empty());
}

#[test]
fn indicators_outside_the_units_type_are_warned_and_left_out() {
    let c = check(&workbook("某部", 2024.0, &[("ZZ01", n(3.0)), ("AM01", n(500.0)), ("ZC07", n(90.0))]));
    assert_eq!(kinds(&c.diagnostics), [(Kind::NotReportedByType, Some("E5")), (Kind::NotReportedByType, Some("E7"))]);
    assert!(c.diagnostics.iter().all(|d| !d.is_error()));
    assert!(c.diagnostics[1].message.contains("计算"));
    assert_eq!(c.values.iter().map(|v| v.code.as_str()).collect::<Vec<_>>(), ["AM01"]);
}

#[test]
fn changed_measure_unit_is_an_error() {
    let mut wb = workbook("甲街道", 2024.0, &[("YF02", n(35_000_000.0)), ("YF01", n(3.0))]);
    wb.rows[0].measure.value = text("元");
    wb.rows[1].measure.value = text("（人）");
    let c = check(&wb);
    assert_eq!(kinds(&c.diagnostics), [(Kind::WrongMeasureUnit, Some("D5"))]);
    assert_eq!(c.values.len(), 1, "（人） is the catalogue's 人");
}

#[test]
fn unit_and_year_labels() {
    let c = check(&workbook("区教育局", 2024.0, &[("ZZ01", n(1.0))]));
    assert_eq!(kinds(&c.diagnostics), [(Kind::UnknownUnit, Some("B2"))]);
    assert!(!c.usable && c.unit.is_none());
    assert_eq!(c.diagnostics[0].unit.as_deref(), Some("区教育局"));

    let c = check(&workbook("甲 街道", 2023.0, &[("ZZ01", n(1.0))]));
    assert_eq!(kinds(&c.diagnostics), [(Kind::WrongYear, Some("E2"))]);
    assert!(!c.usable);
    assert_eq!(c.unit.unwrap().name, "甲街道");

    let mut wb = workbook("甲街道", 2024.0, &[("ZZ01", n(1.0))]);
    wb.year = Some(cell(1, 4, text("二〇二四")));
    assert_eq!(kinds(&check(&wb).diagnostics), [(Kind::WrongYear, Some("E2"))]);
    wb.year = None;
    wb.unit = Some(cell(1, 1, CellValue::Empty));
    let c = check(&wb);
    assert_eq!(kinds(&c.diagnostics), [(Kind::MissingLabel, Some("B2")), (Kind::MissingLabel, None)]);
    assert!(c.diagnostics.iter().all(|d| d.is_error()));
}

#[test]
fn outdated_template_and_missing_columns_are_warnings() {
    let mut wb = workbook("甲街道", 2024.0, &[("ZZ01", n(1.0))]);
    wb.stamp = Some(Stamp { version: Some(1), fingerprint: Some("0123".into()) });
    wb.missing_headers = vec![crate::form::NOTE_HEADER];
    let c = check(&wb);
    assert_eq!(kinds(&c.diagnostics), [(Kind::OutdatedTemplate, None), (Kind::MissingLabel, None)]);
    assert!(c.diagnostics.iter().all(|d| !d.is_error()));
    assert!(c.usable);

    wb.stamp = Some(Stamp { version: Some(1), fingerprint: Some(Catalog::bundled().fingerprint) });
    wb.missing_headers.clear();
    assert!(check(&wb).diagnostics.is_empty());
}

/// 退役士兵 are 退役义务兵 and 退役士官: 569 received against 425 + 28 is a warning at
/// the whole's cell naming both parts; parts that add up, or a part left out, are not.
#[test]
fn catalogue_rule_sum_of() {
    let c = check(&workbook("区退役军人事务局", 2024.0, &[("TY01", n(569.0)), ("TY07", n(425.0)), ("TY08", n(28.0))]));
    assert_eq!(kinds(&c.diagnostics), [(Kind::CheckFailed, Some("E5"))]);
    let m = &c.diagnostics[0].message;
    assert!(m.contains("接收安置退役士兵（569）") && m.contains("之和（453）") && m.contains("见 E6"), "{m}");
    let c = check(&workbook("区退役军人事务局", 2024.0, &[("TY01", n(453.0)), ("TY07", n(425.0)), ("TY08", n(28.0))]));
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let c = check(&workbook("区退役军人事务局", 2024.0, &[("TY01", n(569.0)), ("TY07", n(425.0))]));
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
}

#[test]
fn catalogue_rule_not_above() {
    let c = check(&workbook("甲街道", 2024.0, &[("SH04", n(10.0)), ("SH05", n(12.0))]));
    assert_eq!(kinds(&c.diagnostics), [(Kind::CheckFailed, Some("E6"))]);
    assert_eq!(c.values.len(), 2, "a warning keeps the values");
    let c = check(&workbook("甲街道", 2024.0, &[("SH04", n(10.0)), ("SH05", n(10.0))]));
    assert!(c.diagnostics.is_empty());
}

fn assemble(files: &[Workbook]) -> (Vec<Fact>, Vec<Diagnostic>, Vec<Submission>) {
    let ws = ws();
    let checks: Vec<FileCheck> =
        files.iter().map(|wb| check_workbook(&ws.catalog, Some(&ws), Some(2024), wb)).collect();
    rules::assemble_year(&ws, 2024, &checks)
}

#[test]
fn duplicate_and_missing_submissions() {
    let mut second = workbook("甲街道", 2024.0, &[("ZZ01", n(2.0))]);
    second.file = "甲街道-改.xlsx".into();
    let (facts, diags, status) = assemble(&[
        workbook("甲街道", 2024.0, &[("ZZ01", n(1.0))]),
        second,
        workbook("乙镇", 2024.0, &[("ZZ01", n(5.0))]),
    ]);
    assert_eq!(facts.iter().map(|f| (f.unit.as_str(), f.value)).collect::<Vec<_>>(), [("乙镇", 5.0)]);
    let got: Vec<(Kind, Option<&str>, Option<&str>)> =
        diags.iter().map(|d| (d.kind, d.unit.as_deref(), d.file.as_deref())).collect();
    assert_eq!(
        got,
        [
            (Kind::MissingSubmission, Some("区退役军人事务局"), None),
            (Kind::DuplicateSubmission, Some("甲街道"), Some("甲街道.xlsx")),
            (Kind::DuplicateSubmission, Some("甲街道"), Some("甲街道-改.xlsx")),
            (Kind::MissingSubmission, Some("某部"), None),
        ]
    );
    assert_eq!(diags[0].severity, crate::diag::Severity::Warning);
    assert_eq!(diags[1].severity, crate::diag::Severity::Error);
    let summary: Vec<(&str, Option<&str>, usize)> =
        status.iter().map(|s| (s.unit.as_str(), s.file.as_deref(), s.errors)).collect();
    assert_eq!(
        summary,
        [
            ("区退役军人事务局", None, 0),
            ("甲街道", Some("甲街道.xlsx"), 2),
            ("乙镇", Some("乙镇.xlsx"), 0),
            ("某部", None, 0)
        ]
    );
}

#[test]
fn streets_are_reconciled_with_the_authoritative_unit() {
    let ws = ws();
    let bureau = |v| Fact::sample(2024, "区退役军人事务局", UnitType::Department, "YF01", v);
    let streets = [
        Fact::sample(2024, "甲街道", UnitType::Street, "YF01", 120.0),
        Fact::sample(2024, "乙镇", UnitType::Street, "YF01", 170.0),
    ];
    let mut facts = vec![bureau(300.0)];
    facts.extend(streets.iter().cloned());
    let d = rules::cross_checks(&ws, 2024, &facts, &[]);
    assert_eq!(kinds(&d), [(Kind::Reconciliation, Some("E5"))]);
    assert_eq!(d[0].unit.as_deref(), Some("区退役军人事务局"));
    assert!(
        d[0].message.contains("300") && d[0].message.contains("290") && d[0].message.contains("相差 10"),
        "{}",
        d[0].message
    );

    facts[0] = bureau(290.0);
    assert!(rules::cross_checks(&ws, 2024, &facts, &[]).is_empty());
    // Sum indicators and indicators no street reported are not reconciled.
    let only_bureau = [bureau(300.0), Fact::sample(2024, "甲街道", UnitType::Street, "ZZ01", 5.0)];
    assert!(rules::cross_checks(&ws, 2024, &only_bureau, &[]).is_empty());
}

#[test]
fn large_changes_against_last_year() {
    let ws = ws();
    let pair = |before: f64, now: f64| {
        vec![
            Fact::sample(2023, "甲街道", UnitType::Street, "YF02", before),
            Fact::sample(2024, "甲街道", UnitType::Street, "YF02", now),
        ]
    };
    assert!(rules::cross_checks(&ws, 2024, &pair(100.0, 130.0), &[]).is_empty(), "30% is within the line");
    let d = rules::cross_checks(&ws, 2024, &pair(100.0, 131.0), &[]);
    assert_eq!(kinds(&d), [(Kind::LargeChange, Some("E5"))]);
    assert!(d[0].message.contains("增加 31%"), "{}", d[0].message);
    let d = rules::cross_checks(&ws, 2024, &pair(100.0, 40.0), &[]);
    assert!(d[0].message.contains("只有上年的 40%"), "{}", d[0].message);
    let d = rules::cross_checks(&ws, 2024, &pair(100.0, 60.0), &[]);
    assert!(d[0].message.contains("减少 40%"), "{}", d[0].message);
    let d = rules::cross_checks(&ws, 2024, &pair(3.5, 35_000.0), &[]);
    assert!(d[0].message.contains("误按“元”"), "{}", d[0].message);
    let d = rules::cross_checks(&ws, 2024, &pair(35_000.0, 3.5), &[]);
    assert!(d[0].message.contains("误按“元”") && d[0].message.contains("不到上年的 1%"), "{}", d[0].message);
    let d = rules::cross_checks(&ws, 2024, &pair(10.0, 25.0), &[]);
    assert!(d[0].message.contains("是上年的 2.5 倍") && !d[0].message.contains("误按"), "{}", d[0].message);
    assert!(rules::cross_checks(&ws, 2024, &pair(0.0, 5.0), &[]).is_empty(), "no ratio from zero");
    let count = |before: f64, now: f64| {
        vec![
            Fact::sample(2023, "甲街道", UnitType::Street, "ZZ01", before),
            Fact::sample(2024, "甲街道", UnitType::Street, "ZZ01", now),
        ]
    };
    assert!(rules::cross_checks(&ws, 2024, &count(2.0, 6.0), &[]).is_empty(), "small counts say nothing");
    assert_eq!(rules::cross_checks(&ws, 2024, &count(2.0, 7.0), &[]).len(), 1);
    let other_unit = vec![
        Fact::sample(2023, "乙镇", UnitType::Street, "YF02", 1.0),
        Fact::sample(2024, "甲街道", UnitType::Street, "YF02", 9.0),
    ];
    assert!(rules::cross_checks(&ws, 2024, &other_unit, &[]).is_empty());
}

#[test]
fn diagnostics_sort_by_roster_file_and_cell() {
    let ws = ws();
    let d = |unit: Option<&str>, file: &str, cell: Option<&str>| {
        let mut d = Diagnostic::error(Kind::NotANumber, "x").file(file);
        d.unit = unit.map(Into::into);
        d.cell = cell.map(Into::into);
        d
    };
    let mut diags = vec![
        d(None, "a.xlsx", None),
        d(Some("区教育局"), "b.xlsx", Some("B2")),
        d(Some("乙镇"), "z.xlsx", Some("E10")),
        d(Some("乙镇"), "z.xlsx", Some("E9")),
        d(Some("乙镇"), "z.xlsx", Some("AA1")),
        d(Some("甲街道"), "y.xlsx", None),
    ];
    sort_diagnostics(&mut diags, Some(&ws));
    let order: Vec<(Option<&str>, Option<&str>)> =
        diags.iter().map(|d| (d.unit.as_deref(), d.cell.as_deref())).collect();
    assert_eq!(
        order,
        [
            (Some("甲街道"), None),
            (Some("乙镇"), Some("AA1")),
            (Some("乙镇"), Some("E9")),
            (Some("乙镇"), Some("E10")),
            (Some("区教育局"), Some("B2")),
            (None, None),
        ]
    );
    assert_eq!(cell_position("E7"), (7, 5));
    assert_eq!(cell_position("AA10"), (10, 27));
}

/// Reads of each path by [`check_workspace`]; tests use their own folders, so
/// counts do not mix across tests running in parallel.
static READS: std::sync::Mutex<BTreeMap<PathBuf, usize>> = std::sync::Mutex::new(BTreeMap::new());

pub(super) fn count_read(path: &Path) {
    *READS.lock().unwrap().entry(path.to_path_buf()).or_default() += 1;
}

#[test]
fn every_year_is_checked_from_one_read_of_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::parse(dir.path(), ROSTER).unwrap();
    let mut paths = Vec::new();
    for year in [2023, 2024] {
        let folder = ws.submissions_dir(year);
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(format!("甲街道{year}.xlsx"));
        std::fs::write(&path, "不是表格").unwrap();
        paths.push(path);
    }
    let checked = check_workspace(&ws, 2024);
    let unreadable = |diags: &[Diagnostic]| -> Vec<String> {
        diags.iter().filter(|d| d.kind == Kind::Unreadable).filter_map(|d| d.file.clone()).collect()
    };
    assert_eq!(unreadable(&checked.diagnostics), ["甲街道2024.xlsx"]);
    assert_eq!(unreadable(&checked.other_years[&2023]), ["甲街道2023.xlsx"]);
    let reads = READS.lock().unwrap();
    assert!(paths.iter().all(|p| reads.get(p) == Some(&1)), "{reads:?}");
}

/// A folder under submissions/ that will not open may hide returns: a warning naming it
/// (a file where a folder was expected stands in for one without permission, which a
/// test running as root cannot make).
#[test]
fn a_folder_that_will_not_open_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("甲街道"), "").unwrap();
    let (mut found, mut notes) = (Vec::new(), Vec::new());
    walk(dir.path(), &dir.path().join("甲街道"), 1, &mut found, &mut notes);
    assert!(found.is_empty());
    assert_eq!((notes.len(), notes[0].kind, notes[0].file.as_deref()), (1, Kind::Unreadable, Some("甲街道/")));
    assert!(notes[0].message.contains("文件夹无法打开"), "{}", notes[0].message);
    let (found, notes) = submission_files(&dir.path().join("2031"));
    assert!(found.is_empty() && notes.is_empty());
}
