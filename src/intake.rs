//! Intake: reads a returned workbook (`.xlsx`, `.xls`, `.ods`) with calamine, finds the
//! 填报表 sheet, its labels and header by their text, and hands back raw rows with the
//! A1 cell of every value. Nothing is interpreted here beyond locating things.
