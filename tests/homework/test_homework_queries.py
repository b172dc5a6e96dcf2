"""Every homework list page runs the same number of SQL statements however much data there is."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from groupapp.db import db
from groupapp.homework.review import comment, mark_reviewed
from groupapp.homework.services import Due, save_draft, set_sharing, submit
from tests.cohorts.builders import enrol
from tests.homework.support import THOUGHT_RECORD, Homework, logout


def _grow(hw: Homework, members: int, assignments: int) -> None:
    """Add members and assignments, with submissions in several statuses."""
    enrol(hw.world, hw.factories, members)
    people = [hw.alice, hw.bob, *hw.world.members[2:]]
    for n in range(assignments):
        assignment = hw.give(due=Due(meeting_number=2 + n % 3), later=n % 2 == 0)
        for i, person in enumerate(people):
            sub = hw.submission(assignment, person)
            if i % 3 == 0:
                save_draft(sub, MultiDict({"situation": "a start"}))
            elif i % 3 == 1:
                submit(sub, MultiDict(THOUGHT_RECORD))
                set_sharing(sub, True, person.display_name)
                comment(sub, hw.facilitator, "Thank you")
                if n % 2:
                    mark_reviewed(sub, hw.facilitator)
    db.session.commit()


def _counts(hw: Homework, client, login, count_queries) -> dict[str, int]:  # type: ignore[no-untyped-def]
    result = {}
    pages = {
        hw.alice: ["/homework/", f"/homework/cohorts/{hw.cohort.id}/shared"],
        hw.facilitator: [
            "/homework/review",
            f"/homework/cohorts/{hw.cohort.id}/grid",
            "/homework/templates",
        ],
    }
    for user, paths in pages.items():
        login(user)
        for path in paths:
            client.get(path)  # first visit may give later joiners their homework
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            result[path] = len(statements)
        logout(client)
    return result


def test_list_pages_cost_the_same_for_small_and_large_cohorts(hw, client, login, count_queries):  # type: ignore[no-untyped-def]
    _grow(hw, members=0, assignments=1)
    small = _counts(hw, client, login, count_queries)
    _grow(hw, members=6, assignments=4)
    large = _counts(hw, client, login, count_queries)
    assert small == large
    assert max(large.values()) <= 13  # the grid reads the last nudge of each homework too
