//! The one test harness: intake workbooks in the contract's layout, messed up the way
//! units mess them up, small workspaces and the sample one, running the real binary,
//! golden files; and (in `readers`) every reader of what the binary writes.
//!
//! The layout is that of `shuangyong template` (sheet 填报表: A1 title, A2 `填报单位`
//! B2 unit, D2 `统计年度` E2 year, row 4 header `指标编码 | 类别 | 指标名称 | 计量单位 |
//! 本年数值 | 备注`, indicators from row 5), written here independently so that the
//! tests pin the contract rather than the template code.
#![allow(dead_code)]

mod readers;
mod xlsb;

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{Format, Formula, Workbook};
use shuangyong::catalog::Catalog;

pub use readers::*;
pub use xlsb::xlsx_to_xlsb;

/// What a unit typed in a cell.
#[derive(Debug, Clone)]
pub enum V {
    Num(f64),
    Text(String),
    /// A formula with the cached result as given (`""`: never calculated).
    Formula(String, String),
    /// A number in a date-formatted cell.
    Date(f64),
    Bool(bool),
    Empty,
}

impl From<f64> for V {
    fn from(n: f64) -> V {
        V::Num(n)
    }
}

impl From<i32> for V {
    fn from(n: i32) -> V {
        V::Num(n.into())
    }
}

impl From<&str> for V {
    fn from(s: &str) -> V {
        V::Text(s.to_string())
    }
}

#[derive(Debug, Clone)]
pub struct Line {
    pub code: String,
    pub value: V,
    /// 计量单位 as written; the catalogue's when `None`.
    pub measure: Option<String>,
    pub note: String,
}

/// One intake workbook to write.
#[derive(Debug, Clone)]
pub struct Intake {
    pub unit: V,
    pub year: V,
    pub lines: Vec<Line>,
    /// Rows inserted above everything (a unit's own title lines).
    pub rows_above: u32,
    /// Columns inserted left of everything (a 序号 column).
    pub cols_left: u16,
    /// A sheet of the unit's own placed before 填报表.
    pub sheet_before: bool,
    /// The hidden 版本信息 sheet: (version, fingerprint).
    pub stamp: Option<(i64, String)>,
    pub sheet_name: String,
    /// (label, value) cells under the table: 填报人, 联系电话 …
    pub contacts: Vec<(String, V)>,
    /// The 工作亮点 sheet; `None`: a workbook from a template without it.
    pub highlights: Option<HighlightSheet>,
}

/// A 工作亮点 sheet as a unit wrote it, or added it by hand to an old workbook: the header
/// `类别 | 标题 | 内容 | 可公开` at (rows_above, cols_left), one highlight a row below.
#[derive(Debug, Clone, Default)]
pub struct HighlightSheet {
    /// (类别, 标题, 内容, 可公开); `None` is an empty row.
    pub rows: Vec<Option<[String; 4]>>,
    pub rows_above: u32,
    pub cols_left: u16,
    /// A column of the unit's own after 可公开.
    pub extra_column: bool,
    /// The header lacks 可公开 (its values are not written either).
    pub without_public: bool,
}

impl Intake {
    pub fn new(unit: &str, year: i32) -> Intake {
        Intake {
            unit: V::Text(unit.to_string()),
            year: V::Num(year.into()),
            lines: Vec::new(),
            rows_above: 0,
            cols_left: 0,
            sheet_before: false,
            stamp: None,
            sheet_name: "填报表".into(),
            contacts: Vec::new(),
            highlights: None,
        }
    }

    /// A 工作亮点 row (the sheet is added with the first).
    pub fn highlight(mut self, category: &str, title: &str, text: &str, public: &str) -> Intake {
        let row = [category, title, text, public].map(str::to_string);
        self.highlights.get_or_insert_with(HighlightSheet::default).rows.push(Some(row));
        self
    }

    /// An empty row among the highlights.
    pub fn highlight_gap(mut self) -> Intake {
        self.highlights.get_or_insert_with(HighlightSheet::default).rows.push(None);
        self
    }

    /// Changes the 工作亮点 sheet's layout.
    pub fn highlights_layout(mut self, edit: impl FnOnce(&mut HighlightSheet)) -> Intake {
        edit(self.highlights.get_or_insert_with(HighlightSheet::default));
        self
    }

    /// A contact cell under the table, its value to the right of its label.
    pub fn contact(mut self, label: &str, value: impl Into<V>) -> Intake {
        self.contacts.push((label.into(), value.into()));
        self
    }

