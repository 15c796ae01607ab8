//! The filled-in Markdown (pulldown-cmark) to document blocks.
//!
//! - `#` is the title (a second `#` right after it, its subtitle); `##` to `#####` are headings of levels 1 to 4, numbered
//!   `一、` `（一）` `1.` `（1）`, each level restarting under its parent. A heading that
//!   ends in `{-}` is not numbered (`## 附表 {-}`).
//! - Paragraphs keep `**bold**`; other inline markup keeps its text. Lines of a
//!   paragraph join without a space (Chinese), except between two Latin letters or digits.
//! - List items become paragraphs starting with their marker (`1.`, `•`).
//! - `> ` quotes become notes (smaller, not indented), e.g. `> 注：…` under a table.
//! - `---` starts a new page.
//! - Fenced `table`, `chart` and `signature` blocks become tables, figures and the
//!   signature. What a `table` or `chart` block means is the document's ([`Fences`]):
//!   the report's in `report::fences`, the dossier's in `assess::document`.

use std::collections::BTreeMap;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::marks::{self, parse_info};
use super::{Parsed, TemplateError};
use crate::typeset::{Block, Figure, Span};

/// `text` to be read as written, never as Markdown: every ASCII punctuation mark
/// backslash-escaped, so that a unit's `3*4米`, `&amp;` or `[x](y)` prints as typed.
pub(crate) fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The paragraphs `markdown` reads as, for tests of text that goes through it.
#[cfg(test)]
pub(crate) fn paragraph_texts(markdown: &str) -> Vec<String> {
    struct NoFences;
    impl Fences for NoFences {
        fn block(&mut self, _: &str, _: &str) -> Result<Fenced, BlockError> {
            Err(BlockError { line: None, message: "no blocks here".into() })
        }
        fn signer(&self) -> (String, String) {
            (String::new(), String::new())
        }
    }
    let parsed = blocks(&Source { origin: "test", markdown }, &mut NoFences).expect("plain paragraphs");
    parsed
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph(spans) => Some(spans.iter().map(|s| s.text.as_str()).collect()),
            _ => None,
        })
        .collect()
}

/// Info-string words of the fenced blocks a template may use.
const BLOCK_KINDS: [&str; 3] = ["table", "chart", "signature"];

/// What a fenced `table` or `chart` block became.
pub(crate) enum Fenced {
    Table(crate::typeset::Table),
    /// A table and a note under it (`注：…`).
    Annotated(crate::typeset::Table, String),
    /// A chart drawn, numbered 图N in order; `figure("id")` refers to it by its id.
    Figure(Figure, Option<String>),
    /// A chart with nothing to draw: a note in its place, and `figure("id")` says so.
    Undrawn(Block, Option<String>),
    /// A block this version of the document leaves out (the public report's): nothing
    /// in its place, and `figure("id")` reads as for an undrawn chart.
    Omitted(Option<String>),
}

/// The document behind a template: builds its `table` and `chart` blocks from its own
/// data, and signs it.
pub(crate) trait Fences {
    /// A `table` block (`kind` = "table") or a `chart` block (`kind` = "chart").
    fn block(&mut self, kind: &str, text: &str) -> Result<Fenced, BlockError>;
    /// The office and date text a `signature` block defaults to.
    fn signer(&self) -> (String, String);
    /// The note on where the figure marked with source `id` comes from ([`marks::source`],
    /// a draft's); none for a document whose text marks no sources.
    fn source(&self, _id: usize) -> Option<String> {
        None
    }
}

/// A problem in a block, located by its line inside the block (1 = first line after
/// the opening fence) when known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BlockError {
    pub line: Option<usize>,
    pub message: String,
}

impl BlockError {
    pub(crate) fn new(message: impl Into<String>) -> BlockError {
        BlockError { line: None, message: message.into() }
    }

    pub(crate) fn at(src: &str, offset: usize, message: impl Into<String>) -> BlockError {
        BlockError { line: Some(src[..offset.min(src.len())].matches('\n').count() + 1), message: message.into() }
    }
}

