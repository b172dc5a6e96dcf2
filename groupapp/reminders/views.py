"""My reminders: a participant's own list, with a form to add, change and remove."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from groupapp.core.access import get_or_404, role_required
from groupapp.core.actions import carry_out
from groupapp.core.confirm import Confirmation, confirm_page, confirmed
from groupapp.db import db
from groupapp.programs.forms import EmptyForm
from groupapp.programs.pages import form_page
from groupapp.reminders import bp, services
from groupapp.reminders.access import REMINDER_ROLES
from groupapp.reminders.forms import ReminderForm
from groupapp.reminders.models import OwnReminder


def _fields(form: ReminderForm) -> services.ReminderFields:
    return services.ReminderFields(
        text=form.text.data or "",
        kind=form.kind.data,
        local_time=form.local_time.data,
        weekdays=tuple(form.weekdays.data or ()),
        in_calendar=bool(form.in_calendar.data),
    )


def _saved(reminder: OwnReminder) -> str:
    return gettext(
        "Reminder saved: %(when)s.", when=services.describe(reminder, current_user.timezone)
    )


@bp.route("/my/reminders", methods=["GET", "POST"])
@role_required(*REMINDER_ROLES)
def mine():
    form = ReminderForm()
    if form.validate_on_submit() and carry_out(
        lambda: services.add_reminder(current_user, _fields(form)), _saved
    ):
        return redirect(url_for("reminders.mine"))
    return render_template(
        "reminders/mine.html",
        reminders=services.reminders_of(current_user.id),
        form=form,
        delete_form=EmptyForm(),
        describe=services.describe,
    )


@bp.route("/my/reminders/<int:reminder_id>/edit", methods=["GET", "POST"])
@role_required(*REMINDER_ROLES)
def edit(reminder_id: int):
    reminder = get_or_404(OwnReminder, reminder_id, "edit")
    form = ReminderForm(obj=reminder)
    if not form.is_submitted():
        form.weekdays.data = list(reminder.weekday_numbers)
    if form.validate_on_submit() and carry_out(
        lambda: services.change_reminder(reminder, _fields(form)), _saved
    ):
        return redirect(url_for("reminders.mine"))
    return form_page(
        form,
        title=gettext("Change a reminder"),
        back=url_for("reminders.mine"),
        submit=gettext("Save reminder"),
    )


@bp.route("/my/reminders/<int:reminder_id>/delete", methods=["POST"])
@role_required(*REMINDER_ROLES)
def delete(reminder_id: int):
    reminder = get_or_404(OwnReminder, reminder_id, "delete")
    if not EmptyForm().validate_on_submit():
        flash(gettext("That form had expired. Try again."), "error")
        return redirect(url_for("reminders.mine"))
    if not confirmed():
        return confirm_page(
            Confirmation(
                gettext("Remove this reminder?"),
                gettext("“%(text)s” will not be sent again.", text=reminder.text),
                gettext("Remove the reminder"),
                url_for("reminders.mine"),
            )
        )
    services.remove_reminder(reminder)
    db.session.commit()
    flash(gettext("Reminder removed."), "success")
    return redirect(url_for("reminders.mine"))
