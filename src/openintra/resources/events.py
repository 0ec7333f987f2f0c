"""resources.events: events, exams, waitlists, dashes, slots, announcements, broadcasts, flashes and mailings."""

from __future__ import annotations

from openintra.api.spec import Resource

RESOURCES: tuple[Resource, ...] = ()
