//! Layout: blocks to rows, rows to pages, after GB/T 9704-2012.
//!
//! Every block becomes a list of [`Row`]s: horizontal bands of the type area with what
//! to draw in them and whether a page may break before them. Lines of text sit on the
//! 22-line grid of the type area; tables and figures take their own heights and the text
//! after them returns to the grid. The paginator fills pages row by row and, when a row
//! does not fit, breaks at the last row that allows it, which is how widows, orphans,
//! headings left at a page foot and table headers without rows are avoided.

use super::fonts::{FaceId, Glyph, Shaper};
use super::linebreak::{break_lines, Atom, Line, LineSpec};
use super::model::*;
use super::TypesetError;

pub(crate) const MM: f32 = 72.0 / 25.4;
pub(crate) const PAGE_W: f32 = 210.0 * MM;
pub(crate) const PAGE_H: f32 = 297.0 * MM;
/// 订口: the left margin.
pub(crate) const MARGIN_LEFT: f32 = 28.0 * MM;
/// 天头: the top margin.
pub(crate) const MARGIN_TOP: f32 = 37.0 * MM;
/// 版心: the type area.
pub(crate) const AREA_W: f32 = 156.0 * MM;
pub(crate) const AREA_H: f32 = 225.0 * MM;
pub(crate) const LINES_PER_PAGE: usize = 22;
pub(crate) const CHARS_PER_LINE: usize = 28;
pub(crate) const LINE_PITCH: f32 = AREA_H / LINES_PER_PAGE as f32;
pub(crate) const CHAR_PITCH: f32 = AREA_W / CHARS_PER_LINE as f32;
/// Height of the baseline above the bottom of the em box in CJK fonts: the ideographic
/// em box runs from -0.12 em to 0.88 em.
pub(crate) const EM_ASCENT: f32 = 0.88;
/// Page numbers: the dash line sits 7 mm below the type area (GB/T 9704 7.5).
const PAGE_NUMBER_DROP: f32 = 7.0 * MM;

const GREY_RULE: Rgb = Rgb::new(0, 0, 0);
const TOTAL_SHADE: Rgb = Rgb::new(232, 232, 232);
const WATERMARK: Rgb = Rgb::new(210, 210, 210);
const DRAFT_HEADER: Rgb = Rgb::new(110, 110, 110);
const TABLE_RULE_WIDTH: f32 = 0.6;

/// A glyph of a text run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub(crate) ch: char,
    pub(crate) face: FaceId,
    /// Offset from the run's origin along its baseline, in points.
    pub(crate) dx: f32,
    pub(crate) bold: bool,
}

/// Glyphs on one baseline in one size.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextRun {
    pub(crate) x: f32,
    pub(crate) baseline: f32,
    pub(crate) size: f32,
    pub(crate) color: Rgb,
    /// Counter-clockwise, in degrees, about (x, baseline).
    pub(crate) rotate_deg: f32,
    pub(crate) glyphs: Vec<Placed>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PathPoint {
    pub(crate) x: f32,
    pub(crate) y: f32,
    /// A Bézier control point (they come in pairs before the point they lead to).
    pub(crate) control: bool,
}

/// Something to draw. Coordinates are points, y down; within a [`Row`] relative to the
/// row's top left corner, on a [`PageOut`] relative to the page's.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Text(TextRun),
    Path { points: Vec<PathPoint>, closed: bool, fill: Option<Rgb>, stroke: Option<Stroke> },
}

impl Item {
    fn translate(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text(run) => {
                run.x += dx;
                run.baseline += dy;
            }
            Item::Path { points, .. } => {
                for p in points {
                    p.x += dx;
                    p.y += dy;
                }
            }
        }
    }

    fn rect(x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>, stroke: Option<Stroke>) -> Item {
        let p = |x, y| PathPoint { x, y, control: false };
        Item::Path { points: vec![p(x, y), p(x + w, y), p(x + w, y + h), p(x, y + h)], closed: true, fill, stroke }
    }

    fn rule(x1: f32, y1: f32, x2: f32, y2: f32, width: f32) -> Item {
        let p = |x, y| PathPoint { x, y, control: false };
        Item::Path {
            points: vec![p(x1, y1), p(x2, y2)],
            closed: false,
            fill: None,
            stroke: Some(Stroke { color: GREY_RULE, width }),
        }
    }
}

/// A heading's place, for the outline and the 目录.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeadingMark {
    pub(crate) level: u8,
    pub(crate) text: String,
    /// Top of the heading's first line: relative to its row, then to its page.
    pub(crate) y: f32,
}

/// A horizontal band of the type area.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub(crate) height: f32,
    pub(crate) items: Vec<Item>,
    /// Starts on a line of the grid.
    pub(crate) grid: bool,
    /// A page may end before this row.
    pub(crate) break_before: bool,
    /// Blank space that is dropped at the top of a page.
    pub(crate) discardable: bool,
    /// A page must end before this row.
    pub(crate) forced_break: bool,
    /// A body row of this table: after a page break the table's header is repeated.
    pub(crate) table: Option<usize>,
    pub(crate) heading: Option<HeadingMark>,
}

/// One laid-out page, coordinates relative to the page.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageOut {
    pub(crate) items: Vec<Item>,
    pub(crate) headings: Vec<HeadingMark>,
}

/// Where a PDF outline entry (and the 目录 line for it) points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutlineEntry {
    pub(crate) level: u8,
    pub(crate) title: String,
    /// 0-based index of the page in the PDF.
    pub(crate) page: usize,
    /// From the top of the page, in points.
    pub(crate) y: f32,
}

/// A clickable area (a 目录 line) leading to an outline entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub(crate) page: usize,
    /// x, y (top), width, height in page points, y down.
    pub(crate) rect: (f32, f32, f32, f32),
    pub(crate) target: usize,
}

/// The whole document laid out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Laid {
    pub(crate) pages: Vec<PageOut>,
    /// Unnumbered pages before the body (cover, 目录).
    pub(crate) front_pages: usize,
    pub(crate) cover: bool,
    pub(crate) outline: Vec<OutlineEntry>,
    pub(crate) links: Vec<Link>,
}

