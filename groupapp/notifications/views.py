"""Notification preferences, one-click unsubscribe and the admin outbox page."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from wtforms import SelectChoice

from groupapp.accounts.models import User
from groupapp.audit.services import record
from groupapp.cohorts.models import Cohort
from groupapp.core.access import get_or_404, role_required
from groupapp.core.i18n import N_, read_as
from groupapp.core.navigation import register_nav
from groupapp.core.outbox import (
    OUTBOX_STATUSES,
    OutboxMessage,
    hand_over_many,
    registered_kinds,
)
from groupapp.core.page_cache import cached_page
from groupapp.core.pagination import COUNT_CAP, keyset_page
from groupapp.db import db
from groupapp.extensions import csrf
from groupapp.notifications import bp
from groupapp.notifications.dispatch import retry
from groupapp.notifications.forms import CohortTimingsForm, FilterForm, PreferencesForm
from groupapp.notifications.kinds import BY_KEY, categories_for, category_label, kind_label
from groupapp.notifications.preferences import (
    preference_for,
    read_unsubscribe_token,
    save_preferences,
    unsubscribe,
)
from groupapp.notifications.timings import (
    MAX_OVERDUE_DAYS,
    MAX_REMINDER_HOURS,
    TimingError,
    format_offsets,
    parse_offsets,
    save_timings,
    timings_for,
)
from groupapp.notifications.undeliverable import undeliverable_by_user

PAGE_SIZE = 50

register_nav(
    N_("Email settings"),
    "notifications.preferences",
    ("admin", "facilitator", "participant"),
    90,
    group="you",
)
register_nav("Outbox", "notifications.outbox", ("admin",), 95, group="admin")


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences() -> Any:
    """Which emails I get, and when my weekly digest arrives."""
    pref = preference_for(current_user.id)
    categories = categories_for(current_user.role)
    form = PreferencesForm()
    form.offer(categories)
    if request.method == "GET":
        form.receive.data = [c.key for c in categories if c.key not in (pref.disabled or [])]
        form.digest_day.data = pref.digest_day
        form.digest_hour.data = pref.digest_hour
    if form.validate_on_submit():
        offered = {c.key for c in categories}
        kept_off = [key for key in (pref.disabled or []) if key not in offered]
        off = [key for key in offered if key not in (form.receive.data or [])]
        save_preferences(
            current_user.id, kept_off + off, form.digest_day.data, form.digest_hour.data
        )
        db.session.commit()
        flash(gettext("Your email settings are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"], endpoint="unsubscribe")
@csrf.exempt  # RFC 8058: mail clients POST without a session; the signed token is the proof
def unsubscribe_link(token: str) -> Any:
    """GET shows a confirmation button and changes nothing; POST unsubscribes (idempotent)."""
    found = read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if found is None or user is None:
        abort(404)
    read_as(user.locale)  # the token names the person: their language, not the browser's
    category = found[1]
    label = category_label(category)
    if request.method == "POST":
        unsubscribe(user.id, category)
        db.session.commit()
        return render_template("notifications/unsubscribed.html", label=label)
    return render_template("notifications/unsubscribe.html", label=label, token=token)


def _outbox_query(status: str, kind: str) -> sa.Select[Any]:
    query = sa.select(OutboxMessage).where(
        OutboxMessage.organisation_id == current_user.organisation_id
    )
    if status:
        query = query.where(OutboxMessage.status == status)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return query


def _status_counts(organisation_id: int) -> dict[str, int]:
    """Messages per status, each counted no further than ``COUNT_CAP + 1`` (one statement)."""
    parts = [
        sa.select(sa.literal(status).label("status"), sa.func.count().label("n")).select_from(
            sa.select(OutboxMessage.id)
            .where(
                OutboxMessage.organisation_id == organisation_id,
                OutboxMessage.status == status,
            )
            .limit(COUNT_CAP + 1)
            .subquery()
        )
        for status in OUTBOX_STATUSES
    ]
    rows = db.session.execute(sa.union_all(*parts)).all()
    return {str(status): int(count) for status, count in rows}


@bp.route("/admin/outbox")
@role_required("admin")
@cached_page()
def outbox() -> Any:
    """The organisation's outgoing messages by status, newest first, with retry."""
    form = FilterForm(request.args)
    form.status.choices = [SelectChoice("", "Any status")] + [
        SelectChoice(s, s.title()) for s in OUTBOX_STATUSES
    ]
    # Every kind the app can send (not a DISTINCT over the whole outbox on each view).
    kinds = sorted(registered_kinds())
    form.kind.choices = [SelectChoice("", "Any kind")] + [
        SelectChoice(k, kind_label(k)) for k in kinds
    ]
    status = request.args.get("status", "") if request.args.get("status") in OUTBOX_STATUSES else ""
    kind = request.args.get("kind", "") if request.args.get("kind") in kinds else ""
    page = keyset_page(
        _outbox_query(status, kind),
        (OutboxMessage.id,),
        request.args.get("after"),
        PAGE_SIZE,
        key=lambda message: (message.id,),
        descending=True,
    )
    # Recipient addresses are personal data: the viewing is audited, in the same
    # transaction, committed after rendering (a commit first would expire the rows).
    newest = page.items[0].id if page.items else None
    record("notifications.outbox.view", ("OutboxPage", newest), reason=f"{status}/{kind}")
    html = render_template(
        "notifications/outbox.html",
        form=form,
        page=page,
        status=status,
        kind=kind,
        counts=_status_counts(current_user.organisation_id),
        statuses=OUTBOX_STATUSES,
        categories=BY_KEY,
        kind_label=kind_label,
    )
    db.session.commit()
    return html


