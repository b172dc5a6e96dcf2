"""A participant's homework is part of their data export; erasure removes their words."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from groupapp.core.personal_data import erase_user, export_user
from groupapp.db import db
from groupapp.homework.models import Feedback, Submission
from groupapp.homework.review import comment
from groupapp.homework.services import Due, save_draft, submit
from tests.homework.support import THOUGHT_RECORD


def test_export_holds_answers_drafts_and_feedback(hw):  # type: ignore[no-untyped-def]
    handed = hw.submission(hw.give(due=Due()), hw.alice)
    submit(handed, MultiDict(THOUGHT_RECORD))
    comment(handed, hw.facilitator, "Well noticed.")
    drafted = hw.submission(hw.give("saying-no-log", due=Due()), hw.alice)
    save_draft(drafted, MultiDict({"times-0-request": "half a thought"}))
    db.session.commit()

    exported = export_user(hw.alice)["homework"]
    assert [item["assignment"] for item in exported] == ["Thought record", "Saying-no practice log"]
    assert exported[0]["answers"]["automatic_thought"] == THOUGHT_RECORD["automatic_thought"]
    assert exported[0]["feedback"][0]["text"] == "Well noticed."
    assert exported[0]["feedback"][0]["from"] == hw.facilitator.display_name
    assert exported[1]["draft"]["times"][0]["request"] == "half a thought"
    assert export_user(hw.bob)["homework"][0]["status"] == "to_do"


def test_erase_removes_the_participants_words_only(hw):  # type: ignore[no-untyped-def]
    assignment = hw.give(due=Due())
    mine, theirs = hw.submission(assignment, hw.alice), hw.submission(assignment, hw.bob)
    submit(mine, MultiDict(THOUGHT_RECORD))
    comment(mine, hw.facilitator, "Thanks")
    db.session.commit()
    mine_id, theirs_id, status_before = mine.id, theirs.id, mine.status

    erase_user(hw.alice)
    db.session.commit()
    db.session.expire_all()
    erased = db.session.get(Submission, mine_id)
    assert erased.answers == {}
    assert erased.draft is None
    assert erased.status == status_before  # the cohort's completion counts stay the same
    assert db.session.scalar(db.select(Feedback)) is None
    assert db.session.get(Submission, theirs_id) is not None
    assert THOUGHT_RECORD["balanced_thought"] not in str(export_user(hw.alice)["homework"])
