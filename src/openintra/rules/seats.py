"""rules.seats: Events and exams: seats capped at max_people, waitlists, registration deadlines."""

from __future__ import annotations

from openintra.api.spec import Hooks, WriteAction

HOOKS: dict[str, Hooks] = {}
ACTIONS: dict[str, tuple[WriteAction, ...]] = {}
