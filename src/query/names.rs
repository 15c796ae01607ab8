//! The names of an answer's unnamed columns. polars heads `count(*)` with `len`, `1`
//! with `literal` and `sum(value)` with `value`: its own internal names, which the
//! office cannot read back into the statement. Each unnamed expression of the outermost
//! SELECT is given the name DuckDB gives it (`count_star()`, `1`, `sum("value")`), as an
//! alias added before the engine runs the statement; a column taken as it is keeps its
//! name, and `AS` names a column as the office wants.

use std::borrow::Cow;

use sqlparser::ast::{
    BinaryOperator, DuplicateTreatment, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, ObjectNamePart,
    OrderBy, OrderByKind, SelectItem, SetExpr, Statement, UnaryOperator, Value,
};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::{Parser, ParserOptions};

/// DuckDB's keywords (`SELECT keyword_name FROM duckdb_keywords()`, DuckDB 2.0): DuckDB
/// quotes an identifier that is one of them in the names it makes (`sum("value")`).
const KEYWORDS: &str = include_str!("duckdb_keywords.txt");

/// `sql` with an alias on each unnamed expression of its outermost SELECT; as given when
/// there is none, or when polars' parser (the same sqlparser, read the same way) would
/// not read it, so that the engine's own message answers.
pub(super) fn named(sql: &str) -> Cow<'_, str> {
    let parsed = Parser::new(&GenericDialect)
        .with_options(ParserOptions { trailing_commas: true, ..Default::default() })
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_statements());
    let Ok(mut statements) = parsed else { return sql.into() };
    let [Statement::Query(query)] = &mut statements[..] else { return sql.into() };
    let aliases = name_first_select(&mut query.body);
    if aliases.is_empty() {
        return sql.into();
    }
    // polars reads `ORDER BY sum(value)` over the answer's columns, where the expression
    // now goes by its alias.
    if let Some(OrderBy { kind: OrderByKind::Expressions(order), .. }) = &mut query.order_by {
        for by in order {
            if let Some((_, alias)) = aliases.iter().find(|(expr, _)| *expr == by.expr) {
                by.expr = Expr::Identifier(alias.clone());
            }
        }
    }
    statements[0].to_string().into()
}

/// Names the unnamed expressions of the SELECT that gives a set operation its column
/// names (the leftmost); the expressions named, with their aliases.
fn name_first_select(body: &mut SetExpr) -> Vec<(Expr, Ident)> {
    match body {
        SetExpr::Select(select) => {
            let mut named = Vec::new();
            for item in &mut select.projection {
                if let SelectItem::UnnamedExpr(expr) = item {
                    if !is_column(expr) {
                        let alias = Ident::with_quote('"', duckdb_name(expr));
                        named.push((expr.clone(), alias.clone()));
                        *item = SelectItem::ExprWithAlias { expr: expr.clone(), alias };
                    }
                }
            }
            named
        }
        SetExpr::Query(query) => name_first_select(&mut query.body),
        SetExpr::SetOperation { left, .. } => name_first_select(left),
        _ => Vec::new(),
    }
}

/// A column taken as it is (`unit`, `f.value`, `(value)`): the engine names it after the
/// column, as DuckDB does.
fn is_column(expr: &Expr) -> bool {
    match expr {
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) => true,
        Expr::Nested(inner) => is_column(inner),
        _ => false,
    }
}

/// The name DuckDB gives the column of `expr`: the expression written back in DuckDB's
/// way, identifiers quoted where DuckDB quotes them and every operation in brackets.
/// What is not spelled out here is named by its text.
fn duckdb_name(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(id) => id.value.clone(),
        Expr::CompoundIdentifier(ids) => ids.last().map_or_else(String::new, |id| id.value.clone()),
        Expr::Nested(inner) => duckdb_name(inner),
        other => written(other),
    }
}

/// `expr` inside a name: as [`duckdb_name`], with its identifiers quoted as DuckDB does.
fn written(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(id) => ident(&id.value),
        Expr::CompoundIdentifier(ids) => ids.iter().map(|id| ident(&id.value)).collect::<Vec<_>>().join("."),
        Expr::Nested(inner) => written(inner),
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.clone(),
            Value::SingleQuotedString(s) => format!("'{}'", s.replace('\'', "''")),
            Value::Boolean(b) => b.to_string(),
            Value::Null => "NULL".into(),
            other => other.to_string(),
        },
        Expr::BinaryOp { left, op, right } => {
            let op = match op {
                BinaryOperator::NotEq => "!=".to_string(),
                op => op.to_string(),
            };
            format!("({} {op} {})", written(left), written(right))
        }
        Expr::UnaryOp { op: UnaryOperator::Minus, expr } if matches!(**expr, Expr::Value(_)) => {
            format!("-{}", written(expr))
        }
        Expr::UnaryOp { op: UnaryOperator::Not, expr } => format!("(NOT {})", written(expr)),
        Expr::UnaryOp { op, expr } => format!("({op}({}))", written(expr)),
        Expr::IsNull(e) => format!("({} IS NULL)", written(e)),
        Expr::IsNotNull(e) => format!("({} IS NOT NULL)", written(e)),
        Expr::Between { expr, negated, low, high } => {
            negate(*negated, format!("({} BETWEEN {} AND {})", written(expr), written(low), written(high)))
        }
        Expr::InList { expr, list, negated } => {
            let list: Vec<String> = list.iter().map(written).collect();
            negate(*negated, format!("({} IN ({}))", written(expr), list.join(", ")))
        }
        Expr::Like { negated, expr, pattern, escape_char: None, any: false } => {
            format!("({} {} {})", written(expr), if *negated { "!~~" } else { "~~" }, written(pattern))
        }
        Expr::ILike { negated, expr, pattern, escape_char: None, any: false } => {
            format!("({} {} {})", written(expr), if *negated { "!~~*" } else { "~~*" }, written(pattern))
        }
        Expr::Function(f) if f.over.is_none() && f.within_group.is_empty() => {
            let FunctionArguments::List(list) = &f.args else { return expr.to_string() };
            let [ObjectNamePart::Identifier(name)] = &f.name.0[..] else { return expr.to_string() };
            let name = name.value.to_lowercase();
            let star = matches!(list.args[..], [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)]);
            let call = if name == "count" && star && list.duplicate_treatment.is_none() {
                "count_star()".to_string()
            } else {
                let mut args = Vec::new();
                for arg in &list.args {
                    match arg {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => args.push(written(e)),
                        _ => return expr.to_string(),
                    }
                }
                let distinct = match list.duplicate_treatment {
                    Some(DuplicateTreatment::Distinct) => "DISTINCT ",
                    _ => "",
                };
                // COALESCE is an operator to DuckDB, not a function.
                let name = if name == "coalesce" { "COALESCE".to_string() } else { ident(&name) };
                format!("{name}({distinct}{})", args.join(", "))
            };
            match &f.filter {
                Some(condition) => format!("{call} FILTER (WHERE {})", written(condition)),
                None => call,
            }
        }
        other => other.to_string(),
    }
}

