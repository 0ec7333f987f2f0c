"""Write contract tests generated from the registry: every resource with a plain create gets each.

A minimal valid create is built from the resource's table and `Writes` (required keys and NOT NULL
columns, a free combination for unique constraints, existing rows for references); ids read
``cursus::create``. The rules' resources add what their rules need in ``RULE_ATTRIBUTES``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, Float, Integer, Numeric, Table, and_, func, select

from openintra.api.spec import Resource
from openintra.api.validate import Schema
from openintra.db.types import UTCDateTime
from tests.catalog import reader_token, registry
from tests.conftest import Network

_counter = itertools.count(1)


def _team_with_points(network: Network) -> dict[str, Any]:
    """rules/points: booking an evaluation takes a point from each member of the team (given here
    through the API, so that their historics stay coherent)."""
    team_id = network.sql("SELECT min(id) FROM teams")[0][0]
    for (member,) in network.sql("SELECT user_id FROM teams_users WHERE team_id = :t", t=team_id):
        given = network.client.post(
            f"/v2/users/{member}/correction_points/add", json={"reason": "test setup"}, headers=staff(network)
        )
        assert given.status_code == 200, given.text
    return {"team_id": team_id}


def _first_user(key: str) -> Callable[[Network], dict[str, Any]]:
    """The forum's writes by an app (GUESS: a ``Moderator`` app names the author or voter itself)."""
    return lambda network: {key: network.sql("SELECT min(id) FROM users")[0][0]}


RULE_ATTRIBUTES: dict[str, dict[str, Any] | Callable[[Network], dict[str, Any]]] = {
    "scale_teams": _team_with_points,
    "topics": _first_user("author_id"),
    "votes": _first_user("user_id"),
}
"""Attributes a resource's rules need beyond the minimal ones: a dict, or a function of the network
that prepares the rows the rule needs and returns them."""


def writable_resources(kind: str) -> list[Resource]:
    chosen = []
    for resource in registry():
        writes = resource.writes
        if writes is None:
            continue
        if kind == "create" and writes.create is not None and writes.flat_create:
            chosen.append(resource)
        if (
            kind == "update"
            and writes.update is not None
            and writes.flat_member
            and writes.create is not None
            and writes.flat_create
        ):
            chosen.append(resource)
        if (
            kind == "destroy"
            and writes.destroy is not None
            and writes.flat_member
            and writes.create is not None
            and writes.flat_create
        ):
            chosen.append(resource)
    return chosen


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for kind in ("create", "update", "destroy"):
        fixture = f"{kind}_resource"
        if fixture in metafunc.fixturenames:
            chosen = writable_resources(kind)
            metafunc.parametrize(fixture, chosen, ids=[f"{r.name}::{kind}" for r in chosen])


def staff(network: Network) -> dict[str, str]:
    return {"Authorization": f"Bearer {network.tokens['staff']}"}


def count(network: Network, table: Table) -> int:
    with network.db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def journals(network: Network) -> int:
    return int(network.sql("SELECT count(*) FROM journals")[0][0])


def _value(network: Network, table: Table, name: str) -> Any:
    """A valid value for one column: an existing row for a reference, else one of its type."""
    column = table.c[name]
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column
        with network.db.engine.connect() as conn:
            found = conn.execute(select(target).order_by(target).limit(1)).scalar()
        assert found is not None, f"no {target.table.name} row to reference from {table.name}.{name}"
        return found
    kind = column.type
    if isinstance(kind, UTCDateTime):
        hours = 2 if name.startswith(("end", "expire", "invalid")) else 1
        return (dt.datetime(2027, 3, 1, tzinfo=dt.UTC) + dt.timedelta(hours=hours)).isoformat()
    if isinstance(kind, Date):
        return "2027-03-01"
    if isinstance(kind, Boolean):
        return "true"
    if isinstance(kind, Integer):
        return 1
    if isinstance(kind, Float | Numeric):
        return 1.5
    limit = getattr(kind, "length", None) or 64
    if limit < 24:
        return uuid.uuid4().hex[:limit]
    return f"{name}-{next(_counter)}-{uuid.uuid4().hex[:6]}"[:limit]


def minimal(network: Network, resource: Resource) -> dict[str, Any]:
    """Required keys and NOT NULL columns with valid values, unique combinations free."""
    writes = resource.writes
    assert writes is not None
    schema = Schema(resource.table, writes)
    table = resource.table
    keys = dict.fromkeys([*schema.required, *(schema.error_key(c) for c in schema.not_null)])
    attributes: dict[str, Any] = {}
    for key in keys:
        column = writes.columns.get(key, key)
        if column not in table.c:
            continue
        enum = writes.enums.get(key)
        if key in writes.serialized:
            attributes[key] = {"generated": True}
        else:
            attributes[key] = enum[0] if enum else _value(network, table, column)
    extra = RULE_ATTRIBUTES.get(resource.name, {})
    attributes |= extra(network) if callable(extra) else extra
    _free_unique(network, resource, schema, attributes)
    return attributes


