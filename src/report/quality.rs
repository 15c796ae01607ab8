//! The 数据质量说明's rows: what the office checks before it signs — the values left
//! out of a draft, the totals that could not be made, the changes taken like with like,
//! and every warning with what the report did with the total it is in.

use super::figures::{Figures, UNVERIFIED};
use super::Inputs;
use crate::catalog::Aggregate;
use crate::diag::{Diagnostic, Kind};

/// Marks a 比上年增减 cell taken over part of the units; the 数据质量说明 names them.
pub(crate) const CHANGE_MARK: char = '*';

/// Marks a figure the text does not tell because `check` flagged a value in it that no
/// unit explained: the reader of a table sees why its change is blank.
pub(crate) const DOUBT_MARK: char = '※';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QualityRowKind {
    /// An error in a draft: the value is not in the figures.
    LeftOut,
    /// Some unit reported the indicator, yet the district total could not be made.
    NoTotal,
    /// Units reported an indicator one of the two years only: its change compares the
    /// others (the table marks it).
    LikeWithLike,
    Warning,
}

impl QualityRowKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            QualityRowKind::LeftOut => "未采用",
            QualityRowKind::NoTotal => "无合计数",
            QualityRowKind::LikeWithLike => "同口径",
            QualityRowKind::Warning => "提醒",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QualityRow {
    pub kind: QualityRowKind,
    /// The indicator's code, if the row is about one.
    pub code: Option<String>,
    pub unit: String,
    pub indicator: String,
    pub location: String,
    pub raw: String,
    pub reason: String,
}

/// What the 数据质量说明 lists: in a draft every value left out, then the totals that
/// could not be made, then the warnings. Missing returns are left to the submissions
/// table.
pub(crate) fn quality_rows(inputs: &Inputs, figures: &Figures) -> Vec<QualityRow> {
    let name = |code: Option<&str>| match code {
        Some(c) => inputs.ws.catalog.get(c).map_or_else(|| c.to_string(), |i| i.name.clone()),
        None => "—".to_string(),
    };
    let from_diag = |kind, d: &Diagnostic| QualityRow {
        kind,
        code: d.code.clone(),
        unit: d.unit.clone().unwrap_or_else(|| "—".to_string()),
        indicator: name(d.code.as_deref()),
        location: location(d),
        raw: d.value.clone().filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "—".to_string()),
        reason: d.message.clone(),
    };
    let diags = &inputs.data.checked.diagnostics;
    let mut rows = Vec::new();
    if inputs.draft {
        rows.extend(diags.iter().filter(|d| d.is_error()).map(|d| from_diag(QualityRowKind::LeftOut, d)));
    }
    rows.extend(inputs.data.tables.missing(inputs.year).map(|m| QualityRow {
        kind: QualityRowKind::NoTotal,
        code: Some(m.code.clone()),
        unit: "—".to_string(),
        indicator: name(Some(&m.code)),
        location: "—".to_string(),
        raw: "—".to_string(),
        reason: m.reason.to_string(),
    }));
    rows.extend(inputs.ws.catalog.indicators().iter().filter_map(|ind| {
        let change =
            inputs.data.tables.change(inputs.year, &ind.code).filter(|c| c.previous.is_some() && !c.is_whole())?;
        let mut absent = Vec::new();
        if !change.only_previous.is_empty() {
            absent.push(format!("{}{}年未填报", change.only_previous.join("、"), inputs.year));
        }
        if !change.only_current.is_empty() {
            absent.push(format!("{}{}年未填报", change.only_current.join("、"), inputs.year - 1));
        }
        Some(QualityRow {
            kind: QualityRowKind::LikeWithLike,
            code: Some(ind.code.clone()),
            unit: "—".to_string(),
            indicator: ind.name.clone(),
            location: "—".to_string(),
            raw: "—".to_string(),
            reason: format!("{}：比上年增减只比较两年都填报了该项的单位（表中带{CHANGE_MARK}）", absent.join("，")),
        })
    }));
    let treatment = Treatment { inputs, figures };
    rows.extend(diags.iter().filter(|d| !d.is_error() && d.kind != Kind::MissingSubmission).map(|d| {
        let mut row = from_diag(QualityRowKind::Warning, d);
        if let Some(said) = treatment.of(d) {
            row.reason = format!("{}。报告中：{said}", row.reason.trim_end_matches('。'));
        }
        row
    }));
    rows
}

