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
    consentgate::cli::main()
}