/// Lays out `doc` into pages.
pub(crate) fn lay_out(doc: &Document, shaper: &Shaper<'_>) -> Result<Laid, TypesetError> {
    let mut b = Builder { shaper, rows: Vec::new(), table_heads: Vec::new(), tables: 0, figures: 0, keep_next: false };
    for (index, block) in doc.blocks.iter().enumerate() {
        let next = doc.blocks.get(index + 1);
        b.block(index, block, next)?;
    }
    let Builder { rows, table_heads, .. } = b;
    let (body, _) = paginate(&rows, &table_heads);

    let cover = doc.cover.as_ref().map(|c| cover_page(c, shaper));
    let front_before_toc = usize::from(cover.is_some());
    let headings: Vec<(usize, &HeadingMark)> =
        body.iter().enumerate().flat_map(|(p, page)| page.headings.iter().map(move |a| (p, a))).collect();
    let (toc_pages, toc_links) = if doc.toc { toc(&headings, shaper) } else { (Vec::new(), Vec::new()) };
    let front_pages = front_before_toc + toc_pages.len();

    let outline: Vec<OutlineEntry> = headings
        .iter()
        .map(|(p, a)| OutlineEntry { level: a.level, title: a.text.clone(), page: front_pages + p, y: a.y })
        .collect();
    let links = toc_links
        .into_iter()
        .map(|(page, rect, target)| Link { page: front_before_toc + page, rect, target })
        .collect();

    let mut pages: Vec<PageOut> = Vec::new();
    pages.extend(cover);
    pages.extend(toc_pages);
    for (k, mut page) in body.into_iter().enumerate() {
        page.items.push(Item::Text(page_number(k + 1, shaper)));
        pages.push(page);
    }
    if pages.is_empty() {
        // A PDF has at least one page.
        pages.push(PageOut::default());
    }
    if doc.draft {
        let (mark, header) = draft_marks(shaper);
        for page in &mut pages {
            // Drawn first, so that the text lies over it.
            page.items.insert(0, Item::Text(mark.clone()));
            page.items.push(Item::Text(header.clone()));
        }
    }
    Ok(Laid { pages, front_pages, cover: doc.cover.is_some(), outline, links })
}

/// A short excerpt for messages: the first characters of `text`.
fn excerpt(text: &str) -> String {
    const MAX: usize = 16;
    let mut s: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        s.push('…');
    }
    s
}

fn role_for_heading(level: u8) -> FontRole {
    match level {
        1 => FontRole::Heading1,
        2 => FontRole::Heading2,
        _ => FontRole::Body,
    }
}

/// Glyphs to text runs: one run per line, glyph offsets from the line's x.
fn run_of(atoms: &[Atom], line: &Line, x: f32, baseline: f32, size: f32, color: Rgb) -> TextRun {
    let glyphs = atoms[line.start..line.end]
        .iter()
        .zip(&line.xs)
        .map(|(a, &dx)| Placed { ch: a.glyph.ch, face: a.glyph.face, dx, bold: a.bold })
        .collect();
    TextRun { x, baseline, size, color, rotate_deg: 0.0, glyphs }
}

fn plain_atoms(glyphs: Vec<Glyph>, bold: bool) -> Vec<Atom> {
    glyphs.into_iter().map(|glyph| Atom { glyph, bold }).collect()
}

/// Natural width of glyphs in points.
fn natural_width(glyphs: &[Glyph], size: f32) -> f32 {
    glyphs.iter().map(|g| g.advance * size).sum()
}

/// One line of text with natural spacing, starting at x = 0.
fn single_line(glyphs: &[Glyph], size: f32, bold: bool) -> Vec<Placed> {
    let mut x = 0.0;
    glyphs
        .iter()
        .map(|g| {
            let p = Placed { ch: g.ch, face: g.face, dx: x, bold };
            x += g.advance * size;
            p
        })
        .collect()
}

#[derive(Clone, Copy)]
enum HAlign {
    Left,
    Center,
    Right,
}

impl From<Align> for HAlign {
    fn from(a: Align) -> HAlign {
        match a {
            Align::Left => HAlign::Left,
            Align::Center => HAlign::Center,
            Align::Right => HAlign::Right,
        }
    }
}

/// How the cells of one table row are set.
struct CellStyle<'a> {
    widths: &'a [f32],
    aligns: &'a [HAlign],
    size: f32,
    role: FontRole,
    bold: bool,
    shade: Option<Rgb>,
}

struct Builder<'s, 'f> {
    shaper: &'s Shaper<'f>,
    rows: Vec<Row>,
    /// For each table, the rows repeated at the top of a page it continues on.
    table_heads: Vec<Vec<Row>>,
    tables: usize,
    figures: usize,
    /// The next row may not start a page (it follows a heading).
    keep_next: bool,
}

/// Body text on the grid.
fn body_spec(indent_chars: f32) -> LineSpec {
    LineSpec {
        width: AREA_W,
        first_indent: indent_chars * CHAR_PITCH,
        size: size::SAN_HAO,
        grid_pitch: Some(CHAR_PITCH),
        justify: true,
    }
}

