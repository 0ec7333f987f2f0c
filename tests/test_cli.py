"""The command line (DESIGN §5): in process with Typer's runner, and as an operator runs it (a process: its
exit code and the lines it prints; ``demo`` as a real server)."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from openintra.cli import _explain, app, run
from openintra.core import jsonenc

runner = CliRunner()
TABLES = (
    "users",
    "campus_users",
    "cursus_users",
    "projects_users",
    "teams",
    "teams_users",
    "scale_teams",
    "locations",
    "coalitions_users",
    "achievements_users",
)


@dataclass
class Ran:
    """What a command did in process: its exit code and what it printed (a failure's line included)."""

    exit_code: int
    output: str
    stdout: str


def invoke(url: str, *args: str, env: dict[str, str] | None = None) -> Ran:
    """``openintra ARGS`` in process; a failure is told as ``main`` tells it (``cli._explain``)."""
    result = runner.invoke(
        app, list(args), env=env or {"OPENINTRA_DATABASE_URL": url, "OPENINTRA_SECRET_KEY": ""}
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        message, code = _explain(result.exception)
        return Ran(code, result.output + message, result.stdout)
    return Ran(result.exit_code, result.output, result.stdout)


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
    result = invoke(
        url,
        "apps",
        "create",
        "tool",
        "--scopes",
        "public,projects",
        "--roles",
        "Advanced tutor",
        "--rate-secondly",
        "7",
        "--json",
    )
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
    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = invoke(url, "serve", env={"OPENINTRA_DATABASE_URL": url, "OPENINTRA_SECRET_KEY": key})
    assert result.exit_code == 2 and "OPENINTRA_SECRET_KEY" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- as an operator runs it: a process, its exit code and what it prints ---------------------------


def cli(cwd: Path, *args: str, timeout: float = 120, **settings: str) -> subprocess.CompletedProcess[str]:
    """``openintra ARGS`` as a process in ``cwd``, with only the given ``OPENINTRA_*`` settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENINTRA_")} | settings
    return subprocess.run(
        [sys.executable, "-m", "openintra", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_told(result: subprocess.CompletedProcess[str], code: int, *says: str) -> str:
    """A failure told as the contract says: exit ``code``, at most three lines on stderr saying
    ``says``, no traceback anywhere."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 3, result.stderr
    for said in says:
        assert said in result.stderr, result.stderr
    return result.stderr


KEY = "a-test-secret-key-0123456789"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql+psycopg://postgres@127.0.0.1:1/openintra", ["cannot connect", "127.0.0.1:1"]),
        (
            "postgresql+psycopg://postgres@host.invalid/openintra",
            ["cannot connect", "OPENINTRA_DATABASE_URL"],
        ),
        ("sqlite:////nonexistent_dir/x.db", ["cannot open the SQLite database", "directory must exist"]),
        ("not a url", ["not a database URL"]),
        ("mysql://root@127.0.0.1/openintra", ["MySQLdb", "postgresql+psycopg://"]),
    ],
)
def test_db_upgrade_on_an_unreachable_database_says_so_in_one_line(
    tmp_path: Path, url: str, says: list[str]
) -> None:
    assert_told(cli(tmp_path, "db", "upgrade", OPENINTRA_DATABASE_URL=url), 1, *says)