    pub fn row(mut self, code: &str, value: impl Into<V>) -> Intake {
        self.lines.push(Line { code: code.into(), value: value.into(), measure: None, note: String::new() });
        self
    }

    pub fn rows(mut self, rows: &[(&str, f64)]) -> Intake {
        for (c, v) in rows {
            self = self.row(c, *v);
        }
        self
    }

    /// The last row's 计量单位 changed.
    pub fn measure(mut self, m: &str) -> Intake {
        self.lines.last_mut().expect("a row first").measure = Some(m.into());
        self
    }

    /// The last row's 备注.
    pub fn note(mut self, n: &str) -> Intake {
        self.lines.last_mut().expect("a row first").note = n.into();
        self
    }

    pub fn shifted(mut self, rows: u32, cols: u16) -> Intake {
        self.rows_above = rows;
        self.cols_left = cols;
        self
    }

    pub fn with_sheet_before(mut self) -> Intake {
        self.sheet_before = true;
        self
    }

    pub fn stamped(mut self, version: i64, fingerprint: &str) -> Intake {
        self.stamp = Some((version, fingerprint.into()));
        self
    }

    pub fn year_as(mut self, v: impl Into<V>) -> Intake {
        self.year = v.into();
        self
    }

    pub fn sheet_named(mut self, name: &str) -> Intake {
        self.sheet_name = name.into();
        self
    }

    /// Writes the workbook in the format its extension names (`.xlsx`; `.xlsm`, with
    /// the macro-enabled content type; `.xlsb`); returns its path.
    pub fn write(&self, path: &Path) -> PathBuf {
        match path.extension().and_then(|e| e.to_str()) {
            Some("xlsm") => {
                self.write_xlsx(path);
                rewrite_entries(
                    path,
                    |name| name == "[Content_Types].xml",
                    |xml| {
                        let main = "spreadsheetml.sheet.main+xml";
                        assert!(xml.contains(main), "{xml}");
                        xml.replace(
                            &format!("application/vnd.openxmlformats-officedocument.{main}"),
                            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                        )
                    },
                );
            }
            Some("xlsb") => {
                let xlsx = path.with_extension("xlsb.xlsx");
                self.write_xlsx(&xlsx);
                xlsx_to_xlsb(&xlsx, path);
                std::fs::remove_file(xlsx).unwrap();
            }
            _ => self.write_xlsx(path),
        }
        path.to_path_buf()
    }

