//! `shuangyong template`: blank workbooks read back with calamine; and the bundled sample
//! workspace, whose returns must stay readable by their labels.

mod common;

use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader, SheetVisible};
use common::{cell_number as number, cell_text as text, run, sheet};
use shuangyong::catalog::Catalog;
use shuangyong::form::{FINGERPRINT_LABEL, HEADER, HIGHLIGHT_HEADER, UNIT_LABEL, VERSION_LABEL, YEAR_LABEL};
use shuangyong::workspace::{UnitType, Workspace};

const HEAD: &str = r#"region = "示例区"
office = "示例区双拥工作领导小组办公室"
year = 2024
"#;

const UNITS: &str = r#"
[[units]]
name = "区退役军人事务局"
type = "部门"
authoritative = true

[[units]]
name = "东湖街道"
type = "街道镇"

[[units]]
name = "驻区某部一营"
type = "驻区部队"

[[units]]
name = "某部:一连"
type = "驻区部队"

[[units]]
name = "某部?一连"
type = "驻区部队"

[[units]]
name = "CON"
type = "部门"
"#;

/// A temporary workspace; `settings` go between the head and the roster.
fn workspace(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shuangyong.toml"), format!("{HEAD}{settings}{UNITS}")).unwrap();
    dir
}

/// The XML of the `n`th worksheet (1-based) of an `.xlsx` file.
fn sheet_xml(path: &Path, n: usize) -> String {
    common::zip_part(path, &format!("xl/worksheets/sheet{n}.xml"))
}

fn sheets(path: &Path) -> Vec<(String, SheetVisible)> {
    let book = open_workbook_auto(path).unwrap();
    book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible)).collect()
}

#[test]
fn writes_one_workbook_per_unit_with_safe_distinct_names() {
    let ws = workspace("");
    let out = run(ws.path(), &["template", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let dir = ws.path().join("blank").join("2024");
    assert!(out.stdout.contains("已生成 6 份空白填报表"), "{}", out.stdout);
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "2024__CON_双拥统计表.xlsx",
            "2024_东湖街道_双拥统计表.xlsx",
            "2024_区退役军人事务局_双拥统计表.xlsx",
            "2024_某部_一连_双拥统计表(2).xlsx",
            "2024_某部_一连_双拥统计表.xlsx",
            "2024_驻区某部一营_双拥统计表.xlsx",
        ]
        .map(String::from)
    );
    // The unit is told by its 填报单位, never by the file name.
    let first = sheet(&dir.join("2024_某部_一连_双拥统计表.xlsx"), "填报表");
    let second = sheet(&dir.join("2024_某部_一连_双拥统计表(2).xlsx"), "填报表");
    assert_eq!((text(&first, 1, 1), text(&second, 1, 1)), ("某部:一连".into(), "某部?一连".into()));
}

