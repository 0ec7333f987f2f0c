"""cli: the ``openintra`` command (DESIGN §5 — a contract that tests and docs rely on).

Expected failures (a database that is unreachable, missing or not upgraded, a busy port, bad
settings, a bad option) are one line on stderr that says what is wrong and what to do, and a
non-zero exit; a traceback only with ``--debug``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from openintra import __version__
from openintra.core import jsonenc
from openintra.settings import Settings

HELP = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    help="openintra: a self-hostable 42 Intra API v2.", no_args_is_help=True, add_completion=False,
    context_settings=HELP, pretty_exceptions_enable=False, rich_markup_mode=None,
)  # fmt: skip
db_app = typer.Typer(help="Database schema.", no_args_is_help=True, context_settings=HELP)
apps_app = typer.Typer(help="OAuth applications.", no_args_is_help=True, context_settings=HELP)
users_app = typer.Typer(help="Users' web login.", no_args_is_help=True, context_settings=HELP)
app.add_typer(db_app, name="db")
app.add_typer(apps_app, name="apps")
app.add_typer(users_app, name="users")
console = Console(stderr=True, soft_wrap=True)
_debug = False
"""``--debug``: expected failures are raised with their traceback instead of told in one line."""
_database_url = "sqlite:///./openintra.db"
"""The database URL of the settings read last (named in failures, without its password)."""
NEW_SECRET_KEY = "export OPENINTRA_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"


class Failure(Exception):
    """An expected failure: one line for the operator (what is wrong, what to do) and an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def fail(message: str, code: int = 1) -> NoReturn:
    raise Failure(message, code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"openintra {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of a failure.")] = False,
) -> None:
    """openintra: a self-hostable 42 Intra API v2."""
    global _debug
    _debug = debug


def _settings(demo: bool = False) -> Settings:
    from pydantic import ValidationError

    global _database_url
    try:
        settings = Settings(demo=demo or os.environ.get("OPENINTRA_DEMO", "").lower() in ("1", "true"))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = str(error["msg"]).removeprefix("Value error, ")
            field = ".".join(str(part) for part in error["loc"])
            problems.append(f"OPENINTRA_{field.upper()}: {message}" if field else message)
        hint = f" (make one: {NEW_SECRET_KEY})" if any("SECRET_KEY" in p for p in problems) else ""
        fail(f"invalid settings: {'; '.join(problems)}{hint}", 2)
    _database_url = settings.database_url
    return settings


def _engine(settings: Settings) -> Engine:
    from openintra.db.session import make_engine

    return make_engine(settings.database_url, pool_size=2)


def _shown_url(url: str) -> str:
    """The database URL without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "OPENINTRA_DATABASE_URL"


def _require_schema(engine: Engine) -> None:
    """Fail unless the database's schema is this version's (``db upgrade`` was run)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from openintra.db.migrations import alembic_config

    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    heads = set(script.get_heads())
    shown = _shown_url(str(engine.url))
    if not current:
        fail(f"the database {shown} has no openintra schema: run 'openintra db upgrade' first")
    if current != heads:
        known = {revision.revision for revision in script.walk_revisions()}
        if current - known:
            fail(f"the database {shown} is at revision {', '.join(sorted(current))}, which this openintra "
                 f"({__version__}) does not know: it was upgraded by a newer version")  # fmt: skip
        fail(f"the database {shown} is at revision {', '.join(sorted(current))}, this openintra needs "
             f"{', '.join(sorted(heads))}: run 'openintra db upgrade'")  # fmt: skip


def _require_free_port(host: str, port: int) -> None:
    """Fail when ``host:port`` cannot be listened on (before anything else is done)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}; check --host")
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc} (another server uses the port?); "
                 "stop it or choose another --port")  # fmt: skip


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Create or migrate the schema at OPENINTRA_DATABASE_URL."""
    from openintra.db.migrations import upgrade

    settings = _settings(demo=True)
    upgrade(settings.database_url, revision)
    console.print(f"schema at {revision}")


