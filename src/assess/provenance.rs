//! Provenance: the figures, units and cells behind an item, so that every point in the
//! dossier can be traced to the returned workbooks.

use std::collections::BTreeMap;

use crate::catalog::Kind;
use crate::numfmt::tidy;
use crate::validate::Fact;

use super::cycle::Cycle;
use super::rules::Rule;
use super::wording::{measure_of, unit_of};

/// One indicator's figures in the item's table: each cycle year, then the cycle figure.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    pub label: String,
    pub unit: String,
    /// One per cycle year, in order; `None` where the year has no total.
    pub per_year: Vec<Option<f64>>,
    /// How the cycle figure is made: 合计 (a flow's sum), 末年 (a stock's last year),
    /// 重算 (a rate recomputed from the summed parts).
    pub cycle_label: String,
    pub cycle: Option<f64>,
}

/// A unit's share of an item's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub code: String,
    pub unit: String,
    pub value: f64,
    /// The measure word the text counts it by (份 for 喜报, as the result lines).
    pub unit_of_measure: String,
    /// The unit's figure per year, for a yearly level (never summed): empty otherwise.
    pub by_year: Vec<(i32, f64)>,
}

pub(super) fn figure_rows(rule: &Rule, codes: &[&str], cycle: &Cycle) -> Vec<FigureRow> {
    let mut shown: Vec<&str> = Vec::new();
    for code in codes {
        if !shown.contains(code) {
            shown.push(code);
        }
        // A derived indicator is shown with the inputs it is recomputed from.
        if let Some(f) = cycle.ws.catalog.get(code).and_then(|i| i.formula.as_ref()) {
            for c in f.codes() {
                if !shown.contains(&c) {
                    shown.push(c);
                }
            }
        }
    }
    let mut rows: Vec<FigureRow> = shown
        .iter()
        .map(|code| {
            let ind = cycle.ws.catalog.get(code);
            let yearly = ind.is_some_and(|i| i.yearly);
            FigureRow {
                label: ind.map_or(*code, |i| i.name.as_str()).to_string(),
                unit: unit_of(code, cycle),
                per_year: cycle.years().map(|y| cycle.year_total(y, code).ok()).collect(),
                cycle_label: match ind.map(|i| i.kind) {
                    Some(Kind::Stock) => "末年".into(),
                    _ if yearly => "末年".into(),
                    Some(Kind::Derived) => "重算".into(),
                    _ => "合计".into(),
                },
                cycle: match yearly {
                    true => cycle.year_total(cycle.to, code).ok(),
                    false => cycle.figure(code).value,
                },
            }
        })
        .collect();
    let name_of = |code: &str| cycle.ws.catalog.get(code).map_or_else(|| code.to_string(), |i| i.name.clone());
    let mut push_ratio = |numerator: &str, denominator: &str, scale: f64, rate: &Option<String>| {
        let per_year = cycle
            .years()
            .map(|y| match (cycle.year_total(y, numerator), cycle.year_total(y, denominator)) {
                (Ok(n), Ok(d)) if d != 0.0 => Some(tidy(n / d * scale)),
                _ => None,
            })
            .collect();
        let cycle_value = match (cycle.figure(numerator).value, cycle.figure(denominator).value) {
            (Some(n), Some(d)) if d != 0.0 => Some(tidy(n / d * scale)),
            _ => None,
        };
        rows.push(FigureRow {
            // The rate by its name (悬挂率) where the criteria give one.
            label: rate.clone().unwrap_or_else(|| format!("{}÷{}", name_of(numerator), name_of(denominator))),
            unit: if scale == 100.0 { "%".into() } else { String::new() },
            per_year,
            cycle_label: "重算".into(),
            cycle: cycle_value,
        });
    };
    match rule {
        Rule::Ratio { numerator, denominator, scale, rate, .. } => push_ratio(numerator, denominator, *scale, rate),
        Rule::PerItem(conditions) => {
            for c in conditions {
                if let Rule::Ratio { numerator, denominator, scale, rate, .. } = &c.rule {
                    push_ratio(numerator, denominator, *scale, rate);
                }
            }
        }
        _ => {}
    }
    rows
}

/// The reported (not derived) codes behind `codes`, each once, in order.
fn reported_codes<'c>(codes: &[&'c str], cycle: &Cycle<'c>) -> Vec<&'c str> {
    let mut out: Vec<&str> = Vec::new();
    for &code in codes {
        let inputs = match cycle.ws.catalog.get(code).and_then(|i| i.formula.as_ref()) {
            Some(f) => f.codes(),
            None => vec![code],
        };
        for c in inputs {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

pub(super) fn contributors(codes: &[&str], sources: &[&Fact], cycle: &Cycle) -> Vec<Contribution> {
    let mut out = Vec::new();
    for code in reported_codes(codes, cycle) {
        let mut per_unit: BTreeMap<&str, f64> = BTreeMap::new();
        for f in sources.iter().filter(|f| f.code == code) {
            *per_unit.entry(&f.unit).or_insert(0.0) += f.value;
        }
        let mut units: Vec<(&str, f64)> = per_unit.into_iter().filter(|(_, v)| *v > 0.0).collect();
        units.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let yearly = cycle.ws.catalog.get(code).is_some_and(|i| i.yearly);
        out.extend(units.into_iter().map(|(unit, value)| Contribution {
            code: code.to_string(),
            unit: unit.to_string(),
            value: tidy(value),
            unit_of_measure: measure_of(code, cycle),
            by_year: match yearly {
                true => {
                    sources.iter().filter(|f| f.code == code && f.unit == unit).map(|f| (f.year, f.value)).collect()
                }
                false => Vec::new(),
            },
        }));
    }
    out
}

/// Every cell whose figure entered the item's figures.
pub(super) fn sources<'a>(rule: &Rule, codes: &[&str], cycle: &Cycle<'a>) -> Vec<&'a Fact> {
    // A units_reporting rule is about the units of one type: the others' figures did
    // not decide it.
    let of_type = match rule {
        Rule::UnitsReporting { unit_type, .. } => Some(*unit_type),
        _ => None,
    };
    reported_codes(codes, cycle)
        .into_iter()
        .flat_map(|code| cycle.sources(code))
        .filter(|f| of_type.is_none_or(|t| f.unit_type == t))
        .collect()
}

/// `东湖街道.xlsx › 填报表!E12`.
pub fn cell_text(f: &Fact) -> String {
    format!("{} › {}!{}", f.file, f.sheet, f.cell)
}
