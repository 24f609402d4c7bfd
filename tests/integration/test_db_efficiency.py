"""pyslurm.db.efficiency against sacct on the local cluster with accounting.

Debian ships no ``seff`` (it is in Slurm's contribs, packaged by none of
the supported releases), so every figure is checked against seff's
formula on sacct's own fields: TotalCPU / (Elapsed x AllocCPUS), the
largest step MaxRSS against the memory allocated (AllocTRES mem, what seff
divides by), Elapsed against Timelimit."""

import importlib.util
import os
import subprocess
import time

import pytest

import pyslurm
from jobscripts import busy
from pyslurm.db import efficiency

# The how-to "efficiency of an array" is run from docs/guides/accounting.md
# itself by test_howto_efficiency_of_an_array (array_job_id set).
HOWTO = ("accounting.md", "Efficiency of an array")

BUSY = busy(7)


def sacct(conf, ids, fields):
    r = subprocess.run(["sacct", "-n", "-P", "-j", ",".join(map(str, ids)), "-o",
                        ",".join(fields)], env={**os.environ, "SLURM_CONF": conf},
                       capture_output=True, text=True, timeout=60, check=True)
    return [dict(zip(fields, line.split("|"))) for line in r.stdout.splitlines() if line]


def seconds(text):
    """sacct's [D-]HH:MM:SS or MM:SS.mmm."""
    days, _, rest = text.rpartition("-")
    total = 0.0
    for part in rest.split(":"):
        total = total * 60 + float(part)
    return total + (int(days) * 86400 if days else 0)


def mib(text, unit="M"):
    """sacct's 100M / 74864K / 1G as MiB."""
    if not text:
        return None
    scale = {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024}
    if text[-1] in scale:
        return float(text[:-1]) * scale[text[-1]]
    return float(text) * scale[unit]


def wait_done(conf, ids, count):
    deadline = time.monotonic() + 240
    while True:
        rows = sacct(conf, ids, ["JobIDRaw", "State"])
        jobs = [r for r in rows if "." not in r["JobIDRaw"]]
        steps = [r for r in rows if r["JobIDRaw"].endswith(".0")]
        if (len(jobs) == count and len(steps) == count
                and all(r["State"] == "COMPLETED" for r in jobs + steps)):
            return
        assert time.monotonic() < deadline, f"jobs {ids} did not complete: {rows}"
        time.sleep(1)


@pytest.fixture(scope="module")
def finished(slurm_accounting):
    """An array of 3 busy tasks asking --mem, and a job asking
    --mem-per-cpu, all finished and in the database: (conf, array id,
    job id)."""
    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    array = pyslurm.JobSubmitDescription(script=BUSY, array="0-2", cpus_per_task=2,
                                         memory_per_node=100, time_limit=5,
                                         standard_output="/dev/null").submit()
    per_cpu = pyslurm.JobSubmitDescription(script=BUSY, cpus_per_task=2, memory_per_cpu=60,
                                           time_limit=3, standard_output="/dev/null").submit()
    wait_done(conf, [array], 3)
    wait_done(conf, [per_cpu], 1)
    return conf, array, per_cpu


FIELDS = ["JobID", "JobIDRaw", "Elapsed", "TotalCPU", "AllocCPUS", "AllocTRES", "MaxRSS",
          "NNodes", "Timelimit", "State"]


def alloc_mem(tres):
    """The mem= of sacct's AllocTRES, MiB (seff's basis: what was allocated)."""
    item = next(i for i in tres.split(",") if i.startswith("mem="))
    return mib(item[4:])


