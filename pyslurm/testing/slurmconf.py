"""The configuration of a test cluster: its node layout and the slurm.conf
written for it, per Slurm major (see :mod:`pyslurm.testing.cluster`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

from pyslurm.version import SLURM_MAJORS

from pyslurm.testing.host import PORT_BLOCK, ClusterError

if TYPE_CHECKING:
    pass


# Every difference between majors in the generated configuration.
# "cloud": slurm.conf settings added when there are CLOUD nodes.  22.05
#   hides powered-down cloud nodes from sinfo/scontrol unless
#   PrivateData=cloud; later majors always show them.
# "cgroup.conf": 24.11 and later fail to start slurmd without a working
#   cgroup plugin, so it is disabled (no cgroup filesystem in a root);
#   22.05 has no "disabled" plugin and refuses that line, so it gets no
#   cgroup.conf and autodetects the host's cgroup version.
# Every major clears the POWER_SAVE flag of CLOUD nodes when slurmctld
# restarts without power saving configured (22.05 also when it reads its
# saved state); the daemon-less nodes then count as powered up and get
# pinged (10 s socket timeouts each).  Power saving that never suspends a
# live node (SuspendExcNodes, set from the layout) keeps them powered down.
POWER_SAVE = {"SuspendProgram": "/bin/true", "ResumeProgram": "/bin/true",
              "SuspendTime": "3600"}

# {major: {"cloud": {setting: value}, "cgroup.conf": text or None}}
MAJOR_SETTINGS: dict[str, dict[str, Any]] = {
    "22.05": {"cloud": {"PrivateData": "cloud", **POWER_SAVE}, "cgroup.conf": None},
    "24.11": {"cloud": POWER_SAVE, "cgroup.conf": "CgroupPlugin=disabled\n"},
    "26.05": {"cloud": POWER_SAVE, "cgroup.conf": "CgroupPlugin=disabled\n"},
}

# slurm.conf settings of a cluster with accounting (the slurmdbd port is
# added); "limits,qos" imply "associations" and make QOS and association
# limits hold, as on most sites.
ACCOUNTING_SETTINGS = {
    "AccountingStorageType": "accounting_storage/slurmdbd",
    "AccountingStorageHost": "localhost",
    "AccountingStorageEnforce": "associations,limits,qos",
    "JobCompType": "jobcomp/none",
}

# Room for dynamic nodes (scontrol create node / pyslurm.Node.create):
# MaxNodeCount is the configured nodes plus this many.
DYNAMIC_NODE_ROOM = 4

# Kinds of daemon-less extra nodes: (share, CPUs, MiB, features, gres).
ExtraKind = tuple[int, int, int, str, Optional[str]]
EXTRA_KINDS: tuple[ExtraKind, ...] = (
    (5, 16, 64000, "cpu,intel,avx2", None),
    (2, 32, 192000, "gpu,amd", "gpu:2"),
    (2, 64, 1024000, "bigmem,intel", None),
    (1, 48, 384000, "gpu,intel,nvlink", "gpu:4"),
)
EXTRA_PARTITIONS = {"gpu": ("gpu",), "bigmem": ("bigmem",)}
EXTRA_DRAIN_REASON = "pyslurm testing: drained on purpose"
EXTRA_DOWN_REASON = "pyslurm testing: down on purpose"



# Node layout

def hostlist(prefix: str, first: int, last: int, width: int = 0) -> str:
    """A Slurm host range: ``hostlist("c", 1, 4) == "c[1-4]"``."""
    if first == last:
        return f"{prefix}{first:0{width}d}"
    return f"{prefix}[{first:0{width}d}-{last:0{width}d}]"


def split_shares(total: int, shares: Sequence[int]) -> list[int]:
    """Split ``total`` items into consecutive counts proportional to shares.

    Every share gets at least one item while items last.
    """
    counts = [0] * len(shares)
    for i in range(min(total, len(shares))):
        counts[i] = 1
    rest = total - sum(counts)
    whole = sum(shares)
    for i, share in enumerate(shares):
        counts[i] += rest * share // whole
    counts[0] += total - sum(counts)
    return counts


class Layout:
    """Which nodes and partitions a cluster has (no ports, no paths)."""

    EXTRA_WIDTH = 4

    def __init__(self, nodes: int = 4, cpus: int = 4, memory: int = 4000,
                 extra_nodes: int = 0, prefix: str = "c") -> None:
        if nodes < 1:
            raise ClusterError("a cluster needs at least one node (--nodes)")
        if nodes >= PORT_BLOCK:
            raise ClusterError(f"at most {PORT_BLOCK - 1} live nodes")
        if extra_nodes >= 10 ** self.EXTRA_WIDTH:
            raise ClusterError(f"at most {10 ** self.EXTRA_WIDTH - 1} "
                               f"extra nodes")
        self.nodes, self.cpus, self.memory = nodes, cpus, memory
        self.extra_nodes = extra_nodes
        self.prefix = prefix

    @property
    def node_names(self) -> list[str]:
        """Names of the live nodes, ``c1`` .. ``cN`` (another prefix for a
        second cluster)."""
        return [f"{self.prefix}{i}" for i in range(1, self.nodes + 1)]

    @property
    def half(self) -> list[str]:
        """Names of the nodes in partition ``half``."""
        return self.node_names[:max(1, self.nodes // 2)]

    def extra_groups(self) -> list[tuple[int, int, ExtraKind]]:
        """``(first, last, kind)`` index ranges of the extra nodes."""
        groups: list[tuple[int, int, ExtraKind]] = []
        first = 1
        counts = split_shares(self.extra_nodes, [k[0] for k in EXTRA_KINDS])
        for count, kind in zip(counts, EXTRA_KINDS):
            if count:
                groups.append((first, first + count - 1, kind))
                first += count
        return groups

    def extra_name(self, index: int) -> str:
        return f"x{index:0{self.EXTRA_WIDTH}d}"

    @property
    def extra_names(self) -> list[str]:
        return [self.extra_name(i) for i in range(1, self.extra_nodes + 1)]

    def extra_states(self) -> dict[str, list[str]]:
        """``{"drain": [...], "down": [...]}``: extra nodes to take out.

        The second node of each kind is drained and the third is downed.
        """
        states: dict[str, list[str]] = {"drain": [], "down": []}
        for first, last, _ in self.extra_groups():
            if last >= first + 1:
                states["drain"].append(self.extra_name(first + 1))
            if last >= first + 2:
                states["down"].append(self.extra_name(first + 2))
        return states

    @property
    def partitions(self) -> dict[str, list[str]]:
        """``{partition: [node names]}``, the default partition first."""
        parts = {"debug": self.node_names, "half": self.half}
        if self.extra_nodes:
            parts["cloud"] = self.extra_names
            for name, features in EXTRA_PARTITIONS.items():
                members = [self.extra_name(i)
                           for first, last in self._with_features(features)
                           for i in range(first, last + 1)]
                if members:
                    parts[name] = members
        return parts

    def _with_features(self, features: Iterable[str]) -> list[tuple[int, int]]:
        """``(first, last)`` of the extra groups having any of ``features``."""
        return [(first, last) for first, last, kind in self.extra_groups()
                if set(features) & set(kind[3].split(","))]

    def node_lines(self, slurmd_port: int) -> list[str]:
        """The ``NodeName=`` lines of slurm.conf."""
        last_port = slurmd_port + self.nodes - 1
        ports = (str(slurmd_port) if self.nodes == 1
                 else f"{slurmd_port}-{last_port}")
        lines = [f"NodeName={hostlist(self.prefix, 1, self.nodes)} "
                 f"NodeHostname=localhost NodeAddr=127.0.0.1 Port={ports} "
                 f"CPUs={self.cpus} RealMemory={self.memory} State=UNKNOWN"]
        for first, last, (_, cpus, memory, features, gres) in \
                self.extra_groups():
            line = (f"NodeName={hostlist('x', first, last, self.EXTRA_WIDTH)} "
                    f"NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={memory} "
                    f"Features={features}")
            if gres:
                line += f" Gres={gres}"
            lines.append(line + " State=CLOUD")
        return lines

    def partition_lines(self) -> list[str]:
        """The ``PartitionName=`` lines of slurm.conf."""
        lines = [
            f"PartitionName=debug Nodes={hostlist(self.prefix, 1, self.nodes)} "
            f"Default=YES MaxTime=INFINITE State=UP",
            f"PartitionName=half Nodes={hostlist(self.prefix, 1, len(self.half))} "
            f"MaxTime=INFINITE State=UP",
        ]
        if self.extra_nodes:
            lines.append(
                f"PartitionName=cloud "
                f"Nodes={hostlist('x', 1, self.extra_nodes, self.EXTRA_WIDTH)}"
                f" MaxTime=INFINITE State=UP")
            for name, features in EXTRA_PARTITIONS.items():
                ranges = ",".join(hostlist("x", first, last, self.EXTRA_WIDTH)
                                  for first, last in
                                  self._with_features(features))
                if ranges:
                    lines.append(f"PartitionName={name} Nodes={ranges} "
                                 f"MaxTime=INFINITE State=UP")
        return lines

    def uses_gres(self) -> bool:
        return any(kind[4] for _, _, kind in self.extra_groups())


# Configuration

def slurm_conf(layout: Layout, major: str, port_base: int, runtime_dir: str,
               name: str = "pyslurm", accounting_port: int | None = None,
               first_job_id: int | None = None) -> str:
    """The text of slurm.conf for ``layout`` under Slurm ``major``.

    ``name`` is the ClusterName; with ``accounting_port``, jobs are
    recorded by the slurmdbd listening there and need an association
    (``AccountingStorageEnforce``)."""
    if major not in MAJOR_SETTINGS:
        raise ClusterError(f"Slurm {major} is not supported; supported: "
                           f"{', '.join(SLURM_MAJORS)}")
    d = runtime_dir
    settings: dict[str, str | int] = {
        "ClusterName": name,
        "SlurmctldHost": "localhost",
        "SlurmctldPort": port_base,
        "SlurmdPort": port_base + 1,
        "SlurmUser": "root",
        "SlurmdUser": "root",
        "AuthType": "auth/munge",
        "CredType": "cred/munge",
        "MpiDefault": "none",
        "ProctrackType": "proctrack/linuxproc",
        "TaskPlugin": "task/none",
        "SelectType": "select/cons_tres",
        "SelectTypeParameters": "CR_Core_Memory",
        "SchedulerType": "sched/backfill",
        "SlurmdParameters": "config_overrides",
        "JobAcctGatherType": "jobacct_gather/linux",
        "JobAcctGatherFrequency": "task=5",
        "DefMemPerCPU": 500,
        # jobs may reserve cores for the system (sbatch --core-spec)
        "AllowSpecResourcesUsage": "YES",
        "ReturnToService": 2,
        "MessageTimeout": 10,
        "SlurmctldTimeout": 30,
        "SlurmdTimeout": 60,
        "KillWait": 2,
        "MinJobAge": 300,
        # room for the 50,000-job benchmark (scripts/bench/jobs.py)
        "MaxJobCount": 100000,
        "InactiveLimit": 0,
        "StateSaveLocation": f"{d}/state",
        "SlurmdSpoolDir": f"{d}/spool/%n",
        "SlurmctldPidFile": f"{d}/run/slurmctld.pid",
        "SlurmdPidFile": f"{d}/run/slurmd.%n.pid",
        "SlurmctldLogFile": f"{d}/log/slurmctld.log",
        "SlurmdLogFile": f"{d}/log/slurmd.%n.log",
        "MailProg": "/bin/true",
        # cluster-wide licenses, for license requests and reservations
        "Licenses": "fluent:4,matlab:2",
        "MaxNodeCount": layout.nodes + layout.extra_nodes + DYNAMIC_NODE_ROOM,
        "SlurmctldDebug": "info",
        "SlurmdDebug": "info",
    }
    if layout.uses_gres():
        settings["GresTypes"] = "gpu"
    if layout.extra_nodes:
        settings.update(MAJOR_SETTINGS[major]["cloud"])
        if "SuspendTime" in settings:
            settings["SuspendExcNodes"] = hostlist(layout.prefix, 1, layout.nodes)
    if accounting_port is not None:
        settings.update(ACCOUNTING_SETTINGS)
        settings["AccountingStoragePort"] = accounting_port
    if first_job_id is not None:
        settings["FirstJobId"] = first_job_id
    lines = [f"# Written by pyslurm.testing.cluster for Slurm {major}; "
             f"rewritten on every 'up'."]
    lines += [f"{key}={value}" for key, value in settings.items()]
    lines += layout.node_lines(port_base + 1)
    lines += layout.partition_lines()
    return "\n".join(lines) + "\n"
