"""web.pages: what every HTML page shares — templates, the session, the signed-in user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from openintra.models.users import User
from openintra.web.session import Session, Sessions

_SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",  # the consent page must not be framed (clickjacking)
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src * data:; style-src 'self' 'unsafe-inline'; "
    "form-action 'self' http: https:; frame-ancestors 'none'",
}


@dataclass(frozen=True)
class SignedIn:
    id: int
    login: str
    staff: bool


class Pages:
    def __init__(self, engine: Engine, sessions: Sessions) -> None:
        self.engine = engine
        self.sessions = sessions
        self.env = Environment(
            loader=PackageLoader("openintra", "web/templates"), autoescape=select_autoescape()
        )

    def render(self, session: Session, name: str, status: int = 200, **context: Any) -> Response:
        html = self.env.get_template(name).render(csrf=session.csrf, **context)
        return self.sessions.write(HTMLResponse(html, status_code=status, headers=_SECURITY_HEADERS), session)

    def redirect(self, session: Session, location: str) -> Response:
        return self.sessions.write(
            RedirectResponse(location, status_code=303, headers=_SECURITY_HEADERS), session
        )

    def error(
        self, session: Session, title: str, message: str, status: int = 400, **context: Any
    ) -> Response:
        return self.render(session, "error.html", status, title=title, message=message, **context)

    async def user(self, session: Session) -> SignedIn | None:
        if session.user_id is None:
            return None

        def load() -> SignedIn | None:
            with self.engine.connect() as conn:
                row = conn.execute(
                    select(User.id, User.login, User.staff).where(User.id == session.user_id)
                ).first()
            return SignedIn(row.id, row.login, bool(row.staff)) if row is not None else None

        return await run_in_threadpool(load)

    @staticmethod
    async def form(request: Request) -> dict[str, str]:
        """The form fields (last value wins); files are refused."""
        async with request.form(max_files=0, max_fields=200) as form:
            return {key: value for key, value in form.multi_items() if isinstance(value, str)}
