"""What one send batch looks up once for all of its rows.

Builders and gates run message by message, but the rows one worker task sends together
mostly share their recipients' settings, meetings and cohorts. ``batched(load)`` gives a
builder ``load(rows)`` computed once for every row of the current batch (one query
however many rows the batch holds), and ``memo(key, make)`` keeps one rendered piece (a
meeting's calendar file) for the rest of the batch. Outside a batch (a builder called on
its own) the batch is the one row.

Loaders read ids from the rows (``row.recipient_id``, ``row.params``) and answer for all
of them at once, so the statements a batch runs do not grow with its size.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")


class _Batch:
    def __init__(self, rows: Sequence[Any]) -> None:
        self.rows = rows
        self.loaded: dict[Callable[..., Any], Any] = {}
        self.memos: dict[Hashable, Any] = {}


_current: ContextVar[_Batch | None] = ContextVar("send_batch", default=None)


@contextlib.contextmanager
def batch(rows: Sequence[Any]) -> Iterator[None]:
    """Make ``rows`` (outbox rows about to be rendered) the current batch while inside."""
    token = _current.set(_Batch(rows))
    try:
        yield
    finally:
        _current.reset(token)


def batched(load: Callable[[Sequence[Any]], T], row: Any) -> T:
    """``load(rows)`` for every row of the current batch, computed on the first call.

    ``row`` is the row being rendered: outside a batch the answer is ``load([row])``.
    """
    current = _current.get()
    if current is None:
        return load([row])
    if load not in current.loaded:
        current.loaded[load] = load(current.rows)
    result: T = current.loaded[load]
    return result


def memo(key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, kept under ``key`` for the rest of the current batch (if any)."""
    current = _current.get()
    if current is None:
        return make()
    if key not in current.memos:
        current.memos[key] = make()
    result: T = current.memos[key]
    return result


def ids_in(rows: Sequence[Any], param: str) -> list[int]:
    """The distinct integer ``params[param]`` of ``rows``, sorted (for one ``IN`` query)."""
    found = {row.params.get(param) for row in rows if isinstance(row.params, dict)}
    return sorted(value for value in found if isinstance(value, int))


def recipient_ids(rows: Sequence[Any]) -> list[int]:
    """The distinct recipients of ``rows``, sorted."""
    return sorted({row.recipient_id for row in rows if row.recipient_id is not None})


# Set by the accounts package (core sits below it): ``rows -> {user id: User}``.
_recipient_loader: Callable[[Sequence[Any]], dict[int, Any]] | None = None


def recipients_loader(load: Callable[[Sequence[Any]], dict[int, Any]]) -> Callable[..., Any]:
    """Register how the recipients of a batch's rows are loaded (one query for them all)."""
    global _recipient_loader
    _recipient_loader = load
    return load


def recipient_of(row: Any) -> Any | None:
    """The person ``row`` is addressed to (loaded with every recipient of the batch), or
    ``None`` when the row names nobody or that person is gone."""
    if _recipient_loader is None or row.recipient_id is None:
        return None
    return batched(_recipient_loader, row).get(row.recipient_id)
