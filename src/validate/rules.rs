//! Checks across values, files, units and years, once each workbook has been read:
//! the catalogue's `[[checks]]`, one return per unit, who has not returned, the
//! streets against the authoritative unit, and last year.
//!
//! Severities chosen, and why (each kind's cell-level siblings are in the parent
//! module):
//! - `duplicate_submission` error: the office must decide which return counts;
//! - `missing_submission` warning: a late unit must not block the report, which lists
//!   it as 未报;
//! - `check_failed`, `reconciliation`, `large_change` warnings: they ask for a second
//!   look, the figures may well be right (a street's share may legitimately differ
//!   from the bureau's register; a change may be real and explained in 备注).
//!   `large_change` compares a unit's value with its own value of the year before,
//!   against the workspace's `change_threshold`; a change from zero has no ratio and
//!   changes below the indicator's `min_change` are left alone. `outlier` compares
//!   a value with the same year's figures of units of the same type;
//! - `no_authoritative_unit` error: without it the district totals of `authoritative`
//!   indicators cannot be made, and a report would print them as missing although
//!   units reported them;
//! - `not_counted` warning: a value the form asked for that does not reach the total
//!   (another unit's figure is the district's): the unit should know.

use std::collections::{BTreeMap, HashMap};

use super::{FileCheck, Value};
use crate::catalog::{Aggregate, Catalog, Check};
use crate::diag::{Diagnostic, Kind};
use crate::numfmt::typed_figure;
use crate::validate::{Fact, Highlight, Submission};
use crate::workspace::{Unit, UnitType, Workspace, CONFIG_FILE};

/// The catalogue's cross-indicator rules on one return (`not_above`: SH05 above SH04).
/// The diagnostics have no file yet; the caller places them.
pub(crate) fn catalog_checks(catalog: &Catalog, values: &[Value]) -> Vec<Diagnostic> {
    let get = |code: &str| values.iter().find(|v| v.code == code);
    let name = |c: &str| catalog.get(c).map(|i| i.name.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for check in &catalog.checks {
        let (v, message) = match check {
            Check::NotAbove { code, bound } => {
                let (Some(v), Some(b)) = (get(code), get(bound)) else { continue };
                if v.value <= b.value {
                    continue;
                }
                let message = format!(
                    "{}（{}）大于{}（{}，见 {}）：前者不应超过后者，请核对这两个数",
                    name(code),
                    typed_figure(v.value),
                    name(bound),
                    typed_figure(b.value),
                    b.cell
                );
                (v, message)
            }
            Check::SumOf { code, parts } => {
                let Some(v) = get(code) else { continue };
                let Some(parts) = parts.iter().map(|p| get(p)).collect::<Option<Vec<_>>>() else { continue };
                let sum: f64 = parts.iter().map(|p| p.value).sum();
                // Money is typed to two decimals: what rounding leaves is no difference.
                if (sum - v.value).abs() < 0.005 {
                    continue;
                }
                let listed: Vec<String> = parts
                    .iter()
                    .map(|p| format!("{}（{}，见 {}）", name(&p.code), typed_figure(p.value), p.cell))
                    .collect();
                let message = format!(
                    "{}（{}）不等于{}之和（{}）：前者应是后者之和，请核对这几个数",
                    name(code),
                    typed_figure(v.value),
                    listed.join("、"),
                    typed_figure(sum)
                );
                (v, message)
            }
        };
        let mut d = Diagnostic::warning(Kind::CheckFailed, message).code(&v.code).value(&v.raw);
        d.cell = Some(v.cell.clone());
        out.push(d);
    }
    out
}

/// The facts of a usable return.
pub(crate) fn facts<'a>(year: i32, unit: &'a Unit, check: &'a FileCheck) -> impl Iterator<Item = Fact> + 'a {
    check.values.iter().map(move |v| Fact {
        year,
        unit: unit.name.clone(),
        unit_type: unit.unit_type,
        code: v.code.clone(),
        value: v.value,
        approximate: v.approximate,
        file: check.file.clone(),
        sheet: check.sheet.clone(),
        cell: v.cell.clone(),
    })
}

/// The highlights of a usable return.
pub(crate) fn unit_highlights<'a>(
    year: i32,
    unit: &'a Unit,
    check: &'a FileCheck,
) -> impl Iterator<Item = Highlight> + 'a {
    check.highlights.iter().map(move |h| Highlight {
        year,
        unit: unit.name.clone(),
        unit_type: unit.unit_type,
        category: h.category.clone(),
        title: h.title.clone(),
        text: h.text.clone(),
        public: h.public,
        file: check.file.clone(),
        sheet: h.sheet.clone(),
        cell: h.cell.clone(),
    })
}

