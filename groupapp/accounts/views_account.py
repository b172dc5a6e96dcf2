"""A signed-in person's own account: password and two-factor authentication."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user

from groupapp.accounts import bp, services, two_factor
from groupapp.accounts.forms import ChangePasswordForm, ConfirmPasswordForm, SecondFactorForm
from groupapp.accounts.passwords import verify_password
from groupapp.accounts.sessions import SEEN, STARTED, wants_json
from groupapp.audit import services as audit
from groupapp.db import db

# Pages a staff member whose organisation insists on two-factor may still open.
ENROLMENT_ENDPOINTS = {
    "static",
    "accounts.login",
    "accounts.logout",
    "accounts.login_code",
    "accounts.two_factor_page",
    "accounts.two_factor_confirm",
    "accounts.two_factor_cancel",
    "core.healthz",
}


def _keep_current_session() -> None:
    """After the token rotated (ending every other session), keep this one signed in."""
    stamps = {key: session.get(key) for key in (STARTED, SEEN)}
    login_user(current_user._get_current_object())
    session.update(stamps)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    form.personal_words = [current_user.email, current_user.display_name]
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors = [gettext("That is not your current password.")]
        else:
            services.change_password(current_user, form.password.data)
            db.session.commit()
            _keep_current_session()
            flash(
                gettext("Your password is changed. You were signed out everywhere else."),
                "success",
            )
            return redirect(url_for("accounts.change_password"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/account/two-factor", methods=["GET"])
@login_required
def two_factor_page():
    """Status, and for someone without a second factor, the QR code to set one up."""
    if current_user.totp_secret:
        return render_template(
            "accounts/two_factor_status.html",
            form=ConfirmPasswordForm(),
            remaining=two_factor.remaining_recovery_codes(current_user),
            required=two_factor.required_for(current_user),
        )
    secret = two_factor.pending_secret(current_user)
    db.session.commit()
    return render_template(
        "accounts/two_factor_setup.html",
        form=SecondFactorForm(),
        qr=two_factor.qr_svg(two_factor.provisioning_uri(secret, current_user)),
        secret=secret,
        required=two_factor.required_for(current_user),
    )


@bp.route("/account/two-factor", methods=["POST"])
@login_required
def two_factor_confirm():
    form = SecondFactorForm()
    secret = current_user.totp_pending_secret
    if current_user.totp_secret or not secret:
        return redirect(url_for("accounts.two_factor_page"))
    step = two_factor.code_matches(secret, form.code.data or "", None)
    if form.validate_on_submit() and step is not None:
        codes = two_factor.enable(current_user, secret, step)
        audit.record("accounts.second_factor.enabled", current_user, current_user.id)
        db.session.commit()
        return render_template("accounts/recovery_codes.html", codes=codes)
    flash(
        gettext(
            "That code did not match. Enter the 6 digits your app shows now for groupapp; "
            "the key you scanned stays the same until you finish or cancel the setup."
        ),
        "error",
    )
    return redirect(url_for("accounts.two_factor_page"))


@bp.route("/account/two-factor/cancel", methods=["POST"])
@login_required
def two_factor_cancel():
    """Forget the key shown during setup; the next visit shows a new one."""
    if not current_user.totp_secret:
        current_user.totp_pending_secret = None
        db.session.commit()
        flash(
            gettext("Two-factor setup is cancelled. Remove the groupapp entry from your app."),
            "info",
        )
    return redirect(url_for("accounts.two_factor_page"))


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_required
def two_factor_disable():
    form = ConfirmPasswordForm()
    if two_factor.required_for(current_user):
        flash(gettext("Your organisation requires two-factor authentication for staff."), "error")
    elif form.validate_on_submit() and verify_password(
        current_user.password_hash, form.password.data
    ):
        two_factor.disable(current_user)
        audit.record("accounts.second_factor.disabled", current_user, current_user.id)
        db.session.commit()
        flash(gettext("Two-factor authentication is off."), "info")
    else:
        flash(gettext("That is not your password."), "error")
    return redirect(url_for("accounts.two_factor_page"))


@bp.before_app_request
def require_second_factor() -> Any:
    """Staff of an organisation that insists on two-factor set it up before anything else."""
    if (
        request.endpoint in ENROLMENT_ENDPOINTS
        or not current_user.is_authenticated
        or current_user.totp_secret
        or not two_factor.required_for(current_user)
    ):
        return None
    if wants_json():
        abort(403)
    flash(
        gettext("Your organisation asks staff to set up two-factor authentication first."), "info"
    )
    return redirect(url_for("accounts.two_factor_page"))
