//! Builds the HEVC decoder consentgate carries (`vendor/libde265`, see its
//! README) into the binary when the `heif` feature is on: gcc's C++
//! compiler through the cc crate, no cmake. `src/media/hevc.rs` uses it for
//! HEIF photos stored as one large coded picture.

#[cfg(feature = "heif")]
const SOURCES: &[&str] = &[
    "alloc_pool",
    "bitstream",
    "cabac",
    "contextmodel",
    "de265",
    "deblock",
    "decctx",
    "dpb",
    "fallback-dct",
    "fallback-deblk",
    "fallback-intrapred",
    "fallback-motion",
    "fallback",
    "image",
    "intrapred",
    "md5",
    "motion",
    "nal-parser",
    "nal",
    "pps",
    "quality",
    "refpic",
    "sao",
    "scan",
    "sei",
    "slice",
    "sps",
    "threads",
    "transform",
    "util",
    "visualize",
    "vps",
    "vui",
];

#[cfg(feature = "heif")]
const SSE: &[&str] = &["sse-motion", "sse-dct", "sse-intrapred", "sse-deblk"];

#[cfg(feature = "heif")]
const AVX2: &[&str] = &["transform-avx2"];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(builtin_de265)");
    println!("cargo::rerun-if-changed=vendor/libde265");
    #[cfg(feature = "heif")]
    if std::env::var_os("CARGO_FEATURE_HEIF_EMBEDDED").is_none() {
        build_libde265();
    }
}

#[cfg(feature = "heif")]
fn build_libde265() {
    let root = std::path::Path::new("vendor/libde265");
    let src = root.join("libde265");
    let x86 = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "x86_64");
    let build = || {
        let mut b = cc::Build::new();
        b.cpp(true)
            .std("c++17")
            .include(root)
            .include(&src)
            .define("HAVE_CONFIG_H", None)
            .define("LIBDE265_STATIC_BUILD", None)
            // Optimised in every profile: a debug build's tests decode
            // 16-megapixel pictures too.
            .opt_level(2)
            // Nothing of it is exported from the binary: the system's
            // libde265, which libheif loads, never meets these symbols.
            .flag("-fvisibility=hidden")
            .flag("-fvisibility-inlines-hidden")
            .warnings(false)
            .flag("-w");
        if x86 {
            // SSE4.1 and AVX2 kernels, each used only after the library
            // has asked the processor (x86/sse.cc, compiled without them).
            b.define("HAVE_SSE4_1", "1").define("HAVE_AVX2", "1");
        }
        b
    };
    let x86_file = |f: &&str| src.join("x86").join(format!("{f}.cc"));
    let mut decoder = build();
    decoder.files(SOURCES.iter().map(|f| src.join(format!("{f}.cc"))));
    if x86 {
        // One library: the SIMD files compiled with their own flags, then
        // archived with the rest.
        decoder.file(x86_file(&"sse"));
        let mut sse = build();
        sse.flag("-msse4.1").files(SSE.iter().map(x86_file));
        decoder.objects(sse.compile_intermediates());
        let mut avx2 = build();
        avx2.flag("-mavx2").files(AVX2.iter().map(x86_file));
        decoder.objects(avx2.compile_intermediates());
    }
    decoder.compile("de265");
    println!("cargo::rustc-cfg=builtin_de265");
}
