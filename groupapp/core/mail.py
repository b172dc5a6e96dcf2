"""Rendering email templates and handing messages to SMTP or the local capture folder."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

from flask import current_app


@dataclass
class EmailContent:
    """A rendered message, ready to address and send."""

    subject: str
    text: str
    html: str
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # (filename, mime type "main/sub", bytes)
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)


def render_email(template: str, **context: Any) -> EmailContent:
    """Render ``templates/email/<template>.txt`` and ``.html``.

    Both templates extend the shared email base; the subject comes from the ``subject``
    block of the text template.
    """
    env = current_app.jinja_env
    context.setdefault("base_url", current_app.config["BASE_URL"])
    text_template = env.get_template(f"email/{template}.txt")
    html_template = env.get_template(f"email/{template}.html")
    subject_ctx = text_template.new_context(dict(context))
    subject = " ".join("".join(text_template.blocks["subject"](subject_ctx)).split())
    return EmailContent(
        subject=subject,
        text=text_template.render(context),
        html=html_template.render(context),
    )


def build_message(content: EmailContent, to: str, message_id: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = content.subject
    msg["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    msg["To"] = to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id
    if content.reply_to:
        msg["Reply-To"] = content.reply_to
    for name, value in content.headers.items():
        msg[name] = value
    msg.set_content(content.text)
    msg.add_alternative(content.html, subtype="html")
    for filename, mime, data in content.attachments:
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def deliver(msg: EmailMessage) -> None:
    """Send through SMTP when ``MAIL_SERVER`` is set, else write to the capture folder.

    SMTP errors propagate: the caller decides whether they are transient or permanent.
    """
    config = current_app.config
    if not config["MAIL_SERVER"]:
        _capture(msg, Path(config["MAIL_CAPTURE_DIR"]))
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(msg)


def _capture(msg: EmailMessage, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    safe_id = "".join(ch for ch in msg["Message-ID"] if ch.isalnum() or ch in "-.")
    (folder / f"{safe_id}.eml").write_bytes(bytes(msg))


def captured_messages() -> list[Path]:
    """Captured mail files, newest first (the development mail viewer lists these)."""
    folder = Path(current_app.config["MAIL_CAPTURE_DIR"])
    if not folder.exists():
        return []
    return sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)


PERMANENT = "permanent"
TRANSIENT = "transient"


def classify_smtp_error(exc: BaseException) -> str | None:
    """Sort a delivery error: ``"permanent"`` (5xx), ``"transient"`` (4xx, network) or None.

    None means the error is not about delivery at all (a bug): the caller records it
    without retrying.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return PERMANENT if codes and all(code >= 500 for code in codes) else TRANSIENT
    if isinstance(exc, smtplib.SMTPResponseException):
        return PERMANENT if exc.smtp_code >= 500 else TRANSIENT
    if isinstance(exc, smtplib.SMTPException | OSError):  # disconnects, refused, timeouts
        return TRANSIENT
    return None


def blames_recipient(exc: BaseException) -> bool:
    """A permanent error about the address itself, not about our sender or setup."""
    return not isinstance(exc, smtplib.SMTPSenderRefused) and (
        classify_smtp_error(exc) == PERMANENT
    )


def describe_smtp_error(exc: BaseException) -> str:
    """A short reason for the outbox page, without the message's content."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = next(iter(exc.recipients.values()))[0] if exc.recipients else 0
        return f"recipient refused ({code})"
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error
        text = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        return f"{exc.smtp_code} {text}"[:300]
    return type(exc).__name__