/// One year's highlights, in roster order: from the returns whose figures became facts
/// (the unit's only return, usable), so that the two tables always cover the same files.
pub(crate) fn highlights(ws: &Workspace, year: i32, files: &[FileCheck]) -> Vec<Highlight> {
    let by_unit = returns_by_unit(files);
    let mut out = Vec::new();
    for unit in &ws.units {
        if let Some([only]) = by_unit.get(unit.name.as_str()).map(Vec::as_slice) {
            if only.usable {
                out.extend(unit_highlights(year, unit, only));
            }
        }
    }
    out
}

/// One year's returns against the roster: facts from units with exactly one usable
/// return, the files' own diagnostics plus duplicate and missing submissions, and the
/// status of every roster unit.
pub(crate) fn assemble_year(
    ws: &Workspace,
    year: i32,
    files: &[FileCheck],
) -> (Vec<Fact>, Vec<Diagnostic>, Vec<Submission>) {
    let mut diagnostics: Vec<Diagnostic> = files.iter().flat_map(|f| f.diagnostics.iter().cloned()).collect();
    let by_unit = returns_by_unit(files);
    let blank: BTreeMap<&str, Vec<&str>> = files.iter().filter(|f| f.empty).fold(BTreeMap::new(), |mut m, f| {
        if let Some(u) = &f.unit {
            m.entry(u.name.as_str()).or_default().push(f.file.as_str());
        }
        m
    });
    let mut facts = Vec::with_capacity(files.iter().map(|f| f.values.len()).sum());
    let mut submissions = Vec::new();
    for unit in &ws.units {
        let returns = by_unit.get(unit.name.as_str()).map(Vec::as_slice).unwrap_or_default();
        match returns {
            [] => diagnostics.push(
                Diagnostic::warning(
                    Kind::MissingSubmission,
                    match blank.get(unit.name.as_str()) {
                        Some(files) => format!(
                            "收到的 {year} 年度填报表（{}）是空表，没有填写任何数值，按未报处理",
                            files.join("、")
                        ),
                        None => format!("尚未收到该单位 {year} 年度的填报表（未报）"),
                    },
                )
                .unit(&unit.name),
            ),
            [only] => {
                if only.usable {
                    facts.extend(self::facts(year, unit, only));
                }
            }
            several => {
                let names: Vec<&str> = several.iter().map(|f| f.file.as_str()).collect();
                for f in several {
                    diagnostics.push(
                        Diagnostic::error(
                            Kind::DuplicateSubmission,
                            format!(
                                "收到本单位 {year} 年度的 {} 份填报表（{}）：请只保留一份，删除其余文件；在此之前这几份的数据都不计入汇总",
                                several.len(),
                                names.join("、")
                            ),
                        )
                        .file(&f.file)
                        .unit(&unit.name),
                    );
                }
            }
        }
        submissions.push(Submission {
            unit: unit.name.clone(),
            unit_type: unit.unit_type,
            file: returns.first().map(|f| f.file.clone()),
            errors: 0,
            warnings: 0,
        });
    }
    count(&mut submissions, &diagnostics);
    (facts, diagnostics, submissions)
}

/// The returns of roster units by unit, 空表 left out: a blank form sent back is no
/// submission, and no second return beside a filled one.
fn returns_by_unit(files: &[FileCheck]) -> BTreeMap<&str, Vec<&FileCheck>> {
    let mut by_unit: BTreeMap<&str, Vec<&FileCheck>> = BTreeMap::new();
    for f in files.iter().filter(|f| !f.empty) {
        if let Some(u) = &f.unit {
            by_unit.entry(u.name.as_str()).or_default().push(f);
        }
    }
    by_unit
}

