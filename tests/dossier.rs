//! `shuangyong dossier`: the assessment dossier of the sample workspace over 2021–2024,
//! a cycle with a year missing, data errors, and criteria files with mistakes.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::{golden, pdf_text, run, samples};
use shuangyong::blank::{CellInput, Filled, Writer};
use shuangyong::workspace::Workspace;

const STEM: &str = "示例区2021-2024年双拥模范城创建考评材料";
const REPORT: &str = "示例区2021-2024年双拥模范城创建工作汇报";

#[test]
fn sample_dossier_scores_the_cycle() {
    let (_tmp, ws) = samples();
    let out = run(&ws, &["dossier", ws.to_str().unwrap(), "--from", "2021", "--to", "2024"]);
    let stdout = &out.stdout;
    assert_eq!(out.code, 0, "{stdout}\n{}", out.stderr);
    let pdf = ws.join("out").join(format!("{STEM}.pdf"));
    let xlsx = ws.join("out").join(format!("{STEM}.xlsx"));
    assert!(pdf.is_file() && xlsx.is_file(), "{stdout}");
    assert!(stdout.contains("2021—2024年自评参考分"), "{stdout}");

    // The same dossier twice gives the same bytes (SOURCE_DATE_EPOCH, sorted maps).
    let first = (std::fs::read(&pdf).unwrap(), std::fs::read(&xlsx).unwrap());
    let again = run(&ws, &["dossier", ".", "--from", "2021"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    // The page count follows the typesetter's layout, not the scores.
    let summary: String = again
        .stdout
        .lines()
        .map(|l| match (l.rfind('（'), l.ends_with("页）")) {
            (Some(i), true) => format!("{}（N 页）\n", &l[..i]),
            _ => format!("{l}\n"),
        })
        .collect();
    golden("dossier/samples.txt", &summary);
    assert!(first == (std::fs::read(&pdf).unwrap(), std::fs::read(&xlsx).unwrap()), "output is not reproducible");

    // The workbook: the same tables, and every cell the scores read.
    let mut book = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["得分汇总", "一票否决", "加分项目", "逐项评分", "各年数字", "未达标和风险", "佐证材料", "数据来源"]
    );
    let summary = book.worksheet_range("得分汇总").unwrap();
    assert_eq!(summary.get_value((0, 8)), Some(&Data::String("备注".into())));
    assert_eq!(summary.get_value((9, 0)), Some(&Data::String("合计".into())));
    // The self-assessment split, as on the terminal.
    assert_eq!(summary.get_value((10, 0)), Some(&Data::String("其中按试行考评标准".into())));
    assert_eq!(summary.get_value((11, 0)), Some(&Data::String("其中按本办设定".into())));
    let headline = stdout.lines().next().unwrap().split_once('年').unwrap().1.split_once('；').unwrap().0;
    assert!(summary.rows().any(|r| r[0] == Data::String(headline.into())), "{headline}");
    let vetoes = book.worksheet_range("一票否决").unwrap();
    assert_eq!(vetoes.get_value((1, 5)), Some(&Data::String("已触发".into())));
    let sources = book.worksheet_range("数据来源").unwrap();
    assert!(sources.height() > 100, "{} source rows", sources.height());
    assert!(sources.rows().skip(1).all(|r| r[8] == Data::String("填报表".into())));

    let Some(body) = pdf_text(&pdf) else { return };
    assert!(body.contains("示例区2021—2024年双拥模范城（县）创建考评材料"), "{body}");

    // The 创建工作汇报 draft beside it: the cycle's cumulative figures are the sums of
    // the yearly district totals, and the workspace's title record is quoted.
    let report = pdf_text(&ws.join("out").join(format!("{REPORT}.pdf"))).unwrap();
    for (code, words, unit) in [("YF02", "累计发放优待抚恤金", "万元"), ("ZZ01", "累计召开双拥工作领导小组会议", "次")]
    {
        let sql = format!("select sum(value) as v from totals where code = '{code}' and year between 2021 and 2024");
        let out = run(&ws, &["query", ".", "--sql", &sql, "--format", "csv"]);
        let sum: f64 = out.stdout.clone().lines().nth(1).unwrap().trim().parse().unwrap();
        let expected = format!("{words}{}{unit}", shuangyong::numfmt::table_figure(sum, 2));
        assert!(report.contains(&expected), "the 汇报 lacks {expected}");
    }
    assert!(report.contains("先后获得2016年全国双拥模范城（县）、2020年全国双拥模范城（县）（二连冠）等荣誉"));
    assert!(report.contains("2021—2024年双拥工作主要指标") && report.contains("存在的不足和下一步打算"));
    for expected in EXPECTED_IN_PDF {
        assert!(body.contains(expected), "the PDF lacks {expected}");
    }
}

/// Item lines and figures of the sample dossier, whitespace removed.
const EXPECTED_IN_PDF: &[&str] = &[
    "自评参考分26.58/40分（按试行考评标准1/7分，按本办设定25.58/33分）",
    "满分40分，其中30.5分可由统计数据评定，得26.58分",
    // Rates instead of presence: the plaques hung against the households due one.
    "光荣之家牌匾应挂尽挂（悬挂率100%）：差0.28个百分点，按周期合计还需8户",
    // The veto list with statuses: one decided by the figures, the rest for the office.
    "否1未完成年度征兵任务",
    "已触发",
    "待办公室确认",
    // Bonus items outside the base total, capped.
    "加分项目不计入基本分，合计最高2分",
    "加2设立拥军优属基金",
    // per_item: both conditions met every year.
    "1.2议军会议和联席会议制度落实，领导小组每年至少召开一次全体会议（1分，得1分）",
    // evidence: never scored from figures, its documents listed.
    "1.4县级双拥办有相对固定的部队人员参与工作（1分，得0分）",
    "军分区（警备区）或人民武装部党委工作报告中的双拥工作内容",
    // threshold on a stock: the last year, not the sum.
    "2.2国防教育基地建设（1分，得1分）",
    "2024年末数为14个，要求≥5个",
    // linear.
    "2.4双拥宣传报道（1分，得0.87分）",
    "2021—2024年合计为1,388篇",
    // ratio of the cycle sums, just short of the bound, with the gap in people.
    "5.1完成征兵任务（征兵任务完成率）（1.5分，得0分）",
    "2021—2024年合计1,183人÷1,188人=99.58%，要求≥100%",
    "差0.42个百分点，按周期合计还需5人",
    "7.1军地互办实事“双清单”完成率不低于90%（1.5分，得0分）",
    "436项÷511项=85.32%",
    // units_reporting: every street has a station.
    "5.4退役军人服务站覆盖街道镇和村（社区）（1分，得1分）",
    "每个街道镇建有退役军人服务站：达标（0.5分）；村（社区）退役军人服务站覆盖率100%：达标（0.5分）",
];

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
