//! The fenced ```` ```chart ```` blocks, handed to the chart module.

use super::audience::Audience;
use super::figures::Figures;
use super::tables::shows_units;
use super::Inputs;
use crate::aggregate::Tables;
use crate::chart::{self, ChartError, ChartKind, ChartSpec};
use crate::template::BlockError;
use crate::typeset::{Block, Figure};

/// What a chart block became.
pub(crate) enum Drawn {
    Figure(Figure, ChartSpec),
    /// Nothing to draw this year (no unit reported the indicator): a note says so instead
    /// of failing the build over the data.
    Note(Block, ChartSpec),
    /// Left out of the public version: a chart of a withheld indicator or of troop
    /// units' own figures.
    Omitted(ChartSpec),
}

pub(crate) fn figure(src: &str, inputs: &Inputs, audience: &Audience, figures: &Figures) -> Result<Drawn, BlockError> {
    let parsed = ChartSpec::parse(src).map_err(block_error)?;
    let Some(spec) = for_audience(&parsed, audience) else { return Ok(Drawn::Omitted(parsed)) };
    match chart::draw(&spec, tables(&spec, inputs, audience), &audience.catalog, inputs.year, figures.held()) {
        Ok(drawing) => Ok(Drawn::Figure(Figure { caption: spec.title.clone(), drawing }, spec)),
        Err(e @ ChartError::NoData { .. }) => Ok(Drawn::Note(Block::Note(format!("（{e}，未绘制。）")), spec)),
        Err(e) => Err(block_error(e)),
    }
}

/// Per-unit bars come from the units this version may show; everything else from the
/// district totals.
fn tables<'t>(spec: &ChartSpec, inputs: &'t Inputs, audience: &'t Audience) -> &'t Tables {
    match spec.kind {
        ChartKind::BarByUnit => audience.unit_tables(&inputs.data.tables),
        _ => &inputs.data.tables,
    }
}

/// The chart as this version may draw it: without the withheld indicators of a list;
/// `None` when nothing it may show is left.
fn for_audience(spec: &ChartSpec, audience: &Audience) -> Option<ChartSpec> {
    if !audience.public {
        return Some(spec.clone());
    }
    let withheld = |code: &String| audience.withheld.contains_key(code);
    if spec.indicator.as_ref().is_some_and(withheld) {
        return None;
    }
    let mut spec = spec.clone();
    if let Some(list) = &mut spec.indicators {
        list.retain(|c| !withheld(c));
        if list.is_empty() {
            return None;
        }
    }
    if spec.kind == ChartKind::BarByUnit {
        let ind = spec.indicator.as_deref().and_then(|c| audience.catalog.get(c));
        if ind.is_some_and(|ind| !shows_units(audience, ind, spec.unit_type().ok().flatten())) {
            return None;
        }
    }
    Some(spec)
}

fn block_error(e: ChartError) -> BlockError {
    match e {
        ChartError::Syntax { line, message } => BlockError { line: Some(line), message },
        e => BlockError { line: None, message: e.to_string() },
    }
}
