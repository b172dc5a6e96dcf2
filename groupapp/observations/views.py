"""The after-meeting screen: attendance, the group note, and per member a private note
and observation rating, on one page that saves as it goes and works without a script."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from groupapp.assessments.builtin import observation_instrument
from groupapp.core.access import get_or_404
from groupapp.core.actions import Refusal
from groupapp.core.form_problems import Problem, problems_context
from groupapp.core.timezones import format_time
from groupapp.db import db, utcnow
from groupapp.meetings.attendance_stats import STATUSES
from groupapp.meetings.models import Meeting
from groupapp.observations import bp
from groupapp.observations.services import (
    Sheet,
    load_sheet,
    record_sheet_read,
    save_sheet,
    typed_values,
)
from groupapp.observations.sheet import GROUP_FIELDS, SheetInput, read_form


def _page(sheet: Sheet, values: SheetInput, status: int = 200) -> tuple[str, int]:
    problems = dict(values.problems)
    html = render_template(
        "observations/after_meeting.html",
        meeting=sheet.meeting,
        cohort=sheet.meeting.cohort,
        sheet=sheet,
        values=values,
        scale=observation_instrument(),
        statuses=STATUSES,
        group_fields=GROUP_FIELDS,
        problems=problems,
        server_saved_ms=_ms(sheet.last_saved()),
        **problems_context(Problem(target, text) for target, text in values.problems),
    )
    return html, status


def _ms(moment: datetime | None) -> int:
    """Milliseconds since the epoch (0 for never), as the page script compares times: a
    copy kept on the device that is newer than the server's last save is put back."""
    return int(moment.timestamp() * 1000) if moment else 0


def _with_stored(sheet: Sheet, typed: SheetInput) -> SheetInput:
    """``typed`` with every member the post did not carry (one who joined since the screen
    was opened) filled from what is stored, so the screen can be shown again."""
    for user_id, member in typed_values(sheet).members.items():
        typed.members.setdefault(user_id, member)
    return typed


def _save(meeting_id: int) -> tuple[Sheet, SheetInput, str | None]:
    """Check and store what was posted: ``(sheet, typed, refusal)``; commits on success."""
    meeting = get_or_404(Meeting, meeting_id, "notes")
    sheet = load_sheet(meeting)
    typed = read_form(request.form, sheet.names(), sheet.statuses())
    if typed.problems:
        return sheet, typed, None
    try:
        save_sheet(sheet, typed, current_user)
    except Refusal as exc:
        db.session.rollback()
        return sheet, typed, str(exc)
    db.session.commit()
    return sheet, typed, None


@bp.route("/meetings/<int:meeting_id>/after", methods=["GET", "POST"])
@login_required
def after_meeting(meeting_id: int) -> Any:
    """The facilitators' after-meeting screen (cohort staff; every read audited)."""
    if request.method == "POST":
        sheet, typed, refusal = _save(meeting_id)
        if typed.problems or refusal:
            if refusal:
                flash(
                    _(
                        "%(reason)s Nothing was saved; everything you entered is still here.",
                        reason=refusal,
                    ),
                    "error",
                )
            else:
                flash(
                    _(
                        "Some entries need attention. Nothing was saved yet; "
                        "all you entered is kept."
                    ),
                    "error",
                )
            return _page(sheet, _with_stored(sheet, typed), 422)
        flash(_("Saved."), "success")
        return redirect(url_for("observations.after_meeting", meeting_id=meeting_id))
    meeting = get_or_404(Meeting, meeting_id, "notes")
    sheet = load_sheet(meeting)
    page = _page(sheet, typed_values(sheet))
    record_sheet_read(sheet)
    db.session.commit()  # after rendering: a commit expires what the page loaded
    return page


@bp.post("/meetings/<int:meeting_id>/after/draft")
@login_required
def autosave(meeting_id: int) -> Any:
    """Save the screen as it stands (called by the page's script); answers JSON."""
    _sheet, typed, refusal = _save(meeting_id)
    if typed.problems:
        problems = [{"field": target, "message": text} for target, text in typed.problems]
        return jsonify(saved=False, problems=problems), 422
    if refusal:
        return jsonify(saved=False, problems=[{"field": "", "message": refusal}]), 409
    saved_at = utcnow()
    label = f"Saved at {format_time(saved_at, current_user.timezone)}"
    return jsonify(saved=True, saved_at=saved_at.isoformat(), label=label)
