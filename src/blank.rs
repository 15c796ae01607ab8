//! Blank intake workbooks: one per roster unit, listing the indicators its unit type
//! reports, laid out as [`crate::form`] spells the contract (sheet 填报表, labels
//! 填报单位 and 统计年度, the header row), with input checks, sheet protection and print
//! set-up, a 工作亮点 sheet for the unit's highlights, a 填报说明 sheet from
//! `templates/intake-instructions.md` and a hidden 版本信息 sheet that lets `check`
//! recognise an outdated workbook.
//!
//! The same writer fills workbooks in ([`Filled`]), so sample returns and test fixtures
//! share the blank workbook's layout, including the ways units rearrange it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, FormatBorder, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::catalog::Indicator;
use crate::date::DocDate;
use crate::diag::a1;
use crate::form;
use crate::template::defaults;
use crate::workspace::{Unit, Workspace};

/// `{deadline}` when the workspace sets none: a date for the office to write in by hand.
const BLANK_DATE: &str = "＿＿＿＿年＿＿月＿＿日";

/// The 填报说明 blanks the workspace fills: the `shuangyong.toml` key (also the
/// placeholder, `{contact}` or `{contact|＿＿＿}` with the text left when the key is not
/// set) and what it is.
pub const OFFICE_BLANKS: [(&str, &str); 3] =
    [("submit_via", "报送方式"), ("contact", "联系人"), ("contact_phone", "联系电话")];

/// A placeholder's text when its key is not set and the template gives none.
const BLANK: &str = "＿＿＿＿＿＿";

#[derive(Debug, thiserror::Error)]
pub enum BlankError {
    /// The workspace names an instructions file that cannot be read.
    #[error("无法读取填报说明文件 {path}：{}", crate::foreign::io(.source))]
    Instructions { path: String, source: std::io::Error },
    #[error("无法创建文件夹 {path}：{}", crate::foreign::io(.source))]
    CreateDir { path: String, source: std::io::Error },
    /// Building or saving failed (disk full, no permission, the file is open in Excel on
    /// Windows, a catalogue text longer than Excel allows in an input message …).
    #[error("无法生成 {path}：{}", crate::xlsx::describe(.source))]
    Write { path: String, source: XlsxError },
}

/// A value as a unit typed it.
#[derive(Debug, Clone, PartialEq)]
pub enum CellInput {
    Number(f64),
    Text(String),
}

/// What a unit wrote into its workbook, and how it rearranged the layout on the way.
/// Blank workbooks have none of it; sample returns and test fixtures use all of it.
#[derive(Debug, Clone, Default)]
pub struct Filled {
    /// 本年数值 by indicator code.
    pub values: BTreeMap<String, CellInput>,
    /// 备注 by indicator code.
    pub remarks: BTreeMap<String, String>,
    /// 填报单位 as the unit wrote it, when not its roster name.
    pub unit_label: Option<String>,
    /// A sheet (name, text of its A1) inserted in front of 填报表.
    pub sheet_before: Option<(String, String)>,
    /// Rows inserted above the title.
    pub rows_above: u32,
    /// Columns inserted before column A.
    pub cols_before: u16,
    /// A column (header, values by code) inserted between 计量单位 and 本年数值.
    pub extra_column: Option<(String, BTreeMap<String, CellInput>)>,
    /// A row inserted into the table above the row of this code, empty or holding a note
    /// in the 指标名称 column.
    pub row_before: Option<(String, Option<String>)>,
    /// The rows of the 工作亮点 sheet.
    pub highlights: Vec<HighlightInput>,
    /// Made from a template before the 工作亮点 sheet (layout version 2): no such sheet.
    pub without_highlights_sheet: bool,
}

/// One row of the 工作亮点 sheet as a unit wrote it.
#[derive(Debug, Clone, Default)]
pub struct HighlightInput {
    pub category: String,
    pub title: String,
    pub text: String,
    /// 可公开: 是, 否 or empty.
    pub public: String,
}

/// The 填报说明 text, parsed from its small Markdown-like format (see the bundled file).
#[derive(Debug, Clone, PartialEq)]
struct Instructions {
    title: String,
    hint: Option<String>,
    lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq)]
enum Line {
    Heading(String),
    Text(String),
    Blank,
}

