//! The report: fills the Markdown report template (`templates/annual-report.md`, or the
//! workspace's own) with the year's figures and turns it into a [`typeset::Document`];
//! writes the summary workbook.
//!
//! # Steps
//! 1. [`fill`]: the template's placeholders (`amount("YF05")`, `change(...)`,
//!    `units.total` …), filled by the template engine ([`crate::template`]); numbers are
//!    formatted by [`figures`].
//! 2. The engine reads the Markdown into blocks; the report's fenced `table` and `chart`
//!    blocks are made by [`fences`] ([`tables`], [`charts`]).
//! 3. [`document`] adds the cover, the 目录 and the PDF metadata.
//!
//! In 1, what only the office can write (存在的问题, 下一步打算 …) comes from the
//! workspace's `notes/<year>.md` ([`notes`]): a final report waits for it, a draft shows
//! where it goes and lists [`problems`] found in the figures to choose from.
//!
//! [`workbook::summary`] writes `<region><year>年度双拥统计汇总.xlsx` from the same figures.

use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::Arc;

use crate::chart::ChartSpec;
use crate::dataset::{DataSet, DataSetError};
use crate::date::DocDate;
use crate::template::{self, defaults, TemplateError, TemplateText};
use crate::typeset::{Attachment, Cover, Document, Meta, Official};
use crate::workspace::{QualityAppendix, Workspace};
use audience::Audience;

mod audience;
mod charts;
mod fences;
mod figures;
mod fill;
mod highlights;
mod notes;
mod problems;
mod quality;
mod sources;
mod tables;
mod titles;
pub mod workbook;

pub use notes::{unread_sections, write_skeleton};

#[cfg(test)]
mod testutil;

// The 创建工作汇报 tells the units' highlights and reads the office's notes as the report does.
pub(crate) use highlights::practice as highlight_practice;
pub(crate) use notes::{without_comments, Notes};

