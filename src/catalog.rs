//! The indicator catalogue: what units report, in which unit of measure, and how the
//! district total of each indicator is made. Loaded from `templates/indicators.toml`
//! (bundled) or a workspace's own file, and checked as it loads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use crate::formula::Formula;
use crate::template::defaults;

/// The three kinds of member unit; an indicator names the kinds that report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum UnitType {
    #[serde(rename = "部门")]
    Department,
    #[serde(rename = "街道镇")]
    Street,
    #[serde(rename = "驻区部队")]
    Troop,
}

impl UnitType {
    pub const ALL: [UnitType; 3] = [UnitType::Department, UnitType::Street, UnitType::Troop];

    pub fn parse(s: &str) -> Option<UnitType> {
        match s.trim() {
            "部门" => Some(UnitType::Department),
            "街道镇" => Some(UnitType::Street),
            "驻区部队" => Some(UnitType::Troop),
            _ => None,
        }
    }

    /// The message for a unit type that is none of [`UnitType::ALL`], listing them.
    pub fn unknown(typed: &str) -> String {
        let labels: Vec<&str> = UnitType::ALL.iter().map(|t| t.label()).collect();
        let (last, rest) = labels.split_last().expect("three unit types");
        format!("单位类型“{typed}”无法识别，应为 {} 或 {last}", rest.join("、"))
    }

    pub fn label(self) -> &'static str {
        match self {
            UnitType::Department => "部门",
            UnitType::Street => "街道镇",
            UnitType::Troop => "驻区部队",
        }
    }
}

impl std::fmt::Display for UnitType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The file is not valid TOML or a field has the wrong type.
    #[error("指标目录 {origin} 第 {line} 行：{message}")]
    Syntax { origin: String, line: usize, message: String },
    /// The file parses but contradicts itself (duplicate code, unknown reference …).
    #[error("指标目录 {origin} 第 {line} 行：{message}")]
    Invalid { origin: String, line: usize, message: String },
    #[error("无法读取指标目录 {path}：{}", crate::foreign::io(.source))]
    Io { path: String, source: std::io::Error },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Adds up over time (visits, money paid).
    Flow,
    /// A level at the end of the year (stations, people on the roll).
    Stock,
    /// Computed from other indicators; never filled in by units.
    Derived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    Sum,
    Authoritative,
    Formula,
}

