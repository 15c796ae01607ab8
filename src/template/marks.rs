//! The marks the report puts into its own text between filling the template and
//! reading the Markdown, each written and read only here:
//!
//! - Template lines: ` @57` appended to the info string of every fenced block's opening
//!   line before filling (`table @57`). The filled text no longer lines up with the
//!   template (comments vanish, loops repeat), and an error in a block has to name the
//!   line the author wrote.
//! - Figure references: `figure("visits")` writes the chart id between two U+E000
//!   (private use) characters, replaced by 图N once every chart block has been handled:
//!   the typesetter numbers figures in order and a chart with no data this year is not
//!   drawn, so a figure's number is unknown while the template is being filled.
//! - Figure sources, in a draft only: a figure function's text between U+E001 <id>
//!   U+E002 and U+E003, the id naming the note on where the figure comes from. The
//!   reader turns them into the spans' sources (Word comments); headings, notes and
//!   blocks drop them. Private-use characters and digits: Markdown reads them as text.

/// Appends ` @<line>` to the opening line of each fenced block.
pub(crate) fn mark_fences(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 256);
    let mut fences = FenceScanner::default();
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        out.push_str(body);
        if fences.opens(body) {
            out.push_str(&format!(" @{}", i + 1));
        }
        out.push_str(&line[body.len()..]);
    }
    out
}

/// Removes the line marks again, for Markdown shown to people (golden files).
pub(crate) fn unmark_fences(markdown: &str) -> String {
    let mut fences = FenceScanner::default();
    markdown
        .split_inclusive('\n')
        .map(|line| {
            let body = line.trim_end_matches(['\n', '\r']);
            let opens = fences.opens(body);
            match body.rfind(" @") {
                Some(at) if opens && body[at + 2..].bytes().all(|b| b.is_ascii_digit()) => {
                    format!("{}{}", &body[..at], &line[body.len()..])
                }
                _ => line.to_string(),
            }
        })
        .collect()
}

/// Splits a marked info string into the block kind word and the template line.
pub(crate) fn parse_info(info: &str) -> (&str, Option<usize>) {
    let (marks, words): (Vec<&str>, Vec<&str>) = info.split_whitespace().partition(|w| w.starts_with('@'));
    let line = marks.iter().find_map(|m| m[1..].parse().ok());
    (words.first().copied().unwrap_or(""), line)
}

/// Follows CommonMark fenced code blocks line by line.
#[derive(Default)]
struct FenceScanner {
    /// The fence character and length of the open block.
    open: Option<(char, usize)>,
}

impl FenceScanner {
    /// Whether `line` opens a fenced block (updating the state for closing lines too).
    fn opens(&mut self, line: &str) -> bool {
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() > 3 {
            return false;
        }
        let Some(c) = t.chars().next().filter(|c| *c == '`' || *c == '~') else { return false };
        let len = t.chars().take_while(|x| *x == c).count();
        if len < 3 {
            return false;
        }
        match self.open {
            Some((oc, olen)) => {
                if oc == c && len >= olen && t[len..].trim().is_empty() {
                    self.open = None;
                }
                false
            }
            // A backtick fence's info string may not contain backticks.
            None if c == '`' && t[len..].contains('`') => false,
            None => {
                self.open = Some((c, len));
                true
            }
        }
    }
}

const FIGURE_MARK: char = '\u{E000}';

/// The mark standing for the chart `id` until [`resolve_figures`]; `None` for an id
/// that cannot be one (empty, or holding the mark itself).
pub(crate) fn figure(id: &str) -> Option<String> {
    (!id.is_empty() && !id.contains(FIGURE_MARK)).then(|| format!("{FIGURE_MARK}{id}{FIGURE_MARK}"))
}

/// Replaces every figure mark in `text` with what `reference` says for its id.
pub(crate) fn resolve_figures(
    text: &mut String,
    reference: impl Fn(&str) -> Result<String, String>,
) -> Result<(), String> {
    // Searching on from the replacement: what `reference` returns is never read as a mark.
    let mut from = 0;
    while let Some(start) = text[from..].find(FIGURE_MARK).map(|i| from + i) {
        let after = start + FIGURE_MARK.len_utf8();
        let end = after + text[after..].find(FIGURE_MARK).ok_or("figure() 的引用不完整")?;
        let replacement = reference(&text[after..end])?;
        text.replace_range(start..end + FIGURE_MARK.len_utf8(), &replacement);
        from = start + replacement.len();
    }
    Ok(())
}

const SOURCE_OPEN: char = '\u{E001}';
const SOURCE_TEXT: char = '\u{E002}';
const SOURCE_CLOSE: char = '\u{E003}';

/// `text` marked as a figure whose source note is number `id`.
pub(crate) fn source(id: usize, text: &str) -> String {
    format!("{SOURCE_OPEN}{id}{SOURCE_TEXT}{text}{SOURCE_CLOSE}")
}

