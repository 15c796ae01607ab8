//! Intake: reads a returned workbook (`.xlsx`, `.xls`, `.ods`; `.xlsb` too) with
//! calamine, finds the 填报表 sheet, its labels and header by the texts [`crate::form`] gives, and hands back
//! raw rows with the cell of every value. Nothing is interpreted here beyond locating
//! things: [`crate::validate`] decides what the values mean.
//!
//! Units insert rows, columns and sheets, merge cells, and type labels with colons
//! and full-width spaces, so nothing is found by its coordinates. A file that cannot be
//! read at all (not a spreadsheet, corrupt, encrypted, too large, no 填报表 sheet, no
//! header row) is one diagnostic; reading never panics or stops the run.

mod book;
mod guard;
mod highlights;
mod sheets;
pub mod text;

use std::collections::HashMap;
use std::path::Path;

use calamine::Data;

use crate::diag::{self, Diagnostic, Kind};
use crate::form::{
    CODE_HEADER, CONTACT_LABELS, DATE_LABEL, FILLER_LABEL, FINGERPRINT_LABEL, FORM_SHEET, HEAD_LABEL, HIGHLIGHTS_SHEET,
    MEASURE_HEADER, NAME_HEADER, NOTE_HEADER, PHONE_LABEL, STAMP_SHEET, UNIT_LABEL, VALUE_HEADER, VERSION_LABEL,
    YEAR_LABEL,
};
use book::{Book, Cells, SheetError};
use guard::Refusal;

pub use guard::{MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_SHEET_CELLS};
pub use highlights::{HighlightRow, Highlights};
pub use sheets::{read_sheets, Sheet};

/// A cell's content as calamine read it, before any interpretation.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// A number shown as a date or time because of the cell's format: `shown` is what
    /// the unit sees (`1901-01-20`), `serial` the number behind it.
    Date {
        serial: f64,
        shown: String,
    },
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never calculated and saved (files written by tools
    /// other than Excel/WPS); holds the formula (`=SUM(E5:E6)`).
    FormulaNoValue(String),
}

impl CellValue {
    fn from_data(d: Data) -> CellValue {
        match d {
            Data::Empty => CellValue::Empty,
            Data::Int(i) => CellValue::Number(i as f64),
            Data::Float(f) => CellValue::Number(f),
            Data::String(s) if s.trim().is_empty() => CellValue::Empty,
            Data::String(s) => CellValue::Text(s),
            Data::Bool(b) => CellValue::Bool(b),
            Data::DateTime(dt) => {
                let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
                let shown = if dt.is_duration() || dt.as_f64() < 1.0 {
                    format!("{h:02}:{mi:02}:{s:02}")
                } else if (h, mi, s) == (0, 0, 0) {
                    format!("{y:04}-{mo:02}-{d:02}")
                } else {
                    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
                };
                CellValue::Date { serial: dt.as_f64(), shown }
            }
            Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::Date { serial: f64::NAN, shown: s },
            Data::Error(e) => CellValue::Error(e.to_string()),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == CellValue::Empty
    }

    /// The value as the unit would read it in the cell, for diagnostics (`value`).
    pub fn raw(&self) -> Option<String> {
        match self {
            CellValue::Empty => None,
            CellValue::Number(n) => Some(crate::numfmt::typed_figure(*n)),
            CellValue::Text(s) => Some(s.clone()),
            CellValue::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.into()),
            CellValue::Date { shown, .. } => Some(shown.clone()),
            CellValue::Error(e) => Some(e.clone()),
            CellValue::FormulaNoValue(f) => Some(f.clone()),
        }
    }
}

/// One cell of the 填报表 sheet; positions are 0-based as in calamine.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub value: CellValue,
}

impl Cell {
    /// `E7`.
    pub fn a1(&self) -> String {
        diag::a1(self.row, self.col)
    }

    fn at(cells: &Cells, row: u32, col: u32) -> Cell {
        Cell { row, col, value: cells.get(&(row, col)).cloned().unwrap_or(CellValue::Empty) }
    }
}

/// One indicator row below the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub code: Cell,
    /// 指标名称, 计量单位 and 备注 as written (empty when the column is missing).
    pub name: String,
    pub measure: Cell,
    pub value: Cell,
    pub note: String,
    /// The 备注 cell (A1), when the column is there.
    pub note_cell: Option<String>,
}

