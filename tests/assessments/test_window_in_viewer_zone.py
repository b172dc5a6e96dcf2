"""A check-in window is shown and enforced as one instant, named in the viewer's zone.

A participant in Pacific/Honolulu in a New York cohort: the baseline window closes at
the end of 17 December on the cohort's calendar, New York midnight, which is 7:00 pm
on 17 December in Honolulu. They are told exactly that, may answer until then, and
are refused after it.
"""

from __future__ import annotations

from datetime import date

import time_machine

from groupapp.assessments.schedules import ScheduleSettings
from groupapp.db import db
from tests.assessments.groups import make_group

CLOSES = "closes Thu 17 Dec 2026, 7:00 pm HST (Pacific/Honolulu)"


def _honolulu_member_in_new_york(factories):  # type: ignore[no-untyped-def]
    group = make_group(
        factories,
        joined_on=date(2026, 12, 12),  # baseline open 12-17 December (five days after)
        settings=ScheduleSettings(at_end=False),
    )
    group.cohort.timezone = "America/New_York"
    group.member.timezone = "Pacific/Honolulu"
    db.session.commit()
    return group


def test_the_closing_moment_is_shown_in_the_viewers_zone(client, factories, login):  # type: ignore[no-untyped-def]
    group = _honolulu_member_in_new_york(factories)
    url = f"/assessments/check-ins/{group.schedule.id}/baseline"
    # 6:30 pm on 17 December in Honolulu (04:30 UTC on the 18th): still open.
    with time_machine.travel("2026-12-18 04:30Z", tick=False):
        login(group.member)
        listing = client.get("/assessments/check-ins").get_data(as_text=True)
        assert CLOSES in listing
        assert "open until" not in listing
        answer = client.get(url)
        assert answer.status_code == 200
        assert CLOSES in answer.get_data(as_text=True)
        assert CLOSES in client.get("/my/meetings").get_data(as_text=True)


def test_the_window_is_enforced_at_exactly_that_moment(client, factories, login):  # type: ignore[no-untyped-def]
    group = _honolulu_member_in_new_york(factories)
    url = f"/assessments/check-ins/{group.schedule.id}/baseline"
    with time_machine.travel("2026-12-18 04:59:59Z", tick=False):  # 6:59:59 pm in Honolulu
        login(group.member)
        assert client.get(url).status_code == 200
    with time_machine.travel("2026-12-18 05:00Z", tick=False):  # 7:00 pm: closed
        assert client.get(url).status_code == 302


def test_at_half_past_seven_in_honolulu_the_window_has_closed(client, factories, login):  # type: ignore[no-untyped-def]
    group = _honolulu_member_in_new_york(factories)
    url = f"/assessments/check-ins/{group.schedule.id}/baseline"
    with time_machine.travel("2026-12-18 05:30Z", tick=False):  # 7:30 pm on 17 December
        login(group.member)
        refused = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "This check-in is not open for you now." in refused
        assert "Nothing is due right now." in refused
