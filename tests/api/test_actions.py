"""The GET member actions and derived listings: locations_stats, campus stats, staff, registration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select

from openintra.auth.apps import create_app_record
from openintra.models.campus import Campus
from openintra.models.users import Location, User
from openintra.resources._actions import format_duration, split_by_local_day
from tests.conftest import Network, issue_token, settings_for

UTC = dt.UTC


def test_duration_format_has_microseconds() -> None:
    assert (
        format_duration(dt.timedelta(hours=2, minutes=56, seconds=21, microseconds=97917))
        == "02:56:21.097917"
    )
    assert format_duration(dt.timedelta(0)) == "00:00:00.000000"


def test_a_session_over_local_midnight_counts_on_both_local_days() -> None:
    paris = ZoneInfo("Europe/Paris")  # UTC+1 in January
    begin = dt.datetime(2024, 1, 10, 22, 0, tzinfo=UTC)  # 23:00 local
    parts = split_by_local_day(begin, begin + dt.timedelta(hours=3), paris)
    assert parts == [
        (dt.date(2024, 1, 10), dt.timedelta(hours=1)),
        (dt.date(2024, 1, 11), dt.timedelta(hours=2)),
    ]


@given(
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1)),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=5)),
    st.sampled_from(["UTC", "Europe/Paris", "Asia/Tokyo", "America/Los_Angeles", "Australia/Lord_Howe"]),
)
def test_day_parts_add_up_to_the_session(begin: dt.datetime, length: dt.timedelta, zone: str) -> None:
    start = begin.replace(tzinfo=UTC)
    parts = split_by_local_day(start, start + length, ZoneInfo(zone))
    assert sum((spent for _, spent in parts), dt.timedelta()) == length
    assert [day for day, _ in parts] == sorted({day for day, _ in parts})


@pytest.fixture
def visitor(network: Network) -> Iterator[dict[str, Any]]:
    """A user of campus 1 with three known sessions (removed afterwards)."""
    campus = network.sql("SELECT id, time_zone FROM campus ORDER BY id LIMIT 1")[0]
    day = dt.datetime(2024, 3, 5, tzinfo=UTC)
    sessions = [
        (day + dt.timedelta(hours=8), day + dt.timedelta(hours=10, minutes=30)),
        (day + dt.timedelta(hours=14), day + dt.timedelta(hours=15, milliseconds=500)),
        (day + dt.timedelta(days=2, hours=9), day + dt.timedelta(days=2, hours=9, minutes=45)),
    ]
    with network.db.engine.begin() as conn:
        user_id = conn.execute(
            insert(User).values(login="zz_visitor", email="zz_visitor@example.org", first_name="Zed",
                                last_name="Visitor", primary_campus_id=campus[0]).returning(User.id)
        ).scalar_one()  # fmt: skip
        for begin, end in sessions:
            conn.execute(insert(Location).values(user_id=user_id, campus_id=campus[0], host="e1r1p1",
                                                 begin_at=begin, end_at=end))  # fmt: skip
    yield {"id": user_id, "time_zone": campus[1]}
    with network.db.engine.begin() as conn:
        conn.execute(delete(Location).where(Location.user_id == user_id))
        conn.execute(delete(User).where(User.id == user_id))


def test_locations_stats_sums_each_day_newest_first(network: Network, visitor: dict[str, Any]) -> None:
    response = network.get(f"/v2/users/{visitor['id']}/locations_stats", time_zone="UTC")
    assert response.status_code == 200, response.text
    assert list(response.json().items()) == [
        ("2024-03-07", "00:45:00.000000"),
        ("2024-03-05", "03:30:00.500000"),
    ]
    by_login = network.get("/v2/users/zz_visitor/locations_stats", time_zone="UTC")
    assert by_login.json() == response.json()


def test_locations_stats_clips_to_begin_and_end(network: Network, visitor: dict[str, Any]) -> None:
    response = network.get(
        f"/v2/users/{visitor['id']}/locations_stats", time_zone="UTC",
        begin_at="2024-03-05T09:00:00Z", end_at="2024-03-06",
    )  # fmt: skip
    assert response.json() == {"2024-03-05": "02:30:00.500000"}


def test_locations_stats_defaults_to_the_campus_zone(network: Network, visitor: dict[str, Any]) -> None:
    default = network.get(f"/v2/users/{visitor['id']}/locations_stats").json()
    explicit = network.get(
        f"/v2/users/{visitor['id']}/locations_stats", time_zone=visitor["time_zone"]
    ).json()
    assert default == explicit and default


@pytest.mark.parametrize(
    ("param", "value"), [("begin_at", "yesterday"), ("end_at", "2024-13-01"), ("time_zone", "Mars/Olympus")]
)
def test_locations_stats_bad_parameters_are_400(network: Network, visitor: dict[str, Any], param: str,
                                                value: str) -> None:  # fmt: skip
    response = network.get(f"/v2/users/{visitor['id']}/locations_stats", **{param: value})
    assert response.status_code == 400
    assert response.json()["error"] == "Bad Request" and param in response.json()["message"]


def test_actions_on_an_unknown_record_are_404(network: Network) -> None:
    for path in (
        "/v2/users/999999999/locations_stats",
        "/v2/campus/999999999/stats",
        "/v2/users/nobody-x/locations_stats",
    ):
        response = network.get(path)
        assert (response.status_code, response.json()) == (404, {}), path


def test_campus_stats_guess_counts_the_campus(network: Network) -> None:
    campus_id = network.sql("SELECT id FROM campus ORDER BY id LIMIT 1")[0][0]
    body = network.get(f"/v2/campus/{campus_id}/stats").json()
    users = network.sql("SELECT count(*) FROM campus_users WHERE campus_id = :c", c=campus_id)[0][0]
    online = network.sql(
        "SELECT count(*) FROM locations WHERE campus_id = :c AND end_at IS NULL", c=campus_id
    )[0][0]
    assert body["campus_id"] == campus_id
    assert body["users_count"] == users and body["active_locations_count"] == online
    assert all(isinstance(value, int) for value in body.values())
    slug = network.sql("SELECT slug FROM campus WHERE id = :c", c=campus_id)[0][0]
    assert network.get(f"/v2/campus/{slug}/stats").json() == body


def test_staff_needs_the_42network_role(network: Network) -> None:
    denied = network.get("/v2/staff")
    assert denied.status_code == 403 and denied.json()["error"] == "Forbidden"
    record = create_app_record(
        network.db.engine,
        settings_for(network.db.url),
        name="network",
        scopes="public",
        roles="42network",
        redirect_uris=[],
        rate_secondly=1000,
        rate_hourly=100_000,
        owner=None,
    )
    token = issue_token(network.client, record)
    response = network.client.get(
        "/v2/staff", params={"per_page": 100}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    staff = {row[0] for row in network.sql("SELECT id FROM users WHERE staff = :t", t=True)}
    assert {item["id"] for item in response.json()} == staff and staff
    assert response.headers["X-Total"] == str(len(staff))


def test_registration_guess_lists_unregistered_projects_of_the_users_cursus(network: Network) -> None:
    user_id = network.sql("SELECT user_id FROM cursus_users ORDER BY id LIMIT 1")[0][0]
    response = network.get(f"/v2/users/{user_id}/projects_users/registration", per_page=100)
    assert response.status_code == 200
    listed = {item["id"] for item in response.json()}
    registered = {
        row[0] for row in network.sql("SELECT project_id FROM projects_users WHERE user_id = :u", u=user_id)
    }
    followed = {row[0] for row in network.sql(
        "SELECT DISTINCT pc.project_id FROM projects_cursus pc JOIN cursus_users cu ON cu.cursus_id = pc.cursus_id "
        "JOIN projects p ON p.id = pc.project_id WHERE cu.user_id = :u AND p.parent_id IS NULL AND p.visible = :t",
        u=user_id, t=True)}  # fmt: skip
    assert listed == followed - registered
    assert listed, "the seeded user has projects left to register to"
    with network.db.engine.connect() as conn:
        assert conn.execute(select(Campus.id)).first() is not None
