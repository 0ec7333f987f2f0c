"""The legacy forum (api-routes §2.3): topics, messages, replies and votes behind the ``forum`` scope.

Shapes and most rules are GUESS (the forum left the apidoc); the 403 without ``forum`` is 42's own
example (api-routes §5.3)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.conftest import Network, insert_token

FORUM_403 = {
    "error": "Forbidden",
    "message": "Insufficient scope. The action need the following scopes: [forum] "
    "(Create, update and destroy topics and messages)",
}
FORUM_CHALLENGE = (
    'Bearer realm="42 API", error="insufficient scope", '
    'error_description="The action need the following scopes: [forum]"'
)


def users(network: Network, count: int = 2) -> list[int]:
    return [row[0] for row in network.sql(f"SELECT id FROM users ORDER BY id LIMIT {count}")]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def forum_token(network: Network, user_id: int, scopes: str = "public forum") -> dict[str, str]:
    return auth(insert_token(network, user_id=user_id, scopes=scopes))


def new_topic(network: Network, headers: dict[str, str], content: str = "first words", **extra: Any) -> Any:
    name = f"topic {uuid.uuid4().hex[:10]}"
    body = {"topic": {"name": name, "messages_attributes": [{"content": content}], **extra}}
    response = network.client.post("/v2/topics", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def messages_of(network: Network, topic_id: int) -> list[dict[str, Any]]:
    response = network.client.get(f"/v2/topics/{topic_id}/messages", params={"sort": "id"}, headers=auth(
        network.tokens["public"]))  # fmt: skip
    assert response.status_code == 200, response.text
    return list(response.json())


def test_posting_a_message_without_the_forum_scope_is_42s_own_403(writable: Network) -> None:
    """The seeds' example: ``POST /v2/topics/4242/messages`` with a token lacking ``forum``."""
    (user,) = users(writable, 1)
    response = writable.client.post(
        "/v2/topics/4242/messages",
        json={"message": {"content": "hello"}},
        headers=forum_token(writable, user, scopes="public projects"),
    )
    assert response.status_code == 403
    assert response.json() == FORUM_403
    assert response.headers["WWW-Authenticate"] == FORUM_CHALLENGE


def test_an_app_token_without_a_user_cannot_post(writable: Network) -> None:
    response = writable.client.post(
        "/v2/topics", json={"topic": {"name": "x"}}, headers=auth(writable.tokens["public"])
    )
    assert response.status_code == 403


def test_a_topic_is_created_with_its_first_message_by_the_tokens_user(writable: Network) -> None:
    author, _ = users(writable)
    tag = writable.sql("SELECT id FROM tags ORDER BY id LIMIT 1")[0][0]
    cursus = writable.sql("SELECT id FROM cursus ORDER BY id LIMIT 1")[0][0]
    topic = new_topic(writable, forum_token(writable, author), tag_ids=[tag], cursus_ids=[cursus])
    assert topic["author"]["id"] == author and topic["kind"] == "normal"
    assert [item["id"] for item in topic["tags"]] == [tag] and topic["cursus_ids"] == [cursus]
    assert topic["messages_url"].endswith(f"/v2/topics/{topic['id']}/messages")
    (first,) = messages_of(writable, topic["id"])
    assert first["content"] == "first words" and first["author"]["id"] == author
    assert first["is_root"] is True and first["topic_id"] == topic["id"]
    assert first["votes_count"] == {"upvote": 0, "downvote": 0, "trollface": 0, "problem": 0}


def test_a_user_token_cannot_write_as_another_user(writable: Network) -> None:
    """GUESS (the safe reading of ``owner``): 403 for an ``author_id`` that is not the token's user."""
    author, other = users(writable)
    response = writable.client.post(
        "/v2/topics",
        json={"topic": {"name": "not mine", "author_id": other}},
        headers=forum_token(writable, author),
    )
    assert response.status_code == 403
    assert writable.sql("SELECT count(*) FROM topics WHERE name = 'not mine'")[0][0] == 0