/// Everything a report is made from.
pub struct Inputs<'a> {
    pub ws: &'a Workspace,
    /// The report year.
    pub year: i32,
    /// The returns and tables of every year read.
    pub data: &'a DataSet,
    /// A draft: marked 草稿 on every page; its quality appendix lists the values left out.
    pub draft: bool,
    /// The public version (`build --public`), for the district's website: see
    /// [`audience`] for what it leaves out. Otherwise the internal version, whose cover
    /// carries the workspace's `internal_mark`.
    pub public: bool,
    /// The date printed on the cover and under the signature, and written into the PDF.
    pub date: DocDate,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The office's notes cannot be read.
    #[error("无法读取 {path}：{}", crate::foreign::io(.source))]
    Io { path: String, source: std::io::Error },
    /// The template cannot be read, or a placeholder, a block or its syntax is wrong.
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("无法生成统计汇总表：{0}")]
    Workbook(String),
    /// The facts could not be written out for the PDF to carry.
    #[error("无法生成 PDF 所附的统计数据：{0}")]
    Facts(#[from] DataSetError),
    #[error(transparent)]
    Aggregate(#[from] crate::aggregate::AggregateError),
    /// A chart written to files (`--charts`).
    #[error(transparent)]
    Chart(#[from] crate::chart::ChartError),
    /// The template places the office's own text (`notes/<year>.md`) and a section of it
    /// is empty: the office writes it, or builds a draft first.
    #[error("{}", office_text_message(file, sections, present, *exists))]
    OfficeText { file: String, sections: Vec<String>, present: Vec<String>, exists: bool },
}

fn office_text_message(file: &str, sections: &[String], present: &[String], exists: bool) -> String {
    let named: Vec<String> = sections.iter().map(|s| format!("“{s}”")).collect();
    let first = sections.first().map(String::as_str).unwrap_or("存在的问题");
    let how = if !exists {
        format!(
            "{file} 还不存在，运行 shuangyong template 会写出带各节标题的框架（init 新建的工作区已有），在“## {first}”等标题下写入正文即可"
        )
    } else if present.is_empty() {
        format!("请在 {file} 中“## {first}”这样的标题下写入正文（该文件各节都还没有内容）")
    } else {
        format!("请在 {file} 中“## {first}”这样的标题下写入正文（该文件已写的节：{}）", present.join("、"))
    };
    format!("报告中由双拥办撰写的{}尚未填写，未生成报告：{how}；如需先看草稿，加 --draft", named.join("、"))
}

/// `<region><year>年度双拥工作报告.pdf`, the contract's file name; the public version's
/// `<region><year>年度双拥工作报告（公开版）.pdf`, so that it never overwrites the internal one.
pub fn pdf_file_name(ws: &Workspace, year: i32, public: bool) -> String {
    format!("{}{}.pdf", report_title(ws, year), if public { "（公开版）" } else { "" })
}

/// `<region><year>年度数据质量说明.pdf`.
pub fn quality_file_name(ws: &Workspace, year: i32) -> String {
    format!("{}{year}年度数据质量说明.pdf", ws.region)
}

/// `<region><year>年度双拥统计汇总.xlsx`, the contract's file name.
pub fn workbook_file_name(ws: &Workspace, year: i32) -> String {
    format!("{}{year}年度双拥统计汇总.xlsx", ws.region)
}

fn report_title(ws: &Workspace, year: i32) -> String {
    format!("{}{year}年度双拥工作报告", ws.region)
}

/// The facts behind a document, for its PDF to carry as `facts.csv`: every value the
/// units returned for `years`, each with the file, sheet and cell it was read from, in
/// the bytes `query --format csv` gives for them.
pub fn facts_attachment(data: &DataSet, years: RangeInclusive<i32>) -> Attachment {
    let bytes = crate::query::facts_csv(data, years.clone()).into_bytes();
    let read: Vec<i32> = data.tables.years().iter().copied().filter(|y| years.contains(y)).collect();
    let span = match (read.first(), read.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}—{b}年度"),
        (Some(a), _) => format!("{a}年度"),
        _ => String::new(),
    };
    Attachment {
        name: "facts.csv".to_string(),
        mime: "text/csv".to_string(),
        bytes,
        description: format!("{span}各单位填报的统计数值，每个数值注明所在文件、工作表和单元格（UTF-8 编码的 CSV）"),
    }
}

/// The template filled in: the Markdown the document is read from.
pub fn markdown(inputs: &Inputs) -> Result<String, ReportError> {
    let template = inputs.ws.template(&defaults::REPORT)?;
    let audience = Audience::new(inputs)?;
    let figures = Arc::new(figures::Figures::new(inputs, &audience));
    Ok(template::marks::unmark_fences(&fill::render(inputs, &audience, &figures, None, &template)?))
}

/// The report made from the template.
pub struct Report {
    pub document: Document,
    /// The charts drawn in the document, in order (图1, 图2 …), for exporting them.
    pub charts: Vec<ChartSpec>,
}

/// The report as a document for the typesetter.
pub fn document(inputs: &Inputs) -> Result<Report, ReportError> {
    document_from(inputs, &inputs.ws.template(&defaults::REPORT)?)
}

/// Writes the charts of the report as SVG and PNG files into `dir`, `图N_<title>`:
/// the drawings the document holds, encoded, not drawn again; returns how many.
pub fn export_charts(document: &Document, dir: &Path) -> Result<usize, ReportError> {
    let figures = document.blocks.iter().filter_map(|b| match b {
        crate::typeset::Block::Figure(f) => Some(f),
        _ => None,
    });
    let mut n = 0;
    for (i, figure) in figures.enumerate() {
        let stem = crate::output::safe_file_stem(&format!("图{}_{}", i + 1, figure.caption), "图");
        crate::chart::export(&figure.drawing, &figure.caption, dir, &stem)?;
        n = i + 1;
    }
    Ok(n)
}

/// The 数据质量说明 as a document of its own, unless the workspace keeps it inside the
/// report (`quality_appendix = "inside"`). No cover and no 目录: a few pages of notes;
/// it carries the attachments of the internal `report` it goes with.
pub fn quality_document(inputs: &Inputs, report: &Document) -> Result<Option<Document>, ReportError> {
    if inputs.ws.quality_appendix == QualityAppendix::Inside {
        return Ok(None);
    }
    let template = inputs.ws.template(&defaults::QUALITY_NOTES)?;
    // The same facts as the report's: written out once per build.
    let mut document = document_with(inputs, &template, || Ok(report.attachments.clone()))?.document;
    document.meta.subject = format!("{}{}年度双拥统计数据质量说明", inputs.ws.region, inputs.year);
    document.cover = None;
    document.toc = false;
    document.official = None;
    Ok(Some(document))
}

fn document_from(inputs: &Inputs, template: &TemplateText) -> Result<Report, ReportError> {
    // Every year up to the report's: the trend charts and the totals since a year reach
    // back to the first. Not in the public version: the facts name every unit, its files
    // and the figures the public version withholds.
    document_with(inputs, template, || {
        Ok(if inputs.public { Vec::new() } else { vec![facts_attachment(inputs.data, i32::MIN..=inputs.year)] })
    })
}

fn document_with(
    inputs: &Inputs,
    template: &TemplateText,
    attachments: impl FnOnce() -> Result<Vec<Attachment>, ReportError>,
) -> Result<Report, ReportError> {
    let audience = Audience::new(inputs)?;
    let figures = Arc::new(figures::Figures::new(inputs, &audience));
    let provenance = inputs.draft.then(|| Arc::new(sources::Provenance::new(inputs, &figures)));
    let filled = fill::render(inputs, &audience, &figures, provenance.as_ref(), template)?;
    let mut fences = fences::ReportFences {
        inputs,
        audience: &audience,
        figures: &figures,
        provenance: provenance.as_deref(),
        charts: Vec::new(),
    };
    let parsed = template::read(&template.origin, &filled, &mut fences)?;
    let ws = inputs.ws;
    let title = parsed.title.unwrap_or_else(|| report_title(ws, inputs.year));
    let date_text = inputs.date.chinese();
    let mark = if inputs.public { None } else { ws.internal_mark.clone() };
    let document = Document {
        meta: Meta {
            title: title.clone(),
            author: ws.office.clone(),
            subject: format!("{}{}年度双拥工作情况和统计数据", ws.region, inputs.year),
            keywords: vec!["双拥".to_string(), ws.region.clone(), format!("{}年度", inputs.year)],
            language: "zh-CN".to_string(),
            date: inputs.date,
        },
        draft: inputs.draft,
        // The 公文 form has its 版头 instead of a cover, and no 目录.
        cover: ws.official.is_none().then(|| Cover {
            title,
            subtitle: None,
            office: ws.office.clone(),
            date_text: date_text.clone(),
            mark: mark.clone(),
        }),
        toc: ws.official.is_none(),
        official: ws.official.as_ref().map(|o| Official {
            issuer_mark: o.issuer.clone(),
            number: o.number.clone(),
            signer: o.signer.clone(),
            addressee: o.to.clone(),
            copy_to: o.copy_to.clone(),
            printer: o.printer.clone(),
            print_date_text: date_text,
            // 内部资料 is no 密级: the 公文 form has no mark at 密级's place.
            mark: None,
        }),
        blocks: parsed.blocks,
        attachments: attachments()?,
    };
    Ok(Report { document, charts: fences.charts })
}

#[cfg(test)]
mod tests {
    use super::testutil::{data_set, fact, inputs, workspace};
    use super::*;
    use crate::typeset::{Block, Span};
    use crate::validate::Checked;
    use crate::validate::Submission;

    fn with_inputs<T>(draft: bool, f: impl FnOnce(&Inputs) -> T) -> T {
        with_version(draft, false, Vec::new(), f)
    }

    /// The fixture's inputs, public or not, with `extra` facts.
    fn with_version<T>(
        draft: bool,
        public: bool,
        extra: Vec<crate::validate::Fact>,
        f: impl FnOnce(&Inputs) -> T,
    ) -> T {
        let ws = workspace();
        let mut facts = vec![
            fact(2024, "东湖街道", "YF05", 120.0),
            fact(2024, "西城街道", "YF05", 98.0),
            fact(2024, "南山镇", "YF05", 87.0),
            fact(2024, "区教育局", "YF05", 300.0),
            fact(2023, "东湖街道", "YF05", 100.0),
            fact(2024, "区退役军人事务局", "YF02", 3500.0),
            fact(2024, "东湖街道", "ZZ05", 12.5),
        ];
        facts.extend(extra);
        let highlight = |year: i32, unit: &str, category: &str, title: &str, text: &str| crate::validate::Highlight {
            year,
            unit: unit.into(),
            unit_type: ws.unit(unit).unwrap().unit_type,
            category: category.into(),
            title: title.into(),
            text: text.into(),
            public: true,
            file: format!("{unit}.xlsx"),
            sheet: "工作亮点".into(),
            cell: "B4".into(),
        };
        let highlights = vec![
            highlight(2024, "东湖街道", "拥军优属", "兵妈妈驿站", "依托社区开设驿站"),
            highlight(2024, "某部", "其他", "", "我部开放营区"),
            highlight(2024, "区教育局", "组织领导", "双拥进校园", "组织双拥主题班会"),
            highlight(2023, "西城街道", "拥军优属", "旧事", "去年的事"),
        ];
        let mut checked = Checked { facts, highlights, ..Checked::default() };
        checked.submissions.insert(
            2024,
            ws.units
                .iter()
                .map(|u| Submission {
                    unit: u.name.clone(),
                    unit_type: u.unit_type,
                    file: (u.name != "某部").then(|| format!("{}.xlsx", u.name)),
                    errors: 0,
                    warnings: 0,
                })
                .collect(),
        );
        let data = data_set(&ws, checked);
        let inputs = inputs(&ws, &data, draft, public);
        f(&inputs)
    }

    /// `src` as the workspace's own template `my.md`.
    fn my(src: &str) -> TemplateText {
        TemplateText { origin: "my.md".into(), text: src.to_string().into() }
    }

    fn doc(src: &str) -> Result<Document, ReportError> {
        with_inputs(false, |i| document_from(i, &my(src))).map(|r| r.document)
    }

    fn err(src: &str) -> String {
        doc(src).unwrap_err().to_string()
    }

    #[test]
    fn headings_are_numbered_per_parent() {
        let d = doc("# 标题\n\n## 甲\n\n### 子\n\n#### 孙\n\n##### 曾孙\n\n##### 曾孙\n\n### 子\n\n## 乙\n\n### 子\n\n## 附表 {-}\n").unwrap();
        let heads: Vec<String> = d
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } | Block::Title(text) => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            heads,
            ["标题", "一、甲", "（一）子", "1.孙", "（1）曾孙", "（2）曾孙", "（二）子", "二、乙", "（一）子", "附表"]
        );
        assert_eq!(d.meta.title, "标题");
        assert_eq!(d.cover.as_ref().unwrap().title, "标题");
        assert_eq!(d.cover.as_ref().unwrap().date_text, "2024年12月20日");
    }

    /// Issue 9: a category's highlights of the report year, numbered on through a list of
    /// categories; nothing for a category without any; an unknown category names its line.
    #[test]
    fn highlights_fill_in_by_category() {
        let d = doc("{{ highlights(\"拥军优属\", \"引。\") }}\n\n{{ highlights([\"组织领导\", \"其他\"], [\"甲。\", \"乙。\"]) }}\n\n{{ highlights(\"社会化拥军\", \"引。\") }}末。")
            .unwrap();
        assert_eq!(
            d.blocks,
            [
                // A lone highlight: no lead, its title named.
                Block::paragraph("东湖街道围绕“兵妈妈驿站”，依托社区开设驿站。"),
                // Leads vary by year: 2024 takes the first of two.
                Block::paragraph("甲。一是双拥进校园。区教育局组织双拥主题班会。二是某部开放营区。"),
                Block::paragraph("末。"),
            ]
        );
        let e = err("正文\n\n{{ highlights(\"拥军优抚\") }}\n");
        assert!(e.contains("第 3 行") && e.contains("拥军优抚") && e.contains("其他"), "{e}");
    }

    #[test]
    fn placeholders_fill_in() {
        let d = doc("全年走访{{ amount(\"YF05\") }}{{ change(\"YF05\") | comma }}，经费{{ amount(\"ZZ05\") }}，抚恤金{{ amount(\"YF02\") }}{{ change(\"YF02\") | paren }}。\n\n\
                     最多的是{{ list_units(top(\"YF05\", 2, \"街道镇\")) }}；{{ units.submitted }}/{{ units.total }}，{{ units.missing | join(\"、\") }}未报。")
            .unwrap();
        assert_eq!(
            d.blocks,
            [
                // Like with like, 东湖街道 alone reported in 2023: no words for part of the units.
                Block::paragraph("全年走访605次，经费12.5万元，抚恤金3500万元。"),
                Block::paragraph("最多的是东湖街道（120次）和西城街道（98次）；5/6，某部未报。"),
            ]
        );
    }

    #[test]
    fn paragraphs_lists_quotes_and_breaks() {
        let d = doc(
            "　　第一行\n第二行 **加粗** 与 A\nB。\n\n1. 甲\n2. 乙\n\n- 丙\n\n> 注：说明\n\n---\n\n```signature\n```\n",
        )
        .unwrap();
        assert_eq!(
            d.blocks,
            [
                Block::Paragraph(vec![Span::plain("第一行第二行 "), Span::bold("加粗"), Span::plain(" 与 A B。")]),
                Block::paragraph("1.甲"),
                Block::paragraph("2.乙"),
                Block::paragraph("•丙"),
                Block::Note("注：说明".into()),
                Block::PageBreak,
                Block::Signature {
                    office: "示例区双拥工作领导小组办公室".into(), date_text: "2024年12月20日".into()
                },
            ]
        );
    }

    #[test]
    fn text_refers_to_figures_by_id() {
        let chart = |id: &str, code: &str| {
            format!("```chart\nkind = \"bar_by_unit\"\nindicator = \"{code}\"\ntitle = \"t\"\nid = \"{id}\"\n```\n\n")
        };
        // YF08 has no figures in the fixture: its chart is not drawn, so the next one is 图2.
        let src = format!(
            "# T\n\n见{{{{ figure(\"b\") }}}}和{{{{ figure(\"a\") }}}}，{{{{ figure(\"none\") }}}}。\n\n{}{}{}",
            chart("a", "YF05"),
            chart("none", "YF08"),
            chart("b", "YF05"),
        );
        let d = doc(&src).unwrap();
        assert_eq!(d.blocks[1], Block::paragraph("见图2和图1，（图未绘制）。"));
        let e = err("# T\n\n见{{ figure(\"nope\") }}。\n");
        assert!(e.contains("nope"), "{e}");
    }

    #[test]
    fn unknown_code_names_the_template_line() {
        let e = err("# T\n\n正文\n\n全年走访{{ amount(\"XX99\") }}。\n");
        assert!(e.contains("my.md 第 5 行") && e.contains("XX99"), "{e}");
        let e = err("{# 注释\n两行 #}\n{{ change(\"YF5\") }}\n");
        assert!(e.contains("第 3 行") && e.contains("YF5"), "{e}");
    }

    #[test]
    fn syntax_and_undefined_errors_name_the_line() {
        let e = err("# T\n\n{% if units.total %}\n未闭合\n");
        assert!(e.contains("my.md") && e.contains("模板语法错误"), "{e}");
        let e = err("# T\n\n共{{ units.totl }}个\n");
        assert!(e.contains("第 3 行") && e.contains("units.totl"), "{e}");
    }

    #[test]
    fn block_errors_name_the_template_line() {
        let e = err("{# 一行注释\n第二行 #}\n# T\n\n```table\nkind = \"summary\"\ncodes = [\"YF05\", \"XX01\"]\n```\n");
        assert!(e.contains("my.md 第 7 行") && e.contains("XX01"), "{e}");
        let e = err("# T\n\n```table\nkind = \"pie\"\n```\n");
        assert!(e.contains("第 4 行") && e.contains("pie") && e.contains("summary"), "{e}");
        let e = err("# T\n\n```table\nkind = \"category\"\ncategory = \"不存在\"\n```\n");
        assert!(e.contains("第 5 行") && e.contains("不存在") && e.contains("组织领导"), "{e}");
        let e = err("# T\n\n```table\nkind = \"summary\"\ncodes = [\"YF05\"\n```\n");
        assert!(e.contains("my.md 第 5 行") && e.contains("参数有误"), "{e}");
        let e = err("# T\n\n```table\nkind = \"quality\"\ncolour = \"red\"\n```\n");
        assert!(e.contains("第 5 行") && e.contains("colour"), "{e}");
        let e = err("# T\n\n```python\nprint()\n```\n");
        assert!(e.contains("第 3 行") && e.contains("python"), "{e}");
        let e = err("# T\n\n###### 太深\n");
        assert!(e.contains("太深"), "{e}");
    }

    #[test]
    fn chart_blocks_become_figures() {
        let d = doc("```chart\nkind = \"bar_by_unit\"\nindicator = \"YF05\"\ntitle = \"走访\"\n```\n\n\
                     ```chart\nkind = \"bar_by_unit\"\nindicator = \"AM01\"\ntitle = \"兵力\"\n```\n")
        .unwrap();
        assert!(
            matches!(&d.blocks[0], Block::Figure(f) if f.caption == "走访" && !f.drawing.items.is_empty()),
            "{:?}",
            d.blocks[0]
        );
        assert!(matches!(&d.blocks[1], Block::Note(n) if n.contains("兵力")), "{:?}", d.blocks[1]);
        let e = err("# T\n\n```chart\nkind = \"bar_by_unit\"\nindicatr = \"YF05\"\ntitle = \"x\"\n```\n");
        assert!(e.contains("第 5 行") && e.contains("indicatr"), "{e}");
    }

    #[test]
    fn table_directives() {
        let d = doc("```table\nkind = \"summary\"\ncaption = \"主要指标\"\ncodes = [\"YF05\", \"ZZ01\"]\n```\n\n\
                     ```table\nkind = \"by_unit\"\nindicator = \"YF05\"\nunit_type = \"街道镇\"\n```\n\n\
                     ```table\nkind = \"submissions\"\n```\n\n\
                     ```table\nkind = \"by_unit_type\"\nindicator = \"YF05\"\n```\n")
        .unwrap();
        let tables: Vec<&crate::typeset::Table> =
            d.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
        assert_eq!(tables.len(), 4);
        let headers: Vec<&str> = tables[0].columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(headers, ["指标", "计量单位", "2024年", "2023年", "比上年增减"]);
        // A row empty in both years (ZZ01) is left out.
        assert_eq!(tables[0].rows, [["走访慰问优抚对象和部队", "次", "605", "100", "+20.0%*"]]);
        let table = d.blocks.iter().position(|b| matches!(b, Block::Table(_))).unwrap();
        // One short line under the table; the units are named in the 数据质量说明.
        assert!(
            matches!(&d.blocks[table + 1], Block::Note(n) if n.contains("带*") && !n.contains("西城街道")),
            "{:?}",
            d.blocks[table + 1]
        );
        assert_eq!(tables[1].caption.as_deref(), Some("各街道镇走访慰问优抚对象和部队"));
        assert_eq!(tables[1].rows.len(), 3);
        assert_eq!(tables[1].rows[0], ["1", "东湖街道", "街道镇", "120"]);
        assert_eq!(tables[1].total.as_ref().unwrap()[3], "305");
        assert_eq!(tables[2].rows.len(), 6);
        assert_eq!(tables[2].rows[5][2], "未报");
        assert_eq!(tables[2].total.as_ref().unwrap()[..4], ["合计6个单位", "", "已报5个", "未报1个"]);
        assert_eq!(tables[3].rows, [["部门", "1", "300"], ["街道镇", "3", "305"]]);
        assert_eq!(tables[3].total.as_ref().unwrap(), &["合计", "4", "605"]);
    }

    /// The public version of a template that knows nothing of it, and the internal one.
    fn versions(src: &str) -> [Result<Document, ReportError>; 2] {
        [false, true].map(|public| {
            let extra = vec![
                fact(2024, "某部", "AM01", 560.0),
                fact(2024, "东湖街道", "ZC04", 9.0),
                fact(2024, "东湖街道", "ZC06", 10.0),
            ];
            with_version(false, public, extra, |i| document_from(i, &my(src))).map(|r| r.document)
        })
    }

    fn tables_of(d: &Document) -> Vec<&crate::typeset::Table> {
        d.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn the_public_version_withholds_conscription_and_troops_own_figures() {
        let src = "# T\n\n{% if value(\"ZC06\") %}任务{{ amount(\"ZC06\") }}。{% endif %}\
                   兵力{{ amount(\"AM01\") }}{{ list_units(top(\"AM01\")) }}；{{ units.missing | join(\"、\") }}未报，\
                   见{{ figure(\"troops\") }}。\n\n\
                   ```table\nkind = \"summary\"\ncodes = [\"ZC06\", \"YF05\", \"ZC07\"]\n```\n\n\
                   ```table\nkind = \"category\"\ncategory = \"支持部队建设\"\n```\n\n\
                   ```table\nkind = \"by_unit\"\nindicator = \"AM01\"\n```\n\n\
                   ```table\nkind = \"by_unit\"\nindicator = \"ZC04\"\n```\n\n\
                   ```table\nkind = \"submissions\"\n```\n\n\
                   ```chart\nkind = \"bar_by_unit\"\nindicator = \"AM01\"\ntitle = \"兵力\"\nid = \"troops\"\n```\n";
        let [internal, public] = versions(src).map(Result::unwrap);
        assert_eq!(internal.blocks[1], Block::paragraph("任务10名。兵力560人次某部（560人次）；某部未报，见图1。"));
        assert_eq!(public.blocks[1], Block::paragraph("兵力560人次；驻区某部未报，见（图未绘制）。"));
        assert_eq!(internal.cover.as_ref().unwrap().mark.as_deref(), Some("内部资料"));
        assert_eq!(public.cover.as_ref().unwrap().mark, None);
        assert!(matches!(internal.blocks.last(), Some(Block::Figure(_))));
        let chart = |b: &Block| matches!(b, Block::Figure(_)) || matches!(b, Block::Note(n) if n.contains("兵力"));
        assert!(!public.blocks.iter().any(chart), "not even a note: {:?}", public.blocks);

        let (int, publ) = (tables_of(&internal), tables_of(&public));
        // The by_unit tables of troops and of ZC04 vanish, and the category table, whose
        // only figures are the conscription's.
        assert_eq!((int.len(), publ.len()), (5, 2));
        let names = |t: &crate::typeset::Table| t.rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>();
        assert_eq!(names(int[0]), ["征兵任务数", "走访慰问优抚对象和部队", "征兵任务完成率"]);
        assert_eq!(names(publ[0]), ["走访慰问优抚对象和部队"]);
        assert_eq!(names(int[1]), ["完成征兵任务人数", "征兵任务数", "征兵任务完成率"]);
        // The public submissions table: no files, troop units under their display names.
        let headers: Vec<&str> = publ[1].columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(headers, ["单位", "类型", "报送情况"]);
        assert_eq!(publ[1].rows.last().unwrap(), &["驻区某部", "驻区部队", "未报"]);
        assert_eq!(publ[1].total.as_ref().unwrap(), &["合计6个单位", "", "已报5个、未报1个"]);
        assert_eq!(int[4].rows.last().unwrap()[0], "某部");
    }

    #[test]
    fn the_public_version_refuses_to_quote_a_withheld_figure_or_the_quality_notes() {
        for src in ["# T\n\n正文\n\n任务{{ amount(\"ZC06\") }}。\n", "# T\n\n正文\n\n{{ change(\"ZC07\") }}\n"] {
            let [internal, public] = versions(src);
            assert!(internal.is_ok());
            let e = public.unwrap_err().to_string();
            assert!(e.contains("my.md 第 5 行") && e.contains("不公开") && e.contains("if not public"), "{e}");
        }
        let [internal, public] = versions("# T\n\n```table\nkind = \"quality\"\n```\n");
        assert!(internal.is_ok());
        let e = public.unwrap_err().to_string();
        assert!(e.contains("第 3 行") && e.contains("公开版"), "{e}");
    }

    #[test]
    fn the_office_text_is_a_placeholder_in_a_draft_and_stops_a_final_report() {
        let src = "# T\n\n{{ notes(\"存在的问题\") }}\n\n{% if has_notes(\"创建荣誉\") %}荣誉{% endif %}\n";
        let draft = with_inputs(true, |i| document_from(i, &my(src))).unwrap().document;
        assert_eq!(
            draft.blocks,
            [
                Block::Title("T".into()),
                Block::paragraph("【待双拥办撰写“存在的问题”：请写入 notes/2024.md 的“## 存在的问题”一节】")
            ]
        );
        let e = err(src);
        assert!(e.contains("“存在的问题”") && e.contains("ws/notes/2024.md") && e.contains("--draft"), "{e}");
        assert!(matches!(with_inputs(false, |i| document_from(i, &my(src))), Err(ReportError::OfficeText { .. })));
    }

    /// The bundled template filled from `facts` (a draft, so that the office's own text
    /// may be missing).
    fn bundled_text(facts: Vec<crate::validate::Fact>) -> String {
        let ws = workspace();
        let checked = Checked { facts, ..Checked::default() };
        let data = data_set(&ws, checked);
        markdown(&inputs(&ws, &data, true, false)).unwrap()
    }

    /// Issue 19: nothing asserted without data. With every indicator reported, then with
    /// each one missing in turn, the bundled template never prints a gap, and a sentence
    /// that claims an activity goes with the figure behind it.
    #[test]
    fn every_claim_of_the_bundled_template_rests_on_its_figures() {
        let ws = workspace();
        let reporter = |ind: &crate::catalog::Indicator| match (ind.aggregate, ind.reported_by[0]) {
            (crate::catalog::Aggregate::Authoritative, _) => "区退役军人事务局",
            (_, crate::workspace::UnitType::Department) => "区教育局",
            (_, crate::workspace::UnitType::Street) => "东湖街道",
            (_, crate::workspace::UnitType::Troop) => "某部",
        };
        let reported: Vec<&crate::catalog::Indicator> =
            ws.catalog.indicators().iter().filter(|i| i.aggregate != crate::catalog::Aggregate::Formula).collect();
        let facts_without = |code: &str| {
            reported.iter().filter(|i| i.code != code).map(|i| fact(2024, reporter(i), &i.code, 10.0)).collect()
        };
        let claims = [
            ("ZZ05", "双拥工作经费"),
            ("ZC12", "修缮营房"),
            ("YF05", "各单位全年走访慰问"),
            ("YF11", "补充医疗保险"),
            ("YF15", "文艺小分队"),
            ("TY10", "安排工作"),
            ("AM11", "党组织结对共建"),
            ("GF03", "学生军训"),
            ("GF14", "英烈祭扫"),
            ("SH04", "“双清单”制度"),
        ];
        let full = bundled_text(facts_without(""));
        for (code, claim) in claims {
            assert!(full.contains(claim), "{code}: {claim} missing from\n{full}");
        }
        for ind in &reported {
            let text = bundled_text(facts_without(&ind.code));
            for gap in ["（未报送）", "（无法计算）", "（待核实）"] {
                assert!(!text.contains(gap), "without {}: {gap} in\n{text}", ind.code);
            }
            for (_, claim) in claims.iter().filter(|(code, _)| *code == ind.code) {
                assert!(!text.contains(claim), "without {}: “{claim}” still claimed", ind.code);
            }
        }
    }

    #[test]
    fn bundled_template_fills_and_parses() {
        let md = with_inputs(true, markdown).unwrap();
        assert!(md.starts_with("# 示例区2024年度双拥工作报告"), "{md}");
        assert!(md.contains("```table\nkind = \"all_categories\""), "{md}");
        let r = with_inputs(true, document).unwrap();
        let d = r.document;
        assert!(d.draft && d.toc);
        // Two chart blocks (no ranking of units: writing.md), both drawn from the fixture.
        let drawn = d.blocks.iter().filter(|b| matches!(b, Block::Figure(_))).count();
        assert_eq!((r.charts.len(), drawn), (2, 2));
        assert!(d
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Figure(f) if f.caption == "优待抚恤金和义务兵家庭优待金发放情况")));
        assert_eq!(d.meta.title, "示例区2024年度双拥工作报告");
        assert!(d
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Heading { level: 1, text } if text == "一、主要做法和成效")));
        // The facts of every year up to the report's travel with it.
        let [facts] = d.attachments.as_slice() else { panic!("{:?}", d.attachments) };
        assert_eq!((facts.name.as_str(), facts.mime.as_str()), ("facts.csv", "text/csv"));
        assert!(facts.description.starts_with("2023—2024年度"), "{}", facts.description);
        let csv = String::from_utf8(facts.bytes.clone()).unwrap();
        assert!(csv.starts_with("year,unit,code,value,file,sheet,cell\n2023,东湖街道,YF05,100,"), "{csv}");
        assert_eq!(csv.lines().count(), 1 + 7, "{csv}");
    }
}