impl Instructions {
    fn parse(src: &str) -> Instructions {
        let mut title = String::new();
        let mut hint = None;
        let mut lines = Vec::new();
        let mut in_comment = false;
        for raw in src.lines() {
            let line = raw.trim_end();
            if in_comment {
                in_comment = !line.contains("-->");
                continue;
            }
            if line.trim_start().starts_with("<!--") {
                in_comment = !line.contains("-->");
                continue;
            }
            if let Some(t) = line.strip_prefix("## ") {
                lines.push(Line::Heading(t.trim().to_string()));
            } else if let Some(t) = line.strip_prefix("# ") {
                title = t.trim().to_string();
            } else if let Some(t) = line.strip_prefix("> ") {
                hint.get_or_insert_with(|| t.trim().to_string());
            } else if line.trim().is_empty() {
                // Empty lines only separate paragraphs within the text, not before it.
                if !lines.is_empty() && lines.last() != Some(&Line::Blank) {
                    lines.push(Line::Blank);
                }
            } else {
                lines.push(Line::Text(line.trim().to_string()));
            }
        }
        while lines.last() == Some(&Line::Blank) {
            lines.pop();
        }
        Instructions { title, hint, lines }
    }

    /// The workspace's own instructions, or the bundled ones.
    fn for_workspace(ws: &Workspace) -> Result<Instructions, BlankError> {
        match ws.replacement(&defaults::INTAKE_INSTRUCTIONS) {
            Some(path) => crate::files::read_text(path)
                .map(|src| Instructions::parse(&src))
                .map_err(|source| BlankError::Instructions { path: path.display().to_string(), source }),
            None => Ok(Instructions::parse(defaults::INTAKE_INSTRUCTIONS.text)),
        }
    }
}

/// Writes intake workbooks for one workspace.
pub struct Writer<'a> {
    ws: &'a Workspace,
    instructions: Instructions,
    created: Option<DocDate>,
}

impl<'a> Writer<'a> {
    pub fn new(ws: &'a Workspace) -> Result<Writer<'a>, BlankError> {
        Ok(Writer { ws, instructions: Instructions::for_workspace(ws)?, created: None })
    }

    /// Stamps workbooks as created at `date` instead of now, so that writing them again
    /// gives the same bytes.
    pub fn created_at(mut self, date: DocDate) -> Writer<'a> {
        self.created = Some(date);
        self
    }

    /// One blank workbook per roster unit in `dir`, named by [`file_names`]. Blank
    /// workbooks an earlier run left there for units since removed from the roster (or
    /// renamed) are removed, so that none is sent out by mistake; see [`Roster`].
    pub fn write_roster(&self, year: i32, dir: &Path) -> Result<Roster, BlankError> {
        std::fs::create_dir_all(dir)
            .map_err(|source| BlankError::CreateDir { path: dir.display().to_string(), source })?;
        let mut roster = Roster::default();
        for (unit, name) in self.ws.units.iter().zip(file_names(&self.ws.units, year)) {
            let path = dir.join(name);
            self.write(unit, year, None, &path)?;
            roster.written.push(path);
        }
        roster.clear_stale(dir)?;
        Ok(roster)
    }

    /// The intake workbook of `unit` for `year`, blank or `filled` in, saved at `path`.
    pub fn write(&self, unit: &Unit, year: i32, filled: Option<&Filled>, path: &Path) -> Result<(), BlankError> {
        let fail = |source| BlankError::Write { path: path.display().to_string(), source };
        let mut workbook = self.workbook(unit, year, filled.unwrap_or(&Filled::default())).map_err(fail)?;
        let bytes = workbook.save_to_buffer().map_err(fail)?;
        crate::output::write_atomic(path, &bytes).map_err(|e| fail(XlsxError::IoError(e)))
    }

