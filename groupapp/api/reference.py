"""The API reference as a page of our own, read from the OpenAPI document.

The document is the one /api/v1/openapi.json serves (built from the same schemas that
validate requests), so the page cannot drift from the API. It is laid out like every other
page: headings per group of operations, one section per operation, tables that stack on a
phone, no script needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Row:
    """One parameter or schema property: ``kind`` is a readable type ("string (date)",
    "list of Meeting"), ``schema`` names a schema the kind refers to, if any."""

    name: str
    kind: str
    required: bool
    description: str
    schema: str | None = None


@dataclass(frozen=True)
class Answer:
    """One documented response: status code, what it means, and its schema's name."""

    status: str
    description: str
    schema: str | None


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    path: str
    summary: str
    description: str
    anchor: str
    public: bool  # no bearer token needed
    parameters: list[Row]
    body: str | None  # request body schema name
    answers: list[Answer]


@dataclass
class Group:
    """The operations of one tag, in document order."""

    name: str
    title: str
    anchor: str
    operations: list[Operation] = field(default_factory=list)


@dataclass(frozen=True)
class Schema:
    name: str
    anchor: str
    description: str
    rows: list[Row]


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: str
    groups: list[Group]
    schemas: list[Schema]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _anchor(*parts: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def operation_anchor(method: str, path: str) -> str:
    """The fragment of one operation's section on the page, e.g. ``post-api-v1-auth-tokens``."""
    return _anchor(method, path)


def _kind(schema: dict[str, Any]) -> tuple[str, str | None]:
    """A readable type for a JSON schema, and the component it names (if any)."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return name, name
    if schema.get("type") == "array":
        inner, named = _kind(schema.get("items", {}))
        return f"list of {inner}", named
    for combiner in ("allOf", "oneOf", "anyOf"):
        if schema.get(combiner):
            return _kind(schema[combiner][0])
    kind = str(schema.get("type", "any"))
    if isinstance(schema.get("type"), list):
        kind = " or ".join(str(t) for t in schema["type"])
    if schema.get("format"):
        kind += f" ({schema['format']})"
    if schema.get("enum"):
        kind += ": one of " + ", ".join(str(v) for v in schema["enum"] if v is not None)
    if schema.get("type") == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        if isinstance(extra, dict) and extra:
            inner, named = _kind(extra)
            return f"object of {inner}", named
    return kind, None


def _schema_of(content: dict[str, Any] | None) -> str | None:
    for media in (content or {}).values():
        kind, named = _kind(media.get("schema", {}))
        return named or kind
    return None


def _answers(responses: dict[str, Any], components: dict[str, Any]) -> list[Answer]:
    found = []
    for status, answer in responses.items():
        if "$ref" in answer:
            answer = components.get("responses", {}).get(_ref_name(answer["$ref"]), {})
        schema = _schema_of(answer.get("content"))
        found.append(Answer(str(status), str(answer.get("description", "")), schema))
    # Successes first, then errors in order, the catch-all last.
    return sorted(found, key=lambda a: (a.status == "default", a.status))


def _parameters(raw: list[dict[str, Any]]) -> list[Row]:
    rows = []
    for parameter in raw:
        kind, named = _kind(parameter.get("schema", {}))
        rows.append(
            Row(
                name=f"{parameter['name']} ({parameter.get('in', 'query')})",
                kind=kind,
                required=bool(parameter.get("required")),
                description=str(parameter.get("description", "")),
                schema=named,
            )
        )
    return rows


def _schema_rows(schema: dict[str, Any]) -> list[Row]:
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        kind, named = _kind(prop)
        if prop.get("readOnly"):
            kind += ", read only"
        description = str(prop.get("description", ""))
        rows.append(Row(name, kind, name in required, description, named))
    return rows


def build_reference(document: dict[str, Any]) -> Reference:
    """The page's content from an OpenAPI 3 ``document`` (a dict as openapi.json holds)."""
    components = document.get("components", {})
    titles = {t["name"]: t.get("description") or t["name"] for t in document.get("tags", [])}
    groups: dict[str, Group] = {
        name: Group(name, title, _anchor("group", name)) for name, title in titles.items()
    }
    default_security = bool(document.get("security"))
    for path, operations in document.get("paths", {}).items():
        shared = operations.get("parameters", [])
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            group = groups.setdefault(tag, Group(tag, titles.get(tag, tag), _anchor("group", tag)))
            body = operation.get("requestBody", {}).get("content")
            secured = operation.get("security", document.get("security"))
            group.operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=str(operation.get("summary", "")).replace("``", ""),
                    description=str(operation.get("description", "")).replace("``", ""),
                    anchor=operation_anchor(method, path),
                    public=default_security and not secured,
                    parameters=_parameters([*shared, *operation.get("parameters", [])]),
                    body=_schema_of(body) if body else None,
                    answers=_answers(operation.get("responses", {}), components),
                )
            )
    schemas = [
        Schema(name, _anchor("schema", name), str(raw.get("description", "")), _schema_rows(raw))
        for name, raw in components.get("schemas", {}).items()
    ]
    info = document.get("info", {})
    return Reference(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        groups=[g for g in groups.values() if g.operations],
        schemas=schemas,
    )
