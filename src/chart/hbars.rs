//! Horizontal bars with the category names on the left, for `bar_by_unit` and
//! `year_compare`. Names of units and indicators are long in Chinese
//! (区人力资源和社会保障局), so they run horizontally, wrapping onto a second line
//! rather than being cut or turned.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::axis::Axis;
use super::paint::{
    self, DrawResult, Key, Legend, Pen, AXIS, GAP, GRID, HAIRLINE, INK, LABEL, LINE, MARGIN, MUTED, NOTE, RULE, WIDTH,
};
use super::text;

/// One category: its name and one or more bars stacked top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) label: String,
    pub(crate) bars: Vec<Bar>,
    /// Text right-aligned at the far right of the row (the change against last year).
    pub(crate) side: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    /// `None` draws no bar, only the text (e.g. `—` for no figure).
    pub(crate) value: Option<f64>,
    pub(crate) color: RGBColor,
    /// The value label printed at the end of the bar.
    pub(crate) text: String,
}

/// How bar lengths are scaled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scale {
    /// One value axis for all rows, drawn with grid lines and tick labels, covering
    /// these values.
    Shared { values: Vec<f64>, integer: bool },
    /// Each row scaled to its own largest bar; no axis. For rows in different units of
    /// measure, whose lengths must not be compared across rows.
    PerRow,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HBars {
    pub(crate) rows: Vec<Row>,
    pub(crate) scale: Scale,
    /// Swatches and names above the chart, left to right.
    pub(crate) legend: Vec<(RGBColor, String)>,
    /// Printed at the top right, e.g. `单位：次`.
    pub(crate) unit_caption: Option<String>,
    /// Small print under the chart.
    pub(crate) note: Option<String>,
}

/// The widest a label column may get before names wrap.
const LABEL_COLUMN_MAX: f64 = WIDTH * 0.36;

fn bar_thickness(bars_per_row: usize) -> f64 {
    if bars_per_row > 1 {
        10.0
    } else {
        11.0
    }
}

/// Between the bars of a pair: enough that their value labels (one em each) do not
/// touch.
const BAR_GAP: f64 = 2.5;
const NOTE_LINE: f64 = NOTE * 1.35;
const ROW_PAD: f64 = 7.0;
/// Tick labels keep at least this much space between them.
const TICK_SPACING: f64 = 3.0 * GAP;

pub(crate) struct Layout<'a> {
    spec: &'a HBars,
    labels: Vec<Vec<String>>,
    note: Vec<String>,
    legend: Legend,
    axis: Option<Axis>,
    row_tops: Vec<f64>,
    row_heights: Vec<f64>,
    header: f64,
    plot_x0: f64,
    plot_x1: f64,
    side_x: f64,
    rows_bottom: f64,
    pub(crate) height: f64,
}

impl HBars {
    pub(crate) fn layout(&self) -> Layout<'_> {
        let widest_label = self.rows.iter().map(|r| text::width(&r.label, LABEL)).fold(0.0, f64::max);
        let label_w = widest_label.min(LABEL_COLUMN_MAX);
        let labels: Vec<Vec<String>> = self.rows.iter().map(|r| text::wrap(&r.label, LABEL, label_w)).collect();
        let label_w = labels.iter().flatten().map(|l| text::width(l, LABEL)).fold(0.0, f64::max);

        let side_w =
            self.rows.iter().filter_map(|r| r.side.as_deref()).map(|s| text::width(s, LABEL)).fold(0.0, f64::max);
        let value_w = self.rows.iter().flat_map(|r| &r.bars).map(|b| text::width(&b.text, LABEL)).fold(0.0, f64::max);

        let plot_x0 = MARGIN + label_w + 2.0 * GAP;
        let side_x = WIDTH - MARGIN;
        let bars_end = side_x - if side_w > 0.0 { side_w + 3.0 * GAP } else { 0.0 } - GAP - value_w;
        let (axis, plot_x1) = match &self.scale {
            Scale::Shared { values, integer } => {
                // Fewer ticks until their labels fit between each other; the last label
                // is centred on the end of the axis.
                let try_ticks = |target: usize| {
                    let axis = Axis::covering(values.iter().copied(), *integer, target);
                    let widest = axis.ticks().iter().map(|&t| text::width(&axis.label(t), LABEL)).fold(0.0, f64::max);
                    let x1 = bars_end.min(WIDTH - MARGIN - text::width(&axis.label(axis.hi), LABEL) / 2.0);
                    let spacing = (x1 - plot_x0) / (axis.ticks().len() - 1).max(1) as f64;
                    (axis, x1, widest + TICK_SPACING <= spacing)
                };
                let (axis, x1, _) = (2..=5).rev().map(try_ticks).find(|t| t.2).unwrap_or_else(|| try_ticks(1));
                (Some(axis), x1)
            }
            Scale::PerRow => (None, bars_end),
        };

