//! Dates, the one place for them: the date a document bears and every file written
//! carries (PDF, XMP, OFD, Word, ZIP entries, xlsx properties), on the `time` crate's
//! calendar, in Beijing time since the documents are Chinese government documents.
//!
//! The clock is read once per command, where the command is resolved (`cli::job`): it
//! passes `SOURCE_DATE_EPOCH` to [`clock`], so that the same inputs give the same bytes.

use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Beijing time, UTC+8, all year round.
const BEIJING: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// The instants every writer can date a file with: spreadsheet dates start in 1900 and
/// four-digit years end with 9999, in UTC and in Beijing time alike.
const FIRST: i64 = -2_208_988_800;
const LAST: i64 = 253_402_300_799 - 8 * 3600;

/// A point in time, in seconds since 1970-01-01 UTC; printed in Beijing time.
///
/// Take it from [`clock`] so that builds are reproducible: with `SOURCE_DATE_EPOCH` set,
/// the same input gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocDate {
    pub unix_seconds: i64,
}

/// The time files are dated with: `source_date_epoch` (the `SOURCE_DATE_EPOCH`
/// environment variable) when given, so that builds are reproducible; else now. A
/// malformed value is an error, not silently ignored.
pub fn clock(source_date_epoch: Option<&str>) -> Result<DocDate, String> {
    let Some(s) = source_date_epoch else { return Ok(DocDate::now()) };
    let seconds: i64 = s.trim().parse().map_err(|_| format!("环境变量 SOURCE_DATE_EPOCH 的值“{s}”不是整数秒数"))?;
    if !(FIRST..=LAST).contains(&seconds) {
        return Err(format!(
            "环境变量 SOURCE_DATE_EPOCH 的值“{s}”超出可用范围（应为 1900 年至 9999 年之间的 Unix 时间戳）"
        ));
    }
    Ok(DocDate::from_unix(seconds))
}

impl DocDate {
    pub fn from_unix(unix_seconds: i64) -> DocDate {
        DocDate { unix_seconds }
    }

    /// The system's time, for what is not written into a file (the latest year the tool
    /// accepts); files take theirs from [`clock`].
    pub fn now() -> DocDate {
        DocDate::from_unix(OffsetDateTime::now_utc().unix_timestamp())
    }

