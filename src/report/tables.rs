//! The fenced ```` ```table ```` blocks: a few TOML keys naming a kind of table, turned
//! into a [`typeset::Table`] from the figures.
//!
//! | kind | keys | rows |
//! |---|---|---|
//! | `summary` | `codes = [...]` | the listed indicators |
//! | `category` | `category = "..."` | every indicator of a category |
//! | `all_categories` | | every indicator, grouped by category |
//! | `submissions` | | every roster unit and its return |
//! | `quality` | | warnings, totals that could not be made, and in a draft the values left out |
//! | `by_unit` | `indicator`, optional `unit_type`, `limit` | each reporting unit's value, largest first |
//! | `by_unit_type` | `indicator` | values added up per unit type |
//!
//! Every kind takes an optional `caption` (the typesetter numbers it: `表1　…`).

use serde::de::IgnoredAny;
use serde::Deserialize;
use toml::Spanned;

use super::audience::Audience;
use super::figures::{number, Figures};
use super::quality::{quality_rows, CHANGE_MARK, DOUBT_MARK};
use super::sources::{quality_notes, submission_notes, Provenance};
use super::Inputs;
use crate::catalog::{Aggregate, Indicator, TotalMeaning};
use crate::template::{parse_block, BlockError};
use crate::typeset::{size, Align, CellSource, Column, Table};
use crate::workspace::UnitType;

pub(crate) const TABLE_KINDS: [&str; 7] =
    ["summary", "category", "all_categories", "submissions", "quality", "by_unit", "by_unit_type"];

