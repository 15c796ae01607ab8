//! The document model the typesetter lays out: what the `report` module builds from the
//! report template and the data, and what the `chart` module's drawings plug into.
//!
//! Everything here is plain data with no layout decisions: sizes are those GB/T 9704-2012
//! prescribes unless a field says otherwise. Lengths are in points (1/72 inch).

/// One PDF: metadata, optional cover and table of contents, then the body blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Meta,
    /// Marks every page 草稿 (a light grey diagonal watermark).
    pub draft: bool,
    /// A cover page before everything else, unnumbered.
    pub cover: Option<Cover>,
    /// A 目录 page (or pages) after the cover, unnumbered, listing level 1 and 2
    /// headings with their page numbers.
    pub toc: bool,
    /// The 公文 form of GB/T 9704 instead of a booklet: a red 版头 above the title, the
    /// 主送机关 under it, and the 版记 at the foot of the last page. Goes without a cover
    /// and 目录.
    pub official: Option<Official>,
    pub blocks: Vec<Block>,
    /// Files carried inside the PDF as associated files (PDF/A-3): the data the
    /// document was made from, so that an archived copy keeps its own trace.
    pub attachments: Vec<Attachment>,
}

/// A file embedded in the PDF and listed in its attachments panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The file name readers offer to save it as, e.g. `facts.csv`.
    pub name: String,
    /// Its MIME type, e.g. `text/csv`.
    pub mime: String,
    pub bytes: Vec<u8>,
    /// What it holds, for the reader's attachments panel.
    pub description: String,
}

impl Official {
    /// The red of the 发文机关标志 and the rule under the 发文字号 (printers' C0 M100 Y100 K0).
    pub const RED: Rgb = Rgb::new(230, 0, 18);

    /// The 发文机关标志's size in points: the name across `width_pt`, at most 40 pt so that
    /// a short name is not set huge (GB/T 9704 leaves the size to 醒目、美观、庄重).
    pub fn mark_size(&self, width_pt: f32) -> f32 {
        (width_pt / self.issuer_mark.chars().count().max(1) as f32).min(40.0)
    }
}

/// What the 公文 form prints besides the body (GB/T 9704-2012 7.2 and 7.4).
#[derive(Debug, Clone, PartialEq)]
pub struct Official {
    /// 发文机关标志, red, centred above the red rule.
    pub issuer_mark: String,
    /// 发文字号 (示双拥办〔2024〕12号).
    pub number: Option<String>,
    /// 签发人: a report sent upward prints it on the 发文字号's line, to the right.
    pub signer: Option<String>,
    /// 主送机关, under the title; the full-width colon is added.
    pub addressee: String,
    /// 抄送机关, in the 版记.
    pub copy_to: Vec<String>,
    /// 印发机关, in the 版记.
    pub printer: String,
    /// 印发日期 as printed (2024年12月20日).
    pub print_date_text: String,
    /// 内部资料 or the like, where GB/T 9704 puts 密级: the first line, top left.
    pub mark: Option<String>,
}

/// The PDF's document information.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    /// The issuing office.
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 language tag written as the document's /Lang, normally `zh-CN`.
    pub language: String,
    /// Creation and modification date of the PDF.
    pub date: DocDate,
}

/// A point in time for the PDF's dates, in seconds since 1970-01-01 UTC.
///
/// Take it from [`DocDate::from_env`] so that builds are reproducible: with
/// `SOURCE_DATE_EPOCH` set, the same input gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocDate {
    pub unix_seconds: i64,
}

/// Beijing time: the documents are Chinese government documents, so a date printed on
/// them (and written into the PDF) is the date in China, not in UTC.
const CHINA_OFFSET_SECONDS: i64 = 8 * 3600;

impl DocDate {
    pub fn from_unix(unix_seconds: i64) -> DocDate {
        DocDate { unix_seconds }
    }

