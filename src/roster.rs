//! The roster an office already keeps, as a workbook (`.xlsx`, `.xls`, `.ods`, read by
//! intake's calamine reader) or a CSV file: a header row holding 单位名称 and 单位类型,
//! optionally 权威单位 (是/否) and 别名 (several separated by 、 or ,), one unit a row
//! below it. `init --roster` turns it into the `[[units]]` of a new workspace.
//!
//! The roster is refused as a whole at its first bad row, named by its row number as
//! the office's spreadsheet program shows it, so that no half roster reaches the
//! workspace.

use std::collections::BTreeMap;
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use crate::intake::{self, text, CellValue};
use crate::workspace::{normalize_name, Unit, UnitType};

pub const NAME_COLUMN: &str = "单位名称";
pub const TYPE_COLUMN: &str = "单位类型";
pub const AUTHORITATIVE_COLUMN: &str = "权威单位";
pub const ALIASES_COLUMN: &str = "别名";

#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error("无法读取成员单位名单 {path}：{message}")]
    Unreadable { path: String, message: String },
    #[error("成员单位名单 {path} 中找不到表头行：应有“{NAME_COLUMN}”和“{TYPE_COLUMN}”两列（可选“{AUTHORITATIVE_COLUMN}”“{ALIASES_COLUMN}”）")]
    NoHeader { path: String },
    #[error("成员单位名单 {path} 的表头（第 {row} 行）缺少“{column}”列")]
    MissingColumn { path: String, row: usize, column: &'static str },
    #[error("成员单位名单 {path} 第 {row} 行：{message}")]
    Row { path: String, row: usize, message: String },
    #[error("成员单位名单 {path} 中没有成员单位：请在表头下方每行填写一个单位")]
    Empty { path: String },
}

/// Reads the roster at `path`: CSV by its extension, any other file as a workbook.
pub fn read(path: &Path) -> Result<Vec<Unit>, RosterError> {
    let shown = path.display().to_string();
    let unreadable = |message: String| RosterError::Unreadable { path: shown.clone(), message };
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let rows = if is_csv { csv_rows(path).map_err(unreadable)? } else { workbook_rows(path).map_err(unreadable)? };
    units(&shown, &rows)
}

/// A row's texts by 0-based column, with its 1-based row number.
type Rows = Vec<(usize, BTreeMap<usize, String>)>;

fn csv_rows(path: &Path) -> Result<Rows, String> {
    let bytes = crate::files::read_bytes(path).map_err(|e| e.to_string())?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text: std::borrow::Cow<str> = match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        // Excel on Chinese Windows saves “CSV（逗号分隔）” in the ANSI code page: GBK,
        // which GB18030 contains.
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).ok_or_else(|| {
            "既不是 UTF-8 也不是 GBK 编码的 CSV 文件：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”，或直接使用 .xlsx 文件"
                .to_string()
        })?,
    };
    Ok(csv_records(&text)?
        .into_iter()
        .map(|(line, fields)| {
            let cells = fields.into_iter().enumerate().filter(|(_, t)| !t.trim().is_empty());
            (line, cells.map(|(c, t)| (c, t.trim().to_string())).collect())
        })
        .collect())
}

/// Records with the line each starts on (a quoted field may span lines). Rows may have
/// different lengths: a roster typed by hand often lacks trailing empty fields.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut records = Vec::new();
    loop {
        // Where the reader stands before a record is where that record starts: the
        // records' own positions lag behind a record that ends in CRLF.
        let start = reader.position().byte() as usize;
        if !reader
            .read_record(&mut record)
            .map_err(|e| format!("CSV 格式有误{}", crate::foreign::original(&e.to_string())))?
        {
            return Ok(records);
        }
        let skipped = text[start..].len() - text[start..].trim_start_matches(['\r', '\n']).len();
        let line = text[..start + skipped].matches('\n').count() + 1;
        records.push((line, record.iter().map(str::to_string).collect()));
    }
}

