"""Job attributes of the reference API, array tasks addressed in every
method, the per-node resource layout and the newer submit options, all
checked against what the controller shows (``scontrol``/``squeue``)."""

import math
import os
import re
import subprocess

import pytest

import pyslurm
from pyslurm import Job, JobSubmitDescription
from pyslurm.hostlist import expand
from pyslurm.testing import wait_for_job as wait_for

SLEEP = "#!/bin/sh\nsleep 60\n"

#: Every Job attribute of the reference API (docs of modern upstream
#: pyslurm, /work/shared/seeds/001_af87e79c7d8f7560.txt), in its order.
REFERENCE_JOB_ATTRIBUTES = [
    "steps", "stats", "pids", "name", "id", "association_id", "account", "user_id",
    "user_name", "group_id", "group_name", "priority", "nice", "qos", "min_cpus_per_node",
    "state", "state_reason", "is_requeueable", "requeue_count", "is_batch_job",
    "node_reboot_required", "dependencies", "time_limit", "time_limit_min", "submit_time",
    "eligible_time", "accrue_time", "start_time", "resize_time", "deadline",
    "preempt_eligible_time", "preempt_time", "suspend_time", "last_sched_evaluation_time",
    "pre_suspension_time", "mcs_label", "partition", "submit_host", "batch_host",
    "num_nodes", "max_nodes", "allocated_nodes", "required_nodes", "excluded_nodes",
    "scheduled_nodes", "derived_exit_code", "derived_exit_code_signal", "exit_code",
    "exit_code_signal", "batch_constraints", "federation_origin",
    "federation_siblings_active", "federation_siblings_viable", "cpus", "cpus_per_task",
    "cpus_per_gpu", "boards_per_node", "sockets_per_board", "sockets_per_node",
    "cores_per_socket", "threads_per_core", "ntasks", "ntasks_per_node",
    "ntasks_per_board", "ntasks_per_socket", "ntasks_per_core", "ntasks_per_gpu",
    "delay_boot_time", "constraints", "cluster", "cluster_constraints", "reservation",
    "resource_sharing", "requires_contiguous_nodes", "licenses", "network", "command",
    "working_directory", "admin_comment", "system_comment", "container", "comment",
    "standard_input", "standard_output", "standard_error", "required_switches",
    "max_wait_time_switches", "burst_buffer", "burst_buffer_state", "cpu_frequency_min",
    "cpu_frequency_max", "cpu_frequency_governor", "billable_tres", "wckey", "mail_user",
    "mail_types", "heterogeneous_id", "heterogeneous_offset", "temporary_disk_per_node",
    "array_id", "array_tasks_parallel", "array_task_id", "array_tasks_waiting", "end_time",
    "run_time", "cores_reserved_for_system", "threads_reserved_for_system", "memory",
    "memory_per_cpu", "memory_per_node", "memory_per_gpu", "gres_per_node",
    "profile_types", "gres_binding", "gres_tasks_per_sharing",
    "kill_on_invalid_dependency", "spreads_over_nodes", "is_cronjob", "cronjob_time",
    "elapsed_cpu_time", "run_time_remaining",
]

#: Filled by load_stats() of the job statistics module (not part of job.pyx).
FROM_STATS_MODULE = {"stats", "pids"}


def running(job):
    return job.state == "RUNNING"


def scontrol_job(job_id, detail=False):
    args = ["scontrol", "show", "job"] + (["-d"] if detail else []) + [str(job_id)]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squeue_tasks(array_id):
    """{"ID_TASK": (state, time limit)} for every task, as squeue -r lists them."""
    out = subprocess.run(["squeue", "-r", "-h", "-j", str(array_id), "-o", "%i|%T|%l|%r"],
                         capture_output=True, text=True, check=True).stdout
    rows = {}
    for line in out.split():
        jid, state, limit, reason = line.split("|")
        rows[jid] = (state, limit, reason)
    return rows


