/* What autoconf would find on the systems consentgate is built on (glibc,
   gcc); written by hand for build.rs, which compiles this library. */
#define HAVE_ALLOCA_H 1
#define HAVE_MALLOC_H 1
#define HAVE_POSIX_MEMALIGN 1
#define HAVE_VISIBILITY 1
/* HAVE_SSE4_1 is defined by build.rs on x86_64 only; libde265 checks the
   processor before it uses SSE4.1. */
