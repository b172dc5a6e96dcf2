"""An SMTP client that pipelines the envelope when the server offers PIPELINING (RFC 2920).

``smtplib`` waits for the server's answer to each command: MAIL FROM, each RCPT TO, DATA
and the message, four round trips for a message to one address. Most mail servers
(Postfix, Exim, the large providers) offer PIPELINING: the client may send MAIL FROM,
the RCPT TOs and DATA together and then read their answers in order, so a message
costs two round trips (the envelope, then the message once DATA was answered 354).
Against a server without the extension ``sendmail`` is smtplib's own.

What a caller sees is ``smtplib.SMTP.sendmail``'s: the same return value and the same
exceptions for the same answers (``groupapp.core.smtp_errors`` sorts them), and the
message is accepted only when the server answered its end of data with 250.
"""

from __future__ import annotations

import contextlib
import smtplib
from collections.abc import Sequence

CRLF = "\r\n"


class PipeliningSMTP(smtplib.SMTP):
    """``smtplib.SMTP`` whose ``sendmail`` pipelines the envelope where the server allows."""

    def sendmail(  # type: ignore[override]  # the same parameters, narrower types
        self,
        from_addr: str,
        to_addrs: str | Sequence[str],
        msg: bytes | str,
        mail_options: Sequence[str] = (),
        rcpt_options: Sequence[str] = (),
    ) -> dict[str, tuple[int, bytes]]:
        self.ehlo_or_helo_if_needed()
        if isinstance(msg, str) or not (self.does_esmtp and self.has_extn("pipelining")):
            return super().sendmail(from_addr, to_addrs, msg, mail_options, rcpt_options)
        recipients = [to_addrs] if isinstance(to_addrs, str) else list(to_addrs)
        self._send_envelope(from_addr, recipients, msg, mail_options, rcpt_options)
        mail_reply = self.getreply()
        if mail_reply[0] == 421:  # the server is closing: nothing more will be answered
            self.close()
            raise smtplib.SMTPSenderRefused(*mail_reply, from_addr)
        refused: dict[str, tuple[int, bytes]] = {}
        for recipient in recipients:
            code, resp = self.getreply()
            if code not in (250, 251):
                refused[recipient] = (code, resp)
            if code == 421:
                self.close()
                raise smtplib.SMTPRecipientsRefused(refused)
        data_reply = self.getreply()
        nothing_to_send = mail_reply[0] != 250 or len(refused) == len(recipients)
        if data_reply[0] == 354 and nothing_to_send:
            # DATA was accepted although no message can go: end it empty (RFC 2920, 3.1).
            self.send(f".{CRLF}")
            self.getreply()
        if mail_reply[0] != 250:
            self._reset()
            raise smtplib.SMTPSenderRefused(*mail_reply, from_addr)
        if len(refused) == len(recipients):
            self._reset()
            raise smtplib.SMTPRecipientsRefused(refused)
        if data_reply[0] != 354:
            raise smtplib.SMTPDataError(*data_reply)  # as smtplib's ``data`` raises it
        self.send(_data_block(msg))
        code, resp = self.getreply()
        if code != 250:
            if code == 421:
                self.close()
            else:
                self._reset()
            raise smtplib.SMTPDataError(code, resp)
        return refused

    def _reset(self) -> None:
        """RSET after a refusal, as smtplib does; a server gone meanwhile shows at the next
        command."""
        with contextlib.suppress(smtplib.SMTPServerDisconnected):
            self.rset()

    def _send_envelope(
        self,
        from_addr: str,
        recipients: list[str],
        msg: bytes,
        mail_options: Sequence[str],
        rcpt_options: Sequence[str],
    ) -> None:
        """MAIL FROM (with SIZE and ``mail_options``), each RCPT TO and DATA, in one write."""
        options = [f"size={len(msg)}"] if self.has_extn("size") else []
        options += mail_options
        if any(option.lower() == "smtputf8" for option in options):
            if not self.has_extn("smtputf8"):
                raise smtplib.SMTPNotSupportedError("SMTPUTF8 not supported by server")
            self.command_encoding = "utf-8"
        mail_args = "".join(f" {option}" for option in options)
        rcpt_args = "".join(f" {option}" for option in rcpt_options)
        commands = [
            f"mail FROM:{smtplib.quoteaddr(from_addr)}{mail_args}",
            *(f"rcpt TO:{smtplib.quoteaddr(recipient)}{rcpt_args}" for recipient in recipients),
            "data",
        ]
        for command in commands:
            if "\r" in command or "\n" in command:
                raise ValueError("command and arguments contain prohibited newline characters")
        self.send("".join(command + CRLF for command in commands))


def _data_block(msg: bytes) -> bytes:
    """``msg`` as ``smtplib``'s ``data`` sends it: leading dots doubled, then the end mark."""
    quoted = smtplib._quote_periods(msg)  # type: ignore[attr-defined]  # private, same bytes
    if quoted[-2:] != b"\r\n":
        quoted += b"\r\n"
    return quoted + b".\r\n"
