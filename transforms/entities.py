"""Entities: who or what a sentence is about.

In: an article's text and its language. Out: `find_mentions(text, lang)`, every entity mention in
the text, in order: names from the lexicon (lexicon/entities.toml), organisations and systems found
by their cue words, legal forms or organisation words ("la start-up Foo", "le supercalculateur de
Meta, Hyperion,", "Foo GmbH", "PT Foo Tbk", "Meridian Group": discovered, also where the text later
shortens them: "Brightline Systems" … "Brightline"), and descriptive references ("la société",
"Superkomputer ini", "the cluster") resolved to the last entity of their type (reference) that is not a
modifier, a counterparty or an agent ("un tour mené par Sequoia. L'entreprise ..." is still the start-up). Each mention carries a role: a brand inside a noun phrase
("puces NVIDIA", "Nvidia A100") is a `modifier`, a name joined to the next word ("xAI-Supercomputer")
a `compound`, a name after "avec", "mit", "dengan", "with" an `oblique` (a counterparty), a name
after "par", "von", "oleh", "by" an `agent`; a company's name before a product's ("Intel Core",
"Apple Watch") is a `modifier` too (not in German, where every noun is capitalised).
Ambiguous names ("X", "Apple", "Meta", "Orange": `context` in entities.toml) count only in an article
that also writes one of their context words; a short alias is never read after a capitalised word or
a title ("iPhone X", "Louis X", "M. X"). Discovered names lose leading words the article also writes
in lower case ("Américain United Airlines" → "United Airlines") and are never wire services or state
agencies (`not_organisations`). Movements (`movement`) are named by the people in them, in lower case: after
a movement head ("le mouvement des « gilets jaunes »") or by a name the language's lexicon knows
(`movements(text, lang)`); they are found in any case and with hyphens ("Gilets-jaunes").

Also here, shared with metrics.py and facts.py: `Cues`, a compiled set of cue words (syntax in
lexicon/facts/fr.toml), and `language_lexicon(lang)`, the per-language cue file lexicon/facts/<xx>.toml.
Pure functions; the lexicon files are read once per process.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from transforms import gazetteer

LEXICON = Path(__file__).resolve().parent / "lexicon"
FALLBACK_LANG = "en"
TYPES = ("company", "system", "product", "person", "place", "movement", "event")
GENITIVE_S = {"de", "nl"}
CAPITALISED_NOUNS = {"de"}  # languages that capitalise every noun: a capitalised word says little  # languages that write a name's genitive with a bare -s


# --------------------------------------------------------------------------------------------- cues
def _units(text: str) -> list[str]:
    """A literal as regex units: an apostrophe matches ' and ’, a space any run of white space."""
    out: list[str] = []
    for ch in text:
        if ch in "'’":
            out.append("['’]")
        elif ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return out


class _Trie:
    """Literals merged by their common prefixes: one regex that Python's engine runs fast."""

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.ends: dict[str, str] = {}  # end assertion → group name ("" when no group is needed)

    def add(self, units: list[str], end: str, group: str = "") -> str:
        node = self
        for unit in units:
            node = node.children.setdefault(unit, _Trie())
        return node.ends.setdefault(end, group)

    def pattern(self) -> str:
        alts = [unit + child.pattern() for unit, child in sorted(self.children.items())]
        alts += [end + (f"(?P<{group}>)" if group else "") for end, group in sorted(self.ends.items(), reverse=True)]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    def __bool__(self) -> bool:
        return bool(self.children or self.ends)


class Cues:
    """A set of cue phrases (syntax in lexicon/facts/fr.toml) compiled into one case-insensitive
    regex; each cue maps to one or more tags."""

    def __init__(self, items: Iterable[tuple[str, object]]):
        words, inside, raw = _Trie(), _Trie(), []
        self.groups: dict[str, tuple[list, bool]] = {}  # group → (tags, only at a sentence start)
        for cue, tag in sorted({(c, t) for c, t in items if c}, key=lambda ct: (ct[0], str(ct[1]))):
            start_only = cue.startswith("^")
            body = cue.lstrip("^")
            if body.startswith("re:"):
                group = f"g{len(self.groups)}"
                raw.append(f"(?:{body[3:]})(?P<{group}>)")
                self.groups[group] = ([tag], start_only)
                continue
            trie = inside if body.startswith("*") else words
            body = body.lstrip("*")
            whole = body.endswith("$") or len(body.rstrip("$")) < 5
            body = body.rstrip("$")
            group = trie.add(_units(body.lower()), r"(?!\w)" if whole else "", f"g{len(self.groups)}")
            tags, _ = self.groups.setdefault(group, ([], start_only))
            if tag not in tags:
                tags.append(tag)
        parts = ([r"(?<!\w)" + words.pattern()] if words else []) + ([inside.pattern()] if inside else []) + raw
        self._body = "|".join(parts)
        self.regex = re.compile(self._body, re.IGNORECASE) if parts else None

    @functools.cached_property
    def tail(self) -> re.Pattern | None:
        """A cue at the end of a text (compiled on first use: most cue sets never need it)."""
        return re.compile(rf"(?:{self._body})\w*[\s,]*$", re.IGNORECASE) if self._body else None

    def __bool__(self) -> bool:
        return self.regex is not None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[int, int, object]]:
        """(start, end, tag) of each cue in text[pos:endpos] (one triple per tag of the cue)."""
        if self.regex is None:
            return
        endpos = len(text) if endpos is None else endpos
        for m in self.regex.finditer(text, pos, endpos):
            tags, start_only = self.groups[m.lastgroup]
            if start_only and not _starts_sentence(text, m.start()):
                continue
            for tag in tags:
                yield m.start(), m.end(), tag

    def ends_at(self, text: str, pos: int, reach: int = 40) -> bool:
        """True when a cue ends right before `pos` (white space and commas may sit between)."""
        if self.tail is None:
            return False
        return self.tail.search(text, max(0, pos - reach), pos) is not None


def _starts_sentence(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"'«“(")
    return not before or before[-1] in ".!?…\n:"


@functools.cache
def language_lexicon(lang: str) -> dict:
    """The cue file lexicon/facts/<lang>.toml (English when the language has none)."""
    path = LEXICON / "facts" / f"{lang}.toml"
    if not path.exists():
        path = LEXICON / "facts" / f"{FALLBACK_LANG}.toml"
    with path.open("rb") as f:
        return tomllib.load(f)


