"""api.call: the request as a value — what every stage of the pipeline reads — and its answer.

The HTTP request is read once, on the event loop, into a `Call` (path values, query pairs, token,
body); the stages that follow run on it (in a thread on PostgreSQL) and never touch the request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openintra.api import body as bodies
from openintra.core.errors import BadRequest

_JSON = re.compile(r"^application/([a-z.+-]*\+)?json", re.IGNORECASE)


@dataclass
class Call:
    """One request: the route's path values, the query string's pairs, the token, the body."""

    path: str
    path_params: dict[str, str]
    params: list[tuple[str, str]]
    token: str | None
    base_url: str
    method: str = "GET"
    content_type: str = ""
    raw: bytes = b""
    form: list[tuple[str, Any]] | None = None
    form_error: str | None = None
    owner: int | None = None
    """The user whose rows alone this call may touch (api.owner); None: not restricted."""
    _parameters: dict[str, Any] | None = field(default=None, repr=False)

    def parameters(self) -> dict[str, Any]:
        """Rails' parameters: the query string's, overlaid by the body's (raises `BadRequest`);
        parsed once."""
        if self._parameters is None:
            self._parameters = self._parse()
        return self._parameters

    def _parse(self) -> dict[str, Any]:
        query = bodies.parse_pairs((k, v) for k, v in self.params if k != "access_token")
        if self.form_error is not None:
            raise BadRequest(self.form_error)
        if self.form is not None:
            given = bodies.parse_pairs(self.form)
        elif self.raw.strip() and (_JSON.match(self.content_type) or not self.content_type):
            given = bodies.parse_json(self.raw)
        elif self.raw.strip():
            raise BadRequest(
                f"Unsupported content type {self.content_type[:80]!r}: send JSON, a form or multipart"
            )
        else:
            given = {}
        return bodies.merge(query, given)


class Encoded(bytes):
    """A body already serialized (a remembered show or page): answered as is."""


@dataclass
class Answer:
    """What a handler answers: ``status``, the JSON ``body`` (None: no content) and extra headers
    (paging headers, a waitlisted registration's)."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


__all__ = ["Answer", "Call", "Encoded"]
