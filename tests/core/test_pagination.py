"""Keyset pagination: cursors from the address never break a page, and pages cover a list once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from groupapp.audit.models import AuditEvent
from groupapp.core.pagination import (
    capped_count,
    count_label,
    decode_cursor,
    encode_cursor,
    keyset_page,
)
from groupapp.db import db

KINDS = (datetime, int)
# Hypothesis takes naive bounds and attaches the zone itself.
aware = st.datetimes(
    min_value=datetime(1, 1, 2),  # noqa: DTZ001
    max_value=datetime(9999, 12, 30),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(st.text(max_size=300))
def test_any_text_is_a_cursor_or_none(text: str) -> None:
    value = decode_cursor(text, KINDS)
    assert value is None or (isinstance(value[0], datetime) and isinstance(value[1], int))


@given(st.lists(st.sampled_from("0123456789.-"), max_size=60).map("".join))
def test_digit_soup_never_raises(text: str) -> None:
    for kinds in (KINDS, (date, int), (int,)):
        decode_cursor(text, kinds)


@given(aware, st.integers(min_value=0, max_value=2**31 - 1), st.dates())
def test_cursors_round_trip(moment: datetime, number: int, day: date) -> None:
    assert decode_cursor(encode_cursor((moment, number)), KINDS) == (moment, number)
    assert decode_cursor(encode_cursor((day, number)), (date, int)) == (day, number)


def test_wrong_shapes_mean_the_first_page() -> None:
    assert decode_cursor(None, KINDS) is None
    assert decode_cursor("", KINDS) is None
    assert decode_cursor("12", KINDS) is None  # too few parts
    assert decode_cursor("1.2.3", KINDS) is None  # too many
    assert decode_cursor("1e5.2", KINDS) is None
    assert decode_cursor("9" * 19 + ".1", KINDS) is None  # beyond any datetime
    assert decode_cursor("1." + "9" * 400, KINDS) is None


def test_count_labels() -> None:
    assert count_label(0) == "0"
    assert count_label(1000) == "1,000"
    assert count_label(1001) == "1,000+"


def test_pages_cover_every_row_once_in_order(app, factories) -> None:  # type: ignore[no-untyped-def]
    org = factories.org()
    start = datetime(2026, 3, 1, tzinfo=UTC)
    # Ties on the time: the id decides, so no row is skipped or repeated between pages.
    for n in range(23):
        db.session.add(
            AuditEvent(
                organisation_id=org.id,
                action="test.read",
                object_type="Thing",
                occurred_at=start + timedelta(minutes=n // 3),
            )
        )
    db.session.commit()
    query = sa.select(AuditEvent).where(AuditEvent.organisation_id == org.id)
    order = (AuditEvent.occurred_at, AuditEvent.id)
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        page = keyset_page(
            query, order, cursor, 5, key=lambda e: (e.occurred_at, e.id), descending=True
        )
        assert page.first == (cursor is None)
        seen.extend(event.id for event in page.items)
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    expected = db.session.scalars(query.order_by(*(c.desc() for c in order))).all()
    assert seen == [event.id for event in expected]
    assert pages == 5
    assert capped_count(query, cap=10) == 11
    assert capped_count(query) == 23
