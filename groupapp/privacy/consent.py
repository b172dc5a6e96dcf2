"""Versioned documents a person accepts: the privacy notice, a cohort's group agreement.

Each kind of document registers how to find its current version; acceptances are
``ConsentRecord`` rows (user, document, document_ref, version, time), never changed.

    current_version("group_agreement", cohort.id)  -> 3 (or None: nothing to accept)
    has_accepted(user, "group_agreement", cohort.id) -> True when version 3 is accepted
    accept(user, "group_agreement", cohort.id, 3)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import ConsentRecord, User
from groupapp.audit import services as audit
from groupapp.core.rows import insert_once
from groupapp.db import db

VersionFn = Callable[[int | None], int | None]
_documents: dict[str, VersionFn] = {}


def register_document(document: str, current_version_fn: VersionFn) -> None:
    """Declare a kind of document and the function giving its current version for a ref."""
    _documents[document] = current_version_fn


def current_version(document: str, ref: int | None = None) -> int | None:
    """The version to accept now, or None when there is none yet."""
    return _documents[document](ref)


def accepted_version_expression(
    user_id: Any, document: str, ref: Any = None
) -> sa.ScalarSelect[int | None]:
    """A scalar subquery: the highest version of the document this user accepted (NULL:
    never), for a caller that compares it with the current version in the same statement.
    ``user_id`` and ``ref`` are values or bound parameters."""
    query = sa.select(sa.func.max(ConsentRecord.version)).where(
        ConsentRecord.user_id == user_id, ConsentRecord.document == document
    )
    if ref is None:
        query = query.where(ConsentRecord.document_ref.is_(None))
    else:
        query = query.where(ConsentRecord.document_ref == ref)
    return query.scalar_subquery()


def accepted_version(user: User, document: str, ref: int | None = None) -> int | None:
    """The highest version of the document this user accepted (None: never)."""
    return db.session.scalar(sa.select(accepted_version_expression(user.id, document, ref)))


def has_accepted(
    user: User, document: str, ref: int | None = None, version: int | None = None
) -> bool:
    """Whether the user accepted ``version`` (default: the current one) or a later one.

    With no current version there is nothing to accept, so the answer is True.
    """
    wanted = version if version is not None else current_version(document, ref)
    if wanted is None:
        return True
    accepted = accepted_version(user, document, ref)
    return accepted is not None and accepted >= wanted


def accept(
    user: User, document: str, ref: int | None, version: int, language: str | None = None
) -> ConsentRecord:
    """Store the acceptance (once per version) and audit it; flushes, never commits.

    ``language`` is the language of the text the person read (None: not known).
    Accepting twice at once (two tabs) stores one record. ``ref`` None (a document
    without a reference) is looked up first, as a unique constraint cannot cover it.
    """
    keys = {"user_id": user.id, "document": document, "version": version}
    if ref is None:
        existing = db.session.scalar(
            sa.select(ConsentRecord).filter_by(**keys).where(ConsentRecord.document_ref.is_(None))
        )
        if existing is not None:
            return existing
        record = ConsentRecord(**keys, language=language)
        db.session.add(record)
        db.session.flush()
    else:
        keys["document_ref"] = ref
        stored = insert_once(ConsentRecord, keys, {"language": language})
        record = db.session.scalars(sa.select(ConsentRecord).filter_by(**keys)).one()
        if not stored:
            return record
    audit.record(
        f"consent.{document}.accepted",
        record,
        subject_user_id=user.id,
        organisation_id=user.organisation_id,
    )
    return record
