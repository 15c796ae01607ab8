//! Statements read before the engine runs them (sqlparser, the parser polars' SQL uses):
//! join conditions whose answers polars gets wrong are refused with the way to write
//! them instead, and joins that would multiply tables past what memory holds are
//! refused before they start.
//!
//! polars turns `ON a.x = b.x` into join keys, but a constant or a range in `ON`
//! (`AND b.year = 2023`) silently changes the answer: a LEFT JOIN loses every match and
//! an inner join returns nothing. Only equalities between a column of each side are
//! let through; `tests/query.rs` holds the engine to DuckDB on everything else.

use std::collections::HashMap;
use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr, JoinConstraint, JoinOperator, Query, Select, SetExpr, TableFactor, Visit, Visitor,
};
use sqlparser::dialect::GenericDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

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

/// The sizes the estimate needs: rows of each table by name, distinct values of a column
/// by name (the fewest over the tables that have it), and the memory to stay within.
pub(super) struct Budget<'a> {
    pub rows: &'a dyn Fn(&str) -> Option<u64>,
    pub distinct: &'a dyn Fn(&str) -> Option<u64>,
    pub largest: u64,
    pub bytes: u64,
}

/// The most operators and conditions (`+`, `=`, `AND`, `OR` …) a statement may hold. Each
/// nests the statement one level deeper: 3 000 `OR`s took polars 37 s and 2.8 GB, and
/// 5 000 `+`s overflowed the stack (an abort, not a message). An office's query has tens.
const MOST_OPERATORS: usize = 500;

/// Checks every SELECT of `sql`, subqueries and CTEs included. A statement the parser
/// cannot read passes: the engine refuses it with its own message.
pub(super) fn vet(sql: &str, budget: &Budget) -> Result<(), Refusal> {
    // Counted on the tokens, before any walk of the parsed statement could overflow.
    let operators = operators(sql);
    if operators > MOST_OPERATORS {
        return Err(Refusal::Construct(format!(
            "这条语句有 {operators} 个运算符和条件（AND、OR、=、+ 等），超过 {MOST_OPERATORS} 个的上限，已拒绝执行：\
             同一列的多个取值请用 IN 列出，如 WHERE code IN ('YF01', 'YF02')"
        )));
    }
    let Ok(statements) = Parser::parse_sql(&GenericDialect, sql) else { return Ok(()) };
    let mut check = Check { budget, ctes: HashMap::new() };
    match statements.visit(&mut check) {
        ControlFlow::Break(refusal) => Err(refusal),
        ControlFlow::Continue(()) => Ok(()),
    }
}

struct Check<'a, 'b> {
    budget: &'a Budget<'b>,
    /// The estimated rows of each WITH table met so far, by lower-case name.
    ctes: HashMap<String, u64>,
}

impl Visitor for Check<'_, '_> {
    type Break = Refusal;

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<Refusal> {
        for cte in query.with.iter().flat_map(|w| &w.cte_tables) {
            let rows = self.query_rows(&cte.query);
            self.ctes.insert(cte.alias.name.value.to_lowercase(), rows);
        }
        ControlFlow::Continue(())
    }

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
        let (rows, keyless) = self.estimate(select);
        if rows.saturating_mul(BYTES_PER_ROW) <= self.budget.bytes {
            return ControlFlow::Continue(());
        }
        let why = if keyless {
            "没有把两表对应起来的相等条件"
        } else {
            "所用的列取值很少（如 year 只有几个年度），每一行与对方的许多行相配"
        };
        ControlFlow::Break(Refusal::TooLarge(format!(
            "这条查询的连接（JOIN）{why}，结果约有 {rows} 行，超出本机内存所能容纳的范围，已拒绝执行：\
             请在 ON 中写明对应的列（如 ON a.unit = b.unit AND a.code = b.code），或先用 WHERE 缩小范围"
        )))
    }
}

