//! The dossier as a typeset document. Its words are a template
//! (`templates/dossier.md`, or the workspace's `dossier_template`) filled by the
//! template engine ([`crate::template`]); this module gives it the scores to say and
//! builds its tables and score chart from the [`Assessment`].

use serde::{Deserialize, Serialize};

use crate::chart;
use crate::date::DocDate;
use crate::numfmt;
use crate::report::ReportError;
use crate::template::{self, BlockError, Fenced, Fences, TemplateError, TemplateText};
use crate::typeset::{size, Align, Column, Cover, Document, Figure, Meta, Table, LINE_BREAK};

use super::evaluation::{Status, Veto};
use super::evidence::Evidence;
use super::rules::Source;
use super::score::{Assessment, ItemScore};

#[derive(Debug, thiserror::Error)]
pub enum DossierError {
    /// The template cannot be read, or a placeholder, a block or its syntax is wrong.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The office's notes file of a cycle year cannot be read.
    #[error(transparent)]
    Notes(#[from] ReportError),
    /// A file the dossier cites from cannot be read.
    #[error(transparent)]
    Evidence(#[from] super::evidence::EvidenceError),
}

/// The dossier from `template` (`templates/dossier.md` or the workspace's own). `draft`
/// (what the draft could not vouch for, e.g. the data errors left) marks every page 草稿
/// and is listed at the head. `evidence` is what each item cites beside its figures.
pub fn document(
    a: &Assessment,
    template: &TemplateText,
    date: DocDate,
    draft: Option<&[String]>,
    evidence: &Evidence,
) -> Result<Document, DossierError> {
    let mut fences = DossierFences { a, date };
    let parsed = template::blocks(&template::environment(), template, context(a, date, draft, evidence), &mut fences)?;
    let (blocks, title) = (parsed.blocks, parsed.title);
    let title = title.unwrap_or_else(|| a.title());
    Ok(Document {
        meta: Meta {
            title: title.replace(LINE_BREAK, ""),
            author: a.office.clone(),
            subject: "双拥模范城（县）创建考评材料".into(),
            keywords: vec!["双拥".into(), "双拥模范城".into(), "考评".into(), a.region.clone()],
            language: "zh-CN".into(),
            date,
        },
        draft: draft.is_some(),
        cover: Some(Cover {
            title,
            subtitle: Some(format!("（{}—{}年）", a.from, a.to)),
            office: a.office.clone(),
            date_text: date.chinese(),
            mark: None,
        }),
        toc: true,
        official: None,
        blocks,
        attachments: Vec::new(),
    })
}

/// Characters of the cover's 1号 title that fit on a line, wide characters counted.
const COVER_LINE: usize = 16;

/// A title broken ([`LINE_BREAK`]) between words when it is too long for one line of
/// the cover: after the years (`示例区2021—2024年` / `双拥模范城创建考评材料`), else
/// before what the document is (`示例区创建全国双拥模范城` / `工作汇报`), never inside
/// a word (`工作 / 汇报`).
pub(super) fn cover_title(title: &str, kind: &str) -> String {
    // Digits are half as wide as a Chinese character.
    let width = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>().div_ceil(2);
    if width(title) <= COVER_LINE {
        return title.to_string();
    }
    let after_years = title.rfind('年').map(|i| i + '年'.len_utf8()).filter(|&i| {
        title[..i].contains(|c: char| c.is_ascii_digit()) && width(&title[i..]) <= COVER_LINE && i < title.len()
    });
    let before_kind = title.strip_suffix(kind).filter(|head| !head.is_empty()).map(str::len);
    match after_years.or(before_kind) {
        Some(i) => format!("{}{LINE_BREAK}{}", &title[..i], &title[i..]),
        None => title.to_string(),
    }
}

/// Text from the data, escaped so that Markdown reads it as it is.
pub(super) fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn md_all(texts: &[String]) -> Vec<String> {
    texts.iter().map(|t| md(t)).collect()
}

/// What the template can say.
#[derive(Serialize)]
struct Context {
    title: String,
    region: String,
    office: String,
    from: i32,
    to: i32,
    years: Vec<i32>,
    date_text: String,
    draft: bool,
    draft_notes: Vec<String>,
    points: String,
    scored: String,
    earned: String,
    evidence_points: String,
    /// Points left open (0 when none): by years without any return, by figures to check.
    missing_points: String,
    gap_points: String,
    check_points: String,
    /// The self-assessment in words: [`Assessment::headline`].
    headline: String,
    trial_points: String,
    trial_earned: String,
    office_points: String,
    office_earned: String,
    bonuses: Vec<ItemContext>,
    bonus_earned: String,
    /// Whether every veto condition is the office's own (the trial table's list was not found).
    vetoes_assumed: bool,
    /// The office's documents its notes name (《…》), cited in the evidence.
    office_documents: Vec<String>,
    bonus_cap: String,
    vetoes: Vec<VetoContext>,
    /// Vetoes triggered by the figures.
    vetoed: usize,
    /// The vetoes triggered, with the figures that trigger them.
    vetoed_list: Vec<VetoContext>,
    /// Vetoes the office must confirm or the data cannot decide.
    veto_open: usize,
    item_count: usize,
    risky: usize,
    evidence: usize,
    returns: Vec<Returns>,
    partial_returns: bool,
    missing_years: Vec<i32>,
    standards: Vec<StandardContext>,
}

#[derive(Serialize)]
struct Returns {
    year: i32,
    returned: usize,
    roster: usize,
    not_returned: Vec<String>,
}

#[derive(Serialize)]
struct StandardContext {
    number: String,
    name: String,
    points: String,
    earned: String,
    /// Points not decided yet (待评): by documents or by years without returns.
    pending: String,
    items: Vec<ItemContext>,
}

#[derive(Serialize)]
struct ItemContext {
    number: String,
    content: String,
    points: String,
    earned: String,
    status: &'static str,
    /// Points not decided yet (`0` when all are).
    pending: String,
    /// Whether no point of the item is decided yet.
    open: bool,
    /// Decided by documents.
    by_evidence: bool,
    rule: String,
    source: &'static str,
    finding: String,
    gap: Option<String>,
    data_gaps: Vec<String>,
    /// Figures to confirm before scoring (待核实).
    checks: Vec<String>,
    /// Gaps that change nothing (2021年缺报，不影响本项评定).
    notes: Vec<String>,
    rows: bool,
    contributors: Vec<Contributors>,
    sources: usize,
    documents: Vec<String>,
    /// The 佐证材料 of the item: its documents, the returns behind its figures, the
    /// units' highlights of the same work.
    evidence: Vec<String>,
}

#[derive(Serialize)]
struct VetoContext {
    number: String,
    content: String,
    status: String,
    source: &'static str,
    criterion: String,
    finding: String,
    documents: Vec<String>,
}

/// One indicator's contributing units: `东湖街道 40人`, largest first.
#[derive(Serialize)]
struct Contributors {
    code: String,
    /// The indicator's name, for sentences.
    name: String,
    units: Vec<String>,
}

fn is_risky(i: &ItemScore) -> bool {
    matches!(i.status, Status::Unmet | Status::AtRisk | Status::Partial)
}

fn context(a: &Assessment, date: DocDate, draft: Option<&[String]>, evidence: &Evidence) -> Context {
    let (trial, office) = (a.by_source(Source::Trial), a.by_source(Source::Office));
    let standards = a
        .standards
        .iter()
        .map(|s| StandardContext {
            number: s.standard.number.to_string(),
            name: md(&s.standard.name),
            points: numfmt::points(s.standard.points),
            earned: numfmt::points(s.earned()),
            pending: numfmt::points(s.evidence_points() + s.missing_points()),
            items: s.items.iter().map(|i| item_context(i, evidence)).collect(),
        })
        .collect();
    Context {
        // Broken between words on the cover and above the text alike.
        title: md(&cover_title(&a.title(), "考评材料")),
        region: md(&a.region),
        office: md(&a.office),
        from: a.from,
        to: a.to,
        years: a.years(),
        date_text: date.chinese(),
        draft: draft.is_some(),
        draft_notes: draft.map(md_all).unwrap_or_default(),
        points: numfmt::points(a.points()),
        scored: numfmt::points(a.points() - a.evidence_points() - a.missing_points()),
        earned: numfmt::points(a.earned()),
        evidence_points: numfmt::points(a.evidence_points()),
        missing_points: numfmt::points(a.missing_points()),
        gap_points: numfmt::points(super::evaluation::round2(a.missing_points() - a.checking_points())),
        check_points: numfmt::points(a.checking_points()),
        headline: md(&a.headline()),
        trial_points: numfmt::points(trial.0),
        trial_earned: numfmt::points(trial.1),
        office_points: numfmt::points(office.0),
        office_earned: numfmt::points(office.1),
        bonuses: a.bonuses.iter().map(|i| item_context(i, evidence)).collect(),
        bonus_earned: numfmt::points(a.bonus_earned()),
        vetoes_assumed: a.vetoes.iter().all(|v| v.item.source == Source::Office),
        office_documents: md_all(&evidence.documents),
        bonus_cap: numfmt::points(a.bonus_cap),
        vetoes: a.vetoes.iter().map(veto_context).collect(),
        vetoed: a.vetoes_in(Veto::Triggered).count(),
        vetoed_list: a.vetoes_in(Veto::Triggered).map(veto_context).collect(),
        veto_open: a.vetoes_in(Veto::Confirm).count() + a.vetoes_in(Veto::Unknown).count(),
        item_count: a.items().count(),
        risky: a.items().filter(|i| is_risky(i)).count(),
        evidence: a.items().filter(|i| i.status == Status::NeedsEvidence).count(),
        returns: a
            .returns
            .iter()
            .map(|r| Returns {
                year: r.year,
                returned: r.returned,
                roster: r.roster,
                not_returned: md_all(&r.not_returned),
            })
            .collect(),
        partial_returns: a.returns.iter().any(|r| r.returned > 0 && !r.not_returned.is_empty()),
        missing_years: a.missing_years.clone(),
        standards,
    }
}

fn veto_context(v: &ItemScore) -> VetoContext {
    VetoContext {
        number: v.item.number.clone(),
        content: md(&v.item.content),
        status: Veto::of(v.status).said(v.item.source),
        source: v.item.source.label(),
        criterion: md(&v.rule_text),
        finding: md(&v.finding.text),
        documents: md_all(&v.item.documents),
    }
}

fn item_context(item: &ItemScore, evidence: &Evidence) -> ItemContext {
    let mut contributors: Vec<Contributors> = Vec::new();
    for c in &item.contributors {
        let figure = |v: f64| format!("{}{}", numfmt::points(v).replace(',', ""), c.unit_of_measure);
        let unit = match c.by_year.as_slice() {
            [] => md(&format!("{}{}", c.unit, figure(c.value))),
            [(year, v)] => md(&format!("{}{year}年{}", c.unit, figure(*v))),
            many => {
                let (first, last) = (many[0].0, many[many.len() - 1].0);
                let years = match last - first + 1 == many.len() as i32 {
                    true => format!("{first}—{last}"),
                    false => many.iter().map(|(y, _)| y.to_string()).collect::<Vec<_>>().join("、"),
                };
                let values = many.iter().map(|(_, v)| figure(*v)).collect::<Vec<_>>().join("、");
                md(&format!("{}（{years}年分别为{values}）", c.unit))
            }
        };
        match contributors.last_mut() {
            Some(last) if last.code == c.code => last.units.push(unit),
            _ => contributors.push(Contributors {
                code: c.code.clone(),
                name: md(evidence.name(&c.code)),
                units: vec![unit],
            }),
        }
    }
    let mut cited: Vec<String> = item.item.documents.clone();
    cited.extend(evidence.returns(&item.sources));
    let highlights = evidence.highlights(&item.sources);
    if !highlights.is_empty() {
        cited.push(format!("相关单位的工作亮点：{}", highlights.join("、")));
    }
    ItemContext {
        number: item.item.number.clone(),
        content: md(&item.item.content),
        points: numfmt::points(item.item.points),
        earned: numfmt::points(item.earned),
        status: item.status.label(),
        pending: numfmt::points(item.pending),
        open: item.pending >= item.item.points,
        by_evidence: item.status == Status::NeedsEvidence,
        rule: md(&item.rule_text),
        source: item.item.source.label(),
        finding: md(&item.finding.text),
        gap: item.finding.gap.as_deref().map(md),
        data_gaps: md_all(&item.finding.data_gaps),
        checks: md_all(&item.finding.checks),
        notes: md_all(&item.finding.notes),
        rows: !item.rows.is_empty(),
        contributors,
        sources: item.sources.len(),
        documents: md_all(&item.item.documents),
        evidence: md_all(&cited),
    }
}

/// The dossier's `table` and `chart` blocks, made from the assessment.
struct DossierFences<'s, 'a> {
    a: &'s Assessment<'a>,
    date: DocDate,
}

/// The keys of a dossier ```` ```table ```` block.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableBlock {
    kind: String,
    caption: Option<String>,
    /// The column titles, one per column of the kind.
    columns: Vec<String>,
    /// The item (`1.2`) of a `figures` or `sources` table.
    item: Option<String>,
    /// The label of a `summary` table's total row.
    total: Option<String>,
}

/// The keys of a dossier ```` ```chart ```` block.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartBlock {
    kind: String,
    title: String,
    id: Option<String>,
}

