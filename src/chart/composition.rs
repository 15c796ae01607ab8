//! `composition`: how an indicator's reported total splits between the unit types, as
//! one 100 % bar per year (the report year on top), with the shares printed in the
//! segments that have room and the report year's figures in the legend.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::paint::{self, DrawResult, Key, Legend, Pen, AXIS, GAP, HAIRLINE, INK, LABEL, MARGIN, MUTED, WIDTH};
use super::text;
use crate::numfmt::table_figure;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Composition {
    /// The parts, in a fixed order (each keeps its colour in every year).
    pub(crate) parts: Vec<(String, RGBColor)>,
    /// Report year first. Values per part; `0.0` where a part reported nothing.
    pub(crate) years: Vec<YearShares>,
    /// Formats an absolute value with its unit, for the legend and totals.
    pub(crate) unit: String,
    pub(crate) decimals: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YearShares {
    pub(crate) year: i32,
    pub(crate) values: Vec<f64>,
}

const BAR: f64 = 20.0;
const ROW_GAP: f64 = 8.0;

impl YearShares {
    fn total(&self) -> f64 {
        self.values.iter().sum()
    }
}

pub(crate) fn percent(share: f64) -> String {
    format!("{}%", table_figure(share * 100.0, 1))
}

pub(crate) struct Layout<'a> {
    spec: &'a Composition,
    x0: f64,
    x1: f64,
    rows_top: f64,
    legend: Legend,
    legend_top: f64,
    pub(crate) height: f64,
}

impl Composition {
    fn amount(&self, v: f64) -> String {
        format!("{}{}", table_figure(v, self.decimals), self.unit)
    }

    fn total_text(&self, y: &YearShares) -> String {
        format!("合计{}", self.amount(y.total()))
    }

    pub(crate) fn layout(&self) -> Layout<'_> {
        let label_w = self.years.iter().map(|y| text::width(&format!("{}年", y.year), LABEL)).fold(0.0, f64::max);
        let total_w = self.years.iter().map(|y| text::width(&self.total_text(y), LABEL)).fold(0.0, f64::max);
        let x0 = MARGIN + label_w + 2.0 * GAP;
        let x1 = WIDTH - MARGIN - total_w - 2.0 * GAP;
        let rows_top = MARGIN;
        let rows_bottom = rows_top + self.years.len() as f64 * (BAR + ROW_GAP) - ROW_GAP;

        // Legend: the report year's figure and share per part, flowing onto more lines
        // when they do not fit in one.
        let current = self.years.first();
        let entries = self
            .parts
            .iter()
            .enumerate()
            .map(|(i, (name, color))| {
                let entry = match current {
                    Some(y) if y.total() > 0.0 => {
                        format!("{name} {}（{}）", self.amount(y.values[i]), percent(y.values[i] / y.total()))
                    }
                    Some(y) => format!("{name} {}", self.amount(y.values[i])),
                    None => name.clone(),
                };
                (Key::Swatch(*color), entry)
            })
            .collect();
        let legend = Legend::flow(entries, x0, WIDTH - MARGIN);
        let legend_top = rows_bottom + 2.0 * GAP;
        let height = legend_top + legend.height() + MARGIN;
        Layout { spec: self, x0, x1, rows_top, legend, legend_top, height }
    }
}

impl Layout<'_> {
    pub(crate) fn paint<DB: DrawingBackend>(&self, pen: &Pen<DB>) -> DrawResult<DB> {
        let spec = self.spec;
        let (x0, x1) = (self.x0, self.x1.max(self.x0 + 1.0));
        for (r, year) in spec.years.iter().enumerate() {
            let top = self.rows_top + r as f64 * (BAR + ROW_GAP);
            let mid = top + BAR / 2.0;
            pen.text(&format!("{}年", year.year), (x0 - 2.0 * GAP, mid), LABEL, INK, HPos::Right, VPos::Center)?;
            pen.text(&spec.total_text(year), (WIDTH - MARGIN, mid), LABEL, MUTED, HPos::Right, VPos::Center)?;
            let total = year.total();
            if total <= 0.0 {
                // Nothing to divide: an empty bar, not a bar of 100 % of nothing.
                pen.frame((x0, top), (x1, top + BAR), AXIS, HAIRLINE)?;
                pen.text("无数值", ((x0 + x1) / 2.0, mid), LABEL, MUTED, HPos::Center, VPos::Center)?;
                continue;
            }
            let mut x = x0;
            for (v, (_, color)) in year.values.iter().zip(&spec.parts) {
                let w = v / total * (x1 - x0);
                if w <= 0.0 {
                    continue;
                }
                // A hairline of paper between segments.
                let right = if x + w < x1 - 0.1 { x + w - 0.75 } else { x + w };
                pen.fill_rect((x, top), (right, top + BAR), *color)?;
                let share = percent(v / total);
                if text::width(&share, LABEL) + 2.0 * GAP <= right - x {
                    pen.text(&share, ((x + right) / 2.0, mid), LABEL, paint::on(*color), HPos::Center, VPos::Center)?;
                }
                x += w;
            }
        }
        self.legend.paint(pen, self.legend_top)
    }
}