    /// `SOURCE_DATE_EPOCH` if set (a malformed value is an error, not silently ignored),
    /// else the current time.
    pub fn from_env() -> Result<DocDate, String> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(s) => s
                .trim()
                .parse::<i64>()
                .map(DocDate::from_unix)
                .map_err(|_| format!("环境变量 SOURCE_DATE_EPOCH 的值“{s}”不是整数秒数")),
            Err(_) => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0);
                Ok(DocDate::from_unix(now))
            }
        }
    }

    /// Midnight in Beijing at the start of the given calendar day, or `None` when there
    /// is no such day (2023-02-29, month 13).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<DocDate> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if !(1..=days_in_month).contains(&day) {
            return None;
        }
        Some(DocDate::from_unix(days_from_civil(year.into(), month, day) * 86_400 - CHINA_OFFSET_SECONDS))
    }

    /// A date as an office writes it for a machine, `2024-12-20`; the error says what
    /// was wrong, in Chinese.
    pub fn parse_iso(text: &str) -> Result<DocDate, String> {
        let bad = || format!("日期“{text}”无法识别：请按“年-月-日”填写，例如 2024-12-20");
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else { return Err(bad()) };
        if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return Err(bad());
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
            return Err(bad());
        };
        DocDate::from_ymd(y, m, d).ok_or_else(|| format!("日期“{text}”不存在：请检查月份和日子"))
    }

    /// The calendar date and time of day in Beijing time:
    /// (year, month, day, hour, minute, second).
    pub fn china_civil(&self) -> (i64, u32, u32, u32, u32, u32) {
        let local = self.unix_seconds + CHINA_OFFSET_SECONDS;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, (secs / 3600) as u32, (secs % 3600 / 60) as u32, (secs % 60) as u32)
    }

    /// The date as GB/T 9704 writes a date of issue: `2024年12月20日` (Arabic numerals,
    /// no leading zeros).
    pub fn chinese(&self) -> String {
        let (y, m, d, ..) = self.china_civil();
        format!("{y}年{m}月{d}日")
    }

    /// The PDF date string, e.g. `D:20241220093000+08'00'`.
    pub(crate) fn pdf_string(&self) -> String {
        let (y, mo, d, h, mi, s) = self.china_civil();
        format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}+08'00'")
    }

    /// The same instant as XMP writes it, e.g. `2024-12-20T09:30:00+08:00`: PDF/A wants
    /// the XMP dates equal to the document information's.
    pub(crate) fn xmp_string(&self) -> String {
        let (y, mo, d, h, mi, s) = self.china_civil();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+08:00")
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A proleptic Gregorian date to days since 1970-01-01 (the inverse of [`civil_from_days`]).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The cover page: title large and centred, subtitle under it, office and date lower.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    pub title: String,
    pub subtitle: Option<String>,
    pub office: String,
    /// As printed, e.g. `2024年12月20日` (see [`DocDate::chinese`]).
    pub date_text: String,
    /// A mark on the first line, top left, 3号 黑体, where GB/T 9704 puts 密级 and
    /// offices put 内部资料.
    pub mark: Option<String>,
}

/// A body block, laid out top to bottom in the type area.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document title: 2号 (22 pt), 小标宋 role, centred, wrapping over several
    /// lines if long.
    Title(String),
    /// A line under the title, centred, 3号 楷体 role (e.g. `（2024年12月20日）`).
    Subtitle(String),
    /// A heading inside the text. Levels: 1 `一、` 黑体, 2 `（一）` 楷体, 3 `1.` and
    /// 4 `（1）` in the body face; all 3号. The text carries its own numbering
    /// (`一、组织领导`): the typesetter does not number headings. Every heading gets a
    /// PDF bookmark; levels 1 and 2 are listed in the 目录.
    Heading {
        level: u8,
        text: String,
    },
    /// A body paragraph: 3号 body face, first line indented two characters, justified.
    Paragraph(Vec<Span>),
    /// Smaller text without indent (4号 body face), e.g. `注：` lines under a table.
    Note(String),
    Table(Table),
    Figure(Figure),
    /// Starts a new page.
    PageBreak,
    /// The issuing office and the date at the end, right-aligned four characters in
    /// from the right edge of the type area (GB/T 9704 7.3.5).
    Signature {
        office: String,
        date_text: String,
    },
}

