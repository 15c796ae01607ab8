//! The 公文 form (GB/T 9704-2012): the 版头 above the title (7.2), the 主送机关 under it
//! (7.3.2) and the 版记 at the foot of the last page (7.4).

use super::geometry::{AREA_H, AREA_W, CHAR_PITCH, EM_ASCENT, LINE_PITCH, MARGIN_LEFT, MARGIN_TOP, MM};
use super::items::{Item, PageOut, Row, TextRun};
use super::text::{natural_width, plain_atoms, run_of, single_line};
use crate::typeset::linebreak::{break_lines, LineSpec};
use crate::typeset::model::{size, FontRole, Official, Rgb, Stroke};
use crate::typeset::shape::Shaper;

/// The 发文机关标志's top sits 35 mm below the type area's top edge (7.2.4).
const MARK_DROP: f32 = 35.0 * MM;
/// The red rule runs 4 mm under the 发文字号 (7.2.6).
const RULE_GAP: f32 = 4.0 * MM;
const RED_RULE: f32 = 2.25;
/// 版记 rules: the first and last 0.35 mm, those between 0.25 mm (7.4.1).
const THICK: f32 = 0.35 * MM;
const THIN: f32 = 0.25 * MM;

fn text_run(shaper: &Shaper<'_>, role: FontRole, text: &str, size: f32, x: f32, baseline: f32, color: Rgb) -> TextRun {
    let glyphs = shaper.shape(role, text, &|| format!("版头版记“{text}”"));
    TextRun { x, baseline, size, color, rotate_deg: 0.0, glyphs: single_line(&glyphs, size, false) }
}

fn width(shaper: &Shaper<'_>, role: FontRole, text: &str, size: f32) -> f32 {
    natural_width(&shaper.shape(role, text, &|| format!("版头版记“{text}”")), size)
}

fn rule(y: f32, width: f32, color: Rgb) -> Item {
    let mut item = Item::rule(0.0, y, AREA_W, y, width);
    if let Item::Path { stroke: Some(s), .. } = &mut item {
        *s = Stroke { color, width };
    }
    item
}

fn blank() -> Row {
    Row { height: LINE_PITCH, grid: true, ..Row::default() }
}

/// The 版头: the red 发文机关标志, two lines down the 发文字号 (with the 签发人 on its
/// right for a report sent upward), the red rule 4 mm under it, and the two blank lines
/// the title follows.
pub(super) fn masthead(form: &Official, shaper: &Shaper<'_>) -> Vec<Row> {
    let mark_size = form.mark_size(AREA_W);
    let mark_w = width(shaper, FontRole::Title, &form.issuer_mark, mark_size);
    let mark = text_run(
        shaper,
        FontRole::Title,
        &form.issuer_mark,
        mark_size,
        (AREA_W - mark_w) / 2.0,
        MARK_DROP + EM_ASCENT * mark_size,
        Official::RED,
    );
    let mut items = vec![Item::Text(mark)];
    if let Some(m) = &form.mark {
        // 密级's place (7.2.2): the first line of the type area, flush left, 黑体 3号.
        let size = size::SAN_HAO;
        items.push(Item::Text(text_run(shaper, FontRole::Heading1, m, size, 0.0, EM_ASCENT * size, Rgb::BLACK)));
    }
    let mut rows = vec![Row { height: MARK_DROP + mark_size, items, ..Row::default() }];
    rows.extend([blank(), blank()]);

    let size = size::SAN_HAO;
    let baseline = EM_ASCENT * size;
    let mut items = Vec::new();
    let number = form.number.as_deref().unwrap_or_default();
    match &form.signer {
        Some(signer) => {
            // 发文字号 one character in from the left, 签发人 one in from the right (7.2.5).
            items.push(Item::Text(text_run(shaper, FontRole::Body, number, size, CHAR_PITCH, baseline, Rgb::BLACK)));
            let label = "签发人：";
            let name_w = width(shaper, FontRole::Heading2, signer, size);
            let label_w = width(shaper, FontRole::Body, label, size);
            let name_x = AREA_W - CHAR_PITCH - name_w;
            items.push(Item::Text(text_run(
                shaper,
                FontRole::Body,
                label,
                size,
                name_x - label_w,
                baseline,
                Rgb::BLACK,
            )));
            items.push(Item::Text(text_run(shaper, FontRole::Heading2, signer, size, name_x, baseline, Rgb::BLACK)));
        }
        None => {
            let w = width(shaper, FontRole::Body, number, size);
            items.push(Item::Text(text_run(
                shaper,
                FontRole::Body,
                number,
                size,
                (AREA_W - w) / 2.0,
                baseline,
                Rgb::BLACK,
            )));
        }
    }
    items.push(rule(size + RULE_GAP, RED_RULE, Official::RED));
    rows.push(Row { height: LINE_PITCH, items, grid: true, ..Row::default() });
    rows.extend([blank(), blank()]);
    rows
}

