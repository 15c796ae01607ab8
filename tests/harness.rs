//! The harness itself where a mistake in it would let CI pass without checking: golden
//! files that a CI run could rewrite, a missing tool that a CI run would skip.

mod common;

use std::ffi::OsStr;
use std::panic::catch_unwind;

use common::{golden, golden_rewrite, unavailable};

#[test]
fn only_update_golden_1_rewrites_and_never_under_ci() {
    let one = Some(OsStr::new("1"));
    assert_eq!(golden_rewrite(None, false), Ok(false));
    assert_eq!(golden_rewrite(None, true), Ok(false));
    assert_eq!(golden_rewrite(one, false), Ok(true));
    assert!(golden_rewrite(one, true).unwrap_err().contains("CI"));
    for other in ["0", "true", "yes", ""] {
        let e = golden_rewrite(Some(OsStr::new(other)), false).unwrap_err();
        assert!(e.contains("UPDATE_GOLDEN=1"), "{other}: {e}");
    }
}

/// `CI=1 UPDATE_GOLDEN=1 cargo test` leaves every golden file as it is: the comparison
/// fails instead (this binary's only test that sets the environment).
#[test]
fn a_ci_run_with_update_golden_fails_and_leaves_the_file_untouched() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/check.txt");
    let before = std::fs::read(&path).unwrap();
    // Edition 2021: setting the environment is safe; no other test here reads it.
    std::env::set_var("CI", "1");
    std::env::set_var("UPDATE_GOLDEN", "1");
    let outcome = catch_unwind(|| golden("check.txt", "not what check prints\n"));
    std::env::set_var("UPDATE_GOLDEN", "yes");
    std::env::remove_var("CI");
    let other = catch_unwind(|| golden("check.txt", "not what check prints\n"));
    std::env::remove_var("UPDATE_GOLDEN");
    assert!(outcome.is_err() && other.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before, "tests/golden/check.txt was rewritten");

    std::env::set_var("CI", "1");
    let skipped = catch_unwind(|| unavailable("a reader"));
    std::env::remove_var("CI");
    assert!(skipped.is_err(), "a missing reader under CI fails the test");
}
