//! `trend`: one line per indicator across the years, all in one unit of measure.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::axis::Axis;
use super::paint::{
    DrawResult, Key, Legend, Marker, Pen, AXIS, DARK, DATA_LINE, GAP, GRID, HAIRLINE, INK, LABEL, LINE, MARGIN, MARKER,
    MID, MUTED, RULE, WIDTH,
};
use super::text;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Trend {
    pub(crate) years: Vec<i32>,
    pub(crate) series: Vec<Series>,
    pub(crate) axis: Axis,
    /// `单位：人`.
    pub(crate) unit_caption: String,
    /// Whether a legend names the lines: when there are several, or when a line's name
    /// says why it stops short of the report year.
    pub(crate) legend: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    pub(crate) name: String,
    /// One per year; `None` where the indicator has no total (the line breaks there).
    pub(crate) values: Vec<Option<f64>>,
    /// Value labels, one per year (empty where there is no value).
    pub(crate) labels: Vec<String>,
}

/// Line colours; lines are told apart by marker shape as well.
const COLORS: [RGBColor; 4] = [DARK, MID, RGBColor(0x8c, 0x8c, 0x8c), RGBColor(0x3c, 0x3c, 0x3c)];
const MARKERS: [Marker; 4] = [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond];
pub(crate) const MAX_SERIES: usize = COLORS.len();
const PLOT_HEIGHT: f64 = 170.0;

pub(crate) struct Layout<'a> {
    spec: &'a Trend,
    x0: f64,
    x1: f64,
    plot_top: f64,
    plot_bottom: f64,
    /// Which value labels to print: all of a single series when they fit between the
    /// points, else the report year's (last) point of each series, beside it.
    all_labels: bool,
    /// Under the year labels, when there is more than one line.
    legend: Legend,
    /// Per year: `2024年`, or `2024` when that does not fit, and only every so many
    /// years (always the report year) when even that does not.
    year_labels: Vec<Option<String>>,
    pub(crate) height: f64,
}

fn year_labels(years: &[i32], slot: f64) -> Vec<Option<String>> {
    let full: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
    let widest = |labels: &[String]| labels.iter().map(|l| text::width(l, LABEL)).fold(0.0, f64::max);
    if widest(&full) + GAP <= slot {
        return full.into_iter().map(Some).collect();
    }
    let short: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let every = ((widest(&short) + GAP) / slot).ceil().max(1.0) as usize;
    let last = years.len().saturating_sub(1);
    short.into_iter().enumerate().map(|(i, l)| (last - i).is_multiple_of(every).then_some(l)).collect()
}

impl Trend {
    pub(crate) fn layout(&self) -> Layout<'_> {
        let tick_w = self.axis.ticks().iter().map(|&t| text::width(&self.axis.label(t), LABEL)).fold(0.0, f64::max);
        let x0 = MARGIN + tick_w + 2.0 * GAP;
        let n = self.years.len().max(1) as f64;
        let widest = |labels: &[String]| labels.iter().map(|l| text::width(l, LABEL)).fold(0.0, f64::max);
        let last_w = self
            .series
            .iter()
            .map(|s| s.labels.last().map(|l| text::width(l, LABEL)).unwrap_or(0.0))
            .fold(0.0, f64::max);
        // Try labels over every point of a single line; they need a slot each.
        let x1_above = WIDTH - MARGIN;
        let slot_above = (x1_above - x0) / n;
        let all_labels = self.series.len() == 1 && widest(&self.series[0].labels) + GAP <= slot_above;
        let x1 = if all_labels { x1_above } else { WIDTH - MARGIN - last_w - 2.0 * GAP - MARKER };
        let year_w = self.years.iter().map(|y| text::width(&format!("{y}年"), LABEL)).fold(0.0, f64::max);
        let x1 = x1.min(WIDTH - MARGIN - (year_w / 2.0 - (x1 - x0) / n / 2.0).max(0.0));
        let plot_top = MARGIN + LINE + GAP + if all_labels { LINE } else { LABEL / 2.0 };
        let plot_bottom = plot_top + PLOT_HEIGHT;
        let entries = if self.legend {
            self.series
                .iter()
                .enumerate()
                .map(|(i, s)| (Key::Line(COLORS[i % COLORS.len()], MARKERS[i % MARKERS.len()]), s.name.clone()))
                .collect()
        } else {
            Vec::new()
        };
        let legend = Legend::flow(entries, x0, WIDTH - MARGIN);
        let legend_h = if legend.lines > 0 { GAP + legend.height() } else { 0.0 };
        let height = plot_bottom + GAP + LINE + legend_h + MARGIN;
        let year_labels = year_labels(&self.years, (x1 - x0) / n);
        Layout { spec: self, x0, x1, plot_top, plot_bottom, all_labels, legend, year_labels, height }
    }
}

