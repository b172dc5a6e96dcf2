"""Meeting pages: details, schedule changes, private notes, the roster, calendars."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WerkzeugResponse

from groupapp.audit.services import record
from groupapp.cohorts import attendance, calendar, handouts, meeting_queries, meeting_services
from groupapp.cohorts.access import manages
from groupapp.cohorts.models import Cohort
from groupapp.core.access import get_or_404
from groupapp.core.actions import carry_out
from groupapp.core.confirm import Confirmation, confirm_page, confirmed
from groupapp.core.dashboard import panels_for
from groupapp.core.i18n import user_locale
from groupapp.core.local_fields import fill_local
from groupapp.core.page_cache import cached_page
from groupapp.core.qr import qr_svg
from groupapp.core.timezones import format_for_viewer
from groupapp.db import db, utcnow
from groupapp.meetings import bp
from groupapp.meetings.attendance_stats import STATUSES
from groupapp.meetings.forms import (
    ApologyForm,
    CancelForm,
    ExtendForm,
    ExtraMeetingForm,
    NotesForm,
    ScheduleForm,
    TopicForm,
)
from groupapp.meetings.ical import DOWNLOAD_CONTENT_TYPE, FEED_CONTENT_TYPE
from groupapp.meetings.models import Meeting
from groupapp.programs.forms import EmptyForm
from groupapp.programs.pages import form_page


def _back(meeting: Meeting) -> WerkzeugResponse:
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


def _page(form: FlaskForm, meeting: Meeting, title: str, submit: str, **kw: Any) -> str:
    when = format_for_viewer(meeting.starts_at, current_user.timezone)
    return form_page(
        form,
        title=title,
        context=f"{meeting.cohort.name} · {when}",
        back=url_for("meetings.detail", meeting_id=meeting.id),
        submit=submit,
        **kw,
    )


def _tell(notice: str | None) -> None:
    """Flash what the clock rule decided (a time that happens twice), if anything."""
    if notice:
        flash(notice, "info")


def _cohort_page(form: FlaskForm, cohort: Cohort, title: str, submit: str, intro: str) -> str:
    return form_page(
        form,
        title=title,
        context=cohort.name,
        intro=intro,
        back=url_for("cohorts.detail", cohort_id=cohort.id),
        submit=submit,
    )


@bp.route("/meetings/<int:meeting_id>")
@login_required
def detail(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    staff = manages(current_user, meeting.cohort)
    own = None if staff else meeting_queries.own_attendance(meeting, current_user.id)
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        cohort=meeting.cohort,
        staff=staff,
        own=own,
        handout=handouts.meeting_handout(
            meeting, language="en" if staff else user_locale(current_user)
        ),
        apology_form=ApologyForm(),
        started=meeting.starts_at <= utcnow(),  # the after-meeting screen opens then
    )


@bp.route("/meetings/<int:meeting_id>/topic", methods=["GET", "POST"])
@login_required
def edit_topic(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id, "edit")
    form = TopicForm(obj=meeting)
    if form.validate_on_submit():
        meeting_services.edit_topic(meeting, form.topic.data, current_user)
        db.session.commit()
        flash(gettext("Topic saved."), "success")
        return _back(meeting)
    return _page(form, meeting, "Edit the topic", "Save topic")


@bp.route("/meetings/<int:meeting_id>/notes", methods=["GET", "POST"])
@login_required
def notes(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id, "notes")
    form = NotesForm()
    if form.validate_on_submit():
        meeting_services.save_notes(meeting, form.notes.data or "")
        db.session.commit()
        flash(gettext("Notes saved."), "success")
        return _back(meeting)
    if request.method == "GET":
        form.notes.data = meeting_services.read_notes(meeting)
        db.session.commit()  # the audit record of the read
    return _page(form, meeting, "Private notes", "Save notes")


@bp.route("/meetings/<int:meeting_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id, "reschedule")
    form = ScheduleForm()
    form.zone = meeting.cohort.timezone
    if request.method == "GET":
        fill_local(form.on, form.at, form.shown, meeting.starts_at, meeting.cohort.timezone)
        form.duration_minutes.data = int(
            (meeting.ends_at - meeting.starts_at).total_seconds() // 60
        )
    # A cancelled meeting is reinstated by this page only when it says so (heading and
    # button), the same rule the API keeps with ``status: "scheduled"``.
    reinstate = meeting.status == "cancelled"
    choice = form.choice if form.validate_on_submit() else None
    if choice is not None and carry_out(
        lambda: meeting_services.reschedule(
            meeting, choice.instant, form.duration_minutes.data, current_user, reinstate=reinstate
        ),
        lambda moved: (
            "Meeting moved. Members are told by email and their calendars update."
            if moved
            else "The meeting already starts then; nothing changed and nobody was emailed."
        ),
    ):
        _tell(choice.notice)
        return _back(meeting)
    zone_note = f"Date and time are in the cohort's zone, {meeting.cohort.timezone}."
    if reinstate:
        return _page(
            form,
            meeting,
            "Reinstate this cancelled meeting",
            "Reinstate the meeting",
            intro=f"Members were told it is cancelled; they are told it is on again. {zone_note}",
        )
    return _page(form, meeting, "Reschedule this meeting", "Move the meeting", intro=zone_note)


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id, "cancel")
    form = CancelForm()
    if form.validate_on_submit():
        meeting_services.cancel(meeting, form.reason.data, current_user)
        db.session.commit()
        flash(gettext("Meeting cancelled. Members are told by email."), "success")
        return _back(meeting)
    return _page(form, meeting, "Cancel this meeting", "Cancel the meeting", danger=True)


@bp.route("/cohorts/<int:cohort_id>/meetings/new", methods=["GET", "POST"])
@login_required
def add_extra(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id, "manage")
    form = ExtraMeetingForm(duration_minutes=cohort.duration_minutes)
    form.zone = cohort.timezone
    if form.validate_on_submit() and form.choice is not None:
        meeting = meeting_services.add_extra(
            cohort, form.choice.instant, form.duration_minutes.data, form.topic.data, current_user
        )
        db.session.commit()
        flash(gettext("Extra meeting added."), "success")
        _tell(form.choice.notice)
        return _back(meeting)
    intro = f"Date and time are in the cohort's zone, {cohort.timezone}."
    return _cohort_page(form, cohort, "Add an extra meeting", "Add the meeting", intro)


@bp.route("/cohorts/<int:cohort_id>/extend", methods=["GET", "POST"])
@login_required
def extend(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id, "manage")
    form = ExtendForm()
    if form.validate_on_submit():
        topics = [t.title for t in cohort.program.topics] if cohort.program else []
        since = cohort.weeks * len(cohort.weekdays.split(","))
        added = meeting_services.extend_series(cohort, form.weeks.data, topics, current_user)
        notices = meeting_services.series_notices(cohort, since)
        db.session.commit()
        flash(
            ngettext(
                "%(num)d meeting added to the end of the series.",
                "%(num)d meetings added to the end of the series.",
                len(added),
            ),
            "success",
        )
        for notice in notices:
            _tell(notice)
        return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
    intro = "New meetings follow the same weekday, time and rhythm after the last one."
    return _cohort_page(form, cohort, "Extend the series", "Extend", intro)


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@login_required
def roster(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id, "attendance")
    form = EmptyForm()
    rows = meeting_queries.roster(meeting)
    if form.validate_on_submit():
        marks = {}
        for row in rows:
            status = request.form.get(f"status-{row.user.id}", "")
            if status:
                comment = request.form.get(f"comment-{row.user.id}", "")
                marks[row.user.id] = attendance.Mark(status, comment)
        if carry_out(
            lambda: attendance.record_roster(meeting, marks, current_user),
            lambda changed: gettext("Attendance saved (%(num)d changed).", num=changed),
        ):
            return redirect(url_for("meetings.roster", meeting_id=meeting.id))
    record("attendance.roster.read", meeting)
    html = render_template(
        "meetings/roster.html", meeting=meeting, rows=rows, statuses=STATUSES, form=form
    )
    db.session.commit()  # after rendering: a commit would expire what the page loaded
    return html


@bp.route("/meetings/<int:meeting_id>/apology", methods=["POST"])
@login_required
def apology(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id, "apologise")
    form = ApologyForm()
    if not form.validate_on_submit():
        abort(400)
    carry_out(
        lambda: attendance.send_apology(meeting, current_user, form.comment.data or ""),
        lambda _: gettext("Thank you for letting the group know. You are marked as excused."),
    )
    return _back(meeting)


@bp.route("/meetings/<int:meeting_id>/meeting.ics")
@login_required
def ics(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id, "download")
    return Response(
        calendar.meeting_file(meeting),
        content_type=DOWNLOAD_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'},
    )


@bp.route("/calendar")
@login_required
def calendar_settings():
    url = calendar.feed_url(current_user)
    db.session.commit()  # the feed row, on first visit
    webcal = subscribe_url(url)
    return render_template(
        "meetings/calendar.html",
        feed_url=url,
        webcal_url=webcal,
        qr=qr_svg(webcal, gettext("QR code of your calendar address, to scan with a phone")),
        form=EmptyForm(),
    )


def subscribe_url(feed_url: str) -> str:
    """The feed address with the ``webcal://`` scheme calendar apps open as a subscription
    (``https://host/...`` -> ``webcal://host/...``)."""
    return "webcal://" + feed_url.split("://", 1)[-1]


@bp.route("/calendar/reset", methods=["POST"])
@login_required
def reset_feed():
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not confirmed():
        return confirm_page(
            Confirmation(
                "Make a new calendar address?",
                "Calendars subscribed to the old address stop updating; you subscribe again "
                "with the new one.",
                "Make a new address",
                url_for("meetings.calendar_settings"),
            )
        )
    calendar.reset_feed(current_user)
    db.session.commit()
    flash(
        gettext("Your calendar link is new. Subscribe again with it; the old one no longer works."),
        "success",
    )
    return redirect(url_for("meetings.calendar_settings"))


@bp.route("/calendar/feed/<token>.ics")
def feed(token: str):
    state = calendar.feed_state(token)
    if state is None:
        abort(404)
    version = state.version
    if version is not None and request.if_none_match.contains(version):
        # Nothing changed since the calendar app last fetched it: no body to build.
        unchanged = Response(status=304)
        unchanged.set_etag(version)
        unchanged.cache_control.private = True
        unchanged.cache_control.no_cache = True
        return unchanged
    feed = calendar.rendered_feed(state)
    if feed is None:
        abort(404)
    response = Response(feed.body, content_type=FEED_CONTENT_TYPE)
    # Only the person's own calendar app may keep it, and must ask again each time.
    response.cache_control.private = True
    response.cache_control.no_cache = True
    if version is not None:
        response.set_etag(version)
        response.last_modified = feed.since
    return response.make_conditional(request)


@bp.route("/my/meetings")
@login_required
@cached_page()
def my_meetings():
    return render_template(
        "meetings/mine.html",
        page=meeting_queries.participant_page(current_user),
        panels=panels_for(current_user),
    )
