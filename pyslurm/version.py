"""pyslurm's own version (independent of the Slurm version it is built for:
one release serves every supported Slurm major), and the Slurm majors it
supports: the one list the build, the declarations generator, the test
cluster, the Debian roots and the Makefile read."""

__version__ = "0.1.0"

#: The Slurm majors pyslurm is built and tested for.
SLURM_MAJORS = ("22.05", "24.11", "26.05")
