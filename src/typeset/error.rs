//! The typesetter's one error type, in a module of its own so that every stage of the
//! typesetter can return it without importing the module that drives them.

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
    /// The OFD package could not be written.
    #[error("生成 OFD 失败：{0}")]
    Ofd(String),
}
