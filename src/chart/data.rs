//! From the tables to a [`Plot`]: which figures each kind shows, how they are labelled,
//! and when there is nothing to draw.

use std::collections::BTreeSet;

use plotters::style::RGBColor;

use super::axis::Axis;
use super::composition::{Composition, YearShares};
use super::hbars::{Bar, HBars, Row, Scale};
use super::paint::{DARK, LIGHT, SERIES};
use super::panel::{Cell, Panel};
use super::plot::Plot;
use super::spec::{ChartSpec, Selection};
use super::trend::{Series, Trend};
use super::ChartError;
use crate::aggregate::Tables;
use crate::catalog::{Catalog, Indicator};
use crate::numfmt::table_figure;
use crate::workspace::UnitType;

/// Units listed by `bar_by_unit` when the spec gives no `top`.
const DEFAULT_TOP: usize = 15;
/// Years a `panel` cell shows, the report year last.
const PANEL_YEARS: usize = 6;
/// Years a `composition` chart shows, the report year first.
const COMPOSITION_YEARS: usize = 3;
/// Target number of intervals on a value axis.
const TICKS: usize = 5;

fn decimals(ind: &Indicator) -> usize {
    if ind.integer {
        0
    } else if ind.unit == "%" {
        1
    } else {
        2
    }
}

fn value_text(ind: &Indicator, v: Option<f64>) -> String {
    v.map(|v| table_figure(v, decimals(ind))).unwrap_or_else(|| "—".to_string())
}

/// The change against last year as printed beside a pair of bars: `+12.5%`, `−8%`,
/// `持平`, `新增` (from zero).
fn change_text(current: Option<f64>, previous: Option<f64>) -> Option<String> {
    let (c, p) = (current?, previous?);
    if p == 0.0 {
        return Some(if c > 0.0 { "新增" } else { "持平" }.to_string());
    }
    let pct = (c - p) / p * 100.0;
    let shown = table_figure(pct.abs(), 1);
    Some(if shown == "0" {
        "持平".to_string()
    } else if pct > 0.0 {
        format!("+{shown}%")
    } else {
        format!("\u{2212}{shown}%")
    })
}

/// Colour of a unit type in every chart that splits by type.
fn type_color(t: UnitType) -> RGBColor {
    let i = UnitType::ALL.iter().position(|&x| x == t).unwrap_or(0);
    SERIES[i % SERIES.len()]
}

/// Every year from the first in the tables up to and including the report year,
/// ascending; a year without returns in between is kept (as a gap), so the spacing of
/// the years stays true.
fn years_until(tables: &Tables, year: i32) -> Vec<i32> {
    match tables.years().first() {
        Some(&first) if first <= year => (first..=year).collect(),
        _ => Vec::new(),
    }
}

/// The district totals a chart plots, less the report year's that the report holds back.
pub(crate) struct Totals<'t> {
    pub(crate) tables: &'t Tables,
    pub(crate) year: i32,
    pub(crate) held: &'t BTreeSet<String>,
}

/// Said in place of a total held back as doubtful.
const HELD: &str = "待核实";

impl Totals<'_> {
    /// Whether the report year's total of `ind` is there and held back.
    fn held(&self, ind: &Indicator) -> bool {
        self.held.contains(&ind.code) && self.tables.total(self.year, &ind.code).is_some()
    }

    fn total(&self, y: i32, ind: &Indicator) -> Option<f64> {
        self.tables.total(y, &ind.code).filter(|_| !(y == self.year && self.held(ind)))
    }

    /// The label over a year's bar: the total, 待核实, or — without one.
    fn label(&self, y: i32, ind: &Indicator) -> String {
        if y == self.year && self.held(ind) {
            HELD.to_string()
        } else {
            value_text(ind, self.total(y, ind))
        }
    }
}

