//! Scoring: each item's rule evaluated on the cycle figures ([`super::evaluation`]),
//! put in words ([`super::wording`]) and traced to the cells that decided it
//! ([`super::provenance`]).

use crate::validate::Fact;

use super::cycle::Cycle;
use super::evaluation::{self, round2, ConditionScore, Finding, Status};
use super::provenance::{self, Contribution, FigureRow};
use super::rules::{Criteria, Item, Rule, Standard};
use super::wording;

#[derive(Debug, Clone, PartialEq)]
pub struct ItemScore<'a> {
    pub item: &'a Item,
    pub earned: f64,
    pub status: Status,
    /// The rule in words.
    pub rule_text: String,
    pub finding: Finding,
    pub conditions: Vec<ConditionScore<'a>>,
    pub rows: Vec<FigureRow>,
    /// Units whose figures are above 0, largest first within each indicator.
    pub contributors: Vec<Contribution>,
    /// Every cell whose figure entered the item's figures.
    pub sources: Vec<&'a Fact>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StandardScore<'a> {
    pub standard: &'a Standard,
    pub items: Vec<ItemScore<'a>>,
}

impl StandardScore<'_> {
    pub fn earned(&self) -> f64 {
        round2(self.items.iter().map(|i| i.earned).sum())
    }

    /// Points decided by documents rather than figures.
    pub fn evidence_points(&self) -> f64 {
        self.items.iter().filter(|i| i.status == Status::NeedsEvidence).map(|i| i.item.points).sum()
    }

    pub fn count(&self, status: Status) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }
}

/// The roster units that returned a workbook for a year, and those that did not.
#[derive(Debug, Clone, PartialEq)]
pub struct YearReturns {
    pub year: i32,
    pub returned: usize,
    pub roster: usize,
    /// Roster names, in roster order.
    pub not_returned: Vec<String>,
}

/// The whole scoring table over a cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment<'a> {
    pub region: String,
    pub office: String,
    pub from: i32,
    pub to: i32,
    /// Cycle years without any return.
    pub missing_years: Vec<i32>,
    /// Who returned a workbook, per cycle year.
    pub returns: Vec<YearReturns>,
    pub standards: Vec<StandardScore<'a>>,
}

impl<'a> Assessment<'a> {
    pub fn years(&self) -> Vec<i32> {
        (self.from..=self.to).collect()
    }

    pub fn points(&self) -> f64 {
        self.standards.iter().map(|s| s.standard.points).sum()
    }

    pub fn earned(&self) -> f64 {
        round2(self.standards.iter().map(StandardScore::earned).sum())
    }

    pub fn evidence_points(&self) -> f64 {
        self.standards.iter().map(StandardScore::evidence_points).sum()
    }

    pub fn items(&self) -> impl Iterator<Item = &ItemScore<'a>> {
        self.standards.iter().flat_map(|s| &s.items)
    }

    /// The item numbered `number` (`1.2`).
    pub fn item(&self, number: &str) -> Option<&ItemScore<'a>> {
        self.items().find(|i| i.item.number == number)
    }

    /// `<region><from>—<to>年双拥模范城（县）创建考评材料`.
    pub fn title(&self) -> String {
        format!("{}{}—{}年双拥模范城（县）创建考评材料", self.region, self.from, self.to)
    }
}

/// Scores every item of `criteria` on the cycle's figures.
pub fn assess<'a>(criteria: &'a Criteria, cycle: &Cycle<'a>) -> Assessment<'a> {
    let standards = criteria
        .standards
        .iter()
        .map(|standard| StandardScore {
            standard,
            items: standard.items.iter().map(|item| score_item(item, cycle)).collect(),
        })
        .collect();
    Assessment {
        region: cycle.ws.region.clone(),
        office: cycle.ws.office.clone(),
        from: cycle.from,
        to: cycle.to,
        missing_years: cycle.missing_years().collect(),
        returns: cycle
            .years()
            .map(|year| {
                let not_returned: Vec<String> =
                    cycle.ws.units.iter().filter(|u| !cycle.returned(year, u)).map(|u| u.name.clone()).collect();
                YearReturns {
                    year,
                    returned: cycle.ws.units.len() - not_returned.len(),
                    roster: cycle.ws.units.len(),
                    not_returned,
                }
            })
            .collect(),
        standards,
    }
}

