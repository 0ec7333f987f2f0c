"""api.pipeline: the one request pipeline of every ``/v2`` route — reads, writes, actions, searches.

request → call (a value, `api.call`) → authenticate → rate limit → access → execute (the route's
handler: it plans and reads on a connection, or runs in one write transaction, `api.tx`) → render →
respond. Authentication is the app's (``authenticate``): the engine knows no token table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from openintra.api import body as bodies
from openintra.api import owner as owners
from openintra.api.call import Answer, Call, Encoded
from openintra.api.spec import Access
from openintra.api.tx import Transactions, Tx
from openintra.core import jsonenc
from openintra.core.errors import ApiError, Forbidden, InsufficientScope
from openintra.core.principal import SCOPE_DESCRIPTIONS, Principal, bearer_token

if TYPE_CHECKING:
    from openintra.api.write import Writer
    from openintra.ratelimit import RateLimiter

JSON_TYPE = "application/json; charset=utf-8"
SERVER_ERROR = {"error": "Internal Server Error", "message": "An unexpected error occurred; it was logged."}
NO_STORE = {"Cache-Control": "max-age=0, private, must-revalidate"}
OWNER_NEEDED = "This route needs a token of a user (authorization code grant)"
log = logging.getLogger("openintra")

Handler = Callable[[Tx, Call], Answer]
"""A route's work: plan, read or write, and answer (``tx.conn`` is in a transaction for writes)."""
Transaction = Literal["none", "write"]
"""``none``: the handler reads on a plain connection; ``write``: one write transaction (`Transactions`)."""


class Authenticate(Protocol):
    def __call__(
        self, conn: Connection, token: str | None, remember: Callable[..., Any] | None = None
    ) -> Principal: ...


@dataclass(frozen=True)
class Endpoint:
    """What the pipeline needs of a route: who may call it, its handler, and its transaction."""

    access: Access
    handler: Handler
    transaction: Transaction = "none"
    body: bool = False
    """Whether the request's body is read (writes and member actions)."""


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """The render stage: the JSON renderer (42's shapes through `core.jsonenc`)."""
    data = body if isinstance(body, Encoded) else jsonenc.dumps(body)
    return Response(data, status_code=status, headers=headers, media_type=JSON_TYPE)


def check_access(access: Access, principal: Principal) -> None:
    """Pass if any one way in is open; else the most actionable refusal (scope, user, role)."""
    refusals: list[ApiError] = []
    for need in access.any_of:
        if need.roles and not need.roles & principal.roles:
            refusals.append(
                Forbidden(f"This resource needs one of the roles: {', '.join(sorted(need.roles))}")
            )
        elif need.owner and principal.user_id is None:
            refusals.append(Forbidden(OWNER_NEEDED))
        elif missing := sorted(need.scopes - principal.scopes):
            refusals.append(
                InsufficientScope(missing, [SCOPE_DESCRIPTIONS.get(name, "") for name in missing])
            )
        else:
            return
    raise min(
        refusals,
        key=lambda error: (not isinstance(error, InsufficientScope), error.message != OWNER_NEEDED),
    )