const TABLE_KINDS: [&str; 7] = ["summary", "figures", "risks", "evidence", "sources", "vetoes", "bonuses"];

fn block_error(message: String) -> BlockError {
    BlockError { line: None, message }
}

impl Fences for DossierFences<'_, '_> {
    fn block(&mut self, kind: &str, text: &str) -> Result<Fenced, BlockError> {
        if kind == "chart" {
            let spec: ChartBlock = template::parse_block(text, "图表")?;
            if spec.kind != "scores" {
                return Err(block_error(format!("未知的图表“{}”：考评材料只有 scores 一种图表", spec.kind)));
            }
            let figure = score_figure(self.a, spec.title).map_err(|e| block_error(e.to_string()))?;
            return Ok(Fenced::Figure(figure, spec.id));
        }
        let spec: TableBlock = template::parse_block(text, "表格")?;
        if spec.total.is_some() && !matches!(spec.kind.as_str(), "summary" | "bonuses") {
            return Err(block_error("只有 summary 和 bonuses 表格有合计行（total）".into()));
        }
        let item = || {
            let number = spec
                .item
                .as_deref()
                .ok_or_else(|| block_error(format!("{} 表格需要 item（考评内容的序号）", spec.kind)))?;
            self.a.item(number).ok_or_else(|| block_error(format!("没有序号为 {number} 的考评内容")))
        };
        let (layout, rows, total, font_size) = match spec.kind.as_str() {
            "summary" => {
                let (rows, total) = summary_rows(self.a, spec.total.as_deref().unwrap_or("合计"));
                (SUMMARY.to_vec(), rows, Some(total), size::XIAO_SI)
            }
            "figures" => (figures_layout(self.a), figure_rows(item()?), None, size::XIAO_SI),
            "risks" => (RISKS.to_vec(), risk_rows(self.a), None, size::XIAO_SI),
            "evidence" => (EVIDENCE.to_vec(), evidence_rows(self.a), None, size::XIAO_SI),
            "sources" => (SOURCES.to_vec(), source_rows(item()?), None, size::XIAO_WU),
            "vetoes" => (VETOES.to_vec(), veto_rows(self.a), None, size::XIAO_SI),
            "bonuses" => {
                let (rows, total) = bonus_rows(self.a, spec.total.as_deref().unwrap_or("合计"));
                (BONUSES.to_vec(), rows, Some(total), size::XIAO_SI)
            }
            other => {
                return Err(block_error(format!("未知的表格“{other}”（可用：{}）", TABLE_KINDS.join("、"))));
            }
        };
        if spec.columns.len() != layout.len() {
            return Err(block_error(format!(
                "{} 表格有 {} 列，columns 写了 {} 个列标题",
                spec.kind,
                layout.len(),
                spec.columns.len()
            )));
        }
        let columns = spec.columns.iter().zip(layout).map(|(title, (align, width))| Column::new(title, align, width));
        Ok(Fenced::Table(Table {
            caption: spec.caption,
            columns: columns.collect(),
            rows,
            total,
            font_size,
            sources: Vec::new(),
        }))
    }

