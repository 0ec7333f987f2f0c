"""The protocol around every read: headers, errors, lookups, /v2/me, search (DESIGN §4.1-4.6, §4.12)."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from openintra.app import create_app
from openintra.auth.apps import create_app_record
from tests.conftest import Network, insert_token, settings_for


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_every_response_has_a_request_id_and_a_runtime(network: Network) -> None:
    for response in (network.get("/v2/users"), network.get("/v2/nope"), network.client.get("/healthz"),
                     network.client.get("/v2/users")):  # fmt: skip
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])
        assert float(response.headers["X-Runtime"]) >= 0


def test_v2_responses_carry_rate_limit_and_application_headers(network: Network) -> None:
    for response in (network.get("/v2/users"), network.get("/v2/users", sort="nope")):
        assert response.headers["X-Secondly-RateLimit-Limit"] == "100000"
        assert int(response.headers["X-Secondly-RateLimit-Remaining"]) < 100000
        assert response.headers["X-Hourly-RateLimit-Limit"] == "10000000"
        assert response.headers["X-Application-Name"] == "public"
        assert response.headers["X-Application-Id"] == str(network.apps["public"]["id"])
        assert response.headers["X-Application-Roles"] == "None"
    assert network.get("/v2/users", "tutor").headers["X-Application-Roles"] == "Advanced tutor"


def test_unknown_route_and_record_are_404_with_an_empty_object(network: Network) -> None:
    for path in ("/v2/nope", "/v2/users/0/nope", "/v2/users/nobody-has-this-login", "/nope"):
        response = network.get(path)
        assert (response.status_code, response.json()) == (404, {}), path


def test_trailing_slash_and_json_suffix_are_the_same_route(network: Network) -> None:
    listing = network.get("/v2/campus")
    assert network.get("/v2/campus/").json() == listing.json()
    first = listing.json()[0]["id"]
    assert network.get(f"/v2/campus/{first}.json").json() == network.get(f"/v2/campus/{first}").json()


def test_a_page_past_the_end_is_an_empty_list_with_headers(network: Network) -> None:
    response = network.get("/v2/users", page=10_000)
    assert response.status_code == 200 and response.json() == []
    assert response.headers["X-Page"] == "10000"
    assert 'rel="next"' not in response.headers.get("Link", "") and 'rel="first"' in response.headers["Link"]


def test_link_urls_are_absolute_on_the_public_url_and_keep_other_params(network: Network) -> None:
    app = create_app(settings_for(network.db.url, public_url="https://intra.example.org/"), network.db.engine)
    with TestClient(app) as client:
        response = client.get("/v2/users?filter[kind]=student&page[size]=5&page[number]=2",
                              headers=bearer(network.tokens["public"]))  # fmt: skip
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"]))
    assert list(links) == ["next", "prev", "first", "last"]
    assert links["next"].startswith("https://intra.example.org/v2/users?")
    assert "filter%5Bkind%5D=student" in links["next"] and "page%5Bsize%5D=5" in links["next"]
    assert links["next"].endswith("&page=3") and links["first"].endswith("&page=1")
    last = int(links["last"].rsplit("=", 1)[1])
    assert last == -(-int(response.headers["X-Total"]) // 5)


def test_search_is_case_insensitive_contains_with_wildcards(network: Network) -> None:
    logins = [row[0] for row in network.sql("SELECT login FROM users")]
    sample = sorted(logins)[len(logins) // 2]
    fragment = sample[1:3].upper()
    found = [u["login"] for u in network.get("/v2/users", per_page=100, **{"search[login]": fragment}).json()]
    assert sample in found and all(fragment.lower() in login for login in found)
    pattern = sample[0] + "_" + sample[2:]
    assert sample in [u["login"] for u in network.get("/v2/users", **{"search[login]": pattern}).json()]


def test_flat_routes_take_the_parents_param_with_its_lookup(network: Network) -> None:
    user_id, login = network.sql(
        "SELECT u.id, u.login FROM users u JOIN projects_users p ON p.user_id = u.id LIMIT 1"
    )[0]
    by_id = network.get("/v2/projects_users", user_id=user_id).json()
    assert by_id and {item["user"]["id"] for item in by_id} == {user_id}
    assert network.get("/v2/projects_users", user_id=login).json() == by_id
    missing = network.get("/v2/projects_users", user_id="nobody-has-this-login")
    assert (missing.status_code, missing.json()) == (404, {})


def test_expired_and_revoked_tokens_get_their_401(network: Network) -> None:
    expired = network.client.get("/v2/users", headers=bearer(insert_token(network, ttl=-1)))
    assert expired.status_code == 401
    assert expired.json() == {"error": "Not authorized", "message": "The access token expired"}
    assert 'error_description="The access token expired"' in expired.headers["WWW-Authenticate"]
    revoked = network.client.get("/v2/users", headers=bearer(insert_token(network, revoked=True)))
    assert revoked.status_code == 401
    assert revoked.json()["message"] == "The access token is invalid"


def test_access_token_query_parameter_is_a_bearer_token(network: Network) -> None:
    response = network.client.get("/v2/campus", params={"access_token": network.tokens["public"]})
    assert response.status_code == 200


def test_me_is_the_tokens_user_in_full(network: Network) -> None:
    user_id, login = network.sql("SELECT u.id, u.login FROM users u JOIN projects_users p ON p.user_id = u.id "
                                 "JOIN teams_users t ON t.user_id = u.id LIMIT 1")[0]  # fmt: skip
    token = insert_token(network, user_id=user_id)
    me = network.client.get("/v2/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json() == network.get(f"/v2/users/{login}").json()
    assert network.client.get("/v2/me/", headers=bearer(token)).json() == me.json()
    projects = network.client.get("/v2/me/projects", headers=bearer(token)).json()
    assert {p["id"] for p in projects} == {pu["project"]["id"] for pu in me.json()["projects_users"]}
    teams = network.client.get("/v2/me/teams", headers=bearer(token)).json()
    assert teams and all(any(u["id"] == user_id for u in team["users"]) for team in teams)
    app_only = network.get("/v2/me")
    assert app_only.status_code == 403 and app_only.json()["error"] == "Forbidden"


def test_token_info_describes_the_token(network: Network) -> None:
    response = network.client.get("/oauth/token/info", headers=bearer(network.tokens["public"]))
    body = response.json()
    assert list(body) == ["resource_owner_id", "scopes", "expires_in_seconds", "application", "created_at"]
    assert body["resource_owner_id"] is None and body["scopes"] == ["public"]
    assert body["application"] == {"uid": network.apps["public"]["uid"]}
    assert 7000 < body["expires_in_seconds"] <= 7200 and isinstance(body["created_at"], int)
    assert network.client.get("/oauth/token/info").status_code == 401


def test_rate_limit_refuses_the_third_request_in_a_second(network: Network) -> None:
    from tests.conftest import issue_token

    record = create_app_record(network.db.engine, settings_for(network.db.url), name="slow", scopes="public",
                               roles="", redirect_uris=[], rate_secondly=2, rate_hourly=1200, owner=None)  # fmt: skip
    token = issue_token(network.client, record)
    responses = []
    for _ in range(8):  # within one window of one second, two pass and the next is refused
        responses.append(network.client.get("/v2/cursus", headers=bearer(token)))
        if responses[-1].status_code == 429:
            break
    refused = responses[-1]
    assert refused.status_code == 429, [r.status_code for r in responses]
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["error"] == "Too Many Requests"
    passed = len(responses) - 1
    assert refused.headers["X-Hourly-RateLimit-Remaining"] == str(1200 - passed), (
        "a refusal costs no hourly budget"
    )


def test_other_methods_on_read_routes_keep_the_applications_answers(network: Network) -> None:
    """GETs take the per-resource fast path; other methods still get the application's answers:
    a verb a /v2 path does not take is no route at all (Rails), ``404 {}`` rather than a 405."""
    headers = {"Authorization": f"Bearer {network.tokens['public']}"}
    response = network.client.request("PATCH", "/v2/cursus", headers=headers)
    assert response.status_code == 404 and response.json() == {}
    assert network.get("/v2/users/1/projects_users/nope").json() == {}
