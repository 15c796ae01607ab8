//! `build --public` on the sample workspace against the internal build: what the public
//! version leaves out and what it prints instead, in the PDF's text and the Word
//! document's, its file names beside the internal ones, and its bytes from two runs.

mod common;

use common::{docx_text, pdf_text, run_ok, samples, Intake, STREET_A, TROOP};

const INTERNAL: &str = "示例区2024年度双拥工作报告";
const PUBLIC: &str = "示例区2024年度双拥工作报告（公开版）";

/// The sample troop units' roster names, and the names the public version gives them
/// (`display_name`, and 驻区某部 for the one without).
const TROOP_NAMES: [&str; 4] = ["驻区某部一营", "驻区某部二营", "武警示例区中队", "驻区某部仓库"];
const DISPLAY_NAMES: [&str; 1] = ["驻区某部"];

/// What the two versions' texts must and must not say.
fn assert_versions_differ(internal: &str, public: &str, what: &str) {
    // Conscription and the district's serving conscripts (义务兵家庭优待金发放人数,
    // whose sentence reads 为735户义务兵家庭) reveal troop strength; 应急处突 is not a
    // public word.
    for needle in ["内部资料", "征兵任务", "完成征兵任务", "义务兵家庭优待金发放人数", "户义务兵家庭", "应急处突"]
    {
        assert!(internal.contains(needle), "the internal {what} has “{needle}”");
        assert!(!public.contains(needle), "the public {what} has “{needle}”");
    }
    // Troop units by their real names (a highlight, the chart of their turnout) in the
    // internal version only.
    assert!(TROOP_NAMES.iter().any(|n| internal.contains(n)), "the internal {what} names a troop unit");
    for name in TROOP_NAMES {
        assert!(!public.contains(name), "the public {what} has “{name}”");
    }
    for name in DISPLAY_NAMES {
        assert!(public.contains(name), "the public {what} names a troop unit “{name}”");
    }
    // The district totals stay, troops' included.
    for text in [internal, public] {
        assert!(text.contains("全年出动兵力") && text.contains("拥军支前专业队伍"), "{what}");
    }
}

#[test]
fn the_public_version_leaves_out_conscription_and_troop_names_and_says_no_internal_mark() {
    let (_tmp, ws) = samples();
    let out = ws.join("out");
    let r = run_ok(&ws, &["build"]);
    assert!(r.stdout.contains(&format!("{INTERNAL}.pdf")), "{}", r.stdout);
    let r = run_ok(&ws, &["build", "--public"]);
    assert!(r.stdout.contains(&format!("{PUBLIC}.pdf")) && !r.stdout.contains("统计汇总.xlsx"), "{}", r.stdout);

    // Beside the internal files, none of them overwritten or added to.
    let mut files: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(
        files,
        [
            format!("{INTERNAL}.docx"),
            format!("{INTERNAL}.pdf"),
            format!("{INTERNAL}（公开版）.docx"),
            format!("{INTERNAL}（公开版）.pdf"),
            "示例区2024年度双拥统计汇总.xlsx".to_string(),
            "示例区2024年度数据质量说明.pdf".to_string(),
        ]
    );

    let (internal, public) =
        (docx_text(&out.join(format!("{INTERNAL}.docx"))), docx_text(&out.join(format!("{PUBLIC}.docx"))));
    assert_versions_differ(&internal, &public, "Word document");
    let Some(internal) = pdf_text(&out.join(format!("{INTERNAL}.pdf"))) else { return };
    let public = pdf_text(&out.join(format!("{PUBLIC}.pdf"))).unwrap();
    assert_versions_differ(&internal, &public, "PDF");
    // The bundled template ranks no units in charts (writing.md): two charts in both.
    assert!(internal.contains("图2") && public.contains("图2") && !internal.contains("图3"));
    assert!(internal.starts_with("内部资料"), "the mark heads the cover: {}", &internal[..60]);
}

#[test]
fn the_public_version_is_deterministic_too() {
    // Two copies of the workspace in different folders: nothing of the path gets in.
    let (a, b) = (common::on_samples(&["build", "--public"]), common::on_samples(&["build", "--public"]));
    for ext in ["pdf", "docx"] {
        let name = format!("{PUBLIC}.{ext}");
        assert!(std::fs::read(a.out.join(&name)).unwrap() == std::fs::read(b.out.join(&name)).unwrap(), "{name}");
    }
}

/// A workspace's own template, written without the public version in mind, gives a
/// public version that carries nothing withheld: a quoted conscription figure stops the
/// build at its line, a guarded one and the troops' own figures simply vanish.
#[test]
fn a_workspace_template_is_safe_in_the_public_version() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    common::workspace(ws);
    let config = std::fs::read_to_string(ws.join("shuangyong.toml")).unwrap();
    let config = config.replacen("year = 2024\n", "year = 2024\nreport_template = \"我的模板.md\"\n", 1);
    std::fs::write(
        ws.join("shuangyong.toml"),
        config.replace("type = \"驻区部队\"\n", "type = \"驻区部队\"\ndisplay_name = \"驻区部队甲\"\n"),
    )
    .unwrap();
    let y24 = common::submissions(ws, 2024);
    Intake::new(STREET_A, 2024).rows(&[("ZC04", 12.0), ("ZC06", 12.0), ("YF05", 30.0)]).write(&y24.join("甲街道.xlsx"));
    Intake::new(TROOP, 2024).rows(&[("AM01", 560.0)]).write(&y24.join("某部.xlsx"));
    common::bureau_return(ws, 2024);

    let template = "# 报告\n\n全年征兵任务{{ amount(\"ZC06\") }}。\n";
    std::fs::write(ws.join("我的模板.md"), template).unwrap();
    let r = common::run(ws, &["build", ws.to_str().unwrap(), "--public"]);
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("我的模板.md 第 3 行") && r.stderr.contains("不公开"), "{}", r.stderr);
    assert!(!ws.join("out").exists(), "nothing written");

    let template = "# 报告\n\n{% if value(\"ZC06\") %}全年征兵任务{{ amount(\"ZC06\") }}。{% endif %}\
                    出动兵力{{ amount(\"AM01\") }}{% if top(\"AM01\", 3) %}，最多的是{{ list_units(top(\"AM01\", 3)) }}{% endif %}。\n\n\
                    ```table\nkind = \"by_unit\"\nindicator = \"AM01\"\ncaption = \"各部队出动兵力\"\n```\n\n\
                    ```table\nkind = \"summary\"\ncodes = [\"ZC04\", \"ZC06\", \"YF05\"]\n```\n\n\
                    ```table\nkind = \"submissions\"\n```\n";
    std::fs::write(ws.join("我的模板.md"), template).unwrap();
    let out = ws.join("out");
    run_ok(ws, &["build", "--public"]);
    run_ok(ws, &["build"]);
    let internal = docx_text(&out.join(format!("{INTERNAL}.docx")));
    let public = docx_text(&out.join(format!("{PUBLIC}.docx")));
    for needle in ["全年征兵任务12名", "最多的是某部（560人次）", "各部队出动兵力", "完成征兵任务人数", "某部.xlsx"]
    {
        assert!(internal.contains(needle), "internal: {needle}\n{internal}");
        assert!(!public.contains(needle), "public: {needle}\n{public}");
    }
    assert!(public.contains("出动兵力560人次。") && public.contains("驻区部队甲"), "{public}");
    assert!(public.contains("走访慰问优抚对象和部队"), "the other rows stay: {public}");
}