impl Block {
    /// Whether a heading's text is the mark over an attachment (`附件`, `附件2`), which
    /// GB/T 9704 sets flush left rather than indented like the other headings.
    pub fn is_attachment_mark(text: &str) -> bool {
        text.strip_prefix("附件").is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
    }

    /// Whether a paragraph is the 附件说明 (`附件：…`), which GB/T 9704 sets one blank line
    /// below the text.
    pub fn is_attachment_note(spans: &[Span]) -> bool {
        spans.first().is_some_and(|s| s.text.starts_with("附件：") || s.text.starts_with("附件:"))
    }

    /// A paragraph of plain text.
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph(vec![Span::plain(text)])
    }
}

/// A run of text within a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    /// Emphasis: drawn bolder (the face is stroked as well as filled, since the
    /// official faces come in one weight).
    pub bold: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false }
    }

    pub fn bold(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: true }
    }
}

/// A ruled table that may break across pages, repeating its header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Printed above the table after an automatic number: `表1　<caption>`. Give the
    /// caption without the number.
    pub caption: Option<String>,
    pub columns: Vec<Column>,
    /// Cell texts, already formatted (see [`crate::numfmt::table_figure`]). Every row
    /// has one cell per column. Cells wrap within their column.
    pub rows: Vec<Vec<String>>,
    /// A totals row (合计), drawn shaded and bolder after the rows.
    pub total: Option<Vec<String>>,
    /// Text size of the cells in points; [`size::XIAO_SI`] (小四, 12 pt) is usual,
    /// [`size::SI_HAO`] (4号, 14 pt) for a table with few columns.
    pub font_size: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub align: Align,
    /// Share of the table width relative to the other columns' weights.
    pub weight: f32,
    /// The column names groups of rows (a 类别 on the first row of its group, empty cells
    /// under it): a page the table continues on names the group again in its first row.
    pub groups: bool,
}

impl Column {
    pub fn new(header: impl Into<String>, align: Align, weight: f32) -> Column {
        Column { header: header.into(), align, weight, groups: false }
    }