/// What the hidden 版本信息 sheet of a blank workbook says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stamp {
    pub version: Option<i64>,
    pub fingerprint: Option<String>,
}

/// Who to call about a return: the optional 填报人, 联系电话, 单位负责人 and 填报日期
/// cells, as written (`None` when absent or empty).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contact {
    pub filler: Option<String>,
    pub phone: Option<String>,
    pub head: Option<String>,
    pub date: Option<String>,
}

impl Contact {
    /// Each item with its label, in the form's order; absent ones as `None`.
    pub fn items(&self) -> [(&'static str, Option<&str>); 4] {
        [
            (FILLER_LABEL, self.filler.as_deref()),
            (PHONE_LABEL, self.phone.as_deref()),
            (HEAD_LABEL, self.head.as_deref()),
            (DATE_LABEL, self.date.as_deref()),
        ]
    }

    fn read(labels: &Labels) -> Contact {
        let value = |label: &str| {
            labels.find(label).and_then(|c| c.value.raw()).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
        };
        Contact {
            filler: value(FILLER_LABEL),
            phone: value(PHONE_LABEL),
            head: value(HEAD_LABEL),
            date: value(DATE_LABEL),
        }
    }
}

/// A returned workbook located but not yet interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// The name diagnostics and facts use for the file.
    pub file: String,
    /// The 填报表 sheet's name as the workbook spells it.
    pub sheet: String,
    /// The cell holding the unit's name (right of 填报单位, or the label cell itself
    /// for `填报单位：区民政局`); `None` when there is no 填报单位 label.
    pub unit: Option<Cell>,
    /// The cell holding the year, found the same way from 统计年度.
    pub year: Option<Cell>,
    /// Header labels the contract asks for that the header row lacks (指标名称,
    /// 计量单位, 备注: the rows can still be read without them).
    pub missing_headers: Vec<&'static str>,
    /// Present when the workbook has a 版本信息 sheet.
    pub stamp: Option<Stamp>,
    pub contact: Contact,
    /// Rows that hold a code or a value, top to bottom.
    pub rows: Vec<Row>,
    /// The 工作亮点 sheet, when the workbook has one.
    pub highlights: Option<Highlights>,
    /// The 填报表 sheet's merged areas, ((first row, first column), (last row, last column)).
    pub merged: Vec<((u32, u32), (u32, u32))>,
    /// Text cells of the 填报表 and 工作亮点 sheets holding a character XML cannot hold
    /// (a pasted control character, `_x001F_` in Excel's file), with their sheet: the
    /// documents leave it out, `check` says where it is.
    pub control_cells: Vec<(String, Cell)>,
}

/// Reads one returned workbook. `Err` is the one diagnostic that says why the file
/// could not be read as an intake workbook at all; it names the file as `display_name`.
pub fn read_workbook(path: &Path, display_name: &str) -> Result<Workbook, Diagnostic> {
    let refuse = |kind: Kind, message: String| Diagnostic::error(kind, message).file(display_name);
    let (format, bytes) = guard::load(path).map_err(|r| match r {
        Refusal::TooLarge(m) => refuse(Kind::TooLarge, m),
        Refusal::Unreadable(m) => refuse(Kind::Unreadable, m),
    })?;
    let read = guard::quietly(|| read_book(bytes, format, display_name));
    match read {
        Ok(result) => result,
        Err(panic) => Err(refuse(
            Kind::Unreadable,
            format!(
                "文件结构异常，无法读取：请用 Excel 或 WPS 打开后“另存为” .xlsx 再报送{}",
                crate::foreign::original(&panic)
            ),
        )),
    }
}

