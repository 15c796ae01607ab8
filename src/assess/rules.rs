//! The assessment criteria as data: `templates/assessment.toml` (bundled) or a
//! workspace's own file, checked against the catalogue as it loads.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::{line_of, Catalog, Kind};
use crate::numfmt;
use crate::template::defaults;
use crate::workspace::UnitType;

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file is not valid TOML, or a key is misspelt or of the wrong type.
    #[error("考评标准 {origin} 第 {line} 行：{message}")]
    Syntax { origin: String, line: usize, message: String },
    /// The file parses but an item cannot be scored as written (unknown indicator,
    /// missing parameter, points that do not add up …).
    #[error("考评标准 {origin} 第 {line} 行：{message}")]
    Invalid { origin: String, line: usize, message: String },
    #[error("无法读取考评标准 {path}：{}", crate::foreign::io(.source))]
    Io { path: String, source: std::io::Error },
}

/// Where an item's wording and points come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The published trial national table (《全国双拥模范城（县）考评标准（试行）》).
    Trial,
    /// The office's own assumption, to be adjusted to the table the assessors use.
    Office,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Trial => "试行考评标准",
            Source::Office => "本办设定",
        }
    }
}

/// A comparison of a figure against a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    AtLeast,
    Above,
    AtMost,
    Below,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        match s.trim() {
            ">=" | "≥" => Some(Op::AtLeast),
            ">" => Some(Op::Above),
            "<=" | "≤" => Some(Op::AtMost),
            "<" => Some(Op::Below),
            _ => None,
        }
    }

    /// The comparison as a sentence says it: 不少于 a count, 不低于 a rate.
    pub fn words(self, rate: bool) -> &'static str {
        match (self, rate) {
            (Op::AtLeast, false) => "不少于",
            (Op::AtLeast, true) => "不低于",
            (Op::Above, false) => "多于",
            (Op::Above, true) => "高于",
            (Op::AtMost, false) => "不超过",
            (Op::AtMost, true) => "不高于",
            (Op::Below, false) => "少于",
            (Op::Below, true) => "低于",
        }
    }

    /// Figures are sums and quotients of decimals: a value that prints as the bound
    /// counts as the bound (45 / 50 × 100 is 90, not 89.99999999999999).
    pub fn holds(self, value: f64, bound: f64) -> bool {
        let eps = 1e-9 * bound.abs().max(1.0);
        match self {
            Op::AtLeast => value >= bound - eps,
            Op::Above => value > bound + eps,
            Op::AtMost => value <= bound + eps,
            Op::Below => value < bound - eps,
        }
    }

    /// How far `value` is from satisfying the comparison (0 when it holds).
    pub fn gap(self, value: f64, bound: f64) -> f64 {
        if self.holds(value, bound) {
            0.0
        } else {
            (bound - value).abs()
        }
    }
}

/// Whether `units_reporting` counts units or their share of the roster's units of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Count,
    /// Per cent of the roster's units of the type.
    Share,
}

/// How an item (or one condition of a `per_item` item) is decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// The cycle figure of `indicator` against a bound: full points or none.
    Threshold { indicator: String, op: Op, bound: f64 },
    /// Every indicator has a district total satisfying `op bound` in every year of the
    /// cycle (by default: reported and above 0).
    EveryYear { indicators: Vec<String>, op: Op, bound: f64 },
    /// 0 points at `low` or below, full points at `high` or above, linear between.
    Linear { indicator: String, low: f64, high: f64 },
    /// `numerator / denominator × scale`, both summed over the cycle first. `rate` names
    /// it in sentences (完成率, 悬挂率). `capped`: the numerator never counts beyond its
    /// denominator (征兵 beyond the task is the task done), so years without returns
    /// cannot lift a rate the years there are leave below 100%.
    Ratio { numerator: String, denominator: String, scale: f64, op: Op, bound: f64, rate: Option<String>, capped: bool },
    /// The roster's units of `unit_type` whose cycle figure of `indicator` is above 0,
    /// counted or as a share (per cent), against a bound.
    UnitsReporting { indicator: String, unit_type: UnitType, measure: Measure, op: Op, bound: f64 },
    /// Points per condition met, up to the item's points.
    PerItem(Vec<Condition>),
    /// No statistic decides it: the assessors read documents.
    Evidence,
}

