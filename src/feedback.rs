//! What `check --feedback` sends back: for each returned workbook with problems, a copy
//! of it with every problem cell filled in colour and the Chinese message attached as a
//! cell note, led by a 问题清单 sheet listing them all (printed on one A4 width); and a 催报
//! list of the units that have not submitted, with whom to call (from their earlier
//! returns) and the deadline, followed by the problems only the office can act on (a
//! second file in its folder, an alias to add), which are not sent to the unit.
//!
//! The copy is rebuilt, not edited: intake's calamine reader gives every sheet's values
//! and merged areas, rust_xlsxwriter writes them with formats and notes. The returned
//! originals are only ever read. What the rebuild loses (fonts, borders, input checks,
//! formulas: their values are kept) does not matter for a file whose purpose is to show
//! which cells to fix; editing in place (umya-spreadsheet) would keep it, at the price of
//! a heavy dependency and of writing back into files units sent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Url, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::date::DocDate;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::intake::{self, CellValue, Contact, Sheet};
use crate::validate::{Checked, ALIAS_HINT};
use crate::workspace::{Unit, Workspace};

/// The sheet listing a return's problems; a copy sent back and returned again loses its
/// old one.
pub const PROBLEMS_SHEET: &str = "问题清单";
/// The sheet of the office's workbook listing what only the office can act on.
const OFFICE_SHEET: &str = "需双拥办处理";
const ERROR_FILL: u32 = 0xFFC7CE;
const WARNING_FILL: u32 = 0xFFEB9C;

#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("无法创建文件夹 {path}：{}", crate::foreign::io(.source))]
    CreateDir { path: String, source: std::io::Error },
    #[error("无法生成 {path}：{}", crate::xlsx::describe(.source))]
    Write { path: String, source: XlsxError },
}

/// Where the checked files are and what the files written say about them.
pub struct Feedback<'a> {
    pub ws: Option<&'a Workspace>,
    /// The folder the diagnostics' file names are relative to (empty: as given).
    pub base: PathBuf,
    /// The year whose missing returns the 催报 list chases; `None` (loose files): no list.
    pub chase_year: Option<i32>,
    /// The creation time stamped into the files, for reproducible bytes.
    pub created_at: DocDate,
}

/// The files written.
#[derive(Debug, Default)]
pub struct Written {
    pub returns: Vec<PathBuf>,
    pub chase_list: Option<PathBuf>,
    /// The problems listed for the office alone, in the 催报 workbook.
    pub for_office: usize,
}

/// Writes the feedback for `checked` into `out` (created if needed).
pub fn write(fb: &Feedback, checked: &Checked, out: &Path) -> Result<Written, FeedbackError> {
    std::fs::create_dir_all(out)
        .map_err(|source| FeedbackError::CreateDir { path: out.display().to_string(), source })?;
    let properties = crate::xlsx::properties(None, fb.ws.map_or("shuangyong", |w| w.office.as_str()), fb.created_at);

    let mut by_file: Vec<(&str, Vec<Diagnostic>)> = Vec::new();
    let mut for_office = Vec::new();
    for d in checked.diagnostics.iter().filter(|d| d.kind != Kind::MissingSubmission) {
        let Some(file) = d.file.as_deref() else { continue };
        let Some(mine) = for_unit(d) else {
            for_office.push(d);
            continue;
        };
        match by_file.iter_mut().find(|(f, _)| *f == file) {
            Some((_, list)) => list.push(mine),
            None => by_file.push((file, vec![mine])),
        }
    }
    let mut names = Names::default();
    let mut written = Written::default();
    // The roster units whose return was read but refused before it said whose it was:
    // they sent something, and get its feedback, not a call as if they had not.
    let mut refused = BTreeSet::new();
    for (file, diags) in by_file {
        let named = diags.iter().find_map(|d| d.unit.clone());
        let sender = fb.ws.filter(|_| named.is_none()).and_then(|ws| sender(ws, file));
        refused.extend(sender.map(|u| u.name.as_str()));
        let who = named.or_else(|| sender.map(|u| u.name.clone())).unwrap_or_else(|| stem_of(file));
        let path = out.join(names.take(&who, "_问题反馈"));
        let source = fb.base.join(file);
        let fail = |source| FeedbackError::Write { path: path.display().to_string(), source };
        let contact = checked.contacts.get(&source).cloned().unwrap_or_default();
        let diags: Vec<&Diagnostic> = diags.iter().collect();
        let mut book = annotated_copy(fb, &source, file, &who, &contact, &diags).map_err(fail)?;
        book.set_properties(&properties);
        save(&mut book, &path)?;
        written.returns.push(path);
    }
    if let (Some(ws), Some(year)) = (fb.ws, fb.chase_year) {
        let path = out.join(names.take(&ws.region, &format!("{year}年度催报名单")));
        let fail = |source| FeedbackError::Write { path: path.display().to_string(), source };
        let mut book = Workbook::new();
        chase_sheet(book.add_worksheet(), ws, year, checked, &refused).map_err(fail)?;
        if !for_office.is_empty() {
            office_sheet(book.add_worksheet(), &for_office).map_err(fail)?;
        }
        book.set_properties(&properties);
        save(&mut book, &path)?;
        written.chase_list = Some(path);
        written.for_office = for_office.len();
    }
    Ok(written)
}

