"""The worker renders each message in its recipient's language: in one batch, a
Spanish-reading member gets Spanish and the others English."""

from __future__ import annotations

import pytest

from groupapp.core import outbox
from groupapp.db import db
from groupapp.notifications.scanning import run_scanner
from tests.intake.test_reminder import group_with_one_intake, reminder_rows
from tests.support.factories import Factories
from tests.worker.conftest import wait_until

pytestmark = pytest.mark.worker


def test_the_worker_writes_to_each_member_in_their_language(stack) -> None:  # type: ignore[no-untyped-def]
    app = stack.app()
    stack.worker("--concurrency=2", "--pool=prefork")
    with app.app_context():
        world, _first = group_with_one_intake(Factories())
        spanish = world.members[1]
        spanish.locale = "es"
        db.session.commit()
        spanish_email = spanish.email
        run_scanner("scan_intake", hand_over=False)
        rows = reminder_rows()
        assert spanish.id in {row.recipient_id for row in rows}
        assert len(rows) > 1  # someone else in the same batch reads English
        outbox.hand_over_many([row.id for row in rows])
        assert wait_until(lambda: {r.status for r in reminder_rows()} == {"sent"})
    by_language = {"es": [], "en": []}
    for message in stack.smtp.messages:
        by_language["es" if spanish_email in str(message["To"]) else "en"].append(message)
    assert [str(m["Subject"]) for m in by_language["es"]] == [
        "Recordatorio: unas preguntas antes de su primera reunión"
    ]
    assert by_language["en"]
    assert all("first meeting" in str(m["Subject"]) for m in by_language["en"])