/// Reads the block's TOML into `T`, locating syntax errors and unknown keys.
pub(crate) fn parse_block<T: DeserializeOwned>(src: &str, what: &str) -> Result<T, BlockError> {
    toml::from_str(src).map_err(|e| {
        let message = format!("{what}参数有误：{}", crate::suggest::toml_message(e.message()));
        match e.span() {
            Some(span) => BlockError::at(src, span.start, message),
            None => BlockError::new(message),
        }
    })
}

/// The filled-in Markdown and the template it came from, for error messages.
pub(crate) struct Source<'a> {
    pub origin: &'a str,
    pub markdown: &'a str,
}

pub(crate) fn blocks(src: &Source, fences: &mut dyn Fences) -> Result<Parsed, TemplateError> {
    let mut b = Builder {
        src,
        fences,
        out: Vec::new(),
        title: None,
        drawn: 0,
        figure_ids: BTreeMap::new(),
        numbers: [0; 4],
        inline: None,
        fence: None,
        lists: Vec::new(),
        quote: 0,
        sources: marks::SourceReader::default(),
    };
    for (event, range) in Parser::new_ext(src.markdown, Options::empty()).into_offset_iter() {
        b.event(event, range.start)?;
    }
    let mut blocks = b.out;
    resolve_figure_references(&mut blocks, &b.figure_ids).map_err(|message| TemplateError::Fill {
        origin: src.origin.to_string(),
        line: None,
        message,
    })?;
    Ok(Parsed { blocks, title: b.title })
}

/// Replaces every figure mark ([`marks::figure`]) in the text with 图N, or （图未绘制） for
/// a chart that had no data this year; an id that no chart block declares is an error.
fn resolve_figure_references(blocks: &mut [Block], ids: &BTreeMap<String, Option<usize>>) -> Result<(), String> {
    let resolve = |text: &mut String| {
        marks::resolve_figures(text, |id| match ids.get(id) {
            Some(Some(n)) => Ok(format!("图{n}")),
            Some(None) => Ok("（图未绘制）".to_string()),
            None => Err(format!("figure(\"{id}\") 引用的图表不存在：请在某个 chart 块中写 id = \"{id}\"")),
        })
    };
    for block in blocks {
        match block {
            Block::Paragraph(spans) => spans.iter_mut().try_for_each(|s| resolve(&mut s.text))?,
            Block::Heading { text, .. } | Block::Note(text) | Block::Title(text) | Block::Subtitle(text) => {
                resolve(text)?
            }
            _ => {}
        }
    }
    Ok(())
}

/// Text being collected for a heading, paragraph, list item or quote.
struct Inline {
    spans: Vec<Span>,
    bold: usize,
    /// A soft line break is pending: becomes a space only between Latin words.
    soft_break: bool,
}

impl Inline {
    fn new(prefix: Option<String>) -> Inline {
        Inline { spans: prefix.into_iter().map(Span::plain).collect(), bold: 0, soft_break: false }
    }

    /// `text`, from the figure whose source is `source` if any.
    fn push(&mut self, text: &str, source: Option<String>) {
        if text.is_empty() {
            return;
        }
        let bold = self.bold > 0;
        if std::mem::take(&mut self.soft_break) {
            let before = self.spans.last().and_then(|s| s.text.chars().last());
            let after = text.chars().next();
            if before.is_some_and(|c| c.is_ascii_alphanumeric()) && after.is_some_and(|c| c.is_ascii_alphanumeric()) {
                self.push_raw(" ", bold, None);
            }
        }
        self.push_raw(text, bold, source);
    }

    fn push_raw(&mut self, text: &str, bold: bool, source: Option<String>) {
        match self.spans.last_mut() {
            Some(last) if last.bold == bold && last.source == source => last.text.push_str(text),
            _ => self.spans.push(Span { text: text.to_string(), bold, source }),
        }
    }

    fn plain_text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// The spans with the ideographic spaces people type to indent removed (the
    /// typesetter indents), or `None` when nothing is left.
    fn into_spans(mut self) -> Option<Vec<Span>> {
        if let Some(first) = self.spans.first_mut() {
            first.text = first.text.trim_start_matches([' ', '\u{3000}']).to_string();
        }
        if let Some(last) = self.spans.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        self.spans.retain(|s| !s.text.is_empty());
        (!self.spans.is_empty()).then_some(self.spans)
    }
}

