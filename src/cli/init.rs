//! `shuangyong init DIR --region R [--office O] [--year Y] [--roster FILE]`: a new
//! workspace, `shuangyong.toml` and `submissions/<year>/`, from the office's roster or
//! with an example roster. Everything is checked before anything is written, and an
//! existing workspace is never touched. It also writes the year's notes skeleton
//! (`notes/<year>.md`, the sections the report template leaves to the office).
//!
//! `--defaults` also writes the bundled templates into `DIR/templates/` for editing; on
//! an existing workspace it does only that, and never over a file already there.

use std::path::PathBuf;

use anyhow::{bail, Context};

use super::{job, Outcome};
use crate::roster;
use crate::template::defaults;
use crate::workspace::{UnitType, Workspace, CONFIG_FILE};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 新工作区的文件夹（不存在时创建）
    pub dir: PathBuf,
    /// 行政区名称，如 示例区（新建工作区时必填）
    #[arg(long)]
    pub region: Option<String>,
    /// 发文机关，默认“<行政区>双拥工作领导小组办公室”
    #[arg(long)]
    pub office: Option<String>,
    /// 报告年度，默认上一年
    #[arg(long, value_name = "年度", value_parser = super::year_arg)]
    pub year: Option<i32>,
    /// 成员单位名单（.xlsx、.xls、.ods 或 UTF-8 编码的 .csv），列为 单位名称、单位类型，可选 权威单位（是/否）、别名
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// 把内置的指标目录、报告模板、考评标准等写入 工作区/templates/ 供修改（已有的文件不覆盖）；用于已有工作区时只做这一件事
    #[arg(long)]
    pub defaults: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = args.dir.join(CONFIG_FILE);
    if config.exists() {
        if args.defaults && args.region.is_none() && args.roster.is_none() {
            let ws = Workspace::load(&args.dir)?;
            write_defaults(&ws)?;
            return Ok(Outcome::Ok);
        }
        bail!("{} 已存在：init 不会覆盖已有的工作区，请另选文件夹或直接编辑该文件", config.display());
    }
    let region = match args.region.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => r,
        Some(_) => bail!("--region 不能为空：请填写行政区名称，如 示例区"),
        None => bail!("新建工作区需要 --region：请填写行政区名称，如 示例区"),
    };
    let office =
        args.office.as_deref().map(str::trim).map_or_else(|| format!("{region}双拥工作领导小组办公室"), str::to_string);
    let year = match args.year {
        Some(y) => y,
        None => job::document_date()?.china_civil().0 as i32 - 1,
    };
    let units = args.roster.as_deref().map(roster::read).transpose()?;
    let text = roster::config(region, &office, year, units.as_deref());
    // What init writes must be what every other command reads.
    let ws = Workspace::parse(&args.dir, &text).context("生成的配置无法读取（内部错误）")?;

    let submissions = ws.submissions_dir(year);
    std::fs::create_dir_all(&submissions).with_context(|| format!("无法创建文件夹 {}", submissions.display()))?;
    crate::output::write_atomic(&config, text.as_bytes()).with_context(|| format!("无法写入 {}", config.display()))?;
    let notes = crate::report::write_skeleton(&ws, year, &crate::assess::creation::office_skeleton())?;

    let count = |t: UnitType| ws.units.iter().filter(|u| u.unit_type == t).count();
    let types: Vec<String> = UnitType::ALL.iter().map(|&t| format!("{t} {} 个", count(t))).collect();
    outln!("已创建工作区 {}（{}{year}年度）", args.dir.display(), ws.region)?;
    match &units {
        Some(_) => outln!("成员单位 {} 个：{}", ws.units.len(), types.join("，"))?,
        None => outln!("未给出 --roster：shuangyong.toml 中的成员单位是示例，请改成本区的成员单位")?,
    }
    match ws.authoritative_unit() {
        Some(u) => outln!("权威单位：{}", u.name)?,
        None => outln!("注意：没有权威单位（权威单位 = 是），以权威单位数字为全区数的指标将无法汇总")?,
    }
    if let Some(path) = notes {
        outln!(
            "已写出 {}：报告中由双拥办撰写的各节（标题已列好），正式生成报告前请在各节标题下写入正文",
            path.display()
        )?;
    }
    if args.defaults {
        write_defaults(&ws)?;
    }
    outln!(
        "下一步：在 shuangyong.toml 中设置报送截止日期（deadline），然后运行 shuangyong template {} 生成空白填报表",
        args.dir.display()
    )?;
    Ok(Outcome::Ok)
}

/// Writes the bundled files into the workspace's `templates/` and says what each is,
/// and which of them a key in `shuangyong.toml` keeps from being used.
fn write_defaults(ws: &Workspace) -> anyhow::Result<()> {
    let dir = ws.root.join(defaults::FOLDER);
    let out = defaults::write_out(&ws.root).with_context(|| format!("无法写入 {}", dir.display()))?;
    for e in defaults::ALL {
        let path = dir.join(e.file);
        let done = if out.kept.contains(&path) { "已存在，未覆盖" } else { "已写入" };
        println!("{done}：{}（{}）", path.display(), e.what);
        if let Some(other) = ws.replacement(e).filter(|p| *p != path) {
            println!("  注意：shuangyong.toml 的 {} 指定了 {}，此文件不会被使用", e.key, other.display());
        }
    }
    println!("修改 templates/ 中的文件即替换内置版本；删除某个文件即恢复内置版本。");
    Ok(())
}
