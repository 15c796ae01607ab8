//! The set-up every workbook the tool writes shares (the blank intake workbooks, the
//! units' feedback copies and the 催报 list, the summary workbook, the dossier's score
//! workbook): document properties dated by the one clock ([`crate::date`]), so that the
//! same input and `SOURCE_DATE_EPOCH` give the same bytes, and the printed page. Each
//! writer keeps its own sheets and formats.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use crate::date::DocDate;

/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;

/// The document properties: `title` (if any), the office as author and company, and
/// the creation time.
pub fn properties(title: Option<&str>, office: &str, date: DocDate) -> DocProperties {
    // Within the years a clocked date can have, which Excel's dates all cover.
    let created = ExcelDateTime::from_timestamp(date.file_seconds()).unwrap_or_default();
    let properties = DocProperties::new().set_author(office).set_company(office).set_creation_datetime(&created);
    match title {
        Some(t) => properties.set_title(t),
        None => properties,
    }
}

/// A new workbook with [`properties`].
pub fn workbook(title: Option<&str>, office: &str, date: DocDate) -> Workbook {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(title, office, date));
    wb
}

/// How a sheet is printed: A4 in `landscape` or portrait, centred across the page,
/// page numbers in the footer (第 1 页，共 3 页).
pub fn print_a4(sheet: &mut Worksheet, landscape: bool) {
    sheet.set_paper_size(PAPER_A4);
    if landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_footer("&C第 &P 页，共 &N 页");
    sheet.set_print_center_horizontally(true);
}

/// Printed to the page's width, as many pages tall as it takes: a list whose last column
/// would otherwise land on a page of its own.
pub fn fit_width(sheet: &mut Worksheet) {
    sheet.set_print_fit_to_pages(1, 0);
}

/// Why a workbook could not be written, in Chinese: the OS's reason for a failed save,
/// else the writer's own text, marked, after what it means for the office.
pub fn describe(e: &XlsxError) -> String {
    match e {
        XlsxError::IoError(io) => crate::foreign::io(io),
        other => format!("有内容超出 Excel 的限制{}", crate::foreign::original(&other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbooks_are_dated_by_the_clock() {
        let read = |date: DocDate| {
            let bytes = workbook(Some("示例区"), "示例区双拥办", date).save_to_buffer().unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut core = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
            core
        };
        let core = read(DocDate::from_unix(1_734_625_800));
        assert!(core.contains("2024-12-19T16:30:00Z") && core.contains("示例区双拥办"), "{core}");
        assert_eq!(core, read(DocDate::from_unix(1_734_625_800)));
        // A date no spreadsheet can carry is written as the nearest one, never refused.
        assert!(read(DocDate::from_unix(i64::MAX)).contains("9999-12-31"));
    }

    #[test]
    fn write_errors_are_said_in_chinese() {
        let exists = XlsxError::IoError(std::io::Error::from_raw_os_error(17));
        assert_eq!(describe(&exists), "已存在同名的文件或文件夹");
        let long = describe(&XlsxError::MaxStringLengthExceeded);
        assert!(long.starts_with("有内容超出 Excel 的限制（原始信息："), "{long}");
    }
}