impl Aggregate {
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregate::Sum => "sum",
            Aggregate::Authoritative => "authoritative",
            Aggregate::Formula => "formula",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub code: String,
    pub category: String,
    pub name: String,
    pub unit: String,
    pub kind: Kind,
    pub aggregate: Aggregate,
    pub reported_by: Vec<UnitType>,
    /// Whole numbers only (the unit counts people, times, items …).
    pub integer: bool,
    pub formula: Option<Formula>,
    pub notes: Option<String>,
    /// The largest figure a district's unit can plausibly report (its own `max`, else
    /// its unit of measure's): beyond it a value is an error at its cell, not a figure.
    pub max: Option<f64>,
    /// The smallest change against last year worth a call (its own `min_change`, else
    /// its unit of measure's): 2 → 3 meetings is +50% and says nothing.
    pub min_change: f64,
    /// Whether the public version (`build --public`) may carry the figure: false when the
    /// catalogue says `public = false`, and for a formula over such an indicator, since
    /// the result would give its input away.
    pub public: bool,
    /// How running text counts it, when that differs from tables: people before a noun
    /// are 名 (2152名重点优抚对象), 喜报 are 份, though the intake unit stays 人 or 件.
    pub measure: Option<String>,
    /// What is counted, as a noun phrase after the number (`重点优抚对象`, `家庭`), for
    /// `count()`: the indicator's name is a table label, not always a noun.
    pub noun: Option<String>,
    /// For a stock, the verb that states a year-end level (现有, 共有, 建有): a stock
    /// was not built this year, so it never reads 建立.
    pub verb: Option<String>,
    /// A district-level figure only the 双拥办 knows (its leadership group's plenary
    /// meetings): reported by the authoritative unit alone, never summed over units.
    pub district: bool,
    /// What the district total means, for the report's running text.
    pub total: TotalMeaning,
    /// Whether a rise may be told as an achievement: an intake or a quota may not.
    pub growth: bool,
    /// The indicator running text counts this activity by, when it is counted more than
    /// one way (visits in 次 and the people visited in 人次): one measure per report.
    pub prose_by: Option<String>,
    /// The public version's name, where the internal one words a military operation
    /// (参加抢险救灾 for 参加抢险救灾和应急处突).
    pub public_name: Option<String>,
    /// Decimals every table prints the figure with; by default none for whole counts,
    /// one for a percentage, two otherwise.
    pub decimals: usize,
    /// Words by which a unit's highlight speaks of this activity (入学入托): a highlight
    /// with no figure of its own that says one of them repeats the figure sentence of
    /// its section when that sentence tells this indicator, and is not printed twice.
    pub keywords: Vec<String>,
    /// For a thing both sides of a pair report (a 军民共建点 by the street and by the
    /// troop unit, a 科技合作项目 by the 发改委 and by the troops): the side whose
    /// figures the creation dossier counts, so that one pair is counted once.
    pub counted_by: Option<UnitType>,
    /// A flow that is a level each year (the people insured, mostly the same each
    /// year): over several years it is told per year or at the last, never summed.
    pub yearly: bool,
    /// The creation dossier's wording of the work as a verb phrase, when the name is a
    /// noun (发放义务兵家庭优待金 for 义务兵家庭优待金): criteria say what was done.
    pub deed: Option<String>,
    /// Further words by which a highlight speaks of this work, for the creation
    /// dossier's 佐证材料 only (喜报 for 送立功受奖喜报): the annual report's `keywords`
    /// stay narrow, since there a match hides a highlight.
    pub evidence_keywords: Vec<String>,
}

/// What a district total stands for, so that running text never reads a sum over units
/// as a fact of the district's own bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TotalMeaning {
    /// A figure of the district (money paid, people served, the authority's count).
    #[default]
    District,
    /// The units' own activity added up (each unit's own meetings): the text names the
    /// units as the actors, or leaves the figure to the tables as 各单位合计.
    Units,
    /// A stock added up over units that may count one thing twice (a team set up by two
    /// units together): tables only, as 各单位合计.
    Overlap,
}

impl Indicator {
    pub fn reported_by(&self, unit_type: UnitType) -> bool {
        self.reported_by.contains(&unit_type)
    }

    /// The measure word of running text: [`Indicator::measure`], else the unit.
    pub fn prose_measure(&self) -> &str {
        self.measure.as_deref().unwrap_or(&self.unit)
    }

    /// The verb of a stock's level: [`Indicator::verb`], else 现有.
    pub fn stock_verb(&self) -> &str {
        self.verb.as_deref().unwrap_or("现有")
    }
}

/// A cross-indicator rule checked on each unit's return.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// `code` must not exceed `bound` for the same unit and year.
    NotAbove { code: String, bound: String },
    /// `code` is the sum of `parts` for the same unit and year (退役士兵 are 退役义务兵
    /// and 退役士官): checked when the unit filled in all of them.
    SumOf { code: String, parts: Vec<String> },
}

impl Check {
    /// The indicators the rule compares.
    pub fn codes(&self) -> Vec<&str> {
        match self {
            Check::NotAbove { code, bound } => vec![code, bound],
            Check::SumOf { code, parts } => std::iter::once(code).chain(parts).map(String::as_str).collect(),
        }
    }
}

/// Where a draft report looks for candidates for 存在的问题 (`[[problems]]`), besides
/// the district totals that fell.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The streets that reported 0 for the first of `codes` any unit reported this year:
    /// `西城街道尚未建立<what>`.
    StreetsWithout { codes: Vec<String>, what: String },
    /// Units whose `code` exceeds `done`: `<what>尚有2项未完成：东湖街道2项`.
    Unfinished { code: String, done: String, what: String },
}

