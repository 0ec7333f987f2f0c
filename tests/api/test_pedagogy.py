"""Pedagogy resources: the behaviours the contract tests do not derive from the specs."""

from __future__ import annotations

from openintra.core import jsonenc
from tests.conftest import Network


def _ids(response: object) -> list[int]:
    return sorted(item["id"] for item in response.json())  # type: ignore[attr-defined]


def _all(network: Network, path: str, token: str = "public", **params: object) -> list[dict]:
    response = network.get(path, token, per_page=100, **params)
    assert response.status_code == 200, response.text
    assert int(response.headers["X-Total"]) <= 100
    return list(response.json())


def test_issue_tags_are_served_on_the_issue_id_column(network: Network) -> None:
    """``/v2/issues/:issue_id/tags``: no issues resource; the id is read as is from issues_tags."""
    linked = network.sql("SELECT issue_id, tag_id FROM issues_tags ORDER BY issue_id, tag_id")
    issue = linked[0][0]
    expected = sorted(tag for owner, tag in linked if owner == issue)
    nested = network.get(f"/v2/issues/{issue}/tags", per_page=100)
    assert nested.status_code == 200 and _ids(nested) == expected
    assert _ids(network.get("/v2/tags", per_page=100, issue_id=issue)) == expected
    assert network.get("/v2/issues/999999/tags").json() == []
    missing = network.get("/v2/issues/not-a-number/tags")
    assert (missing.status_code, missing.json()) == (404, {})


def test_tags_of_a_cursus_come_through_its_projects_and_notions(network: Network) -> None:
    expected = sorted(
        {
            row[0]
            for row in network.sql(
                "SELECT pt.tag_id FROM projects_tags pt "
                "JOIN projects_cursus pc ON pc.project_id = pt.project_id "
                "WHERE pc.cursus_id = 9 UNION SELECT nt.tag_id FROM notions_tags nt "
                "JOIN notions_cursus nc ON nc.notion_id = nt.notion_id WHERE nc.cursus_id = 9"
            )
        }
    )
    total = network.sql("SELECT count(*) FROM tags")[0][0]
    assert 0 < len(expected) < total
    assert _ids(network.get("/v2/tags", per_page=100, **{"filter[cursus_id]": 9})) == expected
    assert _ids(network.get("/v2/cursus/9/tags", per_page=100)) == expected
    assert _ids(network.get("/v2/cursus/c-piscine/tags", per_page=100)) == expected


def test_tags_users_filter_by_cursus_of_the_user(network: Network) -> None:
    total = network.sql("SELECT count(*) FROM tags_users")[0][0]
    split = []
    for (cursus_id,) in network.sql("SELECT id FROM cursus ORDER BY id"):
        rows = network.sql(
            "SELECT DISTINCT tu.id FROM tags_users tu JOIN cursus_users cu ON cu.user_id = tu.user_id "
            "WHERE cu.cursus_id = :c",
            c=cursus_id,
        )
        expected = sorted(row[0] for row in rows)
        if 0 < len(expected) < total:
            split.append(cursus_id)
        got = network.get("/v2/tags_users", per_page=100, **{"filter[cursus_id]": cursus_id})
        assert int(got.headers["X-Total"]) == len(expected)
        assert (
            _ids(network.get(f"/v2/cursus/{cursus_id}/tags_users", per_page=100))
            == _ids(got)
            == expected[:100]
        )
    assert split, "a cursus some tagged users follow and others do not"


def test_evaluations_filter_by_the_campus_of_their_sessions(network: Network) -> None:
    rows = network.sql(
        "SELECT s.evaluation_id FROM scales s JOIN project_sessions ps ON ps.id = s.project_session_id "
        "WHERE ps.campus_id = 1 UNION SELECT u.evaluation_id FROM uploads u "
        "JOIN project_sessions ps ON ps.id = u.project_session_id WHERE ps.campus_id = 1"
    )
    expected = sorted(row[0] for row in rows)
    total = network.sql("SELECT count(*) FROM evaluations")[0][0]
    assert 0 < len(expected) < total
    got = _all(network, "/v2/evaluations", "tutor", **{"filter[campus_id]": 1})
    assert sorted(item["id"] for item in got) == expected
    assert network.get("/v2/evaluations", "public").status_code == 403


def test_translations_fields_are_objects_and_filter_by_a_field_value(network: Network) -> None:
    item = network.get("/v2/translations", per_page=1).json()[0]
    assert isinstance(item["fields"], dict) and set(item["fields"]) == {"name", "description"}
    assert isinstance(item["translations_structure"]["fields_organisation"], dict)
    unix = _all(network, "/v2/translations", **{"filter[fields]": "Unix"})
    assert unix and all("Unix" in item["fields"].values() for item in unix)
    french = _all(network, "/v2/translations", **{"filter[fields]": "Rigueur,Sécurité"})
    assert sorted(item["fields"]["name"] for item in french) == ["Rigueur", "Sécurité"]
    assert all(
        jsonenc.loads(row[0]) == item["fields"]
        for item in french
        for row in network.sql("SELECT fields FROM translations WHERE id = :i", i=item["id"])
    )
    assert _all(network, "/v2/translations", **{"filter[fields]": "no such name"}) == []


