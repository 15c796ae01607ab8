//! The PDF: lays out a [`Document`] after GB/T 9704-2012 (党政机关公文格式) with CJK fonts
//! and writes it with printpdf as PDF/A-3b, its [`Attachment`]s embedded (`pdfa.rs`).
//! printpdf (and its lopdf) is used only here. On request the same laid-out pages are
//! also written as OFD (GB/T 33190-2016).
//!
//! The [`model`] is what other stages build; [`render`] (and [`render_with_ofd`]) is the
//! entry point; a [`FontSet`] says which font draws each [`FontRole`].
//!
//! Page geometry (A4, type area 156 × 225 mm at 37 mm from the top and 28 mm from the
//! left, 22 lines of 28 characters in 3号), headings, page numbers and the signature
//! follow the standard; see [`layout`] for how pages are filled.

mod error;
mod fonts;
mod glyph;
mod icc;
mod layout;
mod linebreak;
pub mod model;
mod ofd;
mod pdf;
mod pdf_string;
mod pdfa;
mod shape;
mod subset;

pub use error::TypesetError;
pub(crate) use fonts::SANS_TTF;
pub use fonts::{FontSet, OFFICE_FAMILIES};
pub(crate) use layout::full_width_cell_lines;
pub use model::*;

/// Lays out `doc` and writes it as PDF. Characters that no font has are left out of the
/// PDF and listed in [`Rendered::missing_glyphs`] for the caller to report.
pub fn render(doc: &Document, fonts: &FontSet) -> Result<Rendered, TypesetError> {
    render_as(doc, fonts, false)
}

/// As [`render`], and the same pages written as OFD (GB/T 33190) in [`Rendered::ofd`]:
/// one layout, two writers.
pub fn render_with_ofd(doc: &Document, fonts: &FontSet) -> Result<Rendered, TypesetError> {
    render_as(doc, fonts, true)
}

