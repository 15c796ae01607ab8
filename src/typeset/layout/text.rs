//! Helpers for setting text: glyphs to atoms and runs, widths, excerpts for messages.

use super::items::{Placed, TextRun};
use crate::typeset::glyph::Glyph;
use crate::typeset::linebreak::{Atom, Line};
use crate::typeset::model::{FontRole, Rgb};

/// A short excerpt for messages: the first characters of `text`.
pub(super) fn excerpt(text: &str) -> String {
    const MAX: usize = 16;
    let mut s: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        s.push('…');
    }
    s
}

pub(super) fn role_for_heading(level: u8) -> FontRole {
    match level {
        1 => FontRole::Heading1,
        2 => FontRole::Heading2,
        _ => FontRole::Body,
    }
}

/// Glyphs to text runs: one run per line, glyph offsets from the line's x.
pub(super) fn run_of(atoms: &[Atom], line: &Line, x: f32, baseline: f32, size: f32, color: Rgb) -> TextRun {
    let glyphs = atoms[line.start..line.end]
        .iter()
        .zip(&line.xs)
        .map(|(a, &dx)| Placed { ch: a.glyph.ch, face: a.glyph.face, dx, bold: a.bold })
        .collect();
    TextRun { x, baseline, size, color, rotate_deg: 0.0, glyphs }
}

pub(super) fn plain_atoms(glyphs: Vec<Glyph>, bold: bool) -> Vec<Atom> {
    glyphs.into_iter().map(|glyph| Atom { glyph, bold }).collect()
}

/// Natural width of glyphs in points.
pub(super) fn natural_width(glyphs: &[Glyph], size: f32) -> f32 {
    glyphs.iter().map(|g| g.advance * size).sum()
}

/// One line of text with natural spacing, starting at x = 0.
pub(super) fn single_line(glyphs: &[Glyph], size: f32, bold: bool) -> Vec<Placed> {
    let mut x = 0.0;
    glyphs
        .iter()
        .map(|g| {
            let p = Placed { ch: g.ch, face: g.face, dx: x, bold };
            x += g.advance * size;
            p
        })
        .collect()
}