/// The 主送机关 line(s) under the title: flush left, a full-width colon after the last.
pub(super) fn addressee(form: &Official, shaper: &Shaper<'_>) -> Vec<Row> {
    let size = size::SAN_HAO;
    let text = format!("{}：", form.addressee.trim_end_matches(['：', ':']));
    let atoms = plain_atoms(shaper.shape(FontRole::Body, &text, &|| "主送机关".to_string()), false);
    let spec = LineSpec { width: AREA_W, first_indent: 0.0, size, grid_pitch: Some(CHAR_PITCH), justify: false };
    break_lines(&atoms, spec)
        .iter()
        .map(|line| Row {
            height: LINE_PITCH,
            items: vec![Item::Text(run_of(&atoms, line, 0.0, EM_ASCENT * size, size, Rgb::BLACK))],
            grid: true,
            ..Row::default()
        })
        .collect()
}

/// The 版记's items, page-absolute, its last line on the type area's last line.
fn colophon_items(form: &Official, shaper: &Shaper<'_>) -> (f32, Vec<Item>) {
    let size = size::SI_HAO;
    // 4号 text centred in its grid line.
    let baseline = (LINE_PITCH - size) / 2.0 + EM_ASCENT * size;
    let mut lines: Vec<Vec<Item>> = Vec::new();
    if !form.copy_to.is_empty() {
        // 抄送 one character in from each side; further lines align after the label.
        let label = "抄送：";
        let label_w = width(shaper, FontRole::Body, label, size);
        let text = format!("{}。", form.copy_to.join("，"));
        let atoms = plain_atoms(shaper.shape(FontRole::Body, &text, &|| "抄送机关".to_string()), false);
        let spec = LineSpec {
            width: AREA_W - 2.0 * size - label_w,
            first_indent: 0.0,
            size,
            grid_pitch: None,
            justify: false,
        };
        for (k, line) in break_lines(&atoms, spec).iter().enumerate() {
            let mut items = vec![Item::Text(run_of(&atoms, line, size + label_w, baseline, size, Rgb::BLACK))];
            if k == 0 {
                items.push(Item::Text(text_run(shaper, FontRole::Body, label, size, size, baseline, Rgb::BLACK)));
            }
            lines.push(items);
        }
    }
    let date = format!("{}印发", form.print_date_text);
    let date_w = width(shaper, FontRole::Body, &date, size);
    lines.push(vec![
        Item::Text(text_run(shaper, FontRole::Body, &form.printer, size, size, baseline, Rgb::BLACK)),
        Item::Text(text_run(shaper, FontRole::Body, &date, size, AREA_W - size - date_w, baseline, Rgb::BLACK)),
    ]);

    let height = lines.len() as f32 * LINE_PITCH;
    let top = AREA_H - height;
    let printer_line = lines.len() - 1;
    let mut items = vec![rule(top, THICK, Rgb::BLACK)];
    for (k, line) in lines.into_iter().enumerate() {
        let y = top + k as f32 * LINE_PITCH;
        if k == printer_line && k > 0 {
            items.push(rule(y, THIN, Rgb::BLACK));
        }
        for mut item in line {
            item.translate(0.0, y);
            items.push(item);
        }
    }
    items.push(rule(AREA_H, THICK, Rgb::BLACK));
    for item in &mut items {
        item.translate(MARGIN_LEFT, MARGIN_TOP);
    }
    (height, items)
}

