"""rules.projects: Projects and teams: register, retry, team lock and close, projects_users status and marks, reset, scale."""

from __future__ import annotations

from openintra.api.spec import Hooks, WriteAction

HOOKS: dict[str, Hooks] = {}
ACTIONS: dict[str, tuple[WriteAction, ...]] = {}
