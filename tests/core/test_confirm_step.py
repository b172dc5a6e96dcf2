"""Actions that cannot be undone ask first, on a page of their own when no script runs."""

from __future__ import annotations

import re

import pytest

from groupapp.cohorts.models import Membership
from groupapp.db import db
from tests.trust.forms import target_for
from tests.trust.tables import load_tables

TABLE, _ = load_tables()
ASKS_FIRST = [
    "api_pages.revoke_token",
    "assessments.delete_schedule_view",
    "cohorts.leave",
    "cohorts.remove_member",
    "meetings.reset_feed",
    "programs.archive",
    "programs.delete_topic",
]
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@pytest.mark.parametrize("endpoint", ASKS_FIRST)
def test_the_first_post_asks_and_the_answer_goes_ahead(app, factories, endpoint):
    target = target_for(app, factories, TABLE, endpoint)
    asked = target.client.post(target.url, data={"csrf_token": target.token, "note": "kept"})
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    form = page[page.index('<form method="post" action="' + target.url + '"') :]
    form = form[: form.index("</form>")]
    carried = dict(_HIDDEN.findall(form))
    # The same fields go back to the same address with the answer and a fresh token.
    assert carried["confirmed"] == "yes"
    assert carried["note"] == "kept"
    assert carried["csrf_token"]
    assert "No, go back" in form
    assert 'class="button danger"' in form

    done = target.client.post(target.url, data=carried)
    assert done.status_code == 302
    assert "confirm-step" not in target.client.get(done.headers["Location"]).get_data(as_text=True)


def test_asking_changes_nothing_and_names_the_person(app, factories):
    target = target_for(app, factories, TABLE, "cohorts.remove_member")
    membership = db.session.get(Membership, target.values["membership_id"])
    assert membership is not None
    before = membership.status
    page = target.client.post(target.url, data={"csrf_token": target.token})
    assert f"Remove {membership.user.display_name} from" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).status == before  # type: ignore[union-attr]

    target.client.post(target.url, data={"csrf_token": target.token, "confirmed": "yes"})
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).status == "removed"  # type: ignore[union-attr]
