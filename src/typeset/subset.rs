//! The fonts both writers embed: per face, a subset holding only the glyphs the laid-out
//! pages draw, so that the PDF and the OFD of one document carry the same glyphs; named
//! as PDF names subsets (six capitals derived from the glyphs, `+`, the PostScript name).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::error::TypesetError;
use super::fonts::Reader;
use super::glyph::FaceId;
use super::layout::{Item, Laid};
use super::shape::Shaper;

pub(crate) struct Subset {
    pub(crate) face: FaceId,
    /// `ABCDEF+PostScriptName`.
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// One subset per face the pages use, in face order.
pub(crate) fn subsets(laid: &Laid, shaper: &Shaper<'_>, reader: Reader) -> Result<Vec<Subset>, TypesetError> {
    let mut used: BTreeMap<FaceId, Vec<u16>> = BTreeMap::new();
    for page in &laid.pages {
        for item in &page.items {
            if let Item::Text(run) = item {
                for g in run.drawn() {
                    if let Some(gid) = shaper.face(g.face).glyph(g.ch) {
                        used.entry(g.face).or_default().push(gid);
                    }
                }
            }
        }
    }
    used.into_iter()
        .map(|(face_id, mut gids)| {
            gids.sort_unstable();
            gids.dedup();
            let face = shaper.face(face_id);
            let bytes = face.subset(&gids, reader).map_err(|e| TypesetError::Font {
                path: face.origin.clone(),
                reason: format!("无法生成字体子集（{e}）"),
            })?;
            Ok(Subset { face: face_id, name: format!("{}+{}", tag(&face.ps_name, &gids), face.ps_name), bytes })
        })
        .collect()
}

/// The six capital letters that mark a subset font's name, derived from its glyphs so
/// that it is stable across runs.
fn tag(name: &str, gids: &[u16]) -> String {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    for g in gids {
        h.update(g.to_be_bytes());
    }
    h.finalize().iter().take(6).map(|b| char::from(b'A' + b % 26)).collect()
}

#[cfg(test)]
mod tests {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::FontTableProvider;

    use super::*;
    use crate::typeset::tests::fonts;

    #[test]
    fn a_standalone_subset_is_a_complete_font_and_a_pdf_one_is_not() {
        let fonts = fonts();
        let shaper = Shaper::new(&fonts);
        let face = shaper.face(0);
        let gid = face.glyph('双').unwrap();
        let has_os2 = |reader| {
            let bytes = face.subset(&[gid], reader).unwrap();
            let font = ReadScope::new(&bytes).read::<FontData<'_>>().unwrap();
            let has = font.table_provider(0).unwrap().has_table(allsorts::tag::OS_2);
            has
        };
        assert!(has_os2(Reader::Standalone), "OFD readers load the subset as a font of its own");
        assert!(!has_os2(Reader::Pdf), "the PDF's subsets stay as small as before");
    }

    #[test]
    fn tags_are_stable_capitals() {
        let a = tag("NotoSerifSC-Regular", &[1, 2, 3]);
        assert_eq!(a, tag("NotoSerifSC-Regular", &[1, 2, 3]));
        assert_ne!(a, tag("NotoSerifSC-Regular", &[1, 2, 4]));
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
    }
}
