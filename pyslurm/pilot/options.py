"""The pilot manager's service options: QCG-PilotJob's ``server_args``
(and ``python -m pyslurm.pilot``'s command line), with pyslurm's additions
(``--allocation``, ``--node-memory``, ``--agent-timeout``); QCG's options that
have no meaning here are accepted and ignored."""

from __future__ import annotations

import argparse
from typing import Iterable, Optional

from .errors import WrongArgumentsError

__all__ = ["parse_server_args"]


def _server_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pyslurm.pilot", add_help=True,
                                description="pyslurm pilot manager (QCG-PilotJob options)")
    p.add_argument("--file", action="store_true", help="enable file interface")
    p.add_argument("--file-path", help="path to the request file (implies --file)")
    p.add_argument("--wd", help="working directory for the service")
    p.add_argument("--envschema", default="auto", help="job environment schema [auto|slurm]")
    p.add_argument("--resources", default="auto", help="[auto|slurm|local]")
    p.add_argument("--report-format", default="json", help="format of job report file "
                   "[text|json]")
    p.add_argument("--report-file", default="jobs.report", help="name of the job report file")
    p.add_argument("--nodes", help="local resources: [NAME:]CORES[,[NAME:]CORES]...")
    p.add_argument("--log", default="warning",
                   choices=["critical", "error", "warning", "info", "debug", "notset"])
    p.add_argument("--system-core", action="store_true", help="reserve one core for the manager")
    p.add_argument("--id", help="manager instance identifier")
    p.add_argument("--resume", nargs="?", const="", default=None,
                   help="continue a previous run: its service directory (or a work directory: "
                        "its newest); without a value, the newest in --wd")
    p.add_argument("--allocation", type=int, help="run in this Slurm job's allocation "
                   "(default: SLURM_JOB_ID)")
    p.add_argument("--node-memory", type=int, help="MiB per node in local mode (for the "
                   "memory resource)")
    p.add_argument("--agent-timeout", type=float, default=60.0,
                   help="in an allocation, agents end their tasks and exit after this many "
                        "seconds without word from the manager (it sends a heartbeat)")
    # QCG options that have no meaning here: accepted, ignored
    for opt in ("--net", "--disable-nl", "--show-progress", "--governor", "--disable-pub",
                "--enable-proc-stats", "--enable-rt-stats"):
        p.add_argument(opt, action="store_true", help=argparse.SUPPRESS)
    for opt in ("--net-port", "--net-pub-port", "--net-port-min", "--net-port-max", "--parent",
                "--tags", "--slurm-partition-nodes", "--slurm-limit-nodes-range-begin",
                "--slurm-limit-nodes-range-end", "--slurm-resources-file", "--wrapper-rt-stats",
                "--nl-init-timeout", "--nl-ready-threshold", "--nl-start-method"):
        p.add_argument(opt, help=argparse.SUPPRESS)
    return p


def parse_server_args(args: Optional[Iterable[str]]) -> argparse.Namespace:
    """QCG's service options (``server_args``) as a namespace.

    Raises:
        WrongArgumentsError: an unknown option or a bad value.
    """
    parser = _server_parser()
    argv = [str(a) for a in (args or [])]
    try:
        ns, rest = parser.parse_known_args(argv)
    except SystemExit as e:
        raise WrongArgumentsError(f"wrong server arguments {argv!r}") from e
    if rest:
        raise WrongArgumentsError(f"unknown server arguments {rest!r}")
    if ns.report_format not in ("text", "json"):
        raise WrongArgumentsError(f"--report-format: {ns.report_format!r} is not text or json")
    return ns
