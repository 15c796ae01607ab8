//! Every file compiled into the binary from `templates/`, in one table: its name, its
//! text, the `shuangyong.toml` key naming a replacement, and what it is called in
//! messages. A workspace replaces any of them file by file, as mdBook's theme folder
//! does: the file its key names, else `templates/<name>` inside the workspace, else the
//! bundled text. `init --defaults` writes the bundled files out for editing.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::TemplateError;

/// One bundled file.
#[derive(Debug)]
pub struct Embedded {
    /// The file's name in `templates/` (the bundled one and a workspace's alike).
    pub file: &'static str,
    /// The `shuangyong.toml` key naming a replacement file.
    pub key: &'static str,
    /// What it is, for messages: `报告模板`.
    pub what: &'static str,
    pub text: &'static str,
}

/// A bundled file, its name spelt once: the same name is read into the binary and
/// looked for in a workspace's templates/.
macro_rules! embedded {
    ($file:literal, $key:literal, $what:literal) => {
        Embedded { file: $file, key: $key, what: $what, text: include_str!(concat!("../../templates/", $file)) }
    };
}

/// The indicator catalogue: codes, names, units, kinds, aggregation.
pub const CATALOG: Embedded = embedded!("indicators.toml", "catalog", "指标目录");
/// The annual report.
pub const REPORT: Embedded = embedded!("annual-report.md", "report_template", "报告模板");
/// The 数据质量说明 written beside the report.
pub const QUALITY_NOTES: Embedded = embedded!("quality-notes.md", "quality_template", "数据质量说明模板");
/// The assessment criteria, scoring rules and the creation cycle's length.
pub const ASSESSMENT: Embedded = embedded!("assessment.toml", "assessment", "考评标准");
/// The assessment dossier.
pub const DOSSIER: Embedded = embedded!("dossier.md", "dossier_template", "考评材料模板");
/// The 创建工作汇报 draft written beside the dossier.
pub const CREATION_REPORT: Embedded = embedded!("creation-report.md", "creation_template", "创建工作汇报模板");
/// The 填报说明 sheet of the blank workbooks.
pub const INTAKE_INSTRUCTIONS: Embedded = embedded!("intake-instructions.md", "intake_instructions", "填报说明");

/// Every bundled file, in the order `init --defaults` lists them.
pub const ALL: [&Embedded; 7] =
    [&CATALOG, &REPORT, &QUALITY_NOTES, &ASSESSMENT, &DOSSIER, &CREATION_REPORT, &INTAKE_INSTRUCTIONS];

/// The folder inside a workspace whose files replace the bundled ones of the same name.
pub const FOLDER: &str = "templates";

/// A template's text and the name messages give it.
#[derive(Debug, Clone)]
pub struct TemplateText {
    /// `templates/annual-report.md` for the bundled text, else the file's path.
    pub origin: String,
    pub text: Cow<'static, str>,
}

impl Embedded {
    /// Where the bundled text says it comes from.
    pub fn origin(&self) -> String {
        format!("{FOLDER}/{}", self.file)
    }

    /// The replacement for this file in the workspace at `root`: the file `key` names
    /// (relative to `root`), else `templates/<file>` when it exists.
    pub fn replacement(&self, root: &Path, key: Option<&str>) -> Option<PathBuf> {
        match key {
            Some(name) => Some(root.join(name)),
            None => Some(root.join(FOLDER).join(self.file)).filter(|p| p.is_file()),
        }
    }

    /// The replacement's text, or the bundled one.
    pub fn read(&self, replacement: Option<&Path>) -> Result<TemplateText, TemplateError> {
        match replacement {
            None => Ok(TemplateText { origin: self.origin(), text: Cow::Borrowed(self.text) }),
            Some(path) => crate::files::read_text(path)
                .map(|text| TemplateText { origin: path.display().to_string(), text: Cow::Owned(text) })
                .map_err(|source| TemplateError::Io { what: self.what, path: path.display().to_string(), source }),
        }
    }
}

/// What `init --defaults` did with each bundled file.
#[derive(Debug, Default, PartialEq)]
pub struct WrittenOut {
    pub written: Vec<PathBuf>,
    /// Files already there, left as they are: they may hold the office's edits.
    pub kept: Vec<PathBuf>,
}

/// Writes every bundled file into `<root>/templates/`, never over an existing file.
pub fn write_out(root: &Path) -> std::io::Result<WrittenOut> {
    let dir = root.join(FOLDER);
    std::fs::create_dir_all(&dir)?;
    let mut out = WrittenOut::default();
    for e in ALL {
        let path = dir.join(e.file);
        if path.exists() {
            out.kept.push(path);
        } else {
            crate::output::write_atomic(&path, e.text.as_bytes())?;
            out.written.push(path);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_keys_are_unique() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert!(a.file != b.file && a.key != b.key && a.what != b.what, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_key_wins_over_the_folder_and_the_folder_over_the_bundled_text() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(REPORT.replacement(dir.path(), None), None);
        assert_eq!(REPORT.read(None).unwrap().origin, "templates/annual-report.md");
        let written = write_out(dir.path()).unwrap();
        assert_eq!(written.written.len(), ALL.len());
        let own = dir.path().join("templates/annual-report.md");
        assert_eq!(REPORT.replacement(dir.path(), None), Some(own.clone()));
        assert_eq!(REPORT.replacement(dir.path(), Some("my.md")), Some(dir.path().join("my.md")));
        std::fs::write(&own, "# 本区的模板\n").unwrap();
        assert_eq!(REPORT.read(Some(&own)).unwrap().text, "# 本区的模板\n");
        // A second write-out keeps the office's edits.
        let again = write_out(dir.path()).unwrap();
        assert_eq!((again.written.len(), again.kept.len()), (0, ALL.len()));
        assert_eq!(std::fs::read_to_string(&own).unwrap(), "# 本区的模板\n");
        let e = REPORT.read(Some(&dir.path().join("none.md"))).unwrap_err().to_string();
        assert!(e.contains("报告模板") && e.contains("none.md"), "{e}");
    }
}
