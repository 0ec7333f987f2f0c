"""rules: the school's rules, the only code that locks rows (DESIGN §3).

Each module declares, per resource name, the `Hooks` that run inside a plain write's transaction
and the member `WriteAction`s of the catalog (``retry``, ``points/add``, ``close``…). They are
attached to the resources' `Writes` in `openintra.resources`; nothing registers itself by import.
"""

from __future__ import annotations

from openintra.api.spec import Hooks, WriteAction
from openintra.rules import people, platform, points, projects, seats, service, wallets

MODULES = (points, wallets, seats, projects, people, service, platform)

HOOKS: dict[str, Hooks] = {}
ACTIONS: dict[str, tuple[WriteAction, ...]] = {}
for _module in MODULES:
    for _name, _hooks in _module.HOOKS.items():
        assert _name not in HOOKS, f"hooks of {_name} declared twice"
        HOOKS[_name] = _hooks
    for _name, _actions in _module.ACTIONS.items():
        ACTIONS[_name] = ACTIONS.get(_name, ()) + tuple(_actions)
