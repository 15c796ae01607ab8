//! The documents as an office reads them: changes that compare like with like, names no
//! font can draw, the 数据质量说明 beside the report, the blank workbooks folder (issue:
//! "No silent losses, no hollow reports", items 5, 6, 8 and 12).

mod common;

use std::path::Path;

use common::*;

const REPORT: &str = "示例区2024年度双拥工作报告.pdf";
const QUALITY: &str = "示例区2024年度数据质量说明.pdf";

/// 乙镇 reported its visits in 2023 and not in 2024; 甲街道 reported the same both years.
fn a_unit_gone_quiet(dir: &Path) {
    workspace(dir);
    let y24 = submissions(dir, 2024);
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0)]).write(&y24.join("a.xlsx"));
    Intake::new(STREET_A, 2024).rows(&[("YF05", 100.0)]).write(&y24.join("b.xlsx"));
    let y23 = submissions(dir, 2023);
    Intake::new(STREET_A, 2023).rows(&[("YF05", 100.0)]).write(&y23.join("b.xlsx"));
    Intake::new(STREET_B, 2023).rows(&[("YF05", 237.0)]).write(&y23.join("c.xlsx"));
}

#[test]
fn a_change_compares_the_units_of_both_years_and_names_the_others() {
    let dir = tempfile::tempdir().unwrap();
    a_unit_gone_quiet(dir.path());
    run_ok(dir.path(), &["build"]);
    let Some(text) = pdf_text(&dir.path().join("out").join(REPORT)) else { return };
    assert!(!text.contains("同比下降70.3%"), "a unit's silence is not a fall of the district");
    // Issue 19: no words for a change over part of the units; the table marks it in one
    // short line, the 数据质量说明 names the unit left out.
    assert!(text.contains("走访慰问驻区部队和优抚对象100次。"), "{text}");
    assert!(text.contains("持平*"), "the table's change is marked: {text}");
    assert!(text.contains("注：带*的比上年增减只比较两年都填报了该项的单位。"), "{text}");
    let notes = pdf_text(&dir.path().join("out").join(QUALITY)).unwrap_or_default();
    assert!(notes.contains("乙镇2024年未填报"), "{notes}");
}

#[test]
fn a_character_no_font_has_prints_as_a_geta_mark_and_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let toml = dir.path().join("shuangyong.toml");
    let odd = "\u{20000}街道";
    std::fs::write(&toml, std::fs::read_to_string(&toml).unwrap().replace(STREET_A, odd)).unwrap();
    let y24 = submissions(dir.path(), 2024);
    Intake::new(BUREAU, 2024).rows(&[("YF01", 300.0)]).write(&y24.join("a.xlsx"));
    // The report names the unit as the actor of its highlight.
    Intake::new(odd, 2024)
        .rows(&[("YF05", 100.0)])
        .highlight("拥军优属", "兵妈妈驿站", "本街道开设兵妈妈驿站，服务官兵200余人次", "是")
        .write(&y24.join("b.xlsx"));
    let r = run_ok(dir.path(), &["build"]);
    assert!(r.stderr.contains("U+20000") && r.stderr.contains("〓"), "{}", r.stderr);
    let Some(text) = pdf_text(&dir.path().join("out").join(REPORT)) else { return };
    assert!(text.contains("〓街道"), "{text}");
}

#[test]
fn the_fonts_of_each_role_and_the_files_left_aside_are_named() {
    let dir = tempfile::tempdir().unwrap();
    a_unit_gone_quiet(dir.path());
    let fonts = dir.path().join("fonts");
    std::fs::create_dir(&fonts).unwrap();
    let kai = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/kai.ttf");
    std::fs::copy(&kai, fonts.join("wenkai.ttf")).unwrap();
    std::fs::write(fonts.join("broken.ttc"), "not a font").unwrap();
    std::fs::write(fonts.join("思源宋体.otf"), cff_flavoured(&std::fs::read(&kai).unwrap())).unwrap();
    let r = run_ok(dir.path(), &["build", "--font-dir", fonts.to_str().unwrap()]);
    assert!(r.stderr.contains("字体：仿宋用 内置字体 fangsong.ttf"), "{}", r.stderr);
    let ignored =
        |file: &str, why: &[&str]| r.stderr.lines().any(|l| l.contains(file) && why.iter().all(|w| l.contains(w)));
    assert!(ignored("wenkai.ttf", &["“LXGW WenKai”", "不对应"]), "{}", r.stderr);
    assert!(ignored("broken.ttc", &["不是可读的字体文件"]), "{}", r.stderr);
    // PostScript outlines cannot be embedded: the file is named, with why.
    assert!(ignored("思源宋体.otf", &["CFF", ".ttf"]), "{}", r.stderr);
}

/// A TrueType font made over as OpenType with CFF outlines, as a reader sees it: the
/// `OTTO` signature and a `CFF ` table where `glyf` was.
fn cff_flavoured(ttf: &[u8]) -> Vec<u8> {
    let mut font = ttf.to_vec();
    font[..4].copy_from_slice(b"OTTO");
    let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
    let record = (0..tables).map(|i| 12 + 16 * i).find(|&at| &font[at..at + 4] == b"glyf").expect("a glyf table");
    font[record..record + 4].copy_from_slice(b"CFF ");
    font
}

