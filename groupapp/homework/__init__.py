"""Homework: templates, assignments, submissions with autosaved drafts, and review."""

from flask import Blueprint

from groupapp.core.i18n import N_
from groupapp.core.navigation import register_nav

bp = Blueprint("homework", __name__)

register_nav(N_("My homework"), "homework.my_homework", ("participant",), order=30)
register_nav("Homework review", "homework.review_queue", ("facilitator", "admin"), order=30)
register_nav(
    "Homework templates", "homework.templates", ("facilitator", "admin"), order=35, group="library"
)

from groupapp.homework import (  # noqa: E402,F401
    access,
    attention,
    calendar,
    copying,
    dashboard,
    notices,
    personal_data,
    views,
    views_changes,
    views_staff,
    views_templates,
)
