//! `shuangyong query`: SQL over the facts, indicators, totals, units and highlights of every
//! year read.

use std::io::Write;

use anyhow::Context;

use super::job::Job;
use super::policy::{self, Verdict, Work};
use super::{Outcome, WorkspaceArgs};
use crate::query;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub ws: WorkspaceArgs,
    /// 一条查询语句（SELECT 或 WITH 开头；不能修改或删除数据）。可查询的表，包含所有年度：
    ///
    /// facts(year, unit, unit_type, code, value, file, sheet, cell, approximate) 每个填报数值一行；
    /// indicators(code, category, name, unit, aggregate, kind, integer, formula) 指标目录；
    /// totals(year, code, value, approximate) 全区合计；
    /// units(year, unit, unit_type, authoritative, submitted, file) 每年度每个成员单位一行，submitted 为是否已报送；
    /// highlights(year, unit, unit_type, category, title, text, public, file, sheet, cell) 工作亮点，每条一行，public 为可否公开；
    /// 例如未报单位：SELECT unit FROM units WHERE year = 2024 AND NOT submitted
    ///
    /// 结果的列名：表中的列用列名；其他表达式与 DuckDB 的命名相同，如 count_star()、sum("value")、1；
    /// 用 AS 给列起名，例如 SELECT unit_type, count(*) AS 单位数 FROM units WHERE year = 2024 GROUP BY unit_type
    #[arg(long, value_name = "SQL", verbatim_doc_comment)]
    pub sql: String,
    /// 输出格式
    #[arg(long, value_name = "格式", value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// 结果最多的行数，超出时不输出并提示缩小范围；0 表示不限
    #[arg(long, value_name = "行数", default_value_t = query::DEFAULT_MAX_ROWS)]
    pub max_rows: usize,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 对齐的表格
    Table,
    /// 逗号分隔，首行为列名
    Csv,
    /// JSON 数组，每行一个对象
    Json,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let job = Job::for_year(&args.ws)?;
    let data = job.data_set()?;
    let Verdict::Go { outcome, .. } = policy::gate(&job, &data, Work::Tables { what: "查询结果" }) else {
        return Ok(Outcome::DataErrors);
    };
    let max_rows = (args.max_rows > 0).then_some(args.max_rows);
    let answer = query::run_sql(&data, &args.sql, max_rows).map_err(|e| anyhow::anyhow!("SQL 有误：{e}"))?;
    if answer.rows.is_empty() && args.format == Format::Table {
        eprintln!("查询结果为空");
    }
    let text = match args.format {
        Format::Table => query::to_table(&answer) + "\n",
        Format::Csv => query::to_csv(&answer),
        Format::Json => query::to_json(&answer),
    };
    std::io::stdout().lock().write_all(text.as_bytes()).context("无法输出查询结果")?;
    Ok(outcome)
}
