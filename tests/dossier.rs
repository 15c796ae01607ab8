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

/// A figure as the dossier's sentences write it: two decimals at most, no separators.
fn plain(v: f64) -> String {
    shuangyong::numfmt::table_figure(v, 2).replace(',', "")
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
                assert!(result.contains(&plain(value)), "{content}: {value} in {result}");
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
                    let figure = plain(figure);
                    assert!(result.contains(&figure), "{content}: {figure} in {result}");
                }
                let percent = format!("{}%", plain((ratio * 100.0).round() / 100.0));
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
    assert_eq!(text(&vetoes, 1, 5), "存在风险（本办设定）");
    let sources = sheet(&xlsx, "数据来源");
    assert!(sources.height() > 100, "{} source rows", sources.height());
    assert!(sources.rows().skip(1).all(|r| r[8] == Data::String("填报表".into())));
    // 1.2's plenary is the district group's (ZZ07, the 双拥办's figure), not every
    // unit's own group meetings (ZZ01).
    let codes_of_1_2: Vec<String> =
        sources.rows().filter(|r| r[0] == Data::String("1.2".into())).map(|r| r[5].to_string()).collect();
    assert!(codes_of_1_2.iter().any(|c| c == "ZZ07"), "{codes_of_1_2:?}");
    assert!(!codes_of_1_2.iter().any(|c| c == "ZZ01" || c == "ZZ02"), "{codes_of_1_2:?}");

    let Some(body) = pdf_text(&pdf) else { return };
    assert!(body.contains("示例区2021—2024年双拥模范城创建考评材料"), "{body}");
    for expected in EXPECTED_IN_PDF {
        assert!(body.contains(expected), "the PDF lacks {expected}");
    }
    // The PDF carries the standards and the scores the workbook has.
    for (name, _, earned) in &standards {
        let name = name.split_once(". ").unwrap().1;
        assert!(body.contains(name), "the PDF lacks {name}");
        assert!(body.contains(&shuangyong::numfmt::points(*earned)), "the PDF lacks {earned}");
    }

    // Written for people: comparisons in words, no indicator codes in sentences; the
    // units' file names stay in the workbook.
    for unwanted in [
        "≥",
        "≤",
        "人÷",
        "项÷",
        "%=",
        "（ZZ0",
        "（ZC0",
        "年 ZC07",
        "副本 新建",
        "Microsoft",
        "本项用到",
        "及以下不得分",
        "多于0",
        // 有……的 / 每年均有……的, as an office says it (review 2).
        "大于0",
        "街道镇",
        "““",
    ] {
        assert!(!body.contains(unwanted), "the 考评材料 says {unwanted}");
    }

    // A deed takes no 有 (每年均发放……的), a thing does (每个街道（镇）均有“双拥宣传阵地”的).
    assert!(body.contains("每年均发放优待抚恤金的"), "the 考评材料 lacks 每年均发放");
    assert!(body.contains("5个驻区部队均召开军地联席会议"), "{body}");
    assert!(!body.contains("均有“召开"), "{body}");
    // Nouns get their deed from the catalogue, deeds sharing a verb are joined, troop
    // work names the troops, and a year that lacks says what it lacks (review 6).
    let joined = body.split_whitespace().collect::<String>();
    for expected in [
        "2021—2024年每年均召开区委常委会议军和军地联席会议的，得0.5分；有一年未召开即不得分",
        "2021—2024年每年均发放义务兵家庭优待金的，得1分；有一年未发放即不得分",
        "2021—2024年开展送立功受奖喜报的，得0.5分",
        "2021—2024年驻区部队每年均出动兵力支援地方建设的，得1.5分；有一年未出动即不得分",
        "2021—2024年驻区部队参加抢险救灾和应急处突的，得1分",
    ] {
        assert!(joined.contains(expected), "the 考评材料 lacks {expected}");
    }
    assert!(["有“召开", "有“送", "有“参加", "有“部队", "有一年没有"].iter().all(|w| !joined.contains(w)), "{joined}");
    // Lead-ins written to the assessors, not to the office.
    for unwanted in ["未能查到", "请按", "工作表!单元格", "“征兵任务完成率”为99.29%；2022年“征兵任务完成率”"]
    {
        assert!(!body.contains(unwanted), "the 考评材料 says {unwanted}");
    }
    assert!(
        body.contains("一票否决事项以考评组使用的考评标准为准") && body.contains("；其余3项须由本办逐项确认"),
        "{body}"
    );
    // A highlight is cited only under the items it speaks of: the 宣传栏 under the
    // 宣传阵地 (though the streets report that figure), none under the 国防教育基地.
    let item = |from: &str, to: &str| body.split(from).nth(1).unwrap().split(to).next().unwrap().to_string();
    assert!(item("5.每个街道（镇）建有双拥宣传阵地", "（三）").contains("区委宣传部“双拥宣传进社区”"), "{body}");
    assert!(!item("2.国防教育基地建设", "3.国防教育活动").contains("工作亮点"), "{body}");
    assert!(item("4.拥军支前专业队伍", "5.企业").contains("民兵应急分队实战化训练"), "{body}");
    // Pairs both sides report are the responsible side's: the streets' 共建点, the
    // departments' projects, counted in 项.
    assert!(item("2.军民共建点", "3.帮助部队").contains("2024年末数为40个"), "{body}");
    assert!(item("6.军民融合科技合作项目", "（八）").contains("“军民融合科技合作项目”24项"), "{body}");
    // 填报单位 lines count as the result lines do: 项, 份 (not the intake's 个, 件).
    let item = |from: &str, to: &str| joined.split(from).nth(1).unwrap().split(to).next().unwrap().to_string();
    assert!(item("6.军民融合科技合作项目", "（八）").contains("区发展和改革委员会24项"), "{body}");
    assert!(item("6.送立功", "（四）").contains("长安街道103份"), "{body}");
    // A stock units may count twice is no district count: the unit with the most leads,
    // the sum is marked (the 汇报 does not say it at all).
    assert!(
        joined.contains("2024年末区工商业联合会48家，各单位填报合计144家（可能重复计数），要求不少于20家"),
        "{body}"
    );
    assert!(
        joined.contains("2024年末各单位填报合计5支（可能重复计数）") && !joined.contains("年末数为144家"),
        "{body}"
    );
    // The item's best practice is cited by its dossier-only keywords (喜报, 乡村振兴),
    // which leave the annual report's matching as it was.
    assert!(item("6.送立功", "（四）").contains("西城街道“喜报送到家门口”"), "{body}");
    assert!(item("1.驻区部队每年支援地方建设", "2.参加").contains("驻区某部一营“助力乡村振兴”"), "{body}");
    // The insured are a level each year: per year, never summed.
    assert!(item("5.每年为重点优抚对象购买补充医疗保险", "6.送立功").contains("（2021—2024年分别为"), "{body}");

    // The 创建工作汇报 beside it: figures as running text writes them over the cycle,
    // stocks at the last year, the title record as offices write it, the units'
    // highlights and the office's notes; no score, gap or missed quota.
    let report = pdf_text(&ws.join("out").join(format!("{REPORT}.pdf"))).unwrap();
    let said = report.split("附表：").next().unwrap();
    let money = shuangyong::numfmt::prose_figure(cycle_figure(&ws, "YF02"), "万元", false, false);
    assert!(said.contains(&format!("累计发放优待抚恤金{money}")), "the 汇报 lacks {money}");
    let insured = query_number(&ws, "select value from totals where code = 'YF11' and year = 2024");
    assert!(said.contains(&format!("2024年为{insured}名重点优抚对象购买补充医疗保险")), "{said}");
    assert!(said.contains("我区于2016年、2020年两次被命名为“全国双拥模范城”"), "{said}");
    assert!(said.contains("争创全国双拥模范城“三连冠”") && said.contains("2021年以来"), "{said}");
    for heading in ["基本情况", "创建历程", "主要做法和成效", "特色亮点", "存在的不足和下一步打算"]
    {
        assert!(said.contains(heading), "the 汇报 lacks {heading}");
    }
    assert!(said.contains("兵妈妈驿站") && said.contains("领导小组办公室设在区退役军人事务局"), "{said}");
    for unwanted in HUIBAO_NEVER_SAYS {
        assert!(!said.contains(unwanted), "the 汇报 says {unwanted}");
    }
    assert!(!said.contains("本汇报所列数字为"), "every year returned: no note on the years");
    // Practices in the units' words: no brand the unit did not name, no title label
    // before a lone one; the lone ones together. The shortcomings are the 汇报's own.
    let flat = said.split_whitespace().collect::<String>();
    assert!(flat.contains("其他特色做法") && flat.contains("三是清明祭英烈。清明节期间，新桥镇组织"), "{flat}");
    for unwanted in ["打造“清明祭英烈”品牌", "打造“助力乡村振兴”品牌", "统计报表填报", "2024年为704户"]
    {
        assert!(!flat.contains(unwanted), "the 汇报 says {unwanted}");
    }
    assert!(flat.contains("2021年以来为") && flat.contains("悬挂“光荣之家”牌匾"), "{flat}");
    assert!(!said.chars().zip(said.chars().skip(1)).any(|(a, b)| a.is_ascii_digit() && b == ','), "separators");
}

