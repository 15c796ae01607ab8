//! `shuangyong query` driven as a user runs it, on workspaces built in a temporary folder.

mod common;

use std::path::Path;

use common::{Intake, Run, BUREAU, STREET_A, STREET_B};

fn query(ws: &Path, args: &[&str]) -> Run {
    let mut all = vec!["query", ws.to_str().unwrap()];
    all.extend_from_slice(args);
    common::run(ws, &all)
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::workspace(dir.path());
    dir
}

/// A returned workbook; `rows` are (code, value as typed).
fn submission(ws: &Path, year: i32, unit: &str, rows: &[(&str, &str)]) {
    let mut intake = Intake::new(unit, year);
    for (code, value) in rows {
        intake = match value.parse::<f64>() {
            Ok(n) => intake.row(code, n),
            Err(_) => intake.row(code, *value),
        };
    }
    intake.write(&common::submissions(ws, year).join(format!("{unit}.xlsx")));
}

/// Issue 9: one row per highlight with the contract's columns, `cell` the row's 标题 cell.
#[test]
fn highlights_table_lists_the_units_highlights() {
    let ws = workspace();
    Intake::new(STREET_A, 2024)
        .row("ZZ01", 2.0)
        .highlight("拥军优属", "兵妈妈驿站", "依托社区开设驿站", "否")
        .highlights_layout(|h| h.rows_above = 1)
        .write(&common::submissions(ws.path(), 2024).join("甲.xlsx"));
    Intake::new(STREET_B, 2024).row("ZZ01", 1.0).write(&common::submissions(ws.path(), 2024).join("乙.xlsx"));
    let r = query(ws.path(), &["--sql", "SELECT * FROM highlights", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "year,unit,unit_type,category,title,text,public,file,sheet,cell\n\
         2024,甲街道,街道镇,拥军优属,兵妈妈驿站,依托社区开设驿站,false,甲.xlsx,工作亮点,B3\n"
    );
}

#[test]
fn indicators_table_needs_no_submissions() {
    let ws = workspace();
    let sql = "SELECT code, name, unit, formula FROM indicators WHERE aggregate <> 'sum' ORDER BY code";
    let table = query(ws.path(), &["--sql", sql]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    common::golden("query/indicators.txt", &table.stdout);
    let csv = query(ws.path(), &["--sql", sql, "--format", "csv"]);
    common::golden("query/indicators.csv", &csv.stdout);
    let json = query(ws.path(), &["--sql", sql, "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // By code, not position: the catalogue grows.
    let row = |code: &str| rows.as_array().unwrap().iter().find(|r| r["code"] == code).unwrap().clone();
    assert_eq!(row("SH06")["formula"], "SH05 / SH04 * 100");
    assert!(row("YF01")["formula"].is_null());
}

#[test]
fn bad_sql_exits_2_with_the_engines_message() {
    let ws = workspace();
    let run = query(ws.path(), &["--sql", "SELEC code FROM indicators"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("SQL 有误："), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let run = query(ws.path(), &["--sql", "SELECT * FROM nowhere"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
}

#[test]
fn missing_workspace_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = query(dir.path(), &["--sql", "SELECT 1"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("shuangyong.toml"), "{}", run.stderr);
}

#[test]
fn totals_follow_each_rule_over_the_returned_workbooks() {
    let ws = workspace();
    submission(ws.path(), 2024, BUREAU, &[("YF01", "2152"), ("YF05", "12")]);
    submission(ws.path(), 2024, STREET_A, &[("YF01", "1000"), ("YF05", "30"), ("ZC04", "20"), ("ZC06", "20")]);
    submission(ws.path(), 2024, STREET_B, &[("YF01", "1100"), ("YF05", "3,500"), ("ZC04", "25"), ("ZC06", "30")]);
    submission(ws.path(), 2023, STREET_A, &[("YF05", "40")]);
    let sql = "SELECT year, code, value FROM totals ORDER BY year, code";
    let run = query(ws.path(), &["--sql", sql, "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "year,code,value\n2023,YF05,40\n2024,YF01,2152\n2024,YF05,3542\n2024,ZC04,45\n2024,ZC06,50\n2024,ZC07,90\n"
    );
    let by_unit = query(
        ws.path(),
        &[
            "--sql",
            "SELECT unit, value, sheet, cell FROM facts WHERE year = 2024 AND code = 'YF01' ORDER BY value DESC",
        ],
    );
    common::golden("query/by_unit.txt", &by_unit.stdout);
}

#[test]
fn data_errors_are_announced_but_do_not_stop_the_query() {
    let ws = workspace();
    submission(ws.path(), 2024, BUREAU, &[("ZZ01", "1")]);
    submission(ws.path(), 2024, STREET_A, &[("YF05", "若干"), ("ZZ01", "2")]);
    submission(ws.path(), 2024, STREET_B, &[("ZZ01", "3")]);
    let sql = "SELECT unit, code, value FROM facts ORDER BY value";
    let run = query(ws.path(), &["--sql", sql, "--format", "json"]);
    assert_eq!(run.code, 1, "the data has errors: {}", run.stderr);
    assert!(run.stderr.contains("注意：数据中有 1 条错误（2024年度）"), "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([
            {"unit": BUREAU, "code": "ZZ01", "value": 1},
            {"unit": STREET_A, "code": "ZZ01", "value": 2},
            {"unit": STREET_B, "code": "ZZ01", "value": 3},
        ])
    );
}

/// What `query` must do with a statement: answer as DuckDB does, or refuse it (exit 2,
/// saying how to write it instead).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Expect {
    Agree,
    Refuse,
    /// The engine lacks the function: an error (exit 2), never an answer.
    Unsupported,
}

/// Questions an office asks, over the sample district's four years: joins with constants
/// and ranges in ON (LEFT and inner), GROUP BY with HAVING, window functions, NULLs,
/// counts of empty sets, Chinese names matched as text.
const OFFICE_QUERIES: &[(&str, Expect)] = &[
    // The year-on-year join: a constant in ON loses every match in polars.
    (
        "SELECT a.unit, a.value AS y2024, b.value AS y2023 FROM facts a LEFT JOIN facts b \
         ON a.unit = b.unit AND a.code = b.code AND b.year = 2023 WHERE a.year = 2024 AND a.code = 'YF04'",
        Expect::Refuse,
    ),
    (
        "SELECT a.unit, a.value AS y2024, b.value AS y2023 FROM facts a LEFT JOIN \
         (SELECT * FROM facts WHERE year = 2023) b ON a.unit = b.unit AND a.code = b.code \
         WHERE a.year = 2024 AND a.code = 'YF04'",
        Expect::Agree,
    ),
    (
        "SELECT a.unit, a.code, a.value AS now, b.value AS before FROM facts a JOIN facts b \
         ON a.unit = b.unit AND a.code = b.code AND b.year = 2023 WHERE a.year = 2024",
        Expect::Refuse,
    ),
    (
        "SELECT a.unit, a.code, a.value AS now, b.value AS before FROM facts a JOIN facts b \
         ON a.unit = b.unit AND a.code = b.code WHERE a.year = 2024 AND b.year = 2023",
        Expect::Agree,
    ),
    (
        "SELECT a.unit, a.code, a.year, b.year AS earlier FROM facts a JOIN facts b \
         ON a.unit = b.unit AND a.code = b.code AND b.year < a.year WHERE a.code = 'ZZ01'",
        Expect::Refuse,
    ),
    (
        "SELECT a.unit, a.code, a.year, b.year AS earlier FROM facts a JOIN facts b \
         ON a.unit = b.unit AND a.code = b.code WHERE a.code = 'ZZ01' AND b.year < a.year",
        Expect::Agree,
    ),
    (
        "SELECT a.unit, a.value AS now, b.value AS before FROM facts a LEFT JOIN facts b \
         ON a.unit = b.unit AND a.code = b.code AND b.year = a.year - 1 WHERE a.code = 'YF05'",
        Expect::Refuse,
    ),
    (
        "SELECT a.unit, a.year, a.value AS now, b.value AS before FROM facts a LEFT JOIN \
         (SELECT unit, code, value, year + 1 AS next_year FROM facts) b \
         ON a.unit = b.unit AND a.code = b.code AND a.year = b.next_year WHERE a.code = 'YF05'",
        Expect::Agree,
    ),
    (
        "SELECT u.unit, u.submitted, f.value FROM units u LEFT JOIN facts f \
         ON u.unit = f.unit AND u.year = f.year AND f.code = 'YF05' WHERE u.year = 2024",
        Expect::Refuse,
    ),
    // Counting what each unit reported, the units with nothing included.
    (
        "SELECT u.unit, COUNT(f.value) AS n FROM units u LEFT JOIN facts f \
         ON u.unit = f.unit AND u.year = f.year WHERE u.year = 2024 GROUP BY u.unit",
        Expect::Agree,
    ),
    (
        "SELECT i.category, SUM(f.value) AS total, COUNT(*) AS n FROM facts f JOIN indicators i \
         ON f.code = i.code WHERE f.year = 2024 GROUP BY i.category",
        Expect::Agree,
    ),
    (
        "SELECT t.code, i.name, t.value, i.unit FROM totals t JOIN indicators i USING (code) \
         WHERE t.year = 2024 AND i.category = '拥军优属'",
        Expect::Agree,
    ),
    (
        "SELECT unit, COUNT(*) AS n, SUM(value) AS total FROM facts WHERE year = 2024 \
         GROUP BY unit HAVING COUNT(*) >= 10",
        Expect::Agree,
    ),
    (
        "SELECT code, AVG(value) AS mean, MIN(value) AS low, MAX(value) AS high FROM facts \
         GROUP BY code HAVING MAX(value) > 100",
        Expect::Agree,
    ),
    (
        "SELECT unit, code, value, RANK() OVER (PARTITION BY code ORDER BY value DESC) AS place \
         FROM facts WHERE year = 2024 AND unit_type = '街道镇'",
        Expect::Unsupported,
    ),
    (
        "SELECT unit, year, value, SUM(value) OVER (PARTITION BY unit) AS all_years FROM facts \
         WHERE code = 'YF05'",
        Expect::Agree,
    ),
    // Issue 21 (9): the engine lacks these; its English (an AST dump for NOT EXISTS) once
    // reached the office.
    (
        "SELECT DISTINCT unit FROM units u WHERE NOT EXISTS \
         (SELECT 1 FROM facts f WHERE f.unit = u.unit AND f.code = 'YF05')",
        Expect::Unsupported,
    ),
    ("SELECT unit FROM units WHERE year = 2024 EXCEPT SELECT unit FROM facts", Expect::Unsupported),
    ("SELECT unit, value FROM facts WHERE value > (SELECT avg(value) FROM facts)", Expect::Unsupported),
    // NULLs: units that sent nothing have no file.
    ("SELECT unit, year FROM units WHERE file IS NULL", Expect::Agree),
    ("SELECT COUNT(file) AS with_file, COUNT(*) AS all_units FROM units", Expect::Agree),
    ("SELECT COUNT(*) AS n FROM units WHERE file <> 'x.xlsx'", Expect::Agree),
    ("SELECT unit, COALESCE(file, '未报') AS file FROM units WHERE year = 2024", Expect::Agree),
    // Empty sets.
    ("SELECT COUNT(*) AS n FROM facts WHERE year = 1999", Expect::Agree),
    ("SELECT SUM(value) AS total FROM facts WHERE year = 1999", Expect::Agree),
    ("SELECT unit, COUNT(*) AS n FROM facts WHERE year = 1999 GROUP BY unit", Expect::Agree),
    // Chinese names as text.
    ("SELECT DISTINCT unit FROM facts WHERE unit LIKE '%街道'", Expect::Agree),
    ("SELECT code, name FROM indicators WHERE name LIKE '%优抚%'", Expect::Agree),
    ("SELECT unit, code, value FROM facts WHERE unit IN ('东湖街道', '新桥镇') AND year = 2024", Expect::Agree),
    ("SELECT DISTINCT unit, LENGTH(unit) AS chars FROM units", Expect::Agree),
    (
        "SELECT unit FROM units WHERE year = 2024 AND unit NOT IN \
         (SELECT unit FROM facts WHERE year = 2024 AND code = 'YF05')",
        Expect::Agree,
    ),
    (
        "WITH street AS (SELECT year, SUM(value) AS v FROM facts WHERE unit_type = '街道镇' AND code = 'YF05' GROUP BY year) \
         SELECT s.year, s.v, t.value AS district FROM street s JOIN totals t ON s.year = t.year WHERE t.code = 'YF05'",
        Expect::Agree,
    ),
    (
        "SELECT unit, CASE WHEN value >= 100 THEN '多' ELSE '少' END AS size FROM facts \
         WHERE year = 2024 AND code = 'YF05'",
        Expect::Agree,
    ),
    (
        "SELECT unit, value FROM facts WHERE year = 2024 AND code = 'YF05' ORDER BY value DESC, unit LIMIT 3",
        Expect::Agree,
    ),
    (
        "SELECT unit FROM units WHERE year = 2023 AND NOT submitted UNION ALL \
         SELECT unit FROM units WHERE year = 2024 AND NOT submitted",
        Expect::Agree,
    ),
    ("SELECT unit, COUNT(*) AS n FROM highlights WHERE public GROUP BY unit", Expect::Agree),
    // Issue 24 (4): unnamed expressions are headed as DuckDB heads them.
    ("SELECT count(*) FROM units WHERE year = 2024", Expect::Agree),
    ("SELECT 1", Expect::Agree),
    ("SELECT unit, sum(value), count(*) FROM facts WHERE year = 2024 GROUP BY unit", Expect::Agree),
    (
        "SELECT unit, sum(value) FROM facts WHERE year = 2024 GROUP BY unit ORDER BY sum(value) DESC LIMIT 3",
        Expect::Agree,
    ),
    ("SELECT year, max(value) - min(value) FROM facts WHERE code = 'YF05' GROUP BY year", Expect::Agree),
    ("SELECT unit, value * 2, length(unit) FROM facts WHERE year = 2024 AND code = 'YF05'", Expect::Agree),
    ("SELECT count(DISTINCT unit), count(file) FROM units", Expect::Agree),
    (
        "SELECT count(*) FROM units WHERE year = 2023 UNION ALL SELECT count(*) FROM units WHERE year = 2024",
        Expect::Agree,
    ),
    // The attacker trial: polars rounded half to even and cut fractions off in a cast.
    (
        "SELECT unit, value, CAST(value AS INTEGER) AS n, value::BIGINT AS m FROM facts WHERE year = 2024 AND code = 'ZZ05'",
        Expect::Agree,
    ),
    (
        "SELECT unit, code, round(value) AS r, round(value, 1) AS r1, round(value * 10, -1) AS r2 FROM facts WHERE year = 2024",
        Expect::Agree,
    ),
    ("SELECT year, round(sum(value), 1) AS s FROM facts WHERE code = 'YF02' GROUP BY year", Expect::Agree),
    (
        "SELECT round(2.5) AS a, round(-2.5) AS b, round(0.125, 2) AS c, CAST(2.5 AS INTEGER) AS d, CAST(-3.5 AS INT) AS e",
        Expect::Agree,
    ),
    // Doubles that only look like ties (7.05 holds 7.0499…), and true ones (0.25). Products,
    // not quotients: polars divides by a constant as a product with its reciprocal, which
    // moves a near-tie by one unit in the last place before any rounding.
    (
        "SELECT round(value * 0.01, 1) AS r, round(value * 0.001, 2) AS n, round(value * 0.15, 1) AS h FROM facts",
        Expect::Agree,
    ),
];

/// Two answers as the same table: the same header, and the same rows in some order,
/// numbers equal to within rounding.
fn same_answer(ours: &[Vec<String>], theirs: &[Vec<String>]) -> bool {
    let cell = |a: &String, b: &String| {
        a == b
            || match (a.parse::<f64>(), b.parse::<f64>()) {
                (Ok(x), Ok(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
                _ => false,
            }
    };
    let sorted = |t: &[Vec<String>]| {
        let mut rows = t[1..].to_vec();
        rows.sort();
        rows
    };
    let (a, b) = (sorted(ours), sorted(theirs));
    ours[0] == theirs[0]
        && a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| x.len() == y.len() && x.iter().zip(y).all(|(p, q)| cell(p, q)))
}

/// `query --format csv` parsed into header and rows, or its message when it refused.
fn ours(ws: &Path, sql: &str) -> Result<Vec<Vec<String>>, Run> {
    let run = query(ws, &["--sql", sql, "--format", "csv"]);
    if run.code != 0 {
        return Err(run);
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(run.stdout.as_bytes());
    Ok(reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect())
}

/// Each statement through `query` and through DuckDB over the `export`ed Parquet.
fn differential(statements: &[(&str, Expect)]) {
    let (_tmp, ws) = common::samples();
    let out = ws.join("导出");
    let export = common::run(&ws, &["export", ".", "--out", out.to_str().unwrap()]);
    assert!(export.code <= 1, "{}", export.stderr);
    let sqls: Vec<&str> = statements.iter().map(|(sql, _)| *sql).collect();
    let Some(answers) = common::duckdb(&out, &sqls) else { return };
    for ((sql, expect), theirs) in statements.iter().zip(answers) {
        let theirs = theirs.unwrap_or_else(|e| panic!("DuckDB refused {sql}: {e}"));
        match (ours(&ws, sql), expect) {
            (Ok(answer), Expect::Agree) => {
                assert!(same_answer(&answer, &theirs), "{sql}\nquery:  {answer:?}\nDuckDB: {theirs:?}")
            }
            (Err(run), Expect::Refuse) => {
                assert_eq!(run.code, 2, "{sql}: {}", run.stderr);
                assert!(run.stderr.contains("已拒绝执行") && run.stdout.is_empty(), "{sql}: {}", run.stderr);
            }
            (Err(run), Expect::Unsupported) => {
                assert_eq!(run.code, 2, "{sql}: {}", run.stderr);
                assert!(run.stderr.starts_with("错误：SQL 有误：") && run.stdout.is_empty(), "{sql}: {}", run.stderr);
                assert_eq!(common::english(&run.stderr), None, "{sql}: {}", run.stderr);
            }
            (Ok(answer), Expect::Refuse | Expect::Unsupported) => {
                panic!("{sql}: answered instead of refused\nquery: {answer:?}\nDuckDB: {theirs:?}")
            }
            (Err(run), Expect::Agree) => panic!("{sql}: refused ({})", run.stderr),
        }
    }
}

/// Issue 21 (2): polars' SQL answered a constant in JOIN … ON with an empty column; every
/// answer now agrees with DuckDB's, or the construct is refused with the way to write it.
#[test]
fn office_queries_agree_with_duckdb_or_are_refused() {
    differential(OFFICE_QUERIES);
}

/// Every `--sql` example of README.md, compared the same way.
#[test]
fn readme_queries_agree_with_duckdb() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut examples: Vec<&str> =
        readme.split("--sql \"").skip(1).map(|rest| rest.split('"').next().unwrap().trim()).collect();
    // Inline ones, as `SELECT unit FROM units WHERE …`.
    examples.extend(readme.match_indices("`SELECT ").map(|(at, _)| {
        let code = &readme[at + 1..];
        &code[..code.find('`').unwrap()]
    }));
    assert!(examples.len() >= 3, "{examples:?}");
    differential(&examples.iter().map(|sql| (*sql, Expect::Agree)).collect::<Vec<_>>());
}

/// The refusal says how to write the statement instead, in Chinese.
#[test]
fn a_constant_in_on_is_refused_with_the_rewrite() {
    let (_tmp, ws) = common::samples();
    let sql = "SELECT a.unit, b.value FROM facts a LEFT JOIN facts b ON a.unit = b.unit AND b.year = 2023";
    let run = query(&ws, &["--sql", sql]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("“b.year = 2023”"), "{}", run.stderr);
    assert!(run.stderr.contains("LEFT JOIN (SELECT * FROM facts WHERE year = 2023) b ON"), "{}", run.stderr);
    let inner = query(&ws, &["--sql", &sql.replace("LEFT JOIN", "JOIN")]);
    assert!(inner.stderr.contains("移到 WHERE 中"), "{}", inner.stderr);
}

/// Issue 21 (7): a unit's text that a spreadsheet would run as a formula is written with
/// a leading apostrophe in every CSV (`query`, `export`), numbers as numbers.
#[test]
fn csv_text_never_opens_as_a_formula() {
    let ws = workspace();
    Intake::new(STREET_A, 2024)
        .row("ZZ01", 2.0)
        .highlight("拥军优属", "=HYPERLINK(\"http://x.example\",\"点此\")", "@SUM(1)", "是")
        .write(&common::submissions(ws.path(), 2024).join("-甲.xlsx"));
    let sql =
        "SELECT h.title, h.text, f.file, f.value FROM highlights h JOIN facts f ON h.unit = f.unit AND h.year = f.year";
    let r = query(ws.path(), &["--sql", sql, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "title,text,file,value\n\"'=HYPERLINK(\"\"http://x.example\"\",\"\"点此\"\")\",'@SUM(1),'-甲.xlsx,2\n"
    );
    let out = ws.path().join("导出");
    let e = common::run(ws.path(), &["export", ".", "--out", out.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(e.code, 0, "{}", e.stderr);
    let highlights = std::fs::read_to_string(out.join("highlights.csv")).unwrap();
    assert!(highlights.contains(",\"'=HYPERLINK(") && highlights.contains(",'@SUM(1),"), "{highlights}");
    let facts = std::fs::read_to_string(out.join("facts.csv")).unwrap();
    assert!(facts.contains(",'-甲.xlsx,") && !facts.contains(",-甲.xlsx,"), "{facts}");
}

/// Issue 21 (8): an answer past the row limit is refused with the way round it, and the
/// flag lifts the limit; a join with no key that would not fit in memory never starts.
#[test]
fn work_is_bounded() {
    let (_tmp, ws) = common::samples();
    let sql = "SELECT a.unit FROM facts a, facts b";
    let r = query(&ws, &["--sql", "SELECT * FROM facts", "--max-rows", "10"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("超过 10 行") && r.stderr.contains("--max-rows 0"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let all = query(&ws, &["--sql", "SELECT * FROM facts", "--max-rows", "0", "--format", "csv"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert!(all.stdout.lines().count() > 10);
    let started = std::time::Instant::now();
    let cross = query(&ws, &["--sql", &format!("{sql}, facts c, facts d")]);
    assert_eq!(cross.code, 2, "{}", cross.stderr);
    assert!(cross.stderr.contains("超出本机内存") && cross.stderr.contains("已拒绝执行"), "{}", cross.stderr);
    assert!(started.elapsed().as_secs() < 20);
    let cross = query(&ws, &["--sql", "SELECT COUNT(*) AS n FROM facts a CROSS JOIN facts b CROSS JOIN facts c"]);
    assert_eq!(cross.code, 2, "{}", cross.stderr);
}
