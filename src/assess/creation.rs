//! The 创建工作汇报: the narrative of the cycle read out to the assessment team. It says
//! what was done, in the published reports' words: figures over the years the district
//! has returns for (2023年以来 when earlier years are missing, never a placeholder in a
//! sentence), stocks at the last year, the title record as offices write it, the units'
//! 工作亮点 as 特色亮点, and the office's own 基本情况, 创建历程 and 存在的不足 from the
//! notes files of the cycle's years. Scores, gaps and missed quotas stay in the
//! 考评材料; the draft alone lists what is missing and the weak items, apart.
//! Its words are a template (`templates/creation-report.md`, or the workspace's
//! `creation_template`) filled by the template engine, like the dossier's.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::catalog::{Check, Indicator, Kind};
use crate::date::DocDate;
use crate::numfmt;
use crate::report::{self, Notes};
use crate::template::{self, BlockError, Fenced, Fences, TemplateText};
use crate::typeset::{size, Align, Column, Cover, Document, Meta, Table};
use crate::validate::Highlight;
use crate::workspace::UnitType;

use super::cycle::Cycle;
use super::document::{cover_title, md, DossierError};
use super::evaluation::Status;
use super::score::Assessment;
use super::titles;

/// One of the office's sections the 汇报 reads from the notes files: the template's name
/// for it, the heading in notes/<year>.md, and what the notes skeleton asks for there.
pub struct OfficeSection {
    key: &'static str,
    heading: &'static str,
    hint: &'static str,
}

/// The shortcomings and plans are the 汇报's own sections: the annual report's 存在的问题
/// is written for the 区委 (统计报表填报还不够规范), not for the assessors.
const OFFICE_SECTIONS: [OfficeSection; 4] = [
    OfficeSection {
        key: "基本情况",
        heading: "基本情况",
        hint: "创建工作汇报用：本区概况、驻区部队（概括写）和本届创建工作的总体情况。",
    },
    OfficeSection {
        key: "创建历程", heading: "创建历程", hint: "创建工作汇报用：历届命名情况和本届创建的主要历程。"
    },
    OfficeSection {
        key: "存在的不足",
        heading: "创建工作存在的不足",
        hint: "创建工作汇报用：对照考评标准定性写不足，分条写；分数和差距留在考评材料中。",
    },
    OfficeSection {
        key: "下一步打算",
        heading: "创建工作下一步打算",
        hint: "创建工作汇报用：针对不足的下一步措施，分条写。",
    },
];

/// The sections of a notes file the 汇报 reads, with what each wants, for the notes
/// skeleton ([`crate::report::write_skeleton`]) beside the annual report's.
pub fn office_skeleton() -> Vec<(&'static str, &'static str)> {
    OFFICE_SECTIONS.iter().map(|s| (s.heading, s.hint)).collect()
}

/// The notes sections the 汇报 reads, for the warning on sections nothing reads.
pub fn office_sections() -> Vec<&'static str> {
    OFFICE_SECTIONS.iter().map(|s| s.heading).collect()
}

/// What the draft is written from.
pub struct Inputs<'s, 'a> {
    pub assessment: &'s Assessment<'a>,
    pub cycle: &'s Cycle<'a>,
    /// The 工作亮点 of the returns, every year read (those of the cycle are used).
    pub highlights: &'s [Highlight],
    pub date: DocDate,
    pub draft: bool,
}

/// `<region><from>-<to>年双拥模范城创建工作汇报`: the stem of the draft's file.
pub fn file_stem(region: &str, from: i32, to: i32) -> String {
    format!("{region}{from}-{to}年双拥模范城创建工作汇报")
}

