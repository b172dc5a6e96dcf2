"""API: announcements of a cohort and private message threads, with the pages' rules."""

from __future__ import annotations

from groupapp.db import db
from groupapp.messaging import threads
from tests.messaging.support import announce, open_thread
from tests.trust.audit import assert_audited, audit_rows

PRIVATE = "The last meeting brought a lot up for me."


def _people(factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    lead = factories.user("facilitator", org=org)
    member = factories.user("participant", org=org)
    other = factories.user("participant", org=org)
    cohort = factories.cohort(org, [lead], [member, other])
    return cohort, lead, member, other


def test_announcements_posted_and_listed(factories, api_as):
    cohort, lead, member, _other = _people(factories)
    created = api_as(lead).post(
        f"/cohorts/{cohort.id}/announcements",
        json={"subject": "Snow day", "body": "No meeting\non Tuesday.", "pinned": True},
    )
    assert created.status_code == 201
    assert created.json["text_in_email"] is False
    withdrawn = announce(cohort, lead, "Old news")
    from groupapp.messaging import announcements

    announcements.withdraw(withdrawn, lead)
    db.session.commit()
    listed = api_as(member).get(f"/cohorts/{cohort.id}/announcements").json
    assert [item["subject"] for item in listed["items"]] == ["Snow day"]
    assert listed["items"][0]["body"] == "No meeting\non Tuesday."
    staff_view = api_as(lead).get(f"/cohorts/{cohort.id}/announcements").json
    assert {item["subject"] for item in staff_view["items"]} == {"Snow day", "Old news"}


def test_an_empty_announcement_is_a_problem_naming_the_field(factories, api_as):
    cohort, lead, _member, _other = _people(factories)
    response = api_as(lead).post(
        f"/cohorts/{cohort.id}/announcements", json={"subject": "  ", "body": "Text"}
    )
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "subject" in response.get_data(as_text=True)


def test_a_thread_from_open_to_close(factories, api_as):
    cohort, lead, member, other = _people(factories)
    opened = api_as(member).post(
        "/message-threads",
        json={"cohort_id": cohort.id, "subject": "Hard week", "body": PRIVATE},
    )
    assert opened.status_code == 201
    thread_id = opened.json["id"]
    assert opened.json["participant_id"] == member.id

    rows = api_as(lead).get("/message-threads").json["items"]
    assert [(row["id"], row["unread"]) for row in rows] == [(thread_id, True)]
    assert audit_rows("messages.thread.read") == []
    read = api_as(lead).get(f"/message-threads/{thread_id}").json
    assert [m["body"] for m in read["messages"]] == [PRIVATE]
    assert_audited("messages.thread.read", actor=lead, subject=member)
    assert api_as(lead).get("/message-threads").json["items"][0]["unread"] is False

    answer = api_as(lead).post(f"/message-threads/{thread_id}/messages", json={"body": "Thanks."})
    assert answer.status_code == 201
    assert threads.unread_count(member) == 1
    assert api_as(other).get(f"/message-threads/{thread_id}").status_code == 404
    assert api_as(member).post(f"/message-threads/{thread_id}/close").status_code == 403

    closed = api_as(lead).post(f"/message-threads/{thread_id}/close")
    assert closed.status_code == 200
    assert closed.json["closed_at"]
    refused = api_as(member).post(f"/message-threads/{thread_id}/messages", json={"body": "Hi"})
    assert refused.status_code == 422
    assert "closed" in refused.json["detail"]


def test_staff_name_a_joined_member(factories, api_as):
    cohort, lead, member, _other = _people(factories)
    outsider = factories.user("participant", org=cohort.organisation)
    base = {"cohort_id": cohort.id, "subject": "Checking in", "body": "How are you?"}
    missing = api_as(lead).post("/message-threads", json=base)
    assert missing.status_code == 422
    stranger = api_as(lead).post("/message-threads", json=base | {"participant_id": outsider.id})
    assert stranger.status_code == 422
    made = api_as(lead).post("/message-threads", json=base | {"participant_id": member.id})
    assert made.status_code == 201
    assert made.json["participant_id"] == member.id


def test_calls_run_a_fixed_number_of_statements(factories, api_as, count_queries):
    results = []
    for size in (1, 4):
        cohort, lead, member, _other = _people(factories)
        thread = None
        for n in range(size):
            announce(cohort, lead, f"Notice {n}")
            thread = open_thread(cohort, member)
            threads.write(thread, lead, "An answer")
        db.session.commit()
        counts = []
        for person in (member, lead):
            api = api_as(person)
            for path in (
                f"/cohorts/{cohort.id}/announcements",
                "/message-threads",
                f"/message-threads/{thread.id}",  # type: ignore[union-attr]
            ):
                api.get(path)
                with count_queries() as statements:
                    assert api.get(path).status_code == 200
                counts.append(len(statements))
        results.append(counts)
    assert results[0] == results[1]
