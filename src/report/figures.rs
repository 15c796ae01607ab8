//! The report year's figures as the report prints them: district totals with their
//! unit of measure, the year-over-year wording, per-unit values. Prose placeholders and
//! table cells both format through here so that a figure reads the same everywhere.
//!
//! Conventions (documented for template authors in `templates/annual-report.md`):
//! - tables: thousands separators; whole numbers for indicators that count whole things,
//!   up to two decimals otherwise (万元, %); a total some contributing unit gave as an
//!   approximation (3500余, 约200) is printed with a leading 约 (`约3,500`): 余 would
//!   claim "more than", which is wrong as soon as one unit wrote 近 or 约;
//! - running text as district reports write it ([`numfmt::prose_figure`]): no
//!   separators, money to two significant figures with 余 (`3800余万元`), the catalogue's
//!   measure word (`220份`) and noun (`2152名重点优抚对象`); the change in words, with
//!   `与上年基本持平` inside the workspace's band and declines left to the tables unless
//!   the template asks for them;
//! - a total that does not exist reads `（未报送）` in prose (`（无法计算）` for a
//!   computed indicator whose inputs are missing) and `—` in tables;
//! - the change against last year: `同比增长12.5%`, `同比下降3.2%`, `与上年持平` when
//!   it rounds to 0.0%; percentages change by percentage points (`同比提高2.3个百分点`);
//!   nothing at all when last year has no total;
//! - like with like: a summed indicator's change is taken over the units that reported
//!   it both years, and the wording names the others (`柳林镇2024年未填报，其余单位同比
//!   下降3.2%`); the 同比增减 cell holds the same like-with-like change, marked `*` and
//!   explained in a note under the table;
//! - a cumulative figure (`since()`) adds up a flow's totals over whole years only: a
//!   year without a total leaves no figure rather than a short one.

use std::collections::BTreeMap;

use super::audience::{withheld_message, Audience};
use crate::aggregate::{Change, Tables, UnitValue};
use crate::catalog::{Aggregate, Catalog, Indicator, Kind};
use crate::numfmt::{self, prose_figure, table_figure};
use crate::workspace::Workspace;

/// A district total and whether an approximation went into it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Total {
    pub value: f64,
    pub approximate: bool,
}

/// Owned snapshot of the figures of the report year and the years before, so that the
/// template functions (which must be `'static`) can hold it.
#[derive(Debug, Clone)]
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
}

/// Units named in a wording before they are counted instead.
const UNITS_NAMED: usize = 3;

/// Relative changes smaller than this read 与上年持平 (they print as 0.0%).
const FLAT_RATIO: f64 = 0.0005;