/// Each unit's errors and warnings, `missing_submission` aside.
pub(crate) fn count(submissions: &mut [Submission], diagnostics: &[Diagnostic]) {
    let mut by_unit: HashMap<&str, (usize, usize)> = HashMap::new();
    for d in diagnostics.iter().filter(|d| d.kind != Kind::MissingSubmission) {
        let Some(unit) = d.unit.as_deref() else { continue };
        let (errors, warnings) = by_unit.entry(unit).or_default();
        *if d.is_error() { errors } else { warnings } += 1;
    }
    for s in submissions {
        (s.errors, s.warnings) = by_unit.get(s.unit.as_str()).copied().unwrap_or_default();
    }
}

/// Checks across units and years for the report year: the streets against the
/// authoritative unit, and each value against the same unit's last year.
pub(crate) fn cross_checks(ws: &Workspace, year: i32, facts: &[Fact], files: &[FileCheck]) -> Vec<Diagnostic> {
    let typed = Typed::new(files);
    let mut out = authority_checks(ws, year, facts, &typed);
    out.extend(authority_missing(ws, year, facts, files));
    out.extend(reconciliation(ws, year, facts, &typed));
    out.extend(large_changes(ws, year, facts, &typed));
    out.extend(peer_outliers(ws, year, facts, &typed));
    out
}

/// The returns of a year by file name, to find the value a fact was read from: a
/// province's year has thousands of files, too many to search for each diagnostic.
struct Typed<'a>(HashMap<&'a str, &'a FileCheck>);

impl<'a> Typed<'a> {
    fn new(files: &'a [FileCheck]) -> Typed<'a> {
        let mut by_file = HashMap::with_capacity(files.len());
        for f in files {
            by_file.entry(f.file.as_str()).or_insert(f);
        }
        Typed(by_file)
    }

    /// The value a fact was read from, with what the unit typed and noted.
    fn get(&self, f: &Fact) -> Option<&'a Value> {
        self.0.get(f.file.as_str()).and_then(|c| c.values.iter().find(|v| v.cell == f.cell))
    }

    /// The unit's own 备注 for a value, or the request to write one.
    fn explanation(&self, f: &Fact) -> String {
        match self.get(f).map(|v| v.note.as_str()) {
            Some(note) if !note.is_empty() => format!("（备注：{note}）"),
            _ => "；如属实，请在备注栏说明原因".to_string(),
        }
    }

    /// The diagnostic at the fact's cell, with the cell's text as typed (`2,150`).
    fn place(&self, d: Diagnostic, f: &Fact) -> Diagnostic {
        let raw = self.get(f).map_or_else(|| typed_figure(f.value), |v| v.raw.clone());
        d.file(&f.file).at(&f.sheet, &f.cell).unit(&f.unit).code(&f.code).value(raw)
    }
}

