"""Real-time job statistics (pyslurm.stats: Job/Jobs/JobStep.load_stats)
against the real local cluster, checked against what the job itself wrote
(its process ids) and against ``sstat`` for the same step.

One batch job (module fixture) writes its shell's pid, then runs one step
of two tasks on two nodes (one each); each task burns a few seconds of user CPU, fills 200 MiB of
memory, prints its pid and sleeps, so that its numbers stay still while
they are compared.  The test cluster gathers with jobacct_gather/linux.
"""

import os
import re
import subprocess
import sys
import textwrap

import pytest

import pyslurm
from pyslurm import testing
from pyslurm import Job, JobStatistics, JobStep, JobStepStatistics, JobSubmitDescription, Jobs
from pyslurm.testing import rss_kib

MIB = 1 << 20
HOG_MIB = 200

TASK = textwrap.dedent(f"""
    import os, socket, time
    x = 0
    for i in range(50_000_000):   # some seconds of user CPU time
        x += i
    hog = b"x" * ({HOG_MIB} << 20)
    print("task", os.environ["SLURM_PROCID"], os.getpid(), socket.gethostname(), flush=True)
    time.sleep(600)
""")


def wait_for(predicate, what, timeout=60.0):
    return testing.wait_for(predicate, what, timeout, interval=0.5)


def sstat(step_id, fields):
    """``sstat --noconvert -P`` of one step as {field: value}."""
    out = subprocess.run(["sstat", "-j", step_id, "--noconvert", "-P", "--noheader",
                          "--format=" + ",".join(fields)],
                         capture_output=True, text=True, env={**os.environ})
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, out.stdout
    return dict(zip(fields, lines[0].split("|")))


def sstat_pids(step_id):
    """``sstat -i`` (pid format): {node: {pid, ...}}."""
    out = subprocess.run(["sstat", "-j", step_id, "-i", "-P", "--noheader"],
                         capture_output=True, text=True, env={**os.environ})
    assert out.returncode == 0, out.stderr
    pids = {}
    for line in out.stdout.split():
        node, numbers = line.split("|")[-2:]   # JobID|Nodelist|Pids
        pids.setdefault(node, set()).update(int(p) for p in numbers.split(",") if p)
    return pids