# -- attributes -------------------------------------------------------------------------
def test_reference_list_is_complete():
    assert len(REFERENCE_JOB_ATTRIBUTES) == len(set(REFERENCE_JOB_ATTRIBUTES)) == 121


def test_every_reference_attribute_exists():
    missing = [n for n in REFERENCE_JOB_ATTRIBUTES if not hasattr(Job, n)]
    assert set(missing) <= FROM_STATS_MODULE, missing
    # an empty handle reads every attribute without failing
    handle = Job(1)
    for name in REFERENCE_JOB_ATTRIBUTES:
        if name not in missing and name not in ("id", "cluster"):
            assert getattr(handle, name) is None, name


def _check_dict(job):
    d = job.to_dict()
    expected = [n for n in REFERENCE_JOB_ATTRIBUTES if hasattr(Job, n)]
    assert not [n for n in expected if n not in d]
    for name in expected:
        getattr(job, name)            # never fails
    # the convention: times are unix timestamps, memory MiB ints
    for name in ("submit_time", "eligible_time", "accrue_time", "start_time", "end_time",
                 "resize_time", "deadline", "preempt_eligible_time", "preempt_time",
                 "suspend_time", "last_sched_evaluation_time"):
        v = d[name]
        assert v is None or (isinstance(v, int) and v > 10 ** 9), (name, v)
    for name in ("memory", "memory_per_cpu", "memory_per_node", "memory_per_gpu",
                 "temporary_disk_per_node"):
        assert d[name] is None or isinstance(d[name], int), (name, d[name])
    for name in ("time_limit", "run_time_remaining", "max_wait_time_switches"):
        assert d[name] is None or isinstance(d[name], int) or d[name] == math.inf
    # fresh containers on every call (steps: what Job.load() loaded, kept)
    for name in expected:
        if name == "steps":
            continue
        v = getattr(job, name)
        if isinstance(v, (list, dict)):
            assert getattr(job, name) is not v, name
    return d


def test_to_dict_of_running_and_pending_jobs(submit):
    run = wait_for(submit(script=SLEEP, ntasks=2, memory_per_cpu="100M",
                          cpu_frequency="low-high:ondemand", switches="1@2:00"), running)
    d = _check_dict(run)
    assert d["state"] == "RUNNING" and d["allocated_nodes"]
    assert d["cpus"] == 2 and d["memory"] == 200 and d["memory_per_cpu"] == 100
    assert d["cpu_frequency_min"] == "Low" and d["cpu_frequency_max"] == "High"
    assert d["cpu_frequency_governor"] == "OnDemand"
    assert d["required_switches"] == 1 and d["max_wait_time_switches"] == 120
    assert d["billable_tres"] is not None and d["billable_tres"] > 0
    assert d["is_cronjob"] is False and d["cronjob_time"] is None
    assert d["node_reboot_required"] is False and d["requires_contiguous_nodes"] is False
    assert d["run_time"] >= 0 and d["elapsed_cpu_time"] >= 0

    pend = Job.load(submit(script=SLEEP, hold=True, wckey="", begin_time="now+3600"))
    d = _check_dict(pend)
    assert d["state"] == "PENDING" and d["allocated_nodes"] is None
    assert d["run_time"] == 0 and d["run_time_remaining"] is None
    assert d["cpu_frequency_min"] is None and d["cpu_frequency_governor"] is None
    assert d["memory_per_gpu"] is None and d["cpus_per_gpu"] is None
    assert d["ntasks_per_socket"] is None and d["ntasks_per_core"] is None
    assert pend.get_resource_layout_per_node() == {}


