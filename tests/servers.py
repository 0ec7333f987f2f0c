"""Real servers for the tests: ``uvicorn`` processes of the app factory on loopback ports.

Used where a test needs what only a separate process shows: several workers sharing counters,
concurrency through the real HTTP stack, or a server killed with SIGKILL in the middle of writes.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

SECRET = "test-secret-key-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a server on ``database_url`` (none of the caller's ``OPENINTRA_*``)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("OPENINTRA_")}
    return env | {"OPENINTRA_DATABASE_URL": database_url, "OPENINTRA_SECRET_KEY": SECRET} | extra


def serve(env: dict[str, str], cwd: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """One ``uvicorn`` process of the app factory, answering /healthz."""
    for _ in range(3):  # a port found free may be taken before uvicorn binds it
        port = free_port()
        with log.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "openintra.app:app_from_env", "--factory",
                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    return process, url
            except httpx.TransportError:
                time.sleep(0.1)
        stop(process)
    raise AssertionError(f"uvicorn did not start; its log:\n{log.read_text()[-3000:]}")


@dataclass
class Server:
    """A running server of a test database, which a test may kill and start again."""

    env: dict[str, str]
    cwd: Path
    process: subprocess.Popen[bytes] | None = None
    url: str = ""

    @property
    def log(self) -> Path:
        return self.cwd / "uvicorn.log"

    def start(self) -> Server:
        self.process, self.url = serve(self.env, self.cwd, self.log)
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; whatever was in flight is cut."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop(self.process)


def burst(url: str, token: str, requests: list[tuple[str, str, dict[str, object]]]) -> list[httpx.Response]:
    """Every request at once (one connection each, released together by a barrier): ``(method,
    path, httpx keyword arguments)`` → the responses in the same order."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    barrier = threading.Barrier(len(requests))
    headers = {"Authorization": f"Bearer {token}"}

    def one(request: tuple[str, str, dict[str, object]]) -> httpx.Response:
        method, path, options = request
        with httpx.Client(base_url=url, timeout=60, headers=headers) as client:
            barrier.wait()
            return client.request(method, path, **options)  # type: ignore[arg-type]

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(one, requests))
