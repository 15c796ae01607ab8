//! A small workspace and facts for the report's unit tests.

use std::path::Path;

use super::Inputs;
use crate::dataset::DataSet;
use crate::date::DocDate;
use crate::validate::{Checked, Fact};
use crate::workspace::Workspace;

pub(crate) const CONFIG: &str = r#"
region = "示例区"
office = "示例区双拥工作领导小组办公室"
year = 2024

[[units]]
name = "区退役军人事务局"
type = "部门"
authoritative = true

[[units]]
name = "区教育局"
type = "部门"

[[units]]
name = "东湖街道"
type = "街道镇"

[[units]]
name = "西城街道"
type = "街道镇"

[[units]]
name = "南山镇"
type = "街道镇"

[[units]]
name = "某部"
type = "驻区部队"
"#;

pub(crate) fn workspace() -> Workspace {
    Workspace::parse(Path::new("ws"), CONFIG).expect("test workspace")
}

pub(crate) fn fact(year: i32, unit: &str, code: &str, value: f64) -> Fact {
    let ws = workspace();
    let u = ws.unit(unit).expect("unit on the test roster");
    Fact::sample(year, &u.name, u.unit_type, code, value)
}

/// The data set of `checked` for 2024.
pub(crate) fn data_set(ws: &Workspace, checked: Checked) -> DataSet {
    DataSet::build(ws, 2024, checked).expect("test data set")
}

/// The report's inputs for 2024 on a fixed document date.
pub(crate) fn inputs<'a>(ws: &'a Workspace, data: &'a DataSet, draft: bool, public: bool) -> Inputs<'a> {
    Inputs { ws, year: 2024, data, draft, public, date: DocDate::from_unix(1_734_625_800) }
}