impl Layout<'_> {
    fn x(&self, i: usize) -> f64 {
        let n = self.spec.years.len().max(1) as f64;
        self.x0 + (i as f64 + 0.5) * (self.x1 - self.x0) / n
    }

    fn y(&self, v: f64) -> f64 {
        self.spec.axis.map(v, self.plot_bottom, self.plot_top)
    }

    pub(crate) fn paint<DB: DrawingBackend>(&self, pen: &Pen<DB>) -> DrawResult<DB> {
        let spec = self.spec;
        let header_y = MARGIN + LINE / 2.0;
        pen.text(&spec.unit_caption, (MARGIN, header_y), LABEL, MUTED, HPos::Left, VPos::Center)?;
        self.legend.paint(pen, self.plot_bottom + GAP + LINE + GAP)?;
        for t in spec.axis.ticks() {
            let y = self.y(t);
            let color = if t == 0.0 { AXIS } else { GRID };
            let width = if t == 0.0 { RULE } else { HAIRLINE };
            pen.line(&[(self.x0, y), (self.x1, y)], color, width)?;
            pen.text(&spec.axis.label(t), (self.x0 - GAP, y), LABEL, MUTED, HPos::Right, VPos::Center)?;
        }
        for (i, label) in self.year_labels.iter().enumerate() {
            if let Some(label) = label {
                pen.text(label, (self.x(i), self.plot_bottom + GAP), LABEL, INK, HPos::Center, VPos::Top)?;
            }
        }
        for (si, s) in spec.series.iter().enumerate() {
            let color = COLORS[si % COLORS.len()];
            // Runs of consecutive years with values.
            let mut run: Vec<(f64, f64)> = Vec::new();
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => run.push((self.x(i), self.y(*v))),
                    None => {
                        if run.len() > 1 {
                            pen.line(&run, color, DATA_LINE)?;
                        }
                        run.clear();
                    }
                }
            }
            if run.len() > 1 {
                pen.line(&run, color, DATA_LINE)?;
            }
            for (i, v) in s.values.iter().enumerate() {
                if let Some(v) = v {
                    pen.marker(MARKERS[si % MARKERS.len()], (self.x(i), self.y(*v)), color)?;
                }
            }
        }
        self.paint_labels(pen)
    }

    fn paint_labels<DB: DrawingBackend>(&self, pen: &Pen<DB>) -> DrawResult<DB> {
        let spec = self.spec;
        if self.all_labels {
            let s = &spec.series[0];
            for (i, (v, label)) in s.values.iter().zip(&s.labels).enumerate() {
                if let Some(v) = v {
                    pen.text(label, (self.x(i), self.y(*v) - MARKER - GAP), LABEL, INK, HPos::Center, VPos::Bottom)?;
                }
            }
            return Ok(());
        }
        // The last point of each line, labelled to its right; labels pushed apart so
        // that lines ending close together do not print over each other.
        let last = spec.years.len().saturating_sub(1);
        let mut labels: Vec<(f64, &str)> = spec
            .series
            .iter()
            .filter_map(|s| Some((self.y(s.values.get(last).copied().flatten()?), s.labels.get(last)?.as_str())))
            .collect();
        labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Label centres stay within the plot, clear of the year labels under it.
        let (lo, hi) = (self.plot_top, self.plot_bottom - LABEL * 0.6);
        for i in 1..labels.len() {
            labels[i].0 = labels[i].0.max(labels[i - 1].0 + LABEL * 1.15);
        }
        if let Some(overflow) = labels.last().map(|l| l.0 - hi).filter(|o| *o > 0.0) {
            for l in labels.iter_mut() {
                l.0 -= overflow;
            }
            for i in (0..labels.len().saturating_sub(1)).rev() {
                labels[i].0 = labels[i].0.min(labels[i + 1].0 - LABEL * 1.15);
            }
        }
        for (y, label) in labels {
            let y = y.max(lo);
            pen.text(label, (self.x(last) + MARKER + 2.0 * GAP, y), LABEL, INK, HPos::Left, VPos::Center)?;
        }
        Ok(())
    }
}
