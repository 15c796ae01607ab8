//! Where the report's figures come from, for a draft: each figure of a table and of the
//! running text gets a note naming the indicator, the rule that makes the district's
//! figure (the authoritative unit's, the sum of the units', a formula) and the workbooks
//! and cells it was read from; a change names last year's total. A unit's figure names
//! its cell, a count of `check`'s findings the findings, a line of the 数据质量说明 the
//! cells it compares. The Word document carries the notes as comments, so that an office
//! can check every figure before it signs.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::figures::{number, Figures};
use super::quality::{location, QualityRow, QualityRowKind};
use super::Inputs;
use crate::catalog::{Aggregate, Indicator};
use crate::diag::{Diagnostic, Kind};
use crate::template::marks;
use crate::typeset::CellSource;
use crate::validate::{Highlight, Submission};

/// The notes of one draft's figures, owned so that the template's functions can hold
/// them.
pub(crate) struct Provenance {
    year: i32,
    has_previous_year: bool,
    /// By indicator code and year: the total's line (`2024年合计 35：20 个单位之和`) and a
    /// line for each cell read.
    years: BTreeMap<(String, i32), Year>,
    /// The notes the marked figures of the text refer to, by the id in their marks.
    told: Mutex<Vec<String>>,
}

struct Year {
    /// The total as a table prints it, `—` for none.
    total: String,
    rule: String,
    /// Every unit's cell, those the rule leaves out (another unit's is the district's)
    /// included: a table of units' figures lists them.
    cells: Vec<Cell>,
}

struct Cell {
    unit: String,
    /// `文件 › 填报表!E9：单位 3`.
    line: String,
    /// Whether the total counts it.
    counted: bool,
}

impl Provenance {
    /// The notes of every indicator for every year read up to the report's.
    pub fn new(inputs: &Inputs, figures: &Figures) -> Provenance {
        let authoritative = inputs.ws.authoritative_unit().map(|u| u.name.as_str());
        let mut facts: BTreeMap<(&str, i32), Vec<_>> = BTreeMap::new();
        for f in &inputs.data.checked.facts {
            facts.entry((f.code.as_str(), f.year)).or_default().push(f);
        }
        let years: Vec<i32> = inputs.data.tables.years().iter().copied().filter(|y| *y <= inputs.year).collect();
        let mut notes = BTreeMap::new();
        for ind in figures.catalog.indicators() {
            for &year in &years {
                let cells: Vec<Cell> = facts
                    .get(&(ind.code.as_str(), year))
                    .into_iter()
                    .flatten()
                    .map(|f| Cell {
                        unit: f.unit.clone(),
                        line: format!("{} › {}!{}：{} {}", f.file, f.sheet, f.cell, f.unit, number(ind, f.value)),
                        counted: ind.aggregate != Aggregate::Authoritative || Some(f.unit.as_str()) == authoritative,
                    })
                    .collect();
                let rule = match ind.aggregate {
                    Aggregate::Authoritative => format!("取{}的数字", authoritative.unwrap_or("权威单位")),
                    Aggregate::Sum => format!("{} 个单位之和", cells.len()),
                    Aggregate::Formula => match &ind.formula {
                        Some(f) => format!("按公式 {f} 计算"),
                        None => "按公式计算".to_string(),
                    },
                };
                let total = figures.cell(ind, figures.total(year, &ind.code));
                notes.insert((ind.code.clone(), year), Year { total, rule, cells });
            }
        }
        Provenance {
            year: inputs.year,
            has_previous_year: figures.has_previous_year,
            years: notes,
            told: Mutex::new(Vec::new()),
        }
    }

    /// The notes of an indicator table's figure cells: `inds` are its rows, in order,
    /// and its columns from `first` on this year | last year | 比上年增减 (the last two
    /// when there is a last year).
    pub fn indicator_rows(&self, inds: &[&Indicator], first: usize) -> Vec<CellSource> {
        let mut sources = Vec::new();
        for (row, ind) in inds.iter().enumerate() {
            let mut note = |column: usize, text: String| sources.push(CellSource { row, column: first + column, text });
            note(0, self.year_note(ind, self.year));
            if self.has_previous_year {
                note(1, self.year_note(ind, self.year - 1));
                note(2, self.change_note(ind));
            }
        }
        sources
    }

