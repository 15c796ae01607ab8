//! Any [`Drawing`] as a PNG: the Word document embeds charts as pictures, and gets them
//! from the same drawings the PDF draws (the dossier's score chart has no chart spec).
//! Text is rasterised from the bundled sans face exactly as [`super::export`]'s PNGs.

use plotters::backend::BitMapBackend;
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor, ShapeStyle};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, FontTransform};

use super::text;
use crate::typeset::{Anchor, Baseline, Drawing, Rgb, Shape, Stroke};

/// `drawing` on white at `px_per_pt` pixels per point, PNG-encoded; also its pixel size.
pub fn png(drawing: &Drawing, px_per_pt: f64) -> Result<(Vec<u8>, (u32, u32)), String> {
    let size = (
        (f64::from(drawing.width_pt) * px_per_pt).ceil() as u32,
        (f64::from(drawing.height_pt) * px_per_pt).ceil() as u32,
    );
    let mut rgb = vec![255u8; size.0 as usize * size.1 as usize * 3];
    {
        let mut backend = BitMapBackend::with_buffer(&mut rgb, size);
        for shape in &drawing.items {
            paint(&mut backend, shape, px_per_pt).map_err(|e| e.to_string())?;
        }
        backend.present().map_err(|e| e.to_string())?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, size.0, size.1);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Pictures Word re-encodes when it saves, and slides: speed over the last few per cent.
    encoder.set_compression(png::Compression::Fast);
    // Word and LibreOffice size a picture by its extent, but image viewers by this.
    let dots_per_metre = (px_per_pt * 72.0 / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: dots_per_metre,
        yppu: dots_per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok((out, size))
}

fn color(c: Rgb) -> RGBColor {
    RGBColor(c.r, c.g, c.b)
}

fn fill_style(c: Rgb) -> ShapeStyle {
    color(c).filled()
}

fn stroke_style(s: &Stroke, k: f64) -> ShapeStyle {
    color(s.color).stroke_width(((f64::from(s.width) * k).round() as u32).max(1))
}

type Paint<'a> = Result<(), plotters_backend::DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>>;

fn paint<'a>(b: &mut BitMapBackend<'a>, shape: &Shape, k: f64) -> Paint<'a> {
    let px = |(x, y): (f32, f32)| ((f64::from(x) * k).round() as i32, (f64::from(y) * k).round() as i32);
    match shape {
        Shape::Line { points, stroke } => b.draw_path(points.iter().map(|p| px(*p)), &stroke_style(stroke, k)),
        Shape::Rect { x, y, w, h, fill, stroke } => {
            let (a, z) = (px((*x, *y)), px((x + w, y + h)));
            if let Some(f) = fill {
                // plotters fills the bottom-right pixel row and column inclusively.
                b.draw_rect(a, (z.0 - 1, z.1 - 1), &fill_style(*f), true)?;
            }
            match stroke {
                Some(s) => b.draw_rect(a, z, &stroke_style(s, k), false),
                None => Ok(()),
            }
        }
        Shape::Polygon { points, fill, stroke } => {
            let pts: Vec<(i32, i32)> = points.iter().map(|p| px(*p)).collect();
            if let Some(f) = fill {
                b.fill_polygon(pts.iter().copied(), &fill_style(*f))?;
            }
            match stroke {
                Some(s) => b.draw_path(pts.iter().chain(pts.first()).copied(), &stroke_style(s, k)),
                None => Ok(()),
            }
        }
        Shape::Circle { cx, cy, r, fill, stroke } => {
            let (c, r) = (px((*cx, *cy)), (f64::from(*r) * k).round() as u32);
            if let Some(f) = fill {
                b.draw_circle(c, r, &fill_style(*f), true)?;
            }
            match stroke {
                Some(s) => b.draw_circle(c, r, &stroke_style(s, k), false),
                None => Ok(()),
            }
        }
        Shape::Text { x, y, text: s, size_pt, anchor, baseline, rotate_deg, color: c, .. } => {
            let transform = match rotate_deg.rem_euclid(360.0).round() as i32 {
                90 => FontTransform::Rotate270,
                180 => FontTransform::Rotate180,
                270 => FontTransform::Rotate90,
                _ => FontTransform::None,
            };
            let h = match anchor {
                Anchor::Start => HPos::Left,
                Anchor::Middle => HPos::Center,
                Anchor::End => HPos::Right,
            };
            let em = f64::from(*size_pt) * k;
            let at = (f64::from(*x) * k, f64::from(*y) * k);
            let placed = match baseline {
                Baseline::Top => text::place(s, em, at, h, VPos::Top, &transform),
                Baseline::Middle => text::place(s, em, at, h, VPos::Center, &transform),
                Baseline::Bottom => text::place(s, em, at, h, VPos::Bottom, &transform),
                // Move the anchor up by the offset `place` adds for a top anchor.
                Baseline::Alphabetic => {
                    let (_, down) = text::directions(&transform);
                    let up = text::baseline_offset(VPos::Top) * em;
                    text::place(s, em, (at.0 - down.0 * up, at.1 - down.1 * up), h, VPos::Top, &transform)
                }
            };
            let rgb = (c.r, c.g, c.b);
            let mut result = Ok(());
            placed.rasterize(s, |x, y, coverage| {
                if result.is_ok() && coverage > 0.0 {
                    result = b.draw_pixel((x, y), BackendColor { alpha: f64::from(coverage.min(1.0)), rgb });
                }
            });
            result
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::FontRole;

    #[test]
    fn paints_shapes_and_text_into_a_png_of_the_drawing_size() {
        let drawing = Drawing {
            width_pt: 100.0,
            height_pt: 40.0,
            items: vec![
                Shape::Rect { x: 0.0, y: 0.0, w: 50.0, h: 40.0, fill: Some(Rgb::BLACK), stroke: None },
                Shape::Text {
                    x: 60.0,
                    y: 30.0,
                    text: "图表".into(),
                    size_pt: 12.0,
                    role: FontRole::Heading1,
                    anchor: Anchor::Start,
                    baseline: Baseline::Alphabetic,
                    rotate_deg: 0.0,
                    color: Rgb::BLACK,
                },
            ],
        };
        let (png, size) = png(&drawing, 2.0).unwrap();
        assert_eq!(size, (200, 80));
        assert!(png.starts_with(b"\x89PNG"));
        let again = super::png(&drawing, 2.0).unwrap().0;
        assert_eq!(png, again);
    }
}
