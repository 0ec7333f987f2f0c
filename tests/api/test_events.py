"""The events domain's special behaviours against the seeded network (both dialects).

Counts and waitlists of events and exams, the ``future``/``end``/``validated`` filters, the nested
campus-and-cursus routes, the singular waitlist routes, ``/v2/me/slots`` and what other users may
not see of a slot, the exam status of a user, event feedbacks, computed dash fields, documents
stored as JSON text, and the resources reachable only under a parent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from openintra.core import jsonenc
from openintra.core.clock import format_ts, parse_ts, utc_now
from openintra.models.events import Exam
from openintra.models.projects import ScaleTeam
from tests.conftest import Network, insert_token

REFERENCE = Path(__file__).parent.parent / "reference"
SHAPES = {
    **jsonenc.loads((REFERENCE / "shapes.json").read_bytes())["shapes"],
    **jsonenc.loads((REFERENCE / "shapes_events.json").read_bytes())["shapes"],
}


def get(network: Network, path: str, token: str = "public", **params: Any) -> Any:
    response = network.get(path, token, **params)
    assert response.status_code == 200, (path, response.status_code, response.text[:200])
    return response.json()


def all_pages(network: Network, path: str, token: str = "public", **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        chunk = get(network, path, token, per_page=100, page=page, **params)
        items += chunk
        if len(chunk) < 100:
            return items
        page += 1


def as_token(network: Network, user_id: int) -> str:
    name = f"user-{user_id}"
    if name not in network.tokens:
        network.tokens[name] = insert_token(network, user_id=user_id)
    return name


# --- events -------------------------------------------------------------------------------------


def test_nbr_subscribers_counts_the_subscriptions_and_full_events_have_a_waitlist(network: Network) -> None:
    counts = dict(
        network.sql(
            "SELECT e.id, (SELECT count(*) FROM events_users eu WHERE eu.event_id = e.id) FROM events e"
        )
    )
    waitlisted = {
        row[0]: row[1]
        for row in network.sql("SELECT waitlistable_id, id FROM waitlists WHERE waitlistable_type = 'Event'")
    }
    events = all_pages(network, "/v2/events")
    assert len(events) == len(counts) and waitlisted
    for event in events:
        assert event["nbr_subscribers"] == counts[event["id"]]
        if event["max_people"]:
            assert event["nbr_subscribers"] <= event["max_people"]
        if event["id"] in waitlisted:
            assert event["nbr_subscribers"] == event["max_people"], "a waitlist opens when the event is full"
            assert event["waitlist"]["id"] == waitlisted[event["id"]]
            assert list(event["waitlist"]) == SHAPES["EventWaitlist"]["keys"]
            assert event["waitlist"]["waitlistable_type"] == "Event"
            assert event["waitlist"]["waitlistable_id"] == event["id"]
        else:
            assert event["waitlist"] is None
    assert any(event["max_people"] is None for event in events), "some events are unlimited"


def test_campus_and_cursus_ids_are_the_links(network: Network) -> None:
    campus: dict[int, list[int]] = {}
    for event_id, campus_id in network.sql(
        "SELECT event_id, campus_id FROM events_campus ORDER BY campus_id"
    ):
        campus.setdefault(event_id, []).append(campus_id)
    events = all_pages(network, "/v2/events")
    assert any(len(event["campus_ids"]) > 1 for event in events)
    for event in events:
        assert event["campus_ids"] == campus.get(event["id"], [])


@pytest.mark.parametrize(
    ("resource", "special", "sql"),
    [
        ("events", "future", "begin_at > :now"),
        ("events", "end", "end_at <= :now"),
        ("exams", "future", "begin_at > :now"),
        ("exams", "validated", "validated_at IS NOT NULL"),
        ("dashes", "future", "begin_at > :now"),
    ],
)
def test_time_filters_split_the_rows(network: Network, resource: str, special: str, sql: str) -> None:
    token = "tutor" if resource == "dashes" else "public"
    now = utc_now()
    hit = {row[0] for row in network.sql(f"SELECT id FROM {resource} WHERE {sql}", now=now)}
    every = {row[0] for row in network.sql(f"SELECT id FROM {resource}")}
    assert hit and every - hit, f"the seed has {resource} on both sides of {special}"
    assert {
        item["id"] for item in all_pages(network, f"/v2/{resource}", token, **{f"filter[{special}]": "true"})
    } == hit
    missed = {
        item["id"] for item in all_pages(network, f"/v2/{resource}", token, **{f"filter[{special}]": "false"})
    }
    assert missed == every - hit


def test_events_of_a_campus_in_a_cursus(network: Network) -> None:
    campus_id, cursus_id = network.sql(
        "SELECT ec.campus_id, eu.cursus_id FROM events_campus ec "
        "JOIN events_cursus eu ON eu.event_id = ec.event_id "
        "GROUP BY ec.campus_id, eu.cursus_id HAVING count(*) > 1 ORDER BY count(*), ec.campus_id LIMIT 1"
    )[0]
    expected = {
        row[0]
        for row in network.sql(
            "SELECT ec.event_id FROM events_campus ec JOIN events_cursus eu ON eu.event_id = ec.event_id "
            "WHERE ec.campus_id = :c AND eu.cursus_id = :k",
            c=campus_id,
            k=cursus_id,
        )
    }
    in_campus = {
        row[0] for row in network.sql("SELECT event_id FROM events_campus WHERE campus_id = :c", c=campus_id)
    }
    got = {item["id"] for item in all_pages(network, f"/v2/campus/{campus_id}/cursus/{cursus_id}/events")}
    assert got == expected and expected < in_campus
    slug = network.sql("SELECT slug FROM campus WHERE id = :c", c=campus_id)[0][0]
    assert {
        item["id"] for item in all_pages(network, f"/v2/campus/{slug}/cursus/{cursus_id}/events")
    } == expected
    assert network.get(f"/v2/campus/{campus_id}/cursus/999999/events").status_code == 404


def test_exams_of_a_campus_in_a_cursus_and_of_a_user(network: Network) -> None:
    campus_id, cursus_id = network.sql(
        "SELECT e.campus_id, ec.cursus_id FROM exams e JOIN exams_cursus ec ON ec.exam_id = e.id "
        "GROUP BY e.campus_id, ec.cursus_id ORDER BY count(*) DESC LIMIT 1"
    )[0]
    expected = {
        row[0]
        for row in network.sql(
            "SELECT e.id FROM exams e JOIN exams_cursus ec ON ec.exam_id = e.id WHERE e.campus_id = :c "
            "AND ec.cursus_id = :k",
            c=campus_id,
            k=cursus_id,
        )
    }
    assert {
        item["id"] for item in all_pages(network, f"/v2/campus/{campus_id}/cursus/{cursus_id}/exams")
    } == expected
    user_id = network.sql("SELECT user_id FROM exams_users GROUP BY user_id ORDER BY count(*) DESC LIMIT 1")[
        0
    ][0]
    registered = {
        row[0] for row in network.sql("SELECT exam_id FROM exams_users WHERE user_id = :u", u=user_id)
    }
    assert {item["id"] for item in all_pages(network, f"/v2/users/{user_id}/exams")} == registered


def test_an_exam_counts_its_candidates_and_lists_its_projects(network: Network) -> None:
    counts = dict(
        network.sql("SELECT e.id, (SELECT count(*) FROM exams_users x WHERE x.exam_id = e.id) FROM exams e")
    )
    projects = dict(network.sql("SELECT exam_id, project_id FROM exams_projects"))
    for exam in all_pages(network, "/v2/exams"):
        assert exam["nbr_subscribers"] == counts[exam["id"]]
        assert [project["id"] for project in exam["projects"]] == [projects[exam["id"]]]
        assert all(project["exam"] is True for project in exam["projects"])
    project_id = next(iter(projects.values()))
    expected = {exam for exam, project in projects.items() if project == project_id}
    assert {item["id"] for item in all_pages(network, f"/v2/projects/{project_id}/exams")} == expected


def test_exams_users_are_staff_only_and_nested_under_their_exam(network: Network) -> None:
    exam_id = network.sql("SELECT exam_id FROM exams_users GROUP BY exam_id ORDER BY count(*) DESC LIMIT 1")[
        0
    ][0]
    assert network.get(f"/v2/exams/{exam_id}/exams_users", "tutor").status_code == 403
    items = all_pages(network, f"/v2/exams/{exam_id}/exams_users", "staff")
    expected = {row[0] for row in network.sql("SELECT id FROM exams_users WHERE exam_id = :e", e=exam_id)}
    assert {item["id"] for item in items} == expected
    for item in items:
        assert list(item) == SHAPES["ExamsUser"]["keys"]
        assert list(item["user"]) == SHAPES["UserMicro"]["keys"]
        assert list(item["exam"]) == SHAPES["ExamInExamsUser"]["keys"]
        assert item["exam"]["id"] == exam_id and item["exam"]["nbr_subscribers"] == len(expected)
    assert network.get("/v2/exams_users", "staff").status_code == 404, "exams_users only exist under an exam"


@pytest.mark.parametrize(("resource", "kind"), [("events", "Event"), ("exams", "Exam")])
def test_the_singular_waitlist_route(network: Network, resource: str, kind: str) -> None:
    waitlist_id, owner_id = network.sql(
        "SELECT id, waitlistable_id FROM waitlists WHERE waitlistable_type = :k ORDER BY id LIMIT 1", k=kind
    )[0]
    body = get(network, f"/v2/{resource}/{owner_id}/waitlist", "staff")
    assert list(body) == SHAPES["Waitlist"]["keys"]
    assert (body["id"], body["waitlistable_id"], body["waitlistable_type"]) == (waitlist_id, owner_id, kind)
    assert body == get(network, f"/v2/waitlists/{waitlist_id}", "staff")
    free = network.sql(
        f"SELECT id FROM {resource} WHERE id NOT IN (SELECT waitlistable_id FROM waitlists WHERE "
        "waitlistable_type = :k) ORDER BY id LIMIT 1",
        k=kind,
    )[0][0]
    missing = network.get(f"/v2/{resource}/{free}/waitlist", "staff")
    assert (missing.status_code, missing.json()) == (404, {})
    assert network.get(f"/v2/{resource}/{owner_id}/waitlist", "public").status_code == 403


def test_event_feedbacks_are_the_events_own(network: Network) -> None:
    event_id = network.sql(
        "SELECT feedbackable_id FROM feedbacks WHERE feedbackable_type = 'Event' GROUP BY feedbackable_id "
        "ORDER BY count(*) DESC LIMIT 1"
    )[0][0]
    expected = {
        row[0]
        for row in network.sql(
            "SELECT id FROM feedbacks WHERE feedbackable_type = 'Event' AND feedbackable_id = :e", e=event_id
        )
    }
    items = all_pages(network, f"/v2/events/{event_id}/feedbacks")
    assert {item["id"] for item in items} == expected
    assert all(item["feedbackable_type"] == "Event" and item["feedbackable_id"] == event_id for item in items)
    one = next(iter(expected))
    assert get(network, f"/v2/events/{event_id}/feedbacks/{one}")["id"] == one
    other = network.sql("SELECT id FROM feedbacks WHERE feedbackable_type = 'ScaleTeam' LIMIT 1")[0][0]
    assert network.get(f"/v2/events/{event_id}/feedbacks/{other}").status_code == 404


@pytest.mark.parametrize(
    ("parent", "table", "column"),
    [("events", "events_users", "event_id"), ("dashes", "dashes_users", "dash_id")],
)
def test_the_users_of_an_event_or_a_dash(network: Network, parent: str, table: str, column: str) -> None:
    parent_id = network.sql(f"SELECT {column} FROM {table} GROUP BY {column} ORDER BY count(*) DESC LIMIT 1")[
        0
    ][0]
    expected = {
        row[0] for row in network.sql(f"SELECT user_id FROM {table} WHERE {column} = :p", p=parent_id)
    }
    assert {user["id"] for user in all_pages(network, f"/v2/{parent}/{parent_id}/users")} == expected


# --- slots --------------------------------------------------------------------------------------


def test_me_slots_are_the_token_users_slots(network: Network) -> None:
    user_id = network.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]
    expected = {row[0] for row in network.sql("SELECT id FROM slots WHERE user_id = :u", u=user_id)}
    items = all_pages(network, "/v2/me/slots", "owner")
    assert expected and {item["id"] for item in items} == expected
    assert all(item["user"]["id"] == user_id for item in items), "one's own slots show their user"
    assert any(isinstance(item["scale_team"], dict) for item in items) and any(
        item["scale_team"] is None for item in items
    )
    assert network.get("/v2/me/slots", "public").status_code == 403, "an app token has no user"
    assert network.get("/v2/slots", "public").status_code == 403


def test_other_peoples_slots_are_invisible(network: Network) -> None:
    user_id = network.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]
    items = all_pages(network, "/v2/slots", "owner", **{"filter[future]": "false"})
    others = [item for item in items if item["user"] == "invisible"]
    assert others and len(others) < len(items)
    booked = dict(network.sql("SELECT id, scale_team_id FROM slots"))
    parties = {
        row[0]
        for row in network.sql("SELECT tu.team_id FROM teams_users tu WHERE tu.user_id = :u", u=user_id)
    }
    teams = dict(network.sql("SELECT id, team_id FROM scale_teams"))
    for item in others:
        if booked[item["id"]] is None:
            assert item["scale_team"] is None
        elif teams[booked[item["id"]]] in parties:
            assert item["scale_team"]["id"] == booked[item["id"]], "the corrected sees the evaluation booked"
        else:
            assert item["scale_team"] == "invisible"
    assert any(item["scale_team"] == "invisible" for item in others)
    assert network.get("/v2/slots", "staff").status_code == 403, "slots are read with a user token only"


@pytest.fixture
def upcoming_booked_slot(network: Network) -> Iterator[dict[str, Any]]:
    """A booked slot whose evaluation is moved one day ahead (restored afterwards)."""
    slot_id, scale_team_id, corrector, corrected, begin_at = network.sql(
        "SELECT s.id, st.id, st.user_id, tu.user_id, st.begin_at FROM slots s JOIN scale_teams st ON st.id = "
        "s.scale_team_id JOIN teams_users tu ON tu.team_id = st.team_id WHERE tu.user_id <> st.user_id "
        "ORDER BY s.id LIMIT 1"
    )[0]
    with network.db.engine.begin() as conn:
        conn.execute(
            update(ScaleTeam)
            .where(ScaleTeam.id == scale_team_id)
            .values(begin_at=utc_now() + dt.timedelta(days=1))
        )
    yield {"slot": slot_id, "corrector": corrector, "corrected": corrected}
    with network.db.engine.begin() as conn:
        conn.execute(update(ScaleTeam).where(ScaleTeam.id == scale_team_id).values(begin_at=begin_at))


def test_before_the_defense_the_slot_hides_each_party(
    network: Network, upcoming_booked_slot: dict[str, Any]
) -> None:
    slot = upcoming_booked_slot
    as_corrector = get(network, f"/v2/slots/{slot['slot']}", as_token(network, slot["corrector"]))
    assert as_corrector["user"]["id"] == slot["corrector"]
    assert as_corrector["scale_team"]["correcteds"] == "invisible"
    as_corrected = get(network, f"/v2/slots/{slot['slot']}", as_token(network, slot["corrected"]))
    assert as_corrected["user"] == "invisible"
    assert as_corrected["scale_team"]["corrector"] == "invisible"
    third = network.sql(
        "SELECT id FROM users WHERE NOT staff AND id NOT IN (:a, :b) AND id NOT IN (SELECT tu.user_id "
        "FROM teams_users tu "
        "JOIN scale_teams st ON st.team_id = tu.team_id "
        "JOIN slots s ON s.scale_team_id = st.id WHERE s.id = :s) "
        "ORDER BY id LIMIT 1",
        a=slot["corrector"],
        b=slot["corrected"],
        s=slot["slot"],
    )[0][0]
    as_third = get(network, f"/v2/slots/{slot['slot']}", as_token(network, third))
    assert (as_third["user"], as_third["scale_team"]) == ("invisible", "invisible")


def test_slots_of_a_project(network: Network) -> None:
    project_id = network.sql(
        "SELECT t.project_id FROM slots s JOIN scale_teams st ON st.id = s.scale_team_id JOIN teams t "
        "ON t.id = st.team_id GROUP BY t.project_id ORDER BY count(*) DESC LIMIT 1"
    )[0][0]
    expected = {
        row[0]
        for row in network.sql(
            "SELECT s.id FROM slots s JOIN scale_teams st ON st.id = s.scale_team_id "
            "JOIN teams t ON t.id = st.team_id "
            "WHERE t.project_id = :p UNION SELECT s.id FROM slots s "
            "WHERE s.scale_team_id IS NULL AND s.user_id IN "
            "(SELECT user_id FROM projects_users WHERE project_id = :p AND validated = :t)",
            p=project_id,
            t=True,
        )
    }
    assert {
        item["id"] for item in all_pages(network, f"/v2/projects/{project_id}/slots", "owner")
    } == expected
    graph = get(network, f"/v2/projects/{project_id}/slots/graph/on/begin_at/by/day")
    assert sum(graph.values()) == len(expected)


# --- the exam status of a user ---------------------------------------------------------------------


@pytest.fixture
def upcoming_exam(network: Network) -> Iterator[dict[str, Any]]:
    exam_id, user_id, begin_at, end_at = network.sql(
        "SELECT e.id, x.user_id, e.begin_at, e.end_at FROM exams e JOIN exams_users x ON x.exam_id = e.id "
        "ORDER BY e.id LIMIT 1"
    )[0]
    begin = utc_now().replace(microsecond=0) + dt.timedelta(days=400)
    with network.db.engine.begin() as conn:
        conn.execute(
            update(Exam)
            .where(Exam.id == exam_id)
            .values(begin_at=begin, end_at=begin + dt.timedelta(hours=3))
        )
    yield {"exam": exam_id, "user": user_id, "begin_at": begin}
    with network.db.engine.begin() as conn:
        conn.execute(update(Exam).where(Exam.id == exam_id).values(begin_at=begin_at, end_at=end_at))


def test_the_exam_status_of_a_user(network: Network, upcoming_exam: dict[str, Any]) -> None:
    user_id = upcoming_exam["user"]
    assert network.get(f"/v2/users/{user_id}/exam", "public").status_code == 403
    body = get(network, f"/v2/users/{user_id}/exam", "tutor")
    assert list(body) == SHAPES["ExamInExamsUser"]["keys"]
    now = format_ts(utc_now())
    later = network.sql(
        "SELECT e.id FROM exams e JOIN exams_users x ON x.exam_id = e.id "
        "WHERE x.user_id = :u AND e.end_at > :n "
        "ORDER BY e.begin_at, e.id LIMIT 1",
        u=user_id,
        n=utc_now(),
    )[0][0]
    assert body["id"] == later and body["end_at"] > now
    login = network.sql("SELECT login FROM users WHERE id = :u", u=user_id)[0][0]
    assert get(network, f"/v2/users/{login}/exam", "tutor") == body
    idle = network.sql(
        "SELECT id FROM users WHERE id NOT IN (SELECT x.user_id FROM exams_users x "
        "JOIN exams e ON e.id = x.exam_id "
        "WHERE e.end_at > :n) ORDER BY id LIMIT 1",
        n=utc_now(),
    )[0][0]
    missing = network.get(f"/v2/users/{idle}/exam", "tutor")
    assert (missing.status_code, missing.json()) == (404, {})


# --- dashes, mailings, announcements, broadcasts --------------------------------------------------


def test_dashes_render_nbr_xp_as_text_and_end_at_from_the_duration(network: Network) -> None:
    durations = dict(network.sql("SELECT id, duration FROM dashes"))
    xp = dict(network.sql("SELECT id, nbr_xp FROM dashes"))
    for dash in all_pages(network, "/v2/dashes", "tutor"):
        assert dash["nbr_xp"] == str(xp[dash["id"]])
        assert parse_ts(dash["end_at"]) - parse_ts(dash["begin_at"]) == dt.timedelta(
            minutes=durations[dash["id"]]
        )
    slug = network.sql("SELECT slug FROM dashes ORDER BY id LIMIT 1")[0][0]
    assert get(network, f"/v2/dashes/{slug}", "tutor")["slug"] == slug
    assert network.get("/v2/dashes", "public").status_code == 403
    assert network.get("/v2/dashes/graph", "public").status_code == 200, "the graph is public"


def test_mailing_documents_are_json(network: Network) -> None:
    stored = {row[0]: row[1:] for row in network.sql('SELECT id, meta, "to", cc FROM mailings')}
    items = all_pages(network, "/v2/mailings", "tutor")
    assert items
    for item in items:
        meta, to, cc = stored[item["id"]]
        assert (
            item["meta"] == jsonenc.loads(meta)
            and isinstance(item["to"], list)
            and item["to"] == jsonenc.loads(to)
        )
        assert item["cc"] == (None if cc is None else jsonenc.loads(cc))
    user_id = network.sql("SELECT user_id FROM mailings ORDER BY id LIMIT 1")[0][0]
    expected = {row[0] for row in network.sql("SELECT id FROM mailings WHERE user_id = :u", u=user_id)}
    assert {item["id"] for item in all_pages(network, f"/v2/users/{user_id}/mailings", "tutor")} == expected


def test_announcements_have_a_show_and_a_graph_but_no_index(network: Network) -> None:
    announcement_id = network.sql("SELECT id FROM announcements ORDER BY id LIMIT 1")[0][0]
    assert get(network, f"/v2/announcements/{announcement_id}")["id"] == announcement_id
    assert network.get("/v2/announcements").status_code == 404
    total = network.sql("SELECT count(*) FROM announcements")[0][0]
    assert sum(get(network, "/v2/announcements/graph/on/expire_at/by/day").values()) == total
    expired = network.sql("SELECT count(*) FROM announcements WHERE expire_at <= :n", n=utc_now())[0][0]
    graph = get(network, "/v2/announcements/graph", **{"filter[expire]": "true"})
    assert 0 < sum(graph.values()) == expired < total


def test_broadcasts_of_a_campus_need_a_user_of_that_campus_guess(network: Network) -> None:
    """GUESS (the safe reading of ``owner``): a user token reads the broadcasts of its own campuses;
    another campus's list is empty."""
    user = network.sql("SELECT id FROM users ORDER BY id LIMIT 1")[0][0]  # the "owner" token's user
    campus_id = network.sql(
        "SELECT b.campus_id FROM broadcasts b JOIN campus_users c ON c.campus_id = b.campus_id "
        "WHERE c.user_id = :u ORDER BY b.id LIMIT 1", u=user,
    )[0][0]  # fmt: skip
    other = network.sql(
        "SELECT campus_id FROM broadcasts WHERE campus_id NOT IN "
        "(SELECT campus_id FROM campus_users WHERE user_id = :u) ORDER BY id LIMIT 1", u=user,
    )[0][0]  # fmt: skip
    elsewhere = network.get(f"/v2/campus/{other}/broadcasts", "owner")
    assert (elsewhere.status_code, elsewhere.json(), elsewhere.headers["X-Total"]) == (200, [], "0")
    assert network.get(f"/v2/campus/{campus_id}/broadcasts", "staff").status_code == 403, "owner only"
    items = all_pages(network, f"/v2/campus/{campus_id}/broadcasts", "owner")
    expected = {row[0] for row in network.sql("SELECT id FROM broadcasts WHERE campus_id = :c", c=campus_id)}
    assert {item["id"] for item in items} == expected
    assert all(list(item) == SHAPES["Broadcast"]["keys"] for item in items)
    hidden = {
        row[0]
        for row in network.sql(
            "SELECT id FROM broadcasts WHERE campus_id = :c AND hidden_at <= :n", c=campus_id, n=utc_now()
        )
    }
    shown = all_pages(network, f"/v2/campus/{campus_id}/broadcasts", "owner", **{"filter[hidden]": "true"})
    assert hidden and {item["id"] for item in shown} == hidden