/// The 汇报 as a typeset document, from `template` (`templates/creation-report.md` or
/// the workspace's own).
pub fn document(inputs: &Inputs, template: &TemplateText) -> Result<Document, DossierError> {
    let a = inputs.assessment;
    let context = context(inputs, template)?;
    let window = context.window.clone();
    let mut fences = YearTables { cycle: inputs.cycle, office: &a.office, date: inputs.date, years: window };
    let parsed = template::blocks(&template::environment(), template, context, &mut fences)?;
    let (blocks, title) = (parsed.blocks, parsed.title);
    let sought = titles::sought(&a.region, &inputs.cycle.ws.titles);
    let title = title.unwrap_or_else(|| format!("{}创建{sought}工作汇报", a.region));
    let subtitle = match inputs.draft {
        true => format!("（{}—{}年，征求意见稿）", a.from, a.to),
        false => format!("（{}—{}年）", a.from, a.to),
    };
    Ok(Document {
        meta: Meta {
            title: title.clone(),
            author: a.office.clone(),
            subject: "双拥模范城创建工作汇报".into(),
            keywords: vec!["双拥".into(), "双拥模范城".into(), "创建工作汇报".into(), a.region.clone()],
            language: "zh-CN".into(),
            date: inputs.date,
        },
        draft: inputs.draft,
        cover: Some(Cover {
            title: cover_title(&title, "工作汇报"),
            subtitle: Some(subtitle),
            office: a.office.clone(),
            date_text: inputs.date.chinese(),
            mark: None,
        }),
        toc: false,
        official: None,
        blocks,
        attachments: Vec::new(),
    })
}

/// The office's sections the 汇报 has no text for, by the name it looks for and the file
/// to write it in: a warning, since the 汇报 leaves them out (the draft shows where).
pub fn missing_notes(inputs: &Inputs) -> Result<Vec<String>, DossierError> {
    let notes = office_notes(inputs.cycle)?;
    let file = notes_short(inputs.cycle.to);
    Ok(OFFICE_SECTIONS
        .iter()
        .filter(|s| notes.get(s.key).is_none_or(String::is_empty))
        .map(|s| format!("创建工作汇报缺少本办撰写的“{}”：请写入 {file} 的“## {}”一节", s.key, s.heading))
        .collect())
}

fn notes_short(year: i32) -> String {
    format!("notes/{year}.md")
}

/// One indicator over the years the 汇报 speaks for, as the template says it. Texts are
/// empty without a figure, so that `{% if f.X.value %}` leaves the clause out.
#[derive(Serialize, Debug, PartialEq)]
struct FigureContext {
    name: String,
    unit: String,
    /// The window's figure: the sum of the yearly totals for a flow, the last year's for
    /// a stock, recomputed from the sums for a derived indicator; `None` without data.
    value: Option<f64>,
    /// `value` as running text writes it (`1.4亿余元`, `14.6万余人次`, `386名`).
    text: String,
    /// `text` followed by what it counts (`2152名重点优抚对象`), or `text`.
    count: String,
    /// The last year's total alone, for what is a level each year (insurance bought for
    /// the same people every year): `last_text`, `last_count` as above.
    last: Option<f64>,
    last_text: String,
    last_count: String,
    /// The catalogue says it is the sum of parts and over the window it is not (the
    /// 考评材料 says 待核实), or it is a stock several units report that may count one
    /// thing twice (可能重复计数): the 汇报 does not read it out until the office checks.
    doubtful: bool,
}

/// A unit's 工作亮点 as the 汇报 tells it.
#[derive(Serialize, Debug, PartialEq)]
struct Feature {
    year: i32,
    unit: String,
    /// The brand or title, tidied; may be empty.
    title: String,
    /// The unit's text as one sentence with the unit as its subject.
    sentence: String,
}

#[derive(Serialize)]
struct Units {
    total: usize,
    departments: usize,
    streets: usize,
    troops: usize,
}

#[derive(Serialize)]
struct Context {
    region: String,
    office: String,
    /// 我区, 我县.
    we: String,
    from: i32,
    to: i32,
    /// The years the figures add up: the cycle's, or the last run of years with returns
    /// when earlier ones are missing.
    window: Vec<i32>,
    /// `2021年以来` (`2023年以来` when 2021 and 2022 have no returns).
    since: String,
    /// Whether every cycle year has returns.
    full: bool,
    date_text: String,
    draft: bool,
    /// `我区于2016年、2020年两次被命名为“全国双拥模范城”`, or empty.
    record: String,
    /// The title sought (全国双拥模范城) and the streak it would make (“三连冠”), or empty.
    sought: String,
    streak: String,
    units: Units,
    /// The office's sections (基本情况, 创建历程, 存在的不足, 下一步打算): text or empty.
    notes: BTreeMap<String, String>,
    /// Every catalogue indicator by code.
    f: BTreeMap<String, FigureContext>,
    /// The units' highlights of the cycle by category (the catalogue's and 其他),
    /// roster order, the latest of a unit's highlights of the same title.
    highlights: BTreeMap<String, Vec<Feature>>,
    highlight_count: usize,
    /// 一, 二 … by index (numerals[1] = 一), for 一是、二是.
    numerals: Vec<String>,
    /// Draft only: the cycle years without returns, the indicators the template uses
    /// that have no figure (names), the items the figures show weak (their content).
    missing_years: Vec<i32>,
    missing_figures: Vec<String>,
    weak: Vec<String>,
    missing_notes: Vec<String>,
}