/// The first sheet that has the header, else the first sheet.
fn workbook_rows(path: &Path) -> Result<Rows, String> {
    let sheets = intake::read_sheets(path)?;
    let has_header =
        |s: &&intake::Sheet| s.cells.values().any(|v| matches!(v, CellValue::Text(t) if text::label(t) == NAME_COLUMN));
    let Some(sheet) = sheets.iter().find(has_header).or(sheets.first()) else { return Ok(Rows::new()) };
    let mut rows: BTreeMap<u32, BTreeMap<usize, String>> = BTreeMap::new();
    for (&(r, c), v) in &sheet.cells {
        if let Some(t) = v.raw().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
            rows.entry(r).or_default().insert(c as usize, t);
        }
    }
    Ok(rows.into_iter().map(|(r, cells)| (r as usize + 1, cells)).collect())
}

fn units(path: &str, rows: &Rows) -> Result<Vec<Unit>, RosterError> {
    let row_error = |row: usize, message: String| RosterError::Row { path: path.to_string(), row, message };
    let header = rows
        .iter()
        .position(|(_, cells)| cells.values().any(|t| text::label(t) == NAME_COLUMN))
        .ok_or_else(|| RosterError::NoHeader { path: path.to_string() })?;
    let (header_row, header_cells) = &rows[header];
    let column = |label: &str| header_cells.iter().find(|(_, t)| text::label(t) == label).map(|(&c, _)| c);
    let required = |label: &'static str| {
        column(label).ok_or(RosterError::MissingColumn { path: path.to_string(), row: *header_row, column: label })
    };
    let (name_col, type_col) = (required(NAME_COLUMN)?, required(TYPE_COLUMN)?);
    let (authoritative_col, aliases_col) = (column(AUTHORITATIVE_COLUMN), column(ALIASES_COLUMN));

    let mut units: Vec<Unit> = Vec::new();
    // Normalised name or alias → (row, unit) of its first use.
    let mut names: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut authoritative: Option<(usize, String)> = None;
    for (row, cells) in &rows[header + 1..] {
        let get = |col: Option<usize>| col.and_then(|c| cells.get(&c)).map(String::as_str).unwrap_or_default();
        let name = get(Some(name_col));
        if name.is_empty() {
            if cells.is_empty() {
                continue;
            }
            return Err(row_error(*row, format!("没有填写{NAME_COLUMN}")));
        }
        for n in std::iter::once(name).chain(get(aliases_col).split(['、', ',', '，', ';', '；'])) {
            let (chars, most) = (n.trim().chars().count(), crate::workspace::names::UNIT.most);
            if chars > most {
                let start: String = n.trim().chars().take(20).collect();
                return Err(row_error(
                    *row,
                    format!(
                        "单位名称“{}…”有 {chars} 个字，太长（最多 {most} 个）：请填写单位名称本身",
                        crate::diag::visible(&start)
                    ),
                ));
            }
            if n.trim_start().starts_with('=') || n.chars().any(char::is_control) {
                return Err(row_error(
                    *row,
                    format!("“{}”是公式或含有控制字符，不是单位名称：请填写单位名称本身", crate::diag::visible(n)),
                ));
            }
        }
        let unit_type = UnitType::parse(get(Some(type_col)))
            .ok_or_else(|| row_error(*row, format!("“{name}”的{}", UnitType::unknown(get(Some(type_col))))))?;
        let is_authoritative = match text::compact(get(authoritative_col)).as_str() {
            "是" | "√" => true,
            "否" | "" => false,
            other => return Err(row_error(*row, format!("{AUTHORITATIVE_COLUMN}应填“是”或“否”，填的是“{other}”"))),
        };
        let aliases: Vec<String> = get(aliases_col)
            .split(['、', ',', '，', ';', '；'])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        for n in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            if let Some((first_row, first)) = names.insert(normalize_name(n), (*row, name.to_string())) {
                return Err(row_error(*row, format!("名称“{n}”与第 {first_row} 行的“{first}”重复")));
            }
        }
        if is_authoritative {
            if let Some((first_row, first)) = &authoritative {
                return Err(row_error(
                    *row,
                    format!("只能有一个权威单位，第 {first_row} 行的“{first}”和“{name}”都标为“是”"),
                ));
            }
            authoritative = Some((*row, name.to_string()));
        }
        units.push(Unit {
            name: name.to_string(),
            unit_type,
            authoritative: is_authoritative,
            aliases,
            skip: Vec::new(),
            display_name: None,
        });
    }
    if units.is_empty() {
        return Err(RosterError::Empty { path: path.to_string() });
    }
    Ok(units)
}

