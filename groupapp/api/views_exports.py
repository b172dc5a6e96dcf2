"""Cohort exports: the same files as the staff pages, audited the same way."""

from __future__ import annotations

from typing import Any

from groupapp.api.auth import api_blueprint, require_staff
from groupapp.api.schemas import ID
from groupapp.assessments.exports import cohort_export
from groupapp.cohorts.models import Cohort
from groupapp.core.access import get_or_404
from groupapp.db import db

blp = api_blueprint("exports", "Cohort exports")

CSV_FILE = {"type": "string", "description": "one row per submitted check-in response"}


@blp.route(f"/cohorts/<{ID}:cohort_id>/export.csv", methods=["GET"])
@blp.response(200, CSV_FILE, content_type="text/csv")
def export_csv(cohort_id: int) -> Any:
    """The cohort's check-in scores as CSV, participants under pseudonyms (its staff)."""
    require_staff("Exports")
    cohort = get_or_404(Cohort, cohort_id, "manage")
    export = cohort_export(cohort, "csv")
    db.session.commit()
    return export.download()