    fn write_xlsx(&self, path: &Path) {
        let catalog = Catalog::bundled();
        let mut book = Workbook::new();
        if self.sheet_before {
            let s = book.add_worksheet();
            s.set_name("说明").unwrap();
            s.merge_range(0, 0, 1, 5, "本单位填表说明：数据截至12月31日", &Format::new()).unwrap();
            s.write_string(3, 0, "填报口径以区双拥办通知为准").unwrap();
        }
        let s = book.add_worksheet();
        s.set_name(&self.sheet_name).unwrap();
        let (r0, c0) = (self.rows_above, self.cols_left);
        for r in 0..r0 {
            s.write_string(r, 0, format!("单位自加的第 {} 行", r + 1)).unwrap();
        }
        for c in 0..c0 {
            s.write_string(r0 + 3, c, "序号").unwrap();
        }
        let title = Format::new().set_bold();
        s.merge_range(r0, c0, r0, c0 + 5, "双拥工作统计表", &title).unwrap();
        s.write_string(r0 + 1, c0, "填报单位").unwrap();
        put(s, r0 + 1, c0 + 1, &self.unit);
        s.write_string(r0 + 1, c0 + 3, "统计年度").unwrap();
        put(s, r0 + 1, c0 + 4, &self.year);
        for (i, h) in ["指标编码", "类别", "指标名称", "计量单位", "本年数值", "备注"].iter().enumerate()
        {
            s.write_string(r0 + 3, c0 + i as u16, *h).unwrap();
        }
        for (i, line) in self.lines.iter().enumerate() {
            let r = r0 + 4 + i as u32;
            s.write_string(r, c0, &line.code).unwrap();
            let ind = catalog.get(line.code.trim());
            s.write_string(r, c0 + 1, ind.map(|i| i.category.as_str()).unwrap_or("")).unwrap();
            s.write_string(r, c0 + 2, ind.map(|i| i.name.as_str()).unwrap_or("")).unwrap();
            let measure = line.measure.clone().or(ind.map(|i| i.unit.clone())).unwrap_or_default();
            s.write_string(r, c0 + 3, measure).unwrap();
            put(s, r, c0 + 4, &line.value);
            if !line.note.is_empty() {
                s.write_string(r, c0 + 5, &line.note).unwrap();
            }
        }
        for (i, (label, value)) in self.contacts.iter().enumerate() {
            let r = r0 + 5 + (self.lines.len() + i) as u32;
            s.write_string(r, c0, label).unwrap();
            put(s, r, c0 + 1, value);
        }
        if let Some(h) = &self.highlights {
            let s = book.add_worksheet();
            s.set_name("工作亮点").unwrap();
            let (r0, c0) = (h.rows_above, h.cols_left);
            for r in 0..r0 {
                s.write_string(r, 0, format!("单位自加的第 {} 行", r + 1)).unwrap();
            }
            let mut header = vec!["类别", "标题", "内容"];
            if !h.without_public {
                header.push("可公开");
            }
            if h.extra_column {
                header.push("联系人");
            }
            for (i, label) in header.iter().enumerate() {
                s.write_string(r0, c0 + i as u16, *label).unwrap();
            }
            for (i, row) in h.rows.iter().enumerate() {
                let Some(row) = row else { continue };
                let r = r0 + 1 + i as u32;
                let written = if h.without_public { &row[..3] } else { &row[..] };
                for (c, text) in written.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                    s.write_string(r, c0 + c as u16, text).unwrap();
                }
                if h.extra_column {
                    s.write_string(r, c0 + header.len() as u16 - 1, "张三").unwrap();
                }
            }
        }
        if let Some((version, fingerprint)) = &self.stamp {
            let s = book.add_worksheet();
            s.set_name("版本信息").unwrap();
            s.write_string(0, 0, "模板版本").unwrap();
            s.write_number(0, 1, *version as f64).unwrap();
            s.write_string(1, 0, "指标目录指纹").unwrap();
            s.write_string(1, 1, fingerprint).unwrap();
            s.set_hidden(true);
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        book.save(path).unwrap();
    }
}

fn put(s: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, v: &V) {
    match v {
        V::Num(n) => {
            s.write_number(r, c, *n).unwrap();
        }
        V::Text(t) => {
            s.write_string(r, c, t).unwrap();
        }
        V::Formula(f, result) => {
            // An empty result is taken as "use the default" (0): make the default empty
            // to get the never-calculated formula that tools other than Excel write.
            if result.is_empty() {
                s.set_formula_result_default("");
            }
            s.write_formula(r, c, Formula::new(f).set_result(result)).unwrap();
        }
        V::Date(n) => {
            s.write_number_with_format(r, c, *n, &Format::new().set_num_format("yyyy-mm-dd")).unwrap();
        }
        V::Bool(b) => {
            s.write_boolean(r, c, *b).unwrap();
        }
        V::Empty => {}
    }
}

pub const BUREAU: &str = "区退役军人事务局";
pub const CIVIL: &str = "区民政局";
pub const STREET_A: &str = "甲街道";
pub const STREET_B: &str = "乙镇";
pub const TROOP: &str = "某部";

/// A workspace with five units (the bureau authoritative) for 2024.
pub fn workspace(dir: &Path) {
    let toml = format!(
        r#"region = "示例区"
office = "示例区双拥工作领导小组办公室"
year = 2024

[[units]]
name = "{BUREAU}"
type = "部门"
authoritative = true
aliases = ["退役军人事务局"]

[[units]]
name = "{CIVIL}"
type = "部门"

[[units]]
name = "{STREET_A}"
type = "街道镇"

[[units]]
name = "{STREET_B}"
type = "街道镇"

[[units]]
name = "{TROOP}"
type = "驻区部队"
"#
    );
    std::fs::write(dir.join("shuangyong.toml"), toml).unwrap();
    for year in 2020..=2025 {
        notes(dir, year);
    }
}

