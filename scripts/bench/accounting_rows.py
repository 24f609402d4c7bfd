"""The rows scripts/bench/accounting.py writes into slurmdbd's tables.

Pure functions (no database, no Slurm), so that the unit tests can check
them: a deterministic history of finished jobs and their steps spread
over a time window, turned into batched multi-row ``INSERT`` statements
for whatever columns the tables of the running slurmdbd have.

Every job is a finished single-node batch job of one of the given users'
associations: submitted at an even pace over the window, started 0-120 s
later, run 20-200 s on 1, 2 or 4 CPUs, and ended before the window ends;
90 % COMPLETED (exit 0), 7 % FAILED (exit status 1 or 2), 3 % CANCELLED
(signal 15).  Each job has ``steps`` steps: the batch step and then steps
0, 1, ... (``srun``), with CPU time and memory figures (what ``seff``
reads).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Sequence

# slurmdbd's numbers for job and step states (enum job_states) and step ids.
COMPLETED, CANCELLED, FAILED = 3, 4, 5
BATCH_STEP = -5            # SLURM_BATCH_SCRIPT (0xfffffffb) as slurmdbd's signed column
NO_VAL = 0xFFFFFFFE
# TRES ids slurmdbd creates first on every major.
TRES_CPU, TRES_MEM, TRES_NODE, TRES_BILLING, TRES_VMEM = 1, 2, 4, 5, 7
CPU_CHOICES = (1, 1, 1, 2, 4)
MIB = 1024 * 1024


@dataclass(frozen=True)
class Assoc:
    """A user association the jobs are charged to."""

    user: str
    uid: int
    gid: int
    account: str
    id_assoc: int


@dataclass(frozen=True)
class Column:
    """One column of a table, as ``information_schema.columns`` gives it."""

    name: str
    data_type: str
    nullable: bool
    default: str | None
    auto_increment: bool

    @property
    def required(self) -> bool:
        """True when an INSERT must give it a value (strict SQL mode)."""
        return not (self.nullable or self.auto_increment or self.default is not None)

    @property
    def zero(self) -> int | str:
        """The neutral value of its type, for required columns left out."""
        numeric = ("int", "decimal", "double", "float", "bit")
        return 0 if any(n in self.data_type for n in numeric) else ""


def parse_columns(tsv: str) -> dict[str, dict[str, Column]]:
    """``{table: {column: Column}}`` from the tab-separated output of
    ``SELECT table_name, column_name, data_type, is_nullable,
    column_default, extra FROM information_schema.columns`` (mariadb -N -B
    prints SQL NULL as ``NULL``)."""
    tables: dict[str, dict[str, Column]] = {}
    for line in tsv.splitlines():
        if not line.strip():
            continue
        table, name, data_type, nullable, default, extra = (line.split("\t") + [""] * 6)[:6]
        tables.setdefault(table, {})[name] = Column(
            name, data_type.lower(), nullable == "YES",
            None if default == "NULL" else default, "auto_increment" in extra)
    return tables


def sql_literal(value: object) -> str:
    """A value as a SQL literal (strings quoted and escaped)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def tres(**counts: int) -> str:
    """slurmdbd's TRES string: ``"1=2,2=1000,4=1"``."""
    ids = {"cpu": TRES_CPU, "mem": TRES_MEM, "node": TRES_NODE,
           "billing": TRES_BILLING, "vmem": TRES_VMEM}
    return ",".join(f"{ids[k]}={v}" for k, v in sorted(counts.items(), key=lambda kv: ids[kv[0]]))


