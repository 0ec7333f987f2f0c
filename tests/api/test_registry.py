"""The registry refuses inconsistent declarations at boot (one place, before any request)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from openintra.api.call import Answer
from openintra.api.registry import Registry, RegistryError
from openintra.api.spec import Member, Resource, parent
from openintra.resources import ALL


def _registry_with(name: str, **changes: object) -> Registry:
    return Registry(replace(resource, **changes) if resource.name == name else resource for resource in ALL)


def _run(*_args: object) -> Answer:
    return Answer(204)


def test_the_declared_registry_is_valid() -> None:
    Registry(ALL).validate()


@pytest.mark.parametrize(
    ("member", "problem"),
    [
        (Member("peek", ("GET",), "/v2/titles/{id}/peek", _run), "a GET runs in no write transaction"),
        (Member("x", ("POST",), "/titles/{id}/x", _run), "the path is not under /v2/"),
        (Member("x", ("POST",), "/v2/nowhere/{id}/x", _run), "after unknown resource nowhere"),
    ],
)
def test_a_bad_member_fails_boot(member: Member, problem: str) -> None:
    titles: Resource = next(resource for resource in ALL if resource.name == "titles")
    registry = _registry_with("titles", members=(*titles.members, member))
    with pytest.raises(RegistryError, match=problem):
        registry.validate()


def test_nested_writes_need_the_resource_to_declare_writes() -> None:
    read_only = next(
        resource for resource in ALL if resource.writes is None and "user_id" in resource.table.c
    )
    nesting = parent("users", "user_id", index=False, create=True)
    registry = _registry_with(read_only.name, parents=(*read_only.parents, nesting))
    with pytest.raises(RegistryError, match="nested writes under users need writes"):
        registry.validate()