    /// The column names groups of rows (see [`Column::groups`]).
    pub fn grouping(self) -> Column {
        Column { groups: true, ..self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    /// For numbers.
    Right,
}

/// A vector drawing with a caption under it: `图1　<caption>` (numbered automatically;
/// give the caption without the number). Scaled down to the type-area width if wider.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub caption: String,
    pub drawing: Drawing,
}

/// A backend-neutral vector picture. Coordinates are in points with the origin at the
/// top left corner and y growing downwards (as in SVG and plotters).
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width_pt: f32,
    pub height_pt: f32,
    /// Painted in order: later shapes cover earlier ones.
    pub items: Vec<Shape>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Rgb {
    pub const BLACK: Rgb = Rgb { r: 0, g: 0, b: 0 };
    pub const WHITE: Rgb = Rgb { r: 255, g: 255, b: 255 };

    pub const fn new(r: u8, g: u8, b: u8) -> Rgb {
        Rgb { r, g, b }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Rgb,
    /// Line width in points.
    pub width: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// An open polyline.
    Line {
        points: Vec<(f32, f32)>,
        stroke: Stroke,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// A closed polygon.
    Polygon {
        points: Vec<(f32, f32)>,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// Text set in one of the document's fonts, so it stays searchable.
    Text {
        x: f32,
        y: f32,
        text: String,
        size_pt: f32,
        role: FontRole,
        anchor: Anchor,
        baseline: Baseline,
        /// Counter-clockwise rotation about (x, y), in degrees (90 reads bottom to top).
        rotate_deg: f32,
        color: Rgb,
    },
}

/// Which point of the text's width sits at x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Which line of the text's height sits at y.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// The top of the em box.
    Top,
    /// The middle of the em box.
    Middle,
    /// The bottom of the em box.
    Bottom,
    /// The alphabetic baseline.
    Alphabetic,
}

/// The typographic roles of GB/T 9704; each maps to a font file (see
/// [`super::fonts::FontSet`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontRole {
    /// 小标宋: the document title.
    Title,
    /// 仿宋: body text, level 3 and 4 headings, tables.
    Body,
    /// 黑体: level 1 headings (and the draft watermark).
    Heading1,
    /// 楷体: level 2 headings, subtitle.
    Heading2,
    /// 宋体: page numbers.
    PageNumber,
}

impl FontRole {
    /// The face GB/T 9704 prescribes for the role, as offices call it.
    pub fn label(self) -> &'static str {
        match self {
            FontRole::Title => "小标宋",
            FontRole::Body => "仿宋",
            FontRole::Heading1 => "黑体",
            FontRole::Heading2 => "楷体",
            FontRole::PageNumber => "宋体",
        }
    }

    pub const ALL: [FontRole; 5] =
        [FontRole::Title, FontRole::Body, FontRole::Heading1, FontRole::Heading2, FontRole::PageNumber];
}

/// Chinese type sizes (字号) in points.
pub mod size {
    pub const CHU_HAO: f32 = 42.0;
    pub const XIAO_CHU: f32 = 36.0;
    pub const YI_HAO: f32 = 26.0;
    pub const XIAO_YI: f32 = 24.0;
    pub const ER_HAO: f32 = 22.0;
    pub const XIAO_ER: f32 = 18.0;
    pub const SAN_HAO: f32 = 16.0;
    pub const XIAO_SAN: f32 = 15.0;
    pub const SI_HAO: f32 = 14.0;
    pub const XIAO_SI: f32 = 12.0;
    pub const WU_HAO: f32 = 10.5;
    pub const XIAO_WU: f32 = 9.0;
}

/// A character no available font could draw. It is left out of the PDF (never drawn
/// as an empty box); the caller warns the user.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MissingGlyph {
    pub ch: char,
    /// Where it occurs: a short excerpt of the text around it, e.g. `标题“一、组织领导”`.
    pub context: String,
}

/// The typeset PDF, and the OFD of the same pages when asked for.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    /// The same pages as OFD, when asked for ([`render_with_ofd`](super::render_with_ofd)).
    pub ofd: Option<Vec<u8>>,
    pub pages: usize,
    /// Every character no font had, in order of first occurrence.
    pub missing_glyphs: Vec<MissingGlyph>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_beijing_time() {
        // 2024-12-19T16:30:00Z is 2024-12-20 00:30 in Beijing.
        let d = DocDate::from_unix(1_734_625_800);
        assert_eq!(d.chinese(), "2024年12月20日");
        assert_eq!(d.pdf_string(), "D:20241220003000+08'00'");
        assert_eq!(DocDate::from_unix(0).pdf_string(), "D:19700101080000+08'00'");
        assert_eq!(d.xmp_string(), "2024-12-20T00:30:00+08:00");
        assert_eq!(DocDate::from_unix(951_782_400).chinese(), "2000年2月29日");
    }

    #[test]
    fn calendar_dates_round_trip() {
        for (y, m, d) in [(2024, 12, 20), (2000, 2, 29), (1970, 1, 1), (2023, 12, 31), (2100, 3, 1)] {
            let date = DocDate::from_ymd(y, m, d).unwrap();
            assert_eq!(date.china_civil(), (y.into(), m, d, 0, 0, 0));
        }
        assert_eq!(DocDate::from_ymd(2023, 2, 29), None);
        assert_eq!(DocDate::from_ymd(2024, 13, 1), None);
        assert_eq!(DocDate::parse_iso("2024-12-20").unwrap().chinese(), "2024年12月20日");
        assert_eq!(DocDate::parse_iso("2024-1-5").unwrap().chinese(), "2024年1月5日");
        assert!(DocDate::parse_iso("2024-02-30").unwrap_err().contains("不存在"));
        for bad in ["20241220", "2024/12/20", "24-12-20", "2024-12-x", ""] {
            assert!(DocDate::parse_iso(bad).unwrap_err().contains("无法识别"), "{bad}");
        }
    }
}