/// What the 汇报 read to the assessors never says: scores, gaps, missed quotas,
/// symbols, placeholders, the generic title, percentages.
const HUIBAO_NEVER_SAYS: &[&str] =
    &["自评", "得分", "差距", "未达标", "完成率", "≥", "（待补）", "（县）", "%", "草稿说明", "四年来", "4年来"];

/// Item lines and figures of the sample dossier, whitespace removed.
const EXPECTED_IN_PDF: &[&str] = &[
    // Points awaiting documents are 待评 and out of the sum, said once.
    "满分40分，统计数据可评定29.5分，自评得25.58分；另9.5分依佐证材料评定，待考评组核验；1分因数据待核实暂不评分。",
    "不计入本材料得分",
    // Rates instead of presence: the plaques hung against the households due one.
    "差距：悬挂率差0.28个百分点（“悬挂光荣之家牌匾”少8户）。",
    // The veto list with statuses, the office's own: one decided by the figures, the
    // rest for the office.
    "本办设定的一票否决事项4项",
    "否1未完成年度征兵任务",
    "按本办设定的条件和统计数据存在风险",
    "待办公室确认",
    // Bonus items outside the base total, capped.
    "加分项目不计入基本分，合计最高2分",
    "加2设立拥军优属基金",
    // per_item: both conditions met every year, from the district's own meetings.
    "议军会议和联席会议制度落实，领导小组每年至少召开一次全体会议（1分，得1分）",
    "评分标准（序号1.2，试行考评标准）",
    "区双拥工作领导小组每年至少召开一次全体会议",
    // evidence: never scored from figures, its documents listed.
    "县级双拥办有相对固定的部队人员参与工作（1分，待评）",
    "评分结果：依佐证材料评定，待考评组核验（不计入本表得分）。",
    "军分区（警备区）或人民武装部党委工作报告中的双拥工作内容",
    // threshold on a stock: the last year, not the sum; the bound in words.
    // Only the units' sum (可能重复计数) meets it, not 区教育局's own count: to check.
    "国防教育基地建设（1分，待评）",
    "待核实：各单位填报的“国防教育基地”合计可能重复计数，须区教育局核实后评分",
    "合计14个（可能重复计数）",
    // linear.
    "双拥宣传报道（1分，得0.87分）",
    "2021—2024年合计1388篇（满分标准1600篇）",
    // ratio of the cycle sums, just short of the bound, with the gap in people.
    "完成征兵任务（征兵任务完成率）（1.5分，得0分）",
    "2021—2024年合计“征兵任务数”1188人、“完成征兵任务人数”1183人，完成率99.58%，要求达到100%",
    "差距：完成率差0.42个百分点（“完成征兵任务人数”少5人）。",
    "军地互办实事“双清单”完成率不低于90%（1.5分，得0分）",
    "511项、“双清单项目已完成”436项，完成率85.32%",
    // units_reporting: every street has a station.
    "退役军人服务站覆盖街道（镇）和村（社区）（1分，得1分）",
    "每个街道（镇）建有退役军人服务站：达标（0.5分）；村（社区）退役军人服务站覆盖率100%：达标（0.5分）",
    // The 佐证材料 of an item: the returns by unit and year, the office's documents.
    "佐证材料：（1）",
    "报送的统计表",
    "原始数据：各单位逐年填报数据见附表",
    "《示例区双拥工作考评办法》",
];

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
        assert!(body.contains("2022年没有单位报送统计表。缺报年度不按0计算"), "{body}");
        assert!(body.contains("暂不评分（不计入本表得分）") && body.contains("数据缺口：2022年缺报"), "{body}");
        assert!(!body.contains("因年缺报"), "{body}");
    }
    // The 汇报 dates the drive from the cycle's start; its sums say the years they cover.
    let report = pdf_text(&ws.join("out").join(format!("{REPORT}.pdf"))).unwrap();
    assert!(report.contains("2021年以来，在区委") && report.contains("2023年以来，累计"), "{report}");
}

