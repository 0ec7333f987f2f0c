"""Ownership over the registry (api.owner, DESIGN §4.6): for every resource whose catalog access names
``owner``, two real users of the seeded network — each with a user token of an app without roles —
read only their own rows where the read is owner-only, and write only their own rows on every write
route that a user token opens only as an owner. Staff roles keep their powers.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pytest
from sqlalchemy import select
from starlette.routing import Route

from openintra.api import owner as owners
from openintra.api.spec import Access, Resource
from openintra.auth.server import SCOPES
from tests.catalog import catalog, registry
from tests.conftest import Network, insert_token

NOT_OWNED_BY_A_USER = {
    "projects": "PATCH /v2/projects/:id/retry acts on the token's user's own projects_user of the project "
    "(rules.projects), which projects_users' owner covers; a project belongs to no user",
}
"""Resources whose catalog access names ``owner`` on a route, yet whose rows no user owns."""


@cache
def owner_resources() -> tuple[str, ...]:
    names = {
        name
        for name, resource in catalog()["resources"].items()
        if any("owner" in route["auth"] for route in resource["routes"])
    }
    return tuple(sorted(names))


def test_every_resource_whose_catalog_access_names_owner_declares_its_owner() -> None:
    assert len(owner_resources()) >= 10
    undeclared = [
        name
        for name in owner_resources()
        if name not in NOT_OWNED_BY_A_USER and (name not in registry() or registry()[name].owner is None)
    ]
    assert not undeclared, f"owner routes without a declared owner path: {undeclared}"


def test_every_declared_owner_path_names_columns_of_the_table() -> None:
    for resource in registry():
        owner = resource.owner
        for path in (owner, owner.create, owner.update) if owner is not None else ():
            if path is not None:
                assert set(path.columns) <= set(resource.table.c.keys()), resource.name
                assert path.columns or path.build is not None, resource.name


def _restricts_a_user_token(access: Access) -> bool:
    """Whether a user token of an app without roles (every scope) gets in only as an owner."""
    return any(need.owner for need in access.any_of) and all(
        need.owner or need.roles for need in access.any_of
    )


OWNED = [name for name in owner_resources() if name not in NOT_OWNED_BY_A_USER]


def _owned(network: Network, resource: Resource, user: int, stage: owners.Stage) -> set[int]:
    condition = owners.condition(resource, user, stage)  # None: reads not restricted (slots)
    table = resource.table
    stmt = select(table.c.id) if condition is None else select(table.c.id).where(condition)
    with network.db.engine.connect() as conn:
        return set(conn.execute(stmt).scalars())


_TOKENS: dict[tuple[str, int], str] = {}


def user_token(network: Network, user: int) -> str:
    """A user token of the ``public`` app (no role), with every scope."""
    key = (network.dialect, user)
    if key not in _TOKENS:
        _TOKENS[key] = insert_token(network, "public", user_id=user, scopes=" ".join(SCOPES))
    return _TOKENS[key]


class Pair:
    """Two users of the network for one resource: B owns ``theirs``, which A neither owns nor reads;
    A owns ``mine``."""

    def __init__(self, network: Network, resource: Resource) -> None:
        users = [row[0] for row in network.sql("SELECT id FROM users ORDER BY id")]
        written = {user: _owned(network, resource, user, "update") for user in users}
        read = {user: _owned(network, resource, user, "read") for user in users}
        owners_ = [user for user in users if written[user]]
        assert len(owners_) >= 2, f"{resource.name}: the seed has fewer than two owners"
        self.b = owners_[0]
        self.theirs = min(written[self.b])
        self.a = next(
            user for user in owners_[1:] if self.theirs not in read[user] or not resource.owner.reads
        )
        self.mine = min(written[self.a])
        self.read_by_a = read[self.a]
        self.network = network
        self.token = user_token(network, self.a)

    def call(self, method: str, path: str, token: str | None = None, **options: Any) -> Any:
        headers = {"Authorization": f"Bearer {token or self.token}"}
        return self.network.client.request(method, path, headers=headers, **options)


def _routes(network: Network, resource: Resource) -> list[tuple[str, str, Access]]:
    """``(method, path, access)`` of the resource's routes that a user token opens only as an owner."""
    table = network.client.app.state.pipeline.access  # type: ignore[attr-defined]
    out = []
    for route in network.client.app.router.routes:  # type: ignore[attr-defined]
        if not isinstance(route, Route) or not (route.name or "").startswith(resource.name + ":"):
            continue
        for method in sorted(route.methods or ()):
            access = table.get((method, route.path))
            if method != "HEAD" and access is not None and _restricts_a_user_token(access):
                out.append((method, route.path, access))
    return out


def _row(network: Network, resource: Resource, row_id: int) -> dict[str, Any] | None:
    with network.db.engine.connect() as conn:
        row = conn.execute(select(resource.table).where(resource.table.c.id == row_id)).mappings().first()
    return dict(row) if row is not None else None


def _count(network: Network, resource: Resource) -> int:
    return int(network.sql(f"SELECT count(*) FROM {resource.table.name}")[0][0])


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


