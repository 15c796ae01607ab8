//! `shuangyong build`: the annual report as PDF and Word document (and OFD with `--ofd`),
//! and the summary workbook. With `--public`, the public version alone: the summary
//! workbook and the 数据质量说明 carry every unit's figures and files, so they are the
//! internal build's only.

use std::path::PathBuf;
use std::sync::{mpsc, OnceLock};

use super::job::{DocumentArgs, Documents, Job};
use super::policy::{self, Verdict, Work};
use super::{Outcome, WorkspaceArgs};
use crate::diag::Kind;
use crate::report::{self, Inputs, Report};

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
    if let Some(dir) = &args.charts {
        policy::guard_output(ws, dir, "--charts")?;
    }
    let data = job.data_set()?;
    let work = Work::Documents { what: "报告", draft: docs.draft };
    let Verdict::Go { errors, outcome } = policy::gate(&job, &data, work) else { return Ok(Outcome::DataErrors) };
    // The district figures only the authoritative unit gives: no report without them.
    let authority_missing = data.diagnostics(year).iter().find(|d| d.kind == Kind::AuthoritativeMissing);
    if let Some(d) = authority_missing.filter(|_| !docs.draft) {
        eprintln!("未生成报告：{}", crate::diag::visible(&d.message));
        return Ok(Outcome::DataErrors);
    }

    let public = args.public;
    let inputs = Inputs { ws, year, data: &data, draft: docs.draft, public, date: docs.date };
    // The outputs share nothing but their inputs. The summary workbook needs only the
    // figures: the other core starts on it while this one writes the report, then makes
    // the Word document; this core typesets the PDFs. Every file is made before any is
    // written, so a failure leaves none half-done.
    let made = OnceLock::new();
    let (typeset, office) = std::thread::scope(|s| {
        let (send, report_made) = mpsc::channel::<&Report>();
        let inputs = &inputs;
        let office = s.spawn(move || -> anyhow::Result<_> {
            // Every unit's figures and files: the internal build's only.
            let workbook = if public { None } else { Some(report::workbook::summary(inputs)?) };
            // No report, nothing more to make here: why is said below.
            let Ok(report) = report_made.recv() else { return Ok(None) };
            Ok(Some((crate::docx::write(&report.document)?, workbook)))
        });
        let typeset = match made.get_or_init(|| report::document(inputs)) {
            Ok(report) => {
                // The receiver lives until it has what it waits for.
                let _ = send.send(report);
                (|| -> anyhow::Result<_> {
                    let rendered = docs.render(&report.document)?;
                    let quality = if public { None } else { report::quality_document(inputs, &report.document)? };
                    Ok(Some((rendered, quality.map(|doc| docs.render_pdf(&doc)).transpose()?)))
                })()
            }
            Err(_) => Ok(None),
        };
        drop(send);
        (typeset, office.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let report = match made.into_inner().expect("made above") {
        Err(e @ report::ReportError::OfficeText { .. }) => {
            eprintln!("{e}。");
            return Ok(Outcome::DataErrors);
        }
        result => result?,
    };
    let (Some((rendered, quality)), Some((word, workbook))) = (typeset?, office?) else {
        unreachable!("both made when the report was")
    };
    let pdf_name = report::pdf_file_name(ws, year, public);
    let (pdf_path, ofd_path) = docs.write_rendered(&pdf_name, &rendered)?;
    let docx_path = docs.write_word(&pdf_name, &word)?;
    let xlsx_path = workbook.map(|w| docs.write(&report::workbook_file_name(ws, year), &w)).transpose()?;
    let quality_path =
        quality.as_ref().map(|q| docs.write(&report::quality_file_name(ws, year), &q.pdf)).transpose()?;

    let version = if public { "公开版" } else { "报告" };
    outln!("已生成{version}：{}（共 {} 页）", pdf_path.display(), rendered.pages)?;
    if let Some(path) = &ofd_path {
        outln!("已生成 OFD 版式文件：{}", path.display())?;
    }
    outln!("已生成 Word 文档：{}", docx_path.display())?;
    if let Some(path) = &xlsx_path {
        outln!("已生成统计汇总表：{}", path.display())?;
    }
    if let (Some(path), Some(q)) = (&quality_path, &quality) {
        outln!("已生成数据质量说明（供双拥办内部使用）：{}（共 {} 页）", path.display(), q.pages)?;
    }
    if public {
        outln!(
            "公开版不含不公开的指标和单个驻区部队的数字；统计汇总表和数据质量说明只随内部版（不加 --public）生成。"
        )?;
    }
    if let Some(line) = &docs.date_said {
        outln!("{line}")?;
    }
    if let Some(dir) = &args.charts {
        let n = report::export_charts(&report.document, dir)?;
        outln!("已导出图表 {n} 张（SVG 和 PNG）：{}", dir.display())?;
    }
    if docs.draft && !errors.is_empty() {
        outln!("这是草稿（每页标有“草稿”）：{} 处有错误的数据未采用，已列在“数据质量说明”中。", errors.len())?;
    } else if docs.draft {
        outln!("这是草稿（每页标有“草稿”）；数据没有错误，去掉 --draft 即可生成正式报告。")?;
    }
    for line in report::unread_sections(ws, year, &crate::assess::creation::office_sections())? {
        eprintln!("警告：{line}");
    }
    let warnings = data.checked.warning_count();
    if warnings > 0 {
        outln!("数据有 {warnings} 条提醒，报告照常生成；运行 shuangyong check 可逐条查看。")?;
    }
    Ok(outcome)
}
