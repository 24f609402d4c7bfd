"""pyslurm.db.Connection against the real slurmdbd: open, close, commit,
file descriptors freed; slurmdbd stopped (and MariaDB stopped under it)
while a program uses pyslurm.db gives a clear error naming slurmdbd within
Slurm's own timeout, and the next call after it is back works."""

import os
import time

import pytest

from pyslurm import RPCError, db

# slurmdbd's persistent connection times out after MessageTimeout + 35 s
# (libslurm's dbd_conn_open); nothing here may wait longer.
SLURM_TIMEOUT = 10 + 35


def open_fds():
    return len(os.listdir("/proc/self/fd"))


def test_open_close_commit_repr(slurm_accounting):
    conn = db.Connection.open()
    assert conn.is_open
    assert repr(conn) == "pyslurm.db.Connection is open"
    conn.commit()
    conn.rollback()
    conn.close()
    conn.close()                      # again: nothing happens
    assert not conn.is_open
    assert repr(conn) == "pyslurm.db.Connection is closed"
    with pytest.raises(ValueError, match="closed"):
        conn.commit()
    with pytest.raises(ValueError, match="closed"):
        db.Jobs.load(db_connection=conn)
    with pytest.raises(ValueError, match="closed"):
        db.TrackableResources.load(conn)
    with pytest.raises(TypeError):
        db.Jobs.load(db_connection="localhost")
    with pytest.raises(RuntimeError):
        db.Connection()
    with db.Connection.open() as conn:
        assert isinstance(db.Jobs.load(db_connection=conn), db.Jobs)
        assert conn.is_open
    assert not conn.is_open


def test_connections_are_closed_and_freed(slurm_accounting):
    for _ in range(5):                # libslurm's plugins load on first use
        db.Connection.open().close()
        db.Jobs.load()
    before = open_fds()
    for _ in range(200):
        db.Connection.open().close()
    for _ in range(50):
        db.Connection.open()          # dropped without close(): freed on collection
    for _ in range(50):
        db.Jobs.load()                # each opens and closes its own
        db.Jobs.load_fields(["id"])
    assert open_fds() <= before + 2


def _unreachable(call):
    start = time.monotonic()
    with pytest.raises(RPCError) as info:
        call()
    took = time.monotonic() - start
    assert "slurmdbd" in str(info.value)
    assert took < SLURM_TIMEOUT, f"took {took:.1f} s"
    return info.value


def _wait_until_loads(deadline_s=60):
    deadline = time.monotonic() + deadline_s
    while True:
        try:
            return db.Jobs.load()
        except RPCError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_slurmdbd_stopped_then_back(slurm_accounting):
    cluster = slurm_accounting.cluster
    stack = cluster.stack
    held = db.Connection.open()
    db.Jobs.load(db_connection=held)
    stack.stop_slurmdbd()
    try:
        err = _unreachable(db.Connection.open)
        assert err.errno != 0 and err.transient
        _unreachable(db.Jobs.load)
        _unreachable(lambda: db.Jobs.load_fields(["id"]))
        _unreachable(lambda: db.Jobs.load(db_connection=held))
        _unreachable(db.TrackableResources.load)
        _unreachable(lambda: db.Jobs.modify(db.JobFilter(ids=[1]), db.Job(comment="x")))
    finally:
        stack.start_slurmdbd(cluster.conf_path)
    assert isinstance(db.Jobs.load(), db.Jobs)            # the next call works
    assert isinstance(db.Jobs.load(db_connection=held), db.Jobs)   # and the held one
    held.close()


def test_database_stopped_under_slurmdbd_then_back(slurm_accounting):
    cluster = slurm_accounting.cluster
    stack = cluster.stack
    stack.stop_database()
    try:
        _unreachable(db.Jobs.load)
        _unreachable(db.TrackableResources.load)
    finally:
        stack.start_database()
    assert isinstance(_wait_until_loads(), db.Jobs)
