"""Case generation for the contract tests: the registry expanded into readable ids."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog import catalog_index, reader_token, registry, rendered_names, served


def _column_names(kind: str, resource: Any) -> list[str]:
    """The catalog's names of ``kind`` that the resource's reader may query: not the columns no view
    renders, nor the fields hidden from that reader (tests/contract/test_visibility.py has them)."""
    names = catalog_index(resource.name).get(kind) or []
    rendered = rendered_names(resource)
    specials = {special.name for special in resource.specials}
    user = reader_token(resource) == "owner"
    hidden = {name for h in resource.hidden if user or h.apps for name in h.names}
    own = [name for name in names if name in rendered and name not in hidden]
    if kind == "filter":
        own += [name for name in names if name in specials and name not in hidden]
    return own


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    resources = served()
    kinds = {
        "resource": resources,
        "flat_resource": [r for r in resources if r.flat],
        "show_resource": [r for r in resources if r.show],
        "role_resource": [r for r in resources if r.read.roles],
    }
    for fixture, chosen in kinds.items():
        if fixture in metafunc.fixturenames:
            metafunc.parametrize(fixture, chosen, ids=[r.name for r in chosen])
    for kind in ("sort", "filter", "range"):
        fixture = f"{kind}_case"
        if fixture in metafunc.fixturenames:
            cases = [(r, name) for r in resources if r.flat for name in _column_names(kind, r)]
            metafunc.parametrize(fixture, cases, ids=[f"{r.name}::{kind}[{name}]" for r, name in cases])
    if "parent_case" in metafunc.fixturenames:
        cases = [
            (r, p) for r in resources for p in r.parents if len(p.segments) == 1 and p.index and not p.external
        ]  # fmt: skip
        ids = [f"{r.name}::nested[{p.resource}{'/' + p.suffix if p.suffix else ''}]" for r, p in cases]
        metafunc.parametrize("parent_case", cases, ids=ids)
    if "graph_resource" in metafunc.fixturenames:
        graphed = [r for r in registry() if r.graph is not None]
        metafunc.parametrize("graph_resource", graphed, ids=[r.name for r in graphed])
