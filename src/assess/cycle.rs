//! Figures over a creation cycle: the district totals of each year (from
//! [`crate::aggregate::Tables`]) folded into one figure per indicator by its kind.
//! Flows add up over the years, stocks are taken in the last year, and derived
//! indicators are recomputed from the folded inputs (a rate of the summed parts,
//! never an average of yearly rates).

use std::collections::{BTreeMap, BTreeSet};

use crate::aggregate::Tables;
use crate::catalog::{Aggregate, Kind};
use crate::dataset::DataSet;
use crate::numfmt::tidy;
use crate::validate::Fact;
use crate::workspace::{Unit, UnitType, Workspace};

/// Why a year has no district total for an indicator.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    /// No unit returned anything that year: nothing can be said, not even zero.
    NoReturns { year: i32 },
    /// Units returned their workbooks but none filled the indicator in (its name, as
    /// people read it).
    NotReported { year: i32, name: String },
    /// Units reported it, but the rule that makes the total could not (e.g. the
    /// authoritative unit left it blank).
    NoTotal { year: i32, name: String, reason: String },
}

impl Gap {
    pub fn year(&self) -> i32 {
        match self {
            Gap::NoReturns { year } | Gap::NotReported { year, .. } | Gap::NoTotal { year, .. } => *year,
        }
    }

    /// A year the whole workspace lacks, as opposed to one indicator's blank.
    pub fn is_no_returns(&self) -> bool {
        matches!(self, Gap::NoReturns { .. })
    }
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Gap::NoReturns { year } => write!(f, "{year}年没有任何单位报送统计表"),
            Gap::NotReported { year, name } => write!(f, "{year}年没有单位填报“{name}”"),
            Gap::NoTotal { year, name, reason } => write!(f, "{year}年“{name}”没有全区合计（{reason}）"),
        }
    }
}

/// An indicator's figure over the cycle, with the years that could not contribute.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// `None` when nothing at all could be computed.
    pub value: Option<f64>,
    pub gaps: Vec<Gap>,
}

impl Figure {
    /// The gaps that make the figure unusable for scoring: years without any return.
    pub fn no_returns(&self) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(|g| g.is_no_returns())
    }
}

/// The district's data over the cycle `from..=to`.
pub struct Cycle<'a> {
    pub from: i32,
    pub to: i32,
    /// Years in a whole creation cycle (the criteria's `cycle_years`): a shorter window
    /// is a 届中考评. The window's own length until [`Cycle::of_length`] says otherwise.
    pub length: i32,
    pub ws: &'a Workspace,
    tables: &'a Tables,
    facts: &'a [Fact],
    /// Cycle years in which no unit returned anything.
    missing_years: BTreeSet<i32>,
    /// Units that returned a workbook, per year.
    returned: BTreeMap<i32, BTreeSet<String>>,
}

