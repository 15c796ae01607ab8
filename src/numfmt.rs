//! Numbers as the tool writes them, one function per purpose: figures in tables
//! ([`table_figure`]), figures in running text ([`prose_figure`]), a unit's figure echoed
//! back in a diagnostic
//! ([`typed_figure`]), assessment points ([`points`]), heading numerals
//! ([`chinese_numeral`]); and [`tidy`], which rounds away floating-point noise before
//! any of them sees a value.

/// A figure for a table or a document: thousands separators (千位分隔符) and no trailing
/// zeros, so that 3500.50 reads `3,500.5` and 1715 reads `1,715`.
///
/// Formats `value` rounded to at most `decimals` decimal places, with a comma every three
/// integer digits and trailing zeros of the fraction trimmed. Not-a-number and infinite
/// values, and values too large to be a figure, print as `—` (the report's sign for
/// "no figure").
pub fn table_figure(value: f64, decimals: usize) -> String {
    // No district figure comes near 10^15; past it digits are binary noise
    // (1e30 prints as 1,000,000,000,000,000,019,884,624,838,656), not a figure.
    if !value.is_finite() || value.abs() >= 1e15 {
        return "—".to_string();
    }
    let fixed = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = match fixed.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (fixed.as_str(), ""),
    };
    let mut out = String::with_capacity(fixed.len() + fixed.len() / 3 + 1);
    // Rounding can turn -0.001 into "0": no minus sign on a printed zero.
    let is_zero = int_part.bytes().all(|b| b == b'0') && frac_part.is_empty();
    if value < 0.0 && !is_zero {
        out.push('-');
    }
    let digits = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(frac_part);
    }
    out
}

/// [`table_figure`] with exactly `decimals` decimals (`339.80`, `1,715`, `85.0`): one
/// figure prints alike in every table, and a column lines up.
pub fn fixed_figure(value: f64, decimals: usize) -> String {
    let s = table_figure(value, decimals);
    let have = s.split_once('.').map_or(0, |(_, f)| f.len());
    if decimals == 0 || s == "—" {
        return s;
    }
    let mut out = s;
    if have == 0 {
        out.push('.');
    }
    out.extend(std::iter::repeat_n('0', decimals - have));
    out
}

/// A figure in running text with its unit, as district reports write them: no thousands
/// separators (`11527人次`), money to two significant figures with 余 for what was cut
/// (3848.38万元 → `3800余万元`, 14337.83万元 → `1.4亿余元`, 339.8万元 → `330余万元`; below
/// 100万元 to one decimal, 73.8万元), counts exact below 100000 and in 万 above
/// (`14.6万余人次`), percentages to one decimal. `whole` says the unit counts whole things;
/// `approximate` that a unit's 约 or 余 went into the figure: money then reads `3500余万元`, a
/// count `2200余人次`, or `约800人次` when there is nothing to cut. The report and the dossier
/// both write their figures through here.
pub fn prose_figure(value: f64, unit: &str, whole: bool, approximate: bool) -> String {
    if !value.is_finite() || value.abs() >= 1e15 || value < 0.0 {
        return format!("{}{unit}", table_figure(value, 2));
    }
    let plain = |v: f64, decimals: usize| table_figure(v, decimals).replace(',', "");
    let about = |digits: String, cut: bool, unit: &str| match (cut, approximate) {
        (true, _) => format!("{digits}余{unit}"),
        (false, true) => format!("约{digits}{unit}"),
        (false, false) => format!("{digits}{unit}"),
    };
    match unit {
        "万元" if value >= 10_000.0 => {
            let yi = value / 10_000.0;
            let kept = if yi < 10.0 { floor_to(yi, 0.1) } else { floor_to(yi, 1.0) };
            about(plain(kept, 1), cut(kept, yi), "亿元").replacen("余亿元", "亿余元", 1)
        }
        // Money says 余 whether figures were cut or a unit's approximation went in, as
        // the published texts write it (3500余万元, never 约3500万元).
        "万元" if value >= 100.0 => {
            let kept = floor_to(value, two_figures(value));
            about(plain(kept, 0), cut(kept, value) || approximate, unit)
        }
        "万元" => about(plain(value, if value >= 10.0 { 1 } else { 2 }), false, unit),
        "%" => format!("{}%", plain(value, 1)),
        // Six-figure counts read in 万, as offices say them: 146166人次 → 14.6万余人次.
        _ if whole && value >= 100_000.0 => {
            let wan = value / 10_000.0;
            let kept = floor_to(wan, 0.1);
            about(plain(kept, 1), cut(kept, wan), &format!("万{unit}")).replacen("余万", "万余", 1)
        }
        // An approximate count of five figures too: 11572 with a unit's 约 in it reads
        // 1.1万余人次, as the published texts write it (0.3万余人次).
        _ if whole && approximate && value >= 10_000.0 => {
            let wan = value / 10_000.0;
            let kept = floor_to(wan, 0.1);
            about(plain(kept, 1), true, &format!("万{unit}")).replacen("余万", "万余", 1)
        }
        _ if whole && approximate && value >= 10.0 => {
            let kept = floor_to(value, two_figures(value));
            about(plain(kept, 0), cut(kept, value), unit)
        }
        _ => about(plain(value, if whole || value >= 100.0 { 0 } else { 1 }), false, unit),
    }
}

