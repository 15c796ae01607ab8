//! The report template's own placeholders (minijinja functions over the year's figures,
//! highlights and the office's notes) and context, filled by [`crate::template`].

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::Value;
use minijinja::{Environment, Error};
use serde::Serialize;

use super::audience::Audience;
use super::figures::{prose_amount, Figures};
use super::highlights::Names;
use super::notes::Notes;
use super::problems;
use super::sources::Provenance;
use super::{Inputs, ReportError};
use crate::catalog::Indicator;
use crate::diag::Kind;
use crate::form;
use crate::template::{self, invalid, TemplateText};
use crate::validate::Highlight;
use crate::workspace::{QualityAppendix, UnitType};

/// The template's text with the placeholders filled, block fences marked with their
/// template line and, given `provenance` (a draft's), each figure with its source. A
/// report that is not a draft refuses while a section of the office's own text the
/// template places is empty.
pub(crate) fn render(
    inputs: &Inputs,
    audience: &Audience,
    figures: &Arc<Figures>,
    provenance: Option<&Arc<Provenance>>,
    template: &TemplateText,
) -> Result<String, ReportError> {
    let mut env = template::environment();
    add_figure_functions(&mut env, figures, provenance);
    add_highlights_function(&mut env, inputs, audience, figures, provenance);
    let notes = Arc::new(Notes::load(&inputs.ws.notes_file(inputs.year), format!("notes/{}.md", inputs.year))?);
    add_notes_functions(&mut env, &notes);
    let filled = template::fill(&env, template, context(inputs, audience, figures))?;
    if !inputs.draft {
        notes.check()?;
    }
    Ok(filled)
}

/// `notes("存在的问题")` and `has_notes("创建荣誉")`: the office's own text. The optional
/// second argument says what the section wants, for the notes file's skeleton
/// ([`super::notes::write_skeleton`]); the report does not print it.
fn add_notes_functions(env: &mut Environment, notes: &Arc<Notes>) {
    let n = Arc::clone(notes);
    env.add_function("notes", move |section: &str, _hint: Option<&str>| n.section(section));
    let n = Arc::clone(notes);
    env.add_function("has_notes", move |section: &str, _hint: Option<&str>| n.has(section));
}

/// The report's own functions over the year's figures, each figure marked with its
/// source when there is a `provenance`.
fn add_figure_functions(env: &mut Environment, figures: &Arc<Figures>, provenance: Option<&Arc<Provenance>>) {
    // This year's figure of an indicator as `tell` tells it.
    let this_year = |tell: fn(&Figures, &Indicator) -> Result<String, String>| {
        let (f, p) = (Arc::clone(figures), provenance.cloned());
        move |code: &str| -> Result<String, Error> {
            let ind = indicator(&f, code)?;
            Ok(sourced(&p, tell(&f, ind).map_err(invalid)?, |p| p.year_note(ind, f.year)))
        }
    };
    env.add_function("amount", this_year(Figures::amount));
    env.add_function("units_amount", this_year(Figures::units_amount));
    env.add_function("count", this_year(Figures::count));
    env.add_function("stock", this_year(Figures::stock));
    env.add_function("total", this_year(|f, ind| Ok(f.cell(ind, f.current(&ind.code)))));
    let f = Arc::clone(figures);
    env.add_function("value", move |code: &str| -> Result<Option<f64>, Error> {
        // None, as for a figure nobody reported: `{% if value("X") %}` drops the passage.
        if f.is_withheld(code) {
            return Ok(None);
        }
        indicator(&f, code)?;
        Ok(f.value(code))
    });
    let (f, p) = (Arc::clone(figures), provenance.cloned());
    env.add_function("change", move |state: &minijinja::State, code: &str| -> Result<String, Error> {
        // The template's switch: `{% set show_declines = true %}` puts declines in the text.
        let declines = state.lookup("show_declines").is_some_and(|v| v.is_true());
        let ind = indicator(&f, code)?;
        Ok(sourced(&p, f.prose_change(ind, declines), |p| p.change_note(ind)))
    });
    let (f, p) = (Arc::clone(figures), provenance.cloned());
    env.add_function("since", move |code: &str, first: i32| -> Result<String, Error> {
        let ind = indicator(&f, code)?;
        Ok(sourced(&p, f.since(ind, first).map_err(invalid)?, |p| p.since_note(ind, first)))
    });
    let f = Arc::clone(figures);
    env.add_function("top", move |code: &str, n: Option<usize>, unit_type: Option<&str>| -> Result<Value, Error> {
        top(&f, code, n, unit_type)
    });
    env.add_function("list_units", list_units);
}

