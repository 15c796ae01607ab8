use std::path::PathBuf;

use anyhow::Context;

use super::{Outcome, WorkspaceArgs};
use crate::blank::Writer;
use crate::workspace::Workspace;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub ws: WorkspaceArgs,
    /// 输出文件夹，默认 WS/blank/<年度>/
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let ws = Workspace::load(&args.ws.workspace)?;
    let year = args.ws.year.unwrap_or(ws.year);
    let dir = args.out.unwrap_or_else(|| ws.root.join("blank").join(year.to_string()));
    let mut writer = Writer::new(&ws)?;
    if let Some(epoch) = source_date_epoch()? {
        writer = writer.created_at(epoch)?;
    }
    let written = writer.write_roster(year, &dir)?;
    println!("已生成 {} 份空白填报表：{}", written.len(), dir.display());
    Ok(Outcome::Ok)
}

/// `SOURCE_DATE_EPOCH`, when set: the creation time stamped into the workbooks, so that
/// the same workspace gives byte-identical files.
fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            v.trim().parse().map(Some).with_context(|| format!("环境变量 SOURCE_DATE_EPOCH 的值“{v}”不是整数秒数"))
        }
        Err(_) => Ok(None),
    }
}
