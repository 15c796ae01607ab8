//! `shuangyong dossier`: the assessment dossier of the sample workspace over 2021–2024,
//! a cycle with a year missing, data errors, and criteria files with mistakes.

mod common;

use std::path::Path;

use calamine::Data;
use common::{
    cell_number as number, cell_text as text, on_samples, pdf_text, query_number, run, run_ok, samples, sheet,
    sheet_names,
};
use shuangyong::blank::{CellInput, Filled, Writer};
use shuangyong::catalog::{Catalog, Kind};
use shuangyong::workspace::Workspace;

const STEM: &str = "示例区2021-2024年双拥模范城创建考评材料";
const REPORT: &str = "示例区2021-2024年双拥模范城创建工作汇报";

/// A number as the terminal prints a score (`26.58`, `1`).
fn score(text: &str) -> f64 {
    text.trim().parse().unwrap_or_else(|e| panic!("“{text}”: {e}"))
}

/// `earned / points` out of a terminal line's `… 26.58 / 40 分…`.
fn fraction(text: &str) -> (f64, f64) {
    let (earned, rest) = text.split_once(" / ").unwrap_or_else(|| panic!("no score in “{text}”"));
    let earned = earned.rsplit(|c: char| !(c.is_ascii_digit() || c == '.')).next().unwrap();
    (score(earned), score(rest.split_once(" 分").unwrap().0))
}

/// A cycle's figure for an indicator as `query` gives it: a flow's district totals
/// added up over the cycle, a stock's last-year total.
fn cycle_figure(ws: &Path, code: &str) -> f64 {
    let kind = Catalog::bundled().get(code).unwrap().kind;
    let years = match kind {
        Kind::Flow => "BETWEEN 2021 AND 2024",
        Kind::Stock => "= 2024",
        Kind::Derived => panic!("{code}: a derived indicator"),
    };
    query_number(ws, &format!("SELECT SUM(value) AS v FROM totals WHERE code = '{code}' AND year {years}"))
}

