"""A plain user's view of accounting (slurmdbd.conf PrivateData=jobs,...):
only their own jobs, and no changes to another user's job record."""

import os
import subprocess
import time

import pyslurm

AS_USER = r'''
import json, sys, pyslurm
root_job, own_job = int(sys.argv[1]), int(sys.argv[2])
out = {}
seen = pyslurm.db.Jobs.load(pyslurm.db.JobFilter(ids=[root_job, own_job]))
out["seen"] = sorted(j.id for j in seen.values())
by_user = pyslurm.db.JobFilter(users=["root"], ids=[root_job])
out["root_by_user"] = len(pyslurm.db.Jobs.load(by_user))
try:
    pyslurm.db.Jobs.modify(pyslurm.db.JobFilter(ids=[root_job]),
                           pyslurm.db.Job(comment="changed by a plain user"))
    out["modify_root"] = "ok"
except pyslurm.RPCError as e:
    out["modify_root"] = [type(e).__name__, e.errno]
print(json.dumps(out))
'''


def sacct_comment(conf, job_id):
    out = subprocess.run(["sacct", "-n", "-P", "-X", "-j", str(job_id), "-o", "comment"],
                         env={**os.environ, "SLURM_CONF": conf}, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return out.strip()


def test_plain_user_sees_own_jobs_only_and_cannot_change_others(
        slurm_accounting, as_plain_user, plain_user, tmp_path):
    os.chmod(tmp_path, 0o777)
    describe = pyslurm.JobSubmitDescription
    common = {"script": "#!/bin/sh\ntrue\n", "working_directory": str(tmp_path),
              "standard_output": "/dev/null"}
    root_job = describe(**common).submit()
    own_job = describe(user_id=plain_user, **common).submit()
    query = pyslurm.db.JobFilter(ids=[root_job, own_job])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        jobs = list(pyslurm.db.Jobs.load(query).values())
        if len(jobs) == 2 and all(j.end_time for j in jobs):
            break
        time.sleep(1)
    else:
        raise AssertionError("the two jobs did not reach accounting")

    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    pyslurm.db.Jobs.modify(pyslurm.db.JobFilter(ids=[root_job]), pyslurm.db.Job(comment="root's"))
    assert sacct_comment(conf, root_job) == "root's"

    out = as_plain_user(AS_USER, str(root_job), str(own_job))
    assert out["seen"] == [own_job], out             # root's job is private
    assert out["root_by_user"] == 0, out
    assert out["modify_root"][0] == "PermissionDeniedError", out
    assert sacct_comment(conf, root_job) == "root's"   # nothing changed
    # root (an admin) sees both
    assert sorted(j.id for j in pyslurm.db.Jobs.load(query).values()) == \
        sorted([root_job, own_job])
