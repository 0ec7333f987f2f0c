"""web.apps: the application pages — list, register, show, edit, rotate the secret, delete.

A signed-in user manages the apps they own; staff (``users.staff``) see every app, with its owner,
and also grant roles and set rate limits. Someone else's app is a 404 to a non-staff user, exactly
like an app that does not exist. Every POST carries the session's CSRF token (403 otherwise); a
visitor who is not signed in is sent to ``/login?next=…``. The pages need no JavaScript.

The client secret is stored only as its SHA-256 digest: a freshly issued secret is shown once, in
the response to the registration or the rotation, and can never be shown again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection, Engine, Row, delete, insert, select, update
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from openintra.auth.apps import http_url_problem, redirect_uri_problem
from openintra.auth.roles import ROLE_NAMES, ROLES
from openintra.auth.tokens import digest, new_secret
from openintra.core.clock import format_ts, utc_now
from openintra.core.principal import SCOPE_DESCRIPTIONS
from openintra.models.platform import AccessToken, AuthorizationCode, Consent, OAuthApp
from openintra.models.users import User
from openintra.web.pages import Pages, SignedIn
from openintra.web.session import Session

MAX_NAME = 255
MAX_URL = 255
MAX_DESCRIPTION = 10_000
MAX_REDIRECT_URIS = 50
MAX_RATE = 1_000_000_000
DEFAULT_SECONDLY = 2
DEFAULT_HOURLY = 1200
EXPIRED = "The form expired; go back and try again."

Errors = dict[str, list[str]]

_COLUMNS: tuple[Any, ...] = (
    OAuthApp.id, OAuthApp.name, OAuthApp.uid, OAuthApp.secret_valid_until, OAuthApp.scopes, OAuthApp.roles,
    OAuthApp.redirect_uris, OAuthApp.description, OAuthApp.website, OAuthApp.image,
    OAuthApp.rate_limit_secondly, OAuthApp.rate_limit_hourly, OAuthApp.owner_id, OAuthApp.created_at,
    OAuthApp.updated_at, User.login.label("owner_login"),
)  # fmt: skip
_SELECT = select(*_COLUMNS).outerjoin(User, User.id == OAuthApp.owner_id)


# --- the form ---------------------------------------------------------------------------------------


@dataclass
class AppForm:
    """The app form as typed (strings, so that a refused form is shown back as it was)."""

    name: str = ""
    description: str = ""
    website: str = ""
    image: str = ""
    redirect_uris: str = ""
    scopes: set[str] = field(default_factory=lambda: {"public"})
    roles: set[str] | None = field(default_factory=set)
    """None: the form had no staff fields (the app's roles stay as they are)."""
    rate_limit_secondly: str | None = str(DEFAULT_SECONDLY)
    rate_limit_hourly: str | None = str(DEFAULT_HOURLY)

    @classmethod
    def of_row(cls, row: Row[Any]) -> AppForm:
        return cls(
            name=row.name, description=row.description or "", website=row.website or "",
            image=row.image or "", redirect_uris="\n".join(row.redirect_uris.split()),
            scopes=set(row.scopes.split()) | {"public"},
            roles=set(_roles(row.roles)), rate_limit_secondly=str(row.rate_limit_secondly),
            rate_limit_hourly=str(row.rate_limit_hourly),
        )  # fmt: skip

    @classmethod
    def of_fields(cls, fields: dict[str, str]) -> AppForm:
        """Checkboxes are named ``scope:<name>`` and ``role:<name>`` (one field each, no JavaScript).

        The staff fieldset carries ``staff_fields=1``, so that unchecking every role is told apart
        from a form without roles.
        """
        given_roles = fields.get("staff_fields") == "1" or any(key.startswith("role:") for key in fields)
        return cls(
            name=fields.get("name", ""), description=fields.get("description", ""),
            website=fields.get("website", ""), image=fields.get("image", ""),
            redirect_uris=fields.get("redirect_uris", ""),
            scopes={key[len("scope:"):] for key in fields if key.startswith("scope:")} | {"public"},
            roles={key[len("role:"):] for key in fields if key.startswith("role:")} if given_roles else None,
            rate_limit_secondly=fields.get("rate_limit_secondly"),
            rate_limit_hourly=fields.get("rate_limit_hourly"),
        )  # fmt: skip

    @property
    def has_staff_fields(self) -> bool:
        rates = (self.rate_limit_secondly, self.rate_limit_hourly)
        return self.roles is not None or any(rate is not None for rate in rates)

    def shown(self, app: Row[Any] | None) -> AppForm:
        """The form to show back: the staff fields it did not carry come from the app (or the defaults)."""
        current = AppForm.of_row(app) if app is not None else AppForm()
        return replace(
            self, roles=current.roles if self.roles is None else self.roles,
            rate_limit_secondly=self.rate_limit_secondly or current.rate_limit_secondly,
            rate_limit_hourly=self.rate_limit_hourly or current.rate_limit_hourly,
        )  # fmt: skip

    def uris(self) -> list[str]:
        return list(dict.fromkeys(line.strip() for line in self.redirect_uris.splitlines() if line.strip()))

    def validate(self, *, staff: bool) -> tuple[dict[str, Any], Errors]:
        """The column values, or the errors by field (Rails style: ``{"field": ["message"]}``)."""
        errors: Errors = {}
        name = self.name.strip()
        if not 1 <= len(name) <= MAX_NAME:
            errors.setdefault("name", []).append(f"must be 1 to {MAX_NAME} characters")
        description = self.description.strip()
        if len(description) > MAX_DESCRIPTION:
            errors.setdefault("description", []).append(f"must be at most {MAX_DESCRIPTION} characters")
        for key in ("website", "image"):
            problem = _web_url_problem(getattr(self, key).strip())
            if problem:
                errors.setdefault(key, []).append(problem)
        uris = self.uris()
        if len(uris) > MAX_REDIRECT_URIS:
            errors.setdefault("redirect_uris", []).append(f"at most {MAX_REDIRECT_URIS} redirect URIs")
        for number, uri in enumerate(uris, 1):
            problem = redirect_uri_problem(uri)
            if problem:
                errors.setdefault("redirect_uris", []).append(f"line {number} ({uri[:80]}): {problem}")
        unknown = sorted(self.scopes - set(SCOPE_DESCRIPTIONS))
        if unknown:
            errors.setdefault("scopes", []).append(f"unknown scopes: {', '.join(unknown)}")
        values: dict[str, Any] = {
            "name": name, "description": description or None, "website": self.website.strip() or None,
            "image": self.image.strip() or None, "redirect_uris": "\n".join(uris),
            "scopes": " ".join(scope for scope in SCOPE_DESCRIPTIONS if scope in self.scopes),
        }  # fmt: skip
        if staff and self.roles is not None:
            unknown = sorted(self.roles - set(ROLE_NAMES))
            if unknown:
                errors.setdefault("roles", []).append(f"unknown roles: {', '.join(unknown)}")
            values["roles"] = ",".join(role for role in ROLE_NAMES if role in self.roles)
        for key in ("rate_limit_secondly", "rate_limit_hourly"):
            given: str | None = getattr(self, key)
            if staff and given is not None:
                text = given.strip()
                if not text.isdecimal() or not 1 <= int(text) <= MAX_RATE:
                    errors.setdefault(key, []).append(f"must be a whole number from 1 to {MAX_RATE:,}")
                else:
                    values[key] = int(text)
        return values, errors


def _web_url_problem(url: str) -> str | None:
    if not url:
        return None
    if len(url) > MAX_URL:
        return f"must be at most {MAX_URL} characters"
    return http_url_problem(url)


def _roles(roles: str) -> list[str]:
    return [name.strip() for name in roles.split(",") if name.strip()]


# --- the pages --------------------------------------------------------------------------------------


class AppPages:
    def __init__(self, pages: Pages, engine: Engine, *, secret_ttl_days: int) -> None:
        self.pages = pages
        self.engine = engine
        self.secret_ttl = dt.timedelta(days=secret_ttl_days)

    async def _enter(
        self, request: Request, fields: dict[str, str] | None = None
    ) -> tuple[Session, SignedIn] | Response:
        """The session and the signed-in user; or the 403 (bad CSRF on a POST) or the way to sign in."""
        session = self.pages.sessions.read(request)
        if fields is not None and not self.pages.sessions.csrf_ok(session, fields.get("csrf_token")):
            return self.pages.error(session, "Forbidden", EXPIRED, 403)
        user = await self.pages.user(session)
        if user is None:
            if request.method == "GET":
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            else:
                target = request.url.path.removesuffix("/secret")  # a page that answers GET
            return self.pages.redirect(session, "/login?" + urlencode({"next": target}))
        return session, user

    def _visible(self, conn: Connection, app_id: int, user: SignedIn) -> Row[Any] | None:
        """The app, if ``user`` may see it: its owner, or staff."""
        query = _SELECT.where(OAuthApp.id == app_id)
        if not user.staff:
            query = query.where(OAuthApp.owner_id == user.id)
        return conn.execute(query).first()

    def _not_found(self, session: Session, user: SignedIn) -> Response:
        return self.pages.error(session, "Not found", "There is no such application.", 404, user=user)

    def _form_page(self, session: Session, user: SignedIn, form: AppForm, *, app: Row[Any] | None = None,
                   errors: Errors | None = None, status: int = 200) -> Response:  # fmt: skip
        return self.pages.render(
            session, "app_form.html", status, user=user, app=app, form=form, errors=errors or {},
            scopes=list(SCOPE_DESCRIPTIONS.items()), roles=ROLES,
        )  # fmt: skip

    def _show_page(self, session: Session, user: SignedIn, app: Row[Any], *, secret: str | None = None,
                   status: int = 200) -> Response:  # fmt: skip
        return self.pages.render(
            session, "app.html", status, user=user, app=app, secret=secret, format_ts=format_ts,
            scopes=[(scope, SCOPE_DESCRIPTIONS.get(scope, "")) for scope in app.scopes.split()],
            roles=_roles(app.roles), redirect_uris=app.redirect_uris.split(),
        )  # fmt: skip

    # --- list and register ------------------------------------------------------------------------

    async def index(self, request: Request) -> Response:
        entered = await self._enter(request)
        if isinstance(entered, Response):
            return entered
        session, user = entered

        def load() -> list[Row[Any]]:
            query = _SELECT.order_by(OAuthApp.id)
            if not user.staff:
                query = query.where(OAuthApp.owner_id == user.id)
            with self.engine.connect() as conn:
                return list(conn.execute(query).all())

        apps = await run_in_threadpool(load)
        return self.pages.render(session, "apps.html", user=user, apps=apps, roles_of=_roles)

    async def new(self, request: Request) -> Response:
        entered = await self._enter(request)
        if isinstance(entered, Response):
            return entered
        session, user = entered
        return self._form_page(session, user, AppForm())

    async def create(self, request: Request) -> Response:
        fields = await self.pages.form(request)
        entered = await self._enter(request, fields)
        if isinstance(entered, Response):
            return entered
        session, user = entered
        form = AppForm.of_fields(fields)
        if not user.staff and form.has_staff_fields:
            return self._staff_only(session, user)
        values, errors = form.validate(staff=user.staff)
        if errors:
            return self._form_page(session, user, form.shown(None), errors=errors, status=422)
        defaults = {"roles": "", "rate_limit_secondly": DEFAULT_SECONDLY, "rate_limit_hourly": DEFAULT_HOURLY}
        values = defaults | values
        secret = new_secret()

        def write() -> Row[Any]:
            now = utc_now()
            with self.engine.begin() as conn:
                result = conn.execute(
                    insert(OAuthApp).values(
                        **values, uid=new_secret(), secret_digest=digest(secret),
                        secret_valid_until=now + self.secret_ttl, owner_id=user.id,
                        created_at=now, updated_at=now,
                    )
                )  # fmt: skip
                app_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
                row = conn.execute(_SELECT.where(OAuthApp.id == app_id)).first()
            assert row is not None
            return row

        app = await run_in_threadpool(write)
        return self._show_page(session, user, app, secret=secret, status=201)

    # --- one app ----------------------------------------------------------------------------------

    async def _enter_app(self, request: Request) -> tuple[Session, SignedIn, Row[Any]] | Response:
        """The signed-in user and the app of the path they may see, or the page to answer instead."""
        entered = await self._enter(request)
        if isinstance(entered, Response):
            return entered
        session, user = entered
        app = await run_in_threadpool(self._load, request.path_params["app_id"], user)
        if app is None:
            return self._not_found(session, user)
        return session, user, app

    async def show(self, request: Request) -> Response:
        entered = await self._enter_app(request)
        if isinstance(entered, Response):
            return entered
        session, user, app = entered
        return self._show_page(session, user, app)

    async def edit(self, request: Request) -> Response:
        entered = await self._enter_app(request)
        if isinstance(entered, Response):
            return entered
        session, user, app = entered
        return self._form_page(session, user, AppForm.of_row(app), app=app)

    async def update(self, request: Request) -> Response:
        fields = await self.pages.form(request)
        entered = await self._enter(request, fields)
        if isinstance(entered, Response):
            return entered
        session, user = entered
        app_id: int = request.path_params["app_id"]
        app = await run_in_threadpool(self._load, app_id, user)
        if app is None:
            return self._not_found(session, user)
        form = AppForm.of_fields(fields)
        if not user.staff and form.has_staff_fields:
            return self._staff_only(session, user)
        values, errors = form.validate(staff=user.staff)
        if errors:
            return self._form_page(session, user, form.shown(app), app=app, errors=errors, status=422)

        def write() -> bool:
            with self.engine.begin() as conn:
                done = conn.execute(
                    update(OAuthApp).where(OAuthApp.id == app_id).values(**values, updated_at=utc_now())
                )  # fmt: skip
                return done.rowcount == 1

        if not await run_in_threadpool(write):
            return self._not_found(session, user)
        return self.pages.redirect(session, f"/apps/{app_id}")

    async def rotate(self, request: Request) -> Response:
        """A new secret, valid for ``secret_ttl_days``; the old one stops working at once."""
        fields = await self.pages.form(request)
        entered = await self._enter(request, fields)
        if isinstance(entered, Response):
            return entered
        session, user = entered
        app_id: int = request.path_params["app_id"]
        secret = new_secret()

        def write() -> Row[Any] | None:
            with self.engine.begin() as conn:
                if self._visible(conn, app_id, user) is None:
                    return None
                now = utc_now()
                conn.execute(
                    update(OAuthApp).where(OAuthApp.id == app_id)
                    .values(secret_digest=digest(secret), secret_valid_until=now + self.secret_ttl,
                            updated_at=now)
                )  # fmt: skip
                return conn.execute(_SELECT.where(OAuthApp.id == app_id)).first()

        app = await run_in_threadpool(write)
        if app is None:
            return self._not_found(session, user)
        return self._show_page(session, user, app, secret=secret)

    async def delete_form(self, request: Request) -> Response:
        entered = await self._enter(request)
        if isinstance(entered, Response):
            return entered
        session, user = entered
        app_id: int = request.path_params["app_id"]

        def load() -> tuple[Row[Any] | None, int]:
            with self.engine.connect() as conn:
                app = self._visible(conn, app_id, user)
                if app is None:
                    return None, 0
                tokens = conn.execute(select(AccessToken.id).where(AccessToken.app_id == app_id)).all()
                return app, len(tokens)

        app, tokens = await run_in_threadpool(load)
        if app is None:
            return self._not_found(session, user)
        return self.pages.render(session, "app_delete.html", user=user, app=app, tokens=tokens)

    async def delete(self, request: Request) -> Response:
        """The app with its tokens, authorization codes and consents, in one transaction."""
        fields = await self.pages.form(request)
        entered = await self._enter(request, fields)
        if isinstance(entered, Response):
            return entered
        session, user = entered
        app_id: int = request.path_params["app_id"]
        confirmed = fields.get("confirm") == "yes"

        def write() -> bool:
            with self.engine.begin() as conn:
                if self._visible(conn, app_id, user) is None:
                    return False
                if confirmed:
                    conn.execute(delete(AccessToken).where(AccessToken.app_id == app_id))  # before the codes
                    conn.execute(delete(AuthorizationCode).where(AuthorizationCode.app_id == app_id))
                    conn.execute(delete(Consent).where(Consent.app_id == app_id))
                    conn.execute(delete(OAuthApp).where(OAuthApp.id == app_id))
                return True

        if not await run_in_threadpool(write):
            return self._not_found(session, user)
        if not confirmed:
            return self.pages.redirect(session, f"/apps/{app_id}/delete")  # confirm first
        return self.pages.redirect(session, "/apps")

    def _load(self, app_id: int, user: SignedIn) -> Row[Any] | None:
        with self.engine.connect() as conn:
            return self._visible(conn, app_id, user)

    def _staff_only(self, session: Session, user: SignedIn) -> Response:
        message = "Only staff can change roles and rate limits."
        return self.pages.error(session, "Forbidden", message, 403, user=user)

    def routes(self) -> list[Route]:
        return [
            Route("/apps", self.index, methods=["GET"]),
            Route("/apps/new", self.new, methods=["GET"]),
            Route("/apps/new", self.create, methods=["POST"]),
            Route("/apps/{app_id:int}", self.show, methods=["GET"]),
            Route("/apps/{app_id:int}", self.update, methods=["POST"]),
            Route("/apps/{app_id:int}/edit", self.edit, methods=["GET"]),
            Route("/apps/{app_id:int}/secret", self.rotate, methods=["POST"]),
            Route("/apps/{app_id:int}/delete", self.delete_form, methods=["GET"]),
            Route("/apps/{app_id:int}/delete", self.delete, methods=["POST"]),
        ]
