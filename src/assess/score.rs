//! Scoring: each item's rule applied to the cycle figures, with the figures, units
//! and cells that decided it.

use std::collections::BTreeMap;

use crate::catalog::Kind;
use crate::numfmt;
use crate::numfmt::tidy;
use crate::validate::Fact;
use crate::workspace::Unit;

use super::cycle::{Cycle, Figure, Gap};
use super::rules::{Condition, Criteria, Item, Measure, Op, Rule, Standard};

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
            Status::NeedsEvidence => "待佐证材料",
        }
    }
}

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
    pub unit_of_measure: String,
}

/// A rule applied: the fraction of the points it gives and what decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub status: Status,
    /// 0 to 1.
    pub fraction: f64,
    /// The figure against the rule, e.g. `周期合计 386次，要求 ≥ 100次`.
    pub text: String,
    /// What is missing to reach full points, when not reached.
    pub gap: Option<String>,
    /// Data gaps that bear on the result.
    pub data_gaps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConditionScore<'a> {
    pub condition: &'a Condition,
    pub earned: f64,
    pub finding: Finding,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemScore<'a> {
    pub item: &'a Item,
    pub earned: f64,
    pub status: Status,
    /// The rule in words.
    pub rule_text: String,
    pub finding: Finding,
    pub conditions: Vec<ConditionScore<'a>>,
    pub rows: Vec<FigureRow>,
    /// Units whose figures are above 0, largest first within each indicator.
    pub contributors: Vec<Contribution>,
    /// Every cell whose figure entered the item's figures.
    pub sources: Vec<&'a Fact>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StandardScore<'a> {
    pub standard: &'a Standard,
    pub items: Vec<ItemScore<'a>>,
}

impl StandardScore<'_> {
    pub fn earned(&self) -> f64 {
        round2(self.items.iter().map(|i| i.earned).sum())
    }

    /// Points decided by documents rather than figures.
    pub fn evidence_points(&self) -> f64 {
        self.items.iter().filter(|i| i.status == Status::NeedsEvidence).map(|i| i.item.points).sum()
    }

    pub fn count(&self, status: Status) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }
}

/// The roster units that returned a workbook for a year, and those that did not.
#[derive(Debug, Clone, PartialEq)]
pub struct YearReturns {
    pub year: i32,
    pub returned: usize,
    pub roster: usize,
    /// Roster names, in roster order.
    pub not_returned: Vec<String>,
}

/// The whole scoring table over a cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment<'a> {
    pub region: String,
    pub office: String,
    pub from: i32,
    pub to: i32,
    /// Cycle years without any return.
    pub missing_years: Vec<i32>,
    /// Who returned a workbook, per cycle year.
    pub returns: Vec<YearReturns>,
    pub standards: Vec<StandardScore<'a>>,
}

impl<'a> Assessment<'a> {
    pub fn years(&self) -> Vec<i32> {
        (self.from..=self.to).collect()
    }

    pub fn points(&self) -> f64 {
        self.standards.iter().map(|s| s.standard.points).sum()
    }

    pub fn earned(&self) -> f64 {
        round2(self.standards.iter().map(StandardScore::earned).sum())
    }

    pub fn evidence_points(&self) -> f64 {
        self.standards.iter().map(StandardScore::evidence_points).sum()
    }

    pub fn items(&self) -> impl Iterator<Item = &ItemScore<'a>> {
        self.standards.iter().flat_map(|s| &s.items)
    }

    /// The item numbered `number` (`1.2`).
    pub fn item(&self, number: &str) -> Option<&ItemScore<'a>> {
        self.items().find(|i| i.item.number == number)
    }
}

