//! `shuangyong check` on workspaces and loose files written here the way units return
//! them: exact diagnostics through `--format json`, facts through the library, and one
//! golden file of the text output (regenerate with UPDATE_GOLDEN=1).

mod common;

use std::path::Path;

use common::*;
use shuangyong::validate;
use shuangyong::workspace::Workspace;

type Brief = (String, Option<String>, Option<String>, Option<String>);

fn b(kind: &str, file: &str, cell: Option<&str>, value: Option<&str>) -> Brief {
    (kind.into(), Some(file.into()), cell.map(Into::into), value.map(Into::into))
}

/// The diagnostics about cells and files, briefly: without the roster-level ones
/// (units that did not return, the authoritative unit's missing figures) that a test of
/// a few returns is not about.
fn cell_problems(diags: &[serde_json::Value]) -> Vec<Brief> {
    diags
        .iter()
        .filter(|d| d["kind"] != "missing_submission" && d["kind"] != "authoritative_missing")
        .map(brief)
        .collect()
}

/// A year in which every unit returned a clean, consistent workbook.
fn clean_year(dir: &Path, year: i32) {
    let sub = submissions(dir, year);
    Intake::new(BUREAU, year)
        .rows(&[("ZZ01", 2.0), ("YF01", 300.0), ("YF02", 3500.0), ("TY01", 386.0), ("TY02", 15.0)])
        .write(&sub.join("退役军人事务局.xlsx"));
    Intake::new(CIVIL, year).rows(&[("ZZ01", 1.0), ("YF07", 12.0)]).write(&sub.join("民政局.xlsx"));
    Intake::new(STREET_A, year)
        .rows(&[("ZZ01", 4.0), ("YF01", 120.0), ("YF02", 1500.0), ("ZC04", 30.0), ("ZC06", 30.0)])
        .write(&sub.join("甲街道.xlsx"));
    Intake::new(STREET_B, year)
        .rows(&[("ZZ01", 3.0), ("YF01", 180.0), ("YF02", 2000.0), ("SH04", 10.0), ("SH05", 8.0)])
        .write(&sub.join("乙镇.xlsx"));
    Intake::new(TROOP, year).rows(&[("AM01", 500.0), ("ZZ03", 2.0)]).write(&sub.join("某部.xlsx"));
}

#[test]
fn clean_returns_pass() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    clean_year(dir.path(), 2024);
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(diags, Vec::<serde_json::Value>::new());
    assert_eq!(code, 0);
    let r = run(dir.path(), &["check"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "2024 年度已报 5/5 个单位，错误 0 条，警告 0 条\n"));

    let ws = Workspace::load(dir.path()).unwrap();
    let checked = validate::check_workspace(&ws, 2024);
    assert_eq!(checked.facts.len(), 19);
    let status = &checked.submissions[&2024];
    assert_eq!(status.iter().map(|s| s.unit.as_str()).collect::<Vec<_>>(), [BUREAU, CIVIL, STREET_A, STREET_B, TROOP]);
    assert!(status.iter().all(|s| s.file.is_some() && s.errors == 0 && s.warnings == 0));
}

#[test]
fn labels_are_found_wherever_units_move_them() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new("  甲 街道 ", 2024)
        .year_as("２０２４年")
        .shifted(2, 1)
        .with_sheet_before()
        .row("ZZ01", "约4")
        .row("yf01", "１２０")
        .row("YF02", "1,500万元")
        .row("ZC04", " 30 人")
        .row("ZC06", "3０")
        .row("YF05", "—")
        .row("YF06", "无")
        .row("SH03", "0.3万余人次")
        .write(&sub.join("甲.xlsx"));
    let (code, diags) = check_json(dir.path(), &["--year", "2024"]);
    let found = cell_problems(&diags);
    assert_eq!(
        found,
        [
            b("approximate", "甲.xlsx", Some("F7"), Some("约4")),
            b("approximate", "甲.xlsx", Some("F14"), Some("0.3万余人次"))
        ]
    );
    assert!(diags.iter().all(|d| d["unit"] != serde_json::Value::Null));
    assert_eq!(code, 0);

    let ws = Workspace::load(dir.path()).unwrap();
    let checked = validate::check_workspace(&ws, 2024);
    let facts: Vec<(&str, f64, bool, &str)> =
        checked.facts.iter().map(|f| (f.code.as_str(), f.value, f.approximate, f.cell.as_str())).collect();
    assert_eq!(
        facts,
        [
            ("ZZ01", 4.0, true, "F7"),
            ("YF01", 120.0, false, "F8"),
            ("YF02", 1500.0, false, "F9"),
            ("ZC04", 30.0, false, "F10"),
            ("ZC06", 30.0, false, "F11"),
            ("YF06", 0.0, false, "F13"),
            ("SH03", 3000.0, true, "F14"),
        ]
    );
    assert!(checked
        .facts
        .iter()
        .all(|f| f.unit == STREET_A && f.year == 2024 && f.sheet == "填报表" && f.file == "甲.xlsx"));
}

