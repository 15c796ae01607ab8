//! The district's title record (`titles` in shuangyong.toml) as the report's opening
//! quotes it: 我区于2016年、2020年两次被命名为“全国双拥模范城”, and the title sought next.

use serde::Serialize;

use crate::numfmt::chinese_numeral;

/// What the template may say of the titles; every field empty without any.
#[derive(Debug, Default, PartialEq, Serialize)]
pub(crate) struct Record {
    /// The years the district was named, in the order given: `[2016, 2020]`.
    pub years: Vec<i32>,
    /// The title as the district bears it, from the latest entry: 全国双拥模范城 (the
    /// generic （县）, a 第十一届 and a run such as （二连冠） are not part of it).
    pub name: String,
    /// How many times, in words: 两次.
    pub times: String,
    /// The run sought next: 三连冠 after two titles.
    pub next: String,
}

/// The record of `titles` (`2016年全国双拥模范城（县）`, `2020年第十一届全国双拥模范城（县）（二连冠）`).
/// An entry without a year still counts and names the title.
pub(crate) fn record(titles: &[String]) -> Record {
    let Some(last) = titles.last() else { return Record::default() };
    let years = titles.iter().filter_map(|t| year_of(t)).collect();
    let count = titles.len();
    Record {
        years,
        name: name_of(last),
        times: format!("{}次", if count == 2 { "两".to_string() } else { chinese_numeral(count) }),
        next: format!("{}连冠", chinese_numeral(count + 1)),
    }
}

fn year_of(title: &str) -> Option<i32> {
    let digits: String = title.trim().chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten()
}

/// The title without its year, edition and parenthesised remarks.
fn name_of(title: &str) -> String {
    let t = title.trim();
    let t = match t.split_once('年') {
        Some((year, rest)) if year.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => t,
    };
    let t = match t.strip_prefix('第').and_then(|r| r.split_once('届')) {
        Some((_, rest)) => rest,
        None => t,
    };
    let mut out = String::new();
    let mut depth = 0usize;
    for c in t.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_names_years_title_and_the_next_run() {
        let titles =
            ["2016年全国双拥模范城（县）".to_string(), "2020年第十一届全国双拥模范城（县）（二连冠）".to_string()];
        assert_eq!(
            record(&titles),
            Record {
                years: vec![2016, 2020],
                name: "全国双拥模范城".into(),
                times: "两次".into(),
                next: "三连冠".into()
            }
        );
        let one = record(&["2022年省级双拥模范城".to_string()]);
        assert_eq!((one.name.as_str(), one.times.as_str(), one.next.as_str()), ("省级双拥模范城", "一次", "二连冠"));
        assert_eq!(record(&[]), Record::default());
    }
}