/// The place value of a figure's second significant digit: 100 for 3848, 10 for 339.8.
fn two_figures(v: f64) -> f64 {
    10f64.powi(v.log10().floor() as i32 - 1).max(1.0)
}

/// `v` cut down to a multiple of `step`, against floating-point noise (3800 stays 3800).
fn floor_to(v: f64, step: f64) -> f64 {
    tidy((tidy(v / step) + 1e-9).floor() * step)
}

/// Whether cutting `v` to `kept` dropped anything worth a 余.
fn cut(kept: f64, v: f64) -> bool {
    v - kept > 1e-9 * v.abs().max(1.0)
}

/// A figure as a person types it, for echoing a unit's value in a diagnostic: `386`,
/// `3.5`, never `386.0` or `1,715`.
pub fn typed_figure(n: f64) -> String {
    if n.abs() >= 1e15 {
        // What was typed was a slip (1e30), not a figure: no 31-digit echo of it.
        format!("{n:e}")
    } else if n.is_finite() && n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Assessment points: at most two decimals (`28.08`, `4`).
pub fn points(v: f64) -> String {
    table_figure(v, 2)
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九, for 一、 and （一） headings and
/// 第N条; beyond 99 the Arabic number is honest enough.
pub fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!("{}十{}", DIGITS[n / 10], if n.is_multiple_of(10) { "" } else { DIGITS[n % 10] }),
        _ => n.to_string(),
    }
}

