"""Homework."""

from flask import Blueprint

bp = Blueprint("homework", __name__)

from groupapp.homework import views  # noqa: E402,F401
