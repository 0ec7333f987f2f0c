"""Our index and show bodies against the reference shapes (tests/reference/shapes.json).

Each case compares the keys, in order, of the objects found at one path of one view of one
resource with the reference shape named for that path. Ids read
``projects_users::show::teams[].users[]`` (``.`` is the body itself; ``[]`` marks an array whose
every element is checked). A value that is null, an empty array or one of the placeholders the
reference allows (``{}``, ``"invisible"``) is not an object to check. A path where the seeded
network only has such values fails, unless shapes.json lists it under ``unseeded`` with a reason
(then it is skipped, and the skip says why); ``probes`` add a second index page of rarer items.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from openintra.api import owner as owners
from openintra.core import jsonenc
from tests.catalog import reader_token, registry
from tests.conftest import Network
from tests.contract.test_resources import item_id

SHAPES_PATH = Path(__file__).parent.parent / "reference" / "shapes.json"
VIEWS = ("index", "show")


@cache
def reference() -> dict[str, Any]:
    """shapes.json merged with the per-domain ``shapes_<domain>.json`` files beside it (a name twice fails)."""
    data: dict[str, Any] = jsonenc.loads(SHAPES_PATH.read_bytes())
    for extra in sorted(SHAPES_PATH.parent.glob("shapes_*.json")):
        more = jsonenc.loads(extra.read_bytes())
        for section in ("shapes", "resources", "probes", "unseeded"):
            clash = set(data[section]) & set(more.get(section, {}))
            assert not clash, f"{extra.name}: {section} {sorted(clash)} already defined"
            data[section].update(more.get(section, {}))
        data["kept"] += more.get("kept", [])
    return data


def shape(name: str) -> dict[str, Any]:
    found: dict[str, Any] = reference()["shapes"][name]
    return found


def embed_of(spec: str | dict[str, Any]) -> tuple[str, bool, list[Any]]:
    """A shape's ``embeds`` entry → (shape name, whether an array of them, placeholder values).

    ``"TeamEmbed[]"`` is an array of TeamEmbed; ``{"shape": …, "also": […]}`` adds the values that
    stand in for the object and are not checked (``{}``, ``"invisible"``).
    """
    name, also = (spec, []) if isinstance(spec, str) else (spec["shape"], list(spec.get("also", [])))
    return name.removesuffix("[]"), name.endswith("[]"), also


@dataclass(frozen=True)
class Case:
    resource: str
    view: str
    steps: tuple[tuple[str, bool], ...]
    """The keys from the body to the checked objects, each with whether its value is an array."""
    shape: str
    also: tuple[Any, ...] = ()

    @property
    def path(self) -> str:
        return ".".join(key + ("[]" if many else "") for key, many in self.steps) or "."

    @property
    def id(self) -> str:
        return f"{self.resource}::{self.view}::{self.path}"


def _walk(case: Case, seen: tuple[str, ...]) -> list[Case]:
    cases = [case]
    embeds = shape(case.shape).get("embeds", {})
    for key, spec in embeds.items():
        name, many, also = embed_of(spec)
        if name in seen:
            continue
        cases += _walk(
            Case(case.resource, case.view, (*case.steps, (key, many)), name, tuple(also)), (*seen, name)
        )
    return cases


def _has_index(resource: str) -> bool:
    spec = registry()[resource]
    return spec.flat or any(p.index and p.condition is None and len(p.segments) == 1 for p in spec.parents)


def cases() -> list[Case]:
    out: list[Case] = []
    for resource, entry in reference()["resources"].items():
        for view in VIEWS:
            if view in entry and (view == "show" or _has_index(resource)):
                out += _walk(Case(resource, view, (), entry[view]), (entry[view],))
    return out


def _is_placeholder(value: Any, also: tuple[Any, ...]) -> bool:
    return value is None or value == [] or any(value == allowed for allowed in also)


def token_for(name: str) -> str:
    return reader_token(registry()[name])


def index_path(network: Network, name: str) -> str | None:
    """The flat index, else the nested index under the newest row's parent, else None (show only)."""
    spec = registry()[name]
    if spec.flat:
        return f"/v2/{name}"
    for parent in spec.parents:
        if parent.index and parent.condition is None and len(parent.segments) == 1:
            column = parent.column or parent.param
            stmt = select(spec.table.c[column]).order_by(spec.table.c.id.desc()).limit(1)
            if token_for(name) == "owner":  # a user token reads its own rows only (api.owner)
                user = network.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]
                if (owned := owners.condition(spec, user)) is not None:
                    stmt = stmt.where(owned)
            with network.db.engine.connect() as conn:
                value = conn.execute(stmt).scalar()
            return f"/v2/{parent.resource}/{value}/{name}"
    return None


