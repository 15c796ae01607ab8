//! The dossier as a typeset document: score summary, every item with its figures,
//! units and source cells, the items not met or at risk, and the documents the
//! assessors will ask for.

use crate::chart::{self, ChartError};
use crate::numfmt;
use crate::typeset::{size, Align, Block, Column, Cover, DocDate, Document, Figure, Meta, Table};

use super::evaluation::Status;
use super::provenance::cell_text;
use super::score::{Assessment, ItemScore};

/// The dossier. `draft` (what the draft could not vouch for, e.g. the data errors left)
/// marks every page 草稿 and is listed at the head.
pub fn document(a: &Assessment, date: DocDate, draft: Option<&[String]>) -> Result<Document, ChartError> {
    let title = a.title();
    let mut blocks = vec![Block::Title(title.clone()), Block::Subtitle(format!("（{}）", date.chinese()))];
    if let Some(d) = &draft {
        blocks.push(Block::Heading { level: 1, text: "草稿说明".into() });
        blocks.push(Block::paragraph(format!(
            "本材料为草稿：统计数据仍有{}处错误未改正，有误的数字没有计入评分。以下评分仅供内部核对，不能作为考评材料报送。",
            d.len()
        )));
        blocks.extend(d.iter().map(|n| Block::Note(n.clone())));
    }
    blocks.push(Block::paragraph(introduction(a)));
    blocks.push(Block::paragraph(returns(a)));
    if !a.missing_years.is_empty() {
        let years = a.missing_years.iter().map(|y| format!("{y}年")).collect::<Vec<_>>().join("、");
        blocks.push(Block::paragraph(format!(
            "{years}没有任何单位报送统计表，相关考评内容无法评分，已列入“未达标和存在风险的项目”；缺报年度不按0计算。"
        )));
    }

    blocks.push(Block::Heading { level: 1, text: "一、得分汇总".into() });
    blocks.push(Block::Table(summary_table(a)));
    blocks.push(Block::Figure(score_figure(a)?));

    blocks.push(Block::Heading { level: 1, text: "二、逐项评分".into() });
    for (i, s) in a.standards.iter().enumerate() {
        blocks.push(Block::Heading {
            level: 2,
            text: format!(
                "（{}）{}（{}分，得{}分）",
                numfmt::chinese_numeral(i + 1),
                s.standard.name,
                numfmt::points(s.standard.points),
                numfmt::points(s.earned())
            ),
        });
        for item in &s.items {
            item_blocks(item, a, &mut blocks);
        }
    }

    blocks.push(Block::Heading { level: 1, text: "三、未达标和存在风险的项目".into() });
    let risky: Vec<&ItemScore> =
        a.items().filter(|i| matches!(i.status, Status::Unmet | Status::AtRisk | Status::Partial)).collect();
    if risky.is_empty() {
        blocks.push(Block::paragraph("可由统计数据评定的考评内容均已达标。"));
    } else {
        blocks.push(Block::Table(risk_table(&risky)));
    }

    blocks.push(Block::Heading { level: 1, text: "四、需佐证材料的项目".into() });
    let evidence: Vec<&ItemScore> = a.items().filter(|i| i.status == Status::NeedsEvidence).collect();
    if evidence.is_empty() {
        blocks.push(Block::paragraph("没有仅凭佐证材料评定的考评内容。"));
    } else {
        blocks.push(Block::paragraph(format!(
            "以下{}项共{}分无法由统计数据评定，请按所列清单准备佐证材料，供考评组查阅台账时核验。",
            evidence.len(),
            numfmt::points(a.evidence_points())
        )));
        blocks.push(Block::Table(evidence_table(&evidence)));
    }

    blocks.push(Block::Signature { office: a.office.clone(), date_text: date.chinese() });

    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading { level: 1, text: "附表：数据来源".into() });
    blocks.push(Block::paragraph(
        "以下逐项列出评分用到的每个单元格：年度、填报单位、指标、数值及其所在的文件、工作表和单元格，供考评组查阅原始台账时核对。",
    ));
    source_tables(a, &mut blocks);

    Ok(Document {
        meta: Meta {
            title: title.clone(),
            author: a.office.clone(),
            subject: "双拥模范城（县）创建考评材料".into(),
            keywords: vec!["双拥".into(), "双拥模范城".into(), "考评".into(), a.region.clone()],
            language: "zh-CN".into(),
            date,
        },
        draft: draft.is_some(),
        cover: Some(Cover {
            title,
            subtitle: Some(format!("（{}—{}年）", a.from, a.to)),
            office: a.office.clone(),
            date_text: date.chinese(),
        }),
        toc: true,
        blocks,
    })
}

