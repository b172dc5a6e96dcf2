"""Unfinished homework is listed on the participant's start page."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from groupapp.db import db
from groupapp.homework.services import Due, submit
from tests.homework.support import THOUGHT_RECORD


def test_start_page_lists_homework_until_it_is_handed_in(hw, client, login):  # type: ignore[no-untyped-def]
    assignment = hw.give("thought-record", due=Due())
    login(hw.alice)
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Homework to do" in page
    assert assignment.title in page

    submit(hw.submission(assignment, hw.alice), MultiDict(THOUGHT_RECORD))
    db.session.commit()
    assert "Homework to do" not in client.get("/my/meetings").get_data(as_text=True)


def test_start_page_query_count_does_not_grow_with_homework(hw, client, login, count_queries):  # type: ignore[no-untyped-def]
    login(hw.alice)
    sizes = []
    for slugs in (
        ["thought-record"],
        ["saying-no-log", "dear-man-planner", "self-esteem-self-care-log"],
    ):
        for slug in slugs:
            hw.give(slug)
        with count_queries() as statements:
            assert client.get("/my/meetings").status_code == 200
        sizes.append(len(statements))
    assert sizes[0] == sizes[1]
