"""Authorization code (with and without PKCE), refresh rotation, revocation, sign-in and consent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from openintra.core import jsonenc
from tests.auth.oauth_flow import (
    CALLBACK,
    PASSWORD,
    Client,
    approve,
    authorize_params,
    authorize_url,
    csrf_of,
    exchange,
    get_code,
    oauth_app,
    pkce_pair,
    redirected_query,
    sign_in,
    user_with_password,
)
from tests.conftest import Network

USER_TOKEN_KEYS = ["access_token", "token_type", "expires_in", "refresh_token", "scope", "created_at",
                   "secret_valid_until"]  # fmt: skip


@pytest.fixture
def browser(network: Network) -> Iterator[TestClient]:
    """A client with its own cookie jar (a browser of its own)."""
    with TestClient(network.client.app) as client:
        yield client


@pytest.fixture
def client(network: Network) -> Client:
    return oauth_app(network)


@pytest.fixture
def user(network: Network) -> tuple[int, str]:
    return user_with_password(network, offset=3)


def me(network: Network, token: str) -> Any:
    return network.client.get("/v2/me", headers={"Authorization": f"Bearer {token}"})


def test_authorization_code_round_trip(network: Network, browser: TestClient, client: Client,
                                       user: tuple[int, str]) -> None:  # fmt: skip
    start = browser.get(authorize_url(client), follow_redirects=False)
    assert start.status_code == 303 and start.headers["location"].startswith(
        "/login?next=%2Foauth%2Fauthorize"
    )
    signed = sign_in(browser, user[1], next_path=start.headers["location"].split("next=", 1)[1])
    assert signed.status_code == 303
    consent = browser.get("/oauth/authorize", params=authorize_params(client))
    assert consent.status_code == 200 and "oauth-client" in consent.text and "projects" in consent.text
    assert consent.headers["X-Frame-Options"] == "DENY"
    query = redirected_query(approve(browser, authorize_params(client)))
    assert query["state"] == "xyz" and len(query["code"]) == 64
    response = exchange(browser, client, query["code"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == USER_TOKEN_KEYS
    assert body["scope"] == "public projects" and body["expires_in"] == 7200
    assert me(network, body["access_token"]).json()["id"] == user[0]
    info = network.client.get(
        "/oauth/token/info", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert info.json()["resource_owner_id"] == user[0] and info.json()["scopes"] == ["projects", "public"]


def test_a_code_is_single_use_and_its_reuse_revokes_what_it_issued(network: Network, browser: TestClient,
                                                                   client: Client, user: tuple[int, str]) -> None:  # fmt: skip
    code = get_code(browser, client, user[1])
    first = exchange(browser, client, code).json()
    assert me(network, first["access_token"]).status_code == 200
    again = exchange(browser, client, code)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert me(network, first["access_token"]).status_code == 401, "the reuse revoked the first token"
    refreshed = browser.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"],
                                                   "client_id": client.uid, "client_secret": client.secret})  # fmt: skip
    assert refreshed.json()["error"] == "invalid_grant", "and its refresh token"


def test_a_code_of_another_app_or_redirect_is_invalid_grant(network: Network, browser: TestClient, client: Client,
                                                             user: tuple[int, str]) -> None:  # fmt: skip
    other = oauth_app(network, name="other-client")
    code = get_code(browser, client, user[1])
    stolen = exchange(browser, other, code)
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    wrong_uri = exchange(browser, client, get_code(browser, client, user[1]), redirect_uri=CALLBACK + "/")
    assert wrong_uri.json()["error"] == "invalid_grant"


def test_refresh_rotates_and_a_used_refresh_token_is_invalid_grant(network: Network, browser: TestClient,
                                                                   client: Client, user: tuple[int, str]) -> None:  # fmt: skip
    first = exchange(browser, client, get_code(browser, client, user[1])).json()
    refresh = {"grant_type": "refresh_token", "client_id": client.uid, "client_secret": client.secret}
    second = browser.post("/oauth/token", data=refresh | {"refresh_token": first["refresh_token"]})
    assert second.status_code == 200, second.text
    rotated = second.json()
    assert list(rotated) == USER_TOKEN_KEYS and rotated["refresh_token"] != first["refresh_token"]
    assert rotated["scope"] == first["scope"]
    assert me(network, rotated["access_token"]).json()["id"] == user[0]
    assert me(network, first["access_token"]).status_code == 401, "the old access token is revoked"
    reused = browser.post("/oauth/token", data=refresh | {"refresh_token": first["refresh_token"]})
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    third = browser.post("/oauth/token", data=refresh | {"refresh_token": rotated["refresh_token"]})
    assert third.status_code == 200
    narrower = browser.post("/oauth/token", data=refresh | {"refresh_token": third.json()["refresh_token"],
                                                            "scope": "public profile"})  # fmt: skip
    assert narrower.json()["error"] == "invalid_scope", "a refresh cannot widen the scopes"


def test_pkce_s256_is_checked_when_used(network: Network, browser: TestClient, client: Client,
                                        user: tuple[int, str]) -> None:  # fmt: skip
    verifier, challenge = pkce_pair()
    pkce = {"code_challenge": challenge, "code_challenge_method": "S256"}
    code = get_code(browser, client, user[1], **pkce)
    missing = exchange(browser, client, code)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    wrong = exchange(
        browser, client, get_code(browser, client, user[1], **pkce), code_verifier=pkce_pair()[0]
    )
    assert wrong.json()["error"] == "invalid_grant"
    right = exchange(browser, client, get_code(browser, client, user[1], **pkce), code_verifier=verifier)
    assert right.status_code == 200, right.text


def test_pkce_plain_is_refused(
    network: Network, browser: TestClient, client: Client, user: tuple[int, str]
) -> None:
    sign_in(browser, user[1])
    response = browser.get("/oauth/authorize", params=authorize_params(
        client, code_challenge="a" * 50, code_challenge_method="plain"), follow_redirects=False)  # fmt: skip
    query = redirected_query(response)
    assert query["error"] == "invalid_request" and query["state"] == "xyz"


def test_consent_is_remembered_for_the_same_or_fewer_scopes(network: Network, browser: TestClient, client: Client,
                                                            user: tuple[int, str]) -> None:  # fmt: skip
    get_code(browser, client, user[1], scope="public projects")
    for scope in ("public projects", "public", "projects"):
        again = browser.get(
            "/oauth/authorize", params=authorize_params(client, scope=scope), follow_redirects=False
        )
        assert "code" in redirected_query(again), scope
    wider = browser.get("/oauth/authorize", params=authorize_params(client, scope="public profile"),
                        follow_redirects=False)  # fmt: skip
    assert wider.status_code == 200 and "profile" in wider.text, "a new scope asks again"


def test_denying_sends_access_denied_with_the_state(network: Network, browser: TestClient, client: Client,
                                                    user: tuple[int, str]) -> None:  # fmt: skip
    sign_in(browser, user[1])
    query = redirected_query(approve(browser, authorize_params(client, state="s-42"), decision="deny"))
    assert query == {
        "error": "access_denied",
        "error_description": query["error_description"],
        "state": "s-42",
    }


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "http://127.0.0.1:9/callbac",  # prefix
        "http://127.0.0.1:9/callback/more",  # suffix
        "http://127.0.0.1:9/callback/",  # trailing slash
        "HTTP://127.0.0.1:9/Callback",  # case
        "http://evil.example/callback",  # other host
        "http://user@127.0.0.1:9/callback",  # userinfo
        "http://127.0.0.1:9/%63allback",  # encoded
        "http://127.0.0.1:9/callback?x=1",  # extra query
        "http://127.0.0.1:9@evil.example/callback",  # host confusion
        "javascript:alert(1)",
    ],
)
def test_redirect_uri_variations_are_refused_on_our_page(network: Network, browser: TestClient, client: Client,
                                                         user: tuple[int, str], redirect_uri: str) -> None:  # fmt: skip
    sign_in(browser, user[1])
    params = authorize_params(client) | {"redirect_uri": redirect_uri}
    response = browser.get("/oauth/authorize", params=params, follow_redirects=False)
    assert response.status_code == 400 and "location" not in response.headers
    assert "Authorization error" in response.text
    csrf = csrf_of(browser.get("/login").text)
    posted = browser.post("/oauth/authorize", data=params | {"csrf_token": csrf,
                                                             "decision": "approve"}, follow_redirects=False)  # fmt: skip
    assert posted.status_code == 400 and "location" not in posted.headers


def test_an_unknown_client_is_shown_never_redirected(network: Network, browser: TestClient) -> None:
    for client_id in ("nope", "", "x" * 300):
        response = browser.get("/oauth/authorize", params={"client_id": client_id, "redirect_uri": CALLBACK,
                                                           "response_type": "code"}, follow_redirects=False)  # fmt: skip
        assert response.status_code == 400 and "location" not in response.headers


def test_bad_response_type_and_scope_go_back_to_the_client(network: Network, browser: TestClient, client: Client,
                                                           user: tuple[int, str]) -> None:  # fmt: skip
    sign_in(browser, user[1])
    token = browser.get("/oauth/authorize", params=authorize_params(client) | {"response_type": "token"},
                        follow_redirects=False)  # fmt: skip
    assert redirected_query(token)["error"] == "unsupported_response_type"
    scope = browser.get("/oauth/authorize", params=authorize_params(client, scope="public forum"),
                        follow_redirects=False)  # fmt: skip
    assert redirected_query(scope)["error"] == "invalid_scope"


def test_sign_in_needs_the_right_password_and_a_csrf_token(network: Network, browser: TestClient,
                                                           user: tuple[int, str]) -> None:  # fmt: skip
    wrong = sign_in(browser, user[1], password="not the password")
    assert wrong.status_code == 401 and "Wrong login or password" in wrong.text
    nobody = sign_in(browser, "no-such-login", password=PASSWORD)
    assert nobody.status_code == 401
    forged = browser.post("/login", data={"login": user[1], "password": PASSWORD, "csrf_token": "forged"},
                          follow_redirects=False)  # fmt: skip
    assert forged.status_code == 403
    fresh = TestClient(network.client.app)
    no_cookie = fresh.post("/login", data={"login": user[1], "password": PASSWORD, "csrf_token": "x" * 43},
                           follow_redirects=False)  # fmt: skip
    assert no_cookie.status_code == 403


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_sign_in_never_redirects_off_site(network: Network, browser: TestClient, user: tuple[int, str],
                                          target: str) -> None:  # fmt: skip
    response = sign_in(browser, user[1], next_path=target)
    assert response.status_code == 303 and response.headers["location"] == "/apps"


def test_consent_post_needs_the_csrf_token(network: Network, browser: TestClient, client: Client,
                                          user: tuple[int, str]) -> None:  # fmt: skip
    sign_in(browser, user[1])
    forged = browser.post("/oauth/authorize", data=authorize_params(client) | {"decision": "approve",
                                                                             "csrf_token": "forged"},
                          follow_redirects=False)  # fmt: skip
    assert forged.status_code == 403 and "location" not in forged.headers


def test_sign_out_ends_the_session(network: Network, browser: TestClient, client: Client,
                                   user: tuple[int, str]) -> None:  # fmt: skip
    sign_in(browser, user[1])
    page = browser.get("/oauth/authorize", params=authorize_params(client))
    assert (
        browser.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False).status_code
        == 303
    )
    again = browser.get("/oauth/authorize", params=authorize_params(client), follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/login")


def test_revocation_of_access_and_refresh_tokens(network: Network, browser: TestClient, client: Client,
                                                 user: tuple[int, str]) -> None:  # fmt: skip
    body = exchange(browser, client, get_code(browser, client, user[1])).json()
    auth = {"client_id": client.uid, "client_secret": client.secret}
    other = oauth_app(network, name="not-the-owner")
    foreign = browser.post("/oauth/revoke", data={"token": body["access_token"], "client_id": other.uid,
                                                  "client_secret": other.secret})  # fmt: skip
    assert foreign.status_code in (200, 400)
    assert me(network, body["access_token"]).status_code == 200, "another app cannot revoke it"
    revoked = browser.post("/oauth/revoke", data=auth | {"token": body["access_token"]})
    assert (revoked.status_code, revoked.json()) == (200, {})
    assert me(network, body["access_token"]).status_code == 401
    unknown = browser.post("/oauth/revoke", data=auth | {"token": "0" * 64})
    assert (unknown.status_code, unknown.json()) == (200, {}), "RFC 7009: unknown tokens are not an error"
    bad_client = browser.post("/oauth/revoke", data={"token": body["access_token"], "client_id": client.uid,
                                                     "client_secret": "wrong"})  # fmt: skip
    assert bad_client.status_code == 401 and bad_client.json()["error"] == "invalid_client"


def test_app_only_tokens_get_403_on_me(network: Network) -> None:
    response = network.get("/v2/me")
    assert response.status_code == 403
    assert jsonenc.loads(response.content)["error"] == "Forbidden"
