"""api.registry: the resources by name, checked at boot, with their compiled loaders and plans."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from openintra.api import visibility
from openintra.api.plan import Plan
from openintra.api.render import Loader
from openintra.api.spec import Col, Many, One, Py, Resource


class RegistryError(Exception):
    """A resource declaration is inconsistent; the message lists every problem."""


class Registry:
    def __init__(self, resources: Iterable[Resource]) -> None:
        self._by_name: dict[str, Resource] = {}
        for resource in resources:
            if resource.name in self._by_name:
                raise RegistryError(f"resource {resource.name} declared twice")
            self._by_name[resource.name] = resource
        self._loaders: dict[tuple[Any, ...], Loader] = {}
        self._plans: dict[tuple[str, str], Plan] = {}

    def __getitem__(self, name: str) -> Resource:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Any:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def loader(
        self,
        name: str,
        view: str,
        dialect: str,
        group: tuple[str, Any] | None = None,
        order_by: Sequence[str] = ("id",),
        pluck: str | None = None,
        where: tuple[tuple[str, Any], ...] = (),
    ) -> Loader:
        key = (name, view, dialect, group, tuple(order_by), pluck, where)
        loader = self._loaders.get(key)
        if loader is None:
            loader = Loader(self, name, view, dialect, group, order_by, pluck, where)
            self._loaders[key] = loader
        return loader

    def plan(self, name: str, dialect: str) -> Plan:
        key = (name, dialect)
        plan = self._plans.get(key)
        if plan is None:
            plan = Plan(self[name], dialect)
            self._plans[key] = plan
        return plan

    def validate(self) -> None:
        """Check every declaration; raise `RegistryError` listing all problems."""
        problems: list[str] = []
        for resource in self:
            problems.extend(self._check(resource))
        if problems:
            raise RegistryError("invalid resource declarations:\n  " + "\n  ".join(problems))
        for resource in self:  # compile everything once: a bad spec fails boot, not a request
            for dialect in ("sqlite", "postgresql"):
                self.plan(resource.name, dialect)
                for view in resource.views:
                    self.loader(resource.name, view, dialect)

    def _check(self, resource: Resource) -> list[str]:
        problems = []
        name = resource.name
        columns = set(resource.table.c.keys())
        if "id" not in columns:
            problems.append(f"{name}: table has no id column")
        if "index" not in resource.views:
            problems.append(f"{name}: no index view")
        for view_name, fields in resource.views.items():
            keys = [field.key for field in fields]
            if len(keys) != len(set(keys)):
                problems.append(f"{name}.{view_name}: duplicate keys")
            for field in fields:
                where = f"{name}.{view_name}.{field.key}"
                if isinstance(field, Col) and field.name not in columns:
                    problems.append(f"{where}: no column {field.name}")
                elif isinstance(field, Py) and not set(field.inputs) <= columns:
                    problems.append(f"{where}: inputs {sorted(set(field.inputs) - columns)} are not columns")
                elif isinstance(field, One | Many):
                    if field.target not in self:
                        problems.append(f"{where}: unknown target {field.target}")
                    elif field.view not in self[field.target].views:
                        problems.append(f"{where}: {field.target} has no view {field.view}")
                    local = field.fk if isinstance(field, One) else field.local
                    if local not in columns:
                        problems.append(f"{where}: no column {local}")
                    if isinstance(field, Many) and field.through is None and field.target in self:
                        if field.remote not in self[field.target].table.c:
                            problems.append(f"{where}: {field.target} has no column {field.remote}")
        plan_names = set(columns) | {special.name for special in resource.specials} | set(resource.aliases)
        for kind, names in (
            ("sort", resource.sorts),
            ("filter", resource.filters),
            ("range", resource.ranges),
        ):
            for field_name in names:
                if field_name not in plan_names:
                    problems.append(f"{name}: {kind} name {field_name!r} is neither a column nor a special")
        for token in resource.default_sort:
            if token.lstrip("-") not in columns:
                problems.append(f"{name}: default sort {token!r} is not a column")
        for parent in resource.parents:
            if parent.resource not in self and not parent.external:
                problems.append(f"{name}: unknown parent {parent.resource}")
            if parent.writes and (resource.writes is None or len(parent.segments) != 1):
                problems.append(f"{name}: nested writes under {parent.resource} need writes and one segment")
            keyed = parent.reads or (parent.sets is None and parent.link is None)
            if parent.condition is None and keyed and (parent.column or parent.param) not in columns:
                problems.append(
                    f"{name}: parent {parent.resource} has no column {parent.column or parent.param}"
                )
        for member in resource.members:
            where = f"{name}: member {member.name} ({' '.join(member.methods)} {member.path})"
            if not member.path.startswith("/v2/"):
                problems.append(f"{where}: the path is not under /v2/")
            if member.methods == ("GET",) and member.transaction != "none":
                problems.append(f"{where}: a GET runs in no write transaction")
            for segment in re.findall(r"/([a-z_]+)/\{[a-z_]+\}", member.path):
                if segment not in self:
                    problems.append(f"{where}: {{placeholder}} after unknown resource {segment}")
        problems.extend(self._check_writes(resource))
        problems.extend(visibility.check(resource))
        for lookup in resource.lookups:
            if lookup not in columns:
                problems.append(f"{name}: lookup {lookup} is not a column")
        return problems

    def _check_writes(self, resource: Resource) -> list[str]:
        writes = resource.writes
        if writes is None:
            return []
        problems = []
        name = resource.name
        columns = set(resource.table.c.keys())
        elsewhere = set(writes.ignored) | {n.key for n in writes.nested} | {i.key for i in writes.ids}
        for key in dict.fromkeys((*writes.keys, *(writes.update_keys or ()))):
            if key not in elsewhere and writes.columns.get(key, key) not in columns:
                problems.append(
                    f"{name}: write key {key!r} is no column, nested attribute, id list or ignored key"
                )
        for nested in writes.nested:
            if nested.target not in self:
                problems.append(f"{name}: nested {nested.key} targets unknown {nested.target}")
            elif self[nested.target].writes is None:
                problems.append(f"{name}: nested {nested.key}: {nested.target} declares no writes")
        for ids in writes.ids:
            if ids.target not in self:
                problems.append(f"{name}: id list {ids.key} names unknown {ids.target}")
        return problems
