//! Chart lettering: widths from the real glyph advances of the bundled sans face (the
//! 黑体 role, [`FontRole::Heading1`]), one rule for where a label sits relative to its
//! anchor point, and the rasteriser that paints labels into PNGs.
//!
//! Every output obeys the same geometry, so a label that fits in the PDF fits in the SVG
//! and the PNG:
//! - the em box of a CJK face spans 0.88 em above the alphabetic baseline to 0.12 em
//!   below it (the ideographic em box; Noto Sans SC's typo metrics say the same);
//! - plotters' `VPos::Top`/`Center`/`Bottom` put the top/middle/bottom of that em box at
//!   the anchor; `HPos` works on the advance width;
//! - plotters carries a "font size" that its SVG backend divides by 1.24 to get the em
//!   size; charts use that convention everywhere ([`PLOTTERS_EM`]).

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::FontTransform;

use crate::typeset::FontRole;

/// The face chart labels are set in: sans (黑体) reads better than the serif body face
/// at label sizes, and is the face the PDF draws [`FontRole::Heading1`] with.
pub(crate) const ROLE: FontRole = FontRole::Heading1;

/// What SVG viewers are asked for; the bundled face first, then the usual 黑体 names.
pub(crate) const SVG_FAMILY: &str = "Noto Sans SC, Source Han Sans SC, SimHei, sans-serif";

/// plotters' SVG backend writes `font-size = size / 1.24`, so a plotters size is 1.24 em.
pub(crate) const PLOTTERS_EM: f64 = 1.24;

/// Top of the ideographic em box above the baseline, in em.
pub(crate) const ASCENT: f64 = 0.88;
/// Bottom of the ideographic em box below the baseline, in em.
pub(crate) const DESCENT: f64 = 0.12;

pub(crate) fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| {
        FontRef::try_from_slice(crate::typeset::SANS_TTF).expect("the bundled fonts/sans.ttf parses (tested)")
    })
}

fn units_per_em() -> f64 {
    f64::from(font().units_per_em().unwrap_or(1000.0))
}

/// The glyph for `ch`, or `None` when the face lacks it (the PDF then takes it from
/// another face, which is usually full-width).
fn glyph(ch: char) -> Option<GlyphId> {
    Some(font().glyph_id(ch)).filter(|g| g.0 != 0)
}

/// Advance width of `text` set at `em` size, in the same unit as `em`. Characters the
/// face lacks count as one em: the fallback faces are CJK faces, where that is the
/// widest case.
pub(crate) fn width(text: &str, em: f64) -> f64 {
    let upm = units_per_em();
    text.chars()
        .map(|c| match glyph(c) {
            Some(g) => f64::from(font().h_advance_unscaled(g)) / upm,
            None => 1.0,
        })
        .sum::<f64>()
        * em
}

/// Where a label's baseline starts and which way it runs, after anchoring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    /// The anchor point moved onto the baseline (still at the h-anchor's position along
    /// the text).
    pub(crate) on_baseline: (f64, f64),
    /// Start of the baseline (left end of the text, in the text's own direction).
    pub(crate) start: (f64, f64),
    /// Unit vectors along the text and "down" across it, on the page.
    pub(crate) along: (f64, f64),
    pub(crate) down: (f64, f64),
    pub(crate) width: f64,
    pub(crate) em: f64,
}

/// Unit vectors (along, down) of text turned by a plotters transform (clockwise, y down).
pub(crate) fn directions(t: &FontTransform) -> ((f64, f64), (f64, f64)) {
    match t {
        FontTransform::None => ((1.0, 0.0), (0.0, 1.0)),
        FontTransform::Rotate90 => ((0.0, 1.0), (-1.0, 0.0)),
        FontTransform::Rotate180 => ((-1.0, 0.0), (0.0, -1.0)),
        FontTransform::Rotate270 => ((0.0, -1.0), (1.0, 0.0)),
    }
}

