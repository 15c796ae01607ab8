//! The PDF: lays out a [`Document`] after GB/T 9704-2012 (党政机关公文格式) with CJK fonts
//! and writes it with printpdf. printpdf is used only here.
//!
//! The [`model`] is what other stages build; [`render`] is the one entry point.

pub mod model;

pub use model::*;
