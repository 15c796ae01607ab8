use std::ffi::{c_int, c_long};

// glibc's malloc fragments under intake's mix of short-lived buffers and the small
// strings every fact keeps: over a province's 16,000 returns it held 2.6 times the live
// heap. mimalloc's size classes keep the two apart.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc.h's `mi_option_set`, in the mimalloc linked in above.
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (mimalloc.h; the mimalloc
/// crate does not name it).
const MI_OPTION_PURGE_DELAY: c_int = 15;

/// How long mimalloc keeps freed memory before giving it back, in ms. Its default, 1 s,
/// is longer than a whole `build`: the memory of each stage (reading the returns,
/// typesetting, each output) stayed resident and added up to the peak (84–88 MB). Given
/// back at once, every buffer freed and allocated again a moment later (a subsetted
/// face's glyph records, a chart's bitmap) is faulted in and zeroed afresh: 20,600 page
/// faults and a quarter of a build's CPU time in the kernel. 3 ms keeps what the same
/// stage allocates again (15,900 faults, about 8 % less wall time) for 3–6 MB more peak
/// (67–70 MB on the samples; bench/README.md).
const PURGE_DELAY_MS: c_long = 3;

fn main() {
    // SAFETY: sets a plain option, which mimalloc reads each time it schedules a purge.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    std::process::exit(shuangyong::cli::main());
}
