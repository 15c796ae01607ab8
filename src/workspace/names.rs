//! The district's and the office's names as `shuangyong.toml` gives them. They head every
//! document and name every file written (`示例区2024年度双拥工作报告.pdf`), so a character
//! that hides or reorders text (U+202E would show `fdp.告报…`) or a name longer than a
//! file name can hold is refused where it is written, not met when a file is.

use crate::output::hidden;

/// A setting that names the district or the office: the key, what it is, the most
/// characters it may have, and an example.
pub(crate) struct NameSetting {
    pub key: &'static str,
    pub label: &'static str,
    pub most: usize,
    pub example: &'static str,
    /// Where it goes, which is why it is bounded.
    pub used: &'static str,
}

/// The longest county-level names with their prefecture run to about 25 characters
/// (新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县 has 24); a file name holds the
/// region with the longest title the tool adds to it.
pub(crate) const REGION: NameSetting =
    NameSetting {
        key: "region", label: "行政区名称", most: 30, example: "示例区", used: "它用在每个文件名中"
    };

/// A member unit's name or alias, which names its blank workbook and its feedback copy;
/// the longest (中国人民解放军… with a unit's number) run to about 30 characters.
pub(crate) const UNIT: NameSetting = NameSetting {
    key: "name",
    label: "成员单位名称",
    most: 50,
    example: "区退役军人事务局",
    used: "它用在本单位的文件名中",
};

/// A 双拥办's full title with its region runs to about 30 characters.
pub(crate) const OFFICE: NameSetting = NameSetting {
    key: "office",
    label: "双拥办名称",
    most: 40,
    example: "示例区双拥工作领导小组办公室",
    used: "它印在每份文件上",
};

/// What 填报说明 prints in its 报送方式, 联系人 and 联系电话 (cells of the blank workbooks),
/// and the cover's mark: a sentence, a name, a number, a short mark.
pub(crate) const SUBMIT_VIA: NameSetting = NameSetting {
    key: "submit_via",
    label: "报送方式",
    most: 200,
    example: "通过政务内网邮箱报送",
    used: "它印在填报说明中",
};
pub(crate) const CONTACT: NameSetting =
    NameSetting { key: "contact", label: "联系人", most: 40, example: "张三", used: "它印在填报说明中" };
pub(crate) const CONTACT_PHONE: NameSetting = NameSetting {
    key: "contact_phone",
    label: "联系电话",
    most: 40,
    example: "0000-12345678",
    used: "它印在填报说明中",
};
pub(crate) const INTERNAL_MARK: NameSetting =
    NameSetting {
        key: "internal_mark", label: "封面标注", most: 20, example: "内部资料", used: "它印在封面上"
    };

impl NameSetting {
    /// `text` trimmed, or why it cannot name the district or the office.
    pub(crate) fn check(&self, text: &str) -> Result<String, String> {
        let NameSetting { key, label, most, example, used } = self;
        let text = text.trim();
        let shown = || {
            let cut: String = text.chars().take(20).collect();
            let more = if cut.len() < text.len() { "…" } else { "" };
            format!("{}{more}", crate::output::visible(&cut))
        };
        if text.is_empty() {
            return Err(format!("{key}（{label}）为空：请填写，如 {key} = \"{example}\""));
        }
        if text.contains(hidden) {
            return Err(format!(
                "{key}（{label}）“{}”中有看不见的控制字符（多为从别处复制时带入）：请删去后重新输入，如 {key} = \"{example}\"",
                shown()
            ));
        }
        let n = text.chars().count();
        if n > *most {
            return Err(format!(
                "{key}（{label}）“{}”有 {n} 个字，太长（最多 {most} 个，{used}）：请精简，如 {key} = \"{example}\"",
                shown()
            ));
        }
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_and_overlong_names_are_refused() {
        assert_eq!(REGION.check(" 示例区 ").unwrap(), "示例区");
        let bidi = REGION.check("示例\u{202e}区").unwrap_err();
        assert!(bidi.contains("示例\\u{202e}区") && bidi.contains("控制字符"), "{bidi}");
        assert!(!bidi.contains('\u{202e}'));
        let long = REGION.check(&"区".repeat(100_000)).unwrap_err();
        assert!(long.contains("100000 个字") && long.contains("最多 30 个") && long.chars().count() < 200, "{long}");
        assert!(OFFICE.check("").unwrap_err().contains("为空"));
        assert!(OFFICE.check("中共示例区委示例区人民政府双拥工作领导小组办公室").is_ok());
        assert!(UNIT.check(&"长".repeat(51)).unwrap_err().contains("最多 50 个"));
    }
}
