//! The 创建工作汇报 draft: the narrative of the cycle the assessors hear first, with
//! the cycle's cumulative figures in words, a year-by-year table of the main
//! indicators, the district's titles and the items still weak, for the office to edit.
//! Its words are a template (`templates/creation-report.md`, or the workspace's
//! `creation_template`) filled by the template engine, like the dossier's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::Kind;
use crate::date::DocDate;
use crate::numfmt;
use crate::template::{self, BlockError, Fenced, Fences, TemplateText};
use crate::typeset::{size, Align, Column, Cover, Document, Meta, Table};

use super::cycle::Cycle;
use super::document::{md, DossierError};
use super::evaluation::Status;
use super::score::Assessment;

/// What the draft is written from.
pub struct Inputs<'s, 'a> {
    pub assessment: &'s Assessment<'a>,
    pub cycle: &'s Cycle<'a>,
    /// The district's title record, from the workspace's `titles`.
    pub titles: &'s [String],
    pub date: DocDate,
    pub draft: bool,
}

/// `<region><from>-<to>年双拥模范城创建工作汇报`: the stem of the draft's file.
pub fn file_stem(region: &str, from: i32, to: i32) -> String {
    format!("{region}{from}-{to}年双拥模范城创建工作汇报")
}

/// The draft as a typeset document, from `template` (`templates/creation-report.md` or
/// the workspace's own).
pub fn document(inputs: &Inputs, template: &TemplateText) -> Result<Document, DossierError> {
    let a = inputs.assessment;
    let mut fences = YearTables { cycle: inputs.cycle, office: &a.office, date: inputs.date };
    let parsed = template::blocks(&template::environment(), template, context(inputs), &mut fences)?;
    let (blocks, title) = (parsed.blocks, parsed.title);
    let title = title.unwrap_or_else(|| format!("{}创建全国双拥模范城（县）工作汇报", a.region));
    Ok(Document {
        meta: Meta {
            title: title.clone(),
            author: a.office.clone(),
            subject: "双拥模范城（县）创建工作汇报".into(),
            keywords: vec!["双拥".into(), "双拥模范城".into(), "创建工作汇报".into(), a.region.clone()],
            language: "zh-CN".into(),
            date: inputs.date,
        },
        draft: inputs.draft,
        cover: Some(Cover {
            title,
            subtitle: Some(format!("（{}—{}年，征求意见稿）", a.from, a.to)),
            office: a.office.clone(),
            date_text: inputs.date.chinese(),
            mark: None,
        }),
        toc: false,
        official: None,
        blocks,
        attachments: Vec::new(),
    })
}

/// One indicator over the cycle, as the template says it.
#[derive(Serialize, Debug, PartialEq)]
struct FigureContext {
    name: String,
    unit: String,
    /// The cycle figure: the sum of the yearly totals for a flow, the last year's for a
    /// stock, recomputed from the sums for a derived indicator; `None` without data.
    value: Option<f64>,
    /// `value` with its unit (`3,080万元`), or `（待补）` for the office to fill in.
    text: String,
    /// `累计` for a flow, `现有` for a stock, empty for a rate.
    verb: &'static str,
}

#[derive(Serialize)]
struct WeakItem {
    number: String,
    content: String,
    status: &'static str,
    gap: String,
}

#[derive(Serialize)]
struct Context {
    region: String,
    office: String,
    from: i32,
    to: i32,
    /// Years in the cycle (`4年来`).
    span: i32,
    years: Vec<i32>,
    date_text: String,
    titles: Vec<String>,
    headline: String,
    /// Every catalogue indicator by code.
    f: BTreeMap<String, FigureContext>,
    weak: Vec<WeakItem>,
}

const TO_FILL: &str = "（待补）";

fn figures(cycle: &Cycle) -> BTreeMap<String, FigureContext> {
    cycle
        .ws
        .catalog
        .indicators()
        .iter()
        .map(|ind| {
            let value = cycle.figure(&ind.code).value;
            let text =
                value.map_or_else(|| TO_FILL.to_string(), |v| format!("{}{}", numfmt::table_figure(v, 2), ind.unit));
            let verb = match ind.kind {
                Kind::Flow => "累计",
                Kind::Stock => "现有",
                Kind::Derived => "",
            };
            (ind.code.clone(), FigureContext { name: ind.name.clone(), unit: ind.unit.clone(), value, text, verb })
        })
        .collect()
}

