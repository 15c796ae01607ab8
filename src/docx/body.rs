//! The document's blocks as Word paragraphs, tables and pictures, and the page set-up.

use docx_rs::{
    AlignmentType, BreakType, Comment, DocGrid, DocGridType, Docx, FieldCharType, Footer, Header, HeaderReference,
    HeightRule, InstrPAGE, InstrPAGEREF, InstrText, InstrToC, LineSpacing, LineSpacingType, PageMargin, PageNumType,
    PageSize, Paragraph, Pic, Run, SectionProperty, Settings, Shading, ShdType, SpecialIndentType, Tab, TabLeaderType,
    TabValueType, Table, TableAlignmentType, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType,
    VMergeType, WidthType,
};

use super::{official, page, styles, twips_from_mm, with_face, with_text, DocxError};
use crate::typeset::{self, Align, Block, Cover, Document, Figure, Span, LINE_BREAK};

/// Charts are embedded at 300 dpi, the resolution offices print at.
const PICTURE_PX_PER_PT: f64 = 300.0 / 72.0;
/// English Metric Units per point (pictures are sized in EMU).
const EMU_PER_PT: f64 = 12_700.0;

/// Numbers given out while writing, so that the output does not depend on docx-rs's
/// process-wide counters.
#[derive(Default)]
struct Counters {
    table: usize,
    figure: usize,
    picture: usize,
    bookmark: usize,
    /// Comments given out, in a draft (the sources of figures).
    comment: usize,
}

pub fn docx(doc: &Document) -> Result<Docx, DocxError> {
    let mut n = Counters::default();
    let toc_keys = toc_keys(doc);
    let mut docx = set_up(Docx::new(), doc.draft);
    let front = doc.cover.is_some() || doc.toc;
    if let Some(cover) = &doc.cover {
        for p in cover_page(cover, doc.toc) {
            docx = docx.add_paragraph(p);
        }
    }
    if doc.toc {
        docx = docx.add_paragraph(styled(styles::TOC_HEADING, "目　录"));
        for p in toc(&toc_keys) {
            docx = docx.add_paragraph(p);
        }
    }
    if front {
        // Ends the unnumbered front section; the body starts on a new page at page 1.
        docx = docx.add_paragraph(Paragraph::new().section_property(front_section(doc.draft)));
    }
    if let Some(form) = &doc.official {
        for p in official::masthead(form) {
            docx = docx.add_paragraph(p);
        }
    }
    let mut addressee = doc.official.as_ref();
    let mut keys = toc_keys.iter().peekable();
    for (index, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Title(text) | Block::Subtitle(text) => {
                let style = if matches!(block, Block::Title(_)) { styles::TITLE } else { styles::SUBTITLE };
                docx = docx.add_paragraph(broken(style, text));
                // A blank line under the (last line of the) title, as in the PDF, then the
                // 主送机关 (which brings its own blank line).
                if !matches!(doc.blocks.get(index + 1), Some(Block::Title(_) | Block::Subtitle(_)) | None) {
                    let lines = match addressee.take() {
                        Some(form) => official::addressee(form),
                        None => vec![Paragraph::new().style(styles::BODY)],
                    };
                    for p in lines {
                        docx = docx.add_paragraph(p);
                    }
                }
            }
            Block::Heading { level, text } => {
                let mut p = styled(&styles::heading(*level), text).keep_next(true);
                if Block::is_attachment_mark(text) {
                    p = p.indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
                }
                // Only a document with a 目录 has keys: its level 1 and 2 headings are the
                // TOC's bookmarks, one key each, in order.
                if let Some((key, _, _)) = keys.next_if(|_| *level <= 2) {
                    n.bookmark += 1;
                    let style = styles::heading(*level);
                    let start = Paragraph::new().style(&style).keep_next(true).add_bookmark_start(n.bookmark, key);
                    p = with_text(start, text, |r| r).add_bookmark_end(n.bookmark);
                }
                docx = docx.add_paragraph(p);
            }
            Block::Paragraph(spans) => {
                if Block::is_attachment_note(spans) {
                    docx = docx.add_paragraph(Paragraph::new().style(styles::BODY));
                }
                let sources = doc.draft.then(|| Sources { first: n.comment + 1, date: doc.meta.date.utc_string() });
                n.comment += if doc.draft { spans.iter().filter(|s| s.source.is_some()).count() } else { 0 };
                docx = docx.add_paragraph(spans_paragraph(styles::BODY, spans, sources.as_ref()));
            }
            Block::Note(text) => docx = docx.add_paragraph(styled(styles::NOTE, text)),
            Block::Table(t) => {
                if let Some(caption) = &t.caption {
                    n.table += 1;
                    docx = docx.add_paragraph(caption_paragraph("表", n.table, caption).keep_next(true));
                }
                let sources = doc.draft.then(|| Sources { first: n.comment + 1, date: doc.meta.date.utc_string() });
                n.comment += if doc.draft { t.sources.len() } else { 0 };
                docx = docx.add_table(table(t, sources.as_ref())).add_paragraph(half_line());
            }
            Block::Figure(f) => {
                n.figure += 1;
                n.picture += 1;
                docx = docx
                    .add_paragraph(figure(f, n.picture)?)
                    .add_paragraph(caption_paragraph("图", n.figure, &f.caption))
                    .add_paragraph(half_line());
            }
            Block::PageBreak => docx = docx.add_paragraph(page_break()),
            Block::Signature { office, date_text } => {
                docx = docx
                    .add_paragraph(
                        styled(styles::SIGNATURE, office)
                            .line_spacing(LineSpacing::new().before_lines(100).before(page::line_pitch() as u32))
                            .keep_next(true),
                    )
                    .add_paragraph(styled(styles::SIGNATURE, date_text));
            }
        }
    }
    if let Some(form) = &doc.official {
        docx = docx.add_table(official::colophon(form)).add_paragraph(Paragraph::new());
    }
    Ok(docx)
}

