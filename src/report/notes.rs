//! The office's own text for a year's report: `notes/<year>.md` in the workspace, one
//! section per `## 标题` heading (存在的问题, 下一步打算, 创建荣誉 …), merged into the
//! template by `notes("存在的问题")`. What only the office can write (its problems, its
//! plans, its title record) never comes from the units' figures, so a non-draft report
//! waits for it; a draft shows where it goes.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::ReportError;

/// The sections of one notes file, and the ones the template asked for in vain.
#[derive(Debug)]
pub(crate) struct Notes {
    /// The file, as the workspace path gives it (`samples/notes/2024.md`).
    file: PathBuf,
    /// The same inside the workspace (`notes/2024.md`), for the placeholder: a long path
    /// would stretch a justified line of the draft.
    short: String,
    /// (heading, text) in file order; the text trimmed, comments removed.
    sections: Vec<(String, String)>,
    /// Sections the template placed that are missing or empty, in template order.
    missing: Mutex<Vec<String>>,
}

impl Notes {
    /// Reads `file`; a file that does not exist has no sections (a new workspace).
    pub fn load(file: &Path, short: String) -> Result<Notes, ReportError> {
        let text = match crate::files::read_text(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(ReportError::Io { path: file.display().to_string(), source }),
        };
        Ok(Notes { file: file.to_path_buf(), short, sections: sections(&text), missing: Mutex::new(Vec::new()) })
    }

    /// Whether the office wrote something under `name`.
    pub fn has(&self, name: &str) -> bool {
        self.text(name).is_some()
    }

    /// The section's text; when it is missing or empty, a placeholder that says where to
    /// write it (seen in a draft; a non-draft build stops at [`Notes::check`]).
    pub fn section(&self, name: &str) -> String {
        if let Some(text) = self.text(name) {
            return text.to_string();
        }
        let mut missing = self.missing.lock().expect("no panic while holding the lock");
        if !missing.iter().any(|m| m == name) {
            missing.push(name.to_string());
        }
        format!("【待双拥办撰写“{name}”：请写入 {} 的“## {name}”一节】", self.short)
    }

    /// A non-draft report refuses while a section the template placed is empty.
    pub fn check(&self) -> Result<(), ReportError> {
        let missing = self.missing.lock().expect("no panic while holding the lock");
        if missing.is_empty() {
            return Ok(());
        }
        Err(ReportError::OfficeText {
            file: self.file.display().to_string(),
            sections: missing.clone(),
            present: self.sections.iter().filter(|(_, t)| !t.is_empty()).map(|(h, _)| h.clone()).collect(),
        })
    }

    fn text(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.sections.iter().find(|(h, t)| h == name && !t.is_empty()).map(|(_, t)| t.as_str())
    }
}

/// `## 标题` sections with their text; what comes before the first one (a `#` title, a
/// note to colleagues) belongs to none. `<!-- … -->` comments are the office's own
/// reminders and are dropped.
fn sections(text: &str) -> Vec<(String, String)> {
    let text = without_comments(text);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("## ") {
            Some(heading) => out.push((heading.trim().to_string(), String::new())),
            None => {
                if let Some((_, body)) = out.last_mut() {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    for (_, body) in &mut out {
        *body = body.trim().to_string();
    }
    out
}

fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("-->").map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(text: &str) -> Notes {
        Notes {
            file: "ws/notes/2024.md".into(),
            short: "notes/2024.md".into(),
            sections: sections(text),
            missing: Mutex::new(Vec::new()),
        }
    }

    #[test]
    fn sections_by_heading_without_comments() {
        let n = notes(
            "# 2024年度报告：双拥办撰写部分\n<!-- 每节一个“## 标题” -->\n\n## 存在的问题\n\n一是……；\n\n二是……。\n\n## 下一步打算\n<!-- 待写 -->\n\n## 创建荣誉\n先后2次。\n",
        );
        assert_eq!(n.section("存在的问题"), "一是……；\n\n二是……。");
        assert!(n.has("创建荣誉") && !n.has("下一步打算") && !n.has("没有这节"));
        assert!(n.check().is_ok(), "only sections placed count");
    }

    #[test]
    fn an_empty_section_is_a_visible_placeholder_and_stops_a_final_report() {
        let n = notes("## 存在的问题\n一是……。\n\n## 下一步打算\n\n");
        let placeholder = n.section("下一步打算");
        assert_eq!(placeholder, "【待双拥办撰写“下一步打算”：请写入 notes/2024.md 的“## 下一步打算”一节】");
        n.section("下一步打算");
        n.section("创建荣誉");
        let err = n.check().unwrap_err().to_string();
        assert!(err.contains("“下一步打算”、“创建荣誉”") && err.contains("ws/notes/2024.md"), "{err}");
        assert!(err.contains("现有的节：存在的问题") && err.contains("--draft"), "{err}");
    }
}
