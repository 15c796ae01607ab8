//! Fonts: which face draws each [`FontRole`], and where a character comes from when that
//! face lacks it.
//!
//! The bundled faces (free stand-ins for the commercial faces GB/T 9704 names) are
//! compiled into the binary. An office that has the real faces installed puts them in a
//! font folder (`font_dir` in `shuangyong.toml`, or `--font-dir`); [`FontSet::with_overrides`]
//! picks them up in one of two ways:
//!
//! 1. by fixed file name: `title.ttf` (小标宋), `body.ttf` (仿宋), `heading1.ttf` (黑体),
//!    `heading2.ttf` (楷体), `page-number.ttf` (宋体); `.ttc` works too (first face);
//! 2. otherwise by the family name inside any font file of the folder, so that the files
//!    can be copied as they are from `C:\Windows\Fonts` (`simfang.ttf`, `simhei.ttf`,
//!    `simkai.ttf`, `FZXBSJW.TTF`, …): see [`OFFICE_FAMILIES`].
//!
//! Only TrueType (`glyf`) outlines are accepted: printpdf does not embed CFF-flavoured
//! OpenType fonts reliably. A file named for a role that cannot be used is an error; a
//! font found by family name that cannot be used is reported in [`FontSet::warnings`]
//! and the bundled face stays.
//!
//! A character the role's face lacks is taken from the other faces of the set, then from
//! the system fonts (fontconfig's `fc-list`, when installed); a character no font has is
//! left out and reported as a [`MissingGlyph`].

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::FontTableProvider;
use allsorts::tag;
use printpdf::{FontType, ParsedFont};

use super::linebreak::is_cjk;
use super::model::{FontRole, MissingGlyph};
use super::TypesetError;

/// The bundled 黑体 stand-in; the chart module measures its labels with it too.
pub(crate) static SANS_TTF: &[u8] = include_bytes!("../../fonts/sans.ttf");

/// The bundled faces, compiled in from `fonts/`.
const BUNDLED: &[(&str, &[u8])] = &[
    ("serif.ttf", include_bytes!("../../fonts/serif.ttf")),
    ("serif-bold.ttf", include_bytes!("../../fonts/serif-bold.ttf")),
    ("sans.ttf", SANS_TTF),
    ("kai.ttf", include_bytes!("../../fonts/kai.ttf")),
];

/// Which bundled face stands in for each role (see fonts/README.md). 仿宋 has no free
/// stand-in, and 宋 reads closer to it than 楷 in running text; a bold 宋 is the nearest
/// to 小标宋.
const BUNDLED_ROLES: &[(FontRole, &str)] = &[
    (FontRole::Title, "serif-bold.ttf"),
    (FontRole::Body, "serif.ttf"),
    (FontRole::Heading1, "sans.ttf"),
    (FontRole::Heading2, "kai.ttf"),
    (FontRole::PageNumber, "serif.ttf"),
];

/// File names that assign a font in the override folder to a role directly.
const OVERRIDE_FILES: &[(FontRole, &str)] = &[
    (FontRole::Title, "title"),
    (FontRole::Body, "body"),
    (FontRole::Heading1, "heading1"),
    (FontRole::Heading2, "heading2"),
    (FontRole::PageNumber, "page-number"),
];

const FONT_EXTENSIONS: &[&str] = &["ttf", "ttc", "otf"];

/// Family names of the faces GB/T 9704 prescribes, by role, best first. A font in the
/// override folder whose family name contains one of these (ignoring case and spaces)
/// takes the role.
pub const OFFICE_FAMILIES: &[(FontRole, &[&str])] = &[
    (FontRole::Title, &["方正小标宋", "FZXiaoBiaoSong", "小标宋"]),
    (FontRole::Body, &["仿宋_GB2312", "FangSong_GB2312", "方正仿宋", "FZFangSong", "仿宋", "FangSong"]),
    (FontRole::Heading1, &["方正黑体", "FZHei", "黑体", "SimHei"]),
    (FontRole::Heading2, &["楷体_GB2312", "KaiTi_GB2312", "方正楷体", "FZKai", "楷体", "KaiTi"]),
    (FontRole::PageNumber, &["宋体", "SimSun", "方正书宋", "FZShuSong"]),
];

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
    /// printpdf's view: cmap, advance widths, metrics, and the font file itself.
    pub(crate) parsed: ParsedFont,
}