/// The office's own text for a year's report (`notes/<year>.md`): without its 存在的问题
/// and 下一步打算 only a draft can be built.
pub fn notes(dir: &Path, year: i32) -> PathBuf {
    let path = dir.join("notes").join(format!("{year}.md"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = "## 存在的问题\n\n一是社会化拥军渠道还不够宽。\n\n## 下一步打算\n\n一是推动社会化拥军走深走实。\n";
    std::fs::write(&path, text).unwrap();
    path
}

pub fn submissions(dir: &Path, year: i32) -> PathBuf {
    let d = dir.join("submissions").join(year.to_string());
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the sample workspace (its config, returns and the office's notes) in a
/// temporary folder.
pub fn samples() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    copy_dir(&src.join("submissions"), &ws.join("submissions"));
    copy_dir(&src.join("notes"), &ws.join("notes"));
    std::fs::copy(src.join("shuangyong.toml"), ws.join("shuangyong.toml")).unwrap();
    (tmp, ws)
}

/// A command run on a fresh copy of the sample workspace: the copy (`ws`, deleted with
/// `tmp`), its default output folder and the run.
pub struct Made {
    pub tmp: tempfile::TempDir,
    pub ws: PathBuf,
    pub out: PathBuf,
    pub run: Run,
}

/// Runs `args` (a command and its options) in a fresh copy of the sample workspace,
/// asserting that it succeeds.
pub fn on_samples(args: &[&str]) -> Made {
    let (tmp, ws) = samples();
    let run = run_ok(&ws, args);
    let out = ws.join("out");
    Made { tmp, ws, out, run }
}

/// The fixed build time of every run (2025-01-01T00:00:00Z), so outputs are comparable.
pub const EPOCH: &str = "1735689600";

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary in `cwd` at [`EPOCH`], without colours.
pub fn run(cwd: &Path, args: &[&str]) -> Run {
    run_env(cwd, args, &[])
}

/// As [`run`], with environment variables set (`Some`) or removed (`None`).
pub fn run_env(cwd: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shuangyong"));
    command.args(args).current_dir(cwd).env("NO_COLOR", "1").env("SOURCE_DATE_EPOCH", EPOCH);
    for (key, value) in env {
        match value {
            Some(v) => command.env(key, v),
            None => command.env_remove(key),
        };
    }
    let out = command.output().expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 errors"),
    }
}

/// As [`run`], its stdout closed as soon as it starts, as by a reader that stopped early
/// (`| head -1`); stdout is therefore empty.
pub fn run_unread(cwd: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shuangyong"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the binary ends");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 errors"),
    }
}

/// As [`run`], asserting that the command succeeds (exit 0).
pub fn run_ok(cwd: &Path, args: &[&str]) -> Run {
    let r = run(cwd, args);
    assert_eq!(r.code, 0, "{args:?} failed\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
    r
}

/// `query --format csv --sql <sql>` on the workspace `ws`: its standard output.
pub fn query_csv(ws: &Path, sql: &str) -> String {
    run_ok(ws, &["query", ws.to_str().unwrap(), "--format", "csv", "--sql", sql]).stdout
}

/// The single number a one-cell query answers.
pub fn query_number(ws: &Path, sql: &str) -> f64 {
    let csv = query_csv(ws, sql);
    let cell = csv.lines().nth(1).unwrap_or_else(|| panic!("no row from {sql}"));
    cell.trim().parse().unwrap_or_else(|e| panic!("{cell} from {sql}: {e}"))
}

/// The corpus of real workbooks beside the repository (`../shared/corpus`, or the
/// folder in `SHUANGYONG_CORPUS`); `None` after [`unavailable`] without it.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("SHUANGYONG_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    unavailable(&format!("the corpus is not at {} (../shared/corpus or SHUANGYONG_CORPUS)", dir.display()));
    None
}

/// Whether [`golden`] rewrites the file: only `UPDATE_GOLDEN=1`, and never under CI (a
/// CI run compares; a golden file changes only by a deliberate, reviewed rewrite).
/// Any other value is refused rather than read as "compare", which would surprise
/// whoever set it.
pub fn golden_rewrite(update: Option<&std::ffi::OsStr>, ci: bool) -> Result<bool, String> {
    match update.map(|v| v.to_str()) {
        None => Ok(false),
        Some(Some("1")) if ci => {
            Err("UPDATE_GOLDEN=1 is refused under CI: a CI run compares, it never rewrites".into())
        }
        Some(Some("1")) => Ok(true),
        Some(v) => {
            Err(format!("UPDATE_GOLDEN={v:?}: only UPDATE_GOLDEN=1 rewrites the golden files; unset it to compare"))
        }
    }
}

