//! A chart ready to draw ([`Plot`]) and the three places it is drawn: the recorder for
//! the PDF, plotters' SVG backend and its bitmap backend. The same layout and painting
//! code runs on each; only the pixels per point differ.

use std::path::Path;

use plotters::backend::{BitMapBackend, SVGBackend};
use plotters::prelude::{DrawingBackend, IntoDrawingArea};

use super::backend::{Lettered, Recorder};
use super::composition::{self, Composition};
use super::hbars::{self, HBars};
use super::paint::{DrawResult, Pen, WHITE, WIDTH};
use super::panel::{self, Panel};
use super::trend::{self, Trend};
use crate::typeset::Drawing;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Plot {
    HBars(HBars),
    Trend(Trend),
    Composition(Composition),
    Panel(Panel),
}

/// Pixels per point when recording for the PDF: plotters draws on a whole-pixel grid,
/// so record on a quarter-point grid.
const RECORD_K: f64 = 4.0;
/// SVG user units are points.
const SVG_K: f64 = 1.0;
/// PNGs for slides: 2 pixels per point (880 px wide).
pub(crate) const PNG_K: f64 = 2.0;

enum Laid<'a> {
    HBars(hbars::Layout<'a>),
    Trend(trend::Layout<'a>),
    Composition(composition::Layout<'a>),
    Panel(panel::Layout<'a>),
}

impl Laid<'_> {
    fn height(&self) -> f64 {
        match self {
            Laid::HBars(l) => l.height,
            Laid::Trend(l) => l.height,
            Laid::Composition(l) => l.height,
            Laid::Panel(l) => l.height,
        }
    }

    fn paint<DB: DrawingBackend>(&self, pen: &Pen<DB>) -> DrawResult<DB> {
        match self {
            Laid::HBars(l) => l.paint(pen),
            Laid::Trend(l) => l.paint(pen),
            Laid::Composition(l) => l.paint(pen),
            Laid::Panel(l) => l.paint(pen),
        }
    }

    fn pixels(&self, k: f64) -> (u32, u32) {
        ((WIDTH * k).round() as u32, (self.height() * k).ceil() as u32)
    }

    fn render<DB: DrawingBackend>(&self, backend: DB, k: f64, background: bool) -> Result<(), String> {
        let root = backend.into_drawing_area();
        if background {
            root.fill(&WHITE).map_err(|e| e.to_string())?;
        }
        self.paint(&Pen::new(&root, k)).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())
    }
}

impl Plot {
    fn layout(&self) -> Laid<'_> {
        match self {
            Plot::HBars(p) => Laid::HBars(p.layout()),
            Plot::Trend(p) => Laid::Trend(p.layout()),
            Plot::Composition(p) => Laid::Composition(p.layout()),
            Plot::Panel(p) => Laid::Panel(p.layout()),
        }
    }

    /// The chart as vector shapes in points, on a transparent ground (the page is white).
    pub(crate) fn drawing(&self) -> Result<Drawing, String> {
        let laid = self.layout();
        let (w, h) = laid.pixels(RECORD_K);
        let mut items = Vec::new();
        laid.render(Recorder::new((w, h), RECORD_K, &mut items), RECORD_K, false)?;
        Ok(Drawing { width_pt: WIDTH as f32, height_pt: (f64::from(h) / RECORD_K) as f32, items })
    }

    /// The chart as an SVG document, on white, in points.
    pub(crate) fn svg(&self) -> Result<String, String> {
        let laid = self.layout();
        let mut out = String::new();
        laid.render(Lettered::svg(SVGBackend::with_string(&mut out, laid.pixels(SVG_K))), SVG_K, true)?;
        Ok(out)
    }

    /// Writes the chart as a PNG at [`PNG_K`] pixels per point, on white.
    pub(crate) fn png(&self, path: &Path) -> Result<(), String> {
        let laid = self.layout();
        laid.render(Lettered::bitmap(BitMapBackend::new(path, laid.pixels(PNG_K))), PNG_K, true)
    }
}