/// What the report did with the total a flagged value is in, so that the office reading
/// the 数据质量说明 sees which sentences and cells wait on the unit's answer.
struct Treatment<'i> {
    inputs: &'i Inputs<'i>,
    figures: &'i Figures,
}

impl Treatment<'_> {
    fn of(&self, d: &Diagnostic) -> Option<String> {
        let (unit, code) = (d.unit.as_deref()?, d.code.as_deref()?);
        let explained = self.inputs.data.checked.notes.contains_key(&(unit.to_string(), code.to_string()));
        if !super::figures::DOUBTING.contains(&d.kind) || explained {
            return None;
        }
        if self.figures.in_doubt(code) {
            return Some(match self.inputs.draft {
                true => format!("本稿正文照印该项全区数并标{UNVERIFIED}，定稿时正文不引用、表中标{DOUBT_MARK}"),
                false => format!("正文未引用该项全区数，表中标{DOUBT_MARK}"),
            });
        }
        let ind = self.inputs.ws.catalog.get(code)?;
        if self.figures.told_rounded(code) {
            let total = self.inputs.data.tables.total(self.inputs.year, code)?;
            return Some(format!("正文写作约数“{}”", super::figures::prose_amount(ind, total, true)));
        }
        let authority = self.inputs.ws.authoritative_unit()?;
        (ind.aggregate == Aggregate::Authoritative && !authority.answers_to(unit))
            .then(|| format!("全区数取{}的数字，不受影响", authority.name))
    }
}

/// Where `d` is, as `check` prints it; a dash in a table cell when it names no place.
pub(crate) fn location(d: &Diagnostic) -> String {
    Some(crate::diag::location(d)).filter(|l| !l.is_empty()).unwrap_or_else(|| "—".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Kind as DiagKind;
    use crate::report::audience::Audience;
    use crate::report::testutil::{data_set, fact, inputs, workspace};
    use crate::validate::Checked;

    /// The 数据质量说明 says beside each flagged value what the report did with its total
    /// (review: the office could not tell which sentences wait on a unit's answer).
    #[test]
    fn each_flagged_value_says_what_the_report_did_with_its_total() {
        let ws = workspace();
        let flag = |unit: &str, code: &str| {
            let mut d = Diagnostic::warning(DiagKind::LargeChange, "变化超过提示线：请核实。");
            d.unit = Some(unit.into());
            d.code = Some(code.into());
            d
        };
        let facts = vec![
            // YF05: one street's jump is the whole rise: left out of the text.
            fact(2024, "东湖街道", "YF05", 2000.0),
            fact(2023, "东湖街道", "YF05", 100.0),
            // GF02: a small street's jump in a large sum: told with 余.
            fact(2024, "东湖街道", "GF02", 1000.0),
            fact(2023, "东湖街道", "GF02", 1000.0),
            fact(2024, "西城街道", "GF02", 30.0),
            fact(2023, "西城街道", "GF02", 20.0),
        ];
        let diagnostics = vec![flag("东湖街道", "YF05"), flag("西城街道", "GF02")];
        let said = |draft: bool| {
            let checked = Checked { facts: facts.clone(), diagnostics: diagnostics.clone(), ..Checked::default() };
            let data = data_set(&ws, checked);
            let inputs = inputs(&ws, &data, draft, false);
            let figures = Figures::new(&inputs, &Audience::internal(&ws));
            quality_rows(&inputs, &figures).into_iter().map(|r| r.reason).collect::<Vec<_>>()
        };
        assert_eq!(
            said(false),
            [
                "变化超过提示线：请核实。报告中：正文未引用该项全区数，表中标※",
                "变化超过提示线：请核实。报告中：正文写作约数“1000余次”",
            ]
        );
        assert!(said(true)[0].ends_with("本稿正文照印该项全区数并标【待核实】，定稿时正文不引用、表中标※"));
    }
}
