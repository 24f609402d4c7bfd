/*
 * compat/controller.h - the controller's statistics (pyslurm.slurmctld): what differs between
 * Slurm majors here.  Included by compat.h only.
 */
#ifndef PYSLURM_COMPAT_CONTROLLER_H
#define PYSLURM_COMPAT_CONTROLLER_H

#define PYSLURM_STATS_HAS_EXITS PYSLURM_AT_LEAST(24, 11)
static inline uint32_t pyslurm_stats_schedule_exit(stats_info_response_msg_t *s, uint32_t i)
{
#if PYSLURM_AT_LEAST(24, 11)
	return (s->schedule_exit && i < s->schedule_exit_cnt) ? s->schedule_exit[i] : NO_VAL;
#else
	(void) s; (void) i;
	return NO_VAL;
#endif
}
static inline uint32_t pyslurm_stats_schedule_exit_cnt(stats_info_response_msg_t *s)
{ (void) s; return PYSLURM_SINCE_24(s->schedule_exit_cnt, 0); }
static inline uint32_t pyslurm_stats_bf_exit(stats_info_response_msg_t *s, uint32_t i)
{
#if PYSLURM_AT_LEAST(24, 11)
	return (s->bf_exit && i < s->bf_exit_cnt) ? s->bf_exit[i] : NO_VAL;
#else
	(void) s; (void) i;
	return NO_VAL;
#endif
}
static inline uint32_t pyslurm_stats_bf_exit_cnt(stats_info_response_msg_t *s)
{ (void) s; return PYSLURM_SINCE_24(s->bf_exit_cnt, 0); }
static inline int pyslurm_stats_rpc_queue_enabled(stats_info_response_msg_t *s)
{ (void) s; return PYSLURM_SINCE_24(s->rpc_queue_enabled, 0); }
/* Per RPC type queue figures (24.11+, with the RPC queue on): NO_VAL64
 * where there are none. */
static inline uint64_t pyslurm_stats_rpc_type_queued(stats_info_response_msg_t *s, uint32_t i)
{ (void) s; (void) i; return PYSLURM_SINCE_24(s->rpc_type_queued ? s->rpc_type_queued[i] : NO_VAL64, NO_VAL64); }
static inline uint64_t pyslurm_stats_rpc_type_dropped(stats_info_response_msg_t *s, uint32_t i)
{ (void) s; (void) i; return PYSLURM_SINCE_24(s->rpc_type_dropped ? s->rpc_type_dropped[i] : NO_VAL64, NO_VAL64); }
static inline uint64_t pyslurm_stats_rpc_type_cycle_last(stats_info_response_msg_t *s, uint32_t i)
{ (void) s; (void) i; return PYSLURM_SINCE_24(s->rpc_type_cycle_last ? s->rpc_type_cycle_last[i] : NO_VAL64, NO_VAL64); }
static inline uint64_t pyslurm_stats_rpc_type_cycle_max(stats_info_response_msg_t *s, uint32_t i)
{ (void) s; (void) i; return PYSLURM_SINCE_24(s->rpc_type_cycle_max ? s->rpc_type_cycle_max[i] : NO_VAL64, NO_VAL64); }
/* ---- end controller ---- */

#endif /* PYSLURM_COMPAT_CONTROLLER_H */
