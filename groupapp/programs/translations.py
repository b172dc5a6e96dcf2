"""Built-in program topics and handouts in other languages, as a member reads them.

``builtin/<language>/<slug>.yaml`` lists the topic titles of a built-in program in that
language, one per week (``topics``); handouts have their own files beside the English
ones (``handouts/<slug>/week-NN.<language>.yaml``). A member reads a topic's title or
handout in their language only while it is still the built-in English text: what an
organisation changed stays in its own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from groupapp.core.safe_data import load_yaml
from groupapp.programs.catalog import BUILTIN_DIR, SchemaError, load_builtin_programs
from groupapp.programs.handouts import DEFAULT_LANGUAGE, Handout, builtin_handout, handout_path


def titles_path(slug: str, language: str) -> Path:
    """Where a built-in program's topic titles in ``language`` live."""
    return BUILTIN_DIR / language / f"{slug}.yaml"


@lru_cache(maxsize=64)  # built-in programs x languages; bounded whatever a slug says
def builtin_topic_titles(slug: str, language: str) -> tuple[str, ...] | None:
    """The topic titles of built-in program ``slug`` in ``language``, week 1 first.

    None when the program or the language's file does not exist; ``SchemaError`` naming
    each missing or extra title when the file does not give exactly one per topic.
    """
    program = load_builtin_programs().get(slug)
    path = titles_path(slug, language)
    if program is None or not path.is_file():
        return None
    raw = load_yaml(path.read_text(encoding="utf-8"))
    titles = raw.get("topics") if isinstance(raw, dict) else None
    where = f"{language}/{path.name}"
    if not isinstance(titles, list):
        raise SchemaError([f"{where}: topics: expected a list of titles"])
    problems = [
        f"{where}: topics[{i}]: required ({topic.title!r})"
        for i, topic in enumerate(program.topics)
        if i >= len(titles) or not isinstance(titles[i], str) or not titles[i].strip()
    ]
    if len(titles) > len(program.topics):
        problems.append(f"{where}: topics[{len(program.topics)}]: the program has no such week")
    if problems:
        raise SchemaError(problems)
    return tuple(title.strip() for title in titles)


def topic_title(slug: str | None, position: int | None, title: str, language: str) -> str:
    """A topic's title for a reader of ``language`` (``position`` 0 is week 1)."""
    program = load_builtin_programs().get(slug or "")
    if program is None or slug is None or position is None or language == DEFAULT_LANGUAGE:
        return title
    if not 0 <= position < len(program.topics) or program.topics[position].title != title:
        return title
    titles = builtin_topic_titles(slug, language)
    return titles[position] if titles else title


@lru_cache(maxsize=8)  # one entry per language
def _titles_by_english(language: str) -> dict[str, str]:
    """Every built-in topic's English title mapped to its title in ``language``."""
    found: dict[str, str] = {}
    for slug, program in load_builtin_programs().items():
        titles = builtin_topic_titles(slug, language) or ()
        found.update(zip((t.title for t in program.topics), titles, strict=False))
    return found


def topic_words(title: str, language: str) -> str:
    """A meeting's stored topic in ``language`` when it is a built-in topic's English
    title (the words a cohort's meetings are generated with), else as stored."""
    if language == DEFAULT_LANGUAGE:
        return title
    return _titles_by_english(language).get(title, title)


def topic_handout(slug: str | None, position: int | None, shown: Handout, language: str) -> Handout:
    """A topic's handout for a reader of ``language``: the built-in translation while the
    stored texts are still the built-in English ones, else the stored texts."""
    if slug is None or position is None or language == DEFAULT_LANGUAGE:
        return shown
    week = position + 1
    if builtin_handout(slug, week) != shown or not handout_path(slug, week, language).is_file():
        return shown
    return builtin_handout(slug, week, language) or shown


@dataclass(frozen=True)
class TopicWords:
    """A topic's title and handout as one reader sees them."""

    title: str
    handout: Handout


def topic_in_language(
    slug: str | None,
    position: int | None,
    english: TopicWords,
    stored: dict[str, dict[str, str]] | None,
    language: str,
) -> TopicWords:
    """A topic's title and handout for a reader of ``language``.

    ``stored`` is the topic's own translations (``ProgramTopic.translations``): where it
    has the language, its texts are used and an empty one falls back to the English
    (the handout as a whole, so a reader never gets half of each). Without it the
    built-in program's translation applies while the English is still the built-in text.
    """
    if language == DEFAULT_LANGUAGE:
        return english
    own = (stored or {}).get(language)
    if own is None:
        return TopicWords(
            topic_title(slug, position, english.title, language),
            topic_handout(slug, position, english.handout, language),
        )
    about, practice = own.get("about", ""), own.get("practice", "")
    return TopicWords(
        own.get("title") or english.title,
        Handout(about, practice) if (about or practice) else english.handout,
    )


def translation_of(
    slug: str | None,
    position: int | None,
    english: TopicWords,
    stored: dict[str, dict[str, str]] | None,
    language: str,
) -> dict[str, str]:
    """The topic's words in ``language`` only (``title``, ``about``, ``practice``), each
    "" where a reader of that language sees the English: what the edit form shows."""
    if (stored or {}).get(language) is not None:
        own = (stored or {})[language]
        return {key: own.get(key, "") for key in ("title", "about", "practice")}
    shown = topic_in_language(slug, position, english, None, language)
    translated_handout = shown.handout != english.handout
    return {
        "title": shown.title if shown.title != english.title else "",
        "about": shown.handout.about if translated_handout else "",
        "practice": shown.handout.practice if translated_handout else "",
    }
