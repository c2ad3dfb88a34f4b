"""Events: the one disaster or demonstration a story is about, named by its kind and its day.

In: a document's text, language, sentences, dated quantities (QUANTITIES rows with an ISO `value_text`)
and publication date. Out: `event_mentions(...)`, a `Mention` of type "event" for every word of the
story's event ("the quake", "el seísmo", "gempa"), all named "<kind> of <day>" ("earthquake of
2025-09-14"); or none.

A story about an earthquake, a flood or a march names no organisation that owns its death toll, its
damaged houses or its crowd: the event does. Its name must be the same in every language and every
paper, so it is made of data the texts share, not of their words: the kind (the English key of
`[events]` in lexicon/facts/<xx>.toml: "gempa", "terremoto", "Erdbeben" are all `earthquake`) and the
day it happened.
- The story's kind is the one its event words name most often, the first on a tie (a story of the
  Beirut explosion tells of a funeral march once). The words of a demonstration include its people
  ("manifestants", "protesters"): a story about them is about one.
- Its day is the earliest full date (year, month and day) of the first sentence with an event word
  of that kind that has one (for a sentence of the lead, LEAD_SENTENCES, the lead's), on or before
  the publication day and at most EVENT_DAYS before it: a story tells of a recent event ("late on
  Sept. 14", "pada Minggu (14/9/2025)"), and a dateline's day ("JAKARTA, Sept 16") is the report's.
- Without such a day, or without a publication date, the story has no event (precision first).
- An event word in a sentence that dates something in another year speaks of another event ("the
  2009 quake") and is no mention.
Pure functions; no I/O.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from transforms.entities import Cues, Mention, language_lexicon

EVENT_DAYS = 31  # an event is at most this many days older than the story that tells of it
LEAD_SENTENCES = 3  # a story's lead: its headline, its dateline and its first sentence


@functools.cache
def _event_cues(lang: str) -> Cues:
    """The `[events]` words of a language, each tagged with its kind."""
    table = language_lexicon(lang).get("events", {})
    return Cues((word, kind) for kind, words in table.items() for word in words)


def _day(q: dict) -> date | None:
    text = q.get("value_text") or ""
    if len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _recent(day: date, published: date | None) -> bool:
    return published is not None and 0 <= (published - day).days <= EVENT_DAYS


def event_mentions(text: str, lang: str, sentences: list[tuple[int, int]], dates: list[dict],
                   published: date | None) -> list[Mention]:
    """The mentions of the story's event (module docstring), in reading order; [] when it has none."""
    words = list(_event_cues(lang).finditer(text))
    if not words:
        return []
    kinds = [k for _s, _e, k in words]
    kind = max(dict.fromkeys(kinds), key=kinds.count)  # the kind it names most; on a tie, first
    words = [(s, e) for s, e, k in words if k == kind]
    for i, (s_start, s_end) in enumerate(sentences):
        if not any(s_start <= s < s_end for s, _e in words):
            continue
        lead = sentences[:LEAD_SENTENCES]
        lo, hi = (lead[0][0], lead[-1][1]) if i < LEAD_SENTENCES else (s_start, s_end)  # a headline's day is in the lead
        days = [d for q in dates if lo <= q["start"] < hi and (d := _day(q)) and _recent(d, published)]
        if days:
            day = min(days)  # a dateline's day is the report's; the event's is before
            return [Mention(s, e, f"{kind} of {day.isoformat()}", "event", "discovered") for s, e in words
                    if not _another_year(s, sentences, dates, day.year)]
    return []


def _another_year(pos: int, sentences: list[tuple[int, int]], dates: list[dict], year: int) -> bool:
    """The sentence of an event word at `pos` dates something in another year: it speaks of another
    event of the kind ("the 2009 quake", "les inondations de 1999")."""
    sentence = next(((a, b) for a, b in sentences if a <= pos < b), (pos, pos))
    return any(sentence[0] <= q["start"] < sentence[1] and q["value_text"][:4].isdigit()
               and int(q["value_text"][:4]) != year for q in dates)


REPORT_DAYS = 7  # a toll is recounted for days after the event ("rose to 41 on Tuesday")


def event_day(name: str) -> date | None:
    """The day of an event's name ("earthquake of 2025-09-14" → 2025-09-14)."""
    try:
        return date.fromisoformat(name[-10:])
    except ValueError:
        return None


def another_time(value_text: str, day: date) -> bool:
    """A date that cannot be the event's day or a report of it in the week after: another year or
    month ("El pasado junio", "en 2009"), or a day before it or more than REPORT_DAYS after it."""
    if len(value_text) == 4 and value_text.isdigit():
        return int(value_text) != day.year
    if len(value_text) == 7 and value_text[4] == "-":
        return value_text != day.isoformat()[:7] and value_text != (day.replace(day=28) + timedelta(days=7)).isoformat()[:7]
    if len(value_text) == 10:
        other = _day({"value_text": value_text})
        return other is not None and not 0 <= (other - day).days <= REPORT_DAYS
    return False
