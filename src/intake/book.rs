//! The calamine side of intake: opens a workbook's bytes in the format [`guard::inspect`] found
//! and reads one sheet into sparse cells. `.xlsx` and `.xlsb` sheets are streamed cell
//! by cell (values and formulas in one pass for `.xlsx`), so a sheet is never held as
//! a dense range; `.xls` and `.ods` are parsed whole by calamine when opened, so their
//! ranges are checked against the limits after the fact.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};

use super::guard::{Format, MAX_SHEET_CELLS};
use super::CellValue;

/// The whole file, read once by [`super::guard::load`].
type Input = Cursor<Vec<u8>>;

pub(crate) enum Book {
    Xlsx(Xlsx<Input>),
    Xlsb(Xlsb<Input>),
    Xls(Xls<Input>),
    Ods(Ods<Input>),
}

/// The non-empty cells of a sheet by 0-based (row, column), in row-major order.
pub(crate) type Cells = BTreeMap<(u32, u32), CellValue>;

#[derive(Debug)]
pub(crate) enum SheetError {
    /// The sheet declares or holds more than [`MAX_SHEET_CELLS`].
    TooLarge(u64),
    Unreadable(String),
}

/// Why a workbook could not be opened, said for the person who sent it.
pub(crate) fn describe_open_error(e: &calamine::Error) -> String {
    let password = matches!(
        e,
        calamine::Error::Xlsx(calamine::XlsxError::Password)
            | calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Xlsb(calamine::XlsbError::Password)
            | calamine::Error::Ods(calamine::OdsError::Password)
    );
    if password {
        "文件设有打开密码：请取消密码（文件 › 信息 › 保护工作簿）后重新报送".into()
    } else {
        format!(
            "文件已损坏或格式无法识别：请用 Excel 或 WPS 打开后“另存为” .xlsx 再报送{}",
            crate::foreign::original(&e.to_string())
        )
    }
}