    /// The indicator, the year's total and its rule, then one line per cell read.
    pub fn year_note(&self, ind: &Indicator, year: i32) -> String {
        let mut lines = vec![heading(ind), self.total_line(ind, year)];
        lines.extend(self.cells(&ind.code, year).filter(|c| c.counted).map(|c| c.line.clone()));
        lines.join("\n")
    }

    /// A unit's own figure this year (a row of a table of units): its cell.
    pub fn unit_note(&self, ind: &Indicator, unit: &str) -> String {
        self.units_note(ind, format!("{}年{unit}填报", self.year), &[unit])
    }

    /// A figure made of `units`' figures this year (a unit type's sum, the total of a
    /// table of units): `rule`, then their cells.
    pub fn units_note(&self, ind: &Indicator, rule: String, units: &[&str]) -> String {
        let mut lines = vec![heading(ind), rule];
        lines.extend(
            self.cells(&ind.code, self.year).filter(|c| units.contains(&c.unit.as_str())).map(|c| c.line.clone()),
        );
        lines.join("\n")
    }

    /// Every unit's cell of the indicator `code` in `year`, as `check` compared them: for
    /// a line of the 数据质量说明.
    pub fn compared(&self, code: &str, year: i32) -> Vec<String> {
        self.cells(code, year).map(|c| c.line.clone()).collect()
    }

    /// What a change is reckoned from: last year's total.
    pub fn change_note(&self, ind: &Indicator) -> String {
        let previous = self.total(ind, self.year - 1);
        format!("{}\n比上年增减以{}年合计 {previous}{} 为基数。", heading(ind), self.year - 1, ind.unit)
    }

    /// A total since `first`: each year's total and its rule.
    pub fn since_note(&self, ind: &Indicator, first: i32) -> String {
        let mut lines = vec![heading(ind), format!("{first}—{}年各年合计相加：", self.year)];
        lines.extend((first..=self.year).map(|year| self.total_line(ind, year)));
        lines.join("\n")
    }

    /// `text` marked as a figure whose source is `note`, for the draft's comments
    /// ([`marks::source`]); empty text stays empty, so that conditions read as before.
    pub fn mark(&self, text: String, note: impl FnOnce(&Provenance) -> String) -> String {
        if text.is_empty() {
            return text;
        }
        let note = note(self);
        let mut told = self.told.lock().unwrap_or_else(|e| e.into_inner());
        told.push(note);
        marks::source(told.len() - 1, &text)
    }

    /// The note the mark with `id` refers to.
    pub fn told(&self, id: usize) -> Option<String> {
        self.told.lock().unwrap_or_else(|e| e.into_inner()).get(id).cloned()
    }

    fn cells(&self, code: &str, year: i32) -> impl Iterator<Item = &Cell> {
        self.years.get(&(code.to_string(), year)).into_iter().flat_map(|y| &y.cells)
    }

    fn total(&self, ind: &Indicator, year: i32) -> String {
        self.years.get(&(ind.code.clone(), year)).map_or_else(|| "—".to_string(), |y| y.total.clone())
    }

    fn total_line(&self, ind: &Indicator, year: i32) -> String {
        match self.years.get(&(ind.code.clone(), year)) {
            Some(y) => format!("{year}年合计 {}：{}", y.total, y.rule),
            None => format!("{year}年合计 —"),
        }
    }
}

/// Where the highlights a paragraph tells come from: each unit's cell.
pub(crate) fn highlights_note(items: &[&Highlight]) -> String {
    let mut lines = vec!["工作亮点：各单位填报的原文".to_string()];
    lines.extend(items.iter().map(|h| format!("{} › {}!{}：{}", h.file, h.sheet, h.cell, h.unit)));
    lines.join("\n")
}

