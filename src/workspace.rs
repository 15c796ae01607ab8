//! The workspace: `shuangyong.toml` (district, office, report year, roster of member
//! units) and the folders around it (`submissions/<year>/`, `out/`, `blank/`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// The unit types are the catalogue's vocabulary (who reports what); the roster uses them.
pub use crate::catalog::UnitType;
use crate::catalog::{line_of, Catalog, CatalogError};
use crate::date::DocDate;
pub(crate) use crate::suggest::{edit_distance, toml_message};
use crate::template::{defaults, Embedded, TemplateError, TemplateText};

pub(crate) mod names;

pub const CONFIG_FILE: &str = "shuangyong.toml";

/// The first report year the tool accepts: no district returns statistics on this form
/// from before it, so an earlier year is a typing slip (`--year 204`, `1900`).
pub const FIRST_YEAR: i32 = 2000;

/// The last report year the tool accepts: next year, for the blank workbooks an office
/// sends out ahead; anything later is a typing slip (`--year 20244`).
pub fn last_year() -> i32 {
    DocDate::now().china_civil().0 as i32 + 1
}

/// `year` when it lies between [`FIRST_YEAR`] and [`last_year`], else why not.
pub fn sane_year(year: i32) -> Result<i32, String> {
    let last = last_year();
    if (FIRST_YEAR..=last).contains(&year) {
        Ok(year)
    } else {
        Err(format!("年度 {year} 不在 {FIRST_YEAR}—{last} 年之间，请检查是否输错"))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub name: String,
    pub unit_type: UnitType,
    pub authoritative: bool,
    /// Other names the unit writes in 填报单位 (abbreviations, former names).
    pub aliases: Vec<String>,
    /// Indicators its unit type reports that this unit does not (`skip = ["YF01"]`): a
    /// 部门 that is not the authority is not asked for the authoritative figures.
    pub skip: Vec<String>,
    /// The name the public version prints (`display_name`), when the unit sets one.
    pub display_name: Option<String>,
}

/// The name a troop unit without `display_name` goes by in the public version.
pub const DEFAULT_TROOP_NAME: &str = "驻区某部";

/// The mark on the internal version's cover when `shuangyong.toml` sets none.
pub const DEFAULT_INTERNAL_MARK: &str = "内部资料";

impl Unit {
    /// The name the public version prints: `display_name`, else 驻区某部 for a troop unit
    /// (a website names no troop unit), else the unit's name.
    pub fn public_name(&self) -> &str {
        match (&self.display_name, self.unit_type) {
            (Some(name), _) => name,
            (None, UnitType::Troop) => DEFAULT_TROOP_NAME,
            (None, _) => &self.name,
        }
    }

    /// Whether the blank form asks this unit for `indicator` and its figure counts. A
    /// district-level figure is the 双拥办's, asked of the authoritative unit alone.
    pub fn reports(&self, indicator: &crate::catalog::Indicator) -> bool {
        indicator.reported_by(self.unit_type)
            && !self.skip.contains(&indicator.code)
            && (!indicator.district || self.authoritative)
    }

    pub fn answers_to(&self, name: &str) -> bool {
        let name = normalize_name(name);
        normalize_name(&self.name) == name || self.aliases.iter().any(|a| normalize_name(a) == name)
    }
}

/// What follows a street's or a town's name in its full title.
const FULL_TITLES: [&str; 2] = ["办事处", "人民政府"];

/// Unit names as typed: stray and full-width spaces, and control characters pasted with
/// the name (which `check` reports), do not make a different unit.
pub fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect()
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub region: String,
    pub office: String,
    pub year: i32,
    pub units: Vec<Unit>,
    /// Every name and alias on the roster as [`normalize_name`] makes it, to its unit's
    /// index in `units`: a province's thousands of units make a scan per return too slow.
    unit_names: BTreeMap<String, usize>,
    pub catalog: Catalog,
    /// The workspace's own files replacing bundled ones ([`defaults`]), by file name.
    replacements: BTreeMap<&'static str, PathBuf>,
    /// A folder of the office's own licensed fonts, tried before the bundled ones.
    pub font_dir: Option<PathBuf>,
    /// Share of change against last year beyond which a value is flagged (0.3 = 30%).
    pub change_threshold: f64,
    /// Share of change against last year within which the report's text says 与上年基本持平
    /// (`[report] flat_band`, default 0.02 = ±2%): an office does not write 下降0.6%.
    pub flat_band: f64,
    /// The report's text gives changes as percentages (`[report] percentages = true`:
    /// 比上年增长8.1%) instead of the published texts' words (比上年有所增长).
    pub prose_percentages: bool,
    /// The date printed on the documents (`date = 2024-12-20`), when the office fixes it.
    pub date: Option<DocDate>,
    /// Where the 数据质量说明 goes: a document of its own beside the report (the default:
    /// file names, cells and warnings are the office's business, not the report's
    /// readers'), or an appendix inside the report.
    pub quality_appendix: QualityAppendix,
    /// The district's title record (e.g. `2020年第十一届全国双拥模范城（县）`), quoted by
    /// the 创建工作汇报 draft.
    pub titles: Vec<String>,
    /// The date returns are due (`deadline = "2025-01-15"`): printed in 填报说明 and the
    /// 催报 list.
    pub deadline: Option<Deadline>,
    /// How units send their returns (`submit_via`), printed in 填报说明's 报送方式.
    pub submit_via: Option<String>,
    /// The office's contact for the returns (`contact`) and the phone (`contact_phone`),
    /// printed in 填报说明.
    pub contact: Option<String>,
    pub contact_phone: Option<String>,
    /// The internal version's cover mark (`internal_mark`, default 内部资料); `None` when
    /// the office sets it empty.
    pub internal_mark: Option<String>,
    /// `[official]`: the report as a 公文 of the kind 报告 (GB/T 9704: red 版头, 主送机关,
    /// 版记) instead of the booklet with cover and 目录.
    pub official: Option<OfficialForm>,
}