#[derive(Deserialize)]
struct KindOnly {
    kind: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    codes: Vec<Spanned<String>>,
    caption: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Category {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    category: Spanned<String>,
    caption: Option<String>,
}

/// The kinds that take nothing but a caption.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaptionOnly {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    caption: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ByUnit {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    indicator: Spanned<String>,
    unit_type: Option<Spanned<String>>,
    limit: Option<usize>,
    caption: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ByUnitType {
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    indicator: Spanned<String>,
    caption: Option<String>,
}

/// A table and the note under it, if any.
pub(crate) type Annotated = (Table, Option<String>);

/// Builds the table a ```` ```table ```` block asks for, with the note that goes under
/// it when some of its changes compare part of the units ([`change_note`]); `None` for
/// a table the public version leaves out ([`super::audience`]).
pub(crate) fn table(
    src: &str,
    inputs: &Inputs,
    audience: &Audience,
    figures: &Figures,
    provenance: Option<&Provenance>,
) -> Result<Option<Annotated>, BlockError> {
    let head: KindOnly = parse_block(src, "表格")?;
    let Some(kind) = head.kind else {
        return Err(BlockError::new(format!("表格缺少 kind（可用：{}）", TABLE_KINDS.join("、"))));
    };
    let indicator = |code: &Spanned<String>| {
        figures.indicator(code.get_ref()).map_err(|m| BlockError::at(src, code.span().start, m))
    };
    match kind.get_ref().as_str() {
        "summary" => {
            let spec: Summary = parse_block(src, "表格")?;
            let inds = spec
                .codes
                .iter()
                .filter(|c| !figures.is_withheld(c.get_ref()))
                .map(indicator)
                .collect::<Result<Vec<_>, _>>()?;
            let table = indicator_table(figures, spec.caption.unwrap_or_else(|| "主要指标".to_string()), &inds);
            let table = sourced(table, provenance, figures, &inds, 2);
            Ok(with_rows(table, change_note(figures, &inds)))
        }
        "category" => {
            let spec: Category = parse_block(src, "表格")?;
            let name = spec.category.get_ref().trim();
            let inds: Vec<&Indicator> = figures.catalog.indicators().iter().filter(|i| i.category == name).collect();
            if inds.is_empty() {
                return Err(BlockError::at(
                    src,
                    spec.category.span().start,
                    format!("指标目录中没有类别“{name}”（现有类别：{}）", figures.catalog.categories().join("、")),
                ));
            }
            let table = indicator_table(figures, spec.caption.unwrap_or_else(|| format!("{name}指标")), &inds);
            let table = sourced(table, provenance, figures, &inds, 2);
            Ok(with_rows(table, change_note(figures, &inds)))
        }
        "all_categories" => {
            let spec: CaptionOnly = parse_block(src, "表格")?;
            let inds: Vec<&Indicator> = figures.catalog.indicators().iter().collect();
            let table = all_categories(figures, spec.caption.unwrap_or_else(|| "指标汇总".to_string()));
            // Its rows: category by category, each in catalogue order.
            let rows: Vec<&Indicator> = figures
                .catalog
                .categories()
                .into_iter()
                .flat_map(|c| inds.iter().copied().filter(move |i| i.category == c))
                .collect();
            let table = sourced(table, provenance, figures, &rows, 3);
            Ok(with_rows(table, change_note(figures, &inds)))
        }
        "submissions" => {
            let spec: CaptionOnly = parse_block(src, "表格")?;
            let caption = spec.caption.unwrap_or_else(|| "成员单位报送情况".to_string());
            let table = if audience.public {
                public_submissions(inputs, audience, caption)
            } else {
                submissions(inputs, provenance, caption)
            };
            Ok(Some((table, None)))
        }
        "quality" => {
            let spec: CaptionOnly = parse_block(src, "表格")?;
            if audience.public {
                return Err(BlockError::new(
                    "数据质量说明列出文件和单元格，供双拥办内部使用，公开版不能列出：\
                     请用 {% if not public %}……{% endif %} 把这个表格括起来",
                ));
            }
            Ok(Some((
                quality(inputs, figures, provenance, spec.caption.unwrap_or_else(|| "数据质量说明".to_string())),
                None,
            )))
        }
        "by_unit" => {
            let spec: ByUnit = parse_block(src, "表格")?;
            if figures.is_withheld(spec.indicator.get_ref()) {
                return Ok(None);
            }
            let ind = indicator(&spec.indicator)?;
            let unit_type = match &spec.unit_type {
                Some(t) => Some(
                    UnitType::parse(t.get_ref())
                        .ok_or_else(|| BlockError::at(src, t.span().start, UnitType::unknown(t.get_ref())))?,
                ),
                None => None,
            };
            if !shows_units(audience, ind, unit_type) {
                return Ok(None);
            }
            let caption = spec.caption.unwrap_or_else(|| match unit_type {
                Some(t) => format!("各{t}{}", ind.name),
                None => format!("各单位{}", ind.name),
            });
            Ok(Some((by_unit(provenance, figures, ind, unit_type, spec.limit, caption), None)))
        }
        "by_unit_type" => {
            let spec: ByUnitType = parse_block(src, "表格")?;
            if figures.is_withheld(spec.indicator.get_ref()) {
                return Ok(None);
            }
            let ind = indicator(&spec.indicator)?;
            let caption = spec.caption.unwrap_or_else(|| format!("{}（按单位类型）", ind.name));
            Ok(Some((by_unit_type(inputs, figures, provenance, ind, caption), None)))
        }
        other => Err(BlockError::at(
            src,
            kind.span().start,
            format!("未知的表格类型“{other}”（可用：{}）", TABLE_KINDS.join("、")),
        )),
    }
}

/// A table of indicators with its note, or nothing when none of them has a figure.
fn with_rows(table: Table, note: Option<String>) -> Option<Annotated> {
    (!table.rows.is_empty()).then_some((table, note))
}

/// Whether a list of single units' figures for `ind` (of `unit_type`, or of every type)
/// has anything this version may show: the public version lists no troop unit.
pub(crate) fn shows_units(audience: &Audience, ind: &Indicator, unit_type: Option<UnitType>) -> bool {
    match unit_type {
        Some(t) => audience.shows_units_of(t),
        None => ind.reported_by.iter().any(|&t| audience.shows_units_of(t)),
    }
}

/// The year columns (and the change column when last year has figures).
fn year_columns(figures: &Figures) -> Vec<Column> {
    let mut cols = vec![Column::new(format!("{}年", figures.year), Align::Right, 1.9)];
    if figures.has_previous_year {
        cols.push(Column::new(format!("{}年", figures.year - 1), Align::Right, 1.9));
        // Wide enough for `-1.5个百分点` on one line.
        cols.push(Column::new("比上年增减", Align::Right, 2.6));
    }
    cols
}

fn year_cells(figures: &Figures, ind: &Indicator) -> Vec<String> {
    let mut current = figures.cell(ind, figures.current(&ind.code));
    if figures.is_doubtful(&ind.code) {
        current.push(DOUBT_MARK);
    }
    let mut cells = vec![current];
    if figures.has_previous_year {
        cells.push(figures.cell(ind, figures.previous(&ind.code)));
        let mut change = figures.change_cell(ind);
        if change != "—" && figures.absentees(ind).is_some() {
            change.push(CHANGE_MARK);
        }
        cells.push(change);
    }
    cells
}

/// The one line under a table some of whose changes leave out units that reported one
/// year only (the 数据质量说明 names them, [`quality_rows`]), or some of whose figures
/// are in doubt.
pub(crate) fn change_note(figures: &Figures, inds: &[&Indicator]) -> Option<String> {
    let mut said = Vec::new();
    if figures.has_previous_year && inds.iter().any(|ind| figures.absentees(ind).is_some()) {
        said.push(format!("带{CHANGE_MARK}的比上年增减只比较两年都填报了该项的单位。"));
    }
    if inds.iter().any(|ind| figures.is_doubtful(&ind.code) && figures.current(&ind.code).is_some()) {
        said.push(format!("带{DOUBT_MARK}的数字有单位填报的数值待核实，正文未引用，见数据质量说明。"));
    }
    (!said.is_empty()).then(|| format!("注：{}", said.concat()))
}

/// The 指标 cell: the name, and whose total it is when it is not the district's.
fn row_name(ind: &Indicator) -> String {
    match ind.total {
        TotalMeaning::District => ind.name.clone(),
        TotalMeaning::Units | TotalMeaning::Overlap => format!("{}（各单位合计）", ind.name),
    }
}

/// In a draft, `table` (one row for each of `inds` that has figures, its [`year_cells`]
/// from column `column` on) with where its figures come from.
fn sourced(
    table: Table,
    provenance: Option<&Provenance>,
    figures: &Figures,
    inds: &[&Indicator],
    column: usize,
) -> Table {
    let rows: Vec<&Indicator> = inds.iter().copied().filter(|ind| has_figures(figures, ind)).collect();
    Table { sources: notes(provenance, |p| p.indicator_rows(&rows, column)), ..table }
}

/// In a draft (which has the document's `provenance`), where a table's figures come
/// from, as `made` tells them; nothing in a document that is no draft.
fn notes(provenance: Option<&Provenance>, made: impl FnOnce(&Provenance) -> Vec<CellSource>) -> Vec<CellSource> {
    provenance.map(made).unwrap_or_default()
}

/// Whether a row has a figure in either year: rows empty in both are left out.
fn has_figures(figures: &Figures, ind: &Indicator) -> bool {
    figures.current(&ind.code).is_some() || (figures.has_previous_year && figures.previous(&ind.code).is_some())
}

/// 指标 | 计量单位 | <year>年 | <year-1>年 | 比上年增减, the indicators with a figure.
fn indicator_table(figures: &Figures, caption: String, inds: &[&Indicator]) -> Table {
    let inds: Vec<&&Indicator> = inds.iter().filter(|ind| has_figures(figures, ind)).collect();
    let names: Vec<String> = inds.iter().map(|ind| row_name(ind)).collect();
    let mut columns = vec![Column::new("计量单位", Align::Center, 1.7)];
    columns.extend(year_columns(figures));
    let [name] = text_weights(&[name_chars(&names)], size::XIAO_SI, &columns);
    columns.insert(0, Column::new("指标", Align::Left, name));
    let rows: Vec<Vec<String>> = inds
        .iter()
        .zip(names)
        .map(|(ind, name)| {
            let mut row = vec![name, ind.unit.clone()];
            row.extend(year_cells(figures, ind));
            row
        })
        .collect();
    Table { caption: Some(caption), columns, rows, total: None, font_size: size::XIAO_SI, sources: Vec::new() }
}

/// Characters a line of the 指标 column holds: the longest name on two lines at most,
/// within what leaves the figures their room.
fn name_chars(names: &[String]) -> usize {
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let per_line = if longest <= NAME_CHARS.1 { longest } else { longest.div_ceil(2) };
    per_line.clamp(NAME_CHARS.0, NAME_CHARS.1)
}

/// The fewest and most characters a line of the 指标 column holds.
const NAME_CHARS: (usize, usize) = (8, 12);
/// Characters a line of the 类别 column holds: 支持部队建设 on one line, the longer
/// categories on two without a stray character (the typesetter evens out last lines).
const CATEGORY_CHARS: usize = 6;
/// The type area's width in millimetres (GB/T 9704: 156 mm), and a point's.
const AREA_MM: f32 = 156.0;
const PT_MM: f32 = 0.3528;

/// Weights for text columns holding `chars` characters a line each at `font_pt`, beside
/// `others` (whose weights share what is left of the width).
fn text_weights<const N: usize>(chars: &[usize; N], font_pt: f32, others: &[Column]) -> [f32; N] {
    // A cell's padding is 0.4 em each side; half a character of slack.
    let mm = chars.map(|c| (c as f32 + 1.3) * font_pt * PT_MM);
    let rest = (AREA_MM - mm.iter().sum::<f32>()).max(AREA_MM / 4.0);
    let others: f32 = others.iter().map(|c| c.weight).sum();
    mm.map(|m| others * m / rest)
}

/// 类别 | 指标 | 计量单位 | years…, the category named on the first row of its group;
/// a category none of whose indicators has a figure is left out.
fn all_categories(figures: &Figures, caption: String) -> Table {
    let mut rows = Vec::new();
    for category in figures.catalog.categories() {
        let inds = figures.catalog.indicators().iter().filter(|i| i.category == category && has_figures(figures, i));
        for (i, ind) in inds.enumerate() {
            let mut row =
                vec![if i == 0 { category.to_string() } else { String::new() }, row_name(ind), ind.unit.clone()];
            row.extend(year_cells(figures, ind));
            rows.push(row);
        }
    }
    let names: Vec<String> = rows.iter().map(|r| r[1].clone()).collect();
    let mut columns = vec![Column::new("计量单位", Align::Center, 1.7)];
    columns.extend(year_columns(figures));
    let [category, name] = text_weights(&[CATEGORY_CHARS, name_chars(&names)], size::WU_HAO, &columns);
    columns
        .splice(0..0, [Column::new("类别", Align::Left, category).grouping(), Column::new("指标", Align::Left, name)]);
    Table { caption: Some(caption), columns, rows, total: None, font_size: size::WU_HAO, sources: Vec::new() }
}

/// 单位 | 类型 | 报送情况 | 文件 | 错误 | 警告, every roster unit in roster order; in a
/// draft each count names the findings it counts.
fn submissions(inputs: &Inputs, provenance: Option<&Provenance>, caption: String) -> Table {
    let columns = vec![
        Column::new("单位", Align::Left, 3.0),
        Column::new("类型", Align::Center, 2.0),
        Column::new("报送情况", Align::Center, 2.0),
        Column::new("文件", Align::Left, 4.6),
        Column::new("错误", Align::Right, 1.3),
        Column::new("警告", Align::Right, 1.3),
    ];
    let status = inputs.data.checked.submissions.get(&inputs.year);
    let returned: Vec<Option<&crate::validate::Submission>> = inputs
        .ws
        .units
        .iter()
        .map(|u| status.and_then(|s| s.iter().find(|s| s.unit == u.name && s.file.is_some())))
        .collect();
    let (mut submitted, mut errors, mut warnings) = (0, 0, 0);
    let rows: Vec<Vec<String>> = inputs
        .ws
        .units
        .iter()
        .zip(&returned)
        .map(|(u, s)| {
            let mut row = vec![u.name.clone(), u.unit_type.label().to_string()];
            match s {
                Some(s) => {
                    submitted += 1;
                    errors += s.errors;
                    warnings += s.warnings;
                    row.extend([
                        "已报".to_string(),
                        s.file.clone().unwrap_or_default(),
                        s.errors.to_string(),
                        s.warnings.to_string(),
                    ]);
                }
                None => row.extend(["未报", "—", "—", "—"].map(String::from)),
            }
            row
        })
        .collect();
    let unsubmitted = rows.len() - submitted;
    let total = vec![
        format!("合计{}个单位", rows.len()),
        String::new(),
        format!("已报{submitted}个"),
        if unsubmitted > 0 { format!("未报{unsubmitted}个") } else { String::new() },
        errors.to_string(),
        warnings.to_string(),
    ];
    let sources = notes(provenance, |_| submission_notes(inputs, &returned));
    Table { caption: Some(caption), columns, rows, total: Some(total), font_size: size::XIAO_SI, sources }
}

/// 单位 | 类型 | 报送情况, the public version's: no files and no counts of problems
/// (the office's business), troop units under their display names, one row per name.
fn public_submissions(inputs: &Inputs, audience: &Audience, caption: String) -> Table {
    let columns = vec![
        Column::new("单位", Align::Left, 3.0),
        Column::new("类型", Align::Center, 2.0),
        Column::new("报送情况", Align::Center, 3.0),
    ];
    let status = inputs.data.checked.submissions.get(&inputs.year);
    // (name, type, units, submitted), in roster order of each name's first unit.
    let mut names: Vec<(&str, UnitType, usize, usize)> = Vec::new();
    for u in &inputs.ws.units {
        let submitted = usize::from(status.is_some_and(|s| s.iter().any(|s| s.unit == u.name && s.file.is_some())));
        let name = audience.name(&u.name);
        match names.iter_mut().find(|(n, t, _, _)| *n == name && *t == u.unit_type) {
            Some((_, _, units, done)) => {
                *units += 1;
                *done += submitted;
            }
            None => names.push((name, u.unit_type, 1, submitted)),
        }
    }
    let rows = names
        .iter()
        .map(|&(name, unit_type, units, done)| {
            let state = match (units, done) {
                (_, 0) => "未报".to_string(),
                (u, d) if u == d => "已报".to_string(),
                (u, d) => format!("已报{d}个、未报{}个", u - d),
            };
            vec![name.to_string(), unit_type.label().to_string(), state]
        })
        .collect();
    let units = inputs.ws.units.len();
    let submitted: usize = names.iter().map(|n| n.3).sum();
    let state = match units - submitted {
        0 => format!("已报{submitted}个"),
        missing => format!("已报{submitted}个、未报{missing}个"),
    };
    let total = vec![format!("合计{units}个单位"), String::new(), state];
    Table { caption: Some(caption), columns, rows, total: Some(total), font_size: size::XIAO_SI, sources: Vec::new() }
}

fn quality(inputs: &Inputs, figures: &Figures, provenance: Option<&Provenance>, caption: String) -> Table {
    let columns = vec![
        Column::new("类型", Align::Center, 1.2),
        Column::new("单位", Align::Left, 2.0),
        Column::new("指标", Align::Left, 2.2),
        Column::new("位置", Align::Left, 3.2),
        Column::new("填报内容", Align::Left, 1.9),
        Column::new("说明", Align::Left, 5.5),
    ];
    let found = quality_rows(inputs, figures);
    let sources = notes(provenance, |p| quality_notes(inputs, figures, p, &found));
    let rows = found
        .into_iter()
        .map(|r| vec![r.kind.label().to_string(), r.unit, r.indicator, r.location, r.raw, r.reason])
        .collect();
    Table { caption: Some(caption), columns, rows, total: None, font_size: size::WU_HAO, sources }
}

fn value_header(ind: &Indicator) -> String {
    format!("{}（{}）", ind.name, ind.unit)
}

/// 序号 | 单位 | 类型 | value, largest first; a 合计 row for summed indicators (for an
/// authoritative one the units' sum is not the district total).
fn by_unit(
    provenance: Option<&Provenance>,
    figures: &Figures,
    ind: &Indicator,
    unit_type: Option<UnitType>,
    limit: Option<usize>,
    caption: String,
) -> Table {
    let columns = vec![
        Column::new("序号", Align::Center, 0.8),
        Column::new("单位", Align::Left, 3.2),
        Column::new("类型", Align::Center, 1.6),
        Column::new(value_header(ind), Align::Right, 2.6),
    ];
    let values: Vec<_> =
        figures.by_unit(&ind.code).iter().filter(|v| unit_type.is_none_or(|t| v.unit_type == t)).collect();
    let shown = &values[..values.len().min(limit.unwrap_or(usize::MAX))];
    let rows: Vec<Vec<String>> = shown
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let approx = if v.approximate { "约" } else { "" };
            vec![
                (i + 1).to_string(),
                v.unit.clone(),
                v.unit_type.label().to_string(),
                format!("{approx}{}", number(ind, v.value)),
            ]
        })
        .collect();
    let total = (ind.aggregate == Aggregate::Sum && !values.is_empty()).then(|| {
        let sum: f64 = values.iter().map(|v| v.value).sum();
        let approx = if values.iter().any(|v| v.approximate) { "约" } else { "" };
        vec!["合计".to_string(), String::new(), String::new(), format!("{approx}{}", number(ind, sum))]
    });
    let sources = notes(provenance, |p| {
        let mut sources: Vec<CellSource> = shown
            .iter()
            .enumerate()
            .map(|(row, v)| CellSource { row, column: 3, text: p.unit_note(ind, &v.unit) })
            .collect();
        if let Some(total) = &total {
            let units: Vec<&str> = values.iter().map(|v| v.unit.as_str()).collect();
            let rule = format!("合计 {}：{} 个单位之和", total[3], units.len());
            sources.push(CellSource { row: rows.len(), column: 3, text: p.units_note(ind, rule, &units) });
        }
        sources
    });
    Table { caption: Some(caption), columns, rows, total, font_size: size::XIAO_SI, sources }
}

