//! XML text, the one place for it: every XML part the tool writes (the Word document's
//! parts, the OFD, the PDF/A's XMP packet, SVG charts) takes its text through here.
//!
//! Markup characters are escaped, and the characters XML 1.0 cannot hold at all (C0
//! controls other than tab, line feed and carriage return; U+FFFE, U+FFFF) are left out:
//! a unit that pastes or types one (`_x001F_` in Excel) would otherwise make the whole
//! file unreadable to Word and every XML parser, escaped or not, since XML 1.0 has no
//! way to write them. `check` names the cells that hold one ([`forbidden`]).

use std::borrow::Cow;

/// A character XML 1.0 cannot hold, written or escaped (outside its `Char` production;
/// lone surrogates, the other gap, cannot occur in a Rust `char`).
pub fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` without the characters XML cannot hold, for a writer that escapes markup
/// itself (docx-rs) or for a whole part already written.
pub fn legal(text: &str) -> Cow<'_, str> {
    if text.chars().any(forbidden) {
        Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// [`legal`] for a part as bytes (UTF-8 by construction).
pub fn legal_bytes(part: Vec<u8>) -> Vec<u8> {
    match std::str::from_utf8(&part) {
        Ok(text) if text.chars().any(forbidden) => legal(text).into_owned().into_bytes(),
        _ => part,
    }
}

/// Text for element content and for attribute values in either quote: `&`, `<`, `>`,
/// `"` escaped, what XML cannot hold left out.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| matches!(c, '&' | '<' | '>' | '"') || forbidden(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if forbidden(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_what_xml_cannot_hold_is_left_out() {
        assert_eq!(escape("A&B <\"C\">\u{1}双拥\u{1F}"), "A&amp;B &lt;&quot;C&quot;&gt;双拥");
        assert_eq!(escape("走访\t慰问\r\n"), "走访\t慰问\r\n");
        assert!(matches!(escape("走访慰问"), Cow::Borrowed(_)));
        assert_eq!(legal("甲\u{0}乙\u{B}\u{C}丙\u{FFFE}\u{FFFF}<b>"), "甲乙丙<b>");
        assert_eq!(legal_bytes("a\u{1F}b".as_bytes().to_vec()), b"ab");
    }

    #[test]
    fn forbidden_is_exactly_what_xml_1_0_leaves_out() {
        let forbidden_chars: Vec<u32> =
            (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| forbidden(c)).map(u32::from).collect();
        let expected: Vec<u32> = (0..0x20).filter(|c| ![0x9, 0xA, 0xD].contains(c)).chain([0xFFFE, 0xFFFF]).collect();
        assert_eq!(forbidden_chars, expected);
    }
}
