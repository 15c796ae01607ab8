//! The chart specification: the TOML inside a ```` ```chart ```` block of the report
//! template, parsed and checked against the catalogue before anything is drawn.

use serde::Deserialize;

use super::{panel, trend, ChartError};
use crate::catalog::{Aggregate, Catalog, Indicator, Kind};
use crate::workspace::UnitType;

/// What a ```` ```chart ```` block asks for. Which keys each kind takes:
///
/// | kind | takes |
/// |---|---|
/// | `bar_by_unit` | `indicator`; optional `unit_type`, `top` |
/// | `year_compare` | `category` or `indicators` |
/// | `trend` | `indicator` or `indicators` (1–4, one unit of measure) |
/// | `composition` | `indicator` (aggregate `sum`) |
/// | `panel` | `indicators` (2–6) |
///
/// `title` is the caption (the typesetter numbers it 图N); `id` names the figure so the
/// text can refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub indicator: Option<String>,
    pub indicators: Option<Vec<String>>,
    pub category: Option<String>,
    /// 部门, 街道镇 or 驻区部队.
    pub unit_type: Option<String>,
    pub top: Option<usize>,
    pub title: String,
    pub id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// One indicator by unit, largest first, as horizontal bars (at most `top`).
    BarByUnit,
    /// The report year against the year before, per indicator of a category.
    YearCompare,
    /// Lines over every year up to the report year.
    Trend,
    /// An indicator's reported total split by unit type, as 100 % bars.
    Composition,
    /// Small multiples: one mini bar chart over the years per key indicator.
    Panel,
}

impl ChartKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::BarByUnit => "bar_by_unit",
            ChartKind::YearCompare => "year_compare",
            ChartKind::Trend => "trend",
            ChartKind::Composition => "composition",
            ChartKind::Panel => "panel",
        }
    }
}

const KEYS: &str = "kind、indicator、indicators、category、unit_type、top、title、id";
const KINDS: &str = "bar_by_unit、year_compare、trend、composition、panel";

