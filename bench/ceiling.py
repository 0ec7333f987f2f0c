"""bench/ceiling.py: the ceiling of a Python server on this machine.

A bare Starlette app on uvicorn (uvloop, httptools, one worker, no access log) that answers every GET
with the same fixed JSON body, read once from a file at start-up. ``bench/run.py`` feeds it the bytes of
openintra's own ``/v2/users?per_page=100`` response, so the body is exactly the same size.

    python bench/ceiling.py --body PATH --port 8097
"""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def make_app(body: bytes) -> Starlette:
    async def fixed(request: Request) -> Response:
        return Response(body, media_type="application/json; charset=utf-8")

    return Starlette(routes=[Route("/{path:path}", fixed, methods=["GET"])])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--body", type=Path, required=True, help="file whose bytes every response returns")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8097)
    args = parser.parse_args()
    app = make_app(args.body.read_bytes())
    uvicorn.run(
        app, host=args.host, port=args.port, workers=1, loop="uvloop", http="httptools",
        access_log=False, log_level="warning",
    )  # fmt: skip


if __name__ == "__main__":
    main()
