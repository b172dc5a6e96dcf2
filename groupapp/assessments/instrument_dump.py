"""Canonical dict form of a validated instrument, for storage as JSON.

Only keys that differ from the file format's defaults are written, so the stored
form reads like a tidy instrument file and parses back to an equal Instrument.
"""

from __future__ import annotations

from typing import Any

from groupapp.assessments.file_checks import fmt_number
from groupapp.assessments.instrument_model import (
    Band,
    Instrument,
    Item,
    Option,
    Subscale,
    Translation,
)


def _option(option: Option) -> dict[str, Any]:
    data: dict[str, Any] = {"value": option.value, "label": option.label}
    if option.code:
        data["code"] = option.code
    return data


def _band(band: Band) -> dict[str, Any]:
    return {"min": band.min, "max": band.max, "label": band.label}


def _item(item: Item, defaults: tuple[Option, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "text": item.text}
    if item.options != defaults:
        data["options"] = [_option(o) for o in item.options]
    for key, default in (("reverse", False), ("scored", True), ("required", True)):
        if getattr(item, key) != default:
            data[key] = getattr(item, key)
    if item.risk:
        data["risk"] = {"at_least": item.risk.at_least, "message": item.risk.message}
    if item.code:
        data["code"] = item.code
    return data


def _subscale(subscale: Subscale) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": subscale.id,
        "name": subscale.name,
        "items": list(subscale.items),
        "method": subscale.method,
        "multiplier": subscale.multiplier,
    }
    if subscale.bands:
        data["bands"] = [_band(b) for b in subscale.bands]
    return data


def _labels(options: tuple[Option, ...], labels: tuple[str, ...]) -> dict[str, str]:
    return {fmt_number(o.value): label for o, label in zip(options, labels, strict=True)}


def _translation(instrument: Instrument, translation: Translation) -> dict[str, Any]:
    data: dict[str, Any] = {"source": translation.source, "name": translation.name}
    for key in ("short_name", "instructions", "notice"):
        if getattr(translation, key) is not None:
            data[key] = getattr(translation, key)
    if translation.options:
        data["options"] = _labels(instrument.options, translation.options)
    items: dict[str, Any] = {}
    for item_id, words in translation.items:
        entry: dict[str, Any] = {"text": words.text}
        if words.options:
            entry["options"] = _labels(instrument.item(item_id).options, words.options)
        if words.risk_message is not None:
            entry["risk"] = {"message": words.risk_message}
        items[item_id] = entry
    data["items"] = items
    if translation.bands:
        data["bands"] = list(translation.bands)
    if translation.subscales:
        data["subscales"] = {
            sub_id: {"name": s.name, **({"bands": list(s.bands)} if s.bands else {})}
            for sub_id, s in translation.subscales
        }
    return data


def dump_instrument(instrument: Instrument) -> dict[str, Any]:
    """The instrument as plain data accepted by ``parse_instrument``."""
    scoring = instrument.scoring
    total = scoring.total
    data: dict[str, Any] = {
        "id": instrument.id,
        "name": instrument.name,
        "version": instrument.version,
    }
    for key in ("short_name", "citation", "license", "copyright", "instructions", "notice"):
        if getattr(instrument, key) is not None:
            data[key] = getattr(instrument, key)
    if not instrument.validated:
        data["validated"] = False
    if instrument.respondent != "participant":
        data["respondent"] = instrument.respondent
    if instrument.options:
        data["options"] = [_option(o) for o in instrument.options]
    data["items"] = [_item(i, instrument.options) for i in instrument.items]
    out: dict[str, Any] = {
        "total": {
            "method": total.method,
            "items": "all" if total.all_items else list(total.items),
            "multiplier": total.multiplier,
        },
        "higher_is": scoring.higher_is,
    }
    if scoring.subscales:
        out["subscales"] = [_subscale(s) for s in scoring.subscales]
    if scoring.bands:
        out["bands"] = [_band(b) for b in scoring.bands]
    rc = scoring.reliable_change
    if rc is not None:
        out["reliable_change"] = (
            rc.points if rc.points is not None else {"sd": rc.sd, "reliability": rc.reliability}
        )
    if scoring.caseness is not None:
        out["caseness"] = scoring.caseness
    if scoring.convention:
        out["convention"] = scoring.convention
    data["scoring"] = out
    if instrument.fhir:
        data["fhir"] = {k: v for k, v in vars(instrument.fhir).items() if v is not None}
    if instrument.translations:
        data["translations"] = {
            t.language: _translation(instrument, t) for t in instrument.translations
        }
    return data
