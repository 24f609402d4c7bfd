"""The .pyi stubs of the compiled modules list what the modules have."""

import pytest

import pyslurm.core
import pyslurm.job
import pyslurm.slurmctld
import pyslurm.stats
from pathlib import Path


@pytest.mark.parametrize("module", [pyslurm.core, pyslurm.slurmctld, pyslurm.stats,
                                    pyslurm.job])
def test_stub_names_exist_in_module(module):
    stub = Path(module.__file__).parent / (module.__name__.rsplit(".", 1)[-1] + ".pyi")
    names = [line.split("(")[0].split()[-1] for line in stub.read_text().splitlines()
             if line.startswith(("def ", "class "))]
    assert names
    for name in names:
        assert hasattr(module, name.rstrip(":")), name


def test_config_stub_lists_every_property():
    stub = (Path(pyslurm.slurmctld.__file__).parent / "slurmctld.pyi").read_text()
    block = stub[stub.index("class Config:"):]
    declared = {line.split(":")[0].strip() for line in block.splitlines()[1:]
                if ":" in line and not line.strip().startswith(("def ", "@"))}
    assert declared == set(pyslurm.slurmctld.Config.load.__globals__["_CONFIG_FIELDS"])


def test_job_stub_lists_every_attribute_and_method():
    stub = (Path(pyslurm.job.__file__).parent / "job.pyi").read_text()
    block = stub[stub.index("class Job:"):stub.index("class Jobs(")]
    declared = {line.split(":")[0].strip() for line in block.splitlines()[1:]
                if ":" in line and not line.strip().startswith(("def ", "@"))}
    methods = {line.split("(")[0].split()[-1] for line in block.splitlines()
               if line.strip().startswith("def ") and not line.strip().startswith("def __")}
    job = pyslurm.job.Job
    props = {n for n, v in vars(job).items()
             if not n.startswith("_") and type(v).__name__ == "getset_descriptor"}
    public = {n for n, v in vars(job).items()
              if not n.startswith("_") and type(v).__name__ != "getset_descriptor"}
    assert declared == props
    assert methods == public
    for cls in ("Jobs", "JobSubmitDescription"):
        assert f"class {cls}" in stub
        assert hasattr(pyslurm.job, cls)
