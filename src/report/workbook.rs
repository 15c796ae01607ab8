//! The summary workbook `<region><year>年度双拥统计汇总.xlsx`: one sheet per category
//! (district totals against last year), one sheet of every unit's figures for the
//! report year, and one sheet tracing every fact to its file and cell.
//!
//! Laid out for printing on A4 landscape with the header row repeated on
//! every page ([`crate::xlsx`]). The bytes depend only on the inputs: the document's
//! creation time is the build date ([`Inputs::date`]) and rust_xlsxwriter stamps its zip
//! entries with a fixed time.

use std::collections::{BTreeMap, HashMap};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use super::audience::Audience;
use super::figures::{Figures, Total};
use super::{Inputs, ReportError};
use crate::catalog::{Aggregate, Indicator};

/// The most decimals the catalogue allows an indicator.
const MAX_DECIMALS: usize = 4;

impl From<XlsxError> for ReportError {
    fn from(e: XlsxError) -> ReportError {
        ReportError::Workbook(crate::xlsx::describe(&e))
    }
}

struct Formats {
    header: Format,
    text: Format,
    /// A figure's format by its decimals (the catalogue's `decimals`, as in the report's tables).
    numbers: Vec<Format>,
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        Formats {
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#E7E6E6"),
            text: cell.clone().set_text_wrap(),
            numbers: (0..=MAX_DECIMALS)
                .map(|d| {
                    let fraction = if d == 0 { String::new() } else { format!(".{}", "0".repeat(d)) };
                    cell.clone().set_num_format(format!("#,##0{fraction}"))
                })
                .collect(),
            percent: cell.set_num_format("+0.0%;-0.0%;0.0%"),
        }
    }

    fn number(&self, ind: &Indicator) -> &Format {
        &self.numbers[ind.decimals.min(MAX_DECIMALS)]
    }
}

/// The workbook's bytes.
pub fn summary(inputs: &Inputs) -> Result<Vec<u8>, ReportError> {
    // The office's working file: every figure and unit, whichever version is built.
    let figures = Figures::new(inputs, &Audience::internal(inputs.ws));
    let formats = Formats::new();
    let mut wb = crate::xlsx::workbook(
        Some(format!("{}{}年度双拥统计汇总", inputs.ws.region, inputs.year).as_str()),
        &inputs.ws.office,
        inputs.date,
    );
    let title = super::workbook_file_name(inputs.ws, inputs.year).trim_end_matches(".xlsx").to_string();
    for category in figures.catalog.categories() {
        let sheet = wb.add_worksheet();
        category_sheet(sheet, inputs, &figures, &formats, category)?;
        print_setup(sheet, &title, 1)?;
    }
    let sheet = wb.add_worksheet();
    units_sheet(sheet, inputs, &formats)?;
    print_setup(sheet, &title, 2)?;
    let sheet = wb.add_worksheet();
    sources_sheet(sheet, inputs, &formats)?;
    print_setup(sheet, &title, 0)?;
    // The office's working file, which Excel rewrites when it saves: deflated at the
    // fastest level, as the `.docx` is (a few per cent larger; level 6 was 9 % of a build).
    wb.set_zip_compression_level(1);
    Ok(wb.save_to_buffer()?)
}

/// A4 landscape (every sheet is wider than a portrait page), the header row repeated
/// and frozen, the title and page numbers in the margins. `frozen_cols` columns stay in
/// view (and are repeated on pages to the right).
fn print_setup(sheet: &mut Worksheet, title: &str, frozen_cols: u16) -> Result<(), XlsxError> {
    crate::xlsx::print_a4(sheet, true);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_freeze_panes(1, frozen_cols)?;
    if frozen_cols > 0 {
        sheet.set_repeat_columns(0, frozen_cols - 1)?;
    }
    sheet.set_header(format!("&C{title}　&A"));
    Ok(())
}