/// Issue 11: an office's own 仿宋_GB2312 installed on the system (here in the fonts folder
/// of a home directory, which fontdb scans) draws the body instead of the bundled one,
/// and stderr says so; a font folder's 仿宋 would still come first.
#[test]
fn a_system_fangsong_gb2312_takes_the_body() {
    let dir = tempfile::tempdir().unwrap();
    a_unit_gone_quiet(dir.path());
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join(".fonts")).unwrap();
    // The bundled 楷 renamed 仿宋_GB2312 (the same length in UTF-16, so that the name table
    // stays valid).
    let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>();
    let (from, to) = (utf16("LXGW WenKai"), utf16("仿宋_GB2312  "));
    let mut font = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/kai.ttf")).unwrap();
    let mut at = 0;
    while let Some(k) = font[at..].windows(from.len()).position(|w| w == from.as_slice()) {
        font[at + k..at + k + from.len()].copy_from_slice(&to);
        at += k + from.len();
    }
    std::fs::write(home.join(".fonts/simfang.ttf"), font).unwrap();
    let r = run_env(dir.path(), &["build"], &[("HOME", home.to_str())]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("字体：仿宋用 ") && r.stderr.contains("simfang.ttf（仿宋_GB2312"), "{}", r.stderr);
    let pdf = dir.path().join("out").join(REPORT);
    if let Some(fonts) = pdffonts(&pdf, &[]) {
        assert!(!fonts.contains("ZhuqueFangsong"), "{fonts}");
    }
}

#[test]
fn the_quality_notes_are_a_document_of_their_own_unless_asked_inside() {
    let dir = tempfile::tempdir().unwrap();
    a_unit_gone_quiet(dir.path());
    let r = run_ok(dir.path(), &["build"]);
    let out = dir.path().join("out");
    assert!(r.stdout.contains(QUALITY), "{}", r.stdout);
    if let Some(report) = pdf_text(&out.join(REPORT)) {
        assert!(!report.contains("数据质量说明"), "{report}");
        let notes = pdf_text(&out.join(QUALITY)).unwrap();
        assert!(notes.starts_with("示例区2024年度数据质量说明"), "{notes}");
        assert!(notes.contains("区民政局"), "the units without a return: {notes}");
    }

    let toml = dir.path().join("shuangyong.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("year = 2024\n", "year = 2024\nquality_appendix = \"inside\"\n");
    std::fs::write(&toml, text).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let r = run_ok(dir.path(), &["build"]);
    assert!(!out.join(QUALITY).exists() && !r.stdout.contains(QUALITY), "{}", r.stdout);
    if let Some(report) = pdf_text(&out.join(REPORT)) {
        assert!(report.contains("数据质量说明"), "{report}");
    }
}

#[test]
fn template_removes_the_blank_workbooks_of_units_no_longer_on_the_roster() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let r = run(dir.path(), &["template"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let blank = dir.path().join("blank").join("2024");
    let troop = blank.join("2024_某部_双拥统计表.xlsx");
    assert!(troop.exists());
    // A return an office saved here by hand: the tool's workbook, filled in.
    Intake::new("原某单位", 2024).rows(&[("YF05", 3.0)]).stamped(1, "x").write(&blank.join("原某单位.xlsx"));
    std::fs::write(blank.join("notes.txt"), "the office's own").unwrap();

    let toml = dir.path().join("shuangyong.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace("[[units]]\nname = \"某部\"\ntype = \"驻区部队\"\n", "");
    std::fs::write(&toml, text).unwrap();
    let r = run(dir.path(), &["template"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!troop.exists(), "a blank workbook for a unit no longer on the roster");
    assert!(r.stdout.contains("2024_某部_双拥统计表.xlsx"), "{}", r.stdout);
    assert!(blank.join("原某单位.xlsx").exists() && blank.join("notes.txt").exists());
    assert!(r.stderr.contains("原某单位.xlsx") && r.stderr.contains("已填有数据"), "{}", r.stderr);
    let left = std::fs::read_dir(&blank).unwrap().count();
    assert_eq!(left, 4 + 2);
}

#[test]
fn the_official_form_carries_masthead_addressee_and_colophon_instead_of_cover_and_toc() {
    let dir = tempfile::tempdir().unwrap();
    a_unit_gone_quiet(dir.path());
    let toml = dir.path().join("shuangyong.toml");
    let official = "\n[official]\nnumber = \"示双拥办〔2024〕12号\"\nsigner = \"张明\"\nto = \"区委、区政府\"\ncopy_to = [\"市双拥办\", \"区委办公室\"]\n";
    std::fs::write(&toml, std::fs::read_to_string(&toml).unwrap() + official).unwrap();
    run_ok(dir.path(), &["build", "--date", "2024-12-20"]);
    let pdf = dir.path().join("out").join(REPORT);
    // Counted from the page tree, with no tool that might be missing.
    assert_eq!(pdf_pages(&pdf) % 2, 0, "the 版记 is on the back of the last sheet");
    if let Some(text) = pdf_text(&pdf) {
        assert!(
            text.starts_with(
                "示例区双拥工作领导小组办公室示双拥办〔2024〕12号签发人：张明关于示例区2024年度双拥工作情况的报告区委、区政府："
            ),
            "版头, title, 主送机关 first: {text}"
        );
        assert!(
            text.ends_with("抄送：市双拥办，区委办公室。示例区双拥工作领导小组办公室2024年12月20日印发"),
            "版记 last: {text}"
        );
        assert!(!text.contains("目录"), "no 目录 in the 公文 form");
        assert!(text.contains("特此报告。附件：2024年度双拥工作主要指标汇总表"), "a 报告 closes as one: {text}");
    }
    // The Word document carries the same 版头, 主送机关 and 版记.
    let xml = zip_part(&dir.path().join("out").join(REPORT.replace(".pdf", ".docx")), "word/document.xml");
    for part in [
        "示例区双拥工作领导小组办公室",
        "签发人：",
        "区委、区政府：",
        "抄送：市双拥办，区委办公室。",
        "2024年12月20日印发",
    ] {
        assert!(xml.contains(part), "{part} missing from the Word document");
    }
    assert!(!xml.contains("TOC \\o"), "no 目录 field in the 公文 form");
}
