"""JSON request bodies: read once per request, within the bounds every upload keeps to.

The app's JSON provider (:class:`BoundedJSONProvider`) makes ``request.get_json()`` read a
body with :func:`parse_json_body`: strict UTF-8, then ``safe_data.load_json`` (nesting at
most ``safe_data.MAX_DEPTH`` levels, at most ``safe_data.MAX_NODES`` values). Any body
that breaks a rule raises ``UnreadableData`` (a ``ValueError``), which Flask reports as a
400 (or, for ``get_json(silent=True)``, as no body), never a RecursionError. The size of
every body is bounded before it is read by ``MAX_CONTENT_LENGTH`` (``request_limits``).
Werkzeug keeps the parsed value for the rest of the request, so it is parsed once.
"""

from __future__ import annotations

from typing import Any

from flask.json.provider import DefaultJSONProvider

from groupapp.core.safe_data import UnreadableData, load_json

__all__ = ["BoundedJSONProvider", "UnreadableData", "parse_json_body"]


def parse_json_body(data: str | bytes | bytearray) -> Any:
    """The value of a JSON body; raises ``UnreadableData`` saying what is wrong with it.

    Bytes must be UTF-8 (RFC 8259); the message names the first byte that is not.
    """
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnreadableData(
                f"not valid UTF-8: byte 0x{data[exc.start]:02x} at position {exc.start}"
            ) from None
    else:
        text = data
    return load_json(text)


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, reading with :func:`parse_json_body` (writing unchanged)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse ``s`` within the bounds; ``UnreadableData`` (a ValueError) when it breaks one."""
        return parse_json_body(s)
