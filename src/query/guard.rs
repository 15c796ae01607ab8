//! Statements read before the engine runs them (sqlparser, the parser polars' SQL uses):
//! join conditions whose answers polars gets wrong are refused with the way to write
//! them instead, and joins that would multiply tables past what memory holds are
//! refused before they start.
//!
//! polars turns `ON a.x = b.x` into join keys, but a constant or a range in `ON`
//! (`AND b.year = 2023`) silently changes the answer: a LEFT JOIN loses every match and
//! an inner join returns nothing. Only equalities between a column of each side are
//! let through; `tests/query.rs` holds the engine to DuckDB on everything else.

use std::ops::ControlFlow;

use sqlparser::ast::{BinaryOperator, Expr, JoinConstraint, JoinOperator, Select, TableFactor, Visit, Visitor};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

/// What a table costs in memory per row, joined: polars copies every column of both
/// sides, strings included (a cross join of the facts with themselves took about 1 KB
/// a row).
const BYTES_PER_ROW: u64 = 1024;

/// Why a statement is not run.
#[derive(Debug, PartialEq)]
pub(super) enum Refusal {
    /// A construct the engine answers wrongly; the message says how to write it.
    Construct(String),
    /// A join whose rows would not fit in memory.
    TooLarge(String),
}

/// The sizes the estimate needs: rows of each table by name, and the memory to stay within.
pub(super) struct Budget<'a> {
    pub rows: &'a dyn Fn(&str) -> Option<u64>,
    pub largest: u64,
    pub bytes: u64,
}

/// Checks every SELECT of `sql`, subqueries and CTEs included. A statement the parser
/// cannot read passes: the engine refuses it with its own message.
pub(super) fn vet(sql: &str, budget: &Budget) -> Result<(), Refusal> {
    let Ok(statements) = Parser::parse_sql(&GenericDialect, sql) else { return Ok(()) };
    let mut check = Check { budget };
    match statements.visit(&mut check) {
        ControlFlow::Break(refusal) => Err(refusal),
        ControlFlow::Continue(()) => Ok(()),
    }
}

struct Check<'a, 'b> {
    budget: &'a Budget<'b>,
}

impl Visitor for Check<'_, '_> {
    type Break = Refusal;

    fn pre_visit_select(&mut self, select: &Select) -> ControlFlow<Refusal> {
        for from in &select.from {
            for join in &from.joins {
                if let Some(condition) = on_condition(&join.join_operator) {
                    if let Some(bad) = conjuncts(condition).into_iter().find(|c| !is_key(c)) {
                        return ControlFlow::Break(Refusal::Construct(advice(
                            bad,
                            &join.join_operator,
                            &join.relation,
                        )));
                    }
                }
            }
        }
        match self.estimate(select) {
            Some(rows) if rows.saturating_mul(BYTES_PER_ROW) > self.budget.bytes => {
                ControlFlow::Break(Refusal::TooLarge(format!(
                    "这条查询的连接（JOIN）没有把两表对应起来的相等条件，结果约有 {rows} 行，超出本机内存所能容纳的范围，已拒绝执行：\
                     请在 ON 中写明对应的列（如 ON a.unit = b.unit AND a.code = b.code），或先用 WHERE 缩小范围"
                )))
            }
            _ => ControlFlow::Continue(()),
        }
    }
}

/// The `ON` condition of a join, if it has one.
fn on_condition(op: &JoinOperator) -> Option<&Expr> {
    match join_constraint(op) {
        Some(JoinConstraint::On(e)) => Some(e),
        _ => None,
    }
}

/// `a AND (b AND c)` → [a, b, c].
fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Nested(inner) => conjuncts(inner),
        Expr::BinaryOp { left, op: BinaryOperator::And, right } => {
            let mut all = conjuncts(left);
            all.extend(conjuncts(right));
            all
        }
        other => vec![other],
    }
}

/// A column reference: `unit`, `b.unit`.
fn column(e: &Expr) -> Option<Option<&str>> {
    match e {
        Expr::Nested(inner) => column(inner),
        Expr::Identifier(_) => Some(None),
        Expr::CompoundIdentifier(parts) if parts.len() >= 2 => Some(Some(parts[parts.len() - 2].value.as_str())),
        _ => None,
    }
}

/// An equality between a column of each side, which polars makes a join key.
fn is_key(e: &Expr) -> bool {
    let Expr::BinaryOp { left, op: BinaryOperator::Eq, right } = e else { return false };
    match (column(left), column(right)) {
        (Some(Some(a)), Some(Some(b))) => !a.eq_ignore_ascii_case(b),
        (Some(_), Some(_)) => true,
        _ => false,
    }
}

/// How to write `bad` so that the engine answers it right.
fn advice(bad: &Expr, op: &JoinOperator, relation: &TableFactor) -> String {
    let outer = matches!(
        op,
        JoinOperator::Left(_)
            | JoinOperator::LeftOuter(_)
            | JoinOperator::Right(_)
            | JoinOperator::RightOuter(_)
            | JoinOperator::FullOuter(_)
    );
    let head = format!(
        "JOIN … ON 中的条件“{bad}”查询引擎会算错（不是两表之间的列相等），已拒绝执行。ON 中只写两表对应列相等的条件，如 ON a.unit = b.unit AND a.code = b.code"
    );
    if outer {
        let (table, alias) = match relation {
            TableFactor::Table { name, alias, .. } => {
                (name.to_string(), alias.as_ref().map_or_else(|| name.to_string(), |a| a.name.value.clone()))
            }
            _ => ("…".to_string(), "b".to_string()),
        };
        format!(
            "{head}；只限定一侧的条件写进该表的子查询，例如 LEFT JOIN (SELECT * FROM {table} WHERE year = 2023) {alias} ON …；\
             两表之间的其他条件（如 b.year = a.year - 1）先在子查询中算出一列（SELECT *, year + 1 AS next_year FROM {table}），再在 ON 中写相等"
        )
    } else {
        format!("{head}；其余条件移到 WHERE 中（内连接的结果相同）")
    }
}