/// What a spec draws, by kind, with its indicators resolved against the catalogue.
pub(crate) enum Selection<'c> {
    BarByUnit(&'c Indicator),
    YearCompare(Vec<&'c Indicator>),
    Trend(Vec<&'c Indicator>),
    Composition(&'c Indicator),
    Panel(Vec<&'c Indicator>),
}

impl ChartSpec {
    /// Parses the TOML of a chart block. Line numbers in errors count from the block's
    /// first line.
    pub fn parse(src: &str) -> Result<ChartSpec, ChartError> {
        toml::from_str(src).map_err(|e| ChartError::Syntax {
            line: e.span().map(|s| crate::catalog::line_of(src, s.start)).unwrap_or(1),
            message: explain(e.message()),
        })
    }

    /// The unit type filter, if one is set.
    pub fn unit_type(&self) -> Result<Option<UnitType>, ChartError> {
        match &self.unit_type {
            None => Ok(None),
            Some(t) => {
                UnitType::parse(t).map(Some).ok_or_else(|| self.invalid(format!("unit_type：{}", UnitType::unknown(t))))
            }
        }
    }

    pub(crate) fn invalid(&self, message: String) -> ChartError {
        ChartError::Invalid { title: self.title.clone(), message }
    }

    fn lookup<'c>(&self, catalog: &'c Catalog, code: &str) -> Result<&'c Indicator, ChartError> {
        catalog
            .get(code.trim())
            .ok_or_else(|| ChartError::UnknownIndicator { title: self.title.clone(), code: code.to_string() })
    }

    /// Checks the spec against the catalogue: the keys its kind needs and no others,
    /// known codes, a known category and unit type, and indicators the kind can draw.
    pub fn validate(&self, catalog: &Catalog) -> Result<(), ChartError> {
        self.selection(catalog).map(|_| ())
    }

    pub(crate) fn selection<'c>(&self, catalog: &'c Catalog) -> Result<Selection<'c>, ChartError> {
        if self.title.trim().is_empty() {
            return Err(self.invalid("title 为空：每个图都要有标题".into()));
        }
        let kind = self.kind.as_str();
        let given = [
            ("indicator", self.indicator.is_some()),
            ("indicators", self.indicators.is_some()),
            ("category", self.category.is_some()),
            ("unit_type", self.unit_type.is_some()),
            ("top", self.top.is_some()),
        ];
        let allowed: &[&str] = match self.kind {
            ChartKind::BarByUnit => &["indicator", "unit_type", "top"],
            ChartKind::YearCompare => &["indicators", "category"],
            ChartKind::Trend => &["indicator", "indicators"],
            ChartKind::Composition => &["indicator"],
            ChartKind::Panel => &["indicators"],
        };
        if let Some((key, _)) = given.iter().find(|(k, set)| *set && !allowed.contains(k)) {
            return Err(self.invalid(format!("{kind} 类图表不使用 {key}（可用：{}）", allowed.join("、"))));
        }
        self.unit_type()?;
        if self.top == Some(0) {
            return Err(self.invalid("top 应为大于 0 的整数".into()));
        }
        match self.kind {
            ChartKind::BarByUnit | ChartKind::Composition => {
                let code =
                    self.indicator.as_deref().ok_or_else(|| self.invalid(format!("{kind} 类图表需要 indicator")))?;
                let ind = self.lookup(catalog, code)?;
                if ind.kind == Kind::Derived || ind.aggregate == Aggregate::Formula {
                    return Err(self.invalid(format!(
                        "指标 {} {} 由公式从合计数算出，没有各单位的数字，不能画 {kind} 图",
                        ind.code, ind.name
                    )));
                }
                if self.kind == ChartKind::Composition && ind.aggregate == Aggregate::Authoritative {
                    return Err(self.invalid(format!(
                        "指标 {} {} 的全区合计取权威单位的数字，各单位数字相加会重复计算，不能画构成图",
                        ind.code, ind.name
                    )));
                }
                Ok(if self.kind == ChartKind::Composition {
                    Selection::Composition(ind)
                } else {
                    Selection::BarByUnit(ind)
                })
            }
            ChartKind::YearCompare => {
                let list = match (&self.category, &self.indicators) {
                    (Some(_), Some(_)) => return Err(self.invalid("category 和 indicators 只能填一个".into())),
                    (None, None) => return Err(self.invalid("year_compare 类图表需要 category 或 indicators".into())),
                    (Some(cat), None) => {
                        let list: Vec<&Indicator> =
                            catalog.indicators().iter().filter(|i| i.category == cat.trim()).collect();
                        if list.is_empty() {
                            return Err(self.invalid(format!(
                                "指标目录中没有类别“{cat}”（现有类别：{}）",
                                catalog.categories().join("、")
                            )));
                        }
                        list
                    }
                    (None, Some(codes)) => self.codes(catalog, codes, 1, usize::MAX)?,
                };
                Ok(Selection::YearCompare(list))
            }
            ChartKind::Trend => {
                let list = match (&self.indicator, &self.indicators) {
                    (Some(_), Some(_)) => return Err(self.invalid("indicator 和 indicators 只能填一个".into())),
                    (None, None) => return Err(self.invalid("trend 类图表需要 indicator 或 indicators".into())),
                    (Some(code), None) => vec![self.lookup(catalog, code)?],
                    (None, Some(codes)) => self.codes(catalog, codes, 1, trend::MAX_SERIES)?,
                };
                if let Some(other) = list.iter().find(|i| i.unit != list[0].unit) {
                    return Err(self.invalid(format!(
                        "同一趋势图中的指标计量单位须相同：{} 为“{}”，{} 为“{}”（不同单位的指标请用 panel 图）",
                        list[0].code, list[0].unit, other.code, other.unit
                    )));
                }
                Ok(Selection::Trend(list))
            }
            ChartKind::Panel => {
                let codes =
                    self.indicators.as_deref().ok_or_else(|| self.invalid("panel 类图表需要 indicators".into()))?;
                Ok(Selection::Panel(self.codes(catalog, codes, 2, panel::MAX_CELLS)?))
            }
        }
    }

    fn codes<'c>(
        &self,
        catalog: &'c Catalog,
        codes: &[String],
        min: usize,
        max: usize,
    ) -> Result<Vec<&'c Indicator>, ChartError> {
        let kind = self.kind.as_str();
        if codes.len() < min || codes.len() > max {
            let range = if max == usize::MAX { format!("至少 {min} 个") } else { format!("{min} 到 {max} 个") };
            return Err(self.invalid(format!("{kind} 类图表的 indicators 应有 {range}指标，现有 {} 个", codes.len())));
        }
        let mut out: Vec<&Indicator> = Vec::with_capacity(codes.len());
        for code in codes {
            let ind = self.lookup(catalog, code)?;
            if out.iter().any(|i| i.code == ind.code) {
                return Err(self.invalid(format!("indicators 中 {} 重复", ind.code)));
            }
            out.push(ind);
        }
        Ok(out)
    }
}