impl Rule {
    /// The indicator codes the rule reads, in order, each once.
    pub fn indicators(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        match self {
            Rule::Threshold { indicator, .. }
            | Rule::Linear { indicator, .. }
            | Rule::UnitsReporting { indicator, .. } => out.push(indicator),
            Rule::EveryYear { indicators, .. } => out.extend(indicators.iter().map(String::as_str)),
            Rule::Ratio { numerator, denominator, .. } => {
                out.push(numerator);
                out.push(denominator);
            }
            Rule::PerItem(conditions) => {
                for c in conditions {
                    for code in c.rule.indicators() {
                        if !out.contains(&code) {
                            out.push(code);
                        }
                    }
                }
            }
            Rule::Evidence => {}
        }
        out
    }
}

/// One scored sub-condition of a `per_item` item.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub label: String,
    pub points: f64,
    pub rule: Rule,
}

/// One row of the scoring table (考评内容 with its 分值 and 评分标准).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// `1.2`: standard number and place within it.
    pub number: String,
    pub content: String,
    pub points: f64,
    pub source: Source,
    pub rule: Rule,
    /// The 评分标准 as the table words it, when given; otherwise the rule is described
    /// from its parameters.
    pub criterion: Option<String>,
    /// The 佐证材料 the assessors ask for.
    pub documents: Vec<String>,
}

/// One of the eight basic standards (八条基本标准).
#[derive(Debug, Clone, PartialEq)]
pub struct Standard {
    pub number: usize,
    pub name: String,
    pub points: f64,
    pub source: Source,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Criteria {
    pub standards: Vec<Standard>,
    /// The veto list (一票否决): each item's rule is what must hold; numbered `否1` ….
    /// Their `points` are 0: a veto disqualifies, it does not score.
    pub vetoes: Vec<Item>,
    /// Bonus items (加分项), outside the base total; numbered `加1` ….
    pub bonuses: Vec<Item>,
    /// The most the bonus items add together.
    pub bonus_cap: f64,
    /// Years in a creation cycle (`cycle_years`): the dossier's default window, and the
    /// whole a shorter window (届中考评) is a share of.
    pub cycle_years: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriteria {
    #[allow(dead_code)]
    version: Option<u32>,
    standards: Vec<Spanned<RawStandard>>,
    #[serde(default)]
    veto: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    bonus: Vec<Spanned<RawEntry>>,
    bonus_cap: Option<Spanned<f64>>,
    /// A file written before the key existed takes the bundled file's.
    cycle_years: Option<Spanned<i32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandard {
    name: String,
    points: f64,
    source: Source,
    #[serde(default)]
    items: Vec<Spanned<RawEntry>>,
}

/// An item of a standard, or a condition of a `per_item` item (which takes no
/// `source`, `criterion`, `documents` or `conditions`). serde's `flatten` would lose
/// the spans and `deny_unknown_fields`, hence one struct for both.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    content: String,
    /// Required everywhere but in a veto.
    points: Option<f64>,
    source: Option<Source>,
    criterion: Option<String>,
    #[serde(default)]
    documents: Vec<String>,
    #[serde(default)]
    conditions: Vec<Spanned<RawEntry>>,
    rule: Spanned<String>,
    indicator: Option<Spanned<String>>,
    indicators: Option<Spanned<Vec<String>>>,
    op: Option<Spanned<String>>,
    bound: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    numerator: Option<Spanned<String>>,
    denominator: Option<Spanned<String>>,
    scale: Option<f64>,
    unit_type: Option<Spanned<String>>,
    measure: Option<Spanned<String>>,
    rate: Option<String>,
    capped: Option<bool>,
}

/// Loading context: the source text for line numbers and the catalogue for codes.
struct Loader<'a> {
    src: &'a str,
    origin: &'a str,
    catalog: &'a Catalog,
}

type Span = std::ops::Range<usize>;

impl Loader<'_> {
    fn invalid(&self, span: &Span, message: String) -> RulesError {
        RulesError::Invalid { origin: self.origin.to_string(), line: line_of(self.src, span.start), message }
    }

