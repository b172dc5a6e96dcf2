"""Admins write the support lines members see beside a crisis notice, with an optional
Spanish version."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from groupapp.accounts import bp
from groupapp.accounts.forms import SupportLinesForm
from groupapp.accounts.support_lines import SPANISH, save_support_lines, support_lines
from groupapp.core.access import role_required
from groupapp.core.navigation import register_nav
from groupapp.db import db

register_nav("Support lines", "accounts.support_lines", ("admin",), order=93, group="admin")
bp.add_app_template_global(support_lines, "support_lines")


@bp.route("/organisation/support-lines", methods=["GET", "POST"], endpoint="support_lines")
@role_required("admin")
def support_lines_page():  # type: ignore[no-untyped-def]
    organisation = current_user.organisation
    form = SupportLinesForm(
        text=organisation.crisis_support_text,
        spanish_text=(organisation.crisis_support_translations or {}).get(SPANISH, ""),
    )
    if form.validate_on_submit():
        save_support_lines(organisation, form.text.data or "", form.spanish_text.data or "")
        db.session.commit()
        flash(gettext("The support lines are saved."), "success")
        return redirect(url_for("accounts.support_lines"))
    return render_template("accounts/support_lines.html", form=form)