/// `text` marked with its source (`note`) in a draft.
fn sourced(provenance: &Option<Arc<Provenance>>, text: String, note: impl FnOnce(&Provenance) -> String) -> String {
    match provenance {
        Some(p) => p.mark(text, note),
        None => text,
    }
}

/// `highlights("拥军优属", lead)`: the year's highlights of a category (or of a list of
/// categories, numbered on through them) as one paragraph after `lead` (or one of a list
/// of leads, a different one each year); empty without any.
fn add_highlights_function(
    env: &mut Environment,
    inputs: &Inputs,
    audience: &Audience,
    figures: &Arc<Figures>,
    provenance: Option<&Arc<Provenance>>,
) {
    // The public version leaves out what a unit marked 可公开 = 否 and names units as it
    // names them everywhere (troop units by their display names), in its text too.
    let units = &inputs.ws.units;
    let printed: Vec<String> = units.iter().map(|u| audience.name(&u.name).to_string()).collect();
    let names = Names::new(
        units
            .iter()
            .flat_map(|u| {
                let to = audience.name(&u.name).to_string();
                u.aliases.iter().chain(std::iter::once(&u.name)).map(move |a| (a.clone(), to.clone()))
            })
            .collect(),
    );
    let items: Vec<Highlight> = inputs
        .data
        .checked
        .highlights
        .iter()
        .filter(|h| h.year == inputs.year && (h.public || !audience.public))
        .map(|h| Highlight {
            unit: audience.name(&h.unit).to_string(),
            title: names.rewrite(&h.title, &printed),
            text: names.rewrite(&h.text, &printed),
            ..h.clone()
        })
        .collect();
    let categories: Vec<String> =
        form::highlight_categories(&inputs.ws.catalog).into_iter().map(str::to_string).collect();
    let year = inputs.year;
    let (f, p) = (Arc::clone(figures), provenance.cloned());
    env.add_function("highlights", move |which: Value, lead: Option<Value>| -> Result<String, Error> {
        let wanted = strings(&which)?;
        if let Some(unknown) = wanted.iter().find(|w| !categories.contains(w)) {
            return Err(invalid(format!(
                "highlights() 的类别“{unknown}”不在可选的类别中（{}）",
                categories.join("、")
            )));
        }
        let leads = lead.as_ref().map(strings).transpose()?.unwrap_or_default();
        let lead = match leads.len() {
            0 => "",
            n => &leads[year.rem_euclid(n as i32) as usize],
        };
        let chosen: Vec<&Highlight> = wanted
            .iter()
            .flat_map(|w| items.iter().filter(move |h| &h.category == w))
            .filter(|h| !repeats_a_figure(&f, h))
            .collect();
        // The units' own words, figures and all: one note names every cell they come from.
        Ok(sourced(&p, super::highlights::paragraph(&chosen, lead), |_| super::sources::highlights_note(&chosen)))
    });
}

/// Whether `h` says nothing the text has not said: no figure of its own, and a keyword
/// of an indicator of its category whose figure the section has printed (区教育局's
/// 军人子女教育优待 after 优先安排116名军人子女入学入托). writing.md: a practice is not
/// repeated by a figure sentence of the same section. It stays in the summary workbook
/// and `query`'s highlights.
fn repeats_a_figure(figures: &Figures, h: &Highlight) -> bool {
    let own_figure = h.text.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    !own_figure
        && figures.catalog.indicators().iter().any(|ind| {
            ind.category == h.category
                && figures.told(&ind.code)
                && ind.keywords.iter().any(|k| h.title.contains(k.as_str()) || h.text.contains(k.as_str()))
        })
}

