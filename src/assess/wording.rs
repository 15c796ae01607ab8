//! The Chinese sentences of the dossier's scoring: a rule in words, and what a finding
//! says about the figure, the gap and the units that lack. Evaluation decides; this
//! module only says it, for people: indicators by name (never their code), comparisons
//! in words (不少于, not ≥), figures without thousands separators.

use crate::catalog::Kind;
use crate::numfmt;
use crate::workspace::{Unit, UnitType};

use super::cycle::Cycle;
use super::rules::{Measure, Op, Rule};

/// `“召开双拥工作领导小组会议”`.
pub(super) fn name(code: &str, cycle: &Cycle) -> String {
    match cycle.ws.catalog.get(code) {
        Some(i) => format!("“{}”", i.name),
        None => code.to_string(),
    }
}

/// Words a catalogue name starts with when it names a deed (召开军地联席会议), not a thing.
const DEEDS: [&str; 17] = [
    "召开", "开展", "发放", "参加", "接收", "投入", "帮助", "送", "悬挂", "为", "完成", "组织", "选树", "走访", "结对",
    "募集", "出动",
];

/// The work of `code` as a verb phrase: the catalogue's `deed` (发放义务兵家庭优待金),
/// else the name when it is one (召开军地联席会议).
fn deed(code: &str, cycle: &Cycle) -> Option<String> {
    let i = cycle.ws.catalog.get(code)?;
    i.deed.clone().or_else(|| DEEDS.iter().any(|d| i.name.starts_with(d)).then(|| i.name.clone()))
}

/// `召开军地联席会议` for a deed, which takes no 有; `有“双拥宣传阵地”` for a thing.
fn having(code: &str, cycle: &Cycle) -> String {
    deed(code, cycle).unwrap_or_else(|| format!("有{}", name(code, cycle)))
}

/// The verb a deed starts with, for 有一年未召开; none for one character (送, 为), which
/// says nothing alone.
fn verb(deed: &str) -> Option<&'static str> {
    DEEDS.iter().copied().find(|d| d.chars().count() > 1 && deed.starts_with(d))
}

/// Deeds joined as one: `召开区委常委会议军和军地联席会议` when they share their verb,
/// with that verb; else joined by 和, with none.
fn joined(deeds: &[String]) -> (String, Option<&'static str>) {
    let verbs: Vec<Option<&'static str>> = deeds.iter().map(|d| verb(d)).collect();
    match verbs.first() {
        Some(Some(v)) if verbs.iter().all(|w| w == &Some(*v)) => {
            let rests: Vec<&str> = deeds.iter().map(|d| &d[v.len()..]).collect();
            (format!("{v}{}", rests.join("和")), Some(*v))
        }
        _ => (deeds.join("和"), None),
    }
}

/// `驻区部队` when only troop units report all of `codes`: a criterion on what troops do
/// names them, as an office writes it (驻区部队参加抢险救灾和应急处突的).
fn doer(codes: &[String], cycle: &Cycle) -> &'static str {
    let troops = |c: &String| cycle.ws.catalog.get(c).is_some_and(|i| i.reported_by == [UnitType::Troop]);
    if !codes.is_empty() && codes.iter().all(troops) {
        "驻区部队"
    } else {
        ""
    }
}

pub(super) fn unit_of(code: &str, cycle: &Cycle) -> String {
    cycle.ws.catalog.get(code).map(|i| i.unit.clone()).unwrap_or_default()
}

/// The measure word a sentence counts `code` by: the catalogue's `measure` (项目 in
/// 项, 喜报 in 份), except 名, which needs a noun after it; else the unit.
pub(super) fn measure_of(code: &str, cycle: &Cycle) -> String {
    match cycle.ws.catalog.get(code) {
        Some(i) => i.measure.clone().filter(|m| m != "名").unwrap_or_else(|| i.unit.clone()),
        None => String::new(),
    }
}

/// `1183人`, `95.6%`, `24项`: exact, as a worksheet needs it, without separators.
pub(super) fn amount(v: f64, code: &str, cycle: &Cycle) -> String {
    format!("{}{}", exact(v), measure_of(code, cycle))
}

/// A figure to two decimals at most, without separators: `1183`, `99.58`.
fn exact(v: f64) -> String {
    numfmt::points(v).replace(',', "")
}