def test_db_upgrade_on_a_missing_postgresql_database_says_to_create_it(tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    from tests.conftest import PG_URL

    if os.environ.get("OPENINTRA_TEST_SKIP_PG") == "1":
        pytest.skip("PostgreSQL tests skipped: OPENINTRA_TEST_SKIP_PG=1 was set")
    missing = f"openintra_never_created_{os.getpid()}"
    url = make_url(PG_URL).set(database=missing).render_as_string(hide_password=False)
    told = assert_told(
        cli(tmp_path, "db", "upgrade", OPENINTRA_DATABASE_URL=url), 1, "does not exist", "createdb"
    )
    assert f"createdb -h {make_url(PG_URL).host}" in told and told.rstrip().endswith("'openintra db upgrade'")


@pytest.mark.parametrize(
    ("dialect", "args"),
    [
        ("sqlite", ["seed", "--users", "5"]),
        ("sqlite", ["users", "passwd", "someone", "--password", "a long enough password"]),
        ("sqlite", ["apps", "create", "tool"]),
        ("sqlite", ["serve", "--port", "PORT"]),
        ("postgresql", ["seed", "--users", "5"]),
        ("postgresql", ["users", "passwd", "someone", "--password", "a long enough password"]),
    ],
    ids=[
        "sqlite-seed",
        "sqlite-passwd",
        "sqlite-apps",
        "sqlite-serve",
        "postgresql-seed",
        "postgresql-passwd",
    ],
)
def test_a_command_on_a_database_never_upgraded_says_to_upgrade(
    tmp_path: Path, dialect: str, args: list[str]
) -> None:
    from tests.conftest import _create_database

    url, drop = _create_database(dialect, tmp_path)
    try:
        args = [str(_free_port()) if arg == "PORT" else arg for arg in args]
        told = assert_told(
            cli(tmp_path, *args, OPENINTRA_DATABASE_URL=url, OPENINTRA_SECRET_KEY=KEY),
            1,
            "run 'openintra db upgrade' first",
        )
    finally:
        drop()
    assert "scrypt" not in told and "a long enough password" not in told, "nothing of the password is printed"


@pytest.mark.parametrize(("revision", "says"), [("0013", "needs"), ("ffffffffffff", "newer version")])
def test_a_database_at_another_revision_is_named(tmp_path: Path, revision: str, says: str) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    assert invoke(url, "db", "upgrade").exit_code == 0
    engine = create_engine(url)
    with engine.begin() as conn:
        known = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        if revision == "0013":
            from alembic.script import ScriptDirectory

            from openintra.db.migrations import alembic_config

            revision = ScriptDirectory.from_config(alembic_config(url)).get_revision(known).down_revision
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
    engine.dispose()
    assert_told(cli(tmp_path, "seed", "--users", "5", OPENINTRA_DATABASE_URL=url), 1, says, str(revision))


@pytest.mark.parametrize("key", ["", "short"])
def test_serve_without_a_secret_key_says_how_to_make_one(tmp_path: Path, key: str) -> None:
    told = assert_told(cli(tmp_path, "serve", OPENINTRA_SECRET_KEY=key), 2, "OPENINTRA_SECRET_KEY")
    assert "pydantic" not in told
    if not key:
        assert "secrets.token_hex(32)" in told


def test_serve_with_workers_but_no_redis_refuses_to_start(tmp_path: Path) -> None:
    """More than one worker counts rate limits per worker unless they share Redis: refused."""
    assert_told(cli(tmp_path, "serve", "--workers", "3", OPENINTRA_SECRET_KEY=KEY), 2, "OPENINTRA_REDIS_URL")


def test_serve_and_demo_on_a_busy_port_say_so_before_touching_anything(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    assert invoke(url, "db", "upgrade").exit_code == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        assert_told(
            cli(tmp_path, "serve", "--port", port, OPENINTRA_DATABASE_URL=url, OPENINTRA_SECRET_KEY=KEY),
            1,
            f"127.0.0.1:{port}",
            "--port",
        )
        demo_dir = tmp_path / "demo"
        demo_dir.mkdir()
        assert_told(cli(demo_dir, "demo", "--port", port), 1, f"127.0.0.1:{port}", "--port")
    assert list(demo_dir.iterdir()) == [], "the demo created nothing (no database, no app)"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["seed", "--users", "many"], "'--users'"),
        (["seed", "--anchor", "tomorrow"], "--anchor"),
        (["serve", "--port", "70000"], "'--port'"),
        (["demo", "--users", "0"], "'--users'"),
        (["frobnicate"], "No such command"),
        (["apps", "create"], "'name'"),
    ],
)
def test_a_bad_option_is_one_line_with_exit_code_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    says: str,
) -> None:
    """In process through ``cli.run`` (what ``main`` runs); one of them as a process too."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENINTRA_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert run(args) == 2
    told = capsys.readouterr().err
    assert len(told.strip().splitlines()) == 1 and says in told and "Traceback" not in told, told
    if args == ["seed", "--users", "many"]:
        assert_told(cli(tmp_path, *args), 2, says)


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'never.db'}"
    result = cli(tmp_path, "--debug", "seed", "--users", "5", OPENINTRA_DATABASE_URL=url)
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_version_help_and_a_bare_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openintra import __version__

    version = cli(tmp_path, "--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"openintra {__version__}")
    bare = cli(tmp_path)
    assert bare.returncode == 0 and bare.stdout.startswith("Usage: openintra") and not bare.stderr
    assert "demo" in bare.stdout and "--debug" in bare.stdout and "--version" in bare.stdout
    for args in (["-h"], ["--help"], ["apps"], ["db", "-h"], ["users", "passwd", "-h"]):
        assert run(args) == 0, args
        assert capsys.readouterr().out.startswith("Usage: openintra"), args


# --- the demo ---------------------------------------------------------------------------------------


class Demo:
    """``openintra demo`` as a process in a directory, and what it printed."""

    def __init__(self, cwd: Path, port: int, users: int = 300) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENINTRA_")}
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "openintra", "demo", "--port", str(port), "--users", str(users)],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        self.printed = ""
        deadline = time.monotonic() + 300
        while "sign in as" not in self.printed and time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.printed += line
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert self.process.poll() is None and time.monotonic() < deadline, self.printed
            time.sleep(0.1)

    def printed_value(self, pattern: str) -> str:
        found = re.search(pattern, self.printed)
        assert found, self.printed
        return found[1]

    def token(self, uid: str, secret: str) -> str:
        answer = httpx.post(
            f"{self.base}/oauth/token",
            data={"grant_type": "client_credentials", "client_id": uid, "client_secret": secret},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["access_token"])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        if self.process.stdout is not None:
            self.process.stdout.close()


HEX = "([0-9a-f]{64})"


def test_demo_serves_a_seeded_network_with_a_printed_app(tmp_path: Path) -> None:
    """The README's first command, end to end: demo → printed credentials → token → 100 students."""
    demo = Demo(tmp_path, _free_port())
    try:
        uid, secret = demo.printed_value(rf"app uid:\s+{HEX}"), demo.printed_value(rf"app secret:\s+{HEX}")
        token = demo.token(uid, secret)
        staff_token = demo.token(
            demo.printed_value(rf"staff uid:\s+{HEX}"), demo.printed_value(rf"staff secret:\s+{HEX}")
        )
        with httpx.Client(base_url=demo.base, timeout=30) as client:
            response = client.get(
                "/v2/users?per_page=100&sort=-login&filter[kind]=student",
                headers={"Authorization": f"Bearer {token}"},
            )
            refused = client.post(
                "/v2/titles", json={"title": {"name": "demo"}}, headers={"Authorization": f"Bearer {token}"}
            )
            written = client.post(
                "/v2/titles",
                json={"title": {"name": "demo"}},
                headers={"Authorization": f"Bearer {staff_token}"},
            )
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
        demo.stop()