pub(crate) fn plot(spec: &ChartSpec, totals: &Totals, catalog: &Catalog) -> Result<Plot, ChartError> {
    let (tables, year) = (totals.tables, totals.year);
    let selection = spec.selection(catalog)?;
    let no_data = |detail: String| ChartError::NoData { title: spec.title.clone(), year, detail };
    match selection {
        Selection::BarByUnit(ind) => {
            let only = spec.unit_type()?;
            let values: Vec<_> =
                tables.by_unit(year, &ind.code).iter().filter(|v| only.is_none_or(|t| v.unit_type == t)).collect();
            if values.is_empty() {
                let who = only.map(|t| t.label()).unwrap_or("单位");
                return Err(no_data(format!("没有{who}填报指标 {} {}", ind.code, ind.name)));
            }
            let top = spec.top.unwrap_or(DEFAULT_TOP);
            let shown = &values[..values.len().min(top)];
            let rows = shown
                .iter()
                .map(|v| {
                    let text = value_text(ind, Some(v.value));
                    Row {
                        label: v.unit.clone(),
                        bars: vec![Bar {
                            value: Some(v.value),
                            color: DARK,
                            text: if v.approximate { format!("约{text}") } else { text },
                        }],
                        side: None,
                    }
                })
                .collect();
            let omitted = values.len() - shown.len();
            Ok(Plot::HBars(HBars {
                rows,
                scale: Scale::Shared { values: shown.iter().map(|v| v.value).collect(), integer: ind.integer },
                legend: Vec::new(),
                unit_caption: Some(format!("单位：{}", ind.unit)),
                note: (omitted > 0)
                    .then(|| format!("注：按数值从大到小列出前 {} 个单位，另有 {omitted} 个单位未列出。", shown.len())),
            }))
        }
        Selection::YearCompare(list) => {
            let last = year - 1;
            let figures: Vec<(&Indicator, Option<f64>, Option<f64>)> =
                list.iter().map(|i| (*i, totals.total(year, i), totals.total(last, i))).collect();
            let (drawn, empty): (Vec<_>, Vec<_>) =
                figures.into_iter().partition(|(_, c, p)| c.is_some() || p.is_some());
            let held: Vec<&str> =
                drawn.iter().filter(|(i, _, _)| totals.held(i)).map(|(i, _, _)| i.name.as_str()).collect();
            if drawn.is_empty() {
                return Err(no_data(format!("所列指标在 {year} 年和 {last} 年都没有合计数")));
            }
            let has_previous = drawn.iter().any(|(_, _, p)| p.is_some());
            let shared = drawn.iter().all(|(i, _, _)| i.unit == drawn[0].0.unit);
            let rows = drawn
                .iter()
                .map(|&(ind, cur, prev)| {
                    let mut bars = vec![Bar { value: cur, color: DARK, text: totals.label(year, ind) }];
                    if has_previous {
                        bars.push(Bar { value: prev, color: LIGHT, text: value_text(ind, prev) });
                    }
                    Row {
                        label: if shared { ind.name.clone() } else { format!("{}（{}）", ind.name, ind.unit) },
                        bars,
                        side: if has_previous { change_text(cur, prev) } else { None },
                    }
                })
                .collect();
            let scale = if shared {
                let values = drawn.iter().flat_map(|(_, c, p)| [*c, *p]).flatten().collect();
                Scale::Shared { values, integer: drawn.iter().all(|(i, _, _)| i.integer) }
            } else {
                Scale::PerRow
            };
            let mut legend = vec![(DARK, format!("{year}年"))];
            let mut notes = Vec::new();
            if has_previous {
                legend.push((LIGHT, format!("{last}年")));
            } else {
                notes.push(format!("{last}年无数据，仅列出 {year} 年"));
            }
            if !held.is_empty() {
                notes.push(format!("{}的{year}年合计有单位填报的数值待核实，未绘出", held.join("、")));
            }
            if !shared {
                notes.push("各指标计量单位不同，条长按每个指标分别缩放".to_string());
            }
            if !empty.is_empty() {
                let names: Vec<&str> = empty.iter().map(|(i, _, _)| i.name.as_str()).collect();
                notes.push(format!("{}两年均无数据，未列出", names.join("、")));
            }
            Ok(Plot::HBars(HBars {
                rows,
                scale,
                legend,
                unit_caption: shared.then(|| format!("单位：{}", drawn[0].0.unit)),
                note: (!notes.is_empty()).then(|| format!("注：{}。", notes.join("；"))),
            }))
        }
        Selection::Trend(list) => {
            let years = years_until(tables, year);
            let series: Vec<Series> = list
                .iter()
                .map(|ind| {
                    let values: Vec<Option<f64>> = years.iter().map(|&y| totals.total(y, ind)).collect();
                    let labels =
                        values.iter().map(|v| if v.is_some() { value_text(ind, *v) } else { String::new() }).collect();
                    // A line has no label where it stops: the legend says why.
                    let name = match totals.held(ind) {
                        true => format!("{}（{year}年{HELD}）", ind.name),
                        false => ind.name.clone(),
                    };
                    Series { name, values, labels }
                })
                .collect();
            if series.iter().all(|s| s.values.iter().all(Option::is_none)) {
                return Err(no_data("所列指标在各年度都没有合计数".to_string()));
            }
            let values = series.iter().flat_map(|s| s.values.iter().flatten().copied());
            let axis = Axis::covering(values, list.iter().all(|i| i.integer), TICKS);
            let legend = series.len() > 1 || list.iter().any(|i| totals.held(i));
            Ok(Plot::Trend(Trend { years, series, axis, unit_caption: format!("单位：{}", list[0].unit), legend }))
        }
        Selection::Composition(ind) => {
            if totals.held(ind) {
                return Err(no_data(format!("{}的合计有单位填报的数值待核实", ind.name)));
            }
            let mut shares = Vec::new();
            for y in years_until(tables, year).into_iter().rev().take(COMPOSITION_YEARS) {
                let parts = tables.by_unit_type(y, &ind.code);
                if y == year && parts.is_empty() {
                    return Err(no_data(format!("没有单位填报指标 {} {}", ind.code, ind.name)));
                }
                if !parts.is_empty() {
                    shares.push((y, parts));
                }
            }
            if shares.first().map(|(y, _)| *y) != Some(year) {
                return Err(no_data(format!("没有单位填报指标 {} {}", ind.code, ind.name)));
            }
            let types: Vec<UnitType> = UnitType::ALL
                .into_iter()
                .filter(|t| shares.iter().any(|(_, p)| p.iter().any(|(pt, _)| pt == t)))
                .collect();
            let years = shares
                .iter()
                .map(|(y, parts)| YearShares {
                    year: *y,
                    values: types
                        .iter()
                        .map(|t| parts.iter().find(|(pt, _)| pt == t).map(|(_, v)| v.max(0.0)).unwrap_or(0.0))
                        .collect(),
                })
                .collect();
            Ok(Plot::Composition(Composition {
                parts: types.iter().map(|&t| (t.label().to_string(), type_color(t))).collect(),
                years,
                unit: ind.unit.clone(),
                decimals: decimals(ind),
            }))
        }
        Selection::Panel(list) => {
            let mut years = years_until(tables, year);
            years.drain(..years.len().saturating_sub(PANEL_YEARS));
            let cells: Vec<Cell> = list
                .iter()
                .map(|ind| {
                    let values: Vec<Option<f64>> = years.iter().map(|&y| totals.total(y, ind)).collect();
                    let labels = years.iter().map(|&y| totals.label(y, ind)).collect();
                    Cell { title: format!("{}（{}）", ind.name, ind.unit), values, labels }
                })
                .collect();
            if cells.iter().all(|c| c.values.iter().all(Option::is_none)) {
                return Err(no_data("所列指标在各年度都没有合计数".to_string()));
            }
            Ok(Plot::Panel(Panel { years, cells }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_labels() {
        assert_eq!(change_text(Some(112.5), Some(100.0)).as_deref(), Some("+12.5%"));
        assert_eq!(change_text(Some(92.0), Some(100.0)).as_deref(), Some("\u{2212}8%"));
        assert_eq!(change_text(Some(100.01), Some(100.0)).as_deref(), Some("持平"));
        assert_eq!(change_text(Some(5.0), Some(0.0)).as_deref(), Some("新增"));
        assert_eq!(change_text(Some(0.0), Some(0.0)).as_deref(), Some("持平"));
        assert_eq!(change_text(None, Some(3.0)), None);
        assert_eq!(change_text(Some(3.0), None), None);
    }
}
