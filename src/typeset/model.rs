//! The document model the typesetter lays out: what the `report` module builds from the
//! report template and the data, and what the `chart` module's drawings plug into.
//!
//! Everything here is plain data with no layout decisions: sizes are those GB/T 9704-2012
//! prescribes unless a field says otherwise. Lengths are in points (1/72 inch).

use crate::date::DocDate;

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

/// Where a title breaks (U+2028 LINE SEPARATOR), put there by its author: between
/// words (示例区2021—2024年 / 双拥模范城创建考评材料), not wherever the line is full
/// (…考评材 / 料). Titles on covers and [`Block::Title`] honour it; it passes through
/// Markdown and templates as an ordinary character.
pub const LINE_BREAK: char = '\u{2028}';

/// The cover page: title large and centred, subtitle under it, office and date lower.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    /// A [`LINE_BREAK`] in the title is where the author breaks it (between words); a
    /// line still too long wraps where it is full.
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
    /// lines if long, and at each [`LINE_BREAK`].
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
    /// Where the figure this span states comes from, for those who check a draft: the
    /// Word document carries it as a comment on the span; the PDF and OFD leave it out.
    /// None outside a draft.
    pub source: Option<String>,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false, source: None }
    }

    pub fn bold(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: true, source: None }
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
    /// Where figures of `rows` and `total` come from, for those who check a draft: the Word document
    /// carries each as a comment on its cell; the PDF leaves them out. Empty outside a
    /// draft.
    pub sources: Vec<CellSource>,
}

/// The source of the figure in one cell of a [`Table`]'s `rows` or its `total`.
#[derive(Debug, Clone, PartialEq)]
pub struct CellSource {
    /// The index in `rows`; `rows.len()` for the total row.
    pub row: usize,
    pub column: usize,
    /// Lines of text: the indicator, the rule, the workbooks and cells.
    pub text: String,
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
