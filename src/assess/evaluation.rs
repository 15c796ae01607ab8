//! Evaluation: a rule applied to the cycle figures gives a status and the fraction of
//! its points. Gaps in the data make an item at risk, never a zero.

use std::collections::BTreeSet;

use crate::catalog::{Check, TotalMeaning};
use crate::numfmt::tidy;
use crate::workspace::Unit;

use super::cycle::{Cycle, Figure, Gap};
use super::rules::{Condition, Measure, Op, Rule, Source};
use super::wording::{self, Lacking, RatioFigures};

/// How an item came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Full points.
    Met,
    /// Some of the points (a `linear` or `per_item` rule).
    Partial,
    /// No points, on complete data.
    Unmet,
    /// Not met, but the data has gaps (a year without returns, a blank total): the item
    /// may be met once they are filled. Never scored from the missing figures.
    AtRisk,
    /// A year the rule needs has no returns at all, and the years there are do not
    /// decide it, or its figures break the catalogue's own check (a part above its
    /// whole): not scored until they are filled in or confirmed, and its points are out
    /// of the sum (缺报年度不按0计算).
    Pending,
    /// Decided by documents, not figures.
    NeedsEvidence,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "达标",
            Status::Partial => "部分得分",
            Status::Unmet => "未达标",
            Status::AtRisk => "数据不全",
            Status::Pending => "暂不评分",
            Status::NeedsEvidence => "待佐证材料",
        }
    }
}

/// `议军：达标（0.5分）`, one condition of a per-item rule (in this file, not wording.rs:
/// wording knows no Status, so that the two files do not import each other).
fn condition_text(label: &str, status: Status, earned: f64) -> String {
    match status {
        Status::Pending => format!("{label}：{}", status.label()),
        _ => format!("{label}：{}（{}分）", status.label(), crate::numfmt::points(earned)),
    }
}

/// A veto condition's state, from the finding of what must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Veto {
    /// What must hold holds: the condition is not triggered.
    Clear,
    /// What must hold fails on complete data: the district is disqualified.
    Triggered,
    /// The data has gaps: it cannot be said either way.
    Unknown,
    /// Decided by documents: for the office to confirm.
    Confirm,
}

impl Veto {
    pub fn of(status: Status) -> Veto {
        match status {
            Status::Met => Veto::Clear,
            Status::Partial | Status::Unmet => Veto::Triggered,
            Status::AtRisk | Status::Pending => Veto::Unknown,
            Status::NeedsEvidence => Veto::Confirm,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Veto::Clear => "未触发",
            Veto::Triggered => "已触发",
            Veto::Unknown => "数据不全，待核实",
            Veto::Confirm => "待办公室确认",
        }
    }

    /// The state as the dossier says it of a condition from `source`: a condition the
    /// office set itself is at risk by its own rule, not triggered by the assessors'.
    pub fn said(self, source: Source) -> String {
        match (self, source) {
            (Veto::Triggered, Source::Office) => "存在风险（本办设定）".into(),
            (state, Source::Office) => format!("{}（本办设定）", state.label()),
            (state, Source::Trial) => state.label().into(),
        }
    }
}

/// A rule applied: the fraction of the points it gives and what decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub status: Status,
    /// 0 to 1.
    pub fraction: f64,
    /// The figure against the rule, e.g. `2021—2024年合计为386次，要求不少于100次`.
    pub text: String,
    /// What is missing to reach full points, when not reached.
    pub gap: Option<String>,
    /// Data gaps that bear on the result (数据缺口): years without returns, blanks.
    pub data_gaps: Vec<String>,
    /// Figures to confirm before scoring (待核实): a part above its whole.
    pub checks: Vec<String>,
    /// Gaps that do not change the result (2021、2022年缺报，不影响本项评定): said
    /// without the 数据缺口 label, as no points hang on them.
    pub notes: Vec<String>,
}

impl Finding {
    /// What keeps the result open, for a table cell: the data gaps, then the figures
    /// to check, labelled as such.
    pub fn doubts(&self) -> Vec<String> {
        let checks = self.checks.iter().map(|c| format!("待核实：{c}"));
        self.data_gaps.iter().cloned().chain(checks).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConditionScore<'a> {
    pub condition: &'a Condition,
    pub earned: f64,
    pub finding: Finding,
}

/// Points as printed: two decimals, never `-0`.
pub(super) fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0 + 0.0
}

