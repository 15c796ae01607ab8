//! The Word documents of `build` and `dossier`, read back: the package's XML (styles,
//! page set-up, fonts, tables, pictures), identical bytes from two builds, and
//! LibreOffice's conversion of the document to PDF headless (CI installs it).

mod common;

use std::path::Path;

use common::{
    on_samples, pdf_pages, pdftotext, run_ok, samples, word_to_pdf, zip_names as names, zip_part as part, Made,
};

const REPORT: &str = "示例区2024年度双拥工作报告.docx";
const DOSSIER: &str = "示例区2021-2024年双拥模范城创建考评材料.docx";

/// Runs `args` on a copy of the sample workspace, which announces the Word document.
fn made(args: &[&str]) -> Made {
    let made = on_samples(args);
    assert!(made.run.stdout.contains(".docx"), "the .docx is announced: {}", made.run.stdout);
    made
}

#[test]
fn report_is_a_word_document_with_official_styles() {
    let built = made(&["build"]);
    let docx = built.out.join(REPORT);
    let document = part(&docx, "word/document.xml");
    let styles = part(&docx, "word/styles.xml");

    // Headings in Word's heading styles with outline levels, used by the text.
    for level in 1..=4 {
        assert!(styles.contains(&format!(r#"w:styleId="Heading{level}""#)), "Heading{level} style");
        assert!(styles.contains(&format!(r#"<w:name w:val="heading {level}" />"#)), "heading {level} name");
        assert!(styles.contains(&format!(r#"<w:outlineLvl w:val="{}" />"#, level - 1)), "outline level {level}");
    }
    assert!(document.contains(r#"<w:pStyle w:val="Heading1" />"#));
    assert!(document.contains(r#"<w:pStyle w:val="Heading2" />"#));
    assert!(document.contains(r#"<w:pStyle w:val="BodyText" />"#));
    assert!(styles.contains(r#"w:firstLine="640" w:firstLineChars="200""#), "two-character first-line indent");
    assert!(document.contains("一、主要做法和成效"));

    // An updatable TOC field over levels 1–2, and captions numbered by SEQ fields.
    assert!(document.contains(r#"TOC \o &quot;1-2&quot;"#));
    assert!(document.contains(r#"w:fldCharType="begin" w:dirty="true""#));
    let tables = document.matches("<w:tbl>").count();
    let pictures = document.matches("<pic:pic ").count();
    assert!(tables >= 3, "{tables} tables");
    assert_eq!(document.matches("<w:tblHeader />").count(), tables, "every table repeats its header row");
    assert_eq!(document.matches("SEQ 表").count(), tables);
    // A cell of Chinese text breaks where the PDF breaks it, not greedily (帮助部队解决实际困 / 难).
    let cell = document.split("帮助部队解决实</w:t>").nth(1).and_then(|c| c.split("</w:p>").next()).unwrap_or_default();
    assert!(cell.contains(r#"<w:br w:type="textWrapping" />"#) && cell.contains(">际困难</w:t>"), "{cell}");
    assert!(pictures >= 1);
    assert_eq!(document.matches("SEQ 图").count(), pictures);
    assert_eq!(names(&docx).iter().filter(|n| n.starts_with("word/media/") && n.ends_with(".png")).count(), pictures);
    // Each chart also as SVG, which Word 2016 and later draw instead of the PNG.
    assert_eq!(names(&docx).iter().filter(|n| n.starts_with("word/media/") && n.ends_with(".svg")).count(), pictures);
    assert_eq!(document.matches("<asvg:svgBlip ").count(), pictures);
    assert!(part(&docx, "[Content_Types].xml").contains(r#"Extension="svg""#));
    let svg = part(&docx, "word/media/rIdSvg1.svg");
    assert!(svg.starts_with("<?xml") && svg.contains("<text "), "the chart's text stays text");

    // GB/T 9704 page: A4, margins 37/26/35/28 mm, 22 lines × 28 characters.
    let body_section = document.rsplit("<w:sectPr>").next().unwrap();
    assert!(body_section.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#), "{body_section}");
    assert!(body_section.contains(r#"<w:pgMar w:top="2098" w:right="1475" w:bottom="1984" w:left="1587""#));
    assert!(body_section.contains(r#"<w:docGrid w:type="lines" w:linePitch="579" />"#));
    assert!(styles.contains(r#"<w:spacing w:val="-9" />"#), "28 characters a line by tracking, not a character grid");
    assert!(styles
        .contains(r#"<w:pPrDefault><w:pPr><w:widowControl /><w:autoSpaceDE w:val="0" /><w:autoSpaceDN w:val="0" />"#));
    // Chinese text marked as such, and quotation marks full width in their own runs.
    assert!(styles.contains(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" /></w:rPr></w:rPrDefault>"#), "{styles}");
    let quote =
        r#"<w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:cs="Times New Roman" w:eastAsia="宋体" w:hint="eastAsia" />"#;
    assert!(document.contains(&format!(r#"{quote}</w:rPr><w:t xml:space="preserve">“</w:t>"#)), "a hinted “");
    assert!(!document.contains("“服务") && !document.contains("对象”"), "a quotation mark shares a run with text");

    // Tables laid out as the PDF lays them out: 小四 at 1.35 × 12 pt, cells padded
    // 0.4 × 12 pt across and 0.35 × 12 pt down, the header in 黑体.
    assert!(document.contains(r#"<w:spacing w:before="0" w:after="0" w:line="324" w:lineRule="exact" />"#));
    assert!(
        document.contains(r#"<w:top w:w="84" w:type="dxa" />"#)
            && document.contains(r#"<w:left w:w="96" w:type="dxa" />"#)
    );
    assert!(document.contains(r#"w:eastAsia="黑体" /><w:sz w:val="24" />"#), "the header row in 黑体");
    assert!(body_section.contains(r#"<w:pgNumType w:start="1""#), "body pages numbered from 1");
    assert_eq!(document.matches("<w:sectPr>").count(), 2, "an unnumbered front section (cover, 目录) and the body");

    // Fonts as offices have them, Latin and digits in Times New Roman.
    for face in ["仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"] {
        assert!(styles.contains(&format!(r#"w:eastAsia="{face}""#)), "{face}");
    }
    assert!(styles.contains(r#"w:ascii="Times New Roman" w:hAnsi="Times New Roman""#));
    assert!(styles.contains(r#"<w:sz w:val="32" />"#), "3号 body");
    assert!(part(&docx, "word/fontTable.xml").contains(r#"<w:altName w:val="Noto Serif SC"/>"#));

    // Page numbers — N — on the outside edge: right on odd pages, left on even ones.
    assert!(part(&docx, "word/settings.xml").contains("<w:evenAndOddHeaders"));
    let footers: Vec<String> = ["word/footer1.xml", "word/footer2.xml"].iter().map(|f| part(&docx, f)).collect();
    assert!(footers.iter().all(|f| f.contains("PAGE") && f.contains("— ") && f.contains(" —")));
    assert!(footers.iter().any(|f| f.contains(r#"<w:jc w:val="right" />"#)));
    assert!(footers.iter().any(|f| f.contains(r#"<w:jc w:val="left" />"#)));
    assert!(!names(&docx).iter().any(|n| n.starts_with("word/header")), "no header unless a draft");

    let core = part(&docx, "docProps/core.xml");
    assert!(core.contains("<dc:title>示例区2024年度双拥工作报告</dc:title>"), "{core}");
    assert!(core.contains("2025-01-01T00:00:00Z"), "dates from SOURCE_DATE_EPOCH: {core}");
}

#[test]
fn same_inputs_give_the_same_bytes() {
    // Two copies of the workspace in different folders: nothing of the path gets in.
    let (a, b) = (made(&["build"]), made(&["build"]));
    for made in [&a, &b] {
        run_ok(&made.ws, &["dossier"]);
    }
    for name in [REPORT, DOSSIER] {
        let (x, y) = (std::fs::read(a.out.join(name)).unwrap(), std::fs::read(b.out.join(name)).unwrap());
        assert!(x == y, "{name} differs between two builds");
    }
}

#[test]
fn a_draft_says_so_on_every_page() {
    let built = made(&["build", "--draft"]);
    let docx = built.out.join(REPORT);
    for header in ["word/header1.xml", "word/header2.xml"] {
        assert!(part(&docx, header).contains("草稿"), "{header}");
    }
    let document = part(&docx, "word/document.xml");
    let front = document.split("<w:sectPr>").nth(1).unwrap();
    assert!(front.contains(r#"<w:headerReference w:type="default" r:id="rIdHeader1" />"#), "{front}");
}

/// The tables of units' figures a template may add to 一、, besides its category tables.
const UNIT_TABLES: &str = r#"
```table
kind = "by_unit"
indicator = "ZZ01"
limit = 5
```

```table
kind = "by_unit_type"
indicator = "ZZ01"
```

```table
kind = "by_unit"
indicator = "YF01"
```
"#;

/// A draft of the samples whose 一、 also lists units' figures ([`UNIT_TABLES`]) and
/// whose annex holds the 数据质量说明 (`quality_appendix = "inside"`).
fn draft_with_every_table() -> Made {
    let (tmp, ws) = samples();
    let config = std::fs::read_to_string(ws.join("shuangyong.toml")).unwrap();
    let config = config.replacen("year = 2024\n", "year = 2024\nquality_appendix = \"inside\"\n", 1);
    std::fs::write(ws.join("shuangyong.toml"), config).unwrap();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/annual-report.md");
    let template = std::fs::read_to_string(bundled).unwrap();
    let first_table = "category = \"组织领导\"\n```\n";
    assert!(template.contains(first_table));
    std::fs::create_dir_all(ws.join("templates")).unwrap();
    let template = template.replacen(first_table, &format!("{first_table}{UNIT_TABLES}"), 1);
    std::fs::write(ws.join("templates/annual-report.md"), template).unwrap();
    let run = run_ok(&ws, &["build", "--draft"]);
    let out = ws.join("out");
    Made { tmp, ws, out, run }
}

#[test]
fn a_draft_names_the_source_of_each_figure_in_a_comment() {
    let (draft, again) = (draft_with_every_table(), draft_with_every_table());
    let docx = draft.out.join(REPORT);
    assert!(std::fs::read(&docx).unwrap() == std::fs::read(again.out.join(REPORT)).unwrap(), "same bytes");
    let document = part(&docx, "word/document.xml");
    let comments = part(&docx, "word/comments.xml");
    let figures = document.matches("<w:commentRangeStart ").count();
    assert!(figures >= 30, "{figures} commented figures");
    assert_eq!(comments.matches("<w:comment ").count(), figures);
    // The indicator, the rule, the workbook and cell, and last year's total.
    assert!(comments.contains("ZZ01 召开双拥工作领导小组会议（次）"), "{comments}");
    assert!(comments.contains("2024年合计 35：20 个单位之和"), "{comments}");
    assert!(comments.contains("2024_区退役军人事务局_双拥统计表.xlsx › 填报表!F6：区退役军人事务局 3"), "{comments}");
    assert!(comments.contains("取区退役军人事务局的数字"), "an authoritative indicator: {comments}");
    assert!(comments.contains("比上年增减以2023年合计 36次 为基数。"), "{comments}");
    // A total since a year names each year's; the units' highlights name their cells.
    assert!(comments.contains("2021—2024年各年合计相加："), "{comments}");
    assert!(comments.contains("2024_西城街道_双拥统计表.xlsx › 工作亮点!B4：西城街道"), "{comments}");
    // A unit's own figure, a unit type's sum, a count of findings, a line of the 数据质量说明.
    assert!(comments.contains("2024年区退役军人事务局填报"), "{comments}");
    assert!(comments.contains("街道镇合计 "), "{comments}");
    assert!(comments.contains("区退役军人事务局的警告：shuangyong check 检查发现 2 条"), "{comments}");
    assert!(comments.contains("shuangyong check 的检查结果（提醒）"), "{comments}");
    // Every figure of 一、's paragraphs is inside a comment (the years and the captions'
    // numbers are no figures).
    let paragraphs = commented_paragraphs(&without_tables(&document));
    let start = paragraphs.iter().rposition(|p| p.starts_with("一、")).unwrap();
    let end = paragraphs.iter().rposition(|p| p.starts_with("二、")).unwrap();
    for p in paragraphs[start..end].iter().filter(|p| !p.starts_with('表') && !p.starts_with('图')) {
        let outside: String = p.split('[').map(|s| s.rsplit(']').next().unwrap()).collect();
        let outside = outside.replace("2021年", "").replace("2023年", "").replace("2024年", "");
        assert!(!outside.contains(|c: char| c.is_ascii_digit()), "a figure without its source: {p}");
    }
    assert!(
        paragraphs[start..end].iter().any(|p| p.contains("区委常委会、区政府常务会议听取双拥工作专题汇报[2次]")),
        "{paragraphs:?}"
    );
    // So is every figure of every table, in 一、 and in the 附表, whatever its kind: the
    // columns that name places or number rows hold no figures.
    let tables = commented_tables(&document);
    for header in ["比上年增减", "类别", "序号", "单位类型", "报送情况", "填报内容"] {
        assert!(tables.iter().any(|t| t[0].contains(&header.to_string())), "a table with {header}: {tables:?}");
    }
    for table in &tables {
        for row in &table[1..] {
            for (header, cell) in table[0].iter().zip(row) {
                let figure =
                    !["序号", "文件", "位置"].contains(&header.as_str()) && cell.contains(|c: char| c.is_ascii_digit());
                assert!(
                    !figure || (cell.starts_with('[') && cell.ends_with(']')),
                    "{header} {cell} without its source: {row:?}"
                );
            }
        }
    }
    let first_row =
        tables.iter().flat_map(|t| &t[1..]).find(|r| r[0] == "召开双拥工作领导小组会议（各单位合计）").unwrap();
    assert_eq!(first_row[1..], ["次", "[35]", "[36]", "[-2.8%]"], "表1's first row");
    let Some(pdf) = word_to_pdf(&docx, &draft.tmp.path().join("lo")) else { return };
    assert!(pdf_pages(&pdf) > 10, "LibreOffice opens the draft with its comments");
}

/// The text of each paragraph of `document` (word/document.xml), table cells included,
/// with what a comment spans in [ ].
fn commented_paragraphs(document: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    for chunk in document.split("</w:p>") {
        let Some(at) = chunk.rfind("<w:p>").into_iter().chain(chunk.rfind("<w:p ")).max() else { continue };
        let mut text = String::new();
        for tag in chunk[at..].split('<').skip(1) {
            if tag.starts_with("w:commentRangeStart") {
                text.push('[');
            } else if tag.starts_with("w:commentRangeEnd") {
                text.push(']');
            } else if tag.starts_with("w:t>") || tag.starts_with("w:t ") {
                text.push_str(tag.split_once('>').unwrap().1);
            }
        }
        paragraphs.push(text);
    }
    paragraphs
}

/// `document` without its tables.
fn without_tables(document: &str) -> String {
    let mut rest = document;
    let mut kept = String::new();
    while let Some((before, after)) = rest.split_once("<w:tbl>") {
        kept.push_str(before);
        rest = after.split_once("</w:tbl>").map_or("", |(_, after)| after);
    }
    kept + rest
}

/// The tables of `document`: rows of cells, the header row first, each cell's text with
/// what a comment spans in [ ].
fn commented_tables(document: &str) -> Vec<Vec<Vec<String>>> {
    let tables = document.split("<w:tbl>").skip(1).map(|t| t.split("</w:tbl>").next().unwrap());
    let cells = |row: &str| {
        row.split("</w:tc>").filter(|c| c.contains("<w:tc>")).map(|c| commented_paragraphs(c).concat()).collect()
    };
    tables.map(|t| t.split("</w:tr>").filter(|r| r.contains("<w:tr")).map(cells).collect()).collect()
}

#[test]
fn a_document_that_is_no_draft_has_no_comments() {
    let document = part(&made(&["build"]).out.join(REPORT), "word/document.xml");
    assert!(!document.contains("commentRangeStart") && !document.contains("commentReference"));
}

#[test]
fn dossier_is_a_word_document_too() {
    let built = made(&["dossier"]);
    let docx = built.out.join(DOSSIER);
    let document = part(&docx, "word/document.xml");
    assert!(document.contains(r#"<w:pStyle w:val="Heading1" />"#));
    assert!(document.matches("<w:tbl>").count() >= 1);
    assert!(document.matches("<pic:pic ").count() >= 1, "the score chart as a picture");
}

/// Figures with thousands separators or decimals, as the report's tables print them.
fn figures(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (!cur.is_empty() && (c == ',' || c == '.')) {
            cur.push(c);
        } else {
            let f = cur.trim_end_matches([',', '.']).to_string();
            if (f.contains(',') || f.contains('.')) && f.len() >= 5 && !out.contains(&f) {
                out.push(f);
            }
            cur.clear();
        }
    }
    out
}

#[test]
fn libreoffice_opens_and_prints_the_report() {
    let Made { tmp, out, .. } = made(&["build"]);
    let Some(pdf) = word_to_pdf(&out.join(REPORT), &tmp.path().join("lo")) else { return };
    let word_text = pdftotext(&pdf, &[]).unwrap();
    let word_lines: Vec<String> = word_text.lines().map(str::to_owned).collect();
    let (word_pages, pages) = (pdf_pages(&pdf), pdf_pages(&out.join(REPORT.replace(".docx", ".pdf"))));
    // The figures the document's text and tables carry (the charts' are in pictures).
    let document = part(&out.join(REPORT), "word/document.xml");
    let runs: Vec<&str> =
        document.split("<w:t xml:space=\"preserve\">").skip(1).filter_map(|s| s.split("</w:t>").next()).collect();
    let figures = figures(&runs.join(" "));
    assert!(figures.len() >= 5, "{figures:?}");
    // LibreOffice spaces out characters on the grid; compare without whitespace.
    let word_text: String = word_text.chars().filter(|c| !c.is_whitespace()).collect();
    for f in &figures {
        assert!(word_text.contains(f.as_str()), "{f} missing from the Word document's text");
    }
    assert!(word_text.contains("一、主要做法和成效"));
    // 28 characters of 3号 a line, as in the PDF: the longest lines of running text are
    // full lines of Chinese (a character grid that LibreOffice fills with 14 a line failed here).
    let longest = word_lines
        .iter()
        .map(|l| l.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) || "，。、；：".contains(*c)).count())
        .max()
        .unwrap_or(0);
    assert!((26..=29).contains(&longest), "{longest} Chinese characters in the longest line");
    assert!(word_pages.abs_diff(pages) <= (pages / 4).max(3), "{word_pages} pages from Word, {pages} in the PDF");
}
