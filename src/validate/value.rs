//! Reading one value cell as units fill it in, by the contract's rules:
//! - numbers, or text holding a number: full-width digits (３８６), thousands separators
//!   (1,715 and 1，715), stray spaces, a trailing unit of measure equal to the
//!   indicator's (386人, 3500万元);
//! - a qualifier (约 近 大约 将近 逾 超过 before; 余 多 许 左右 以上 + after: 3500余,
//!   约200, 0.3万余人次): accepted as that number, flagged approximate; with a
//!   qualifier a magnitude word alone is one of it (近百 is about 100, 千余人 about 1000);
//! - empty, a dash (- — – ―) or a slash (/ ／ \): not reported, which is not zero;
//! - `无`: zero;
//! - anything else, a negative number, a fraction where the indicator counts whole
//!   things: a problem.
//!
//! Magnitude words are arithmetic, applied only where the result is unambiguous: `万`,
//! `亿`, `千`, `百` before the unit of measure (or alone) multiply, and a unit written in
//! a different magnitude of the indicator's own (`元` or `亿元` for `万元`) is
//! converted. So `2000万` for an indicator in 万元 is 2000, `0.3万余` for one in 人次 is
//! about 3000, and `35000000元` for one in 万元 is 3500. A different unit of measure
//! (`386人次` where the indicator counts 人) is refused, never guessed.

use crate::intake::text;
use crate::intake::CellValue;
use crate::numfmt::tidy;
use crate::numfmt::typed_figure;

/// What a value cell says once read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// Empty, a dash or a slash: the unit does not report this indicator (not zero).
    NotReported,
    Number {
        value: f64,
        approximate: bool,
    },
}

/// Why a value cell is not a usable number; each carries what the message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Text, a date, a logical value or an error value: says what was found and what
    /// to write instead.
    NotANumber(String),
    Negative(f64),
    NotInteger(f64),
    /// A formula whose result was never saved.
    FormulaNoValue,
}

/// Reads a value cell for an indicator measured in `measure` (`人`, `万元` …); `integer`
/// when the indicator counts whole things.
pub fn read_value(cell: &CellValue, measure: &str, integer: bool) -> Result<Reading, Problem> {
    let reading = match cell {
        CellValue::Empty => Reading::NotReported,
        CellValue::Number(n) => Reading::Number { value: *n, approximate: false },
        CellValue::Text(t) => parse_text(t, measure).map_err(Problem::NotANumber)?,
        CellValue::Bool(_) => {
            return Err(Problem::NotANumber("单元格是逻辑值（TRUE/FALSE），不是数字，请直接填写数字".into()))
        }
        CellValue::Date { serial, shown } => {
            let hint = if serial.is_finite() {
                format!("，其中的数字是 {}", typed_figure(*serial))
            } else {
                String::new()
            };
            return Err(Problem::NotANumber(format!(
                "单元格被设成了日期或时间格式，显示为 {shown}{hint}，请把单元格格式改为“常规”或“数值”后重新填写数字"
            )));
        }
        CellValue::Error(e) => {
            return Err(Problem::NotANumber(format!("单元格显示错误值 {e}，公式出错了，请改正公式或直接填写数字")))
        }
        CellValue::FormulaNoValue(_) => return Err(Problem::FormulaNoValue),
    };
    let Reading::Number { value, approximate } = reading else { return Ok(reading) };
    let value = tidy(value);
    if value < 0.0 {
        return Err(Problem::Negative(value));
    }
    if integer && value.fract() != 0.0 {
        return Err(Problem::NotInteger(value));
    }
    Ok(Reading::Number { value, approximate })
}

const PREFIXES: [&str; 6] = ["大约", "将近", "超过", "约", "近", "逾"];
const SUFFIXES: [&str; 6] = ["左右", "以上", "余", "多", "许", "+"];
const MAGNITUDES: [(char, f64); 4] = [('百', 1e2), ('千', 1e3), ('万', 1e4), ('亿', 1e8)];

