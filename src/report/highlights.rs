//! The units' highlights (工作亮点) written the way the published district reports write
//! them: 一是兵妈妈驿站暖兵心。东湖街道依托社区……。二是……。 Each item leads with its
//! title, then the unit's text with the unit named as the actor, tidied of the marks of a
//! spreadsheet cell (line breaks, list numbers, half-width punctuation, a trailing full
//! stop or none). The unit's words are its own: never read as Markdown, and a unit is
//! named throughout as the report names it.

use crate::form::{HIGHLIGHT_TEXT_MAX_CHARS, HIGHLIGHT_TITLE_MAX_CHARS};
use crate::numfmt::chinese_numeral;
use crate::template::literal;
use crate::validate::Highlight;

/// The paragraph for `items` (in the order given); empty when none has a text, so that a
/// section without highlights reads as before. A title without text says nothing a
/// reader can use and is left out (`check` says so). Several items follow `lead`,
/// numbered and led by their titles; a single one is a plain sentence without the lead
/// (a lead announcing a group of practices before one), and still names its title:
/// 区人民武装部围绕“民兵应急分队实战化训练”，…… unless its text names it already.
pub(crate) fn paragraph(items: &[&Highlight], lead: &str) -> String {
    let items: Vec<&Highlight> = items.iter().copied().filter(|h| !tidy(&h.text).is_empty()).collect();
    match items.as_slice() {
        [] => String::new(),
        [only] => literal(&single(only)),
        many => {
            let numbered = many.iter().enumerate().map(|(i, h)| {
                let ordinal = chinese_numeral(i + 1);
                match title(h) {
                    None => format!("{ordinal}是{}", body(h)),
                    Some(title) => format!("{ordinal}是{title}。{}", body(h)),
                }
            });
            format!("{lead}{}", literal(&numbered.collect::<String>()))
        }
    }
}

/// One practice among others, as its unit wrote it: the text with the unit as the actor
/// and no brand named unless the text names one (a title such as 清明祭英烈 is what the
/// unit did, not a brand). Empty without a text.
pub(crate) fn practice(h: &Highlight) -> String {
    if tidy(&h.text).is_empty() {
        return String::new();
    }
    literal(&body(h))
}

/// The title tidied, or none when it is empty or too long to cut at a phrase end: a
/// title cut in the middle of a word reads as a slip.
fn title(h: &Highlight) -> Option<String> {
    phrase_cut(&tidy(&h.title), HIGHLIGHT_TITLE_MAX_CHARS).filter(|t| !t.is_empty())
}

/// A lone highlight: its text with the unit as the actor, its title named in front when
/// the text does not name it. A title that quotes a brand (退役军人就业服务“直通车”) is
/// one: 打造……品牌; any other may be what the unit did rather than a brand (民兵应急分队
/// 实战化训练, 助力乡村振兴), which an office leads with 围绕“……” (以……为抓手 would make an
/// aim such as 助力乡村振兴 a means).
fn single(h: &Highlight) -> String {
    let sentence = body(h);
    let Some(title) = title(h) else { return sentence };
    if names_brand(&sentence, &title) {
        return sentence;
    }
    // The unit is named once, in front: after a time clause (春节前夕，西城街道……) too.
    let rest = match sentence.strip_prefix(h.unit.as_str()) {
        Some(rest) => rest.to_string(),
        None => sentence.replacen(&format!("，{}", h.unit), "，", 1),
    };
    let rest = rest.trim_start_matches('，');
    if quoted(&title).next().is_some() {
        format!("{}打造{title}品牌，{rest}", h.unit)
    } else {
        format!("{}围绕“{title}”，{rest}", h.unit)
    }
}

/// Whether `text` names the brand of `title`: the title's quoted part or the whole
/// title, or a term the text quotes that the title contains (“兵妈妈驿站” for
/// 兵妈妈驿站暖兵心).
fn names_brand(text: &str, title: &str) -> bool {
    let core = quoted(title).next().unwrap_or(title);
    text.contains(core) || quoted(text).any(|q| q.chars().count() >= 2 && title.contains(q))
}

/// The “quoted” terms of a text, in order.
fn quoted(text: &str) -> impl Iterator<Item = &str> {
    text.split('“').skip(1).filter_map(|part| part.split_once('”').map(|(inner, _)| inner)).filter(|q| !q.is_empty())
}

/// `东湖街道依托社区开设驿站。`
fn body(h: &Highlight) -> String {
    format!("{}。", with_actor(&h.unit, &fit(&tidy(&h.text), HIGHLIGHT_TEXT_MAX_CHARS)))
}

/// One name per unit: a unit's text names other units (and itself) by their short
/// names (区人社局); the report names them as everywhere else.
pub(crate) struct Names {
    /// (what a text may say, what the report prints), longest first.
    pairs: Vec<(String, String)>,
}

impl Names {
    /// `pairs` of (alias or roster name, the name printed).
    pub fn new(mut pairs: Vec<(String, String)>) -> Names {
        pairs.retain(|(from, to)| !from.is_empty() && from != to);
        pairs.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        Names { pairs }
    }

