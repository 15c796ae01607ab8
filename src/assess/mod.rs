//! The assessment dossier for a 双拥模范城（县） creation cycle: the criteria as data
//! ([`rules`]), the district's figures folded over the cycle ([`cycle`]), each item
//! scored ([`assess`]): its rule evaluated (`evaluation`), put in words (`wording`) and
//! traced to the figures, units and cells that decided it (`provenance`); then the
//! dossier as a typeset document from its template ([`document`]) and a workbook for the
//! office to annotate ([`workbook`]); [`dossier`] makes them all from the data set.
//!
//! Items no statistic can decide are never scored from figures: they are listed with
//! the documents the assessors will ask for.

pub mod creation;
pub mod cycle;
pub mod document;
pub mod dossier;
mod evaluation;
mod provenance;
pub mod rules;
mod score;
mod wording;
pub mod workbook;

pub use cycle::{Cycle, Figure, Gap};
pub use evaluation::{ConditionScore, Finding, Status, Veto};
pub use provenance::{cell_text, Contribution, FigureRow};
pub use rules::{Criteria, RulesError, Source};
pub use score::{assess, Assessment, ItemScore, StandardScore, YearReturns};

use crate::workspace::Workspace;

/// The workspace's own criteria if it names a file, else the bundled ones.
pub fn criteria(ws: &Workspace) -> Result<Criteria, RulesError> {
    match ws.replacement(&crate::template::defaults::ASSESSMENT) {
        Some(path) => Criteria::load(path, &ws.catalog),
        None => Criteria::bundled(&ws.catalog),
    }
}

/// `<region><from>-<to>年双拥模范城创建考评材料`: the stem of the dossier's files.
pub fn file_stem(region: &str, from: i32, to: i32) -> String {
    format!("{region}{from}-{to}年双拥模范城创建考评材料")
}
