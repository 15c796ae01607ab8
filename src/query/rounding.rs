//! Rounding as DuckDB rounds. polars' SQL rounds half to even (`round(2.5)` is 2) and
//! casts a fraction to an integer by cutting it off (`CAST(36.99 AS INTEGER)` is 36),
//! where DuckDB, and the office's spreadsheet, give 3 and 37: an answer that differs
//! without a word. Before the engine runs a statement, each `round` and each cast to an
//! integer type is written as an expression polars computes the DuckDB way.
//!
//! DuckDB rounds a DOUBLE (every figure in the tables) half away from zero in `round`,
//! `std::round(x * 10^p) / 10^p`, but casts it to an integer half to even; a constant
//! such as `2.5` is a DECIMAL to DuckDB, which both round half away from zero.

use std::borrow::Cow;
use std::ops::ControlFlow;

use sqlparser::ast::{visit_expressions, visit_expressions_mut, Expr, FunctionArg, FunctionArgExpr, FunctionArguments};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::{Parser, ParserOptions};

/// `sql` with its rounding spelled out for polars; as given when there is nothing to
/// change or the parser cannot read it (the engine then answers with its message).
/// `Err` is a refusal in Chinese: a rounding this cannot write the DuckDB way.
pub(super) fn as_duckdb(sql: &str) -> Result<Cow<'_, str>, String> {
    let parsed = Parser::new(&GenericDialect)
        .with_options(ParserOptions { trailing_commas: true, ..Default::default() })
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_statements());
    let Ok(mut statements) = parsed else { return Ok(sql.into()) };
    let mut changed = false;
    let outcome = visit_expressions_mut(&mut statements, |expr| {
        match rewritten(expr) {
            Ok(Some(new)) => {
                *expr = new;
                changed = true;
            }
            Ok(None) => {}
            Err(refusal) => return ControlFlow::Break(refusal),
        }
        ControlFlow::Continue(())
    });
    if let ControlFlow::Break(refusal) = outcome {
        return Err(refusal);
    }
    if !changed {
        return Ok(sql.into());
    }
    Ok(statements.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ").into())
}

/// The DuckDB way of `expr`, when it rounds.
fn rewritten(expr: &Expr) -> Result<Option<Expr>, String> {
    match expr {
        Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("round") && f.over.is_none() => {
            let FunctionArguments::List(list) = &f.args else { return Ok(None) };
            let args: Vec<&Expr> = list
                .args
                .iter()
                .filter_map(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                    _ => None,
                })
                .collect();
            let (x, places) = match args[..] {
                [x] => (x, 0),
                [x, p] => match p.to_string().replace(' ', "").parse::<i32>() {
                    Ok(places) if places.abs() <= 15 => (x, places),
                    _ => {
                        return Err(format!(
                        "round 的第二个参数（保留的小数位数）只能写 -15 到 15 的整数，如 round(value, 2)，这里是“{p}”"
                    ))
                    }
                },
                _ => return Ok(None),
            };
            Ok(Some(half_away(x, places)))
        }
        Expr::Cast { expr: x, data_type, .. } if is_integer(&data_type.to_string()) => {
            if is_whole(x) {
                return Ok(None);
            }
            // The cast itself stays: it gives the column its integer type.
            let inner = if constant(x) { half_away(x, 0) } else { parse(&format!("round({x})")) };
            let mut cast = expr.clone();
            if let Expr::Cast { expr: e, .. } = &mut cast {
                **e = inner;
            }
            Ok(Some(cast))
        }
        _ => Ok(None),
    }
}

/// `round(x, places)` as DuckDB rounds a DOUBLE: the number the double really holds,
/// ties away from zero. `7.05` holds 7.04999…, which DuckDB rounds to 7.0 although
/// `7.05 * 10` comes out as exactly 70.5; so the product's rounding error is computed
/// exactly (Dekker's product, plain double arithmetic) and decides a tie.
fn half_away(x: &Expr, places: i32) -> Expr {
    let a = format!("abs({x})");
    let text = match places {
        0 => format!("sign({x}) * FLOOR({a} + 0.5)"),
        p if p < 0 => {
            let m = 10f64.powi(-p);
            format!("sign({x}) * FLOOR({a} / {m:?} + 0.5) * {m:?}")
        }
        p => {
            let m = 10f64.powi(p);
            let (mh, ml) = split(m);
            let product = format!("({a} * {m:?})");
            let c = format!("({SPLITTER:?} * {a})");
            let ah = format!("({c} - ({c} - {a}))");
            let al = format!("({a} - {ah})");
            let error = format!("((({ah} * {mh:?} - {product}) + {ah} * {ml:?} + {al} * {mh:?}) + {al} * {ml:?})");
            format!(
                "sign({x}) * (FLOOR({product} + 0.5) - CASE WHEN {product} - FLOOR({product}) = 0.5 AND {error} < 0 THEN 1 ELSE 0 END) / {m:?}"
            )
        }
    };
    parse(&format!("({text})"))
}

