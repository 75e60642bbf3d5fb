/* The version of libde265 these sources are (see ../README.md). */
#ifndef LIBDE265_VERSION_H
#define LIBDE265_VERSION_H
#define LIBDE265_NUMERIC_VERSION 0x01010100
#define LIBDE265_VERSION "1.1.1"
#endif
