//! The files the binary carries and the workspace's own: `init --defaults` writes them
//! out, a file in `templates/` replaces the bundled one, a key in `shuangyong.toml` wins
//! over both; the notes skeleton `init` and `template` write for the office's own text.

mod common;

use std::path::Path;

use common::{run, samples};
use shuangyong::template::defaults;

const PDF: &str = "示例区2024年度双拥工作报告.pdf";

fn set_key(ws: &Path, line: &str) {
    let config = std::fs::read_to_string(ws.join("shuangyong.toml")).unwrap();
    std::fs::write(ws.join("shuangyong.toml"), format!("{line}\n{config}")).unwrap();
}

#[test]
fn init_defaults_writes_every_bundled_file_and_never_over_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["init", "ws", "--region", "示例区", "--year", "2024", "--defaults"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let folder = dir.path().join("ws/templates");
    for e in defaults::ALL {
        assert_eq!(std::fs::read_to_string(folder.join(e.file)).unwrap(), e.text, "{}", e.file);
        assert!(r.stdout.contains(&format!("{}（{}）", e.file, e.what)), "{}", r.stdout);
    }

    // Into an existing workspace, without --region: only what is not there yet.
    std::fs::write(folder.join("dossier.md"), "# 本办的考评材料\n").unwrap();
    std::fs::remove_file(folder.join("annual-report.md")).unwrap();
    set_key(&dir.path().join("ws"), "assessment = \"my-assessment.toml\"");
    let r = run(dir.path(), &["init", "ws", "--defaults"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(std::fs::read_to_string(folder.join("dossier.md")).unwrap(), "# 本办的考评材料\n");
    assert_eq!(std::fs::read_to_string(folder.join("annual-report.md")).unwrap(), defaults::REPORT.text);
    assert!(r.stdout.contains("dossier.md（考评材料模板）") && r.stdout.contains("已存在，未覆盖"), "{}", r.stdout);
    // The key wins over the folder, and the office is told.
    assert!(r.stdout.contains("assessment 指定了") && r.stdout.contains("my-assessment.toml"), "{}", r.stdout);

    // Without --defaults an existing workspace is still refused; a new one needs --region.
    assert_eq!(run(dir.path(), &["init", "ws"]).code, 2);
    let r = run(dir.path(), &["init", "新的", "--defaults"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--region") && !dir.path().join("新的").exists(), "{}", r.stderr);
}

/// Written out unchanged, the defaults make the same documents byte for byte.
#[test]
fn the_written_out_defaults_make_the_same_report() {
    let (_tmp, ws) = samples();
    let build = |out: &str| {
        let r = run(&ws, &["build", ".", "--out", out]);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        std::fs::read(ws.join(out).join(PDF)).unwrap()
    };
    let bundled = build("a");
    assert_eq!(run(&ws, &["init", ".", "--defaults"]).code, 0);
    assert!(build("b") == bundled, "the written-out defaults change the report");
}

/// A file in `templates/` is read instead of the bundled one, each file by itself; a key
/// naming a file wins over the folder.
#[test]
fn a_file_in_templates_replaces_the_bundled_one() {
    let (_tmp, ws) = samples();
    let folder = ws.join("templates");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("annual-report.md"), "# 本区的报告\n\n共{{ units.totl }}个单位。\n").unwrap();
    let r = run(&ws, &["build", ".", "--draft"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("annual-report.md 第 3 行") && r.stderr.contains("units.totl"), "{}", r.stderr);

    std::fs::write(ws.join("my.md"), "# 本区的报告\n\n共{{ units.total }}个单位。\n").unwrap();
    set_key(&ws, "report_template = \"my.md\"");
    std::fs::write(folder.join("quality-notes.md"), "# 说明\n\n{{ nothing }}\n").unwrap();
    let r = run(&ws, &["build", ".", "--draft"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("quality-notes.md 第 3 行") && r.stderr.contains("nothing"), "{}", r.stderr);

    set_key(&ws, "quality_template = \"没有.md\"");
    let r = run(&ws, &["build", ".", "--draft"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("无法读取数据质量说明模板") && r.stderr.contains("没有.md"), "{}", r.stderr);
}

/// The 创建工作汇报 template is the workspace's to replace too, and the cycle's length is
/// the criteria's.
#[test]
fn the_creation_report_and_the_cycle_come_from_the_workspace() {
    let (_tmp, ws) = samples();
    let folder = ws.join("templates");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("creation-report.md"), "# 汇报\n\n{{ no_such_thing }}\n").unwrap();
    let r = run(&ws, &["dossier", "."]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("creation-report.md 第 3 行") && r.stderr.contains("no_such_thing"), "{}", r.stderr);
    std::fs::remove_file(folder.join("creation-report.md")).unwrap();

    let r = run(&ws, &["dossier", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("2021—2024年"), "{}", r.stdout);
    let criteria = defaults::ASSESSMENT.text.replacen("cycle_years = 4", "cycle_years = 2", 1);
    std::fs::write(folder.join("assessment.toml"), criteria).unwrap();
    let r = run(&ws, &["dossier", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("2023—2024年"), "{}", r.stdout);
    // Two years of a two-year cycle are the whole cycle, not a 届中考评.
    std::fs::write(
        folder.join("assessment.toml"),
        defaults::ASSESSMENT.text.replacen("cycle_years = 4", "cycle_years = 0", 1),
    )
    .unwrap();
    let r = run(&ws, &["dossier", "."]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("assessment.toml 第") && r.stderr.contains("cycle_years"), "{}", r.stderr);
}

/// Issue 24.1: the office's notes file is written for it, with the sections the report
/// template places, and the refusal of a final report says where it is.
#[test]
fn the_notes_skeleton_is_written_and_the_refusal_points_at_it() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["init", "ws", "--region", "示例区", "--year", "2024"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let notes = dir.path().join("ws/notes/2024.md");
    let text = std::fs::read_to_string(&notes).unwrap();
    assert!(r.stdout.contains("notes/2024.md"), "{}", r.stdout);
    assert!(text.starts_with("# 示例区2024年度双拥工作报告：双拥办撰写部分\n"), "{text}");
    // The creation 汇报's own sections follow, for the office to write in the cycle's years.
    for section in [
        "## 创建荣誉\n\n<!-- 可不写。",
        "## 存在的问题\n\n<!-- 对照",
        "## 下一步打算\n\n<!-- 下一年度",
        "## 创建工作存在的不足\n\n<!-- 年度报告不用，可不写。",
        "## 创建工作下一步打算\n\n<!-- 年度报告不用，可不写。",
    ] {
        assert!(text.contains(section), "{section} in\n{text}");
    }

    let (_tmp, ws) = samples();
    std::fs::remove_file(ws.join("notes/2024.md")).unwrap();
    let r = run(&ws, &["build", "."]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let refusal = format!("{}{}", r.stdout, r.stderr);
    assert!(refusal.contains("还不存在") && refusal.contains("shuangyong template"), "{refusal}");

    // `template` writes it for the year, once.
    let r = run(&ws, &["template", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("notes/2024.md") || r.stdout.contains("notes\\2024.md"), "{}", r.stdout);
    let r = run(&ws, &["build", "."]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let refusal = format!("{}{}", r.stdout, r.stderr);
    assert!(refusal.contains("“## 存在的问题”这样的标题下写入正文") && refusal.contains("都还没有内容"), "{refusal}");
    std::fs::write(ws.join("notes/2024.md"), "## 存在的问题\n\n一是不足。\n\n## 下一步打算\n\n一是打算。\n").unwrap();
    let r = run(&ws, &["template", "."]);
    assert!(!r.stdout.contains("notes"), "{}", r.stdout);
    assert_eq!(run(&ws, &["build", "."]).code, 0);
}
