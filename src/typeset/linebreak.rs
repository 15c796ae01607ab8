//! Breaking a run of glyphs into lines, Chinese style: a break may fall between any two
//! CJK characters, Latin words and numbers stay whole, no line starts with closing
//! punctuation or ends with opening punctuation (避头尾), and lines are justified by
//! spreading the space between characters. Full-width characters keep their cells, as in
//! GB/T 9704, with two exceptions (标点挤压). Two marks side by side, whose blank halves
//! would make a full empty cell between them (`），` `。”` `（“`), always give up one
//! half. And a line that would otherwise be left short, because what comes next does not
//! fit (a number, a mark that may not start a line), takes it by squeezing: a closing
//! mark at its end hangs its blank half past the margin, marks inside the line give up
//! their blank halves, and only then do the gaps between characters close up slightly.
//! Squeezing punctuation is what keeps such a line from being spread into “发 放 优 待”.

use super::glyph::{is_cjk, Glyph};

/// No line may start with these (closing punctuation, marks that follow).
const NO_START: &str = "，。、；：？！）》」』】〕〉…—”’%‰℃·～,.;:?!)]}>・ー々〗〙";
/// No line may end with these (opening punctuation).
const NO_END: &str = "（《「『【〔〈“‘([{<〖〘";
/// Full-width closing punctuation whose glyph sits in the left half of its em box, so the
/// right half may hang past the end of a line.
const HANGING: &str = "，。、）》」』】〕〉”’";
/// Full-width marks drawn in the left half of their cell, as mainland fonts draw them: the
/// right half may be given up.
const CLOSING: &str = "，。、；：）》」』】〕〉”’";
/// Full-width marks drawn in the right half of their cell: the left half may be given up.
const OPENING: &str = "（《「『【〔〈“‘";

/// How much a gap between CJK characters may close up, in em: over a line of 28, enough
/// for the half cell of a hanging mark, not for a whole extra character.
const GAP_SHRINK: f32 = 0.025;

/// One unit of text to set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Atom {
    pub(crate) glyph: Glyph,
    pub(crate) bold: bool,
}

/// How to set the lines of one paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineSpec {
    /// Line width in points.
    pub(crate) width: f32,
    /// Indent of the first line in points.
    pub(crate) first_indent: f32,
    /// Type size in points.
    pub(crate) size: f32,
    /// Pitch of full-width characters when text is set on a character grid (GB/T 9704:
    /// 28 per line), else `None` for their natural width.
    pub(crate) grid_pitch: Option<f32>,
    /// Spread all lines but the last to the full width.
    pub(crate) justify: bool,
}

/// A line: the atoms `start..end` (without trailing spaces) and where each sits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// x of each atom from the left edge of the line box (the indent included).
    pub(crate) xs: Vec<f32>,
    /// Width from the left edge to the end of the last glyph's advance (less the blank
    /// half of a squeezable closing mark at the end).
    pub(crate) width: f32,
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\u{A0}'
}

/// Characters set on the CJK grid: ideographs, kana, full-width forms and punctuation.
pub(crate) fn is_wide(g: &Glyph) -> bool {
    is_cjk(g.ch) || (g.advance >= 0.9 && !g.ch.is_ascii())
}

/// Part of a word that must not be split: Latin letters, digits and the signs between
/// them (3,500.5、GB/T、12.5%).
fn is_word(g: &Glyph) -> bool {
    !is_wide(g) && !is_space(g.ch)
}

fn in_set(set: &str, c: char) -> bool {
    // Most of a text is ideographs, none of them a mark: spare them the search (1 % of a
    // build's time went into it).
    !('\u{3400}'..='\u{9FFF}').contains(&c) && set.contains(c)
}

/// Whether a line may end after `prev` and the next start with `next`.
fn may_break_between(prev: &Glyph, next: &Glyph) -> bool {
    if is_space(next.ch) {
        return false; // break after the space instead, so it is dropped at the line end
    }
    if is_space(prev.ch) {
        return !in_set(NO_START, next.ch);
    }
    if is_word(prev) && is_word(next) {
        return false;
    }
    !in_set(NO_START, next.ch) && !in_set(NO_END, prev.ch)
}

