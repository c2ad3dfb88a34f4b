"""Offline language identification and language-code clean-up.

In: article texts (or language codes as people write them: "fr", "fr-FR", "fra", "German"...).
Out: ISO 639-1 codes ("fr", "de", "id", "en", "es", "pt", "nl", "it"), or None when the text is too
short or the detector is unsure.

Detection uses lingua restricted to the project's languages; its models ship inside the wheel, so
nothing is downloaded. The detector is built once per process, on first use.
"""

from __future__ import annotations

import functools
import re

from babel import Locale, UnknownLocaleError

SUPPORTED = ("fr", "de", "id", "en", "es", "pt", "nl", "it")
"""Languages the detector chooses among (ISO 639-1)."""

SAMPLE_CHARS = 1000
"""Only the start of a text is read: enough for every language here, and fast."""

MIN_LETTERS = 24
"""Fewer letters than this in the sample: too short to tell, the answer is None."""

MIN_RELATIVE_DISTANCE = 0.1
"""lingua returns no language when the two best candidates are closer than this (unsure)."""

_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in SUPPORTED]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
        .build()
    )


def _sample(text: str) -> str:
    """The first ~SAMPLE_CHARS characters, cut at a space so no word is split."""
    if len(text) <= SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", SAMPLE_CHARS // 2, SAMPLE_CHARS)
    return text[: cut if cut > 0 else SAMPLE_CHARS]


def _enough_letters(sample: str) -> bool:
    count = 0
    for _ in _LETTER.finditer(sample):
        count += 1
        if count >= MIN_LETTERS:
            return True
    return False


def detect_languages(texts: list[str]) -> list[str | None]:
    """The language of each text (ISO 639-1), or None when too short or unsure; same order as `texts`."""
    samples = [_sample(text or "") for text in texts]
    todo = [i for i, sample in enumerate(samples) if _enough_letters(sample)]
    result: list[str | None] = [None] * len(texts)
    if not todo:
        return result
    found = _detector().detect_languages_in_parallel_of([samples[i] for i in todo])
    for i, language in zip(todo, found):
        if language is not None:
            result[i] = language.iso_code_639_1.name.lower()
    return result


def detect_language(text: str) -> str | None:
    """The language of one text (ISO 639-1), or None; prefer `detect_languages` for many texts."""
    return detect_languages([text])[0]


@functools.lru_cache(maxsize=512)
def normalize_language_code(code: str | None) -> str | None:
    """A language tag as people write it ("fr", "FR", "fr-CA", "fra", "ger") → ISO 639-1, else None."""
    if not isinstance(code, str):
        return None
    tag = code.strip().replace("-", "_")
    if not tag or not re.fullmatch(r"[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})*", tag):
        return None
    try:
        language = Locale.parse(tag.lower() if "_" not in tag else tag).language
    except (UnknownLocaleError, ValueError):
        return None
    return language if len(language) == 2 else None
