//! The office's own text for a year's report: `notes/<year>.md` in the workspace, one
//! section per `## 标题` heading (存在的问题, 下一步打算, 创建荣誉 …), merged into the
//! template by `notes("存在的问题")`. What only the office can write (its problems, its
//! plans, its title record) never comes from the units' figures, so a non-draft report
//! waits for it; a draft shows where it goes.
//!
//! [`write_skeleton`] writes the file with the sections the template places, each with a
//! line on what it wants (`notes("存在的问题", "…")`), for `init` and `template`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::ReportError;
use crate::template::{defaults, literal};
use crate::workspace::Workspace;

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
    /// Whether the file exists at all (else the refusal points at the skeleton).
    exists: bool,
    /// Sections the template placed that are missing or empty, in template order.
    missing: Mutex<Vec<String>>,
}

impl Notes {
    /// Reads `file`; a file that does not exist has no sections (a new workspace).
    pub fn load(file: &Path, short: String) -> Result<Notes, ReportError> {
        let (text, exists) = match crate::files::read_text(file) {
            Ok(text) => (text, true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), false),
            Err(source) => return Err(ReportError::Io { path: file.display().to_string(), source }),
        };
        Ok(Notes {
            file: file.to_path_buf(),
            short,
            sections: sections(&text),
            exists,
            missing: Mutex::new(Vec::new()),
        })
    }

    /// Whether the office wrote something under `name`.
    pub fn has(&self, name: &str) -> bool {
        self.text(name).is_some()
    }

    /// The section's text; when it is missing or empty, a placeholder that says where to
    /// write it (seen in a draft; a non-draft build stops at [`Notes::check`]).
    pub fn section(&self, name: &str) -> String {
        if let Some(text) = self.text(name) {
            return as_written(text);
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
            exists: self.exists,
        })
    }

    fn text(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.sections.iter().find(|(h, t)| h == name && !t.is_empty()).map(|(_, t)| t.as_str())
    }
}

/// The office's text as it typed it, for the template's Markdown: paragraphs stay
/// paragraphs (a blank line between them), but a line starting `#`, `-`, `1.` or `|`,
/// a fence or an indented line is text, not a heading, list, table or code block
/// that would restructure an official document (or fail it, blaming the template).
fn as_written(text: &str) -> String {
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut open = false;
    for line in text.lines().map(|l| l.trim_matches([' ', '\t'])) {
        if line.is_empty() {
            open = false;
        } else if open {
            paragraphs.last_mut().expect("an open paragraph").push(literal(line));
        } else {
            paragraphs.push(vec![literal(line)]);
            open = true;
        }
    }
    paragraphs.iter().map(|p| p.join("\n")).collect::<Vec<_>>().join("\n\n")
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

/// A section the template places: `notes("存在的问题", "what it wants")`, or only tested
/// with `has_notes(...)` and so one the office may leave out.
#[derive(Debug, PartialEq)]
struct Placement {
    name: String,
    hint: Option<String>,
    optional: bool,
}

/// The sections `template` places, in template order: every `notes(...)` and
/// `has_notes(...)` call outside `{# … #}` comments.
fn placements(template: &str) -> Vec<Placement> {
    let text = without(template, "{#", "#}");
    let mut out: Vec<Placement> = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("notes(").map(|i| from + i) {
        from = at + "notes(".len();
        let before = &text[..at];
        let tested = before.ends_with("has_");
        if !tested && before.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut args = text[from..].trim_start();
        let Some(name) = string_literal(&mut args) else { continue };
        let hint = args.trim_start().strip_prefix(',').and_then(|rest| string_literal(&mut rest.trim_start()));
        match out.iter_mut().find(|p| p.name == name) {
            Some(p) => {
                p.optional |= tested;
                p.hint = p.hint.take().or(hint);
            }
            None => out.push(Placement { name, hint, optional: tested }),
        }
    }
    out
}

/// The quoted string `text` starts with, moving `text` past it.
fn string_literal(text: &mut &str) -> Option<String> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let end = text[1..].find(quote)? + 1;
    let literal = text[1..end].trim().to_string();
    *text = &text[end + 1..];
    (!literal.is_empty()).then_some(literal)
}

/// The notes file's skeleton for the sections of `template`.
fn skeleton(template: &str, title: &str, others: &[(&str, &str)]) -> String {
    let mut out = format!(
        "# {title}：双拥办撰写部分\n\n<!--\n  shuangyong build 把下面各节并入报告中对应的位置（报告模板用 notes(\"节名\") 引用）。\n  \
         在各节标题下写正文，可分段；节名要与模板一致。\n  \
         标“可不写”的节留空时报告中不出现；其余各节未写时只能生成草稿（--draft）。\n  \
         这样的注释不会出现在报告中。\n-->\n"
    );
    let placed = placements(template);
    for p in &placed {
        let hint = p.hint.clone().unwrap_or_else(|| format!("在此写“{}”的正文。", p.name));
        let optional = if p.optional { "可不写。" } else { "" };
        out.push_str(&format!("\n## {}\n\n<!-- {optional}{hint} -->\n", p.name));
    }
    // Other documents (the creation 汇报) read their own sections from the same files;
    // the annual report does not need them.
    for &(name, hint) in others {
        if !placed.iter().any(|p| p.name == name) {
            out.push_str(&format!("\n## {name}\n\n<!-- 年度报告不用，可不写。{hint} -->\n"));
        }
    }
    out
}

