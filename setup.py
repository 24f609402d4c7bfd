"""Build pyslurm's Cython modules against the libslurm found on this machine.

Where libslurm is looked for, in order:
  1. $SLURM_INCLUDE_DIR (the folder containing slurm/slurm.h) and
     $SLURM_LIB_DIR (the folder containing libslurm.so);
  2. pkg-config's "slurm" package;
  3. /usr/include and the multiarch library folder, then /usr/lib64, /usr/lib.

The Slurm version is read from slurm/slurm_version.h and selects that major's
declarations in pyslurm/slurm/vMAJOR_MINOR/; only the supported majors have
them.  Set PYSLURM_BUILD_QUIET=1 to silence the summary.
"""

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
DECLS = HERE / "pyslurm" / "slurm"
# The supported majors: pyslurm/version.py (read as text: nothing is built yet).
SUPPORTED = list(eval(re.search(r"^SLURM_MAJORS = (\(.*?\))$",
                                (HERE / "pyslurm" / "version.py").read_text(), re.M).group(1)))


def fail(msg):
    sys.stderr.write(f"\npyslurm build error: {msg}\n\n")
    raise SystemExit(1)


def pkg_config(flag):
    if not shutil.which("pkg-config"):
        return []
    res = subprocess.run(["pkg-config", flag, "slurm"], capture_output=True, text=True)
    if res.returncode != 0:
        return []
    return [tok[2:] for tok in res.stdout.split() if tok[:2] in ("-I", "-L")]


def multiarch_libdir():
    arch = sysconfig.get_config_var("MULTIARCH")
    if not arch and shutil.which("gcc"):
        arch = subprocess.run(["gcc", "-print-multiarch"], capture_output=True,
                              text=True).stdout.strip()
    return [f"/usr/lib/{arch}"] if arch else []


def find_include_dir():
    env = os.environ.get("SLURM_INCLUDE_DIR")
    candidates = [env] if env else pkg_config("--cflags-only-I") + ["/usr/include", "/usr/local/include"]
    for d in candidates:
        if d and (Path(d) / "slurm" / "slurm_version.h").is_file():
            return Path(d)
    fail("Slurm's headers were not found: looked for slurm/slurm_version.h in "
         + ", ".join(str(c) for c in candidates if c)
         + ".\n  Install them (Debian/Ubuntu: apt-get install libslurm-dev) or set "
         "SLURM_INCLUDE_DIR to the folder that contains slurm/slurm.h.\n"
         f"  Supported Slurm versions: {', '.join(SUPPORTED)}.")


def find_lib_dir():
    env = os.environ.get("SLURM_LIB_DIR")
    candidates = [env] if env else pkg_config("--libs-only-L") + multiarch_libdir() + [
        "/usr/lib64", "/usr/lib", "/usr/local/lib"]
    for d in candidates:
        if d and any(Path(d).glob("libslurm.so*")):
            return Path(d)
    fail("libslurm.so was not found in " + ", ".join(c for c in candidates if c)
         + ".\n  Install it (Debian/Ubuntu: apt-get install libslurm-dev) or set "
         "SLURM_LIB_DIR to the folder that contains libslurm.so.")


def find_slurmfull_dir(lib_dir):
    """Folder of libslurmfull.so (Slurm's internal functions, needed only by
    pyslurm.stats): $SLURMFULL_LIB_DIR, else the slurm-wlm (Debian) or slurm
    folder beside libslurm, else libslurm's own folder.  None when absent."""
    env = os.environ.get("SLURMFULL_LIB_DIR")
    candidates = [Path(env)] if env else [lib_dir / "slurm-wlm", lib_dir / "slurm", lib_dir]
    for d in candidates:
        if (d / "libslurmfull.so").is_file():
            return d
    sys.stderr.write(
        "\npyslurm build warning: libslurmfull.so was not found in "
        + ", ".join(str(c) for c in candidates)
        + ".\n  pyslurm builds without job statistics (Job.load_stats() will raise).\n"
        "  Debian/Ubuntu ship it with the daemons (apt-get install slurmd) in the\n"
        "  slurm-wlm folder of the library directory; or set SLURMFULL_LIB_DIR.\n\n")
    return None


