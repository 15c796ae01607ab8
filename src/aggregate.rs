//! Aggregation: the `facts`, `indicators` and `totals` tables of the contract, and the
//! district totals, year-over-year changes and per-unit breakdowns the report reads.
//!
//! Totals follow each indicator's `aggregate` rule:
//! - `sum`: the sum over the units that reported the indicator that year;
//! - `authoritative`: the authoritative unit's figure. When that unit did not report
//!   the indicator (or the roster names no authoritative unit) there is no total: the
//!   other units report only their share, so their sum would understate the district
//!   and pass a reconciliation check off as a count. The gap is kept in
//!   [`Tables::missing`] so the report can say why the figure is absent;
//! - `formula`: computed from the other totals of the same year; no total when an
//!   input is missing or a divisor is zero.
//!
//! An indicator nobody reported in a year has no total that year: absent, not zero.
//!
//! The rules are applied here in plain Rust and the results laid into polars frames
//! for [`crate::query`]. Later stages read [`Tables`] through its accessors and never
//! touch polars.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::{Column, DataFrame, PolarsError};

use crate::catalog::{Aggregate, Catalog};
use crate::numfmt::tidy;
use crate::validate::Fact;
use crate::workspace::{Unit, UnitType, Workspace};

#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
    /// The facts were checked against another catalogue than the workspace's.
    #[error("{file} › {sheet}!{cell}：指标编码 {code} 不在指标目录中，无法汇总")]
    UnknownCode { code: String, file: String, sheet: String, cell: String },
    #[error("无法建立 {table} 表：{source}")]
    Frame { table: &'static str, source: PolarsError },
}

/// One unit's figure for an indicator and year.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitValue {
    pub unit: String,
    pub unit_type: UnitType,
    pub value: f64,
    /// The unit wrote an approximation (3500余).
    pub approximate: bool,
}

/// A district total against the year before, like with like: for a `sum` indicator
/// both figures are added up over the units that reported it in both years, so a unit
/// that reported one year only does not pass for a rise or a fall of the district.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// This year's figure compared: the total, or its part from the units of both years.
    pub current: f64,
    /// Last year's figure compared, if there is one.
    pub previous: Option<f64>,
    /// `current - previous`.
    pub delta: Option<f64>,
    /// `delta / previous` (0.25 = up 25%); `None` when there is no previous total or it is 0.
    pub ratio: Option<f64>,
    /// Units that reported the indicator last year but not this year, left out of both figures.
    pub only_previous: Vec<String>,
    /// Units that reported it this year but not last year, left out of both figures.
    pub only_current: Vec<String>,
}

impl Change {
    /// Whether both figures are the district totals (the same units reported both years).
    pub fn is_whole(&self) -> bool {
        self.only_previous.is_empty() && self.only_current.is_empty()
    }
}

/// Why an indicator some unit reported has no district total.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub year: i32,
    pub code: String,
    pub reason: MissingReason,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MissingReason {
    /// The authoritative unit did not report it, though other units did.
    AuthoritativeNotReported { unit: String },
    /// The roster names no authoritative unit.
    NoAuthoritativeUnit,
    /// A formula input has no total that year, or a divisor is zero.
    FormulaUndefined,
}

impl std::fmt::Display for MissingReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MissingReason::AuthoritativeNotReported { unit } => {
                write!(f, "以权威单位“{unit}”的数字为全区合计，但该单位未填报")
            }
            MissingReason::NoAuthoritativeUnit => {
                f.write_str("以权威单位的数字为全区合计，但成员单位名单中没有设置权威单位（authoritative = true）")
            }
            MissingReason::FormulaUndefined => f.write_str("计算所需的指标缺少合计数，或除数为 0"),
        }
    }
}

/// The query tables and the figures the report reads, for every year with facts.
#[derive(Debug, Clone)]
pub struct Tables {
    /// `facts(year, unit, unit_type, code, value, file, sheet, cell, approximate)`.
    pub facts: DataFrame,
    /// `indicators(code, category, name, unit, aggregate, kind, integer, formula)`.
    pub indicators: DataFrame,
    /// `totals(year, code, value, approximate)`.
    pub totals: DataFrame,
    years: Vec<i32>,
    totals_by_key: BTreeMap<(i32, String), Total>,
    /// Per (year, code), largest value first.
    unit_values: BTreeMap<(i32, String), Vec<UnitValue>>,
    /// Codes whose total is the sum of the units' values: their change is like with like.
    summed: BTreeSet<String>,
    missing: Vec<Missing>,
}

