"""Viewer-dependent data: the parties of an evaluation do not see each other before the defense."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import update

from openintra.core.clock import utc_now
from openintra.models.projects import ScaleTeam
from tests.conftest import Network, insert_token


@pytest.fixture
def upcoming(network: Network) -> Iterator[dict[str, Any]]:
    """An evaluation moved one day ahead (restored afterwards), with its corrector and a corrected."""
    row = network.sql(
        "SELECT st.id, st.user_id, st.begin_at, tu.user_id FROM scale_teams st "
        "JOIN teams_users tu ON tu.team_id = st.team_id WHERE st.user_id IS NOT NULL "
        "AND st.user_id <> tu.user_id ORDER BY st.id LIMIT 1"
    )[0]  # fmt: skip
    scale_team_id, corrector, begin_at, corrected = row
    with network.db.engine.begin() as conn:
        conn.execute(update(ScaleTeam).where(ScaleTeam.id == scale_team_id)
                     .values(begin_at=utc_now() + dt.timedelta(days=1)))  # fmt: skip
    yield {"id": scale_team_id, "corrector": corrector, "corrected": corrected}
    with network.db.engine.begin() as conn:
        conn.execute(update(ScaleTeam).where(ScaleTeam.id == scale_team_id).values(begin_at=begin_at))


def show(network: Network, scale_team_id: int, token: str) -> dict[str, Any]:
    response = network.client.get(
        f"/v2/scale_teams/{scale_team_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_before_the_defense_each_party_sees_the_other_as_invisible(network: Network,
                                                                   upcoming: dict[str, Any]) -> None:  # fmt: skip
    as_corrected = show(network, upcoming["id"], insert_token(network, user_id=upcoming["corrected"]))
    assert as_corrected["corrector"] == "invisible"
    assert any(user["id"] == upcoming["corrected"] for user in as_corrected["correcteds"])
    as_corrector = show(network, upcoming["id"], insert_token(network, user_id=upcoming["corrector"]))
    assert as_corrector["correcteds"] == "invisible"
    assert as_corrector["corrector"]["id"] == upcoming["corrector"]


def test_apps_and_third_parties_see_both(network: Network, upcoming: dict[str, Any]) -> None:
    parties = {row[0] for row in network.sql(
        "SELECT tu.user_id FROM teams_users tu JOIN scale_teams st ON st.team_id = tu.team_id WHERE st.id = :s "
        "UNION SELECT user_id FROM scale_teams WHERE id = :s", s=upcoming["id"])}  # fmt: skip
    third = next(
        row[0] for row in network.sql("SELECT id FROM users ORDER BY id LIMIT 20") if row[0] not in parties
    )
    for token in (network.tokens["public"], insert_token(network, user_id=third)):
        body = show(network, upcoming["id"], token)
        if body["corrector"] == "invisible" or body["correcteds"] == "invisible":
            pytest.fail("a third party must see both parties")


def test_after_the_defense_everyone_sees_both(network: Network) -> None:
    row = network.sql(
        "SELECT st.id, tu.user_id FROM scale_teams st JOIN teams_users tu ON tu.team_id = st.team_id "
        "WHERE st.begin_at < :now AND st.user_id IS NOT NULL ORDER BY st.id LIMIT 1", now=utc_now()
    )[0]  # fmt: skip
    body = show(network, row[0], insert_token(network, user_id=row[1]))
    assert isinstance(body["corrector"], dict) and isinstance(body["correcteds"], list)


def test_the_index_hides_the_same_way(network: Network, upcoming: dict[str, Any]) -> None:
    token = insert_token(network, user_id=upcoming["corrected"])
    items = network.client.get("/v2/me/scale_teams", params={"per_page": 100, "filter[id]": upcoming["id"]},
                               headers={"Authorization": f"Bearer {token}"}).json()  # fmt: skip
    assert [item["corrector"] for item in items] == ["invisible"]
