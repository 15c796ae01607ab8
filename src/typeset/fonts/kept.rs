//! A face's tables as the subsetter sees them, with `glyf` and `loca` cut down to the
//! glyphs it keeps. allsorts' subsetter parses the `glyf` table it is given whole: it
//! reads the first bytes of every glyph, which for a CJK face brings all its megabytes
//! (22 MB for the bundled faces) into memory to embed a few hundred glyphs. Given only
//! the kept glyphs, at their own offsets in a small `glyf`, it writes the same subset.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use allsorts::binary::read::ReadScope;
use allsorts::error::ParseError;
use allsorts::tables::glyf::Glyph;
use allsorts::tables::loca::LocaTable;
use allsorts::tables::{FontTableProvider, HeadTable, IndexToLocFormat, MaxpTable};
use allsorts::tag;

pub(super) struct Kept<'a, P> {
    provider: &'a P,
    glyf: Vec<u8>,
    loca: Vec<u8>,
}

impl<'a, P: FontTableProvider> Kept<'a, P> {
    /// The tables of `provider` with only `ids` and the glyphs their composites are made
    /// of left in `glyf`; the others are empty. `None` where the face's `loca` does not
    /// fit its `glyf`: the whole face then goes to the subsetter, which has its own ways
    /// with such fonts.
    pub(super) fn new(provider: &'a P, ids: &[u16]) -> Option<Kept<'a, P>> {
        let head = provider.read_table_data(tag::HEAD).ok()?;
        let format = ReadScope::new(&head).read::<HeadTable>().ok()?.index_to_loc_format;
        let maxp = provider.read_table_data(tag::MAXP).ok()?;
        let glyphs = ReadScope::new(&maxp).read::<MaxpTable>().ok()?.num_glyphs;
        let loca = provider.read_table_data(tag::LOCA).ok()?;
        let offsets = ReadScope::new(&loca).read_dep::<LocaTable<'_>>((glyphs, format)).ok()?.offsets;
        let glyf = provider.read_table_data(tag::GLYF).ok()?;
        let range = |gid: u16| -> Option<Range<usize>> {
            let start = usize::try_from(offsets.get(usize::from(gid))?).ok()?;
            let end = usize::try_from(offsets.get(usize::from(gid) + 1)?).ok()?;
            (start <= end && end <= glyf.len()).then_some(start..end)
        };

        let mut kept = BTreeSet::new();
        let mut todo = ids.to_vec();
        while let Some(gid) = todo.pop() {
            if gid >= glyphs || !kept.insert(gid) {
                continue;
            }
            let bytes = &glyf[range(gid)?];
            if let Ok(Glyph::Composite(composite)) = ReadScope::new(bytes).read::<Glyph>() {
                todo.extend(composite.glyphs.iter().map(|c| c.glyph_index));
            }
        }

        let mut new_glyf = Vec::new();
        let mut new_loca = Vec::with_capacity((usize::from(glyphs) + 1) * 4);
        for gid in 0..=glyphs {
            let offset = new_glyf.len();
            match format {
                // Short offsets are stored halved; every glyph of such a face starts on
                // an even offset and has an even length, so the sums stay even.
                IndexToLocFormat::Short => new_loca.extend(u16::try_from(offset / 2).ok()?.to_be_bytes()),
                IndexToLocFormat::Long => new_loca.extend(u32::try_from(offset).ok()?.to_be_bytes()),
            }
            if gid < glyphs && kept.contains(&gid) {
                new_glyf.extend_from_slice(&glyf[range(gid)?]);
            }
        }
        Some(Kept { provider, glyf: new_glyf, loca: new_loca })
    }
}

impl<P: FontTableProvider> FontTableProvider for Kept<'_, P> {
    fn table_data(&self, tag: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
        match tag {
            tag::GLYF => Ok(Some(Cow::Borrowed(&self.glyf))),
            tag::LOCA => Ok(Some(Cow::Borrowed(&self.loca))),
            _ => self.provider.table_data(tag),
        }
    }

    fn has_table(&self, tag: u32) -> bool {
        self.provider.has_table(tag)
    }

    fn table_tags(&self) -> Option<Vec<u32>> {
        self.provider.table_tags()
    }
}

#[cfg(test)]
mod tests {
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    use allsorts::tables::glyf::GlyfTable;

    use super::*;

    static FANGSONG: &[u8] = include_bytes!("../../../fonts/fangsong.ttf");

    /// The composite glyphs of the face, by reading every glyph: what `Kept` spares.
    fn composites(provider: &impl FontTableProvider) -> Vec<u16> {
        let head = provider.read_table_data(tag::HEAD).unwrap();
        let head = ReadScope::new(&head).read::<HeadTable>().unwrap();
        let maxp = provider.read_table_data(tag::MAXP).unwrap();
        let maxp = ReadScope::new(&maxp).read::<MaxpTable>().unwrap();
        let loca = provider.read_table_data(tag::LOCA).unwrap();
        let loca =
            ReadScope::new(&loca).read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format)).unwrap();
        let glyf = provider.read_table_data(tag::GLYF).unwrap();
        let glyf = ReadScope::new(&glyf).read_dep::<GlyfTable<'_>>(&loca).unwrap();
        (0..maxp.num_glyphs)
            .filter(|&g| {
                matches!(glyf.records()[usize::from(g)], allsorts::tables::glyf::GlyfRecord::Present { number_of_contours, .. } if number_of_contours < 0)
            })
            .collect()
    }

    #[test]
    fn the_subset_of_the_kept_glyphs_is_the_subset_of_the_whole_face() {
        let font = ReadScope::new(FANGSONG).read::<FontData<'_>>().unwrap();
        let whole = font.table_provider(0).unwrap();
        let composite = composites(&whole);
        assert!(!composite.is_empty(), "the face has composite glyphs to keep the parts of");
        let mut ids = vec![0, 3, 500, 8_000, composite[0], *composite.last().unwrap()];
        ids[1..].sort_unstable();
        ids.dedup();
        for profile in [SubsetProfile::Pdf, SubsetProfile::Minimal] {
            let kept = Kept::new(&whole, &ids).unwrap();
            assert!(kept.glyf.len() < 20_000, "only the kept glyphs: {} bytes", kept.glyf.len());
            let expected = subset(&whole, &ids, &profile, CmapTarget::Unicode).unwrap();
            assert_eq!(subset(&kept, &ids, &profile, CmapTarget::Unicode).unwrap(), expected);
        }
    }

    #[test]
    fn a_loca_beyond_the_glyf_leaves_the_face_whole() {
        struct Short<'a, P>(&'a P);
        impl<P: FontTableProvider> FontTableProvider for Short<'_, P> {
            fn table_data(&self, tag: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
                let data = self.0.table_data(tag)?;
                Ok(if tag == tag::GLYF { data.map(|d| Cow::Owned(d[..d.len() / 2].to_vec())) } else { data })
            }
            fn has_table(&self, tag: u32) -> bool {
                self.0.has_table(tag)
            }
            fn table_tags(&self) -> Option<Vec<u32>> {
                self.0.table_tags()
            }
        }
        let font = ReadScope::new(FANGSONG).read::<FontData<'_>>().unwrap();
        let whole = font.table_provider(0).unwrap();
        let maxp = whole.read_table_data(tag::MAXP).unwrap();
        let last = ReadScope::new(&maxp).read::<MaxpTable>().unwrap().num_glyphs - 1;
        assert!(Kept::new(&Short(&whole), &[0]).is_some());
        assert!(Kept::new(&Short(&whole), &[0, last]).is_none());
    }
}
