"""The facilitator digest names members whose observation or check-in moved that week."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from werkzeug.datastructures import MultiDict

from groupapp.core.timezones import to_utc
from groupapp.db import db
from groupapp.notifications.digest_data import facilitator_digest
from groupapp.notifications.scanning import run_scanner
from groupapp.observations.services import load_sheet, save_sheet
from groupapp.observations.sheet import read_form
from tests.notifications.conftest import add_meeting
from tests.observations.builders import ratings_form
from tests.support.smtp import body_text

# 8 am on a Monday on a London wall clock (to_utc gives it its zone).
MONDAY = to_utc(datetime(2026, 7, 6, 8), "Europe/London")  # noqa: DTZ001


def _rate(group, meeting, person, codependent: int, interdependent: int) -> None:  # type: ignore[no-untyped-def]
    sheet = load_sheet(meeting)
    typed = read_form(
        MultiDict(ratings_form(person.id, codependent, interdependent)), sheet.names()
    )
    save_sheet(sheet, typed, group.lead)
    db.session.commit()


def test_observations_that_moved_this_week_name_the_member(app, group, smtp_server) -> None:
    earlier = add_meeting(group.cohort, MONDAY - timedelta(days=17))
    this_week = add_meeting(group.cohort, MONDAY - timedelta(days=3))
    _rate(group, earlier, group.alice, 3, 1)
    _rate(group, earlier, group.bo, 1, 1)
    _rate(group, this_week, group.alice, 1, 1)  # codependent patterns seen 2 steps less
    _rate(group, this_week, group.bo, 1, 1)  # no move
    digest = facilitator_digest(group.cohort, MONDAY)
    assert digest.moved == [(group.alice.display_name, ["observation"])]

    # A move in an earlier week is not this week's news.
    assert facilitator_digest(group.cohort, MONDAY + timedelta(days=7)).moved == []

    with time_machine.travel(MONDAY, tick=False):
        run_scanner("scan_digests")
    mail = smtp_server.to(group.lead.email)[0]
    text = body_text(mail)
    assert "Moved this week, better or worse" in text
    assert f"{group.alice.display_name}: observation" in text
    assert group.bo.display_name not in text.split("Moved this week")[1].split("Open alerts")[0]
