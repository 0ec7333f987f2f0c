"""Users and their campus (rules/people.py): the primary campus, alumni, two-factor settings, in
process and through the real server under a burst."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import insert

from openintra.models.campus import Campus
from tests.conftest import Network
from tests.servers import Server, burst


def staff(network: Network, token: str = "staff") -> dict[str, str]:
    return {"Authorization": f"Bearer {network.tokens[token]}"}


def campus_ids(network: Network) -> list[int]:
    return [row[0] for row in network.sql("SELECT id FROM campus ORDER BY id")]


def new_campus(network: Network) -> int:
    name = f"Campus {uuid.uuid4().hex[:10]}"
    now = dt.datetime.now(dt.UTC)
    with network.db.engine.begin() as conn:
        return int(
            conn.execute(
                insert(Campus.__table__)
                .values(
                    name=name,
                    slug=name.lower().replace(" ", "-"),
                    time_zone="Europe/Paris",
                    language_id=1,
                    created_at=now,
                    updated_at=now,
                )
                .returning(Campus.__table__.c.id)
            ).scalar_one()
        )


def user_attributes(**extra: Any) -> dict[str, Any]:
    login = f"u{uuid.uuid4().hex[:10]}"
    return {
        "login": login,
        "email": f"{login}@example.org",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "usual_first_name": "Ada",
        "pool_year": "2024",
        "pool_month": "july",
        "kind": "student",
        **extra,
    }


def new_user(network: Network, campus_id: int | None = None, **extra: Any) -> int:
    attributes = user_attributes(**extra) | ({"campus_id": campus_id} if campus_id is not None else {})
    created = network.client.post("/v2/users", json={"user": attributes}, headers=staff(network))
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def memberships(network: Network, user_id: int) -> dict[int, bool]:
    rows = network.sql("SELECT campus_id, is_primary FROM campus_users WHERE user_id = :u", u=user_id)
    return {int(campus): bool(primary) for campus, primary in rows}


def primary_campus(network: Network, user_id: int) -> int | None:
    return network.sql("SELECT primary_campus_id FROM users WHERE id = :u", u=user_id)[0][0]


def join(network: Network, user_id: int, campus_id: int, primary: bool = False) -> int:
    created = network.client.post(
        "/v2/campus_users",
        json={"campus_user": {"user_id": user_id, "campus_id": campus_id, "is_primary": primary}},
        headers=staff(network),
    )
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def set_primary(network: Network, user: int | str, campus: Any) -> Any:
    return network.client.post(
        f"/v2/users/{user}/set_primary_campus", json={"campus_id": campus}, headers=staff(network)
    )


# --- users create and update -------------------------------------------------------------------------


def test_a_created_user_with_a_campus_gets_its_primary_campus_users_row(writable: Network) -> None:
    campus = campus_ids(writable)[1]
    user_id = new_user(writable, campus)
    assert memberships(writable, user_id) == {campus: True}
    assert primary_campus(writable, user_id) == campus
    shown = writable.get(f"/v2/users/{user_id}", "staff").json()
    assert [(c["campus_id"], c["is_primary"]) for c in shown["campus_users"]] == [(campus, True)]
    assert [c["id"] for c in shown["campus"]] == [campus]
    logged = writable.sql(
        "SELECT count(*) FROM journals WHERE item_type = 'CampusUser' AND reason = 'create' "
        "AND item_id IN (SELECT id FROM campus_users WHERE user_id = :u)",
        u=user_id,
    )
    assert logged[0][0] == 1


def test_a_created_user_without_a_campus_has_no_campus_users_row(writable: Network) -> None:
    user_id = new_user(writable)
    assert memberships(writable, user_id) == {}
    assert primary_campus(writable, user_id) is None


@pytest.mark.parametrize(
    ("campus", "error"),
    [
        ("abc", {"campus_id": ["is not a number"]}),
        (2.5, {"campus_id": ["must be an integer"]}),
        (999999, {"campus": ["must exist"]}),
    ],
)
def test_a_user_create_with_a_bad_campus_id_is_422_and_writes_nothing(
    writable: Network, campus: Any, error: dict[str, list[str]]
) -> None:
    attributes = user_attributes(campus_id=campus)
    response = writable.client.post("/v2/users", json={"user": attributes}, headers=staff(writable))
    assert response.status_code == 422 and response.json() == error
    assert writable.sql("SELECT count(*) FROM users WHERE login = :l", l=attributes["login"])[0][0] == 0


def test_a_created_user_with_cursus_users_attributes_gets_the_cursus(writable: Network) -> None:
    cursus = writable.sql("SELECT id FROM cursus ORDER BY id LIMIT 1")[0][0]
    attributes = user_attributes(
        cursus_users_attributes=[{"cursus_id": cursus, "begin_at": "2027-01-01T09:00:00Z"}]
    )
    created = writable.client.post("/v2/users", json={"user": attributes}, headers=staff(writable))
    assert created.status_code == 201, created.text
    rows = writable.sql("SELECT cursus_id FROM cursus_users WHERE user_id = :u", u=created.json()["id"])
    assert [row[0] for row in rows] == [cursus]


def test_a_created_user_with_a_top_level_cursus_id_gets_that_cursus_from_now_guess(writable: Network) -> None:
    cursus = writable.sql("SELECT id FROM cursus ORDER BY id LIMIT 1")[0][0]
    campus = campus_ids(writable)[0]
    user_id = new_user(writable, campus, cursus_id=cursus)
    rows = writable.sql("SELECT cursus_id, begin_at FROM cursus_users WHERE user_id = :u", u=user_id)
    assert [row[0] for row in rows] == [cursus] and rows[0][1] is not None
    shown = writable.get(f"/v2/users/{user_id}", "staff").json()
    assert [c["cursus_id"] for c in shown["cursus_users"]] == [cursus]
    both = new_user(writable, campus, cursus_id=cursus,
                    cursus_users_attributes=[{"cursus_id": cursus, "begin_at": "2027-01-01T09:00:00Z"}])  # fmt: skip
    assert writable.sql("SELECT count(*) FROM cursus_users WHERE user_id = :u", u=both)[0][0] == 1


@pytest.mark.parametrize(
    ("cursus", "error"),
    [
        ("abc", {"cursus_id": ["is not a number"]}),
        (999999, {"cursus": ["must exist"]}),
        (-1, {"cursus_id": ["must be greater than or equal to 1"]}),
    ],  # fmt: skip
)
def test_a_user_create_with_a_bad_cursus_id_is_422_and_writes_nothing(
    writable: Network, cursus: Any, error: dict[str, list[str]]
) -> None:
    attributes = user_attributes(cursus_id=cursus)
    response = writable.client.post("/v2/users", json={"user": attributes}, headers=staff(writable))
    assert response.status_code == 422 and response.json() == error
    assert writable.sql("SELECT count(*) FROM users WHERE login = :l", l=attributes["login"])[0][0] == 0


def test_a_user_update_with_another_campus_makes_it_primary_writing_its_row_guess(writable: Network) -> None:
    first, second, third = campus_ids(writable)[:3]
    user_id = new_user(writable, first)
    join(writable, user_id, second)
    assert memberships(writable, user_id) == {first: True, second: False}
    moved = writable.client.patch(
        f"/v2/users/{user_id}", json={"user": {"campus_id": second}}, headers=staff(writable)
    )
    assert moved.status_code == 204, moved.text
    assert memberships(writable, user_id) == {first: False, second: True}
    assert primary_campus(writable, user_id) == second
    joined = writable.client.put(
        f"/v2/users/{user_id}", json={"user": {"campus_id": third}}, headers=staff(writable)
    )
    assert joined.status_code == 204, joined.text
    assert memberships(writable, user_id) == {first: False, second: False, third: True}
    assert primary_campus(writable, user_id) == third


def test_a_user_update_with_a_blank_or_unknown_campus_is_422_guess(writable: Network) -> None:
    first = campus_ids(writable)[0]
    user_id = new_user(writable, first)
    for value, error in (
        ("", {"campus_id": ["can't be blank"]}),
        (None, {"campus_id": ["can't be blank"]}),
        (999999, {"campus": ["must exist"]}),
        ("x", {"campus_id": ["is not a number"]}),
    ):
        response = writable.client.patch(
            f"/v2/users/{user_id}", json={"user": {"campus_id": value}}, headers=staff(writable)
        )
        assert response.status_code == 422 and response.json() == error, (value, response.text)
    assert memberships(writable, user_id) == {first: True} and primary_campus(writable, user_id) == first


def test_a_new_campus_user_takes_the_primary_unless_is_primary_false_guess(writable: Network) -> None:
    first, second, third = campus_ids(writable)[:3]
    user_id = new_user(writable, first)
    join(writable, user_id, second, primary=False)
    assert memberships(writable, user_id) == {first: True, second: False}
    created = writable.client.post(
        f"/v2/users/{user_id}/campus_users",
        json={"campus_user": {"campus_id": third}},
        headers=staff(writable),
    )
    assert created.status_code == 201, created.text
    assert created.json()["is_primary"] is True
    assert memberships(writable, user_id) == {first: False, second: False, third: True}
    assert primary_campus(writable, user_id) == third


# --- set_primary_campus and set_as_primary --------------------------------------------------------------


def test_set_primary_campus_moves_the_only_primary_row_and_the_users_primary_campus(
    writable: Network,
) -> None:
    first, second = campus_ids(writable)[:2]
    user_id = new_user(writable, first)
    join(writable, user_id, second)
    login = writable.sql("SELECT login FROM users WHERE id = :u", u=user_id)[0][0]
    response = set_primary(writable, login, str(second))
    assert response.status_code == 204 and response.content == b""
    assert memberships(writable, user_id) == {first: False, second: True}
    assert primary_campus(writable, user_id) == second
    logged = writable.sql("SELECT reason FROM journals WHERE item_type = 'User' AND item_id = :u", u=user_id)
    assert (f"primary campus {second}",) in [tuple(row) for row in logged]
    again = set_primary(writable, user_id, second)
    assert again.status_code == 204 and memberships(writable, user_id) == {first: False, second: True}


@pytest.mark.parametrize(
    ("campus", "error"),
    [
        (None, "can't be blank"),
        ("", "can't be blank"),
        ("abc", "is not a number"),
        ("1.5", "must be an integer"),
        (0, "must be greater than or equal to 1"),
        (-4, "must be greater than or equal to 1"),
        ([1], "is not a number"),
        (999999, "must exist"),
        (99999999999, "must be less than or equal to 2147483647"),
    ],
)
def test_set_primary_campus_refuses_a_bad_campus_id_with_422(
    writable: Network, campus: Any, error: str
) -> None:
    first = campus_ids(writable)[0]
    user_id = new_user(writable, first)
    response = set_primary(writable, user_id, campus)
    assert response.status_code == 422 and response.json() == {"campus_id": [error]}, response.text
    assert memberships(writable, user_id) == {first: True} and primary_campus(writable, user_id) == first


def test_set_primary_campus_to_a_campus_the_user_is_not_on_is_422(writable: Network) -> None:
    first, second = campus_ids(writable)[:2]
    user_id = new_user(writable, first)
    response = set_primary(writable, user_id, second)
    assert response.status_code == 422 and response.json() == {"campus_id": ["is not a campus of the user"]}
    assert memberships(writable, user_id) == {first: True} and primary_campus(writable, user_id) == first


def test_set_primary_campus_of_an_unknown_user_is_404_and_needs_42network(writable: Network) -> None:
    assert set_primary(writable, 999999999, 1).status_code == 404
    first, second = campus_ids(writable)[:2]
    user_id = new_user(writable, first)
    join(writable, user_id, second)
    refused = writable.client.post(
        f"/v2/users/{user_id}/set_primary_campus",
        json={"campus_id": second},
        headers=staff(writable, "tutor"),
    )
    assert refused.status_code == 403
    assert memberships(writable, user_id) == {first: True, second: False}


def test_set_as_primary_makes_the_campus_user_the_primary_one(writable: Network) -> None:
    first, second = campus_ids(writable)[:2]
    user_id = new_user(writable, first)
    row = join(writable, user_id, second)
    response = writable.client.post(f"/v2/campus_users/{row}/set_as_primary", headers=staff(writable))
    assert response.status_code == 204 and response.content == b""
    assert memberships(writable, user_id) == {first: False, second: True}
    assert primary_campus(writable, user_id) == second
    shown = writable.get(f"/v2/campus_users/{row}", "staff").json()
    assert shown["is_primary"] is True
    unknown = writable.client.post("/v2/campus_users/999999999/set_as_primary", headers=staff(writable))
    assert unknown.status_code == 404 and unknown.json() == {}


# --- alumni and two-factor settings ---------------------------------------------------------------------


def test_alumnize_then_dealumnize_and_each_twice_is_422_guess(writable: Network) -> None:
    user_id = new_user(writable)
    alumnized = writable.client.post(f"/v2/users/{user_id}/alumnize", headers=staff(writable))
    assert alumnized.status_code == 204 and alumnized.content == b""
    shown = writable.get(f"/v2/users/{user_id}", "staff").json()
    assert shown["alumni?"] is True and shown["alumnized_at"] is not None
    twice = writable.client.post(f"/v2/users/{user_id}/alumnize", headers=staff(writable))
    assert twice.status_code == 422 and twice.json() == {"base": ["User is already alumni"]}
    assert writable.get(f"/v2/users/{user_id}", "staff").json()["alumnized_at"] == shown["alumnized_at"]
    back = writable.client.post(f"/v2/users/{user_id}/dealumnize", headers=staff(writable))
    assert back.status_code == 204
    shown = writable.get(f"/v2/users/{user_id}", "staff").json()
    assert shown["alumni?"] is False and shown["alumnized_at"] is None
    again = writable.client.post(f"/v2/users/{user_id}/dealumnize", headers=staff(writable))
    assert again.status_code == 422 and again.json() == {"base": ["User is not alumni"]}
    reasons = writable.sql(
        "SELECT reason FROM journals WHERE item_type = 'User' AND item_id = :u AND reason LIKE '%alumnize' "
        "ORDER BY id",
        u=user_id,
    )
    assert [row[0] for row in reasons] == ["alumnize", "dealumnize"]
    assert writable.client.post("/v2/users/999999999/alumnize", headers=staff(writable)).status_code == 404
    assert writable.client.post("/v2/users/999999999/dealumnize", headers=staff(writable)).status_code == 404


def test_otp_settings_remove_clears_the_two_factor_columns_guess(writable: Network) -> None:
    user_id = new_user(writable)
    with writable.db.engine.begin() as conn:
        conn.exec_driver_sql(
            f"UPDATE users SET otp_secret_key = 'secret', otp_tmp = 'tmp', otp_backup_passwords = 'a,b', "
            f"otp_activated = true WHERE id = {user_id}"
        )
    for _ in range(2):  # also when nothing is left to clear
        response = writable.client.delete(f"/v2/users/{user_id}/otp_settings/remove", headers=staff(writable))
        assert response.status_code == 204 and response.content == b""
        row = writable.sql(
            "SELECT otp_secret_key, otp_tmp, otp_backup_passwords, otp_activated FROM users WHERE id = :u",
            u=user_id,
        )[0]
        assert tuple(row[:3]) == (None, None, None) and not row[3]
    logged = writable.sql(
        "SELECT count(*) FROM journals WHERE item_type = 'User' AND item_id = :u "
        "AND reason = 'otp settings removed'",
        u=user_id,
    )
    assert logged[0][0] == 2
    unknown = writable.client.delete("/v2/users/999999999/otp_settings/remove", headers=staff(writable))
    assert unknown.status_code == 404


# --- concurrency -------------------------------------------------------------------------------------------


def test_twenty_simultaneous_primary_campus_moves_leave_exactly_one_primary(
    writable: Network, writable_server: Server
) -> None:
    existing = campus_ids(writable)
    campuses = existing + [new_campus(writable) for _ in range(20 - len(existing))]
    user_id = new_user(writable, campuses[0])
    for campus in campuses[1:]:
        join(writable, user_id, campus)
    requests = [
        ("POST", f"/v2/users/{user_id}/set_primary_campus", {"json": {"campus_id": c}}) for c in campuses
    ]
    responses = burst(writable_server.url, writable.tokens["staff"], requests)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {204: 20}, (statuses, [r.text for r in responses if r.status_code != 204][:3])
    held = memberships(writable, user_id)
    primaries = [campus for campus, primary in held.items() if primary]
    assert len(held) == 20 and len(primaries) == 1
    assert primaries[0] == primary_campus(writable, user_id)
