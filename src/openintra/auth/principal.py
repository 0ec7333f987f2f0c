"""auth.principal: who is calling — the token's app, user, scopes and roles — found by digest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, bindparam, select

from openintra.auth.tokens import digest
from openintra.core.clock import utc_now
from openintra.core.errors import TOKEN_EXPIRED, TOKEN_INVALID, NotAuthorized
from openintra.core.principal import Principal, bearer_token
from openintra.db.prepared import Prepared
from openintra.models.platform import AccessToken, OAuthApp

_QUERY = select(
    OAuthApp.id,
    OAuthApp.uid,
    OAuthApp.name,
    OAuthApp.roles,
    AccessToken.scopes,
    AccessToken.user_id,
    OAuthApp.rate_limit_secondly,
    OAuthApp.rate_limit_hourly,
    AccessToken.created_at,
    AccessToken.expires_at,
    AccessToken.revoked_at,
).join(OAuthApp, OAuthApp.id == AccessToken.app_id)
_BY_DIGEST = Prepared(_QUERY.where(AccessToken.digest == bindparam("digest")))
"""Every request runs it: compiled once, run on the driver's cursor (db.prepared)."""
_FIELDS = {name: position for position, name in enumerate(_QUERY.selected_columns.keys())}


def authenticate(
    conn: Connection, token: str | None, remember: Callable[..., Any] | None = None
) -> Principal:
    """The principal of a valid token; `NotAuthorized` otherwise (DESIGN §4.6).

    ``remember(conn, key, compute)`` (db.counts) may keep the token's row until the next commit (a
    revocation is one); its expiry is checked on every call.
    """
    if not token or len(token) > 512:
        raise NotAuthorized(TOKEN_INVALID)
    key = digest(token)
    principal: Principal = (
        remember(conn, ("token", key), lambda: _lookup(conn, key))
        if remember is not None
        else _lookup(conn, key)
    )
    if principal.expires_at <= utc_now():
        raise NotAuthorized(TOKEN_EXPIRED)
    return principal


def _lookup(conn: Connection, key: str) -> Principal:
    found = _BY_DIGEST.first(conn, digest=key)
    if found is None:
        raise NotAuthorized(TOKEN_INVALID)
    row = dict(zip(_FIELDS, found, strict=True))
    if row["revoked_at"] is not None:
        raise NotAuthorized(TOKEN_INVALID)
    return Principal(
        app_id=row["id"],
        app_uid=row["uid"],
        app_name=row["name"],
        roles=frozenset(name.strip() for name in row["roles"].split(",") if name.strip()),
        scopes=frozenset(row["scopes"].split()),
        user_id=row["user_id"],
        rate_secondly=row["rate_limit_secondly"],
        rate_hourly=row["rate_limit_hourly"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
    )


__all__ = ["Principal", "authenticate", "bearer_token"]
