//! Candidates for the report's 存在的问题, found in the figures, for the office to choose
//! from in the draft: the problems section itself is the office's own text
//! ([`super::notes`]), since only the office knows which shortfalls matter and why.
//! Which indicators to look at is the catalogue's (`[[problems]]`).

use super::figures::prose_amount;
use super::Inputs;
use crate::catalog::{Indicator, Kind, Problem};
use crate::numfmt::prose_figure;
use crate::workspace::UnitType;

/// Units named before the rest are counted.
const NAMED: usize = 5;

/// Each candidate as one sentence, in the order of the catalogue.
pub(crate) fn candidates(inputs: &Inputs) -> Vec<String> {
    let catalog = &inputs.ws.catalog;
    let mut out: Vec<String> = catalog.indicators().iter().filter_map(|ind| decline(inputs, ind)).collect();
    out.extend(catalog.problems.iter().filter_map(|p| match p {
        Problem::StreetsWithout { codes, what } => streets_without(inputs, codes, what),
        Problem::Unfinished { code, done, what } => unfinished(inputs, code, done, what),
    }));
    out
}

/// A district total down by more than the change threshold, with the 备注 of the units
/// whose own figure fell.
fn decline(inputs: &Inputs, ind: &Indicator) -> Option<String> {
    if ind.kind == Kind::Derived || ind.unit == "%" {
        return None;
    }
    let change = inputs.data.tables.change(inputs.year, &ind.code)?;
    let ratio = change.ratio.filter(|r| *r < -inputs.ws.change_threshold)?;
    let previous = |unit: &str| {
        inputs.data.tables.by_unit(inputs.year - 1, &ind.code).iter().find(|v| v.unit == unit).map(|v| v.value)
    };
    let reasons: Vec<String> = inputs
        .data
        .tables
        .by_unit(inputs.year, &ind.code)
        .iter()
        .filter(|v| previous(&v.unit).is_some_and(|p| v.value < p))
        .filter_map(|v| {
            let note = inputs.data.checked.notes.get(&(v.unit.clone(), ind.code.clone()))?;
            Some(format!("{}：{note}", v.unit))
        })
        .collect();
    let reasons = if reasons.is_empty() {
        "（下降的单位未在备注中说明原因）".to_string()
    } else {
        format!("（单位备注——{}）", reasons.join("；"))
    };
    Some(format!(
        "{}{}，比上年减少{}{reasons}",
        ind.name,
        prose_amount(ind, change.current, false),
        prose_figure(-ratio * 100.0, "%", false, false)
    ))
}

/// The streets that reported 0 for the first of `codes` anyone reported this year.
fn streets_without(inputs: &Inputs, codes: &[String], what: &str) -> Option<String> {
    let values = codes.iter().map(|c| inputs.data.tables.by_unit(inputs.year, c)).find(|v| !v.is_empty())?;
    let without: Vec<String> = inputs
        .ws
        .units
        .iter()
        .filter(|u| u.unit_type == UnitType::Street)
        .filter(|u| values.iter().any(|v| v.unit == u.name && v.value == 0.0))
        .map(|u| u.name.clone())
        .collect();
    (!without.is_empty()).then(|| format!("{}尚未建立{what}", named(&without)))
}

/// Items of `code` (the 军地互办实事 双清单's) beyond those `done`, by unit.
fn unfinished(inputs: &Inputs, code: &str, done: &str, what: &str) -> Option<String> {
    let unit = inputs.ws.catalog.get(code).map_or("", |i| i.unit.as_str());
    let done = inputs.data.tables.by_unit(inputs.year, done);
    let mut open: Vec<(String, f64)> = inputs
        .data
        .tables
        .by_unit(inputs.year, code)
        .iter()
        .filter_map(|v| {
            let finished = done.iter().find(|d| d.unit == v.unit)?.value;
            (v.value > finished).then(|| (v.unit.clone(), v.value - finished))
        })
        .collect();
    // Most open items first; ties keep the order of the figures.
    open.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = open.iter().map(|(_, n)| n).sum();
    if open.is_empty() {
        return None;
    }
    let listed: Vec<String> =
        open.iter().map(|(name, n)| format!("{name}{}{unit}", prose_figure(*n, "", true, false))).collect();
    Some(format!("{what}尚有{}{unit}未完成：{}", prose_figure(total, "", true, false), named(&listed)))
}

/// `甲、乙`, or `甲、乙、丙、丁、戊等7个单位`.
fn named(items: &[String]) -> String {
    if items.len() <= NAMED {
        items.join("、")
    } else {
        format!("{}等{}个单位", items[..NAMED].join("、"), items.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{data_set, fact, inputs, workspace};
    use crate::validate::Checked;

    #[test]
    fn declines_streets_without_and_open_list_items() {
        let ws = workspace();
        let facts = vec![
            fact(2024, "东湖街道", "YF05", 50.0),
            fact(2024, "西城街道", "YF05", 40.0),
            fact(2023, "东湖街道", "YF05", 100.0),
            fact(2023, "西城街道", "YF05", 40.0),
            fact(2024, "东湖街道", "YF10", 100.0),
            fact(2023, "东湖街道", "YF10", 105.0),
            fact(2024, "东湖街道", "TY15", 1.0),
            fact(2024, "西城街道", "TY15", 0.0),
            fact(2024, "南山镇", "GF05", 0.0),
            fact(2024, "东湖街道", "SH04", 6.0),
            fact(2024, "东湖街道", "SH05", 4.0),
            fact(2024, "某部", "SH04", 5.0),
            fact(2024, "某部", "SH05", 5.0),
        ];
        let mut checked = Checked { facts, ..Checked::default() };
        checked.notes.insert(("东湖街道".into(), "YF05".into()), "辖区优抚对象减少".into());
        let data = data_set(&ws, checked);
        let inputs = inputs(&ws, &data, true, false);
        assert_eq!(
            candidates(&inputs),
            [
                "走访慰问优抚对象和部队90次，比上年减少35.7%（单位备注——东湖街道：辖区优抚对象减少）",
                "西城街道尚未建立退役军人服务站",
                "南山镇尚未建立双拥宣传阵地",
                "军地互办实事“双清单”项目尚有2项未完成：东湖街道2项",
            ]
        );
        // Which indicators to look at is the catalogue's, not the code's.
        let mut own = ws.clone();
        own.catalog.problems =
            vec![Problem::StreetsWithout { codes: vec!["GF05".into()], what: "双拥宣传栏".into() }];
        let inputs = crate::report::testutil::inputs(&own, &data, true, false);
        assert_eq!(candidates(&inputs)[1..], ["南山镇尚未建立双拥宣传栏"]);
    }
}
