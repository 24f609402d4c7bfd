"""Every ```python block of docs/guides/pilot.md runs, top to bottom, in
one namespace (local mode, in a temporary directory), and its printed
results are the ones the page shows where they do not vary."""

import ast
import os
import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "pilot.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_pilot_guide_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    blocks = BLOCK.findall(PAGE.read_text())
    assert len(blocks) >= 7
    namespace = {"__name__": "pilot_guide"}
    try:
        for i, block in enumerate(blocks, 1):
            try:
                exec(compile(block, f"pilot.md[block {i}]", "exec"), namespace)
            except Exception as e:
                raise AssertionError(f"pilot.md, block {i} failed: {e!r}\n{block}") from e
    finally:
        manager = namespace.get("manager")
        if manager is not None:
            manager.finish()
    out = capsys.readouterr().out
    for shown in ["{'total_nodes': 4, 'total_cores': 16, 'used_cores': 0, 'free_cores': 16}",
                  "{'hello': 'SUCCEED'}", "iteration 2 on n",
                  "Unknown numCores attribute exactly",
                  "{'solve': 'SUCCEED', 'broken': 'FAILED', 'report': 'OMITTED'}",
                  "[Errno 2] No such file or directory: '/nonexistent/solver'",
                  "{'endless': 'CANCELED', 'flaky': 'SUCCEED', 'on_n3': 'SUCCEED', "
                  "'big_memory': 'SUCCEED', 'too_slow': 'FAILED'}",
                  "wall time (1 s) exceeded, killed",
                  "[('batch', 'SUCCEED'), ('batch:0', 'SUCCEED'), ('batch:1', 'SUCCEED'), "
                  "('batch:2', 'SUCCEED')]"]:
        assert shown in out, (shown, out)
    (allocations,) = [ast.literal_eval(line) for line in out.splitlines()
                      if line.startswith("['n")]
    sizes = [sum(len(p.split("[")[1].rstrip("]").split(":")) for p in a.split(","))
             for a in allocations]
    assert sizes == [2, 2, 3, 3, 3, 3]
    assert len([x for x in out.splitlines() if x.startswith("['rank")]) == 1
    assert os.path.exists(tmp_path / "ranks.out")
