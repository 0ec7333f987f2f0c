"""resources: THE API CONTRACT — one frozen `Resource` spec per 42 resource.

``ALL`` is the explicit list handed to the engine; nothing registers itself by import.
"""

from __future__ import annotations

from dataclasses import replace

from openintra.api.spec import Resource, Writes
from openintra.resources import campus, careers, community, economy, events, pedagogy, people, projects, users
from openintra.resources.writes import WRITES
from openintra.rules import ACTIONS, HOOKS

READS: tuple[Resource, ...] = (
    campus.RESOURCES
    + users.RESOURCES
    + projects.RESOURCES
    + community.RESOURCES
    + events.RESOURCES
    + economy.RESOURCES
    + pedagogy.RESOURCES
    + careers.RESOURCES
    + people.RESOURCES
)


def _with_writes(resource: Resource) -> Resource:
    """The resource with its declared writes, its rules' hooks and its member actions."""
    writes = WRITES.get(resource.name)
    actions = ACTIONS.get(resource.name, ())
    if writes is None and not actions:
        return resource
    if writes is None:
        writes = Writes(resource.name.removesuffix("s"), keys=(), flat_create=False, flat_member=False)
    return replace(
        resource, writes=replace(writes, hooks=HOOKS.get(resource.name, writes.hooks), actions=actions)
    )


ALL: tuple[Resource, ...] = tuple(_with_writes(resource) for resource in READS)
"""Every resource with its write routes (`openintra.resources.writes`) and rules (`openintra.rules`)."""
