//! `shuangyong dossier`: the assessment dossier for a creation cycle, a PDF, a Word
//! document and a workbook scored against the workspace's (or the bundled) assessment
//! criteria; with `--ofd` the dossier and the 汇报 also as OFD.

use std::path::PathBuf;

use anyhow::bail;

use super::job::{DocumentArgs, Documents, Job};
use super::policy::{self, Verdict, Work};
use super::Outcome;
use crate::assess::{self, dossier::Request};
use crate::diag;

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
    let docs = Documents::resolve(&job, args.documents)?;
    let data = job.data_set()?;
    let work = Work::Documents { what: "考评材料", draft: docs.draft };
    let Verdict::Go { errors, outcome } = policy::gate(&job, &data, work) else { return Ok(Outcome::DataErrors) };

    let draft_notes: Vec<String> = errors.iter().map(|d| diag::line(d).trim().to_string()).collect();
    let request = Request {
        ws: &job.ws,
        criteria: &criteria,
        data: &data,
        from,
        to,
        date: docs.date,
        draft: docs.draft.then_some(draft_notes.as_slice()),
    };
    let dossier = assess::dossier::make(&request)?;
    let rendered = docs.render(&dossier.document)?;
    let pdf_name = format!("{}.pdf", dossier.stem);
    let (pdf_path, ofd_path) = docs.write_rendered(&pdf_name, &rendered)?;
    let docx_path = docs.write_word(&pdf_name, &crate::docx::write(&dossier.document)?)?;
    let xlsx_path = docs.write(&format!("{}.xlsx", dossier.stem), &dossier.workbook)?;
    let report_name = format!("{}.pdf", dossier.creation_stem);
    let report_docx = docs.write_word(&report_name, &crate::docx::write(&dossier.creation)?)?;
    let report = docs.render(&dossier.creation)?;
    let (report_path, report_ofd) = docs.write_rendered(&report_name, &report)?;

    for line in &dossier.summary {
        outln!("{line}")?;
    }
    for line in &dossier.missing_notes {
        eprintln!("警告：{line}");
    }
    for year in &dossier.missing_years {
        eprintln!("警告：{year}年没有任何单位报送统计表，需要该年数据的考评内容无法评分");
    }
    outln!("已生成 {}（{} 页）", pdf_path.display(), rendered.pages)?;
    outln!("已生成 {}", docx_path.display())?;
    outln!("已生成 {}", xlsx_path.display())?;
    outln!("已生成 {}（{} 页）", report_path.display(), report.pages)?;
    for path in ofd_path.iter().chain(&report_ofd) {
        outln!("已生成 OFD 版式文件：{}", path.display())?;
    }
    outln!("已生成 {}（供修改）", report_docx.display())?;
    outln!("创建工作汇报是初稿：数字取自统计数据，文字请本办修改后使用。")?;
    if let Some(line) = &docs.date_said {
        outln!("{line}")?;
    }
    if !docs.draft && !dossier.missing_years.is_empty() {
        let years = dossier.missing_years.iter().map(i32::to_string).collect::<Vec<_>>().join("、");
        outln!("{years}年统计表报齐前，考评材料和创建工作汇报仅供本办内部核对，暂不报送考评组。")?;
    }
    if docs.draft && !errors.is_empty() {
        outln!("这是草稿（每页标有“草稿”）：{} 处有错误的数据未采用，已列在材料开头的“草稿说明”中。", errors.len())?;
    } else if docs.draft {
        outln!("这是草稿（每页标有“草稿”）；数据没有错误，去掉 --draft 即可生成正式材料。")?;
    }
    Ok(outcome)
}
