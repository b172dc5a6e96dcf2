"""The demo shows announcements and a private conversation with an answer."""

from __future__ import annotations

from groupapp.messaging import threads
from tests.support.demo import seed_demo


def test_the_demo_has_announcements_and_an_answered_message(app, client, login):
    ctx = seed_demo()
    cohort = ctx.extra["cohorts"][0]
    member = next(p for p in ctx.participants if any(m.user_id == p.id for m in cohort.memberships))
    assert threads.unread_count(member) == 1
    login(member, "together-we-grow-2026")
    start = client.get("/my/meetings").get_data(as_text=True)
    assert "How our evenings run" in start
    inbox = client.get("/messages").get_data(as_text=True)
    assert "Arriving late on Tuesdays" in inbox