fn introduction(a: &Assessment) -> String {
    let items = a.items().count();
    let scored = a.points() - a.evidence_points();
    format!(
        "本材料按{region}双拥工作领导小组各成员单位{from}—{to}年报送的统计数据，对照双拥模范城（县）考评标准的{n}条基本标准、{items}项考评内容逐项评分。\
         满分{points}分，其中{scored}分可由统计数据评定，得{earned}分；其余{evidence}分须由考评组查阅佐证材料评定。\
         周期数字的算法：累计类指标（次数、金额等）按各年合计相加（表中“合计”），存量类指标（服务站、基地等）取{to}年末数（表中“末年”），比率按各年合计后的分子、分母重新计算（表中“重算”），不取各年比率的平均。\
         标注“试行考评标准”的考评内容和分值来自《全国双拥模范城（县）考评标准（试行）》，标注“本办设定”的为本办参照创建要求设定，可在考评标准文件中调整。",
        region = a.region,
        from = a.from,
        to = a.to,
        n = a.standards.len(),
        points = numfmt::points(a.points()),
        scored = numfmt::points(scored),
        earned = numfmt::points(a.earned()),
        evidence = numfmt::points(a.evidence_points()),
    )
}

/// `各年报送情况：2021年25个成员单位全部报送；2022年报送24个，区总工会未报送。`
fn returns(a: &Assessment) -> String {
    let years = a
        .returns
        .iter()
        .map(|r| match (r.returned, r.not_returned.len()) {
            (0, _) => format!("{}年没有单位报送", r.year),
            (_, 0) => format!("{}年{}个成员单位全部报送", r.year, r.roster),
            (n, _) => format!("{}年报送{n}个，{}未报送", r.year, r.not_returned.join("、")),
        })
        .collect::<Vec<_>>()
        .join("；");
    let partial = a.returns.iter().any(|r| r.returned > 0 && !r.not_returned.is_empty());
    let caveat = if partial {
        "未报送单位的数字不在合计之内，相关考评内容的得分可能偏低。"
    } else {
        ""
    };
    format!("各年报送情况：{years}。{caveat}")
}

fn score_figure(a: &Assessment) -> Result<Figure, ChartError> {
    let caption = format!("{}—{}年各项基本标准得分", a.from, a.to);
    let rows: Vec<(String, f64, f64)> =
        a.standards.iter().map(|s| (s.standard.name.clone(), s.earned(), s.standard.points)).collect();
    Ok(Figure { drawing: chart::score_bars(&caption, &rows)?, caption })
}

fn summary_table(a: &Assessment) -> Table {
    let rows = a
        .standards
        .iter()
        .map(|s| {
            let evidence = s.evidence_points();
            vec![
                format!("{}. {}", s.standard.number, s.standard.name),
                numfmt::points(s.standard.points),
                numfmt::points(s.standard.points - evidence),
                numfmt::points(s.earned()),
                numfmt::points(evidence),
                (s.count(Status::Unmet) + s.count(Status::Partial)).to_string(),
                s.count(Status::AtRisk).to_string(),
            ]
        })
        .collect();
    let count = |status| a.standards.iter().map(|s| s.count(status)).sum::<usize>();
    Table {
        caption: Some(format!("{}—{}年考评得分汇总", a.from, a.to)),
        columns: vec![
            Column::new("基本标准", Align::Left, 4.0),
            Column::new("分值", Align::Right, 1.0),
            Column::new("统计可评", Align::Right, 1.2),
            Column::new("得分", Align::Right, 1.0),
            Column::new("待佐证", Align::Right, 1.2),
            Column::new("未满分项", Align::Right, 1.2),
            Column::new("风险项", Align::Right, 1.0),
        ],
        rows,
        total: Some(vec![
            "合计".into(),
            numfmt::points(a.points()),
            numfmt::points(a.points() - a.evidence_points()),
            numfmt::points(a.earned()),
            numfmt::points(a.evidence_points()),
            (count(Status::Unmet) + count(Status::Partial)).to_string(),
            count(Status::AtRisk).to_string(),
        ]),
        font_size: size::XIAO_SI,
    }
}

/// Units shown by name per indicator; the rest are counted (the workbook lists all).
const UNITS_SHOWN: usize = 5;

/// `ZC04：东湖街道 40人、西城街道 30人等12个单位`, per indicator.
fn contributors(item: &ItemScore) -> String {
    let mut parts = Vec::new();
    let mut rest = item.contributors.as_slice();
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|c| c.code == first.code).count();
        let (of_code, next) = rest.split_at(n);
        let named = of_code
            .iter()
            .take(UNITS_SHOWN)
            .map(|c| format!("{} {}{}", c.unit, numfmt::points(c.value), c.unit_of_measure))
            .collect::<Vec<_>>()
            .join("、");
        let more = if n > UNITS_SHOWN { format!("等{n}个单位") } else { String::new() };
        parts.push(format!("{}：{named}{more}", first.code));
        rest = next;
    }
    parts.join("；")
}