/// Offset from the anchor to the baseline, across the text, in em.
pub(crate) fn baseline_offset(v: VPos) -> f64 {
    match v {
        VPos::Top => ASCENT,
        VPos::Center => (ASCENT - DESCENT) / 2.0,
        VPos::Bottom => -DESCENT,
    }
}

pub(crate) fn place(text: &str, em: f64, anchor: (f64, f64), h: HPos, v: VPos, t: &FontTransform) -> Placed {
    let (along, down) = directions(t);
    let w = width(text, em);
    let dv = baseline_offset(v) * em;
    let on_baseline = (anchor.0 + down.0 * dv, anchor.1 + down.1 * dv);
    let du = match h {
        HPos::Left => 0.0,
        HPos::Center => -w / 2.0,
        HPos::Right => -w,
    };
    let start = (on_baseline.0 + along.0 * du, on_baseline.1 + along.1 * du);
    Placed { on_baseline, start, along, down, width: w, em }
}

impl Placed {
    /// The page box the em boxes of the text cover: (x0, y0, x1, y1).
    #[cfg(test)]
    pub(crate) fn bounds(&self) -> (f64, f64, f64, f64) {
        let corners =
            [(0.0, -ASCENT), (self.width / self.em, -ASCENT), (0.0, DESCENT), (self.width / self.em, DESCENT)].map(
                |(u, v)| {
                    let (u, v) = (u * self.em, v * self.em);
                    (
                        self.start.0 + self.along.0 * u + self.down.0 * v,
                        self.start.1 + self.along.1 * u + self.down.1 * v,
                    )
                },
            );
        corners.iter().fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |(x0, y0, x1, y1), &(x, y)| {
            (x0.min(x), y0.min(y), x1.max(x), y1.max(y))
        })
    }

    /// Calls `paint(x, y, coverage)` for every pixel the glyphs touch (coverage in 0..=1),
    /// anti-aliased by ab_glyph. Coordinates are in the unit of the placement (pixels).
    pub(crate) fn rasterize(&self, text: &str, mut paint: impl FnMut(i32, i32, f32)) {
        let f = font();
        let upm = units_per_em();
        // ab_glyph scales so that ascent - descent spans the given pixel height.
        let scale = PxScale::from((self.em * f64::from(f.height_unscaled()) / upm) as f32);
        let rotated = self.along != (1.0, 0.0);
        // Unrotated text keeps its sub-pixel origin; rotated text is drawn about an origin
        // on the pixel grid, then each pixel is turned by a multiple of 90 degrees.
        let (ox, oy) = if rotated { (self.start.0.round(), self.start.1.round()) } else { (0.0, 0.0) };
        let (fx, fy) = if rotated { (0.0, 0.0) } else { (self.start.0, self.start.1) };
        let mut pen = 0.0_f64;
        for ch in text.chars() {
            let Some(id) = glyph(ch) else {
                pen += self.em;
                continue;
            };
            let g = id.with_scale_and_position(scale, ab_glyph::point((fx + pen) as f32, fy as f32));
            pen += f64::from(f.h_advance_unscaled(id)) / upm * self.em;
            let Some(outlined) = f.outline_glyph(g) else { continue };
            let b = outlined.px_bounds();
            outlined.draw(|gx, gy, c| {
                let u = f64::from(b.min.x) + f64::from(gx);
                let v = f64::from(b.min.y) + f64::from(gy);
                let (x, y) = if rotated {
                    (ox + self.along.0 * u + self.down.0 * v, oy + self.along.1 * u + self.down.1 * v)
                } else {
                    (u, v)
                };
                paint(x.floor() as i32, y.floor() as i32, c);
            });
        }
    }
}

