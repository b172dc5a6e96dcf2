"""The group agreement every cohort starts from, in English and Spanish, and which
language a reader gets.

A version's translations live in ``CohortAgreement.translations``
(``{"es": {"text": ..., "since": version}}``). ``since`` is the version whose English the
translation was last written beside: when the English changed after it, the translation
is stale and the facilitator's form says so. A version with no stored translation reads
the built-in Spanish while its English is still the built-in text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from groupapp.core.i18n import DEFAULT_LOCALE
from groupapp.core.text import multi_line

if TYPE_CHECKING:
    from groupapp.cohorts.models import CohortAgreement

SPANISH = "es"

DEFAULT_AGREEMENT = """\
Confidentiality
What members share in the group stays in the group. You may talk about what you
learned, never about who said what. Facilitators keep notes private and only break
confidentiality when someone's safety is at risk, and they will tell you if they must.

Respect
We listen without interrupting, fixing or giving advice nobody asked for. We speak
from our own experience ("I" rather than "you"). Everyone may pass on any exercise or
question. Disagreement is welcome; put-downs are not.

Attendance
We come on time and stay for the whole meeting when we can. If you cannot come, send
your apologies in advance through the app so the group knows you are all right. After
two missed meetings in a row a facilitator will check in with you, kindly.

Looking after yourself
This group supports your work; it is not an emergency service. If you are in crisis,
use the support lines your organisation lists or your local emergency number.
"""

DEFAULT_AGREEMENT_ES = """\
Confidencialidad
Lo que se comparte en el grupo se queda en el grupo. Usted puede contar lo que ha
aprendido, pero nunca quién dijo qué. Los facilitadores guardan sus notas en privado y
solo rompen la confidencialidad si la seguridad de alguien corre peligro; si tuvieran
que hacerlo, se lo dirían.

Respeto
Escuchamos sin interrumpir, sin intentar arreglar nada y sin dar consejos que nadie ha
pedido. Hablamos desde nuestra propia experiencia ("yo" en lugar de "tú"). Cualquier
persona puede no hacer un ejercicio o no responder una pregunta. Los desacuerdos son
bienvenidos; las descalificaciones, no.

Asistencia
Llegamos puntuales y, cuando podemos, nos quedamos hasta el final de la reunión. Si no
puede venir, avise con antelación a través de la aplicación para que el grupo sepa que
está bien. Si falta a dos reuniones seguidas, un facilitador se pondrá en contacto con
usted, con amabilidad.

Cuidarse
Este grupo apoya su proceso, pero no es un servicio de emergencias. Si está en crisis,
llame a las líneas de apoyo que indica su organización o al número de emergencias de su
zona.
"""

BUILTIN_TRANSLATIONS = {SPANISH: DEFAULT_AGREEMENT_ES.strip()}


def default_translations(version: int = 1) -> dict[str, dict[str, str | int]]:
    """The translations a new cohort's first agreement version starts with."""
    return {code: {"text": text, "since": version} for code, text in BUILTIN_TRANSLATIONS.items()}


def _stored(agreement: CohortAgreement, language: str) -> dict[str, str | int] | None:
    return (agreement.translations or {}).get(language)


def translation(agreement: CohortAgreement, language: str) -> str:
    """The agreement's text in ``language`` ("" when it has none: its readers read the
    English). English gives the English text."""
    if language == DEFAULT_LOCALE:
        return agreement.text
    stored = _stored(agreement, language)
    if stored is not None:
        return str(stored.get("text") or "")
    if agreement_words(agreement.text) == agreement_words(DEFAULT_AGREEMENT):
        return BUILTIN_TRANSLATIONS.get(language, "")
    return ""


@dataclass(frozen=True)
class AgreementWords:
    """What one reader is shown: the text and the language it is in."""

    text: str
    language: str


def agreement_for_reader(agreement: CohortAgreement, language: str) -> AgreementWords:
    """The agreement in ``language`` when it has that version, else the English."""
    translated = translation(agreement, language)
    if translated:
        return AgreementWords(translated, language)
    return AgreementWords(agreement.text, DEFAULT_LOCALE)


def read_language(agreement: CohortAgreement, language: str | None) -> str:
    """The language a reader who was shown the agreement for ``language`` read it in
    (an unknown code, or one the agreement lacks, is English)."""
    return agreement_for_reader(agreement, language or DEFAULT_LOCALE).language


def agreement_words(text: str) -> str:
    """``text`` as an agreement keeps it: line breaks as ``\\n``, no outer spaces.

    Browsers send a textarea's line breaks as ``\\r\\n``; comparing or storing them as
    typed would make an unchanged version look changed.
    """
    return multi_line(text).strip()


def _since(agreement: CohortAgreement, language: str) -> int:
    stored = _stored(agreement, language)
    since = stored.get("since") if stored is not None else None
    return since if isinstance(since, int) else agreement.version


def next_translations(
    previous: CohortAgreement, english: str, typed: dict[str, str | None], version: int
) -> dict[str, dict[str, str | int]]:
    """The translations of a new version ``version`` with English text ``english``.

    ``typed`` maps a language to the text the facilitator sent (None: not sent, so the
    previous version's carries over unchanged). A changed text is written beside this
    version's English; an unchanged one keeps the version it was written beside.
    """
    found: dict[str, dict[str, str | int]] = {}
    for language in BUILTIN_TRANSLATIONS:
        before = translation(previous, language)
        sent = typed.get(language)
        text = before if sent is None else agreement_words(sent)
        unchanged = agreement_words(text) == agreement_words(before)
        since = _since(previous, language) if unchanged else version
        found[language] = {"text": text, "since": since}
    return found


def stale_translations(
    agreement: CohortAgreement, versions: Sequence[CohortAgreement]
) -> list[str]:
    """Languages whose version of ``agreement`` was last written before its English
    changed (``versions``: every version of the cohort's agreement)."""
    by_number = {item.version: item for item in versions}
    stale = []
    for language in BUILTIN_TRANSLATIONS:
        if not translation(agreement, language):
            continue
        # A version missing from the cohort (0): the translation was copied from another
        # cohort's agreement while already behind its English.
        written_beside = by_number.get(_since(agreement, language))
        if written_beside is None or agreement_words(written_beside.text) != agreement_words(
            agreement.text
        ):
            stale.append(language)
    return stale


def copied_translations(
    agreement: CohortAgreement, versions: Sequence[CohortAgreement]
) -> dict[str, dict[str, str | int]]:
    """The translations of a copy of ``agreement`` saved as version 1 of another cohort,
    still marked behind the English where they were."""
    behind = stale_translations(agreement, versions)
    return {
        language: {"text": translation(agreement, language), "since": int(language not in behind)}
        for language in BUILTIN_TRANSLATIONS
    }
