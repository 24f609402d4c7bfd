"""pyslurm.db accounts and users against the local cluster's slurmdbd (two
clusters): create, read, modify and delete, compared with ``sacctmgr -P
show``; one transaction per operation (nothing half done); a user's
default account on a submitted job; refusals for a plain user."""

import os
import pwd
import subprocess
import time
import uuid

import pytest

import pyslurm
from pyslurm import JobSubmitDescription, db
from pyslurm.errors import RPCError


def show(conf, *args):
    """``sacctmgr -n -P show ARGS`` as a list of rows (lists of fields)."""
    out = subprocess.run(["sacctmgr", "-n", "-P", "show", *args],
                         env={**os.environ, "SLURM_CONF": conf}, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


@pytest.fixture()
def ctx(slurm_accounting):
    """(conf, clusters, new_name): names made by new_name(kind) are deleted
    at the end (users first), whatever the test did."""
    conf = slurm_accounting.confs[slurm_accounting.clusters[0]]
    made = []

    def new_name(kind):
        made.append((kind, f"pyt{kind[0]}{uuid.uuid4().hex[:8]}"))
        return made[-1][1]

    yield conf, slurm_accounting.clusters, new_name
    for kind, name in sorted(made, key=lambda m: m[0] != "user"):
        subprocess.run(["sacctmgr", "-i", "delete", kind, name],
                       env={**os.environ, "SLURM_CONF": conf}, capture_output=True, timeout=60)


def test_account_create_read_modify_delete(ctx):
    conf, clusters, new_name = ctx
    parent, name = new_name("account"), new_name("account")
    db.Account(parent, clusters=clusters).create()
    db.Account(name, description="Physics", organization="science", parent_account=parent,
               clusters=clusters, Fairshare=7, GrpTRES="cpu=12").create()
    rows = show(conf, "account", name, "withassoc",
                "format=account,descr,org,cluster,parentname,share,grptres")
    assert sorted(rows) == sorted([name, "Physics", "science", c, parent, "7", "cpu=12"]
                                  for c in clusters)
    acc = db.Account.load(name)
    assert (acc.name, acc.description, acc.organization, acc.parent_account, acc.clusters) == (
        name, "Physics", "science", parent, sorted(clusters))
    assert {a.cluster for a in acc.associations} == set(clusters)
    assert all(a.shares == 7 and a.group_tres == {"cpu": 12} for a in acc.associations)
    assert name in db.Accounts.load() and list(db.Accounts.load([name])) == [name]

    db.Account(name).modify(description="Physics 2", fairshare=3, MaxJobs=4,
                            parent_account="root")
    rows = show(conf, "account", name, "withassoc",
                "format=descr,cluster,parentname,share,maxjobs")
    assert sorted(rows) == sorted(["Physics 2", c, "root", "3", "4"] for c in clusters)

    db.Account(name).delete()
    assert show(conf, "account", name) == []
    with pytest.raises(RPCError):
        db.Account(name).delete()
    with pytest.raises(RPCError):
        db.Account.load(name)


def test_account_sacctmgr_defaults_and_existing_name(ctx):
    conf, clusters, new_name = ctx
    name = new_name("account")
    db.Account(name.upper()).create()          # stored in lower case, as sacctmgr does
    assert show(conf, "account", name, "withassoc", "format=account,descr,org,cluster,parentname"
                ) == [[name, name, name, clusters[0], "root"]]
    with pytest.raises(RPCError, match="exists already"):
        db.Account(name, description="other").create()
    assert show(conf, "account", name, "format=descr") == [[name]]


def test_account_failure_leaves_nothing_half_done(ctx):
    """The account is added, then its association fails (no such parent
    account): the whole operation is rolled back."""
    conf, clusters, new_name = ctx
    name = new_name("account")
    with pytest.raises(RPCError):
        db.Account(name, parent_account="nosuchparent", clusters=clusters).create()
    assert show(conf, "account", name) == []
    assert show(conf, "assoc", f"account={name}") == []


def test_unknown_cluster_refused_before_any_change(ctx):
    conf, clusters, new_name = ctx
    name = new_name("account")
    with pytest.raises(ValueError, match="nosuchcluster"):
        db.Account(name, clusters=[clusters[0], "nosuchcluster"]).create()
    assert show(conf, "account", name) == []


def test_user_create_read_modify_delete(ctx):
    conf, clusters, new_name = ctx
    acct1, acct2, user = new_name("account"), new_name("account"), new_name("user")
    db.Account(acct1, clusters=clusters).create()
    db.Account(acct2, clusters=clusters).create()
    db.User(user, DefaultAccount=acct1, accounts=[acct2], clusters=clusters,
            AdminLevel="Operator", fairshare=4).create()
    rows = show(conf, "user", user, "withassoc",
                "format=user,defaultaccount,admin,cluster,account,share")
    assert sorted(rows) == sorted([user, acct1, "Operator", c, a, "4"]
                                  for c in clusters for a in (acct1, acct2))
    u = db.User.load(user)
    assert (u.name, u.default_account, u.admin_level, u.accounts, u.clusters) == (
        user, acct1, "Operator", sorted([acct1, acct2]), sorted(clusters))
    assert user in db.Users.load()

    db.User(user).modify(default_account=acct2, admin_level="None", max_jobs=2)
    rows = show(conf, "user", user, "withassoc", "format=defaultaccount,admin,maxjobs")
    assert {tuple(r) for r in rows} == {(acct2, "None", "2")}
    with pytest.raises(ValueError, match="Association"):
        db.User(user).modify(accounts=[acct1])

    db.User(user).delete()
    assert show(conf, "user", user) == []
    assert show(conf, "assoc", f"user={user}") == []
    with pytest.raises(RPCError):
        db.User(user).delete()


def test_user_checks_before_any_request(ctx):
    conf, clusters, new_name = ctx
    user = new_name("user")
    with pytest.raises(ValueError, match="admin_level"):
        db.User(user, default_account="default", admin_level="root")
    with pytest.raises(ValueError, match="name"):
        db.User("a b", default_account="default")
    with pytest.raises(ValueError, match="default_account"):
        db.User(user).create()
    with pytest.raises(ValueError, match="nosuchacct"):
        db.User(user, default_account="nosuchacct").create()
    assert show(conf, "user", user) == []


@pytest.fixture()
def system_user(ctx):
    """A real user of this machine (useradd), removed at the end."""
    conf, clusters, new_name = ctx
    name = new_name("user")
    subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/sh", name], check=True,
                   capture_output=True, timeout=60)
    yield name
    subprocess.run(["userdel", name], capture_output=True, timeout=60)


