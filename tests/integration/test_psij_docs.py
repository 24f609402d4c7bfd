"""Every ```python block of docs/guides/psij.md runs, top to bottom, in one
namespace, against the test cluster; the SubmitException messages the page
shows are the ones printed."""

import re
from pathlib import Path

import pyslurm

PAGE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "psij.md"
BLOCK = re.compile(r"^```(python|text)\n(.*?)^```", re.S | re.M)


def test_psij_guide_runs(slurm_cluster, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))       # the page's mkdtemp(dir=Path.home())
    blocks = BLOCK.findall(PAGE.read_text())
    code = [b for kind, b in blocks if kind == "python"]
    assert len(code) >= 6
    namespace = {"__name__": "psij_guide"}
    try:
        for i, block in enumerate(code, 1):
            try:
                exec(compile(block, f"psij.md[block {i}]", "exec"), namespace)
            except Exception as e:
                raise AssertionError(f"psij.md block {i} failed: {e!r}\n{block}") from e
        out = capsys.readouterr().out
    finally:
        for name in ("job", "held"):
            job = namespace.get(name)
            if job is not None and job.native_id is not None:
                try:
                    pyslurm.Job(int(job.native_id)).cancel()
                except pyslurm.RPCError:
                    pass
    assert "'pyslurm'" in out and "JobExecutor[pyslurm, 1.0.0]" in out
    assert "COMPLETED 0" in out
    assert "['QUEUED', 'ACTIVE', 'FAILED']" in out and "5 FAILED: exit code 5" in out
    assert "FAILED 5" in out and "CANCELED" in out and "True 0.25" in out
    shown = [b for kind, b in blocks if kind == "text"][0].strip().splitlines()
    for line in shown:
        assert line in out, f"the page shows {line!r}; printed:\n{out}"
    nodes = [line for line in out.splitlines() if re.match(r"\['c\d+'", line)]
    assert nodes and len(eval(nodes[0])) == 2
