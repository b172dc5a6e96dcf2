"""Announcement and message pages run the same number of SQL statements at any size."""

from __future__ import annotations

from groupapp.db import db
from groupapp.messaging import threads
from tests.messaging.support import announce, open_thread, sign_out


def _world(factories, size: int):  # type: ignore[no-untyped-def]
    """A cohort with ``size`` members, each with a thread of ``size`` messages each way,
    and ``size`` announcements (one pinned)."""
    org = factories.org()
    lead = factories.user("facilitator", org=org)
    members = [factories.user("participant", org=org) for _ in range(size)]
    cohort = factories.cohort(org, [lead], members)
    for n in range(size):
        announce(cohort, lead, f"Notice {n}", pinned=n == 0)
    thread = None
    for member in members:
        thread = open_thread(cohort, member)
        for n in range(size):
            threads.write(thread, lead, f"Answer {n}")
            threads.write(thread, member, f"Reply {n}")
    db.session.commit()
    return cohort, lead, members[-1], thread


def _count(client, count_queries, path: str) -> int:  # type: ignore[no-untyped-def]
    client.get(path)  # first-use rows (read marks) are written here
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def test_pages_run_a_fixed_number_of_statements(client, factories, login, csrf, count_queries):
    results = []
    for size in (2, 6):
        cohort, lead, member, thread = _world(factories, size)
        counts = []
        login(member)
        for path in ("/my/meetings", "/messages", f"/messages/{thread.id}"):
            counts.append(_count(client, count_queries, path))
        counts.append(_count(client, count_queries, f"/cohorts/{cohort.id}/announcements"))
        sign_out(client, csrf)
        login(lead)
        for path in ("/messages/staff", f"/messages/{thread.id}"):
            counts.append(_count(client, count_queries, path))
        counts.append(_count(client, count_queries, f"/cohorts/{cohort.id}/announcements"))
        sign_out(client, csrf)
        results.append(counts)
    assert results[0] == results[1]
