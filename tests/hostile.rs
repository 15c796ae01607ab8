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