/// One table per item of every cell its figures read.
fn source_tables(a: &Assessment, blocks: &mut Vec<Block>) {
    for item in a.items().filter(|i| !i.sources.is_empty()) {
        blocks.push(Block::Table(Table {
            caption: Some(format!("{}　数据来源", item.item.number)),
            columns: vec![
                Column::new("年度", Align::Center, 0.9),
                Column::new("填报单位", Align::Left, 2.4),
                Column::new("指标", Align::Center, 0.9),
                Column::new("数值", Align::Right, 1.2),
                Column::new("文件 › 工作表!单元格", Align::Left, 5.0),
            ],
            rows: item
                .sources
                .iter()
                .map(|f| {
                    vec![f.year.to_string(), f.unit.clone(), f.code.clone(), numfmt::points(f.value), cell_text(f)]
                })
                .collect(),
            total: None,
            font_size: size::XIAO_WU,
        }));
    }
}

fn item_blocks(item: &ItemScore, a: &Assessment, blocks: &mut Vec<Block>) {
    let it = item.item;
    blocks.push(Block::Heading {
        level: 3,
        text: format!(
            "{}　{}（{}分，得{}分）",
            it.number,
            it.content,
            numfmt::points(it.points),
            numfmt::points(item.earned)
        ),
    });
    blocks.push(Block::paragraph(format!("评分标准：{}（{}）。", item.rule_text, it.source.label())));
    let mut result =
        format!("评分结果：{}，得{}分。{}。", item.status.label(), numfmt::points(item.earned), item.finding.text);
    if let Some(gap) = &item.finding.gap {
        result.push_str(&format!("差距：{gap}。"));
    }
    if !item.finding.data_gaps.is_empty() {
        result.push_str(&format!("数据缺口：{}。", item.finding.data_gaps.join("；")));
    }
    blocks.push(Block::paragraph(result));
    if !item.rows.is_empty() {
        let years = a.years();
        let mut columns = vec![Column::new("指标", Align::Left, 2.6), Column::new("单位", Align::Center, 0.7)];
        columns.extend(years.iter().map(|y| Column::new(&y.to_string(), Align::Right, 1.25)));
        columns.push(Column::new("周期", Align::Right, 1.4));
        columns.push(Column::new("算法", Align::Center, 0.9));
        let rows = item
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.label.clone(), r.unit.clone()];
                row.extend(r.per_year.iter().map(|v| v.map(numfmt::points).unwrap_or_else(|| "—".into())));
                row.push(r.cycle.map(numfmt::points).unwrap_or_else(|| "—".into()));
                row.push(r.cycle_label.clone());
                row
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: Some(format!("{}　各年数字", it.number)),
            columns,
            rows,
            total: None,
            font_size: size::XIAO_SI,
        }));
    }
    if !item.contributors.is_empty() {
        blocks.push(Block::Note(format!("填报单位：{}。", contributors(item))));
    }
    if !item.sources.is_empty() {
        blocks.push(Block::Note(format!(
            "数据来源：本项用到{}个单元格，逐一列于附表“{}　数据来源”（考评材料工作簿“数据来源”表同）。",
            item.sources.len(),
            it.number
        )));
    }
    if !it.documents.is_empty() {
        blocks.push(Block::Note(format!("佐证材料：{}。", it.documents.join("；"))));
    }
}

fn risk_table(items: &[&ItemScore]) -> Table {
    Table {
        caption: Some("未满分和存在风险的考评内容".into()),
        columns: vec![
            Column::new("序号", Align::Center, 0.8),
            Column::new("考评内容", Align::Left, 3.0),
            Column::new("分值", Align::Right, 0.8),
            Column::new("得分", Align::Right, 0.8),
            Column::new("情况", Align::Left, 1.5),
            Column::new("差距与原因", Align::Left, 4.0),
        ],
        rows: items
            .iter()
            .map(|i| {
                let mut why: Vec<String> = i.finding.gap.iter().cloned().collect();
                why.extend(i.finding.data_gaps.iter().cloned());
                vec![
                    i.item.number.clone(),
                    i.item.content.clone(),
                    numfmt::points(i.item.points),
                    numfmt::points(i.earned),
                    i.status.label().into(),
                    why.join("；"),
                ]
            })
            .collect(),
        total: None,
        font_size: size::XIAO_SI,
    }
}

fn evidence_table(items: &[&ItemScore]) -> Table {
    Table {
        caption: Some("需佐证材料评定的考评内容".into()),
        columns: vec![
            Column::new("序号", Align::Center, 0.8),
            Column::new("考评内容", Align::Left, 3.0),
            Column::new("分值", Align::Right, 0.8),
            Column::new("评分标准", Align::Left, 2.2),
            Column::new("佐证材料", Align::Left, 4.0),
        ],
        rows: items
            .iter()
            .map(|i| {
                vec![
                    i.item.number.clone(),
                    i.item.content.clone(),
                    numfmt::points(i.item.points),
                    i.rule_text.clone(),
                    i.item
                        .documents
                        .iter()
                        .enumerate()
                        .map(|(n, d)| format!("{}. {d}", n + 1))
                        .collect::<Vec<_>>()
                        .join("；"),
                ]
            })
            .collect(),
        total: None,
        font_size: size::XIAO_SI,
    }
}
