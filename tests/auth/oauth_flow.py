"""Helpers to walk the authorization-code flow as a browser would (sign in, consent, redirect)."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import update

from openintra.auth.apps import create_app_record
from openintra.auth.passwords import hash_password
from openintra.models.users import User
from tests.conftest import Network, settings_for

PASSWORD = "correct horse battery staple"
CALLBACK = "http://127.0.0.1:9/callback"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Client:
    """A registered OAuth app with a redirect URI."""

    id: int
    uid: str
    secret: str


def oauth_app(network: Network, name: str = "oauth-client", scopes: str = "public,projects,profile",
              redirect_uris: tuple[str, ...] = (CALLBACK,)) -> Client:  # fmt: skip
    record = create_app_record(network.db.engine, settings_for(network.db.url), name=name, scopes=scopes, roles="",
                               redirect_uris=list(redirect_uris), rate_secondly=100_000, rate_hourly=10_000_000,
                               owner=None)  # fmt: skip
    return Client(record["id"], record["uid"], record["secret"])


def user_with_password(network: Network, offset: int = 0) -> tuple[int, str]:
    """A seeded user, given the known password."""
    user_id, login = network.sql("SELECT id, login FROM users ORDER BY id LIMIT 1 OFFSET :o", o=offset)[0]
    with network.db.engine.begin() as conn:
        conn.execute(
            update(User).where(User.id == user_id).values(encrypted_password=hash_password(PASSWORD))
        )
    return user_id, login


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has a CSRF field"
    return found.group(1)


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def sign_in(http: Any, login: str, password: str = PASSWORD, next_path: str = "/apps") -> Any:
    page = http.get("/login", params={"next": next_path})
    return http.post("/login", data={"login": login, "password": password, "next": next_path,
                                     "csrf_token": csrf_of(page.text)}, follow_redirects=False)  # fmt: skip


def authorize_params(
    client: Client, scope: str = "public projects", state: str = "xyz", **extra: str
) -> dict[str, str]:
    return {"client_id": client.uid, "redirect_uri": CALLBACK, "response_type": "code", "scope": scope,
            "state": state, **extra}  # fmt: skip


def approve(http: Any, params: dict[str, str], decision: str = "approve") -> Any:
    """GET the consent page, then submit it; returns the final response (a redirect to the client)."""
    page = http.get("/oauth/authorize", params=params, follow_redirects=False)
    if page.status_code == 302:
        return page  # consent remembered: straight back to the client
    assert page.status_code == 200, page.text
    form = {key: value for key, value in params.items()} | {
        "csrf_token": csrf_of(page.text),
        "decision": decision,
    }
    return http.post("/oauth/authorize", data=form, follow_redirects=False)


def redirected_query(response: Any) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(CALLBACK + "?"), location
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def get_code(http: Any, client: Client, login: str, **params: str) -> str:
    sign_in(http, login)
    query = redirected_query(approve(http, authorize_params(client, **params)))
    return query["code"]


def exchange(http: Any, client: Client, code: str, **extra: str) -> Any:
    return http.post("/oauth/token", data={"grant_type": "authorization_code", "code": code, "client_id": client.uid,
                                           "client_secret": client.secret, "redirect_uri": CALLBACK, **extra})  # fmt: skip


def authorize_url(client: Client, **params: str) -> str:
    return "/oauth/authorize?" + urlencode(authorize_params(client, **params))
