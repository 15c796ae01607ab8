//! `shuangyong export`: the query tables of every year as Parquet or CSV files, for
//! DuckDB, Spark and pandas.

use std::path::PathBuf;

use super::job::Job;
use super::policy::{self, Verdict, Work};
use super::Outcome;
use crate::export;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 工作区文件夹（含 shuangyong.toml），默认当前文件夹
    #[arg(value_name = "工作区", default_value = ".")]
    pub workspace: PathBuf,
    /// 输出文件夹：每张表一个文件（facts、totals、indicators、highlights、units），每行带 region 列；包含所有年度
    #[arg(long, value_name = "文件夹")]
    pub out: PathBuf,
    /// 文件格式
    #[arg(long, value_name = "格式", value_enum, default_value_t = Format::Parquet)]
    pub format: Format,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// DuckDB、Spark、pandas 可直接读取
    Parquet,
    /// UTF-8 编码，首行为列名
    Csv,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let job = Job::resolve(&args.workspace, |year| Ok(year..=year))?;
    policy::guard_output(&job.ws, &args.out, "--out")?;
    let data = job.data_set()?;
    let Verdict::Go { outcome, .. } = policy::gate(&job, &data, Work::Tables { what: "导出的表" }) else {
        return Ok(Outcome::DataErrors);
    };
    let format = match args.format {
        Format::Parquet => export::Format::Parquet,
        Format::Csv => export::Format::Csv,
    };
    for e in export::write(&job.ws.region, &data, &args.out, format)? {
        outln!("已导出 {}：{}（{} 行）", e.table, e.path.display(), e.rows)?;
    }
    Ok(outcome)
}
