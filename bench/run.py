"""bench/run.py: openintra under wrk, beside json-server 0.17 and a bare Starlette ceiling.

    /tmp/venv/bin/python bench/run.py [--users 50000] [--duration 10] [--connections 4]

Seeds (or reuses) a SQLite database of N users in bench/results/, serves it with one uvicorn worker
pinned to CPU 0, and drives a fixed mix of GET requests at it with wrk pinned to CPU 1: one run per
line, then one run cycling through every line (bench/mix.lua). The same lines are then run against
json-server 0.17 serving the same users and projects_users as openintra renders them, and against a
Starlette app returning a fixed body of the size of openintra's users page 1 (bench/ceiling.py).
Prints a table, writes bench/results/latest.md and latest.json, and reports the targets (it never fails
on them; it fails loudly when something does not answer 200 or returns nothing).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import os
import platform
import re
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import orjson

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
NODE_DIR = BENCH / ".node"
JSON_SERVER_VERSION = "0.17"
JSON_SERVER_BIN = NODE_DIR / "node_modules" / "json-server" / "lib" / "cli" / "bin.js"
JSON_SERVER_SOURCE = BENCH / "json_server_db.js"
MIX_SCRIPT = BENCH / "mix.lua"
CEILING_SCRIPT = BENCH / "ceiling.py"
SECRET_KEY = "bench-secret-key-xxxxxxxx"
SERVER_CPU, LOAD_CPU = 0, 1
PER_PAGE = 100
MIX = "mix"

# Targets (reported, never enforced).
MIX_VS_JSON_SERVER = 30.0
USERS_VS_JSON_SERVER = 5.0
PAGE1_VS_CEILING = 0.04
SHOW_VS_CEILING = 0.2
P99_LIMIT_MS = 50.0
RSS_LIMIT_MB = 200.0


def say(message: str) -> None:
    """Progress, on stderr (stdout carries the table)."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- the fixed mix ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    openintra: str
    json_server: str

    @property
    def users_line(self) -> bool:
        """Whether the users targets apply (every line under /v2/users)."""
        return self.openintra.startswith("/v2/users")