#[test]
fn sample_dossier_scores_the_cycle() {
    let (_tmp, ws) = samples();
    let out = run_ok(&ws, &["dossier", ws.to_str().unwrap(), "--from", "2021", "--to", "2024"]);
    let stdout = &out.stdout;
    let pdf = ws.join("out").join(format!("{STEM}.pdf"));
    let xlsx = ws.join("out").join(format!("{STEM}.xlsx"));
    assert!(pdf.is_file() && xlsx.is_file(), "{stdout}");

    assert_eq!(
        sheet_names(&xlsx),
        ["得分汇总", "一票否决", "加分项目", "逐项评分", "各年数字", "未达标和风险", "佐证材料", "数据来源"]
    );
    // The standards add up to the total, in the workbook and on the terminal alike.
    let summary = sheet(&xlsx, "得分汇总");
    assert_eq!(text(&summary, 0, 8), "备注");
    let total = (1..summary.height() as u32).find(|&r| text(&summary, r, 0) == "合计").expect("a 合计 row");
    let standards: Vec<(String, f64, f64)> = (1..total)
        .map(|r| (text(&summary, r, 0), number(&summary, r, 2).unwrap(), number(&summary, r, 4).unwrap()))
        .collect();
    let (points, earned) = (number(&summary, total, 2).unwrap(), number(&summary, total, 4).unwrap());
    assert!((standards.iter().map(|s| s.1).sum::<f64>() - points).abs() < 1e-9, "{standards:?}");
    assert!((standards.iter().map(|s| s.2).sum::<f64>() - earned).abs() < 1e-9, "{standards:?}");
    // The self-assessment split: 试行考评标准 and 本办设定 make the whole.
    assert_eq!(text(&summary, total + 1, 0), "其中按试行考评标准");
    assert_eq!(text(&summary, total + 2, 0), "其中按本办设定");
    let split = |i: u32| (number(&summary, total + i, 2).unwrap(), number(&summary, total + i, 4).unwrap());
    let ((trial_points, trial), (office_points, office)) = (split(1), split(2));
    assert!((trial_points + office_points - points).abs() < 1e-9 && (trial + office - earned).abs() < 1e-9);

    let headline = stdout.lines().next().unwrap();
    assert!(headline.starts_with("2021—2024年自评参考分"), "{stdout}");
    assert_eq!(fraction(headline), (score(&shuangyong::numfmt::points(earned)), points), "{headline}");
    let lines: Vec<(f64, f64)> =
        stdout.lines().filter(|l| l.starts_with("  ") && l.contains('：')).map(fraction).collect();
    assert_eq!(lines.len(), standards.len(), "{stdout}");
    for (line, standard) in lines.iter().zip(&standards) {
        assert_eq!(*line, (score(&shuangyong::numfmt::points(standard.2)), standard.1), "{stdout}");
    }
    // As printed too: what an assessor adds up by hand comes to the headline.
    let printed: f64 = lines.iter().map(|l| l.0).sum();
    assert!((printed - fraction(headline).0).abs() < 1e-9, "the standards as printed add up to {printed}: {stdout}");

    // Every item scored from a cycle figure, recomputed from what `query` gives with the
    // bundled criteria's own parameters.
    let items = sheet(&xlsx, "逐项评分");
    let row = |content: &str| {
        (1..items.height() as u32).find(|&r| text(&items, r, 2) == content).unwrap_or_else(|| panic!("{content}"))
    };
    let criteria = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/assessment.toml"));
    let criteria: toml::Table = toml::from_str(&criteria.unwrap()).unwrap();
    let f = |v: &toml::Value| v.as_float().or(v.as_integer().map(|i| i as f64)).unwrap();
    let mut recomputed = 0;
    for item in criteria["standards"].as_array().unwrap().iter().flat_map(|s| s["items"].as_array().unwrap()) {
        let content = item["content"].as_str().unwrap();
        let r = row(content);
        let (points, got, result) = (number(&items, r, 4).unwrap(), number(&items, r, 5).unwrap(), text(&items, r, 8));
        assert_eq!(points, f(&item["points"]), "{content}");
        let expected = match item["rule"].as_str().unwrap() {
            "linear" => {
                let value = cycle_figure(&ws, item["indicator"].as_str().unwrap());
                let (low, high) = (f(&item["low"]), f(&item["high"]));
                assert!(result.contains(&shuangyong::numfmt::table_figure(value, 2)), "{content}: {value} in {result}");
                points * ((value - low) / (high - low)).clamp(0.0, 1.0)
            }
            "ratio" => {
                let n = cycle_figure(&ws, item["numerator"].as_str().unwrap());
                let d = cycle_figure(&ws, item["denominator"].as_str().unwrap());
                let ratio = n / d * item.get("scale").map_or(100.0, f);
                let bound = f(&item["bound"]);
                let holds = match item["op"].as_str().unwrap() {
                    ">=" => ratio >= bound,
                    ">" => ratio > bound,
                    "<=" => ratio <= bound,
                    "<" => ratio < bound,
                    op => panic!("{op}"),
                };
                for figure in [n, d] {
                    let figure = shuangyong::numfmt::table_figure(figure, 2);
                    assert!(result.contains(&figure), "{content}: {figure} in {result}");
                }
                let percent = format!("{}%", shuangyong::numfmt::table_figure((ratio * 100.0).round() / 100.0, 2));
                assert!(result.contains(&percent), "{content}: {percent} in {result}");
                if holds {
                    points
                } else {
                    0.0
                }
            }
            _ => continue,
        };
        assert!((got - expected).abs() < 0.005, "{content}: scored {got}, the figures give {expected}");
        recomputed += 1;
    }
    assert!(recomputed >= 3, "only {recomputed} items recomputed");

    let vetoes = sheet(&xlsx, "一票否决");
    assert_eq!(text(&vetoes, 1, 5), "已触发");
    let sources = sheet(&xlsx, "数据来源");
    assert!(sources.height() > 100, "{} source rows", sources.height());
    assert!(sources.rows().skip(1).all(|r| r[8] == Data::String("填报表".into())));

    let Some(body) = pdf_text(&pdf) else { return };
    // The PDF carries the standards and the scores the workbook has.
    for (name, _, earned) in &standards {
        let name = name.split_once(". ").unwrap().1;
        assert!(body.contains(name), "the PDF lacks {name}");
        assert!(body.contains(&shuangyong::numfmt::points(*earned)), "the PDF lacks {earned}");
    }

    // The 创建工作汇报 draft beside it: the cycle's cumulative figures are the sums of
    // the yearly district totals, and the workspace's title record is quoted.
    let report = pdf_text(&ws.join("out").join(format!("{REPORT}.pdf"))).unwrap();
    for (code, unit) in [("YF02", "万元"), ("ZZ01", "次")] {
        let sum = cycle_figure(&ws, code);
        let expected = format!("{}{unit}", shuangyong::numfmt::table_figure(sum, 2));
        assert!(report.contains(&expected), "the 汇报 lacks {expected}");
    }
    for title in ["2016年全国双拥模范城（县）", "2020年全国双拥模范城（县）（二连冠）"] {
        assert!(report.contains(title), "the 汇报 lacks {title}");
    }
}

