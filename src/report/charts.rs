//! The fenced ```` ```chart ```` blocks, handed to the chart module.

use super::tables::BlockError;
use super::Inputs;
use crate::chart::{self, ChartError, ChartSpec};
use crate::typeset::{Block, Figure};

/// What a chart block became.
pub(crate) enum Drawn {
    Figure(Figure, ChartSpec),
    /// Nothing to draw this year (no unit reported the indicator): a note says so instead
    /// of failing the build over the data.
    Note(Block, ChartSpec),
}

pub(crate) fn figure(src: &str, inputs: &Inputs) -> Result<Drawn, BlockError> {
    let spec = ChartSpec::parse(src).map_err(block_error)?;
    match chart::draw(&spec, inputs.tables, &inputs.ws.catalog, inputs.year) {
        Ok(drawing) => Ok(Drawn::Figure(Figure { caption: spec.title.clone(), drawing }, spec)),
        Err(e @ ChartError::NoData { .. }) => Ok(Drawn::Note(Block::Note(format!("（{e}，未绘制。）")), spec)),
        Err(e) => Err(block_error(e)),
    }
}

fn block_error(e: ChartError) -> BlockError {
    match e {
        ChartError::Syntax { line, message } => BlockError { line: Some(line), message },
        e => BlockError { line: None, message: e.to_string() },
    }
}
