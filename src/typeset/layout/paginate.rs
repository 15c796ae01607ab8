//! Pagination: filling pages with rows, breaking at the last row that allows it and
//! repeating a table's header on the pages it continues on (and in the first row, the
//! name of the group of rows it continues, see [`Row::continued`]).

use super::geometry::{AREA_H, LINE_PITCH, MARGIN_LEFT, MARGIN_TOP};
use super::items::{HeadingMark, PageOut, Row};

/// Fills pages with rows (see the [layout](super) documentation). Also returns where each row
/// went: (page, top within the type area).
pub(super) fn paginate(rows: &[Row], table_heads: &[Vec<Row>]) -> (Vec<PageOut>, Vec<(usize, f32)>) {
    const EPS: f32 = 0.01;
    #[derive(Clone, Copy)]
    enum Src {
        Body(usize),
        /// A body row as the first under a repeated header.
        Continued(usize),
        Head(usize, usize),
    }
    let get = |src: Src| match src {
        Src::Body(i) => &rows[i],
        Src::Continued(i) => rows[i].continued.as_deref().unwrap_or(&rows[i]),
        Src::Head(t, k) => &table_heads[t][k],
    };
    let body = |src: Src| match src {
        Src::Body(i) | Src::Continued(i) => Some(i),
        Src::Head(..) => None,
    };
    let snap = |y: f32| (((y - EPS) / LINE_PITCH).ceil().max(0.0)) * LINE_PITCH;

    let mut pages = Vec::new();
    let mut placed = vec![(0, 0.0); rows.len()];
    let mut cur: Vec<(Src, f32)> = Vec::new();
    let mut y = 0.0f32;
    let flush = |cur: &mut Vec<(Src, f32)>, pages: &mut Vec<PageOut>, placed: &mut Vec<(usize, f32)>| {
        let mut page = PageOut::default();
        for &(src, top) in cur.iter() {
            if let Some(i) = body(src) {
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
    let has_body = |cur: &[(Src, f32)]| cur.iter().any(|&(s, _)| body(s).is_some());

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
        let mut src = Src::Body(i);
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
                    src = Src::Continued(i);
                }
            }
        }
        let row = get(src);
        let top = if row.grid { snap(y) } else { y };
        if top + row.height <= AREA_H + EPS || !has_body(&cur) {
            cur.push((src, top));
            y = top + row.height;
            i += 1;
            continue;
        }
        // The row does not fit: end the page at the last place that allows it.
        if !row.break_before {
            let first_body = cur.iter().position(|&(s, _)| body(s).is_some()).unwrap_or(0);
            let back = (first_body + 1..cur.len())
                .rev()
                .find_map(|j| body(cur[j].0).filter(|&k| rows[k].break_before).map(|k| (j, k)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::layout::items::Item;

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
}
