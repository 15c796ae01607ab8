//! Writing the laid-out pages as OFD (GB/T 33190-2016), the fixed-layout format China's
//! e-government files documents in: the PDF's pages from the same [`Laid`], so the two
//! files have the same pages with the same text in the same places.
//!
//! The package:
//! - `OFD.xml`: the document information (ID, title, author, subject, dates, keywords,
//!   creator) and where the document is;
//! - `Doc_0/Document.xml`: the page area (A4), the resources, the pages, the outline;
//! - `Doc_0/PublicRes.xml` and `Doc_0/Res/font_N.ttf`: the subset fonts, embedded;
//! - `Doc_0/Pages/Page_N/Content.xml`: each page, text as `TextObject`s whose
//!   `TextCode` holds the Unicode text and each glyph's position (so it can be searched
//!   and copied), rules, table lines and chart vectors as `PathObject`s;
//! - `Doc_0/Attachs/`: the document's attachments (the facts behind its figures, as the
//!   PDF/A carries them).
//!
//! OFD measures in millimetres with y down, as the layout does in points. IDs are
//! numbered in document order (fonts, pages, then each page's layer and objects), and the
//! document ID is a hash of the package, so the same input gives the same bytes. The
//! layout places no raster images, so there is no `DocumentRes` or `MultiMedia`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::xml::escape;

use super::error::TypesetError;
use super::fonts::Reader;
use super::glyph::FaceId;
use super::layout::{Item, Laid, OutlineEntry, PathPoint, TextRun, FAUX_BOLD, MM, PAGE_H, PAGE_W};
use super::model::{Document, Rgb, Stroke};
use super::shape::Shaper;
use super::subset::subsets;

const NS: &str = "http://www.ofdspec.org/2016";
const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
/// The em box around a baseline, for a text object's boundary: generous, since a
/// boundary that cuts a glyph may clip it.
const ASCENT: f32 = 1.1;
const DESCENT: f32 = 0.35;
/// An outline entry opens this far above its heading, as in the PDF.
const DEST_ABOVE: f32 = 12.0;

