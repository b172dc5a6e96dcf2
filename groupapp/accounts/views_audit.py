"""Audit log pages for admins: filter and export, within their own organisation.

They live with accounts, above the audit package, because each event is shown with the
people who acted and were acted on.
"""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from groupapp.accounts import audit_log
from groupapp.audit import bp, services
from groupapp.audit.forms import AuditFilterForm
from groupapp.core.access import role_required
from groupapp.core.csv_safe import write_rows
from groupapp.core.navigation import register_nav
from groupapp.core.page_cache import cached_page
from groupapp.core.pagination import keyset_page
from groupapp.db import db

register_nav("Audit log", "audit.index", ("admin",), order=90, group="admin")

CSV_HEADER = ("time_utc", "action", "actor", "subject", "object", "address", "reason")


def _criteria(form: AuditFilterForm) -> audit_log.AuditFilter:
    valid = form.validate()
    return audit_log.AuditFilter(
        organisation_id=current_user.organisation_id,
        actor=audit_log.person_criterion(form.actor.data) if valid else None,
        subject=audit_log.person_criterion(form.subject.data) if valid else None,
        action=(form.action.data or "").strip() if valid else "",
        date_from=form.date_from.data if valid else None,
        date_to=form.date_to.data if valid else None,
    )


def _form() -> AuditFilterForm:
    return AuditFilterForm(request.args)


@bp.route("/audit")
@role_required("admin")
@cached_page(generations=(services.AUDIT_GENERATION,))
def index():
    form = _form()
    page = keyset_page(
        audit_log.filtered(_criteria(form)),
        audit_log.ORDER,
        request.args.get("after"),
        audit_log.PAGE_SIZE,
        key=lambda row: (row[0].occurred_at, row[0].id),
        descending=True,
        scalars=False,
    )
    return services.audited_page(
        "audit.read",
        ("AuditEvent", None),
        "audit/index.html",
        reason="first page" if page.first else "a later page",
        form=form,
        page=page,
    )


def _name(user: object | None) -> str:
    return "" if user is None else f"{user.display_name} <{user.email}>"  # type: ignore[attr-defined]


@bp.route("/audit/export.csv")
@role_required("admin")
def export_csv():
    criteria = _criteria(_form())
    newest_first = [column.desc() for column in audit_log.ORDER]
    rows = db.session.execute(audit_log.filtered(criteria).order_by(*newest_first)).all()
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
