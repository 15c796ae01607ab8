//! Charts for the report: drawn with plotters into [`Drawing`]s that the typesetter
//! turns into PDF vector paths and real, searchable text ([`draw`]); the same drawing
//! encoded as SVG ([`svg`]) and PNG ([`png`]) for the Word document and as files for
//! slides ([`export`]). plotters is used only here.
//!
//! # Kinds
//! A ```` ```chart ```` block of the report template holds a [`ChartSpec`] in TOML.
//! - `bar_by_unit`: one indicator by unit, largest first, the top `top` units (15 when
//!   not given; the rest are counted in a note), optionally only one `unit_type`.
//!   Horizontal bars, because unit names are long; names wrap rather than being cut.
//! - `year_compare`: the report year (dark) against the year before (light) for each
//!   indicator of a `category` (or an `indicators` list), with the change in per cent.
//!   When all the indicators share one unit of measure the bars share one value axis.
//!   When they do not (a category mixes 次, 人 and 万元), lengths of different
//!   indicators must not be compared, so each indicator's pair is scaled to its own
//!   larger bar, the unit goes into the label and there is no value axis; a note under
//!   the chart says so. Comparing the two years within an indicator is what the chart
//!   is for, and that stays exact either way.
//! - `trend`: one line per indicator over every year in the tables up to the report
//!   year (a gap where a year has no total). The indicators must share a unit of
//!   measure: two value axes invite false comparisons, so mixed units are refused with
//!   a pointer to `panel`.
//! - `composition`: an indicator's reported total split by unit type as 100 % bars, the
//!   report year on top and up to two earlier years under it, with the report year's
//!   figures and shares in the legend. Not for `authoritative` indicators, whose unit
//!   figures overlap (the authority reports the district total, streets their share),
//!   nor for computed ones.
//! - `panel`: small multiples, 2–6 indicators in a grid, each a mini bar chart over
//!   the last six years scaled to itself, the report year dark.
//!
//! # Look
//! 440 pt wide (the type area), labels in 五号 (10.5 pt) and notes in 小五 (9 pt), in the
//! sans face that the PDF draws with the 黑体 role; numbers with thousands separators; the
//! unit of measure on every value axis (`单位：次`). Fills differ in lightness so that
//! they survive greyscale printing: navy for the report year, pale grey-blue for the
//! year before, a steel blue between them for the middle share.
//!
//! # One drawing, two encoders
//! The chart code draws once, on a plotters backend that records the shapes in points
//! (on a quarter-point grid), with text measured by the bundled sans face's advance
//! widths and placed by one em-box rule. Every output takes that drawing: the PDF and
//! OFD draw it, [`svg`] writes it as SVG, [`png`] paints it with plotters' bitmap
//! backend (text rasterised with ab_glyph from the same face), so they all look the same.

mod axis;
mod backend;
mod composition;
mod data;
mod hbars;
mod paint;
mod panel;
mod plot;
mod raster;
mod spec;
mod text;
mod trend;
mod vector;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::aggregate::Tables;
use crate::catalog::Catalog;
use crate::typeset::Drawing;

pub use raster::png;
pub use spec::{ChartKind, ChartSpec};
pub use vector::svg;

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The chart block is not valid TOML, misspells a key or names an unknown kind.
    #[error("图表设置第 {line} 行：{message}")]
    Syntax { line: usize, message: String },
    /// The keys do not fit the kind, or the indicators cannot be drawn that way.
    #[error("图表“{title}”：{message}")]
    Invalid { title: String, message: String },
    /// A code that the catalogue does not have (a typo, or a workspace catalogue that
    /// lacks an indicator the template uses).
    #[error("图表“{title}”：指标编码 {code} 不在指标目录中")]
    UnknownIndicator { title: String, code: String },
    /// Nothing to draw: no unit reported the indicator that year (missing returns, or a
    /// chart for a year without data).
    #[error("图表“{title}”：{year} 年没有可画的数据（{detail}）")]
    NoData { title: String, year: i32, detail: String },
    /// plotters refused to draw (an internal fault, not a problem with the data).
    #[error("图表“{title}”绘制失败：{message}")]
    Render { title: String, message: String },
    /// A file could not be written (`export`).
    #[error("无法写入图表文件 {path}：{message}")]
    Write { path: String, message: String },
}

/// The chart as a vector drawing, 440 pt wide, for `typeset::Figure { caption:
/// spec.title, drawing }`. `held`: the indicators whose report-year total the report
/// holds back as doubtful (its text does not tell them): the chart does not plot them
/// either and says 待核实 in their place.
pub fn draw(
    spec: &ChartSpec,
    tables: &Tables,
    catalog: &Catalog,
    year: i32,
    held: &BTreeSet<String>,
) -> Result<Drawing, ChartError> {
    let plot = data::plot(spec, &data::Totals { tables, year, held }, catalog)?;
    plot.drawing().map_err(|message| ChartError::Render { title: spec.title.clone(), message })
}

/// Points earned against points possible, one pair of bars per row (the dossier's score
/// summary by standard). Rows are `(label, earned, possible)`.
pub fn score_bars(title: &str, rows: &[(String, f64, f64)]) -> Result<Drawing, ChartError> {
    let text = |v: f64| crate::numfmt::table_figure(v, 2);
    let plot = plot::Plot::HBars(hbars::HBars {
        rows: rows
            .iter()
            .map(|(label, earned, possible)| hbars::Row {
                label: label.clone(),
                bars: vec![
                    hbars::Bar { value: Some(*earned), color: paint::DARK, text: text(*earned) },
                    hbars::Bar { value: Some(*possible), color: paint::LIGHT, text: text(*possible) },
                ],
                side: None,
            })
            .collect(),
        scale: hbars::Scale::Shared { values: rows.iter().flat_map(|r| [r.1, r.2]).collect(), integer: false },
        legend: vec![(paint::DARK, "得分".to_string()), (paint::LIGHT, "分值".to_string())],
        unit_caption: Some("单位：分".to_string()),
        note: None,
    });
    plot.drawing().map_err(|message| ChartError::Render { title: title.to_string(), message })
}

/// PNGs for slides: 2 pixels per point (880 px wide).
const PNG_PX_PER_PT: f64 = 2.0;

/// Writes a drawn chart titled `title` as `dir/<file_stem>.svg` and `dir/<file_stem>.png`
/// (2 px per point, for slides), creating `dir` if needed, and returns the two paths.
pub fn export(drawing: &Drawing, title: &str, dir: &Path, file_stem: &str) -> Result<Vec<PathBuf>, ChartError> {
    let (png_bytes, _) =
        png(drawing, PNG_PX_PER_PT).map_err(|message| ChartError::Render { title: title.to_string(), message })?;
    let failed = |path: &Path, message: String| ChartError::Write { path: path.display().to_string(), message };
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, e.to_string()))?;
    let svg_path = dir.join(format!("{file_stem}.svg"));
    crate::output::write_atomic(&svg_path, svg(drawing).as_bytes()).map_err(|e| failed(&svg_path, e.to_string()))?;
    let png_path = dir.join(format!("{file_stem}.png"));
    crate::output::write_atomic(&png_path, &png_bytes).map_err(|e| failed(&png_path, e.to_string()))?;
    Ok(vec![svg_path, png_path])
}
