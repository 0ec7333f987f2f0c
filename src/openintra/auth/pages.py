"""auth.pages: users' sign-in and the consent page of ``/oauth/authorize`` (api-routes §5.2).

A bad ``client_id`` or ``redirect_uri`` is shown on our own page and never redirected to; other
errors go back to the client's validated redirect URI with ``error`` and ``state``. A user who
already consented to the same or more scopes for the app goes straight back to the client.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from authlib.oauth2 import OAuth2Error
from sqlalchemy import Engine, insert, select, update
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from openintra.auth.passwords import verify_password
from openintra.auth.server import Request as OAuthRequest
from openintra.auth.server import TokenServer, User
from openintra.core.clock import utc_now
from openintra.core.principal import SCOPE_DESCRIPTIONS
from openintra.models.platform import Consent
from openintra.models.users import User as UserRow
from openintra.web.pages import Pages
from openintra.web.session import Session, safe_next

AUTHORIZE_PARAMS = ("client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge",
                    "code_challenge_method")  # fmt: skip


def _oauth_request(request: Request, pairs: list[tuple[str, str]]) -> OAuthRequest:
    uri = str(request.url.replace(scheme="https", query=urlencode(pairs)))  # TLS ends at the proxy
    return OAuthRequest("GET", uri, request.headers, pairs)


def _scopes(scope: str | None) -> list[str]:
    return list(dict.fromkeys((scope or "public").split()))


class AuthPages:
    def __init__(self, pages: Pages, server: TokenServer, engine: Engine) -> None:
        self.pages = pages
        self.server = server
        self.engine = engine

    # --- sign in / out ----------------------------------------------------------------------------

    async def login_form(self, request: Request) -> Response:
        session = self.pages.sessions.read(request)
        return self.pages.render(session, "login.html", next=safe_next(request.query_params.get("next")))

    async def login(self, request: Request) -> Response:
        session = self.pages.sessions.read(request)
        form = await self.pages.form(request)
        target = safe_next(form.get("next"))
        if not self.pages.sessions.csrf_ok(session, form.get("csrf_token")):
            return self.pages.error(session, "Forbidden", "The form expired; go back and try again.", 403)
        login = form.get("login", "")[:64]
        password = form.get("password", "")

        def check() -> int | None:
            with self.engine.connect() as conn:
                row = conn.execute(
                    select(UserRow.id, UserRow.encrypted_password).where(UserRow.login == login)
                ).first()
            stored = row.encrypted_password if row is not None else None
            ok = verify_password(password, stored)
            return row.id if ok and row is not None else None

        user_id = await run_in_threadpool(check)
        if user_id is None:
            return self.pages.render(session, "login.html", 401, next=target, login=login,
                                     error="Wrong login or password.")  # fmt: skip
        return self.pages.redirect(Session(user_id, session.csrf), target)

    async def logout(self, request: Request) -> Response:
        session = self.pages.sessions.read(request)
        form = await self.pages.form(request)
        if not self.pages.sessions.csrf_ok(session, form.get("csrf_token")):
            return self.pages.error(session, "Forbidden", "The form expired; go back and try again.", 403)
        return self.pages.redirect(Session(None, session.csrf), "/login")

    # --- authorize ---------------------------------------------------------------------------------

    async def authorize_form(self, request: Request) -> Response:
        session = self.pages.sessions.read(request)
        pairs = list(request.query_params.multi_items())
        return await self._authorize(request, session, pairs, decision=None)

    async def authorize(self, request: Request) -> Response:
        session = self.pages.sessions.read(request)
        form = await self.pages.form(request)
        if not self.pages.sessions.csrf_ok(session, form.get("csrf_token")):
            return self.pages.error(session, "Forbidden", "The form expired; go back and try again.", 403)
        pairs = [(key, form[key]) for key in AUTHORIZE_PARAMS if key in form]
        return await self._authorize(request, session, pairs, decision=form.get("decision"))

    async def _authorize(
        self, request: Request, session: Session, pairs: list[tuple[str, str]], decision: str | None
    ) -> Response:
        oauth = _oauth_request(request, pairs)
        try:
            grant = await run_in_threadpool(self.server.get_consent_grant, oauth, None)
        except OAuth2Error as error:
            if error.redirect_uri:
                return self._to_client(self.server.handle_error_response(oauth, error))
            message = error.description or error.error
            return self.pages.error(session, "Authorization error", f"{error.error}: {message}")
        user = await self.pages.user(session)
        if user is None:
            query = urlencode(pairs)
            return self.pages.redirect(session, "/login?" + urlencode({"next": f"/oauth/authorize?{query}"}))
        requested = _scopes(oauth.scope)
        app = grant.client.app
        if decision is None and not await run_in_threadpool(self._consented, app.id, user.id, requested):
            scopes = [(scope, SCOPE_DESCRIPTIONS.get(scope, "")) for scope in requested]
            params = [(key, value) for key, value in pairs if key in AUTHORIZE_PARAMS]
            return self.pages.render(
                session, "authorize.html", app=app, scopes=scopes, params=params, user=user
            )
        granted = User(user.id) if decision in (None, "approve") else None

        def respond() -> tuple[int, Any, dict[str, str]]:
            with self.server.transaction(oauth) as conn:
                if decision == "approve":
                    self._remember(conn, app.id, user.id, requested)
                result: tuple[int, Any, dict[str, str]] = self.server.create_authorization_response(
                    oauth, grant_user=granted, grant=grant
                )
                return result

        return self._to_client(await run_in_threadpool(respond))

    @staticmethod
    def _to_client(result: tuple[int, Any, dict[str, str]]) -> Response:
        status, _body, headers = result
        location = dict(headers).get("Location")
        if status != 302 or not location:
            return Response(status_code=400)
        return RedirectResponse(location, status_code=302, headers={"Cache-Control": "no-store"})

    def _consented(self, app_id: int, user_id: int, requested: list[str]) -> bool:
        with self.engine.connect() as conn:
            scopes = conn.execute(
                select(Consent.scopes).where(Consent.app_id == app_id, Consent.user_id == user_id)
            ).scalar()
        return scopes is not None and set(requested) <= set(scopes.split())

    @staticmethod
    def _remember(conn: Any, app_id: int, user_id: int, requested: list[str]) -> None:
        now = utc_now()
        table = Consent.__table__
        current = conn.execute(
            select(table.c.scopes).where(table.c.app_id == app_id, table.c.user_id == user_id)
        ).scalar()
        if current is None:
            conn.execute(insert(table).values(app_id=app_id, user_id=user_id, scopes=" ".join(requested),
                                              created_at=now, updated_at=now))  # fmt: skip
            return
        merged = " ".join(dict.fromkeys([*current.split(), *requested]))
        conn.execute(
            update(table).where(table.c.app_id == app_id, table.c.user_id == user_id)
            .values(scopes=merged, updated_at=now)
        )  # fmt: skip

    def routes(self) -> list[Route]:
        return [
            Route("/login", self.login_form, methods=["GET"]),
            Route("/login", self.login, methods=["POST"]),
            Route("/logout", self.logout, methods=["POST"]),
            Route("/oauth/authorize", self.authorize_form, methods=["GET"]),
            Route("/oauth/authorize", self.authorize, methods=["POST"]),
        ]
