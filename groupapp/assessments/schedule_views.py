"""The facilitator's page for choosing which questionnaires a cohort answers, and when."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from groupapp.assessments import bp
from groupapp.assessments.catalog import ensure_builtins, organisation_instruments
from groupapp.assessments.forms import ConfirmForm, ScheduleForm
from groupapp.assessments.models import AssessmentSchedule, Instrument
from groupapp.assessments.outstanding import open_checkins
from groupapp.assessments.schedules import (
    ScheduleSettings,
    cohort_schedules,
    delete_schedule,
    save_schedule,
    schedulable_meetings,
    schedule_summary,
)
from groupapp.cohorts.models import Cohort
from groupapp.core.access import check, get_or_404, role_required
from groupapp.core.confirm import Confirmation, confirm_page, confirmed
from groupapp.db import db, utcnow

STAFF = ("admin", "facilitator")


def _settings(form: ScheduleForm) -> ScheduleSettings:
    return ScheduleSettings(
        at_baseline=form.at_baseline.data,
        every_weeks=form.every_weeks.data,
        meeting_ids=tuple(form.meeting_ids.data or ()),
        at_end=form.at_end.data,
        window_before_days=form.window_before_days.data,
        window_after_days=form.window_after_days.data,
    )


@bp.route("/cohorts/<int:cohort_id>/schedules", methods=["GET", "POST"])
@role_required(*STAFF)
def schedules(cohort_id: int):
    """List the cohort's schedules and add or change one."""
    cohort = get_or_404(Cohort, cohort_id, "manage")
    ensure_builtins(cohort.organisation)
    meetings = schedulable_meetings(cohort)
    form = ScheduleForm()
    form.instrument_id.choices = [
        SelectChoice(row.id, row.short_name)
        for row in organisation_instruments(cohort.organisation_id)
    ]
    form.meeting_ids.choices = [
        SelectChoice(m.id, f"{m.local_start[:10]} {m.topic}".strip()) for m in meetings
    ]
    if form.validate_on_submit():
        instrument = check(db.session.get(Instrument, form.instrument_id.data))
        save_schedule(cohort, instrument, _settings(form))
        db.session.commit()
        flash(_("Check-ins for %(name)s are scheduled.", name=instrument.short_name), "success")
        return redirect(url_for("assessments.schedules", cohort_id=cohort.id))
    db.session.commit()  # built-ins added on first visit
    meeting_labels = {m.id: m.local_start[:10] for m in meetings}
    current = cohort_schedules(cohort)
    return render_template(
        "assessments/schedules.html",
        cohort=cohort,
        form=form,
        schedules=current,
        summaries={s.id: schedule_summary(s, meeting_labels) for s in current},
        delete_form=ConfirmForm(),
        user=current_user,
        open_now=open_checkins(cohort, utcnow()),
    )


@bp.route("/schedules/<int:schedule_id>/delete", methods=["POST"])
@role_required(*STAFF)
def delete_schedule_view(schedule_id: int):
    """Stop a schedule; answers already given are kept."""
    schedule = get_or_404(AssessmentSchedule, schedule_id, "delete")
    form = ConfirmForm()
    cohort_id = schedule.cohort_id
    if form.validate_on_submit() and not confirmed():
        return confirm_page(
            Confirmation(
                f"Stop asking for {schedule.instrument.short_name}?",
                "No new check-ins open on this schedule. Answers already given are kept.",
                "Stop asking",
                url_for("assessments.schedules", cohort_id=cohort_id),
            )
        )
    if form.validate_on_submit():
        name = schedule.instrument.short_name
        delete_schedule(schedule)
        db.session.commit()
        flash(
            _("%(name)s is no longer scheduled. Answers already given are kept.", name=name),
            "success",
        )
    return redirect(url_for("assessments.schedules", cohort_id=cohort_id))
