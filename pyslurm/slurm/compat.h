/*
 * compat.h - the one place where pyslurm absorbs the differences between the
 * Slurm majors it supports (pyslurm/version.py: SLURM_MAJORS).
 *
 * Every entity module is written once against the pyslurm_* names below;
 * each shim picks the right libslurm call for the major whose headers the
 * package is compiled against.  Declared for Cython in compat.pxd.
 */
#ifndef PYSLURM_COMPAT_H
#define PYSLURM_COMPAT_H

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>
#include <slurm/slurm_version.h>

#define PYSLURM_AT_LEAST(maj, min) \
	(SLURM_VERSION_NUMBER >= SLURM_VERSION_NUM(maj, min, 0))

/* setup.py checks the major against pyslurm/version.py's SLURM_MAJORS and
 * its declarations, and says which it checked: these headers' major. */
#if !defined(PYSLURM_BUILD_MAJOR) || (SLURM_VERSION_NUMBER >> 8) != PYSLURM_BUILD_MAJOR
#error "build pyslurm with its setup.py, against headers of a supported Slurm major"
#endif

/* libslurm's parsed configuration (filled by slurm_init); not in slurm.h. */
extern slurm_conf_t slurm_conf;

/* The error number of the last failed call: slurm_get_errno() is gone
 * after 22.05, and was errno all along. */
static inline int pyslurm_errno(void) { return errno; }

/* slurm_free_ctl_conf() became slurm_free_conf() in 26.05. */
static inline void pyslurm_free_ctl_conf(slurm_conf_t *conf)
{
#if PYSLURM_AT_LEAST(26, 5)
	slurm_free_conf(conf);
#else
	slurm_free_ctl_conf(conf);
#endif
}

/* Make libslurm's symbols global before the first slurm_init(): Python
 * loads extension modules RTLD_LOCAL, and the plugins libslurm dlopen()s
 * (auth_munge.so, hash_k12.so, ...) need libslurm's symbols, or the process
 * dies with "undefined symbol: slurm_conf".  Returns NULL or an error text.
 * The extra reference is kept on purpose: libslurm is never unloaded. */
static inline const char *pyslurm_make_libslurm_global(void)
{
	Dl_info info;

	if (!dladdr((void *) slurm_init, &info) || !info.dli_fname)
		return "dladdr() cannot locate libslurm";
	if (!dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD))
		return dlerror();
	return NULL;
}

/* Error names that errors.py maps to exception classes, with this major's
 * numbers.  Names a major does not have are simply absent. */
typedef struct {
	const char *name;
	int value;
} pyslurm_errno_name_t;

#define PYSLURM_ERR(n) { #n, n }
static const pyslurm_errno_name_t pyslurm_errno_names[] = {
	PYSLURM_ERR(SLURM_COMMUNICATIONS_CONNECTION_ERROR),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_SEND_ERROR),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_RECEIVE_ERROR),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_SHUTDOWN_ERROR),
#if PYSLURM_AT_LEAST(26, 5)
	PYSLURM_ERR(SLURM_COMMUNICATIONS_CONNECT_TIMEOUT),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_READ_TIMEOUT),
	PYSLURM_ERR(SLURM_COMMUNICATIONS_WRITE_TIMEOUT),
#endif
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_CONNECTION_ERROR),
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_SEND_ERROR),
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_RECEIVE_ERROR),
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_SHUTDOWN_ERROR),
#if PYSLURM_AT_LEAST(24, 11)
	PYSLURM_ERR(SLURMCTLD_COMMUNICATIONS_BACKOFF),
#endif
	PYSLURM_ERR(SLURM_PROTOCOL_SOCKET_IMPL_TIMEOUT),
	PYSLURM_ERR(SLURM_PROTOCOL_VERSION_ERROR),
	PYSLURM_ERR(SLURM_PROTOCOL_INSANE_MSG_LENGTH),
	PYSLURM_ERR(SLURM_PROTOCOL_AUTHENTICATION_ERROR),
	PYSLURM_ERR(ESLURM_ACCESS_DENIED),
	PYSLURM_ERR(ESLURM_USER_ID_MISSING),
	PYSLURM_ERR(ESLURM_INVALID_JOB_ID),
	PYSLURM_ERR(ESLURM_ALREADY_DONE),
	PYSLURM_ERR(ESLURM_JOB_PENDING),
	PYSLURM_ERR(ESLURM_JOB_NOT_PENDING),
	PYSLURM_ERR(ESLURM_JOB_NOT_RUNNING),
	PYSLURM_ERR(ESLURM_JOB_NOT_PENDING_NOR_RUNNING),
	PYSLURM_ERR(ESLURM_TRANSITION_STATE_NO_UPDATE),
	PYSLURM_ERR(ESLURM_INVALID_NODE_NAME),
	PYSLURM_ERR(ESLURM_INVALID_PARTITION_NAME),
	PYSLURM_ERR(ESLURM_RESERVATION_INVALID),
	{ NULL, 0 }
};
#undef PYSLURM_ERR

/* PYSLURM_SINCE_24(e, d): e from 24.11 on, d before (and the like). */
#if PYSLURM_AT_LEAST(24, 11)
# define PYSLURM_SINCE_24(e, d) (e)
# define PYSLURM_BEFORE_24(e, d) (d)
#else
# define PYSLURM_SINCE_24(e, d) (d)
# define PYSLURM_BEFORE_24(e, d) (e)
#endif
#if PYSLURM_AT_LEAST(26, 5)
# define PYSLURM_SINCE_26(e, d) (e)
# define PYSLURM_BEFORE_26(e, d) (d)
#else
# define PYSLURM_SINCE_26(e, d) (d)
# define PYSLURM_BEFORE_26(e, d) (e)
#endif

/* The shims of each area, in the order the modules build on each other. */
#include "compat/nodes.h"
#include "compat/reservations.h"
#include "compat/jobs.h"
#include "compat/steps.h"
#include "compat/config.h"
#include "compat/controller.h"
#include "compat/reports.h"
#include "compat/dbadmin.h"
/* accounting jobs and steps (pyslurm.db) */
#include "compat/db_jobs.h"

#endif /* PYSLURM_COMPAT_H */
