//! The page after GB/T 9704-2012: A4, the type area (版心) and its grid of 22 lines of 28
//! characters, and where a rotated run of text has to start.

pub(crate) const MM: f32 = 72.0 / 25.4;
pub(crate) const PAGE_W: f32 = 210.0 * MM;
pub(crate) const PAGE_H: f32 = 297.0 * MM;
/// 订口: the left margin.
pub(crate) const MARGIN_LEFT: f32 = 28.0 * MM;
/// 天头: the top margin.
pub(crate) const MARGIN_TOP: f32 = 37.0 * MM;
/// 版心: the type area.
pub(crate) const AREA_W: f32 = 156.0 * MM;
pub(crate) const AREA_H: f32 = 225.0 * MM;
pub(crate) const LINES_PER_PAGE: usize = 22;
pub(crate) const CHARS_PER_LINE: usize = 28;
pub(crate) const LINE_PITCH: f32 = AREA_H / LINES_PER_PAGE as f32;
pub(crate) const CHAR_PITCH: f32 = AREA_W / CHARS_PER_LINE as f32;
/// Height of the baseline above the bottom of the em box in CJK fonts: the ideographic
/// em box runs from -0.12 em to 0.88 em.
pub(crate) const EM_ASCENT: f32 = 0.88;

/// The origin of a text run rotated `deg` counter-clockwise whose point `a` along the
/// baseline and `h` above it is to land on (px, py). On the page (y down) the baseline
/// runs along (cos, -sin) and "up" is (-sin, -cos).
pub(super) fn rotated_origin(px: f32, py: f32, a: f32, h: f32, deg: f32) -> (f32, f32) {
    let (sin, cos) = deg.to_radians().sin_cos();
    (px - a * cos + h * sin, py + a * sin + h * cos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_geometry() {
        assert!((LINE_PITCH - 28.9907).abs() < 0.001, "{LINE_PITCH}");
        assert!((CHAR_PITCH - 15.7931).abs() < 0.001, "{CHAR_PITCH}");
        assert!((MARGIN_LEFT - 79.3701).abs() < 0.001);
    }
}