class Pipeline:
    """The stages every route runs, bound to an engine, the app's authentication and rate limiter."""

    def __init__(
        self,
        engine: Engine,
        authenticate: Authenticate,
        limiter: RateLimiter,
        public_url: str | None = None,
        remember: Callable[..., Any] | None = None,
    ) -> None:
        self.engine = engine
        self.authenticate = authenticate
        self.limiter = limiter
        self.public_url = public_url.rstrip("/") if public_url else None
        self.remember = remember
        """Keeps token rows until the next commit on reads (`db.counts.CountCache.remember`)."""
        self.inline = engine.dialect.name == "sqlite"
        """SQLite reads run on the event loop: a local file answers in micro- to milliseconds, and
        one request at a time per worker beats threads taking turns on the GIL (no hop, no
        contention, one connection). PostgreSQL waits on the network: its reads run in threads.
        Writes always run in threads (they may wait for a lock)."""
        self.transactions = Transactions(self.inline)
        self.rows: Writer | None = None
        """The row writer handed to every `Tx` (set by `api.write.Writer`)."""
        self.access: dict[tuple[str, str], Access] = {}
        """Each served ``(method, path)``'s access rule (checked against the catalog by the tests)."""

    def route(self, methods: tuple[str, ...], path: str, endpoint: Endpoint, name: str) -> Route:
        """A Starlette route of ``endpoint`` through this pipeline; its access is recorded."""
        for method in methods:
            self.access[(method, path)] = endpoint.access
        return Route(path, self.endpoint(endpoint), methods=list(methods), name=name)

    # --- request → call ----------------------------------------------------------------------------

    def endpoint(self, route: Endpoint) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            call = Call(
                path=request.url.path,
                path_params=dict(request.path_params),
                params=request.query_params.multi_items(),
                token=bearer_token(
                    request.headers.get("authorization"), request.query_params.get("access_token")
                ),
                base_url=self.public_url or f"{request.url.scheme}://{request.url.netloc}",
                method=request.method,
            )
            if route.body:
                await _read_body(request, call)
            if self.inline and route.transaction == "none":
                return self.run(route, call)
            return await run_in_threadpool(self.run, route, call)

        return endpoint

    # --- authenticate → rate limit → access → execute → render ------------------------------------

    def run(self, route: Endpoint, call: Call) -> Response:
        headers: dict[str, str] = {}
        try:
            with self.engine.connect() as conn:
                writes = route.transaction == "write"
                principal = self.authenticate(conn, call.token, None if writes else self.remember)
                headers.update(
                    {
                        "X-Application-Id": str(principal.app_id),
                        "X-Application-Name": principal.app_name,
                        "X-Application-Roles": principal.roles_header,
                    }
                )
                headers.update(self.limiter.hit(principal))
                check_access(route.access, principal)
                call.owner = owners.restricted_to(route.access, principal)  # api.owner: per-row ownership
                if route.body:
                    call.parameters()  # a malformed body is refused before any lock is taken
                if writes:
                    conn.commit()  # end the authentication's read before the write transaction
                    answer = self.transactions.run(
                        conn, lambda: route.handler(self.tx(conn, principal, call), call)
                    )
                else:
                    answer = route.handler(self.tx(conn, principal, call), call)
        except ApiError as error:
            return json_response(error.body(), error.status, headers | NO_STORE | error.headers)
        except Exception:
            log.exception("unhandled error on %s %s", call.method, call.path)
            return json_response(SERVER_ERROR, 500, headers | NO_STORE)
        if answer.body is None:
            return Response(status_code=answer.status, headers=headers | NO_STORE | answer.headers)
        return json_response(answer.body, answer.status, headers | NO_STORE | answer.headers)

    def tx(self, conn: Connection, principal: Principal, call: Call) -> Tx:
        assert self.rows is not None, "the pipeline runs with a row writer (api.write.Writer)"
        return Tx(self.rows, conn, principal, call)


async def _read_body(request: Request, call: Call) -> None:
    """The body as the call's form (form and multipart; files at most `body.MAX_UPLOAD`) or raw bytes."""
    call.content_type = request.headers.get("content-type", "")
    lowered = call.content_type.lower()
    if not lowered.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        call.raw = await request.body()
        return
    try:
        form = await request.form()
        call.form = []
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = await value.read(bodies.MAX_UPLOAD + 1)
                if len(data) > bodies.MAX_UPLOAD:
                    call.form_error = f"{key}: a file may hold at most {bodies.MAX_UPLOAD} bytes"
                value = bodies.Upload(value.filename or "", data, value.content_type or "")
            call.form.append((key, value))
        await form.close()
    except Exception as error:  # a malformed multipart body
        call.form_error = f"The request body could not be read as a form: {error}"[:300]


__all__ = [
    "JSON_TYPE",
    "NO_STORE",
    "OWNER_NEEDED",
    "SERVER_ERROR",
    "Endpoint",
    "Handler",
    "Pipeline",
    "check_access",
    "json_response",
]
