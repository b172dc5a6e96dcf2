"""Answers worked out once per request, when several parts of one page ask the same.

A participant's start page has panels from different domains that each need the same
list (their check-ins); rather than thread it from one panel to another across the
domains' one-way imports, the list is remembered for the rest of the request. Any flush
of the session forgets everything remembered, so nothing read before a change is served
after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

T = TypeVar("T")
_STORE = "groupapp.memo"  # a dict in the request's WSGI environ


def request_memo(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned earlier in this request for ``key`` (no session
    flush since). Outside a request it simply computes."""
    if not has_request_context():
        return compute()
    store: dict[str, Any] = request.environ.setdefault(_STORE, {})
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[no-any-return]


@event.listens_for(Session, "after_flush")
def _forget_after_changes(_session: Session, _context: object) -> None:
    if has_request_context():
        request.environ.pop(_STORE, None)
