//! What intake refuses before calamine sees a file, and the net under calamine: files
//! too large to be a unit's return, zip archives that would inflate past what a
//! workbook needs, files that are not spreadsheets at all, and panics on malformed input.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// A returned workbook is a few dozen kilobytes; anything past this is not one.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// The sum of the uncompressed sizes in an `.xlsx` / `.ods` archive (zip bombs).
pub const MAX_INFLATED_BYTES: u64 = 500 * 1024 * 1024;
/// Cells a sheet may declare or hold; the intake sheet has a few hundred.
pub const MAX_SHEET_CELLS: u64 = 1_000_000;

const MB: u64 = 1024 * 1024;

/// The container a file really is, whatever its extension says: units rename files,
/// and systems export `.xls` files that are web pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// Why a file is refused before it is opened; intake turns it into a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Refusal {
    TooLarge(String),
    Unreadable(String),
}

/// Reads a file whole, once, after checking its size, and names its format from the
/// bytes: intake hands the same bytes to calamine, so a return is opened once.
pub(crate) fn load(path: &Path) -> Result<(Format, Vec<u8>), Refusal> {
    let unreadable = |e: std::io::Error| Refusal::Unreadable(format!("无法读取文件：{}", crate::foreign::io(&e)));
    let mut file = File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Refusal::Unreadable("不是文件".into()));
    }
    let too_large = |len: u64| {
        Refusal::TooLarge(format!(
            "文件有 {:.1} MB，超过 {} MB 的上限，不像是一份填报表：请只报送填报表本身（删除图片、附件和多余的工作表）",
            len as f64 / MB as f64,
            MAX_FILE_BYTES / MB
        ))
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded again while reading: the file may grow between the two looks.
    (&mut file).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok((inspect(&bytes)?, bytes))
}

/// Checks the container of a file's bytes and names its format.
pub(crate) fn inspect(bytes: &[u8]) -> Result<Format, Refusal> {
    let head = &bytes[..bytes.len().min(8)];
    if head.is_empty() {
        return Err(Refusal::Unreadable("文件是空的（0 字节）：请重新保存后报送".into()));
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return inspect_zip(bytes);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // Legacy .xls, WPS .et, and also password-protected .xlsx (an encrypted
        // package inside the same container); opening tells them apart.
        return Ok(Format::Xls);
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if text.trim_ascii_start().starts_with(b"<") {
        return Err(Refusal::Unreadable(
            "文件实为网页或 XML 格式（常见于从业务系统导出的 .xls），不是真正的 Excel 文件：请用 Excel 或 WPS 打开后“另存为” .xlsx 再报送".into(),
        ));
    }
    Err(Refusal::Unreadable("不是 Excel 或 WPS 表格文件：请报送 .xlsx、.xls 或 .ods 格式的填报表".into()))
}

/// Reads the zip central directory only (no decompression): the declared sizes tell a
/// zip bomb, the entry names tell a spreadsheet from a Word document.
fn inspect_zip(bytes: &[u8]) -> Result<Format, Refusal> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Refusal::Unreadable(format!("文件已损坏，无法解压（{e}）：请重新保存为 .xlsx 后报送")))?;
    let mut inflated: u64 = 0;
    for i in 0..archive.len() {
        let size = archive.by_index_data(i).map(|entry| entry.size()).unwrap_or(0);
        inflated = inflated.saturating_add(size);
    }
    if inflated > MAX_INFLATED_BYTES {
        return Err(Refusal::TooLarge(format!(
            "文件解压后将有 {} MB，超过 {} MB 的上限：文件可能已损坏或被恶意构造，请重新保存填报表后报送",
            inflated / MB,
            MAX_INFLATED_BYTES / MB
        )));
    }
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("mimetype") {
        Ok(Format::Ods)
    } else if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("word/document.xml") {
        Err(Refusal::Unreadable("这是 Word 文档，不是填报表：请报送 Excel 格式的填报表".into()))
    } else if has("ppt/presentation.xml") {
        Err(Refusal::Unreadable("这是 PowerPoint 演示文稿，不是填报表：请报送 Excel 格式的填报表".into()))
    } else if has("[Content_Types].xml") {
        Ok(Format::Xlsx)
    } else {
        Err(Refusal::Unreadable("这是一个压缩包，不是电子表格：请解压后报送其中的填报表".into()))
    }
}

/// Runs `f`, turning a panic into `Err(message)` without printing it: a malformed file
/// must not crash the run or spill a backtrace over the diagnostics.
pub(crate) use crate::contain::quietly;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file_with(bytes: &[u8], name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        File::create(&path).unwrap().write_all(bytes).unwrap();
        (dir, path)
    }

    fn format_of(path: &Path) -> Result<Format, Refusal> {
        load(path).map(|(format, _)| format)
    }

    #[test]
    fn the_bytes_read_are_the_file() {
        let bytes = zip_with(&[("[Content_Types].xml", 10), ("xl/workbook.xml", 10)]);
        let (_d, p) = file_with(&bytes, "a.xlsx");
        assert_eq!(load(&p), Ok((Format::Xlsx, bytes)));
        let (_d, p) = file_with(b"", "a.xlsx");
        assert!(matches!(load(&p.join("missing")), Err(Refusal::Unreadable(_))));
    }

    #[test]
    fn html_saved_as_xls_is_named() {
        let (_d, p) = file_with(b"\xEF\xBB\xBF<html><table></table></html>", "a.xls");
        let Err(Refusal::Unreadable(m)) = format_of(&p) else { panic!() };
        assert!(m.contains("网页"), "{m}");
    }

    #[test]
    fn empty_and_text_files_are_refused() {
        let (_d, p) = file_with(b"", "a.xlsx");
        assert!(matches!(format_of(&p), Err(Refusal::Unreadable(m)) if m.contains("空的")));
        let (_d, p) = file_with(b"just text", "a.xlsx");
        assert!(matches!(format_of(&p), Err(Refusal::Unreadable(m)) if m.contains("不是 Excel")));
    }

    fn zip_with(entries: &[(&str, u64)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        for (name, size) in entries {
            w.start_file(*name, opts).unwrap();
            let chunk = vec![0u8; 1 << 20];
            let mut left = *size;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                w.write_all(&chunk[..n]).unwrap();
                left -= n as u64;
            }
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_bomb_is_refused_from_the_central_directory() {
        let bytes = zip_with(&[("[Content_Types].xml", 10), ("xl/worksheets/sheet1.xml", MAX_INFLATED_BYTES + 1)]);
        assert!(bytes.len() < 10 * 1024 * 1024, "a small file: {}", bytes.len());
        let (_d, p) = file_with(&bytes, "bomb.xlsx");
        assert!(matches!(format_of(&p), Err(Refusal::TooLarge(m)) if m.contains("解压后")));
    }

    #[test]
    fn word_document_is_named() {
        let (_d, p) = file_with(&zip_with(&[("[Content_Types].xml", 10), ("word/document.xml", 10)]), "a.xlsx");
        assert!(matches!(format_of(&p), Err(Refusal::Unreadable(m)) if m.contains("Word")));
    }
}
