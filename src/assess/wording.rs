//! The Chinese sentences of the dossier's scoring: a rule in words, and what a finding
//! says about the figure, the gap and the units that lack. Evaluation decides; this
//! module only says it.

use crate::catalog::Kind;
use crate::numfmt;
use crate::workspace::{Unit, UnitType};

use super::cycle::Cycle;
use super::rules::{Measure, Op, Rule};

/// `“召开双拥工作领导小组会议”（ZZ01）`.
pub(super) fn name(code: &str, cycle: &Cycle) -> String {
    match cycle.ws.catalog.get(code) {
        Some(i) => format!("“{}”（{code}）", i.name),
        None => code.to_string(),
    }
}

pub(super) fn unit_of(code: &str, cycle: &Cycle) -> String {
    cycle.ws.catalog.get(code).map(|i| i.unit.clone()).unwrap_or_default()
}

/// `386次`, `95.6%`.
pub(super) fn amount(v: f64, code: &str, cycle: &Cycle) -> String {
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

/// The rule worth `points`, in words (the dossier's 评分标准).
pub(super) fn describe(rule: &Rule, points: f64, cycle: &Cycle) -> String {
    let years = format!("{}—{}年", cycle.from, cycle.to);
    match rule {
        Rule::Threshold { indicator, op, bound } => format!(
            "{}按{} {} {}{}，得{}分；否则不得分",
            name(indicator, cycle),
            folding(indicator, cycle),
            op.symbol(),
            amount(bound * cycle.window_share(indicator), indicator, cycle),
            scaled(indicator, cycle),
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
        Rule::Linear { indicator, low, high } => {
            let share = cycle.window_share(indicator);
            format!(
                "{}按{}计：{}及以下不得分，达到{}得{}分，其间按比例得分{}",
                name(indicator, cycle),
                folding(indicator, cycle),
                amount(low * share, indicator, cycle),
                amount(high * share, indicator, cycle),
                numfmt::points(points),
                scaled(indicator, cycle)
            )
        }
        Rule::Ratio { numerator, denominator, scale, op, bound } => format!(
            "{}合计 ÷ {}合计{} {} {}{}，得{}分；以{years}合计数重新计算，不取各年比率的平均",
            name(numerator, cycle),
            name(denominator, cycle),
            if *scale == 100.0 { " × 100%".to_string() } else { format!(" × {}", numfmt::points(*scale)) },
            op.symbol(),
            numfmt::points(*bound),
            percent(*scale),
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

/// `（届中考评：全周期要求的2/4）` when a shorter window scales the bound.
fn scaled(code: &str, cycle: &Cycle) -> String {
    if cycle.window_share(code) < 1.0 {
        format!("（届中考评：按全周期要求的{}/{}）", cycle.to - cycle.from + 1, cycle.length)
    } else {
        String::new()
    }
}

/// The unit of a ratio scaled by `scale`: `%` for a percentage, else none.
fn percent(scale: f64) -> &'static str {
    if scale == 100.0 {
        "%"
    } else {
        ""
    }
}

pub(super) const EVIDENCE: &str = "依佐证材料评分，统计数据不能判定";
pub(super) const FILL_MISSING_YEARS: &str = "补齐缺报年度的统计表后才能评分";
pub(super) const REPORT_DATA: &str = "需补报数据";
pub(super) const FILL_YEAR_TOTALS: &str = "需补齐缺失年度的合计数";
pub(super) const CHECK_DENOMINATOR: &str = "需核实分母数据";
pub(super) const CHECK_ROSTER: &str = "请核对成员单位名单";

/// `“…”（ZC01）在2021—2024年没有可用数字`.
pub(super) fn no_figure(code: &str, cycle: &Cycle) -> String {
    format!("{}在{}—{}年没有可用数字", name(code, cycle), cycle.from, cycle.to)
}

/// `2021—2024年合计为386次，要求 ≥ 100次`.
pub(super) fn threshold(code: &str, value: f64, op: Op, bound: f64, cycle: &Cycle) -> String {
    format!(
        "{}为{}，要求 {} {}",
        folding(code, cycle),
        amount(value, code, cycle),
        op.symbol(),
        amount(bound, code, cycle)
    )
}

/// `差14次`.
pub(super) fn short_by(v: f64, code: &str, cycle: &Cycle) -> String {
    format!("差{}", amount(v, code, cycle))
}

/// `2022年 ZZ01 为0次`.
pub(super) fn year_value(year: i32, code: &str, v: f64, cycle: &Cycle) -> String {
    format!("{year}年 {code} 为{}", amount(v, code, cycle))
}

/// `2022年 ZZ01 无单位填报`.
pub(super) fn year_not_reported(year: i32, code: &str) -> String {
    format!("{year}年 {code} 无单位填报")
}

pub(super) fn every_year_met(cycle: &Cycle) -> String {
    format!("{}—{}年每年均满足", cycle.from, cycle.to)
}

/// `2021—2024年合计为120人（0人得0分，200人得满分）`.
pub(super) fn linear(code: &str, value: f64, low: f64, high: f64, cycle: &Cycle) -> String {
    format!(
        "{}为{}（{}得0分，{}得满分）",
        folding(code, cycle),
        amount(value, code, cycle),
        amount(low, code, cycle),
        amount(high, code, cycle)
    )
}

/// `距满分差80人`.
pub(super) fn short_of_full(v: f64, code: &str, cycle: &Cycle) -> String {
    format!("距满分差{}", amount(v, code, cycle))
}

pub(super) fn ratio_no_figure(numerator: &str, denominator: &str, cycle: &Cycle) -> String {
    format!("{}或{}在周期内没有可用数字", name(numerator, cycle), name(denominator, cycle))
}

pub(super) fn ratio_zero_denominator(denominator: &str, cycle: &Cycle) -> String {
    format!("{}周期合计为0，比率无法计算", name(denominator, cycle))
}

/// The figures of a ratio: `2021—2024年合计 81人 ÷ 101人 = 80.2%，要求 ≥ 90%`.
pub(super) struct RatioFigures<'r> {
    pub numerator: &'r str,
    pub denominator: &'r str,
    pub n: f64,
    pub d: f64,
    pub scale: f64,
    pub ratio: f64,
    pub op: Op,
    pub bound: f64,
}

impl RatioFigures<'_> {
    pub(super) fn text(&self, cycle: &Cycle) -> String {
        let unit = percent(self.scale);
        format!(
            "{}—{}年合计 {} ÷ {} = {}{unit}，要求 {} {}{unit}",
            cycle.from,
            cycle.to,
            amount(self.n, self.numerator, cycle),
            amount(self.d, self.denominator, cycle),
            numfmt::points(self.ratio),
            self.op.symbol(),
            numfmt::points(self.bound)
        )
    }

    /// `差9.8个百分点`, and when the numerator falls short, what it takes in its own
    /// terms: `，按周期合计还需10人` (`needed`).
    pub(super) fn gap(&self, needed: Option<f64>, cycle: &Cycle) -> String {
        let points = if self.scale == 100.0 { "个百分点" } else { "" };
        let mut gap = format!("差{}{points}", numfmt::points(self.op.gap(self.ratio, self.bound)));
        if let Some(needed) = needed {
            gap.push_str(&format!("，按周期合计还需{}", amount(needed, self.numerator, cycle)));
        }
        gap
    }
}

pub(super) fn no_units_of_type(unit_type: UnitType) -> String {
    format!("成员单位名单中没有{unit_type}")
}

/// `2个街道镇中1个TY03大于0，占比为50%，要求 ≥ 100%`.
#[allow(clippy::too_many_arguments)]
pub(super) fn units_reporting(
    units: usize,
    with: usize,
    code: &str,
    unit_type: UnitType,
    measure: Measure,
    value: f64,
    op: Op,
    bound: f64,
) -> String {
    let (what, shown, unit) = match measure {
        Measure::Share => ("占比", format!("{}%", numfmt::points(value)), "%"),
        Measure::Count => ("单位数", format!("{}个", numfmt::points(value)), "个"),
    };
    format!(
        "{units}个{unit_type}中{with}个{code}大于0，{what}为{shown}，要求 {} {}{unit}",
        op.symbol(),
        numfmt::points(bound)
    )
}

/// Why a unit does not count: it returned nothing in the years `code` needs, left the
/// indicator blank, or reported 0.
pub(super) enum Lacking {
    NotReturned,
    Blank,
    Zero,
}

/// `未达到的单位：东湖街道（未报送）、西城街道（为0）`.
pub(super) fn units_lacking(units: &[(&Unit, Lacking)]) -> String {
    let names = units
        .iter()
        .map(|(u, why)| {
            let why = match why {
                Lacking::NotReturned => "未报送",
                Lacking::Blank => "未填报",
                Lacking::Zero => "为0",
            };
            format!("{}（{why}）", u.name)
        })
        .collect::<Vec<_>>()
        .join("、");
    format!("未达到的单位：{names}")
}

/// `议军：达标（0.5分）`, one condition of a per-item rule.
pub(super) fn condition(label: &str, status: &str, earned: f64) -> String {
    format!("{label}：{status}（{}分）", numfmt::points(earned))
}

/// `议军：差1次`.
pub(super) fn condition_gap(label: &str, gap: &str) -> String {
    format!("{label}：{gap}")
}
