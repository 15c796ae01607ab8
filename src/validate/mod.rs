//! Validation: turns raw workbook rows into facts, checking each value against the
//! contract's rules, the catalogue and the roster, and the returns against each other
//! (reconciliation, last year). Every value either becomes a [`Fact`] or a
//! [`Diagnostic`].
//!
//! Entry points: [`check_workspace`] for `submissions/<year>/` folders, [`check_files`]
//! for loose files (`shuangyong check a.xlsx b.xlsx`).
//!
//! Decisions worth knowing (severities are in [`rules`]):
//! - A workbook whose unit cannot be identified (no 填报单位, a name not on the roster)
//!   or whose 统计年度 is not the year being checked gives no facts; its values are
//!   still checked so that the unit can fix everything in one round.
//! - Two workbooks from one unit for one year: both are reported and neither gives
//!   facts, because picking one (newest, first by name) could silently keep the
//!   outdated return. The office deletes the wrong file.
//! - An indicator row given twice with a value in both: both cells are named and
//!   neither value is used. A second row left blank is no conflict.
//! - A value for an indicator the unit's type does not report is a warning and is
//!   not a fact: the catalogue's `reported_by` is what keeps levels from being counted
//!   twice (慰问 by district, departments and streets), so the value must not reach the
//!   totals, but the data is not wrong and must not block the report.
//! - A roster unit with no workbook is a warning (`missing_submission`): reports are
//!   built while a unit is late, and the report lists it as 未报.
//! - In `submissions/<year>/` (searched recursively), hidden files and Office/WPS lock
//!   files (`~$x.xlsx`) are ignored; other files that are not spreadsheets by their
//!   extension are reported as `unreadable` warnings and skipped.
//! - Without a workspace, loose files are checked against the bundled catalogue; no
//!   roster, so no unit checks and no facts (facts need the unit's type).

mod highlights;
mod misplaced;
pub mod rules;
pub mod value;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Kind};
use crate::form;
use crate::intake::{self, text, Contact, Workbook};
use crate::workspace::{Unit, UnitType, Workspace};
use value::{Problem, Reading};

pub use highlights::Highlight;

/// One reported value, traced to the cell it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub year: i32,
    pub unit: String,
    pub unit_type: UnitType,
    pub code: String,
    pub value: f64,
    /// The unit wrote an approximation (3500余, 约200).
    pub approximate: bool,
    pub file: String,
    pub sheet: String,
    pub cell: String,
}

/// Where a roster unit stands for a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub unit: String,
    pub unit_type: UnitType,
    /// The file read for this unit, or `None` when it has not submitted. With several
    /// files (an error), the first by name.
    pub file: Option<String>,
    pub errors: usize,
    pub warnings: usize,
}

/// Everything `check`, `build` and `query` need from the returned workbooks.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Facts for every year under `submissions/`, the report year included.
    pub facts: Vec<Fact>,
    /// The 工作亮点 of the same returns as the facts, every year, in roster order.
    pub highlights: Vec<Highlight>,
    /// Diagnostics for the report year.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics for every other year read, each as if it were the report year: a
    /// command covering several years (the dossier) needs no second pass.
    pub other_years: BTreeMap<i32, Vec<Diagnostic>>,
    /// Roster status per year, in roster order.
    pub submissions: BTreeMap<i32, Vec<Submission>>,
    /// The 备注 units wrote beside the report year's values, by (unit, code): why a
    /// figure fell, for the report draft's 存在问题 candidates.
    pub notes: BTreeMap<(String, String), String>,
    /// The contact cells (填报人, 联系电话 …) of every return read that has any, by the
    /// path it was read from: whom the feedback and the 催报 list name.
    pub contacts: BTreeMap<PathBuf, Contact>,
}

#[cfg(test)]
impl Fact {
    /// A fact as the unit tests write one: read from `<unit>.xlsx › 填报表!E5`.
    pub(crate) fn sample(year: i32, unit: &str, unit_type: UnitType, code: &str, value: f64) -> Fact {
        Fact {
            year,
            unit: unit.to_string(),
            unit_type,
            code: code.to_string(),
            value,
            approximate: false,
            file: format!("{unit}.xlsx"),
            sheet: "填报表".to_string(),
            cell: "E5".to_string(),
        }
    }
}

