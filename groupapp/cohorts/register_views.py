"""Registers to print or file: the attendance register (page, CSV, PDF), the roster
(page, CSV, PDF) and a meeting's sign-in sheet (page, PDF). Staff of the cohort only; every
read is audited, as the cohort page's attendance grid is."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, render_template, request
from flask_login import login_required

from groupapp.audit.services import record
from groupapp.cohorts import bp
from groupapp.cohorts.models import Cohort
from groupapp.cohorts.registers import (
    CODES,
    PAPERS,
    attendance_register,
    meeting_label,
    register_csv,
    roster,
    roster_csv,
    sign_in_names,
)
from groupapp.core.access import get_or_404
from groupapp.core.timezones import format_for_viewer
from groupapp.db import db
from groupapp.meetings.models import Meeting

# The PDF views import ``register_pdf`` when called: fpdf2 with its font tools and Pillow
# adds about 18 MB to a process, which a web worker that never prints should not carry.


def _paper() -> str:
    """The paper asked for (``?paper=letter``), A4 otherwise."""
    paper = request.args.get("paper", "a4")
    return paper if paper in PAPERS else "a4"


def _download(action: str, obj: Any, body: str | bytes, mimetype: str, filename: str) -> Any:
    """Send one file as an attachment, its export audited."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return _audited(action, obj, lambda: Response(body, mimetype=mimetype, headers=headers))


def _audited(action: str, obj: Any, render: Any) -> Any:
    """Render first, then record the read and commit (a commit expires loaded rows)."""
    result = render()
    record(action, obj)
    db.session.commit()
    return result


def _sheet(action: str, obj: Any, template: str, **context: Any) -> Any:
    """A printable page on the paper asked for, its read audited."""
    paper = _paper()
    return _audited(action, obj, lambda: render_template(template, paper=paper, **context))


@bp.route("/cohorts/<int:cohort_id>/register")
@login_required
def register(cohort_id: int) -> Any:
    """Members by meetings with status codes and totals, ready to print."""
    cohort = get_or_404(Cohort, cohort_id, "attendance")
    return _sheet(
        "cohort.register.read",
        cohort,
        "cohorts/register.html",
        cohort=cohort,
        register=attendance_register(cohort),
        codes=CODES,
        label=meeting_label,
    )


@bp.route("/cohorts/<int:cohort_id>/register.csv")
@login_required
def register_download(cohort_id: int) -> Any:
    """The attendance register as CSV."""
    cohort = get_or_404(Cohort, cohort_id, "attendance")
    body = register_csv(attendance_register(cohort))
    return _download(
        "cohort.register.export", cohort, body, "text/csv", f"cohort-{cohort.id}-register.csv"
    )


@bp.route("/cohorts/<int:cohort_id>/register.pdf")
@login_required
def register_pdf_download(cohort_id: int) -> Any:
    """The attendance register as PDF (``?paper=letter`` for US Letter)."""
    from groupapp.cohorts.register_pdf import register_pdf

    cohort = get_or_404(Cohort, cohort_id, "attendance")
    body = register_pdf(attendance_register(cohort), _paper())
    return _download(
        "cohort.register.export",
        cohort,
        body,
        "application/pdf",
        f"cohort-{cohort.id}-register.pdf",
    )


@bp.route("/cohorts/<int:cohort_id>/roster")
@login_required
def roster_page(cohort_id: int) -> Any:
    """Members with status, join date and preferred contact, ready to print."""
    cohort = get_or_404(Cohort, cohort_id, "manage")
    return _sheet(
        "cohort.roster.read", cohort, "cohorts/roster.html", cohort=cohort, rows=roster(cohort)
    )


@bp.route("/cohorts/<int:cohort_id>/roster.csv")
@login_required
def roster_download(cohort_id: int) -> Any:
    """The roster as CSV."""
    cohort = get_or_404(Cohort, cohort_id, "manage")
    body = roster_csv(roster(cohort))
    return _download(
        "cohort.roster.export", cohort, body, "text/csv", f"cohort-{cohort.id}-roster.csv"
    )


@bp.route("/cohorts/<int:cohort_id>/roster.pdf")
@login_required
def roster_pdf_download(cohort_id: int) -> Any:
    """The roster as PDF (``?paper=letter`` for US Letter)."""
    from groupapp.cohorts.register_pdf import roster_pdf

    cohort = get_or_404(Cohort, cohort_id, "manage")
    body = roster_pdf(cohort.name, roster(cohort), _paper())
    return _download(
        "cohort.roster.export", cohort, body, "application/pdf", f"cohort-{cohort.id}-roster.pdf"
    )


def _meeting(cohort_id: int, meeting_id: int) -> Meeting:
    meeting = get_or_404(Meeting, meeting_id, "attendance")
    if meeting.cohort_id != cohort_id:
        abort(404)
    return meeting


@bp.route("/cohorts/<int:cohort_id>/meetings/<int:meeting_id>/sign-in")
@login_required
def sign_in_sheet(cohort_id: int, meeting_id: int) -> Any:
    """Names with an empty signature column, to print for the meeting room."""
    meeting = _meeting(cohort_id, meeting_id)
    return _sheet(
        "cohort.sign_in_sheet.read",
        meeting,
        "cohorts/sign_in.html",
        meeting=meeting,
        cohort=meeting.cohort,
        names=sign_in_names(meeting),
    )


@bp.route("/cohorts/<int:cohort_id>/meetings/<int:meeting_id>/sign-in.pdf")
@login_required
def sign_in_pdf_download(cohort_id: int, meeting_id: int) -> Any:
    """The sign-in sheet as PDF."""
    from groupapp.cohorts.register_pdf import sign_in_pdf

    meeting = _meeting(cohort_id, meeting_id)
    when = format_for_viewer(meeting.starts_at, meeting.cohort.timezone)
    body = sign_in_pdf(meeting, sign_in_names(meeting), when, _paper())
    return _download(
        "cohort.sign_in_sheet.export",
        meeting,
        body,
        "application/pdf",
        f"meeting-{meeting.id}-sign-in.pdf",
    )
