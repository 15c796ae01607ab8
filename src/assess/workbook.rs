//! The dossier as a workbook for the office to annotate: the same tables as the PDF,
//! each with a 备注 column, and a sheet listing every cell the scores read.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::date::DocDate;

use super::evaluation::{Status, Veto};
use super::rules::Source;
use super::score::Assessment;

#[derive(Debug, thiserror::Error)]
#[error("无法生成考评材料工作簿（{sheet}）：{}", crate::xlsx::describe(.source))]
pub struct WorkbookError {
    sheet: &'static str,
    source: XlsxError,
}

/// A sheet being filled row by row.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    name: &'static str,
    row: u32,
    header: Format,
    text: Format,
    bold: Format,
}

fn fail(sheet: &'static str) -> impl Fn(XlsxError) -> WorkbookError {
    move |source| WorkbookError { sheet, source }
}

impl Sheet<'_> {
    /// The header row, with column widths in characters; frozen so it stays in view.
    fn header(&mut self, columns: &[(&str, f64)]) -> Result<(), WorkbookError> {
        for (c, (title, width)) in columns.iter().enumerate() {
            let c = c as u16;
            self.ws.write_string_with_format(0, c, *title, &self.header).map_err(fail(self.name))?;
            self.ws.set_column_width(c, *width).map_err(fail(self.name))?;
        }
        self.ws.set_freeze_panes(1, 0).map_err(fail(self.name))?;
        self.row = 1;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell], bold: bool) -> Result<(), WorkbookError> {
        let format = if bold { self.bold.clone() } else { self.text.clone() };
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            let written = match cell {
                Cell::Text(s) if s.is_empty() => continue,
                Cell::Text(s) => self.ws.write_string_with_format(self.row, c, s, &format),
                Cell::Number(v) => self.ws.write_number_with_format(self.row, c, *v, &format),
                Cell::Empty => continue,
            };
            written.map_err(fail(self.name))?;
        }
        self.row += 1;
        Ok(())
    }
}

enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn n(v: f64) -> Cell {
    Cell::Number(v)
}

fn opt(v: Option<f64>) -> Cell {
    v.map(Cell::Number).unwrap_or(Cell::Empty)
}

