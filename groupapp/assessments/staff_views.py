"""Staff pages: instruments and imports, cohort schedules, progress, alerts and exports."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from groupapp.assessments import bp
from groupapp.assessments.alerts import acknowledge, alerts_for
from groupapp.assessments.catalog import (
    BuiltinClash,
    ensure_builtins,
    import_instrument_file,
    organisation_instruments,
)
from groupapp.assessments.charts import render_chart
from groupapp.assessments.exports import cohort_export
from groupapp.assessments.forms import AcknowledgeForm, UploadInstrumentForm
from groupapp.assessments.instrument_file import MAX_FILE_BYTES, InstrumentFileError
from groupapp.assessments.models import Instrument, RiskAlert
from groupapp.assessments.progress import SORT_KEYS, cohort_rows, person_series
from groupapp.assessments.scoring import reliable_change_threshold
from groupapp.audit.services import audited_page, record
from groupapp.cohorts.access import managed_cohorts_query
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.access import get_or_404, role_required
from groupapp.core.navigation import register_nav
from groupapp.core.request_limits import body_limit
from groupapp.db import db

STAFF = ("admin", "facilitator")
# The file itself, plus room for the form's other fields and multipart boundaries.
UPLOAD_BODY_LIMIT = MAX_FILE_BYTES + 16 * 1024
register_nav("Risk alerts", "assessments.alerts", STAFF, order=35)
register_nav("Check-ins", "assessments.groups", STAFF, order=36)
register_nav("Questionnaires", "assessments.instruments", STAFF, order=70, group="library")


@bp.route("/groups")
@role_required(*STAFF)
def groups():
    """The cohorts the user runs, with links to their progress and check-in schedules."""
    cohorts = db.session.scalars(managed_cohorts_query(current_user).order_by(Cohort.name)).all()
    return render_template("assessments/groups.html", cohorts=cohorts)


@bp.route("/instruments")
@role_required(*STAFF)
def instruments():
    """The organisation's questionnaires (built-ins are added on first visit)."""
    ensure_builtins(current_user.organisation)
    db.session.commit()
    return render_template(
        "assessments/instruments.html",
        instruments=organisation_instruments(current_user.organisation_id),
    )


@bp.route("/instruments/<int:instrument_id>")
@role_required(*STAFF)
def instrument(instrument_id: int):
    """One questionnaire: its items, scoring, citation, licence and versions."""
    row = get_or_404(Instrument, instrument_id)
    version = row.current()
    definition = version.parsed()
    return render_template(
        "assessments/instrument.html",
        row=row,
        version=version,
        definition=definition,
        threshold=reliable_change_threshold(definition),
    )


@bp.route("/instruments/upload", methods=["GET", "POST"])
@body_limit(UPLOAD_BODY_LIMIT, f"Instrument files can be at most {MAX_FILE_BYTES // 1024} KB.")
@role_required("admin")
def upload_instrument():
    """Admins import a licensed scale from a file; every problem is listed with its path."""
    form = UploadInstrumentForm()
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            row, version = import_instrument_file(
                current_user.organisation, form.file.data.read(), source="upload",
                created_by=current_user,
            )  # fmt: skip
        except InstrumentFileError as exc:
            errors = exc.errors
        except BuiltinClash as exc:
            errors = [str(exc)]
        else:
            db.session.commit()
            if version is None:
                flash(
                    _(
                        "%(name)s is unchanged: the file matches the current version.",
                        name=row.short_name,
                    ),
                    "info",
                )
            else:
                flash(
                    _(
                        "Imported %(name)s as version %(number)s.",
                        name=row.short_name,
                        number=version.number,
                    ),
                    "success",
                )
            return redirect(url_for("assessments.instrument", instrument_id=row.id))
    return render_template("assessments/upload.html", form=form, errors=errors)


@bp.route("/alerts")
@role_required(*STAFF)
def alerts():
    """Open risk alerts in the cohorts the user runs, until someone acknowledges each;
    ``?show=acknowledged`` lists the acknowledged ones with their notes."""
    acknowledged = request.args.get("show") == "acknowledged"
    found = alerts_for(current_user, acknowledged)
    return audited_page(
        "assessment.risk_alerts.read",
        ("RiskAlert", None),
        "assessments/alerts.html",
        reason=f"{len(found)} {'acknowledged' if acknowledged else 'open'}",
        alerts=found,
        acknowledged=acknowledged,
    )


@bp.route("/alerts/<int:alert_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def alert(alert_id: int):
    """One alert: the flagged answers, and acknowledging it with a note."""
    item = get_or_404(RiskAlert, alert_id)
    form = AcknowledgeForm()
    if item.is_open and form.validate_on_submit():
        get_or_404(RiskAlert, alert_id, "acknowledge")
        acknowledge(item, current_user, form.note.data)
        db.session.commit()
        flash(_("Alert acknowledged. Your co-facilitators can see your note."), "success")
        return redirect(url_for("assessments.alerts"))
    record("assessment.risk_alert.read", item, subject_user_id=item.user_id)
    db.session.commit()
    definition = item.response.version.parsed()
    return render_template("assessments/alert.html", alert=item, form=form, definition=definition)


@bp.route("/cohorts/<int:cohort_id>/progress")
@role_required(*STAFF)
def cohort_progress(cohort_id: int):
    """Baseline, latest, change, reliable-change status and open flags per member."""
    cohort = get_or_404(Cohort, cohort_id, "manage")
    sort = request.args.get("sort", "member")
    sort = sort if sort in SORT_KEYS else "member"
    descending = request.args.get("order") == "desc"
    # Commit the audit row first: committing expires loaded rows, so the page is built after.
    record("assessment.cohort_progress.read", cohort)
    db.session.commit()
    rows = cohort_rows(cohort, sort, descending)
    return render_template(
        "assessments/cohort_progress.html",
        cohort=cohort,
        rows=rows,
        sort=sort,
        descending=descending,
    )


@bp.route("/cohorts/<int:cohort_id>/members/<int:user_id>/progress")
@role_required(*STAFF)
def member_progress(cohort_id: int, user_id: int):
    """One member's charts in this cohort, with item-level answers."""
    cohort = get_or_404(Cohort, cohort_id, "manage")
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.cohort_id == cohort.id, Membership.user_id == user_id
        )
    )
    if membership is None:
        abort(404)
    record("assessment.progress.read", ("User", user_id), subject_user_id=user_id)
    db.session.commit()
    series = person_series(user_id, [cohort.id])
    charts = [(s, render_chart(s)) for s in series]
    return render_template(
        "assessments/member_progress.html", cohort=cohort, member=membership.user, charts=charts
    )


def _download(cohort_id: int, kind: str) -> Response:
    """Audit and send one cohort export as an attachment."""
    cohort = get_or_404(Cohort, cohort_id, "manage")
    export = cohort_export(cohort, kind)
    db.session.commit()
    return export.download()


@bp.route("/cohorts/<int:cohort_id>/export.csv")
@role_required(*STAFF)
def export_csv(cohort_id: int):
    """One row per submitted response, participants pseudonymous."""
    return _download(cohort_id, "csv")


@bp.route("/cohorts/<int:cohort_id>/export-key.csv")
@role_required(*STAFF)
def export_key(cohort_id: int):
    """Which pseudonymous id in the exports is which member (audited on its own)."""
    return _download(cohort_id, "key")


@bp.route("/cohorts/<int:cohort_id>/export.fhir.json")
@role_required(*STAFF)
def export_fhir(cohort_id: int):
    """A FHIR R4 collection Bundle of Questionnaires, responses and score Observations."""
    return _download(cohort_id, "fhir")
