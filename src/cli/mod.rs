//! The command line: parses arguments (clap, in Chinese), runs one subcommand, maps the
//! outcome to the exit codes of the contract (0 ok, 1 data errors, 2 usage or I/O).

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::date::DocDate;
use crate::workspace;

/// `println!` that hands back the write's error instead of panicking: a reader that
/// stops early (`| head -1`) ends the command, and [`main`] ends it quietly.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod build;
mod check;
mod dossier;
mod export;
mod init;
mod job;
mod localize;
mod policy;
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
    /// 新建工作区：shuangyong.toml 和 submissions/<年度>/，成员单位取自名单表格
    Init(init::Args),
    /// 生成空白填报表，每个成员单位一份（默认写入 工作区/blank/<年度>/）
    Template(template::Args),
    /// 校验报回的填报表，列出全部问题和未报单位
    Check(check::Args),
    /// 生成年度双拥工作报告（PDF 和 Word 文档）和统计汇总表（xlsx）
    Build(build::Args),
    /// 用 SQL 查询 facts、indicators、totals、units、highlights 五张表
    Query(query::Args),
    /// 生成创建周期的考评材料（PDF 和 xlsx）
    Dossier(dossier::Args),
    /// 把 facts、totals、indicators、highlights、units 各表导出为 Parquet 或 CSV 文件，供 DuckDB、Spark 汇总多个区
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
    /// 工作区文件夹（含 shuangyong.toml）或其中的任一文件夹；默认当前文件夹
    #[arg(value_name = "工作区", default_value = ".")]
    pub workspace: PathBuf,
    /// 报告年度，默认取 shuangyong.toml 中的 year（在 submissions/<年度>/ 中运行时取该年度）
    #[arg(long, value_name = "年度", value_parser = year_arg)]
    pub year: Option<i32>,
}

/// A year typed on the command line (`--year`, `--from`, `--to`): a slip such as 1900
/// or 20244 is a usage error, not an empty report.
fn year_arg(text: &str) -> Result<i32, String> {
    let year = text.trim().parse::<i32>().map_err(|_| "应为四位数字年份，例如 2024".to_string())?;
    workspace::sane_year(year)
}

/// `--date 2024-12-20`.
fn date_arg(text: &str) -> Result<DocDate, String> {
    DocDate::parse_iso(text)
}

fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

pub fn main() -> i32 {
    let args = localize::help_subcommand(std::env::args_os().collect());
    let mut cmd = localize::command(Cli::command());
    let parsed = cmd.try_get_matches_from_mut(&args).and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return localize::report(&e, &cmd, &args),
    };
    let result = match cli.command {
        Command::Init(args) => init::run(args),
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
        // The reader stopped early (`| head`): nothing is lost that was wanted.
        Err(e) if broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("错误：{}", crate::diag::visible_lines(&said_once(&e)));
            2
        }
    }
}

/// The error and its causes, each said once: most of the library's errors already quote
/// their cause (`无法读取 X：文件不存在`), which anyhow's `{:#}` would repeat. The OS's
/// errors are said in Chinese ([`crate::foreign::io`]); an engine's English cause after a
/// Chinese message is left out, since the library's message has said it in Chinese.
fn said_once(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => crate::foreign::io(io),
            None => cause.to_string(),
        };
        let text = match (crate::foreign::chinese(&text), out.is_empty()) {
            (true, _) => text,
            (false, true) => format!("内部错误{}", crate::foreign::original(&text)),
            (false, false) => continue,
        };
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push('：');
            }
            out.push_str(&text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_said_once_and_in_chinese() {
        let io = std::io::Error::from_raw_os_error(17);
        let e = anyhow::Error::new(io).context("无法写入 /etc/passwd");
        assert_eq!(said_once(&e), "无法写入 /etc/passwd：已存在同名的文件或文件夹");
        let e = anyhow::anyhow!("bad thing").context("无法输出 JSON");
        assert_eq!(said_once(&e), "无法输出 JSON");
        assert_eq!(said_once(&anyhow::anyhow!("bad thing")), "内部错误（原始信息：bad thing）");
    }
}