/// The `shuangyong.toml` of a new workspace, with comments for the office: the roster's
/// units, or without one an example roster to replace.
pub fn config(region: &str, office: &str, year: i32, units: Option<&[Unit]>) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let settings = [
        (format!("region = {}", quote(region)), "行政区名称，印在报告上".to_string()),
        (format!("office = {}", quote(office)), "发文机关，印在报告上".to_string()),
        (format!("year = {year}"), format!("报告年度；各单位报回的填报表放在 submissions/{year}/")),
        (format!("# deadline = \"{}-01-15\"", year + 1), "报送截止日期：印在填报说明和催报名单上".to_string()),
        ("# submit_via = \"电子邮件发送至 ……\"".to_string(), "报送方式：印在填报说明上".to_string()),
        ("# contact = \"……\"".to_string(), "双拥办联系人：印在填报说明上".to_string()),
        ("# contact_phone = \"……\"".to_string(), "联系电话：印在填报说明上".to_string()),
        (
            "# font_dir = \"fonts\"".to_string(),
            "本单位的字体文件夹（见 README“Setting up a new district”）".to_string(),
        ),
        (
            "# internal_mark = \"内部资料\"".to_string(),
            "内部版封面左上角的标识；公开版（build --public）不印".to_string(),
        ),
    ];
    let mut out = format!("# {region}双拥工作的工作区配置（shuangyong init 生成）。以 # 开头的是说明，可以删除。\n");
    out.push_str(&commented(&settings));
    out.push_str(
        "\n# 成员单位：type 为 部门、街道镇 或 驻区部队；authoritative = true 的单位（至多一个，\n\
         # 一般为区退役军人事务局）所报的数字即为全区数；aliases 是单位在填报表上可能写的其他名称；\n\
         # display_name 是公开版中印的名称，驻区部队不设时印“驻区某部”。\n",
    );
    if units.is_some_and(|units| !units.iter().any(|u| u.authoritative)) {
        out.push_str(
            "# 注意：名单中没有权威单位。权威单位通常是区退役军人事务局：请在它的 [[units]] 下加一行\n\
             # authoritative = true。没有权威单位时，以权威单位数字为全区数的指标无法汇总，\n\
             # check 报错，build 只能生成草稿（--draft）。\n",
        );
    }
    let example;
    let units = match units {
        Some(units) => units,
        None => {
            out.push_str("# 以下是示例，请改成本区的成员单位（每个单位一段 [[units]]）。\n");
            example = [
                ("区退役军人事务局", UnitType::Department, true, vec!["退役军人事务局"]),
                ("区民政局", UnitType::Department, false, vec![]),
                ("东湖街道", UnitType::Street, false, vec![]),
                ("驻区某部一营", UnitType::Troop, false, vec![]),
            ]
            .map(|(name, unit_type, authoritative, aliases)| Unit {
                name: name.to_string(),
                unit_type,
                authoritative,
                aliases: aliases.into_iter().map(str::to_string).collect(),
                skip: Vec::new(),
                display_name: None,
            });
            &example[..]
        }
    };
    for u in units {
        out.push_str(&format!("\n[[units]]\nname = {}\ntype = {}\n", quote(&u.name), quote(u.unit_type.label())));
        if u.authoritative {
            out.push_str("authoritative = true\n");
        }
        if !u.aliases.is_empty() {
            let aliases: Vec<String> = u.aliases.iter().map(|a| quote(a)).collect();
            out.push_str(&format!("aliases = [{}]\n", aliases.join(", ")));
        }
    }
    out
}

