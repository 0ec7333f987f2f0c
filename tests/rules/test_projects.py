"""Projects, projects_users and teams (rules/projects.py): registration and its team, retries, the
team's lock/close/mark followed by its projects_users, leaders, reset, scale, compile, the bulk
routes — and bursts of retries and registrations (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from openintra.models.pedagogy import TeamsUpload
from openintra.models.projects import ProjectSession, ProjectsUser, Scale, Team
from tests.conftest import Network, insert_token
from tests.servers import Server, burst

PU = ProjectsUser.__table__
TEAMS = Team.__table__
NOW = dt.datetime.now(dt.UTC)


def staff(network: Network) -> dict[str, str]:
    return {"Authorization": f"Bearer {network.tokens['staff']}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def user_token(network: Network, user_id: int, scopes: str = "public projects") -> str:
    return insert_token(network, "public", user_id=user_id, scopes=scopes)


def free_pair(network: Network, *, solo: bool = True) -> tuple[int, int]:
    """A (user, project) with no projects_user yet, the project having a global session ``solo``."""
    rows = network.sql(
        "SELECT u.id, p.id FROM users u, projects p WHERE EXISTS (SELECT 1 FROM project_sessions s "
        "WHERE s.project_id = p.id AND s.campus_id IS NULL AND s.solo = :solo) AND NOT EXISTS "
        "(SELECT 1 FROM projects_users pu WHERE pu.user_id = u.id AND pu.project_id = p.id) "
        "ORDER BY p.id DESC, u.id LIMIT 1",
        solo=solo,
    )
    return int(rows[0][0]), int(rows[0][1])


def register(network: Network, user_id: int, project_id: int, headers: dict[str, str] | None = None) -> Any:
    return network.client.post(
        "/v2/projects_users",
        json={"projects_user": {"user_id": user_id, "project_id": project_id}},
        headers=headers or staff(network),
    )


def registered(network: Network, *, solo: bool = True) -> dict[str, Any]:
    user_id, project_id = free_pair(network, solo=solo)
    response = register(network, user_id, project_id)
    assert response.status_code == 201, response.text
    return dict(response.json())


def pu_row(network: Network, pu_id: int) -> dict[str, Any]:
    with network.db.engine.connect() as conn:
        row = conn.execute(select(PU).where(PU.c.id == pu_id)).mappings().first()
    return dict(row) if row is not None else {}


def team_row(network: Network, team_id: int) -> dict[str, Any]:
    with network.db.engine.connect() as conn:
        row = conn.execute(select(TEAMS).where(TEAMS.c.id == team_id)).mappings().first()
    return dict(row) if row is not None else {}


def set_pu(network: Network, pu_id: int, **values: Any) -> None:
    with network.db.engine.begin() as conn:
        conn.execute(update(PU).where(PU.c.id == pu_id).values(**values))


def patch_team(network: Network, team_id: int, **attributes: Any) -> Any:
    return network.client.patch(f"/v2/teams/{team_id}", json={"team": attributes}, headers=staff(network))


def finish(network: Network, team_id: int, mark: int) -> None:
    at = (NOW - dt.timedelta(hours=2)).isoformat()
    response = patch_team(network, team_id, locked_at=at, closed_at=at, final_mark=mark)
    assert response.status_code == 204, response.text


def retriable(network: Network, *, solo: bool = True) -> dict[str, Any]:
    """A finished projects_user whose cooldown has passed."""
    pu = registered(network, solo=solo)
    finish(network, pu["current_team_id"], 30)
    set_pu(network, pu["id"], retriable_at=NOW - dt.timedelta(minutes=5))
    return pu


def retry(network: Network, pu_id: int, headers: dict[str, str] | None = None, **params: Any) -> Any:
    return network.client.patch(
        f"/v2/projects_users/{pu_id}/retry", json=params, headers=headers or staff(network)
    )


_SINCE: dict[str, int] = {}


@pytest.fixture(autouse=True)
def _journals_mark(writable: Network) -> None:
    """The last journals row before the test: the rows a test looks for are the ones written since
    it began (the shared network keeps earlier tests' journals)."""
    _SINCE["id"] = int(writable.sql("SELECT coalesce(max(id), 0) FROM journals")[0][0])


def journaled(network: Network, item_type: str, item_id: int, reason: str) -> int:
    """The journals rows written during this test for that row and reason."""
    return int(
        network.sql(
            "SELECT count(*) FROM journals WHERE item_type = :t AND item_id = :i AND reason = :r AND id > :s",
            t=item_type,
            i=item_id,
            r=reason,
            s=_SINCE["id"],
        )[0][0]
    )


def login_of(network: Network, user_id: int) -> str:
    return str(network.sql("SELECT login FROM users WHERE id = :u", u=user_id)[0][0])


# --- registration --------------------------------------------------------------------------------


def test_registering_makes_the_users_team_with_the_user_as_leader(writable: Network) -> None:
    user_id, project_id = free_pair(writable, solo=True)
    response = register(writable, user_id, project_id)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["occurrence"] == 0 and body["final_mark"] is None and body["validated?"] is None
    assert body["status"] == "in_progress" and body["marked"] is False
    (team,) = body["teams"]
    assert team["id"] == body["current_team_id"]
    assert team["name"] == f"{login_of(writable, user_id)}'s group"
    assert team["locked?"] is True and team["closed?"] is False and team["status"] == "in_progress"
    assert team["repo_uuid"].startswith("intra-uuid-") and team["repo_uuid"].endswith(
        f"-{team['id']}-{team['users'][0]['login']}"
    )
    assert team["users"] == [
        {
            "id": user_id,
            "login": login_of(writable, user_id),
            "url": team["users"][0]["url"],
            "leader": True,
            "occurrence": 0,
            "validated": True,
            "projects_user_id": body["id"],
        }
    ]
    assert writable.get(f"/v2/projects_users/{body['id']}", "staff").json() == body
    assert journaled(writable, "Team", team["id"], "create") == 1
    assert journaled(writable, "ProjectsUser", body["id"], "create") == 1
    member = writable.sql("SELECT id FROM teams_users WHERE team_id = :t", t=team["id"])[0][0]
    assert journaled(writable, "TeamsUser", member, "create") == 1


def test_a_group_project_team_starts_creating_group_unlocked_guess(writable: Network) -> None:
    body = registered(writable, solo=False)
    assert body["status"] == "creating_group"
    team = team_row(writable, body["current_team_id"])
    assert (team["locked"], team["locked_at"], team["status"]) == (False, None, "creating_group")


def test_registering_twice_is_422_has_already_been_taken(writable: Network) -> None:
    body = registered(writable)
    again = register(writable, body["user"]["id"], body["project"]["id"])
    assert again.status_code == 422 and again.json() == {"user_id": ["has already been taken"]}
    nested = writable.client.post(
        f"/v2/projects/{body['project']['id']}/register",
        json={"projects_user": {"user_id": body["user"]["id"]}},
        headers=staff(writable),
    )
    assert nested.status_code == 422 and nested.json() == {"user_id": ["has already been taken"]}
    count = writable.sql(
        "SELECT count(*) FROM projects_users WHERE user_id = :u AND project_id = :p",
        u=body["user"]["id"],
        p=body["project"]["id"],
    )
    assert count[0][0] == 1


def test_register_takes_the_token_user_by_default_guess_and_a_user_registers_only_themself(
    writable: Network,
) -> None:
    user_id, project_id = free_pair(writable)
    other = writable.sql("SELECT id FROM users WHERE id <> :u ORDER BY id LIMIT 1", u=user_id)[0][0]
    token = user_token(writable, user_id)
    refused = writable.client.post(
        f"/v2/projects/{project_id}/register",
        json={"projects_user": {"user_id": other}},
        headers=bearer(token),
    )
    assert refused.status_code == 403, refused.text
    response = writable.client.post(f"/v2/projects/{project_id}/register", headers=bearer(token))
    assert response.status_code == 201, response.text
    assert response.json()["user"]["id"] == user_id and response.json()["project"]["id"] == project_id


def test_register_refuses_bad_parameters(writable: Network) -> None:
    user_id, project_id = free_pair(writable)
    path = f"/v2/projects/{project_id}/register"
    for value, message in (("abc", "is not a number"), (None, "can't be blank")):
        response = writable.client.post(
            path, json={"projects_user": {"user_id": value}}, headers=staff(writable)
        )
        assert response.status_code == 422 and message in response.json().get("user_id", []), (
            value,
            response.text,
        )
    unknown = writable.client.post(
        "/v2/projects/999999999/register",
        json={"projects_user": {"user_id": user_id}},
        headers=staff(writable),
    )
    assert unknown.status_code == 404 and unknown.json() == {}
    bare = writable.client.post(
        "/v2/projects",
        json={"project": {"name": "No session project", "repository": "r"}},
        headers=staff(writable),
    )
    assert bare.status_code == 201, bare.text
    response = register(writable, user_id, bare.json()["id"])
    assert response.status_code == 422 and response.json() == {
        "project_id": ["has no session to register to"]
    }
    assert (
        writable.sql("SELECT count(*) FROM projects_users WHERE project_id = :p", p=bare.json()["id"])[0][0]
        == 0
    )


def test_a_parent_project_takes_a_projects_user_without_a_team_status_parent_guess(writable: Network) -> None:
    parent = writable.sql("SELECT DISTINCT parent_id FROM projects WHERE parent_id IS NOT NULL")[0][0]
    user_id = writable.sql(
        "SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM projects_users WHERE project_id = :p) "
        "ORDER BY id DESC LIMIT 1",
        p=parent,
    )[0][0]
    response = register(writable, user_id, parent)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "parent" and response.json()["current_team_id"] is None
    assert response.json()["teams"] == []


# --- teams: lock, close, mark ---------------------------------------------------------------------


def test_the_projects_user_follows_its_team_lock_close_and_mark(writable: Network) -> None:
    pu = registered(writable, solo=False)
    team_id = pu["current_team_id"]
    show = lambda: writable.get(f"/v2/projects_users/{pu['id']}", "staff").json()  # noqa: E731
    locked = (NOW - dt.timedelta(hours=3)).isoformat()
    assert patch_team(writable, team_id, locked_at=locked).status_code == 204
    assert show()["status"] == "in_progress"
    assert writable.get(f"/v2/teams/{team_id}", "staff").json()["locked?"] is True
    closed = (NOW - dt.timedelta(hours=2)).isoformat()
    assert patch_team(writable, team_id, closed_at=closed).status_code == 204
    assert show()["status"] == "waiting_for_correction"
    assert patch_team(writable, team_id, final_mark=85).status_code == 204
    body = show()
    assert (body["status"], body["final_mark"], body["validated?"], body["marked"]) == (
        "finished",
        85,
        True,
        True,
    )
    row = pu_row(writable, pu["id"])
    assert row["marked_at"] is not None and row["retriable_at"] - row["marked_at"] == dt.timedelta(days=1)
    team = writable.get(f"/v2/teams/{team_id}", "staff").json()
    assert (team["status"], team["validated?"], team["closed?"]) == ("finished", True, True)
    assert journaled(writable, "ProjectsUser", pu["id"], "update from its team") == 3
    assert patch_team(writable, team_id, final_mark=42).status_code == 204
    assert (show()["final_mark"], show()["validated?"]) == (42, False)


def test_a_mark_from_50_validates_as_in_the_seed_guess(writable: Network) -> None:
    pu = registered(writable)
    finish(writable, pu["current_team_id"], 50)
    assert pu_row(writable, pu["id"])["validated"] is True
    seeded = writable.sql(
        "SELECT count(*) FROM projects_users WHERE final_mark >= 50 AND validated = :f", f=False
    )
    assert seeded[0][0] == 0


def test_team_lock_and_close_stay_consistent_guess(writable: Network) -> None:
    pu = registered(writable, solo=False)
    team_id = pu["current_team_id"]
    at = (NOW - dt.timedelta(hours=2)).isoformat()
    refused = patch_team(writable, team_id, closed_at=at)
    assert refused.status_code == 422 and list(refused.json()) == ["closed_at"]
    early = patch_team(writable, team_id, locked_at=at, closed_at=(NOW - dt.timedelta(hours=3)).isoformat())
    assert early.status_code == 422 and early.json() == {"closed_at": ["must be after locked_at"]}
    unmarked = patch_team(writable, team_id, locked_at=at, final_mark=100)
    assert unmarked.status_code == 422 and list(unmarked.json()) == ["final_mark"]
    assert patch_team(writable, team_id, locked_at=at, closed_at=at).status_code == 204
    unlock = patch_team(writable, team_id, locked_at=None)
    assert unlock.status_code == 422 and unlock.json() == {
        "locked_at": ["cannot be removed from a closed team"]
    }
    team = team_row(writable, team_id)
    assert (team["locked"], team["closed"], team["status"]) == (True, True, "waiting_for_correction")


def test_one_leader_per_team_guess(writable: Network) -> None:
    pu = registered(writable, solo=False)
    team_id = pu["current_team_id"]
    other = writable.sql("SELECT id FROM users WHERE id <> :u ORDER BY id LIMIT 1", u=pu["user"]["id"])[0][0]
    second = writable.client.post(
        "/v2/teams_users",
        json={"teams_user": {"team_id": team_id, "user_id": other, "leader": True}},
        headers=staff(writable),
    )
    assert second.status_code == 422 and second.json() == {"leader": ["has already been taken"]}
    member = writable.client.post(
        "/v2/teams_users",
        json={"teams_user": {"team_id": team_id, "user_id": other}},
        headers=staff(writable),
    )
    assert member.status_code == 201, member.text
    member_id = writable.sql(
        "SELECT id FROM teams_users WHERE team_id = :t AND user_id = :u", t=team_id, u=other
    )[0][0]
    promote = writable.client.patch(
        f"/v2/teams_users/{member_id}", json={"teams_user": {"leader": True}}, headers=staff(writable)
    )
    assert promote.status_code == 422 and promote.json() == {"leader": ["has already been taken"]}
    two = writable.client.post(
        "/v2/teams",
        json={
            "team": {
                "project_id": pu["project"]["id"],
                "name": "two leaders",
                "repo_uuid": "two-leaders",
                "project_session_id": team_row(writable, team_id)["project_session_id"],
                "teams_users_attributes": [
                    {"user_id": other, "leader": True},
                    {"user_id": pu["user"]["id"], "leader": True},
                ],
            }
        },
        headers=staff(writable),
    )
    assert two.status_code == 422 and two.json() == {"teams_users.leader": ["has already been taken"]}


def test_a_member_added_to_a_team_is_linked_to_their_projects_user(writable: Network) -> None:
    pu = registered(writable, solo=False)
    team_id = pu["current_team_id"]
    mate_id = writable.sql(
        "SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM projects_users WHERE project_id = :p) "
        "ORDER BY id LIMIT 1",
        p=pu["project"]["id"],
    )[0][0]
    mate_pu = register(writable, mate_id, pu["project"]["id"]).json()["id"]
    response = writable.client.post(
        "/v2/teams_users",
        json={"teams_user": {"team_id": team_id, "user_id": mate_id}},
        headers=staff(writable),
    )
    assert response.status_code == 201, response.text
    linked = writable.sql(
        "SELECT projects_user_id FROM teams_users WHERE team_id = :t AND user_id = :u", t=team_id, u=mate_id
    )[0][0]
    assert linked == mate_pu


# --- retry ---------------------------------------------------------------------------------------


def test_a_retry_makes_a_new_team_and_counts_the_occurrence(writable: Network) -> None:
    pu = retriable(writable)
    old_team = pu["current_team_id"]
    response = retry(writable, pu["id"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["occurrence"] == 1 and body["current_team_id"] != old_team
    assert (body["final_mark"], body["validated?"], body["marked"], body["retriable_at"]) == (
        None,
        None,
        False,
        None,
    )
    assert [team["id"] for team in body["teams"]] == [old_team, body["current_team_id"]]
    new = body["teams"][1]
    assert new["name"] == f"{pu['user']['login']}'s group-1"
    assert [(u["id"], u["leader"], u["occurrence"], u["projects_user_id"]) for u in new["users"]] == [
        (pu["user"]["id"], True, 1, pu["id"])
    ]
    assert team_row(writable, old_team)["final_mark"] == 30  # the old attempt stays as it was
    assert writable.get(f"/v2/projects_users/{pu['id']}", "staff").json() == body
    assert journaled(writable, "ProjectsUser", pu["id"], "retry") == 1
    assert journaled(writable, "Team", new["id"], "create") == 1


def test_a_retry_waits_for_the_mark_and_for_retriable_at(writable: Network) -> None:
    pu = registered(writable)
    refused = retry(writable, pu["id"])
    assert refused.status_code == 422 and refused.json() == {"status": ["must be finished to retry"]}
    finish(writable, pu["current_team_id"], 20)
    early = retry(writable, pu["id"])
    assert early.status_code == 422 and early.json() == {"retriable_at": ["has not passed yet"]}
    assert pu_row(writable, pu["id"])["occurrence"] == 0


def test_force_lets_staff_retry_at_once_and_is_refused_to_a_plain_user_guess(writable: Network) -> None:
    pu = registered(writable)
    token = user_token(writable, pu["user"]["id"])
    refused = retry(writable, pu["id"], bearer(token), force=True)
    assert refused.status_code == 403, refused.text
    assert pu_row(writable, pu["id"])["occurrence"] == 0
    forced = retry(writable, pu["id"], force="true")
    assert forced.status_code == 200 and forced.json()["occurrence"] == 1
    assert journaled(writable, "ProjectsUser", pu["id"], "retry (forced)") == 1


def test_a_user_retries_their_own_projects_user_only(writable: Network) -> None:
    pu = retriable(writable)
    other = retriable(writable)
    token = user_token(writable, pu["user"]["id"])
    assert retry(writable, other["id"], bearer(token)).status_code == 403
    mine = retry(writable, pu["id"], bearer(token))
    assert mine.status_code == 200 and mine.json()["occurrence"] == 1


def test_retry_refuses_bad_parameters(writable: Network) -> None:
    pu = retriable(writable)
    bad = retry(writable, pu["id"], force="maybe")
    assert bad.status_code == 422 and bad.json() == {"force": ["is not included in the list"]}
    assert retry(writable, 999_999_999).status_code == 404
    assert writable.client.put("/v2/projects_users/abc/retry", headers=staff(writable)).status_code == 404
    assert pu_row(writable, pu["id"])["occurrence"] == 0


def test_the_project_retry_route_retries_the_token_users_projects_user(writable: Network) -> None:
    pu = retriable(writable)
    project_id = pu["project"]["id"]
    token = user_token(writable, pu["user"]["id"])
    response = writable.client.put(f"/v2/projects/{project_id}/retry", headers=bearer(token))
    assert (
        response.status_code == 200
        and response.json()["id"] == pu["id"]
        and response.json()["occurrence"] == 1
    )
    blank = writable.client.patch(f"/v2/projects/{project_id}/retry", headers=staff(writable))
    assert blank.status_code == 422 and blank.json() == {"user_id": ["can't be blank"]}
    for value, errors in (
        ("x", {"user_id": ["is not a number"]}),
        (-3, {"user_id": ["must be greater than 0"]}),
        (999_999_999, {"user": ["must exist"]}),
    ):
        bad = writable.client.patch(
            f"/v2/projects/{project_id}/retry", json={"user_id": value}, headers=staff(writable)
        )
        assert bad.status_code == 422 and bad.json() == errors, bad.text
    nobody = writable.sql(
        "SELECT id FROM users WHERE id NOT IN "
        "(SELECT user_id FROM projects_users WHERE project_id = :p) LIMIT 1",
        p=project_id,
    )[0][0]
    missing = writable.client.patch(
        f"/v2/projects/{project_id}/retry", json={"user_id": nobody}, headers=staff(writable)
    )
    assert missing.status_code == 404
    assert writable.client.patch("/v2/projects/999999999/retry", headers=bearer(token)).status_code == 404


# --- compile, update, destroy ----------------------------------------------------------------------


def test_compile_recomputes_the_projects_user_from_its_team_guess(writable: Network) -> None:
    pu = registered(writable)
    finish(writable, pu["current_team_id"], 90)
    set_pu(writable, pu["id"], final_mark=3, status="in_progress", validated=False)
    path = f"/v2/projects_users/{pu['id']}/compile"
    for value, message in (
        (None, "can't be blank"),
        ("x", "is not a number"),
        (0, "must be greater than 0"),
        (pu["id"] + 1, "does not match the projects user"),
    ):
        bad = writable.client.patch(path, json={"project_users_id": value}, headers=staff(writable))
        assert bad.status_code == 422 and bad.json() == {"project_users_id": [message]}, (value, bad.text)
    response = writable.client.put(path, json={"project_users_id": pu["id"]}, headers=staff(writable))
    assert response.status_code == 200, response.text
    assert (response.json()["final_mark"], response.json()["status"], response.json()["validated?"]) == (
        90,
        "finished",
        True,
    )
    assert journaled(writable, "ProjectsUser", pu["id"], "compile") == 1
    assert (
        writable.client.patch(
            "/v2/projects_users/999999999/compile",
            json={"project_users_id": 999999999},
            headers=staff(writable),
        ).status_code
        == 404
    )


def test_a_mark_set_by_staff_sets_validated_guess(writable: Network) -> None:
    pu = registered(writable)
    response = writable.client.patch(
        f"/v2/projects_users/{pu['id']}", json={"projects_user": {"final_mark": 75}}, headers=staff(writable)
    )
    assert response.status_code == 204, response.text
    row = pu_row(writable, pu["id"])
    assert (row["final_mark"], row["validated"], row["marked"]) == (75, True, True) and row[
        "marked_at"
    ] is not None
    bad = writable.client.patch(
        f"/v2/projects_users/{pu['id']}",
        json={"projects_user": {"status": "sleeping"}},
        headers=staff(writable),
    )
    assert bad.status_code == 422 and bad.json() == {"status": ["is not included in the list"]}
    negative = writable.client.patch(
        f"/v2/projects_users/{pu['id']}", json={"projects_user": {"occurrence": -1}}, headers=staff(writable)
    )
    assert negative.status_code == 422 and negative.json() == {
        "occurrence": ["must be greater than or equal to 0"]
    }
    user_id, project_id = free_pair(writable)
    created = writable.client.post(
        "/v2/projects_users",
        json={"projects_user": {"user_id": user_id, "project_id": project_id, "occurrence": -2}},
        headers=staff(writable),
    )
    assert created.status_code == 422 and list(created.json()) == ["occurrence"]
    assert pu_row(writable, pu["id"])["occurrence"] == 0


def test_destroying_a_projects_user_takes_its_unevaluated_team(writable: Network) -> None:
    pu = registered(writable)
    team_id = pu["current_team_id"]
    response = writable.client.delete(f"/v2/projects_users/{pu['id']}", headers=staff(writable))
    assert response.status_code == 204, response.text
    assert pu_row(writable, pu["id"]) == {} and team_row(writable, team_id) == {}
    assert writable.sql("SELECT count(*) FROM teams_users WHERE team_id = :t", t=team_id)[0][0] == 0
    assert journaled(writable, "Team", team_id, "destroy") == 1


# --- reset ---------------------------------------------------------------------------------------


def test_reset_destroys_the_projects_user_and_its_team_then_registration_starts_again_guess(
    writable: Network,
) -> None:
    pu = retriable(writable)
    assert retry(writable, pu["id"]).status_code == 200
    teams = [
        row[0]
        for row in writable.sql("SELECT team_id FROM teams_users WHERE projects_user_id = :p", p=pu["id"])
    ]
    user_id, project_id = pu["user"]["id"], pu["project"]["id"]
    response = writable.client.delete(
        "/v2/projects_users/reset",
        params={"user_id": user_id, "project_id": project_id},
        headers=staff(writable),
    )
    assert response.status_code == 200 and response.json() == ["Success"]
    assert pu_row(writable, pu["id"]) == {} and all(team_row(writable, team) == {} for team in teams)
    assert journaled(writable, "ProjectsUser", pu["id"], "destroy") == 1
    again = register(writable, user_id, project_id)
    assert again.status_code == 201 and again.json()["occurrence"] == 0


def test_reset_keeps_the_evaluated_teams(writable: Network) -> None:
    seeded = writable.sql(
        "SELECT pu.id, pu.user_id, pu.project_id, pu.current_team_id FROM projects_users pu "
        "WHERE EXISTS (SELECT 1 FROM scale_teams st WHERE st.team_id = pu.current_team_id) "
        "AND NOT EXISTS (SELECT 1 FROM internships i WHERE i.projects_user_id = pu.id) "
        "ORDER BY pu.id DESC LIMIT 1"
    )[0]
    token = user_token(writable, seeded.user_id)
    other = writable.sql("SELECT id FROM users WHERE id <> :u LIMIT 1", u=seeded.user_id)[0][0]
    refused = writable.client.delete(
        "/v2/projects_users/reset",
        params={"user_id": other, "project_id": seeded.project_id},
        headers=bearer(token),
    )
    assert refused.status_code == 403
    response = writable.client.delete(
        "/v2/projects_users/reset",
        params={"user_id": seeded.user_id, "project_id": seeded.project_id},
        headers=bearer(token),
    )
    assert response.status_code == 200, response.text
    assert pu_row(writable, seeded.id) == {} and team_row(writable, seeded.current_team_id) != {}
    assert (
        writable.sql("SELECT count(*) FROM teams_users WHERE projects_user_id = :p", p=seeded.id)[0][0] == 0
    )


def test_reset_refuses_bad_parameters(writable: Network) -> None:
    def reset(**params: Any) -> Any:
        return writable.client.delete("/v2/projects_users/reset", params=params, headers=staff(writable))

    assert reset().json() == {"user_id": ["can't be blank"], "project_id": ["can't be blank"]}
    assert reset(user_id="x", project_id=-1).json() == {
        "user_id": ["is not a number"],
        "project_id": ["must be greater than 0"],
    }
    unknown = reset(user_id=999_999_999, project_id=999_999_998)
    assert unknown.status_code == 422
    assert unknown.json() == {"user": ["must exist"], "project": ["must exist"]}
    user_id, project_id = free_pair(writable)
    assert reset(user_id=user_id, project_id=project_id).status_code == 404


def test_a_user_resets_only_their_own_project(writable: Network) -> None:
    pu = registered(writable)
    other = registered(writable)
    token = user_token(writable, pu["user"]["id"])
    refused = writable.client.delete(
        "/v2/projects_users/reset",
        params={"user_id": other["user"]["id"], "project_id": other["project"]["id"]},
        headers=bearer(token),
    )
    assert refused.status_code == 403 and pu_row(writable, other["id"]) != {}


# --- scale and register_childs_and_scales ------------------------------------------------------------


def new_scale(network: Network, project_id: int) -> tuple[int, int]:
    """A second session of the project and a scale grading it: ``(session id, scale id)``."""
    with network.db.engine.begin() as conn:
        session = conn.execute(
            insert(ProjectSession.__table__)
            .values(project_id=project_id, solo=True, team_behaviour="user", created_at=NOW, updated_at=NOW)
            .returning(ProjectSession.__table__.c.id)
        ).scalar_one()
        scale = conn.execute(
            insert(Scale.__table__)
            .values(project_session_id=session, name="scale B", created_at=NOW, updated_at=NOW)
            .returning(Scale.__table__.c.id)
        ).scalar_one()
    return int(session), int(scale)


def test_scale_moves_the_team_to_the_session_the_scale_grades_guess(writable: Network) -> None:
    pu = registered(writable)
    session, scale = new_scale(writable, pu["project"]["id"])
    params = {"user_id": pu["user"]["id"], "project_id": pu["project"]["id"]}
    response = writable.client.patch(
        "/v2/projects_users/scale", json=params | {"scale": scale}, headers=staff(writable)
    )
    assert response.status_code == 200 and response.json() == {}
    assert team_row(writable, pu["current_team_id"])["project_session_id"] == session
    assert journaled(writable, "ProjectsUser", pu["id"], "scale") == 1
    assert journaled(writable, "Team", pu["current_team_id"], "update") == 1
    elsewhere = writable.sql(
        "SELECT id FROM scales WHERE project_session_id IN "
        "(SELECT id FROM project_sessions WHERE project_id <> :p) LIMIT 1",
        p=pu["project"]["id"],
    )
    for value, message in (
        (None, "can't be blank"),
        ("x", "is not a number"),
        (-1, "must be greater than 0"),
        (999_999_999, "must exist"),
        (elsewhere[0][0], "does not grade this project"),
    ):
        bad = writable.client.patch(
            "/v2/projects_users/scale", json=params | {"scale": value}, headers=staff(writable)
        )
        assert bad.status_code == 422 and bad.json() == {"scale": [message]}, (value, bad.text)
    both = writable.client.patch("/v2/projects_users/scale", json={"user_id": "x"}, headers=staff(writable))
    assert both.status_code == 422 and set(both.json()) == {"scale", "user_id", "project_id"}


def test_register_childs_and_scales_registers_the_children_guess(writable: Network) -> None:
    parent = writable.sql("SELECT DISTINCT parent_id FROM projects WHERE parent_id IS NOT NULL")[0][0]
    children = [
        row[0] for row in writable.sql("SELECT id FROM projects WHERE parent_id = :p ORDER BY id", p=parent)
    ]
    user_id = writable.sql(
        "SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM projects_users WHERE project_id IN "
        f"({','.join(str(c) for c in [parent, *children])})) ORDER BY id LIMIT 1"
    )[0][0]
    session, scale = new_scale(writable, children[0])
    path = "/v2/projects_users/register_childs_and_scales"
    body = {"projects_user": {"user_id": user_id, "project_id": parent}}
    for scales, key in (
        ({str(parent): scale}, "scales"),
        ({str(children[0]): "x"}, f"scales[{children[0]}]"),
        ("nope", "scales"),
    ):
        bad = writable.client.post(path, json=body | {"scales": scales}, headers=staff(writable))
        assert bad.status_code == 422 and list(bad.json()) == [key], bad.text
    family = f"({','.join(str(c) for c in [parent, *children])})"
    owned = f"SELECT count(*) FROM projects_users WHERE user_id = :u AND project_id IN {family}"
    assert writable.sql(owned, u=user_id)[0][0] == 0
    response = writable.client.post(
        path, json=body | {"scales": {str(children[0]): scale}}, headers=staff(writable)
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "parent" and response.json()["project"]["id"] == parent
    rows = writable.sql(
        "SELECT project_id, current_team_id FROM projects_users "
        f"WHERE user_id = :u AND project_id IN {family}",
        u=user_id,
    )
    assert {row[0] for row in rows} == {parent, *children}
    first = next(row[1] for row in rows if row[0] == children[0])
    assert team_row(writable, first)["project_session_id"] == session
    again = writable.client.post(path, json=body, headers=staff(writable))
    assert again.status_code == 200 and writable.sql(owned, u=user_id)[0][0] == len(children) + 1


# --- teams_uploads -------------------------------------------------------------------------------


def test_reset_team_uploads_destroys_the_teams_uploads_guess(writable: Network) -> None:
    team_id = writable.sql("SELECT team_id FROM teams_uploads ORDER BY id LIMIT 1")[0][0]
    member = writable.sql("SELECT user_id FROM teams_users WHERE team_id = :t LIMIT 1", t=team_id)[0][0]
    outsider = writable.sql(
        "SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM teams_users WHERE team_id = :t) LIMIT 1",
        t=team_id,
    )[0][0]
    path = f"/v2/teams/{team_id}/reset_team_uploads"
    assert writable.client.post(path, headers=bearer(user_token(writable, outsider))).status_code == 403
    response = writable.client.post(path, headers=bearer(user_token(writable, member)))
    assert response.status_code == 200, response.text
    assert response.json()["id"] == team_id and response.json()["teams_uploads"] == []
    assert writable.sql("SELECT count(*) FROM teams_uploads WHERE team_id = :t", t=team_id)[0][0] == 0
    assert journaled(writable, "Team", team_id, "reset_team_uploads") == 1
    assert (
        writable.client.post("/v2/teams/999999999/reset_team_uploads", headers=staff(writable)).status_code
        == 404
    )


def test_multiple_create_writes_every_teams_upload_or_none(writable: Network) -> None:
    teams = [registered(writable)["current_team_id"] for _ in range(2)]
    upload = writable.sql("SELECT id FROM uploads ORDER BY id LIMIT 1")[0][0]
    path = "/v2/teams_uploads/multiple_create"
    before = writable.sql("SELECT count(*) FROM teams_uploads")[0][0]
    for value, key, message in (
        (None, "teams_uploads", "can't be blank"),
        ("x", "teams_uploads", "is invalid"),
        (
            [{"team_id": teams[0], "upload_id": upload}, {"team_id": teams[1]}],
            "teams_uploads[1].upload_id",
            "can't be blank",
        ),
        (
            [{"team_id": teams[0], "upload_id": upload, "final_mark": "x"}],
            "teams_uploads[0].final_mark",
            "is not a number",
        ),
    ):
        bad = writable.client.post(path, json={"teams_uploads": value}, headers=staff(writable))
        assert bad.status_code == 422 and message in bad.json()[key], (value, bad.text)
    assert writable.sql("SELECT count(*) FROM teams_uploads")[0][0] == before
    items = [{"team_id": team, "upload_id": upload, "final_mark": 100, "comment": "ok"} for team in teams]
    response = writable.client.post(path, json={"teams_uploads": items}, headers=staff(writable))
    assert response.status_code == 201, response.text
    assert [item["final_mark"] for item in response.json()] == [100, 100]
    with writable.db.engine.connect() as conn:
        table = TeamsUpload.__table__
        written = conn.execute(select(table.c.team_id).where(table.c.team_id.in_(teams))).scalars().all()
    assert sorted(written) == sorted(teams)
    refused = writable.client.post(
        path, json={"teams_uploads": items}, headers=bearer(writable.tokens["public"])
    )
    assert refused.status_code == 403


# --- bursts ---------------------------------------------------------------------------------------


def test_twenty_simultaneous_retries_succeed_once(writable: Network, writable_server: Server) -> None:
    pu = retriable(writable)
    teams_before = writable.sql("SELECT count(*) FROM teams WHERE project_id = :p", p=pu["project"]["id"])[0][
        0
    ]
    requests = [("PATCH", f"/v2/projects_users/{pu['id']}/retry", {"json": {}}) for _ in range(20)]
    responses = burst(writable_server.url, writable.tokens["staff"], requests)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 1, 422: 19}, (statuses, [r.text for r in responses if r.status_code >= 500][:3])
    assert pu_row(writable, pu["id"])["occurrence"] == 1
    teams_after = writable.sql("SELECT count(*) FROM teams WHERE project_id = :p", p=pu["project"]["id"])[0][
        0
    ]
    assert teams_after == teams_before + 1
    assert journaled(writable, "ProjectsUser", pu["id"], "retry") == 1


def test_twenty_simultaneous_registrations_write_one(writable: Network, writable_server: Server) -> None:
    user_id, project_id = free_pair(writable)
    body = {"json": {"projects_user": {"user_id": user_id, "project_id": project_id}}}
    responses = burst(
        writable_server.url, writable.tokens["staff"], [("POST", "/v2/projects_users", body)] * 20
    )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 422: 19}, (statuses, [r.text for r in responses if r.status_code >= 500][:3])
    assert {r.text for r in responses if r.status_code == 422} == {'{"user_id":["has already been taken"]}'}
    rows = writable.sql(
        "SELECT id, current_team_id FROM projects_users WHERE user_id = :u AND project_id = :p",
        u=user_id,
        p=project_id,
    )
    assert len(rows) == 1
    teams = writable.sql(
        "SELECT DISTINCT team_id FROM teams_users WHERE user_id = :u AND team_id IN "
        "(SELECT id FROM teams WHERE project_id = :p)",
        u=user_id,
        p=project_id,
    )
    assert [row[0] for row in teams] == [rows[0][1]]


def test_the_nested_creates_make_the_team_too(writable: Network) -> None:
    user_id, project_id = free_pair(writable)
    response = writable.client.post(
        f"/v2/users/{user_id}/projects_users",
        json={"projects_user": {"project_id": project_id}},
        headers=staff(writable),
    )
    assert response.status_code == 201, response.text
    (team,) = response.json()["teams"]
    assert team["id"] == response.json()["current_team_id"] and team["users"][0]["leader"] is True
    user_id, project_id = free_pair(writable)
    nested = writable.client.post(
        f"/v2/projects/{project_id}/projects_users",
        json={"projects_user": {"user_id": user_id}},
        headers=staff(writable),
    )
    assert nested.status_code == 201 and len(nested.json()["teams"]) == 1


def test_register_childs_and_scales_refuses_bad_parameters(writable: Network) -> None:
    path = "/v2/projects_users/register_childs_and_scales"
    user_id, project_id = free_pair(writable)
    for attributes, errors in (
        ({"user_id": user_id}, {"project_id": ["can't be blank"]}),
        ({"user_id": "x", "project_id": project_id}, {"user_id": ["is not a number"]}),
        ({"user_id": user_id, "project_id": -2}, {"project_id": ["must be greater than 0"]}),
        ({"user_id": user_id, "project_id": 999_999_999}, {"project": ["must exist"]}),
        ({"user_id": 999_999_999, "project_id": project_id}, {"user": ["must exist"]}),
    ):
        bad = writable.client.post(path, json={"projects_user": attributes}, headers=staff(writable))
        assert bad.status_code == 422 and bad.json() == errors, (attributes, bad.text)
    other = writable.sql("SELECT id FROM users WHERE id <> :u LIMIT 1", u=user_id)[0][0]
    refused = writable.client.post(
        path,
        json={"projects_user": {"user_id": other, "project_id": project_id}},
        headers=bearer(user_token(writable, user_id)),
    )
    assert refused.status_code == 403


def test_a_user_compiles_only_their_own_projects_user(writable: Network) -> None:
    pu = registered(writable)
    other = registered(writable)
    token = user_token(writable, pu["user"]["id"])
    path = f"/v2/projects_users/{other['id']}/compile"
    refused = writable.client.patch(path, json={"project_users_id": other["id"]}, headers=bearer(token))
    assert refused.status_code == 403
    mine = f"/v2/projects_users/{pu['id']}/compile"
    assert (
        writable.client.patch(mine, json={"project_users_id": pu["id"]}, headers=bearer(token)).status_code
        == 200
    )
