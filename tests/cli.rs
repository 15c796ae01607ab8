//! The command line as office staff meet it: usage errors in Chinese, years that make
//! sense, no document from a year nobody reported, queries that only query, the
//! workspace found from inside it and the document date (issue: "a command line that
//! speaks Chinese").

mod common;

use common::*;

/// No English from clap or serde reaches the user.
fn assert_chinese(text: &str) {
    for english in ["error:", "Usage", "Options", "Arguments", "Commands", "tip:", "Print", "unknown field", "missing"]
    {
        assert!(!text.contains(english), "English “{english}” in:\n{text}");
    }
}

#[test]
fn a_year_outside_a_sane_range_is_a_usage_error() {
    let dir = reported();
    for args in [
        &["build", "--year", "1900"][..],
        &["build", "--year", "0"],
        &["check", "--year", "99999"],
        &["query", "--year", "1999", "--sql", "SELECT 1 AS a"],
        &["template", "--year", "20244"],
        &["dossier", "--from", "1900"],
        &["dossier", "--to", "3000"],
        &["build", "--year", "二〇二四"],
    ] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("年"), "{args:?}: {}", r.stderr);
        assert_chinese(&r.stderr);
        assert!(!dir.path().join("out").exists() && !dir.path().join("blank").exists(), "{args:?}");
    }
    let r = run(dir.path(), &["build", "--year", "1900"]);
    assert!(r.stderr.contains("1900") && r.stderr.contains("2000"), "{}", r.stderr);

    let toml = dir.path().join("shuangyong.toml");
    std::fs::write(&toml, std::fs::read_to_string(&toml).unwrap().replace("year = 2024", "year = 1900")).unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("shuangyong.toml 第 3 行") && r.stderr.contains("1900"), "{}", r.stderr);
}