/// Bookmark names for the headings the 目录 lists (levels 1 and 2, as in the PDF), with
/// their level and text, in order.
fn toc_keys(doc: &Document) -> Vec<(String, u8, String)> {
    if !doc.toc {
        return Vec::new();
    }
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, text } if *level <= 2 => Some((*level, text.clone())),
            _ => None,
        })
        .enumerate()
        .map(|(i, (level, text))| (format!("_Toc{:08}", i + 1), level, text))
        .collect()
}

fn page_size() -> PageSize {
    PageSize::new().size(twips_from_mm(page::WIDTH_MM) as u32, twips_from_mm(page::HEIGHT_MM) as u32)
}

fn page_margin() -> PageMargin {
    let top = twips_from_mm(page::TOP_MM);
    let left = twips_from_mm(page::LEFT_MM);
    PageMargin {
        top,
        left,
        bottom: twips_from_mm(page::HEIGHT_MM) - top - twips_from_mm(page::TYPE_HEIGHT_MM),
        right: twips_from_mm(page::WIDTH_MM) - left - page::type_width(),
        header: twips_from_mm(15.0),
        footer: twips_from_mm(page::FOOTER_MM),
        gutter: 0,
    }
}

fn doc_grid() -> DocGrid {
    DocGrid::new().grid_type(DocGridType::Lines).line_pitch(page::line_pitch())
}

/// A4, the GB/T 9704 margins and grid, page numbers on the outside edge (right on odd
/// pages, left on even ones) and, for a draft, 草稿 in every page's header.
fn set_up(docx: Docx, draft: bool) -> Docx {
    let mut docx = docx
        .styles(styles::styles())
        .settings(Settings::new().even_and_odd_headers())
        .page_size(twips_from_mm(page::WIDTH_MM) as u32, twips_from_mm(page::HEIGHT_MM) as u32)
        .page_margin(page_margin())
        .page_num_type(PageNumType::new().start(1))
        .footer(Footer::new().add_paragraph(page_number(true)))
        .even_footer(Footer::new().add_paragraph(page_number(false)));
    docx.document = docx.document.doc_grid(doc_grid());
    if draft {
        docx = docx
            .header(Header::new().add_paragraph(draft_mark()))
            .even_header(Header::new().add_paragraph(draft_mark()));
    }
    docx
}

/// The front section (cover and 目录): same page, no page numbers; a draft's header.
fn front_section(draft: bool) -> SectionProperty {
    let mut s = SectionProperty::new().page_size(page_size()).page_margin(page_margin()).doc_grid(doc_grid());
    if draft {
        // The body section's header parts, which docx-rs numbers in the order added.
        s.header_reference = Some(HeaderReference::new("default", "rIdHeader1"));
        s.even_header_reference = Some(HeaderReference::new("even", "rIdHeader2"));
    }
    s
}

