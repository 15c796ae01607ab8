//! Validation: turns raw workbook rows into facts, checking each value against the
//! contract's rules, the catalogue and the roster, and the returns against each other
//! (reconciliation, last year). Every value either becomes a [`Fact`] or a
//! [`Diagnostic`].

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::workspace::UnitType;

/// One reported value, traced to the cell it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub year: i32,
    pub unit: String,
    pub unit_type: UnitType,
    pub code: String,
    pub value: f64,
    /// The unit wrote an approximation (3500余, 约200).
    pub approximate: bool,
    pub file: String,
    pub sheet: String,
    pub cell: String,
}

/// Where a roster unit stands for a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub unit: String,
    pub unit_type: UnitType,
    /// The file read for this unit, or `None` when it has not submitted.
    pub file: Option<String>,
    pub errors: usize,
    pub warnings: usize,
}

/// Everything `check`, `build` and `query` need from the returned workbooks.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Facts for every year under `submissions/`, the report year included.
    pub facts: Vec<Fact>,
    /// Diagnostics for the report year (earlier years are read for comparison only).
    pub diagnostics: Vec<Diagnostic>,
    /// Roster status per year, in roster order.
    pub submissions: BTreeMap<i32, Vec<Submission>>,
}

impl Checked {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }
}

/// TEMPORARY stand-in on branch `aggregate` so that `query` compiles before the intake
/// branch lands: the intake branch defines the real `check_workspace` with this
/// signature; on merge, keep theirs and drop this one.
pub fn check_workspace(_ws: &crate::workspace::Workspace, _year: i32) -> Checked {
    Checked::default()
}
