//! The engine's refusals in Chinese. polars answers a statement it cannot run in its
//! own English (`unsupported function 'rank'`, a dump of the parsed statement for `NOT
//! EXISTS`); the office is told what is wrong and how to write it instead. The engine's
//! text follows, marked ([`crate::foreign::original`]), only where no Chinese words
//! were found for it.

use crate::foreign::original;

/// Functions DuckDB has that the engine lacks, with what to write instead.
const INSTEAD: [(&[&str], &str); 1] = [(
    &["rank", "dense_rank", "percent_rank", "cume_dist", "ntile"],
    "：名次请用 row_number() OVER (ORDER BY … DESC)（并列的取不同名次）",
)];

/// `message` (the engine's error) said in Chinese, without the query plan it appends.
pub(super) fn engine_message(message: &str) -> String {
    let message = message.split("Resolved plan until failure").next().unwrap_or(message).trim();
    // The first name the engine quotes: 'x' or "x".
    let quoted = || {
        let start = message.find(['\'', '"'])?;
        let quote = message[start..].chars().next()?;
        let rest = &message[start + 1..];
        rest.find(quote).map(|end| rest[..end].to_string())
    };
    let name = || crate::diag::visible(&quoted().unwrap_or_default()).into_owned();
    if message.contains("one (and only one) statement") {
        "一次只能执行一条 SQL 语句".into()
    } else if message.starts_with("relation") && message.contains("not found") {
        format!("没有名为“{}”的表：可查询的表有 facts、indicators、totals、units、highlights", name())
    } else if message.starts_with("not found") {
        format!("没有名为“{}”的列：各表的列见 shuangyong query --help", name())
    } else if message.starts_with("duplicate") {
        format!("结果中有两列都叫“{}”：请用 AS 给其中一列另起名字，例如 b.value AS value_2023", name())
    } else if message.contains("big-idx") || message.contains("2^32") {
        "连接的结果超过 42 亿行，无法计算：请在 ON 中写明两表对应的列（如 a.unit = b.unit），或先用 WHERE 缩小范围"
            .into()
    } else if message.starts_with("unsupported function") {
        let function = name();
        let lower = function.to_lowercase();
        let instead = INSTEAD.iter().find(|(names, _)| names.contains(&lower.as_str())).map(|(_, i)| *i);
        format!("不支持函数 {function}(){}", instead.unwrap_or("：请检查函数名的拼写，或换一种写法"))
    } else if message.contains("Exists {") || message.contains("EXISTS") {
        "不支持 EXISTS / NOT EXISTS 子查询：请改用 IN / NOT IN，如 WHERE unit NOT IN (SELECT unit FROM facts WHERE year = 2023)"
            .into()
    } else if message.contains("EXCEPT") || message.contains("INTERSECT") {
        "不支持 EXCEPT / INTERSECT：请改用 NOT IN / IN 子查询，如 WHERE unit NOT IN (SELECT unit FROM …)".into()
    } else if message.starts_with("subquery comparisons") || message.starts_with("unexpected subquery") {
        "不支持拿子查询的结果直接比较（如 value > (SELECT avg(value) …)）：请分两次查询，先查出这个值，再把它写进条件"
            .into()
    } else if message.starts_with("cannot parse literal") {
        format!("无法识别常量“{}”：数字请写成 123、12.5 的形式，文字写在单引号里", name())
    } else if message.starts_with("arithmetic on") {
        format!(
            "不能用文字做加减乘除（涉及“{}”）：数字不加引号，文字写在单引号里；要把文字当数字算，请用 CAST(… AS DOUBLE)",
            name()
        )
    } else if message.starts_with("cannot compare") {
        "不能把文字和数字相比较：数字不加引号，文字写在单引号里".into()
    } else if message.contains("LIMIT/OFFSET") {
        "LIMIT 和 OFFSET 后面应为不小于 0 的整数".into()
    } else if message.starts_with("rounding") {
        "只有数字能取整：CAST(… AS INTEGER) 和 round() 只用于数字列".into()
    } else if message.contains("recursion limit exceeded") {
        "括号或子查询套得太深：请拆成几步，或用 WITH 先求出中间结果".into()
    } else if let Some(syntax) = message.strip_prefix("sql parser error:") {
        parser_message(syntax.trim())
    } else {
        format!("查询引擎无法执行这条语句{}", original(message))
    }
}

/// sqlparser's `Expected: an expression, found: , at Line: 1, Column: 13` as
/// `第 1 行第 13 列：此处应为表达式，却是“,”`.
fn parser_message(syntax: &str) -> String {
    let (what, at) = match syntax.rsplit_once(" at Line: ") {
        Some((what, at)) => {
            let (line, column) = at.split_once(", Column: ").unwrap_or((at, ""));
            (what.trim(), format!("第 {} 行第 {} 列：", line.trim(), column.trim()))
        }
        None => (syntax, String::new()),
    };
    let said = if let Some(rest) = what.strip_prefix("Expected: ") {
        let (expected, found) = rest.split_once(", found: ").unwrap_or((rest, ""));
        let expected = match expected {
            "an expression" => "表达式".to_string(),
            "end of statement" => "语句结束".to_string(),
            "identifier" => "名称".to_string(),
            other => format!("“{}”", crate::diag::visible(other)),
        };
        let found = match found {
            "EOF" => "语句已经结束".to_string(),
            other => format!("却是“{}”", crate::diag::visible(other)),
        };
        format!("此处应为{expected}，{found}")
    } else if what.starts_with("Unterminated string literal") {
        "单引号没有配对（文字要写在一对单引号里）".into()
    } else {
        return format!("无法读懂这条语句{}", original(syntax));
    };
    format!("{at}{said}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engines_refusals_are_said_in_chinese() {
        let rank = engine_message("unsupported function 'rank'");
        assert!(rank.starts_with("不支持函数 rank()：名次请用 row_number()"), "{rank}");
        let typo = engine_message("unsupported function 'summ'");
        assert!(typo.contains("summ()") && typo.contains("拼写"), "{typo}");
        let exists = engine_message("expression Exists { subquery: Query { with: None } } is not currently supported");
        assert!(exists.contains("NOT IN") && !exists.contains("Query"), "{exists}");
        let parser = engine_message("sql parser error: Expected: an expression, found: , at Line: 1, Column: 13");
        assert_eq!(parser, "第 1 行第 13 列：此处应为表达式，却是“,”");
        let end = engine_message("sql parser error: Expected: an expression, found: EOF");
        assert_eq!(end, "此处应为表达式，语句已经结束");
        let other = engine_message("invalid 'start' for SUBSTRING");
        assert_eq!(other, "查询引擎无法执行这条语句（原始信息：invalid 'start' for SUBSTRING）");
    }
}
