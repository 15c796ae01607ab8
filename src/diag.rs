//! Diagnostics: every problem found in the returned workbooks, with where it is (file,
//! sheet, A1 cell), what was there and what to do about it. Shared by intake and
//! validate; rendered here as text for people ([`render_text`], [`line`]) and printed by
//! `check` as that text or as JSON for scripts, by the commands that refuse data with
//! errors as that text.

use serde::Serialize;

use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// As people read it: 错误 must be fixed, 警告 checked.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// Stable snake_case names: scripts match on them (`check --format json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The file cannot be opened as a spreadsheet (corrupt, encrypted, not one).
    Unreadable,
    /// The file is larger than the tool reads, or would inflate past its limits.
    TooLarge,
    /// No sheet named 填报表.
    MissingSheet,
    /// A label (填报单位, 统计年度) or the header row is missing.
    MissingLabel,
    NotANumber,
    Negative,
    NotInteger,
    Approximate,
    UnknownCode,
    /// The unit filled in an indicator its unit type does not report.
    NotReportedByType,
    DuplicateRow,
    UnknownUnit,
    WrongYear,
    DuplicateSubmission,
    MissingSubmission,
    /// A formula cell whose value was never calculated and saved.
    FormulaNoValue,
    OutdatedTemplate,
    Reconciliation,
    /// A rule of the catalogue's `[[checks]]` (e.g. SH05 above SH04).
    CheckFailed,
    /// A change against last year beyond the workspace's threshold.
    LargeChange,
    /// The row's 计量单位 was changed from the catalogue's (元 for 万元): the value's
    /// scale is in doubt.
    WrongMeasureUnit,
    /// A figure beyond the catalogue's plausibility bound for the indicator.
    Implausible,
    /// A figure far above what units of the same type report the same year.
    Outlier,
    /// The roster names no authoritative unit although `authoritative` indicators
    /// were reported: their district totals cannot be made.
    NoAuthoritativeUnit,
    /// A figure the form asked for that reaches no total (another unit's is the
    /// district's).
    NotCounted,
    /// A 工作亮点 row whose 类别 is empty or neither a catalogue category nor 其他.
    UnknownCategory,
    /// A 工作亮点 row with a 标题 and no 内容, or the reverse.
    HighlightIncomplete,
    /// A 工作亮点 标题 or 内容 longer than the report takes whole.
    HighlightTooLong,
    /// A 可公开 cell holding neither 是 nor 否.
    BadPublicValue,
    /// A 工作亮点 states a figure larger than the district total of the same thing.
    HighlightAboveTotal,
    /// 本年数值 empty and a figure in the row's 备注: the figure is not counted.
    NumberInNote,
    /// One 本年数值 cell merged over the rows of several indicators.
    MergedValueCell,
    /// A return with no value filled in (空表): not counted as a submission.
    EmptyReturn,
    /// The authoritative unit has not returned (or returned nothing usable): the
    /// district figures only it gives are missing.
    AuthoritativeMissing,
    /// A text cell holding a control character XML cannot hold: left out of the documents.
    ControlCharacter,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub unit: Option<String>,
    pub code: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, kind: Kind, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            kind,
            file: None,
            sheet: None,
            cell: None,
            unit: None,
            code: None,
            value: None,
            message: message.into(),
        }
    }

    pub fn error(kind: Kind, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, kind, message)
    }

    pub fn warning(kind: Kind, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, kind, message)
    }

    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, sheet: impl Into<String>, cell: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self.cell = Some(cell.into());
        self
    }

    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }

    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Kept in `output` (which names files after units) so that `output` needs nothing of
/// `diag`, whose rendering reads the workspace: no import cycle.
pub use crate::output::{hidden, visible};

/// As [`visible`], line breaks kept: for messages of several lines.
pub fn visible_lines(text: &str) -> String {
    text.split('\n').map(visible).collect::<Vec<_>>().join("\n")
}

/// 0-based (row, column) to A1 notation: (15, 5) → "F16".
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII letters"), row + 1)
}

/// `区民政局.xlsx › 填报表!E7`, as `check` prints where a diagnostic is; empty when it
/// names no place.
pub fn location(d: &Diagnostic) -> String {
    match (&d.file, &d.sheet, &d.cell) {
        (Some(f), Some(s), Some(c)) => format!("{f} › {s}!{c}"),
        (Some(f), Some(s), None) => format!("{f} › {s}"),
        (Some(f), None, _) => f.clone(),
        (None, Some(s), Some(c)) => format!("{s}!{c}"),
        (None, Some(s), None) => s.clone(),
        (None, None, _) => String::new(),
    }
}

