//! `check --feedback`: each return with problems comes back with a note at every
//! diagnostic's cell, the originals untouched; the 催报 list names who has not
//! submitted, whom to call and by when.

mod common;

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;

/// The workspace with a deadline; the bureau's 2024 return has errors and contacts,
/// the street submitted in 2023 (with contacts) but not in 2024.
fn setup(dir: &Path) -> (PathBuf, PathBuf) {
    workspace(dir);
    let config = dir.join("shuangyong.toml");
    let text =
        std::fs::read_to_string(&config).unwrap().replace("year = 2024\n", "year = 2024\ndeadline = \"2025-01-15\"\n");
    std::fs::write(&config, text).unwrap();
    let sub = submissions(dir, 2024);
    let bureau = Intake::new(BUREAU, 2024)
        .row("YF01", "若干")
        .row("YF02", -3)
        .row("ZZ01", "约200")
        .contact("填报人", "张三")
        .contact("联系电话", 13812345678.0)
        .shifted(1, 1)
        .with_sheet_before()
        .write(&sub.join("区退役军人事务局.xlsx"));
    let civil = Intake::new(CIVIL, 2024).row("ZZ01", 3).write(&sub.join("民政.xlsx"));
    Intake::new(STREET_A, 2023)
        .row("ZZ01", 2)
        .contact("填报人", "王五")
        .contact("联系电话", "0571-88886666")
        .write(&submissions(dir, 2023).join("甲.xlsx"));
    (bureau, civil)
}

fn all_text(range: &calamine::Range<Data>) -> String {
    range.rows().flatten().map(|c| c.to_string()).collect::<Vec<_>>().join("|")
}

#[test]
fn each_problem_cell_carries_its_message_and_originals_keep_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (bureau, civil) = setup(dir.path());
    let before = (std::fs::read(&bureau).unwrap(), std::fs::read(&civil).unwrap());
    let (_, diags) = check_json(dir.path(), &[]);

    let r = run(dir.path(), &["check", "--format", "json", "--feedback", "反馈"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let printed: serde_json::Value = serde_json::from_str(&r.stdout).expect("stdout stays one JSON array");
    assert_eq!(printed.as_array().unwrap().len(), diags.len());
    assert_eq!((std::fs::read(&bureau).unwrap(), std::fs::read(&civil).unwrap()), before);

    let out = dir.path().join("反馈");
    let copy = out.join(format!("{BUREAU}_问题反馈.xlsx"));
    assert!(copy.is_file(), "{:?}", std::fs::read_dir(&out).unwrap().collect::<Vec<_>>());
    assert!(!out.join(format!("{CIVIL}_问题反馈.xlsx")).exists(), "a clean return gets no feedback");

    let book: Xlsx<_> = open_workbook(&copy).unwrap();
    assert_eq!(book.sheet_names(), ["问题清单", "说明", "填报表"]);
    // Every sheet of the return, with its values at the same cells and its merged areas
    // (the 说明 sheet's two-row title, the form's title across the table).
    for name in sheet_names(&bureau) {
        assert_eq!(sheet(&copy, &name), sheet(&bureau, &name), "{name}'s values");
        let areas = merged_areas(&bureau, &name);
        assert!(!areas.is_empty(), "{name} has a merged area to keep");
        assert_eq!(merged_areas(&copy, &name), areas, "{name}'s merged areas");
    }

    // The note at every diagnostic's cell (填报表 is the first sheet with notes).
    let comments = zip_part(&copy, "xl/comments1.xml");
    let mine: Vec<&serde_json::Value> =
        diags.iter().filter(|d| d["unit"] == BUREAU && d["file"].as_str().is_some()).collect();
    assert!(mine.len() >= 3, "{mine:#?}");
    for d in &mine {
        let cell = d["cell"].as_str().expect("a cell for each of these");
        assert!(comments.contains(&format!("ref=\"{cell}\"")), "{cell} in {comments}");
        let message = d["message"].as_str().unwrap();
        let head: String = message.chars().take(12).collect();
        assert!(comments.contains(&head), "{message} in {comments}");
    }
    assert!(mine.iter().any(|d| d["cell"] == "F6"), "YF01 at F6 after the inserted row and column: {mine:#?}");

    let list = all_text(&sheet(&copy, "问题清单"));
    assert!(list.contains("张三") && list.contains("13812345678"), "{list}");
    assert!(list.contains("2025年1月15日"), "{list}");
    for d in &mine {
        assert!(list.contains(d["message"].as_str().unwrap()), "{list}");
    }
}

#[test]
fn the_chase_list_names_the_missing_units_with_contacts_and_deadline() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let r = run(dir.path(), &["check", "--feedback", "反馈"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("催报名单"), "{}", r.stderr);
    let list = dir.path().join("反馈/示例区2024年度催报名单.xlsx");
    let sheet = sheet(&list, "催报名单");
    let text = all_text(&sheet);
    assert!(text.contains("报送截止日期：2025年1月15日"), "{text}");
    let rows: Vec<Vec<String>> = sheet.rows().skip(5).map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let names: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, [STREET_A, STREET_B, TROOP]);
    assert_eq!(rows[0][3..7], ["王五", "0571-88886666", "", "2023 年度填报表"]);
    assert_eq!(rows[1][3..7], ["", "", "", ""]);
}