impl Builder<'_, '_> {
    fn block(&mut self, index: usize, block: &Block, next: Option<&Block>) -> Result<(), TypesetError> {
        match block {
            Block::Title(text) => {
                self.centered_lines(text, FontRole::Title, size::ER_HAO, &format!("标题“{}”", excerpt(text)));
                if !matches!(next, Some(Block::Title(_) | Block::Subtitle(_)) | None) {
                    self.blank_line();
                }
            }
            Block::Subtitle(text) => {
                self.centered_lines(text, FontRole::Heading2, size::SAN_HAO, &format!("副标题“{}”", excerpt(text)));
                if !matches!(next, Some(Block::Title(_) | Block::Subtitle(_)) | None) {
                    self.blank_line();
                }
            }
            Block::Heading { level, text } => {
                if !(1..=4).contains(level) {
                    return Err(TypesetError::Invalid {
                        block: index + 1,
                        message: format!("标题“{}”的级别 {level} 无效，应为 1 到 4", excerpt(text)),
                    });
                }
                let context = format!("标题“{}”", excerpt(text));
                let glyphs = self.shaper.shape(role_for_heading(*level), text, &|| context.clone());
                let atoms = plain_atoms(glyphs, false);
                let first = self.rows.len();
                self.text_lines(&atoms, body_spec(2.0), false);
                if let Some(row) = self.rows.get_mut(first) {
                    row.heading = Some(HeadingMark { level: *level, text: text.trim().to_string(), y: 0.0 });
                }
                self.keep_next = true;
            }
            Block::Paragraph(spans) => {
                let text: String = spans.iter().map(|s| s.text.as_str()).collect();
                let context = format!("正文“{}”", excerpt(&text));
                let atoms: Vec<Atom> = spans
                    .iter()
                    .flat_map(|s| plain_atoms(self.shaper.shape(FontRole::Body, &s.text, &|| context.clone()), s.bold))
                    .collect();
                self.text_lines(&atoms, body_spec(2.0), true);
            }
            Block::Note(text) => {
                let context = format!("注释“{}”", excerpt(text));
                let size = size::SI_HAO;
                let atoms = plain_atoms(self.shaper.shape(FontRole::Body, text, &|| context.clone()), false);
                let spec = LineSpec { width: AREA_W, first_indent: 0.0, size, grid_pitch: None, justify: true };
                let lines = break_lines(&atoms, spec);
                let n = lines.len();
                let pitch = size * 1.5;
                for (k, line) in lines.iter().enumerate() {
                    let baseline = (pitch - size) / 2.0 + EM_ASCENT * size;
                    self.push_row(Row {
                        height: pitch,
                        items: vec![Item::Text(run_of(&atoms, line, 0.0, baseline, size, Rgb::BLACK))],
                        break_before: k == 0 || (k >= 2 && n - k >= 2),
                        ..Row::default()
                    });
                }
            }
            Block::Table(table) => self.table(index, table)?,
            Block::Figure(figure) => self.figure(figure),
            Block::PageBreak => self.push_row(Row { forced_break: true, ..Row::default() }),
            Block::Signature { office, date_text } => self.signature(office, date_text),
        }
        Ok(())
    }

    fn blank_line(&mut self) {
        self.push_row(Row { height: LINE_PITCH, grid: true, break_before: true, discardable: true, ..Row::default() });
    }

    /// Lines of `atoms` as grid rows; `split` lets a page break between them, keeping at
    /// least two lines on each side.
    fn text_lines(&mut self, atoms: &[Atom], spec: LineSpec, split: bool) {
        let lines = break_lines(atoms, spec);
        let n = lines.len();
        let baseline = EM_ASCENT * spec.size;
        for (k, line) in lines.iter().enumerate() {
            let run = run_of(atoms, line, 0.0, baseline, spec.size, Rgb::BLACK);
            self.push_row(Row {
                height: LINE_PITCH,
                items: vec![Item::Text(run)],
                grid: true,
                break_before: k == 0 || (split && k >= 2 && n - k >= 2),
                ..Row::default()
            });
        }
    }

    /// Appends a row; the first row after a heading may not start a page.
    fn push_row(&mut self, mut row: Row) {
        if std::mem::take(&mut self.keep_next) {
            row.break_before = false;
        }
        self.rows.push(row);
    }

    fn centered_lines(&mut self, text: &str, role: FontRole, size: f32, context: &str) {
        let atoms = plain_atoms(self.shaper.shape(role, text, &|| context.to_string()), false);
        let spec = LineSpec { width: AREA_W, first_indent: 0.0, size, grid_pitch: None, justify: false };
        let baseline = (LINE_PITCH - size) / 2.0 + EM_ASCENT * size;
        for (k, line) in break_lines(&atoms, spec).iter().enumerate() {
            let x = (AREA_W - line.width) / 2.0;
            self.push_row(Row {
                height: LINE_PITCH,
                items: vec![Item::Text(run_of(&atoms, line, x, baseline, size, Rgb::BLACK))],
                grid: true,
                break_before: k == 0,
                ..Row::default()
            });
        }
    }

    fn signature(&mut self, office: &str, date_text: &str) {
        let size = size::SAN_HAO;
        let context = format!("落款“{}”", excerpt(office));
        let office_g = self.shaper.shape(FontRole::Body, office, &|| context.clone());
        let date_g = self.shaper.shape(FontRole::Body, date_text, &|| context.clone());
        let date_w = natural_width(&date_g, size);
        let office_w = natural_width(&office_g, size);
        // The date ends four characters in from the right edge; the office is centred
        // over it, kept inside the type area.
        let date_x = AREA_W - 4.0 * CHAR_PITCH - date_w;
        let office_x = (date_x + date_w / 2.0 - office_w / 2.0).clamp(0.0, (AREA_W - office_w).max(0.0));
        let baseline = EM_ASCENT * size;
        let line = |x: f32, glyphs: &[Glyph]| {
            Item::Text(TextRun {
                x,
                baseline,
                size,
                color: Rgb::BLACK,
                rotate_deg: 0.0,
                glyphs: single_line(glyphs, size, false),
            })
        };
        // One blank line after the text. The rows stay together and with the text before
        // them: a page holding nothing but the signature is not allowed.
        self.push_row(Row { height: LINE_PITCH, grid: true, ..Row::default() });
        self.push_row(Row { height: LINE_PITCH, items: vec![line(office_x, &office_g)], grid: true, ..Row::default() });
        self.push_row(Row { height: LINE_PITCH, items: vec![line(date_x, &date_g)], grid: true, ..Row::default() });
    }

