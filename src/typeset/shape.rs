//! Shaping: which face draws each character of a text in a role, and how wide it is.
//! A character the role's face lacks comes from the other faces of the set, then from
//! the system fonts; one no font has is printed as 〓 (U+3013, the typesetter's mark for a
//! missing character), so a name is never silently shortened, and reported as a
//! [`MissingGlyph`].

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::fonts::{Face, FontSet};
use super::glyph::{is_cjk, FaceId, Glyph};
use super::model::{FontRole, MissingGlyph};

/// The face that draws a character, and its advance in em.
type Resolved = (FaceId, f32);

/// Printed in place of a character no font has (geta mark, 〓).
const MISSING_MARK: char = '\u{3013}';

/// Resolves characters to faces for one render, remembering the faces it used and the
/// characters no face had.
pub(crate) struct Shaper<'a> {
    set: &'a FontSet,
    /// The set's faces, then any system faces this render needed.
    faces: RefCell<Vec<Arc<Face>>>,
    cache: RefCell<BTreeMap<(FontRole, char), Option<Resolved>>>,
    missing: RefCell<Vec<MissingGlyph>>,
}

impl<'a> Shaper<'a> {
    pub(crate) fn new(set: &'a FontSet) -> Shaper<'a> {
        Shaper {
            set,
            faces: RefCell::new(set.faces.clone()),
            cache: RefCell::new(BTreeMap::new()),
            missing: RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn face(&self, id: FaceId) -> Arc<Face> {
        self.faces.borrow()[id].clone()
    }

    /// The face and advance (em) that draw `ch` in `role`.
    fn resolve(&self, role: FontRole, ch: char) -> Option<Resolved> {
        if let Some(hit) = self.cache.borrow().get(&(role, ch)) {
            return *hit;
        }
        let found = self.search(role, ch);
        self.cache.borrow_mut().insert((role, ch), found);
        found
    }

    fn search(&self, role: FontRole, ch: char) -> Option<Resolved> {
        let primary = self.set.role_face(role);
        let order = std::iter::once(primary).chain((0..self.set.faces.len()).filter(|&i| i != primary));
        for id in order {
            let face = &self.set.faces[id];
            if let Some(g) = face.glyph(ch) {
                return Some((id, face.advance(g)));
            }
        }
        let face = self.set.system.as_ref()?.lookup(ch)?;
        let gid = face.glyph(ch)?;
        let advance = face.advance(gid);
        let mut faces = self.faces.borrow_mut();
        let id = match faces.iter().position(|f| Arc::ptr_eq(f, &face)) {
            Some(i) => i,
            None => {
                faces.push(face);
                faces.len() - 1
            }
        };
        Some((id, advance))
    }

    /// The glyphs for `text` in `role`. Characters no face has are drawn as
    /// [`MISSING_MARK`] and recorded with `context` (where they occur, for the user). Line breaks and tabs count as
    /// spaces; other control characters are dropped silently.
    pub(crate) fn shape(&self, role: FontRole, text: &str, context: &dyn Fn() -> String) -> Vec<Glyph> {
        let mut out = Vec::with_capacity(text.len());
        let chars: Vec<char> = text.chars().collect();
        for (i, &ch) in chars.iter().enumerate() {
            let ch = match ch {
                // A line break in the source is a space between words, and nothing
                // between Chinese characters (which are not separated by spaces).
                '\n' | '\r' => {
                    let prev = chars[..i].iter().rev().find(|c| !matches!(c, '\n' | '\r'));
                    let next = chars[i + 1..].iter().find(|c| !matches!(c, '\n' | '\r'));
                    let joined =
                        prev.is_none_or(|&c| is_cjk(c) || c == ' ') || next.is_none_or(|&c| is_cjk(c)) || ch == '\r';
                    if joined {
                        continue;
                    }
                    ' '
                }
                '\t' => ' ',
                c if c.is_control() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00AD}') => continue,
                c => c,
            };
            match self.resolve(role, ch) {
                Some((face, advance)) => out.push(Glyph { ch, face, advance }),
                None if ch == ' ' || ch == '\u{3000}' => {
                    // A face without a space glyph still spaces: advance only, nothing drawn.
                    let advance = if ch == ' ' { 0.25 } else { 1.0 };
                    out.push(Glyph { ch, face: self.set.role_face(role), advance });
                }
                None => {
                    self.note_missing(ch, context());
                    if let Some((face, advance)) = self.resolve(role, MISSING_MARK) {
                        out.push(Glyph { ch: MISSING_MARK, face, advance });
                    }
                }
            }
        }
        out
    }

    fn note_missing(&self, ch: char, context: String) {
        let mut missing = self.missing.borrow_mut();
        if !missing.iter().any(|m| m.ch == ch && m.context == context) {
            missing.push(MissingGlyph { ch, context });
        }
    }

    pub(crate) fn into_missing(self) -> Vec<MissingGlyph> {
        self.missing.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_cover_every_role_and_common_text() {
        let set = FontSet::bundled().unwrap().system_fallback(false);
        assert_eq!(set.describe().len(), FontRole::ALL.len());
        let shaper = Shaper::new(&set);
        for role in FontRole::ALL {
            let glyphs = shaper.shape(role, "双拥工作，2024年12月20日。— 1 —", &|| "test".into());
            assert_eq!(glyphs.len(), 22, "{role:?}");
        }
        assert!(shaper.into_missing().is_empty());
    }

    #[test]
    fn source_line_breaks_join_chinese_and_space_words() {
        let set = FontSet::bundled().unwrap().system_fallback(false);
        let shaper = Shaper::new(&set);
        let text = |s: &str| -> String { shaper.shape(FontRole::Body, s, &String::new).iter().map(|g| g.ch).collect() };
        assert_eq!(text("双拥\n工作"), "双拥工作");
        assert_eq!(text("双拥\r\n工作"), "双拥工作");
        assert_eq!(text("GB/T\n9704"), "GB/T 9704");
        assert_eq!(text("共计\n386人"), "共计386人");
        assert_eq!(text("a\tb"), "a b");
    }

    #[test]
    fn characters_no_font_has_are_reported_and_marked() {
        let set = FontSet::bundled().unwrap().system_fallback(false);
        let shaper = Shaper::new(&set);
        // A Private Use Area character: no bundled font draws it.
        let glyphs = shaper.shape(FontRole::Body, "甲\u{E000}乙", &|| "段落“甲乙”".into());
        assert_eq!(glyphs.iter().map(|g| g.ch).collect::<String>(), "甲〓乙");
        let missing = shaper.into_missing();
        assert_eq!(missing, vec![MissingGlyph { ch: '\u{E000}', context: "段落“甲乙”".into() }]);
    }
}
