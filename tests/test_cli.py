"""The command line (DESIGN §5), in process with Typer's runner and, for ``demo``, as a real server."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from openintra.cli import app
from openintra.core import jsonenc

runner = CliRunner()
TABLES = ("users", "campus_users", "cursus_users", "projects_users", "teams", "teams_users", "scale_teams",
          "locations", "coalitions_users", "achievements_users")  # fmt: skip


def invoke(url: str, *args: str) -> Any:
    return runner.invoke(app, list(args), env={"OPENINTRA_DATABASE_URL": url, "OPENINTRA_SECRET_KEY": ""})


def fingerprint(url: str) -> str:
    engine = create_engine(url)
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in TABLES:
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY id")):
                digest.update(repr(tuple(row)).encode())
    engine.dispose()
    return digest.hexdigest()


def seeded(tmp_path: Path, name: str, seed: int) -> str:
    url = f"sqlite:///{tmp_path / name}"
    assert invoke(url, "db", "upgrade").exit_code == 0
    result = invoke(url, "seed", "--users", "40", "--seed", str(seed), "--anchor", "2026-11-01")
    assert result.exit_code == 0, result.output
    return url


def test_same_seed_gives_the_same_network_and_another_seed_another(tmp_path: Path) -> None:
    first, again, other = (seeded(tmp_path, f"{n}.db", s) for n, s in (("a", 3), ("b", 3), ("c", 4)))
    assert fingerprint(first) == fingerprint(again)
    assert fingerprint(first) != fingerprint(other)


def test_seed_refuses_a_database_that_holds_users(tmp_path: Path) -> None:
    url = seeded(tmp_path, "full.db", 1)
    result = invoke(url, "seed", "--users", "5")
    assert result.exit_code == 1 and "empty database" in result.output


@pytest.mark.parametrize("args", [["--users", "0"], ["--users", "many"], ["--anchor", "tomorrow"]])
def test_seed_rejects_bad_options(tmp_path: Path, args: list[str]) -> None:
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    invoke(url, "db", "upgrade")
    result = invoke(url, "seed", *args)
    assert result.exit_code == 2, result.output


def test_apps_create_prints_json_with_a_usable_secret(tmp_path: Path) -> None:
    url = seeded(tmp_path, "apps.db", 1)
    result = invoke(url, "apps", "create", "tool", "--scopes", "public,projects", "--roles", "Advanced tutor",
                    "--rate-secondly", "7", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    created = jsonenc.loads(result.stdout)
    assert list(created) == ["id", "uid", "secret", "scopes", "roles"]
    assert created["scopes"] == ["public", "projects"] and created["roles"] == ["Advanced tutor"]
    assert re.fullmatch(r"[0-9a-f]{64}", created["uid"]) and re.fullmatch(r"[0-9a-f]{64}", created["secret"])
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = (
            conn.execute(text("SELECT * FROM oauth_apps WHERE uid = :u"), {"u": created["uid"]})
            .mappings()
            .one()
        )
    engine.dispose()
    assert created["secret"] not in {str(value) for value in stored.values()}, "only a digest is stored"
    assert stored["rate_limit_secondly"] == 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scopes", "public,admin"], "unknown scopes"),
        (["--owner", "nobody"], "no user"),
        (["--rate-hourly", "0"], ""),
        (["--roles", "Advanced tutor,Wizard"], "unknown roles"),
        (["--redirect-uri", "ftp://x.example/cb"], "http"),
        (["--redirect-uri", "https://u:p@x.example/cb"], "user name"),
    ],
)
def test_apps_create_rejects_bad_options(tmp_path: Path, args: list[str], message: str) -> None:
    url = seeded(tmp_path, "badapps.db", 1)
    result = invoke(url, "apps", "create", "tool", *args)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize("key", ["", "   ", "short-key"])
def test_serve_refuses_to_start_without_a_real_secret_key(tmp_path: Path, key: str) -> None:
    result = runner.invoke(app, ["serve"], env={"OPENINTRA_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
                                                "OPENINTRA_SECRET_KEY": key})  # fmt: skip
    assert result.exit_code == 2 and "OPENINTRA_SECRET_KEY" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_demo_serves_a_seeded_network_with_a_printed_app(tmp_path: Path) -> None:
    """The README's first command, end to end: demo → printed credentials → token → 100 students."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENINTRA_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "openintra", "demo", "--port", str(port), "--users", "300"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        printed = ""
        deadline = time.monotonic() + 120
        while "curl -s -H" not in printed and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            printed += line
        uid = re.search(r"app uid:\s+([0-9a-f]{64})", printed)
        secret = re.search(r"app secret:\s+([0-9a-f]{64})", printed)
        assert uid and secret, printed
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(100):
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            token = client.post("/oauth/token", data={"grant_type": "client_credentials", "client_id": uid[1],
                                                      "client_secret": secret[1]}).json()["access_token"]  # fmt: skip
            response = client.get("/v2/users?per_page=100&sort=-login&filter[kind]=student",
                                  headers={"Authorization": f"Bearer {token}"})  # fmt: skip
            staff = re.search(
                r"staff app \(every role, for writes\): uid ([0-9a-f]{64}) secret ([0-9a-f]{64})", printed
            )
            assert staff, printed
            staff_token = client.post("/oauth/token", data={"grant_type": "client_credentials", "client_id": staff[1],
                                                            "client_secret": staff[2]}).json()["access_token"]  # fmt: skip
            refused = client.post("/v2/titles", json={"title": {"name": "demo"}},
                                  headers={"Authorization": f"Bearer {token}"})  # fmt: skip
            written = client.post("/v2/titles", json={"title": {"name": "demo"}},
                                  headers={"Authorization": f"Bearer {staff_token}"})  # fmt: skip
        assert (refused.status_code, written.status_code) == (403, 201), (refused.text, written.text)
        assert response.status_code == 200
        logins = [user["login"] for user in response.json()]
        assert len(logins) == 100 and logins == sorted(logins, reverse=True)
        assert {user["kind"] for user in response.json()} == {"student"}
        assert response.headers["X-Page"] == "1" and response.headers["X-Per-Page"] == "100"
        total = int(response.headers["X-Total"])
        assert 100 < total <= 300
        assert f'page={-(-total // 100)}>; rel="last"' in response.headers["Link"]
        assert (tmp_path / "openintra.db").exists(), "the demo's default database is ./openintra.db"
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stdout is not None:
            server.stdout.close()


