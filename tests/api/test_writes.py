"""The write protocol (DESIGN §4.7, §4.10): Rails parameters in every form, malformed bodies, nested
attributes and id lists, one transaction with its journals row."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openintra.api import body as bodies
from openintra.api.tx import Tx
from openintra.core.errors import BadRequest
from tests.conftest import Network


def staff(network: Network) -> dict[str, str]:
    return {"Authorization": f"Bearer {network.tokens['staff']}"}


def name() -> str:
    return f"title {uuid.uuid4().hex[:10]}"


def titles_named(network: Network, title: str) -> int:
    return int(network.sql("SELECT count(*) FROM titles WHERE name = :n", n=title)[0][0])


@pytest.mark.parametrize("form", ["json", "json-unwrapped", "form", "multipart", "query"])
def test_a_create_takes_rails_parameters_in_every_form(writable: Network, form: str) -> None:
    title = name()
    options: dict[str, Any] = {
        "json": {"json": {"title": {"name": title}}},
        "json-unwrapped": {"json": {"name": title}},  # Rails wraps a JSON body's keys itself
        "form": {"data": {"title[name]": title}},
        "multipart": {"data": {"title[name]": title}, "files": {"upload": ("a.txt", b"x")}},
        "query": {"params": {"title[name]": title}},
    }[form]
    response = writable.client.post("/v2/titles", headers=staff(writable), **options)
    assert response.status_code == 201, response.text
    assert response.json()["name"] == title
    assert titles_named(writable, title) == 1


def test_the_body_wins_over_the_query_string(writable: Network) -> None:
    title = name()
    response = writable.client.post(
        "/v2/titles",
        params={"title[name]": "from the query"},
        json={"title": {"name": title}},
        headers=staff(writable),
    )
    assert response.status_code == 201 and response.json()["name"] == title


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, "not valid JSON"),
        ({"content": b"[1, 2]", "headers": {"Content-Type": "application/json"}}, "must be a JSON object"),
        ({"json": {"title": "a string"}}, "param is missing or the value is empty: title"),
        ({"data": {"title": "x", "title[name]": "y"}}, "expected Hash (got String) for param `title'"),
        ({"content": b"name=x", "headers": {"Content-Type": "text/csv"}}, "Unsupported content type"),
    ],
    ids=["bad-json", "json-array", "wrapper-not-a-hash", "key-conflict", "content-type"],
)
def test_a_malformed_body_is_400_and_nothing_is_written(
    writable: Network, options: dict[str, Any], message: str
) -> None:
    before = writable.sql("SELECT count(*), (SELECT count(*) FROM journals) FROM titles")[0]
    options = dict(options)
    headers = staff(writable) | options.pop("headers", {})
    response = writable.client.post("/v2/titles", headers=headers, **options)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "Bad Request"
    assert message in response.json()["message"]
    assert writable.sql("SELECT count(*), (SELECT count(*) FROM journals) FROM titles")[0] == before


def test_validation_errors_are_a_rails_errors_object(writable: Network) -> None:
    response = writable.client.post(
        "/v2/cursus", json={"cursus": {"kind": "wizardry", "name": "x" * 300}}, headers=staff(writable)
    )
    assert response.status_code == 422
    assert response.json() == {
        "name": ["is too long (maximum is 100 characters)"],
        "kind": ["is not included in the list"],
    }


def test_a_reference_to_a_missing_row_must_exist(writable: Network) -> None:
    response = writable.client.post(
        "/v2/titles_users", json={"titles_user": {"title_id": 999999, "user_id": 1}}, headers=staff(writable)
    )
    assert response.status_code == 422
    assert response.json() == {"title": ["must exist"]}


def test_a_second_row_of_a_unique_pair_has_already_been_taken(writable: Network) -> None:
    title_id, user_id = writable.sql("SELECT title_id, user_id FROM titles_users ORDER BY id LIMIT 1")[0]
    response = writable.client.post(
        "/v2/titles_users",
        json={"titles_user": {"title_id": title_id, "user_id": user_id}},
        headers=staff(writable),
    )
    assert response.status_code == 422
    assert response.json() == {"user_id": ["has already been taken"]}


def test_numbers_and_booleans_arrive_as_strings_from_forms(writable: Network) -> None:
    user_id = writable.sql("SELECT id FROM users ORDER BY id DESC LIMIT 1")[0][0]
    expertise = writable.client.post(
        "/v2/expertises", json={"expertise": {"name": name(), "slug": uuid.uuid4().hex, "kind": "languages"}},
        headers=staff(writable),
    )  # fmt: skip
    assert expertise.status_code == 201, expertise.text
    response = writable.client.post(
        "/v2/expertises_users",
        data={"expertises_user[expertise_id]": str(expertise.json()["id"]), "expertises_user[user_id]": str(user_id),
              "expertises_user[value]": "3", "expertises_user[interested]": "true"},
        headers=staff(writable),
    )  # fmt: skip
    assert response.status_code == 201, response.text
    assert (response.json()["interested"], response.json()["value"]) == (True, 3)


def test_an_update_leaves_the_keys_it_does_not_name(writable: Network) -> None:
    cursus = writable.client.post(
        "/v2/cursus", json={"cursus": {"name": name(), "kind": "piscine"}}, headers=staff(writable)
    )
    cursus_id = cursus.json()["id"]
    response = writable.client.put(
        f"/v2/cursus/{cursus_id}", json={"cursus": {"name": "renamed " + name()}}, headers=staff(writable)
    )
    assert response.status_code == 204
    shown = writable.get(f"/v2/cursus/{cursus_id}", "public").json()
    assert shown["kind"] == "piscine" and shown["name"].startswith("renamed")


def test_a_blank_required_key_on_update_is_422(writable: Network) -> None:
    cursus_id = writable.client.post(
        "/v2/cursus", json={"cursus": {"name": name()}}, headers=staff(writable)
    ).json()["id"]
    response = writable.client.patch(
        f"/v2/cursus/{cursus_id}", json={"cursus": {"name": ""}}, headers=staff(writable)
    )
    assert response.status_code == 422 and response.json() == {"name": ["can't be blank"]}


def test_a_destroy_of_a_row_others_reference_is_422(writable: Network) -> None:
    cursus_id = writable.sql("SELECT cursus_id FROM cursus_users ORDER BY id LIMIT 1")[0][0]
    response = writable.client.delete(f"/v2/cursus/{cursus_id}", headers=staff(writable))
    assert response.status_code == 422
    assert response.json()["base"][0].startswith("Cannot delete record because dependent ")
    assert writable.sql("SELECT count(*) FROM cursus WHERE id = :i", i=cursus_id)[0][0] == 1


def test_id_lists_link_through_their_association(writable: Network) -> None:
    cursus_ids = [row[0] for row in writable.sql("SELECT id FROM cursus ORDER BY id LIMIT 2")]
    response = writable.client.post(
        "/v2/achievements",
        json={"achievement": {"name": name(), "internal_name": name(), "description": "d", "kind": "project",
                              "tier": "easy", "cursus_ids": cursus_ids}},
        headers=staff(writable),
    )  # fmt: skip
    assert response.status_code == 201, response.text
    achievement_id = writable.sql("SELECT max(id) FROM achievements")[0][0]
    linked = writable.sql(
        "SELECT cursus_id FROM achievements_cursus WHERE achievement_id = :a ORDER BY cursus_id",
        a=achievement_id,
    )
    assert [row[0] for row in linked] == sorted(cursus_ids)
    bad = writable.client.patch(
        f"/v2/achievements/{achievement_id}",
        json={"achievement": {"cursus_ids": [999999]}},
        headers=staff(writable),
    )
    assert bad.status_code == 422 and bad.json() == {"cursus_ids": ["is invalid"]}


def test_nested_attributes_write_their_rows_in_the_same_transaction(writable: Network) -> None:
    skill_id = writable.sql("SELECT id FROM skills ORDER BY id LIMIT 1")[0][0]
    cursus_id = writable.sql("SELECT id FROM cursus ORDER BY id LIMIT 1")[0][0]
    partnership = {"name": name(), "description": "d", "difficulty": 100, "cursus_id": cursus_id}
    created = writable.client.post(
        "/v2/partnerships",
        data={**{f"partnership[{k}]": str(v) for k, v in partnership.items()},
              "partnership[partnerships_skills_attributes][][skill_id]": str(skill_id),
              "partnership[partnerships_skills_attributes][][value]": "4.5"},
        headers=staff(writable),
    )  # fmt: skip
    assert created.status_code == 201, created.text
    partnership_id = writable.sql("SELECT max(id) FROM partnerships")[0][0]
    assert writable.sql(
        "SELECT skill_id, value FROM partnerships_skills WHERE partnership_id = :p", p=partnership_id
    ) == [(skill_id, 4.5)]
    rows = writable.sql("SELECT count(*) FROM partnerships")[0][0]
    refused = writable.client.post(
        "/v2/partnerships",
        json={
            "partnership": partnership | {"name": name(), "partnerships_skills_attributes": [{"value": 1}]}
        },
        headers=staff(writable),
    )
    assert refused.status_code == 422
    assert refused.json() == {"partnerships_skills.skill_id": ["can't be blank"]}
    assert writable.sql("SELECT count(*) FROM partnerships")[0][0] == rows, (
        "the parent row is rolled back too"
    )


def test_the_write_and_its_journal_commit_together(
    writable: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the row is written (here, in the journal) leaves neither the row nor the log."""
    title = name()

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the journal is unavailable")

    monkeypatch.setattr(Tx, "journal", broken)
    response = writable.client.post("/v2/titles", json={"title": {"name": title}}, headers=staff(writable))
    assert response.status_code == 500
    assert response.json() == {
        "error": "Internal Server Error",
        "message": "An unexpected error occurred; it was logged.",
    }
    assert titles_named(writable, title) == 0


