//! `shuangyong build`: the annual report PDF and the summary workbook.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Outcome, WorkspaceArgs};
use crate::report::{self, Inputs};
use crate::typeset::{self, DocDate, FontSet, MissingGlyph};
use crate::workspace::Workspace;
use crate::{aggregate, chart, validate};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub ws: WorkspaceArgs,
    /// 输出文件夹，默认 WS/out/
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// 数据有错误时仍然生成：每页标“草稿”，有错误的数值不采用并在附表中逐条列出
    #[arg(long)]
    pub draft: bool,
    /// 另把报告中的每张图表导出为 SVG 和 PNG 文件，放在此文件夹
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// 本单位的字体文件夹（如方正小标宋、仿宋_GB2312），优先于 shuangyong.toml 的 font_dir 和内置字体
    #[arg(long, value_name = "DIR")]
    pub font_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let ws = Workspace::load(&args.ws.workspace)?;
    let year = args.ws.year.unwrap_or(ws.year);
    let checked = validate::check_workspace(&ws, year);
    let errors = checked.error_count();
    if errors > 0 && !args.draft {
        print!("{}", super::check::render_text(Some(&ws), &checked, &super::check::Scope::Workspace { year }));
        eprintln!("数据有 {errors} 处错误，未生成报告。请按上面的提示改正填报表后重新运行；如需先看草稿，加 --draft。");
        return Ok(Outcome::DataErrors);
    }

    let tables = aggregate::tables(&ws, &checked.facts)?;
    let date = DocDate::from_env().map_err(anyhow::Error::msg)?;
    let inputs = Inputs { ws: &ws, year, checked: &checked, tables: &tables, draft: args.draft, date };
    let report = report::document(&inputs)?;
    let fonts = match args.font_dir.as_ref().or(ws.font_dir.as_ref()) {
        Some(dir) => FontSet::with_overrides(dir)?,
        None => FontSet::bundled()?,
    };
    let rendered = typeset::render(&report.document, &fonts)?;
    let workbook = report::workbook::summary(&inputs)?;

    let out = args.out.clone().unwrap_or_else(|| ws.root.join("out"));
    std::fs::create_dir_all(&out).with_context(|| format!("无法创建输出文件夹 {}", out.display()))?;
    let pdf_path = out.join(report::pdf_file_name(&ws, year));
    write(&pdf_path, &rendered.pdf)?;
    let xlsx_path = out.join(report::workbook_file_name(&ws, year));
    write(&xlsx_path, &workbook)?;

    println!("已生成报告：{}（共 {} 页）", pdf_path.display(), rendered.pages);
    println!("已生成统计汇总表：{}", xlsx_path.display());
    if let Some(dir) = &args.charts {
        for (i, spec) in report.charts.iter().enumerate() {
            let stem = crate::output::safe_file_stem(&format!("图{}_{}", i + 1, spec.title), "图");
            chart::export(spec, &tables, &ws.catalog, year, dir, &stem)?;
        }
        println!("已导出图表 {} 张（SVG 和 PNG）：{}", report.charts.len(), dir.display());
    }
    if args.draft && errors > 0 {
        println!("这是草稿（每页标有“草稿”）：{errors} 处有错误的数据未采用，已列在附表“数据质量说明”中。");
    } else if args.draft {
        println!("这是草稿（每页标有“草稿”）；数据没有错误，去掉 --draft 即可生成正式报告。");
    }
    let warnings = checked.warning_count();
    if warnings > 0 {
        println!("数据有 {warnings} 条提醒，报告照常生成；运行 shuangyong check 可逐条查看。");
    }
    print_missing_glyphs(&rendered.missing_glyphs);
    Ok(Outcome::Ok)
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("无法写入 {}", path.display()))
}

/// Characters no font could draw, each once with the places it occurs.
fn print_missing_glyphs(missing: &[MissingGlyph]) {
    let mut by_char: BTreeMap<char, Vec<&str>> = BTreeMap::new();
    for m in missing {
        by_char.entry(m.ch).or_default().push(&m.context);
    }
    for (ch, places) in by_char {
        println!(
            "注意：字体中没有“{ch}”（U+{:04X}），该字未印出，出现在：{}。可在 --font-dir 指定含此字的字体。",
            ch as u32,
            places.join("；")
        );
    }
}
