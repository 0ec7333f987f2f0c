"""resources.people: groups, roles, roles entities, expertises, languages users, accreditations, apps, clusters and gitlab users."""

from __future__ import annotations

from openintra.api.spec import Resource

RESOURCES: tuple[Resource, ...] = ()