/// Compares `actual` with `tests/golden/<name>`; `UPDATE_GOLDEN=1` (not under CI)
/// rewrites the file instead, after a deliberate change.
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    let rewrite = golden_rewrite(std::env::var_os("UPDATE_GOLDEN").as_deref(), under_ci());
    if rewrite.unwrap_or_else(|e| panic!("{e}")) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} ({e}); UPDATE_GOLDEN=1 writes it", path.display()));
    if actual == expected {
        return;
    }
    // Golden files run to thousands of lines (SVG): show where they part, not both whole.
    let (got, want): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
    let at = got.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
    panic!(
        "differs from {} at line {} (UPDATE_GOLDEN=1 accepts it):\n  want: {}\n  got:  {}",
        path.display(),
        at + 1,
        want.get(at).unwrap_or(&"<end of file>"),
        got.get(at).unwrap_or(&"<end of output>"),
    );
}

/// `check --format json` parsed; panics with the output when it is not a JSON array.
pub fn check_json(cwd: &Path, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let r = run(cwd, &all);
    let v: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", r.stdout, r.stderr));
    (r.code, v.as_array().expect("a JSON array").clone())
}

/// A diagnostic as (kind, file, cell, value) for exact comparisons.
pub fn brief(d: &serde_json::Value) -> (String, Option<String>, Option<String>, Option<String>) {
    let s = |k: &str| d[k].as_str().map(str::to_string);
    (s("kind").unwrap(), s("file"), s("cell"), s("value"))
}

/// Rewrites the XML of every worksheet in an `.xlsx` file: for what rust_xlsxwriter
/// will not write (formulas with no `<v>` at all, false dimensions).
pub fn rewrite_sheets(path: &Path, edit: impl Fn(&str) -> String) {
    rewrite_entries(path, |name| name.starts_with("xl/worksheets/sheet"), edit);
}

