//! Who the report is for. The internal version carries everything. The public version
//! (`build --public`), the one a district may put on its website, carries no indicator
//! the catalogue marks `public = false`, no troop unit's own figures, and names troop
//! units by their display names only (`display_name`, by default 驻区某部).
//!
//! The rules apply where the report takes its figures, not in the template, so that a
//! workspace's own template written without them still gives a safe public version:
//! - tables and charts list only the indicators the version may show; a `by_unit`
//!   table or `bar_by_unit` chart over 驻区部队 (or over an indicator only troops
//!   report) is left out, the other per-unit ones list no troop unit;
//! - in prose, `value()` of a withheld indicator is none, so that the usual
//!   `{% if value("X") %}` leaves the passage out, while `amount()`, `total()`,
//!   `change()`, `since()` and `top()` of one stop the build at the template line rather
//!   than print a sentence with a hole in it; `top()` lists no troop unit;
//! - unit names in prose and notes (returns missing, units left out of a change) are the
//!   names the version prints;
//! - the `quality` table (files and cells, the office's business) stops the build.

use std::collections::BTreeMap;

use super::{Inputs, ReportError};
use crate::aggregate::Tables;
use crate::catalog::Catalog;
use crate::validate::Fact;
use crate::workspace::{UnitType, Workspace};

pub(crate) struct Audience {
    pub public: bool,
    /// The indicators this version may show: all of them, or the publishable ones.
    pub catalog: Catalog,
    /// The indicators this version leaves out, code to name (for the messages).
    pub withheld: BTreeMap<String, String>,
    /// The public version's per-unit figures, from the units other than troops; the
    /// internal version takes the report's own tables.
    unit_tables: Option<Tables>,
    /// Roster names to the names printed, where they differ.
    names: BTreeMap<String, String>,
}

impl Audience {
    pub fn new(inputs: &Inputs) -> Result<Audience, ReportError> {
        let ws = inputs.ws;
        if !inputs.public {
            return Ok(Audience::internal(ws));
        }
        let facts: Vec<Fact> =
            inputs.data.checked.facts.iter().filter(|f| f.unit_type != UnitType::Troop).cloned().collect();
        Ok(Audience {
            public: true,
            catalog: ws.catalog.published(),
            withheld: ws
                .catalog
                .indicators()
                .iter()
                .filter(|i| !i.public)
                .map(|i| (i.code.clone(), i.name.clone()))
                .collect(),
            unit_tables: Some(crate::aggregate::tables(ws, &facts)?),
            names: ws
                .units
                .iter()
                .filter(|u| u.public_name() != u.name)
                .map(|u| (u.name.clone(), u.public_name().to_string()))
                .collect(),
        })
    }

    /// Everything, under the roster's names.
    pub fn internal(ws: &Workspace) -> Audience {
        Audience {
            public: false,
            catalog: ws.catalog.clone(),
            withheld: BTreeMap::new(),
            unit_tables: None,
            names: BTreeMap::new(),
        }
    }

    /// Where the per-unit figures come from: `all`, or the public version's own.
    pub fn unit_tables<'t>(&'t self, all: &'t Tables) -> &'t Tables {
        self.unit_tables.as_ref().unwrap_or(all)
    }

    /// The name printed for a roster unit.
    pub fn name<'n>(&'n self, unit: &'n str) -> &'n str {
        self.names.get(unit).map_or(unit, String::as_str)
    }

    /// The names printed for `units`, each once and in order: troop units may share
    /// a display name.
    pub fn names(&self, units: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(units.len());
        for unit in units {
            let name = self.name(unit);
            if !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
        out
    }

    /// Whether this version shows the figures of single units of this type.
    pub fn shows_units_of(&self, unit_type: UnitType) -> bool {
        !(self.public && unit_type == UnitType::Troop)
    }
}

/// Why a template may not quote a withheld indicator, and what to write instead.
pub(crate) fn withheld_message(code: &str, name: &str) -> String {
    format!(
        "{code}（{name}）按指标目录不公开（public = false），公开版不能引用：\
         请用 {{% if not public %}}……{{% endif %}} 把引用它的文字括起来"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{data_set, fact, inputs, workspace};
    use crate::validate::Checked;

    #[test]
    fn the_public_version_renames_troops_and_withholds_conscription() {
        let ws = workspace();
        let facts = vec![fact(2024, "某部", "AM01", 500.0), fact(2024, "东湖街道", "ZC06", 10.0)];
        let checked = Checked { facts, ..Checked::default() };
        let data = data_set(&ws, checked);
        let inputs = inputs(&ws, &data, false, true);
        let a = Audience::new(&inputs).unwrap();
        assert_eq!(a.name("某部"), "驻区某部");
        assert_eq!(a.name("东湖街道"), "东湖街道");
        assert_eq!(a.names(&["某部".into(), "东湖街道".into(), "某部".into()]), ["驻区某部", "东湖街道"]);
        assert!(a.catalog.get("ZC06").is_none() && a.withheld.contains_key("ZC07"));
        assert!(a.unit_tables(&data.tables).by_unit(2024, "AM01").is_empty());
        assert_eq!(data.tables.by_unit(2024, "AM01").len(), 1, "the totals keep the troops' figures");
        assert!(!a.shows_units_of(UnitType::Troop) && a.shows_units_of(UnitType::Street));
        let i = Audience::internal(&ws);
        assert_eq!(i.name("某部"), "某部");
        assert!(i.shows_units_of(UnitType::Troop) && i.withheld.is_empty());
    }
}
