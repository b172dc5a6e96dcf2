"""Finding people of an organisation by what someone types: search, not lists of everyone.

An organisation has thousands of people, so no form offers all of them as options. Pages
search (part of a name or an email address, one keyset page at a time) and forms take a
name or an email address and resolve it to one person here, saying plainly when the text
matches nobody or several people.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import STAFF_ROLES, User
from groupapp.core.addresses import canonical_email
from groupapp.core.ids import parse_int
from groupapp.core.pagination import KeysetPage, keyset_page
from groupapp.db import db

PAGE_SIZE = 50
#: Rows read to resolve the names in one form; exact matches are read first.
RESOLVE_LIMIT = 200
#: Names shown when a text matches several people.
SHOWN_MATCHES = 5
MAX_TERM_LENGTH = 254


def name_or_email_contains(text: str) -> sa.ColumnElement[bool]:
    """People whose name or email address contains ``text`` (any case)."""
    wanted = text.replace("\x00", "").strip().lower()
    return sa.or_(
        sa.func.lower(User.display_name).contains(wanted, autoescape=True),
        sa.func.lower(User.email).contains(wanted, autoescape=True),
    )


def _staff_of(organisation_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        User.organisation_id == organisation_id,
        User.role.in_(STAFF_ROLES),
        User.active.is_(True),
    )


def search_people(
    organisation_id: int,
    text: str,
    cursor: str | None,
    staff_only: bool = False,
    size: int = PAGE_SIZE,
) -> KeysetPage[User]:
    """One page of the organisation's people matching ``text``, oldest account first.

    An empty ``text`` matches everyone. ``staff_only`` keeps active admins and
    facilitators. One statement, through the primary key, whatever the organisation's size.
    """
    query = sa.select(User).where(User.organisation_id == organisation_id)
    if staff_only:
        query = query.where(_staff_of(organisation_id))
    if text.strip():
        query = query.where(name_or_email_contains(text[:MAX_TERM_LENGTH]))
    return keyset_page(query, [User.id], cursor, size, key=lambda user: (user.id,))


def _exact(user: User, term: str) -> bool:
    lowered = term.lower()
    return (
        str(user.id) == term
        or user.email.lower() == canonical_email(term).lower()
        or user.display_name.lower() == lowered
    )


def _partial(user: User, term: str) -> bool:
    lowered = term.lower()
    return lowered in user.display_name.lower() or lowered in user.email.lower()


def _listed(people: Sequence[User]) -> str:
    shown = ", ".join(f"{p.display_name} ({p.email})" for p in people[:SHOWN_MATCHES])
    return shown + (" and others" if len(people) > SHOWN_MATCHES else "")


def _choose(term: str, candidates: Sequence[User]) -> User | str:
    """The one person ``term`` names among ``candidates``, or the problem in words."""
    exact = [person for person in candidates if _exact(person, term)]
    found = exact or [person for person in candidates if _partial(person, term)]
    if len(found) == 1:
        return found[0]
    if not found:
        return f"No active facilitator or admin here matches “{term}”."
    return f"“{term}” matches {_listed(found)}; type the email address of the one you mean."


def resolve_staff(organisation_id: int, terms: Sequence[str]) -> dict[str, User | str]:
    """The active staff member each of ``terms`` names (an email address, a name or an id).

    Answers ``{text: person or problem}`` keyed by each text stripped of surrounding
    space (empty texts are left out). A text names a person when exactly one of them has
    that id, email address or name, or else when it is part of exactly one name or email
    address; otherwise the answer is a sentence naming the text and the problem. Never
    raises. One statement for all the texts.
    """
    wanted = list(dict.fromkeys(t.strip() for t in terms if t.strip()))
    # Longer texts, or texts with a NUL (which PostgreSQL refuses), name nobody.
    searchable = [t for t in wanted if len(t) <= MAX_TERM_LENGTH and "\x00" not in t]
    if not searchable:
        return {term: _choose(term, []) for term in wanted}
    ids = [i for i in (parse_int(t, low=1) for t in searchable) if i is not None]
    emails = [canonical_email(t).lower() for t in searchable]
    names = [t.lower() for t in searchable]
    exact: Any = sa.or_(
        User.id.in_(ids),
        sa.func.lower(User.email).in_(emails),
        sa.func.lower(User.display_name).in_(names),
    )
    candidates = db.session.scalars(
        sa.select(User)
        .where(_staff_of(organisation_id), sa.or_(exact, *map(name_or_email_contains, searchable)))
        .order_by(sa.case((exact, 0), else_=1), User.id)
        .limit(RESOLVE_LIMIT)
    ).all()
    return {term: _choose(term, candidates) for term in wanted}


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a box where people type one name or address per line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


__all__ = [
    "PAGE_SIZE",
    "lines",
    "name_or_email_contains",
    "resolve_staff",
    "search_people",
]
