"""Visibility over the registry (DESIGN §4.3): for every resource, each table column that no served
view renders is refused for sort, filter, range and search with 42's 400 body; every rendered field,
alias and special filter is accepted; a field declared `Hidden` is refused to the callers it is hidden
from and accepted (and shown) to the others.

A resource with a flat index is asked over HTTP with its reader's token; the others (reached only
under a parent) through the parser and the plan their routes use.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date, Float, Integer, Numeric

from openintra.api.params import parse_query
from openintra.api.spec import Resource
from openintra.core.errors import ApiError
from openintra.db.types import UTCDateTime
from tests.catalog import reader_token, registry, rendered_names, served
from tests.conftest import Network, insert_token

TITLES = {"sort": "Sort Error", "filter": "Filter Error", "range": "Range Error", "search": "Search Error"}
WORDS = {"sort": "sortable", "filter": "filterable", "range": "rangeable", "search": "searchable"}
QUERIED = [r for r in served() if r.flat or r.parents or r.me or r.listings]
HIDING = [r for r in served() if r.hidden]


def _value(resource: Resource, name: str) -> str | None:
    """A value that parses for ``name``'s type; None: a document (JSON), sortable only."""
    specials = {special.name: special.type for special in resource.specials}
    if name in specials and name not in resource.table.c:
        kind: Any = specials[name]
    else:
        column = resource.table.c[resource.aliases.get(name, name)] if name in resource.table.c or \
            name in resource.aliases else _by_key(resource, name)  # fmt: skip
        kind = column.type
    if isinstance(kind, JSON):
        return None
    if kind == "bool" or isinstance(kind, Boolean):
        return "true"
    if kind == "int" or isinstance(kind, Integer):
        return "1"
    if kind == "float" or isinstance(kind, Float | Numeric):
        return "1.5"
    if kind == "datetime" or isinstance(kind, UTCDateTime | Date):
        return "2024-01-01"
    return "x"


def _by_key(resource: Resource, key: str) -> Any:
    """The column a ``Col`` key names (``validated?`` → ``validated``)."""
    for view in ("index", "show"):
        for field in resource.views.get(view, ()):
            if field.key == key and hasattr(field, "name"):
                return resource.table.c[field.name]
    raise KeyError(key)


def _attempt(network: Network, resource: Resource, token: str, params: dict[str, str]) -> tuple[int, Any]:
    """The status and body of the resource's index with ``params`` (through the plan when it has no
    flat index)."""
    if resource.flat:
        response = network.get(f"/v2/{resource.name}", token, **params)
        return response.status_code, response.json()
    plan = registry().plan(resource.name, network.dialect)
    try:
        parse_query(list(params.items()), plan.schema)
    except ApiError as error:
        return error.status, error.body()
    return 200, []


def _one(kind: str, name: str, value: str) -> dict[str, str]:
    return {"sort": {"sort": name}, "filter": {f"filter[{name}]": value},
            "range": {f"range[{name}]": f"{value},"}, "search": {f"search[{name}]": value}}[kind]  # fmt: skip


@pytest.mark.parametrize("queried", QUERIED, ids=[r.name for r in QUERIED])
def test_a_column_no_view_renders_is_never_queryable(network: Network, queried: Resource) -> None:
    resource = queried
    unrendered = sorted(set(resource.table.c.keys()) - rendered_names(resource))
    specials = {special.name for special in resource.specials}
    token = reader_token(resource)
    for name in unrendered:
        for kind, title in TITLES.items():
            if kind == "filter" and name in specials:
                continue
            status, body = _attempt(network, resource, token, _one(kind, name, "1"))
            assert status == 400, (resource.name, kind, name, status)
            assert body == {"error": title, "message": f"The {name} field is not {WORDS[kind]}"}, body


def _hidden_names(resource: Resource, token: str) -> set[str]:
    user = token == "owner"
    return {name for hidden in resource.hidden if user or hidden.apps for name in hidden.names}


@pytest.mark.parametrize("queried", QUERIED, ids=[r.name for r in QUERIED])
def test_every_rendered_or_special_field_is_accepted(network: Network, queried: Resource) -> None:
    resource = queried
    token = reader_token(resource)
    hidden = _hidden_names(resource, token)
    names = sorted(rendered_names(resource) - hidden)
    values = {name: _value(resource, name) for name in names}
    specials = [s for s in resource.specials if s.name not in hidden]
    sample = {"int": "1", "bool": "true", "str": "x", "datetime": "2024-01-01", "float": "1.5"}
    typed = [name for name in names if values[name] is not None]
    texts = [name for name in typed if values[name] == "x"]
    queries = {
        "sort": [{"sort": ",".join(names)}],
        "filter": [{f"filter[{name}]": str(values[name]) for name in typed}
                   | {f"filter[{s.name}]": sample[s.type] for s in specials}],
        "range": [{f"range[{name}]": f"{values[name]}," for name in typed}],
        "search": [{f"search[{name}]": "x"} for name in texts],
    }  # fmt: skip
    for kind, attempts in queries.items():
        for params in attempts:
            status, body = _attempt(network, resource, token, params)
            assert status == 200, (resource.name, kind, params, body)


# --- fields hidden from some callers ----------------------------------------------------------------


def _user_token(network: Network, staff: bool) -> str:
    name = "visibility-staff" if staff else "visibility-student"
    if name not in network.tokens:
        user_id = network.sql(
            f"SELECT id FROM users WHERE {'' if staff else 'NOT '}staff ORDER BY id LIMIT 1"
        )[0][0]
        network.tokens[name] = insert_token(network, user_id=user_id, scopes="public projects profile")
    return name


def _kinds(resource: Resource, name: str, network: Network) -> list[str]:
    schema = registry().plan(resource.name, network.dialect).schema
    return [kind for kind, part in zip(TITLES, (schema.sorts, schema.filters, schema.ranges, schema.searches),
                                       strict=True) if name in part]  # fmt: skip


@pytest.mark.parametrize("hiding", HIDING, ids=[r.name for r in HIDING])
def test_a_hidden_field_is_refused_to_whom_it_is_hidden_from(network: Network, hiding: Resource) -> None:
    """Non-staff users may not query a `Hidden` field's names; staff may, and see the field on every
    row; app tokens may unless the field is hidden from apps too (then not even through the graph)."""
    resource = hiding
    student, staff = _user_token(network, False), _user_token(network, True)
    path = f"/v2/{resource.name}"
    for hidden in resource.hidden:
        for name in hidden.names:
            for kind in _kinds(resource, name, network):
                value = _value(resource, name) or "1"
                refused = network.get(path, student, **_one(kind, name, value))
                assert refused.status_code == 400, (name, kind, refused.text[:200])
                assert refused.json() == {
                    "error": TITLES[kind],
                    "message": f"The {name} field is not {WORDS[kind]}",
                }
                assert network.get(path, staff, **_one(kind, name, value)).status_code == 200, (name, kind)
                app_path = f"{path}/graph" if resource.graph is not None and hidden.apps else path
                app = network.get(app_path, "public", **_one(kind, name, value))
                assert app.status_code == (400 if hidden.apps else 200), (
                    app_path,
                    name,
                    kind,
                    app.text[:200],
                )
    items = network.get(path, staff, per_page=100).json()
    assert items
    for hidden in resource.hidden:
        assert all(item[hidden.key] != hidden.placeholder for item in items), f"staff see every {hidden.key}"