/// Puts the 版记 at the foot of the document's last side, an even page (the back of the
/// last sheet): on the last page when it is even and has room, else on pages added after
/// it. `last_bottom` is how far down the type area the last page is filled. Returns the
/// number of pages added; GB/T 9704 numbers neither them nor a blank page before them.
pub(super) fn colophon(form: &Official, pages: &mut Vec<PageOut>, last_bottom: f32, shaper: &Shaper<'_>) -> usize {
    let (height, items) = colophon_items(form, shaper);
    let fits = last_bottom + LINE_PITCH <= AREA_H - height;
    let mut added = 0;
    let even = pages.len().is_multiple_of(2);
    if !(even && fits) {
        // A blank page first when the 版记 would otherwise land on a front side.
        added = if even { 2 } else { 1 };
        pages.extend((0..added).map(|_| PageOut::default()));
    }
    if let Some(last) = pages.last_mut() {
        last.items.extend(items);
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::FontSet;

    fn form(copy_to: Vec<String>, signer: Option<&str>) -> Official {
        Official {
            issuer_mark: "示例区双拥工作领导小组办公室".into(),
            number: Some("示双拥办〔2024〕12号".into()),
            signer: signer.map(str::to_string),
            addressee: "区委、区政府".into(),
            copy_to,
            printer: "示例区双拥工作领导小组办公室".into(),
            print_date_text: "2024年12月20日".into(),
            mark: Some("内部资料".into()),
        }
    }

    fn texts(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.glyphs.iter().map(|g| g.ch).collect()),
                Item::Path { .. } => None,
            })
            .collect()
    }

    #[test]
    fn masthead_has_the_red_mark_35_mm_down_then_the_number_and_the_red_rule() {
        let fonts = FontSet::bundled().unwrap().system_fallback(false);
        let shaper = Shaper::new(&fonts);
        let rows = masthead(&form(vec![], Some("张明")), &shaper);
        let Item::Text(mark) = &rows[0].items[0] else { panic!("mark first") };
        assert_eq!(mark.color, Official::RED);
        assert!((mark.baseline - EM_ASCENT * mark.size - 35.0 * MM).abs() < 0.01);
        let number_row = &rows[3];
        assert_eq!(texts(&number_row.items), ["示双拥办〔2024〕12号", "签发人：", "张明"]);
        assert!(number_row
            .items
            .iter()
            .any(|i| matches!(i, Item::Path { stroke: Some(s), .. } if s.color == Official::RED)));
        assert_eq!(rows.len(), 6, "mark, two blank lines, number with the rule, two blank lines");
    }

    #[test]
    fn colophon_goes_to_an_even_page_with_room() {
        let fonts = FontSet::bundled().unwrap().system_fallback(false);
        let shaper = Shaper::new(&fonts);
        let f = form(vec!["市双拥办".into(), "区委办公室".into()], None);
        // Even page with room: stays there.
        let mut pages = vec![PageOut::default(), PageOut::default()];
        assert_eq!(colophon(&f, &mut pages, 100.0, &shaper), 0);
        assert_eq!(
            texts(&pages[1].items),
            ["市双拥办，区委办公室。", "抄送：", "示例区双拥工作领导小组办公室", "2024年12月20日印发"]
        );
        // Odd last page: the 版记 goes on its back.
        let mut pages = vec![PageOut::default()];
        assert_eq!(colophon(&f, &mut pages, 100.0, &shaper), 1);
        // Even but full: a blank page, then the 版记 on the next even one.
        let mut pages = vec![PageOut::default(), PageOut::default()];
        assert_eq!(colophon(&f, &mut pages, AREA_H - LINE_PITCH, &shaper), 2);
        assert_eq!(pages.len(), 4);
        assert!(pages[2].items.is_empty());
    }
}
