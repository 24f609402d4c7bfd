"""The pilot manager's scheduler: which CPUs of which nodes a task gets.

It keeps the free CPUs (and free memory) of the nodes and hands them out:
one core anywhere (round robin, the fast path), a number or range of
cores on one node or spread over several, a number or range of nodes with
cores per node (or whole nodes), only on the nodes a job names, only
where its memory fits; the iteration resource schedulers (``maximum-iters``,
``split-into``) become exact sizes per iteration when a job is submitted
(:meth:`Scheduler.plan`).  Plain data, no locking: the manager calls it
with its lock held.

Examples:
    >>> from pyslurm.pilot import Jobs
    >>> from pyslurm.pilot.job import parse_std
    >>> from pyslurm.pilot.resources import parse_nodes
    >>> from pyslurm.pilot.state import PilotJob
    >>> sched = Scheduler(parse_nodes("a:2,b:2"))
    >>> job = PilotJob(parse_std(Jobs().add(name="j", exec="/bin/true", numCores=3)
    ...                          .ordered_jobs()[0]), 1)
    >>> alloc = sched.allocate(job, 0)
    >>> sorted(len(cpus) for _, cpus in alloc), sched.take(alloc, 0), sched.free_cores
    ([1, 2], 3, 1)
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence

from .errors import InvalidJobDescriptionError, RequestFailedError
from .job import JobSpec, ResourceSize
from .resources import Node
from .state import PilotJob

__all__ = ["Scheduler"]


class Scheduler:
    """Free CPUs and memory of ``nodes``, and their allocation to tasks.

    An allocation is ``[(node index, [CPU ids])...]``; :meth:`allocate`
    takes its CPUs off the free lists, :meth:`take` books them (and the
    memory), :meth:`release` gives them back.

    Args:
        nodes: the nodes (their ``free`` lists are the scheduler's state).
    """

    def __init__(self, nodes: List[Node]) -> None:
        self.nodes = nodes
        self.total_cores = sum(len(n.cpus) for n in nodes)
        self.free_cores = self.total_cores
        self.node_index = {n.name: i for i, n in enumerate(nodes)}
        self._rr = 0

    def free_count(self) -> int:
        """Free CPUs of the nodes that are alive."""
        return sum(len(n.free) for n in self.nodes if n.alive)

    def check_fits(self, s: JobSpec) -> None:
        """A job that could never fit is an error of its description."""
        alive = list(self.nodes)
        if s.node_names:
            unknown = [n for n in s.node_names if n not in self.node_index]
            if unknown:
                raise RequestFailedError(
                    f"Request failed - Job {s.name}: unknown nodes {unknown} (nodes; known: "
                    f"{', '.join(self.node_index)})")
            alive = [n for n in alive if n.name in s.node_names]
        largest = max(len(n.cpus) for n in alive)
        cores = s.cores.lower if s.cores and not s.cores.scheduler else 1
        if s.nodes and not s.nodes.scheduler:
            if s.nodes.lower > len(alive):
                raise RequestFailedError(
                    f"Request failed - Not enough resources for job {s.name} (numNodes "
                    f"{s.nodes.lower} > {len(alive)} nodes)")
            if s.cores and cores > largest:
                raise RequestFailedError(
                    f"Request failed - Not enough resources for job {s.name} (numCores "
                    f"{cores} per node > {largest} cores)")
        elif s.model == "threads" and cores > largest:
            raise RequestFailedError(
                f"Request failed - Not enough resources for job {s.name} (numCores {cores} "
                f"with the threads model > {largest} cores of the largest node)")
        elif cores > sum(len(n.cpus) for n in alive):
            raise RequestFailedError(
                f"Request failed - Not enough resources for job {s.name} (numCores {cores} > "
                f"{sum(len(n.cpus) for n in alive)} cores)")
        if s.memory and all(n.memory is not None and n.memory < s.memory for n in alive):
            raise RequestFailedError(
                f"Request failed - Not enough resources for job {s.name} (memory "
                f"{s.memory} MiB > the memory of every node)")

    def plan(self, job: PilotJob) -> None:
        """The iteration resource scheduler's exact sizes per iteration."""
        s = job.spec
        for rs, total in ((s.cores, self.total_cores), (s.nodes, len(self.nodes))):
            if rs is None or not rs.scheduler:
                continue
            n, pmin = job.n, rs.min or 1
            plan: List[int] = []
            if rs.scheduler == "split-into":
                parts = int(rs.scheduler_params.get("parts", n))
                size = total // parts if parts > 0 else 0
                if size <= 0:
                    raise InvalidJobDescriptionError(
                        f"Job {s.name}: Wrong submit request - split-into resolved to zero "
                        f"(scheduler params parts={parts}, {total} available)")
                plan = [size] * n
            elif n * pmin <= total:
                avail = total
                for i in range(n):
                    size = avail // (n - i)
                    avail -= size
                    plan.append(size)
            else:
                if pmin > total:
                    raise InvalidJobDescriptionError(
                        f"Job {s.name}: min {pmin} exceeds the {total} available (numCores)")
                rounds = -(-n // (total // pmin))
                left = n
                while left > 0:
                    for r in range(rounds):
                        in_round = -(-left // (rounds - r)) if rounds - r else left
                        avail = total
                        for k in range(in_round):
                            size = avail // (in_round - k)
                            avail -= size
                            plan.append(size)
                        left -= in_round
                        if left <= 0:
                            break
            job.plan = plan[:n]

    def _sizes(self, job: PilotJob,
               i: int) -> tuple[Optional[ResourceSize], Optional[ResourceSize]]:
        s = job.spec
        cores, nodes = s.cores, s.nodes
        if job.plan is not None:
            exact = ResourceSize(exact=job.plan[i])
            if cores is not None and cores.scheduler:
                cores = exact
            elif nodes is not None and nodes.scheduler:
                nodes = exact
        return cores, nodes

    def allocate(self, job: PilotJob, i: int) -> Any:
        """``[(node index, [cpu ids])...]``, None (not now) or "never"."""
        cores, nnodes = self._sizes(job, i)
        s = job.spec
        nodes = self.nodes
        mem = s.memory or 0
        # fast path: one core anywhere
        if nnodes is None and (cores is None or (cores.exact == 1)) and not s.node_names:
            n = len(nodes)
            start = self._rr
            for k in range(n):
                idx = (start + k) % n
                node = nodes[idx]
                if node.free and (not mem or node.mem_free is None or node.mem_free >= mem):
                    self._rr = (idx + 1) % n
                    return [(idx, [node.free.pop()])]
            if mem and all(nd.memory is not None and nd.memory < mem for nd in nodes):
                return "never"
            return None
        cand = [k for k, nd in enumerate(nodes)
                if nd.alive and (not s.node_names or nd.name in s.node_names)]
        cand_mem = [k for k in cand if not mem or nodes[k].mem_free is None
                    or (nodes[k].mem_free or 0) >= mem]
        if nnodes is None:
            if cores is None:
                cores = ResourceSize(exact=1)
            lower, upper = cores.lower, cores.upper
            capacity = (max(len(nodes[k].cpus) for k in cand) if s.model == "threads"
                        else sum(len(nodes[k].cpus) for k in cand)) if cand else 0
            if lower > capacity:
                return "never"
            best = max(cand_mem, key=lambda k: len(nodes[k].free), default=None)
            if best is not None and len(nodes[best].free) >= lower:
                # one node: the first (round robin) with enough for the exact
                # size, or the one with most free cores for a range
                if upper is not None and upper == lower:
                    for k in cand_mem[self._rr % max(1, len(cand_mem)):] + cand_mem:
                        if len(nodes[k].free) >= lower:
                            best = k
                            break
                take = len(nodes[best].free) if upper is None else min(upper,
                                                                       len(nodes[best].free))
                return [(best, [nodes[best].free.pop() for _ in range(take)])]
            if s.model == "threads":
                return None
            total_free = sum(len(nodes[k].free) for k in cand_mem)
            if total_free < lower:
                return None
            want = total_free if upper is None else min(upper, total_free)
            out = []
            for k in sorted(cand_mem, key=lambda k: -len(nodes[k].free)):
                if want <= 0:
                    break
                take = min(want, len(nodes[k].free))
                if take:
                    out.append((k, [nodes[k].free.pop() for _ in range(take)]))
                    want -= take
            return out
        # numNodes given: cores per node (or whole nodes)
        if nnodes.lower > len(cand):
            return "never"
        per_lo = cores.lower if cores else None
        per_hi = cores.upper if cores else None
        if per_lo is not None and per_lo > max(len(nodes[k].cpus) for k in cand):
            return "never"
        fit = []
        for k in cand_mem:
            nd = nodes[k]
            if per_lo is None:
                if len(nd.free) == len(nd.cpus):
                    fit.append(k)
            elif len(nd.free) >= per_lo:
                fit.append(k)
        if len(fit) < nnodes.lower:
            return None
        count = len(fit) if nnodes.upper is None else min(nnodes.upper, len(fit))
        fit = sorted(fit, key=lambda k: -len(nodes[k].free))[:count]
        fit.sort()
        out = []
        for k in fit:
            nd = nodes[k]
            take = len(nd.free) if per_lo is None or per_hi is None else min(per_hi,
                                                                             len(nd.free))
            if per_lo is not None and per_hi is None:
                take = len(nd.free)
            out.append((k, [nd.free.pop() for _ in range(take)]))
        return out

    def take(self, alloc: Sequence[tuple[int, List[int]]], mem: int) -> int:
        """Book an allocation (its CPU lists sorted) and ``mem`` MiB on each
        of its nodes; returns its number of CPUs."""
        for _, cpus in alloc:
            cpus.sort()
        ncores = 0
        for _, cpus in alloc:
            ncores += len(cpus)
        self.free_cores -= ncores
        if mem:
            for k, _ in alloc:
                if self.nodes[k].mem_free is not None:
                    self.nodes[k].mem_free -= mem  # type: ignore[operator]
        return ncores

    def release(self, alloc: Sequence[tuple[int, List[int]]], mem: int,
                dead_node: Optional[int] = None) -> None:
        """Give an allocation's CPUs and memory back (not on ``dead_node``
        nor on nodes that are no longer alive)."""
        for k, cpus in alloc:
            node = self.nodes[k]
            if node.alive and k != dead_node:
                node.free.extend(cpus)
                self.free_cores += len(cpus)
                if mem and node.mem_free is not None:
                    node.mem_free += mem

    def node_lost(self, k: int) -> None:
        """Node ``k`` is gone: none of its CPUs is free any more."""
        node = self.nodes[k]
        node.alive = False
        self.free_cores -= len(node.free)
        node.free = []