impl Checked {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// The roster units with no return, in roster order (the `missing_submission`
    /// diagnostics' units).
    pub fn unsubmitted(&self) -> Vec<&str> {
        self.diagnostics
            .iter()
            .filter(|d| d.kind == crate::diag::Kind::MissingSubmission)
            .filter_map(|d| d.unit.as_deref())
            .collect()
    }
}

/// A value that passed every check of its own workbook.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Value {
    pub code: String,
    pub value: f64,
    pub approximate: bool,
    pub cell: String,
    /// What the cell held as the unit typed it (`2,150`, `约200`): a diagnostic's `value`.
    pub raw: String,
    /// The row's 备注: a change against last year is explained there.
    pub note: String,
}

/// What one file gave.
#[derive(Debug, Clone)]
pub(crate) struct FileCheck {
    pub file: String,
    pub sheet: String,
    /// The roster unit, when identified.
    pub unit: Option<Unit>,
    /// `false` when the file's values must not become facts (unknown unit, wrong year).
    pub usable: bool,
    /// The year its 统计年度 says.
    pub year: Option<i32>,
    pub values: Vec<Value>,
    pub highlights: Vec<highlights::Entry>,
    pub diagnostics: Vec<Diagnostic>,
    /// Nothing filled in (空表): not a submission.
    pub empty: bool,
}

/// Reads every workbook under `submissions/<y>/` for each year that has a folder, plus
/// `year` itself, once, and checks every one of those years from that one read (a year
/// needs the previous one for the comparison with last year). Facts cover all years;
/// `diagnostics` are `year`'s, `other_years` hold each other year's as if it were the
/// report year.
pub fn check_workspace(ws: &Workspace, year: i32) -> Checked {
    check_workspace_reporting(ws, year, &())
}

/// Told how the reading of the returned workbooks goes, so that a command line can show
/// progress; the library itself shows nothing.
pub trait Progress: Sync {
    /// `total` workbooks are about to be read.
    fn start(&self, _total: usize) {}
    /// One more has been read (from any thread).
    fn advance(&self) {}
}

impl Progress for () {}

/// As [`check_workspace`], telling `progress` of each workbook read.
pub fn check_workspace_reporting(ws: &Workspace, year: i32, progress: &dyn Progress) -> Checked {
    let mut years: BTreeSet<i32> = ws.submission_years().into_iter().collect();
    years.insert(year);
    let (returns, contacts) = check_returns(ws, &years, progress);

    let mut checked = Checked { contacts, ..Checked::default() };
    // A million facts: grown by doubling they would be copied over and over.
    checked.facts.reserve(returns.values().flat_map(|r| &r.files).map(|f| f.values.len()).sum());
    let mut per_year = BTreeMap::new();
    for (y, returned) in returns {
        let (facts, diagnostics, submissions) = rules::assemble_year(ws, y, &returned.files);
        if y == year {
            checked.notes = notes(&returned.files, &facts);
        }
        checked.facts.extend(facts);
        checked.highlights.extend(rules::highlights(ws, y, &returned.files));
        checked.submissions.insert(y, submissions);
        per_year.insert(y, (returned, diagnostics));
    }
    for (y, (returned, mut diagnostics)) in per_year {
        diagnostics.extend(returned.skipped);
        diagnostics.extend(rules::cross_checks(ws, y, &checked.facts, &returned.files));
        diagnostics.extend(highlights::against_totals(ws, y, &checked.facts, &checked.highlights));
        if let Some(submissions) = checked.submissions.get_mut(&y) {
            rules::count(submissions, &diagnostics);
        }
        sort_diagnostics(&mut diagnostics, Some(ws));
        if y == year {
            checked.diagnostics = diagnostics;
        } else {
            checked.other_years.insert(y, diagnostics);
        }
    }
    checked
}

/// The 备注 of the values that became facts, by (unit, code).
fn notes(files: &[FileCheck], facts: &[Fact]) -> BTreeMap<(String, String), String> {
    let written: BTreeMap<(&str, &str), &str> = files
        .iter()
        .flat_map(|f| f.values.iter().map(move |v| ((f.file.as_str(), v.cell.as_str()), v.note.trim())))
        .filter(|(_, note)| !note.is_empty())
        .collect();
    facts
        .iter()
        .filter_map(|f| {
            let note = written.get(&(f.file.as_str(), f.cell.as_str()))?;
            Some(((f.unit.clone(), f.code.clone()), note.to_string()))
        })
        .collect()
}

