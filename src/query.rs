//! SQL over the `facts`, `indicators`, `totals`, `units` and `highlights` tables (polars SQL), and the
//! answer rendered for a terminal, as CSV or as JSON. Only queries: a statement that
//! would change a table is refused, since nothing it changed would be kept.
//!
//! The answer leaves polars as a plain [`ResultSet`], so the renderers and the CLI do
//! not depend on the engine's types.

use std::io;
use std::ops::RangeInclusive;

use comfy_table::{presets, CellAlignment, Table};
use polars::prelude::{AnyValue, DataFrame, IdxSize, IntoLazy, LazyFrame};
use polars::sql::SQLContext;
use serde::{Serialize, Serializer};
use serde_json::ser::Formatter;

use crate::dataset::{DataSet, FACT_COLUMNS};
use crate::numfmt::tidy;

mod guard;
mod messages;
mod names;
mod rounding;

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The engine refused the statement (syntax, unknown table or column, types).
    #[error("{0}")]
    Sql(String),
    /// The engine failed on the statement instead of refusing it.
    #[error("查询引擎内部错误，请换一种写法{}", crate::foreign::original(.0))]
    Engine(String),
    /// A statement that is not a query (DROP, DELETE, INSERT …).
    #[error("只能查询数据（以 SELECT 或 WITH 开头的语句），不能执行 {0}：query 不修改任何数据，原始数据在填报表中")]
    NotAQuery(String),
    /// A construct the engine would answer wrongly, or a join too large for memory,
    /// refused before running; the message says how to write it instead.
    #[error("{0}")]
    Refused(String),
    /// The answer has more rows than asked for.
    #[error("查询结果超过 {0} 行，未输出：请用 WHERE 缩小范围、用 GROUP BY 汇总或加 LIMIT；确需全部结果时加 --max-rows 0（不限行数），或用 shuangyong export 导出整张表")]
    TooManyRows(usize),
}

/// One cell of an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

/// The answer to a query: column names and rows, in the engine's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// The rows `query` prints unless told otherwise (`--max-rows`).
pub const DEFAULT_MAX_ROWS: usize = 100_000;

/// Runs one query over the data set's tables; an answer of more than `max_rows` rows is
/// an error (`None`: no limit).
pub fn run_sql(data: &DataSet, sql: &str, max_rows: Option<usize>) -> Result<ResultSet, QueryError> {
    let first = first_word(sql).to_ascii_uppercase();
    match first.as_str() {
        "" => return Err(QueryError::Sql("SQL 语句为空".into())),
        word if QUERY_WORDS.contains(&word) => {}
        word => {
            return Err(match QUERY_WORDS.iter().find(|q| crate::workspace::edit_distance(word, q) <= 2) {
                Some(meant) => QueryError::Sql(format!("语句开头的“{}”无法识别，是不是 {meant}？", first_word(sql))),
                None => QueryError::NotAQuery(first),
            })
        }
    }
    let heights = data.query_tables().map(|(name, frame)| (name, frame.height() as u64));
    let rows = |name: &str| heights.iter().find(|(n, _)| *n == name).map(|(_, rows)| *rows);
    let largest = heights.iter().map(|(_, rows)| *rows).max().unwrap_or(0);
    let distinct = |column: &str| {
        data.query_tables()
            .iter()
            .filter_map(|(_, frame)| frame.column(column).ok()?.n_unique().ok())
            .map(|n| n as u64)
            .min()
    };
    let budget = guard::Budget { rows: &rows, distinct: &distinct, largest, bytes: available_memory() / 2 };
    guard::vet(sql, &budget).map_err(|refusal| match refusal {
        guard::Refusal::Construct(m) | guard::Refusal::TooLarge(m) => QueryError::Refused(m),
    })?;
    let sql = names::named(sql);
    let sql = rounding::as_duckdb(&sql).map_err(QueryError::Refused)?;
    let run = || -> Result<DataFrame, String> {
        let mut ctx = SQLContext::new();
        for (name, frame) in data.query_tables() {
            ctx.register(name, frame.clone().lazy());
        }
        // One row past the limit tells an answer cut short from one that fits.
        let cut = |lf: LazyFrame| match max_rows {
            Some(n) => lf.limit(IdxSize::try_from(n).unwrap_or(IdxSize::MAX).saturating_add(1)),
            None => lf,
        };
        ctx.execute(&sql).and_then(|lf| cut(lf).collect()).map_err(|e| messages::engine_message(&e.to_string()))
    };
    // The frames are cloned into the context, so a panic leaves nothing half-changed.
    let df = crate::contain::quietly_everywhere(run).map_err(QueryError::Engine)?.map_err(QueryError::Sql)?;
    if let Some(n) = max_rows.filter(|&n| df.height() > n) {
        return Err(QueryError::TooManyRows(n));
    }
    Ok(result_set(&df))
}