fn draft_mark() -> Paragraph {
    Paragraph::new()
        .style(styles::HEADER)
        .align(AlignmentType::Right)
        .add_run(Run::new().add_text("草稿").fonts(styles::fonts(styles::HEITI)).size(32).color("808080"))
}

/// `— N —` in 4号 宋体, one character in from the outside edge (GB/T 9704 7.5).
fn page_number(odd: bool) -> Paragraph {
    let one_char = 14 * 20;
    let p = Paragraph::new().style(styles::FOOTER);
    let p = if odd {
        p.align(AlignmentType::Right).indent(None, None, Some(one_char), None)
    } else {
        p.align(AlignmentType::Left).indent(Some(one_char), None, None, None)
    };
    p.add_run(Run::new().add_text("— "))
        .add_run(field(InstrText::PAGE(InstrPAGE::new()), "1", false))
        .add_run(Run::new().add_text(" —"))
}

/// A complete field: `instr`, shown as `result` until Word updates it.
fn field(instr: InstrText, result: &str, dirty: bool) -> Run {
    Run::new()
        .add_field_char(FieldCharType::Begin, dirty)
        .add_instr_text(instr)
        .add_field_char(FieldCharType::Separate, false)
        .add_text(result)
        .add_field_char(FieldCharType::End, false)
}

fn styled(style: &str, text: &str) -> Paragraph {
    with_text(Paragraph::new().style(style), text, |r| r)
}

/// The half line of air the PDF leaves after a table or a figure: an empty paragraph of
/// that height, off the grid.
fn half_line() -> Paragraph {
    Paragraph::new().style(styles::NOTE).snap_to_grid(false).line_spacing(styles::exactly(
        page::line_pitch() as u32 / 2,
        0,
        0,
    ))
}

/// A title with its author's line breaks ([`LINE_BREAK`]), as the PDF sets it.
fn broken(style: &str, text: &str) -> Paragraph {
    text.split(LINE_BREAK).enumerate().fold(Paragraph::new().style(style), |p, (i, part)| {
        let p = if i == 0 { p } else { p.add_run(Run::new().add_break(BreakType::TextWrapping)) };
        with_text(p, part, |r| r)
    })
}

/// A paragraph of `spans`, each figure with a source in a comment given `sources` (a
/// draft's).
fn spans_paragraph(style: &str, spans: &[Span], sources: Option<&Sources>) -> Paragraph {
    let mut notes = sources.into_iter().flat_map(|s| {
        spans.iter().filter_map(|span| span.source.as_deref()).enumerate().map(|(k, text)| s.comment(k, text))
    });
    spans.iter().fold(Paragraph::new().style(style), |p, s| {
        let comment = s.source.as_ref().and_then(|_| notes.next());
        let id = comment.as_ref().map(Comment::id);
        let p = match comment {
            Some(c) => p.add_comment_start(c),
            None => p,
        };
        let p = with_text(p, &s.text, |r| if s.bold { r.bold() } else { r });
        match id {
            Some(id) => p.add_comment_end(id),
            None => p,
        }
    })
}

fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

/// The cover as the PDF sets it: the title a third of the way down, the office and the
/// date near the foot; then a new page unless the front section ends here.
fn cover_page(cover: &Cover, toc_follows: bool) -> Vec<Paragraph> {
    // Word reads the space in grid lines; LibreOffice only the twips, so give both.
    let lines = |n: u32| LineSpacing::new().before_lines(n * 100).before(n * page::line_pitch() as u32).after(0);
    let mut ps = Vec::new();
    // The mark takes the first line (黑体 3号, top left, as 密级 in GB/T 9704), so the
    // title keeps its place.
    let title_lines = match &cover.mark {
        Some(mark) => {
            ps.push(with_face(
                Paragraph::new().style(styles::COVER).align(AlignmentType::Left),
                styles::HEITI,
                mark,
                |r| r.size(32),
            ));
            5
        }
        None => 6,
    };
    ps.push(broken(styles::TITLE, &cover.title).line_spacing(lines(title_lines)));
    if let Some(sub) = &cover.subtitle {
        ps.push(styled(styles::SUBTITLE, sub));
    }
    ps.push(styled(styles::COVER, &cover.office).line_spacing(lines(8)));
    ps.push(styled(styles::COVER, &cover.date_text));
    if toc_follows {
        ps.push(page_break());
    }
    ps
}

