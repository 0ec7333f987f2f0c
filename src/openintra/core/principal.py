"""core.principal: who is calling — the token's app, user, scopes and roles — as a value.

`auth` finds it (by the token's digest); `api` decides with it; neither needs the other's tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SCOPE_DESCRIPTIONS = {
    "public": "Access the user's public data",
    "projects": "Act on projects on behalf of the user: registrations, teams, evaluations, slots, feedbacks",
    "profile": "Act on the user's profile: event subscriptions, expertises",
    "elearning": "Access the e-learning content: notions and videos",
    "tig": "Manage community services and closes",
    "forum": "Create, update and destroy topics and messages",
}
"""The scopes and their descriptions; ``forum``'s is 42's own (api-routes §5.3), the others ours."""
SCOPES = tuple(SCOPE_DESCRIPTIONS)


@dataclass(frozen=True)
class Principal:
    app_id: int
    app_uid: str
    app_name: str
    roles: frozenset[str]
    scopes: frozenset[str]
    user_id: int | None
    rate_secondly: int
    rate_hourly: int
    created_at: dt.datetime
    expires_at: dt.datetime

    @property
    def roles_header(self) -> str:
        return ",".join(sorted(self.roles)) if self.roles else "None"


def bearer_token(authorization: str | None, query_token: str | None) -> str | None:
    """The token of ``Authorization: Bearer …`` or ``?access_token=…``."""
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        return None
    return query_token or None
