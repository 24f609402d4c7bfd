"""pyslurm.errors: pure Python, no libslurm needed."""

import pickle

import pytest

import pyslurm
from pyslurm import errors


def test_rpc_error_carries_errno_message_and_context():
    e = errors.RPCError(2017, "Invalid job id specified", context="slurm_load_job")
    assert e.errno == 2017
    assert e.message == "Invalid job id specified"
    assert str(e) == "slurm_load_job: Invalid job id specified (Slurm errno 2017)"
    assert not e.transient


def test_subclasses_are_rpc_errors_and_transient_flags():
    assert issubclass(errors.JobNotFoundError, errors.RPCError)
    assert errors.ControllerUnreachableError.transient
    assert errors.AuthenticationError.transient
    assert not errors.PermissionDeniedError.transient
    with pytest.raises(errors.RPCError):
        raise errors.JobNotFoundError(2017, "Invalid job id specified")


def test_errors_pickle_round_trip():
    e = errors.ControllerUnreachableError(1001, "Unable to contact slurm controller",
                                          context="ping")
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is errors.ControllerUnreachableError
    fields = ("errno", "message", "context")
    assert [getattr(back, f) for f in fields] == [getattr(e, f) for f in fields]
    assert str(back) == str(e)


def test_every_mapped_name_points_at_an_rpc_error_subclass():
    for name, cls in errors.ERRNO_NAMES.items():
        assert name.isupper() and name.replace("_", "").isalnum(), name
        assert issubclass(cls, errors.RPCError), name


def test_top_level_exports_the_exceptions():
    for name in errors.__all__:
        assert getattr(pyslurm, name) is getattr(errors, name)


def test_unlimited_is_infinity():
    assert pyslurm.UNLIMITED > 10**30
    assert pyslurm.UNLIMITED == float("inf")


def test_delivered_says_whether_the_request_may_have_been_carried_out():
    from pyslurm import core
    names = core.errno_names()
    # a connection refused or never made: nothing was sent
    for name in ("SLURMCTLD_COMMUNICATIONS_CONNECTION_ERROR",
                 "SLURM_COMMUNICATIONS_CONNECTION_ERROR"):
        e = core.error_for(names[name])
        assert isinstance(e, errors.ControllerUnreachableError) and e.delivered is False
    assert core.error_for(111).delivered is False          # ECONNREFUSED
    # sent, no answer in time (a stopped controller): it may still act on it
    for name in ("SLURM_PROTOCOL_SOCKET_IMPL_TIMEOUT", "SLURM_COMMUNICATIONS_RECEIVE_ERROR"):
        e = core.error_for(names[name])
        assert isinstance(e, errors.ControllerUnreachableError) and e.delivered is None
    # an answer, even a refusal, means it arrived
    assert core.error_for(names["ESLURM_ACCESS_DENIED"]).delivered is True


def test_delivered_and_submit_token_survive_pickling():
    e = errors.ControllerUnreachableError(1800, "connect failure")
    e.delivered = False
    e.submit_token = 1234567
    back = pickle.loads(pickle.dumps(e))
    assert back.delivered is False and back.submit_token == 1234567
    assert pickle.loads(pickle.dumps(errors.ControllerUnreachableError(5004))).delivered is None
