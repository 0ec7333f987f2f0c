"""auth.apps: registering applications (the secret is returned once and stored as a digest)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from openintra.auth.roles import ROLE_NAMES
from openintra.auth.tokens import digest, new_secret
from openintra.core.clock import utc_now
from openintra.core.principal import SCOPES
from openintra.models.platform import OAuthApp
from openintra.models.users import User
from openintra.settings import Settings

MAX_REDIRECT_URI = 2_000


class AppError(ValueError):
    pass


def http_url_problem(url: str) -> str | None:
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return "must not contain spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "must be an absolute http:// or https:// URL"
    return None


def redirect_uri_problem(uri: str) -> str | None:
    """Why ``uri`` may not be a redirect URI, or None: absolute http(s), no fragment, no userinfo."""
    if len(uri) > MAX_REDIRECT_URI:
        return f"must be at most {MAX_REDIRECT_URI} characters"
    problem = http_url_problem(uri)
    if problem:
        return problem
    if "#" in uri:
        return "must not contain a fragment (#…)"
    if "@" in urlsplit(uri).netloc:
        return "must not contain a user name or password"
    return None


def create_app_record(
    engine: Engine,
    settings: Settings,
    *,
    name: str,
    scopes: str,
    roles: str,
    redirect_uris: list[str],
    rate_secondly: int,
    rate_hourly: int,
    owner: str | None,
) -> dict[str, Any]:
    scope_list = [item.strip() for item in scopes.replace(" ", ",").split(",") if item.strip()]
    unknown = sorted(set(scope_list) - set(SCOPES))
    if unknown:
        raise AppError(f"unknown scopes: {', '.join(unknown)} (known: {', '.join(SCOPES)})")
    if "public" not in scope_list:
        scope_list.insert(0, "public")
    role_list = [item.strip() for item in roles.split(",") if item.strip()]
    unknown_roles = sorted(set(role_list) - set(ROLE_NAMES))
    if unknown_roles:
        raise AppError(f"unknown roles: {', '.join(unknown_roles)} (known: {', '.join(ROLE_NAMES)})")
    for uri in redirect_uris:
        problem = redirect_uri_problem(uri)
        if problem:
            raise AppError(f"redirect URI {uri[:100]!r} {problem}")
    if not name.strip() or len(name) > 255:
        raise AppError("the name must be 1 to 255 characters")
    uid, secret = new_secret(), new_secret()
    with engine.begin() as conn:
        owner_id = None
        if owner is not None:
            owner_id = conn.execute(select(User.id).where(User.login == owner)).scalar()
            if owner_id is None:
                raise AppError(f"no user with login {owner!r}")
        result = conn.execute(
            OAuthApp.__table__.insert().values(
                name=name.strip(),
                uid=uid,
                secret_digest=digest(secret),
                secret_valid_until=utc_now() + dt.timedelta(days=settings.secret_ttl_days),
                scopes=" ".join(scope_list),
                roles=",".join(role_list),
                redirect_uris="\n".join(redirect_uris),
                rate_limit_secondly=rate_secondly,
                rate_limit_hourly=rate_hourly,
                owner_id=owner_id,
                created_at=utc_now(),
                updated_at=utc_now(),
            )  # fmt: skip
        )
        app_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
    return {"id": app_id, "uid": uid, "secret": secret, "scopes": scope_list, "roles": role_list}