/// Where the counts of the submissions table come from: each unit's findings, the
/// roster, the units that returned a form and those that did not.
pub(crate) fn submission_notes(inputs: &Inputs, returned: &[Option<&Submission>]) -> Vec<CellSource> {
    let counted = |d: &&Diagnostic| d.kind != Kind::MissingSubmission && d.unit.is_some();
    let found: Vec<&Diagnostic> = inputs.data.checked.diagnostics.iter().filter(counted).collect();
    let of = |units: &[&str], errors: bool| -> Vec<&Diagnostic> {
        let unit_is = |d: &&&Diagnostic| d.unit.as_deref().is_some_and(|u| units.contains(&u));
        found.iter().filter(unit_is).filter(|d| d.is_error() == errors).copied().collect()
    };
    let mut sources = Vec::new();
    for (row, (u, s)) in inputs.ws.units.iter().zip(returned).enumerate() {
        if s.is_some() {
            let unit = [u.name.as_str()];
            sources.push(CellSource {
                row,
                column: 4,
                text: findings_note(&format!("{}的错误", u.name), &of(&unit, true)),
            });
            sources.push(CellSource {
                row,
                column: 5,
                text: findings_note(&format!("{}的警告", u.name), &of(&unit, false)),
            });
        }
    }
    let row = returned.len();
    let names = |submitted: bool| -> Vec<&str> {
        let units = inputs.ws.units.iter().zip(returned).filter(|(_, s)| s.is_some() == submitted);
        units.map(|(u, _)| u.name.as_str()).collect()
    };
    let (done, missing) = (names(true), names(false));
    sources.push(CellSource {
        row, column: 0, text: format!("shuangyong.toml 所列成员单位 {} 个", returned.len())
    });
    sources.push(CellSource {
        row,
        column: 2,
        text: format!("submissions/{}/ 中报送了统计表的单位 {} 个：{}", inputs.year, done.len(), done.join("、")),
    });
    if !missing.is_empty() {
        sources.push(CellSource {
            row,
            column: 3,
            text: format!("未报送统计表的单位 {} 个：{}", missing.len(), missing.join("、")),
        });
    }
    sources.push(CellSource { row, column: 4, text: findings_note("已报单位的错误", &of(&done, true)) });
    sources.push(CellSource { row, column: 5, text: findings_note("已报单位的警告", &of(&done, false)) });
    sources
}

/// Where the 数据质量说明's figures come from: what a unit wrote is the cell at its
/// 位置; a 说明 compares the figures of its indicator every unit reported (both years'
/// for a change like with like).
pub(crate) fn quality_notes(
    inputs: &Inputs,
    figures: &Figures,
    p: &Provenance,
    rows: &[QualityRow],
) -> Vec<CellSource> {
    let mut sources = Vec::new();
    for (row, r) in rows.iter().enumerate() {
        let ind = r.code.as_deref().and_then(|c| figures.indicator(c).ok());
        let mut lines: Vec<String> = ind.map(heading).into_iter().collect();
        if r.raw != "—" {
            let read = format!("{}填报的原文，见 {}", r.unit, r.location);
            let text = lines.iter().cloned().chain([read]).collect::<Vec<_>>().join("\n");
            sources.push(CellSource { row, column: 4, text });
        }
        lines.push(format!("shuangyong check 的检查结果（{}）", r.kind.label()));
        if r.location != "—" {
            lines.push(format!("位置：{}", r.location));
        }
        let years = match r.kind {
            QualityRowKind::LikeWithLike => vec![inputs.year - 1, inputs.year],
            _ => vec![inputs.year],
        };
        for year in years.into_iter().filter(|_| ind.is_some()) {
            let cells = p.compared(r.code.as_deref().unwrap_or_default(), year);
            if !cells.is_empty() {
                lines.push(format!("{year}年各单位填报："));
                lines.extend(cells);
            }
        }
        sources.push(CellSource { row, column: 5, text: lines.join("\n") });
    }
    sources
}

/// Where a count of `check`'s findings comes from: `what` (the unit's errors, all
/// units' warnings), then each finding's place and message.
fn findings_note(what: &str, found: &[&Diagnostic]) -> String {
    let mut lines = vec![format!("{what}：shuangyong check 检查发现 {} 条", found.len())];
    lines.extend(found.iter().map(|d| format!("{}：{}", location(d), d.message)));
    lines.join("\n")
}

fn heading(ind: &Indicator) -> String {
    format!("{} {}（{}）", ind.code, ind.name, ind.unit)
}