@bp.route("/admin/outbox/<int:message_id>/retry", methods=["POST"])
@role_required("admin")
def retry_message(message_id: int) -> Any:
    """Queue a failed or skipped message again; the worker sends it on its next pass."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.organisation_id != current_user.organisation_id:
        abort(404)
    if retry(message):
        record("notifications.outbox.retry", message, subject_user_id=message.recipient_id)
        db.session.commit()
        hand_over_many([message.id])
        flash(gettext("The message is queued again."), "success")
    else:
        flash(gettext("Only failed or skipped messages can be retried."), "error")
    return redirect(request.referrer or url_for("notifications.outbox"))


@bp.route("/notifications/cohorts/<int:cohort_id>/timings", methods=["GET", "POST"])
@role_required("admin", "facilitator")
def cohort_timings(cohort_id: int) -> Any:
    """When this cohort's reminders go out (its facilitators and admins choose)."""
    cohort = get_or_404(Cohort, cohort_id, "edit")
    stored = timings_for(cohort.id)
    form = CohortTimingsForm()
    if request.method == "GET":
        form.reminder_hours.data = format_offsets(stored.reminder_hours)
        form.overdue_days.data = format_offsets(stored.overdue_days)
        form.escalation_minutes.data = stored.escalation_minutes
    if form.validate_on_submit():
        try:
            hours = parse_offsets(form.reminder_hours.data or "", MAX_REMINDER_HOURS, "hours")
        except TimingError as error:
            form.reminder_hours.errors = [str(error)]
        try:
            days = parse_offsets(form.overdue_days.data or "", MAX_OVERDUE_DAYS, "days")
        except TimingError as error:
            form.overdue_days.errors = [str(error)]
        if not form.reminder_hours.errors and not form.overdue_days.errors:
            save_timings(cohort.id, hours, days, form.escalation_minutes.data)
            db.session.commit()
            flash(gettext("Reminder timings saved."), "success")
            return redirect(url_for("notifications.cohort_timings", cohort_id=cohort.id))
    return render_template("notifications/cohort_timings.html", form=form, cohort=cohort)


@bp.app_template_global("undeliverable_mark")
def undeliverable_mark(user_id: int) -> Any:
    """For member pages: the open bounce mark on this person's address, or None."""
    return undeliverable_by_user([user_id]).get(user_id)