#[test]
fn every_kind_of_slip_is_named_with_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new(CIVIL, 2024)
        .row("ZZ01", "xx次")
        .row("ZZ02", -1)
        .row("YF07", 2.5)
        .row("ZZ04", "若干")
        .row("XX99", 5)
        .row("ZZ05", V::Formula("=1+1".into(), String::new()))
        .row("GF01", 3)
        .row("GF01", 4)
        .row("YF03", 5)
        .row("ZZ03", V::Date(386.0))
        .row("ZC02", 500)
        .measure("元")
        .row("YF08", V::Bool(true))
        .row("", 7)
        .write(&sub.join("民政局.xlsx"));
    Intake::new("退役军人事务局", 2023).row("YF01", 300).write(&sub.join("事务局.xlsx"));
    Intake::new("区教育局", 2024).row("ZZ01", 1).write(&sub.join("教育局.xlsx"));
    Intake::new(STREET_A, 2024).row("ZZ01", 1).write(&sub.join("甲街道.xlsx"));
    Intake::new(STREET_A, 2024).row("ZZ01", 2).write(&sub.join("甲街道（修改）.xlsx"));
    Intake::new(STREET_B, 2024).stamped(1, "000000000000").row("ZZ01", 1).write(&sub.join("乙镇-旧表.xlsx"));
    Intake::new(TROOP, 2024).sheet_named("Sheet1").row("AM01", 1).write(&sub.join("某部.xlsx"));
    std::fs::write(sub.join("坏文件.xlsx"), b"PK\x03\x04 this is not a zip").unwrap();
    std::fs::write(sub.join("说明.docx"), b"not a workbook").unwrap();
    std::fs::write(sub.join("~$民政局.xlsx"), b"lock").unwrap();
    std::fs::write(sub.join(".DS_Store"), b"finder").unwrap();

    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found: Vec<Brief> = diags.iter().filter(|d| d["kind"] != "authoritative_missing").map(brief).collect();
    let expected = [
        b("wrong_year", "事务局.xlsx", Some("E2"), Some("2023")),
        b("not_a_number", "民政局.xlsx", Some("E5"), Some("xx次")),
        b("negative", "民政局.xlsx", Some("E6"), Some("-1")),
        b("not_integer", "民政局.xlsx", Some("E7"), Some("2.5")),
        b("not_a_number", "民政局.xlsx", Some("E8"), Some("若干")),
        b("unknown_code", "民政局.xlsx", Some("A9"), Some("XX99")),
        b("formula_no_value", "民政局.xlsx", Some("E10"), Some("=1+1")),
        b("duplicate_row", "民政局.xlsx", Some("E12"), Some("4")),
        b("not_reported_by_type", "民政局.xlsx", Some("E13"), Some("5")),
        b("not_a_number", "民政局.xlsx", Some("E14"), Some("1901-01-20")),
        b("wrong_measure_unit", "民政局.xlsx", Some("D15"), Some("元")),
        b("not_a_number", "民政局.xlsx", Some("E16"), Some("TRUE")),
        b("unknown_code", "民政局.xlsx", Some("E17"), Some("7")),
        b("duplicate_submission", "甲街道.xlsx", None, None),
        b("duplicate_submission", "甲街道（修改）.xlsx", None, None),
        b("outdated_template", "乙镇-旧表.xlsx", None, None),
        ("missing_submission".into(), None, None, None),
        b("unknown_unit", "教育局.xlsx", Some("B2"), Some("区教育局")),
        b("unreadable", "坏文件.xlsx", None, None),
        b("missing_sheet", "某部.xlsx", None, None),
        b("unreadable", "说明.docx", None, None),
    ];
    assert_eq!(found, expected, "{}", serde_json::to_string_pretty(&diags).unwrap());

    fn of<'a>(diags: &'a [serde_json::Value], k: &'a str) -> impl Iterator<Item = &'a serde_json::Value> + 'a {
        diags.iter().filter(move |d| d["kind"] == k)
    }
    let kinds = |k: &'static str| of(&diags, k);
    let severity = |k: &'static str| kinds(k).next().unwrap()["severity"].as_str().unwrap().to_string();
    for k in ["approximate", "not_reported_by_type", "outdated_template", "missing_submission"] {
        if kinds(k).next().is_some() {
            assert_eq!(severity(k), "warning", "{k}");
        }
    }
    assert_eq!(kinds("unreadable").map(|d| d["severity"].as_str().unwrap()).collect::<Vec<_>>(), ["error", "warning"]);
    let missing = kinds("missing_submission").next().unwrap();
    assert_eq!(missing["unit"], TROOP, "an unreadable return leaves the unit missing");
    let dup = kinds("duplicate_row").next().unwrap()["message"].as_str().unwrap().to_string();
    assert!(dup.contains("E11") && dup.contains("E12"), "{dup}");
    let both = kinds("duplicate_submission").next().unwrap()["message"].as_str().unwrap().to_string();
    assert!(both.contains("甲街道.xlsx") && both.contains("甲街道（修改）.xlsx"), "{both}");
    assert_eq!(kinds("outdated_template").next().unwrap()["sheet"], "版本信息");
    assert_eq!(kinds("wrong_year").next().unwrap()["unit"], BUREAU, "aliases name the roster unit");
    for d in &diags {
        let message = d["message"].as_str().unwrap();
        assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "Chinese: {message}");
    }

    // Only the clean values of identified, right-year, single returns become facts.
    let ws = Workspace::load(dir.path()).unwrap();
    let checked = validate::check_workspace(&ws, 2024);
    let mut facts: Vec<(&str, &str, f64)> =
        checked.facts.iter().map(|f| (f.unit.as_str(), f.code.as_str(), f.value)).collect();
    facts.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(facts, [(STREET_B, "ZZ01", 1.0)]);
    let status: Vec<(&str, Option<&str>, usize)> =
        checked.submissions[&2024].iter().map(|s| (s.unit.as_str(), s.file.as_deref(), s.errors)).collect();
    assert_eq!(
        status,
        [
            (BUREAU, Some("事务局.xlsx"), 1),
            (CIVIL, Some("民政局.xlsx"), 11),
            (STREET_A, Some("甲街道.xlsx"), 2),
            (STREET_B, Some("乙镇-旧表.xlsx"), 0),
            (TROOP, None, 0),
        ]
    );
}

