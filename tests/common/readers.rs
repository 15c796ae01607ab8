//! Reading what the binary wrote, with readers independent of the code that wrote it:
//! poppler (pdftotext, pdffonts), qpdf, LibreOffice, Python packages (ofdkit,
//! python-docx), lopdf, calamine and the zip crate. Every external tool is run here, so
//! that a missing one is handled once: under CI it fails the test, elsewhere the test
//! notes it and goes on without.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, open_workbook_auto, Data, Dimensions, Range, Reader, Xlsx};

/// Whether `CI` is set (to anything non-empty): then nothing may be skipped.
pub fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Something a test needs from outside the repository is not there. Under CI (`CI`
/// set) that fails the test, since a passing run must have checked everything; on a
/// developer's machine the test notes it and goes on without.
pub fn unavailable(what: &str) {
    if under_ci() {
        panic!("{what}, and CI is set: a CI run checks everything, it skips nothing (.ci/run installs it)");
    }
    eprintln!("note: {what}; skipped");
}

/// The Debian package that brings a tool, for the note when it is missing.
fn package(tool: &str) -> &'static str {
    match tool {
        "pdftotext" | "pdffonts" | "pdfinfo" | "pdftoppm" => "poppler-utils",
        "qpdf" => "qpdf",
        "soffice" => "libreoffice-writer-nogui",
        "python3" => "python3",
        _ => "?",
    }
}

/// Runs an external tool; `None` after [`unavailable`] when it is not installed. A tool
/// that runs and fails fails the test.
fn output(command: &mut Command) -> Option<std::process::Output> {
    let name = command.get_program().to_string_lossy().into_owned();
    match command.output() {
        Ok(out) => {
            assert!(out.status.success(), "{name} failed: {}", String::from_utf8_lossy(&out.stderr));
            Some(out)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            unavailable(&format!("{name} not found (Debian: {})", package(&name)));
            None
        }
        Err(e) => panic!("{name}: {e}"),
    }
}

/// The standard output of an external tool (see [`output`]).
pub fn tool(name: &str, args: &[&OsStr]) -> Option<String> {
    let out = output(Command::new(name).args(args))?;
    Some(String::from_utf8(out.stdout).expect("UTF-8 from the tool"))
}

/// A PDF's text as pdftotext extracts it (UTF-8), with `args` before the file name
/// (`-layout`, `-f 3 -l 3` …); pages end in a form feed.
pub fn pdftotext(pdf: &Path, args: &[&str]) -> Option<String> {
    let mut all: Vec<&OsStr> = vec![OsStr::new("-enc"), OsStr::new("UTF-8")];
    all.extend(args.iter().map(OsStr::new));
    all.extend([pdf.as_os_str(), OsStr::new("-")]);
    tool("pdftotext", &all)
}