def test_the_journal_names_who_which_app_what_and_when(writable: Network) -> None:
    user_id = writable.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]
    title = writable.client.post(
        "/v2/titles",
        json={"title": {"name": name()}},
        headers={"Authorization": f"Bearer {writable.tokens['owner']}"},
    )
    # The owner token's app is public (no role): refused, and nothing logged.
    assert title.status_code == 403
    created = writable.client.post("/v2/titles", json={"title": {"name": name()}}, headers=staff(writable))
    title_id = created.json()["id"]
    rows = writable.sql(
        "SELECT user_id, app_id, item_type, item_id, reason, event_at FROM journals WHERE item_type = 'Title' "
        "AND item_id = :i", i=title_id,
    )  # fmt: skip
    assert len(rows) == 1
    assert rows[0][:5] == (None, writable.apps["staff"]["id"], "Title", title_id, "create")
    assert rows[0][5] is not None
    assert user_id


# --- the parameter grammar -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([("a", "1")], {"a": "1"}),
        ([("a[b]", "1")], {"a": {"b": "1"}}),
        ([("a[]", "1"), ("a[]", "2")], {"a": ["1", "2"]}),
        ([("a[][b]", "1"), ("a[][c]", "2"), ("a[][b]", "3")], {"a": [{"b": "1", "c": "2"}, {"b": "3"}]}),
        ([("a[b][c]", "1"), ("a[b][d]", "2")], {"a": {"b": {"c": "1", "d": "2"}}}),
        ([("a[0][b]", "1"), ("a[1][b]", "2")], {"a": {"0": {"b": "1"}, "1": {"b": "2"}}}),
        ([("a]b", "1")], {"a]b": "1"}),
    ],
)
def test_rack_nested_parameters(pairs: list[tuple[str, str]], expected: dict[str, Any]) -> None:
    assert bodies.parse_pairs(pairs) == expected


