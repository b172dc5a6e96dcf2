"""Audit log pages for admins: filter and export, within their own organisation."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from groupapp.audit import bp, queries, services
from groupapp.audit.forms import AuditFilterForm
from groupapp.core.access import role_required
from groupapp.core.csv_safe import write_rows
from groupapp.core.ids import query_int
from groupapp.core.navigation import register_nav
from groupapp.db import db

register_nav("Audit log", "audit.index", ("admin",), order=90, group="admin")

CSV_HEADER = ("time_utc", "action", "actor", "subject", "object", "address", "reason")


def _criteria(form: AuditFilterForm) -> queries.AuditFilter:
    def as_id(value: str | None) -> int | None:
        return int(value) if value and value.isdigit() else None

    valid = form.validate()
    return queries.AuditFilter(
        organisation_id=current_user.organisation_id,
        actor_id=as_id(form.actor.data) if valid else None,
        subject_user_id=as_id(form.subject.data) if valid else None,
        action=(form.action.data or "").strip() if valid else "",
        date_from=form.date_from.data if valid else None,
        date_to=form.date_to.data if valid else None,
    )


def _form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.set_people(queries.people(current_user.organisation_id))
    return form


@bp.route("/audit")
@role_required("admin")
def index():
    form = _form()
    page = query_int("page", 1, low=1)
    query = queries.filtered(_criteria(form))
    rows = db.session.execute(
        query.limit(queries.PAGE_SIZE + 1).offset((page - 1) * queries.PAGE_SIZE)
    ).all()
    return services.audited_page(
        "audit.read",
        ("AuditEvent", None),
        "audit/index.html",
        reason=f"page {page}",
        form=form,
        rows=rows[: queries.PAGE_SIZE],
        page=page,
        has_more=len(rows) > queries.PAGE_SIZE,
    )


def _name(user: object | None) -> str:
    return "" if user is None else f"{user.display_name} <{user.email}>"  # type: ignore[attr-defined]


@bp.route("/audit/export.csv")
@role_required("admin")
def export_csv():
    criteria = _criteria(_form())
    rows = db.session.execute(queries.filtered(criteria)).all()
    body = write_rows(
        CSV_HEADER,
        (
            (
                event.occurred_at,
                event.action,
                _name(actor),
                _name(subject),
                f"{event.object_type}:{event.object_id or ''}",
                event.ip_address,
                event.reason,
            )
            for event, actor, subject in rows
        ),
    )
    services.record("audit.exported", ("AuditEvent", None), reason=f"{len(rows)} rows")
    db.session.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
