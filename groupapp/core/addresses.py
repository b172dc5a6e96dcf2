"""Email addresses: one canonical form for storing and comparing, one for sending.

The rule (docs/architecture.md): every address a person types goes through
:func:`canonical_email` before it is stored or looked up (sign-up, sign-in, invitations,
password reset, every lookup). The canonical form is

- Unicode NFC (``zoë`` typed with a combining diaeresis equals the composed ``zoë``),
- lower case, as the app has always compared addresses case-blind,
- the domain in its IDNA-normalised Unicode form (``BÜCHER.example``,
  ``bücher.example`` and ``xn--bcher-kva.example`` are one domain).

Messages are addressed with :func:`header_address`: the domain in its ASCII (``xn--``)
form, so a server without SMTPUTF8 can deliver to an internationalised domain, and the
address written as an address (never an RFC 2047 encoded word inside it). Only a local
part (before the ``@``) that is not ASCII still needs SMTPUTF8.
"""

from __future__ import annotations

import unicodedata
from email.headerregistry import Address
from email.utils import parseaddr

import idna
from email_validator import EmailNotValidError, validate_email


class InvalidAddress(ValueError):
    """The text is not a usable email address; str() says why, for the person who typed it."""


def _validated(text: str):  # type: ignore[no-untyped-def]
    # Deliverability (DNS) is not checked: sign-up must not depend on the network, and
    # special-use domains such as example.org stay usable in demos and tests.
    return validate_email(
        unicodedata.normalize("NFC", text.strip()),
        check_deliverability=False,
        allow_quoted_local=False,
    )


def validated_email(text: str) -> str:
    """The canonical form of a new address (sign-up, invitation, changes).

    Raises InvalidAddress with a reason when ``text`` is not a valid address.
    """
    try:
        result = _validated(text)
    except EmailNotValidError as exc:
        raise InvalidAddress(str(exc)) from None
    return f"{result.local_part.lower()}@{result.domain.lower()}"


def canonical_email(text: str) -> str:
    """The canonical form of ``text`` for storing and lookups; never raises.

    Text that is not a valid address (someone mistyped at sign-in) gets the same NFC and
    case rules, so it simply matches nobody.
    """
    try:
        return validated_email(text)
    except InvalidAddress:
        return unicodedata.normalize("NFC", text.strip()).lower()


def ascii_domain(domain: str) -> str:
    """The domain's ASCII (``xn--``) form; the domain unchanged when IDNA cannot encode it."""
    if domain.isascii():
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        return domain


def needs_smtputf8(address: str) -> bool:
    """True when the part before the ``@`` is not ASCII (only SMTPUTF8 servers take it)."""
    local, _, _ = address.rpartition("@")
    return not local.isascii()


def header_address(address: str, display_name: str = "") -> Address:
    """``address`` (``local@domain``, or ``Name <local@domain>``) ready for a header.

    The domain is written in its ASCII form; the display name may be any text (the
    email package encodes it as a phrase, outside the angle brackets).
    """
    name, bare = parseaddr(address) if "<" in address else ("", address.strip())
    local, _, domain = bare.rpartition("@")
    return Address(display_name or name, local, ascii_domain(domain))
