//! One TrueType face: loaded and checked with allsorts (outline flavour, names, cmap,
//! advances), and subset for embedding.

use std::ops::Deref;
use std::sync::Arc;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::SubsetProfile;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{
    FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable, NameTable, OpenTypeData, OpenTypeFont,
};
use allsorts::tag;

use super::kept::Kept;

/// Who reads a subset of a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reader {
    /// A PDF viewer, which needs only the tables PDF embedding uses.
    Pdf,
    /// An OFD reader, which loads the file as an ordinary font and wants a complete one.
    Standalone,
}

/// A font file's bytes. The bundled faces are borrowed from the binary, never copied:
/// a copy of the five would hold 24 MB, and reading them all in would bring every page
/// of them into memory, where subsetting touches only the tables and glyphs it needs.
#[derive(Debug, Clone)]
pub(crate) enum FontFile {
    Bundled(&'static [u8]),
    Read(Arc<[u8]>),
}

impl Deref for FontFile {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FontFile::Bundled(bytes) => bytes,
            FontFile::Read(bytes) => bytes,
        }
    }
}

/// One parsed TrueType face.
#[derive(Debug)]
pub(crate) struct Face {
    /// Where it came from, for messages: `内置 serif.ttf` or a path.
    pub(crate) origin: String,
    /// PostScript name, for the PDF's /BaseFont.
    pub(crate) ps_name: String,
    pub(crate) family: Vec<String>,
    /// Index of the face within a collection (0 for a single font).
    pub(crate) index: usize,
    file: FontFile,
    /// The Unicode cmap as (code point, glyph), sorted by code point.
    cmap: Vec<(u32, u16)>,
    /// Advance width of each glyph, in font units.
    widths: Vec<u16>,
    units_per_em: u16,
}

/// Why a CFF-flavoured OpenType font is left aside: printpdf embeds TrueType outlines only.
pub(crate) const CFF_OUTLINES: &str =
    "不是 TrueType 轮廓字体（CFF/PostScript 轮廓的 OpenType 字体无法嵌入），请改用 .ttf 字体";

impl Face {
    pub(super) fn load(file: FontFile, index: usize, origin: String) -> Result<Face, String> {
        let (names, metrics, cmap) = {
            let font =
                ReadScope::new(&file).read::<FontData<'_>>().map_err(|e| format!("不是可读的字体文件（{e:?}）"))?;
            let provider = font.table_provider(index).map_err(|e| format!("不是可读的字体文件（{e:?}）"))?;
            if !provider.has_table(tag::GLYF) {
                return Err(CFF_OUTLINES.into());
            }
            let metrics =
                Metrics::read(&provider).ok_or_else(|| "字体文件缺少必需的表（head、hhea、maxp）".to_string())?;
            let cmap = read_cmap(&provider);
            if provider.has_table(tag::CFF) || cmap.is_empty() {
                return Err("字体没有可用的 Unicode 字符映射表（cmap）".into());
            }
            (read_names(&provider), metrics, cmap)
        };
        let ps_name = names
            .iter()
            .find(|(id, _)| *id == NameTable::POSTSCRIPT_NAME)
            .map(|(_, n)| n.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Font".to_string());
        let mut family = families(names);
        family.sort();
        family.dedup();
        let Metrics { units_per_em, widths } = metrics;
        Ok(Face { origin, ps_name, family, index, file, cmap, widths, units_per_em })
    }

    /// The glyph for `ch`, if the face really has one (glyph 0 is .notdef).
    pub(crate) fn glyph(&self, ch: char) -> Option<u16> {
        let at = self.cmap.binary_search_by_key(&(ch as u32), |&(cp, _)| cp).ok()?;
        Some(self.cmap[at].1).filter(|&g| g != 0)
    }

    /// Advance width of a glyph in em, rounded to the 1/1000 em that the PDF's /W array
    /// records, so that positions computed here match what viewers do.
    pub(crate) fn advance(&self, gid: u16) -> f32 {
        let upm = f32::from(self.units_per_em.max(1));
        let w = self.widths.get(usize::from(gid)).copied().unwrap_or(0);
        (f32::from(w) * 1000.0 / upm).trunc() / 1000.0
    }

    /// A TrueType font holding only `gids` (glyph 0 is added) with a Unicode cmap for
    /// them: what gets embedded, since printpdf embeds whole fonts when built without
    /// its layout features. For a PDF the tables PDF embedding uses; for a reader that
    /// loads it as a font file of its own (OFD) also those every font must have (OS/2).
    pub(crate) fn subset(&self, gids: &[u16], reader: Reader) -> Result<Vec<u8>, String> {
        let font = ReadScope::new(&self.file).read::<FontData<'_>>().map_err(|e| format!("{e:?}"))?;
        let provider = font.table_provider(self.index).map_err(|e| format!("{e:?}"))?;
        let mut ids = vec![0u16];
        ids.extend(gids.iter().copied().filter(|&g| g != 0));
        ids[1..].sort_unstable();
        ids.dedup();
        let profile = match reader {
            Reader::Pdf => SubsetProfile::Pdf,
            // The required tables, and the hinting programs the glyphs' instructions call.
            Reader::Standalone => SubsetProfile::Custom(vec![
                tag::CMAP,
                tag::HEAD,
                tag::HHEA,
                tag::HMTX,
                tag::MAXP,
                tag::NAME,
                tag::OS_2,
                tag::POST,
                tag::CVT,
                tag::FPGM,
                tag::PREP,
            ]),
        };
        let target = allsorts::subset::CmapTarget::Unicode;
        match Kept::new(&provider, &ids) {
            Some(kept) => allsorts::subset::subset(&kept, &ids, &profile, target),
            None => allsorts::subset::subset(&provider, &ids, &profile, target),
        }
        .map_err(|e| format!("{e:?}"))
    }
}

/// Each face of a font file (one, or every face of a `.ttc` collection) with its family
/// names; empty if it is not a font.
pub(super) fn faces_in(bytes: &[u8]) -> Vec<(usize, Vec<String>)> {
    let Ok(font) = ReadScope::new(bytes).read::<FontData<'_>>() else {
        return Vec::new();
    };
    let count = match &font {
        FontData::OpenType(OpenTypeFont { data: OpenTypeData::Collection(ttc), .. }) => ttc.offset_tables.len(),
        _ => 1,
    };
    (0..count).filter_map(|index| Some((index, families(read_names(&font.table_provider(index).ok()?))))).collect()
}