struct Measure<'a> {
    atoms: &'a [Atom],
    spec: LineSpec,
}

impl Measure<'_> {
    fn width(&self, i: usize) -> f32 {
        let g = &self.atoms[i].glyph;
        let natural = g.advance * self.spec.size;
        match self.spec.grid_pitch {
            Some(pitch) if is_wide(g) => natural + (pitch - self.spec.size),
            _ => natural,
        }
    }

    /// The blank half of atom `i`'s cell if it is a full-width mark of `marks`, drawn in
    /// the other half.
    fn blank_half(&self, i: usize, marks: &str) -> f32 {
        let g = &self.atoms[i].glyph;
        if in_set(marks, g.ch) && g.advance >= 0.9 {
            0.5 * self.width(i)
        } else {
            0.0
        }
    }

    /// How much the gap after atom `i` always closes: the blank halves of two marks side
    /// by side would otherwise make an empty cell, so one of them goes.
    fn pair(&self, i: usize) -> f32 {
        let closing = self.blank_half(i, CLOSING);
        let opening = self.blank_half(i + 1, OPENING);
        if closing > 0.0 && (opening > 0.0 || self.blank_half(i + 1, CLOSING) > 0.0) {
            closing
        } else if opening > 0.0 && self.blank_half(i, OPENING) > 0.0 {
            opening
        } else {
            0.0
        }
    }

    /// How much more the gap after atom `i` may close when the line is squeezed: the blank
    /// half of a mark beside it, unless a pair already closed it.
    fn punct_squeeze(&self, i: usize) -> f32 {
        if self.pair(i) > 0.0 {
            0.0
        } else {
            self.blank_half(i, CLOSING) + self.blank_half(i + 1, OPENING)
        }
    }

    /// The blank half of a squeezable closing mark may hang past the line's end.
    fn hang(&self, i: usize) -> f32 {
        let g = &self.atoms[i].glyph;
        if in_set(HANGING, g.ch) && g.advance >= 0.9 {
            0.5 * self.width(i)
        } else {
            0.0
        }
    }

    fn stretchable(&self, i: usize) -> bool {
        !(is_word(&self.atoms[i].glyph) && is_word(&self.atoms[i + 1].glyph))
    }

    /// How much the gap after atom `i` may shrink.
    fn shrink(&self, i: usize) -> f32 {
        if self.stretchable(i) {
            GAP_SHRINK * self.spec.size
        } else {
            0.0
        }
    }

    /// `end` with trailing spaces before it removed.
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && is_space(self.atoms[end - 1].glyph.ch) {
            end -= 1;
        }
        end
    }

    /// (natural width with pairs of marks closed up, blank half that may hang at the end,
    /// total shrink of punctuation and gaps) of `start..end`.
    fn measure(&self, start: usize, end: usize) -> (f32, f32, f32) {
        let gaps = start..end.saturating_sub(1);
        let cells: f32 = (start..end).map(|i| self.width(i)).sum();
        let natural = cells - gaps.clone().map(|i| self.pair(i)).sum::<f32>();
        let shrink: f32 = gaps.map(|i| self.punct_squeeze(i) + self.shrink(i)).sum();
        (natural, self.hang(end - 1), shrink)
    }

    /// Positions of `start..end` in a line box `avail` wide: spread to the full width if
    /// `justify`, squeezed if the natural width does not fit.
    fn place(&self, start: usize, end: usize, indent: f32, avail: f32, justify: bool) -> Line {
        let (natural, hang, _) = self.measure(start, end);
        // Hang the blank half of a closing mark only when the line does not fit without.
        let hang = if natural > avail { hang } else { 0.0 };
        let gaps = end - start - 1;
        let mut adjust: Vec<f32> = (0..gaps).map(|k| -self.pair(start + k)).collect();
        let delta = avail - (natural - hang);
        if delta < 0.0 {
            // Punctuation gives up its blank halves before characters move closer.
            let mut excess = -delta;
            for cap in [Self::punct_squeeze, Self::shrink] {
                let caps: Vec<f32> = (0..gaps).map(|k| cap(self, start + k)).collect();
                let total: f32 = caps.iter().sum();
                if total > 0.0 && excess > 0.0 {
                    let take = excess.min(total);
                    for (a, c) in adjust.iter_mut().zip(&caps) {
                        *a -= take * c / total;
                    }
                    excess -= take;
                }
            }
        } else if (justify || hang > 0.0) && delta > 0.0 {
            let stretch: Vec<usize> = (0..gaps).filter(|&k| self.stretchable(start + k)).collect();
            if !stretch.is_empty() {
                let each = delta / stretch.len() as f32;
                for k in stretch {
                    adjust[k] += each;
                }
            }
        }
        let mut xs = Vec::with_capacity(end - start);
        let mut x = indent;
        for (k, i) in (start..end).enumerate() {
            xs.push(x);
            x += self.width(i) + adjust.get(k).copied().unwrap_or(0.0);
        }
        Line { start, end, xs, width: x - hang }
    }
}

