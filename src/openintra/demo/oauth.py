"""demo.oauth: the demo's two apps (the same ones run after run) and the page at their redirect URI.

``openintra demo`` registers an ordinary app (every scope, no role, one redirect URI on the demo's
own server) and a staff app (every role, for the write routes). A second run finds them by name,
keeps their uid and gives them a new secret (only digests are stored, so a secret cannot be shown
again), so running the demo again never piles up apps. The page at the redirect URI shows what the
authorization server sent back and the ``curl`` that exchanges the code, so the authorization-code
flow can be tried end to end from a browser and a terminal.
"""

from __future__ import annotations

import datetime as dt
import html
import shlex
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, update
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from openintra.auth.apps import create_app_record
from openintra.auth.roles import ROLE_NAMES
from openintra.auth.tokens import digest, new_secret
from openintra.core.clock import utc_now
from openintra.models.platform import OAuthApp
from openintra.settings import Settings

SCOPES = "public,projects,profile,elearning,tig,forum"
CALLBACK_PATH = "/callback"
RATE_SECONDLY, RATE_HOURLY = 50, 100_000


@dataclass(frozen=True)
class DemoApp:
    """An app of the demo with the secret it has from now on."""

    name: str
    uid: str
    secret: str
    created: bool
    """False when an earlier run had registered it (same uid, new secret)."""


def ensure_app(
    engine: Engine, settings: Settings, *, name: str, roles: str, redirect_uris: list[str]
) -> DemoApp:
    """The demo's app called ``name`` (no owner): created the first time, afterwards the same uid with a
    new secret, its scopes, roles, rate limits and redirect URIs set to what this run needs."""
    with engine.begin() as conn:
        found = conn.execute(
            select(OAuthApp.id, OAuthApp.uid)
            .where(OAuthApp.name == name, OAuthApp.owner_id.is_(None))
            .order_by(OAuthApp.id)
            .limit(1)
        ).first()
        if found is not None:
            secret, now = new_secret(), utc_now()
            valid_until = now + dt.timedelta(days=settings.secret_ttl_days)
            conn.execute(
                update(OAuthApp).where(OAuthApp.id == found.id)
                .values(secret_digest=digest(secret), secret_valid_until=valid_until,
                        scopes=SCOPES.replace(",", " "), roles=roles, redirect_uris="\n".join(redirect_uris),
                        rate_limit_secondly=RATE_SECONDLY, rate_limit_hourly=RATE_HOURLY, updated_at=now)
            )  # fmt: skip
            return DemoApp(name, found.uid, secret, created=False)
    created = create_app_record(
        engine, settings, name=name, scopes=SCOPES, roles=roles, redirect_uris=redirect_uris,
        rate_secondly=RATE_SECONDLY, rate_hourly=RATE_HOURLY, owner=None,
    )  # fmt: skip
    return DemoApp(name, created["uid"], created["secret"], created=True)


def ensure_apps(engine: Engine, settings: Settings, base: str) -> tuple[DemoApp, DemoApp]:
    """The ordinary app (redirect URI ``base + /callback``) and the staff app (every role)."""
    ordinary = ensure_app(engine, settings, name="demo", roles="", redirect_uris=[base + CALLBACK_PATH])
    staff = ensure_app(engine, settings, name="demo staff", roles=",".join(ROLE_NAMES), redirect_uris=[])
    return ordinary, staff


def exchange_command(base: str, uid: str, code: str) -> str:
    """The ``curl`` that exchanges ``code`` for tokens (the secret read from ``$SECRET``)."""
    return (
        f"curl -s -X POST {base}/oauth/token -d grant_type=authorization_code -d client_id={uid} "
        f'-d client_secret="$SECRET" -d code={shlex.quote(code)} '
        f"--data-urlencode redirect_uri={shlex.quote(base + CALLBACK_PATH)}"
    )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>openintra demo: redirect URI</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
pre{{background:#f4f4f4;padding:1rem;white-space:pre-wrap;word-break:break-all}}</style></head>
<body><h1>openintra demo: the redirect URI</h1>
{body}
</body></html>
"""


def callback_route(base: str, uid: str) -> Route:
    """``GET /callback``: the code (or the error) the authorization server sent back, and the
    ``curl`` that exchanges the code for an access token and a refresh token."""

    async def page(request: Request) -> Response:
        params = request.query_params
        state = params.get("state")
        parts: list[str] = []
        if params.get("code"):
            code = params["code"]
            parts.append(f"<p>The authorization code: <code id='code'>{html.escape(code)}</code></p>")
            if state is not None:
                parts.append(f"<p>state: <code id='state'>{html.escape(state)}</code></p>")
            parts.append(
                "<p>Exchange it within a few minutes, once (with <code>SECRET</code> set to the secret "
                "<code>openintra demo</code> printed):</p>"
                f"<pre id='exchange'>{html.escape(exchange_command(base, uid, code))}</pre>"
            )
        elif params.get("error"):
            parts.append(
                f"<p>The authorization server answered <code id='error'>{html.escape(params['error'])}</code>"
            )
            if params.get("error_description"):
                parts.append(f": {html.escape(params['error_description'])}")
            parts.append("</p>")
        else:
            parts.append("<p>No <code>code</code> here: this page is where <code>/oauth/authorize</code> "
                         "sends the browser back.</p>")  # fmt: skip
        return HTMLResponse(_PAGE.format(body="\n".join(parts)), headers={"Cache-Control": "no-store"})

    return Route(CALLBACK_PATH, page, methods=["GET"])


def authorize_url(base: str, uid: str) -> str:
    from urllib.parse import urlencode

    query: dict[str, Any] = {"client_id": uid, "redirect_uri": base + CALLBACK_PATH, "response_type": "code",
                             "scope": "public projects", "state": "demo"}  # fmt: skip
    return f"{base}/oauth/authorize?{urlencode(query)}"