fn render_as(doc: &Document, fonts: &FontSet, with_ofd: bool) -> Result<Rendered, TypesetError> {
    let shaper = shape::Shaper::new(fonts);
    let laid = layout::lay_out(doc, &shaper)?;
    let pdf = pdf::write(doc, &laid, &shaper)?;
    let ofd = with_ofd.then(|| ofd::write(doc, &laid, &shaper)).transpose()?;
    Ok(Rendered { pdf, ofd, pages: laid.pages.len(), missing_glyphs: shaper.into_missing() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::DocDate;

    pub(super) fn fonts() -> FontSet {
        FontSet::bundled().unwrap().system_fallback(false)
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            meta: Meta {
                title: "测试报告".into(),
                author: "示例区双拥办".into(),
                subject: "测试".into(),
                keywords: vec!["双拥".into()],
                language: "zh-CN".into(),
                date: DocDate::from_unix(1_734_652_800),
            },
            draft: false,
            cover: None,
            toc: false,
            official: None,
            blocks,
            attachments: Vec::new(),
        }
    }

    fn long_paragraph(n: usize) -> Block {
        Block::paragraph(format!("第{n}段：全年走访慰问优抚对象2,152人次，发放优待抚恤金3,512.6万元。").repeat(6))
    }

    pub(super) fn sample() -> Document {
        let mut blocks = vec![Block::Title("示例区2024年度双拥工作报告".into())];
        for k in 1..=6 {
            blocks.push(Block::Heading { level: 1, text: format!("{k}、标题") });
            blocks.push(Block::Heading { level: 2, text: "（一）小标题".into() });
            blocks.push(long_paragraph(k));
        }
        blocks.push(Block::Table(Table {
            caption: Some("统计".into()),
            columns: vec![Column::new("单位", Align::Left, 2.0), Column::new("数量", Align::Right, 1.0)],
            rows: (0..60).map(|i| vec![format!("第{i}街道"), numfmt_value(i)]).collect(),
            total: Some(vec!["合计".into(), "1,770".into()]),
            font_size: size::XIAO_SI,
            sources: Vec::new(),
        }));
        blocks.push(Block::Signature { office: "示例区双拥办".into(), date_text: "2024年12月20日".into() });
        let mut d = doc(blocks);
        d.cover = Some(Cover {
            title: "示例区2024年度双拥工作报告".into(),
            subtitle: None,
            office: "示例区双拥办".into(),
            date_text: "2024年12月20日".into(),
            mark: Some("内部资料".into()),
        });
        d.toc = true;
        d
    }

    fn numfmt_value(i: usize) -> String {
        crate::numfmt::table_figure(i as f64 * 1000.5, 1)
    }

    fn text_of(pdf: &[u8]) -> (usize, String) {
        let lo = lopdf::Document::load_mem(pdf).unwrap();
        let pages: Vec<u32> = lo.get_pages().keys().copied().collect();
        (pages.len(), lo.extract_text(&pages).unwrap())
    }

    #[test]
    fn same_input_same_bytes() {
        let fonts = fonts();
        let a = render_with_ofd(&sample(), &fonts).unwrap();
        let b = render_with_ofd(&sample(), &fonts).unwrap();
        assert!(a.pdf == b.pdf, "two renders differ");
        assert!(a.ofd == b.ofd && a.ofd.is_some(), "two OFDs differ");
        assert!(render(&sample(), &fonts).unwrap().pdf == a.pdf, "asking for the OFD changes the PDF");
        assert!(a.pdf.starts_with(b"%PDF-1.7"));
        // A different date gives a different document (and ID).
        let mut other = sample();
        other.meta.date = DocDate::from_unix(0);
        let other = render_with_ofd(&other, &fonts).unwrap();
        assert!(other.pdf != a.pdf && other.ofd != a.ofd);
    }

    #[test]
    fn the_text_comes_back_from_the_pdf() {
        let r = render(&sample(), &fonts()).unwrap();
        let (pages, text) = text_of(&r.pdf);
        assert_eq!(pages, r.pages);
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for needle in [
            "示例区2024年度双拥工作报告",
            "目录",
            "1、标题",
            "（一）小标题",
            "表1",
            "第59街道",
            "59,029.5",
            "合计",
            "2024年12月20日",
            "内部资料",
        ] {
            assert!(compact.contains(needle), "{needle} not in the text");
        }
        assert!(r.missing_glyphs.is_empty(), "{:?}", r.missing_glyphs);
    }

    #[test]
    fn the_pdf_is_pdf_a_3b_and_carries_its_attachments() {
        use lopdf::Object;
        let mut d = sample();
        let csv = "year,unit,code,value,file,sheet,cell\n2024,甲街道,YF05,1200,甲街道.xlsx,填报表,E9\n";
        d.attachments.push(Attachment {
            name: "facts.csv".into(),
            mime: "text/csv".into(),
            bytes: csv.as_bytes().to_vec(),
            description: "统计数据".into(),
        });
        let r = render(&d, &fonts()).unwrap();
        let lo = lopdf::Document::load_mem(&r.pdf).unwrap();
        let get = |o: &Object| -> Object { lo.dereference(o).unwrap().1.clone() };
        let catalog = lo.catalog().unwrap();
        let at =
            |dict: &lopdf::Dictionary, key: &str| get(dict.get(key.as_bytes()).unwrap_or_else(|_| panic!("no /{key}")));
        let name = |o: Object| String::from_utf8(o.as_name().unwrap().to_vec()).unwrap();
        let text = |o: Object| lopdf::decode_text_string(&o).unwrap();

        // The XMP packet: the PDF/A claim, and the document information said again.
        let xmp = at(catalog, "Metadata").as_stream().unwrap().clone();
        assert_eq!(name(at(&xmp.dict, "Subtype")), "XML");
        assert!(xmp.dict.get(b"Filter").is_err(), "the XMP is not compressed");
        let xmp = String::from_utf8(xmp.content).unwrap();
        for needle in [
            "<pdfaid:part>3</pdfaid:part>",
            "<pdfaid:conformance>B</pdfaid:conformance>",
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">测试报告</rdf:li></rdf:Alt></dc:title>",
            "<dc:creator><rdf:Seq><rdf:li>示例区双拥办</rdf:li></rdf:Seq></dc:creator>",
            "<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li></rdf:Bag></dc:language>",
            "<xmp:CreateDate>2024-12-20T08:00:00+08:00</xmp:CreateDate>",
            "<xmp:ModifyDate>2024-12-20T08:00:00+08:00</xmp:ModifyDate>",
            "<xmp:MetadataDate>2024-12-20T08:00:00+08:00</xmp:MetadataDate>",
        ] {
            assert!(xmp.contains(needle), "{needle} not in {xmp}");
        }
        let info = get(lo.trailer.get(b"Info").unwrap()).as_dict().unwrap().clone();
        for key in ["Title", "Author", "Subject", "Keywords", "Creator", "Producer"] {
            let value = text(at(&info, key));
            assert!(xmp.contains(&format!(">{value}<")), "/{key} {value} not in the XMP");
        }
        for key in ["CreationDate", "ModDate"] {
            assert_eq!(text(at(&info, key)), "D:20241220080000+08'00'");
        }

        // The sRGB output intent with its profile.
        let intents = at(catalog, "OutputIntents");
        let intents = intents.as_array().unwrap();
        assert_eq!(intents.len(), 1);
        let intent = get(&intents[0]).as_dict().unwrap().clone();
        assert_eq!(name(at(&intent, "S")), "GTS_PDFA1");
        assert_eq!(text(at(&intent, "OutputConditionIdentifier")), "sRGB IEC61966-2.1");
        let icc = at(&intent, "DestOutputProfile").as_stream().unwrap().clone();
        assert_eq!(at(&icc.dict, "N").as_i64().unwrap(), 3);
        assert!(icc.get_plain_content().unwrap() == icc::srgb());

        // The attachment: associated (/AF), listed (/EmbeddedFiles), and whole.
        let af = at(catalog, "AF");
        let spec_ref = af.as_array().unwrap()[0].clone();
        let spec = get(&spec_ref).as_dict().unwrap().clone();
        assert_eq!(name(at(&spec, "AFRelationship")), "Data");
        assert_eq!(text(at(&spec, "F")), "facts.csv");
        assert_eq!(text(at(&spec, "UF")), "facts.csv");
        assert_eq!(text(at(&spec, "Desc")), "统计数据");
        let file = at(at(&spec, "EF").as_dict().unwrap(), "F").as_stream().unwrap().clone();
        assert_eq!(name(at(&file.dict, "Subtype")), "text/csv");
        let params = at(&file.dict, "Params").as_dict().unwrap().clone();
        assert_eq!(at(&params, "Size").as_i64().unwrap(), csv.len() as i64);
        assert_eq!(text(at(&params, "ModDate")), "D:20241220080000+08'00'");
        assert_eq!(file.get_plain_content().unwrap(), csv.as_bytes());
        let names = at(catalog, "Names");
        let tree = at(at(names.as_dict().unwrap(), "EmbeddedFiles").as_dict().unwrap(), "Names");
        assert_eq!(tree.as_array().unwrap()[1], spec_ref);
        assert!(r.pdf == render(&d, &fonts()).unwrap().pdf, "not reproducible");

        // What PDF/A forbids or requires of the rest.
        assert!(lo.trailer.get(b"Encrypt").is_err() && lo.trailer.get(b"ID").is_ok());
        for key in ["AA", "OpenAction", "JavaScript"] {
            assert!(catalog.get(key.as_bytes()).is_err(), "/{key} in the catalogue");
        }
        let mut links = 0;
        for (_, page) in lo.get_pages() {
            let page = lo.get_dictionary(page).unwrap();
            for annot in page.get(b"Annots").and_then(Object::as_array).into_iter().flatten() {
                assert_eq!(at(get(annot).as_dict().unwrap(), "F").as_i64().unwrap(), 4, "printable");
                links += 1;
            }
        }
        assert!(links > 0, "the 目录 has links");
        let mut fonts = 0;
        for object in lo.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0") {
                let descendants = at(dict, "DescendantFonts");
                let cid_font = get(&descendants.as_array().unwrap()[0]);
                let cid_font = cid_font.as_dict().unwrap();
                assert_eq!(name(at(cid_font, "Subtype")), "CIDFontType2");
                assert_eq!(name(at(cid_font, "CIDToGIDMap")), "Identity");
                let descriptor = at(cid_font, "FontDescriptor");
                assert!(descriptor.as_dict().unwrap().get(b"FontFile2").is_ok(), "embedded");
                fonts += 1;
            }
            for key in ["SMask", "CA", "ca", "Group"] {
                assert!(dict.get(key.as_bytes()).is_err(), "/{key}: transparency");
            }
        }
        assert!(fonts > 0);
        for object in lo.objects.values() {
            if let Ok(stream) = object.as_stream() {
                assert!(stream.filters().unwrap_or_default().iter().all(|f| *f == b"FlateDecode"), "{:?}", stream.dict);
            }
        }
    }

    #[test]
    fn a_group_that_runs_onto_a_new_page_is_named_again() {
        let rows = (0..60)
            .map(|i| {
                let group = match i {
                    0 => "组织领导",
                    50 => "拥政爱民",
                    _ => "",
                };
                vec![group.to_string(), format!("指标{i}")]
            })
            .collect();
        let table = Table {
            caption: Some("指标汇总".into()),
            columns: vec![Column::new("类别", Align::Left, 1.0).grouping(), Column::new("指标", Align::Left, 3.0)],
            rows,
            total: None,
            font_size: size::XIAO_SI,
            sources: Vec::new(),
        };
        let r = render(&doc(vec![Block::Table(table)]), &fonts()).unwrap();
        let lo = lopdf::Document::load_mem(&r.pdf).unwrap();
        let page_text =
            |n: u32| -> String { lo.extract_text(&[n]).unwrap().chars().filter(|c| !c.is_whitespace()).collect() };
        assert!(r.pages >= 2);
        let second = page_text(2);
        let first_row = second.find("类别指标").map(|k| &second[k + "类别指标".len()..]).unwrap();
        assert!(first_row.starts_with("组织领导指标"), "{second}");
        // Named once per page, not on every row.
        assert_eq!(second.matches("组织领导").count(), 1, "{second}");
        assert_eq!(page_text(1).matches("组织领导").count(), 1);
    }

    #[test]
    fn draft_pages_say_so() {
        let mut d = sample();
        d.draft = true;
        let r = render(&d, &fonts()).unwrap();
        let lo = lopdf::Document::load_mem(&r.pdf).unwrap();
        for (n, _) in lo.get_pages() {
            let text: String = lo.extract_text(&[n]).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
            assert!(text.contains("草稿"), "page {n}: {text}");
        }
    }

    #[test]
    fn missing_characters_are_reported_with_their_place() {
        let d = doc(vec![
            Block::Heading { level: 1, text: "一、缺字\u{E001}".into() },
            Block::paragraph("正文里也缺\u{E002}字。"),
        ]);
        let r = render(&d, &fonts()).unwrap();
        assert_eq!(
            r.missing_glyphs,
            vec![
                MissingGlyph { ch: '\u{E001}', context: "标题“一、缺字\u{E001}”".into() },
                MissingGlyph { ch: '\u{E002}', context: "正文“正文里也缺\u{E002}字。”".into() },
            ]
        );
    }

    #[test]
    fn a_long_contents_spans_pages_and_the_body_still_starts_at_1() {
        let mut blocks = Vec::new();
        for k in 1..=50 {
            blocks.push(Block::Heading { level: 1, text: format!("{k}、第{k}部分") });
            blocks.push(Block::paragraph("内容。"));
        }
        let mut d = doc(blocks);
        d.toc = true;
        let r = render(&d, &fonts()).unwrap();
        let lo = lopdf::Document::load_mem(&r.pdf).unwrap();
        let page_text =
            |n: u32| -> String { lo.extract_text(&[n]).unwrap().chars().filter(|c| !c.is_whitespace()).collect() };
        // 50 entries after the title and a blank line: 20 + 22 + 8 lines, three pages.
        assert!(page_text(1).starts_with("目录"));
        assert!(page_text(3).contains("50、第50部分"));
        assert!(!page_text(3).contains("内容"));
        assert!(page_text(4).starts_with("1、第1部分内容"), "{}", page_text(4));
        assert!(page_text(4).ends_with("—1—"), "{}", page_text(4));
        // The contents lists body page numbers: part 50 is on body page r.pages - 3.
        let last = (r.pages - 3).to_string();
        assert!(page_text(3).ends_with(&last), "{}", page_text(3));
    }

    #[test]
    fn odd_input_does_not_break_the_layout() {
        let huge_cell = "很长的单元格内容".repeat(300);
        let bad_drawing = Drawing {
            width_pt: f32::NAN,
            height_pt: 5000.0,
            items: vec![
                Shape::Line {
                    points: vec![(0.0, 0.0), (f32::INFINITY, 1.0)],
                    stroke: Stroke { color: Rgb::BLACK, width: 1.0 },
                },
                Shape::Rect { x: 0.0, y: 0.0, w: 10.0, h: 10.0, fill: Some(Rgb::BLACK), stroke: None },
                Shape::Line { points: vec![(0.0, 0.0)], stroke: Stroke { color: Rgb::BLACK, width: 1.0 } },
                Shape::Text {
                    x: 1.0,
                    y: 1.0,
                    text: String::new(),
                    size_pt: 0.0,
                    role: FontRole::Body,
                    anchor: Anchor::Start,
                    baseline: Baseline::Top,
                    rotate_deg: 0.0,
                    color: Rgb::BLACK,
                },
            ],
        };
        let d = doc(vec![
            Block::Title("很长的标题".repeat(20)),
            Block::Heading { level: 1, text: "一、".to_string() + &"很长的标题".repeat(20) },
            Block::Table(Table {
                caption: Some("大表".into()),
                columns: vec![Column::new("内容", Align::Left, 1.0)],
                rows: vec![vec![huge_cell], vec![String::new()]],
                total: None,
                font_size: size::XIAO_SI,
                sources: Vec::new(),
            }),
            Block::Figure(Figure { caption: String::new(), drawing: bad_drawing }),
            Block::Signature { office: String::new(), date_text: String::new() },
            Block::paragraph("x".repeat(500)),
        ]);
        let r = render(&d, &fonts()).unwrap();
        let (pages, _) = text_of(&r.pdf);
        assert_eq!(pages, r.pages);
    }

    #[test]
    fn bad_blocks_are_errors_not_panics() {
        let d = doc(vec![Block::paragraph("前文"), Block::Heading { level: 5, text: "五级标题".into() }]);
        let e = render(&d, &fonts()).unwrap_err().to_string();
        assert!(e.contains("第 2 块") && e.contains("级别 5"), "{e}");

        let table = Table {
            caption: None,
            columns: vec![Column::new("甲", Align::Left, 1.0)],
            rows: vec![vec!["1".into(), "2".into()]],
            total: None,
            font_size: 12.0,
            sources: Vec::new(),
        };
        let e = render(&doc(vec![Block::Table(table)]), &fonts()).unwrap_err().to_string();
        assert!(e.contains("第 1 行有 2 格"), "{e}");

        // Empty things are fine: the PDF gets its one blank page.
        assert_eq!(render(&doc(vec![]), &fonts()).unwrap().pages, 1);
        let r = render(&doc(vec![Block::paragraph(""), Block::PageBreak, Block::PageBreak]), &fonts()).unwrap();
        assert_eq!(r.pages, 1);
        assert_eq!(text_of(&r.pdf).0, 1);
    }
}