@given(st.lists(st.tuples(st.text(alphabet="ab[]0_", max_size=12), st.text(max_size=4)), max_size=12))
@settings(max_examples=300, deadline=None)
def test_the_parameter_grammar_never_raises_anything_but_a_bad_request(pairs: list[tuple[str, str]]) -> None:
    try:
        params = bodies.parse_pairs(pairs)
    except BadRequest:
        return
    assert isinstance(params, dict)


@given(st.binary(max_size=64))
@settings(max_examples=200, deadline=None)
def test_a_json_body_is_an_object_or_a_bad_request(raw: bytes) -> None:
    try:
        assert isinstance(bodies.parse_json(raw), dict)
    except BadRequest:
        pass


# Texts that look like numbers and dates, padded with spaces Python's ``\s`` takes but ``int()`` may
# not (``"1\x1f"`` once gave a 500).
_spaces = st.sampled_from(["", " ", "\t", "\n", "\x1c", "\x1f", "\xa0", "\u2028", "\u3000"])
_near_values = st.builds(
    lambda before, text, after: before + text + after,
    _spaces,
    st.from_regex(r"-?[0-9]{1,5}(\.[0-9]{0,2})?", fullmatch=True)
    | st.from_regex(
        r"20[0-9]{2}-[01][0-9]-[0-3][0-9](T[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?Z?)?", fullmatch=True
    ),
    _spaces,
)
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | _near_values,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


