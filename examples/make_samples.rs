//! Regenerates the returned workbooks of the sample workspace, `samples/submissions/<year>/`,
//! for the fictional district 示例区 of `samples/shuangyong.toml`.
//!
//!     cargo run --release --example make_samples
//!
//! The figures are invented but of realistic size, drift from year to year, and are
//! written the way member units really write them (text, full-width digits, 约200, 无,
//! inserted rows, columns and sheets, odd file names), always within what the contract
//! accepts: the sample checks with warnings and no errors. Everything is derived from a
//! hash of (unit, indicator, year), so the output is the same byte for byte on every run,
//! and adding a year leaves the other years as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use shuangyong::blank::{file_names, CellInput, Filled, HighlightInput, Writer};
use shuangyong::catalog::{self, Check, Indicator};
use shuangyong::date::DocDate;
use shuangyong::output::safe_file_stem;
use shuangyong::workspace::{Unit, UnitType, Workspace};

/// The years written. Figures are given for [`ANCHOR`], a year before the first, and drift
/// from there year by year.
const YEARS: [i32; 4] = [2021, 2022, 2023, 2024];
const ANCHOR: i32 = 2019;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let ws = Workspace::load(&root)?;
    for year in YEARS {
        let dir = ws.submissions_dir(year);
        clear_workbooks(&dir)?;
        std::fs::create_dir_all(&dir)?;
        // Returns reach the office in the first weeks of the following year.
        let writer = Writer::new(&ws)?.created_at(DocDate::from_ymd(year + 1, 1, 10).expect("10 January exists"));
        let figures = district(&ws, year);
        let last_year = district(&ws, year - 1);
        let names = file_names(&ws.units, year);
        for (i, unit) in ws.units.iter().enumerate() {
            let mess = Mess::of(&ws, i, year);
            let mut filled = render(&ws, unit, year, &figures[&unit.name], &last_year[&unit.name], &mess);
            filled.highlights = highlights(&unit.name, year);
            // The 工作亮点 sheet came with the 2023 template: earlier returns have none.
            filled.without_highlights_sheet = year < 2023;
            let name = mess.file_name.unwrap_or_else(|| names[i].clone());
            writer.write(unit, year, Some(&filled), &dir.join(name))?;
        }
        println!("{} 年：{} 份报回的填报表 → {}", year, ws.units.len(), dir.display());
    }
    Ok(())
}

/// (year, unit, 类别, 标题, 内容, 可公开) as the units wrote them: with and without a full
/// stop, 我街道 for the unit, numbered lines, one not for the public version.
const HIGHLIGHTS: [(i32, &str, &str, &str, &str, &str); 13] = [
    (2023, "东湖街道", "拥军优属", "兵妈妈驿站", "我街道在社区党群服务中心开设“兵妈妈驿站”，为驻区官兵提供缝补浆洗、理发义诊等服务。", ""),
    (2023, "区委宣传部", "国防教育和双拥宣传", "双拥宣传进社区", "在全区100个社区设立双拥宣传栏，宣传双拥政策法规和拥军典型", ""),
    (2024, "区退役军人事务局", "退役军人安置服务", "退役军人就业服务“直通车”", "1. 联合区人力资源和社会保障局举办退役军人专场招聘会4场，提供岗位600余个；\n2. 组建“老兵创业导师团”，为42名自主创业退役军人提供一对一指导。", "是"),
    (2024, "区委宣传部", "国防教育和双拥宣传", "“最美退役军人”选树宣传", "组织开展“最美退役军人”评选，选树先进典型10名，在区融媒体中心开设专栏集中宣传，营造尊崇军人的浓厚氛围", ""),
    (2024, "区教育局", "拥军优属", "军人子女教育优待", "落实军人子女教育优待政策，为军人子女协调就近入学入托，做到应入尽入。", ""),
    (2024, "区卫生健康委员会", "拥军优属", "优抚对象健康服务", "为全区重点优抚对象建立健康档案，组织家庭医生上门巡诊，全年巡诊1500余人次。", ""),
    (2024, "区总工会", "其他", "军地职工技能交流", "与驻区部队联合举办职工和官兵技能比武，开展技术交流活动8场", ""),
    (2024, "区工商业联合会", "社会化拥军", "爱心企业拥军联盟", "牵头组建由28家民营企业参与的“爱心企业拥军联盟”，为军人军属提供购物、就医、出行等优惠服务。", ""),
    (2024, "东湖街道", "拥军优属", "兵妈妈驿站暖兵心", "我街道依托社区党群服务中心开设“兵妈妈驿站”，组织32名“兵妈妈”为驻区官兵提供缝补浆洗、理发义诊、亲情陪伴等服务，全年服务官兵1200余人次", ""),
    (2024, "西城街道", "拥军优属", "喜报送到家门口", "春节前夕，联合区人民武装部为立功受奖官兵家庭敲锣打鼓送喜报，让军属在家门口感受荣光。", ""),
    (2024, "新桥镇", "国防教育和双拥宣传", "清明祭英烈", "清明节期间，组织辖区中小学生和退役军人300余人到烈士陵园开展祭扫活动，传承红色基因。", ""),
    (2024, "区人民武装部", "支持部队建设", "民兵应急分队实战化训练", "组织民兵应急分队开展防汛抢险、森林防火实战化演练6次，参训民兵480人次，提升应急支前保障能力。", "否"),
    (2024, "驻区某部一营", "拥政爱民", "助力乡村振兴", "官兵利用训练间隙帮助青石镇农户抢收夏粮，协助建设高标准农田300亩。", ""),
];

