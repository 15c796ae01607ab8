//! The `.docx` ZIP, packed here (through [`crate::package`]) rather than by docx-rs:
//! fixed entry order and timestamps (the document date), and the parts docx-rs cannot
//! express replaced or patched — core properties, the font table with fallbacks,
//! repeated header rows.

use docx_rs::Docx;

use super::body::picture_id;
use super::{order, DocxError};
use crate::typeset::{Block, Document};
use crate::xml::escape;

pub fn pack(docx: Docx, doc: &Document) -> Result<Vec<u8>, DocxError> {
    let xml = docx.build();
    let twins = vector_twins(doc);
    let comments = unique_comments(&String::from_utf8_lossy(&xml.comments));
    let document =
        with_svg_blips(&order::canonical(&repeat_header_rows(&String::from_utf8_lossy(&xml.document))), twins.len());
    let ordered = |part: Vec<u8>| order::canonical(&String::from_utf8_lossy(&part)).into_bytes();
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), with_svg_type(&String::from_utf8_lossy(&xml.content_type), &twins).into_bytes()),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), core_properties(doc).into_bytes()),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        (
            "word/_rels/document.xml.rels".into(),
            with_svg_rels(&String::from_utf8_lossy(&xml.document_rels), twins.len()).into_bytes(),
        ),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/styles.xml".into(), ordered(patch_styles(&String::from_utf8_lossy(&xml.styles)).into_bytes())),
        ("word/settings.xml".into(), xml.settings),
        ("word/fontTable.xml".into(), FONT_TABLE.as_bytes().to_vec()),
        ("word/comments.xml".into(), comments.clone().into_bytes()),
        ("word/numbering.xml".into(), xml.numberings),
        (
            "word/commentsExtended.xml".into(),
            kept_extensions(&String::from_utf8_lossy(&xml.comments_extended), &comments).into_bytes(),
        ),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    for (i, h) in xml.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), ordered(h)));
    }
    for (i, r) in xml.header_rels.into_iter().enumerate() {
        parts.push((format!("word/_rels/header{}.xml.rels", i + 1), r));
    }
    for (i, f) in xml.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), ordered(f)));
    }
    for (i, r) in xml.footer_rels.into_iter().enumerate() {
        parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), r));
    }
    for (id, png) in xml.media {
        parts.push((format!("word/media/{id}.png"), png));
    }
    for (i, svg) in twins.into_iter().enumerate() {
        parts.push((format!("word/media/{}.svg", svg_id(i + 1)), svg.into_bytes()));
    }
    // docx-rs escapes markup but passes on what XML cannot hold (a control character a
    // unit pasted into a highlight): left out of every part, or Word opens nothing.
    let parts = parts
        .into_iter()
        .map(|(name, bytes)| {
            let bytes = if name.ends_with(".png") { bytes } else { crate::xml::legal_bytes(bytes) };
            (name, bytes)
        })
        .collect();
    crate::package::zip(parts, doc.meta.date, crate::package::Deflate::Fast)
        .map_err(|e| DocxError::Package(e.to_string()))
}

/// Each chart as SVG too, in picture order: Word 2016 and later draw the vector picture
/// (an `asvg:svgBlip` beside the PNG's blip), other readers the PNG.
fn vector_twins(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) => Some(crate::chart::svg(&f.drawing)),
            _ => None,
        })
        .collect()
}

fn svg_id(n: usize) -> String {
    format!("rIdSvg{n}")
}

