//! What a command works on, resolved once from its arguments before any work: the
//! workspace and the years it covers, and for the commands that write documents the
//! output folder, the draft flag, the fonts (their warnings shown) and the document date.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::WorkspaceArgs;
use crate::dataset::DataSet;
use crate::date::DocDate;
use crate::typeset::{self, Document, FontSet, MissingGlyph, Rendered};
use crate::validate::{self, Checked};
use crate::workspace::{self, Workspace};

pub struct Job {
    pub ws: Workspace,
    /// The years covered: one for a report, the creation cycle for the dossier. The last
    /// is the report year.
    pub years: RangeInclusive<i32>,
}

impl Job {
    /// Loads the workspace holding `dir` (it or the nearest folder above it); `years`
    /// picks the years from the arguments and the default year: the year of the
    /// `submissions/<year>/` folder `dir` is in, else the workspace's.
    pub fn resolve(dir: &Path, years: impl FnOnce(i32) -> anyhow::Result<RangeInclusive<i32>>) -> anyhow::Result<Job> {
        let ws = Workspace::find(dir)?;
        let default = folder_year(&ws, dir).unwrap_or(ws.year);
        let years = years(default)?;
        Ok(Job { ws, years })
    }

    /// One report year: `--year`, else the default year.
    pub fn for_year(args: &WorkspaceArgs) -> anyhow::Result<Job> {
        Job::resolve(&args.workspace, |default| {
            let year = args.year.unwrap_or(default);
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

    /// The data set of every year read: the returns checked, then the tables made once.
    pub fn data_set(&self) -> anyhow::Result<DataSet> {
        Ok(DataSet::build(&self.ws, self.year(), self.check())?)
    }

    /// Why no document can be made for the report year: no unit returned anything.
    pub fn no_returns(&self, data: &DataSet) -> Option<String> {
        let year = self.year();
        let reported = data.checked.submissions.get(&year).is_some_and(|s| s.iter().any(|s| s.file.is_some()));
        (!reported).then(|| {
            format!("{year} 年度没有任何单位报送填报表（{} 为空或不存在）", self.ws.submissions_dir(year).display())
        })
    }
}

/// The year of the `submissions/<year>/` folder that `dir` is or is inside of.
fn folder_year(ws: &Workspace, dir: &Path) -> Option<i32> {
    let dir = dir.canonicalize().ok()?;
    let submissions = ws.root.join("submissions").canonicalize().ok()?;
    let name = dir.strip_prefix(submissions).ok()?.components().next()?;
    let year = name.as_os_str().to_str()?.parse().ok()?;
    workspace::sane_year(year).ok()
}

/// Options of the commands that write documents (`build`, `dossier`).
#[derive(clap::Args, Debug)]
pub struct DocumentArgs {
    /// 输出文件夹，默认 工作区/out/
    #[arg(long, value_name = "文件夹")]
    pub out: Option<PathBuf>,
    /// 数据有错误时仍然生成：每页标“草稿”，有错误的数值不采用并逐条列出
    #[arg(long)]
    pub draft: bool,
    /// 本单位的字体文件夹（如方正小标宋、仿宋_GB2312），优先于 shuangyong.toml 的 font_dir 和内置字体
    #[arg(long, value_name = "文件夹")]
    pub font_dir: Option<PathBuf>,
    /// 成文日期，印在封面和落款，如 2024-12-20；默认取 shuangyong.toml 中的 date，没有时取今天，但报告年度次年的 3 月 31 日之后取该年度的 12 月 31 日
    #[arg(long, value_name = "年-月-日", value_parser = super::date_arg)]
    pub date: Option<DocDate>,
    /// 另生成 OFD 版式文件（GB/T 33190，电子公文归档用），与 PDF 同名、页面相同
    #[arg(long)]
    pub ofd: bool,
}

/// Where and how a command's documents are made.
pub struct Documents {
    pub out: PathBuf,
    pub draft: bool,
    pub date: DocDate,
    /// What to tell the office about the date when neither `--date` nor the workspace
    /// gave it: which date, and why.
    pub date_said: Option<String>,
    /// Each document that [`Documents::write_rendered`] writes also as `.ofd`.
    pub ofd: bool,
    fonts: FontSet,
}

impl Documents {
    /// Loads the fonts (`--font-dir`, else the workspace's `font_dir`, else for the body an
    /// office 仿宋 installed on the system, else the bundled ones) and warns on stderr about
    /// font files that could not be used.
    pub fn resolve(job: &Job, args: DocumentArgs) -> anyhow::Result<Documents> {
        if let Some(out) = &args.out {
            guard_output(&job.ws, out, "--out")?;
        }
        let font_dir = args.font_dir.as_ref().or(job.ws.font_dir.as_ref());
        let fonts = match font_dir {
            Some(dir) => FontSet::with_overrides(dir)?,
            None => FontSet::bundled()?,
        }
        .with_system_fangsong();
        for w in fonts.warnings() {
            eprintln!("警告：{w}");
        }
        // An office that brings its own fonts sees what it got, and what was left aside;
        // so does one whose system 仿宋 replaced the bundled one.
        let described = fonts.describe();
        if font_dir.is_some() || described.iter().any(|(_, origin, _)| !origin.starts_with("内置字体")) {
            for (role, origin, family) in described {
                eprintln!("字体：{}用 {origin}（{family}）", role.label());
            }
            for file in fonts.ignored() {
                eprintln!("提示：字体文件夹中未使用 {file}");
            }
        }
        let (date, date_said) = match args.date.or(job.ws.date) {
            Some(date) => {
                let from = if args.date.is_some() { "--date" } else { "shuangyong.toml 中的 date" };
                (near_the_year(date, job.year(), from)?, None)
            }
            None => {
                let (date, why) = default_date(job.year())?;
                let line =
                    format!("成文日期：{}（{why}；另定日期用 --date 或 shuangyong.toml 中的 date）", date.chinese());
                (date, Some(line))
            }
        };
        Ok(Documents {
            out: args.out.unwrap_or_else(|| job.ws.root.join("out")),
            draft: args.draft,
            ofd: args.ofd,
            date,
            date_said,
            fonts,
        })
    }

    /// Typesets `doc`, with its OFD when `--ofd` asks for it, warning on stderr about the
    /// characters no font could draw.
    pub fn render(&self, doc: &Document) -> anyhow::Result<Rendered> {
        self.typeset(doc, self.ofd)
    }

    /// Typesets a document for the office's own use, which is never filed: PDF only.
    pub fn render_pdf(&self, doc: &Document) -> anyhow::Result<Rendered> {
        self.typeset(doc, false)
    }

    fn typeset(&self, doc: &Document, ofd: bool) -> anyhow::Result<Rendered> {
        let rendered =
            if ofd { typeset::render_with_ofd(doc, &self.fonts)? } else { typeset::render(doc, &self.fonts)? };
        warn_missing_glyphs(&rendered.missing_glyphs);
        Ok(rendered)
    }

    /// Writes the PDF as `pdf_name` and, when rendered, the OFD beside it with `.ofd` for
    /// `.pdf`; returns the paths.
    pub fn write_rendered(&self, pdf_name: &str, rendered: &Rendered) -> anyhow::Result<(PathBuf, Option<PathBuf>)> {
        let pdf = self.write(pdf_name, &rendered.pdf)?;
        let ofd = match &rendered.ofd {
            Some(bytes) => Some(self.write(&Path::new(pdf_name).with_extension("ofd").to_string_lossy(), bytes)?),
            None => None,
        };
        Ok((pdf, ofd))
    }

    /// Writes the Word document `bytes` named as `pdf_name` with `.docx` for `.pdf`;
    /// returns the path.
    pub fn write_word(&self, pdf_name: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
        let name = Path::new(pdf_name).with_extension("docx");
        self.write(&name.to_string_lossy(), bytes)
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
    crate::date::clock(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()).map_err(anyhow::Error::msg)
}

/// A document's date when neither `--date` nor the workspace's `date` fixes it, and why:
/// today (`SOURCE_DATE_EPOCH` when set, so that the same inputs give the same bytes)
/// while the report on `year` is being written, up to the end of March after it; later,
/// 31 December of `year`, since a report on 2023 rebuilt in 2025 was not written in 2025.
fn default_date(year: i32) -> anyhow::Result<(DocDate, String)> {
    let today = document_date()?;
    let written_by = DocDate::from_ymd(year + 1, 4, 1).context("无法确定成文日期")?;
    if today < written_by {
        return Ok((today, "今天".into()));
    }
    let close = DocDate::from_ymd(year, 12, 31).context("无法确定成文日期")?;
    Ok((close, format!("{year} 年度已过去，取该年度的 12 月 31 日")))
}

/// The years a document on `year` can be dated in: the year itself (a report written in
/// December), the next (the usual case) and the one after (a report late, or rebuilt);
/// a year before for a report made ahead. Anything else is a typing slip
/// (`--date 0001-01-01`, `2204-12-20`), which would be printed on the cover.
fn near_the_year(date: DocDate, year: i32, from: &str) -> anyhow::Result<DocDate> {
    let (first, last) = (year - 1, year + 2);
    let written = date.china_civil().0;
    if (i64::from(first)..=i64::from(last)).contains(&written) {
        return Ok(date);
    }
    // Not the date as read back: one before 1900 is held as 1900.
    anyhow::bail!("{from} 给的成文日期与报告年度 {year} 相差太远（应在 {first}—{last} 年之间）：请检查是否输错")
}

/// Each missing character once, with every place it occurs.
fn warn_missing_glyphs(missing: &[MissingGlyph]) {
    let mut by_char: BTreeMap<char, Vec<&str>> = BTreeMap::new();
    for m in missing {
        by_char.entry(m.ch).or_default().push(&m.context);
    }
    for (ch, places) in by_char {
        eprintln!(
            "警告：字体中没有“{ch}”（U+{:04X}），该字以“〓”代替印出，出现在：{}。可在 --font-dir 指定含此字的字体。",
            ch as u32,
            places.join("；")
        );
    }
}

/// The output guard: refuses to write into `submissions/`, where the next `check` would
/// read what was written as units' returns. `option` names where the folder came from.
pub fn guard_output(ws: &Workspace, dir: &Path, option: &str) -> anyhow::Result<()> {
    let Ok(absolute) = std::path::absolute(dir) else {
        anyhow::bail!("无法确定 {option} 文件夹 {} 的位置", dir.display())
    };
    // The folder may not exist yet: its nearest existing ancestor decides where it is.
    let existing = absolute.ancestors().find(|a| a.exists()).and_then(|a| a.canonicalize().ok());
    let submissions = ws.root.join("submissions").canonicalize().ok();
    if existing.zip(submissions).is_some_and(|(d, s)| d.starts_with(s)) {
        anyhow::bail!(
            "{option} 指定的文件夹 {} 在 submissions 之内，下次检查会把写入的文件当作报回的填报表：请另选文件夹",
            dir.display()
        );
    }
    Ok(())
}