    fn table(&mut self, index: usize, table: &Table) -> Result<(), TypesetError> {
        let invalid = |message: String| TypesetError::Invalid { block: index + 1, message };
        let ncols = table.columns.len();
        if ncols == 0 {
            return Err(invalid("表格没有列".into()));
        }
        if let Some(c) = table.columns.iter().position(|c| !(c.weight.is_finite() && c.weight > 0.0)) {
            return Err(invalid(format!("表格第 {} 列（{}）的宽度权重应为正数", c + 1, table.columns[c].header)));
        }
        for (r, row) in table.rows.iter().enumerate().chain(table.total.iter().map(|t| (table.rows.len(), t))) {
            if row.len() != ncols {
                return Err(invalid(format!("表格第 {} 行有 {} 格，应为 {ncols} 格（与列数相同）", r + 1, row.len())));
            }
        }
        if !(table.font_size.is_finite() && table.font_size > 0.0) {
            return Err(invalid(format!("表格字号 {} 无效", table.font_size)));
        }
        if table.caption.is_some() {
            self.tables += 1;
        }
        let number = self.tables;
        let table_id = self.table_heads.len();
        let size = table.font_size;
        let total_weight: f32 = table.columns.iter().map(|c| c.weight).sum();
        let widths: Vec<f32> = table.columns.iter().map(|c| AREA_W * c.weight / total_weight).collect();
        let name = table.caption.as_deref().map(excerpt).unwrap_or_default();

        let caption_rows = |b: &mut Builder<'_, '_>, caption: &str, cont: bool| -> Vec<Row> {
            let suffix = if cont { "（续）" } else { "" };
            let text = format!("表{number}{suffix}\u{3000}{caption}");
            let context = format!("表{number}“{name}”标题");
            let atoms = plain_atoms(b.shaper.shape(FontRole::Heading1, &text, &|| context.clone()), false);
            let size = size::SI_HAO;
            let spec = LineSpec { width: AREA_W, first_indent: 0.0, size, grid_pitch: None, justify: false };
            let baseline = (LINE_PITCH - size) / 2.0 + EM_ASCENT * size;
            break_lines(&atoms, spec)
                .iter()
                .enumerate()
                .map(|(k, line)| Row {
                    height: LINE_PITCH,
                    items: vec![Item::Text(run_of(
                        &atoms,
                        line,
                        (AREA_W - line.width) / 2.0,
                        baseline,
                        size,
                        Rgb::BLACK,
                    ))],
                    grid: k == 0,
                    break_before: k == 0,
                    ..Row::default()
                })
                .collect()
        };

        let headers: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
        let header_aligns = vec![HAlign::Center; ncols];
        let head_style = CellStyle {
            widths: &widths,
            aligns: &header_aligns,
            size,
            role: FontRole::Heading1,
            bold: false,
            shade: None,
        };
        let header = self.table_row(&headers, &head_style, &|c| format!("表{number}“{name}”表头第 {} 列", c + 1));
        let aligns: Vec<HAlign> = table.columns.iter().map(|c| c.align.into()).collect();
        let body_style =
            CellStyle { widths: &widths, aligns: &aligns, size, role: FontRole::Body, bold: false, shade: None };
        let total_style = CellStyle { bold: true, shade: Some(TOTAL_SHADE), ..body_style };

        // Caption, header and the first two rows stay together; the total stays with the
        // row before it. A table without a caption has no number line.
        let (mut head_rows, mut cont) = match &table.caption {
            Some(c) => (caption_rows(self, c, false), caption_rows(self, c, true)),
            None => (Vec::new(), Vec::new()),
        };
        head_rows.extend(header.iter().cloned());
        cont.extend(header);
        for (k, r) in head_rows.iter_mut().enumerate() {
            r.break_before = k == 0;
        }
        for r in cont.iter_mut() {
            r.break_before = false;
        }
        for row in head_rows {
            self.push_row(row);
        }
        self.table_heads.push(cont);

        for (r, cells) in table.rows.iter().enumerate() {
            let pieces =
                self.table_row(cells, &body_style, &|c| format!("表{number}“{name}”第 {} 行第 {} 列", r + 1, c + 1));
            // At least two rows under the header before a page break and two (or the
            // last row and the total) after it.
            let after = table.rows.len() - r + usize::from(table.total.is_some());
            for (k, mut row) in pieces.into_iter().enumerate() {
                if k == 0 {
                    row.break_before = r >= 2 && after >= 2;
                }
                row.table = Some(table_id);
                self.push_row(row);
            }
        }
        if let Some(total) = &table.total {
            let pieces = self.table_row(total, &total_style, &|c| format!("表{number}“{name}”合计行第 {} 列", c + 1));
            for (k, mut row) in pieces.into_iter().enumerate() {
                row.break_before = k > 0;
                row.table = Some(table_id);
                self.push_row(row);
            }
        }
        // Half a line of air before the text resumes on the grid.
        self.push_row(Row { height: LINE_PITCH / 2.0, break_before: true, discardable: true, ..Row::default() });
        Ok(())
    }

    /// One ruled table row: cells wrap within their column and are centred vertically.
    /// A row taller than half a page is cut into pieces that may go on different pages.
    fn table_row(&self, cells: &[String], style: &CellStyle<'_>, context: &dyn Fn(usize) -> String) -> Vec<Row> {
        let size = style.size;
        let pad_x = 0.4 * size;
        let pad_y = 0.35 * size;
        let pitch = 1.35 * size;
        let mut cell_lines = Vec::with_capacity(cells.len());
        for (c, text) in cells.iter().enumerate() {
            let atoms = plain_atoms(self.shaper.shape(style.role, text, &|| context(c)), style.bold);
            let spec = LineSpec {
                width: (style.widths[c] - 2.0 * pad_x).max(size),
                first_indent: 0.0,
                size,
                grid_pitch: None,
                justify: false,
            };
            let lines = break_lines(&atoms, spec);
            cell_lines.push((atoms, lines));
        }
        let max_lines = cell_lines.iter().map(|(_, l)| l.len()).max().unwrap_or(0).max(1);
        let per_piece = (((AREA_H / 2.0 - 2.0 * pad_y) / pitch).floor() as usize).max(1);
        let pieces = max_lines.div_ceil(per_piece);
        (0..pieces)
            .map(|piece| {
                let from = piece * per_piece;
                let piece_lines = (max_lines - from).min(per_piece);
                let height = piece_lines as f32 * pitch + 2.0 * pad_y;
                let mut items = Vec::new();
                if let Some(color) = style.shade {
                    items.push(Item::rect(0.0, 0.0, AREA_W, height, Some(color), None));
                }
                let mut x = 0.0;
                for (c, (atoms, lines)) in cell_lines.iter().enumerate() {
                    let w = style.widths[c];
                    let shown = lines.iter().skip(from).take(per_piece);
                    let count = shown.clone().count();
                    let top = (height - count as f32 * pitch) / 2.0;
                    for (k, line) in shown.enumerate() {
                        let inner = w - 2.0 * pad_x;
                        let lx = match style.aligns[c] {
                            HAlign::Left => 0.0,
                            HAlign::Center => (inner - line.width) / 2.0,
                            HAlign::Right => inner - line.width,
                        };
                        let baseline = top + k as f32 * pitch + (pitch - size) / 2.0 + EM_ASCENT * size;
                        items.push(Item::Text(run_of(
                            atoms,
                            line,
                            x + pad_x + lx.max(0.0),
                            baseline,
                            size,
                            Rgb::BLACK,
                        )));
                    }
                    x += w;
                }
                // Rules: top and bottom of the row and every column edge.
                items.push(Item::rule(0.0, 0.0, AREA_W, 0.0, TABLE_RULE_WIDTH));
                items.push(Item::rule(0.0, height, AREA_W, height, TABLE_RULE_WIDTH));
                items.push(Item::rule(0.0, 0.0, 0.0, height, TABLE_RULE_WIDTH));
                let mut x = 0.0;
                for w in style.widths {
                    x += w;
                    items.push(Item::rule(x, 0.0, x, height, TABLE_RULE_WIDTH));
                }
                Row { height, items, break_before: piece > 0, ..Row::default() }
            })
            .collect()
    }