impl Face {
    fn load(bytes: &[u8], index: usize, origin: String) -> Result<Face, String> {
        let font = ReadScope::new(bytes).read::<FontData<'_>>().map_err(|e| format!("不是可读的字体文件（{e:?}）"))?;
        let provider = font.table_provider(index).map_err(|e| format!("不是可读的字体文件（{e:?}）"))?;
        if !provider.has_table(tag::GLYF) {
            return Err(
                "不是 TrueType 轮廓字体（CFF/PostScript 轮廓的 OpenType 字体无法嵌入），请改用 .ttf 字体".into()
            );
        }
        let names = provider.table_data(tag::NAME).ok().flatten().map(|d| read_names(&d)).unwrap_or_default();
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, index, &mut warnings)
            .ok_or_else(|| "字体文件缺少必需的表（head、hhea、maxp）".to_string())?;
        if parsed.font_type != FontType::TrueType || parsed.codepoint_to_glyph.is_empty() {
            return Err("字体没有可用的 Unicode 字符映射表（cmap）".into());
        }
        let ps_name = names
            .iter()
            .find(|(id, _)| *id == 6)
            .map(|(_, n)| n.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Font".to_string());
        let mut family: Vec<String> =
            names.into_iter().filter(|(id, _)| *id == 1 || *id == 16).map(|(_, n)| n).collect();
        family.sort();
        family.dedup();
        Ok(Face { origin, ps_name, family, index, parsed })
    }

    /// The glyph for `ch`, if the face really has one (glyph 0 is .notdef).
    pub(crate) fn glyph(&self, ch: char) -> Option<u16> {
        self.parsed.lookup_glyph_index(ch as u32).filter(|&g| g != 0)
    }

    /// Advance width of a glyph in em, rounded to the 1/1000 em that the PDF's /W array
    /// records, so that positions computed here match what viewers do.
    pub(crate) fn advance(&self, gid: u16) -> f32 {
        let upm = f32::from(self.parsed.units_per_em.max(1));
        let w = self.parsed.get_glyph_width(gid).unwrap_or(0);
        (f32::from(w) * 1000.0 / upm).trunc() / 1000.0
    }

    fn bytes(&self) -> &[u8] {
        &self.parsed.original_bytes
    }

    /// A TrueType font holding only `gids` (glyph 0 is added) with a Unicode cmap for
    /// them: what gets embedded, since printpdf embeds whole fonts when built without
    /// its layout features.
    pub(crate) fn subset(&self, gids: &[u16]) -> Result<Vec<u8>, String> {
        let font = ReadScope::new(self.bytes()).read::<FontData<'_>>().map_err(|e| format!("{e:?}"))?;
        let provider = font.table_provider(self.index).map_err(|e| format!("{e:?}"))?;
        let mut ids = vec![0u16];
        ids.extend(gids.iter().copied().filter(|&g| g != 0));
        ids[1..].sort_unstable();
        ids.dedup();
        allsorts::subset::subset(
            &provider,
            &ids,
            &allsorts::subset::SubsetProfile::Pdf,
            allsorts::subset::CmapTarget::Unicode,
        )
        .map_err(|e| format!("{e:?}"))
    }
}

/// The family names of the first face in a font file (empty if it is not a font).
fn family_names(bytes: &[u8]) -> Vec<String> {
    let Ok(font) = ReadScope::new(bytes).read::<FontData<'_>>() else {
        return Vec::new();
    };
    let Ok(provider) = font.table_provider(0) else {
        return Vec::new();
    };
    let Ok(Some(name)) = provider.table_data(tag::NAME) else {
        return Vec::new();
    };
    read_names(&name).into_iter().filter(|(id, _)| *id == 1 || *id == 16).map(|(_, n)| n).collect()
}

