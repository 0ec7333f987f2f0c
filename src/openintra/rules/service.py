"""rules.service: Service routes: search, translations upload, endpoints callback, webhook registrations, locations end_all."""

from __future__ import annotations

from openintra.api.spec import Hooks, WriteAction

HOOKS: dict[str, Hooks] = {}
ACTIONS: dict[str, tuple[WriteAction, ...]] = {}