/// The figures of `authoritative` indicators: without an authoritative unit on the roster
/// they make no total (an error naming the fix); from a unit other than the authority
/// and the streets (whose shares are reconciled against it), they reach no total.
fn authority_checks(ws: &Workspace, year: i32, facts: &[Fact], typed: &Typed) -> Vec<Diagnostic> {
    let authoritative =
        |f: &&Fact| f.year == year && ws.catalog.get(&f.code).is_some_and(|i| i.aggregate == Aggregate::Authoritative);
    let Some(authority) = ws.authoritative_unit() else {
        let mut codes: Vec<&str> = facts.iter().filter(authoritative).map(|f| f.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        if codes.is_empty() {
            return Vec::new();
        }
        let names: Vec<String> =
            codes.iter().filter_map(|c| ws.catalog.get(c)).map(|i| format!("{}（{}）", i.name, i.code)).collect();
        return vec![Diagnostic::error(
            Kind::NoAuthoritativeUnit,
            format!(
                "成员单位名单中没有权威单位，{}的全区数无法确定（这些指标以一个单位的数字为全区数，不把各单位相加）：\
                 请在 {CONFIG_FILE} 中负责这些数字的单位（通常为区退役军人事务局）下加上 authoritative = true",
                names.join("、")
            ),
        )
        .file(CONFIG_FILE)];
    };
    facts
        .iter()
        .filter(authoritative)
        .filter(|f| f.value != 0.0 && f.unit != authority.name && f.unit_type != UnitType::Street)
        .filter_map(|f| {
            let ind = ws.catalog.get(&f.code)?;
            Some(typed.place(
                Diagnostic::warning(
                    Kind::NotCounted,
                    format!(
                        "{}的全区数以{}填报的数字为准，本单位填报的 {} {} 不计入全区数：如无特别需要，此项可不填写",
                        ind.name,
                        authority.name,
                        typed_figure(f.value),
                        ind.unit
                    ),
                ),
                f,
            ))
        })
        .collect()
}

/// The authoritative unit without a usable return in a year others returned for: the
/// district figures of `authoritative` indicators are its alone, so a report would
/// print them as 未报送. A warning, as for any late unit, that `build` turns into a
/// refusal unless a draft is asked for.
fn authority_missing(ws: &Workspace, year: i32, facts: &[Fact], files: &[FileCheck]) -> Option<Diagnostic> {
    let authority = ws.authoritative_unit()?;
    if files.iter().all(|f| f.empty) || facts.iter().any(|f| f.year == year && f.unit == authority.name) {
        return None;
    }
    let alone: Vec<String> = ws
        .catalog
        .indicators()
        .iter()
        .filter(|i| i.aggregate == Aggregate::Authoritative)
        .map(|i| format!("{}（{}）", i.name, i.code))
        .collect();
    Some(
        Diagnostic::warning(
            Kind::AuthoritativeMissing,
            format!(
                "权威单位{}没有 {year} 年度可用的数字（未报送、空表或数值都有错误），以下指标的全区数只取自该单位，报告中将无从填写：{}。请催{}报送或改正后重新运行；在此之前只能生成草稿（--draft）",
                authority.name,
                alone.join("、"),
                authority.name
            ),
        )
        .unit(&authority.name),
    )
}

/// How many times the median of its peers a figure may be before it is worth a look.
const PEER_FACTOR: f64 = 10.0;
/// Fewer peers than this give no median worth comparing with.
const MIN_PEERS: usize = 5;

/// A street's figure far above what the other streets report the same year: a slip of
/// magnitude (an extra digit, 元 for 万元) that its own history cannot show in its
/// first year. Only streets and towns are peers: departments and troop units differ by
/// their line of work (the 财政局 funds what others spend), so their spread is no sign.
fn peer_outliers(ws: &Workspace, year: i32, facts: &[Fact], typed: &Typed) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(&str, UnitType), Vec<&Fact>> = BTreeMap::new();
    for f in facts.iter().filter(|f| f.year == year && f.value > 0.0 && f.unit_type == UnitType::Street) {
        groups.entry((f.code.as_str(), f.unit_type)).or_default().push(f);
    }
    let mut out = Vec::new();
    for ((code, unit_type), group) in groups {
        let Some(ind) = ws.catalog.get(code) else { continue };
        if group.len() < MIN_PEERS || ind.aggregate == Aggregate::Authoritative {
            continue;
        }
        let mut values: Vec<f64> = group.iter().map(|f| f.value).collect();
        values.sort_by(f64::total_cmp);
        let median = values[values.len() / 2];
        for f in group {
            if f.value <= PEER_FACTOR * median || f.value - median < ind.min_change {
                continue;
            }
            let u = &ind.unit;
            out.push(typed.place(
                Diagnostic::warning(
                    Kind::Outlier,
                    format!(
                        "{}为 {} {u}，是同类单位（{unit_type}）中间水平 {} {u} 的 {} 倍：请核对是否多填了位数或按错了计量单位{}",
                        ind.name,
                        typed_figure(f.value),
                        typed_figure(median),
                        typed_figure((f.value / median).round()),
                        typed.explanation(f)
                    ),
                ),
                f,
            ));
        }
    }
    out
}

