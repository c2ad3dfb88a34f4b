"""Claims: who a figure is credited to, and the place it is limited to.

In: a quantity (a QUANTITIES row as a dict), its sentence's span, the document's text and language,
its other quantities and its entity mentions. Out:
- `claimant(...)`: the words after a `claimant` cue of lexicon/facts/<xx>.toml that credit the figure
  ("selon la préfecture" → "police", "according to the organisers" → "organisers", "selon le cabinet
  Occurence" → "cabinet occurence": the kinds of [claimants] in lexicon/entities.toml, else the words),
  or None. The cue follows the figure, or opens its sentence before any other amount, with no other
  amount and no contrast ("alors que", "while") between: "58 600 selon le ministère, alors que le
  mouvement revendique 116 000" credits only the first. "la même source"
  (`same_source`) is the claimant named before it in the document.
- `payment(...)`: for an offer, the part of it the amount is paid in ("71 dlrs cash per share" → "cash",
  "73 dlrs per share in stock" → "stock": `paid_in` of lexicon/facts/<xx>.toml), or None: the cash and
  the stock part of one offer are two values, not two sources disagreeing.
- `share_class(...)`: the class of shares a per-share amount is paid on, written right after it ("four
  cents per \"B\" share" → "B shares": `share_class_after` of lexicon/facts/<xx>.toml), or None: the
  dividend of B shares and the one of A shares are two values, not two sources disagreeing.
- `scope(...)`: the place a count of a crowd is limited to ("5 400 manifestants à Valence", "A Paris,
  ils étaient 4 000"), for metrics with `place_scope`: the nearest place mention of its sentence with no
  other amount between, one after the figure only in its comma segment; or None. A country is no scope
  ("117 interpellations en France"): a nation's count is what a count with no place means too.
Two figures of one subject and metric with different claimants or scopes are different claims, never
an agreement or a conflict (reconcile.py). Pure functions; no I/O.
"""

from __future__ import annotations

import functools
import re

from transforms import gazetteer
from transforms.entities import Cues, Mention, claimant_kinds, language_cues, language_lexicon

CLAIMANT_WORDS = 6  # at most this many words of a claimant's phrase are kept
_PHRASE_END = re.compile(r"[,;:.()\[\]«»\"“”!?]|\s[–—-]\s")
_APOSTROPHES = str.maketrans({"’": "'", "\u00a0": " "})


def _other_amounts(q: dict, quantities: list[dict], sentence: tuple[int, int]) -> list[int]:
    """Where the sentence's other amounts start: a claimant, a place or a form of payment past one of them
    is that amount's."""
    return [o["start"] for o in quantities if sentence[0] <= o["start"] < sentence[1] and o["start"] != q["start"]]


def claimant(text: str, lang: str, sentence: tuple[int, int], q: dict, quantities: list[dict],
             previous: str | None = None) -> str | None:
    """Who the text credits q to (module docstring); `previous`: the claimant named before in the document."""
    s_start, s_end = sentence
    others = _other_amounts(q, quantities, sentence)
    contrasts = [c for c, _e, _t in language_cues(lang, "syntax", "contrast").finditer(text, s_start, s_end)]
    best: tuple[int, int] | None = None
    for c_start, c_end, _tag in language_cues(lang, "syntax", "claimant").finditer(text, s_start, s_end):
        lo, hi = (c_end, q["start"]) if c_end <= q["start"] else (q["end"], c_start)
        if c_start < q["end"] and q["start"] < c_end or hi < lo:
            continue
        if c_end <= q["start"] and any(s_start <= o < q["start"] for o in others):
            continue  # a claimant before the figure opens its statement: no other amount before it
        if any(lo <= o < hi for o in others) or any(lo <= c < hi for c in contrasts):
            continue
        if best is None or hi - lo < best[0]:
            best = (hi - lo, c_end)
    if best is None:
        return None
    phrase = _phrase(text, best[1], s_end, lang)
    if phrase and language_cues(lang, "syntax", "same_source").ends_at(phrase + " ", len(phrase) + 1, reach=40):
        return previous
    return phrase


