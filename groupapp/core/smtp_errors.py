"""What a failed delivery means: retry, give up on the address, and a reason to show.

smtplib raises a different exception for each way a send can fail; the outbox needs three
answers from it: is it worth retrying (4xx and network errors) or not (5xx), is the
address itself to blame (so later mail to it can be held back), and a short reason for
the outbox page that carries nothing of the message.
"""

from __future__ import annotations

import smtplib

SMTPUTF8_REASON = (
    "the address has letters before the @ that our mail server cannot send to "
    "(it does not support SMTPUTF8)"
)
PERMANENT = "permanent"
TRANSIENT = "transient"


def classify_smtp_error(exc: BaseException) -> str | None:
    """Sort a delivery error: ``"permanent"`` (5xx), ``"transient"`` (4xx, network) or None.

    None means the error is not about delivery at all (a bug): the caller records it
    without retrying.
    """
    if _needs_smtputf8_server(exc):
        return PERMANENT  # retrying the same server cannot help
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return PERMANENT if codes and all(code >= 500 for code in codes) else TRANSIENT
    if isinstance(exc, smtplib.SMTPResponseException):
        return PERMANENT if exc.smtp_code >= 500 else TRANSIENT
    if isinstance(exc, smtplib.SMTPException | OSError):  # disconnects, refused, timeouts
        return TRANSIENT
    return None


def _needs_smtputf8_server(exc: BaseException) -> bool:
    """smtplib refused an address with a non-ASCII local part: the server lacks SMTPUTF8."""
    return isinstance(exc, smtplib.SMTPNotSupportedError) and "SMTPUTF8" in str(exc)


def blames_recipient(exc: BaseException) -> bool:
    """A permanent error about the address itself, not about our sender or setup."""
    return not isinstance(exc, smtplib.SMTPSenderRefused) and (
        classify_smtp_error(exc) == PERMANENT
    )


def describe_smtp_error(exc: BaseException) -> str:
    """A short reason for the outbox page, without the message's content."""
    if _needs_smtputf8_server(exc):
        return SMTPUTF8_REASON
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = next(iter(exc.recipients.values()))[0] if exc.recipients else 0
        return f"recipient refused ({code})"
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error
        text = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        return f"{exc.smtp_code} {text}"[:300]
    return type(exc).__name__
