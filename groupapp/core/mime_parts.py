"""MIME parts built directly, as ``EmailMessage.set_content`` and ``make_alternative``
would leave them, for messages whose shape is known in advance.

``set_content`` and the ``make_*`` methods reach their result by rewriting headers:
each ``set_param`` parses the ``Content-Type`` again, and each ``make_*`` moves the
content headers into a new part and writes a new ``Content-Type`` with a boundary. For
an email of a fixed shape (text and HTML alternatives, then attachments) that work is
the same every time; here each header is written once, with the value those methods
end with, and the text is encoded by the same function ``set_content`` uses, so the
flattened bytes are the same (``tests/core/test_mail_parts.py`` holds them to it).
"""

from __future__ import annotations

from email import contentmanager
from email.message import EmailMessage
from email.policy import Policy

CHARSET = "utf-8"


def text_part(
    policy: Policy,
    text: str,
    subtype: str,
    *,
    mime_version: bool = False,
) -> EmailMessage:
    """A ``text/<subtype>`` part in UTF-8, as ``set_content(text, subtype=subtype)``
    leaves it.

    ``mime_version`` adds the ``MIME-Version`` header ``set_content`` adds to a part
    that lacks one (every part but the first, which ``make_alternative`` moved out of
    the message itself).
    """
    # The heuristic set_content applies: 7bit when every line is ASCII and short enough,
    # else quoted-printable or base64, whichever is shorter on the first lines.
    # The typeshed stubs leave out this private helper; using it keeps the encoding
    # set_content's, byte for byte.
    cte, payload = contentmanager._encode_text(text, CHARSET, None, policy)  # type: ignore[attr-defined]
    part = EmailMessage(policy=policy)
    part["Content-Type"] = f'text/{subtype}; charset="{CHARSET}"'
    part["Content-Transfer-Encoding"] = cte
    if mime_version:
        part["MIME-Version"] = "1.0"
    part.set_payload(payload)
    return part


def attachment_part(policy: Policy, filename: str, mime: str, data: bytes) -> EmailMessage:
    """``data`` as an attachment part, as ``add_attachment`` makes it (base64 encoded).

    ``mime`` is ``main/sub``, optionally with parameters after the subtype
    (``text/calendar; method=PUBLISH``). Its headers repeat from message to message,
    so ``set_content``'s header work costs little here.
    """
    maintype, subtype = mime.split("/", 1)
    part = EmailMessage(policy=policy)
    part.set_content(data, maintype=maintype, subtype=subtype, filename=filename)
    return part


def make_multipart(
    msg: EmailMessage, subtype: str, boundary: str, parts: list[EmailMessage]
) -> EmailMessage:
    """``msg`` made ``multipart/<subtype>`` holding ``parts``, its ``Content-Type`` last.

    ``msg`` must not have content headers yet (as ``make_alternative`` leaves a message
    whose content it moved into its first part).
    """
    msg["Content-Type"] = f'multipart/{subtype}; boundary="{boundary}"'
    msg.set_payload(parts)  # type: ignore[arg-type]  # the stubs type only Message[str, str]
    return msg
