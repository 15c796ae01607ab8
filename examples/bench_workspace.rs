//! Writes a large workspace for the benchmarks: a roster of N units (default 1,000) and
//! one returned workbook from each for each of the last YEARS years (default 1) up to
//! the report year. `bench_workspace DIR 4000 4` is a province: 16,000 returns, about a
//! million facts.
//!
//!     cargo run --release --example bench_workspace -- DIR [N] [YEARS]
//!
//! Values are plain numbers with a sprinkling of the forms units type (text, 约200),
//! so that the benchmark exercises the same parsing paths as real returns; they move a
//! little from year to year, as real figures do.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use rayon::prelude::*;
use shuangyong::blank::{file_names, CellInput, Filled, Writer};
use shuangyong::date::DocDate;
use shuangyong::workspace::{UnitType, Workspace};

const YEAR: i32 = 2024;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: bench_workspace DIR [N] [YEARS]")?);
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1000);
    let years: i32 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1);

    let mut toml = format!("region = \"基准区\"\noffice = \"基准区双拥办\"\nyear = {YEAR}\n");
    for i in 0..n {
        let unit_type = UnitType::ALL[i % 3];
        let authoritative = if i == 0 { "authoritative = true\n" } else { "" };
        write!(toml, "\n[[units]]\nname = \"基准单位{i:04}\"\ntype = \"{unit_type}\"\n{authoritative}")?;
    }
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("shuangyong.toml"), toml)?;

    let ws = Workspace::load(&dir)?;
    let writer = Writer::new(&ws)?.created_at(DocDate::from_unix(1_700_000_000));
    for year in YEAR - years + 1..=YEAR {
        let out = ws.submissions_dir(year);
        std::fs::create_dir_all(&out)?;
        let names = file_names(&ws.units, year);
        let drift = (YEAR - year) as usize;
        ws.units.par_iter().zip(&names).enumerate().try_for_each(|(i, (unit, name))| {
            let mut values = BTreeMap::new();
            for (k, ind) in ws.catalog.reported_by(unit.unit_type).enumerate() {
                let v = ((i * 37 + k * 11) % 500 + drift) as f64;
                let input = match (i + k) % 20 {
                    0 => CellInput::Text(format!("{v}{}", ind.unit)),
                    1 => CellInput::Text(format!("约{v}")),
                    _ => CellInput::Number(v),
                };
                values.insert(ind.code.clone(), input);
            }
            let filled = Filled { values, ..Filled::default() };
            writer.write(unit, year, Some(&filled), &out.join(name)).map_err(|e| e.to_string())
        })?;
    }
    println!("{n} units × {years} years of returned workbooks → {}", dir.join("submissions").display());
    Ok(())
}
