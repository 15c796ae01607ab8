//! `shuangyong build` end to end: a small workspace of returned workbooks, the real
//! binary, the PDF's text (pdftotext) and the bytes of two builds.

mod common;

use std::path::Path;

use common::{Intake, BUREAU, STREET_A, STREET_B, TROOP};
use shuangyong::dataset::DataSet;
use shuangyong::date::DocDate;
use shuangyong::report::{self, Inputs};
use shuangyong::validate;
use shuangyong::workspace::Workspace;

const PDF: &str = "示例区2024年度双拥工作报告.pdf";
const XLSX: &str = "示例区2024年度双拥统计汇总.xlsx";

/// 2024 returns from every unit but 区民政局, 2023 returns for the comparison.
fn returns(dir: &Path) {
    common::workspace(dir);
    let y24 = common::submissions(dir, 2024);
    Intake::new(BUREAU, 2024)
        .rows(&[("YF01", 2152.0), ("YF02", 3500.0), ("YF05", 12.0), ("TY01", 386.0), ("TY02", 15.0)])
        .write(&y24.join("退役军人事务局.xlsx"));
    Intake::new(STREET_A, 2024)
        .rows(&[("YF01", 1200.0), ("YF05", 1200.0), ("ZZ01", 3.0), ("ZZ05", 12.5)])
        .highlight("拥军优属", "兵妈妈驿站暖兵心", "我街道依托社区开设“兵妈妈驿站”，为官兵缝补浆洗", "")
        .highlight("拥军优属", "喜报送到家", "春节前夕，为立功官兵家庭送喜报。\n", "")
        .write(&y24.join("甲街道.xlsx"));
    Intake::new(STREET_B, 2024).rows(&[("YF05", 850.0), ("ZZ01", 2.0)]).write(&y24.join("乙镇.xlsx"));
    Intake::new(TROOP, 2024)
        .rows(&[("AM01", 560.0), ("AM02", 26.0)])
        .highlight("拥政爱民", "助力乡村振兴", "帮助农户抢收夏粮", "否")
        .write(&y24.join("某部.xlsx"));
    let y23 = common::submissions(dir, 2023);
    Intake::new(BUREAU, 2023).rows(&[("YF02", 3200.0), ("TY01", 350.0)]).write(&y23.join("退役军人事务局.xlsx"));
    Intake::new(STREET_A, 2023).rows(&[("YF05", 1000.0), ("ZZ01", 3.0)]).write(&y23.join("甲街道.xlsx"));
    Intake::new(STREET_B, 2023).rows(&[("YF05", 900.0)]).write(&y23.join("乙镇.xlsx"));
}

#[test]
fn errors_stop_the_build_unless_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    returns(ws);
    Intake::new(STREET_B, 2024)
        .rows(&[("YF05", 850.0), ("ZZ01", 2.0)])
        .row("ZZ02", "若干")
        .write(&ws.join("submissions/2024/乙镇.xlsx"));

    let r = common::run(ws, &["build"]);
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("若干") && r.stderr.contains("--draft"), "{}", r.stderr);
    assert!(!ws.join("out").exists(), "nothing is written when the data has errors");

    let charts = ws.join("charts");
    let r = common::run(ws, &["build", "--draft", "--charts", charts.to_str().unwrap()]);
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stdout.contains("草稿"), "{}", r.stdout);
    // Figures are numbered in template order; the file name carries the number.
    let exported: Vec<String> =
        std::fs::read_dir(&charts).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    for ext in ["svg", "png"] {
        let suffix = format!("_优待抚恤金和义务兵家庭优待金发放情况.{ext}");
        assert!(exported.iter().any(|f| f.starts_with('图') && f.ends_with(&suffix)), "{exported:?}");
    }
    let pdf = ws.join("out").join(PDF);
    assert!(pdf.is_file() && ws.join("out").join(XLSX).is_file());
    if let Some(flat) = common::pdf_text(&pdf) {
        assert!(flat.contains("示例区2024年度双拥工作报告"), "{flat}");
        assert!(flat.contains("草稿"), "{flat}");
        assert!(flat.contains("一、主要做法和成效"), "{flat}");
        // 12 + 1,200 + 850 visits: the tables with the thousands separator, the text without.
        assert!(flat.contains("2062次") && flat.contains("2,062"), "{flat}");
    }
    // The value left out is listed with its cell and what was written, in the 数据质量说明
    // beside the report.
    if let Some(flat) = common::pdf_text(&ws.join("out").join("示例区2024年度数据质量说明.pdf")) {
        assert!(flat.contains("草稿") && flat.contains("若干") && flat.contains("乙镇.xlsx"), "{flat}");
    }
}