impl Problem {
    fn codes(&self) -> Vec<&str> {
        match self {
            Problem::StreetsWithout { codes, .. } => codes.iter().map(String::as_str).collect(),
            Problem::Unfinished { code, done, .. } => vec![code, done],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Catalog {
    indicators: Vec<Indicator>,
    index: BTreeMap<String, usize>,
    pub checks: Vec<Check>,
    pub problems: Vec<Problem>,
    /// Short hash of the catalogue source; stamped into blank workbooks so that `check`
    /// can tell a unit it filled in an outdated template.
    pub fingerprint: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[allow(dead_code)]
    version: Option<u32>,
    #[serde(default)]
    measures: BTreeMap<String, RawMeasure>,
    #[serde(default)]
    checks: Vec<Spanned<RawCheck>>,
    #[serde(default)]
    problems: Vec<Spanned<RawProblem>>,
    indicators: Vec<Spanned<RawIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProblem {
    rule: String,
    #[serde(default)]
    codes: Vec<String>,
    code: Option<String>,
    done: Option<String>,
    what: String,
}

/// Defaults for every indicator counted in one unit of measure.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    max: Option<f64>,
    #[serde(default)]
    min_change: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    rule: String,
    code: String,
    bound: Option<String>,
    #[serde(default)]
    parts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    code: String,
    category: String,
    name: String,
    unit: String,
    kind: Kind,
    aggregate: Aggregate,
    #[serde(default)]
    reported_by: Vec<String>,
    #[serde(default)]
    integer: bool,
    formula: Option<String>,
    notes: Option<String>,
    max: Option<f64>,
    min_change: Option<f64>,
    public: Option<bool>,
    measure: Option<String>,
    noun: Option<String>,
    verb: Option<String>,
    #[serde(default)]
    district: bool,
    #[serde(default)]
    total: TotalMeaning,
    growth: Option<bool>,
    prose_by: Option<String>,
    public_name: Option<String>,
    decimals: Option<usize>,
    #[serde(default)]
    keywords: Vec<String>,
    counted_by: Option<String>,
    #[serde(default)]
    yearly: bool,
    deed: Option<String>,
    #[serde(default)]
    evidence_keywords: Vec<String>,
}

/// 1-based line of a byte offset in `src`.
pub(crate) fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].matches('\n').count() + 1
}

impl Catalog {
    pub fn bundled() -> Catalog {
        Catalog::parse(defaults::CATALOG.text, &defaults::CATALOG.origin())
            .expect("the bundled catalogue is checked by the test suite")
    }

    pub fn load(path: &Path) -> Result<Catalog, CatalogError> {
        let src = crate::files::read_text(path)
            .map_err(|source| CatalogError::Io { path: path.display().to_string(), source })?;
        Catalog::parse(&src, &path.display().to_string())
    }

