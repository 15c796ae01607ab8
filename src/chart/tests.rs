//! Every kind on awkward data: nothing panics, every shape and every label's em box lies
//! inside the drawing, and no two labels overlap.

use std::path::Path;

use plotters::style::FontTransform;

use super::text::{self, Placed};
use super::*;
use crate::aggregate::{self, Tables};
use crate::typeset::{Anchor, Baseline, Shape};
use crate::validate::Fact;
use crate::workspace::Workspace;

const LONG: &str = "区人力资源和社会保障局退役军人就业创业服务中心";

fn workspace(units: &[(&str, &str)]) -> Workspace {
    let mut src = String::from("region = \"示例区\"\noffice = \"示例区双拥办\"\nyear = 2024\n");
    for (i, (name, t)) in units.iter().enumerate() {
        src += &format!("[[units]]\nname = \"{name}\"\ntype = \"{t}\"\nauthoritative = {}\n", i == 0);
    }
    Workspace::parse(Path::new("ws"), &src).unwrap()
}

fn fact(ws: &Workspace, year: i32, unit: &str, code: &str, value: f64) -> Fact {
    Fact::sample(year, unit, ws.unit(unit).unwrap().unit_type, code, value)
}

/// A roster of `n` streets with long and short names, plus the bureau and a troop unit.
fn roster(n: usize) -> Vec<(String, &'static str)> {
    let mut units =
        vec![("区退役军人事务局".to_string(), "部门"), (LONG.to_string(), "部门"), ("某部".to_string(), "驻区部队")];
    for i in 0..n {
        let name = if i % 3 == 0 { format!("第{i}康健新村街道") } else { format!("街道{i}") };
        units.push((name, "街道镇"));
    }
    units
}

fn tables_of(units: &[(String, &str)], facts: impl Fn(&Workspace) -> Vec<Fact>) -> Tables {
    let refs: Vec<(&str, &str)> = units.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let ws = workspace(&refs);
    aggregate::tables(&ws, &facts(&ws)).unwrap()
}

fn spec(toml: &str) -> ChartSpec {
    ChartSpec::parse(toml).unwrap()
}

fn placed_text(shape: &Shape) -> Option<(String, Placed)> {
    let Shape::Text { x, y, text, size_pt, anchor, baseline, rotate_deg, .. } = shape else { return None };
    assert_eq!(*baseline, Baseline::Alphabetic);
    let t = match *rotate_deg as i32 {
        0 => FontTransform::None,
        90 => FontTransform::Rotate270,
        -90 => FontTransform::Rotate90,
        _ => FontTransform::Rotate180,
    };
    let (along, down) = text::directions(&t);
    let em = f64::from(*size_pt);
    let width = text::width(text, em);
    let du = match anchor {
        Anchor::Start => 0.0,
        Anchor::Middle => -width / 2.0,
        Anchor::End => -width,
    };
    let (x, y) = (f64::from(*x), f64::from(*y));
    let start = (x + along.0 * du, y + along.1 * du);
    Some((text.clone(), Placed { on_baseline: (x, y), start, along, down, width, em }))
}

/// Panics unless every shape and label lies inside the drawing and no labels overlap.
fn check(d: &Drawing) {
    let (w, h) = (f64::from(d.width_pt), f64::from(d.height_pt));
    let inside = |x: f64, y: f64, what: &str| {
        assert!(
            (-0.01..=w + 0.01).contains(&x) && (-0.01..=h + 0.01).contains(&y),
            "{what} at ({x}, {y}) outside {w}×{h}"
        );
    };
    let mut boxes = Vec::new();
    for s in &d.items {
        match s {
            Shape::Line { points, .. } | Shape::Polygon { points, .. } => {
                for &(x, y) in points {
                    inside(f64::from(x), f64::from(y), "point");
                }
            }
            Shape::Rect { x, y, w: rw, h: rh, .. } => {
                inside(f64::from(*x), f64::from(*y), "rect");
                inside(f64::from(x + rw), f64::from(y + rh), "rect");
            }
            Shape::Circle { cx, cy, r, .. } => {
                inside(f64::from(cx - r), f64::from(cy - r), "circle");
                inside(f64::from(cx + r), f64::from(cy + r), "circle");
            }
            Shape::Text { .. } => {
                let (label, p) = placed_text(s).unwrap();
                let (x0, y0, x1, y1) = p.bounds();
                inside(x0, y0, &label);
                inside(x1, y1, &label);
                boxes.push((label, (x0, y0, x1, y1)));
            }
        }
    }
    for (i, (a, ba)) in boxes.iter().enumerate() {
        for (b, bb) in &boxes[i + 1..] {
            // Em boxes may touch, not overlap (a quarter point of slack for rounding).
            let overlap_x = ba.2.min(bb.2) - ba.0.max(bb.0);
            let overlap_y = ba.3.min(bb.3) - ba.1.max(bb.1);
            assert!(overlap_x <= 0.25 || overlap_y <= 0.25, "labels “{a}” {ba:?} and “{b}” {bb:?} overlap");
        }
    }
}

