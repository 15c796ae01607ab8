//! The dossier from the data set: the criteria, the cycle, the assessment, then the
//! dossier (a document and a workbook) and the 创建工作汇报 draft, both documents carrying
//! the cycle's facts. The command line typesets and writes them and prints
//! [`Dossier::summary`].

use super::evidence::Evidence;
use super::{creation, document, workbook, Criteria, Cycle, Status};
use crate::dataset::DataSet;
use crate::date::DocDate;
use crate::numfmt;
use crate::report::{self, ReportError};
use crate::template::defaults;
use crate::typeset::Document;
use crate::workspace::Workspace;

#[derive(Debug, thiserror::Error)]
pub enum DossierError {
    #[error(transparent)]
    Document(#[from] document::DossierError),
    #[error(transparent)]
    Workbook(#[from] workbook::WorkbookError),
    #[error(transparent)]
    Facts(#[from] ReportError),
    #[error(transparent)]
    Template(#[from] crate::template::TemplateError),
}

/// How the dossier is made.
pub struct Request<'a> {
    pub ws: &'a Workspace,
    /// The workspace's criteria ([`super::criteria`]), read before the returns so that a
    /// mistake in them is told first.
    pub criteria: &'a Criteria,
    pub data: &'a DataSet,
    pub from: i32,
    pub to: i32,
    pub date: DocDate,
    /// A draft: what it could not vouch for (the data errors left out), listed at its head.
    pub draft: Option<&'a [String]>,
}

/// What `dossier` writes, and what it says.
pub struct Dossier {
    /// The dossier's file stem ([`super::file_stem`]).
    pub stem: String,
    pub document: Document,
    pub workbook: Vec<u8>,
    /// The 创建工作汇报's file stem.
    pub creation_stem: String,
    pub creation: Document,
    /// The headline, the points of each standard and the items by status, a line each.
    pub summary: Vec<String>,
    /// Cycle years without any return: items needing them could not be scored.
    pub missing_years: Vec<i32>,
    /// What the 创建工作汇报 draft still lacks from the office's notes, a warning each.
    pub missing_notes: Vec<String>,
}

/// Scores the cycle `from..=to` against the criteria and makes the documents.
pub fn make(r: &Request) -> Result<Dossier, DossierError> {
    let (ws, from, to) = (r.ws, r.from, r.to);
    let cycle = Cycle::new(ws, r.data, from, to).of_length(r.criteria.cycle_years);
    let assessment = super::assess(r.criteria, &cycle);
    // Both documents carry the cycle's facts, the data their figures come from.
    let facts = report::facts_attachment(r.data, from..=to);
    let highlights = &r.data.checked.highlights;
    let evidence = Evidence::gather(&cycle, highlights).map_err(document::DossierError::from)?;
    let mut doc = document::document(&assessment, &ws.template(&defaults::DOSSIER)?, r.date, r.draft, &evidence)?;
    doc.attachments.push(facts.clone());
    let workbook = workbook::workbook(&assessment, r.date)?;
    let inputs =
        creation::Inputs { assessment: &assessment, cycle: &cycle, highlights, date: r.date, draft: r.draft.is_some() };
    let mut creation = creation::document(&inputs, &ws.template(&defaults::CREATION_REPORT)?)?;
    let missing_notes = creation::missing_notes(&inputs)?;
    creation.attachments.push(facts);

    let count = |s: Status| assessment.items().filter(|i| i.status == s).count();
    let mut summary = vec![format!(
        "{from}—{to}年{}；统计可评 {} 分，待佐证 {} 分{}",
        assessment.headline(),
        numfmt::points(assessment.points() - assessment.evidence_points() - assessment.missing_points()),
        numfmt::points(assessment.evidence_points()),
        [
            ("缺报年度暂不评分", assessment.missing_points() - assessment.checking_points()),
            ("数据待核实暂不评分", assessment.checking_points())
        ]
        .iter()
        .filter(|(_, v)| *v >= 0.005)
        .map(|(what, v)| format!("，{what} {} 分", numfmt::points(*v)))
        .collect::<String>()
    )];
    summary.extend([assessment.bonus_line(), assessment.veto_line()].into_iter().flatten());
    for s in &assessment.standards {
        summary.push(format!(
            "  {}. {}：{} / {} 分",
            s.standard.number,
            s.standard.name,
            numfmt::points(s.earned()),
            numfmt::points(s.standard.points)
        ));
    }
    summary.push(format!(
        "达标 {} 项，部分得分 {} 项，未达标 {} 项，数据不全 {} 项，暂不评分 {} 项，待佐证 {} 项",
        count(Status::Met),
        count(Status::Partial),
        count(Status::Unmet),
        count(Status::AtRisk),
        count(Status::Pending),
        count(Status::NeedsEvidence)
    ));
    Ok(Dossier {
        stem: super::file_stem(&ws.region, from, to),
        document: doc,
        workbook,
        creation_stem: creation::file_stem(&ws.region, from, to),
        creation,
        summary,
        missing_years: assessment.missing_years.clone(),
        missing_notes,
    })
}
