"""How groupapp's emails write their headers: the email policy ``MAIL_POLICY``.

The email package parses every header it is given into a tree and folds that tree again
when the message is written out; for the few headers a message has, that is most of the
cost of building it. Here the headers that repeat from message to message are parsed and
folded once per process, and the few kinds that need no parse tree (a printable ASCII
subject or URL, a plain ``local@domain`` recipient) are written as they are. Anything
else goes through the package's own parser and folder.
"""

from __future__ import annotations

import re
from email.header import Header
from email.headerregistry import (
    Address,
    BaseHeader,
    Group,
    HeaderRegistry,
    UniqueAddressHeader,
    UnstructuredHeader,
)
from email.policy import EmailPolicy, Policy
from typing import Any

MAX_HEADER_LINE = 900  # RFC 5322 allows 998 characters on a line
FOLD_AT = 78


class _PlainHeader(UnstructuredHeader, BaseHeader):
    """A header written as it is when it is printable ASCII, folded only at its spaces.

    The email package would otherwise fold a long unbroken value (a ``List-Unsubscribe``
    URL, a subject that is one long word) into RFC 2047 encoded words, which mail
    providers do not read as a URL and which decode with a leading space. Other text
    keeps the package's encoding.
    """

    def fold(self, *, policy: Policy) -> str:
        value = str(self)
        if not value.isascii() and not getattr(policy, "utf8", False):
            # The package's own folder drops a space that falls between two encoded
            # words ("𐀀 ¡" reads back as "𐀀¡"); email.header's encoder keeps it.
            encoded = Header(value, "utf-8", header_name=self.name).encode(linesep=policy.linesep)  # type: ignore[attr-defined]
            return f"{self.name}: {encoded}{policy.linesep}"  # type: ignore[attr-defined]
        if not (value.isascii() and value.isprintable() and len(value) < MAX_HEADER_LINE):
            return super().fold(policy=policy)
        line = f"{self.name}:"
        lines: list[str] = []
        for index, word in enumerate(value.split(" ")):
            if index and word and len(line) + 1 + len(word) > FOLD_AT:
                lines.append(line)
                line = ""
            line += f" {word}"
        return policy.linesep.join([*lines, line]) + policy.linesep  # type: ignore[attr-defined]


# RFC 5322 dot-atoms of ASCII atext: an address written this way needs no quoting,
# no encoding and no comment, so its header is its text.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")


def is_plain_address(address: Address) -> bool:
    """True when ``address`` has no display name and is ``dot-atom@dot-atom`` in ASCII,
    short enough for one header line: written as it is, it reads back the same."""
    return (
        not address.display_name
        and _DOT_ATOM.fullmatch(address.username) is not None
        and _DOT_ATOM.fullmatch(address.domain) is not None
        and len(address.addr_spec) <= FOLD_AT - len("Reply-To: ")
    )


class _RecipientHeader(UniqueAddressHeader):
    """``To``: a plain address (``is_plain_address``) is kept and written as it is.

    Every message has its own recipient, so the registry's cache does not help it; the
    package would parse the address's text into a tree to fold it again. Other values
    (display names, quoted or non-ASCII local parts, lists) are the package's.
    """

    @classmethod
    def parse(cls, value: Any, kwds: dict[str, Any]) -> None:
        if isinstance(value, Address) and is_plain_address(value):
            kwds["groups"] = [Group(None, [value])]
            kwds["decoded"] = value.addr_spec
            kwds["parse_tree"] = None  # fold writes the text itself
            return
        super().parse(value, kwds)  # type: ignore[misc]  # the stubs lack parse

    def fold(self, *, policy: Policy) -> str:
        if self._parse_tree is None:  # type: ignore[attr-defined]
            return f"{self.name}: {self}{policy.linesep}"  # type: ignore[attr-defined]
        return super().fold(policy=policy)  # type: ignore[misc, no-any-return]


class _ParsedOnce(HeaderRegistry):
    """The header registry, parsing each (name, value) once per process.

    Most headers repeat from message to message (the sender, ``MIME-Version``, each
    part's ``Content-Type`` and encoding, the one-click header), and parsing them is
    a large share of building a message. Header objects are immutable strings, so
    messages can share them.
    """

    LIMIT = 2048

    def __init__(self) -> None:
        super().__init__()
        self._parsed: dict[tuple[str, ...], BaseHeader] = {}
        self._classes: dict[str, type[BaseHeader]] = {}

    def map_to_type(self, name: str, cls: type[BaseHeader]) -> None:
        super().map_to_type(name, cls)
        self._classes.clear()

    def __getitem__(self, name: str) -> type[BaseHeader]:
        # The registry otherwise makes a new class for every header it parses, which
        # costs more than parsing a short value (every message has a few unique ones).
        key = name.lower()
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().__getitem__(name)
        return found

    def __call__(self, name: str, value: Any) -> BaseHeader:
        if name.lower() == "to":  # each message's own: kept out of the cache
            return super().__call__(name, value)
        if isinstance(value, Address):
            key: tuple[str, ...] = (name, value.display_name, value.username, value.domain)
        elif isinstance(value, str):
            key = (name, value)
        else:
            return super().__call__(name, value)
        found = self._parsed.get(key)
        if found is None:
            if len(self._parsed) >= self.LIMIT:
                self._parsed.clear()
            found = self._parsed[key] = super().__call__(name, value)
        return found


class _MailPolicy(EmailPolicy):
    """The email policy, writing out each shared header object once per way of writing.

    Folding a header walks its parse tree and is the larger part of flattening a
    message; the headers that repeat (see ``_ParsedOnce``) fold the same way each time.
    """

    def fold_binary(self, name: str, value: Any) -> bytes:
        if not isinstance(value, BaseHeader):
            return super().fold_binary(name, value)
        folded: dict[tuple[object, ...], bytes] = vars(value).setdefault("_folded", {})
        # What folding depends on; a few combinations at most (SMTP, SMTPUTF8, tests').
        how = (self.linesep, self.utf8, self.max_line_length, self.cte_type, type(self))
        found = folded.get(how)
        if found is None:
            found = folded[how] = super().fold_binary(name, value)
        return found


_HEADERS = _ParsedOnce()
for _name in ("subject", "list-unsubscribe", "list-unsubscribe-post"):
    _HEADERS.map_to_type(_name, _PlainHeader)
# The registry mixes BaseHeader in, as it does for its own address headers.
_HEADERS.map_to_type("to", _RecipientHeader)  # type: ignore[arg-type]
#: SMTP line endings, and the headers above written plainly.
MAIL_POLICY = _MailPolicy(linesep="\r\n", header_factory=_HEADERS)
MAIL_POLICY_UTF8 = MAIL_POLICY.clone(utf8=True)