fn texts(d: &Drawing) -> Vec<String> {
    d.items.iter().filter_map(|s| placed_text(s).map(|(t, _)| t)).collect()
}

/// Draws and checks a chart; with `CHART_OUT=<dir>` also exports it there as `name`
/// (SVG and PNG) for a look.
fn draw_ok(name: &str, spec_src: &str, tables: &Tables, year: i32) -> Drawing {
    let d = draw(&spec(spec_src), tables, &Catalog::bundled(), year, &BTreeSet::new()).unwrap();
    check(&d);
    if let Some(dir) = std::env::var_os("CHART_OUT") {
        export(&d, name, Path::new(&dir), name).unwrap();
    }
    d
}

/// Streets reporting YF05 (visits) with the given values in 2024.
fn visits(values: &[f64]) -> Tables {
    let units = roster(values.len());
    tables_of(&units, |ws| units[3..].iter().zip(values).map(|((u, _), v)| fact(ws, 2024, u, "YF05", *v)).collect())
}

const BY_UNIT: &str = "kind = \"bar_by_unit\"\nindicator = \"YF05\"\ntitle = \"各单位走访慰问次数\"";

#[test]
fn bar_by_unit_long_names_wrap_and_values_carry_separators() {
    let units = roster(4);
    let t = tables_of(&units, |ws| {
        let mut f = vec![fact(ws, 2024, LONG, "YF05", 123_456_789.0), fact(ws, 2024, "区退役军人事务局", "YF05", 0.0)];
        f.extend(units[3..].iter().enumerate().map(|(i, (u, _))| fact(ws, 2024, u, "YF05", (i * 1715) as f64)));
        f[2].approximate = true;
        f
    });
    let d = draw_ok("long_names", BY_UNIT, &t, 2024);
    let labels = texts(&d);
    assert!(labels.contains(&"123,456,789".to_string()), "{labels:?}");
    assert!(labels.contains(&"单位：次".to_string()));
    assert!(labels.iter().any(|l| l.starts_with("约")), "{labels:?}");
    // The long name was wrapped, not cut: its pieces add up to the name.
    let pieces: String =
        labels.iter().filter(|l| LONG.contains(l.as_str()) && l.chars().count() > 2).cloned().collect();
    assert_eq!(pieces, LONG);
    assert!(d.items.iter().all(|s| !matches!(s, Shape::Text { role, .. } if *role != text::ROLE)));
}

