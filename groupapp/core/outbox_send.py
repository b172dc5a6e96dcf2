"""Sending claimed outbox rows, a batch at a time (reached through ``outbox.send_many``).

A batch costs a fixed number of statements whatever it holds: its rows (one SELECT), what
builders and gates look up for all of its rows together (``groupapp.core.send_batch``),
and the marks. A batch's messages are rendered first, links built in one request
context for them all, then sent together over the process's one SMTP connection, each
in the same write as the next one's envelope (``mail.deliver_each``).

Marks: rows sent or skipped are written together, one UPDATE per outcome, at the end of
the batch, or sooner once ``OUTBOX_MARK_SECONDS`` (1 s) passed since the last mark. A
batch is marked once unless the server is slow; a worker killed mid-batch resends only
what the server accepted in its last second (with the same Message-ID, so the receiving
side can tell). Failures are rare and written at once, row by row.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, has_request_context

from groupapp.core import send_batch
from groupapp.core.i18n import force_locale, user_locale
from groupapp.core.mail import EmailContent, build_message, deliver_each
from groupapp.core.outbox import (
    OutboxMessage,
    Outcome,
    RetryLater,
    _builders,
    _content_hooks,
    _failure_hooks,
    _gates,
    claim,
    retry_delay,
)
from groupapp.core.smtp_errors import blames_recipient, classify_smtp_error, describe_smtp_error
from groupapp.db import db, utcnow

log = logging.getLogger(__name__)


def send_message(message_id: int) -> str:
    """As ``outbox.send_message``: one row, claimed here; raises ``RetryLater``."""
    if not claim(message_id):
        message = db.session.get(OutboxMessage, message_id)
        return message.status if message else "missing"
    outcome = send_claimed([message_id])[message_id]
    if outcome.retry_in is not None:
        raise RetryLater(outcome.retry_in)
    return outcome.status


def send_claimed(message_ids: list[int]) -> dict[int, Outcome]:
    """Render and deliver rows this caller claimed (``claim_many``), in the order given.

    Returns each row's ``Outcome`` by id. A row whose builder fails is marked failed and
    the rest go on; so does one the server refuses (see ``_delivery_failed``).
    """
    if not message_ids:
        return {}
    loaded = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.id.in_(message_ids))
    ).all()
    by_id = {message.id: message for message in loaded}
    messages = [by_id[message_id] for message_id in message_ids if message_id in by_id]
    marks = _Marks(float(current_app.config.get("OUTBOX_MARK_SECONDS", 1.0)))
    outcomes: dict[int, Outcome] = {}
    with send_batch.batch(messages), _link_context(), _kept_loaded():
        ready: list[tuple[OutboxMessage, EmailMessage]] = []
        for message in messages:
            prepared = _prepare(message, marks)
            if isinstance(prepared, Outcome):
                outcomes[message.id] = prepared
            else:
                ready.append((message, prepared))
        # All at once: each message goes with the next one's envelope (``deliver_each``).
        sent = deliver_each([email for _, email in ready])
        for error, (message, _) in zip(sent, ready, strict=True):
            if error is None:
                outcomes[message.id] = marks.add(message.id, "sent")
            else:
                outcomes[message.id] = _delivery_failed(message, error, marks)
        marks.write()
    for message in messages:
        db.session.expire(message)  # the marks were written around the ORM
    return outcomes


@contextlib.contextmanager
def _kept_loaded() -> Iterator[None]:
    """Commits inside the batch (its marks) leave the rows and what builders loaded as read.

    They were read a moment ago for this batch; expiring them at each mark would reload
    every row and recipient one by one.
    """
    session = db.session()
    before = session.expire_on_commit
    session.expire_on_commit = False
    try:
        yield
    finally:
        session.expire_on_commit = before


#: Marks the request context a send batch builds its links in (see ``_link_context``).
LINKS_ONLY = "groupapp.links_only"


def _link_context() -> contextlib.AbstractContextManager[object]:
    """Workers have no request: links in emails are built against ``BASE_URL``.

    The context is marked, so the end-of-request teardown leaves this process's SMTP
    connection open for the next batch instead of greeting the server again each time.
    """
    if has_request_context():
        return contextlib.nullcontext()
    return current_app.test_request_context(
        base_url=current_app.config["BASE_URL"], environ_overrides={LINKS_ONLY: True}
    )


def _prepare(message: OutboxMessage, marks: _Marks) -> EmailMessage | Outcome:
    """The email to send for ``message``, or its outcome when there is none to send."""
    try:
        content = _render(message)
    except Exception as exc:
        # The exception's text may quote personal data: the log gets its type only.
        log.error(
            "outbox message %s (%s) could not be rendered: %s",
            message.id,
            message.kind,
            type(exc).__name__,
        )
        db.session.rollback()
        return marks.add(message.id, "failed", f"render error: {type(exc).__name__}")
    if isinstance(content, _Skip):
        return marks.add(message.id, "skipped", content.reason)
    try:
        return build_message(content, message.recipient_email, message.message_id)
    except Exception as exc:  # an address no message can carry: as the server refusing it
        return _delivery_failed(message, exc, marks)


class _Skip:
    def __init__(self, reason: str | None) -> None:
        self.reason = reason


# The note on a row its builder declined with nothing more specific to say.
NOT_NEEDED = "not needed any more (already read, cancelled or done)"


def _render(message: OutboxMessage) -> EmailContent | _Skip:
    """The content to send, or why not (expired, a gate's reason, the builder said no)."""
    if message.expires_at is not None and message.expires_at <= utcnow():
        return _Skip("expired")
    for gate in _gates:
        reason = gate(message)
        if reason:
            return _Skip(reason)
    builder = _builders.get(message.kind)
    if builder is None:
        raise LookupError(f"no message builder for kind {message.kind!r}")
    # In the recipient's language, whoever caused the message (an invitation to someone
    # without an account yet is in the default language).
    with force_locale(user_locale(send_batch.recipient_of(message))):
        content = builder(message)
        if content is None:
            # No longer relevant: the row keeps its last note, or says so for the outbox page.
            return _Skip(message.last_error or NOT_NEEDED)
        for hook in _content_hooks:
            hook(message, content)
    return content


class _Marks:
    """Outcomes waiting to be written, one UPDATE per (status, note) when written."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.pending: list[tuple[int, str, str | None]] = []
        self.last = time.monotonic()

    def add(self, message_id: int, status: str, note: str | None = None) -> Outcome:
        self.pending.append((message_id, status, note))
        if time.monotonic() - self.last >= self.interval:
            self.write()
        return Outcome(status)

    def write(self) -> None:
        self.last = time.monotonic()
        if not self.pending:
            return
        groups: dict[tuple[str, str | None], list[int]] = defaultdict(list)
        for message_id, status, note in self.pending:
            groups[(status, note)].append(message_id)
        self.pending = []
        now = utcnow()
        for (status, note), ids in groups.items():
            values: dict[str, object] = {"status": status, "last_error": note}
            if status == "sent":
                values["sent_at"] = now
            db.session.execute(
                sa.update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "sending")
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        db.session.commit()


def _finish(message: OutboxMessage, status: str, error: str | None = None) -> Outcome:
    message.status = status
    message.last_error = error
    db.session.commit()
    return Outcome(status)


def _delivery_failed(message: OutboxMessage, exc: Exception, marks: _Marks) -> Outcome:
    marks.write()  # what went before is settled first: a failure is written at once
    kind = classify_smtp_error(exc)
    reason = describe_smtp_error(exc)
    # Server replies can quote the address, so the log holds the code only.
    code = getattr(exc, "smtp_code", None) or type(exc).__name__
    log.warning("outbox message %s: %s delivery error (%s)", message.id, kind, code)
    if kind == "transient":
        max_attempts = int(current_app.config.get("OUTBOX_MAX_ATTEMPTS", 6))
        if message.attempts >= max_attempts:
            return _finish(message, "failed", f"gave up after {message.attempts}: {reason}")
        delay = retry_delay(message.attempts)
        message.status = "queued"
        message.last_error = reason
        message.send_after = utcnow() + timedelta(seconds=delay)
        db.session.commit()
        return Outcome("queued", retry_in=delay)
    outcome = _finish(message, "failed", reason)
    if kind == "permanent" and blames_recipient(exc):
        for hook in _failure_hooks:
            hook(message, reason)
        db.session.commit()
    return outcome


__all__ = ["send_claimed", "send_message"]