/// serde's messages for the usual slips, in Chinese.
fn explain(message: &str) -> String {
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or("").to_string();
    if message.starts_with("unknown field") {
        format!("未知的设置项“{}”（可用：{KEYS}）", quoted(message))
    } else if message.starts_with("unknown variant") {
        format!("未知的图表类型“{}”（可用：{KINDS}）", quoted(message))
    } else if message.starts_with("missing field") {
        format!("缺少设置项“{}”", quoted(message))
    } else {
        format!("格式有误（{}）", message.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        match ChartSpec::parse(src).and_then(|s| s.validate(&Catalog::bundled())) {
            Ok(()) => panic!("accepted: {src}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn parses_a_template_block() {
        let spec = ChartSpec::parse(
            "kind = \"bar_by_unit\"\nindicator = \"YF05\"\nunit_type = \"街道镇\"\ntitle = \"各街道镇走访慰问次数\"\n",
        )
        .unwrap();
        assert_eq!(spec.kind, ChartKind::BarByUnit);
        assert_eq!(spec.unit_type().unwrap(), Some(UnitType::Street));
        spec.validate(&Catalog::bundled()).unwrap();
    }

    #[test]
    fn syntax_errors_name_the_key_and_line() {
        assert_eq!(
            err("kind = \"trend\"\nindicater = \"YF05\"\ntitle = \"t\""),
            "图表设置第 2 行：未知的设置项“indicater”（可用：kind、indicator、indicators、category、unit_type、top、title、id）"
        );
        assert_eq!(
            err("kind = \"pie\"\ntitle = \"t\""),
            "图表设置第 1 行：未知的图表类型“pie”（可用：bar_by_unit、year_compare、trend、composition、panel）"
        );
        assert!(
            err("kind = \"trend\"\nindicator = \"YF05\"").ends_with("缺少设置项“title”"),
            "{}",
            err("kind = \"trend\"\nindicator = \"YF05\"")
        );
        assert!(err("kind = \"trend\"\ntop = \"五\"\ntitle = \"t\"").starts_with("图表设置第 2 行：格式有误"));
    }

    #[test]
    fn unknown_codes_are_named() {
        assert_eq!(
            err("kind = \"bar_by_unit\"\nindicator = \"YF99\"\ntitle = \"慰问\""),
            "图表“慰问”：指标编码 YF99 不在指标目录中"
        );
        assert_eq!(
            err("kind = \"panel\"\nindicators = [\"YF01\", \"XX01\"]\ntitle = \"要点\""),
            "图表“要点”：指标编码 XX01 不在指标目录中"
        );
    }

    #[test]
    fn keys_must_fit_the_kind() {
        assert_eq!(
            err("kind = \"trend\"\nindicator = \"YF05\"\ntop = 5\ntitle = \"t\""),
            "图表“t”：trend 类图表不使用 top（可用：indicator、indicators）"
        );
        assert_eq!(err("kind = \"bar_by_unit\"\ntitle = \"t\""), "图表“t”：bar_by_unit 类图表需要 indicator");
        assert!(err("kind = \"bar_by_unit\"\nindicator = \"YF05\"\nunit_type = \"社区\"\ntitle = \"t\"")
            .contains("unit_type：单位类型“社区”无法识别"));
        assert_eq!(
            err("kind = \"bar_by_unit\"\nindicator = \"YF05\"\ntop = 0\ntitle = \"t\""),
            "图表“t”：top 应为大于 0 的整数"
        );
        assert!(err("kind = \"year_compare\"\ncategory = \"文体\"\ntitle = \"t\"")
            .contains("没有类别“文体”（现有类别：组织领导、"));
        assert!(err("kind = \"year_compare\"\ncategory = \"拥军优属\"\nindicators = [\"YF01\"]\ntitle = \"t\"")
            .contains("只能填一个"));
        assert!(
            err("kind = \"panel\"\nindicators = [\"YF01\"]\ntitle = \"t\"").contains("应有 2 到 6 个指标，现有 1 个")
        );
        assert!(err("kind = \"panel\"\nindicators = [\"YF01\", \"YF01\"]\ntitle = \"t\"").contains("YF01 重复"));
        assert!(err("kind = \"bar_by_unit\"\nindicator = \"YF05\"\ntitle = \" \"").contains("title 为空"));
    }

    #[test]
    fn kinds_refuse_indicators_they_cannot_draw() {
        assert!(err("kind = \"trend\"\nindicators = [\"YF01\", \"YF02\"]\ntitle = \"t\"")
            .contains("计量单位须相同：YF01 为“人”，YF02 为“万元”"));
        assert!(err("kind = \"bar_by_unit\"\nindicator = \"ZC07\"\ntitle = \"t\"").contains("由公式从合计数算出"));
        assert!(err("kind = \"composition\"\nindicator = \"YF01\"\ntitle = \"t\"").contains("不能画构成图"));
        let ok = ChartSpec::parse("kind = \"composition\"\nindicator = \"YF05\"\ntitle = \"t\"").unwrap();
        ok.validate(&Catalog::bundled()).unwrap();
    }
}