fn context(inputs: &Inputs) -> Context {
    let a = inputs.assessment;
    let weak = a
        .items()
        .filter(|i| matches!(i.status, Status::Unmet | Status::Partial | Status::AtRisk))
        .map(|i| WeakItem {
            number: i.item.number.clone(),
            content: md(&i.item.content),
            status: i.status.label(),
            gap: md(i.finding.gap.as_deref().unwrap_or_default()),
        })
        .collect();
    Context {
        region: md(&a.region),
        office: md(&a.office),
        from: a.from,
        to: a.to,
        span: a.to - a.from + 1,
        years: a.years(),
        date_text: inputs.date.chinese(),
        titles: inputs.titles.iter().map(|t| md(t)).collect(),
        headline: md(&a.headline()),
        f: figures(inputs.cycle),
        weak,
    }
}

/// The draft's `table` blocks: `kind = "years"`, the yearly district totals of `codes`.
struct YearTables<'s, 'a> {
    cycle: &'s Cycle<'a>,
    office: &'s str,
    date: DocDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearsBlock {
    kind: String,
    caption: Option<String>,
    codes: Vec<String>,
}

impl Fences for YearTables<'_, '_> {
    fn block(&mut self, kind: &str, text: &str) -> Result<Fenced, BlockError> {
        let error = |message: String| BlockError { line: None, message };
        if kind != "table" {
            return Err(error(format!("创建工作汇报没有 {kind} 块，只有 table（kind = \"years\"）")));
        }
        let spec: YearsBlock = template::parse_block(text, "表格")?;
        if spec.kind != "years" {
            return Err(error(format!("未知的表格“{}”：创建工作汇报只有 years 一种表格", spec.kind)));
        }
        let catalog = &self.cycle.ws.catalog;
        let mut rows = Vec::new();
        for code in &spec.codes {
            let ind = catalog.get(code).ok_or_else(|| error(format!("指标目录中没有指标 {code}")))?;
            let mut row = vec![ind.name.clone(), ind.unit.clone()];
            // One decimal keeps 万元 figures on one line in seven columns.
            let figure = |v: Option<f64>| v.map_or_else(|| "—".into(), |v| numfmt::table_figure(v, 1));
            row.extend(self.cycle.years().map(|y| figure(self.cycle.year_total(y, code).ok())));
            row.push(figure(self.cycle.figure(code).value));
            rows.push(row);
        }
        let mut columns = vec![Column::new("指标", Align::Left, 2.6), Column::new("单位", Align::Center, 0.8)];
        columns.extend(self.cycle.years().map(|y| Column::new(format!("{y}年"), Align::Right, 1.2)));
        columns.push(Column::new("周期", Align::Right, 1.3));
        Ok(Fenced::Table(Table { caption: spec.caption, columns, rows, total: None, font_size: size::WU_HAO }))
    }

    fn signer(&self) -> (String, String) {
        (self.office.to_string(), self.date.chinese())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::DataSet;
    use crate::validate::{Checked, Fact};
    use crate::workspace::{UnitType, Workspace};

    fn fact(year: i32, code: &str, value: f64) -> Fact {
        Fact {
            year,
            unit: "东湖街道".into(),
            unit_type: UnitType::Street,
            code: code.into(),
            value,
            approximate: false,
            file: format!("东湖街道{year}.xlsx"),
            sheet: "填报表".into(),
            cell: "E9".into(),
        }
    }

    #[test]
    fn cumulative_figures_are_the_sums_of_the_yearly_totals() {
        let ws = Workspace::parse(
            std::path::Path::new("ws"),
            "region = \"示例区\"\noffice = \"示例区双拥办\"\nyear = 2024\n[[units]]\nname = \"东湖街道\"\ntype = \"街道镇\"\n",
        )
        .unwrap();
        let mut facts = Vec::new();
        for (y, visits, bases) in [(2021, 10.0, 2.0), (2022, 12.0, 3.0), (2023, 9.5, 3.0), (2024, 14.0, 4.0)] {
            facts.push(fact(y, "YF05", visits));
            facts.push(fact(y, "GF01", bases));
        }
        let data = DataSet::build(&ws, 2024, Checked { facts, ..Checked::default() }).unwrap();
        let cycle = Cycle::new(&ws, &data, 2021, 2024);
        let f = figures(&cycle);
        let yearly: f64 = cycle.years().map(|y| cycle.year_total(y, "YF05").unwrap()).sum();
        assert_eq!(f["YF05"].value, Some(yearly));
        assert_eq!((f["YF05"].verb, f["YF05"].text.as_str()), ("累计", "45.5次"));
        // A stock is the last year's, never added up.
        assert_eq!((f["GF01"].verb, f["GF01"].value), ("现有", Some(4.0)));
        assert_eq!(f["TY01"].text, TO_FILL);
    }
}