#[test]
fn layout_follows_the_contract() {
    let ws = workspace("");
    assert_eq!(run(ws.path(), &["template"]).code, 0);
    let catalog = Catalog::bundled();
    for (file, unit, unit_type) in [
        ("2024_区退役军人事务局_双拥统计表.xlsx", "区退役军人事务局", UnitType::Department),
        ("2024_东湖街道_双拥统计表.xlsx", "东湖街道", UnitType::Street),
        ("2024_驻区某部一营_双拥统计表.xlsx", "驻区某部一营", UnitType::Troop),
    ] {
        let path = ws.path().join("blank/2024").join(file);
        assert_eq!(
            sheets(&path),
            [
                ("填报表".to_string(), SheetVisible::Visible),
                ("工作亮点".to_string(), SheetVisible::Visible),
                ("填报说明".to_string(), SheetVisible::Visible),
                ("版本信息".to_string(), SheetVisible::Hidden),
            ]
        );
        let form = sheet(&path, "填报表");
        assert_eq!(text(&form, 0, 0), "示例区2024年度双拥工作统计表");
        assert_eq!((text(&form, 1, 0), text(&form, 1, 1)), (UNIT_LABEL.to_string(), unit.to_string()));
        assert_eq!((text(&form, 1, 3), number(&form, 1, 4)), (YEAR_LABEL.to_string(), Some(2024.0)));
        let header: Vec<String> = (0..6).map(|c| text(&form, 3, c)).collect();
        assert_eq!(header, HEADER);

        let expected: Vec<_> = catalog
            .reported_by(unit_type)
            .map(|i| {
                vec![i.code.clone(), i.category.clone(), i.name.clone(), i.unit.clone(), String::new(), String::new()]
            })
            .collect();
        let rows: Vec<Vec<String>> =
            (4..4 + expected.len() as u32 + 1).map(|r| (0..6).map(|c| text(&form, r, c)).collect()).collect();
        assert_eq!(rows[..expected.len()], expected[..], "{file}");
        assert!(rows[expected.len()].iter().all(String::is_empty), "nothing after the last indicator");
        assert!(!rows.iter().any(|r| r[0] == "ZC07" || r[0] == "SH06"), "derived indicators are never filled in");

        let version = sheet(&path, "版本信息");
        assert_eq!(
            (text(&version, 0, 0), number(&version, 0, 1)),
            (VERSION_LABEL.to_string(), Some(shuangyong::form::VERSION.into()))
        );
        assert_eq!(
            (text(&version, 1, 0), text(&version, 1, 1)),
            (FINGERPRINT_LABEL.to_string(), catalog.fingerprint.clone())
        );

        // Issue 9: the highlights sheet, its header under a title and a hint, drop-down
        // lists on 类别 (the catalogue's categories and 其他) and 可公开.
        let highlights = sheet(&path, "工作亮点");
        let header: Vec<String> = (0..4).map(|c| text(&highlights, 2, c)).collect();
        assert_eq!(header, HIGHLIGHT_HEADER);
        assert_eq!(text(&highlights, 0, 0), format!("{unit}2024年度双拥工作亮点"));
        let xml = sheet_xml(&path, 2);
        let categories = [catalog.categories(), vec!["其他"]].concat().join(",");
        assert!(xml.contains(&format!("<formula1>\"{categories}\"</formula1>")), "{xml}");
        assert!(xml.contains("<formula1>\"是,否\"</formula1>"), "{xml}");

        let help = sheet(&path, "填报说明");
        assert_eq!(text(&help, 0, 0), "示例区2024年度双拥工作统计表填报说明");
        let all: String = help.rows().flatten().map(|c| c.to_string()).collect();
        assert!(all.contains("示例区双拥工作领导小组办公室") && all.contains("留空"), "{all}");
        assert!(all.contains("“工作亮点”工作表") && all.contains("300字以内"), "{all}");
        assert!(!all.contains('{'), "placeholders are filled: {all}");
    }
}

