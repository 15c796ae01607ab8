//! The Word document: the same [`Document`] the PDF is laid out from, written as a
//! `.docx` an office edits — real heading styles (标题 1–4 with outline levels), a body
//! style, Word tables, captions with SEQ fields, a TOC field, charts as PNG pictures —
//! on a GB/T 9704 page (A4, type area 156 × 225 mm, 22 lines × 28 characters in 3号).
//! docx-rs is used only here.
//!
//! docx-rs writes the parts; what it lacks is filled in [`package`]: repeated table
//! header rows (`w:tblHeader`), the font table with fallbacks, the core properties with
//! the document date, properties in schema order ([`order`]), and the ZIP itself with fixed timestamps and order, so that the
//! same input and `SOURCE_DATE_EPOCH` give the same bytes.

mod body;
mod official;
mod order;
mod package;
mod styles;

use docx_rs::{Paragraph, Run};

use crate::typeset::Document;

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// A chart could not be drawn as a picture (an internal fault, not a data problem).
    #[error("Word 文档中的图“{caption}”无法生成图片：{message}")]
    Picture { caption: String, message: String },
    #[error("无法生成 Word 文档：{0}")]
    Package(String),
}

/// The document as `.docx` bytes.
pub fn write(doc: &Document) -> Result<Vec<u8>, DocxError> {
    let docx = body::docx(doc)?;
    package::pack(docx, doc)
}

/// Characters whose width Unicode leaves to the font: Word sets them in the Latin face
/// (half width) unless the run is hinted East Asian; LibreOffice reads no hint and sets
/// them in the Latin face always. A 公文 sets them full width, as the PDF does.
const AMBIGUOUS: &[char] = &['“', '”', '‘', '’', '…', '—', '·'];

/// `text` as runs in the Chinese face `face`: the characters of [`AMBIGUOUS`] in runs of
/// their own, hinted East Asian and in 宋体, full width, where the PDF takes them from
/// too (its 仿宋 and 楷体 draw quotation marks a third of an em wide, and so may a
/// machine's stand-in for 仿宋_GB2312); the rest in Times New Roman for digits and
/// Latin, and Chinese in `face` if given (otherwise the paragraph style's face).
fn runs_in(text: &str, face: Option<&str>) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let ambiguous = AMBIGUOUS.contains(&first);
        let end = rest.find(|c: char| AMBIGUOUS.contains(&c) != ambiguous).unwrap_or(rest.len());
        let (part, tail) = rest.split_at(end);
        let run = Run::new().add_text(part);
        runs.push(if ambiguous {
            run.fonts(styles::fonts(styles::SONGTI).ascii(styles::SONGTI).hi_ansi(styles::SONGTI).hint("eastAsia"))
        } else if let Some(face) = face {
            run.fonts(styles::fonts(face))
        } else {
            run
        });
        rest = tail;
    }
    runs
}

/// `text` as runs in the paragraph style's faces, each passed through `set` (bold, size …).
fn with_text(p: Paragraph, text: &str, set: impl Fn(Run) -> Run) -> Paragraph {
    runs_in(text, None).into_iter().fold(p, |p, r| p.add_run(set(r)))
}

/// `text` as runs in `face`, whatever the paragraph's style, each passed through `set`.
fn with_face(p: Paragraph, face: &str, text: &str, set: impl Fn(Run) -> Run) -> Paragraph {
    runs_in(text, Some(face)).into_iter().fold(p, |p, r| p.add_run(set(r)))
}

/// Twentieths of a point, Word's unit for lengths.
fn twips_from_mm(mm: f64) -> i32 {
    (mm / 25.4 * 1440.0).round() as i32
}

/// GB/T 9704 page geometry in twips.
mod page {
    use super::twips_from_mm;

    pub const WIDTH_MM: f64 = 210.0;
    pub const HEIGHT_MM: f64 = 297.0;
    pub const TOP_MM: f64 = 37.0;
    pub const LEFT_MM: f64 = 28.0;
    pub const TYPE_WIDTH_MM: f64 = 156.0;
    pub const TYPE_HEIGHT_MM: f64 = 225.0;
    /// The page number's dash line sits 7 mm under the type area; the footer distance is
    /// measured to the bottom of the 4号 line, about 5 mm lower.
    pub const FOOTER_MM: f64 = HEIGHT_MM - TOP_MM - TYPE_HEIGHT_MM - 7.0 - 5.0;
    pub const LINES: f64 = 22.0;
    pub const CHARS: f64 = 28.0;
    /// The body size, 3号, in points.
    pub const BODY_PT: f64 = 16.0;

    pub fn type_width() -> i32 {
        twips_from_mm(TYPE_WIDTH_MM)
    }

