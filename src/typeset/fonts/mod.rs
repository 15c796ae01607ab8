//! Font discovery: which face plays each [`FontRole`] — bundled, from the office's font
//! folder, or (for characters the set lacks) from the system. Drawing characters with
//! them is [`shape`](super::shape)'s job.
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
//!    `simkai.ttf`, `FZXBSJW.TTF`, `simsun.ttc`, …): see [`OFFICE_FAMILIES`]. Every face
//!    of a `.ttc` collection is considered.
//!
//! Files of the folder that end up unused are listed with the reason in
//! [`FontSet::ignored`], and [`FontSet::describe`] says which face draws each role: an
//! office that copied its fonts can see what it got.
//!
//! Only TrueType (`glyf`) outlines are accepted: printpdf does not embed CFF-flavoured
//! OpenType fonts reliably. A file named for a role that cannot be used is an error; a
//! font found by family name that cannot be used is reported in [`FontSet::warnings`]
//! and the bundled face stays.
//!
//! A character the role's face lacks is taken from the other faces of the set, then from
//! the system fonts, which [fontdb](system) finds in the usual font folders. An office's
//! own 仿宋 installed on the system also takes the body from the bundled one
//! ([`FontSet::with_system_fangsong`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::TypesetError;
use super::model::FontRole;

mod face;
mod kept;
mod system;

use face::{faces_in, FontFile};
pub(crate) use face::{Face, Reader};
use system::SystemFonts;

/// The bundled 黑体 stand-in; the chart module measures its labels with it too.
pub(crate) static SANS_TTF: &[u8] = include_bytes!("../../../fonts/sans.ttf");

/// The bundled faces, compiled in from `fonts/`, in the order a character a role's face
/// lacks is looked for: Zhuque Fangsong has no full-width digits or circled numbers, and
/// the regular 宋 is the plainest face to draw them.
static BUNDLED: &[(&str, &[u8])] = &[
    ("serif.ttf", include_bytes!("../../../fonts/serif.ttf")),
    ("serif-bold.ttf", include_bytes!("../../../fonts/serif-bold.ttf")),
    ("sans.ttf", SANS_TTF),
    ("kai.ttf", include_bytes!("../../../fonts/kai.ttf")),
    ("fangsong.ttf", include_bytes!("../../../fonts/fangsong.ttf")),
];

