//! PDF string objects, for the page writer ([`super::pdf`]) and the PDF/A parts
//! ([`super::pdfa`]) alike.

use lopdf::{Object, StringFormat};

/// A text string as PDF writes non-Latin text: UTF-16BE with a byte order mark.
pub(super) fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

pub(super) fn ascii_string(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_utf16_with_bom() {
        assert_eq!(
            text_string("双拥"),
            Object::String(vec![0xFE, 0xFF, 0x53, 0xCC, 0x62, 0xE5], StringFormat::Hexadecimal)
        );
    }
}