/// What the unit reads of `d`, or `None` when only the office can act on it: which of
/// two files in its folder to keep, the roster's authoritative unit. Of a name not on the
/// roster, the unit reads the request to write its full name, not the alias the office
/// might add.
fn for_unit(d: &Diagnostic) -> Option<Diagnostic> {
    match d.kind {
        Kind::DuplicateSubmission | Kind::NoAuthoritativeUnit | Kind::AuthoritativeMissing => None,
        Kind::UnknownUnit => {
            let message = d.message.strip_suffix(ALIAS_HINT).unwrap_or(&d.message);
            Some(Diagnostic {
                message: format!("{message}（与下发填报表上的单位名称一致）"), ..d.clone()
            })
        }
        _ => Some(d.clone()),
    }
}

/// The roster unit a file is named after (`区民政局2024年.xlsx`, or an alias of it, the
/// longest name found): who sent a return refused before it said whose it was.
fn sender<'w>(ws: &'w Workspace, file: &str) -> Option<&'w Unit> {
    let stem = stem_of(file);
    ws.units
        .iter()
        .filter_map(|u| {
            let names = std::iter::once(&u.name).chain(&u.aliases);
            names
                .filter(|n| !n.is_empty() && stem.contains(n.as_str()))
                .map(|n| n.chars().count())
                .max()
                .map(|n| (n, u))
        })
        .max_by_key(|(n, _)| *n)
        .map(|(_, u)| u)
}

fn save(book: &mut Workbook, path: &Path) -> Result<(), FeedbackError> {
    let fail = |source| FeedbackError::Write { path: path.display().to_string(), source };
    let bytes = book.save_to_buffer().map_err(fail)?;
    crate::output::write_atomic(path, &bytes).map_err(|e| fail(XlsxError::IoError(e)))
}

/// `submissions/x/区民政局.xlsx` → `区民政局`.
fn stem_of(file: &str) -> String {
    Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| file.to_string())
}

/// File names safe on Windows and Linux and distinct ignoring case, as Windows compares.
#[derive(Default)]
struct Names(BTreeSet<String>);

impl Names {
    /// `<name><suffix>.xlsx`, the suffix kept whole however long the name.
    fn take(&mut self, name: &str, suffix: &str) -> String {
        let stem = crate::output::safe_file_stem_with(name, suffix, "未命名");
        let mut name = format!("{stem}.xlsx");
        let mut n = 2;
        while !self.0.insert(name.to_lowercase()) {
            name = format!("{stem}({n}).xlsx");
            n += 1;
        }
        name
    }
}

/// `E7` → 0-based (6, 4); `None` for anything else.
fn position(a1: &str) -> Option<(u32, u16)> {
    let letters = a1.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = a1[..letters].bytes().fold(0u32, |c, b| c * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: u32 = a1[letters..].parse().ok()?;
    (row >= 1 && col <= 16_384).then(|| (row - 1, (col - 1) as u16))
}

/// The formats both workbooks use.
struct Styles {
    title: Format,
    bold: Format,
    header: Format,
    cell: Format,
    wrapped: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_font_name("宋体").set_font_size(11).set_align(FormatAlign::VerticalCenter);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Styles {
            title: base.clone().set_font_size(14).set_bold(),
            bold: base.clone().set_bold(),
            header: cell.clone().set_bold().set_background_color(0xD9D9D9).set_align(FormatAlign::Center),
            wrapped: cell.clone().set_text_wrap(),
            cell,
        }
    }

    fn table(&self, sheet: &mut Worksheet, row: u32, header: &[(&str, f64)]) -> Result<(), XlsxError> {
        for (c, (text, width)) in header.iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, *text, &self.header)?;
            sheet.set_column_width(c as u16, *width)?;
        }
        Ok(())
    }
}