/// The last run of cycle years with returns: all of them when none is missing.
fn window(cycle: &Cycle) -> Vec<i32> {
    let missing: BTreeSet<i32> = cycle.missing_years().collect();
    let mut run: Vec<i32> = (cycle.from..=cycle.to).rev().take_while(|y| !missing.contains(y)).collect();
    if run.is_empty() {
        // The last year has nothing (a draft): the years that have something.
        run = cycle.years().filter(|y| !missing.contains(y)).collect();
    }
    run.sort_unstable();
    run
}

/// `code`'s figure over `years` by its kind; `None` when a year it needs has no total.
fn fold(cycle: &Cycle, ind: &Indicator, years: &[i32]) -> Option<f64> {
    if let Some(formula) = &ind.formula {
        return formula.eval(&|c| cycle.ws.catalog.get(c).and_then(|i| fold(cycle, i, years)));
    }
    match ind.kind {
        Kind::Stock => cycle.year_total(*years.last()?, &ind.code).ok(),
        _ => {
            let totals: Result<Vec<f64>, _> = years.iter().map(|&y| cycle.year_total(y, &ind.code)).collect();
            totals.ok().filter(|t| !t.is_empty()).map(|t| numfmt::tidy(t.iter().sum()))
        }
    }
}

fn figure(cycle: &Cycle, ind: &Indicator, years: &[i32]) -> FigureContext {
    let say = |value: Option<f64>, years: &[i32]| -> (String, String) {
        let Some(v) = value else { return (String::new(), String::new()) };
        // Figures hold digits, a point and 余万亿: nothing Markdown reads.
        let text = numfmt::prose_figure(v, ind.prose_measure(), ind.integer, cycle.approximate(&ind.code, years));
        let count = match &ind.noun {
            Some(noun) => format!("{text}{}", md(noun)),
            None => text.clone(),
        };
        (text, count)
    };
    let value = fold(cycle, ind, years);
    let last_year = years.last().map_or(&[][..], std::slice::from_ref);
    let last = fold(cycle, ind, last_year);
    let (text, count) = say(value, years);
    let (last_text, last_count) = say(last, last_year);
    // A stock several units may have counted twice is no district figure either (the
    // 考评材料 says 可能重复计数): the 汇报 does not read out the sum.
    let doubtful =
        breaks_its_sum(cycle, ind, years) || super::evaluation::largest_of_overlap(&ind.code, cycle).is_some();
    FigureContext {
        name: md(&ind.name),
        unit: md(&ind.unit),
        value,
        text,
        count,
        last,
        last_text,
        last_count,
        doubtful,
    }
}

/// Whether `ind` is a sum of parts by the catalogue's checks and its figure over
/// `years` is not (接收安置退役士兵 2080 against 1655 义务兵 and 士官).
fn breaks_its_sum(cycle: &Cycle, ind: &Indicator, years: &[i32]) -> bool {
    let over = |code: &str| cycle.ws.catalog.get(code).and_then(|i| fold(cycle, i, years));
    cycle.ws.catalog.checks.iter().any(|c| match c {
        Check::SumOf { code, parts } if *code == ind.code => {
            match (over(code), parts.iter().map(|p| over(p)).sum::<Option<f64>>()) {
                (Some(whole), Some(sum)) => (whole - sum).abs() > 1e-6,
                _ => false,
            }
        }
        _ => false,
    })
}

/// The indicator codes the template names as `f.XXNN`.
fn template_codes(source: &str) -> BTreeSet<String> {
    source
        .match_indices("f.")
        .map(|(i, _)| source[i + 2..].chars().take_while(char::is_ascii_alphanumeric).collect::<String>())
        .filter(|c| c.len() >= 3 && c.starts_with(|ch: char| ch.is_ascii_uppercase()))
        .collect()
}

