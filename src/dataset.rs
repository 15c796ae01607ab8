//! The data set: everything a command knows about the returns, built once per command
//! from the checked workspace and handed by reference to every consumer ([`crate::report`],
//! [`crate::assess`], [`crate::query`], [`crate::export`]).
//!
//! It holds the returns as [`validate`](crate::validate) left them (facts, highlights,
//! roster status, diagnostics of every year read, the 备注 notes, the contact cells) and
//! the contract's five query tables: `facts`, `indicators` and `totals` from
//! [`crate::aggregate`], `units` and `highlights` built here. The tables exist once, so
//! `query`, `export` and the facts a PDF carries cannot disagree.

use std::ops::RangeInclusive;

use polars::prelude::{Column, DataFrame, PolarsError};

use crate::aggregate::{self, AggregateError, Tables};
use crate::diag::Diagnostic;
use crate::validate::{Checked, Highlight, Submission};
use crate::workspace::Workspace;

/// The columns of a document's `facts.csv` ([`crate::query::facts_csv`]): a figure and
/// the cell it was read from.
pub const FACT_COLUMNS: [&str; 7] = ["year", "unit", "code", "value", "file", "sheet", "cell"];

#[derive(Debug, thiserror::Error)]
pub enum DataSetError {
    #[error(transparent)]
    Aggregate(#[from] AggregateError),
    #[error("无法建立 {table} 表：{source}")]
    Frame { table: &'static str, source: PolarsError },
}

/// The returns of every year read and the tables made from them.
pub struct DataSet {
    /// The report year: the last year the command covers.
    pub year: i32,
    /// The returns as checked: facts, highlights, roster status, diagnostics, notes and
    /// contact cells of every year read.
    pub checked: Checked,
    /// `facts`, `indicators`, `totals`, and the figures the documents read.
    pub tables: Tables,
    units: DataFrame,
    highlights: DataFrame,
}

impl DataSet {
    /// The data set of a workspace checked for `year` (its report year).
    pub fn build(ws: &Workspace, year: i32, checked: Checked) -> Result<DataSet, DataSetError> {
        let tables = aggregate::tables(ws, &checked.facts)?;
        let units = units_frame(ws, &checked).map_err(|source| DataSetError::Frame { table: "units", source })?;
        let highlights = highlights_frame(&checked.highlights)
            .map_err(|source| DataSetError::Frame { table: "highlights", source })?;
        Ok(DataSet { year, checked, tables, units, highlights })
    }

    /// The contract's query tables by name, in the order `export` writes them.
    pub fn query_tables(&self) -> [(&'static str, &DataFrame); 5] {
        [
            ("facts", &self.tables.facts),
            ("totals", &self.tables.totals),
            ("indicators", &self.tables.indicators),
            ("highlights", &self.highlights),
            ("units", &self.units),
        ]
    }

    /// The diagnostics of `year`, as if it were the report year.
    pub fn diagnostics(&self, year: i32) -> &[Diagnostic] {
        if year == self.year {
            &self.checked.diagnostics
        } else {
            self.checked.other_years.get(&year).map(Vec::as_slice).unwrap_or_default()
        }
    }

    /// The errors of the years in `years` that have any, year by year.
    pub fn errors(&self, years: RangeInclusive<i32>) -> Vec<(i32, Vec<&Diagnostic>)> {
        let read = self.checked.other_years.keys().copied().chain([self.year]);
        let mut covered: Vec<i32> = read.filter(|y| years.contains(y)).collect();
        covered.sort_unstable();
        covered
            .into_iter()
            .map(|y| (y, self.diagnostics(y).iter().filter(|d| d.is_error()).collect::<Vec<_>>()))
            .filter(|(_, errors)| !errors.is_empty())
            .collect()
    }
}

/// `units(year, unit, unit_type, authoritative, submitted, file)`: every roster unit for
/// every year read (each year with a submissions folder, and the report year).
fn units_frame(ws: &Workspace, checked: &Checked) -> Result<DataFrame, PolarsError> {
    let rows: Vec<(i32, &Submission)> =
        checked.submissions.iter().flat_map(|(&year, units)| units.iter().map(move |s| (year, s))).collect();
    let authoritative = |name: &str| ws.authoritative_unit().is_some_and(|u| u.name == name);
    DataFrame::new(
        rows.len(),
        vec![
            Column::new("year".into(), rows.iter().map(|(y, _)| *y).collect::<Vec<i32>>()),
            Column::new("unit".into(), rows.iter().map(|(_, s)| s.unit.as_str()).collect::<Vec<&str>>()),
            Column::new("unit_type".into(), rows.iter().map(|(_, s)| s.unit_type.label()).collect::<Vec<&str>>()),
            Column::new(
                "authoritative".into(),
                rows.iter().map(|(_, s)| authoritative(&s.unit)).collect::<Vec<bool>>(),
            ),
            Column::new("submitted".into(), rows.iter().map(|(_, s)| s.file.is_some()).collect::<Vec<bool>>()),
            Column::new("file".into(), rows.iter().map(|(_, s)| s.file.as_deref()).collect::<Vec<Option<&str>>>()),
        ],
    )
}

/// `highlights(year, unit, unit_type, category, title, text, public, file, sheet, cell)`:
/// one row per highlight read from the 工作亮点 sheets, typed even when there is none, so
/// that an engine reading every district's export finds the columns.
fn highlights_frame(highlights: &[Highlight]) -> Result<DataFrame, PolarsError> {
    let text = |name: &str, f: fn(&Highlight) -> &str| {
        Column::new(name.into(), highlights.iter().map(f).collect::<Vec<&str>>())
    };
    DataFrame::new(
        highlights.len(),
        vec![
            Column::new("year".into(), highlights.iter().map(|h| h.year).collect::<Vec<i32>>()),
            text("unit", |h| &h.unit),
            text("unit_type", |h| h.unit_type.label()),
            text("category", |h| &h.category),
            text("title", |h| &h.title),
            text("text", |h| &h.text),
            Column::new("public".into(), highlights.iter().map(|h| h.public).collect::<Vec<bool>>()),
            text("file", |h| &h.file),
            text("sheet", |h| &h.sheet),
            text("cell", |h| &h.cell),
        ],
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::aggregate::tests::{fact, returned_but, workspace, BUREAU};
    use crate::diag::Kind;
    use crate::validate::Fact;

    /// A data set for 2024 over `facts`, the roster having returned for 2024 all but
    /// `missing`, with `highlights`.
    pub(crate) fn data_set(facts: Vec<Fact>, missing: &str, highlights: Vec<Highlight>) -> DataSet {
        let ws = workspace(true);
        let checked = Checked {
            facts,
            highlights,
            submissions: BTreeMap::from([(2024, returned_but(&ws, missing))]),
            ..Checked::default()
        };
        DataSet::build(&ws, 2024, checked).unwrap()
    }

    #[test]
    fn highlights_table_is_typed_before_any_row_is_read() {
        let data = data_set(vec![fact(2024, BUREAU, "YF01", 2152.0)], "乙镇", Vec::new());
        let [.., (highlights, frame), (units, _)] = data.query_tables();
        assert_eq!((highlights, units), ("highlights", "units"));
        let types: Vec<String> = frame.dtypes().iter().map(|t| t.to_string()).collect();
        assert_eq!((frame.height(), types[0].as_str(), types[6].as_str()), (0, "i32", "bool"));
    }

    #[test]
    fn errors_are_taken_from_the_years_asked_for() {
        let mut data = data_set(Vec::new(), "乙镇", Vec::new());
        let error = |file: &str| Diagnostic::error(Kind::NotANumber, "x").file(file);
        data.checked.diagnostics = vec![error("2024.xlsx"), Diagnostic::warning(Kind::Approximate, "y")];
        data.checked.other_years = BTreeMap::from([(2022, vec![error("2022.xlsx")]), (2023, Vec::new())]);
        let files = |years| {
            let by_year = data.errors(years);
            by_year.iter().map(|(y, e)| format!("{y}:{}", e[0].file.as_deref().unwrap())).collect::<Vec<_>>()
        };
        assert_eq!(files(2024..=2024), ["2024:2024.xlsx"]);
        assert_eq!(files(2021..=2024), ["2022:2022.xlsx", "2024:2024.xlsx"]);
        assert_eq!(files(i32::MIN..=i32::MAX), ["2022:2022.xlsx", "2024:2024.xlsx"]);
        assert!(files(2023..=2023).is_empty());
    }
}
