"""models.people: groups, roles, roles entities, expertises, languages users, accreditations, apps, clusters and gitlab users."""

from __future__ import annotations