/// One year's folder: each workbook as checked on its own, and the files skipped as not
/// spreadsheets.
struct Returned {
    files: Vec<FileCheck>,
    skipped: Vec<Diagnostic>,
}

/// Reads the folders of `years`, each workbook exactly once, and checks each on its own
/// right after it is read, all years in one parallel pass: a workbook's cells are
/// dropped as soon as its values are out, so a province's returns never sit in memory
/// all at once.
fn check_returns(
    ws: &Workspace,
    years: &BTreeSet<i32>,
    progress: &dyn Progress,
) -> (BTreeMap<i32, Returned>, BTreeMap<PathBuf, Contact>) {
    let mut listed = Vec::new();
    let mut returns = BTreeMap::new();
    for &y in years {
        let (files, skipped) = submission_files(&ws.submissions_dir(y));
        listed.extend(files.into_iter().map(|(path, name)| (y, path, name)));
        returns.insert(y, Returned { files: Vec::new(), skipped });
    }
    progress.start(listed.len());
    let checked: Vec<(i32, FileCheck, Option<Contact>)> = listed
        .par_iter()
        .map(|(y, path, name)| {
            #[cfg(test)]
            tests::count_read(path);
            let read = intake::read_workbook(path, name);
            let check = check_read(&ws.catalog, Some(ws), Some(*y), &read);
            progress.advance();
            (*y, check, contact(read))
        })
        .collect();
    let mut contacts = BTreeMap::new();
    for ((y, check, contact), (_, path, _)) in checked.into_iter().zip(&listed) {
        returns.get_mut(&y).expect("every listed year has an entry").files.push(check);
        if let Some(contact) = contact {
            contacts.insert(path.clone(), contact);
        }
    }
    (returns, contacts)
}

/// A return's contact cells, when it has any.
fn contact(read: Result<Workbook, Diagnostic>) -> Option<Contact> {
    read.ok().map(|wb| wb.contact).filter(|c| *c != Contact::default())
}

/// Checks loose files (`check a.xlsx b.xlsx`) against the workspace's catalogue and
/// roster when there is one (the bundled catalogue otherwise), for the workspace's
/// year. See [`check_files_in_year`].
pub fn check_files(ws: Option<&Workspace>, paths: &[PathBuf]) -> Checked {
    check_files_in_year(ws, ws.map(|w| w.year), paths)
}

/// As [`check_files`], with the expected 统计年度 given (`None`: any year). Files are
/// named in diagnostics as their paths were given. No submission status, no duplicate
/// or missing submissions and no comparison across units or years: those belong to a
/// workspace's folders.
pub fn check_files_in_year(ws: Option<&Workspace>, year: Option<i32>, paths: &[PathBuf]) -> Checked {
    let bundled;
    let catalog = match ws {
        Some(w) => &w.catalog,
        None => {
            bundled = Catalog::bundled();
            &bundled
        }
    };
    let read: Vec<Result<Workbook, Diagnostic>> =
        paths.par_iter().map(|p| intake::read_workbook(p, &p.display().to_string())).collect();
    let mut checked = Checked::default();
    for (result, path) in read.into_iter().zip(paths) {
        let check = check_read(catalog, ws, year, &result);
        if let Some(contact) = contact(result) {
            checked.contacts.insert(path.clone(), contact);
        }
        if let (Some(unit), Some(fact_year), true) = (&check.unit, check.year, check.usable) {
            checked.facts.extend(rules::facts(fact_year, unit, &check));
            checked.highlights.extend(rules::unit_highlights(fact_year, unit, &check));
        }
        checked.diagnostics.extend(check.diagnostics);
    }
    sort_diagnostics(&mut checked.diagnostics, ws);
    checked
}

fn check_read(
    catalog: &Catalog,
    ws: Option<&Workspace>,
    year: Option<i32>,
    read: &Result<Workbook, Diagnostic>,
) -> FileCheck {
    match read {
        Ok(wb) => check_workbook(catalog, ws, year, wb),
        Err(d) => FileCheck {
            file: d.file.clone().unwrap_or_default(),
            sheet: String::new(),
            unit: None,
            usable: false,
            year: None,
            values: Vec::new(),
            highlights: Vec::new(),
            diagnostics: vec![d.clone()],
            empty: false,
        },
    }
}

