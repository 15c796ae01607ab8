//! Export: the query tables of the [`DataSet`] as files that DuckDB, Spark and pandas
//! read, one file per table, every row carrying the workspace's `region`. A city or a
//! province stacks its districts' exports by reading `*/facts.parquet` as one table,
//! which is why the region is a column and not only a folder name.
//!
//! The bytes depend only on the tables: Parquet files carry no write time, and rows
//! keep the order [`crate::aggregate`] gives them.

use std::path::{Path, PathBuf};

use polars::prelude::{Column, DataFrame, PolarsError};
use polars_io::prelude::{CsvWriter, ParquetCompression, ParquetWriter, SerWriter};

use crate::dataset::DataSet;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("无法生成 {file}：{source}")]
    Encode { file: String, source: PolarsError },
    #[error("无法写入 {}：{}", path.display(), crate::foreign::io(.source))]
    Write { path: PathBuf, source: std::io::Error },
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Typed columns, compressed (zstd): what DuckDB and Spark read fastest.
    Parquet,
    /// UTF-8 without a byte-order mark, a header row, `\n` line ends.
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
        }
    }
}

/// One file written.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub table: &'static str,
    pub path: PathBuf,
    pub rows: usize,
}

/// The data set's query tables by name, each with `region` as its first column.
pub fn frames(region: &str, data: &DataSet) -> Result<Vec<(&'static str, DataFrame)>, ExportError> {
    data.query_tables()
        .into_iter()
        .map(|(name, df)| {
            let mut df = df.clone();
            let region = Column::new("region".into(), vec![region; df.height()]);
            df.insert_column(0, region).map_err(|source| ExportError::Encode { file: name.into(), source })?;
            Ok((name, df))
        })
        .collect()
}

/// Writes every table of [`frames`] as `<table>.<format>` in `dir` (created if needed),
/// each file whole or not at all.
pub fn write(region: &str, data: &DataSet, dir: &Path, format: Format) -> Result<Vec<Exported>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Write { path: dir.to_path_buf(), source })?;
    let mut written = Vec::new();
    for (table, mut df) in frames(region, data)? {
        let file = format!("{table}.{}", format.extension());
        let bytes = encode(&mut df, format).map_err(|source| ExportError::Encode { file: file.clone(), source })?;
        let path = dir.join(&file);
        crate::output::write_atomic(&path, &bytes)
            .map_err(|source| ExportError::Write { path: path.clone(), source })?;
        written.push(Exported { table, path, rows: df.height() });
    }
    Ok(written)
}

fn encode(df: &mut DataFrame, format: Format) -> Result<Vec<u8>, PolarsError> {
    let mut bytes = Vec::new();
    match format {
        Format::Parquet => {
            ParquetWriter::new(&mut bytes).with_compression(ParquetCompression::Zstd(None)).finish(df)?;
        }
        Format::Csv => CsvWriter::new(&mut bytes).include_header(true).finish(&mut csv_safe(df)?)?,
    }
    Ok(bytes)
}

/// The frame with every text cell as [`crate::query::csv_text`] writes it, as `query
/// --format csv` does: no unit's text opens as a formula.
fn csv_safe(df: &DataFrame) -> Result<DataFrame, PolarsError> {
    let columns = df
        .columns()
        .iter()
        .map(|c| {
            let Ok(text) = c.str() else { return Ok(c.clone()) };
            let safe: Vec<Option<String>> =
                text.iter().map(|t| t.map(|t| crate::query::csv_text(t).into_owned())).collect();
            Ok(Column::new(c.name().clone(), safe))
        })
        .collect::<Result<Vec<Column>, PolarsError>>()?;
    DataFrame::new(df.height(), columns)
}

#[cfg(test)]
mod tests {
    use polars_io::prelude::{ParquetReader, SerReader};

    use super::*;
    use crate::aggregate::tests::{fact, BUREAU};
    use crate::dataset::tests::data_set;

    /// Three facts; the roster of 2024 having returned but 甲街道.
    fn sample() -> DataSet {
        let facts = vec![
            fact(2024, BUREAU, "YF01", 2152.0),
            fact(2024, "甲街道", "ZZ01", 2.0),
            fact(2023, "甲街道", "ZZ01", 1.0),
        ];
        data_set(facts, "甲街道", Vec::new())
    }

    fn names(df: &DataFrame) -> Vec<String> {
        df.get_column_names().iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn every_table_leads_with_the_region() {
        let t = sample();
        let frames = frames("示例区", &t).unwrap();
        let tables: Vec<&str> = frames.iter().map(|(n, _)| *n).collect();
        assert_eq!(tables, ["facts", "totals", "indicators", "highlights", "units"]);
        for (name, df) in &frames {
            assert_eq!(names(df)[0], "region", "{name}");
            let column = df.column("region").unwrap().as_materialized_series().str().unwrap().clone();
            assert!(column.iter().all(|r| r == Some("示例区")), "{name}");
        }
        assert_eq!(frames[0].1.height(), 3);
        assert_eq!(names(&frames[0].1)[1..], names(&t.tables.facts)[..]);
    }

    #[test]
    fn highlights_has_the_contracts_columns_before_any_row_is_read() {
        let frames = frames("示例区", &sample()).unwrap();
        let (_, highlights) = &frames[3];
        assert_eq!(
            names(highlights),
            ["region", "year", "unit", "unit_type", "category", "title", "text", "public", "file", "sheet", "cell"]
        );
        assert_eq!(highlights.height(), 0);
    }

    #[test]
    fn parquet_reads_back_as_written_and_the_same_bytes_every_time() {
        let t = sample();
        let (dir1, dir2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = write("示例区", &t, dir1.path(), Format::Parquet).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        write("示例区", &t, dir2.path(), Format::Parquet).unwrap();
        for (e, (_, expected)) in first.iter().zip(frames("示例区", &t).unwrap()) {
            let bytes = std::fs::read(&e.path).unwrap();
            assert_eq!(bytes, std::fs::read(dir2.path().join(e.path.file_name().unwrap())).unwrap(), "{}", e.table);
            let back = ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap();
            assert!(back.equals_missing(&expected), "{}: {back} vs {expected}", e.table);
            assert_eq!(e.rows, expected.height());
        }
    }

    #[test]
    fn csv_has_a_header_and_one_line_a_row() {
        let dir = tempfile::tempdir().unwrap();
        let written = write("示例区", &sample(), dir.path(), Format::Csv).unwrap();
        assert_eq!(written[1].path, dir.path().join("totals.csv"));
        let text = std::fs::read_to_string(&written[1].path).unwrap();
        assert_eq!(text, "region,year,code,value,approximate\n示例区,2023,ZZ01,1.0,false\n示例区,2024,ZZ01,2.0,false\n示例区,2024,YF01,2152.0,false\n");
        assert_eq!(std::fs::read_to_string(dir.path().join("highlights.csv")).unwrap().lines().count(), 1);
        let units = std::fs::read_to_string(&written[4].path).unwrap();
        assert_eq!(
            units.lines().take(3).collect::<Vec<_>>(),
            [
                "region,year,unit,unit_type,authoritative,submitted,file",
                "示例区,2024,区退役军人事务局,部门,true,true,区退役军人事务局.xlsx",
                "示例区,2024,甲街道,街道镇,false,false,",
            ]
        );
    }
}