def make_lines(login: str, user_id: int, users: int) -> list[Line]:
    deep = min(400, max(1, users // PER_PAGE))  # page 400 of 500 at 50,000 users; still a page when fewer
    return [
        Line("index", "users index", "/v2/users?per_page=100", "/users?_limit=100&_page=1"),
        Line(
            "filter_sort", "users filter + sort",
            "/v2/users?filter[kind]=student&sort=-login&per_page=100",
            "/users?kind=student&_sort=login&_order=desc&_limit=100",
        ),
        Line(
            "range", "users range created_at",
            "/v2/users?range[created_at]=2023-01-01,2024-12-31&per_page=100",
            "/users?created_at_gte=2023-01-01&created_at_lte=2024-12-31&_limit=100",
        ),
        Line(
            "deep_page", f"users page {deep}",
            f"/v2/users?per_page=100&page={deep}", f"/users?_limit=100&_page={deep}",
        ),
        Line("show", "user show by login", f"/v2/users/{login}", f"/users?login={login}"),
        Line(
            "nested", "user's projects_users",
            f"/v2/users/{user_id}/projects_users", f"/users/{user_id}/projects_users",
        ),
        Line(
            "pu_filter_sort", "projects_users filter + sort",
            "/v2/projects_users?filter[status]=finished&sort=-marked_at&per_page=100",
            "/projects_users?status=finished&_sort=marked_at&_order=desc&_limit=100",
        ),
    ]  # fmt: skip


# --- wrk -------------------------------------------------------------------------------------------

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_PERCENTILE = re.compile(r"^\s+(\d+(?:\.\d+)?)%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
_REQUESTS = re.compile(r"^\s+(\d+) requests in ([\d.]+)(us|ms|s|m|h),", re.MULTILINE)
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float | None
    p99_ms: float | None
    non_2xx: int = 0
    socket_errors: int = 0
    timeouts: int = 0
    others_cpu: float = 0.0
    """CPU used meanwhile by processes other than this server, wrk and this driver, in cores."""

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def parse_wrk(text: str) -> WrkResult:
    requests = _REQUESTS.search(text)
    rps = _RPS.search(text)
    if requests is None or rps is None:
        raise RuntimeError(f"cannot read wrk's output:\n{text}")
    count = int(requests.group(1))
    percentiles = {float(p): float(v) * _UNIT_MS[u] for p, v, u in _PERCENTILE.findall(text)}
    non_2xx = _NON_2XX.search(text)
    sockets = _SOCKET.search(text)
    socket_counts = [int(n) for n in sockets.groups()] if sockets else [0, 0, 0, 0]
    return WrkResult(
        requests=count,
        seconds=float(requests.group(2)) * _UNIT_MS[requests.group(3)] / 1000.0,
        rps=float(rps.group(1)),
        p50_ms=percentiles.get(50.0) if count else None,
        p99_ms=percentiles.get(99.0) if count else None,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(socket_counts),
        timeouts=socket_counts[3],
    )


_CLK_TCK = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all of /proc/stat's cpu line but idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / _CLK_TCK


def process_cpu_seconds(pid: int) -> float:
    with contextlib.suppress(OSError):
        after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(after_name[11]) + int(after_name[12])) / _CLK_TCK  # utime + stime
    return 0.0


def own_cpu_seconds() -> float:
    """This driver and its waited-for children (wrk)."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


class OthersCpu:
    """Measures the CPU that processes other than ``pid``, wrk and this driver use over an interval."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.started = time.monotonic()
        self.busy = machine_busy_seconds()
        self.server = process_cpu_seconds(pid)
        self.own = own_cpu_seconds()

    def cores(self) -> float:
        busy = machine_busy_seconds() - self.busy
        ours = process_cpu_seconds(self.pid) - self.server + own_cpu_seconds() - self.own
        return max(0.0, busy - ours) / max(time.monotonic() - self.started, 1e-3)


QUIET_CORES = 0.15


def wait_for_quiet(pid: int, max_wait: float) -> float:
    """Wait up to ``max_wait`` s for a second in which other processes use < QUIET_CORES of a core."""
    deadline = time.monotonic() + max_wait
    while True:
        meter = OthersCpu(pid)
        time.sleep(1.0)
        cores = meter.cores()
        if cores < QUIET_CORES or time.monotonic() >= deadline:
            return cores


@dataclass(frozen=True)
class Load:
    duration: int
    warmup: int
    connections: int
    timeout: int
    raw_dir: Path
    quiet_wait: float
    retries: int

    @property
    def settle_timeout(self) -> float:
        return float(self.timeout + 60)

    def run(self, server: Server, paths: list[str], headers: Mapping[str, str], name: str) -> WrkResult:
        """Wait for a quiet machine, warm up, measure (with the CPU others used meanwhile); measure again,
        up to ``retries`` times, while other processes used ≥ QUIET_CORES, and keep the least disturbed."""
        best: WrkResult | None = None
        for _ in range(1 + self.retries):
            result, text = self._measure(server, paths, headers)
            if best is None or result.others_cpu < best.others_cpu:
                best = result
                (self.raw_dir / f"{name}.txt").write_text(text)
            say(
                f"    {name}: {result.rps:,.1f} req/s, p50 {_ms(result.p50_ms)}, p99 {_ms(result.p99_ms)}"
                + (f", {result.errors} errors" if result.errors else "")
                + f"; others used {result.others_cpu:.0%} of a core"
            )
            if result.others_cpu < QUIET_CORES:
                break
        assert best is not None
        return best

    def _measure(self, server: Server, paths: list[str], headers: Mapping[str, str]) -> tuple[WrkResult, str]:
        if self.quiet_wait > 0 and (busy := wait_for_quiet(server.pid, self.quiet_wait)) >= QUIET_CORES:
            say(f"    (others still use {busy:.0%} of a core after {self.quiet_wait:.0f} s: going on)")
        if self.warmup > 0:
            self._wrk(server.base, paths, headers, self.warmup)
        meter = OthersCpu(server.pid)
        text = self._wrk(server.base, paths, headers, self.duration)
        return dataclasses.replace(parse_wrk(text), others_cpu=meter.cores()), text

    def _wrk(self, base: str, paths: list[str], headers: Mapping[str, str], seconds: int) -> str:
        argv = [
            "taskset", "-c", str(LOAD_CPU), "wrk", "-t1", f"-c{self.connections}", f"-d{seconds}s",
            f"--timeout={self.timeout}s", "--latency",
        ]  # fmt: skip
        for name, value in headers.items():
            argv += ["-H", f"{name}: {value}"]
        if len(paths) == 1:
            argv.append(base + paths[0])
        else:
            argv += ["-s", str(MIX_SCRIPT), base, "--", *paths]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + self.timeout + 60)
        if done.returncode != 0:
            raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout


# --- processes -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


MEMORY_FIELDS = ("VmRSS", "RssAnon", "RssFile", "VmHWM")


def read_status_kb(pid: int) -> dict[str, int]:
    """The ``kB`` memory fields of /proc/PID/status; empty once the process is gone."""
    found: dict[str, int] = {}
    with contextlib.suppress(FileNotFoundError, ProcessLookupError):
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = row.partition(":")
            if key in MEMORY_FIELDS:
                found[key] = int(value.split()[0])
    return found


@dataclass
class Memory:
    """Megabytes: the maxima sampled of VmRSS and its two parts (anonymous; file-backed, i.e. SQLite's
    mmap of the database), and the kernel's own peak VmHWM."""

    max_rss_mb: float = 0.0
    max_anon_mb: float = 0.0
    max_file_mb: float = 0.0
    hwm_mb: float = 0.0

    @classmethod
    def now(cls, pid: int) -> Memory:
        kb = read_status_kb(pid)
        return cls(*(kb.get(key, 0) / 1024 for key in MEMORY_FIELDS))

    def peak(self) -> float:
        return max(self.max_rss_mb, self.hwm_mb)

    def widen(self, other: Memory) -> None:
        self.max_rss_mb = max(self.max_rss_mb, other.max_rss_mb)
        self.max_anon_mb = max(self.max_anon_mb, other.max_anon_mb)
        self.max_file_mb = max(self.max_file_mb, other.max_file_mb)
        self.hwm_mb = max(self.hwm_mb, other.hwm_mb)


class RssSampler:
    """Polls the memory of one process in a thread and keeps the maxima."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid = pid
        self.every = every
        self.memory = Memory()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.memory.widen(Memory.now(self.pid))

    def stop(self) -> Memory:
        self._stop.set()
        self._thread.join()
        self.memory.widen(Memory.now(self.pid))
        return self.memory


class Server:
    """A server process pinned to SERVER_CPU, ready once ``ready_path`` answers, stopped on exit."""

    def __init__(
        self, name: str, argv: list[str], port: int, ready_path: str, *, env: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None, start_timeout: float = 120.0,
    ) -> None:  # fmt: skip
        self.name = name
        self.argv = ["taskset", "-c", str(SERVER_CPU), *argv]
        self.base = f"http://127.0.0.1:{port}"
        self.ready_path = ready_path
        self.env = dict(env) if env is not None else dict(os.environ)
        self.headers = dict(headers or {})
        self.start_timeout = start_timeout
        self.log_path = RESULTS / "logs" / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.sampler: RssSampler | None = None
        self.memory = Memory()

    def __enter__(self) -> Server:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        say(f"  starting {self.name}: {' '.join(self.argv)}")
        self.proc = subprocess.Popen(
            self.argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=RESULTS, start_new_session=True
        )
        log.close()
        self.sampler = RssSampler(self.proc.pid)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + self.start_timeout
        started = time.monotonic()
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}):\n{self._log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                response = httpx.get(self.base + self.ready_path, headers=self.headers, timeout=5.0)
                if response.status_code < 500:
                    say(f"  {self.name} ready in {time.monotonic() - started:.1f} s")
                    return
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} not ready after {self.start_timeout:.0f} s:\n{self._log_tail()}")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def memory_now(self) -> Memory:
        assert self.proc is not None
        return Memory.now(self.proc.pid)

    def settle(self, path: str, timeout: float) -> None:
        """Block until the server answers again (it may still be busy with wrk's last requests)."""
        httpx.get(self.base + path, headers=self.headers, timeout=timeout)

    def _log_tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self.proc is not None and self.sampler is not None
        self.memory = self.sampler.stop()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)
        mem = self.memory
        say(f"  stopped {self.name} (max RSS {mem.max_rss_mb:.1f} MB, VmHWM {mem.hwm_mb:.1f} MB)")


@dataclass(frozen=True)
class Probe:
    """A request alone, before the load: its body size and time (the better of two, warm)."""

    bytes: int
    seconds: float


def fetch_json(client: httpx.Client, url: str) -> tuple[Any, Probe]:
    """GET ``url``; fail loudly unless it answers 200 with a non-empty JSON body."""
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"FAIL: GET {url} answered {response.status_code}: {response.text[:500]}")
    body = orjson.loads(response.content)
    if not body:
        raise SystemExit(f"FAIL: GET {url} answered 200 with an empty body {response.text[:200]!r}")
    return body, Probe(len(response.content), seconds)


