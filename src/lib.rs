//! shuangyong (双拥): turns the statistics that a district's member units return in
//! Excel workbooks into a checked fact table, district totals, ad-hoc SQL answers, and
//! the documents an office hands in: the annual report (PDF and Word), the assessment
//! dossier and its 创建工作汇报 draft.
//!
//! # The map
//! Data flows one way, one module per stage, each third-party crate in one stage:
//! 1. [`form`]: the intake form's contract (sheet names, labels, header texts), shared by
//!    [`blank`] (the blank workbooks that start the cycle) and [`intake`].
//! 2. [`intake`]: each returned workbook read once (calamine) into raw cells with their
//!    addresses.
//! 3. [`validate`]: every value parsed and checked against the [`catalog`] and the
//!    [`workspace`]'s roster: [`validate::Fact`]s and [`diag::Diagnostic`]s, per year.
//! 4. [`aggregate`]: the `facts`, `indicators` and `totals` tables (polars), with
//!    like-with-like year-over-year change; [`dataset`] holds them with the `units` and
//!    `highlights` tables and the checked returns, built once per command and read by
//!    every stage below; [`query`] answers SQL over its tables and [`export`] writes them
//!    as Parquet or CSV.
//! 5. [`chart`]: charts drawn with plotters into vector drawings.
//! 6. [`report`]: the report template (`templates/annual-report.md`) filled from the
//!    tables into a [`typeset::Document`] by the [`template`] engine (Markdown and
//!    minijinja), which also holds every bundled file a workspace may replace
//!    ([`template::defaults`]); the summary workbook.
//! 7. [`typeset`]: that document laid out after GB/T 9704 with CJK fonts into a PDF/A-3b
//!    file carrying the facts it was made from and, on request, an OFD (GB/T 33190) of
//!    the same pages; [`docx`]: the same document as a Word file. Both ZIP containers
//!    (`.docx`, `.ofd`) are written by [`package`].
//!
//! [`assess`] scores a creation cycle against the 双拥模范城（县） criteria and writes the
//! dossier and the 汇报 draft through the same document model; [`feedback`] writes each
//! unit's marked-up copy and the 催报 list. Shared vocabulary: [`numfmt`] (one number
//! formatter per purpose), [`output`] (safe file names, atomic writes), [`files`] (the
//! office's own files read within bounds), [`foreign`] (the OS's and the engines'
//! English said in Chinese), [`formula`], [`date`] (the one clock and
//! calendar), [`xml`] (the one XML escaper), [`xlsx`] (the one workbook set-up) and the one
//! panic hook (`contain`).
//! [`cli`] resolves each command once into a job and runs it.

pub mod aggregate;
pub mod assess;
pub mod blank;
pub mod catalog;
pub mod chart;
pub mod cli;
mod contain;
pub mod dataset;
pub mod date;
pub mod diag;
pub mod docx;
pub mod export;
pub mod feedback;
pub mod files;
pub mod foreign;
pub mod form;
pub mod formula;
pub mod intake;
pub mod numfmt;
pub mod output;
pub mod package;
pub mod query;
pub mod report;
pub mod roster;
pub mod suggest;
pub mod template;
pub mod typeset;
pub mod validate;
pub mod workspace;
pub mod xlsx;
pub mod xml;
