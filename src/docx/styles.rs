//! The style sheet, named as Word names its built-in styles (so Chinese Word shows 正文、
//! 标题 1、题注、目录 1 …) and set in the faces offices have: 仿宋_GB2312 body, 黑体 level 1,
//! 楷体_GB2312 level 2, 方正小标宋简体 title, Times New Roman for digits and Latin.

use docx_rs::{AlignmentType, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style, StyleType, Styles};

use super::page;

/// Style ids, referenced by the body writer.
pub const BODY: &str = "BodyText";
pub const TITLE: &str = "Title";
pub const SUBTITLE: &str = "Subtitle";
pub const NOTE: &str = "Note";
pub const CAPTION: &str = "Caption";
pub const TABLE_TEXT: &str = "TableText";
pub const TOC_HEADING: &str = "TOCHeading";
pub const SIGNATURE: &str = "Signature";
pub const HEADER: &str = "Header";
pub const FOOTER: &str = "Footer";
pub const COVER: &str = "Cover";

pub fn heading(level: u8) -> String {
    format!("Heading{}", level.clamp(1, 4))
}

pub fn toc(level: u8) -> String {
    format!("TOC{level}")
}

/// The Chinese faces by GB/T 9704 role, as installed in offices.
pub const FANGSONG: &str = "仿宋_GB2312";
pub const HEITI: &str = "黑体";
pub const KAITI: &str = "楷体_GB2312";
pub const XIAOBIAOSONG: &str = "方正小标宋简体";
pub const SONGTI: &str = "宋体";
pub const LATIN: &str = "Times New Roman";

/// Digits and Latin in Times New Roman, Chinese in `east_asia`.
pub fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().ascii(LATIN).hi_ansi(LATIN).cs(LATIN).east_asia(east_asia)
}

/// Half-points, Word's unit for type sizes.
fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

/// A first-line indent of `chars` characters of the style's size (the package adds
/// `w:firstLineChars`, which keeps it in characters when someone changes the size).
fn first_line(style: Style, chars: i32, size_pt: f64) -> Style {
    let twips = (f64::from(chars) * size_pt * 20.0).round() as i32;
    style.indent(None, Some(SpecialIndentType::FirstLine(twips)), None, None)
}

fn paragraph_style(id: &str, name: &str, face: &str, size_pt: f64) -> Style {
    Style::new(id, StyleType::Paragraph).name(name).based_on("Normal").fonts(fonts(face)).size(half_points(size_pt))
}

/// The table text's default size (小四) and line pitch in sizes, the PDF's.
pub const TABLE_PT: f64 = 12.0;
pub const TABLE_LINE: f64 = 1.35;

/// Points to twips.
pub fn twips(pt: f64) -> u32 {
    (pt * 20.0).round() as u32
}

/// A fixed line pitch (twips) with `before` and `after`: the PDF's lines off the grid.
pub fn exactly(line: u32, before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(line as i32).before(before).after(after)
}

/// Single spacing on the document grid (one 29 pt grid line per 3号 line) with `before`
/// and `after` in twips.
fn on_grid(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(before).after(after)
}

pub fn styles() -> Styles {
    let body_pt = page::BODY_PT;
    // docx-rs writes an empty Normal style itself: the defaults carry the body face and size.
    let body = first_line(paragraph_style(BODY, "Body Text", FANGSONG, body_pt), 2, body_pt)
        .align(AlignmentType::Both)
        .line_spacing(on_grid(0, 0))
        .next(BODY)
        .q_format(true);
    let headings = [(1u8, HEITI), (2, KAITI), (3, FANGSONG), (4, FANGSONG)].map(|(level, face)| {
        first_line(paragraph_style(&heading(level), &format!("heading {level}"), face, body_pt), 2, body_pt)
            .next(BODY)
            .q_format(true)
            .outline_lvl(usize::from(level) - 1)
    });
    let centred = |id: &str, name: &str, face: &str, size_pt: f64| {
        paragraph_style(id, name, face, size_pt).align(AlignmentType::Center)
    };
    let mut styles = Styles::new()
        .default_fonts(fonts(FANGSONG))
        .default_size(half_points(body_pt))
        .default_spacing(page::tracking())
        .add_style(body);
    for h in headings {
        styles = styles.add_style(h);
    }
    styles
        .add_style(
            // One line of the grid per line of the title, as in the PDF: a 2号 line on the
            // grid may round up to two grid lines.
            centred(TITLE, "Title", XIAOBIAOSONG, 22.0)
                .next(SUBTITLE)
                .q_format(true)
                .snap_to_grid(false)
                .line_spacing(exactly(page::line_pitch() as u32, 0, 0)),
        )
        .add_style(centred(SUBTITLE, "Subtitle", KAITI, body_pt).next(BODY).q_format(true))
        .add_style(centred(COVER, "封面", KAITI, body_pt))
        // A caption takes one line of the grid, as in the PDF, without snapping to it: a
        // 4号 line would otherwise round up to two grid lines in LibreOffice.
        .add_style(centred(CAPTION, "caption", HEITI, 14.0).snap_to_grid(false).line_spacing(exactly(
            page::line_pitch() as u32,
            0,
            0,
        )))
        // Notes: 4号 at one and a half times their size, justified, as the PDF sets them.
        .add_style(
            paragraph_style(NOTE, "注", FANGSONG, 14.0)
                .snap_to_grid(false)
                .align(AlignmentType::Both)
                .line_spacing(exactly(twips(14.0 * 1.5), 0, 0)),
        )
        .add_style(
            paragraph_style(TABLE_TEXT, "表格文字", FANGSONG, TABLE_PT).snap_to_grid(false).line_spacing(exactly(
                twips(TABLE_PT * TABLE_LINE),
                0,
                0,
            )),
        )
        .add_style(centred(TOC_HEADING, "TOC Heading", HEITI, body_pt).next(BODY))
        .add_style(paragraph_style(&toc(1), "toc 1", FANGSONG, body_pt))
        .add_style(paragraph_style(&toc(2), "toc 2", FANGSONG, body_pt).indent(
            Some((2.0 * body_pt * 20.0) as i32),
            None,
            None,
            None,
        ))
        .add_style(paragraph_style(SIGNATURE, "Signature", FANGSONG, body_pt).align(AlignmentType::Right).indent(
            None,
            None,
            Some((4.0 * body_pt * 20.0) as i32),
            None,
        ))
        .add_style(paragraph_style(HEADER, "header", FANGSONG, 14.0).snap_to_grid(false))
        .add_style(paragraph_style(FOOTER, "footer", SONGTI, 14.0).snap_to_grid(false))
}
