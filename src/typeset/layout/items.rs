//! What layout produces: runs of glyphs and paths to draw, grouped into rows of the type
//! area and then into pages, with the headings, outline entries and links found on them.

use crate::typeset::glyph::FaceId;
use crate::typeset::model::{Rgb, Stroke};

const GREY_RULE: Rgb = Rgb::new(0, 0, 0);

/// Stroke width of emphasised (bold) text, in em: the faces come in one weight, so bold
/// is the regular glyph filled and stroked.
pub(crate) const FAUX_BOLD: f32 = 0.03;

/// A glyph of a text run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub(crate) ch: char,
    pub(crate) face: FaceId,
    /// Offset from the run's origin along its baseline, in points.
    pub(crate) dx: f32,
    pub(crate) bold: bool,
}

/// Glyphs on one baseline in one size.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextRun {
    pub(crate) x: f32,
    pub(crate) baseline: f32,
    pub(crate) size: f32,
    pub(crate) color: Rgb,
    /// Counter-clockwise, in degrees, about (x, baseline).
    pub(crate) rotate_deg: f32,
    pub(crate) glyphs: Vec<Placed>,
}

impl TextRun {
    /// The glyphs that put ink on the page: spaces only move the pen.
    pub(crate) fn drawn(&self) -> impl Iterator<Item = &Placed> {
        self.glyphs.iter().filter(|g| !g.ch.is_whitespace())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PathPoint {
    pub(crate) x: f32,
    pub(crate) y: f32,
    /// A Bézier control point (they come in pairs before the point they lead to).
    pub(crate) control: bool,
}

/// Something to draw. Coordinates are points, y down; within a [`Row`] relative to the
/// row's top left corner, on a [`PageOut`] relative to the page's.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Text(TextRun),
    Path { points: Vec<PathPoint>, closed: bool, fill: Option<Rgb>, stroke: Option<Stroke> },
}

impl Item {
    pub(super) fn translate(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text(run) => {
                run.x += dx;
                run.baseline += dy;
            }
            Item::Path { points, .. } => {
                for p in points {
                    p.x += dx;
                    p.y += dy;
                }
            }
        }
    }

    pub(super) fn rect(x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>, stroke: Option<Stroke>) -> Item {
        let p = |x, y| PathPoint { x, y, control: false };
        Item::Path { points: vec![p(x, y), p(x + w, y), p(x + w, y + h), p(x, y + h)], closed: true, fill, stroke }
    }

    pub(super) fn rule(x1: f32, y1: f32, x2: f32, y2: f32, width: f32) -> Item {
        let p = |x, y| PathPoint { x, y, control: false };
        Item::Path {
            points: vec![p(x1, y1), p(x2, y2)],
            closed: false,
            fill: None,
            stroke: Some(Stroke { color: GREY_RULE, width }),
        }
    }
}

/// A heading's place, for the outline and the 目录.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeadingMark {
    pub(crate) level: u8,
    pub(crate) text: String,
    /// Top of the heading's first line: relative to its row, then to its page.
    pub(crate) y: f32,
}

/// A horizontal band of the type area.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub(crate) height: f32,
    pub(crate) items: Vec<Item>,
    /// Starts on a line of the grid.
    pub(crate) grid: bool,
    /// A page may end before this row.
    pub(crate) break_before: bool,
    /// Blank space that is dropped at the top of a page.
    pub(crate) discardable: bool,
    /// A page must end before this row.
    pub(crate) forced_break: bool,
    /// A body row of this table: after a page break the table's header is repeated.
    pub(crate) table: Option<usize>,
    /// What the row becomes as the first row on a page the table continues on: the same
    /// cells with the name of the group it belongs to.
    pub(crate) continued: Option<Box<Row>>,
    pub(crate) heading: Option<HeadingMark>,
}

/// One laid-out page, coordinates relative to the page.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageOut {
    pub(crate) items: Vec<Item>,
    pub(crate) headings: Vec<HeadingMark>,
}

/// Where a PDF outline entry (and the 目录 line for it) points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutlineEntry {
    pub(crate) level: u8,
    pub(crate) title: String,
    /// 0-based index of the page in the PDF.
    pub(crate) page: usize,
    /// From the top of the page, in points.
    pub(crate) y: f32,
}

/// A clickable area (a 目录 line) leading to an outline entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub(crate) page: usize,
    /// x, y (top), width, height in page points, y down.
    pub(crate) rect: (f32, f32, f32, f32),
    pub(crate) target: usize,
}

/// The whole document laid out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Laid {
    pub(crate) pages: Vec<PageOut>,
    /// Unnumbered pages before the body (cover, 目录).
    pub(crate) front_pages: usize,
    pub(crate) cover: bool,
    pub(crate) outline: Vec<OutlineEntry>,
    pub(crate) links: Vec<Link>,
}