/// What layout needs of the `head`, `hhea`, `maxp` and `hmtx` tables.
struct Metrics {
    units_per_em: u16,
    widths: Vec<u16>,
}

impl Metrics {
    /// `None` without `head`, `hhea` or `maxp`; a glyph without an advance (no `hmtx`)
    /// advances by nothing.
    fn read(provider: &impl FontTableProvider) -> Option<Metrics> {
        let head = provider.read_table_data(tag::HEAD).ok()?;
        let head = ReadScope::new(&head).read::<HeadTable>().ok()?;
        let maxp = provider.read_table_data(tag::MAXP).ok()?;
        let maxp = ReadScope::new(&maxp).read::<MaxpTable>().ok()?;
        let hhea = provider.read_table_data(tag::HHEA).ok()?;
        let hhea = ReadScope::new(&hhea).read::<HheaTable>().ok()?;
        let hmtx_data = provider.read_table_data(tag::HMTX).ok();
        let hmtx = hmtx_data.as_deref().and_then(|d| {
            ReadScope::new(d)
                .read_dep::<HmtxTable<'_>>((usize::from(maxp.num_glyphs), usize::from(hhea.num_h_metrics)))
                .ok()
        });
        let widths = match hmtx {
            Some(hmtx) => (0..maxp.num_glyphs).map(|gid| hmtx.horizontal_advance(gid).unwrap_or(0)).collect(),
            None => Vec::new(),
        };
        Some(Metrics { units_per_em: head.units_per_em, widths })
    }
}

/// The face's Unicode cmap, sorted by code point; where a code point is mapped twice,
/// the last mapping.
fn read_cmap(provider: &impl FontTableProvider) -> Vec<(u32, u16)> {
    let Ok(data) = provider.read_table_data(tag::CMAP) else { return Vec::new() };
    let Ok(cmap) = ReadScope::new(&data).read::<Cmap<'_>>() else { return Vec::new() };
    let Ok(Some((_, subtable))) = allsorts::font::read_cmap_subtable(&cmap) else { return Vec::new() };
    let mut pairs = Vec::new();
    let _ = subtable.mappings_fn(|cp, gid| pairs.push((cp, gid)));
    // A stable sort keeps duplicates in table order: the last of each run wins.
    pairs.sort_by_key(|&(cp, _)| cp);
    let mut unique: Vec<(u32, u16)> = Vec::with_capacity(pairs.len());
    for pair in pairs {
        match unique.last_mut() {
            Some(last) if last.0 == pair.0 => *last = pair,
            _ => unique.push(pair),
        }
    }
    unique
}

