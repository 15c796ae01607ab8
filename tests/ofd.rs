//! `build --ofd` and `dossier --ofd` read back: the OFD package (GB/T 33190) beside the
//! PDF, its parts well-formed XML, the PDF's page count and each page's text, the same
//! bytes from two builds; and an independent reader (ofdkit, from PyPI, which CI
//! installs) opening it.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use quick_xml::events::Event;

const REPORT: &str = "示例区2024年度双拥工作报告";
const DOSSIER: &str = "示例区2021-2024年双拥模范城创建考评材料";
const CREATION: &str = "示例区2021-2024年双拥模范城创建工作汇报";

/// Panics unless `xml` is well-formed (matching tags, known entities, every element
/// closed) with `root` as its root element in the OFD namespace; returns the text of
/// every `ofd:TextCode`.
fn read_xml(name: &str, xml: &[u8], root: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let (mut depth, mut roots) = (0usize, 0usize);
    let mut codes: Vec<String> = Vec::new();
    let mut in_code = false;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
        if let (Event::Start(e) | Event::Empty(e), 0) = (&event, depth) {
            roots += 1;
            assert_eq!(e.name().0, format!("ofd:{root}"), "{name}'s root");
            let ns = e.try_get_attribute("xmlns:ofd").unwrap().expect("the OFD namespace");
            assert_eq!(&*ns.value, "http://www.ofdspec.org/2016", "{name}");
        }
        match &event {
            Event::Start(e) => {
                depth += 1;
                in_code = e.name().0 == "ofd:TextCode";
                if in_code {
                    codes.push(String::new());
                }
            }
            Event::End(_) => {
                depth -= 1;
                in_code = false;
            }
            Event::Text(t) if in_code => codes.last_mut().unwrap().push_str(t),
            Event::GeneralRef(r) if in_code => {
                let text = match (r.resolve_char_ref().unwrap(), &**r) {
                    (Some(c), _) => c.to_string(),
                    (None, "amp") => "&".into(),
                    (None, "lt") => "<".into(),
                    (None, "gt") => ">".into(),
                    (None, "quot") => "\"".into(),
                    (None, "apos") => "'".into(),
                    (None, other) => panic!("{name}: unknown entity {other}"),
                };
                codes.last_mut().unwrap().push_str(&text);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!((depth, roots), (0, 1), "{name}: one root element, closed");
    codes
}

/// Each page's text as the OFD's `TextCode`s hold it, after checking the package's layout
/// and that every XML part is well-formed.
fn ofd_pages(ofd: &Path) -> Vec<String> {
    let entries = zip_entries(ofd);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(&names[..3], ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml"], "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("Doc_0/Res/font_") && n.ends_with(".ttf")), "fonts embedded");
    let mut pages: BTreeMap<usize, String> = BTreeMap::new();
    for (name, bytes) in &entries {
        let root = match name.as_str() {
            "OFD.xml" => "OFD",
            "Doc_0/Document.xml" => "Document",
            "Doc_0/PublicRes.xml" => "Res",
            n if n.ends_with("/Content.xml") => "Page",
            "Doc_0/Attachs/Attachments.xml" => "Attachments",
            n => {
                assert!(n.ends_with(".ttf") || n.starts_with("Doc_0/Attachs/"), "unexpected part {n}");
                continue;
            }
        };
        let codes = read_xml(name, bytes, root);
        if let Some(n) = name.strip_prefix("Doc_0/Pages/Page_").and_then(|r| r.strip_suffix("/Content.xml")) {
            pages.insert(n.parse().unwrap(), codes.concat());
        }
    }
    assert_eq!(
        pages.keys().copied().collect::<Vec<_>>(),
        (0..pages.len()).collect::<Vec<_>>(),
        "pages numbered from 0"
    );
    pages.into_values().collect()
}

/// A text without whitespace: each reader breaks lines where it likes.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The characters of a text, sorted.
fn sorted(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    chars.sort_unstable();
    chars.into_iter().collect()
}

/// Page `n` (from 1) of a PDF as pdftotext reads it in the order the page draws it
/// (`-raw`): the order the OFD, drawn from the same pages, must follow too.
fn pdf_page_drawn(pdf: &Path, n: usize) -> Option<String> {
    let n = n.to_string();
    pdftotext(pdf, &["-raw", "-f", &n, "-l", &n])
}

/// The OFD has the PDF's pages, each with the PDF page's text in the order the PDF
/// draws it. With `reading`, for documents of running text, the OFD also reads as
/// pdftotext reads the PDF: each line of its reading order is one stretch of the OFD's
/// text, and the lines of a paragraph (20 characters and more) come in that order.
/// (Tables are left out of the second check: pdftotext reads their cells by its own
/// column guesses.)
fn same_pages_as_the_pdf(dir: &Path, stem: &str, reading: bool) -> Vec<String> {
    let (pdf, ofd) = (dir.join(format!("{stem}.pdf")), dir.join(format!("{stem}.ofd")));
    let pages = ofd_pages(&ofd);
    assert_eq!(pages.len(), pdf_pages(&pdf), "{stem}: page count");
    for (i, text) in pages.iter().enumerate() {
        let Some(drawn) = pdf_page_drawn(&pdf, i + 1) else { break };
        let text = squeezed(text);
        assert_eq!(text, squeezed(&drawn), "{stem}: page {} differs from the PDF's", i + 1);
        if !reading {
            continue;
        }
        let mut at = 0;
        for line in pdf_page_text(&pdf, i + 1).unwrap().lines().map(squeezed).filter(|l| !l.is_empty()) {
            let found = text.find(&line);
            assert!(found.is_some(), "{stem}: page {}: “{line}” is not read in the OFD: {text}", i + 1);
            if line.chars().count() >= 20 {
                let found = text[at..].find(&line);
                assert!(found.is_some(), "{stem}: page {}: “{line}” out of order in the OFD: {text}", i + 1);
                at += found.unwrap() + line.len();
            }
        }
    }
    pages
}

#[test]
fn build_writes_the_report_as_ofd_with_the_pdfs_pages() {
    let made = on_samples(&["build", "--ofd"]);
    let stdout = &made.run.stdout;
    assert!(stdout.contains(&format!("已生成 OFD 版式文件：./out/{REPORT}.ofd")), "{stdout}");
    let pages = same_pages_as_the_pdf(&made.out, REPORT, true);
    // Page 1, the cover, has the title; the first body page the key figures.
    assert!(pages[0].contains(REPORT), "{}", pages[0]);
    let body = pages.iter().find(|p| p.starts_with("一、总体情况") || p.contains("一、总体情况")).unwrap();
    assert!(body.chars().filter(char::is_ascii_digit).count() > 20, "figures on the first body page: {body}");

    let ofd = made.out.join(format!("{REPORT}.ofd"));
    let info = zip_part(&ofd, "OFD.xml");
    for needle in [
        &format!("<ofd:Title>{REPORT}</ofd:Title>"),
        "<ofd:Author>示例区双拥工作领导小组办公室</ofd:Author>",
        "<ofd:CreationDate>2025-01-01</ofd:CreationDate>",
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>",
        "<ofd:Keyword>双拥</ofd:Keyword>",
    ] {
        assert!(info.contains(needle), "{needle} in {info}");
    }
    let document = zip_part(&ofd, "Doc_0/Document.xml");
    assert!(document.contains("<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"), "A4 in millimetres");
    assert!(document.contains(r#"<ofd:OutlineElem Title="一、总体情况""#), "the outline: {document}");
    assert!(document.contains(r#"<ofd:OutlineElem Title="（一）落实优抚政策""#), "nested headings: {document}");
    let max: u32 = document.split("<ofd:MaxUnitID>").nth(1).unwrap().split('<').next().unwrap().parse().unwrap();
    let content: String =
        (0..pages.len()).map(|p| zip_part(&ofd, &format!("Doc_0/Pages/Page_{p}/Content.xml"))).collect();
    let mut ids: Vec<u32> = content
        .split(" ID=\"")
        .skip(1)
        .chain(document.split("<ofd:Page ID=\"").skip(1))
        .chain(zip_part(&ofd, "Doc_0/PublicRes.xml").split("<ofd:Font ID=\"").skip(1))
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "IDs are unique");
    assert_eq!(ids.last(), Some(&max), "MaxUnitID is the largest ID");
    assert!(content.contains("<ofd:PathObject "), "rules, table lines and charts as paths");
    assert!(content.contains("<ofd:Goto>"), "the 目录 lines lead to their headings");
    // The facts behind the figures travel with it, as in the PDF/A.
    assert!(document.contains("<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>"), "{document}");
    let attachments = zip_part(&ofd, "Doc_0/Attachs/Attachments.xml");
    assert!(attachments.contains(r#"Name="facts.csv" Format="csv""#), "{attachments}");
    // Byte for byte what `query` gives for every year up to the report's, as in the PDF/A.
    let facts = zip_part(&ofd, "Doc_0/Attachs/Attach_0.csv");
    assert_eq!(
        facts,
        query_csv(&made.ws, "SELECT year, unit, code, value, file, sheet, cell FROM facts WHERE year <= 2024")
    );
    assert!(facts.contains("\n2024,"), "the report year's facts");

    // Without --ofd, no OFD.
    let plain = on_samples(&["build"]);
    assert!(!plain.out.join(format!("{REPORT}.ofd")).exists());
}

#[test]
fn dossier_writes_both_documents_as_ofd_and_a_draft_says_so() {
    let made = on_samples(&["dossier", "--ofd", "--draft"]);
    let cycle_facts = query_csv(
        &made.ws,
        "SELECT year, unit, code, value, file, sheet, cell FROM facts WHERE year BETWEEN 2021 AND 2024",
    );
    for (stem, reading) in [(DOSSIER, false), (CREATION, true)] {
        let pages = same_pages_as_the_pdf(&made.out, stem, reading);
        assert!(pages.iter().all(|p| p.contains("草稿")), "{stem}: the draft mark on every page");
        let facts = zip_part(&made.out.join(format!("{stem}.ofd")), "Doc_0/Attachs/Attach_0.csv");
        assert_eq!(facts, cycle_facts, "{stem}: the cycle's facts as query gives them");
    }
    let content = zip_part(&made.out.join(format!("{DOSSIER}.ofd")), "Doc_0/Pages/Page_0/Content.xml");
    assert!(content.contains(" CTM=\""), "the slanted draft mark is rotated by its CTM");
}

#[test]
fn the_same_inputs_give_the_same_ofd() {
    // Two copies of the workspace in different folders: nothing of the path gets in.
    let (a, b) = (on_samples(&["build", "--ofd"]), on_samples(&["build", "--ofd"]));
    let name = format!("{REPORT}.ofd");
    let (x, y) = (std::fs::read(a.out.join(&name)).unwrap(), std::fs::read(b.out.join(&name)).unwrap());
    assert!(x == y, "the OFD differs between two builds");
}

/// ofdkit, an OFD reader written independently of this project, opens the report: the
/// PDF's page count, title and each page's text.
#[test]
fn an_independent_reader_opens_the_report() {
    const SCRIPT: &str = r#"
import json, sys
import ofdkit
with ofdkit.open(sys.argv[1]) as doc:
    print(json.dumps({"title": doc.info.title, "pages": [page.text() for page in doc.pages]}, ensure_ascii=False))
"#;
    let made = on_samples(&["build", "--ofd"]);
    let (pdf, ofd) = (made.out.join(format!("{REPORT}.pdf")), made.out.join(format!("{REPORT}.ofd")));
    let Some(out) = python("ofdkit", SCRIPT, &[ofd.as_os_str()]) else { return };
    let read: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(read["title"], REPORT);
    let pages = read["pages"].as_array().unwrap();
    assert_eq!(pages.len(), pdf_pages(&pdf), "ofdkit's page count");
    for (i, page) in pages.iter().enumerate() {
        // ofdkit orders a chart's labels by their place, pdftotext by its own guesses:
        // the same characters, and the paragraphs' lines in one piece each.
        let Some(read) = pdf_page_text(&pdf, i + 1) else { break };
        let page = squeezed(page.as_str().unwrap());
        assert_eq!(sorted(&page), sorted(&squeezed(&read)), "page {} as ofdkit reads it", i + 1);
        for line in read.lines().map(squeezed).filter(|l| l.chars().count() >= 20) {
            assert!(page.contains(&line), "page {}: “{line}” as ofdkit reads it: {page}", i + 1);
        }
    }
}