/// Spreadsheet extensions read from a submissions folder (`.et` is WPS's own).
/// The end of an unknown unit's message that only the office can act on: the feedback
/// sent to the unit leaves it out.
pub const ALIAS_HINT: &str = "；如果名称无误，请区双拥办在 shuangyong.toml 中为该单位添加别名（aliases）";

const SPREADSHEET_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "et"];
/// Nested folders followed under `submissions/<year>/`.
const MAX_DEPTH: usize = 8;

/// The workbooks under `dir` (recursively, sorted by their name relative to `dir`) and
/// warnings for the files skipped as not spreadsheets.
fn submission_files(dir: &Path) -> (Vec<(PathBuf, String)>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut notes = Vec::new();
    walk(dir, dir, 0, &mut found, &mut notes);
    found.sort_by(|a, b| a.1.cmp(&b.1));
    notes.sort_by(|a, b| a.file.cmp(&b.file));
    (found, notes)
}

fn walk(root: &Path, dir: &Path, depth: usize, found: &mut Vec<(PathBuf, String)>, notes: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        // A year with no folder yet has no returns; a folder that will not open may hide some.
        Err(e) if depth == 0 && e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            let shown = dir.strip_prefix(root).unwrap_or(dir).to_string_lossy().replace('\\', "/");
            let shown = if shown.is_empty() { ".".to_string() } else { shown + "/" };
            notes.push(
                Diagnostic::warning(
                    Kind::Unreadable,
                    format!("文件夹无法打开（{}），其中的填报表没有读取：请检查文件夹的权限", crate::files::chinese(e)),
                )
                .file(shown),
            );
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            || name.starts_with("~$")
            || ["thumbs.db", "desktop.ini"].contains(&name.to_lowercase().as_str())
        {
            continue;
        }
        let shown = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if path.is_dir() {
            // A link may lead back up the tree (every return found again along
            // `link/link/…`) or out to the whole disk: folders are read where they are.
            if entry.file_type().is_ok_and(|t| t.is_symlink()) {
                notes.push(
                    Diagnostic::warning(
                        Kind::Unreadable,
                        "是指向别处文件夹的链接，其中的文件没有读取：请把填报表本身放入本文件夹",
                    )
                    .file(shown + "/"),
                );
            } else if depth < MAX_DEPTH {
                walk(root, &path, depth + 1, found, notes);
            }
            continue;
        }
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
            found.push((path, shown));
        } else {
            notes.push(
                Diagnostic::warning(
                    Kind::Unreadable,
                    "不是电子表格文件，已跳过：如果这是某单位的填报表，请另存为 .xlsx 后放入本文件夹",
                )
                .file(shown),
            );
        }
    }
}

/// A text cell with a character no document can hold, shown as `[U+001F]` in the value.
fn control_character(file: &str, sheet: &str, cell: &intake::Cell) -> Diagnostic {
    let raw = cell.value.raw().unwrap_or_default();
    let (mut shown, mut codes) = (String::new(), Vec::new());
    for c in raw.chars() {
        if crate::xml::forbidden(c) {
            let code = format!("U+{:04X}", u32::from(c));
            shown.push_str(&format!("[{code}]"));
            if !codes.contains(&code) {
                codes.push(code);
            }
        } else {
            shown.push(c);
        }
    }
    Diagnostic::warning(
        Kind::ControlCharacter,
        format!(
            "单元格中有看不见的控制字符（{}），Word、OFD 等文件不能容纳，生成的文件中已略去：请删除该字符后重新报送（多是从网页或其他软件粘贴带来的）",
            codes.join("、")
        ),
    )
    .file(file)
    .at(sheet, cell.a1())
    .value(shown)
}

