"""Job state reason names: the common ones from pyslurm's table, every other
one (the many limit reasons) from libslurm itself, as squeue prints them."""

from pyslurm.flags import JOB_REASONS, job_reason_name


def test_no_reason_is_none():
    assert job_reason_name(0) is None


def test_table_reasons_keep_their_names():
    for number, name in list(JOB_REASONS.items()):
        assert job_reason_name(number) == name


def test_limit_reasons_come_from_libslurm():
    # numbers differ between majors; the names are squeue's in all of them
    names = {job_reason_name(n) for n in range(1, 400)}
    for expected in ("QOSGrpCpuLimit", "QOSMaxJobsPerUserLimit", "AssocGrpCpuLimit",
                     "QOSMaxWallDurationPerJobLimit", "AssocGrpNodeLimit"):
        assert expected in names
    # (24.11 and 26.05 keep numbers of retired reasons that libslurm no
    # longer names: those read Reason<N>, so no "every number" check here)


def test_unknown_number_reads_reason_n():
    assert job_reason_name(99999) == "Reason99999"
