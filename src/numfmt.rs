//! Numbers as the report prints them: thousands separators (千位分隔符) and no trailing
//! zeros, so that 3500.50 reads `3,500.5` and 1715 reads `1,715`.

/// Formats `value` rounded to at most `decimals` decimal places, with a comma every three
/// integer digits and trailing zeros of the fraction trimmed. Not-a-number and infinite
/// values print as `—` (the report's sign for "no figure").
pub fn format_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
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

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn thousands_separators() {
        assert_eq!(format_number(0.0, 0), "0");
        assert_eq!(format_number(386.0, 0), "386");
        assert_eq!(format_number(1715.0, 0), "1,715");
        assert_eq!(format_number(94989.0, 2), "94,989");
        assert_eq!(format_number(11527.0, 0), "11,527");
        assert_eq!(format_number(35_000_000.0, 0), "35,000,000");
        assert_eq!(format_number(123456789.0, 0), "123,456,789");
    }

    #[test]
    fn fractions_are_rounded_and_trimmed() {
        assert_eq!(format_number(3500.50, 2), "3,500.5");
        assert_eq!(format_number(3500.456, 2), "3,500.46");
        assert_eq!(format_number(0.3, 1), "0.3");
        assert_eq!(format_number(2.0, 2), "2");
        assert_eq!(format_number(999.996, 2), "1,000");
        assert_eq!(format_number(12.345, 0), "12");
    }

    #[test]
    fn negatives_and_oddities() {
        assert_eq!(format_number(-1234.5, 1), "-1,234.5");
        assert_eq!(format_number(-0.001, 2), "0");
        assert_eq!(format_number(f64::NAN, 2), "—");
        assert_eq!(format_number(f64::INFINITY, 0), "—");
    }
}