/// Issue 9: the 工作亮点 sheet read by its labels wherever the unit moved it, added by hand
/// to an old workbook, or absent (an older template): no diagnostic, each highlight with
/// its 标题 cell, in roster order.
#[test]
fn highlights_are_read_by_their_labels_with_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    clean_year(dir.path(), 2024);
    let sub = submissions(dir.path(), 2024);
    Intake::new(STREET_A, 2024)
        .rows(&[("ZZ01", 4.0), ("YF01", 120.0), ("YF02", 1500.0), ("ZC04", 30.0), ("ZC06", 30.0)])
        .highlight("拥军优属", "兵妈妈驿站", "依托社区开设驿站。", "")
        .highlight_gap()
        .highlight("其 他", "双拥公园", "建成双拥公园", "否")
        .highlights_layout(|h| {
            h.rows_above = 2;
            h.cols_left = 1;
            h.extra_column = true;
        })
        .write(&sub.join("甲街道.xlsx"));
    // Added by hand: the header in A1, no title rows.
    Intake::new(TROOP, 2024)
        .rows(&[("AM01", 500.0), ("ZZ03", 2.0)])
        .highlight("拥政爱民", "助力乡村振兴", "帮助农户抢收夏粮", "是")
        .write(&sub.join("某部.xlsx"));
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!((code, diags), (0, vec![]));

    let ws = Workspace::load(dir.path()).unwrap();
    let checked = validate::check_workspace(&ws, 2024);
    let read: Vec<(&str, &str, &str, bool, &str, &str)> = checked
        .highlights
        .iter()
        .map(|h| (h.unit.as_str(), h.category.as_str(), h.title.as_str(), h.public, h.sheet.as_str(), h.cell.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (STREET_A, "拥军优属", "兵妈妈驿站", true, "工作亮点", "C4"),
            (STREET_A, "其他", "双拥公园", false, "工作亮点", "C6"),
            (TROOP, "拥政爱民", "助力乡村振兴", true, "工作亮点", "B2"),
        ]
    );
    assert!(checked.highlights.iter().all(|h| h.year == 2024));
}