/// Checks one located workbook: who sent it, for which year, and every row.
fn check_workbook(catalog: &Catalog, ws: Option<&Workspace>, year: Option<i32>, wb: &Workbook) -> FileCheck {
    let mut out = Vec::new();
    let at = |d: Diagnostic, cell: &intake::Cell| d.file(&wb.file).at(&wb.sheet, cell.a1());
    let whole = |d: Diagnostic| d.file(&wb.file).sheet(&wb.sheet);

    // Who: the roster unit, or the name as written.
    let mut written_unit = None;
    let mut unit = None;
    match &wb.unit {
        None => out.push(whole(Diagnostic::error(
            Kind::MissingLabel,
            format!("找不到“{}”栏：请使用下发的填报表，在“{}”右侧填写本单位全称", form::UNIT_LABEL, form::UNIT_LABEL),
        ))),
        Some(cell) => match cell.value.raw().map(|s| s.trim().to_string()) {
            None => out.push(at(
                Diagnostic::error(
                    Kind::MissingLabel,
                    format!("“{}”右侧没有填写单位名称：请填写本单位全称", form::UNIT_LABEL),
                ),
                cell,
            )),
            Some(name) => match ws {
                Some(ws) => match ws.unit(&name) {
                    Some(u) => unit = Some(u.clone()),
                    None => {
                        out.push(
                            at(
                                Diagnostic::error(
                                    Kind::UnknownUnit,
                                    format!("填报单位“{name}”不在成员单位名单中：请按名单填写单位全称{ALIAS_HINT}"),
                                ),
                                cell,
                            )
                            .value(&name),
                        );
                        written_unit = Some(name);
                    }
                },
                None => written_unit = Some(name),
            },
        },
    }
    let unit_label = unit.as_ref().map(|u| u.name.clone()).or(written_unit);

    // When: 统计年度 against the folder's (or the asked) year.
    let mut year_ok = false;
    match &wb.year {
        None => out.push(whole(Diagnostic::error(
            Kind::MissingLabel,
            format!("找不到“{}”栏：请使用下发的填报表，在“{}”右侧填写四位数字年份", form::YEAR_LABEL, form::YEAR_LABEL),
        ))),
        Some(cell) if cell.value.is_empty() => {
            out.push(at(Diagnostic::error(Kind::MissingLabel, format!("“{}”右侧没有填写年度", form::YEAR_LABEL)), cell))
        }
        Some(cell) => {
            let raw = cell.value.raw().unwrap_or_default();
            match (value::parse_year(&cell.value), year) {
                (None, expected) => out.push(
                    at(
                        Diagnostic::error(
                            Kind::WrongYear,
                            format!(
                                "统计年度“{raw}”无法识别：请填写四位数字年份{}",
                                expected.map(|y| format!("，如 {y}")).unwrap_or_default()
                            ),
                        ),
                        cell,
                    )
                    .value(&raw),
                ),
                (Some(found), Some(expected)) if found != expected => out.push(
                    at(
                        Diagnostic::error(
                            Kind::WrongYear,
                            format!(
                                "统计年度是 {found}，但这里汇总的是 {expected} 年度：如果报错了文件，请重新报送 {expected} 年度的填报表；如果只是年度写错，请改为 {expected}"
                            ),
                        ),
                        cell,
                    )
                    .value(&raw),
                ),
                _ => year_ok = true,
            }
        }
    }

    for (sheet, cell) in &wb.control_cells {
        out.push(control_character(&wb.file, sheet, cell));
    }

    if let Some(stamp) = &wb.stamp {
        if stamp.fingerprint.as_deref() != Some(catalog.fingerprint.as_str()) {
            let version = stamp.version.map(|v| format!("（{} {v}）", form::VERSION_LABEL)).unwrap_or_default();
            out.push(
                Diagnostic::warning(
                    Kind::OutdatedTemplate,
                    format!("此表是按旧版指标目录生成的{version}：指标可能已有增减，请改用本年度下发的新表填报"),
                )
                .file(&wb.file)
                .sheet(form::STAMP_SHEET),
            );
        }
    }
    for h in &wb.missing_headers {
        out.push(whole(Diagnostic::warning(
            Kind::MissingLabel,
            format!("表头缺少“{h}”列：请使用下发的填报表，不要删除表头中的列"),
        )));
    }

    let values = check_rows(catalog, unit.as_ref(), wb, &mut out);
    out.extend(rules::catalog_checks(catalog, &values).into_iter().map(|d| d.file(&wb.file).sheet(&wb.sheet)));
    out.extend(misplaced::merged_values(catalog, wb));
    let highlights =
        wb.highlights.as_ref().map(|h| highlights::check(catalog, &wb.file, h, &mut out)).unwrap_or_default();
    let empty = wb.rows.iter().all(|r| r.value.value.is_empty()) && highlights.is_empty();
    if empty {
        out.push(whole(Diagnostic::warning(
            Kind::EmptyReturn,
            "填报表中没有填写任何数值（空表）：视为未报送，请填写本年数值后重新报送",
        )));
    }
    if let Some(name) = &unit_label {
        for d in &mut out {
            d.unit = Some(name.clone());
        }
    }
    FileCheck {
        file: wb.file.clone(),
        sheet: wb.sheet.clone(),
        usable: year_ok && unit.is_some(),
        year: wb.year.as_ref().and_then(|c| value::parse_year(&c.value)),
        unit,
        values,
        highlights,
        diagnostics: out,
        empty,
    }
}