def test_demo_runs_again_with_the_same_apps_and_an_authorization_code_page(tmp_path: Path) -> None:
    """A second ``openintra demo`` on the same directory reuses its two apps (same uid, a new secret,
    the old one refused) and adds none; the printed authorization-code lines work end to end: set a
    password, sign in, allow, and the redirect URI's page gives the ``curl`` that gets the tokens."""
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    from tests.auth.oauth_flow import approve, sign_in

    first = Demo(tmp_path, _free_port(), users=40)
    first.stop()
    port = _free_port()
    again = Demo(tmp_path, port, users=40)  # the port may change between runs: the redirect URI follows
    try:
        for name in ("app", "staff"):
            assert again.printed_value(rf"{name} uid:\s+{HEX}") == first.printed_value(
                rf"{name} uid:\s+{HEX}"
            )
            assert again.printed_value(rf"{name} secret:\s+{HEX}") != first.printed_value(
                rf"{name} secret:\s+{HEX}"
            )
        uid, secret = again.printed_value(rf"app uid:\s+{HEX}"), again.printed_value(rf"app secret:\s+{HEX}")
        refused = httpx.post(
            f"{again.base}/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": uid,
                "client_secret": first.printed_value(rf"app secret:\s+{HEX}"),
            },
        )
        assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
        engine = create_engine(f"sqlite:///{tmp_path / 'openintra.db'}")
        with engine.connect() as conn:
            names = [
                row[0] for row in conn.execute(text("SELECT name FROM oauth_apps WHERE owner_id IS NULL"))
            ]
        engine.dispose()
        assert sorted(name for name in names if name.startswith("demo")) == ["demo", "demo staff"]

        # the "In a shell" lines, run as printed, give both tokens and a page of users
        shell = again.printed.split("In a shell:\n", 1)[1].split("\n\n", 1)[0]
        done = subprocess.run(
            ["bash", "-c", f'{shell}\necho\necho "TOKENS $TOKEN $STAFF_TOKEN"'],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        tokens = re.search(r"^TOKENS ([0-9a-f]{64}) ([0-9a-f]{64})$", done.stdout, re.M)
        assert tokens and '"login"' in done.stdout, (done.stdout, done.stderr)

        callback = f"{again.base}/callback"
        assert f"redirect URI {callback}" in again.printed
        passwd = again.printed_value(r"\n\s+(\S+ users passwd \S+) --password")
        login = passwd.rsplit(" ", 1)[1]
        set_password = cli(tmp_path, "users", "passwd", login, "--password", "a demo password")
        assert set_password.returncode == 0, set_password.stderr
        authorize = again.printed_value(r"then open (\S+)")
        params = {key: values[0] for key, values in parse_qs(urlsplit(authorize).query).items()}
        assert params["client_id"] == uid and params["redirect_uri"] == callback
        with httpx.Client(base_url=again.base, timeout=30) as browser:
            assert sign_in(browser, login, "a demo password").status_code in (302, 303)
            back = approve(browser, params)
            assert back.status_code == 302 and back.headers["location"].startswith(callback + "?")
            page = browser.get(back.headers["location"])
        assert page.status_code == 200
        code = parse_qs(urlsplit(back.headers["location"]).query)["code"][0]
        shown = re.search(r"<pre id='exchange'>(.*?)</pre>", page.text, re.S)
        assert shown and code in page.text, page.text
        exchange = unescape(shown[1])
        done = subprocess.run(
            ["bash", "-c", exchange],
            env=os.environ | {"SECRET": secret},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        tokens = jsonenc.loads(done.stdout)
        assert re.fullmatch("[0-9a-f]{64}", tokens["access_token"]) and tokens["refresh_token"], done.stdout
        denied = httpx.get(callback, params={"error": "access_denied", "state": "demo"})
        assert denied.status_code == 200 and "access_denied" in denied.text
    finally:
        again.stop()


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


@pytest.mark.parametrize(
    ("login", "password", "message"),
    [("nobody-here", "a long enough password", "no user"), (None, "short", "8 to 1024")],
)
def test_users_passwd_rejects_unknown_users_and_short_passwords(
    tmp_path: Path, login: str | None, password: str, message: str
) -> None:
    url = seeded(tmp_path, "passwd-bad.db", 1)
    if login is None:
        engine = create_engine(url)
        with engine.connect() as conn:
            login = conn.execute(text("SELECT login FROM users ORDER BY id LIMIT 1")).scalar_one()
        engine.dispose()
    result = invoke(url, "users", "passwd", str(login), "--password", password)
    assert result.exit_code == 2 and message in result.output
