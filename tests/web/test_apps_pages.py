"""The app management pages: list, register, show, edit, rotate, delete; staff powers; refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from openintra.auth.roles import ROLES
from openintra.auth.tokens import digest
from openintra.core.clock import as_utc, format_ts, utc_now
from openintra.models.platform import OAuthApp
from tests.auth.oauth_flow import (
    CALLBACK,
    Client,
    approve,
    authorize_params,
    csrf_of,
    exchange,
    redirected_query,
    sign_in,
)
from tests.catalog import catalog
from tests.conftest import Network
from tests.web.apps_flow import app_id_of, csrf, register, signed_in, text_of, user_of_kind

SECRET_TTL = dt.timedelta(days=180)  # Settings.secret_ttl_days' default


@pytest.fixture
def owner(network: Network) -> tuple[int, str]:
    return user_of_kind(network, staff=False, offset=10)


@pytest.fixture
def other(network: Network) -> tuple[int, str]:
    return user_of_kind(network, staff=False, offset=11)


@pytest.fixture
def staff(network: Network) -> tuple[int, str]:
    return user_of_kind(network, staff=True)


def _browser(network: Network) -> Iterator[TestClient]:
    with TestClient(network.client.app) as client:
        yield client


@pytest.fixture
def browser(network: Network, owner: tuple[int, str]) -> Iterator[TestClient]:
    """The owner's browser, signed in."""
    for client in _browser(network):
        yield signed_in(client, owner[1])


@pytest.fixture
def intruder(network: Network, other: tuple[int, str]) -> Iterator[TestClient]:
    """Another (non-staff) user's browser, signed in."""
    for client in _browser(network):
        yield signed_in(client, other[1])


@pytest.fixture
def staff_browser(network: Network, staff: tuple[int, str]) -> Iterator[TestClient]:
    for client in _browser(network):
        yield signed_in(client, staff[1])


@pytest.fixture
def anonymous(network: Network) -> Iterator[TestClient]:
    yield from _browser(network)


def _app_row(network: Network, app_id: int) -> Any:
    with network.db.engine.connect() as conn:
        return conn.execute(select(OAuthApp.__table__).where(OAuthApp.__table__.c.id == app_id)).first()


def _count(network: Network, table: str, app_id: int | None = None) -> int:
    if app_id is None:
        return int(network.sql(f"SELECT count(*) FROM {table}")[0][0])
    return int(network.sql(f"SELECT count(*) FROM {table} WHERE app_id = :i", i=app_id)[0][0])


def _token(network: Network, uid: str, secret: str) -> Any:
    return network.client.post(
        "/oauth/token", data={"grant_type": "client_credentials", "client_id": uid, "client_secret": secret}
    )


def _created(http: TestClient, **fields: str) -> tuple[int, str, str]:
    """Register an app through the form: its id, uid and the secret shown once."""
    page = register(http, **fields)
    assert page.status_code == 201, page.text
    return app_id_of(page.text), text_of(page.text, "uid"), text_of(page.text, "secret")


# --- the catalog's roles ----------------------------------------------------------------------------


def test_roles_are_the_catalogs() -> None:
    assert [(name, meaning) for name, meaning in ROLES] == [
        (role["name"], role["meaning"]) for role in catalog()["roles"]
    ]


# --- signing in -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/apps", "/apps/new", "/apps/1", "/apps/1/edit", "/apps/1/delete"])
def test_a_visitor_is_sent_to_sign_in(anonymous: TestClient, path: str) -> None:
    response = anonymous.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=" + path.replace("/", "%2F")


