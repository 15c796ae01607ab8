//! The units' highlights (工作亮点) written the way the published district reports write
//! them: 一是兵妈妈驿站暖兵心。东湖街道依托社区……。二是……。 Each item leads with its
//! title, then the unit's text with the unit named as the actor, tidied of the marks of a
//! spreadsheet cell (line breaks, list numbers, half-width punctuation, a trailing full
//! stop or none).

use crate::form::{HIGHLIGHT_TEXT_MAX_CHARS, HIGHLIGHT_TITLE_MAX_CHARS};
use crate::numfmt::chinese_numeral;
use crate::validate::Highlight;

/// The paragraph for `items` (in the order given), after `lead`; empty when none has a
/// text, so that a section without highlights reads as before. A title without text says
/// nothing a reader can use and is left out (`check` says so). Several items are numbered
/// and led by their titles; a single one reads as a plain sentence, since a title
/// standing alone between the lead and the text reads like a heading that lost its line.
pub(crate) fn paragraph(items: &[&Highlight], lead: &str) -> String {
    let items: Vec<&Highlight> = items.iter().copied().filter(|h| !tidy(&h.text).is_empty()).collect();
    match items.as_slice() {
        [] => String::new(),
        [only] => format!("{lead}{}", body(only)),
        many => {
            let numbered = many.iter().enumerate().map(|(i, h)| {
                let ordinal = chinese_numeral(i + 1);
                match fit(&tidy(&h.title), HIGHLIGHT_TITLE_MAX_CHARS) {
                    title if title.is_empty() => format!("{ordinal}是{}", body(h)),
                    title => format!("{ordinal}是{title}。{}", body(h)),
                }
            });
            format!("{lead}{}", numbered.collect::<String>())
        }
    }
}

/// `东湖街道依托社区开设驿站。`
fn body(h: &Highlight) -> String {
    format!("{}。", with_actor(&h.unit, &fit(&tidy(&h.text), HIGHLIGHT_TEXT_MAX_CHARS)))
}

/// Sentence-final and list punctuation a cell's text may end with; the report adds its own.
const TRAILING: &[char] = &['。', '；', '，', '、', '！', '？', '：', '.', ';', ',', '!', '?', ':'];

/// One line of running text: lines joined with ；, list numbers (1. 1、 （1） 一、) dropped,
/// half-width punctuation after Chinese made full-width, spaces between Chinese characters
/// removed, no punctuation at the end.
fn tidy(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| without_list_number(l.trim()).trim_end_matches(|c: char| TRAILING.contains(&c) || c.is_whitespace()))
        .filter(|l| !l.is_empty())
        .map(spaced)
        .collect();
    lines.join("；")
}

/// `1.` `2、` `（3）` `(4)` `一、` at the start of a line.
fn without_list_number(line: &str) -> &str {
    let rest = line.trim_start_matches(['(', '（']);
    let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    if digits.len() == rest.len() {
        return line;
    }
    let after = if rest.len() < line.len() {
        digits.strip_prefix([')', '）'])
    } else {
        digits.strip_prefix(['.', '、', '．']).filter(|r| !r.starts_with(|c: char| c.is_ascii_digit()))
    };
    after.map_or(line, str::trim_start)
}

/// Whitespace only where Latin words need it; `,;:()!?` after a Chinese character made
/// full-width.
fn spaced(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = out.chars().last();
        if c.is_whitespace() {
            let next = chars[i + 1..].iter().find(|n| !n.is_whitespace());
            let latin = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(before.as_ref()) && latin(next) && before != Some(' ') {
                out.push(' ');
            }
            continue;
        }
        let chinese = before.is_some_and(|b| !b.is_ascii());
        let full = match c {
            ',' if chinese => '，',
            ';' if chinese => '；',
            ':' if chinese => '：',
            '!' if chinese => '！',
            '?' if chinese => '？',
            '(' if chinese => '（',
            ')' if out.contains('（') => '）',
            c => c,
        };
        out.push(full);
    }
    out
}

/// `text` cut to at most `max` characters at the last sentence end within them, else the
/// last comma, else hard; without the punctuation it was cut at.
fn fit(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_string();
    }
    let head = &chars[..max];
    let cut_at = |marks: &[char]| head.iter().rposition(|c| marks.contains(c)).filter(|&i| i >= max / 3);
    let end = cut_at(&['。', '！', '？', '；']).or_else(|| cut_at(&['，', '、'])).unwrap_or(max);
    head[..end].iter().collect::<String>().trim_end_matches(TRAILING).to_string()
}

/// Ways a unit names itself, replaced by its name: 我局, 本单位, 我街道 …
const SELF_NAMES: [&str; 2] = ["我", "本"];
const SELF_NOUNS: [&str; 15] =
    ["单位", "街道", "镇", "局", "委", "办", "部", "队", "院", "所", "中心", "会", "馆", "站", "处"];
