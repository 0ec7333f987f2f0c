"""Rate limits per application (DESIGN §4.8, §4.12, §7), in process memory and in a real Redis.

Redis is required, as PostgreSQL is: ``OPENINTRA_TEST_REDIS_URL`` (default
``redis://127.0.0.1:6379/15``); these tests fail, not skip, when it does not answer. They touch only
the keys of the apps they create (keys are per app uid), never the rest of the database.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import os
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from starlette.testclient import TestClient

from openintra.app import create_app
from openintra.auth.apps import create_app_record
from openintra.auth.principal import Principal
from openintra.core.errors import TooManyRequests
from openintra.models.platform import OAuthApp
from openintra.ratelimit import KEY_PREFIX, REDIS_TIMEOUT, RateLimiter
from tests.conftest import Network, issue_token, settings_for
from tests.servers import serve, stop

REDIS_URL = os.environ.get("OPENINTRA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
HEADERS = ("X-Secondly-RateLimit-Limit", "X-Secondly-RateLimit-Remaining",
           "X-Hourly-RateLimit-Limit", "X-Hourly-RateLimit-Remaining")  # fmt: skip
BACKENDS = ["memory", "redis"]


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        pytest.fail(f"Redis is required by the rate-limit tests and does not answer at {REDIS_URL} ({exc}); "
                    "start it (.ci/run does) or set OPENINTRA_TEST_REDIS_URL", pytrace=False)  # fmt: skip
    yield client
    client.close()


def forget(client: redis.Redis, uid: str) -> None:
    """Delete the counters of one app (and nothing else)."""
    client.delete(f"{KEY_PREFIX}{{{uid}}}:s", f"{KEY_PREFIX}{{{uid}}}:h")


@dataclass
class Limited:
    """An application served with one rate-limit backend, and the apps the tests create on it."""

    network: Network
    backend: str
    client: TestClient
    redis: redis.Redis
    uids: list[str] = field(default_factory=list)

    def new_app(self, secondly: int, hourly: int, name: str = "limited") -> dict[str, Any]:
        record = create_app_record(self.network.db.engine, settings_for(self.network.db.url), name=name,
                                   scopes="public", roles="", redirect_uris=[], rate_secondly=secondly,
                                   rate_hourly=hourly, owner=None)  # fmt: skip
        self.uids.append(record["uid"])
        return record | {"token": issue_token(self.client, record)}

    def get(self, app: dict[str, Any], path: str = "/v2/cursus", **params: Any) -> httpx.Response:
        return self.client.get(
            path, params=params or None, headers={"Authorization": f"Bearer {app['token']}"}
        )


@pytest.fixture(scope="module", params=BACKENDS)
def limited(request: pytest.FixtureRequest, network: Network, redis_client: redis.Redis) -> Iterator[Limited]:
    redis_url = REDIS_URL if request.param == "redis" else None
    app = create_app(settings_for(network.db.url, redis_url=redis_url), network.db.engine)
    with TestClient(app) as client:
        state = Limited(network, request.param, client, redis_client)
        yield state
    for uid in state.uids:
        forget(redis_client, uid)


def limits_of(response: httpx.Response) -> tuple[int, int, int, int]:
    """The four rate-limit headers: secondly limit and remaining, hourly limit and remaining."""
    second, second_left, hour, hour_left = (int(response.headers[name]) for name in HEADERS)
    return second, second_left, hour, hour_left


def assert_too_many(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    body = response.json()
    assert list(body) == ["error", "message"] and body["error"] == "Too Many Requests" and body["message"]
    assert response.headers["content-type"].startswith("application/json")


def within_a_second(scenario: Callable[[], None], attempts: int = 3) -> None:
    """Run a scenario that needs its requests inside one second; again (fresh app) if the machine was slow."""
    for attempt in range(attempts):
        started = time.monotonic()
        try:
            scenario()
            return
        except AssertionError:
            if time.monotonic() - started < 0.9 or attempt == attempts - 1:
                raise


# --- one process ---------------------------------------------------------------------------------


def test_the_default_limits_are_two_a_second_and_1200_an_hour() -> None:
    columns = OAuthApp.__table__.c
    assert (columns.rate_limit_secondly.default.arg, columns.rate_limit_hourly.default.arg) == (2, 1200)


def test_the_third_request_in_a_second_is_refused_with_retry_after_1(limited: Limited) -> None:
    def scenario() -> None:
        app = limited.new_app(2, 1200)
        first, second, third = (limited.get(app) for _ in range(3))
        assert first.status_code == 200 and limits_of(first) == (2, 1, 1200, 1199)
        assert second.status_code == 200 and limits_of(second) == (2, 0, 1200, 1198)
        assert_too_many(third)
        assert third.headers["Retry-After"] == "1"
        assert limits_of(third) == (2, 0, 1200, 1198)

    within_a_second(scenario)


def test_a_refused_request_costs_no_budget(limited: Limited) -> None:
    def scenario() -> dict[str, Any]:
        app = limited.new_app(1, 1000)
        assert limits_of(limited.get(app)) == (1, 0, 1000, 999)
        for _ in range(5):  # a client retrying in a tight loop
            refused = limited.get(app)
            assert_too_many(refused)
            assert refused.headers["Retry-After"] == "1"
            assert limits_of(refused) == (1, 0, 1000, 999), "a refusal costs no hourly budget"
        return app

    apps: list[dict[str, Any]] = []
    within_a_second(lambda: apps.append(scenario()))
    time.sleep(1.05)  # the second's window closes: the next request opens a new one
    again = limited.get(apps[-1])
    assert again.status_code == 200 and limits_of(again) == (1, 0, 1000, 998)


def test_the_hourly_window_refuses_with_the_seconds_to_its_reset(limited: Limited) -> None:
    app = limited.new_app(1000, 3)
    started = time.monotonic()
    remaining = [limits_of(limited.get(app))[3] for _ in range(3)]
    assert remaining == [2, 1, 0]
    for _ in range(3):  # refused again and again, and never below zero
        refused = limited.get(app)
        assert_too_many(refused)
        wait = int(refused.headers["Retry-After"])
        assert 3600 - math.ceil(time.monotonic() - started) - 1 <= wait <= 3600
        assert limits_of(refused)[2:] == (3, 0)


def test_every_authenticated_v2_response_counts_and_carries_the_headers(limited: Limited) -> None:
    app = limited.new_app(1000, 100)
    responses = [limited.get(app), limited.get(app, "/v2/users", sort="nope"),
                 limited.get(app, "/v2/users/nobody-has-this-login"), limited.get(app, "/v2/me")]  # fmt: skip
    assert [r.status_code for r in responses] == [200, 400, 404, 403]
    assert [limits_of(r)[2:] for r in responses] == [(100, 99), (100, 98), (100, 97), (100, 96)]


def test_budgets_are_per_app_and_shared_by_its_tokens(limited: Limited) -> None:
    a, b = limited.new_app(1, 1, "a"), limited.new_app(1, 1, "b")
    assert limited.get(a).status_code == 200
    assert_too_many(limited.get(a))
    other_token = dict(a, token=issue_token(limited.client, a))
    assert_too_many(limited.get(other_token))
    fine = limited.get(b)
    assert fine.status_code == 200 and limits_of(fine) == (1, 0, 1, 0)


def test_the_limits_are_read_from_the_app_row_on_each_request(limited: Limited) -> None:
    app = limited.new_app(1000, 1000)
    assert limits_of(limited.get(app))[2:] == (1000, 999)
    with limited.network.db.engine.begin() as conn:
        conn.execute(OAuthApp.__table__.update().where(OAuthApp.id == app["id"]).values(rate_limit_hourly=2))
    assert limits_of(limited.get(app))[2:] == (2, 0)
    assert_too_many(limited.get(app))


def _principal(uid: str, secondly: int, hourly: int) -> Principal:
    now = dt.datetime.now(dt.UTC)
    return Principal(abs(hash(uid)) % 10**9, uid, "threads", frozenset(), frozenset({"public"}), None,
                     secondly, hourly, now, now)  # fmt: skip


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_hits_are_neither_lost_nor_counted_twice(backend: str, redis_client: redis.Redis) -> None:
    limiter = RateLimiter(REDIS_URL if backend == "redis" else None)
    uid = f"test-threads-{os.getpid()}-{time.monotonic_ns()}"
    principal = _principal(uid, 10_000, 50)
    barrier = threading.Barrier(16)

    def hit(index: int) -> str:
        if index < 16:  # the first wave starts together
            barrier.wait()
        try:
            return limiter.hit(principal)["X-Hourly-RateLimit-Remaining"]
        except TooManyRequests as refused:
            return "429:" + refused.headers["X-Hourly-RateLimit-Remaining"]

    try:
        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(hit, range(120)))
    finally:
        forget(redis_client, uid)
    admitted = sorted(int(r) for r in results if not r.startswith("429"))
    assert admitted == list(range(50)), "each admitted request saw its own count"
    assert Counter(results)["429:0"] == 70


# --- Redis unavailable ---------------------------------------------------------------------------


def _app_on(network: Network, redis_url: str) -> tuple[TestClient, dict[str, str]]:
    app = create_app(settings_for(network.db.url, redis_url=redis_url), network.db.engine)
    return TestClient(app), {"Authorization": f"Bearer {network.tokens['public']}"}


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, (response.status_code, response.text)
    body = response.json()
    assert list(body) == ["error", "message"] and body["error"] == "Service Unavailable" and body["message"]
    assert all(name in response.headers for name in HEADERS) and response.headers["Retry-After"] == "1"


def test_a_refused_redis_connection_is_503_never_unlimited(network: Network) -> None:
    client, headers = _app_on(network, "redis://127.0.0.1:1/0")
    with client:
        for _ in range(3):
            assert_unavailable(client.get("/v2/cursus", headers=headers))
        assert client.get("/v2/cursus", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_a_redis_that_does_not_answer_is_503_after_a_short_timeout(network: Network) -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections (backlog), never answers
    port = silent.getsockname()[1]
    client, headers = _app_on(network, f"redis://127.0.0.1:{port}/0")
    try:
        with client:
            started = time.monotonic()
            assert_unavailable(client.get("/v2/cursus", headers=headers))
            assert time.monotonic() - started < 4 * REDIS_TIMEOUT + 1
            started = time.monotonic()
            assert_unavailable(client.get("/v2/cursus", headers=headers))
            assert time.monotonic() - started < REDIS_TIMEOUT, (
                "a Redis that just timed out is not waited for again"
            )
    finally:
        silent.close()


def _start_redis(directory: Path, sock: Path) -> subprocess.Popen[bytes]:
    server = shutil.which("redis-server")
    assert server, "redis-server is required by the rate-limit tests (Debian package redis-server)"
    command = [server, "--port", "0", "--unixsocket", str(sock), "--save", "", "--appendonly", "no",
               "--dir", str(directory)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if sock.exists():
            return process
        time.sleep(0.05)
    process.kill()
    process.wait()
    raise AssertionError("the private redis-server did not start")


def test_requests_pass_again_when_redis_comes_back(network: Network, tmp_path: Path) -> None:
    sock = tmp_path / "redis.sock"
    process = _start_redis(tmp_path, sock)
    client, headers = _app_on(network, f"unix://{sock}?db=0")
    try:
        with client:
            assert client.get("/v2/cursus", headers=headers).status_code == 200
            stop(process)
            assert_unavailable(client.get("/v2/cursus", headers=headers))
            process = _start_redis(tmp_path, sock)
            deadline = time.monotonic() + 5
            while (response := client.get("/v2/cursus", headers=headers)).status_code == 503:
                assert time.monotonic() < deadline, "requests still refused after Redis came back"
                time.sleep(0.1)
            assert response.status_code == 200, response.text
    finally:
        stop(process)


# --- two server processes, one Redis ---------------------------------------------------------------


@dataclass
class Servers:
    urls: list[str]
    db_url: str
    engine: Any
    redis: redis.Redis
    uids: list[str] = field(default_factory=list)

    def new_app(self, secondly: int, hourly: int) -> str:
        record = create_app_record(self.engine, settings_for(self.db_url), name="shared", scopes="public",
                                   roles="", redirect_uris=[], rate_secondly=secondly, rate_hourly=hourly,
                                   owner=None)  # fmt: skip
        self.uids.append(record["uid"])
        form = {
            "grant_type": "client_credentials",
            "client_id": record["uid"],
            "client_secret": record["secret"],
        }
        response = httpx.post(f"{self.urls[0]}/oauth/token", data=form, timeout=10)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def burst(self, token: str, count: int) -> tuple[list[httpx.Response], float]:
        """``count`` concurrent requests, alternately to each server: the responses, the burst's duration."""

        async def fire() -> tuple[list[httpx.Response], float]:
            headers = {"Authorization": f"Bearer {token}"}
            limits = httpx.Limits(max_connections=count, max_keepalive_connections=count)
            clients = [
                httpx.AsyncClient(base_url=url, headers=headers, timeout=30, limits=limits)
                for url in self.urls
            ]
            try:
                for client in clients:  # connections open, so that the burst is only the requests
                    await asyncio.gather(*(client.get("/healthz") for _ in range(count // len(clients))))
                started = time.monotonic()
                responses = await asyncio.gather(
                    *(clients[i % len(clients)].get("/v2/cursus") for i in range(count))
                )
                return list(responses), time.monotonic() - started
            finally:
                for client in clients:
                    await client.aclose()

        return asyncio.run(fire())


@pytest.fixture(scope="module")
def servers(
    make_db: Any, redis_client: redis.Redis, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Servers]:
    db = make_db("sqlite" if os.environ.get("OPENINTRA_TEST_SKIP_PG") == "1" else "postgresql")
    cwd = tmp_path_factory.mktemp("servers")
    env = {name: value for name, value in os.environ.items() if not name.startswith("OPENINTRA_")}
    env |= {"OPENINTRA_DATABASE_URL": db.url, "OPENINTRA_SECRET_KEY": "test-secret-key-0123456789",
            "OPENINTRA_REDIS_URL": REDIS_URL, "OPENINTRA_POOL_SIZE": "4"}  # fmt: skip
    state = Servers([], db.url, db.engine, redis_client)
    started: list[subprocess.Popen[bytes]] = []
    try:
        for index in range(2):
            process, url = serve(env, cwd, cwd / f"uvicorn-{index}.log")
            started.append(process)
            state.urls.append(url)
        yield state
    finally:
        for process in started:
            stop(process)
        for uid in state.uids:
            forget(redis_client, uid)


def test_two_servers_on_one_redis_admit_exactly_the_hourly_limit(servers: Servers) -> None:
    token = servers.new_app(1000, 25)
    responses, _ = servers.burst(token, 60)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 25, 429: 35}, statuses
    admitted = [r for r in responses if r.status_code == 200]
    assert sorted(int(r.headers["X-Hourly-RateLimit-Remaining"]) for r in admitted) == list(range(25))
    assert {r.headers["X-Application-Name"] for r in responses} == {"shared"}
    for refused in (r for r in responses if r.status_code == 429):
        assert_too_many(refused)
        assert 1 <= int(refused.headers["Retry-After"]) <= 3600
        assert refused.headers["X-Hourly-RateLimit-Remaining"] == "0"


def test_two_servers_on_one_redis_share_the_secondly_limit(servers: Servers) -> None:
    token = servers.new_app(5, 1000)
    responses, elapsed = servers.burst(token, 20)
    admitted = [r for r in responses if r.status_code == 200]
    refused = [r for r in responses if r.status_code == 429]
    assert len(admitted) + len(refused) == 20, Counter(r.status_code for r in responses)
    # Every admitted request, and only those, cost hourly budget: their counts are 1..n, each once.
    hourly = sorted(int(r.headers["X-Hourly-RateLimit-Remaining"]) for r in admitted)
    assert hourly == list(range(1000 - len(admitted), 1000))
    assert all(r.headers["Retry-After"] == "1" for r in refused)
    if elapsed < 1.0:  # the whole burst fell inside one window of one second (the usual case)
        assert len(admitted) == 5, (elapsed, Counter(r.status_code for r in responses))
    else:  # a slow machine: at most 5 per window
        assert 5 <= len(admitted) <= 5 * (math.ceil(elapsed) + 1)