/// An item decided by documents.
pub(super) fn evidence() -> Finding {
    finding(Status::NeedsEvidence, 0.0, wording::EVIDENCE.into(), None, &[])
}

/// A per-item rule: each condition scored on its own, the sum capped at `points`.
pub(super) fn per_item<'a>(
    conds: &'a [Condition],
    points: f64,
    cycle: &Cycle,
) -> (f64, Finding, Vec<ConditionScore<'a>>) {
    let conditions: Vec<ConditionScore> = conds
        .iter()
        .map(|c| {
            let finding = evaluate(&c.rule, cycle);
            ConditionScore { condition: c, earned: round2(finding.fraction * c.points), finding }
        })
        .collect();
    let earned = round2(conditions.iter().map(|c| c.earned).sum::<f64>().min(points));
    let status = if earned >= points {
        Status::Met
    } else if conditions.iter().any(|c| c.finding.status == Status::Pending) {
        Status::Pending
    } else if conditions.iter().any(|c| c.finding.status == Status::AtRisk) {
        Status::AtRisk
    } else if earned > 0.0 {
        Status::Partial
    } else {
        Status::Unmet
    };
    let text = conditions
        .iter()
        .map(|c| condition_text(&c.condition.label, c.finding.status, c.earned))
        .collect::<Vec<_>>()
        .join("；");
    // The result line names each condition's status: one condition's gap needs no label.
    let short: Vec<&ConditionScore> = conditions.iter().filter(|c| c.finding.gap.is_some()).collect();
    let gaps: Vec<String> = match short.as_slice() {
        [one] => one.finding.gap.iter().cloned().collect(),
        _ => short
            .iter()
            .filter_map(|c| c.finding.gap.as_ref().map(|g| wording::condition_gap(&c.condition.label, g)))
            .collect(),
    };
    let data_gaps = labelled(&conditions, |f| &f.data_gaps);
    // Once the item says what is missing, a condition that the missing years do not
    // change needs no word of its own.
    let notes = match status == Status::Met || data_gaps.is_empty() {
        true => labelled(&conditions, |f| &f.notes),
        false => Vec::new(),
    };
    let finding = Finding {
        status,
        fraction: earned / points,
        text,
        gap: (!gaps.is_empty()).then(|| gaps.join("；")),
        data_gaps,
        checks: labelled(&conditions, |f| &f.checks),
        notes,
    };
    (earned, finding, conditions)
}

