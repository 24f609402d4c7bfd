"""The pilot's ``openmpi`` model with Debian's real Open MPI: inside a
2-node allocation of the local cluster the manager runs one ``mpirun`` with
a rank file, and every rank (read back from itself: hostname,
``OMPI_COMM_WORLD_RANK``, its CPU affinity) lands on the node and CPU the
manager chose; a failing rank fails the task; the rank file is named
without a '-' (Open MPI 5's PRRTE cannot parse such a path,
open-mpi/ompi#13545) and removed when the task ends. Without an allocation
(virtual nodes) the model starts the ranks itself, with Open MPI's rank
variables.

Open MPI's ``mpirun`` is needed: without it these tests skip, and under
``CI=true`` they fail (CI installs ``openmpi-bin``)."""

import os
import shutil
import subprocess

import pytest

from pyslurm.pilot import Jobs, LocalManager

from pilot_alloc import allocation_manager, cpu_list, running_allocation

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


@pytest.fixture(scope="module")
def allocation(slurm_cluster):
    """A running 2-node job (its id) whose nodes the pilot uses."""
    yield from running_allocation(slurm_cluster, 2, "pilot-openmpi")


@pytest.fixture(scope="module")
def amgr(allocation, tmp_path_factory):
    yield from allocation_manager(allocation, tmp_path_factory, "pilot-openmpi")


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
    _open_mpi()
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


def test_rank_file_is_named_without_a_dash_and_removed(amgr, tmp_path):
    """Open MPI 5's PRRTE cannot parse a rank file path with a '-'
    (open-mpi/ompi#13545): mpirun (here a stand-in recording its arguments
    and the file) is given a dash-free path relative to its directory, the
    task's, and the file is gone once the task ended."""
    fake = tmp_path / "record-mpirun"
    fake.write_text('#!/bin/sh\necho "$PWD $@" > "$OUT"\n'
                    'while [ "$1" != --rankfile ]; do shift; done; cat "$2" >> "$OUT"\n')
    fake.chmod(0o755)
    wd = tmp_path / "task-dir"
    amgr.submit(Jobs().add(name="rankfile_path", exec="/bin/true", model="openmpi",
                           numNodes=2, numCores=1, wd=str(wd),
                           model_opts={"mpirun": str(fake)},
                           env={"OUT": str(tmp_path / "args")}))
    assert amgr.wait4("rankfile_path", timeout=60) == {"rankfile_path": "SUCCEED"}
    first, *ranks = (tmp_path / "args").read_text().splitlines()
    cwd, *args = first.split()
    path = args[args.index("--rankfile") + 1]
    assert cwd == str(wd) and "-" not in path and "/" not in path, first
    where = chosen(amgr, "rankfile_path")
    assert ranks == [f"rank {r}={node} slot={cpu}" for r, (node, cpu) in enumerate(where)]
    assert not (wd / path).exists() and os.listdir(wd) == []


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
