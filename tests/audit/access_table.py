"""Access expectations for the audit log routes (format: tests/trust/README.md)."""

from __future__ import annotations

from tests.trust.matrix import ADMINS, Case

ACCESS = {
    "audit.index": Case(get=ADMINS, audit={"GET": "audit.read"}),
    "audit.export_csv": Case(get=ADMINS, audit={"GET": "audit.exported"}),
}