#[test]
fn feedback_is_reproducible_and_stays_out_of_submissions() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let bytes = |out: &str| {
        let r = run_env(dir.path(), &["check", "--feedback", out], &[("SOURCE_DATE_EPOCH", Some("1736899200"))]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let mut files: Vec<_> = std::fs::read_dir(dir.path().join(out)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files.iter().map(|p| std::fs::read(p).unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(bytes("a"), bytes("b"));

    let r = run(dir.path(), &["check", "--feedback", "submissions/2024/反馈"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("submissions"), "{}", r.stderr);
    assert!(!dir.path().join("submissions/2024/反馈").exists());
}

#[test]
fn loose_files_get_feedback_without_a_chase_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = Intake::new("某单位", 2024).row("ZZ01", "很多").write(&dir.path().join("x.xlsx"));
    let r = run(dir.path(), &["check", "x.xlsx", "--feedback", "fb"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let files: Vec<String> = std::fs::read_dir(dir.path().join("fb"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, ["某单位_问题反馈.xlsx"]);
    let copy = dir.path().join("fb/某单位_问题反馈.xlsx");
    assert!(zip_part(&copy, "xl/comments1.xml").contains("ref=\"E5\""));
    assert!(path.is_file());
}

/// Issue 9: a problem on the 工作亮点 sheet is marked on that sheet of the copy.
#[test]
fn highlight_problems_are_marked_on_their_sheet() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    Intake::new(STREET_A, 2024)
        .row("ZZ01", 2)
        .highlight("拥军优抚", "兵妈妈驿站", "依托社区开设驿站", "")
        .write(&sub.join("甲.xlsx"));
    let r = run(dir.path(), &["check", "--feedback", "反馈"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let copy = dir.path().join("反馈").join(format!("{STREET_A}_问题反馈.xlsx"));
    let book: Xlsx<_> = open_workbook(&copy).unwrap();
    assert_eq!(book.sheet_names(), ["问题清单", "填报表", "工作亮点"]);
    let comments = zip_part(&copy, "xl/comments1.xml");
    assert!(comments.contains("ref=\"A2\"") && comments.contains("拥军优属"), "{comments}");
}

/// Issue 24 (3): the 问题清单 prints on one A4 width, its message column on the page of
/// its header, as LibreOffice prints it; the return's own sheets fit their width too.
#[test]
fn the_problem_list_prints_on_one_page_width() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let r = run(dir.path(), &["check", "--feedback", "反馈"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let copy = dir.path().join("反馈").join(format!("{BUREAU}_问题反馈.xlsx"));
    let Some(pages) = printed_pages(&copy) else { return };
    let list: Vec<&String> = pages.iter().filter(|p| p.contains("填报表问题清单")).collect();
    assert_eq!(list.len(), 1, "{pages:#?}");
    assert!(list[0].contains("序号") && list[0].contains("问题及修改要求"), "{}", list[0]);
    // Three sheets, each within one page's width: a few pages, not a dozen.
    assert!(pages.len() <= 4, "{} pages:\n{pages:#?}", pages.len());
}

/// Issue 24 (3): what only the office can act on (a second file, an alias to add) stays
/// off the unit's feedback and goes to the office's sheet; a return read but refused (a
/// renamed sheet) gets its feedback, named for the unit it is named after, and that unit
/// is not chased as if it had sent nothing.
#[test]
fn the_unit_is_asked_only_what_it_can_do() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    bureau_return(dir.path(), 2024);
    Intake::new(CIVIL, 2024)
        .row("ZZ01", 3)
        .sheet_named("统计")
        .write(&sub.join(format!("2024年{CIVIL}双拥统计表.xlsx")));
    Intake::new(STREET_A, 2024).row("ZZ01", 2).write(&sub.join("甲1.xlsx"));
    Intake::new(STREET_A, 2024).row("ZZ01", 3).write(&sub.join("甲2.xlsx"));
    Intake::new("丙街道", 2024).row("ZZ01", 1).write(&sub.join("丙.xlsx"));
    let r = run(dir.path(), &["check", "--feedback", "反馈"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("需由双拥办处理"), "{}", r.stderr);
    let out = dir.path().join("反馈");

    let refused = all_text(&sheet(&out.join(format!("{CIVIL}_问题反馈.xlsx")), "问题清单"));
    assert!(refused.contains("找不到名为“填报表”的工作表"), "{refused}");
    let chase = out.join("示例区2024年度催报名单.xlsx");
    let list = sheet(&chase, "催报名单");
    let names: Vec<String> = list.rows().skip(5).map(|r| r[1].to_string()).collect();
    assert!(!names.contains(&CIVIL.to_string()), "{names:?}");
    assert!(all_text(&list).contains(&format!("已写出其问题反馈表：{CIVIL}")), "{}", all_text(&list));

    // The street's two files: the office decides which to keep; an unknown name: the
    // office decides on an alias.
    let lists: Vec<String> =
        files(&out).iter().filter(|p| **p != chase).map(|p| all_text(&sheet(p, "问题清单"))).collect();
    assert_eq!(lists.len(), 2, "{lists:#?}");
    for text in &lists {
        assert!(!text.contains("份填报表") && !text.contains("shuangyong.toml"), "{text}");
    }
    assert!(lists.iter().any(|t| t.contains("“丙街道”不在成员单位名单中：请按名单填写单位全称")), "{lists:#?}");
    let office = all_text(&sheet(&chase, "需双拥办处理"));
    assert!(office.contains("甲1.xlsx") && office.contains("请只保留一份"), "{office}");
}

/// Issue 24 (3): a long highlight is named by its title, not echoed whole in the list
/// or in `check`'s lines.
#[test]
fn a_long_highlight_is_named_by_its_title() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let sub = submissions(dir.path(), 2024);
    let text = "街道依托社区党群服务中心开设兵妈妈驿站，为驻区官兵缝补衣物、送餐上门。".repeat(12);
    Intake::new(STREET_A, 2024)
        .row("ZZ01", 2)
        .highlight("拥军优属", "兵妈妈驿站暖兵心", &text, "是")
        .write(&sub.join("甲.xlsx"));
    let r = run(dir.path(), &["check", "--feedback", "反馈"]);
    assert!(r.code <= 1, "{}", r.stderr);
    assert!(r.stdout.contains("“兵妈妈驿站暖兵心”的内容有") && !r.stdout.contains(&text), "{}", r.stdout);
    let copy = dir.path().join("反馈").join(format!("{STREET_A}_问题反馈.xlsx"));
    let list = all_text(&sheet(&copy, "问题清单"));
    assert!(list.contains("“兵妈妈驿站暖兵心”的内容有") && !list.contains(&text), "{list}");
    assert!(list.contains(&format!("（共 {} 字）", text.chars().count())), "{list}");
}