/// The 目录 as a TOC field over heading levels 1–2, filled with the headings (Word
/// fills in the page numbers when it updates the field, which it is asked to on opening).
fn toc(keys: &[(String, u8, String)]) -> Vec<Paragraph> {
    let begin = Run::new()
        .add_field_char(FieldCharType::Begin, true)
        .add_instr_text(InstrText::TOC(InstrToC::new().heading_styles_range(1, 2).hyperlink()))
        .add_field_char(FieldCharType::Separate, false);
    let end = Run::new().add_field_char(FieldCharType::End, false);
    if keys.is_empty() {
        return vec![Paragraph::new().style(&styles::toc(1)).add_run(begin).add_run(end)];
    }
    let last = keys.len() - 1;
    keys.iter()
        .enumerate()
        .map(|(i, (key, level, text))| {
            let mut p = Paragraph::new().style(&styles::toc(*level)).add_tab(
                Tab::new().val(TabValueType::Right).leader(TabLeaderType::Dot).pos(page::type_width() as usize),
            );
            if i == 0 {
                p = p.add_run(begin.clone());
            }
            p = with_text(p, text, |r| r).add_run(Run::new().add_tab()).add_run(field(
                InstrText::PAGEREF(InstrPAGEREF::new(key).hyperlink()),
                "",
                false,
            ));
            if i == last {
                p = p.add_run(end.clone());
            }
            p
        })
        .collect()
}

/// `表N　caption` or `图N　caption`, the number a SEQ field so Word renumbers captions
/// and can list them.
fn caption_paragraph(label: &str, number: usize, caption: &str) -> Paragraph {
    let p = Paragraph::new().style(styles::CAPTION).add_run(Run::new().add_text(label)).add_run(field(
        InstrText::Unsupported(format!("SEQ {label} \\* ARABIC")),
        &number.to_string(),
        false,
    ));
    with_text(p, &format!("\u{3000}{caption}"), |r| r)
}

/// A table set as the PDF sets it: cells padded 0.4 of the type size left and right and
/// 0.35 above and below, lines at 1.35 times the size, the header in 黑体 repeated on every
/// page, the total row bold and shaded; rows never split, the header kept with the first
/// two rows and the last row with the total (or the last two rows together).
fn table(t: &typeset::Table, sources: Option<&Sources>) -> Table {
    let total_weight: f32 = t.columns.iter().map(|c| c.weight.max(0.0)).sum::<f32>().max(f32::EPSILON);
    let width = page::type_width() as f32;
    let widths: Vec<usize> =
        t.columns.iter().map(|c| (width * c.weight.max(0.0) / total_weight).floor() as usize).collect();
    let size_pt = f64::from(t.font_size);
    let size = (size_pt * 2.0).round() as usize;
    let pitch = styles::twips(size_pt * styles::TABLE_LINE);
    let (pad_x, pad_y) = (styles::twips(size_pt * 0.4) as usize, styles::twips(size_pt * 0.35) as usize);
    let cell = |text: &str, c: usize, align: AlignmentType, kind: RowKind, keep: bool, at: Option<(usize, usize)>| {
        let comment = sources.zip(at).and_then(|(s, at)| s.cell_comment(t, at));
        let id = comment.as_ref().map(Comment::id);
        let mut p = Paragraph::new()
            .style(styles::TABLE_TEXT)
            .align(align)
            .line_spacing(styles::exactly(pitch, 0, 0))
            .keep_next(keep);
        // The comment spans the figure: its start before the runs, its end after them.
        if let Some(c) = comment {
            p = p.add_comment_start(c);
        }
        // Where the PDF's lines of the cell are known, Word is told them.
        let share = t.columns[c].weight.max(0.0) / total_weight;
        let lines = typeset::full_width_cell_lines(text, share, t.font_size).unwrap_or_else(|| vec![text.to_string()]);
        let p = lines.iter().enumerate().fold(p, |p, (k, line)| {
            let p = if k == 0 { p } else { p.add_run(Run::new().size(size).add_break(BreakType::TextWrapping)) };
            match kind {
                RowKind::Header => with_face(p, styles::HEITI, line, |r| r.size(size)),
                RowKind::Body => with_text(p, line, |r| r.size(size)),
                RowKind::Total => with_text(p, line, |r| r.size(size).bold()),
            }
        });
        let p = match id {
            Some(id) => p.add_comment_end(id),
            None => p,
        };
        TableCell::new().width(widths[c], WidthType::Dxa).vertical_align(VAlignType::Center).add_paragraph(p)
    };
    let align = |a: Align| match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    };
    let framed = |cells: Vec<TableCell>| {
        TableRow::new(cells)
            .cant_split()
            .row_height((pitch as usize + 2 * pad_y) as f32)
            .height_rule(HeightRule::AtLeast)
    };
    let header = framed(
        t.columns
            .iter()
            .enumerate()
            .map(|(k, c)| cell(&c.header, k, AlignmentType::Center, RowKind::Header, true, None))
            .collect(),
    );
    let n = t.rows.len();
    let total = usize::from(t.total.is_some());
    // Whether a page may break before body row `r` (the PDF's rule).
    let breakable = |r: usize| r >= 2 && n - r + total >= 2;
    // A grouping column's cell is merged down over the rows of its group (empty cells).
    let row = |cells: &[String], kind: RowKind, keep: bool, r: Option<usize>| {
        framed(
            cells
                .iter()
                .zip(&t.columns)
                .enumerate()
                .map(|(k, (text, col))| {
                    let c = cell(text, k, align(col.align), kind, keep, r.map(|r| (r, k)));
                    let c = match (matches!(kind, RowKind::Body) && col.groups, text.trim().is_empty()) {
                        (true, true) => c.vertical_merge(VMergeType::Continue),
                        (true, false) => c.vertical_merge(VMergeType::Restart),
                        _ => c,
                    };
                    if matches!(kind, RowKind::Total) {
                        c.shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill("E8E8E8"))
                    } else {
                        c
                    }
                })
                .collect(),
        )
    };
    let mut rows = vec![header];
    rows.extend(t.rows.iter().enumerate().map(|(r, cells)| {
        let keep = if r + 1 < n { !breakable(r + 1) } else { total == 1 };
        row(cells, RowKind::Body, keep, Some(r))
    }));
    rows.extend(t.total.iter().map(|r| row(r, RowKind::Total, false, Some(n))));
    Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(page::type_width() as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(pad_y, pad_x, pad_y, pad_x))
}