@functools.cache
def language_cues(lang: str, section: str, key: str) -> Cues:
    """The cue list `[section] key` of a language, compiled, each cue tagged with `key`."""
    return Cues((c, key) for c in language_lexicon(lang).get(section, {}).get(key, []))


# ------------------------------------------------------------------------------------------ lexicon
@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str      # canonical entity name
    type: str      # company | system | product | person | place
    how: str       # lexicon | discovered | reference
    role: str = ""  # "" | modifier | compound | oblique | agent


@functools.cache
def _entities() -> dict:
    with (LEXICON / "entities.toml").open("rb") as f:
        return tomllib.load(f)


@functools.cache
def claimant_kinds() -> dict[str, frozenset[str]]:
    """Kind of source → its words, casefolded ([claimants] of lexicon/entities.toml), in the file's order."""
    return {kind: frozenset(w.casefold() for w in words) for kind, words in _entities().get("claimants", {}).items()}


@functools.cache
def _alias_regex(lang: str) -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """One case-sensitive regex of every alias usable in `lang`, and alias → (name, type)."""
    table: dict[str, tuple[str, str]] = {}
    for entity in _entities()["entity"]:
        for alias in [*entity.get("aliases", []), *entity.get(f"aliases_{lang}", [])]:
            table.setdefault(" ".join(alias.split()), (entity["name"], entity["type"]))
    trie, short = _Trie(), []
    end = r"s?(?!\w)" if lang in GENITIVE_S else r"(?!\w)"  # "Metas neuer Supercomputer"
    for alias in table:
        if len(alias) <= 2:  # "X": not beside a digit ("1280 X 720"), not after a dot or hyphen
            short.append(rf"(?<![\w.\-])(?<!\d\s)(?<![A-ZÀ-ÖØ-Þ]\.\s)(?<!\bM\s){re.escape(alias)}(?!\w)(?!\s?\d)")
        else:
            trie.add(_units(alias), end)
    return re.compile("|".join([r"(?<!\w)" + trie.pattern(), *short])), table


@functools.cache
def _contexts() -> dict[str, re.Pattern]:
    """Entity name → the words one of which an article must write for its ambiguous aliases to count."""
    out = {}
    for entity in _entities()["entity"]:
        words = entity.get("context")
        if words:
            out[entity["name"]] = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words))
    return out


def _in_context(name: str, text: str, cache: dict) -> bool:
    pattern = _contexts().get(name)
    if pattern is None:
        return True
    if name not in cache:
        cache[name] = pattern.search(text) is not None
    return cache[name]


_WORD_BEFORE = re.compile(r"([\w'’\-]+)[ \u00a0]+$")


def _after_a_name(text: str, start: int) -> bool:
    """Whether a capitalised word that does not start its sentence sits right before `start`."""
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        return False
    word = re.split(r"['’]", m.group(1))[-1]  # "L'iPhone X": the word after the elided article
    if not (word[:1].isupper() or word[1:2].isupper()):
        return False
    return word != m.group(1) or not _starts_sentence(text, m.start(1))


@functools.cache
def _known_names() -> frozenset[str]:
    names = set()
    for entity in _entities()["entity"]:
        names.add(entity["name"])
        names.update(entity.get("aliases", []))
        names.update(a for k, v in entity.items() if k.startswith("aliases_") for a in v)
    return frozenset(names)


# -------------------------------------------------------------------------------------- discovery
_NEXT_WORD = re.compile(r"(,)?[ \u00a0]+([\w'’\-]+)")
_SPACES = re.compile(r"[ \u00a0]*")
_NAME_TOKEN = r"[A-ZÀ-ÖØ-Þ][\w&'’\-]*(?:\.\w+)*"
_NAME = re.compile(rf"{_NAME_TOKEN}(?:[ \u00a0](?:&[ \u00a0])?{_NAME_TOKEN}){{0,4}}")


@functools.cache
def _legal_regexes() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    disc = _entities()["discovery"]
    suffixes = "|".join(re.escape(s) for s in sorted(disc["legal_suffixes"], key=len, reverse=True))
    prefixes = "|".join(re.escape(p) for p in disc["legal_prefixes"])
    org_words = "|".join(re.escape(w) for w in sorted(disc["org_words"], key=len, reverse=True))
    token = r"[A-ZÀ-ÖØ-Þ][\w&'’\-]*"
    joined = r"(?:[ \u00a0](?:and|&|of)[ \u00a0]|[ \u00a0])"  # "Jones and Vining Inc", "Bank of Boston Corp"
    with_suffix = re.compile(rf"((?:{token}{joined}){{0,3}}{token})[ \u00a0,]+(?:{suffixes})(?![\w])")
    with_prefix = re.compile(rf"(?<!\w)(?:{prefixes})[ \u00a0]+((?:{token}[ \u00a0]?){{1,4}})")
    with_org_word = re.compile(rf"((?:{token}[ \u00a0]){{1,3}}(?:{org_words}))(?!\w)")
    return with_suffix, with_prefix, with_org_word


@functools.cache
def _source_words() -> frozenset[str]:
    return frozenset(_entities()["discovery"].get("source_words", []))


def source_body(name: str) -> bool:
    """Whether `name` is a ministry, an office, an agency or a pollster (`source_words`)."""
    return any(word in _source_words() for word in name.replace("-", " ").split())


@functools.cache
def name_stopwords() -> frozenset[str]:
    """Capitalised words that never start or end a name ("The", "Le", "Januar", "CEO")."""
    return frozenset(_entities()["discovery"]["stopwords"])


@functools.cache
def _places() -> tuple[str, ...]:
    names = [a for e in _entities()["entity"] if e["type"] == "place"
             for k, v in e.items() if k == "aliases" or k.startswith("aliases_") for a in v]
    return tuple(sorted(set(names), key=len, reverse=True))


def _known_prefix(name: str) -> int:
    """Length of a lexicon name (or its genitive: "Metas") at the start of `name` (0 if none)."""
    for known in _known_sorted():
        if name.startswith(known):
            rest = name[len(known):]
            if not rest or not rest[0].isalnum() or (rest[0] == "s" and (len(rest) == 1 or not rest[1].isalnum())):
                return len(known) + (1 if rest[:1] == "s" else 0)
    return 0


@functools.cache
def _known_sorted() -> tuple[str, ...]:
    return tuple(sorted((n for n in _known_names() if len(n) > 2), key=len, reverse=True))


def _place_prefix(name: str) -> int:
    """Length of a known place name at the start of `name` (0 if none)."""
    for place in _places():
        if name.startswith(place) and (len(name) == len(place) or not name[len(place)].isalnum()):
            return len(place)
    return 0