fn check_rows(catalog: &Catalog, unit: Option<&Unit>, wb: &Workbook, out: &mut Vec<Diagnostic>) -> Vec<Value> {
    let mut values: Vec<Value> = Vec::new();
    // Code → (first cell with a value, index in `values` if it got there).
    let mut seen: BTreeMap<String, (String, Option<usize>)> = BTreeMap::new();
    let mut duplicated = BTreeSet::new();
    for row in &wb.rows {
        let at = |d: Diagnostic, cell: &intake::Cell| {
            let d = d.file(&wb.file).at(&wb.sheet, cell.a1());
            match cell.value.raw() {
                Some(v) => d.value(v),
                None => d,
            }
        };
        let code = row.code.value.raw().map(|c| text::code(&c)).unwrap_or_default();
        let Some(indicator) = catalog.get(&code) else {
            // Notes under the table (填表人：…) carry no value and are no indicator rows.
            let reported = !matches!(value::read_value(&row.value.value, "", false), Ok(Reading::NotReported));
            if reported {
                let message = if code.is_empty() {
                    "本行填写了数值，但没有指标编码：请在“指标编码”列填写编码；如果是自行添加的合计行或说明行，请删除"
                        .to_string()
                } else {
                    format!("指标编码“{code}”不在指标目录中：请核对编码，不要自行增加指标行或改动编码")
                };
                let cell = if code.is_empty() { &row.value } else { &row.code };
                let mut d = at(Diagnostic::error(Kind::UnknownCode, message), cell);
                if !code.is_empty() {
                    d = d.code(&code);
                }
                out.push(d);
            }
            continue;
        };
        let name = &indicator.name;
        let code_d = |d: Diagnostic| at(d, &row.value).code(&indicator.code);
        let reading = value::read_value(&row.value.value, &indicator.unit, indicator.integer);
        let (number, approximate) = match reading {
            Ok(Reading::NotReported) => {
                out.extend(misplaced::number_in_note(wb, row, indicator));
                continue;
            }
            Ok(Reading::Number { value, approximate }) => (value, approximate),
            Err(problem) => {
                out.push(code_d(problem_diagnostic(&problem, indicator)));
                // A bad value still occupies the row: a second row with the code is a
                // duplicate either way.
                if let Some((first, index)) = seen.get(&indicator.code) {
                    out.push(code_d(duplicate(&indicator.code, name, first, &row.value.a1())));
                    duplicated.extend(*index);
                } else {
                    seen.insert(indicator.code.clone(), (row.value.a1(), None));
                }
                continue;
            }
        };
        if let Some((first, index)) = seen.get(&indicator.code) {
            out.push(code_d(duplicate(&indicator.code, name, first, &row.value.a1())));
            if let Some(i) = index {
                duplicated.insert(*i);
            }
            continue;
        }
        seen.insert(indicator.code.clone(), (row.value.a1(), None));

        if let Some(measure) = row.measure.value.raw() {
            let written = text::compact(&measure).trim_matches(['(', ')']).to_string();
            if !written.is_empty() && written != text::compact(&indicator.unit) {
                out.push(
                    at(
                        Diagnostic::error(
                            Kind::WrongMeasureUnit,
                            format!(
                                "{name}的计量单位被改成了“{measure}”，应为“{}”：请改回“{}”，并按“{}”填写数值",
                                indicator.unit, indicator.unit, indicator.unit
                            ),
                        ),
                        &row.measure,
                    )
                    .code(&indicator.code),
                );
                continue;
            }
        }
        let refused = if indicator.reported_by.is_empty() {
            Some(format!("{name}由系统根据其他指标计算，无需填写：此数值不计入汇总，请删除"))
        } else {
            unit.filter(|u| !u.reports(indicator)).map(|u| {
                if indicator.reported_by(u.unit_type) {
                    format!("{name}按区双拥办的安排不由本单位填报：此数值不计入汇总；如果确需统计，请联系区双拥办")
                } else {
                    format!(
                        "{name}不由{}类单位填报（由{}填报）：此数值不计入汇总；如果确需统计，请联系区双拥办调整指标目录",
                        u.unit_type,
                        indicator.reported_by.iter().map(|t| t.label()).collect::<Vec<_>>().join("、")
                    )
                }
            })
        };
        if let Some(message) = refused {
            out.push(code_d(Diagnostic::warning(Kind::NotReportedByType, message)));
            continue;
        }
        if let Some(max) = indicator.max.filter(|max| number > *max) {
            out.push(code_d(Diagnostic::error(
                Kind::Implausible,
                format!(
                    "{name}填写的是 {} {}，超出一个单位一年可能的数量（最多约 {} {}）：请核对是否多填了位数、按错了计量单位或粘贴了别的数字；此数值不计入汇总",
                    crate::numfmt::typed_figure(number),
                    indicator.unit,
                    crate::numfmt::typed_figure(max),
                    indicator.unit
                ),
            )));
            continue;
        }
        if approximate {
            out.push(code_d(Diagnostic::warning(
                Kind::Approximate,
                format!(
                    "填写的是约数，已按 {} {} 计入：如有准确数字，请改填准确数字",
                    crate::numfmt::typed_figure(number),
                    indicator.unit
                ),
            )));
        }
        seen.insert(indicator.code.clone(), (row.value.a1(), Some(values.len())));
        values.push(Value {
            code: indicator.code.clone(),
            value: number,
            approximate,
            cell: row.value.a1(),
            raw: row.value.value.raw().unwrap_or_default(),
            note: row.note.clone(),
        });
    }
    values.into_iter().enumerate().filter(|(i, _)| !duplicated.contains(i)).map(|(_, v)| v).collect()
}

