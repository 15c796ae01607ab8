//! Where a table's figures come from, for a draft: each figure cell of an indicator
//! table gets a note naming the indicator, the rule that makes the district's figure
//! (the authoritative unit's, the sum of the units', a formula) and the workbooks and
//! cells it was read from; a change names last year's total. The Word document carries
//! the notes as comments, so that an office can check every figure before it signs.

use super::figures::{number, Figures};
use super::Inputs;
use crate::catalog::{Aggregate, Indicator};
use crate::typeset::CellSource;

/// The notes of an indicator table's figure cells: `inds` are its rows, in order, and
/// its columns 指标 | 计量单位 | this year | last year | 比上年增减 (the last two when
/// there is a last year).
pub(super) fn indicator_rows(inputs: &Inputs, figures: &Figures, inds: &[&Indicator]) -> Vec<CellSource> {
    let mut sources = Vec::new();
    for (row, ind) in inds.iter().enumerate() {
        let mut note = |column: usize, text: String| sources.push(CellSource { row, column, text });
        note(2, year_note(inputs, figures, ind, inputs.year));
        if figures.has_previous_year {
            note(3, year_note(inputs, figures, ind, inputs.year - 1));
            let previous = figures.cell(ind, figures.previous(&ind.code));
            note(4, format!("{}\n比上年增减以{}年合计 {previous}{} 为基数。", heading(ind), inputs.year - 1, ind.unit));
        }
    }
    sources
}

fn heading(ind: &Indicator) -> String {
    format!("{} {}（{}）", ind.code, ind.name, ind.unit)
}

/// The indicator, the year's total and its rule, then one line per cell read.
fn year_note(inputs: &Inputs, figures: &Figures, ind: &Indicator, year: i32) -> String {
    let total =
        figures.cell(ind, if year == figures.year { figures.current(&ind.code) } else { figures.previous(&ind.code) });
    let authoritative = inputs.ws.authoritative_unit().map(|u| u.name.as_str());
    let facts: Vec<_> = inputs
        .data
        .checked
        .facts
        .iter()
        .filter(|f| f.year == year && f.code == ind.code)
        .filter(|f| ind.aggregate != Aggregate::Authoritative || Some(f.unit.as_str()) == authoritative)
        .collect();
    let rule = match ind.aggregate {
        Aggregate::Authoritative => format!("取{}的数字", authoritative.unwrap_or("权威单位")),
        Aggregate::Sum => format!("{} 个单位之和", facts.len()),
        Aggregate::Formula => match &ind.formula {
            Some(f) => format!("按公式 {f} 计算"),
            None => "按公式计算".to_string(),
        },
    };
    let mut lines = vec![heading(ind), format!("{year}年合计 {total}：{rule}")];
    lines.extend(
        facts.iter().map(|f| format!("{} › {}!{}：{} {}", f.file, f.sheet, f.cell, f.unit, number(ind, f.value))),
    );
    lines.join("\n")
}