/// Whether the face `index` of a font file maps `ch` to a glyph: a cheap look at its cmap,
/// without loading the face.
pub(super) fn maps_char(bytes: &[u8], index: usize, ch: char) -> bool {
    let glyph = || -> Option<u16> {
        let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
        let provider = font.table_provider(index).ok()?;
        let data = provider.read_table_data(tag::CMAP).ok()?;
        let cmap = ReadScope::new(&data).read::<allsorts::tables::cmap::Cmap<'_>>().ok()?;
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
        subtable.map_glyph(ch as u32).ok()?
    };
    glyph().is_some_and(|g| g != 0)
}

/// Family (1) and typographic family (16) names, in every language.
fn families(names: Vec<(u16, String)>) -> Vec<String> {
    names
        .into_iter()
        .filter(|(id, _)| *id == NameTable::FONT_FAMILY_NAME || *id == NameTable::TYPOGRAPHIC_FAMILY_NAME)
        .map(|(_, n)| n)
        .collect()
}

/// The (name id, text) records of the face's `name` table that are Unicode-encoded, in
/// table order. allsorts' own lookup returns English names only; the Chinese names are
/// the ones offices know their fonts by.
fn read_names(provider: &impl FontTableProvider) -> Vec<(u16, String)> {
    let Ok(Some(data)) = provider.table_data(tag::NAME) else {
        return Vec::new();
    };
    let Ok(table) = ReadScope::new(&data).read::<NameTable<'_>>() else {
        return Vec::new();
    };
    table
        .name_records
        .iter()
        // Platforms 0 (Unicode) and 3 (Windows) store UTF-16BE; Mac names are skipped.
        .filter(|r| r.platform_id == 0 || r.platform_id == 3)
        .filter_map(|r| {
            let raw = table.string_storage.offset_length(usize::from(r.offset), usize::from(r.length)).ok()?;
            let units: Vec<u16> = raw.data().chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16(&units).ok().map(|s| (r.name_id, s))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    static KAI: &[u8] = include_bytes!("../../../fonts/kai.ttf");

    #[test]
    fn names_come_from_the_name_table_in_every_language() {
        let face = Face::load(FontFile::Bundled(KAI), 0, "kai.ttf".into()).unwrap();
        assert_eq!(face.ps_name, "LXGWWenKai-Regular");
        assert!(face.family.iter().any(|f| f == "LXGW WenKai"), "{:?}", face.family);
        assert!(face.family.iter().any(|f| f == "霞鹜文楷"), "{:?}", face.family);
        let mut faces = faces_in(KAI);
        assert_eq!(faces.len(), 1);
        let (index, mut names) = faces.remove(0);
        names.sort();
        names.dedup();
        assert_eq!((index, names), (0, face.family));
        assert!(faces_in(b"not a font").is_empty());
    }

    /// The face's own cmap and advances give what printpdf's `ParsedFont`, which it used
    /// to keep (with a copy of the whole file), gave: the PDFs stay the same bytes.
    #[test]
    fn cmap_and_advances_agree_with_printpdf() {
        let face = Face::load(FontFile::Bundled(KAI), 0, "kai.ttf".into()).unwrap();
        let parsed = printpdf::ParsedFont::from_bytes(KAI, 0, &mut Vec::new()).unwrap();
        assert_eq!(face.cmap.len(), parsed.codepoint_to_glyph.len());
        for (&cp, &gid) in &parsed.codepoint_to_glyph {
            let ch = char::from_u32(cp).unwrap();
            assert_eq!(face.glyph(ch), Some(gid).filter(|&g| g != 0), "U+{cp:04X}");
        }
        assert_eq!(face.widths.len(), parsed.glyph_widths.len());
        for (&gid, &width) in &parsed.glyph_widths {
            assert_eq!(face.widths[usize::from(gid)], width, "glyph {gid}");
        }
        assert_eq!(face.units_per_em, parsed.units_per_em);
        assert!(matches!(face.file, FontFile::Bundled(_)), "borrowed, not copied");
    }

    #[test]
    fn a_cmap_look_agrees_with_the_loaded_face() {
        let face = Face::load(FontFile::Bundled(KAI), 0, "kai.ttf".into()).unwrap();
        for ch in ['楷', 'A', '，', '\u{E000}'] {
            assert_eq!(maps_char(KAI, 0, ch), face.glyph(ch).is_some(), "{ch}");
        }
        assert!(!maps_char(b"junk", 0, 'A'));
    }
}
