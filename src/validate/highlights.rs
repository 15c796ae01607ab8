//! The 工作亮点 rows of a return: each becomes a [`Highlight`] or a diagnostic at its cell.
//!
//! Severities, and why:
//! - `unknown_category` error, the highlight left out: the report places highlights by
//!   category, so one without a known 类别 would be lost or misplaced; the blank workbook's
//!   drop-down list makes the fix one click, as for an unknown indicator code;
//! - `highlight_incomplete` warning: 内容 without 标题 is printed without its lead
//!   sentence; 标题 without 内容 says nothing a reader can use and stays out of the report
//!   (both stay in the `highlights` table);
//! - `highlight_too_long` warning: the report prints the text up to the last sentence end
//!   within [`form::HIGHLIGHT_TEXT_MAX_CHARS`] (the title within
//!   [`form::HIGHLIGHT_TITLE_MAX_CHARS`]); the office can live with that;
//! - `bad_public_value` warning: a 可公开 other than 是, 否 or empty is taken as 否, the
//!   side on which nothing reaches the public version by mistake;
//! - `highlight_above_total` warning: a highlight states a figure larger than the district
//!   total of the same thing (提供岗位420个 against 推荐就业岗位 27个): one of the two is
//!   wrong, and the report would print both;
//! - a sheet without its header row, or without the 可公开 column (all taken as 是, as
//!   an empty cell is), is a `missing_label` warning: the figures of the return stand.

use crate::catalog::{Aggregate, Catalog, Indicator, Kind as IndicatorKind};
use crate::diag::{Diagnostic, Kind};
use crate::form::{self, HIGHLIGHT_TEXT_MAX_CHARS, HIGHLIGHT_TITLE_MAX_CHARS, NO, YES};
use crate::intake::{text, CellValue, Highlights};
use crate::numfmt::typed_figure;
use crate::validate::Fact;
use crate::workspace::{UnitType, Workspace};

/// One highlight of a unit's year, traced to its row's 标题 cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    pub year: i32,
    pub unit: String,
    pub unit_type: UnitType,
    /// One of the catalogue's categories, or 其他.
    pub category: String,
    /// 标题 and 内容 as the unit wrote them, trimmed; either may be empty, not both.
    pub title: String,
    pub text: String,
    /// May appear in the public version (可公开 = 是, or empty).
    pub public: bool,
    pub file: String,
    pub sheet: String,
    pub cell: String,
}

/// A highlight that passed its checks, before the return's unit and year are known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub category: String,
    pub title: String,
    pub text: String,
    pub public: bool,
    pub sheet: String,
    pub cell: String,
}

