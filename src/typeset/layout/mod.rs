//! Layout: blocks to rows, rows to pages, after GB/T 9704-2012.
//!
//! Every block becomes a list of [`Row`]s: horizontal bands of the type area with what
//! to draw in them and whether a page may break before them. Lines of text sit on the
//! 22-line grid of the type area; tables and figures take their own heights and the text
//! after them returns to the grid. The paginator fills pages row by row and, when a row
//! does not fit, breaks at the last row that allows it, which is how widows, orphans,
//! headings left at a page foot and table headers without rows are avoided.
//!
//! This driver sets the running text (titles, headings, paragraphs, notes, the signature)
//! and assembles the pages; [`table`] and [`figure`] set those blocks, [`paginate`] fills
//! pages, [`furniture`] adds what is not body text (page numbers, draft marks, cover,
//! 目录). [`items`] is what they all produce, on the page of [`geometry`].

mod figure;
mod furniture;
mod geometry;
mod items;
mod official;
mod paginate;
mod table;
mod text;

use super::error::TypesetError;
use super::glyph::Glyph;
use super::linebreak::{break_lines, Atom, LineSpec};
use super::model::*;
use super::shape::Shaper;
use furniture::{cover_page, draft_marks, page_number, toc};
use geometry::{AREA_W, CHAR_PITCH, EM_ASCENT, LINE_PITCH};
pub(crate) use geometry::{MM, PAGE_H, PAGE_W};
use items::{HeadingMark, Link, PageOut, Row};
pub(crate) use items::{Item, Laid, OutlineEntry, PathPoint, TextRun, FAUX_BOLD};
use paginate::paginate;
pub(crate) use table::full_width_cell_lines;
use text::{excerpt, natural_width, plain_atoms, role_for_heading, run_of, single_line};

/// Lays out `doc` into pages.
pub(crate) fn lay_out(doc: &Document, shaper: &Shaper<'_>) -> Result<Laid, TypesetError> {
    let mut b = Builder {
        shaper,
        rows: Vec::new(),
        table_heads: Vec::new(),
        tables: 0,
        figures: 0,
        keep_next: false,
        addressee: doc.official.as_ref(),
    };
    if let Some(form) = &doc.official {
        b.rows.extend(official::masthead(form, shaper));
    }
    for (index, block) in doc.blocks.iter().enumerate() {
        let next = doc.blocks.get(index + 1);
        b.block(index, block, next)?;
    }
    let Builder { rows, table_heads, .. } = b;
    let (mut body, placed) = paginate(&rows, &table_heads);
    let numbered = body.len();
    if let Some(form) = &doc.official {
        let last = numbered.saturating_sub(1);
        let last_bottom = rows
            .iter()
            .zip(&placed)
            .filter(|(_, (page, _))| *page == last)
            .map(|(row, (_, top))| top + row.height)
            .fold(0.0, f32::max);
        if body.is_empty() {
            body.push(PageOut::default());
        }
        official::colophon(form, &mut body, last_bottom, shaper);
    }

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
    let links = toc_links.into_iter().map(|link| Link { page: front_before_toc + link.page, ..link }).collect();

    let mut pages: Vec<PageOut> = Vec::new();
    pages.extend(cover);
    pages.extend(toc_pages);
    for (k, mut page) in body.into_iter().enumerate() {
        // Pages added for the 版记 go unnumbered.
        if k < numbered {
            page.items.push(Item::Text(page_number(k + 1, shaper)));
        }
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

struct Builder<'s, 'f> {
    shaper: &'s Shaper<'f>,
    rows: Vec<Row>,
    /// For each table, the rows repeated at the top of a page it continues on.
    table_heads: Vec<Vec<Row>>,
    tables: usize,
    figures: usize,
    /// The next row may not start a page (it follows a heading).
    keep_next: bool,
    /// The 公文 form's 主送机关, until it is set under the title.
    addressee: Option<&'s Official>,
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
                    self.addressee_line();
                }
            }
            Block::Subtitle(text) => {
                self.centered_lines(text, FontRole::Heading2, size::SAN_HAO, &format!("副标题“{}”", excerpt(text)));
                if !matches!(next, Some(Block::Title(_) | Block::Subtitle(_)) | None) {
                    self.blank_line();
                    self.addressee_line();
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
                let indent = if Block::is_attachment_mark(text) { 0.0 } else { 2.0 };
                self.text_lines(&atoms, body_spec(indent), false);
                if let Some(row) = self.rows.get_mut(first) {
                    row.heading = Some(HeadingMark { level: *level, text: text.trim().to_string(), y: 0.0 });
                }
                self.keep_next = true;
            }
            Block::Paragraph(spans) => {
                if Block::is_attachment_note(spans) {
                    self.blank_line();
                }
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

    /// The 主送机关 one blank line under the title (GB/T 9704 7.3.2), once.
    fn addressee_line(&mut self) {
        if let Some(form) = self.addressee.take() {
            for row in official::addressee(form, self.shaper) {
                self.push_row(row);
            }
        }
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
        let spec = LineSpec { width: AREA_W, first_indent: 0.0, size, grid_pitch: None, justify: false };
        let baseline = (LINE_PITCH - size) / 2.0 + EM_ASCENT * size;
        let mut first = true;
        for part in text.split(LINE_BREAK) {
            let atoms = plain_atoms(self.shaper.shape(role, part, &|| context.to_string()), false);
            for line in break_lines(&atoms, spec) {
                let x = (AREA_W - line.width) / 2.0;
                self.push_row(Row {
                    height: LINE_PITCH,
                    items: vec![Item::Text(run_of(&atoms, &line, x, baseline, size, Rgb::BLACK))],
                    grid: true,
                    break_before: std::mem::take(&mut first),
                    ..Row::default()
                });
            }
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
        let number = self.tables + usize::from(table.caption.is_some());
        let laid = table::rows(self.shaper, index, table, number, self.table_heads.len())?;
        self.tables = number;
        self.table_heads.push(laid.continued_head);
        for row in laid.rows {
            self.push_row(row);
        }
        Ok(())
    }

    fn figure(&mut self, figure: &Figure) {
        self.figures += 1;
        for row in figure::rows(self.shaper, figure, self.figures) {
            self.push_row(row);
        }
    }
}
