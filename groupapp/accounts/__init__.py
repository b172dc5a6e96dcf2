"""Accounts: organisations, people, login, invitations and password resets."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from groupapp.accounts import access, emails, views  # noqa: E402,F401
