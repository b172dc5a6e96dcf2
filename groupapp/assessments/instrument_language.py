"""An instrument in the language a participant reads, and which language that is.

Scoring never depends on the language: a translated instrument keeps every id,
option value, band range and rule, and changes only the words.
"""

from __future__ import annotations

from dataclasses import replace

from groupapp.assessments.instrument_model import (
    Band,
    Instrument,
    Item,
    Option,
    RiskRule,
    Scoring,
    Subscale,
    Translation,
)
from groupapp.core.i18n import current_locale


def answer_language(instrument: Instrument, preferred: str | None) -> str:
    """The language a person whose language is ``preferred`` answers ``instrument`` in.

    Their own language when the instrument has it, else the instrument's own (English).
    """
    if preferred and preferred in instrument.languages:
        return preferred
    return instrument.language


def in_reader_language(instrument: Instrument) -> Instrument:
    """``instrument`` in the words of the language being rendered (the page's reader, or an
    email's recipient inside ``force_locale``) where it has them, else its own words."""
    return in_language(instrument, answer_language(instrument, current_locale()))


def in_language(instrument: Instrument, language: str) -> Instrument:
    """``instrument`` with the words of ``language``; itself when it has no such translation."""
    translation = next((t for t in instrument.translations if t.language == language), None)
    if translation is None:
        return instrument
    return replace(
        instrument,
        language=language,
        name=translation.name,
        short_name=translation.short_name or instrument.short_name,
        instructions=translation.instructions or instrument.instructions,
        notice=translation.notice or instrument.notice,
        options=_options(instrument.options, translation.options),
        items=tuple(_item(item, instrument, translation) for item in instrument.items),
        scoring=_scoring(instrument.scoring, translation),
        translations=(),
    )


def _options(options: tuple[Option, ...], labels: tuple[str, ...]) -> tuple[Option, ...]:
    if not labels:
        return options
    return tuple(replace(o, label=label) for o, label in zip(options, labels, strict=True))


def _bands(bands: tuple[Band, ...], labels: tuple[str, ...]) -> tuple[Band, ...]:
    if not labels:
        return bands
    return tuple(replace(b, label=label) for b, label in zip(bands, labels, strict=True))


def _item(item: Item, instrument: Instrument, translation: Translation) -> Item:
    words = dict(translation.items)[item.id]
    if words.options:
        options = _options(item.options, words.options)
    elif item.options == instrument.options:
        options = _options(item.options, translation.options)
    else:
        options = item.options
    risk = item.risk
    if risk is not None and words.risk_message:
        risk = RiskRule(at_least=risk.at_least, message=words.risk_message)
    return replace(item, text=words.text, options=options, risk=risk)


def _scoring(scoring: Scoring, translation: Translation) -> Scoring:
    names = dict(translation.subscales)

    def subscale(sub: Subscale) -> Subscale:
        words = names.get(sub.id)
        if words is None:
            return sub
        return replace(sub, name=words.name, bands=_bands(sub.bands, words.bands))

    return replace(
        scoring,
        bands=_bands(scoring.bands, translation.bands),
        subscales=tuple(subscale(s) for s in scoring.subscales),
    )


def band_label(instrument: Instrument, total: float | None) -> str | None:
    """The label of the total band holding ``total`` in ``instrument``'s words, or None."""
    if total is None:
        return None
    return next((b.label for b in instrument.scoring.bands if b.contains(total)), None)
