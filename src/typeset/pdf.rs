//! Writing the laid-out pages as PDF: page content and fonts through printpdf, then the
//! document-level parts printpdf 0.12 does not offer (or gets wrong for us) through its
//! lopdf document: a nested outline in reading order pointing at the headings, the 目录
//! links, page labels, /Lang, the PDF/A-3b parts ([`super::pdfa`]: metadata, output
//! intent, attachments), and a document ID derived from the content so the same input
//! gives the same bytes.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Color, FontId, LineCapStyle, LineJoinStyle, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, Point, Polygon, PolygonRing, Pt, TextItem, TextMatrix, TextRenderingMode, WindingOrder,
};
use sha2::{Digest, Sha256};

use super::error::TypesetError;
use super::fonts::Reader;
use super::glyph::FaceId;
use super::layout::{Item, Laid, PathPoint, TextRun, FAUX_BOLD, PAGE_H};
use super::model::{Document, Rgb, Stroke};
use super::pdf_string::text_string;
use super::shape::Shaper;
use super::subset::subsets;

fn resource_name(face: FaceId) -> String {
    format!("CJK{face}")
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.r) / 255.0,
        g: f32::from(c.g) / 255.0,
        b: f32::from(c.b) / 255.0,
        icc_profile: None,
    })
}

pub(crate) fn write(doc: &Document, laid: &Laid, shaper: &Shaper<'_>) -> Result<Vec<u8>, TypesetError> {
    let mut pdf = PdfDocument::new(&doc.meta.title);
    embed_fonts(&mut pdf, laid, shaper)?;
    let pages = laid
        .pages
        .iter()
        .map(|page| {
            let mut ops = vec![
                Op::SetLineCapStyle { cap: LineCapStyle::Round },
                Op::SetLineJoinStyle { join: LineJoinStyle::Round },
            ];
            for item in &page.items {
                match item {
                    Item::Text(run) => text_ops(run, shaper, &mut ops),
                    Item::Path { points, closed, fill, stroke } => path_ops(points, *closed, *fill, *stroke, &mut ops),
                }
            }
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    pdf.with_pages(pages);

    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&printpdf::PdfSaveOptions::default(), &mut warnings);
    finish(&mut lo, doc, laid).map_err(|e| TypesetError::Pdf(e.to_string()))?;
    compress(&mut lo).map_err(|e| TypesetError::Pdf(e.to_string()))?;
    save_with_stable_id(&mut lo)
}

/// The level for the streams (lopdf's own `compress` takes the slowest, 9): a file kept
/// for the archive should be small, but level 9 costs several times the time of 6 for a
/// file about 1 % smaller, and 6 a tenth more than 5 (the PDF's typesetting on the
/// samples) for 0.3 % (380 → 381 KB).
const PDF_DEFLATE_LEVEL: u32 = 5;

/// Deflates every stream that allows it and is not encoded yet, where that makes it
/// smaller.
fn compress(lo: &mut lopdf::Document) -> std::io::Result<()> {
    use std::io::Write as _;
    for object in lo.objects.values_mut() {
        let Object::Stream(stream) = object else { continue };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 2),
            flate2::Compression::new(PDF_DEFLATE_LEVEL),
        );
        encoder.write_all(&stream.content)?;
        let deflated = encoder.finish()?;
        // The filter entry costs about as much as a tiny stream saves.
        if deflated.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(deflated);
        }
    }
    Ok(())
}

/// Embeds, per face, a subset holding only the glyphs the pages use.
fn embed_fonts(pdf: &mut PdfDocument, laid: &Laid, shaper: &Shaper<'_>) -> Result<(), TypesetError> {
    for subset in subsets(laid, shaper, Reader::Pdf)? {
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&subset.bytes, 0, &mut warnings).ok_or_else(|| TypesetError::Font {
            path: shaper.face(subset.face).origin.clone(),
            reason: "字体子集无法读取".to_string(),
        })?;
        parsed.font_name = Some(subset.name);
        pdf.resources.fonts.map.insert(FontId(resource_name(subset.face)), PdfFont::new(parsed));
    }
    Ok(())
}