/// The names and bytes of every file in a folder, sorted by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn two_copies_in_different_folders_give_the_same_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    returns(a.path());
    // Another folder, another depth: nothing of where the workspace lies gets in.
    let elsewhere = b.path().join("另一个文件夹");
    common::copy_dir(a.path(), &elsewhere);
    for ws in [a.path(), elsewhere.as_path()] {
        let r = common::run_ok(ws, &["build", "--ofd"]);
        assert!(r.stdout.contains(PDF) && r.stdout.contains("页"), "{}", r.stdout);
    }
    let (x, y) = (files(&a.path().join("out")), files(&elsewhere.join("out")));
    let names: Vec<&str> = x.iter().map(|(n, _)| n.as_str()).collect();
    // Every output: the report in each format, the summary workbook, the 数据质量说明.
    assert_eq!(
        names,
        [
            "示例区2024年度双拥工作报告.docx",
            "示例区2024年度双拥工作报告.ofd",
            PDF,
            XLSX,
            "示例区2024年度数据质量说明.pdf"
        ]
    );
    for ((name, x), (_, y)) in x.iter().zip(&y) {
        assert!(x == y, "{name} differs between the two folders");
    }
    assert_eq!(x.len(), y.len());

    let Some(flat) = common::pdf_text(&a.path().join("out").join(PDF)) else { return };
    assert!(!flat.contains("草稿"), "{flat}");
    assert!(flat.contains("2152名重点优抚对象") && flat.contains("2,152"), "{flat}");
    // Issue 19: changes in words, as the published texts have them.
    assert!(flat.contains("发放优待抚恤金3500万元，比上年有所增长") && !flat.contains("9.4%，"), "{flat}");
    // Issue 9: the units' highlights in their sections, numbered, the unit the actor.
    let yjys = "一是兵妈妈驿站暖兵心。甲街道依托社区开设“兵妈妈驿站”，为官兵缝补浆洗。二是喜报送到家。春节前夕，甲街道为立功官兵家庭送喜报。";
    assert!(flat.contains(yjys), "{flat}");
    // Issue 19: a single highlight, without a lead announcing a group, names its title
    // (what the unit did, not a brand: 围绕“……”).
    assert!(flat.contains("台次。某部围绕“助力乡村振兴”，帮助农户抢收夏粮。"), "{flat}");
}

