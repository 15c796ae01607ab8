//! The report year's figures as the report prints them: district totals with their
//! unit of measure, the year-over-year wording, per-unit values. Prose placeholders and
//! table cells both format through here so that a figure reads the same everywhere.
//!
//! Conventions (documented for template authors in `templates/annual-report.md`):
//! - tables: thousands separators; each indicator with the catalogue's decimals in every
//!   table (none for counts, one for %, two for 万元); a total some contributing unit gave
//!   as an approximation (3500余, 约200) is printed with a leading 约 (`约3,500.00`);
//! - running text as district reports write it ([`numfmt::prose_figure`]): no
//!   separators, money to two significant figures with 余 (`3800余万元`), the catalogue's
//!   measure word (`220份`) and noun (`2152名重点优抚对象`);
//! - what a total means is the catalogue's (`total`): the units' own activity added up
//!   is given only for a sentence whose actors are the units ([`Figures::units_amount`]),
//!   a stock that may count one thing twice only in the tables; an activity counted two
//!   ways is told by one of them (`prose_by`);
//! - the change in words, as the published texts have it (比上年有所增长, 有较大增长,
//!   与上年基本持平 within the workspace's band), or as a percentage when the workspace
//!   asks (`[report] percentages = true`); never a rise of an intake (`growth = false`);
//!   declines left to the tables unless the template asks for them;
//! - a doubtful total (its change flagged by `check`, no unit's 备注 explaining it) is not
//!   told in the text: `value()` is none, a draft marks the figure 【待核实】, the tables
//!   leave its change blank (the reason is in the 数据质量说明);
//! - a total that does not exist reads `（未报送）` in prose (`（无法计算）` for a
//!   computed indicator whose inputs are missing) and `—` in tables;
//! - like with like: a summed indicator's change is taken over the units that reported
//!   it both years; the table cell is marked and the units are named in the notes;
//! - a cumulative figure (`since()`) adds up a flow's totals over whole years only: a
//!   year without a total (or with a doubtful one) leaves no figure rather than a short one.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use super::audience::{withheld_message, Audience};
use super::Inputs;
use crate::aggregate::{Change, Tables, UnitValue};
use crate::catalog::{Aggregate, Catalog, Indicator, Kind, TotalMeaning};
use crate::diag::Kind as DiagKind;
use crate::numfmt::{self, fixed_figure, prose_figure, table_figure};
use crate::workspace::Workspace;

/// A district total and whether an approximation went into it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Total {
    pub value: f64,
    pub approximate: bool,
}

/// Owned snapshot of the figures of the report year and the years before, so that the
/// template functions (which must be `'static`) can hold it.
#[derive(Debug)]
pub(crate) struct Figures {
    pub year: i32,
    pub catalog: Catalog,
    /// Totals by year, up to the report year.
    totals: BTreeMap<i32, BTreeMap<String, Total>>,
    /// Whether any unit reported anything the year before: without that, tables leave
    /// out the comparison columns instead of filling them with dashes.
    pub has_previous_year: bool,
    by_unit: BTreeMap<String, Vec<UnitValue>>,
    /// The report year's changes by code, like with like.
    changes: BTreeMap<String, Change>,
    /// The indicators this version of the report leaves out, code to name.
    withheld: BTreeMap<String, String>,
    /// Changes within this share read 与上年基本持平 in the text.
    flat_band: f64,
    /// The text gives changes as percentages rather than words.
    percentages: bool,
    /// Totals whose change `check` flagged and nobody explained: not told in the text.
    doubtful: BTreeSet<String>,
    /// Sums with a flagged value too small to leave them out: told rounded down with 余.
    uncertain: BTreeSet<String>,
    /// A draft marks a doubtful figure instead of leaving it out.
    draft: bool,
    /// The indicators whose figure the text has printed so far, in template order: a
    /// highlight that only repeats one of them is not printed after it.
    told: Mutex<BTreeSet<String>>,
}

/// Units named in a wording before they are counted instead.
const UNITS_NAMED: usize = 3;

/// Relative changes smaller than this read 与上年持平 (they print as 0.0%).
const FLAT_RATIO: f64 = 0.0005;

/// A rise or fall of at least this share reads 有较大增长 (a rate: this many hundred
/// percentage points, 5 points).
const LARGE_CHANGE: f64 = 0.2;
const LARGE_RATE_CHANGE: f64 = 0.05;

/// How the draft marks a doubtful figure, and what stands in its place in a final
/// report's sentence a template did not guard with `value()`.
pub(crate) const UNVERIFIED: &str = "【待核实】";
const UNVERIFIED_GAP: &str = "（待核实）";