    fn code(&self, code: &Spanned<String>) -> Result<String, RulesError> {
        let c = code.get_ref().trim();
        if self.catalog.get(c).is_none() {
            return Err(self.invalid(&code.span(), format!("指标目录中没有指标 {c}")));
        }
        Ok(c.to_string())
    }

    fn required<'b, T>(&self, value: &'b Option<T>, key: &str, rule: &str, at: &Span) -> Result<&'b T, RulesError> {
        value.as_ref().ok_or_else(|| self.invalid(at, format!("规则 {rule} 需要参数 {key}")))
    }

    fn op(&self, op: &Option<Spanned<String>>, default: Option<Op>, rule: &str, at: &Span) -> Result<Op, RulesError> {
        match op {
            Some(s) => Op::parse(s.get_ref()).ok_or_else(|| {
                self.invalid(&s.span(), format!("无法识别的比较符“{}”（应为 >=、>、<= 或 <）", s.get_ref()))
            }),
            None => default.ok_or_else(|| self.invalid(at, format!("规则 {rule} 需要参数 op"))),
        }
    }

    /// Refuses parameters the rule does not read, so that a misplaced key is not
    /// silently ignored.
    fn unused(&self, p: &RawEntry, allowed: &[&str], at: &Span) -> Result<(), RulesError> {
        let given = [
            ("indicator", p.indicator.is_some()),
            ("indicators", p.indicators.is_some()),
            ("op", p.op.is_some()),
            ("bound", p.bound.is_some()),
            ("low", p.low.is_some()),
            ("high", p.high.is_some()),
            ("numerator", p.numerator.is_some()),
            ("denominator", p.denominator.is_some()),
            ("scale", p.scale.is_some()),
            ("unit_type", p.unit_type.is_some()),
            ("measure", p.measure.is_some()),
            ("rate", p.rate.is_some()),
            ("capped", p.capped.is_some()),
        ];
        match given.iter().find(|(key, set)| *set && !allowed.contains(key)) {
            Some((key, _)) => Err(self.invalid(at, format!("规则 {} 不使用参数 {key}", p.rule.get_ref()))),
            None => Ok(()),
        }
    }

    /// A rule that decides by figures (not `per_item`, not `evidence`).
    fn figure_rule(&self, p: &RawEntry, at: &Span) -> Result<Rule, RulesError> {
        let name = p.rule.get_ref().trim();
        let rule = match name {
            "threshold" => {
                self.unused(p, &["indicator", "op", "bound"], at)?;
                Rule::Threshold {
                    indicator: self.code(self.required(&p.indicator, "indicator", name, at)?)?,
                    op: self.op(&p.op, None, name, at)?,
                    bound: *self.required(&p.bound, "bound", name, at)?,
                }
            }
            "every_year" => {
                self.unused(p, &["indicator", "indicators", "op", "bound"], at)?;
                let indicators = match (&p.indicator, &p.indicators) {
                    (Some(one), None) => vec![self.code(one)?],
                    (None, Some(many)) if !many.get_ref().is_empty() => many
                        .get_ref()
                        .iter()
                        .map(|c| self.code(&Spanned::new(many.span(), c.clone())))
                        .collect::<Result<_, _>>()?,
                    (Some(_), Some(_)) => {
                        return Err(self.invalid(at, "规则 every_year 只能给出 indicator 或 indicators 之一".into()))
                    }
                    _ => return Err(self.invalid(at, "规则 every_year 需要参数 indicator 或 indicators".into())),
                };
                let op = self.op(&p.op, Some(Op::Above), name, at)?;
                Rule::EveryYear { indicators, op, bound: p.bound.unwrap_or(0.0) }
            }
            "linear" => {
                self.unused(p, &["indicator", "low", "high"], at)?;
                let low = *self.required(&p.low, "low", name, at)?;
                let high = *self.required(&p.high, "high", name, at)?;
                if high.is_nan() || low.is_nan() || high <= low {
                    return Err(self.invalid(at, format!("规则 linear 的 high（{high}）应大于 low（{low}）")));
                }
                Rule::Linear { indicator: self.code(self.required(&p.indicator, "indicator", name, at)?)?, low, high }
            }
            "ratio" => {
                self.unused(p, &["numerator", "denominator", "scale", "op", "bound", "rate", "capped"], at)?;
                let scale = p.scale.unwrap_or(100.0);
                if scale.is_nan() || scale <= 0.0 {
                    return Err(self.invalid(at, "规则 ratio 的 scale 应大于 0".into()));
                }
                Rule::Ratio {
                    numerator: self.code(self.required(&p.numerator, "numerator", name, at)?)?,
                    denominator: self.code(self.required(&p.denominator, "denominator", name, at)?)?,
                    scale,
                    op: self.op(&p.op, None, name, at)?,
                    bound: *self.required(&p.bound, "bound", name, at)?,
                    rate: p.rate.as_ref().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()),
                    capped: p.capped.unwrap_or(false),
                }
            }
            "units_reporting" => {
                self.unused(p, &["indicator", "unit_type", "measure", "op", "bound"], at)?;
                let indicator = self.code(self.required(&p.indicator, "indicator", name, at)?)?;
                if self.catalog.get(&indicator).is_some_and(|i| i.kind == Kind::Derived) {
                    return Err(self.invalid(at, format!("{indicator} 是计算得出的指标，没有单位填报，不能用于 units_reporting")));
                }
                let ty = self.required(&p.unit_type, "unit_type", name, at)?;
                let unit_type = UnitType::parse(ty.get_ref()).ok_or_else(|| {
                    self.invalid(&ty.span(), UnitType::unknown(ty.get_ref()))
                })?;
                let measure = match p.measure.as_ref().map(|m| (m.get_ref().trim(), m.span())) {
                    None | Some(("share", _)) => Measure::Share,
                    Some(("count", _)) => Measure::Count,
                    Some((other, span)) => {
                        return Err(self.invalid(&span, format!("无法识别的 measure“{other}”（应为 share 或 count）")))
                    }
                };
                Rule::UnitsReporting {
                    indicator,
                    unit_type,
                    measure,
                    op: self.op(&p.op, Some(Op::AtLeast), name, at)?,
                    bound: *self.required(&p.bound, "bound", name, at)?,
                }
            }
            "per_item" | "evidence" => {
                return Err(self.invalid(&p.rule.span(), format!("分项条件不能使用规则 {name}")))
            }
            other => {
                return Err(self.invalid(
                    &p.rule.span(),
                    format!("未知的评分规则“{other}”（支持 threshold、per_item、linear、every_year、ratio、units_reporting、evidence）"),
                ))
            }
        };
        Ok(rule)
    }

    /// The positive `points` an entry must give.
    fn points(&self, r: &RawEntry, at: &Span, what: &str) -> Result<f64, RulesError> {
        match r.points {
            Some(p) if p > 0.0 => Ok(p),
            Some(_) => Err(self.invalid(at, format!("{what}“{}”的分值应大于 0", r.content))),
            None => Err(self.invalid(at, format!("{what}“{}”缺少 points（分值）", r.content))),
        }
    }

    fn item(&self, number: String, raw: &Spanned<RawEntry>) -> Result<Item, RulesError> {
        let at = raw.span();
        let r = raw.get_ref();
        let points = self.points(r, &at, "")?;
        let source = r.source.ok_or_else(|| {
            self.invalid(&at, format!("“{}”缺少 source（trial：试行考评标准；office：本办设定）", r.content))
        })?;
        let rule = match r.rule.get_ref().trim() {
            "evidence" => {
                self.unused(r, &[], &at)?;
                if r.documents.is_empty() {
                    return Err(self.invalid(&at, format!("“{}”需要佐证材料，请用 documents 列出", r.content)));
                }
                Rule::Evidence
            }
            "per_item" => {
                self.unused(r, &[], &at)?;
                if r.conditions.is_empty() {
                    return Err(self.invalid(&at, "规则 per_item 需要用 conditions 列出分项".into()));
                }
                let conditions = r.conditions.iter().map(|c| self.condition(c)).collect::<Result<Vec<_>, _>>()?;
                let sum: f64 = conditions.iter().map(|c| c.points).sum();
                if sum + 1e-9 < points {
                    return Err(self.invalid(
                        &at,
                        format!(
                            "“{}”各分项分值之和 {} 小于本项分值 {}，满分无法达到",
                            r.content,
                            numfmt::points(sum),
                            numfmt::points(points)
                        ),
                    ));
                }
                Rule::PerItem(conditions)
            }
            _ if !r.conditions.is_empty() => {
                return Err(self.invalid(&at, "只有规则 per_item 可以列出 conditions".into()))
            }
            _ => self.figure_rule(r, &at)?,
        };
        Ok(Item {
            number,
            content: r.content.trim().to_string(),
            points,
            source,
            rule,
            criterion: r.criterion.as_ref().map(|c| c.trim().to_string()),
            documents: r.documents.iter().map(|d| d.trim().to_string()).collect(),
        })
    }

    fn condition(&self, raw: &Spanned<RawEntry>) -> Result<Condition, RulesError> {
        let at = raw.span();
        let r = raw.get_ref();
        let points = self.points(r, &at, "分项")?;
        let misplaced = [
            ("source", r.source.is_some()),
            ("criterion", r.criterion.is_some()),
            ("documents", !r.documents.is_empty()),
            ("conditions", !r.conditions.is_empty()),
        ];
        if let Some((key, _)) = misplaced.iter().find(|(_, set)| *set) {
            return Err(self.invalid(&at, format!("分项“{}”不能给出 {key}（只属于考评内容本身）", r.content)));
        }
        Ok(Condition { label: r.content.trim().to_string(), points, rule: self.figure_rule(r, &at)? })
    }

    /// A veto: what must hold, by a figure rule or by evidence, worded by `criterion`
    /// (a generated wording would speak of points a veto does not give).
    fn veto(&self, number: String, raw: &Spanned<RawEntry>) -> Result<Item, RulesError> {
        let at = raw.span();
        let r = raw.get_ref();
        if r.points.is_some() {
            return Err(self.invalid(&at, format!("否决项“{}”不计分，不能给出 points", r.content)));
        }
        if r.criterion.is_none() {
            return Err(self.invalid(&at, format!("否决项“{}”需要 criterion（否决条件的表述）", r.content)));
        }
        if r.rule.get_ref().trim() == "per_item" {
            return Err(self.invalid(&r.rule.span(), "否决项不能使用规则 per_item".into()));
        }
        // Scored as an item worth one point, whose earning means "not vetoed".
        let item = self.item(number, &Spanned::new(at, RawEntry { points: Some(1.0), ..r.clone() }))?;
        Ok(Item { points: 0.0, ..item })
    }
}

