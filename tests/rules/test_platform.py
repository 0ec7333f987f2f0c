"""Platform actions (rules/platform.py): locations end_all, endpoint callbacks, webhook
deactivation, translation uploads and the search routes — each with its bad parameters."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import orjson
import pytest

from tests.conftest import Network


def staff(network: Network) -> dict[str, str]:
    return {"Authorization": f"Bearer {network.tokens['staff']}"}


def journals(network: Network, item_type: str, reason: str) -> int:
    rows = network.sql(
        "SELECT count(*) FROM journals WHERE item_type = :t AND reason = :r", t=item_type, r=reason
    )
    return int(rows[0][0])


def ts(network: Network, value: dt.datetime) -> str:
    text = value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return text if network.dialect == "sqlite" else text.replace("T", " ").replace(".000Z", "+00")


# --- locations end_all ----------------------------------------------------------------------------


def test_end_all_ends_every_open_location_of_the_campus_and_only_them_guess_204(writable: Network) -> None:
    campus_id, other = (row[0] for row in writable.sql("SELECT id FROM campus ORDER BY id LIMIT 2"))
    user_ids = [row[0] for row in writable.sql("SELECT id FROM users ORDER BY id LIMIT 3")]
    opened = []
    for index, (campus, user_id) in enumerate(
        [(campus_id, user_ids[0]), (campus_id, user_ids[1]), (other, user_ids[2])]
    ):
        created = writable.client.post(
            "/v2/locations", json={"location": {"user_id": user_id, "campus_id": campus, "host": f"z{index}r{uuid.uuid4().hex[:4]}"}},
            headers=staff(writable),
        )  # fmt: skip
        assert created.status_code == 201, created.text
        opened.append(created.json()["id"])
    before = journals(writable, "Location", "end_all")
    response = writable.client.delete(f"/v2/campus/{campus_id}/locations/end_all", headers=staff(writable))
    assert response.status_code == 204, response.text
    still_open = writable.sql(
        "SELECT count(*) FROM locations WHERE campus_id = :c AND end_at IS NULL", c=campus_id
    )
    assert still_open[0][0] == 0
    assert writable.get(f"/v2/locations/{opened[0]}", "public").json()["end_at"] is not None
    assert writable.get(f"/v2/locations/{opened[2]}", "public").json()["end_at"] is None, (
        "another campus untouched"
    )
    assert journals(writable, "Location", "end_all") - before >= 2


@pytest.mark.parametrize("campus", ["999999", "not-a-campus"])
def test_end_all_on_an_unknown_campus_is_404(writable: Network, campus: str) -> None:
    response = writable.client.delete(f"/v2/campus/{campus}/locations/end_all", headers=staff(writable))
    assert response.status_code == 404


def test_end_all_needs_advanced_staff(writable: Network) -> None:
    response = writable.client.delete(
        "/v2/campus/1/locations/end_all", headers={"Authorization": f"Bearer {writable.tokens['tutor']}"}
    )
    assert response.status_code == 403


# --- endpoint callbacks ---------------------------------------------------------------------------


def endpoint(network: Network) -> int:
    created = network.client.post(
        "/v2/endpoints", json={"endpoint": {"url": "https://hook.example/cb"}}, headers=staff(network)
    )
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def test_a_callback_is_recorded_and_journaled_guess_201_body(writable: Network) -> None:
    endpoint_id = endpoint(writable)
    user_id = writable.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]
    body = {"url": "https://hook.example/users/x/close", "user_id": user_id, "initial_data": {"key": "k", "a": [1]},
            "response_data": {"status": 200}}  # fmt: skip
    response = writable.client.post(
        f"/v2/endpoints/{endpoint_id}/callback", json=body, headers=staff(writable)
    )
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["endpoint_id"] == endpoint_id and answer["initial_data"] == {"key": "k", "a": [1]}
    stored = writable.sql(
        "SELECT url, user_id, initial_data FROM endpoint_callbacks WHERE id = :i", i=answer["id"]
    )
    assert stored[0][0] == body["url"] and stored[0][1] == user_id
    assert orjson.loads(stored[0][2]) == {"key": "k", "a": [1]}
    assert (
        writable.sql(
            "SELECT count(*) FROM journals WHERE item_type = 'Endpoint' AND item_id = :i AND reason = 'callback'",
            i=endpoint_id,
        )[0][0]
        == 1
    )


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"url": None}, {"url": ["can't be blank"]}),
        ({"user_id": "abc"}, {"user_id": ["is not a number"]}),
        ({"user_id": 99999999}, {"user": ["must exist"]}),
        ({"user_id": None}, {"user_id": ["can't be blank"]}),
        ({"initial_data": "text"}, {"initial_data": ["must be a hash"]}),
        ({"response_data": None}, {"response_data": ["can't be blank"]}),
        ({"url": "https://x.example/" + "a" * 300}, {"url": ["is too long (maximum is 255 characters)"]}),
    ],
)
def test_a_bad_callback_parameter_is_422_and_nothing_is_recorded(writable: Network, change: dict[str, Any],
                                                                errors: dict[str, list[str]]) -> None:  # fmt: skip
    endpoint_id = endpoint(writable)
    user_id = writable.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]
    body = {
        "url": "https://hook.example/cb",
        "user_id": user_id,
        "initial_data": {"a": 1},
        "response_data": {"b": 2},
    }
    body = {key: value for key, value in (body | change).items() if value is not None}
    response = writable.client.post(
        f"/v2/endpoints/{endpoint_id}/callback", json=body, headers=staff(writable)
    )
    assert response.status_code == 422 and response.json() == errors
    assert (
        writable.sql("SELECT count(*) FROM endpoint_callbacks WHERE endpoint_id = :e", e=endpoint_id)[0][0]
        == 0
    )


def test_a_callback_to_an_unknown_endpoint_is_404(writable: Network) -> None:
    response = writable.client.post("/v2/endpoints/999999/callback", json={}, headers=staff(writable))
    assert response.status_code == 404


# --- webhook registeries --------------------------------------------------------------------------


def test_deactivate_stops_a_webhook_registration_once_guess_422_twice(writable: Network) -> None:
    now = ts(writable, dt.datetime.now(dt.UTC))
    with writable.db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO webhook_registeries (url, model, event, active, created_at, updated_at) "
            f"VALUES ('https://hooks.example/in', 'User', 'create', {'1' if writable.dialect == 'sqlite' else 'true'}, '{now}', '{now}')"
        )  # fmt: skip
    hook_id = writable.sql("SELECT max(id) FROM webhook_registeries")[0][0]
    first = writable.client.post(f"/v2/webhook_registeries/{hook_id}/deactivate", headers=staff(writable))
    assert first.status_code == 204, first.text
    row = writable.sql("SELECT active, deactivated_at FROM webhook_registeries WHERE id = :i", i=hook_id)[0]
    assert not row[0] and row[1] is not None
    again = writable.client.post(f"/v2/webhook_registeries/{hook_id}/deactivate", headers=staff(writable))
    assert again.status_code == 422 and again.json() == {"base": ["is already deactivated"]}
    assert (
        writable.client.post("/v2/webhook_registeries/999999/deactivate", headers=staff(writable)).status_code
        == 404
    )


# --- translations upload --------------------------------------------------------------------------


def skill(network: Network) -> int:
    return int(network.sql("SELECT id FROM skills ORDER BY id LIMIT 1")[0][0])


def test_an_uploaded_json_file_creates_and_updates_translations_guess_format(writable: Network) -> None:
    skill_id = skill(writable)
    document = {"fr": {"Skill": {str(skill_id): {"name": "Rigueur", "description": None}}}}
    files = {"file": ("skills.fr.json", orjson.dumps(document), "application/json")}
    response = writable.client.post("/v2/translations/upload", files=files, headers=staff(writable))
    assert response.status_code == 201, response.text
    (written,) = response.json()
    assert written["translatable_type"] == "Skill" and written["translatable_id"] == skill_id
    assert written["fields"] == {"name": "Rigueur", "description": None}
    again = writable.client.post(
        "/v2/translations/upload", data={"file": f"fr:\n  Skill:\n    {skill_id}:\n      name: Rigueur 2\n"},
        headers=staff(writable),
    )  # fmt: skip
    assert again.status_code == 201, again.text
    assert again.json()[0]["id"] == written["id"], "the same record and language: updated, not duplicated"
    assert writable.get(f"/v2/translations/{written['id']}", "public").json()["fields"] == {
        "name": "Rigueur 2"
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "can't be blank"),
        ("{not: [json", "is not a JSON or YAML document"),
        ("[1, 2]", "must map language identifiers to translations"),
        ('{"xx": {"Skill": {"1": {"name": "a"}}}}', "names an unknown language: xx"),
        ('{"fr": {"Nothing": {"1": {"name": "a"}}}}', "names an unknown translations structure: Nothing"),
        ('{"fr": {"Skill": {"one": {"name": "a"}}}}', "fr.Skill.one: is invalid"),
        ('{"fr": {"Skill": []}}', "fr.Skill: must map record ids to fields"),
    ],
)
def test_a_bad_translation_file_is_422_and_nothing_is_written(
    writable: Network, content: str, message: str
) -> None:
    before = writable.sql("SELECT count(*) FROM translations")[0][0]
    response = writable.client.post(
        "/v2/translations/upload", json={"file": content}, headers=staff(writable)
    )
    assert response.status_code == 422 and response.json() == {"file": [message]}
    assert writable.sql("SELECT count(*) FROM translations")[0][0] == before


def test_a_file_part_over_the_upload_limit_is_400(writable: Network) -> None:
    from openintra.api.body import MAX_UPLOAD

    files = {"file": ("big.json", b" " * (MAX_UPLOAD + 1), "application/json")}
    response = writable.client.post("/v2/translations/upload", files=files, headers=staff(writable))
    assert response.status_code == 400 and "at most" in response.text


# --- search ---------------------------------------------------------------------------------------


def test_search_users_by_words_filter_and_sort_with_paging_headers(writable: Network) -> None:
    login = writable.sql("SELECT login FROM users ORDER BY id LIMIT 1 OFFSET 5")[0][0]
    response = writable.client.post(
        "/v2/search/users", json={"query": login.upper()}, headers=staff(writable)
    )
    assert response.status_code == 200, response.text
    assert {"id", "login"} == set(response.json()[0]) and login in [item["login"] for item in response.json()]
    students = writable.client.post(
        "/v2/search/users", json={"filter": {"kind": "student"}, "sort": "-login", "page": {"number": 1, "size": 5}},
        headers=staff(writable),
    )  # fmt: skip
    expected = writable.sql("SELECT id, login FROM users WHERE kind = 'student' ORDER BY login DESC LIMIT 5")
    assert [(item["id"], item["login"]) for item in students.json()] == [tuple(row) for row in expected]
    total = writable.sql("SELECT count(*) FROM users WHERE kind = 'student'")[0][0]
    assert students.headers["X-Total"] == str(total) and students.headers["X-Per-Page"] == "5"
    assert 'rel="next"' in students.headers["Link"]


def test_search_projects_answers_id_name_and_slug(writable: Network) -> None:
    name, slug = writable.sql("SELECT name, slug FROM projects ORDER BY id LIMIT 1")[0]
    response = writable.client.post("/v2/search/projects", json={"query": slug}, headers=staff(writable))
    assert (
        response.status_code == 200
        and {"id": response.json()[0]["id"], "name": name, "slug": slug} in response.json()
    )
    assert set(response.json()[0]) == {"id", "name", "slug"}


@pytest.mark.parametrize(
    "body",
    [
        {"filter": "kind"},
        {"sort": "nope"},
        {"filter": {"nope": "1"}},
        {"range": {"created_at": "x,y"}},
        {"page": {"number": "zero"}},
        {"query": ["a"]},
        {"filter": {"kind": {"a": 1}}},
    ],  # fmt: skip
)
def test_a_bad_search_parameter_is_a_4xx_never_a_500(writable: Network, body: dict[str, Any]) -> None:
    response = writable.client.post("/v2/search/users", json=body, headers=staff(writable))
    assert 400 <= response.status_code < 500, response.text


def test_search_needs_the_42network_role(writable: Network) -> None:
    response = writable.client.post(
        "/v2/search/users", json={}, headers={"Authorization": f"Bearer {writable.tokens['tutor']}"}
    )
    assert response.status_code == 403


def test_a_search_runs_beside_a_held_write_lock(writable: Network) -> None:
    """A search writes nothing: it takes no write transaction, so a writer holding SQLite's write
    lock does not hold it up (a write would wait for the lock)."""
    import time

    from sqlalchemy import create_engine

    other = create_engine(writable.db.url)
    try:
        with other.connect() as conn:
            if writable.dialect == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("LOCK TABLE titles IN EXCLUSIVE MODE")
            started = time.perf_counter()
            response = writable.client.post("/v2/search/users", json={"sort": "id"}, headers=staff(writable))
            elapsed = time.perf_counter() - started
            conn.rollback()
    finally:
        other.dispose()
    assert response.status_code == 200 and response.json(), response.text
    assert elapsed < 2, f"the search waited {elapsed:.1f} s for a writer"
