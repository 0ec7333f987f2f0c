"""resources: THE API CONTRACT — one frozen `Resource` spec per 42 resource.

``ALL`` is the explicit list handed to the engine; nothing registers itself by import.
"""

from __future__ import annotations

from openintra.api.spec import Resource
from openintra.resources import campus, careers, community, economy, events, pedagogy, people, projects, users

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
)
