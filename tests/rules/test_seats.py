"""Event and exam seats (rules/seats.py): caps, waitlists, deadlines, under a burst of requests."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

from tests.conftest import Network, insert_token
from tests.servers import Server, burst


def staff(network: Network) -> dict[str, str]:
    return {"Authorization": f"Bearer {network.tokens['staff']}"}


def event(network: Network, seats: int | None, *, days: float = 10, cancellation: int | None = None) -> int:
    begin = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    created = network.client.post(
        "/v2/events",
        json={"event": {"name": f"event {uuid.uuid4().hex[:8]}", "description": "d", "kind": "conference",
                        "begin_at": begin.isoformat(), "end_at": (begin + dt.timedelta(hours=2)).isoformat(),
                        "max_people": seats, "prohibition_of_cancellation": cancellation}},
        headers=staff(network),
    )  # fmt: skip
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def users(network: Network, count: int) -> list[int]:
    return [row[0] for row in network.sql("SELECT id FROM users ORDER BY id LIMIT :n", n=count)]


def register(network: Network, event_id: int, user_id: int, token: str = "staff") -> Any:
    return network.client.post(
        "/v2/events_users", json={"events_user": {"event_id": event_id, "user_id": user_id}},
        headers={"Authorization": f"Bearer {network.tokens[token]}"},
    )  # fmt: skip


def subscribers(network: Network, event_id: int) -> int:
    return int(network.get(f"/v2/events/{event_id}", "public").json()["nbr_subscribers"])


def waiting(network: Network, event_id: int) -> list[int]:
    return [row[0] for row in network.sql(
        "SELECT w.user_id FROM waitlist_users w JOIN waitlists l ON l.id = w.waitlist_id "
        "WHERE l.waitlistable_type = 'Event' AND l.waitlistable_id = :e ORDER BY w.created_at, w.id", e=event_id,
    )]  # fmt: skip


def test_a_full_event_puts_the_next_user_on_its_waitlist_guess_202(writable: Network) -> None:
    event_id = event(writable, seats=2)
    first, second, third = users(writable, 3)
    assert register(writable, event_id, first).status_code == 201
    assert register(writable, event_id, second).status_code == 201
    waitlisted = register(writable, event_id, third)
    assert waitlisted.status_code == 202, waitlisted.text
    assert (
        waitlisted.json()["waitlistable_id"] == event_id and waitlisted.json()["waitlistable_type"] == "Event"
    )
    assert subscribers(writable, event_id) == 2
    assert waiting(writable, event_id) == [third]
    assert (
        writable.get(f"/v2/events/{event_id}", "public").json()["waitlist"]["id"] == waitlisted.json()["id"]
    )


def test_a_freed_seat_goes_to_the_first_waiter(writable: Network) -> None:
    event_id = event(writable, seats=1)
    first, second, third = users(writable, 3)
    seat = register(writable, event_id, first).json()["id"]
    assert register(writable, event_id, second).status_code == 202
    assert register(writable, event_id, third).status_code == 202
    assert writable.client.delete(f"/v2/events_users/{seat}", headers=staff(writable)).status_code == 204
    registered = writable.sql("SELECT user_id FROM events_users WHERE event_id = :e", e=event_id)
    assert [row[0] for row in registered] == [second]
    assert waiting(writable, event_id) == [third]
    assert subscribers(writable, event_id) == 1


def test_one_registration_per_user_and_event(writable: Network) -> None:
    event_id = event(writable, seats=None)
    (user_id,) = users(writable, 1)
    assert register(writable, event_id, user_id).status_code == 201
    again = register(writable, event_id, user_id)
    assert again.status_code == 422 and again.json() == {"user_id": ["has already been taken"]}


def test_no_unregistration_within_the_cancellation_window_guess_hours(writable: Network) -> None:
    event_id = event(writable, seats=None, days=0.5, cancellation=24)
    (user_id,) = users(writable, 1)
    seat = register(writable, event_id, user_id).json()["id"]
    refused = writable.client.delete(f"/v2/events_users/{seat}", headers=staff(writable))
    assert refused.status_code == 422 and "24 hours" in refused.json()["base"][0]
    assert subscribers(writable, event_id) == 1


def test_no_registration_once_the_event_has_begun_guess(writable: Network) -> None:
    event_id = event(writable, seats=None)
    with writable.db.engine.begin() as conn:
        past = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        value = past if writable.dialect == "sqlite" else past.replace("T", " ").replace(".000Z", "+00")
        conn.exec_driver_sql(f"UPDATE events SET begin_at = '{value}' WHERE id = {event_id}")
    (user_id,) = users(writable, 1)
    response = register(writable, event_id, user_id)
    assert response.status_code == 422 and response.json() == {"event": ["has already begun"]}


def test_a_user_token_registers_only_its_own_user(writable: Network) -> None:
    event_id = event(writable, seats=None)
    me, other = users(writable, 2)
    writable.tokens["me-profile"] = insert_token(writable, "public", user_id=me, scopes="public profile")
    assert register(writable, event_id, other, token="me-profile").status_code == 403
    assert register(writable, event_id, me, token="me-profile").status_code == 201


def test_forty_registrations_for_five_seats(writable: Network, writable_server: Server) -> None:
    event_id = event(writable, seats=5)
    people = users(writable, 40)
    requests = [("POST", "/v2/events_users", {"json": {"events_user": {"event_id": event_id, "user_id": u}}})
                for u in people]  # fmt: skip
    responses = burst(writable_server.url, writable.tokens["staff"], requests)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 5, 202: 35}, (statuses, [r.text for r in responses if r.status_code >= 500][:3])
    assert subscribers(writable, event_id) == 5
    registered = {
        row[0] for row in writable.sql("SELECT user_id FROM events_users WHERE event_id = :e", e=event_id)
    }
    assert len(registered) == 5 and not registered & set(waiting(writable, event_id))
    assert len(waiting(writable, event_id)) == 35


def test_a_burst_of_registrations_and_cancellations_keeps_the_seats_true(
    writable: Network, writable_server: Server
) -> None:
    event_id = event(writable, seats=10)
    people = users(writable, 50)
    seated = [register(writable, event_id, u).json()["id"] for u in people[:10]]
    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", "/v2/events_users", {"json": {"events_user": {"event_id": event_id, "user_id": u}}}) for u in people[10:]
    ] + [("DELETE", f"/v2/events_users/{row}", {}) for row in seated]  # fmt: skip
    responses = burst(writable_server.url, writable.tokens["staff"], requests)
    assert not [r for r in responses if r.status_code >= 500], [
        r.text for r in responses if r.status_code >= 500
    ][:3]
    registered = [
        row[0] for row in writable.sql("SELECT user_id FROM events_users WHERE event_id = :e", e=event_id)
    ]
    assert len(registered) == len(set(registered)) <= 10
    assert not set(registered) & set(waiting(writable, event_id))
    assert len(registered) + len(waiting(writable, event_id)) == 40, "every newcomer holds a seat or waits"
    assert subscribers(writable, event_id) == len(registered)
