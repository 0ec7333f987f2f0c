"""Served routes against the catalog: every GET route of every catalog resource is served and answers.

``PENDING`` names catalog GET routes not served yet; it is empty (every one of them is served).
"""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route

from openintra.api.spec import Access, Need
from openintra.app import create_app
from openintra.auth.apps import create_app_record
from openintra.core.principal import SCOPES
from tests.catalog import catalog
from tests.conftest import Network, insert_token, settings_for

PENDING: set[str] = set()
"""Catalog GET routes not served yet (empty: every one is served)."""

EXTENSIONS = {
    "/v2/oauth/token/info",  # DESIGN §4.9: the OAuth endpoints also answer under /v2
    # The legacy forum (api-routes §2.3; not in the current apidoc, so not in the catalog): the routes
    # clients use, plus the index and show of each forum resource (GUESS).
    "/v2/topics",
    "/v2/topics/unread",
    "/v2/topics/:p",
    "/v2/topics/:p/messages",
    "/v2/cursus/:p/topics",
    "/v2/tags/:p/topics",
    "/v2/users/:p/topics",
    "/v2/messages",
    "/v2/messages/:p",
    "/v2/messages/:p/messages",
    "/v2/me/topics/:p/votes",
    "/v2/votes",
    "/v2/votes/:p",
}


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}|:[a-z_]+", ":p", path)


def _served_get_paths(tmp_path: object) -> set[str]:
    app = create_app(settings_for(f"sqlite:///{tmp_path}/routes.db"))
    return {_shape(r.path) for r in app.router.routes if isinstance(r, Route) and "GET" in (r.methods or ())}


def _catalog_get_paths() -> set[str]:
    """Every GET route of every resource of the catalog."""
    paths = set()
    for resource in catalog()["resources"].values():
        for route in resource["routes"]:
            if route["method"] == "GET":
                paths.update(_shape(path) for path in route.get("expanded_paths") or [route["path"]])
    return paths


def test_every_catalog_get_route_is_served(tmp_path: object) -> None:
    catalog_paths = _catalog_get_paths()
    assert len(catalog_paths) > 370, "the catalog lists 376 GET routes"
    missing = catalog_paths - _served_get_paths(tmp_path) - PENDING
    assert not missing, f"catalog GET routes not served: {sorted(missing)}"


def test_pending_routes_are_really_missing(tmp_path: object) -> None:
    """A pending route that is served must leave the list (so that the list only shrinks)."""
    assert not PENDING & _served_get_paths(tmp_path)
    assert _catalog_get_paths() >= PENDING


def test_every_served_v2_route_is_in_the_catalog(tmp_path: object) -> None:
    every = {
        _shape(path)
        for resource in catalog()["resources"].values()
        for route in resource["routes"]
        for path in route.get("expanded_paths") or [route["path"]]
    }
    extra = {path for path in _served_get_paths(tmp_path) if path.startswith("/v2")} - every - EXTENSIONS
    assert not extra, f"served /v2 routes the catalog does not list: {sorted(extra)}"


def test_every_served_route_answers_without_a_500(network: Network) -> None:
    """Each served GET route, with real ids, answers 200 or a documented 4xx."""
    samples = {"users": network.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]}
    for route in network.client.app.router.routes:  # type: ignore[attr-defined]
        if (
            not isinstance(route, Route)
            or "GET" not in (route.methods or ())
            or not route.path.startswith("/v2")
        ):
            continue
        path = re.sub(r"\{(field)\}", "created_at", route.path)
        path = re.sub(r"\{(interval)\}", "month", path)
        path = re.sub(r"\{[^}]+\}", str(samples["users"]), path)
        for token in ("public", "tutor"):
            response = network.get(path, token)
            assert response.status_code in (200, 400, 403, 404, 422), (
                path,
                response.status_code,
                response.text[:200],
            )


def _catalog_access() -> dict[str, str]:
    rules: dict[str, str] = {}
    for resource in catalog()["resources"].values():
        for route in resource["routes"]:
            if route["method"] == "GET":
                for path in route.get("expanded_paths") or [route["path"]]:
                    rules.setdefault(_shape(path), route["auth"])
    return rules


def _get_routes(network: Network) -> dict[str, Access]:
    """Every served GET route's access, as the pipeline recorded it."""
    pipeline = network.client.app.state.pipeline  # type: ignore[attr-defined]
    return {path: access for (method, path), access in pipeline.access.items() if method == "GET"}


