"""resources: THE API CONTRACT — one frozen `Resource` spec per 42 resource.

Each resource declares everything about it in its domain module: reads, writes (``writes=Writes(…)``),
the school's rules its writes run (``hooks``, from ``openintra.rules``) and its member actions.
``ALL`` is the explicit list handed to the engine; nothing registers itself by import.
"""

from __future__ import annotations

from openintra.api.spec import Resource
from openintra.resources import (
    campus,
    careers,
    community,
    economy,
    events,
    forum,
    pedagogy,
    people,
    projects,
    users,
)

ALL: tuple[Resource, ...] = (
    campus.RESOURCES
    + users.RESOURCES
    + projects.RESOURCES
    + community.RESOURCES
    + events.RESOURCES
    + economy.RESOURCES
    + pedagogy.RESOURCES
    + careers.RESOURCES
    + people.RESOURCES
    + forum.RESOURCES
)
