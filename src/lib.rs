//! shuangyong (双拥): turns the statistics that a district's member units return in
//! Excel workbooks into a checked fact table, district totals, ad-hoc SQL answers and a
//! typeset annual work report.
//!
//! # Steps
//! 1. [`intake`]: read returned workbooks (calamine) into raw rows with their cells.
//! 2. [`validate`]: parse and check every value against the catalogue and roster;
//!    produce [`validate::Fact`]s and [`diag::Diagnostic`]s.
//! 3. [`aggregate`]: the `facts`, `indicators` and `totals` tables (polars), with
//!    year-over-year change.
//! 4. [`query`]: SQL over those tables; [`export`]: the same tables as Parquet or CSV
//!    files for DuckDB and Spark.
//! 5. [`chart`]: charts drawn with plotters into vector drawings: [`chart::draw`],
//!    and as SVG/PNG files: [`chart::export`].
//! 6. [`report`]: the Markdown report template filled from the tables into a
//!    document: [`report::document`]; the summary workbook: [`report::workbook::summary`].
//! 7. [`typeset`]: the PDF, laid out after GB/T 9704 with CJK fonts (printpdf):
//!    [`typeset::render`].
//!
//! [`blank`] writes the blank intake workbooks that start the cycle, laid out as
//! [`form`] spells the intake form that [`intake`] reads back; [`assess`]
//! scores a creation cycle against the 双拥模范城（县） criteria ([`assess::assess`])
//! for the assessment dossier ([`assess::document::document`],
//! [`assess::workbook::workbook`]); [`cli`] is the command line over all of it.

pub mod aggregate;
pub mod assess;
pub mod blank;
pub mod catalog;
pub mod chart;
pub mod cli;
pub mod diag;
pub mod export;
pub mod form;
pub mod formula;
pub mod intake;
pub mod numfmt;
pub mod output;
pub mod query;
pub mod report;
pub mod typeset;
pub mod validate;
pub mod workspace;