/// Writes `notes/<year>.md` with the sections the workspace's report template places,
/// then `others` (section, what it wants) that other documents read, unless the file
/// exists; returns the path written.
pub fn write_skeleton(ws: &Workspace, year: i32, others: &[(&str, &str)]) -> Result<Option<PathBuf>, ReportError> {
    let path = ws.notes_file(year);
    if path.exists() {
        return Ok(None);
    }
    let template = ws.template(&defaults::REPORT)?;
    let text = skeleton(&template.text, &format!("{}{year}年度双拥工作报告", ws.region), others);
    let io = |source| ReportError::Io { path: path.display().to_string(), source };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    crate::output::write_atomic(&path, text.as_bytes()).map_err(io)?;
    Ok(Some(path))
}

/// Warnings for the sections of `notes/<year>.md` that nothing reads, the sections read
/// being the report template's `notes(...)` and `others` (those the 创建工作汇报 takes):
/// a heading typed wrong would otherwise take its text nowhere without a word.
pub fn unread_sections(ws: &Workspace, year: i32, others: &[&str]) -> Result<Vec<String>, ReportError> {
    let notes = Notes::load(&ws.notes_file(year), format!("notes/{year}.md"))?;
    let placed: Vec<String> = placements(&ws.template(&defaults::REPORT)?.text).into_iter().map(|p| p.name).collect();
    let read: Vec<&str> = placed.iter().map(String::as_str).chain(others.iter().copied()).collect();
    Ok(notes.sections.iter().map(|(heading, _)| heading.as_str()).filter(|h| !read.contains(h)).map(|heading| {
        let hint = read
            .iter()
            .filter(|r| crate::suggest::edit_distance(heading, r) <= 2)
            .min_by_key(|r| crate::suggest::edit_distance(heading, r))
            .map_or_else(String::new, |r| format!("（是不是“{r}”？）"));
        format!(
            "{} 中的“## {heading}”一节没有用到{hint}：报告模板读取的节为 {}；创建工作汇报读取的节为 {}。节名写错的请改正，多余的节可以删除",
            notes.short,
            placed.join("、"),
            others.join("、"),
        )
    }).collect())
}

pub(crate) fn without_comments(text: &str) -> String {
    without(text, "<!--", "-->")
}

/// `text` without the spans from `open` to `close`.
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        rest = rest[start..].find(close).map_or("", |end| &rest[start + end + close.len()..]);
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
            exists: true,
            missing: Mutex::new(Vec::new()),
        }
    }

    #[test]
    fn the_skeleton_has_the_sections_the_template_places() {
        let template = "{# notes(\"注释里的\") #}{% if has_notes(\"创建荣誉\") %}{{ notes(\"创建荣誉\", \"命名情况。\") }}{% endif %}\n\
                        {{ notes(\"存在的问题\", \"不足，分条写。\") }}{{ my_notes(\"不是\") }}{{ notes('下一步打算') }}{{ notes(\"存在的问题\") }}";
        let placed = placements(template);
        let names: Vec<(&str, bool)> = placed.iter().map(|p| (p.name.as_str(), p.optional)).collect();
        assert_eq!(names, [("创建荣誉", true), ("存在的问题", false), ("下一步打算", false)]);
        let others = [("基本情况", "创建工作汇报用：概况。"), ("创建工作存在的不足", "创建工作汇报用：不足。")];
        let text = skeleton(template, "示例区2024年度双拥工作报告", &others);
        assert!(text.starts_with("# 示例区2024年度双拥工作报告：双拥办撰写部分\n"), "{text}");
        assert!(text.contains("\n## 创建荣誉\n\n<!-- 可不写。命名情况。 -->\n"), "{text}");
        assert!(text.contains("\n## 下一步打算\n\n<!-- 在此写“下一步打算”的正文。 -->\n"), "{text}");
        // The creation 汇报's sections follow, marked as not the annual report's.
        assert!(text.contains("\n## 创建工作存在的不足\n\n<!-- 年度报告不用，可不写。创建工作汇报用："), "{text}");
        // Read back, every section is there and empty: a final report still waits.
        let n = Notes { sections: sections(&text), ..notes("") };
        assert_eq!(
            n.sections.iter().map(|(h, t)| (h.as_str(), t.as_str())).collect::<Vec<_>>(),
            [("创建荣誉", ""), ("存在的问题", ""), ("下一步打算", ""), ("基本情况", ""), ("创建工作存在的不足", "")]
        );
    }

    #[test]
    fn the_bundled_template_places_four_sections_each_with_a_hint() {
        let placed = placements(defaults::REPORT.text);
        let names: Vec<&str> = placed.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["创建荣誉", "存在的问题", "下一步打算", "结束语"]);
        assert!(placed.iter().all(|p| p.hint.is_some()), "{placed:?}");
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
    fn the_office_text_is_printed_as_typed_never_as_markdown() {
        let n = notes("## 存在的问题\n# 一级标题\n\n\n- 一是*重视*不够\n    1. 二是\n\n| 表 | 格 |\n```\n代码\n```\n");
        assert_eq!(
            n.section("存在的问题"),
            "\\# 一级标题\n\n\\- 一是\\*重视\\*不够\n1\\. 二是\n\n\\| 表 \\| 格 \\|\n\\`\\`\\`\n代码\n\\`\\`\\`"
        );
        let paragraphs = crate::template::paragraph_texts(&n.section("存在的问题"));
        assert_eq!(paragraphs, ["# 一级标题", "- 一是*重视*不够1. 二是", "| 表 | 格 |```代码```"]);
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
        assert!(err.contains("已写的节：存在的问题") && err.contains("--draft"), "{err}");
    }
}