/// The operators and logical connectives of `sql`, read from its tokens; none when it
/// cannot be read (the engine then says why).
fn operators(sql: &str) -> usize {
    let Ok(tokens) = Tokenizer::new(&GenericDialect, sql).tokenize() else { return 0 };
    tokens
        .iter()
        .filter(|t| match t {
            Token::Word(w) => matches!(w.keyword, Keyword::AND | Keyword::OR),
            other => matches!(
                other,
                Token::Plus
                    | Token::Minus
                    | Token::Mul
                    | Token::Div
                    | Token::Mod
                    | Token::StringConcat
                    | Token::Eq
                    | Token::DoubleEq
                    | Token::Neq
                    | Token::Lt
                    | Token::Gt
                    | Token::LtEq
                    | Token::GtEq
            ),
        })
        .count()
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
    /// The rows a SELECT's joins make, and whether some relations are joined without a
    /// key. A keyed join is taken as making |A|·|B| / d rows, d the most distinct values
    /// among its key columns (a join on year alone pairs each row with a quarter of the
    /// other table); a join with no key, |A|·|B|.
    fn estimate(&self, select: &Select) -> (u64, bool) {
        let mut keyless = false;
        let mut product: u64 = 1;
        let comma_keys: Vec<&Expr> = select
            .selection
            .as_ref()
            .map_or_else(Vec::new, |w| conjuncts(w).into_iter().filter(|c| is_key(c)).collect());
        for (i, from) in select.from.iter().enumerate() {
            let mut group = self.rows_of(&from.relation);
            for join in &from.joins {
                let right = self.rows_of(&join.relation);
                group = match join_constraint(&join.join_operator) {
                    Some(JoinConstraint::On(on)) => {
                        self.joined(group, right, conjuncts(on).into_iter().filter_map(key_name))
                    }
                    Some(JoinConstraint::Using(columns)) => self.joined(
                        group,
                        right,
                        columns.iter().filter_map(|c| c.0.last()?.as_ident()).map(|i| i.value.as_str()),
                    ),
                    Some(JoinConstraint::Natural) => group.max(right),
                    _ => {
                        keyless = true;
                        group.saturating_mul(right)
                    }
                };
            }
            // `FROM a, b WHERE a.x = b.x` is keyed by its WHERE.
            product = if i == 0 {
                group
            } else if comma_keys.len() < i {
                keyless = true;
                product.saturating_mul(group)
            } else {
                self.joined(product, group, comma_keys.iter().copied().filter_map(key_name))
            };
        }
        (product, keyless)
    }

    /// The rows of joining `left` and `right` rows on the columns `keys`.
    fn joined<'k>(&self, left: u64, right: u64, keys: impl Iterator<Item = &'k str>) -> u64 {
        match keys.filter_map(|k| (self.budget.distinct)(&k.to_lowercase())).max() {
            Some(distinct) => left.saturating_mul(right) / distinct.max(1),
            // Columns made by the statement itself: taken as a key each row has once.
            None => left.max(right),
        }
    }

    /// The rows a FROM item brings: a table's, a WITH table's or a subquery's estimate.
    fn rows_of(&self, t: &TableFactor) -> u64 {
        match t {
            TableFactor::Table { name, .. } => {
                let name = name.to_string().to_lowercase();
                self.ctes.get(&name).copied().or_else(|| (self.budget.rows)(&name)).unwrap_or(self.budget.largest)
            }
            TableFactor::Derived { subquery, .. } => self.query_rows(subquery),
            _ => self.budget.largest,
        }
    }

    fn query_rows(&self, query: &Query) -> u64 {
        self.body_rows(&query.body)
    }

    fn body_rows(&self, body: &SetExpr) -> u64 {
        match body {
            SetExpr::Select(select) => self.estimate(select).0,
            SetExpr::Query(query) => self.query_rows(query),
            SetExpr::SetOperation { left, right, .. } => self.body_rows(left).saturating_add(self.body_rows(right)),
            _ => self.budget.largest,
        }
    }
}

/// The column a key equality joins on (`a.year = b.year` → year).
fn key_name(e: &Expr) -> Option<&str> {
    let Expr::BinaryOp { left, op: BinaryOperator::Eq, .. } = e else { return None };
    let mut left = left.as_ref();
    while let Expr::Nested(inner) = left {
        left = inner;
    }
    match left {
        Expr::Identifier(id) => Some(id.value.as_str()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|id| id.value.as_str()),
        _ => None,
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
        let distinct = |column: &str| match column {
            "year" => Some(4),
            "unit" => Some(25),
            "code" => Some(90),
            _ => None,
        };
        vet(sql, &Budget { rows: &rows, distinct: &distinct, largest: 1000, bytes })
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
        // Keyed, but on a column of four values: 1000 · 1000 / 4 · 1000 / 4 rows.
        let few = "SELECT * FROM facts a JOIN facts b ON a.year = b.year JOIN facts c ON b.year = c.year";
        assert!(matches!(vet_with(few, budget), Err(Refusal::TooLarge(m)) if m.contains("62500000 行")));
        for sql in [
            "WITH x AS (SELECT a.year FROM facts a JOIN facts b ON a.year = b.year) SELECT * FROM x JOIN facts c USING (year)",
            "SELECT * FROM (SELECT a.year FROM facts a, facts b WHERE a.year = b.year) x JOIN facts c ON x.year = c.year",
        ] {
            assert!(matches!(vet_with(sql, budget), Err(Refusal::TooLarge(_))), "{sql}");
        }
        assert_eq!(
            vet_with("SELECT * FROM facts a JOIN facts b ON a.year = b.year AND a.unit = b.unit AND a.code = b.code JOIN facts c ON b.year = c.year AND b.code = c.code", budget),
            Ok(())
        );
    }
}