/// The 工作亮点 rows of one unit's return.
fn highlights(unit: &str, year: i32) -> Vec<HighlightInput> {
    HIGHLIGHTS
        .iter()
        .filter(|h| h.0 == year && h.1 == unit)
        .map(|&(_, _, category, title, text, public)| HighlightInput {
            category: category.into(),
            title: title.into(),
            text: text.into(),
            public: public.into(),
        })
        .collect()
}

/// Removes the workbooks a previous run wrote, so that renamed files do not linger.
fn clear_workbooks(dir: &Path) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries {
        let path: PathBuf = entry?.path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Deterministic randomness

/// splitmix64 seeded by an FNV-1a hash of the key parts.
struct Rng(u64);

impl Rng {
    fn new(parts: &[&str]) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for part in parts {
            for b in part.bytes().chain([0xff]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        Rng(h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ---------------------------------------------------------------------------------------
// The figures

/// What each unit did in the anchor year: (code, value). Codes a unit's type reports but
/// that are missing here are outside its line of work (written 0, 无, — or left empty).
#[rustfmt::skip] // one unit a line group: the table reads as data
fn profile(unit: &Unit) -> Vec<(&'static str, f64)> {
    match unit.name.as_str() {
        "区退役军人事务局" => vec![
            ("ZZ01", 2.0), ("ZZ02", 1.0), ("ZZ03", 4.0), ("ZZ04", 2.0), ("ZZ05", 320.0), ("ZZ06", 2.0), ("ZZ07", 2.0),
            ("ZZ08", 1.0), ("ZC01", 12.0),
            ("ZC02", 150.0), ("ZC03", 1.0), ("ZC08", 32.0), ("YF05", 86.0), ("YF06", 128.5), ("YF11", 2108.0),
            ("YF12", 14.0), ("YF13", 1650.0), ("YF14", 96.0), ("TY01", 330.0), ("TY02", 15.0), ("TY04", 320.0),
            ("TY05", 1180.0), ("TY06", 420.0), ("TY14", 1.0), ("GF02", 6.0), ("GF04", 24.0), ("GF06", 4.0),
            ("GF07", 1200.0), ("GF13", 6.0), ("GF14", 4.0), ("GF15", 1600.0), ("SH01", 12.0), ("SH04", 12.0),
            ("SH05", 11.0), ("SH07", 2.0),
        ],
        "区委宣传部" => vec![
            ("ZZ01", 1.0), ("ZZ03", 1.0), ("ZZ05", 25.0), ("YF05", 6.0), ("YF06", 3.2), ("YF12", 4.0), ("YF15", 16.0),
            ("GF01", 2.0), ("GF02", 12.0), ("GF04", 64.0), ("GF06", 8.0), ("GF07", 5200.0), ("GF09", 2.0),
            ("GF13", 3.0), ("GF14", 2.0), ("GF15", 2400.0), ("SH04", 3.0), ("SH05", 3.0),
        ],
        "区发展和改革委员会" => vec![
            ("ZZ01", 1.0), ("ZZ05", 8.0), ("ZC01", 4.0), ("ZC02", 260.0), ("ZC05", 5.0), ("ZC09", 11.0), ("ZC10", 42.0),
            ("ZC11", 83.0), ("SH04", 4.0), ("SH05", 3.0),
        ],
        "区教育局" => vec![
            ("ZZ01", 1.0), ("ZZ05", 15.0), ("YF05", 8.0), ("YF06", 4.0), ("YF07", 86.0), ("YF12", 2.0), ("GF01", 3.0),
            ("GF02", 36.0), ("GF03", 2916.0), ("GF04", 18.0), ("GF06", 6.0), ("GF07", 8600.0), ("GF09", 1.0),
            ("GF11", 2.0), ("GF14", 9.0), ("GF15", 5400.0), ("SH04", 3.0), ("SH05", 3.0),
        ],
        "区民政局" => vec![
            ("ZZ01", 1.0), ("ZZ05", 12.0), ("YF05", 24.0), ("YF06", 18.6), ("YF13", 420.0), ("YF14", 12.5),
            ("AM09", 160.0), ("SH01", 8.0), ("SH02", 36.5), ("SH04", 2.0), ("SH05", 2.0),
        ],
        "区财政局" => vec![("ZZ01", 1.0), ("ZZ05", 680.0), ("ZC02", 420.0), ("SH04", 2.0), ("SH05", 2.0)],
        "区人力资源和社会保障局" => vec![
            ("ZZ01", 1.0), ("ZZ05", 10.0), ("YF08", 14.0), ("TY04", 260.0), ("TY06", 1350.0), ("TY13", 6.0),
            ("SH04", 3.0), ("SH05", 2.0),
        ],
        "区卫生健康委员会" => vec![
            ("ZZ01", 1.0), ("ZZ05", 18.0), ("ZC01", 6.0), ("ZC03", 1.0), ("ZC08", 40.0), ("YF05", 12.0), ("YF06", 6.5),
            ("YF12", 3.0), ("YF13", 180.0), ("AM09", 220.0), ("GF06", 2.0), ("SH04", 4.0), ("SH05", 4.0), ("SH07", 1.0),
        ],
        "区总工会" => vec![
            ("ZZ01", 1.0), ("ZZ05", 6.0), ("YF05", 18.0), ("YF06", 22.4), ("YF13", 260.0), ("YF14", 15.0),
            ("YF15", 10.0), ("TY04", 120.0), ("GF06", 5.0), ("SH02", 40.0), ("SH04", 2.0), ("SH05", 2.0), ("SH07", 3.0),
        ],
        "区工商业联合会" => vec![
            ("ZZ01", 1.0), ("ZZ05", 5.0), ("TY06", 260.0), ("SH01", 46.0), ("SH02", 168.0), ("SH04", 3.0),
            ("SH05", 2.0), ("SH07", 2.0),
        ],
        _ => match unit.unit_type {
            UnitType::Street => street_profile(unit),
            UnitType::Troop => troop_profile(unit),
            UnitType::Department => vec![("ZZ01", 1.0)],
        },
    }
}

/// A street's figures scale with its size; stations and teams are whole, small numbers.
/// Its service stations (TY03, TY15, TY16) follow from its communities (TY17) in [`district`].
fn street_profile(unit: &Unit) -> Vec<(&'static str, f64)> {
    let mut rng = Rng::new(&[unit.name.as_str(), "size"]);
    let s = rng.range(0.6, 1.5);
    let mut p = vec![
        ("ZZ01", 2.0),
        ("ZZ02", 2.0),
        ("ZZ03", 2.0),
        ("ZZ04", 1.0),
        ("ZZ05", 22.0 * s),
        ("ZC01", 6.0 * s),
        ("ZC02", 18.5 * s),
        ("YF03", 50.0 * s),
        ("YF05", 42.0 * s),
        ("YF06", 16.0 * s),
        ("YF09", 14.0 * s),
        ("YF10", 60.0 * s),
        ("YF12", 4.0),
        ("YF13", 260.0 * s),
        ("YF14", 7.5 * s),
        ("YF15", 3.0),
        ("TY04", 45.0 * s),
        ("TY06", 60.0 * s),
        ("AM04", 4.0),
        ("AM08", 90.0 * s),
        ("AM09", 120.0 * s),
        ("GF02", 8.0),
        ("GF04", 15.0),
        ("GF05", (6.0 * s).round()),
        ("GF06", 5.0),
        ("GF07", 900.0 * s),
        ("GF08", (14.0 * s).round()),
        ("GF13", 2.0),
        ("GF14", 3.0),
        ("GF15", 420.0 * s),
        ("SH01", 6.0 * s),
        ("SH02", 8.5 * s),
        ("SH03", 680.0 * s),
        ("SH04", 6.0),
        ("SH05", 5.0),
        ("SH07", (1.0 + s).round()),
    ];
    p.push(("TY17", (8.0 + 12.0 * rng.unit()).round()));
    let team = rng.unit() < 0.4;
    if team {
        p.push(("ZC03", 1.0));
    }
    if rng.unit() < 0.3 {
        p.push(("GF01", 1.0));
    }
    if team {
        p.push(("ZC08", (22.0 + 12.0 * rng.unit()).round()));
    }
    if rng.unit() < 0.5 {
        p.push(("ZC12", 1800.0 * s));
    }
    if rng.unit() < 0.5 {
        p.push(("GF09", 1.0));
    }
    p
}

fn troop_profile(unit: &Unit) -> Vec<(&'static str, f64)> {
    let mut rng = Rng::new(&[unit.name.as_str(), "size"]);
    let s = rng.range(0.5, 1.6);
    let depot = unit.name.contains("仓库");
    // The 人武部 runs the militia's base; the combat units host 军营一日 visits.
    let armed_forces_department = unit.name.contains("人民武装部");
    let mut p = vec![
        ("ZZ03", 3.0),
        ("AM01", 420.0 * s),
        ("AM02", if depot { 12.0 } else { 4.0 * s }),
        ("AM03", 600.0 * s),
        ("AM04", 3.0),
        ("AM05", 15.0 * s),
        ("AM06", if depot { 1.0 } else { 2.0 }),
        ("GF01", 1.0),
        ("GF02", 10.0 * s),
        ("GF04", 12.0 * s),
        ("GF06", 4.0),
        ("GF07", 1500.0 * s),
        ("GF13", 1.0),
        ("GF14", 2.0),
        ("GF15", 260.0 * s),
        ("SH04", 5.0),
        ("SH05", 4.0),
    ];
    if !depot {
        p.push(("AM07", 300.0 * s));
    }
    if rng.unit() < 0.5 {
        p.push(("ZC05", 1.0));
    }
    p.push(("AM11", (2.0 + 3.0 * rng.unit()).round()));
    if armed_forces_department {
        p.push(("GF12", 1.0));
    } else if !depot {
        p.push(("GF10", 1.0));
    }
    p
}

/// The district's two authoritative figures in the anchor year (YF01 人, YF02 万元).
const AUTHORITATIVE: [(&str, f64); 2] = [("YF01", 2152.0), ("YF02", 3080.0)];

/// The range of one year's change of an activity count.
const ACTIVITY: (f64, f64) = (0.87, 1.18);

/// The range of one year's change of an indicator: stocks (a level at year end) and
/// budgeted money move less than activity counts.
fn spread(ind: &Indicator) -> (f64, f64) {
    match ind.code.as_str() {
        _ if ind.kind == catalog::Kind::Stock => (0.97, 1.05),
        "YF02" | "YF04" | "TY05" | "ZZ05" => (0.97, 1.09),
        _ => ACTIVITY,
    }
}

/// `base` (the anchor year's value) carried to `year` by one drift factor per year
/// between, each within `(lo, hi)`; `keys` name the series.
fn drift(base: f64, keys: &[&str], year: i32, (lo, hi): (f64, f64)) -> f64 {
    let factor = |y: i32| {
        let y = y.to_string();
        let mut parts = keys.to_vec();
        parts.push(&y);
        Rng::new(&parts).range(lo, hi)
    };
    if year >= ANCHOR {
        (ANCHOR + 1..=year).fold(base, |v, y| v * factor(y))
    } else {
        (year + 1..=ANCHOR).fold(base, |v, y| v / factor(y))
    }
}

fn round_for(ind: &Indicator, v: f64) -> f64 {
    if ind.integer {
        v.round().max(0.0)
    } else {
        (v * 100.0).round().max(0.0) / 100.0
    }
}

/// Every unit's true figures for a year: unit → code → value.
fn district(ws: &Workspace, year: i32) -> BTreeMap<String, BTreeMap<String, f64>> {
    let catalog = &ws.catalog;
    let y = year.to_string();
    let mut all = BTreeMap::new();
    for unit in &ws.units {
        let mut figures = BTreeMap::new();
        for (code, base) in profile(unit) {
            let Some(ind) = catalog.get(code) else { continue };
            figures
                .insert(code.to_string(), round_for(ind, drift(base, &[unit.name.as_str(), code], year, spread(ind))));
        }
        if unit.unit_type == UnitType::Street {
            let mut rng = Rng::new(&[unit.name.as_str(), "conscription", y.as_str()]);
            let quota =
                (26.0 * drift(1.0, &[unit.name.as_str(), "ZC06"], year, ACTIVITY) * rng.range(0.92, 1.08)).round();
            let short = if rng.unit() < 0.2 { 1.0 } else { 0.0 };
            figures.insert("ZC06".into(), quota);
            figures.insert("ZC04".into(), quota - short);
            // 义务兵家庭优待金: about 2.4–2.8 万元 a family a year.
            let families = figures.get("YF03").copied().unwrap_or(0.0);
            figures.insert("YF04".into(), (families * rng.range(2.4, 2.8) * 100.0).round() / 100.0);
            service_stations(unit, year, &mut figures);
        }
        split_veterans(unit, year, &mut figures);
        denominators(unit, year, &mut figures);
        // Units may break the catalogue's checks, but these figures are the true ones.
        // split_veterans makes the sum_of rules hold.
        for check in &catalog.checks {
            if let Check::NotAbove { code, bound } = check {
                if let (Some(&part), Some(&whole)) = (figures.get(code), figures.get(bound)) {
                    figures.insert(code.clone(), part.min(whole));
                }
            }
        }
        all.insert(unit.name.clone(), figures);
    }
    share_authoritative(ws, year, &mut all);
    all
}

/// A street's own station and one in each of its villages and communities, except that a
/// few streets were one short before 2023: the district has had full coverage since.
fn service_stations(unit: &Unit, year: i32, figures: &mut BTreeMap<String, f64>) {
    let communities = figures.get("TY17").copied().unwrap_or(0.0);
    let short = year < 2023 && Rng::new(&[unit.name.as_str(), "stations"]).unit() < 0.3;
    let stations = if short { communities - 1.0 } else { communities };
    figures.insert("TY15".into(), 1.0);
    figures.insert("TY16".into(), stations);
    figures.insert("TY03".into(), 1.0 + stations);
}

/// The applications, placement tasks and households due a plaque that the rates are
/// taken of: nearly all met, a few left over in some years.
fn denominators(unit: &Unit, year: i32, figures: &mut BTreeMap<String, f64>) {
    let mut rng = Rng::new(&[unit.name.as_str(), "denominators", &year.to_string()]);
    for (done, due, left_over) in [("YF07", "YF17", 3), ("YF08", "YF18", 2), ("YF10", "YF19", 2)] {
        if let Some(&v) = figures.get(done) {
            let left = if rng.unit() < 0.3 { rng.below(left_over) as f64 } else { 0.0 };
            figures.insert(due.into(), v + left);
        }
    }
}

/// The soldiers received (TY01) split into conscripts and NCOs; most take the lump sum
/// and find work themselves, about one in ten is given a job, and nearly all of those
/// are at work by year end.
fn split_veterans(unit: &Unit, year: i32, figures: &mut BTreeMap<String, f64>) {
    let Some(&received) = figures.get("TY01") else { return };
    let mut rng = Rng::new(&[unit.name.as_str(), "veterans", &year.to_string()]);
    let ncos = (received * rng.range(0.03, 0.06)).round();
    let placed = (received * rng.range(0.08, 0.12)).round();
    figures.insert("TY07".into(), received - ncos);
    figures.insert("TY08".into(), ncos);
    figures.insert("TY09".into(), (received * rng.range(0.8, 0.9)).round());
    figures.insert("TY10".into(), placed);
    figures.insert("TY11".into(), placed - rng.below(3) as f64);
}

/// The authoritative unit reports the district figure; each street reports its share.
/// In odd years the shares add up exactly; in even years the streets' own counts drift
/// away from the office's by a few per cent, as they do, and `check` reconciles them.
fn share_authoritative(ws: &Workspace, year: i32, all: &mut BTreeMap<String, BTreeMap<String, f64>>) {
    let Some(office) = ws.authoritative_unit() else { return };
    let streets: Vec<&Unit> = ws.units.iter().filter(|u| u.unit_type == UnitType::Street).collect();
    for (code, base) in AUTHORITATIVE {
        let Some(ind) = ws.catalog.get(code) else { continue };
        let total = round_for(ind, drift(base, &[code], year, spread(ind)));
        all.entry(office.name.clone()).or_default().insert(code.into(), total);
        let weights: Vec<f64> = streets
            .iter()
            .map(|u| {
                Rng::new(&[u.name.as_str(), "size"]).range(0.6, 1.5)
                    * drift(1.0, &[u.name.as_str(), "weight", code], year, spread(ind))
            })
            .collect();
        let sum: f64 = weights.iter().sum();
        let mut shares: Vec<f64> = weights.iter().map(|w| round_for(ind, total * w / sum)).collect();
        if year % 2 == 1 {
            let rest: f64 = shares[..shares.len() - 1].iter().sum();
            if let Some(last) = shares.last_mut() {
                *last = round_for(ind, total - rest);
            }
        } else {
            for (share, unit) in shares.iter_mut().zip(&streets) {
                *share = round_for(
                    ind,
                    *share * Rng::new(&[unit.name.as_str(), code, "count", &year.to_string()]).range(1.0, 1.16),
                );
            }
        }
        for (unit, share) in streets.iter().zip(shares) {
            all.entry(unit.name.clone()).or_default().insert(code.into(), share);
        }
    }
}

// ---------------------------------------------------------------------------------------
// The mess

/// How one unit wrote its return in one year.
#[derive(Default)]
struct Mess {
    /// How values are written.
    style: Style,
    /// How codes outside the unit's work are written.
    nothing: &'static str,
    /// Write the largest value or two as approximations (约200, 3500余).
    approximate: bool,
    /// Write a value or two with the unit of measure after it (386人).
    trailing_unit: bool,
    layout: Filled,
    file_name: Option<String>,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum Style {
    /// Numbers, as the template expects.
    #[default]
    Numbers,
    /// Numbers typed into text-formatted cells.
    Text,
    /// Text with full-width digits (３８６) in whole numbers.
    FullWidth,
    /// Text with thousands separators (1,715).
    Thousands,
    /// Text with a stray space before the number.
    Spaces,
}

/// Kinds of mess handed out each year, each to one unit (a unit may get several).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Text,
    FullWidth,
    Thousands,
    Spaces,
    Approximate,
    TrailingUnit,
    SheetBefore,
    BlankRow,
    NoteRow,
    ExtraColumn,
    Shifted,
    NameSpacing,
    Alias,
}

impl Kind {
    const ALL: [Kind; 13] = [
        Kind::Text,
        Kind::FullWidth,
        Kind::Thousands,
        Kind::Spaces,
        Kind::Approximate,
        Kind::TrailingUnit,
        Kind::SheetBefore,
        Kind::BlankRow,
        Kind::NoteRow,
        Kind::ExtraColumn,
        Kind::Shifted,
        Kind::NameSpacing,
        Kind::Alias,
    ];
}

impl Mess {
    fn of(ws: &Workspace, index: usize, year: i32) -> Mess {
        let unit = &ws.units[index];
        let y = year.to_string();
        let mut rng = Rng::new(&[unit.name.as_str(), "mess", y.as_str()]);
        let mut mess = Mess {
            nothing: ["", "", "无", "无", "0", "—", "/"][Rng::new(&[unit.name.as_str(), "nothing"]).below(7)],
            ..Mess::default()
        };
        for kind in Kind::ALL {
            let may = |i: usize| !matches!(kind, Kind::Alias) || !ws.units[i].aliases.is_empty();
            if pick(ws, &format!("{kind:?}"), year, may) != Some(index) {
                continue;
            }
            match kind {
                Kind::Text => mess.style = Style::Text,
                Kind::FullWidth => mess.style = Style::FullWidth,
                Kind::Thousands => mess.style = Style::Thousands,
                Kind::Spaces => mess.style = Style::Spaces,
                Kind::Approximate => mess.approximate = true,
                Kind::TrailingUnit => mess.trailing_unit = true,
                Kind::SheetBefore => {
                    let sheet = [("Sheet1", "汇总前草稿，请以“填报表”为准"), ("原始数据", "各科室报送数据（待汇总）")];
                    let (name, text) = sheet[rng.below(2)];
                    mess.layout.sheet_before = Some((name.into(), text.into()));
                }
                Kind::BlankRow => {
                    let code = if unit.unit_type == UnitType::Troop { "AM01" } else { "YF01" };
                    mess.layout.row_before = Some((code.into(), None));
                }
                Kind::NoteRow => {
                    let code =
                        ws.catalog.reported_by(unit.unit_type).nth(5).map(|i| i.code.clone()).unwrap_or_default();
                    mess.layout.row_before = Some((code, Some("（以下数据经本单位分管领导审核）".into())));
                }
                Kind::ExtraColumn => mess.layout.extra_column = Some(("上年数值".into(), BTreeMap::new())),
                Kind::Shifted => {
                    mess.layout.rows_above = 1;
                    mess.layout.cols_before = 1;
                }
                Kind::NameSpacing => {
                    let mut chars: Vec<char> = unit.name.chars().collect();
                    let at = chars.len().saturating_sub(2);
                    chars.insert(at, if rng.unit() < 0.5 { ' ' } else { '\u{3000}' });
                    mess.layout.unit_label = Some(format!("{} ", chars.into_iter().collect::<String>()));
                }
                Kind::Alias => mess.layout.unit_label = unit.aliases.first().cloned(),
            }
        }
        mess.file_name = odd_file_name(ws, index, year);
        mess
    }
}

/// The unit that gets `what` in a year, among those that `may`.
fn pick(ws: &Workspace, what: &str, year: i32, may: impl Fn(usize) -> bool) -> Option<usize> {
    let candidates: Vec<usize> = (0..ws.units.len()).filter(|&i| may(i)).collect();
    if candidates.is_empty() {
        return None;
    }
    Some(candidates[Rng::new(&[what, &year.to_string()]).below(candidates.len())])
}

/// A few units each year rename the file before sending it back.
fn odd_file_name(ws: &Workspace, index: usize, year: i32) -> Option<String> {
    let name = safe_file_stem(&ws.units[index].name, "未命名单位");
    let patterns: [&dyn Fn() -> String; 4] = [
        &|| format!("{name}{year}双拥统计(终稿)(1).xlsx"),
        &|| "副本 新建 Microsoft Excel 工作表.xlsx".to_string(),
        &|| format!("{name} 双拥表 {year}.xlsx"),
        &|| format!("{year}年双拥工作统计表-{name}-修改版.xlsx"),
    ];
    patterns
        .iter()
        .enumerate()
        .find(|(k, _)| pick(ws, &format!("file_name_{k}"), year, |_| true) == Some(index))
        .map(|(_, pattern)| pattern())
}

// ---------------------------------------------------------------------------------------
// Writing it down

fn render(
    ws: &Workspace,
    unit: &Unit,
    year: i32,
    figures: &BTreeMap<String, f64>,
    last_year: &BTreeMap<String, f64>,
    mess: &Mess,
) -> Filled {
    let mut filled = mess.layout.clone();
    let indicators: Vec<&Indicator> = ws.catalog.reported_by(unit.unit_type).collect();
    let mut largest: Vec<(&Indicator, f64)> =
        indicators.iter().filter_map(|i| figures.get(&i.code).map(|&v| (*i, v))).filter(|(_, v)| *v >= 100.0).collect();
    largest.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.code.cmp(&b.0.code)));
    let approximated: Vec<&str> =
        if mess.approximate { largest.iter().take(2).map(|(i, _)| i.code.as_str()).collect() } else { vec![] };
    let with_unit: Vec<&str> = if mess.trailing_unit {
        largest.iter().skip(1).take(2).map(|(i, _)| i.code.as_str()).collect()
    } else {
        vec![]
    };

    let mut rng = Rng::new(&[unit.name.as_str(), "remarks", &year.to_string()]);
    for ind in &indicators {
        let code = ind.code.as_str();
        let input = match figures.get(code) {
            None if mess.nothing.is_empty() => None,
            None if mess.nothing == "0" => Some(CellInput::Number(0.0)),
            None => Some(CellInput::Text(mess.nothing.to_string())),
            Some(&v) if approximated.contains(&code) => {
                filled.remarks.insert(ind.code.clone(), "约数".into());
                let first = approximated.first() == Some(&code);
                Some(CellInput::Text(approximation(v, first, &mut rng)))
            }
            Some(&v) if with_unit.contains(&code) => Some(CellInput::Text(format!("{}{}", plain(v), ind.unit))),
            Some(&v) => Some(styled(v, ind, mess.style)),
        };
        if let Some(input) = input {
            filled.values.insert(ind.code.clone(), input);
        }
        if let Some(text) = remark_for(code) {
            if figures.contains_key(code) && rng.unit() < 0.25 {
                filled.remarks.entry(ind.code.clone()).or_insert_with(|| text.to_string());
            }
        }
        if let Some((_, previous)) = &mut filled.extra_column {
            if let Some(&v) = last_year.get(code) {
                previous.insert(ind.code.clone(), CellInput::Number(v));
            }
        }
    }
    filled
}

/// Two significant digits and a qualifier: the first value "3500余" or "1300多", the
/// second "约200".
fn approximation(v: f64, first: bool, rng: &mut Rng) -> String {
    let magnitude = 10f64.powi((v.log10().floor() as i32 - 1).max(1));
    if !first {
        return format!("约{}", plain((v / magnitude).round() * magnitude));
    }
    let below = plain((v / magnitude).floor() * magnitude);
    if rng.unit() < 0.5 {
        format!("{below}余")
    } else {
        format!("{below}多")
    }
}

fn plain(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn styled(v: f64, ind: &Indicator, style: Style) -> CellInput {
    match style {
        Style::Numbers => CellInput::Number(v),
        Style::Text => CellInput::Text(plain(v)),
        Style::FullWidth if ind.integer => CellInput::Text(
            plain(v)
                .chars()
                .map(|c| c.to_digit(10).and_then(|d| char::from_u32('０' as u32 + d)).unwrap_or(c))
                .collect(),
        ),
        Style::FullWidth => CellInput::Text(plain(v)),
        Style::Thousands => CellInput::Text(thousands(&plain(v))),
        Style::Spaces => CellInput::Text(format!(" {}", plain(v))),
    }
}

fn thousands(number: &str) -> String {
    let (whole, fraction) = number.split_once('.').map_or((number, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    out
}

fn remark_for(code: &str) -> Option<&'static str> {
    Some(match code {
        "YF02" => "含抚恤金和定期生活补助",
        "YF05" => "含春节、八一期间集中走访",
        "YF06" => "含慰问品折价",
        "ZZ05" => "列入本级财政预算",
        "TY05" => "按实际发放数",
        "AM03" => "含防汛抢险",
        "GF07" => "含线上活动",
        "SH03" => "志愿服务平台登记数",
        _ => return None,
    })
}
