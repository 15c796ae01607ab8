//! The system's fonts, for characters no face of the set has. fontdb scans the usual font
//! folders in process (no fontconfig, no external program); the scan happens once, the
//! first time a character is missing.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use super::face::{maps_char, Face, FontFile};

/// Words in a style or file name that make a face stand out in running text.
const STYLED: &[&str] = &["bold", "italic", "oblique", "light", "thin", "black", "condensed", "mono"];

/// A system face worth trying, in the order they are tried.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    /// Plain styles first: a fallback character should not stand out.
    styled: bool,
    path: PathBuf,
    index: u32,
}

/// Faces found (or not) by some key; a face that cannot be loaded is remembered as `None`.
type Cache<K> = Mutex<BTreeMap<K, Option<Arc<Face>>>>;

/// System fonts, cached per character and per face.
#[derive(Debug, Default)]
pub(crate) struct SystemFonts {
    scan: OnceLock<(fontdb::Database, Vec<(Candidate, fontdb::ID)>)>,
    by_char: Cache<char>,
    by_file: Cache<(PathBuf, u32)>,
}

impl SystemFonts {
    /// The first system face, in [`Candidate`] order, that draws `ch`.
    pub(crate) fn lookup(&self, ch: char) -> Option<Arc<Face>> {
        if let Some(hit) = self.by_char.lock().ok()?.get(&ch) {
            return hit.clone();
        }
        let found = self.search(ch);
        if let Ok(mut cache) = self.by_char.lock() {
            cache.insert(ch, found.clone());
        }
        found
    }

    /// The plain system face whose family name `rank` ranks best (lowest), if any; ties
    /// go to the first in [`Candidate`] order.
    pub(crate) fn by_family(&self, rank: impl Fn(&str) -> Option<usize>) -> Option<Arc<Face>> {
        let (db, candidates) = self.scan.get_or_init(scan);
        let (_, candidate) = candidates
            .iter()
            .filter(|(c, _)| !c.styled)
            .filter_map(|(c, id)| db.face(*id)?.families.iter().filter_map(|(f, _)| rank(f)).min().map(|r| (r, c)))
            .min_by_key(|(r, _)| *r)?;
        self.load(candidate)
    }

    /// The face of `candidate`, loaded once.
    fn load(&self, candidate: &Candidate) -> Option<Arc<Face>> {
        let mut files = self.by_file.lock().ok()?;
        files
            .entry((candidate.path.clone(), candidate.index))
            .or_insert_with(|| {
                let bytes = std::fs::read(&candidate.path).ok()?;
                let origin = candidate.path.display().to_string();
                Face::load(FontFile::Read(bytes.into()), candidate.index as usize, origin).ok().map(Arc::new)
            })
            .clone()
    }

    fn search(&self, ch: char) -> Option<Arc<Face>> {
        let (db, candidates) = self.scan.get_or_init(scan);
        for (candidate, id) in candidates {
            if db.with_face_data(*id, |data, index| maps_char(data, index as usize, ch)) != Some(true) {
                continue;
            }
            if let Some(face) = self.load(candidate).filter(|f| f.glyph(ch).is_some()) {
                return Some(face);
            }
        }
        None
    }
}

/// The system's TrueType faces, sorted: the folders' listing order differs between
/// machines and file systems; this order does not.
fn scan() -> (fontdb::Database, Vec<(Candidate, fontdb::ID)>) {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut candidates: Vec<(Candidate, fontdb::ID)> =
        db.faces().filter_map(|info| candidate(info).map(|c| (c, info.id))).collect();
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    (db, candidates)
}

fn candidate(info: &fontdb::FaceInfo) -> Option<Candidate> {
    let path = match &info.source {
        fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
        fontdb::Source::Binary(_) => return None,
    };
    // Only TrueType files: CFF-flavoured .otf cannot be embedded.
    let ext = path.extension().and_then(|e| e.to_str())?.to_ascii_lowercase();
    if ext != "ttf" && ext != "ttc" {
        return None;
    }
    let file = path.to_string_lossy().to_ascii_lowercase();
    let styled = info.style != fontdb::Style::Normal
        || !(350..600).contains(&info.weight.0)
        || info.stretch < fontdb::Stretch::Normal
        || info.monospaced
        || STYLED.iter().any(|s| file.contains(s));
    Some(Candidate { styled, path, index: info.index })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(path: &str, index: u32, weight: u16, monospaced: bool) -> fontdb::FaceInfo {
        fontdb::FaceInfo {
            id: fontdb::ID::dummy(),
            source: fontdb::Source::File(path.into()),
            index,
            families: Vec::new(),
            post_script_name: String::new(),
            style: fontdb::Style::Normal,
            weight: fontdb::Weight(weight),
            stretch: fontdb::Stretch::Normal,
            monospaced,
        }
    }

    #[test]
    fn plain_truetype_faces_come_first_then_by_path() {
        let mut found: Vec<Candidate> = [
            info("/usr/share/fonts/z/DejaVuSans-Bold.ttf", 0, 700, false),
            info("/usr/share/fonts/b/NotoSansCJK.ttc", 1, 400, false),
            info("/usr/share/fonts/b/NotoSansCJK.ttc", 0, 400, false),
            info("/usr/share/fonts/a/SourceHanSans.otf", 0, 400, false),
            info("/usr/share/fonts/c/Code.ttf", 0, 400, true),
            info("/usr/share/fonts/z/DejaVuSans.ttf", 0, 400, false),
        ]
        .iter()
        .filter_map(candidate)
        .collect();
        found.sort();
        let order: Vec<(bool, &str, u32)> =
            found.iter().map(|c| (c.styled, c.path.to_str().unwrap(), c.index)).collect();
        assert_eq!(
            order,
            vec![
                (false, "/usr/share/fonts/b/NotoSansCJK.ttc", 0),
                (false, "/usr/share/fonts/b/NotoSansCJK.ttc", 1),
                (false, "/usr/share/fonts/z/DejaVuSans.ttf", 0),
                (true, "/usr/share/fonts/c/Code.ttf", 0),
                (true, "/usr/share/fonts/z/DejaVuSans-Bold.ttf", 0),
            ]
        );
    }

    #[test]
    fn a_character_the_set_lacks_comes_from_the_same_system_face_each_time() {
        // Symbols the bundled CJK faces lack and common system fonts (DejaVu, Noto) have.
        // A developer's machine without any of them has nothing to look up: the test then
        // only checks that the scan runs. CI installs DejaVu (.ci/run) and checks it all.
        let first = SystemFonts::default();
        let found: Vec<(char, String)> =
            "⚓☂♞∯".chars().filter_map(|ch| first.lookup(ch).map(|f| (ch, f.origin.clone()))).collect();
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        if ci || std::path::Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists() {
            assert_eq!(found.len(), 4, "{found:?} (CI installs fonts-dejavu-core)");
        }
        let again = SystemFonts::default();
        for (ch, origin) in &found {
            let face = again.lookup(*ch).unwrap();
            assert_eq!(&face.origin, origin);
            assert!(face.glyph(*ch).is_some());
            assert!(Arc::ptr_eq(&face, &again.lookup(*ch).unwrap()), "cached");
        }
        assert!(first.lookup('\u{E000}').is_none());
    }
}
