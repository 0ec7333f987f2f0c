"""web.session: signed-cookie sessions, CSRF tokens and safe redirects for the HTML pages.

The session is a small signed, timestamped cookie (itsdangerous) holding the signed-in user and
the session's CSRF token; nothing else is stored. Only the pages read it: the API never does.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "openintra_session"
MAX_AGE = 14 * 24 * 3600


@dataclass
class Session:
    user_id: int | None
    csrf: str


class Sessions:
    def __init__(self, secret_key: str, *, secure: bool) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="openintra.session")
        self.secure = secure

    def read(self, request: Request) -> Session:
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data: dict[str, Any] = self._serializer.loads(raw, max_age=MAX_AGE)
                user_id = data.get("u")
                return Session(user_id if isinstance(user_id, int) else None, str(data["c"]))
            except (BadSignature, KeyError, TypeError, ValueError):
                pass
        return Session(None, secrets.token_urlsafe(32))

    def write(self, response: Response, session: Session) -> Response:
        response.set_cookie(
            COOKIE, self._serializer.dumps({"u": session.user_id, "c": session.csrf}), max_age=MAX_AGE,
            httponly=True, samesite="lax", secure=self.secure, path="/",
        )  # fmt: skip
        return response

    @staticmethod
    def csrf_ok(session: Session, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(session.csrf, str(given))


def safe_next(target: str | None, default: str = "/apps") -> str:
    """A local path to go to after signing in; anything else (other host, scheme, ``//``) is refused."""
    if not target or len(target) > 4096:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ch in target for ch in "\r\n\t\\"):
        return default
    return target
