"""Participant pages: what is due, answering a check-in, the result, own progress."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from groupapp.accounts.support_lines import support_lines
from groupapp.assessments import bp
from groupapp.assessments.alerts import open_alert_count_expression
from groupapp.assessments.answering import answer_checkin
from groupapp.assessments.builtin import BUILTIN_IDS, builtin_instrument
from groupapp.assessments.charts import render_chart
from groupapp.assessments.checkins import (
    CheckinClosed,
    NoSuchSchedule,
    member_checkin,
    member_checkins,
)
from groupapp.assessments.forms import CheckinForm
from groupapp.assessments.instrument_language import (
    band_label,
    in_reader_language,
)
from groupapp.assessments.instrument_model import Instrument as InstrumentDef
from groupapp.assessments.models import AssessmentResponse, Instrument
from groupapp.assessments.progress import CHANGE_LABELS, person_series
from groupapp.assessments.scoring import value_text
from groupapp.assessments.wording import format_score
from groupapp.audit.services import record
from groupapp.cohorts.access import manages
from groupapp.core.access import get_or_404, role_required
from groupapp.core.form_problems import Problem, problems_context
from groupapp.core.i18n import LANGUAGE_NAMES, N_, user_locale
from groupapp.core.navigation import register_header_count, register_nav
from groupapp.db import db, utcnow


@bp.app_template_filter("score")
def score_filter(value: float | None) -> str:
    """A score as people write it (12, 12.5, or a dash)."""
    return format_score(value)


@bp.app_template_global()
def shown_to_participant(instrument: InstrumentDef) -> InstrumentDef:
    """``instrument`` in the signed-in participant's language where it has it."""
    return in_reader_language(instrument)


@bp.app_template_global()
def participant_name(instrument: InstrumentDef) -> str:
    """The questionnaire's name in the signed-in participant's language where it has it."""
    return shown_to_participant(instrument).name


@bp.app_template_global()
def participant_band(response: AssessmentResponse, instrument: InstrumentDef) -> str | None:
    """A response's band label in the signed-in participant's language (stored: English)."""
    return band_label(shown_to_participant(instrument), response.total) or response.band


@bp.app_template_filter("instrument_label")
def instrument_label_filter(row: Instrument, full: bool = False) -> str:
    """A questionnaire's short (or ``full``) name in the language being rendered, where
    it is a built-in with that translation; any other keeps its stored name."""
    # getattr: emails may be rendered with a stand-in that carries only the names.
    if getattr(row, "builtin", False) and getattr(row, "slug", None) in BUILTIN_IDS:
        shown = in_reader_language(builtin_instrument(row.slug))
        return shown.name if full else shown.display_name
    return row.name if full else row.short_name


@bp.app_template_filter("instrument_language")
def instrument_language_filter(code: str) -> str:
    """A questionnaire's language by its own name where the app speaks it ("Español"),
    else its code (an imported file may carry any language)."""
    return LANGUAGE_NAMES.get(code, code)


@bp.app_template_filter("option_value")
def option_value_filter(value: float) -> str:
    """An option value as written in a form field."""
    return value_text(value)


# The staff banner's count, read with the header's other counts in one statement.
register_header_count("open_risk_alerts", open_alert_count_expression)


register_nav(N_("Check-ins"), "assessments.checkins", ("participant",), order=40)
register_nav(N_("My progress"), "assessments.my_progress", ("participant",), order=45)


@bp.route("/check-ins")
@role_required("participant")
def checkins():
    """What is due now, what comes next, and what was done."""
    everything = member_checkins(current_user)
    now = utcnow()
    due, upcoming, done = [], [], []
    for checkin in everything:
        if checkin.submitted:
            done.append(checkin)
        elif checkin.is_open(now):
            due.append(checkin)
        elif checkin.opens_at > now:
            upcoming.append(checkin)
    return render_template(
        "assessments/checkins.html", due=due, upcoming=upcoming[:5], done=done[::-1]
    )


@bp.route("/check-ins/<int:schedule_id>/<key>", methods=["GET", "POST"])
@role_required("participant")
def answer(schedule_id: int, key: str):
    """One page with every item; save to finish later, or submit once."""
    try:
        checkin = member_checkin(current_user, schedule_id, key)
    except NoSuchSchedule:
        abort(404)
    except CheckinClosed as exc:
        flash(str(exc), "warning")
        return redirect(url_for("assessments.checkins"))
    schedule = checkin.schedule
    form = CheckinForm()
    response = checkin.response
    missing: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    if form.validate_on_submit():
        answered = answer_checkin(
            current_user, checkin, request.form, submit_now=form.action.data == "submit"
        )
        response, invalid, missing = answered.response, answered.invalid, answered.missing
        db.session.commit()
        if answered.result is not None:
            if not answered.result.risk_flags:
                flash(gettext("Thank you. Your check-in is submitted."), "success")
            return redirect(url_for("assessments.response", response_id=response.id))
        if not missing and not invalid:
            flash(gettext("Your answers are saved. You can finish later."), "success")
            return redirect(url_for("assessments.checkins"))
        flash(gettext("Some questions still need an answer; they are marked below."), "error")
    elif response is not None:
        record("assessment.response.read", response, subject_user_id=current_user.id)
        db.session.commit()
    version = response.version if response else schedule.instrument.current()
    preferred = user_locale(current_user)
    instrument = shown_to_participant(version.parsed())
    problems = set(missing) | set(invalid)
    return render_template(
        "assessments/answer.html",
        form=form,
        checkin=checkin,
        instrument=instrument,
        # Shown in English to someone who reads another language: say so on the page.
        not_in_own_language=preferred != instrument.language,
        answers=(response.answers if response else {}),
        problems=problems,
        **problems_context(
            Problem(
                f"q-{item.id}",
                gettext("Question %(number)d: please choose an answer.", number=number),
            )
            for number, item in enumerate(instrument.items, 1)
            if item.id in problems
        ),
    )


@bp.route("/responses/<int:response_id>")
@role_required("participant", "facilitator", "admin")
def response(response_id: int):
    """A submitted check-in: score, band, change, and the crisis notice after a risk answer."""
    item = get_or_404(AssessmentResponse, response_id)
    record("assessment.response.read", item, subject_user_id=item.user_id)
    db.session.commit()
    staff_view = item.user_id != current_user.id and manages(current_user, item.cohort)
    # The participant reads the result in their own language; staff in the file's words.
    instrument = item.version.parsed()
    if not staff_view:
        instrument = shown_to_participant(instrument)
    return render_template(
        "assessments/response.html",
        response=item,
        instrument=instrument,
        band=band_label(instrument, item.total) if item.band else None,
        answered_in=instrument_language_filter(item.language),
        staff_view=staff_view,
        change_label=CHANGE_LABELS.get(item.change_status, ""),
        support=support_lines(item.cohort.organisation),
    )


@bp.route("/progress")
@role_required("participant")
def my_progress():
    """The participant's own scores over time, one chart per instrument."""
    record("assessment.progress.read", ("User", current_user.id), subject_user_id=current_user.id)
    db.session.commit()
    series = person_series(current_user.id)
    charts = [(s, render_chart(s)) for s in series]
    return render_template("assessments/my_progress.html", charts=charts)