#[test]
fn bar_by_unit_edge_cases() {
    // A single unit; all zero; many units cut to the top 15 with a note.
    let d = draw_ok("single_unit", BY_UNIT, &visits(&[7.0]), 2024);
    assert!(texts(&d).contains(&"7".to_string()));
    let d = draw_ok("all_zero", BY_UNIT, &visits(&[0.0, 0.0, 0.0]), 2024);
    assert!(texts(&d).iter().filter(|t| *t == "0").count() >= 3);
    let many: Vec<f64> = (0..22).map(|i| f64::from(i * 37 % 101)).collect();
    let d = draw_ok("top_15", BY_UNIT, &visits(&many), 2024);
    assert!(texts(&d).iter().any(|t| t.contains("另有 7 个单位未列出")), "{:?}", texts(&d));
    let d = draw_ok("top_3", &format!("{BY_UNIT}\ntop = 3\nunit_type = \"街道镇\""), &visits(&many), 2024);
    assert!(texts(&d).iter().any(|t| t.contains("前 3 个单位，另有 19 个")));
    // Only streets reported, a filter for troops finds nothing.
    let err = draw(
        &spec(&format!("{BY_UNIT}\nunit_type = \"驻区部队\"")),
        &visits(&[1.0]),
        &Catalog::bundled(),
        2024,
        &BTreeSet::new(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "图表“各单位走访慰问次数”：2024 年没有可画的数据（没有驻区部队填报指标 YF05 走访慰问优抚对象和部队）"
    );
    assert!(matches!(
        draw(&spec(BY_UNIT), &visits(&[1.0]), &Catalog::bundled(), 2023, &BTreeSet::new()),
        Err(ChartError::NoData { .. })
    ));
}

/// Streets reporting the 拥军优属 indicators in 2023 and 2024.
fn two_years(fall: bool) -> Tables {
    let units = roster(3);
    tables_of(&units, |ws| {
        let mut f = Vec::new();
        for (i, (u, _)) in units[3..].iter().enumerate() {
            let k = i as f64 + 1.0;
            for (code, base) in [("YF03", 120.0), ("YF04", 35.5), ("YF05", 40.0), ("YF10", 800.0)] {
                f.push(fact(ws, 2023, u, code, base * k));
                let this = if fall { base * k * 0.6 } else { base * k * 1.25 };
                f.push(fact(ws, 2024, u, code, this));
            }
            // YF09 only this year, YF11 only last year.
            f.push(fact(ws, 2024, u, "YF09", 3.0 * k));
        }
        f.push(fact(ws, 2023, "区退役军人事务局", "YF11", 2152.0));
        f
    })
}

#[test]
fn year_compare_mixed_units_scale_per_indicator() {
    let d = draw_ok(
        "compare_fall",
        "kind = \"year_compare\"\ncategory = \"拥军优属\"\ntitle = \"拥军优属主要指标\"",
        &two_years(true),
        2024,
    );
    let labels = texts(&d);
    assert!(labels.contains(&"2024年".to_string()) && labels.contains(&"2023年".to_string()));
    assert!(labels.contains(&"\u{2212}40%".to_string()), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("条长按每个指标分别缩放")));
    assert!(labels.iter().any(|l| l.contains("两年均无数据，未列出")), "{labels:?}");
    // No shared axis: no unit caption.
    assert!(!labels.iter().any(|l| l.starts_with("单位：")));
}

#[test]
fn year_compare_one_unit_shares_an_axis() {
    let d = draw_ok(
        "compare_mixed",
        "kind = \"year_compare\"\nindicators = [\"YF03\", \"YF10\"]\ntitle = \"人数与户数\"",
        &two_years(false),
        2024,
    );
    let labels = texts(&d);
    assert!(labels.contains(&"+25%".to_string()), "{labels:?}");
    // YF03 counts 人 and YF10 户: different units, so per-indicator scaling again.
    assert!(labels.iter().any(|l| l.contains("（户）")));
    let d = draw_ok(
        "compare_shared",
        "kind = \"year_compare\"\nindicators = [\"YF03\", \"YF11\"]\ntitle = \"人数\"",
        &two_years(false),
        2024,
    );
    assert!(texts(&d).contains(&"单位：人".to_string()));
    // The first year has no year before it.
    let d = draw_ok(
        "compare_first_year",
        "kind = \"year_compare\"\nindicators = [\"YF03\", \"YF05\"]\ntitle = \"t\"",
        &two_years(false),
        2023,
    );
    assert!(texts(&d).iter().any(|l| l.contains("2022年无数据")));
}

