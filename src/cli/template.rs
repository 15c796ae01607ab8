//! `shuangyong template`: one blank intake workbook per roster unit, and the year's
//! notes skeleton (`notes/<year>.md`) when there is none yet.

use std::path::PathBuf;

use super::job::{self, Job};
use super::policy;
use super::{Outcome, WorkspaceArgs};
use crate::blank::Writer;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub ws: WorkspaceArgs,
    /// 输出文件夹，默认 工作区/blank/<年度>/
    #[arg(long, value_name = "文件夹")]
    pub out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let job = Job::for_year(&args.ws)?;
    let (ws, year) = (&job.ws, job.year());
    let dir = args.out.unwrap_or_else(|| ws.root.join("blank").join(year.to_string()));
    policy::guard_output(ws, &dir, "--out")?;
    let writer = Writer::new(ws)?.created_at(job::document_date()?);
    let roster = writer.write_roster(year, &dir)?;
    outln!("已生成 {} 份空白填报表：{}", roster.written.len(), dir.display())?;
    for path in &roster.removed {
        outln!("已删除上次生成、现已不在成员单位名单中的空白填报表：{}", path.display())?;
    }
    for path in &roster.kept {
        eprintln!(
            "提示：{} 是本工具生成的填报表，其单位已不在成员单位名单中，但表中已填有数据，未删除。",
            path.display()
        );
    }
    for (key, what) in writer.unfilled() {
        eprintln!("提示：填报说明中的“{what}”留有空白待手填；在 shuangyong.toml 中写上 {key} = \"……\" 即可填入");
    }
    if let Some(path) = crate::report::write_skeleton(ws, year, &crate::assess::creation::office_skeleton())? {
        println!(
            "已写出 {}：报告中由双拥办撰写的各节（标题已列好），正式生成报告前请在各节标题下写入正文",
            path.display()
        );
    }
    Ok(Outcome::Ok)
}
