//! The report's fenced blocks: tables ([`super::tables`]) and charts ([`super::charts`])
//! of the year's figures, for the template engine ([`crate::template`]).

use super::audience::Audience;
use super::charts::Drawn;
use super::figures::Figures;
use super::sources::Provenance;
use super::Inputs;
use crate::chart::ChartSpec;
use crate::template::{BlockError, Fenced, Fences};

/// The report's blocks: tables and charts of the year's figures.
pub(crate) struct ReportFences<'a, 'b> {
    pub inputs: &'b Inputs<'a>,
    pub audience: &'b Audience,
    pub figures: &'b Figures,
    /// A draft's notes on where the text's figures come from.
    pub provenance: Option<&'b Provenance>,
    /// The charts drawn, in order.
    pub charts: Vec<ChartSpec>,
}

impl Fences for ReportFences<'_, '_> {
    fn block(&mut self, kind: &str, text: &str) -> Result<Fenced, BlockError> {
        if kind == "table" {
            // The 公文 form's tables are in its 附件, whose last page carries the 版记:
            // no note under them (the 数据质量说明 explains the marks).
            let official = self.inputs.ws.official.is_some();
            return Ok(match super::tables::table(text, self.inputs, self.audience, self.figures, self.provenance)? {
                Some((table, Some(note))) if !official => Fenced::Annotated(table, note),
                Some((table, _)) => Fenced::Table(table),
                None => Fenced::Omitted(None),
            });
        }
        Ok(match super::charts::figure(text, self.inputs, self.audience, self.figures)? {
            Drawn::Figure(figure, spec) => {
                let id = spec.id.clone();
                self.charts.push(spec);
                Fenced::Figure(figure, id)
            }
            Drawn::Note(note, spec) => Fenced::Undrawn(note, spec.id),
            Drawn::Omitted(spec) => Fenced::Omitted(spec.id),
        })
    }

    fn signer(&self) -> (String, String) {
        (self.inputs.ws.office.clone(), self.inputs.date.chinese())
    }

    fn source(&self, id: usize) -> Option<String> {
        self.provenance?.told(id)
    }
}
