//! The floor under intake: every cell of every sheet of every workbook under DIR read
//! with calamine and nothing else, against `intake::read_workbook` over the same files,
//! both on all cores, in the same run, best of three each.
//!
//!     cargo run --release --example bench_intake -- DIR
//!
//! Intake does more than the floor by design (formulas alongside values, the labels
//! and header found, the guard's checks), so the ratio says what that costs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Reader};
use rayon::prelude::*;
use shuangyong::intake;

fn workbooks(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            workbooks(&path, out);
        } else if path.extension().is_some_and(|e| e == "xlsx") {
            out.push(path);
        }
    }
}

/// Cells read, with calamine's own dense ranges: the least a reader of these files does.
fn bare(path: &Path) -> usize {
    let mut book = open_workbook_auto(path).expect("a workbook");
    book.sheet_names().iter().map(|name| book.worksheet_range(name).map(|r| r.used_cells().count()).unwrap_or(0)).sum()
}

fn best_of_three(f: impl Fn() -> usize) -> (Duration, usize) {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let n = f();
            (start.elapsed(), n)
        })
        .min()
        .expect("three runs")
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: bench_intake DIR"));
    let mut paths = Vec::new();
    workbooks(&dir, &mut paths);
    paths.sort();
    let (floor, cells) = best_of_three(|| paths.par_iter().map(|p| bare(p)).sum());
    let (read, rows) = best_of_three(|| {
        paths.par_iter().map(|p| intake::read_workbook(p, "x").map(|wb| wb.rows.len()).unwrap_or(0)).sum()
    });
    println!("{} workbooks, {cells} cells, {rows} indicator rows", paths.len());
    println!("bare calamine read   {:6.2} s", floor.as_secs_f64());
    println!("intake               {:6.2} s", read.as_secs_f64());
    println!("intake / floor       {:6.2}×", read.as_secs_f64() / floor.as_secs_f64());
}
