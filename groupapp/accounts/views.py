"""Login, second factor, logout, password reset and invitations."""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from groupapp.accounts import bp, services, throttle, two_factor
from groupapp.accounts.forms import (
    AcceptInvitationForm,
    ForgotPasswordForm,
    InviteForm,
    LoginForm,
    ResetPasswordForm,
    SecondFactorForm,
)
from groupapp.accounts.invitation_delivery import undelivered_by
from groupapp.accounts.models import User
from groupapp.accounts.sessions import start_session
from groupapp.audit import services as audit
from groupapp.core.access import role_required
from groupapp.core.actions import carry_out
from groupapp.core.i18n import N_, force_locale, read_as
from groupapp.core.urls import safe_next_url
from groupapp.db import db
from groupapp.extensions import limiter

# Security events are logged with user IDs only: never an email address or a password.
log = logging.getLogger(__name__)

GENERIC_LOGIN_ERROR = N_("That email and password do not match an active account.")
PENDING = "_pending_2fa"
PENDING_SECONDS = 300


def finish_login(user: User, remember: bool = False) -> Any:
    """Start a brand-new session for ``user`` and go where they were heading."""
    next_url = safe_next_url(request.args.get("next"))
    flashes = session.get("_flashes")
    session.clear()  # a fresh session at login: nothing carries over from before
    if flashes:
        session["_flashes"] = flashes
    # Staff never get a remember cookie (see groupapp.accounts.sessions).
    remember = remember and not user.is_staff
    login_user(user, remember=remember)
    start_session(user, remember=remember)
    audit.record("accounts.login", user, subject_user_id=user.id)
    log.info("user %s signed in from %s", user.id, request.remote_addr)
    db.session.commit()
    return redirect(next_url or url_for("core.index"))


@bp.route("/login", methods=["GET", "POST"])
@throttle.guessing_limits(throttle.login_account_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            known = services.record_failed_login(form.email.data)
            db.session.commit()
            log.info(
                "failed sign-in for user %s from %s",
                known.id if known else "-",
                request.remote_addr,
            )
            flash(gettext(GENERIC_LOGIN_ERROR), "error")
            return render_template("accounts/login.html", form=form), 200
        if user.totp_secret:
            db.session.commit()
            session.clear()
            session[PENDING] = {
                "u": user.id,
                "t": user.session_token,
                "at": time.time(),
                "r": bool(form.remember.data),
            }
            return redirect(url_for("accounts.login_code", next=request.args.get("next")))
        return finish_login(user, remember=bool(form.remember.data))
    return render_template("accounts/login.html", form=form)


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("u"))
    if user is None or not user.active or user.session_token != pending.get("t"):
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
@throttle.guessing_limits(throttle.second_factor_key)
def login_code():
    """The second step of signing in for people who use an authenticator app."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(gettext("Please sign in again."), "info")
        return redirect(url_for("accounts.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        if two_factor.verify_second_factor(user, form.code.data):
            return finish_login(user, remember=bool(session[PENDING].get("r")))
        audit.record("accounts.second_factor.failed", user, subject_user_id=user.id)
        db.session.commit()
        form.code.errors = ["That code did not work. Codes change every 30 seconds."]
    return render_template("accounts/login_code.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # Rotating the token makes every copy of the old cookies worthless on the server.
    current_user.end_all_sessions()
    audit.record("accounts.logout", current_user, subject_user_id=current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    session["_remember"] = "clear"  # and the remember cookie goes too
    flash(gettext("You are signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(throttle.PER_ADDRESS_RESET, methods=["POST"])
@limiter.limit(throttle.PER_EMAIL_RESET, methods=["POST"], key_func=throttle.reset_email_key)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            gettext(
                "If that address belongs to an account, a reset link is on its way. "
                "It works for one hour."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(throttle.PER_ADDRESS_LINK, methods=["POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        flash(
            gettext("That reset link has expired or was already used. Ask for a new one."),
            "error",
        )
        return redirect(url_for("accounts.forgot_password"))
    read_as(user.locale)  # the token names the person: their language, not the browser's
    form = ResetPasswordForm()
    form.personal_words = [user.email, user.display_name]
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        audit.record(
            "accounts.password.reset",
            user,
            subject_user_id=user.id,
            organisation_id=user.organisation_id,  # nobody is signed in to take it from
        )
        log.info("user %s set a new password by reset link", user.id)
        db.session.commit()
        flash(gettext("Your password is changed. Sign in with the new one."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit(throttle.PER_ADDRESS_LINK, methods=["POST"])
def accept_invitation(token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render_template("accounts/invitation_invalid.html"), 410
    existing = services.find_user_by_email(invitation.email)
    # The link names the person: their account's language, else the one they were invited in.
    read_as(existing.locale if existing is not None else invitation.locale)
    form = AcceptInvitationForm()
    form.personal_words = [invitation.email]
    if invitation.role == "supporter" and invitation.invited_by is not None:
        # Only the person who asked sees this name, not a group.
        form.display_name.label.text = gettext(
            "Your name as %(person)s will see it", person=invitation.invited_by.display_name
        )
    if not form.is_submitted():
        form.locale.data = invitation.locale
    if existing is not None:
        # Someone with an account only confirms; the cohorts domain attaches the cohort.
        if request.method == "POST" and form.csrf_token.validate(form):
            if services.must_sign_in_first(existing, current_user):
                flash(
                    gettext("Sign in as the invited person first, then open the link again."),
                    "info",
                )
                return redirect(url_for("accounts.login", next=request.path))
            carry_out(
                lambda: services.accept_invitation(
                    invitation, existing.display_name, "", existing.timezone
                ),
                lambda _: gettext("Invitation accepted."),
            )
            return redirect(url_for("core.index"))
        return render_template(
            "accounts/invitation_existing.html", invitation=invitation, form=form
        )
    if form.validate_on_submit():
        user = services.accept_invitation(
            invitation,
            form.display_name.data,
            form.password.data,
            form.timezone.data,
            form.locale.data or invitation.locale,
        )
        db.session.commit()
        with force_locale(user.locale):  # the language just chosen
            flash(gettext("Welcome, %(name)s.", name=user.display_name), "success")
        return finish_login(user)
    return render_template("accounts/accept_invitation.html", form=form, invitation=invitation)


@bp.route("/people/invite", methods=["GET", "POST"])
@role_required("admin", "facilitator")
@throttle.invitation_limit
def invite_person():
    """Admins invite facilitators; facilitators (and admins) invite participants."""
    form = InviteForm()
    role = request.values.get("role", "participant")
    allowed = services.invitable_roles(current_user)
    if role not in allowed:
        abort(403)
    if form.validate_on_submit():
        services.invite(
            current_user.organisation,
            form.email.data,
            role,
            current_user,
            locale=form.locale.data,
        )
        db.session.commit()
        flash(gettext("Invitation sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for("accounts.invite_person", role=role))
    return render_template(
        "accounts/invite.html",
        form=form,
        role=role,
        allowed=allowed,
        undelivered=undelivered_by(current_user.id),
    )