/// The bundled criteria's `cycle_years`.
fn bundled_cycle_years() -> i32 {
    #[derive(Deserialize)]
    struct CycleOnly {
        cycle_years: i32,
    }
    toml::from_str::<CycleOnly>(defaults::ASSESSMENT.text)
        .expect("the bundled criteria are checked by the test suite")
        .cycle_years
}

impl Criteria {
    pub fn bundled(catalog: &Catalog) -> Result<Criteria, RulesError> {
        Criteria::parse(defaults::ASSESSMENT.text, &defaults::ASSESSMENT.origin(), catalog)
    }

    pub fn load(path: &Path, catalog: &Catalog) -> Result<Criteria, RulesError> {
        let src = crate::files::read_text(path)
            .map_err(|source| RulesError::Io { path: path.display().to_string(), source })?;
        Criteria::parse(&src, &path.display().to_string(), catalog)
    }

    pub fn parse(src: &str, origin: &str, catalog: &Catalog) -> Result<Criteria, RulesError> {
        let raw: RawCriteria = toml::from_str(src).map_err(|e| RulesError::Syntax {
            origin: origin.to_string(),
            line: e.span().map(|s| line_of(src, s.start)).unwrap_or(1),
            message: e.message().to_string(),
        })?;
        let loader = Loader { src, origin, catalog };
        if raw.standards.is_empty() {
            return Err(loader.invalid(&(0..0), "没有考评项目：请用 [[standards]] 列出基本标准".into()));
        }
        let mut standards = Vec::new();
        for (i, s) in raw.standards.iter().enumerate() {
            let r = s.get_ref();
            let number = i + 1;
            if r.items.is_empty() {
                return Err(
                    loader.invalid(&s.span(), format!("基本标准“{}”没有考评内容（[[standards.items]]）", r.name))
                );
            }
            let items = r
                .items
                .iter()
                .enumerate()
                .map(|(j, item)| loader.item(format!("{number}.{}", j + 1), item))
                .collect::<Result<Vec<_>, _>>()?;
            let sum: f64 = items.iter().map(|i| i.points).sum();
            if (sum - r.points).abs() > 1e-9 {
                return Err(loader.invalid(
                    &s.span(),
                    format!(
                        "基本标准“{}”的分值为 {}，但各考评内容分值之和为 {}",
                        r.name,
                        numfmt::points(r.points),
                        numfmt::points(sum)
                    ),
                ));
            }
            standards.push(Standard {
                number,
                name: r.name.trim().to_string(),
                points: r.points,
                source: r.source,
                items,
            });
        }
        let vetoes = raw
            .veto
            .iter()
            .enumerate()
            .map(|(i, v)| loader.veto(format!("否{}", i + 1), v))
            .collect::<Result<Vec<_>, _>>()?;
        let bonuses = raw
            .bonus
            .iter()
            .enumerate()
            .map(|(i, b)| loader.item(format!("加{}", i + 1), b))
            .collect::<Result<Vec<_>, _>>()?;
        let bonus_sum: f64 = bonuses.iter().map(|b| b.points).sum();
        let bonus_cap = match &raw.bonus_cap {
            Some(cap) if cap.get_ref().is_nan() || *cap.get_ref() <= 0.0 => {
                return Err(loader.invalid(&cap.span(), "bonus_cap（加分上限）应大于 0".into()))
            }
            Some(cap) => *cap.get_ref(),
            None => bonus_sum,
        };
        let cycle_years = match &raw.cycle_years {
            Some(y) if !(1..=10).contains(y.get_ref()) => {
                return Err(loader.invalid(&y.span(), "cycle_years（创建周期年数）应在 1 到 10 之间，全国为 4".into()))
            }
            Some(y) => *y.get_ref(),
            None => bundled_cycle_years(),
        };
        Ok(Criteria { standards, vetoes, bonuses, bonus_cap, cycle_years })
    }

