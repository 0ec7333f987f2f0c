"""auth.routes: ``/oauth/token`` (also ``/v2/oauth/token``) and ``/oauth/token/info``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from openintra.api.pipeline import json_response
from openintra.auth.principal import authenticate, bearer_token
from openintra.auth.server import Request as OAuthRequest
from openintra.auth.server import TokenServer
from openintra.core import jsonenc
from openintra.core.clock import utc_now
from openintra.core.errors import ApiError

MAX_BODY = 64 * 1024


async def _pairs(request: Request) -> list[tuple[str, str]] | None:
    """Every parameter of the query string and the body (form, multipart or JSON); None if malformed."""
    pairs = list(request.query_params.multi_items())
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in ("application/json", "application/vnd.api+json"):
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return None
        if raw.strip():
            try:
                data = jsonenc.loads(raw)
            except ValueError:
                return None
            if not isinstance(data, dict):
                return None
            pairs += [(str(key), str(value)) for key, value in data.items() if value is not None]
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        async with request.form(max_files=0, max_fields=100) as form:
            pairs += [(key, value) for key, value in form.multi_items() if isinstance(value, str)]
    return pairs


def _oauth_endpoint(respond: Callable[[OAuthRequest], tuple[int, Any, dict[str, str]]]) -> Any:
    """A POST endpoint of the OAuth server: parameters from anywhere, Authlib in a thread, no-store."""

    async def endpoint(request: Request) -> Response:
        pairs = await _pairs(request)
        if pairs is None:
            return json_response(
                {"error": "invalid_request", "error_description": "The request body is malformed."}, 400
            )
        uri = str(request.url.replace(scheme="https"))  # TLS is terminated before us (reverse proxy)
        status, body, headers = await run_in_threadpool(
            respond, OAuthRequest("POST", uri, request.headers, pairs)
        )
        headers = {key: value for key, value in headers.items() if key.lower() != "content-type"}
        return json_response(body, status, headers | {"Cache-Control": "no-store", "Pragma": "no-cache"})

    return endpoint


def token_routes(server: TokenServer, engine: Engine) -> list[Route]:
    token = _oauth_endpoint(server.token_response)
    revoke = _oauth_endpoint(server.revocation_response)  # RFC 7009: 200 {} whether or not the token existed

    async def info(request: Request) -> Response:
        token_value = bearer_token(
            request.headers.get("authorization"), request.query_params.get("access_token")
        )

        def lookup() -> dict[str, Any]:
            with engine.connect() as conn:
                principal = authenticate(conn, token_value)
            return {
                "resource_owner_id": principal.user_id,
                "scopes": sorted(principal.scopes),
                "expires_in_seconds": max(0, int((principal.expires_at - utc_now()).total_seconds())),
                "application": {"uid": principal.app_uid},
                "created_at": int(principal.created_at.timestamp()),
            }

        try:
            body = await run_in_threadpool(lookup)
        except ApiError as error:
            return json_response(error.body(), error.status, error.headers)
        return json_response(body)

    return [
        Route("/oauth/token", token, methods=["POST"]),
        Route("/v2/oauth/token", token, methods=["POST"]),
        Route("/oauth/revoke", revoke, methods=["POST"]),
        Route("/oauth/token/info", info, methods=["GET"]),
        Route("/v2/oauth/token/info", info, methods=["GET"]),
    ]