    fn workbook(&self, unit: &Unit, year: i32, filled: &Filled) -> Result<Workbook, XlsxError> {
        let title = format!("{}{}年度双拥工作统计表", self.ws.region, year);
        let created = self.created.unwrap_or_else(DocDate::now);
        let mut workbook = crate::xlsx::workbook(Some(title.as_str()), &self.ws.office, created);

        if let Some((name, text)) = &filled.sheet_before {
            let sheet = workbook.add_worksheet();
            sheet.set_name(name)?;
            sheet.write_string(0, 0, text)?;
        }
        let indicators: Vec<&Indicator> =
            self.ws.catalog.reported_by(unit.unit_type).filter(|i| unit.reports(i)).collect();
        let form = workbook.add_worksheet();
        self.form_sheet(form, &title, unit, year, &indicators, filled)?;
        if !filled.without_highlights_sheet {
            self.highlights_sheet(workbook.add_worksheet(), unit, year, &filled.highlights)?;
        }
        self.instructions_sheet(workbook.add_worksheet(), year)?;
        let version = workbook.add_worksheet();
        version
            .set_name(form::STAMP_SHEET)?
            .write_string(0, 0, form::VERSION_LABEL)?
            .write_number(0, 1, form::VERSION)?
            .write_string(1, 0, form::FINGERPRINT_LABEL)?
            .write_string(1, 1, &self.ws.catalog.fingerprint)?
            .set_hidden(true);
        Ok(workbook)
    }