fn duplicate(code: &str, name: &str, first: &str, second: &str) -> Diagnostic {
    Diagnostic::error(
        Kind::DuplicateRow,
        format!("指标 {code}（{name}）填写了两次，{first} 和 {second} 都有数值，两个都不计入汇总：请删除多余的一行"),
    )
}

fn problem_diagnostic(problem: &Problem, indicator: &crate::catalog::Indicator) -> Diagnostic {
    let name = &indicator.name;
    match problem {
        Problem::NotANumber(why) => Diagnostic::error(Kind::NotANumber, format!("{name}：{why}")),
        Problem::Negative(v) => Diagnostic::error(
            Kind::Negative,
            format!("{name}不能为负数（填的是 {}）：请填写实际数量", crate::numfmt::typed_figure(*v)),
        ),
        Problem::NotInteger(v) => Diagnostic::error(
            Kind::NotInteger,
            format!(
                "{name}以“{}”计，应为整数（填的是 {}）：请填写整数",
                indicator.unit,
                crate::numfmt::typed_figure(*v)
            ),
        ),
        Problem::FormulaNoValue => Diagnostic::error(
            Kind::FormulaNoValue,
            format!("{name}是公式，但文件里没有保存计算结果：请用 Excel 或 WPS 打开此文件，确认数值显示正确后保存，再重新报送；也可以直接填写数字"),
        ),
    }
}

/// Sorts for reading: by unit in roster order (then units not on the roster, then files
/// whose unit is unknown), file, sheet, row, column.
pub(crate) fn sort_diagnostics(diags: &mut [Diagnostic], ws: Option<&Workspace>) {
    let rank = |d: &Diagnostic| -> (usize, String) {
        match (&d.unit, ws) {
            (Some(u), Some(ws)) => match ws.unit_position(u) {
                Some(i) => (i, String::new()),
                None => (ws.units.len(), u.clone()),
            },
            (Some(u), None) => (0, u.clone()),
            (None, ws) => (ws.map_or(1, |w| w.units.len() + 1), String::new()),
        }
    };
    diags.sort_by_cached_key(|d| {
        let (row, col) = d.cell.as_deref().map(cell_position).unwrap_or((0, 0));
        (rank(d), d.file.clone(), d.sheet.clone(), d.cell.is_some(), row, col, d.kind, d.message.clone())
    });
}

/// `E7` → (7, 5); row first for reading order.
fn cell_position(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .bytes()
        .fold(0u32, |c, b| c.saturating_mul(26).saturating_add(u32::from(b.to_ascii_uppercase() - b'A' + 1)));
    let row = a1[letters.len()..].parse().unwrap_or(0);
    (row, col)
}

#[cfg(test)]
mod tests;