        let caption_w = self.unit_caption.as_deref().map(|c| text::width(c, LABEL) + 3.0 * GAP).unwrap_or(0.0);
        let legend = Legend::flow(
            self.legend.iter().map(|(c, s)| (Key::Swatch(*c), s.clone())).collect(),
            plot_x0,
            WIDTH - MARGIN - caption_w,
        );
        let header =
            if legend.lines == 0 && self.unit_caption.is_none() { 0.0 } else { legend.height().max(LINE) + GAP };
        let mut y = MARGIN + header;
        let mut row_tops = Vec::new();
        let mut row_heights = Vec::new();
        for (row, lines) in self.rows.iter().zip(&labels) {
            let n = row.bars.len().max(1);
            let bars = n as f64 * bar_thickness(n) + (n - 1) as f64 * BAR_GAP;
            let h = paint::lines_height(lines.len()).max(bars) + ROW_PAD;
            row_tops.push(y);
            row_heights.push(h);
            y += h;
        }
        let rows_bottom = y;
        let mut height = rows_bottom;
        if axis.is_some() {
            height += GAP + LINE;
        }
        let note = match &self.note {
            Some(n) => text::wrap(n, NOTE, WIDTH - 2.0 * MARGIN),
            None => Vec::new(),
        };
        height += note.len() as f64 * NOTE_LINE + if note.is_empty() { 0.0 } else { GAP };
        height += MARGIN;
        Layout {
            spec: self,
            labels,
            note,
            legend,
            axis,
            row_tops,
            row_heights,
            header,
            plot_x0,
            plot_x1,
            side_x,
            rows_bottom,
            height,
        }
    }
}

impl Layout<'_> {
    pub(crate) fn paint<DB: DrawingBackend>(&self, pen: &Pen<DB>) -> DrawResult<DB> {
        let spec = self.spec;
        let (x0, x1) = (self.plot_x0, self.plot_x1.max(self.plot_x0 + 1.0));
        let rows_top = MARGIN + self.header;
        self.legend.paint(pen, MARGIN)?;
        if let Some(caption) = &spec.unit_caption {
            pen.text(caption, (WIDTH - MARGIN, MARGIN + LINE / 2.0), LABEL, MUTED, HPos::Right, VPos::Center)?;
        }
        if let Some(axis) = &self.axis {
            for t in axis.ticks() {
                let x = axis.map(t, x0, x1);
                if t != 0.0 {
                    pen.line(&[(x, rows_top), (x, self.rows_bottom)], GRID, HAIRLINE)?;
                }
                pen.text(&axis.label(t), (x, self.rows_bottom + GAP), LABEL, MUTED, HPos::Center, VPos::Top)?;
            }
        }
        for (i, row) in spec.rows.iter().enumerate() {
            let top = self.row_tops[i];
            let h = self.row_heights[i];
            let mid = top + h / 2.0;
            let lines = &self.labels[i];
            let label_top = mid - paint::lines_height(lines.len()) / 2.0;
            pen.lines(lines, x0 - 2.0 * GAP, label_top, INK, HPos::Right)?;

            let n = row.bars.len().max(1);
            let thick = bar_thickness(n);
            let block = n as f64 * thick + (n - 1) as f64 * BAR_GAP;
            let row_max = row.bars.iter().filter_map(|b| b.value).fold(0.0, f64::max);
            for (j, bar) in row.bars.iter().enumerate() {
                let bt = mid - block / 2.0 + j as f64 * (thick + BAR_GAP);
                let end = match (&self.axis, bar.value) {
                    (_, None) => x0,
                    (Some(axis), Some(v)) => axis.map(v.max(axis.lo), x0, x1),
                    (None, Some(v)) if row_max > 0.0 => x0 + v.max(0.0) / row_max * (x1 - x0),
                    (None, Some(_)) => x0,
                };
                pen.fill_rect((x0, bt), (end, bt + thick), bar.color)?;
                pen.text(&bar.text, (end + GAP, bt + thick / 2.0), LABEL, INK, HPos::Left, VPos::Center)?;
            }
            if let Some(side) = &row.side {
                pen.text(side, (self.side_x, mid), LABEL, MUTED, HPos::Right, VPos::Center)?;
            }
        }
        // The zero line over the bars' roots.
        pen.line(&[(x0, rows_top), (x0, self.rows_bottom)], AXIS, RULE)?;
        let note_top = self.height - MARGIN - self.note.len() as f64 * NOTE_LINE;
        for (i, line) in self.note.iter().enumerate() {
            let y = note_top + i as f64 * NOTE_LINE + (NOTE_LINE - NOTE) / 2.0;
            pen.text(line, (MARGIN, y), NOTE, MUTED, HPos::Left, VPos::Top)?;
        }
        Ok(())
    }
}
