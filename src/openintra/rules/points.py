"""rules.points: Evaluation points: correction_points add/remove, booking an evaluation (scale_teams), historics, pools and balances."""

from __future__ import annotations

from openintra.api.spec import Hooks, WriteAction

HOOKS: dict[str, Hooks] = {}
ACTIONS: dict[str, tuple[WriteAction, ...]] = {}