def test_a_visitor_posting_is_sent_to_sign_in_and_nothing_is_written(
    network: Network, anonymous: TestClient
) -> None:
    before = _count(network, "oauth_apps")
    token = csrf(anonymous, "/login")
    response = anonymous.post("/apps/new", data={"name": "x", "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Fapps%2Fnew"
    rotate = anonymous.post("/apps/1/secret", data={"csrf_token": token}, follow_redirects=False)
    assert rotate.status_code == 303 and rotate.headers["location"] == "/login?next=%2Fapps%2F1"
    assert _count(network, "oauth_apps") == before


def test_signing_in_goes_back_to_the_page_asked_for(anonymous: TestClient, owner: tuple[int, str]) -> None:
    response = sign_in(anonymous, owner[1], next_path="/apps/new")
    assert response.status_code == 303 and response.headers["location"] == "/apps/new"
    assert anonymous.get("/apps/new").status_code == 200


# --- register and show ------------------------------------------------------------------------------


def test_the_registration_form_offers_every_scope_and_no_staff_fields(browser: TestClient) -> None:
    page = browser.get("/apps/new")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for scope in ("public", "projects", "profile", "elearning", "tig", "forum"):
        assert f'name="scope:{scope}"' in page.text
    assert 'name="role:' not in page.text and "rate_limit_secondly" not in page.text


def test_registering_shows_the_app_and_its_secret_once(
    network: Network, browser: TestClient, owner: tuple[int, str]
) -> None:
    before = utc_now()
    page = register(
        browser,
        name="  Dashboard  ",
        description="Shows my projects",
        website="https://example.org",
        image="https://example.org/logo.png",
        redirect_uris=f"{CALLBACK}\r\nhttps://example.org/cb\n\n",
        **{"scope:projects": "on", "scope:profile": "on"},
    )
    assert page.status_code == 201, page.text
    assert page.headers["Cache-Control"] == "no-store"
    app_id, uid, secret = app_id_of(page.text), text_of(page.text, "uid"), text_of(page.text, "secret")
    assert len(uid) == 64 and len(secret) == 64
    assert "only time it is shown" in page.text
    assert text_of(page.text, "app-name") == "Dashboard"
    assert text_of(page.text, "app-description") == "Shows my projects"
    assert text_of(page.text, "rate-limits") == "2 requests per second, 1200 per hour"
    for shown in ("public", "projects", "profile", CALLBACK, "https://example.org/cb"):
        assert shown in page.text
    row = _app_row(network, app_id)
    assert row.name == "Dashboard" and row.owner_id == owner[0] and row.uid == uid
    assert row.secret_digest == digest(secret) and secret not in str(tuple(row))
    assert row.scopes == "public projects profile" and row.roles == ""
    assert row.redirect_uris == f"{CALLBACK}\nhttps://example.org/cb"
    assert row.website == "https://example.org" and row.image == "https://example.org/logo.png"
    valid_until = as_utc(row.secret_valid_until)
    assert before + SECRET_TTL - dt.timedelta(seconds=5) <= valid_until <= utc_now() + SECRET_TTL
    assert text_of(page.text, "secret-valid-until") == format_ts(valid_until)
    # The app page, seen again, never shows the secret.
    again = browser.get(f"/apps/{app_id}")
    assert again.status_code == 200 and secret not in again.text and 'id="secret"' not in again.text
    assert text_of(again.text, "uid") == uid and "only its digest is stored" in again.text
    # And the secret works.
    token = _token(network, uid, secret)
    assert token.status_code == 200 and token.json()["scope"] == "public"


def test_public_is_always_on_and_an_app_may_have_no_redirect_uri(
    network: Network, browser: TestClient
) -> None:
    app_id, _uid, _secret = _created(browser, name="cron job")
    row = _app_row(network, app_id)
    assert (
        row.scopes == "public" and row.redirect_uris == "" and row.description is None and row.website is None
    )


def test_the_list_shows_ones_own_apps_only(browser: TestClient, intruder: TestClient) -> None:
    mine, _uid, _secret = _created(browser, name="mine-in-the-list")
    theirs, _uid, _secret = _created(intruder, name="theirs-in-the-list")
    page = browser.get("/apps")
    assert page.status_code == 200
    assert f'href="/apps/{mine}"' in page.text and "mine-in-the-list" in page.text
    assert f'href="/apps/{theirs}"' not in page.text and "theirs-in-the-list" not in page.text
    assert "<th>Owner</th>" not in page.text


# --- validation -------------------------------------------------------------------------------------

INVALID = [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 256}, "name"),
    ({"redirect_uris": "https://example.org/cb#top"}, "redirect_uris"),
    ({"redirect_uris": "https://user:pw@example.org/cb"}, "redirect_uris"),
    ({"redirect_uris": "https://user@example.org/cb"}, "redirect_uris"),
    ({"redirect_uris": "/callback"}, "redirect_uris"),
    ({"redirect_uris": "ftp://example.org/cb"}, "redirect_uris"),
    ({"redirect_uris": "javascript:alert(1)"}, "redirect_uris"),
    ({"redirect_uris": "https://example.org/ok\nhttp:///no-host"}, "redirect_uris"),
    ({"redirect_uris": "https://example.org:99999/cb"}, "redirect_uris"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"website": "example.org"}, "website"),
    ({"image": "data:image/png;base64,AAAA"}, "image"),
    ({"image": "https://example.org/" + "x" * 250}, "image"),
    ({"scope:admin": "on"}, "scopes"),
]