/// Checks the rows of one return's 工作亮点 sheet; diagnostics get the file, not the unit.
pub(crate) fn check(catalog: &Catalog, file: &str, sheet: &Highlights, out: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let whole = |d: Diagnostic| d.file(file).sheet(&sheet.sheet);
    if let Some(problem) = &sheet.problem {
        out.push(whole(Diagnostic::warning(Kind::MissingLabel, problem.clone())));
        return Vec::new();
    }
    for h in &sheet.missing_headers {
        out.push(whole(Diagnostic::warning(
            Kind::MissingLabel,
            format!("表头缺少“{h}”列，本表的工作亮点均按可以公开处理：请使用下发的填报表，不要删除表头中的列"),
        )));
    }
    let categories = form::highlight_categories(catalog);
    let mut entries = Vec::new();
    for row in &sheet.rows {
        let at = |d: Diagnostic, cell: &crate::intake::Cell| {
            let d = d.file(file).at(&sheet.sheet, cell.a1());
            match cell.value.raw() {
                Some(v) => d.value(v),
                None => d,
            }
        };
        let written = |v: &CellValue| v.raw().map(|s| s.trim().to_string()).unwrap_or_default();
        let (title, body) = (written(&row.title.value), written(&row.text.value));
        let category_text = text::label(&written(&row.category.value));
        let Some(category) = categories.iter().find(|c| text::label(c) == category_text) else {
            let message = if category_text.is_empty() {
                "这条工作亮点没有填写类别：请从下拉列表中选择类别，否则报告无法把它放进相应部分".to_string()
            } else {
                let meant = categories
                    .iter()
                    .find(|c| {
                        category_text.contains(*c)
                            || crate::workspace::edit_distance(&category_text, c) * 3 <= c.chars().count()
                    })
                    .map(|c| format!("是不是“{c}”？"))
                    .unwrap_or_default();
                format!(
                    "类别“{category_text}”不是可选的类别{meant}：请从下拉列表中选择（{}），否则报告无法把这条亮点放进相应部分",
                    categories.join("、")
                )
            };
            out.push(at(Diagnostic::error(Kind::UnknownCategory, message), &row.category));
            continue;
        };
        if body.is_empty() {
            out.push(at(
                Diagnostic::warning(
                    Kind::HighlightIncomplete,
                    format!(
                        "“{title}”只有标题，没有内容：请在“内容”栏写明做了什么、效果如何；只有标题的亮点不写入报告"
                    ),
                ),
                &row.text,
            ));
        } else if title.is_empty() {
            out.push(at(
                Diagnostic::warning(
                    Kind::HighlightIncomplete,
                    "这条工作亮点有内容，没有标题：请用一句话概括（如“兵妈妈驿站暖兵心”），报告以标题领起这条亮点",
                ),
                &row.title,
            ));
        }
        for (what, written, cell, max) in [
            ("标题", &title, &row.title, HIGHLIGHT_TITLE_MAX_CHARS),
            ("内容", &body, &row.text, HIGHLIGHT_TEXT_MAX_CHARS),
        ] {
            let length = written.chars().filter(|c| !c.is_whitespace()).count();
            // A long text is named by its highlight's title, not quoted.
            let whose = if what == "内容" && !title.is_empty() {
                format!("“{}”的", crate::diag::excerpt(&title))
            } else {
                String::new()
            };
            if length > max {
                out.push(at(
                    Diagnostic::warning(
                        Kind::HighlightTooLong,
                        format!(
                            "{whose}{what}有 {length} 字，超过报告每条亮点{what} {max} 字的篇幅，报告只采用 {max} 字以内的完整句子：请精简到 {max} 字以内"
                        ),
                    ),
                    cell,
                ));
            }
        }
        let public = match &row.public {
            None => true,
            Some(cell) => match &cell.value {
                CellValue::Empty => true,
                CellValue::Bool(b) => *b,
                v if text::label(&written(v)) == YES => true,
                v if text::label(&written(v)) == NO => false,
                _ => {
                    out.push(at(
                        Diagnostic::warning(
                            Kind::BadPublicValue,
                            format!("“可公开”只能填“{YES}”或“{NO}”（不填视为“{YES}”）：已按“{NO}”处理，这条亮点不会写入公开版报告"),
                        ),
                        cell,
                    ));
                    false
                }
            },
        };
        entries.push(Entry {
            category: category.to_string(),
            title,
            text: body,
            public,
            sheet: sheet.sheet.clone(),
            cell: row.title.a1(),
        });
    }
    entries
}

