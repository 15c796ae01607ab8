//! The fenced ```` ```chart ```` blocks, handed to the chart module.

use super::figures::Figures;
use super::tables::BlockError;
use super::Inputs;
use crate::typeset::Figure;

pub(crate) fn figure(_src: &str, _inputs: &Inputs, _figures: &Figures) -> Result<Figure, BlockError> {
    Err(BlockError { line: None, message: "图表模块尚未接入".to_string() })
}
