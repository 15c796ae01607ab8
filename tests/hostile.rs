//! What the attacker trial of issue 21 found (`/work/notes/attack-trial.md` in the
//! project's notes): the office's own files and folders, and queries, that made a
//! command misbehave while each case alone looked harmless.

mod common;

use common::*;

/// Issue 21 (12): a section of notes/<year>.md that neither the report template nor the
/// 创建工作汇报 reads (a typo, an extra section) is a warning naming the sections that
/// are read, instead of text that silently goes nowhere.
#[test]
fn an_unknown_notes_section_is_named_with_the_sections_read() {
    let (_tmp, ws) = samples();
    let notes = common::notes(&ws, 2024);
    let text = std::fs::read_to_string(&notes).unwrap();
    let text = text.replace("## 存在的问题", "## 存在问题") + "\n## 工作体会\n\n多余的一节。\n";
    std::fs::write(&notes, text).unwrap();
    let run = common::run(&ws, &["build", ".", "--draft"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warning = run.stderr.lines().find(|l| l.contains("“## 存在问题”")).unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(warning.starts_with("警告：") && warning.contains("notes/2024.md"), "{warning}");
    assert!(warning.contains("是不是“存在的问题”"), "{warning}");
    for read in ["创建荣誉", "存在的问题", "下一步打算", "结束语", "创建工作存在的不足", "创建工作下一步打算"]
    {
        assert!(warning.contains(read), "{read}: {warning}");
    }
    assert!(run.stderr.contains("“## 工作体会”"), "{}", run.stderr);
    // The sections read are not warned about.
    assert!(!run.stderr.contains("“## 基本情况”") && !run.stderr.contains("“## 下一步打算”"), "{}", run.stderr);
}

/// The office's notes are its text, not document structure: a `#` line, a list, a pipe
/// table or a fenced block in 存在的问题 once became a heading in the middle of the report,
/// bullets, or a build refused as a mistake in templates/annual-report.md.
#[test]
fn the_office_notes_print_as_typed() {
    let (_tmp, ws) = samples();
    let notes = common::notes(&ws, 2024);
    let text = std::fs::read_to_string(&notes).unwrap();
    let typed = "# 一级标题\n\n- 一是重视不够\n\n| 表 | 格 |\n\n```\n代码\n```";
    std::fs::write(&notes, text.replace("## 存在的问题\n", &format!("## 存在的问题\n\n{typed}\n"))).unwrap();
    let run = common::run_ok(&ws, &["build", "."]);
    let pdf = ws.join("out/示例区2024年度双拥工作报告.pdf");
    let Some(read) = common::pdftotext(&pdf, &[]) else { return };
    let read: String = read.chars().filter(|c| !c.is_whitespace()).collect();
    for line in ["#一级标题", "-一是重视不够", "|表|格|", "```代码```"] {
        assert!(read.contains(line), "{line} printed as typed: {}", run.stdout);
    }
}

/// A shortcut in submissions/ back to its own folder (made by a careless copy, or on
/// purpose) found every return again along `loop/up/loop/up/…`: every unit then had "5
/// 份填报表" and none was counted. A linked folder is named, not followed.
#[cfg(unix)]
#[test]
fn a_link_back_to_a_folder_does_not_read_the_returns_twice() {
    let (_tmp, ws) = samples();
    let year = common::submissions(&ws, 2024);
    std::fs::create_dir(year.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", year.join("loop").join("up")).unwrap();
    let run = common::run(&ws, &["check", "."]);
    assert!(!run.stdout.contains("份填报表"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("loop/up").count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("loop/up/ 是指向别处文件夹的链接"), "{}", run.stdout);
    assert!(run.stdout.contains("已报 25/25 个单位"), "{}", run.stdout);
}

/// A join on a column with few values (year: four) multiplies the rows as a cross join
/// does; chained, or through a WITH, it took every byte of memory and aborted. Refused
/// before it starts, saying what to add.
#[test]
fn a_join_on_a_column_with_few_values_is_sized_before_it_runs() {
    let (_tmp, ws) = samples();
    let started = std::time::Instant::now();
    for sql in [
        "SELECT count(*) FROM facts a JOIN facts b ON a.year = b.year JOIN facts c ON b.year = c.year",
        "WITH x AS (SELECT a.year FROM facts a JOIN facts b ON a.year = b.year) \
         SELECT count(*) FROM x JOIN facts c ON x.year = c.year",
        "SELECT count(*) FROM (SELECT a.year FROM facts a JOIN facts b ON a.year = b.year) x \
         JOIN facts c ON x.year = c.year",
    ] {
        let run = common::run(&ws, &["query", ".", "--sql", sql]);
        assert_eq!(run.code, 2, "{sql}: {}", run.stderr);
        assert!(run.stderr.contains("已拒绝执行") && run.stderr.contains("超出本机内存"), "{sql}: {}", run.stderr);
        assert!(run.stderr.contains("ON a.unit = b.unit AND a.code = b.code"), "{}", run.stderr);
    }
    assert!(started.elapsed().as_secs() < 20);
    // A join on its keys still runs.
    let keyed =
        "SELECT count(*) AS n FROM facts a JOIN facts b ON a.unit = b.unit AND a.code = b.code AND a.year = b.year";
    let run = common::run(&ws, &["query", ".", "--sql", keyed]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Sets `key = value` (a TOML string) in the workspace's config, in place of its line.
fn set_config(ws: &std::path::Path, key: &str, value: &str) {
    let path = ws.join("shuangyong.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().find(|l| l.starts_with(&format!("{key} ="))).unwrap().to_string();
    std::fs::write(&path, text.replace(&line, &format!("{key} = \"{value}\""))).unwrap();
}

/// Issue 21 (12) rest, round 3: the region once reached every output file name and the
/// terminal raw, U+202E included (the file names then read backwards), and a region of
/// 100 000 characters ran the whole build before failing on the file name. Both are
/// refused where they are written: the config's line, or `init --region`.
#[test]
fn a_region_that_cannot_name_a_file_is_refused_at_its_line() {
    let (_tmp, ws) = samples();
    for (region, said) in [("示例\u{202e}区", "控制字符"), (&"示".repeat(100_000)[..], "100000 个字")] {
        set_config(&ws, "region", region);
        let started = std::time::Instant::now();
        let run = common::run(&ws, &["build", ".", "--draft"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("shuangyong.toml 第 3 行：region（行政区名称）"), "{}", run.stderr);
        assert!(run.stderr.contains(said) && run.stderr.chars().count() < 300, "{}", run.stderr);
        assert!(!run.stderr.contains('\u{202e}') && !ws.join("out").exists(), "{}", run.stderr);
        assert!(started.elapsed().as_secs() < 5);
    }
    set_config(&ws, "region", "示例区");
    set_config(&ws, "office", "双拥办\\u001b[2J");
    let run = common::run(&ws, &["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("第 4 行：office") && run.stderr.contains("\\u{1b}[2J"), "{}", run.stderr);

    let dir = tempfile::tempdir().unwrap();
    let run = common::run(dir.path(), &["init", "新区", "--region", "示例\u{202e}区"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--region") && !run.stderr.contains('\u{202e}'), "{}", run.stderr);
    assert!(!dir.path().join("新区").exists());
}

/// Issue 21 (9), round 3: the OS's English once ended a Chinese message (`无法写入
/// /etc/passwd：File exists (os error 17)`); every kind is said in Chinese.
#[test]
fn the_os_errors_are_said_in_chinese() {
    let (_tmp, ws) = samples();
    let file = ws.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let cases: [&[&str]; 4] = [
        &["export", ".", "--out", "a-file"],
        &["build", ".", "--draft", "--out", "a-file"],
        &["template", ".", "--out", "a-file"],
        &["export", ".", "--out", "a-file/below"],
    ];
    for args in cases {
        let run = common::run(&ws, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("a-file"), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("已存在同名的文件或文件夹") || run.stderr.contains("路径中有一段是文件而不是文件夹"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(common::english(&run.stderr), None, "{args:?}: {}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

/// Issue 21 (9), round 3: calamine's `Xlsx error: Xml error: …` once stood in the middle
/// of the Chinese message for a damaged return; it now follows it, marked as the
/// engine's own words.
#[test]
fn a_damaged_return_is_said_in_chinese_with_the_readers_words_marked() {
    let dir = tempfile::tempdir().unwrap();
    common::workspace(dir.path());
    let path = common::submissions(dir.path(), 2024).join("坏.xlsx");
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0)]).write(&path);
    common::rewrite_entries(&path, |name| name == "xl/sharedStrings.xml", |xml| xml.replacen("<t>", "<t>&bogus;", 1));
    let run = common::run(dir.path(), &["check", "."]);
    let line = run.stdout.lines().find(|l| l.contains("坏.xlsx")).unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(line.contains("已损坏") && line.contains("另存为"), "{line}");
    let chinese = line.split("（原始信息：").next().unwrap();
    assert_eq!(common::english(chinese), None, "{line}");
    assert!(!chinese.contains("Xml") && !chinese.contains("error"), "{line}");
}

/// Issue 21 (4): `--date 0001-01-01` once printed year 1 on the cover. A date outside the
/// year before the report year to two years after it is a usage error, from the command
/// line or the config.
#[test]
fn a_document_date_far_from_the_report_year_is_refused() {
    let (_tmp, ws) = samples();
    for date in ["0001-01-01", "2204-12-20", "2022-12-31"] {
        let run = common::run(&ws, &["build", ".", "--draft", "--date", date]);
        assert_eq!(run.code, 2, "{date}: {}", run.stderr);
        assert!(run.stderr.contains("--date") && run.stderr.contains("2023—2026"), "{date}: {}", run.stderr);
    }
    assert!(!ws.join("out").exists());
    let toml = ws.join("shuangyong.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replacen("year = 2024\n", "year = 2024\ndate = 1999-12-20\n", 1)).unwrap();
    let run = common::run(&ws, &["dossier", ".", "--draft"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("shuangyong.toml 中的 date"), "{}", run.stderr);
    let run = common::run(&ws, &["build", ".", "--draft", "--date", "2025-01-15"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Round 3: `SELECT 1+1+…` with 5 000 terms overflowed the stack (SIGABRT, exit 134),
/// 3 000 `OR`s took 37 s and 2.8 GB, and 5 000 nested brackets were refused in the
/// parser's English. Each is refused at once, in Chinese.
#[test]
fn a_statement_nested_thousands_deep_is_refused_at_once() {
    let (_tmp, ws) = samples();
    let ors = (0..3000).map(|i| format!("value = {i}")).collect::<Vec<_>>().join(" OR ");
    let started = std::time::Instant::now();
    for (sql, said) in [
        (format!("SELECT {}1", "1+".repeat(5000)), "超过 500 个的上限"),
        (format!("SELECT count(*) FROM facts WHERE {ors}"), "IN ('YF01', 'YF02')"),
        (format!("SELECT {}1{}", "(".repeat(5000), ")".repeat(5000)), "套得太深"),
    ] {
        let run = common::run(&ws, &["query", ".", "--sql", &sql]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(said), "{}", run.stderr);
        assert_eq!(common::english(&run.stderr), None, "{}", run.stderr);
    }
    assert!(started.elapsed().as_secs() < 10);
    let some = (0..50).map(|i| format!("value = {i}")).collect::<Vec<_>>().join(" OR ");
    common::run_ok(&ws, &["query", ".", "--sql", &format!("SELECT count(*) FROM facts WHERE {some}")]);
}

/// Round 3: a member unit's name of 100 000 characters in the config made `template`
/// write the other units' blank workbooks and then fail in the writer's English
/// (`String exceeds Excel's limit`). It is refused at its line, before anything is written.
#[test]
fn an_overlong_unit_name_is_refused_before_anything_is_written() {
    let (_tmp, ws) = samples();
    let toml = ws.join("shuangyong.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[[units]]\nname = \"{}\"\ntype = \"部门\"\n", "长".repeat(100_000)))
        .unwrap();
    let run = common::run(&ws, &["template", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("name（成员单位名称）") && run.stderr.contains("最多 50 个"), "{}", run.stderr);
    assert!(run.stderr.chars().count() < 300 && !ws.join("blank").exists(), "{}", run.stderr);
}

/// Round 3: the warning on a long highlight named it by its title, quoted whole: a title
/// of 3 000 characters made a line of 3 300 in `check`. The title is quoted as every cell
/// is, its start and its length.
#[test]
fn a_long_highlight_is_named_by_the_start_of_its_title() {
    let dir = tempfile::tempdir().unwrap();
    common::workspace(dir.path());
    let path = common::submissions(dir.path(), 2024).join("局.xlsx");
    let (title, text) = ("标".repeat(3000), "文".repeat(400));
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0)]).highlight("拥军优属", &title, &text, "是").write(&path);
    let run = common::run(dir.path(), &["check", "."]);
    let line = run.stdout.lines().find(|l| l.contains("400 字")).unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(line.contains("（共 3000 字）”的内容") && line.chars().count() < 300, "{line}");
}

/// Round 3: `contact` or `submit_via` of 100 000 characters made `template` write some
/// blank workbooks and then fail on a cell past Excel's limit. Refused at its line.
#[test]
fn an_overlong_contact_is_refused_at_its_line() {
    let (_tmp, ws) = samples();
    let toml = ws.join("shuangyong.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let long = format!("year = 2024\ncontact = \"{}\"\n", "张".repeat(100_000));
    std::fs::write(&toml, text.replacen("year = 2024\n", &long, 1)).unwrap();
    let run = common::run(&ws, &["template", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("第 6 行：contact（联系人）") && run.stderr.contains("最多 40 个"), "{}", run.stderr);
    assert!(run.stderr.chars().count() < 300 && !ws.join("blank").exists(), "{}", run.stderr);
}