def _free_unique(network: Network, resource: Resource, schema: Schema, attributes: dict[str, Any]) -> None:
    """Move references of a unique combination to rows that make it free."""
    table = resource.table
    for columns in schema.uniques:
        keyed = [c for c in columns if schema.error_key(c) in attributes or _default(table, c) is not None]
        if len(keyed) != len(columns):
            continue
        refs = [c for c in columns if table.c[c].foreign_keys]
        candidates: dict[str, list[Any]] = {}
        with network.db.engine.connect() as conn:
            for c in refs:
                target = next(iter(table.c[c].foreign_keys)).column
                candidates[c] = list(conn.execute(select(target).order_by(target).limit(60)).scalars())
            for combo in itertools.product(*(candidates[c] for c in refs)) if refs else [()]:
                trial = dict(zip(refs, combo, strict=True))
                values = {
                    c: trial.get(c, attributes.get(schema.error_key(c), _default(table, c))) for c in columns
                }
                taken = conn.execute(
                    select(table.c.id).where(and_(*(table.c[c] == v for c, v in values.items()))).limit(1)
                ).first()
                if taken is None:
                    attributes.update({schema.error_key(c): v for c, v in trial.items()})
                    break


def _default(table: Table, name: str) -> Any:
    default = table.c[name].default
    return default.arg if default is not None and default.is_scalar else None


def create(network: Network, resource: Resource) -> tuple[Any, dict[str, Any]]:
    writes = resource.writes
    assert writes is not None
    attributes = minimal(network, resource)
    response = network.client.post(
        f"/v2/{resource.name}", json={writes.wrapper: attributes}, headers=staff(network)
    )
    return response, attributes


def created_id(network: Network, resource: Resource) -> int:
    """The id of the row the last create of ``resource`` wrote (its journals row names it; some
    shows, as teams_users', render no id)."""
    rows = network.sql(
        f"SELECT max(item_id) FROM journals WHERE item_type = '{resource.model.__name__}' AND reason = 'create'"
    )
    return int(rows[0][0])


def show(network: Network, resource: Resource, row_id: int) -> Any:
    return network.get(f"/v2/{resource.name}/{row_id}", reader_token(resource))


def test_a_minimal_create_answers_201_with_the_show_body(
    writable: Network, create_resource: Resource
) -> None:
    before = journals(writable)
    response, _ = create(writable, create_resource)
    assert response.status_code == 201, response.text[:500]
    body = response.json()
    row_id = created_id(writable, create_resource)
    assert body.get("id", row_id) == row_id
    if create_resource.show:
        shown = show(writable, create_resource, row_id)
        assert shown.status_code == 200, shown.text[:300]
        assert shown.json() == body
    rows = writable.sql(
        f"SELECT item_type, item_id, reason, app_id FROM journals WHERE item_id = {row_id} "
        f"AND item_type = '{create_resource.model.__name__}' AND reason = 'create'"
    )
    assert len(rows) == 1 and rows[0][3] == writable.apps["staff"]["id"], rows
    assert journals(writable) > before


def test_each_required_key_missing_is_422_and_nothing_is_written(
    writable: Network, create_resource: Resource
) -> None:
    writes = create_resource.writes
    assert writes is not None
    attributes = minimal(writable, create_resource)
    # A required key whose column has a default (``has_coalition``, default true) is filled by it.
    required = [
        key for key in Schema(create_resource.table, writes).required
        if key in attributes and create_resource.table.c[writes.columns.get(key, key)].default is None
    ]  # fmt: skip
    for key in required:
        rows, logged = count(writable, create_resource.table), journals(writable)
        partial = {k: v for k, v in attributes.items() if k != key}
        response = writable.client.post(
            f"/v2/{create_resource.name}", json={writes.wrapper: partial}, headers=staff(writable)
        )
        assert response.status_code == 422, (key, response.status_code, response.text[:300])
        assert key in response.json(), (key, response.json())
        assert "can't be blank" in response.json()[key]
        assert (count(writable, create_resource.table), journals(writable)) == (rows, logged)


