"""bench/writes.py: openintra's write path under load (SQLite, one worker), with wrk.

Seeds (or reuses) ``bench/results/openintra-writes-u2000.db``, starts ``openintra serve`` pinned to
CPU 0 with an app holding every role, and measures with wrk on CPU 1, for each line, requests/s and
p50/p99 latency at 4 and 50 connections. Every measured request is a real write: one transaction with
its journals row. Status codes are checked after each run (none may be a 5xx).

    .venv/bin/python bench/writes.py [--users 2000] [--duration 10]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import httpx
import orjson

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402 - the read benchmark's helpers (server, seed, wrk parsing)

SCRIPT = BENCH / "writes.lua"


def lines(user_id: int, cursus_id: int) -> list[tuple[str, str, str, str]]:
    return [
        ("create a title", "POST", "/v2/titles", '{"title": {"name": "bench title %d"}}'),
        ("update a cursus", "PATCH", f"/v2/cursus/{cursus_id}", '{"cursus": {"name": "bench cursus %d"}}'),
        ("create a location", "POST", "/v2/locations",
         f'{{"location": {{"user_id": {user_id}, "host": "e%dr1p1", "campus_id": 1, "begin_at": "2026-12-01T10:00:00Z"}}}}'),
        # a rule: the user's row locked, the balance moved by a conditional update, a historic row
        ("add a correction point", "POST", f"/v2/users/{user_id}/correction_points/add", '{"reason": "bench %d"}'),
    ]  # fmt: skip


def wrk(base: str, token: str, method: str, path: str, body: str, connections: int, seconds: int) -> str:
    argv = [
        "taskset", "-c", str(run.LOAD_CPU), "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout=30s",
        "--latency", "-H", f"Authorization: Bearer {token}", "-s", str(SCRIPT), base, "--", method, path, body,
    ]  # fmt: skip
    return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=seconds + 90).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()
    run.require_tools(["wrk", "taskset"])
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    db = run.RESULTS / f"openintra-writes-u{args.users}.db"
    env = run.openintra_env(db)
    run.seed_database(db, args.users, 4, env)
    created = subprocess.run(
        [run.openintra_bin(), "apps", "create", "bench-writes", "--rate-secondly", "10000000", "--rate-hourly",
         "1000000000", "--roles", "Advanced tutor,Basic staff,Advanced staff", "--json"],
        env=env, cwd=run.RESULTS, check=True, capture_output=True, text=True,
    )  # fmt: skip
    app = orjson.loads(created.stdout)
    user_id = run.sql_rows(db, "SELECT id FROM users ORDER BY id LIMIT 1 OFFSET 10")[0][0]
    cursus_id = run.sql_rows(db, "SELECT id FROM cursus ORDER BY id LIMIT 1")[0][0]
    port = run.free_port()
    argv = [run.openintra_bin(), "serve", "--port", str(port)]
    rows = []
    with run.Server("openintra-writes", argv, port, "/healthz", env=env) as server:
        token = run.get_token(server.base, str(app["uid"]), str(app["secret"]))
        for name, method, path, body in lines(user_id, cursus_id):
            for connections in (4, 50):
                journals = run.count_rows(db, "journals")
                result = run.parse_wrk(
                    wrk(server.base, token, method, path, body, connections, args.duration)
                )
                written = run.count_rows(db, "journals") - journals
                check = httpx.request(method, server.base + path, headers={"Authorization": f"Bearer {token}",
                                      "Content-Type": "application/json"}, content=body.replace("%d", "0"))  # fmt: skip
                assert check.status_code < 400, (check.status_code, check.text)
                rows.append((name, connections, result, written))
                run.say(f"  {name} @{connections}: {result.rps:,.1f} req/s, p50 {run._ms(result.p50_ms)}, "
                        f"p99 {run._ms(result.p99_ms)}, {result.errors} errors, {written:,} journal rows")  # fmt: skip
    table = [
        "| line | connections | req/s | p50 | p99 | non-2xx/errors | journals rows |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, connections, result, written in rows:
        table.append(f"| {name} | {connections} | {result.rps:,.1f} | {run._ms(result.p50_ms)} | "
                     f"{run._ms(result.p99_ms)} | {result.errors} | {written:,} |")  # fmt: skip
    report = "\n".join(table)
    (run.RESULTS / "writes.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