#[test]
fn year_and_out_flags() {
    let ws = workspace("");
    let target = ws.path().join("发给各单位");
    let out = run(ws.path(), &["template", ".", "--year", "2025", "--out", target.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let form = sheet(&target.join("2025_东湖街道_双拥统计表.xlsx"), "填报表");
    assert_eq!(number(&form, 1, 4), Some(2025.0));
    assert_eq!(text(&form, 0, 0), "示例区2025年度双拥工作统计表");
    assert!(!ws.path().join("blank").exists());
}

#[test]
fn same_workspace_same_bytes_under_source_date_epoch() {
    let ws = workspace("");
    for out in ["a", "b"] {
        assert_eq!(run(ws.path(), &["template", ".", "--out", out]).code, 0);
    }
    let file = "2024_东湖街道_双拥统计表.xlsx";
    let a = std::fs::read(ws.path().join("a").join(file)).unwrap();
    let b = std::fs::read(ws.path().join("b").join(file)).unwrap();
    assert!(a == b, "two runs differ");
}

#[test]
fn workspace_instructions_replace_the_bundled_ones() {
    let ws = workspace("intake_instructions = \"说明.md\"\n");

    let missing = run(ws.path(), &["template"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("说明.md"), "{}", missing.stderr);

    std::fs::write(
        ws.path().join("说明.md"),
        "# {region}{year}年填表须知\n> 请于1月10日前报送\n## 联系人\n张三 12345678\n",
    )
    .unwrap();
    assert_eq!(run(ws.path(), &["template"]).code, 0);
    let path = ws.path().join("blank/2024/2024_东湖街道_双拥统计表.xlsx");
    let help = sheet(&path, "填报说明");
    assert_eq!(text(&help, 0, 0), "示例区2024年填表须知");
    assert_eq!((text(&help, 2, 0), text(&help, 3, 0)), ("联系人".to_string(), "张三 12345678".to_string()));
    assert_eq!(text(&sheet(&path, "填报表"), 2, 0), "请于1月10日前报送");
}

#[test]
fn missing_workspace_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["template", "没有这个文件夹"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("shuangyong.toml"), "{}", out.stderr);
}

#[test]
fn bad_source_date_epoch_is_exit_2() {
    let ws = workspace("");
    let out = common::run_env(ws.path(), &["template"], &[("SOURCE_DATE_EPOCH", Some("昨天"))]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("SOURCE_DATE_EPOCH"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// The bundled sample workspace

/// The cell right of the first cell holding exactly `label`.
fn right_of(range: &Range<Data>, label: &str) -> Option<(u32, u32)> {
    range.cells().find(|(_, _, v)| matches!(v, Data::String(s) if s.trim() == label)).map(|(r, c, _)| {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        (r0 + r as u32, c0 + c as u32 + 1)
    })
}

/// The contract's value rules, as a unit reads them in 填报说明: what the sample writes must
/// be a number, `无`, `—`, `/`, empty, or text holding a number with at most one
/// qualifier and the indicator's unit.
fn acceptable(cell: Option<&Data>, unit: &str, integer: bool) -> bool {
    let value = match cell {
        None | Some(Data::Empty) => return true,
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        Some(Data::String(s)) => {
            let s = s.trim();
            if ["无", "—", "/", ""].contains(&s) {
                return true;
            }
            let s: String = s
                .chars()
                .map(|c| {
                    if ('０'..='９').contains(&c) {
                        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap()
                    } else {
                        c
                    }
                })
                .filter(|&c| c != ',')
                .collect();
            let s = s.strip_suffix(unit).unwrap_or(&s);
            let s = s.strip_prefix(['约', '近']).unwrap_or(s);
            let s = s.strip_suffix(['余', '多']).unwrap_or(s);
            match s.parse::<f64>() {
                Ok(v) => v,
                Err(_) => return false,
            }
        }
        Some(_) => return false,
    };
    value >= 0.0 && (!integer || value.fract() == 0.0)
}

#[test]
fn sample_returns_read_by_their_labels() {
    let (_tmp, dir) = common::samples();
    let ws = Workspace::load(&dir).unwrap();
    let years = ws.submission_years();
    assert_eq!(years, [2021, 2022, 2023, 2024]);
    for year in years {
        let mut seen = Vec::new();
        for entry in std::fs::read_dir(ws.submissions_dir(year)).unwrap() {
            let path = entry.unwrap().path();
            let form = sheet(&path, "填报表");
            let at = |label| right_of(&form, label).unwrap_or_else(|| panic!("{label} in {}", path.display()));
            let (r, c) = at(UNIT_LABEL);
            let unit = ws.unit(&text(&form, r, c)).unwrap_or_else(|| panic!("unit of {}", path.display()));
            let (r, c) = at(YEAR_LABEL);
            assert_eq!(number(&form, r, c), Some(year as f64), "{}", path.display());

            let (header_row, _) = at(HEADER[0]);
            let col_of = |label: &str| (0..30).find(|&c| text(&form, header_row, c) == label).unwrap();
            let (code_col, value_col) = (col_of(HEADER[0]), col_of(HEADER[4]));
            for h in HEADER {
                col_of(h);
            }
            let mut codes = Vec::new();
            for row in header_row + 1..header_row + 80 {
                let code = text(&form, row, code_col);
                let Some(ind) = ws.catalog.get(&code) else {
                    let contact = shuangyong::form::CONTACT_LABELS.contains(&code.as_str());
                    assert!(code.is_empty() || contact, "{code} in {}", path.display());
                    continue;
                };
                let cell = form.get_value((row, value_col));
                assert!(acceptable(cell, &ind.unit, ind.integer), "{code} = {cell:?} in {}", path.display());
                codes.push(code);
            }
            // District-level figures are on the authoritative unit's form alone.
            let expected: Vec<String> =
                ws.catalog.reported_by(unit.unit_type).filter(|i| unit.reports(i)).map(|i| i.code.clone()).collect();
            assert_eq!(codes, expected, "{}", path.display());
            seen.push(unit.name.clone());
        }
        seen.sort();
        let mut roster: Vec<String> = ws.units.iter().map(|u| u.name.clone()).collect();
        roster.sort();
        assert_eq!(seen, roster, "every unit returns exactly one workbook in {year}");
    }
}

#[test]
fn deadline_and_contact_cells() {
    let blank_date = |ws: &tempfile::TempDir| {
        assert_eq!(run(ws.path(), &["template"]).code, 0);
        let path = ws.path().join("blank/2024/2024_东湖街道_双拥统计表.xlsx");
        let help: String = sheet(&path, "填报说明").rows().flatten().map(|c| c.to_string()).collect();
        let form = sheet(&path, "填报表");
        // Under the table after an empty row, each value cell right of its label, and
        // the 本年数值 column left empty so that intake sees no indicator there.
        let (r, c) = right_of(&form, "填报人").expect("填报人 under the table");
        let (last, _) = form.end().unwrap();
        assert!(r + 1 >= last && c == 1, "{r} {c} {last}");
        assert_eq!(right_of(&form, "单位负责人").map(|(r, _)| r), Some(r + 1));
        assert!(right_of(&form, "联系电话").is_some() && right_of(&form, "填报日期").is_some());
        assert_eq!(text(&form, r, 4), "");
        // A blank form read back is an empty return (空表) and nothing else.
        let checked = shuangyong::validate::check_files(None, &[path]);
        let kinds: Vec<_> = checked.diagnostics.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, [shuangyong::diag::Kind::EmptyReturn], "{:#?}", checked.diagnostics);
        help
    };
    let help = blank_date(&workspace("deadline = \"2025-01-15\"\n"));
    assert!(help.contains("请于2025年1月15日前"), "{help}");
    let help = blank_date(&workspace(""));
    assert!(help.contains("请于＿＿＿＿年＿＿月＿＿日前"), "{help}");
}

/// Issue 24.2: the 填报说明's 报送方式 and 联系人 come from the workspace; a blank stays
/// only where a key is missing, and `template` names the key.
#[test]
fn submission_and_contact_keys_fill_the_instructions() {
    let help = |ws: &tempfile::TempDir| {
        let out = run(ws.path(), &["template"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let path = ws.path().join("blank/2024/2024_东湖街道_双拥统计表.xlsx");
        let text: Vec<String> = sheet(&path, "填报说明").rows().flatten().map(|c| c.to_string()).collect();
        (text, out.stderr)
    };
    let (text, stderr) = help(&workspace(
        "submit_via = \"政务内网邮箱 sybgs@example.gov.cn\"\ncontact = \"王某某\"\ncontact_phone = \"0871-12345678\"\n",
    ));
    assert!(text.contains(&"报送方式：政务内网邮箱 sybgs@example.gov.cn。".to_string()), "{text:?}");
    assert!(text.contains(&"联系人：王某某，联系电话：0871-12345678。".to_string()), "{text:?}");
    assert!(!text.iter().any(|t| t.contains('＿') && !t.contains("年＿＿月")), "{text:?}");
    assert!(!stderr.contains("shuangyong.toml"), "{stderr}");

    let (text, stderr) = help(&workspace("contact = \"王某某\"\n"));
    assert!(text.contains(&"报送方式：＿＿＿＿＿＿＿＿＿＿（电子邮件或政务内网）。".to_string()), "{text:?}");
    assert!(text.contains(&"联系人：王某某，联系电话：＿＿＿＿＿＿＿＿。".to_string()), "{text:?}");
    assert!(stderr.contains("“报送方式”") && stderr.contains("submit_via = "), "{stderr}");
    assert!(stderr.contains("“联系电话”") && stderr.contains("contact_phone = "), "{stderr}");
    assert!(!stderr.contains("“联系人”"), "{stderr}");
}