/// Excel forbids `[]:*?/\` in sheet names and cuts them at 31 characters.
fn sheet_name(name: &str) -> String {
    name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

fn headers(sheet: &mut Worksheet, f: &Formats, columns: &[(&str, f64)]) -> Result<(), XlsxError> {
    for (i, (header, width)) in columns.iter().enumerate() {
        let c = i as u16;
        sheet.write_string_with_format(0, c, *header, &f.header)?;
        sheet.set_column_width(c, *width)?;
    }
    sheet.set_row_height(0, 30)?;
    Ok(())
}

/// 编码 | 指标 | 计量单位 | year | year-1 | 增减 | 增减% | 备注, one row per indicator.
fn category_sheet(
    sheet: &mut Worksheet,
    inputs: &Inputs,
    figures: &Figures,
    f: &Formats,
    category: &str,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(category))?;
    sheet.set_print_fit_to_pages(1, 0);
    let this_year = format!("{}年", inputs.year);
    let last_year = format!("{}年", inputs.year - 1);
    headers(
        sheet,
        f,
        &[
            ("编码", 7.0),
            ("指标", 30.0),
            ("计量单位", 9.0),
            (&this_year, 12.0),
            (&last_year, 12.0),
            ("比上年增减", 11.0),
            ("比上年增减%", 11.0),
            ("备注", 30.0),
        ],
    )?;
    let missing: BTreeMap<&str, String> =
        inputs.data.tables.missing(inputs.year).map(|m| (m.code.as_str(), m.reason.to_string())).collect();
    let inds = figures.catalog.indicators().iter().filter(|i| i.category == category);
    for (i, ind) in inds.enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &ind.code, &f.text)?;
        sheet.write_string_with_format(row, 1, &ind.name, &f.text)?;
        sheet.write_string_with_format(row, 2, &ind.unit, &f.text)?;
        let (cur, prev) = (figures.current(&ind.code), figures.previous(&ind.code));
        number_or_blank(sheet, row, 3, cur.map(|t| t.value), f.number(ind))?;
        number_or_blank(sheet, row, 4, prev.map(|t| t.value), f.number(ind))?;
        let change = figures.change(&ind.code);
        // The difference of the two columns beside it, as its header says; the ratio
        // beside that one compares like with like, and the note says when that differs.
        let delta = cur.zip(prev).map(|(c, p)| crate::numfmt::tidy(c.value - p.value));
        number_or_blank(sheet, row, 5, delta, f.number(ind))?;
        // A percentage's change is in points (column 增减), not a ratio of ratios.
        number_or_blank(sheet, row, 6, change.and_then(|c| c.ratio).filter(|_| ind.unit != "%"), &f.percent)?;
        let mut notes = note(ind, cur, prev, missing.get(ind.code.as_str()));
        if change.is_some_and(|c| !c.is_whole()) {
            notes.push(format!("增减%按两年均填报的单位计算（{}）", figures.change_wording(ind)));
        }
        sheet.write_string_with_format(row, 7, notes.join("；"), &f.text)?;
    }
    Ok(())
}

/// Why a figure is absent or approximate; empty when there is nothing to say.
fn note(ind: &Indicator, cur: Option<Total>, prev: Option<Total>, missing: Option<&String>) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(reason) = missing {
        notes.push(reason.clone());
    } else if cur.is_none() {
        notes.push(if ind.aggregate == Aggregate::Formula { "无法计算" } else { "未报送" }.to_string());
    }
    if cur.is_some_and(|t| t.approximate) || prev.is_some_and(|t| t.approximate) {
        notes.push("含成员单位填报的约数".to_string());
    }
    notes
}

fn number_or_blank(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(v) => sheet.write_number_with_format(row, col, v, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}

/// 单位 | 类型 | one column per reported indicator: the report year's values.
fn units_sheet(sheet: &mut Worksheet, inputs: &Inputs, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(&format!("各单位{}年数据", inputs.year)))?;
    // Too wide to shrink onto one page legibly: pages run to the right instead, each
    // repeating the unit column.
    let inds: Vec<&Indicator> = inputs.ws.catalog.indicators().iter().filter(|i| !i.reported_by.is_empty()).collect();
    let titles: Vec<String> = inds.iter().map(|i| format!("{} {}（{}）", i.code, i.name, i.unit)).collect();
    let mut columns: Vec<(&str, f64)> = vec![("单位", 20.0), ("类型", 9.0)];
    columns.extend(titles.iter().map(|t| (t.as_str(), 11.0)));
    headers(sheet, f, &columns)?;
    sheet.set_row_height(0, 90)?;
    let mut values: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for fact in inputs.data.checked.facts.iter().filter(|x| x.year == inputs.year) {
        *values.entry((fact.unit.as_str(), fact.code.as_str())).or_default() += fact.value;
    }
    for (r, unit) in inputs.ws.units.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_string_with_format(row, 0, &unit.name, &f.text)?;
        sheet.write_string_with_format(row, 1, unit.unit_type.label(), &f.text)?;
        for (c, ind) in inds.iter().enumerate() {
            let v = values.get(&(unit.name.as_str(), ind.code.as_str())).copied();
            number_or_blank(sheet, row, c as u16 + 2, v, f.number(ind))?;
        }
    }
    Ok(())
}

