//! `shuangyong dossier`: the assessment dossier for a creation cycle, a PDF, a Word
//! document and a workbook scored against the workspace's (or the bundled) assessment
//! criteria; with `--ofd` the dossier and the 汇报 also as OFD.

use std::path::PathBuf;

use anyhow::bail;

use super::job::{DocumentArgs, Documents, Job};
use super::{check, Outcome};
use crate::assess::{self, Cycle, Status};
use crate::diag::Diagnostic;
use crate::numfmt;
use crate::template::defaults;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 工作区文件夹（含 shuangyong.toml）或其中的任一文件夹；默认当前文件夹
    #[arg(value_name = "工作区", default_value = ".")]
    pub workspace: PathBuf,
    /// 创建周期的第一年，默认为最后一年往前共一个周期（考评标准的 cycle_years，全国为四年）；届中考评取两年（如 --from 2023 --to 2024）
    #[arg(long, value_name = "年度", value_parser = super::year_arg)]
    pub from: Option<i32>,
    /// 创建周期的最后一年，默认取 shuangyong.toml 中的 year
    #[arg(long, value_name = "年度", value_parser = super::year_arg)]
    pub to: Option<i32>,
    #[command(flatten)]
    pub documents: DocumentArgs,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let mut job = Job::resolve(&args.workspace, |default| {
        let to = args.to.unwrap_or(default);
        Ok(to..=to)
    })?;
    // The cycle's length is the criteria's.
    let criteria = assess::criteria(&job.ws)?;
    let to = job.year();
    let from = args.from.unwrap_or(to - (criteria.cycle_years - 1));
    if from > to {
        bail!("创建周期的起始年份 {from} 晚于截止年份 {to}，请检查 --from 和 --to");
    }
    job.years = from..=to;
    let ws = &job.ws;
    let docs = Documents::resolve(&job, args.documents)?;

    // Every cycle year's errors stop the dossier: one in 2022 as surely as one in 2024.
    let checked = job.check();
    let errors: Vec<&Diagnostic> = checked
        .diagnostics
        .iter()
        .chain(checked.other_years.range(from..to).flat_map(|(_, diags)| diags))
        .filter(|d| d.is_error())
        .collect();
    if !errors.is_empty() && !docs.draft {
        for d in &errors {
            eprint!("{}", check::line(d));
        }
        eprintln!("统计数据有 {} 处错误，未生成考评材料。请改正后重新运行，或加 --draft 生成草稿。", errors.len());
        return Ok(Outcome::DataErrors);
    }
    if let Some(why) = job.no_returns(&checked).filter(|_| !docs.draft) {
        eprintln!("{why}，未生成考评材料：创建周期的最后一年须有报回的数据；如需先看草稿，加 --draft。");
        return Ok(Outcome::DataErrors);
    }

    let tables = crate::aggregate::tables(ws, &checked.facts)?;
    let cycle = Cycle::new(ws, &tables, &checked.facts, &checked.submissions, from, to).of_length(criteria.cycle_years);
    let assessment = assess::assess(&criteria, &cycle);

    let draft_notes: Vec<String> = errors.iter().map(|d| check::line(d).trim().to_string()).collect();
    let draft = docs.draft.then_some(draft_notes.as_slice());
    // Both documents carry the cycle's facts, the data their figures come from.
    let facts = crate::report::facts_attachment(&tables, from..=to)?;
    let evidence = assess::evidence::Evidence::gather(&cycle, &checked.highlights)?;
    let mut doc =
        assess::document::document(&assessment, &ws.template(&defaults::DOSSIER)?, docs.date, draft, &evidence)?;
    doc.attachments.push(facts.clone());
    let rendered = docs.render(&doc)?;
    let workbook = assess::workbook::workbook(&assessment, docs.date)?;
    let stem = assess::file_stem(&ws.region, from, to);
    let pdf_name = format!("{stem}.pdf");
    let (pdf_path, ofd_path) = docs.write_rendered(&pdf_name, &rendered)?;
    let docx_path = docs.write_word(&pdf_name, &doc)?;
    let xlsx_path = docs.write(&format!("{stem}.xlsx"), &workbook)?;
    let creation = assess::creation::Inputs {
        assessment: &assessment,
        cycle: &cycle,
        highlights: &checked.highlights,
        date: docs.date,
        draft: docs.draft,
    };
    let mut report = assess::creation::document(&creation, &ws.template(&defaults::CREATION_REPORT)?)?;
    let missing_notes = assess::creation::missing_notes(&creation)?;
    report.attachments.push(facts);
    let report_name = format!("{}.pdf", assess::creation::file_stem(&ws.region, from, to));
    let report_docx = docs.write_word(&report_name, &report)?;
    let report = docs.render(&report)?;
    let (report_path, report_ofd) = docs.write_rendered(&report_name, &report)?;

    let count = |s: Status| assessment.items().filter(|i| i.status == s).count();
    println!(
        "{from}—{to}年{}；统计可评 {} 分，待佐证 {} 分",
        assessment.headline(),
        numfmt::points(assessment.points() - assessment.evidence_points()),
        numfmt::points(assessment.evidence_points())
    );
    for line in [assessment.bonus_line(), assessment.veto_line()].into_iter().flatten() {
        println!("{line}");
    }
    for s in &assessment.standards {
        println!(
            "  {}. {}：{} / {} 分",
            s.standard.number,
            s.standard.name,
            numfmt::points(s.earned()),
            numfmt::points(s.standard.points)
        );
    }
    println!(
        "达标 {} 项，部分得分 {} 项，未达标 {} 项，数据不全 {} 项，待佐证 {} 项",
        count(Status::Met),
        count(Status::Partial),
        count(Status::Unmet),
        count(Status::AtRisk),
        count(Status::NeedsEvidence)
    );
    for line in &missing_notes {
        eprintln!("警告：{line}");
    }
    for year in &assessment.missing_years {
        eprintln!("警告：{year}年没有任何单位报送统计表，需要该年数据的考评内容无法评分");
    }
    println!("已生成 {}（{} 页）", pdf_path.display(), rendered.pages);
    println!("已生成 {}", docx_path.display());
    println!("已生成 {}", xlsx_path.display());
    println!("已生成 {}（{} 页）", report_path.display(), report.pages);
    for path in ofd_path.iter().chain(&report_ofd) {
        println!("已生成 OFD 版式文件：{}", path.display());
    }
    println!("已生成 {}（供修改）", report_docx.display());
    println!("创建工作汇报是初稿：数字取自统计数据，文字请本办修改后使用。");
    if docs.draft && !errors.is_empty() {
        println!("这是草稿（每页标有“草稿”）：{} 处有错误的数据未采用，已列在材料开头的“草稿说明”中。", errors.len());
    } else if docs.draft {
        println!("这是草稿（每页标有“草稿”）；数据没有错误，去掉 --draft 即可生成正式材料。");
    }
    Ok(Outcome::Ok)
}