/// The office's sections over the cycle's notes files, the latest year's first.
fn office_notes(cycle: &Cycle) -> Result<BTreeMap<String, String>, DossierError> {
    let mut files = Vec::new();
    for year in (cycle.from..=cycle.to).rev() {
        let notes = Notes::load(&cycle.ws.notes_file(year), notes_short(year)).map_err(DossierError::from)?;
        files.push(notes);
    }
    Ok(OFFICE_SECTIONS
        .iter()
        .map(|s| {
            let text = files.iter().find(|n| n.has(s.heading)).map(|n| n.section(s.heading)).unwrap_or_default();
            (s.key.to_string(), text)
        })
        .collect())
}

/// Whether two highlights of a unit tell the same practice: the same title, or one
/// title holding the other (兵妈妈驿站 one year, 兵妈妈驿站暖兵心 the next).
fn same_practice(a: &Highlight, b: &Highlight) -> bool {
    let (x, y) = (a.title.trim(), b.title.trim());
    a.unit == b.unit && !x.is_empty() && !y.is_empty() && (x.contains(y) || y.contains(x))
}

/// The cycle's highlights by category, each practice of a unit once, its latest year.
fn features(inputs: &Inputs) -> BTreeMap<String, Vec<Feature>> {
    let cycle = inputs.cycle;
    let mut latest_first: Vec<&Highlight> =
        inputs.highlights.iter().filter(|h| (cycle.from..=cycle.to).contains(&h.year)).collect();
    latest_first.sort_by_key(|h| std::cmp::Reverse(h.year));
    let mut chosen: Vec<&Highlight> = Vec::new();
    for h in latest_first {
        if !chosen.iter().any(|c| same_practice(c, h)) {
            chosen.push(h);
        }
    }
    let position = |h: &Highlight| cycle.ws.unit_position(&h.unit).unwrap_or(usize::MAX);
    chosen.sort_by_key(|h| (position(h), std::cmp::Reverse(h.year)));
    let mut out: BTreeMap<String, Vec<Feature>> = BTreeMap::new();
    for category in cycle.ws.catalog.categories().into_iter().chain(["其他"]) {
        out.entry(category.to_string()).or_default();
    }
    for h in chosen {
        let sentence = report::highlight_practice(h);
        if sentence.is_empty() {
            continue;
        }
        let title = h.title.trim().trim_end_matches(['。', '.', '；', ';', '，', ',']).to_string();
        out.entry(h.category.clone()).or_default().push(Feature {
            year: h.year,
            unit: md(&h.unit),
            title: md(&title),
            sentence: md(&sentence),
        });
    }
    out
}

fn context(inputs: &Inputs, template: &TemplateText) -> Result<Context, DossierError> {
    let a = inputs.assessment;
    let cycle = inputs.cycle;
    let ws = cycle.ws;
    let years = window(cycle);
    let f: BTreeMap<String, FigureContext> =
        ws.catalog.indicators().iter().map(|ind| (ind.code.clone(), figure(cycle, ind, &years))).collect();
    let count = |t: UnitType| ws.units.iter().filter(|u| u.unit_type == t).count();
    let (missing_figures, weak) = if inputs.draft {
        let missing_figures = template_codes(&template.text)
            .iter()
            .filter(|c| f.get(*c).is_some_and(|x| x.value.is_none()))
            .map(|c| f[c].name.clone())
            .collect();
        let weak = a
            .items()
            // Weak by the figures; an item without its years' data is not weak, the
            // missing years are said above.
            .filter(|i| matches!(i.status, Status::Unmet | Status::Partial))
            .map(|i| md(&i.item.content))
            .collect();
        (missing_figures, weak)
    } else {
        (Vec::new(), Vec::new())
    };
    let missing_years = cycle.missing_years().collect();
    let notes = office_notes(cycle)?;
    let missing_notes = match inputs.draft {
        true => OFFICE_SECTIONS.iter().filter(|s| notes[s.key].is_empty()).map(|s| s.key.to_string()).collect(),
        false => Vec::new(),
    };
    let highlights = features(inputs);
    Ok(Context {
        region: md(&a.region),
        office: md(&a.office),
        we: titles::we(&a.region),
        from: a.from,
        to: a.to,
        since: format!("{}年以来", years.first().copied().unwrap_or(a.from)),
        full: cycle.missing_years().next().is_none(),
        window: years,
        date_text: inputs.date.chinese(),
        draft: inputs.draft,
        record: titles::record(&a.region, &ws.titles).map(|r| md(&r)).unwrap_or_default(),
        sought: md(&titles::sought(&a.region, &ws.titles)),
        streak: md(&titles::streak(&a.region, &ws.titles)),
        units: Units {
            total: ws.units.len(),
            departments: count(UnitType::Department),
            streets: count(UnitType::Street),
            troops: count(UnitType::Troop),
        },
        notes,
        f,
        highlight_count: highlights.values().map(Vec::len).sum(),
        highlights,
        numerals: (0..=30).map(numfmt::chinese_numeral).collect(),
        missing_years,
        missing_figures,
        weak,
        missing_notes,
    })
}

