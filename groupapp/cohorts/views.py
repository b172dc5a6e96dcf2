"""Cohort pages: the facilitator dashboard, creation, the cohort page, enrolment."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from groupapp.accounts import directory
from groupapp.accounts.models import User
from groupapp.accounts.throttle import invitation_limit
from groupapp.audit.services import record
from groupapp.cohorts import bp, queries, services
from groupapp.cohorts import meeting_services as meetings
from groupapp.cohorts.access import manages_now
from groupapp.cohorts.confirmations import cohort_saved, readded_message, removed_message
from groupapp.cohorts.forms import CohortForm, EmptyForm, InviteMemberForm
from groupapp.cohorts.grid_cells import grid_row
from groupapp.cohorts.membership_state import membership_state
from groupapp.cohorts.models import Cohort, Membership
from groupapp.cohorts.views_agreement import own_place
from groupapp.core.access import check, get_or_404, role_required
from groupapp.core.actions import carry_out
from groupapp.core.attention import attention_for
from groupapp.core.confirm import Confirmation, confirm_page, confirmed
from groupapp.core.ids import query_int
from groupapp.core.page_cache import cached_page
from groupapp.db import db
from groupapp.meetings.recurrence import Recurrence, series_notices
from groupapp.programs import services as programs
from groupapp.programs.catalog import ProgramTemplate
from groupapp.programs.models import Program
from groupapp.programs.pages import form_page

STAFF = ("admin", "facilitator")
MAX_CO_FACILITATORS = 20

bp.add_app_template_global(membership_state, "membership_state")
bp.add_app_template_global(grid_row, "attendance_cells")


def _load_cohort(cohort_id: int, action: str = "view") -> Cohort:
    return check(queries.cohort_page(cohort_id), action)


def _still_managed(cohort_id: int) -> None:
    """On a page cache hit: the person still manages the cohort (one small statement)."""
    if not manages_now(current_user, cohort_id):
        abort(404)


def _settings(
    form: CohortForm, cohort: Cohort | None = None, staff: tuple[int, tuple[int, ...]] = (0, ())
) -> services.CohortSettings:
    """The form's values; schedule fields fall back to the cohort's when editing.

    ``staff`` is the lead's id and the co-facilitators' ids, from :func:`_chosen_staff`.
    """
    return services.CohortSettings(
        name=form.name.data,
        description=form.description.data or "",
        capacity=form.capacity.data,
        start_date=(cohort.start_date if cohort else None) or form.start_date.data,
        weekdays=tuple(form.weekdays.data) if cohort is None else (int(cohort.weekdays[0]),),
        start_time=cohort.start_time if cohort else form.start_time.data,
        duration_minutes=cohort.duration_minutes if cohort else form.duration_minutes.data,
        timezone=cohort.timezone if cohort else form.timezone.data,
        weeks=cohort.weeks if cohort else form.weeks.data,
        interval_weeks=cohort.interval_weeks if cohort else form.interval_weeks.data,
        location=form.location.data or "",
        video_url=form.video_url.data or "",
        status=form.status.data,
        absence_threshold=form.absence_threshold.data,
        lead_id=staff[0],
        co_facilitator_ids=staff[1],
    )


def _unconfirmed_time_notices(form: CohortForm) -> list[str]:
    """Meetings whose weekly time the clocks skip or repeat, until the person confirms them.

    The series moves such a meeting by the clock change (or uses the first of two
    identical times); the form lists them and asks once before creating.
    """
    if form.accept_times.data:
        return []
    settings = _settings(form)
    try:
        rule = Recurrence(
            start_date=settings.start_date,
            weekdays=settings.weekdays,
            start_time=settings.start_time,
            duration_minutes=settings.duration_minutes,
            timezone=settings.timezone,
            weeks=settings.weeks,
            interval=settings.interval_weeks,
        )
    except ValueError:
        return []  # the service refuses these settings with its own message
    notices = series_notices(rule)
    if notices:
        form.accept_times.errors = [
            "On these days the clocks change at the meeting time. Tick the box to create "
            "the cohort with these times, or choose another time."
        ]
    return notices


def _chosen_staff(form: CohortForm) -> tuple[int, tuple[int, ...]] | None:
    """The lead's id and the co-facilitators' ids the form names (one statement).

    None, with the problems on the fields, when a text names nobody or several people.
    """
    lead_text = (form.lead.data or "").strip()
    co_texts = directory.lines(form.co_facilitators.data)
    if len(co_texts) > MAX_CO_FACILITATORS:
        form.co_facilitators.errors = [f"At most {MAX_CO_FACILITATORS} co-facilitators."]
        return None
    found = directory.resolve_staff(current_user.organisation_id, [lead_text, *co_texts])
    lead = found.get(lead_text, "Name the lead facilitator.")
    if isinstance(lead, str):
        form.lead.errors = [lead]
    co_problems = [answer for text in co_texts if isinstance(answer := found[text], str)]
    if co_problems:
        form.co_facilitators.errors = co_problems
    if isinstance(lead, str) or co_problems:
        return None
    co_ids = (person.id for text in co_texts if isinstance(person := found[text], User))
    return lead.id, tuple(dict.fromkeys(co_ids))


def _staff_texts(cohort: Cohort) -> tuple[str, str]:
    """The lead's and co-facilitators' email addresses as the form shows them."""
    links = sorted(cohort.facilitator_links, key=lambda link: not link.is_lead)
    lead = next((link.user.email for link in links if link.is_lead), "")
    return lead, "\n".join(link.user.email for link in links if not link.is_lead)


def _program_source() -> Program | ProgramTemplate:
    """What a new cohort follows: an organisation program, or a built-in template."""
    slug = request.args.get("builtin")
    if slug:
        template = programs.builtin_template(slug)
        if template is None:
            abort(404)
        return template
    program_id = query_int("program")
    if program_id is None:
        abort(404)
    return get_or_404(Program, program_id, "use")


@bp.route("/cohorts")
@role_required(*STAFF)
@cached_page()
def index():
    board = queries.dashboard(current_user, request.args.get("after"))
    return render_template(
        "cohorts/index.html",
        cards=board.cards,
        upcoming=board.upcoming,
        page=board.page,
        attention=attention_for(current_user),
    )


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required(*STAFF)
def create():
    source = _program_source()
    form = CohortForm()
    if request.method == "GET":
        form.lead.data = current_user.email
        form.weeks.data = source.weeks
        form.duration_minutes.data = source.meeting_minutes
        form.timezone.data = current_user.timezone
        form.name.data = source.name
    time_notices: list[str] = []
    if form.validate_on_submit() and (staff := _chosen_staff(form)):
        time_notices = _unconfirmed_time_notices(form)
        if not time_notices:
            try:
                # A built-in template is used through the organisation's own copy of it.
                program = (
                    source
                    if isinstance(source, Program)
                    else programs.organisation_copy_of(source, current_user)
                )
                cohort = services.create_cohort(program, _settings(form, staff=staff), current_user)
            except (services.EnrolmentError, ValueError) as exc:
                db.session.rollback()
                flash(str(exc), "error")
            else:
                notices = meetings.series_notices(cohort)
                db.session.commit()
                flash(
                    ngettext(
                        "Cohort created with %(num)d meeting.",
                        "Cohort created with %(num)d meetings.",
                        len(form.weekdays.data) * form.weeks.data,
                    ),
                    "success",
                )
                for notice in notices:
                    flash(notice, "info")
                return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
    return render_template(
        "cohorts/create.html", form=form, source=source, time_notices=time_notices
    )


@bp.route("/cohorts/<int:cohort_id>")
@login_required
@cached_page(check=_still_managed)
def detail(cohort_id: int):
    cohort = _load_cohort(cohort_id, "manage")
    page = queries.cohort_overview(cohort)
    record("cohort.attendance.read", cohort)  # the grid shows every member's attendance
    html = render_template("cohorts/detail.html", page=page, cohort=cohort, form=EmptyForm())
    db.session.commit()  # after rendering: a commit would expire what the page loaded
    return html


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@login_required
def edit(cohort_id: int):
    cohort = _load_cohort(cohort_id, "edit")
    form = CohortForm(obj=cohort)
    # The schedule is not edited here (the page does not show it): its fields leave the
    # form, so nothing posted under their names can fail or be read.
    schedule = ("start_date", "weekdays", "start_time", "duration_minutes", "timezone", "weeks")
    for name in (*schedule, "interval_weeks"):
        del form[name]
    if request.method == "GET":
        form.lead.data, form.co_facilitators.data = _staff_texts(cohort)
    if (
        form.validate_on_submit()
        and (staff := _chosen_staff(form))
        and carry_out(
            lambda: services.update_cohort(cohort, _settings(form, cohort, staff)),
            lambda promoted: cohort_saved(len(promoted)),
        )
    ):
        return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
    return render_template("cohorts/edit.html", form=form, cohort=cohort)


@bp.route("/cohorts/<int:cohort_id>/invite", methods=["GET", "POST"])
@login_required
@invitation_limit
def invite(cohort_id: int):
    cohort = _load_cohort(cohort_id, "invite")
    form = InviteMemberForm()
    if form.validate_on_submit() and carry_out(
        lambda: services.invite(cohort, form.email.data, current_user, locale=form.locale.data),
        lambda _: gettext("Invitation sent to %(email)s.", email=form.email.data),
    ):
        return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
    return form_page(
        form,
        title="Invite a participant",
        context=cohort.name,
        intro="They get an email with a link that works once. Someone who already has an "
        "account here is added to this cohort when they accept.",
        back=url_for("cohorts.detail", cohort_id=cohort.id),
        submit="Send invitation",
        busy="Sending the invitation…",
    )


def _member_action(cohort_id: int, membership_id: int, action: str) -> Membership:
    membership = get_or_404(Membership, membership_id, action)
    if membership.cohort_id != cohort_id or not EmptyForm().validate_on_submit():
        abort(404 if membership.cohort_id != cohort_id else 400)
    return membership


@bp.route("/cohorts/<int:cohort_id>/members/<int:membership_id>/remove", methods=["POST"])
@login_required
def remove_member(cohort_id: int, membership_id: int):
    membership = _member_action(cohort_id, membership_id, "remove")
    if not confirmed():
        return confirm_page(
            Confirmation(
                f"Remove {membership.user.display_name} from {membership.cohort.name}?",
                "Their attendance history stays on record, and you can add them back later.",
                "Remove from the cohort",
                url_for("cohorts.detail", cohort_id=cohort_id),
            )
        )
    carry_out(lambda: services.remove(membership, current_user), removed_message)
    return redirect(url_for("cohorts.detail", cohort_id=cohort_id))


@bp.route("/cohorts/<int:cohort_id>/members/<int:membership_id>/readd", methods=["POST"])
@login_required
def readd_member(cohort_id: int, membership_id: int):
    membership = _member_action(cohort_id, membership_id, "readd")
    carry_out(
        lambda: services.readd(membership, current_user),
        lambda readded: readded_message(readded),
    )
    return redirect(url_for("cohorts.detail", cohort_id=cohort_id))


@bp.route("/cohorts/<int:cohort_id>/leave", methods=["POST"])
@login_required
def leave(cohort_id: int):
    cohort, membership = own_place(cohort_id, "leave")
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not confirmed():
        return confirm_page(
            Confirmation(
                f"Leave {cohort.name}?",
                "Your attendance history stays on your record, and a facilitator can add you "
                "back later.",
                "Leave this group",
                url_for("cohorts.join", cohort_id=cohort.id),
            )
        )
    carry_out(
        lambda: services.leave(membership),
        lambda _: gettext(
            "You have left %(group)s. Your attendance history stays on your record.",
            group=cohort.name,
        ),
        category="info",
    )
    return redirect(url_for("meetings.my_meetings"))


@bp.route("/cohorts/<int:cohort_id>/members/<int:membership_id>")
@login_required
def member(cohort_id: int, membership_id: int):
    membership = get_or_404(Membership, membership_id, "history")
    if membership.cohort_id != cohort_id:
        abort(404)
    history = queries.member_history(membership)
    record("attendance.history.read", membership, subject_user_id=membership.user_id)
    html = render_template("cohorts/member.html", history=history, cohort=membership.cohort)
    db.session.commit()  # the audit record, after rendering (a commit expires loaded rows)
    return html
