"""Job descriptions of the pilot: :class:`Jobs`, with QCG-PilotJob's simple
(``add``) and standard (``add_std``) formats, and the full validation the
manager applies at :meth:`LocalManager.submit` (:func:`parse_std`).

The simple format is what ``Jobs.add(name=..., exec=..., numCores=...)``
takes; the standard format is QCG's request format (``{"name": ...,
"execution": {...}, "resources": {...}, "dependencies": {"after": [...]},
"iteration": {...}}``), the one ``save_to_file`` writes and batch files
contain. pyslurm adds three attributes QCG does not have: ``retries``
(re-run a failed task up to N times), ``nodes`` (names of the nodes a task
may run on) and ``memory`` (MiB per task, a consumable resource).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

from .errors import FileError, InvalidJobDescriptionError, JobNotDefinedError

__all__ = ["Jobs", "JobSpec", "ResourceSize", "parse_std", "MAX_ITERATIONS"]

# maximum number of iterations of one job (QCG's limit)
MAX_ITERATIONS = 64 * 1024

# attribute -> allowed types, of the simple format (Jobs.add)
_SIMPLE_ATTRS: dict[str, tuple[type, ...]] = {
    "name": (str,), "exec": (str,), "script": (str,), "args": (list, str),
    "stdin": (str,), "stdout": (str,), "stderr": (str,), "wd": (str,),
    "env": (dict,), "modules": (list, str), "venv": (str,), "model": (str,),
    "model_opts": (dict,), "numNodes": (int, dict), "numCores": (int, dict),
    "wt": (str,), "iteration": (int, list, dict), "after": (list, str),
    # pyslurm's additions
    "retries": (int,), "nodes": (list, str), "memory": (int,),
}
_RES_ATTRS: dict[str, tuple[type, ...]] = {
    "min": (int,), "max": (int,), "exact": (int,), "scheduler": (str, dict),
}
_ITER_ATTRS: dict[str, tuple[type, ...]] = {
    "start": (int,), "stop": (int,), "values": (list,),
}
_EXEC_KEYS = ("exec", "script", "args", "stdin", "stdout", "stderr", "wd", "env",
              "modules", "venv", "model", "model_opts")
_STD_KEYS = {"name", "execution", "resources", "dependencies", "iteration", "retries",
             "attributes"}
_STD_EXEC_KEYS = set(_EXEC_KEYS)
_STD_RES_KEYS = {"numCores", "numNodes", "wt", "nodes", "memory", "crs"}
MODELS = ("default", "threads", "openmpi", "intelmpi", "srunmpi")
SCHEDULERS = ("maximum-iters", "split-into")
_NO_ENV: dict[str, str] = {}       # shared by the descriptions without env (never changed)
_NAME_OK = re.compile(r"^[^\s:${}]+$")
_WT = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
_HMS = re.compile(r"^(?:(\d+):)?(\d+):(\d+)$")


def _bad(msg: str) -> InvalidJobDescriptionError:
    return InvalidJobDescriptionError(msg)


def _type_ok(value: Any, types: tuple[type, ...]) -> bool:
    # bool is an int to Python, not to a job description
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


class Jobs:
    """A group of job descriptions to submit, as QCG-PilotJob's
    ``qcg.pilotjob.api.job.Jobs``.

    Examples:
        >>> from pyslurm.pilot import Jobs
        >>> jobs = Jobs().add(name="hello", exec="/bin/echo", args=["hi ${it}"],
        ...                   iteration=3, stdout="hello.${it}.out")
        >>> jobs.job_names()
        ['hello']
    """

    def __init__(self) -> None:
        self._list: dict[str, dict[str, Any]] = {}
        self._job_idx = 0

    @staticmethod
    def _generate_default_name() -> str:
        return str(uuid.uuid4())

    def _validate_smpl_job(self, attrs: dict[str, Any]) -> None:
        if "name" not in attrs:
            attrs["name"] = Jobs._generate_default_name()
        if attrs["name"] in self._list:
            raise _bad(f"Job {attrs['name']} already in list")
        for attr, value in attrs.items():
            if attr not in _SIMPLE_ATTRS:
                raise _bad(f"Unknown attribute {attr}")
            if not _type_ok(value, _SIMPLE_ATTRS[attr]):
                raise _bad(f"Invalid attribute {attr} type {type(value)}")
        if isinstance(attrs.get("after"), str):
            attrs["after"] = [attrs["after"]]
        if "exec" not in attrs and "script" not in attrs:
            raise _bad("No 'exec' nor 'script' defined")
        if "exec" in attrs and "script" in attrs:
            raise _bad("Both 'exec' and 'script' defined")
        for key in ("numCores", "numNodes"):
            if isinstance(attrs.get(key), int) and not isinstance(attrs[key], bool):
                attrs[key] = {"exact": attrs[key]}
            if key in attrs:
                _check_elem(key, attrs[key], _RES_ATTRS)
        if "iteration" in attrs:
            it = attrs["iteration"]
            if isinstance(it, int):
                attrs["iteration"] = {"start": 0, "stop": it}
            elif isinstance(it, list):
                attrs["iteration"] = {"values": it}
            _check_elem("iteration", attrs["iteration"], _ITER_ATTRS)
            _iteration_count(attrs["iteration"])

    @staticmethod
    def _convert_smpl_to_std(smpl: dict[str, Any]) -> dict[str, Any]:
        execution = {k: smpl[k] for k in _EXEC_KEYS if k in smpl}
        std: dict[str, Any] = {"name": smpl["name"], "execution": execution}
        resources = {k: smpl[k] for k in ("numCores", "numNodes", "wt", "nodes", "memory")
                     if k in smpl}
        if resources:
            std["resources"] = resources
        if "iteration" in smpl:
            std["iteration"] = smpl["iteration"]
        if "after" in smpl:
            std["dependencies"] = {"after": smpl["after"]}
        if "retries" in smpl:
            std["retries"] = smpl["retries"]
        return std

    def _append_job(self, name: str, data: dict[str, Any]) -> None:
        self._list[name] = {"idx": self._job_idx, "data": data}
        self._job_idx += 1

    @staticmethod
    def _merge(job_attrs: Optional[dict[str, Any]], kw: dict[str, Any]) -> dict[str, Any]:
        if job_attrs is not None and not isinstance(job_attrs, dict):
            raise _bad(f"Job attributes must be dictionary, not {type(job_attrs).__name__}")
        return {**(job_attrs or {}), **kw}

    def add(self, job_attrs: Optional[dict[str, Any]] = None, **kw_attrs: Any) -> "Jobs":
        """Add a job in the simple format (QCG's ``Jobs.add``).

        Attributes: ``name``, ``exec`` or ``script``, ``args``, ``stdin``,
        ``stdout``, ``stderr``, ``wd``, ``env``, ``modules``, ``venv``,
        ``model`` (``default``, ``threads``, ``openmpi``, ``intelmpi``,
        ``srunmpi``), ``model_opts``, ``numCores`` / ``numNodes`` (an int
        or ``{"exact"|"min"|"max"|"scheduler"}``), ``wt`` (``"1h30m10s"``),
        ``iteration`` (a count, a list of values or ``{"start", "stop"}``
        / ``{"values"}``), ``after`` (names of jobs that must SUCCEED
        first); pyslurm adds ``retries``, ``nodes`` and ``memory``.

        Returns:
            Jobs: this group (calls chain).

        Raises:
            InvalidJobDescriptionError: an unknown attribute, a wrong type,
                both or neither of ``exec`` and ``script``, a duplicate
                name; the message names the attribute.
        """
        data = self._merge(job_attrs, kw_attrs)
        self._validate_smpl_job(data)
        std = self._convert_smpl_to_std(data)
        parse_std(std)          # the manager's checks, before anything is submitted
        self._append_job(data["name"], std)
        return self

    def add_std(self, job_attrs: Optional[dict[str, Any]] = None, **kw_attrs: Any) -> "Jobs":
        """Add a job in QCG's standard (request file) format.

        Returns:
            Jobs: this group.

        Raises:
            InvalidJobDescriptionError: as :meth:`add`.
        """
        data = self._merge(job_attrs, kw_attrs)
        if "name" not in data:
            data["name"] = self._generate_default_name()
        execution = data.get("execution")
        if not isinstance(execution, dict) or ("exec" not in execution
                                               and "script" not in execution):
            raise _bad('Missing "execution/exec" key')
        if data["name"] in self._list:
            raise _bad(f"Job {data['name']} already in list")
        parse_std(data)
        self._append_job(data["name"], data)
        return self

    def remove(self, name: str) -> None:
        """Remove the job ``name`` from the group.

        Raises:
            JobNotDefinedError: no job of that name in the group.
        """
        if name not in self._list:
            raise JobNotDefinedError(name)
        del self._list[name]

    def clear(self) -> int:
        """Remove all jobs; returns how many there were."""
        n = len(self._list)
        self._list.clear()
        return n

    def job_names(self) -> list[str]:
        """The names of the jobs in the group."""
        return list(self._list)

    def ordered_job_names(self) -> list[str]:
        """The names in the order the jobs were added."""
        return [n for n, _ in sorted(self._list.items(), key=lambda kv: kv[1]["idx"])]

    def jobs(self) -> list[dict[str, Any]]:
        """The descriptions in the standard format."""
        return [j["data"] for j in self._list.values()]

    def ordered_jobs(self) -> list[dict[str, Any]]:
        """The descriptions in the standard format, in the order added."""
        return [j["data"] for j in sorted(self._list.values(), key=lambda j: j["idx"])]

    def load_from_file(self, file_path: str) -> None:
        """Add the jobs of a JSON file in the standard format (a list of
        descriptions, as :meth:`save_to_file` writes).

        Raises:
            FileError: the file cannot be read or is not JSON.
            InvalidJobDescriptionError: a description is invalid (no job of
                the file is added then).
        """
        try:
            with open(file_path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            raise FileError(f'File to open/write file "{file_path}": '
                            f'{getattr(e, "errno", None) or e}') from e
        if not isinstance(data, list):
            raise _bad(f"{file_path}: expected a list of job descriptions")
        trial = Jobs()
        trial._list = dict(self._list)
        trial._job_idx = self._job_idx
        for job in data:
            if not isinstance(job, dict):
                raise _bad(f"{file_path}: a job description must be a dictionary")
            trial.add_std(job)
        self._list, self._job_idx = trial._list, trial._job_idx

    def save_to_file(self, file_path: str) -> None:
        """Write the descriptions (standard format) as a JSON list.

        Raises:
            FileError: the file cannot be written.
        """
        try:
            with open(file_path, "w", encoding="utf-8") as f:
                json.dump(self.ordered_jobs(), f, indent=2)
        except OSError as e:
            raise FileError(f'File to open/write file "{file_path}": {e.errno}') from e


def _check_elem(name: str, elem: Any, spec: dict[str, tuple[type, ...]]) -> None:
    if not isinstance(elem, dict):
        raise _bad(f"Invalid {name} type {type(elem)}")
    for key, value in elem.items():
        if key not in spec:
            raise _bad(f"Unknown {name} attribute {key}")
        if not _type_ok(value, spec[key]):
            raise _bad(f"Invalid {name} attribute {key} type {type(value)}")


def _iteration_count(it: dict[str, Any]) -> int:
    if "stop" not in it and "values" not in it:
        raise _bad("Required attribute stop of element iteration not defined")
    if "stop" in it and "values" in it:
        raise _bad("Stop and values iteration attribute are excluding")
    if "values" in it:
        n = len(it["values"])
    else:
        n = it["stop"] - it.get("start", 0)
    if n <= 0 or n > MAX_ITERATIONS:
        raise _bad(f"Wrong number of iterations - outside range (0, {MAX_ITERATIONS}) "
                   f"(iteration: {n})")
    return int(n)


@dataclass
class ResourceSize:
    """A ``numCores`` / ``numNodes`` requirement."""
    exact: Optional[int] = None
    min: Optional[int] = None
    max: Optional[int] = None
    scheduler: Optional[str] = None
    scheduler_params: dict[str, Any] = field(default_factory=dict)

    @property
    def lower(self) -> int:
        """The least acceptable amount."""
        if self.exact is not None:
            return self.exact
        return self.min if self.min is not None else 1

    @property
    def upper(self) -> Optional[int]:
        """The most wanted amount (None: as much as there is)."""
        return self.exact if self.exact is not None else self.max

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k in ("exact", "min", "max"):
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        if self.scheduler:
            out["scheduler"] = {"name": self.scheduler, "params": self.scheduler_params}
        return out


def _resource_size(name: str, value: Any) -> ResourceSize:
    if isinstance(value, int) and not isinstance(value, bool):
        value = {"exact": value}
    if not isinstance(value, dict):
        raise _bad(f"Wrong definition of number of {name} ({type(value).__name__})")
    _check_elem(name, value, _RES_ATTRS)
    rs = ResourceSize(value.get("exact"), value.get("min"), value.get("max"))
    sched = value.get("scheduler")
    if sched is not None:
        if isinstance(sched, dict):
            sname, params = sched.get("name"), sched.get("params", {})
            if not isinstance(params, dict):
                raise _bad(f"{name}: scheduler params must be a dictionary")
        else:
            sname, params = sched, {}
        if not isinstance(sname, str) or sname.lower() not in SCHEDULERS:
            raise _bad(f"{name}: unknown iteration resource scheduler {sname!r} "
                       f"(one of {', '.join(SCHEDULERS)})")
        rs.scheduler, rs.scheduler_params = sname.lower(), dict(params)
        if rs.max is not None:
            raise _bad(f"{name}: Wrong submit request - {sname} directive mixed with max "
                       f"directive")
    if rs.exact is not None and (rs.min is not None or rs.max is not None or rs.scheduler):
        raise _bad(f"{name}: Exact number of resources defined with min/max/scheduler")
    if rs.exact is None and rs.min is None and rs.max is None and not rs.scheduler:
        raise _bad(f"{name}: No resources defined")
    for v in (rs.exact, rs.min, rs.max):
        if v is not None and v <= 0:
            raise _bad(f"{name}: number of resources must be positive, not {v}")
    if rs.min is not None and rs.max is not None and rs.min > rs.max:
        raise _bad(f"{name}: Maximum number greater than minimal")
    return rs


def parse_wt(wt: str) -> float:
    """Seconds of a wall time: QCG's ``"2h30m10s"`` (any part may be left
    out) or ``[H:]M:S``.

    Raises:
        InvalidJobDescriptionError: a wrong format or zero.
    """
    m = _WT.match(wt.strip()) if isinstance(wt, str) else None
    if m and any(m.groups()):
        secs = int(m[1] or 0) * 3600 + int(m[2] or 0) * 60 + int(m[3] or 0)
    else:
        m = _HMS.match(wt.strip()) if isinstance(wt, str) else None
        if not m:
            raise _bad(f"Wrong wall time format (wt: {wt!r})")
        secs = int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3])
    if secs <= 0:
        raise _bad(f"Wall time must be greater than 0 (wt: {wt!r})")
    return float(secs)


@dataclass(slots=True)
class JobSpec:
    """A validated job description, as the manager keeps it."""
    name: str
    exec: Optional[str]
    script: Optional[str]
    args: tuple[str, ...]
    env: dict[str, str]
    wd: Optional[str]
    stdin: Optional[str]
    stdout: Optional[str]
    stderr: Optional[str]
    modules: tuple[str, ...]
    venv: Optional[str]
    model: str
    model_opts: dict[str, Any]
    cores: Optional[ResourceSize]
    nodes: Optional[ResourceSize]
    wt: Optional[float]
    node_names: tuple[str, ...]
    memory: Optional[int]
    iterations: Optional[range]      # the ${it} values; None: not an iteration job
    iter_values: Optional[list[Any]]  # the ${itval} values of a values list
    iter_start: int
    iter_stop: int
    after: tuple[str, ...]
    retries: int
    std: dict[str, Any]


def parse_std(std: Any) -> JobSpec:
    """Check a standard description fully and return its :class:`JobSpec`.

    Raises:
        InvalidJobDescriptionError: the first error, naming the attribute.
    """
    if not isinstance(std, dict):
        raise _bad("Job attributes must be dictionary")
    for key in std:
        if key not in _STD_KEYS:
            raise _bad(f"Unknown attribute {key}")
    name = std.get("name")
    if not isinstance(name, str) or not name:
        raise _bad("Job name not defined")
    if not _NAME_OK.match(name):
        raise _bad(f"Invalid job name {name} (name: no spaces, ':', '$', '{{' or '}}')")
    ex = std.get("execution")
    if not isinstance(ex, dict):
        raise _bad("Job execution not defined or wrong type")
    for key in ex:
        if key not in _STD_EXEC_KEYS:
            raise _bad(f"Unknown execution attribute {key}")
    exe, script = ex.get("exec"), ex.get("script")
    if exe is None and script is None:
        raise _bad("Job execution (exec or script) not defined")
    if exe is not None and script is not None:
        raise _bad("Both 'exec' and 'script' defined")
    if script is not None and ("args" in ex):
        raise _bad("Job script and exec or args defined")
    for key in ("exec", "script", "wd", "stdin", "stdout", "stderr", "venv", "model"):
        if ex.get(key) is not None and not isinstance(ex[key], str):
            raise _bad(f"Invalid execution attribute {key} type {type(ex[key])}")
    args = ex.get("args", [])
    if isinstance(args, str):
        args = [args]
    if not isinstance(args, list):
        raise _bad("Execution arguments (args) must be an array")
    env = ex.get("env", {}) or {}
    if not isinstance(env, dict):
        raise _bad("Execution environment (env) must be an dictionary")
    modules = ex.get("modules", []) or []
    if isinstance(modules, str):
        modules = [modules]
    if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
        raise _bad("Execution modules must be a list of names")
    model = (ex.get("model") or "default").lower()
    if model not in MODELS:
        raise _bad(f"Unknown execution model {ex.get('model')!r} (model: one of "
                   f"{', '.join(MODELS)})")
    model_opts = ex.get("model_opts") or _NO_ENV
    if not isinstance(model_opts, dict):
        raise _bad("Execution model options (model_opts) must be an dictionary")

    res = std.get("resources", {}) or {}
    if not isinstance(res, dict):
        raise _bad("Job resources not defined or wrong type")
    for key in res:
        if key not in _STD_RES_KEYS:
            raise _bad(f"Unknown resources attribute {key}")
    cores = _resource_size("numCores", res["numCores"]) if "numCores" in res else None
    nodes = _resource_size("numNodes", res["numNodes"]) if "numNodes" in res else None
    wt = parse_wt(res["wt"]) if "wt" in res else None
    node_names = res.get("nodes", []) or []
    if isinstance(node_names, str):
        node_names = [node_names]
    if not isinstance(node_names, list) or not all(isinstance(n, str) for n in node_names):
        raise _bad(f"resources attribute nodes must be a list of node names, not {node_names!r}")
    memory = res.get("memory")
    if memory is not None and (not _type_ok(memory, (int,)) or memory <= 0):
        raise _bad(f"resources attribute memory must be a positive number of MiB, not "
                   f"{memory!r}")
    if model == "threads" and nodes is not None and nodes.lower > 1:
        raise _bad("numNodes: the threads model runs on one node")

    iterations: Optional[range] = None
    values: Optional[list[Any]] = None
    start = stop = 0
    if "iteration" in std:
        it = std["iteration"]
        if isinstance(it, int) and not isinstance(it, bool):
            it = {"start": 0, "stop": it}
        elif isinstance(it, list):
            it = {"values": it}
        if not isinstance(it, dict):
            raise _bad("Job iteration wrong type")
        _check_elem("iteration", it, _ITER_ATTRS)
        n = _iteration_count(it)
        if "values" in it:
            values = list(it["values"])
            start, stop = 0, n
        else:
            start = int(it.get("start", 0))
            stop = start + n
        iterations = range(start, stop)
    deps = std.get("dependencies", {}) or {}
    if not isinstance(deps, dict):
        raise _bad("Job dependencies wrong type")
    for key in deps:
        if key != "after":
            raise _bad(f"Unknown dependencies attribute {key}")
    after = deps.get("after", []) or []
    if isinstance(after, str):
        after = [after]
    if not isinstance(after, list) or not all(isinstance(a, str) and a for a in after):
        raise _bad(f"Job dependencies wrong specification (after: {after!r})")
    if name in after:
        raise _bad(f"Job {name} depends on itself (after)")
    retries = std.get("retries", 0)
    if not _type_ok(retries, (int,)) or retries < 0:
        raise _bad(f"retries must be a number >= 0, not {retries!r}")
    return JobSpec(
        name=name, exec=exe, script=script, args=tuple(str(a) for a in args),
        env={str(k): str(v) for k, v in env.items()} if env else _NO_ENV, wd=ex.get("wd"),
        stdin=ex.get("stdin"), stdout=ex.get("stdout"), stderr=ex.get("stderr"),
        modules=tuple(modules), venv=ex.get("venv"), model=model, model_opts=model_opts,
        cores=cores, nodes=nodes, wt=wt, node_names=tuple(node_names), memory=memory,
        iterations=iterations, iter_values=values, iter_start=start, iter_stop=stop,
        after=tuple(after),
        retries=int(retries), std=std)