    fn signer(&self) -> (String, String) {
        (self.a.office.clone(), self.date.chinese())
    }
}

/// Each kind's columns: alignment and relative width.
type Layout = (Align, f32);

const SUMMARY: [Layout; 7] = [
    (Align::Left, 4.0),
    (Align::Right, 1.0),
    (Align::Right, 1.2),
    (Align::Right, 1.0),
    (Align::Right, 1.2),
    (Align::Right, 1.2),
    (Align::Right, 1.0),
];
const RISKS: [Layout; 6] = [
    (Align::Center, 0.8),
    (Align::Left, 3.0),
    (Align::Right, 0.8),
    (Align::Right, 0.8),
    (Align::Left, 1.5),
    (Align::Left, 4.0),
];
const EVIDENCE: [Layout; 5] =
    [(Align::Center, 0.8), (Align::Left, 3.0), (Align::Right, 0.8), (Align::Left, 2.2), (Align::Left, 4.0)];
const VETOES: [Layout; 4] = [(Align::Center, 0.8), (Align::Left, 4.0), (Align::Left, 4.0), (Align::Left, 1.6)];
const BONUSES: [Layout; 5] =
    [(Align::Center, 0.8), (Align::Left, 3.5), (Align::Right, 0.8), (Align::Right, 0.8), (Align::Left, 4.0)];