/// The `[official]` table: what the 公文 form prints besides the report itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialForm {
    /// 发文机关标志 (default: the office).
    pub issuer: String,
    /// 发文字号, e.g. 示双拥办〔2024〕12号.
    pub number: Option<String>,
    /// 签发人, printed by reports sent upward.
    pub signer: Option<String>,
    /// 主送机关.
    pub to: String,
    /// 抄送机关.
    pub copy_to: Vec<String>,
    /// 印发机关 (default: the office).
    pub printer: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOfficial {
    issuer: Option<Spanned<String>>,
    number: Option<Spanned<String>>,
    signer: Option<Spanned<String>>,
    to: Spanned<String>,
    #[serde(default)]
    copy_to: Vec<String>,
    printer: Option<Spanned<String>>,
}

/// The `[official]` fields printed on one line of the 版头 or 版记, with the most that
/// line holds in full-width characters on the 156 mm type area (GB/T 9704): the 发文机关
/// 标志 shrinks to fit but is no mark below about 8 mm, the 发文字号 and 签发人 share a
/// line in 三号, and the 印发机关 shares its line with the 印发日期.
const OFFICIAL_LINES: [(&str, &str, f64); 4] = [
    ("issuer", "发文机关标志", 20.0),
    ("number", "发文字号", 20.0),
    ("signer", "签发人", 8.0),
    ("printer", "印发机关", 15.0),
];

/// `quality_appendix` in `shuangyong.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QualityAppendix {
    #[default]
    Separate,
    Inside,
}

/// A calendar date as the office sets it, printed the Chinese way: `2025年1月15日`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deadline {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Deadline {
    /// `2025-01-15` (also `2025-1-15`); `None` for anything else or a day the month lacks.
    pub fn parse(s: &str) -> Option<Deadline> {
        let mut parts = s.trim().splitn(3, '-').map(|p| p.parse::<u32>().ok());
        let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => return None,
        };
        ((1900..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Deadline {
            year: year as i32,
            month,
            day,
        })
    }
}

impl std::fmt::Display for Deadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("找不到工作区：{0} 及其上级文件夹中都没有 shuangyong.toml（工作区文件夹的根目录下应有此文件）")]
    Missing(String),
    #[error("无法读取 {path}：{}", crate::foreign::io(.source))]
    Io { path: String, source: std::io::Error },
    #[error("{path} 第 {line} 行：{message}")]
    Invalid { path: String, line: usize, message: String },
    #[error(transparent)]
    Catalog(#[from] CatalogError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    region: Spanned<String>,
    office: Spanned<String>,
    year: Spanned<i32>,
    catalog: Option<String>,
    report_template: Option<String>,
    quality_template: Option<String>,
    dossier_template: Option<String>,
    creation_template: Option<String>,
    assessment: Option<String>,
    intake_instructions: Option<String>,
    font_dir: Option<String>,
    /// A TOML date (`2024-12-20`) or the same as a string.
    date: Option<Spanned<toml::Value>>,
    #[serde(default)]
    quality_appendix: QualityAppendix,
    #[serde(default)]
    titles: Vec<String>,
    /// A string, or a TOML date written without quotes.
    deadline: Option<Spanned<toml::Value>>,
    internal_mark: Option<Spanned<String>>,
    submit_via: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
    contact_phone: Option<Spanned<String>>,
    official: Option<RawOfficial>,
    #[serde(default)]
    check: RawCheckSettings,
    #[serde(default)]
    report: RawReportSettings,
    #[serde(default)]
    units: Vec<Spanned<RawUnit>>,
}

