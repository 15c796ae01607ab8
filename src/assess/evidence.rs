//! The 佐证材料 an assessor expects beside each item's figures: the units' returns that
//! hold them (by unit and year, as the office files them, not by the units' own file
//! names), the units' 工作亮点 that speak of the item's own work (by the catalogue's
//! `keywords` of its indicators), and the office's own documents that its notes name
//! (《示例区双拥工作考评办法》).

use std::collections::{BTreeMap, BTreeSet};

use crate::report::without_comments;
use crate::validate::{Fact, Highlight};

use super::cycle::Cycle;

/// A file the dossier cites from cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("无法读取 {path}：{}", crate::foreign::io(.source))]
pub struct EvidenceError {
    path: String,
    source: std::io::Error,
}

/// What the dossier cites as evidence, gathered once for the cycle.
#[derive(Debug, Default)]
pub struct Evidence {
    /// Indicator code to its name, catalogue category and keywords.
    indicators: BTreeMap<String, Named>,
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
            .map(|i| {
                let keywords = i.keywords.iter().chain(&i.evidence_keywords).cloned().collect();
                let named = Named { name: i.name.clone(), category: i.category.clone(), keywords };
                (i.code.clone(), named)
            })
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
        self.indicators.get(code).map_or(code, |i| &i.name)
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

    /// The highlights that speak of the work behind `sources`: of an indicator's
    /// category and saying one of its keywords (区委宣传部's 双拥宣传进社区 with its 宣传栏
    /// under 双拥宣传阵地, though the streets report that figure): `2024年东湖街道“兵妈妈驿站”`.
    /// A highlight that speaks of no item's indicator is cited under none; the 汇报's
    /// 特色亮点 still tell it.
    pub fn highlights(&self, sources: &[&Fact]) -> Vec<String> {
        let codes: BTreeSet<&str> = sources.iter().map(|f| f.code.as_str()).collect();
        let indicators: Vec<&Named> = codes.iter().filter_map(|c| self.indicators.get(*c)).collect();
        self.highlights
            .iter()
            .filter(|h| {
                indicators.iter().any(|i| {
                    i.category == h.category
                        && i.keywords.iter().any(|k| h.title.contains(k.as_str()) || h.text.contains(k.as_str()))
                })
            })
            .map(|h| format!("{}年{}“{}”", h.year, h.unit, inner_quotes(&h.title)))
            .collect()
    }
}

/// What the evidence needs of a catalogue indicator.
#[derive(Debug, Default)]
struct Named {
    name: String,
    category: String,
    keywords: Vec<String>,
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
            text: h.text.clone(),
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
    text: String,
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

    fn cited(year: i32, unit: &str, category: &str, title: &str, text: &str) -> Cited {
        Cited { year, unit: unit.into(), category: category.into(), title: title.into(), text: text.into() }
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
    fn highlights_cited_are_those_that_speak_of_the_items_indicators_whoever_reports_them() {
        let named = |name: &str, category: &str, keywords: &[&str]| Named {
            name: name.into(),
            category: category.into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        };
        let indicators = BTreeMap::from([
            ("GF05".to_string(), named("双拥宣传阵地", "国防教育和双拥宣传", &["宣传栏"])),
            ("GF01".to_string(), named("国防教育基地", "国防教育和双拥宣传", &["国防教育基地"])),
            ("YF07".to_string(), named("军人子女入学入托优待", "拥军优属", &["入学入托", "宣传栏"])),
        ]);
        let highlights = vec![
            cited(2023, "区委宣传部", "国防教育和双拥宣传", "双拥宣传进社区", "在100个社区设立双拥宣传栏"),
            cited(2024, "新桥镇", "国防教育和双拥宣传", "清明祭英烈", "组织学生到烈士陵园祭扫"),
            cited(2024, "区教育局", "拥军优属", "“教育优待”", "协调就近入学入托"),
        ];
        let evidence = Evidence { indicators, highlights, documents: Vec::new() };
        let facts = [fact(2024, "新桥镇", "GF05", 2.0), fact(2024, "东湖街道", "GF05", 0.0)];
        let refs: Vec<&Fact> = facts.iter().collect();
        assert_eq!(evidence.highlights(&refs), ["2023年区委宣传部“双拥宣传进社区”"]);
        let school = [fact(2024, "区教育局", "YF07", 3.0)];
        assert_eq!(evidence.highlights(&school.iter().collect::<Vec<_>>()), ["2024年区教育局“‘教育优待’”"]);
        let bases = [fact(2024, "新桥镇", "GF01", 1.0)];
        assert!(evidence.highlights(&bases.iter().collect::<Vec<_>>()).is_empty());
    }
}
