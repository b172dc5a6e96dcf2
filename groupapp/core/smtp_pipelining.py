"""An SMTP client that pipelines commands when the server offers PIPELINING (RFC 2920).

``smtplib`` waits for the server's answer to each command: MAIL FROM, each RCPT TO, DATA
and the message, four round trips for a message to one address. Most mail servers
(Postfix, Exim, the large providers) offer PIPELINING: the client may send MAIL FROM,
the RCPT TOs and DATA together and then read their answers in order, so a message
costs two round trips (the envelope, then the message once DATA was answered 354).
Against a server without the extension ``sendmail`` is smtplib's own.

``sendmail_each`` goes one step further for a run of messages: the message content "is
explicitly allowed to be the first command in a group" (RFC 2920, 3.1), so each message
goes out in the same write as the next message's envelope, one round trip a message.

What a caller sees is ``smtplib.SMTP.sendmail``'s: the same return value and the same
exceptions for the same answers (``groupapp.core.smtp_errors`` sorts them), and the
message is accepted only when the server answered its end of data with 250.
"""

from __future__ import annotations

import contextlib
import smtplib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

CRLF = "\r\n"


@dataclass(frozen=True)
class WireMessage:
    """A message as SMTP carries it: the envelope's addresses and the message's bytes."""

    sender: str
    recipients: list[str]
    data: bytes
    #: ``("SMTPUTF8", "BODY=8BITMIME")`` when an address is not ASCII, else empty
    mail_options: tuple[str, ...]


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
        if isinstance(msg, str) or not self._pipelines():
            return super().sendmail(from_addr, to_addrs, msg, mail_options, rcpt_options)
        recipients = [to_addrs] if isinstance(to_addrs, str) else list(to_addrs)
        self.send(self._envelope(from_addr, recipients, len(msg), mail_options, rcpt_options))
        refused = self._envelope_replies(from_addr, recipients)
        self.send(_data_block(msg))
        self._content_reply(reset=True)
        return refused

    def sendmail_each(self, messages: Sequence[WireMessage]) -> Iterator[Exception | None]:
        """Send ``messages`` in order, each message's content in one write with the next
        message's envelope where the server offers PIPELINING.

        Yields one outcome per message, in order, as each is known: ``None`` once the
        server accepted it, else the exception ``sendmail`` would have raised for it. An
        exception ends the iteration, as smtplib's callers end a conversation after one:
        the messages after it were not accepted and can go over a new connection (the
        next envelope may be on its way, so this connection is only fit to be closed).
        Raises nothing itself.
        """
        self.ehlo_or_helo_if_needed()
        if not self._pipelines():
            for message in messages:
                error = self._outcome(
                    self.sendmail,
                    message.sender,
                    message.recipients,
                    message.data,
                    message.mail_options,
                )
                yield error
                if error is not None:
                    return
            return
        content: bytes | None = None  # the last message's, once its DATA was answered 354
        for message in messages:
            unsendable: Exception | None = None
            envelope = b""
            try:
                envelope = self._envelope(
                    message.sender, message.recipients, len(message.data), message.mail_options
                )
            except (ValueError, smtplib.SMTPException) as exc:
                unsendable = exc
            if content is not None:
                # The last message's outcome, answered before this envelope's answers.
                error = self._outcome(self.send, content + envelope)
                if error is None:
                    error = self._outcome(self._content_reply, reset=False)
                yield error
                if error is not None:
                    return
                content = None
            elif envelope and (error := self._outcome(self.send, envelope)) is not None:
                yield error
                return
            error = unsendable or self._outcome(
                self._envelope_replies, message.sender, message.recipients
            )
            if error is not None:
                yield error
                return
            content = _data_block(message.data)
        if content is not None:
            error = self._outcome(self.send, content)
            yield error if error is not None else self._outcome(self._content_reply, reset=False)

    def _pipelines(self) -> bool:
        return bool(self.does_esmtp and self.has_extn("pipelining"))

    def _outcome(self, step: Callable[..., object], *args: Any, **kwargs: Any) -> Exception | None:
        """``None`` when ``step(*args, **kwargs)`` ran, else what it raised. Anything but an
        answer from the server leaves the conversation in an unknown state: the connection
        is closed."""
        try:
            step(*args, **kwargs)
        except smtplib.SMTPException as exc:
            return exc
        except Exception as exc:
            self.close()
            return exc
        return None

    def _envelope_replies(
        self, from_addr: str, recipients: list[str]
    ) -> dict[str, tuple[int, bytes]]:
        """Read the answers to MAIL FROM, each RCPT TO and DATA; raise as ``sendmail``
        does when the message cannot go, else return the refused recipients."""
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
        return refused

    def _content_reply(self, *, reset: bool) -> None:
        """Read the answer to a message's end of data; raise ``SMTPDataError`` unless 250.

        ``reset`` sends RSET after a refusal, as smtplib does; not when the next envelope
        is already on its way (a refused message ends its transaction all the same).
        """
        code, resp = self.getreply()
        if code != 250:
            if code == 421:
                self.close()
            elif reset:
                self._reset()
            raise smtplib.SMTPDataError(code, resp)

    def _reset(self) -> None:
        """RSET after a refusal, as smtplib does; a server gone meanwhile shows at the next
        command."""
        with contextlib.suppress(smtplib.SMTPServerDisconnected):
            self.rset()

    def _envelope(
        self,
        from_addr: str,
        recipients: list[str],
        size: int,
        mail_options: Sequence[str],
        rcpt_options: Sequence[str] = (),
    ) -> bytes:
        """MAIL FROM (with SIZE and ``mail_options``), each RCPT TO and DATA, as one write.

        Raises ``ValueError`` for a line break in an address or option, ``SMTPNotSupportedError``
        when SMTPUTF8 is asked of a server without it, and ``UnicodeEncodeError`` for an
        address that is not ASCII without it.
        """
        options = [f"size={size}"] if self.has_extn("size") else []
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
        return "".join(command + CRLF for command in commands).encode(self.command_encoding)


def _data_block(msg: bytes) -> bytes:
    """``msg`` as ``smtplib``'s ``data`` sends it: leading dots doubled, then the end mark."""
    quoted = smtplib._quote_periods(msg)  # type: ignore[attr-defined]  # private, same bytes
    if quoted[-2:] != b"\r\n":
        quoted += b"\r\n"
    return quoted + b".\r\n"
