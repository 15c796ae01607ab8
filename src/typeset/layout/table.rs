//! Tables: a caption line, a header repeated on every page the table runs on, ruled rows
//! whose cells wrap within their columns, and an optional shaded total row. A column that
//! names groups of rows names the current group again on a page the table continues on.

use super::geometry::{AREA_H, AREA_W, EM_ASCENT, LINE_PITCH};
use super::items::{Item, Row};
use super::text::{excerpt, plain_atoms, run_of};
use crate::typeset::error::TypesetError;
use crate::typeset::glyph::{is_cjk, Glyph};
use crate::typeset::linebreak::{break_lines, Atom, Line, LineSpec};
use crate::typeset::model::{size, Align, FontRole, Rgb, Table};
use crate::typeset::shape::Shaper;

const TOTAL_SHADE: Rgb = Rgb::new(232, 232, 232);
const TABLE_RULE_WIDTH: f32 = 0.6;
/// A cell's padding left and right, in em of the table's type size.
const PAD_X: f32 = 0.4;

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

/// A table as rows.
pub(super) struct TableRows {
    /// Caption, header, body and total rows, then the space after the table.
    pub(super) rows: Vec<Row>,
    /// What a page the table continues on starts with: the caption marked （续） and the
    /// header.
    pub(super) continued_head: Vec<Row>,
}

/// The rows of `table` (block `index`), captioned as table `number`, its body rows
/// marked as table `table_id` so that the paginator repeats the header.
pub(super) fn rows(
    shaper: &Shaper<'_>,
    index: usize,
    table: &Table,
    number: usize,
    table_id: usize,
) -> Result<TableRows, TypesetError> {
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
    let size = table.font_size;
    let total_weight: f32 = table.columns.iter().map(|c| c.weight).sum();
    let widths: Vec<f32> = table.columns.iter().map(|c| AREA_W * c.weight / total_weight).collect();
    let name = table.caption.as_deref().map(excerpt).unwrap_or_default();

    let caption_rows = |caption: &str, cont: bool| -> Vec<Row> {
        let suffix = if cont { "（续）" } else { "" };
        let text = format!("表{number}{suffix}\u{3000}{caption}");
        let context = format!("表{number}“{name}”标题");
        let atoms = plain_atoms(shaper.shape(FontRole::Heading1, &text, &|| context.clone()), false);
        let size = size::SI_HAO;
        let spec = LineSpec { width: AREA_W, first_indent: 0.0, size, grid_pitch: None, justify: false };
        let baseline = (LINE_PITCH - size) / 2.0 + EM_ASCENT * size;
        break_lines(&atoms, spec)
            .iter()
            .enumerate()
            .map(|(k, line)| Row {
                height: LINE_PITCH,
                items: vec![Item::Text(run_of(&atoms, line, (AREA_W - line.width) / 2.0, baseline, size, Rgb::BLACK))],
                grid: k == 0,
                break_before: k == 0,
                ..Row::default()
            })
            .collect()
    };

    let headers: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
    let header_aligns = vec![HAlign::Center; ncols];
    let head_style =
        CellStyle { widths: &widths, aligns: &header_aligns, size, role: FontRole::Heading1, bold: false, shade: None };
    let ruled = Rules { above: vec![false; ncols], below: vec![false; ncols] };
    let header =
        table_row(shaper, &headers, &head_style, &ruled, &|c| format!("表{number}“{name}”表头第 {} 列", c + 1));
    let aligns: Vec<HAlign> = table.columns.iter().map(|c| c.align.into()).collect();
    let body_style =
        CellStyle { widths: &widths, aligns: &aligns, size, role: FontRole::Body, bold: false, shade: None };
    let total_style = CellStyle { bold: true, shade: Some(TOTAL_SHADE), ..body_style };

    // Caption, header and the first two rows stay together; the total stays with the
    // row before it. A table without a caption has no number line.
    let (mut head_rows, mut cont) = match &table.caption {
        Some(c) => (caption_rows(c, false), caption_rows(c, true)),
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
    let mut rows = head_rows;

    // The group each row belongs to, per grouping column: the last name above it.
    let mut groups: Vec<Option<&str>> = vec![None; ncols];
    for (r, cells) in table.rows.iter().enumerate() {
        let context = |c: usize| format!("表{number}“{name}”第 {} 行第 {} 列", r + 1, c + 1);
        let mut named = cells.clone();
        for (c, column) in table.columns.iter().enumerate() {
            if !column.groups {
                continue;
            }
            if cells[c].trim().is_empty() {
                named[c] = groups[c].unwrap_or_default().to_string();
            } else {
                groups[c] = Some(&cells[c]);
            }
        }
        // A group's cell reads as one merged cell: no rule between its rows.
        let merged = |cells: Option<&Vec<String>>| -> Vec<bool> {
            table
                .columns
                .iter()
                .enumerate()
                .map(|(c, col)| col.groups && cells.is_some_and(|r| r[c].trim().is_empty()))
                .collect()
        };
        let rules = Rules { above: merged(Some(cells)), below: merged(table.rows.get(r + 1)) };
        let mut pieces = table_row(shaper, cells, &body_style, &rules, &context);
        if named != *cells && pieces.len() == 1 {
            // A row too tall for one piece is left as it is: its later pieces would need
            // the name too. At the top of a page the name stands in a ruled cell.
            let rules = Rules { above: vec![false; ncols], ..rules };
            let mut continued = table_row(shaper, &named, &body_style, &rules, &context);
            if continued.len() == 1 {
                pieces[0].continued = continued.pop().map(Box::new);
            }
        }
        // At least two rows under the header before a page break and two (or the
        // last row and the total) after it.
        let after = table.rows.len() - r + usize::from(table.total.is_some());
        for (k, mut row) in pieces.into_iter().enumerate() {
            if k == 0 {
                row.break_before = r >= 2 && after >= 2;
            }
            row.table = Some(table_id);
            rows.push(row);
        }
    }
    if let Some(total) = &table.total {
        let pieces =
            table_row(shaper, total, &total_style, &ruled, &|c| format!("表{number}“{name}”合计行第 {} 列", c + 1));
        for (k, mut row) in pieces.into_iter().enumerate() {
            row.break_before = k > 0;
            row.table = Some(table_id);
            rows.push(row);
        }
    }
    // Half a line of air before the text resumes on the grid.
    rows.push(Row { height: LINE_PITCH / 2.0, break_before: true, discardable: true, ..Row::default() });
    Ok(TableRows { rows, continued_head: cont })
}

/// The fewest characters a wrapped cell's last line may hold: one or two alone on a line
/// (会议, 设) read as a slip.
const LAST_LINE_MIN: usize = 3;

/// A cell's lines, the text moved on a character or two where that leaves no stray
/// character or two on the last line without adding a line.
fn balanced(atoms: &[Atom], spec: LineSpec) -> Vec<Line> {
    let lines = break_lines(atoms, spec);
    let short = |lines: &[Line]| lines.len() >= 2 && lines.last().is_some_and(|l| l.end - l.start < LAST_LINE_MIN);
    if !short(&lines) {
        return lines;
    }
    (1..LAST_LINE_MIN)
        .map(|k| break_lines(atoms, LineSpec { width: spec.width - k as f32 * spec.size, ..spec }))
        .find(|narrower| narrower.len() == lines.len() && !short(narrower))
        .unwrap_or(lines)
}

/// The lines a cell of a column `share` of the type area wide sets `text` in at `size`,
/// where that is known without the fonts: every character a full-width one, an em wide
/// in any 公文 face, and every line fitting without squeezing its punctuation (which no
/// word processor can be asked to do). The Word document breaks such cells where the PDF
/// does, since Word wraps greedily and leaves 难 alone under 帮助部队解决实际困.
pub(crate) fn full_width_cell_lines(text: &str, share: f32, size: f32) -> Option<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() || !chars.iter().all(|&ch| is_cjk(ch) && ch != '\u{3000}') {
        return None;
    }
    let atoms: Vec<Atom> =
        chars.iter().map(|&ch| Atom { glyph: Glyph { ch, face: 0, advance: 1.0 }, bold: false }).collect();
    let width = (AREA_W * share - 2.0 * PAD_X * size).max(size);
    let spec = LineSpec { width, first_indent: 0.0, size, grid_pitch: None, justify: false };
    let lines = balanced(&atoms, spec);
    let natural = lines.iter().all(|l| (l.end - l.start) as f32 * size <= width + 0.01);
    natural.then(|| lines.iter().map(|l| chars[l.start..l.end].iter().collect()).collect())
}

