"""pyslurm.db associations against the local cluster's slurmdbd (two
clusters): load, create, modify and delete, each compared with
``sacctmgr -P show assoc``; refusals for a plain user."""

import os
import subprocess
import uuid

import pytest

import pyslurm
from pyslurm import db
from pyslurm.errors import RPCError

COLS = "cluster,account,user,partition,share,grptres,maxjobs,maxwall,qos,defaultqos,parentname"


def sacctmgr(conf, *args):
    return subprocess.run(["sacctmgr", *args], env={**os.environ, "SLURM_CONF": conf},
                          capture_output=True, text=True, timeout=60)


def assoc_rows(conf, **where):
    """sacctmgr's associations matching ``where`` as dicts."""
    out = sacctmgr(conf, "-n", "-P", "show", "assoc", *(f"{k}={v}" for k, v in where.items()),
                   f"format={COLS}").stdout
    return [dict(zip(COLS.split(","), line.split("|"))) for line in out.split()]


@pytest.fixture()
def env(slurm_accounting):
    """(conf, clusters, a fresh account on both clusters); the account and
    everything under it are deleted at the end."""
    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    account = f"pyta{uuid.uuid4().hex[:8]}"
    db.Account(account, clusters=slurm_accounting.clusters).create()
    yield conf, slurm_accounting.clusters, account
    sacctmgr(conf, "-i", "delete", "account", account)


def test_load_is_keyed_by_cluster_then_id(slurm_accounting, env):
    conf, clusters, account = env
    assocs = db.Associations.load(db.AssociationFilter(accounts=[account]))
    assert sorted(assocs.clusters()) == sorted(clusters)
    for cluster in clusters:
        (a,) = assocs[cluster].values()
        assert (a.cluster, a.account, a.user, a.parent_account) == (
            cluster, account, None, "root")
        assert assocs[cluster][a.id] is a
    root = db.Associations.load(db.AssociationFilter(users=["root"]))
    have = {(a.cluster, a.account) for a in root.values()}
    assert {(c, slurm_accounting.account) for c in clusters} <= have
    defaults = db.Associations.load(db.AssociationFilter(users=["root"], only_defaults=True))
    assert all(a.is_default for a in defaults.values())


def test_user_association_create_modify_delete(env):
    conf, clusters, account = env
    other = clusters[1]
    a = db.Association(account=account, user="nobody", cluster=other, Fairshare=5,
                       GrpTRES="cpu=6", MaxJobs=3, MaxWall="30")
    a.create()
    (row,) = assoc_rows(conf, account=account, user="nobody")
    assert row == {"cluster": other, "account": account, "user": "nobody", "partition": "",
                   "share": "5", "grptres": "cpu=6", "maxjobs": "3", "maxwall": "00:30:00",
                   "qos": row["qos"], "defaultqos": "", "parentname": ""}
    (loaded,) = db.Associations.load(db.AssociationFilter(users=["nobody"],
                                                          accounts=[account])).values()
    assert (loaded.cluster, loaded.shares, loaded.group_tres, loaded.max_jobs,
            loaded.max_wall_time_per_job) == (other, 5, {"cpu": 6}, 3, 30)

    a.modify(shares=9, max_jobs=-1, qos=["normal"], default_qos="normal",
             group_tres={"cpu": pyslurm.UNLIMITED, "mem": "1G"})
    (row,) = assoc_rows(conf, account=account, user="nobody")
    assert (row["share"], row["maxjobs"], row["qos"], row["defaultqos"], row["grptres"]) == (
        "9", "", "normal", "normal", "mem=1G")
    loaded.modify(MaxWall="1:00:00")                 # a loaded one: by what it names
    assert assoc_rows(conf, account=account, user="nobody")[0]["maxwall"] == "01:00:00"

    with pytest.raises(RPCError, match="exists already"):
        db.Association(account=account, user="nobody", cluster=other).create()
    a.delete()
    assert assoc_rows(conf, account=account, user="nobody") == []
    with pytest.raises(RPCError):
        a.delete()


def test_associations_modify_by_filter(env):
    conf, clusters, account = env
    changed = db.Associations.modify(db.AssociationFilter(accounts=[account]),
                                     {"GrpJobs": 11})
    assert len(changed) == len(clusters)
    out = sacctmgr(conf, "-n", "-P", "show", "assoc", f"account={account}",
                   "format=grpjobs").stdout.split()
    assert out == ["11"] * len(clusters)
    with pytest.raises(ValueError):
        db.Associations.modify(db.AssociationFilter(), {"GrpJobs": 1})


def test_invalid_values_refused_before_any_request(env):
    conf, clusters, account = env
    with pytest.raises(ValueError, match="shares"):
        db.Association(account=account, shares=-3)
    with pytest.raises(ValueError, match="nosuchfield"):
        db.Association(account=account, nosuchfield=1)
    with pytest.raises(ValueError, match="account"):
        db.Association(account="a,b")
    with pytest.raises(ValueError, match="cannot be changed"):
        db.Association(account=account).modify(user="root")
    with pytest.raises(ValueError, match="nosuchqos"):
        db.Association(account=account, user="nobody", cluster=clusters[0],
                       qos=["nosuchqos"]).create()
    assert assoc_rows(conf, account=account, user="nobody") == []


def test_plain_user_cannot_modify_another_users_association(as_nobody, slurm_accounting):
    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    cluster, account = slurm_accounting.clusters[0], slurm_accounting.account
    before = assoc_rows(conf, account=account, user="root", cluster=cluster)
    result = as_nobody(f"""
import json, pyslurm
pyslurm.init({conf!r})
from pyslurm import db
out = []
for call in (lambda: db.Association(account={account!r}, user="root",
                                    cluster={cluster!r}).modify(shares=99, MaxJobs=1),
             lambda: db.Association(account={account!r}, user="root",
                                    cluster={cluster!r}).delete()):
    try:
        call()
        out.append("done")
    except pyslurm.errors.RPCError as e:
        out.append(type(e).__name__)
print(json.dumps(out))
""")
    assert result == ["PermissionDeniedError", "PermissionDeniedError"]
    assert assoc_rows(conf, account=account, user="root", cluster=cluster) == before