@pytest.mark.parametrize(
    ("fields", "field"), INVALID, ids=[f"{field}-{i}" for i, (_, field) in enumerate(INVALID)]
)
def test_an_invalid_registration_is_422_on_the_form_and_writes_nothing(
    network: Network, browser: TestClient, fields: dict[str, str], field: str
) -> None:
    before = _count(network, "oauth_apps")
    page = register(browser, **({"name": "valid name"} | fields))
    assert page.status_code == 422, page.text
    assert 'id="form-errors"' in page.text and f'id="error-{field}-1"' in page.text
    assert 'action="/apps/new"' in page.text  # the form again, as typed
    assert _count(network, "oauth_apps") == before


def test_a_refused_form_keeps_what_was_typed(browser: TestClient) -> None:
    page = register(
        browser,
        name="kept",
        description="<b>kept too</b>",
        redirect_uris="https://e.org/a#frag",
        **{"scope:forum": "on"},
    )
    assert page.status_code == 422
    assert 'value="kept"' in page.text and "&lt;b&gt;kept too&lt;/b&gt;" in page.text
    assert "https://e.org/a#frag" in page.text and "line 1" in text_of(page.text, "error-redirect_uris-1")
    assert 'id="scope-forum" value="on"\n      checked' in page.text


# --- CSRF -------------------------------------------------------------------------------------------


def test_every_post_needs_the_csrf_token(network: Network, browser: TestClient) -> None:
    app_id, uid, secret = _created(browser, name="guarded")
    before = tuple(_app_row(network, app_id))
    apps = _count(network, "oauth_apps")
    for token in (None, "", "forged"):
        data = {} if token is None else {"csrf_token": token}
        posts = [
            ("/apps/new", {"name": "sneaky"}),
            (f"/apps/{app_id}", {"name": "renamed"}),
            (f"/apps/{app_id}/secret", {}),
            (f"/apps/{app_id}/delete", {"confirm": "yes"}),
        ]
        for path, fields in posts:
            response = browser.post(path, data=fields | data, follow_redirects=False)
            assert response.status_code == 403, (path, token)
            assert "The form expired" in response.text
    assert _count(network, "oauth_apps") == apps
    assert tuple(_app_row(network, app_id)) == before
    assert _token(network, uid, secret).status_code == 200


# --- other users' apps ------------------------------------------------------------------------------


def test_someone_elses_app_is_a_404_like_a_missing_one(
    network: Network, browser: TestClient, intruder: TestClient
) -> None:
    app_id, uid, secret = _created(browser, name="private app")
    before = tuple(_app_row(network, app_id))
    missing = 10**9
    token = csrf(intruder)
    for target in (app_id, missing):
        for path in (f"/apps/{target}", f"/apps/{target}/edit", f"/apps/{target}/delete"):
            response = intruder.get(path)
            assert response.status_code == 404 and "private app" not in response.text, path
            assert "There is no such application." in response.text
        posts = [
            (f"/apps/{target}", {"name": "taken over"}),
            (f"/apps/{target}/secret", {}),
            (f"/apps/{target}/delete", {"confirm": "yes"}),
        ]
        for path, fields in posts:
            response = intruder.post(path, data=fields | {"csrf_token": token}, follow_redirects=False)
            assert response.status_code == 404 and "private app" not in response.text, path
            assert uid not in response.text
    assert tuple(_app_row(network, app_id)) == before
    assert _token(network, uid, secret).status_code == 200


# --- edit -------------------------------------------------------------------------------------------