const SOURCES: [Layout; 5] =
    [(Align::Center, 0.9), (Align::Left, 3.0), (Align::Center, 0.9), (Align::Right, 1.2), (Align::Left, 1.6)];

/// 指标, 单位, a column per cycle year, 周期, 算法.
fn figures_layout(a: &Assessment) -> Vec<Layout> {
    let mut layout = vec![(Align::Left, 2.6), (Align::Center, 0.7)];
    layout.extend(a.years().iter().map(|_| (Align::Right, 1.25)));
    layout.extend([(Align::Right, 1.4), (Align::Center, 0.9)]);
    layout
}

fn score_figure(a: &Assessment, caption: String) -> Result<Figure, chart::ChartError> {
    let rows: Vec<(String, f64, f64)> =
        a.standards.iter().map(|s| (s.standard.name.clone(), s.earned(), s.standard.points)).collect();
    Ok(Figure { drawing: chart::score_bars(&caption, &rows)?, caption })
}

fn summary_rows(a: &Assessment, total: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let rows = a
        .standards
        .iter()
        .map(|s| {
            let evidence = s.evidence_points() + s.missing_points();
            vec![
                format!("{}. {}", s.standard.number, s.standard.name),
                numfmt::points(s.standard.points),
                numfmt::points(s.standard.points - evidence),
                numfmt::points(s.earned()),
                numfmt::points(evidence),
                (s.count(Status::Unmet) + s.count(Status::Partial)).to_string(),
                s.count(Status::AtRisk).to_string(),
            ]
        })
        .collect();
    let count = |status| a.standards.iter().map(|s| s.count(status)).sum::<usize>();
    let total = vec![
        total.to_string(),
        numfmt::points(a.points()),
        numfmt::points(a.points() - a.evidence_points() - a.missing_points()),
        numfmt::points(a.earned()),
        numfmt::points(a.evidence_points() + a.missing_points()),
        (count(Status::Unmet) + count(Status::Partial)).to_string(),
        count(Status::AtRisk).to_string(),
    ];
    (rows, total)
}