def test_every_served_route_declares_the_catalogs_access(network: Network) -> None:
    rules = _catalog_access()
    checked = 0
    for path, access in _get_routes(network).items():
        rule = rules.get(_shape(path))
        if rule is None:
            continue
        if path.startswith("/v2/me") and rule == "public":
            rule = "owner"  # the catalog lists me routes as public; api-routes §3 says "me = owner"
        assert access == Access.parse(rule), f"{path}: catalog says {rule!r}"
        checked += 1
    assert checked > 150


def _concrete(path: str, sample: int) -> str:
    path = path.replace("{field}", "created_at").replace("{interval}", "month")
    return re.sub(r"\{[^}]+\}", str(sample), path)


def test_each_route_refuses_exactly_the_callers_the_catalog_refuses(network: Network) -> None:
    """An app without roles gets the documented 403 where the catalog names a role or an owner, and
    only there; a user token of an app holding every role is refused nowhere."""
    everything = create_app_record(
        network.db.engine, settings_for(network.db.url), name="all-roles", scopes=",".join(SCOPES),
        roles=",".join(role["name"] for role in catalog()["roles"]), redirect_uris=[], rate_secondly=100_000,
        rate_hourly=10_000_000, owner=None,
    )  # fmt: skip
    user_id = network.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]
    network.apps["all-roles"] = everything
    network.tokens["all-roles-user"] = insert_token(
        network, "all-roles", user_id=user_id, scopes=" ".join(SCOPES)
    )
    for path, access in _get_routes(network).items():
        url = _concrete(path, user_id)
        plain = network.get(url, "public")
        needs_more = all(
            need.roles or need.owner or not need.scopes <= {"public", "projects"}  # the public app's scopes
            for need in access.any_of
        )
        if needs_more:
            assert plain.status_code == 403, (path, plain.status_code)
            assert plain.json()["error"] == "Forbidden"
            assert plain.headers["X-Secondly-RateLimit-Limit"], "refusals still carry the rate-limit headers"
        else:
            assert plain.status_code != 403, (path, plain.text[:200])
        full = network.get(url, "all-roles-user")
        assert full.status_code != 403, (path, full.text[:200])


def test_a_missing_scope_is_42s_documented_403(network: Network) -> None:
    from openintra.api.pipeline import check_access
    from openintra.auth.principal import Principal
    from openintra.core.errors import InsufficientScope

    now = network.sql("SELECT min(created_at) FROM users")[0][0]
    principal = Principal(app_id=1, app_uid="u", app_name="n", roles=frozenset(), scopes=frozenset({"public"}),
                          user_id=7, rate_secondly=2, rate_hourly=1200, created_at=now, expires_at=now)  # fmt: skip
    try:
        check_access(Access.parse("owner:forum"), principal)
    except InsufficientScope as error:
        assert error.status == 403
        assert error.body() == {"error": "Forbidden", "message": "Insufficient scope. The action need the following "
                                "scopes: [forum] (Create, update and destroy topics and messages)"}  # fmt: skip
        assert error.headers["WWW-Authenticate"] == ('Bearer realm="42 API", error="insufficient scope", '
                                                     'error_description="The action need the following scopes: [forum]"')  # fmt: skip
        assert error.headers["Cache-Control"] == "no-store"
    else:
        raise AssertionError("a token without forum passed owner:forum")
    check_access(
        Access.parse("owner:forum"),
        principal.__class__(**{**principal.__dict__, "scopes": frozenset({"public", "forum"})}),
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("public", Access()),
        ("owner", Access((Need(owner=True),))),
        ("owner:projects", Access((Need(owner=True, scopes=frozenset({"projects"})),))),
        (
            "role:Advanced staff,Events manager",
            Access((Need(roles=frozenset({"Advanced staff", "Events manager"})),)),
        ),
        (
            "role:Basic staff + scope:tig",
            Access((Need(roles=frozenset({"Basic staff"}), scopes=frozenset({"tig"})),)),
        ),
        ("owner or role:Notes manager", Access((Need(owner=True), Need(roles=frozenset({"Notes manager"}))))),
    ],
)
def test_the_catalogs_auth_grammar_parses(rule: str, expected: Access) -> None:
    assert Access.parse(rule) == expected


@pytest.mark.parametrize("rule", ["admin", "role:", "scope:", "public + wizard"])
def test_an_unknown_auth_term_is_refused_at_boot(rule: str) -> None:
    with pytest.raises(ValueError, match="unknown access term"):
        Access.parse(rule)


def test_every_catalog_auth_rule_parses() -> None:
    for rule in set(_catalog_access().values()):
        Access.parse(rule)