_BODIES: dict[tuple[str, str, str], Any] = {}


def body(network: Network, resource: str, view: str) -> Any:
    """The items of the index page, or the show bodies of each of them; fetched once per dialect."""
    key = (network.dialect, resource, view)
    if key not in _BODIES:
        items = []
        path = index_path(network, resource)
        if path is None:  # a resource served by show only: its newest rows
            table = registry()[resource].table.name
            newest = network.sql(f"SELECT id FROM {table} ORDER BY id DESC LIMIT 5")
            items = [{"id": row[0]} for row in newest]
        for params in ({}, *([reference()["probes"][resource]] if resource in reference()["probes"] else [])):
            if path is None:
                break
            response = network.get(path, token_for(resource), per_page=5, **params)
            assert response.status_code == 200, response.text
            page = response.json()
            assert isinstance(page, list) and page, f"the seeded network has no {resource} for {params}"
            items += page
        if view == "index":
            _BODIES[key] = items
        else:
            shown = [network.get(f"/v2/{resource}/{item_id(item)}", token_for(resource)) for item in items]
            assert all(one.status_code == 200 for one in shown), [one.text for one in shown]
            assert all(isinstance(one.json(), dict) for one in shown)
            _BODIES[key] = [one.json() for one in shown]
    return _BODIES[key]


def objects_at(roots: list[Any], case: Case) -> tuple[list[dict[str, Any]], list[str]]:
    """The objects at the case's path, and what stands there that is neither such an object nor a placeholder.

    The parents were checked by the cases of the shorter paths (a wrong or missing parent fails there
    too); only their non-empty objects are followed here.
    """
    current: list[Any] = roots
    strays: list[str] = []
    for depth, (key, many) in enumerate(case.steps):
        also = case.also if depth == len(case.steps) - 1 else ()
        current = [parent for parent in current if isinstance(parent, dict) and parent]
        found: list[Any] = []
        for parent in current:
            if key not in parent:
                strays.append(f"no {key!r} in {sorted(parent)}")
                continue
            value = parent[key]
            if _is_placeholder(value, also):
                continue
            if many != isinstance(value, list):
                strays.append(
                    f"{key}: {'an array' if many else 'an object'} expected, got {repr(value)[:60]}"
                )
                continue
            found += value if many else [value]
        current = [value for value in found if not _is_placeholder(value, also)]
    strays += [f"not an object: {repr(value)[:60]}" for value in current if not isinstance(value, dict)]
    return [value for value in current if isinstance(value, dict)], strays


ALL_CASES = cases()


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_keys_match_the_reference_in_order(network: Network, case: Case) -> None:
    roots = body(network, case.resource, case.view)
    objects, strays = objects_at(roots, case)
    assert not strays, f"{case.id}: expected {case.shape} objects, got {strays}"
    unseeded = reference()["unseeded"]
    if not objects:
        if case.id in unseeded:
            pytest.skip(f"{case.id}: only null/empty values here ({unseeded[case.id]})")
        pytest.fail(
            f"{case.id}: only null/empty values here; seed some, or list the path in unseeded with a reason"
        )
    assert case.id not in unseeded, f"{case.id} is listed as unseeded but has values: take it off the list"
    reference_keys = shape(case.shape)["keys"]
    embeds = shape(case.shape).get("embeds", {})
    for item in objects:
        assert list(item) == reference_keys, f"{case.id} ({case.shape}, {shape(case.shape)['source']})"
        for key, value in item.items():
            nested = value if isinstance(value, list) else [value]
            if key not in embeds and any(isinstance(element, dict) for element in nested):
                pytest.fail(f"{case.id}.{key}: an object the reference gives no shape for")


def test_the_reference_data_is_consistent() -> None:
    for name, entry in reference()["shapes"].items():
        assert entry["source"], name
        assert len(set(entry["keys"])) == len(entry["keys"]), f"{name}: duplicate keys"
        for key, spec in entry.get("embeds", {}).items():
            assert key in entry["keys"], f"{name}.{key} is embedded but not a key"
            assert embed_of(spec)[0] in reference()["shapes"], f"{name}.{key}: unknown shape"
    for name, entry in reference()["resources"].items():
        assert entry["source"], name
        assert entry["index"] in reference()["shapes"], name
        assert registry()[name].show == ("show" in entry), f"{name}: show route differs from the reference"
    ids = {case.id for case in ALL_CASES}
    assert not set(reference()["unseeded"]) - ids, "unseeded lists paths that are not cases"
    assert set(reference()["probes"]) <= set(reference()["resources"])
    for kept in reference()["kept"]:
        assert kept["path"] and kept["reason"], kept
