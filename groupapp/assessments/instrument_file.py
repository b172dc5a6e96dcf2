"""Parse and strictly validate an instrument file (YAML or JSON).

The file format is a public contract documented in ``docs/instrument-format.md``.
Every problem is reported with its path, all at once, through
:class:`InstrumentFileError`. :func:`instrument_to_dict` gives the canonical form
stored in the database; parsing it again yields an equal :class:`Instrument`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from groupapp.assessments.file_checks import ITEM_ID_RE, MAX_LABEL, SLUG_RE, Checker
from groupapp.assessments.instrument_dump import dump_instrument
from groupapp.assessments.instrument_model import (
    RESPONDENTS,
    FhirCodes,
    Instrument,
    Item,
    Option,
    Respondent,
    RiskRule,
)
from groupapp.assessments.scoring_section import KnownItems, parse_scoring
from groupapp.assessments.translation_checks import parse_translations
from groupapp.core.safe_data import UnreadableData, cap_problems, load_data

MAX_FILE_BYTES = 256 * 1024
TOP_KEYS = {
    "id", "name", "short_name", "version", "citation", "license", "copyright",
    "instructions", "validated", "notice", "options", "items", "scoring", "fhir", "respondent",
    "translations",
}  # fmt: skip
ITEM_KEYS = {"id", "text", "options", "reverse", "scored", "required", "risk", "code"}


class InstrumentFileError(ValueError):
    """An instrument file is invalid; ``errors`` lists every problem with its path."""

    def __init__(self, errors: list[str]) -> None:
        errors = cap_problems(errors)
        super().__init__("; ".join(errors))
        self.errors = errors


def load_instrument(text: str | bytes) -> Instrument:
    """Parse YAML or JSON text into a validated Instrument, or raise InstrumentFileError."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise InstrumentFileError([f"(file): larger than {MAX_FILE_BYTES // 1024} KB"])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InstrumentFileError(["(file): not UTF-8 text"]) from None
    if len(text) > MAX_FILE_BYTES:
        raise InstrumentFileError([f"(file): larger than {MAX_FILE_BYTES // 1024} KB"])
    try:
        data = load_data(text)
    except UnreadableData as exc:
        raise InstrumentFileError([f"(file): {exc}"]) from None
    return parse_instrument(data)


def parse_instrument(data: Any) -> Instrument:
    """Validate already-loaded data (a dict) into an Instrument."""
    check = Checker()
    top = check.mapping("", data, TOP_KEYS, {"id", "name", "version", "items", "scoring"})
    if top is None:
        raise InstrumentFileError(["(root): expected a mapping of keys to values"])
    ident = check.pattern(
        "id", top.get("id"), SLUG_RE, "a slug: lower-case letters, digits, - or _"
    )
    name = check.text("name", top.get("name"), max_len=MAX_LABEL) if "name" in top else None
    version = check.text("version", top.get("version"), max_len=64) if "version" in top else None
    info = {
        key: check.optional_text("", top, key)
        for key in ("citation", "license", "copyright", "instructions", "notice")
    }
    short_name = check.optional_text("", top, "short_name", max_len=64)
    validated = check.boolean("validated", top["validated"]) if "validated" in top else True
    defaults: tuple[Option, ...] | None = ()
    if "options" in top:
        defaults = _options(check, "options", top["options"])  # None: broken, reported
    raw_items = check.sequence("items", top.get("items", []))
    items = check.each("items", raw_items, lambda p, v: _item(check, p, v, defaults))
    check.unique("items", [v.get("id") if isinstance(v, dict) else None for v in raw_items], "id")
    good_items = tuple(i for i in items if i is not None)
    scoring = None
    if "scoring" in top:
        known = KnownItems(good_items, complete=len(good_items) == len(raw_items) > 0)
        scoring = parse_scoring(check, top["scoring"], known, validated is not False)
    fhir = _fhir(check, top["fhir"]) if "fhir" in top else None
    respondent = _respondent(check, top, raw_items)
    if check.errors:
        raise InstrumentFileError(check.errors)
    if ident is None or name is None or version is None or scoring is None:
        # Unreachable: a missing part always records an error above.
        raise InstrumentFileError(["(root): incomplete instrument"])
    instrument = Instrument(
        id=ident,
        name=name,
        version=version,
        items=good_items,
        scoring=scoring,
        options=defaults or (),
        short_name=short_name,
        validated=bool(validated),
        fhir=fhir,
        respondent=respondent,
        citation=info["citation"],
        license=info["license"],
        copyright=info["copyright"],
        instructions=info["instructions"],
        notice=info["notice"],
    )
    if "translations" not in top:
        return instrument
    # Translations are checked against the finished instrument, so only once the rest
    # of the file is valid (like the scoring checks that wait for every item).
    translations = parse_translations(check, top["translations"], instrument)
    if check.errors:
        raise InstrumentFileError(check.errors)
    return replace(instrument, translations=translations)


def _respondent(check: Checker, top: dict[str, Any], raw_items: list[Any]) -> Respondent:
    """Who answers the instrument. A facilitator-rated file has no risk items: a risk
    message is written to the person answering, and the facilitator is not at risk."""
    if "respondent" not in top:
        return "participant"
    chosen = check.choice("respondent", top["respondent"], RESPONDENTS)
    if chosen == "facilitator":
        for index, raw in enumerate(raw_items):
            if isinstance(raw, dict) and "risk" in raw:
                check.error(f"items[{index}].risk", "not allowed when respondent is facilitator")
        return "facilitator"
    return "participant"


def _options(check: Checker, path: str, value: Any) -> tuple[Option, ...] | None:
    entries = check.sequence(path, value, max_len=50)
    options = check.each(path, entries, lambda p, v: _option(check, p, v))
    check.unique(path, [o.value if o else None for o in options], "value")
    check.unique(path, [o.label if o else None for o in options], "label")
    if not entries or None in options:
        return None
    return tuple(o for o in options if o is not None)


def _option(check: Checker, path: str, value: Any) -> Option | None:
    data = check.mapping(path, value, {"value", "label", "code"}, {"value", "label"})
    if data is None:
        return None
    number = check.number(f"{path}.value", data.get("value")) if "value" in data else None
    label = (
        check.text(f"{path}.label", data.get("label"), max_len=MAX_LABEL)
        if "label" in data
        else None
    )
    code = check.optional_text(f"{path}.", data, "code", max_len=64)
    if number is None or label is None or ("code" in data and code is None):
        return None
    return Option(value=number, label=label, code=code)


def _item(
    check: Checker, path: str, value: Any, defaults: tuple[Option, ...] | None
) -> Item | None:
    data = check.mapping(path, value, ITEM_KEYS, {"id", "text"})
    if data is None:
        return None
    before = len(check.errors)
    ident = check.pattern(f"{path}.id", data.get("id"), ITEM_ID_RE, "letters, digits, ., - or _")
    text = check.text(f"{path}.text", data.get("text")) if "text" in data else None
    options: tuple[Option, ...] | None = defaults
    if "options" in data:
        options = _options(check, f"{path}.options", data["options"])
    elif defaults == ():
        check.error(f"{path}.options", "required because the file has no default options")
    flags = {
        key: check.boolean(f"{path}.{key}", data[key]) if key in data else default
        for key, default in (("reverse", False), ("scored", True), ("required", True))
    }
    code = check.optional_text(f"{path}.", data, "code", max_len=64)
    risk = _risk(check, f"{path}.risk", data["risk"], options) if "risk" in data else None
    if len(check.errors) != before or ident is None or text is None or not options:
        return None
    return Item(
        id=ident,
        text=text,
        options=options,
        reverse=bool(flags["reverse"]),
        scored=bool(flags["scored"]),
        required=bool(flags["required"]),
        risk=risk,
        code=code,
    )


def _risk(
    check: Checker, path: str, value: Any, options: tuple[Option, ...] | None
) -> RiskRule | None:
    data = check.mapping(path, value, {"at_least", "message"}, {"at_least", "message"})
    if data is None:
        return None
    at_least = (
        check.number(f"{path}.at_least", data.get("at_least")) if "at_least" in data else None
    )
    message = check.text(f"{path}.message", data.get("message")) if "message" in data else None
    if at_least is None or message is None:
        return None
    if options:
        low = min(o.value for o in options)
        high = max(o.value for o in options)
        if not low <= at_least <= high:
            check.error(f"{path}.at_least", f"must lie within the item's option range {low}-{high}")
            return None
    return RiskRule(at_least=at_least, message=message)


def _fhir(check: Checker, value: Any) -> FhirCodes | None:
    data = check.mapping("fhir", value, {"questionnaire_code", "total_code"})
    if data is None:
        return None
    return FhirCodes(
        questionnaire_code=check.optional_text("fhir.", data, "questionnaire_code", max_len=64),
        total_code=check.optional_text("fhir.", data, "total_code", max_len=64),
    )


def instrument_to_dict(instrument: Instrument) -> dict[str, Any]:
    """The canonical JSON-able form of an instrument (what the database stores)."""
    return dump_instrument(instrument)