/// Issue 9: an unknown or missing 类别, 标题 without 内容 and the reverse, text too long to
/// place, a 可公开 that is neither 是 nor 否, a header without 可公开: each at its cell.
#[test]
fn highlight_slips_are_named_with_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    clean_year(dir.path(), 2024);
    let sub = submissions(dir.path(), 2024);
    let long = "为驻区官兵提供缝补浆洗、理发义诊等服务。".repeat(20);
    Intake::new(STREET_A, 2024)
        .rows(&[("ZZ01", 4.0), ("YF01", 120.0), ("YF02", 1500.0), ("ZC04", 30.0), ("ZC06", 30.0)])
        .highlight("拥军优抚", "兵妈妈驿站", "依托社区开设驿站", "")
        .highlight("", "没有类别", "内容", "")
        .highlight("拥军优属", "只有标题", "", "")
        .highlight("社会化拥军", "", "只有内容", "")
        .highlight("拥军优属", "太长", &long, "可以")
        .write(&sub.join("甲街道.xlsx"));
    Intake::new(TROOP, 2024)
        .rows(&[("AM01", 500.0), ("ZZ03", 2.0)])
        .highlight("拥政爱民", "助力乡村振兴", "帮助农户抢收夏粮", "")
        .highlights_layout(|h| h.without_public = true)
        .write(&sub.join("某部.xlsx"));
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "an unknown category is an error");
    let found: Vec<Brief> = diags.iter().map(brief).collect();
    assert_eq!(
        found,
        [
            b("unknown_category", "甲街道.xlsx", Some("A2"), Some("拥军优抚")),
            b("unknown_category", "甲街道.xlsx", Some("A3"), None),
            b("highlight_incomplete", "甲街道.xlsx", Some("C4"), None),
            b("highlight_incomplete", "甲街道.xlsx", Some("B5"), None),
            b("highlight_too_long", "甲街道.xlsx", Some("C6"), Some(long.as_str())),
            b("bad_public_value", "甲街道.xlsx", Some("D6"), Some("可以")),
            b("missing_label", "某部.xlsx", None, None),
        ],
        "{}",
        serde_json::to_string_pretty(&diags).unwrap()
    );
    let severities: Vec<&str> = diags.iter().map(|d| d["severity"].as_str().unwrap()).collect();
    assert_eq!(severities, ["error", "error", "warning", "warning", "warning", "warning", "warning"]);
    assert!(diags.iter().all(|d| d["sheet"] == "工作亮点"));
    assert!(diags[0]["message"].as_str().unwrap().contains("是不是“拥军优属”"), "{}", diags[0]["message"]);

    // The wrong categories are left out; the rest are kept, the doubtful 可公开 as 否.
    let ws = Workspace::load(dir.path()).unwrap();
    let checked = validate::check_workspace(&ws, 2024);
    let kept: Vec<(&str, bool)> = checked.highlights.iter().map(|h| (h.title.as_str(), h.public)).collect();
    assert_eq!(kept, [("只有标题", true), ("", true), ("太长", false), ("助力乡村振兴", true)]);
}

/// The streets against the bureau, SH05 above SH04, and last year.
fn cross_check_workspace(dir: &Path) {
    workspace(dir);
    let before = submissions(dir, 2023);
    Intake::new(BUREAU, 2023).rows(&[("YF01", 290.0), ("YF02", 3.5)]).write(&before.join("事务局.xlsx"));
    Intake::new(CIVIL, 2023).rows(&[("ZZ01", 10.0), ("YF07", 20.0)]).write(&before.join("民政局.xlsx"));
    let sub = submissions(dir, 2024);
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0), ("YF02", 35000.0)]).write(&sub.join("事务局.xlsx"));
    Intake::new(CIVIL, 2024).row("ZZ01", 12).row("YF07", 30).note("新增两所学校").write(&sub.join("民政局.xlsx"));
    Intake::new(STREET_A, 2024).rows(&[("YF01", 120.0), ("YF02", 1500.0)]).write(&sub.join("甲街道.xlsx"));
    Intake::new(STREET_B, 2024)
        .rows(&[("YF01", 170.0), ("YF02", 33500.0), ("SH04", 10.0), ("SH05", 12.0)])
        .row("ZZ01", "200余")
        .write(&sub.join("乙镇.xlsx"));
}

