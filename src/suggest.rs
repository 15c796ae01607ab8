//! "Did you mean" hints and the TOML reader's messages in Chinese, for every file an
//! office edits by hand (the workspace, the catalogue, a template's block parameters).

/// The TOML reader's message in Chinese, with the key it is about: users read it, and
/// the English one (`unknown field `ofice``) helps none of them.
pub(crate) fn toml_message(message: &str) -> String {
    let quoted = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
    let keys = quoted(message);
    let first = keys.first().map(String::as_str).unwrap_or("");
    let expected = &keys[1.min(keys.len())..];
    let hint = match expected.iter().min_by_key(|k| edit_distance(first, k)) {
        Some(k) if edit_distance(first, k) <= 2 => format!("，是不是“{k}”？"),
        _ => String::new(),
    };
    if message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        // Our own checks inside deserialisation speak Chinese already.
        message.trim().to_string()
    } else if message.starts_with("unknown field") {
        format!("无法识别的键“{first}”{hint}（可用的键：{}）", expected.join("、"))
    } else if message.starts_with("unknown variant") {
        format!("无法识别的值“{first}”{hint}（可选：{}）", expected.join("、"))
    } else if message.starts_with("missing field") {
        format!("缺少必填的键“{first}”")
    } else if message.starts_with("invalid type") {
        let wanted = match message.rsplit("expected ").next().unwrap_or("") {
            w if w.starts_with('i') || w.starts_with('u') => "整数",
            w if w.starts_with('f') => "数字",
            w if w.contains("string") => "用引号括起的文字",
            w if w.contains("bool") => "true 或 false",
            w if w.contains("sequence") => "方括号括起的列表",
            _ => "另一种类型",
        };
        format!("值的类型不对：这里应为{wanted}")
    } else if message.starts_with("duplicate key") && first.is_empty() {
        // The reader names no key: the line the message gives is the second one.
        "这一行的键在前面已经写过：同一个键只能写一次，请删去其中一处".to_string()
    } else if message.starts_with("duplicate key") {
        format!("键“{first}”重复")
    } else {
        "不是有效的 TOML 写法：请检查这一行的等号、引号和方括号是否齐全、配对".to_string()
    }
}

/// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`: a typing slip
/// is at most a couple of them.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert_eq!(edit_distance("fromat", "format"), 1);
        assert_eq!(edit_distance("ofice", "office"), 1);
        assert_eq!(edit_distance("fromat", "draft"), 4);
    }
}
