"""Real third-party OAuth clients from PyPI against a running server: requests-oauthlib and Authlib.

The browser part of the authorization-code flow (sign in, consent) is walked with httpx; the
clients build the authorization URL, parse the callback and talk to the token endpoint themselves.
"""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from authlib.integrations.httpx_client import OAuth2Client
from requests_oauthlib import OAuth2Session

from tests.auth.oauth_flow import CALLBACK, Client, approve, oauth_app, sign_in, user_with_password
from tests.conftest import LiveServer


@pytest.fixture
def client(live: LiveServer) -> Client:
    return oauth_app(live.network, name="third-party")


@pytest.fixture
def login(live: LiveServer) -> str:
    return user_with_password(live.network, offset=5)[1]


def browse_to_callback(live: LiveServer, login: str, authorization_url: str) -> str:
    """Sign in and consent at ``authorization_url``; the URL the server redirected to."""
    with httpx.Client(base_url=live.url) as browser:
        sign_in(browser, login)
        path = authorization_url[len(live.url) :]
        params = dict(httpx.URL(path).params)
        response = approve(browser, params)
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(CALLBACK)
    return str(location)


def me(live: LiveServer, token: str) -> Any:
    return httpx.get(f"{live.url}/v2/me", headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def insecure_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    """oauthlib refuses plain http unless told; the test server speaks http on loopback."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")


@pytest.mark.parametrize("pkce", [None, "S256"], ids=["no-pkce", "pkce"])
def test_requests_oauthlib_authorization_code_and_refresh(live: LiveServer, client: Client, login: str,
                                                          insecure_transport: None, pkce: str | None) -> None:  # fmt: skip
    session = OAuth2Session(client.uid, redirect_uri=CALLBACK, scope=["public", "projects"], pkce=pkce)
    url, state = session.authorization_url(f"{live.url}/oauth/authorize")
    callback = browse_to_callback(live, login, url)
    assert f"state={state}" in callback
    token = session.fetch_token(
        f"{live.url}/oauth/token", client_secret=client.secret, authorization_response=callback
    )
    assert token["token_type"] == "bearer" and "refresh_token" in token
    assert session.get(f"{live.url}/v2/me").json()["login"] == login
    refreshed = session.refresh_token(
        f"{live.url}/oauth/token", client_id=client.uid, client_secret=client.secret
    )
    assert refreshed["refresh_token"] != token["refresh_token"]
    assert me(live, refreshed["access_token"]).status_code == 200
    assert me(live, token["access_token"]).status_code == 401


def test_requests_oauthlib_client_credentials(
    live: LiveServer, client: Client, insecure_transport: None
) -> None:
    from oauthlib.oauth2 import BackendApplicationClient

    session = OAuth2Session(client=BackendApplicationClient(client_id=client.uid))
    token = session.fetch_token(f"{live.url}/oauth/token", client_id=client.uid, client_secret=client.secret)
    assert token["scope"] == ["public"] and "refresh_token" not in token
    assert session.get(f"{live.url}/v2/cursus").status_code == 200


@pytest.mark.parametrize("pkce", [None, "S256"], ids=["no-pkce", "pkce"])
def test_authlib_client_authorization_code_and_refresh(live: LiveServer, client: Client, login: str,
                                                       pkce: str | None) -> None:  # fmt: skip
    options: dict[str, Any] = {"code_challenge_method": pkce} if pkce else {}
    verifier = "v" * 64 if pkce else None
    with OAuth2Client(
        client.uid, client.secret, redirect_uri=CALLBACK, scope="public projects", **options
    ) as oauth:
        url, _state = oauth.create_authorization_url(f"{live.url}/oauth/authorize", code_verifier=verifier)
        callback = browse_to_callback(live, login, url)
        extra = {"code_verifier": verifier} if verifier else {}
        token = oauth.fetch_token(f"{live.url}/oauth/token", authorization_response=callback, **extra)
        assert token["scope"] == "public projects"
        assert oauth.get(f"{live.url}/v2/me").json()["login"] == login
        refreshed = oauth.refresh_token(f"{live.url}/oauth/token")
        assert refreshed["access_token"] != token["access_token"]
        assert oauth.get(f"{live.url}/v2/me").status_code == 200


def test_authlib_client_credentials_with_basic_auth(live: LiveServer, client: Client) -> None:
    with OAuth2Client(client.uid, client.secret, token_endpoint_auth_method="client_secret_basic") as oauth:
        token = oauth.fetch_token(f"{live.url}/oauth/token", grant_type="client_credentials")
        assert token["expires_in"] == 7200
        assert oauth.get(f"{live.url}/v2/cursus").status_code == 200


def test_twenty_concurrent_redemptions_of_one_code_give_exactly_one_token(live: LiveServer, client: Client,
                                                                          login: str) -> None:  # fmt: skip
    with httpx.Client(base_url=live.url) as browser:
        sign_in(browser, login)
        params = {
            "client_id": client.uid,
            "redirect_uri": CALLBACK,
            "response_type": "code",
            "scope": "public",
        }
        code = httpx.URL(approve(browser, params).headers["location"]).params["code"]
    barrier = threading.Barrier(20)
    results: list[httpx.Response] = []
    lock = threading.Lock()

    def redeem() -> None:
        with httpx.Client(base_url=live.url, timeout=30) as http:
            barrier.wait()
            response = http.post("/oauth/token", data={"grant_type": "authorization_code", "code": code,
                                                       "redirect_uri": CALLBACK, "client_id": client.uid,
                                                       "client_secret": client.secret})  # fmt: skip
        with lock:
            results.append(response)

    threads = [threading.Thread(target=redeem) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(response.status_code for response in results)
    assert statuses == [200] + [400] * 19, statuses
    assert {response.json()["error"] for response in results if response.status_code == 400} == {
        "invalid_grant"
    }
    count = live.network.sql(
        "SELECT count(*) FROM oauth_access_tokens t JOIN oauth_grants g ON g.id = t.grant_id "
        "WHERE g.app_id = :a", a=client.id)[0][0]  # fmt: skip
    assert count == 1, "exactly one token was ever issued for the code"