#[test]
fn a_year_without_returns_makes_no_document_unless_draft() {
    let dir = reported();
    // 2025 has no folder at all; 2022 an empty one.
    std::fs::create_dir_all(dir.path().join("submissions/2022")).unwrap();
    for year in ["2025", "2022"] {
        let r = run(dir.path(), &["build", "--year", year]);
        assert_eq!(r.code, 1, "{year}: {}", r.stderr);
        assert!(r.stderr.contains("没有任何单位报送") && r.stderr.contains("--draft"), "{}", r.stderr);
        assert!(!dir.path().join("out").exists());
    }
    let r = run(dir.path(), &["dossier", "--from", "2022", "--to", "2025"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("2025 年度没有任何单位报送"), "{}", r.stderr);

    let r = run(dir.path(), &["build", "--year", "2022", "--draft"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("草稿"), "{}", r.stdout);
}

#[test]
fn query_refuses_what_is_not_a_query() {
    let dir = reported();
    for sql in ["DROP TABLE facts", "DELETE FROM facts", "insert into totals values (2024, 'YF01', 1, false)"] {
        let r = run(dir.path(), &["query", "--sql", sql]);
        assert_eq!(r.code, 2, "{sql}: {}", r.stdout);
        assert!(r.stdout.is_empty(), "{sql}: {}", r.stdout);
        assert!(r.stderr.contains("只能查询"), "{sql}: {}", r.stderr);
    }
}

#[test]
fn who_has_not_reported_is_a_query() {
    let dir = reported();
    let r = run(
        dir.path(),
        &[
            "query",
            "--format",
            "csv",
            "--sql",
            "SELECT year, unit, unit_type, authoritative, submitted, file FROM units \
             WHERE NOT submitted ORDER BY year, unit",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "year,unit,unit_type,authoritative,submitted,file");
    let mut missing: Vec<&str> = lines[1..].iter().filter(|l| l.starts_with("2024,")).copied().collect();
    missing.sort_unstable();
    let mut expected = [
        format!("2024,{CIVIL},部门,false,false,"),
        format!("2024,{STREET_B},街道镇,false,false,"),
        format!("2024,{TROOP},驻区部队,false,false,"),
    ];
    expected.sort_unstable();
    assert_eq!(missing, expected.iter().map(String::as_str).collect::<Vec<_>>());
    let r = run(
        dir.path(),
        &["query", "--format", "csv", "--sql", "SELECT unit, file FROM units WHERE year = 2024 AND authoritative"],
    );
    assert_eq!(r.stdout, format!("unit,file\n{BUREAU},a.xlsx\n"));
}

#[test]
fn query_help_lists_every_column_of_every_table() {
    let dir = reported();
    let help = run(dir.path(), &["query", "--help"]).stdout;
    for table in ["facts", "indicators", "totals", "units"] {
        let r = run(dir.path(), &["query", "--format", "csv", "--sql", &format!("SELECT * FROM {table} LIMIT 1")]);
        assert_eq!(r.code, 0, "{table}: {}", r.stderr);
        let columns = r.stdout.lines().next().unwrap().to_string();
        assert!(
            help.contains(&format!("{table}({})", columns.replace(',', ", "))),
            "{table}({columns}) not in:\n{help}"
        );
    }
}

/// Issue 24 (6): the help says what the commands do: five query tables, the Word
/// document among build's outputs, Chinese placeholders for export, naming with AS.
#[test]
fn help_tells_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    let top = run(dir.path(), &["--help"]).stdout;
    assert!(top.contains("highlights 五张表") && top.contains("Word 文档"), "{top}");
    let export = run(dir.path(), &["export", "--help"]).stdout;
    assert!(export.contains("--out <文件夹>") && export.contains("--format <格式>"), "{export}");
    assert!(!export.contains("<DIR>") && !export.contains("（Parquet（") && !export.contains("））"), "{export}");
    let query = run(dir.path(), &["query", "--help"]).stdout;
    assert!(query.contains("用 AS 给列起名") && query.contains("count_star()"), "{query}");
}

#[test]
fn usage_errors_are_chinese_with_sensible_suggestions() {
    let dir = reported();
    let r = run(dir.path(), &["build", "--fromat", "json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--fromat") && !r.stderr.contains("是不是 --draft"), "{}", r.stderr);
    assert!(r.stderr.contains("check、query、export 命令才有"), "{}", r.stderr);
    assert_chinese(&r.stderr);

    let cases: [(&[&str], &str); 7] = [
        (&["check", "--fromat", "json"], "是不是 --format？"),
        (&["check", "--format", "xml"], "可选：text"),
        (&["check", "--year"], "--year <年度> 后面缺少值"),
        (&["query"], "缺少必需的选项：--sql"),
        (&["biuld"], "是不是“build”？"),
        (&["build", "--date", "2024-02-30"], "不存在"),
        (&["build", "a", "b"], "多余的参数“b”"),
    ];
    for (args, expected) in cases {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(expected) && r.stderr.contains("用法："), "{args:?}: {}", r.stderr);
        assert_chinese(&r.stderr);
    }

    for args in [&["--help"][..], &["build", "--help"], &["help", "query"], &["check", "-h"]] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 0, "{args:?}");
        assert!(r.stdout.contains("用法：") && r.stdout.contains("选项"), "{args:?}: {}", r.stdout);
        assert_chinese(&r.stdout);
        assert!(!r.stdout.contains("[default") && !r.stdout.contains("possible values"), "{}", r.stdout);
        // Issue 21 (9): a flag that takes no value offers no values.
        assert!(!r.stdout.contains("true、false"), "{args:?}: {}", r.stdout);
    }
}

/// Issue 21 (8, 9): a file the config names must be a regular file of sane size, and
/// the OS's error reads in Chinese, once.
#[test]
fn files_the_config_names_are_bounded_and_their_errors_chinese() {
    let dir = reported();
    let toml = dir.path().join("shuangyong.toml");
    let good = std::fs::read_to_string(&toml).unwrap();
    for (setting, expected) in [("\"/dev/zero\"", "不是普通文件"), ("\"无此文件.toml\"", "文件不存在")] {
        std::fs::write(&toml, format!("catalog = {setting}\n{good}")).unwrap();
        let started = std::time::Instant::now();
        let r = run(dir.path(), &["check"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(expected), "{}", r.stderr);
        assert_eq!(r.stderr.matches(expected).count(), 1, "{}", r.stderr);
        assert!(started.elapsed().as_secs() < 10);
        assert_chinese(&r.stderr);
    }
}

#[test]
fn workspace_file_mistakes_are_chinese_with_file_and_line() {
    let dir = reported();
    let toml = dir.path().join("shuangyong.toml");
    let good = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, good.replace("office =", "ofice =")).unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("shuangyong.toml 第 2 行") && r.stderr.contains("“ofice”，是不是“office”？"),
        "{}",
        r.stderr
    );
    assert_chinese(&r.stderr);

    std::fs::write(&toml, good.replace("office = \"示例区双拥工作领导小组办公室\"\n", "")).unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("缺少必填的键“office”"), "{}", r.stderr);
    assert_chinese(&r.stderr);
}