/// Builds the tables from the facts of every year.
pub fn tables(ws: &Workspace, facts: &[Fact]) -> Result<Tables, AggregateError> {
    let catalog = &ws.catalog;
    if let Some(f) = facts.iter().find(|f| catalog.get(&f.code).is_none()) {
        return Err(AggregateError::UnknownCode {
            code: f.code.clone(),
            file: f.file.clone(),
            sheet: f.sheet.clone(),
            cell: f.cell.clone(),
        });
    }
    let unit_values = unit_values(facts);
    let years: Vec<i32> = facts.iter().map(|f| f.year).collect::<BTreeSet<_>>().into_iter().collect();
    let authoritative = ws.authoritative_unit();

    let mut totals_by_key = BTreeMap::new();
    let mut missing = Vec::new();
    for &year in &years {
        let (totals, gaps) = year_totals(catalog, authoritative, &unit_values, year);
        totals_by_key.extend(totals.into_iter().map(|(code, v)| ((year, code), v)));
        missing.extend(gaps);
    }

    Ok(Tables {
        facts: facts_frame(facts)?,
        indicators: indicators_frame(catalog)?,
        totals: totals_frame(catalog, &years, &totals_by_key)?,
        years,
        totals_by_key,
        unit_values,
        summed: catalog.indicators().iter().filter(|i| i.aggregate == Aggregate::Sum).map(|i| i.code.clone()).collect(),
        missing,
    })
}

/// Each unit's value per (year, code), largest first. A unit's repeated rows add up,
/// as they would in any sum; validation reports them as duplicates.
fn unit_values(facts: &[Fact]) -> BTreeMap<(i32, String), Vec<UnitValue>> {
    let mut by_unit: BTreeMap<(i32, &str, &str), UnitValue> = BTreeMap::new();
    for f in facts {
        by_unit
            .entry((f.year, f.code.as_str(), f.unit.as_str()))
            .and_modify(|v| {
                v.value += f.value;
                v.approximate |= f.approximate;
            })
            .or_insert_with(|| UnitValue {
                unit: f.unit.clone(),
                unit_type: f.unit_type,
                value: f.value,
                approximate: f.approximate,
            });
    }
    let mut out: BTreeMap<(i32, String), Vec<UnitValue>> = BTreeMap::new();
    for ((year, code, _), mut v) in by_unit {
        v.value = tidy(v.value);
        out.entry((year, code.to_string())).or_default().push(v);
    }
    for values in out.values_mut() {
        values.sort_by(|a, b| b.value.total_cmp(&a.value).then_with(|| a.unit.cmp(&b.unit)));
    }
    out
}

/// A district total and whether a figure it rests on was written as an approximation.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Total {
    value: f64,
    approximate: bool,
}

/// The totals of one year by code, and the indicators reported but left without one.
fn year_totals(
    catalog: &Catalog,
    authoritative: Option<&Unit>,
    unit_values: &BTreeMap<(i32, String), Vec<UnitValue>>,
    year: i32,
) -> (BTreeMap<String, Total>, Vec<Missing>) {
    let mut totals = BTreeMap::new();
    let mut missing = Vec::new();
    let gap = |code: &str, reason| Missing { year, code: code.to_string(), reason };
    for ind in catalog.indicators() {
        let Some(values) = unit_values.get(&(year, ind.code.clone())) else { continue };
        match ind.aggregate {
            Aggregate::Sum => {
                let total = Total {
                    value: tidy(values.iter().map(|v| v.value).sum()),
                    approximate: values.iter().any(|v| v.approximate),
                };
                totals.insert(ind.code.clone(), total);
            }
            Aggregate::Authoritative => match authoritative {
                Some(unit) => match values.iter().find(|v| unit.answers_to(&v.unit)) {
                    Some(v) => {
                        totals.insert(ind.code.clone(), Total { value: v.value, approximate: v.approximate });
                    }
                    None => missing
                        .push(gap(&ind.code, MissingReason::AuthoritativeNotReported { unit: unit.name.clone() })),
                },
                None => missing.push(gap(&ind.code, MissingReason::NoAuthoritativeUnit)),
            },
            // Units never fill these in; computed below from the other totals.
            Aggregate::Formula => {}
        }
    }
    let mut computed = Vec::new();
    for ind in catalog.indicators() {
        let Some(formula) = &ind.formula else { continue };
        match formula_total(catalog, &totals, &ind.code) {
            Some(t) => computed.push((ind.code.clone(), t)),
            // Only worth a word when the year has something to compute from.
            None if formula.codes().iter().any(|c| formula_total(catalog, &totals, c).is_some()) => {
                missing.push(gap(&ind.code, MissingReason::FormulaUndefined))
            }
            None => {}
        }
    }
    totals.extend(computed);
    (totals, missing)
}