#[test]
fn returns_are_checked_against_each_other_and_last_year() {
    let dir = tempfile::tempdir().unwrap();
    cross_check_workspace(dir.path());
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "warnings only");
    let found: Vec<Brief> = diags.iter().map(brief).collect();
    assert_eq!(
        found,
        [
            b("reconciliation", "事务局.xlsx", Some("E5"), Some("300")),
            b("large_change", "事务局.xlsx", Some("E6"), Some("35000")),
            b("large_change", "民政局.xlsx", Some("E6"), Some("30")),
            b("check_failed", "乙镇.xlsx", Some("E8"), Some("12")),
            b("approximate", "乙镇.xlsx", Some("E9"), Some("200余")),
            ("missing_submission".into(), None, None, None),
        ],
        "{}",
        serde_json::to_string_pretty(&diags).unwrap()
    );
    let message = |i: usize| diags[i]["message"].as_str().unwrap().to_string();
    assert!(message(0).contains("300") && message(0).contains("290"), "{}", message(0));
    assert!(message(1).contains("10000 倍") && message(1).contains("误按“元”而不是“万元”"), "{}", message(1));
    assert!(message(2).contains("50%") && message(2).contains("新增两所学校"), "{}", message(2));
    assert!(message(3).contains("SH04") || message(3).contains("E7"), "{}", message(3));

    let ws = Workspace::load(dir.path()).unwrap();
    let checked = validate::check_workspace(&ws, 2024);
    let years: std::collections::BTreeSet<i32> = checked.facts.iter().map(|f| f.year).collect();
    assert_eq!(years.into_iter().collect::<Vec<_>>(), [2023, 2024], "last year's facts are kept");
    assert_eq!(checked.submissions.keys().copied().collect::<Vec<_>>(), [2023, 2024]);
}

#[test]
fn text_output_matches_golden() {
    let dir = tempfile::tempdir().unwrap();
    cross_check_workspace(dir.path());
    let sub = dir.path().join("submissions/2024");
    Intake::new(TROOP, 2024).row("AM01", "xx人次").row("ZZ01", 3).write(&sub.join("某部.xlsx"));
    std::fs::write(sub.join("扫描件.pdf"), b"%PDF").unwrap();
    Intake::new("区档案馆", 2024).row("ZZ01", 1).write(&sub.join("档案馆.xlsx"));
    let r = run(dir.path(), &["check", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    golden("check.txt", &r.stdout);
    assert!(r.stdout.trim_end().lines().last().unwrap().starts_with("2024 年度已报 5/5 个单位，错误 "));
}

#[test]
fn loose_files_without_a_workspace_use_the_bundled_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    Intake::new("随便什么单位", 2022).row("ZZ01", "3次").row("ZZ02", "三次").write(&dir.path().join("a.xlsx"));
    std::fs::write(dir.path().join("b.xlsx"), b"").unwrap();
    let (code, diags) = check_json(dir.path(), &["a.xlsx", "b.xlsx"]);
    assert_eq!(code, 1);
    let found: Vec<Brief> = diags.iter().map(brief).collect();
    assert_eq!(found, [b("not_a_number", "a.xlsx", Some("E6"), Some("三次")), b("unreadable", "b.xlsx", None, None)]);
    assert_eq!(diags[0]["unit"], "随便什么单位");
    let r = run(dir.path(), &["check", "a.xlsx", "b.xlsx"]);
    assert!(r.stdout.ends_with("共检查 2 个文件，错误 2 条，警告 0 条\n"), "{}", r.stdout);
}

#[test]
fn loose_files_inside_a_workspace_use_its_roster_and_year() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new("区教育局", 2023).row("ZZ01", 1).write(&sub.join("x.xlsx"));
    let elsewhere = tempfile::tempdir().unwrap();
    let file = sub.join("x.xlsx");
    let (code, diags) = check_json(elsewhere.path(), &[file.to_str().unwrap()]);
    assert_eq!(code, 1);
    let kinds: Vec<&str> = diags.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["unknown_unit", "wrong_year"]);
    let (_, diags) = check_json(elsewhere.path(), &[file.to_str().unwrap(), "--year", "2023"]);
    let kinds: Vec<&str> = diags.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["unknown_unit"]);
}