fn with_svg_blips(document: &str, pictures: usize) -> String {
    (1..=pictures).fold(document.to_string(), |doc, n| {
        doc.replace(
            &format!(r#"<a:blip r:embed="{}" />"#, picture_id(n)),
            &format!(
                concat!(
                    r#"<a:blip r:embed="{}"><a:extLst><a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}">"#,
                    r#"<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="{}"/>"#,
                    "</a:ext></a:extLst></a:blip>"
                ),
                picture_id(n),
                svg_id(n)
            ),
        )
    })
}

fn with_svg_rels(rels: &str, pictures: usize) -> String {
    let added: String = (1..=pictures)
        .map(|n| {
            format!(
                r#"<Relationship Id="{0}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{0}.svg" />"#,
                svg_id(n)
            )
        })
        .collect();
    rels.replace("</Relationships>", &format!("{added}</Relationships>"))
}

fn with_svg_type(types: &str, twins: &[String]) -> String {
    if twins.is_empty() {
        return types.to_string();
    }
    types.replacen(
        r#"<Default ContentType="image/png" Extension="png" />"#,
        r#"<Default ContentType="image/png" Extension="png" /><Default ContentType="image/svg+xml" Extension="svg" />"#,
        1,
    )
}

/// docx-rs writes a comment anchored in a table cell once per cell of the table (with
/// new paragraph ids each time): each comment's first copy is kept.
fn unique_comments(comments: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(comments.len());
    let mut rest = comments;
    while let Some(at) = rest.find("<w:comment ") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("</w:comment>").map_or(rest.len(), |e| at + e + "</w:comment>".len());
        let element = &rest[at..end];
        let id = element.split('"').nth(1).unwrap_or_default();
        if seen.insert(id.to_string()) {
            out.push_str(element);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The `w15:commentEx` entries of the paragraphs `comments` still has.
fn kept_extensions(extended: &str, comments: &str) -> String {
    let mut out = String::with_capacity(extended.len());
    let mut rest = extended;
    while let Some(at) = rest.find("<w15:commentEx ") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("/>").map_or(rest.len(), |e| at + e + 2);
        let element = &rest[at..end];
        let para = element.split("w15:paraId=\"").nth(1).and_then(|p| p.split('"').next()).unwrap_or_default();
        if comments.contains(&format!("w14:paraId=\"{para}\"")) {
            out.push_str(element);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Marks every table's first row as a header row that Word repeats on each page
/// (`w:tblHeader`, which docx-rs does not write). Every table here starts with its
/// header row, and none is nested.
fn repeat_header_rows(document: &str) -> String {
    let mut out = String::with_capacity(document.len() + 64);
    let mut rest = document;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        match table.find("<w:trPr>") {
            Some(row) => {
                let end = row + "<w:trPr>".len();
                out.push_str(&table[..end]);
                out.push_str("<w:tblHeader />");
                rest = &table[end..];
            }
            None => {
                out.push_str(table);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// What docx-rs cannot say in the style sheet: first-line indents in characters (every
/// first-line indent in the style sheet is two characters of 3号); widow and orphan
/// control, as the PDF keeps two lines of a paragraph on each side of a page break; the
/// text's language, Chinese (so that an application without the office's faces falls
/// back to a Simplified Chinese face, not a Japanese one); and no automatic space between
/// Chinese and Latin or digits (the PDF sets "25个", not "25 个", as 公文 do; Word and WPS
/// honour this, LibreOffice 7 does not read it).
fn patch_styles(styles: &str) -> String {
    styles
        .replace(r#"w:firstLine="640" />"#, r#"w:firstLine="640" w:firstLineChars="200" />"#)
        .replace(
            "<w:pPrDefault><w:pPr>",
            r#"<w:pPrDefault><w:pPr><w:widowControl /><w:autoSpaceDE w:val="0" /><w:autoSpaceDN w:val="0" />"#,
        )
        .replacen("</w:rPr></w:rPrDefault>", r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" /></w:rPr></w:rPrDefault>"#, 1)
}

fn core_properties(doc: &Document) -> String {
    let m = &doc.meta;
    let when = m.date.utc_string();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>",
            "<cp:keywords>{keywords}</cp:keywords><dc:language>{language}</dc:language>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = escape(&m.title),
        subject = escape(&m.subject),
        author = escape(&m.author),
        keywords = escape(&m.keywords.join("；")),
        language = escape(&m.language),
        when = when,
    )
}

/// The faces offices have, each with the bundled face that draws its role in the PDF as
/// the alternative name (Word and LibreOffice substitute it when the face is missing).
/// `altName` is a comma-separated list: 仿宋 names Noto Serif SC after Zhuque Fangsong,
/// which lacks full-width digits and a few signs.
const FONT_TABLE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="Zhuque Fangsong,Noto Serif SC"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="黑体"><w:altName w:val="Noto Sans SC"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="楷体_GB2312"><w:altName w:val="LXGW WenKai"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="方正小标宋简体"><w:altName w:val="Noto Serif SC"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="宋体"><w:altName w:val="Noto Serif SC"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
    "</w:fonts>"
);

#[cfg(test)]
mod tests {
    use super::super::styles;
    use super::*;

    #[test]
    fn header_rows_repeat_in_every_table() {
        let xml = "<w:body><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr></w:trPr></w:tr></w:tbl><w:p/><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl></w:body>";
        let out = repeat_header_rows(xml);
        assert_eq!(out.matches("<w:tblHeader />").count(), 2);
        assert!(out.starts_with("<w:body><w:tbl><w:tr><w:trPr><w:tblHeader /><w:cantSplit />"));
    }

    #[test]
    fn each_comment_is_kept_once_with_its_extensions() {
        let comments = concat!(
            r#"<w:comments><w:comment w:id="1" w:author="a"><w:p w14:paraId="0A">x</w:p></w:comment>"#,
            r#"<w:comment w:id="2"><w:p w14:paraId="0B" /></w:comment>"#,
            r#"<w:comment w:id="1" w:author="a"><w:p w14:paraId="0C">x</w:p></w:comment></w:comments>"#
        );
        let kept = unique_comments(comments);
        assert_eq!(kept.matches("<w:comment ").count(), 2);
        assert!(kept.contains("0A") && kept.contains("0B") && !kept.contains("0C"), "{kept}");
        let ext = r#"<w15:commentsEx><w15:commentEx w15:paraId="0A" w15:done="0"/><w15:commentEx w15:paraId="0C" w15:done="0"/></w15:commentsEx>"#;
        assert_eq!(
            kept_extensions(ext, &kept),
            r#"<w15:commentsEx><w15:commentEx w15:paraId="0A" w15:done="0"/></w15:commentsEx>"#
        );
    }

    #[test]
    fn font_names_match_the_styles() {
        for face in
            [styles::FANGSONG, styles::HEITI, styles::KAITI, styles::XIAOBIAOSONG, styles::SONGTI, styles::LATIN]
        {
            assert!(FONT_TABLE.contains(&format!(r#"w:name="{face}""#)), "{face}");
        }
    }
}
