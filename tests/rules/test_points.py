"""Evaluation points (rules/points.py): correction_points add/remove, booking, filling and cancelling
evaluations, multiple_create, pool points — in process and through the real server under a burst."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import insert, select

from openintra.models.projects import Team, TeamsUser
from openintra.rules.points import BOOKED, CANCELLED, EARNED, SHORT
from tests.conftest import Network
from tests.servers import Server, burst

TEAMS = Team.__table__
TEAMS_USERS = TeamsUser.__table__


def staff(network: Network) -> dict[str, str]:
    return {"Authorization": f"Bearer {network.tokens['staff']}"}


def users(network: Network, count: int) -> list[int]:
    """``count`` distinct users, drawn at random (the generic tests' team is left alone)."""
    generic = {
        row[0]
        for row in network.sql("SELECT user_id FROM teams_users WHERE team_id = (SELECT min(id) FROM teams)")
    }
    everyone = [row[0] for row in network.sql("SELECT id FROM users ORDER BY id") if row[0] not in generic]
    return random.sample(everyone, count)


def points(network: Network, user_id: int) -> int:
    return int(network.sql("SELECT correction_point FROM users WHERE id = :u", u=user_id)[0][0])


def set_points(network: Network, user_id: int, wanted: int) -> None:
    """The user's balance set through the API (so that their historics stay coherent)."""
    have = points(network, user_id)
    if wanted != have:
        verb = "add" if wanted > have else "remove"
        response = network.client.request(
            "POST" if verb == "add" else "DELETE",
            f"/v2/users/{user_id}/correction_points/{verb}",
            json={"reason": "test setup", "amount": abs(wanted - have)},
            headers=staff(network),
        )
        assert response.status_code == 200, response.text
    assert points(network, user_id) == wanted


def last_total(network: Network, user_id: int) -> int | None:
    rows = network.sql(
        "SELECT total FROM correction_point_historics WHERE user_id = :u ORDER BY id DESC LIMIT 1", u=user_id
    )
    return rows[0][0] if rows else None


def historics(network: Network, user_id: int, after: int = 0) -> list[tuple[Any, ...]]:
    return [
        tuple(row)
        for row in network.sql(
            "SELECT sum, total, reason, scale_team_id FROM correction_point_historics "
            "WHERE user_id = :u AND id > :a ORDER BY id",
            u=user_id,
            a=after,
        )
    ]


def last_historic_id(network: Network) -> int:
    return int(network.sql("SELECT coalesce(max(id), 0) FROM correction_point_historics")[0][0])


def journals(network: Network) -> int:
    return int(network.sql("SELECT count(*) FROM journals")[0][0])


def new_team(network: Network, members: list[int]) -> int:
    """A team of exactly ``members`` (a copy of a seeded team's row: the rules here need no more)."""
    with network.db.engine.begin() as conn:
        model = dict(conn.execute(select(TEAMS).order_by(TEAMS.c.id).limit(1)).mappings().one())
        model.pop("id")
        team_id = conn.execute(
            insert(TEAMS).values(model | {"name": f"team {uuid.uuid4().hex[:8]}"}).returning(TEAMS.c.id)
        ).scalar_one()
        for member in members:
            conn.execute(
                insert(TEAMS_USERS).values(
                    team_id=team_id,
                    user_id=member,
                    leader=False,
                    validated=True,
                    occurrence=0,
                    created_at=model["created_at"],
                    updated_at=model["updated_at"],
                )
            )
    return int(team_id)


def scale_id(network: Network) -> int:
    return int(network.sql("SELECT min(id) FROM scales")[0][0])


def booking(network: Network, team_id: int, corrector: int | None, **more: Any) -> dict[str, Any]:
    attributes = {
        "team_id": team_id,
        "scale_id": scale_id(network),
        "comment": "booked",
        "user_id": corrector,
    }
    return {"scale_team": attributes | more}


def book(network: Network, team_id: int, corrector: int | None, **more: Any) -> Any:
    return network.client.post(
        "/v2/scale_teams", json=booking(network, team_id, corrector, **more), headers=staff(network)
    )


def fill(network: Network, scale_team_id: int, mark: int = 100) -> Any:
    return network.client.patch(
        f"/v2/scale_teams/{scale_team_id}", json={"scale_team": {"final_mark": mark}}, headers=staff(network)
    )


def count_scale_teams(network: Network) -> int:
    return int(network.sql("SELECT count(*) FROM scale_teams")[0][0])


# --- correction_points add / remove ----------------------------------------------------------------


def test_add_by_login_writes_a_historic_and_answers_the_users_show_guess_200(writable: Network) -> None:
    (user_id,) = users(writable, 1)
    set_points(writable, user_id, 3)
    login = writable.sql("SELECT login FROM users WHERE id = :u", u=user_id)[0][0]
    mark, logged = last_historic_id(writable), journals(writable)
    response = writable.client.post(
        f"/v2/users/{login}/correction_points/add",
        json={"reason": "Roulette", "amount": 4},
        headers=staff(writable),
    )
    assert response.status_code == 200, response.text
    assert response.json()["id"] == user_id and response.json()["correction_point"] == 7
    assert writable.get(f"/v2/users/{user_id}", "staff").json()["correction_point"] == 7
    assert historics(writable, user_id, mark) == [(4, 7, "Roulette", None)]
    assert journals(writable) > logged
    shown = writable.get(f"/v2/users/{user_id}/correction_point_historics", "staff", sort="-id").json()
    assert shown[0]["reason"] == "Roulette" and shown[0]["sum"] == 4 and shown[0]["total"] == 7


def test_remove_takes_one_by_default_and_never_below_zero(writable: Network) -> None:
    (user_id,) = users(writable, 1)
    set_points(writable, user_id, 2)
    path = f"/v2/users/{user_id}/correction_points/remove"
    removed = writable.client.delete(path, params={"reason": "sanction"}, headers=staff(writable))
    assert removed.status_code == 200 and removed.json()["correction_point"] == 1
    mark, logged = last_historic_id(writable), journals(writable)
    refused = writable.client.delete(
        path, params={"reason": "sanction", "amount": 2}, headers=staff(writable)
    )
    assert refused.status_code == 422 and refused.json() == {"amount": [SHORT]}
    assert points(writable, user_id) == 1
    assert (last_historic_id(writable), journals(writable)) == (mark, logged), "nothing written"
    assert last_total(writable, user_id) == 1


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"amount": 1}, {"reason": ["can't be blank"]}),
        ({"reason": "  ", "amount": 1}, {"reason": ["can't be blank"]}),
        ({"reason": ["a"]}, {"reason": ["is invalid"]}),
        ({"reason": "x" * 256}, {"reason": ["is too long (maximum is 255 characters)"]}),
        ({"reason": "r", "amount": "many"}, {"amount": ["is not a number"]}),
        ({"reason": "r", "amount": 1.5}, {"amount": ["must be an integer"]}),
        ({"reason": "r", "amount": 0}, {"amount": ["must be greater than or equal to 1"]}),
        ({"reason": "r", "amount": -3}, {"amount": ["must be greater than or equal to 1"]}),
        ({"reason": "r", "amount": 2**40}, {"amount": ["must be less than or equal to 2147483647"]}),
        ({}, {"reason": ["can't be blank"]}),
    ],
)
def test_a_bad_or_missing_parameter_is_422_and_nothing_is_written(
    writable: Network, params: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    (user_id,) = users(writable, 1)
    set_points(writable, user_id, 5)
    mark, logged = last_historic_id(writable), journals(writable)
    for method, verb in (("POST", "add"), ("DELETE", "remove")):
        response = writable.client.request(
            method, f"/v2/users/{user_id}/correction_points/{verb}", json=params, headers=staff(writable)
        )
        assert response.status_code == 422 and response.json() == errors, (verb, response.text)
    assert points(writable, user_id) == 5
    assert (last_historic_id(writable), journals(writable)) == (mark, logged)


def test_an_unknown_user_is_404_and_a_caller_without_the_role_is_403(writable: Network) -> None:
    missing = writable.client.post(
        "/v2/users/nobody-here/correction_points/add", json={"reason": "r"}, headers=staff(writable)
    )
    assert missing.status_code == 404 and missing.json() == {}
    (user_id,) = users(writable, 1)
    before = points(writable, user_id)
    refused = writable.client.post(
        f"/v2/users/{user_id}/correction_points/add",
        json={"reason": "r"},
        headers={"Authorization": f"Bearer {writable.tokens['public']}"},
    )
    assert refused.status_code == 403
    assert points(writable, user_id) == before


# --- booking, filling, cancelling ------------------------------------------------------------------


def test_booking_takes_a_point_from_each_member_with_a_historic(writable: Network) -> None:
    first, second, corrector = users(writable, 3)
    set_points(writable, first, 2)
    set_points(writable, second, 1)
    set_points(writable, corrector, 0)
    team_id = new_team(writable, [first, second])
    mark = last_historic_id(writable)
    booked = book(writable, team_id, corrector)
    assert booked.status_code == 201, booked.text
    sid = booked.json()["id"]
    assert booked.json()["filled_at"] is None and booked.json()["corrector"]["id"] == corrector
    assert (points(writable, first), points(writable, second), points(writable, corrector)) == (1, 0, 0)
    assert historics(writable, first, mark) == [(-1, 1, BOOKED, sid)]
    assert historics(writable, second, mark) == [(-1, 0, BOOKED, sid)]
    assert historics(writable, corrector, mark) == [], (
        "the corrector earns only when the evaluation is filled"
    )


def test_a_member_without_points_cannot_be_evaluated_and_nothing_is_written(writable: Network) -> None:
    rich, poor, corrector = users(writable, 3)
    set_points(writable, rich, 4)
    set_points(writable, poor, 0)
    team_id = new_team(writable, [rich, poor])
    rows, mark, logged = count_scale_teams(writable), last_historic_id(writable), journals(writable)
    refused = book(writable, team_id, corrector)
    assert refused.status_code == 422, refused.text
    login = writable.sql("SELECT login FROM users WHERE id = :u", u=poor)[0][0]
    assert refused.json() == {"team_id": [f"has members without any correction point ({login})"]}
    assert (points(writable, rich), points(writable, poor)) == (4, 0)
    assert (count_scale_teams(writable), last_historic_id(writable), journals(writable)) == (
        rows,
        mark,
        logged,
    )


def test_a_corrector_cannot_evaluate_their_own_team(writable: Network) -> None:
    member, other = users(writable, 2)
    set_points(writable, member, 3)
    team_id = new_team(writable, [member])
    refused = book(writable, team_id, member)
    assert refused.status_code == 422 and refused.json() == {"user_id": ["cannot evaluate their own team"]}
    assert points(writable, member) == 3
    booked = book(writable, team_id, other)
    moved = writable.client.patch(
        f"/v2/scale_teams/{booked.json()['id']}",
        json={"scale_team": {"user_id": member}},
        headers=staff(writable),
    )
    assert moved.status_code == 422 and moved.json() == {"user_id": ["cannot evaluate their own team"]}


def test_the_corrector_earns_a_point_when_the_final_mark_fills_it_once_guess(writable: Network) -> None:
    member, corrector = users(writable, 2)
    set_points(writable, member, 1)
    set_points(writable, corrector, 2)
    sid = book(writable, new_team(writable, [member]), corrector).json()["id"]
    commented = writable.client.patch(
        f"/v2/scale_teams/{sid}", json={"scale_team": {"comment": "still going"}}, headers=staff(writable)
    )
    assert commented.status_code == 204 and points(writable, corrector) == 2, (
        "a comment alone does not fill it"
    )
    mark = last_historic_id(writable)
    assert fill(writable, sid, 80).status_code == 204
    shown = writable.get(f"/v2/scale_teams/{sid}", "staff").json()
    assert shown["final_mark"] == 80 and shown["filled_at"] is not None
    assert points(writable, corrector) == 3
    assert historics(writable, corrector, mark) == [(1, 3, EARNED, sid)]
    assert fill(writable, sid, 90).status_code == 204
    assert points(writable, corrector) == 3, "filled once: the point is earned once"
    assert writable.get(f"/v2/scale_teams/{sid}", "staff").json()["filled_at"] == shown["filled_at"]
    (other,) = [u for u in users(writable, 3) if u not in (member, corrector)][:1]
    changed = writable.client.patch(
        f"/v2/scale_teams/{sid}", json={"scale_team": {"user_id": other}}, headers=staff(writable)
    )
    assert changed.status_code == 422
    assert changed.json() == {"user_id": ["cannot be changed once the evaluation is filled"]}


def test_filling_needs_a_corrector_and_the_team_cannot_change_guess(writable: Network) -> None:
    member, other = users(writable, 2)
    set_points(writable, member, 1)
    sid = book(writable, new_team(writable, [member]), None).json()["id"]
    refused = fill(writable, sid)
    assert refused.status_code == 422 and refused.json() == {"user_id": ["can't be blank"]}
    assert writable.get(f"/v2/scale_teams/{sid}", "staff").json()["filled_at"] is None
    moved = writable.client.patch(
        f"/v2/scale_teams/{sid}",
        json={"scale_team": {"team_id": new_team(writable, [other])}},
        headers=staff(writable),
    )
    assert moved.status_code == 422
    assert moved.json() == {"team_id": ["cannot be changed once the evaluation is booked"]}


def test_a_create_with_a_final_mark_is_filled_at_once_guess(writable: Network) -> None:
    member, corrector = users(writable, 2)
    set_points(writable, member, 1)
    set_points(writable, corrector, 0)
    created = book(writable, new_team(writable, [member]), corrector, final_mark=100)
    assert created.status_code == 201, created.text
    assert created.json()["filled_at"] is not None
    assert (points(writable, member), points(writable, corrector)) == (0, 1)
    assert book(writable, new_team(writable, [member]), None, final_mark=100).status_code == 422


def test_destroying_before_the_fill_refunds_the_members_after_it_moves_nothing_guess(
    writable: Network,
) -> None:
    first, second, corrector = users(writable, 3)
    for user_id in (first, second, corrector):
        set_points(writable, user_id, 2)
    team_id = new_team(writable, [first, second])
    open_id = book(writable, team_id, corrector).json()["id"]
    filled_id = book(writable, team_id, corrector).json()["id"]
    assert fill(writable, filled_id).status_code == 204
    assert (points(writable, first), points(writable, second), points(writable, corrector)) == (0, 0, 3)
    mark = last_historic_id(writable)
    assert writable.client.delete(f"/v2/scale_teams/{open_id}", headers=staff(writable)).status_code == 204
    assert (points(writable, first), points(writable, second)) == (1, 1)
    assert historics(writable, first, mark) == [(1, 1, CANCELLED, None)]
    assert writable.client.delete(f"/v2/scale_teams/{filled_id}", headers=staff(writable)).status_code == 204
    assert (points(writable, first), points(writable, second), points(writable, corrector)) == (1, 1, 3)
    linked = writable.sql(
        "SELECT count(*) FROM correction_point_historics WHERE scale_team_id IN (:a, :b)",
        a=open_id,
        b=filled_id,
    )
    assert linked[0][0] == 0, "the historics of a destroyed evaluation stay, unlinked"
    assert (
        writable.sql(
            "SELECT count(*) FROM correction_point_historics WHERE user_id = :u AND reason = :r",
            u=first,
            r=BOOKED,
        )[0][0]
        >= 2
    )


def test_booking_under_a_project_session_takes_the_points_too(writable: Network) -> None:
    member, corrector = users(writable, 2)
    set_points(writable, member, 1)
    team_id = new_team(writable, [member])
    session_id = writable.sql("SELECT project_session_id FROM teams WHERE id = :t", t=team_id)[0][0]
    booked = writable.client.post(
        f"/v2/project_sessions/{session_id}/scale_teams",
        json=booking(writable, team_id, corrector),
        headers=staff(writable),
    )
    assert booked.status_code == 201, booked.text
    assert points(writable, member) == 0
    again = writable.client.post(
        f"/v2/project_sessions/{session_id}/scale_teams",
        json=booking(writable, team_id, corrector),
        headers=staff(writable),
    )
    assert again.status_code == 422 and "team_id" in again.json()


def test_multiple_create_books_all_or_nothing(writable: Network) -> None:
    first, second, poor, corrector = users(writable, 4)
    set_points(writable, first, 1)
    set_points(writable, second, 1)
    set_points(writable, poor, 0)
    teams = [new_team(writable, [first]), new_team(writable, [second]), new_team(writable, [poor])]
    items = [booking(writable, team, corrector)["scale_team"] for team in teams]
    rows, mark = count_scale_teams(writable), last_historic_id(writable)
    refused = writable.client.post(
        "/v2/scale_teams/multiple_create", json={"scale_teams": items}, headers=staff(writable)
    )
    assert refused.status_code == 422 and list(refused.json()) == ["scale_teams[2].team_id"], refused.text
    assert (count_scale_teams(writable), last_historic_id(writable)) == (rows, mark)
    assert (points(writable, first), points(writable, second)) == (1, 1)
    created = writable.client.post(
        "/v2/scale_teams/multiple_create", json={"scale_teams": items[:2]}, headers=staff(writable)
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert [item["team"]["id"] for item in body] == teams[:2]
    assert body == [writable.get(f"/v2/scale_teams/{item['id']}", "staff").json() for item in body]
    assert (points(writable, first), points(writable, second)) == (0, 0)


@pytest.mark.parametrize(
    ("scale_teams", "errors"),
    [
        (None, {"scale_teams": ["can't be blank"]}),
        ([], {"scale_teams": ["can't be blank"]}),
        ("three", {"scale_teams": ["is invalid"]}),
        ([1, 2], {"scale_teams": ["is invalid"]}),
        ([{"scale_id": 1, "comment": "c"}], {"scale_teams[0].team_id": ["can't be blank"]}),
        ([{"team_id": "x", "scale_id": 1, "comment": "c"}], {"scale_teams[0].team_id": ["is not a number"]}),
        ([{"team_id": 999999999, "scale_id": 1, "comment": "c"}], {"scale_teams[0].team": ["must exist"]}),
    ],
)
def test_multiple_create_refuses_a_bad_list_with_422(
    writable: Network, scale_teams: Any, errors: dict[str, list[str]]
) -> None:
    rows = count_scale_teams(writable)
    body = {} if scale_teams is None else {"scale_teams": scale_teams}
    response = writable.client.post("/v2/scale_teams/multiple_create", json=body, headers=staff(writable))
    assert response.status_code == 422, response.text
    assert response.json() == errors
    assert count_scale_teams(writable) == rows


# --- pools -----------------------------------------------------------------------------------------


def pool(network: Network, current: int, maximum: int) -> int:
    pool_id = int(network.sql("SELECT min(id) FROM pools")[0][0])
    with network.db.engine.begin() as conn:
        conn.exec_driver_sql(
            f"UPDATE pools SET current_points = {current}, max_points = {maximum} WHERE id = {pool_id}"
        )
    return pool_id


def pool_points(network: Network, pool_id: int) -> int:
    return int(network.sql("SELECT current_points FROM pools WHERE id = :p", p=pool_id)[0][0])


def test_pool_points_move_within_zero_and_max_points_guess(writable: Network) -> None:
    pool_id = pool(writable, 50, 100)
    logged = journals(writable)
    added = writable.client.post(
        f"/v2/pools/{pool_id}/points/add", json={"points": 30}, headers=staff(writable)
    )
    assert added.status_code == 200, added.text
    assert added.json() == writable.get(f"/v2/pools/{pool_id}", "staff").json()
    assert added.json()["current_points"] == 80 and journals(writable) == logged + 1
    negative = writable.client.post(
        f"/v2/pools/{pool_id}/points/add", json={"points": -20}, headers=staff(writable)
    )
    assert negative.status_code == 200 and negative.json()["current_points"] == 60
    removed = writable.client.request(
        "DELETE", f"/v2/pools/{pool_id}/points/remove", json={"points": -15}, headers=staff(writable)
    )
    assert removed.status_code == 200 and removed.json()["current_points"] == 45, "remove subtracts |points|"
    above = writable.client.post(
        f"/v2/pools/{pool_id}/points/add", json={"points": 56}, headers=staff(writable)
    )
    assert above.status_code == 422 and above.json() == {
        "points": ["would take the pool above its max_points (100)"]
    }
    below = writable.client.delete(
        f"/v2/pools/{pool_id}/points/remove", params={"points": 46}, headers=staff(writable)
    )
    assert below.status_code == 422 and below.json() == {"points": ["would take the pool below 0"]}
    assert pool_points(writable, pool_id) == 45


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({}, {"points": ["can't be blank"]}),
        ({"points": ""}, {"points": ["can't be blank"]}),
        ({"points": "lots"}, {"points": ["is not a number"]}),
        ({"points": 2.5}, {"points": ["must be an integer"]}),
        ({"points": True}, {"points": ["is not a number"]}),
        ({"points": [1]}, {"points": ["is not a number"]}),
        ({"points": 2**31}, {"points": ["must be less than or equal to 2147483647"]}),
        ({"points": -(2**31) - 1}, {"points": ["must be greater than or equal to -2147483648"]}),
    ],
)
def test_pool_points_refuse_a_bad_value_with_422(
    writable: Network, params: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    pool_id = pool(writable, 10, 100)
    logged = journals(writable)
    for method, verb in (("POST", "add"), ("DELETE", "remove")):
        response = writable.client.request(
            method, f"/v2/pools/{pool_id}/points/{verb}", json=params, headers=staff(writable)
        )
        assert response.status_code == 422 and response.json() == errors, (verb, response.text)
    assert pool_points(writable, pool_id) == 10 and journals(writable) == logged


def test_an_unknown_pool_is_404_and_the_role_is_needed(writable: Network) -> None:
    missing = writable.client.post(
        "/v2/pools/999999999/points/add", json={"points": 1}, headers=staff(writable)
    )
    assert missing.status_code == 404 and missing.json() == {}
    pool_id = pool(writable, 10, 100)
    refused = writable.client.post(
        f"/v2/pools/{pool_id}/points/add",
        json={"points": 1},
        headers={"Authorization": f"Bearer {writable.tokens['public']}"},
    )
    assert refused.status_code == 403 and pool_points(writable, pool_id) == 10


# --- concurrency -----------------------------------------------------------------------------------


def test_twenty_simultaneous_removes_against_five_points(writable: Network, writable_server: Server) -> None:
    (user_id,) = users(writable, 1)
    set_points(writable, user_id, 5)
    mark = last_historic_id(writable)
    requests = [
        ("DELETE", f"/v2/users/{user_id}/correction_points/remove", {"params": {"reason": "burst"}})
    ] * 20
    responses = burst(writable_server.url, writable.tokens["staff"], requests)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 5, 422: 15}, (statuses, [r.text for r in responses if r.status_code >= 500][:3])
    assert points(writable, user_id) == 0
    assert [row[1] for row in historics(writable, user_id, mark)] == [4, 3, 2, 1, 0]
    assert last_total(writable, user_id) == 0