/// A total from the units' totals, through formulas that may read other formulas (the
/// catalogue refuses cycles, so the recursion ends).
fn formula_total(catalog: &Catalog, totals: &BTreeMap<String, Total>, code: &str) -> Option<Total> {
    let Some(formula) = catalog.get(code).and_then(|i| i.formula.as_ref()) else {
        return totals.get(code).copied();
    };
    let value = formula.eval(&|c| formula_total(catalog, totals, c).map(|t| t.value))?;
    let approximate = formula.codes().iter().any(|c| formula_total(catalog, totals, c).is_some_and(|t| t.approximate));
    Some(Total { value: tidy(value), approximate })
}

impl Tables {
    /// Years that have facts, ascending.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The district total, or `None` when the indicator has none that year.
    pub fn total(&self, year: i32, code: &str) -> Option<f64> {
        self.totals_by_key.get(&(year, code.to_string())).map(|t| t.value)
    }

    /// Whether the total rests on a figure a unit wrote as an approximation (3500余),
    /// so the report can say 余 too.
    pub fn approximate(&self, year: i32, code: &str) -> bool {
        self.totals_by_key.get(&(year, code.to_string())).is_some_and(|t| t.approximate)
    }

    /// The total against the year before (`year - 1`; an earlier year is not a
    /// substitute), like with like (see [`Change`]). `None` when there is no total this
    /// year.
    pub fn change(&self, year: i32, code: &str) -> Option<Change> {
        let mut current = self.total(year, code)?;
        let mut previous = self.total(year - 1, code);
        let (mut only_previous, mut only_current) = (Vec::new(), Vec::new());
        if previous.is_some() && self.summed.contains(code) {
            let (now, before) = (self.by_unit(year, code), self.by_unit(year - 1, code));
            let names = |values: &[UnitValue], others: &[UnitValue]| -> Vec<String> {
                let mut names: Vec<String> = values
                    .iter()
                    .filter(|v| !others.iter().any(|o| o.unit == v.unit))
                    .map(|v| v.unit.clone())
                    .collect();
                names.sort();
                names
            };
            only_previous = names(before, now);
            only_current = names(now, before);
            if !(only_previous.is_empty() && only_current.is_empty()) {
                let common = |values: &[UnitValue], left_out: &[String]| {
                    tidy(values.iter().filter(|v| !left_out.contains(&v.unit)).map(|v| v.value).sum())
                };
                current = common(now, &only_current);
                // No unit reported both years: there is nothing to compare.
                previous = (only_previous.len() < before.len()).then(|| common(before, &only_previous));
            }
        }
        let delta = previous.map(|p| tidy(current - p));
        let ratio = match (delta, previous) {
            (Some(d), Some(p)) if p != 0.0 => Some(d / p),
            _ => None,
        };
        Some(Change { current, previous, delta, ratio, only_previous, only_current })
    }

