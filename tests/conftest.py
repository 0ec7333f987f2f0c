"""Test fixtures: a seeded network on SQLite and on PostgreSQL, the app, apps and tokens.

Every database-backed test runs on both dialects (``db`` is parametrized). PostgreSQL is
required: set ``OPENINTRA_TEST_PG_URL`` to point elsewhere than the local server; only an explicit
``OPENINTRA_TEST_SKIP_PG=1`` skips it, and the skip says so.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from starlette.testclient import TestClient

from openintra.app import create_app
from openintra.auth.apps import create_app_record
from openintra.auth.roles import ROLE_NAMES
from openintra.core.principal import SCOPES
from openintra.db.migrations import upgrade
from openintra.db.session import make_engine
from openintra.demo.factories import build_network
from openintra.settings import Settings

PG_URL = os.environ.get("OPENINTRA_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
ANCHOR = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
SEED_USERS = 150
DIALECTS = ["sqlite", "postgresql"]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@dataclass
class Db:
    """A migrated database of one dialect (an empty one, or seeded by `Network`)."""

    dialect: str
    url: str
    engine: Engine
    statements: list[str] = field(default_factory=list)


def _create_database(kind: str, tmp: Path) -> tuple[str, Any]:
    if kind == "sqlite":
        path = tmp / f"openintra-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", lambda: None
    if os.environ.get("OPENINTRA_TEST_SKIP_PG") == "1":
        pytest.skip("PostgreSQL tests skipped: OPENINTRA_TEST_SKIP_PG=1 was set")
    name = f"openintra_test_{_worker()}_{uuid.uuid4().hex[:8]}"
    # No pool: an admin connection is used twice per database (create, drop); a pool would hold one
    # open per database for the whole session and exhaust the server when suites run side by side.
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(scope="session")
def make_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A factory of fresh migrated databases; all dropped at the end of the session."""
    drops: list[Any] = []
    engines: list[Engine] = []

    def make(kind: str) -> Db:
        url, drop = _create_database(kind, tmp_path_factory.mktemp(kind))
        drops.append(drop)
        upgrade(url)
        engine = make_engine(url, pool_size=4)
        engines.append(engine)
        db = Db(kind, url, engine)
        event.listen(engine, "before_cursor_execute", lambda *args: db.statements.append(args[2]))
        return db

    yield make
    for engine in engines:
        engine.dispose()
    for drop in drops:
        drop()


@dataclass
class Network:
    """A seeded database, its app and ready tokens."""

    db: Db
    client: TestClient
    tokens: dict[str, str]
    apps: dict[str, dict[str, Any]]

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def get(self, path: str, token: str = "public", **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[token]}"} if token else {}
        return self.client.get(path, params=params or None, headers=headers)

    def count_statements(self, path: str, token: str = "public", **params: Any) -> tuple[int, Any]:
        self.db.statements.clear()
        response = self.get(path, token, **params)
        return len(self.db.statements), response

    def sql(self, statement: str, **params: Any) -> list[Any]:
        with self.db.engine.connect() as conn:
            return list(conn.execute(text(statement), params).all())


def settings_for(url: str, **overrides: Any) -> Settings:
    return Settings(database_url=url, secret_key="test-secret-key-0123456789", **overrides)


def issue_token(client: TestClient, app: dict[str, Any]) -> str:
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": app["uid"], "client_secret": app["secret"]},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def make_network(db: Db, users: int = SEED_USERS) -> Iterator[Network]:
    """Seed ``db`` with ``users`` users, build the app, the test apps and their tokens."""
    with db.engine.begin() as conn:
        build_network(conn, users=users, seed=7, anchor=ANCHOR, projects_per_user=6)
    settings = settings_for(db.url)
    app = create_app(settings, db.engine)
    apps = {
        "public": create_app_record(db.engine, settings, name="public", scopes="public,projects", roles="",
                                    redirect_uris=[], rate_secondly=100_000, rate_hourly=10_000_000, owner=None),
        "tutor": create_app_record(db.engine, settings, name="tutor", scopes="public", roles="Advanced tutor",
                                   redirect_uris=[], rate_secondly=100_000, rate_hourly=10_000_000, owner=None),
        # Every role and scope: the reads that need a role other than Advanced tutor, or a scope.
        "staff": create_app_record(db.engine, settings, name="staff", scopes=",".join(SCOPES),
                                   roles=",".join(ROLE_NAMES), redirect_uris=[], rate_secondly=100_000,
                                   rate_hourly=10_000_000, owner=None),
    }  # fmt: skip
    with TestClient(app) as client:
        tokens = {name: issue_token(client, record) for name, record in apps.items() if name != "staff"}
        network = Network(db, client, tokens, apps)
        tokens["staff"] = insert_token(network, "staff", scopes=" ".join(SCOPES))
        first_user = network.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]
        tokens["owner"] = insert_token(network, user_id=first_user, scopes=" ".join(SCOPES))  # owner routes
        yield network


@pytest.fixture(scope="session", params=DIALECTS)
def network(request: pytest.FixtureRequest, make_db: Any) -> Iterator[Network]:
    """A seeded network (``SEED_USERS`` users), on each dialect in turn; tests only read it."""
    yield from make_network(make_db(request.param))


@pytest.fixture(scope="session", params=DIALECTS)
def writable(request: pytest.FixtureRequest, make_db: Any) -> Iterator[Network]:
    """A seeded network of its own that the write tests change (``network`` stays as seeded)."""
    yield from make_network(make_db(request.param), users=60)


@pytest.fixture(scope="session")
def writable_server(writable: Network, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real uvicorn process (tests/servers.py) serving the ``writable`` network's database, for
    concurrency through the whole HTTP stack; ``writable.tokens`` are valid there too."""
    from tests.servers import Server, server_env

    server = Server(server_env(writable.db.url, OPENINTRA_POOL_SIZE="8"), tmp_path_factory.mktemp("server"))
    server.start()
    yield server
    server.stop()


def insert_token(
    network: Network, app: str = "public", *, user_id: int | None = None, ttl: int = 3600, revoked: bool = False,
    scopes: str = "public projects",
) -> str:  # fmt: skip
    """A token written straight to the database (user tokens come with the OAuth issue's grants)."""
    from openintra.auth.tokens import digest, new_secret
    from openintra.core.clock import utc_now
    from openintra.models.platform import AccessToken

    value = new_secret()
    now = utc_now()
    with network.db.engine.begin() as conn:
        conn.execute(
            AccessToken.__table__.insert().values(
                digest=digest(value),
                app_id=network.apps[app]["id"],
                user_id=user_id,
                scopes=scopes,
                created_at=now,
                expires_at=now + dt.timedelta(seconds=ttl),
                revoked_at=now if revoked else None,
            )  # fmt: skip
        )
    return value


@dataclass
class LiveServer:
    """The network's app served by a real uvicorn on a loopback port (for real HTTP clients)."""

    url: str
    network: Network


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live(network: Network) -> Iterator[LiveServer]:
    import threading
    import time

    import uvicorn

    port = _free_port()
    config = uvicorn.Config(
        network.client.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.02)
    yield LiveServer(f"http://127.0.0.1:{port}", network)
    server.should_exit = True
    thread.join(timeout=10)