    fn figure(&mut self, figure: &Figure) {
        self.figures += 1;
        let number = self.figures;
        let d = &figure.drawing;
        let caption_size = size::SI_HAO;
        let gap = 0.25 * LINE_PITCH;
        let max_h = AREA_H - LINE_PITCH - 2.0 * gap;
        let size_or_1 = |v: f32| if v.is_finite() { v.max(1.0) } else { 1.0 };
        let (w, h) = (size_or_1(d.width_pt), size_or_1(d.height_pt));
        let scale = (AREA_W / w).min(max_h / h).min(1.0);
        let x0 = (AREA_W - w * scale) / 2.0;
        let context_base = format!("图{number}“{}”", excerpt(&figure.caption));
        let mut items = Vec::new();
        for shape in &d.items {
            self.shape(shape, x0, gap, scale, &context_base, &mut items);
        }
        self.push_row(Row { height: h * scale + 2.0 * gap, items, break_before: true, ..Row::default() });

        let text = format!("图{number}\u{3000}{}", figure.caption);
        let atoms = plain_atoms(self.shaper.shape(FontRole::Heading1, &text, &|| context_base.clone()), false);
        let spec = LineSpec { width: AREA_W, first_indent: 0.0, size: caption_size, grid_pitch: None, justify: false };
        let baseline = (LINE_PITCH - caption_size) / 2.0 + EM_ASCENT * caption_size;
        for line in break_lines(&atoms, spec) {
            self.push_row(Row {
                height: LINE_PITCH,
                items: vec![Item::Text(run_of(
                    &atoms,
                    &line,
                    (AREA_W - line.width) / 2.0,
                    baseline,
                    caption_size,
                    Rgb::BLACK,
                ))],
                ..Row::default()
            });
        }
        self.push_row(Row { height: LINE_PITCH / 2.0, break_before: true, discardable: true, ..Row::default() });
    }

    /// A drawing's shape as items, scaled by `s` and moved by (x0, y0).
    fn shape(&self, shape: &Shape, x0: f32, y0: f32, s: f32, context: &str, out: &mut Vec<Item>) {
        // A shape with a NaN or infinite number in it would corrupt the page: leave it out.
        if !shape_is_finite(shape) {
            return;
        }
        let pt = |x: f32, y: f32| PathPoint { x: x0 + s * x, y: y0 + s * y, control: false };
        let scaled = |st: &Option<Stroke>| st.map(|st| Stroke { color: st.color, width: st.width * s });
        match shape {
            Shape::Line { points, stroke } => {
                if points.len() >= 2 {
                    out.push(Item::Path {
                        points: points.iter().map(|&(x, y)| pt(x, y)).collect(),
                        closed: false,
                        fill: None,
                        stroke: scaled(&Some(*stroke)),
                    });
                }
            }
            Shape::Rect { x, y, w, h, fill, stroke } => {
                let mut r = Item::rect(0.0, 0.0, w * s, h * s, *fill, scaled(stroke));
                r.translate(x0 + s * x, y0 + s * y);
                out.push(r);
            }
            Shape::Polygon { points, fill, stroke } => {
                if points.len() >= 2 {
                    out.push(Item::Path {
                        points: points.iter().map(|&(x, y)| pt(x, y)).collect(),
                        closed: true,
                        fill: *fill,
                        stroke: scaled(stroke),
                    });
                }
            }
            Shape::Circle { cx, cy, r, fill, stroke } => {
                // Four cubic arcs; k is the usual control distance for a quarter circle.
                let k = 0.552_284_8 * r;
                let (cx, cy, r) = (*cx, *cy, *r);
                let c = |x: f32, y: f32| PathPoint { control: true, ..pt(x, y) };
                let points = vec![
                    pt(cx + r, cy),
                    c(cx + r, cy + k),
                    c(cx + k, cy + r),
                    pt(cx, cy + r),
                    c(cx - k, cy + r),
                    c(cx - r, cy + k),
                    pt(cx - r, cy),
                    c(cx - r, cy - k),
                    c(cx - k, cy - r),
                    pt(cx, cy - r),
                    c(cx + k, cy - r),
                    c(cx + r, cy - k),
                    pt(cx + r, cy),
                ];
                out.push(Item::Path { points, closed: true, fill: *fill, stroke: scaled(stroke) });
            }
            Shape::Text { x, y, text, size_pt, role, anchor, baseline, rotate_deg, color } => {
                let size = size_pt * s;
                let ctx = format!("{context}中的文字“{}”", excerpt(text));
                let glyphs = self.shaper.shape(*role, text, &|| ctx.clone());
                let w = natural_width(&glyphs, size);
                // The anchor point lies `a` along the baseline from the run's origin and
                // `h` above it.
                let a = match anchor {
                    Anchor::Start => 0.0,
                    Anchor::Middle => w / 2.0,
                    Anchor::End => w,
                };
                let h = match baseline {
                    Baseline::Top => EM_ASCENT * size,
                    Baseline::Middle => (EM_ASCENT - 0.5) * size,
                    Baseline::Bottom => (EM_ASCENT - 1.0) * size,
                    Baseline::Alphabetic => 0.0,
                };
                let (ox, oy) = rotated_origin(x0 + s * x, y0 + s * y, a, h, *rotate_deg);
                out.push(Item::Text(TextRun {
                    x: ox,
                    baseline: oy,
                    size,
                    color: *color,
                    rotate_deg: *rotate_deg,
                    glyphs: single_line(&glyphs, size, false),
                }));
            }
        }
    }
}

