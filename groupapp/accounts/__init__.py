"""Accounts: organisations, people, login, sessions, two-factor, invitations, resets."""

from flask import Blueprint

from groupapp.accounts.sessions import register_session_rules

bp = Blueprint("accounts", __name__)
bp.record_once(lambda state: register_session_rules(state.app))

from groupapp.accounts import (  # noqa: E402,F401
    access,
    emails,
    personal_data,
    views,
    views_account,
    views_audit,
    views_people,
    views_settings,
    views_support_lines,
)
