"""The pilot's ``openmpi`` model with Debian's real Open MPI: inside a
2-node allocation of the local cluster the manager runs one ``mpirun`` with
a rank file, and every rank (read back from itself: hostname,
``OMPI_COMM_WORLD_RANK``, its CPU affinity) lands on the node and CPU the
manager chose; a failing rank fails the task. Without an allocation
(virtual nodes) the model starts the ranks itself, with Open MPI's rank
variables.

Open MPI's ``mpirun`` is needed: without it these tests skip, and under
``CI=true`` they fail (CI installs ``openmpi-bin``). With Open MPI 5 the
mpirun tests xfail while the pilot hands ``mpirun`` a rank file path with a
``-`` in it, which Open MPI 5.0.7 cannot parse (open-mpi/ompi#13545)."""

import os
import shutil
import subprocess
import time

import pytest

import pyslurm
from pyslurm.pilot import Jobs, LocalManager

FIELDS = ("$OMPI_COMM_WORLD_RANK $OMPI_COMM_WORLD_SIZE $(hostname) "
          "$(grep Cpus_allowed_list /proc/self/status | cut -f2)")
#: Open MPI refuses to run as root without these (4.x reads OMPI_*, 5.x's
#: PRRTE PRTE_*); given to the task only, as its environment.
ROOT_OK = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
           "PRTE_ALLOW_RUN_AS_ROOT": "1", "PRTE_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}


def _open_mpi():
    """The version line of Open MPI's ``mpirun``; skip (fail under CI) without it."""
    path = shutil.which("mpirun")
    text = ""
    if path is not None:
        res = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
        text = res.stdout + res.stderr
    if "Open MPI" not in text:
        message = f"no Open MPI mpirun on this machine ({path or 'no mpirun'}: {text[:200]!r})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; CI installs Debian's openmpi-bin", pytrace=False)
        pytest.skip(message + "; apt-get install openmpi-bin")
    return text.splitlines()[0]


def _dash_bug(m, version, where):
    """xfail when Open MPI 5 would be handed a rank file path with a '-':
    its PRRTE cannot parse one (open-mpi/ompi#13545; Open MPI 5.0.7 in
    Debian trixie), and the pilot then fails before any rank runs.
    The path is read from a stand-in ``mpirun`` that records its arguments."""
    if "(Open MPI) 5." not in version:     # 4.x and 6.0 read such paths
        return
    fake = where / "record-mpirun"
    fake.write_text('#!/bin/sh\necho "$@" > "$OUT"\n')
    fake.chmod(0o755)
    name = f"rankfile_path_{where.name}".replace("-", "_")
    m.submit(Jobs().add(name=name, exec="/bin/true", model="openmpi", numNodes=2, numCores=1,
                        model_opts={"mpirun": str(fake)}, env={"OUT": str(where / "args")}))
    assert m.wait4(name, timeout=60) == {name: "SUCCEED"}
    args = (where / "args").read_text().split()
    path = args[args.index("--rankfile") + 1]
    if "-" in path:
        pytest.xfail(f"{version}: the pilot hands mpirun the rank file {path!r}; Open MPI 5 "
                     f"cannot parse a path with '-' (open-mpi/ompi#13545): the pilot must "
                     f"name it without one")


@pytest.fixture(scope="module")
def allocation(slurm_cluster):
    """A running 2-node job (its id) whose nodes the pilot uses."""
    nodes = slurm_cluster.node_names[:2]
    job_id = pyslurm.JobSubmitDescription(
        script="#!/bin/sh\nsleep 900\n", nodes=2, ntasks=8, required_nodes=",".join(nodes),
        time_limit=10, standard_output="/dev/null", name="pilot-openmpi").submit()
    end = time.time() + 90
    while pyslurm.Job.load(job_id).state != "RUNNING":
        assert time.time() < end, f"allocation {job_id} did not start"
        time.sleep(0.3)
    yield job_id
    pyslurm.Job(job_id).cancel()


@pytest.fixture(scope="module")
def amgr(allocation, tmp_path_factory):
    m = LocalManager(["--allocation", str(allocation),
                      "--wd", str(tmp_path_factory.mktemp("pilot-openmpi"))])
    yield m
    m.finish()


