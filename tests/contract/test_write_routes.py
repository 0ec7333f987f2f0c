"""Write routes against the catalog: every POST/PATCH/PUT/DELETE route of the catalog is served, with
the catalog's access rule, and nothing else is.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.routing import Route

from openintra.api.spec import Access
from openintra.app import create_app
from tests.catalog import catalog
from tests.conftest import settings_for

FORUM = {
    ("POST", "/v2/topics"),
    ("PATCH", "/v2/topics/:p"),
    ("PUT", "/v2/topics/:p"),
    ("POST", "/v2/topics/:p/messages"),
    ("POST", "/v2/messages/:p/messages"),
    ("PATCH", "/v2/messages/:p"),
    ("PUT", "/v2/messages/:p"),
    ("DELETE", "/v2/messages/:p"),
    ("POST", "/v2/votes"),
    ("DELETE", "/v2/votes/:p"),
}
"""The legacy forum's writes (api-routes §2.3; not in the catalog), ``owner:forum or role:Moderator``
(GUESS); PATCH beside each PUT as everywhere."""
EXTENSIONS = {("POST", "/v2/oauth/token")} | FORUM
"""DESIGN §4.9: the token endpoint also answers under /v2; the forum."""


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}|:[a-z_]+", ":p", path)


def _catalog_writes() -> dict[tuple[str, str], str]:
    routes: dict[tuple[str, str], str] = {}
    for resource in catalog()["resources"].values():
        for route in resource["routes"]:
            if route["method"] != "GET":
                for path in route.get("expanded_paths") or [route["path"]]:
                    routes[(route["method"], _shape(path))] = route["auth"]
    return routes


def _app(tmp_path: Any) -> Any:
    return create_app(settings_for(f"sqlite:///{tmp_path}/writes.db"))


def _served(tmp_path: Any) -> set[tuple[str, str]]:
    return {
        (method, _shape(route.path))
        for route in _app(tmp_path).router.routes
        if isinstance(route, Route) and route.path.startswith("/v2")
        for method in route.methods or ()
        if method not in ("GET", "HEAD")
    }


def test_every_catalog_write_route_is_served(tmp_path: Any) -> None:
    expected = set(_catalog_writes())
    assert len(expected) > 350, "the catalog lists about 360 write routes"
    missing = expected - _served(tmp_path)
    assert not missing, f"catalog write routes not served: {sorted(missing)}"


def test_every_served_write_route_is_in_the_catalog(tmp_path: Any) -> None:
    extra = _served(tmp_path) - set(_catalog_writes()) - EXTENSIONS
    assert not extra, f"write routes the catalog does not list: {sorted(extra)}"


def test_every_write_route_carries_the_catalogs_access(tmp_path: Any) -> None:
    rules = _catalog_writes()
    writes = {key: access for key, access in _app(tmp_path).state.pipeline.access.items() if key[0] != "GET"}
    checked = 0
    for (method, path), access in writes.items():
        if (method, _shape(path)) in FORUM:
            assert access == Access.parse("owner:forum or role:Moderator"), (method, path)
            checked += 1
            continue
        rule = rules.get((method, _shape(path)))
        assert rule is not None, (method, path)
        assert access == Access.parse(rule), f"{method} {path}: catalog says {rule!r}"
        checked += 1
    assert checked == len(writes) > 300