/// The summary workbook read back cell by cell: a category sheet's district totals with
/// last year's and the like-with-like change, every unit's figures, and the sheet that
/// traces each fact to its file and cell, row for row what `query` gives.
#[test]
fn the_summary_workbook_holds_the_totals_their_changes_and_every_facts_cell() {
    use common::{cell_number as number, cell_text as text, sheet, sheet_names};
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    returns(ws);
    common::run_ok(ws, &["build"]);
    let xlsx = ws.join("out").join(XLSX);

    let mut expected: Vec<String> =
        shuangyong::catalog::Catalog::bundled().categories().into_iter().map(str::to_string).collect();
    expected.extend(["各单位2024年数据".to_string(), "数据来源".to_string()]);
    assert_eq!(sheet_names(&xlsx), expected);

    let care = sheet(&xlsx, "拥军优属");
    let header: Vec<String> = (0..8).map(|c| text(&care, 0, c)).collect();
    assert_eq!(header, ["编码", "指标", "计量单位", "2024年", "2023年", "比上年增减", "比上年增减%", "备注"]);
    let row = |code: &str| {
        (1..care.height() as u32).find(|&r| text(&care, r, 0) == code).unwrap_or_else(|| panic!("no {code} row"))
    };
    // Summed: 12 + 1,200 + 850 this year, 1,000 + 900 last year. The bureau reported it
    // this year only, so the change % compares the two streets alone: 2,050 against 1,900;
    // 比上年增减 is the two totals' difference.
    let r = row("YF05");
    assert_eq!((text(&care, r, 1), text(&care, r, 2)), ("走访慰问优抚对象和部队".into(), "次".into()));
    assert_eq!((number(&care, r, 3), number(&care, r, 4)), (Some(2062.0), Some(1900.0)));
    assert_eq!(number(&care, r, 5), Some(162.0));
    let ratio = number(&care, r, 6).unwrap();
    assert!((ratio - 150.0 / 1900.0).abs() < 1e-9, "{ratio}");
    let note = text(&care, r, 7);
    assert!(note.contains(BUREAU) && note.contains("2023年"), "the 备注 names who is left out: {note}");
    // Authoritative: the bureau's figure, whatever the streets report; the same unit
    // both years, so a plain change and no 备注.
    let r = row("YF02");
    assert_eq!(
        (number(&care, r, 3), number(&care, r, 4), number(&care, r, 5)),
        (Some(3500.0), Some(3200.0), Some(300.0))
    );
    assert!((number(&care, r, 6).unwrap() - 300.0 / 3200.0).abs() < 1e-9);
    assert_eq!(text(&care, r, 7), "");
    let r = row("YF01");
    assert_eq!((number(&care, r, 3), number(&care, r, 4), number(&care, r, 5)), (Some(2152.0), None, None));

    // Every unit's own figures, on the roster's rows.
    let units = sheet(&xlsx, "各单位2024年数据");
    let column =
        |code: &str| (2..units.width() as u32).find(|&c| text(&units, 0, c).starts_with(&format!("{code} "))).unwrap();
    let unit_row = |name: &str| (1..units.height() as u32).find(|&r| text(&units, r, 0) == name).unwrap();
    assert_eq!(number(&units, unit_row(STREET_A), column("YF05")), Some(1200.0));
    assert_eq!(number(&units, unit_row(BUREAU), column("YF01")), Some(2152.0));
    assert_eq!(text(&units, unit_row(common::CIVIL), 1), "部门");
    assert_eq!(number(&units, unit_row(common::CIVIL), column("YF05")), None, "区民政局 returned nothing");

    // The facts: one row each, with the file and the cell (甲街道's YF05 is its second
    // line: row 6 under the header of row 4, in column E).
    let sources = sheet(&xlsx, "数据来源");
    let rows: Vec<Vec<String>> =
        (1..sources.height() as u32).map(|r| (0..10).map(|c| text(&sources, r, c)).collect()).collect();
    let visits = rows.iter().find(|r| r[1] == STREET_A && r[3] == "YF05" && r[0] == "2024").unwrap();
    assert_eq!(visits[2], "街道镇");
    assert_eq!(visits[4..8], ["走访慰问优抚对象和部队", "1200", "次", ""]);
    assert!(visits[8].ends_with("甲街道.xlsx"), "{visits:?}");
    assert_eq!(visits[9], "填报表!E6");
    let queried = common::query_csv(ws, "SELECT year, unit, code, value, file, sheet, cell FROM facts");
    let mut queried: Vec<String> = queried.lines().skip(1).map(str::to_string).collect();
    let mut listed: Vec<String> = rows
        .iter()
        .map(|r| {
            let (sheet, cell) = r[9].split_once('!').unwrap();
            let value: f64 = r[5].parse().unwrap();
            format!("{},{},{},{value},{},{sheet},{cell}", r[0], r[1], r[3], r[8])
        })
        .collect();
    queried.sort();
    listed.sort();
    assert_eq!(listed, queried, "the 数据来源 sheet against query's facts");
}

/// Issue 11: the body is set in the bundled 仿宋, Zhuque Fangsong, embedded as a subset;
/// the first body page (after the cover and the 目录) uses it.
#[test]
fn pdffonts_lists_the_fangsong_face() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    returns(ws);
    let r = common::run(ws, &["build"]);
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    let pdf = ws.join("out").join(PDF);
    let Some(all) = common::pdffonts(&pdf, &[]) else { return };
    let line = all.lines().find(|l| l.contains("+ZhuqueFangsong-Regular")).unwrap_or_else(|| panic!("{all}"));
    let fields: Vec<&str> = line.split_whitespace().collect();
    // name, type (2 words), encoding, emb, sub, uni, object id, generation
    assert_eq!(fields[1..7], ["CID", "TrueType", "Identity-H", "yes", "yes", "yes"], "{all}");
    let body = common::pdffonts(&pdf, &["-f", "3", "-l", "3"]).unwrap();
    assert!(body.contains("+ZhuqueFangsong-Regular"), "{body}");
}

