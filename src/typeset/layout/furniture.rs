//! Page furniture: what is not body text — page numbers, draft marks, the cover and the
//! 目录 with its links.

use super::geometry::*;
use super::items::{HeadingMark, Item, Link, PageOut, Placed, Row, TextRun};
use super::paginate::paginate;
use super::text::{excerpt, natural_width, plain_atoms, role_for_heading, run_of, single_line};
use crate::typeset::linebreak::{break_lines, LineSpec};
use crate::typeset::model::{size, Cover, FontRole, Rgb, LINE_BREAK};
use crate::typeset::shape::Shaper;

/// Page numbers: the dash line sits 7 mm below the type area (GB/T 9704 7.5).
const PAGE_NUMBER_DROP: f32 = 7.0 * MM;
const WATERMARK: Rgb = Rgb::new(210, 210, 210);
const DRAFT_HEADER: Rgb = Rgb::new(110, 110, 110);

pub(super) fn page_number(n: usize, shaper: &Shaper<'_>) -> TextRun {
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
pub(super) fn draft_marks(shaper: &Shaper<'_>) -> (TextRun, TextRun) {
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

pub(super) fn cover_page(cover: &Cover, shaper: &Shaper<'_>) -> PageOut {
    let mut page = PageOut::default();
    if let Some(mark) = &cover.mark {
        let atoms = plain_atoms(shaper.shape(FontRole::Heading1, mark, &|| "封面标识".to_string()), false);
        let size = size::SAN_HAO;
        let spec = LineSpec { width: AREA_W, first_indent: 0.0, size, grid_pitch: None, justify: false };
        if let Some(line) = break_lines(&atoms, spec).first() {
            let baseline = MARGIN_TOP + (LINE_PITCH - size) / 2.0 + EM_ASCENT * size;
            page.items.push(Item::Text(run_of(&atoms, line, MARGIN_LEFT, baseline, size, Rgb::BLACK)));
        }
    }
    let mut centred = |text: &str, role: FontRole, size: f32, first_line: usize, context: &str| {
        let spec = LineSpec { width: AREA_W, first_indent: 0.0, size, grid_pitch: None, justify: false };
        let pitch = (size * 1.5).max(LINE_PITCH);
        let mut k = 0;
        for part in text.split(LINE_BREAK) {
            let atoms = plain_atoms(shaper.shape(role, part, &|| context.to_string()), false);
            for line in break_lines(&atoms, spec) {
                let top = MARGIN_TOP + first_line as f32 * LINE_PITCH + k as f32 * pitch;
                let baseline = top + (pitch - size) / 2.0 + EM_ASCENT * size;
                let x = MARGIN_LEFT + (AREA_W - line.width) / 2.0;
                page.items.push(Item::Text(run_of(&atoms, &line, x, baseline, size, Rgb::BLACK)));
                k += 1;
            }
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

/// The 目录 pages, and the links from their lines (pages counted from the first 目录 page).
pub(super) fn toc(headings: &[(usize, &HeadingMark)], shaper: &Shaper<'_>) -> (Vec<PageOut>, Vec<Link>) {
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
            let rect = (MARGIN_LEFT + indent, MARGIN_TOP + top, AREA_W - indent, n as f32 * LINE_PITCH);
            Link { page, rect, target }
        })
        .collect();
    (pages, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_right_on_odd_pages_left_on_even() {
        let set = crate::typeset::FontSet::bundled().unwrap().system_fallback(false);
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
}
