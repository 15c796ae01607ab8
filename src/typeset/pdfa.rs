//! What makes the PDF a PDF/A-3b file (ISO 19005-3, level B: the pages look the same in
//! every reader, for as long as the file is kept), on top of what the page writer keeps
//! to by itself (every font embedded and subset with its CIDToGIDMap, colours in
//! DeviceRGB only, no transparency, no encryption, no JavaScript, no LZW):
//!
//! - the document information and its XMP copy, written from one list so that they
//!   agree, as PDF/A requires, with the PDF/A identification (part 3, conformance B);
//! - the sRGB output intent that gives the page colours their meaning ([`super::icc`]);
//! - the document's [`Attachment`]s as associated files (`/AF`, `/AFRelationship
//!   /Data`), which PDF/A-3 allows in any format: the data travels with the document.
//!
//! Every date is the document's date, so the bytes stay reproducible.

use lopdf::{Dictionary, Object, Stream};

use super::icc;
use super::model::{Attachment, Document, Meta};
use super::pdf_string::{ascii_string, text_string};
use crate::date::DocDate;
use crate::xml::escape;

const CREATOR: &str = concat!("shuangyong ", env!("CARGO_PKG_VERSION"));
const PRODUCER: &str = "printpdf 0.12 / lopdf";

/// Adds the PDF/A-3b parts to `lo`; the catalogue and pages are printpdf's.
pub(super) fn archive(lo: &mut lopdf::Document, doc: &Document) -> lopdf::Result<()> {
    describe(lo, &doc.meta)?;
    let profile = lo.add_object(Stream::new(Dictionary::from_iter(vec![("N", Object::Integer(3))]), icc::srgb()));
    let intent = Dictionary::from_iter(vec![
        ("Type", name("OutputIntent")),
        ("S", name("GTS_PDFA1")),
        ("OutputConditionIdentifier", ascii_string(icc::SRGB_NAME)),
        ("Info", ascii_string(icc::SRGB_NAME)),
        ("RegistryName", ascii_string("http://www.color.org")),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);
    lo.catalog_mut()?.set("OutputIntents", Object::Array(vec![Object::Dictionary(intent)]));
    attach(lo, &doc.attachments, doc.meta.date)
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// How an entry of the document information is written in XMP.
enum Xmp {
    /// A language alternative with only the default: `dc:title`, `dc:description`.
    LangAlt(&'static str),
    /// An ordered list of one: `dc:creator`.
    Seq(&'static str),
    Text(&'static str),
}

/// The document information dictionary (replacing printpdf's, which carries an empty
/// GTS_PDFXVersion and a Trapped key we do not vouch for) and the XMP metadata stream.
fn describe(lo: &mut lopdf::Document, meta: &Meta) -> lopdf::Result<()> {
    let keywords = meta.keywords.join("；");
    let mut info = Dictionary::new();
    let mut properties =
        String::from("   <pdfaid:part>3</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n");
    properties.push_str("   <dc:format>application/pdf</dc:format>\n");
    for (key, value, xmp) in [
        ("Title", meta.title.as_str(), Xmp::LangAlt("dc:title")),
        ("Author", &meta.author, Xmp::Seq("dc:creator")),
        ("Subject", &meta.subject, Xmp::LangAlt("dc:description")),
        ("Keywords", &keywords, Xmp::Text("pdf:Keywords")),
        ("Creator", CREATOR, Xmp::Text("xmp:CreatorTool")),
        ("Producer", PRODUCER, Xmp::Text("pdf:Producer")),
    ] {
        // An entry left out of both rather than written empty: an empty string in one
        // and no property in the other is a mismatch to a validator.
        if value.is_empty() {
            continue;
        }
        info.set(key, if value.is_ascii() { ascii_string(value) } else { text_string(value) });
        let v = escape(value);
        properties.push_str(&match xmp {
            Xmp::LangAlt(p) => {
                format!("   <{p}><rdf:Alt><rdf:li xml:lang=\"x-default\">{v}</rdf:li></rdf:Alt></{p}>\n")
            }
            Xmp::Seq(p) => format!("   <{p}><rdf:Seq><rdf:li>{v}</rdf:li></rdf:Seq></{p}>\n"),
            Xmp::Text(p) => format!("   <{p}>{v}</{p}>\n"),
        });
    }
    if !meta.language.is_empty() {
        let lang = escape(&meta.language);
        properties.push_str(&format!("   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n"));
    }
    let (pdf_date, xmp_date) = (meta.date.pdf_string(), meta.date.xmp_string());
    info.set("CreationDate", ascii_string(&pdf_date));
    info.set("ModDate", ascii_string(&pdf_date));
    for p in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
        properties.push_str(&format!("   <{p}>{xmp_date}</{p}>\n"));
    }

    let info_id = lo.add_object(info);
    if let Ok(Object::Reference(old)) = lo.trailer.get(b"Info") {
        lo.objects.remove(old);
    }
    lo.trailer.set("Info", Object::Reference(info_id));

    let dict = Dictionary::from_iter(vec![("Type", name("Metadata")), ("Subtype", name("XML"))]);
    // Left uncompressed, so that a tool that cannot inflate still finds the PDF/A claim.
    let xmp = Stream::new(dict, xmp_packet(&properties).into_bytes()).with_compression(false);
    let xmp_id = lo.add_object(xmp);
    lo.catalog_mut()?.set("Metadata", Object::Reference(xmp_id));
    Ok(())
}

fn xmp_packet(properties: &str) -> String {
    format!(
        concat!(
            "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
            " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
            "  <rdf:Description rdf:about=\"\"\n",
            "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n",
            "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n",
            "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n",
            "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n",
            "{}",
            "  </rdf:Description>\n",
            " </rdf:RDF>\n",
            "</x:xmpmeta>\n",
            "<?xpacket end=\"w\"?>",
        ),
        properties
    )
}

/// The attachments as embedded files, each referenced from the catalogue's `/AF` (the
/// PDF/A-3 association) and from the `/EmbeddedFiles` name tree (the readers'
/// attachments panel).
fn attach(lo: &mut lopdf::Document, attachments: &[Attachment], date: DocDate) -> lopdf::Result<()> {
    if attachments.is_empty() {
        return Ok(());
    }
    // The name tree's keys must be sorted.
    let mut sorted: Vec<(String, &Attachment)> = attachments.iter().map(|a| (ascii_file_name(&a.name), a)).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut names = Vec::new();
    let mut associated = Vec::new();
    for (file_name, a) in sorted {
        let params = Dictionary::from_iter(vec![
            ("ModDate", ascii_string(&date.pdf_string())),
            ("Size", Object::Integer(a.bytes.len() as i64)),
        ]);
        let file = Stream::new(
            Dictionary::from_iter(vec![
                ("Type", name("EmbeddedFile")),
                ("Subtype", name(&a.mime)),
                ("Params", Object::Dictionary(params)),
            ]),
            a.bytes.clone(),
        );
        let file = lo.add_object(file);
        let spec = lo.add_object(Dictionary::from_iter(vec![
            ("Type", name("Filespec")),
            ("F", ascii_string(&file_name)),
            ("UF", text_string(&a.name)),
            ("Desc", text_string(&a.description)),
            ("AFRelationship", name("Data")),
            ("EF", Object::Dictionary(Dictionary::from_iter(vec![("F", file.into()), ("UF", file.into())]))),
        ]));
        names.extend([ascii_string(&file_name), spec.into()]);
        associated.push(spec.into());
    }
    let catalog = lo.catalog_mut()?;
    catalog.set("AF", Object::Array(associated));
    let tree = Dictionary::from_iter(vec![("Names", Object::Array(names))]);
    match catalog.get_mut(b"Names") {
        Ok(Object::Dictionary(existing)) => existing.set("EmbeddedFiles", tree),
        _ => catalog.set("Names", Dictionary::from_iter(vec![("EmbeddedFiles", Object::Dictionary(tree))])),
    }
    Ok(())
}

/// The file name for `/F`, which PDF takes as bytes of no stated encoding: printable
/// ASCII, anything else as `_`. `/UF` carries the name as given.
fn ascii_file_name(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_ascii() {
        assert_eq!(ascii_file_name("facts.csv"), "facts.csv");
        assert_eq!(ascii_file_name("数据 2024.csv"), "__ 2024.csv");
    }
}