/// The dossier from two copies of the workspace in different folders: the same bytes in
/// every file, the 创建工作汇报 included.
#[test]
fn the_same_cycle_in_two_folders_gives_the_same_bytes() {
    let (a, b) = (on_samples(&["dossier"]), on_samples(&["dossier"]));
    let files = |dir: &Path| {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let names = files(&a.out);
    assert_eq!(names, files(&b.out));
    assert_eq!(
        names,
        [
            format!("{REPORT}.docx"),
            format!("{REPORT}.pdf"),
            format!("{STEM}.docx"),
            format!("{STEM}.pdf"),
            format!("{STEM}.xlsx")
        ]
    );
    for name in &names {
        let (x, y) = (std::fs::read(a.out.join(name)).unwrap(), std::fs::read(b.out.join(name)).unwrap());
        assert!(x == y, "{name} differs between the two folders");
    }
}

#[test]
fn a_year_without_returns_is_reported_not_zero() {
    let (_tmp, ws) = samples();
    std::fs::remove_dir_all(ws.join("submissions").join("2022")).unwrap();
    let out = run(&ws, &["dossier", ".", "--from", "2021", "--to", "2024"]);
    let stderr = &out.stderr;
    assert_eq!(out.code, 0, "{stderr}");
    assert!(stderr.contains("2022年没有任何单位报送统计表"), "{stderr}");
    if let Some(body) = pdf_text(&ws.join("out").join(format!("{STEM}.pdf"))) {
        assert!(body.contains("2022年没有任何单位报送统计表"), "{body}");
        assert!(body.contains("数据不全"), "{body}");
    }
}

#[test]
fn data_errors_stop_the_dossier_unless_draft() {
    let (_tmp, ws) = samples();
    let workspace = Workspace::load(&ws).unwrap();
    let unit = workspace.unit("东湖街道").unwrap();
    let dir = ws.join("submissions").join("2023");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().contains("东湖街道") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let filled = Filled {
        values: [("ZZ01".to_string(), CellInput::Text("若干".into())), ("GF02".to_string(), CellInput::Number(12.0))]
            .into_iter()
            .collect(),
        ..Filled::default()
    };
    Writer::new(&workspace).unwrap().write(unit, 2023, Some(&filled), &dir.join("东湖街道.xlsx")).unwrap();

    let out = run(&ws, &["dossier", "."]);
    let stderr = &out.stderr;
    assert_eq!(out.code, 1, "{stderr}");
    assert!(stderr.contains("东湖街道.xlsx") && stderr.contains("--draft"), "{stderr}");
    assert!(!ws.join("out").join(format!("{STEM}.pdf")).exists());

    let out = run(&ws, &["dossier", ".", "--draft"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    if let Some(body) = pdf_text(&ws.join("out").join(format!("{STEM}.pdf"))) {
        assert!(body.contains("草稿"), "{body}");
        // The errors are listed as check prints them, punctuation and all.
        let error = stderr.lines().find(|l| l.contains("东湖街道.xlsx")).unwrap();
        // The start only: the 草稿 mark of a new page may fall inside a long line.
        let error: String = error.chars().filter(|c| !c.is_whitespace()).take(30).collect();
        assert!(body.contains(&error), "{error}\n{body}");
    }
}

#[test]
fn criteria_mistakes_name_their_line() {
    let (_tmp, ws) = samples();
    let config = std::fs::read_to_string(ws.join("shuangyong.toml")).unwrap();
    std::fs::write(ws.join("shuangyong.toml"), format!("assessment = \"考评标准.toml\"\n{config}")).unwrap();
    let criteria = "[[standards]]\nname = \"组织领导坚强有力\"\npoints = 1\nsource = \"trial\"\n\n[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"office\"\nrule = \"threshold\"\nindicator = \"ZZ99\"\nop = \">=\"\nbound = 1\n";
    std::fs::write(ws.join("考评标准.toml"), criteria).unwrap();
    let out = run(&ws, &["dossier", "."]);
    let stderr = &out.stderr;
    assert_eq!(out.code, 2, "{stderr}");
    assert!(stderr.contains("第 11 行") && stderr.contains("ZZ99"), "{stderr}");

    // Corrected, the workspace's own criteria replace the bundled ones.
    std::fs::write(ws.join("考评标准.toml"), criteria.replace("ZZ99", "ZZ01")).unwrap();
    let out = run(&ws, &["dossier", "."]);
    let stdout = &out.stdout;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(stdout.contains("自评参考分 1 / 1 分") && stdout.contains("1. 组织领导坚强有力：1 / 1 分"), "{stdout}");
}

#[test]
fn a_workspace_dossier_template_replaces_the_bundled_one() {
    let (_tmp, ws) = samples();
    let config = std::fs::read_to_string(ws.join("shuangyong.toml")).unwrap();
    std::fs::write(ws.join("shuangyong.toml"), format!("dossier_template = \"我的考评材料.md\"\n{config}")).unwrap();
    let template = "# {{ region }}考评自查\n\n## 得分\n\n见{{ figure(\"s\") }}。\n\n\
        ```table\nkind = \"summary\"\ncolumns = [\"标准\", \"分值\", \"可评\", \"得分\", \"佐证\", \"未满\", \"风险\"]\n```\n\n\
        ```chart\nkind = \"scores\"\ntitle = \"得分图\"\nid = \"s\"\n```\n";
    std::fs::write(ws.join("我的考评材料.md"), template).unwrap();
    let out = run(&ws, &["dossier", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr.clone());
    if let Some(body) = pdf_text(&ws.join("out").join(format!("{STEM}.pdf"))) {
        assert!(body.contains("示例区考评自查") && body.contains("一、得分") && body.contains("见图1。"), "{body}");
        assert!(!body.contains("逐项评分"), "{body}");
    }

    // A mistake names the template and its line.
    std::fs::write(ws.join("我的考评材料.md"), template.replace("columns = [\"标准\", ", "columns = [")).unwrap();
    let out = run(&ws, &["dossier", "."]);
    let stderr = out.stderr.clone();
    assert_eq!(out.code, 2, "{stderr}");
    assert!(stderr.contains("我的考评材料.md 第 7 行") && stderr.contains("columns"), "{stderr}");
    std::fs::write(ws.join("我的考评材料.md"), "# T\n\n{{ standard.nme }}\n").unwrap();
    let stderr = run(&ws, &["dossier", "."]).stderr;
    assert!(stderr.contains("我的考评材料.md 第 3 行") && stderr.contains("standard.nme"), "{stderr}");
}

#[test]
fn cycle_years_in_the_wrong_order_are_a_usage_error() {
    let (_tmp, ws) = samples();
    let out = run(&ws, &["dossier", ".", "--from", "2024", "--to", "2021"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--from"), "{}", out.stderr);
}

#[test]
fn build_and_dossier_take_the_same_document_options_and_report_fonts_alike() {
    let (_tmp, ws) = samples();
    let config = std::fs::read_to_string(ws.join("shuangyong.toml")).unwrap();
    std::fs::write(ws.join("shuangyong.toml"), config.replace("办公室\"", "办公室\u{10FFFD}\"")).unwrap();
    std::fs::create_dir(ws.join("fonts")).unwrap();
    let warning =
        "警告：字体中没有“\u{10FFFD}”（U+10FFFD），该字以“〓”代替印出，出现在：落款“示例区双拥工作领导小组办公室\u{10FFFD}”";
    for command in ["build", "dossier"] {
        let out = run(&ws, &[command, ".", "--font-dir", "fonts", "--out", "made"]);
        let stderr = out.stderr.clone();
        assert_eq!(out.code, 0, "{command}: {stderr}");
        assert!(stderr.contains(warning), "{command}: {stderr}");
        assert!(!out.stdout.clone().contains("字体中没有"), "{command}: {}", out.stdout.clone());
    }
    // Written through temporary files: only the documents of each command remain.
    let mut made: Vec<String> =
        std::fs::read_dir(ws.join("made")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    made.sort();
    assert_eq!(
        made,
        [
            format!("{REPORT}.docx"),
            format!("{REPORT}.pdf"),
            format!("{STEM}.docx"),
            format!("{STEM}.pdf"),
            format!("{STEM}.xlsx"),
            "示例区2024年度双拥工作报告.docx".to_string(),
            "示例区2024年度双拥工作报告.pdf".to_string(),
            "示例区2024年度双拥统计汇总.xlsx".to_string(),
            "示例区2024年度数据质量说明.pdf".to_string()
        ]
    );
}