fn shape_is_finite(shape: &Shape) -> bool {
    let points_ok = |ps: &[(f32, f32)]| ps.iter().all(|(x, y)| x.is_finite() && y.is_finite());
    let stroke_ok = |s: &Option<Stroke>| s.is_none_or(|s| s.width.is_finite() && s.width >= 0.0);
    match shape {
        Shape::Line { points, stroke } => points_ok(points) && stroke_ok(&Some(*stroke)),
        Shape::Rect { x, y, w, h, stroke, .. } => [x, y, w, h].iter().all(|v| v.is_finite()) && stroke_ok(stroke),
        Shape::Polygon { points, stroke, .. } => points_ok(points) && stroke_ok(stroke),
        Shape::Circle { cx, cy, r, stroke, .. } => {
            [cx, cy, r].iter().all(|v| v.is_finite()) && *r >= 0.0 && stroke_ok(stroke)
        }
        Shape::Text { x, y, size_pt, rotate_deg, .. } => {
            [x, y, size_pt, rotate_deg].iter().all(|v| v.is_finite()) && *size_pt > 0.0
        }
    }
}

/// Fills pages with rows (see the module documentation). Also returns where each row
/// went: (page, top within the type area).
pub(crate) fn paginate(rows: &[Row], table_heads: &[Vec<Row>]) -> (Vec<PageOut>, Vec<(usize, f32)>) {
    const EPS: f32 = 0.01;
    #[derive(Clone, Copy)]
    enum Src {
        Body(usize),
        Head(usize, usize),
    }
    let get = |src: Src| match src {
        Src::Body(i) => &rows[i],
        Src::Head(t, k) => &table_heads[t][k],
    };
    let snap = |y: f32| (((y - EPS) / LINE_PITCH).ceil().max(0.0)) * LINE_PITCH;

    let mut pages = Vec::new();
    let mut placed = vec![(0, 0.0); rows.len()];
    let mut cur: Vec<(Src, f32)> = Vec::new();
    let mut y = 0.0f32;
    let flush = |cur: &mut Vec<(Src, f32)>, pages: &mut Vec<PageOut>, placed: &mut Vec<(usize, f32)>| {
        let mut page = PageOut::default();
        for &(src, top) in cur.iter() {
            if let Src::Body(i) = src {
                placed[i] = (pages.len(), top);
            }
            let row = get(src);
            for item in &row.items {
                let mut item = item.clone();
                item.translate(MARGIN_LEFT, MARGIN_TOP + top);
                page.items.push(item);
            }
            if let Some(a) = &row.heading {
                page.headings.push(HeadingMark { y: MARGIN_TOP + top + a.y, ..a.clone() });
            }
        }
        pages.push(page);
        cur.clear();
    };
    let has_body = |cur: &[(Src, f32)]| cur.iter().any(|(s, _)| matches!(s, Src::Body(_)));

    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        if row.forced_break {
            if has_body(&cur) {
                flush(&mut cur, &mut pages, &mut placed);
                y = 0.0;
            }
            i += 1;
            continue;
        }
        if !has_body(&cur) {
            if row.discardable {
                i += 1;
                continue;
            }
            if cur.is_empty() {
                if let Some(t) = row.table {
                    for (k, head) in table_heads[t].iter().enumerate() {
                        let top = if head.grid { snap(y) } else { y };
                        cur.push((Src::Head(t, k), top));
                        y = top + head.height;
                    }
                }
            }
        }
        let top = if row.grid { snap(y) } else { y };
        if top + row.height <= AREA_H + EPS || !has_body(&cur) {
            cur.push((Src::Body(i), top));
            y = top + row.height;
            i += 1;
            continue;
        }
        // The row does not fit: end the page at the last place that allows it.
        if !row.break_before {
            let first_body = cur.iter().position(|(s, _)| matches!(s, Src::Body(_))).unwrap_or(0);
            let back = (first_body + 1..cur.len()).rev().find_map(|j| match cur[j].0 {
                Src::Body(k) if rows[k].break_before => Some((j, k)),
                _ => None,
            });
            if let Some((j, k)) = back {
                cur.truncate(j);
                i = k;
            }
            // Else nothing allows a break on this page: break here all the same.
        }
        flush(&mut cur, &mut pages, &mut placed);
        y = 0.0;
    }
    if has_body(&cur) {
        flush(&mut cur, &mut pages, &mut placed);
    }
    (pages, placed)
}

/// The origin of a text run rotated `deg` counter-clockwise whose point `a` along the
/// baseline and `h` above it is to land on (px, py). On the page (y down) the baseline
/// runs along (cos, -sin) and "up" is (-sin, -cos).
fn rotated_origin(px: f32, py: f32, a: f32, h: f32, deg: f32) -> (f32, f32) {
    let (sin, cos) = deg.to_radians().sin_cos();
    (px - a * cos + h * sin, py + a * sin + h * cos)
}

fn page_number(n: usize, shaper: &Shaper<'_>) -> TextRun {
    let size = size::SI_HAO;
    let text = format!("— {n} —");
    let glyphs = shaper.shape(FontRole::PageNumber, &text, &|| "页码".to_string());
    let w = natural_width(&glyphs, size);
    // Odd pages on the right, even on the left, one character in from the type area.
    let x = if n % 2 == 1 { MARGIN_LEFT + AREA_W - size - w } else { MARGIN_LEFT + size };
    // The dash is drawn at about a third of the em above the baseline.
    let baseline = MARGIN_TOP + AREA_H + PAGE_NUMBER_DROP + 0.3 * size;
    TextRun { x, baseline, size, color: Rgb::BLACK, rotate_deg: 0.0, glyphs: single_line(&glyphs, size, false) }
}