# -- array tasks ----------------------------------------------------------------------------
def test_array_task_methods_on_pending_tasks(submit):
    array = submit(script=SLEEP, array="0-7", hold=True, time_limit=10)
    assert Job(f"{array}_3") == Job(f"{array}_3") and repr(Job(f"{array}_3")) == \
        f"pyslurm.Job('{array}_3')"
    before = squeue_tasks(array)
    assert sorted(before) == [f"{array}_{i}" for i in range(8)] or \
        sorted(before) == [f"{array}_[0-7]"]
    Job(f"{array}_3").release()
    Job(f"{array}_5").cancel()
    Job.load(f"{array}_2").modify(JobSubmitDescription(time_limit=3))
    rows = squeue_tasks(array)
    assert f"{array}_5" not in rows
    held = {k: v for k, v in rows.items() if k != f"{array}_3"}
    # the array's other pending tasks stay held with the old limit
    for key, (state, limit, reason) in held.items():
        assert state == "PENDING" and reason.startswith("JobHeld"), (key, reason)
        assert limit == ("3:00" if key == f"{array}_2" else "10:00"), (key, limit)
    assert rows[f"{array}_3"][2] != "JobHeldUser" or rows[f"{array}_3"][0] != "PENDING"
    # the same through pyslurm
    assert Job.load(f"{array}_2").time_limit == 3
    assert Job.load(f"{array}_1").time_limit == 10
    assert Job.load(f"{array}_1").array_task_id == 1
    assert Job.load(f"{array}_1").priority == 0
    assert Job.load(f"{array}_3").priority != 0
    with pytest.raises(pyslurm.JobNotFoundError):
        Job.load(f"{array}_5")
    waiting = Job.load(f"{array}_0").array_tasks_waiting
    assert "5" not in waiting.replace("-", ",").split(",") or "4-6" not in waiting
    assert Job.load(f"{array}_0").get_batch_script() == SLEEP
    # hold again only task 3
    Job(f"{array}_3").hold()
    job3 = Job.load(f"{array}_3")
    assert job3.state != "PENDING" or job3.priority == 0


def test_array_task_methods_on_running_tasks(submit):
    array = submit(script=SLEEP, array="0-1", requeue=True)
    t0, t1 = f"{array}_0", f"{array}_1"
    wait_for(t0, running)
    wait_for(t1, running)
    assert Job.load(t1) == Job(t1) and Job.load(t1) != Job(t0)
    assert Job.load(t1).array_task_id == 1 and Job.load(t1).array_id == array
    Job(t1).suspend()
    assert Job.load(t1).state == "SUSPENDED" and Job.load(t0).state == "RUNNING"
    Job(t1).unsuspend()
    assert Job.load(t1).state == "RUNNING"
    Job(t1).notify("to task 1")
    assert Job(t1).get_batch_script() == SLEEP
    Job(t1).modify(JobSubmitDescription(comment="only-1"))
    assert Job.load(t1).comment == "only-1" and Job.load(t0).comment is None
    Job(t1).requeue(hold=True)
    wait_for(t1, lambda j: j.state == "PENDING")
    assert Job.load(t0).state == "RUNNING"
    Job(t1).release()
    Job(t0).send_signal("KILL")
    wait_for(t0, lambda j: j.state not in ("RUNNING", "PENDING")
             and "COMPLETING" not in j.state_flags)
    assert Job.load(t1).state in ("PENDING", "RUNNING")     # task 1 untouched
    with pytest.raises(ValueError):
        Job(f"{array}_x")


# -- resource layout ------------------------------------------------------------------------
_LAYOUT = re.compile(r"Nodes=(\S+) CPU_IDs=(\S*) Mem=(\d+) GRES=(\S*)")


def scontrol_layout(job_id):
    out = {}
    for nodes, cpus, mem, gres in _LAYOUT.findall(scontrol_job(job_id, detail=True)):
        for node in expand(nodes):
            out[node] = {"cpu_ids": cpus, "memory": int(mem), "gres": gres}
    return out