impl<'a> Cycle<'a> {
    /// The cycle `from..=to` of `data`; a year counts as returned when a roster unit has
    /// a file for it or any fact carries it.
    pub fn new(ws: &'a Workspace, data: &'a DataSet, from: i32, to: i32) -> Cycle<'a> {
        let (tables, facts) = (&data.tables, data.checked.facts.as_slice());
        let mut returned: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
        for (year, subs) in &data.checked.submissions {
            for s in subs.iter().filter(|s| s.file.is_some()) {
                returned.entry(*year).or_default().insert(s.unit.clone());
            }
        }
        for f in facts {
            returned.entry(f.year).or_default().insert(f.unit.clone());
        }
        let missing_years = (from..=to).filter(|y| !returned.contains_key(y)).collect();
        Cycle { from, to, length: to - from + 1, ws, tables, facts, missing_years, returned }
    }

    /// The window as part of a whole cycle of `years` (the criteria's `cycle_years`).
    pub fn of_length(self, years: i32) -> Cycle<'a> {
        Cycle { length: years, ..self }
    }

    pub fn years(&self) -> impl Iterator<Item = i32> {
        self.from..=self.to
    }

    /// Cycle years in which no unit returned anything, ascending.
    pub fn missing_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.missing_years.iter().copied()
    }

    /// Whether `unit` returned a workbook for `year`.
    pub fn returned(&self, year: i32, unit: &Unit) -> bool {
        self.returned.get(&year).is_some_and(|names| names.iter().any(|n| unit.answers_to(n)))
    }

    /// The district total of one year.
    pub fn year_total(&self, year: i32, code: &str) -> Result<f64, Gap> {
        if self.missing_years.contains(&year) {
            return Err(Gap::NoReturns { year });
        }
        if let Some(v) = self.tables.total(year, code) {
            return Ok(match self.counted_by(code) {
                Some(side) => {
                    self.tables.by_unit_type(year, code).iter().find(|(t, _)| *t == side).map_or(0.0, |v| v.1)
                }
                None => v,
            });
        }
        let name = self.ws.catalog.get(code).map_or_else(|| code.to_string(), |i| i.name.clone());
        match self.tables.missing(year).find(|m| m.code == code) {
            Some(m) => Err(Gap::NoTotal { year, name, reason: m.reason.to_string() }),
            None => Err(Gap::NotReported { year, name }),
        }
    }

    /// What a bound on the cycle figure of `code` is multiplied by: bounds on a flow
    /// are set for the whole cycle, so a shorter window (the 届中考评's two years) holds
    /// the flow to its share of them. Stocks and rates mean the same in any window.
    pub fn window_share(&self, code: &str) -> f64 {
        let years = self.to - self.from + 1;
        if years < self.length && self.kind(code) == Kind::Flow {
            f64::from(years) / f64::from(self.length)
        } else {
            1.0
        }
    }

    /// Whether `code` is a reported flow: its cycle figure is a sum that only grows as
    /// years are added.
    pub fn is_flow(&self, code: &str) -> bool {
        self.kind(code) == Kind::Flow && self.ws.catalog.get(code).is_none_or(|i| i.formula.is_none())
    }

    /// The years a sum over the window is made of, as a label: `2021—2024年` with every
    /// year returned, `2023—2024年` or `2021、2023、2024年` without the years nobody
    /// returned (a sum over two years is never labelled as the cycle's).
    pub fn span(&self) -> String {
        let years: Vec<i32> = self.years().filter(|y| !self.missing_years.contains(y)).collect();
        match years.as_slice() {
            [] => format!("{}—{}年", self.from, self.to),
            [one] => format!("{one}年"),
            [first, .., last] if last - first + 1 == years.len() as i32 => format!("{first}—{last}年"),
            _ => format!("{}年", years.iter().map(i32::to_string).collect::<Vec<_>>().join("、")),
        }
    }

    /// The side whose figures count for a thing both sides of a pair report.
    fn counted_by(&self, code: &str) -> Option<UnitType> {
        self.ws.catalog.get(code).and_then(|i| i.counted_by)
    }

    fn kind(&self, code: &str) -> Kind {
        self.ws.catalog.get(code).map(|i| i.kind).unwrap_or(Kind::Flow)
    }

    /// The years whose figures make the cycle figure of `code`: every year for a flow,
    /// the last for a stock, the union of the inputs' years for a derived indicator.
    pub fn years_needed(&self, code: &str) -> BTreeSet<i32> {
        match self.ws.catalog.get(code).and_then(|i| i.formula.as_ref()) {
            Some(f) => f.codes().iter().flat_map(|c| self.years_needed(c)).collect(),
            None if self.kind(code) == Kind::Stock => BTreeSet::from([self.to]),
            None => self.years().collect(),
        }
    }

    /// The cycle figure of `code` by its kind.
    pub fn figure(&self, code: &str) -> Figure {
        if let Some(formula) = self.ws.catalog.get(code).and_then(|i| i.formula.as_ref()) {
            let inputs: BTreeMap<&str, Figure> = formula.codes().into_iter().map(|c| (c, self.figure(c))).collect();
            let value = formula.eval(&|c| inputs.get(c).and_then(|f| f.value));
            let mut gaps: Vec<Gap> = Vec::new();
            for g in inputs.into_values().flat_map(|f| f.gaps) {
                if !gaps.contains(&g) {
                    gaps.push(g);
                }
            }
            gaps.sort_by_key(Gap::year);
            return Figure { value, gaps };
        }
        let mut value = None;
        let mut gaps = Vec::new();
        for year in self.years_needed(code) {
            match self.year_total(year, code) {
                Ok(v) => *value.get_or_insert(0.0) += v,
                Err(g) => gaps.push(g),
            }
        }
        Figure { value: value.map(tidy), gaps }
    }

    /// The facts that entered the district totals of `code` in the years its cycle
    /// figure needs: every reporting unit's cell for a sum, the authoritative unit's
    /// for an authoritative total, the inputs' cells for a formula.
    pub fn sources(&self, code: &str) -> Vec<&'a Fact> {
        let Some(ind) = self.ws.catalog.get(code) else { return Vec::new() };
        if let Some(f) = &ind.formula {
            let mut out: Vec<&Fact> = Vec::new();
            for c in f.codes() {
                for fact in self.sources(c) {
                    if !out.iter().any(|o| std::ptr::eq(*o, fact)) {
                        out.push(fact);
                    }
                }
            }
            return out;
        }
        let years = self.years_needed(code);
        let authoritative = self.ws.authoritative_unit();
        let mut out: Vec<&Fact> = self
            .facts
            .iter()
            .filter(|f| f.code == code && years.contains(&f.year))
            .filter(|f| self.tables.total(f.year, code).is_some())
            .filter(|f| ind.counted_by.is_none_or(|side| f.unit_type == side))
            .filter(|f| match (ind.aggregate, authoritative) {
                (Aggregate::Authoritative, Some(unit)) => unit.answers_to(&f.unit),
                _ => true,
            })
            .collect();
        out.sort_by(|a, b| (a.year, &a.unit, &a.file, &a.cell).cmp(&(b.year, &b.unit, &b.file, &b.cell)));
        out
    }

    /// Whether a unit's approximation (约800, 1000余) went into `code`'s totals of
    /// `years`, or into an input of its formula: prose then says 余 or 约.
    pub fn approximate(&self, code: &str, years: &[i32]) -> bool {
        match self.ws.catalog.get(code).and_then(|i| i.formula.as_ref()) {
            Some(f) => f.codes().iter().any(|c| self.approximate(c, years)),
            None => self.facts.iter().any(|f| f.approximate && f.code == code && years.contains(&f.year)),
        }
    }

    /// Each unit's own cycle figure of a reported (not derived) indicator: its values
    /// added up over the cycle for a flow, its last-year value for a stock. Units of
    /// the roster only, in roster order, whether they reported or not.
    pub fn unit_figures(&self, code: &str, unit_type: Option<UnitType>) -> Vec<(&'a Unit, Option<f64>)> {
        let years = self.years_needed(code);
        self.ws
            .units
            .iter()
            .filter(|u| unit_type.is_none_or(|t| u.unit_type == t))
            .map(|u| {
                let values = years.iter().flat_map(|&y| self.tables.by_unit(y, code)).filter(|v| u.answers_to(&v.unit));
                let mut sum = None;
                for v in values {
                    *sum.get_or_insert(0.0) += v.value;
                }
                (u, sum.map(tidy))
            })
            .collect()
    }
}