/// A draft's comments on the figures of a table or a paragraph: the first one's id and
/// the document date.
struct Sources {
    first: usize,
    date: String,
}

impl Sources {
    /// The comment on the cell `at` (row, column) of `t`, if its figure has a source.
    fn cell_comment(&self, t: &typeset::Table, (row, column): (usize, usize)) -> Option<Comment> {
        let (k, source) = t.sources.iter().enumerate().find(|(_, s)| s.row == row && s.column == column)?;
        Some(self.comment(k, &source.text))
    }

    /// The `k`th comment (from 0) of the block: `text`, a paragraph a line.
    fn comment(&self, k: usize, text: &str) -> Comment {
        let lines = text.lines().map(|l| Paragraph::new().add_run(Run::new().add_text(l)));
        lines.fold(Comment::new(self.first + k).author("数据来源").date(&self.date), Comment::add_paragraph)
    }
}

#[derive(Clone, Copy)]
enum RowKind {
    Header,
    Body,
    Total,
}

/// The relationship id of the `n`th picture (from 1, in document order).
pub(super) fn picture_id(n: usize) -> String {
    format!("rIdImage{n}")
}

/// The chart as a centred PNG picture, scaled down to the type area's width if wider.
fn figure(f: &Figure, picture: usize) -> Result<Paragraph, DocxError> {
    let (png, (w_px, h_px)) = crate::chart::png(&f.drawing, PICTURE_PX_PER_PT)
        .map_err(|message| DocxError::Picture { caption: f.caption.clone(), message })?;
    let type_width_pt = page::TYPE_WIDTH_MM / 25.4 * 72.0;
    let scale = (type_width_pt / f64::from(f.drawing.width_pt)).min(1.0);
    let emu = |pt: f32| (f64::from(pt) * scale * EMU_PER_PT).round() as u32;
    let gap = page::line_pitch() as u32 / 4;
    let pic = Pic::new_with_dimensions(png, w_px, h_px)
        .size(emu(f.drawing.width_pt), emu(f.drawing.height_pt))
        .id(picture_id(picture));
    Ok(Paragraph::new()
        .style(styles::CAPTION)
        .keep_next(true)
        // Picture lines are as tall as the picture: no grid, a quarter line of air above
        // and below, as in the PDF.
        .snap_to_grid(false)
        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(gap).after(gap))
        .add_run(Run::new().add_image(pic)))
}