#[test]
fn json_objects_have_exactly_the_contract_keys() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    Intake::new(CIVIL, 2024).row("ZZ01", "若干").write(&submissions(dir.path(), 2024).join("民政局.xlsx"));
    let (_, diags) = check_json(dir.path(), &[]);
    assert!(!diags.is_empty());
    for d in &diags {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["cell", "code", "file", "kind", "message", "severity", "sheet", "unit", "value"]);
    }
    let first = diags.iter().find(|d| d["kind"] == "not_a_number").unwrap();
    assert_eq!(
        (&first["severity"], &first["kind"], &first["sheet"], &first["cell"], &first["code"], &first["unit"]),
        (&"error".into(), &"not_a_number".into(), &"填报表".into(), &"E5".into(), &"ZZ01".into(), &CIVIL.into())
    );
}

#[test]
fn usage_and_io_problems_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("shuangyong.toml"), "{}", r.stderr);
    let r = run(dir.path(), &["check", "nothing-here.xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("找不到文件"), "{}", r.stderr);
    let r = run(dir.path(), &["check", ".", "a.xlsx"]);
    assert_eq!(r.code, 2);
    let r = run(dir.path(), &["check", "--format", "yaml"]);
    assert_eq!(r.code, 2);
}

#[test]
fn report_year_without_a_folder_lists_every_unit_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    clean_year(dir.path(), 2023);
    let (code, diags) = check_json(dir.path(), &["--year", "2024"]);
    assert_eq!(code, 0);
    assert_eq!(diags.len(), 5);
    assert!(diags.iter().all(|d| d["kind"] == "missing_submission" && d["severity"] == "warning"));
    let r = run(dir.path(), &["check", "--year", "2024"]);
    assert!(r.stdout.contains("未报单位（5 个）"), "{}", r.stdout);
    assert!(r.stdout.ends_with("2024 年度已报 0/5 个单位，错误 0 条，警告 5 条\n"), "{}", r.stdout);
}

#[test]
fn formula_cells_without_any_saved_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = Intake::new(CIVIL, 2024)
        .row("ZZ01", V::Formula("=2+1".into(), "3".into()))
        .row("ZZ02", V::Formula("=SUM(E5:E5)".into(), "0".into()))
        .write(&dir.path().join("a.xlsx"));
    // As openpyxl and other libraries write formulas: no <v> element at all.
    rewrite_sheets(&path, |xml| xml.replace("<f>SUM(E5:E5)</f><v>0</v>", "<f>SUM(E5:E5)</f>"));
    let (code, diags) = check_json(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 1);
    let found: Vec<Brief> = diags.iter().map(brief).collect();
    assert_eq!(found, [b("formula_no_value", "a.xlsx", Some("E6"), Some("=SUM(E5:E5)"))]);
}

#[test]
fn oversized_sheets_are_refused_and_checking_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let huge = Intake::new(CIVIL, 2024).row("ZZ01", 1).write(&dir.path().join("huge.xlsx"));
    rewrite_sheets(&huge, |xml| {
        let start = xml.find("<dimension ref=\"").unwrap() + "<dimension ref=\"".len();
        let end = start + xml[start..].find('"').unwrap();
        format!("{}A1:XFD1048576{}", &xml[..start], &xml[end..])
    });
    Intake::new(CIVIL, 2024).row("ZZ01", "若干").write(&dir.path().join("ok.xlsx"));
    let (code, diags) = check_json(dir.path(), &["huge.xlsx", "ok.xlsx"]);
    assert_eq!(code, 1);
    let found: Vec<Brief> = diags.iter().map(brief).collect();
    assert_eq!(
        found,
        [b("not_a_number", "ok.xlsx", Some("E5"), Some("若干")), b("too_large", "huge.xlsx", None, None)]
    );
    assert_eq!(diags[1]["sheet"], "填报表");
}

#[test]
fn xls_and_ods_returns_are_read_like_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    for name in ["区民政局.xls", "甲街道.ods"] {
        std::fs::copy(fixtures.join(name), sub.join(name)).unwrap();
    }
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = cell_problems(&diags);
    assert_eq!(
        found,
        [
            b("not_a_number", "区民政局.xls", Some("E9"), Some("xx人")),
            b("approximate", "甲街道.ods", Some("E6"), Some("约120")),
            b("formula_no_value", "甲街道.ods", Some("E7"), Some("=1+1")),
        ]
    );
    let ws = Workspace::load(dir.path()).unwrap();
    let checked = validate::check_workspace(&ws, 2024);
    let facts: Vec<(&str, &str, f64, &str)> =
        checked.facts.iter().map(|f| (f.unit.as_str(), f.code.as_str(), f.value, f.cell.as_str())).collect();
    assert_eq!(
        facts,
        [
            (CIVIL, "ZZ01", 2.0, "E6"),
            (CIVIL, "ZZ02", 3.0, "E7"),
            (CIVIL, "YF07", 12.0, "E8"),
            (CIVIL, "ZZ05", 12.5, "E10"),
            (STREET_A, "ZZ01", 3.0, "E5"),
            (STREET_A, "YF01", 120.0, "E6"),
        ]
    );
}