@pytest.mark.parametrize("options", [
    dict(nodes=2, ntasks=3, memory_per_cpu=300),
    dict(nodes=2, ntasks=4, memory_per_node="700M"),
    dict(ntasks=3, cpus_per_task=1, memory_per_cpu="250M"),
])
def test_resource_layout_matches_scontrol(submit, options):
    job = wait_for(submit(script=SLEEP, **options), running)
    layout = job.get_resource_layout_per_node()
    expected = scontrol_layout(job.id)
    assert expected and set(layout) == set(expected)
    for node, want in expected.items():
        got = layout[node]
        assert got["cpu_ids"] == want["cpu_ids"], node
        assert got["memory"] == want["memory"], node
        assert got["gres"] == {}
    assert sum(v["memory"] for v in layout.values()) == job.memory
    assert layout is not job.get_resource_layout_per_node()


def test_resource_layout_of_a_job_built_from_its_id(submit):
    job_id = wait_for(submit(script=SLEEP), running).id
    # the job's record is loaded for it: never an empty answer (issue 18)
    layout = Job(job_id).get_resource_layout_per_node()
    assert layout and layout == Job.load(job_id).get_resource_layout_per_node()
    jobs = pyslurm.Jobs.load()
    assert jobs[job_id].get_resource_layout_per_node() == Job.load(job_id)\
        .get_resource_layout_per_node()


# -- submit options, as the controller shows them -------------------------------------------------
def test_distribution_cpu_frequency_switches_and_counts(submit):
    job_id = submit(script="#!/bin/sh\nenv | grep -E '^SLURM_(DIST|CPU_FREQ)' | sort\n",
                    ntasks=4, distribution="plane=2", cpu_frequency="low-high:ondemand",
                    switches="2@1:00", ntasks_per_core=1, ntasks_per_socket=1,
                    delay_boot_time=3, kill_on_invalid_dependency=True, wckey="wk",
                    profile_types="task", temporary_disk_per_node=0, admin_comment="adm")
    text = scontrol_job(job_id)
    assert "Switches=2@00:01:00" in text
    assert "CPU_min_freq=Low CPU_max_freq=High Governor=OnDemand" in text
    assert "DelayBoot=00:03:00" in text and "AdminComment=adm" in text
    assert re.search(r"NtasksPerN:B:S:C=\S+:\S+:1:1", text), text
    job = Job.load(job_id)
    assert job.required_switches == 2 and job.max_wait_time_switches == 60
    assert (job.cpu_frequency_min, job.cpu_frequency_max, job.cpu_frequency_governor) == \
        ("Low", "High", "OnDemand")
    assert job.ntasks_per_core == 1 and job.ntasks_per_socket == 1
    assert job.delay_boot_time == 3 and job.kill_on_invalid_dependency is True
    assert job.wckey == "wk" and job.profile_types == ["TASK"]
    assert job.admin_comment == "adm"
    wait_for(job_id, lambda j: j.state == "COMPLETED", timeout=30)
    env = submit.out(job_id).read_text().split()
    assert env == ["SLURM_CPU_FREQ_REQ=Low-High:OnDemand", "SLURM_DISTRIBUTION=plane",
                   "SLURM_DIST_PLANESIZE=2"]


@pytest.mark.parametrize("freq, shown, attrs", [
    ("performance", "Governor=Performance", (None, None, "Performance")),
    ("2400000", "CPU_max_freq=2400000", (None, 2400000, None)),
    ("medium", "CPU_max_freq=Medium", (None, "Medium", None)),
    ("1000000-2000000:userspace",
     "CPU_min_freq=1000000 CPU_max_freq=2000000 Governor=UserSpace",
     (1000000, 2000000, "UserSpace")),
])
def test_cpu_frequency_forms(submit, freq, shown, attrs):
    job_id = submit(script=SLEEP, hold=True, cpu_frequency=freq)
    assert shown in scontrol_job(job_id)
    job = Job.load(job_id)
    assert (job.cpu_frequency_min, job.cpu_frequency_max, job.cpu_frequency_governor) == attrs


