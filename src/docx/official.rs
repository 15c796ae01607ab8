//! The 公文 form in Word: the red 版头 and the 主送机关 as paragraphs, the 版记 as a table
//! floated to the foot of the last page (Word cannot be told to start it on an even page;
//! the PDF does that).

use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, SpecialIndentType, Tab, TabValueType, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TablePositionProperty, TableRow, WidthType,
};

use super::{page, styles, twips_from_mm};
use crate::typeset::Official;

/// 4号, the 版记's size, in half-points and twips.
const SI_HAO_HALF_POINTS: usize = 28;
const SI_HAO_TWIPS: i32 = 280;

/// The layout's red, as Word writes colours.
fn red() -> String {
    let c = Official::RED;
    format!("{:02X}{:02X}{:02X}", c.r, c.g, c.b)
}

fn plain(text: &str) -> Run {
    Run::new().add_text(text)
}

fn on_grid(before: u32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(before).after(0)
}

/// The 发文机关标志 35 mm down, the 发文字号 (and 签发人) two lines under it with the red
/// rule 4 mm below, then two blank lines before the title.
pub(super) fn masthead(form: &Official) -> Vec<Paragraph> {
    let width_pt = (page::TYPE_WIDTH_MM / 25.4 * 72.0) as f32;
    let size = (form.mark_size(width_pt) * 2.0).round() as usize;
    let mark = Paragraph::new()
        .align(AlignmentType::Center)
        .snap_to_grid(false)
        .line_spacing(on_grid(
            twips_from_mm(35.0) as u32 - if form.mark.is_some() { page::line_pitch() as u32 } else { 0 },
        ))
        .add_run(plain(&form.issuer_mark).color(red()).size(size).fonts(styles::fonts(styles::XIAOBIAOSONG)));
    let number = form.number.as_deref().unwrap_or_default();
    let mut line = Paragraph::new().line_spacing(on_grid(2 * page::line_pitch() as u32));
    line = match &form.signer {
        // 发文字号 one character in from the left, 签发人 one in from the right.
        Some(signer) => line
            .indent(Some(320), None, Some(320), None)
            .add_tab(Tab::new().val(TabValueType::Right).pos((page::type_width() - 640) as usize))
            .add_run(plain(number))
            .add_run(Run::new().add_tab())
            .add_run(plain("签发人："))
            .add_run(plain(signer).fonts(styles::fonts(styles::KAITI))),
        None => line.align(AlignmentType::Center).add_run(plain(number)),
    };
    // The rule's distance from the text is in points; 4 mm is about 11 pt.
    line.property = line.property.set_borders(ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Bottom).val(BorderType::Single).size(18).space(11).color(red()),
    ));
    let mut paragraphs = Vec::new();
    if let Some(m) = &form.mark {
        // 密级's place: the first line, flush left, 黑体; the 标志 keeps its 35 mm.
        paragraphs.push(Paragraph::new().add_run(plain(m).fonts(styles::fonts(styles::HEITI))));
    }
    paragraphs.extend([mark, line, Paragraph::new(), Paragraph::new()]);
    paragraphs
}

/// One blank line, then the 主送机关 flush left with a full-width colon.
pub(super) fn addressee(form: &Official) -> Vec<Paragraph> {
    let text = format!("{}：", form.addressee.trim_end_matches(['：', ':']));
    vec![Paragraph::new(), Paragraph::new().align(AlignmentType::Both).add_run(plain(&text))]
}

/// The 版记: 抄送 and 印发 lines between a thick rule above and below and a thin one
/// between, floated to the foot of the page the document ends on.
pub(super) fn colophon(form: &Official) -> Table {
    let width = page::type_width() as usize;
    let cell = |p: Paragraph| TableCell::new().width(width, WidthType::Dxa).add_paragraph(p);
    let text = |t: &str| plain(t).size(SI_HAO_HALF_POINTS);
    let mut rows = Vec::new();
    if !form.copy_to.is_empty() {
        // A hanging indent lines further lines up after 抄送：.
        let label = 3 * SI_HAO_TWIPS;
        let p = Paragraph::new()
            .indent(Some(SI_HAO_TWIPS + label), Some(SpecialIndentType::Hanging(label)), Some(SI_HAO_TWIPS), None)
            .add_run(text(&format!("抄送：{}。", form.copy_to.join("，"))));
        rows.push(TableRow::new(vec![cell(p)]).cant_split());
    }
    let printer = Paragraph::new()
        .indent(Some(SI_HAO_TWIPS), None, Some(SI_HAO_TWIPS), None)
        .add_tab(Tab::new().val(TabValueType::Right).pos(width - 2 * SI_HAO_TWIPS as usize))
        .add_run(text(&form.printer))
        .add_run(Run::new().add_tab())
        .add_run(text(&format!("{}印发", form.print_date_text)));
    rows.push(TableRow::new(vec![cell(printer)]).cant_split());
    let border = |position, eighths| TableBorder::new(position).border_type(BorderType::Single).size(eighths);
    Table::new(rows)
        .set_grid(vec![width])
        .width(width, WidthType::Dxa)
        .set_borders(
            TableBorders::with_empty()
                .set(border(TableBorderPosition::Top, 8))
                .set(border(TableBorderPosition::Bottom, 8))
                .set(border(TableBorderPosition::InsideH, 6)),
        )
        .position(
            TablePositionProperty::new()
                .vertical_anchor("margin")
                .horizontal_anchor("margin")
                .position_y_alignment("bottom")
                .position_x_alignment("center"),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::BuildXML;

    #[test]
    fn colophon_floats_to_the_page_foot_between_rules() {
        let form = Official {
            issuer_mark: "示例区双拥工作领导小组办公室".into(),
            number: None,
            signer: None,
            addressee: "区委、区政府".into(),
            copy_to: vec!["市双拥办".into()],
            printer: "示例区双拥工作领导小组办公室".into(),
            print_date_text: "2024年12月20日".into(),
            mark: Some("内部资料".into()),
        };
        let xml = String::from_utf8(colophon(&form).build()).unwrap();
        assert!(xml.contains(r#"w:vertAnchor="margin""#) && xml.contains(r#"w:tblpYSpec="bottom""#), "{xml}");
        assert!(xml.contains("抄送：市双拥办。") && xml.contains("2024年12月20日印发"));
        assert!(xml.contains(r#"<w:insideH w:val="single" w:sz="6""#), "{xml}");
    }
}