/// `text` without its source marks.
pub(crate) fn unmark_sources(text: &str) -> String {
    let mut reader = SourceReader::default();
    reader.read(text).into_iter().map(|(t, _)| t).collect()
}

/// Reads the source marks out of text that arrives in pieces, a mark possibly split
/// between two of them.
#[derive(Default)]
pub(crate) struct SourceReader {
    /// Inside a mark: its id, while still being read, or read.
    id: Option<(String, bool)>,
}

impl SourceReader {
    /// `text`'s pieces between the marks, each with the id of the mark it is inside.
    pub(crate) fn read<'t>(&mut self, text: &'t str) -> Vec<(&'t str, Option<usize>)> {
        let mut pieces = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            let piece = (start < i).then(|| &text[start..i]);
            let here = i + c.len_utf8();
            match (c, &mut self.id) {
                (SOURCE_OPEN, _) => {
                    pieces.extend(piece.map(|p| (p, self.current())));
                    self.id = Some((String::new(), false));
                }
                (SOURCE_TEXT, Some((_, read))) => *read = true,
                (SOURCE_CLOSE, Some(_)) => {
                    pieces.extend(piece.map(|p| (p, self.current())));
                    self.id = None;
                }
                (c, Some((id, false))) => {
                    id.push(c);
                    continue;
                }
                _ => continue,
            }
            start = here;
        }
        // A piece ending inside an id leaves it to be read on.
        if start < text.len() && !matches!(self.id, Some((_, false))) {
            pieces.push((&text[start..], self.current()));
        }
        pieces
    }

    fn current(&self) -> Option<usize> {
        self.id.as_ref().filter(|(_, read)| *read).and_then(|(id, _)| id.parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_are_marked_with_template_lines_and_unmarked_again() {
        let src = "# T\n\n```table\nkind = \"submissions\"\n```\n\n~~~ chart x\n~~~\n```rust\n```\n";
        let marked = mark_fences(src);
        assert!(marked.contains("```table @3\n"), "{marked}");
        assert!(marked.contains("~~~ chart x @7\n"), "{marked}");
        assert!(marked.contains("```rust @9\n```\n"), "{marked}");
        assert_eq!(parse_info("table @3"), ("table", Some(3)));
        assert_eq!(parse_info("chart x @7"), ("chart", Some(7)));
        assert_eq!(unmark_fences(&marked), src);
    }

    #[test]
    fn only_opening_fences_are_marked() {
        // Closing fences, fences inside a longer one, indented code and inline backticks.
        let src = "````\n```\n````\n    ```x\n``a`` ```b`\r\n";
        assert_eq!(mark_fences(src), "```` @1\n```\n````\n    ```x\n``a`` ```b`\r\n");
        assert_eq!(unmark_fences(&mark_fences(src)), src);
    }

    #[test]
    fn unmarked_info_strings_keep_their_words() {
        assert_eq!(parse_info(""), ("", None));
        assert_eq!(parse_info("table"), ("table", None));
        // What an author wrote stays: only a trailing ` @<digits>` is a mark.
        assert_eq!(unmark_fences("```chart @here\n```\n"), "```chart @here\n```\n");
    }

    #[test]
    fn figure_marks_resolve_to_what_the_ids_name() {
        let mut text = format!("见{}和{}。", figure("a").unwrap(), figure("图b").unwrap());
        resolve_figures(&mut text, |id| Ok(format!("<{id}>"))).unwrap();
        assert_eq!(text, "见<a>和<图b>。");
        let mut text = format!("见{}。", figure("x").unwrap());
        assert_eq!(resolve_figures(&mut text, |id| Err(format!("没有 {id}"))), Err("没有 x".to_string()));
    }

    #[test]
    fn unusable_and_broken_figure_marks() {
        assert_eq!(figure(""), None);
        assert_eq!(figure(&figure("a").unwrap()), None);
        let mut text = figure("a").unwrap();
        text.pop();
        assert!(resolve_figures(&mut text, |_| Ok(String::new())).unwrap_err().contains("不完整"));
    }

    #[test]
    fn source_marks_are_read_across_pieces() {
        let text = format!("共{}，{}。", source(0, "35次"), source(12, "3800余万元"));
        let mut reader = SourceReader::default();
        let (a, b) = text.split_at(text.find('3').unwrap() + 1);
        let mut pieces = reader.read(a);
        pieces.extend(reader.read(b));
        assert_eq!(
            pieces,
            [("共", None), ("3", Some(0)), ("5次", Some(0)), ("，", None), ("3800余万元", Some(12)), ("。", None)]
        );
        assert_eq!(unmark_sources(&text), "共35次，3800余万元。");
        let (a, b) = text.split_at(text.find("12").unwrap() + 1);
        let mut pieces = reader.read(a);
        pieces.extend(reader.read(b));
        assert_eq!(pieces[3..], [("3800余万元", Some(12)), ("。", None)]);
    }
}