/// The (name id, text) records of a `name` table that are Unicode-encoded.
fn read_names(data: &[u8]) -> Vec<(u16, String)> {
    let u16_at = |off: usize| data.get(off..off + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let (Some(count), Some(storage)) = (u16_at(2), u16_at(4)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..usize::from(count) {
        let rec = 6 + i * 12;
        let (Some(platform), Some(name_id), Some(len), Some(off)) =
            (u16_at(rec), u16_at(rec + 6), u16_at(rec + 8), u16_at(rec + 10))
        else {
            break;
        };
        // Platforms 0 (Unicode) and 3 (Windows) store UTF-16BE; Mac names are skipped.
        if platform != 0 && platform != 3 {
            continue;
        }
        let start = usize::from(storage) + usize::from(off);
        let Some(raw) = data.get(start..start + usize::from(len)) else {
            continue;
        };
        let units: Vec<u16> = raw.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        if let Ok(s) = String::from_utf16(&units) {
            out.push((name_id, s));
        }
    }
    out
}

fn normalize_family(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The role a family name stands for, with its rank (lower is a better match).
fn office_role(family: &str) -> Option<(FontRole, usize)> {
    let family = normalize_family(family);
    OFFICE_FAMILIES.iter().find_map(|(role, keys)| {
        keys.iter().position(|k| family.contains(&normalize_family(k))).map(|rank| (*role, rank))
    })
}

/// The faces for the five roles, plus the system fonts as a last resort for characters
/// they lack.
#[derive(Debug)]
pub struct FontSet {
    /// Every face of the set, in fallback order.
    faces: Vec<Arc<Face>>,
    roles: BTreeMap<FontRole, usize>,
    system: Option<SystemFonts>,
    warnings: Vec<String>,
}

impl FontSet {
    /// The bundled faces only (plus system fonts for characters they lack).
    pub fn bundled() -> Result<FontSet, TypesetError> {
        let mut faces = Vec::new();
        for (file, bytes) in BUNDLED {
            let face = Face::load(bytes, 0, format!("内置字体 {file}"))
                .map_err(|reason| TypesetError::Font { path: format!("fonts/{file}"), reason })?;
            faces.push(Arc::new(face));
        }
        let roles = BUNDLED_ROLES
            .iter()
            .filter_map(|(role, file)| BUNDLED.iter().position(|(f, _)| f == file).map(|i| (*role, i)))
            .collect();
        Ok(FontSet { faces, roles, system: Some(SystemFonts::default()), warnings: Vec::new() })
    }

    /// The bundled faces with any role the folder `dir` provides replaced (see the module
    /// documentation for how files are matched to roles).
    pub fn with_overrides(dir: &Path) -> Result<FontSet, TypesetError> {
        let mut set = FontSet::bundled()?;
        let label = dir.display().to_string();
        let entries = std::fs::read_dir(dir)
            .map_err(|e| TypesetError::Font {
                path: label.clone(), reason: format!("无法读取字体文件夹（{e}）")
            })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| FONT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            })
            .collect();
        files.sort();

        let mut chosen: BTreeMap<FontRole, (usize, Arc<Face>)> = BTreeMap::new();
        // Fixed names first: an unusable file there is an error, since the office named
        // it for a role on purpose.
        for path in &files {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_ascii_lowercase();
            if let Some((role, _)) = OVERRIDE_FILES.iter().find(|(_, name)| *name == stem) {
                let face = load_file(path)?;
                chosen.insert(*role, (0, Arc::new(face)));
            }
        }
        // Then family names, for roles still open. Other files are skipped (a copied
        // Windows font folder holds many); a face of the right family that cannot be
        // used is worth a warning.
        for path in &files {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_ascii_lowercase();
            if OVERRIDE_FILES.iter().any(|(_, name)| *name == stem) {
                continue;
            }
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            let wanted: Vec<(FontRole, usize, String)> = family_names(&bytes)
                .into_iter()
                .filter_map(|f| office_role(&f).map(|(role, rank)| (role, rank + 1, f)))
                .filter(|(role, rank, _)| chosen.get(role).is_none_or(|(r, _)| rank < r))
                .collect();
            if wanted.is_empty() {
                continue;
            }
            match Face::load(&bytes, 0, path.display().to_string()) {
                Ok(face) => {
                    let face = Arc::new(face);
                    for (role, rank, _) in wanted {
                        if chosen.get(&role).is_none_or(|(r, _)| rank < *r) {
                            chosen.insert(role, (rank, face.clone()));
                        }
                    }
                }
                Err(reason) => set.warnings.push(format!(
                    "字体 {}（{}）无法使用：{reason}；{}仍用内置字体",
                    path.display(),
                    wanted[0].2,
                    wanted[0].0.label()
                )),
            }
        }
        for (role, (_, face)) in chosen {
            let index = match set.faces.iter().position(|f| Arc::ptr_eq(f, &face)) {
                Some(i) => i,
                None => {
                    set.faces.push(face);
                    set.faces.len() - 1
                }
            };
            set.roles.insert(role, index);
        }
        Ok(set)
    }

    /// Whether characters the set lacks are looked up among the system fonts
    /// (default: yes). Off, the output depends on the set alone.
    pub fn system_fallback(mut self, on: bool) -> FontSet {
        self.system = on.then(SystemFonts::default);
        self
    }

    /// Fonts in the override folder that looked meant for a role but could not be used,
    /// as messages for the user.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Which font draws each role, for messages: (role, origin, family name).
    pub fn describe(&self) -> Vec<(FontRole, String, String)> {
        self.roles
            .iter()
            .map(|(role, &i)| {
                let face = &self.faces[i];
                (*role, face.origin.clone(), face.family.first().cloned().unwrap_or_default())
            })
            .collect()
    }

    fn role_face(&self, role: FontRole) -> usize {
        // Every role is mapped at construction; Body is the last resort all the same.
        self.roles.get(&role).or_else(|| self.roles.get(&FontRole::Body)).copied().unwrap_or(0)
    }
}

fn load_file(path: &Path) -> Result<Face, TypesetError> {
    let err = |reason: String| TypesetError::Font { path: path.display().to_string(), reason };
    let bytes = std::fs::read(path).map_err(|e| err(format!("无法读取（{e}）")))?;
    Face::load(&bytes, 0, path.display().to_string()).map_err(err)
}

/// System fonts found through fontconfig, cached per character and per file.
#[derive(Debug, Default)]
struct SystemFonts {
    by_char: Mutex<BTreeMap<char, Option<Arc<Face>>>>,
    by_file: Mutex<BTreeMap<(PathBuf, usize), Option<Arc<Face>>>>,
}

impl SystemFonts {
    fn lookup(&self, ch: char) -> Option<Arc<Face>> {
        if let Some(hit) = self.by_char.lock().ok()?.get(&ch) {
            return hit.clone();
        }
        let found = self.search(ch);
        if let Ok(mut cache) = self.by_char.lock() {
            cache.insert(ch, found.clone());
        }
        found
    }

    fn search(&self, ch: char) -> Option<Arc<Face>> {
        let output = std::process::Command::new("fc-list")
            .arg("--format=%{file}|%{index}|%{style[0]}\n")
            .arg(format!(":charset={:x}", ch as u32))
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        let mut candidates: Vec<(bool, PathBuf, usize)> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|l| {
                let mut parts = l.split('|');
                let file = PathBuf::from(parts.next()?);
                let index = parts.next()?.trim().parse().unwrap_or(0);
                // Plain styles first: a fallback character should not stand out.
                let style = parts.next().unwrap_or("").to_ascii_lowercase();
                let styled = ["bold", "italic", "oblique", "light", "thin", "black", "condensed", "mono"]
                    .iter()
                    .any(|s| style.contains(s) || file.to_string_lossy().to_ascii_lowercase().contains(s));
                Some((styled, file, index))
            })
            .filter(|(_, p, _)| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    let e = e.to_ascii_lowercase();
                    e == "ttf" || e == "ttc"
                })
            })
            .collect();
        // fc-list's order is not stable across machines' caches; this order is.
        candidates.sort();
        let candidates = candidates.into_iter().map(|(_, p, i)| (p, i));
        for key in candidates {
            let face = {
                let mut files = self.by_file.lock().ok()?;
                files
                    .entry(key.clone())
                    .or_insert_with(|| {
                        let bytes = std::fs::read(&key.0).ok()?;
                        Face::load(&bytes, key.1, key.0.display().to_string()).ok().map(Arc::new)
                    })
                    .clone()
            };
            if let Some(face) = face.filter(|f| f.glyph(ch).is_some()) {
                return Some(face);
            }
        }
        None
    }
}

