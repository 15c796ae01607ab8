//! A chart ready to draw ([`Plot`]), drawn once into the [`Drawing`] that the PDF, the
//! OFD, the Word document and `--charts` all take (the last two through
//! [`super::vector`] and [`super::raster`]).

use plotters::prelude::{DrawingBackend, IntoDrawingArea};

use super::backend::Recorder;
use super::composition::{self, Composition};
use super::hbars::{self, HBars};
use super::paint::{DrawResult, Pen, WIDTH};
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

    fn render<DB: DrawingBackend>(&self, backend: DB, k: f64) -> Result<(), String> {
        let root = backend.into_drawing_area();
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
        laid.render(Recorder::new((w, h), RECORD_K, &mut items), RECORD_K)?;
        Ok(Drawing { width_pt: WIDTH as f32, height_pt: (f64::from(h) / RECORD_K) as f32, items })
    }
}