/// The copy of one return; with only the 问题清单 sheet when the file cannot be read.
fn annotated_copy(
    fb: &Feedback,
    source: &Path,
    file: &str,
    who: &str,
    contact: &Contact,
    diags: &[&Diagnostic],
) -> Result<Workbook, XlsxError> {
    // The cells to copy are read again: keeping every return's cells from the check
    // would hold a province's workbooks in memory at once.
    let sheets = intake::read_sheets(source).unwrap_or_default();
    let copied: Vec<&Sheet> = sheets.iter().filter(|s| s.name != PROBLEMS_SHEET).collect();
    let mut book = Workbook::new();
    // Built in memory from cells already read: the only failures are sheets rust_xlsxwriter
    // refuses (names, sizes), and then the list alone still tells the unit what to fix.
    if build_copy(&mut book, fb, file, who, contact, diags, &copied).is_err() {
        book = Workbook::new();
        problems_sheet(book.add_worksheet(), fb, file, who, contact, diags, &[])?;
    }
    Ok(book)
}

fn build_copy(
    book: &mut Workbook,
    fb: &Feedback,
    file: &str,
    who: &str,
    contact: &Contact,
    diags: &[&Diagnostic],
    sheets: &[&Sheet],
) -> Result<(), XlsxError> {
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    problems_sheet(book.add_worksheet(), fb, file, who, contact, diags, &names)?;
    for sheet in sheets {
        let marks = diags.iter().filter(|d| d.sheet.as_deref() == Some(&sheet.name));
        copy_sheet(book.add_worksheet(), sheet, marks, fb.ws.map_or("区双拥办", |w| w.office.as_str()))?;
    }
    Ok(())
}

fn problems_sheet(
    sheet: &mut Worksheet,
    fb: &Feedback,
    file: &str,
    who: &str,
    contact: &Contact,
    diags: &[&Diagnostic],
    copied: &[&str],
) -> Result<(), XlsxError> {
    let s = Styles::new();
    sheet.set_name(PROBLEMS_SHEET)?.set_active(true);
    crate::xlsx::print_a4(sheet, true);
    crate::xlsx::fit_width(sheet);
    sheet.write_string_with_format(0, 0, format!("{who} 填报表问题清单"), &s.title)?;
    sheet.set_row_height(0, 24)?;
    sheet.write_string(1, 0, format!("文件：{file}"))?;
    let known: Vec<String> =
        contact.items().iter().filter_map(|(label, v)| v.map(|v| format!("{label}：{v}"))).collect();
    let contact_line =
        if known.is_empty() { "填报人、联系电话：表中未填写".to_string() } else { known.join("　") };
    sheet.write_string(2, 0, contact_line)?;
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut summary = format!("错误 {errors} 条（必须修改），警告 {} 条（请核对）。", diags.len() - errors);
    summary.push_str("有问题的单元格在各工作表中已标色，鼠标移到单元格上可看到说明。");
    if let Some(deadline) = fb.ws.and_then(|w| w.deadline) {
        summary.push_str(&format!("请于{deadline}前修改后重新报送。"));
    }
    // Across the table and wrapped, so that it prints within the page's width.
    sheet.merge_range(3, 0, 3, 6, &summary, &s.bold.clone().set_text_wrap())?;
    sheet.set_row_height(3, 30)?;
    let header_row = 5;
    // Landscape A4 holds about 120 character widths: the message takes what the others leave.
    s.table(
        sheet,
        header_row,
        &[
            ("序号", 5.0),
            ("级别", 6.0),
            ("工作表", 10.0),
            ("单元格", 8.0),
            ("指标编码", 9.0),
            ("填写内容", 18.0),
            ("问题及修改要求", 60.0),
        ],
    )?;
    sheet.set_repeat_rows(header_row, header_row)?;
    for (i, d) in diags.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &s.cell)?;
        sheet.write_string_with_format(r, 1, d.severity.label(), &s.cell)?;
        sheet.write_string_with_format(r, 2, d.sheet.as_deref().unwrap_or(""), &s.cell)?;
        match (&d.sheet, &d.cell) {
            (Some(name), Some(cell)) if copied.contains(&name.as_str()) => {
                let link = Url::new(format!("internal:'{}'!{cell}", name.replace('\'', "''"))).set_text(cell);
                sheet.write_url_with_format(r, 3, link, &s.cell)?
            }
            (_, cell) => sheet.write_string_with_format(r, 3, cell.as_deref().unwrap_or(""), &s.cell)?,
        };
        sheet.write_string_with_format(r, 4, d.code.as_deref().unwrap_or(""), &s.cell)?;
        let value = d.value.as_deref().map(crate::diag::excerpt).unwrap_or_default();
        sheet.write_string_with_format(r, 5, value.as_ref(), &s.wrapped)?;
        sheet.write_string_with_format(r, 6, &d.message, &s.wrapped)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

