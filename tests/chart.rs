//! Every chart kind on a fixed three-year dataset of a district, exported as SVG (kept
//! as golden files: `UPDATE_GOLDEN=1 cargo test --release --test chart` rewrites them)
//! and PNG. Set `CHART_OUT=<dir>` to keep the exported files for a look.

mod common;

use std::path::{Path, PathBuf};

use shuangyong::aggregate::{self, Tables};
use shuangyong::catalog::Catalog;
use shuangyong::chart::{self, ChartSpec};
use shuangyong::validate::Fact;
use shuangyong::workspace::{UnitType, Workspace};

const DEPARTMENTS: &[&str] =
    &["区退役军人事务局", "区人力资源和社会保障局", "区教育局", "区卫生健康委员会", "区委宣传部", "区财政局"];
const STREETS: &[&str] = &[
    "滨江街道",
    "湖南路街道",
    "长桥街道",
    "枫林路街道",
    "龙华街道",
    "华泾镇",
    "虹梅路街道",
    "康健新村街道",
    "田林街道",
    "天平路街道",
    "徐家汇街道",
    "斜土路街道",
    "漕河泾街道",
    "凌云路街道",
];
const TROOPS: &[&str] = &["区人民武装部", "武警某部中队", "某部队"];

fn workspace() -> Workspace {
    let mut src = String::from("region = \"示例区\"\noffice = \"示例区双拥工作领导小组办公室\"\nyear = 2024\n");
    for (names, t) in [(DEPARTMENTS, "部门"), (STREETS, "街道镇"), (TROOPS, "驻区部队")] {
        for name in names {
            let authoritative = *name == DEPARTMENTS[0];
            src += &format!("[[units]]\nname = \"{name}\"\ntype = \"{t}\"\nauthoritative = {authoritative}\n");
        }
    }
    Workspace::parse(Path::new("ws"), &src).unwrap()
}

/// A repeatable spread of values: every unit reports every indicator its type fills in,
/// scaled per indicator to realistic magnitudes and growing a little each year, with a
/// few zeros and one fall.
fn facts(ws: &Workspace) -> Vec<Fact> {
    let mut seed: u64 = 20241220;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / f64::from(u32::MAX >> 1)
    };
    let mut out = Vec::new();
    for year in 2022..=2024 {
        let growth = 1.0 + 0.08 * f64::from(year - 2022);
        for unit in &ws.units {
            // Indicators added to the catalogue later (the dossier's rate denominators) stay
            // out, so that the values drawn for the others, and the goldens, do not move.
            for ind in ws.catalog.reported_by(unit.unit_type).filter(|i| !LATER.contains(&i.code.as_str())) {
                let base = match ind.unit.as_str() {
                    "万元" => 180.0,
                    "人" | "人次" => 260.0,
                    "户" => 90.0,
                    _ => 14.0,
                };
                let r = next();
                let mut value = if r < 0.08 { 0.0 } else { base * (0.2 + 1.6 * r) * growth };
                if ind.code == "YF10" && year == 2024 {
                    value *= 0.55;
                }
                if ind.integer {
                    value = value.round();
                } else {
                    value = (value * 10.0).round() / 10.0;
                }
                out.push(Fact {
                    year,
                    unit: unit.name.clone(),
                    unit_type: unit.unit_type,
                    code: ind.code.clone(),
                    value,
                    approximate: ind.code == "YF02" && unit.unit_type == UnitType::Street && r > 0.9,
                    file: format!("submissions/{year}/{}.xlsx", unit.name),
                    sheet: "填报表".to_string(),
                    cell: "E9".to_string(),
                });
            }
        }
    }
    out
}

/// Catalogue codes the synthetic returns leave blank.
const LATER: [&str; 5] = ["YF17", "YF18", "YF19", "ZZ07", "ZZ08"];

fn tables() -> Tables {
    let ws = workspace();
    aggregate::tables(&ws, &facts(&ws)).unwrap()
}