def _phrase(text: str, start: int, end: int, lang: str) -> str | None:
    """The claimant's words after its cue: up to a punctuation mark, at most CLAIMANT_WORDS, without a
    leading determiner, in lower case."""
    rest = text[start:end]
    cut = _PHRASE_END.search(rest)
    words = (rest[:cut.start()] if cut else rest).translate(_APOSTROPHES).split()[:CLAIMANT_WORDS]
    phrase = " ".join(words)
    article = next(iter(language_cues(lang, "syntax", "determiners").finditer(phrase, 0, min(len(phrase), 12))), None)
    if article is not None and article[0] == 0:
        phrase = phrase[article[1]:].lstrip(" '")
    phrase = phrase.strip(" '").casefold()
    words = set(re.findall(r"\w+", phrase))
    return next((kind for kind, kind_words in claimant_kinds().items() if words & kind_words), phrase or None)


def scope(text: str, sentence: tuple[int, int], q: dict, quantities: list[dict], mentions: list[Mention],
          subject: str | None = None) -> str | None:
    """The place q is limited to (module docstring), or None."""
    s_start, s_end = sentence
    others = _other_amounts(q, quantities, sentence)
    best: tuple[int, str] | None = None
    for m in mentions:
        if m.type != "place" or not s_start <= m.start < s_end or m.name == subject:
            continue
        if gazetteer.is_place(m.name, cities=False) and not gazetteer.is_city(m.name):
            continue  # "117 interpellations en France": the nation's count, what an unplaced one means too
        if m.end <= q["start"]:
            lo, hi = m.end, q["start"]
        elif m.start >= q["end"]:
            lo, hi = q["end"], m.start
            if re.search(r"[,;:()]", text[lo:hi]):
                continue  # "(2 000 selon les organisateurs), Marseille": the next place is another's
        else:
            continue
        if any(lo <= o < hi for o in others):
            continue
        if best is None or hi - lo < best[0]:
            best = (hi - lo, m.name)
    return best[1] if best else None


PAYMENT_REACH = 30  # characters after the amount (12 before it) where its form of payment is said


def payment(text: str, lang: str, sentence: tuple[int, int], q: dict, quantities: list[dict]) -> str | None:
    """The form of payment said right beside q (module docstring), or None."""
    s_start, s_end = sentence
    others = _other_amounts(q, quantities, sentence)
    lo, hi = max(s_start, q["start"] - 12), min(s_end, q["end"] + PAYMENT_REACH)
    found = []
    for c_start, c_end, kind in paid_in_cues(lang).finditer(text, lo, hi):
        gap = (c_end, q["start"]) if c_end <= q["start"] else (q["end"], c_start)
        if c_start < q["end"] and q["start"] < c_end or any(gap[0] <= o < gap[1] for o in others):
            continue
        if re.search(r"[,;:()]", text[gap[0]:gap[1]]):
            continue
        found.append(kind)
    return found[0] if len(set(found)) == 1 else None


@functools.cache
def paid_in_cues(lang: str) -> Cues:
    """The `paid_in` words of a language, each tagged with its form of payment ("cash", "stock")."""
    kinds = language_lexicon(lang).get("syntax", {}).get("paid_in", {})
    return Cues((cue, kind) for kind, cues in kinds.items() for cue in cues)


SHARE_CLASS_REACH = 40  # characters after an amount where its class of shares is written


def share_class(text: str, lang: str, q: dict) -> str | None:
    """The class of shares written right after q (module docstring), as "<letter> shares", or None."""
    after = text[q["end"]:q["end"] + SHARE_CLASS_REACH]
    for pattern in _share_class_patterns(lang):
        m = pattern.match(after)
        if m:
            letter = re.search(r"(?<![A-Za-z])[A-Z](?![a-z])", m.group(0))
            return f"{letter.group(0)} shares" if letter else None
    return None


@functools.cache
def _share_class_patterns(lang: str) -> tuple[re.Pattern, ...]:
    # compiled here, not as Cues: Cues ignore case, and the class is a capital letter ("per a share" is none)
    cues = language_lexicon(lang).get("syntax", {}).get("share_class_after", [])
    return tuple(re.compile(c[3:] if c.startswith("re:") else re.escape(c)) for c in cues)
