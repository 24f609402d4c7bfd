"""conftest.py of pyslurm's run of psij-python's executor tests (copied
next to them by ``tests/integration/test_psij_peer_suite.py``): the
``--executors`` option and the ``execparams`` parameter the tests take."""

from executor_test_params import ExecutorTestParams


def pytest_addoption(parser):
    parser.addoption("--executors", action="store", default="pyslurm:single",
                     help="comma-separated executor:launcher pairs to run the tests with")
    parser.addoption("--queue-name", action="store", default=None)
    parser.addoption("--account", action="store", default=None)


def pytest_generate_tests(metafunc):
    if "execparams" not in metafunc.fixturenames:
        return
    opt = metafunc.config.option
    params = [ExecutorTestParams(s.strip(), queue_name=opt.queue_name, account=opt.account)
              for s in opt.executors.split(",") if s.strip()]
    metafunc.parametrize("execparams", params, ids=str)