fn text_ops(run: &TextRun, shaper: &Shaper<'_>, ops: &mut Vec<Op>) {
    let (sin, cos) = run.rotate_deg.to_radians().sin_cos();
    let glyphs: Vec<_> = run.drawn().collect();
    let mut i = 0;
    while i < glyphs.len() {
        let (face, bold) = (glyphs[i].face, glyphs[i].bold);
        let mut j = i;
        while j < glyphs.len() && glyphs[j].face == face && glyphs[j].bold == bold {
            j += 1;
        }
        let group = &glyphs[i..j];
        let font = shaper.face(face);
        let start = group[0].dx;
        // The group's origin on the page, then PDF coordinates (y up).
        let x = run.x + start * cos;
        let y = PAGE_H - (run.baseline - start * sin);
        let mut items = Vec::new();
        let mut text = String::new();
        let mut pen = start;
        for g in group {
            let gap = g.dx - pen;
            if gap.abs() > 0.001 {
                if !text.is_empty() {
                    items.push(TextItem::Text(std::mem::take(&mut text)));
                }
                items.push(TextItem::Offset(-gap * 1000.0 / run.size));
            }
            text.push(g.ch);
            let advance = font.glyph(g.ch).map(|gid| font.advance(gid)).unwrap_or(0.0);
            pen = g.dx + advance * run.size;
        }
        if !text.is_empty() {
            items.push(TextItem::Text(text));
        }
        if bold {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
            ops.push(Op::SetOutlineColor { col: color(run.color) });
            ops.push(Op::SetOutlineThickness { pt: Pt(FAUX_BOLD * run.size) });
        }
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont { font: PdfFontHandle::External(FontId(resource_name(face))), size: Pt(run.size) });
        ops.push(Op::SetFillColor { col: color(run.color) });
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Raw([cos, sin, -sin, cos, x, y]) });
        ops.push(Op::ShowText { items });
        ops.push(Op::EndTextSection);
        if bold {
            ops.push(Op::RestoreGraphicsState);
        }
        i = j;
    }
}

fn path_ops(points: &[PathPoint], closed: bool, fill: Option<Rgb>, stroke: Option<Stroke>, ops: &mut Vec<Op>) {
    let line_points: Vec<LinePoint> =
        points.iter().map(|p| LinePoint { p: Point { x: Pt(p.x), y: Pt(PAGE_H - p.y) }, bezier: p.control }).collect();
    if let Some(f) = fill {
        ops.push(Op::SetFillColor { col: color(f) });
    }
    if let Some(s) = stroke {
        ops.push(Op::SetOutlineColor { col: color(s.color) });
        ops.push(Op::SetOutlineThickness { pt: Pt(s.width) });
    }
    let mode = match (fill.is_some() && closed, stroke.is_some()) {
        (true, true) => PaintMode::FillStroke,
        (true, false) => PaintMode::Fill,
        (false, true) => PaintMode::Stroke,
        (false, false) => return,
    };
    if closed {
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points: line_points }],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    } else {
        ops.push(Op::DrawLine { line: printpdf::Line { points: line_points, is_closed: false } });
    }
}

