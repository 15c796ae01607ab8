//! Every sheet of a workbook as read, for what needs more than the 填报表 sheet: a roster
//! workbook (`init --roster`) and the copy of a return that `check --feedback` marks up.
//! The same guards as for returns apply (size, zip bombs, panics in calamine).

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Reader, SheetVisible};

use super::book::{self, Book};
use super::guard::{self, Format, Refusal};
use super::CellValue;

/// One sheet: its non-empty cells by 0-based (row, column) and its merged areas.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub visible: bool,
    pub cells: BTreeMap<(u32, u32), CellValue>,
    /// Merged areas as ((first row, first column), (last row, last column)); `.xlsx`
    /// and `.xls` only, as calamine reads no others.
    pub merged: Vec<((u32, u32), (u32, u32))>,
}

/// Reads every sheet of the workbook at `path`, in the workbook's order. `Err` says in
/// Chinese why the file cannot be read (the caller names the file).
pub fn read_sheets(path: &Path) -> Result<Vec<Sheet>, String> {
    let (format, bytes) = guard::load(path).map_err(|r| match r {
        Refusal::TooLarge(m) | Refusal::Unreadable(m) => m,
    })?;
    guard::quietly(|| read_all(bytes, format)).unwrap_or_else(|panic| Err(format!("文件结构异常，无法读取（{panic}）")))
}

fn read_all(bytes: Vec<u8>, format: Format) -> Result<Vec<Sheet>, String> {
    let mut book = Book::open(bytes, format).map_err(|e| book::describe_open_error(&e))?;
    let metadata = match &book {
        Book::Xlsx(b) => b.sheets_metadata().to_vec(),
        Book::Xlsb(b) => b.sheets_metadata().to_vec(),
        Book::Xls(b) => b.sheets_metadata().to_vec(),
        Book::Ods(b) => b.sheets_metadata().to_vec(),
    };
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        let cells = book.cells(&meta.name).map_err(|e| match e {
            book::SheetError::TooLarge(n) => format!("工作表“{}”有 {n} 个单元格，超出可读取的范围", meta.name),
            book::SheetError::Unreadable(m) => format!("工作表“{}”已损坏，无法读取（{m}）", meta.name),
        })?;
        let merged = book.merged(&meta.name);
        sheets.push(Sheet { visible: meta.visible == SheetVisible::Visible, name: meta.name, cells, merged });
    }
    Ok(sheets)
}