    pub fn parse(src: &str, origin: &str) -> Result<Catalog, CatalogError> {
        let raw: RawCatalog = toml::from_str(src).map_err(|e| CatalogError::Syntax {
            origin: origin.to_string(),
            line: e.span().map(|s| line_of(src, s.start)).unwrap_or(1),
            message: e.message().to_string(),
        })?;
        let invalid = |span: std::ops::Range<usize>, message: String| CatalogError::Invalid {
            origin: origin.to_string(),
            line: line_of(src, span.start),
            message,
        };

        let mut indicators = Vec::with_capacity(raw.indicators.len());
        let mut index = BTreeMap::new();
        for item in &raw.indicators {
            let span = item.span();
            let r = item.get_ref();
            let code = r.code.trim().to_string();
            if code.is_empty() {
                return Err(invalid(span, "指标编码为空".into()));
            }
            if index.insert(code.clone(), indicators.len()).is_some() {
                return Err(invalid(span, format!("指标编码 {code} 重复")));
            }
            let mut reported_by = Vec::new();
            for t in &r.reported_by {
                let ty = UnitType::parse(t)
                    .ok_or_else(|| invalid(span.clone(), format!("{code} 的 reported_by：{}", UnitType::unknown(t))))?;
                reported_by.push(ty);
            }
            let counted_by =
                match &r.counted_by {
                    Some(t) => Some(UnitType::parse(t).ok_or_else(|| {
                        invalid(span.clone(), format!("{code} 的 counted_by：{}", UnitType::unknown(t)))
                    })?),
                    None => None,
                };
            if r.yearly && r.kind != Kind::Flow {
                return Err(invalid(span, format!("{code} 不是年度累计数（kind = flow），不需要 yearly")));
            }
            if counted_by.is_some_and(|t| !reported_by.contains(&t)) {
                return Err(invalid(span, format!("{code} 的 counted_by 不在 reported_by 之中")));
            }
            let formula = match (&r.formula, r.aggregate) {
                (Some(f), Aggregate::Formula) => {
                    Some(Formula::parse(f).map_err(|m| invalid(span.clone(), format!("{code} 的公式“{f}”有误：{m}")))?)
                }
                (None, Aggregate::Formula) => {
                    return Err(invalid(span, format!("{code} 的 aggregate 为 formula，但没有给出 formula")))
                }
                (Some(_), _) => return Err(invalid(span, format!("{code} 给出了 formula，但 aggregate 不是 formula"))),
                (None, _) => None,
            };
            if r.aggregate != Aggregate::Formula && reported_by.is_empty() {
                return Err(invalid(span, format!("{code} 没有填报单位类型（reported_by 为空）")));
            }
            let measure = raw.measures.get(r.unit.trim());
            let max = r.max.or(measure.and_then(|m| m.max));
            let min_change = r.min_change.or(measure.map(|m| m.min_change)).unwrap_or(0.0);
            if max.is_some_and(|m| m.is_nan() || m <= 0.0) || min_change.is_nan() || min_change < 0.0 {
                return Err(invalid(span, format!("{code} 的 max 应为正数、min_change 应为非负数")));
            }
            if r.verb.is_some() && r.kind != Kind::Stock {
                return Err(invalid(span, format!("{code} 不是年末存量（kind = stock），不需要 verb")));
            }
            if r.district && r.aggregate != Aggregate::Authoritative {
                return Err(invalid(
                    span,
                    format!(
                        "{code} 是区级指标（district = true），aggregate 应为 authoritative：只取双拥办所在单位的数字"
                    ),
                ));
            }
            if r.decimals.is_some_and(|d| d > 4) {
                return Err(invalid(span, format!("{code} 的 decimals 应为 0 到 4")));
            }
            let text = |t: &Option<String>| t.as_ref().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
            let unit = r.unit.trim();
            let decimals = r.decimals.unwrap_or(match (r.integer, unit) {
                (true, _) => 0,
                (false, "%") => 1,
                _ => 2,
            });
            indicators.push(Indicator {
                code,
                category: r.category.trim().to_string(),
                name: r.name.trim().to_string(),
                unit: r.unit.trim().to_string(),
                kind: r.kind,
                aggregate: r.aggregate,
                reported_by,
                integer: r.integer,
                formula,
                notes: r.notes.clone(),
                max,
                min_change,
                public: r.public.unwrap_or(true),
                measure: text(&r.measure),
                noun: text(&r.noun),
                verb: text(&r.verb),
                district: r.district,
                total: r.total,
                growth: r.growth.unwrap_or(true),
                prose_by: text(&r.prose_by),
                public_name: text(&r.public_name),
                keywords: r.keywords.iter().filter(|k| !k.trim().is_empty()).cloned().collect(),
                counted_by,
                yearly: r.yearly,
                deed: text(&r.deed),
                evidence_keywords: r.evidence_keywords.iter().filter(|k| !k.trim().is_empty()).cloned().collect(),
                decimals,
            });
        }
        for (item, ind) in raw.indicators.iter().zip(&indicators) {
            if let Some(f) = &ind.formula {
                for code in f.codes() {
                    if !index.contains_key(code) {
                        return Err(invalid(item.span(), format!("{} 的公式引用了不存在的指标 {code}", ind.code)));
                    }
                }
            }
            if let Some(by) = &ind.prose_by {
                if index.get(by).map(|&i| &indicators[i]).is_none_or(|i| i.prose_by.is_some()) {
                    return Err(invalid(
                        item.span(),
                        format!(
                            "{} 的 prose_by 应为目录中另一个指标的编码（且该指标本身没有 prose_by），现为 {by}",
                            ind.code
                        ),
                    ));
                }
            }
        }
        let mut checks = Vec::new();
        for item in &raw.checks {
            let r = item.get_ref();
            let check = match (r.rule.as_str(), &r.bound) {
                ("not_above", Some(bound)) if r.parts.is_empty() => {
                    Check::NotAbove { code: r.code.clone(), bound: bound.clone() }
                }
                ("sum_of", None) if r.parts.len() >= 2 => Check::SumOf { code: r.code.clone(), parts: r.parts.clone() },
                ("not_above" | "sum_of", _) => {
                    return Err(invalid(
                        item.span(),
                        "检查规则 not_above 需要 code 和 bound，sum_of 需要 code 和至少两项 parts".to_string(),
                    ))
                }
                _ => return Err(invalid(item.span(), format!("未知的检查规则“{}”（支持 not_above、sum_of）", r.rule))),
            };
            for code in check.codes() {
                if !index.contains_key(code) {
                    return Err(invalid(item.span(), format!("检查规则引用了不存在的指标 {code}")));
                }
            }
            checks.push(check);
        }
        let mut problems = Vec::new();
        for item in &raw.problems {
            let r = item.get_ref();
            let problem = match (r.rule.as_str(), &r.code, &r.done) {
                ("streets_without", None, None) if !r.codes.is_empty() => {
                    Problem::StreetsWithout { codes: r.codes.clone(), what: r.what.clone() }
                }
                ("unfinished", Some(code), Some(done)) if r.codes.is_empty() => {
                    Problem::Unfinished { code: code.clone(), done: done.clone(), what: r.what.clone() }
                }
                ("streets_without", ..) => {
                    return Err(invalid(item.span(), "streets_without 规则只写 codes（一个或多个指标编码）".into()))
                }
                ("unfinished", ..) => {
                    return Err(invalid(item.span(), "unfinished 规则只写 code（计划数）和 done（完成数）".into()))
                }
                (other, ..) => {
                    return Err(invalid(
                        item.span(),
                        format!("未知的问题线索规则“{other}”（支持 streets_without、unfinished）"),
                    ))
                }
            };
            if let Some(code) = problem.codes().into_iter().find(|c| !index.contains_key(*c)) {
                return Err(invalid(item.span(), format!("问题线索规则引用了不存在的指标 {code}")));
            }
            problems.push(problem);
        }
        let fingerprint = fingerprint(&indicators);
        let mut catalog = Catalog { indicators, index, checks, problems, fingerprint };
        catalog.check_formula_cycles().map_err(|code| CatalogError::Invalid {
            origin: origin.to_string(),
            line: 1,
            message: format!("指标 {code} 的公式循环引用"),
        })?;
        catalog.withhold_formulas_over_withheld();
        Ok(catalog)
    }