def test_editing_an_app(network: Network, browser: TestClient) -> None:
    app_id, _uid, _secret = _created(
        browser, name="before", redirect_uris=CALLBACK, **{"scope:projects": "on"}
    )
    form = browser.get(f"/apps/{app_id}/edit")
    assert form.status_code == 200
    assert 'value="before"' in form.text and CALLBACK in form.text and f'action="/apps/{app_id}"' in form.text
    response = browser.post(
        f"/apps/{app_id}",
        data={
            "csrf_token": csrf(browser),
            "name": "after",
            "description": "now described",
            "website": "http://example.org",
            "redirect_uris": "https://example.org/one\nhttps://example.org/two",
            "scope:forum": "on",
            "scope:tig": "on",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == f"/apps/{app_id}"
    row = _app_row(network, app_id)
    assert row.name == "after" and row.description == "now described" and row.website == "http://example.org"
    assert row.scopes == "public tig forum"  # SCOPE_DESCRIPTIONS' order; projects unchecked, so removed
    assert row.redirect_uris == "https://example.org/one\nhttps://example.org/two"
    page = browser.get(f"/apps/{app_id}")
    assert text_of(page.text, "app-name") == "after" and "https://example.org/two" in page.text
    # Emptying the optional fields clears them.
    browser.post(
        f"/apps/{app_id}",
        data={
            "csrf_token": csrf(browser),
            "name": "after",
            "description": "",
            "website": "",
            "redirect_uris": "",
        },
    )
    row = _app_row(network, app_id)
    assert (
        row.description is None and row.website is None and row.redirect_uris == "" and row.scopes == "public"
    )


def test_an_invalid_edit_is_422_and_writes_nothing(network: Network, browser: TestClient) -> None:
    app_id, _uid, _secret = _created(browser, name="stays")
    before = tuple(_app_row(network, app_id))
    response = browser.post(
        f"/apps/{app_id}",
        data={"csrf_token": csrf(browser), "name": "changed", "redirect_uris": "https://a:b@example.org/"},
    )
    assert response.status_code == 422 and 'id="error-redirect_uris-1"' in response.text
    assert "user name or password" in response.text and 'value="changed"' in response.text
    assert tuple(_app_row(network, app_id)) == before


def test_only_staff_change_roles_and_rate_limits(network: Network, browser: TestClient) -> None:
    app_id, _uid, _secret = _created(browser, name="ambitious")
    assert "role:" not in browser.get(f"/apps/{app_id}/edit").text
    before = tuple(_app_row(network, app_id))
    for extra in ({"role:Intrateam": "on"}, {"rate_limit_hourly": "999999"}, {"staff_fields": "1"}):
        response = browser.post(
            f"/apps/{app_id}", data={"csrf_token": csrf(browser), "name": "ambitious"} | extra
        )
        assert response.status_code == 403 and "Only staff" in response.text
        created = register(browser, name="ambitious too", **extra)
        assert created.status_code == 403
    assert tuple(_app_row(network, app_id)) == before
    assert network.sql("SELECT id FROM oauth_apps WHERE name = 'ambitious too'") == []


# --- staff ------------------------------------------------------------------------------------------


def test_staff_see_every_app_with_its_owner(
    network: Network, browser: TestClient, staff_browser: TestClient, owner: tuple[int, str]
) -> None:
    app_id, uid, _secret = _created(browser, name="seen by staff")
    listing = staff_browser.get("/apps")
    assert listing.status_code == 200 and "<th>Owner</th>" in listing.text
    assert f'href="/apps/{app_id}"' in listing.text and owner[1] in listing.text
    assert "All applications" in listing.text
    page = staff_browser.get(f"/apps/{app_id}")
    assert (
        page.status_code == 200
        and text_of(page.text, "owner") == owner[1]
        and text_of(page.text, "uid") == uid
    )
    # Apps without an owner (the CLI's) are listed too.
    assert f'href="/apps/{network.apps["public"]["id"]}"' in listing.text


def test_staff_grant_and_remove_roles_and_change_rate_limits(
    network: Network, browser: TestClient, staff_browser: TestClient
) -> None:
    app_id, uid, secret = _created(browser, name="promoted", **{"scope:projects": "on"})
    form = staff_browser.get(f"/apps/{app_id}/edit")
    assert form.status_code == 200
    for name, _meaning in ROLES:
        assert f'name="role:{name}"' in form.text
    data = {
        "csrf_token": csrf(staff_browser),
        "name": "promoted",
        "scope:projects": "on",
        "staff_fields": "1",
        "role:Official App": "on",
        "role:Advanced tutor": "on",
        "rate_limit_secondly": "50",
        "rate_limit_hourly": "50000",
    }
    response = staff_browser.post(f"/apps/{app_id}", data=data, follow_redirects=False)
    assert response.status_code == 303
    row = _app_row(network, app_id)
    assert row.roles == "Advanced tutor,Official App"  # the catalog's order
    assert (row.rate_limit_secondly, row.rate_limit_hourly) == (50, 50000) and row.owner_id is not None
    page = staff_browser.get(f"/apps/{app_id}")
    assert text_of(page.text, "roles") == "Advanced tutor, Official App"
    assert text_of(page.text, "rate-limits") == "50 requests per second, 50000 per hour"
    # The API sees the roles and the limits.
    token = _token(network, uid, secret).json()["access_token"]
    api = network.client.get("/v2/cursus", headers={"Authorization": f"Bearer {token}"})
    assert api.headers["X-Application-Roles"] == "Advanced tutor,Official App"
    assert (
        api.headers["X-Secondly-RateLimit-Limit"] == "50"
        and api.headers["X-Hourly-RateLimit-Limit"] == "50000"
    )
    # The owner's own edit keeps what staff set.
    browser.post(f"/apps/{app_id}", data={"csrf_token": csrf(browser), "name": "promoted by staff"})
    row = _app_row(network, app_id)
    assert row.name == "promoted by staff" and row.roles == "Advanced tutor,Official App"
    assert row.rate_limit_secondly == 50
    # Unchecking every role removes them.
    data = {
        "csrf_token": csrf(staff_browser),
        "name": "promoted",
        "staff_fields": "1",
        "rate_limit_secondly": "2",
        "rate_limit_hourly": "1200",
    }
    assert staff_browser.post(f"/apps/{app_id}", data=data, follow_redirects=False).status_code == 303
    row = _app_row(network, app_id)
    assert row.roles == "" and (row.rate_limit_secondly, row.rate_limit_hourly) == (2, 1200)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"role:Emperor": "on"}, "roles"),
        ({"rate_limit_secondly": "0"}, "rate_limit_secondly"),
        ({"rate_limit_secondly": "-3"}, "rate_limit_secondly"),
        ({"rate_limit_hourly": "many"}, "rate_limit_hourly"),
        ({"rate_limit_hourly": "10000000000"}, "rate_limit_hourly"),
    ],
)
def test_staff_input_is_validated_too(
    network: Network, staff_browser: TestClient, fields: dict[str, str], field: str
) -> None:
    app_id, _uid, _secret = _created(staff_browser, name="staff's own")
    before = tuple(_app_row(network, app_id))
    data = {"csrf_token": csrf(staff_browser), "name": "staff's own", "staff_fields": "1"} | fields
    response = staff_browser.post(f"/apps/{app_id}", data=data)
    assert response.status_code == 422 and f'id="error-{field}-1"' in response.text
    assert tuple(_app_row(network, app_id)) == before
    apps = _count(network, "oauth_apps")
    assert register(staff_browser, **({"staff_fields": "1"} | fields)).status_code == 422
    assert _count(network, "oauth_apps") == apps


