//! A progress bar on stderr while many workbooks are read, drawn only when stderr is a
//! terminal: a pipe or a log file gets nothing, not even carriage returns.

use std::io::IsTerminal;
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::validate::Progress;

/// Fewer workbooks than this are read in about a second: a bar would only flicker.
const MIN_FILES: usize = 50;

/// Shows itself once told there are enough files, and clears itself when dropped.
pub struct Bar {
    terminal: bool,
    bar: OnceLock<ProgressBar>,
}

impl Bar {
    pub fn on_stderr() -> Bar {
        Bar { terminal: std::io::stderr().is_terminal(), bar: OnceLock::new() }
    }
}

fn shown(total: usize, terminal: bool) -> bool {
    terminal && total > MIN_FILES
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        if !shown(total, self.terminal) {
            return;
        }
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}，已用 {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
            .with_style(style)
            .with_message("读取填报表");
        let _ = self.bar.set(bar);
    }

    fn advance(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_many_files_on_a_terminal_get_a_bar() {
        assert!(shown(MIN_FILES + 1, true));
        assert!(!shown(MIN_FILES, true));
        assert!(!shown(10_000, false));
    }
}