fn parse_text(raw: &str, measure: &str) -> Result<Reading, String> {
    let s: String = text::compact(raw)
        .chars()
        .map(|c| match c {
            '−' | '－' => '-',
            '。' => '.',
            c => c,
        })
        .collect();
    if s.is_empty() || s.chars().all(|c| matches!(c, '-' | '—' | '–' | '―' | '─' | '/' | '\\')) {
        return Ok(Reading::NotReported);
    }
    if s == "无" {
        return Ok(Reading::Number { value: 0.0, approximate: false });
    }
    let mut rest = s.as_str();
    let mut approximate = false;
    while let Some(p) = PREFIXES.iter().find(|p| rest.starts_with(*p)) {
        rest = &rest[p.len()..];
        approximate = true;
    }
    let negative = rest.starts_with('-');
    rest = rest.strip_prefix(['-', '+']).unwrap_or(rest);
    let digits_end = rest.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(rest.len());
    let (number, mut suffix) = rest.split_at(digits_end);
    let bare_magnitude = number.is_empty() && suffix.starts_with(|c| MAGNITUDES.iter().any(|(m, _)| *m == c));
    if !bare_magnitude && !number.bytes().any(|b| b.is_ascii_digit()) {
        return Err(not_a_number_hint(&s));
    }
    let number = if bare_magnitude { 1.0 } else { parse_number(number)? };

    let (unit_scale, base) = split_magnitude(measure);
    suffix = strip_qualifiers(suffix, &mut approximate);
    let compact_measure = text::compact(measure);
    let written_unit = if !compact_measure.is_empty() && suffix.ends_with(compact_measure.as_str()) {
        suffix = &suffix[..suffix.len() - compact_measure.len()];
        WrittenUnit::Measure
    } else if !base.is_empty() && suffix.ends_with(base.as_str()) {
        suffix = &suffix[..suffix.len() - base.len()];
        WrittenUnit::Base
    } else {
        WrittenUnit::None
    };
    suffix = strip_qualifiers(suffix, &mut approximate);
    // 百 alone could be a word of the text rather than a figure; 近百 is a figure.
    if bare_magnitude && !approximate {
        return Err(not_a_number_hint(&s));
    }
    let mut scale = 1.0;
    for c in suffix.chars() {
        match MAGNITUDES.iter().find(|(m, _)| *m == c) {
            Some((_, f)) => scale *= f,
            None => return Err(unit_hint(raw, measure)),
        }
    }
    let factor = match written_unit {
        WrittenUnit::Measure => scale,
        WrittenUnit::Base => scale / unit_scale,
        WrittenUnit::None if suffix.is_empty() => 1.0,
        WrittenUnit::None => scale / unit_scale,
    };
    let value = number * factor;
    Ok(Reading::Number { value: if negative { -value } else { value }, approximate })
}

fn strip_qualifiers<'a>(mut s: &'a str, approximate: &mut bool) -> &'a str {
    while let Some(q) = SUFFIXES.iter().find(|q| s.ends_with(*q)) {
        s = &s[..s.len() - q.len()];
        *approximate = true;
    }
    s
}

enum WrittenUnit {
    /// The indicator's own unit (`万元` for 万元).
    Measure,
    /// The same unit in another magnitude (`元` for 万元).
    Base,
    None,
}

/// `万元` → (10000, `元`); `人次` → (1, `人次`).
fn split_magnitude(measure: &str) -> (f64, String) {
    let m = text::compact(measure);
    let mut chars = m.chars();
    match chars.next().and_then(|c| MAGNITUDES.iter().find(|(mc, _)| *mc == c)) {
        Some((_, f)) if chars.as_str().chars().count() > 0 => (*f, chars.as_str().to_string()),
        _ => (1.0, m),
    }
}

/// `1,715` (grouped by threes) or `1715.5`; `1,7` and `1.2.3` are refused rather
/// than guessed.
fn parse_number(s: &str) -> Result<f64, String> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let bad = || format!("“{s}”不是规范的数字，请只用一个小数点，千位分隔符每三位一个（如 1,715）或者不用分隔符");
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(bad());
        }
    }
    let plain: String = s.chars().filter(|&c| c != ',').collect();
    let plain = if plain.starts_with('.') { format!("0{plain}") } else { plain };
    plain.parse::<f64>().map_err(|_| bad())
}

fn unit_hint(raw: &str, measure: &str) -> String {
    if measure.is_empty() {
        format!("“{}”不是数字，请只填写数字", raw.trim())
    } else {
        format!("“{}”不是数字，或计量单位不对（本指标以“{measure}”计），请按“{measure}”只填写数字", raw.trim())
    }
}

fn not_a_number_hint(s: &str) -> String {
    let placeholder = s.chars().any(|c| matches!(c, 'x' | 'X' | '×' | '*' | '?' | '？'));
    let chinese_numeral = s.chars().any(|c| "零〇一二两三四五六七八九十百千万亿".contains(c));
    let what = if placeholder {
        "这是未填写的占位符"
    } else if s.contains("若干") || s.contains("多次") || s.contains("不详") {
        "这不是一个确定的数字"
    } else if chinese_numeral {
        "请用阿拉伯数字填写"
    } else {
        "这不是数字"
    };
    format!("{what}，请填写实际数字（约数可写作“约200”“3500余”）；没有发生的填“0”或“无”，不填报的留空或填“—”")
}

