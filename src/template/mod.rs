//! The template engine the report and the assessment documents share, and the files it
//! reads: a Markdown template with minijinja placeholders becomes document blocks.
//!
//! 1. [`fill`]: minijinja fills the placeholders from a context and the functions a
//!    document adds to the [`environment`], and yields Markdown.
//! 2. [`markdown`]: pulldown-cmark reads it into blocks: numbered headings, paragraphs,
//!    and the fenced `table` / `chart` / `signature` blocks, which the document makes
//!    through its [`Fences`].
//!
//! Between 1 and 2 the text carries [`marks`]: each fenced block's template line and
//! each figure reference, written and read in that one module. Every problem names the
//! template file and its line.
//!
//! [`defaults`] holds every file bundled from `templates/` and finds a workspace's own.

use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;

pub mod defaults;
mod markdown;
pub(crate) mod marks;

pub use defaults::{Embedded, TemplateText};
#[cfg(test)]
pub(crate) use markdown::paragraph_texts;
pub(crate) use markdown::{literal, parse_block, BlockError, Fenced, Fences};

/// A template that cannot be read or filled: the template author's fix.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The workspace names a replacement file that cannot be read.
    #[error("无法读取{what} {path}：{}", crate::foreign::io(.source))]
    Io { what: &'static str, path: String, source: std::io::Error },
    /// A placeholder, a block or the template syntax is wrong.
    #[error("模板 {origin}{}：{message}", line.map(|l| format!(" 第 {l} 行")).unwrap_or_default())]
    Fill { origin: String, line: Option<usize>, message: String },
}

/// The filled-in document: its blocks and the text of its first `#` heading.
pub(crate) struct Parsed {
    pub blocks: Vec<crate::typeset::Block>,
    pub title: Option<String>,
}

/// `template` filled from `context` in `env`, read into blocks with its `table` and
/// `chart` blocks made by `fences`.
pub(crate) fn blocks(
    env: &Environment,
    template: &TemplateText,
    context: impl Serialize,
    fences: &mut dyn Fences,
) -> Result<Parsed, TemplateError> {
    let filled = fill(env, template, context)?;
    read(&template.origin, &filled, fences)
}

/// Filled-in Markdown (from the template `origin`) read into blocks.
pub(crate) fn read(origin: &str, markdown: &str, fences: &mut dyn Fences) -> Result<Parsed, TemplateError> {
    markdown::blocks(&markdown::Source { origin, markdown }, fences)
}

/// The template's text with the placeholders filled, each block fence marked with its
/// template line.
pub(crate) fn fill(env: &Environment, template: &TemplateText, ctx: impl Serialize) -> Result<String, TemplateError> {
    let origin = template.origin.as_str();
    let marked = marks::mark_fences(&template.text);
    env.render_named_str(origin, &marked, ctx).map_err(|e| fill_error(origin, &marked, &e))
}

/// The settings and the functions every template has: `figure("id")`, `| paren` and
/// `| comma`. A document adds its own functions.
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_debug(true);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.add_function("figure", |id: &str| {
        marks::figure(id).ok_or_else(|| invalid("figure() 需要图表块中 id 的值".to_string()))
    });
    env.add_filter("paren", |s: &str| if s.is_empty() { String::new() } else { format!("（{s}）") });
    env.add_filter("comma", |s: &str| if s.is_empty() { String::new() } else { format!("，{s}") });
    env
}

/// The error a template function raises: its message, in Chinese, is what the office reads.
pub(crate) fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

/// A minijinja error as the office reads it: the template, the line, what went wrong.
fn fill_error(origin: &str, source: &str, e: &Error) -> TemplateError {
    let culprit = e.range().and_then(|r| source.get(r)).map(|s| format!("“{}”", s.trim())).unwrap_or_default();
    let detail = e.detail().unwrap_or("");
    let message = match e.kind() {
        // Raised by our own functions, already in Chinese.
        ErrorKind::InvalidOperation if !detail.is_empty() => detail.to_string(),
        kind => {
            let what = match kind {
                ErrorKind::SyntaxError => "模板语法错误",
                ErrorKind::UndefinedError => "未定义的变量或属性",
                ErrorKind::UnknownFunction => "未知的函数",
                ErrorKind::UnknownFilter => "未知的过滤器",
                ErrorKind::UnknownTest => "未知的测试",
                ErrorKind::UnknownMethod => "未知的方法",
                ErrorKind::MissingArgument => "缺少参数",
                ErrorKind::TooManyArguments => "参数过多",
                ErrorKind::InvalidOperation => "无效的操作",
                _ => "模板无法填充",
            };
            let detail = if detail.is_empty() { String::new() } else { format!("（{detail}）") };
            // A syntax error's span is where parsing gave up, rarely the culprit.
            let culprit = if kind == ErrorKind::SyntaxError { String::new() } else { culprit };
            format!("{what}{culprit}{detail}")
        }
    };
    TemplateError::Fill { origin: origin.to_string(), line: e.line(), message }
}