/// 单位类型 | 填报单位数 | value, per unit type that reported. A type's figure is a
/// sum over its units, which the public version may show, troops' included.
fn by_unit_type(
    inputs: &Inputs,
    figures: &Figures,
    provenance: Option<&Provenance>,
    ind: &Indicator,
    caption: String,
) -> Table {
    let columns = vec![
        Column::new("单位类型", Align::Left, 2.0),
        Column::new("填报单位数", Align::Right, 1.6),
        Column::new(value_header(ind), Align::Right, 2.6),
    ];
    let per_type = inputs.data.tables.by_unit_type(inputs.year, &ind.code);
    let values = inputs.data.tables.by_unit(inputs.year, &ind.code);
    let of_type =
        |t: UnitType| -> Vec<&str> { values.iter().filter(|u| u.unit_type == t).map(|u| u.unit.as_str()).collect() };
    let rows: Vec<Vec<String>> = per_type
        .iter()
        .map(|(t, v)| vec![t.label().to_string(), of_type(*t).len().to_string(), number(ind, *v)])
        .collect();
    let total = (ind.aggregate == Aggregate::Sum && !per_type.is_empty())
        .then(|| vec!["合计".to_string(), values.len().to_string(), figures.cell(ind, figures.current(&ind.code))]);
    let sources = notes(provenance, |p| {
        let mut sources = Vec::new();
        for (row, (t, _)) in per_type.iter().enumerate() {
            let units = of_type(*t);
            let count = format!("填报了该项的{t} {} 个", units.len());
            sources.push(CellSource { row, column: 1, text: p.units_note(ind, count, &units) });
            let rule = format!("{t}合计 {}：{} 个单位之和", rows[row][2], units.len());
            sources.push(CellSource { row, column: 2, text: p.units_note(ind, rule, &units) });
        }
        if total.is_some() {
            let units: Vec<&str> = values.iter().map(|u| u.unit.as_str()).collect();
            let count = format!("填报了该项的单位 {} 个", units.len());
            sources.push(CellSource { row: rows.len(), column: 1, text: p.units_note(ind, count, &units) });
            sources.push(CellSource { row: rows.len(), column: 2, text: p.year_note(ind, inputs.year) });
        }
        sources
    });
    Table { caption: Some(caption), columns, rows, total, font_size: size::SI_HAO, sources }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Kind as DiagKind};
    use crate::report::testutil::{data_set, fact, inputs, workspace};
    use crate::validate::Checked;

    /// A figure the text leaves out as doubtful is marked in its table, and the note
    /// under the table says why its change is blank (review: 569 printed with an empty
    /// change cell and nothing beside it).
    #[test]
    fn a_doubtful_figure_is_marked_in_its_table() {
        let ws = workspace();
        let mut flag = Diagnostic::warning(DiagKind::LargeChange, "请核实");
        flag.unit = Some("东湖街道".into());
        flag.code = Some("YF05".into());
        let facts = vec![fact(2024, "东湖街道", "YF05", 2000.0), fact(2023, "东湖街道", "YF05", 100.0)];
        let checked = Checked { facts, diagnostics: vec![flag], ..Checked::default() };
        let data = data_set(&ws, checked);
        let figures = Figures::new(&inputs(&ws, &data, false, false), &Audience::internal(&ws));
        let ind = figures.indicator("YF05").unwrap();
        assert_eq!(year_cells(&figures, ind), ["2,000※", "100", ""]);
        let note = change_note(&figures, &[ind]).unwrap();
        assert!(note.contains("带※的数字") && note.contains("数据质量说明"), "{note}");
    }
}
