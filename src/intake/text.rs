//! Text as units type it: full-width digits, letters and punctuation from Chinese input
//! methods, stray and full-width spaces. Shared by intake (labels, codes) and validate
//! (values).

/// The half-width form of a full-width ASCII character (`３` → `3`, `，` → `,`); other
/// characters are returned unchanged. The ideographic space becomes a plain space.
pub fn halfwidth_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Half-width, with every kind of whitespace (full-width, non-breaking, line breaks in
/// wrapped header cells) removed: the form in which labels and codes are compared.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).map(halfwidth_char).collect()
}

/// A label as written in a cell, compared without spaces and without a trailing colon
/// (`填报单位：` and `填 报 单 位` are both `填报单位`).
pub fn label(s: &str) -> String {
    let mut c = compact(s);
    while c.ends_with(':') {
        c.pop();
    }
    c
}

/// An indicator code as written: `ｙｆ０１ ` → `YF01`.
pub fn code(s: &str) -> String {
    compact(s).to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_become_ascii() {
        assert_eq!(compact("３８６　人"), "386人");
        assert_eq!(compact("1，715"), "1,715");
        assert_eq!(compact("（人）"), "(人)");
    }

    #[test]
    fn labels_ignore_spaces_and_colons() {
        assert_eq!(label("填 报 单 位："), "填报单位");
        assert_eq!(label("　统计年度:"), "统计年度");
        assert_eq!(label("本年\n数值"), "本年数值");
    }

    #[test]
    fn codes_are_upper_case_ascii() {
        assert_eq!(code(" ｙｆ０１"), "YF01");
    }
}
