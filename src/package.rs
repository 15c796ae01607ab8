//! The ZIP container that the `.docx` and the `.ofd` both are, written the same way for
//! both: entries in the order given, every timestamp the document date, fixed
//! permissions, so that the same input and `SOURCE_DATE_EPOCH` give the same bytes.
//! The zip crate is used only here.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::date::DocDate;

/// How hard the parts are deflated, by what the file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deflate {
    /// A file kept as it is (the OFD, filed with the PDF): zlib's default level.
    Archive,
    /// A file its reader rewrites (the `.docx`, which Word saves again): the fastest
    /// level, a few per cent larger.
    Fast,
}

impl Deflate {
    fn level(self) -> i64 {
        match self {
            Deflate::Archive => 6,
            Deflate::Fast => 1,
        }
    }
}

/// The parts, in order, as one ZIP file dated `date` (China time, as the document says).
pub fn zip(parts: Vec<(String, Vec<u8>)>, date: DocDate, deflate: Deflate) -> std::io::Result<Vec<u8>> {
    write(parts, date, deflate).map_err(std::io::Error::other)
}

fn write(parts: Vec<(String, Vec<u8>)>, date: DocDate, deflate: Deflate) -> zip::result::ZipResult<Vec<u8>> {
    let (y, mo, d, h, mi, s) = date.china_civil();
    // ZIP times start in 1980; an earlier SOURCE_DATE_EPOCH (0 is common) gets the first.
    let time = DateTime::from_date_and_time(y.clamp(1980, 2107) as u16, mo as u8, d as u8, h as u8, mi as u8, s as u8)
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(deflate.level()))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name, options)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn parts() -> Vec<(String, Vec<u8>)> {
        vec![("b.xml".into(), b"<b/>".to_vec()), ("a/c.xml".into(), "<c>双拥</c>".as_bytes().to_vec())]
    }

    #[test]
    fn entries_keep_their_order_and_content() {
        let bytes = zip(parts(), DocDate::from_unix(1_734_652_800), Deflate::Archive).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.file_names().collect::<Vec<_>>().len(), 2);
        let mut entry = archive.by_index(1).unwrap();
        assert_eq!(entry.name().unwrap(), "a/c.xml");
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        assert_eq!(text, "<c>双拥</c>");
        // 2024-12-20 08:00 in China.
        let time = entry.last_modified().unwrap();
        assert_eq!((time.year(), time.month(), time.day(), time.hour()), (2024, 12, 20, 8));
    }

    #[test]
    fn same_parts_same_bytes_and_early_dates_clamp() {
        let date = DocDate::from_unix(0);
        assert_eq!(zip(parts(), date, Deflate::Fast).unwrap(), zip(parts(), date, Deflate::Fast).unwrap());
        let bytes = zip(parts(), date, Deflate::Fast).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.by_index(0).unwrap().last_modified().unwrap().year(), 1980);
    }
}
