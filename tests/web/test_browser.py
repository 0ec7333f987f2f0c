"""The pages in a real browser: Debian's headless Chromium driven by Playwright, against a live server.

(a) sign in, register an app through the form, read its uid and secret, rotate the secret;
(b) the whole authorization-code round trip to a test client listening on a loopback port.

Chromium is required, not optional: without it these tests fail and say how to install it.
"""

from __future__ import annotations

import secrets
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from tests.auth.oauth_flow import PASSWORD, oauth_app
from tests.conftest import LiveServer
from tests.web.apps_flow import user_of_kind

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL = "install it with: apt-get update && apt-get install -y chromium (.ci/run does this)"
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium per test module (each context gets a fresh profile)."""
    if not CHROMIUM.exists():
        found = shutil.which("chromium")
        pytest.fail(f"the browser tests need Debian's chromium at {CHROMIUM} (found: {found}); {INSTALL}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "the browser tests need Playwright for Python: pip install -e '.[test]' (never `playwright "
            "install`: the tests use Debian's chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def login(live: LiveServer) -> str:
    return user_of_kind(live.network, staff=False, offset=20)[1]


class LoopbackClient:
    """The OAuth client's redirect URI: a stdlib HTTP server on 127.0.0.1 that records what it receives."""

    def __init__(self) -> None:
        self.received: list[dict[str, str]] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path == "/callback":
                    received.append({key: values[0] for key, values in parse_qs(parts.query).items()})
                body = b"<!doctype html><title>test client</title><p id='received'>received</p>"
                self.send_response(200 if parts.path == "/callback" else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.callback = f"http://127.0.0.1:{self.server.server_address[1]}/callback"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackClient:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def _sign_in(page: Any, login: str) -> None:
    page.wait_for_selector("#sign-in")
    page.fill("#login", login)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")


def _client_credentials(live: LiveServer, uid: str, secret: str) -> httpx.Response:
    data = {"grant_type": "client_credentials", "client_id": uid, "client_secret": secret}
    return httpx.post(f"{live.url}/oauth/token", data=data)


def test_register_an_app_and_rotate_its_secret_in_chromium(live: LiveServer, page: Any, login: str) -> None:
    page.goto(f"{live.url}/apps/new")
    assert urlsplit(page.url).path == "/login"  # not signed in yet
    _sign_in(page, login)
    page.wait_for_url(f"{live.url}/apps/new")
    name = f"browser app {secrets.token_hex(3)}"
    page.fill("#name", name)
    page.fill("#description", "Registered by Chromium")
    page.fill("#redirect_uris", "https://example.org/callback")
    page.check("#scope-projects")
    assert page.is_checked("#scope-public") and page.is_disabled("#scope-public")
    page.click("#save")
    page.wait_for_selector("#secret")
    assert page.text_content("#app-name") == name
    uid, secret = page.text_content("#uid").strip(), page.text_content("#secret").strip()
    assert len(uid) == 64 and len(secret) == 64
    assert "only time it is shown" in page.text_content("#secret-notice")
    assert "projects" in page.text_content("#scopes")
    assert _client_credentials(live, uid, secret).status_code == 200
    page.click("#rotate")
    page.wait_for_function("old => document.querySelector('#secret')?.textContent.trim() !== old", arg=secret)
    rotated = page.text_content("#secret").strip()
    assert len(rotated) == 64 and rotated != secret and page.text_content("#uid").strip() == uid
    refused = _client_credentials(live, uid, secret)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
    assert _client_credentials(live, uid, rotated).status_code == 200
    # The list links to it; the app page no longer shows any secret.
    page.goto(f"{live.url}/apps")
    page.click(f"text={name}")
    page.wait_for_selector("#uid")
    assert page.query_selector("#secret") is None and rotated not in page.content()


def test_authorization_code_round_trip_to_a_local_client_in_chromium(
    live: LiveServer, page: Any, login: str, tmp_path: Path
) -> None:
    with LoopbackClient() as client_app:
        client = oauth_app(
            live.network,
            name="Chromium round trip",
            scopes="public,projects",
            redirect_uris=(client_app.callback,),
        )
        state = secrets.token_urlsafe(16)
        query = {
            "client_id": client.uid,
            "redirect_uri": client_app.callback,
            "response_type": "code",
            "scope": "public projects",
            "state": state,
        }
        page.goto(f"{live.url}/oauth/authorize?{urlencode(query)}")
        assert urlsplit(page.url).path == "/login"
        _sign_in(page, login)
        page.wait_for_selector("#approve")
        assert urlsplit(page.url).path == "/oauth/authorize"
        assert page.text_content("#app-name") == "Chromium round trip"
        scopes = [item.strip() for item in page.locator("#scopes li").all_text_contents()]
        assert [scope.split(":")[0] for scope in scopes] == ["public", "projects"]
        assert all(": " in scope and len(scope) > len("projects: ") for scope in scopes)  # described
        page.screenshot(path=str(tmp_path / "consent.png"), full_page=True)
        page.click("#approve")
        page.wait_for_url(f"{client_app.callback}?**")
        assert page.text_content("#received") == "received"
        assert len(client_app.received) == 1
        received = client_app.received[0]
    assert received["state"] == state and len(received["code"]) == 64
    token = httpx.post(
        f"{live.url}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": received["code"],
            "redirect_uri": client_app.callback,
            "client_id": client.uid,
            "client_secret": client.secret,
        },
    )
    assert token.status_code == 200, token.text
    body = token.json()
    assert body["token_type"] == "bearer" and body["scope"] == "public projects" and body["refresh_token"]
    me = httpx.get(f"{live.url}/v2/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200, me.text
    assert me.json()["login"] == login