/// Scores every item of `criteria` on the cycle's figures.
pub fn assess<'a>(criteria: &'a Criteria, cycle: &Cycle<'a>) -> Assessment<'a> {
    let standards = criteria
        .standards
        .iter()
        .map(|standard| StandardScore {
            standard,
            items: standard.items.iter().map(|item| score_item(item, cycle)).collect(),
        })
        .collect();
    Assessment {
        region: cycle.ws.region.clone(),
        office: cycle.ws.office.clone(),
        from: cycle.from,
        to: cycle.to,
        missing_years: cycle.missing_years().collect(),
        returns: cycle
            .years()
            .map(|year| {
                let not_returned: Vec<String> =
                    cycle.ws.units.iter().filter(|u| !cycle.returned(year, u)).map(|u| u.name.clone()).collect();
                YearReturns {
                    year,
                    returned: cycle.ws.units.len() - not_returned.len(),
                    roster: cycle.ws.units.len(),
                    not_returned,
                }
            })
            .collect(),
        standards,
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0 + 0.0
}

fn score_item<'a>(item: &'a Item, cycle: &Cycle<'a>) -> ItemScore<'a> {
    let rule_text = match (&item.criterion, &item.rule) {
        (Some(c), _) => c.clone(),
        (None, rule) => describe(rule, item.points, cycle),
    };
    let (earned, finding, conditions) = match &item.rule {
        Rule::Evidence => {
            let finding = Finding {
                status: Status::NeedsEvidence,
                fraction: 0.0,
                text: "依佐证材料评分，统计数据不能判定".into(),
                gap: None,
                data_gaps: Vec::new(),
            };
            (0.0, finding, Vec::new())
        }
        Rule::PerItem(conds) => {
            let conditions: Vec<ConditionScore> = conds
                .iter()
                .map(|c| {
                    let finding = evaluate(&c.rule, cycle);
                    ConditionScore { condition: c, earned: round2(finding.fraction * c.points), finding }
                })
                .collect();
            let earned = round2(conditions.iter().map(|c| c.earned).sum::<f64>().min(item.points));
            let status = if earned >= item.points {
                Status::Met
            } else if conditions.iter().any(|c| c.finding.status == Status::AtRisk) {
                Status::AtRisk
            } else if earned > 0.0 {
                Status::Partial
            } else {
                Status::Unmet
            };
            let text = conditions
                .iter()
                .map(|c| {
                    format!("{}：{}（{}分）", c.condition.label, c.finding.status.label(), numfmt::points(c.earned))
                })
                .collect::<Vec<_>>()
                .join("；");
            let gaps: Vec<String> = conditions
                .iter()
                .filter_map(|c| c.finding.gap.as_ref().map(|g| format!("{}：{g}", c.condition.label)))
                .collect();
            let mut data_gaps: Vec<String> = Vec::new();
            for g in conditions.iter().flat_map(|c| &c.finding.data_gaps) {
                if !data_gaps.contains(g) {
                    data_gaps.push(g.clone());
                }
            }
            let finding = Finding {
                status,
                fraction: earned / item.points,
                text,
                gap: (!gaps.is_empty()).then(|| gaps.join("；")),
                data_gaps,
            };
            (earned, finding, conditions)
        }
        rule => {
            let finding = evaluate(rule, cycle);
            (round2(finding.fraction * item.points), finding, Vec::new())
        }
    };
    let codes = item.rule.indicators();
    // A units_reporting rule is about the units of one type: the others' figures did
    // not decide it.
    let of_type = match &item.rule {
        Rule::UnitsReporting { unit_type, .. } => Some(*unit_type),
        _ => None,
    };
    let sources: Vec<&Fact> =
        sources(&codes, cycle).into_iter().filter(|f| of_type.is_none_or(|t| f.unit_type == t)).collect();
    ItemScore {
        item,
        earned,
        status: finding.status,
        rule_text,
        rows: figure_rows(&item.rule, &codes, cycle),
        contributors: contributors(&codes, &sources, cycle),
        sources,
        finding,
        conditions,
    }
}

fn name(code: &str, cycle: &Cycle) -> String {
    match cycle.ws.catalog.get(code) {
        Some(i) => format!("“{}”（{code}）", i.name),
        None => code.to_string(),
    }
}

fn unit_of(code: &str, cycle: &Cycle) -> String {
    cycle.ws.catalog.get(code).map(|i| i.unit.clone()).unwrap_or_default()
}

/// `386次`, `95.6%`.
fn amount(v: f64, code: &str, cycle: &Cycle) -> String {
    format!("{}{}", numfmt::points(v), unit_of(code, cycle))
}

/// How the cycle figure of `code` is made, in words.
fn folding(code: &str, cycle: &Cycle) -> String {
    match cycle.ws.catalog.get(code).map(|i| i.kind) {
        Some(Kind::Stock) => format!("{}年末数", cycle.to),
        Some(Kind::Derived) => format!("{}—{}年合计数计算", cycle.from, cycle.to),
        _ => format!("{}—{}年合计", cycle.from, cycle.to),
    }
}

fn describe(rule: &Rule, points: f64, cycle: &Cycle) -> String {
    let years = format!("{}—{}年", cycle.from, cycle.to);
    match rule {
        Rule::Threshold { indicator, op, bound } => format!(
            "{}按{} {} {}，得{}分；否则不得分",
            name(indicator, cycle),
            folding(indicator, cycle),
            op.symbol(),
            amount(*bound, indicator, cycle),
            numfmt::points(points)
        ),
        Rule::EveryYear { indicators, op, bound } => {
            let names = indicators.iter().map(|c| name(c, cycle)).collect::<Vec<_>>().join("、");
            let test = if *op == Op::Above && *bound == 0.0 {
                "均有填报且大于0".to_string()
            } else {
                format!("均 {} {}", op.symbol(), amount(*bound, &indicators[0], cycle))
            };
            format!("{years}每年{names}{test}，得{}分；有一年不满足即不得分", numfmt::points(points))
        }
        Rule::Linear { indicator, low, high } => format!(
            "{}按{}计：{}及以下不得分，达到{}得{}分，其间按比例得分",
            name(indicator, cycle),
            folding(indicator, cycle),
            amount(*low, indicator, cycle),
            amount(*high, indicator, cycle),
            numfmt::points(points)
        ),
        Rule::Ratio { numerator, denominator, scale, op, bound } => format!(
            "{}合计 ÷ {}合计{} {} {}{}，得{}分；以{years}合计数重新计算，不取各年比率的平均",
            name(numerator, cycle),
            name(denominator, cycle),
            if *scale == 100.0 { " × 100%".to_string() } else { format!(" × {}", numfmt::points(*scale)) },
            op.symbol(),
            numfmt::points(*bound),
            if *scale == 100.0 { "%" } else { "" },
            numfmt::points(points)
        ),
        Rule::UnitsReporting { indicator, unit_type, measure, op, bound } => {
            let measured = match measure {
                Measure::Share => format!("占全部{unit_type}的比例 {} {}%", op.symbol(), numfmt::points(*bound)),
                Measure::Count => format!("个数 {} {}", op.symbol(), numfmt::points(*bound)),
            };
            format!(
                "{unit_type}中{}（{}）大于0的单位{measured}，得{}分；否则不得分",
                name(indicator, cycle),
                folding(indicator, cycle),
                numfmt::points(points)
            )
        }
        Rule::PerItem(conditions) => {
            let parts = conditions
                .iter()
                .map(|c| format!("{}{}分（{}）", c.label, numfmt::points(c.points), describe(&c.rule, c.points, cycle)))
                .collect::<Vec<_>>()
                .join("；");
            format!("分项计分，最高{}分：{parts}", numfmt::points(points))
        }
        Rule::Evidence => "依佐证材料评分".into(),
    }
}

fn finding(status: Status, fraction: f64, text: String, gap: Option<String>, data_gaps: &[Gap]) -> Finding {
    Finding { status, fraction, text, gap, data_gaps: data_gaps.iter().map(Gap::to_string).collect() }
}

/// A rule that cannot be decided because a year it needs has no returns at all.
fn unscorable(text: String, gaps: &[Gap]) -> Finding {
    let no_returns: Vec<Gap> = gaps.iter().filter(|g| g.is_no_returns()).cloned().collect();
    finding(Status::AtRisk, 0.0, text, Some("补齐缺报年度的统计表后才能评分".into()), &no_returns)
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
    let text = format!("{}在{}—{}年没有可用数字", name(code, cycle), cycle.from, cycle.to);
    finding(Status::AtRisk, 0.0, text, Some("需补报数据".into()), &fig.gaps)
}

fn evaluate(rule: &Rule, cycle: &Cycle) -> Finding {
    match rule {
        Rule::Threshold { indicator, op, bound } => {
            let fig = cycle.figure(indicator);
            let Some(value) = fig.value else { return no_figure(indicator, &fig, cycle) };
            let text = format!(
                "{}为{}，要求 {} {}",
                folding(indicator, cycle),
                amount(value, indicator, cycle),
                op.symbol(),
                amount(*bound, indicator, cycle)
            );
            if fig.no_returns().next().is_some() {
                return unscorable(text, &fig.gaps);
            }
            let gap = format!("差{}", amount(op.gap(value, *bound), indicator, cycle));
            decide(op.holds(value, *bound), text, gap, &fig.gaps)
        }
        Rule::EveryYear { indicators, op, bound } => {
            let mut gaps = Vec::new();
            let mut failures = Vec::new();
            for code in indicators {
                for year in cycle.years() {
                    match cycle.year_total(year, code) {
                        Ok(v) if op.holds(v, *bound) => {}
                        Ok(v) => failures.push(format!("{year}年 {code} 为{}", amount(v, code, cycle))),
                        // An indicator nobody filled in is not present that year: the
                        // rule fails on complete data.
                        Err(Gap::NotReported { .. }) => failures.push(format!("{year}年 {code} 无单位填报")),
                        Err(g) => gaps.push(g),
                    }
                }
            }
            let text = if failures.is_empty() && gaps.is_empty() {
                format!("{}—{}年每年均满足", cycle.from, cycle.to)
            } else {
                failures.iter().cloned().chain(gaps.iter().map(Gap::to_string)).collect::<Vec<_>>().join("；")
            };
            if gaps.iter().any(Gap::is_no_returns) {
                return unscorable(text, &gaps);
            }
            let gap = failures.join("；");
            if failures.is_empty() && !gaps.is_empty() {
                return finding(Status::AtRisk, 0.0, text, Some("需补齐缺失年度的合计数".into()), &gaps);
            }
            decide(failures.is_empty(), text, gap, &gaps)
        }
        Rule::Linear { indicator, low, high } => {
            let fig = cycle.figure(indicator);
            let Some(value) = fig.value else { return no_figure(indicator, &fig, cycle) };
            let text = format!(
                "{}为{}（{}得0分，{}得满分）",
                folding(indicator, cycle),
                amount(value, indicator, cycle),
                amount(*low, indicator, cycle),
                amount(*high, indicator, cycle)
            );
            if fig.no_returns().next().is_some() {
                return unscorable(text, &fig.gaps);
            }
            let fraction = ((value - low) / (high - low)).clamp(0.0, 1.0);
            let gap = (fraction < 1.0).then(|| format!("距满分差{}", amount(high - value, indicator, cycle)));
            let status = match (fraction, fig.gaps.is_empty()) {
                (f, _) if f >= 1.0 => Status::Met,
                (_, false) => Status::AtRisk,
                (f, true) if f > 0.0 => Status::Partial,
                _ => Status::Unmet,
            };
            finding(status, fraction, text, gap, &fig.gaps)
        }
        Rule::Ratio { numerator, denominator, scale, op, bound } => {
            let (num, den) = (cycle.figure(numerator), cycle.figure(denominator));
            let mut gaps = num.gaps.clone();
            gaps.extend(den.gaps.iter().filter(|g| !num.gaps.contains(g)).cloned());
            gaps.sort_by_key(Gap::year);
            let unit = if *scale == 100.0 { "%" } else { "" };
            let (Some(n), Some(d)) = (num.value, den.value) else {
                let text = format!("{}或{}在周期内没有可用数字", name(numerator, cycle), name(denominator, cycle));
                return finding(Status::AtRisk, 0.0, text, Some("需补报数据".into()), &gaps);
            };
            if d == 0.0 {
                let text = format!("{}周期合计为0，比率无法计算", name(denominator, cycle));
                return finding(Status::AtRisk, 0.0, text, Some("需核实分母数据".into()), &gaps);
            }
            let ratio = tidy(n / d * scale);
            let text = format!(
                "{}—{}年合计 {} ÷ {} = {}{unit}，要求 {} {}{unit}",
                cycle.from,
                cycle.to,
                amount(n, numerator, cycle),
                amount(d, denominator, cycle),
                numfmt::points(ratio),
                op.symbol(),
                numfmt::points(*bound)
            );
            if gaps.iter().any(Gap::is_no_returns) {
                return unscorable(text, &gaps);
            }
            let points = if *scale == 100.0 { "个百分点" } else { "" };
            let mut gap = format!("差{}{points}", numfmt::points(op.gap(ratio, *bound)));
            // What it takes in the numerator's own terms: 还需完成5人.
            if matches!(op, Op::AtLeast | Op::Above) && !op.holds(ratio, *bound) {
                let integer = cycle.ws.catalog.get(numerator).is_some_and(|i| i.integer);
                let needed = bound / scale * d - n;
                let needed = if integer { (needed - 1e-9).ceil().max(1.0) } else { needed };
                gap.push_str(&format!("，按周期合计还需{}", amount(needed, numerator, cycle)));
            }
            decide(op.holds(ratio, *bound), text, gap, &gaps)
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
                let text = format!("成员单位名单中没有{unit_type}");
                return finding(Status::AtRisk, 0.0, text, Some("请核对成员单位名单".into()), &missing);
            }
            let (with, without): (Vec<_>, Vec<_>) = figures.iter().partition(|(_, v)| v.is_some_and(|v| v > 0.0));
            let count = with.len() as f64;
            let value = match measure {
                Measure::Share => tidy(count / figures.len() as f64 * 100.0),
                Measure::Count => count,
            };
            let shown = match measure {
                Measure::Share => format!("{}%", numfmt::points(value)),
                Measure::Count => format!("{}个", numfmt::points(value)),
            };
            let text = format!(
                "{}个{unit_type}中{}个{}大于0，{}为{shown}，要求 {} {}{}",
                figures.len(),
                with.len(),
                indicator,
                if *measure == Measure::Share { "占比" } else { "单位数" },
                op.symbol(),
                numfmt::points(*bound),
                if *measure == Measure::Share { "%" } else { "个" }
            );
            if !missing.is_empty() {
                return unscorable(text, &missing);
            }
            let lacking = without.iter().map(|(u, v)| lacking_unit(u, *v, indicator, cycle)).collect::<Vec<_>>();
            let gap = format!("未达到的单位：{}", lacking.join("、"));
            decide(op.holds(value, *bound), text, gap, &[])
        }
        Rule::PerItem(_) | Rule::Evidence => unreachable!("the loader allows figure rules only here"),
    }
}

