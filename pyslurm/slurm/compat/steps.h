/*
 * compat/steps.h - job steps (pyslurm.step, stats): what differs between
 * Slurm majors here.  Included by compat.h only.
 */
#ifndef PYSLURM_COMPAT_STEPS_H
#define PYSLURM_COMPAT_STEPS_H

/* ---- steps ---- (pyslurm/step.pyx)
 * 26.05 addresses a step by a slurm_step_id_t *; earlier majors by job and
 * step id.  slurm_get_job_steps loses its update_time in 26.05;
 * slurm_kill_job_step gains flags in 24.11. */
#if PYSLURM_AT_LEAST(26, 5)
static inline slurm_step_id_t pyslurm_step_ref(uint32_t job_id,
					       uint32_t step_id)
{
	slurm_step_id_t id = SLURM_STEP_ID_INITIALIZER;
	id.job_id = job_id;
	id.step_id = step_id;
	return id;
}
#endif

/* job_id / step_id NO_VAL: every job / every step. */
static inline int pyslurm_get_job_steps(uint32_t job_id, uint32_t step_id,
					job_step_info_response_msg_t **resp,
					uint16_t show_flags)
{
#if PYSLURM_AT_LEAST(26, 5)
	slurm_step_id_t id = pyslurm_step_ref(job_id, step_id);
	return slurm_get_job_steps(&id, resp, show_flags);
#else
	return slurm_get_job_steps((time_t) 0, job_id, step_id, resp,
				   show_flags);
#endif
}

static inline int pyslurm_kill_job_step(uint32_t job_id, uint32_t step_id,
					uint16_t signal)
{
#if PYSLURM_AT_LEAST(26, 5)
	slurm_step_id_t id = pyslurm_step_ref(job_id, step_id);
	return slurm_kill_job_step(&id, signal, 0);
#elif PYSLURM_AT_LEAST(24, 11)
	return slurm_kill_job_step(job_id, step_id, signal, 0);
#else
	return slurm_kill_job_step(job_id, step_id, signal);
#endif
}

static inline int pyslurm_signal_job_step(uint32_t job_id, uint32_t step_id,
					  uint32_t signal)
{
#if PYSLURM_AT_LEAST(26, 5)
	slurm_step_id_t id = pyslurm_step_ref(job_id, step_id);
	return slurm_signal_job_step(&id, signal);
#else
	return slurm_signal_job_step(job_id, step_id, signal);
#endif
}

/* slurm_update_step with a new time limit (minutes). */
static inline int pyslurm_update_step_time_limit(uint32_t job_id,
						 uint32_t step_id,
						 uint32_t time_limit)
{
	step_update_request_msg_t msg;

	slurm_init_update_step_msg(&msg);
#if PYSLURM_AT_LEAST(26, 5)
	msg.step_id = pyslurm_step_ref(job_id, step_id);
#else
	msg.job_id = job_id;
	msg.step_id = step_id;
#endif
	msg.time_limit = time_limit;
	return slurm_update_step(&msg);
}

/* The step's allocated TRES ("cpu=2,mem=200M,node=1"); renamed in 26.05. */
static inline const char *pyslurm_step_tres_alloc(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->tres_fmt_alloc_str;
#else
	return s->tres_alloc_str;
#endif
}

/* Fields only newer majors have (NULL where absent). */
static inline const char *pyslurm_step_container_id(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(24, 11)
	return s->container_id;
#else
	(void) s;
	return NULL;
#endif
}
static inline const char *pyslurm_step_cwd(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->cwd;
#else
	(void) s;
	return NULL;
#endif
}
static inline const char *pyslurm_step_std_in(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->std_in;
#else
	(void) s;
	return NULL;
#endif
}
static inline const char *pyslurm_step_std_out(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->std_out;
#else
	(void) s;
	return NULL;
#endif
}
static inline const char *pyslurm_step_std_err(job_step_info_t *s)
{
#if PYSLURM_AT_LEAST(26, 5)
	return s->std_err;
#else
	(void) s;
	return NULL;
#endif
}
/* ---- end steps ---- */

#endif /* PYSLURM_COMPAT_STEPS_H */
