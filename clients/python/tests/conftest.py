"""Generates the client's modules from protos/ (they are build output) and starts the real server."""

import pathlib
import socket
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

generate()

from server import Server  # noqa: E402


@pytest.fixture(scope="session")
def server():
    started = Server("--Server:AllowedOrigins=http://dashboard.test")
    yield started
    started.stop()


@pytest.fixture(scope="session")
def server_without_redis():
    """A server whose Redis is a loopback port nothing listens on: the status store is unavailable."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = Server(f"--Redis:Configuration=127.0.0.1:{port},connectTimeout=500",
                     "--Cache:KeySecret=client-tests-key-secret")
    yield started
    started.stop()