@dataclass(frozen=True)
class Plan:
    """What to write: ``jobs`` jobs of ``assocs`` in [start, end)."""

    jobs: int
    start: int
    end: int
    assocs: Sequence[Assoc]
    first_db_index: int       # job_db_inx of the first job (the steps refer to it)
    first_job_id: int
    id_qos: int
    steps: int = 2            # per job: the batch step, then steps 0, 1, ...
    nodes: int = 4            # jobs run on c1 .. cN
    partition: str = "debug"
    seed: int = 19

    def __post_init__(self) -> None:
        if self.jobs < 1 or self.steps < 1 or not self.assocs:
            raise ValueError(f"a plan needs jobs, steps and associations: {self!r}")
        if self.end - self.start < 3600:
            raise ValueError(f"window too short: [{self.start}, {self.end})")

    @property
    def last_job_id(self) -> int:
        return self.first_job_id + self.jobs - 1

    @property
    def last_db_index(self) -> int:
        return self.first_db_index + self.jobs - 1


Row = dict[str, object]


def jobs_and_steps(plan: Plan, now: int) -> Iterator[tuple[Row, list[Row]]]:
    """(job row, its step rows) for every job of the plan, as
    {column: value}; ``now`` is the modification time written."""
    rng = random.Random(plan.seed)
    # the last job (submitted at the latest pace point) still ends in time
    span = plan.end - plan.start - 120 - 200 - plan.steps - 2
    for i in range(plan.jobs):
        assoc = plan.assocs[i % len(plan.assocs)]
        submit = plan.start + i * span // plan.jobs
        begin = submit + rng.randint(0, 120)
        runtime = rng.randint(20, 200)
        end = begin + runtime
        cpus = rng.choice(CPU_CHOICES)
        mem = 500 * cpus                                  # MiB requested
        roll = rng.random()
        if roll < 0.90:
            state, exit_code = COMPLETED, 0
        elif roll < 0.97:
            state, exit_code = FAILED, rng.choice((1, 2)) << 8
        else:
            state, exit_code = CANCELLED, 15              # killed by SIGTERM
        node = i % plan.nodes
        nodename = f"c{node + 1}"
        alloc = tres(cpu=cpus, mem=mem, node=1, billing=cpus)
        job = {
            "job_db_inx": plan.first_db_index + i, "mod_time": now, "deleted": 0,
            "account": assoc.account, "cpus_req": cpus, "derived_ec": 0,
            "exit_code": exit_code, "flags": 0, "job_name": f"acct-bench-{i % 100}",
            "id_assoc": assoc.id_assoc, "id_array_job": 0, "id_array_task": NO_VAL,
            "id_job": plan.first_job_id + i, "id_qos": plan.id_qos, "id_resv": 0,
            "id_wckey": 0, "id_user": assoc.uid, "id_group": assoc.gid, "het_job_id": 0,
            "het_job_offset": NO_VAL, "kill_requid": assoc.uid if state == CANCELLED else None,
            "state_reason_prev": 0, "mem_req": mem, "nodelist": nodename, "nodes_alloc": 1,
            "node_inx": str(node), "partition": plan.partition, "priority": 1,
            "state": state, "timelimit": 10, "time_submit": submit, "time_eligible": submit,
            "time_start": begin, "time_end": end, "time_suspended": 0, "gres_used": "",
            "wckey": "", "work_dir": "/tmp", "submit_line": "sbatch --wrap 'srun sim'",
            "tres_alloc": alloc, "tres_req": alloc,
        }
        steps = []
        for s in range(plan.steps):
            batch = s == 0
            s_begin, s_end = begin + (0 if batch else s), end - (0 if batch else 1)
            tasks = 1 if batch else cpus
            used = (s_end - s_begin) * (1 if batch else cpus)
            user_sec = int(used * (0.02 if batch else rng.uniform(0.3, 0.98)))
            rss = rng.randint(20, 400) * MIB
            usage = tres(cpu=user_sec * 1000, mem=rss, vmem=rss * 2)
            steps.append({
                "job_db_inx": plan.first_db_index + i, "deleted": 0,
                "exit_code": exit_code, "id_step": BATCH_STEP if batch else s - 1,
                "step_het_comp": NO_VAL, "kill_requid": job["kill_requid"],
                "nodelist": nodename, "nodes_alloc": 1, "node_inx": str(node),
                "state": state, "step_name": "batch" if batch else "sim",
                "task_cnt": tasks, "task_dist": 0 if batch else 1,
                "time_start": s_begin, "time_end": s_end, "time_suspended": 0,
                "user_sec": user_sec, "user_usec": 0, "sys_sec": used // 50, "sys_usec": 0,
                "act_cpufreq": 0, "consumed_energy": 0, "req_cpufreq_min": NO_VAL,
                "req_cpufreq": NO_VAL, "req_cpufreq_gov": NO_VAL,
                "submit_line": None if batch else "srun sim",
                "tres_alloc": tres(cpu=tasks, mem=mem, node=1),
                "tres_usage_in_ave": usage, "tres_usage_in_max": usage,
                "tres_usage_in_max_taskid": tres(cpu=0, mem=0, vmem=0),
                "tres_usage_in_max_nodeid": tres(cpu=0, mem=0, vmem=0),
                "tres_usage_in_min": usage, "tres_usage_in_tot": usage,
            })
        yield job, steps