#[test]
fn the_workspace_is_found_from_any_folder_inside_it() {
    let dir = reported();
    let r = run(&dir.path().join("submissions/2024"), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("2024 年度已报 2/5 个单位"), "{}", r.stdout);
    // Inside an earlier year's folder, that year is the one meant.
    let r = run(&dir.path().join("submissions/2023"), &["check"]);
    assert!(r.stdout.contains("2023 年度已报 2/5 个单位"), "{}", r.stdout);
    let r =
        run(&dir.path().join("submissions"), &["query", "--format", "csv", "--sql", "SELECT COUNT(*) AS n FROM units"]);
    assert_eq!(r.stdout, "n\n10\n", "{}", r.stderr);

    let outside = tempfile::tempdir().unwrap();
    let r = run(outside.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("上级文件夹中都没有 shuangyong.toml"), "{}", r.stderr);
}

#[test]
fn the_document_date_is_asked_for_or_fits_the_year() {
    let dir = reported();
    let pdf = |year: i32| dir.path().join(format!("out/示例区{year}年度双拥工作报告.pdf"));
    let build = |args: &[&str]| {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let r = run_env(dir.path(), &all, &[("SOURCE_DATE_EPOCH", None)]);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    };
    // Cover and signature both carry the date.
    let dated = |year: i32, date: &str| {
        if let Some(text) = pdf_text(&pdf(year)) {
            assert!(text.matches(date).count() >= 2, "{date} not on cover and signature:\n{text}");
        }
    };

    build(&["--year", "2023"]);
    dated(2023, "2023年12月31日");
    // Issue 24 (7): a past year's report is dated at its close even with the workspace's
    // year its own, and build says which date it took; until the end of March after the
    // year, the report is being written, and today is its date.
    let built_on = |epoch: &str| {
        let r = run_env(dir.path(), &["build"], &[("SOURCE_DATE_EPOCH", Some(epoch))]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let out = built_on("1796601600"); // 2026-12-07
    assert!(out.contains("成文日期：2024年12月31日（2024 年度已过去"), "{out}");
    dated(2024, "2024年12月31日");
    let out = built_on("1743350400"); // 2025-03-31, Beijing time
    assert!(out.contains("成文日期：2025年3月31日（今天"), "{out}");
    dated(2024, "2025年3月31日");
    build(&["--date", "2024-12-20"]);
    dated(2024, "2024年12月20日");

    let toml = dir.path().join("shuangyong.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace("year = 2024\n", "year = 2024\ndate = 2025-01-15\n");
    std::fs::write(&toml, text).unwrap();
    let r = run(dir.path(), &["build"]);
    assert!(!r.stdout.contains("成文日期"), "{}", r.stdout);
    dated(2024, "2025年1月15日");
    build(&["--date", "2025-01-16"]);
    dated(2024, "2025年1月16日");
}

#[test]
fn the_json_value_is_the_text_as_typed_and_near_a_hundred_is_approximate() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new(BUREAU, 2024).row("YF01", "2,150").write(&sub.join("a.xlsx"));
    Intake::new(STREET_A, 2024).rows(&[("YF01", 1000.0)]).row("YF05", "近百").write(&sub.join("b.xlsx"));
    let (code, diags) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{diags:#?}");
    let of = |kind: &str| diags.iter().find(|d| d["kind"] == kind).unwrap_or_else(|| panic!("no {kind}: {diags:#?}"));
    assert_eq!(of("reconciliation")["value"], "2,150");
    assert_eq!(of("approximate")["value"], "近百");
    assert!(of("approximate")["message"].as_str().unwrap().contains("100"));
}