def test_replies_land_in_the_parents_topic_and_move_write_at(writable: Network) -> None:
    author, replier = users(writable)
    topic = new_topic(writable, forum_token(writable, author))
    (first,) = messages_of(writable, topic["id"])
    answer = writable.client.post(
        f"/v2/topics/{topic['id']}/messages",
        json={"message": {"content": "an answer"}},
        headers=forum_token(writable, replier),
    )
    assert answer.status_code == 201, answer.text
    reply = writable.client.post(
        f"/v2/messages/{first['id']}/messages",
        data={"message[content]": "a reply to the first"},
        headers=forum_token(writable, replier),
    )
    assert reply.status_code == 201, reply.text
    assert reply.json()["topic_id"] == topic["id"] and reply.json()["parent_id"] == first["id"]
    assert reply.json()["is_root"] is False and reply.json()["author"]["id"] == replier
    listed = messages_of(writable, topic["id"])
    assert [item["content"] for item in listed] == ["first words", "an answer", "a reply to the first"]
    assert [item["content"] for item in listed[0]["replies"]] == ["a reply to the first"]
    nested = writable.get(f"/v2/messages/{first['id']}/messages")
    assert [item["id"] for item in nested.json()] == [reply.json()["id"]]
    shown = writable.get(f"/v2/topics/{topic['id']}").json()
    assert shown["write_at"] >= topic["write_at"]


def test_a_message_to_an_unknown_topic_is_404(writable: Network) -> None:
    (user,) = users(writable, 1)
    response = writable.client.post(
        "/v2/topics/999999999/messages",
        json={"message": {"content": "x"}},
        headers=forum_token(writable, user),
    )
    assert response.status_code == 404


def test_a_blank_message_is_422(writable: Network) -> None:
    author, _ = users(writable)
    topic = new_topic(writable, forum_token(writable, author))
    response = writable.client.post(
        f"/v2/topics/{topic['id']}/messages",
        json={"message": {"content": " "}},
        headers=forum_token(writable, author),
    )
    assert response.status_code == 422 and response.json() == {"content": ["can't be blank"]}


def test_only_the_author_or_a_moderator_edits_and_destroys_a_message(writable: Network) -> None:
    author, other = users(writable)
    topic = new_topic(writable, forum_token(writable, author))
    (first,) = messages_of(writable, topic["id"])
    path = f"/v2/messages/{first['id']}"
    body = {"message": {"content": "edited"}}
    assert writable.client.put(path, json=body, headers=forum_token(writable, other)).status_code == 403
    assert writable.client.delete(path, headers=forum_token(writable, other)).status_code == 403
    assert writable.client.put(path, json=body, headers=forum_token(writable, author)).status_code == 204
    assert writable.get(path).json()["content"] == "edited"
    moderator = auth(insert_token(writable, "staff", user_id=other, scopes="public"))  # Moderator app, GUESS
    assert (
        writable.client.put(path, json={"message": {"content": "moderated"}}, headers=moderator).status_code
        == 204
    )
    renamed = writable.client.put(
        f"/v2/topics/{topic['id']}", json={"topic": {"name": "renamed"}}, headers=forum_token(writable, other)
    )
    assert renamed.status_code == 403


def test_one_vote_per_user_and_message_and_my_votes_in_a_topic(writable: Network) -> None:
    """GUESS: a user votes once on a message (a second vote is ``has already been taken``);
    ``/v2/me/topics/:id/votes`` lists the token user's votes on that topic's messages."""
    author, voter = users(writable)
    topic = new_topic(writable, forum_token(writable, author))
    (first,) = messages_of(writable, topic["id"])
    headers = forum_token(writable, voter)
    vote = writable.client.post(
        "/v2/votes", json={"vote": {"message_id": first["id"], "kind": "upvote"}}, headers=headers
    )
    assert vote.status_code == 201, vote.text
    assert vote.json()["user"]["id"] == voter and vote.json()["kind"] == "upvote"
    again = writable.client.post(
        "/v2/votes", json={"vote": {"message_id": first["id"], "kind": "downvote"}}, headers=headers
    )
    assert again.status_code == 422 and again.json() == {"user_id": ["has already been taken"]}
    bad = writable.client.post(
        "/v2/votes", json={"vote": {"message_id": first["id"], "kind": "meh"}}, headers=headers
    )
    assert bad.status_code == 422 and bad.json() == {"kind": ["is not included in the list"]}
    assert messages_of(writable, topic["id"])[0]["votes_count"]["upvote"] == 1
    mine = writable.client.get(f"/v2/me/topics/{topic['id']}/votes", headers=headers)
    assert mine.status_code == 200 and [item["id"] for item in mine.json()] == [vote.json()["id"]]
    theirs = writable.client.get(f"/v2/me/topics/{topic['id']}/votes", headers=forum_token(writable, author))
    assert theirs.status_code == 200 and theirs.json() == []
    assert writable.client.get("/v2/me/topics/999999999/votes", headers=headers).status_code == 404
    assert writable.get(f"/v2/me/topics/{topic['id']}/votes").status_code == 403  # an app token has no "me"
    assert (
        writable.client.delete(
            f"/v2/votes/{vote.json()['id']}", headers=forum_token(writable, author)
        ).status_code
        == 403
    )
    assert writable.client.delete(f"/v2/votes/{vote.json()['id']}", headers=headers).status_code == 204
    # A destroyed message takes its votes with it (GUESS).
    writable.client.post(
        "/v2/votes", json={"vote": {"message_id": first["id"], "kind": "problem"}}, headers=headers
    )
    gone = writable.client.delete(f"/v2/messages/{first['id']}", headers=forum_token(writable, author))
    assert gone.status_code == 204, gone.text
    assert writable.sql("SELECT count(*) FROM votes WHERE message_id = :m", m=first["id"])[0][0] == 0


