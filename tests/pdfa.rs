//! The documents as archives (issue 11, item 3): the report and the dossier of the sample
//! workspace read back with qpdf and pdffonts, each PDF/A-3b part in place, and the facts
//! attached to each PDF byte for byte what `query` gives for the same years. What only
//! veraPDF could confirm is listed in docs/pdfa.md.

mod common;

use std::path::Path;

use common::{query_csv, run, samples, tool, EPOCH};
use serde_json::Value;

/// `query --format csv` of the facts columns the PDFs carry, for `years` (an SQL condition).
fn queried_facts(ws: &Path, years: &str) -> String {
    query_csv(ws, &format!("SELECT year, unit, code, value, file, sheet, cell FROM facts WHERE year {years}"))
}

/// Asserts each PDF/A-3b part of `pdf` as qpdf reads it, and returns the attached
/// `facts.csv`; `None` when qpdf is not installed.
fn archival_facts(pdf: &Path) -> Option<String> {
    let arg = |s: &'static str| -> &std::ffi::OsStr { s.as_ref() };
    let json = tool("qpdf", &[arg("--json"), arg("--json-key=qpdf"), pdf.as_os_str()])?;
    let json: Value = serde_json::from_str(&json).unwrap();
    let objects = &json["qpdf"][1];
    // An indirect object's value, or its stream dictionary.
    let deref = |v: &Value| -> Value {
        match v.as_str().filter(|s| s.ends_with(" R")) {
            Some(r) => {
                let o = &objects[format!("obj:{r}")];
                if o["value"].is_null() {
                    o["stream"]["dict"].clone()
                } else {
                    o["value"].clone()
                }
            }
            None => v.clone(),
        }
    };
    let what = pdf.file_name().unwrap().to_string_lossy();
    // Syntax and every stream decodes (qpdf exits non-zero on errors and on warnings).
    tool("qpdf", &[arg("--check"), pdf.as_os_str()])?;
    let trailer = &objects["trailer"]["value"];
    assert!(trailer["/ID"].as_array().is_some_and(|id| id.len() == 2), "{what}: no document ID");
    assert!(trailer["/Encrypt"].is_null(), "{what}: encrypted");
    let catalog = deref(&trailer["/Root"]);
    let info = deref(&trailer["/Info"]);

    // XMP: the PDF/A claim and the dates of the document information.
    let metadata = &catalog["/Metadata"];
    let dict = deref(metadata);
    assert_eq!((dict["/Type"].as_str(), dict["/Subtype"].as_str()), (Some("/Metadata"), Some("/XML")), "{what}");
    assert!(dict["/Filter"].is_null(), "{what}: the XMP is compressed");
    let id = metadata.as_str().unwrap().split(' ').next().unwrap();
    let xmp = tool("qpdf", &[arg("--filtered-stream-data"), format!("--show-object={id}").as_ref(), pdf.as_os_str()])?;
    assert!(xmp.contains("<pdfaid:part>3</pdfaid:part>"), "{what}: {xmp}");
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "{what}: {xmp}");
    let title = info["/Title"].as_str().unwrap().trim_start_matches("u:");
    assert!(xmp.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")), "{what}: {xmp}");
    // SOURCE_DATE_EPOCH 2025-01-01T00:00:00Z, Beijing time in both.
    assert_eq!(EPOCH, "1735689600");
    for key in ["/CreationDate", "/ModDate"] {
        assert_eq!(info[key], "u:D:20250101080000+08'00'", "{what} {key}");
    }
    for p in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
        assert!(xmp.contains(&format!("<{p}>2025-01-01T08:00:00+08:00</{p}>")), "{what}: {p} in {xmp}");
    }

    // The sRGB output intent with an embedded three-component profile.
    let intents = catalog["/OutputIntents"].as_array().expect("/OutputIntents");
    assert_eq!(intents.len(), 1, "{what}");
    let intent = deref(&intents[0]);
    assert_eq!(intent["/S"], "/GTS_PDFA1", "{what}");
    assert_eq!(deref(&intent["/DestOutputProfile"])["/N"], 3, "{what}");

    // The facts: associated with the document and listed as an embedded file.
    let af = catalog["/AF"].as_array().expect("/AF");
    assert_eq!(catalog["/Names"]["/EmbeddedFiles"]["/Names"], serde_json::json!(["u:facts.csv", af[0]]), "{what}");
    let spec = deref(&af[0]);
    assert_eq!(spec["/AFRelationship"], "/Data", "{what}");
    assert_eq!((spec["/F"].as_str(), spec["/UF"].as_str()), (Some("u:facts.csv"), Some("u:facts.csv")), "{what}");
    let file = deref(&spec["/EF"]["/F"]);
    assert_eq!(file["/Subtype"], "/text/csv", "{what}");
    assert_eq!(file["/Params"]["/ModDate"], "u:D:20250101080000+08'00'", "{what}");

    // Annotations printable; every font embedded.
    for o in objects.as_object().unwrap().values() {
        if o["value"]["/Type"] == "/Annot" {
            assert_eq!(o["value"]["/F"], 4, "{what}: {o}");
        }
    }
    let fonts = tool("pdffonts", &[pdf.as_os_str()])?;
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty() && rows.iter().all(|r| r.contains("CID TrueType") && r.contains(" yes yes ")), "{fonts}");

    let csv = tool("qpdf", &[arg("--show-attachment=facts.csv"), pdf.as_os_str()])?;
    assert_eq!(file["/Params"]["/Size"], csv.len(), "{what}");
    Some(csv)
}

#[test]
fn the_report_is_pdf_a_3b_and_carries_the_facts_query_gives() {
    let (_tmp, ws) = samples();
    let r = run(&ws, &["build", "."]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let Some(csv) = archival_facts(&ws.join("out/示例区2024年度双拥工作报告.pdf")) else { return };
    // Every year up to the report's: the trend charts reach back to the first.
    assert_eq!(csv, queried_facts(&ws, "<= 2024"));
    assert!(csv.starts_with("year,unit,code,value,file,sheet,cell\n2021,"), "{}", &csv[..200]);
    assert!(csv.lines().any(|l| l.starts_with("2024,")));
}

#[test]
fn the_dossier_is_pdf_a_3b_and_carries_the_cycles_facts() {
    let (_tmp, ws) = samples();
    let r = run(&ws, &["dossier", ".", "--from", "2022", "--to", "2024"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    for stem in ["示例区2022-2024年双拥模范城创建考评材料", "示例区2022-2024年双拥模范城创建工作汇报"]
    {
        let Some(csv) = archival_facts(&ws.join("out").join(format!("{stem}.pdf"))) else { return };
        assert_eq!(csv, queried_facts(&ws, "BETWEEN 2022 AND 2024"), "{stem}");
        assert!(!csv.contains("\n2021,"), "{stem}: a year outside the cycle");
    }
}