#[test]
fn template_errors_name_the_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    returns(ws);
    let config = std::fs::read_to_string(ws.join("shuangyong.toml")).unwrap();
    let config = config.replacen("year = 2024\n", "year = 2024\nreport_template = \"我的模板.md\"\n", 1);
    std::fs::write(ws.join("shuangyong.toml"), config).unwrap();
    std::fs::write(
        ws.join("我的模板.md"),
        "# {{ region }}\n\n全年走访{{ amount(\"YF05\") }}，\n共{{ amount(\"XX99\") }}。\n",
    )
    .unwrap();
    let r = common::run(ws, &["build"]);
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("我的模板.md 第 4 行") && r.stderr.contains("XX99"), "{}", r.stderr);

    std::fs::write(ws.join("我的模板.md"), "# 标题\n\n```table\nkind = \"category\"\ncategory = \"组织\"\n```\n")
        .unwrap();
    let r = common::run(ws, &["build"]);
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("我的模板.md 第 5 行") && r.stderr.contains("组织"), "{}", r.stderr);
}

/// The bundled template filled in for the small workspace: what the typesetter reads.
/// `UPDATE_GOLDEN=1 cargo test --release --test build` rewrites it after a deliberate
/// change.
#[test]
fn filled_template_matches_golden() {
    let tmp = tempfile::tempdir().unwrap();
    returns(tmp.path());
    common::golden("build/report.md", &filled_template(tmp.path()));
}

/// The sample report's text as the office first reads it: the golden file is for
/// reading sentence by sentence against the published district reports.
#[test]
fn sample_report_prose_matches_golden() {
    let got = filled_template(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"));
    common::golden("build/sample-report.md", &got);
}

/// Issue 9: figures in running text as offices write them; stocks are not built this
/// year; the district's own meetings, not the units' summed; the office's own text.
#[test]
fn sample_report_reads_as_the_office_writes() {
    let got = filled_template(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"));
    let prose: String = got.split("```").step_by(2).collect();
    for phrase in [
        "为1767名重点优抚对象购买补充医疗保险",
        "送立功受奖喜报220份",
        "为704户军人军属和退役军人家庭悬挂“光荣之家”牌匾",
        // Issue 19: the units' own meetings with the units as the actors, their sums left
        // to 表1.
        "各街道（镇）和成员单位普遍建立双拥工作例会和党政领导军事日等制度，定期研究部署本单位双拥工作。",
        // 其他 practices close the last section, not 组织领导.
        "二是军地职工技能交流。",
        "发放优待抚恤金3800余万元",
        "与上年基本持平",
        "区双拥工作领导小组召开全体会议2次",
        "区委召开常委会议军会1次",
        "先后2次被命名为",
        "我区将以争创",
    ] {
        assert!(prose.contains(phrase), "“{phrase}” is not in the sample report:\n{prose}");
    }
    for wrong in [
        "建立拥军支前",
        "建立军民共建点",
        "2,",
        "3,848.38",
        "同比",
        "%",
        "此处由双拥办",
        "全区共召开",
        "5支拥军支前",
        // The units' meetings summed read as the district's (writing.md).
        "全年共召开双拥工作领导小组会议",
        "光荣牌",
        // A stock that may count one team twice, claimed with no figure (review 2).
        "拥军支前机制",
        // AM10 adds the troops' figure told the sentence before (review 2).
        "动员驻区部队官兵",
        "名义务兵家庭",
        // Claims with nothing behind them, a tail the 区委宣传部's practice repeats.
        "烈士纪念日等重要节点",
        "营造尊崇军人、关爱功臣的浓厚氛围",
        // 区教育局's practice only repeats 优先安排116名军人子女入学入托 (keywords).
        "军人子女教育优待",
    ] {
        assert!(!prose.contains(wrong), "“{wrong}” is in the sample report:\n{prose}");
    }
}

/// Issue 9: while the office has not written its own sections a final report is refused,
/// naming the section and the file; a draft shows where the text goes.
#[test]
fn the_office_text_is_asked_for_before_a_final_report() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    returns(ws);
    std::fs::write(ws.join("notes/2024.md"), "## 存在的问题\n\n一是……。\n\n## 下一步打算\n\n").unwrap();
    let r = common::run(ws, &["build"]);
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("“下一步打算”") && r.stderr.contains("notes/2024.md"), "{}", r.stderr);
    assert!(r.stderr.contains("--draft"), "{}", r.stderr);
    assert!(!ws.join("out").exists(), "nothing is written without the office's text");

    std::fs::remove_file(ws.join("notes/2024.md")).unwrap();
    let r = common::run(ws, &["build", "--draft"]);
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    if let Some(flat) = common::pdf_text(&ws.join("out").join(PDF)) {
        assert!(flat.contains("【待双拥办撰写“存在的问题”"), "{flat}");
        assert!(flat.contains("【待双拥办撰写“下一步打算”"), "{flat}");
        assert!(!flat.contains("此处由双拥办"), "{flat}");
    }
}

