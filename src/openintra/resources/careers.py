"""resources.careers: companies, internships, amendments, offers, experiences, partnerships, patronages, alumnized users and user candidatures."""

from __future__ import annotations

from openintra.api.spec import Resource

RESOURCES: tuple[Resource, ...] = ()
