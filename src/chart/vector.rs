//! Any [`Drawing`] as SVG, for the Word document: Word 2016 and later show the vector
//! picture and older readers its PNG twin. Written by hand rather than replayed through
//! plotters' SVG backend, which cannot place text by our anchors and baselines; the
//! baselines are the ones the PNG's text uses, so the two pictures agree.

use std::fmt::Write;

use plotters_backend::text_anchor::VPos;

use super::text;
use crate::typeset::{Anchor, Baseline, Drawing, Rgb, Shape, Stroke};
use crate::xml::escape;

/// The bundled sans face draws chart text in the PNG; the office's 黑体 stands in where
/// Word lacks it.
const FAMILY: &str = "'Noto Sans SC', 黑体, SimHei, sans-serif";

/// `drawing` as a standalone SVG document, one user unit per point.
pub fn svg(drawing: &Drawing) -> String {
    let (w, h) = (drawing.width_pt, drawing.height_pt);
    let mut out = format!(
        r##"<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="#ffffff"/>"##
    );
    for shape in &drawing.items {
        element(&mut out, shape);
    }
    out.push_str("</svg>");
    out
}

fn element(out: &mut String, shape: &Shape) {
    // Writing to a String cannot fail.
    let _ = match shape {
        Shape::Line { points, stroke } => {
            write!(out, r#"<polyline points="{}" fill="none"{}/>"#, points_attr(points), stroke_attr(Some(stroke)))
        }
        Shape::Rect { x, y, w, h, fill, stroke } => write!(
            out,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}"{}{}/>"#,
            fill_attr(*fill),
            stroke_attr(stroke.as_ref())
        ),
        Shape::Polygon { points, fill, stroke } => write!(
            out,
            r#"<polygon points="{}"{}{}/>"#,
            points_attr(points),
            fill_attr(*fill),
            stroke_attr(stroke.as_ref())
        ),
        Shape::Circle { cx, cy, r, fill, stroke } => {
            write!(out, r#"<circle cx="{cx}" cy="{cy}" r="{r}"{}{}/>"#, fill_attr(*fill), stroke_attr(stroke.as_ref()))
        }
        Shape::Text { x, y, text: s, size_pt, anchor, baseline, rotate_deg, color, .. } => {
            let anchor = match anchor {
                Anchor::Start => "start",
                Anchor::Middle => "middle",
                Anchor::End => "end",
            };
            // Word ignores dominant-baseline: move the anchor onto the alphabetic baseline.
            let down = match baseline {
                Baseline::Top => text::baseline_offset(VPos::Top),
                Baseline::Middle => text::baseline_offset(VPos::Center),
                Baseline::Bottom => text::baseline_offset(VPos::Bottom),
                Baseline::Alphabetic => 0.0,
            } * f64::from(*size_pt);
            let rotate = if *rotate_deg == 0.0 {
                String::new()
            } else {
                // SVG turns clockwise, the drawing's angle counter-clockwise.
                format!(r#" transform="rotate({} {x} {y})""#, -rotate_deg)
            };
            write!(
                out,
                r#"<text x="{x}" y="{}" font-family="{FAMILY}" font-size="{size_pt}" text-anchor="{anchor}" fill="{}"{rotate}>{}</text>"#,
                f64::from(*y) + down,
                hex(*color),
                escape(s)
            )
        }
    };
}

fn points_attr(points: &[(f32, f32)]) -> String {
    points.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" ")
}

fn fill_attr(fill: Option<Rgb>) -> String {
    format!(r#" fill="{}""#, fill.map_or_else(|| "none".to_string(), hex))
}

fn stroke_attr(stroke: Option<&Stroke>) -> String {
    stroke.map_or_else(String::new, |s| format!(r#" stroke="{}" stroke-width="{}""#, hex(s.color), s.width))
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::FontRole;

    #[test]
    fn writes_every_shape_with_text_on_its_baseline() {
        let drawing = Drawing {
            width_pt: 100.0,
            height_pt: 40.0,
            items: vec![
                Shape::Rect { x: 1.0, y: 2.0, w: 10.0, h: 5.0, fill: Some(Rgb::new(30, 50, 90)), stroke: None },
                Shape::Line {
                    points: vec![(0.0, 0.0), (10.0, 10.0)],
                    stroke: Stroke { color: Rgb::BLACK, width: 0.5 },
                },
                Shape::Text {
                    x: 50.0,
                    y: 10.0,
                    text: "走访<慰问>".into(),
                    size_pt: 10.0,
                    role: FontRole::Body,
                    anchor: Anchor::Middle,
                    baseline: Baseline::Alphabetic,
                    rotate_deg: 90.0,
                    color: Rgb::BLACK,
                },
            ],
        };
        let svg = svg(&drawing);
        assert!(svg.starts_with("<?xml") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"viewBox="0 0 100 40""#));
        assert!(svg.contains(r##"<rect x="1" y="2" width="10" height="5" fill="#1e325a"/>"##), "{svg}");
        assert!(svg.contains(r##"<polyline points="0,0 10,10" fill="none" stroke="#000000" stroke-width="0.5"/>"##));
        assert!(svg.contains(r#"text-anchor="middle""#) && svg.contains(r#"transform="rotate(-90 50 10)""#));
        assert!(svg.contains("走访&lt;慰问&gt;"));
        assert!(svg.contains(r#"y="10""#), "alphabetic text stays on y");
    }
}