/// The diagnostics of `kind`, briefly.
fn of_kind(diags: &[serde_json::Value], kind: &str) -> Vec<Brief> {
    diags.iter().filter(|d| d["kind"] == kind).map(brief).collect()
}

/// Issue 21 (3): a figure typed in 备注 beside an empty 本年数值 is a warning at both
/// cells; a 本年数值 cell merged over two indicators is a warning naming both.
#[test]
fn figures_in_the_wrong_cell_are_named() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    clean_year(dir.path(), 2024);
    let civil = Intake::new(CIVIL, 2024)
        .row("ZZ01", 1.0)
        .row("YF07", V::Empty)
        .note("210.47")
        .row("ZZ02", 5.0)
        .row("ZZ03", V::Empty)
        .write(&submissions(dir.path(), 2024).join("民政局.xlsx"));
    rewrite_sheets(&civil, |xml| {
        xml.replacen("</sheetData>", r#"</sheetData><mergeCells count="1"><mergeCell ref="E7:E8"/></mergeCells>"#, 1)
    });
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        of_kind(&diags, "number_in_note"),
        [
            b("number_in_note", "民政局.xlsx", Some("E6"), Some("210.47")),
            b("number_in_note", "民政局.xlsx", Some("F6"), Some("210.47"))
        ]
    );
    assert_eq!(of_kind(&diags, "merged_value_cell"), [b("merged_value_cell", "民政局.xlsx", Some("E7"), Some("5"))]);
    let merged = diags.iter().find(|d| d["kind"] == "merged_value_cell").unwrap()["message"].as_str().unwrap();
    assert!(merged.contains("E7:E8") && merged.contains("ZZ02") && merged.contains("ZZ03"), "{merged}");
    let text = run(dir.path(), &["check"]).stdout;
    assert!(text.contains("民政局.xlsx › 填报表!F6"), "{text}");
}

/// Issue 21 (4): a form sent back with no value at all (空表) is no submission: a warning
/// at the file, the unit on the 未报 list, `units.submitted` false.
#[test]
fn a_blank_form_sent_back_is_not_a_submission() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    clean_year(dir.path(), 2024);
    Intake::new(STREET_B, 2024)
        .row("ZZ01", V::Empty)
        .row("YF01", V::Empty)
        .write(&submissions(dir.path(), 2024).join("乙镇.xlsx"));
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(of_kind(&diags, "empty_return"), [b("empty_return", "乙镇.xlsx", None, None)]);
    let missing: Vec<&serde_json::Value> = diags.iter().filter(|d| d["kind"] == "missing_submission").collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["unit"], STREET_B);
    assert!(missing[0]["message"].as_str().unwrap().contains("空表"), "{}", missing[0]);
    let text = run(dir.path(), &["check"]).stdout;
    assert!(text.contains(&format!("未报单位（1 个）：{STREET_B}")), "{text}");
    assert!(text.contains("2024 年度已报 4/5 个单位"), "{text}");
    let units = run(
        dir.path(),
        &["query", "--sql", "SELECT unit, submitted FROM units WHERE NOT submitted", "--format", "csv"],
    );
    assert_eq!(units.stdout, format!("unit,submitted\n{STREET_B},false\n"), "{}", units.stderr);
}

/// Issue 21 (5): without the authoritative unit's return `check` names it and the
/// indicators only it gives, and a report (not a draft) is refused.
#[test]
fn the_authoritative_unit_missing_is_named_and_stops_the_report() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    clean_year(dir.path(), 2024);
    std::fs::remove_file(submissions(dir.path(), 2024).join("退役军人事务局.xlsx")).unwrap();
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    let missing: Vec<&serde_json::Value> = diags.iter().filter(|d| d["kind"] == "authoritative_missing").collect();
    assert_eq!(missing.len(), 1, "{diags:?}");
    assert_eq!(missing[0]["unit"], BUREAU);
    let message = missing[0]["message"].as_str().unwrap();
    assert!(message.contains(BUREAU) && message.contains("重点优抚对象（YF01）"), "{message}");
    let build = run(dir.path(), &["build", "--out", dir.path().join("out").to_str().unwrap()]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(build.stderr.contains("未生成报告") && build.stderr.contains(BUREAU), "{}", build.stderr);
    assert!(!dir.path().join("out").exists());
}