/// 2^27 + 1: splits a double into two halves whose products are exact (Veltkamp).
const SPLITTER: f64 = 134_217_729.0;

fn split(v: f64) -> (f64, f64) {
    let c = SPLITTER * v;
    let high = c - (c - v);
    (high, v - high)
}

fn parse(text: &str) -> Expr {
    Parser::new(&GenericDialect)
        .try_with_sql(text)
        .and_then(|mut p| p.parse_expr())
        .expect("the rounding expressions written here parse")
}

/// The integer types a cast may name (`INT`, `BIGINT`, `INT8` …).
fn is_integer(data_type: &str) -> bool {
    let t = data_type.to_ascii_uppercase();
    let t = t.trim_end_matches(" UNSIGNED");
    matches!(
        t,
        "INT"
            | "INTEGER"
            | "BIGINT"
            | "SMALLINT"
            | "TINYINT"
            | "HUGEINT"
            | "INT2"
            | "INT4"
            | "INT8"
            | "INT16"
            | "INT32"
            | "INT64"
            | "INT128"
            | "UBIGINT"
            | "UINTEGER"
            | "USMALLINT"
            | "UTINYINT"
            | "LONG"
            | "SHORT"
    )
}

/// A number written without a fraction, which no rounding changes.
fn is_whole(x: &Expr) -> bool {
    matches!(x, Expr::Value(_)) && x.to_string().parse::<i64>().is_ok()
}

/// An expression of constants only (no column), which DuckDB computes as a DECIMAL.
fn constant(x: &Expr) -> bool {
    visit_expressions(x, |e| match e {
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) | Expr::Function(_) | Expr::Subquery(_) => {
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    })
    .is_continue()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_and_integer_casts_are_written_out() {
        assert_eq!(as_duckdb("SELECT unit FROM facts").unwrap(), "SELECT unit FROM facts");
        let r = as_duckdb("SELECT round(value, 1) AS r FROM facts").unwrap();
        assert!(r.starts_with("SELECT (sign(value) * (FLOOR((abs(value) * 10.0) + 0.5) - CASE WHEN"), "{r}");
        assert!(r.ends_with("< 0 THEN 1 ELSE 0 END) / 10.0) AS r FROM facts"), "{r}");
        let r = as_duckdb("SELECT round(sum(value), -2) FROM facts").unwrap();
        assert!(r.contains("FLOOR(abs(sum(value)) / 100.0 + 0.5) * 100.0"), "{r}");
        let r = as_duckdb("SELECT CAST(value AS INTEGER), value::BIGINT FROM facts").unwrap();
        assert_eq!(r, "SELECT CAST(round(value) AS INTEGER), round(value)::BIGINT FROM facts");
        let r = as_duckdb("SELECT CAST(2.5 AS INT), CAST(3 AS INT), CAST(value AS VARCHAR) FROM facts").unwrap();
        assert!(
            r.starts_with(
                "SELECT CAST((sign(2.5) * FLOOR(abs(2.5) + 0.5)) AS INT), CAST(3 AS INT), CAST(value AS VARCHAR)"
            ),
            "{r}"
        );
        // In WHERE and subqueries too.
        let r = as_duckdb("SELECT * FROM (SELECT unit FROM facts WHERE round(value) = 3) t").unwrap();
        assert!(r.contains("WHERE (sign(value)"), "{r}");
        assert!(as_duckdb("SELECT round(value, code) FROM facts").unwrap_err().contains("只能写 -15 到 15 的整数"));
        assert_eq!(as_duckdb("not sql").unwrap(), "not sql");
    }
}
