//! No silent losses: figures that would not reach a total, or reach it absurd, are
//! diagnostics at their cells (issue: "No silent losses, no hollow reports").

mod common;

use common::*;

fn kinds(diags: &[serde_json::Value]) -> Vec<Brief> {
    diags.iter().map(brief_of).collect()
}

type Brief = (String, Option<String>, Option<String>, Option<String>, Option<String>);

fn brief_of(d: &serde_json::Value) -> Brief {
    let s = |k: &str| d[k].as_str().map(str::to_string);
    (s("kind").unwrap(), s("severity"), s("unit"), s("cell"), s("value"))
}

#[test]
fn an_absurd_figure_is_an_error_at_its_cell_and_reaches_no_total() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0)]).write(&sub.join("a.xlsx"));
    Intake::new(CIVIL, 2024).row("ZZ01", 1e30).write(&sub.join("b.xlsx"));
    let (code, diags) = check_json(dir.path(), &[]);
    let found: Vec<Brief> = kinds(&diags).into_iter().filter(|d| d.0 == "implausible").collect();
    assert_eq!(found.len(), 1, "{diags:#?}");
    assert_eq!(found[0].1.as_deref(), Some("error"));
    assert_eq!(found[0].2.as_deref(), Some(CIVIL));
    assert_eq!(found[0].3.as_deref(), Some("E5"));
    assert_eq!(code, 1);
    let message = diags.iter().find(|d| d["kind"] == "implausible").unwrap()["message"].as_str().unwrap();
    assert!(message.contains("超出") && !message.contains("1000000000000000"), "{message}");

    let r = run(dir.path(), &["query", "--sql", "SELECT value FROM totals WHERE code = 'ZZ01'", "--format", "csv"]);
    assert!(!r.stdout.contains("1000000000"), "{}", r.stdout);
}

#[test]
fn without_an_authoritative_unit_the_roster_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let toml = dir.path().join("shuangyong.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace("authoritative = true\n", "");
    std::fs::write(&toml, text).unwrap();
    let sub = submissions(dir.path(), 2024);
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0)]).write(&sub.join("a.xlsx"));
    Intake::new(STREET_A, 2024).rows(&[("YF01", 120.0)]).write(&sub.join("b.xlsx"));
    let (code, diags) = check_json(dir.path(), &[]);
    let d = diags.iter().find(|d| d["kind"] == "no_authoritative_unit").unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "shuangyong.toml");
    assert!(d["message"].as_str().unwrap().contains("authoritative = true"));
    assert_eq!(code, 1);
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn a_department_figure_that_reaches_no_total_is_said_so() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0)]).write(&sub.join("a.xlsx"));
    Intake::new(CIVIL, 2024).rows(&[("YF01", 800.0)]).write(&sub.join("b.xlsx"));
    let (code, diags) = check_json(dir.path(), &[]);
    let found: Vec<Brief> = kinds(&diags).into_iter().filter(|d| d.0 == "not_counted").collect();
    assert_eq!(
        found,
        [("not_counted".into(), Some("warning".into()), Some(CIVIL.into()), Some("E5".into()), Some("800".into()))]
    );
    assert_eq!(code, 0);
}

#[test]
fn a_figure_far_above_its_peers_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let streets: Vec<String> = (1..=6).map(|i| format!("第{i}街道")).collect();
    let mut toml = "region = \"示例区\"\noffice = \"办\"\nyear = 2024\n".to_string();
    for s in &streets {
        toml.push_str(&format!("\n[[units]]\nname = \"{s}\"\ntype = \"街道镇\"\n"));
    }
    std::fs::write(dir.path().join("shuangyong.toml"), toml).unwrap();
    let sub = submissions(dir.path(), 2024);
    for (i, s) in streets.iter().enumerate() {
        let visits = if i == 5 { 4200.0 } else { 40.0 + i as f64 };
        Intake::new(s, 2024).row("YF05", visits).write(&sub.join(format!("{i}.xlsx")));
    }
    let (_, diags) = check_json(dir.path(), &[]);
    let found: Vec<Brief> = kinds(&diags).into_iter().filter(|d| d.0 == "outlier").collect();
    assert_eq!(found.len(), 1, "{diags:#?}");
    assert_eq!(found[0].2.as_deref(), Some("第6街道"));
}

#[test]
fn small_moves_are_not_worth_a_call_and_a_drop_to_zero_reads_plainly() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    for (year, meetings, visits) in [(2023, 2.0, 80.0), (2024, 3.0, 0.0)] {
        let sub = submissions(dir.path(), year);
        Intake::new(CIVIL, year).rows(&[("ZZ01", meetings), ("YF05", visits)]).write(&sub.join("b.xlsx"));
    }
    let (_, diags) = check_json(dir.path(), &[]);
    let changes: Vec<&serde_json::Value> = diags.iter().filter(|d| d["kind"] == "large_change").collect();
    assert_eq!(changes.len(), 1, "{diags:#?}");
    assert_eq!(changes[0]["code"], "YF05");
    let message = changes[0]["message"].as_str().unwrap();
    assert!(message.contains("减少 100%") && !message.contains("只有上年的 0%"), "{message}");
}

#[test]
fn a_zero_in_a_row_that_reaches_no_total_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0)]).write(&sub.join("a.xlsx"));
    Intake::new(CIVIL, 2024).row("YF01", "无").write(&sub.join("b.xlsx"));
    let (code, diags) = check_json(dir.path(), &[]);
    assert!(diags.iter().all(|d| d["kind"] != "not_counted"), "{diags:#?}");
    assert_eq!(code, 0);
}

#[test]
fn a_workspace_narrows_the_indicators_of_one_unit() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let toml = dir.path().join("shuangyong.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let text = text.replacen(&format!("name = \"{CIVIL}\"\n"), &format!("name = \"{CIVIL}\"\nskip = [\"YF01\"]\n"), 1);
    std::fs::write(&toml, text).unwrap();

    // The blank form no longer asks the unit for it …
    let r = run(dir.path(), &["template", "--out", "blank"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let forms: Vec<_> = std::fs::read_dir(dir.path().join("blank")).unwrap().map(|e| e.unwrap().path()).collect();
    let civil = forms.iter().find(|p| p.to_string_lossy().contains(CIVIL)).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(civil).unwrap();
    let cells = calamine::Reader::worksheet_range(&mut book, "填报表").unwrap();
    assert!(!cells.rows().any(|row| row.iter().any(|c| matches!(c, calamine::Data::String(s) if s == "YF01"))));

    // … and a figure it writes in anyway is said not to count, at its cell.
    let sub = submissions(dir.path(), 2024);
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0)]).write(&sub.join("a.xlsx"));
    Intake::new(CIVIL, 2024).rows(&[("YF01", 800.0)]).write(&sub.join("b.xlsx"));
    let (_, diags) = check_json(dir.path(), &[]);
    let d = diags.iter().find(|d| d["kind"] == "not_reported_by_type").unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!((d["unit"].as_str(), d["cell"].as_str()), (Some(CIVIL), Some("E5")));

    // A code the catalogue lacks is refused with its line.
    let text = std::fs::read_to_string(&toml).unwrap().replace("skip = [\"YF01\"]", "skip = [\"XX99\"]");
    std::fs::write(&toml, text).unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("XX99") && r.stderr.contains("行"), "{}", r.stderr);
}