fn read_book(bytes: Vec<u8>, format: guard::Format, display_name: &str) -> Result<Workbook, Diagnostic> {
    let refuse = |kind: Kind, message: String| Diagnostic::error(kind, message).file(display_name);
    let mut book = Book::open(bytes, format).map_err(|e| refuse(Kind::Unreadable, book::describe_open_error(&e)))?;
    let names = book.sheet_names();
    let find = |wanted: &str| names.iter().find(|n| text::label(n) == wanted).cloned();
    let Some(sheet) = find(FORM_SHEET) else {
        let list = if names.is_empty() {
            "没有工作表".to_string()
        } else {
            format!("现有工作表：{}", names.join("、"))
        };
        return Err(refuse(
            Kind::MissingSheet,
            format!("找不到名为“{FORM_SHEET}”的工作表（{list}）：请在下发的填报表上填写，不要改动工作表名称"),
        ));
    };
    let sheet_error = |e: SheetError| match e {
        SheetError::TooLarge(n) => refuse(
            Kind::TooLarge,
            format!("工作表“{sheet}”有 {n} 个单元格，超过 {MAX_SHEET_CELLS} 个的上限：请删除多余的行列后重新报送"),
        )
        .sheet(&sheet),
        SheetError::Unreadable(m) => refuse(
            Kind::Unreadable,
            format!(
                "工作表“{sheet}”已损坏，无法读取：请用 Excel 或 WPS 打开后“另存为” .xlsx 再报送{}",
                crate::foreign::original(&m)
            ),
        )
        .sheet(&sheet),
    };
    let cells = book.cells(&sheet).map_err(sheet_error)?;
    let mut control_cells = control_cells(&sheet, &cells);
    // A damaged stamp costs only the outdated-template hint, not the return.
    let stamp = find(STAMP_SHEET).map(|name| book.cells(&name).map(|c| read_stamp(&c)).unwrap_or_default());
    let highlights = find(HIGHLIGHTS_SHEET).map(|name| match book.cells(&name) {
        Ok(cells) => {
            control_cells.extend(self::control_cells(&name, &cells));
            highlights::locate(&cells, name)
        }
        Err(e) => Highlights {
            problem: Some(match e {
                SheetError::TooLarge(n) => format!(
                    "工作表有 {n} 个单元格，超过 {MAX_SHEET_CELLS} 个的上限，本表的工作亮点未能读取：请删除多余的行列"
                ),
                SheetError::Unreadable(m) => format!(
                    "工作表已损坏，本表的工作亮点未能读取：请用 Excel 或 WPS 打开后“另存为” .xlsx 再报送{}",
                    crate::foreign::original(&m)
                ),
            }),
            sheet: name,
            ..Highlights::default()
        },
    });
    let merged = book.merged(&sheet);
    drop(book);
    let mut workbook = locate(&cells, display_name, sheet, stamp)?;
    workbook.highlights = highlights;
    workbook.merged = merged;
    workbook.control_cells = control_cells;
    Ok(workbook)
}

fn control_cells(sheet: &str, cells: &Cells) -> Vec<(String, Cell)> {
    cells
        .iter()
        .filter(|(_, v)| text_of(v).is_some_and(|t| t.chars().any(crate::xml::forbidden)))
        .map(|(&(row, col), v)| (sheet.to_string(), Cell { row, col, value: v.clone() }))
        .collect()
}

fn read_stamp(cells: &Cells) -> Stamp {
    let labels = Labels::new(cells);
    let value = |label: &str| labels.find(label).map(|c| c.value);
    let version = match value(VERSION_LABEL) {
        Some(CellValue::Number(n)) if n.fract() == 0.0 => Some(n as i64),
        Some(CellValue::Text(t)) => text::compact(&t).parse().ok(),
        _ => None,
    };
    let fingerprint = value(FINGERPRINT_LABEL).and_then(|v| v.raw()).map(|s| s.trim().to_string());
    Stamp { version, fingerprint }
}

/// The text of a cell that can hold a label (labels are typed, so text only).
fn text_of(v: &CellValue) -> Option<&str> {
    match v {
        CellValue::Text(t) => Some(t),
        _ => None,
    }
}

/// Where each label of a sheet first appears, in reading order: the labels of a sheet
/// are looked up several times (unit, year, the contact lines), its cells read once.
struct Labels<'a> {
    cells: &'a Cells,
    /// Each label's first cell holding it alone; its value is to the right.
    alone: HashMap<String, (u32, u32)>,
    /// Each label's first `填报单位：区民政局` cell, the label and its value in one cell.
    inline: HashMap<String, ((u32, u32), String)>,
}

