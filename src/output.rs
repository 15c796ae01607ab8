//! Files the tool writes: names safe on Windows and Linux, and writes that never leave a
//! half-written file behind (a failed or interrupted run keeps the previous file).

use std::io::Write;
use std::path::Path;

const MAX_NAME_BYTES: usize = 150;
const MAX_NAME_CHARS: usize = 100;

/// `name` made usable as (part of) a file name on Windows and Linux: no `\ / : * ? " < > |`
/// or control characters, no leading or trailing dots and spaces, not a reserved device
/// name (CON, PRN, AUX, NUL, COM1–9, LPT1–9), at most 100 characters and 150 bytes of
/// UTF-8, never empty (`fallback` stands in for a name with nothing usable).
pub fn safe_file_stem(name: &str, fallback: &str) -> String {
    let replaced: String = trim_ends(name)
        .chars()
        .map(|c| {
            // Bidirectional controls would show `exe.反馈` for `反馈.exe`.
            if hidden(c) || matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut stem = String::new();
    for c in trim_ends(&replaced).chars().take(MAX_NAME_CHARS) {
        if stem.len() + c.len_utf8() > MAX_NAME_BYTES {
            break;
        }
        stem.push(c);
    }
    let mut stem = trim_ends(&stem).to_string();
    if stem.is_empty() {
        stem = fallback.to_string();
    }
    let device = stem.split('.').next().unwrap_or_default().trim_end().to_ascii_uppercase();
    let reserved = matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (device.len() == 4
            && (device.starts_with("COM") || device.starts_with("LPT"))
            && device.as_bytes()[3].is_ascii_digit()
            && device.as_bytes()[3] != b'0');
    if reserved {
        stem.insert(0, '_');
    }
    stem
}

/// As [`safe_file_stem`] for `name` followed by `suffix` (`_问题反馈`): a long name is
/// shortened, never the suffix that says what the file is.
pub fn safe_file_stem_with(name: &str, suffix: &str, fallback: &str) -> String {
    let (room_chars, room_bytes) = (MAX_NAME_CHARS - suffix.chars().count(), MAX_NAME_BYTES - suffix.len());
    let mut stem = String::new();
    for c in safe_file_stem(name, fallback).chars().take(room_chars) {
        if stem.len() + c.len_utf8() > room_bytes {
            break;
        }
        stem.push(c);
    }
    let stem = trim_ends(&stem);
    format!("{}{suffix}", if stem.is_empty() { fallback } else { stem })
}

fn trim_ends(s: &str) -> &str {
    s.trim_matches(|c: char| c == '.' || c.is_whitespace())
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed over
/// `path` only once complete: readers see the old file or the new one, never a torn one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |tmp| {
        let mut file = std::fs::File::create(tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })
}

/// As [`write_atomic`], for writers that want a path (an image encoder): `write` fills
/// the temporary file, whose name ends like `path`'s so that its extension still says
/// the format.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&Path) -> std::io::Result<()>) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".tmp{}.{name}", std::process::id()));
    let result = write(&tmp).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Text from the data as a terminal may show it: control characters (C0, DEL, C1) and
/// the bidirectional overrides are written out as `\u{1b}`, so that a unit's `\x1b[2J`
/// cannot clear the office's screen, `\x1b[8m` cannot hide the lines after it, and
/// U+202E cannot reverse what a line seems to say.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| if hidden(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() })
        .collect::<String>()
        .into()
}

/// A character that changes how text is shown rather than being shown: control
/// characters (C0, DEL, C1) and the bidirectional marks, embeddings and overrides.
pub fn hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_are_kept() {
        assert_eq!(safe_file_stem("区退役军人事务局", "未命名单位"), "区退役军人事务局");
        assert_eq!(safe_file_stem("淼泉镇", "未命名单位"), "淼泉镇");
    }

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(safe_file_stem(r#"a\b/c:d*e?f"g<h>i|j"#, "未命名单位"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(safe_file_stem("东湖\n街道\t", "未命名单位"), "东湖_街道");
    }

    #[test]
    fn leading_and_trailing_dots_and_spaces_go() {
        assert_eq!(safe_file_stem(" ..某部. . ", "未命名单位"), "某部");
        assert_eq!(safe_file_stem("　西城街道　", "未命名单位"), "西城街道");
    }

    #[test]
    fn reserved_device_names_are_prefixed() {
        for name in ["CON", "con", "Nul", "COM1", "lpt9", "AUX.txt", "PRN "] {
            assert!(safe_file_stem(name, "未命名单位").starts_with('_'), "{name}");
        }
        for name in ["CONSOLE", "COM0", "COM10", "LPT", "区CON"] {
            assert!(!safe_file_stem(name, "未命名单位").starts_with('_'), "{name}");
        }
    }

    #[test]
    fn empty_names_get_a_placeholder() {
        assert_eq!(safe_file_stem("", "未命名单位"), "未命名单位");
        assert_eq!(safe_file_stem(" . ", "未命名单位"), "未命名单位");
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary() {
        let long = "很".repeat(120);
        let stem = safe_file_stem(&long, "未命名单位");
        assert_eq!(stem.len(), MAX_NAME_BYTES);
        assert_eq!(stem.chars().count(), 50);
        assert!(safe_file_stem(&"a".repeat(300), "未命名单位").len() == MAX_NAME_CHARS);
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("报告.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_writer_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("图1.png");
        write_atomic(&path, b"old").unwrap();
        let failed = write_atomic_with(&path, |tmp| {
            assert_eq!(tmp.extension().unwrap(), "png");
            std::fs::write(tmp, b"half")?;
            Err(std::io::Error::other("encoder failed"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn atomic_write_into_a_missing_folder_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("no/such/x.pdf"), b"x").is_err());
    }
}
