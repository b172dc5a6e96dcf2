"""Admins manage the people of their organisation: list, deactivate, reactivate."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from groupapp.accounts import bp, directory, services
from groupapp.accounts.forms import DeactivateForm
from groupapp.accounts.models import STAFF_ROLES, User
from groupapp.audit.services import audited_page
from groupapp.core.access import get_or_404, role_required
from groupapp.core.actions import carry_out
from groupapp.core.navigation import register_nav
from groupapp.core.text import single_line
from groupapp.db import db

register_nav("People", "accounts.people", ("admin",), order=80, group="admin")


def _search_text() -> str:
    """The search box's text (at most one line of ``MAX_TERM_LENGTH`` characters)."""
    return single_line(request.args.get("q", ""))[: directory.MAX_TERM_LENGTH]


@bp.route("/people")
@role_required("admin")
def people():
    text = _search_text()
    page = directory.search_people(current_user.organisation_id, text, request.args.get("after"))
    return audited_page(
        "accounts.people.read",
        ("Organisation", current_user.organisation_id),
        "accounts/people.html",
        reason=f"{len(page.items)} people" + (f" matching {text!r}" if text else ""),
        page=page,
        q=text,
    )


@bp.route("/people/staff")
@role_required(*STAFF_ROLES)
def staff():
    """Find a colleague's email address (to name them on a cohort's form, for example)."""
    text = _search_text()
    page = directory.search_people(
        current_user.organisation_id, text, request.args.get("after"), staff_only=True
    )
    return render_template("accounts/staff.html", page=page, q=text)


@bp.route("/people/<int:user_id>/deactivate", methods=["GET", "POST"])
@role_required("admin")
def deactivate(user_id: int):
    person = get_or_404(User, user_id, "manage")
    form = DeactivateForm()
    if person.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("accounts.people"))
    if form.validate_on_submit():
        services.deactivate_user(person, form.reason.data)
        db.session.commit()
        flash(_("%(name)s can no longer sign in.", name=person.display_name), "success")
        return redirect(url_for("accounts.people"))
    return render_template("accounts/deactivate.html", form=form, person=person)


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
@role_required("admin")
def reactivate(user_id: int):
    person = get_or_404(User, user_id, "manage")
    form = DeactivateForm()
    if form.csrf_token.validate(form):
        carry_out(
            lambda: services.reactivate_user(person),
            lambda _done: _("%(name)s can sign in again.", name=person.display_name),
        )
    return redirect(url_for("accounts.people"))
