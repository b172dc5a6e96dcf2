"""Demo announcements and a private conversation, written through the real services."""

from __future__ import annotations

from groupapp.cohorts.membership_state import is_joined
from groupapp.cohorts.queries import cohort_page
from groupapp.demo import DemoContext
from groupapp.messaging import announcements, threads

WELCOME = announcements.AnnouncementText(
    "How our evenings run",
    "We start on time and close with a short check-out round. If you will miss a "
    "meeting, send apologies from the meeting page.\n\nThe reading list is at "
    "https://coda.org/",
    pinned=True,
)
ROOM = announcements.AnnouncementText(
    "Room change next week",
    "Next week we meet in Room 4 on the first floor; the lift is beside reception.",
)


def seed(ctx: DemoContext) -> None:
    """Two announcements in the first cohort, and one member's question with an answer."""
    made = ctx.extra.get("cohorts") or []
    if not made:
        return
    cohort = cohort_page(made[0].id)
    if cohort is None or not cohort.facilitator_links:
        return
    lead = cohort.facilitator_links[0].user
    announcements.post(cohort, lead, WELCOME)
    announcements.post(cohort, lead, ROOM)
    member = next((p for p in ctx.participants if is_joined(p, cohort)), None)
    if member is None:
        return
    first = threads.open_thread(
        cohort,
        member,
        member,
        "Arriving late on Tuesdays",
        "Work runs late on Tuesdays for the next month. Is it all right if I come in "
        "ten minutes after the start?",
    )
    thread = threads.load_thread(first.thread_id)
    if thread is not None:
        threads.write(
            thread,
            lead,
            "Of course. Come in quietly and join the round when you are settled. Thank "
            "you for letting us know.",
        )
