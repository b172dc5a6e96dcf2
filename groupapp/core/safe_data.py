"""Reading YAML or JSON that people upload or edit, within fixed bounds of work.

Instrument files and homework templates are data a person typed or uploaded, so reading
them must cost at most a bounded amount of time and memory whatever they contain:

- YAML aliases may repeat an anchored node, but the document counts as the size it
  expands to (an "alias bomb" of a few kilobytes that stands for millions of nodes is
  refused while it is being composed, before anything is built from it), and an alias
  may not refer to the node that contains it (a structure that contains itself);
- nesting is limited to ``MAX_DEPTH`` levels (20,000 ``[`` in a row are refused, not a
  RecursionError);
- every problem list is cut to its first ``MAX_PROBLEMS`` entries plus a line saying how
  many more there are (:func:`cap_problems`).

:func:`load_data` raises :class:`UnreadableData` (a ValueError) with a one-line reason,
and never anything else, for any text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

MAX_DEPTH = 40
MAX_NODES = 20_000
MAX_PROBLEMS = 50


class UnreadableData(ValueError):
    """The text is not valid YAML or JSON, or is larger than the limits; str() says why."""


class _LimitExceeded(yaml.YAMLError):
    def __init__(self, reason: str, node_or_event: Any = None) -> None:
        mark = getattr(node_or_event, "start_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        super().__init__(f"{where}{reason}")


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, measuring every node as the size and depth it expands to."""

    def __init__(self, stream: str, max_depth: int, max_nodes: int) -> None:
        super().__init__(stream)
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.depth = 0
        # id(node) -> (expanded node count, expanded height); kept for the whole stream.
        self.measures: dict[int, tuple[int, int]] = {}
        self.keep: list[Node] = []  # keeps measured nodes alive, so ids stay unique

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            node = Composer.compose_node(self, parent, index)
            measure = self.measures.get(id(node))
            if measure is None:
                raise _LimitExceeded("an alias refers to the node that contains it", event)
            self._check(self.depth + measure[1], measure[0], event)
            return node
        self.depth += 1
        if self.depth > self.max_depth:
            raise _LimitExceeded(
                f"nested more than {self.max_depth} levels deep", self.peek_event()
            )
        node = Composer.compose_node(self, parent, index)
        self.depth -= 1
        size, height = 1, 1
        for child in _children(node):
            child_size, child_height = self.measures[id(child)]
            size += child_size
            height = max(height, child_height + 1)
        self._check(self.depth + height, size, node)
        self.measures[id(node)] = (size, height)
        self.keep.append(node)
        return node

    def construct_scalar(self, node: Any) -> Any:
        value = super().construct_scalar(node)
        if isinstance(value, str) and not value.isascii():
            _refuse_lone_surrogates(value, node)
        return value

    def _check(self, depth: int, size: int, where: Any) -> None:
        if depth > self.max_depth:
            raise _LimitExceeded(f"nested more than {self.max_depth} levels deep", where)
        if size > self.max_nodes:
            raise _LimitExceeded(
                f"stands for more than {self.max_nodes:,} values once its aliases are expanded",
                where,
            )


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _check_shape(data: Any, max_depth: int, max_nodes: int) -> None:
    """Walk loaded data without recursion; UnreadableData when too deep, too large or when
    text holds half a surrogate pair."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if depth > max_depth:
            raise UnreadableData(f"nested more than {max_depth} levels deep")
        if count > max_nodes:
            raise UnreadableData(f"holds more than {max_nodes:,} values")
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for pair in value.items() for child in pair)
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
        elif isinstance(value, str) and not value.isascii():
            _refuse_lone_surrogates(value)


def _refuse_lone_surrogates(text: str, where: Any = None) -> None:
    """UnreadableData when ``text`` holds half of a UTF-16 pair on its own.

    JSON and YAML may escape one (``"\\ud800"``) although it is no character: such text
    cannot be written as UTF-8, so no database or page could keep it. ``where`` is the YAML
    node, to name its line.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        half = f"\\u{ord(text[exc.start]):04x}"
        reason = f"holds {half}, half of a UTF-16 surrogate pair without its other half"
        raise (
            _LimitExceeded(reason, where) if where is not None else UnreadableData(reason)
        ) from None


def load_yaml(text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Any:
    """Plain data (dicts, lists, strings, numbers, booleans, dates, None) from YAML text.

    Raises UnreadableData (``"not valid YAML: line 3: ..."`` or the limit passed).
    """
    loader = None
    try:
        loader = _BoundedLoader(text, max_depth, max_nodes)  # checks for unprintable text
        return loader.get_single_data()
    except _LimitExceeded as exc:
        raise UnreadableData(str(exc)) from None
    except yaml.reader.ReaderError as exc:
        raise UnreadableData(
            f"not valid YAML: character #x{exc.character:04x} at position {exc.position} "
            "is not allowed"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "could not be read"
        raise UnreadableData(f"not valid YAML: {where}{problem}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # e.g. an impossible date such as 2026-02-30, or a number too long to convert.
        raise UnreadableData(f"could not be read: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


def _object_with_unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; UnreadableData when a key comes twice (which one was meant?)."""
    data = dict(pairs)
    if len(data) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise UnreadableData(f"holds the key {json.dumps(key)} twice in one object")
            seen.add(key)
    return data


def load_json(text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Any:
    """Plain data from JSON text; raises UnreadableData (``"not valid JSON: line 2: ..."``)."""
    try:
        data = json.loads(text, object_pairs_hook=_object_with_unique_keys)
    except json.JSONDecodeError as exc:
        raise UnreadableData(f"not valid JSON: line {exc.lineno}: {exc.msg}") from None
    except UnreadableData:
        raise
    except RecursionError:
        raise UnreadableData(f"nested more than {max_depth} levels deep") from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise UnreadableData(f"could not be read: {exc}") from None
    _check_shape(data, max_depth, max_nodes)
    return data


def load_data(text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Any:
    """JSON when the text starts with ``{`` (after blanks), else YAML; see the loaders."""
    loader = load_json if text.lstrip().startswith("{") else load_yaml
    return loader(text, max_depth=max_depth, max_nodes=max_nodes)


def cap_problems(problems: list[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """The first ``limit`` problems, plus one line saying how many more were found."""
    if len(problems) <= limit:
        return problems
    more = len(problems) - limit
    return [*problems[:limit], f"... and {more} more problem{'s' if more != 1 else ''}"]