const SPECS: &[(&str, &str)] = &[
    ("bar_by_unit", "kind = \"bar_by_unit\"\nindicator = \"YF05\"\nunit_type = \"街道镇\"\ntitle = \"各街道镇走访慰问次数\"\nid = \"visits\""),
    ("bar_by_unit_top", "kind = \"bar_by_unit\"\nindicator = \"TY04\"\ntop = 8\ntitle = \"退役军人职业技能培训人次\""),
    ("year_compare", "kind = \"year_compare\"\ncategory = \"拥军优属\"\ntitle = \"拥军优属主要指标与上年比较\""),
    ("year_compare_shared", "kind = \"year_compare\"\nindicators = [\"AM01\", \"AM03\", \"AM07\"]\ntitle = \"部队支援地方建设与服务群众\""),
    ("trend", "kind = \"trend\"\nindicators = [\"TY04\", \"AM01\", \"GF07\"]\ntitle = \"主要人次指标变化\""),
    ("composition", "kind = \"composition\"\nindicator = \"GF02\"\ntitle = \"国防教育活动按单位类型构成\""),
    ("panel", "kind = \"panel\"\nindicators = [\"YF01\", \"YF02\", \"TY01\", \"TY03\", \"AM04\", \"SH02\"]\ntitle = \"主要指标一览\""),
];

fn out_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("CHART_OUT") {
        Some(dir) => (None, PathBuf::from(dir)),
        None => {
            let tmp = tempfile::tempdir().unwrap();
            let path = tmp.path().to_path_buf();
            (Some(tmp), path)
        }
    }
}

#[test]
fn every_kind_matches_its_golden_svg() {
    let tables = tables();
    let catalog = Catalog::bundled();
    let (_keep, dir) = out_dir();
    for (name, src) in SPECS {
        let spec = ChartSpec::parse(src).unwrap();
        let drawing = chart::draw(&spec, &tables, &catalog, 2024, &Default::default()).unwrap();
        let paths = chart::export(&drawing, &spec.title, &dir, name).unwrap();
        let svg = std::fs::read_to_string(&paths[0]).unwrap();
        assert!(std::fs::metadata(&paths[1]).unwrap().len() > 1000, "{name}.png is empty");
        common::golden(&format!("charts/{name}.svg"), &svg);
    }
}

#[test]
fn drawings_are_the_type_area_wide_and_text_is_real() {
    let tables = tables();
    let catalog = Catalog::bundled();
    for (name, src) in SPECS {
        let d = chart::draw(&ChartSpec::parse(src).unwrap(), &tables, &catalog, 2024, &Default::default()).unwrap();
        assert_eq!(d.width_pt, 440.0, "{name}");
        assert!(d.height_pt > 100.0 && d.height_pt < 600.0, "{name}: {}", d.height_pt);
        let texts = d.items.iter().filter(|s| matches!(s, shuangyong::typeset::Shape::Text { .. })).count();
        assert!(texts >= 10, "{name}: {texts} labels");
    }
}

/// The charts typeset into a PDF: no raster images, and every label extracts as text.
#[test]
fn pdf_charts_are_vectors_with_real_text() {
    use shuangyong::date::DocDate;
    use shuangyong::typeset::{self, Block, Document, Figure, FontSet, Meta, Shape};

    let tables = tables();
    let catalog = Catalog::bundled();
    let mut labels = Vec::new();
    let mut blocks = Vec::new();
    for (_, src) in SPECS {
        let spec = ChartSpec::parse(src).unwrap();
        let drawing = chart::draw(&spec, &tables, &catalog, 2024, &Default::default()).unwrap();
        labels.extend(drawing.items.iter().filter_map(|s| match s {
            Shape::Text { text, .. } => Some(text.clone()),
            _ => None,
        }));
        blocks.push(Block::Figure(Figure { caption: spec.title.clone(), drawing }));
    }
    let doc = Document {
        meta: Meta {
            title: "图表".into(),
            author: "示例区双拥办".into(),
            subject: String::new(),
            keywords: Vec::new(),
            language: "zh-CN".into(),
            date: DocDate::from_unix(1_734_652_800),
        },
        draft: false,
        cover: None,
        toc: false,
        official: None,
        blocks,
        attachments: Vec::new(),
    };
    let rendered = typeset::render(&doc, &FontSet::bundled().unwrap()).unwrap();
    assert!(rendered.missing_glyphs.is_empty(), "{:?}", rendered.missing_glyphs);
    let (_keep, dir) = out_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("charts.pdf");
    std::fs::write(&pdf, &rendered.pdf).unwrap();

    // `pdfimages -list` prints two header lines and then one line per image.
    let Some(images) = common::tool("pdfimages", &["-list".as_ref(), pdf.as_os_str()]) else { return };
    assert_eq!(images.lines().count(), 2, "raster images in the PDF:\n{images}");
    let Some(text) = common::pdf_text(&pdf) else { return };
    for label in &labels {
        let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&label), "label “{label}” is not in the PDF's text");
    }
}