/// Per column, whether the cell is merged with the row above or below: no rule there.
struct Rules {
    above: Vec<bool>,
    below: Vec<bool>,
}

/// One ruled table row: cells wrap within their column and are centred vertically.
/// A row taller than half a page is cut into pieces that may go on different pages.
fn table_row(
    shaper: &Shaper<'_>,
    cells: &[String],
    style: &CellStyle<'_>,
    rules: &Rules,
    context: &dyn Fn(usize) -> String,
) -> Vec<Row> {
    let size = style.size;
    let pad_x = PAD_X * size;
    let pad_y = 0.35 * size;
    let pitch = 1.35 * size;
    let mut cell_lines = Vec::with_capacity(cells.len());
    for (c, text) in cells.iter().enumerate() {
        let atoms = plain_atoms(shaper.shape(style.role, text, &|| context(c)), style.bold);
        let spec = LineSpec {
            width: (style.widths[c] - 2.0 * pad_x).max(size),
            first_indent: 0.0,
            size,
            grid_pitch: None,
            justify: false,
        };
        let lines = balanced(&atoms, spec);
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
                    items.push(Item::Text(run_of(atoms, line, x + pad_x + lx.max(0.0), baseline, size, Rgb::BLACK)));
                }
                x += w;
            }
            // Rules: top and bottom of each cell not merged there, and every column edge.
            let mut x = 0.0;
            for (c, w) in style.widths.iter().enumerate() {
                if !(rules.above[c] && piece == 0) {
                    items.push(Item::rule(x, 0.0, x + w, 0.0, TABLE_RULE_WIDTH));
                }
                if !(rules.below[c] && piece + 1 == pieces) {
                    items.push(Item::rule(x, height, x + w, height, TABLE_RULE_WIDTH));
                }
                x += w;
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The share of the type area a cell needs for `chars` characters of 小四 a line.
    fn share(chars: f32) -> f32 {
        (chars + 2.0 * PAD_X) * size::XIAO_SI / AREA_W
    }

    #[test]
    fn a_cell_of_chinese_breaks_as_the_pdf_does() {
        let lines = |text: &str, chars: f32| full_width_cell_lines(text, share(chars), size::XIAO_SI);
        // Greedy would leave 难 alone; the last line takes three.
        assert_eq!(lines("帮助部队解决实际困难", 9.3).unwrap(), ["帮助部队解决实", "际困难"]);
        assert_eq!(lines("征兵任务数", 9.3).unwrap(), ["征兵任务数"]);
        // Figures and Latin are set by the fonts' widths: Word wraps them itself.
        assert_eq!(lines("召开2次", 9.3), None);
        // 12 characters in 11.6 em only by squeezing the （: Word cannot be told to.
        assert_eq!(lines("召开党委议军会议（各单位合计）", 11.6), None);
        assert_eq!(lines("", 9.3), None);
    }
}