enum InlineTarget {
    Heading(u8),
    Paragraph,
}

struct Fence {
    kind: String,
    /// The template line of the opening fence, if it was marked.
    line: Option<usize>,
    /// The line in the rendered Markdown, for fences the template did not write as such.
    rendered_line: usize,
    text: String,
}

struct Builder<'a, 'b> {
    src: &'b Source<'a>,
    fences: &'b mut dyn Fences,
    out: Vec<Block>,
    title: Option<String>,
    /// Charts drawn so far.
    drawn: usize,
    /// Chart ids: the figure number, or None for a chart left undrawn.
    figure_ids: BTreeMap<String, Option<usize>>,
    /// Current number at each heading level.
    numbers: [usize; 4],
    inline: Option<(InlineTarget, Inline)>,
    fence: Option<Fence>,
    /// Open lists: the next item number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    quote: usize,
    /// Reads a draft's figure source marks out of the text.
    sources: marks::SourceReader,
}

impl Builder<'_, '_> {
    fn event(&mut self, event: Event, offset: usize) -> Result<(), TemplateError> {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush();
                self.inline = Some((InlineTarget::Heading(level_number(level)), Inline::new(None)));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((InlineTarget::Heading(level), inline)) = self.inline.take() {
                    self.heading(level, inline.plain_text().trim())?;
                }
            }
            // A list item's first paragraph continues the item's marker.
            Event::Start(Tag::Paragraph) if self.inline.is_none() => {
                self.inline = Some((InlineTarget::Paragraph, Inline::new(None)));
            }
            Event::End(TagEnd::Paragraph) => self.flush(),
            Event::Start(Tag::List(start)) => {
                self.flush();
                self.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "•".to_string(),
                };
                self.inline = Some((InlineTarget::Paragraph, Inline::new(Some(marker))));
            }
            Event::End(TagEnd::Item) => self.flush(),
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => self.flush(),
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush();
                self.quote += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                self.quote -= 1;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush();
                match kind {
                    CodeBlockKind::Fenced(info) => {
                        let (kind, line) = parse_info(&info);
                        let rendered_line = self.src.markdown[..offset].matches('\n').count() + 1;
                        self.fence = Some(Fence { kind: kind.to_string(), line, rendered_line, text: String::new() });
                    }
                    // An indented paragraph (four spaces in a template): text, not code.
                    CodeBlockKind::Indented => self.inline = Some((InlineTarget::Paragraph, Inline::new(None))),
                }
            }
            Event::End(TagEnd::CodeBlock) => match self.fence.take() {
                Some(fence) => self.fenced(fence)?,
                None => self.flush(),
            },
            Event::Start(Tag::Strong) => self.with_inline(|i| i.bold += 1),
            Event::End(TagEnd::Strong) => self.with_inline(|i| i.bold = i.bold.saturating_sub(1)),
            Event::Text(text) => match &mut self.fence {
                Some(f) => f.text.push_str(&text),
                None => self.text(&text.replace('\n', "")),
            },
            Event::Code(text) | Event::InlineHtml(text) => self.text(&text),
            // HTML comments are the author's notes; any other HTML is kept as text.
            Event::Html(html) if !html.trim_start().starts_with("<!--") => self.text(html.trim_end()),
            Event::SoftBreak | Event::HardBreak => self.with_inline(|i| i.soft_break = true),
            Event::Rule => {
                self.flush();
                self.out.push(Block::PageBreak);
            }
            // Emphasis, links, images: their text arrives as Text events.
            _ => {}
        }
        Ok(())
    }

    /// Inline text, each figure in it with its source.
    fn text(&mut self, text: &str) {
        let pieces: Vec<(&str, Option<String>)> = self
            .sources
            .read(text)
            .into_iter()
            .map(|(piece, id)| (piece, id.and_then(|id| self.fences.source(id))))
            .collect();
        self.with_inline(|i| pieces.into_iter().for_each(|(piece, source)| i.push(piece, source)));
    }

    fn with_inline(&mut self, f: impl FnOnce(&mut Inline)) {
        let (_, inline) = self.inline.get_or_insert_with(|| (InlineTarget::Paragraph, Inline::new(None)));
        f(inline);
    }

    /// Ends the paragraph being collected, if any.
    fn flush(&mut self) {
        let Some((InlineTarget::Paragraph, inline)) = self.inline.take() else { return };
        let Some(spans) = inline.into_spans() else { return };
        if self.quote > 0 {
            self.out.push(Block::Note(spans.iter().map(|s| s.text.as_str()).collect()));
        } else {
            self.out.push(Block::Paragraph(spans));
        }
    }

    fn heading(&mut self, level: u8, text: &str) -> Result<(), TemplateError> {
        let (text, numbered) = match text.strip_suffix("{-}") {
            Some(t) => (t.trim_end(), false),
            None => (text, true),
        };
        if level == 0 {
            if self.title.is_none() {
                self.title = Some(text.to_string());
            }
            let block = match self.out.last() {
                Some(Block::Title(_)) => Block::Subtitle(text.to_string()),
                _ => Block::Title(text.to_string()),
            };
            self.out.push(block);
            return Ok(());
        }
        if level > 4 {
            return Err(TemplateError::Fill {
                origin: self.src.origin.to_string(),
                line: None,
                message: format!("标题“{text}”层级过深：正文标题最多四级（## 至 #####）"),
            });
        }
        let i = usize::from(level - 1);
        for deeper in &mut self.numbers[i + 1..] {
            *deeper = 0;
        }
        let text = if numbered {
            self.numbers[i] += 1;
            format!("{}{text}", heading_number(level, self.numbers[i]))
        } else {
            text.to_string()
        };
        self.out.push(Block::Heading { level, text });
        Ok(())
    }

    fn fenced(&mut self, fence: Fence) -> Result<(), TemplateError> {
        let error = |e: BlockError| {
            let (line, message) = match fence.line {
                Some(open) => (Some(open + e.line.unwrap_or(0)), format!("（{} 块）{}", fence.kind, e.message)),
                None => (None, format!("（填充后第 {} 行的 {} 块）{}", fence.rendered_line, fence.kind, e.message)),
            };
            TemplateError::Fill { origin: self.src.origin.to_string(), line, message }
        };
        match fence.kind.as_str() {
            kind @ ("table" | "chart") => {
                match self.fences.block(kind, &marks::unmark_sources(&fence.text)).map_err(error)? {
                    Fenced::Table(table) => self.out.push(Block::Table(table)),
                    Fenced::Annotated(table, note) => {
                        self.out.push(Block::Table(table));
                        self.out.push(Block::Note(note));
                    }
                    Fenced::Figure(figure, id) => {
                        self.out.push(Block::Figure(figure));
                        self.drawn += 1;
                        if let Some(id) = id {
                            self.figure_ids.insert(id, Some(self.drawn));
                        }
                    }
                    Fenced::Undrawn(note, id) => {
                        self.out.push(note);
                        if let Some(id) = id {
                            self.figure_ids.insert(id, None);
                        }
                    }
                    Fenced::Omitted(id) => {
                        if let Some(id) = id {
                            self.figure_ids.insert(id, None);
                        }
                    }
                }
            }
            "signature" => {
                let spec: Signature = parse_block(&marks::unmark_sources(&fence.text), "落款").map_err(error)?;
                let (office, date_text) = self.fences.signer();
                self.out.push(Block::Signature { office: spec.office.unwrap_or(office), date_text });
            }
            other => {
                return Err(error(BlockError {
                    line: None,
                    message: format!(
                        "{}：模板只认 {} 三种块（在 ``` 后写明）",
                        if other.is_empty() {
                            "代码块没有标明类型".to_string()
                        } else {
                            format!("未知的代码块“{other}”")
                        },
                        BLOCK_KINDS.join("、")
                    ),
                }))
            }
        }
        Ok(())
    }
}

