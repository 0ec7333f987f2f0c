"""rules.wallets: Wallets: transactions of Altarian dollars and purchases of products."""

from __future__ import annotations

from openintra.api.spec import Hooks, WriteAction

HOOKS: dict[str, Hooks] = {}
ACTIONS: dict[str, tuple[WriteAction, ...]] = {}