/// `东湖街道（未报送）`, `西城街道（为0）`, `南山街道（未填报）`.
fn lacking_unit(unit: &Unit, value: Option<f64>, code: &str, cycle: &Cycle) -> String {
    let years = cycle.years_needed(code);
    let why = if value.is_some() {
        "为0"
    } else if years.iter().all(|&y| !cycle.returned(y, unit)) {
        "未报送"
    } else {
        "未填报"
    };
    format!("{}（{why}）", unit.name)
}

fn figure_rows(rule: &Rule, codes: &[&str], cycle: &Cycle) -> Vec<FigureRow> {
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
            FigureRow {
                label: format!("{}（{code}）", ind.map(|i| i.name.as_str()).unwrap_or(code)),
                unit: unit_of(code, cycle),
                per_year: cycle.years().map(|y| cycle.year_total(y, code).ok()).collect(),
                cycle_label: match ind.map(|i| i.kind) {
                    Some(Kind::Stock) => "末年".into(),
                    Some(Kind::Derived) => "重算".into(),
                    _ => "合计".into(),
                },
                cycle: cycle.figure(code).value,
            }
        })
        .collect();
    let mut push_ratio = |numerator: &str, denominator: &str, scale: f64| {
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
            label: format!("{numerator} ÷ {denominator}"),
            unit: if scale == 100.0 { "%".into() } else { String::new() },
            per_year,
            cycle_label: "重算".into(),
            cycle: cycle_value,
        });
    };
    match rule {
        Rule::Ratio { numerator, denominator, scale, .. } => push_ratio(numerator, denominator, *scale),
        Rule::PerItem(conditions) => {
            for c in conditions {
                if let Rule::Ratio { numerator, denominator, scale, .. } = &c.rule {
                    push_ratio(numerator, denominator, *scale);
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

fn contributors(codes: &[&str], sources: &[&Fact], cycle: &Cycle) -> Vec<Contribution> {
    let mut out = Vec::new();
    for code in reported_codes(codes, cycle) {
        let mut per_unit: BTreeMap<&str, f64> = BTreeMap::new();
        for f in sources.iter().filter(|f| f.code == code) {
            *per_unit.entry(&f.unit).or_insert(0.0) += f.value;
        }
        let mut units: Vec<(&str, f64)> = per_unit.into_iter().filter(|(_, v)| *v > 0.0).collect();
        units.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        out.extend(units.into_iter().map(|(unit, value)| Contribution {
            code: code.to_string(),
            unit: unit.to_string(),
            value: tidy(value),
            unit_of_measure: unit_of(code, cycle),
        }));
    }
    out
}

fn sources<'a>(codes: &[&str], cycle: &Cycle<'a>) -> Vec<&'a Fact> {
    let mut out: Vec<&'a Fact> = Vec::new();
    for code in reported_codes(codes, cycle) {
        out.extend(cycle.sources(code));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;
    use crate::aggregate::{tables, Tables};
    use crate::assess::rules::Source;
    use crate::validate::Submission;
    use crate::workspace::{UnitType, Workspace};

    const ROSTER: &str = "region = \"示例区\"\noffice = \"示例区双拥办\"\nyear = 2024\n\
        [[units]]\nname = \"区退役军人事务局\"\ntype = \"部门\"\nauthoritative = true\n\
        [[units]]\nname = \"东湖街道\"\ntype = \"街道镇\"\n\
        [[units]]\nname = \"西城街道\"\ntype = \"街道镇\"\n\
        [[units]]\nname = \"某部\"\ntype = \"驻区部队\"\n";

    /// A small district: its roster, facts and the years its units returned.
    struct District {
        ws: Workspace,
        facts: Vec<Fact>,
        tables: Tables,
        submissions: BTreeMap<i32, Vec<Submission>>,
    }

    fn fact(year: i32, unit: &str, code: &str, value: f64) -> Fact {
        let unit_type = match unit {
            "区退役军人事务局" => UnitType::Department,
            "某部" => UnitType::Troop,
            _ => UnitType::Street,
        };
        Fact {
            year,
            unit: unit.into(),
            unit_type,
            code: code.into(),
            value,
            approximate: false,
            file: format!("{unit}{year}.xlsx"),
            sheet: "填报表".into(),
            cell: format!("E{}", 5 + code[2..].parse::<u32>().unwrap_or(0)),
        }
    }

    /// Every roster unit returned a workbook in `returned` years (facts or not).
    fn district(facts: Vec<Fact>, returned: &[i32]) -> District {
        let ws = Workspace::parse(Path::new("ws"), ROSTER).unwrap();
        let tables = tables(&ws, &facts).unwrap();
        let submissions = returned
            .iter()
            .map(|&y| {
                let subs = ws
                    .units
                    .iter()
                    .map(|u| Submission {
                        unit: u.name.clone(),
                        unit_type: u.unit_type,
                        file: Some(format!("{}{y}.xlsx", u.name)),
                        errors: 0,
                        warnings: 0,
                    })
                    .collect();
                (y, subs)
            })
            .collect();
        District { ws, facts, tables, submissions }
    }

    const ALL: [i32; 4] = [2021, 2022, 2023, 2024];

    fn item(rule: Rule, points: f64) -> Item {
        Item {
            number: "1.1".into(),
            content: "测试项".into(),
            points,
            source: Source::Office,
            rule,
            criterion: None,
            documents: Vec::new(),
        }
    }

    /// Scores `rule` worth `points` over 2021–2024; returns (earned, status, finding text, gap).
    fn score(d: &District, rule: Rule, points: f64) -> (f64, Status, String, Option<String>) {
        let cycle = Cycle::new(&d.ws, &d.tables, &d.facts, &d.submissions, 2021, 2024);
        let it = item(rule, points);
        let s = score_item(&it, &cycle);
        (s.earned, s.status, s.finding.text.clone(), s.finding.gap.clone())
    }

    fn threshold(code: &str, op: Op, bound: f64) -> Rule {
        Rule::Threshold { indicator: code.into(), op, bound }
    }

    #[test]
    fn threshold_on_a_flow_adds_the_years_and_meets_exactly_at_the_bound() {
        let facts = ALL.iter().map(|&y| fact(y, "东湖街道", "ZC01", 5.0)).collect();
        let d = district(facts, &ALL);
        let (earned, status, text, _) = score(&d, threshold("ZC01", Op::AtLeast, 20.0), 1.0);
        assert_eq!((earned, status), (1.0, Status::Met), "{text}");
        assert!(text.contains("20件"), "{text}");
        let (earned, status, _, gap) = score(&d, threshold("ZC01", Op::AtLeast, 21.0), 1.0);
        assert_eq!((earned, status), (0.0, Status::Unmet));
        assert_eq!(gap.as_deref(), Some("差1件"));
        let (_, status, ..) = score(&d, threshold("ZC01", Op::Above, 20.0), 1.0);
        assert_eq!(status, Status::Unmet);
    }

    #[test]
    fn threshold_on_a_stock_takes_the_last_year_never_the_sum() {
        let facts = ALL.iter().map(|&y| fact(y, "东湖街道", "GF01", 3.0)).collect();
        let d = district(facts, &ALL);
        let (earned, status, text, _) = score(&d, threshold("GF01", Op::AtLeast, 3.0), 1.0);
        assert_eq!((earned, status), (1.0, Status::Met));
        assert!(text.contains("2024年末数为3个"), "{text}");
        let (_, status, ..) = score(&d, threshold("GF01", Op::AtLeast, 4.0), 1.0);
        assert_eq!(status, Status::Unmet);
    }

    #[test]
    fn a_year_without_returns_is_never_zero() {
        // 2022: no unit returned anything.
        let years = [2021, 2023, 2024];
        let mut facts: Vec<Fact> = years.iter().map(|&y| fact(y, "东湖街道", "ZC01", 10.0)).collect();
        facts.extend(years.iter().map(|&y| fact(y, "东湖街道", "GF01", 5.0)));
        let d = district(facts, &years);
        // The flow needs every year: unscorable even though the other years exceed the bound.
        let cycle = Cycle::new(&d.ws, &d.tables, &d.facts, &d.submissions, 2021, 2024);
        let it = item(threshold("ZC01", Op::AtLeast, 20.0), 1.0);
        let s = score_item(&it, &cycle);
        assert_eq!((s.earned, s.status), (0.0, Status::AtRisk));
        assert_eq!(s.finding.data_gaps, ["2022年没有任何单位报送统计表"]);
        assert_eq!(s.rows[0].per_year, [Some(10.0), None, Some(10.0), Some(10.0)]);
        // The stock needs only the last year.
        let (earned, status, ..) = score(&d, threshold("GF01", Op::AtLeast, 5.0), 1.0);
        assert_eq!((earned, status), (1.0, Status::Met));
        // Every year: at risk, not failed.
        let rule = Rule::EveryYear { indicators: vec!["ZC01".into()], op: Op::Above, bound: 0.0 };
        let (earned, status, text, _) = score(&d, rule, 1.0);
        assert_eq!((earned, status), (0.0, Status::AtRisk), "{text}");
    }

    #[test]
    fn every_year_fails_on_a_zero_or_a_blank_year() {
        let mut facts: Vec<Fact> = ALL.iter().map(|&y| fact(y, "区退役军人事务局", "ZZ01", 1.0)).collect();
        let rule = || Rule::EveryYear { indicators: vec!["ZZ01".into()], op: Op::AtLeast, bound: 1.0 };
        let d = district(facts.clone(), &ALL);
        assert_eq!(score(&d, rule(), 0.5).0, 0.5);
        facts[1].value = 0.0;
        let (earned, status, _, gap) = score(&district(facts.clone(), &ALL), rule(), 0.5);
        assert_eq!((earned, status), (0.0, Status::Unmet));
        assert_eq!(gap.as_deref(), Some("2022年 ZZ01 为0次"));
        facts.remove(1);
        let (_, status, _, gap) = score(&district(facts, &ALL), rule(), 0.5);
        assert_eq!(status, Status::Unmet);
        assert_eq!(gap.as_deref(), Some("2022年 ZZ01 无单位填报"));
    }

    #[test]
    fn linear_scores_between_low_and_high() {
        let rule = || Rule::Linear { indicator: "GF04".into(), low: 0.0, high: 200.0 };
        for (per_year, expected, status) in [
            (0.0, 0.0, Status::Unmet),
            (25.0, 0.5, Status::Partial),
            (50.0, 1.0, Status::Met),
            (80.0, 1.0, Status::Met),
        ] {
            let facts = ALL.iter().map(|&y| fact(y, "东湖街道", "GF04", per_year)).collect();
            let (earned, s, ..) = score(&district(facts, &ALL), rule(), 1.0);
            assert_eq!((earned, s), (expected, status), "{per_year} a year");
        }
    }

    #[test]
    fn ratio_is_recomputed_from_the_sums_never_averaged() {
        // 2021: 1 of 1 (100%); 2022: 80 of 100 (80%). The average of the rates is 90%,
        // the rate of the sums 81 / 101 = 80.2%.
        let facts = vec![
            fact(2021, "东湖街道", "ZC04", 1.0),
            fact(2021, "东湖街道", "ZC06", 1.0),
            fact(2022, "东湖街道", "ZC04", 80.0),
            fact(2022, "东湖街道", "ZC06", 100.0),
            fact(2023, "东湖街道", "ZC04", 0.0),
            fact(2023, "东湖街道", "ZC06", 0.0),
            fact(2024, "东湖街道", "ZC04", 0.0),
            fact(2024, "东湖街道", "ZC06", 0.0),
        ];
        let d = district(facts, &ALL);
        let rule = Rule::Ratio {
            numerator: "ZC04".into(),
            denominator: "ZC06".into(),
            scale: 100.0,
            op: Op::AtLeast,
            bound: 90.0,
        };
        let (earned, status, text, gap) = score(&d, rule, 1.5);
        assert_eq!((earned, status), (0.0, Status::Unmet), "{text}");
        assert!(text.contains("81人 ÷ 101人 = 80.2%"), "{text}");
        assert_eq!(gap.as_deref(), Some("差9.8个百分点，按周期合计还需10人"));
        // The derived indicator is recomputed from the folded inputs in the same way.
        let (_, _, text, _) = score(&d, threshold("ZC07", Op::AtLeast, 90.0), 1.0);
        assert!(text.contains("80.2%"), "{text}");
    }

    #[test]
    fn ratio_exactly_at_the_bound_is_met() {
        let facts = vec![
            fact(2021, "东湖街道", "SH04", 20.0),
            fact(2021, "东湖街道", "SH05", 18.0),
            fact(2022, "西城街道", "SH04", 30.0),
            fact(2022, "西城街道", "SH05", 27.0),
            fact(2023, "东湖街道", "SH04", 0.0),
            fact(2024, "东湖街道", "SH04", 0.0),
        ];
        let d = district(facts, &ALL);
        let rule = Rule::Ratio {
            numerator: "SH05".into(),
            denominator: "SH04".into(),
            scale: 100.0,
            op: Op::AtLeast,
            bound: 90.0,
        };
        let (earned, status, text, _) = score(&d, rule, 1.5);
        assert_eq!((earned, status), (1.5, Status::Met), "{text}");
    }

    #[test]
    fn units_reporting_names_the_units_that_lack() {
        let rule = || Rule::UnitsReporting {
            indicator: "TY03".into(),
            unit_type: UnitType::Street,
            measure: Measure::Share,
            op: Op::AtLeast,
            bound: 100.0,
        };
        let both = vec![
            fact(2024, "东湖街道", "TY03", 1.0),
            fact(2024, "西城街道", "TY03", 2.0),
            fact(2021, "某部", "AM01", 1.0),
        ];
        let (earned, status, ..) = score(&district(both, &ALL), rule(), 1.0);
        assert_eq!((earned, status), (1.0, Status::Met));
        let one = vec![fact(2024, "东湖街道", "TY03", 1.0), fact(2023, "西城街道", "TY03", 1.0)];
        let (earned, status, text, gap) = score(&district(one, &ALL), rule(), 1.0);
        assert_eq!((earned, status), (0.0, Status::Unmet));
        assert!(text.contains("2个街道镇中1个TY03大于0，占比为50%"), "{text}");
        assert_eq!(gap.as_deref(), Some("未达到的单位：西城街道（未填报）"));
    }

    #[test]
    fn per_item_adds_the_conditions_met() {
        let facts = ALL.iter().map(|&y| fact(y, "东湖街道", "ZZ01", 1.0)).collect();
        let d = district(facts, &ALL);
        let rule = Rule::PerItem(vec![
            Condition {
                label: "议军".into(),
                points: 0.5,
                rule: Rule::EveryYear { indicators: vec!["ZZ02".into(), "ZZ03".into()], op: Op::Above, bound: 0.0 },
            },
            Condition {
                label: "全体会议".into(),
                points: 0.5,
                rule: Rule::EveryYear { indicators: vec!["ZZ01".into()], op: Op::AtLeast, bound: 1.0 },
            },
        ]);
        let (earned, status, text, _) = score(&d, rule, 1.0);
        assert_eq!((earned, status), (0.5, Status::Partial), "{text}");
    }

    #[test]
    fn authoritative_figures_trace_to_the_authoritative_cell_only() {
        let mut facts = Vec::new();
        for y in ALL {
            facts.push(fact(y, "区退役军人事务局", "YF02", 3500.0));
            facts.push(fact(y, "东湖街道", "YF02", 1000.0));
        }
        let d = district(facts, &ALL);
        let cycle = Cycle::new(&d.ws, &d.tables, &d.facts, &d.submissions, 2021, 2024);
        let it = item(Rule::EveryYear { indicators: vec!["YF02".into()], op: Op::Above, bound: 0.0 }, 1.5);
        let s = score_item(&it, &cycle);
        assert_eq!((s.earned, s.status), (1.5, Status::Met));
        assert_eq!(s.sources.len(), 4);
        assert!(s.sources.iter().all(|f| f.unit == "区退役军人事务局"));
        assert_eq!(s.contributors.len(), 1);
        assert_eq!(s.contributors[0].value, 14000.0);
        assert_eq!(s.rows[0].per_year, [Some(3500.0); 4]);
        assert_eq!(s.rows[0].cycle, Some(14000.0));
    }

    #[test]
    fn evidence_items_are_never_scored() {
        let d = district(vec![fact(2024, "东湖街道", "ZZ01", 3.0)], &ALL);
        let (earned, status, ..) = score(&d, Rule::Evidence, 1.0);
        assert_eq!((earned, status), (0.0, Status::NeedsEvidence));
    }
}