def test_users_default_account_is_used_by_a_submitted_job(ctx, system_user):
    conf, clusters, new_name = ctx
    acct = new_name("account")
    db.Account(acct).create()
    db.User(system_user, default_account=acct).create()
    desc = JobSubmitDescription(script="#!/bin/sh\nsleep 30\n", user_id=system_user,
                                time_limit=1, working_directory="/tmp",
                                standard_output="/dev/null")
    deadline = time.monotonic() + 30
    while True:     # the controller hears of the new user when slurmdbd tells it
        try:
            job_id = desc.submit()
            break
        except RPCError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    try:
        job = pyslurm.Job.load(job_id)
        assert (job.account, job.user_name) == (acct, system_user)
        assert job.user_id == pwd.getpwnam(system_user).pw_uid
    finally:
        pyslurm.Job(job_id).cancel()


def test_plain_user_cannot_create_an_account(as_nobody, ctx):
    conf, clusters, new_name = ctx
    name = new_name("account")
    result = as_nobody(f"""
import json, pyslurm
pyslurm.init({conf!r})
from pyslurm import db
try:
    db.Account({name!r}).create()
    print(json.dumps(["created"]))
except pyslurm.errors.RPCError as e:
    print(json.dumps([type(e).__name__, e.errno]))
""")
    assert result[0] == "PermissionDeniedError", result
    assert show(conf, "account", name) == []


def test_plain_user_cannot_create_or_change_users(as_nobody, ctx):
    conf, clusters, new_name = ctx
    user = new_name("user")
    result = as_nobody(f"""
import json, pyslurm
pyslurm.init({conf!r})
from pyslurm import db
out = []
for call in (lambda: db.User({user!r}, default_account="default").create(),
             lambda: db.User("root").modify(admin_level="None"),
             lambda: db.User("nobody").modify(admin_level="Administrator")):
    try:
        call()
        out.append("done")
    except pyslurm.errors.RPCError as e:
        out.append(type(e).__name__)
print(json.dumps(out))
""")
    assert result == ["PermissionDeniedError"] * 3
    assert show(conf, "user", user) == []
    assert show(conf, "user", "nobody", "format=admin") == [["None"]]