/// The 汇报's `table` blocks: `kind = "years"`, the yearly district totals of `codes`
/// over the years the 汇报 speaks for.
struct YearTables<'s, 'a> {
    cycle: &'s Cycle<'a>,
    office: &'s str,
    date: DocDate,
    years: Vec<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearsBlock {
    kind: String,
    caption: Option<String>,
    codes: Vec<String>,
}

impl Fences for YearTables<'_, '_> {
    fn block(&mut self, kind: &str, text: &str) -> Result<Fenced, BlockError> {
        let error = |message: String| BlockError { line: None, message };
        if kind != "table" {
            return Err(error(format!("创建工作汇报没有 {kind} 块，只有 table（kind = \"years\"）")));
        }
        let spec: YearsBlock = template::parse_block(text, "表格")?;
        if spec.kind != "years" {
            return Err(error(format!("未知的表格“{}”：创建工作汇报只有 years 一种表格", spec.kind)));
        }
        let catalog = &self.cycle.ws.catalog;
        let mut rows = Vec::new();
        for code in &spec.codes {
            let ind = catalog.get(code).ok_or_else(|| error(format!("指标目录中没有指标 {code}")))?;
            // One decimal keeps 万元 figures on one line in seven columns.
            let figure = |v: Option<f64>| v.map_or_else(|| "—".into(), |v| numfmt::table_figure(v, 1));
            let yearly: Vec<String> = self.years.iter().map(|&y| figure(self.cycle.year_total(y, code).ok())).collect();
            if yearly.iter().all(|c| c == "—") {
                continue;
            }
            let mut row = vec![ind.name.clone(), ind.unit.clone()];
            row.extend(yearly);
            row.push(figure(fold(self.cycle, ind, &self.years)));
            row.push(folding(ind.kind).into());
            rows.push(row);
        }
        let mut columns = vec![Column::new("指标", Align::Left, 2.6), Column::new("单位", Align::Center, 0.8)];
        columns.extend(self.years.iter().map(|y| Column::new(format!("{y}年"), Align::Right, 1.2)));
        columns.push(Column::new("周期", Align::Right, 1.3));
        columns.push(Column::new("算法", Align::Center, 0.9));
        Ok(Fenced::Table(Table {
            caption: spec.caption,
            columns,
            rows,
            total: None,
            font_size: size::WU_HAO,
            sources: Vec::new(),
        }))
    }

