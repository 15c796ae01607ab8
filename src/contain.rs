//! Panics contained, in this one place: a third-party reader or engine that panics on
//! odd input (calamine on a malformed workbook, polars on an odd statement) must neither
//! end the run nor print its English message and backtrace notice over what the user
//! reads. The panic becomes an error the caller words in Chinese.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}
/// Sections under way that silence every thread.
static QUIET_EVERYWHERE: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

/// The one panic hook: the default one, unless the panicking thread (or every thread)
/// is inside a quiet section.
fn install() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) && QUIET_EVERYWHERE.load(Ordering::SeqCst) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Err(message)` without printing it. Other threads'
/// panics still print: intake reads many workbooks at once.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install();
    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(message)
}

/// As [`quietly`] for an engine that panics on its own worker threads (polars): silent
/// on every thread while `f` runs, so for work that runs alone.
pub fn quietly_everywhere<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install();
    QUIET_EVERYWHERE.fetch_add(1, Ordering::SeqCst);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET_EVERYWHERE.fetch_sub(1, Ordering::SeqCst);
    result.map_err(message)
}

fn message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_errors() {
        assert_eq!(quietly(|| 7), Ok(7));
        let r: Result<(), String> = quietly(|| panic!("boom"));
        assert_eq!(r, Err("boom".into()));
        let r: Result<(), String> = quietly_everywhere(|| std::thread::spawn(|| panic!("far")).join().unwrap());
        assert!(r.is_err());
        assert_eq!(QUIET_EVERYWHERE.load(Ordering::SeqCst), 0);
    }
}
