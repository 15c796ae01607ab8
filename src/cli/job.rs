//! What a command works on, resolved once from its arguments before any work: the
//! workspace and the years it covers, and for the commands that write documents the
//! output folder, the draft flag, the fonts (their warnings shown) and the document date.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::WorkspaceArgs;
use crate::typeset::{self, DocDate, Document, FontSet, MissingGlyph, Rendered};
use crate::validate::{self, Checked};
use crate::workspace::Workspace;

pub struct Job {
    pub ws: Workspace,
    /// The years covered: one for a report, the creation cycle for the dossier. The last
    /// is the report year.
    pub years: RangeInclusive<i32>,
}

impl Job {
    /// Loads the workspace in `dir`; `years` picks the years from it and the arguments.
    pub fn resolve(
        dir: &Path,
        years: impl FnOnce(&Workspace) -> anyhow::Result<RangeInclusive<i32>>,
    ) -> anyhow::Result<Job> {
        let ws = Workspace::load(dir)?;
        let years = years(&ws)?;
        Ok(Job { ws, years })
    }

    /// One report year: `--year`, else the workspace's.
    pub fn for_year(args: &WorkspaceArgs) -> anyhow::Result<Job> {
        Job::resolve(&args.workspace, |ws| {
            let year = args.year.unwrap_or(ws.year);
            Ok(year..=year)
        })
    }

    pub fn year(&self) -> i32 {
        *self.years.end()
    }

    /// Every return read once, every year with a folder checked from that read; a bar on
    /// stderr while many are read.
    pub fn check(&self) -> Checked {
        validate::check_workspace_reporting(&self.ws, self.year(), &super::progress::Bar::on_stderr())
    }
}

/// Options of the commands that write documents (`build`, `dossier`).
#[derive(clap::Args, Debug)]
pub struct DocumentArgs {
    /// 输出文件夹，默认 WS/out/
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// 数据有错误时仍然生成：每页标“草稿”，有错误的数值不采用并逐条列出
    #[arg(long)]
    pub draft: bool,
    /// 本单位的字体文件夹（如方正小标宋、仿宋_GB2312），优先于 shuangyong.toml 的 font_dir 和内置字体
    #[arg(long, value_name = "DIR")]
    pub font_dir: Option<PathBuf>,
}

/// Where and how a command's documents are made.
pub struct Documents {
    pub out: PathBuf,
    pub draft: bool,
    pub date: DocDate,
    fonts: FontSet,
}

impl Documents {
    /// Loads the fonts (`--font-dir`, else the workspace's `font_dir`, else the bundled
    /// ones) and warns on stderr about font files that could not be used.
    pub fn resolve(job: &Job, args: DocumentArgs) -> anyhow::Result<Documents> {
        let fonts = match args.font_dir.as_ref().or(job.ws.font_dir.as_ref()) {
            Some(dir) => FontSet::with_overrides(dir)?,
            None => FontSet::bundled()?,
        };
        for w in fonts.warnings() {
            eprintln!("警告：{w}");
        }
        Ok(Documents {
            out: args.out.unwrap_or_else(|| job.ws.root.join("out")),
            draft: args.draft,
            date: document_date()?,
            fonts,
        })
    }

    /// Typesets `doc`, warning on stderr about the characters no font could draw.
    pub fn render(&self, doc: &Document) -> anyhow::Result<Rendered> {
        let rendered = typeset::render(doc, &self.fonts)?;
        warn_missing_glyphs(&rendered.missing_glyphs);
        Ok(rendered)
    }

    /// Writes `bytes` as `name` in the output folder (created if needed), never leaving
    /// a half-written file; returns the path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
        std::fs::create_dir_all(&self.out).with_context(|| format!("无法创建输出文件夹 {}", self.out.display()))?;
        let path = self.out.join(name);
        crate::output::write_atomic(&path, bytes).with_context(|| format!("无法写入 {}", path.display()))?;
        Ok(path)
    }
}

/// The date stamped into the files written: `SOURCE_DATE_EPOCH` when set, so that the
/// same inputs give the same bytes, else now.
pub fn document_date() -> anyhow::Result<DocDate> {
    DocDate::from_env().map_err(anyhow::Error::msg)
}

/// Each missing character once, with every place it occurs.
fn warn_missing_glyphs(missing: &[MissingGlyph]) {
    let mut by_char: BTreeMap<char, Vec<&str>> = BTreeMap::new();
    for m in missing {
        by_char.entry(m.ch).or_default().push(&m.context);
    }
    for (ch, places) in by_char {
        eprintln!(
            "警告：字体中没有“{ch}”（U+{:04X}），该字未印出，出现在：{}。可在 --font-dir 指定含此字的字体。",
            ch as u32,
            places.join("；")
        );
    }
}
