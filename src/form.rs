//! The intake form: what the blank-workbook writer ([`crate::blank`]) writes and intake
//! ([`crate::intake`]) looks for. Intake finds each of these texts by the text, never
//! by its position, so they are part of the user contract: changing one makes every
//! workbook already handed out unreadable.

/// The layout version stamped into the 版本信息 sheet; bumped whenever the blank
/// workbook's layout changes.
pub const VERSION: u32 = 3;

/// The sheet units fill in.
pub const FORM_SHEET: &str = "填报表";
/// How to fill the form in, from `templates/intake-instructions.md`.
pub const INSTRUCTIONS_SHEET: &str = "填报说明";
/// The hidden sheet holding the layout version and the catalogue fingerprint, so that
/// `check` can recognise a workbook made from an outdated catalogue.
pub const STAMP_SHEET: &str = "版本信息";

// Labels: the value is in the cell to the right, or after a colon in the same cell.
pub const UNIT_LABEL: &str = "填报单位";
pub const YEAR_LABEL: &str = "统计年度";
/// Who to call about the return, and when it was filled in: optional, under the
/// indicator table in the blank workbook (since layout version 2).
pub const FILLER_LABEL: &str = "填报人";
pub const PHONE_LABEL: &str = "联系电话";
pub const HEAD_LABEL: &str = "单位负责人";
pub const DATE_LABEL: &str = "填报日期";
/// The contact labels in the order the blank workbook lays them out, two to a row.
pub const CONTACT_LABELS: [&str; 4] = [FILLER_LABEL, PHONE_LABEL, HEAD_LABEL, DATE_LABEL];
/// On the 版本信息 sheet.
pub const VERSION_LABEL: &str = "模板版本";
pub const FINGERPRINT_LABEL: &str = "指标目录指纹";

pub const CODE_HEADER: &str = "指标编码";
pub const CATEGORY_HEADER: &str = "类别";
pub const NAME_HEADER: &str = "指标名称";
pub const MEASURE_HEADER: &str = "计量单位";
pub const VALUE_HEADER: &str = "本年数值";
pub const NOTE_HEADER: &str = "备注";
/// The header row of the indicator table, left to right as the blank workbook has it.
pub const HEADER: [&str; 6] = [CODE_HEADER, CATEGORY_HEADER, NAME_HEADER, MEASURE_HEADER, VALUE_HEADER, NOTE_HEADER];

/// The sheet of the units' highlights of the year (since layout version 3). Optional:
/// a workbook from an older template without it is read as before.
pub const HIGHLIGHTS_SHEET: &str = "工作亮点";
pub const HIGHLIGHT_CATEGORY_HEADER: &str = "类别";
pub const HIGHLIGHT_TITLE_HEADER: &str = "标题";
pub const HIGHLIGHT_TEXT_HEADER: &str = "内容";
pub const HIGHLIGHT_PUBLIC_HEADER: &str = "可公开";
/// The header row of the 工作亮点 sheet, left to right as the blank workbook has it.
pub const HIGHLIGHT_HEADER: [&str; 4] =
    [HIGHLIGHT_CATEGORY_HEADER, HIGHLIGHT_TITLE_HEADER, HIGHLIGHT_TEXT_HEADER, HIGHLIGHT_PUBLIC_HEADER];
/// The category for what fits none of the catalogue's; the report places it with 组织领导.
pub const OTHER_CATEGORY: &str = "其他";
/// 可公开: may appear in the public version, or not. An empty cell means yes.
pub const YES: &str = "是";
pub const NO: &str = "否";
/// The longest 标题 the report takes whole: it is the lead sentence of an item
/// (一是党委议军上求真。), which the published reports keep to a few words.
pub const HIGHLIGHT_TITLE_MAX_CHARS: usize = 30;
/// The longest 内容 the report takes whole, counted after tidying: 300 characters are
/// about eleven lines of the report's 28-character line, the length of one item in the
/// published reports (一是…… runs 100 to 250 characters). A category with a highlight from
/// each of ten units then fills about two pages; longer text is cut at a sentence end.
pub const HIGHLIGHT_TEXT_MAX_CHARS: usize = 300;
/// Empty input rows the blank workbook lays out under the 工作亮点 header.
pub const HIGHLIGHT_BLANK_ROWS: u32 = 10;

/// The categories a highlight may name: the catalogue's, in its order, then 其他.
pub fn highlight_categories(catalog: &crate::catalog::Catalog) -> Vec<&str> {
    let mut all = catalog.categories();
    all.push(OTHER_CATEGORY);
    all
}
