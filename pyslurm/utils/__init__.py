"""Upstream pyslurm's helper functions (``pyslurm.utils``): time strings,
user and group names, ranges, sizes and node lists.  pyslurm's own API
does not need them (its attributes and options take and give these forms
directly); they are here so scripts written for upstream run unchanged."""

from pyslurm.utils import ctime, enums, helpers
from pyslurm.utils.ctime import (
    date_to_timestamp, mins_to_timestr, secs_to_timestr, timestamp_to_date, timestr_to_mins,
    timestr_to_secs,
)
from pyslurm.utils.helpers import (
    dehumanize, expand_range_str, gid_to_name, group_to_gid, humanize, nodelist_from_range_str,
    nodelist_to_range_str, uid_to_name, user_to_uid,
)

__all__ = ["ctime", "enums", "helpers",
           "timestr_to_secs", "timestr_to_mins", "secs_to_timestr", "mins_to_timestr",
           "date_to_timestamp", "timestamp_to_date", "uid_to_name", "gid_to_name",
           "user_to_uid", "group_to_gid", "expand_range_str", "humanize", "dehumanize",
           "nodelist_from_range_str", "nodelist_to_range_str"]
