"""rules.people: Discipline and people: closes, community services, users, alumni, campus and cursus users, black hole."""

from __future__ import annotations

from openintra.api.spec import Hooks, WriteAction

HOOKS: dict[str, Hooks] = {}
ACTIONS: dict[str, tuple[WriteAction, ...]] = {}