/// Index of a face within one render ([`Shaper::face`]).
pub(crate) type FaceId = usize;

/// A character set in a face.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    pub(crate) ch: char,
    pub(crate) face: FaceId,
    /// Advance width in em.
    pub(crate) advance: f32,
}

/// Resolves characters to faces for one render, remembering the faces it used and the
/// characters no face had.
pub(crate) struct Shaper<'a> {
    set: &'a FontSet,
    /// The set's faces, then any system faces this render needed.
    faces: RefCell<Vec<Arc<Face>>>,
    cache: RefCell<BTreeMap<(FontRole, char), Option<(FaceId, f32)>>>,
    missing: RefCell<Vec<MissingGlyph>>,
}

impl<'a> Shaper<'a> {
    pub(crate) fn new(set: &'a FontSet) -> Shaper<'a> {
        Shaper {
            set,
            faces: RefCell::new(set.faces.clone()),
            cache: RefCell::new(BTreeMap::new()),
            missing: RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn face(&self, id: FaceId) -> Arc<Face> {
        self.faces.borrow()[id].clone()
    }

    /// The face and advance (em) that draw `ch` in `role`.
    fn resolve(&self, role: FontRole, ch: char) -> Option<(FaceId, f32)> {
        if let Some(hit) = self.cache.borrow().get(&(role, ch)) {
            return *hit;
        }
        let found = self.search(role, ch);
        self.cache.borrow_mut().insert((role, ch), found);
        found
    }

    fn search(&self, role: FontRole, ch: char) -> Option<(FaceId, f32)> {
        let primary = self.set.role_face(role);
        let order = std::iter::once(primary).chain((0..self.set.faces.len()).filter(|&i| i != primary));
        for id in order {
            let face = &self.set.faces[id];
            if let Some(g) = face.glyph(ch) {
                return Some((id, face.advance(g)));
            }
        }
        let face = self.set.system.as_ref()?.lookup(ch)?;
        let gid = face.glyph(ch)?;
        let advance = face.advance(gid);
        let mut faces = self.faces.borrow_mut();
        let id = match faces.iter().position(|f| Arc::ptr_eq(f, &face)) {
            Some(i) => i,
            None => {
                faces.push(face);
                faces.len() - 1
            }
        };
        Some((id, advance))
    }

    /// The glyphs for `text` in `role`. Characters no face has are dropped and recorded
    /// with `context` (where they occur, for the user). Line breaks and tabs count as
    /// spaces; other control characters are dropped silently.
    pub(crate) fn shape(&self, role: FontRole, text: &str, context: &dyn Fn() -> String) -> Vec<Glyph> {
        let mut out = Vec::with_capacity(text.len());
        let chars: Vec<char> = text.chars().collect();
        for (i, &ch) in chars.iter().enumerate() {
            let ch = match ch {
                // A line break in the source is a space between words, and nothing
                // between Chinese characters (which are not separated by spaces).
                '\n' | '\r' => {
                    let prev = chars[..i].iter().rev().find(|c| !matches!(c, '\n' | '\r'));
                    let next = chars[i + 1..].iter().find(|c| !matches!(c, '\n' | '\r'));
                    let joined =
                        prev.is_none_or(|&c| is_cjk(c) || c == ' ') || next.is_none_or(|&c| is_cjk(c)) || ch == '\r';
                    if joined {
                        continue;
                    }
                    ' '
                }
                '\t' => ' ',
                c if c.is_control() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00AD}') => continue,
                c => c,
            };
            match self.resolve(role, ch) {
                Some((face, advance)) => out.push(Glyph { ch, face, advance }),
                None if ch == ' ' || ch == '\u{3000}' => {
                    // A face without a space glyph still spaces: advance only, nothing drawn.
                    let advance = if ch == ' ' { 0.25 } else { 1.0 };
                    out.push(Glyph { ch, face: self.set.role_face(role), advance });
                }
                None => self.note_missing(ch, context()),
            }
        }
        out
    }

    fn note_missing(&self, ch: char, context: String) {
        let mut missing = self.missing.borrow_mut();
        if !missing.iter().any(|m| m.ch == ch && m.context == context) {
            missing.push(MissingGlyph { ch, context });
        }
    }

    pub(crate) fn into_missing(self) -> Vec<MissingGlyph> {
        self.missing.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_family_names_pick_roles() {
        assert_eq!(office_role("仿宋_GB2312"), Some((FontRole::Body, 0)));
        assert_eq!(office_role("FangSong"), Some((FontRole::Body, 5)));
        assert_eq!(office_role("方正小标宋简体"), Some((FontRole::Title, 0)));
        assert_eq!(office_role("FZXiaoBiaoSong-B05S"), Some((FontRole::Title, 1)));
        assert_eq!(office_role("SimHei"), Some((FontRole::Heading1, 3)));
        assert_eq!(office_role("楷体_GB2312"), Some((FontRole::Heading2, 0)));
        assert_eq!(office_role("KaiTi"), Some((FontRole::Heading2, 5)));
        assert_eq!(office_role("Sim Sun"), Some((FontRole::PageNumber, 1)));
        assert_eq!(office_role("微软雅黑"), None);
        assert_eq!(office_role("Noto Serif SC"), None);
    }

    #[test]
    fn bundled_faces_cover_every_role_and_common_text() {
        let set = FontSet::bundled().unwrap().system_fallback(false);
        assert_eq!(set.describe().len(), FontRole::ALL.len());
        let shaper = Shaper::new(&set);
        for role in FontRole::ALL {
            let glyphs = shaper.shape(role, "双拥工作，2024年12月20日。— 1 —", &|| "test".into());
            assert_eq!(glyphs.len(), 22, "{role:?}");
        }
        assert!(shaper.into_missing().is_empty());
    }

    #[test]
    fn source_line_breaks_join_chinese_and_space_words() {
        let set = FontSet::bundled().unwrap().system_fallback(false);
        let shaper = Shaper::new(&set);
        let text = |s: &str| -> String { shaper.shape(FontRole::Body, s, &String::new).iter().map(|g| g.ch).collect() };
        assert_eq!(text("双拥\n工作"), "双拥工作");
        assert_eq!(text("双拥\r\n工作"), "双拥工作");
        assert_eq!(text("GB/T\n9704"), "GB/T 9704");
        assert_eq!(text("共计\n386人"), "共计386人");
        assert_eq!(text("a\tb"), "a b");
    }

    #[test]
    fn characters_no_font_has_are_reported_not_drawn() {
        let set = FontSet::bundled().unwrap().system_fallback(false);
        let shaper = Shaper::new(&set);
        // A Private Use Area character: no bundled font draws it.
        let glyphs = shaper.shape(FontRole::Body, "甲\u{E000}乙", &|| "段落“甲乙”".into());
        assert_eq!(glyphs.iter().map(|g| g.ch).collect::<String>(), "甲乙");
        let missing = shaper.into_missing();
        assert_eq!(missing, vec![MissingGlyph { ch: '\u{E000}', context: "段落“甲乙”".into() }]);
    }

    #[test]
    fn override_folder_by_fixed_name_and_by_family() {
        let dir = tempfile::tempdir().unwrap();
        // The bundled kai face, filed as the body font by name.
        std::fs::write(dir.path().join("body.ttf"), BUNDLED[3].1).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a font").unwrap();
        std::fs::write(dir.path().join("broken.ttf"), "not a font either").unwrap();
        let set = FontSet::with_overrides(dir.path()).unwrap();
        let roles: BTreeMap<FontRole, String> = set.describe().into_iter().map(|(r, origin, _)| (r, origin)).collect();
        assert!(roles[&FontRole::Body].ends_with("body.ttf"), "{roles:?}");
        assert_eq!(roles[&FontRole::Heading1], "内置字体 sans.ttf");

        // By family name: the kai face renamed "KaiTi" (same length, so the name table
        // stays valid) takes the 楷体 role whatever its file is called.
        let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>();
        let (from, to) = (utf16("LXGW WenKai"), utf16("KaiTi      "));
        let mut renamed = BUNDLED[3].1.to_vec();
        let mut replaced = 0;
        for i in 0..renamed.len() - from.len() {
            if renamed[i..i + from.len()] == from[..] {
                renamed[i..i + from.len()].copy_from_slice(&to);
                replaced += 1;
            }
        }
        assert!(replaced > 0);
        std::fs::write(dir.path().join("simkai.ttf"), &renamed).unwrap();
        let set = FontSet::with_overrides(dir.path()).unwrap();
        let roles: BTreeMap<FontRole, String> = set.describe().into_iter().map(|(r, origin, _)| (r, origin)).collect();
        assert!(roles[&FontRole::Heading2].ends_with("simkai.ttf"), "{roles:?}");
        assert!(set.warnings().is_empty());

        // A file named for a role must be a usable font.
        std::fs::write(dir.path().join("title.ttf"), "junk").unwrap();
        let err = FontSet::with_overrides(dir.path()).unwrap_err().to_string();
        assert!(err.contains("title.ttf"), "{err}");
    }
}
