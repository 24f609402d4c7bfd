"""pyslurm.testing without a cluster: configuration, ports, mirrors, CLI."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from pyslurm.testing import __main__ as cli
from pyslurm.testing import cluster as cl


def _script_module(name):
    """A module of scripts/ (the checkout's tooling, not the package)."""
    path = Path(__file__).resolve().parents[2] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


roots = _script_module("roots")


def conf_dict(text):
    """``{key: value}`` of the single-valued lines of a slurm.conf."""
    skip = ("#", "NodeName=", "PartitionName=")
    return dict(line.split("=", 1) for line in text.splitlines()
                if line and not line.startswith(skip))


def lines(text, prefix):
    return [line for line in text.splitlines() if line.startswith(prefix)]


@pytest.mark.parametrize("major", cl.SUPPORTED_MAJORS)
def test_conf_has_the_essentials_for_every_major(major):
    text = cl.slurm_conf(cl.Layout(nodes=4), major, 16817, "/rt")
    conf = conf_dict(text)
    assert conf["ClusterName"] == "pyslurm"
    assert conf["SlurmctldHost"] == "localhost"
    assert conf["SlurmctldPort"] == "16817"
    assert conf["SelectType"] == "select/cons_tres"
    assert conf["ProctrackType"] == "proctrack/linuxproc"
    assert conf["JobAcctGatherType"] == "jobacct_gather/linux"
    assert conf["SlurmdParameters"] == "config_overrides"
    assert conf["StateSaveLocation"] == "/rt/state"
    assert conf["SlurmdSpoolDir"] == "/rt/spool/%n"
    assert conf["SlurmctldPidFile"].startswith("/rt/")
    assert conf["SlurmdLogFile"] == "/rt/log/slurmd.%n.log"
    assert "GresTypes" not in conf and "PrivateData" not in conf
    assert lines(text, "NodeName=") == [
        "NodeName=c[1-4] NodeHostname=localhost NodeAddr=127.0.0.1 "
        "Port=16818-16821 CPUs=4 RealMemory=4000 State=UNKNOWN"]
    assert lines(text, "PartitionName=") == [
        "PartitionName=debug Nodes=c[1-4] Default=YES MaxTime=INFINITE "
        "State=UP",
        "PartitionName=half Nodes=c[1-2] MaxTime=INFINITE State=UP"]


def test_unknown_major_is_refused():
    with pytest.raises(cl.ClusterError, match="23.02 is not supported"):
        cl.slurm_conf(cl.Layout(), "23.02", 16817, "/rt")


def test_cgroup_conf_only_where_the_major_accepts_it():
    assert cl.MAJOR_SETTINGS["22.05"]["cgroup.conf"] is None
    for major in ("24.11", "26.05"):
        assert cl.MAJOR_SETTINGS[major]["cgroup.conf"] == \
            "CgroupPlugin=disabled\n"


def test_single_node_has_no_ranges():
    text = cl.slurm_conf(cl.Layout(nodes=1), "24.11", 20000, "/rt")
    assert "NodeName=c1 " in text and "Port=20001 " in text
    assert "PartitionName=half Nodes=c1 " in text


@pytest.mark.parametrize("major", cl.SUPPORTED_MAJORS)
def test_extra_nodes_are_varied_cloud_nodes(major):
    layout = cl.Layout(nodes=6, extra_nodes=2000)
    text = cl.slurm_conf(layout, major, 16817, "/rt")
    conf = conf_dict(text)
    assert conf["GresTypes"] == "gpu"
    assert ("PrivateData" in conf) == (major == "22.05")
    extra = lines(text, "NodeName=x")
    assert len(extra) == len(cl.EXTRA_KINDS)
    assert all(line.endswith("State=CLOUD") for line in extra)
    assert all("NodeAddr=127.0.0.1" in line for line in extra)
    assert len({line.split("CPUs=")[1].split()[0] for line in extra}) > 1
    assert sum("Gres=gpu:" in line for line in extra) == 2
    assert extra[0].startswith("NodeName=x[0001-1000] ")
    assert extra[-1].startswith("NodeName=x[1801-2000] ")
    parts = layout.partitions
    assert list(parts)[:2] == ["debug", "half"]
    assert len(parts["cloud"]) == 2000
    assert parts["gpu"][0] == "x1001" and len(parts["gpu"]) == 600
    assert len(parts["bigmem"]) == 400
    assert not set(parts["cloud"]) & set(parts["debug"])
    assert "PartitionName=gpu Nodes=x[1001-1400],x[1801-2000] " in text


def test_a_few_extra_nodes_still_cover_every_kind():
    layout = cl.Layout(extra_nodes=5)
    assert [last - first + 1 for first, last, _ in layout.extra_groups()] \
        == [2, 1, 1, 1]
    assert layout.extra_names == ["x0001", "x0002", "x0003", "x0004", "x0005"]
    assert layout.extra_states() == {"drain": ["x0002"], "down": []}
    assert set(layout.partitions) == {"debug", "half", "cloud", "gpu",
                                      "bigmem"}


def test_extra_states_take_out_some_of_each_kind():
    states = cl.Layout(extra_nodes=2000).extra_states()
    assert states == {"drain": ["x0002", "x1002", "x1402", "x1802"],
                      "down": ["x0003", "x1003", "x1403", "x1803"]}


def test_split_shares():
    assert cl.split_shares(0, [5, 2, 2, 1]) == [0, 0, 0, 0]
    assert cl.split_shares(2, [5, 2, 2, 1]) == [1, 1, 0, 0]
    assert sum(cl.split_shares(1234, [5, 2, 2, 1])) == 1234


def test_layout_limits():
    with pytest.raises(cl.ClusterError):
        cl.Layout(nodes=0)
    with pytest.raises(cl.ClusterError):
        cl.Layout(extra_nodes=10000)


def test_hostlist():
    assert cl.hostlist("c", 1, 4) == "c[1-4]"
    assert cl.hostlist("c", 3, 3) == "c3"
    assert cl.hostlist("x", 1, 20, 4) == "x[0001-0020]"


def test_parse_major():
    assert cl.parse_major("slurm-wlm 22.05.8") == "22.05"
    assert cl.parse_major("slurm 24.11.5\n") == "24.11"
    assert cl.parse_major("slurm 26.5.1") == "26.05"
    assert cl.parse_major("nothing") is None


def test_port_base_default_then_next_free_block():
    busy = set(cl.block_ports(cl.DEFAULT_PORT_BASE, 4))
    assert cl.choose_port_base(4, is_free=lambda p: True) == \
        cl.DEFAULT_PORT_BASE
    assert cl.choose_port_base(4, is_free=lambda p: p not in busy) == \
        cl.DEFAULT_PORT_BASE + cl.PORT_BLOCK


def test_port_base_prefers_the_stored_one():
    assert cl.choose_port_base(4, stored=30000, is_free=lambda p: True) \
        == 30000
    taken = set(cl.block_ports(30000, 4))
    assert cl.choose_port_base(4, stored=30000,
                               is_free=lambda p: p not in taken) == \
        cl.DEFAULT_PORT_BASE


def test_requested_port_base_must_be_free():
    assert cl.choose_port_base(2, requested=25000,
                               is_free=lambda p: True) == 25000
    with pytest.raises(cl.ClusterError, match="25001"):
        cl.choose_port_base(2, requested=25000,
                            is_free=lambda p: p != 25001)


def test_no_free_block_is_an_error():
    with pytest.raises(cl.ClusterError, match="no free block"):
        cl.choose_port_base(4, is_free=lambda p: False)


def test_port_free_sees_a_listener():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert not cl.port_free(s.getsockname()[1])


@pytest.fixture
def host_22_05(monkeypatch):
    monkeypatch.setattr(cl, "host_major", lambda: "22.05")


def test_cluster_load_merges_stored_and_given_params(tmp_path, host_22_05):
    (tmp_path / cl.STATE_FILE).write_text(json.dumps(
        {"port_base": 17017, "params": {"nodes": 6, "cpus": 2,
                                        "memory": 1000, "extra_nodes": 30,
                                        "major": "22.05"}}))
    cluster = cl.Cluster.load(str(tmp_path), nodes=3, extra_nodes=None)
    assert cluster.node_names == ["c1", "c2", "c3"]
    assert cluster.layout.cpus == 2 and cluster.layout.extra_nodes == 30
    assert cluster.port_base == 17017
    assert cluster.env() == {"SLURM_CONF": str(tmp_path / "slurm.conf")}
    assert cluster.controller_pid is None
    assert not cluster.healthy()


def test_cluster_defaults(tmp_path, host_22_05):
    cluster = cl.Cluster.load(str(tmp_path / "new"))
    assert cluster.node_names == ["c1", "c2", "c3", "c4"]
    assert cluster.partitions == {"debug": ["c1", "c2", "c3", "c4"],
                                  "half": ["c1", "c2"]}


def test_cluster_refuses_another_major(tmp_path, host_22_05):
    with pytest.raises(cl.ClusterError, match="--slurm 24.11"):
        cl.Cluster(str(tmp_path), slurm="24.11")


def test_default_runtime_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("PYSLURM_CLUSTER_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert cl.default_runtime_dir() == str(tmp_path / ".cluster")
    monkeypatch.setenv("PYSLURM_CLUSTER_DIR", "/elsewhere")
    assert cl.default_runtime_dir() == "/elsewhere"


def test_usable_states():
    assert cl.usable_state("idle") and cl.usable_state("mixed")
    assert not cl.usable_state("idle*") and not cl.usable_state("down")
    assert not cl.usable_state("drained")
    assert cl.usable_state("planned") and cl.usable_state("mixed-")


BOOKWORM_SOURCES = """\
Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
"""


def test_mirror_from_deb822_sources():
    assert roots.parse_mirror([("debian.sources", BOOKWORM_SOURCES)]) == \
        "http://deb.debian.org/debian"


def test_mirror_skips_security_disabled_and_deb_src():
    sources = [
        ("a.sources", "Types: deb\nURIs: http://sec.example/debian-security\n"
                      "Suites: trixie-security\n"),
        ("b.sources", "Enabled: no\nTypes: deb\n"
                      "URIs: http://off.example/debian\nSuites: trixie\n"),
        ("c.list", "deb-src http://src.example/debian trixie main\n"
                   "# deb http://commented.example/debian trixie main\n"),
        ("d.list", "deb [arch=amd64 signed-by=/k.gpg] "
                   "http://mirror.example/debian/ trixie main\n"),
    ]
    assert roots.parse_mirror(sources) == "http://mirror.example/debian"


def test_mirror_falls_back_to_deb_debian_org(tmp_path):
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "x.list").write_text(
        "deb https://packages.example/apt stable main\n")
    assert roots.host_mirror(str(tmp_path)) == roots.DEFAULT_MIRROR


def test_release_for_major():
    assert roots.release_for_major("22.05") == "bookworm"
    assert roots.release_for_major("24.11") == "trixie"
    assert roots.release_for_major("26.05") == "sid"
    with pytest.raises(roots.RootError, match="23.11"):
        roots.release_for_major("23.11")


def test_roots_dir_and_paths(monkeypatch, tmp_path):
    monkeypatch.setenv("PYSLURM_ROOTS_DIR", str(tmp_path))
    root = roots.Root.for_major("24.11")
    assert root.path == str(tmp_path / "trixie")
    assert root.host_path("/run/x") == str(tmp_path / "trixie" / "run" / "x")
    assert not root.complete()
    (tmp_path / "trixie.complete").write_text(
        json.dumps({"format": roots.ROOT_FORMAT}))
    assert root.complete()


def test_sync_source_copies_sources_only(tmp_path):
    src = tmp_path / "src"
    for name in ("pyslurm/core.pyx", "pyslurm/core.c",
                 "pyslurm/slurm/compat.c",
                 "pyslurm/core.cpython-311-x86_64-linux-gnu.so",
                 ".git/HEAD", ".cluster/slurm.conf", "build/x.o",
                 "setup.py"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(name)
    dst = tmp_path / "dst"
    roots.copy_tree(str(src), str(dst))
    copied = sorted(str(p.relative_to(dst)) for p in dst.rglob("*")
                    if p.is_file())
    assert copied == ["pyslurm/core.pyx", "pyslurm/slurm/compat.c",
                      "setup.py"]


def test_cli_splits_the_run_command(monkeypatch):
    seen = {}
    monkeypatch.setattr(cli, "host_major", lambda: "22.05")
    monkeypatch.setattr(cli, "native", lambda args: seen.update(
        vars(args)) or 0)
    assert cli.main(["run", "--nodes", "2", "--", "srun", "-N2",
                     "hostname"]) == 0
    assert seen["cmd"] == ["srun", "-N2", "hostname"]
    assert seen["nodes"] == 2
    assert cli.main(["up", "--", "x"]) == 1
    assert cli.main(["run"]) == 1


def test_sync_removes_files_gone_from_the_checkout_but_keeps_build_output(tmp_path):
    copy_tree = roots.copy_tree

    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "a.py").write_text("a")
    (src / "pkg" / "m.pyx").write_text("x")
    copy_tree(str(src), str(dst))
    (dst / "pkg" / "m.c").write_text("generated in the root")
    (dst / "pkg" / "m.so").write_text("built in the root")
    (dst / "pkg" / "renamed_test.py").write_text("stale")
    (dst / "gone").mkdir()
    (dst / "build").mkdir()
    copy_tree(str(src), str(dst))
    assert sorted(p.name for p in (dst / "pkg").iterdir()) == ["a.py", "m.c", "m.pyx", "m.so"]
    assert sorted(p.name for p in dst.iterdir()) == ["build", "pkg"]


def test_hosts_entries_are_added_replaced_and_removed_per_cluster(tmp_path):
    from pyslurm.testing.cluster import add_hosts_entry, remove_hosts_entry

    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.1\tlocalhost\n")
    add_hosts_entry(["c1", "c2"], "/run/a", str(hosts))
    add_hosts_entry(["c1"], "/run/b", str(hosts))
    add_hosts_entry(["c1", "c2", "c3"], "/run/a", str(hosts))   # replaces a's line
    lines = hosts.read_text().splitlines()
    assert lines[0] == "127.0.0.1\tlocalhost"
    assert len(lines) == 3
    assert lines[2].startswith("127.0.0.1\tc1 c2 c3\t") and lines[2].endswith("/run/a")
    assert remove_hosts_entry("/run/a", str(hosts))
    assert not remove_hosts_entry("/run/a", str(hosts))
    assert hosts.read_text().splitlines() == ["127.0.0.1\tlocalhost", lines[1]]


@pytest.mark.parametrize("major", cl.SUPPORTED_MAJORS)
def test_accounting_settings_only_with_a_slurmdbd_port(major):
    layout = cl.Layout(nodes=2, prefix="s")
    plain = conf_dict(cl.slurm_conf(layout, major, 17017, "/rt"))
    assert not any(key.startswith("Accounting") for key in plain)
    conf = conf_dict(cl.slurm_conf(layout, major, 17017, "/rt", name="pyslurm2",
                                   accounting_port=17208, first_job_id=500000))
    assert conf["ClusterName"] == "pyslurm2"
    assert conf["AccountingStorageType"] == "accounting_storage/slurmdbd"
    assert conf["AccountingStoragePort"] == "17208"
    assert "associations" in conf["AccountingStorageEnforce"] or \
        "limits" in conf["AccountingStorageEnforce"]
    assert conf["FirstJobId"] == "500000"
    text = cl.slurm_conf(layout, major, 17017, "/rt")
    assert lines(text, "NodeName=")[0].startswith("NodeName=s[1-2] ")
    assert lines(text, "PartitionName=debug")[0].split()[1] == "Nodes=s[1-2]"


def test_clusters_need_accounting_and_have_distinct_names(tmp_path, host_22_05):
    with pytest.raises(cl.ClusterError, match="--accounting"):
        cl.Cluster(str(tmp_path), clusters=2)
    with pytest.raises(cl.ClusterError, match="--clusters must be 1 to"):
        cl.Cluster(str(tmp_path), clusters=9, accounting=True)
    cluster = cl.Cluster(str(tmp_path), accounting=True, clusters=2)
    assert cluster.cluster_names == ["pyslurm", "pyslurm2"]
    (sibling,) = cluster.siblings
    assert sibling.runtime_dir == str(tmp_path / "clusters" / "pyslurm2")
    assert sibling.node_names == ["s1", "s2"] and not sibling.accounting
    assert cluster.stack is None            # no port base before the first up
    (tmp_path / cl.STATE_FILE).write_text(json.dumps({"port_base": 17017}))
    assert cluster.stack.ports() == [17017 + 190, 17017 + 191]
    assert cluster.siblings[0].dbd_port == 17017 + 191
    assert set(cluster.confs) == {"pyslurm", "pyslurm2"}


def test_cli_accounting_options_reach_the_cluster():
    args = cli.parse(["up", "--accounting", "--clusters", "2"], "prog")
    assert (args.accounting, args.clusters) == (True, 2)
    args = cli.parse(["up", "--no-accounting"], "prog")
    assert args.accounting is False
    assert cli.parse(["up"], "prog").accounting is None   # the stored value then


def test_roots_carry_the_accounting_packages():
    assert {"slurmdbd", "mariadb-server"} <= set(roots.PACKAGES)


def test_port_base_skips_a_block_whose_accounting_ports_are_taken():
    taken = {cl.DEFAULT_PORT_BASE + 191}
    base = cl.choose_port_base(4, is_free=lambda p: p not in taken, extra_offsets=(190, 191))
    assert base == cl.DEFAULT_PORT_BASE + cl.PORT_BLOCK
    assert cl.choose_port_base(4, is_free=lambda p: p not in taken) == cl.DEFAULT_PORT_BASE
    with pytest.raises(cl.ClusterError, match=str(cl.DEFAULT_PORT_BASE + 191)):
        cl.choose_port_base(4, requested=cl.DEFAULT_PORT_BASE, extra_offsets=(191,),
                            is_free=lambda p: p not in taken)