/// The conditions' lines of one kind: once when they all say the same (2021、2022年缺报),
/// else each after its condition's label, one line per condition.
fn labelled(conditions: &[ConditionScore], lines: impl Fn(&Finding) -> &Vec<String>) -> Vec<String> {
    let said: Vec<(&str, &Vec<String>)> = conditions
        .iter()
        .map(|c| (c.condition.label.as_str(), lines(&c.finding)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    match said.as_slice() {
        [] => Vec::new(),
        [(_, first), rest @ ..] if rest.iter().all(|(_, l)| l == first) => first.to_vec(),
        _ => said.iter().map(|(label, l)| wording::condition_gap(label, &l.join("，"))).collect(),
    }
}

fn finding(status: Status, fraction: f64, text: String, gap: Option<String>, data_gaps: &[Gap]) -> Finding {
    Finding {
        status,
        fraction,
        text,
        gap,
        data_gaps: data_gaps.iter().map(Gap::to_string).collect(),
        checks: Vec::new(),
        notes: Vec::new(),
    }
}

/// A rule that a year without any return keeps from being decided, unless `met`
/// already: a lower bound on a sum that the years there are meet stays met whatever the
/// missing years add.
fn unscorable(text: String, gaps: &[Gap], met: bool) -> Finding {
    let years: Vec<i32> =
        gaps.iter().filter(|g| g.is_no_returns()).map(Gap::year).collect::<BTreeSet<_>>().into_iter().collect();
    let missing = wording::missing_years(&years, met);
    match met {
        true => Finding {
            status: Status::Met,
            fraction: 1.0,
            notes: vec![missing],
            ..finding(Status::Met, 1.0, text, None, &[])
        },
        false => Finding { data_gaps: vec![missing], ..finding(Status::Pending, 0.0, text, None, &[]) },
    }
}

/// Whether a lower bound on the cycle figure of `code`, met by the years there are, is
/// met whatever the missing years add: a flow's sum only grows.
fn only_grows(code: &str, op: Op, cycle: &Cycle) -> bool {
    matches!(op, Op::AtLeast | Op::Above) && cycle.is_flow(code)
}

/// Met when `holds`; otherwise at risk when the data has gaps, else unmet.
fn decide(holds: bool, text: String, gap: String, gaps: &[Gap]) -> Finding {
    if holds {
        finding(Status::Met, 1.0, text, None, gaps)
    } else if gaps.is_empty() {
        finding(Status::Unmet, 0.0, text, Some(gap), gaps)
    } else {
        finding(Status::AtRisk, 0.0, text, Some(gap), gaps)
    }
}

fn no_figure(code: &str, fig: &Figure, cycle: &Cycle) -> Finding {
    finding(Status::AtRisk, 0.0, wording::no_figure(code, cycle), Some(wording::REPORT_DATA.into()), &fig.gaps)
}

/// A figure rule (not `per_item`, not `evidence`) on the cycle, with the figures it
/// reads that break the catalogue's sums (退役军人服务站 151 ≠ 10 + 113) to check.
pub(super) fn evaluate(rule: &Rule, cycle: &Cycle) -> Finding {
    let mut finding = evaluate_figures(rule, cycle);
    for code in rule.indicators() {
        finding.checks.extend(sum_broken(code, cycle));
    }
    finding
}

/// `code`'s cycle figure against the sum of its parts, where the catalogue says it is one.
fn sum_broken(code: &str, cycle: &Cycle) -> Option<String> {
    let parts = cycle.ws.catalog.checks.iter().find_map(|c| match c {
        Check::SumOf { code: whole, parts } if whole == code => Some(parts),
        _ => None,
    })?;
    let whole = cycle.figure(code).value?;
    let sum: f64 = parts.iter().map(|p| cycle.figure(p).value).sum::<Option<f64>>()?;
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    ((whole - sum).abs() > 1e-6).then(|| wording::sum_differs(code, whole, &parts, tidy(sum), cycle))
}

/// For a stock units may count twice (the firms each unit works with), whose sum is
/// no district count: the one unit with the most, if one has more than every other;
/// none when a single unit reports it.
/// A pair counted by one side (`counted_by`) is counted once already.
pub(super) fn largest_of_overlap<'c>(code: &str, cycle: &Cycle<'c>) -> Option<Option<(&'c str, f64)>> {
    let ind = cycle.ws.catalog.get(code)?;
    if ind.total != TotalMeaning::Overlap || ind.counted_by.is_some() {
        return None;
    }
    let mut figures: Vec<(&str, f64)> =
        cycle.unit_figures(code, None).into_iter().filter_map(|(u, v)| Some((u.name.as_str(), v?))).collect();
    figures.sort_by(|a, b| b.1.total_cmp(&a.1));
    figures.retain(|f| f.1 > 0.0);
    match figures.as_slice() {
        // One unit's figure is its own: nothing counted twice.
        [] | [_] => None,
        [top, next, ..] if top.1 == next.1 => Some(None),
        [top, ..] => Some(Some(*top)),
    }
}

fn evaluate_figures(rule: &Rule, cycle: &Cycle) -> Finding {
    match rule {
        Rule::Threshold { indicator, op, bound } => {
            let bound = &tidy(bound * cycle.window_share(indicator));
            let fig = cycle.figure(indicator);
            let Some(value) = fig.value else { return no_figure(indicator, &fig, cycle) };
            let overlap = largest_of_overlap(indicator, cycle);
            let text = match overlap {
                Some(top) => wording::threshold_overlap(indicator, value, top, *op, *bound, cycle),
                None => wording::threshold(indicator, value, *op, *bound, cycle),
            };
            // Only the sum, which may count one thing twice, meets the bound; the unit with
            // the most does not: the sum is to check, not an item met.
            if let Some(Some((unit, top))) = overlap {
                if op.holds(value, *bound) && !op.holds(top, *bound) {
                    let doubt = wording::overlap_to_check(indicator, unit, cycle);
                    return Finding { checks: vec![doubt], ..finding(Status::Pending, 0.0, text, None, &fig.gaps) };
                }
            }
            if fig.no_returns().next().is_some() {
                let met = only_grows(indicator, *op, cycle) && op.holds(value, *bound);
                return unscorable(text, &fig.gaps, met);
            }
            let gap = wording::short_by(op.gap(value, *bound), indicator, cycle);
            decide(op.holds(value, *bound), text, gap, &fig.gaps)
        }
        Rule::EveryYear { indicators, op, bound } => {
            let mut gaps = Vec::new();
            let mut failures = Vec::new();
            for code in indicators {
                let mut short: Vec<(i32, f64)> = Vec::new();
                for year in cycle.years() {
                    match cycle.year_total(year, code) {
                        Ok(v) if op.holds(v, *bound) => {}
                        Ok(v) => short.push((year, v)),
                        // An indicator nobody filled in is not present that year: the
                        // rule fails on complete data.
                        Err(Gap::NotReported { .. }) => failures.push(wording::year_not_reported(year, code, cycle)),
                        Err(g) => gaps.push(g),
                    }
                }
                if !short.is_empty() {
                    failures.push(wording::year_values(&short, code, cycle));
                }
            }
            let shown = gaps.iter().filter(|g| !g.is_no_returns()).map(Gap::to_string);
            let text = if failures.is_empty() && gaps.iter().all(Gap::is_no_returns) {
                wording::every_year_met(cycle)
            } else {
                failures.iter().cloned().chain(shown).collect::<Vec<_>>().join("；")
            };
            // A year that fails decides an each-year rule, whatever the missing years hold.
            if failures.is_empty() && gaps.iter().any(Gap::is_no_returns) {
                return unscorable(text, &gaps, false);
            }
            let gaps: Vec<Gap> = gaps.into_iter().filter(|g| !g.is_no_returns()).collect();
            if failures.is_empty() && !gaps.is_empty() {
                return finding(Status::AtRisk, 0.0, text, Some(wording::FILL_YEAR_TOTALS.into()), &gaps);
            }
            decide(failures.is_empty(), text, failures.join("；"), &gaps)
        }
        Rule::Linear { indicator, low, high } => {
            let share = cycle.window_share(indicator);
            let (low, high) = (&tidy(low * share), &tidy(high * share));
            let fig = cycle.figure(indicator);
            let Some(value) = fig.value else { return no_figure(indicator, &fig, cycle) };
            let text = wording::linear(indicator, value, *high, cycle);
            if fig.no_returns().next().is_some() {
                return unscorable(text, &fig.gaps, cycle.is_flow(indicator) && value >= *high);
            }
            let fraction = ((value - low) / (high - low)).clamp(0.0, 1.0);
            let gap = (fraction < 1.0).then(|| wording::short_of_full(high - value, indicator, cycle));
            let status = match (fraction, fig.gaps.is_empty()) {
                (f, _) if f >= 1.0 => Status::Met,
                (_, false) => Status::AtRisk,
                (f, true) if f > 0.0 => Status::Partial,
                _ => Status::Unmet,
            };
            finding(status, fraction, text, gap, &fig.gaps)
        }
        Rule::Ratio { numerator, denominator, scale, op, bound, rate, capped } => {
            let (num, den) = (cycle.figure(numerator), cycle.figure(denominator));
            let mut gaps = num.gaps.clone();
            gaps.extend(den.gaps.iter().filter(|g| !num.gaps.contains(g)).cloned());
            gaps.sort_by_key(Gap::year);
            let (Some(n), Some(d)) = (num.value, den.value) else {
                let text = wording::ratio_no_figure(numerator, denominator, cycle);
                return finding(Status::AtRisk, 0.0, text, Some(wording::REPORT_DATA.into()), &gaps);
            };
            if d == 0.0 {
                let text = wording::ratio_zero_denominator(denominator, cycle);
                return finding(Status::AtRisk, 0.0, text, Some(wording::CHECK_DENOMINATOR.into()), &gaps);
            }
            let ratio = tidy(n / d * scale);
            let rate = rate.as_deref();
            let figures =
                RatioFigures { numerator, denominator, n, d, scale: *scale, ratio, op: *op, bound: *bound, rate };
            let text = figures.text(cycle);
            // A rate over 100% of what cannot exceed its whole is a figure to confirm,
            // not an item met.
            let part_of_whole = cycle
                .ws
                .catalog
                .checks
                .iter()
                .any(|c| matches!(c, Check::NotAbove { code, bound } if code == numerator && bound == denominator));
            if part_of_whole && n > d {
                let mut units: Vec<&str> = Vec::new();
                for f in cycle.sources(numerator).into_iter().filter(|f| f.value > 0.0) {
                    if !units.contains(&f.unit.as_str()) {
                        units.push(&f.unit);
                    }
                }
                let doubt = wording::part_above_whole(numerator, n, denominator, d, &units, cycle);
                return Finding { checks: vec![doubt], ..finding(Status::Pending, 0.0, text, None, &[]) };
            }
            let holds = op.holds(ratio, *bound);
            let needed = (matches!(op, Op::AtLeast | Op::Above) && !holds).then(|| {
                let integer = cycle.ws.catalog.get(numerator).is_some_and(|i| i.integer);
                let needed = bound / scale * d - n;
                if integer {
                    (needed - 1e-9).ceil().max(1.0)
                } else {
                    needed
                }
            });
            if gaps.iter().any(Gap::is_no_returns) {
                // The missing years add at most their whole to a part that cannot exceed
                // it: a rate the years there are leave below 100% stays below.
                let short_anyway =
                    (part_of_whole || *capped) && !holds && ratio < *scale && *bound >= *scale && *op == Op::AtLeast;
                if short_anyway {
                    let mut f = unscorable(text, &gaps, false);
                    f.status = Status::Unmet;
                    f.gap = Some(figures.gap(needed, cycle));
                    return f;
                }
                return unscorable(text, &gaps, false);
            }
            decide(holds, text, figures.gap(needed, cycle), &gaps)
        }
        Rule::UnitsReporting { indicator, unit_type, measure, op, bound } => {
            let figures = cycle.unit_figures(indicator, Some(*unit_type));
            let missing: Vec<Gap> = cycle
                .years_needed(indicator)
                .into_iter()
                .filter(|y| cycle.missing_years().any(|m| m == *y))
                .map(|year| Gap::NoReturns { year })
                .collect();
            if figures.is_empty() {
                let text = wording::no_units_of_type(*unit_type);
                return finding(Status::AtRisk, 0.0, text, Some(wording::CHECK_ROSTER.into()), &missing);
            }
            let (with, without): (Vec<_>, Vec<_>) = figures.iter().partition(|(_, v)| v.is_some_and(|v| v > 0.0));
            let count = with.len() as f64;
            let value = match measure {
                Measure::Share => tidy(count / figures.len() as f64 * 100.0),
                Measure::Count => count,
            };
            let text = wording::units_reporting(
                figures.len(),
                with.len(),
                indicator,
                *unit_type,
                *measure,
                value,
                *op,
                *bound,
                cycle,
            );
            if !missing.is_empty() {
                // A unit with a figure in the years there are keeps it in the sum.
                let met = only_grows(indicator, *op, cycle) && op.holds(value, *bound);
                return unscorable(text, &missing, met);
            }
            let lacking: Vec<_> = without.iter().map(|(u, v)| (*u, lacking(u, *v, indicator, cycle))).collect();
            decide(op.holds(value, *bound), text, wording::units_lacking(&lacking), &[])
        }
        Rule::PerItem(_) | Rule::Evidence => unreachable!("the loader allows figure rules only here"),
    }
}

fn lacking(unit: &Unit, value: Option<f64>, code: &str, cycle: &Cycle) -> Lacking {
    if value.is_some() {
        Lacking::Zero
    } else if cycle.years_needed(code).iter().all(|&y| !cycle.returned(y, unit)) {
        Lacking::NotReturned
    } else {
        Lacking::Blank
    }
}