/// Settings with their comments, the comments lined up in one column as a text editor
/// shows them: by display width, a CJK character taking two columns.
fn commented(settings: &[(String, String)]) -> String {
    let width = settings.iter().map(|(s, _)| s.width()).max().unwrap_or(0);
    settings.iter().map(|(s, comment)| format!("{s}{}  # {comment}\n", " ".repeat(width - s.width()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Rows {
        lines
            .iter()
            .enumerate()
            .map(|(i, cells)| {
                let cells = cells.iter().enumerate().filter(|(_, t)| !t.is_empty());
                (i + 1, cells.map(|(c, t)| (c, t.to_string())).collect())
            })
            .collect()
    }

    #[test]
    fn reads_units_below_the_header() {
        let units = units(
            "名单.xlsx",
            &rows(&[
                &["某区成员单位名单"],
                &["序号", "单位名称", "单位类型", "权威单位", "别名"],
                &["1", "区退役军人事务局", "部门", "是", "退役军人事务局、区退役军人局"],
                &[],
                &["2", "东湖街道", "街道镇", "", ""],
                &["3", "驻区某部一营", " 驻区部队 ", "否", "某部一营,一营"],
            ]),
        )
        .unwrap();
        assert_eq!(units.len(), 3);
        assert!(units[0].authoritative && !units[1].authoritative);
        assert_eq!(units[0].aliases, ["退役军人事务局", "区退役军人局"]);
        assert_eq!(units[2].unit_type, UnitType::Troop);
        assert_eq!(units[2].aliases, ["某部一营", "一营"]);
    }

    #[test]
    fn csv_quoting_and_line_numbers() {
        let records = csv_records("a,\"b,c\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\nlast").unwrap();
        assert_eq!(
            records,
            [
                (1, vec!["a".to_string(), "b,c".into()]),
                (2, vec!["say \"hi\"".into(), "two\nlines".into()]),
                (4, vec!["last".into()]),
            ]
        );
    }

    #[test]
    fn config_loads_as_a_workspace() {
        let roster = [Unit {
            name: "某部\"一营\"".into(),
            unit_type: UnitType::Troop,
            authoritative: true,
            aliases: vec!["一营".into()],
            skip: vec![],
            display_name: None,
        }];
        for units in [Some(&roster[..]), None] {
            let src = config("示例区", "示例区双拥工作领导小组办公室", 2024, units);
            let ws = crate::workspace::Workspace::parse(Path::new("ws"), &src).unwrap_or_else(|e| panic!("{e}\n{src}"));
            assert_eq!((ws.region.as_str(), ws.year, ws.deadline), ("示例区", 2024, None));
            assert!(ws.authoritative_unit().is_some());
            if units.is_some() {
                assert_eq!(ws.units, roster);
            }
        }
    }

    /// Issue 24 (5): the comments line up after CJK text, and a roster without an
    /// authoritative unit is told which unit usually is and what happens without one.
    #[test]
    fn comments_line_up_by_display_width() {
        let unit = |authoritative| Unit {
            name: "区民政局".into(),
            unit_type: UnitType::Department,
            authoritative,
            aliases: vec![],
            skip: vec![],
            display_name: None,
        };
        let src = config("云岭区", "云岭区双拥工作领导小组办公室", 2024, Some(&[unit(false)]));
        let columns: Vec<usize> = src.lines().filter_map(|l| l.find("  # ").map(|at| l[..at].width())).collect();
        assert!(columns.len() >= 9 && columns.iter().all(|&c| c == columns[0]), "{columns:?}\n{src}");
        assert!(src.contains("区退役军人事务局") && src.contains("没有权威单位") && src.contains("--draft"), "{src}");
        let with = config("云岭区", "云岭区双拥工作领导小组办公室", 2024, Some(&[unit(true)]));
        assert!(!with.contains("没有权威单位"), "{with}");
    }

    #[test]
    fn bad_rows_are_named() {
        let head: &[&str] = &["单位名称", "单位类型", "权威单位", "别名"];
        let cases: [(&[&str], &str); 4] = [
            (&["乙", "社区", "", ""], "社区"),
            (&["甲 ", "部门", "", ""], "重复"),
            (&["乙", "部门", "", "甲"], "重复"),
            (&["乙", "部门", "是", ""], "权威单位"),
        ];
        for (bad, word) in cases {
            let err = units("r.csv", &rows(&[head, &["甲", "部门", "是", ""], bad])).unwrap_err().to_string();
            assert!(err.contains("第 3 行") && err.contains(word), "{err}");
        }
        let err = units("r.csv", &rows(&[&["单位名称", "类型"], &["甲", "部门"]])).unwrap_err().to_string();
        assert!(err.contains("单位类型") && err.contains("第 1 行"), "{err}");
        let err = units("r.csv", &rows(&[&["名称"], &["甲"]])).unwrap_err().to_string();
        assert!(err.contains("表头"), "{err}");
        let err = units("r.csv", &rows(&[head])).unwrap_err().to_string();
        assert!(err.contains("没有成员单位"), "{err}");
    }
}