def check_against_sacct(e, rows):
    """e (a JobEfficiency) against its job's and steps' sacct lines."""
    job = next(r for r in rows if r["JobIDRaw"] == str(e.job_id))
    steps = [r for r in rows if r["JobIDRaw"].startswith(f"{e.job_id}.")]
    assert e.job_name == job["JobID"]
    assert e.state == job["State"]
    elapsed = int(seconds(job["Elapsed"]))
    cpus = int(job["AllocCPUS"])
    total_cpu = seconds(job["TotalCPU"])
    assert (e.elapsed, e.cpus, e.nodes) == (elapsed, cpus, int(job["NNodes"]))
    assert e.core_walltime == elapsed * cpus
    # sacct prints milliseconds
    assert e.cpu_time == pytest.approx(total_cpu, abs=0.0011)
    assert e.cpu_time > 0.5
    assert e.cpu_efficiency == pytest.approx(total_cpu / (elapsed * cpus) * 100, abs=0.05)
    allocated = alloc_mem(job["AllocTRES"])
    assert e.memory_requested == allocated
    rss = [mib(s["MaxRSS"], "K") for s in steps if s["MaxRSS"]]
    assert rss and e.memory_used == max(rss)
    assert e.memory_used > 30                      # the 40 MiB the step touched
    assert e.memory_efficiency == pytest.approx(max(rss) / allocated * 100)
    limit = int(seconds(job["Timelimit"]) // 60)
    assert e.time_limit == limit
    assert e.time_efficiency == pytest.approx(elapsed / (limit * 60) * 100)


def test_array_tasks_efficiency_equals_seffs_formula_on_sacct(finished):
    conf, array, _ = finished
    effs = efficiency.load(pyslurm.db.JobFilter(ids=[array]))
    assert [e.job_name for e in effs] == [f"{array}_{i}" for i in range(3)]
    rows = sacct(conf, [array], FIELDS)
    for e in effs:
        assert e.array_job_id == array and e.memory_per == "node"
        assert e.memory_requested_per == 100
        check_against_sacct(e, rows)
    s = effs.summary()
    assert s.jobs == 3
    assert s.cpu_time == pytest.approx(sum(e.cpu_time for e in effs))
    assert s.cpu_efficiency == pytest.approx(
        sum(e.cpu_time for e in effs) / sum(e.core_walltime for e in effs) * 100)
    assert s.memory_used == max(e.memory_used for e in effs)


def test_memory_per_cpu_is_reported_per_cpu(finished):
    conf, _, job_id = finished
    e = efficiency.load_job(job_id)
    check_against_sacct(e, sacct(conf, [job_id], FIELDS))
    assert (e.memory_per, e.memory_requested, e.memory_requested_per) == ("cpu", 120, 60)
    assert e == efficiency.of(pyslurm.db.Job.load(job_id))


def test_a_job_that_never_ran_has_nothing_to_measure(slurm_accounting):
    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    job_id = pyslurm.JobSubmitDescription(script=BUSY, hold=True, time_limit=1,
                                          standard_output="/dev/null").submit()
    pyslurm.Job(job_id).cancel()
    deadline = time.monotonic() + 60
    while sacct(conf, [job_id], ["State"]) != [{"State": "CANCELLED by 0"}]:
        assert time.monotonic() < deadline, sacct(conf, [job_id], ["State"])
        time.sleep(1)
    e = efficiency.load_job(job_id)
    assert e.state == "CANCELLED" and e.elapsed == 0 and e.cpu_time == 0
    assert e.cpu_efficiency is None and e.memory_used is None
    assert e.memory_efficiency is None
    assert e.time_efficiency == (0 if e.time_limit else None)


def test_efficiencies_as_records_and_dataframe(finished):
    _, array, _ = finished
    effs = efficiency.load(pyslurm.db.JobFilter(ids=[array]))
    records = effs.to_records()
    assert [r["job_name"] for r in records] == [e.job_name for e in effs]
    assert effs.to_dict()[f"{array}_1"]["cpus"] == 2
    if importlib.util.find_spec("pandas") is None:        # the extra is not installed
        pytest.raises(ImportError, effs.to_pandas)
    else:
        assert list(effs.to_pandas()["job_name"]) == [e.job_name for e in effs]


def test_howto_efficiency_of_an_array(finished, capsys, howto_block):
    _, array, _ = finished
    namespace = {"array_job_id": array}
    exec(compile(howto_block(*HOWTO), "howto", "exec"), namespace)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert [line.split()[0] for line in lines[:3]] == [f"{array}_{i}" for i in range(3)]
    total = namespace["total"]
    assert total.cpu_efficiency is not None and total.memory_used is not None
    assert lines[3].startswith(f"3 tasks: CPU {total.cpu_efficiency:5.1f} % of "
                               f"{total.core_walltime} core-seconds")
