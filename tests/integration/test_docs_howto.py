"""Every ```python block of the how-to pages runs, top to bottom, in one
namespace, against the local cluster: the pages show code that works."""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "guides"
PAGES = ["jobs-howto.md", "admin-howto.md"]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def source(block):
    """A block's code: plain code as is; for an interactive (``>>>``)
    block, its statements (the shown output varies: counters, times)."""
    if not block.lstrip().startswith(">>>"):
        return block
    lines = []
    for line in block.splitlines():
        if line.startswith((">>> ", "... ")) or line in (">>>", "..."):
            lines.append(line[4:].split("  # doctest:")[0])
    return "\n".join(lines) + "\n"


def blocks(page):
    return [source(b) for b in BLOCK.findall((DOCS / page).read_text())]


# pages whose examples need accounting (slurmdbd) and the second cluster
ACCOUNTING_PAGES = ["accounting.md", "clusters.md"]


@pytest.mark.parametrize("page", [p for p in PAGES if (DOCS / p).exists()])
def test_howto_page_runs(slurm_cluster, page, capsys, tmp_path, monkeypatch):
    run_page(page, capsys, tmp_path, monkeypatch)


@pytest.mark.parametrize("page", ACCOUNTING_PAGES)
def test_accounting_page_runs(slurm_accounting, page, capsys, tmp_path, monkeypatch):
    run_page(page, capsys, tmp_path, monkeypatch)


def run_page(page, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)     # the jobs' slurm-%j.out files land here, not in the checkout
    code = blocks(page)
    assert len(code) >= 5, f"{page}: expected runnable examples"
    namespace = {"__name__": f"howto_{page}"}
    for i, block in enumerate(code, 1):
        try:
            exec(compile(block, f"{page}[block {i}]", "exec"), namespace)
        except Exception as e:
            raise AssertionError(f"{page}, block {i} failed: {e!r}\n{block}") from e
    assert capsys.readouterr().out      # the examples print what they show