/// Rounds away binary floating-point noise (0.1 + 0.2, 45 / 50 * 100, `=A1*0.3` in a
/// return) by keeping 15 significant digits, more than any figure a unit reports, and
/// snaps values within a billionth of a whole number to it, so that whole numbers are
/// whole. No `-0`.
pub fn tidy(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return if v == 0.0 { 0.0 } else { v };
    }
    let v: f64 = format!("{v:.14e}").parse().unwrap_or(v);
    let whole = v.round();
    if (v - whole).abs() <= 1e-9 * v.abs().max(1.0) {
        whole + 0.0
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(table_figure(0.0, 0), "0");
        assert_eq!(table_figure(386.0, 0), "386");
        assert_eq!(table_figure(1715.0, 0), "1,715");
        assert_eq!(table_figure(94989.0, 2), "94,989");
        assert_eq!(table_figure(11527.0, 0), "11,527");
        assert_eq!(table_figure(35_000_000.0, 0), "35,000,000");
        assert_eq!(table_figure(123456789.0, 0), "123,456,789");
    }

    #[test]
    fn fractions_are_rounded_and_trimmed() {
        assert_eq!(table_figure(3500.50, 2), "3,500.5");
        assert_eq!(table_figure(3500.456, 2), "3,500.46");
        assert_eq!(table_figure(0.3, 1), "0.3");
        assert_eq!(table_figure(2.0, 2), "2");
        assert_eq!(table_figure(999.996, 2), "1,000");
        assert_eq!(table_figure(12.345, 0), "12");
    }

    #[test]
    fn fixed_figures_keep_their_decimals() {
        assert_eq!(fixed_figure(339.8, 2), "339.80");
        assert_eq!(fixed_figure(1715.0, 0), "1,715");
        assert_eq!(fixed_figure(100.0, 1), "100.0");
        assert_eq!(fixed_figure(3500.456, 2), "3,500.46");
        assert_eq!(fixed_figure(f64::NAN, 2), "—");
    }

    #[test]
    fn negatives_and_oddities() {
        assert_eq!(table_figure(-1234.5, 1), "-1,234.5");
        assert_eq!(table_figure(-0.001, 2), "0");
        assert_eq!(table_figure(f64::NAN, 2), "—");
        assert_eq!(table_figure(f64::INFINITY, 0), "—");
        assert_eq!(table_figure(1e30, 0), "—");
    }

    #[test]
    fn prose_money_keeps_two_figures_and_says_yu() {
        assert_eq!(prose_figure(3848.38, "万元", false, false), "3800余万元");
        assert_eq!(prose_figure(3500.0, "万元", false, false), "3500万元");
        assert_eq!(prose_figure(339.8, "万元", false, false), "330余万元");
        assert_eq!(prose_figure(470.0, "万元", false, true), "470余万元");
        assert_eq!(prose_figure(3500.0, "万元", false, true), "3500余万元");
        assert_eq!(prose_figure(73.8, "万元", false, false), "73.8万元");
        assert_eq!(prose_figure(1218.3, "万元", false, true), "1200余万元");
        assert_eq!(prose_figure(14337.83, "万元", false, false), "1.4亿余元");
        assert_eq!(prose_figure(20000.0, "万元", false, false), "2亿元");
        assert_eq!(prose_figure(123456.0, "万元", false, false), "12亿余元");
        assert_eq!(prose_figure(56.78, "万元", false, false), "56.8万元");
        assert_eq!(prose_figure(3.456, "万元", false, false), "3.46万元");
        assert_eq!(prose_figure(0.0, "万元", false, false), "0万元");
    }

    #[test]
    fn prose_counts_are_exact_without_separators() {
        assert_eq!(prose_figure(11527.0, "人次", true, false), "11527人次");
        assert_eq!(prose_figure(2152.0, "名", true, false), "2152名");
        assert_eq!(prose_figure(2295.0, "人次", true, true), "2200余人次");
        assert_eq!(prose_figure(800.0, "人次", true, true), "约800人次");
        // Five figures with a unit's approximation in them read in 万 (review 3).
        assert_eq!(prose_figure(11572.0, "人次", true, true), "1.1万余人次");
        assert_eq!(prose_figure(35000.0, "人次", true, true), "3.5万余人次");
        assert_eq!(prose_figure(8.0, "次", true, true), "约8次");
        assert_eq!(prose_figure(146166.0, "人次", true, false), "14.6万余人次");
        assert_eq!(prose_figure(120000.0, "人次", true, false), "12万人次");
        assert_eq!(prose_figure(99999.0, "人次", true, false), "99999人次");
        assert_eq!(prose_figure(83.7, "%", false, false), "83.7%");
        assert_eq!(prose_figure(99.666, "%", false, false), "99.7%");
        assert_eq!(prose_figure(14015.65, "平方米", false, false), "14016平方米");
        assert_eq!(prose_figure(12.26, "平方米", false, false), "12.3平方米");
    }

    #[test]
    fn typed_figures() {
        assert_eq!(typed_figure(386.0), "386");
        assert_eq!(typed_figure(3.5), "3.5");
        assert_eq!(typed_figure(2150.0), "2150");
        assert_eq!(typed_figure(0.1 + 0.2), "0.3");
        assert_eq!(typed_figure(1e30), "1e30");
    }

    #[test]
    fn chinese_numerals() {
        let got: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 99, 100].into_iter().map(chinese_numeral).collect();
        assert_eq!(got, ["一", "九", "十", "十一", "十九", "二十", "二十一", "九十九", "100"]);
    }

    #[test]
    fn tidy_keeps_figures_and_drops_noise() {
        assert_eq!(tidy(0.1 + 0.2), 0.3);
        assert_eq!(tidy(45.0 / 50.0 * 100.0), 90.0);
        assert_eq!(tidy(3000.0 * 0.3 / 0.3), 3000.0);
        assert_eq!(tidy(-0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(tidy(1234.56), 1234.56);
        assert!(tidy(f64::NAN).is_nan());
    }
}