/// 草稿 twice: large and light along the page diagonal, and small in the top margin
/// (which is also what text extraction finds, rotated text coming out in pieces).
fn draft_marks(shaper: &Shaper<'_>) -> (TextRun, TextRun) {
    let glyphs = shaper.shape(FontRole::Heading1, "草稿", &|| "草稿标记".to_string());
    let size = 120.0;
    let w = natural_width(&glyphs, size);
    let angle = (PAGE_H / PAGE_W).atan().to_degrees();
    let (x, y) = rotated_origin(PAGE_W / 2.0, PAGE_H / 2.0, w / 2.0, (EM_ASCENT - 0.5) * size, angle);
    let mark = TextRun {
        x,
        baseline: y,
        size,
        color: WATERMARK,
        rotate_deg: angle,
        glyphs: single_line(&glyphs, size, false),
    };
    let size = size::SI_HAO;
    let header = TextRun {
        x: MARGIN_LEFT + AREA_W - natural_width(&glyphs, size),
        baseline: MARGIN_TOP - 10.0 * MM,
        size,
        color: DRAFT_HEADER,
        rotate_deg: 0.0,
        glyphs: single_line(&glyphs, size, false),
    };
    (mark, header)
}

fn cover_page(cover: &Cover, shaper: &Shaper<'_>) -> PageOut {
    let mut page = PageOut::default();
    let mut centred = |text: &str, role: FontRole, size: f32, first_line: usize, context: &str| {
        let atoms = plain_atoms(shaper.shape(role, text, &|| context.to_string()), false);
        let spec = LineSpec { width: AREA_W, first_indent: 0.0, size, grid_pitch: None, justify: false };
        let pitch = (size * 1.5).max(LINE_PITCH);
        for (k, line) in break_lines(&atoms, spec).iter().enumerate() {
            let top = MARGIN_TOP + first_line as f32 * LINE_PITCH + k as f32 * pitch;
            let baseline = top + (pitch - size) / 2.0 + EM_ASCENT * size;
            let x = MARGIN_LEFT + (AREA_W - line.width) / 2.0;
            page.items.push(Item::Text(run_of(&atoms, line, x, baseline, size, Rgb::BLACK)));
        }
    };
    centred(&cover.title, FontRole::Title, size::YI_HAO, 5, "封面标题");
    if let Some(sub) = &cover.subtitle {
        centred(sub, FontRole::Heading2, size::SAN_HAO, 10, "封面副标题");
    }
    centred(&cover.office, FontRole::Body, size::SAN_HAO, 17, "封面署名");
    centred(&cover.date_text, FontRole::Body, size::SAN_HAO, 18, "封面日期");
    page
}