    pub fn points(&self) -> f64 {
        self.standards.iter().map(|s| s.points).sum()
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.standards.iter().flat_map(|s| &s.items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Criteria, RulesError> {
        Criteria::parse(src, "a.toml", &Catalog::bundled())
    }

    fn err(src: &str) -> String {
        parse(src).unwrap_err().to_string()
    }

    const HEAD: &str = "[[standards]]\nname = \"组织领导坚强有力\"\npoints = 1\nsource = \"trial\"\n\n";

    #[test]
    fn bundled_criteria_cover_the_eight_standards() {
        let c = Criteria::bundled(&Catalog::bundled()).unwrap();
        let names: Vec<&str> = c.standards.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "组织领导坚强有力",
                "宣传教育广泛深入",
                "拥军优属扎实有效",
                "拥政爱民成果显著",
                "政策法规落到实处",
                "双拥活动坚持经常",
                "军民共建富有成效",
                "军政军民关系融洽"
            ]
        );
        assert_eq!((c.standards[0].points, c.standards[1].points), (6.0, 5.0));
        // The trial table's first standard, as far as it could be read.
        let first: Vec<(f64, Source)> = c.standards[0].items.iter().map(|i| (i.points, i.source)).collect();
        assert_eq!(
            first,
            [
                (2.0, Source::Trial),
                (1.0, Source::Trial),
                (1.0, Source::Trial),
                (1.0, Source::Trial),
                (1.0, Source::Trial)
            ]
        );
        assert_eq!(c.standards[0].items[3].rule, Rule::Evidence);
        // A district is county-level; the budget line and vouchers are documents, not ZZ05.
        assert_eq!(c.standards[0].items[3].content, "县级双拥办有相对固定的部队人员参与工作");
        assert_eq!(c.standards[0].items[4].rule, Rule::Evidence);
        assert!(c.standards[0].items[0]
            .documents
            .iter()
            .any(|d| d.contains("军分区（警备区）或人民武装部党委工作报告")));
        assert_eq!(c.vetoes[0].number, "否1");
        assert!(c.vetoes.iter().all(|v| v.points == 0.0 && v.criterion.is_some()));
        assert_eq!(c.vetoes[0].rule.indicators(), ["ZC07"]);
        assert!(c.bonuses.iter().map(|b| b.points).sum::<f64>() > c.bonus_cap);
        assert_eq!(c.standards[1].items[0].source, Source::Trial);
        assert!(c.items().filter(|i| i.rule == Rule::Evidence).all(|i| !i.documents.is_empty()));
        assert_eq!(c.items().next().unwrap().number, "1.1");
    }