/// The workbook's bytes. `date` stamps its properties, so that the same input and
/// `SOURCE_DATE_EPOCH` give the same file.
pub fn workbook(a: &Assessment, date: DocDate) -> Result<Vec<u8>, WorkbookError> {
    let mut wb = crate::xlsx::workbook(Some(a.title().as_str()), &a.office, date);
    let header = Format::new().set_bold().set_text_wrap().set_background_color(0xD9E1F2);
    let text = Format::new().set_text_wrap();
    let bold = Format::new().set_bold().set_text_wrap();
    let sheet = |wb: &mut Workbook, name: &'static str, f: &mut dyn FnMut(&mut Sheet) -> Result<(), WorkbookError>| {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(fail(name))?;
        crate::xlsx::print_a4(ws, true);
        let mut s = Sheet { ws, name, row: 0, header: header.clone(), text: text.clone(), bold: bold.clone() };
        f(&mut s)
    };
    let years = a.years();

    sheet(&mut wb, "得分汇总", &mut |s| {
        s.header(&[
            ("基本标准", 28.0),
            ("来源", 14.0),
            ("分值", 8.0),
            ("统计可评", 10.0),
            ("得分", 8.0),
            ("待佐证", 8.0),
            ("未满分项", 10.0),
            ("风险项", 8.0),
            ("备注", 40.0),
        ])?;
        for st in &a.standards {
            let evidence = st.evidence_points();
            s.row(
                &[
                    t(format!("{}. {}", st.standard.number, st.standard.name)),
                    t(st.standard.source.label()),
                    n(st.standard.points),
                    n(st.standard.points - evidence),
                    n(st.earned()),
                    n(evidence),
                    n((st.count(Status::Unmet) + st.count(Status::Partial)) as f64),
                    n(st.count(Status::AtRisk) as f64),
                ],
                false,
            )?;
        }
        let count = |status| a.standards.iter().map(|st| st.count(status)).sum::<usize>() as f64;
        s.row(
            &[
                t("合计"),
                t(""),
                n(a.points()),
                n(a.points() - a.evidence_points()),
                n(a.earned()),
                n(a.evidence_points()),
                n(count(Status::Unmet) + count(Status::Partial)),
                n(count(Status::AtRisk)),
            ],
            true,
        )?;
        // The self-assessment split by where the points come from, as in the PDF.
        for source in [Source::Trial, Source::Office] {
            let (points, earned) = a.by_source(source);
            s.row(&[t(format!("其中按{}", source.label())), t(""), n(points), t(""), n(earned)], false)?;
        }
        if !a.bonuses.is_empty() {
            s.row(&[t("加分项目（另计，不计入基本分）"), t(""), n(a.bonus_cap), t(""), n(a.bonus_earned())], false)?;
        }
        let notes = [Some(a.headline()), a.bonus_line(), a.veto_line()];
        for line in notes.into_iter().flatten() {
            s.row(&[t(line)], true)?;
        }
        Ok(())
    })?;

    sheet(&mut wb, "一票否决", &mut |s| {
        s.header(&[
            ("序号", 6.0),
            ("否决事项", 40.0),
            ("来源", 12.0),
            ("判定标准", 40.0),
            ("统计数据", 40.0),
            ("状态", 16.0),
            ("证明材料", 40.0),
            ("核实情况", 20.0),
            ("备注", 30.0),
        ])?;
        for v in &a.vetoes {
            let figures = if v.status == Status::NeedsEvidence { String::new() } else { v.finding.text.clone() };
            s.row(
                &[
                    t(&v.item.number),
                    t(&v.item.content),
                    t(v.item.source.label()),
                    t(&v.rule_text),
                    t(figures),
                    t(Veto::of(v.status).said(v.item.source)),
                    t(v.item.documents.join("；")),
                ],
                false,
            )?;
        }
        Ok(())
    })?;

    sheet(&mut wb, "加分项目", &mut |s| {
        s.header(&[
            ("序号", 6.0),
            ("加分内容", 36.0),
            ("来源", 12.0),
            ("分值", 6.0),
            ("得分", 6.0),
            ("情况", 12.0),
            ("评分标准", 40.0),
            ("评分结果", 40.0),
            ("佐证材料", 30.0),
            ("备注", 30.0),
        ])?;
        for b in &a.bonuses {
            s.row(
                &[
                    t(&b.item.number),
                    t(&b.item.content),
                    t(b.item.source.label()),
                    n(b.item.points),
                    n(b.earned),
                    t(b.status.label()),
                    t(&b.rule_text),
                    t(&b.finding.text),
                    t(b.item.documents.join("；")),
                ],
                false,
            )?;
        }
        s.row(
            &[t("合计"), t(format!("上限{}分", crate::numfmt::points(a.bonus_cap))), t(""), t(""), n(a.bonus_earned())],
            true,
        )
    })?;

    sheet(&mut wb, "逐项评分", &mut |s| {
        s.header(&[
            ("序号", 6.0),
            ("基本标准", 18.0),
            ("考评内容", 30.0),
            ("来源", 12.0),
            ("分值", 6.0),
            ("得分", 6.0),
            ("情况", 12.0),
            ("评分标准", 40.0),
            ("评分结果", 40.0),
            ("差距", 30.0),
            ("数据缺口", 30.0),
            ("佐证材料", 30.0),
            ("备注", 30.0),
        ])?;
        for st in &a.standards {
            for i in &st.items {
                s.row(
                    &[
                        t(&i.item.number),
                        t(&st.standard.name),
                        t(&i.item.content),
                        t(i.item.source.label()),
                        n(i.item.points),
                        n(i.earned),
                        t(i.status.label()),
                        t(&i.rule_text),
                        t(&i.finding.text),
                        t(i.finding.gap.clone().unwrap_or_default()),
                        t(i.finding.doubts().join("；")),
                        t(i.item.documents.join("；")),
                    ],
                    false,
                )?;
            }
        }
        Ok(())
    })?;

    sheet(&mut wb, "各年数字", &mut |s| {
        let year_titles: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
        let mut columns: Vec<(&str, f64)> = vec![("序号", 6.0), ("考评内容", 30.0), ("指标", 30.0), ("单位", 6.0)];
        columns.extend(year_titles.iter().map(|y| (y.as_str(), 10.0)));
        columns.extend([("周期", 10.0), ("周期算法", 12.0), ("备注", 30.0)]);
        s.header(&columns)?;
        for i in a.items() {
            for r in &i.rows {
                let mut cells = vec![t(&i.item.number), t(&i.item.content), t(&r.label), t(&r.unit)];
                cells.extend(r.per_year.iter().map(|v| opt(*v)));
                cells.push(opt(r.cycle));
                cells.push(t(&r.cycle_label));
                s.row(&cells, false)?;
            }
        }
        Ok(())
    })?;

    sheet(&mut wb, "未达标和风险", &mut |s| {
        s.header(&[
            ("序号", 6.0),
            ("考评内容", 30.0),
            ("分值", 6.0),
            ("得分", 6.0),
            ("情况", 14.0),
            ("差距与原因", 50.0),
            ("整改措施", 30.0),
            ("备注", 30.0),
        ])?;
        for i in a.items().filter(|i| matches!(i.status, Status::Unmet | Status::AtRisk | Status::Partial)) {
            let mut why: Vec<String> = i.finding.gap.iter().cloned().collect();
            why.extend(i.finding.doubts());
            s.row(
                &[
                    t(&i.item.number),
                    t(&i.item.content),
                    n(i.item.points),
                    n(i.earned),
                    t(i.status.label()),
                    t(why.join("；")),
                ],
                false,
            )?;
        }
        Ok(())
    })?;

    sheet(&mut wb, "佐证材料", &mut |s| {
        s.header(&[
            ("序号", 6.0),
            ("考评内容", 30.0),
            ("分值", 6.0),
            ("评分标准", 30.0),
            ("佐证材料", 40.0),
            ("是否备齐", 10.0),
            ("责任单位", 16.0),
            ("备注", 30.0),
        ])?;
        for i in a.items().filter(|i| i.status == Status::NeedsEvidence || !i.item.documents.is_empty()) {
            for d in &i.item.documents {
                s.row(&[t(&i.item.number), t(&i.item.content), n(i.item.points), t(&i.rule_text), t(d)], false)?;
            }
        }
        Ok(())
    })?;

    sheet(&mut wb, "数据来源", &mut |s| {
        s.header(&[
            ("序号", 6.0),
            ("考评内容", 30.0),
            ("年度", 8.0),
            ("填报单位", 20.0),
            ("单位类型", 10.0),
            ("指标编码", 10.0),
            ("数值", 10.0),
            ("文件", 30.0),
            ("工作表", 10.0),
            ("单元格", 8.0),
            ("备注", 30.0),
        ])?;
        for i in a.items() {
            for f in &i.sources {
                s.row(
                    &[
                        t(&i.item.number),
                        t(&i.item.content),
                        n(f.year as f64),
                        t(&f.unit),
                        t(f.unit_type.label()),
                        t(&f.code),
                        n(f.value),
                        t(&f.file),
                        t(&f.sheet),
                        t(&f.cell),
                    ],
                    false,
                )?;
            }
        }
        Ok(())
    })?;

    wb.save_to_buffer().map_err(fail("保存"))
}
