//! The 佐证材料 an assessor expects beside each item's figures: the units' returns that
//! hold them (by unit and year, as the office files them, not by the units' own file
//! names), the units' 工作亮点 of the same work, and the office's own documents that its
//! notes name (《示例区双拥工作考评办法》).

use std::collections::{BTreeMap, BTreeSet};

use crate::report::without_comments;
use crate::validate::{Fact, Highlight};

use super::cycle::Cycle;

/// A file the dossier cites from cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("无法读取 {path}：{source}")]
pub struct EvidenceError {
    path: String,
    source: std::io::Error,
}

/// What the dossier cites as evidence, gathered once for the cycle.
#[derive(Debug, Default)]
pub struct Evidence {
    /// Indicator code to its name and its catalogue category.
    indicators: BTreeMap<String, (String, String)>,
    /// The cycle's highlights, each practice once.
    highlights: Vec<Cited>,
    /// The documents the office's notes of the cycle's years name, in the order found.
    pub documents: Vec<String>,
}

impl Evidence {
    /// Reads the cycle's notes files (`notes/<year>.md`; a missing one names nothing).
    pub fn gather(cycle: &Cycle, highlights: &[Highlight]) -> Result<Evidence, EvidenceError> {
        let indicators = cycle
            .ws
            .catalog
            .indicators()
            .iter()
            .map(|i| (i.code.clone(), (i.name.clone(), i.category.clone())))
            .collect();
        let cited = practices(highlights.iter().filter(|h| (cycle.from..=cycle.to).contains(&h.year)));
        let mut documents = Vec::new();
        for year in cycle.years() {
            let path = cycle.ws.notes_file(year);
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => return Err(EvidenceError { path: path.display().to_string(), source }),
            };
            for name in quoted_titles(&without_comments(&text)) {
                if !documents.contains(&name) {
                    documents.push(name);
                }
            }
        }
        Ok(Evidence { indicators, highlights: cited, documents })
    }

    /// The indicator's name, or the code when the catalogue lacks it.
    pub fn name<'e>(&'e self, code: &'e str) -> &'e str {
        self.indicators.get(code).map_or(code, |(name, _)| name)
    }

    /// The returns behind `sources` that hold a figure, the largest first:
    /// `2021—2024年区教育局、区委宣传部等11个单位报送的统计表`. A unit that reported 0
    /// holds nothing an assessor would look for.
    pub fn returns(&self, sources: &[&Fact]) -> Option<String> {
        let held = holders(sources);
        let years: Vec<i32> = sources.iter().filter(|f| f.value != 0.0).map(|f| f.year).collect();
        let (first, last) = (years.iter().min()?, years.iter().max()?);
        let years = if first == last { format!("{first}年") } else { format!("{first}—{last}年") };
        let named = held.iter().take(3).copied().collect::<Vec<_>>().join("、");
        let more = if held.len() > 3 { format!("等{}个单位", held.len()) } else { String::new() };
        Some(format!("{years}{named}{more}报送的统计表"))
    }

    /// The highlights of the units whose figures are behind `sources`, in the categories
    /// of those figures: `2024年东湖街道“兵妈妈驿站”`.
    pub fn highlights(&self, sources: &[&Fact]) -> Vec<String> {
        let held = holders(sources);
        let categories: BTreeSet<&str> = sources
            .iter()
            .filter(|f| f.value != 0.0)
            .filter_map(|f| self.indicators.get(&f.code))
            .map(|(_, c)| c.as_str())
            .collect();
        self.highlights
            .iter()
            .filter(|h| categories.contains(h.category.as_str()) && held.contains(&h.unit.as_str()))
            .map(|h| format!("{}年{}“{}”", h.year, h.unit, inner_quotes(&h.title)))
            .collect()
    }
}

/// The highlights with a title, each practice once: a practice a unit writes up again
/// the next year (“兵妈妈驿站”, then “兵妈妈驿站暖兵心”) is one practice to the assessor.
fn practices<'h>(highlights: impl Iterator<Item = &'h Highlight>) -> Vec<Cited> {
    let mut cited: Vec<Cited> = Vec::new();
    for h in highlights {
        let title = h.title.trim();
        let again = |c: &Cited| c.unit == h.unit && (c.title.contains(title) || title.contains(c.title.as_str()));
        if title.is_empty() || cited.iter().any(again) {
            continue;
        }
        cited.push(Cited {
            year: h.year,
            unit: h.unit.clone(),
            category: h.category.clone(),
            title: title.to_string(),
        });
    }
    cited
}

/// A unit's highlight as the 佐证材料 cite it.
#[derive(Debug)]
struct Cited {
    year: i32,
    unit: String,
    category: String,
    title: String,
}