    #[test]
    fn unknown_indicator_names_its_line() {
        let e = err(&format!("{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"office\"\nrule = \"threshold\"\nindicator = \"ZZ99\"\nop = \">=\"\nbound = 1\n"));
        assert!(e.contains("第 11 行") && e.contains("ZZ99"), "{e}");
    }

    #[test]
    fn unknown_rule_names_its_line() {
        let e = err(&format!(
            "{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"office\"\nrule = \"average\"\n"
        ));
        assert!(e.contains("第 10 行") && e.contains("average") && e.contains("threshold"), "{e}");
    }

    #[test]
    fn missing_parameter_names_the_item_line() {
        let e = err(&format!("{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"office\"\nrule = \"ratio\"\nnumerator = \"ZC04\"\nop = \">=\"\nbound = 100\n"));
        assert!(e.contains("第 6 行") && e.contains("denominator"), "{e}");
    }

    #[test]
    fn points_not_adding_up_name_the_standard() {
        let src = "\n[[standards]]\nname = \"组织领导坚强有力\"\npoints = 6\nsource = \"trial\"\n\n[[standards.items]]\ncontent = \"x\"\npoints = 2\nsource = \"trial\"\nrule = \"evidence\"\ndocuments = [\"a\"]\n";
        let e = err(src);
        assert!(e.contains("第 2 行") && e.contains("6") && e.contains("2"), "{e}");
    }

