//! Puts the children of property elements in the order the WordprocessingML schema
//! prescribes. docx-rs writes some of them out of sequence (`w:rPr` first in `w:pPr`,
//! `w:sz` before `w:rFonts`, the footer references last in `w:sectPr`); LibreOffice does
//! not mind, but Word drops out-of-sequence properties or asks to repair the file.

use std::borrow::Cow;

/// (container, children in schema order). Children not listed keep their relative
/// order after the listed ones.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "rPr",
        &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
        ],
    ),
    (
        "pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
    ),
    (
        "sectPr",
        &[
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
            "sectPrChange",
        ],
    ),
    (
        "style",
        &[
            "name",
            "aliases",
            "basedOn",
            "next",
            "link",
            "autoRedefine",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "locked",
            "personal",
            "personalCompose",
            "personalReply",
            "rsid",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
            "tblStylePr",
        ],
    ),
    (
        "tblPr",
        &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
        ],
    ),
    (
        "tcPr",
        &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
        ],
    ),
];

/// `xml` with the children of every listed container in schema order, in one pass:
/// each container's content is put in order inside out (a `w:rPr` in a `w:pPr` first),
/// and a container's children move whole.
pub fn canonical(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    put_in_order(xml, &mut out);
    out
}

/// The listed container `tag` opens, if it is one (not an empty element).
fn container(tag: &str) -> Option<&'static (&'static str, &'static [&'static str])> {
    let rest = tag.strip_prefix("<w:")?;
    let entry =
        ORDERS.iter().find(|(name, _)| rest.strip_prefix(name).is_some_and(|after| after.starts_with(['>', ' '])))?;
    (!tag.ends_with("/>")).then_some(entry)
}

/// Copies `xml` to `out` with every listed container's children in order.
fn put_in_order(xml: &str, out: &mut String) {
    let mut rest = xml;
    while let Some(at) = rest.find("<w:") {
        let Some(tag_end) = rest[at..].find('>').map(|e| at + e + 1) else { break };
        let Some((name, order)) = container(&rest[at..tag_end]) else {
            out.push_str(&rest[..tag_end]);
            rest = &rest[tag_end..];
            continue;
        };
        // These containers do not nest in themselves, so the first end tag closes it.
        let close = format!("</w:{name}>");
        let Some(end) = rest[tag_end..].find(&close).map(|e| tag_end + e) else { break };
        out.push_str(&rest[..tag_end]);
        let rank = |child: &str| order.iter().position(|n| *n == name_of(child)).unwrap_or(order.len());
        // A child with content may hold containers of its own (a `w:rPr` in a `w:pPr`);
        // most children are empty elements and are moved as they are.
        let mut kids: Vec<(usize, Cow<'_, str>)> = children(&rest[tag_end..end])
            .into_iter()
            .map(|kid| {
                let kid = if kid.ends_with("/>") {
                    Cow::Borrowed(kid)
                } else {
                    let mut ordered = String::with_capacity(kid.len());
                    put_in_order(kid, &mut ordered);
                    Cow::Owned(ordered)
                };
                (rank(&kid), kid)
            })
            .collect();
        // Stable: children not listed, and repeated ones, keep their relative order.
        kids.sort_by_key(|(rank, _)| *rank);
        for (_, kid) in kids {
            out.push_str(&kid);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
}

/// The element name of a start or empty tag (`<w:sz w:val="32" />` → `sz`).
fn name_of(tag: &str) -> &str {
    let t = tag.trim_start_matches('<');
    let t = t.split_once(':').map_or(t, |(_, n)| n);
    t.split(|c: char| c.is_whitespace() || c == '/' || c == '>').next().unwrap_or("")
}

/// Splits the content of an element into its top-level child elements.
fn children(inner: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    while let Some(open) = inner[i..].find('<') {
        let at = i + open;
        let Some(close) = inner[at..].find('>') else { break };
        let end = at + close + 1;
        let tag = &inner[at..end];
        if depth == 0 {
            start = at;
        }
        if tag.starts_with("</") {
            depth = depth.saturating_sub(1);
        } else if !tag.ends_with("/>") {
            depth += 1;
        }
        if depth == 0 {
            out.push(&inner[start..end]);
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_follow_the_schema() {
        let xml = concat!(
            r#"<w:p><w:pPr><w:rPr /><w:pStyle w:val="A" /><w:jc w:val="both" /><w:spacing w:before="0" /></w:pPr>"#,
            r#"<w:r><w:rPr><w:sz w:val="24" /><w:rFonts w:eastAsia="黑体" /><w:b /></w:rPr><w:t>x</w:t></w:r></w:p>"#,
            r#"<w:style w:type="paragraph" w:styleId="A"><w:name w:val="a" /><w:rPr><w:sz w:val="32" /></w:rPr>"#,
            r#"<w:pPr><w:jc w:val="center" /></w:pPr><w:qFormat /></w:style>"#,
        );
        assert_eq!(
            canonical(xml),
            concat!(
                r#"<w:p><w:pPr><w:pStyle w:val="A" /><w:spacing w:before="0" /><w:jc w:val="both" /><w:rPr /></w:pPr>"#,
                r#"<w:r><w:rPr><w:rFonts w:eastAsia="黑体" /><w:b /><w:sz w:val="24" /></w:rPr><w:t>x</w:t></w:r></w:p>"#,
                r#"<w:style w:type="paragraph" w:styleId="A"><w:name w:val="a" /><w:qFormat /><w:pPr><w:jc w:val="center" />"#,
                r#"</w:pPr><w:rPr><w:sz w:val="32" /></w:rPr></w:style>"#,
            )
        );
    }

    #[test]
    fn nested_children_move_whole() {
        let xml = r#"<w:pPr><w:rPr><w:b /></w:rPr><w:sectPr><w:docGrid /><w:footerReference /></w:sectPr><w:pStyle /></w:pPr>"#;
        assert_eq!(
            canonical(xml),
            r#"<w:pPr><w:pStyle /><w:rPr><w:b /></w:rPr><w:sectPr><w:footerReference /><w:docGrid /></w:sectPr></w:pPr>"#
        );
    }
}
