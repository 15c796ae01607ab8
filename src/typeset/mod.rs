//! The PDF: lays out a [`Document`] after GB/T 9704-2012 (党政机关公文格式) with CJK fonts
//! and writes it with printpdf. printpdf (and its lopdf) is used only here.
//!
//! The [`model`] is what other stages build; [`render`] is the one entry point; a
//! [`FontSet`] says which font draws each [`FontRole`].
//!
//! Page geometry (A4, type area 156 × 225 mm at 37 mm from the top and 28 mm from the
//! left, 22 lines of 28 characters in 3号), headings, page numbers and the signature
//! follow the standard; see [`layout`] for how pages are filled.

mod fonts;
mod layout;
mod linebreak;
pub mod model;
mod pdf;

pub use fonts::{FontSet, OFFICE_FAMILIES};
pub use model::*;

#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    /// A font file cannot be used: unreadable, not a font, or CFF outlines (which the PDF
    /// writer cannot embed). Usually a file in the office's font folder.
    #[error("字体 {path} 无法使用：{reason}")]
    Font { path: String, reason: String },
    /// The document model is inconsistent: a table row with the wrong number of cells, a
    /// heading level outside 1–4. Comes from whoever built the document (the report
    /// template or its data).
    #[error("报告内容第 {block} 块有误：{message}")]
    Invalid { block: usize, message: String },
    /// The PDF library failed to write the file.
    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
}

/// Lays out `doc` and writes it as PDF. Characters that no font has are left out of the
/// PDF and listed in [`Rendered::missing_glyphs`] for the caller to report.
pub fn render(doc: &Document, fonts: &FontSet) -> Result<Rendered, TypesetError> {
    let shaper = fonts::Shaper::new(fonts);
    let laid = layout::lay_out(doc, &shaper)?;
    let pdf = pdf::write(doc, &laid, &shaper)?;
    Ok(Rendered { pdf, pages: laid.pages.len(), missing_glyphs: shaper.into_missing() })
}
