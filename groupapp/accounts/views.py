"""Login, logout, password reset and invitations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from groupapp.accounts import bp, services
from groupapp.accounts.forms import (
    AcceptInvitationForm,
    ForgotPasswordForm,
    InviteForm,
    LoginForm,
    ResetPasswordForm,
)
from groupapp.accounts.models import User
from groupapp.core.access import role_required
from groupapp.core.urls import safe_next_url
from groupapp.db import db
from groupapp.extensions import limiter, login_manager

GENERIC_LOGIN_ERROR = "That email and password do not match an active account."


@login_manager.user_loader
def load_user(cookie_id: str) -> User | None:
    user_id, _, token = cookie_id.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token:
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.commit()
            flash(GENERIC_LOGIN_ERROR, "error")
            return render_template("accounts/login.html", form=form), 200
        session.clear()  # a fresh session at login: nothing carries over from before
        login_user(user, remember=form.remember.data)
        db.session.commit()
        return redirect(safe_next_url(request.args.get("next")) or url_for("core.index"))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # Rotating the token makes every copy of the old cookies worthless on the server.
    current_user.end_all_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            "If that address belongs to an account, a reset link is on its way. "
            "It works for one hour.",
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        flash("That reset link has expired or was already used. Ask for a new one.", "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        db.session.commit()
        flash("Your password is changed. Sign in with the new one.", "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def accept_invitation(token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render_template("accounts/invitation_invalid.html"), 410
    existing = services.find_user_by_email(invitation.email)
    form = AcceptInvitationForm()
    if existing is not None:
        # Someone with an account only confirms; the cohorts domain attaches the cohort.
        if request.method == "POST" and form.csrf_token.validate(form):
            if not current_user.is_authenticated or current_user.id != existing.id:
                flash("Sign in as the invited person first, then open the link again.", "info")
                return redirect(url_for("accounts.login", next=request.path))
            services.accept_invitation(invitation, existing.display_name, "", existing.timezone)
            db.session.commit()
            flash("Invitation accepted.", "success")
            return redirect(url_for("core.index"))
        return render_template(
            "accounts/invitation_existing.html", invitation=invitation, form=form
        )
    if form.validate_on_submit():
        user = services.accept_invitation(
            invitation, form.display_name.data, form.password.data, form.timezone.data
        )
        db.session.commit()
        session.clear()
        login_user(user)
        flash(f"Welcome, {user.display_name}.", "success")
        return redirect(url_for("core.index"))
    return render_template("accounts/accept_invitation.html", form=form, invitation=invitation)


@bp.route("/people/invite", methods=["GET", "POST"])
@role_required("admin", "facilitator")
def invite_person():
    """Admins invite facilitators; facilitators (and admins) invite participants."""
    form = InviteForm()
    role = request.values.get("role", "participant")
    allowed = ("facilitator", "participant") if current_user.is_admin else ("participant",)
    if role not in allowed:
        abort(403)
    if form.validate_on_submit():
        services.invite(current_user.organisation, form.email.data, role, current_user)
        db.session.commit()
        flash(f"Invitation sent to {form.email.data}.", "success")
        return redirect(url_for("accounts.invite_person", role=role))
    return render_template("accounts/invite.html", form=form, role=role, allowed=allowed)
