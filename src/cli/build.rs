//! `shuangyong build`: the annual report as PDF and Word document (and OFD with `--ofd`),
//! and the summary workbook. With `--public`, the public version alone: the summary
//! workbook and the 数据质量说明 carry every unit's figures and files, so they are the
//! internal build's only.

use std::path::PathBuf;

use super::job::{DocumentArgs, Documents, Job};
use super::{Outcome, WorkspaceArgs};
use crate::aggregate;
use crate::diag::Kind;
use crate::report::{self, Inputs};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub ws: WorkspaceArgs,
    #[command(flatten)]
    pub documents: DocumentArgs,
    /// 另把报告中的每张图表导出为 SVG 和 PNG 文件，放在此文件夹
    #[arg(long, value_name = "文件夹")]
    pub charts: Option<PathBuf>,
    /// 生成公开版（可在网站发布）：不含不公开的指标（如征兵任务数），驻区部队只用 display_name 称呼、不列单个部队的数字；文件名带“（公开版）”，不生成统计汇总表和数据质量说明
    #[arg(long)]
    pub public: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let job = Job::for_year(&args.ws)?;
    let docs = Documents::resolve(&job, args.documents)?;
    let (ws, year) = (&job.ws, job.year());
    let checked = job.check();
    let errors = checked.error_count();
    if errors > 0 && !docs.draft {
        print!("{}", super::check::render_text(Some(ws), &checked, &super::check::Scope::Workspace { year }));
        eprintln!("数据有 {errors} 处错误，未生成报告。请按上面的提示改正填报表后重新运行；如需先看草稿，加 --draft。");
        return Ok(Outcome::DataErrors);
    }
    if let Some(why) = job.no_returns(&checked).filter(|_| !docs.draft) {
        eprintln!("{why}，未生成报告：请把报回的填报表放进该文件夹后重新运行；如需先看草稿，加 --draft。");
        return Ok(Outcome::DataErrors);
    }
    let authority_missing = checked.diagnostics.iter().find(|d| d.kind == Kind::AuthoritativeMissing);
    if let Some(d) = authority_missing.filter(|_| !docs.draft) {
        eprintln!("未生成报告：{}", crate::diag::visible(&d.message));
        return Ok(Outcome::DataErrors);
    }

    let tables = aggregate::tables(ws, &checked.facts)?;
    let public = args.public;
    let inputs = Inputs { ws, year, checked: &checked, tables: &tables, draft: docs.draft, public, date: docs.date };
    let report = match report::document(&inputs) {
        Err(e @ report::ReportError::OfficeText { .. }) => {
            eprintln!("{e}。");
            return Ok(Outcome::DataErrors);
        }
        result => result?,
    };
    let rendered = docs.render(&report.document)?;
    // Every unit's figures and files: the internal build's only.
    let workbook = if public { None } else { Some(report::workbook::summary(&inputs)?) };
    let quality = if public { None } else { report::quality_document(&inputs)? };
    let quality = quality.map(|doc| docs.render_pdf(&doc)).transpose()?;
    let pdf_name = report::pdf_file_name(ws, year, public);
    let (pdf_path, ofd_path) = docs.write_rendered(&pdf_name, &rendered)?;
    let docx_path = docs.write_word(&pdf_name, &report.document)?;
    let xlsx_path = workbook.map(|w| docs.write(&report::workbook_file_name(ws, year), &w)).transpose()?;
    let quality_path =
        quality.as_ref().map(|q| docs.write(&report::quality_file_name(ws, year), &q.pdf)).transpose()?;

    let version = if public { "公开版" } else { "报告" };
    println!("已生成{version}：{}（共 {} 页）", pdf_path.display(), rendered.pages);
    if let Some(path) = &ofd_path {
        println!("已生成 OFD 版式文件：{}", path.display());
    }
    println!("已生成 Word 文档：{}", docx_path.display());
    if let Some(path) = &xlsx_path {
        println!("已生成统计汇总表：{}", path.display());
    }
    if let (Some(path), Some(q)) = (&quality_path, &quality) {
        println!("已生成数据质量说明（供双拥办内部使用）：{}（共 {} 页）", path.display(), q.pages);
    }
    if public {
        println!(
            "公开版不含不公开的指标和单个驻区部队的数字；统计汇总表和数据质量说明只随内部版（不加 --public）生成。"
        );
    }
    if let Some(dir) = &args.charts {
        let n = report::export_charts(&inputs, &report.charts, dir)?;
        println!("已导出图表 {n} 张（SVG 和 PNG）：{}", dir.display());
    }
    if docs.draft && errors > 0 {
        println!("这是草稿（每页标有“草稿”）：{errors} 处有错误的数据未采用，已列在“数据质量说明”中。");
    } else if docs.draft {
        println!("这是草稿（每页标有“草稿”）；数据没有错误，去掉 --draft 即可生成正式报告。");
    }
    let warnings = checked.warning_count();
    if warnings > 0 {
        println!("数据有 {warnings} 条提醒，报告照常生成；运行 shuangyong check 可逐条查看。");
    }
    Ok(Outcome::Ok)
}