    fn form_sheet(
        &self,
        sheet: &mut Worksheet,
        title: &str,
        unit: &Unit,
        year: i32,
        indicators: &[&Indicator],
        filled: &Filled,
    ) -> Result<(), XlsxError> {
        let font = |f: Format| f.set_font_name("宋体").set_font_size(11);
        let cell = font(Format::new()).set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        let centred = cell.clone().set_align(FormatAlign::Center);
        let wrapped = cell.clone().set_text_wrap();
        let input = cell.clone().set_unlocked().set_background_color(0xFFF2CC);
        let whole = input.clone().set_num_format("#,##0").set_align(FormatAlign::Right);
        let decimal = input.clone().set_num_format("#,##0.00").set_align(FormatAlign::Right);
        let remark = input.set_text_wrap();
        let header = centred.clone().set_bold().set_background_color(0xD9D9D9);
        let label = font(Format::new()).set_bold().set_align(FormatAlign::VerticalCenter);
        let filled_in =
            font(Format::new()).set_border_bottom(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        let year_format = filled_in.clone().set_align(FormatAlign::Left).set_num_format("0");
        let title_format = font(Format::new()).set_font_size(16).set_bold().set_align(FormatAlign::Center);
        let hint_format = font(Format::new()).set_font_size(10).set_text_wrap().set_align(FormatAlign::VerticalCenter);

        let r0 = filled.rows_above;
        let c0 = filled.cols_before;
        // Column positions; an inserted column shifts 本年数值 and 备注 to the right.
        let (code_col, category_col, name_col, unit_col) = (c0, c0 + 1, c0 + 2, c0 + 3);
        let extra_col = filled.extra_column.as_ref().map(|_| c0 + 4);
        let value_col = c0 + 4 + u16::from(extra_col.is_some());
        let remark_col = value_col + 1;
        let header_row = r0 + 3;

        sheet.set_name(form::FORM_SHEET)?.set_active(true);
        for (col, width) in [(code_col, 10.0), (category_col, 16.0), (name_col, 34.0), (unit_col, 9.0)] {
            sheet.set_column_width(col, width)?;
        }
        if let Some(col) = extra_col {
            sheet.set_column_width(col, 12.0)?;
        }
        sheet.set_column_width(value_col, 14.0)?.set_column_width(remark_col, 28.0)?;

        sheet.merge_range(r0, c0, r0, remark_col, title, &title_format)?;
        sheet.set_row_height(r0, 30)?;
        let unit_name = filled.unit_label.as_deref().unwrap_or(&unit.name);
        sheet
            .write_string_with_format(r0 + 1, c0, form::UNIT_LABEL, &label)?
            .merge_range(r0 + 1, c0 + 1, r0 + 1, c0 + 2, unit_name, &filled_in)?
            .write_string_with_format(r0 + 1, c0 + 3, form::YEAR_LABEL, &label)?
            .write_number_with_format(r0 + 1, c0 + 4, year, &year_format)?;
        if let Some(hint) = &self.instructions.hint {
            let hint = self.substitute(hint, year);
            sheet.merge_range(r0 + 2, c0, r0 + 2, remark_col, &hint, &hint_format)?;
            sheet.set_row_height(r0 + 2, 28)?;
        }

        let mut headers: Vec<(u16, &str)> =
            form::HEADER[..4].iter().enumerate().map(|(i, h)| (c0 + i as u16, *h)).collect();
        if let (Some(col), Some((extra, _))) = (extra_col, &filled.extra_column) {
            headers.push((col, extra));
        }
        headers.extend([(value_col, form::HEADER[4]), (remark_col, form::HEADER[5])]);
        for (col, text) in headers {
            sheet.write_string_with_format(header_row, col, text, &header)?;
        }
        sheet.set_row_height(header_row, 22)?;

        let mut row = header_row + 1;
        for ind in indicators {
            if let Some((before, note)) = &filled.row_before {
                if *before == ind.code {
                    if let Some(note) = note {
                        sheet.write_string(row, name_col, note)?;
                    }
                    row += 1;
                }
            }
            sheet
                .write_string_with_format(row, code_col, &ind.code, &centred)?
                .write_string_with_format(row, category_col, &ind.category, &cell)?
                .write_string_with_format(row, name_col, &ind.name, &wrapped)?
                .write_string_with_format(row, unit_col, &ind.unit, &centred)?;
            if let (Some(col), Some((_, values))) = (extra_col, &filled.extra_column) {
                write_input(sheet, row, col, values.get(&ind.code), &cell)?;
            }
            let value_format = if ind.integer { &whole } else { &decimal };
            write_input(sheet, row, value_col, filled.values.get(&ind.code), value_format)?;
            match filled.remarks.get(&ind.code) {
                Some(text) => sheet.write_string_with_format(row, remark_col, text, &remark)?,
                None => sheet.write_blank(row, remark_col, &remark)?,
            };
            sheet.add_data_validation(
                row,
                value_col,
                row,
                value_col,
                &value_validation(ind, &a1(row, value_col.into()))?,
            )?;
            row += 1;
        }
        // Who to call: under the table after an empty row, labels in the code and name
        // columns so that the 本年数值 column stays empty and intake reads no indicator.
        let contact_input = filled_in.clone().set_unlocked().set_background_color(0xFFF2CC);
        for (i, pair) in form::CONTACT_LABELS.chunks(2).enumerate() {
            let r = row + 1 + i as u32;
            sheet
                .write_string_with_format(r, code_col, pair[0], &label)?
                .write_blank(r, category_col, &contact_input)?
                .write_string_with_format(r, name_col, pair[1], &label.clone().set_align(FormatAlign::Right))?
                .merge_range(r, unit_col, r, remark_col, "", &contact_input)?;
            sheet.set_row_height(r, 22)?;
        }

        sheet.set_freeze_panes(header_row + 1, 0)?;
        crate::xlsx::print_a4(sheet, false);
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(header_row, header_row)?;
        // No password: the protection keeps hurried hands off the codes and labels that
        // intake reads, not a determined unit; column widths and row heights stay free.
        sheet.protect_with_options(&ProtectionOptions {
            format_columns: true,
            format_rows: true,
            ..ProtectionOptions::default()
        });
        Ok(())
    }

    /// The 工作亮点 sheet: a header and empty rows with drop-down lists. Not protected, so
    /// that a unit with more highlights than rows can insert rows.
    fn highlights_sheet(
        &self,
        sheet: &mut Worksheet,
        unit: &Unit,
        year: i32,
        rows: &[HighlightInput],
    ) -> Result<(), XlsxError> {
        let font = |f: Format| f.set_font_name("宋体").set_font_size(11);
        let input = font(Format::new())
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
            .set_text_wrap()
            .set_background_color(0xFFF2CC);
        let header = font(Format::new())
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_bold()
            .set_background_color(0xD9D9D9);
        let title = font(Format::new()).set_font_size(16).set_bold().set_align(FormatAlign::Center);
        let hint = font(Format::new()).set_font_size(10).set_text_wrap().set_align(FormatAlign::VerticalCenter);
        sheet.set_name(form::HIGHLIGHTS_SHEET)?;
        for (col, width) in [(0, 16.0), (1, 26.0), (2, 70.0), (3, 8.0)] {
            sheet.set_column_width(col, width)?;
        }
        sheet.merge_range(0, 0, 0, 3, &format!("{}{year}年度双拥工作亮点", unit.name), &title)?;
        sheet.set_row_height(0, 30)?;
        let note = format!(
            "每行一条：品牌项目、先进典型、节日活动、创新举措等。标题{}字以内，内容{}字以内，以本单位为主语写明做了什么、效果如何；不宜公开的，“可公开”选“否”。没有可不填。",
            form::HIGHLIGHT_TITLE_MAX_CHARS,
            form::HIGHLIGHT_TEXT_MAX_CHARS
        );
        sheet.merge_range(1, 0, 1, 3, &note, &hint)?;
        sheet.set_row_height(1, 42)?;
        let header_row = 2;
        for (col, text) in form::HIGHLIGHT_HEADER.iter().enumerate() {
            sheet.write_string_with_format(header_row, col as u16, *text, &header)?;
        }
        sheet.set_row_height(header_row, 22)?;
        let count = (rows.len() as u32).max(form::HIGHLIGHT_BLANK_ROWS);
        for i in 0..count {
            let r = header_row + 1 + i;
            let row = rows.get(i as usize).cloned().unwrap_or_default();
            for (col, text) in [row.category, row.title, row.text, row.public].iter().enumerate() {
                match text.as_str() {
                    "" => sheet.write_blank(r, col as u16, &input)?,
                    text => sheet.write_string_with_format(r, col as u16, text, &input)?,
                };
            }
            sheet.set_row_height(r, 60)?;
        }
        // The lists reach well below the laid-out rows, for the rows a unit inserts.
        let (first, last) = (header_row + 1, header_row + 200);
        let categories = form::highlight_categories(&self.ws.catalog);
        // Excel caps a list at 255 characters; a workspace catalogue with many categories
        // goes without the drop-down, and `check` still names a wrong category.
        if let Ok(list) = DataValidation::new().allow_list_strings(&categories) {
            let list = list
                .set_input_title("类别")?
                .set_input_message("请从下拉列表中选择；不属于前几类的选“其他”。")?
                .set_error_message(format!("类别只能是：{}", categories.join("、")))?;
            sheet.add_data_validation(first, 0, last, 0, &list)?;
        }
        let length = DataValidation::new()
            .allow_text_length(DataValidationRule::LessThanOrEqualTo(form::HIGHLIGHT_TEXT_MAX_CHARS as u32))
            .set_error_title("内容较长")?
            .set_error_message(format!(
                "报告每条亮点的内容以 {} 字为限，超出部分不写入报告：请精简。",
                form::HIGHLIGHT_TEXT_MAX_CHARS
            ))?
            .set_error_style(DataValidationErrorStyle::Warning);
        sheet.add_data_validation(first, 2, last, 2, &length)?;
        let public = DataValidation::new()
            .allow_list_strings(&[form::YES, form::NO])?
            .set_input_title("可公开")?
            .set_input_message("可以写入公开版（政府网站）报告的选“是”或不填；不宜公开的选“否”。")?;
        sheet.add_data_validation(first, 3, last, 3, &public)?;
        sheet.set_freeze_panes(header_row + 1, 0)?;
        crate::xlsx::print_a4(sheet, true);
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(header_row, header_row)?;
        Ok(())
    }

    fn instructions_sheet(&self, sheet: &mut Worksheet, year: i32) -> Result<(), XlsxError> {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(11)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let title = base.clone().set_font_size(16).set_bold().set_align(FormatAlign::Center);
        let heading = base.clone().set_bold();
        sheet.set_name(form::INSTRUCTIONS_SHEET)?.set_column_width(0, 100.0)?;
        sheet.write_string_with_format(0, 0, self.substitute(&self.instructions.title, year), &title)?;
        sheet.set_row_height(0, 30)?;
        for (i, line) in self.instructions.lines.iter().enumerate() {
            let row = i as u32 + 2;
            match line {
                Line::Heading(t) => sheet.write_string_with_format(row, 0, self.substitute(t, year), &heading)?,
                Line::Text(t) => sheet.write_string_with_format(row, 0, self.substitute(t, year), &base)?,
                Line::Blank => sheet,
            };
        }
        crate::xlsx::print_a4(sheet, false);
        sheet.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    /// The workspace's value for an [`OFFICE_BLANKS`] key.
    fn office_value(&self, key: &str) -> Option<&str> {
        match key {
            "submit_via" => self.ws.submit_via.as_deref(),
            "contact" => self.ws.contact.as_deref(),
            _ => self.ws.contact_phone.as_deref(),
        }
    }

    /// The [`OFFICE_BLANKS`] the 填报说明 leaves blank: (key, what), for the office to set.
    pub fn unfilled(&self) -> Vec<(&'static str, &'static str)> {
        let ins = &self.instructions;
        let texts: Vec<&str> = std::iter::once(ins.title.as_str())
            .chain(ins.hint.as_deref())
            .chain(ins.lines.iter().filter_map(|l| match l {
                Line::Heading(t) | Line::Text(t) => Some(t.as_str()),
                Line::Blank => None,
            }))
            .collect();
        OFFICE_BLANKS
            .into_iter()
            .filter(|(key, _)| self.office_value(key).is_none())
            .filter(|(key, _)| {
                texts.iter().any(|t| t.contains(&format!("{{{key}}}")) || t.contains(&format!("{{{key}|")))
            })
            .collect()
    }

    fn substitute(&self, text: &str, year: i32) -> String {
        let mut text = text.to_string();
        for (key, _) in OFFICE_BLANKS {
            text = fill_placeholder(&text, key, self.office_value(key));
        }
        let deadline = self.ws.deadline.map_or_else(|| BLANK_DATE.to_string(), |d| d.to_string());
        text.replace("{region}", &self.ws.region)
            .replace("{office}", &self.ws.office)
            .replace("{year}", &year.to_string())
            .replace("{deadline}", &deadline)
            .replace("{title_max}", &form::HIGHLIGHT_TITLE_MAX_CHARS.to_string())
            .replace("{text_max}", &form::HIGHLIGHT_TEXT_MAX_CHARS.to_string())
    }
}

/// `{key}` and `{key|left blank}` in `text` replaced by `value`, or without one by the
/// text after `|` (a blank line to write on) or [`BLANK`].
fn fill_placeholder(text: &str, key: &str, value: Option<&str>) -> String {
    let open = format!("{{{key}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        let (blank, len) = match after.chars().next() {
            Some('}') => (BLANK, 1),
            Some('|') => match after.find('}') {
                Some(end) => (&after[1..end], end + 1),
                None => break,
            },
            // Another placeholder that starts alike (`{contact_phone}` for `{contact}`).
            _ => {
                out.push_str(&rest[..at + open.len()]);
                rest = after;
                continue;
            }
        };
        out.push_str(&rest[..at]);
        out.push_str(value.unwrap_or(blank));
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

fn write_input(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<&CellInput>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(CellInput::Number(n)) => sheet.write_number_with_format(row, col, *n, format)?,
        Some(CellInput::Text(t)) => sheet.write_string_with_format(row, col, t, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}

/// The input check of one 本年数值 cell. A custom rule rather than Excel's "decimal ≥ 0",
/// because the contract accepts `无` for zero and Excel's number rules refuse all text.
fn value_validation(ind: &Indicator, cell: &str) -> Result<DataValidation, XlsxError> {
    let (rule, what) = if ind.integer {
        (format!("=OR({cell}=\"无\",AND(ISNUMBER({cell}),{cell}>=0,{cell}=INT({cell})))"), "不小于 0 的整数")
    } else {
        (format!("=OR({cell}=\"无\",AND(ISNUMBER({cell}),{cell}>=0))"), "不小于 0 的数，可保留两位小数")
    };
    DataValidation::new()
        .allow_custom(Formula::new(rule))
        .set_input_title(format!("本年数值（{}）", ind.unit))?
        .set_input_message(format!("请填写{what}，单位：{}。没有发生的填 0 或 无，未统计的留空。", ind.unit))?
        .set_error_title("数值不符合要求")?
        .set_error_message(format!(
            "“{}”应填写{what}（单位：{}），不要加单位或文字。没有发生的填 0 或 无，未统计的留空。",
            ind.name, ind.unit
        ))
        .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
}

/// What [`Writer::write_roster`] did to its folder.
#[derive(Debug, Default)]
pub struct Roster {
    /// The workbooks written, in roster order.
    pub written: Vec<PathBuf>,
    /// Blank workbooks of an earlier run for units no longer on the roster, removed.
    pub removed: Vec<PathBuf>,
    /// Workbooks of this tool (they have the hidden 版本信息 sheet) for units no longer on
    /// the roster that hold figures: a unit's return, left in place for the office to see to.
    pub kept: Vec<PathBuf>,
}

impl Roster {
    /// Only a workbook the tool wrote (the 版本信息 sheet) and nobody filled in is removed:
    /// any other file in the folder may be someone's work.
    fn clear_stale(&mut self, dir: &Path) -> Result<(), BlankError> {
        let entries = std::fs::read_dir(dir)
            .map_err(|source| BlankError::CreateDir { path: dir.display().to_string(), source })?;
        let mut others: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) && !self.written.contains(p))
            .collect();
        others.sort();
        for path in others {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let Ok(book) = crate::intake::read_workbook(&path, &name) else { continue };
            if book.stamp.is_none() {
                continue;
            }
            if book.rows.iter().all(|r| r.value.value.is_empty()) {
                std::fs::remove_file(&path).map_err(|e| BlankError::Write {
                    path: path.display().to_string(),
                    source: XlsxError::IoError(e),
                })?;
                self.removed.push(path);
            } else {
                self.kept.push(path);
            }
        }
        Ok(())
    }
}

/// File names of the blank workbooks, one per unit in order:
/// `<year>_<unit name>_双拥统计表.xlsx`, safe on Windows and Linux, and distinct even where
/// two names become alike once made safe (compared ignoring case, as Windows does).
pub fn file_names(units: &[Unit], year: i32) -> Vec<String> {
    let mut taken = BTreeSet::new();
    units
        .iter()
        .map(|unit| {
            let stem = format!("{year}_{}_双拥统计表", crate::output::safe_file_stem(&unit.name, "未命名单位"));
            let mut name = format!("{stem}.xlsx");
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{stem}({n}).xlsx");
                n += 1;
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::UnitType;

    fn unit(name: &str) -> Unit {
        Unit {
            name: name.to_string(),
            unit_type: UnitType::Street,
            authoritative: false,
            aliases: vec![],
            skip: vec![],
            display_name: None,
        }
    }

    #[test]
    fn colliding_names_do_not_overwrite() {
        let names = file_names(&[unit("A:B"), unit("A?B"), unit("a_b"), unit("C")], 2024);
        assert_eq!(
            names,
            [
                "2024_A_B_双拥统计表.xlsx",
                "2024_A_B_双拥统计表(2).xlsx",
                "2024_a_b_双拥统计表(3).xlsx",
                "2024_C_双拥统计表.xlsx"
            ]
        );
    }

    #[test]
    fn placeholders_take_the_value_or_leave_their_blank() {
        let text = "方式：{submit_via|＿＿（邮件）}；{contact}，{contact_phone|＿}；{contact";
        assert_eq!(
            fill_placeholder(text, "submit_via", Some("内网")),
            "方式：内网；{contact}，{contact_phone|＿}；{contact"
        );
        assert_eq!(
            fill_placeholder(text, "submit_via", None),
            "方式：＿＿（邮件）；{contact}，{contact_phone|＿}；{contact"
        );
        assert_eq!(
            fill_placeholder(text, "contact", Some("王某")),
            "方式：{submit_via|＿＿（邮件）}；王某，{contact_phone|＿}；{contact"
        );
        assert_eq!(fill_placeholder("{contact}", "contact", None), BLANK);
    }

    #[test]
    fn bundled_instructions_parse() {
        let ins = Instructions::parse(defaults::INTAKE_INSTRUCTIONS.text);
        assert!(ins.title.contains("{region}{year}"), "{}", ins.title);
        let hint = ins.hint.as_deref().unwrap();
        // The hint shares row 3 with nothing intake looks for.
        for label in form::HEADER.iter().chain([&form::UNIT_LABEL, &form::YEAR_LABEL]) {
            assert!(!hint.contains(label), "{hint}");
        }
        assert!(ins.lines.iter().any(|l| matches!(l, Line::Heading(h) if h.contains("数值的填法"))));
        assert!(!ins.lines.iter().any(|l| matches!(l, Line::Text(t) if t.contains("-->") || t.contains("Fill in"))));
        assert_ne!(ins.lines.first(), Some(&Line::Blank));
    }

    #[test]
    fn instructions_format() {
        let ins = Instructions::parse("<!-- a\nb -->\n# T\n> h1\n> h2\n\n## H\nx\n\n\ny\n\n");
        assert_eq!(ins.title, "T");
        assert_eq!(ins.hint.as_deref(), Some("h1"));
        assert_eq!(ins.lines, [Line::Heading("H".into()), Line::Text("x".into()), Line::Blank, Line::Text("y".into())]);
    }
}
