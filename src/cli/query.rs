//! `shuangyong query`: SQL over the facts, indicators and totals of every year read.

use std::io::Write;

use anyhow::Context;

use super::job::Job;
use super::{Outcome, WorkspaceArgs};
use crate::{aggregate, query};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub ws: WorkspaceArgs,
    /// SQL 语句。可查询的表：
    /// facts(year, unit, unit_type, code, value, file, sheet, cell, approximate)；
    /// indicators(code, category, name, unit, aggregate, kind, integer, formula)；
    /// totals(year, code, value)。包含所有年度
    #[arg(long)]
    pub sql: String,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 对齐的表格
    Table,
    /// CSV（首行为列名）
    Csv,
    /// JSON 数组，每行一个对象
    Json,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let job = Job::for_year(&args.ws)?;
    let checked = job.check();
    let errors = checked.error_count();
    if errors > 0 {
        eprintln!("注意：数据中有 {errors} 条错误，查询结果不含出错的数值；运行 shuangyong check 查看");
    }
    let tables = aggregate::tables(&job.ws, &checked.facts)?;
    let answer =
        without_panic_messages(|| query::run_sql(&tables, &args.sql)).map_err(|e| anyhow::anyhow!("SQL 有误：{e}"))?;
    if answer.rows.is_empty() && args.format == Format::Table {
        eprintln!("查询结果为空");
    }
    let text = match args.format {
        Format::Table => query::to_table(&answer) + "\n",
        Format::Csv => query::to_csv(&answer),
        Format::Json => query::to_json(&answer),
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        // The reader stopped early (`| head`): nothing is lost that was wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Ok),
        result => result.context("无法输出查询结果").map(|()| Outcome::Ok),
    }
}

/// The engine can panic on odd statements; [`query::run_sql`] turns that into an
/// error, and the default hook's English backtrace notice would only confuse.
fn without_panic_messages<T>(f: impl FnOnce() -> T) -> T {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = f();
    std::panic::set_hook(hook);
    out
}