    /// Each reporting unit's value, largest first (ties by unit name).
    pub fn by_unit(&self, year: i32, code: &str) -> &[UnitValue] {
        self.unit_values.get(&(year, code.to_string())).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The reported values added up per unit type, for the types that reported, in
    /// [`UnitType::ALL`] order. For an `authoritative` indicator this is the plain sum
    /// of what units wrote, not the district total.
    pub fn by_unit_type(&self, year: i32, code: &str) -> Vec<(UnitType, f64)> {
        let values = self.by_unit(year, code);
        UnitType::ALL
            .into_iter()
            .filter_map(|t| {
                let mut of_type = values.iter().filter(|v| v.unit_type == t).peekable();
                of_type.peek()?;
                Some((t, tidy(of_type.map(|v| v.value).sum())))
            })
            .collect()
    }

    /// Indicators reported in a year that got no total, and why.
    pub fn missing(&self, year: i32) -> impl Iterator<Item = &Missing> {
        self.missing.iter().filter(move |m| m.year == year)
    }
}

fn frame(table: &'static str, columns: Vec<Column>) -> Result<DataFrame, AggregateError> {
    DataFrame::new_infer_height(columns).map_err(|source| AggregateError::Frame { table, source })
}

/// The facts in the `facts` table's row order.
pub fn in_table_order(facts: &[Fact]) -> Vec<&Fact> {
    let mut sorted: Vec<&Fact> = facts.iter().collect();
    sorted.sort_by(|a, b| {
        (a.year, &a.unit, &a.code, &a.file, &a.cell).cmp(&(b.year, &b.unit, &b.code, &b.file, &b.cell))
    });
    sorted
}

fn facts_frame(facts: &[Fact]) -> Result<DataFrame, AggregateError> {
    let sorted = in_table_order(facts);
    let strings = |get: fn(&Fact) -> &str| sorted.iter().map(|f| get(f)).collect::<Vec<&str>>();
    frame(
        "facts",
        vec![
            Column::new("year".into(), sorted.iter().map(|f| f.year).collect::<Vec<i32>>()),
            Column::new("unit".into(), strings(|f| &f.unit)),
            Column::new("unit_type".into(), strings(|f| f.unit_type.label())),
            Column::new("code".into(), strings(|f| &f.code)),
            Column::new("value".into(), sorted.iter().map(|f| f.value).collect::<Vec<f64>>()),
            Column::new("file".into(), strings(|f| &f.file)),
            Column::new("sheet".into(), strings(|f| &f.sheet)),
            Column::new("cell".into(), strings(|f| &f.cell)),
            Column::new("approximate".into(), sorted.iter().map(|f| f.approximate).collect::<Vec<bool>>()),
        ],
    )
}

fn indicators_frame(catalog: &Catalog) -> Result<DataFrame, AggregateError> {
    let inds = catalog.indicators();
    let strings = |get: fn(&crate::catalog::Indicator) -> &str| inds.iter().map(get).collect::<Vec<&str>>();
    let formulas: Vec<Option<String>> = inds.iter().map(|i| i.formula.as_ref().map(|f| f.to_string())).collect();
    frame(
        "indicators",
        vec![
            Column::new("code".into(), strings(|i| &i.code)),
            Column::new("category".into(), strings(|i| &i.category)),
            Column::new("name".into(), strings(|i| &i.name)),
            Column::new("unit".into(), strings(|i| &i.unit)),
            Column::new("aggregate".into(), strings(|i| i.aggregate.as_str())),
            Column::new("kind".into(), strings(|i| kind_str(i.kind))),
            Column::new("integer".into(), inds.iter().map(|i| i.integer).collect::<Vec<bool>>()),
            Column::new("formula".into(), formulas),
        ],
    )
}

fn kind_str(kind: crate::catalog::Kind) -> &'static str {
    match kind {
        crate::catalog::Kind::Flow => "flow",
        crate::catalog::Kind::Stock => "stock",
        crate::catalog::Kind::Derived => "derived",
    }
}