@functools.cache
@functools.cache
def _name_adjectives() -> frozenset[str]:
    return frozenset(_entities()["discovery"].get("name_adjectives", []))


_LEGAL_AFTER = re.compile(r"(?:,?[ \u00a0]+)([A-Z][\w.&]*)")


def _with_legal_form(m: Mention, text: str) -> Mention:
    """A company's mention runs over the legal forms written after it ("Dean Witter Reynolds Inc said"),
    and over a generic word before one ("Dixons Group PLC"): they are part of the name as written, not
    another word between the name and what it says."""
    if m.type != "company":
        return m
    end, generic = m.end, frozenset(_entities()["discovery"]["generic_words"])
    while (after := _LEGAL_AFTER.match(text, end)) is not None:
        word = after.group(1)
        if legal_suffix(word):
            end = after.end()  # "Enfield Corp Ltd": every form written after it
        elif word in generic and (form := _LEGAL_AFTER.match(text, after.end())) and legal_suffix(form.group(1)):
            end = form.end()  # "Dixons Group PLC": a generic word the canonical name drops, then the form
        else:
            break
    return m if end == m.end else Mention(m.start, end, m.name, m.type, m.how, m.role)


def _registered_names(run: str) -> list[str]:
    """The names of a run a legal form closes: a legal form inside it ends a name of its own ("Gencorp
    Inc and Continental AG" → "Gencorp", "Continental"); "of" joins a name after an organisation word
    only ("Bank of Boston Corp"; "Sullivan of Dean Witter Reynolds Inc" is "Dean Witter Reynolds")."""
    names, current = [], []
    of_heads = _of_heads()
    for token in run.split():
        if legal_suffix(token):
            names.append(current)
            current = []
        elif token == "of" and current and current[-1] not in of_heads:
            current = []  # "Bill Sullivan of Dean Witter Reynolds Inc": "of" joins "Bank of Boston" only
        elif current or token not in _CONNECTORS:
            current.append(token)
    for name in (*names, current):
        while name and name[-1] in _CONNECTORS:
            name.pop()  # "Bain and Co": the name is "Bain"
    return [" ".join(n) for n in [*names, current] if n]


_CONNECTORS = ("and", "&", "of")


@functools.cache
def _of_heads() -> frozenset[str]:
    return frozenset(_entities()["discovery"].get("of_heads", []))


def legal_suffix(word: str) -> bool:
    """Whether `word` is a legal form written after a name ("Inc", "Ltd", "GmbH", "Tbk")."""
    return word.strip(".,") in _entities()["discovery"]["legal_suffixes"]


def _legal_words() -> frozenset[str]:
    disc = _entities()["discovery"]
    return frozenset([*disc["legal_suffixes"], *disc["legal_prefixes"], *disc["generic_words"]])


def canonical_name(name: str, registered: bool = False) -> str:
    """A discovered name without legal forms or leading articles: "PT Foo Tbk" → "Foo". A `registered`
    name (a legal form closes it) keeps the adjectives that open it ("American Brands Inc"), and so does
    a name whose other words are organisation words only ("American Airlines", not "Airlines")."""
    tokens = name.replace("\u00a0", " ").strip(" ,.;:'’\"").split()
    legal, stop = _legal_words(), name_stopwords()
    keep = _name_adjectives() if registered else frozenset()
    if len(tokens) > 1 and tokens[0] in _name_adjectives() and all(t in _org_words() for t in tokens[1:]):
        keep = _name_adjectives()  # "American Airlines", "Swiss Group": without it only a generic word is left
    while tokens and (tokens[0] in legal or (tokens[0] in stop and not (tokens[0] in keep and len(tokens) > 1))):
        tokens.pop(0)
    while tokens and (tokens[-1] in legal or tokens[-1].rstrip(".,") in legal or tokens[-1] in stop):
        tokens.pop()
    return " ".join(tokens).strip(" ,.;:'’\"")


_PLACE_ADJECTIVE = re.compile(r"(?i).+-(?:based|area|born|listed|owned|led|controlled|registered|headquartered)$")


def _without_place_adjective(name: str) -> str:
    """A name without the words up to one that only says where it is or who owns it ("New York-area",
    "Caracas-based Andean Development" → "Andean Development")."""
    tokens = name.split()
    adjective = max((i for i, t in enumerate(tokens) if _PLACE_ADJECTIVE.match(t.rstrip(".,"))), default=-1)
    return " ".join(tokens[adjective + 1:])


def _trim_name(name: str) -> str:
    """Cut a captured name at the first stop word; drop leading words that only say where it is or who
    owns it ("Caracas-based Andean Development", "New York-area"); drop trailing punctuation."""
    tokens = _without_place_adjective(name).split()
    kept = []
    for token in tokens:
        if token.strip(".,") in name_stopwords():
            break
        kept.append(token)
    while kept and (kept[-1][:1].islower() or kept[-1] == "&"):
        kept.pop()  # "Macron y (Le Pen)", "Banque de (La Réunion)": a connector left at the end
    return " ".join(kept).rstrip(".,;:'’")


@functools.cache
def _discovery_cues(lang: str) -> tuple[Cues, frozenset[str], int]:
    disc = language_lexicon(lang).get("discovery", {})
    cues = Cues([*((c, "company") for c in disc.get("company", [])),
                 *((c, "system") for c in disc.get("system", [])),
                 *((c, "person") for c in disc.get("person", []))])
    return cues, frozenset(w.lower() for w in disc.get("between", [])), int(disc.get("window", 0))


def _named_twice(text: str, name: str, at: int, lang: str) -> bool:
    """A one-word name found past other words: written twice, and not after "à", "in", "di" (a place)."""
    if language_cues(lang, "discovery", "not_after").ends_at(text, at, reach=15):
        return False
    return len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text)) >= 2


@functools.cache
def _not_organisations() -> frozenset[str]:
    return frozenset(_entities()["discovery"].get("not_organisations", []))


def _drop_nouns(name: str, lang: str) -> str:
    """Where every noun is capitalised, leading hyphenated words of a name that end in a noun of the
    dictionary ("US-Softwareanbieter Brightline Systems" → "Brightline Systems"; "Nordlicht Data" stays)."""
    if lang not in CAPITALISED_NOUNS:
        return name
    tokens = name.split()
    while len(tokens) > 1 and "-" in tokens[0] and gazetteer.is_dictionary_word(tokens[0].rsplit("-", 1)[-1], lang):
        tokens.pop(0)
    return " ".join(tokens)