def check_lines(base: str, paths: list[str], headers: Mapping[str, str], timeout: float) -> dict[str, Probe]:
    """Every path answers 200 with something in it; returns the size and time of each."""
    probes: dict[str, Probe] = {}
    with httpx.Client(headers=dict(headers), timeout=timeout) as client:
        for path in paths:
            _, first = fetch_json(client, base + path)
            _, second = fetch_json(client, base + path)
            probe = probes[path] = min(first, second, key=lambda p: p.seconds)
            say(f"    200 {probe.bytes:>8,} B {probe.seconds * 1000:>9,.1f} ms  {path}")
    return probes


# --- openintra: database, app, token, export -------------------------------------------------------


def openintra_bin() -> str:
    beside = Path(sys.executable).with_name("openintra")
    found = str(beside) if beside.exists() else shutil.which("openintra")
    if found is None:
        raise SystemExit("FAIL: no openintra command beside this python nor on PATH")
    return found


def openintra_env(db: Path, read_cache: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENINTRA_")}
    env["OPENINTRA_DATABASE_URL"] = f"sqlite:///{db}"
    env["OPENINTRA_SECRET_KEY"] = SECRET_KEY
    env["OPENINTRA_READ_CACHE"] = "true" if read_cache else "false"
    return env


def sql_rows(db: Path, query: str) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute(query).fetchall()


def count_rows(db: Path, table: str) -> int:
    return int(sql_rows(db, f"SELECT count(*) FROM {table}")[0][0])


def seed_database(db: Path, users: int, projects_per_user: int, env: Mapping[str, str]) -> None:
    if db.exists():
        try:
            if count_rows(db, "users") == users:
                say(f"reusing {db.name} ({users:,} users); migrating it to head")
                subprocess.run([openintra_bin(), "db", "upgrade"], env=env, cwd=RESULTS, check=True)
                return
        except sqlite3.Error:
            pass
        say(f"{db.name} does not hold {users:,} users: seeding it again")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.monotonic()
    say(f"seeding {users:,} users x ~{projects_per_user} projects into {db} (about {users / 450:.0f} s)…")
    subprocess.run([openintra_bin(), "db", "upgrade"], env=env, cwd=RESULTS, check=True)
    subprocess.run(
        [openintra_bin(), "seed", "--users", str(users), "--projects-per-user", str(projects_per_user)],
        env=env, cwd=RESULTS, check=True,
    )  # fmt: skip
    say(f"seeded in {time.monotonic() - started:.0f} s")


def create_app(env: Mapping[str, str]) -> tuple[str, str]:
    argv = [
        openintra_bin(), "apps", "create", f"bench-{int(time.time())}", "--rate-secondly", "10000000",
        "--rate-hourly", "1000000000", "--json",
    ]  # fmt: skip
    done = subprocess.run(argv, env=env, cwd=RESULTS, check=True, capture_output=True, text=True)
    created = orjson.loads(done.stdout)
    return str(created["uid"]), str(created["secret"])


def get_token(base: str, uid: str, secret: str) -> str:
    form = {"grant_type": "client_credentials", "client_id": uid, "client_secret": secret}
    response = httpx.post(f"{base}/oauth/token", data=form, timeout=30.0)
    if response.status_code != 200:
        raise SystemExit(f"FAIL: POST /oauth/token answered {response.status_code}: {response.text[:500]}")
    return str(orjson.loads(response.content)["access_token"])


def export_collection(
    client: httpx.Client,
    base: str,
    path: str,
    target: Path,
    transform: Callable[[dict[str, Any]], dict[str, Any]],
) -> int:
    """Every record of an index, as openintra renders it, one JSON a line; keyset paging on id."""
    count, last_id = 0, 0
    partial = target.with_suffix(".partial")
    with partial.open("wb") as sink:
        while True:
            url = f"{base}{path}?per_page={PER_PAGE}&sort=id&range[id]={last_id + 1},"
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(
                    f"FAIL: export GET {url} answered {response.status_code}: {response.text[:300]}"
                )
            page: list[dict[str, Any]] = orjson.loads(response.content)
            for record in page:
                sink.write(orjson.dumps(transform(record)) + b"\n")
            count += len(page)
            if len(page) < PER_PAGE:
                break
            last_id = int(page[-1]["id"])
    partial.replace(target)
    return count


def with_user_id(record: dict[str, Any]) -> dict[str, Any]:
    """json-server's nested route /users/:id/projects_users filters on ``userId``."""
    return {**record, "userId": record["user"]["id"]}


def export_for_json_server(db: Path, env: Mapping[str, str], uid: str, secret: str, target: Path) -> None:
    expected = {"users": count_rows(db, "users"), "projects_users": count_rows(db, "projects_users")}
    marker = target / "complete.json"
    if marker.exists() and orjson.loads(marker.read_bytes()) == expected:
        say(f"reusing the json-server export in {target.name}/")
        return
    target.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    say(f"exporting {expected['users']:,} users and {expected['projects_users']:,} projects_users…")
    port = free_port()
    argv = [openintra_bin(), "serve", "--port", str(port)]
    with Server("openintra-export", argv, port, "/oauth/token/info", env=env) as server:
        headers = {"Authorization": f"Bearer {get_token(server.base, uid, secret)}"}
        with httpx.Client(headers=headers, timeout=120.0) as client:
            for name, transform in (("users", dict), ("projects_users", with_user_id)):
                started = time.monotonic()
                count = export_collection(
                    client, server.base, f"/v2/{name}", target / f"{name}.ndjson", transform
                )
                say(f"  {name}: {count:,} records in {time.monotonic() - started:.0f} s")
                if count != expected[name]:
                    raise SystemExit(f"FAIL: exported {count} {name}, the database holds {expected[name]}")
    marker.write_bytes(orjson.dumps(expected))


def ensure_json_server() -> None:
    if JSON_SERVER_BIN.exists():
        return
    if shutil.which("npm") is None:
        raise SystemExit(
            "FAIL: json-server is not installed in bench/.node and there is no npm to install it"
        )
    version = JSON_SERVER_VERSION
    say(f"installing json-server@{version} into {NODE_DIR}…")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", f"json-server@{version}"],
        check=True,
    )  # fmt: skip


