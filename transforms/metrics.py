"""Metrics: what a quantity is a value of.

In: a quantity (its unit_norm, span, counted noun) and the sentence around it, in a language.
Out: `choose_metric(...)`, the metric of the lexicon (lexicon/metrics*.toml) whose dimension matches
the quantity's and whose cue word sits nearest to it (a cue inside the counted noun wins), or None:
a quantity that fits no metric is not a fact. A cue must be near its number (at most CUE_REACH
lower-case words of four letters or more between them), and a count whose own counted noun is no
cue of the metric ("22 pays", "45 000 personnes") counts something else, unless the metric lists that
noun among its `objects` and a cue of its own is near ("emploie 1 200 personnes"). Also `metric(name)` (the lexicon entry),
`dimension(unit_norm)` and `attribute_cues(lang)` (nouns of counted things, for entities.py).
Pure functions; the lexicon is read once per process.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from transforms.entities import LEXICON, Cues, language_cues

LANG_KEYS = ("fr", "de", "id", "en", "es", "pt", "it", "nl")
_ISO_4217 = re.compile(r"^[A-Z]{3}$")
_SIMPLE_DIMENSIONS = {"count", "percent", "pixel", "byte", "bit", "second", "W", "Wh", "date"}


def dimension(unit_norm: str | None) -> str | None:
    """The dimension a normalized unit measures: count, money, area, byte, W, second, date, and for
    other physical quantities their SI unit itself (length "m", mass "kg", volume "m3", "m/s", ...)."""
    if not unit_norm:
        return None
    if unit_norm in _SIMPLE_DIMENSIONS:
        return unit_norm
    if unit_norm == "m2":
        return "area"
    if _ISO_4217.match(unit_norm):
        return "money"
    return unit_norm


@functools.cache
def _lexicon() -> dict[str, dict]:
    """Every metric of lexicon/metrics.toml and of the lexicon/metrics_*.toml files beside it (one file
    per field of news: the same syntax); a name defined twice is an error."""
    out: dict[str, dict] = {}
    for path in sorted(LEXICON.glob("metrics*.toml")):
        with path.open("rb") as f:
            for name, entry in tomllib.load(f).get("metric", {}).items():
                if name in out:
                    raise ValueError(f"metric {name!r} is defined twice (again in {path.name})")
                out[name] = entry
    return out



def metric(name: str) -> dict:
    """The lexicon entry of a metric (dimension, subjects, kind, ...)."""
    return _lexicon()[name]


def metric_names() -> list[str]:
    return list(_lexicon())


def _cues_of(entry: dict, key: str, lang: str) -> list[str]:
    table = entry.get(key, {})
    return [*table.get("any", []), *table.get(lang, table.get("en", []) if lang not in LANG_KEYS else [])]


@functools.cache
def metric_terms(lang: str) -> frozenset[str]:
    """Every plain cue of every metric in a language, case folded ("pib", "gdp", "chiffre d'affaires"):
    a capitalised run that is one of them names a quantity, not an organisation."""
    return frozenset(cue.strip("^*$").casefold() for entry in _lexicon().values()
                     for cue in _cues_of(entry, "cues", lang) if not cue.lstrip("^").startswith("re:"))


@functools.cache
def _dimension_cues(lang: str, dim: str) -> Cues:
    return Cues((cue, name) for name, entry in _lexicon().items() if entry["dimension"] == dim
                for cue in _cues_of(entry, "cues", lang))


CHANGED_DIMENSIONS = ("money", "count", "kg", "m3", "Wh", "W")  # what rises or falls in the news (their cues
                                                            # are the ones choose_metric compiles anyway)


def changed_metric(clause: str, start: int, end: int, lang: str) -> str | None:
    """What a rise or a fall at clause[start:end] is a change of: the metric (of an amount of money, a
    count, a mass, a volume, energy or power; not a result per share) whose cue is nearest it in its
    clause ("a profit of $3.36bn, up 27%", "a 19% rise in profits", "turnover rose 6.7 pct" → profit,
    profit, revenue), or None when the clause names none ("la hausse de 4% des arrêts de travail", "a
    tax rate that rose to 44.6 pct": a change of nothing the lexicon knows, or a level)."""
    best = None
    hits = (hit for dim in CHANGED_DIMENSIONS for hit in _dimension_cues(lang, dim).finditer(clause))
    for s, e, name in hits:
        if _lexicon()[name].get("per_share") is True or _inside_a_name(clause, s, e, lang):
            continue
        distance = start - e if e <= start else s - end if s >= end else 0
        if best is None or distance < best[0]:
            best = (distance, name)
    return best[1] if best else None


@functools.cache
def _object_cues(lang: str, dim: str) -> Cues:
    """Counted nouns a metric accepts when a cue elsewhere names it ("emploie 1 200 personnes")."""
    return Cues((word, name) for name, entry in _lexicon().items() if entry["dimension"] == dim
                for word in _cues_of(entry, "objects", lang))


@functools.cache
def _requires(lang: str, name: str) -> Cues | None:
    words = _cues_of(_lexicon()[name], "requires", lang)
    return Cues((w, name) for w in words) if words else None


@functools.cache
def attribute_cues(lang: str) -> Cues:
    """Nouns of counted hardware ("puces", "GPU", "Server"): a brand beside one is its modifier."""
    names = [n for n, e in _lexicon().items() if e["dimension"] == "count" and "system" in e["subjects"]]
    return Cues((cue, n) for n in names for cue in _cues_of(_lexicon()[n], "cues", lang))


def names_cue_of(name: str, text: str, lang: str) -> bool:
    """Whether `text` (a counted noun: "policiers", "Polizisten") holds a cue of metric `name`."""
    return any(True for _ in _metric_cues(lang, name).finditer(text))


@functools.cache
def _metric_cues(lang: str, name: str) -> Cues:
    return Cues((cue, name) for cue in _cues_of(_lexicon()[name], "cues", lang))


def _names(value: str | list[str] | None) -> list[str]:
    """A lexicon key that names one metric or a list of them, as a list."""
    return [] if value is None else [value] if isinstance(value, str) else list(value)


@dataclass(frozen=True)
class Choice:
    metric: str
    cue_start: int | None  # where the deciding cue is, in the sentence (None: fallback)
    cue_end: int | None


_WORD = re.compile(r"\w+")
_NOUN = re.compile(r"[^\W\d_]{3,}")
_LONG_WORD = re.compile(r"(?<!\w)[^\W\d_A-ZÀ-ÖØ-Þ]\w{3,}")
CUE_REACH = 5  # at most this many lower-case words of 4 letters or more (names do not count) between a metric's cue and its number
               # (small words do not count: "l'achat de serveurs IA pour une valeur de plus de 5 milliards")


def _words_between(text: str, a: int, b: int) -> int:
    return len(_WORD.findall(text, a, b))


def _long_words_between(text: str, a: int, b: int) -> int:
    return len(_LONG_WORD.findall(text, a, b))


def choose_metric(unit_norm: str | None, sentence: str, start: int, end: int, lang: str,
                  obj: str | None = None, axis: str | None = None, per_share: bool = False) -> Choice | None:
    """The metric of a quantity at sentence[start:end], or None.

    `obj`: the counted noun the extractor read ("puces NVIDIA"). `axis`: for pixel sizes, "first"
    or "second" ("1280x720" → width, height). `per_share`: an amount of money for one share ("92.50
    dlrs a share"): only a metric marked `per_share` ("any": both kinds) applies, and to any other
    amount only one that is not.
    """
    dim = dimension(unit_norm)
    if dim is None:
        return None
    lexicon = _lexicon()
    allowed = {n for n, e in lexicon.items() if e["dimension"] == dim and (axis is None or e.get("axis", axis) == axis)
               and e.get("per_share", False) in ((True, "any") if per_share else (False, "any"))}
    allowed = {n for n in allowed if _requires(lang, n) is None or any(True for _ in _requires(lang, n).finditer(sentence))}
    cues = _dimension_cues(lang, dim)
    allowed = {n for n in allowed if not _excluded(n, allowed, sentence, start, end, lang, obj, cues)}
    if not allowed:
        return None
    if obj:
        for s, e, name in cues.finditer(obj):
            if name in allowed:
                return Choice(name, start, end)
        if dim == "count" and _NOUN.search(obj):
            # "22 pays", "45 000 personnes": the count counts something else, unless a metric takes
            # that noun from a cue of its own ("emploie 1 200 personnes", objects in metrics.toml)
            takers = {name for _, _, name in _object_cues(lang, dim).finditer(obj)} & allowed
            if not takers:
                return None
            allowed = takers
    segment = comma_segment(sentence, start, end)
    best: tuple[int, int, int, str] | None = None
    for s, e, name in cues.finditer(sentence):
        if name not in allowed or _inside_a_name(sentence, s, e, lang):
            continue
        if s < end and start < e:
            distance = 0
        elif e <= start:
            distance = start - e
        else:
            distance = s - end
        far = _long_words_between(sentence, e, start) if e <= start else _long_words_between(sentence, end, s)
        if lexicon[name]["kind"] != "date" and far > lexicon[name].get("reach", CUE_REACH):
            continue  # a cue far from the number speaks of something else
        if s >= end and _names_the_next_amount(sentence, e, lang):
            continue  # "revenues … of 242 mln dlrs with operating income of about 51 mln": not this one's
        if lexicon[name]["kind"] == "date":
            window = lexicon[name].get("window", 6)
            gap = _words_between(sentence, e, start) if e <= start else _words_between(sentence, end, s)
            if gap > window or not (segment[0] <= s and e <= segment[1]):
                continue
        if best is None or distance < best[0] or distance == best[0] <= 1 and s >= end > best[1]:
            best = (distance, s, e, name)  # a tie goes to the noun right after it ("détenait 55 % du marché")
    if best is not None:
        noun = _noun_before_value_word(best, sentence, lang, cues, allowed)
        if noun == NOT_ITS_VALUE:
            return None
        return noun or Choice(best[3], best[1], best[2])
    for name in sorted(allowed):
        if lexicon[name].get("fallback"):
            return Choice(name, None, None)
    return None


def instead(choice: Choice, context: str, lang: str) -> Choice:
    """The metric's `instead` when one of its `instead_when` words is in the context (the amount's
    sentence: "Le projet a coûté 2,5 milliards": an investment, not the cost of a thing; "A GameBoy
    Advance costs about US $200": a cost)."""
    entry = _lexicon()[choice.metric]
    words = _instead_cues(lang, choice.metric) if entry.get("instead") else None
    if words and any(True for _ in words.finditer(context)):
        return Choice(entry["instead"], choice.cue_start, choice.cue_end)
    return choice


@functools.cache
def _instead_cues(lang: str, name: str) -> Cues | None:
    words = _cues_of(_lexicon()[name], "instead_when", lang)
    return Cues((w, name) for w in words) if words else None


NEXT_AMOUNT_REACH = 25  # characters between a cue's `measure_of` word and the amount it introduces


def _names_the_next_amount(sentence: str, cue_end: int, lang: str) -> bool:
    """The cue ending at cue_end introduces an amount of its own: a `measure_of` word right after it,
    then a number within a few words ("operating income of about 51 mln", "un bénéfice de 3 millions")."""
    after = sentence[cue_end:cue_end + 8]
    word = re.match(r"\s*", after).end()
    for s, e, _t in language_cues(lang, "syntax", "measure_of").finditer(sentence, cue_end + word,
                                                                          min(len(sentence), cue_end + word + 8)):
        if s == cue_end + word:
            return re.search(r"\d", sentence[e:e + NEXT_AMOUNT_REACH]) is not None
    return False


NOUN_REACH = 3  # at most this many words between a metric's noun and the value word after it
NOT_ITS_VALUE = "the value of a noun no metric names"


def _noun_before_value_word(best: tuple[int, int, int, str], sentence: str, lang: str, cues: Cues,
                            allowed: set[str]) -> Choice | str | None:
    """When the nearest cue is a value word ("worth", "d'une valeur de", "senilai") and the noun it gives
    the amount of has a metric of its own ("a takeover offer worth 3.1bn", "un contrat d'une valeur de"),
    that metric: the value word says whose amount it is, not that something is valued. NOT_ITS_VALUE when
    a lower-case word that is no copula stands right before it and names no metric ("measures worth")."""
    _, s, e, _ = best
    value_words = [(vs, ve) for vs, ve, _ in language_cues(lang, "syntax", "value_of").finditer(sentence)
                   if vs <= s and e <= ve]
    if not value_words:
        return None
    start = value_words[0][0]
    nouns = [(ns, ne, name) for ns, ne, name in cues.finditer(sentence, 0, start)
             if name in allowed and _words_between(sentence, ne, start) <= NOUN_REACH
             and not re.search(r"[,;:.]", sentence[ne:start])]
    if not nouns:
        word = re.search(r"(\w+)\W*$", sentence[:start])
        if word and word.group(1)[:1].islower() and not language_cues(lang, "syntax", "value_copulas").ends_at(
                sentence, word.end(1), reach=len(word.group(1)) + 1):
            return NOT_ITS_VALUE  # "fiscal measures worth 5,000 billion yen": the measures' amount
        return None
    ns, ne, name = max(nouns, key=lambda n: n[1])
    return Choice(name, ns, ne)


def _inside_a_name(sentence: str, s: int, e: int, lang: str) -> bool:
    """A lower-case cue written capitalised inside a sentence is part of a name ("Grant Samuel" is no
    grant); not in languages that capitalise every noun."""
    if lang in _CAPITALISED_NOUNS or not sentence[s:s + 1].isupper():
        return False
    before = sentence[:s].rstrip(" \t\"'«“(")
    return bool(before) and before[-1] not in ".!?…:" and sentence[s + 1:e].islower()


_CAPITALISED_NOUNS = {"de"}


def _excluded(name: str, allowed: set[str], sentence: str, start: int, end: int, lang: str, obj: str | None,
              cues: Cues) -> bool:
    """A metric another one rules out (`excludes_metric`): the other's `requires` words are in the
    sentence, or, when the quantity's own noun is a cue of this metric ("136.000 manifestantes"), in its
    comma segment: "1.000 personas fueron arrestadas …, una convocatoria que sacó a la calle a 136.000
    manifestantes" counts a crowd; "41 manifestants ont été interpellés" counts arrests."""
    others = set(_names(_lexicon()[name].get("excludes_metric"))) & allowed
    if not others:
        return False
    dim = _lexicon()[name]["dimension"]
    if obj and any(tag == name for hits in (cues.finditer(obj), _object_cues(lang, dim).finditer(obj))
                   for _s, _e, tag in hits):
        if language_cues(lang, "syntax", "of_its_own").ends_at(sentence, start, reach=12):
            return False  # "will cut 500 of its 5,000 workers": the whole the part is cut from
        lo, hi = comma_segment(sentence, start, end)
        sentence = sentence[lo:hi]
    return any(_requires(lang, o) is not None and any(True for _ in _requires(lang, o).finditer(sentence))
               for o in others)


def comma_segment(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The stretch between the commas (or clause marks) around sentence[start:end]."""
    left = max(sentence.rfind(c, 0, start) for c in ",;:–—()")
    rights = [i for i in (sentence.find(c, end) for c in ",;:–—()") if i != -1]
    return left + 1, min(rights) if rights else len(sentence)