/// The optional key of a ```` ```signature ```` block (the workspace's office by
/// default). No date: the cover's is the document's, and the two must not disagree.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Signature {
    office: Option<String>,
}

/// `#` is 0 (the title), `##` is heading level 1 and so on.
fn level_number(level: HeadingLevel) -> u8 {
    level as u8 - 1
}

fn heading_number(level: u8, n: usize) -> String {
    match level {
        1 => format!("{}、", crate::numfmt::chinese_numeral(n)),
        2 => format!("（{}）", crate::numfmt::chinese_numeral(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tables of one row naming the block's text; every chart drawn with the text as id.
    struct Echo;

    impl Fences for Echo {
        fn block(&mut self, kind: &str, text: &str) -> Result<Fenced, BlockError> {
            Ok(match kind {
                "table" => Fenced::Table(crate::typeset::Table {
                    caption: None,
                    columns: Vec::new(),
                    rows: vec![vec![text.trim().to_string()]],
                    total: None,
                    font_size: crate::typeset::size::XIAO_SI,
                    sources: Vec::new(),
                }),
                _ => Fenced::Figure(
                    Figure {
                        caption: text.trim().to_string(),
                        drawing: crate::typeset::Drawing { width_pt: 1.0, height_pt: 1.0, items: Vec::new() },
                    },
                    Some(text.trim().to_string()),
                ),
            })
        }

        fn signer(&self) -> (String, String) {
            ("办公室".into(), "某日".into())
        }
    }

    #[test]
    fn the_document_makes_its_blocks_and_signs() {
        let markdown = format!(
            "# 题\n\n# 副题\n\n见{}。\n\n```chart\na\n```\n\n```chart\nb\n```\n\n```table\nt\n```\n\n```signature\n```\n",
            marks::figure("b").unwrap()
        );
        let parsed =
            blocks(&Source { origin: "x.md", markdown: &markdown }, &mut Echo).map_err(|e| e.to_string()).unwrap();
        assert_eq!(parsed.title.as_deref(), Some("题"));
        assert_eq!(
            parsed.blocks[..3],
            [Block::Title("题".into()), Block::Subtitle("副题".into()), Block::paragraph("见图2。")]
        );
        assert!(matches!(&parsed.blocks[5], Block::Table(t) if t.rows == [["t"]]));
        assert_eq!(parsed.blocks[6], Block::Signature { office: "办公室".into(), date_text: "某日".into() });
    }

    /// A draft's figures: each marked figure is a span with its source, in bold too;
    /// a heading and a block read without the marks.
    #[test]
    fn marked_figures_become_spans_with_their_sources() {
        struct Sourced;
        impl Fences for Sourced {
            fn block(&mut self, _: &str, text: &str) -> Result<Fenced, BlockError> {
                assert_eq!(text, "caption = \"35次\"\n");
                Ok(Fenced::Omitted(None))
            }
            fn signer(&self) -> (String, String) {
                (String::new(), String::new())
            }
            fn source(&self, id: usize) -> Option<String> {
                Some(format!("来源{id}"))
            }
        }
        let (a, b) = (marks::source(0, "35次"), marks::source(1, "3800余万元"));
        let markdown = format!("## 共{a}\n\n共{a}，**投入{b}**。\n\n```table\ncaption = \"{a}\"\n```\n");
        let parsed =
            blocks(&Source { origin: "x.md", markdown: &markdown }, &mut Sourced).map_err(|e| e.to_string()).unwrap();
        assert_eq!(parsed.blocks[0], Block::Heading { level: 1, text: "一、共35次".into() });
        let sourced =
            |text: &str, bold: bool, id: usize| Span { text: text.into(), bold, source: Some(format!("来源{id}")) };
        assert_eq!(
            parsed.blocks[1],
            Block::Paragraph(vec![
                Span::plain("共"),
                sourced("35次", false, 0),
                Span::plain("，"),
                Span::bold("投入"),
                sourced("3800余万元", true, 1),
                Span::plain("。"),
            ])
        );
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(heading_number(1, 3), "三、");
        assert_eq!(heading_number(2, 12), "（十二）");
        assert_eq!(heading_number(3, 2), "2.");
        assert_eq!(heading_number(4, 2), "（2）");
    }
}
