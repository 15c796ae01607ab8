//! The district's title record as offices write it, from the workspace's `titles`
//! (`2016年全国双拥模范城（县）`, `2020年第十一届全国双拥模范城（县）（二连冠）`): 我区于2016年、
//! 2020年两次被命名为“全国双拥模范城”. The generic name 双拥模范城（县） becomes the
//! district's own (城 for a 区 or 市, 县 for a 县), a 届 or a 连冠 in brackets is dropped
//! (the years say it), and the title sought is the one held last, or the national one.

use crate::numfmt::chinese_numeral;

/// One entry of `titles`, read: the year (when it leads the entry) and the title's name.
#[derive(Debug, PartialEq)]
struct Entry {
    year: Option<String>,
    name: String,
}

/// The title's own name for `region`: 双拥模范城（县） → 双拥模范城 for a district or a city,
/// 双拥模范县 for a county.
fn own_name(region: &str, name: &str) -> String {
    name.replace("双拥模范城（县）", own(region)).replace("双拥模范城(县)", own(region))
}

/// 双拥模范城 for a district or a city, 双拥模范县 for a county: the title's own name.
pub fn own(region: &str) -> &'static str {
    if region.ends_with('县') {
        "双拥模范县"
    } else {
        "双拥模范城"
    }
}

fn read(region: &str, title: &str) -> Entry {
    let title = title.trim();
    let digits: String = title.chars().take_while(char::is_ascii_digit).collect();
    let (year, rest) = match title[digits.len()..].strip_prefix('年') {
        Some(rest) if digits.len() == 4 => (Some(digits), rest),
        _ => (None, title),
    };
    // 第十一届: the round, which the year already says.
    let rest = match (rest.strip_prefix('第'), rest.find('届')) {
        (Some(_), Some(end)) => &rest[end + '届'.len_utf8()..],
        _ => rest,
    };
    // （二连冠）and the like after the name: the count of years says it.
    let mut name = rest.trim().to_string();
    while let Some(open) = name.rfind('（').filter(|_| name.ends_with('）')) {
        let inner = &name[open + '（'.len_utf8()..name.len() - '）'.len_utf8()];
        if inner == "县" {
            break;
        }
        name.truncate(open);
    }
    Entry { year, name: own_name(region, name.trim()) }
}

/// `我区于2016年、2020年两次被命名为“全国双拥模范城”`; titles of different names each get
/// their clause (`我区于2012年被命名为“江苏省双拥模范城”，2016年、2020年两次被命名为……`);
/// entries without a leading year are quoted as the office wrote them. `None` without
/// titles.
pub fn record(region: &str, titles: &[String]) -> Option<String> {
    let entries: Vec<Entry> = titles.iter().map(|t| read(region, t)).filter(|e| !e.name.is_empty()).collect();
    if entries.is_empty() {
        return None;
    }
    let mut names: Vec<&str> = Vec::new();
    for e in &entries {
        if !names.contains(&e.name.as_str()) {
            names.push(&e.name);
        }
    }
    let clauses: Vec<String> = names
        .iter()
        .map(|name| {
            let of_name: Vec<&Entry> = entries.iter().filter(|e| e.name == *name).collect();
            let years: Vec<&str> = of_name.iter().filter_map(|e| e.year.as_deref()).collect();
            match years.len() {
                0 => format!("获得“{name}”称号"),
                1 => format!("于{}年被命名为“{name}”", years[0]),
                n => format!(
                    "于{}年{}次被命名为“{name}”",
                    years.join("年、"),
                    if n == 2 { "两".to_string() } else { chinese_numeral(n) }
                ),
            }
        })
        .collect();
    Some(format!("{}{}", we(region), clauses.join("，")))
}

/// The title the district seeks: the one it holds last (its own name), else the national
/// title under the district's name.
pub fn sought(region: &str, titles: &[String]) -> String {
    titles
        .iter()
        .rev()
        .map(|t| read(region, t))
        .find(|e| !e.name.is_empty())
        .map_or_else(|| own_name(region, "全国双拥模范城（县）"), |e| e.name)
}

/// `“三连冠”` when the district held the title sought in the cycles before, else empty.
pub fn streak(region: &str, titles: &[String]) -> String {
    let sought = sought(region, titles);
    let held = titles.iter().map(|t| read(region, t)).filter(|e| e.name == sought).count();
    match held {
        0 => String::new(),
        n => format!("“{}连冠”", chinese_numeral(n + 1)),
    }
}

/// 我区, 我县, 我市: how the district names itself in its own text.
pub fn we(region: &str) -> String {
    match region.chars().last() {
        Some(c @ ('区' | '县' | '市' | '旗')) => format!("我{c}"),
        _ => "我区".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_record_reads_as_offices_write_it() {
        let t = titles(&["2016年全国双拥模范城（县）", "2020年全国双拥模范城（县）（二连冠）"]);
        assert_eq!(record("示例区", &t).unwrap(), "我区于2016年、2020年两次被命名为“全国双拥模范城”");
        assert_eq!(sought("示例区", &t), "全国双拥模范城");
        assert_eq!(streak("示例区", &t), "“三连冠”");
        let t = titles(&["2020年第十一届全国双拥模范城（县）"]);
        assert_eq!(record("某县", &t).unwrap(), "我县于2020年被命名为“全国双拥模范县”");
        let t = titles(&[
            "2012年江苏省双拥模范城",
            "2016年全国双拥模范城（县）",
            "2020年全国双拥模范城（县）",
            "2024年全国双拥模范城（县）",
        ]);
        assert_eq!(
            record("某区", &t).unwrap(),
            "我区于2012年被命名为“江苏省双拥模范城”，于2016年、2020年、2024年三次被命名为“全国双拥模范城”"
        );
        assert_eq!(record("某区", &titles(&["省级双拥模范城"])).unwrap(), "我区获得“省级双拥模范城”称号");
        assert_eq!(record("某区", &[]), None);
        assert_eq!((sought("某区", &[]), streak("某区", &[])), ("全国双拥模范城".to_string(), String::new()));
    }
}