/// Issue 21 (6): what a unit typed reaches the terminal as text: escape codes and
/// bidirectional overrides are shown, not obeyed, in values and unit names alike.
#[test]
fn control_characters_reach_the_terminal_as_text() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    clean_year(dir.path(), 2024);
    let sub = submissions(dir.path(), 2024);
    Intake::new(STREET_A, 2024).row("ZZ01", "\u{1b}[2J3").write(&sub.join("甲街道.xlsx"));
    Intake::new("\u{1b}[8m隐藏\u{202e}部门", 2024).row("ZZ01", 1.0).write(&sub.join("无名.xlsx"));
    let r = run(dir.path(), &["check"]);
    assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{202e}'), "{:?}", r.stdout);
    assert!(r.stdout.contains("\\u{1b}[2J3"), "{}", r.stdout);
    assert!(r.stdout.contains("\\u{1b}[8m隐藏\\u{202e}部门（不在成员单位名单中）"), "{}", r.stdout);
    let q = run(dir.path(), &["query", "--sql", "SELECT '\u{1b}[2J' AS x"]);
    assert!(!q.stdout.contains('\u{1b}') && q.stdout.contains("\\u{1b}[2J"), "{:?}", q.stdout);
}

/// Issue 21 (10): a unit that signs with its full title (region before, 办事处 or
/// 人民政府 after) is the roster's unit, not an unknown one.
#[test]
fn units_signing_with_their_full_title_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    clean_year(dir.path(), 2024);
    let sub = submissions(dir.path(), 2024);
    Intake::new("示例区民政局", 2024).rows(&[("ZZ01", 1.0), ("YF07", 12.0)]).write(&sub.join("民政局.xlsx"));
    Intake::new("示例区甲街道办事处", 2024)
        .rows(&[("ZZ01", 4.0), ("YF01", 120.0), ("YF02", 1500.0), ("ZC04", 30.0), ("ZC06", 30.0)])
        .write(&sub.join("甲街道.xlsx"));
    Intake::new("乙镇人民政府", 2024)
        .rows(&[("ZZ01", 3.0), ("YF01", 180.0), ("YF02", 2000.0), ("SH04", 10.0), ("SH05", 8.0)])
        .write(&sub.join("乙镇.xlsx"));
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!((code, diags), (0, Vec::new()));
}

/// Macro-enabled (`.xlsm`) and binary (`.xlsb`) workbooks, as Excel saves them when a
/// unit picks those types: read by their labels like `.xlsx`, every value reaching the
/// facts or named at its cell.
#[test]
fn xlsm_and_xlsb_returns_are_read_like_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new(CIVIL, 2024).rows(&[("ZZ01", 2.0)]).row("ZZ02", "若干").write(&sub.join("区民政局.xlsm"));
    Intake::new(STREET_A, 2024)
        .rows(&[("ZZ01", 3.0), ("YF05", 120.0)])
        .row("YF01", "约50")
        .shifted(1, 1)
        .with_sheet_before()
        .write(&sub.join("甲街道.xlsb"));
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{diags:#?}");
    // No bureau's return here: its missing figures are beside the point.
    let found = cell_problems(&diags);
    // Indicators from row 5 in column E; one row and one column further in the .xlsb.
    assert_eq!(
        found,
        [
            b("not_a_number", "区民政局.xlsm", Some("E6"), Some("若干")),
            b("approximate", "甲街道.xlsb", Some("F8"), Some("约50")),
        ]
    );
    let ws = Workspace::load(dir.path()).unwrap();
    let checked = validate::check_workspace(&ws, 2024);
    let facts: Vec<(&str, &str, f64, &str)> =
        checked.facts.iter().map(|f| (f.unit.as_str(), f.code.as_str(), f.value, f.cell.as_str())).collect();
    assert_eq!(
        facts,
        [
            (CIVIL, "ZZ01", 2.0, "E5"),
            (STREET_A, "ZZ01", 3.0, "F6"),
            (STREET_A, "YF05", 120.0, "F7"),
            (STREET_A, "YF01", 50.0, "F8")
        ]
    );
}