#[test]
fn the_huibao_over_a_window_with_missing_years_says_what_it_has() {
    let (_tmp, ws) = samples();
    for year in ["2021", "2022"] {
        std::fs::remove_dir_all(ws.join("submissions").join(year)).unwrap();
    }
    let out = run(&ws, &["dossier", ".", "--from", "2021", "--to", "2024"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = ws.join("out").join(format!("{REPORT}.pdf"));
    let text = pdf_text(&report).unwrap();
    let text = text.split("附表：").next().unwrap().to_string();
    assert!(text.contains("2021年以来，在区委、区政府的坚强领导下"), "{text}");
    // Said once, in the opening, not in every sentence: the figures are two years', and
    // the text is not final until the others come in.
    let opening = "本汇报所列数字为2023—2024年统计数据，2021、2022年统计表报齐后补充完善。现将创建工作情况汇报如下";
    assert!(text.split_whitespace().collect::<String>().contains(opening), "{text}");
    // Every cumulative sentence says the two years it covers: none reads as the cycle's.
    let plain = text.split_whitespace().collect::<String>();
    for sentence in plain.split('。').filter(|s| s.contains("累计")) {
        // The money runs on from （一）'s meetings sentence, which says the years.
        assert!(sentence.contains("2023年以来，") || sentence.starts_with("各成员单位累计投入"), "{sentence}");
    }
    // Once per section: the 光荣之家 sentence after the section's 累计 one says no years.
    assert!(!plain.contains("2023年以来为") && plain.contains("悬挂“光荣之家”牌匾"), "{plain}");
    // Section （一） leads with its meetings' years once: the money after them runs on.
    let first = plain.split("（二）").next().unwrap();
    assert_eq!(first.matches("2023年以来").count(), 1, "{first}");
    assert!(first.contains("。各成员单位累计投入双拥工作经费"), "{first}");
    for unwanted in HUIBAO_NEVER_SAYS {
        assert!(!text.contains(unwanted), "the 汇报 says {unwanted}");
    }
    let yf02 =
        run(&ws, &["query", ".", "--sql", "select sum(value) from totals where code = 'YF02'", "--format", "csv"]);
    let money: f64 = yf02.stdout.clone().lines().nth(1).unwrap().trim().parse().unwrap();
    let money = shuangyong::numfmt::prose_figure(money, "万元", false, false);
    assert!(text.contains(&format!("2023年以来，累计发放优待抚恤金{money}")), "{money}\n{text}");

    // The 考评材料: the missing years are not scored 0, sums say their years, a bound the
    // two years meet is met, and the conscription veto failed in 2023 is decided.
    let dossier = pdf_text(&ws.join("out").join(format!("{STEM}.pdf"))).unwrap();
    let dossier = dossier.split_whitespace().collect::<String>();
    assert!(dossier.contains("缺报年度不按0计算"), "{dossier}");
    assert!(dossier.contains("暂不评分（不计入本表得分）。2023—2024年合计"), "{dossier}");
    // No 数据缺口 on an item met: the missing years change nothing there.
    assert!(dossier.contains("2021、2022年缺报，不影响本项评定"), "{dossier}");
    assert!(!dossier.contains("数据缺口：2021、2022年缺报，不影响"), "{dossier}");
    assert!(dossier.contains("分因2021、2022年缺报暂不评分"), "{dossier}");
    // Not for the team yet, said plainly on the terminal and in the introduction.
    let not_ready = "2021、2022年统计表报齐前，";
    assert!(
        out.stdout.contains(&format!("{not_ready}考评材料和创建工作汇报仅供本办内部核对，暂不报送考评组")),
        "{}",
        out.stdout
    );
    assert!(dossier.contains(&format!("{not_ready}本材料和创建工作汇报仅供本办内部核对，暂不报送考评组")), "{dossier}");
    // A rate of a part the two years leave below 100% cannot reach it: not met, not
    // deferred; likewise the conscription the veto already flags.
    assert!(dossier.contains("光荣之家牌匾应挂尽挂（悬挂率100%）：未达标（0分）"), "{dossier}");
    assert!(dossier.contains("完成征兵任务（征兵任务完成率）（1.5分，得0分）"), "{dossier}");
    assert!(!dossier.contains("数据不全，得0分") && !dossier.contains("补齐缺报年度"), "{dossier}");
    assert!(dossier.contains("“未完成年度征兵任务”一项按本办设定的条件和统计数据存在风险"), "{dossier}");

    // The draft says once, apart, what is missing.
    let out = run(&ws, &["dossier", ".", "--from", "2021", "--to", "2024", "--draft"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let draft = pdf_text(&report).unwrap();
    assert_eq!(draft.matches("2021年、2022年没有报回的统计表").count(), 1, "{draft}");
    assert!(draft.contains("写作“2023年以来”"), "{draft}");
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
