//! `panel`: small multiples, one mini bar chart per key indicator over the years, each
//! scaled to itself (the indicators differ in unit), the report year dark.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use super::paint::{self, DrawResult, Pen, AXIS, DARK, GAP, INK, LABEL, LIGHT, MARGIN, MUTED, NOTE, RULE, WIDTH};
use super::text;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Panel {
    pub(crate) years: Vec<i32>,
    pub(crate) cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    /// Name with its unit: `走访慰问优抚对象和部队（次）`.
    pub(crate) title: String,
    /// One per year.
    pub(crate) values: Vec<Option<f64>>,
    pub(crate) labels: Vec<String>,
}

pub(crate) const MAX_CELLS: usize = 6;
const CELL_GAP_X: f64 = 18.0;
const CELL_GAP_Y: f64 = 14.0;
const BARS_HEIGHT: f64 = 64.0;
const NOTE_LINE: f64 = NOTE * 1.3;

pub(crate) struct Layout<'a> {
    spec: &'a Panel,
    cols: usize,
    cell_w: f64,
    titles: Vec<Vec<String>>,
    /// Top of each grid row and the height of its titles.
    row_tops: Vec<(f64, f64)>,
    pub(crate) height: f64,
}

impl Panel {
    pub(crate) fn layout(&self) -> Layout<'_> {
        let cols = if self.cells.len() <= 4 { 2 } else { 3 };
        let cell_w = (WIDTH - 2.0 * MARGIN - (cols - 1) as f64 * CELL_GAP_X) / cols as f64;
        let titles: Vec<Vec<String>> = self.cells.iter().map(|c| text::wrap(&c.title, LABEL, cell_w)).collect();
        let mut row_tops = Vec::new();
        let mut y = MARGIN;
        for row in titles.chunks(cols) {
            let title_h = paint::lines_height(row.iter().map(Vec::len).max().unwrap_or(1));
            row_tops.push((y, title_h));
            y += title_h + GAP + NOTE_LINE + BARS_HEIGHT + GAP + NOTE_LINE + CELL_GAP_Y;
        }
        let height = y - CELL_GAP_Y + MARGIN;
        Layout { spec: self, cols, cell_w, titles, row_tops, height }
    }
}

impl Layout<'_> {
    pub(crate) fn paint<DB: DrawingBackend>(&self, pen: &Pen<DB>) -> DrawResult<DB> {
        let years = &self.spec.years;
        let n = years.len().max(1);
        for (i, cell) in self.spec.cells.iter().enumerate() {
            let (top, title_h) = self.row_tops[i / self.cols];
            let left = MARGIN + (i % self.cols) as f64 * (self.cell_w + CELL_GAP_X);
            let right = left + self.cell_w;
            pen.lines(&self.titles[i], left, top, INK, HPos::Left)?;

            let values_y = top + title_h + GAP;
            // The tallest bar stops a gap short of the value labels.
            let bars_top = values_y + NOTE_LINE + GAP;
            let base = values_y + NOTE_LINE + BARS_HEIGHT;
            let slot = self.cell_w / n as f64;
            let bar_w = (slot * 0.62).min(26.0);
            let max = cell.values.iter().flatten().fold(0.0_f64, |a, &b| a.max(b));
            // Every value over its bar when all fit in their slots, else only the
            // report year's, flush with the cell's right edge.
            let fit = cell.labels.iter().all(|l| text::width(l, NOTE) + 2.0 <= slot);
            for (j, v) in cell.values.iter().enumerate() {
                let cx = left + (j as f64 + 0.5) * slot;
                let current = j + 1 == n;
                if let Some(v) = v {
                    let h = if max > 0.0 { v.max(0.0) / max * (base - bars_top) } else { 0.0 };
                    pen.fill_rect(
                        (cx - bar_w / 2.0, base - h),
                        (cx + bar_w / 2.0, base),
                        if current { DARK } else { LIGHT },
                    )?;
                }
                let label = cell.labels.get(j).map(String::as_str).unwrap_or("");
                if fit {
                    pen.text(label, (cx, values_y), NOTE, if current { INK } else { MUTED }, HPos::Center, VPos::Top)?;
                } else if current {
                    pen.text(label, (right, values_y), NOTE, INK, HPos::Right, VPos::Top)?;
                }
                if let Some(year) = years.get(j) {
                    pen.text(&year.to_string(), (cx, base + GAP), NOTE, MUTED, HPos::Center, VPos::Top)?;
                }
            }
            pen.line(&[(left, base), (right, base)], AXIS, RULE)?;
        }
        Ok(())
    }
}