def tool_version(argv: list[str]) -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        text = (done.stdout or done.stderr).strip()
        return text.splitlines()[0] if text else "?"
    return "?"


def machine() -> dict[str, Any]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    mem_kb = read_status_kb_file("/proc/meminfo", "MemTotal")
    json_server = "?"
    with contextlib.suppress(OSError):
        json_server = orjson.loads((JSON_SERVER_BIN.parents[2] / "package.json").read_bytes())["version"]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wrk": " ".join(tool_version(["wrk", "--version"]).split()[:2]),
        "node": tool_version(["node", "--version"]),
        "json_server": json_server,
        "openintra": source_version(),
    }


def source_version() -> str:
    """The commit under test, ``+dirty`` when src/ has uncommitted changes."""
    repo = BENCH.parent
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--", "src"], capture_output=True, text=True
        ).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    return "?"


def read_status_kb_file(path: str, key: str) -> int:
    for row in Path(path).read_text().splitlines():
        if row.startswith(key + ":"):
            return int(row.split()[1])
    return 0


# --- report ----------------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    openintra_path: str
    json_server_path: str
    users_line: bool
    openintra: WrkResult
    json_server: WrkResult | None
    body_bytes: int | None = None
    alone_ms: float | None = None
    """One openintra request alone, before the load."""
    json_server_alone_ms: float | None = None
    rss_after_mb: float | None = None
    """openintra's VmRSS right after this line's run (the lines run in table order)."""
    vs_json_server: float | None = None
    vs_json_server_estimated: bool = False
    """json-server finished no request in the run: the ratio is ours times its time for one request alone."""
    vs_ceiling: float | None = None


