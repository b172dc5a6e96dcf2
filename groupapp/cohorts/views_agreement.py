"""The group agreement: facilitators edit it (with its Spanish version); members read it
in their language and accept it to take their place."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from groupapp.cohorts import bp, queries, services
from groupapp.cohorts.agreement import (
    SPANISH,
    agreement_for_reader,
    stale_translations,
    translation,
)
from groupapp.cohorts.forms import AgreementForm, JoinForm
from groupapp.cohorts.models import Cohort, Membership
from groupapp.core.access import check
from groupapp.core.i18n import current_locale
from groupapp.db import db


def own_place(cohort_id: int, action: str) -> tuple[Cohort, Membership]:
    """The cohort and the signed-in person's place in it, for answering the offer or leaving.

    Reached through the membership, not the cohort: invited and waitlisted people answer
    their offer without seeing the cohort itself. 404 without an open place.
    """
    cohort = queries.cohort_page(cohort_id)
    membership = services.membership_of(cohort, current_user.id) if cohort else None
    if cohort is None or membership is None:
        abort(404)
    return cohort, check(membership, action)


@bp.route("/cohorts/<int:cohort_id>/agreement", methods=["GET", "POST"])
@login_required
def agreement(cohort_id: int):  # type: ignore[no-untyped-def]
    cohort = check(queries.cohort_page(cohort_id), "edit")
    current = services.current_agreement(cohort)
    form = AgreementForm(text=current.text, spanish_text=translation(current, SPANISH))
    if form.validate_on_submit():
        new = services.update_agreement(cohort, form.text.data, current_user, form.spanish())
        db.session.commit()
        message = gettext(
            "Agreement saved as version %(number)s. Members are asked to accept it.",
            number=new.version,
        )
        if SPANISH in stale_translations(new, cohort.agreements):
            stale = gettext("The Spanish version was not changed with the English: update it too.")
            message = f"{message} {stale}"
        flash(message, "success")
        return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
    return render_template(
        "cohorts/agreement.html",
        form=form,
        cohort=cohort,
        current=current,
        spanish_stale=SPANISH in stale_translations(current, cohort.agreements),
    )


@bp.route("/cohorts/<int:cohort_id>/join", methods=["GET", "POST"])
@login_required
def join(cohort_id: int):  # type: ignore[no-untyped-def]
    cohort, membership = own_place(cohort_id, "join")
    current = services.current_agreement(cohort)
    form = JoinForm(version=current.version)
    if form.validate_on_submit():
        try:
            if form.decision.data == "decline":
                services.decline(membership)
            else:
                services.accept_place(membership, int(form.version.data), form.language.data)
        except (services.EnrolmentError, ValueError) as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("cohorts.join", cohort_id=cohort.id))
        db.session.commit()
        messages = {
            "active": gettext("Welcome to %(group)s.", group=cohort.name),
            "waitlisted": gettext(
                "The group is full just now: you are on the waitlist and will hear "
                "from us when a place frees."
            ),
            "declined": gettext(
                "You declined the place. A facilitator can invite you again later."
            ),
        }
        flash(messages.get(membership.status, gettext("Saved.")), "success")
        return redirect(url_for("meetings.my_meetings"))
    accepted = services.accepted_version(cohort, current_user.id)
    return render_template(
        "cohorts/join.html",
        cohort=cohort,
        membership=membership,
        agreement=current,
        words=agreement_for_reader(current, current_locale()),
        accepted=accepted,
        form=form,
    )
