//! The 工作亮点 sheet: the unit's highlights of the year, one a row under a header holding
//! 类别, 标题, 内容 and 可公开, found by those labels as the 填报表 is. The sheet is
//! optional (workbooks from templates before layout version 3 lack it), and a sheet that
//! cannot be read costs only the highlights, never the figures of the return.

use super::book::Cells;
use super::{text, text_of, Cell, CellValue};
use crate::form::{HIGHLIGHT_CATEGORY_HEADER, HIGHLIGHT_PUBLIC_HEADER, HIGHLIGHT_TEXT_HEADER, HIGHLIGHT_TITLE_HEADER};

/// One row of the sheet that holds a 类别, a 标题 or a 内容.
#[derive(Debug, Clone, PartialEq)]
pub struct HighlightRow {
    pub category: Cell,
    /// The row's 标题 cell: where the highlight is said to be.
    pub title: Cell,
    pub text: Cell,
    /// `None` when the header has no 可公开 column.
    pub public: Option<Cell>,
}

/// The 工作亮点 sheet as found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Highlights {
    /// The sheet's name as the workbook spells it.
    pub sheet: String,
    /// Why none of its rows could be read (damaged sheet, no header row), in Chinese.
    pub problem: Option<String>,
    /// Optional header labels the header row lacks (可公开).
    pub missing_headers: Vec<&'static str>,
    /// Rows with content, top to bottom.
    pub rows: Vec<HighlightRow>,
}

/// Locates the header and reads the rows under it.
pub(crate) fn locate(cells: &Cells, sheet: String) -> Highlights {
    let mut found = Highlights { sheet, ..Highlights::default() };
    if cells.is_empty() {
        return found;
    }
    let is = |v: &CellValue, label: &str| text_of(v).is_some_and(|t| text::label(t) == label);
    // The header is the row where 标题 and 内容 stand side by side: 类别 alone also heads
    // a column of the 填报表, which a unit may have pasted here.
    let header = cells
        .iter()
        .filter(|(_, v)| is(v, HIGHLIGHT_TITLE_HEADER))
        .map(|(&(r, _), _)| r)
        .find(|&r| cells.range((r, 0)..(r + 1, 0)).any(|(_, v)| is(v, HIGHLIGHT_TEXT_HEADER)));
    let Some(header) = header else {
        found.problem = Some(format!(
            "找不到表头行（应有“{HIGHLIGHT_CATEGORY_HEADER}”“{HIGHLIGHT_TITLE_HEADER}”“{HIGHLIGHT_TEXT_HEADER}”“{HIGHLIGHT_PUBLIC_HEADER}”四列），本表的工作亮点未能读取：请使用下发的填报表，不要删改表头"
        ));
        return found;
    };
    let column =
        |label: &str| cells.range((header, 0)..(header + 1, 0)).find(|(_, v)| is(v, label)).map(|(&(_, c), _)| c);
    let (Some(category_col), Some(title_col), Some(text_col)) =
        (column(HIGHLIGHT_CATEGORY_HEADER), column(HIGHLIGHT_TITLE_HEADER), column(HIGHLIGHT_TEXT_HEADER))
    else {
        found.problem = Some(format!(
            "表头行（第 {} 行）缺少“{HIGHLIGHT_CATEGORY_HEADER}”列，本表的工作亮点未能读取：请使用下发的填报表，不要删改表头",
            header + 1
        ));
        return found;
    };
    let public_col = column(HIGHLIGHT_PUBLIC_HEADER);
    if public_col.is_none() {
        found.missing_headers.push(HIGHLIGHT_PUBLIC_HEADER);
    }
    let mut rows: Vec<u32> = cells.range((header + 1, 0)..).map(|(&(r, _), _)| r).collect();
    rows.dedup();
    for r in rows {
        let row = HighlightRow {
            category: Cell::at(cells, r, category_col),
            title: Cell::at(cells, r, title_col),
            text: Cell::at(cells, r, text_col),
            public: public_col.map(|c| Cell::at(cells, r, c)),
        };
        let content = [&row.category, &row.title, &row.text];
        if content.iter().all(|c| c.value.is_empty()) || is(&row.title.value, HIGHLIGHT_TITLE_HEADER) {
            continue;
        }
        found.rows.push(row);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &[(u32, u32, &str)]) -> Cells {
        cells.iter().map(|&(r, c, t)| ((r, c), CellValue::Text(t.to_string()))).collect()
    }

    const HEADER: [(u32, u32, &str); 4] = [(1, 0, "类别"), (1, 1, "标题"), (1, 2, "内容"), (1, 3, "可公开")];

    #[test]
    fn reads_rows_by_the_header_wherever_it_is() {
        let moved: Vec<(u32, u32, &str)> = HEADER
            .iter()
            .map(|&(r, c, t)| (r + 2, c + 1, t))
            .chain([
                (0, 0, "2024年度工作亮点"),
                (3, 5, "单位自加的列"),
                (4, 1, "拥军优属"),
                (4, 2, "兵妈妈驿站"),
                (4, 3, "依托社区开设驿站。"),
                (4, 5, "不读"),
                (6, 3, "只有内容"),
                (7, 4, "否"),
            ])
            .collect();
        let h = locate(&sheet(&moved), "工作亮点".into());
        assert_eq!((h.problem.as_deref(), h.missing_headers.len()), (None, 0));
        let cells: Vec<String> = h.rows.iter().map(|r| r.title.a1()).collect();
        // Row 8 holds only 可公开: nothing to read.
        assert_eq!(cells, ["C5", "C7"]);
        assert_eq!(h.rows[0].text.value, CellValue::Text("依托社区开设驿站。".into()));
        assert_eq!(h.rows[0].public.as_ref().unwrap().a1(), "E5");
    }

    #[test]
    fn missing_public_column_and_missing_header() {
        let h = locate(&sheet(&[(0, 0, "类别"), (0, 1, "标 题"), (0, 2, "内容："), (1, 0, "其他")]), "亮点".into());
        assert_eq!(h.missing_headers, [HIGHLIGHT_PUBLIC_HEADER]);
        assert_eq!((h.rows.len(), h.rows[0].public.is_none()), (1, true));
        let h = locate(&sheet(&[(0, 0, "今年没有亮点")]), "工作亮点".into());
        assert!(h.problem.unwrap().contains("找不到表头行"));
        let h = locate(&sheet(&[(0, 1, "标题"), (0, 2, "内容")]), "工作亮点".into());
        assert!(h.problem.unwrap().contains("缺少“类别”列"));
        assert_eq!(
            locate(&Cells::new(), "工作亮点".into()),
            Highlights { sheet: "工作亮点".into(), ..Default::default() }
        );
    }
}
