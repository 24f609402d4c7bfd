/*
 * compat/nodes.h - hostlists, nodes and partitions (pyslurm.hostlist,
 * node, partition): what differs between
 * Slurm majors here.  Included by compat.h only.
 */
#ifndef PYSLURM_COMPAT_NODES_H
#define PYSLURM_COMPAT_NODES_H

/* ---- Hostlists (pyslurm.hostlist, node, partition) ------------------
 * 22.05 passes hostlist_t (itself a pointer); 24.11+ pass hostlist_t *.
 * pyslurm_hostlist_t is "the handle" in every major. */
/* Exported by libslurm in every major (not in slurm.h): Slurm's xfree()
 * for one pointer, to release strings libslurm xmalloc()ed for us. */
extern void slurm_xfree_ptr(void *ptr);
#if PYSLURM_AT_LEAST(24, 11)
typedef hostlist_t *pyslurm_hostlist_t;
#else
typedef hostlist_t pyslurm_hostlist_t;
#endif

static inline pyslurm_hostlist_t pyslurm_hostlist_create(const char *s)
{ return slurm_hostlist_create(s); }
static inline void pyslurm_hostlist_destroy(pyslurm_hostlist_t hl)
{ slurm_hostlist_destroy(hl); }
static inline int pyslurm_hostlist_push_host(pyslurm_hostlist_t hl, const char *h)
{ return slurm_hostlist_push_host(hl, h); }
static inline int pyslurm_hostlist_count(pyslurm_hostlist_t hl)
{ return slurm_hostlist_count(hl); }
static inline int pyslurm_hostlist_find(pyslurm_hostlist_t hl, const char *h)
{ return slurm_hostlist_find(hl, h); }
static inline void pyslurm_hostlist_uniq(pyslurm_hostlist_t hl)
{ slurm_hostlist_uniq(hl); }
/* Result: free() it. */
static inline char *pyslurm_hostlist_shift(pyslurm_hostlist_t hl)
{ return slurm_hostlist_shift(hl); }
/* The ranged string ("c[1-3]"); release it with pyslurm_hostlist_free_ranged:
 * 22.05's _malloc result is free()d, the _xmalloc one (the only one left in
 * 24.11+) must go back through Slurm's xfree(). */
static inline char *pyslurm_hostlist_ranged(pyslurm_hostlist_t hl)
{
#if PYSLURM_AT_LEAST(24, 11)
	return slurm_hostlist_ranged_string_xmalloc(hl);
#else
	return slurm_hostlist_ranged_string_malloc(hl);
#endif
}
static inline void pyslurm_hostlist_free_ranged(char *s)
{
#if PYSLURM_AT_LEAST(24, 11)
	if (s)
		slurm_xfree_ptr(s);
#else
	free(s);
#endif
}

/* ---- Nodes (pyslurm.node) ------------------------------------------
 * Allocated CPUs/memory/TRES: 22.05 and 24.11 read them from the select
 * plugin's data (slurm_get_select_nodeinfo); 26.05 has them in node_info_t
 * and no slurm_get_select_nodeinfo. */
static inline uint16_t pyslurm_node_alloc_cpus(node_info_t *n)
{
#if PYSLURM_AT_LEAST(26, 5)
	return n->alloc_cpus;
#else
	uint16_t v = 0;
	if (slurm_get_select_nodeinfo(n->select_nodeinfo, SELECT_NODEDATA_SUBCNT,
				      NODE_STATE_ALLOCATED, &v) != SLURM_SUCCESS)
		return 0;
	return v;
#endif
}

static inline uint64_t pyslurm_node_alloc_memory(node_info_t *n)
{
#if PYSLURM_AT_LEAST(26, 5)
	return n->alloc_memory;
#else
	uint64_t v = 0;
	if (slurm_get_select_nodeinfo(n->select_nodeinfo,
				      SELECT_NODEDATA_MEM_ALLOC,
				      NODE_STATE_ALLOCATED, &v) != SLURM_SUCCESS)
		return 0;
	return v;
#endif
}

/* The allocated TRES string ("cpu=2,mem=1000M"), or NULL; malloc'ed:
 * release it with free(). */
static inline char *pyslurm_node_alloc_tres(node_info_t *n)
{
#if PYSLURM_AT_LEAST(26, 5)
	return n->alloc_tres_fmt_str ? strdup(n->alloc_tres_fmt_str) : NULL;
#else
	char *s = NULL, *out = NULL;
	if (slurm_get_select_nodeinfo(n->select_nodeinfo,
				      SELECT_NODEDATA_TRES_ALLOC_FMT_STR,
				      NODE_STATE_ALLOCATED, &s) != SLURM_SUCCESS)
		return NULL;
	if (s) {
		out = strdup(s);
		slurm_xfree_ptr(s);
	}
	return out;
#endif
}

/* Reservation a node is in (24.11+; NULL in 22.05). */
static inline const char *pyslurm_node_resv_name(node_info_t *n)
{
#if PYSLURM_AT_LEAST(24, 11)
	return n->resv_name;
#else
	(void) n;
	return NULL;
#endif
}

/* Slurm's own state names ("IDLE", "DRAINED*", "IDLE~", ...), as sinfo and
 * scontrol print them: exported by libslurm in every major, though not
 * declared in slurm.h.  Static strings: not to be freed. */
extern char *slurm_node_state_string(uint32_t inx);
/* "SUSPEND,GANG" etc. for a partition's PreemptMode (static string). */
extern const char *slurm_preempt_mode_string(uint16_t preempt_mode);

/* Partition fields 22.05 does not have: MaxCPUsPerSocket (NO_VAL there)
 * and PowerDownOnIdle (0 there). */
static inline uint32_t pyslurm_part_max_cpus_per_socket(const void *rec)
{
#if PYSLURM_AT_LEAST(24, 11)
	return ((const partition_info_t *) rec)->max_cpus_per_socket;
#else
	(void) rec;
	return NO_VAL;
#endif
}

static inline int pyslurm_part_power_down_on_idle(const partition_info_t *p)
{
#if PYSLURM_AT_LEAST(24, 11)
	return (p->flags & PART_FLAG_PDOI) != 0;
#else
	(void) p;
	return 0;
#endif
}

#endif /* PYSLURM_COMPAT_NODES_H */