def seconds(text):
    """sstat's ``[D-][HH:]MM:SS[.mmm]`` as seconds."""
    days = 0
    if "-" in text:
        d, text = text.split("-", 1)
        days = int(d)
    parts = [float(p) for p in text.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    return days * 86400 + parts[0] * 3600 + parts[1] * 60 + parts[2]


def _stats_ready(job_id):
    stats = Job(job_id).load_stats()
    step = stats.steps.get(0)
    if step is None or (step.max_resident_memory or 0) < HOG_MIB * MIB:
        return None
    return stats


@pytest.fixture(scope="module")
def job(slurm_cluster, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stats")
    os.chmod(tmp, 0o777)
    (tmp / "task.py").write_text(TASK)
    script = f"""#!/bin/sh
echo "batch $$ $(hostname)"
srun -n2 {sys.executable} {tmp}/task.py
"""
    out = tmp / "out.txt"
    job_id = JobSubmitDescription(script=script, nodes=2, ntasks=2, ntasks_per_node=1,
                                  time_limit=10, partition="debug",
                                  standard_output=str(out)).submit()
    try:
        lines = wait_for(lambda: out.exists() and out.read_text().count("task ") == 2
                         and out.read_text().splitlines(), f"the tasks of job {job_id}")
        wait_for(lambda: _stats_ready(job_id), f"{HOG_MIB} MiB resident in job {job_id}")
        written = {"batch": None, "tasks": {}}
        for line in lines:
            words = line.split()
            if words[0] == "batch":
                written["batch"] = (int(words[1]), words[2])
            elif words[0] == "task":
                written["tasks"][int(words[1])] = (int(words[2]), words[3])
        yield job_id, written
    finally:
        try:
            Job(job_id).cancel()
        except pyslurm.RPCError:
            pass


def test_job_load_stats_fills_stats_and_pids(job):
    job_id, written = job
    j = Job.load(job_id)
    assert j.stats is None and j.pids is None
    stats = j.load_stats()
    assert isinstance(stats, JobStatistics)
    assert j.stats is stats
    # the processes the job wrote down are the ones Slurm reports, on the
    # node they said
    batch_pid, batch_node = written["batch"]
    assert batch_pid in j.pids[batch_node]
    for pid, node in written["tasks"].values():
        assert pid in j.pids[node]
    assert len({node for _, node in written["tasks"].values()}) == 2
    # every step is there with its own stats and pids
    assert {0, "batch"} <= set(j.steps) and {0, "batch"} <= set(stats.steps)
    step0 = j.steps[0]
    assert isinstance(step0.stats, JobStepStatistics) and step0.stats is stats.steps[0]
    assert {pid for pid, _ in written["tasks"].values()} <= {
        p for pids in step0.pids.values() for p in pids}
    assert batch_pid in j.steps["batch"].pids[batch_node]
    # the job's pids are its steps' pids
    assert {(n, p) for n, ps in j.pids.items() for p in ps} == {
        (n, p) for s in j.steps.values() for n, ps in s.pids.items() for p in ps}


def test_step_pids_match_sstat(job):
    job_id, _ = job
    step = JobStep.load(job_id, 0)
    step.load_stats()
    assert {n: set(p) for n, p in step.pids.items()} == sstat_pids(f"{job_id}.0")


def test_values_are_plausible(job):
    job_id, written = job
    j = Job(job_id)
    stats = j.load_stats()
    s = stats.steps[0]
    nodes = {node for _, node in written["tasks"].values()}
    # each task holds HOG_MIB MiB (plus the interpreter)
    assert HOG_MIB * MIB <= s.max_resident_memory < (HOG_MIB + 200) * MIB
    assert HOG_MIB * MIB <= s.avg_resident_memory <= s.max_resident_memory
    assert s.max_virtual_memory >= s.max_resident_memory
    assert s.max_resident_memory_node in nodes and s.max_resident_memory_task in (0, 1)
    # each task burnt a few seconds of CPU, in user space
    assert 1.0 <= s.min_cpu_time <= s.avg_cpu_time < 60
    assert s.min_cpu_time_node in nodes and s.min_cpu_time_task in (0, 1)
    assert 2 * s.min_cpu_time <= s.total_cpu_time < 120
    assert s.user_cpu_time >= 2 and s.system_cpu_time >= 0   # whole seconds per task
    assert s.user_cpu_time + s.system_cpu_time <= s.total_cpu_time + 2
    assert s.elapsed_cpu_time == j.steps[0].run_time * j.steps[0].cpus > 0
    assert s.avg_disk_read is not None and s.max_disk_read_node in nodes
    assert s.consumed_energy in (None, 0)   # no energy plugin on the test cluster
    # the job's numbers combine its steps'
    assert stats.max_resident_memory == s.max_resident_memory
    assert stats.total_cpu_time == pytest.approx(
        sum(x.total_cpu_time for x in stats.steps.values()))
    assert stats.min_cpu_time == min(x.min_cpu_time for x in stats.steps.values())
    d = stats.to_dict()
    assert d["steps"][0]["max_resident_memory"] == s.max_resident_memory


def test_values_agree_with_sstat(job):
    job_id, _ = job
    fields = ["MaxRSS", "MaxRSSNode", "MaxRSSTask", "AveRSS", "MaxVMSize",
              "MaxVMSizeNode", "MaxVMSizeTask", "AveVMSize", "MinCPU", "MinCPUNode",
              "MinCPUTask", "AveCPU", "MaxDiskRead", "AveDiskRead", "MaxDiskWrite",
              "AveDiskWrite", "MaxPages", "AvePages", "NTasks"]
    before = sstat(f"{job_id}.0", fields)
    step = JobStep.load(job_id, 0)
    s = step.load_stats()
    after = sstat(f"{job_id}.0", fields)
    assert before["NTasks"] == "2"

    def near(value, key, rel=0.02):
        lo, hi = sorted((float(before[key]), float(after[key])))
        assert lo * (1 - rel) - 1 <= value <= hi * (1 + rel) + 1, (key, value, before, after)

    # sstat --noconvert prints bytes (memory, disk) and counts (pages)
    near(s.max_resident_memory, "MaxRSS")
    near(s.avg_resident_memory, "AveRSS")
    near(s.max_virtual_memory, "MaxVMSize")
    near(s.avg_virtual_memory, "AveVMSize")
    near(s.max_disk_read, "MaxDiskRead", rel=0.1)
    near(s.avg_disk_read, "AveDiskRead", rel=0.1)
    near(s.max_disk_write, "MaxDiskWrite", rel=0.1)
    near(s.avg_disk_write, "AveDiskWrite", rel=0.1)
    near(s.max_page_faults, "MaxPages")
    near(s.avg_page_faults, "AvePages")
    assert s.max_resident_memory_node == before["MaxRSSNode"]
    assert s.max_virtual_memory_node == before["MaxVMSizeNode"]
    assert s.min_cpu_time_node == before["MinCPUNode"]
    assert str(s.min_cpu_time_task) == before["MinCPUTask"]
    # sstat prints CPU times as [MM:]SS, with .mmm when not whole seconds
    for value, key in ((s.min_cpu_time, "MinCPU"), (s.avg_cpu_time, "AveCPU")):
        text = before[key]
        tolerance = 0.05 if "." in text else 1.0
        assert abs(value - seconds(text)) <= tolerance, (key, value, text)


def test_jobs_load_stats(job):
    job_id, _ = job
    held = JobSubmitDescription(script="#!/bin/sh\nsleep 60\n", ntasks=1, time_limit=5,
                                partition="debug", hold=True,
                                standard_output="/dev/null").submit()
    try:
        jobs = Jobs.load()
        stats = jobs.load_stats()
        assert isinstance(stats, JobStatistics) and jobs.stats is stats
        ours = jobs[job_id]
        assert ours.stats.max_resident_memory >= HOG_MIB * MIB
        assert stats.max_resident_memory >= ours.stats.max_resident_memory
        assert stats.total_cpu_time >= ours.stats.total_cpu_time
        assert ours.pids and 0 in ours.steps and ours.steps[0].pids
        # a pending job is left out: no stats, no pids
        assert jobs[held].state == "PENDING"
        assert jobs[held].stats is None and jobs[held].pids is None
    finally:
        Job(held).cancel()


def test_job_without_running_steps_has_empty_stats(slurm_cluster):
    job_id = JobSubmitDescription(script="#!/bin/sh\ntrue\n", ntasks=1, time_limit=5,
                                  partition="debug", standard_output="/dev/null").submit()
    wait_for(lambda: Job.load(job_id).state == "COMPLETED", f"job {job_id} to complete")
    j = Job(job_id)
    stats = j.load_stats()
    assert stats.steps == {} and j.pids == {}
    assert stats.max_resident_memory is None and stats.total_cpu_time is None


def test_errors(job):
    job_id, _ = job
    with pytest.raises(pyslurm.JobNotFoundError):
        Job(999999).load_stats()
    with pytest.raises(ValueError):
        JobStep(job_id, 0).load_stats()     # an empty handle: nothing to ask


def test_libslurm_keeps_working_next_to_libslurmfull(job, slurm_cluster):
    """libslurmfull exports the same symbols as libslurm: in a fresh process
    that loads pyslurm.stats first, libslurm (and the plugins it loads, such
    as auth) must go on working."""
    job_id, _ = job
    code = textwrap.dedent(f"""
        import pyslurm.stats
        import pyslurm
        pyslurm.init({str(slurm_cluster.conf)!r})
        assert pyslurm.Job({job_id}).load_stats().max_resident_memory > 0
        maps = open("/proc/self/maps").read()
        assert "libslurmfull" in maps and "libslurm.so" in maps
        assert len(pyslurm.Nodes.load()) > 0
        assert pyslurm.Partitions.load()
        jid = pyslurm.JobSubmitDescription(script="#!/bin/sh\\nsleep 30\\n", ntasks=1,
                                           time_limit=5, partition="debug",
                                           standard_output="/dev/null").submit()
        assert pyslurm.Job.load(jid).id == jid
        pyslurm.Job(jid).cancel()
        assert pyslurm.Jobs.load().load_stats().max_resident_memory > 0
        print("ok")
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**os.environ})
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr
    assert not re.search(r"undefined symbol|fatal", res.stderr), res.stderr


def test_no_leak_loading_stats(job):
    """Each load frees the nodes' answers, the summed record and the TRES
    strings: memory stays flat over many loads."""
    job_id, _ = job
    step = JobStep.load(job_id, 0)
    for _ in range(50):
        step.load_stats()
    sizes = [rss_kib()]
    for _ in range(3):
        for _ in range(150):
            step.load_stats()
        sizes.append(rss_kib())
    growth = [b - a for a, b in zip(sizes, sizes[1:])]
    # a leak grows every window; fragmentation settles (KiB per 150 loads)
    assert min(growth) < 256 and sum(growth) < 2048, growth