/// Breaks `atoms` into lines of `spec.width`. Every atom except spaces at line ends ends up
/// in exactly one line; an empty input gives no lines.
///
/// A line takes as much as fits at natural width. Only when that would leave it short by
/// more than half a character (because what comes next may not start a line, or is a word)
/// may it take more by squeezing (see the module documentation).
pub(crate) fn break_lines(atoms: &[Atom], spec: LineSpec) -> Vec<Line> {
    const EPS: f32 = 0.01;
    let m = Measure { atoms, spec };
    let n = atoms.len();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < n {
        while start < n && is_space(atoms[start].glyph.ch) {
            start += 1;
        }
        if start >= n {
            break;
        }
        let indent = if lines.is_empty() { spec.first_indent } else { 0.0 };
        let avail = spec.width - indent;
        let mut natural_fit: Option<(usize, f32)> = None;
        let mut squeezed_fit = None;
        let mut end = start + 1;
        while end <= n {
            if end == n || may_break_between(&atoms[end - 1].glyph, &atoms[end].glyph) {
                let trimmed = m.trim_end(start, end);
                let (natural, hang, shrink) = m.measure(start, trimmed);
                if natural <= avail + EPS {
                    natural_fit = Some((end, natural));
                } else if natural - hang - shrink <= avail + EPS {
                    // The shortest line that squeezing makes fit: squeeze no more than
                    // it takes to fill the line.
                    squeezed_fit = Some(end);
                    break;
                } else if natural - hang - shrink > avail + spec.size {
                    break; // longer candidates only get wider
                }
            }
            end += 1;
        }
        let chosen = match natural_fit {
            Some((e, natural)) if avail - natural <= 0.5 * spec.size || squeezed_fit.is_none() => Some(e),
            _ => squeezed_fit.or(natural_fit.map(|(e, _)| e)),
        };
        let end = chosen.unwrap_or_else(|| {
            // Nothing breakable fits (a very long word): cut it where the width runs out.
            let mut e = start + 1;
            while e < n && m.measure(start, e + 1).0 <= avail + EPS {
                e += 1;
            }
            e
        });
        let trimmed = m.trim_end(start, end);
        let last = end >= n;
        lines.push(m.place(start, trimmed, indent, avail, spec.justify && !last));
        start = end;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs with the advances of the bundled fonts: 1 em for CJK, 0.5 em for Latin.
    fn atoms(text: &str) -> Vec<Atom> {
        text.chars()
            .map(|ch| {
                let wide = ch as u32 > 0x2E80 || "“”‘’…—".contains(ch);
                let advance = if ch == ' ' {
                    0.25
                } else if wide {
                    1.0
                } else {
                    0.5
                };
                Atom { glyph: Glyph { ch, face: 0, advance }, bold: false }
            })
            .collect()
    }

    const SIZE: f32 = 16.0;
    /// GB/T 9704: 156 mm for 28 characters.
    fn body() -> LineSpec {
        let width = 156.0 / 25.4 * 72.0;
        LineSpec { width, first_indent: 0.0, size: SIZE, grid_pitch: Some(width / 28.0), justify: true }
    }

    fn texts(text: &str, spec: LineSpec) -> Vec<String> {
        let a = atoms(text);
        break_lines(&a, spec).iter().map(|l| a[l.start..l.end].iter().map(|x| x.glyph.ch).collect()).collect()
    }

    #[test]
    fn twenty_eight_characters_fill_a_line_exactly() {
        let text = "一二三四五六七八九十".repeat(3);
        let a = atoms(&text);
        let spec = body();
        let lines = break_lines(&a, spec);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].end - lines[0].start, 28);
        assert!((lines[0].width - spec.width).abs() < 0.01, "{}", lines[0].width);
        // On the grid: the 28th character starts 27 pitches in.
        let pitch = spec.width / 28.0;
        assert!((lines[0].xs[27] - 27.0 * pitch).abs() < 0.01);
        // The last line is not spread.
        assert_eq!(lines[1].xs, vec![0.0, pitch]);
    }

    #[test]
    fn first_line_indent_of_two_characters() {
        let spec = LineSpec { first_indent: 2.0 * body().width / 28.0, ..body() };
        let lines = texts(&"字".repeat(60), spec);
        assert_eq!(lines.iter().map(|l| l.chars().count()).collect::<Vec<_>>(), vec![26, 28, 6]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // 28 characters and then a comma: the comma squeezes onto the first line.
        let text = format!("{}，后文", "字".repeat(28));
        let lines = texts(&text, body());
        assert_eq!(lines[0].chars().last(), Some('，'));
        assert!(!lines[1].starts_with('，'));

        // Too many marks to squeeze: a character goes down with the mark instead.
        let text = format!("{}字。”后文", "字，".repeat(14));
        for line in texts(&text, body()) {
            let first = line.chars().next().unwrap();
            assert!(!NO_START.contains(first), "line starts with {first}: {line}");
        }
    }

    #[test]
    fn punctuation_keeps_its_full_cell_inside_a_line() {
        let text = format!("{}，{}", "字".repeat(10), "字".repeat(30));
        let a = atoms(&text);
        let spec = body();
        let lines = break_lines(&a, spec);
        assert_eq!(lines[0].end - lines[0].start, 28);
        let pitch = spec.width / 28.0;
        for (k, x) in lines[0].xs.iter().enumerate() {
            assert!((x - k as f32 * pitch).abs() < 0.01, "cell {k} at {x}");
        }
    }

    #[test]
    fn a_closing_mark_due_at_a_line_start_hangs_instead() {
        // 28 characters then a full stop: the stop ends line 1, its blank half past the
        // margin, and no character is pushed down.
        let text = format!("{}。后文", "字".repeat(28));
        let a = atoms(&text);
        let spec = body();
        let lines = break_lines(&a, spec);
        assert_eq!(lines[0].end - lines[0].start, 29);
        assert!((lines[0].width - spec.width).abs() < 0.01);
        let last = *lines[0].xs.last().unwrap();
        assert!((last + 0.5 * spec.width / 28.0 - spec.width).abs() < 0.01, "{last}");
        // A character and the mark too many: the line is full, the two go down together.
        let text = format!("{}字。后文", "字".repeat(28));
        let lines = texts(&text, body());
        assert_eq!(lines[0].chars().count(), 28);
        assert!(lines[1].starts_with("字。"), "{lines:?}");
    }

    #[test]
    fn two_marks_side_by_side_close_up_by_half_a_cell() {
        let spec = body();
        let pitch = spec.width / 28.0;
        for (text, k) in [("字字）,字", 2), ("字字。”字", 2), ("字字（“字", 2), ("字字”（字", 2)]
        {
            let text = text.replace(',', "，");
            let a = atoms(&text);
            let lines = break_lines(&a, spec);
            let xs = &lines[0].xs;
            assert!((xs[k + 1] - xs[k] - 0.5 * pitch).abs() < 0.01, "{text}: {xs:?}");
            // The characters around keep their cells.
            assert!((xs[1] - xs[0] - pitch).abs() < 0.01 && (xs[k + 2] - xs[k + 1] - pitch).abs() < 0.01, "{text}");
        }
    }

    #[test]
    fn a_short_line_squeezes_its_marks_rather_than_spread_its_characters() {
        // 26 cells, then a number and a closing mark that may not start a line: at natural
        // width they do not fit, and without them the line would be two cells short.
        let text = format!("{}；字字（字字1234）后文{}", "字".repeat(20), "字".repeat(30));
        let a = atoms(&text);
        let spec = body();
        let pitch = spec.width / 28.0;
        let lines = break_lines(&a, spec);
        let first: String = a[lines[0].start..lines[0].end].iter().map(|x| x.glyph.ch).collect();
        assert!(first.ends_with("1234）"), "{first}");
        assert!((lines[0].width - spec.width).abs() < 0.01, "{}", lines[0].width);
        // The two marks gave up what was needed; characters keep their cells.
        let xs = &lines[0].xs;
        for k in 0..19 {
            assert!((xs[k + 1] - xs[k] - pitch).abs() < 0.01, "cell {k}: {xs:?}");
        }
        assert!(xs[21] - xs[20] < pitch - 0.1 && xs[23] - xs[22] < pitch - 0.1, "{xs:?}");
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        for open in ["（括号内）", "《书名》", "“引文”"] {
            for n in 25..29 {
                let text = format!("{}{open}", "字".repeat(n));
                let lines = texts(&text, body());
                for line in &lines {
                    let last = line.chars().last().unwrap();
                    assert!(!NO_END.contains(last), "line ends with {last}: {lines:?}");
                }
                assert_eq!(lines.concat(), text);
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        // The number would straddle the line end: it moves down whole.
        let text = format!("{}共计3,500.5万元", "字".repeat(24));
        let lines = texts(&text, body());
        assert!(lines.iter().any(|l| l.contains("3,500.5")), "{lines:?}");
        let text = format!("{}依据 GB/T 9704-2012 标准", "字".repeat(22));
        let lines = texts(&text, body());
        assert!(lines.iter().any(|l| l.contains("GB/T")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("9704-2012")), "{lines:?}");
        // Spaces at a break are dropped.
        assert!(lines.iter().all(|l| !l.starts_with(' ') && !l.ends_with(' ')), "{lines:?}");
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let spec = LineSpec { width: 100.0, first_indent: 0.0, size: 10.0, grid_pitch: None, justify: true };
        let lines = texts(&"x".repeat(50), spec);
        assert_eq!(lines.iter().map(|l| l.len()).collect::<Vec<_>>(), vec![20, 20, 10]);
    }

    #[test]
    fn justified_lines_are_exactly_the_width() {
        let text = "双拥工作领导小组各成员单位坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平强军思想，围绕“拥军优属、拥政爱民”主线，扎实推进双拥模范城（县）创建各项工作，全年投入经费3,500.5万元，走访慰问2,152人次。".repeat(2);
        let a = atoms(&text);
        let spec = body();
        let lines = break_lines(&a, spec);
        for (k, line) in lines.iter().enumerate() {
            let s: String = a[line.start..line.end].iter().map(|x| x.glyph.ch).collect();
            assert!(!NO_START.contains(s.chars().next().unwrap()), "{s}");
            assert!(!NO_END.contains(s.chars().last().unwrap()), "{s}");
            if k + 1 < lines.len() {
                assert!((line.width - spec.width).abs() < 0.01, "line {k} is {} wide: {s}", line.width);
            } else {
                assert!(line.width <= spec.width + 0.01);
            }
            // Glyphs never run backwards or overlap by more than the squeezed half mark.
            for w in line.xs.windows(2) {
                assert!(w[1] - w[0] >= 0.45 * SIZE * 0.5, "{s}");
            }
        }
    }

    #[test]
    fn every_atom_but_line_end_spaces_is_set_once() {
        let text = "甲 乙  丙 abc def，（丁）".repeat(9);
        let a = atoms(&text);
        let spec = LineSpec { width: 120.0, ..body() };
        let lines = break_lines(&a, spec);
        let mut next = 0;
        for l in &lines {
            assert!(a[next..l.start].iter().all(|x| x.glyph.ch == ' '));
            next = l.end;
        }
        assert!(a[next..].iter().all(|x| x.glyph.ch == ' '));
    }
}