fn figure_rows(item: &ItemScore) -> Vec<Vec<String>> {
    let figure = |v: Option<f64>| v.map(numfmt::points).unwrap_or_else(|| "—".into());
    item.rows
        .iter()
        .map(|r| {
            let mut row = vec![r.label.clone(), r.unit.clone()];
            row.extend(r.per_year.iter().copied().map(figure));
            row.push(figure(r.cycle));
            row.push(r.cycle_label.clone());
            row
        })
        .collect()
}

fn risk_rows(a: &Assessment) -> Vec<Vec<String>> {
    a.items()
        .filter(|i| is_risky(i))
        .map(|i| {
            let mut why: Vec<String> = i.finding.gap.iter().cloned().collect();
            why.extend(i.finding.doubts());
            vec![
                i.item.number.clone(),
                i.item.content.clone(),
                numfmt::points(i.item.points),
                numfmt::points(i.earned),
                i.status.label().into(),
                why.join("；"),
            ]
        })
        .collect()
}

fn evidence_rows(a: &Assessment) -> Vec<Vec<String>> {
    a.items()
        .filter(|i| i.status == Status::NeedsEvidence)
        .map(|i| {
            let documents =
                i.item.documents.iter().enumerate().map(|(n, d)| format!("{}. {d}", n + 1)).collect::<Vec<_>>();
            vec![
                i.item.number.clone(),
                i.item.content.clone(),
                numfmt::points(i.item.points),
                i.rule_text.clone(),
                documents.join("；"),
            ]
        })
        .collect()
}

