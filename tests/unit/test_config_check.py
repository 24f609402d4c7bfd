"""The configuration check of the first libslurm call: it runs no code
from the current directory, needs no interpreter, survives any bytes in
the file, and fails once and fast for broken Include lines.  No cluster:
libslurm only reads a configuration here."""

import os
import subprocess
import sys
import textwrap
import time

import pytest

# A configuration libslurm accepts in every supported major without a
# controller (slurm_init only reads it).
MINIMAL = "ClusterName=t\nSlurmctldHost=localhost\n"


@pytest.fixture()
def conf(tmp_path):
    path = tmp_path / "slurm.conf"
    path.write_text(MINIMAL)
    os.chmod(tmp_path, 0o755)
    os.chmod(path, 0o644)
    return path


def run_python(code, *args, cwd=None, **env):
    full_env = {k: v for k, v in os.environ.items() if k != "SLURM_CONF"}
    full_env.update(env)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args],
                          env=full_env, capture_output=True, text=True, timeout=300,
                          cwd=cwd)


def _as_nobody():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def test_code_planted_in_the_current_directory_never_runs(tmp_path, conf):
    """A plain user plants ``pyslurm/__init__.py`` in a directory where
    root later runs a pyslurm script: it must not run (it used to, through
    the check's ``python -c`` child, and its exit status 0 made the check
    pass)."""
    if os.getuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root: the planted-code test must run")
        pytest.skip("needs root to act as a plain user (not under CI)")
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chown(shared, 65534, 65534)
    marker = shared / "PLANTED-CODE-RAN"
    payload = f"open({str(marker)!r}, 'w').write('ran')\nimport os\nos._exit(0)\n"
    # the plain user writes it with the shell (the root's venv may be out of
    # its reach)
    subprocess.run(["/bin/sh", "-c", 'mkdir pyslurm && for f in pyslurm/__init__.py '
                    'pyslurm/core.py slurm.py; do printf "%s" "$1" > "$f"; done',
                    "sh", payload], cwd=shared, preexec_fn=_as_nobody, check=True,
                   timeout=60)
    assert (shared / "pyslurm" / "__init__.py").exists()
    assert os.stat(shared / "pyslurm" / "__init__.py").st_uid == 65534

    script = tmp_path / "admin_script.py"
    script.write_text(textwrap.dedent("""
        import sys
        import pyslurm
        sys.executable = sys.argv[2] if len(sys.argv) > 2 else sys.executable
        print("init:", pyslurm.init(sys.argv[1]))
        print("from:", pyslurm.__file__)
    """))
    for executable in (None, "", "/bin/false"):
        args = [str(conf)] + ([executable] if executable is not None else [])
        res = subprocess.run([sys.executable, str(script), *args], cwd=shared,
                             capture_output=True, text=True, timeout=300,
                             env={k: v for k, v in os.environ.items()
                                  if k != "SLURM_CONF"})
        assert res.returncode == 0, res.stderr
        assert f"init: {conf}" in res.stdout
        assert str(shared) not in res.stdout.split("from:", 1)[1]
        assert not marker.exists(), f"planted code ran (sys.executable={executable!r})"


def test_no_interpreter_is_started_for_the_check(conf, tmp_path):
    # an embedded interpreter (uwsgi, ...) has no usable sys.executable
    res = run_python("""
        import sys, pyslurm
        sys.executable = ""
        print(pyslurm.init(sys.argv[1]))
    """, str(conf))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(conf)


def test_non_utf8_bytes_in_the_configuration_give_config_error(tmp_path):
    path = tmp_path / "slurm.conf"
    path.write_bytes(MINIMAL.encode() + b"Bogus\xff\xfeKey=caf\xe9\n")
    res = run_python("""
        import sys, pyslurm
        try:
            pyslurm.init(sys.argv[1])
        except pyslurm.ConfigError as e:
            print("ConfigError:", e)
        print("still alive")
    """, str(path))
    assert res.returncode == 0, res.stderr
    assert "ConfigError:" in res.stdout and str(path) in res.stdout
    assert "Bogus" in res.stdout and "still alive" in res.stdout


@pytest.mark.parametrize("include, words", [
    ("Include missing.conf", "missing.conf', which was not found"),
    ("include {self}", "includes itself"),
    ("Include %c-nodes.conf", "t-nodes.conf', which was not found"),
    ("Include /dev/null", "not a regular file"),
])
def test_broken_includes_fail_once_fast_and_name_the_file(tmp_path, include, words):
    path = tmp_path / "slurm.conf"
    path.write_text(MINIMAL + include.format(self=path) + "\n")
    t0 = time.monotonic()
    res = run_python("""
        import sys, time, pyslurm
        for call in (pyslurm.init, lambda p: pyslurm.Nodes.load(),
                     lambda p: pyslurm.Jobs.load()):
            t = time.monotonic()
            try:
                call(sys.argv[1])
            except pyslurm.ConfigError as e:
                print("ConfigError:", e, round(time.monotonic() - t, 2))
    """, str(path), SLURM_CONF=str(path))
    assert res.returncode == 0, res.stderr
    lines = [line for line in res.stdout.splitlines() if line.startswith("ConfigError:")]
    assert len(lines) == 3, res.stdout
    for line in lines:
        assert words in line, line
    # libslurm alone: 59 s for a missing Include (118 s through Nodes.load),
    # 8-16 s for a file including itself
    assert time.monotonic() - t0 < 30


def test_includes_nest_only_so_deep(tmp_path):
    for i in range(20):
        (tmp_path / f"part{i}.conf").write_text(f"Include part{i + 1}.conf\n")
    (tmp_path / "part20.conf").write_text("")
    path = tmp_path / "slurm.conf"
    path.write_text(MINIMAL + "Include part0.conf\n")
    res = run_python("""
        import sys, pyslurm
        try:
            pyslurm.init(sys.argv[1])
        except pyslurm.ConfigError as e:
            print("ConfigError:", e)
    """, str(path))
    assert "nest deeper than 16" in res.stdout, res.stdout + res.stderr


def test_a_fixed_configuration_is_checked_again(tmp_path):
    path = tmp_path / "slurm.conf"
    path.write_text(MINIMAL + "Include extra.conf\n")
    res = run_python("""
        import sys, pyslurm
        try:
            pyslurm.init(sys.argv[1])
        except pyslurm.ConfigError as e:
            print("first: ConfigError")
        open(sys.argv[1].replace("slurm.conf", "extra.conf"), "w").write("")
        print("second:", pyslurm.init(sys.argv[1]))
    """, str(path))
    assert res.returncode == 0, res.stderr
    assert "first: ConfigError" in res.stdout
    assert f"second: {path}" in res.stdout
