//! Figures a unit typed where the form does not read them: a number in 备注 beside an
//! empty 本年数值, and one 本年数值 cell merged over several indicators. Both would
//! otherwise be lost without a word (the indicator counted as 未填报), so both are
//! warnings at the cells involved.

use super::value::{self, Reading};
use crate::catalog::{Catalog, Indicator};
use crate::diag::{a1, Diagnostic, Kind};
use crate::intake::{text, CellValue, Row, Workbook};

/// The two warnings when `row` leaves 本年数值 empty and its 备注 holds a figure: one at
/// the value cell, one at the note cell.
pub(super) fn number_in_note(wb: &Workbook, row: &Row, indicator: &Indicator) -> Vec<Diagnostic> {
    let Some(note_cell) = &row.note_cell else { return Vec::new() };
    let reading = value::read_value(&CellValue::Text(row.note.clone()), &indicator.unit, false);
    let Ok(Reading::Number { .. }) = reading else { return Vec::new() };
    let (name, note, value_cell) = (&indicator.name, &row.note, row.value.a1());
    let at = |cell: &str, message: String| {
        Diagnostic::warning(Kind::NumberInNote, message)
            .file(&wb.file)
            .at(&wb.sheet, cell)
            .code(&indicator.code)
            .value(note)
    };
    vec![
        at(
            &value_cell,
            format!(
                "{name}的本年数值为空，备注（{note_cell}）中却填了“{note}”：此项按未填报处理；如果这是本年数值，请填到本单元格，备注只写说明"
            ),
        ),
        at(
            note_cell,
            format!("备注中的“{note}”像是{name}的数值，但本年数值（{value_cell}）为空，这个数字不会计入汇总：请把它移到本年数值列"),
        ),
    ]
}

/// A warning for each 本年数值 cell merged down over the rows of two or more indicators:
/// the merged value belongs to the first row only, the others read as 未填报.
pub(super) fn merged_values(catalog: &Catalog, wb: &Workbook) -> Vec<Diagnostic> {
    let Some(value_col) = wb.rows.first().map(|r| r.value.col) else { return Vec::new() };
    let mut out = Vec::new();
    for &((top, left), (bottom, right)) in &wb.merged {
        if bottom <= top || !(left..=right).contains(&value_col) {
            continue;
        }
        let covered: Vec<&Indicator> = wb
            .rows
            .iter()
            .filter(|r| (top..=bottom).contains(&r.value.row))
            .filter_map(|r| catalog.get(&text::code(&r.code.value.raw().unwrap_or_default())))
            .collect();
        let [first, rest @ ..] = covered.as_slice() else { continue };
        if rest.is_empty() {
            continue;
        }
        let named = |i: &&Indicator| format!("{}（{}）", i.code, i.name);
        let others: Vec<String> = rest.iter().map(named).collect();
        let area = format!("{}:{}", a1(top, left), a1(bottom, right));
        let mut d = Diagnostic::warning(
            Kind::MergedValueCell,
            format!(
                "本年数值单元格 {area} 合并跨过了 {} 和 {} 几个指标：合并后的数值只算作 {}，{} 按未填报处理：请取消合并，每个指标分别填写",
                named(first),
                others.join("、"),
                first.code,
                rest.iter().map(|i| i.code.as_str()).collect::<Vec<_>>().join("、")
            ),
        )
        .file(&wb.file)
        .at(&wb.sheet, a1(top, value_col))
        .code(&first.code);
        if let Some(v) = wb.rows.iter().find(|r| r.value.row == top).and_then(|r| r.value.value.raw()) {
            d = d.value(v);
        }
        out.push(d);
    }
    out
}