impl<'a> Labels<'a> {
    fn new(cells: &'a Cells) -> Labels<'a> {
        let (mut alone, mut inline) = (HashMap::new(), HashMap::new());
        for (&at, v) in cells {
            let Some(t) = text_of(v) else { continue };
            alone.entry(text::label(t)).or_insert(at);
            if let Some((head, rest)) = t.split_once([':', '：']) {
                if !rest.trim().is_empty() {
                    inline.entry(text::label(head)).or_insert_with(|| (at, rest.trim().to_string()));
                }
            }
        }
        Labels { cells, alone, inline }
    }

    /// The row of the first cell holding `label` alone.
    fn row_of(&self, label: &str) -> Option<u32> {
        self.alone.get(label).map(|&(row, _)| row)
    }

    /// Finds `label` and returns the cell holding its value: the first non-empty cell to
    /// its right (merged label cells push it further right), stopping at the next label;
    /// or the rest of the label cell itself for `填报单位：区民政局`. The first occurrence
    /// in reading order wins, so a footer such as `填报单位（盖章）` does not interfere.
    fn find(&self, label: &str) -> Option<Cell> {
        let alone = self.alone.get(label).copied();
        match (alone, self.inline.get(label)) {
            (Some(at), Some((inline_at, rest))) if inline_at < &at => Some(inline_cell(*inline_at, rest)),
            (None, Some((inline_at, rest))) => Some(inline_cell(*inline_at, rest)),
            (Some((row, col)), _) => {
                let value = self
                    .cells
                    .range((row, col + 1)..(row, u32::MAX))
                    .map(|(&(r, c), v)| Cell { row: r, col: c, value: v.clone() })
                    .next()
                    .filter(|c| !text_of(&c.value).is_some_and(looks_like_label));
                Some(value.unwrap_or(Cell { row, col: col + 1, value: CellValue::Empty }))
            }
            (None, None) => None,
        }
    }
}

fn inline_cell((row, col): (u32, u32), rest: &str) -> Cell {
    Cell { row, col, value: CellValue::Text(rest.to_string()) }
}

/// Another label rather than a value: `统计年度`, `填报日期：`.
fn looks_like_label(t: &str) -> bool {
    let c = text::compact(t);
    let label = text::label(t);
    c.ends_with(':') || [UNIT_LABEL, YEAR_LABEL].iter().chain(&CONTACT_LABELS).any(|l| *l == label)
}

fn locate(cells: &Cells, file: &str, sheet: String, stamp: Option<Stamp>) -> Result<Workbook, Diagnostic> {
    let missing = |m: String| Diagnostic::error(Kind::MissingLabel, m).file(file).sheet(sheet.clone());
    let labels = Labels::new(cells);
    let header_row = labels.row_of(CODE_HEADER).ok_or_else(|| {
            missing(format!(
                "找不到表头行（应有“{CODE_HEADER}”“{NAME_HEADER}”“{MEASURE_HEADER}”“{VALUE_HEADER}”“{NOTE_HEADER}”等列）：请使用下发的填报表，不要删改表头"
            ))
        })?;
    let column = |label: &str| {
        cells
            .range((header_row, 0)..(header_row + 1, 0))
            .find(|(_, v)| text_of(v).is_some_and(|t| text::label(t) == label))
            .map(|(&(_, c), _)| c)
    };
    let code_col = column(CODE_HEADER).expect("the header row was found by this label");
    let value_col = column(VALUE_HEADER).ok_or_else(|| {
        missing(format!("表头行（第 {} 行）缺少“{VALUE_HEADER}”列：请使用下发的填报表，不要删改表头", header_row + 1))
    })?;
    let mut missing_headers = Vec::new();
    let mut optional = |label: &'static str| {
        let col = column(label);
        if col.is_none() {
            missing_headers.push(label);
        }
        col
    };
    let (name_col, measure_col, note_col) = (optional(NAME_HEADER), optional(MEASURE_HEADER), optional(NOTE_HEADER));