/// The memory free for a query (Linux' MemAvailable), or 4 GiB where it cannot be read.
fn available_memory() -> u64 {
    let kib = std::fs::read_to_string("/proc/meminfo").ok().and_then(|info| {
        let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
        line.split_whitespace().nth(1)?.parse::<u64>().ok()
    });
    kib.map_or(4 << 30, |k| k.saturating_mul(1024))
}

/// The facts of `years` with [`FACT_COLUMNS`] as `query --format csv` gives `SELECT year,
/// unit, code, value, file, sheet, cell FROM facts WHERE year BETWEEN …`, byte for byte:
/// the data behind a document's figures, which it carries as `facts.csv`. Read from the
/// facts the table was made of, in its row order, without running the query engine (a
/// tenth of a build's serial part).
pub fn facts_csv(data: &DataSet, years: RangeInclusive<i32>) -> String {
    let rows = crate::aggregate::in_table_order(&data.checked.facts)
        .into_iter()
        .filter(|f| years.contains(&f.year))
        .map(|f| {
            let text = |s: &str| Value::Text(s.to_string());
            vec![
                Value::Int(f.year.into()),
                text(&f.unit),
                text(&f.code),
                Value::Float(f.value),
                text(&f.file),
                text(&f.sheet),
                text(&f.cell),
            ]
        })
        .collect();
    to_csv(&ResultSet { columns: FACT_COLUMNS.map(String::from).to_vec(), rows })
}

/// The words a query starts with.
const QUERY_WORDS: [&str; 3] = ["SELECT", "WITH", "VALUES"];

/// The statement's first keyword, past spaces, comments and opening brackets.
fn first_word(sql: &str) -> &str {
    let mut rest = sql;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(comment) = rest.strip_prefix("--") {
            rest = comment.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(comment) = rest.strip_prefix("/*") {
            rest = comment.split_once("*/").map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    let end = rest.find(|c: char| !c.is_alphanumeric() && c != '_').unwrap_or(rest.len());
    &rest[..end]
}

fn result_set(df: &DataFrame) -> ResultSet {
    let columns = df.columns();
    let rows = (0..df.height())
        .map(|row| columns.iter().map(|c| c.get(row).map(|v| value(&v)).unwrap_or(Value::Null)).collect())
        .collect();
    ResultSet { columns: columns.iter().map(|c| c.name().to_string()).collect(), rows }
}

fn value(v: &AnyValue) -> Value {
    if v.is_null() {
        return Value::Null;
    }
    if let Some(b) = v.extract_bool() {
        return Value::Bool(b);
    }
    if let Some(s) = v.extract_str() {
        return Value::Text(s.to_string());
    }
    let dtype = v.dtype();
    let float = || v.extract::<f64>().map(Value::Float);
    let as_written = || Value::Text(v.to_string());
    if dtype.is_integer() {
        v.extract::<i64>().map(Value::Int).or_else(float).unwrap_or_else(as_written)
    } else if dtype.is_float() {
        float().unwrap_or_else(as_written)
    } else {
        // Dates, lists and other shapes a query can produce: as the engine writes them.
        as_written()
    }
}

impl Value {
    fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Float(_))
    }

    /// As a person reads it: `3500`, not `3500.0`; `12.5`; nothing for null.
    fn text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => tidy(*f).to_string(),
            Value::Text(s) => s.clone(),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(f) => {
                let f = tidy(*f);
                // Whole numbers as integers (3500, not 3500.0) while they are exact;
                // serde_json writes the infinities and NaN, which JSON has no place for, as null.
                if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
                    s.serialize_i64(f as i64)
                } else {
                    s.serialize_f64(f)
                }
            }
            Value::Text(t) => s.serialize_str(t),
        }
    }
}