/// A workbook as LibreOffice Calc prints it (converted headless to PDF), page by page as
/// `pdftotext -layout` reads them.
pub fn printed_pages(xlsx: &Path) -> Option<Vec<String>> {
    let tmp = tempfile::tempdir().unwrap();
    let mut convert = Command::new("soffice");
    convert.args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"]).arg(tmp.path()).arg(xlsx);
    let out = output(convert.env("HOME", tmp.path()))?;
    let pdf = tmp.path().join(Path::new(xlsx.file_name().unwrap()).with_extension("pdf"));
    assert!(
        pdf.is_file(),
        "LibreOffice converted nothing from {} (is Calc installed? Debian: libreoffice-calc-nogui): {}",
        xlsx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdftotext(&pdf, &["-layout"])?;
    Some(text.split_terminator('\u{c}').map(str::to_string).collect())
}

/// Page `n` (from 1) of a PDF as pdftotext reads it.
pub fn pdf_page_text(pdf: &Path, n: usize) -> Option<String> {
    let n = n.to_string();
    pdftotext(pdf, &["-f", &n, "-l", &n])
}

/// Whether a line is a page number as the documents print it (`— 4 —`).
pub fn is_page_number(line: &str) -> bool {
    let inner = line.trim().strip_prefix('—').and_then(|l| l.strip_suffix('—')).map(str::trim);
    inner.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The text of a PDF as pdftotext extracts it, all whitespace and the page numbers
/// removed, since line and page breaks fall wherever the typesetter put them and a
/// paragraph is read across them.
pub fn pdf_text(pdf: &Path) -> Option<String> {
    let text = pdftotext(pdf, &[])?;
    Some(text.lines().filter(|l| !is_page_number(l)).flat_map(str::chars).filter(|c| !c.is_whitespace()).collect())
}

/// The number of pages of a PDF, counted by lopdf from its page tree.
pub fn pdf_pages(pdf: &Path) -> usize {
    lopdf::Document::load(pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display())).get_pages().len()
}

/// The fonts of a PDF as pdffonts lists them (`args`: `-f 3 -l 3` for a page).
pub fn pdffonts(pdf: &Path, args: &[&str]) -> Option<String> {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.push(pdf.as_os_str());
    tool("pdffonts", &all)
}

/// The output of a Python `script` run with `args`, which imports `module` (a package
/// from PyPI that CI installs): `None` after [`unavailable`] without it.
pub fn python(module: &str, script: &str, args: &[&OsStr]) -> Option<String> {
    let probe = output(Command::new("python3").args([
        "-c",
        "import sys, importlib.util; print(importlib.util.find_spec(sys.argv[1]) is not None)",
        module,
    ]))?;
    if String::from_utf8_lossy(&probe.stdout).trim() != "True" {
        unavailable(&format!("the Python package {module} is not installed (.ci/run: pip install)"));
        return None;
    }
    let out = output(Command::new("python3").arg("-c").arg(script).args(args))?;
    Some(String::from_utf8(out.stdout).expect("UTF-8 from Python"))
}

/// The faces an office PC has, each with the bundled face that stands in for it (the
/// one the PDF draws that role with) and whether the stand-in is the bold cut:
/// 方正小标宋简体 is a heavy face, drawn in the PDF with Noto Serif SC Bold.
pub const OFFICE_FACES: &[(&str, &str, bool)] = &[
    ("仿宋_GB2312", "Zhuque Fangsong", false),
    ("黑体", "Noto Sans SC", false),
    ("楷体_GB2312", "LXGW WenKai", false),
    ("方正小标宋简体", "Noto Serif SC", true),
    ("宋体", "Noto Serif SC", false),
];

/// A Word document converted to PDF by LibreOffice headless, in `work` (its own profile
/// and font cache there); `None` without LibreOffice. The office's faces are missing on
/// a build machine: a private fonts.conf (the file `FONTCONFIG_FILE` names is written
/// here; it includes the system's for the Latin faces, Times New Roman's metric twin)
/// maps each of [`OFFICE_FACES`] to the bundled face that stands in for it, as an office
/// PC resolves the names to its own faces.
pub fn word_to_pdf(docx: &Path, work: &Path) -> Option<PathBuf> {
    let font_table = zip_part(docx, "word/fontTable.xml");
    let aliases: String = OFFICE_FACES
        .iter()
        .map(|(office, bundled, bold)| {
            assert!(font_table.contains(&format!(r#"w:name="{office}""#)), "{office} not in {font_table}");
            let weight = if *bold { r#"<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>"# } else { "" };
            format!(
                r#"<match target="pattern"><test name="family"><string>{office}</string></test><edit name="family" mode="assign" binding="strong"><string>{bundled}</string></edit>{weight}</match>"#
            )
        })
        .collect();
    std::fs::create_dir_all(work).unwrap();
    let conf = work.join("fonts.conf");
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    std::fs::write(
        &conf,
        format!(
            r#"<?xml version="1.0"?><fontconfig><dir>{}</dir><include ignore_missing="yes">/etc/fonts/fonts.conf</include><cachedir>{}</cachedir>{aliases}</fontconfig>"#,
            fonts.display(),
            work.join("fc-cache").display()
        ),
    )
    .unwrap();
    let converted = work.join("lo");
    output(
        Command::new("soffice")
            .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
            .arg(&converted)
            .arg(docx)
            .env("FONTCONFIG_FILE", &conf)
            .env("HOME", work),
    )?;
    let pdf = converted.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "soffice made no PDF of {}", docx.display());
    Some(pdf)
}

/// The entries of a zip package (.docx, .xlsx, .ofd), in order, with their bytes.
pub fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// One part of a zip package as text.
pub fn zip_part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in {}", path.display())).read_to_string(&mut text).unwrap();
    text
}

/// The names of a zip package's entries.
pub fn zip_names(path: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    zip.file_names().map(|n| n.unwrap().into_owned()).collect()
}

/// The text of a Word document's body, tags and whitespace removed.
pub fn docx_text(docx: &Path) -> String {
    let xml = zip_part(docx, "word/document.xml");
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => text.push(c),
            _ => {}
        }
    }
    text
}

/// A worksheet's cells as calamine reads them (any format it opens).
pub fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    book.worksheet_range(name).unwrap_or_else(|e| panic!("{name} in {}: {e}", path.display()))
}

/// The merged areas of an `.xlsx` worksheet, sorted.
pub fn merged_areas(path: &Path, name: &str) -> Vec<Dimensions> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut areas =
        book.merge_cells_by_sheet_name(name).unwrap_or_else(|e| panic!("{name} in {}: {e}", path.display()));
    areas.sort();
    areas
}

/// A workbook's sheet names, in order.
pub fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).sheet_names()
}

/// A cell as text: strings as they are, numbers as calamine prints them, empty as "".
pub fn cell_text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A numeric cell's value.
pub fn cell_number(range: &Range<Data>, row: u32, col: u32) -> Option<f64> {
    match range.get_value((row, col))? {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}