impl Figures {
    /// The figures as `audience`'s version of the report may print them: its indicators,
    /// its units' own figures, its names for the units left out of a change.
    pub fn new(inputs: &Inputs, audience: &Audience) -> Figures {
        let (ws, tables, year) = (inputs.ws, &inputs.data.tables, inputs.year);
        let catalog = &audience.catalog;
        let unit_tables = audience.unit_tables(tables);
        let (doubtful, uncertain) = doubtful(inputs);
        let totals = |y: i32| -> BTreeMap<String, Total> {
            catalog
                .indicators()
                .iter()
                .filter_map(|ind| {
                    let value = tables.total(y, &ind.code)?;
                    let approximate = approximate(ws, tables, y, ind) || (y == year && uncertain.contains(&ind.code));
                    Some((ind.code.clone(), Total { value, approximate }))
                })
                .collect()
        };
        let by_unit = catalog
            .indicators()
            .iter()
            .map(|ind| (ind.code.clone(), unit_tables.by_unit(year, &ind.code).to_vec()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        Figures {
            year,
            catalog: catalog.clone(),
            totals: tables.years().iter().copied().filter(|&y| y <= year).map(|y| (y, totals(y))).collect(),
            has_previous_year: tables.years().contains(&(year - 1)),
            by_unit,
            changes: catalog
                .indicators()
                .iter()
                .filter_map(|ind| {
                    let mut change = tables.change(year, &ind.code)?;
                    change.only_previous = audience.names(&change.only_previous);
                    change.only_current = audience.names(&change.only_current);
                    Some((ind.code.clone(), change))
                })
                .collect(),
            withheld: audience.withheld.clone(),
            flat_band: ws.flat_band,
            percentages: ws.prose_percentages,
            doubtful,
            uncertain,
            draft: inputs.draft,
            told: Mutex::default(),
        }
    }

    /// Whether the text has printed `code`'s figure so far.
    pub fn told(&self, code: &str) -> bool {
        self.told.lock().is_ok_and(|t| t.contains(code))
    }

    pub fn indicator(&self, code: &str) -> Result<&Indicator, String> {
        if let Some(name) = self.withheld.get(code) {
            return Err(withheld_message(code, name));
        }
        self.catalog.get(code).ok_or_else(|| format!("未知的指标编码“{code}”：指标目录中没有这个编码"))
    }

    /// Whether this version of the report leaves the indicator out.
    pub fn is_withheld(&self, code: &str) -> bool {
        self.withheld.contains_key(code)
    }

    /// Whether the text leaves the total out as doubtful: in a final report, when its
    /// change was flagged and nobody explained it (a draft prints it, marked).
    pub fn is_doubtful(&self, code: &str) -> bool {
        !self.draft && self.in_doubt(code)
    }

    /// Whether a flagged value puts the total in doubt: left out of a final report's
    /// text, marked in a draft's.
    pub fn in_doubt(&self, code: &str) -> bool {
        self.doubtful.contains(code)
    }

    /// Whether the text tells the total rounded down with 余 because of a flagged value.
    pub fn told_rounded(&self, code: &str) -> bool {
        self.uncertain.contains(code)
    }

    /// The totals the text leaves out as doubtful ([`Self::is_doubtful`]): the charts do
    /// not plot them either.
    pub fn held(&self) -> &BTreeSet<String> {
        static NONE: BTreeSet<String> = BTreeSet::new();
        if self.draft {
            &NONE
        } else {
            &self.doubtful
        }
    }

    /// The total for a condition in the template (`value()`): none when there is none,
    /// or when the text may not tell it.
    pub fn value(&self, code: &str) -> Option<f64> {
        self.current(code).filter(|_| !self.is_doubtful(code)).map(|t| t.value)
    }

    pub fn total(&self, year: i32, code: &str) -> Option<Total> {
        self.totals.get(&year)?.get(code).copied()
    }

    pub fn current(&self, code: &str) -> Option<Total> {
        self.total(self.year, code)
    }

    pub fn previous(&self, code: &str) -> Option<Total> {
        self.total(self.year - 1, code)
    }

    /// `since()`: a flow's totals from `first` to the report year added up, with its unit;
    /// empty when a year in between has no total. Stocks and ratios do not add up.
    pub fn since(&self, ind: &Indicator, first: i32) -> Result<String, String> {
        if ind.kind != Kind::Flow {
            return Err(format!("since() 只能累计逐年发生的指标（kind = flow），{}（{}）不是", ind.code, ind.name));
        }
        if first > self.year {
            return Err(format!("since() 的起始年份 {first} 晚于报告年度 {}", self.year));
        }
        if self.doubtful.contains(&ind.code) {
            return Ok(String::new());
        }
        let years: Option<Vec<Total>> = (first..=self.year).map(|y| self.total(y, &ind.code)).collect();
        Ok(years.map_or_else(String::new, |t| {
            prose_amount(ind, t.iter().map(|t| t.value).sum(), t.iter().any(|t| t.approximate))
        }))
    }

    /// Each reporting unit's value this year, largest first.
    pub fn by_unit(&self, code: &str) -> &[UnitValue] {
        self.by_unit.get(code).map(Vec::as_slice).unwrap_or(&[])
    }

    /// `amount()`: this year's total as running text writes it (`3800余万元`, `220份`),
    /// or why there is none. Refused for a figure the text may not state as the
    /// district's ([`TotalMeaning`]) or counts by another measure (`prose_by`).
    pub fn amount(&self, ind: &Indicator) -> Result<String, String> {
        match ind.total {
            TotalMeaning::District => {}
            TotalMeaning::Units => {
                return Err(format!(
                    "{}（{}）是各单位自身活动的合计，不是区级的数字（指标目录 total = \"units\"）：\
                 正文请用 units_amount(\"{}\")，并以“各街道（镇）和成员单位”为主语",
                    ind.code, ind.name, ind.code
                ))
            }
            TotalMeaning::Overlap => {
                return Err(format!(
                "{}（{}）是各单位数字相加，可能重复计算（指标目录 total = \"overlap\"），只在表格中作为各单位合计列出：\
                 正文可用 value(\"{}\") 判断有没有，不写数字",
                ind.code, ind.name, ind.code
            ))
            }
        }
        if let Some(by) = &ind.prose_by {
            return Err(format!(
                "{}（{}）与 {by} 是同一项工作的两种计量，正文统一用 {by}（指标目录 prose_by），一份报告只用一种说法",
                ind.code, ind.name
            ));
        }
        Ok(self.figure(ind))
    }

    /// `units_amount()`: the units' own activity added up (`total = "units"`), for a
    /// sentence whose actors are the units: 各街道（镇）和成员单位……全年共召开……35次.
    pub fn units_amount(&self, ind: &Indicator) -> Result<String, String> {
        if ind.total != TotalMeaning::Units {
            return Err(format!(
                "units_amount() 只用于各单位自身活动的合计（指标目录 total = \"units\"），{}（{}）不是：请用 amount()",
                ind.code, ind.name
            ));
        }
        Ok(self.figure(ind))
    }

    /// The total in running text, marked or left out when doubtful.
    fn figure(&self, ind: &Indicator) -> String {
        let Some(t) = self.current(&ind.code) else { return missing(ind) };
        if let Ok(mut told) = self.told.lock() {
            told.insert(ind.code.clone());
        }
        match (self.doubtful.contains(&ind.code), self.draft) {
            (false, _) => prose_amount(ind, t.value, t.approximate),
            (true, true) => format!("{}{UNVERIFIED}", prose_amount(ind, t.value, t.approximate)),
            (true, false) => UNVERIFIED_GAP.to_string(),
        }
    }

    /// `count()`: the total followed by what it counts (`2152名重点优抚对象`, `704户家庭`).
    pub fn count(&self, ind: &Indicator) -> Result<String, String> {
        let noun = ind.noun.as_deref().ok_or_else(|| {
            format!("count() 需要指标目录中 {}（{}）的 noun（所计数的名词，如“重点优抚对象”）", ind.code, ind.name)
        })?;
        let amount = self.amount(ind)?;
        Ok(match self.current(&ind.code) {
            Some(_) => format!("{amount}{noun}"),
            None => format!("{noun}{amount}"),
        })
    }

    /// `stock()`: a year-end level with its verb (`建有5支拥军支前专业队伍`), never 建立.
    pub fn stock(&self, ind: &Indicator) -> Result<String, String> {
        if ind.kind != Kind::Stock {
            return Err(format!("stock() 只用于年末存量（kind = stock），{}（{}）不是", ind.code, ind.name));
        }
        Ok(format!("{}{}", ind.stock_verb(), self.count(ind)?))
    }

    /// The report year's change, like with like; `None` without a total this year.
    pub fn change(&self, code: &str) -> Option<&Change> {
        self.changes.get(code)
    }

    /// `change()`: the change against last year as the report's text says it:
    /// 比上年有所增长, 比上年有较大增长 (a rate: 提高), 与上年基本持平 within the workspace's
    /// band; with `[report] percentages = true` 比上年增长8.1% (同口径增长7.9% when some
    /// units reported one of the two years only). A decline is said only when `declines`
    /// is set: by default an office keeps declines in its tables. Empty without last
    /// year's total, for a doubtful total, for the rise of an intake (`growth = false`),
    /// and in words for a change over part of the units or from nothing.
    pub fn prose_change(&self, ind: &Indicator, declines: bool) -> String {
        if self.doubtful.contains(&ind.code) {
            return String::new();
        }
        let Some((change, previous)) = self.change(&ind.code).and_then(|c| Some((c, c.previous?))) else {
            return String::new();
        };
        let whole = change.is_whole();
        if !whole && !self.percentages {
            return String::new();
        }
        let delta = change.current - previous;
        let rate = is_percentage(ind);
        let size = if rate {
            delta.abs() / 100.0
        } else if previous == 0.0 {
            if change.current == 0.0 {
                return "与上年持平".to_string();
            }
            if !self.percentages || !ind.growth {
                return String::new();
            }
            let approximate = self.current(&ind.code).is_some_and(|t| t.approximate);
            let basis = if whole { "比上年" } else { "同口径" };
            return format!("{basis}增加{}", prose_amount(ind, change.current, approximate));
        } else {
            (delta / previous).abs()
        };
        if size < self.flat_band {
            return "与上年基本持平".to_string();
        }
        let rose = delta > 0.0;
        if (rose && !ind.growth) || (!rose && !declines) {
            return String::new();
        }
        let verb = match (rate, rose) {
            (true, true) => "提高",
            (false, true) => "增长",
            (_, false) => "下降",
        };
        if self.percentages {
            let basis = if whole { "比上年" } else { "同口径" };
            let by = if rate {
                format!("{}个百分点", prose_figure(delta.abs(), "", false, false))
            } else {
                prose_figure(size * 100.0, "%", false, false)
            };
            return format!("{basis}{verb}{by}");
        }
        let large = size >= if rate { LARGE_RATE_CHANGE } else { LARGE_CHANGE };
        format!("比上年{}{verb}", if large { "有较大" } else { "有所" })
    }

    /// The change wording of the tables' notes, empty without last year's total. Units
    /// that reported one of the two years only are named and left out of the change.
    pub fn change_wording(&self, ind: &Indicator) -> String {
        let Some(change) = self.change(&ind.code) else { return String::new() };
        let approximate = self.current(&ind.code).is_some_and(|t| t.approximate);
        let compared = change.previous.map(|previous| compare_wording(ind, change.current, previous, approximate));
        match self.absentees(ind) {
            None => compared.unwrap_or_default(),
            Some(absent) => {
                std::iter::once(absent).chain(compared.map(|c| format!("其余单位{c}"))).collect::<Vec<_>>().join("，")
            }
        }
    }

    /// The units left out of the change because they reported one of the two years only
    /// (`北苑街道2024年未填报`); `None` when the same units reported both years.
    pub fn absentees(&self, ind: &Indicator) -> Option<String> {
        let change = self.change(&ind.code).filter(|c| !c.is_whole())?;
        let mut parts = Vec::new();
        if !change.only_previous.is_empty() {
            parts.push(format!("{}{}年未填报", unit_list(&change.only_previous), self.year));
        }
        if !change.only_current.is_empty() {
            parts.push(format!("{}{}年未填报", unit_list(&change.only_current), self.year - 1));
        }
        Some(parts.join("，"))
    }

    /// A table cell for a total of this year or the last: the number without its unit
    /// (the unit has its own column), `—` when there is none.
    pub fn cell(&self, ind: &Indicator, total: Option<Total>) -> String {
        match total {
            Some(t) => format!("{}{}", if t.approximate { "约" } else { "" }, number(ind, t.value)),
            None => "—".to_string(),
        }
    }

    /// The 增减 cell: `+12.5%`, `-3.2%`, `持平`, `+2.3个百分点`; `—` when either year
    /// has no total or last year's was 0. Like with like, as the wording.
    pub fn change_cell(&self, ind: &Indicator) -> String {
        if self.doubtful.contains(&ind.code) {
            return String::new();
        }
        let Some((cur, prev)) = self.change(&ind.code).and_then(|c| Some((c.current, c.previous?))) else {
            return "—".to_string();
        };
        let delta = cur - prev;
        if is_percentage(ind) {
            return if delta.abs() < 0.05 {
                "持平".to_string()
            } else {
                format!("{}{}个百分点", sign(delta), one_decimal(delta.abs()))
            };
        }
        if prev == 0.0 {
            return if cur == 0.0 { "持平".to_string() } else { "—".to_string() };
        }
        let ratio = delta / prev;
        if ratio.abs() < FLAT_RATIO {
            "持平".to_string()
        } else {
            format!("{}{}%", sign(ratio), one_decimal(ratio.abs() * 100.0))
        }
    }
}

/// `同比增长12.5%` and its kin for two figures of the same units.
fn compare_wording(ind: &Indicator, cur: f64, prev: f64, approximate: bool) -> String {
    let delta = cur - prev;
    if is_percentage(ind) {
        if delta.abs() < 0.05 {
            return "与上年持平".to_string();
        }
        let points = table_figure(delta.abs(), 1);
        return if delta > 0.0 {
            format!("同比提高{points}个百分点")
        } else {
            format!("同比下降{points}个百分点")
        };
    }
    if prev == 0.0 {
        return if cur == 0.0 {
            "与上年持平".to_string()
        } else {
            // No ratio over nothing: say what was added.
            format!("同比增加{}", with_unit(ind, cur, approximate))
        };
    }
    let ratio = delta / prev;
    if ratio.abs() < FLAT_RATIO {
        "与上年持平".to_string()
    } else if ratio > 0.0 {
        format!("同比增长{}%", table_figure(ratio * 100.0, 1))
    } else {
        format!("同比下降{}%", table_figure(-ratio * 100.0, 1))
    }
}

/// `甲街道、乙镇`, or `甲街道、乙镇、丙镇等5个单位` for a longer list.
pub(crate) fn unit_list(units: &[String]) -> String {
    if units.len() <= UNITS_NAMED {
        units.join("、")
    } else {
        format!("{}等{}个单位", units[..UNITS_NAMED].join("、"), units.len())
    }
}

fn sign(v: f64) -> &'static str {
    if v > 0.0 {
        "+"
    } else {
        "-"
    }
}

/// Exactly one decimal (`2.0`), so that a column of changes lines up.
fn one_decimal(v: f64) -> String {
    fixed_figure(v, 1)
}

fn is_percentage(ind: &Indicator) -> bool {
    ind.unit == "%"
}

/// A figure with the catalogue's decimals for the indicator, in every table alike.
pub(crate) fn number(ind: &Indicator, value: f64) -> String {
    fixed_figure(value, ind.decimals)
}

/// Why there is no total: `（未报送）`, or `（无法计算）` for a computed indicator.
fn missing(ind: &Indicator) -> String {
    match ind.aggregate {
        Aggregate::Formula => "（无法计算）".to_string(),
        _ => "（未报送）".to_string(),
    }
}

/// A figure of `ind` in running text: `3800余万元`, `1234次`, `220份`.
pub(crate) fn prose_amount(ind: &Indicator, value: f64, approximate: bool) -> String {
    numfmt::prose_figure(value, ind.prose_measure(), ind.integer, approximate)
}

/// `约3,500万元`, `1,234次`, `85.5%`: a figure with its unit in a table's note.
pub(crate) fn with_unit(ind: &Indicator, value: f64, approximate: bool) -> String {
    format!("{}{}{}", if approximate { "约" } else { "" }, number(ind, value), ind.unit)
}

/// Whether an approximation went into the district total: any unit's value for a sum,
/// the authoritative unit's for an authoritative figure, any input of a formula.
fn approximate(ws: &Workspace, tables: &Tables, year: i32, ind: &Indicator) -> bool {
    let values = tables.by_unit(year, &ind.code);
    match ind.aggregate {
        Aggregate::Sum => values.iter().any(|v| v.approximate),
        Aggregate::Authoritative => {
            ws.authoritative_unit().is_some_and(|u| values.iter().any(|v| v.approximate && u.answers_to(&v.unit)))
        }
        Aggregate::Formula => ind.formula.as_ref().is_some_and(|f| {
            f.codes().into_iter().filter_map(|c| ws.catalog.get(c)).any(|i| approximate(ws, tables, year, i))
        }),
    }
}

/// What of a sum the unexplained flags may leave wrong before the text stops telling
/// it: a tenth, the size of change the text calls 有所增长 or 有所下降.
const DOUBT_SHARE: f64 = 0.1;

/// The kinds of `check` warning that put a unit's value in doubt until the unit
/// explains it in 备注: a change beyond the threshold, a cross-indicator rule broken
/// (入学入托 above the applications, parts not adding up), a figure far above its peers,
/// or a unit of measure changed on the form.
pub(crate) const DOUBTING: [DiagKind; 4] =
    [DiagKind::LargeChange, DiagKind::CheckFailed, DiagKind::Outlier, DiagKind::WrongMeasureUnit];

/// The totals the text may not tell (writing.md: "a figure `check` flagged and no unit
/// explained is not described in prose"): for an authoritative figure, when the
/// authoritative unit's value was flagged; for a sum, when the total itself moved beyond
/// the change threshold with a flagged value in it, or when the flagged values could
/// leave more than [`DOUBT_SHARE`] of it wrong (a changed value by its change against
/// the unit's last year, any other by its whole). A 备注 beside the value explains it.
/// A formula over a doubtful total is doubtful with it. Second, the sums with a flagged
/// value too small for that: told, but rounded with 余 (1700余人次 for 1723) so that the
/// sentence stays true whichever way the value is settled.
fn doubtful(inputs: &Inputs) -> (BTreeSet<String>, BTreeSet<String>) {
    let (ws, tables, year) = (inputs.ws, &inputs.data.tables, inputs.year);
    let flagged: Vec<(&str, &str, DiagKind)> = inputs
        .data
        .checked
        .diagnostics
        .iter()
        .filter(|d| DOUBTING.contains(&d.kind))
        .filter_map(|d| Some((d.unit.as_deref()?, d.code.as_deref()?, d.kind)))
        .filter(|&(unit, code, _)| !inputs.data.checked.notes.contains_key(&(unit.to_string(), code.to_string())))
        .collect();
    let authority = ws.authoritative_unit();
    let moved = |code: &str| match (tables.total(year, code), tables.total(year - 1, code)) {
        (Some(cur), Some(prev)) if prev > 0.0 => ((cur - prev) / prev).abs() > ws.change_threshold + 1e-9,
        (Some(cur), Some(_)) => cur > 0.0,
        _ => false,
    };
    let unit_value =
        |y: i32, code: &str, unit: &str| tables.by_unit(y, code).iter().find(|v| v.unit == unit).map(|v| v.value);
    // How much of the sum a flagged value may leave wrong.
    let at_stake = |unit: &str, code: &str, kind: DiagKind| {
        let cur = unit_value(year, code, unit).unwrap_or(0.0);
        match (kind, unit_value(year - 1, code, unit)) {
            (DiagKind::LargeChange, Some(prev)) => (cur - prev).abs(),
            _ => cur.abs(),
        }
    };
    let uncertain: BTreeSet<String> = ws
        .catalog
        .indicators()
        .iter()
        .filter(|ind| ind.aggregate == Aggregate::Sum && flagged.iter().any(|f| f.1 == ind.code))
        .map(|ind| ind.code.clone())
        .collect();
    let mut out: BTreeSet<String> = ws
        .catalog
        .indicators()
        .iter()
        .filter(|ind| {
            let mine = flagged.iter().filter(|f| f.1 == ind.code);
            match ind.aggregate {
                Aggregate::Authoritative => mine.clone().any(|f| authority.is_some_and(|a| a.answers_to(f.0))),
                Aggregate::Sum => {
                    let stake: f64 = mine.clone().map(|&(unit, code, kind)| at_stake(unit, code, kind)).sum();
                    let total = tables.total(year, &ind.code).unwrap_or(0.0).abs();
                    mine.clone().next().is_some() && (moved(&ind.code) || stake > DOUBT_SHARE * total)
                }
                Aggregate::Formula => false,
            }
        })
        .map(|ind| ind.code.clone())
        .collect();
    // Formulas are acyclic: repeating until nothing is added ends.
    loop {
        let more: Vec<String> = ws
            .catalog
            .indicators()
            .iter()
            .filter(|ind| !out.contains(&ind.code))
            .filter(|ind| ind.formula.as_ref().is_some_and(|f| f.codes().iter().any(|c| out.contains(*c))))
            .map(|ind| ind.code.clone())
            .collect();
        if more.is_empty() {
            let uncertain = uncertain.difference(&out).cloned().collect();
            return (out, uncertain);
        }
        out.extend(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use crate::report::testutil::{data_set, fact, inputs, workspace};
    use crate::validate::{Checked, Fact};

    fn figures(facts: &[Fact]) -> Figures {
        figures_with(facts, Vec::new(), false, false)
    }

    /// The figures of `facts` with `check`'s `diagnostics`, for a draft or not, in words
    /// or with percentages.
    fn figures_with(facts: &[Fact], diagnostics: Vec<Diagnostic>, draft: bool, percentages: bool) -> Figures {
        let mut ws = workspace();
        ws.prose_percentages = percentages;
        let checked = Checked { facts: facts.to_vec(), diagnostics, ..Checked::default() };
        let data = data_set(&ws, checked);
        Figures::new(&inputs(&ws, &data, draft, false), &Audience::internal(&ws))
    }

    #[test]
    fn change_wording() {
        let f = figures(&[
            fact(2024, "东湖街道", "YF05", 225.0),
            fact(2023, "东湖街道", "YF05", 200.0),
            fact(2024, "东湖街道", "ZZ01", 31.0),
            fact(2023, "东湖街道", "ZZ01", 32.0),
            fact(2024, "东湖街道", "ZZ02", 10000.0),
            fact(2023, "东湖街道", "ZZ02", 10004.0),
            fact(2024, "东湖街道", "ZZ03", 3.0),
        ]);
        let w = |code: &str| f.change_wording(f.indicator(code).unwrap());
        assert_eq!(w("YF05"), "同比增长12.5%");
        assert_eq!(w("ZZ01"), "同比下降3.1%");
        assert_eq!(w("ZZ02"), "与上年持平");
        assert_eq!(w("ZZ03"), "");
        assert_eq!(w("ZZ04"), "");
        let c = |code: &str| f.change_cell(f.indicator(code).unwrap());
        assert_eq!(
            (c("YF05"), c("ZZ01"), c("ZZ02"), c("ZZ03")),
            ("+12.5%".into(), "-3.1%".into(), "持平".into(), "—".into())
        );
    }

    /// The facts of the change tests: 12.5% up, 3% down, +1.9%, -1%, a rate 10 points up,
    /// a count from two units against one, and an intake up 50%.
    fn changes() -> Vec<Fact> {
        vec![
            fact(2024, "东湖街道", "YF05", 225.0),
            fact(2023, "东湖街道", "YF05", 200.0),
            fact(2024, "东湖街道", "YF06", 97.0),
            fact(2023, "东湖街道", "YF06", 100.0),
            fact(2024, "东湖街道", "GF02", 101.9),
            fact(2023, "东湖街道", "GF02", 100.0),
            fact(2024, "东湖街道", "GF04", 99.0),
            fact(2023, "东湖街道", "GF04", 100.0),
            fact(2024, "东湖街道", "ZC04", 9.0),
            fact(2024, "东湖街道", "ZC06", 10.0),
            fact(2023, "东湖街道", "ZC04", 8.0),
            fact(2023, "东湖街道", "ZC06", 10.0),
            fact(2024, "东湖街道", "YF10", 50.0),
            fact(2024, "西城街道", "YF10", 60.0),
            fact(2023, "东湖街道", "YF10", 40.0),
            fact(2024, "区教育局", "TY01", 30.0),
            fact(2023, "区教育局", "TY01", 20.0),
            fact(2024, "东湖街道", "GF06", 300.0),
            fact(2023, "东湖街道", "GF06", 100.0),
        ]
    }

    /// Issue 19: the published texts give no percentages: changes in words, within the
    /// band 与上年基本持平, declines left to the tables, no rise of an intake praised.
    #[test]
    fn the_text_says_changes_in_words() {
        let f = figures(&changes());
        let w = |code: &str, declines: bool| f.prose_change(f.indicator(code).unwrap(), declines);
        assert_eq!(w("YF05", false), "比上年有所增长");
        assert_eq!(w("GF06", false), "比上年有较大增长");
        assert_eq!(w("YF06", false), "", "a decline is the tables' business");
        assert_eq!(w("YF06", true), "比上年有所下降");
        assert_eq!(w("GF02", false), "与上年基本持平", "+1.9% is within ±2%");
        assert_eq!(w("GF04", false), "与上年基本持平");
        assert_eq!(w("ZC07", false), "比上年有较大提高", "a rate rises by 10 points");
        assert_eq!(w("YF10", false), "", "西城街道 reported 2024 only: no words for part of the units");
        assert_eq!(w("TY01", false), "", "an intake is not an achievement");
        assert_eq!(w("ZZ04", false), "");
        // The tables keep the exact change.
        assert_eq!(f.change_cell(f.indicator("GF02").unwrap()), "+1.9%");
    }

    #[test]
    fn an_office_may_ask_for_percentages() {
        let f = figures_with(&changes(), Vec::new(), false, true);
        let w = |code: &str, declines: bool| f.prose_change(f.indicator(code).unwrap(), declines);
        assert_eq!(w("YF05", false), "比上年增长12.5%");
        assert_eq!(w("YF06", false), "");
        assert_eq!(w("YF06", true), "比上年下降3%");
        assert_eq!(w("GF02", false), "与上年基本持平");
        assert_eq!(w("ZC07", false), "比上年提高10个百分点");
        assert_eq!(w("YF10", false), "同口径增长25%", "西城街道 reported 2024 only");
        assert_eq!(w("TY01", false), "");
    }

    /// `check`'s warning of `kind` on `unit`'s YF05.
    fn flag(unit: &str, kind: DiagKind) -> Diagnostic {
        let mut d = Diagnostic::warning(kind, "请核实");
        d.unit = Some(unit.into());
        d.code = Some("YF05".into());
        d
    }

    /// Issue 19: a total whose change `check` flagged and nobody explained is not told:
    /// a draft marks it, a final report leaves it out, the table leaves its change blank.
    #[test]
    fn a_doubtful_total_stays_out_of_the_text() {
        let facts = vec![
            fact(2024, "东湖街道", "YF05", 2000.0),
            fact(2023, "东湖街道", "YF05", 100.0),
            fact(2024, "西城街道", "YF05", 10.0),
            fact(2023, "西城街道", "YF05", 100.0),
        ];
        let flag = |unit: &str| flag(unit, DiagKind::LargeChange);
        let yf05 = |f: &Figures| -> (Option<f64>, String, String, String) {
            let ind = f.indicator("YF05").unwrap();
            (f.value("YF05"), f.amount(ind).unwrap(), f.prose_change(ind, true), f.change_cell(ind))
        };
        let final_ = figures_with(&facts, vec![flag("东湖街道")], false, false);
        assert_eq!(yf05(&final_), (None, "（待核实）".into(), String::new(), String::new()));
        let draft = figures_with(&facts, vec![flag("东湖街道")], true, false);
        assert_eq!(draft.value("YF05"), Some(2010.0));
        assert_eq!(draft.amount(draft.indicator("YF05").unwrap()).unwrap(), "2010次【待核实】");
        // Without the flag the figure is told.
        let told = figures(&facts);
        assert_eq!(yf05(&told).1, "2010次");
        assert_eq!(yf05(&told).3, "+905.0%");
    }

    /// writing.md: a figure `check` flagged and no unit explained is not told, even when
    /// the district total moved little: a flagged value that may leave more than a tenth
    /// of the total wrong holds it back (its change for a change, its whole for a broken
    /// rule); less does not, nor does one the unit explained in 备注.
    #[test]
    fn unexplained_flags_that_carry_a_total_hold_it_back() {
        let facts = vec![
            fact(2024, "东湖街道", "YF05", 762.0),
            fact(2023, "东湖街道", "YF05", 531.0),
            fact(2024, "西城街道", "YF05", 1151.0),
            fact(2023, "西城街道", "YF05", 1400.0),
            fact(2024, "南山镇", "YF05", 14.0),
            fact(2023, "南山镇", "YF05", 10.0),
        ];
        // 1927 against 1941: the total hardly moved, but 231 of it is in doubt.
        let f = figures_with(&facts, vec![flag("东湖街道", DiagKind::LargeChange)], false, false);
        assert_eq!(f.value("YF05"), None);
        // A change of 4 in 1927 is no doubt worth holding the figure back for: the text
        // says 1900余次, true whichever way 南山镇's figure is settled.
        let f = figures_with(&facts, vec![flag("南山镇", DiagKind::LargeChange)], false, false);
        assert_eq!(f.value("YF05"), Some(1927.0));
        assert_eq!(f.amount(f.indicator("YF05").unwrap()).unwrap(), "1900余次");
        // A broken rule puts the whole value in doubt: 14 is less than a tenth, 762 more.
        let f = figures_with(&facts, vec![flag("南山镇", DiagKind::CheckFailed)], false, false);
        assert_eq!(f.value("YF05"), Some(1927.0));
        let f = figures_with(&facts, vec![flag("东湖街道", DiagKind::CheckFailed)], false, false);
        assert_eq!(f.value("YF05"), None);
        // A 备注 explains the change.
        let mut ws = workspace();
        ws.prose_percentages = false;
        let mut checked = Checked {
            facts: facts.clone(),
            diagnostics: vec![flag("东湖街道", DiagKind::LargeChange)],
            ..Checked::default()
        };
        checked.notes.insert(("东湖街道".into(), "YF05".into()), "新增两个驻训点".into());
        let data = data_set(&ws, checked);
        let f = Figures::new(&inputs(&ws, &data, false, false), &Audience::internal(&ws));
        assert_eq!(f.value("YF05"), Some(1927.0));
        assert_eq!(f.amount(f.indicator("YF05").unwrap()).unwrap(), "1927次");
    }

    /// Issue 19: what a total means is the catalogue's: the units' own meetings added up
    /// are no district meetings, a stock that may count twice stays in the tables, and an
    /// activity counted two ways is told one way.
    #[test]
    fn the_text_states_a_total_as_what_it_means() {
        let f = figures(&[
            fact(2024, "东湖街道", "ZZ01", 35.0),
            fact(2024, "东湖街道", "ZC03", 5.0),
            fact(2024, "东湖街道", "YF13", 500.0),
            fact(2024, "东湖街道", "YF05", 50.0),
        ]);
        let ind = |code: &str| f.indicator(code).unwrap();
        let e = f.amount(ind("ZZ01")).unwrap_err();
        assert!(e.contains("units_amount") && e.contains("各街道（镇）和成员单位"), "{e}");
        assert_eq!(f.units_amount(ind("ZZ01")), Ok("35次".into()));
        assert!(f.units_amount(ind("YF05")).unwrap_err().contains("amount()"));
        assert!(f.stock(ind("ZC03")).unwrap_err().contains("overlap"));
        assert_eq!(f.value("ZC03"), Some(5.0), "a condition may still ask whether there are any");
        assert!(f.amount(ind("YF13")).unwrap_err().contains("YF05"));
        assert_eq!(f.amount(ind("YF05")), Ok("50次".into()));
    }

    #[test]
    fn count_and_stock_use_the_catalogue_noun_and_verb() {
        let f = figures(&[fact(2024, "东湖街道", "YF11", 2152.0), fact(2024, "东湖街道", "GF05", 4.0)]);
        let ind = |code: &str| f.indicator(code).unwrap();
        assert_eq!(f.count(ind("YF11")), Ok("2152名重点优抚对象".into()));
        assert_eq!(f.count(ind("YF10")), Ok("军人军属和退役军人家庭（未报送）".into()));
        assert_eq!(f.stock(ind("GF05")), Ok("建有4个双拥宣传阵地".into()));
        assert!(f.stock(ind("YF11")).unwrap_err().contains("kind = stock"));
        assert!(f.count(ind("YF05")).unwrap_err().contains("noun"));
    }

    #[test]
    fn percentages_change_by_points_and_zero_has_no_ratio() {
        let f = figures(&[
            fact(2024, "东湖街道", "ZC04", 9.0),
            fact(2024, "东湖街道", "ZC06", 10.0),
            fact(2023, "东湖街道", "ZC04", 8.0),
            fact(2023, "东湖街道", "ZC06", 10.0),
            fact(2024, "东湖街道", "YF05", 5.0),
            fact(2023, "东湖街道", "YF05", 0.0),
        ]);
        let zc07 = f.indicator("ZC07").unwrap();
        assert_eq!(f.amount(zc07), Ok("90%".into()));
        assert_eq!(f.change_wording(zc07), "同比提高10个百分点");
        assert_eq!(f.change_cell(zc07), "+10.0个百分点");
        assert_eq!(f.cell(zc07, f.current("ZC07")), "90.0", "a percentage with the catalogue's one decimal");
        let yf05 = f.indicator("YF05").unwrap();
        assert_eq!(f.change_wording(yf05), "同比增加5次");
        assert_eq!(f.change_cell(yf05), "—");
    }

    #[test]
    fn a_change_names_the_units_of_one_year_only() {
        let f = figures(&[
            fact(2023, "东湖街道", "YF05", 100.0),
            fact(2023, "南山镇", "YF05", 237.0),
            fact(2024, "东湖街道", "YF05", 100.0),
            fact(2023, "东湖街道", "ZZ01", 4.0),
            fact(2024, "东湖街道", "ZZ01", 5.0),
            fact(2024, "西城街道", "ZZ01", 2.0),
            fact(2023, "南山镇", "ZZ03", 2.0),
            fact(2024, "东湖街道", "ZZ03", 2.0),
        ]);
        let w = |code: &str| f.change_wording(f.indicator(code).unwrap());
        let c = |code: &str| f.change_cell(f.indicator(code).unwrap());
        assert_eq!(w("YF05"), "南山镇2024年未填报，其余单位与上年持平", "not 同比下降70.3%");
        assert_eq!(c("YF05"), "持平");
        assert_eq!(w("ZZ01"), "西城街道2023年未填报，其余单位同比增长25%");
        assert_eq!(c("ZZ01"), "+25.0%");
        assert_eq!(w("ZZ03"), "南山镇2024年未填报，东湖街道2023年未填报");
        assert_eq!(c("ZZ03"), "—");
        let many: Vec<String> = ["甲", "乙", "丙", "丁"].iter().map(|s| s.to_string()).collect();
        assert_eq!(unit_list(&many), "甲、乙、丙等4个单位");
    }

    #[test]
    fn amounts_are_honest_about_gaps_and_approximations() {
        let mut approx = fact(2024, "西城街道", "YF06", 3500.0);
        approx.approximate = true;
        let f = figures(&[fact(2024, "东湖街道", "YF06", 12.5), approx, fact(2024, "东湖街道", "YF05", 1234.0)]);
        let amount = |code: &str| f.amount(f.indicator(code).unwrap()).unwrap();
        assert_eq!(amount("YF06"), "3500余万元");
        assert_eq!(amount("YF05"), "1234次");
        assert_eq!(amount("YF07"), "（未报送）");
        assert_eq!(amount("ZC07"), "（无法计算）");
        let yf06 = f.indicator("YF06").unwrap();
        assert_eq!(f.cell(yf06, f.current("YF06")), "约3,512.50");
        assert_eq!(f.cell(yf06, f.previous("YF06")), "—");
        assert!(f.indicator("XX99").unwrap_err().contains("XX99"));
    }

    #[test]
    fn since_adds_up_whole_years_of_flows_only() {
        let mut approx = fact(2023, "西城街道", "YF05", 100.0);
        approx.approximate = true;
        let f = figures(&[
            fact(2024, "东湖街道", "YF05", 1200.0),
            approx,
            fact(2022, "东湖街道", "YF05", 50.0),
            fact(2024, "东湖街道", "ZZ01", 3.0),
            fact(2022, "东湖街道", "ZZ01", 2.0),
        ]);
        let since = |code: &str, first: i32| f.since(f.indicator(code).unwrap(), first);
        assert_eq!(since("YF05", 2023), Ok("约1300次".into()));
        assert_eq!(since("YF05", 2022), Ok("1300余次".into()));
        assert_eq!(since("ZZ01", 2022), Ok(String::new()), "2023 has no total");
        assert_eq!(since("ZZ01", 2024), Ok("3次".into()));
        assert!(since("YF01", 2022).unwrap_err().contains("YF01"), "a stock");
        assert!(since("YF05", 2025).is_err());
    }
}