fn negate(negated: bool, test: String) -> String {
    if negated {
        format!("(NOT {test})")
    } else {
        test
    }
}

/// An identifier as DuckDB writes it in a name: in double quotes when it is a keyword
/// or more than letters, digits and underscores (`"value"`, `"单位"`), else as it is.
fn ident(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain && !KEYWORDS.lines().any(|k| k.eq_ignore_ascii_case(name)) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DuckDB 2.0's names for the same statements (python `duckdb`, `cursor.description`).
    #[test]
    fn unnamed_expressions_are_named_as_duckdb_names_them() {
        let cases = [
            ("SELECT count(*) FROM facts", "count_star()"),
            ("SELECT COUNT(*) FROM facts", "count_star()"),
            ("SELECT 1", "1"),
            ("SELECT 'x'", "'x'"),
            ("SELECT sum(value) FROM facts", "sum(\"value\")"),
            ("SELECT SUM(f.value) FROM facts f", "sum(f.\"value\")"),
            ("SELECT count(unit) FROM facts", "count(unit)"),
            ("SELECT count(DISTINCT unit) FROM facts", "count(DISTINCT unit)"),
            ("SELECT value + 1 FROM facts", "(\"value\" + 1)"),
            ("SELECT year * 100 + 1 FROM facts", "((\"year\" * 100) + 1)"),
            ("SELECT round(sum(value), 2) FROM facts", "round(sum(\"value\"), 2)"),
            ("SELECT max(单位) FROM facts", "max(\"单位\")"),
            ("SELECT unit <> code FROM facts", "(unit != code)"),
            ("SELECT unit LIKE 'a%' FROM facts", "(unit ~~ 'a%')"),
            ("SELECT value IS NULL FROM facts", "(\"value\" IS NULL)"),
            ("SELECT year IN (2023, 2024) FROM facts", "(\"year\" IN (2023, 2024))"),
            ("SELECT coalesce(unit, code) FROM facts", "COALESCE(unit, code)"),
            ("SELECT nullif(1, 2)", "\"nullif\"(1, 2)"),
            ("SELECT -1", "-1"),
            ("SELECT NOT true", "(NOT true)"),
            ("SELECT count(*) FILTER (WHERE year = 1) FROM facts", "count_star() FILTER (WHERE (\"year\" = 1))"),
        ];
        for (sql, name) in cases {
            let Ok(mut statements) = Parser::parse_sql(&GenericDialect, sql) else { panic!("{sql}") };
            let Statement::Query(query) = &mut statements[0] else { panic!("{sql}") };
            let SetExpr::Select(select) = &*query.body else { panic!("{sql}") };
            let SelectItem::UnnamedExpr(expr) = &select.projection[0] else { panic!("{sql}") };
            assert_eq!(duckdb_name(expr), name, "{sql}");
        }
    }

    #[test]
    fn only_unnamed_expressions_of_the_outermost_select_get_an_alias() {
        assert_eq!(named("SELECT unit, f.value, (code) FROM facts f"), "SELECT unit, f.value, (code) FROM facts f");
        assert_eq!(named("SELECT count(*) AS n FROM facts"), "SELECT count(*) AS n FROM facts");
        assert_eq!(named("SELECT 1, unit FROM facts"), "SELECT 1 AS \"1\", unit FROM facts");
        assert_eq!(
            named("SELECT n FROM (SELECT count(*) AS n FROM facts) UNION ALL SELECT count(*) FROM totals"),
            "SELECT n FROM (SELECT count(*) AS n FROM facts) UNION ALL SELECT count(*) FROM totals"
        );
        assert_eq!(named("SELECT sum(value) FROM facts"), "SELECT sum(value) AS \"sum(\"\"value\"\")\" FROM facts");
        assert_eq!(
            named("SELECT unit, count(*) FROM facts GROUP BY unit ORDER BY count(*) DESC"),
            "SELECT unit, count(*) AS \"count_star()\" FROM facts GROUP BY unit ORDER BY \"count_star()\" DESC"
        );
        assert_eq!(named("SELEC 1"), "SELEC 1");
    }
}