fn reconciliation(ws: &Workspace, year: i32, facts: &[Fact], typed: &Typed) -> Vec<Diagnostic> {
    let Some(authority) = ws.authoritative_unit() else { return Vec::new() };
    let mut out = Vec::new();
    for ind in ws.catalog.indicators().iter().filter(|i| i.aggregate == Aggregate::Authoritative) {
        let of_code = || facts.iter().filter(|f| f.year == year && f.code == ind.code);
        let Some(official) = of_code().find(|f| f.unit == authority.name) else { continue };
        let streets: Vec<&Fact> = of_code().filter(|f| f.unit_type == UnitType::Street).collect();
        if streets.is_empty() {
            continue;
        }
        let sum: f64 = streets.iter().map(|f| f.value).sum();
        if (sum - official.value).abs() > 1e-9 * official.value.abs().max(1.0) {
            let u = &ind.unit;
            out.push(typed.place(
                Diagnostic::warning(
                    Kind::Reconciliation,
                    format!(
                        "{}，{}填报 {} {u}，各街道镇合计 {} {u}（{} 个单位），相差 {} {u}：请核对；全区数以{}的数字为准",
                        ind.name,
                        authority.name,
                        typed_figure(official.value),
                        typed_figure(sum),
                        streets.len(),
                        typed_figure((official.value - sum).abs()),
                        authority.name
                    ),
                ),
                official,
            ));
        }
    }
    out
}

/// About 10⁴ times (or one ten-thousandth of) last year: 元 and 万元 mixed up.
fn looks_like_wan_slip(ratio: f64) -> bool {
    let r = ratio.log10().abs();
    (3.5..4.5).contains(&r)
}

fn large_changes(ws: &Workspace, year: i32, facts: &[Fact], typed: &Typed) -> Vec<Diagnostic> {
    let last: BTreeMap<(&str, &str), f64> =
        facts.iter().filter(|f| f.year == year - 1).map(|f| ((f.unit.as_str(), f.code.as_str()), f.value)).collect();
    let threshold = ws.change_threshold;
    let mut out = Vec::new();
    for f in facts.iter().filter(|f| f.year == year) {
        // From nothing, any figure is an infinite change: no ratio to judge by.
        let Some(&before) = last.get(&(f.unit.as_str(), f.code.as_str())) else { continue };
        if before <= 0.0 {
            continue;
        }
        let ratio = f.value / before;
        // Exactly at the line is within it (130 after 100 is 30%, not 30.000…04%).
        if (ratio - 1.0).abs() <= threshold + 1e-9 {
            continue;
        }
        let Some(ind) = ws.catalog.get(&f.code) else { continue };
        if (f.value - before).abs() < ind.min_change {
            continue;
        }
        let u = &ind.unit;
        let change = if ratio >= 2.0 {
            format!("是上年的 {} 倍", typed_figure((ratio * 10.0).round() / 10.0))
        } else if ratio > 1.0 {
            format!("增加 {:.0}%", (ratio - 1.0) * 100.0)
        } else if ratio >= 0.5 {
            format!("减少 {:.0}%", (1.0 - ratio) * 100.0)
        } else if f.value == 0.0 {
            "减少 100%".to_string()
        } else if ratio < 0.01 {
            "不到上年的 1%".to_string()
        } else {
            format!("只有上年的 {:.0}%", ratio * 100.0)
        };
        let slip = if f.value > 0.0 && looks_like_wan_slip(ratio) {
            match u.strip_prefix('万').filter(|base| !base.is_empty()) {
                Some(base) => format!("，两年相差约 1 万倍，可能有一年误按“{base}”而不是“{u}”填写"),
                None => "，两年相差约 1 万倍，可能有一年的数量级填错了".to_string(),
            }
        } else {
            String::new()
        };
        let explained = typed.explanation(f);
        out.push(typed.place(
            Diagnostic::warning(
                Kind::LargeChange,
                format!(
                    "{}为 {} {u}，上年为 {} {u}，{change}，变化超过 {:.0}% 的提示线{slip}：请核实{explained}",
                    ind.name,
                    typed_figure(f.value),
                    typed_figure(before),
                    threshold * 100.0
                ),
            ),
            f,
        ));
    }
    out
}