/// A string, or a list of strings.
fn strings(v: &Value) -> Result<Vec<String>, Error> {
    match v.as_str() {
        Some(one) => Ok(vec![one.to_string()]),
        None => Ok(v.try_iter()?.map(|v| v.to_string()).collect()),
    }
}

fn indicator<'f>(f: &'f Figures, code: &str) -> Result<&'f crate::catalog::Indicator, Error> {
    f.indicator(code).map_err(invalid)
}

#[derive(Serialize)]
struct TopItem {
    name: String,
    unit_type: &'static str,
    value: f64,
    /// The value with its unit: `120次`.
    amount: String,
}

/// `top(code, n, unit_type)`: the units with the largest values this year.
fn top(f: &Figures, code: &str, n: Option<usize>, unit_type: Option<&str>) -> Result<Value, Error> {
    let ind = indicator(f, code)?;
    let wanted = match unit_type {
        Some(t) => Some(UnitType::parse(t).ok_or_else(|| invalid(format!("top() 的{}", UnitType::unknown(t))))?),
        None => None,
    };
    let items: Vec<Value> = f
        .by_unit(code)
        .iter()
        .filter(|v| wanted.is_none_or(|t| v.unit_type == t))
        .take(n.unwrap_or(usize::MAX))
        .map(|v| {
            Value::from_serialize(TopItem {
                name: v.unit.clone(),
                unit_type: v.unit_type.label(),
                value: v.value,
                amount: prose_amount(ind, v.value, v.approximate),
            })
        })
        .collect();
    Ok(Value::from(items))
}

/// `list_units(top(...))`: `东湖街道（120次）、西城街道（98次）和南山镇（87次）`.
fn list_units(items: Vec<Value>) -> Result<String, Error> {
    let mut parts = Vec::with_capacity(items.len());
    for item in &items {
        let name = item.get_attr("name")?;
        let amount = item.get_attr("amount")?;
        if name.is_undefined() || amount.is_undefined() {
            return Err(invalid("list_units() 需要 top(...) 的结果".to_string()));
        }
        parts.push(format!("{name}（{amount}）"));
    }
    Ok(match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}和{last}", rest.join("、")),
    })
}

#[derive(Serialize)]
struct Context<'a> {
    region: &'a str,
    office: &'a str,
    year: i32,
    prev_year: i32,
    date_text: String,
    draft: bool,
    /// The public version (`build --public`): a template leaves out what only the
    /// internal version says with `{% if not public %}`.
    public: bool,
    /// The 公文 form (`[official]` in shuangyong.toml): a 报告 with its 主送机关, titled
    /// 关于……的报告 and closed with 特此报告.
    official: bool,
    quality_appendix: QualityAppendix,
    /// The district's title record (`titles` in shuangyong.toml).
    titles: super::titles::Record,
    units: Units,
    quality: Quality,
    /// Candidates for 存在的问题 found in the figures, for a draft (empty otherwise).
    problems: Vec<String>,
}

#[derive(Serialize)]
struct Units {
    total: usize,
    submitted: usize,
    /// Every unit type, zero included, so that `units.by_type["驻区部队"]` always exists.
    by_type: BTreeMap<&'static str, usize>,
    /// Roster units without a return, in roster order, under the names this version
    /// prints (troop units by their display names in the public version).
    missing: Vec<String>,
}

/// Counts behind the 数据质量说明 appendix, so a template can say "nothing to report"
/// instead of printing an empty table.
#[derive(Serialize)]
struct Quality {
    warnings: usize,
    /// Values left out of a draft because they are errors.
    left_out: usize,
    /// Indicators reported by some unit that still have no district total.
    missing_totals: usize,
    /// Rows of the `quality` table.
    rows: usize,
}