def read_version(include_dir):
    text = (include_dir / "slurm" / "slurm_version.h").read_text()
    m = re.search(r"#define\s+SLURM_VERSION_NUMBER\s+(0x[0-9a-fA-F]+|\d+)", text)
    if not m:
        fail(f"{include_dir}/slurm/slurm_version.h has no SLURM_VERSION_NUMBER")
    n = int(m.group(1), 0)
    return (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF


INCLUDE_DIR = find_include_dir()
LIB_DIR = find_lib_dir()
SLURMFULL_DIR = find_slurmfull_dir(LIB_DIR)
VERSION = read_version(INCLUDE_DIR)
MAJOR = f"{VERSION[0]}.{VERSION[1]:02d}"
MAJOR_DECLS = DECLS / f"v{VERSION[0]}_{VERSION[1]:02d}"
if MAJOR in SUPPORTED and not MAJOR_DECLS.is_dir():
    fail(f"{MAJOR_DECLS.relative_to(HERE)} is missing: generate the declarations with "
         f"scripts/gen_slurm_pxd.py")
if MAJOR not in SUPPORTED:
    fail(f"Slurm {MAJOR} (headers in {INCLUDE_DIR}) is not supported: pyslurm has "
         f"declarations for Slurm {', '.join(SUPPORTED)} only.\n  Point "
         "SLURM_INCLUDE_DIR/SLURM_LIB_DIR at a supported Slurm installation.")

if not os.environ.get("PYSLURM_BUILD_QUIET"):
    print(f"pyslurm: building for Slurm {'.'.join(map(str, (VERSION[0], f'{VERSION[1]:02d}', VERSION[2])))}"
          f"\n  headers:      {INCLUDE_DIR}/slurm\n  library:      {LIB_DIR}"
          f"\n  declarations: {MAJOR_DECLS.relative_to(HERE)}"
          f"\n  libslurmfull: {SLURMFULL_DIR or 'not found (no job statistics)'}", file=sys.stderr)


class ParallelBuildExt(build_ext):
    """build_ext that compiles extensions in parallel by default."""

    def finalize_options(self):
        super().finalize_options()
        if not self.parallel:
            self.parallel = os.cpu_count() or 1


def extensions():
    from Cython.Build import cythonize

    # cythonize translates modules in a process pool.  Python 3.14 starts
    # pool workers with "forkserver", which re-imports this file; "fork"
    # (Linux's old default) keeps the workers inside this build.
    if sys.platform.startswith("linux"):
        multiprocessing.set_start_method("fork", force=True)

    exts = []
    for pyx in sorted((HERE / "pyslurm").rglob("*.pyx")):
        rel = pyx.relative_to(HERE)
        name = ".".join(rel.with_suffix("").parts)
        libs, lib_dirs = ["slurm"], [str(LIB_DIR)]
        # compat.h compiles only for the major checked here
        macros = [("PYSLURM_BUILD_MAJOR", f"0x{VERSION[0]:02x}{VERSION[1]:02x}")]
        if name == "pyslurm.stats":
            # Only pyslurm.stats links libslurmfull, after libslurm, so that
            # the symbols both export resolve to libslurm (see slurmfull.h).
            if SLURMFULL_DIR:
                libs.append("slurmfull")
                lib_dirs.append(str(SLURMFULL_DIR))
            else:
                macros.append(("PYSLURM_NO_SLURMFULL", "1"))
        exts.append(Extension(
            name, [str(rel)],
            include_dirs=[str(INCLUDE_DIR), str(DECLS)],
            library_dirs=lib_dirs,
            runtime_library_dirs=lib_dirs,
            libraries=libs,
            define_macros=macros,
        ))
    return cythonize(
        exts,
        include_path=[str(MAJOR_DECLS), str(DECLS), str(HERE)],
        compiler_directives={"language_level": 3, "embedsignature": True,
                             "binding": True, "autotestdict": False},
        nthreads=os.cpu_count() or 1,
        quiet=True,
    )


setup(ext_modules=extensions(), cmdclass={"build_ext": ParallelBuildExt})
