//! The `consentgate` binary: everything lives in the library.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Rust's own memory goes through mimalloc; the C decoders (libheif and
    // its HEVC and AV1 decoders) use glibc's malloc, which would keep their
    // freed frame buffers of a few MB in its heaps for good. From 1 MiB up,
    // glibc now maps each block on its own and hands it back when freed
    // (measured: 290 MiB -> 253 MiB peak for 25 corpus files, check off).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any
    // other thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
    shorten_purge_delay();
    consentgate::memory::on_release(release_memory);
    consentgate::cli::on_printing_command(stop_quietly_on_a_closed_pipe);
    consentgate::cli::main()
}

/// A command that prints for a person or a pipe (`consent show ... | head`)
/// ends quietly when the reader goes, as `cat` does, rather than panicking
/// on the failed write. (`serve` keeps Rust's default, SIGPIPE ignored: a
/// browser closing a connection must never stop the service.)
fn stop_quietly_on_a_closed_pipe() {
    // SAFETY: restores the default action of one signal; called before any
    // other thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Hands back what this thread's mimalloc heap freed and glibc's free
/// memory (the C decoders'), at once rather than after the purge delay.
fn release_memory() {
    // SAFETY: both only return free memory to the system.
    unsafe {
        libmimalloc_sys::mi_collect(true);
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        libc::malloc_trim(0);
    }
}

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (libmimalloc-sys
/// does not name it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc v3 keeps freed memory for a second (`purge_delay`, 1000 ms;
/// v2 had 10) before handing it back, and the face detector frees and
/// allocates tens of MB per tile on every core: with 50 ms, `ingest --once`
/// of the 40-file bench peaked at 264/265 MiB against 279/302, in the same
/// time (10 ms: 242/244 MiB but 20% slower). Changed only while it still
/// has v3's default, so `MIMALLOC_PURGE_DELAY` still wins, and an option
/// number that meant something else in another mimalloc is left alone.
fn shorten_purge_delay() {
    // SAFETY: reading and setting an allocator option; no other thread
    // has started yet.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == 1000 {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 50);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PURGE_DELAY;

    /// The option number is purge_delay: its default in this mimalloc is
    /// 1000 ms, which no neighbouring option has.
    #[test]
    fn option_15_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an allocator option.
        let (delay, before, after) = unsafe {
            (
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
                libmimalloc_sys::mi_option_get(PURGE_DELAY - 1),
                libmimalloc_sys::mi_option_get(PURGE_DELAY + 1),
            )
        };
        assert_eq!(delay, 1000);
        assert_ne!(before, 1000);
        assert_ne!(after, 1000);
    }
}