/// The year in a 统计年度 cell: `2024`, `2024年`, `２０２４年度`, or 2024 shown as a
/// date because of the cell's format.
pub fn parse_year(cell: &CellValue) -> Option<i32> {
    let n = match cell {
        CellValue::Number(n) => *n,
        CellValue::Date { serial, .. } => *serial,
        CellValue::Text(t) => {
            let c = text::compact(t);
            let c = c.strip_suffix("年度").or_else(|| c.strip_suffix('年')).unwrap_or(&c);
            c.parse::<f64>().ok()?
        }
        _ => return None,
    };
    (n.fract() == 0.0 && (1900.0..=2999.0).contains(&n)).then_some(n as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str, measure: &str, integer: bool) -> Result<Reading, Problem> {
        read_value(&CellValue::Text(s.into()), measure, integer)
    }

    fn exact(v: f64) -> Result<Reading, Problem> {
        Ok(Reading::Number { value: v, approximate: false })
    }

    fn about(v: f64) -> Result<Reading, Problem> {
        Ok(Reading::Number { value: v, approximate: true })
    }

    fn is_not_a_number(r: Result<Reading, Problem>) -> bool {
        matches!(r, Err(Problem::NotANumber(_)))
    }

    #[test]
    fn numbers_and_text_numbers() {
        assert_eq!(read_value(&CellValue::Number(386.0), "人", true), exact(386.0));
        assert_eq!(text("386", "人", true), exact(386.0));
        assert_eq!(text(" 386 ", "人", true), exact(386.0));
        assert_eq!(text("3 86", "人", true), exact(386.0));
        assert_eq!(text("12.5", "万元", false), exact(12.5));
        assert_eq!(text(".5", "万元", false), exact(0.5));
        assert_eq!(text("0", "人", true), exact(0.0));
    }

    #[test]
    fn full_width_digits_and_separators() {
        assert_eq!(text("３８６", "人", true), exact(386.0));
        assert_eq!(text("１，７１５", "人", true), exact(1715.0));
        assert_eq!(text("1,715", "人", true), exact(1715.0));
        assert_eq!(text("1,234,567.5", "万元", false), exact(1234567.5));
        assert_eq!(text("3５．5", "万元", false), exact(35.5));
        assert_eq!(text("12。5", "万元", false), exact(12.5));
        assert_eq!(text("　386　", "人", true), exact(386.0));
    }

    #[test]
    fn malformed_separators_are_refused() {
        assert!(is_not_a_number(text("1,7", "人", true)));
        assert!(is_not_a_number(text("1,7155", "人", true)));
        assert!(is_not_a_number(text("1.2.3", "万元", false)));
        assert!(is_not_a_number(text("12.", "万元", false)));
    }

    #[test]
    fn trailing_unit_equal_to_the_indicators() {
        assert_eq!(text("386人", "人", true), exact(386.0));
        assert_eq!(text("3500万元", "万元", false), exact(3500.0));
        assert_eq!(text("200 人次", "人次", true), exact(200.0));
        assert_eq!(text("85%", "%", false), exact(85.0));
        assert!(is_not_a_number(text("386人次", "人", true)));
        assert!(is_not_a_number(text("5个", "人", true)));
    }

    #[test]
    fn magnitudes_are_applied_when_unambiguous() {
        assert_eq!(text("2000万", "万元", false), exact(2000.0));
        assert_eq!(text("35000000元", "万元", false), exact(3500.0));
        assert_eq!(text("1.2亿元", "万元", false), exact(12000.0));
        assert_eq!(text("1.2亿", "万元", false), exact(12000.0));
        assert_eq!(text("3万", "人次", true), exact(30000.0));
        assert_eq!(text("0.35万人", "人", true), exact(3500.0));
        assert_eq!(text("0.3万人次", "人次", true), exact(3000.0));
    }

    #[test]
    fn qualifiers_make_approximate_values() {
        assert_eq!(text("3500余", "万元", false), about(3500.0));
        assert_eq!(text("3500余万元", "万元", false), about(3500.0));
        assert_eq!(text("3500多万元", "万元", false), about(3500.0));
        assert_eq!(text("约200", "次", true), about(200.0));
        assert_eq!(text("近200次", "次", true), about(200.0));
        assert_eq!(text("200次左右", "次", true), about(200.0));
        assert_eq!(text("200左右", "次", true), about(200.0));
        assert_eq!(text("500人以上", "人", true), about(500.0));
        assert_eq!(text("200余次", "次", true), about(200.0));
        assert_eq!(text("0.3万余人次", "人次", true), about(3000.0));
        assert_eq!(text("40+", "家", true), about(40.0));
        assert_eq!(text("大约 1,500 人", "人", true), about(1500.0));
    }

    #[test]
    fn a_qualified_magnitude_word_alone_is_one_of_it() {
        assert_eq!(text("近百", "次", true), about(100.0));
        assert_eq!(text("近百次", "次", true), about(100.0));
        assert_eq!(text("千余人", "人", true), about(1000.0));
        assert_eq!(text("近千万元", "万元", false), about(1000.0));
        assert!(is_not_a_number(text("百", "次", true)));
        assert!(is_not_a_number(text("百次", "次", true)));
    }

    #[test]
    fn not_reported_is_not_zero() {
        for s in ["", "  ", "—", "——", "-", "--", "/", "／", "－", "\\"] {
            assert_eq!(text(s, "人", true), Ok(Reading::NotReported), "{s:?}");
        }
        assert_eq!(read_value(&CellValue::Empty, "人", true), Ok(Reading::NotReported));
        assert_eq!(text("无", "人", true), exact(0.0));
        assert_eq!(text(" 无 ", "人", true), exact(0.0));
    }

    #[test]
    fn anything_else_is_not_a_number() {
        for s in ["xx次", "XX", "若干", "多次", "三次", "见附件", "2024-01-01", "无数据", "1e3"] {
            assert!(is_not_a_number(text(s, "次", true)), "{s:?}");
        }
        let Err(Problem::NotANumber(m)) = text("xx次", "次", true) else { panic!() };
        assert!(m.contains("占位符"), "{m}");
        let Err(Problem::NotANumber(m)) = text("三次", "次", true) else { panic!() };
        assert!(m.contains("阿拉伯数字"), "{m}");
    }

    #[test]
    fn negative_values() {
        assert_eq!(text("-5", "人", true), Err(Problem::Negative(-5.0)));
        assert_eq!(text("−5", "人", true), Err(Problem::Negative(-5.0)));
        assert_eq!(text("－5人", "人", true), Err(Problem::Negative(-5.0)));
        assert_eq!(read_value(&CellValue::Number(-1.5), "万元", false), Err(Problem::Negative(-1.5)));
    }

    #[test]
    fn fractions_where_whole_things_are_counted() {
        assert_eq!(read_value(&CellValue::Number(2.5), "人", true), Err(Problem::NotInteger(2.5)));
        assert_eq!(text("2.5", "次", true), Err(Problem::NotInteger(2.5)));
        assert_eq!(read_value(&CellValue::Number(2.5), "万元", false), exact(2.5));
        // Binary noise from a formula is not a fraction.
        assert_eq!(read_value(&CellValue::Number(0.1 * 3.0 * 10.0), "次", true), exact(3.0));
    }

    #[test]
    fn other_cell_kinds() {
        assert!(is_not_a_number(read_value(&CellValue::Bool(true), "人", true)));
        let date = CellValue::Date { serial: 386.0, shown: "1901-01-20".into() };
        let Err(Problem::NotANumber(m)) = read_value(&date, "人", true) else { panic!() };
        assert!(m.contains("1901-01-20") && m.contains("386"), "{m}");
        let Err(Problem::NotANumber(m)) = read_value(&CellValue::Error("#DIV/0!".into()), "人", true) else {
            panic!()
        };
        assert!(m.contains("#DIV/0!"), "{m}");
        assert_eq!(read_value(&CellValue::FormulaNoValue("=A1".into()), "人", true), Err(Problem::FormulaNoValue));
    }

    #[test]
    fn years() {
        assert_eq!(parse_year(&CellValue::Number(2024.0)), Some(2024));
        assert_eq!(parse_year(&CellValue::Text("2024年".into())), Some(2024));
        assert_eq!(parse_year(&CellValue::Text("２０２４年度".into())), Some(2024));
        assert_eq!(parse_year(&CellValue::Date { serial: 2024.0, shown: "1905-07-16".into() }), Some(2024));
        assert_eq!(parse_year(&CellValue::Text("二〇二四".into())), None);
        assert_eq!(parse_year(&CellValue::Number(24.0)), None);
    }
}