def test_project_data_documents_are_parsed(network: Network) -> None:
    items = _all(network, "/v2/project_data")
    placed = [item for item in items if item["coordinates"]]
    assert placed and all(
        len(item["coordinates"]) == 2 and isinstance(item["coordinates"][0], float) for item in placed
    )
    assert any(item["coordinates"] == [] for item in items), "some sessions are not placed yet"
    linked = [item for item in items if item["by"]]
    assert linked and all(isinstance(link, list) and len(link) == 5 for item in linked for link in item["by"])
    unplaced = _all(network, "/v2/project_data", **{"filter[coordinates]": "[]"})
    assert unplaced and all(item["coordinates"] == [] for item in unplaced)


def test_attachments_of_a_project_include_its_sessions_and_render_the_pdf(network: Network) -> None:
    session, project = network.sql(
        "SELECT a.container_id, ps.project_id FROM attachments a "
        "JOIN project_sessions ps ON ps.id = a.container_id "
        "WHERE a.container_type = 'ProjectSession' ORDER BY a.id LIMIT 1"
    )[0]
    of_session = _ids(network.get(f"/v2/project_sessions/{session}/attachments", per_page=100))
    of_project = _ids(network.get(f"/v2/projects/{project}/attachments", per_page=100))
    own = [
        row[0]
        for row in network.sql(
            "SELECT id FROM attachments WHERE container_type = 'Project' AND container_id = :p", p=project
        )
    ]
    assert of_session and own and of_project == sorted(of_session + own)
    assert _ids(network.get("/v2/attachments", per_page=100, project_id=project)) == of_project
    shown = network.get(f"/v2/project_sessions/{session}/attachments/{of_session[0]}").json()
    assert set(shown["pdf"]) == {"pdf"} and set(shown["pdf"]["pdf"]) == {"url", "thumb"}
    assert shown["type"] in ("Pdf", "Video") and set(shown["language"]) == {"id", "name", "identifier"}
    other = network.sql(
        "SELECT id FROM attachments WHERE container_type <> 'ProjectSession' ORDER BY id LIMIT 1"
    )[0][0]
    assert network.get(f"/v2/project_sessions/{session}/attachments/{other}").status_code == 404


def test_levels_per_cursus_need_basic_staff(network: Network) -> None:
    assert network.get("/v2/levels", "tutor").status_code == 403
    for cursus_id, count in network.sql(
        "SELECT cursus_id, count(*) FROM levels GROUP BY cursus_id ORDER BY cursus_id"
    ):
        levels = _all(network, f"/v2/cursus/{cursus_id}/levels", "staff", sort="lvl")
        assert len(levels) == count and {level["cursus_id"] for level in levels} == {cursus_id}
        assert [level["lvl"] for level in levels] == list(range(count))
        xps = [level["xp"] for level in levels]
        assert xps[0] == 0 and xps == sorted(set(xps))


def test_session_and_team_embeds_are_the_rows_of_their_routes(network: Network) -> None:
    session_id = network.sql("SELECT project_session_id FROM uploads ORDER BY id LIMIT 1")[0][0]
    session = network.get(f"/v2/project_sessions/{session_id}").json()
    uploads = network.sql(
        "SELECT id, name FROM uploads WHERE project_session_id = :s ORDER BY id", s=session_id
    )
    assert session["uploads"] == [{"id": i, "name": n} for i, n in uploads]
    rules = _all(
        network, f"/v2/project_sessions/{session_id}/project_sessions_rules", "tutor", sort="position"
    )
    assert [rule["id"] for rule in session["project_sessions_rules"]] == [rule["id"] for rule in rules]
    assert [r["params"] for r in session["project_sessions_rules"]] == [r["params"] for r in rules]
    rule_ids = sorted(rule["rule"]["id"] for rule in rules)
    assert _ids(network.get(f"/v2/project_sessions/{session_id}/rules", "staff", per_page=100)) == rule_ids
    team_id = network.sql("SELECT team_id FROM teams_uploads ORDER BY id LIMIT 1")[0][0]
    team = network.get(f"/v2/teams/{team_id}").json()
    nested = _all(network, f"/v2/teams/{team_id}/teams_uploads")
    assert [{k: v for k, v in item.items() if k != "upload"} for item in nested] == team["teams_uploads"]


def test_rules_list_their_uses(network: Network) -> None:
    rules = _all(network, "/v2/rules", "staff")
    assert any(rule["project_sessions_rules"] == [] for rule in rules), "a rule no session uses"
    used = [rule for rule in rules if rule["project_sessions_rules"]]
    assert used
    for rule in used[:3]:
        count = network.sql("SELECT count(*) FROM project_sessions_rules WHERE rule_id = :r", r=rule["id"])[
            0
        ][0]
        assert len(rule["project_sessions_rules"]) == count
    assert network.get("/v2/rules", "tutor").status_code == 403
