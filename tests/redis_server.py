"""A throwaway Redis server for the tests of what several app servers share (rate limits, the job
queue): Debian's redis-server on a free port of 127.0.0.1, in memory only, stopped at the end.

`make test-setup` installs redis-server; a test that needs it uses the `redis_url` fixture, which
is made once per test process, and empties the server for each test with FLUSHALL.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _command(port: int, *args: str) -> str:
    """One Redis command over a raw socket (RESP), answered by its first line: enough to wait
    for the server and to empty it without a client library."""
    with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
        connection.sendall(_encode(args))
        return connection.recv(64).decode().split("\r\n", 1)[0]


def _encode(args: tuple[str, ...]) -> bytes:
    parts = [f"*{len(args)}\r\n"] + [f"${len(arg.encode())}\r\n{arg}\r\n" for arg in args]
    return "".join(parts).encode()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """Start redis-server for this test process; its URL, e.g. redis://127.0.0.1:6380/0."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: `make test-setup` installs it from Debian")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            if _command(port, "PING") == "+PONG":
                break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server):
    """The test process's Redis server, emptied for this test."""
    port = int(redis_server.rsplit(":", 1)[1].split("/", 1)[0])
    _command(port, "FLUSHALL")
    return redis_server
