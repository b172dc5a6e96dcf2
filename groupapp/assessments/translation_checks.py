"""Check the ``translations`` section of an instrument file against the instrument.

A language is accepted only when every word a participant reads is translated: the
name, instructions, notice, each option label, item text, risk message, band label
and subscale name. Every missing entry is reported with the path to write it at
(``translations.es.items.q3.text: required``), so an author completes a language in
one pass. Options are keyed by their value, items and subscales by their id, bands
by position (they have no id).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from groupapp.assessments.file_checks import MAX_LABEL, Checker, fmt_number
from groupapp.assessments.instrument_model import (
    Band,
    Instrument,
    Item,
    ItemTranslation,
    Number,
    Option,
    Subscale,
    SubscaleTranslation,
    Translation,
)

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
_NUMBER_KEY_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$", re.ASCII)
LANGUAGE_KEYS = {
    "source", "name", "short_name", "instructions", "notice", "options", "items",
    "bands", "subscales",
}  # fmt: skip


def parse_translations(check: Checker, value: Any, base: Instrument) -> tuple[Translation, ...]:
    """Every language of the ``translations`` mapping, checked against ``base``.

    Problems are recorded on ``check``; a language with any problem is left out.
    """
    if not isinstance(value, Mapping):
        check.error("translations", "expected a mapping of language codes to translations")
        return ()
    found = []
    for code, entry in value.items():
        path = f"translations.{code}"
        if not isinstance(code, str) or not LANGUAGE_RE.match(code):
            check.error(path, "expected a language code of 2 or 3 lower-case letters, e.g. es")
            continue
        if code == base.language:
            check.error(path, f"the file's own text is already in {base.language}")
            continue
        before = len(check.errors)
        translation = _language(check, path, code, entry, base)
        if translation is not None and len(check.errors) == before:
            found.append(translation)
    return tuple(found)


def _required_keys(base: Instrument) -> set[str]:
    keys = {"source", "name", "items"}
    for key, present in (
        ("instructions", base.instructions),
        ("notice", base.notice),
        ("options", base.options),
        ("bands", base.scoring.bands),
        ("subscales", base.scoring.subscales),
    ):
        if present:
            keys.add(key)
    return keys


def _language(
    check: Checker, path: str, code: str, value: Any, base: Instrument
) -> Translation | None:
    data = check.mapping(path, value, LANGUAGE_KEYS, _required_keys(base))
    if data is None:
        return None
    texts: dict[str, str | None] = {}
    for key in ("instructions", "notice"):
        if key in data and getattr(base, key) is None:
            check.error(f"{path}.{key}", f"the file has no {key} to translate")
        texts[key] = check.optional_text(f"{path}.", data, key)
    options: tuple[str, ...] | None = ()
    if "options" in data:
        if not base.options:
            check.error(f"{path}.options", "the file has no default options to translate")
        options = _labels(check, f"{path}.options", data["options"], base.options)
    items = _items(check, f"{path}.items", data.get("items"), base)
    bands = _bands(check, f"{path}.bands", data.get("bands"), base.scoring.bands)
    subscales = _subscales(check, f"{path}.subscales", data.get("subscales"), base)
    source = check.optional_text(f"{path}.", data, "source")
    name = check.optional_text(f"{path}.", data, "name", max_len=MAX_LABEL)
    short_name = check.optional_text(f"{path}.", data, "short_name", max_len=64)
    if source is None or name is None or options is None or items is None:
        return None
    if bands is None or subscales is None:
        return None
    return Translation(
        language=code,
        source=source,
        name=name,
        short_name=short_name,
        options=options,
        items=items,
        bands=bands,
        subscales=subscales,
        **texts,
    )


def _option_key(key: Any) -> Number | None:
    """An option value written as a mapping key: a YAML number, or a JSON string of one."""
    if isinstance(key, bool):
        return None
    if isinstance(key, int | float):
        return key
    if isinstance(key, str) and _NUMBER_KEY_RE.match(key):
        number = float(key)
        return int(number) if number.is_integer() else number
    return None


def _labels(
    check: Checker, path: str, value: Any, options: tuple[Option, ...]
) -> tuple[str, ...] | None:
    """Option labels keyed by option value, returned in the order of ``options``."""
    if not isinstance(value, Mapping):
        check.error(path, "expected a mapping of option values to labels, e.g. {0: Nunca}")
        return None
    known = {option.value for option in options}
    by_value: dict[Number, str | None] = {}
    for key, label in value.items():
        number = _option_key(key)
        if number is None or number not in known:
            check.error(f"{path}.{key}", "no option has this value")
            continue
        by_value[number] = check.text(f"{path}.{key}", label, max_len=MAX_LABEL)
    labels = []
    for option in options:
        if option.value not in by_value:
            check.error(f"{path}.{fmt_number(option.value)}", f"required ({option.label!r})")
        labels.append(by_value.get(option.value))
    if None in labels:
        return None
    return tuple(label for label in labels if label is not None)


def _by_id(check: Checker, path: str, value: Any, known: set[str], what: str) -> dict[str, Any]:
    """Entries of a mapping keyed by item or subscale id; unknown ids are problems."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        check.error(path, f"expected a mapping of {what} ids to their words")
        return {}
    for key in value:
        if key not in known:
            check.error(f"{path}.{key}", f"no {what} has this id")
    return {str(k): v for k, v in value.items() if k in known}