fn totals_frame(
    catalog: &Catalog,
    years: &[i32],
    totals: &BTreeMap<(i32, String), Total>,
) -> Result<DataFrame, AggregateError> {
    // Year, then catalogue order: the order the report reads them in.
    let rows: Vec<(i32, &str, Total)> = years
        .iter()
        .flat_map(|&y| {
            catalog
                .indicators()
                .iter()
                .filter_map(move |i| totals.get(&(y, i.code.clone())).map(|&t| (y, i.code.as_str(), t)))
        })
        .collect();
    frame(
        "totals",
        vec![
            Column::new("year".into(), rows.iter().map(|r| r.0).collect::<Vec<i32>>()),
            Column::new("code".into(), rows.iter().map(|r| r.1).collect::<Vec<&str>>()),
            Column::new("value".into(), rows.iter().map(|r| r.2.value).collect::<Vec<f64>>()),
            Column::new("approximate".into(), rows.iter().map(|r| r.2.approximate).collect::<Vec<bool>>()),
        ],
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use super::*;

    pub(crate) const BUREAU: &str = "区退役军人事务局";

    pub(crate) fn workspace(with_authoritative: bool) -> Workspace {
        let src = format!(
            "region = \"示例区\"\noffice = \"示例区双拥办\"\nyear = 2024\n\
             [[units]]\nname = \"{BUREAU}\"\ntype = \"部门\"\nauthoritative = {with_authoritative}\n\
             [[units]]\nname = \"甲街道\"\ntype = \"街道镇\"\n\
             [[units]]\nname = \"乙镇\"\ntype = \"街道镇\"\n\
             [[units]]\nname = \"某部\"\ntype = \"驻区部队\"\n"
        );
        Workspace::parse(Path::new("ws"), &src).unwrap()
    }

    /// Every unit of `ws` as having returned a clean workbook, except `missing`.
    pub(crate) fn returned_but(ws: &Workspace, missing: &str) -> Vec<crate::validate::Submission> {
        ws.units
            .iter()
            .map(|u| crate::validate::Submission {
                unit: u.name.clone(),
                unit_type: u.unit_type,
                file: (u.name != missing).then(|| format!("{}.xlsx", u.name)),
                errors: 0,
                warnings: 0,
            })
            .collect()
    }

    pub(crate) fn fact(year: i32, unit: &str, code: &str, value: f64) -> Fact {
        let unit_type = match unit {
            BUREAU => UnitType::Department,
            "某部" => UnitType::Troop,
            _ => UnitType::Street,
        };
        Fact::sample(year, unit, unit_type, code, value)
    }

    fn build(facts: &[Fact]) -> Tables {
        tables(&workspace(true), facts).unwrap()
    }

    #[test]
    fn sum_adds_the_reporting_units_and_leaves_unreported_absent() {
        let t = build(&[
            fact(2024, BUREAU, "ZZ01", 1.0),
            fact(2024, "甲街道", "ZZ01", 2.0),
            fact(2024, "乙镇", "ZZ01", 3.0),
            fact(2024, "甲街道", "YF06", 0.1),
            fact(2024, "乙镇", "YF06", 0.2),
        ]);
        assert_eq!(t.total(2024, "ZZ01"), Some(6.0));
        assert_eq!(t.total(2024, "YF06"), Some(0.3));
        assert_eq!(t.total(2024, "ZZ02"), None);
        assert_eq!(t.total(2023, "ZZ01"), None);
        assert_eq!(t.years(), [2024]);
        assert_eq!(t.missing(2024).count(), 0);
    }

    #[test]
    fn reported_zero_is_a_total_of_zero() {
        let t = build(&[fact(2024, "甲街道", "YF09", 0.0)]);
        assert_eq!(t.total(2024, "YF09"), Some(0.0));
    }

    #[test]
    fn authoritative_takes_the_authoritative_units_figure() {
        let t = build(&[
            fact(2024, BUREAU, "YF01", 2152.0),
            fact(2024, "甲街道", "YF01", 1000.0),
            fact(2024, "乙镇", "YF01", 1100.0),
        ]);
        assert_eq!(t.total(2024, "YF01"), Some(2152.0));
    }

    #[test]
    fn authoritative_unit_silent_means_no_total_and_a_stated_gap() {
        let t = build(&[fact(2024, "甲街道", "YF01", 1000.0), fact(2024, "乙镇", "YF01", 1100.0)]);
        assert_eq!(t.total(2024, "YF01"), None);
        let missing: Vec<&Missing> = t.missing(2024).collect();
        assert_eq!(
            missing,
            [&Missing {
                year: 2024,
                code: "YF01".into(),
                reason: MissingReason::AuthoritativeNotReported { unit: BUREAU.into() }
            }]
        );
        assert!(missing[0].reason.to_string().contains(BUREAU));
    }

    #[test]
    fn authoritative_without_an_authoritative_unit_in_the_roster() {
        let t = tables(&workspace(false), &[fact(2024, BUREAU, "YF02", 3500.0)]).unwrap();
        assert_eq!(t.total(2024, "YF02"), None);
        assert_eq!(t.missing(2024).next().unwrap().reason, MissingReason::NoAuthoritativeUnit);
    }

    #[test]
    fn formula_is_computed_from_the_totals() {
        let t = build(&[
            fact(2024, "甲街道", "ZC04", 20.0),
            fact(2024, "乙镇", "ZC04", 25.0),
            fact(2024, "甲街道", "ZC06", 20.0),
            fact(2024, "乙镇", "ZC06", 30.0),
        ]);
        // 45 / 50 * 100 is 90.00000000000001 in binary floating point.
        assert_eq!(t.total(2024, "ZC07"), Some(90.0));
    }

    #[test]
    fn formula_over_a_zero_divisor_or_a_missing_input_has_no_total() {
        let zero = build(&[fact(2024, "甲街道", "ZC04", 5.0), fact(2024, "甲街道", "ZC06", 0.0)]);
        assert_eq!(zero.total(2024, "ZC07"), None);
        assert_eq!(zero.missing(2024).next().unwrap().reason, MissingReason::FormulaUndefined);

        let half = build(&[fact(2024, "甲街道", "SH05", 3.0)]);
        assert_eq!(half.total(2024, "SH06"), None);
        assert_eq!(half.missing(2024).map(|m| m.code.as_str()).collect::<Vec<_>>(), ["SH06"]);

        let none = build(&[fact(2024, "甲街道", "ZZ01", 1.0)]);
        assert_eq!(none.total(2024, "ZC07"), None);
        assert_eq!(none.missing(2024).count(), 0, "nothing to compute from is not a gap");
    }

    #[test]
    fn year_over_year_change() {
        let t = build(&[
            fact(2023, "甲街道", "ZZ01", 4.0),
            fact(2024, "甲街道", "ZZ01", 5.0),
            fact(2023, "甲街道", "ZZ02", 4.0),
            fact(2024, "甲街道", "ZZ02", 3.0),
            fact(2023, "甲街道", "ZZ03", 2.0),
            fact(2024, "甲街道", "ZZ03", 2.0),
            fact(2024, "甲街道", "ZZ04", 7.0),
            fact(2023, "甲街道", "ZZ05", 0.0),
            fact(2024, "甲街道", "ZZ05", 10.0),
        ]);
        let up = t.change(2024, "ZZ01").unwrap();
        let whole = |current, previous: Option<f64>, delta, ratio| Change {
            current,
            previous,
            delta,
            ratio,
            only_previous: vec![],
            only_current: vec![],
        };
        assert_eq!(up, whole(5.0, Some(4.0), Some(1.0), Some(0.25)));
        let down = t.change(2024, "ZZ02").unwrap();
        assert_eq!((down.delta, down.ratio), (Some(-1.0), Some(-0.25)));
        let flat = t.change(2024, "ZZ03").unwrap();
        assert_eq!((flat.delta, flat.ratio), (Some(0.0), Some(0.0)));
        let new = t.change(2024, "ZZ04").unwrap();
        assert_eq!(new, whole(7.0, None, None, None));
        let from_zero = t.change(2024, "ZZ05").unwrap();
        assert_eq!((from_zero.previous, from_zero.delta, from_zero.ratio), (Some(0.0), Some(10.0), None));
        assert_eq!(t.change(2024, "ZZ06"), None);
        assert_eq!(t.years(), [2023, 2024]);
    }

    #[test]
    fn change_compares_the_units_of_both_years_only() {
        let t = build(&[
            fact(2023, "甲街道", "ZZ01", 10.0),
            fact(2023, "乙镇", "ZZ01", 30.0),
            fact(2024, "甲街道", "ZZ01", 12.0),
            fact(2024, "某部", "ZZ01", 1.0),
            fact(2023, BUREAU, "YF01", 100.0),
            fact(2023, "甲街道", "YF01", 10.0),
            fact(2024, BUREAU, "YF01", 90.0),
            fact(2023, "乙镇", "ZZ02", 3.0),
            fact(2024, "甲街道", "ZZ02", 4.0),
        ]);
        let c = t.change(2024, "ZZ01").unwrap();
        assert_eq!((c.current, c.previous, c.ratio), (12.0, Some(10.0), Some(0.2)), "not 13 against 40");
        assert_eq!((c.only_previous, c.only_current), (vec!["乙镇".to_string()], vec!["某部".to_string()]));
        assert!(!t.change(2024, "ZZ01").unwrap().is_whole());
        let authoritative = t.change(2024, "YF01").unwrap();
        assert!(authoritative.is_whole(), "the authoritative figure is the district's either way");
        assert_eq!(authoritative.ratio, Some(-0.1));
        let disjoint = t.change(2024, "ZZ02").unwrap();
        assert_eq!((disjoint.previous, disjoint.ratio), (None, None));
    }

    #[test]
    fn change_compares_with_the_year_just_before_only() {
        let t = build(&[fact(2022, "甲街道", "ZZ01", 4.0), fact(2024, "甲街道", "ZZ01", 5.0)]);
        assert_eq!(t.change(2024, "ZZ01").unwrap().previous, None);
    }

    #[test]
    fn values_by_unit_largest_first_and_by_unit_type() {
        let mut approx = fact(2024, "乙镇", "GF02", 12.0);
        approx.approximate = true;
        let t = build(&[
            fact(2024, BUREAU, "GF02", 3.0),
            fact(2024, "甲街道", "GF02", 12.0),
            approx,
            fact(2024, "某部", "GF02", 20.0),
        ]);
        let units: Vec<(&str, f64, bool)> =
            t.by_unit(2024, "GF02").iter().map(|v| (v.unit.as_str(), v.value, v.approximate)).collect();
        assert_eq!(units, [("某部", 20.0, false), ("乙镇", 12.0, true), ("甲街道", 12.0, false), (BUREAU, 3.0, false)]);
        assert_eq!(
            t.by_unit_type(2024, "GF02"),
            [(UnitType::Department, 3.0), (UnitType::Street, 24.0), (UnitType::Troop, 20.0)]
        );
        assert!(t.by_unit(2024, "GF01").is_empty());
        assert!(t.by_unit_type(2024, "GF01").is_empty());
    }

    #[test]
    fn a_total_resting_on_an_approximation_is_approximate() {
        let approx = |unit, code, value| Fact { approximate: true, ..fact(2024, unit, code, value) };
        let t = build(&[
            approx("甲街道", "ZC04", 20.0),
            fact(2024, "乙镇", "ZC04", 25.0),
            fact(2024, "甲街道", "ZC06", 50.0),
            fact(2024, BUREAU, "YF02", 3500.0),
            approx("甲街道", "YF02", 1000.0),
        ]);
        assert!(t.approximate(2024, "ZC04"));
        assert!(!t.approximate(2024, "ZC06"));
        assert!(t.approximate(2024, "ZC07"), "a rate over an approximate count");
        assert!(!t.approximate(2024, "YF02"), "the authoritative figure was exact");
        assert!(!t.approximate(2024, "ZZ01"));
    }

    #[test]
    fn frames_follow_the_contract_columns() {
        let t = build(&[
            fact(2024, "甲街道", "ZC04", 45.0),
            fact(2024, "甲街道", "ZC06", 50.0),
            fact(2023, "甲街道", "ZC04", 40.0),
        ]);
        let names = |df: &DataFrame| df.get_column_names().iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(names(&t.facts)[..8], ["year", "unit", "unit_type", "code", "value", "file", "sheet", "cell"]);
        assert_eq!(names(&t.indicators)[..5], ["code", "category", "name", "unit", "aggregate"]);
        assert_eq!(names(&t.totals)[..3], ["year", "code", "value"]);
        assert_eq!(t.facts.height(), 3);
        assert_eq!(t.indicators.height(), workspace(true).catalog.indicators().len());
        // 2023: ZC04; 2024: ZC04, ZC06, ZC07 (catalogue order).
        let codes: Vec<String> = (0..t.totals.height())
            .map(|i| t.totals.column("code").unwrap().get(i).unwrap().extract_str().unwrap().to_string())
            .collect();
        assert_eq!(codes, ["ZC04", "ZC04", "ZC06", "ZC07"]);
    }

    #[test]
    fn a_fact_outside_the_catalogue_is_refused_with_its_cell() {
        let err = tables(&workspace(true), &[fact(2024, "甲街道", "XX99", 1.0)]).unwrap_err().to_string();
        assert!(err.contains("XX99") && err.contains("填报表!E5"), "{err}");
    }
}