/// A table for the terminal. Plain ASCII rules, because box-drawing characters are
/// drawn double-width by many CJK terminals; columns are measured by display width, so
/// Chinese text lines up. Numeric columns are right-aligned.
pub fn to_table(rs: &ResultSet) -> String {
    let mut table = Table::new();
    table.load_preset(presets::ASCII_MARKDOWN);
    table.set_header(rs.columns.iter().map(|c| crate::diag::visible(c).into_owned()));
    for row in &rs.rows {
        table.add_row(row.iter().map(|v| crate::diag::visible(&v.text()).into_owned()));
    }
    for (i, column) in table.column_iter_mut().enumerate() {
        let mut values = rs.rows.iter().map(|r| &r[i]).filter(|v| **v != Value::Null).peekable();
        if values.peek().is_some() && values.all(Value::is_number) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table.to_string()
}

/// CSV after RFC 4180 (the csv crate): a header row, fields quoted when they hold a
/// comma, a quote or a line break, quotes doubled; null is an empty field, quoted
/// (`""`) only when it is a row's one field, which would otherwise be a blank line.
/// Lines end in `\n`. Text is written as [`csv_text`] gives it.
pub fn to_csv(rs: &ResultSet) -> String {
    let field = |v: &Value| match v {
        Value::Text(t) => csv_text(t).into_owned(),
        other => other.text(),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let written = writer
        .write_record(&rs.columns)
        .and_then(|()| rs.rows.iter().try_for_each(|row| writer.write_record(row.iter().map(field))));
    // Memory takes every write, and every row has the header's length.
    written.expect("CSV into memory");
    let bytes = writer.into_inner().expect("CSV into memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

/// A text field as CSV carries it: one that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading apostrophe, since Excel, WPS and LibreOffice would
/// otherwise run a unit's `=HYPERLINK(…)` as a formula (the apostrophe is what they
/// themselves write to keep a cell text). Numbers are written as numbers, never as text.
pub fn csv_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A JSON array with one object per row, keys in column order; numbers as numbers,
/// null as null. One row to a line, so the answer can be read and grepped.
pub fn to_json(rs: &ResultSet) -> String {
    let rows = rs.rows.iter().map(|values| Row { columns: &rs.columns, values });
    let mut out = Vec::new();
    let mut json = serde_json::Serializer::with_formatter(&mut out, RowPerLine::default());
    // Memory takes every write, and every key is a string.
    json.collect_seq(rows).expect("JSON into memory");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// One row of an answer as a JSON object, keys in column order (a `serde_json::Map`
/// would sort them).
struct Row<'a> {
    columns: &'a [String],
    values: &'a [Value],
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.columns.iter().zip(self.values))
    }
}

/// `[`, each row on a line of its own indented by two, `]`; a space after every `:` and
/// `,` within a row.
#[derive(Default)]
struct RowPerLine {
    rows: usize,
}

impl Formatter for RowPerLine {
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.rows += 1;
        w.write_all(if first { b"\n  " } else { b",\n  " })
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(if self.rows > 0 { b"\n]" } else { b"]" })
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"" } else { b", " })
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;
    use crate::aggregate::tests::{fact, BUREAU};
    use crate::dataset::tests::data_set;
    use crate::validate::Highlight;

    /// The sample facts, the roster's units having returned for 2024 but 乙镇, and one
    /// highlight.
    fn sample() -> DataSet {
        let highlight = Highlight {
            year: 2024,
            unit: "甲街道".into(),
            unit_type: crate::workspace::UnitType::Street,
            category: "拥军优属".into(),
            title: "兵妈妈驿站".into(),
            text: "依托社区开设兵妈妈驿站。".into(),
            public: false,
            file: "甲街道.xlsx".into(),
            sheet: "工作亮点".into(),
            cell: "B4".into(),
        };
        let facts = vec![
            fact(2024, BUREAU, "YF01", 2152.0),
            fact(2024, "甲街道", "YF01", 1000.0),
            fact(2024, "甲街道", "ZZ01", 2.0),
            fact(2024, "乙镇", "ZZ01", 3.0),
            fact(2024, "某部", "AM01", 560.0),
            fact(2023, "甲街道", "ZZ01", 1.0),
        ];
        data_set(facts, "乙镇", vec![highlight])
    }

    fn query(sql: &str) -> Result<ResultSet, QueryError> {
        run_sql(&sample(), sql, Some(DEFAULT_MAX_ROWS))
    }

    #[test]
    fn highlights_table_has_the_contracts_columns() {
        let rs = query("SELECT * FROM highlights").unwrap();
        let columns = ["year", "unit", "unit_type", "category", "title", "text", "public", "file", "sheet", "cell"];
        assert_eq!(rs.columns, columns);
        assert_eq!(rs.rows[0][..3], [Value::Int(2024), Value::Text("甲街道".into()), Value::Text("街道镇".into())]);
        assert_eq!((&rs.rows[0][6], &rs.rows[0][9]), (&Value::Bool(false), &Value::Text("B4".into())));
    }

    #[test]
    fn group_by_over_facts_joined_with_indicators() {
        let rs = query(
            "SELECT i.category, SUM(f.value) AS total, COUNT(*) AS n \
             FROM facts f JOIN indicators i ON f.code = i.code \
             WHERE f.year = 2024 GROUP BY i.category ORDER BY i.category",
        )
        .unwrap();
        assert_eq!(rs.columns, ["category", "total", "n"]);
        assert_eq!(
            rs.rows,
            [
                vec![Value::Text("拥军优属".into()), Value::Float(3152.0), Value::Int(2)],
                vec![Value::Text("拥政爱民".into()), Value::Float(560.0), Value::Int(1)],
                vec![Value::Text("组织领导".into()), Value::Float(5.0), Value::Int(2)],
            ]
        );
    }

    #[test]
    fn totals_table_holds_the_district_totals() {
        let rs =
            query("SELECT year, code, value FROM totals WHERE code IN ('YF01', 'ZZ01') ORDER BY year, code").unwrap();
        assert_eq!(
            rs.rows,
            [
                vec![Value::Int(2023), Value::Text("ZZ01".into()), Value::Float(1.0)],
                vec![Value::Int(2024), Value::Text("YF01".into()), Value::Float(2152.0)],
                vec![Value::Int(2024), Value::Text("ZZ01".into()), Value::Float(5.0)],
            ]
        );
    }

    #[test]
    fn bad_sql_gives_the_engines_message() {
        let message = |sql| match query(sql) {
            Err(QueryError::Sql(m)) => m,
            other => panic!("{sql}: {other:?}"),
        };
        assert!(message("SELEC * FROM facts").contains("SELEC"));
        let table = message("SELECT * FROM nowhere");
        assert!(table.contains("没有名为“nowhere”的表"), "{table}");
        let column = message("SELECT nosuch FROM facts");
        assert!(column.contains("没有名为“nosuch”的列"), "{column}");
        let twice = message("SELECT a.value, b.value FROM totals a JOIN totals b ON a.code = b.code");
        assert!(twice.contains("两列都叫“value”"), "{twice}");
        assert_eq!(message("  "), "SQL 语句为空");
        let typed = message("SELECT value + 'a' FROM totals");
        assert!(typed.contains("value") && !typed.contains("plan"), "{typed}");
    }

    #[test]
    fn the_documents_facts_are_the_query_of_the_same_years() {
        let sql = |years: &str| {
            to_csv(&query(&format!("SELECT {} FROM facts WHERE year {years}", FACT_COLUMNS.join(", "))).unwrap())
        };
        let data = sample();
        let csv = |years| facts_csv(&data, years);
        assert_eq!(csv(2024..=2024), sql("= 2024"));
        assert!(csv(2024..=2024).starts_with("year,unit,code,value,file,sheet,cell\n"));
        assert_eq!(csv(2024..=2024).lines().count(), 1 + 5);
        assert!(csv(2024..=2024).contains("\n2024,甲街道,YF01,1000,甲街道.xlsx,填报表,E5\n"));
        assert_eq!(csv(2020..=2024), sql("BETWEEN 2020 AND 2024"));
        assert_eq!(csv(1990..=1999), "year,unit,code,value,file,sheet,cell\n");
    }

    #[test]
    fn empty_result_keeps_its_columns() {
        let rs = query("SELECT unit, value FROM facts WHERE year = 1900").unwrap();
        assert_eq!(rs.columns, ["unit", "value"]);
        assert!(rs.rows.is_empty());
        assert_eq!(to_csv(&rs), "unit,value\n");
        assert_eq!(to_json(&rs), "[]\n");
        assert!(to_table(&rs).contains("unit"));
    }

    #[test]
    fn units_table_says_who_has_not_reported() {
        let rs = query("SELECT unit, unit_type, authoritative, file FROM units WHERE year = 2024 AND NOT submitted")
            .unwrap();
        assert_eq!(
            rs.rows,
            [vec![Value::Text("乙镇".into()), Value::Text("街道镇".into()), Value::Bool(false), Value::Null]]
        );
        let rs = query("SELECT unit FROM units WHERE authoritative").unwrap();
        assert_eq!(rs.rows, [vec![Value::Text(BUREAU.into())]]);
    }

    #[test]
    fn only_queries_are_run() {
        for sql in [
            "DROP TABLE facts",
            "delete from facts",
            "  INSERT INTO totals VALUES (1)",
            "CREATE TABLE x AS SELECT 1",
            "/* x */ TRUNCATE facts",
            "SHOW TABLES",
            "EXPLAIN SELECT 1",
        ] {
            assert!(matches!(query(sql), Err(QueryError::NotAQuery(_))), "{sql}");
        }
        let Err(e) = query("drop table facts") else { panic!() };
        assert!(e.to_string().contains("DROP") && e.to_string().contains("只能查询"), "{e}");
        for sql in ["-- who\nSELECT 1 AS a", "(SELECT 1 AS a)", "WITH t AS (SELECT 1 AS a) SELECT a FROM t"] {
            assert!(query(sql).is_ok(), "{sql}");
        }
        let Err(QueryError::Sql(m)) = query("SELECT 1; DROP TABLE facts") else { panic!() };
        assert_eq!(m, "一次只能执行一条 SQL 语句");
    }

    fn cjk() -> ResultSet {
        ResultSet {
            columns: vec!["unit".into(), "名称".into(), "value".into()],
            rows: vec![
                vec![Value::Text(BUREAU.into()), Value::Text("重点优抚对象".into()), Value::Float(2152.0)],
                vec![Value::Text("甲街道".into()), Value::Text("a".into()), Value::Float(12.5)],
                vec![Value::Text("某部".into()), Value::Null, Value::Int(3)],
            ],
        }
    }

    #[test]
    fn table_lines_up_chinese_text_and_right_aligns_numbers() {
        let table = to_table(&cjk());
        let widths: Vec<usize> = table.lines().map(UnicodeWidthStr::width).collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{table}\n{widths:?}");
        assert!(table.lines().any(|l| l.ends_with("|  2152 |")), "{table}");
        assert!(table.lines().any(|l| l.ends_with("|  12.5 |")), "{table}");
        assert!(table.lines().any(|l| l.starts_with("| 某部 ")), "{table}");
        assert!(!table.contains("2152.0"), "{table}");
    }

    #[test]
    fn numbers_read_without_float_noise() {
        assert_eq!(Value::Float(3500.0).text(), "3500");
        assert_eq!(Value::Float(12.5).text(), "12.5");
        assert_eq!(Value::Float(0.1 + 0.2).text(), "0.3");
        assert_eq!(Value::Null.text(), "");
    }

    #[test]
    fn csv_quotes_commas_quotes_and_line_breaks() {
        let rs = ResultSet {
            columns: vec!["a,b".into(), "c".into()],
            rows: vec![
                vec![Value::Text("3,500".into()), Value::Text("说\"约\"".into())],
                vec![Value::Text("两\n行".into()), Value::Float(3500.0)],
                vec![Value::Null, Value::Text("plain".into())],
            ],
        };
        assert_eq!(to_csv(&rs), "\"a,b\",c\n\"3,500\",\"说\"\"约\"\"\"\n\"两\n行\",3500\n,plain\n");
    }

    #[test]
    fn json_keeps_types_and_column_order() {
        let mut rs = cjk();
        rs.columns.push("ok".into());
        for (row, b) in rs.rows.iter_mut().zip([true, false, true]) {
            row.push(Value::Bool(b));
        }
        let text = to_json(&rs);
        assert!(text.find("\"unit\"").unwrap() < text.find("\"名称\"").unwrap(), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let rows = v.as_array().unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["unit"], BUREAU);
        assert!(rows[0]["value"].is_u64() && rows[0]["value"] == 2152, "{text}");
        assert!(rows[1]["value"].is_f64() && rows[1]["value"] == 12.5);
        assert!(rows[2]["名称"].is_null());
        assert_eq!(rows[2]["value"], 3);
        assert_eq!(rows[1]["ok"], false);
    }

    #[test]
    fn csv_text_that_a_spreadsheet_would_run_starts_with_an_apostrophe() {
        let text = |t: &str| Value::Text(t.into());
        let rs = ResultSet {
            columns: vec!["t".into(), "n".into()],
            rows: vec![
                vec![text("=HYPERLINK(\"http://x\")"), Value::Float(-3.5)],
                vec![text("+1"), Value::Int(-2)],
                vec![text("-1"), Value::Null],
                vec![text("@SUM(A1)"), Value::Null],
                vec![text("\tx"), Value::Null],
                vec![text("\rx"), Value::Null],
                vec![text("兵妈妈=驿站"), Value::Null],
            ],
        };
        assert_eq!(
            to_csv(&rs),
            "t,n\n\"'=HYPERLINK(\"\"http://x\"\")\",-3.5\n'+1,-2\n'-1,\n'@SUM(A1),\n'\tx,\n\"'\rx\",\n兵妈妈=驿站,\n"
        );
    }

    #[test]
    fn csv_quotes_an_empty_field_only_when_it_is_the_whole_row() {
        let rs = ResultSet { columns: vec!["formula".into()], rows: vec![vec![Value::Null], vec![Value::Int(1)]] };
        assert_eq!(to_csv(&rs), "formula\n\"\"\n1\n");
    }

    #[test]
    fn json_is_one_row_to_a_line() {
        let mut rs = cjk();
        rs.rows.truncate(2);
        assert_eq!(
            to_json(&rs),
            format!(
                "[\n  {{\"unit\": \"{BUREAU}\", \"名称\": \"重点优抚对象\", \"value\": 2152}},\n  \
             {{\"unit\": \"甲街道\", \"名称\": \"a\", \"value\": 12.5}}\n]\n"
            )
        );
    }

    #[test]
    fn json_has_no_place_for_infinity() {
        let rs = ResultSet { columns: vec!["x".into()], rows: vec![vec![Value::Float(f64::INFINITY)]] };
        assert_eq!(to_json(&rs), "[\n  {\"x\": null}\n]\n");
    }
}
