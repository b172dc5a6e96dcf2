"""The check-in scan offers each current notice once: later passes read and write nothing
for the people already offered it, and still reach someone who joins meanwhile.

The notice current for a person depends on their own clock (each goes out at 9 am there),
so passes are checked across zones and clock changes against the per-person rule.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from groupapp.accounts.models import User
from groupapp.cohorts.models import Membership
from groupapp.core.outbox import OutboxMessage
from groupapp.core.timezones import start_of_day, to_utc
from groupapp.db import db
from groupapp.notifications.scanners.checkins import (
    CLOSING_KIND,
    OPEN_KIND,
    notice_moments,
    scan_checkins,
)
from groupapp.notifications.scanners.common import person, row, window
from tests.assessments.groups import make_group
from tests.assessments.scored import answer_open
from tests.assessments.test_checkin_flow import all_items
from tests.notifications.conftest import rows
from tests.notifications.test_local_times import zones

KINDS = (OPEN_KIND, CLOSING_KIND)
# Week 4 of a cohort starting 5 January: due 2 February, open from 31 January (two days
# before) to the end of 7 February; the "open" notice goes at 9 am.
WEEK_4_OPEN = datetime(2026, 1, 31, 10, 0, tzinfo=UTC)


def offered(recipients: set[int] | None = None) -> set[tuple[str, int, str]]:
    """(kind, recipient, occurrence) of every check-in notice in the outbox."""
    found = set()
    for message in rows():
        if message.kind in KINDS and (recipients is None or message.recipient_id in recipients):
            found.add((message.kind, message.recipient_id, message.dedupe_key.split(":", 2)[2]))
    return found


def test_a_second_pass_offers_nothing_in_a_fixed_number_of_statements(
    app, factories, count_queries
):
    passes = []
    for added in (1, 2):  # one group, then three
        for _ in range(added):
            make_group(factories)
        first = scan_checkins(WEEK_4_OPEN)
        db.session.commit()
        with count_queries() as statements:
            second = scan_checkins(WEEK_4_OPEN)
        db.session.commit()
        passes.append((first, second, len(statements)))
    (small_first, small_second, small_count), (big_first, big_second, big_count) = passes
    assert small_first == 2  # the two members of the first group
    assert big_first == 4  # the two groups added since; the first group's were offered
    assert small_second == big_second == 0
    assert small_count == big_count <= 6
    assert len(offered()) == 6


def test_someone_who_joins_while_a_notice_is_current_still_gets_it(app, factories):
    group = make_group(factories)
    assert scan_checkins(WEEK_4_OPEN) == 2
    db.session.commit()
    newcomer = factories.user("participant", group.org)
    joined = WEEK_4_OPEN.date()
    db.session.add(
        Membership(cohort=group.cohort, user=newcomer, status="active", joined_on=joined)
    )
    db.session.commit()
    scan_checkins(WEEK_4_OPEN + timedelta(hours=1))
    db.session.commit()
    key = f"{group.schedule.id}:week-4"
    assert offered() == {
        (OPEN_KIND, group.member.id, key),
        (OPEN_KIND, group.other_member.id, key),
        (OPEN_KIND, newcomer.id, key),
        # Joining today opens the newcomer's own first check-in too.
        (OPEN_KIND, newcomer.id, f"{group.schedule.id}:baseline"),
    }


def test_an_answered_occurrence_and_a_member_who_left_are_left_out(app, factories):
    group = make_group(factories)
    with time_machine.travel(datetime(2026, 2, 1, 12, 0, tzinfo=UTC), tick=False):
        answer_open(group.member, all_items(0), key="week-4")  # inside its window
    left = db.session.scalar(
        sa.select(Membership).where(Membership.user_id == group.other_member.id)
    )
    left.status = "exited"
    third = factories.user("participant", group.org)
    db.session.add(
        Membership(cohort=group.cohort, user=third, status="active", joined_on=date(2026, 1, 5))
    )
    db.session.commit()
    scan_checkins(WEEK_4_OPEN + timedelta(days=1))
    db.session.commit()
    assert offered() == {(OPEN_KIND, third.id, f"{group.schedule.id}:week-4")}


# Clock changes inside or near a window: Santiago and Sydney (southern spring and
# autumn), New York and London (northern spring and autumn), Lord Howe's half hour.
days = st.dates(min_value=date(2026, 1, 13), max_value=date(2026, 12, 20))


@pytest.fixture
def baseline_group(factories):  # type: ignore[no-untyped-def]
    """Two members of a cohort whose meetings ended on 12 January: joining after that,
    a member has only the baseline check-in, due on the day they join."""
    return make_group(factories, weeks=2)


@settings(
    max_examples=40,
    deadline=None,
    # One group per test; each example sets its zones and dates and clears its rows.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cohort_zone=zones,
    member_zones=st.tuples(zones, zones),
    joined_on=days,
    passes=st.lists(st.integers(min_value=0, max_value=10 * 24 * 60), min_size=1, max_size=5),
)
@example(
    cohort_zone="America/Santiago",
    member_zones=("Asia/Kolkata", "America/Santiago"),
    joined_on=date(2026, 9, 4),
    passes=[2 * 24 * 60 + 13 * 60, 2 * 24 * 60 + 14 * 60, 3 * 24 * 60 + 15 * 60],
)
@example(
    cohort_zone="Europe/London",
    member_zones=("Australia/Lord_Howe", "America/New_York"),
    joined_on=date(2026, 3, 27),
    passes=[24 * 60 + 9 * 60, 6 * 24 * 60, 6 * 24 * 60 + 60],
)
def test_passes_offer_each_persons_current_notice_once_in_any_zone(
    app, baseline_group, cohort_zone, member_zones, joined_on, passes
):
    group = baseline_group
    members = (group.member, group.other_member)
    group.cohort.timezone = cohort_zone
    for member, zone in zip(members, member_zones, strict=True):
        member.timezone = zone
    db.session.execute(
        sa.update(Membership)
        .where(Membership.cohort_id == group.cohort.id)
        .values(joined_on=joined_on)
    )
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.kind.in_(KINDS)))
    db.session.commit()
    # The baseline window: from the start of the joining day to the end of the fifth day
    # after, on the cohort's clock (joined after the cohort's last meeting: nothing else).
    opens = to_utc(datetime.combine(joined_on, time()), cohort_zone)
    closes = to_utc(datetime.combine(joined_on + timedelta(days=6), time()), cohort_zone)
    key = f"{group.schedule.id}:baseline"
    expected = set()
    for minutes in sorted(passes):
        now = opens - timedelta(days=2) + timedelta(minutes=minutes)
        scan_checkins(now)
        db.session.commit()
        assert scan_checkins(now) == 0  # everyone owed something was offered it
        db.session.commit()
        for member in members:
            current = window(notice_moments(opens, closes, member.timezone), closes, now)
            if current is not None:
                expected.add((KINDS[current[0]], member.id, key))
    assert offered({m.id for m in members}) == expected


def test_the_rows_hold_what_the_notice_email_reads(app, factories):
    """Written with ``INSERT ... SELECT``: each column as ``row`` builds it, the window's
    closing instant in the params and the notice's end as the expiry."""
    group = make_group(factories)
    with time_machine.travel(WEEK_4_OPEN, tick=False):
        assert scan_checkins(WEEK_4_OPEN) == 2
    db.session.commit()
    zone = group.cohort.timezone
    opens = start_of_day(date(2026, 1, 31), zone)
    closes = start_of_day(date(2026, 2, 8), zone)
    params = {"schedule_id": group.schedule.id, "key": "week-4", "closes_at": closes.isoformat()}
    stored = [message for message in rows() if message.kind in KINDS]
    assert len(stored) == 2
    for message in stored:
        user = db.session.get(User, message.recipient_id)
        moments = notice_moments(opens, closes, user.timezone)
        key = f"{group.schedule.id}:week-4"
        expected = row(OPEN_KIND, person(user), key, params, expires_at=moments[1])
        for column, value in expected.items():
            assert getattr(message, column) == value, column
        assert (message.status, message.attempts) == ("queued", 0)
        assert message.send_after == message.created_at == WEEK_4_OPEN