#[test]
fn trend_lines() {
    let units = roster(2);
    let t = tables_of(&units, |ws| {
        let mut f = Vec::new();
        for (y, k) in [(2020, 1.0), (2021, 1.4), (2022, 0.0), (2023, 2.2), (2024, 2.0)] {
            for (code, base) in [("TY04", 1000.0), ("AM01", 990.0), ("AM03", 1010.0), ("GF03", 5000.0)] {
                if !(code == "GF03" && y == 2021) {
                    let unit = if code.starts_with("AM") { "某部" } else { LONG };
                    f.push(fact(ws, y, unit, code, base * k));
                }
            }
        }
        f
    });
    let d = draw_ok("trend_one", "kind = \"trend\"\nindicator = \"TY04\"\ntitle = \"技能培训人次\"", &t, 2024);
    assert!(texts(&d).contains(&"2,200".to_string()));
    assert!(texts(&d).contains(&"单位：人次".to_string()));
    // Four lines ending close together: their labels are pushed apart.
    let d = draw_ok(
        "trend_four",
        "kind = \"trend\"\nindicators = [\"TY04\", \"AM01\", \"AM03\", \"GF03\"]\ntitle = \"人次\"",
        &t,
        2024,
    );
    assert!(texts(&d).contains(&"1,980".to_string()));
    // One year only.
    draw_ok("trend_one_year", "kind = \"trend\"\nindicator = \"TY04\"\ntitle = \"t\"", &t, 2020);
    // Returns since 2001 with years missing: every year on the axis, labels thinned.
    let t = tables_of(&units, |ws| {
        [2001, 2002, 2005, 2013, 2020, 2024]
            .iter()
            .map(|&y| fact(ws, y, LONG, "TY04", f64::from(y - 2000) * 1234.0))
            .collect()
    });
    let d = draw_ok("trend_many_years", "kind = \"trend\"\nindicator = \"TY04\"\ntitle = \"t\"", &t, 2024);
    let labels = texts(&d);
    assert!(labels.contains(&"2024".to_string()) && !labels.contains(&"2023".to_string()), "{labels:?}");
}

#[test]
fn composition_shares() {
    let units = roster(2);
    let t = tables_of(&units, |ws| {
        vec![
            fact(ws, 2024, "区退役军人事务局", "GF02", 12.0),
            fact(ws, 2024, "街道1", "GF02", 0.0),
            fact(ws, 2024, "第0康健新村街道", "GF02", 30.0),
            fact(ws, 2024, "某部", "GF02", 58.0),
            fact(ws, 2023, "某部", "GF02", 0.0),
            fact(ws, 2022, "某部", "GF02", 10.0),
        ]
    });
    let d = draw_ok(
        "composition_zero_year",
        "kind = \"composition\"\nindicator = \"GF02\"\ntitle = \"国防教育活动构成\"",
        &t,
        2024,
    );
    let labels = texts(&d);
    assert!(labels.contains(&"58%".to_string()), "{labels:?}");
    assert!(labels.contains(&"无数值".to_string()));
    assert!(labels.contains(&"街道镇 30次（30%）".to_string()), "{labels:?}");
    // A single unit type.
    let d = draw_ok("composition_one_type", "kind = \"composition\"\nindicator = \"GF02\"\ntitle = \"t\"", &t, 2022);
    assert!(texts(&d).contains(&"100%".to_string()));
}

#[test]
fn panel_of_six() {
    let units = roster(1);
    let codes = ["YF01", "YF02", "TY01", "AM01", "GF03", "SH02"];
    let t = tables_of(&units, |ws| {
        let mut f = Vec::new();
        for y in 2017..=2024 {
            for (i, code) in codes.iter().enumerate() {
                if (y + i as i32) % 5 != 0 {
                    f.push(fact(
                        ws,
                        y,
                        "区退役军人事务局",
                        code,
                        12_345_678.9 * f64::from(y - 2015) / (i as f64 + 1.0),
                    ));
                }
            }
        }
        f
    });
    let src = format!("kind = \"panel\"\nindicators = {codes:?}\ntitle = \"主要指标\"");
    let d = draw_ok("panel_six", &src, &t, 2024);
    // Six years shown, the last six.
    assert!(texts(&d).contains(&"2019".to_string()) && !texts(&d).contains(&"2018".to_string()));
    draw_ok("panel_two", "kind = \"panel\"\nindicators = [\"YF01\", \"AM01\"]\ntitle = \"t\"", &t, 2017);
    let empty = tables_of(&units, |ws| vec![fact(ws, 2024, "某部", "AM02", 1.0)]);
    assert!(matches!(
        draw(&spec(&src), &empty, &Catalog::bundled(), 2024, &BTreeSet::new()),
        Err(ChartError::NoData { .. })
    ));
}

