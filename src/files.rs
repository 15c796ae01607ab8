//! The office's own files that the workspace names (the config, the catalogue, the
//! templates, the notes, the roster): each must be a regular file no larger than
//! [`MAX_TEXT_BYTES`], and is read with that limit, so that a path pointing at
//! `/dev/zero`, a pipe or a huge file is an error rather than a read that never ends.
//! Errors are `io::Error`s whose text is Chinese, said once.

use std::io::{self, Read};
use std::path::Path;

/// Far beyond any catalogue, template or roster (the bundled ones are tens of KB).
pub const MAX_TEXT_BYTES: u64 = 8 << 20;

/// The file's bytes, refused unless it is a regular file of at most [`MAX_TEXT_BYTES`].
pub fn read_bytes(path: &Path) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(chinese)?;
    let meta = file.metadata().map_err(chinese)?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "是文件夹" } else { "不是普通文件（设备、管道等）" };
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{what}，应为一个文件")));
    }
    let mut bytes = Vec::new();
    // The size can change after the look; the read stops past the limit either way.
    file.take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes).map_err(chinese)?;
    if bytes.len() as u64 > MAX_TEXT_BYTES || meta.len() > MAX_TEXT_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("文件超过 {} MB，不像是配置、模板或名单文件：请检查路径", MAX_TEXT_BYTES >> 20),
        ));
    }
    Ok(bytes)
}

/// As [`read_bytes`], as UTF-8 text (a leading byte-order mark dropped).
pub fn read_text(path: &Path) -> io::Result<String> {
    let bytes = read_bytes(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|_| {
        io::Error::new(io::ErrorKind::InvalidData, "不是 UTF-8 编码的文本文件：请用记事本等“另存为”UTF-8 编码")
    })
}

/// The OS's error in Chinese ([`crate::foreign::io`]); the kind is kept.
pub fn chinese(e: io::Error) -> io::Error {
    io::Error::new(e.kind(), crate::foreign::io(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_folders_and_huge_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_text(Path::new("/dev/zero")).unwrap_err().to_string().contains("不是普通文件"));
        assert!(read_text(dir.path()).unwrap_err().to_string().contains("文件夹"));
        assert_eq!(read_text(&dir.path().join("none")).unwrap_err().to_string(), "文件不存在");
        let big = dir.path().join("big.toml");
        std::fs::File::create(&big).unwrap().set_len(MAX_TEXT_BYTES + 1).unwrap();
        assert!(read_text(&big).unwrap_err().to_string().contains("超过 8 MB"));
        let ok = dir.path().join("ok.toml");
        std::fs::write(&ok, "\u{feff}a = 1").unwrap();
        assert_eq!(read_text(&ok).unwrap(), "a = 1");
    }
}