    #[test]
    fn evidence_without_documents_is_refused() {
        let e = err(&format!(
            "{HEAD}[[standards.items]]\ncontent = \"合署办公\"\npoints = 1\nsource = \"trial\"\nrule = \"evidence\"\n"
        ));
        assert!(e.contains("第 6 行") && e.contains("documents"), "{e}");
    }

    #[test]
    fn misspelt_key_and_misplaced_parameter_are_refused() {
        let e = err(&format!("{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"office\"\nrule = \"threshold\"\nindicator = \"ZZ01\"\nop = \">=\"\nbund = 1\n"));
        assert!(e.contains("第 13 行") && e.contains("bund"), "{e}");
        let e = err(&format!("{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"office\"\nrule = \"every_year\"\nindicator = \"ZZ01\"\nlow = 1\n"));
        assert!(e.contains("第 6 行") && e.contains("low"), "{e}");
    }

    #[test]
    fn bad_operator_names_its_line() {
        let e = err(&format!("{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"office\"\nrule = \"threshold\"\nindicator = \"ZZ01\"\nop = \"=>\"\nbound = 1\n"));
        assert!(e.contains("第 12 行") && e.contains("=>"), "{e}");
    }

    #[test]
    fn per_item_conditions_must_reach_the_item_points() {
        let src = format!(
            "{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"trial\"\nrule = \"per_item\"\n\n[[standards.items.conditions]]\ncontent = \"a\"\npoints = 0.5\nrule = \"every_year\"\nindicator = \"ZZ01\"\n"
        );
        let e = err(&src);
        assert!(e.contains("第 6 行") && e.contains("0.5"), "{e}");
        let src = format!(
            "{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"trial\"\nrule = \"per_item\"\n\n[[standards.items.conditions]]\ncontent = \"a\"\npoints = 1\nrule = \"evidence\"\n"
        );
        let e = err(&src);
        assert!(e.contains("第 15 行") && e.contains("evidence"), "{e}");
    }