    let text_at = |row: u32, col: Option<u32>| {
        col.and_then(|c| cells.get(&(row, c))).and_then(CellValue::raw).unwrap_or_default().trim().to_string()
    };
    let mut rows = Vec::new();
    let mut row_numbers: Vec<u32> = cells.range((header_row + 1, 0)..).map(|(&(r, _), _)| r).collect();
    row_numbers.dedup();
    for r in row_numbers {
        let code = Cell::at(cells, r, code_col);
        let value = Cell::at(cells, r, value_col);
        if code.value.is_empty() && value.value.is_empty() {
            continue;
        }
        // A header repeated further down (a second page pasted below the first).
        if text_of(&code.value).is_some_and(|t| text::label(t) == CODE_HEADER) {
            continue;
        }
        rows.push(Row {
            name: text_at(r, name_col),
            measure: match measure_col {
                Some(c) => Cell::at(cells, r, c),
                None => Cell { row: r, col: value_col, value: CellValue::Empty },
            },
            note: text_at(r, note_col),
            note_cell: note_col.map(|c| diag::a1(r, c)),
            code,
            value,
        });
    }
    Ok(Workbook {
        file: file.to_string(),
        unit: labels.find(UNIT_LABEL),
        year: labels.find(YEAR_LABEL),
        contact: Contact::read(&labels),
        sheet,
        missing_headers,
        stamp,
        rows,
        highlights: None,
        merged: Vec::new(),
        control_cells: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[(u32, u32, &str)]) -> Cells {
        rows.iter()
            .map(|&(r, c, t)| {
                let v = match t.parse::<f64>() {
                    Ok(n) => CellValue::Number(n),
                    Err(_) => CellValue::Text(t.to_string()),
                };
                ((r, c), v)
            })
            .collect()
    }

    const LAYOUT: &[(u32, u32, &str)] = &[
        (0, 0, "2024年度双拥工作统计表"),
        (1, 0, "填报单位"),
        (1, 1, "区民政局"),
        (1, 3, "统计年度"),
        (1, 4, "2024"),
        (3, 0, "指标编码"),
        (3, 1, "类别"),
        (3, 2, "指标名称"),
        (3, 3, "计量单位"),
        (3, 4, "本年数值"),
        (3, 5, "备注"),
        (4, 0, "ZZ01"),
        (4, 2, "召开双拥工作领导小组会议"),
        (4, 3, "次"),
        (4, 4, "3"),
        (5, 0, "ZZ02"),
        (5, 3, "次"),
        (6, 0, "填表人：张三"),
    ];

    #[test]
    fn locates_labels_header_and_rows() {
        let wb = locate(&sheet(LAYOUT), "a.xlsx", "填报表".into(), None).unwrap();
        assert_eq!(wb.unit.as_ref().unwrap().value, CellValue::Text("区民政局".into()));
        assert_eq!(wb.unit.unwrap().a1(), "B2");
        assert_eq!(wb.year.unwrap().value, CellValue::Number(2024.0));
        assert!(wb.missing_headers.is_empty());
        let codes: Vec<_> = wb.rows.iter().map(|r| r.code.value.raw().unwrap()).collect();
        assert_eq!(codes, ["ZZ01", "ZZ02", "填表人：张三"]);
        assert_eq!(wb.rows[0].value.a1(), "E5");
        assert_eq!(wb.rows[0].name, "召开双拥工作领导小组会议");
        assert_eq!(wb.rows[1].value.value, CellValue::Empty);
    }

    #[test]
    fn follows_inserted_rows_and_columns() {
        let moved: Vec<(u32, u32, &str)> = LAYOUT.iter().map(|&(r, c, t)| (r + 2, c + 1, t)).collect();
        let wb = locate(&sheet(&moved), "a.xlsx", "填报表".into(), None).unwrap();
        assert_eq!(wb.rows[0].value.a1(), "F7");
        assert_eq!(wb.year.unwrap().a1(), "F4");
    }

    #[test]
    fn label_variants() {
        let cells = sheet(&[
            (0, 0, "填 报 单 位："),
            (0, 2, "区民政局"),
            (1, 0, "统计年度：2024年"),
            (3, 0, "指标编码"),
            (3, 1, "本年\n数值"),
        ]);
        let wb = locate(&cells, "a.xlsx", "填报表".into(), None).unwrap();
        assert_eq!(wb.unit.unwrap().a1(), "C1");
        let year = wb.year.unwrap();
        assert_eq!((year.a1().as_str(), year.value), ("A2", CellValue::Text("2024年".into())));
        assert_eq!(wb.missing_headers, [NAME_HEADER, MEASURE_HEADER, NOTE_HEADER]);
    }

    #[test]
    fn the_first_label_in_reading_order_wins_alone_or_inline() {
        let (code, value) = ((3, 0, "指标编码"), (3, 1, "本年数值"));
        let inline_first = sheet(&[(0, 0, "填报单位：区民政局"), (1, 0, "填报单位"), (1, 1, "区财政局"), code, value]);
        let wb = locate(&inline_first, "a.xlsx", "填报表".into(), None).unwrap();
        assert_eq!(wb.unit.unwrap().value, CellValue::Text("区民政局".into()));
        let alone_first = sheet(&[(0, 0, "填报单位"), (0, 1, "区财政局"), (1, 0, "填报单位：区民政局"), code, value]);
        let wb = locate(&alone_first, "a.xlsx", "填报表".into(), None).unwrap();
        assert_eq!(wb.unit.unwrap().a1(), "B1");
        // The header row is a cell holding 指标编码 alone, whatever a note above it says.
        let note_above = sheet(&[(0, 0, "指标编码：见附表"), code, value, (4, 0, "ZZ01"), (4, 1, "3")]);
        let wb = locate(&note_above, "a.xlsx", "填报表".into(), None).unwrap();
        assert_eq!(wb.rows[0].value.a1(), "B5");
    }

    #[test]
    fn contact_cells_are_read_by_their_labels() {
        let mut layout = LAYOUT.to_vec();
        layout.extend([
            (8, 0, "填报人"),
            (8, 2, "联系电话："),
            (8, 3, "13812345678"),
            (9, 0, "单 位 负 责 人"),
            (9, 1, "李四"),
            (9, 2, "填报日期"),
        ]);
        let wb = locate(&sheet(&layout), "a.xlsx", "填报表".into(), None).unwrap();
        let expected =
            Contact { filler: None, phone: Some("13812345678".into()), head: Some("李四".into()), date: None };
        assert_eq!(wb.contact, expected);
        let wb = locate(&sheet(LAYOUT), "a.xlsx", "填报表".into(), None).unwrap();
        assert_eq!(wb.contact, Contact::default());
    }

    #[test]
    fn empty_label_value_stops_at_next_label() {
        let cells = sheet(&[(0, 0, "填报单位"), (0, 3, "填报日期："), (2, 0, "指标编码"), (2, 1, "本年数值")]);
        let wb = locate(&cells, "a.xlsx", "填报表".into(), None).unwrap();
        let unit = wb.unit.unwrap();
        assert_eq!((unit.a1().as_str(), unit.value), ("B1", CellValue::Empty));
        assert_eq!(wb.year, None);
    }

    #[test]
    fn missing_header_is_one_diagnostic() {
        let e = locate(&sheet(&[(0, 0, "填报单位")]), "a.xlsx", "填报表".into(), None).unwrap_err();
        assert_eq!((e.kind, e.file.as_deref()), (Kind::MissingLabel, Some("a.xlsx")));
        let e = locate(&sheet(&[(0, 0, "指标编码")]), "a.xlsx", "填报表".into(), None).unwrap_err();
        assert!(e.message.contains("本年数值"), "{}", e.message);
    }

    /// Every sheet of every workbook in the shared corpus of real (and malformed)
    /// files reads or fails cleanly, whatever its name: `read_workbook` alone stops at
    /// most of them for want of a 填报表 sheet. A panic caught by the guard is counted,
    /// not forgiven: bad input must never panic.
    #[test]
    fn every_corpus_sheet_reads_or_fails_cleanly() {
        let dir = std::env::var_os("SHUANGYONG_CORPUS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
            .join("calamine-tests");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            // As tests/common's `unavailable`: a CI run checks everything.
            assert!(std::env::var_os("CI").is_none_or(|v| v.is_empty()), "{} not found, and CI is set", dir.display());
            eprintln!("note: {} not found, corpus test skipped", dir.display());
            return;
        };
        let (mut sheets, mut panics) = (0, Vec::new());
        for path in entries.flatten().map(|e| e.path()) {
            let Ok((format, bytes)) = guard::load(&path) else { continue };
            let outcome = guard::quietly(|| {
                let Ok(mut book) = Book::open(bytes, format) else { return 0 };
                let names = book.sheet_names();
                names.iter().filter(|n| book.cells(n).is_ok()).count()
            });
            match outcome {
                Ok(n) => sheets += n,
                Err(message) => panics.push(format!("{}: {message}", path.display())),
            }
        }
        assert!(panics.is_empty(), "{} workbooks panicked:\n{}", panics.len(), panics.join("\n"));
        assert!(sheets > 100, "only {sheets} sheets read");
    }
}