impl Book {
    pub(crate) fn open(bytes: Vec<u8>, format: Format) -> Result<Book, calamine::Error> {
        Ok(match format {
            Format::Xlsx => Book::Xlsx(Xlsx::new(Cursor::new(bytes)).map_err(calamine::Error::Xlsx)?),
            Format::Xlsb => Book::Xlsb(Xlsb::new(Cursor::new(bytes)).map_err(calamine::Error::Xlsb)?),
            Format::Ods => Book::Ods(Ods::new(Cursor::new(bytes)).map_err(calamine::Error::Ods)?),
            // Kept for the xlsx reader below if this is not an .xls after all: rare,
            // and cheaper than reading the file again.
            Format::Xls => match Xls::new(Cursor::new(bytes.clone())) {
                Ok(book) => Book::Xls(book),
                // An encrypted .xlsx is a compound file too; the xlsx reader names it.
                Err(e) => {
                    return Err(match Xlsx::new(Cursor::new(bytes)) {
                        Err(calamine::XlsxError::Password) => calamine::Error::Xlsx(calamine::XlsxError::Password),
                        _ => calamine::Error::Xls(e),
                    })
                }
            },
        })
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xlsb(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    pub(crate) fn cells(&mut self, sheet: &str) -> Result<Cells, SheetError> {
        match self {
            Book::Xlsx(b) => xlsx_cells(b, sheet),
            Book::Xlsb(b) => xlsb_cells(b, sheet),
            Book::Xls(b) => {
                let values = b.worksheet_range(sheet).map_err(|e| SheetError::Unreadable(e.to_string()))?;
                let formulas = b.worksheet_formula(sheet).map_err(|e| SheetError::Unreadable(e.to_string()))?;
                dense_cells(values, formulas)
            }
            Book::Ods(b) => {
                let values = b.worksheet_range(sheet).map_err(|e| SheetError::Unreadable(e.to_string()))?;
                let formulas = b.worksheet_formula(sheet).map_err(|e| SheetError::Unreadable(e.to_string()))?;
                dense_cells(values, formulas)
            }
        }
    }
}

impl Book {
    /// The sheet's merged areas as ((first row, first column), (last row, last column));
    /// `.xlsx` and `.xls` only, as calamine reads no others.
    pub(crate) fn merged(&mut self, sheet: &str) -> Vec<((u32, u32), (u32, u32))> {
        let areas: Vec<Dimensions> = match self {
            Book::Xlsx(b) => b.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Book::Xls(b) => b.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Book::Xlsb(_) | Book::Ods(_) => Vec::new(),
        };
        areas.into_iter().map(|d| (d.start, d.end)).collect()
    }
}

fn declared_cells(d: Dimensions) -> u64 {
    let rows = u64::from(d.end.0.saturating_sub(d.start.0)) + 1;
    let cols = u64::from(d.end.1.saturating_sub(d.start.1)) + 1;
    rows.saturating_mul(cols)
}

/// Adds a cell, keeping formulas whose saved result is missing or empty: those are the
/// cells a unit believes hold a number while the file holds none.
fn put(cells: &mut Cells, pos: (u32, u32), value: Data, formula: Option<&str>) -> Result<(), SheetError> {
    // ODS keeps the formula's namespace (`of:=1+1`); people know `=1+1`.
    let formula = formula
        .map(|f| f.trim())
        .map(|f| f.strip_prefix("of:").unwrap_or(f).trim_start_matches('='))
        .filter(|f| !f.is_empty());
    let value = match (value, formula) {
        (Data::Empty, Some(f)) => CellValue::FormulaNoValue(format!("={f}")),
        (Data::String(s), Some(f)) if s.is_empty() => CellValue::FormulaNoValue(format!("={f}")),
        (v, _) => CellValue::from_data(v),
    };
    if value != CellValue::Empty {
        if cells.len() as u64 >= MAX_SHEET_CELLS {
            return Err(SheetError::TooLarge(cells.len() as u64 + 1));
        }
        cells.insert(pos, value);
    }
    Ok(())
}

fn xlsx_cells(book: &mut Xlsx<Input>, sheet: &str) -> Result<Cells, SheetError> {
    let unreadable = |e: calamine::XlsxError| SheetError::Unreadable(e.to_string());
    let mut reader = book.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let declared = declared_cells(reader.dimensions());
    if declared > MAX_SHEET_CELLS {
        return Err(SheetError::TooLarge(declared));
    }
    let mut cells = Cells::new();
    while let Some(c) = reader.next_cell_with_formula().map_err(unreadable)? {
        put(&mut cells, c.pos, Data::from(c.value), c.formula.as_deref())?;
    }
    Ok(cells)
}

fn xlsb_cells(book: &mut Xlsb<Input>, sheet: &str) -> Result<Cells, SheetError> {
    let unreadable = |e: calamine::XlsbError| SheetError::Unreadable(e.to_string());
    let mut formulas = BTreeMap::new();
    {
        let mut reader = book.worksheet_cells_reader(sheet).map_err(unreadable)?;
        let declared = declared_cells(reader.dimensions());
        if declared > MAX_SHEET_CELLS {
            return Err(SheetError::TooLarge(declared));
        }
        while let Some(c) = reader.next_formula().map_err(unreadable)? {
            if !c.get_value().is_empty() {
                if formulas.len() as u64 >= MAX_SHEET_CELLS {
                    return Err(SheetError::TooLarge(formulas.len() as u64 + 1));
                }
                formulas.insert(c.get_position(), c.get_value().clone());
            }
        }
    }
    let mut reader = book.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let mut cells = Cells::new();
    while let Some(c) = reader.next_cell().map_err(unreadable)? {
        let pos = c.get_position();
        let value: DataRef<'_> = c.get_value().clone();
        put(&mut cells, pos, Data::from(value), formulas.get(&pos).map(String::as_str))?;
    }
    Ok(cells)
}

fn dense_cells(values: Range<Data>, formulas: Range<String>) -> Result<Cells, SheetError> {
    let size = |r: (usize, usize)| (r.0 as u64).saturating_mul(r.1 as u64);
    let declared = size(values.get_size()).max(size(formulas.get_size()));
    if declared > MAX_SHEET_CELLS {
        return Err(SheetError::TooLarge(declared));
    }
    let mut cells = Cells::new();
    let (r0, c0) = values.start().unwrap_or((0, 0));
    for (r, c, v) in values.used_cells() {
        let pos = (r0 + r as u32, c0 + c as u32);
        put(&mut cells, pos, v.clone(), formulas.get_value(pos).map(String::as_str))?;
    }
    // A formula with no saved result leaves no value cell at all.
    let (f0, g0) = formulas.start().unwrap_or((0, 0));
    for (r, c, f) in formulas.used_cells() {
        let pos = (f0 + r as u32, g0 + c as u32);
        if !cells.contains_key(&pos) && !f.trim().is_empty() {
            put(&mut cells, pos, Data::Empty, Some(f))?;
        }
    }
    Ok(cells)
}