_WORD_TOKEN = re.compile(r"(?<![\w'’\-])[\w\-]+")


@functools.lru_cache(maxsize=4)
def _lower_words(text: str) -> frozenset[str]:
    """The words of `text` as written (not after an apostrophe): one set per text, so that "does the
    article also write it in lower case" is a lookup, not a regex compiled per word."""
    return frozenset(_WORD_TOKEN.findall(text))


def written_in_lower_case(word: str, text: str) -> bool:
    """Whether `text` also writes `word` in lower case, as a word of its own."""
    return word.lower() in _lower_words(text)


def _drop_common_words(name: str, text: str) -> str:
    """Leading words of a discovered name that the article also writes in lower case are common words
    capitalised by their place ("Yesterday Acme", "Américain United Airlines"): dropped. A name
    left with nothing is not a name."""
    tokens = name.split()
    while tokens and tokens[0][:1].isupper() and len(tokens[0]) > 1 and not tokens[0].isupper():
        low = tokens[0].lower()
        if low == tokens[0] or not written_in_lower_case(low, text):
            break
        tokens.pop(0)
    while tokens and tokens[0].islower():
        tokens.pop(0)  # "(Bank) of New York": a connector left at the start ("xAI", "eBay" stay)
    return " ".join(tokens)


_APPOSITION = re.compile(rf"({_NAME_TOKEN}(?:[ \u00a0]{_NAME_TOKEN}){{0,4}}),[ \u00a0]+((?:[\w'’\-]+[ \u00a0]+){{1,5}})$")


def _appositions(text: str, lang: str, cues: "Cues") -> Iterator[tuple[str, str]]:
    """Names that a description after a comma types ("Hautes-Falaises, a 750MW offshore wind project",
    "Southcorp, the Australian winemaker"): the cue ends the description, which starts with a small
    word written in lower case."""
    for start, _end, kind in cues.finditer(text):
        m = _APPOSITION.search(text, max(0, start - 120), start)
        if m and m.group(2)[:1].islower() and not re.search(r"[,.;:]", m.group(2)) \
                and not re.search(r"\d[\s\u00a0]*$", text[max(0, m.start(1) - 3):m.start(1)]):
            yield _trim_name(m.group(1)), kind  # not "of 60 GWh, the company said": a unit after a number


def discover(text: str, lang: str) -> dict[str, str]:
    """Organisations and systems missing from the lexicon: canonical name → type."""
    found: dict[str, str] = {}
    known = _known_names()

    def add(raw: str, kind: str, registered: bool = False, mid_sentence: bool = False) -> None:
        name = canonical_name(_without_place_adjective(raw), registered)
        if not mid_sentence:  # inside a sentence its capitals are its own ("a stake in First Western Financial Corp")
            name = _drop_common_words(name, text)
        name = _drop_nouns(name, lang)
        if len(name) < 2 or name in known or name.split()[0] in known or name.isdigit():
            return
        if name in _not_organisations() or gazetteer.is_place(name, cities=False) or gazetteer.is_subdivision(name):
            return  # "perusahaan asal Asia Tenggara", "en Saxe-Anhalt": a region (a cue names it a company:
                    # cities may be names)
        if not any(ch.isalpha() for ch in name) or name in name_stopwords():
            return
        found.setdefault(name, kind)

    cues, between, window = _discovery_cues(lang)
    for _start, end, kind in cues.finditer(text):
        pos, after_place, loose = end, False, 0
        for _ in range(window + 2):
            # `between` words ("la start-up française Foo"), a place ("perusahaan asal Jerman, Foo"), or
            # up to `window` other small words before a name of two words or more
            # ("la proveedora indonesia de servicios en la nube Sinar Awan Digital")
            m = _NEXT_WORD.match(text[pos:pos + 80])
            if not m:
                break
            word = m.group(2)
            if m.group(1):  # after a comma only a place's name or an apposition (", Hyperion,")
                name = _NAME.match(text, pos + m.start(2))
                if not after_place and not (name and text[name.end():name.end() + 1] == ","):
                    break
            if word[:1].isupper():
                name = _NAME.match(text, pos + m.start(2))
                skip = _place_prefix(name.group(0)) or _known_prefix(name.group(0)) if name else 0
                if skip:  # "asal Jerman, Foo", "de Meta, Hyperion,"
                    pos, after_place = pos + m.start(2) + skip, True
                    continue
                found_name = _trim_name(name.group(0)) if name else ""
                apposition = bool(m.group(1)) and text[name.end():name.end() + 1] == "," if name else False
                if found_name and (not loose or apposition or len(found_name.split()) >= 2
                                   or _named_twice(text, found_name, pos + m.start(2), lang)):
                    add(found_name, kind)
                if found_name or word.strip(".,") not in name_stopwords():
                    break
                loose += 1  # a capitalised common word ("AI", "KI"): read on
                pos += m.end()
                continue
            if word[:1].isdigit():
                break
            if word.lower() not in between:
                loose += 1
                if loose > window:
                    break
            pos += m.end()
    for name, kind in _appositions(text, lang, cues):
        add(name, kind)
    with_suffix, with_prefix, with_org_word = _legal_regexes()
    for m in with_suffix.finditer(text):
        inside = re.search(r"[a-z,(<]$", text[:m.start(1)].rstrip(" \t\u00a0")) is not None
        for name in _registered_names(m.group(1)):
            add(name, "company", registered=True, mid_sentence=inside)
    for m in with_prefix.finditer(text):
        add(_trim_name(m.group(1)), "company")
    for m in with_org_word.finditer(text):
        add(m.group(1), "company")
    return found


_SHAPE_TOKEN = r"[A-ZÀ-ÖØ-Þ][\w&'’\-]*(?:\.[A-Za-z]{1,3}(?![a-z]))*"  # "DXNS.L", not "Amazon.Mais"
_SHAPE = re.compile(rf"{_SHAPE_TOKEN}(?:(?:[ \u00a0](?:&|of|de|du|des|del|della|van|von|der|y)[ \u00a0]|[ \u00a0]){_SHAPE_TOKEN}){{0,5}}")
_POSSESSIVE = re.compile(r"(?:['’]s?|['’])$")
_NUMBERED = re.compile(r"[ \u00a0\-]?\d")
_ACRONYM = re.compile(r"(?<![\w&])[A-Z][A-Z&]{1,5}(?![\w&])")


@functools.cache
def _person_titles() -> frozenset[str]:
    return frozenset(_entities()["discovery"].get("person_titles", []))