fn score_item<'a>(item: &'a Item, cycle: &Cycle<'a>) -> ItemScore<'a> {
    let rule_text = match (&item.criterion, &item.rule) {
        (Some(c), _) => c.clone(),
        (None, rule) => wording::describe(rule, item.points, cycle),
    };
    let (earned, finding, conditions) = match &item.rule {
        Rule::Evidence => (0.0, evaluation::evidence(), Vec::new()),
        Rule::PerItem(conds) => evaluation::per_item(conds, item.points, cycle),
        rule => {
            let finding = evaluation::evaluate(rule, cycle);
            (round2(finding.fraction * item.points), finding, Vec::new())
        }
    };
    let codes = item.rule.indicators();
    let sources = provenance::sources(&item.rule, &codes, cycle);
    ItemScore {
        item,
        earned,
        status: finding.status,
        rule_text,
        rows: provenance::figure_rows(&item.rule, &codes, cycle),
        contributors: provenance::contributors(&codes, &sources, cycle),
        sources,
        finding,
        conditions,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;
    use crate::aggregate::{tables, Tables};
    use crate::assess::rules::{Condition, Measure, Op, Source};
    use crate::validate::Submission;
    use crate::workspace::{UnitType, Workspace};

    const ROSTER: &str = "region = \"示例区\"\noffice = \"示例区双拥办\"\nyear = 2024\n\
        [[units]]\nname = \"区退役军人事务局\"\ntype = \"部门\"\nauthoritative = true\n\
        [[units]]\nname = \"东湖街道\"\ntype = \"街道镇\"\n\
        [[units]]\nname = \"西城街道\"\ntype = \"街道镇\"\n\
        [[units]]\nname = \"某部\"\ntype = \"驻区部队\"\n";

    /// A small district: its roster, facts and the years its units returned.
    struct District {
        ws: Workspace,
        facts: Vec<Fact>,
        tables: Tables,
        submissions: BTreeMap<i32, Vec<Submission>>,
    }

    fn fact(year: i32, unit: &str, code: &str, value: f64) -> Fact {
        let unit_type = match unit {
            "区退役军人事务局" => UnitType::Department,
            "某部" => UnitType::Troop,
            _ => UnitType::Street,
        };
        Fact {
            year,
            unit: unit.into(),
            unit_type,
            code: code.into(),
            value,
            approximate: false,
            file: format!("{unit}{year}.xlsx"),
            sheet: "填报表".into(),
            cell: format!("E{}", 5 + code[2..].parse::<u32>().unwrap_or(0)),
        }
    }

    /// Every roster unit returned a workbook in `returned` years (facts or not).
    fn district(facts: Vec<Fact>, returned: &[i32]) -> District {
        let ws = Workspace::parse(Path::new("ws"), ROSTER).unwrap();
        let tables = tables(&ws, &facts).unwrap();
        let submissions = returned
            .iter()
            .map(|&y| {
                let subs = ws
                    .units
                    .iter()
                    .map(|u| Submission {
                        unit: u.name.clone(),
                        unit_type: u.unit_type,
                        file: Some(format!("{}{y}.xlsx", u.name)),
                        errors: 0,
                        warnings: 0,
                    })
                    .collect();
                (y, subs)
            })
            .collect();
        District { ws, facts, tables, submissions }
    }

    const ALL: [i32; 4] = [2021, 2022, 2023, 2024];

    fn item(rule: Rule, points: f64) -> Item {
        Item {
            number: "1.1".into(),
            content: "测试项".into(),
            points,
            source: Source::Office,
            rule,
            criterion: None,
            documents: Vec::new(),
        }
    }

    /// Scores `rule` worth `points` over 2021–2024; returns (earned, status, finding text, gap).
    fn score(d: &District, rule: Rule, points: f64) -> (f64, Status, String, Option<String>) {
        let cycle = Cycle::new(&d.ws, &d.tables, &d.facts, &d.submissions, 2021, 2024);
        let it = item(rule, points);
        let s = score_item(&it, &cycle);
        (s.earned, s.status, s.finding.text.clone(), s.finding.gap.clone())
    }

    fn threshold(code: &str, op: Op, bound: f64) -> Rule {
        Rule::Threshold { indicator: code.into(), op, bound }
    }

    #[test]
    fn threshold_on_a_flow_adds_the_years_and_meets_exactly_at_the_bound() {
        let facts = ALL.iter().map(|&y| fact(y, "东湖街道", "ZC01", 5.0)).collect();
        let d = district(facts, &ALL);
        let (earned, status, text, _) = score(&d, threshold("ZC01", Op::AtLeast, 20.0), 1.0);
        assert_eq!((earned, status), (1.0, Status::Met), "{text}");
        assert!(text.contains("20件"), "{text}");
        let (earned, status, _, gap) = score(&d, threshold("ZC01", Op::AtLeast, 21.0), 1.0);
        assert_eq!((earned, status), (0.0, Status::Unmet));
        assert_eq!(gap.as_deref(), Some("差1件"));
        let (_, status, ..) = score(&d, threshold("ZC01", Op::Above, 20.0), 1.0);
        assert_eq!(status, Status::Unmet);
    }

    #[test]
    fn threshold_on_a_stock_takes_the_last_year_never_the_sum() {
        let facts = ALL.iter().map(|&y| fact(y, "东湖街道", "GF01", 3.0)).collect();
        let d = district(facts, &ALL);
        let (earned, status, text, _) = score(&d, threshold("GF01", Op::AtLeast, 3.0), 1.0);
        assert_eq!((earned, status), (1.0, Status::Met));
        assert!(text.contains("2024年末数为3个"), "{text}");
        let (_, status, ..) = score(&d, threshold("GF01", Op::AtLeast, 4.0), 1.0);
        assert_eq!(status, Status::Unmet);
    }

    #[test]
    fn a_year_without_returns_is_never_zero() {
        // 2022: no unit returned anything.
        let years = [2021, 2023, 2024];
        let mut facts: Vec<Fact> = years.iter().map(|&y| fact(y, "东湖街道", "ZC01", 10.0)).collect();
        facts.extend(years.iter().map(|&y| fact(y, "东湖街道", "GF01", 5.0)));
        let d = district(facts, &years);
        // The flow needs every year: unscorable even though the other years exceed the bound.
        let cycle = Cycle::new(&d.ws, &d.tables, &d.facts, &d.submissions, 2021, 2024);
        let it = item(threshold("ZC01", Op::AtLeast, 20.0), 1.0);
        let s = score_item(&it, &cycle);
        assert_eq!((s.earned, s.status), (0.0, Status::AtRisk));
        assert_eq!(s.finding.data_gaps, ["2022年没有任何单位报送统计表"]);
        assert_eq!(s.rows[0].per_year, [Some(10.0), None, Some(10.0), Some(10.0)]);
        // The stock needs only the last year.
        let (earned, status, ..) = score(&d, threshold("GF01", Op::AtLeast, 5.0), 1.0);
        assert_eq!((earned, status), (1.0, Status::Met));
        // Every year: at risk, not failed.
        let rule = Rule::EveryYear { indicators: vec!["ZC01".into()], op: Op::Above, bound: 0.0 };
        let (earned, status, text, _) = score(&d, rule, 1.0);
        assert_eq!((earned, status), (0.0, Status::AtRisk), "{text}");
    }

    #[test]
    fn every_year_fails_on_a_zero_or_a_blank_year() {
        let mut facts: Vec<Fact> = ALL.iter().map(|&y| fact(y, "区退役军人事务局", "ZZ01", 1.0)).collect();
        let rule = || Rule::EveryYear { indicators: vec!["ZZ01".into()], op: Op::AtLeast, bound: 1.0 };
        let d = district(facts.clone(), &ALL);
        assert_eq!(score(&d, rule(), 0.5).0, 0.5);
        facts[1].value = 0.0;
        let (earned, status, _, gap) = score(&district(facts.clone(), &ALL), rule(), 0.5);
        assert_eq!((earned, status), (0.0, Status::Unmet));
        assert_eq!(gap.as_deref(), Some("2022年 ZZ01 为0次"));
        facts.remove(1);
        let (_, status, _, gap) = score(&district(facts, &ALL), rule(), 0.5);
        assert_eq!(status, Status::Unmet);
        assert_eq!(gap.as_deref(), Some("2022年 ZZ01 无单位填报"));
    }

    #[test]
    fn linear_scores_between_low_and_high() {
        let rule = || Rule::Linear { indicator: "GF04".into(), low: 0.0, high: 200.0 };
        for (per_year, expected, status) in [
            (0.0, 0.0, Status::Unmet),
            (25.0, 0.5, Status::Partial),
            (50.0, 1.0, Status::Met),
            (80.0, 1.0, Status::Met),
        ] {
            let facts = ALL.iter().map(|&y| fact(y, "东湖街道", "GF04", per_year)).collect();
            let (earned, s, ..) = score(&district(facts, &ALL), rule(), 1.0);
            assert_eq!((earned, s), (expected, status), "{per_year} a year");
        }
    }

    #[test]
    fn ratio_is_recomputed_from_the_sums_never_averaged() {
        // 2021: 1 of 1 (100%); 2022: 80 of 100 (80%). The average of the rates is 90%,
        // the rate of the sums 81 / 101 = 80.2%.
        let facts = vec![
            fact(2021, "东湖街道", "ZC04", 1.0),
            fact(2021, "东湖街道", "ZC06", 1.0),
            fact(2022, "东湖街道", "ZC04", 80.0),
            fact(2022, "东湖街道", "ZC06", 100.0),
            fact(2023, "东湖街道", "ZC04", 0.0),
            fact(2023, "东湖街道", "ZC06", 0.0),
            fact(2024, "东湖街道", "ZC04", 0.0),
            fact(2024, "东湖街道", "ZC06", 0.0),
        ];
        let d = district(facts, &ALL);
        let rule = Rule::Ratio {
            numerator: "ZC04".into(),
            denominator: "ZC06".into(),
            scale: 100.0,
            op: Op::AtLeast,
            bound: 90.0,
        };
        let (earned, status, text, gap) = score(&d, rule, 1.5);
        assert_eq!((earned, status), (0.0, Status::Unmet), "{text}");
        assert!(text.contains("81人 ÷ 101人 = 80.2%"), "{text}");
        assert_eq!(gap.as_deref(), Some("差9.8个百分点，按周期合计还需10人"));
        // The derived indicator is recomputed from the folded inputs in the same way.
        let (_, _, text, _) = score(&d, threshold("ZC07", Op::AtLeast, 90.0), 1.0);
        assert!(text.contains("80.2%"), "{text}");
    }

    #[test]
    fn ratio_exactly_at_the_bound_is_met() {
        let facts = vec![
            fact(2021, "东湖街道", "SH04", 20.0),
            fact(2021, "东湖街道", "SH05", 18.0),
            fact(2022, "西城街道", "SH04", 30.0),
            fact(2022, "西城街道", "SH05", 27.0),
            fact(2023, "东湖街道", "SH04", 0.0),
            fact(2024, "东湖街道", "SH04", 0.0),
        ];
        let d = district(facts, &ALL);
        let rule = Rule::Ratio {
            numerator: "SH05".into(),
            denominator: "SH04".into(),
            scale: 100.0,
            op: Op::AtLeast,
            bound: 90.0,
        };
        let (earned, status, text, _) = score(&d, rule, 1.5);
        assert_eq!((earned, status), (1.5, Status::Met), "{text}");
    }

    #[test]
    fn units_reporting_names_the_units_that_lack() {
        let rule = || Rule::UnitsReporting {
            indicator: "TY03".into(),
            unit_type: UnitType::Street,
            measure: Measure::Share,
            op: Op::AtLeast,
            bound: 100.0,
        };
        let both = vec![
            fact(2024, "东湖街道", "TY03", 1.0),
            fact(2024, "西城街道", "TY03", 2.0),
            fact(2021, "某部", "AM01", 1.0),
        ];
        let (earned, status, ..) = score(&district(both, &ALL), rule(), 1.0);
        assert_eq!((earned, status), (1.0, Status::Met));
        let one = vec![fact(2024, "东湖街道", "TY03", 1.0), fact(2023, "西城街道", "TY03", 1.0)];
        let (earned, status, text, gap) = score(&district(one, &ALL), rule(), 1.0);
        assert_eq!((earned, status), (0.0, Status::Unmet));
        assert!(text.contains("2个街道镇中1个TY03大于0，占比为50%"), "{text}");
        assert_eq!(gap.as_deref(), Some("未达到的单位：西城街道（未填报）"));
    }

    #[test]
    fn per_item_adds_the_conditions_met() {
        let facts = ALL.iter().map(|&y| fact(y, "东湖街道", "ZZ01", 1.0)).collect();
        let d = district(facts, &ALL);
        let rule = Rule::PerItem(vec![
            Condition {
                label: "议军".into(),
                points: 0.5,
                rule: Rule::EveryYear { indicators: vec!["ZZ02".into(), "ZZ03".into()], op: Op::Above, bound: 0.0 },
            },
            Condition {
                label: "全体会议".into(),
                points: 0.5,
                rule: Rule::EveryYear { indicators: vec!["ZZ01".into()], op: Op::AtLeast, bound: 1.0 },
            },
        ]);
        let (earned, status, text, _) = score(&d, rule, 1.0);
        assert_eq!((earned, status), (0.5, Status::Partial), "{text}");
    }

    #[test]
    fn authoritative_figures_trace_to_the_authoritative_cell_only() {
        let mut facts = Vec::new();
        for y in ALL {
            facts.push(fact(y, "区退役军人事务局", "YF02", 3500.0));
            facts.push(fact(y, "东湖街道", "YF02", 1000.0));
        }
        let d = district(facts, &ALL);
        let cycle = Cycle::new(&d.ws, &d.tables, &d.facts, &d.submissions, 2021, 2024);
        let it = item(Rule::EveryYear { indicators: vec!["YF02".into()], op: Op::Above, bound: 0.0 }, 1.5);
        let s = score_item(&it, &cycle);
        assert_eq!((s.earned, s.status), (1.5, Status::Met));
        assert_eq!(s.sources.len(), 4);
        assert!(s.sources.iter().all(|f| f.unit == "区退役军人事务局"));
        assert_eq!(s.contributors.len(), 1);
        assert_eq!(s.contributors[0].value, 14000.0);
        assert_eq!(s.rows[0].per_year, [Some(3500.0); 4]);
        assert_eq!(s.rows[0].cycle, Some(14000.0));
    }

    #[test]
    fn evidence_items_are_never_scored() {
        let d = district(vec![fact(2024, "东湖街道", "ZZ01", 3.0)], &ALL);
        let (earned, status, ..) = score(&d, Rule::Evidence, 1.0);
        assert_eq!((earned, status), (0.0, Status::NeedsEvidence));
    }
}