@dataclass
class Target:
    name: str
    observed: str
    passed: bool


@dataclass
class Report:
    date: str
    settings: dict[str, Any]
    machine: dict[str, Any]
    rows: list[Row]
    ceiling: WrkResult
    ceiling_body_bytes: int
    openintra_memory: Memory
    json_server_memory: Memory | None
    targets: list[Target] = field(default_factory=list)


def ratio(a: float, b: float) -> float | None:
    return a / b if b > 0 else None


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f} ms"


def _x(value: float | None, estimated: bool = False) -> str:
    return "-" if value is None else f"{'≈' if estimated else ''}{value:,.2f}x"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MB"


def evaluate(report: Report) -> list[Target]:
    targets: list[Target] = []
    by_key = {row.key: row for row in report.rows}

    def vs_json_server(row: Row, limit: float) -> Target:
        observed = _x(row.vs_json_server, row.vs_json_server_estimated)
        passed = row.vs_json_server is not None and row.vs_json_server >= limit
        return Target(f"{row.label} ≥ {limit:g}x json-server", observed, passed)

    if report.json_server_memory is not None:
        targets.append(vs_json_server(by_key[MIX], MIX_VS_JSON_SERVER))
        targets += [vs_json_server(row, USERS_VS_JSON_SERVER) for row in report.rows if row.users_line]
    for key, limit in (("index", PAGE1_VS_CEILING), ("show", SHOW_VS_CEILING)):
        row = by_key[key]
        passed = (row.vs_ceiling or 0.0) >= limit
        targets.append(Target(f"{row.label} ≥ {limit:g}x ceiling", _x(row.vs_ceiling), passed))
    for row in report.rows:
        p99 = row.openintra.p99_ms
        passed = p99 is not None and p99 < P99_LIMIT_MS and row.openintra.errors == 0
        targets.append(Target(f"{row.label} p99 < {P99_LIMIT_MS:g} ms", _ms(p99), passed))
    rss = report.openintra_memory.peak()
    targets.append(Target(f"openintra RSS < {RSS_LIMIT_MB:g} MB", _mb(rss), rss < RSS_LIMIT_MB))
    return targets