@functools.cache
def _currency_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _calendar_word(word: str, lang: str) -> bool:
    from transforms.dates import month_names, weekday_names

    low = word.lower().rstrip(".")
    return low in month_names(lang) or low in weekday_names(lang)


def _shape_kind(name: str, titled: bool) -> str:
    """A discovered name's type: a person when a title precedes it or it starts with a given name
    ("Jeff Bezos"), not with a club's head (`org_first_words`: "Real Sporting de Triana"), else a
    company (an organisation of any kind)."""
    tokens = name.split()
    if titled:
        return "person"
    if len(tokens) >= 2 and gazetteer.is_given_name(tokens[-2]) and tokens[-1] not in _org_words() \
            and tokens[-1] not in _legal_words() and tokens[0] not in _entities()["discovery"]["org_first_words"]:
        return "person"  # "Jeff Bezos", "Intérieur Christophe Castaner"
    return "company"


_CAPITALISED_WORD = re.compile(r"(?<![\w&'’\-])[A-ZÀ-ÖØ-Þ][\w&\-]*[A-Za-zà-ÿ](?![\w&'’\-])")


def _names_among_nouns(text: str, lang: str) -> Iterator[tuple[str, bool, bool]]:
    """Where every noun is capitalised (German): acronyms, and capitalised words the language's
    dictionary does not know ("Schirnhofer", "Novomatic"), that are no numbered names ("ISO 14001")."""
    for m in _ACRONYM.finditer(text):
        if not _NUMBERED.match(text, m.end()):
            yield m.group(0), not _starts_sentence(text, m.start()), False
    for m in _CAPITALISED_WORD.finditer(text):
        if unknown_noun(m.group(0), lang):
            yield m.group(0), not _starts_sentence(text, m.start()), False


def unknown_noun(word: str, lang: str) -> bool:
    """A capitalised word of a language that capitalises every noun that is no noun of its dictionary,
    no compound of one ("Sanierungsverfahren") and no hyphenated word ending in one ("KI-Servern")."""
    last = word.rsplit("-", 1)[-1]
    if len(word) < 4 or word.isupper() or word in name_stopwords() or (last != word and len(last) >= 3):
        return False
    return not gazetteer.is_dictionary_word(word, lang) and not _compound_noun(word, lang)


def _compound_noun(word: str, lang: str) -> bool:
    """A word ending in a noun of six letters or more that the dictionary knows: a compound
    ("Sanierungsverfahren", "Privatstiftung"), not a name."""
    return any(gazetteer.is_dictionary_word(word[i].upper() + word[i + 1:], lang) for i in range(2, len(word) - 5))


@functools.cache
def _prepositions(lang: str) -> frozenset[str]:
    syntax = language_lexicon(lang).get("syntax", {})
    return frozenset(w.rstrip("$").casefold() for w in [*syntax.get("prepositions", []),
                                                         *syntax.get("initial_prepositions", [])])


def _leading_preposition(token: str, lang: str) -> bool:
    """A capitalised preposition that opens a sentence ("À", "Au", "En", "Di"; `initial_prepositions`:
    "A" for "À" in French)."""
    return token.casefold() in _prepositions(lang)


def _shape_candidates(text: str, lang: str) -> Iterator[tuple[str, bool, bool]]:
    """(name, written inside a sentence, after a person's title) for every capitalised run of
    words (where every noun is capitalised: `_names_among_nouns`)."""
    if lang in CAPITALISED_NOUNS:
        yield from _names_among_nouns(text, lang)
        return
    titles = _person_titles()
    for m in _SHAPE.finditer(text):
        if _ACRONYM.fullmatch(m.group(0)) and _NUMBERED.match(text, m.end()):
            continue  # "RN 27", "ISO 14001", "CAC 40": a numbered name, not an organisation
        if text.startswith("$", m.end()):
            continue  # "US$ 1,8 miliar", "HK$": a currency's prefix
        raw = _POSSESSIVE.sub("", m.group(0))
        tokens = raw.split()
        if len(tokens) > 1 and _leading_preposition(tokens[0], lang):
            tokens = tokens[1:]  # "À Caen, 1 700 personnes", "A Lorient": the place, not "À Caen"
        titled = bool(tokens) and tokens[0].rstrip(".") in titles
        if titled:
            tokens = tokens[1:]
        before = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
        titled = titled or bool(before and before.group(1).rstrip(".") in titles) or _after_a_role(text, m.start())
        person = _after_office_words(tokens, lang)
        if person:  # "(ministre de l')Intérieur Christophe Castaner": the office, then the person
            tokens, titled = person, True
        name = _drop_common_words(canonical_name(_trim_name(" ".join(tokens))), text)
        if name:
            inside = not _starts_sentence(text, m.start()) or not raw.startswith(name.split()[0])
            yield name, inside, titled


@functools.cache
def _person_roles() -> re.Pattern:
    roles = sorted(_entities()["discovery"].get("person_roles", []), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(r) for r in roles) + r")(?!\w)", re.IGNORECASE)


def _after_a_role(text: str, start: int) -> bool:
    """A name in apposition after a role: "Direktur Utama BNS, <Hendra Wijaya Saputra>", "its chief
    executive, <Jane Doe>" (the stretch before the comma, back to the previous punctuation, holds a role)."""
    before = text[max(0, start - 80):start].rstrip()
    if not before.endswith(","):
        return False
    stretch = re.split(r"[.;:!?()\"«»,]", before[:-1])[-1]
    return bool(stretch.strip()) and _person_roles().search(stretch) is not None


def _currency_prefix(name: str, text: str) -> bool:
    """Every occurrence of `name` is glued to a dollar sign: "US$ 1,8 miliar", "HK$", "A$"."""
    if f"{name}$" not in text:
        return False  # most texts: no need for a pattern of this name
    spots = [m.end() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    return bool(spots) and all(text.startswith("$", end) for end in spots)


def _named_after_a_role(name: str, text: str) -> bool:
    return any(_after_a_role(text, m.start()) for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text))


def _after_office_words(tokens: list[str], lang: str) -> list[str] | None:
    """The tokens from the first given name on, when the ones before it are common words of the
    language capitalised as an office's name ("Intérieur Christophe Castaner", "Travail Muriel
    Pénicaud", "Economy Minister Bruno"); None otherwise."""
    for i, token in enumerate(tokens[1:], start=1):
        if token.istitle() and gazetteer.is_given_name(token):
            lead, person = tokens[:i], tokens[i:]
            office = all(t.istitle() and len(t) >= 4 and t not in name_stopwords() and not gazetteer.is_given_name(t)
                         and gazetteer.is_dictionary_word(t.lower(), lang) for t in lead)
            return person if office and len(person) >= 2 and person[-1].istitle() and len(person[-1]) >= 3 else None
    return None