    fn signer(&self) -> (String, String) {
        (self.office.to_string(), self.date.chinese())
    }
}

/// How the last column is made: 合计 for a flow, 末年 for a stock, 重算 for a rate.
fn folding(kind: Kind) -> &'static str {
    match kind {
        Kind::Flow => "合计",
        Kind::Stock => "末年",
        Kind::Derived => "重算",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::DataSet;
    use crate::validate::{Checked, Fact};
    use crate::workspace::Workspace;

    fn fact(year: i32, code: &str, value: f64) -> Fact {
        Fact::sample(year, "东湖街道", UnitType::Street, code, value)
    }

    fn workspace() -> Workspace {
        Workspace::parse(
            std::path::Path::new("ws"),
            "region = \"示例区\"\noffice = \"示例区双拥办\"\nyear = 2024\n[[units]]\nname = \"东湖街道\"\ntype = \"街道镇\"\n",
        )
        .unwrap()
    }

    #[test]
    fn flows_add_up_stocks_are_the_last_year_and_counts_read_as_prose() {
        let ws = workspace();
        let mut facts = Vec::new();
        for (y, visits, bases, money) in
            [(2021, 10.0, 2.0, 3500.0), (2022, 12.0, 3.0, 3600.0), (2023, 9.0, 3.0, 3600.0), (2024, 14.0, 4.0, 3637.83)]
        {
            facts.push(fact(y, "YF05", visits));
            facts.push(fact(y, "GF01", bases));
            facts.push(fact(y, "ZZ05", money));
            facts.push(fact(y, "GF07", 36541.5 - 0.5));
        }
        let data = DataSet::build(&ws, 2024, Checked { facts, ..Checked::default() }).unwrap();
        let cycle = Cycle::new(&ws, &data, 2021, 2024);
        let years = window(&cycle);
        assert_eq!(years, [2021, 2022, 2023, 2024]);
        let f = |code: &str| figure(&cycle, cycle.ws.catalog.get(code).unwrap(), &years);
        assert_eq!(f("YF05").text, "45次");
        // A stock is the last year's, never added up.
        assert_eq!((f("GF01").value, f("GF01").count.as_str()), (Some(4.0), "4个国防教育基地"));
        assert_eq!(f("ZZ05").text, "1.4亿余元");
        assert_eq!(f("GF07").text, "14.6万余人次");
        assert_eq!((f("TY01").value, f("TY01").text.as_str()), (None, ""));
    }

    #[test]
    fn a_whole_that_is_not_the_sum_of_its_parts_is_doubtful() {
        let ws = workspace();
        let facts = vec![fact(2024, "TY01", 20.0), fact(2024, "TY07", 10.0), fact(2024, "TY08", 5.0)];
        let data = DataSet::build(&ws, 2024, Checked { facts, ..Checked::default() }).unwrap();
        let cycle = Cycle::new(&ws, &data, 2024, 2024);
        let f = |code: &str| figure(&cycle, cycle.ws.catalog.get(code).unwrap(), &[2024]);
        assert!(f("TY01").doubtful);
        // The parts are what a unit can count: they stand.
        assert!(!f("TY07").doubtful && !f("TY08").doubtful);
    }

    #[test]
    fn a_stock_several_units_may_count_twice_is_doubtful() {
        let roster = "region = \"示例区\"\noffice = \"示例区双拥办\"\nyear = 2024\n[[units]]\nname = \"东湖街道\"\ntype = \"街道镇\"\n\
                      [[units]]\nname = \"区教育局\"\ntype = \"部门\"\n";
        let ws = Workspace::parse(std::path::Path::new("ws"), roster).unwrap();
        let bases = |facts: Vec<Fact>| {
            let data = DataSet::build(&ws, 2024, Checked { facts, ..Checked::default() }).unwrap();
            let cycle = Cycle::new(&ws, &data, 2024, 2024);
            figure(&cycle, cycle.ws.catalog.get("GF01").unwrap(), &[2024]).doubtful
        };
        let education = Fact::sample(2024, "区教育局", UnitType::Department, "GF01", 3.0);
        assert!(!bases(vec![education.clone()]), "one unit's own count");
        assert!(bases(vec![education, fact(2024, "GF01", 2.0)]), "the same bases counted by two units");
    }

    #[test]
    fn missing_years_narrow_the_window_to_the_last_run_of_returns() {
        let ws = workspace();
        let facts: Vec<Fact> = [2023, 2024].iter().map(|&y| fact(y, "YF05", 10.0)).collect();
        let data = DataSet::build(&ws, 2024, Checked { facts, ..Checked::default() }).unwrap();
        let cycle = Cycle::new(&ws, &data, 2021, 2024);
        assert_eq!(window(&cycle), [2023, 2024]);
        let ind = cycle.ws.catalog.get("YF05").unwrap();
        assert_eq!(figure(&cycle, ind, &window(&cycle)).text, "20次");
    }

    #[test]
    fn the_template_names_its_codes() {
        let codes = template_codes("{{ f.YF02.text }}、{% if f.TY18.value %}{{ f.x }}");
        assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["TY18", "YF02"]);
        assert!(template_codes(crate::template::defaults::CREATION_REPORT.text).contains("ZZ07"));
    }
}