def test_staff_may_register_with_roles(
    network: Network, staff_browser: TestClient, staff: tuple[int, str]
) -> None:
    assert 'name="role:Beta"' in staff_browser.get("/apps/new").text
    app_id, _uid, _secret = _created(
        staff_browser,
        name="staff app",
        staff_fields="1",
        **{"role:Beta": "on"},
        rate_limit_secondly="8",
        rate_limit_hourly="4000",
    )
    row = _app_row(network, app_id)
    assert row.roles == "Beta" and (row.rate_limit_secondly, row.rate_limit_hourly) == (8, 4000)
    assert row.owner_id == staff[0]


# --- rotation ---------------------------------------------------------------------------------------


def test_rotating_the_secret(network: Network, browser: TestClient) -> None:
    app_id, uid, old = _created(browser, name="rotated")
    issued = _token(network, uid, old).json()["access_token"]
    before = as_utc(_app_row(network, app_id).secret_valid_until)
    page = browser.post(f"/apps/{app_id}/secret", data={"csrf_token": csrf(browser)}, follow_redirects=False)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    new = text_of(page.text, "secret")
    assert len(new) == 64 and new != old and text_of(page.text, "uid") == uid
    row = _app_row(network, app_id)
    assert row.secret_digest == digest(new) and as_utc(row.secret_valid_until) >= before
    assert as_utc(row.secret_valid_until) >= utc_now() + SECRET_TTL - dt.timedelta(seconds=5)
    assert text_of(page.text, "secret-valid-until") == format_ts(as_utc(row.secret_valid_until))
    refused = _token(network, uid, old)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
    fresh = _token(network, uid, new)
    assert fresh.status_code == 200 and fresh.json()["secret_valid_until"] == int(
        as_utc(row.secret_valid_until).timestamp()
    )
    # A token issued before the rotation stays valid until it expires.
    assert (
        network.client.get("/oauth/token/info", headers={"Authorization": f"Bearer {issued}"}).status_code
        == 200
    )
    assert new not in browser.get(f"/apps/{app_id}").text