/// Whether `code` is a percentage: its comparisons read 不低于, not 不少于.
fn is_rate(code: &str, cycle: &Cycle) -> bool {
    unit_of(code, cycle) == "%"
}

/// How the cycle figure of `code` is made, in words.
fn folding(code: &str, cycle: &Cycle) -> String {
    match cycle.ws.catalog.get(code).map(|i| i.kind) {
        Some(Kind::Stock) => format!("{}年末数", cycle.to),
        Some(Kind::Derived) => format!("{}—{}年合计数计算", cycle.from, cycle.to),
        _ => format!("{}—{}年合计", cycle.from, cycle.to),
    }
}

/// How the figure of `code` at hand is made, in words: as [`folding`], over the years
/// that have returns.
fn folded(code: &str, cycle: &Cycle) -> String {
    match cycle.ws.catalog.get(code).map(|i| i.kind) {
        Some(Kind::Stock) => format!("{}年末数", cycle.to),
        Some(Kind::Derived) => format!("按{}合计数计算", cycle.span()),
        _ => format!("{}合计", cycle.span()),
    }
}

/// `不低于`, or `达到` for a bound no rate can exceed (`达到100%`).
fn comparison(op: Op, bound: f64, rate: bool) -> &'static str {
    if rate && op == Op::AtLeast && bound >= 100.0 {
        "达到"
    } else {
        op.words(rate)
    }
}

/// `2021、2022年缺报`, and when the years there are already meet the bound, that the
/// missing ones do not change it.
pub(super) fn missing_years(years: &[i32], met: bool) -> String {
    let years = years.iter().map(i32::to_string).collect::<Vec<_>>().join("、");
    if met {
        format!("{years}年缺报，不影响本项评定")
    } else {
        format!("{years}年缺报")
    }
}

