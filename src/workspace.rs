//! The workspace: `shuangyong.toml` (district, office, report year, roster of member
//! units) and the folders around it (`submissions/<year>/`, `out/`, `blank/`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::{line_of, Catalog, CatalogError};

pub const CONFIG_FILE: &str = "shuangyong.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum UnitType {
    #[serde(rename = "部门")]
    Department,
    #[serde(rename = "街道镇")]
    Street,
    #[serde(rename = "驻区部队")]
    Troop,
}

impl UnitType {
    pub const ALL: [UnitType; 3] = [UnitType::Department, UnitType::Street, UnitType::Troop];

    pub fn parse(s: &str) -> Option<UnitType> {
        match s.trim() {
            "部门" => Some(UnitType::Department),
            "街道镇" => Some(UnitType::Street),
            "驻区部队" => Some(UnitType::Troop),
            _ => None,
        }
    }

    /// The message for a unit type that is none of [`UnitType::ALL`], listing them.
    pub fn unknown(typed: &str) -> String {
        let labels: Vec<&str> = UnitType::ALL.iter().map(|t| t.label()).collect();
        let (last, rest) = labels.split_last().expect("three unit types");
        format!("单位类型“{typed}”无法识别，应为 {} 或 {last}", rest.join("、"))
    }

    pub fn label(self) -> &'static str {
        match self {
            UnitType::Department => "部门",
            UnitType::Street => "街道镇",
            UnitType::Troop => "驻区部队",
        }
    }
}

impl std::fmt::Display for UnitType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub name: String,
    pub unit_type: UnitType,
    pub authoritative: bool,
    /// Other names the unit writes in 填报单位 (abbreviations, former names).
    pub aliases: Vec<String>,
}

impl Unit {
    pub fn answers_to(&self, name: &str) -> bool {
        let name = normalize_name(name);
        normalize_name(&self.name) == name || self.aliases.iter().any(|a| normalize_name(a) == name)
    }
}

/// Unit names as typed: stray and full-width spaces do not make a different unit.
pub fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub region: String,
    pub office: String,
    pub year: i32,
    pub units: Vec<Unit>,
    pub catalog: Catalog,
    /// A workspace's own report template, replacing the bundled one.
    pub report_template: Option<PathBuf>,
    /// A workspace's own assessment dossier template, replacing the bundled one.
    pub dossier_template: Option<PathBuf>,
    /// A workspace's own assessment rules, replacing the bundled ones.
    pub assessment: Option<PathBuf>,
    /// A workspace's own 填报说明 text for blank workbooks, replacing the bundled one.
    pub intake_instructions: Option<PathBuf>,
    /// A folder of the office's own licensed fonts, tried before the bundled ones.
    pub font_dir: Option<PathBuf>,
    /// Share of change against last year beyond which a value is flagged (0.3 = 30%).
    pub change_threshold: f64,
    /// The date returns are due (`deadline = "2025-01-15"`): printed in 填报说明 and the
    /// 催报 list.
    pub deadline: Option<Deadline>,
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
    #[error("找不到工作区配置文件 {0}（工作区文件夹的根目录下应有 shuangyong.toml）")]
    Missing(String),
    #[error("无法读取 {path}：{source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path} 第 {line} 行：{message}")]
    Invalid { path: String, line: usize, message: String },
    #[error(transparent)]
    Catalog(#[from] CatalogError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    region: String,
    office: String,
    year: i32,
    catalog: Option<String>,
    report_template: Option<String>,
    dossier_template: Option<String>,
    assessment: Option<String>,
    intake_instructions: Option<String>,
    font_dir: Option<String>,
    /// A string, or a TOML date written without quotes.
    deadline: Option<Spanned<toml::Value>>,
    #[serde(default)]
    check: RawCheckSettings,
    #[serde(default)]
    units: Vec<Spanned<RawUnit>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCheckSettings {
    change_threshold: Option<f64>,
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
}

impl Workspace {
    /// Loads `dir/shuangyong.toml` and the catalogue it names.
    pub fn load(dir: &Path) -> Result<Workspace, WorkspaceError> {
        let path = dir.join(CONFIG_FILE);
        if !path.is_file() {
            return Err(WorkspaceError::Missing(path.display().to_string()));
        }
        let src = std::fs::read_to_string(&path)
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
            .map_err(|e| invalid(e.span().map(|s| s.start).unwrap_or(0), e.message().to_string()))?;

        let mut units = Vec::new();
        let mut names = BTreeSet::new();
        let mut authoritative: Option<String> = None;
        for item in &raw.units {
            let r = item.get_ref();
            let name = r.name.trim().to_string();
            if name.is_empty() {
                return Err(invalid(item.span().start, "成员单位名称为空".into()));
            }
            let unit_type = UnitType::parse(r.unit_type.get_ref()).ok_or_else(|| {
                invalid(
                    r.unit_type.span().start,
                    format!("成员单位“{name}”的{}", UnitType::unknown(r.unit_type.get_ref())),
                )
            })?;
            for n in std::iter::once(&name).chain(&r.aliases) {
                if !names.insert(normalize_name(n)) {
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
            units.push(Unit { name, unit_type, authoritative: r.authoritative, aliases: r.aliases.clone() });
        }
        if units.is_empty() {
            return Err(invalid(0, "没有成员单位：请用 [[units]] 列出成员单位".into()));
        }
        let threshold = raw.check.change_threshold.unwrap_or(0.3);
        if !(threshold > 0.0) {
            return Err(invalid(0, "check.change_threshold 应为大于 0 的比例，例如 0.3".into()));
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
        let resolve = |p: &Option<String>| p.as_ref().map(|p| dir.join(p));
        let catalog = match resolve(&raw.catalog) {
            Some(p) => Catalog::load(&p)?,
            None => Catalog::bundled(),
        };
        Ok(Workspace {
            root: dir.to_path_buf(),
            region: raw.region,
            office: raw.office,
            year: raw.year,
            units,
            catalog,
            report_template: resolve(&raw.report_template),
            dossier_template: resolve(&raw.dossier_template),
            assessment: resolve(&raw.assessment),
            intake_instructions: resolve(&raw.intake_instructions),
            font_dir: resolve(&raw.font_dir),
            change_threshold: threshold,
            deadline,
        })
    }

    pub fn unit(&self, name: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.answers_to(name))
    }

    pub fn authoritative_unit(&self) -> Option<&Unit> {
        self.units.iter().find(|u| u.authoritative)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Workspace, WorkspaceError> {
        Workspace::parse(Path::new("ws"), src)
    }

    const HEAD: &str = "region = \"示例区\"\noffice = \"办\"\nyear = 2024\n";

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
    fn misspelt_key_is_refused() {
        let err =
            parse(&format!("{HEAD}yaer = 2023\n[[units]]\nname = \"甲\"\ntype = \"部门\"\n")).unwrap_err().to_string();
        assert!(err.contains("第 4 行") && err.contains("yaer"), "{err}");
    }
}
