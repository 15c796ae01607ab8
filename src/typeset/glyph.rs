//! What shaping hands to line breaking and layout: a character resolved to a face and
//! an advance. Both sides import this, so that neither imports the other.

/// Index of a face within one render ([`Shaper::face`](super::shape::Shaper::face)).
pub(crate) type FaceId = usize;

/// A character set in a face.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    pub(crate) ch: char,
    pub(crate) face: FaceId,
    /// Advance width in em.
    pub(crate) advance: f32,
}

/// CJK ideographs, kana, hangul, full-width forms and CJK punctuation.
pub(crate) fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x11FF | 0x2E80..=0x303F | 0x3040..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFF)
}