    /// `text` with every name in it as the report prints it; a printed name already in
    /// the text stays as it is, unless a longer name to rewrite starts there.
    pub fn rewrite(&self, text: &str, printed: &[String]) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let kept = printed.iter().filter(|n| rest.starts_with(n.as_str())).map(String::len).max().unwrap_or(0);
            match self.pairs.iter().find(|(from, _)| rest.starts_with(from.as_str())) {
                Some((from, to)) if from.len() > kept => {
                    out.push_str(to);
                    rest = &rest[from.len()..];
                }
                _ => {
                    let step = kept.max(c.len_utf8());
                    out.push_str(&rest[..step]);
                    rest = &rest[step..];
                }
            }
        }
        out
    }
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

/// `text` cut to at most `max` characters at a phrase end ([`phrase_cut`]), else hard.
fn fit(text: &str, max: usize) -> String {
    phrase_cut(text, max).unwrap_or_else(|| text.chars().take(max).collect())
}

/// `text` whole when it has at most `max` characters, else cut at the last sentence end
/// within them, else the last comma, without the punctuation it was cut at; none when
/// neither is in reach.
fn phrase_cut(text: &str, max: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return Some(text.to_string());
    }
    let head = &chars[..max];
    let cut_at = |marks: &[char]| head.iter().rposition(|c| marks.contains(c)).filter(|&i| i >= max / 3);
    let end = cut_at(&['。', '！', '？', '；']).or_else(|| cut_at(&['，', '、']))?;
    Some(head[..end].iter().collect::<String>().trim_end_matches(TRAILING).to_string())
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
        assert_eq!(paragraph(&[&c], "引言。"), "");
        assert_eq!(paragraph(&[], "引言。"), "");
    }

    /// Issue 19: a lone highlight drops the lead (no 一批 before one item) and keeps its
    /// brand: named by its text, or in front of it.
    #[test]
    fn a_single_highlight_still_names_its_brand() {
        let named = h("东湖街道", "兵妈妈驿站暖兵心", "依托社区开设“兵妈妈驿站”，为官兵提供缝补服务");
        assert_eq!(
            paragraph(&[&named], "涌现出一批特色做法。"),
            "东湖街道依托社区开设“兵妈妈驿站”，为官兵提供缝补服务。"
        );
        // A title that is what the unit did, not a brand, leads as 围绕“……”.
        let unnamed = h("区人民武装部", "民兵应急分队实战化训练", "组织民兵开展防汛抢险演练6次");
        assert_eq!(
            paragraph(&[&unnamed], "引。"),
            "区人民武装部围绕“民兵应急分队实战化训练”，组织民兵开展防汛抢险演练6次。"
        );
        let quoted = h("区退役军人事务局", "退役军人就业服务“直通车”", "举办专场招聘会4场");
        assert_eq!(paragraph(&[&quoted], ""), "区退役军人事务局打造退役军人就业服务“直通车”品牌，举办专场招聘会4场。");
        // The unit named once, in front, when its text opens with a time clause.
        let later = h("西城街道", "喜报到家", "春节前夕，敲锣打鼓送喜报");
        assert_eq!(paragraph(&[&later], ""), "西城街道围绕“喜报到家”，春节前夕，敲锣打鼓送喜报。");
    }

    /// Issue 19: a unit's text is its own words, never Markdown.
    #[test]
    fn highlight_text_is_plain_text() {
        let a = h("东湖街道", "", "建设3*4米见方的宣传栏，联合A&amp;B公司，详见[链接](http://x.cn)，*加粗*");
        let md = paragraph(&[&a], "");
        let blocks = crate::template::paragraph_texts(&md);
        assert_eq!(blocks, ["东湖街道建设3*4米见方的宣传栏，联合A&amp;B公司，详见[链接](http://x.cn)，*加粗*。"]);
    }

    #[test]
    fn units_are_named_as_the_report_names_them() {
        let names = Names::new(vec![
            ("区人社局".into(), "区人力资源和社会保障局".into()),
            ("驻区某部一营".into(), "驻区某部".into()),
            ("区人武部".into(), "区人民武装部".into()),
        ]);
        let printed = ["区人力资源和社会保障局".to_string(), "驻区某部".to_string(), "区人民武装部".to_string()];
        assert_eq!(
            names.rewrite("联合区人社局、区人民武装部和驻区某部一营、区人武部", &printed),
            "联合区人力资源和社会保障局、区人民武装部和驻区某部、区人民武装部"
        );
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
    fn long_text_is_cut_at_a_phrase_end() {
        let text = format!("{}。{}", "甲".repeat(200), "乙".repeat(200));
        assert_eq!(fit(&text, 300), "甲".repeat(200));
        let commas = format!("{}，{}", "甲".repeat(150), "乙".repeat(200));
        assert_eq!(fit(&commas, 300), "甲".repeat(150));
        assert_eq!(fit(&"丙".repeat(400), 300).chars().count(), 300);
        assert_eq!(fit("短", 300), "短");
        assert_eq!(phrase_cut(&"丙".repeat(40), 30), None, "a title is never cut mid-word");
    }
}
