"""A support person: invited by email, shown only what the participant chooses, every read
logged for the participant, revoked at once, in the export and erased with them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from groupapp.accounts import services as accounts
from groupapp.accounts.models import Invitation
from groupapp.audit.models import AuditEvent
from groupapp.core.outbox import OutboxMessage
from groupapp.core.personal_data import erase_user, export_user
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from groupapp.support import services
from groupapp.support.models import SupportLink
from tests.cohorts.web import post
from tests.homework.access_table import _handed_in
from tests.trust.matrix import sign_in
from tests.trust.world import build_world


def _meeting(world, topic: str = "Saying no") -> Meeting:  # type: ignore[no-untyped-def]
    start = utcnow() + timedelta(days=2)
    meeting = Meeting(
        cohort_id=world.cohort.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        local_start=start.strftime("%Y-%m-%dT%H:%M"),
        topic=topic,
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


def _invited_and_accepted(world, email: str = "friend@example.org"):  # type: ignore[no-untyped-def]
    link = services.invite_support_person(world.same_cohort_participant, email)
    db.session.commit()
    invitation = db.session.get(Invitation, link.invitation_id)
    supporter = accounts.accept_invitation(invitation, "Robin", "a long pass phrase 2026", "UTC")
    db.session.commit()
    return link, supporter


def test_invited_support_person_sees_only_the_schedule_and_is_logged(
    app, client, factories
) -> None:  # type: ignore[no-untyped-def]
    world = build_world(factories)
    _meeting(world)
    link, supporter = _invited_and_accepted(world)
    assert supporter.role == "supporter"
    assert link.supporter_id == supporter.id
    invitation_mail = db.session.scalar(
        sa.select(OutboxMessage)
        .where(OutboxMessage.kind == "invitation")
        .order_by(OutboxMessage.id.desc())
    )
    assert invitation_mail.recipient_email == "friend@example.org"

    sign_in(client, supporter)
    page = client.get("/support").get_data(as_text=True)
    assert "Saying no" in page
    assert world.same_cohort_participant.display_name in page
    assert "Homework they shared" not in page  # off until chosen
    for path in (
        "/my/meetings",
        "/cohorts",
        "/home",
        "/my/reminders",
        "/calendar",
        f"/meetings/{world.cohort.id}",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/").headers["Location"].endswith("/support")

    (entry,) = services.view_log(world.same_cohort_participant.id)
    assert entry.what == "schedule"
    audited = db.session.scalar(
        sa.select(sa.func.count()).where(
            AuditEvent.action == "support.view.schedule",
            AuditEvent.subject_user_id == world.same_cohort_participant.id,
        )
    )
    assert audited == 1


def test_shared_homework_only_when_chosen_and_handed_in(app, client, factories) -> None:  # type: ignore[no-untyped-def]
    world = build_world(factories)
    link = db.session.scalar(
        sa.select(SupportLink).where(SupportLink.participant_id == world.owner.id)
    )
    mine = _handed_in(world)["submission_id"]
    others = _handed_in_by(world)
    with pytest.raises(services.SupportRefused, match="handed in"):
        services.choose(link, schedule=True, submission_ids=[others])
    db.session.rollback()
    services.choose(link, schedule=False, submission_ids=[mine])
    db.session.commit()
    sign_in(client, world.support_person)
    page = client.get("/support").get_data(as_text=True)
    assert f"/support/{link.id}/homework/{mine}" in page
    assert client.get(f"/support/{link.id}/homework/{mine}").status_code == 200
    assert client.get(f"/support/{link.id}/homework/{others}").status_code == 404
    whats = [v.what for v in services.view_log(world.owner.id)]
    assert whats == ["homework_item", "homework"]


def _handed_in_by(world) -> int:  # type: ignore[no-untyped-def]
    from groupapp.homework.models import HANDED_IN, Submission

    db.session.execute(
        sa.update(Submission)
        .where(Submission.user_id == world.same_cohort_participant.id)
        .values(status=HANDED_IN[0], submitted_at=utcnow())
    )
    db.session.commit()
    return db.session.scalar(
        sa.select(Submission.id).where(Submission.user_id == world.same_cohort_participant.id)
    )


def test_revoking_ends_sessions_and_tokens_at_once(app, client, factories, login) -> None:  # type: ignore[no-untyped-def]
    from groupapp.api import tokens

    world = build_world(factories)
    link, supporter = _invited_and_accepted(world)
    secret = tokens.issue(supporter, "phone").secret
    db.session.commit()
    sign_in(client, supporter)
    assert client.get("/support").status_code == 200
    api = client.get("/api/v1/supporting", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200

    services.revoke(link)
    db.session.commit()
    assert "/login" in client.get("/support").headers["Location"]
    api = client.get("/api/v1/supporting", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401
    assert services.links_supported_by(supporter.id) == []


def test_the_participant_invites_chooses_and_revokes_on_their_page(
    client, factories, login
) -> None:  # type: ignore[no-untyped-def]
    participant = factories.user("participant")
    login(participant)
    own = post(client, "/my/support", {"email": participant.email})
    assert "not your own" in own.get_data(as_text=True) or own.status_code == 302
    bad = post(client, "/my/support", {"email": "not an address"})
    assert "does not look like an email address" in bad.get_data(as_text=True)
    assert post(client, "/my/support", {"email": "sponsor@example.org"}).status_code == 302
    link = services.live_link_of(participant.id)
    assert link is not None
    page = client.get("/my/support").get_data(as_text=True)
    assert "sponsor@example.org" in page
    assert "never shown" in page
    post(client, f"/my/support/{link.id}/choices", {})
    db.session.expire_all()
    assert (link.sees_schedule, link.sees_homework) == (False, False)
    post(client, f"/my/support/{link.id}/revoke", {"confirmed": "yes"})
    assert services.live_link_of(participant.id) is None
    invitation = db.session.get(Invitation, link.invitation_id)
    assert invitation.revoked_at is not None  # the emailed link no longer works


def test_a_second_or_unsuitable_support_person_is_refused(app, factories) -> None:  # type: ignore[no-untyped-def]
    world = build_world(factories)
    with pytest.raises(services.SupportRefused, match="already have"):
        services.invite_support_person(world.owner, "someone@example.org")
    with pytest.raises(services.SupportRefused, match="cannot be a support person") as info:
        services.invite_support_person(world.same_cohort_participant, world.facilitator.email)
    assert info.value.field == "email"  # the API names the field


def test_export_and_erasure(app, client, factories) -> None:  # type: ignore[no-untyped-def]
    world = build_world(factories)
    link = db.session.scalar(
        sa.select(SupportLink).where(SupportLink.participant_id == world.owner.id)
    )
    services.record_view(link, "schedule")
    db.session.commit()
    (exported,) = export_user(world.owner)["support_person"]
    assert exported["email"] == world.support_person.email
    assert [v["what"] for v in exported["viewed"]] == ["schedule"]
    token_before = world.support_person.session_token
    erase_user(world.owner)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SupportLink)) == 0
    db.session.refresh(world.support_person)
    assert world.support_person.session_token != token_before
    assert services.links_supported_by(world.support_person.id) == []


def test_ticking_one_piece_of_homework_on_the_page_shares_it(app, client, factories) -> None:  # type: ignore[no-untyped-def]
    """The page says the support person sees what is ticked: ticking a piece is enough."""
    world = build_world(factories)
    link = db.session.scalar(
        sa.select(SupportLink).where(SupportLink.participant_id == world.owner.id)
    )
    mine = _handed_in(world)["submission_id"]
    sign_in(client, world.owner)
    page = client.get("/my/support").get_data(as_text=True)
    assert "Homework I tick below" not in page
    assert "each piece of homework you tick" in page
    post(client, f"/my/support/{link.id}/choices", {"submissions": str(mine)})
    db.session.expire_all()
    assert link.shared_submission_ids == [mine]
    assert link.sees_homework
    sign_in(client, world.support_person)
    assert f"/support/{link.id}/homework/{mine}" in client.get("/support").get_data(as_text=True)
    sign_in(client, world.owner)
    post(client, f"/my/support/{link.id}/choices", {"schedule": "y"})
    db.session.expire_all()
    assert (link.shared_submission_ids, link.sees_homework) == ([], False)
    assert services.shared_homework(link) == []


def test_the_invitation_and_accept_page_ask_for_a_support_person_not_a_member(
    app, client, factories
) -> None:  # type: ignore[no-untyped-def]
    """Worded as the participant's request: what they will see, how it stops; no organisation."""
    from groupapp.accounts.emails import build_invitation
    from groupapp.accounts.services import invitation_token

    world = build_world(factories)
    participant = world.same_cohort_participant
    participant.display_name = "Sam <b>O'Neil</b>"
    db.session.commit()
    link = services.invite_support_person(participant, "friend@example.org")
    db.session.commit()
    message = db.session.scalar(
        sa.select(OutboxMessage)
        .where(OutboxMessage.kind == "invitation")
        .order_by(OutboxMessage.id.desc())
    )
    content = build_invitation(message)
    assert content is not None
    organisation = world.owner.organisation.name
    assert content.subject == "Sam <b>O'Neil</b> asks you to be their support person"
    for text in (content.text, content.html, content.subject):
        assert organisation not in text
        # The link's random token may spell anything; only the words count.
        words_only = re.sub(r"https?://\S+", "", text).lower()
        assert "join" not in words_only.replace("do not join", "")
    assert "Sam <b>O'Neil</b> asks you to be their support person." in content.text
    assert "&lt;b&gt;" in content.html
    assert "<b>O" not in content.html
    for words in ("only what they choose to share", "stop sharing at any time"):
        assert words in content.text
        assert words in content.html
    invitation = db.session.get(Invitation, link.invitation_id)
    page = client.get(f"/invitations/{invitation_token(invitation)}").get_data(as_text=True)
    assert "asks you to be their support person" in page
    assert "stop sharing at any time" in page
    assert f"Join {organisation}" not in page
    assert "as the group will see it" not in page
    assert "Your name as Sam" in page
    assert "<b>O" not in page


def test_a_support_person_has_a_minimal_account(app, client, factories) -> None:  # type: ignore[no-untyped-def]
    """Password, language, time zone, sign out and the privacy notice; nothing more."""
    world = build_world(factories)
    supporter = world.support_person
    sign_in(client, supporter)
    page = client.get("/account")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "/account/password" in text
    assert "/privacy/notice" in text
    assert "/account/email" not in text  # the email change stays closed to them
    saved = post(
        client,
        "/account",
        {"display_name": "Robin", "timezone": "Europe/Madrid", "locale": "es"},
        page="/account",
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert (supporter.timezone, supporter.locale) == ("Europe/Madrid", "es")
    assert client.get("/account/password").status_code == 200
    assert client.get("/privacy/notice").status_code == 200
    for closed in ("/account/two-factor", "/privacy/my-data"):
        assert client.get(closed).status_code == 404, closed
    assert post(client, "/account/email", {}, page="/account").status_code == 404
    post(client, "/logout", page="/account")
    assert "/login" in client.get("/support").headers["Location"]