/// Splits `text` into lines no wider than `max` at size `em`, breaking between any two
/// characters (Chinese names have no spaces), but no line starts with closing
/// punctuation or ends with opening punctuation (避头尾), and a bracketed unit of
/// measure stays whole.
pub(crate) fn wrap(text: &str, em: f64, max: f64) -> Vec<String> {
    const NO_LINE_START: &[char] =
        &['）', ')', '】', '」', '』', '》', '〉', '，', '。', '、', '；', '：', '？', '！', '%'];
    const NO_LINE_END: &[char] = &['（', '(', '【', '「', '『', '《', '〈'];
    let mut lines: Vec<Vec<char>> = Vec::new();
    let mut line: Vec<char> = Vec::new();
    for ch in text.chars() {
        line.push(ch);
        let s: String = line.iter().collect();
        if line.len() > 1 && width(&s, em) > max {
            let mut cut = line.len() - 1;
            while cut > 1 && (NO_LINE_START.contains(&line[cut]) || NO_LINE_END.contains(&line[cut - 1])) {
                cut -= 1;
            }
            // A unit in brackets (人次) goes to the next line whole.
            if let Some(open) = line[..cut].iter().rposition(|&c| c == '（') {
                if open > 0 && !line[open..cut].contains(&'）') {
                    cut = open;
                }
            }
            let rest = line.split_off(cut);
            lines.push(std::mem::replace(&mut line, rest));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| l.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // Ideographs are one em in every bundled face; digits are narrower.
        assert!((width("区人力资源和社会保障局", 10.0) - 110.0).abs() < 1e-9);
        let digits = width("1,234", 10.0);
        assert!(digits > 15.0 && digits < 35.0, "{digits}");
        assert_eq!(width("", 12.0), 0.0);
        // U+E000 (private use) is not in the face: counted as one em.
        assert!((width("\u{e000}", 10.0) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn placement_follows_the_em_box() {
        let p = place("街道", 10.0, (100.0, 50.0), HPos::Center, VPos::Top, &FontTransform::None);
        let (x0, y0, x1, y1) = p.bounds();
        assert!((x0 - 90.0).abs() < 1e-9 && (x1 - 110.0).abs() < 1e-9);
        assert!((y0 - 50.0).abs() < 1e-9 && (y1 - 60.0).abs() < 1e-9);
        // Turned to read bottom to top, a right-anchored label ends at the anchor, so it
        // lies below it on the page.
        let p = place("街道", 10.0, (100.0, 50.0), HPos::Right, VPos::Center, &FontTransform::Rotate270);
        let (x0, y0, x1, y1) = p.bounds();
        assert!((y0 - 50.0).abs() < 1e-9 && (y1 - 70.0).abs() < 1e-9, "{y0} {y1}");
        assert!((x0 - 95.0).abs() < 1e-9 && (x1 - 105.0).abs() < 1e-9, "{x0} {x1}");
    }

    #[test]
    fn rasterized_glyphs_stay_in_the_em_box() {
        let p = place("国防教育1,234", 20.0, (10.0, 10.0), HPos::Left, VPos::Top, &FontTransform::None);
        let (x0, y0, x1, y1) = p.bounds();
        let mut n = 0;
        p.rasterize("国防教育1,234", |x, y, c| {
            if c > 0.05 {
                n += 1;
                assert!(f64::from(x) >= x0 - 1.0 && f64::from(x) <= x1 + 1.0, "x {x}");
                assert!(f64::from(y) >= y0 - 1.0 && f64::from(y) <= y1 + 1.0, "y {y}");
            }
        });
        assert!(n > 100);
    }

    #[test]
    fn wrapping_keeps_closing_punctuation_on_the_line() {
        assert_eq!(wrap("区人力资源和社会保障局", 10.0, 60.0), vec!["区人力资源和", "社会保障局"]);
        assert_eq!(wrap("走访慰问（次）", 10.0, 60.0), vec!["走访慰问", "（次）"]);
        assert_eq!(wrap("慰问金额（万元）", 10.0, 75.0), vec!["慰问金额", "（万元）"]);
        assert_eq!(wrap("", 10.0, 60.0), vec![""]);
    }
}