    /// Midnight in Beijing at the start of the given calendar day, or `None` when there
    /// is no such day (2023-02-29, month 13).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<DocDate> {
        let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
        let date = Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
        Some(DocDate::from_unix(date.midnight().assume_offset(BEIJING).unix_timestamp()))
    }

    /// A date as an office writes it for a machine, `2024-12-20`; the error says what
    /// was wrong, in Chinese.
    pub fn parse_iso(text: &str) -> Result<DocDate, String> {
        let bad = || format!("日期“{text}”无法识别：请按“年-月-日”填写，例如 2024-12-20");
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else { return Err(bad()) };
        if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return Err(bad());
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
            return Err(bad());
        };
        DocDate::from_ymd(y, m, d).ok_or_else(|| format!("日期“{text}”不存在：请检查月份和日子"))
    }

    /// The Unix time within the years files can carry: a date made with
    /// [`DocDate::from_unix`] is not checked as [`clock`]'s is.
    pub fn file_seconds(&self) -> i64 {
        self.unix_seconds.clamp(FIRST, LAST)
    }

    fn at(&self, offset: UtcOffset) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.file_seconds()).unwrap_or(OffsetDateTime::UNIX_EPOCH).to_offset(offset)
    }

    /// The calendar date and time of day in Beijing time:
    /// (year, month, day, hour, minute, second).
    pub fn china_civil(&self) -> (i64, u32, u32, u32, u32, u32) {
        civil(self.at(BEIJING))
    }

    /// The date as GB/T 9704 writes a date of issue: `2024年12月20日` (Arabic numerals,
    /// no leading zeros).
    pub fn chinese(&self) -> String {
        let (y, m, d, ..) = self.china_civil();
        format!("{y}年{m}月{d}日")
    }

    /// The PDF date string, e.g. `D:20241220093000+08'00'`.
    pub fn pdf_string(&self) -> String {
        let (y, mo, d, h, mi, s) = self.china_civil();
        format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}+08'00'")
    }

    /// The same instant as XMP writes it, e.g. `2024-12-20T09:30:00+08:00`: PDF/A wants
    /// the XMP dates equal to the document information's.
    pub fn xmp_string(&self) -> String {
        let (y, mo, d, h, mi, s) = self.china_civil();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+08:00")
    }

    /// W3C date-time in UTC, e.g. `2024-12-19T16:30:00Z`, as Office's core properties
    /// write it.
    pub fn utc_string(&self) -> String {
        let (y, mo, d, h, mi, s) = civil(self.at(UtcOffset::UTC));
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

fn civil(t: OffsetDateTime) -> (i64, u32, u32, u32, u32, u32) {
    (t.year().into(), u8::from(t.month()).into(), t.day().into(), t.hour().into(), t.minute().into(), t.second().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_beijing_time() {
        // 2024-12-19T16:30:00Z is 2024-12-20 00:30 in Beijing.
        let d = DocDate::from_unix(1_734_625_800);
        assert_eq!(d.chinese(), "2024年12月20日");
        assert_eq!(d.pdf_string(), "D:20241220003000+08'00'");
        assert_eq!(DocDate::from_unix(0).pdf_string(), "D:19700101080000+08'00'");
        assert_eq!(d.xmp_string(), "2024-12-20T00:30:00+08:00");
        assert_eq!(d.utc_string(), "2024-12-19T16:30:00Z");
        assert_eq!(DocDate::from_unix(951_782_400).chinese(), "2000年2月29日");
    }

    #[test]
    fn calendar_dates_round_trip() {
        for (y, m, d) in [(2024, 12, 20), (2000, 2, 29), (1970, 1, 1), (2023, 12, 31), (2100, 3, 1)] {
            let date = DocDate::from_ymd(y, m, d).unwrap();
            assert_eq!(date.china_civil(), (y.into(), m, d, 0, 0, 0));
        }
        assert_eq!(DocDate::from_ymd(2023, 2, 29), None);
        assert_eq!(DocDate::from_ymd(2024, 13, 1), None);
        assert_eq!(DocDate::from_ymd(2024, 1, 256), None);
        assert_eq!(DocDate::parse_iso("2024-12-20").unwrap().chinese(), "2024年12月20日");
        assert_eq!(DocDate::parse_iso("2024-1-5").unwrap().chinese(), "2024年1月5日");
        assert!(DocDate::parse_iso("2024-02-30").unwrap_err().contains("不存在"));
        for bad in ["20241220", "2024/12/20", "24-12-20", "2024-12-x", ""] {
            assert!(DocDate::parse_iso(bad).unwrap_err().contains("无法识别"), "{bad}");
        }
    }

    #[test]
    fn the_clock_takes_source_date_epoch_within_the_years_files_can_carry() {
        assert_eq!(clock(Some(" 1735689600 ")), Ok(DocDate::from_unix(1_735_689_600)));
        assert!(clock(Some("2025-01-01")).unwrap_err().contains("不是整数秒数"));
        for far in ["-9000000000", "300000000000"] {
            assert!(clock(Some(far)).unwrap_err().contains("超出可用范围"), "{far}");
        }
        assert_eq!(clock(Some(&FIRST.to_string())).unwrap().china_civil(), (1900, 1, 1, 8, 0, 0));
        assert_eq!(clock(Some(&LAST.to_string())).unwrap().china_civil(), (9999, 12, 31, 23, 59, 59));
        assert!(clock(None).unwrap().china_civil().0 >= 2024);
    }

    #[test]
    fn a_date_beyond_the_years_files_can_carry_prints_the_nearest() {
        assert_eq!(DocDate::from_unix(i64::MAX).china_civil().0, 9999);
        assert_eq!(DocDate::from_unix(i64::MIN).china_civil().0, 1900);
    }
}