/// The 目录 pages, and the links from their lines: (toc page, rect, outline index).
fn toc(
    headings: &[(usize, &HeadingMark)],
    shaper: &Shaper<'_>,
) -> (Vec<PageOut>, Vec<(usize, (f32, f32, f32, f32), usize)>) {
    let size = size::SAN_HAO;
    let mut rows: Vec<Row> = Vec::new();
    let title = plain_atoms(shaper.shape(FontRole::Title, "目\u{3000}录", &|| "目录标题".to_string()), false);
    let tsize = size::ER_HAO;
    let spec = LineSpec { width: AREA_W, first_indent: 0.0, size: tsize, grid_pitch: None, justify: false };
    for line in break_lines(&title, spec) {
        let baseline = (LINE_PITCH - tsize) / 2.0 + EM_ASCENT * tsize;
        rows.push(Row {
            height: LINE_PITCH,
            items: vec![Item::Text(run_of(&title, &line, (AREA_W - line.width) / 2.0, baseline, tsize, Rgb::BLACK))],
            grid: true,
            ..Row::default()
        });
    }
    rows.push(Row { height: LINE_PITCH, grid: true, ..Row::default() });

    // Which rows belong to which entry, to make the links.
    let mut entry_rows: Vec<(usize, usize, usize, f32)> = Vec::new(); // (outline index, first row, rows, indent)
    let dot = shaper.shape(FontRole::Body, ".", &|| "目录".to_string());
    let dot_step = 0.5 * size;
    for (target, (page, heading)) in headings.iter().enumerate() {
        if heading.level > 2 {
            continue;
        }
        let indent = if heading.level == 2 { 2.0 * CHAR_PITCH } else { 0.0 };
        let number = (page + 1).to_string();
        let num_g = shaper.shape(FontRole::Body, &number, &|| "目录".to_string());
        let num_w = natural_width(&num_g, size);
        let context = format!("目录“{}”", excerpt(&heading.text));
        let atoms =
            plain_atoms(shaper.shape(role_for_heading(heading.level), &heading.text, &|| context.clone()), false);
        // Room on the right for the leader and the page number.
        let spec = LineSpec {
            width: AREA_W - indent - 3.0 * CHAR_PITCH,
            first_indent: 0.0,
            size,
            grid_pitch: Some(CHAR_PITCH),
            justify: false,
        };
        let lines = break_lines(&atoms, spec);
        let first = rows.len();
        let baseline = EM_ASCENT * size;
        let n = lines.len();
        for (k, line) in lines.iter().enumerate() {
            let mut items = vec![Item::Text(run_of(&atoms, line, indent, baseline, size, Rgb::BLACK))];
            if k + 1 == n {
                // Dots on a fixed step from the left edge, so leaders line up down the
                // page; drawn before the number so that text extraction reads in order.
                let num_x = AREA_W - num_w;
                let from = indent + line.width + 0.5 * size;
                let to = num_x - 0.5 * size;
                let mut dots = Vec::new();
                let mut dx = (from / dot_step).ceil() * dot_step;
                while dx + dot_step <= to {
                    if let Some(g) = dot.first() {
                        dots.push(Placed { ch: g.ch, face: g.face, dx, bold: false });
                    }
                    dx += dot_step;
                }
                if !dots.is_empty() {
                    items.push(Item::Text(TextRun {
                        x: 0.0,
                        baseline,
                        size,
                        color: Rgb::BLACK,
                        rotate_deg: 0.0,
                        glyphs: dots,
                    }));
                }
                items.push(Item::Text(TextRun {
                    x: num_x,
                    baseline,
                    size,
                    color: Rgb::BLACK,
                    rotate_deg: 0.0,
                    glyphs: single_line(&num_g, size, false),
                }));
            }
            rows.push(Row { height: LINE_PITCH, items, grid: true, break_before: k == 0, ..Row::default() });
        }
        entry_rows.push((target, first, n, indent));
    }

    let (pages, placed) = paginate(&rows, &[]);
    let links = entry_rows
        .into_iter()
        .map(|(target, first, n, indent)| {
            let (page, top) = placed[first];
            (page, (MARGIN_LEFT + indent, MARGIN_TOP + top, AREA_W - indent, n as f32 * LINE_PITCH), target)
        })
        .collect();
    (pages, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_row(break_before: bool) -> Row {
        Row { height: LINE_PITCH, grid: true, break_before, ..Row::default() }
    }

    /// A paragraph of `n` lines as the builder makes it.
    fn paragraph(n: usize) -> Vec<Row> {
        (0..n).map(|k| line_row(k == 0 || (k >= 2 && n - k >= 2))).collect()
    }

    fn lines_per_page(pages: &[PageOut]) -> Vec<usize> {
        pages.iter().map(|p| p.items.len()).collect()
    }

    fn with_marks(rows: Vec<Row>) -> Vec<Row> {
        // One item per row, to count rows per page.
        rows.into_iter()
            .map(|mut r| {
                r.items = vec![Item::rule(0.0, 0.0, 1.0, 0.0, 1.0)];
                r
            })
            .collect()
    }

    #[test]
    fn twenty_two_lines_a_page() {
        let (pages, _) = paginate(&with_marks(paragraph(50)), &[]);
        assert_eq!(lines_per_page(&pages), vec![22, 22, 6]);
    }

    #[test]
    fn no_widow_or_orphan_lines() {
        // 21 lines of one paragraph, then a 3-line paragraph: its first line alone at the
        // foot of page 1 would be an orphan, so all three go to page 2.
        let mut rows = paragraph(21);
        rows.extend(paragraph(3));
        assert_eq!(lines_per_page(&paginate(&with_marks(rows), &[]).0), vec![21, 3]);

        // 20 lines, then a 5-line paragraph: two lines fit, three follow.
        let mut rows = paragraph(20);
        rows.extend(paragraph(5));
        assert_eq!(lines_per_page(&paginate(&with_marks(rows), &[]).0), vec![22, 3]);

        // 19 lines, then a 4-line paragraph: 3 would fit, leaving a widow; 2 go over.
        let mut rows = paragraph(19);
        rows.extend(paragraph(4));
        assert_eq!(lines_per_page(&paginate(&with_marks(rows), &[]).0), vec![21, 2]);
    }

    #[test]
    fn headings_keep_with_the_first_two_lines_after_them() {
        // 20 lines, a heading, a 6-line paragraph: the heading would sit on line 21 with
        // one line after it; it moves to page 2 with the paragraph.
        let mut rows = paragraph(20);
        let mut heading = line_row(true);
        heading.heading = Some(HeadingMark { level: 1, text: "一、".into(), y: 0.0 });
        rows.push(heading);
        let mut para = paragraph(6);
        para[0].break_before = false; // what keep_with_next does
        rows.extend(para);
        let (pages, _) = paginate(&with_marks(rows), &[]);
        assert_eq!(lines_per_page(&pages), vec![20, 7]);
        assert_eq!(pages[1].headings.len(), 1);
        assert!((pages[1].headings[0].y - MARGIN_TOP).abs() < 0.01);
    }

    #[test]
    fn table_header_repeats_after_a_page_break() {
        let head = Row { height: 30.0, items: vec![Item::rule(0.0, 0.0, 1.0, 0.0, 1.0)], ..Row::default() };
        let mut rows = paragraph(10);
        let mut caption = line_row(true);
        caption.items = vec![Item::rule(0.0, 0.0, 1.0, 0.0, 1.0)];
        rows.push(caption);
        let mut header = head.clone();
        header.break_before = false;
        rows.push(header);
        for r in 0..30 {
            rows.push(Row {
                height: 30.0,
                break_before: r > 0,
                table: Some(0),
                items: vec![Item::rule(0.0, 0.0, 1.0, 0.0, 1.0)],
                ..Row::default()
            });
        }
        let rows = with_marks(rows);
        let (pages, _) = paginate(&rows, &[vec![head]]);
        assert!(pages.len() >= 2);
        // Page 2 starts with the repeated header: it holds one row more than the data
        // rows that fit below it.
        let per_page = lines_per_page(&pages);
        let data_rows: usize = per_page.iter().sum::<usize>() - 10 - 2 - (pages.len() - 1);
        assert_eq!(data_rows, 30);
        for page in &pages[1..] {
            assert!(page.items.len() >= 2);
        }
    }

    #[test]
    fn forced_breaks_and_blank_space_at_page_tops() {
        let mut rows = paragraph(3);
        rows.push(Row { forced_break: true, ..Row::default() });
        rows.push(Row { height: LINE_PITCH, grid: true, discardable: true, break_before: true, ..Row::default() });
        rows.extend(paragraph(2));
        let (pages, _) = paginate(&with_marks(rows), &[]);
        assert_eq!(pages.len(), 2);
        // The blank line was dropped: page 2's first line is at the top of the type area.
        match &pages[1].items[0] {
            Item::Path { points, .. } => assert!((points[0].y - MARGIN_TOP).abs() < 0.01),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn page_numbers_right_on_odd_pages_left_on_even() {
        let set = super::super::FontSet::bundled().unwrap().system_fallback(false);
        let shaper = Shaper::new(&set);
        for n in [1, 2, 9, 10, 11, 128] {
            let run = page_number(n, &shaper);
            let text: String = run.glyphs.iter().map(|g| g.ch).collect();
            assert_eq!(text, format!("— {n} —"));
            let end = run.x + natural_width(&shaper.shape(FontRole::PageNumber, &text, &String::new), run.size);
            if n % 2 == 1 {
                assert!((end - (MARGIN_LEFT + AREA_W - size::SI_HAO)).abs() < 0.01, "page {n} ends at {end}");
            } else {
                assert!((run.x - (MARGIN_LEFT + size::SI_HAO)).abs() < 0.01, "page {n} starts at {}", run.x);
            }
            // 7 mm below the type area, give or take the dash's height in the em.
            let below = run.baseline - 0.3 * run.size - (MARGIN_TOP + AREA_H);
            assert!((below - 7.0 * MM).abs() < 0.01);
        }
    }

    #[test]
    fn grid_geometry() {
        assert!((LINE_PITCH - 28.9907).abs() < 0.001, "{LINE_PITCH}");
        assert!((CHAR_PITCH - 15.7931).abs() < 0.001, "{CHAR_PITCH}");
        assert!((MARGIN_LEFT - 79.3701).abs() < 0.001);
    }
}
