"""Crash safety: a server SIGKILLed in the middle of a write load loses no acknowledged write, and
what it committed is whole (each row with its journals row, each rule's invariants true).

The load runs through a real uvicorn process of its own (tests/servers.py) on the ``writable``
network's database; the test kills it with SIGKILL (no shutdown, no flush), starts it again on the
same database and reads what is there.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Network
from tests.servers import Server, server_env

WRITERS = 8
LOAD_DEADLINE = 180.0
"""Seconds the load may take to reach what a test needs before the kill (a busy machine is slow)."""


class Load:
    """Writers that post until the server dies, remembering what it acknowledged."""

    def __init__(
        self, url: str, token: str, request: Callable[[int, int], tuple[str, str, dict[str, Any]]]
    ) -> None:
        self.url = url
        self.token = token
        self.request = request
        self.acknowledged: list[tuple[int, Any]] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def _writer(self, worker: int) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.url, timeout=10, headers=headers) as client:
            for attempt in range(100_000):
                if self._stop.is_set():
                    return
                method, path, options = self.request(worker, attempt)
                try:
                    response = client.request(method, path, **options)
                except httpx.TransportError:
                    return  # the server is gone: this write was never acknowledged
                with self._lock:
                    if response.status_code >= 500:
                        self.errors.append(f"{response.status_code} {response.text[:200]}")
                    elif response.status_code in (200, 201, 204):
                        body = response.json() if response.content else None
                        self.acknowledged.append(((worker, attempt), body))

    def count(self, predicate: Callable[[int, Any], bool] = lambda _worker, _body: True) -> int:
        """How many acknowledged writes satisfy ``predicate(worker, body)`` so far."""
        with self._lock:
            return sum(1 for (worker, _), body in self.acknowledged if predicate(worker, body))

    def run_until_killed(self, server: Server, enough: Callable[[Load], bool]) -> None:
        """Load the server until ``enough(self)`` holds (the acknowledged writes the test needs),
        then SIGKILL it in the middle of the load; a load that never gets there fails the test."""
        threads = [threading.Thread(target=self._writer, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + LOAD_DEADLINE
        while not enough(self) and time.monotonic() < deadline and any(t.is_alive() for t in threads):
            time.sleep(0.02)
        reached = enough(self)
        server.kill()
        self._stop.set()
        for thread in threads:
            thread.join(timeout=30)
        assert reached, (
            f"the load did not get far enough in {LOAD_DEADLINE:.0f} s: {len(self.acknowledged)} writes "
            f"acknowledged, errors {self.errors[:3]}"
        )


@pytest.fixture
def doomed(writable: Network, tmp_path: Path) -> Any:
    """A server of the writable database that the test may kill (not the shared one)."""
    server = Server(server_env(writable.db.url, OPENINTRA_POOL_SIZE="8"), tmp_path).start()
    yield server
    server.stop()


def test_a_killed_server_keeps_every_acknowledged_create_with_its_journal(
    writable: Network, doomed: Server
) -> None:
    run = uuid.uuid4().hex[:8]

    def request(worker: int, attempt: int) -> tuple[str, str, dict[str, Any]]:
        return "POST", "/v2/titles", {"json": {"title": {"name": f"crash {run} {worker}-{attempt}"}}}

    load = Load(doomed.url, writable.tokens["staff"], request)
    load.run_until_killed(doomed, lambda load: load.count() > 20)
    assert not load.errors, load.errors[:5]
    doomed.start()  # the same database, after the crash
    with httpx.Client(
        base_url=doomed.url, headers={"Authorization": f"Bearer {writable.tokens['staff']}"}
    ) as client:
        assert (
            client.get("/v2/titles", params={"filter[id]": load.acknowledged[0][1]["id"]}).status_code == 200
        )
    stored = {
        row[0]: row[1]
        for row in writable.sql(
            "SELECT t.name, (SELECT count(*) FROM journals j WHERE j.item_type = 'Title' AND j.item_id = t.id "
            "AND j.reason = 'create') FROM titles t WHERE t.name LIKE :p",
            p=f"crash {run} %",
        )  # fmt: skip
    }
    for (worker, attempt), body in load.acknowledged:
        name = f"crash {run} {worker}-{attempt}"
        assert name in stored, f"acknowledged {name} (id {body['id']}) is gone after the crash"
    assert set(stored.values()) == {1}, "every committed row has exactly its one journals row"
    # What was in flight at the kill is either whole or absent: at most one per writer beyond the acks.
    assert len(stored) - len(load.acknowledged) <= WRITERS


def test_a_killed_server_leaves_wallets_stocks_and_seats_true(writable: Network, doomed: Server) -> None:
    """Purchases against one wallet and stock, and registrations to one small event, cut by SIGKILL:
    after the restart every acknowledged purchase and seat is there, the wallet is its start minus
    what was bought (never below 0), the stock likewise, and the event holds at most its seats with
    ``nbr_subscribers`` exact and no one both seated and waiting."""
    from tests.rules.test_seats import event, waiting
    from tests.rules.test_wallets import fresh_user, product, purchase, wallet

    price, start = 3, 60  # 20 purchases at most
    buyer = fresh_user(writable, start)
    item = product(writable, price=price, quantity=25)
    event_id = event(writable, seats=4)
    people = [row[0] for row in writable.sql("SELECT id FROM users ORDER BY id")]

    def request(worker: int, attempt: int) -> tuple[str, str, dict[str, Any]]:
        if worker % 2 == 0:
            return "POST", "/v2/transactions", {"json": purchase(buyer, item)}
        user_id = people[(worker // 2 * 97 + attempt) % len(people)]
        return (
            "POST",
            "/v2/events_users",
            {"json": {"events_user": {"event_id": event_id, "user_id": user_id}}},
        )

    def purchases_and_seats(load: Load) -> bool:
        return (
            load.count(lambda worker, _body: worker % 2 == 0) >= 3
            and load.count(lambda worker, body: worker % 2 == 1 and "event_id" in (body or {})) >= 1
        )

    load = Load(doomed.url, writable.tokens["staff"], request)
    load.run_until_killed(doomed, purchases_and_seats)
    assert not load.errors, load.errors[:5]
    doomed.start()
    bought = [body["id"] for (worker, _), body in load.acknowledged if worker % 2 == 0]
    seated = [body["id"] for (worker, _), body in load.acknowledged if worker % 2 == 1 and "event_id" in body]
    assert bought, "no purchase was acknowledged before the kill"
    purchases = writable.sql(
        "SELECT id FROM transactions WHERE user_id = :u AND transactable_type = 'Product' AND transactable_id = :p",
        u=buyer, p=item,
    )  # fmt: skip
    stored = {row[0] for row in purchases}
    assert set(bought) <= stored, "an acknowledged purchase is gone after the crash"
    assert wallet(writable, buyer) == start - price * len(stored) >= 0
    assert writable.sql("SELECT quantity FROM products WHERE id = :p", p=item)[0][0] == 25 - len(stored)
    registered = [
        row[0] for row in writable.sql("SELECT id FROM events_users WHERE event_id = :e", e=event_id)
    ]
    assert set(seated) <= set(registered) and len(registered) <= 4
    users = {
        row[0] for row in writable.sql("SELECT user_id FROM events_users WHERE event_id = :e", e=event_id)
    }
    assert not users & set(waiting(writable, event_id))
    with httpx.Client(
        base_url=doomed.url, headers={"Authorization": f"Bearer {writable.tokens['staff']}"}
    ) as client:
        assert client.get(f"/v2/events/{event_id}").json()["nbr_subscribers"] == len(registered)


def test_a_killed_server_leaves_evaluation_points_true(writable: Network, doomed: Server) -> None:
    """Bookings of evaluations (a point from the evaluated member each) and point removals cut by
    SIGKILL: after the restart every acknowledged booking is there, each member's balance is its
    start minus what the committed bookings and removals took (never below 0), and each user's last
    historic ``total`` is their balance."""
    from tests.rules.test_points import booking, last_total, new_team, points, set_points, users

    members = users(writable, 4)
    corrector, members = members[0], members[1:]
    start = 25
    for member in members:
        set_points(writable, member, start)
    teams = {member: new_team(writable, [member]) for member in members}
    bodies = {member: booking(writable, teams[member], corrector) for member in members}
    before = {member: int(writable.sql("SELECT count(*) FROM scale_teams WHERE team_id = :t", t=teams[member])[0][0])
              for member in members}  # fmt: skip
    removed_before = {member: len(writable.sql(
        "SELECT id FROM correction_point_historics WHERE user_id = :u AND reason = 'crash test'", u=member))
        for member in members}  # fmt: skip

    def request(worker: int, attempt: int) -> tuple[str, str, dict[str, Any]]:
        member = members[(worker + attempt) % len(members)]
        if worker % 4 == 3:
            return (
                "DELETE",
                f"/v2/users/{member}/correction_points/remove",
                {"json": {"reason": "crash test"}},
            )
        return "POST", "/v2/scale_teams", {"json": bodies[member]}

    load = Load(doomed.url, writable.tokens["staff"], request)
    load.run_until_killed(doomed, lambda load: load.count(lambda worker, _body: worker % 4 != 3) >= 6)
    assert not load.errors, load.errors[:5]
    doomed.start()
    booked = [body["id"] for (worker, _), body in load.acknowledged if worker % 4 != 3]
    assert booked, "no booking was acknowledged before the kill"
    stored = {
        row[0]
        for row in writable.sql(f"SELECT id FROM scale_teams WHERE id IN ({','.join(map(str, booked))})")
    }
    assert stored == set(booked), "an acknowledged booking is gone after the crash"
    for member in members:
        bookings = int(
            writable.sql("SELECT count(*) FROM scale_teams WHERE team_id = :t", t=teams[member])[0][0]
        )
        removals = len(writable.sql(
            "SELECT id FROM correction_point_historics WHERE user_id = :u AND reason = 'crash test'", u=member
        )) - removed_before[member]  # fmt: skip
        balance = points(writable, member)
        assert balance == start - (bookings - before[member]) - removals >= 0, member
        assert last_total(writable, member) == balance, member
