//! `build --ofd` and `dossier --ofd` read back: the OFD package (GB/T 33190) beside the
//! PDF, its parts well-formed XML, the PDF's page count and each page's text, the same
//! bytes from two builds; and, where it is installed (always in CI), an independent
//! reader (ofdkit, from PyPI) opening it.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use quick_xml::events::Event;

const REPORT: &str = "示例区2024年度双拥工作报告";
const DOSSIER: &str = "示例区2021-2024年双拥模范城创建考评材料";
const CREATION: &str = "示例区2021-2024年双拥模范城创建工作汇报";

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Runs `command` on the sample workspace with its output in `out`; returns stdout.
fn make(command: &str, out: &Path, extra: &[&str]) -> String {
    let samples = samples();
    let mut args = vec![command, samples.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let r = run(out, &args);
    assert_eq!(r.code, 0, "{command} failed: {}", r.stderr);
    r.stdout
}

/// The package's entries, in order, with their bytes.
fn entries(ofd: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(ofd).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

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
    let entries = entries(ofd);
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

fn part(ofd: &Path, name: &str) -> String {
    let (_, bytes) = entries(ofd).into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name}"));
    String::from_utf8(bytes).unwrap()
}

fn pdf_pages(pdf: &Path) -> usize {
    lopdf::Document::load(pdf).unwrap().get_pages().len()
}

/// The characters of a text, sorted, without whitespace or hyphens: pdftotext orders a
/// page's text its own way and joins a word hyphenated at a line's end.
fn letters(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    chars.sort_unstable();
    chars.into_iter().collect()
}

/// Page `n` (from 1) of a PDF as pdftotext reads it.
fn pdf_page_text(pdf: &Path, n: usize) -> Option<String> {
    let n = n.to_string();
    tool(
        "pdftotext",
        &[
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            "-f".as_ref(),
            n.as_ref(),
            "-l".as_ref(),
            n.as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
    )
}

/// The OFD has the PDF's pages, each with the PDF page's text.
fn same_pages_as_the_pdf(dir: &Path, stem: &str) -> Vec<String> {
    let (pdf, ofd) = (dir.join(format!("{stem}.pdf")), dir.join(format!("{stem}.ofd")));
    let pages = ofd_pages(&ofd);
    assert_eq!(pages.len(), pdf_pages(&pdf), "{stem}: page count");
    for (i, text) in pages.iter().enumerate() {
        let Some(pdf_text) = pdf_page_text(&pdf, i + 1) else { break };
        assert_eq!(letters(text), letters(&pdf_text), "{stem}: page {} differs from the PDF's", i + 1);
    }
    pages
}

#[test]
fn build_writes_the_report_as_ofd_with_the_pdfs_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let stdout = make("build", tmp.path(), &["--ofd"]);
    assert!(
        stdout.contains(&format!("已生成 OFD 版式文件：{}", tmp.path().join(format!("{REPORT}.ofd")).display())),
        "{stdout}"
    );
    let pages = same_pages_as_the_pdf(tmp.path(), REPORT);
    // Page 1, the cover, has the title; the first body page the key figures.
    assert!(pages[0].contains(REPORT), "{}", pages[0]);
    let body = pages.iter().find(|p| p.starts_with("一、主要做法和成效") || p.contains("一、主要做法和成效")).unwrap();
    // The opening paragraph, then the first section's figures (issue 19: no overview).
    assert!(body.chars().filter(char::is_ascii_digit).count() > 12, "figures on the first body page: {body}");

    let ofd = tmp.path().join(format!("{REPORT}.ofd"));
    let info = part(&ofd, "OFD.xml");
    for needle in [
        &format!("<ofd:Title>{REPORT}</ofd:Title>"),
        "<ofd:Author>示例区双拥工作领导小组办公室</ofd:Author>",
        "<ofd:CreationDate>2025-01-01</ofd:CreationDate>",
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>",
        "<ofd:Keyword>双拥</ofd:Keyword>",
    ] {
        assert!(info.contains(needle), "{needle} in {info}");
    }
    let document = part(&ofd, "Doc_0/Document.xml");
    assert!(document.contains("<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"), "A4 in millimetres");
    assert!(document.contains(r#"<ofd:OutlineElem Title="一、主要做法和成效""#), "the outline: {document}");
    assert!(
        document.contains(r#"<ofd:OutlineElem Title="（一）加强组织领导，双拥工作机制不断健全""#),
        "nested headings: {document}"
    );
    let max: u32 = document.split("<ofd:MaxUnitID>").nth(1).unwrap().split('<').next().unwrap().parse().unwrap();
    let content: String = (0..pages.len()).map(|p| part(&ofd, &format!("Doc_0/Pages/Page_{p}/Content.xml"))).collect();
    let mut ids: Vec<u32> = content
        .split(" ID=\"")
        .skip(1)
        .chain(document.split("<ofd:Page ID=\"").skip(1))
        .chain(part(&ofd, "Doc_0/PublicRes.xml").split("<ofd:Font ID=\"").skip(1))
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
    let attachments = part(&ofd, "Doc_0/Attachs/Attachments.xml");
    assert!(attachments.contains(r#"Name="facts.csv" Format="csv""#), "{attachments}");
    let facts = part(&ofd, "Doc_0/Attachs/Attach_0.csv");
    assert!(facts.starts_with("year,unit,code,value,file,sheet,cell\n"), "{}", &facts[..100]);
    assert!(facts.contains("\n2024,"), "the report year's facts");

    // Without --ofd, no OFD.
    let plain = tempfile::tempdir().unwrap();
    make("build", plain.path(), &[]);
    assert!(!plain.path().join(format!("{REPORT}.ofd")).exists());
}

#[test]
fn dossier_writes_both_documents_as_ofd_and_a_draft_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    make("dossier", tmp.path(), &["--ofd", "--draft"]);
    for stem in [DOSSIER, CREATION] {
        let pages = same_pages_as_the_pdf(tmp.path(), stem);
        assert!(pages.iter().all(|p| p.contains("草稿")), "{stem}: the draft mark on every page");
    }
    let content = part(&tmp.path().join(format!("{DOSSIER}.ofd")), "Doc_0/Pages/Page_0/Content.xml");
    assert!(content.contains(" CTM=\""), "the slanted draft mark is rotated by its CTM");
}

#[test]
fn the_same_inputs_give_the_same_ofd() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        make("build", dir.path(), &["--ofd"]);
    }
    let name = format!("{REPORT}.ofd");
    let (x, y) = (std::fs::read(a.path().join(&name)).unwrap(), std::fs::read(b.path().join(&name)).unwrap());
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
    let probe = Command::new("python3").args(["-c", "import ofdkit"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        unavailable("the OFD reader ofdkit is not installed (pip install ofdkit)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    make("build", tmp.path(), &["--ofd"]);
    let (pdf, ofd) = (tmp.path().join(format!("{REPORT}.pdf")), tmp.path().join(format!("{REPORT}.ofd")));
    let out = Command::new("python3").args(["-c", SCRIPT]).arg(&ofd).output().expect("python3 runs");
    assert!(out.status.success(), "ofdkit failed: {}", String::from_utf8_lossy(&out.stderr));
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(read["title"], REPORT);
    let pages = read["pages"].as_array().unwrap();
    assert_eq!(pages.len(), pdf_pages(&pdf), "ofdkit's page count");
    for (i, page) in pages.iter().enumerate() {
        let Some(pdf_text) = pdf_page_text(&pdf, i + 1) else { break };
        assert_eq!(letters(page.as_str().unwrap()), letters(&pdf_text), "page {} as ofdkit reads it", i + 1);
    }
}