def _plausible_name(name: str, text: str, lang: str) -> bool:
    """Not a place, a month or weekday, a currency, a known name or a common word written capitalised."""
    tokens = name.split()
    if len(name) < 2 or not any(ch.isalpha() for ch in name) or name in _known_names():
        return False
    if len(tokens) == 1 and _calendar_word(name, lang):
        return False
    if name in _not_organisations() or gazetteer.is_place(name) or name in _currency_codes():
        return False
    if name in _entities()["discovery"].get("place_abbreviations", []):
        return False
    if re.fullmatch(r"[A-Z]{2,5}s", name):
        return False  # "CDs", "GPUs": a plural of a common noun
    if all(t in name_stopwords() or t in _legal_words() for t in tokens):
        return False
    if len(tokens) >= 2 and all(t.isupper() for t in tokens) and any(
            t.capitalize() in name_stopwords() or t.lower() in name_stopwords() for t in tokens):
        return False  # "DES FOUS DE VITESSE", "RISQUE DE SUBMERSION": a headline in capitals, not a name
    if len(tokens) == 1 and written_in_lower_case(name, text):
        return False
    if (len(tokens) == 1 and lang not in CAPITALISED_NOUNS and not name.isupper() and not gazetteer.is_given_name(name)
            and gazetteer.is_dictionary_word(name.lower(), lang)):
        return False  # "Assemblée (nationale)", "Pôle (emploi)", "(World) Bank": a common word of a longer name
    return not _a_term(name, text, lang)


def _a_term(name: str, text: str, lang: str) -> bool:
    """A name that is a metric's word ("PIB", "GDP") or an acronym the text defines as one of common
    words ("same - store sales growth (SSSG)", "non-performing loans (NPL)"): a term, not a name."""
    from transforms.metrics import metric_terms

    if name.casefold() in metric_terms(lang):
        return True
    if not _ACRONYM.fullmatch(name):
        return False
    for m in re.finditer(rf"\(\s*{re.escape(name)}\s*\)", text):
        words = re.findall(r"[^\W\d_][\w']*", text[max(0, m.start() - 120):m.start()])[-len(name):]
        if len(words) == len(name) and "".join(w[0] for w in words).upper() == name.replace("&", "") \
                and all(w[0].islower() for w in words[1:]):
            return True
    return False


def discover_by_shape(text: str, lang: str, found: dict[str, str]) -> dict[str, str]:
    """Names no cue introduces, found by their shape: capitalised runs of words ("Faes Farma",
    "Southcorp", "KlikACC") written inside a sentence at least once (a single word that is no
    acronym: twice, "However", "Alors", "Sebelumnya" start sentences), that are no
    place, month, currency or common word; typed person when a title or a given name says so, else
    company. A place of the gazetteer is a `place` mention. Names already `found` (or overlapping one)
    are left to them."""
    seen: dict[str, list] = {}
    inside_count: dict[str, int] = {}
    for name, inside, titled in _shape_candidates(text, lang):
        entry = seen.setdefault(name, [0, False, False])
        entry[0] += 1
        entry[1] |= inside
        entry[2] |= titled
        inside_count[name] = inside_count.get(name, 0) + inside
    out: dict[str, str] = {}
    taken = set(found)
    longer_first_words = {n.split()[0] for n in [*seen, *taken] if len(n.split()) >= 2}
    for name, (count, inside, titled) in seen.items():
        if any(name in other or other in name for other in taken) or name in _known_names():
            continue
        if name in longer_first_words:
            continue  # "Nordvent" of "Nordvent Énergies": its short form (see _short_forms)
        if inside and gazetteer.is_place(name):
            out[name] = "place"  # "in London", "di Jakarta": known, so no unknown name either
            continue
        single_word = len(name.split()) == 1 and not _ACRONYM.fullmatch(name)
        if not inside or (single_word and inside_count.get(name, 0) < 2) or not _plausible_name(name, text, lang):
            continue
        out[name] = _shape_kind(name, titled)
    return out


def _surnames(found: dict[str, str], text: str) -> dict[str, str]:
    """Surname → the person's full name, for the persons of `found` named with two words or more: news
    names a person in full once, then by the surname ("management board chairman Karlheinz Kaske said"
    … "Kaske told the meeting"). Not a surname: one two persons share, a place ("Sevilla"), a word
    organisations are named with ("City") or one the text also writes in lower case."""
    owners: dict[str, set[str]] = {}
    for name, kind in found.items():
        tokens = name.split()
        if kind == "person" and len(tokens) >= 2 and len(tokens[-1]) >= 3 and tokens[-1][0].isupper():
            owners.setdefault(tokens[-1], set()).add(name)
    return {surname: next(iter(names)) for surname, names in owners.items()
            if len(names) == 1 and surname not in name_stopwords() and surname not in _org_words()
            and surname not in _legal_words() and not gazetteer.is_place(surname)
            and not written_in_lower_case(surname, text)}


def _short_forms(found: dict[str, str], text: str, surnames: dict[str, str]) -> dict[str, str]:
    """Surface forms of discovered names: the name, its first word when the text also writes
    that word alone ("Brightline Systems" … "Brightline reported"), and a person's surname
    (`surnames`, from _surnames)."""
    forms = {name: name for name in found}
    for surname, name in surnames.items():
        forms.setdefault(surname, name)
    known = _known_names()
    for name in found:
        first = name.split()[0]
        if (len(name.split()) >= 2 and (len(first) >= 4 or (len(first) == 3 and first.isupper()))
                and first[0].isupper() and first not in known
                and first not in name_stopwords() and first not in forms and not _place_prefix(first)
                and text.count(first) > text.count(name)  # cheap: written at least once without the rest
                and re.search(rf"(?<!\w){re.escape(first)}(?!\w)(?!\s+{re.escape(name[len(first):].strip())})", text)):
            forms[first] = name
    return forms