    /// The grid's line pitch: the type area's height over 22 lines.
    pub fn line_pitch() -> usize {
        (TYPE_HEIGHT_MM / 25.4 * 1440.0 / LINES).floor() as usize
    }

    /// Character spacing in twentieths of a point (negative: tighter) so that 28 characters
    /// of 3号 fit the type area's width (156 mm is a little under 28 × 16 pt). Offices' Word
    /// templates get the 28 from a character grid instead (`linesAndChars`, charSpace −848),
    /// but LibreOffice snaps a character wider than a grid cell to two cells and sets 14 a
    /// line; a line grid with tighter spacing gives 28 in Word, WPS and LibreOffice alike.
    /// As tight as half a character short of a 29th, never reaching it: a full line is
    /// justified to the width anyway, and the slack takes what the PDF fits into a line
    /// by squeezing punctuation (a line with a figure in it, a table cell with a （).
    pub fn tracking() -> i32 {
        let pitch = TYPE_WIDTH_MM / 25.4 * 72.0 / (CHARS + 0.5);
        ((pitch - BODY_PT) * 20.0).ceil() as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::DocDate;
    use crate::typeset::{Align, Block, Column, Cover, Meta, Table};

    fn sample(draft: bool) -> Document {
        Document {
            meta: Meta {
                title: "测试报告".into(),
                author: "示例区双拥办".into(),
                subject: "测试".into(),
                keywords: vec!["双拥".into()],
                language: "zh-CN".into(),
                date: DocDate::from_unix(1_734_652_800),
            },
            draft,
            cover: Some(Cover {
                title: "测试报告".into(),
                subtitle: None,
                office: "示例区双拥办".into(),
                date_text: "2024年12月20日".into(),
                mark: Some("内部资料".into()),
            }),
            toc: true,
            official: None,
            blocks: vec![
                Block::Title("测试报告".into()),
                Block::Heading { level: 1, text: "一、总体情况".into() },
                Block::paragraph("全年走访慰问优抚对象2,152人次。"),
                Block::Table(Table {
                    caption: Some("统计".into()),
                    columns: vec![Column::new("单位", Align::Left, 2.0), Column::new("数量", Align::Right, 1.0)],
                    rows: vec![vec!["甲街道".into(), "1,200".into()]],
                    total: Some(vec!["合计".into(), "1,200".into()]),
                    font_size: crate::typeset::size::XIAO_SI,
                    sources: Vec::new(),
                }),
            ],
            attachments: Vec::new(),
        }
    }

    #[test]
    fn writing_twice_in_one_process_gives_the_same_bytes() {
        // docx-rs numbers paragraphs with a per-thread counter: the package must not
        // depend on what was written before.
        let first = write(&sample(false)).unwrap();
        write(&sample(true)).unwrap();
        assert_eq!(first, write(&sample(false)).unwrap());
    }

    #[test]
    fn quotes_and_ellipses_are_set_full_width_in_the_chinese_face() {
        use docx_rs::BuildXML;
        let xml = |p: Paragraph| String::from_utf8(p.build()).unwrap();
        let body = xml(with_text(Paragraph::new(), "围绕“服务国防”……2024年", |r| r));
        assert_eq!(body.matches(r#"w:hint="eastAsia""#).count(), 2, "{body}");
        assert!(
            body.contains(
                r#"<w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:cs="Times New Roman" w:eastAsia="宋体" w:hint="eastAsia""#
            ),
            "{body}"
        );
        assert!(body.contains(">2024年</w:t>"), "digits stay in the style's Latin face: {body}");
        let heading = xml(with_face(Paragraph::new(), styles::HEITI, "‘三连冠’", |r| r));
        assert!(heading.contains(r#"w:eastAsia="宋体" w:hint="eastAsia""#), "{heading}");
        let header = xml(with_face(Paragraph::new(), styles::HEITI, "单位", |r| r.bold()));
        assert!(header.contains(r#"w:eastAsia="黑体""#) && !header.contains("w:hint"), "{header}");
    }

    #[test]
    fn page_set_up_gives_22_lines_of_28_characters() {
        // The line pitch Word writes for a GB/T 9704 template set up by hand.
        assert_eq!(page::line_pitch(), 579);
        let advance = page::BODY_PT + f64::from(page::tracking()) / 20.0;
        let width_pt = page::TYPE_WIDTH_MM / 25.4 * 72.0;
        assert!(28.0 * advance <= width_pt && 29.0 * advance > width_pt, "{advance}");
        // Tight enough to leave slack, not so tight that half a character more fits.
        assert!(28.5 * advance >= width_pt && 28.0 * advance < width_pt - 6.0, "{advance}");
        assert_eq!(page::type_width(), 8844);
        assert_eq!(twips_from_mm(page::TOP_MM), 2098);
    }
}