@pytest.mark.parametrize("name", OWNED)
def test_a_user_token_reads_only_its_own_rows_on_owner_only_routes(writable: Network, name: str) -> None:
    resource = registry()[name]
    assert resource.owner is not None
    pair = Pair(writable, resource)
    theirs = _row(writable, resource, pair.theirs)
    assert theirs is not None
    checked = 0
    for method, path, _access in _routes(writable, resource):
        if method != "GET" or "/graph" in path:
            continue
        if not resource.owner.reads:
            continue  # slots: every user token reads them, with other people's owner "invisible"
        params = {param: str(theirs[param]) for param in _params(path) if param in theirs}
        if set(_params(path)) - set(params):
            continue  # a parent this row does not name by a column of its own
        response = pair.call("GET", path.format(**params), params={"per_page": 100})
        if path.endswith("/{id}"):
            assert (response.status_code, response.json()) == (404, {}), f"GET {path}: another user's row"
            mine = path.format(**{**params, "id": str(pair.mine)})
            if "{" not in path.removesuffix("/{id}"):
                assert pair.call("GET", mine).status_code == 200, f"GET {path}: its own row"
        else:
            assert response.status_code == 200, (path, response.text)
            body = response.json()
            items = body if isinstance(body, list) else [body]
            assert {item["id"] for item in items} <= pair.read_by_a, f"GET {path}: rows of other users"
            if path == f"/v2/{name}":
                assert int(response.headers["X-Total"]) == len(pair.read_by_a), f"GET {path}: X-Total"
        checked += 1
    if resource.owner.reads and any(method == "GET" for method, _, _ in _routes(writable, resource)):
        assert checked, f"{name}: no owner-only read route was checked"


def _params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


@pytest.mark.parametrize("name", OWNED)
def test_a_user_token_writes_only_its_own_rows(writable: Network, name: str) -> None:
    resource = registry()[name]
    writes = resource.writes
    routes = [(m, p) for m, p, _ in _routes(writable, resource) if m != "GET"]
    if writes is None or not routes:
        pytest.skip(f"{name}: no write route opens to a user token only as an owner")
    assert resource.owner is not None
    pair = Pair(writable, resource)
    before = _row(writable, resource, pair.theirs)
    wrapped = {writes.wrapper: {}}
    checked: list[str] = []
    for method, path in routes:
        if path == f"/v2/{name}" and method == "POST":
            # A create copying another user's row: its owner is that user (403, nothing written).
            keys = [key for key in writes.keys if writes.columns.get(key, key) in resource.table.c]
            copy = {key: _json(before[writes.columns.get(key, key)]) for key in keys}  # type: ignore[index]
            count = _count(writable, resource)
            given = {writes.wrapper: {k: v for k, v in copy.items() if v is not None}}
            response = pair.call("POST", path, json=given)
            create = resource.owner.create or resource.owner
            if create.build is None and not set(create.columns) & {writes.columns.get(k, k) for k in keys}:
                # The owner is no write key (a note's author): the copy is the token's user's own row.
                assert response.status_code == 201, (path, response.text)
                assert response.json()["id"] in _owned(writable, resource, pair.a, "create")
                continue
            assert response.status_code == 403, (path, response.text)
            assert response.json() == {"error": "Forbidden", "message": owners.REFUSAL}
            assert _count(writable, resource) == count
        elif path == f"/v2/{name}/{{id}}" and method in ("PATCH", "PUT"):
            response = pair.call(method, f"/v2/{name}/{pair.theirs}", json=wrapped)
            assert response.status_code == 403, (method, path, response.text)
            assert pair.call(method, f"/v2/{name}/{pair.mine}", json=wrapped).status_code == 204, (
                "its own row"
            )
        elif path == f"/v2/{name}/{{id}}" and method == "DELETE":
            response = pair.call("DELETE", f"/v2/{name}/{pair.theirs}")
            assert response.status_code == 403, response.text
        elif path.startswith(f"/v2/{name}/{{id}}/"):
            response = pair.call(method, path.format(id=pair.theirs), json={})
            assert response.status_code == 403, (method, path, response.text)
        else:
            continue  # nested routes run the same handlers (tests/api/test_owner_attacks.py)
        checked.append(f"{method} {path}")
    assert checked, f"{name}: no write route checked among {routes}"
    assert _row(writable, resource, pair.theirs) == before, "another user's row is unchanged"


@pytest.mark.parametrize("name", OWNED)
def test_a_user_token_may_not_hand_its_row_to_another_user(writable: Network, name: str) -> None:
    resource = registry()[name]
    writes = resource.writes
    owner = resource.owner
    assert owner is not None
    path = owner.update or owner
    update_keys = writes.update_keys if writes is not None and writes.update_keys is not None else ()
    keys = (
        (writes.keys if writes is not None and writes.update_keys is None else update_keys) if writes else ()
    )
    columns = [column for column in path.columns if column in keys]
    if (
        writes is None
        or not columns
        or ("PATCH", f"/v2/{name}/{{id}}") not in {(m, p) for m, p, _ in _routes(writable, resource)}
    ):
        pytest.skip(f"{name}: its owner is not a key a user token may update")
    pair = Pair(writable, resource)
    mine = _row(writable, resource, pair.mine)
    response = pair.call("PATCH", f"/v2/{name}/{pair.mine}", json={writes.wrapper: {columns[0]: pair.b}})
    assert response.status_code == 403, response.text
    assert _row(writable, resource, pair.mine) == mine


@pytest.mark.parametrize("name", OWNED)
def test_staff_roles_keep_their_powers_over_other_users_rows(writable: Network, name: str) -> None:
    resource = registry()[name]
    writes = resource.writes
    patches = [p for m, p, _ in _routes(writable, resource) if m == "PATCH" and p == f"/v2/{name}/{{id}}"]
    if writes is None or not patches:
        pytest.skip(f"{name}: no member update route restricted to owners")
    pair = Pair(writable, resource)
    response = pair.call(
        "PATCH", f"/v2/{name}/{pair.theirs}", writable.tokens["staff"], json={writes.wrapper: {}}
    )
    assert response.status_code == 204, response.text