impl RawConfig {
    /// Each bundled file and the key naming its replacement, if given.
    fn replacement_keys(&self) -> [(&'static Embedded, Option<&str>); 7] {
        [
            (&defaults::CATALOG, self.catalog.as_deref()),
            (&defaults::REPORT, self.report_template.as_deref()),
            (&defaults::QUALITY_NOTES, self.quality_template.as_deref()),
            (&defaults::ASSESSMENT, self.assessment.as_deref()),
            (&defaults::DOSSIER, self.dossier_template.as_deref()),
            (&defaults::CREATION_REPORT, self.creation_template.as_deref()),
            (&defaults::INTAKE_INSTRUCTIONS, self.intake_instructions.as_deref()),
        ]
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCheckSettings {
    change_threshold: Option<Spanned<f64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawReportSettings {
    flat_band: Option<Spanned<f64>>,
    #[serde(default)]
    percentages: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    name: String,
    #[serde(rename = "type")]
    unit_type: Spanned<String>,
    #[serde(default)]
    authoritative: bool,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    skip: Vec<Spanned<String>>,
    display_name: Option<String>,
}

/// The workspace holding `start`: `start` itself or the nearest folder above it with
/// `shuangyong.toml`, as git finds its repository. `start` is kept as given when it is
/// the workspace, so that paths printed stay as the user wrote them.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    if start.join(CONFIG_FILE).is_file() {
        return Some(start.to_path_buf());
    }
    let absolute = start.canonicalize().ok()?;
    absolute.ancestors().skip(1).find(|dir| dir.join(CONFIG_FILE).is_file()).map(Path::to_path_buf)
}

impl Workspace {
    /// Loads the workspace holding `start` (see [`find_root`]).
    pub fn find(start: &Path) -> Result<Workspace, WorkspaceError> {
        let root = find_root(start).ok_or_else(|| WorkspaceError::Missing(start.display().to_string()))?;
        Workspace::load(&root)
    }

    /// Loads `dir/shuangyong.toml` and the catalogue it names.
    pub fn load(dir: &Path) -> Result<Workspace, WorkspaceError> {
        let path = dir.join(CONFIG_FILE);
        if !path.is_file() {
            return Err(WorkspaceError::Missing(dir.display().to_string()));
        }
        let src = crate::files::read_text(&path)
            .map_err(|source| WorkspaceError::Io { path: path.display().to_string(), source })?;
        Workspace::parse(dir, &src)
    }

    pub fn parse(dir: &Path, src: &str) -> Result<Workspace, WorkspaceError> {
        let path_label = dir.join(CONFIG_FILE).display().to_string();
        let invalid = |offset: usize, message: String| WorkspaceError::Invalid {
            path: path_label.clone(),
            line: line_of(src, offset),
            message,
        };
        let raw: RawConfig = toml::from_str(src)
            .map_err(|e| invalid(e.span().map(|s| s.start).unwrap_or(0), toml_message(e.message())))?;
        let year = sane_year(*raw.year.get_ref()).map_err(|m| invalid(raw.year.span().start, m))?;
        let region = names::REGION.check(raw.region.get_ref()).map_err(|m| invalid(raw.region.span().start, m))?;
        let office = names::OFFICE.check(raw.office.get_ref()).map_err(|m| invalid(raw.office.span().start, m))?;
        let date = match &raw.date {
            None => None,
            Some(value) => Some(config_date(value.get_ref()).map_err(|m| invalid(value.span().start, m))?),
        };

        let mut units = Vec::new();
        let mut unit_names = BTreeMap::new();
        let mut authoritative: Option<String> = None;
        for item in &raw.units {
            let r = item.get_ref();
            let name = r.name.trim().to_string();
            if name.is_empty() {
                return Err(invalid(item.span().start, "成员单位名称为空".into()));
            }
            for n in std::iter::once(&name).chain(&r.aliases).chain(&r.display_name) {
                names::UNIT.check(n).map_err(|m| invalid(item.span().start, m))?;
            }
            let unit_type = UnitType::parse(r.unit_type.get_ref()).ok_or_else(|| {
                invalid(
                    r.unit_type.span().start,
                    format!("成员单位“{name}”的{}", UnitType::unknown(r.unit_type.get_ref())),
                )
            })?;
            for n in std::iter::once(&name).chain(&r.aliases) {
                if unit_names.insert(normalize_name(n), units.len()).is_some() {
                    return Err(invalid(item.span().start, format!("成员单位名称“{n}”重复")));
                }
            }
            if r.authoritative {
                if let Some(first) = &authoritative {
                    return Err(invalid(
                        item.span().start,
                        format!("只能有一个权威单位（authoritative = true），“{first}”和“{name}”都设置了"),
                    ));
                }
                authoritative = Some(name.clone());
            }
            let skip = r.skip.iter().map(|c| c.get_ref().trim().to_string()).collect();
            let display_name = r.display_name.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_string);
            units.push(Unit {
                name,
                unit_type,
                authoritative: r.authoritative,
                aliases: r.aliases.clone(),
                skip,
                display_name,
            });
        }
        if units.is_empty() {
            return Err(invalid(0, "没有成员单位：请用 [[units]] 列出成员单位".into()));
        }
        // Where a setting is written, for the line of its message.
        let at = |v: &Option<Spanned<f64>>| v.as_ref().map_or(0, |v| v.span().start);
        let threshold = raw.check.change_threshold.as_ref().map_or(0.3, |v| *v.get_ref());
        if threshold.is_nan() || threshold <= 0.0 {
            return Err(invalid(
                at(&raw.check.change_threshold),
                "check.change_threshold 应为大于 0 的比例，例如 0.3".into(),
            ));
        }
        let flat_band = raw.report.flat_band.as_ref().map_or(0.02, |v| *v.get_ref());
        if !(0.0..1.0).contains(&flat_band) {
            return Err(invalid(
                at(&raw.report.flat_band),
                "report.flat_band 应为 0 到 1 之间的比例，例如 0.02（即 ±2% 以内写“基本持平”）".into(),
            ));
        }
        let deadline = match &raw.deadline {
            None => None,
            Some(d) => {
                let text = match d.get_ref() {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Datetime(dt) => dt.to_string(),
                    other => other.to_string(),
                };
                Some(Deadline::parse(&text).ok_or_else(|| {
                    invalid(d.span().start, format!("deadline 的值“{text}”不是日期：请写成 \"2025-01-15\" 的形式"))
                })?)
            }
        };
        // A key set empty is a key not set: the blank stays for the office to fill by hand.
        let given = |v: &Option<Spanned<String>>, setting: &names::NameSetting| match v {
            Some(text) if !text.get_ref().trim().is_empty() => {
                setting.check(text.get_ref()).map(Some).map_err(|m| invalid(text.span().start, m))
            }
            _ => Ok(None),
        };
        let official = match &raw.official {
            None => None,
            Some(o) => {
                let given = |v: &Option<Spanned<String>>| {
                    v.as_ref().map(|v| v.get_ref().trim()).filter(|v| !v.is_empty()).map(str::to_string)
                };
                for ((key, label, most), field) in
                    OFFICIAL_LINES.iter().zip([&o.issuer, &o.number, &o.signer, &o.printer])
                {
                    let written = given(field).or_else(|| ["issuer", "printer"].contains(key).then(|| office.clone()));
                    let Some(text) = written else { continue };
                    let ems = unicode_width::UnicodeWidthStr::width(text.as_str()) as f64 / 2.0;
                    if ems > *most {
                        let default = if given(field).is_none() { "（未写时取 office）" } else { "" };
                        return Err(invalid(
                            field.as_ref().map_or(o.to.span().start, |f| f.span().start),
                            format!(
                                "[official] 的 {key}（{label}）{default}“{text}”有 {ems} 个字宽，公文中的一行放不下（最多 {most} 个）：请在 [official] 中写 {key} = 简称"
                            ),
                        ));
                    }
                }
                let to = o.to.get_ref().trim().to_string();
                if to.is_empty() {
                    return Err(invalid(
                        o.to.span().start,
                        "[official] 的 to（主送机关）为空：请写上主送机关，例如 \"区委、区政府\"".into(),
                    ));
                }
                Some(OfficialForm {
                    issuer: given(&o.issuer).unwrap_or_else(|| office.clone()),
                    number: given(&o.number),
                    signer: given(&o.signer),
                    to,
                    copy_to: o.copy_to.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
                    printer: given(&o.printer).unwrap_or_else(|| office.clone()),
                })
            }
        };
        let resolve = |p: &Option<String>| p.as_ref().map(|p| dir.join(p));
        let replacements: BTreeMap<&'static str, PathBuf> = raw
            .replacement_keys()
            .into_iter()
            .filter_map(|(e, key)| Some((e.file, e.replacement(dir, key)?)))
            .collect();
        let catalog = match replacements.get(defaults::CATALOG.file) {
            Some(p) => Catalog::load(p)?,
            None => Catalog::bundled(),
        };
        for (item, unit) in raw.units.iter().zip(&units) {
            for code in &item.get_ref().skip {
                match catalog.get(code.get_ref().trim()) {
                    Some(ind) if ind.reported_by(unit.unit_type) => {}
                    Some(ind) => {
                        return Err(invalid(
                            code.span().start,
                            format!(
                                "skip 中的 {}（{}）本来就不由{}类单位填报，无需列出",
                                ind.code, ind.name, unit.unit_type
                            ),
                        ))
                    }
                    None => {
                        return Err(invalid(
                            code.span().start,
                            format!("skip 中的指标编码“{}”不在指标目录中", code.get_ref()),
                        ))
                    }
                }
            }
        }
        Ok(Workspace {
            root: dir.to_path_buf(),
            region,
            office,
            year,
            units,
            unit_names,
            catalog,
            replacements,
            font_dir: resolve(&raw.font_dir),
            change_threshold: threshold,
            flat_band,
            prose_percentages: raw.report.percentages,
            date,
            quality_appendix: raw.quality_appendix,
            titles: raw.titles.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
            deadline,
            submit_via: given(&raw.submit_via, &names::SUBMIT_VIA)?,
            contact: given(&raw.contact, &names::CONTACT)?,
            contact_phone: given(&raw.contact_phone, &names::CONTACT_PHONE)?,
            internal_mark: match &raw.internal_mark {
                None => Some(DEFAULT_INTERNAL_MARK.to_string()),
                mark => given(mark, &names::INTERNAL_MARK)?,
            },
            official,
        })
    }

    /// The roster unit that answers to `name` (its name or an alias, spaces aside).
    pub fn unit(&self, name: &str) -> Option<&Unit> {
        self.unit_position(name).map(|i| &self.units[i])
    }

    /// Where in the roster the unit that answers to `name` stands: by its name or an
    /// alias, or by either written out in full as units sign their returns.
    pub fn unit_position(&self, name: &str) -> Option<usize> {
        let name = normalize_name(name);
        self.unit_names.get(&name).copied().or_else(|| self.written_in_full(&name))
    }

    /// A roster name with the region before it (示例区教育局 for 区教育局, 示例区城东街道
    /// for 城东街道) or the office's full title after it (城东街道办事处, 白沙镇人民政府):
    /// the same unit, not one missing from the roster.
    fn written_in_full(&self, name: &str) -> Option<usize> {
        let region = normalize_name(&self.region);
        let mut bases = vec![name.to_string()];
        if let Some(rest) = name.strip_prefix(region.as_str()).filter(|r| !r.is_empty()) {
            bases.push(rest.to_string());
            // 区教育局: the roster keeps the region's level (区, 县, 市) as the prefix.
            bases.extend(region.chars().last().map(|level| format!("{level}{rest}")));
        }
        let without_title = |base: &String| {
            FULL_TITLES.iter().filter_map(|t| base.strip_suffix(t)).find(|r| !r.is_empty()).map(str::to_string)
        };
        let candidates: Vec<String> =
            bases.iter().flat_map(|b| [Some(b.clone()), without_title(b)]).flatten().collect();
        candidates.iter().find_map(|n| self.unit_names.get(n).copied())
    }

    pub fn authoritative_unit(&self) -> Option<&Unit> {
        self.units.iter().find(|u| u.authoritative)
    }

    /// `notes/<year>.md`: the office's own text for the year's report (problems, plans …).
    /// The workspace's own file replacing the bundled `file`, if any.
    pub fn replacement(&self, file: &Embedded) -> Option<&Path> {
        self.replacements.get(file.file).map(PathBuf::as_path)
    }

    /// The workspace's own template replacing `file`, or the bundled one.
    pub fn template(&self, file: &Embedded) -> Result<TemplateText, TemplateError> {
        file.read(self.replacement(file))
    }

    pub fn notes_file(&self, year: i32) -> PathBuf {
        self.root.join("notes").join(format!("{year}.md"))
    }

    pub fn submissions_dir(&self, year: i32) -> PathBuf {
        self.root.join("submissions").join(year.to_string())
    }

    /// Years that have a `submissions/<year>/` folder, ascending.
    pub fn submission_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = std::fs::read_dir(self.root.join("submissions"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().to_str()?.parse().ok())
            .collect();
        years.sort_unstable();
        years
    }
}

/// `date = 2024-12-20` (a TOML date) or `date = "2024-12-20"`.
fn config_date(value: &toml::Value) -> Result<DocDate, String> {
    let wrong = || "date 应为日期，如 date = 2024-12-20".to_string();
    match value {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date.ok_or_else(wrong)?;
            DocDate::from_ymd(d.year.into(), d.month.into(), d.day.into()).ok_or_else(wrong)
        }
        toml::Value::String(s) => DocDate::parse_iso(s),
        _ => Err(wrong()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Workspace, WorkspaceError> {
        Workspace::parse(Path::new("ws"), src)
    }

    const HEAD: &str = "region = \"示例区\"\noffice = \"办\"\nyear = 2024\n";

    #[test]
    fn official_form_defaults_to_the_office_and_needs_an_addressee() {
        let base = "region = \"示例区\"\noffice = \"示例区双拥办\"\nyear = 2024\n[[units]]\nname = \"甲街道\"\ntype = \"街道镇\"\n";
        let ws = Workspace::parse(Path::new("ws"), &format!("{base}[official]\nto = \"区委、区政府\"\n")).unwrap();
        let form = ws.official.unwrap();
        assert_eq!(
            (form.issuer.as_str(), form.printer.as_str(), form.to.as_str()),
            ("示例区双拥办", "示例区双拥办", "区委、区政府")
        );
        assert!(form.number.is_none() && form.signer.is_none() && form.copy_to.is_empty());
        let err =
            Workspace::parse(Path::new("ws"), &format!("{base}[official]\nto = \" \"\n")).unwrap_err().to_string();
        assert!(err.contains("主送机关") && err.contains("第 8 行"), "{err}");
        assert!(Workspace::parse(Path::new("ws"), base).unwrap().official.is_none());
    }

    /// Every bundled file's key is a `shuangyong.toml` key naming its replacement.
    #[test]
    fn each_bundled_file_is_replaced_by_its_key() {
        let units = "[[units]]\nname = \"甲街道\"\ntype = \"街道镇\"\n";
        let ws = parse(&format!("{HEAD}{units}")).unwrap();
        assert!(defaults::ALL.iter().all(|e| ws.replacement(e).is_none()));
        // The catalogue's replacement is read while the workspace loads: tested in tests/.
        let others: Vec<&&Embedded> = defaults::ALL.iter().filter(|e| e.key != defaults::CATALOG.key).collect();
        let keys: String = others.iter().map(|e| format!("{} = \"my-{}\"\n", e.key, e.file)).collect();
        let ws = parse(&format!("{HEAD}{keys}{units}")).unwrap();
        for e in others {
            assert_eq!(ws.replacement(e), Some(Path::new("ws").join(format!("my-{}", e.file)).as_path()), "{}", e.key);
        }
    }

    #[test]
    fn loads_roster() {
        let ws =
            parse(&format!("{HEAD}[[units]]\nname = \"区退役军人事务局\"\ntype = \"部门\"\nauthoritative = true\n"))
                .unwrap();
        assert_eq!(ws.units.len(), 1);
        assert_eq!(ws.authoritative_unit().unwrap().name, "区退役军人事务局");
        assert!(ws.unit("区退役军人事务局 ").is_some());
    }

    #[test]
    fn units_are_found_by_name_or_alias_as_typed() {
        let ws = parse(&format!(
            "{HEAD}[[units]]\nname = \"甲街道\"\ntype = \"街道镇\"\n\
             [[units]]\nname = \"区退役军人事务局\"\ntype = \"部门\"\naliases = [\"区退役 军人局\"]\n"
        ))
        .unwrap();
        for (typed, position) in
            [("甲 街道", Some(0)), ("区退役军人局", Some(1)), ("区退役军人事务局\u{3000}", Some(1)), ("乙镇", None)]
        {
            assert_eq!(ws.unit_position(typed), position, "{typed}");
            assert_eq!(ws.unit(typed), ws.units.iter().find(|u| u.answers_to(typed)), "{typed}");
        }
    }

    #[test]
    fn names_written_in_full_find_the_roster_unit() {
        let ws = parse(&format!(
            "{HEAD}[[units]]\nname = \"区教育局\"\ntype = \"部门\"\n[[units]]\nname = \"城东街道\"\ntype = \"街道镇\"\n\
             [[units]]\nname = \"白沙镇\"\ntype = \"街道镇\"\n"
        ))
        .unwrap();
        for (typed, position) in [
            ("示例区教育局", Some(0)),
            ("城东街道办事处", Some(1)),
            ("示例区城东街道办事处", Some(1)),
            ("示例区白沙镇人民政府", Some(2)),
            ("白沙镇人民政府", Some(2)),
            ("示例区人民政府", None),
            ("办事处", None),
            ("临江区白沙镇", None),
        ] {
            assert_eq!(ws.unit_position(typed), position, "{typed}");
        }
    }

    #[test]
    fn a_bad_setting_names_its_own_line() {
        let units = "[[units]]\nname = \"甲\"\ntype = \"部门\"\n";
        let err = parse(&format!("{HEAD}{units}\n[check]\nchange_threshold = -1\n")).unwrap_err().to_string();
        assert!(err.contains("第 9 行") && err.contains("change_threshold"), "{err}");
        let err = parse(&format!("{HEAD}{units}\n\n[report]\nflat_band = 2\n")).unwrap_err().to_string();
        assert!(err.contains("第 10 行") && err.contains("flat_band"), "{err}");
    }

    #[test]
    fn official_fields_that_do_not_fit_their_line_are_named() {
        let base = "region = \"示例区\"\noffice = \"示例区双拥工作领导小组办公室\"\nyear = 2024\n[[units]]\nname = \"甲街道\"\ntype = \"街道镇\"\n[official]\nto = \"区委、区政府\"\n";
        let err = parse(&format!("{base}printer = \"{}\"\n", "示".repeat(16))).unwrap_err().to_string();
        assert!(err.contains("printer（印发机关）") && err.contains("第 9 行") && err.contains("16 个字宽"), "{err}");
        let err = parse(&format!("{base}issuer = \"{}\"\n", "双拥".repeat(11))).unwrap_err().to_string();
        assert!(err.contains("issuer（发文机关标志）"), "{err}");
        let long_office = base.replace("示例区双拥工作领导小组办公室", &"示".repeat(21));
        let err = parse(&format!("{long_office}printer = \"双拥办\"\n")).unwrap_err().to_string();
        assert!(err.contains("issuer（发文机关标志）（未写时取 office）"), "{err}");
        assert!(parse(&format!("{base}number = \"示双拥办〔2024〕12号\"\nsigner = \"张三\"\n")).is_ok());
    }

    #[test]
    fn a_key_written_twice_is_said_in_chinese() {
        let units = "[[units]]\nname = \"甲\"\ntype = \"部门\"\n";
        let err = parse(&format!("{HEAD}titles = [\"甲\"]\ntitles = [\"乙\"]\n{units}")).unwrap_err().to_string();
        assert!(err.contains("第 5 行") && err.contains("只能写一次") && !err.contains("“”"), "{err}");
    }

    #[test]
    fn missing_key_names_line() {
        let err = parse("region = \"示例区\"\nyear = 2024\n").unwrap_err().to_string();
        assert!(err.contains("office"), "{err}");
    }

    #[test]
    fn unknown_unit_type_names_line() {
        let err = parse(&format!("{HEAD}\n[[units]]\nname = \"甲\"\ntype = \"社区\"\n")).unwrap_err().to_string();
        assert!(err.contains("第 7 行") && err.contains("社区"), "{err}");
    }

    #[test]
    fn two_authoritative_units_are_refused() {
        let src = format!("{HEAD}[[units]]\nname = \"甲\"\ntype = \"部门\"\nauthoritative = true\n[[units]]\nname = \"乙\"\ntype = \"部门\"\nauthoritative = true\n");
        let err = parse(&src).unwrap_err().to_string();
        assert!(err.contains("第 8 行") && err.contains("权威单位"), "{err}");
    }

    #[test]
    fn duplicate_unit_names_are_refused() {
        let src =
            format!("{HEAD}[[units]]\nname = \"甲\"\ntype = \"部门\"\n[[units]]\nname = \"甲\"\ntype = \"街道镇\"\n");
        let err = parse(&src).unwrap_err().to_string();
        assert!(err.contains("第 7 行") && err.contains("重复"), "{err}");
    }

    #[test]
    fn deadline_is_a_date() {
        let units = "[[units]]\nname = \"甲\"\ntype = \"部门\"\n";
        let ws = parse(&format!("{HEAD}deadline = \"2025-01-15\"\n{units}")).unwrap();
        assert_eq!(ws.deadline.unwrap().to_string(), "2025年1月15日");
        let ws = parse(&format!("{HEAD}deadline = 2025-01-15\n{units}")).unwrap();
        assert_eq!(ws.deadline, Some(Deadline { year: 2025, month: 1, day: 15 }));
        assert_eq!(parse(&format!("{HEAD}{units}")).unwrap().deadline, None);
        for bad in ["\"2025-02-30\"", "\"1月15日\"", "20250115"] {
            let err = parse(&format!("{HEAD}deadline = {bad}\n{units}")).unwrap_err().to_string();
            assert!(err.contains("第 4 行") && err.contains("deadline"), "{err}");
        }
    }

    #[test]
    fn troop_units_have_a_public_name_and_the_cover_an_internal_mark() {
        let src = format!(
            "{HEAD}[[units]]\nname = \"驻区某部一营\"\ntype = \"驻区部队\"\ndisplay_name = \"驻区部队甲\"\n\
             [[units]]\nname = \"驻区某部二营\"\ntype = \"驻区部队\"\n[[units]]\nname = \"甲街道\"\ntype = \"街道镇\"\n"
        );
        let ws = parse(&src).unwrap();
        let names: Vec<&str> = ws.units.iter().map(Unit::public_name).collect();
        assert_eq!(names, ["驻区部队甲", "驻区某部", "甲街道"]);
        assert_eq!(ws.internal_mark.as_deref(), Some("内部资料"));
        let ws =
            parse(&src.replacen("year = 2024\n", "year = 2024\ninternal_mark = \"内部资料　注意保存\"\n", 1)).unwrap();
        assert_eq!(ws.internal_mark.as_deref(), Some("内部资料　注意保存"));
        let ws = parse(&src.replacen("year = 2024\n", "year = 2024\ninternal_mark = \"\"\n", 1)).unwrap();
        assert_eq!(ws.internal_mark, None);
    }

    #[test]
    fn misspelt_key_is_refused() {
        let err =
            parse(&format!("{HEAD}yaer = 2023\n[[units]]\nname = \"甲\"\ntype = \"部门\"\n")).unwrap_err().to_string();
        assert!(err.contains("第 4 行") && err.contains("yaer"), "{err}");
    }

    #[test]
    fn reader_messages_are_chinese() {
        let err = parse("region = \"示例区\"\nofice = \"办\"\nyear = 2024\n").unwrap_err().to_string();
        assert!(err.contains("第 2 行") && err.contains("无法识别的键“ofice”，是不是“office”？"), "{err}");
        assert!(!err.contains("unknown"), "{err}");
        let err = parse("region = \"示例区\"\nyear = 2024\n").unwrap_err().to_string();
        assert!(err.contains("缺少必填的键“office”") && !err.contains("missing"), "{err}");
        let err = parse("region = \"示例区\"\noffice = \"办\"\nyear = \"2024\"\n").unwrap_err().to_string();
        assert!(err.contains("第 3 行") && err.contains("整数"), "{err}");
        let err = parse("region = \"示例区\nyear = 2024\n").unwrap_err().to_string();
        assert!(err.contains("第 1 行") && err.contains("TOML"), "{err}");
    }

    #[test]
    fn date_and_year_are_checked() {
        let units = "[[units]]\nname = \"甲\"\ntype = \"部门\"\n";
        let ws = parse(&format!("{HEAD}date = 2024-12-20\n{units}")).unwrap();
        assert_eq!(ws.date.unwrap().chinese(), "2024年12月20日");
        let ws = parse(&format!("{HEAD}date = \"2024-12-21\"\n{units}")).unwrap();
        assert_eq!(ws.date.unwrap().chinese(), "2024年12月21日");
        let err = parse(&format!("{HEAD}date = \"2024-02-30\"\n{units}")).unwrap_err().to_string();
        assert!(err.contains("第 4 行") && err.contains("不存在"), "{err}");
        let err =
            parse(&format!("region = \"示例区\"\noffice = \"办\"\nyear = 1900\n{units}")).unwrap_err().to_string();
        assert!(err.contains("第 3 行") && err.contains("2000"), "{err}");
    }

    #[test]
    fn district_figures_are_asked_of_the_authoritative_unit_alone() {
        let src = format!("{HEAD}[[units]]\nname = \"甲\"\ntype = \"部门\"\nauthoritative = true\n[[units]]\nname = \"乙\"\ntype = \"部门\"\n");
        let ws = parse(&src).unwrap();
        let (zz07, zz01) = (ws.catalog.get("ZZ07").unwrap(), ws.catalog.get("ZZ01").unwrap());
        assert!(ws.units[0].reports(zz07) && !ws.units[1].reports(zz07));
        assert!(ws.units[0].reports(zz01) && ws.units[1].reports(zz01));
    }

    #[test]
    fn the_flat_band_is_a_share() {
        let units = "[[units]]\nname = \"甲\"\ntype = \"部门\"\n";
        assert_eq!(parse(&format!("{HEAD}{units}")).unwrap().flat_band, 0.02);
        let ws = parse(&format!("{HEAD}[report]\nflat_band = 0.05\n{units}")).unwrap();
        assert_eq!(ws.flat_band, 0.05);
        let err = parse(&format!("{HEAD}[report]\nflat_band = 2\n{units}")).unwrap_err().to_string();
        assert!(err.contains("flat_band"), "{err}");
    }
}