/// The rule worth `points`, in words (the dossier's 评分标准).
pub(super) fn describe(rule: &Rule, points: f64, cycle: &Cycle) -> String {
    let years = format!("{}—{}年", cycle.from, cycle.to);
    match rule {
        Rule::Threshold { indicator, op: Op::Above, bound } if *bound == 0.0 => {
            // Said as an office says it (开展……的, 有……的), not as a comparison with 0.
            let who = doer(std::slice::from_ref(indicator), cycle);
            format!("{years}{who}{}的，得{}分；否则不得分", having(indicator, cycle), numfmt::points(points))
        }
        Rule::Threshold { indicator, op, bound } => format!(
            "{}按{}{}{}{}，得{}分；否则不得分",
            name(indicator, cycle),
            folding(indicator, cycle),
            comparison(*op, *bound, is_rate(indicator, cycle)),
            amount(bound * cycle.window_share(indicator), indicator, cycle),
            scaled(indicator, cycle),
            numfmt::points(points)
        ),
        Rule::EveryYear { indicators, op, bound } => {
            let names = indicators.iter().map(|c| name(c, cycle)).collect::<Vec<_>>().join("、");
            let names = names.replace("”、“", "”“");
            if *op == Op::Above && *bound == 0.0 {
                let (points, who) = (numfmt::points(points), doer(indicators, cycle));
                let deeds: Option<Vec<String>> = indicators.iter().map(|c| deed(c, cycle)).collect();
                let Some(deeds) = deeds else {
                    return format!("{years}{who}每年均有{names}的，得{points}分；有一年没有即不得分");
                };
                let (did, verb) = joined(&deeds);
                let lacking = verb.map_or_else(|| "有一年不满足".to_string(), |v| format!("有一年未{v}"));
                return format!("{years}{who}每年均{did}的，得{points}分；{lacking}即不得分");
            }
            let rate = is_rate(&indicators[0], cycle);
            let test = format!("均{}{}", comparison(*op, *bound, rate), amount(*bound, &indicators[0], cycle));
            format!("{years}每年{names}{test}的，得{}分；有一年不满足即不得分", numfmt::points(points))
        }
        Rule::Linear { indicator, low, high } => {
            let share = cycle.window_share(indicator);
            let floor = match *low {
                0.0 => String::new(),
                low => format!("{}及以下不得分，", amount(low * share, indicator, cycle)),
            };
            format!(
                "{}按{}计分：{floor}达到{}得{}分，不足的按比例计分{}",
                name(indicator, cycle),
                folding(indicator, cycle),
                amount(high * share, indicator, cycle),
                numfmt::points(points),
                scaled(indicator, cycle)
            )
        }
        Rule::Ratio { numerator, denominator, scale, op, bound, .. } => {
            // Stocks are compared at the last year; flows over the cycle's sums.
            let basis = match cycle.ws.catalog.get(numerator).map(|i| i.kind) {
                Some(Kind::Stock) => format!("按{}年末数计算", cycle.to),
                _ => format!("以{years}合计数重新计算，不取各年比率的平均"),
            };
            format!(
                "{}与{}之比{}{}{}{}的，得{}分；{basis}",
                name(numerator, cycle),
                name(denominator, cycle),
                if *scale == 100.0 { String::new() } else { format!("乘以{}", exact(*scale)) },
                comparison(*op, *bound, *scale == 100.0),
                exact(*bound),
                percent(*scale),
                numfmt::points(points)
            )
        }
        Rule::UnitsReporting { indicator, unit_type, measure, op, bound } => {
            let units = type_name(*unit_type);
            let points = numfmt::points(points);
            let did = having(indicator, cycle);
            match measure {
                Measure::Share if *op == Op::AtLeast && *bound >= 100.0 => {
                    format!("每个{units}均{did}的，得{points}分；否则不得分")
                }
                Measure::Share => format!(
                    "{did}的{units}占全部{units}的比例{}{}%的，得{points}分；否则不得分",
                    op.words(true),
                    exact(*bound)
                ),
                Measure::Count => {
                    format!("{did}的{units}{}{}个的，得{points}分；否则不得分", op.words(false), exact(*bound))
                }
            }
        }
        Rule::PerItem(conditions) => {
            let parts = conditions.iter().map(|c| describe(&c.rule, c.points, cycle)).collect::<Vec<_>>().join("。");
            format!("分项计分，最高{}分。{parts}", numfmt::points(points))
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
pub(super) const REPORT_DATA: &str = "需补报数据";
pub(super) const FILL_YEAR_TOTALS: &str = "需补齐缺失年度的合计数";
pub(super) const CHECK_DENOMINATOR: &str = "需核实分母数据";
pub(super) const CHECK_ROSTER: &str = "请核对成员单位名单";

/// `“…”（ZC01）在2021—2024年没有可用数字`.
pub(super) fn no_figure(code: &str, cycle: &Cycle) -> String {
    format!("{}在{}—{}年没有可用数字", name(code, cycle), cycle.from, cycle.to)
}

/// `2021—2024年合计为386次，要求不少于100次`.
pub(super) fn threshold(code: &str, value: f64, op: Op, bound: f64, cycle: &Cycle) -> String {
    // "More than 0" is no requirement to print: the figure says it.
    if op == Op::Above && bound == 0.0 {
        return format!("{}{}{}", folded(code, cycle), name(code, cycle), amount(value, code, cycle));
    }
    let figure = format!("{}为{}", folded(code, cycle), amount(value, code, cycle));
    format!("{figure}，要求{}{}", comparison(op, bound, is_rate(code, cycle)), amount(bound, code, cycle))
}

/// `2024年末区工商业联合会48家，各单位填报合计144家（可能重复计数），要求不少于20家`:
/// a stock units may count twice is no district count; `largest` is the one unit with
/// the most, when one has (none when 5 units each have 1支).
pub(super) fn threshold_overlap(
    code: &str,
    value: f64,
    largest: Option<(&str, f64)>,
    op: Op,
    bound: f64,
    cycle: &Cycle,
) -> String {
    let lead = largest.map_or_else(String::new, |(unit, v)| format!("{unit}{}，", amount(v, code, cycle)));
    format!(
        "{}年末{lead}各单位填报合计{}（可能重复计数），要求{}{}",
        cycle.to,
        amount(value, code, cycle),
        comparison(op, bound, is_rate(code, cycle)),
        amount(bound, code, cycle)
    )
}

/// `各单位填报的“国防教育基地”合计可能重复计数，须区教育局核实后评分`: only the sum meets
/// the bound, `unit` (the one with the most) alone does not.
pub(super) fn overlap_to_check(code: &str, unit: &str, cycle: &Cycle) -> String {
    format!("各单位填报的{}合计可能重复计数，须{unit}核实后评分", name(code, cycle))
}

/// `差14次`.
pub(super) fn short_by(v: f64, code: &str, cycle: &Cycle) -> String {
    format!("差{}", amount(v, code, cycle))
}

/// `2022年“区双拥工作领导小组全体会议”为0次`; several years with the name once:
/// `2021—2023年“征兵任务完成率”分别为99.29%、99.32%、99.67%`.
pub(super) fn year_values(values: &[(i32, f64)], code: &str, cycle: &Cycle) -> String {
    let figures: Vec<String> = values.iter().map(|(_, v)| amount(*v, code, cycle)).collect();
    match values {
        [(year, _)] => format!("{year}年{}为{}", name(code, cycle), figures[0]),
        [(first, _), .., (last, _)] if last - first + 1 == values.len() as i32 => {
            format!("{first}—{last}年{}分别为{}", name(code, cycle), figures.join("、"))
        }
        _ => {
            let years = values.iter().map(|(y, _)| y.to_string()).collect::<Vec<_>>().join("、");
            format!("{years}年{}分别为{}", name(code, cycle), figures.join("、"))
        }
    }
}

/// `2022年“区双拥工作领导小组全体会议”无单位填报`.
pub(super) fn year_not_reported(year: i32, code: &str, cycle: &Cycle) -> String {
    format!("{year}年{}无单位填报", name(code, cycle))
}

pub(super) fn every_year_met(cycle: &Cycle) -> String {
    format!("{}每年均满足", cycle.span())
}

/// `2021—2024年合计120人（满分标准200人）`.
pub(super) fn linear(code: &str, value: f64, high: f64, cycle: &Cycle) -> String {
    format!("{}{}（满分标准{}）", folded(code, cycle), amount(value, code, cycle), amount(high, code, cycle))
}

/// `距满分差80人`.
pub(super) fn short_of_full(v: f64, code: &str, cycle: &Cycle) -> String {
    format!("距满分差{}", amount(v, code, cycle))
}

/// `“军人子女入学入托优待”482人多于“军人子女入学入托申请”462人，须区教育局核实后评分`:
/// `units` are those that reported the part, who can say which figure is right.
pub(super) fn part_above_whole(part: &str, p: f64, whole: &str, w: f64, units: &[&str], cycle: &Cycle) -> String {
    let who = match units {
        [] => String::new(),
        [_] | [_, _] => units.join("、"),
        _ => "相关单位".into(),
    };
    format!(
        "{}{}多于{}{}，须{who}核实后评分",
        name(part, cycle),
        amount(p, part, cycle),
        name(whole, cycle),
        amount(w, whole, cycle)
    )
}

/// `2024年末“退役军人服务站”151个，不等于“街道（镇）退役军人服务站”与“村（社区）退役军人服务站”之和123个，须核实`.
pub(super) fn sum_differs(code: &str, whole: f64, parts: &[&str], sum: f64, cycle: &Cycle) -> String {
    let names = parts.iter().map(|p| name(p, cycle)).collect::<Vec<_>>().join("与");
    let at = match cycle.ws.catalog.get(code).map(|i| i.kind) {
        Some(Kind::Stock) => format!("{}年末", cycle.to),
        _ => format!("{}合计", cycle.span()),
    };
    format!(
        "{at}{}{}，不等于{names}之和{}，须核实",
        name(code, cycle),
        amount(whole, code, cycle),
        amount(sum, code, cycle)
    )
}

pub(super) fn ratio_no_figure(numerator: &str, denominator: &str, cycle: &Cycle) -> String {
    format!("{}或{}在周期内没有可用数字", name(numerator, cycle), name(denominator, cycle))
}

pub(super) fn ratio_zero_denominator(denominator: &str, cycle: &Cycle) -> String {
    format!("{}周期合计为0，比率无法计算", name(denominator, cycle))
}

/// The figures of a ratio: its numerator and denominator over the cycle, the rate and the bound.
pub(super) struct RatioFigures<'r> {
    pub numerator: &'r str,
    pub denominator: &'r str,
    pub n: f64,
    pub d: f64,
    pub scale: f64,
    pub ratio: f64,
    pub op: Op,
    pub bound: f64,
    /// The rate's name (完成率), from the criteria.
    pub rate: Option<&'r str>,
}

impl RatioFigures<'_> {
    /// `2021—2024年合计“征兵任务数”1188人、“完成征兵任务人数”1183人，完成率99.58%，要求达到100%`.
    pub(super) fn text(&self, cycle: &Cycle) -> String {
        let unit = percent(self.scale);
        let at = match cycle.ws.catalog.get(self.numerator).map(|i| i.kind) {
            Some(Kind::Stock) => format!("{}年末", cycle.to),
            _ => format!("{}合计", cycle.span()),
        };
        let rate = self.rate.map_or_else(|| "比率为".to_string(), str::to_string);
        format!(
            "{at}{}{}、{}{}，{rate}{}{unit}，要求{}{}{unit}",
            name(self.denominator, cycle),
            amount(self.d, self.denominator, cycle),
            name(self.numerator, cycle),
            amount(self.n, self.numerator, cycle),
            exact(self.ratio),
            comparison(self.op, self.bound, self.scale == 100.0),
            exact(self.bound)
        )
    }

    /// `完成率差0.42个百分点（“完成征兵任务人数”少5人）`: the shortfall in the rate and,
    /// when the numerator falls short, in its own terms (`needed`). Past years cannot
    /// be made up, so it says what is short, not what is still needed.
    pub(super) fn gap(&self, needed: Option<f64>, cycle: &Cycle) -> String {
        let points = if self.scale == 100.0 { "个百分点" } else { "" };
        let rate = self.rate.unwrap_or_default();
        let mut gap = format!("{rate}差{}{points}", exact(self.op.gap(self.ratio, self.bound)));
        if let Some(needed) = needed {
            let short = match cycle.ws.catalog.get(self.numerator).map(|i| i.kind) {
                Some(Kind::Stock) => format!("，{}年末尚差{}", cycle.to, amount(needed, self.numerator, cycle)),
                _ => format!("（{}少{}）", name(self.numerator, cycle), amount(needed, self.numerator, cycle)),
            };
            gap.push_str(&short);
        }
        gap
    }
}

pub(super) fn no_units_of_type(unit_type: UnitType) -> String {
    format!("成员单位名单中没有{}", type_name(unit_type))
}

/// A unit type as sentences name it: `街道（镇）`, not the roster's code `街道镇`.
fn type_name(unit_type: UnitType) -> String {
    match unit_type {
        UnitType::Street => "街道（镇）".into(),
        other => other.to_string(),
    }
}

/// `2个街道镇中1个“退役军人服务站”大于0，占比为50%，要求不低于100%`.
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
    cycle: &Cycle,
) -> String {
    let (kind, did) = (type_name(unit_type), having(code, cycle));
    if with == units && units > 0 {
        return format!("{units}个{kind}均{did}");
    }
    let required = match measure {
        Measure::Share => format!("占{}%，要求{}{}%", exact(value), op.words(true), exact(bound)),
        Measure::Count => format!("要求{}{}个", op.words(false), exact(bound)),
    };
    format!("{units}个{kind}中{with}个{did}，{required}")
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

/// `议军一项，差1次`: a condition's line inside a labelled one (差距：…), so without a
/// second colon.
pub(super) fn condition_gap(label: &str, gap: &str) -> String {
    format!("{label}一项，{gap}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lacking_year_names_the_verb_a_deed_starts_with() {
        assert_eq!(verb("召开军地联席会议"), Some("召开"));
        assert_eq!(verb("出动兵力支援地方建设"), Some("出动"));
        // 有一年未为即不得分 says nothing: one character is no verb alone.
        assert_eq!(verb("为优抚对象购买补充医疗保险"), None);
    }

    #[test]
    fn deeds_sharing_a_verb_are_said_once() {
        let deeds = ["召开区委常委会议军".to_string(), "召开军地联席会议".to_string()];
        assert_eq!(joined(&deeds), ("召开区委常委会议军和军地联席会议".to_string(), Some("召开")));
        let deeds = ["召开军地联席会议".to_string(), "开展党政领导军事日活动".to_string()];
        assert_eq!(joined(&deeds), ("召开军地联席会议和开展党政领导军事日活动".to_string(), None));
    }
}
