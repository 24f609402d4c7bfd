"""The rows the accounting benchmark writes into slurmdbd's tables
(scripts/bench/accounting_rows.py): pure functions, checked without a
database."""

import re
import sys
from pathlib import Path

import pytest

# appended, not prepended: scripts/bench/psij.py must not shadow psij-python
sys.path.append(str(Path(__file__).resolve().parents[2] / "scripts" / "bench"))

from accounting_rows import (  # noqa: E402
    BATCH_STEP, CANCELLED, COMPLETED, FAILED, Assoc, Column, Plan, fill_sql,
    insert_statements, jobs_and_steps, parse_columns, parse_conf, sql_literal, tres,
)

DAY = 86400
ASSOCS = (Assoc("root", 0, 0, "default", 4), Assoc("nobody", 65534, 65534, "default", 5))


def plan(jobs=500, steps=2, **kw):
    return Plan(jobs=jobs, start=1_000_000_000, end=1_000_000_000 + 30 * DAY, assocs=ASSOCS,
                first_db_index=7, first_job_id=1_000_000, id_qos=1, steps=steps, **kw)


def columns(*names, required=(), nullable=()):
    return {n: Column(n, "int" if n.startswith(("id", "time", "n")) else "text",
                      n in nullable, None if n in required else "0", False) for n in names}


def test_jobs_fill_the_window_in_order_and_end_inside_it():
    p = plan()
    rows = list(jobs_and_steps(p, now=5))
    assert len(rows) == p.jobs
    ids = [job["id_job"] for job, _ in rows]
    assert ids == list(range(p.first_job_id, p.last_job_id + 1))
    assert [job["job_db_inx"] for job, _ in rows] == list(range(7, 7 + p.jobs))
    for job, _ in rows:
        assert p.start <= job["time_submit"] <= job["time_start"] < job["time_end"] < p.end
        assert job["mod_time"] == 5
    submits = [job["time_submit"] for job, _ in rows]
    assert submits == sorted(submits)
    # spread over the month, not bunched at its start
    assert submits[-1] - submits[0] > 29 * DAY


def test_jobs_are_charged_to_the_associations_in_turn():
    rows = [job for job, _ in jobs_and_steps(plan(jobs=10), now=0)]
    assert [r["id_assoc"] for r in rows] == [4, 5] * 5
    assert [r["id_user"] for r in rows] == [0, 65534] * 5
    assert {r["account"] for r in rows} == {"default"}


def test_states_and_exit_codes_are_those_of_finished_jobs():
    rows = [job for job, _ in jobs_and_steps(plan(jobs=5000), now=0)]
    states = {s: sum(r["state"] == s for r in rows) for s in (COMPLETED, FAILED, CANCELLED)}
    assert sum(states.values()) == len(rows)
    assert 0.85 < states[COMPLETED] / len(rows) < 0.95
    assert states[FAILED] and states[CANCELLED]
    for r in rows:
        if r["state"] == COMPLETED:
            assert r["exit_code"] == 0
        elif r["state"] == FAILED:
            assert r["exit_code"] in (256, 512)     # exit status 1 or 2, as a wait status
        else:
            assert r["exit_code"] == 15 and r["kill_requid"] == r["id_user"]


def test_the_history_is_the_same_every_run():
    assert list(jobs_and_steps(plan(jobs=50), 0)) == list(jobs_and_steps(plan(jobs=50), 0))
    assert list(jobs_and_steps(plan(jobs=50), 0)) != list(jobs_and_steps(plan(jobs=50, seed=3),
                                                                        0))


def test_steps_belong_to_their_job_and_lie_inside_it():
    for job, steps in jobs_and_steps(plan(jobs=200, steps=3), now=0):
        assert [s["id_step"] for s in steps] == [BATCH_STEP, 0, 1]
        assert steps[0]["step_name"] == "batch"
        for s in steps:
            assert s["job_db_inx"] == job["job_db_inx"]
            assert job["time_start"] <= s["time_start"] <= s["time_end"] <= job["time_end"]
            assert s["user_sec"] <= (s["time_end"] - s["time_start"]) * job["cpus_req"]
        assert job["tres_alloc"] == tres(cpu=job["cpus_req"], mem=job["mem_req"], node=1,
                                         billing=job["cpus_req"])


def test_tres_strings_are_ordered_by_id():
    assert tres(node=1, cpu=2, mem=1000) == "1=2,2=1000,4=1"