def test_bookings_and_fills_at_once_conserve_points(writable: Network, writable_server: Server) -> None:
    """Invariant: Σ balances after = Σ before - Σ over the successful bookings of their team's size +
    the number of evaluations filled (a booking moves a point out of each member, a fill one into the
    corrector); for a team whose members no other booking touches, the bookings that succeed are
    min(requests, its poorest member's balance); an evaluation filled and cancelled at once either
    pays its corrector (filled first; the cancel then refunds nothing) or refunds its member
    (cancelled first; the fill is then 404), never both."""
    chosen = users(writable, 17)
    raced_member, raced_corrector = chosen[15], chosen[16]
    correctors, members, prebooked_member = chosen[:3], chosen[3:14], chosen[14]
    sizes = [1, 2, 1, 2, 2, 3]  # 11 members in 6 disjoint teams
    teams, start = [], 0
    for size in sizes:
        teams.append(members[start : start + size])
        start += size
    balances = dict.fromkeys(chosen, 0)
    for position, team in enumerate(teams):
        for offset, member in enumerate(team):
            balances[member] = position % 3 + offset  # poorest member: 0, 1, 2, 0, 1, 2
    balances[prebooked_member] = balances[raced_member] = 5
    for user_id, wanted in balances.items():
        set_points(writable, user_id, wanted)
    team_ids = [new_team(writable, team) for team in teams]
    prebooked_team = new_team(writable, [prebooked_member])
    prebooked = [book(writable, prebooked_team, correctors[0]).json()["id"] for _ in range(5)]
    raced_team = new_team(writable, [raced_member])
    raced = [book(writable, raced_team, raced_corrector).json()["id"] for _ in range(5)]
    before = {user_id: points(writable, user_id) for user_id in chosen}
    bookings = [
        ("POST", "/v2/scale_teams", {"json": booking(writable, team_ids[n % 6], correctors[n % 3])})
        for n in range(20)
    ]
    fills = [
        ("PATCH", f"/v2/scale_teams/{sid}", {"json": {"scale_team": {"final_mark": 100}}})
        for sid in prebooked
    ]
    races = [
        request
        for sid in raced
        for request in (
            ("PATCH", f"/v2/scale_teams/{sid}", {"json": {"scale_team": {"final_mark": 90}}}),
            ("DELETE", f"/v2/scale_teams/{sid}", {}),
        )
    ]
    responses = burst(writable_server.url, writable.tokens["staff"], bookings + fills + fills + races)
    assert not [r for r in responses if r.status_code >= 500], [
        r.text for r in responses if r.status_code >= 500
    ][:3]
    booked = responses[:20]
    assert {r.status_code for r in booked} <= {201, 422}
    assert all(r.status_code == 204 for r in responses[20:30])
    raced_fills, raced_cancels = responses[30::2], responses[31::2]
    assert all(r.status_code == 204 for r in raced_cancels)
    assert {r.status_code for r in raced_fills} <= {204, 404}
    earned = sum(r.status_code == 204 for r in raced_fills)
    assert points(writable, raced_corrector) == before[raced_corrector] + earned
    assert points(writable, raced_member) == before[raced_member] + (5 - earned), (
        "refunded when cancelled first"
    )
    succeeded = Counter(team_ids.index(r.json()["team"]["id"]) for r in booked if r.status_code == 201)
    requested = Counter(n % 6 for n in range(20))
    for position, team in enumerate(teams):
        assert succeeded[position] == min(requested[position], min(before[m] for m in team)), position
        for member in team:
            assert points(writable, member) == before[member] - succeeded[position]
    assert points(writable, correctors[0]) == before[correctors[0]] + 5, "five evaluations filled, once each"
    for corrector in correctors[1:]:
        assert points(writable, corrector) == before[corrector], (
            "a booking pays its corrector only at the fill"
        )
    moved = sum(len(teams[position]) * n for position, n in succeeded.items())
    assert sum(points(writable, u) for u in chosen) == sum(before.values()) - moved + 5 + 5
    for user_id in chosen:
        assert points(writable, user_id) >= 0
        total = last_total(writable, user_id)  # none for a user created since the seed and never moved
        assert total == points(writable, user_id) or (total is None and points(writable, user_id) == 0), (
            user_id
        )
    for response in booked:
        if response.status_code == 201:
            paid = writable.sql(
                "SELECT count(*) FROM correction_point_historics WHERE scale_team_id = :s AND reason = :r",
                s=response.json()["id"],
                r=BOOKED,
            )[0][0]
            assert paid == len(teams[team_ids.index(response.json()["team"]["id"])])
    filled = writable.sql(
        "SELECT count(*) FROM scale_teams WHERE filled_at IS NOT NULL AND team_id = :t", t=prebooked_team
    )[0][0]
    assert filled == 5


def test_values_at_the_columns_limits_are_422_not_500(writable: Network) -> None:
    (user_id,) = users(writable, 1)
    set_points(writable, user_id, 10)
    top = 2**31 - 1
    over = writable.client.post(
        f"/v2/users/{user_id}/correction_points/add",
        json={"reason": "r", "amount": top},
        headers=staff(writable),
    )
    assert over.status_code == 422 and over.json() == {"amount": [f"would take the balance above {top}"]}
    assert points(writable, user_id) == 10
    pool_id = pool(writable, 10, 100)
    for method, verb, value in (
        ("POST", "add", top),
        ("POST", "add", -(2**31)),
        ("DELETE", "remove", -(2**31)),
    ):
        response = writable.client.request(
            method, f"/v2/pools/{pool_id}/points/{verb}", json={"points": value}, headers=staff(writable)
        )
        assert response.status_code == 422 and list(response.json()) == ["points"], (
            verb,
            value,
            response.text,
        )
    assert pool_points(writable, pool_id) == 10
