//! The report's fenced blocks: tables ([`super::tables`]) and charts ([`super::charts`])
//! of the year's figures, for the template engine ([`crate::template`]).

use super::audience::Audience;
use super::charts::Drawn;
use super::figures::Figures;
use super::Inputs;
use crate::chart::ChartSpec;
use crate::template::{BlockError, Fenced, Fences};

/// The report's blocks: tables and charts of the year's figures.
pub(crate) struct ReportFences<'a, 'b> {
    pub inputs: &'b Inputs<'a>,
    pub audience: &'b Audience,
    pub figures: &'b Figures,
    /// The charts drawn, in order.
    pub charts: Vec<ChartSpec>,
}

impl Fences for ReportFences<'_, '_> {
    fn block(&mut self, kind: &str, text: &str) -> Result<Fenced, BlockError> {
        if kind == "table" {
            return Ok(match super::tables::table(text, self.inputs, self.audience, self.figures)? {
                Some((table, Some(note))) => Fenced::Annotated(table, note),
                Some((table, None)) => Fenced::Table(table),
                None => Fenced::Omitted(None),
            });
        }
        Ok(match super::charts::figure(text, self.inputs, self.audience)? {
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
}
