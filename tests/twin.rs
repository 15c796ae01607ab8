//! The Word report as the PDF's twin: the samples' .docx laid out by LibreOffice
//! headless, with the office's faces standing for the bundled ones (see
//! `common::word_to_pdf`), breaks the PDF's text lines the same way and fills as many
//! pages. LibreOffice converts once for all the tests here: it takes seconds.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::{is_page_number, on_samples, pdf_pages, pdftotext, word_to_pdf, zip_part, Made};

const REPORT: &str = "示例区2024年度双拥工作报告";

/// Of the PDF's text lines, the share LibreOffice sets the same way from the .docx (88.0%
/// reached). Table cells of full-width text carry the PDF's own line breaks. What differs
/// is this: LibreOffice 7 ignores `w:autoSpaceDE` (Word and WPS honour it) and puts a
/// quarter em each side of a number, so a paragraph with figures in it may break a
/// character earlier from there on (the tracking's slack, `docx::page::tracking`, takes
/// one number a line, not three); the PDF squeezes punctuation where a line would
/// otherwise fall short (a table cell with a （), which Word's model cannot ask for; Word
/// repeats a table's header on a new page but not its caption (表3（续）); the 目录's
/// page numbers are Word's to fill in; the charts' labels are pictures in Word.
const SAME_LINES: f64 = 0.87;

struct Twin {
    /// Kept so that the files stay while the tests read them.
    _made: Made,
    pdf: PathBuf,
    word_pdf: Option<PathBuf>,
    docx: PathBuf,
}

fn twin() -> &'static Twin {
    static TWIN: OnceLock<Twin> = OnceLock::new();
    TWIN.get_or_init(|| {
        let made = on_samples(&["build"]);
        let (pdf, docx) = (made.out.join(format!("{REPORT}.pdf")), made.out.join(format!("{REPORT}.docx")));
        let word_pdf = word_to_pdf(&docx, &made.tmp.path().join("lo"));
        Twin { _made: made, pdf, word_pdf, docx }
    })
}

/// A PDF's text lines as pdftotext reads them, without whitespace, blank lines and page
/// numbers. pdftotext reads a caption's number and its title (`表1　组织领导指标`), and
/// the letter-spaced `目　录`, as two lines where the PDF has one: they are joined again.
fn lines(pdf: &std::path::Path) -> Vec<String> {
    let read: Vec<String> = pdftotext(pdf, &[])
        .unwrap()
        .lines()
        .filter(|l| !is_page_number(l))
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|l| !l.is_empty())
        .collect();
    let mut joined: Vec<String> = Vec::with_capacity(read.len());
    for line in read {
        match joined.last_mut() {
            Some(last) if split_from(last, &line) => last.push_str(&line),
            _ => joined.push(line),
        }
    }
    joined
}

/// Whether pdftotext read `line` apart from `before` although they are one line: the
/// title after a caption's number (`表1`, `表3（续）`, `图2`), `录` after `目`.
fn split_from(before: &str, line: &str) -> bool {
    let number = before.strip_suffix("（续）").unwrap_or(before);
    let caption = ["表", "图"]
        .iter()
        .any(|k| number.strip_prefix(k).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())));
    (caption && !line.starts_with(['表', '图'])) || (before == "目" && line == "录")
}

/// The text of the .docx's runs, without whitespace: the PDF's lines that are not in it
/// are drawn (the charts' labels, pictures in Word) or made up by the layout (the 目录's
/// leaders and page numbers, which Word fills in when it updates the field).
fn docx_text(docx: &std::path::Path) -> String {
    let document = zip_part(docx, "word/document.xml");
    let text: String =
        document.split("<w:t xml:space=\"preserve\">").skip(1).filter_map(|s| s.split("</w:t>").next()).collect();
    text.replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The share of `pdf`'s lines that `word` has as well (each line counted as often as it
/// occurs in both).
fn same_share(pdf: &[String], word: &[String]) -> f64 {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for l in word {
        *left.entry(l).or_default() += 1;
    }
    let same = pdf
        .iter()
        .filter(|l| match left.get_mut(l.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count();
    same as f64 / pdf.len().max(1) as f64
}

#[test]
fn word_breaks_the_lines_where_the_pdf_does() {
    let t = twin();
    let Some(word_pdf) = &t.word_pdf else { return };
    let text = docx_text(&t.docx);
    let pdf: Vec<String> = lines(&t.pdf).into_iter().filter(|l| text.contains(l.as_str())).collect();
    let word = lines(word_pdf);
    assert!(pdf.len() > 500, "{} lines of text in the PDF", pdf.len());
    let share = same_share(&pdf, &word);
    eprintln!("{:.1}% of the PDF's {} text lines are the same in Word's", share * 100.0, pdf.len());
    assert!(share >= SAME_LINES, "{:.1}% of the PDF's lines set the same way", share * 100.0);
}

#[test]
fn word_fills_as_many_pages_as_the_pdf() {
    let t = twin();
    let Some(word_pdf) = &t.word_pdf else { return };
    let (word, pdf) = (pdf_pages(word_pdf), pdf_pages(&t.pdf));
    assert!(word.abs_diff(pdf) <= 1, "{word} pages from Word, {pdf} in the PDF");
}

#[test]
fn a_caption_read_as_two_lines_is_one() {
    assert!(
        split_from("表1", "组织领导指标") && split_from("表3（续）", "拥军优属指标") && split_from("图2", "主要指标")
    );
    assert!(split_from("目", "录"));
    assert!(!split_from("表1组织领导指标", "指标") && !split_from("表", "1") && !split_from("召开", "次"));
}

#[test]
fn the_share_counts_each_line_once() {
    let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(same_share(&l(&["甲", "甲", "乙", "丙"]), &l(&["甲", "乙", "丁"])), 0.5);
    assert_eq!(same_share(&l(&[]), &l(&["甲"])), 0.0);
}