impl Check<'_, '_> {
    /// The rows a SELECT's joins make when some relations are joined without a key:
    /// the product of those relations' sizes (a keyed join is taken as no larger than
    /// its larger side). `None` when every join has a key.
    fn estimate(&self, select: &Select) -> Option<u64> {
        let size = |t: &TableFactor| match t {
            TableFactor::Table { name, .. } => {
                let name = name.to_string().to_lowercase();
                (self.budget.rows)(&name).unwrap_or(self.budget.largest)
            }
            _ => self.budget.largest,
        };
        let mut keyless = false;
        let mut product: u64 = 1;
        let comma_keys =
            select.selection.as_ref().map_or(0, |w| conjuncts(w).into_iter().filter(|c| is_key(c)).count());
        for (i, from) in select.from.iter().enumerate() {
            let mut group = size(&from.relation);
            for join in &from.joins {
                let right = size(&join.relation);
                let keyed = matches!(
                    join_constraint(&join.join_operator),
                    Some(JoinConstraint::On(_) | JoinConstraint::Using(_) | JoinConstraint::Natural)
                );
                if keyed {
                    group = group.max(right);
                } else {
                    keyless = true;
                    group = group.saturating_mul(right);
                }
            }
            // `FROM a, b WHERE a.x = b.x` is keyed by its WHERE.
            if i > 0 && comma_keys < i {
                keyless = true;
                product = product.saturating_mul(group);
            } else {
                product = product.max(group);
            }
        }
        keyless.then_some(product)
    }
}

fn join_constraint(op: &JoinOperator) -> Option<&JoinConstraint> {
    match op {
        JoinOperator::Join(c)
        | JoinOperator::Inner(c)
        | JoinOperator::Left(c)
        | JoinOperator::LeftOuter(c)
        | JoinOperator::Right(c)
        | JoinOperator::RightOuter(c)
        | JoinOperator::FullOuter(c)
        | JoinOperator::CrossJoin(c)
        | JoinOperator::Semi(c)
        | JoinOperator::LeftSemi(c)
        | JoinOperator::RightSemi(c)
        | JoinOperator::Anti(c)
        | JoinOperator::LeftAnti(c)
        | JoinOperator::RightAnti(c)
        | JoinOperator::StraightJoin(c) => Some(c),
        JoinOperator::AsOf { constraint, .. } => Some(constraint),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vet_with(sql: &str, bytes: u64) -> Result<(), Refusal> {
        let rows = |name: &str| (name == "facts").then_some(1000);
        vet(sql, &Budget { rows: &rows, largest: 1000, bytes })
    }

    fn refused(sql: &str) -> String {
        match vet_with(sql, u64::MAX) {
            Err(Refusal::Construct(m)) => m,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn only_keys_between_the_two_sides_pass_in_on() {
        for sql in [
            "SELECT * FROM facts a JOIN facts b ON a.unit = b.unit AND a.code = b.code WHERE b.year = 2023",
            "SELECT * FROM facts a LEFT JOIN (SELECT * FROM facts WHERE year = 2023) b ON (a.unit = b.unit)",
            "SELECT * FROM facts JOIN indicators USING (code)",
            "SELECT * FROM facts f JOIN indicators i ON code = i.code",
            "SELECT 1",
            "not sql at all",
        ] {
            assert_eq!(vet_with(sql, u64::MAX), Ok(()), "{sql}");
        }
        let m = refused("SELECT * FROM facts a LEFT JOIN facts b ON a.unit = b.unit AND b.year = 2023");
        assert!(m.contains("“b.year = 2023”") && m.contains("LEFT JOIN (SELECT * FROM facts WHERE"), "{m}");
        let m = refused("SELECT * FROM facts a JOIN facts b ON a.unit = b.unit AND b.year < a.year");
        assert!(m.contains("“b.year < a.year”") && m.contains("WHERE"), "{m}");
        refused("SELECT * FROM facts a JOIN facts b ON a.unit = b.unit OR a.code = b.code");
        refused("SELECT * FROM facts a JOIN facts b ON a.unit = a.code");
        // In a subquery and a CTE too.
        refused("SELECT * FROM (SELECT a.unit FROM facts a JOIN facts b ON a.unit = b.unit AND b.year = 1) t");
        refused("WITH t AS (SELECT a.unit FROM facts a JOIN facts b ON b.year = 2023) SELECT * FROM t");
    }

    #[test]
    fn keyless_joins_past_memory_are_refused_before_running() {
        let budget = 1000 * 1000 * BYTES_PER_ROW;
        assert_eq!(vet_with("SELECT * FROM facts a CROSS JOIN facts b", budget), Ok(()));
        for sql in [
            "SELECT * FROM facts a CROSS JOIN facts b CROSS JOIN facts c",
            "SELECT * FROM facts a, facts b, facts c",
            "SELECT * FROM facts a, facts b, facts c, facts d WHERE a.unit = b.unit",
            "SELECT * FROM facts a JOIN facts b ON a.unit = b.unit CROSS JOIN facts c CROSS JOIN facts d",
        ] {
            assert!(matches!(vet_with(sql, budget), Err(Refusal::TooLarge(_))), "{sql}");
        }
        assert_eq!(
            vet_with("SELECT * FROM facts a, facts b, facts c WHERE a.unit = b.unit AND b.code = c.code", budget),
            Ok(())
        );
    }
}