def test_users_passwd_sets_a_password_that_signs_in(tmp_path: Path) -> None:
    from openintra.auth.passwords import verify_password

    url = seeded(tmp_path, "passwd.db", 1)
    engine = create_engine(url)
    with engine.connect() as conn:
        login = conn.execute(text("SELECT login FROM users ORDER BY id LIMIT 1")).scalar_one()
    result = invoke(url, "users", "passwd", login, "--password", "a long enough password")
    assert result.exit_code == 0, result.output
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT encrypted_password FROM users WHERE login = :l"), {"l": login}
        ).scalar_one()
    engine.dispose()
    assert stored.startswith("scrypt$") and "a long enough password" not in stored
    assert verify_password("a long enough password", stored) and not verify_password(
        "another password", stored
    )


@pytest.mark.parametrize(("login", "password", "message"), [("nobody-here", "a long enough password", "no user"),
                                                            (None, "short", "8 to 1024")])  # fmt: skip
def test_users_passwd_rejects_unknown_users_and_short_passwords(tmp_path: Path, login: str | None, password: str,
                                                                message: str) -> None:  # fmt: skip
    url = seeded(tmp_path, "passwd-bad.db", 1)
    if login is None:
        engine = create_engine(url)
        with engine.connect() as conn:
            login = conn.execute(text("SELECT login FROM users ORDER BY id LIMIT 1")).scalar_one()
        engine.dispose()
    result = invoke(url, "users", "passwd", str(login), "--password", password)
    assert result.exit_code == 2 and message in result.output