    /// A formula over an indicator not for publication is not for publication either
    /// (ZC07 = ZC04 / ZC06 would give the quota away), whatever its own entry says.
    /// Formulas are acyclic, so repeating until nothing changes ends.
    fn withhold_formulas_over_withheld(&mut self) {
        loop {
            let withheld: Vec<usize> = (0..self.indicators.len())
                .filter(|&i| {
                    let ind = &self.indicators[i];
                    ind.public
                        && ind
                            .formula
                            .as_ref()
                            .is_some_and(|f| f.codes().iter().any(|c| self.get(c).is_some_and(|d| !d.public)))
                })
                .collect();
            if withheld.is_empty() {
                return;
            }
            for i in withheld {
                self.indicators[i].public = false;
            }
        }
    }

    /// The catalogue the public version speaks from: the indicators it may publish, and
    /// the checks among them.
    pub fn published(&self) -> Catalog {
        let indicators: Vec<Indicator> = self
            .indicators
            .iter()
            .filter(|i| i.public)
            .map(|i| Indicator { name: i.public_name.clone().unwrap_or_else(|| i.name.clone()), ..i.clone() })
            .collect();
        let index = indicators.iter().enumerate().map(|(i, ind)| (ind.code.clone(), i)).collect::<BTreeMap<_, _>>();
        let checks =
            self.checks.iter().filter(|c| c.codes().iter().all(|code| index.contains_key(*code))).cloned().collect();
        let problems =
            self.problems.iter().filter(|p| p.codes().iter().all(|c| index.contains_key(*c))).cloned().collect();
        Catalog { indicators, index, checks, problems, fingerprint: self.fingerprint.clone() }
    }