def cpu_list(text):
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def chosen(m, name):
    """[(node, cpu)] in rank order, from the task's allocation."""
    alloc = m.info(name)["jobs"][name]["data"]["runtime"]["allocation"]
    out = []
    for part in alloc.split(","):
        node, cpus = part.rstrip("]").split("[")
        out += [(node, int(c)) for c in cpus.split(":")]
    return out


def test_openmpi_ranks_land_where_the_manager_chose(amgr, tmp_path):
    version = _open_mpi()
    _dash_bug(amgr, version, tmp_path)
    nodes = {n["name"]: n for n in amgr.nodes_info}
    # 2 cores per node: the rank file names cores by their number, and the
    # test machine may have only 2 (its 4-CPU nodes share them)
    amgr.submit(Jobs().add(name="ompi", exec="/bin/sh", model="openmpi", numNodes=2,
                           numCores=2, args=["-c", "echo " + FIELDS], env=ROOT_OK,
                           stdout="ompi.out", stderr="ompi.err"))
    state = amgr.wait4("ompi", timeout=120)
    err = open(os.path.join(amgr.wd, "ompi.err")).read()
    assert state == {"ompi": "SUCCEED"}, f"{version}: {err}"
    where = chosen(amgr, "ompi")
    assert len({node for node, _ in where}) == 2 and len(where) == 4
    lines = open(os.path.join(amgr.wd, "ompi.out")).read().splitlines()
    ranks = {}
    for line in lines:
        rank, size, host, allowed = line.split()
        assert size == "4"
        ranks[int(rank)] = (host, cpu_list(allowed))
    assert sorted(ranks) == [0, 1, 2, 3], lines
    for rank, (node, cpu) in enumerate(where):
        host, allowed = ranks[rank]
        assert host == node, (rank, where, lines)
        want = nodes[node]["host_cpus"][cpu % len(nodes[node]["host_cpus"])]
        assert allowed == [want], (rank, where, lines)


def test_openmpi_failing_rank_fails_the_task(amgr, tmp_path):
    _dash_bug(amgr, _open_mpi(), tmp_path)
    amgr.submit(Jobs().add(name="ompi_bad", exec="/bin/sh", model="openmpi", numNodes=2,
                           numCores=1, env=ROOT_OK, stdout="bad.out", stderr="bad.err",
                           args=["-c", 'echo "ran $OMPI_COMM_WORLD_RANK"; '
                                       '[ "$OMPI_COMM_WORLD_RANK" != 1 ] || { sleep 1; exit 3; }']))
    assert amgr.wait4("ompi_bad", timeout=120) == {"ompi_bad": "FAILED"}
    info = amgr.info("ompi_bad")["jobs"]["ompi_bad"]["data"]
    assert info["runtime"]["exit_code"] != "0", info
    # both ranks ran (mpirun itself worked): rank 1's exit failed the task
    out = open(os.path.join(amgr.wd, "bad.out")).read().splitlines()
    assert sorted(out) == ["ran 0", "ran 1"], (out, open(os.path.join(amgr.wd, "bad.err")).read())


def test_openmpi_on_virtual_nodes(tmp_path):
    """Without an allocation the manager starts the ranks itself, each
    pinned to its CPU, with Open MPI's rank variables."""
    m = LocalManager(["--nodes", "2,2", "--wd", str(tmp_path)])
    try:
        m.submit(Jobs().add(name="vmpi", exec="/bin/sh", model="openmpi", numNodes=2,
                            numCores=2, stdout="v.out", stderr="v.err",
                            args=["-c", "echo $OMPI_COMM_WORLD_RANK $OMPI_COMM_WORLD_SIZE "
                                        "$QCG_PM_NODELIST $QCG_PM_CPU_SET"]))
        assert m.wait4("vmpi", timeout=60) == {"vmpi": "SUCCEED"}, \
            (tmp_path / "v.err").read_text()
        where = chosen(m, "vmpi")
        lines = sorted((tmp_path / "v.out").read_text().splitlines())
        assert lines == [f"{r} 4 {','.join(sorted({n for n, _ in where}))} {cpu}"
                         for r, (_, cpu) in enumerate(where)], (where, lines)
    finally:
        m.finish()
