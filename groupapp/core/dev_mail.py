"""Development only: the mail the app would have sent, readable in the browser.

With no mail server configured, messages are captured as .eml files (``core.mail``). The
viewer lists them, shows each one's plain text, renders its HTML version in a sandboxed
frame (served from its own address with a policy that allows no script and no network
access, links opening in a new tab) and lists its attachments, each downloadable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import cast

from flask import Response, abort, current_app, render_template

from groupapp.core import bp
from groupapp.core.mail import captured_messages

# The HTML part is someone else's markup: no scripts, no requests, only its own inline
# styles and embedded images; it may be framed by the viewer page alone.
HTML_PART_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-popups "
    "allow-popups-to-escape-sandbox"
)
LIST_LIMIT = 200


@dataclass(frozen=True)
class Attachment:
    index: int
    filename: str
    content_type: str
    size: int  # bytes


def _dev_mail_enabled() -> None:
    if not current_app.config["DEV_MAIL_VIEWER"] or current_app.config["MAIL_SERVER"]:
        abort(404)


def _parse(path: Path) -> EmailMessage:
    # policy.default always builds an EmailMessage (with get_body and iter_attachments).
    return cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(path.read_bytes()))


def _message_or_404(name: str) -> EmailMessage:
    _dev_mail_enabled()
    path = next((p for p in captured_messages() if p.stem == name), None)
    if path is None:
        abort(404)
    return _parse(path)


def attachments_of(message: EmailMessage) -> list[Attachment]:
    """The message's attachments (calendar invitations, files), in order."""
    found = []
    for index, part in enumerate(message.iter_attachments()):
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename() or f"attachment-{index + 1}"
        found.append(Attachment(index, filename, part.get_content_type(), len(payload)))
    return found


def sent_at(message: EmailMessage) -> datetime | None:
    """The Date header as an aware datetime, or None when it is missing or unreadable."""
    try:
        when = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        return None
    # "-0000" (what the app writes) means UTC with no local zone known: naive here.
    return when.replace(tzinfo=UTC) if when and when.tzinfo is None else when


@bp.route("/dev/mail")
def dev_mail():
    """Development only: the mail the app would have sent, newest first."""
    _dev_mail_enabled()
    messages = [(path.stem, _parse(path)) for path in captured_messages()[:LIST_LIMIT]]
    return render_template("dev/mail_list.html", messages=messages, sent_at=sent_at)


@bp.route("/dev/mail/<name>")
def dev_mail_message(name: str):
    message = _message_or_404(name)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return render_template(
        "dev/mail_message.html",
        name=name,
        msg=message,
        sent=sent_at(message),
        text=text.get_content() if text else "",
        has_html=html is not None,
        attachments=attachments_of(message),
    )


@bp.route("/dev/mail/<name>/html")
def dev_mail_html(name: str):
    """The HTML version alone, for the viewer's sandboxed frame."""
    html = _message_or_404(name).get_body(preferencelist=("html",))
    if html is None:
        abort(404)
    # Links open in a new tab instead of inside the small frame.
    body = str(html.get_content()).replace("<head>", '<head><base target="_blank">', 1)
    response = Response(body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = HTML_PART_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.route("/dev/mail/<name>/attachments/<int:index>")
def dev_mail_attachment(name: str, index: int):
    """One attachment, downloaded as the file it is."""
    parts = list(_message_or_404(name).iter_attachments())
    if not 0 <= index < len(parts):
        abort(404)
    part = parts[index]
    filename = part.get_filename() or f"attachment-{index + 1}"
    response = Response(part.get_payload(decode=True) or b"", mimetype=part.get_content_type())
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
