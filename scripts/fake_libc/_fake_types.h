/* Minimal, machine-independent stand-ins for the libc types that the Slurm
 * headers use.  Only the NAMES matter to scripts/gen_slurm_pxd.py: each one
 * is mapped to a Cython standard cimport or a small extern declaration.
 * Nothing from these files ends up in the generated .pxd files. */
#ifndef _FAKE_LIBC_TYPES_H
#define _FAKE_LIBC_TYPES_H
typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long long int64_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long long uint64_t;
typedef long intptr_t;
typedef unsigned long uintptr_t;
typedef long long intmax_t;
typedef unsigned long long uintmax_t;
typedef unsigned long size_t;
typedef long ssize_t;
typedef long time_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef long off_t;
typedef unsigned int socklen_t;
typedef struct _fake_FILE FILE;
typedef struct _fake_pthread_mutex { int _opaque; } pthread_mutex_t;
typedef struct _fake_pthread { int _opaque; } *pthread_t;
struct sockaddr { int _opaque; };
struct sockaddr_storage { int _opaque; };
struct sockaddr_in { int _opaque; };
struct in_addr { int _opaque; };
struct timespec { int _opaque; };
struct timeval { int _opaque; };
struct tm { int _opaque; };
#define NULL ((void *)0)
#endif
