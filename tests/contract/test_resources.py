"""Contract tests generated from the registry: every served resource gets each of them.

Ids read ``users::filter[kind]``; a failure names the resource and the field.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import Table, func, literal, select

from openintra.api.spec import Col, Many, One, Resource
from openintra.core.clock import format_ts
from openintra.db.types import UTCDateTime
from tests.catalog import reader_token, registry
from tests.conftest import Network

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
MISSING = "999999999"


def token_for(resource: Resource, access: Any = None) -> str:
    """The token that opens the route (``access``, else the resource's read rule)."""
    return reader_token(resource, access)


def index(network: Network, resource: Resource, **params: Any) -> Any:
    return network.get(f"/v2/{resource.name}", token_for(resource), **params)


def view_keys(resource: Resource, view: str) -> list[str]:
    return [field.key for field in resource.views[view]]


def scalar(network: Network, stmt: Any) -> Any:
    with network.db.engine.connect() as conn:
        return conn.execute(stmt).scalar()


def rows(network: Network, stmt: Any) -> list[Any]:
    with network.db.engine.connect() as conn:
        return list(conn.execute(stmt).all())


def wire(value: Any) -> str:
    """A value as a query string carries it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "tzinfo"):
        return str(format_ts(value))
    return str(value)


def item_id(item: dict[str, Any]) -> int:
    """The item's id; also of an item wrapped in a root key (``{"anti_grav_units_user": {...}}``)."""
    if "id" not in item and len(item) == 1:
        item = next(iter(item.values()))
    return int(item["id"])


def ids(response: Any) -> list[int]:
    return [item_id(item) for item in response.json()]


def assert_timestamps(item: dict[str, Any], resource: Resource, view: str) -> None:
    for field in resource.views[view]:
        if isinstance(field, Col) and isinstance(resource.table.c[field.name].type, UTCDateTime):
            value = item[field.key]
            assert value is None or TIMESTAMP.match(value), f"{field.key}={value!r}"


# --- index ------------------------------------------------------------------------------------


def test_index_renders_every_declared_key_in_order(network: Network, flat_resource: Resource) -> None:
    resource = flat_resource
    response = index(network, resource, per_page=5)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    items = response.json()
    assert isinstance(items, list) and items, "the seeded network has rows for every core resource"
    for item in items:
        assert list(item) == view_keys(resource, "index")
        assert_timestamps(item, resource, "index")


def test_index_paging_headers_count_items(network: Network, flat_resource: Resource) -> None:
    resource = flat_resource
    total = scalar(network, select(func.count()).select_from(resource.table))
    response = index(network, resource, per_page=3, page=2)
    assert response.headers["X-Total"] == str(total)
    assert response.headers["X-Page"] == "2"
    assert response.headers["X-Per-Page"] == "3"
    first, second = index(network, resource, per_page=3, page=1), response
    assert not set(ids(first)) & set(ids(second)), "pages never overlap"
    hashed = network.get(f"/v2/{resource.name}", token_for(resource), **{"page[number]": 2, "page[size]": 3})
    assert ids(hashed) == ids(second), "page[number]/page[size] = page/per_page"
    if total > 6:
        links = response.headers["Link"]
        assert [rel for rel in re.findall(r'rel="(\w+)"', links)] == ["next", "prev", "first", "last"]
        assert "per_page=3" in links and "page=3" in links


def test_default_sort_is_the_catalogs(network: Network, flat_resource: Resource) -> None:
    resource = flat_resource
    plan = registry().plan(resource.name, network.dialect)
    expected = [
        row[0] for row in rows(network, select(resource.table.c.id).order_by(*plan.default_order).limit(30))
    ]
    assert ids(index(network, resource)) == expected


# --- sort, filter, range ----------------------------------------------------------------------


def _sorted_ids(
    network: Network, resource: Resource, name: str, descending: bool, among: list[int]
) -> list[int]:
    plan = registry().plan(resource.name, network.dialect)
    stmt = (
        select(resource.table.c.id)
        .where(resource.table.c.id.in_(among))
        .order_by(*plan.order_by(((name, descending),)))
    )
    return [row[0] for row in rows(network, stmt)]


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_sort_orders_by_each_sortable_field(network: Network, sort_case: Any, descending: bool) -> None:
    resource, name = sort_case
    response = index(network, resource, sort=("-" if descending else "") + name, per_page=100)
    assert response.status_code == 200, response.text
    got = ids(response)
    assert got, "rows to sort"
    assert got == _sorted_ids(network, resource, name, descending, got)
    if name in resource.table.c and not isinstance(resource.table.c[name].type, UTCDateTime):
        column = resource.table.c[name]
        values = {
            row[0]: row[1]
            for row in rows(network, select(resource.table.c.id, column).where(resource.table.c.id.in_(got)))
        }
        non_null = [values[i] for i in got if values[i] is not None]
        if non_null and all(isinstance(v, int | float) for v in non_null):
            assert non_null == sorted(non_null, reverse=descending)


def _column(resource: Resource, name: str) -> Any:
    return resource.table.c[resource.aliases.get(name, name)]


def _two_values(network: Network, column: Any) -> list[Any]:
    """The two most common values; never one with a comma, which 42's syntax reads as a list."""
    stmt = (
        select(column)
        .where(column.is_not(None))
        .group_by(column)
        .order_by(func.count().desc(), column)
        .limit(20)
    )
    return [row[0] for row in rows(network, stmt) if "," not in wire(row[0])][:2]


def test_filter_by_each_filterable_field(network: Network, filter_case: Any) -> None:
    resource, name = filter_case
    special = {s.name: s for s in resource.specials}.get(name)
    total = scalar(network, select(func.count()).select_from(resource.table))
    if special is not None:
        if special.type == "bool":
            counts = [
                int(index(network, resource, **{f"filter[{name}]": v}).headers["X-Total"])
                for v in ("true", "false")
            ]
            assert sum(counts) == total, "true and false split the rows"
        else:
            response = index(network, resource, **{f"filter[{name}]": "21"})
            assert response.status_code == 200 and int(response.headers["X-Total"]) <= total
        return
    column = _column(resource, name)
    values = _two_values(network, column)
    if not values:
        pytest.fail(f"the seed leaves {resource.name}.{name} empty: it cannot be tested")
    for chosen in (values[:1], values):
        response = index(
            network, resource, **{f"filter[{name}]": ",".join(wire(v) for v in chosen)}, per_page=100
        )
        assert response.status_code == 200, response.text
        expected = scalar(network, select(func.count()).select_from(resource.table).where(column.in_(chosen)))
        assert int(response.headers["X-Total"]) == expected > 0


def test_range_on_each_rangeable_field(network: Network, range_case: Any) -> None:
    resource, name = range_case
    column = _column(resource, name)
    values = sorted(_two_values(network, column))
    if not values:
        pytest.fail(f"the seed leaves {resource.name}.{name} empty: it cannot be tested")
    low, high = values[0], values[-1]
    table: Table = resource.table
    low_sql, high_sql = literal(low, column.type), literal(high, column.type)
    for bounds, condition in (
        (f"{wire(low)},{wire(high)}", column.between(low_sql, high_sql)),
        (f"{wire(low)},", column >= low_sql),
        (f",{wire(high)}", column <= high_sql),
    ):
        response = index(network, resource, **{f"range[{name}]": bounds})
        assert response.status_code == 200, response.text
        expected = scalar(network, select(func.count()).select_from(table).where(condition))
        assert int(response.headers["X-Total"]) == expected, bounds


def test_bad_parameters_get_their_catalogue_error(network: Network, flat_resource: Resource) -> None:
    resource = flat_resource
    cases = {
        "Sort Error": [{"sort": "no_such_field"}, {"sort": "-"}, {"sort": "id,,login"}],
        "Filter Error": [
            {"filter[no_such_field]": "1"},
            {"filter[id]": "abc"},
            {"filter": "x"},
            {"filter[id][x]": "1"},
        ],
        "Range Error": [
            {"range[id]": "1"},
            {"range[id]": "1,2,3"},
            {"range[id]": "a,b"},
            {"range[nope]": "1,2"},
        ],
        "Page Error": [{"page": "0"}, {"per_page": "abc"}, {"page[size]": "-1"}, {"page": "1.5"}],
    }
    columns = resource.table.c
    typed = {type(c.type).__name__: c.name for c in columns}
    if "UTCDateTime" in typed:
        cases["Filter Error"].append({f"filter[{typed['UTCDateTime']}]": "not-a-date"})
        cases["Range Error"].append({f"range[{typed['UTCDateTime']}]": "2024-13-45,"})
    if "Boolean" in typed:
        cases["Filter Error"].append({f"filter[{typed['Boolean']}]": "maybe"})
    for title, params_list in cases.items():
        for params in params_list:
            response = index(network, resource, **params)
            assert response.status_code == 400, (params, response.text)
            body = response.json()
            assert body["error"] == title and body["message"], (params, body)


# --- nested routes ----------------------------------------------------------------------------


def _nested_path(resource: Resource, parent: Any, value: Any) -> str:
    tail = parent.path or resource.name + (f"/{parent.suffix}" if parent.suffix else "")
    return f"/v2/{parent.resource}/{value}/{tail}"


def test_nested_route_equals_flat_route_with_the_parent_param(network: Network, parent_case: Any) -> None:
    resource, parent = parent_case
    token = token_for(resource, parent.read)
    parent_table = registry()[parent.resource].table
    candidates = [
        row[0] for row in rows(network, select(parent_table.c.id).order_by(parent_table.c.id).limit(40))
    ]
    for parent_id in candidates:
        nested = network.get(_nested_path(resource, parent, parent_id), token, per_page=100)
        assert nested.status_code == 200, nested.text
        if nested.json():
            break
    else:
        pytest.fail(f"no {parent.resource} among the first 40 has {resource.name}")
    for item in nested.json():
        assert list(item) == view_keys(resource, "index")
    if parent.flat_param and resource.flat:
        flat = network.get(f"/v2/{resource.name}", token, per_page=100, **{parent.param: parent_id})
        assert ids(flat) == ids(nested)
        assert flat.headers["X-Total"] == nested.headers["X-Total"]
    text_lookups = [lookup for lookup in registry()[parent.resource].lookups if lookup != "id"]
    if text_lookups:
        key = scalar(network, select(parent_table.c[text_lookups[0]]).where(parent_table.c.id == parent_id))
        assert ids(network.get(_nested_path(resource, parent, key), token, per_page=100)) == ids(nested)
    missing = network.get(_nested_path(resource, parent, MISSING), token)
    assert (missing.status_code, missing.json()) == (404, {})


# --- show -------------------------------------------------------------------------------------


def test_show_by_each_lookup(network: Network, show_resource: Resource) -> None:
    resource = show_resource
    token = token_for(resource)
    view = "show" if "show" in resource.views else "index"
    row_id = scalar(network, select(resource.table.c.id).order_by(resource.table.c.id).limit(1))
    response = network.get(f"/v2/{resource.name}/{row_id}", token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == view_keys(resource, view)
    assert set(view_keys(resource, "index")) <= set(body)
    assert_timestamps(body, resource, view)
    for lookup in resource.lookups[1:]:
        key = scalar(network, select(resource.table.c[lookup]).where(resource.table.c.id == row_id))
        assert network.get(f"/v2/{resource.name}/{key}", token).json() == body
    for missing in (MISSING, "no-such-thing", "9" * 40):
        response = network.get(f"/v2/{resource.name}/{missing}", token)
        assert (response.status_code, response.json()) == (404, {}), missing


# --- statements -------------------------------------------------------------------------------


def loader_size(resource_name: str, view: str) -> int:
    """Statements one page of this view may issue: one per loader in its embed tree."""
    return 1 + sum(
        loader_size(field.target, field.view)
        for field in registry()[resource_name].views[view]
        if isinstance(field, One | Many)
    )


def _counts(network: Network) -> int:
    return sum(1 for sql in network.db.statements if sql.lstrip().upper().startswith("SELECT COUNT(*)"))


def test_statement_count_does_not_grow_with_rows(network: Network, resource: Resource) -> None:
    overhead = 2  # the token lookup and the count
    if resource.flat:
        bound = overhead + loader_size(resource.name, "index")
        # X-Total's count may come from db.counts' cache (SQLite, nothing committed): not counted here.
        small, _ = network.count_statements(f"/v2/{resource.name}", token_for(resource), per_page=1)
        small -= _counts(network)
        large, response = network.count_statements(f"/v2/{resource.name}", token_for(resource), per_page=100)
        large -= _counts(network)
        assert response.status_code == 200
        assert small <= large <= bound - 1, (small, large, bound)
    if resource.show:
        view = "show" if "show" in resource.views else "index"
        row_id = scalar(network, select(resource.table.c.id).order_by(resource.table.c.id.desc()).limit(1))
        count, response = network.count_statements(f"/v2/{resource.name}/{row_id}", token_for(resource))
        assert response.status_code == 200
        assert count <= 2 + loader_size(resource.name, view)


# --- access -----------------------------------------------------------------------------------


def test_reading_needs_a_valid_token(network: Network, resource: Resource) -> None:
    path = f"/v2/{resource.name}" if resource.flat else f"/v2/{resource.name}/1"
    for headers in ({}, {"Authorization": "Bearer " + "0" * 64}, {"Authorization": "Basic abc"}):
        response = network.client.get(path, headers=headers)
        assert response.status_code == 401
        assert response.json() == {"error": "Not authorized", "message": "The access token is invalid"}
        assert response.headers["WWW-Authenticate"] == (
            'Bearer realm="42 API", error="invalid_token", error_description="The access token is invalid"'
        )


def test_role_restricted_resources_answer_403_without_the_role(
    network: Network, role_resource: Resource
) -> None:
    resource = role_resource
    path = f"/v2/{resource.name}" if resource.flat else f"/v2/{resource.name}/1"
    denied = network.get(path, "public")
    assert denied.status_code == 403
    assert denied.json()["error"] == "Forbidden"
    assert network.get(path, token_for(resource)).status_code == 200


# --- graph ------------------------------------------------------------------------------------


def test_graph_counts_by_bucket(network: Network, graph_resource: Resource) -> None:
    resource = graph_resource
    assert resource.graph is not None
    field = resource.graph.default_field
    column = resource.table.c[field]
    total = scalar(network, select(func.count()).select_from(resource.table).where(column.is_not(None)))
    default = network.get(f"/v2/{resource.name}/graph", token_for(resource))
    assert default.status_code == 200, default.text
    assert list(default.json()) == [str(month) for month in range(1, 13)]
    assert sum(default.json().values()) == total
    for interval in ("day", "week", "month", "quarter", "year", "hour_of_day", "day_of_week", "day_of_month"):
        response = network.get(f"/v2/{resource.name}/graph/on/{field}/by/{interval}", token_for(resource))
        assert response.status_code == 200, (interval, response.text)
        assert sum(response.json().values()) == total, interval
    days = list(network.get(f"/v2/{resource.name}/graph/on/{field}/by/day", token_for(resource)).json())
    assert days == sorted(days) and all(re.match(r"^\d{4}-\d{2}-\d{2}$", day) for day in days)
    for bad in ("/graph/on/id/by/day", f"/graph/on/{field}/by/fortnight", "/graph/on/nope"):
        response = network.get(f"/v2/{resource.name}{bad}", token_for(resource))
        assert response.status_code == 422, bad
