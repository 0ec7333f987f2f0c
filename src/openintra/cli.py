"""cli: the ``openintra`` command (DESIGN §5 — a contract that tests and docs rely on)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from openintra.core import jsonenc
from openintra.settings import Settings

app = typer.Typer(
    help="openintra: a self-hostable 42 Intra API v2.", no_args_is_help=True, add_completion=False
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
apps_app = typer.Typer(help="OAuth applications.", no_args_is_help=True)
users_app = typer.Typer(help="Users' web login.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(apps_app, name="apps")
app.add_typer(users_app, name="users")
console = Console(stderr=True)


def _settings(demo: bool = False) -> Settings:
    try:
        return Settings(demo=demo or os.environ.get("OPENINTRA_DEMO", "").lower() in ("1", "true"))
    except ValueError as exc:
        console.print(f"[red]invalid settings:[/red] {exc}")
        raise typer.Exit(2) from None


def _engine(settings: Settings) -> Engine:
    from openintra.db.session import make_engine

    return make_engine(settings.database_url, pool_size=2)


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
            console.print(f"[red]--anchor must be YYYY-MM-DD, got {anchor!r}[/red]")
            raise typer.Exit(2) from None
    engine = _engine(settings)
    with engine.begin() as conn:
        if not is_empty(conn):
            console.print("[red]the database already holds users: seed fills an empty database[/red]")
            raise typer.Exit(1)
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
    try:
        created = create_app_record(
            _engine(settings), settings, name=name, scopes=scopes, roles=roles, redirect_uris=redirect_uri or [],
            rate_secondly=rate_secondly, rate_hourly=rate_hourly, owner=owner,
        )  # fmt: skip
    except AppError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
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
    if password is None:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        hashed = hash_password(password)
    except PasswordError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    with _engine(settings).begin() as conn:
        changed = conn.execute(
            update(User).where(User.login == login).values(encrypted_password=hashed)
        ).rowcount
    if not changed:
        console.print(f"[red]no user with login {login!r}[/red]")
        raise typer.Exit(2)
    console.print(f"password set for {login}")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8042,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
) -> None:
    """Serve the API with uvicorn."""
    _settings()
    _run_server(host, port, workers)


def _run_server(host: str, port: int, workers: int) -> None:
    import uvicorn

    uvicorn.run(
        "openintra.app:app_from_env", factory=True, host=host, port=port, workers=workers,
        loop="uvloop", http="httptools", access_log=False, log_level="warning",
    )  # fmt: skip


@app.command()
def demo(port: Annotated[int, typer.Option(min=1, max=65535)] = 8042, users: int = 2000) -> None:
    """Upgrade + seed if empty + a demo app (printed) + serve, on SQLite by default."""
    from openintra.auth.apps import create_app_record
    from openintra.db.migrations import upgrade
    from openintra.demo.factories import build_network, is_empty

    os.environ["OPENINTRA_DEMO"] = "1"
    settings = _settings(demo=True)
    upgrade(settings.database_url)
    engine = _engine(settings)
    with engine.begin() as conn:
        if is_empty(conn):
            console.print(f"seeding a synthetic network of {users} users…")
            build_network(conn, users=users)
    created = create_app_record(
        engine, settings, name="demo", scopes="public,projects,profile,elearning,tig,forum", roles="",
        redirect_uris=[f"http://127.0.0.1:{port}/callback"], rate_secondly=50, rate_hourly=100_000, owner=None,
    )  # fmt: skip
    from openintra.auth.roles import ROLE_NAMES

    # A staff app beside it: every role, for the write routes (an ordinary app gets 42's 403 there).
    staff = create_app_record(
        engine, settings, name="demo staff", scopes="public,projects,profile,elearning,tig,forum",
        roles=",".join(ROLE_NAMES), redirect_uris=[], rate_secondly=50, rate_hourly=100_000, owner=None,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    typer.echo(
        f"\nopenintra demo on {base}\n  app uid:    {created['uid']}\n  app secret: {created['secret']}\n"
        f"  staff app (every role, for writes): uid {staff['uid']} secret {staff['secret']}\n\n"
        f"  TOKEN=$(curl -s -X POST {base}/oauth/token -d grant_type=client_credentials "
        f"-d client_id={created['uid']} -d client_secret={created['secret']} | python3 -c "
        f"'import sys, json; print(json.load(sys.stdin)[\"access_token\"])')\n"
        f"  curl -s -H \"Authorization: Bearer $TOKEN\" '{base}/v2/users?per_page=5&sort=-login'\n"
    )
    _run_server("127.0.0.1", port, 1)


def main() -> None:
    app()