/// The OFD package of `laid`, the pages of `doc`.
pub(crate) fn write(doc: &Document, laid: &Laid, shaper: &Shaper<'_>) -> Result<Vec<u8>, TypesetError> {
    let fonts = subsets(laid, shaper, Reader::Standalone)?;
    let mut next_id = 0u32;
    let mut id = || {
        next_id += 1;
        next_id
    };
    let font_ids: BTreeMap<FaceId, u32> = fonts.iter().map(|f| (f.face, id())).collect();
    let page_ids: Vec<u32> = laid.pages.iter().map(|_| id()).collect();

    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut res = format!(r#"{XML_DECL}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>"#);
    for font in &fonts {
        let face = shaper.face(font.face);
        let fid = font_ids[&font.face];
        let family = face.family.iter().find(|f| f.is_ascii()).or(face.family.first()).unwrap_or(&face.ps_name);
        let _ = write!(
            res,
            r#"<ofd:Font ID="{fid}" FontName="{}" FamilyName="{}"><ofd:FontFile>font_{fid}.ttf</ofd:FontFile></ofd:Font>"#,
            escape(&face.ps_name),
            escape(family)
        );
    }
    res.push_str("</ofd:Fonts></ofd:Res>");

    let dest = |page: usize, y: f32| -> String {
        let page = page_ids.get(page).or(page_ids.first()).copied().unwrap_or(0);
        format!(r#"<ofd:Dest Type="XYZ" PageID="{page}" Left="0" Top="{}"/>"#, num((y - DEST_ABOVE).max(0.0) / MM))
    };
    let mut pages = Vec::with_capacity(laid.pages.len());
    for (p, page) in laid.pages.iter().enumerate() {
        let mut xml =
            format!(r#"{XML_DECL}<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{}" Type="Body">"#, id());
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    let link = |x: f32, y: f32| {
                        laid.links
                            .iter()
                            .filter(|l| l.page == p)
                            .find(|l| {
                                x >= l.rect.0 && x <= l.rect.0 + l.rect.2 && y >= l.rect.1 && y <= l.rect.1 + l.rect.3
                            })
                            .and_then(|l| laid.outline.get(l.target))
                            .map(|t| dest(t.page, t.y))
                    };
                    text_objects(&mut xml, run, shaper, &font_ids, &mut id, &link);
                }
                Item::Path { points, closed, fill, stroke } => {
                    path_object(&mut xml, points, *closed, *fill, *stroke, &mut id);
                }
            }
        }
        xml.push_str("</ofd:Layer></ofd:Content></ofd:Page>");
        pages.push(xml);
    }
    let max_id = id() - 1;

    let mut document = format!(
        r#"{XML_DECL}<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{max_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"#,
        num(PAGE_W / MM),
        num(PAGE_H / MM)
    );
    for (p, pid) in page_ids.iter().enumerate() {
        let _ = write!(document, r#"<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{p}/Content.xml"/>"#);
    }
    document.push_str("</ofd:Pages>");
    if !laid.outline.is_empty() {
        document.push_str("<ofd:Outlines>");
        outline(&mut document, &laid.outline, &dest);
        document.push_str("</ofd:Outlines>");
    }
    let page_mode = if laid.outline.is_empty() { "None" } else { "UseOutlines" };
    let _ = write!(
        document,
        "<ofd:VPreferences><ofd:PageMode>{page_mode}</ofd:PageMode><ofd:TabDisplay>DocTitle</ofd:TabDisplay></ofd:VPreferences>"
    );
    if !doc.attachments.is_empty() {
        document.push_str("<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>");
    }
    document.push_str("</ofd:Document>");

    parts.push(("Doc_0/Document.xml".into(), document.into_bytes()));
    parts.push(("Doc_0/PublicRes.xml".into(), res.into_bytes()));
    for font in fonts {
        parts.push((format!("Doc_0/Res/font_{}.ttf", font_ids[&font.face]), font.bytes));
    }
    for (p, xml) in pages.into_iter().enumerate() {
        parts.push((format!("Doc_0/Pages/Page_{p}/Content.xml"), xml.into_bytes()));
    }
    if !doc.attachments.is_empty() {
        parts.extend(attachments(doc));
    }
    let mut hash = Sha256::new();
    for (name, bytes) in &parts {
        hash.update(name.as_bytes());
        hash.update(bytes);
    }
    let doc_id: String = hash.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    parts.insert(0, ("OFD.xml".into(), doc_info(doc, &doc_id).into_bytes()));
    crate::package::zip(parts, doc.meta.date, crate::package::Deflate::Archive)
        .map_err(|e| TypesetError::Ofd(e.to_string()))
}

/// `OFD.xml`: the document information, with the dates as the document's own (China).
fn doc_info(doc: &Document, doc_id: &str) -> String {
    let meta = &doc.meta;
    let (y, m, d, ..) = meta.date.china_civil();
    let date = format!("{y:04}-{m:02}-{d:02}");
    let mut xml = format!(
        r#"{XML_DECL}<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>{doc_id}</ofd:DocID><ofd:Title>{}</ofd:Title><ofd:Author>{}</ofd:Author><ofd:Subject>{}</ofd:Subject><ofd:CreationDate>{date}</ofd:CreationDate><ofd:ModDate>{date}</ofd:ModDate>"#,
        escape(&meta.title),
        escape(&meta.author),
        escape(&meta.subject)
    );
    let keywords: Vec<&String> = meta.keywords.iter().filter(|k| !k.trim().is_empty()).collect();
    if !keywords.is_empty() {
        xml.push_str("<ofd:Keywords>");
        for k in keywords {
            let _ = write!(xml, "<ofd:Keyword>{}</ofd:Keyword>", escape(k));
        }
        xml.push_str("</ofd:Keywords>");
    }
    let _ = write!(
        xml,
        "<ofd:Creator>shuangyong</ofd:Creator><ofd:CreatorVersion>{}</ofd:CreatorVersion></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        env!("CARGO_PKG_VERSION")
    );
    xml
}

/// The document's attachments (the facts behind its figures) as OFD attachments:
/// `Doc_0/Attachs/Attachments.xml` listing them, each file beside it.
fn attachments(doc: &Document) -> Vec<(String, Vec<u8>)> {
    let (y, mo, d, h, mi, s) = doc.meta.date.china_civil();
    let when = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    let mut list = format!(r#"{XML_DECL}<ofd:Attachments xmlns:ofd="{NS}">"#);
    let mut files = Vec::new();
    for (i, a) in doc.attachments.iter().enumerate() {
        // The file's name in the package is ours; the name readers offer is the attachment's.
        let ext: String =
            a.name.rsplit_once('.').map_or("", |(_, e)| e).chars().filter(char::is_ascii_alphanumeric).collect();
        let file = if ext.is_empty() { format!("Attach_{i}") } else { format!("Attach_{i}.{ext}") };
        let _ = write!(
            list,
            r#"<ofd:Attachment ID="Attach_{i}" Name="{}" Format="{}" CreationDate="{when}" ModDate="{when}" Size="{}" Visible="true" Usage="none"><ofd:FileLoc>{file}</ofd:FileLoc></ofd:Attachment>"#,
            escape(&a.name),
            escape(&ext),
            num(a.bytes.len() as f32 / 1024.0)
        );
        files.push((format!("Doc_0/Attachs/{file}"), a.bytes.clone()));
    }
    list.push_str("</ofd:Attachments>");
    std::iter::once(("Doc_0/Attachs/Attachments.xml".to_string(), list.into_bytes())).chain(files).collect()
}

/// One `TextObject` per stretch of the run in one face and weight, as the PDF writer
/// sets one text section per stretch. An upright stretch gets a boundary around its
/// glyphs; a rotated one (the draft mark, chart labels) the page, with the rotation as
/// its CTM. A stretch on a 目录 line (`link` gives the destination) jumps there on click.
fn text_objects(
    out: &mut String,
    run: &TextRun,
    shaper: &Shaper<'_>,
    font_ids: &BTreeMap<FaceId, u32>,
    id: &mut impl FnMut() -> u32,
    link: &dyn Fn(f32, f32) -> Option<String>,
) {
    if !(run.x.is_finite() && run.baseline.is_finite() && run.size.is_finite() && run.size > 0.0) {
        return;
    }
    let (sin, cos) = run.rotate_deg.to_radians().sin_cos();
    let glyphs: Vec<_> = run.drawn().collect();
    for stretch in glyphs.chunk_by(|a, b| a.face == b.face && a.bold == b.bold) {
        let (first, last) = (stretch[0], stretch[stretch.len() - 1]);
        let Some(font) = font_ids.get(&first.face) else {
            continue;
        };
        let face = shaper.face(last.face);
        let last_advance = face.glyph(last.ch).map(|g| face.advance(g)).unwrap_or(0.0) * run.size;
        // The stretch's origin on the page, as the PDF writer computes it.
        let (x, y) = (run.x + first.dx * cos, run.baseline - first.dx * sin);
        let size = run.size / MM;
        let (boundary, ctm, code_x, code_y) = if run.rotate_deg == 0.0 {
            let pad = size * 0.1;
            let width = (last.dx + last_advance - first.dx) / MM;
            let boundary = [x / MM - pad, y / MM - ASCENT * size, width + 2.0 * pad, (ASCENT + DESCENT) * size];
            (boundary, String::new(), pad, ASCENT * size)
        } else {
            let ctm = format!(
                r#" CTM="{} {} {} {} {} {}""#,
                num(cos),
                num(-sin),
                num(sin),
                num(cos),
                num(x / MM),
                num(y / MM)
            );
            ([0.0, 0.0, PAGE_W / MM, PAGE_H / MM], ctm, 0.0, 0.0)
        };
        let bold =
            if first.bold { format!(r#" Stroke="true" LineWidth="{}""#, num(FAUX_BOLD * size)) } else { String::new() };
        let _ = write!(
            out,
            r#"<ofd:TextObject ID="{}" Boundary="{}" Font="{font}" Size="{}"{ctm}{bold}>"#,
            id(),
            boundary.map(num).join(" "),
            num(size)
        );
        if let Some(dest) = link(x, y) {
            let _ = write!(
                out,
                r#"<ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto>{dest}</ofd:Goto></ofd:Action></ofd:Actions>"#
            );
        }
        let _ = write!(out, "<ofd:FillColor Value=\"{}\"/>", color(run.color));
        if first.bold {
            let _ = write!(out, "<ofd:StrokeColor Value=\"{}\"/>", color(run.color));
        }
        let deltas: Vec<f32> = stretch.windows(2).map(|w| (w[1].dx - w[0].dx) / MM).collect();
        let delta_x = if deltas.is_empty() { String::new() } else { format!(r#" DeltaX="{}""#, delta_list(&deltas)) };
        let text: String = stretch.iter().map(|g| g.ch).collect();
        let _ = write!(
            out,
            r#"<ofd:TextCode X="{}" Y="{}"{delta_x}>{}</ofd:TextCode></ofd:TextObject>"#,
            num(code_x),
            num(code_y),
            escape(&text)
        );
    }
}

/// Glyph offsets, with runs of equal ones in OFD's short form `g <count> <offset>` (a
/// line of Chinese is mostly one offset).
fn delta_list(deltas: &[f32]) -> String {
    let values: Vec<String> = deltas.iter().map(|&d| num(d)).collect();
    let mut out: Vec<String> = Vec::new();
    for same in values.chunk_by(|a, b| a == b) {
        if same.len() >= 3 {
            out.push(format!("g {} {}", same.len(), same[0]));
        } else {
            out.extend(same.iter().cloned());
        }
    }
    out.join(" ")
}

/// A rule, a table line or a chart's shape as a `PathObject`, its points relative to
/// its boundary. Painted as the PDF paints it: filled only when closed, nothing when
/// neither filled nor stroked.
fn path_object(
    out: &mut String,
    points: &[PathPoint],
    closed: bool,
    fill: Option<Rgb>,
    stroke: Option<Stroke>,
    id: &mut impl FnMut() -> u32,
) {
    let fill = fill.filter(|_| closed);
    if (fill.is_none() && stroke.is_none())
        || points.len() < 2
        || !points.iter().all(|p| p.x.is_finite() && p.y.is_finite())
    {
        return;
    }
    let width = stroke.map(|s| s.width / MM).filter(|w| w.is_finite() && *w >= 0.0).unwrap_or(0.0);
    let pad = width.max(0.1);
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for p in points {
        x0 = x0.min(p.x / MM);
        y0 = y0.min(p.y / MM);
        x1 = x1.max(p.x / MM);
        y1 = y1.max(p.y / MM);
    }
    let (bx, by) = (x0 - pad, y0 - pad);
    let mut data = String::new();
    let mut controls: Vec<&PathPoint> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        if i > 0 && p.control {
            controls.push(p);
            continue;
        }
        let at = |q: &PathPoint| format!("{} {}", num(q.x / MM - bx), num(q.y / MM - by));
        let op = match (i, controls.as_slice()) {
            (0, _) => format!("M {}", at(p)),
            (_, []) => format!("L {}", at(p)),
            (_, [c]) => format!("Q {} {}", at(c), at(p)),
            (_, [c1, c2, ..]) => format!("B {} {} {}", at(c1), at(c2), at(p)),
        };
        controls.clear();
        if !data.is_empty() {
            data.push(' ');
        }
        data.push_str(&op);
    }
    if closed {
        data.push_str(" C");
    }
    let _ = write!(
        out,
        r#"<ofd:PathObject ID="{}" Boundary="{} {} {} {}" LineWidth="{}" Cap="Round" Join="Round" Stroke="{}" Fill="{}">"#,
        id(),
        num(bx),
        num(by),
        num(x1 - x0 + 2.0 * pad),
        num(y1 - y0 + 2.0 * pad),
        num(width),
        stroke.is_some(),
        fill.is_some()
    );
    if let Some(s) = stroke {
        let _ = write!(out, "<ofd:StrokeColor Value=\"{}\"/>", color(s.color));
    }
    if let Some(f) = fill {
        let _ = write!(out, "<ofd:FillColor Value=\"{}\"/>", color(f));
    }
    let _ = write!(out, "<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>");
}

/// The outline as nested `OutlineElem`s: each heading under the nearest heading before
/// it with a lower level; open down to level 2, closed below, as in the PDF.
fn outline(out: &mut String, entries: &[OutlineEntry], dest: &dyn Fn(usize, f32) -> String) {
    let mut i = 0;
    while i < entries.len() {
        let e = &entries[i];
        let end = entries[i + 1..].iter().position(|c| c.level <= e.level).map_or(entries.len(), |n| i + 1 + n);
        let children = &entries[i + 1..end];
        let _ = write!(
            out,
            r#"<ofd:OutlineElem Title="{}" Count="{}" Expanded="{}"><ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto>{}</ofd:Goto></ofd:Action></ofd:Actions>"#,
            escape(&e.title),
            children.len(),
            e.level < 2,
            dest(e.page, e.y)
        );
        outline(out, children, dest);
        out.push_str("</ofd:OutlineElem>");
        i = end;
    }
}

fn color(c: Rgb) -> String {
    format!("{} {} {}", c.r, c.g, c.b)
}

/// A length in millimetres to 1/1000 mm, without trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use quick_xml::events::Event;

    use super::*;
    use crate::typeset::layout::lay_out;
    use crate::typeset::model::*;
    use crate::typeset::tests::{fonts, sample};

    /// The parts of an OFD package, by name.
    fn unzip(bytes: Vec<u8>) -> BTreeMap<String, String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .filter_map(|i| {
                let mut entry = zip.by_index(i).unwrap();
                let mut text = String::new();
                let name = entry.name().unwrap().to_string();
                name.ends_with(".xml").then(|| {
                    entry.read_to_string(&mut text).unwrap();
                    (name, text)
                })
            })
            .collect()
    }

    /// A text object as a reader places it: its text, where its first glyph's origin
    /// lands on the page (mm) and the offsets to the next glyphs.
    #[derive(Debug)]
    struct Placed {
        text: String,
        x: f32,
        y: f32,
        deltas: Vec<f32>,
    }

    /// Every text object of a page, panicking on XML that is not well-formed.
    fn placed(xml: &str) -> Vec<Placed> {
        let nums = |s: &str| -> Vec<f32> { s.split_whitespace().map(|n| n.parse().unwrap()).collect() };
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut out = Vec::new();
        let (mut origin, mut in_code) = ((0.0, 0.0), false);
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if e.name().0 == "ofd:TextObject" => {
                    let attr = |k: &str| e.try_get_attribute(k).unwrap().map(|a| a.value.to_string());
                    let b = nums(&attr("Boundary").unwrap());
                    let ctm = attr("CTM").map(|c| nums(&c)).unwrap_or(vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
                    origin = (b[0] + ctm[4], b[1] + ctm[5]);
                }
                Event::Start(e) if e.name().0 == "ofd:TextCode" => {
                    let attr = |k: &str| e.try_get_attribute(k).unwrap().map(|a| a.value.to_string());
                    let (x, y) =
                        (attr("X").unwrap().parse::<f32>().unwrap(), attr("Y").unwrap().parse::<f32>().unwrap());
                    let mut deltas = Vec::new();
                    let tokens: Vec<String> =
                        attr("DeltaX").unwrap_or_default().split_whitespace().map(String::from).collect();
                    let mut t = tokens.iter();
                    while let Some(token) = t.next() {
                        if token == "g" {
                            let n: usize = t.next().unwrap().parse().unwrap();
                            let v: f32 = t.next().unwrap().parse().unwrap();
                            deltas.extend(std::iter::repeat_n(v, n));
                        } else {
                            deltas.push(token.parse().unwrap());
                        }
                    }
                    out.push(Placed { text: String::new(), x: origin.0 + x, y: origin.1 + y, deltas });
                    in_code = true;
                }
                Event::Text(t) if in_code => out.last_mut().unwrap().text.push_str(&t),
                Event::GeneralRef(r) if in_code => {
                    let entity = match &*r {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        other => panic!("entity {other}"),
                    };
                    out.last_mut().unwrap().text.push_str(entity);
                }
                Event::End(_) => in_code = false,
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    #[test]
    fn each_glyph_sits_where_the_layout_put_it() {
        let fonts = fonts();
        let shaper = Shaper::new(&fonts);
        let mut doc = sample();
        doc.draft = true;
        let laid = lay_out(&doc, &shaper).unwrap();
        let parts = unzip(write(&doc, &laid, &shaper).unwrap());
        let mut rotated = 0;
        for (p, page) in laid.pages.iter().enumerate() {
            let got = placed(&parts[&format!("Doc_0/Pages/Page_{p}/Content.xml")]);
            let mut want = Vec::new();
            for item in &page.items {
                let Item::Text(run) = item else { continue };
                rotated += usize::from(run.rotate_deg != 0.0);
                let (sin, cos) = run.rotate_deg.to_radians().sin_cos();
                let glyphs: Vec<_> = run.drawn().collect();
                for stretch in glyphs.chunk_by(|a, b| a.face == b.face && a.bold == b.bold) {
                    let text: String = stretch.iter().map(|g| g.ch).collect();
                    let dx = stretch[0].dx;
                    let offsets: Vec<f32> = stretch.windows(2).map(|w| (w[1].dx - w[0].dx) / MM).collect();
                    want.push((text, (run.x + dx * cos) / MM, (run.baseline - dx * sin) / MM, offsets));
                }
            }
            assert_eq!(got.len(), want.len(), "page {p}: one text object per stretch");
            for (g, (text, x, y, offsets)) in got.iter().zip(&want) {
                assert_eq!(&g.text, text, "page {p}");
                assert!((g.x - x).abs() < 0.002 && (g.y - y).abs() < 0.002, "page {p}: {g:?} is not at {x}, {y}");
                assert_eq!(g.deltas.len(), offsets.len(), "page {p}: {text}");
                assert!(g.deltas.iter().zip(offsets).all(|(a, b)| (a - b).abs() < 0.001), "page {p}: {text}");
            }
        }
        assert!(rotated > 0, "the draft marks are rotated text");
        let document = &parts["Doc_0/Document.xml"];
        assert!(document.contains(r#"<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"#));
        assert_eq!(document.matches(r#"<ofd:Page ID="#).count(), laid.pages.len());
    }

    #[test]
    fn the_outline_nests_headings_under_the_one_before_with_a_lower_level() {
        let entry = |level, title: &str| OutlineEntry { level, title: title.into(), page: 0, y: 0.0 };
        let entries = [entry(1, "一"), entry(2, "（一）"), entry(3, "1."), entry(2, "（二）"), entry(1, "二")];
        let mut xml = String::new();
        outline(&mut xml, &entries, &|_, _| String::new());
        let elem = |t: &str, n: usize, open: bool| {
            format!(
                r#"<ofd:OutlineElem Title="{t}" Count="{n}" Expanded="{open}"><ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto></ofd:Goto></ofd:Action></ofd:Actions>"#
            )
        };
        let close = "</ofd:OutlineElem>";
        let want = [
            elem("一", 3, true),
            elem("（一）", 1, false),
            elem("1.", 0, false),
            close.into(),
            close.into(),
            elem("（二）", 0, false),
            close.into(),
            close.into(),
            elem("二", 0, true),
            close.into(),
        ]
        .concat();
        assert_eq!(xml, want);
    }

    #[test]
    fn odd_input_still_gives_well_formed_parts() {
        let mut doc = sample();
        doc.meta.title = "标题<&>\"\u{1}".into();
        doc.meta.keywords = vec![String::new()];
        doc.blocks.push(Block::Figure(Figure {
            caption: "坏图".into(),
            drawing: Drawing {
                width_pt: 100.0,
                height_pt: 100.0,
                items: vec![
                    Shape::Line {
                        points: vec![(0.0, 0.0), (f32::INFINITY, f32::NAN)],
                        stroke: Stroke { color: Rgb::BLACK, width: 1.0 },
                    },
                    Shape::Line { points: vec![(0.0, 0.0)], stroke: Stroke { color: Rgb::BLACK, width: 1.0 } },
                ],
            },
        }));
        let r = crate::typeset::render_with_ofd(&doc, &fonts()).unwrap();
        for (name, xml) in unzip(r.ofd.unwrap()) {
            assert!(!xml.contains("NaN") && !xml.contains("inf"), "{name}");
            let mut reader = quick_xml::Reader::from_str(&xml);
            let mut depth = 0i32;
            loop {
                match reader.read_event().unwrap_or_else(|e| panic!("{name}: {e}")) {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    Event::Eof => break,
                    _ => {}
                }
            }
            assert_eq!(depth, 0, "{name}");
        }
    }

    #[test]
    fn attachments_travel_in_the_package() {
        let mut doc = sample();
        doc.attachments.push(Attachment {
            name: "facts.csv".into(),
            mime: "text/csv".into(),
            bytes: b"year,unit\n2024,\xe7\x94\xb2\n".to_vec(),
            description: "数据".into(),
        });
        let ofd = crate::typeset::render_with_ofd(&doc, &fonts()).unwrap().ofd.unwrap();
        let parts = unzip(ofd.clone());
        assert!(parts["Doc_0/Document.xml"]
            .ends_with("<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments></ofd:Document>"));
        let list = &parts["Doc_0/Attachs/Attachments.xml"];
        assert!(
            list.contains(
                r#"<ofd:Attachment ID="Attach_0" Name="facts.csv" Format="csv" CreationDate="2024-12-20T08:00:00""#
            ),
            "{list}"
        );
        assert!(list.contains("<ofd:FileLoc>Attach_0.csv</ofd:FileLoc>"), "{list}");
        let mut zip = zip::ZipArchive::new(Cursor::new(ofd)).unwrap();
        let mut csv = Vec::new();
        zip.by_name("Doc_0/Attachs/Attach_0.csv").unwrap().read_to_end(&mut csv).unwrap();
        assert_eq!(csv, doc.attachments[0].bytes);
        // Without attachments, no Attachments part.
        let plain = unzip(crate::typeset::render_with_ofd(&sample(), &fonts()).unwrap().ofd.unwrap());
        assert!(
            !plain.contains_key("Doc_0/Attachs/Attachments.xml")
                && !plain["Doc_0/Document.xml"].contains("Attachments")
        );
    }

    #[test]
    fn numbers_are_short_millimetres() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(5.644_44), "5.644");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(210.0), "210");
    }

    #[test]
    fn equal_offsets_are_abbreviated() {
        assert_eq!(delta_list(&[5.6, 5.6, 5.6, 2.8, 5.6, 5.6]), "g 3 5.6 2.8 5.6 5.6");
        assert_eq!(delta_list(&[1.0]), "1");
    }
}