fn finish(lo: &mut lopdf::Document, doc: &Document, laid: &Laid) -> lopdf::Result<()> {
    lo.version = "1.7".to_string();
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let dest = |page: usize, y: f32| -> Object {
        let page = pages.get(page).copied().unwrap_or(pages[0]);
        // A little above the heading, so that it is not flush with the window's edge.
        let top = (PAGE_H - y + 12.0).min(PAGE_H);
        Object::Array(vec![Object::Reference(page), "XYZ".into(), Object::Integer(0), Object::Real(top), Object::Null])
    };

    // The 目录 links.
    for link in &laid.links {
        let Some(target) = laid.outline.get(link.target) else {
            continue;
        };
        let (x, y, w, h) = link.rect;
        let annot = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Link".to_vec())),
            (
                "Rect",
                Object::Array(vec![
                    Object::Real(x),
                    Object::Real(PAGE_H - y - h),
                    Object::Real(x + w),
                    Object::Real(PAGE_H - y),
                ]),
            ),
            ("Border", Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)])),
            // Printable (and nothing else set), as PDF/A requires of every annotation.
            ("F", Object::Integer(4)),
            ("Dest", dest(target.page, target.y)),
        ]);
        let annot_id = lo.add_object(annot);
        if let Some(&page_id) = pages.get(link.page) {
            let page = lo.get_dictionary_mut(page_id)?;
            match page.get_mut(b"Annots") {
                Ok(Object::Array(list)) => list.push(Object::Reference(annot_id)),
                _ => page.set("Annots", Object::Array(vec![Object::Reference(annot_id)])),
            }
        }
    }

    let outline = build_outline(lo, &laid.outline, &dest);

    // Page labels: the body is numbered from 1 as printed; the front pages are named.
    let mut nums = Vec::new();
    if laid.cover {
        nums.push(Object::Integer(0));
        nums.push(Object::Dictionary(Dictionary::from_iter(vec![("P", text_string("封面"))])));
    }
    if laid.front_pages > usize::from(laid.cover) {
        nums.push(Object::Integer(i64::from(laid.cover)));
        nums.push(Object::Dictionary(Dictionary::from_iter(vec![
            ("P", text_string("目录")),
            ("S", Object::Name(b"r".to_vec())),
        ])));
    }
    nums.push(Object::Integer(laid.front_pages as i64));
    nums.push(Object::Dictionary(Dictionary::from_iter(vec![("S", Object::Name(b"D".to_vec()))])));

    let catalog = lo.catalog_mut()?;
    catalog.set("Lang", text_string(&doc.meta.language));
    catalog.set("PageLabels", Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    catalog.set("ViewerPreferences", Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]));
    catalog.remove(b"Outlines");
    match outline {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
    }

    super::pdfa::archive(lo, doc)
}

/// The outline tree: each heading under the nearest heading before it with a lower
/// level. Returns the outline root.
fn build_outline(
    lo: &mut lopdf::Document,
    entries: &[super::layout::OutlineEntry],
    dest: &dyn Fn(usize, f32) -> Object,
) -> Option<ObjectId> {
    if entries.is_empty() {
        return None;
    }
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each entry: an index into `entries`, or None for the root.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&p| entries[p].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> { (0..entries.len()).filter(|&i| parent[i] == p).collect() };
    let descendants = |p: usize| -> i64 {
        let mut n = 0;
        let mut todo = vec![p];
        while let Some(q) = todo.pop() {
            for c in (0..entries.len()).filter(|&i| parent[i] == Some(q)) {
                n += 1;
                todo.push(c);
            }
        }
        n
    };
    for (i, e) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut dict = Dictionary::from_iter(vec![
            ("Title", text_string(&e.title)),
            ("Parent", Object::Reference(parent[i].map(|p| ids[p]).unwrap_or(root))),
            ("Dest", dest(e.page, e.y)),
        ]);
        if pos > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            // Open down to level 2, closed below, so the panel reads like the 目录.
            let n = descendants(i);
            dict.set("Count", Object::Integer(if e.level < 2 { n } else { -n }));
        }
        lo.set_object(ids[i], dict);
    }
    let top = children(None);
    let visible =
        top.len() as i64 + top.iter().filter(|&&t| entries[t].level < 2).map(|&t| descendants(t)).sum::<i64>();
    let mut root_dict = Dictionary::from_iter(vec![("Type", Object::Name(b"Outlines".to_vec()))]);
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        root_dict.set("First", Object::Reference(ids[first]));
        root_dict.set("Last", Object::Reference(ids[last]));
        root_dict.set("Count", Object::Integer(visible));
    }
    lo.set_object(root, root_dict);
    Some(root)
}

/// Saves with a document ID that is a hash of the file itself, so that identical input
/// gives identical bytes (printpdf draws a random one).
fn save_with_stable_id(lo: &mut lopdf::Document) -> Result<Vec<u8>, TypesetError> {
    let save = |lo: &mut lopdf::Document| -> Result<Vec<u8>, TypesetError> {
        let mut out = Vec::new();
        lo.save_to(&mut out).map_err(|e| TypesetError::Pdf(e.to_string()))?;
        Ok(out)
    };
    let id_of = |bytes: &[u8]| Object::String(bytes.to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id_of(&[0; 16]), id_of(&[0; 16])]));
    let draft = save(lo)?;
    let digest = Sha256::digest(&draft);
    let id = &digest[..16];
    lo.trailer.set("ID", Object::Array(vec![id_of(id), id_of(id)]));
    save(lo)
}
