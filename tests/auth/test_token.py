"""``POST /oauth/token`` with client credentials, as 42 clients send them (DESIGN §4.9)."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from openintra.auth.server import INVALID_CLIENT
from openintra.models.platform import OAuthApp
from tests.conftest import Network

TOKEN_KEYS = ["access_token", "token_type", "expires_in", "scope", "created_at", "secret_valid_until"]


def credentials(network: Network, app: str = "public") -> dict[str, str]:
    record = network.apps[app]
    return {"grant_type": "client_credentials", "client_id": record["uid"], "client_secret": record["secret"]}


def assert_token(network: Network, response: object, scope: str = "public") -> None:
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert list(body) == TOKEN_KEYS
    assert len(body["access_token"]) == 64 and int(body["access_token"], 16) >= 0
    assert (body["token_type"], body["expires_in"], body["scope"]) == ("bearer", 7200, scope)
    assert body["secret_valid_until"] > body["created_at"] > 0
    assert response.headers["Cache-Control"] == "no-store"  # type: ignore[attr-defined]
    usable = network.client.get("/v2/cursus", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert usable.status_code == 200


@pytest.mark.parametrize("path", ["/oauth/token", "/v2/oauth/token"])
def test_credentials_as_form(network: Network, path: str) -> None:
    assert_token(network, network.client.post(path, data=credentials(network)))


def test_credentials_as_json(network: Network) -> None:
    assert_token(network, network.client.post("/oauth/token", json=credentials(network)))


def test_credentials_in_the_query_string(network: Network) -> None:
    assert_token(network, network.client.post("/oauth/token", params=credentials(network)))


def test_credentials_as_multipart(network: Network) -> None:
    files = {key: (None, value) for key, value in credentials(network).items()}
    assert_token(network, network.client.post("/oauth/token", files=files))


def test_credentials_by_http_basic(network: Network) -> None:
    record = network.apps["public"]
    basic = base64.b64encode(f"{record['uid']}:{record['secret']}".encode()).decode()
    response = network.client.post("/oauth/token", data={"grant_type": "client_credentials"},
                                   headers={"Authorization": f"Basic {basic}"})  # fmt: skip
    assert_token(network, response)


def test_requested_scopes_are_granted_when_the_app_has_them(network: Network) -> None:
    response = network.client.post("/oauth/token", data=credentials(network) | {"scope": "public projects"})
    assert_token(network, response, scope="public projects")


@pytest.mark.parametrize("scope", ["tig", "public nope"])
def test_scopes_the_app_lacks_are_invalid_scope(network: Network, scope: str) -> None:
    response = network.client.post("/oauth/token", data=credentials(network) | {"scope": scope})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


@pytest.mark.parametrize(
    "change",
    [{"client_secret": "0" * 64}, {"client_id": "nope"}, {"client_secret": ""}, {"client_id": "x" * 500}],
    ids=["wrong secret", "unknown client", "empty secret", "oversized id"],
)
def test_bad_client_credentials_are_doorkeepers_invalid_client(
    network: Network, change: dict[str, str]
) -> None:
    response = network.client.post("/oauth/token", data=credentials(network) | change)
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client", "error_description": INVALID_CLIENT}


def test_an_expired_client_secret_is_invalid_client(network: Network) -> None:
    from openintra.auth.apps import create_app_record
    from tests.conftest import settings_for

    record = create_app_record(network.db.engine, settings_for(network.db.url), name="old", scopes="public",
                               roles="", redirect_uris=[], rate_secondly=2, rate_hourly=1200, owner=None)  # fmt: skip
    with network.db.engine.begin() as conn:
        conn.execute(OAuthApp.__table__.update().where(OAuthApp.id == record["id"])
                     .values(secret_valid_until=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))  # fmt: skip
    response = network.client.post("/oauth/token", data={"grant_type": "client_credentials", "client_id": record["uid"],
                                                         "client_secret": record["secret"]})  # fmt: skip
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


@pytest.mark.parametrize("grant", ["password", "nope", ""])
def test_unsupported_grant_types(network: Network, grant: str) -> None:
    response = network.client.post("/oauth/token", data=credentials(network) | {"grant_type": grant})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_a_malformed_body_is_invalid_request(network: Network) -> None:
    for body in (b"{not json", b"[1, 2]", b'"text"'):
        response = network.client.post(
            "/oauth/token", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_request"


def test_secrets_and_tokens_are_stored_only_as_digests(network: Network) -> None:
    token = network.tokens["public"]
    secret = network.apps["public"]["secret"]
    dump = " ".join(str(value) for table in ("oauth_apps", "oauth_access_tokens")
                    for row in network.sql(f"SELECT * FROM {table}") for value in row)  # fmt: skip
    assert token not in dump and secret not in dump
