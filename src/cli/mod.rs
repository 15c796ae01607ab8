//! The command line: parses arguments (clap), runs one subcommand, maps the outcome to
//! the exit codes of the contract (0 ok, 1 data errors, 2 usage or I/O).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod build;
mod check;
mod dossier;
mod export;
mod job;
mod progress;
mod query;
mod template;

/// 双拥统计与年度报告工具：校验成员单位报回的统计表，汇总、查询并排版年度双拥工作报告。
#[derive(Parser, Debug)]
#[command(name = "shuangyong", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 生成空白填报表，每个成员单位一份（默认写入 WS/blank/<年度>/）
    Template(template::Args),
    /// 校验报回的填报表，列出全部问题和未报单位
    Check(check::Args),
    /// 生成年度双拥工作报告（PDF）和统计汇总表（xlsx）
    Build(build::Args),
    /// 用 SQL 查询 facts、indicators、totals 三张表
    Query(query::Args),
    /// 生成创建周期的考评材料（PDF 和 xlsx）
    Dossier(dossier::Args),
    /// 把 facts、totals、indicators、highlights 各表导出为 Parquet 或 CSV 文件，供 DuckDB、Spark 汇总多个区
    Export(export::Args),
}

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done; warnings allowed.
    Ok,
    /// The data has errors (exit 1).
    DataErrors,
}

/// Options every workspace command shares.
#[derive(clap::Args, Debug, Clone)]
pub struct WorkspaceArgs {
    /// 工作区文件夹（含 shuangyong.toml），默认当前文件夹
    #[arg(default_value = ".")]
    pub workspace: PathBuf,
    /// 报告年度，默认取 shuangyong.toml 中的 year
    #[arg(long)]
    pub year: Option<i32>,
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Template(args) => template::run(args),
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args),
        Command::Query(args) => query::run(args),
        Command::Dossier(args) => dossier::run(args),
        Command::Export(args) => export::run(args),
    };
    match result {
        Ok(Outcome::Ok) => 0,
        Ok(Outcome::DataErrors) => 1,
        Err(e) => {
            eprintln!("错误：{e:#}");
            2
        }
    }
}