fn context<'a>(inputs: &'a Inputs, audience: &Audience, figures: &Figures) -> Context<'a> {
    let ws = inputs.ws;
    let submissions = inputs.data.checked.submissions.get(&inputs.year);
    let submitted = |name: &str| submissions.is_some_and(|s| s.iter().any(|s| s.unit == name && s.file.is_some()));
    let units = Units {
        total: ws.units.len(),
        submitted: ws.units.iter().filter(|u| submitted(&u.name)).count(),
        by_type: UnitType::ALL
            .into_iter()
            .map(|t| (t.label(), ws.units.iter().filter(|u| u.unit_type == t).count()))
            .collect(),
        missing: audience
            .names(&ws.units.iter().filter(|u| !submitted(&u.name)).map(|u| u.name.clone()).collect::<Vec<_>>()),
    };
    let rows = super::quality::quality_rows(inputs, figures);
    let count = |k: super::quality::QualityRowKind| rows.iter().filter(|r| r.kind == k).count();
    let quality = Quality {
        warnings: inputs
            .data
            .checked
            .diagnostics
            .iter()
            .filter(|d| !d.is_error() && d.kind != Kind::MissingSubmission)
            .count(),
        left_out: count(super::quality::QualityRowKind::LeftOut),
        missing_totals: count(super::quality::QualityRowKind::NoTotal),
        rows: rows.len(),
    };
    Context {
        region: &ws.region,
        office: &ws.office,
        year: inputs.year,
        prev_year: inputs.year - 1,
        date_text: inputs.date.chinese(),
        draft: inputs.draft,
        public: inputs.public,
        official: ws.official.is_some(),
        quality_appendix: ws.quality_appendix,
        titles: super::titles::record(&ws.titles),
        units,
        quality,
        problems: if inputs.draft { problems::candidates(inputs) } else { Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{data_set, fact, inputs, workspace};
    use crate::validate::Checked;

    /// writing.md: a practice is not repeated by a figure sentence of the same section.
    /// 区教育局's 入学入托 practice, with no figure of its own, goes once the section has
    /// told 优先安排116名军人子女入学入托; one with figures of its own, of another
    /// category, or before the figure is told, stays.
    #[test]
    fn a_highlight_repeating_a_told_figure_is_not_printed() {
        let ws = workspace();
        let checked = Checked { facts: vec![fact(2024, "区教育局", "YF07", 116.0)], ..Checked::default() };
        let data = data_set(&ws, checked);
        let figures = Figures::new(&inputs(&ws, &data, false, false), &Audience::internal(&ws));
        let h = |category: &str, text: &str| Highlight {
            year: 2024,
            unit: "区教育局".into(),
            unit_type: UnitType::Department,
            category: category.into(),
            title: "军人子女教育优待".into(),
            text: text.into(),
            public: true,
            file: "a.xlsx".into(),
            sheet: "工作亮点".into(),
            cell: "B4".into(),
        };
        let plain = h("拥军优属", "为军人子女协调就近入学入托，做到应入尽入");
        assert!(!repeats_a_figure(&figures, &plain), "the figure is not told yet");
        figures.amount(figures.indicator("YF07").unwrap()).unwrap();
        assert!(repeats_a_figure(&figures, &plain));
        assert!(!repeats_a_figure(&figures, &h("拥军优属", "协调入学入托120名")));
        assert!(!repeats_a_figure(&figures, &h("国防教育和双拥宣传", "为军人子女协调就近入学入托")));
    }

    #[test]
    fn list_units_joins_with_he() {
        let item = |n: &str, a: &str| Value::from_serialize(serde_json::json!({"name": n, "amount": a}));
        assert_eq!(list_units(vec![]).unwrap(), "");
        assert_eq!(list_units(vec![item("甲", "1次")]).unwrap(), "甲（1次）");
        assert_eq!(
            list_units(vec![item("甲", "3次"), item("乙", "2次"), item("丙", "1次")]).unwrap(),
            "甲（3次）、乙（2次）和丙（1次）"
        );
    }
}