def render(report: Report) -> str:
    s = report.settings
    m = report.machine
    lines = [
        f"## openintra benchmark, {report.date}",
        "",
        f"{s['users']:,} users, {s['projects_users']:,} projects_users (SQLite); one uvicorn worker on "
        f"CPU 0, wrk -t1 -c{s['connections']} on CPU 1, {s['duration']} s per line after a {s['warmup']} s "
        f"warm-up. Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, Linux {m['kernel']}, "
        f"Python {m['python']}, {m['wrk']}, node {m['node']}, json-server {m['json_server']}; openintra at "
        f"{m['openintra']}.",
        "",
        "| line | openintra req/s | p50 | p99 | alone | body | RSS after | others' CPU | json-server req/s | "
        "json-server p99 | json-server alone | ÷ json-server | ÷ ceiling |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in report.rows:
        body = "" if row.body_bytes is None else f"{row.body_bytes / 1024:,.1f} KiB"
        ours = row.openintra
        js = row.json_server
        errors = f" ({ours.errors} errors)" if ours.errors else ""
        js_rps = "-" if js is None else f"{js.rps:,.1f}" + (f" ({js.errors} errors)" if js.errors else "")
        lines.append(
            f"| {row.label} | {ours.rps:,.1f}{errors} | {_ms(ours.p50_ms)} | {_ms(ours.p99_ms)} | "
            f"{_ms(row.alone_ms)} | {body} | {_mb(row.rss_after_mb)} | {ours.others_cpu:.0%} | {js_rps} | "
            f"{_ms(js.p99_ms if js else None)} | {_ms(row.json_server_alone_ms)} | "
            f"{_x(row.vs_json_server, row.vs_json_server_estimated)} | "
            f"{'' if row.vs_ceiling is None else _x(row.vs_ceiling)} |"
        )
    c = report.ceiling
    mem = report.openintra_memory
    lines += [
        "",
        "alone: a request with nothing else running, before the load (best of two). ≈: json-server "
        "finished no request in the run; the ratio is then openintra's req/s times json-server's time alone. "
        "others' CPU: what processes other than the server, wrk and this script used during the run (100% "
        "= one of the two cores); above a few % the figures are disturbed.",
        "",
        f"Starlette ceiling (bench/ceiling.py, fixed {report.ceiling_body_bytes:,} B body = users page 1): "
        f"{c.rps:,.1f} req/s, p50 {_ms(c.p50_ms)}, p99 {_ms(c.p99_ms)} (others' CPU {c.others_cpu:.0%}).",
        f"openintra memory: max VmRSS {_mb(mem.max_rss_mb)} (anonymous {_mb(mem.max_anon_mb)}, "
        f"file-backed {_mb(mem.max_file_mb)}), VmHWM {_mb(mem.hwm_mb)}.",
    ]
    if report.json_server_memory is not None:
        worst = max((row.json_server.others_cpu for row in report.rows if row.json_server), default=0.0)
        lines.append(
            f"json-server memory: VmHWM {_mb(report.json_server_memory.hwm_mb)}; others' CPU during its "
            f"runs: at most {worst:.0%}."
        )
    lines += ["", "| target | observed | |", "|---|--:|---|"]
    lines += [f"| {t.name} | {t.observed} | {'PASS' if t.passed else 'FAIL'} |" for t in report.targets]
    passed = sum(t.passed for t in report.targets)
    lines += ["", f"{passed}/{len(report.targets)} targets pass."]
    return "\n".join(lines) + "\n"


# --- main ------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50_000, help="users to seed (default 50000)")
    parser.add_argument(
        "--projects-per-user", type=int, default=10, help="projects per user, about (default 10)"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per line (default 10)")
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of warm-up before each line (default 2)"
    )
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    parser.add_argument("--timeout", type=int, default=30, help="wrk's per-request timeout, s (default 30)")
    parser.add_argument(
        "--quiet-wait", type=float, default=30.0,
        help="before each run, wait up to this many s for other processes to leave the CPUs (default 30)",
    )  # fmt: skip
    parser.add_argument(
        "--retries", type=int, default=2,
        help="measure a line again up to this many times when other processes disturbed it (default 2)",
    )  # fmt: skip
    parser.add_argument("--skip-json-server", action="store_true", help="leave out the json-server anchor")
    parser.add_argument(
        "--no-read-cache", action="store_true",
        help="serve openintra with OPENINTRA_READ_CACHE=false: every request read from the database",
    )  # fmt: skip
    return parser.parse_args()


def require_tools(names: list[str]) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        raise SystemExit(
            f"FAIL: missing {', '.join(missing)} (apt-get install -y wrk; node from your distro)"
        )


@dataclass(frozen=True)
class Measured:
    results: dict[str, WrkResult]
    memory: Memory
    probes: dict[str, Probe]
    rss_after_mb: dict[str, float] = field(default_factory=dict)
    page1: bytes = b""


def with_mix(lines: list[Line]) -> list[Line]:
    return [*lines, Line(MIX, "mix (all lines)", "", "")]


def measure_openintra(
    lines: list[Line], env: Mapping[str, str], uid: str, secret: str, load: Load
) -> Measured:
    say("openintra:")
    port = free_port()
    argv = [openintra_bin(), "serve", "--port", str(port)]
    results: dict[str, WrkResult] = {}
    rss_after: dict[str, float] = {}
    with Server("openintra", argv, port, "/oauth/token/info", env=env) as server:
        server.headers = {"Authorization": f"Bearer {get_token(server.base, uid, secret)}"}
        paths = [line.openintra for line in lines]
        probes = check_lines(server.base, paths, server.headers, load.settle_timeout)
        page1 = httpx.get(server.base + paths[0], headers=server.headers, timeout=30.0).content
        for line in with_mix(lines):
            todo = paths if line.key == MIX else [line.openintra]
            results[line.key] = load.run(server, todo, server.headers, f"openintra-{line.key}")
            server.settle(paths[0], load.settle_timeout)
            rss_after[line.key] = server.memory_now().max_rss_mb
    return Measured(results, server.memory, probes, rss_after, page1)


def measure_json_server(lines: list[Line], export_dir: Path, load: Load) -> Measured:
    say("json-server:")
    port = free_port()
    argv = [
        "node", "--max-old-space-size=8192", str(JSON_SERVER_BIN), "--host", "127.0.0.1",
        "--port", str(port), "--quiet", "--read-only", str(JSON_SERVER_SOURCE),
    ]  # fmt: skip
    env = {**os.environ, "BENCH_JSON_SERVER_DATA": str(export_dir)}
    results: dict[str, WrkResult] = {}
    with Server("json-server", argv, port, "/users/1", env=env, start_timeout=600.0) as server:
        paths = [line.json_server for line in lines]
        probes = check_lines(server.base, paths, {}, load.settle_timeout)
        for line in with_mix(lines):
            todo = paths if line.key == MIX else [line.json_server]
            results[line.key] = load.run(server, todo, {}, f"json-server-{line.key}")
            server.settle("/users/1", load.settle_timeout)
    return Measured(results, server.memory, probes)


def measure_ceiling(path: str, body: bytes, load: Load) -> Measured:
    say("Starlette ceiling:")
    body_file = RESULTS / "ceiling-body.json"
    body_file.write_bytes(body)
    port = free_port()
    argv = [sys.executable, str(CEILING_SCRIPT), "--body", str(body_file), "--port", str(port)]
    with Server("ceiling", argv, port, "/") as server:
        probes = check_lines(server.base, [path], {}, load.settle_timeout)
        result = load.run(server, [path], {}, "ceiling")
    return Measured({"ceiling": result}, server.memory, probes)


def make_rows(lines: list[Line], ours: Measured, theirs: Measured | None, ceiling: WrkResult) -> list[Row]:
    rows: list[Row] = []
    for line in with_mix(lines):
        probe = ours.probes.get(line.openintra)
        row = Row(
            line.key, line.label, line.openintra or "(all)", line.json_server or "(all)", line.users_line,
            ours.results[line.key], None, probe.bytes if probe else None,
            probe.seconds * 1000 if probe else None, rss_after_mb=ours.rss_after_mb.get(line.key),
        )  # fmt: skip
        if theirs is not None:
            js = row.json_server = theirs.results[line.key]
            alone = theirs.probes.get(line.json_server)
            row.json_server_alone_ms = alone.seconds * 1000 if alone else None
            row.vs_json_server = ratio(row.openintra.rps, js.rps)
            if js.requests == 0 and alone is not None:
                row.vs_json_server = row.openintra.rps * alone.seconds
                row.vs_json_server_estimated = True
        if line.key in ("index", "show"):
            row.vs_ceiling = ratio(row.openintra.rps, ceiling.rps)
        rows.append(row)
    return rows


def main() -> None:
    args = parse_args()
    require_tools(["wrk", "taskset"] + ([] if args.skip_json_server else ["node"]))
    if (os.cpu_count() or 1) < 2:
        raise SystemExit("FAIL: the benchmark pins the servers to CPU 0 and wrk to CPU 1: it needs 2 CPUs")
    os.sched_setaffinity(0, {LOAD_CPU})  # this driver stays off the servers' CPU
    raw_dir = RESULTS / "raw"
    raw_dir.mkdir(parents=True, exist_ok=True)
    if not args.skip_json_server:
        ensure_json_server()

    stem = f"u{args.users}-p{args.projects_per_user}"
    db = RESULTS / f"openintra-{stem}.db"
    env = openintra_env(db, read_cache=not args.no_read_cache)
    seed_database(db, args.users, args.projects_per_user, env)
    user_id, login = sql_rows(db, "SELECT id, login FROM users ORDER BY id LIMIT 1 OFFSET 1000")[0]
    lines = make_lines(str(login), int(user_id), args.users)
    uid, secret = create_app(env)
    export_dir = RESULTS / f"json-server-{stem}"
    if not args.skip_json_server:
        export_for_json_server(db, env, uid, secret, export_dir)

    load = Load(
        args.duration, args.warmup, args.connections, args.timeout, raw_dir, args.quiet_wait, args.retries
    )
    ours = measure_openintra(lines, env, uid, secret, load)
    theirs = None if args.skip_json_server else measure_json_server(lines, export_dir, load)
    ceiling = measure_ceiling(lines[0].openintra, ours.page1, load).results["ceiling"]

    report = Report(
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        settings={
            "users": args.users, "projects_per_user": args.projects_per_user,
            "projects_users": count_rows(db, "projects_users"), "duration": args.duration,
            "warmup": args.warmup, "connections": args.connections, "wrk_timeout": args.timeout,
            "login": login, "user_id": user_id,
        },
        machine=machine(),
        rows=make_rows(lines, ours, theirs, ceiling),
        ceiling=ceiling,
        ceiling_body_bytes=len(ours.page1),
        openintra_memory=ours.memory,
        json_server_memory=theirs.memory if theirs is not None else None,
    )  # fmt: skip
    report.targets = evaluate(report)
    text = render(report)
    (RESULTS / "latest.md").write_text(text)
    (RESULTS / "latest.json").write_bytes(orjson.dumps(asdict(report), option=orjson.OPT_INDENT_2))
    out(text)


if __name__ == "__main__":
    main()
