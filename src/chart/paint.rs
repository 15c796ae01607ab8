//! The look shared by every chart kind (palette, type sizes, spacing) and [`Pen`], which
//! draws in points on any plotters drawing area.
//!
//! The palette is chosen for greyscale printing: the fills differ in lightness (navy
//! prints as about 21 % of white, steel 51 %, pale 78 %), so bars stay distinct without
//! hatching; the report year is always the darkest.

use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontFamily, FontStyle, RGBColor, ShapeStyle, TextStyle};

use super::text;

/// Width of every chart: the type area of GB/T 9704 is 156 mm (442 pt) wide.
pub(crate) const WIDTH: f64 = 440.0;

/// Labels, tick labels and legends: 五号 (10.5 pt).
pub(crate) const LABEL: f64 = 10.5;
/// Notes under a chart: 小五 (9 pt).
pub(crate) const NOTE: f64 = 9.0;
/// Space between a label and what it labels, and around the chart.
pub(crate) const GAP: f64 = 4.0;
pub(crate) const MARGIN: f64 = 6.0;
/// Line height of a label set at [`LABEL`].
pub(crate) const LINE: f64 = LABEL * 1.25;

/// The report year (and the largest share).
pub(crate) const DARK: RGBColor = RGBColor(0x1f, 0x3a, 0x5f);
pub(crate) const MID: RGBColor = RGBColor(0x6f, 0x86, 0xa3);
/// The year before (and the smallest share).
pub(crate) const LIGHT: RGBColor = RGBColor(0xbf, 0xc9, 0xd6);
pub(crate) const INK: RGBColor = RGBColor(0x26, 0x26, 0x26);
pub(crate) const MUTED: RGBColor = RGBColor(0x6b, 0x6b, 0x6b);
pub(crate) const AXIS: RGBColor = RGBColor(0x59, 0x59, 0x59);
pub(crate) const GRID: RGBColor = RGBColor(0xdc, 0xdc, 0xdc);
pub(crate) const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Hairlines (grid) and rules (axes, data lines), in points.
pub(crate) const HAIRLINE: f64 = 0.5;
pub(crate) const RULE: f64 = 0.75;
pub(crate) const DATA_LINE: f64 = 1.5;

/// Fills for shares and series, darkest first.
pub(crate) const SERIES: [RGBColor; 3] = [DARK, MID, LIGHT];

/// Text on a fill: white on the dark fills, ink on the pale one.
pub(crate) fn on(fill: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = fill;
    let luma = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luma < 150.0 {
        WHITE
    } else {
        INK
    }
}

pub(crate) type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draws in points onto a plotters area that has `k` pixels per point.
pub(crate) struct Pen<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    k: f64,
}

impl<'a, DB: DrawingBackend> Pen<'a, DB> {
    pub(crate) fn new(area: &'a DrawingArea<DB, Shift>, k: f64) -> Pen<'a, DB> {
        Pen { area, k }
    }

    fn px(&self, (x, y): (f64, f64)) -> (i32, i32) {
        ((x * self.k).round() as i32, (y * self.k).round() as i32)
    }

    fn stroke(&self, color: RGBColor, width: f64) -> ShapeStyle {
        color.stroke_width(((width * self.k).round() as u32).max(1))
    }

    pub(crate) fn fill_rect(&self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), color: RGBColor) -> DrawResult<DB> {
        if (x1 - x0).abs() * self.k < 0.5 || (y1 - y0).abs() * self.k < 0.5 {
            return Ok(());
        }
        self.area.draw(&Rectangle::new([self.px((x0, y0)), self.px((x1, y1))], color.filled()))
    }

    /// The outline of a rectangle.
    pub(crate) fn frame(
        &self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        color: RGBColor,
        width: f64,
    ) -> DrawResult<DB> {
        self.area.draw(&Rectangle::new([self.px((x0, y0)), self.px((x1, y1))], self.stroke(color, width)))
    }

    pub(crate) fn line(&self, points: &[(f64, f64)], color: RGBColor, width: f64) -> DrawResult<DB> {
        let points: Vec<(i32, i32)> = points.iter().map(|&p| self.px(p)).collect();
        self.area.draw(&PathElement::new(points, self.stroke(color, width)))
    }

    pub(crate) fn circle(&self, center: (f64, f64), r: f64, color: RGBColor) -> DrawResult<DB> {
        let r = ((r * self.k).round() as u32).max(1);
        self.area.draw(&Circle::new(self.px(center), r, color.filled()))
    }

    pub(crate) fn polygon(&self, points: &[(f64, f64)], color: RGBColor) -> DrawResult<DB> {
        let points: Vec<(i32, i32)> = points.iter().map(|&p| self.px(p)).collect();
        self.area.draw(&Polygon::new(points, color.filled()))
    }

