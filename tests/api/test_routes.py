"""Served routes against the catalog: every GET route of a served resource answers.

``PENDING`` names the catalog's GET routes of the core resources that hang under resources of
the next issue (events, exams, dashes, …): they are served once their parent resource exists.
"""

from __future__ import annotations

import re

from starlette.routing import Route

from openintra.app import create_app
from tests.catalog import catalog, served
from tests.conftest import Network, settings_for

PENDING = {
    "/v2/users/:p/exam",  # the exams resource
    "/v2/dashes/:p/users",
    "/v2/events/:p/users",
    "/v2/accreditations/:p/users",
    "/v2/partnerships/:p/users",
    "/v2/expertises/:p/users",
    "/v2/groups/:p/users",
    "/v2/events/:p/feedbacks",
    "/v2/events/:p/feedbacks/:p",
}

EXTENSIONS = {
    "/v2/oauth/token/info",  # DESIGN §4.9: the OAuth endpoints also answer under /v2
}


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}|:[a-z_]+", ":p", path)


def _served_get_paths(tmp_path: object) -> set[str]:
    app = create_app(settings_for(f"sqlite:///{tmp_path}/routes.db"))
    return {_shape(r.path) for r in app.router.routes if isinstance(r, Route) and "GET" in (r.methods or ())}


def _catalog_get_paths() -> set[str]:
    names = {resource.name for resource in served()}
    paths = set()
    for name in names:
        for route in catalog()["resources"][name]["routes"]:
            if route["method"] == "GET":
                paths.update(_shape(path) for path in route.get("expanded_paths") or [route["path"]])
    return paths


def test_every_catalog_get_route_of_a_served_resource_is_served(tmp_path: object) -> None:
    missing = _catalog_get_paths() - _served_get_paths(tmp_path) - PENDING
    assert not missing, f"catalog GET routes not served: {sorted(missing)}"


def test_pending_routes_are_really_missing(tmp_path: object) -> None:
    """A pending route that is served must leave the list (so that the list only shrinks)."""
    assert not PENDING & _served_get_paths(tmp_path)
    assert PENDING <= _catalog_get_paths()


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
        if not isinstance(route, Route) or "GET" not in (route.methods or ()) or not route.path.startswith("/v2"):
            continue
        path = re.sub(r"\{(field)\}", "created_at", route.path)
        path = re.sub(r"\{(interval)\}", "month", path)
        path = re.sub(r"\{[^}]+\}", str(samples["users"]), path)
        for token in ("public", "tutor"):
            response = network.get(path, token)
            assert response.status_code in (200, 403, 404, 422), (path, response.status_code, response.text[:200])
