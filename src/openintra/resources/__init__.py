"""resources: THE API CONTRACT — one frozen `Resource` spec per 42 resource.

``ALL`` is the explicit list handed to the engine; nothing registers itself by import.
"""

from __future__ import annotations

from dataclasses import replace

from openintra.api.spec import Resource
from openintra.resources import campus, careers, community, economy, events, pedagogy, people, projects, users
from openintra.resources.writes import WRITES

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

ALL: tuple[Resource, ...] = tuple(
    replace(resource, writes=WRITES[resource.name]) if resource.name in WRITES else resource for resource in READS
)
"""Every resource with its write routes (`openintra.resources.writes`)."""