/// The bundled template filled in for the workspace at `dir`, for 2024.
fn filled_template(dir: &Path) -> String {
    let ws = Workspace::load(dir).unwrap();
    let data = DataSet::build(&ws, 2024, validate::check_workspace(&ws, 2024)).unwrap();
    let inputs = Inputs {
        ws: &ws,
        year: 2024,
        data: &data,
        draft: false,
        public: false,
        date: DocDate::from_unix(1_700_000_000),
    };
    report::markdown(&inputs).unwrap()
}

/// Issue 15: the sample report says what published district reports quote, each figure
/// from the catalogue, and has a figure for every one of them.
#[test]
fn sample_report_quotes_what_published_reports_quote() {
    let got = filled_template(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"));
    for phrase in [
        "听取双拥工作专题汇报",
        "军工资质单位",
        "修缮营房和住宅",
        "走访慰问驻区部队",
        "文艺小分队",
        "随军随调家属",
        "其中退役义务兵",
        "退役士官",
        "名自主就业退役士兵发放一次性补助金",
        "已全部上岗",
        "三级全覆盖",
        "民兵",
        "结对共建",
        "少年军校",
        "双拥宣传员",
        "先进典型",
        "英烈祭扫和纪念活动",
        "2021年以来累计",
        "拥军服务队",
    ] {
        assert!(got.contains(phrase), "“{phrase}” is not in the sample report:\n{got}");
    }
    assert!(!got.contains("（未报送）") && !got.contains("（无法计算）"), "{got}");
}

/// A workspace template that sets `show_declines = true` has `change()` say a fall in
/// words; without it the fall stays in the tables, as the bundled template keeps it.
#[test]
fn a_template_that_sets_show_declines_says_a_fall_in_words() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    common::workspace(ws);
    let config = std::fs::read_to_string(ws.join("shuangyong.toml")).unwrap();
    let config = config.replacen("year = 2024\n", "year = 2024\nreport_template = \"我的模板.md\"\n", 1);
    std::fs::write(ws.join("shuangyong.toml"), config).unwrap();
    Intake::new(STREET_A, 2024).rows(&[("YF05", 900.0)]).write(&common::submissions(ws, 2024).join("甲.xlsx"));
    Intake::new(STREET_A, 2023).rows(&[("YF05", 1000.0)]).write(&common::submissions(ws, 2023).join("甲.xlsx"));
    common::bureau_return(ws, 2024);
    let body = "# 报告\n\n走访慰问{{ amount(\"YF05\") }}{{ change(\"YF05\") | comma }}。\n";
    let docx = ws.join("out/示例区2024年度双拥工作报告.docx");
    for (set, says) in [("{% set show_declines = true %}\n", true), ("", false)] {
        std::fs::write(ws.join("我的模板.md"), format!("{set}{body}")).unwrap();
        common::run_ok(ws, &["build"]);
        let text = common::docx_text(&docx);
        // 900 against 1,000: a fall of 10%.
        assert!(text.contains("走访慰问900次"), "{text}");
        assert_eq!(text.contains("比上年有所下降"), says, "show_declines {says}: {text}");
        assert_eq!(text.contains("走访慰问900次。"), !says, "{text}");
    }
}
