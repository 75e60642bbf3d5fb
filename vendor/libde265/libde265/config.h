/* What cmake's config.h would say on the systems consentgate is built on
   (glibc, gcc); written by hand for build.rs, which compiles this library.
   HAVE_SSE4_1 and HAVE_AVX2 are defined by build.rs on x86_64 only; the
   library asks the processor before it uses either. */
#define HAVE_MALLOC_H 1
#define HAVE_POSIX_MEMALIGN 1
