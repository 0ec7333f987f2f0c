"""Closes, community services and freezes (rules/service.py): state transitions, the user's activity
and status, the black hole, in process and through the real server under a burst."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import update

from openintra.models.users import CursusUser
from tests.conftest import Network
from tests.rules.test_people import new_user, staff
from tests.servers import Server, burst

BLACK_HOLE = dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC)


def close(network: Network, user_id: int, services: int = 0) -> int:
    closer = network.sql("SELECT id FROM users WHERE staff = :t ORDER BY id LIMIT 1", t=True)[0][0]
    attributes: dict[str, Any] = {
        "user_id": user_id,
        "closer_id": closer,
        "kind": "other",
        "reason": "absent",
    }
    if services:
        attributes["community_services_attributes"] = [{"duration": 7200, "occupation": "clean"}] * services
    created = network.client.post("/v2/closes", json={"close": attributes}, headers=staff(network))
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def shown_close(network: Network, close_id: int) -> dict[str, Any]:
    response = network.get(f"/v2/closes/{close_id}", "staff")
    assert response.status_code == 200, response.text
    return dict(response.json())


def active(network: Network, user_id: int) -> bool:
    return bool(network.get(f"/v2/users/{user_id}", "staff").json()["active?"])


def services_of(network: Network, close_id: int) -> list[int]:
    return [
        row[0]
        for row in network.sql(
            "SELECT id FROM community_services WHERE close_id = :c ORDER BY id", c=close_id
        )
    ]


def act(network: Network, method: str, path: str, **options: Any) -> Any:
    return network.client.request(method, path, headers=staff(network), **options)


# --- closes ---------------------------------------------------------------------------------------------


def test_a_close_makes_the_user_inactive_until_it_is_lifted_guess(writable: Network) -> None:
    user_id = new_user(writable)
    assert active(writable, user_id)
    close_id = close(writable, user_id)
    assert shown_close(writable, close_id)["state"] == "close"
    assert not active(writable, user_id)
    lifted = act(writable, "PATCH", f"/v2/closes/{close_id}/unclose")
    assert lifted.status_code == 204 and lifted.content == b""
    body = shown_close(writable, close_id)
    assert body["state"] == "unclose" and body["end_at"] is not None
    assert active(writable, user_id)
    twice = act(writable, "PUT", f"/v2/closes/{close_id}/unclose")
    assert twice.status_code == 422 and twice.json() == {"state": ["is already unclose"]}
    closed = act(writable, "PUT", f"/v2/closes/{close_id}/close")
    assert closed.status_code == 204
    body = shown_close(writable, close_id)
    assert body["state"] == "close" and body["end_at"] is None
    assert not active(writable, user_id)
    again = act(writable, "PATCH", f"/v2/closes/{close_id}/close")
    assert again.status_code == 422 and again.json() == {"state": ["is already close"]}
    reasons = writable.sql(
        "SELECT reason FROM journals WHERE item_type = 'Close' AND item_id = :c ORDER BY id", c=close_id
    )
    assert [row[0] for row in reasons] == ["create", "unclose", "close"]


def test_a_user_stays_inactive_while_another_close_is_closed_guess(writable: Network) -> None:
    user_id = new_user(writable)
    first, second = close(writable, user_id), close(writable, user_id)
    assert act(writable, "PATCH", f"/v2/closes/{first}/unclose").status_code == 204
    assert not active(writable, user_id)
    assert act(writable, "PATCH", f"/v2/closes/{second}/unclose").status_code == 204
    assert active(writable, user_id)


def test_destroying_a_close_takes_its_services_and_reactivates_the_user_guess(writable: Network) -> None:
    user_id = new_user(writable)
    close_id = close(writable, user_id, services=2)
    services = services_of(writable, close_id)
    assert len(services) == 2 and not active(writable, user_id)
    assert act(writable, "DELETE", f"/v2/closes/{close_id}").status_code == 204
    assert services_of(writable, close_id) == [] and active(writable, user_id)
    logged = writable.sql(
        "SELECT count(*) FROM journals WHERE item_type = 'CommunityService' AND reason = 'destroy' "
        f"AND item_id IN ({services[0]}, {services[1]})"
    )
    assert logged[0][0] == 2


@pytest.mark.parametrize(
    "path",
    [
        "/v2/closes/999999999/close",
        "/v2/closes/999999999/unclose",
        "/v2/community_services/999999999/validate",
        "/v2/community_services/999999999/invalidate",
    ],
)
def test_a_transition_of_an_unknown_close_or_service_is_404(writable: Network, path: str) -> None:
    for method in ("PATCH", "PUT"):
        response = act(writable, method, path)
        assert response.status_code == 404 and response.json() == {}


def test_transitions_need_the_tig_scope_and_basic_staff(writable: Network) -> None:
    close_id = close(writable, new_user(writable))
    refused = writable.client.patch(f"/v2/closes/{close_id}/unclose", headers=staff(writable, "tutor"))
    assert refused.status_code == 403
    assert shown_close(writable, close_id)["state"] == "close"


# --- community services -------------------------------------------------------------------------------


def test_validating_the_last_service_of_a_close_lifts_it_guess(writable: Network) -> None:
    user_id = new_user(writable)
    close_id = close(writable, user_id, services=2)
    first, second = services_of(writable, close_id)
    assert act(writable, "PATCH", f"/v2/community_services/{first}/validate").status_code == 204
    assert shown_close(writable, close_id)["state"] == "close" and not active(writable, user_id)
    assert act(writable, "PUT", f"/v2/community_services/{second}/validate").status_code == 204
    body = shown_close(writable, close_id)
    assert [s["state"] for s in body["community_services"]] == ["validated", "validated"]
    assert body["state"] == "unclose" and active(writable, user_id)
    twice = act(writable, "PATCH", f"/v2/community_services/{second}/validate")
    assert twice.status_code == 422 and twice.json() == {"state": ["is already validated"]}


def test_an_invalidated_service_keeps_the_close_closed_guess(writable: Network) -> None:
    user_id = new_user(writable)
    close_id = close(writable, user_id, services=2)
    first, second = services_of(writable, close_id)
    assert act(writable, "PUT", f"/v2/community_services/{first}/invalidate").status_code == 204
    assert act(writable, "PATCH", f"/v2/community_services/{second}/validate").status_code == 204
    body = shown_close(writable, close_id)
    assert sorted(s["state"] for s in body["community_services"]) == ["invalidated", "validated"]
    assert body["state"] == "close" and not active(writable, user_id)
    for verb in ("validate", "invalidate"):  # only a scheduled service moves
        done = act(writable, "PATCH", f"/v2/community_services/{first}/{verb}")
        assert done.status_code == 422 and done.json() == {"state": ["is already invalidated"]}
    reasons = writable.sql(
        "SELECT reason FROM journals WHERE item_type = 'CommunityService' AND item_id = :s", s=first
    )
    assert [row[0] for row in reasons] == ["create", "invalidated"]


# --- freezes and the black hole ------------------------------------------------------------------------


def frozen_user(network: Network) -> tuple[int, int]:
    """A new user in a running cursus whose black hole is ``BLACK_HOLE``: (user id, cursus_user id)."""
    cursus = network.sql("SELECT id FROM cursus ORDER BY id LIMIT 1")[0][0]
    user_id = new_user(
        network, cursus_users_attributes=[{"cursus_id": cursus, "begin_at": "2026-01-01T09:00:00Z"}]
    )
    cursus_user = network.sql("SELECT id FROM cursus_users WHERE user_id = :u", u=user_id)[0][0]
    with network.db.engine.begin() as conn:
        conn.execute(
            update(CursusUser.__table__).where(CursusUser.id == cursus_user).values(blackholed_at=BLACK_HOLE)
        )
    return user_id, int(cursus_user)


def black_hole(network: Network, cursus_user: int) -> dt.datetime:
    text = network.get(f"/v2/cursus_users/{cursus_user}", "staff").json()["blackholed_at"]
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def status(network: Network, user_id: int) -> str | None:
    return network.sql("SELECT status FROM users WHERE id = :u", u=user_id)[0][0]


def freeze(network: Network, user_id: int, begin: dt.date, end: dt.date) -> Any:
    unit = network.sql("SELECT min(id) FROM anti_grav_units")[0][0]
    return network.client.post(
        "/v2/anti_grav_units_users",
        json={
            "anti_grav_units_user": {
                "user_id": user_id,
                "anti_grav_unit_id": unit,
                "begin_date": begin.isoformat(),
                "expected_end_date": end.isoformat(),
                "reason": "medical",
            }
        },
        headers=staff(network),
    )


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def test_a_freeze_postpones_the_black_hole_by_its_days_and_freezes_the_user_guess(writable: Network) -> None:
    user_id, cursus_user = frozen_user(writable)
    created = freeze(writable, user_id, today(), today() + dt.timedelta(days=30))
    assert created.status_code == 201, created.text
    assert black_hole(writable, cursus_user) == BLACK_HOLE + dt.timedelta(days=30)
    assert status(writable, user_id) == "frozen"
    row_id = created.json()["anti_grav_units_user"]["id"]
    longer = writable.client.patch(
        f"/v2/anti_grav_units_users/{row_id}",
        json={"anti_grav_units_user": {"expected_end_date": (today() + dt.timedelta(days=40)).isoformat()}},
        headers=staff(writable),
    )
    assert longer.status_code == 204, longer.text
    assert black_hole(writable, cursus_user) == BLACK_HOLE + dt.timedelta(days=40)
    moves = writable.sql(
        "SELECT reason FROM journals WHERE item_type = 'CursusUser' AND item_id = :c "
        "AND reason LIKE 'blackholed%' ORDER BY id",
        c=cursus_user,
    )
    assert [row[0] for row in moves] == ["blackholed_at moved by 30 days", "blackholed_at moved by 10 days"]


def test_a_freeze_ending_before_it_begins_is_422_and_moves_nothing(writable: Network) -> None:
    user_id, cursus_user = frozen_user(writable)
    refused = freeze(writable, user_id, today(), today() - dt.timedelta(days=1))
    assert refused.status_code == 422
    assert refused.json() == {"expected_end_date": ["must be on or after the begin date"]}
    assert black_hole(writable, cursus_user) == BLACK_HOLE and status(writable, user_id) is None


def test_unfreeze_ends_the_running_freeze_and_gives_back_the_unused_days_guess(writable: Network) -> None:
    user_id, cursus_user = frozen_user(writable)
    begun = today() - dt.timedelta(days=5)
    created = freeze(writable, user_id, begun, today() + dt.timedelta(days=25))
    assert created.status_code == 201, created.text
    assert black_hole(writable, cursus_user) == BLACK_HOLE + dt.timedelta(days=30)
    ended = writable.client.post(f"/v2/users/{user_id}/unfreeze", headers=staff(writable))
    assert ended.status_code == 204 and ended.content == b""
    assert black_hole(writable, cursus_user) == BLACK_HOLE + dt.timedelta(days=5), "only the days used count"
    row = created.json()["anti_grav_units_user"]["id"]
    ended = writable.sql("SELECT end_date FROM anti_grav_units_users WHERE id = :r", r=row)[0][0]
    assert str(ended) == today().isoformat()
    assert status(writable, user_id) is None
    again = writable.client.post(f"/v2/users/{user_id}/unfreeze", headers=staff(writable))
    assert again.status_code == 422 and again.json() == {"base": ["the user has no running freeze"]}
    assert black_hole(writable, cursus_user) == BLACK_HOLE + dt.timedelta(days=5)
    assert writable.client.post("/v2/users/999999999/unfreeze", headers=staff(writable)).status_code == 404


def test_free_past_agu_records_an_ended_free_freeze_and_postpones_the_black_hole_guess(
    writable: Network,
) -> None:
    user_id, cursus_user = frozen_user(writable)
    login = writable.sql("SELECT login FROM users WHERE id = :u", u=user_id)[0][0]
    granted = writable.client.post(
        f"/v2/users/{login}/free_past_agu",
        json={"duration": "12", "reason": "hospital"},
        headers=staff(writable),
    )
    assert granted.status_code == 201, granted.text
    body = granted.json()["anti_grav_units_user"]
    assert body["is_free"] is True and body["reason"] == "hospital"
    assert body["begin_date"] == (today() - dt.timedelta(days=12)).isoformat()
    assert body["expected_end_date"] == today().isoformat()
    ended = writable.sql("SELECT end_date FROM anti_grav_units_users WHERE id = :r", r=body["id"])[0][0]
    assert str(ended) == today().isoformat()
    assert black_hole(writable, cursus_user) == BLACK_HOLE + dt.timedelta(days=12)
    assert status(writable, user_id) is None, "a past freeze does not freeze the user"
    shown = writable.get(f"/v2/anti_grav_units_users/{body['id']}", "staff").json()
    assert shown == granted.json()
    logged = writable.sql(
        "SELECT reason FROM journals WHERE item_type = 'User' AND item_id = :u AND reason LIKE 'free%'",
        u=user_id,
    )
    assert [row[0] for row in logged] == ["free past agu of 12 days"]
    unfreeze = writable.client.post(f"/v2/users/{user_id}/unfreeze", headers=staff(writable))
    assert unfreeze.status_code == 422, "a past freeze is not running"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, {"duration": ["can't be blank"]}),
        ({"duration": ""}, {"duration": ["can't be blank"]}),
        ({"duration": "abc"}, {"duration": ["is not a number"]}),
        ({"duration": 2.5}, {"duration": ["must be an integer"]}),
        ({"duration": 0}, {"duration": ["must be greater than or equal to 1"]}),
        ({"duration": -3}, {"duration": ["must be greater than or equal to 1"]}),
        ({"duration": 3651}, {"duration": ["must be less than or equal to 3650"]}),
        ({"duration": {"a": 1}}, {"duration": ["is not a number"]}),
        ({"duration": 3, "reason": "r" * 300}, {"reason": ["is too long (maximum is 255 characters)"]}),
        ({"duration": 3, "reason": {"a": 1}}, {"reason": ["is invalid"]}),
    ],
)
def test_free_past_agu_refuses_a_bad_parameter_with_422_and_writes_nothing(
    writable: Network, params: dict[str, Any], error: dict[str, list[str]]
) -> None:
    user_id, cursus_user = frozen_user(writable)
    response = writable.client.post(
        f"/v2/users/{user_id}/free_past_agu", json=params, headers=staff(writable)
    )
    assert response.status_code == 422 and response.json() == error, response.text
    assert black_hole(writable, cursus_user) == BLACK_HOLE
    assert writable.sql("SELECT count(*) FROM anti_grav_units_users WHERE user_id = :u", u=user_id)[0][0] == 0


def test_free_past_agu_of_an_unknown_user_is_404_and_needs_advanced_staff(writable: Network) -> None:
    missing = writable.client.post(
        "/v2/users/999999999/free_past_agu", json={"duration": 3}, headers=staff(writable)
    )
    assert missing.status_code == 404 and missing.json() == {}
    user_id, cursus_user = frozen_user(writable)
    refused = writable.client.post(
        f"/v2/users/{user_id}/free_past_agu", json={"duration": 3}, headers=staff(writable, "tutor")
    )
    assert refused.status_code == 403 and black_hole(writable, cursus_user) == BLACK_HOLE


def test_twenty_simultaneous_past_freezes_add_up_exactly(writable: Network, writable_server: Server) -> None:
    user_id, cursus_user = frozen_user(writable)
    durations = list(range(1, 21))
    requests = [("POST", f"/v2/users/{user_id}/free_past_agu", {"json": {"duration": d}}) for d in durations]
    responses = burst(writable_server.url, writable.tokens["staff"], requests)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 20}, (statuses, [r.text for r in responses if r.status_code != 201][:3])
    granted = sum(d for d, r in zip(durations, responses, strict=True) if r.status_code == 201)
    assert black_hole(writable, cursus_user) == BLACK_HOLE + dt.timedelta(days=granted)
    rows = writable.sql("SELECT count(*) FROM anti_grav_units_users WHERE user_id = :u", u=user_id)[0][0]
    assert rows == statuses[201]


@pytest.mark.parametrize(
    ("attributes", "error"),
    [
        ({"begin_date": None}, {"begin_date": ["can't be blank"]}),
        ({"begin_date": "soon"}, {"begin_date": ["is invalid"]}),
        ({"expected_end_date": ""}, {"expected_end_date": ["can't be blank"]}),
        ({"expected_end_date": "2000-01-01"}, {"expected_end_date": ["must be on or after the begin date"]}),
        ({"user_id": 999999999}, {"user": ["must exist"]}),
    ],
)
def test_a_bad_freeze_update_is_422_and_moves_nothing(
    writable: Network, attributes: dict[str, Any], error: dict[str, list[str]]
) -> None:
    user_id, cursus_user = frozen_user(writable)
    created = freeze(writable, user_id, today(), today() + dt.timedelta(days=7))
    row_id = created.json()["anti_grav_units_user"]["id"]
    response = writable.client.patch(
        f"/v2/anti_grav_units_users/{row_id}",
        json={"anti_grav_units_user": attributes},
        headers=staff(writable),
    )
    assert response.status_code == 422 and response.json() == error, response.text
    assert black_hole(writable, cursus_user) == BLACK_HOLE + dt.timedelta(days=7)


def test_moving_a_freeze_to_another_user_moves_its_days_guess(writable: Network) -> None:
    first, first_cursus = frozen_user(writable)
    second, second_cursus = frozen_user(writable)
    created = freeze(writable, first, today(), today() + dt.timedelta(days=9))
    row_id = created.json()["anti_grav_units_user"]["id"]
    moved = writable.client.patch(
        f"/v2/anti_grav_units_users/{row_id}", json={"anti_grav_units_user": {"user_id": second}},
        headers=staff(writable),
    )  # fmt: skip
    assert moved.status_code == 204, moved.text
    assert black_hole(writable, first_cursus) == BLACK_HOLE and status(writable, first) is None
    assert black_hole(writable, second_cursus) == BLACK_HOLE + dt.timedelta(days=9)
    assert status(writable, second) == "frozen"


def test_simultaneous_unfreezes_end_the_freeze_once(writable: Network, writable_server: Server) -> None:
    user_id, cursus_user = frozen_user(writable)
    assert freeze(writable, user_id, today(), today() + dt.timedelta(days=20)).status_code == 201
    responses = burst(
        writable_server.url, writable.tokens["staff"], [("POST", f"/v2/users/{user_id}/unfreeze", {})] * 10
    )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {204: 1, 422: 9}, (statuses, [r.text for r in responses if r.status_code >= 500][:3])
    assert black_hole(writable, cursus_user) == BLACK_HOLE