def _initials(name: str) -> set[str]:
    """The acronyms a name's capitalised words spell: every word's first letter ("Zeeland Offshore
    Partners" → ZOP; "Leipnik-Lundenburger Invest" → LLI, its hyphenated parts too), with and without
    its legal forms ("PT Bumi Nikel Sejahtera" → PBNS, BNS). Lower-case words ("of", "de") spell nothing."""
    words = [w for w in re.split(r"[\s\u00a0\-]+", name) if w[:1].isupper()]
    plain = [w for w in words if w.rstrip(".,") not in _legal_words()]
    return {"".join(w[0] for w in ws) for ws in (words, plain) if len(ws) >= 2}


def _acronyms(found: dict[str, str], text: str) -> dict[str, str]:
    """Acronyms the text defines for names of `found`: "Zeeland Offshore Partners (ZOP)", "BNS (PT Bumi
    Nikel Sejahtera)": acronym → the name, when its letters are the initials of the name's words
    (`_initials`); legal forms around the name may be written. News defines an acronym once, then
    writes it alone."""
    out: dict[str, str] = {}

    def bare(words: str) -> str:
        return " ".join(w for w in words.split() if w.rstrip(".,") not in _legal_words())

    names = {bare(name): name for name in found if _initials(name)}
    for m in _DEFINED.finditer(text):
        if m.group(2):  # the name is the end of the capitalised run ("The Dutch Zeeland Offshore Partners")
            words = m.group(1).split()
            acronym = m.group(2)
            name = next((names[b] for i in range(len(words)) if (b := bare(" ".join(words[i:]))) in names), None)
        else:
            acronym, name = m.group(3), names.get(bare(m.group(4)))
        if name and spells(acronym, name):
            out.setdefault(acronym, name)
    return out


def spells(acronym: str, name: str) -> bool:
    """`acronym` ("ZOP", "S&P") is written in capitals and its letters are the initials of `name`'s words."""
    return sum(c.isupper() for c in acronym) >= 2 and acronym.replace("&", "").upper() in _initials(name)


_ACRONYM_TOKEN = r"[A-Z][A-Za-z&]{1,7}"
_DEFINED = re.compile(rf"({_SHAPE_TOKEN}(?:[ \u00a0]+(?:[a-z]{{1,4}}[ \u00a0]+)?{_SHAPE_TOKEN}){{1,6}})[ \u00a0]*"
                      rf"\([ \u00a0]*({_ACRONYM_TOKEN})[ \u00a0]*\)"
                      rf"|(?<![\w&])({_ACRONYM_TOKEN})[ \u00a0]*\([ \u00a0]*([^()]{{3,80}}?)[ \u00a0]*\)")


_MOVEMENT_WORDS = r"[^\W\d_][\w\-]*"
_QUOTES = "«»\"“”„'‘’\u00a0 "


@functools.cache
def _movement_regexes(lang: str) -> tuple[re.Pattern | None, re.Pattern | None]:
    """The `movement` heads of facts/<xx>.toml [discovery] ("mouvement des", "movimiento de los") followed
    by a name of one to three words in optional quotes, and the `movement_names` the language writes."""
    disc = language_lexicon(lang).get("discovery", {})
    heads = [h.rstrip("$") for h in disc.get("movement", [])]
    head = (re.compile(rf"(?i)(?<!\w)(?:{'|'.join(map(re.escape, heads))})[\s«\"“„]+"
                       rf"({_MOVEMENT_WORDS}(?:[ \u00a0\-]{_MOVEMENT_WORDS}){{0,2}})") if heads else None)
    names = disc.get("movement_names", [])
    spelled = "|".join(r"[ \u00a0\-]+".join(map(re.escape, n.split())) for n in names)
    known = re.compile(rf"(?i)(?<!\w)({spelled})(?!\w)") if names else None
    return head, known


def movements(text: str, lang: str) -> dict[str, str]:
    """Movements named in the text, as the text writes them (lower case): after a movement head ("le
    mouvement des « gilets jaunes »": "gilets jaunes", a name then written again elsewhere in the text),
    or one of the language's `movement_names`. Canonical name → "movement"."""
    head, known = _movement_regexes(lang)
    found: dict[str, str] = {}
    for m in head.finditer(text) if head else ():
        words = re.split(r"[ \u00a0]+", m.group(1).strip(_QUOTES))
        # the longest run of its first words that the text writes again ("des gilets jaunes qui", "… les
        # gilets jaunes"): a name, not the words that happen to follow it
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).strip(_QUOTES).lower()
            if len(name) >= 4 and len(_movement_regex(name).findall(text)) >= 2:
                found.setdefault(name, "movement")
                break
    for m in known.finditer(text) if known else ():
        found.setdefault(re.sub(r"[ \u00a0\-]+", " ", m.group(1)).lower(), "movement")
    return found


@functools.lru_cache(maxsize=256)
def _movement_regex(name: str) -> re.Pattern:
    """A movement's name in any case, its words joined by spaces or hyphens ("Gilets-jaunes")."""
    return re.compile(r"(?i)(?<!\w)" + r"[ \u00a0\-]+".join(map(re.escape, name.split())) + r"(?!\w)")


# --------------------------------------------------------------------------------------- mentions
@functools.cache
def _reference_cues(lang: str) -> Cues:
    refs = language_lexicon(lang).get("references", {})
    return Cues((cue, kind) for kind in TYPES for cue in refs.get(kind, []))


_MODEL_CODE = re.compile(r"[ \u00a0]?[A-Z]{1,3}\d{2,4}[A-Za-z]*(?!\w)")
# between a counted thing and its brand: model codes and "of" words ("chips H100 de Nvidia")
_BRAND_GAP = re.compile(r"(?:[\s(]+(?:[A-Z]{1,3}\d{2,4}\w*|de|d['’]|du|des|of|von|vom|der|dari|buatan|\(|\)))+[\s(]*$")


_PRODUCT_WORD = re.compile(r"[ \u00a0]+((?:i|e|x)?[A-ZÀ-ÖØ-Þ][\w\-]*)")


def _product_after(text: str, end: int) -> bool:
    """A capitalised word right after a company's name that is neither a legal form, an organisation
    word, a known name nor a common capitalised word: the name of one of its products."""
    m = _PRODUCT_WORD.match(text, end, end + 40)
    if not m:
        return False
    word = m.group(1).rstrip(".-")
    if word in _legal_words() or word in name_stopwords() or word in _known_names() or word in _org_words():
        return False
    if not any(ch.islower() for ch in word[1:]) and len(word) > 1:
        return False  # an acronym ("Apple CEO", "Google AI") is not a product name
    return True


@functools.cache
def _org_words() -> frozenset[str]:
    return frozenset(_entities()["discovery"]["org_words"])


