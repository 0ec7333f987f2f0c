"""The reference catalog (a copy of shared/reference/catalog.json) and the registry, for tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from openintra.api.registry import Registry
from openintra.api.spec import Col, One, Py, Resource
from openintra.core import jsonenc
from openintra.resources import ALL

HERE = Path(__file__).parent
CATALOG_PATH = HERE / "reference" / "catalog.json"
SHARED_CATALOG = HERE.parent.parent / "shared" / "reference" / "catalog.json"


@cache
def catalog() -> dict[str, Any]:
    data: dict[str, Any] = jsonenc.loads(CATALOG_PATH.read_bytes())
    return data


@cache
def registry() -> Registry:
    reg = Registry(ALL)
    reg.validate()
    return reg


def served() -> list[Resource]:
    """Resources with routes of their own (embed-only ones are left to issue 4's resources)."""
    return [resource for resource in registry() if resource.flat or resource.show]


def catalog_index(name: str) -> dict[str, Any]:
    entry = catalog()["resources"].get(name) or {}
    return entry.get("index") or {}


def reader_token(resource: Resource, access: Any = None) -> str:
    """The network's token that opens ``resource``'s reads (tests/conftest.py ``network.tokens``):
    ``public`` (an app with the public and projects scopes), ``tutor`` (an Advanced tutor app),
    ``staff`` (an app with every role and scope) or ``owner`` (a user's token), the first that fits."""
    needs = (access or resource.read).any_of
    if any(not need.roles and not need.owner and need.scopes <= {"public", "projects"} for need in needs):
        return "public"
    if any("Advanced tutor" in need.roles and not need.owner and need.scopes <= {"public"} for need in needs):
        return "tutor"
    if any(not need.owner for need in needs):
        return "staff"
    return "owner"


def rendered_names(resource: Resource) -> set[str]:
    """The names a served view (index, show) renders, read from the spec (DESIGN §4.3): a `Col`'s
    column and key, a `One` embed's key column, a `Py` showing one column under its name or the
    columns it declares it ``shows``, and the aliases of these. The planner must accept exactly
    these, plus special filters."""
    columns = set(resource.table.c.keys())
    names: set[str] = set()
    for view in ("index", "show"):
        for field in resource.views.get(view, ()):
            if isinstance(field, Col):
                names.add(field.name)
                if field.key not in columns:
                    names.add(field.key)
            elif isinstance(field, One):
                names.add(field.fk)
            elif isinstance(field, Py) and field.inputs == (field.key,) and field.key in columns:
                names.add(field.key)
            elif isinstance(field, Py):
                names.update(field.shows)
    return names | {alias for alias, target in resource.aliases.items() if target in names}
