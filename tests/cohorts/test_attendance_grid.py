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


def _headings(client, cohort_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    grid = page[page.index("attendance-grid") : page.index("</thead>")]
    return re.findall(r'/attendance" title="[^"]*">([^<]+)</a>', grid)


def test_the_grid_headings_name_the_year_only_when_meetings_span_years(client, factories, login):  # type: ignore[no-untyped-def]
    world = make_cohort(factories, weeks=2)
    enrol(world, factories, 1)
    meetings = world.meetings()
    meetings[1].starts_at = meetings[0].starts_at.replace(month=6, day=10)
    meetings[0].starts_at = meetings[1].starts_at.replace(month=3, day=3)
    db.session.commit()
    login(world.facilitator)
    headings = _headings(client, world.cohort.id)
    assert headings == ["3 Mar", "10 Jun"]
    meetings[0].starts_at = meetings[0].starts_at.replace(year=meetings[1].starts_at.year - 1)
    db.session.commit()
    year = meetings[1].starts_at.year
    assert _headings(client, world.cohort.id) == [f"3 Mar {year - 1}", f"10 Jun {year}"]
