//! Excel's binary workbook (`.xlsb`, MS-XLSB), which no crate of the build writes: the
//! least of it that Excel and calamine read (workbook, one part a sheet, strings inline),
//! made from an `.xlsx` that calamine reads back, so that an intake workbook can be
//! returned as `.xlsb` with the same sheets, cells and hidden sheets.

use std::io::Write;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader, SheetVisible};

/// One record: its type and size as MS-XLSB's variable-length integers, then its data.
fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    let mut varint = |mut v: u32, max: usize| {
        for _ in 0..max {
            let byte = (v & 0x7F) as u8;
            v >>= 7;
            out.push(if v > 0 { byte | 0x80 } else { byte });
            if v == 0 {
                break;
            }
        }
        assert_eq!(v, 0, "record too large");
    };
    varint(typ as u32, 2);
    varint(data.len() as u32, 4);
    out.extend_from_slice(data);
}

/// An `XLWideString`: a character count, then UTF-16LE.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// A sheet part: BrtBeginSheet, BrtWsDim, the cells row by row, BrtEndSheet.
fn sheet_part(cells: &[(u32, u32, Data)]) -> Vec<u8> {
    let mut out = Vec::new();
    record(&mut out, 0x0081, &[]);
    let last = |f: fn(&(u32, u32, Data)) -> u32| cells.iter().map(f).max().unwrap_or(0);
    let dim: Vec<u8> = [0, last(|c| c.0), 0, last(|c| c.1)].iter().flat_map(|v| v.to_le_bytes()).collect();
    record(&mut out, 0x0094, &dim);
    record(&mut out, 0x0091, &[]);
    let mut row = None;
    for (r, c, value) in cells {
        if row != Some(*r) {
            // BrtRowHdr: the row, style 0, default height, no flags, no column spans.
            let mut hdr = r.to_le_bytes().to_vec();
            hdr.extend([0, 0, 0, 0, 0x2C, 0x01, 0, 0, 0, 0, 0, 0, 0]);
            record(&mut out, 0x0000, &hdr);
            row = Some(*r);
        }
        // A cell starts with its column and a style index with flags (3 + 1 bytes).
        let mut data = c.to_le_bytes().to_vec();
        data.extend([0, 0, 0, 0]);
        match value {
            Data::Float(f) => {
                data.extend(f.to_le_bytes());
                record(&mut out, 0x0005, &data); // BrtCellReal
            }
            Data::Int(i) => {
                data.extend((*i as f64).to_le_bytes());
                record(&mut out, 0x0005, &data);
            }
            Data::Bool(b) => {
                data.push(*b as u8);
                record(&mut out, 0x0004, &data); // BrtCellBool
            }
            Data::Empty => {}
            other => {
                data.extend(wide(&other.to_string()));
                record(&mut out, 0x0006, &data); // BrtCellSt
            }
        }
    }
    record(&mut out, 0x0092, &[]);
    record(&mut out, 0x0082, &[]);
    out
}

/// Rewrites the `.xlsx` at `from` as an `.xlsb` at `to`: every sheet, its cells' values
/// (numbers, text, booleans) and whether it is hidden.
pub fn xlsx_to_xlsb(from: &Path, to: &Path) {
    let mut book = open_workbook_auto(from).unwrap();
    let sheets: Vec<(String, bool)> =
        book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible != SheetVisible::Visible)).collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, bytes: &[u8]| {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    };
    let binary = "application/vnd.ms-excel";
    let mut types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="{binary}.sheet.binary.macroEnabled.main"/>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut workbook = Vec::new();
    record(&mut workbook, 0x0083, &[]); // BrtBeginBook
    record(&mut workbook, 0x008F, &[]); // BrtBeginBundleShs
    for (i, (name, hidden)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.bin" ContentType="{binary}.worksheet"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.bin"/>"#
        ));
        // BrtBundleSh: state, tab id, relationship id, name.
        let mut data = (*hidden as u32).to_le_bytes().to_vec();
        data.extend((n as u32).to_le_bytes());
        data.extend(wide(&format!("rId{n}")));
        data.extend(wide(name));
        record(&mut workbook, 0x009C, &data);
        let range = book.worksheet_range(name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cells: Vec<(u32, u32, Data)> =
            range.cells().map(|(r, c, v)| (r0 + r as u32, c0 + c as u32, v.clone())).collect();
        put(&format!("xl/worksheets/sheet{n}.bin"), &sheet_part(&cells));
    }
    record(&mut workbook, 0x0090, &[]); // BrtEndBundleShs
                                        // BrtCalcProp: calamine reads names up to it.
    record(&mut workbook, 0x009D, &[0; 26]);
    record(&mut workbook, 0x0084, &[]); // BrtEndBook
    types.push_str("</Types>");
    rels.push_str("</Relationships>");
    put("[Content_Types].xml", types.as_bytes());
    put(
        "_rels/.rels",
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#,
    );
    put("xl/workbook.bin", &workbook);
    put("xl/_rels/workbook.bin.rels", rels.as_bytes());
    std::fs::write(to, zip.finish().unwrap().into_inner()).unwrap();
}