def insert_statements(table: str, columns: Mapping[str, Column],
                      rows: Iterable[Mapping[str, object]], batch: int = 1000) -> Iterator[str]:
    """Multi-row ``INSERT`` statements of ``rows`` (``batch`` rows each).

    Only the columns the table has are written (a major without one of
    them gets the rest); required columns the rows leave out get their
    type's zero.  The column list is that of the first row."""
    if batch < 1:
        raise ValueError(f"batch must be at least 1: {batch}")
    names: list[str] | None = None
    values: list[str] = []
    for row in rows:
        if names is None:
            names = [c for c in row if c in columns]
            names += [c.name for c in columns.values() if c.required and c.name not in row]
        values.append("(" + ",".join(_value(row, columns[c]) for c in names) + ")")
        if len(values) == batch:
            yield _insert(table, names, values)
            values = []
    if values and names is not None:
        yield _insert(table, names, values)


def _value(row: Mapping[str, object], column: Column) -> str:
    """The literal of one cell: a required column the row leaves out gets its
    type's zero, a None its column's default when the column takes no NULL."""
    if column.name not in row:
        return sql_literal(column.zero)
    value = row[column.name]
    if value is None and not column.nullable:
        return "DEFAULT"
    return sql_literal(value)


def _insert(table: str, names: list[str], values: list[str]) -> str:
    cols = ",".join(f"`{c}`" for c in names)
    return f"INSERT INTO `{table}` ({cols}) VALUES\n" + ",\n".join(values) + ";\n"


def fill_sql(plan: Plan, cluster: str, columns: Mapping[str, Mapping[str, Column]],
             now: int, batch: int = 1000) -> Iterator[str]:
    """The whole fill as SQL text, in pieces: one transaction of batched
    multi-row INSERTs into ``<cluster>_job_table`` and ``<cluster>_step_table``."""
    job_table, step_table = f"{cluster}_job_table", f"{cluster}_step_table"
    for t in (job_table, step_table):
        if t not in columns:
            raise ValueError(f"slurmdbd has no table {t} (is {cluster!r} registered?)")
    yield "SET autocommit=0; SET unique_checks=0;\n"
    jobs: list[Row] = []
    steps: list[Row] = []
    for job, job_steps in jobs_and_steps(plan, now):
        jobs.append(job)
        steps.extend(job_steps)
        if len(jobs) == batch:
            yield from insert_statements(job_table, columns[job_table], jobs, batch)
            yield from insert_statements(step_table, columns[step_table], steps, batch)
            jobs, steps = [], []
    yield from insert_statements(job_table, columns[job_table], jobs, batch)
    yield from insert_statements(step_table, columns[step_table], steps, batch)
    yield "COMMIT;\n"


def parse_conf(text: str) -> dict[str, str]:
    """``{key (lower case): value}`` of a Slurm-style ``Key=Value`` file."""
    conf = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            key, value = line.split("=", 1)
            conf[key.strip().lower()] = value.strip()
    return conf
