"""Private message pages: the inbox, opening a conversation, a thread, replying, closing."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from groupapp.accounts.models import User
from groupapp.audit.services import record
from groupapp.cohorts.access import visible_cohorts_query
from groupapp.cohorts.membership_state import joined_user_ids
from groupapp.cohorts.models import Cohort
from groupapp.cohorts.queries import cohort_page
from groupapp.core.access import check, role_required
from groupapp.core.actions import carry_out
from groupapp.core.ids import query_int
from groupapp.db import db
from groupapp.messaging import bp, threads
from groupapp.messaging.access import is_staff_reader
from groupapp.messaging.forms import EmailChoiceForm, NewThreadForm, ReplyForm
from groupapp.messaging.models import MessageThread
from groupapp.programs.forms import EmptyForm

STAFF = ("admin", "facilitator")
READ_ACTION = "messages.thread.read"
INBOX_ACTION = "messages.inbox.read"


def _thread(thread_id: int, action: str = "view") -> MessageThread:
    return check(threads.load_thread(thread_id), action)


def _inbox(template_endpoint: str):  # type: ignore[no-untyped-def]
    page = threads.inbox_page(current_user, request.args.get("after"))
    html = render_template(
        "messaging/inbox.html",
        page=page,
        endpoint=template_endpoint,
        daily=threads.wants_daily_summary(current_user),
    )
    return html


@bp.route("/messages")
@role_required("participant")
def inbox():  # type: ignore[no-untyped-def]
    return _inbox("messaging.inbox")


@bp.route("/messages/staff")
@role_required(*STAFF)
def staff_inbox():  # type: ignore[no-untyped-def]
    html = _inbox("messaging.staff_inbox")
    # Staff read who wrote to them about what: audited like other lists of people's states.
    record(INBOX_ACTION, ("MessageThread", None))
    db.session.commit()
    return html


@bp.route("/messages/new", methods=["GET", "POST"])
@role_required("participant")
def new_thread():  # type: ignore[no-untyped-def]
    cohorts = db.session.scalars(visible_cohorts_query(current_user).order_by(Cohort.name)).all()
    form = NewThreadForm()
    form.offer([(c.id, c.name) for c in cohorts], gettext("The facilitators of"))
    if request.method == "GET" and len(cohorts) == 1:
        form.with_whom.data = cohorts[0].id
    if form.validate_on_submit():
        cohort = check(cohort_page(form.with_whom.data))
        done = carry_out(
            lambda: threads.open_thread(
                cohort, current_user, current_user, form.subject.data, form.body.data
            ),
            lambda _m: gettext("Message sent to your facilitators."),
        )
        if done:
            return redirect(url_for("messaging.inbox"))
    return render_template("messaging/new_thread.html", form=form, cohorts=cohorts, cohort=None)


@bp.route("/cohorts/<int:cohort_id>/messages/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new_staff_thread(cohort_id: int):  # type: ignore[no-untyped-def]
    cohort = check(cohort_page(cohort_id), "manage")
    members = db.session.scalars(
        sa.select(User).where(User.id.in_(joined_user_ids(cohort.id))).order_by(User.display_name)
    ).all()
    form = NewThreadForm()
    form.offer(
        [(m.id, m.display_name) for m in members],
        "Member",
        "This person is no longer a member of the cohort. Choose another member; what you "
        "wrote is kept.",
    )
    if request.method == "GET":
        form.with_whom.data = query_int("member")
    if form.validate_on_submit():
        member = next(m for m in members if m.id == form.with_whom.data)
        done = carry_out(
            lambda: threads.open_thread(
                cohort, member, current_user, form.subject.data, form.body.data
            ),
            lambda _m: gettext("Message sent to %(name)s.", name=member.display_name),
        )
        if done:
            return redirect(url_for("messaging.staff_inbox"))
    return render_template("messaging/new_thread.html", form=form, cohorts=[], cohort=cohort)


def _thread_page(item: MessageThread, form: ReplyForm) -> str:
    """The thread, newest page of messages; marks it read, and audits a staff read."""
    page = threads.messages_page(item, request.args.get("after"))
    staff = is_staff_reader(current_user, item)
    if page.first:
        threads.mark_read(item, current_user)
    html = render_template(
        "messaging/thread.html",
        thread=item,
        page=page,
        messages=list(reversed(page.items)),
        staff=staff,
        form=form,
        close_form=EmptyForm(),
        read_marks=threads.read_marks(item),
    )
    if staff:
        record(READ_ACTION, item, subject_user_id=item.participant_id)
    db.session.commit()
    return html


@bp.route("/messages/<int:thread_id>")
@login_required
def thread(thread_id: int):  # type: ignore[no-untyped-def]
    return _thread_page(_thread(thread_id), ReplyForm())


@bp.route("/messages/<int:thread_id>/reply", methods=["POST"])
@login_required
def reply(thread_id: int):  # type: ignore[no-untyped-def]
    item = _thread(thread_id)
    form = ReplyForm()
    if form.validate_on_submit() and carry_out(
        lambda: threads.write(item, current_user, form.body.data),
        lambda _m: gettext("Message sent."),
    ):
        return redirect(url_for("messaging.thread", thread_id=item.id, _anchor="latest"))
    # The text stays in the form, with the reason beside it.
    return _thread_page(item, form)


@bp.route("/messages/<int:thread_id>/close", methods=["POST"])
@role_required(*STAFF)
def close_thread(thread_id: int):  # type: ignore[no-untyped-def]
    item = _thread(thread_id, "close")
    if EmptyForm().validate_on_submit():
        carry_out(
            lambda: threads.close(item, current_user),
            lambda _t: gettext(
                "Conversation closed. It stays readable; nobody can write in it now."
            ),
        )
    return redirect(url_for("messaging.thread", thread_id=item.id))


@bp.route("/messages/email", methods=["GET", "POST"])
@login_required
def email_choice():  # type: ignore[no-untyped-def]
    form = EmailChoiceForm()
    if request.method == "GET":
        form.mode.data = "daily" if threads.wants_daily_summary(current_user) else "each"
    if form.validate_on_submit():
        daily = form.mode.data == "daily"
        if carry_out(
            lambda: threads.set_daily_summary(current_user, daily),
            lambda _r: (
                gettext("Saved: a daily summary.")
                if daily
                else gettext("Saved: an email per message.")
            ),
        ):
            endpoint = "messaging.staff_inbox" if current_user.is_staff else "messaging.inbox"
            return redirect(url_for(endpoint))
    return render_template(
        "messaging/email_choice.html",
        form=form,
        retention_years=current_app.config["MESSAGE_RETENTION_YEARS"],
    )