/// A report-year total the report holds back as doubtful (its text leaves it out, its
/// table marks it ※) is not plotted: each kind says 待核实 where it would be.
#[test]
fn a_held_total_is_not_plotted() {
    let units = roster(4);
    let t = tables_of(&units, |ws| {
        let mut f = Vec::new();
        for y in 2022..=2024 {
            f.push(fact(ws, y, "区退役军人事务局", "TY01", 500.0 + f64::from(y - 2022) * 6_900.0));
            f.push(fact(ws, y, "区退役军人事务局", "YF01", 12.0));
            f.push(fact(ws, y, &units[3].0, "GF02", 30.0));
        }
        f
    });
    let held: BTreeSet<String> = ["TY01".to_string(), "GF02".to_string()].into();
    let drawn = |src: &str| {
        let d = draw(&spec(src), &t, &Catalog::bundled(), 2024, &held).unwrap();
        check(&d);
        texts(&d)
    };
    let panel = drawn("kind = \"panel\"\nindicators = [\"TY01\", \"YF01\"]\ntitle = \"t\"");
    assert!(panel.contains(&"待核实".to_string()) && !has_label(&panel, "14,300"), "{panel:?}");
    assert!(panel.contains(&"7,400".to_string()), "the years before are plotted: {panel:?}");
    let compare = drawn("kind = \"year_compare\"\nindicators = [\"TY01\", \"YF01\"]\ntitle = \"t\"");
    assert!(compare.iter().any(|l| l.contains("接收安置退役士兵的2024年合计有单位填报的数值待核实")), "{compare:?}");
    assert!(!has_label(&compare, "14,300"), "{compare:?}");
    let trend = drawn("kind = \"trend\"\nindicator = \"TY01\"\ntitle = \"t\"");
    assert!(trend.iter().any(|l| l.contains("2024年待核实")) && !has_label(&trend, "14,300"), "{trend:?}");
    let composition = spec("kind = \"composition\"\nindicator = \"GF02\"\ntitle = \"t\"");
    assert!(matches!(draw(&composition, &t, &Catalog::bundled(), 2024, &held), Err(ChartError::NoData { .. })));
    // Without it held, the same panel plots it.
    let d = draw(
        &spec("kind = \"panel\"\nindicators = [\"TY01\", \"YF01\"]\ntitle = \"t\""),
        &t,
        &Catalog::bundled(),
        2024,
        &BTreeSet::new(),
    )
    .unwrap();
    assert!(has_label(&texts(&d), "14,300"));
}

fn has_label(labels: &[String], s: &str) -> bool {
    labels.iter().any(|l| l.contains(s))
}

#[test]
fn svg_and_png_match_the_drawing() {
    let t = visits(&[3.0, 1715.0, 0.0, 42.0]);
    let s = spec(BY_UNIT);
    let d = draw(&s, &t, &Catalog::bundled(), 2024, &BTreeSet::new()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let paths = export(&d, &s.title, &dir.path().join("charts"), "图1").unwrap();
    assert_eq!(
        paths.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect::<Vec<_>>(),
        ["图1.svg", "图1.png"]
    );
    let svg = std::fs::read_to_string(&paths[0]).unwrap();
    assert_eq!(svg.matches("<text").count(), texts(&d).len());
    assert!(svg.contains("1,715") && svg.contains("Noto Sans SC"));
    let png = std::fs::read(&paths[1]).unwrap();
    let dim = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    assert_eq!(&png[1..4], b"PNG");
    assert_eq!(dim(16), 880);
    assert!((f64::from(dim(20)) - f64::from(d.height_pt) * 2.0).abs() <= 2.0);
}

#[test]
fn score_bars_show_earned_against_possible() {
    let rows = vec![
        ("组织领导坚强有力".to_string(), 2.0, 6.0),
        ("拥军优属扎实有效".to_string(), 6.0, 6.0),
        ("军政军民关系融洽".to_string(), 0.0, 4.0),
    ];
    let d = super::score_bars("得分", &rows).unwrap();
    check(&d);
    let t = texts(&d);
    for label in ["组织领导坚强有力", "得分", "分值", "单位：分"] {
        assert!(t.iter().any(|s| s.contains(label)), "{label} missing from {t:?}");
    }
}
