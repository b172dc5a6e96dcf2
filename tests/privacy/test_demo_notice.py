"""The demo organisation's privacy notice names every kind of data the app keeps."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.db import db
from groupapp.privacy.models import PrivacyNotice
from tests.support.demo import seed_demo


def test_the_demo_notice_names_intake_notes_ratings_goals_feedback_and_support(app) -> None:
    seed_demo()
    notice = db.session.scalar(sa.select(PrivacyNotice))
    assert notice is not None
    text = " ".join(notice.body.split())
    for kind in (
        "intake form",
        "private note and an observation rating",
        "personal goals",
        "feedback after each meeting",
        "support person",
    ):
        assert kind in text, kind
