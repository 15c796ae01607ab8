//! Value axes: a range that starts at zero and ends on a round number, with tick labels
//! that carry thousands separators.

use crate::numfmt::table_figure;

/// A value axis from `lo` to `hi` with a tick every `step`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Axis {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) step: f64,
    /// Decimal places the tick labels need.
    pub(crate) decimals: usize,
}

impl Axis {
    /// An axis covering zero and every value, with about `target` intervals. `integer`
    /// keeps the step whole (no 0.5 person). All-zero or empty data gets 0–1 so the axis
    /// still has a length and a label.
    pub(crate) fn covering(values: impl IntoIterator<Item = f64>, integer: bool, target: usize) -> Axis {
        let (mut lo, mut hi) = (0.0_f64, 0.0_f64);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if hi - lo <= 0.0 {
            hi = lo + 1.0;
        }
        let raw = (hi - lo) / target.max(1) as f64;
        let magnitude = 10f64.powf(raw.log10().floor());
        // 2.5 only where it stays whole for whole units (25, 250 …).
        let steps: &[f64] =
            if integer && magnitude < 10.0 { &[1.0, 2.0, 5.0, 10.0] } else { &[1.0, 2.0, 2.5, 5.0, 10.0] };
        let step = steps.iter().map(|m| m * magnitude).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * magnitude);
        let step = if integer { step.max(1.0).round() } else { step };
        // The tolerance keeps a value that is a multiple of the step from adding a step.
        let lo = (lo / step + 1e-9).floor() * step;
        let hi = (hi / step - 1e-9).ceil() * step;
        let decimals = (0..6).find(|&d| (step * 10f64.powi(d)).fract().abs() < 1e-6).unwrap_or(6) as usize;
        Axis { lo, hi, step, decimals }
    }

    pub(crate) fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }

    pub(crate) fn label(&self, v: f64) -> String {
        table_figure(v, self.decimals)
    }

    /// Where `v` falls between `from` (at `lo`) and `to` (at `hi`).
    pub(crate) fn map(&self, v: f64, from: f64, to: f64) -> f64 {
        from + (v - self.lo) / (self.hi - self.lo) * (to - from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ranges() {
        let a = Axis::covering([37.0, 12.0], true, 5);
        assert_eq!((a.lo, a.hi, a.step), (0.0, 40.0, 10.0));
        assert_eq!(a.ticks(), vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        let a = Axis::covering([3500.5], false, 5);
        assert_eq!((a.hi, a.step), (4000.0, 1000.0));
        assert_eq!(a.label(4000.0), "4,000");
        let a = Axis::covering([1.2], false, 4);
        assert_eq!((a.hi, a.step, a.decimals), (1.5, 0.5, 1));
        assert_eq!(a.label(0.5), "0.5");
        // Exactly on a tick: no extra interval.
        assert_eq!(Axis::covering([50.0], true, 5).hi, 50.0);
        let a = Axis::covering([11_000.0], true, 5);
        assert_eq!((a.hi, a.step), (12_500.0, 2_500.0));
        assert_eq!(a.label(12_500.0), "12,500");
        let a = Axis::covering([1.1], false, 5);
        assert_eq!((a.hi, a.step, a.decimals), (1.25, 0.25, 2));
        let a = Axis::covering([11.0], true, 5);
        assert_eq!((a.hi, a.step), (15.0, 5.0));
    }

    #[test]
    fn degenerate_data_still_has_an_axis() {
        let a = Axis::covering([0.0, 0.0], true, 5);
        assert_eq!((a.lo, a.hi, a.step), (0.0, 1.0, 1.0));
        let a = Axis::covering(std::iter::empty(), false, 5);
        assert!(a.hi > a.lo);
        let a = Axis::covering([3.0], true, 5);
        assert_eq!((a.lo, a.hi, a.step), (0.0, 3.0, 1.0));
        let a = Axis::covering([-5.0, 20.0], true, 5);
        assert!(a.lo <= -5.0 && a.hi >= 20.0);
        let a = Axis::covering([f64::NAN, 7.0], true, 5);
        assert!(a.hi >= 7.0);
    }
}
