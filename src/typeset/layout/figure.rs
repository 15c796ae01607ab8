//! Figures: a drawing scaled into the type area, with its caption below.

use super::geometry::{rotated_origin, AREA_H, AREA_W, EM_ASCENT, LINE_PITCH};
use super::items::{Item, PathPoint, Row, TextRun};
use super::text::{excerpt, natural_width, plain_atoms, run_of, single_line};
use crate::typeset::linebreak::{break_lines, LineSpec};
use crate::typeset::model::{size, Anchor, Baseline, Figure, FontRole, Rgb, Shape, Stroke};
use crate::typeset::shape::Shaper;

/// The rows of `figure`, captioned as figure `number`: the drawing, then its caption,
/// then space.
pub(super) fn rows(shaper: &Shaper<'_>, figure: &Figure, number: usize) -> Vec<Row> {
    let d = &figure.drawing;
    let caption_size = size::SI_HAO;
    let gap = 0.25 * LINE_PITCH;
    let max_h = AREA_H - LINE_PITCH - 2.0 * gap;
    let size_or_1 = |v: f32| if v.is_finite() { v.max(1.0) } else { 1.0 };
    let (w, h) = (size_or_1(d.width_pt), size_or_1(d.height_pt));
    let scale = (AREA_W / w).min(max_h / h).min(1.0);
    let x0 = (AREA_W - w * scale) / 2.0;
    let context_base = format!("图{number}“{}”", excerpt(&figure.caption));
    let mut items = Vec::new();
    for shape in &d.items {
        shape_items(shaper, shape, x0, gap, scale, &context_base, &mut items);
    }
    let mut rows = vec![Row { height: h * scale + 2.0 * gap, items, break_before: true, ..Row::default() }];

    let text = format!("图{number}\u{3000}{}", figure.caption);
    let atoms = plain_atoms(shaper.shape(FontRole::Heading1, &text, &|| context_base.clone()), false);
    let spec = LineSpec { width: AREA_W, first_indent: 0.0, size: caption_size, grid_pitch: None, justify: false };
    let baseline = (LINE_PITCH - caption_size) / 2.0 + EM_ASCENT * caption_size;
    for line in break_lines(&atoms, spec) {
        rows.push(Row {
            height: LINE_PITCH,
            items: vec![Item::Text(run_of(
                &atoms,
                &line,
                (AREA_W - line.width) / 2.0,
                baseline,
                caption_size,
                Rgb::BLACK,
            ))],
            ..Row::default()
        });
    }
    rows.push(Row { height: LINE_PITCH / 2.0, break_before: true, discardable: true, ..Row::default() });
    rows
}

/// A drawing's shape as items, scaled by `s` and moved by (x0, y0).
fn shape_items(shaper: &Shaper<'_>, shape: &Shape, x0: f32, y0: f32, s: f32, context: &str, out: &mut Vec<Item>) {
    // A shape with a NaN or infinite number in it would corrupt the page: leave it out.
    if !shape_is_finite(shape) {
        return;
    }
    let pt = |x: f32, y: f32| PathPoint { x: x0 + s * x, y: y0 + s * y, control: false };
    let scaled = |st: &Option<Stroke>| st.map(|st| Stroke { color: st.color, width: st.width * s });
    match shape {
        Shape::Line { points, stroke } => {
            if points.len() >= 2 {
                out.push(Item::Path {
                    points: points.iter().map(|&(x, y)| pt(x, y)).collect(),
                    closed: false,
                    fill: None,
                    stroke: scaled(&Some(*stroke)),
                });
            }
        }
        Shape::Rect { x, y, w, h, fill, stroke } => {
            let mut r = Item::rect(0.0, 0.0, w * s, h * s, *fill, scaled(stroke));
            r.translate(x0 + s * x, y0 + s * y);
            out.push(r);
        }
        Shape::Polygon { points, fill, stroke } => {
            if points.len() >= 2 {
                out.push(Item::Path {
                    points: points.iter().map(|&(x, y)| pt(x, y)).collect(),
                    closed: true,
                    fill: *fill,
                    stroke: scaled(stroke),
                });
            }
        }
        Shape::Circle { cx, cy, r, fill, stroke } => {
            // Four cubic arcs; k is the usual control distance for a quarter circle.
            let k = 0.552_284_8 * r;
            let (cx, cy, r) = (*cx, *cy, *r);
            let c = |x: f32, y: f32| PathPoint { control: true, ..pt(x, y) };
            let points = vec![
                pt(cx + r, cy),
                c(cx + r, cy + k),
                c(cx + k, cy + r),
                pt(cx, cy + r),
                c(cx - k, cy + r),
                c(cx - r, cy + k),
                pt(cx - r, cy),
                c(cx - r, cy - k),
                c(cx - k, cy - r),
                pt(cx, cy - r),
                c(cx + k, cy - r),
                c(cx + r, cy - k),
                pt(cx + r, cy),
            ];
            out.push(Item::Path { points, closed: true, fill: *fill, stroke: scaled(stroke) });
        }
        Shape::Text { x, y, text, size_pt, role, anchor, baseline, rotate_deg, color } => {
            let size = size_pt * s;
            let ctx = format!("{context}中的文字“{}”", excerpt(text));
            let glyphs = shaper.shape(*role, text, &|| ctx.clone());
            let w = natural_width(&glyphs, size);
            // The anchor point lies `a` along the baseline from the run's origin and
            // `h` above it.
            let a = match anchor {
                Anchor::Start => 0.0,
                Anchor::Middle => w / 2.0,
                Anchor::End => w,
            };
            let h = match baseline {
                Baseline::Top => EM_ASCENT * size,
                Baseline::Middle => (EM_ASCENT - 0.5) * size,
                Baseline::Bottom => (EM_ASCENT - 1.0) * size,
                Baseline::Alphabetic => 0.0,
            };
            let (ox, oy) = rotated_origin(x0 + s * x, y0 + s * y, a, h, *rotate_deg);
            out.push(Item::Text(TextRun {
                x: ox,
                baseline: oy,
                size,
                color: *color,
                rotate_deg: *rotate_deg,
                glyphs: single_line(&glyphs, size, false),
            }));
        }
    }
}

fn shape_is_finite(shape: &Shape) -> bool {
    let points_ok = |ps: &[(f32, f32)]| ps.iter().all(|(x, y)| x.is_finite() && y.is_finite());
    let stroke_ok = |s: &Option<Stroke>| s.is_none_or(|s| s.width.is_finite() && s.width >= 0.0);
    match shape {
        Shape::Line { points, stroke } => points_ok(points) && stroke_ok(&Some(*stroke)),
        Shape::Rect { x, y, w, h, stroke, .. } => [x, y, w, h].iter().all(|v| v.is_finite()) && stroke_ok(stroke),
        Shape::Polygon { points, stroke, .. } => points_ok(points) && stroke_ok(stroke),
        Shape::Circle { cx, cy, r, stroke, .. } => {
            [cx, cy, r].iter().all(|v| v.is_finite()) && *r >= 0.0 && stroke_ok(stroke)
        }
        Shape::Text { x, y, size_pt, rotate_deg, .. } => {
            [x, y, size_pt, rotate_deg].iter().all(|v| v.is_finite()) && *size_pt > 0.0
        }
    }
}