/// Rewrites the text of the entries of a zip package that `which` picks.
pub fn rewrite_entries(path: &Path, which: impl Fn(&str) -> bool, edit: impl Fn(&str) -> String) {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, mut content) in zip_entries(path) {
        if which(&name) {
            content = edit(std::str::from_utf8(&content).unwrap()).into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// DuckDB's answers (PyPI `duckdb`, an engine written independently of polars) to
/// `queries` over the tables `export` wrote as Parquet into `dir`, the `region` column
/// left out so that the tables are `query`'s. Each answer is its header and rows as
/// text the way `query --format csv` writes fields (null empty, `true`/`false`), or the
/// engine's error; `None` after [`unavailable`] when Python has no duckdb.
pub fn duckdb(dir: &Path, queries: &[&str]) -> Option<Vec<Result<Vec<Vec<String>>, String>>> {
    const SCRIPT: &str = r#"
import json, os, sys
import duckdb
con = duckdb.connect()
for table in ["facts", "indicators", "totals", "units", "highlights"]:
    path = os.path.join(sys.argv[1], table + ".parquet").replace("'", "''")
    con.execute(f"CREATE VIEW {table} AS SELECT * EXCLUDE (region) FROM read_parquet('{path}')")
def text(v):
    if v is None: return ""
    if isinstance(v, bool): return "true" if v else "false"
    return str(v)
out = []
for q in json.load(sys.stdin):
    try:
        cur = con.execute(q)
        rows = [[text(v) for v in r] for r in cur.fetchall()]
        out.append({"ok": [[d[0] for d in cur.description]] + rows})
    except Exception as e:
        out.append({"err": str(e)})
json.dump(out, sys.stdout, ensure_ascii=False)
"#;
    use std::io::Write;
    let probe = Command::new("python3").args(["-c", "import duckdb"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        unavailable("python3 with duckdb not installed (python3 -m pip install duckdb)");
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().unwrap().write_all(serde_json::to_string(queries).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the DuckDB script failed");
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    Some(
        answers
            .into_iter()
            .map(|a| match a.get("ok") {
                Some(rows) => Ok(serde_json::from_value(rows.clone()).unwrap()),
                None => Err(a["err"].as_str().unwrap_or_default().to_string()),
            })
            .collect(),
    )
}

/// Opens every file in `files` with a reader written independently of this project,
/// panicking with the reader's complaint when one refuses a file: python-docx and a
/// LibreOffice conversion for `.docx`, qpdf for `.pdf`, ofdkit for `.ofd`, openpyxl for
/// `.xlsx`; and every XML part inside the ZIP containers through Python's expat, which
/// rejects what XML cannot hold. A reader that is not installed is [`unavailable`].
pub fn open_independently(files: &[PathBuf]) {
    let with =
        |ext: &str| -> Vec<&PathBuf> { files.iter().filter(|f| f.extension().is_some_and(|e| e == ext)).collect() };
    let python = |module: &str, script: &str, paths: &[&PathBuf]| {
        if paths.is_empty() {
            return;
        }
        let probe = Command::new("python3").args(["-c", &format!("import {module}")]).output();
        if !probe.is_ok_and(|o| o.status.success()) {
            unavailable(&format!("the Python module {module} is not installed (pip install {module})"));
            return;
        }
        let out = Command::new("python3").args(["-c", script]).args(paths).output().expect("python3 runs");
        assert!(out.status.success(), "{module} refused a file: {}", String::from_utf8_lossy(&out.stderr));
    };
    python("docx", "import docx, sys\nfor p in sys.argv[1:]: docx.Document(p)", &with("docx"));
    python("openpyxl", "import openpyxl, sys\nfor p in sys.argv[1:]: openpyxl.load_workbook(p)", &with("xlsx"));
    python(
        "ofdkit",
        "import ofdkit, sys\nfor p in sys.argv[1:]:\n    with ofdkit.open(p) as d: [page.text() for page in d.pages]",
        &with("ofd"),
    );
    let containers: Vec<&PathBuf> = ["docx", "xlsx", "ofd"].iter().flat_map(|e| with(e)).collect();
    python(
        "xml.etree.ElementTree",
        concat!(
            "import sys, zipfile, xml.etree.ElementTree as ET\n",
            "for p in sys.argv[1:]:\n",
            "    z = zipfile.ZipFile(p)\n",
            "    for n in z.namelist():\n",
            "        if n.endswith(('.xml', '.rels', '.svg')):\n",
            "            try: ET.fromstring(z.read(n))\n",
            "            except ET.ParseError as e: sys.exit(f'{p}: {n}: {e}')\n",
        ),
        &containers,
    );
    for pdf in with("pdf") {
        match Command::new("qpdf").arg("--check").arg(pdf).output() {
            Ok(out) => assert!(
                out.status.success(),
                "qpdf refused {}: {}",
                pdf.display(),
                String::from_utf8_lossy(&out.stdout)
            ),
            Err(_) => unavailable("qpdf not found (Debian: qpdf)"),
        }
    }
    let docx = with("docx");
    if docx.is_empty() {
        return;
    }
    if Command::new("soffice").arg("--version").output().is_err() {
        unavailable("soffice not found (Debian: libreoffice-writer-nogui)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new("soffice")
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(tmp.path())
        .args(&docx)
        .env("HOME", tmp.path())
        .output()
        .expect("soffice runs");
    for d in docx {
        let pdf = tmp.path().join(Path::new(d.file_name().unwrap()).with_extension("pdf"));
        assert!(
            pdf.metadata().is_ok_and(|m| m.len() > 0),
            "LibreOffice converted nothing from {}: {}",
            d.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Every file under `dir`, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The authoritative unit's return for `year`: without one, `build` refuses (issue 21).
pub fn bureau_return(ws: &Path, year: i32) {
    Intake::new(BUREAU, year).rows(&[("YF01", 300.0)]).write(&submissions(ws, year).join("局.xlsx"));
}

/// A workspace with a 2023 and a 2024 return from the bureau and one from a street.
pub fn reported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    for year in [2023, 2024] {
        let sub = submissions(dir.path(), year);
        Intake::new(BUREAU, year).rows(&[("YF01", 300.0), ("ZZ01", 4.0)]).write(&sub.join("a.xlsx"));
        Intake::new(STREET_A, year).rows(&[("YF01", 300.0), ("YF05", 40.0)]).write(&sub.join("b.xlsx"));
    }
    dir
}

/// A stretch of English in a message meant for the office: the OS's `(os error 17)`, or
/// three lowercase words in a row as engines write (`unsupported function 'rank'`). SQL
/// quoted back (`WHERE unit NOT IN (SELECT …)`) is upper case or a single word.
pub fn english(text: &str) -> Option<String> {
    if let Some(at) = text.find("os error") {
        return Some(text[at..].chars().take(40).collect());
    }
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphabetic() && c != '\'').collect();
    let lower = |w: &&str| w.len() > 1 && w.chars().all(|c| c.is_ascii_lowercase() || c == '\'');
    words.windows(3).find(|w| w.iter().all(lower)).map(|w| w.join(" "))
}
