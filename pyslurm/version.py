"""pyslurm's own version (independent of the Slurm version it is built for:
one release serves every supported Slurm major)."""

__version__ = "0.1.0"
