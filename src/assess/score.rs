//! Scoring: each item's rule evaluated on the cycle figures ([`super::evaluation`]),
//! put in words ([`super::wording`]) and traced to the cells that decided it
//! ([`super::provenance`]).

use crate::numfmt;
use crate::validate::Fact;

use super::cycle::Cycle;
use super::evaluation::{self, round2, ConditionScore, Finding, Status, Veto};
use super::provenance::{self, Contribution, FigureRow};
use super::rules::{Criteria, Item, Rule, Source, Standard};
use super::wording;

#[derive(Debug, Clone, PartialEq)]
pub struct ItemScore<'a> {
    pub item: &'a Item,
    pub earned: f64,
    pub status: Status,
    /// The rule in words.
    pub rule_text: String,
    pub finding: Finding,
    /// Points not decided yet (待评): the whole item when documents decide it or a year
    /// without returns keeps it open, the open conditions of a per-item rule.
    pub pending: f64,
    pub conditions: Vec<ConditionScore<'a>>,
    pub rows: Vec<FigureRow>,
    /// Units whose figures are above 0, largest first within each indicator.
    pub contributors: Vec<Contribution>,
    /// Every cell whose figure entered the item's figures.
    pub sources: Vec<&'a Fact>,
}

impl ItemScore<'_> {
    /// The points [`ItemScore::pending`] holds open for a figure to check.
    fn checking_points(&self) -> f64 {
        let checked = |f: &Finding| f.status == Status::Pending && !f.checks.is_empty() && f.data_gaps.is_empty();
        if self.conditions.is_empty() {
            return if checked(&self.finding) { self.pending } else { 0.0 };
        }
        let open = self.conditions.iter().filter(|c| checked(&c.finding)).map(|c| c.condition.points);
        open.sum::<f64>().min(self.pending)
    }
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

    /// Points left open by years without any return (缺报年度不按0计算).
    pub fn missing_points(&self) -> f64 {
        self.items.iter().filter(|i| i.status != Status::NeedsEvidence).map(|i| i.pending).sum()
    }

    /// Of [`StandardScore::missing_points`], those a figure to check keeps open.
    pub fn checking_points(&self) -> f64 {
        self.items.iter().map(ItemScore::checking_points).sum()
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
    /// The veto list, each scored on what must hold ([`Veto::of`] its status).
    pub vetoes: Vec<ItemScore<'a>>,
    pub bonuses: Vec<ItemScore<'a>>,
    pub bonus_cap: f64,
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

    pub fn missing_points(&self) -> f64 {
        round2(self.standards.iter().map(StandardScore::missing_points).sum())
    }

    /// Of [`Assessment::missing_points`], those a figure to check (待核实) keeps open,
    /// not a year without returns.
    pub fn checking_points(&self) -> f64 {
        round2(self.standards.iter().map(StandardScore::checking_points).sum())
    }

    /// The base items' possible points and earned points that follow `source`: the
    /// trial table's against the office's own assumptions.
    pub fn by_source(&self, source: Source) -> (f64, f64) {
        let items = self.items().filter(|i| i.item.source == source);
        let (points, earned) = items.fold((0.0, 0.0), |(p, e), i| (p + i.item.points, e + i.earned));
        (round2(points), round2(earned))
    }

    /// The bonus points earned, capped.
    pub fn bonus_earned(&self) -> f64 {
        round2(self.bonuses.iter().map(|b| b.earned).sum::<f64>().min(self.bonus_cap))
    }

    /// The vetoes in `state`.
    pub fn vetoes_in(&self, state: Veto) -> impl Iterator<Item = &ItemScore<'a>> {
        self.vetoes.iter().filter(move |v| Veto::of(v.status) == state)
    }

    pub fn items(&self) -> impl Iterator<Item = &ItemScore<'a>> {
        self.standards.iter().flat_map(|s| &s.items)
    }

    /// The item numbered `number` (`1.2`).
    pub fn item(&self, number: &str) -> Option<&ItemScore<'a>> {
        self.items().find(|i| i.item.number == number)
    }

    /// `自评参考分 27.08 / 40 分（按试行考评标准 1 / 7 分，按本办设定 26.08 / 33 分）`:
    /// the same words on the terminal, in the PDF and in the workbook, so that nobody
    /// reads the sum as an official score.
    pub fn headline(&self) -> String {
        let (trial_points, trial) = self.by_source(Source::Trial);
        let (office_points, office) = self.by_source(Source::Office);
        format!(
            "自评参考分 {} / {} 分（按{} {} / {} 分，按{} {} / {} 分）",
            numfmt::points(self.earned()),
            numfmt::points(self.points()),
            Source::Trial.label(),
            numfmt::points(trial),
            numfmt::points(trial_points),
            Source::Office.label(),
            numfmt::points(office),
            numfmt::points(office_points)
        )
    }

    /// `加分 0.68 / 2 分（不计入基本分）`, or `None` without bonus items.
    pub fn bonus_line(&self) -> Option<String> {
        (!self.bonuses.is_empty()).then(|| {
            format!(
                "加分 {} / {} 分（另计，不计入基本分）",
                numfmt::points(self.bonus_earned()),
                numfmt::points(self.bonus_cap)
            )
        })
    }

    /// `一票否决 4 项（本办设定）：已触发 1 项，待办公室确认 3 项`, or `None` without a veto
    /// list. 本办设定 while every condition is the office's own: whatever it says is
    /// triggered is so by the office's rule, not the assessors'.
    pub fn veto_line(&self) -> Option<String> {
        if self.vetoes.is_empty() {
            return None;
        }
        let states = [Veto::Triggered, Veto::Unknown, Veto::Confirm, Veto::Clear]
            .into_iter()
            .filter_map(|state| match self.vetoes_in(state).count() {
                0 => None,
                n => Some(format!("{} {n} 项", state.label())),
            })
            .collect::<Vec<_>>()
            .join("，");
        let assumed = match self.vetoes.iter().all(|v| v.item.source == Source::Office) {
            true => "（本办设定）",
            false => "",
        };
        Some(format!("一票否决 {} 项{assumed}：{states}", self.vetoes.len()))
    }

    /// `<region><from>—<to>年双拥模范城（县）创建考评材料`.
    pub fn title(&self) -> String {
        format!("{}{}—{}年{}创建考评材料", self.region, self.from, self.to, super::titles::own(&self.region))
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
        vetoes: criteria.vetoes.iter().map(|v| score_item(v, cycle)).collect(),
        bonuses: criteria.bonuses.iter().map(|b| score_item(b, cycle)).collect(),
        bonus_cap: criteria.bonus_cap,
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
    let pending = match finding.status {
        Status::NeedsEvidence => item.points,
        Status::Pending if conditions.is_empty() => item.points,
        Status::Pending => {
            let open = conditions.iter().filter(|c| c.finding.status == Status::Pending);
            round2(open.map(|c| c.condition.points).sum::<f64>().min(item.points))
        }
        _ => 0.0,
    };
    let codes = item.rule.indicators();
    let sources = provenance::sources(&item.rule, &codes, cycle);
    ItemScore {
        item,
        earned,
        pending,
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
    use crate::assess::rules::{Condition, Measure, Op, Source};
    use crate::assess::Veto;
    use crate::dataset::DataSet;
    use crate::validate::{Checked, Submission};
    use crate::workspace::{UnitType, Workspace};

    const ROSTER: &str = "region = \"示例区\"\noffice = \"示例区双拥办\"\nyear = 2024\n\
        [[units]]\nname = \"区退役军人事务局\"\ntype = \"部门\"\nauthoritative = true\n\
        [[units]]\nname = \"东湖街道\"\ntype = \"街道镇\"\n\
        [[units]]\nname = \"西城街道\"\ntype = \"街道镇\"\n\
        [[units]]\nname = \"某部\"\ntype = \"驻区部队\"\n";

    /// A small district: its roster, facts and the years its units returned.
    struct District {
        ws: Workspace,
        data: DataSet,
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
        let submissions: BTreeMap<i32, Vec<Submission>> = returned
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
        let data = DataSet::build(&ws, 2024, Checked { facts, submissions, ..Checked::default() }).unwrap();
        District { ws, data }
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
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
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
    fn a_stock_units_may_count_twice_leads_with_the_unit_with_the_most() {
        let mut facts: Vec<Fact> = ALL.iter().map(|&y| fact(y, "东湖街道", "GF01", 3.0)).collect();
        facts.push(fact(2024, "西城街道", "GF01", 2.0));
        let d = district(facts, &ALL);
        let (_, status, text, _) = score(&d, threshold("GF01", Op::AtLeast, 3.0), 1.0);
        assert_eq!(status, Status::Met, "the unit with the most meets it alone");
        assert!(text.contains("2024年末东湖街道3个，各单位填报合计5个（可能重复计数），要求不少于3个"), "{text}");
        // Only the sum meets it: to check with the unit, not met.
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let it = item(threshold("GF01", Op::AtLeast, 5.0), 1.0);
        let s = score_item(&it, &cycle);
        assert_eq!((s.status, s.earned), (Status::Pending, 0.0));
        assert_eq!(s.finding.checks, ["各单位填报的“国防教育基地”合计可能重复计数，须东湖街道核实后评分"]);
    }

    #[test]
    fn a_year_without_returns_is_never_zero() {
        // 2022: no unit returned anything.
        let years = [2021, 2023, 2024];
        let mut facts: Vec<Fact> = years.iter().map(|&y| fact(y, "东湖街道", "ZC01", 10.0)).collect();
        facts.extend(years.iter().map(|&y| fact(y, "东湖街道", "GF01", 5.0)));
        let d = district(facts, &years);
        // A flow the years there are do not bring to the bound is not scored, and its
        // points are out of the sum; its sum is labelled by the years it has.
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let it = item(threshold("ZC01", Op::AtLeast, 40.0), 1.0);
        let s = score_item(&it, &cycle);
        assert_eq!((s.earned, s.status, s.pending), (0.0, Status::Pending, 1.0));
        assert_eq!(s.finding.data_gaps, ["2022年缺报"]);
        assert_eq!(s.finding.gap, None);
        assert!(s.finding.text.starts_with("2021、2023、2024年合计为30"), "{}", s.finding.text);
        assert_eq!(s.rows[0].per_year, [Some(10.0), None, Some(10.0), Some(10.0)]);
        // A lower bound the years there are already meet is met: the sum only grows.
        let it = item(threshold("ZC01", Op::AtLeast, 20.0), 1.0);
        let s = score_item(&it, &cycle);
        assert_eq!((s.earned, s.status, s.pending), (1.0, Status::Met, 0.0));
        assert!(s.finding.data_gaps.is_empty(), "no 数据缺口 on an item met");
        assert_eq!(s.finding.notes, ["2022年缺报，不影响本项评定"]);
        let linear = Rule::Linear { indicator: "ZC01".into(), low: 0.0, high: 30.0 };
        assert_eq!(score(&d, linear, 1.0).1, Status::Met);
        let linear = Rule::Linear { indicator: "ZC01".into(), low: 0.0, high: 60.0 };
        assert_eq!(score(&d, linear, 1.0).0, 0.0, "never half the points from three years of four");
        // The stock needs only the last year.
        let (earned, status, ..) = score(&d, threshold("GF01", Op::AtLeast, 5.0), 1.0);
        assert_eq!((earned, status), (1.0, Status::Met));
        // Every year: not scored while the years there are hold, failed by one that fails.
        let rule = || Rule::EveryYear { indicators: vec!["ZC01".into()], op: Op::Above, bound: 0.0 };
        let (earned, status, text, _) = score(&d, rule(), 1.0);
        assert_eq!((earned, status), (0.0, Status::Pending), "{text}");
        assert_eq!(text, "2021、2023、2024年每年均满足");
        // Two indicators missing the same year: the year is said once.
        let both = Rule::EveryYear { indicators: vec!["ZC01".into(), "GF01".into()], op: Op::Above, bound: 0.0 };
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let it = item(both, 1.0);
        assert_eq!(score_item(&it, &cycle).finding.data_gaps, ["2022年缺报"]);
        let mut facts: Vec<Fact> = years.iter().map(|&y| fact(y, "东湖街道", "ZC01", 10.0)).collect();
        facts[2].value = 0.0;
        let (earned, status, text, _) = score(&district(facts, &years), rule(), 1.0);
        assert_eq!((earned, status), (0.0, Status::Unmet));
        assert_eq!(text, "2024年“帮助部队解决实际困难”为0件");
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
        assert_eq!(gap.as_deref(), Some("2022年“召开双拥工作领导小组会议”为0次"));
        // Several years short: the name once, the figures in turn.
        let mut three = facts.clone();
        (three[2].value, three[3].value) = (0.0, 0.0);
        let (_, _, _, gap) = score(&district(three, &ALL), rule(), 0.5);
        assert_eq!(gap.as_deref(), Some("2022—2024年“召开双拥工作领导小组会议”分别为0次、0次、0次"));
        facts.remove(1);
        let (_, status, _, gap) = score(&district(facts, &ALL), rule(), 0.5);
        assert_eq!(status, Status::Unmet);
        assert_eq!(gap.as_deref(), Some("2022年“召开双拥工作领导小组会议”无单位填报"));
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
        let rule = ratio("ZC04", "ZC06", 90.0, None, false);
        let (earned, status, text, gap) = score(&d, rule, 1.5);
        assert_eq!((earned, status), (0.0, Status::Unmet), "{text}");
        assert!(text.starts_with("2021—2024年合计“"), "{text}");
        assert!(text.contains("”101人、“") && text.contains("”81人，比率为80.2%，要求不低于90%"), "{text}");
        // Past years cannot be made up: the gap says what is short, not what is needed.
        assert!(!text.contains('÷') && !text.contains('='), "{text}");
        assert_eq!(gap.as_deref(), Some("差9.8个百分点（“完成征兵任务人数”少10人）"));
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
        let rule = ratio("SH05", "SH04", 90.0, None, false);
        let (earned, status, text, _) = score(&d, rule, 1.5);
        assert_eq!((earned, status), (1.5, Status::Met), "{text}");
    }

    #[test]
    fn a_part_above_its_whole_is_not_scored_as_met() {
        // The catalogue checks 入学入托优待 (YF07) against the applications (YF17).
        let facts = ALL
            .iter()
            .flat_map(|&y| [fact(y, "区退役军人事务局", "YF07", 12.0), fact(y, "区退役军人事务局", "YF17", 10.0)])
            .collect();
        let rule = ratio("YF07", "YF17", 95.0, None, false);
        let cycle_d = district(facts, &ALL);
        let cycle = Cycle::new(&cycle_d.ws, &cycle_d.data, 2021, 2024);
        let it = item(rule, 0.5);
        let s = score_item(&it, &cycle);
        assert_eq!((s.earned, s.status, s.pending), (0.0, Status::Pending, 0.5));
        // A figure to check is not a gap in the data, and who reported it checks it.
        assert!(s.finding.data_gaps.is_empty());
        assert_eq!(
            s.finding.checks,
            ["“军人子女入学入托优待”48人多于“军人子女入学入托申请”40人，须区退役军人事务局核实后评分"]
        );
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
        assert_eq!(text, "2个街道（镇）中1个有“退役军人服务站”，占50%，要求不低于100%");
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
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
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

    /// `numerator` ÷ `denominator` × 100 at least `bound`.
    fn ratio(numerator: &str, denominator: &str, bound: f64, rate: Option<&str>, capped: bool) -> Rule {
        let (numerator, denominator) = (numerator.into(), denominator.into());
        Rule::Ratio {
            numerator,
            denominator,
            scale: 100.0,
            op: Op::AtLeast,
            bound,
            rate: rate.map(str::to_string),
            capped,
        }
    }

    fn hung(rate: Option<&str>, capped: bool) -> Rule {
        ratio("YF10", "YF19", 100.0, rate, capped)
    }

    #[test]
    fn a_rate_of_a_part_the_known_years_leave_below_100_is_unmet_whatever_the_missing_years() {
        // 2021–22 without returns; 悬挂 (YF10) cannot exceed 应悬挂 (YF19).
        let years = [2023, 2024];
        let facts = years.iter().flat_map(|&y| [fact(y, "东湖街道", "YF10", 99.0), fact(y, "东湖街道", "YF19", 100.0)]);
        let d = district(facts.collect(), &years);
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let it = item(hung(Some("悬挂率"), false), 0.5);
        let s = score_item(&it, &cycle);
        assert_eq!((s.earned, s.status, s.pending), (0.0, Status::Unmet, 0.0));
        assert!(s.finding.text.ends_with("悬挂率99%，要求达到100%"), "{}", s.finding.text);
        assert_eq!(s.finding.gap.as_deref(), Some("悬挂率差1个百分点（“悬挂光荣之家牌匾”少2户）"));
        assert_eq!(s.finding.data_gaps, ["2021、2022年缺报"]);
        // A ratio the catalogue does not check is capped by the criteria (征兵).
        let facts = years.iter().flat_map(|&y| [fact(y, "东湖街道", "ZC04", 9.0), fact(y, "东湖街道", "ZC06", 10.0)]);
        let d = district(facts.collect(), &years);
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let conscripts = |capped| ratio("ZC04", "ZC06", 100.0, Some("完成率"), capped);
        let it = item(conscripts(true), 1.5);
        assert_eq!(score_item(&it, &cycle).status, Status::Unmet);
        let it = item(conscripts(false), 1.5);
        assert_eq!(score_item(&it, &cycle).status, Status::Pending, "over-fulfilment could lift it");
    }

    #[test]
    fn per_item_says_a_shared_gap_once_and_a_condition_it_does_not_change_not_at_all() {
        let years = [2023, 2024];
        let mut facts: Vec<Fact> = years.iter().map(|&y| fact(y, "东湖街道", "YF09", 3.0)).collect();
        facts.extend(years.iter().flat_map(|&y| [fact(y, "东湖街道", "YF10", 9.0), fact(y, "东湖街道", "YF19", 10.0)]));
        let d = district(facts, &years);
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let conditions = vec![
            Condition { label: "送立功受奖喜报".into(), points: 0.5, rule: threshold("YF09", Op::Above, 0.0) },
            Condition {
                label: "光荣之家牌匾应挂尽挂".into(), points: 0.5, rule: hung(Some("悬挂率"), false)
            },
        ];
        let it = item(Rule::PerItem(conditions), 1.0);
        let s = score_item(&it, &cycle);
        assert_eq!((s.earned, s.status), (0.5, Status::Partial));
        assert_eq!(s.finding.data_gaps, ["2021、2022年缺报"]);
        assert!(s.finding.notes.is_empty(), "{:?}", s.finding.notes);
        // One condition short: its gap needs no label (the result line names it).
        assert_eq!(s.finding.gap.as_deref(), Some("悬挂率差10个百分点（“悬挂光荣之家牌匾”少2户）"));
    }

    #[test]
    fn points_held_for_a_figure_to_check_are_told_apart_from_missing_years() {
        let years = [2022, 2023, 2024];
        let facts = years.iter().flat_map(|&y| {
            [
                fact(y, "区退役军人事务局", "YF07", 12.0),
                fact(y, "区退役军人事务局", "YF17", 10.0),
                fact(y, "东湖街道", "ZC01", 1.0),
            ]
        });
        let d = district(facts.collect(), &years);
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let school = ratio("YF07", "YF17", 95.0, None, false);
        let (school, sum) = (item(school, 0.5), item(threshold("ZC01", Op::AtLeast, 10.0), 1.0));
        let (checked, missing) = (score_item(&school, &cycle), score_item(&sum, &cycle));
        // The part above its whole is to check even with a year missing.
        assert_eq!((checked.pending, checked.checking_points()), (0.5, 0.5));
        assert_eq!((missing.pending, missing.checking_points()), (1.0, 0.0));
    }

    #[test]
    fn a_whole_that_is_not_the_sum_of_its_parts_is_to_check() {
        let stations = |whole: f64| {
            let facts = vec![
                fact(2024, "东湖街道", "TY03", whole),
                fact(2024, "东湖街道", "TY15", 1.0),
                fact(2024, "东湖街道", "TY16", 3.0),
            ];
            let d = district(facts, &ALL);
            let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
            let it = item(threshold("TY03", Op::AtLeast, 1.0), 1.0);
            score_item(&it, &cycle).finding.checks
        };
        assert!(stations(4.0).is_empty());
        assert_eq!(
            stations(5.0),
            ["2024年末“退役军人服务站”5个，不等于“街道（镇）退役军人服务站”与“村（社区）退役军人服务站”之和4个，须核实"]
        );
    }

    #[test]
    fn a_pair_both_sides_report_is_counted_from_the_responsible_side() {
        // 军民共建点 (AM04): the street's pairs, not the troop's count of the same pairs.
        let facts = vec![
            fact(2024, "东湖街道", "AM04", 4.0),
            fact(2024, "西城街道", "AM04", 2.0),
            fact(2024, "某部", "AM04", 6.0),
        ];
        let d = district(facts, &ALL);
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let it = item(threshold("AM04", Op::AtLeast, 5.0), 1.0);
        let s = score_item(&it, &cycle);
        assert!(s.finding.text.contains("2024年末数为6个"), "{}", s.finding.text);
        assert!(s.sources.iter().all(|f| f.unit != "某部"));
        assert_eq!(cycle.year_total(2024, "AM04"), Ok(6.0));
    }

    /// A one-item table (ZZ01 ≥ 1 over the cycle, trial, 1 point; GF01 ≥ 1, office, 2
    /// points) with `vetoes` and `bonuses`.
    fn criteria(vetoes: Vec<Item>, bonuses: Vec<Item>, bonus_cap: f64) -> Criteria {
        let trial = Item { source: Source::Trial, ..item(threshold("ZZ01", Op::AtLeast, 1.0), 1.0) };
        let office = Item { number: "1.2".into(), ..item(threshold("GF01", Op::AtLeast, 1.0), 2.0) };
        Criteria {
            standards: vec![Standard {
                number: 1,
                name: "组织领导坚强有力".into(),
                points: 3.0,
                source: Source::Trial,
                items: vec![trial, office],
            }],
            vetoes,
            bonuses,
            bonus_cap,
            cycle_years: 4,
        }
    }

    fn conscription(shortfall_2022: f64) -> Vec<Fact> {
        let mut facts = Vec::new();
        for y in ALL {
            let short = if y == 2022 { shortfall_2022 } else { 0.0 };
            facts.push(fact(y, "东湖街道", "ZC04", 50.0 - short));
            facts.push(fact(y, "东湖街道", "ZC06", 50.0));
        }
        facts
    }

    fn veto(rule: Rule) -> Item {
        Item { number: "否1".into(), points: 0.0, criterion: Some("每年完成".into()), ..item(rule, 0.0) }
    }

    #[test]
    fn a_veto_by_figure_is_clear_or_triggered_and_one_by_evidence_awaits_the_office() {
        let every_year = || Rule::EveryYear { indicators: vec!["ZC07".into()], op: Op::AtLeast, bound: 100.0 };
        let evidence = Item { documents: vec!["情况说明".into()], ..veto(Rule::Evidence) };
        let c = criteria(vec![veto(every_year()), evidence], Vec::new(), 0.0);
        let states = |d: &District| {
            let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
            let a = assess(&c, &cycle);
            (a.vetoes.iter().map(|v| Veto::of(v.status)).collect::<Vec<_>>(), a.veto_line(), a.earned())
        };
        let (met, line, _) = states(&district(conscription(0.0), &ALL));
        assert_eq!(met, [Veto::Clear, Veto::Confirm]);
        assert_eq!(line.as_deref(), Some("一票否决 2 项（本办设定）：待办公室确认 1 项，未触发 1 项"));
        // One conscript short in one year triggers it, whatever the points.
        let (short, line, _) = states(&district(conscription(1.0), &ALL));
        assert_eq!(short, [Veto::Triggered, Veto::Confirm]);
        assert!(line.unwrap().contains("已触发 1 项"));
        // A year without returns cannot decide it.
        let facts = conscription(0.0).into_iter().filter(|f| f.year != 2023).collect();
        let (unknown, ..) = states(&district(facts, &[2021, 2022, 2024]));
        assert_eq!(unknown[0], Veto::Unknown);
        // A year that fails decides it, whatever the missing year holds.
        let facts = conscription(1.0).into_iter().filter(|f| f.year != 2023).collect();
        let (decided, ..) = states(&district(facts, &[2021, 2022, 2024]));
        assert_eq!(decided[0], Veto::Triggered);
        assert_eq!(Veto::Triggered.said(Source::Office), "存在风险（本办设定）");
    }

    #[test]
    fn bonus_points_are_capped_and_stay_outside_the_base_total() {
        let facts: Vec<Fact> =
            ALL.iter().flat_map(|&y| [fact(y, "东湖街道", "ZZ01", 1.0), fact(y, "东湖街道", "SH02", 10.0)]).collect();
        let d = district(facts, &ALL);
        let bonus = |n: &str| Item { number: n.into(), ..item(threshold("SH02", Op::Above, 0.0), 1.0) };
        let c = criteria(Vec::new(), vec![bonus("加1"), bonus("加2")], 1.5);
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let a = assess(&c, &cycle);
        assert_eq!(a.bonuses.iter().map(|b| b.earned).sum::<f64>(), 2.0);
        assert_eq!(a.bonus_earned(), 1.5);
        assert_eq!((a.earned(), a.points()), (1.0, 3.0));
        assert_eq!(a.bonus_line().as_deref(), Some("加分 1.5 / 1.5 分（另计，不计入基本分）"));
    }

    #[test]
    fn the_headline_splits_trial_and_office_points() {
        let facts = ALL.iter().map(|&y| fact(y, "东湖街道", "ZZ01", 1.0)).collect();
        let d = district(facts, &ALL);
        let c = criteria(Vec::new(), Vec::new(), 0.0);
        let cycle = Cycle::new(&d.ws, &d.data, 2021, 2024);
        let a = assess(&c, &cycle);
        assert_eq!((a.by_source(Source::Trial), a.by_source(Source::Office)), ((1.0, 1.0), (2.0, 0.0)));
        assert_eq!(a.headline(), "自评参考分 1 / 3 分（按试行考评标准 1 / 1 分，按本办设定 0 / 2 分）");
        assert_eq!((a.bonus_line(), a.veto_line()), (None, None));
    }

    #[test]
    fn a_mid_term_window_scales_flow_bounds_but_not_stocks() {
        // 2023–2024: half the cycle, so a cycle bound of 20 on a flow becomes 10.
        let facts: Vec<Fact> =
            ALL.iter().flat_map(|&y| [fact(y, "东湖街道", "ZC01", 5.0), fact(y, "东湖街道", "GF01", 3.0)]).collect();
        let d = district(facts, &ALL);
        let cycle = Cycle::new(&d.ws, &d.data, 2023, 2024).of_length(4);
        let flow = item(threshold("ZC01", Op::AtLeast, 20.0), 1.0);
        let s = score_item(&flow, &cycle);
        assert_eq!(s.status, Status::Met, "{}", s.finding.text);
        assert!(s.rule_text.contains("不少于10件（届中考评"), "{}", s.rule_text);
        let stock = item(threshold("GF01", Op::AtLeast, 4.0), 1.0);
        let s = score_item(&stock, &cycle);
        assert_eq!(s.status, Status::Unmet, "stocks are not scaled: {}", s.finding.text);
        let linear = Rule::Linear { indicator: "ZC01".into(), low: 0.0, high: 40.0 };
        assert_eq!(score_item(&item(linear, 1.0), &cycle).earned, 0.5);
    }

    #[test]
    fn evidence_items_are_never_scored() {
        let d = district(vec![fact(2024, "东湖街道", "ZZ01", 3.0)], &ALL);
        let (earned, status, ..) = score(&d, Rule::Evidence, 1.0);
        assert_eq!((earned, status), (0.0, Status::NeedsEvidence));
    }
}