/// What a unit typed, as a message quotes it: whole when short, else its start and its
/// length, so that a 300-character highlight is not echoed in every message about it.
pub fn excerpt(value: &str) -> std::borrow::Cow<'_, str> {
    const WHOLE: usize = 40;
    const START: usize = 20;
    let chars = value.chars().count();
    if chars <= WHOLE {
        return value.into();
    }
    let start: String = value.chars().take(START).collect();
    format!("{start}……（共 {chars} 字）").into()
}

/// One diagnostic on a line of its own: `  错误 区民政局.xlsx › 填报表!E7（YF01，填写“若干”） 请填写数字`.
pub fn line(d: &Diagnostic) -> String {
    let mut detail = Vec::new();
    if let Some(code) = &d.code {
        detail.push(code.clone());
    }
    if let Some(v) = &d.value {
        detail.push(format!("填写“{}”", excerpt(v)));
    }
    let detail = if detail.is_empty() { String::new() } else { format!("（{}）", detail.join("，")) };
    let loc = location(d);
    let sep = if loc.is_empty() { "" } else { " " };
    // Every part may carry what a unit typed (a value, a file or sheet name).
    visible(&format!("  {} {loc}{detail}{sep}{}", d.severity.label(), d.message)).into_owned() + "\n"
}

/// For people: grouped by unit in the order given (then names not on the roster, then
/// files whose unit is unknown), then the units that have not submitted (the
/// `missing_submission` diagnostics), and a blank line to end with when anything was
/// said. `ws` gives the headings their unit types.
pub fn render_text<'d>(ws: Option<&Workspace>, diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> String {
    let mut out = String::new();
    let mut current: Option<Option<&str>> = None;
    let mut missing = Vec::new();
    for d in diagnostics {
        if d.kind == Kind::MissingSubmission {
            missing.extend(d.unit.as_deref());
            continue;
        }
        let unit = d.unit.as_deref();
        if current != Some(unit) {
            if current.is_some() {
                out.push('\n');
            }
            let heading = match (unit, ws.and_then(|w| unit.and_then(|u| w.units.iter().find(|x| x.name == u)))) {
                (Some(_), Some(u)) => format!("{}（{}）", u.name, u.unit_type),
                (Some(name), None) if ws.is_some() => format!("{name}（不在成员单位名单中）"),
                (Some(name), None) => name.to_string(),
                (None, _) => "未能确定填报单位的文件".to_string(),
            };
            out.push_str(&visible(&heading));
            out.push('\n');
            current = Some(unit);
        }
        out.push_str(&line(d));
    }
    if !missing.is_empty() {
        if current.is_some() {
            out.push('\n');
        }
        out.push_str(&format!("未报单位（{} 个）：{}\n", missing.len(), visible(&missing.join("、"))));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_names_the_parts_it_has_and_no_separator_for_a_missing_file() {
        let d = || Diagnostic::error(Kind::NotANumber, "x");
        assert_eq!(location(&d().file("a.xlsx").at("填报表", "E7")), "a.xlsx › 填报表!E7");
        assert_eq!(location(&d().file("a.xlsx").sheet("填报表")), "a.xlsx › 填报表");
        assert_eq!(location(&d().file("a.xlsx")), "a.xlsx");
        assert_eq!(location(&d().at("填报表", "E7")), "填报表!E7");
        assert_eq!(location(&d()), "");
    }

    #[test]
    fn a1_notation() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(15, 5), "F16");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(visible("区民政局"), "区民政局");
        assert_eq!(visible("\x1b[2J清屏"), "\\u{1b}[2J清屏");
        assert_eq!(visible("a\nb\u{7f}\u{9b}"), "a\\u{a}b\\u{7f}\\u{9b}");
        assert_eq!(visible("\u{202e}局政民"), "\\u{202e}局政民");
        assert_eq!(visible_lines("一\n二\x07"), "一\n二\\u{7}");
    }

    #[test]
    fn json_keys_follow_the_contract() {
        let d = Diagnostic::error(Kind::NotANumber, "请填写数字")
            .file("a.xlsx")
            .at("填报表", "E7")
            .unit("甲")
            .code("YF01")
            .value("若干");
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["severity"], "error");
        assert_eq!(v["kind"], "not_a_number");
        assert_eq!(v["cell"], "E7");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 9);
    }
}
