"""The attacks of issue 12 tried with a student's token (a user token of an app without roles): before
ownership was a spec fact (api.owner) each of them succeeded. Staff roles keep their powers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openintra.api.owner import REFUSAL
from openintra.auth.server import SCOPES
from tests.conftest import Network, insert_token

FORBIDDEN = {"error": "Forbidden", "message": REFUSAL}


class Student:
    """A user of the seeded network with a user token of the ``public`` app (no role)."""

    def __init__(self, network: Network, user_id: int) -> None:
        self.network = network
        self.id = user_id
        token = insert_token(network, "public", user_id=user_id, scopes=" ".join(SCOPES))
        self.headers = {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, **options: Any) -> Any:
        return self.network.client.request(method, path, headers=self.headers, **options)


def staff(network: Network) -> dict[str, str]:
    return {"Authorization": f"Bearer {network.tokens['staff']}"}


def one(network: Network, statement: str, **params: Any) -> Any:
    rows = network.sql(statement, **params)
    assert rows, statement
    return rows[0]


def other_user(network: Network, *not_these: int) -> int:
    return int(
        one(network, f"SELECT id FROM users WHERE id NOT IN ({','.join(map(str, not_these))}) ORDER BY id")[0]
    )


def test_a_student_cannot_create_a_slot_for_another_user(writable: Network) -> None:
    victim = int(one(writable, "SELECT id FROM users ORDER BY id")[0])
    student = Student(writable, other_user(writable, victim))
    begin = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    slot = {"begin_at": begin.isoformat(), "end_at": (begin + dt.timedelta(hours=1)).isoformat()}
    count = writable.sql("SELECT count(*) FROM slots WHERE user_id = :u", u=victim)[0][0]
    response = student.call("POST", "/v2/slots", json={"slot": {**slot, "user_id": victim}})
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert writable.sql("SELECT count(*) FROM slots WHERE user_id = :u", u=victim)[0][0] == count
    mine = student.call("POST", "/v2/slots", json={"slot": {**slot, "user_id": student.id}})
    assert mine.status_code == 201, mine.text


def test_a_student_cannot_move_another_users_slot_to_itself_nor_its_own_to_another(writable: Network) -> None:
    slot_id, victim = one(writable, "SELECT id, user_id FROM slots ORDER BY id")
    student = Student(writable, other_user(writable, victim))
    response = student.call("PATCH", f"/v2/slots/{slot_id}", json={"slot": {"user_id": student.id}})
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert one(writable, "SELECT user_id FROM slots WHERE id = :i", i=slot_id)[0] == victim
    own_slot = one(writable, "SELECT id FROM slots WHERE user_id = :u ORDER BY id", u=student.id)[0]
    handed = student.call("PATCH", f"/v2/slots/{own_slot}", json={"slot": {"user_id": victim}})
    assert (handed.status_code, handed.json()) == (403, FORBIDDEN)
    assert one(writable, "SELECT user_id FROM slots WHERE id = :i", i=own_slot)[0] == student.id
    gone = student.call("DELETE", f"/v2/slots/{slot_id}")
    assert gone.status_code == 403 and writable.sql("SELECT id FROM slots WHERE id = :i", i=slot_id)


def test_other_users_slots_stay_readable_with_their_owner_invisible(writable: Network) -> None:
    """api-shapes §4.3: slots are not restricted to their owner on reads; the owner is hidden."""
    slot_id, victim = one(writable, "SELECT id, user_id FROM slots ORDER BY id")
    student = Student(writable, other_user(writable, victim))
    shown = student.call("GET", f"/v2/slots/{slot_id}")
    assert shown.status_code == 200 and shown.json()["user"] == "invisible"


def test_a_student_cannot_move_another_users_event_seat_to_itself(writable: Network) -> None:
    seat, victim = one(writable, "SELECT id, user_id FROM events_users ORDER BY id")
    student = Student(writable, other_user(writable, victim))
    response = student.call(
        "PATCH", f"/v2/events_users/{seat}", json={"events_user": {"user_id": student.id}}
    )
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert one(writable, "SELECT user_id FROM events_users WHERE id = :i", i=seat)[0] == victim
    assert student.call("DELETE", f"/v2/events_users/{seat}").status_code == 403


def test_a_student_cannot_edit_nor_delete_another_users_feedback(writable: Network) -> None:
    feedback, victim, comment = one(writable, "SELECT id, user_id, comment FROM feedbacks ORDER BY id")
    student = Student(writable, other_user(writable, victim))
    edited = student.call("PATCH", f"/v2/feedbacks/{feedback}", json={"feedback": {"comment": "mine now"}})
    assert (edited.status_code, edited.json()) == (403, FORBIDDEN)
    assert student.call("DELETE", f"/v2/feedbacks/{feedback}").status_code == 403
    assert one(writable, "SELECT comment FROM feedbacks WHERE id = :i", i=feedback)[0] == comment
    by_staff = writable.client.patch(
        f"/v2/feedbacks/{feedback}", json={"feedback": {"comment": comment}}, headers=staff(writable)
    )
    assert by_staff.status_code == 204, "staff roles keep their powers"


def test_a_student_cannot_edit_another_users_expertise_nor_add_one_under_another_user(
    writable: Network,
) -> None:
    row, victim, value = one(writable, "SELECT id, user_id, value FROM expertises_users ORDER BY id")
    student = Student(writable, other_user(writable, victim))
    edited = student.call("PATCH", f"/v2/expertises_users/{row}", json={"expertises_user": {"value": 1}})
    assert (edited.status_code, edited.json()) == (403, FORBIDDEN)
    assert one(writable, "SELECT value FROM expertises_users WHERE id = :i", i=row)[0] == value
    expertise = one(writable, "SELECT id FROM expertises ORDER BY id")[0]
    nested = student.call(
        "POST",
        f"/v2/users/{victim}/expertises_users",
        json={"expertises_user": {"expertise_id": expertise, "value": 3}},
    )
    assert (nested.status_code, nested.json()) == (403, FORBIDDEN)


def test_a_student_cannot_edit_an_evaluation_it_does_not_correct_guess(writable: Network) -> None:
    """GUESS: only the corrector fills an evaluation; a member of the evaluated team, who reads it, may
    not write its mark; a stranger may do neither."""
    scale_team, corrector, team = one(
        writable, "SELECT id, user_id, team_id FROM scale_teams WHERE user_id IS NOT NULL ORDER BY id"
    )
    member = one(writable, "SELECT user_id FROM teams_users WHERE team_id = :t ORDER BY id", t=team)[0]
    evaluated = Student(writable, member)
    assert evaluated.call("GET", f"/v2/scale_teams/{scale_team}").status_code == 200
    mark = evaluated.call("PATCH", f"/v2/scale_teams/{scale_team}", json={"scale_team": {"final_mark": 125}})
    assert (mark.status_code, mark.json()) == (403, FORBIDDEN)
    stranger = Student(writable, other_user(writable, corrector, member))
    assert stranger.call("DELETE", f"/v2/scale_teams/{scale_team}").status_code == 403
    assert writable.sql("SELECT id FROM scale_teams WHERE id = :i", i=scale_team)


def test_a_student_cannot_edit_another_team_nor_create_a_team_without_itself_guess(writable: Network) -> None:
    team, name, project, session = one(
        writable, "SELECT id, name, project_id, project_session_id FROM teams ORDER BY id"
    )
    members = [row[0] for row in writable.sql("SELECT user_id FROM teams_users WHERE team_id = :t", t=team)]
    student = Student(writable, other_user(writable, *members))
    renamed = student.call("PATCH", f"/v2/teams/{team}", json={"team": {"name": "taken over"}})
    assert (renamed.status_code, renamed.json()) == (403, FORBIDDEN)
    assert student.call("DELETE", f"/v2/teams/{team}").status_code == 403
    assert one(writable, "SELECT name FROM teams WHERE id = :i", i=team)[0] == name
    count = writable.sql("SELECT count(*) FROM teams")[0][0]
    attributes = {
        "project_id": project,
        "project_session_id": session,
        "name": "not mine",
        "repo_uuid": "not-mine",
    }
    created = student.call(
        "POST",
        "/v2/teams",
        json={"team": {**attributes, "teams_users_attributes": [{"user_id": members[0]}]}},
    )
    assert (created.status_code, created.json()) == (403, FORBIDDEN)
    assert writable.sql("SELECT count(*) FROM teams")[0][0] == count


def test_a_student_reads_only_the_notes_it_wrote_guess(writable: Network) -> None:
    """GUESS: a note belongs to its author; the staff's notes about a student are not the student's."""
    note, author, subject = one(
        writable, "SELECT id, from_user_id, user_id FROM notes WHERE from_user_id IS NOT NULL ORDER BY id"
    )
    student = Student(writable, subject if subject != author else other_user(writable, author))
    assert student.call("GET", f"/v2/notes/{note}").status_code == 404
    listed = student.call("GET", "/v2/notes", params={"per_page": 100})
    assert listed.status_code == 200 and note not in {item["id"] for item in listed.json()}
    about = student.call("GET", f"/v2/users/{subject}/notes")
    assert note not in {item["id"] for item in about.json()}
    written = student.call(
        "POST", "/v2/notes", json={"note": {"user_id": author, "subject": "s", "content": "c"}}
    )
    assert written.status_code == 201, written.text
    assert written.json()["from_user"]["id"] == student.id
    mine = student.call("GET", "/v2/notes", params={"per_page": 100})
    assert {item["id"] for item in mine.json()} == {
        row[0] for row in writable.sql("SELECT id FROM notes WHERE from_user_id = :u", u=student.id)
    }
    assert mine.headers["X-Total"] == str(len(mine.json()))
    assert student.call("DELETE", f"/v2/notes/{note}").status_code == 403
    every = writable.client.get("/v2/notes", params={"per_page": 100}, headers=staff(writable))
    assert note in {item["id"] for item in every.json()}, "a notes manager reads every note"
