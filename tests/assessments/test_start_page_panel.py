"""An open check-in is offered on the participant's start page until it is submitted."""

from __future__ import annotations

import time_machine

from tests.assessments.groups import DURING_BASELINE, make_group
from tests.assessments.test_checkin_flow import ANSWER_URL, all_items, phq9_form


@time_machine.travel(DURING_BASELINE, tick=False)
def test_start_page_offers_the_open_check_in(client, factories, login, csrf):
    group = make_group(factories)
    login(group.member)
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Check-ins due" in page
    assert "Start PHQ-9" in page

    url = ANSWER_URL.format(group.schedule.id)
    assert client.post(url, data=phq9_form(csrf(url), "submit", **all_items(0))).status_code == 302
    assert "Check-ins due" not in client.get("/my/meetings").get_data(as_text=True)


def test_staff_start_page_has_no_participant_panels(client, factories, login):
    group = make_group(factories)
    login(group.lead)
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Check-ins due" not in page
    assert "Homework to do" not in page