@given(st.sampled_from(["cursus", "events", "users", "products", "projects_users", "mailings"]), st.data())
@settings(max_examples=300, deadline=None)
def test_attribute_reading_never_raises_only_reports(name: str, data: st.DataObject) -> None:
    """Whatever a client sends as attribute values, validation answers values and errors (a 422),
    never an exception (a 500)."""
    from openintra.api.validate import Schema
    from tests.catalog import registry

    resource = registry()[name]
    assert resource.writes is not None
    schema = Schema(resource.table, resource.writes)
    keys = list(schema.create_keys)
    attributes = data.draw(st.dictionaries(st.sampled_from(keys), _json_values, max_size=len(keys)))
    values, errors = schema.read(attributes, create=True)
    assert set(errors) <= set(attributes)
    assert all(isinstance(message, str) for messages in errors.values() for message in messages)
    for key in set(attributes) - set(errors):
        assert schema.create_keys[key].column in values


def test_an_integer_beyond_the_columns_range_is_422_not_a_database_error(writable: Network) -> None:
    response = writable.client.post(
        "/v2/cursus_users",
        json={"cursus_user": {"cursus_id": 2**40, "user_id": 1, "begin_at": "2027-01-01"}},
        headers=staff(writable),
    )
    assert response.status_code == 422
    assert response.json() == {"cursus_id": ["must be less than or equal to 2147483647"]}


def test_a_destroyed_rows_id_is_never_given_again(writable: Network) -> None:
    """As on PostgreSQL and in 42's Rails: the newest row destroyed, the next create gets a new id
    (SQLite's tables are AUTOINCREMENT since migration 0014), so journals and clients that named the
    old row never see another under its id."""
    headers = {"Authorization": f"Bearer {writable.tokens['staff']}"}
    first = writable.client.post(
        "/v2/titles", json={"title": {"name": f"once {uuid.uuid4().hex}"}}, headers=headers
    )
    assert first.status_code == 201, first.text
    assert writable.client.delete(f"/v2/titles/{first.json()['id']}", headers=headers).status_code == 204
    second = writable.client.post(
        "/v2/titles", json={"title": {"name": f"again {uuid.uuid4().hex}"}}, headers=headers
    )
    assert second.status_code == 201 and second.json()["id"] > first.json()["id"]


def test_a_number_with_a_unicode_space_is_a_422_not_a_500(writable: Network) -> None:
    """Python's ``\\s`` takes "\\x1f" or "\\u2028" but ``int()`` does not: such a value is Rails'
    ``is not a number``, as any other non-number."""
    headers = {"Authorization": f"Bearer {writable.tokens['staff']}"}
    for value in ("1\x1f", "1\u2028", "\x1c2"):
        response = writable.client.post(
            "/v2/locations",
            json={"location": {"user_id": value, "host": "z9r9p9", "campus_id": 1}},
            headers=headers,
        )
        assert response.status_code == 422 and response.json() == {"user_id": ["is not a number"]}, value


@pytest.mark.parametrize("space", ["\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000"])
def test_every_typed_key_of_every_resource_reports_a_padded_value_never_raises(space: str) -> None:
    """Each create key of the registry, given numbers and dates padded with a Unicode space: an error
    for that key or a value, never an exception (a 500)."""
    from openintra.api.validate import Schema
    from tests.catalog import registry

    checked = 0
    for resource in registry():
        if resource.writes is None:
            continue
        schema = Schema(resource.table, resource.writes)
        for key in schema.create_keys:
            for text in (f"1{space}", f"{space}2.5", f"2027-01-01{space}", f"{space}2027-01-01T10:00:00Z"):
                values, errors = schema.read({key: text}, create=True)
                assert key in errors or schema.create_keys[key].column in values, (resource.name, key, text)
                checked += 1
    assert checked > 1000