def test_topics_sort_by_write_at_and_search_by_name(writable: Network) -> None:
    author, replier = users(writable)
    word = uuid.uuid4().hex[:8]
    older = new_topic(writable, forum_token(writable, author), tag_ids=[])
    writable.client.put(f"/v2/topics/{older['id']}", json={"topic": {"name": f"older {word}"}},
                        headers=forum_token(writable, author))  # fmt: skip
    newer = new_topic(writable, forum_token(writable, author))
    writable.client.put(f"/v2/topics/{newer['id']}", json={"topic": {"name": f"newer {word}"}},
                        headers=forum_token(writable, author))  # fmt: skip
    found = writable.get("/v2/topics", **{"search[name]": word.upper(), "sort": "-write_at"})
    assert [item["id"] for item in found.json()] == [newer["id"], older["id"]]
    writable.client.post(f"/v2/topics/{older['id']}/messages", json={"message": {"content": "bump"}},
                         headers=forum_token(writable, replier))  # fmt: skip
    bumped = writable.get("/v2/topics", **{"search[name]": word, "sort": "-write_at"})
    assert [item["id"] for item in bumped.json()] == [older["id"], newer["id"]]


@pytest.mark.parametrize("params", [{"sort": "-nope"}, {"search[nope]": "x"}, {"filter[write_at]": "soon"}])
def test_bad_topic_query_parameters_are_refused(network: Network, params: dict[str, str]) -> None:
    response = network.get("/v2/topics", **params)
    assert response.status_code in (400, 422), response.text


def test_unread_topics_are_those_with_anothers_message_after_the_users_last(writable: Network) -> None:
    """GUESS (openintra keeps no visits): a topic is unread when someone else wrote in it after the
    token user's own last message there."""
    reader, writer = users(writable)
    theirs = new_topic(writable, forum_token(writable, writer))
    mine = new_topic(writable, forum_token(writable, reader))
    headers = forum_token(writable, reader)

    def unread() -> set[int]:
        response = writable.client.get(
            "/v2/topics/unread", params={"per_page": 100, "sort": "-id"}, headers=headers
        )
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()}

    assert theirs["id"] in unread() and mine["id"] not in unread()
    writable.client.post(f"/v2/topics/{mine['id']}/messages", json={"message": {"content": "hi"}},
                         headers=forum_token(writable, writer))  # fmt: skip
    assert mine["id"] in unread()
    writable.client.post(f"/v2/topics/{mine['id']}/messages", json={"message": {"content": "read it"}},
                         headers=headers)  # fmt: skip
    assert mine["id"] not in unread()
    assert writable.get("/v2/topics/unread").status_code == 403  # an app token has no user


def test_nested_topic_routes(writable: Network) -> None:
    author, _ = users(writable)
    tag = writable.sql("SELECT id FROM tags ORDER BY id DESC LIMIT 1")[0][0]
    cursus = writable.sql("SELECT id FROM cursus ORDER BY id DESC LIMIT 1")[0][0]
    topic = new_topic(writable, forum_token(writable, author), tag_ids=[tag], cursus_ids=[cursus])
    for path in (f"/v2/tags/{tag}/topics", f"/v2/cursus/{cursus}/topics", f"/v2/users/{author}/topics"):
        response = writable.get(path, per_page=100, sort="-id")
        assert response.status_code == 200, path
        assert topic["id"] in [item["id"] for item in response.json()], path
    assert writable.get("/v2/users/999999999/topics").status_code == 404
    listed = writable.get("/v2/messages", user_id=author, per_page=100)
    assert listed.status_code == 200 and all(item["author"]["id"] == author for item in listed.json())


def test_the_seed_writes_a_forum(network: Network) -> None:
    topics = network.get("/v2/topics", sort="-write_at")
    assert topics.status_code == 200 and int(topics.headers["X-Total"]) > 0
    first = topics.json()[0]
    assert network.get(f"/v2/topics/{first['id']}/messages").json()