@pytest.mark.parametrize("bad", [dict(jobs=0), dict(steps=0), dict(assocs=())])
def test_plan_refuses_an_empty_history(bad):
    args = dict(jobs=1, start=0, end=DAY, assocs=ASSOCS, first_db_index=1, first_job_id=1,
                id_qos=1, steps=1)
    with pytest.raises(ValueError, match="plan needs"):
        Plan(**{**args, **bad})


def test_plan_refuses_a_window_under_an_hour():
    with pytest.raises(ValueError, match="window too short"):
        Plan(jobs=1, start=0, end=60, assocs=ASSOCS, first_db_index=1, first_job_id=1,
             id_qos=1)


def test_sql_literals_are_quoted_and_escaped():
    assert sql_literal(None) == "NULL"
    assert sql_literal(3) == "3"
    assert sql_literal(True) == "1"
    assert sql_literal("it's") == "'it\\'s'"
    assert sql_literal("a\\b") == "'a\\\\b'"


def test_inserts_come_in_batches_of_the_table_columns_only():
    cols = columns("id_job", "name")
    rows = [{"id_job": i, "name": f"j{i}", "unknown_elsewhere": 1} for i in range(5)]
    stmts = list(insert_statements("t", cols, rows, batch=2))
    assert len(stmts) == 3
    assert stmts[0] == "INSERT INTO `t` (`id_job`,`name`) VALUES\n(0,'j0'),\n(1,'j1');\n"
    assert stmts[2] == "INSERT INTO `t` (`id_job`,`name`) VALUES\n(4,'j4');\n"
    assert "unknown_elsewhere" not in "".join(stmts)


def test_inserts_give_required_columns_the_rows_leave_out_their_zero():
    cols = columns("id_job", "n_new", "t_new", required=("n_new", "t_new"))
    (stmt,) = insert_statements("t", cols, [{"id_job": 1}])
    assert stmt == "INSERT INTO `t` (`id_job`,`n_new`,`t_new`) VALUES\n(1,0,'');\n"


def test_a_none_becomes_null_or_the_column_default():
    cols = columns("a", "b", nullable=("a",))
    (stmt,) = insert_statements("t", cols, [{"a": None, "b": None}])
    assert stmt.endswith("(NULL,DEFAULT);\n")


def test_no_rows_no_statement():
    assert list(insert_statements("t", columns("a"), [])) == []
    with pytest.raises(ValueError, match="batch"):
        list(insert_statements("t", columns("a"), [{"a": 1}], batch=0))


def test_columns_are_read_from_information_schema_output():
    tsv = ("c_job_table\tjob_db_inx\tbigint\tNO\tNULL\tauto_increment\n"
           "c_job_table\tjob_name\ttinytext\tNO\tNULL\t\n"
           "c_job_table\taccount\ttinytext\tYES\tNULL\t\n"
           "c_step_table\tdeleted\ttinyint\tNO\t0\t\n")
    tables = parse_columns(tsv)
    assert set(tables) == {"c_job_table", "c_step_table"}
    job = tables["c_job_table"]
    assert not job["job_db_inx"].required and job["job_db_inx"].auto_increment
    assert job["job_name"].required and job["job_name"].zero == ""
    assert not job["account"].required
    assert tables["c_step_table"]["deleted"].default == "0"
    assert tables["c_step_table"]["deleted"].zero == 0


def test_the_fill_is_one_transaction_of_multi_row_inserts():
    p = plan(jobs=25)
    job_cols = {n: Column(n, "int", True, None, False)
                for n in next(jobs_and_steps(p, 0))[0]}
    step_cols = {n: Column(n, "int", True, None, False)
                 for n in next(jobs_and_steps(p, 0))[1][0]}
    sql = "".join(fill_sql(p, "c", {"c_job_table": job_cols, "c_step_table": step_cols},
                           now=0, batch=10))
    assert sql.startswith("SET autocommit=0;")
    assert sql.endswith("COMMIT;\n")
    jobs = re.findall(r"INSERT INTO `c_job_table`", sql)
    steps = re.findall(r"INSERT INTO `c_step_table`", sql)
    assert len(jobs) == 3 and len(steps) == 3 + 2     # 25 jobs, 50 steps by 10
    assert sql.count("\n(") == 25 + 50


def test_the_fill_needs_the_cluster_tables():
    with pytest.raises(ValueError, match="no table other_job_table"):
        list(fill_sql(plan(jobs=1), "other", {}, now=0))


def test_slurmdbd_conf_is_read_case_insensitively():
    conf = parse_conf("# comment\nStorageHost=127.0.0.1\nstorageport = 3317  # port\n"
                      "StoragePass=pw\n\n")
    assert conf == {"storagehost": "127.0.0.1", "storageport": "3317", "storagepass": "pw"}