@functools.cache
def empty_name_words() -> frozenset[str]:
    """Words that say nothing of who a name is: legal forms ("Inc.", "PT"), generic and organisation
    words ("Group", "Systems"), and the acronyms among the stop words ("AI", "KI", "IT"); each also
    without its final dot."""
    acronyms = [w for w in name_stopwords() if len(w) > 1 and w.isalpha() and w.isupper()]
    words = [*_legal_words(), *_org_words(), *acronyms]
    return frozenset(words) | frozenset(w.rstrip(".") for w in words)


_TICKER = re.compile(r"<[A-Z][A-Z0-9.]{0,9}>")


def _role(text: str, start: int, end: int, kind: str, lang: str, attribute: Cues | None) -> str:
    if start > 0 and _TICKER.fullmatch(text, start - 1, end + 1) and text[:start - 1].rstrip()[-1:].isalnum():
        return "modifier"  # "Walt Disney Co <DIS>": the stock symbol of the name before it, not another party
    after = text[end:end + 12]
    if _MODEL_CODE.match(after) and kind == "company":
        return "modifier"
    if kind == "company" and lang not in CAPITALISED_NOUNS and _product_after(text, end):
        return "modifier"  # "Intel Core i5", "Apple Watch", "Microsoft Xbox": the product's, not the company's
    if attribute and kind == "company":  # a brand of the counted thing: "puces NVIDIA", "Nvidia-Chips"
        if after.startswith("-") and any(s == end + 1 for s, _e, _t in attribute.finditer(text, end + 1, end + 40)):
            return "modifier"
        before = _BRAND_GAP.sub("", text[max(0, start - 60):start])
        if before and attribute.ends_at(before, len(before), reach=40) and not before.rstrip().endswith(","):
            return "modifier"
    if after[:1] == "-" and after[1:2].isalnum():
        return "compound"
    suffix = next((x for x in language_lexicon(lang).get("syntax", {}).get("possessive", []) if after.startswith(x)), None)
    if suffix and re.match(r"[ \u00a0]+[A-ZÀ-ÖØ-Þ]", text[end + len(suffix):end + len(suffix) + 3]):
        return "modifier"  # "Icahn's Transworld Airlines": the owner of the name after it, not the clause's subject
    if language_cues(lang, "syntax", "agent").ends_at(text, start, reach=20):
        return "agent"
    if language_cues(lang, "syntax", "counterparty").ends_at(text, start, reach=30):
        return "oblique"
    return ""


def _hyphen_compound(text: str, start: int, end: int) -> bool:
    """text[start:end] is joined by a hyphen to a word before or after it ("Ile-de-France", "Alsace-Lorraine")."""
    return bool(re.search(r"\w-$", text[max(0, start - 2):start]) or re.match(r"-\w", text[end:end + 2]))


def find_mentions(text: str, lang: str, attribute: Cues | None = None) -> list[Mention]:
    """Every entity mention in `text`, in order (see the module docstring).

    `attribute`: cue words of counted things ("puces", "GPU", "Server"); a brand right after or
    before one of them is a `modifier` of it, not what the sentence is about.
    """
    regex, table = _alias_regex(lang)
    named: list[Mention] = []
    context: dict[str, bool] = {}
    for m in regex.finditer(text):
        surface = " ".join(m.group(0).split())
        name, kind = table[surface] if surface in table else table[surface[:-1]]  # genitive "Metas"
        if not _in_context(name, text, context):
            continue  # "X" the letter, "Apple" the fruit: the article says nothing of the entity
        if len(surface) <= 2 and _after_a_name(text, m.start()):
            continue  # "iPhone X", "Louis X", "Generation X": part of another name
        if kind == "place" and _hyphen_compound(text, m.start(), m.end()):
            continue  # "Ile-de-France", "Nordrhein-Westfalen": a region's name holds the country's
        named.append(Mention(m.start(), m.end(), name, kind, "lexicon"))
    taken = [(m.start, m.end) for m in named]
    for name in movements(text, lang):
        for m in _movement_regex(name).finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                named.append(Mention(m.start(), m.end(), name, "movement", "discovered"))
                taken.append((m.start(), m.end()))
    found = discover(text, lang)
    shaped = discover_by_shape(text, lang, found)
    how = {**{name: "shape" for name in shaped}, **{name: "discovered" for name in found}}
    found = {**shaped, **found}
    found = {name: "person" if _named_after_a_role(name, text) else kind for name, kind in found.items()
             if not _currency_prefix(name, text)}
    surnames = _surnames(found, text)
    found = {name: kind for name, kind in found.items()
             if name not in surnames or (how.get(name) == "discovered" and kind != "person")}
    acronyms = _acronyms(found, text)  # the text's own definition outweighs how the acronym was found
    found = {name: kind for name, kind in found.items() if name not in acronyms}
    if found:
        forms = {**_short_forms(found, text, {s: n for s, n in surnames.items() if n in found}), **acronyms}
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(f)}(?!\w)" for f in sorted(forms, key=len, reverse=True)))
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            name = forms[m.group(0)]
            named.append(Mention(m.start(), m.end(), name, found[name], how[name]))
    named = [_with_legal_form(m, text) for m in named]
    named = [Mention(m.start, m.end, m.name, m.type, m.how, _role(text, m.start, m.end, m.type, lang, attribute))
             for m in sorted(named, key=lambda m: m.start)]

    # references, resolved in reading order to the last antecedent of their type
    references = []
    for start, end, kind in _reference_cues(lang).finditer(text):
        if any(m.start < end and start < m.end for m in named):
            continue
        nxt = _SPACES.match(text, end).end()
        if any(m.start == nxt for m in named):  # apposition: "le supercalculateur Colossus"
            continue
        references.append((start, end, kind))
    out: list[Mention] = []
    last: dict[str, Mention] = {}
    last_agent: dict[str, Mention] = {}  # "mené par Sequoia": an antecedent only when there is no other
    events = sorted([(m.start, 0, m) for m in named] + [(r[0], 1, r) for r in references], key=lambda e: (e[0], e[1]))
    for _pos, is_ref, item in events:
        if not is_ref:
            out.append(item)
            if item.role == "agent":
                last_agent[item.type] = item
            elif item.role not in ("modifier", "oblique"):
                last[item.type] = item
            continue
        start, end, kind = item
        antecedent = last.get(kind) or last_agent.get(kind)
        if antecedent is None:
            continue
        ref = Mention(start, end, antecedent.name, kind, "reference")
        out.append(ref)
        last[kind] = ref
    return out