/// Which bundled face stands in for each role (see fonts/README.md); a bold 宋 is the
/// nearest to 小标宋.
const BUNDLED_ROLES: &[(FontRole, &str)] = &[
    (FontRole::Title, "serif-bold.ttf"),
    (FontRole::Body, "fangsong.ttf"),
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

fn normalize_family(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The rank among the 仿宋 names of [`OFFICE_FAMILIES`] of a system font's family name:
/// the whole name, or a name that starts with 方正仿宋 (方正仿宋简体, 方正仿宋_GBK). Not
/// any family containing "fangsong": cwTeX Q Fangsong, a Big5 font, lacks a third of
/// GB 2312.
fn system_fangsong_rank(family: &str) -> Option<usize> {
    let family = normalize_family(family);
    let (_, keys) = OFFICE_FAMILIES.iter().find(|(role, _)| *role == FontRole::Body)?;
    keys.iter().position(|k| {
        let k = normalize_family(k);
        family == k || ((k == "方正仿宋" || k == "fzfangsong") && family.starts_with(&k))
    })
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
    pub(super) faces: Vec<Arc<Face>>,
    roles: BTreeMap<FontRole, usize>,
    pub(super) system: Option<SystemFonts>,
    warnings: Vec<String>,
    ignored: Vec<String>,
}

impl FontSet {
    /// The bundled faces only (plus system fonts for characters they lack).
    pub fn bundled() -> Result<FontSet, TypesetError> {
        let mut faces = Vec::new();
        for (file, bytes) in BUNDLED {
            let face = Face::load(FontFile::Bundled(bytes), 0, format!("内置字体 {file}"))
                .map_err(|reason| TypesetError::Font { path: format!("fonts/{file}"), reason })?;
            faces.push(Arc::new(face));
        }
        let roles = BUNDLED_ROLES
            .iter()
            .filter_map(|(role, file)| BUNDLED.iter().position(|(f, _)| f == file).map(|i| (*role, i)))
            .collect();
        Ok(FontSet { faces, roles, system: Some(SystemFonts::default()), warnings: Vec::new(), ignored: Vec::new() })
    }

    /// The bundled faces with any role the folder `dir` provides replaced (see the module
    /// documentation for how files are matched to roles).
    pub fn with_overrides(dir: &Path) -> Result<FontSet, TypesetError> {
        let mut set = FontSet::bundled()?;
        let label = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| TypesetError::Font {
            path: label.clone(),
            reason: format!("无法读取字体文件夹：{}", crate::foreign::io(&e)),
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
        // Windows font folder holds many) and listed as ignored; a face of the right
        // family that cannot be used is worth a warning.
        let mut unused: Vec<(&Path, String)> = Vec::new();
        let mut outmatched: BTreeMap<&Path, Vec<FontRole>> = BTreeMap::new();
        let mut failed: Vec<&Path> = Vec::new();
        for path in &files {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_ascii_lowercase();
            if OVERRIDE_FILES.iter().any(|(_, name)| *name == stem) {
                continue;
            }
            let bytes: Arc<[u8]> = match std::fs::read(path) {
                Ok(bytes) => bytes.into(),
                Err(e) => {
                    unused.push((path.as_path(), format!("无法读取：{}", crate::foreign::io(&e))));
                    continue;
                }
            };
            // A CFF-flavoured OpenType file could never be embedded, whatever its names:
            // say so rather than that its family fits no role.
            if bytes.starts_with(b"OTTO") {
                unused.push((path.as_path(), face::CFF_OUTLINES.into()));
                continue;
            }
            let faces = faces_in(&bytes);
            if faces.is_empty() {
                unused.push((path.as_path(), "不是可读的字体文件".into()));
                continue;
            }
            // Family names of the faces that fit no role: the reason a file is left aside
            // when none of its faces fits one.
            let mut strangers = Vec::new();
            let mut fits = false;
            for (index, families) in faces {
                let fitting: Vec<(FontRole, usize, String)> = families
                    .iter()
                    .filter_map(|f| office_role(f).map(|(role, rank)| (role, rank + 1, f.clone())))
                    .collect();
                if fitting.is_empty() {
                    strangers.extend(families);
                    continue;
                }
                fits = true;
                outmatched.entry(path.as_path()).or_default().extend(fitting.iter().map(|w| w.0));
                let wanted: Vec<(FontRole, usize, String)> = fitting
                    .into_iter()
                    .filter(|(role, rank, _)| chosen.get(role).is_none_or(|(r, _)| rank < r))
                    .collect();
                if wanted.is_empty() {
                    continue;
                }
                match Face::load(FontFile::Read(bytes.clone()), index, path.display().to_string()) {
                    Ok(face) => {
                        let face = Arc::new(face);
                        for (role, rank, _) in wanted {
                            if chosen.get(&role).is_none_or(|(r, _)| rank < *r) {
                                chosen.insert(role, (rank, face.clone()));
                            }
                        }
                    }
                    Err(reason) => {
                        failed.push(path.as_path());
                        set.warnings.push(format!(
                            "字体 {}（{}）无法使用：{reason}；{}仍用内置字体",
                            path.display(),
                            wanted[0].2,
                            wanted[0].0.label()
                        ))
                    }
                }
            }
            if !fits && !strangers.is_empty() {
                strangers.sort();
                strangers.dedup();
                let families = strangers.iter().map(|f| format!("“{f}”")).collect::<Vec<_>>().join("、");
                unused.push((
                    path.as_path(),
                    format!("字体名称{families}不对应公文的任何字体（小标宋、仿宋、黑体、楷体、宋体）"),
                ));
            }
        }
        // A file whose faces all lost their roles to better matches is unused too.
        for (path, mut roles) in outmatched {
            let used = chosen.values().any(|(_, f)| f.origin == path.display().to_string());
            // A face that failed to load is already a warning.
            if !used && !failed.contains(&path) {
                roles.sort();
                roles.dedup();
                let roles = roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、");
                unused.push((path, format!("可作{roles}，但文件夹中有更合适的字体")));
            }
        }
        unused.sort();
        set.ignored = unused.into_iter().map(|(path, why)| format!("{}：{why}", path.display())).collect();
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

    /// An office's own 仿宋 installed on the system (仿宋_GB2312 and the other names of
    /// [`OFFICE_FAMILIES`]) draws the body in place of the bundled Zhuque Fangsong,
    /// unless the font folder gave the role a face already or system fonts are off.
    pub fn with_system_fangsong(mut self) -> FontSet {
        let bundled = self.roles.get(&FontRole::Body).is_some_and(|&i| i < BUNDLED.len());
        if let Some(face) = self.system.as_ref().filter(|_| bundled).and_then(|s| s.by_family(system_fangsong_rank)) {
            self.faces.push(face);
            self.roles.insert(FontRole::Body, self.faces.len() - 1);
        }
        self
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

    /// Files of the font folder the set does not use, each with the reason, for messages.
    pub fn ignored(&self) -> &[String] {
        &self.ignored
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

    pub(super) fn role_face(&self, role: FontRole) -> usize {
        // Every role is mapped at construction; Body is the last resort all the same.
        self.roles.get(&role).or_else(|| self.roles.get(&FontRole::Body)).copied().unwrap_or(0)
    }
}

fn load_file(path: &Path) -> Result<Face, TypesetError> {
    let err = |reason: String| TypesetError::Font { path: path.display().to_string(), reason };
    let bytes = std::fs::read(path).map_err(|e| err(format!("无法读取：{}", crate::foreign::io(&e))))?;
    Face::load(FontFile::Read(bytes.into()), 0, path.display().to_string()).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled kai face under another family name of the same length (so that the
    /// name table stays valid).
    fn kai_renamed(family: &str) -> Vec<u8> {
        let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>();
        let (from, to) = (utf16("LXGW WenKai"), utf16(family));
        assert_eq!(from.len(), to.len());
        let mut renamed = BUNDLED[3].1.to_vec();
        let mut replaced = 0;
        for i in 0..renamed.len() - from.len() {
            if renamed[i..i + from.len()] == from[..] {
                renamed[i..i + from.len()].copy_from_slice(&to);
                replaced += 1;
            }
        }
        assert!(replaced > 0);
        renamed
    }

    /// A TrueType collection of `fonts`: the header, then each font with its table
    /// offsets moved to where it now starts.
    fn collection(fonts: &[&[u8]]) -> Vec<u8> {
        let header = 12 + 4 * fonts.len();
        let mut out = b"ttcf".to_vec();
        out.extend_from_slice(&[0, 1, 0, 0]);
        out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
        let mut at = header;
        for font in fonts {
            out.extend_from_slice(&(at as u32).to_be_bytes());
            at += font.len().next_multiple_of(4);
        }
        for font in fonts {
            let start = out.len() as u32;
            let mut font = font.to_vec();
            let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
            for t in 0..tables {
                let field = 12 + 16 * t + 8;
                let offset = u32::from_be_bytes(font[field..field + 4].try_into().unwrap()) + start;
                font[field..field + 4].copy_from_slice(&offset.to_be_bytes());
            }
            font.resize(font.len().next_multiple_of(4), 0);
            out.extend_from_slice(&font);
        }
        out
    }

    #[test]
    fn every_face_of_a_collection_is_considered_and_unused_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("fonts.ttc"), collection(&[BUNDLED[3].1, &kai_renamed("KaiTi      ")])).unwrap();
        std::fs::write(dir.path().join("yahei.ttf"), kai_renamed("Micro Yahei")).unwrap();
        let set = FontSet::with_overrides(dir.path()).unwrap();
        let heading2 = set.describe().into_iter().find(|(r, _, _)| *r == FontRole::Heading2).unwrap();
        assert!(heading2.1.ends_with("fonts.ttc"), "{heading2:?}");
        assert_eq!(heading2.2.trim(), "KaiTi");
        let face = &set.faces[set.role_face(FontRole::Heading2)];
        assert_eq!(face.index, 1);
        assert!(face.glyph('楷').is_some());
        assert_eq!(set.ignored().len(), 1, "{:?}", set.ignored());
        assert!(
            set.ignored()[0].contains("yahei.ttf") && set.ignored()[0].contains("“Micro Yahei”"),
            "{:?}",
            set.ignored()
        );
    }

    #[test]
    fn an_office_fangsong_takes_the_body_from_the_bundled_one() {
        assert_eq!(FontSet::bundled().unwrap().describe()[1].1, "内置字体 fangsong.ttf");
        let dir = tempfile::tempdir().unwrap();
        // 11 UTF-16 units, as "LXGW WenKai".
        std::fs::write(dir.path().join("simfang.ttf"), kai_renamed("仿宋_GB2312  ")).unwrap();
        let set = FontSet::with_overrides(dir.path()).unwrap();
        let (role, origin, _) = &set.describe()[1];
        assert_eq!(*role, FontRole::Body);
        assert!(origin.ends_with("simfang.ttf"), "{origin}");
        assert!(set.ignored().is_empty() && set.warnings().is_empty());
    }

    #[test]
    fn a_system_fangsong_must_be_named_as_offices_name_it() {
        assert_eq!(system_fangsong_rank("仿宋_GB2312"), Some(0));
        assert_eq!(system_fangsong_rank("FangSong"), Some(5));
        assert_eq!(system_fangsong_rank("方正仿宋简体"), Some(2));
        assert_eq!(system_fangsong_rank("cwTeX Q Fangsong"), None);
        assert_eq!(system_fangsong_rank("Zhuque Fangsong"), None);
        assert_eq!(system_fangsong_rank("仿宋体繁"), None);
        // Without system fonts, and after a font folder's 仿宋, the role stays as it is.
        let set = FontSet::bundled().unwrap().system_fallback(false).with_system_fangsong();
        assert_eq!(set.describe()[1].1, "内置字体 fangsong.ttf");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("body.ttf"), BUNDLED[3].1).unwrap();
        let set = FontSet::with_overrides(dir.path()).unwrap().with_system_fangsong();
        assert!(set.describe()[1].1.ends_with("body.ttf"));
    }

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
        assert_eq!(set.ignored().len(), 1, "{:?}", set.ignored());
        assert!(set.ignored()[0].contains("broken.ttf") && set.ignored()[0].contains("不是可读的字体文件"));

        // By family name: the kai face renamed "KaiTi" (same length, so the name table
        // stays valid) takes the 楷体 role whatever its file is called.
        let renamed = kai_renamed("KaiTi      ");
        std::fs::write(dir.path().join("simkai.ttf"), &renamed).unwrap();
        let set = FontSet::with_overrides(dir.path()).unwrap();
        let roles: BTreeMap<FontRole, String> = set.describe().into_iter().map(|(r, origin, _)| (r, origin)).collect();
        assert!(roles[&FontRole::Heading2].ends_with("simkai.ttf"), "{roles:?}");
        assert!(set.warnings().is_empty());
        assert_eq!(set.ignored().len(), 1, "{:?}", set.ignored());

        // A file named for a role must be a usable font.
        std::fs::write(dir.path().join("title.ttf"), "junk").unwrap();
        let err = FontSet::with_overrides(dir.path()).unwrap_err().to_string();
        assert!(err.contains("title.ttf"), "{err}");
    }
}