/// The year's highlights that state a figure larger than the district total of the same
/// thing: the catalogue's `noun` of an indicator followed, within a few characters, by a
/// number in its unit (提供岗位420个), or such a number right before the noun. A warning
/// at the highlight's cell, naming the total. Only nouns of this year's activity count:
/// a noun that also names a population (a stock such as 重点优抚对象) or an intake (退役
/// 士兵 received) may rightly be larger in a unit's text; where several indicators share a
/// noun, the largest total is the bound.
pub(crate) fn against_totals(ws: &Workspace, year: i32, facts: &[Fact], highlights: &[Highlight]) -> Vec<Diagnostic> {
    let mut nouns: Vec<(&str, Vec<&Indicator>)> = Vec::new();
    for ind in ws.catalog.indicators() {
        let Some(noun) = ind.noun.as_deref() else { continue };
        match nouns.iter_mut().find(|(n, _)| *n == noun) {
            Some((_, inds)) => inds.push(ind),
            None => nouns.push((noun, vec![ind])),
        }
    }
    nouns.retain(|(_, inds)| inds.iter().all(|i| i.kind == IndicatorKind::Flow && i.growth));
    let bounds: Vec<(&str, &Indicator, f64)> = nouns
        .iter()
        .filter_map(|(noun, inds)| {
            inds.iter()
                .filter_map(|i| Some((*i, district_total(ws, year, facts, i)?)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(ind, total)| (*noun, ind, total))
        })
        .collect();
    let mut out = Vec::new();
    for h in highlights.iter().filter(|h| h.year == year) {
        for &(noun, ind, total) in &bounds {
            let stated = stated_figures(&h.text, noun, &[ind.unit.as_str(), ind.prose_measure()]);
            let Some((phrase, _)) = stated.into_iter().find(|&(_, v)| v > total + 1e-9) else { continue };
            out.push(
                Diagnostic::warning(
                    Kind::HighlightAboveTotal,
                    format!(
                        "工作亮点写到“{phrase}”，多于全区“{}”合计 {} {}：请核对亮点中的数字，或各单位填报表中的“{}”",
                        ind.name,
                        typed_figure(total),
                        ind.unit,
                        ind.name
                    ),
                )
                .file(&h.file)
                .at(&h.sheet, &h.cell)
                .unit(&h.unit)
                .code(&ind.code),
            );
        }
    }
    out
}

/// The district total as the report makes it, for the indicators units fill in: the
/// units' sum, or the authoritative unit's figure.
fn district_total(ws: &Workspace, year: i32, facts: &[Fact], ind: &Indicator) -> Option<f64> {
    let values = facts.iter().filter(|f| f.year == year && f.code == ind.code);
    match ind.aggregate {
        Aggregate::Sum => values.map(|f| f.value).reduce(|a, b| a + b),
        Aggregate::Authoritative => {
            let authority = ws.authoritative_unit()?;
            values.filter(|f| authority.answers_to(&f.unit)).map(|f| f.value).next()
        }
        Aggregate::Formula => None,
    }
}

/// Characters allowed between a noun and its number (提供岗位共420个).
const NOUN_GAP: usize = 4;

/// Each `<noun>…<number><unit>` and `<number><unit><noun>` in `text`: the phrase as
/// written and the number.
fn stated_figures(text: &str, noun: &str, units: &[&str]) -> Vec<(String, f64)> {
    let chars: Vec<char> = text.chars().collect();
    let noun: Vec<char> = noun.chars().collect();
    let number_at = |i: usize| -> Option<(f64, usize)> {
        let digits: String = chars[i..].iter().take_while(|c| c.is_ascii_digit() || **c == '.').collect();
        let value: f64 = digits.parse().ok()?;
        let mut end = i + digits.chars().count();
        if matches!(chars.get(end), Some('余' | '多')) {
            end += 1;
        }
        let unit = units.iter().find(|u| chars[end..].starts_with(&u.chars().collect::<Vec<_>>()))?;
        Some((value, end + unit.chars().count()))
    };
    let mut out = Vec::new();
    for start in (0..chars.len()).filter(|&i| chars[i..].starts_with(&noun)) {
        let after = start + noun.len();
        let gap = chars[after..].iter().take(NOUN_GAP + 1).position(char::is_ascii_digit);
        if let Some((value, end)) = gap.and_then(|g| {
            let between = &chars[after..after + g];
            (!between.iter().any(|c| "，。；、：,;:".contains(*c))).then_some(())?;
            number_at(after + g)
        }) {
            out.push((chars[start..end].iter().collect(), value));
        }
        // <number><unit><noun>: walk back over the unit and the number.
        for unit in units {
            let u: Vec<char> = unit.chars().collect();
            let Some(unit_start) = start.checked_sub(u.len()).filter(|&s| chars[s..start] == u[..]) else { continue };
            let mut from = unit_start;
            if from > 0 && matches!(chars[from - 1], '余' | '多') {
                from -= 1;
            }
            let digits_end = from;
            while from > 0 && (chars[from - 1].is_ascii_digit() || chars[from - 1] == '.') {
                from -= 1;
            }
            if let Some(value) =
                (from < digits_end).then(|| chars[from..digits_end].iter().collect::<String>().parse().ok()).flatten()
            {
                out.push((chars[from..after].iter().collect(), value));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::{Cell, HighlightRow};

    fn cell(row: u32, col: u32, t: &str) -> Cell {
        let value = if t.is_empty() { CellValue::Empty } else { CellValue::Text(t.to_string()) };
        Cell { row, col, value }
    }

    fn sheet(rows: &[[&str; 4]]) -> Highlights {
        let rows = rows
            .iter()
            .enumerate()
            .map(|(i, [c, t, x, p])| {
                let r = i as u32 + 1;
                HighlightRow {
                    category: cell(r, 0, c),
                    title: cell(r, 1, t),
                    text: cell(r, 2, x),
                    public: Some(cell(r, 3, p)),
                }
            })
            .collect();
        Highlights { sheet: "工作亮点".into(), rows, ..Highlights::default() }
    }

    fn run(rows: &[[&str; 4]]) -> (Vec<Entry>, Vec<(Kind, String)>) {
        let mut out = Vec::new();
        let entries = check(&Catalog::bundled(), "a.xlsx", &sheet(rows), &mut out);
        (entries, out.into_iter().map(|d| (d.kind, d.cell.unwrap_or_default())).collect())
    }

    #[test]
    fn good_rows_become_entries_at_their_title_cell() {
        let (entries, diags) = run(&[
            ["拥军优属", "兵妈妈驿站", "依托社区开设驿站。", ""],
            [" 其 他 ", "双拥公园", "建成双拥公园。", "否"],
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(entries[0].cell, "B2");
        assert_eq!((entries[0].public, entries[1].public, entries[1].category.as_str()), (true, false, "其他"));
    }

    #[test]
    fn bad_rows_are_diagnostics_at_their_cells() {
        let long = "很长的一句话。".repeat(50);
        let (entries, diags) = run(&[
            ["拥军优抚", "标题", "内容", ""],
            ["", "标题", "内容", ""],
            ["拥军优属", "只有标题", "", ""],
            ["拥军优属", "", "只有内容", ""],
            ["拥军优属", "长", &long, "可以"],
        ]);
        assert_eq!(
            diags,
            [
                (Kind::UnknownCategory, "A2".to_string()),
                (Kind::UnknownCategory, "A3".into()),
                (Kind::HighlightIncomplete, "C4".into()),
                (Kind::HighlightIncomplete, "B5".into()),
                (Kind::HighlightTooLong, "C6".into()),
                (Kind::BadPublicValue, "D6".into()),
            ]
        );
        assert_eq!(entries.len(), 3);
        assert!(!entries[2].public);
        let mut out = Vec::new();
        check(&Catalog::bundled(), "a.xlsx", &sheet(&[["拥军优属工作", "t", "x", ""]]), &mut out);
        assert!(out[0].message.contains("是不是“拥军优属”？"), "{}", out[0].message);
        assert!(out[0].is_error());
    }

    #[test]
    fn figures_stated_with_a_noun_are_found() {
        let found = stated_figures("举办专场招聘会4场，提供岗位420个，另有岗位若干；新增30个岗位", "岗位", &["个"]);
        assert_eq!(found, [("岗位420个".to_string(), 420.0), ("30个岗位".to_string(), 30.0)]);
        assert_eq!(stated_figures("岗位，共420个", "岗位", &["个"]), []);
        assert_eq!(
            stated_figures("服务退役士兵1200余名", "退役士兵", &["人", "名"]),
            [("退役士兵1200余名".to_string(), 1200.0)]
        );
    }
}