def test_staff_rotate_someone_elses_secret(
    network: Network, browser: TestClient, staff_browser: TestClient
) -> None:
    app_id, uid, old = _created(browser, name="rotated by staff")
    page = staff_browser.post(f"/apps/{app_id}/secret", data={"csrf_token": csrf(staff_browser)})
    assert page.status_code == 200
    assert _token(network, uid, old).status_code == 401
    assert _token(network, uid, text_of(page.text, "secret")).status_code == 200


# --- deletion ---------------------------------------------------------------------------------------


def test_deletion_asks_for_confirmation(network: Network, browser: TestClient) -> None:
    app_id, uid, secret = _created(browser, name="almost deleted")
    _token(network, uid, secret)
    confirm = browser.get(f"/apps/{app_id}/delete")
    assert confirm.status_code == 200 and text_of(confirm.text, "app-name") == "almost deleted"
    assert (
        text_of(confirm.text, "token-count") == "its 1 access token"
        and 'name="confirm" value="yes"' in confirm.text
    )
    response = browser.post(
        f"/apps/{app_id}/delete", data={"csrf_token": csrf(browser)}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == f"/apps/{app_id}/delete"
    assert _app_row(network, app_id) is not None


def test_deleting_an_app_removes_its_tokens_codes_and_consents(
    network: Network, browser: TestClient, other: tuple[int, str]
) -> None:
    app_id, uid, secret = _created(browser, name="doomed", redirect_uris=CALLBACK, **{"scope:projects": "on"})
    client = Client(app_id, uid, secret)
    # A user (in a browser of their own) authorizes the app: a consent, a redeemed code, a user token.
    with TestClient(network.client.app) as user_browser:
        signed_in(user_browser, other[1])
        code = redirected_query(approve(user_browser, authorize_params(client)))["code"]
        user_token = exchange(user_browser, client, code).json()["access_token"]
        redirected_query(approve(user_browser, authorize_params(client, state="second")))  # an unused code
    app_token = _token(network, uid, secret).json()["access_token"]
    assert network.client.get("/v2/me", headers={"Authorization": f"Bearer {user_token}"}).status_code == 200
    assert _count(network, "oauth_access_tokens", app_id) == 2
    assert _count(network, "oauth_grants", app_id) == 2 and _count(network, "oauth_consents", app_id) == 1
    confirm = browser.get(f"/apps/{app_id}/delete")
    assert text_of(confirm.text, "token-count") == "its 2 access tokens"
    response = browser.post(
        f"/apps/{app_id}/delete",
        data={"csrf_token": csrf_of(confirm.text), "confirm": "yes"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/apps"
    assert _app_row(network, app_id) is None
    for table in ("oauth_access_tokens", "oauth_grants", "oauth_consents"):
        assert _count(network, table, app_id) == 0, table
    for token in (user_token, app_token):
        gone = network.client.get("/v2/me", headers={"Authorization": f"Bearer {token}"})
        assert gone.status_code == 401 and gone.json()["error"] == "Not authorized"
    refused = _token(network, uid, secret)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
    assert browser.get(f"/apps/{app_id}").status_code == 404
    assert f'href="/apps/{app_id}"' not in browser.get("/apps").text


def test_staff_delete_someone_elses_app(
    network: Network, browser: TestClient, staff_browser: TestClient
) -> None:
    app_id, _uid, _secret = _created(browser, name="removed by staff")
    response = staff_browser.post(
        f"/apps/{app_id}/delete",
        data={"csrf_token": csrf(staff_browser), "confirm": "yes"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and _app_row(network, app_id) is None