@app.command()
def seed(
    users: Annotated[int, typer.Option(min=1, max=1_000_000, help="Number of users.")] = 5000,
    seed_value: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same data.")] = 42,
    projects_per_user: Annotated[int, typer.Option(min=1, max=50, help="Projects per user (about).")] = 10,
    anchor: Annotated[
        str | None, typer.Option(help="The network's 'today' (YYYY-MM-DD); default today.")
    ] = None,
) -> None:
    """Fill an empty database with a synthetic 42 network."""
    from openintra.demo.factories import build_network, is_empty

    settings = _settings(demo=True)
    anchor_at = None
    if anchor is not None:
        try:
            anchor_at = dt.datetime.fromisoformat(anchor).replace(tzinfo=dt.UTC)
        except ValueError:
            fail(f"--anchor must be YYYY-MM-DD, got {anchor!r}", 2)
    engine = _engine(settings)
    _require_schema(engine)
    with engine.begin() as conn:
        if not is_empty(conn):
            fail("the database already holds users: seed fills an empty database")
        columns = [
            TextColumn("seeding"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("users"),
            TimeElapsedColumn(),
        ]
        with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
            task = progress.add_task("users", total=users)
            build_network(
                conn, users=users, seed=seed_value, anchor=anchor_at, projects_per_user=projects_per_user,
                progress=lambda n: progress.advance(task, n),
            )  # fmt: skip
    console.print(f"seeded {users} users (seed {seed_value})")


@apps_app.command("create")
def apps_create(
    name: str,
    scopes: Annotated[str, typer.Option(help="Comma-separated scopes the app may request.")] = "public",
    roles: Annotated[str, typer.Option(help="Comma-separated role names.")] = "",
    redirect_uri: Annotated[
        list[str] | None, typer.Option(help="A registered redirect URI (repeatable).")
    ] = None,
    rate_secondly: Annotated[int, typer.Option(min=1)] = 2,
    rate_hourly: Annotated[int, typer.Option(min=1)] = 1200,
    owner: Annotated[str | None, typer.Option(help="Login of the owning user.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Register an application and print its uid and secret (shown once)."""
    from openintra.auth.apps import AppError, create_app_record

    settings = _settings(demo=True)
    engine = _engine(settings)
    _require_schema(engine)
    try:
        created = create_app_record(
            engine, settings, name=name, scopes=scopes, roles=roles, redirect_uris=redirect_uri or [],
            rate_secondly=rate_secondly, rate_hourly=rate_hourly, owner=owner,
        )  # fmt: skip
    except AppError as exc:
        fail(str(exc), 2)
    if as_json:
        typer.echo(jsonenc.dumps(created).decode())
    else:
        typer.echo(
            f"uid:    {created['uid']}\nsecret: {created['secret']}\nscopes: {' '.join(created['scopes'])}"
        )


@users_app.command("passwd")
def users_passwd(
    login: str,
    password: Annotated[str | None, typer.Option(help="The new password (asked for when omitted).")] = None,
) -> None:
    """Set a user's web-login password (for /login and the OAuth consent page)."""
    from sqlalchemy import update

    from openintra.auth.passwords import PasswordError, hash_password
    from openintra.models.users import User

    settings = _settings(demo=True)
    engine = _engine(settings)
    _require_schema(engine)
    if password is None:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        hashed = hash_password(password)
    except PasswordError as exc:
        fail(str(exc), 2)
    with engine.begin() as conn:
        changed = conn.execute(
            update(User).where(User.login == login).values(encrypted_password=hashed)
        ).rowcount
    if not changed:
        fail(f"no user with login {login!r}", 2)
    console.print(f"password set for {login}")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8042,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
) -> None:
    """Serve the API with uvicorn."""
    from openintra.settings import workers_problem

    settings = _settings()
    problem = workers_problem(settings, workers)
    if problem:
        fail(problem, 2)
    _require_free_port(host, port)
    engine = _engine(settings)
    _require_schema(engine)
    engine.dispose()
    _run_server(host, port, workers)


def _run_server(host: str, port: int, workers: int, app_object: Any = None) -> None:
    import uvicorn

    uvicorn.run(
        app_object or "openintra.app:app_from_env", factory=app_object is None, host=host, port=port,
        workers=workers, loop="uvloop", http="httptools", access_log=False, log_level="warning",
    )  # fmt: skip


def _program() -> str:
    """How this command was started, for the command lines the demo prints."""
    return sys.argv[0] if os.path.basename(sys.argv[0]) == "openintra" else "openintra"


@app.command()
def demo(
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8042,
    users: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="Users seeded into an empty database.")
    ] = 2000,
) -> None:
    """Upgrade + seed if empty + the demo apps (reused, printed) + serve, on SQLite by default."""
    from sqlalchemy import select

    from openintra.app import create_app
    from openintra.db.migrations import upgrade
    from openintra.demo.factories import build_network, is_empty
    from openintra.demo.oauth import CALLBACK_PATH, authorize_url, callback_route, ensure_apps
    from openintra.models.users import User

    os.environ["OPENINTRA_DEMO"] = "1"
    settings = _settings(demo=True)
    host = "127.0.0.1"
    _require_free_port(host, port)  # before anything is written
    upgrade(settings.database_url)
    engine = _engine(settings)
    with engine.begin() as conn:
        if is_empty(conn):
            console.print(f"seeding a synthetic network of {users} users…")
            build_network(conn, users=users)
        login = conn.execute(select(User.login).order_by(User.id).limit(1)).scalar_one()
    base = f"http://{host}:{port}"
    ordinary, staff = ensure_apps(engine, settings, base)
    engine.dispose()
    program = _program()
    token = (
        "curl -s -X POST {base}/oauth/token -d grant_type=client_credentials -d client_id=${uid} "
        "-d client_secret=${secret} | python3 -c "
        "'import sys, json; print(json.load(sys.stdin)[\"access_token\"])'"
    )
    typer.echo(
        f"\nopenintra demo on {base} (database {_shown_url(settings.database_url)})\n\n"
        f'  app "demo" ({"new" if ordinary.created else "the same uid as before, a new secret"}):\n'
        f"    app uid:    {ordinary.uid}\n    app secret: {ordinary.secret}\n"
        f'  staff app "demo staff" (every role, for writes; '
        f"{'new' if staff.created else 'the same uid as before, a new secret'}):\n"
        f"    staff uid:    {staff.uid}\n    staff secret: {staff.secret}\n\n"
        f"  In a shell:\n"
        f"    UID_={ordinary.uid}; SECRET={ordinary.secret}\n"
        f"    STAFF_UID={staff.uid}; STAFF_SECRET={staff.secret}\n"
        f"    TOKEN=$({token.format(base=base, uid='UID_', secret='SECRET')})\n"
        f"    STAFF_TOKEN=$({token.format(base=base, uid='STAFF_UID', secret='STAFF_SECRET')})\n"
        f"    curl -s -H \"Authorization: Bearer $TOKEN\" '{base}/v2/users?per_page=5&sort=-login'\n\n"
        f"  The authorization-code flow (redirect URI {base}{CALLBACK_PATH}):\n"
        f"    {program} users passwd {login} --password 'choose a password'   (in this directory)\n"
        f"    then open {authorize_url(base, ordinary.uid)}\n"
        f"    sign in as {login}, allow, and the redirect URI's page shows the code and the curl that "
        f"exchanges it\n"
    )
    served = create_app(settings)
    served.router.routes.append(callback_route(base, ordinary.uid))
    _run_server(host, port, 1, served)


def _database_problem(exc: BaseException) -> str | None:
    """One line for a database failure the operator can fix, or None."""
    from sqlalchemy import exc as sa

    if isinstance(exc, sa.NoSuchModuleError | sa.ArgumentError):
        return ("OPENINTRA_DATABASE_URL is not a database URL openintra can use: give "
                "sqlite:///path/to/file.db or postgresql+psycopg://user@host/dbname")  # fmt: skip
    if isinstance(exc, ModuleNotFoundError) and exc.name in ("MySQLdb", "pymysql", "psycopg2", "cx_Oracle"):
        return (f"OPENINTRA_DATABASE_URL needs the driver {exc.name}, which openintra does not use: give "
                "sqlite:///path/to/file.db or postgresql+psycopg://user@host/dbname")  # fmt: skip
    if not isinstance(exc, sa.DBAPIError):
        return None
    url = _shown_url(_database_url)
    detail = " ".join(str(exc.orig).split())  # the driver's message, never the statement nor its parameters
    if re.search(
        r"no such table|UndefinedTable|relation \S+ does not exist", f"{type(exc.orig).__name__} {detail}"
    ):
        return f"the database {url} has no openintra schema (or an old one): run 'openintra db upgrade' first"
    missing = re.search(r'database "([^"]+)" does not exist', detail)
    if missing:
        from sqlalchemy.engine import make_url

        target = make_url(_database_url)
        flags = (("-h", target.host), ("-p", target.port), ("-U", target.username))
        options = "".join(f" {flag} {value}" for flag, value in flags if value)
        return (f"the PostgreSQL database {missing[1]!r} does not exist: create it first "
                f"(createdb{options} {missing[1]}), then run 'openintra db upgrade'")  # fmt: skip
    if "unable to open database file" in detail:
        return (f"cannot open the SQLite database {url}: its directory must exist and be writable; "
                "check OPENINTRA_DATABASE_URL")  # fmt: skip
    if isinstance(exc, sa.OperationalError) and re.search(
        r"connection failed|could not connect|connection refused|failed to resolve host|timeout expired|"
        r"password authentication failed|role \S+ does not exist|no password supplied",
        detail,
        re.IGNORECASE,
    ):
        return (f"cannot connect to the database {url}: {detail[:300]} — check OPENINTRA_DATABASE_URL "
                "and that PostgreSQL is running")  # fmt: skip
    if isinstance(exc, sa.OperationalError) and re.search(r"database is locked|disk|read-only", detail, re.I):
        return f"the database {url} refused the write: {detail[:300]}"
    return None


def _explain(exc: BaseException) -> tuple[str, int]:
    """The one line and exit code for any failure that reaches the top."""
    if isinstance(exc, Failure):
        return exc.message, exc.code
    if isinstance(exc, KeyboardInterrupt | typer.Abort) or type(exc).__name__ == "Abort":
        return "interrupted", 130
    format_message = getattr(exc, "format_message", None)
    if callable(format_message) and isinstance(getattr(exc, "exit_code", None), int):
        # Click's own errors (typer vendors Click in recent versions: matched by their shape)
        code: int = exc.exit_code  # type: ignore[attr-defined]
        context = getattr(exc, "ctx", None)
        if context is not None:
            return f"{format_message()} (see '{context.command_path} --help')", code
        return str(format_message()), code
    problem = _database_problem(exc)
    if problem:
        return problem, 1
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}", 1
    detail = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
    return f"unexpected {type(exc).__name__}: {detail} (run with --debug for the traceback)", 1


def run(args: list[str] | None = None, run_app: Callable[..., Any] = app) -> int:
    """The command line's exit code for ``args``; failures told in one line on stderr."""
    global _debug
    _debug = False
    argv = sys.argv[1:] if args is None else args
    if not argv:
        argv = ["--help"]  # a bare ``openintra`` prints the help, and that is no error
    try:
        result = run_app(argv, prog_name="openintra", standalone_mode=False)
    except BaseException as exc:
        if isinstance(exc, SystemExit):
            raise
        if _debug or "--debug" in argv[: argv.index("--") if "--" in argv else len(argv)]:
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # ``openintra apps``: the group's help, no error
            typer.echo(exc.ctx.get_help())  # type: ignore[attr-defined]
            return 0
        message, code = _explain(exc)
        sys.stderr.write(f"openintra: error: {message}\n")
        return code
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(run())