    #[test]
    fn units_reporting_refuses_derived_indicators_and_unknown_types() {
        let e = err(&format!("{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"office\"\nrule = \"units_reporting\"\nindicator = \"ZC07\"\nunit_type = \"街道镇\"\nbound = 100\n"));
        assert!(e.contains("ZC07"), "{e}");
        let e = err(&format!("{HEAD}[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"office\"\nrule = \"units_reporting\"\nindicator = \"TY03\"\nunit_type = \"社区\"\nbound = 100\n"));
        assert!(e.contains("第 12 行") && e.contains("社区"), "{e}");
    }

    #[test]
    fn vetoes_need_a_criterion_and_take_no_points() {
        let veto = "[[veto]]\ncontent = \"未完成征兵任务\"\nsource = \"office\"\nrule = \"every_year\"\nindicator = \"ZC07\"\nop = \">=\"\nbound = 100\n";
        let item = "[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"trial\"\nrule = \"threshold\"\nindicator = \"ZZ01\"\nop = \">=\"\nbound = 1\n";
        let e = err(&format!("{veto}{HEAD}{item}"));
        assert!(e.contains("第 1 行") && e.contains("criterion"), "{e}");
        let e = err(&format!("{veto}criterion = \"每年完成\"\npoints = 1\n{HEAD}{item}"));
        assert!(e.contains("points"), "{e}");
        let c = parse(&format!("{veto}criterion = \"每年完成\"\n{HEAD}{item}")).unwrap();
        assert_eq!((c.vetoes.len(), c.vetoes[0].points, c.bonus_cap), (1, 0.0, 0.0));
    }

    #[test]
    fn bonus_cap_defaults_to_the_bonus_points_and_must_be_positive() {
        let item = "[[standards.items]]\ncontent = \"x\"\npoints = 1\nsource = \"trial\"\nrule = \"threshold\"\nindicator = \"ZZ01\"\nop = \">=\"\nbound = 1\n";
        let bonus = "[[bonus]]\ncontent = \"基金\"\npoints = 0.5\nsource = \"office\"\nrule = \"threshold\"\nindicator = \"SH02\"\nop = \">\"\nbound = 0\n";
        let c = parse(&format!("{HEAD}{item}{bonus}{bonus}")).unwrap();
        assert_eq!((c.bonuses[1].number.as_str(), c.bonus_cap), ("加2", 1.0));
        let e = err(&format!("bonus_cap = 0\n{HEAD}{item}{bonus}"));
        assert!(e.contains("第 1 行") && e.contains("bonus_cap"), "{e}");
    }

    #[test]
    fn syntax_error_names_its_line() {
        let e = err("[[standards]]\nname = \"a\"\npoints = \n");
        assert!(e.contains("第 3 行"), "{e}");
    }

    #[test]
    fn operators_compare_exactly_at_the_bound() {
        assert!(Op::AtLeast.holds(90.0, 90.0));
        assert!(Op::AtLeast.holds(45.0 / 50.0 * 100.0, 90.0));
        assert!(!Op::Above.holds(90.0, 90.0));
        assert!(Op::AtMost.holds(90.0, 90.0));
        assert!(!Op::Below.holds(90.0, 90.0));
        assert!(!Op::AtLeast.holds(89.99, 90.0));
        assert_eq!(Op::AtLeast.gap(86.0, 90.0), 4.0);
        assert_eq!(Op::AtLeast.gap(95.0, 90.0), 0.0);
    }
}