/// Every fact with the file and cell it was read from.
fn sources_sheet(sheet: &mut Worksheet, inputs: &Inputs, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("数据来源")?;
    sheet.set_print_fit_to_pages(1, 0);
    headers(
        sheet,
        f,
        &[
            ("年度", 7.0),
            ("单位", 18.0),
            ("单位类型", 9.0),
            ("指标编码", 8.0),
            ("指标名称", 28.0),
            ("数值", 12.0),
            ("计量单位", 8.0),
            ("约数", 6.0),
            ("文件", 32.0),
            ("位置", 12.0),
        ],
    )?;
    // Positions looked up once, not per comparison (3,600 facts on the samples); reversed
    // so that the first of a repeated name keeps its place.
    let roster: HashMap<&str, usize> =
        inputs.ws.units.iter().enumerate().rev().map(|(i, u)| (u.name.as_str(), i)).collect();
    let order: HashMap<&str, usize> =
        inputs.ws.catalog.indicators().iter().enumerate().rev().map(|(i, ind)| (ind.code.as_str(), i)).collect();
    let rank = |map: &HashMap<&str, usize>, key: &str| map.get(key).copied().unwrap_or(usize::MAX);
    let mut facts: Vec<_> = inputs.data.checked.facts.iter().collect();
    facts.sort_by_cached_key(|x| {
        (std::cmp::Reverse(x.year), rank(&roster, &x.unit), &x.unit, rank(&order, &x.code), &x.file, &x.cell)
    });
    // Each cell's format set by range, not per cell: rust_xlsxwriter hashes a cell's
    // format each time it is given one (a third of the workbook's time on 36,000 cells).
    for (r, fact) in facts.iter().enumerate() {
        let row = r as u32 + 1;
        let ind = inputs.ws.catalog.get(&fact.code);
        sheet.write_number(row, 0, fact.year)?;
        sheet.write_string(row, 1, &fact.unit)?;
        sheet.write_string(row, 2, fact.unit_type.label())?;
        sheet.write_string(row, 3, &fact.code)?;
        sheet.write_string(row, 4, ind.map_or("", |i| i.name.as_str()))?;
        sheet.write_number_with_format(row, 5, fact.value, ind.map_or(&f.numbers[2], |i| f.number(i)))?;
        sheet.write_string(row, 6, ind.map_or("", |i| i.unit.as_str()))?;
        sheet.write_string(row, 7, if fact.approximate { "是" } else { "" })?;
        sheet.write_string(row, 8, &fact.file)?;
        sheet.write_string(row, 9, format!("{}!{}", fact.sheet, fact.cell))?;
    }
    if let Some(last) = u32::try_from(facts.len()).ok().filter(|&n| n > 0) {
        sheet.set_range_format(1, 0, last, 4, &f.text)?;
        sheet.set_range_format(1, 6, last, 9, &f.text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{data_set, fact, inputs, workspace};
    use super::*;
    use crate::validate::Checked;

    #[test]
    fn same_inputs_same_bytes() {
        let ws = workspace();
        let facts = vec![fact(2024, "东湖街道", "YF05", 120.0), fact(2023, "东湖街道", "YF05", 100.0)];
        let checked = Checked { facts, ..Checked::default() };
        let data = data_set(&ws, checked);
        let inputs = inputs(&ws, &data, false, false);
        let a = summary(&inputs).unwrap();
        let b = summary(&inputs).unwrap();
        assert!(a.starts_with(b"PK"));
        assert_eq!(a, b);
    }

    #[test]
    fn sheet_names_are_legal() {
        assert_eq!(sheet_name("甲/乙[丙]"), "甲乙丙");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