/// A first clause that says when (春节期间，3月，): the unit follows it.
const WHEN: [&str; 10] = ["年", "月", "日", "期间", "前夕", "之际", "以来", "年初", "年底", "当天"];

/// The unit as the actor: `我局`/`本单位` become its name; a text that starts with the
/// name, or with the district (全区, 我区 → 全区) as the actor, is left alone; after a
/// short time clause (`春节期间，`) or else in front, the name is put in.
fn with_actor(unit: &str, text: &str) -> String {
    if text.starts_with(unit) || text.starts_with("全区") {
        return text.to_string();
    }
    if let Some(rest) = text.strip_prefix("我区") {
        return format!("全区{rest}");
    }
    for own in SELF_NAMES {
        if let Some(rest) = text.strip_prefix(own) {
            if let Some(noun) = SELF_NOUNS.iter().filter(|n| rest.starts_with(**n)).max_by_key(|n| n.len()) {
                return format!("{unit}{}", &rest[noun.len()..]);
            }
        }
    }
    if let Some((when, rest)) = text.split_once('，') {
        if when.chars().count() <= 10 && WHEN.iter().any(|w| when.ends_with(w)) && !rest.starts_with(unit) {
            return format!("{when}，{}", with_actor(unit, rest));
        }
    }
    format!("{unit}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::UnitType;

    fn h(unit: &str, title: &str, text: &str) -> Highlight {
        Highlight {
            year: 2024,
            unit: unit.into(),
            unit_type: UnitType::Street,
            category: "拥军优属".into(),
            title: title.into(),
            text: text.into(),
            public: true,
            file: "a.xlsx".into(),
            sheet: "工作亮点".into(),
            cell: "B4".into(),
        }
    }

    #[test]
    fn items_are_numbered_with_the_unit_as_actor() {
        let a = h("东湖街道", "兵妈妈驿站暖兵心", "依托社区开设“兵妈妈驿站”，为官兵提供缝补、理发等服务。\n");
        let b = h("区妇联", "", "我会组织“巾帼拥军”志愿服务队 ");
        let c = h("区教育局", "只有标题", "");
        assert_eq!(
            paragraph(&[&a, &b, &c], "各单位创新拥军方式。"),
            "各单位创新拥军方式。一是兵妈妈驿站暖兵心。东湖街道依托社区开设“兵妈妈驿站”，为官兵提供缝补、理发等服务。\
             二是区妇联组织“巾帼拥军”志愿服务队。"
        );
        assert_eq!(paragraph(&[&a], ""), "东湖街道依托社区开设“兵妈妈驿站”，为官兵提供缝补、理发等服务。");
        assert_eq!(paragraph(&[&c], "引言。"), "");
        assert_eq!(paragraph(&[], "引言。"), "");
    }

    #[test]
    fn actor_after_a_time_clause_or_as_written() {
        assert_eq!(with_actor("西城街道", "春节期间，走访慰问军属120户"), "春节期间，西城街道走访慰问军属120户");
        assert_eq!(with_actor("西城街道", "西城街道联合驻区部队开展活动"), "西城街道联合驻区部队开展活动");
        assert_eq!(with_actor("区退役军人事务局", "本局建成服务中心"), "区退役军人事务局建成服务中心");
        assert_eq!(with_actor("南山镇", "我镇建成双拥公园"), "南山镇建成双拥公园");
        assert_eq!(with_actor("南山镇", "在八一前夕举办联欢"), "南山镇在八一前夕举办联欢");
        assert_eq!(with_actor("区民政局", "我区率先建成"), "全区率先建成");
        assert_eq!(with_actor("南山镇", "2024年，建成双拥公园"), "2024年，南山镇建成双拥公园");
    }

    #[test]
    fn cell_text_is_tidied() {
        assert_eq!(tidy("1. 开展慰问；\n2、组织义诊。\n\n（3）举办 联欢会!"), "开展慰问；组织义诊；举办联欢会");
        assert_eq!(tidy("为官兵提供服务,效果良好(见附件)."), "为官兵提供服务，效果良好（见附件）");
        assert_eq!(tidy("引进 AI 平台 2.0 版, Windows XP 系统"), "引进AI平台2.0版，Windows XP系统");
        assert_eq!(tidy("2024年开展活动"), "2024年开展活动");
    }

    #[test]
    fn long_text_is_cut_at_a_sentence_end() {
        let text = format!("{}。{}", "甲".repeat(200), "乙".repeat(200));
        assert_eq!(fit(&text, 300), "甲".repeat(200));
        let commas = format!("{}，{}", "甲".repeat(150), "乙".repeat(200));
        assert_eq!(fit(&commas, 300), "甲".repeat(150));
        assert_eq!(fit(&"丙".repeat(400), 300).chars().count(), 300);
        assert_eq!(fit("短", 300), "短");
    }
}
