//! The plotters backend the chart code draws on: [`Recorder`], which keeps every
//! primitive as a [`typeset::Shape`](crate::typeset::Shape), so that every output draws
//! the same shapes: the PDF and OFD as vector paths and searchable text, the Word
//! document and `--charts` through the SVG and PNG encoders beside it.

use std::convert::Infallible;

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontTransform,
};

use super::text;
use crate::typeset::{Anchor, Baseline, Rgb, Shape, Stroke};

/// Records primitives as shapes in points. plotters works in whole pixels, so the
/// recorder runs at `k` pixels per point (4: a quarter-point grid) and divides back.
pub(crate) struct Recorder<'a> {
    size: (u32, u32),
    k: f64,
    items: &'a mut Vec<Shape>,
}

impl<'a> Recorder<'a> {
    pub(crate) fn new(size: (u32, u32), k: f64, items: &'a mut Vec<Shape>) -> Recorder<'a> {
        Recorder { size, k, items }
    }

    fn pt(&self, (x, y): BackendCoord) -> (f32, f32) {
        ((f64::from(x) / self.k) as f32, (f64::from(y) / self.k) as f32)
    }

    fn stroke<S: BackendStyle>(&self, style: &S) -> Stroke {
        Stroke { color: rgb(style.color()), width: (f64::from(style.stroke_width()) / self.k) as f32 }
    }
}

/// The colour as painted on white paper: the PDF shapes carry no transparency, so a
/// translucent colour is blended with white here.
fn rgb(c: BackendColor) -> Rgb {
    let a = c.alpha.clamp(0.0, 1.0);
    let blend = |v: u8| (255.0 - (255.0 - f64::from(v)) * a).round() as u8;
    Rgb::new(blend(c.rgb.0), blend(c.rgb.1), blend(c.rgb.2))
}

fn invisible<S: BackendStyle>(style: &S) -> bool {
    style.color().alpha <= 0.0
}

impl DrawingBackend for Recorder<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<Infallible>> {
        if color.alpha > 0.0 {
            let (x, y) = self.pt(point);
            let side = (1.0 / self.k) as f32;
            self.items.push(Shape::Rect { x, y, w: side, h: side, fill: Some(rgb(color)), stroke: None });
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if invisible(style) {
            return Ok(());
        }
        let (x0, y0) = self.pt(upper_left);
        let (x1, y1) = self.pt(bottom_right);
        let (fill, stroke) = if fill { (Some(rgb(style.color())), None) } else { (None, Some(self.stroke(style))) };
        self.items.push(Shape::Rect {
            x: x0.min(x1),
            y: y0.min(y1),
            w: (x1 - x0).abs(),
            h: (y1 - y0).abs(),
            fill,
            stroke,
        });
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if invisible(style) {
            return Ok(());
        }
        let points: Vec<(f32, f32)> = path.into_iter().map(|p| self.pt(p)).collect();
        if points.len() >= 2 {
            let stroke = self.stroke(style);
            self.items.push(Shape::Line { points, stroke });
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if invisible(style) {
            return Ok(());
        }
        let (cx, cy) = self.pt(center);
        let r = (f64::from(radius) / self.k) as f32;
        let (fill, stroke) = if fill { (Some(rgb(style.color())), None) } else { (None, Some(self.stroke(style))) };
        self.items.push(Shape::Circle { cx, cy, r, fill, stroke });
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if invisible(style) {
            return Ok(());
        }
        let points: Vec<(f32, f32)> = vert.into_iter().map(|p| self.pt(p)).collect();
        if points.len() >= 3 {
            self.items.push(Shape::Polygon { points, fill: Some(rgb(style.color())), stroke: None });
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        s: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if style.color().alpha <= 0.0 || s.is_empty() {
            return Ok(());
        }
        let em = style.size() / text::PLOTTERS_EM / self.k;
        let anchor = style.anchor();
        let transform = style.transform();
        let (x, y) = self.pt(pos);
        let placed = text::place(s, em, (f64::from(x), f64::from(y)), anchor.h_pos, anchor.v_pos, &transform);
        let rotate_deg = match transform {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => -90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 90.0,
        };
        self.items.push(Shape::Text {
            x: placed.on_baseline.0 as f32,
            y: placed.on_baseline.1 as f32,
            text: s.to_string(),
            size_pt: em as f32,
            role: text::ROLE,
            anchor: match anchor.h_pos {
                plotters_backend::text_anchor::HPos::Left => Anchor::Start,
                plotters_backend::text_anchor::HPos::Center => Anchor::Middle,
                plotters_backend::text_anchor::HPos::Right => Anchor::End,
            },
            baseline: Baseline::Alphabetic,
            rotate_deg,
            color: rgb(style.color()),
        });
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        s: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        Ok(text_size(s, style))
    }
}

fn text_size<T: BackendTextStyle>(s: &str, style: &T) -> (u32, u32) {
    let em = style.size() / text::PLOTTERS_EM;
    (text::width(s, em).ceil() as u32, em.ceil() as u32)
}