@pytest.mark.parametrize("dist, env", [
    ("cyclic", "SLURM_DISTRIBUTION=cyclic"),
    ("block:fcyclic,Pack", "SLURM_DISTRIBUTION=block:fcyclic,Pack"),
    ("arbitrary", "SLURM_DISTRIBUTION=arbitrary"),
])
def test_distribution_forms_reach_the_job(submit, dist, env):
    extra = {"required_nodes": "c1", "ntasks": 1} if dist == "arbitrary" else {}
    job_id = submit(script="#!/bin/sh\nenv | grep '^SLURM_DISTRIBUTION='\n",
                    distribution=dist, **extra)
    wait_for(job_id, lambda j: j.state == "COMPLETED", timeout=30)
    assert submit.out(job_id).read_text().split() == [env]


def test_flags_and_geometry(submit):
    job_id = submit(script=SLEEP, hold=True, contiguous=True, spread_job=True,
                    sockets_per_node=1, cores_per_socket=1, threads_per_core=1,
                    gres_binding="enforce-binding", kill_on_invalid_dependency=False)
    text = scontrol_job(job_id)
    assert "Contiguous=1" in text and "SpreadJob=Yes" in text
    job = Job.load(job_id)
    assert job.requires_contiguous_nodes is True and job.spreads_over_nodes is True
    assert (job.sockets_per_node, job.cores_per_socket, job.threads_per_core) == (1, 1, 1)
    assert job.gres_binding == "enforce-binding"
    assert job.kill_on_invalid_dependency is False


def test_gpu_options(submit, slurm_cluster):
    if "gpu" not in pyslurm.Partitions.load():
        pytest.fail("the test cluster has no gpu partition (extra nodes missing)")
    job_id = submit(script=SLEEP, hold=True, partition="gpu", gpus=1,
                    memory_per_gpu="1G", cpus_per_gpu=2)
    text = scontrol_job(job_id)
    assert re.search(r"MemPerTres=gres[:/]gpu:1024", text, re.I), text
    assert re.search(r"CpusPerTres=gres[:/]gpu:2", text, re.I), text
    job = Job.load(job_id)
    assert job.memory_per_gpu == 1024 and job.cpus_per_gpu == 2
    assert job.gres_per_node is None
    pernode = Job.load(submit(script=SLEEP, hold=True, partition="gpu", gres="gpu:2"))
    assert pernode.gres_per_node == {"gpu": 2}
    assert pernode.gres_per_node is not pernode.gres_per_node
    other = submit(script=SLEEP, hold=True, partition="gpu", gpus=2, ntasks_per_gpu=1)
    assert Job.load(other).ntasks_per_gpu == 1
    assert re.search(r"NtasksPerTRES[:=]1\b", scontrol_job(other), re.I), scontrol_job(other)

    # sbatch's --gpus-per-task / --gpus-per-node: the controller records them as sbatch's
    per_task = submit(script=SLEEP, hold=True, partition="gpu", ntasks=2, gpus_per_task=1)
    assert re.search(r"TresPerTask=gres[:/]gpu:1\b", scontrol_job(per_task)), \
        scontrol_job(per_task)
    assert Job.load(per_task).tres_per_task == {"gres/gpu": 1}
    per_node = submit(script=SLEEP, hold=True, partition="gpu", gpus_per_node="2")
    assert re.search(r"TresPerNode=gres[:/]gpu:2\b", scontrol_job(per_node)), \
        scontrol_job(per_node)
    assert Job.load(per_node).gres_per_node == {"gpu": 2}
    with pytest.raises(ValueError, match="gpus_per_node.*gres already asks for GPUs"):
        JobSubmitDescription(script=SLEEP, partition="gpu", gres="gpu:1",
                             gpus_per_node=2).submit()


def test_new_options_rejected_before_rpc():
    for option, bad in [("distribution", "plane=0"), ("cpu_frequency", "high-low"),
                        ("switches", "2@soon"), ("memory_per_gpu", "1X"),
                        ("gpus_per_task", "tesla:x"), ("gpus_per_node", True)]:
        with pytest.raises(ValueError, match=option):
            JobSubmitDescription(script=SLEEP, **{option: bad})
    assert os.environ.get("SLURM_CONF")
