//! `shuangyong check [WS | FILE…] [--year Y] [--format text|json] [--feedback DIR]`:
//! validates returned workbooks and lists every diagnostic and the units that have not
//! submitted; `--feedback` writes them back to the units ([`crate::feedback`]).
//!
//! One folder argument is a workspace; anything else is a list of files. Loose files
//! are checked against the workspace found in their folder or above it, or else in the
//! current folder or above it (its catalogue, roster and year); with none, against the
//! bundled catalogue alone.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::job::Job;
use super::policy;
use super::Outcome;
use crate::diag;
use crate::feedback::{self, Feedback};
use crate::validate::{self, Checked};
use crate::workspace::{self, Workspace};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 工作区文件夹（含 shuangyong.toml）或其中的任一文件夹，或一个或多个填报表文件；默认当前文件夹
    #[arg(value_name = "路径")]
    pub paths: Vec<PathBuf>,
    /// 报告年度，默认取 shuangyong.toml 中的 year（在 submissions/<年度>/ 中运行时取该年度）
    #[arg(long, value_name = "年度", value_parser = super::year_arg)]
    pub year: Option<i32>,
    /// 输出格式
    #[arg(long, value_name = "格式", value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// 在此文件夹中为每个有问题的单位写一份标出问题单元格的反馈表，并写出未报单位的催报名单
    #[arg(long, value_name = "DIR")]
    pub feedback: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 按单位分组的文字清单
    Text,
    /// 一个 JSON 数组，每条问题一个对象
    Json,
}

/// What was checked, for the summary line.
enum Scope {
    Workspace { year: i32 },
    Files { count: usize },
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths };
    let (ws, checked, scope) = if let [dir] = paths.as_slice() {
        if dir.is_dir() {
            let job = Job::resolve(dir, |default| {
                let year = args.year.unwrap_or(default);
                Ok(year..=year)
            })?;
            guard(Some(&job.ws), args.feedback.as_deref())?;
            let (checked, year) = (job.check(), job.year());
            (Some(job.ws), checked, Scope::Workspace { year })
        } else {
            check_files(&paths, args.year, args.feedback.as_deref())?
        }
    } else {
        check_files(&paths, args.year, args.feedback.as_deref())?
    };
    let out = match args.format {
        Format::Json => serde_json::to_string_pretty(&checked.diagnostics).context("无法输出 JSON")? + "\n",
        Format::Text => render_text(ws.as_ref(), &checked, &scope),
    };
    std::io::stdout().lock().write_all(out.as_bytes()).context("无法输出检查结果")?;
    if let Some(dir) = &args.feedback {
        write_feedback(dir, ws.as_ref(), &checked, &scope)?;
    }
    Ok(if checked.error_count() > 0 { Outcome::DataErrors } else { Outcome::Ok })
}

/// The output guard on `--feedback`, before anything is read.
fn guard(ws: Option<&Workspace>, feedback: Option<&Path>) -> anyhow::Result<()> {
    match (ws, feedback) {
        (Some(ws), Some(dir)) => policy::guard_output(ws, dir, "--feedback"),
        _ => Ok(()),
    }
}

/// The feedback files, reported on stderr so that `--format json` output stays one array.
fn write_feedback(dir: &Path, ws: Option<&Workspace>, checked: &Checked, scope: &Scope) -> anyhow::Result<()> {
    let chase_year = match scope {
        Scope::Workspace { year } => Some(*year),
        Scope::Files { .. } => None,
    };
    let base = match (ws, chase_year) {
        (Some(ws), Some(year)) => ws.submissions_dir(year),
        _ => PathBuf::new(),
    };
    let created_at = super::job::document_date()?;
    let feedback = Feedback { ws, base, chase_year, created_at };
    let written = feedback::write(&feedback, checked, dir)?;
    let chase = if written.chase_list.is_some() { "和催报名单" } else { "" };
    eprintln!("已写出 {} 份问题反馈表{chase}：{}", written.returns.len(), dir.display());
    if written.for_office > 0 {
        eprintln!(
            "其中 {} 条问题需由双拥办处理，未写入各单位的反馈表，列在催报名单的“需双拥办处理”工作表中",
            written.for_office
        );
    }
    Ok(())
}

fn check_files(
    paths: &[PathBuf],
    year: Option<i32>,
    feedback: Option<&Path>,
) -> anyhow::Result<(Option<Workspace>, Checked, Scope)> {
    for p in paths {
        if p.is_dir() {
            bail!("{} 是文件夹：检查工作区时只给一个文件夹，检查文件时只列出文件", p.display());
        }
        if !p.exists() {
            bail!("找不到文件 {}", p.display());
        }
    }
    let ws = match find_workspace(&paths[0])? {
        Some(dir) => Some(Workspace::load(&dir)?),
        None => None,
    };
    guard(ws.as_ref(), feedback)?;
    let year = year.or(ws.as_ref().map(|w| w.year));
    let checked = validate::check_files_in_year(ws.as_ref(), year, paths);
    Ok((ws, checked, Scope::Files { count: paths.len() }))
}

/// The nearest folder holding `shuangyong.toml`: the file's folder or above, then the
/// current folder or above.
fn find_workspace(file: &Path) -> anyhow::Result<Option<PathBuf>> {
    let cwd = std::env::current_dir().context("无法确定当前文件夹")?;
    let folder = cwd.join(file).parent().map(Path::to_path_buf).unwrap_or_else(|| cwd.clone());
    Ok(workspace::find_root(&folder).or_else(|| workspace::find_root(&cwd)))
}

/// For people: the diagnostics grouped by unit ([`diag::render_text`]) and one summary line.
fn render_text(ws: Option<&Workspace>, checked: &Checked, scope: &Scope) -> String {
    let mut out = diag::render_text(ws, &checked.diagnostics);
    let counts = format!("错误 {} 条，警告 {} 条", checked.error_count(), checked.warning_count());
    let summary = match scope {
        Scope::Workspace { year } => {
            let status = checked.submissions.get(year).map(Vec::as_slice).unwrap_or_default();
            let reported = status.iter().filter(|s| s.file.is_some()).count();
            format!("{year} 年度已报 {reported}/{} 个单位，{counts}", status.len())
        }
        Scope::Files { count } => format!("共检查 {count} 个文件，{counts}"),
    };
    out.push_str(&summary);
    out.push('\n');
    out
}
