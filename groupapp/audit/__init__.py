"""Audit: the event log every package writes to. Its pages are in accounts (views_audit)."""

from flask import Blueprint

bp = Blueprint("audit", __name__)