    /// One line of text at `size` points; `h`/`v` say which point of its em box is at `at`.
    pub(crate) fn text(&self, s: &str, at: (f64, f64), size: f64, color: RGBColor, h: HPos, v: VPos) -> DrawResult<DB> {
        let style =
            TextStyle::from((FontFamily::Name(text::SVG_FAMILY), size * text::PLOTTERS_EM * self.k, FontStyle::Normal))
                .color(&color)
                .pos(Pos::new(h, v));
        self.area.draw(&Text::new(s.to_string(), self.px(at), style))
    }

    /// Lines of text stacked from `top`, `LINE` apart, each anchored at `x` by `h`.
    pub(crate) fn lines(&self, lines: &[String], x: f64, top: f64, color: RGBColor, h: HPos) -> DrawResult<DB> {
        for (i, l) in lines.iter().enumerate() {
            let y = top + i as f64 * LINE + (LINE - LABEL) / 2.0;
            self.text(l, (x, y), LABEL, color, h, VPos::Top)?;
        }
        Ok(())
    }
}

/// Point markers of lines, told apart by shape as well as by lightness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

pub(crate) const MARKER: f64 = 3.2;

impl<DB: DrawingBackend> Pen<'_, DB> {
    pub(crate) fn marker(&self, m: Marker, (x, y): (f64, f64), color: RGBColor) -> DrawResult<DB> {
        let r = MARKER;
        match m {
            Marker::Circle => {
                self.circle((x, y), r + 0.8, WHITE)?;
                self.circle((x, y), r, color)
            }
            Marker::Square => self.polygon(&[(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)], color),
            Marker::Triangle => {
                let r = r * 1.25;
                self.polygon(&[(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)], color)
            }
            Marker::Diamond => {
                let r = r * 1.3;
                self.polygon(&[(x, y - r), (x + r, y), (x, y + r), (x - r, y)], color)
            }
        }
    }
}

/// What a legend entry shows before its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Key {
    Swatch(RGBColor),
    Line(RGBColor, Marker),
}

const SWATCH: f64 = 8.0;
const KEY_LINE: f64 = 16.0;
const ENTRY_SPACING: f64 = 14.0;

impl Key {
    fn width(&self) -> f64 {
        match self {
            Key::Swatch(_) => SWATCH,
            Key::Line(..) => KEY_LINE,
        }
    }
}

/// Legend entries flowing left to right from `left`, onto further lines when the
/// next entry would pass `right`.
pub(crate) struct Legend {
    /// (key, text, x, line).
    entries: Vec<(Key, String, f64, usize)>,
    pub(crate) lines: usize,
}

impl Legend {
    pub(crate) fn flow(items: Vec<(Key, String)>, left: f64, right: f64) -> Legend {
        let (mut x, mut line) = (left, 0);
        let mut entries = Vec::new();
        for (key, name) in items {
            let w = key.width() + GAP + text::width(&name, LABEL);
            if x > left && x + w > right {
                line += 1;
                x = left;
            }
            entries.push((key, name, x, line));
            x += w + ENTRY_SPACING;
        }
        let lines = if entries.is_empty() { 0 } else { line + 1 };
        Legend { entries, lines }
    }

    pub(crate) fn height(&self) -> f64 {
        lines_height(self.lines)
    }

    /// Draws the entries with the first line's top at `top`.
    pub(crate) fn paint<DB: DrawingBackend>(&self, pen: &Pen<DB>, top: f64) -> DrawResult<DB> {
        for (key, name, x, line) in &self.entries {
            let x = *x;
            let y = top + *line as f64 * LINE + LINE / 2.0;
            match key {
                Key::Swatch(c) => pen.fill_rect((x, y - SWATCH / 2.0), (x + SWATCH, y + SWATCH / 2.0), *c)?,
                Key::Line(c, m) => {
                    pen.line(&[(x, y), (x + KEY_LINE, y)], *c, DATA_LINE)?;
                    pen.marker(*m, (x + KEY_LINE / 2.0, y), *c)?;
                }
            }
            pen.text(name, (x + key.width() + GAP, y), LABEL, INK, HPos::Left, VPos::Center)?;
        }
        Ok(())
    }
}

/// The height `n` lines of labels take.
pub(crate) fn lines_height(n: usize) -> f64 {
    n as f64 * LINE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grey(RGBColor(r, g, b): RGBColor) -> f64 {
        0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b)
    }

    #[test]
    fn fills_differ_in_greyscale() {
        let greys: Vec<f64> = SERIES.iter().map(|&c| grey(c)).collect();
        for pair in greys.windows(2) {
            assert!(pair[1] - pair[0] > 50.0, "{greys:?}");
        }
        assert_eq!(on(DARK), WHITE);
        assert_eq!(on(LIGHT), INK);
    }
}