/// The units with a figure other than 0 in `sources`, the largest sum first (ties in the
/// order met).
fn holders<'f>(sources: &[&'f Fact]) -> Vec<&'f str> {
    let mut sums: Vec<(&str, f64)> = Vec::new();
    for f in sources.iter().filter(|f| f.value != 0.0) {
        match sums.iter_mut().find(|(u, _)| *u == f.unit) {
            Some((_, sum)) => *sum += f.value.abs(),
            None => sums.push((&f.unit, f.value.abs())),
        }
    }
    sums.sort_by(|a, b| b.1.total_cmp(&a.1));
    sums.into_iter().map(|(u, _)| u).collect()
}

/// A title quoted inside “…”: its own double quotes become single ones (GB/T 15834).
fn inner_quotes(title: &str) -> String {
    title.replace('“', "‘").replace('”', "’")
}

/// The 《…》 titles in `text`, each once.
fn quoted_titles(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('《') {
        let after = &rest[open..];
        let Some(close) = after.find('》') else { break };
        // The innermost 《 before the 》: an unclosed one earlier is not part of it.
        let start = after[..close].rfind('《').unwrap_or(0);
        let title = &after[start..close + '》'.len_utf8()];
        if !out.iter().any(|t| t == title) {
            out.push(title.to_string());
        }
        rest = &after[close + '》'.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_named_in_notes_are_found_once() {
        let text = "印发《示例区创建工作方案》，制定《考评《办法》；《示例区创建工作方案》已落实。《未闭合";
        assert_eq!(quoted_titles(text), ["《示例区创建工作方案》", "《办法》"]);
    }

    fn fact(year: i32, unit: &str, code: &str, value: f64) -> Fact {
        Fact {
            year,
            unit: unit.into(),
            unit_type: crate::workspace::UnitType::Street,
            code: code.into(),
            value,
            approximate: false,
            file: String::new(),
            sheet: "填报表".into(),
            cell: "E5".into(),
        }
    }

    fn cited(year: i32, unit: &str, category: &str, title: &str) -> Cited {
        Cited { year, unit: unit.into(), category: category.into(), title: title.into() }
    }

    #[test]
    fn the_returns_cited_are_those_that_hold_the_figure_largest_first() {
        let facts = [
            fact(2021, "东湖街道", "GF01", 0.0),
            fact(2022, "西城街道", "GF01", 0.0),
            fact(2023, "区委宣传部", "GF01", 2.0),
            fact(2024, "某部", "GF01", 1.0),
            fact(2024, "区委宣传部", "GF01", 3.0),
        ];
        let refs: Vec<&Fact> = facts.iter().collect();
        let evidence = Evidence::default();
        assert_eq!(evidence.returns(&refs).as_deref(), Some("2023—2024年区委宣传部、某部报送的统计表"));
        assert_eq!(evidence.returns(&refs[..2]), None);
    }

    #[test]
    fn a_practice_written_up_again_is_cited_once() {
        let h = |year: i32, unit: &str, title: &str| Highlight {
            year,
            unit: unit.into(),
            unit_type: crate::workspace::UnitType::Street,
            category: "拥军优属".into(),
            title: title.into(),
            text: "内容".into(),
            public: true,
            file: String::new(),
            sheet: "工作亮点".into(),
            cell: "B3".into(),
        };
        let all = [
            h(2023, "东湖街道", "兵妈妈驿站"),
            h(2024, "东湖街道", "兵妈妈驿站暖兵心"),
            h(2024, "西城街道", "兵妈妈驿站"),
            h(2024, "西城街道", " "),
        ];
        let titles: Vec<(i32, String)> = practices(all.iter()).into_iter().map(|c| (c.year, c.unit)).collect();
        assert_eq!(titles, [(2023, "东湖街道".to_string()), (2024, "西城街道".to_string())]);
    }

    #[test]
    fn highlights_cited_are_the_contributing_units_own_each_once_quoted_inside() {
        let indicators = BTreeMap::from([
            ("GF01".to_string(), ("国防教育基地".to_string(), "国防教育".to_string())),
            ("YF02".to_string(), ("优待抚恤金".to_string(), "优抚".to_string())),
        ]);
        let highlights = vec![
            cited(2023, "区委宣传部", "国防教育", "双拥宣传进社区"),
            cited(2024, "区委宣传部", "国防教育", "“最美退役军人”选树宣传"),
            cited(2024, "东湖街道", "国防教育", "清明祭英烈"),
            cited(2024, "区委宣传部", "优抚", "优抚对象走访"),
        ];
        let evidence = Evidence { indicators, highlights, documents: Vec::new() };
        let facts = [fact(2024, "区委宣传部", "GF01", 2.0), fact(2024, "东湖街道", "GF01", 0.0)];
        let refs: Vec<&Fact> = facts.iter().collect();
        assert_eq!(
            evidence.highlights(&refs),
            ["2023年区委宣传部“双拥宣传进社区”", "2024年区委宣传部“‘最美退役军人’选树宣传”"]
        );
    }
}
