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
        self.widen_quotes(&mut out);
        out
    }

    /// Quotation marks in Chinese text take a full cell, as the other marks do. Where the
    /// face draws them narrow (Zhuque Fangsong's and LXGW WenKai's are about a third of an
    /// em) they come from a face of the set that draws them full-width, as a full-width
    /// digit does: a narrow mark drawn inside a wide cell would read as a space before or
    /// after it when the text is copied. A mark between Latin letters keeps its face.
    fn widen_quotes(&self, glyphs: &mut [Glyph]) {
        let quote = |c: char| "“”‘’".contains(c);
        let chinese = |g: Option<&Glyph>| g.is_some_and(|g| is_cjk(g.ch) || quote(g.ch));
        for k in 0..glyphs.len() {
            let g = glyphs[k];
            if !quote(g.ch) || g.advance >= 0.9 {
                continue;
            }
            if !(chinese(k.checked_sub(1).map(|p| &glyphs[p])) || chinese(glyphs.get(k + 1))) {
                continue;
            }
            let wide = self.set.faces.iter().enumerate().find_map(|(id, face)| {
                face.glyph(g.ch).map(|gid| (id, face.advance(gid))).filter(|(_, advance)| *advance >= 0.9)
            });
            if let Some((face, advance)) = wide {
                glyphs[k] = Glyph { face, advance, ..g };
            }
        }
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
    fn body_is_fangsong_and_what_it_lacks_comes_from_another_bundled_face() {
        let set = FontSet::bundled().unwrap().system_fallback(false);
        let shaper = Shaper::new(&set);
        let glyphs = shaper.shape(FontRole::Body, "双拥３人①", &String::new);
        let families: Vec<String> = glyphs.iter().map(|g| shaper.face(g.face).family.join("/")).collect();
        assert!(families[0].contains("Zhuque Fangsong"), "{families:?}");
        assert_eq!(families[1], families[0]);
        assert_eq!(families[3], families[0]);
        // Full-width digits and circled numbers are not in Zhuque Fangsong: each is taken
        // alone from the regular 宋, the next characters go back to the 仿宋.
        for k in [2, 4] {
            assert!(families[k].contains("Noto Serif SC") && !families[k].contains("Bold"), "{families:?}");
            assert!((glyphs[k].advance - 1.0).abs() < 0.01, "{:?}", glyphs[k]);
        }
        assert!(shaper.into_missing().is_empty());
    }

    #[test]
    fn quotation_marks_in_chinese_take_a_full_cell() {
        let set = FontSet::bundled().unwrap().system_fallback(false);
        let shaper = Shaper::new(&set);
        // Zhuque Fangsong's quotation marks are a third of an em wide: Noto Serif SC's,
        // full-width, stand in.
        let glyphs = shaper.shape(FontRole::Body, "围绕“拥军”主线，‘甲’", &String::new);
        for k in [2, 5, 9, 11] {
            assert!((glyphs[k].advance - 1.0).abs() < 1e-6, "{:?}", glyphs[k]);
            assert!(shaper.face(glyphs[k].face).family.iter().any(|f| f == "Noto Serif SC"));
        }
        assert!(shaper.face(glyphs[3].face).family.iter().any(|f| f == "Zhuque Fangsong"));
        // Between Latin words a mark keeps its face and width.
        let latin = shaper.shape(FontRole::Body, "say “hi” now", &String::new);
        assert!(latin[4].advance < 0.5 && latin[4].face == glyphs[3].face, "{:?}", latin[4]);
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
