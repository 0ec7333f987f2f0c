"""app: ``create_app(settings)`` — the FastAPI shell with the registry's plain Starlette routes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openintra import __version__
from openintra.api.pipeline import SERVER_ERROR, Pipeline, json_response, log
from openintra.api.registry import Registry
from openintra.api.routes import Api
from openintra.api.spec import Ctx
from openintra.api.write import Writer
from openintra.auth.pages import AuthPages
from openintra.auth.principal import authenticate
from openintra.auth.routes import token_routes
from openintra.auth.server import TokenServer
from openintra.db.session import make_engine
from openintra.ratelimit import RateLimiter
from openintra.resources import ALL
from openintra.rules import journal
from openintra.settings import Settings
from openintra.web.apps import AppPages
from openintra.web.pages import Pages
from openintra.web.session import Sessions


class Envelope:
    """ASGI middleware: path normalisation, ``X-Request-Id`` and ``X-Runtime`` on every response.

    ``/v2/me/`` is ``/v2/me`` and ``/v2/users/1.json`` is ``/v2/users/1`` (clients use both).
    """

    def __init__(self, app: ASGIApp, api_routes: Sequence[Route] = ()) -> None:
        self.app = app
        self._by_segment = _segment_routers(api_routes, fallback=app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/v2/") or path == "/v2":
            normalised = path.rstrip("/") or "/"
            if normalised.endswith(".json"):
                normalised = normalised[: -len(".json")]
            if normalised != path:
                scope = dict(scope, path=normalised, raw_path=normalised.encode())
        started = time.perf_counter()
        request_id = uuid.uuid4().hex

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.append((b"x-runtime", f"{time.perf_counter() - started:.6f}".encode()))
                message = dict(message, headers=headers)
            await send(message)

        fast = scope["method"] == "GET" and scope["path"].startswith("/v2/")
        router = self._by_segment.get(scope["path"].split("/", 3)[2]) if fast else None
        if router is not None:
            await router(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)


def _segment_routers(routes: Sequence[Route], fallback: ASGIApp) -> dict[str, Router]:
    """The registry's routes grouped by the segment after ``/v2/`` (``users``, ``me``, …).

    A request is matched against its resource's few routes instead of the whole list (hundreds of
    regular expressions per request otherwise). These handlers answer every error themselves
    (``Api._run``), so they need none of the application's exception layers; a path no route of
    its group matches, and any other method, go through the application (its ``404 {}``, 405…).
    """
    groups: dict[str, list[Route]] = {}
    for route in routes:
        groups.setdefault(route.path.split("/", 3)[2], []).append(route)
    return {
        segment: Router(routes=members, redirect_slashes=False, default=fallback)
        for segment, members in groups.items()
    }


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 405 and request.url.path.startswith("/v2"):
        status = 404  # Rails routes by verb and path: a path without this verb is no route at all
    if status == 404:
        return json_response({}, 404)
    return json_response({"error": "Error", "message": str(getattr(exc, "detail", ""))}, status)


async def _server_error(_request: Request, exc: Exception) -> Response:
    log.error("unhandled error", exc_info=exc)
    return json_response(SERVER_ERROR, 500)


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """The whole application for ``settings`` (an engine may be passed in by tests)."""
    engine = engine or make_engine(settings.database_url, pool_size=settings.pool_size)
    registry = Registry(ALL)
    registry.validate()
    limiter = RateLimiter(settings.redis_url)
    pipeline = Pipeline(engine, authenticate, limiter, settings.public_url)
    api = Api(registry, pipeline, Ctx(api_url=settings.api_url.rstrip("/")), read_cache=settings.read_cache)
    writer = Writer(api, journal=journal.write, history=journal.TABLES)
    server = TokenServer(engine, settings.token_ttl)

    async def healthz(_request: Request) -> Response:
        return json_response({"status": "ok", "version": __version__})

    assert settings.secret_key is not None  # Settings refuses to exist without one
    sessions = Sessions(settings.secret_key, secure=(settings.public_url or "").startswith("https://"))
    pages = Pages(engine, sessions)
    api_routes = api.routes()
    routes: list[Any] = [
        Route("/healthz", healthz, methods=["GET"]),
        *token_routes(server, engine),
        *AuthPages(pages, server, engine).routes(),
        *AppPages(pages, engine, secret_ttl_days=settings.secret_ttl_days).routes(),
        *api_routes,
        *writer.routes(),
    ]
    app = FastAPI(
        title="openintra",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.router.routes.extend(routes)
    app.state.settings = settings
    app.state.engine = engine
    app.state.registry = registry
    app.state.api = api
    app.state.pipeline = pipeline
    app.state.writer = writer
    app.add_middleware(Envelope, api_routes=api_routes)
    return app


def app_from_env() -> FastAPI:
    """The uvicorn factory: settings from the environment (``OPENINTRA_*``)."""
    import gc
    import os

    demo = os.environ.get("OPENINTRA_DEMO", "").lower() in ("1", "true")
    app = create_app(Settings(demo=demo))
    # What the app built at start (specs, compiled views, routes, SQLAlchemy metadata) lives as long
    # as the worker: moved out of the collector's generations, it is no longer traversed by every
    # full collection (which otherwise shows as tail latency under load).
    gc.collect()
    gc.freeze()
    return app