def test_every_typed_key_refuses_a_bad_value_with_422(writable: Network, create_resource: Resource) -> None:
    writes = create_resource.writes
    assert writes is not None
    schema = Schema(create_resource.table, writes)
    attributes = minimal(writable, create_resource)
    typed = [
        key for key, spec in schema.create_keys.items()
        if isinstance(create_resource.table.c[spec.column].type, Integer | Boolean | UTCDateTime | Date | Float | Numeric)
    ]  # fmt: skip
    rows = count(writable, create_resource.table)
    for key in typed:
        response = writable.client.post(
            f"/v2/{create_resource.name}", json={writes.wrapper: attributes | {key: "not-a-value"}},
            headers=staff(writable),
        )  # fmt: skip
        assert response.status_code == 422, (key, response.status_code, response.text[:300])
        assert key in response.json(), (key, response.json())
    assert count(writable, create_resource.table) == rows


def _plain_key(resource: Resource) -> str | None:
    """A free-text key the show renders, to update (not unique, not a reference, not an enum)."""
    writes = resource.writes
    assert writes is not None
    schema = Schema(resource.table, writes)
    view = resource.views.get("show") or resource.views["index"]
    rendered = {getattr(field, "name", None) for field in view}
    unique = {c for columns in schema.uniques for c in columns}
    for key, spec in schema.update_keys.items():
        column = resource.table.c[spec.column]
        if (
            spec.text
            and spec.enum is None
            and not column.foreign_keys
            and spec.column not in unique
            and spec.column in rendered
        ):
            if (getattr(column.type, "length", None) or 64) >= 12 and spec.column != "slug":
                return key
    return None


def test_an_update_answers_204_and_the_show_reflects_it(writable: Network, update_resource: Resource) -> None:
    writes = update_resource.writes
    assert writes is not None
    created, _ = create(writable, update_resource)
    assert created.status_code == 201, created.text[:300]
    row_id = created_id(writable, update_resource)
    key = _plain_key(update_resource)
    attributes = {key: f"changed {uuid.uuid4().hex[:6]}"} if key else {}
    response = writable.client.patch(
        f"/v2/{update_resource.name}/{row_id}", json={writes.wrapper: attributes}, headers=staff(writable)
    )
    assert response.status_code == 204, response.text[:300]
    assert response.content == b""
    if key and update_resource.show:
        column = writes.columns.get(key, key)
        view = update_resource.views.get("show") or update_resource.views["index"]
        rendered = next(field.key for field in view if getattr(field, "name", None) == column)
        assert show(writable, update_resource, row_id).json()[rendered] == attributes[key]
    put = writable.client.put(
        f"/v2/{update_resource.name}/{row_id}", json={writes.wrapper: attributes}, headers=staff(writable)
    )
    assert put.status_code == 204, put.text[:300]


def test_a_destroy_answers_204_then_404(writable: Network, destroy_resource: Resource) -> None:
    created, _ = create(writable, destroy_resource)
    assert created.status_code == 201, created.text[:300]
    row_id = created_id(writable, destroy_resource)
    response = writable.client.delete(f"/v2/{destroy_resource.name}/{row_id}", headers=staff(writable))
    assert response.status_code == 204, response.text[:300]
    again = writable.client.delete(f"/v2/{destroy_resource.name}/{row_id}", headers=staff(writable))
    assert again.status_code == 404 and again.json() == {}
    if destroy_resource.show:
        assert show(writable, destroy_resource, row_id).status_code == 404
    logged = writable.sql(
        f"SELECT count(*) FROM journals WHERE item_id = {row_id} AND item_type = '{destroy_resource.model.__name__}' "
        "AND reason = 'destroy'"
    )
    assert logged[0][0] == 1


def test_an_unknown_member_is_404(writable: Network, update_resource: Resource) -> None:
    writes = update_resource.writes
    assert writes is not None
    response = writable.client.patch(
        f"/v2/{update_resource.name}/999999999", json={writes.wrapper: {}}, headers=staff(writable)
    )
    assert response.status_code == 404 and response.json() == {}


def test_a_caller_without_the_role_is_refused_and_nothing_is_written(
    writable: Network, create_resource: Resource
) -> None:
    writes = create_resource.writes
    assert writes is not None and writes.create is not None
    if not all(need.roles or need.owner for need in writes.create.any_of):
        pytest.fail(f"{create_resource.name}: a create open to any app")
    rows = count(writable, create_resource.table)
    attributes = minimal(writable, create_resource)
    body = {writes.wrapper: attributes}
    refused = writable.client.post(
        f"/v2/{create_resource.name}",
        json=body,
        headers={"Authorization": f"Bearer {writable.tokens['public']}"},
    )
    assert refused.status_code == 403, refused.text[:300]
    unauthenticated = writable.client.post(f"/v2/{create_resource.name}", json=body)
    assert unauthenticated.status_code == 401
    assert count(writable, create_resource.table) == rows