def _items(
    check: Checker, path: str, value: Any, base: Instrument
) -> tuple[tuple[str, ItemTranslation], ...] | None:
    entries = _by_id(check, path, value, {item.id for item in base.items}, "item")
    found = [
        _item(check, f"{path}.{item.id}", entries.get(item.id), item, base) for item in base.items
    ]
    if None in found:
        return None
    return tuple((item.id, entry) for item, entry in zip(base.items, found, strict=True) if entry)


def _item(
    check: Checker, path: str, value: Any, item: Item, base: Instrument
) -> ItemTranslation | None:
    own_options = item.options != base.options
    required = {"text"} | ({"options"} if own_options else set())
    if item.risk:
        required.add("risk")
    allowed = {"text", "options", "risk"}
    data = check.mapping(path, {} if value is None else value, allowed, required)
    if data is None:
        return None
    text = check.optional_text(f"{path}.", data, "text")
    options: tuple[str, ...] | None = ()
    if "options" in data:
        if not own_options:
            check.error(f"{path}.options", "the item uses the file's options: translate those")
        options = _labels(check, f"{path}.options", data["options"], item.options)
    risk_message: str | None = None
    if "risk" in data:
        if item.risk is None:
            check.error(f"{path}.risk", "this item has no risk message to translate")
        risk = check.mapping(f"{path}.risk", data["risk"], {"message"}, {"message"})
        risk_message = check.optional_text(f"{path}.risk.", risk or {}, "message")
        if risk_message is None:
            return None
    if text is None or options is None:
        return None
    return ItemTranslation(text=text, options=options, risk_message=risk_message)


def _bands(
    check: Checker, path: str, value: Any, bands: tuple[Band, ...]
) -> tuple[str, ...] | None:
    """Band labels in the order of ``bands``, one each."""
    if value is None:
        return ()
    if not bands:
        check.error(path, "the file has no bands to translate")
        return None
    if not isinstance(value, list):
        check.error(path, f"expected a list of {len(bands)} labels, one per band")
        return None
    labels = [check.text(f"{path}[{i}]", label, max_len=MAX_LABEL) for i, label in enumerate(value)]
    for index in range(len(value), len(bands)):
        band = bands[index]
        check.error(
            f"{path}[{index}]",
            f"required (the band {fmt_number(band.min)}-{fmt_number(band.max)}, {band.label!r})",
        )
    if len(value) > len(bands):
        check.error(f"{path}[{len(bands)}]", f"the file has only {len(bands)} bands")
    if None in labels or len(labels) != len(bands):
        return None
    return tuple(label for label in labels if label is not None)


def _subscales(
    check: Checker, path: str, value: Any, base: Instrument
) -> tuple[tuple[str, SubscaleTranslation], ...] | None:
    subscales = base.scoring.subscales
    entries = _by_id(check, path, value, {s.id for s in subscales}, "subscale")
    found = [_subscale(check, f"{path}.{s.id}", entries.get(s.id), s) for s in subscales]
    if None in found:
        return None
    return tuple((s.id, entry) for s, entry in zip(subscales, found, strict=True) if entry)


def _subscale(
    check: Checker, path: str, value: Any, subscale: Subscale
) -> SubscaleTranslation | None:
    required = {"name"} | ({"bands"} if subscale.bands else set())
    data = check.mapping(path, {} if value is None else value, {"name", "bands"}, required)
    if data is None:
        return None
    name = check.optional_text(f"{path}.", data, "name", max_len=MAX_LABEL)
    bands = _bands(check, f"{path}.bands", data.get("bands"), subscale.bands)
    if name is None or bands is None:
        return None
    return SubscaleTranslation(name=name, bands=bands)
