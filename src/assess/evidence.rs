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
    /// Per category, the cycle's highlights: `2024年东湖街道“兵妈妈驿站”`.
    highlights: BTreeMap<String, Vec<String>>,
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
        let mut by_category: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for h in highlights.iter().filter(|h| (cycle.from..=cycle.to).contains(&h.year)) {
            let title = h.title.trim();
            if title.is_empty() || !seen.insert((h.year, h.unit.clone(), title.to_string())) {
                continue;
            }
            by_category.entry(h.category.clone()).or_default().push(format!("{}年{}“{title}”", h.year, h.unit));
        }
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
        Ok(Evidence { indicators, highlights: by_category, documents })
    }

    /// The indicator's name, or the code when the catalogue lacks it.
    pub fn name<'e>(&'e self, code: &'e str) -> &'e str {
        self.indicators.get(code).map_or(code, |(name, _)| name)
    }

    /// The returns behind `sources`: `2021—2024年东湖街道、西城街道等12个单位的统计表`.
    pub fn returns(&self, sources: &[&Fact]) -> Option<String> {
        let first = sources.iter().map(|f| f.year).min()?;
        let last = sources.iter().map(|f| f.year).max()?;
        let mut units: Vec<&str> = Vec::new();
        for f in sources {
            if !units.contains(&f.unit.as_str()) {
                units.push(&f.unit);
            }
        }
        let years = if first == last { format!("{first}年") } else { format!("{first}—{last}年") };
        let named = units.iter().take(3).copied().collect::<Vec<_>>().join("、");
        let more = if units.len() > 3 { format!("等{}个单位", units.len()) } else { String::new() };
        Some(format!("{years}{named}{more}报送的统计表"))
    }

    /// The highlights of the categories of the indicators behind `sources`.
    pub fn highlights(&self, sources: &[&Fact]) -> Vec<String> {
        let categories: BTreeSet<&str> =
            sources.iter().filter_map(|f| self.indicators.get(&f.code)).map(|(_, c)| c.as_str()).collect();
        categories.into_iter().flat_map(|c| self.highlights.get(c).into_iter().flatten().cloned()).collect()
    }
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
}