fn veto_rows(a: &Assessment) -> Vec<Vec<String>> {
    a.vetoes
        .iter()
        .map(|v| {
            let basis = match v.status {
                Status::NeedsEvidence => v.item.documents.join("；"),
                _ => v.finding.text.clone(),
            };
            let status = Veto::of(v.status).said(v.item.source);
            vec![v.item.number.clone(), v.item.content.clone(), format!("{}。{basis}", v.rule_text), status]
        })
        .collect()
}

fn bonus_rows(a: &Assessment, total: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let rows = a
        .bonuses
        .iter()
        .map(|b| {
            let basis = match b.status {
                Status::NeedsEvidence => format!("{}；佐证材料：{}", b.rule_text, b.item.documents.join("；")),
                _ => b.finding.text.clone(),
            };
            vec![
                b.item.number.clone(),
                b.item.content.clone(),
                numfmt::points(b.item.points),
                numfmt::points(b.earned),
                basis,
            ]
        })
        .collect();
    let total = vec![
        total.to_string(),
        format!("上限{}分", numfmt::points(a.bonus_cap)),
        numfmt::points(a.bonuses.iter().map(|b| b.item.points).sum()),
        numfmt::points(a.bonus_earned()),
        String::new(),
    ];
    (rows, total)
}

/// The returns as the office files them, by year and unit; the cell within the return.
/// The unit's own file name (副本 新建 Microsoft Excel 工作表.xlsx) is the office's
/// business: it stays in the workbook's 数据来源 sheet.
fn source_rows(item: &ItemScore) -> Vec<Vec<String>> {
    item.sources
        .iter()
        .map(|f| {
            vec![
                f.year.to_string(),
                f.unit.clone(),
                f.code.clone(),
                numfmt::points(f.value),
                format!("{} {}", f.sheet, f.cell),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_titles_break_between_words() {
        let dossier = "示例区2021—2024年双拥模范城创建考评材料";
        assert_eq!(cover_title(dossier, "考评材料"), "示例区2021—2024年\u{2028}双拥模范城创建考评材料");
        let long = "某某市某某区创建全国双拥模范城工作汇报";
        assert_eq!(cover_title(long, "工作汇报"), "某某市某某区创建全国双拥模范城\u{2028}工作汇报");
        let short = "示例区创建全国双拥模范城工作汇报";
        assert_eq!(cover_title(short, "工作汇报"), short);
    }

    #[test]
    fn data_text_is_escaped_for_markdown() {
        assert_eq!(md("1. a*b_c <d> 填报表!E12"), "1\\. a\\*b\\_c \\<d\\> 填报表\\!E12");
    }
}