impl Figures {
    /// The figures as `audience`'s version of the report may print them: its indicators,
    /// its units' own figures, its names for the units left out of a change.
    pub fn new(ws: &Workspace, tables: &Tables, year: i32, audience: &Audience) -> Figures {
        let catalog = &audience.catalog;
        let unit_tables = audience.unit_tables(tables);
        let totals = |y: i32| -> BTreeMap<String, Total> {
            catalog
                .indicators()
                .iter()
                .filter_map(|ind| {
                    let value = tables.total(y, &ind.code)?;
                    Some((ind.code.clone(), Total { value, approximate: approximate(ws, tables, y, ind) }))
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
        }
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

    fn total(&self, year: i32, code: &str) -> Option<Total> {
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
    /// or why there is none.
    pub fn amount(&self, ind: &Indicator) -> String {
        match self.current(&ind.code) {
            Some(t) => prose_amount(ind, t.value, t.approximate),
            None => missing(ind),
        }
    }

    /// `count()`: the total followed by what it counts (`2152名重点优抚对象`, `704户家庭`).
    pub fn count(&self, ind: &Indicator) -> Result<String, String> {
        let noun = ind.noun.as_deref().ok_or_else(|| {
            format!("count() 需要指标目录中 {}（{}）的 noun（所计数的名词，如“重点优抚对象”）", ind.code, ind.name)
        })?;
        Ok(match self.current(&ind.code) {
            Some(_) => format!("{}{noun}", self.amount(ind)),
            None => format!("{noun}{}", missing(ind)),
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

    /// `change()`: the year-over-year change as the report's text says it: `同比增长8.1%`,
    /// `与上年基本持平` within the workspace's band, `同口径增长7.9%` when some units reported
    /// one of the two years only (the tables name them). A decline reads `同比下降3.2%`
    /// only when `declines` is set: by default an office keeps declines in its tables.
    /// Empty without last year's total.
    pub fn prose_change(&self, ind: &Indicator, declines: bool) -> String {
        let Some((change, previous)) = self.change(&ind.code).and_then(|c| Some((c, c.previous?))) else {
            return String::new();
        };
        let basis = if change.is_whole() { "同比" } else { "同口径" };
        let delta = change.current - previous;
        let (size, rose) = if is_percentage(ind) {
            (delta.abs() / 100.0, format!("{}个百分点", prose_figure(delta.abs(), "", false, false)))
        } else if previous == 0.0 {
            let approximate = self.current(&ind.code).is_some_and(|t| t.approximate);
            return match change.current == 0.0 {
                true => "与上年持平".to_string(),
                false => format!("{basis}增加{}", prose_amount(ind, change.current, approximate)),
            };
        } else {
            ((delta / previous).abs(), prose_figure((delta / previous).abs() * 100.0, "%", false, false))
        };
        match (size < self.flat_band, delta > 0.0) {
            (true, _) => "与上年基本持平".to_string(),
            (false, true) if is_percentage(ind) => format!("{basis}提高{rose}"),
            (false, true) => format!("{basis}增长{rose}"),
            (false, false) if declines => format!("{basis}下降{rose}"),
            (false, false) => String::new(),
        }
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
    let s = table_figure(v, 1);
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

fn is_percentage(ind: &Indicator) -> bool {
    ind.unit == "%"
}

/// Whole numbers for indicators that count whole things, else up to two decimals.
pub(crate) fn number(ind: &Indicator, value: f64) -> String {
    table_figure(value, if ind.integer { 0 } else { 2 })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{fact, workspace};

    fn figures(facts: &[crate::validate::Fact]) -> Figures {
        let ws = workspace();
        let tables = crate::aggregate::tables(&ws, facts).unwrap();
        Figures::new(&ws, &tables, 2024, &Audience::internal(&ws))
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

    #[test]
    fn the_text_says_basically_flat_within_the_band_and_keeps_declines_to_the_tables() {
        let f = figures(&[
            fact(2024, "东湖街道", "YF05", 225.0),
            fact(2023, "东湖街道", "YF05", 200.0),
            fact(2024, "东湖街道", "ZZ01", 97.0),
            fact(2023, "东湖街道", "ZZ01", 100.0),
            fact(2024, "东湖街道", "ZZ02", 101.9),
            fact(2023, "东湖街道", "ZZ02", 100.0),
            fact(2024, "东湖街道", "ZZ03", 99.0),
            fact(2023, "东湖街道", "ZZ03", 100.0),
            fact(2024, "东湖街道", "ZC04", 9.0),
            fact(2024, "东湖街道", "ZC06", 10.0),
            fact(2023, "东湖街道", "ZC04", 8.0),
            fact(2023, "东湖街道", "ZC06", 10.0),
            fact(2024, "东湖街道", "YF10", 50.0),
            fact(2024, "西城街道", "YF10", 60.0),
            fact(2023, "东湖街道", "YF10", 40.0),
        ]);
        let w = |code: &str, declines: bool| f.prose_change(f.indicator(code).unwrap(), declines);
        assert_eq!(w("YF05", false), "同比增长12.5%");
        assert_eq!(w("ZZ01", false), "", "a decline is the tables' business");
        assert_eq!(w("ZZ01", true), "同比下降3%");
        assert_eq!(w("ZZ02", false), "与上年基本持平", "+1.9% is within ±2%");
        assert_eq!(w("ZZ03", false), "与上年基本持平");
        assert_eq!(w("ZC07", false), "同比提高10个百分点");
        assert_eq!(w("YF10", false), "同口径增长25%", "西城街道 reported 2024 only");
        assert_eq!(w("ZZ04", false), "");
        // The tables keep the exact change.
        assert_eq!(f.change_cell(f.indicator("ZZ02").unwrap()), "+1.9%");
    }

    #[test]
    fn count_and_stock_use_the_catalogue_noun_and_verb() {
        let f = figures(&[fact(2024, "东湖街道", "YF11", 2152.0), fact(2024, "东湖街道", "ZC03", 4.0)]);
        let ind = |code: &str| f.indicator(code).unwrap();
        assert_eq!(f.count(ind("YF11")), Ok("2152名重点优抚对象".into()));
        assert_eq!(f.count(ind("YF10")), Ok("家庭（未报送）".into()));
        assert_eq!(f.stock(ind("ZC03")), Ok("建有4支拥军支前专业队伍".into()));
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
        assert_eq!(f.amount(zc07), "90%");
        assert_eq!(f.change_wording(zc07), "同比提高10个百分点");
        assert_eq!(f.change_cell(zc07), "+10.0个百分点");
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
        assert_eq!(f.amount(f.indicator("YF06").unwrap()), "3500余万元");
        assert_eq!(f.amount(f.indicator("YF05").unwrap()), "1234次");
        assert_eq!(f.amount(f.indicator("ZZ01").unwrap()), "（未报送）");
        assert_eq!(f.amount(f.indicator("ZC07").unwrap()), "（无法计算）");
        let yf06 = f.indicator("YF06").unwrap();
        assert_eq!(f.cell(yf06, f.current("YF06")), "约3,512.5");
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