/// One sheet of the return: values as read at their cells, merged areas merged again,
/// problem cells filled and annotated.
fn copy_sheet<'d>(
    out: &mut Worksheet,
    sheet: &Sheet,
    diags: impl Iterator<Item = &'d &'d Diagnostic>,
    author: &str,
) -> Result<(), XlsxError> {
    out.set_name(&sheet.name)?;
    if !sheet.visible {
        out.set_hidden(true);
    }
    // The return's own page set-up is not read: printed as the list is.
    crate::xlsx::print_a4(out, true);
    crate::xlsx::fit_width(out);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for &((r0, c0), (r1, c1)) in &sheet.merged {
        if (r0, c0) != (r1, c1) {
            // An overlapping area (which Excel itself would not have saved) stays unmerged.
            let _ = out.merge_range(r0, c0 as u16, r1, c1 as u16, "", &Format::new());
        }
    }
    let mut widths: BTreeMap<u16, usize> = BTreeMap::new();
    let spans: BTreeSet<(u32, u32)> = sheet.merged.iter().filter(|(a, b)| a.1 != b.1).map(|(a, _)| *a).collect();
    for (&(r, c), v) in &sheet.cells {
        let col = c as u16;
        put(out, r, col, v, None, &date)?;
        if !spans.contains(&(r, c)) {
            let w = v.raw().map_or(0, |t| t.lines().map(UnicodeWidthStr::width).max().unwrap_or(0));
            widths.entry(col).and_modify(|m| *m = (*m).max(w)).or_insert(w);
        }
    }
    for (col, w) in widths {
        out.set_column_width(col, (w as f64 + 2.0).clamp(8.0, 50.0))?;
    }
    let mut marks: BTreeMap<(u32, u16), (Severity, Vec<String>)> = BTreeMap::new();
    for d in diags {
        if let Some(pos) = d.cell.as_deref().and_then(position) {
            let mark = marks.entry(pos).or_insert((d.severity, Vec::new()));
            mark.0 = mark.0.min(d.severity);
            mark.1.push(format!("【{}】{}", d.severity.label(), d.message));
        }
    }
    for ((r, c), (severity, messages)) in marks {
        let fill = if severity == Severity::Error { ERROR_FILL } else { WARNING_FILL };
        let format = Format::new().set_background_color(fill).set_border(FormatBorder::Thin).set_border_color(0xC00000);
        let value = sheet.cells.get(&(r, u32::from(c))).unwrap_or(&CellValue::Empty);
        put(out, r, c, value, Some(format), &date)?;
        let text = messages.join("\n");
        let lines = text.chars().count() / 20 + messages.len();
        let note = Note::new(text).set_author(author).set_width(320).set_height((lines as u32 * 18 + 20).min(400));
        out.insert_note(r, c, &note)?;
    }
    Ok(())
}

/// Writes a value as read: numbers as numbers, dates as dates, everything else as the
/// text the unit saw (a formula never calculated shows the formula).
fn put(
    out: &mut Worksheet,
    r: u32,
    c: u16,
    v: &CellValue,
    format: Option<Format>,
    date: &Format,
) -> Result<(), XlsxError> {
    let plain = format.clone().unwrap_or_default();
    match v {
        CellValue::Empty => match format {
            Some(f) => out.write_blank(r, c, &f)?,
            None => out,
        },
        CellValue::Number(n) => out.write_number_with_format(r, c, *n, &plain)?,
        CellValue::Bool(b) => out.write_boolean_with_format(r, c, *b, &plain)?,
        CellValue::Date { serial, .. } if serial.is_finite() => {
            let f = format.map_or_else(|| date.clone(), |f| f.set_num_format("yyyy-mm-dd"));
            out.write_number_with_format(r, c, *serial, &f)?
        }
        other => out.write_string_with_format(r, c, other.raw().unwrap_or_default(), &plain)?,
    };
    Ok(())
}