    fn check_formula_cycles(&self) -> Result<(), String> {
        fn visit<'a>(c: &'a Catalog, code: &'a str, stack: &mut BTreeSet<&'a str>) -> Result<(), String> {
            let Some(ind) = c.get(code) else { return Ok(()) };
            let Some(f) = &ind.formula else { return Ok(()) };
            if !stack.insert(code) {
                return Err(code.to_string());
            }
            for dep in f.codes() {
                visit(c, dep, stack)?;
            }
            stack.remove(code);
            Ok(())
        }
        for ind in &self.indicators {
            visit(self, &ind.code, &mut BTreeSet::new())?;
        }
        Ok(())
    }

    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.index.get(code).map(|&i| &self.indicators[i])
    }

    /// Indicators a unit of this type fills in, in catalogue order.
    pub fn reported_by(&self, unit_type: UnitType) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(move |i| i.reported_by(unit_type))
    }

    /// Categories in catalogue order, each once.
    pub fn categories(&self) -> Vec<&str> {
        let mut seen = Vec::<&str>::new();
        for i in &self.indicators {
            if !seen.contains(&i.category.as_str()) {
                seen.push(&i.category);
            }
        }
        seen
    }
}

/// What a blank workbook depends on (codes, names, units, who reports what, in order),
/// so that comments or plausibility bounds added to the catalogue do not make every
/// returned workbook "outdated".
fn fingerprint(indicators: &[Indicator]) -> String {
    let mut hasher = Sha256::new();
    for i in indicators {
        let types: Vec<&str> = i.reported_by.iter().map(|t| t.label()).collect();
        let mut line =
            [i.code.as_str(), &i.category, &i.name, &i.unit, &types.join("、"), &i.integer.to_string()].join("\t");
        // Only the authoritative unit's form lists a district figure; written only when
        // set, so that catalogues without one keep their fingerprint.
        if i.district {
            line.push_str("\tdistrict");
        }
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_catalogue_keeps_every_contract_code() {
        let c = Catalog::bundled();
        let csv = include_str!("../tests/fixtures/indicators.csv");
        for line in csv.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let ind = c.get(f[0]).unwrap_or_else(|| panic!("{} missing", f[0]));
            assert_eq!((ind.category.as_str(), ind.name.as_str(), ind.unit.as_str()), (f[1], f[2], f[3]));
            assert_eq!(ind.aggregate.as_str(), f[5]);
        }
    }

    #[test]
    fn duplicate_code_names_its_line() {
        let src = "[[indicators]]\ncode='A'\ncategory='c'\nname='n'\nunit='人'\nkind='flow'\naggregate='sum'\nreported_by=['部门']\n\n[[indicators]]\ncode='A'\ncategory='c'\nname='n'\nunit='人'\nkind='flow'\naggregate='sum'\nreported_by=['部门']\n";
        let err = Catalog::parse(src, "x.toml").unwrap_err().to_string();
        assert!(err.contains("第 10 行") && err.contains("重复"), "{err}");
    }

    #[test]
    fn unknown_formula_reference_is_refused() {
        let src = "[[indicators]]\ncode='A'\ncategory='c'\nname='n'\nunit='%'\nkind='derived'\naggregate='formula'\nformula='B / C * 100'\n";
        let err = Catalog::parse(src, "x.toml").unwrap_err().to_string();
        assert!(err.contains("不存在的指标 B"), "{err}");
    }

    #[test]
    fn unknown_unit_type_is_refused() {
        let src = "[[indicators]]\ncode='A'\ncategory='c'\nname='n'\nunit='人'\nkind='flow'\naggregate='sum'\nreported_by=['社区']\n";
        let err = Catalog::parse(src, "x.toml").unwrap_err().to_string();
        assert!(err.contains("社区"), "{err}");
    }

    #[test]
    fn syntax_error_names_line() {
        let err = Catalog::parse("version = 1\n[[indicators]\n", "x.toml").unwrap_err().to_string();
        assert!(err.contains("第 2 行"), "{err}");
    }

    #[test]
    fn every_bundled_indicator_has_a_plausibility_bound() {
        for ind in Catalog::bundled().indicators() {
            assert!(ind.max.is_some(), "{} ({}) has no max", ind.code, ind.unit);
        }
    }

    #[test]
    fn bounds_come_from_the_indicator_or_its_unit_of_measure() {
        let src = "[measures]\n\"次\" = { max = 100, min_change = 5 }\n\n\
                   [[indicators]]\ncode = \"A\"\ncategory = \"c\"\nname = \"a\"\nunit = \"次\"\nkind = \"flow\"\n\
                   aggregate = \"sum\"\nreported_by = [\"部门\"]\n\n\
                   [[indicators]]\ncode = \"B\"\ncategory = \"c\"\nname = \"b\"\nunit = \"次\"\nkind = \"flow\"\n\
                   aggregate = \"sum\"\nreported_by = [\"部门\"]\nmax = 7\nmin_change = 1\n\n\
                   [[indicators]]\ncode = \"C\"\ncategory = \"c\"\nname = \"c\"\nunit = \"米\"\nkind = \"flow\"\n\
                   aggregate = \"sum\"\nreported_by = [\"部门\"]\n";
        let c = Catalog::parse(src, "t").unwrap();
        let got = |code: &str| c.get(code).map(|i| (i.max, i.min_change)).unwrap();
        assert_eq!(got("A"), (Some(100.0), 5.0));
        assert_eq!(got("B"), (Some(7.0), 1.0));
        assert_eq!(got("C"), (None, 0.0));
        let err = Catalog::parse(&src.replace("max = 7", "max = -7"), "t").unwrap_err().to_string();
        assert!(err.contains("max 应为正数"), "{err}");
    }

    #[test]
    fn withheld_indicators_say_why_and_formulas_over_them_follow() {
        let c = Catalog::bundled();
        let withheld: Vec<&str> = c.indicators().iter().filter(|i| !i.public).map(|i| i.code.as_str()).collect();
        assert_eq!(withheld, ["ZC04", "ZC06", "ZC07", "YF03", "YF17", "YF18"]);
        for ind in c.indicators().iter().filter(|i| !i.public) {
            assert!(ind.notes.as_deref().is_some_and(|n| n.contains("Not for publication")), "{} says why", ind.code);
        }
        let p = c.published();
        assert!(p.get("ZC06").is_none() && p.get("ZC05").is_some());
        assert_eq!(p.indicators().len(), c.indicators().len() - withheld.len());
        assert_eq!(p.categories(), c.categories());
        // A workspace catalogue that withholds an input only: the rate follows it.
        let src = defaults::CATALOG.text.replace("public = false\n", "");
        let src = src.replace("code = \"ZC06\"\n", "code = \"ZC06\"\npublic = false\n");
        let c = Catalog::parse(&src, "t").unwrap();
        assert!(!c.get("ZC06").unwrap().public && !c.get("ZC07").unwrap().public && c.get("ZC04").unwrap().public);
    }

    #[test]
    fn prose_fields_are_checked() {
        let one = |extra: &str, kind: &str, aggregate: &str| {
            format!("[[indicators]]\ncode='A'\ncategory='c'\nname='n'\nunit='人'\nkind='{kind}'\naggregate='{aggregate}'\nreported_by=['部门']\n{extra}")
        };
        let c = Catalog::parse(&one("measure='名'\nnoun='重点优抚对象'\nverb='共有'", "stock", "sum"), "t").unwrap();
        let a = c.get("A").unwrap();
        assert_eq!((a.prose_measure(), a.noun.as_deref(), a.stock_verb()), ("名", Some("重点优抚对象"), "共有"));
        let err = Catalog::parse(&one("verb='建有'", "flow", "sum"), "t").unwrap_err().to_string();
        assert!(err.contains("verb"), "{err}");
        let err = Catalog::parse(&one("district=true", "flow", "sum"), "t").unwrap_err().to_string();
        assert!(err.contains("authoritative"), "{err}");
        let bundled = Catalog::bundled();
        let yf11 = bundled.get("YF11").unwrap();
        assert_eq!((yf11.prose_measure(), yf11.noun.as_deref()), ("名", Some("重点优抚对象")));
        assert_eq!(bundled.get("YF09").unwrap().prose_measure(), "份");
        assert!(bundled.get("ZZ07").unwrap().district && !bundled.get("ZZ01").unwrap().district);
    }

    #[test]
    fn the_fingerprint_ignores_comments_and_bounds() {
        let base = Catalog::bundled().fingerprint;
        let commented = format!(
            "# a note\n{}",
            defaults::CATALOG.text.replace("\"次\" = { max = 10_000", "\"次\" = { max = 20_000")
        );
        assert_eq!(Catalog::parse(&commented, "t").unwrap().fingerprint, base);
    }

    #[test]
    fn problem_candidates_are_data_checked_as_they_load() {
        let c = Catalog::bundled();
        assert_eq!(c.problems.len(), 3);
        assert_eq!(
            c.problems[2],
            Problem::Unfinished {
                code: "SH04".into(), done: "SH05".into(), what: "军地互办实事“双清单”项目".into()
            }
        );
        let with = |entry: &str| {
            let src = defaults::CATALOG.text.replacen(
                "[[problems]]\n",
                &format!("[[problems]]\n{entry}\n\n[[problems]]\n"),
                1,
            );
            Catalog::parse(&src, "t").map(|c| c.problems.len())
        };
        assert_eq!(with("rule = \"streets_without\"\ncodes = [\"ZZ01\"]\nwhat = \"x\"").unwrap(), 4);
        for (entry, says) in [
            ("rule = \"streets_without\"\ncodes = [\"XX01\"]\nwhat = \"x\"", "XX01"),
            ("rule = \"unfinished\"\ncode = \"SH04\"\nwhat = \"x\"", "done"),
            ("rule = \"fewer\"\ncodes = [\"ZZ01\"]\nwhat = \"x\"", "fewer"),
            ("rule = \"streets_without\"\ncodes = [\"ZZ01\"]\nwhy = \"x\"", "why"),
        ] {
            let err = with(entry).unwrap_err().to_string();
            assert!(err.contains(says), "{entry}: {err}");
        }
        // The public catalogue keeps the rules over what it may publish.
        assert_eq!(c.published().problems.len(), 3);
    }
}
