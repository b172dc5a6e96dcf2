"""The cohort page's attendance grid: each mark, its comment escaped, links to each meeting."""

from __future__ import annotations

import re

from flask import url_for

from groupapp.core.template_helpers import link_for
from groupapp.db import db
from groupapp.meetings.models import Attendance
from tests.cohorts.builders import enrol, make_cohort, shift_to_past


def test_the_grid_shows_each_mark_and_escapes_comments(client, factories, login):  # type: ignore[no-untyped-def]
    world = make_cohort(factories, weeks=3)
    first, second = enrol(world, factories, 2)
    shift_to_past(world, 2)
    meetings = world.meetings()
    db.session.add_all(
        [
            Attendance(meeting_id=meetings[0].id, user_id=first.id, status="present"),
            Attendance(
                meeting_id=meetings[1].id,
                user_id=first.id,
                status="excused",
                comment='<script>alert(1)</script> "ill"',
            ),
            Attendance(meeting_id=meetings[0].id, user_id=second.id, status="late"),
        ]
    )
    db.session.commit()
    login(world.facilitator)
    page = client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    grid = page[page.index("attendance-grid") : page.index("</table>")]
    assert "<script>" not in grid
    assert (
        '<abbr title="Excused: &lt;script&gt;alert(1)&lt;/script&gt; &#34;ill&#34;">E</abbr>'
        in grid
    )
    rows = re.findall(r"<tr>.*?</tr>", grid, re.S)[1:]
    marks = [re.findall(r'class="mark mark-(\w+)"', row) for row in rows]
    by_name = dict(
        zip(sorted([first.display_name, second.display_name], key=str.lower), marks, strict=True)
    )
    assert by_name[first.display_name] == ["present", "excused", "none"]
    assert by_name[second.display_name] == ["late", "none", "none"]
    for meeting in meetings:
        assert f'href="/meetings/{meeting.id}/attendance"' in grid


def test_links_built_once_match_url_for(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        roster = link_for("meetings.roster", "meeting_id")
        member = link_for("cohorts.member", "membership_id", cohort_id=2147483647)
        for item_id in (1, 42, 2147483647):
            assert roster(item_id) == url_for("meetings.roster", meeting_id=item_id)
            # The fixed value holds the placeholder too: each link is built in full.
            assert member(item_id) == url_for(
                "cohorts.member", cohort_id=2147483647, membership_id=item_id
            )