/// The 催报 list: units with no return for `year`, with the contact cells of their latest
/// earlier return.
/// `refused`: units whose return was read and refused, which have their feedback instead.
fn chase_sheet(
    sheet: &mut Worksheet,
    ws: &Workspace,
    year: i32,
    checked: &Checked,
    refused: &BTreeSet<&str>,
) -> Result<(), XlsxError> {
    let s = Styles::new();
    let missing: Vec<&str> = checked.unsubmitted().into_iter().filter(|u| !refused.contains(u)).collect();
    sheet.set_name("催报名单")?;
    crate::xlsx::print_a4(sheet, true);
    crate::xlsx::fit_width(sheet);
    sheet.write_string_with_format(0, 0, format!("{}{year}年度双拥工作统计表催报名单", ws.region), &s.title)?;
    sheet.set_row_height(0, 24)?;
    let deadline = match ws.deadline {
        Some(d) => format!("报送截止日期：{d}"),
        None => "报送截止日期：未设置（可在 shuangyong.toml 中设置 deadline）".to_string(),
    };
    sheet.write_string(1, 0, deadline)?;
    sheet.write_string(2, 0, format!("未报送 {} 个单位（成员单位共 {} 个）", missing.len(), ws.units.len()))?;
    if !refused.is_empty() {
        let names: Vec<&str> = refused.iter().copied().collect();
        sheet.write_string(
            3,
            0,
            format!("另有 {} 个单位报送的填报表无法采用，已写出其问题反馈表：{}", names.len(), names.join("、")),
        )?;
    }
    let header_row = 4;
    s.table(
        sheet,
        header_row,
        &[
            ("序号", 6.0),
            ("单位名称", 28.0),
            ("单位类型", 10.0),
            ("填报人", 12.0),
            ("联系电话", 16.0),
            ("单位负责人", 12.0),
            ("联系方式来源", 24.0),
        ],
    )?;
    for (i, name) in missing.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        let unit_type = ws.unit(name).map(|u| u.unit_type.label()).unwrap_or_default();
        let (contact, from) = earlier_contact(ws, year, checked, name).unwrap_or_default();
        let cells = [
            (i + 1).to_string(),
            name.to_string(),
            unit_type.to_string(),
            contact.filler.unwrap_or_default(),
            contact.phone.unwrap_or_default(),
            contact.head.unwrap_or_default(),
            from,
        ];
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(r, c as u16, text, &s.cell)?;
        }
    }
    Ok(())
}

/// The problems only the office can act on, with the file and unit each concerns.
fn office_sheet(sheet: &mut Worksheet, diags: &[&Diagnostic]) -> Result<(), XlsxError> {
    let s = Styles::new();
    sheet.set_name(OFFICE_SHEET)?;
    crate::xlsx::print_a4(sheet, true);
    crate::xlsx::fit_width(sheet);
    sheet.write_string_with_format(0, 0, "需由区双拥办处理的问题（未写入发给各单位的问题反馈表）", &s.title)?;
    sheet.set_row_height(0, 24)?;
    let header_row = 2;
    s.table(sheet, header_row, &[("序号", 5.0), ("文件", 28.0), ("单位", 20.0), ("问题及处理办法", 66.0)])?;
    sheet.set_repeat_rows(header_row, header_row)?;
    for (i, d) in diags.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &s.cell)?;
        sheet.write_string_with_format(r, 1, d.file.as_deref().unwrap_or(""), &s.wrapped)?;
        sheet.write_string_with_format(r, 2, d.unit.as_deref().unwrap_or(""), &s.wrapped)?;
        sheet.write_string_with_format(r, 3, &d.message, &s.wrapped)?;
    }
    Ok(())
}

/// The contact cells of the unit's latest earlier return that has any, and which return.
fn earlier_contact(ws: &Workspace, year: i32, checked: &Checked, unit: &str) -> Option<(Contact, String)> {
    checked.submissions.range(..year).rev().find_map(|(&y, status)| {
        let file = status.iter().find(|s| s.unit == unit)?.file.as_deref()?;
        let contact = checked.contacts.get(&ws.submissions_dir(y).join(file))?;
        Some((contact.clone(), format!("{y} 年度填报表")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_positions() {
        assert_eq!(position("A1"), Some((0, 0)));
        assert_eq!(position("E7"), Some((6, 4)));
        assert_eq!(position("AA10"), Some((9, 26)));
        assert_eq!(position("7"), None);
        assert_eq!(position("E0"), None);
        assert_eq!(position("E"), None);
    }

    #[test]
    fn names_are_safe_and_distinct() {
        let mut names = Names::default();
        assert_eq!(names.take("区民政局", "_问题反馈"), "区民政局_问题反馈.xlsx");
        assert_eq!(names.take("区民政局", "_问题反馈"), "区民政局_问题反馈(2).xlsx");
        let long = names.take(&"很长的单位名称".repeat(30), "_问题反馈");
        assert!(
            long.starts_with("很长的单位名称") && long.ends_with("_问题反馈.xlsx") && long.len() <= 150 + 5,
            "{long}"
        );
        assert_eq!(names.take("\u{202e}xslx.exe", "_问题反馈"), "_xslx.exe_问题反馈.xlsx");
        assert_eq!(names.take("a/b:c", ""), "a_b_c.xlsx");
    }
}
