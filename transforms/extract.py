"""The mention scanner: numbers, amounts, units and dates found in article text.

In: a text, its language, and (when known) its publication date and that date's precision; or a
DOCUMENTS-like frame (doc_id, text, language, published, published_precision).
Out: `extract_text` — mention dicts with the keys of a `newsfacts extract` JSON line (doc, start,
end, surface, value, unit, bound, object, lang; dates carry their ISO string as value);
`extract_mentions` — the MENTIONS frame (dates: value NULL, value_text the ISO string).

How: one compiled regular expression per language finds candidates (dates first, then vague
amounts, digits, spelled-out numbers); small code per candidate settles the value (scale words,
local separators, fractions), the unit (currency symbols/codes/words, unit symbols/words, percent),
the bound (cue words before or after, ranges) and the counted object. Every word comes from the
language's TOML lexicon; patterns are compiled once per process and language.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from transforms import dates, gazetteer, schemas
from transforms.numbers import DIGITS_PATTERN, document_decimal, known_lang, lexicon, parse_digits, parse_words
from transforms.units import resolve

YEAR_MIN, YEAR_MAX = 1900, 2100
# a word; a dot inside it ("U.S.", "Mio.") but not one that starts a sentence ("227 blessés.Sept personnes")
WORD = r"[^\W\d_](?:[\w'’-]|\.(?![A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]))*[\w]|[^\W\d_]"
SPACE = r"[ \t\u00a0\u202f\u2009]"
NEVER = r"(?!x)x"
_TOKEN_TAIL = re.compile(r"[\w.,'’\-/:^]*")
_SCI = re.compile(r"[eE](?P<e>[+-]?\d{1,3})(?![\w])")
_POW = re.compile(r"\^(?P<sign>[+-]*)(?P<e>\d{1,3})(?![\w])")
_FRACTION = re.compile(r"/(?P<d>\d{1,3})(?![\d/.,])")
FRAC_SEP = rf"(?:{SPACE}+|{SPACE}*[-/]{SPACE}*)"  # "one fifth", "one-fifth", "five - eighths", "vijf / achtste"
_TEXT_END = re.compile(r"\s*\Z")
_BLANKS = re.compile(r"\s*")
_SIGN_ALONE = re.compile(r"\s*-[ \t]+")
_PREV_WORD = re.compile(rf"(?P<w>[^\W\d_][\w-]*){SPACE}$")
_SENTENCE_END = re.compile(r"[.!?:\n«»\"“”]\s*$")
_NEWLINE = re.compile(r"\n")
_WORD_NEXT = re.compile(r"\s*[^\W\d_]")
_AMBIGUOUS = re.compile(r"\d{1,3}[.,]\d{3}")
_CHAIN = re.compile(r"(?:\s?[x×]\s?\d+(?:[.,]\d+)?)+")


def _alt(words, case_sensitive: bool = False) -> str:
    """Alternation of lexicon phrases (see dates.alternation)."""
    return dates.alternation(words, case_sensitive)


def _key(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


def _lower_map(table: dict) -> dict:
    return {_key(k): v for k, v in table.items()}


def _strip_names(pattern: str) -> str:
    """A pattern with its named groups made anonymous (the master pattern names only its branches)."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _scale_alt(table: dict) -> str:
    """Scale words match in either case; abbreviations ("Mio.", "M", "bn") only as written."""
    words = [k for k in table if len(k) > 3 and "." not in k]
    abbr = [k for k in table if k not in words]
    parts = []
    if words:
        parts.append(_alt(words))
    if abbr:
        parts.append(_alt(abbr, case_sensitive=True))
    return f"(?:{'|'.join(parts)})" if parts else NEVER  # one group: a look-ahead after it applies to both


@dataclass
class Scanner:
    """Everything compiled for one language (built once per process by `scanner`)."""

    lang: str
    lex: dict
    master: re.Pattern
    date_kinds: frozenset
    scales: dict                 # scale word → factor ("millions" → 1e6)
    scale: re.Pattern            # a general scale word after a number
    scale_money: re.Pattern      # a scale abbreviation valid only in a money amount ("m", "bn")
    of: re.Pattern               # "de", "of", "von" between a scale word and a currency or unit
    of_one: re.Pattern           # "of a", "d'un": after a fraction, "a quarter of a million", "a quarter of a point"
    symbols: dict                # currency symbol or ISO code → ISO code
    currencies: dict             # currency word → ISO code or [ISO code, factor]
    currencies_scaled: dict      # currency words that count only after a scale word ("livres")
    cur_after_sym: re.Pattern
    cur_after_word: re.Pattern
    cur_bare_word: re.Pattern
    cur_bare_sym: re.Pattern
    cur_bare_scaled: re.Pattern
    cur_before: re.Pattern
    subunit: re.Pattern          # "15 dollars et 15 cents"
    unit_syms: dict
    unit_words: dict
    unit_sym: re.Pattern
    unit_word: re.Pattern
    unit_bare: re.Pattern
    percent: re.Pattern
    bound_kinds: dict
    bound_before: re.Pattern
    bound_block: re.Pattern
    approx_after: re.Pattern
    minus_before: re.Pattern     # "moins 5 degrés"
    at_least_after: re.Pattern
    range_open: re.Pattern
    range_and: re.Pattern
    range_to: re.Pattern
    range_not_after: re.Pattern
    range_num: re.Pattern
    ignore_before: re.Pattern
    ordinal_after: re.Pattern
    ordinal_dot: bool
    ordinal_dot_after: frozenset
    boilerplate: re.Pattern
    ignore: re.Pattern           # clock times, phone numbers (checked around digit candidates)
    ignore_words: re.Pattern     # word spans that hold no quantity ("pour cent")
    obj: re.Pattern
    obj_of: re.Pattern
    obj_stop: frozenset
    obj_stop_suffixes: tuple     # a later word with this ending is a verb ("reaching")
    obj_stop_prefixes: tuple     # a later word with this prefix is a verb (Indonesian "disematkan")
    obj_of_word: re.Pattern      # "de", "des", "of", "von" right after an amount
    nouns_capitalized: bool
    vague: dict
    articles: frozenset
    min_spelled: float
    determiner_before: re.Pattern  # "les deux entreprises": a small number word names a known group
    counted_before: re.Pattern   # "vor", "il y a", "hace" before a duration counted from publication (`back`/`ahead`)
    counted_after: re.Pattern    # "ago", "fa", "geleden", "lalu" after it
    fractions: dict              # denominator word → denominator
    fraction_keys: frozenset     # the same words, as keys
    fraction_word: re.Pattern
    ordinal_word: re.Pattern     # a word that may be an ordinal denominator ("twenty-firsts")
    ordinal_rules: tuple
    ordinal_plural: tuple
    half_after: re.Pattern
    mixed: re.Pattern            # "10 1/2", "2 e 1/4": a whole number and a digit fraction
    part_after: re.Pattern       # "and a fifth", "et un quart", "con un medio" after a whole number
    den_after: re.Pattern        # Portuguese "dois onze avos" = 2/11: a word after the denominator
    noun_fractions: frozenset    # fraction words that are nouns too ("three quarters" of a year): a share only before "of"
    half_suffix: tuple
    joiners: tuple
    tens_joiners: frozenset      # joiners used between tens and units ("treinta y tres")
    ratio: re.Pattern
    decimal_word: re.Pattern     # "virgule", "Komma", "point"
    before_scale: re.Pattern     # "un demi-million", "half a million", "anderthalb Millionen"
    before_scale_values: dict
    resolution: re.Pattern
    cue_words: frozenset
    name_heads_after: frozenset  # "FTSE 100 index", "ISO 14001 standards": a word that makes the number a name's
    number_words: frozenset      # spelled number words and month names: an object stops there
    year_count_nouns: frozenset  # "2000 manifestants": a count; "2005 election": a year
    year_count_after: re.Pattern  # "2000 selon les organisateurs": a count credited to someone, not a year
    year_label_units: frozenset  # "the 1985 year": a year; "2000 years", "2.000 años": durations
    day_range: re.Pattern        # "du 6 au 17 janvier"
    scale_sums: bool             # "901 mil 268" (Mexican Spanish)

    def scale_of(self, word: str, default: float = 1.0) -> float:
        """The factor of a scale word as written, else in any case ("dutzend" = "Dutzend" = 12)."""
        if word in self.scales:
            return self.scales[word]
        w = word.lower()
        for k, v in self.scales.items():
            if k.lower() == w:
                return v
        return default


@functools.cache
def scanner(lang: str) -> Scanner:
    """The compiled scanner of `lang` (unknown languages use the fallback language's)."""
    lang = known_lang(lang)
    lex = lexicon(lang)
    num = lex["numbers"]
    gr = dates.grammar(lang)
    I = re.IGNORECASE  # noqa: E741 - only for patterns matched at one position, never for the master

    scales = {k: float(v) for k, v in lex.get("scales", {}).items() if k != "scales_money"}
    money_only = set(lex.get("scales", {}).get("scales_money", []))
    general = {k: v for k, v in scales.items() if k not in money_only}
    scale = re.compile(rf"(?:{SPACE}*|-)(?P<s>{_scale_alt(general)})(?![\w])")
    scale_money = re.compile(rf"{SPACE}?(?P<s>{_scale_alt({k: scales[k] for k in money_only if k in scales})})(?![\w])")

    symbols = dict(lex.get("currency_symbols", {}))
    codes = {c: lex.get("iso_alias", {}).get(c, c) for c in lex["currency_codes"]["codes"]}
    symbols_all = {**codes, **symbols}
    sym_alt = _alt(symbols_all, case_sensitive=True)
    cur_words = lex.get("currencies", {})
    scaled_words = lex.get("currencies_after_scale", {})
    subunits = [k for k, v in cur_words.items() if isinstance(v, list) and float(v[1]) == 0.01]
    joiners = tuple(dict.fromkeys(num.get("joiners", []) + lex.get("fractions", {}).get("joiners", [])))

    unit_syms = dict(lex.get("unit_symbols", {}))
    unit_words = _lower_map({**lex.get("unit_words", {}), **lex.get("units", {})})

    b = lex["bounds"]
    bound_kinds: dict = {}
    for kind in ("at_least", "at_most", "approx"):
        for cue in b.get(kind, []):
            bound_kinds.setdefault(_key(cue), kind)
    to = b.get("range_to", [])
    to_words = [t for t in to if t[:1].isalpha()]
    to_signs = [t for t in to if not t[:1].isalpha()]

    ign = lex.get("ignore", {})
    dl = lex.get("dates", {})
    ords = num.get("ordinal_suffixes", [])
    patterns = lex.get("ignore_common", {}).get("patterns", []) + ign.get("patterns", [])

    o = lex.get("object", {})
    nmax = int(o.get("max_words", 3))
    phrase = rf"(?P<o>(?:{WORD})(?:{SPACE}+(?:{WORD})){{0,{nmax - 1}}})"
    skip_alt = _alt(o.get("skip", []))

    fr = lex.get("fractions", {})
    fractions = {_key(k): int(v) for k, v in fr.get("words", {}).items()}
    halves_before = [h for h in fr.get("half_before", [])]

    # spelled numbers: a run of number words, joiners and (inside the run) scale words
    words = num.get("words", []) + fr.get("half_suffix", [])
    articles = num.get("articles", [])
    w_alt = rf"{_alt(words)}(?:{_alt(words)})*" if num.get("compound") else _alt(words)
    big = [k for k, v in general.items() if v >= 1e6 and len(k) > 3 and "." not in k]
    inner = rf"(?:{w_alt}|{_alt(big)})" if big else w_alt
    join_words = num.get("joiners", [])
    join_re = (rf"(?:{SPACE}+|{SPACE}*-{SPACE}*)(?:(?:{_alt(join_words)})(?:{SPACE}+|-))?" if join_words
               else rf"(?:{SPACE}+|{SPACE}*-{SPACE}*)")
    # an article standing alone ("un", "ein", "one") starts no run: it is "a", not a number
    lone = rf"(?!{_alt(articles)}(?![\w])(?!{join_re}{inner}(?![\w])))" if articles else ""
    first = rf"{lone}{w_alt}"
    spelled = rf"(?:{_alt(articles)}(?:{SPACE}+|-)(?={_alt(big)}(?!\w))|{first})(?:{join_re}{inner}(?![\w]))*(?![\w])" \
        if big else rf"{first}(?:{join_re}{inner}(?![\w]))*(?![\w])"
    dec_words = num.get("decimal_words", [])
    if dec_words:  # "deux virgule cinq", "nine point nought four"
        spelled += rf"(?:{SPACE}+{_alt(dec_words)}{SPACE}+{w_alt}(?:{join_re}{w_alt}(?![\w]))*(?![\w]))?"
    ones = articles + halves_before + list(fr.get("before_scale", {}))
    before_scale = rf"{_alt(ones)}(?=(?:{SPACE}+|-){_scale_alt(general)}(?!\w))"
    # "anderhalf jaar", "eineinhalb Jahre", "a quarter mile", "een half jaar" ("half" alone is too loose: "half year results")
    before_unit = list(fr.get("before_scale", {})) + [h for h in halves_before if " " in h]
    if before_unit:
        before_scale += rf"|{_alt(before_unit)}(?={SPACE}+{_alt(unit_words)}(?!\w))"
    ratio_words = fr.get("ratio", [])
    one_ratio = rf"{_alt(articles)}(?={SPACE}+{_alt(ratio_words)}{SPACE})" if ratio_words else NEVER
    one_money = rf"{_alt(articles)}(?={SPACE}+{_alt(cur_words)}(?!\w))" if articles else NEVER  # "un euro"
    half_re = _alt(fr.get("half_after", []))
    part_after = (rf"{SPACE}+(?:{_alt(joiners)}){SPACE}+(?:(?P<a>{_alt(articles)})|(?P<n>{w_alt}))(?:{SPACE}+|-)"
                  rf"(?P<f>{_alt(fr.get('words', {}))})(?![\w-])") if articles and joiners and fr.get("words") else NEVER
    one_part = (rf"{_alt(articles)}(?={FRAC_SEP}{_alt(fr.get('words', {}))}(?![\w-])|{SPACE}+{half_re}(?![\w-])"
                rf"|{SPACE}+{_alt(unit_words)}{SPACE}+{half_re}(?![\w-])|{_strip_names(part_after)})") \
        if articles and fr.get("words") else NEVER

    vague = {_key(k): (float(v[0]), v[1]) for k, v in lex.get("vague", {}).items()}
    # word-led branches share one look-behind, so a position inside a word fails at once
    led = [f"(?P<{k}>{_strip_names(p)})" for k, p in gr.patterns.items()]
    led.append(rf"(?P<vague>{_alt(vague)}(?![\w-]))" if vague else r"(?P<vague>(?!x)x)")  # not "Millionen-Metropole"
    num_branch = rf"(?P<num>(?<![\d.,])(?:{DIGITS_PATTERN})|(?<![\w.,])[.,]\d+(?![\d.,]))"
    one_alone = rf"{_alt(articles)}(?=\s*\Z)" if articles else NEVER  # a text that is only "one", "uno", "één"
    words_branch = rf"(?P<words>{spelled}|{before_scale}|{one_ratio}|{one_money}|{one_part}|{one_alone})"
    master = re.compile(rf"(?<![\w])(?:{'|'.join(led)})|{num_branch}|(?<![\w-]){words_branch}")

    res = lex.get("resolution", {}).get("signs", ["x", "×"])
    return Scanner(
        lang=lang, lex=lex, master=master, date_kinds=frozenset(gr.patterns), scales=scales,
        scale=scale, scale_money=scale_money,
        of=re.compile(rf"{SPACE}+(?:{_alt(lex.get('of', {}).get('words', []))})(?:{SPACE}+|(?<=['’]))", I),
        of_one=re.compile(rf"{SPACE}+(?:{_alt(lex.get('of', {}).get('words', []))})(?:{SPACE}+|(?<=['’]))"
                          rf"(?:{_alt(articles)}){SPACE}+", I) if articles else re.compile(NEVER),
        symbols=symbols_all, currencies=_lower_map(cur_words), currencies_scaled=_lower_map(scaled_words),
        cur_after_sym=re.compile(rf"{SPACE}?(?P<c>{sym_alt})(?![\w$])"),
        cur_after_word=re.compile(rf"(?:{SPACE}+|-)(?P<c>{_alt(cur_words)})(?!\w)", I),
        cur_bare_word=re.compile(rf"(?P<c>{_alt(cur_words)})(?!\w)", I),
        cur_bare_sym=re.compile(rf"(?P<c>{sym_alt})(?![\w$])"),
        cur_bare_scaled=re.compile(rf"(?P<c>{_alt(scaled_words)})(?!\w)", I),
        cur_before=re.compile(rf"(?<![\w$])(?P<c>{sym_alt}){SPACE}?$"),
        subunit=re.compile(
            rf"(?:{SPACE}+(?:{_alt(joiners)}){SPACE}+|{SPACE}+)(?P<n>\d{{1,2}}|{w_alt}(?:{join_re}{w_alt})?)"
            rf"(?:{SPACE}+(?P<sub>{_alt(subunits)}))?(?![\w])", I) if subunits else re.compile(NEVER),
        unit_syms=unit_syms, unit_words=unit_words,
        unit_sym=re.compile(rf"(?:{SPACE}?|-)(?P<u>{_alt(unit_syms, case_sensitive=True)})(?![\w²³/-])"),
        unit_word=re.compile(rf"(?:{SPACE}+|-)(?P<u>{_alt(unit_words)})(?!\w)", I),
        unit_bare=re.compile(rf"(?P<u>{_alt(unit_words)})(?!\w)", I),
        percent=re.compile(rf"{SPACE}?(?P<p>%|‰)|{SPACE}+(?P<pw>{_alt(lex.get('percent', {}).get('words', []))})(?!\w)", I),
        bound_kinds=bound_kinds,
        bound_before=re.compile(rf"(?:^|(?<=[^\w]))(?P<b>{_alt(bound_kinds)}){SPACE}*$", I),
        minus_before=re.compile(rf"(?:^|(?<=[^\w]))(?:{_alt(b.get('minus', []))}){SPACE}+$", I),
        approx_after=re.compile(rf"{SPACE}+(?P<b>{_alt(b.get('approx_after', []))})(?!\w)", I),
        at_least_after=re.compile(rf"{SPACE}+(?P<b>{_alt(b.get('at_least_after', []))})(?!\w)", I),
        bound_block=re.compile(rf"(?:^|(?<=[^\w]))(?:{_alt(b.get('not_after', []))}){SPACE}+$", I)
        if b.get("not_after") else re.compile(NEVER),
        range_open=re.compile(rf"(?:^|(?<=[^\w]))(?P<r>{_alt(b.get('range_open', []))}){SPACE}+$", I),
        range_and=re.compile(rf"{SPACE}+(?P<r>{_alt(b.get('range_and', []))}){SPACE}+", I),
        range_to=re.compile(rf"(?:{SPACE}+(?P<r>{_alt(to_words)}){SPACE}+|{SPACE}*(?P<rs>{_alt(to_signs)}){SPACE}*)", I),
        range_not_after=re.compile(rf"(?:^|(?<=[^\w]))(?:{_alt(b.get('range_not_after', []))}){SPACE}+$", I),
        range_num=re.compile(rf"(?:{sym_alt}{SPACE}?)?(?P<n>{DIGITS_PATTERN})"),
        ignore_before=re.compile(rf"(?:^|(?<=[^\w])){_alt(ign.get('before', []), case_sensitive=True)}{SPACE}*$"),
        ordinal_after=re.compile(rf"(?P<o>{_alt(ords)})(?![\w])") if ords else re.compile(NEVER),
        ordinal_dot=bool(num.get("ordinal_dot", False)),
        ordinal_dot_after=frozenset(_key(w) for w in num.get("ordinal_dot_after", [])),
        boilerplate=re.compile("|".join(f"(?:{p})" for p in lex.get("ignore_common", {}).get("boilerplate", [])
                                        + ign.get("boilerplate", [])) or NEVER, re.MULTILINE),
        ignore=re.compile("|".join(f"(?:{p})" for p in patterns if "\\d" in p) or NEVER, re.MULTILINE),
        ignore_words=re.compile("|".join(f"(?:{p})" for p in patterns if "\\d" not in p and "/" not in p
                                         and "@" not in p and "www" not in p) or NEVER, re.MULTILINE),
        obj=re.compile(rf"{SPACE}+{phrase}"),
        obj_of=re.compile(rf"(?:{SPACE}+(?:{skip_alt}){SPACE}+|{SPACE}+(?:{skip_alt})(?=\w)|{SPACE}+){phrase}"),
        obj_stop=frozenset(_key(w) for w in o.get("stop", [])),
        obj_stop_suffixes=tuple(o.get("stop_suffixes", [])) or ("\0",),
        obj_stop_prefixes=tuple(o.get("stop_prefixes", [])) or ("\0",),
        obj_of_word=re.compile(rf"(?:{SPACE}+(?:{skip_alt})(?:{SPACE}|(?<=['’]))|{SPACE}+(?:{skip_alt})(?=\w))", I),
        nouns_capitalized=bool(num.get("nouns_capitalized", False)),
        vague=vague, articles=frozenset(_key(a) for a in articles),
        min_spelled=float(num.get("min_spelled", 10)),
        determiner_before=re.compile(rf"(?:^|(?<=[^\w])){_alt(num.get('spelled_after_determiner', []))}{SPACE}+$", I)
        if num.get("spelled_after_determiner") else re.compile(NEVER),
        fractions=fractions, fraction_keys=frozenset(fractions),
        counted_before=re.compile(rf"(?:^|(?<=[^\w]))(?:(?P<back>{_alt(dl.get('ago_before', []))})|"
                                  rf"(?P<ahead>{_alt(dl.get('ahead_before', []))})){SPACE}+$", I),
        counted_after=re.compile(rf"{SPACE}+(?:(?P<back>{_alt(dl.get('ago_after', []))})|"
                                 rf"(?P<ahead>{_alt(dl.get('ahead_after', []))}))(?!\w)", I),
        fraction_word=re.compile(rf"{FRAC_SEP}(?P<f>{_alt(fr.get('words', {}))})(?![\w-])", I),
        ordinal_word=re.compile(rf"(?:{SPACE}+|-)(?P<f>[^\W\d_]+(?:-[^\W\d_]+)*)(?![\w-])") if fr.get("ordinal_rules") else re.compile(NEVER),
        ordinal_rules=tuple((a, b) for a, b in fr.get("ordinal_rules", [])),
        ordinal_plural=tuple(fr.get("ordinal_plural", [])),
        mixed=re.compile(rf"{SPACE}+(?:(?:{_alt(joiners)}){SPACE}+)?(?P<n>\d{{1,2}})/(?P<d>\d{{1,3}})(?![\d/.,])", I),
        half_after=re.compile(rf"{SPACE}+(?P<h>{_alt(fr.get('half_after', []))})(?![\w-])", I),
        part_after=re.compile(part_after, I),
        den_after=re.compile(rf"{SPACE}+(?:{_alt(fr['denominator_after'])})(?!\w)", I)
        if fr.get("denominator_after") else re.compile(NEVER),
        noun_fractions=frozenset(_key(w) for w in fr.get("nouns", [])),
        half_suffix=tuple(_key(h) for h in fr.get("half_suffix", [])),
        joiners=tuple(_key(j) for j in joiners),
        tens_joiners=frozenset(_key(j) for j in num.get("tens_joiners", [])),
        ratio=re.compile(rf"{SPACE}+(?:{_alt(ratio_words)}){SPACE}+(?P<n>\d{{1,4}}(?![\d.,])|{w_alt}(?:{join_re}{w_alt})*(?!\w))", I)
        if ratio_words else re.compile(NEVER),
        decimal_word=re.compile(rf"{SPACE}+(?:{_alt(dec_words)}){SPACE}+", I) if dec_words else re.compile(NEVER),
        before_scale=re.compile(before_scale),
        before_scale_values={**{_key(h): 0.5 for h in halves_before},
                             **{_key(k): float(v) for k, v in fr.get("before_scale", {}).items()}},
        resolution=re.compile(rf"{SPACE}?(?:{_alt(res, case_sensitive=True)}){SPACE}?(?P<h>\d{{2,5}})(?![\d\w])"),
        name_heads_after=frozenset(_key(w) for w in ign.get("name_heads_after", [])),
        cue_words=frozenset(bound_kinds) | frozenset(_key(w) for w in lex["dates"].get("year_cues", [])),
        year_count_nouns=frozenset(_key(w) for w in num.get("year_count_nouns", [])),
        year_count_after=re.compile(rf"{SPACE}+(?:{_alt(num['year_count_after'])})(?!\w)", I)
        if num.get("year_count_after") else re.compile(NEVER),
        year_label_units=frozenset(_key(w) for w in num.get("year_label_units", [])),
        number_words=frozenset(_key(w) for w in words + articles) | frozenset(dates.month_names(lang)),
        day_range=re.compile(rf"{SPACE}*(?:{_alt(lex['dates'].get('day_range', []))}){SPACE}*", I),
        scale_sums=bool(num.get("scale_sums", False)),
    )


# ---------------------------------------------------------------------------------------------
# one candidate

@dataclass
class _Amount:
    start: int
    end: int
    value: float
    unit: str = "count"
    bound: str = "exact"
    obj: str | None = None
    scaled: bool = False       # a scale word (or a vague amount) came after the number
    has_unit: bool = False
    fraction: bool = False     # a bare fraction ("deux tiers"): a share, reported as percent


class _Doc:
    """The scanning state of one text."""

    def __init__(self, text: str, sc: Scanner, published, precision, doc: str):
        self.text, self.sc, self.published, self.precision, self.doc = text, sc, published, precision, doc
        self.decimal = document_decimal(text, sc.lang)
        self.lines: dict[int, bool] = {}
        self.newlines: list[int] | None = None  # positions of "\n", found on first need
        self.out: list[dict] = []

    # -- what is not article text ----------------------------------------------------------------
    def ignored(self, s: int, e: int) -> bool:
        """True inside page furniture (a boilerplate line) or an ignored span (link, clock, phone)."""
        text = self.text
        if self.newlines is None:
            self.newlines = [m.start() for m in _NEWLINE.finditer(text)]
        i = bisect.bisect_left(self.newlines, s)
        a = self.newlines[i - 1] + 1 if i else 0
        bp = self.lines.get(a)
        if bp is None:  # the span of this line that is page furniture, (0, 0) when none
            z = self.newlines[i] if i < len(self.newlines) else len(text)
            rx = self.sc.boilerplate
            if z - a <= 400:
                bp = (a, z) if rx.search(text, a, z) else (0, 0)
            else:  # a long paragraph: furniture only glued to its start (up to the sentence end) or its end
                m = rx.search(text, a, a + 200)
                if m:
                    dot = text.find(". ", m.end(), z)
                    bp = (a, z if dot < 0 else dot + 1)
                else:
                    m = rx.search(text, z - 200, z)
                    bp = (m.start(), z) if m else (0, 0)
            self.lines[a] = bp
        if bp[0] <= s < bp[1]:
            return True
        a = s
        while a > 0 and not text[a - 1].isspace() and s - a < 200:
            a -= 1
        z = e
        while z < len(text) and not text[z].isspace() and z - e < 200:
            z += 1
        token = text[a:z]
        if "://" in token or token.startswith("www.") or "@" in token or "%2" in token:
            return True  # a link, an e-mail or a handle
        digits = text[s:s + 1].isdigit() or text[e - 1:e].isdigit()
        for rx in (self.sc.ignore,) if digits else (self.sc.ignore_words, self.sc.ignore):
            for m in rx.finditer(text, max(0, s - 40), min(len(text), e + 40)):
                if m.start() < e and s < m.end():
                    return True  # a word inside an ignored span too: "mil" of "1,2 mil partilhas"
        return False

    def before(self, s: int, width: int = 60) -> str:
        return self.text[max(0, s - width):s]

    def emit(self, start, end, value, unit, bound="exact", obj=None):
        self.out.append({
            "doc": self.doc, "start": start, "end": end, "surface": self.text[start:end],
            "value": value, "unit": unit, "bound": bound, "object": obj, "lang": self.sc.lang,
        })

    # -- the scan ----------------------------------------------------------------------------------
    def run(self) -> list[dict]:
        text, sc = self.text, self.sc
        pos, n = 0, len(text)
        while pos < n:
            m = sc.master.search(text, pos)
            if not m:
                break
            kind = m.lastgroup
            s, e = m.span()
            if self.ignored(s, e):
                pos = e
                continue
            if kind in sc.date_kinds:
                end = self.date(kind, s, e)
            elif kind == "vague":
                end = self.vague(s, e)
            elif kind == "num":
                end = self.number(s, e, m.group())
            else:
                end = self.words(s, e, m.group())
            pos = end if end and end > s else e  # a handler may give back the rest of its match
        return self.out

    def date(self, kind: str, s: int, e: int) -> int:
        sc = self.sc
        rx = dates.grammar(sc.lang).compiled[kind]
        m = rx.fullmatch(self.text, s, e) or rx.match(self.text, s)
        if not m:
            return e
        if kind == "d_ycue" and self._unit_follows(m.end()):
            # "in 2000 cases", "en 2023 000 euros": a number after all
            return self.number(m.start("y"), m.end(), m.group("y")) or e
        if kind == "d_dmy" and not m.group("y"):
            # "entre el 1 de enero y el 12 de mayo de 2014": the first date takes the second's year
            r = sc.day_range.match(self.text, m.end())
            m2 = rx.match(self.text, r.end()) if r and r.end() > m.end() else None
            if m2 and m2.group("y"):
                hi = dates.interpret(kind, m2, sc.lang, self.published, self.precision)
                day, month = int(m.group("a")), dates.month_names(sc.lang).get(m.group("m").lower().rstrip("."))
                lo = f"{hi[:4]}-{month:02d}-{day:02d}" if hi and month else None
                if lo and dates.valid_iso(lo) and lo <= hi:
                    self.emit(s, m2.end(), lo, "date", "range_low")
                    self.emit(s, m2.end(), hi, "date", "range_high")
                    return m2.end()
        iso = dates.interpret(kind, m, sc.lang, self.published, self.precision)
        if iso:
            self.emit(s, m.end(), iso, "date")
        return m.end()

    def _unit_follows(self, e: int) -> bool:
        sc, t = self.sc, self.text
        return bool(sc.percent.match(t, e) or sc.cur_after_sym.match(t, e) or sc.cur_after_word.match(t, e)
                    or sc.unit_sym.match(t, e) or sc.unit_word.match(t, e) or sc.scale.match(t, e))

    def vague(self, s: int, e: int) -> int:
        value, bound = self.sc.vague[_key(self.text[s:e])]
        a = _Amount(s, e, value, bound=bound, scaled=True)
        self._currency_or_unit(a)
        if a.unit == "count":
            self._object(a)
        self.emit(a.start, a.end, a.value, a.unit, a.bound, a.obj)
        return a.end

    def words(self, s: int, e: int, surface: str) -> int | None:
        """A run of spelled-out number words."""
        sc = self.sc
        key = _key(surface)
        b = sc.before_scale.match(self.text, s)
        if b and (key in sc.articles or b.end() > e):  # "eine halbe Million", "a million"
            k = _key(b.group())
            return self.amount(s, b.end(), sc.before_scale_values.get(k, 1.0), digits=False, needs_scale=True)
        if key in sc.before_scale_values:
            return self.amount(s, e, sc.before_scale_values[key], digits=False, needs_scale=True, or_unit=True)
        if key in sc.articles:
            h = sc.half_after.match(self.text, e)
            if h:  # "one and a half years", "one and a half"
                return self.amount(s, h.end(), 1.5, digits=False, or_unit=True)
            p = sc.part_after.match(self.text, e)
            part = self._part(p) if p else None
            if part is not None:  # "one and a fourth", "uno con un cuarto"
                return self.amount(s, p.end(), 1 + part, digits=False)
            u = sc.unit_word.match(self.text, e)
            if u and sc.half_after.match(self.text, u.end()):  # "un an et demi", "a year and a half"
                return self.amount(s, e, 1.0, digits=False, needs_scale=True, or_unit=True)
            f = sc.fraction_word.match(self.text, e)
            den = sc.fractions[_key(f.group("f"))] if f else 0
            # "un tiers des", "a third of": a share; "a third term", "a year and a half" are not
            if den > 2 and (sc.of.match(self.text, f.end()) or sc.obj_of_word.match(self.text, f.end())):
                oa = self._of_one(s, f.end(), 1 / den)
                if oa:
                    return oa
                return self.amount(s, f.end(), 1 / den, digits=False, fraction=True)
            # "un quinto por ciento", "a fifth" (all the text): nothing after it can make it an ordinal. A sentence
            # end is not enough: "what he would do in a third.", "en appeler à une cinquième." are ordinals
            if den and _key(f.group("f")) not in sc.noun_fractions \
                    and (sc.percent.match(self.text, f.end()) or _TEXT_END.match(self.text, f.end())):
                return self.amount(s, f.end(), 1 / den, digits=False, fraction=True)
            r = sc.ratio.match(self.text, e)
            if r:
                return self.amount(s, e, 1.0, digits=False)
            c = sc.cur_after_word.match(self.text, e)
            if c and not isinstance(sc.currencies.get(_key(c.group("c"))), list) or c and key not in ("a", "an"):
                return self.amount(s, e, 1.0, digits=False, one=True)  # "un euro", "einen Euro", "un centavo"
            if self._alone(s, e) and key not in ("a", "an"):
                return self.amount(s, e, 1.0, digits=False)
            return e
        # a whole number and a part: "three and a fifth", "cinq et un quart", "five billion and a third"
        p = sc.part_after.match(self.text, e)
        part = self._part(p) if p else None
        whole = self._words_value(surface) if part is not None else None
        if whole is not None and whole.is_integer():
            last = sc.scale_of(re.split(r"[\s-]+", surface.strip())[-1], 0)
            step = last if last >= 1e6 else 1.0  # the part is of the scale word
            end = p.end()
            m2 = sc.scale.match(self.text, end) if step > 1 else None
            if m2 and sc.scale_of(m2.group("s")) < step:  # "one billion and a half million" = 1 000 500 000
                step, end = sc.scale_of(m2.group("s")), m2.end()
            return self.amount(s, end, whole + step * part, digits=False, scaled=step > 1)
        # "dois onze avos" = 2/11, "cento e trinta e tres vinte e um avos" = 133/21
        da = sc.den_after.match(self.text, e)
        if da:
            toks = surface.split()
            for i in range(1, len(toks)):
                if _key(toks[i - 1]) in sc.joiners or _key(toks[i]) in sc.joiners:
                    continue
                numer, den = self._words_value(" ".join(toks[:i])), self._words_value(" ".join(toks[i:]))
                if numer is not None and den and den > 1:
                    return self.amount(s, da.end(), numer / den, digits=False, fraction=True)
        # a spelled fraction: "deux tiers", "cent trois et deux tiers", "six millions et deux tiers"
        f = sc.fraction_word.match(self.text, e)
        den = sc.fractions[_key(f.group("f"))] if f else None
        if not f:
            f = sc.ordinal_word.match(self.text, e)
            den = self._ordinal(f.group("f")) if f else None
            if f and not den and " " in surface.strip():  # "three twenty-firsts": the run took "twenty"
                head, last = surface.rstrip().rsplit(" ", 1)
                den = self._ordinal(last + self.text[e:f.end()].strip() if self.text[e] == "-" else "")
                if den:
                    surface = head
        if den:
            value = self._fraction(surface, den)
            noun = _key(f.group("f")) in sc.noun_fractions
            if value is not None and noun and not value[1] and not sc.of.match(self.text, f.end()):
                value = None  # "three quarters in a row": a count of quarters, not a share
            oa = self._of_one(s, f.end(), value[0]) if value is not None and not value[1] else None
            if oa:
                return oa
            if value is not None:
                whole = value[1]
                end, total = f.end(), value[0]
                m2 = sc.scale.match(self.text, end) if whole >= 1e6 and total != whole else None
                if m2 and sc.scale_of(m2.group("s")) < whole:  # "one billion and three quarters million"
                    total = whole + (total - whole) / _top_scale(whole) * sc.scale_of(m2.group("s"))
                    end = m2.end()
                return self.amount(s, end, total, digits=False, fraction=not whole, scaled=whole >= 1e6)
        if _ORD_NEXT.match(self.text, e):
            return _ORD_NEXT.match(self.text, e).end()  # "vingt et unième siècle", "twenty-first": an ordinal
        value = self._words_value(surface)
        if value is None:
            # not one number ("und", "deux trois"): read its first word alone
            first = re.match(r"[^\s-]+", surface).group()
            if _key(first) in sc.articles and first != surface:  # "un veinticinco": read on from the next word
                return s + len(re.match(r"[^\s-]+[\s-]+", surface).group())
            value = None if first == surface else self._words_value(first)
            if value is None:
                return e
            e = s + len(first)
            surface = first
        scaled = any(sc.scale_of(w, 0) >= 1e6 for w in re.split(r"[\s-]+", surface))
        return self.amount(s, e, value, digits=False, scaled=scaled)

    def _ordinal(self, word: str) -> int | None:
        """The denominator an ordinal word names ("fifths" → 5, "vingt-cinquièmes" → 25), else None."""
        sc = self.sc
        w = word.lower()
        for p in sc.ordinal_plural:
            if w.endswith(p) and len(w) > len(p) + 2:
                w = w[: -len(p)]
                break
        for ending, repl in sc.ordinal_rules:
            if w.endswith(ending) and len(w) > len(ending):
                v = parse_words(w[: -len(ending)] + repl, sc.lang)
                if v is not None and v >= 3 and v.is_integer():
                    return int(v)
        return None

    def _alone(self, s: int, e: int) -> bool:
        """True when [s, e) is all the text holds: a small number word is no determiner there (a cell, a field).
        Both regexes stop at the first non-space, so a long article costs nothing."""
        return _BLANKS.match(self.text, 0, s).end() == s and bool(_TEXT_END.match(self.text, e))

    def _of_one(self, s: int, e: int, share: float) -> int | None:
        """After a fraction at `e`: "of a million" makes it an amount (emitted here), "of a point" is no share
        of a whole (nothing emitted); None when neither follows."""
        oa = self.sc.of_one.match(self.text, e)
        if not oa:
            return None
        m = self.sc.scale.match(self.text, oa.end())
        if m and not self.text[m.end():m.end() + 1].isalnum():
            return self.amount(s, m.end(), _times(share, self.sc.scale_of(m.group("s"))), digits=False, scaled=True)
        return oa.end()

    def _part(self, p: re.Match) -> float | None:
        """The value of a `part_after` match: "and a fifth" = 1/5, "com três quartos" = 3/4."""
        numer = 1.0 if p.group("a") else self._words_value(p.group("n"))
        return numer / self.sc.fractions[_key(p.group("f"))] if numer else None

    def _fraction(self, surface: str, den: int) -> tuple[float, float] | None:
        """(value, whole part) of a run before a denominator word: "deux" tiers = 2/3, "cent trois et
        deux" tiers = 103 2/3, "six millions et deux" tiers = 6 2/3 millions."""
        sc = self.sc
        parts = re.split(rf"\s+({'|'.join(map(re.escape, sc.joiners))})\s+", surface) if sc.joiners else [surface]
        if len(parts) >= 3:
            head, joiner, numer = " ".join(parts[:-2]), _key(parts[-2]), self._words_value(parts[-1])
            whole = self._words_value(head)
            # "ciento treinta y tres": a joiner that also joins tens and units sits inside the number
            tens_then_unit = joiner in sc.tens_joiners and whole is not None and numer is not None \
                and whole % 10 == 0 and whole % 100 >= 20 and 1 <= numer <= 9
            # "one hundred and thirty fifths" = 130/5: a mixed number's part is proper ("cent trois et deux tiers")
            improper = numer is not None and numer >= den and self._words_value(surface) is not None
            if whole is not None and numer is not None and not tens_then_unit and not improper:
                last = _key(head.split()[-1])
                scale = sc.scale_of(last, 0)
                if scale >= 1e6:  # the fraction is of the scale word
                    return whole + numer / den * scale, whole
                return whole + numer / den, whole
        numer = self._words_value(surface)
        return (numer / den, 0.0) if numer is not None else None

    def _words_value(self, surface: str) -> float | None:
        sc = self.sc
        d = sc.decimal_word.search(surface)
        if d:  # "quarante-sept virgule vingt-huit" = 47.28; "nine point nought four" = 9.04
            whole = self._words_value(surface[: d.start()])
            tail = surface[d.end():]
            if _key(tail) in sc.articles:
                return None  # "ocho con un demócrata": "with a", not a decimal point
            digits = [parse_words(w, sc.lang) for w in re.split(r"[\s-]+", tail)]
            if all(x is not None and x < 10 and x.is_integer() for x in digits) and len(digits) > 1:
                frac = "".join(str(int(x)) for x in digits)
            else:
                f = parse_words(tail, sc.lang)
                frac = str(int(f)) if f is not None and f.is_integer() else None
            return float(f"{int(whole)}.{frac}") if whole is not None and whole.is_integer() and frac else None
        k = _key(surface)
        for suffix in sc.half_suffix:  # German "dreieinhalb"
            if k.endswith(suffix) and k != suffix:
                v = parse_words(surface[: len(surface) - len(suffix)], sc.lang)
                return v + 0.5 if v is not None else None
        return parse_words(surface, sc.lang)

    def number(self, s: int, e: int, surface: str) -> int | None:
        """A number written with digits."""
        text, sc = self.text, self.sc
        # left guards: a name with digits (H100, GPT-4, A100), a reference (n° 5)
        prev = text[s - 1] if s else " "
        if prev.isalpha() or prev in "_#@/\\×*^":
            cb = sc.cur_before.search(self.before(s, 8))
            glued = cb.group("c") if cb else ""
            code_ok = len(glued) == 3 and glued.isupper() and bool(sc.scale.match(text, e) or sc.scale_money.match(text, e))
            if not (glued and prev.isalpha() and (code_ok or not (len(glued) == 3 and glued.isupper()))):  # "Rp5", not "COP25"
                return self._skip_token(e)
        if prev in "-–" and s >= 2 and text[s - 2].isalnum():
            return self._skip_token(e)
        if sc.ignore_before.search(self.before(s, 30)):
            tail = re.compile(rf"{SPACE}*[-–:]{SPACE}*\d+(?![\d.,])").match(text, e)  # "skor 6 - 2"
            return tail.end() if tail else self._skip_token(e)
        ip = _IP.match(text, s)
        if ip and not re.fullmatch(r"\d{1,3}(?:\.\d{3}){3}", ip.group()):  # "1.000.000.000" is a number
            return ip.end()  # "192.168.1.2": an address, not a number
        groups = re.split(r"[.,]", surface)
        if len(groups) > 2 and len({c for c in surface if c in ".,"}) == 1 and any(len(g) != 3 for g in groups[1:]):
            return self._skip_token(e)  # "6,306,0000", "1.2.3": a typo or a version, not one number
        if len(surface) >= 13 and surface.isdigit():
            return self._skip_token(e)  # an identifier, not an amount
        if prev == "(" and text[e:e + 1] == ")" and surface.isdigit() and len(surface) <= 3:
            return e + 1  # "Tim Hunt (72)", "(3)": an age or a note mark, not a count
        if surface[0] == "0" and len(surface) > 1 and surface[1:2].isdigit():
            return self._skip_token(e)  # 01 23 45 67 89, 007: codes and phone numbers
        if text[e:e + 1] in ".)" and text[e + 1:e + 2] in (" ", "\t", "\u00a0") and surface.isdigit() \
                and len(surface) <= 2 and not text[text.rfind("\n", 0, s) + 1:s].strip():
            return e + 1  # "1. Un pasaporte", "3) ...": a list marker at the start of a line
        if surface.isdigit() and len(surface) <= 2:
            end = self._day_range(s, e, int(surface))
            if end:
                return end
        if surface[0] in ".,":
            value = float("0." + surface[1:])
            return self.amount(s, e, value, digits=False, surface=surface)
        # scientific notation and powers: 1e10, 12,32e+14, 1.1^23
        m = _SCI.match(text, e) or _POW.match(text, e)
        if m:
            base = parse_digits(surface, sc.lang, decimal=self.decimal)
            if base is None:
                return self._skip_token(e)
            exp = int(m.group("e"))
            if m.re is _POW and m.group("sign").count("-") % 2:
                exp = -exp
            value = base * 10.0 ** exp if m.re is _SCI else base ** exp
            return self.amount(s, m.end(), value, digits=False, surface=surface)
        # right guards: a name or code glued on (100X, 5G), an ordinal (1er, 3rd)
        nxt = text[e:e + 1]
        if nxt.isalpha():
            if not (sc.unit_sym.match(text, e) or sc.scale.match(text, e) or sc.scale_money.match(text, e)
                    or sc.resolution.match(text, e) or sc.cur_after_sym.match(text, e)):
                return self._skip_token(e)
            if sc.ordinal_after.match(text, e) and not (sc.unit_sym.match(text, e) or sc.scale.match(text, e)):
                return self._skip_token(e)
        if nxt == "/" and text[e + 1:e + 2].isdigit():
            f = _FRACTION.match(text, e)
            n = parse_digits(surface, sc.lang)
            if f and n is not None and n.is_integer() and 0 < n < int(f.group("d")) <= 100 \
                    and not (n <= 12 and 12 < int(f.group("d")) <= 31 and int(f.group("d")) not in (16, 20, 25)) \
                    and not re.search(r"\d\s*/?\s*$", self.before(s, 3)):
                return self.amount(s, f.end(), n / int(f.group("d")), digits=False, fraction=True, surface=surface)
            return self._skip_token(e)
        if nxt == ":":  # a clock, a score, an aspect ratio ("16:9", "18: 9")
            r = re.compile(r":\s?\d{1,2}(?![\d.,])").match(text, e)
            if text[e + 1:e + 2].isdigit() or (r and len(surface) <= 2):
                return r.end() if r else self._skip_token(e)
        if nxt == "." and sc.ordinal_dot and self._ordinal_dot(s, e, surface):
            return self._skip_token(e)
        # sizes: "144 x 75,2 x 8,9 mm" is three lengths; without a unit, a product code ("4x4")
        chain = _CHAIN.match(text, e)
        if chain and (chain.group(0).count("x") + chain.group(0).count("×") >= 2 or "," in chain.group(0)
                      or "." in chain.group(0)):
            u = sc.unit_sym.match(text, chain.end()) or sc.unit_word.match(text, chain.end())
            if not u:
                return chain.end()
            try:
                unit, factor, offset = resolve(self._unit_name(u))
            except Exception:  # noqa: BLE001
                return chain.end()
            if unit != "pixel":
                for n in [surface] + re.findall(r"\d+(?:[.,]\d+)?", chain.group(0)):
                    v = parse_digits(n, sc.lang, decimal=self.decimal)
                    if v is not None:
                        self.emit(s, u.end(), _times(v, factor) + offset, unit)
                return u.end()
        # a resolution: 1280x720
        r = sc.resolution.match(text, e)
        if r:
            w, h = parse_digits(surface, sc.lang), float(r.group("h"))
            u = sc.unit_sym.match(text, r.end()) or sc.unit_word.match(text, r.end())
            pixels = bool(u and resolve(self._unit_name(u))[0] == "pixel")
            if w and (pixels and w >= 16 and h >= 16 or w >= 100 and h >= 100):  # not "LBD 40×46"
                end = u.end() if pixels else r.end()
                self.emit(s, end, w, "pixel")
                self.emit(s, end, h, "pixel")
                return end
        return self.amount(s, e, None, digits=True, surface=surface)

    def _day_range(self, s: int, e: int, day: int) -> int | None:
        """"du 6 au 17 janvier", "1 - 4 November 2017": the first day takes the month of the date after it."""
        if not 1 <= day <= 31:
            return None
        m = self.sc.day_range.match(self.text, e)
        if not m or m.end() == e:
            return None
        rx = dates.grammar(self.sc.lang).compiled["d_dmy"]
        d = rx.match(self.text, m.end())
        if not d or d.group("wd"):
            return None
        iso = dates.interpret("d_dmy", d, self.sc.lang, self.published, self.precision)
        if not iso or len(iso) != 10 or int(iso[8:]) <= day:
            return d.end() if iso is None else None
        self.emit(s, d.end(), f"{iso[:8]}{day:02d}", "date", "range_low")
        self.emit(s, d.end(), iso, "date", "range_high")
        return d.end()

    def _ordinal_dot(self, s: int, e: int, surface: str) -> bool:
        """German "der 3. Platz", "(70.)": a short number, a dot, and a word after an article, or a bracket."""
        if len(surface) <= 3 and surface.isdigit() and self.text[e:e + 2] == ".)":
            return True  # a minute of a football match: "Tor (70.)"
        if len(surface) > 3 or not surface.isdigit() or not re.match(r"\.[ \u00a0]+[^\W\d_]", self.text[e:e + 3]):
            return False
        w = re.search(r"([^\W\d_]+)\s+$", self.before(s, 20))
        return bool(w and _key(w.group(1)) in self.sc.ordinal_dot_after)

    def _skip_token(self, e: int) -> int:
        return _TOKEN_TAIL.match(self.text, e).end()

    def _unit_name(self, m: re.Match) -> str:
        u = m.group("u")
        return self.sc.unit_syms.get(u) or self.sc.unit_words.get(_key(u)) or u

    def _parse(self, surface: str, scaled: bool) -> float | None:
        return parse_digits(surface, self.sc.lang, decimal=self.decimal, scaled=scaled)

    # -- the general quantity path -------------------------------------------------------------
    def amount(self, s: int, e: int, value: float | None, *, digits: bool, surface: str = "",
               scaled: bool = False, needs_scale: bool = False, or_unit: bool = False, fraction: bool = False,
               one: bool = False) -> int | None:
        """Settle scale, currency, unit, range, bound and object of the number at [s, e)."""
        text, sc = self.text, self.sc
        start, end = s, e
        # a scale word ("millions", "Mrd.", "juta"); two in a row ("mil millones")
        scale = 1.0
        for _ in range(2):
            m = sc.scale.match(text, end)
            if not m:
                break
            scale *= sc.scale_of(m.group("s"))
            end = m.end()
        if not digits and 1 < scale < 100 and value > 100 and value % 100:
            value, scale = value - value % 100 + value % 100 * scale, 1.0  # "three hundred and two dozens" = 324
        if digits:
            value = self._parse(surface, scaled=scale != 1.0)
            if value is None:
                head = re.match(r"\d+", surface).group()
                return self.amount(s, s + len(head), None, digits=True, surface=head) if head != surface else e
            if sc.scale_sums and scale in (1e3, 1e6):  # "901 mil 268", "3 millones 200 mil"
                rest = re.compile(rf"{SPACE}+(?P<n>\d{{1,3}})(?![\d.,])").match(text, end)
                if rest:
                    r_scale = sc.scale.match(text, rest.end())
                    rv = float(rest.group("n")) * (sc.scale_of(r_scale.group("s")) if r_scale else 1.0)
                    if rv < scale:
                        value, scale = value + rv / scale, scale
                        end = r_scale.end() if r_scale else rest.end()
        if needs_scale and scale == 1.0 and not (or_unit and self._unit_follows(end)) and not self._alone(s, e):
            return e
        # "3 millions et demi", "two and a half"
        h = sc.half_after.match(text, end)
        if h:
            step = 1.0
            if not digits and scale == 1.0 and value >= 1000 and value.is_integer():
                step = next(p for p in (1e12, 1e9, 1e6, 1e3) if value % p == 0)  # "un million et demi"
            value += 0.5 * step
            end = h.end()
            m2 = sc.scale.match(text, end) if scale == 1.0 and step == 1.0 else None
            if m2:  # "two and a half million"
                scale, end = sc.scale_of(m2.group("s")), m2.end()
            m3 = sc.scale.match(text, end) if scale == 1.0 and step > 1 else None
            if m3 and sc.scale_of(m3.group("s")) < step:  # "un milliard et demi million" = 1 000 500 000
                value += 0.5 * (sc.scale_of(m3.group("s")) - step)
                end = m3.end()
        # "10 1/2 miles"
        mx = sc.mixed.match(text, end) if digits and scale == 1.0 and value.is_integer() else None
        if mx and 0 < int(mx.group("n")) < int(mx.group("d")) <= 100:
            value += int(mx.group("n")) / int(mx.group("d"))
            end = mx.end()
        # a currency before the number ("$5", "Rp 200", "US$ 1", "USD 3", "c $ 16.4 million")
        cur, money_scale = None, False
        cb = sc.cur_before.search(self.before(s, 10))
        signed = False
        if not cb and digits and s and text[s - 1] == "-":  # "€ -12": a negative amount
            cb = sc.cur_before.search(self.before(s - 1, 10))
            signed = bool(cb)
        if cb:
            cur = sc.symbols[cb.group("c")]
            start = s - signed - len(cb.group(0))
            if scale == 1.0:
                ms = sc.scale_money.match(text, end)
                if ms:
                    scale, end, money_scale = sc.scales[ms.group("s")], ms.end(), True
        elif digits and scale == 1.0 and text[e:e + 1].isalpha() and not sc.unit_sym.match(text, e):
            ms = sc.scale_money.match(text, e)  # "1.2b users", "10M": glued, no currency
            if ms and not sc.cur_after_sym.match(text, ms.end()):
                if value.is_integer() and value < 10:
                    return ms.end()  # "3M", "5G": a name more likely than an amount
                scale, end = sc.scales[ms.group("s")], ms.end()
        # a range: "3 à 4 milliards", "3–4 Mrd.", "entre 3 et 4"
        hi, hi_scaled = None, False
        ro = sc.range_open.search(self.before(start, 20))
        rm = (sc.range_and.match(text, end) if ro else None) or sc.range_to.match(text, end)
        if rm and rm.groupdict().get("r") and not ro and re.fullmatch(r"\d{4}", surface) and YEAR_MIN <= value <= YEAR_MAX:
            nxt = sc.range_num.match(text, rm.end())
            if not (nxt and re.fullmatch(r"\d{4}", nxt.group("n"))):
                rm = None  # "the first two months of 1987 to 6.67 billion rand": a year, then a level
        first_end = end
        # "passé de 3 à 4 %": a change, not a range; the first number still takes the unit of the second
        change = bool(rm and not ro and sc.range_not_after.search(self.before(start, 20)))
        if rm and digits:
            nm = sc.range_num.match(text, rm.end())
            if nm and (not text[nm.end():nm.end() + 1].isalpha() or sc.scale.match(text, nm.end())
                       or sc.unit_sym.match(text, nm.end())):
                s2 = sc.scale.match(text, nm.end())
                hv = self._parse(nm.group("n"), scaled=bool(s2))
                if hv is not None and rm.groupdict().get("rs") and not s2 and scale == 1.0 and not cur \
                        and value.is_integer() and hv.is_integer() and value < 100 and hv < 100 \
                        and (hv <= value or " " in rm.group(0) or not _WORD_NEXT.match(text, nm.end())) \
                        and not self._unit_follows(nm.end()):
                    return nm.end()  # "skor 6 - 2", "21 - 18": a score, not a range
                if hv is not None:
                    hi_scale = sc.scale_of(s2.group("s")) if s2 else scale
                    if scale == 1.0 and value < hv:  # "3 à 4 milliards" shares the scale; "800.000 et 1,6 million" not
                        scale = hi_scale
                    hi = _times(hv, hi_scale)
                    hi_scaled = hi_scale != 1.0
                    end = s2.end() if s2 else nm.end()
                    if ro:
                        start -= len(ro.group(0))
                    elif rm.groupdict().get("r") and hi <= _times(value, scale):
                        if (not s2 and scale == 1.0 and not cur and value.is_integer() and hv.is_integer()
                                and value < 100 and not self._unit_follows(nm.end())):
                            return nm.end()  # "s'est incliné 1 à 0": a score
                        change = True  # "voted 229 to 206", "de 90 à 80 km/h": a range written in words rises
        a = _Amount(start, end, _times(value, scale), scaled=scaled or scale != 1.0 or money_scale or fraction or hi_scaled,
                    fraction=fraction)
        base = a.value
        if cur:
            a.unit, a.has_unit = cur, True
            if signed and hi is None:
                a.value = base = -a.value
            ms = sc.scale_money.match(text, a.end) if not a.scaled else None
            if ms:
                f = sc.scales[ms.group("s")]
                a.value, a.end, a.scaled = _times(a.value, f), ms.end(), True
                hi = hi * f if hi is not None else None
        else:
            self._currency_or_unit(a)
            if not a.has_unit and not a.scaled:  # "12 M€": a money scale, then the currency
                ms = sc.scale_money.match(text, a.end)
                c2 = sc.cur_after_sym.match(text, ms.end()) if ms else None
                if c2:
                    f = sc.scales[ms.group("s")]
                    a.value, a.unit, a.has_unit, a.end = _times(a.value, f), sc.symbols[c2.group("c")], True, c2.end()
            if hi is not None and base:
                hi *= a.value / base
        if change and hi is not None:
            if a.has_unit:
                self.emit(a.start, first_end, a.value, a.unit)
            else:
                self.emit(a.start, first_end, a.value, "count")
            return first_end
        if a.has_unit and not a.scaled and a.unit not in ("percent", "count") and hi is None:
            h = sc.half_after.match(text, a.end)  # "deux ans et demi"
            if h:
                a.value += 0.5 * (a.value / value if value else 1.0)
                a.end = h.end()
            elif a.unit in sc.symbols.values() or _is_currency(a.unit):
                self._subunit(a)
        if (digits and not a.scaled and hi is None and not value.is_integer() and _AMBIGUOUS.fullmatch(surface)
                and (_is_currency(a.unit) or a.unit == "count" and self._has_object(a)) and a.value == value):
            value = a.value = float(re.sub(r"\D", "", surface))  # nobody counts 2.399 people or pays 2,399 yuan
        # spelled numbers: small ones only with a unit, a scale or a counted noun ("quatre mois", "three
        # plants", not "les deux"); one with a part ("two and a half", "zwei Komma drei") is no determiner
        if not digits and not surface and not a.has_unit and not a.scaled and not fraction \
                and value < sc.min_spelled and value.is_integer() and not sc.ratio.match(text, a.end) \
                and not self._minus_word(a.start) and not self._alone(a.start, a.end) \
                and (value < 2 or not self._has_object(a, unless=sc.fraction_keys)
                     or sc.determiner_before.search(self.before(a.start, 20))):
            return e  # "three quarters in a row": a fraction word is no counted noun here
        if one and not _is_currency(a.unit):
            return e
        # "un sur trois", "one in three": a share
        if not a.has_unit and not a.scaled and hi is None and value.is_integer() and 0 < value < 1000:
            r = sc.ratio.match(text, a.end)
            if r:
                n = r.group("n")
                den = parse_digits(n, sc.lang) if n[0].isdigit() else self._words_value(n)
                pm = sc.percent.match(text, r.end())
                if den and den > value and den <= 10000 and not (YEAR_MIN <= den <= YEAR_MAX):
                    if pm:  # "1 sobre 3 por ciento": a third of one percent
                        a.value, a.unit, a.has_unit, a.end = value / den, "percent", True, pm.end()
                    elif not self._unit_follows(r.end()):
                        a.value, a.unit, a.has_unit, a.end = value / den * 100, "percent", True, r.end()
        if a.fraction and not a.has_unit and a.value < 1:
            a.value, a.unit, a.has_unit = a.value * 100, "percent", True
        # a four-digit year standing alone is a date, unless a count noun follows ("2000 manifestants")
        if (digits and hi is None and not a.has_unit and not a.scaled and value.is_integer()
                and YEAR_MIN <= value <= YEAR_MAX and re.fullmatch(r"\d{4}", surface)
                and not sc.bound_before.search(self.before(start, 40))):
            self._object(a)
            credited = sc.year_count_after.match(text, e) is not None
            if (a.obj is None or _key(a.obj.split()[0]) not in sc.year_count_nouns) and not credited:
                if not self._ends_name(start, e):  # "Mundial 2030", "EEG 2023", « Normandie Énergies 2040 »
                    self.emit(s, e, f"{int(value):04d}", "date")
                return e
            a.obj, a.end = None, end
        if hi is not None:
            if (not a.has_unit and not a.scaled and re.fullmatch(r"\d{4}", surface)
                    and all(YEAR_MIN <= v <= YEAR_MAX and float(v).is_integer() for v in (a.value, hi))):
                self.emit(a.start, a.end, f"{int(a.value):04d}", "date", "range_low")  # "2019-2020"
                self.emit(a.start, a.end, f"{int(hi):04d}", "date", "range_high")
                return a.end
            if a.unit == "count":
                self._object(a)
            self.emit(a.start, a.end, a.value, a.unit, "range_low", a.obj)
            self.emit(a.start, a.end, hi, a.unit, "range_high", a.obj)
            return a.end
        # a bare number right after a name: "Llama 3", "Ligue 1", "SBF 120", "ISO 14001 standards", "CAC 40 vlak"
        if (not a.has_unit and not a.scaled and digits and not _GROUPED.search(surface)
                and self._ends_name(start, e) and not (value >= 100 and self._after_place(start))
                and not self._has_object(a, unless=self.sc.name_heads_after)):
            return e
        if a.unit == "second" and _ORDINAL_SECOND.match(text, a.end - 6):
            if digits and re.fullmatch(r"\d{4}", surface) and YEAR_MIN <= value <= YEAR_MAX:
                self.emit(s, e, f"{int(value):04d}", "date")
            return e  # "fiscal 1987 second quarter": "second" is an ordinal here
        if (a.unit == "year" and digits and re.fullmatch(r"\d{4}", surface) and YEAR_MIN <= value <= YEAR_MAX
                and _key(text[e:a.end].strip(" .")) in sc.year_label_units):
            self.emit(s, e, f"{int(value):04d}", "date")  # "for the 1985 year": the year 1985
            return a.end
        if a.unit == "year" and digits and not a.scaled and value >= 100 and self._after_name(start):
            return e  # "Sportster 883 Tahun 2000": a model name, not a duration
        mb = self._minus_word(a.start)
        if mb and a.value:
            a.value, a.start = -a.value, a.start - len(mb.group(0))
        # bounds: a cue before ("plus de", "rund") or after ("environ", "or more")
        bm = sc.bound_before.search(self.before(a.start, 40))
        if bm and sc.bound_block.search(self.before(a.start - len(bm.group(0)), 40)):
            bm = None
        if bm:
            a.bound = sc.bound_kinds.get(_key(bm.group("b")), "exact")
            a.start -= len(bm.group(0))
        am = sc.approx_after.match(text, a.end)
        if am:
            a.bound, a.end = "approx", am.end()
        else:
            lm = sc.at_least_after.match(text, a.end)
            if lm:
                a.bound, a.end = "at_least", lm.end()
        if a.unit == "count":
            self._object(a)
            if a.obj == "\0":
                return a.end
        if _minus_before(text, a.start if a.start == s else s) and a.value and a.start == s:
            a.value, a.start = -a.value, a.start - 1
        elif a.value and a.start == s and _SIGN_ALONE.fullmatch(text, 0, s) and not text[a.end:].strip():
            a.value, a.start = -a.value, text.index("-")  # "- 1 4/5", "- 10 k": a signed number and nothing else
        self.emit(a.start, a.end, a.value, a.unit, a.bound, a.obj)
        return a.end

    def _currency_or_unit(self, a: _Amount) -> None:
        """Extend `a` over a percent sign or word, a currency or a unit right after it.

        After a scale word or a vague amount, "de"/"of"/"von" may come between
        ("5 milliards de dollars", "des millions d'euros", "75 millions de $").
        """
        text, sc = self.text, self.sc
        e = a.end
        m = sc.percent.match(text, e)
        if m:
            a.unit, a.has_unit, a.end = "percent", True, m.end()
            return
        m = sc.cur_after_sym.match(text, e)
        if m and not text[m.end():m.end() + 1].isdigit():
            a.unit, a.has_unit, a.end = sc.symbols[m.group("c")], True, m.end()
            return
        m = sc.cur_after_word.match(text, e)
        at = None
        if not m and a.scaled:
            o = sc.of.match(text, e)
            if o:
                at = o.end()
                m = sc.cur_bare_word.match(text, at)
                if not m:
                    s2 = sc.cur_bare_sym.match(text, at)
                    if s2:
                        a.unit, a.has_unit, a.end = sc.symbols[s2.group("c")], True, s2.end()
                        return
                    s3 = sc.cur_bare_scaled.match(text, at)
                    if s3:
                        a.unit, a.has_unit, a.end = sc.currencies_scaled[_key(s3.group("c"))], True, s3.end()
                        return
        if m:
            c = sc.currencies[_key(m.group("c"))]
            if isinstance(c, list):  # a sub-unit or a scaled code: "cents", "mdd"
                a.value = _times(a.value, float(c[1]))
                c = c[0]
            a.unit, a.has_unit, a.end = c, True, m.end()
            return
        m = sc.unit_sym.match(text, e) or sc.unit_word.match(text, e)
        if not m and at is not None:
            m = sc.unit_bare.match(text, at)
        bracket = None
        if not m and text[e:e + 2].strip()[:1] in _OPEN:  # "20 (kg)", "20 [kg]"
            bracket = _BRACKETED.match(text, e)
            u = sc.unit_sym.match(text, bracket.start("u")) if bracket else None
            if u and u.end() == bracket.end("u") and text[bracket.end() - 1] == _OPEN[bracket.group("o")]:
                m = u
            else:
                bracket = None
        if m:
            try:
                unit, factor, offset = resolve(self._unit_name(m))
            except Exception:  # noqa: BLE001 - a unit pint does not know: leave the number bare
                return
            a.value = _times(a.value, factor) + offset
            a.unit, a.has_unit, a.end = unit, True, bracket.end() if bracket else m.end()

    def _minus_word(self, start: int) -> re.Match | None:
        """"minus", "moins", "menos" right before `start`, unless it ends a bound ("au moins", "al menos")."""
        mb = self.sc.minus_before.search(self.before(start, 20))
        if mb:
            bm = self.sc.bound_before.search(self.before(start, 40))
            if bm and len(bm.group("b")) > len(mb.group(0).strip()):
                return None
        return mb

    def _subunit(self, a: _Amount) -> None:
        """"15 dollars et 15 cents", "3 dollars 50", "thirteen dollars and forty-five cents"."""
        m = self.sc.subunit.match(self.text, a.end)
        if not m:
            return
        n = m.group("n")
        v = parse_digits(n, self.sc.lang) if n[0].isdigit() else self._words_value(n)
        if v is None or not 0 < v < 100:
            return
        after = self.text[m.end():m.end() + 2]
        joined = m.group(0).strip()[: -len(n)].strip() if not m.group("sub") else ""
        if m.group("sub") or re.match(r"\s*(?:[.,;!?)]|$)", after):
            if not m.group("sub") and not joined and not re.match(r"\s*[.;!?)]|$", after):
                return
            a.value += v / 100
            a.end = m.end()

    def _object(self, a: _Amount) -> None:
        """The counted noun phrase right after the amount (a few words), or None."""
        sc = self.sc
        m = (sc.obj_of if a.scaled else sc.obj).match(self.text, a.end)
        if not m:
            return
        words, ends = [], []
        for w in re.finditer(WORD, m.group("o")):
            tok = w.group()
            k = _key(tok)
            head = re.match(r"[^'’]+['’]", tok)  # "d'environ": the elided word decides
            if k in sc.obj_stop or (head and _key(head.group()) in sc.obj_stop) or (k in sc.cue_words and not words) \
                    or k in sc.number_words or k in sc.scales:
                break  # a function word, a cue, or the next number ("200 000 puces trois mois plus tard")
            if sc.nouns_capitalized and not (tok[:1].isupper() or any(c.isdigit() for c in tok)):
                break  # German: the counted noun is capitalised; a lower-case word is a verb or adverb
            if words and (k.endswith(sc.obj_stop_suffixes) or len(k) > 5 and k.startswith(sc.obj_stop_prefixes)):
                break  # a verb after the noun: "115 sites reaching", "3.000 mAh disematkan"
            words.append(tok)
            ends.append(m.start("o") + w.end())
        if words and len(words[0]) == 1 and words[0].isupper():
            a.obj = "\0"  # "4 G LTE", "3 D": a standard's name, not a count
            return
        if words and not sc.nouns_capitalized and all(_is_name(t) for t in words):
            return  # outside German, capitalised words only are a name ("2018 Garbine Muguruza"), not a noun
        if words:
            a.obj = " ".join(words)
            a.end = ends[-1]

    def _has_object(self, a: _Amount, unless: frozenset = frozenset()) -> bool:
        """Whether a counted noun follows the amount (one whose first word is in `unless` does not count)."""
        probe = _Amount(a.start, a.end, a.value, scaled=a.scaled)
        self._object(probe)
        return probe.obj is not None and probe.obj != "\0" and _key(probe.obj.split()[0]) not in unless

    def _ends_name(self, s: int, e: int) -> bool:
        """True when the number at s..e ends a name: it follows a capitalised name or an acronym, or closes
        a quoted title after a capitalised word (« Brunnmatt 365 »)."""
        return self._after_name(s) or self._after_acronym(s) or self._closes_quoted_name(s, e)

    def _after_place(self, s: int) -> bool:
        """True after a place name: "Singapore 500 (300)" is a table of places and values ("France 2" a channel)."""
        m = _PREV_WORD.search(self.before(s, 40))
        return bool(m and gazetteer.is_place(m.group("w")))

    def _after_acronym(self, s: int) -> bool:
        """True after an acronym of 2-5 capitals ("CAC 40", "ISO 14001", "EEG 2023") in a sentence that is
        not all capitals (a wire headline shouts every word)."""
        m = _ACRONYM_BEFORE.search(self.before(s, 40))
        k = _key(m.group("w")) if m else ""
        if not m or m.group("w") in self.sc.symbols or k in self.sc.cue_words or k in dates.month_names(self.sc.lang):
            return False  # "USD 500" is an amount, "FY 2023" and "MAR 27" dates
        prev = m.group("prev")
        return prev is None or not prev.isupper()

    def _closes_quoted_name(self, s: int, e: int) -> bool:
        m = _PREV_WORD.search(self.before(s, 40))
        return bool(m and m.group("w")[:1].isupper() and _QUOTE_CLOSE.match(self.text, e))

    def _after_name(self, s: int) -> bool:
        """True when the number follows a capitalised name within its sentence ("Llama 3")."""
        before = self.before(s, 40)
        m = _PREV_WORD.search(before)
        w = m.group("w") if m else ""
        inner_caps = any(c.isupper() and w[i] != "-" for i, c in enumerate(w[1:]))  # "Gesamt-Investitionen": a noun
        if not m or not (w[:1].isupper() or inner_caps):
            return False
        if w.isupper() and _SHOUTED_BEFORE.search(self.before(m.start() + max(0, s - 40), 40)):
            return False  # a line in capitals ("PLUS DE 500 MILLIONS"): every word looks like a name
        if self.sc.nouns_capitalized and not inner_caps:
            return False  # German capitalises every noun: "Bevölkerung 1 414 021 100" is no name
        head = before[: m.start()]
        if not head.strip() or _SENTENCE_END.search(head):
            return False  # the word starts a sentence: not a name
        k = _key(m.group("w"))
        return k not in self.sc.cue_words and k not in dates.month_names(self.sc.lang)


def _times(a: float, b: float) -> float:
    """a × b without binary noise: 16.4 × 1e6 is 16400000, not 16399999.999999998."""
    if b == 1.0:
        return a
    return float(Decimal(repr(a)) * Decimal(repr(b)))


def _top_scale(whole: float) -> float:
    """The largest power of a thousand that divides a spelled whole (1e9 for "one billion")."""
    return next((p for p in (1e12, 1e9, 1e6, 1e3) if whole % p == 0), 1.0)


def _is_name(tok: str) -> bool:
    """A capitalised word with the rest in lower case ("Garbine"), not an acronym ("GPUs", "A100")."""
    return tok[:1].isupper() and not any(c.isupper() or c.isdigit() for c in tok[1:])


def _is_currency(unit: str) -> bool:
    return len(unit) == 3 and unit.isupper()


def _minus_before(text: str, start: int) -> bool:
    """A minus sign glued to the number's left and not part of a word or range ("-5 %")."""
    if start < 1 or text[start - 1] not in "-−":
        return False
    return start < 2 or text[start - 2] in " \t\n(\u00a0"


# ---------------------------------------------------------------------------------------------
# post-processing and the public functions

def _dedupe(mentions: list[dict], text: str) -> list[dict]:
    """Drop repeats: a restatement in parentheses right after the same quantity ("1 EB (1 exabyte)"),
    and a second mention of the same value on the same span (a "range" 2019-2019 or 0 a 0 is one value)."""
    out: list[dict] = []
    seen: dict[tuple, dict] = {}
    for m in mentions:
        key = (m["start"], m["end"], m["unit"], m["value"])
        if key in seen:
            first = seen[key]
            if {first["bound"], m["bound"]} == {"range_low", "range_high"}:
                first["bound"] = "exact"
            continue
        if out:
            p = out[-1]
            gap = text[p["end"]:m["start"]]
            if re.fullmatch(r"\s*\(\s*", gap) and p["unit"] == m["unit"] and p["value"] == m["value"]:
                continue
        seen[key] = m
        out.append(m)
    return out


_OPEN = {"(": ")", "[": "]", "{": "}", "<": ">"}
_BRACKETED = re.compile(r"[ \u00a0]?(?P<o>[(\[{<])(?P<u>[^\W\d_][\w/²³.]{1,5})[)\]}>]")
_ORDINAL_SECOND = re.compile(r"(?i)second[ \t\u00a0]+(?:quarter|half|round|term|place|leg|largest|biggest|time)s?\b")
_ACRONYM_BEFORE = re.compile(rf"(?:(?P<prev>[^\W\d_][\w'’-]*){SPACE}+)?(?<![\w&])(?P<w>[A-Z][A-Z&]{{1,4}}){SPACE}$")
_GROUPED = re.compile(r"\d[,.' \u00a0\u202f]\d{3}(?!\d)")  # "8,500", "400.000": a count, never a model number
_QUOTE_CLOSE = re.compile(r"[ \u00a0\u202f]?»|[”\"'](?![^\W\d_])")  # a closing quote: « … 2040 », «Brunnmatt 365»
_SHOUTED_BEFORE = re.compile(r"[A-ZÀ-Þ]{2,}[^\w]+$")
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
_ORD_NEXT = re.compile(r"(?:[ \t\u00a0]+(?:et|and)[ \t\u00a0]+|-)(?:[^\W\d_]+(?:i[eè]mes?)|(?:first|second|third|"
                       r"fourth|fifth|sixth|seventh|eighth|ninth)(?:ly)?)(?!\w)", re.IGNORECASE)
_INDONESIA = re.compile(r"(?i)indonesi|indonésie|djakarta|jakarta|yakarta|rupiah")
_INDIA = re.compile(r"(?i)\b(?:india|inde|indien|indischen?|indias?|indiens?|indienne|new delhi|mumbai|bombay)\b")
_RUPEE_WORD = re.compile(r"(?i)ru?oupi|rupi|rupee")


_SCALE_TOKEN = re.compile(r"[^\W\d_][\w.]*")


def _written_in_millions(m: dict, sc: Scanner) -> bool:
    """Whether a mention's surface holds a scale word of a million or more ("133 Mio.", "hasta 7 millones")."""
    return any(sc.scales.get(t, sc.scales.get(t.rstrip("."), 0.0)) >= 1e6
               for t in _SCALE_TOKEN.findall(m["surface"]))


def _carry_currency(mentions: list[dict], text: str, sc: Scanner) -> None:
    """A bare amount in millions with no counted noun ("133 Mio.", "hasta 7 millones", "902 milioni") is an
    amount of the money named just before it in its sentence: it takes the currency of the nearest amount of
    money before it when at most 12 words, no sentence end and no other count or amount of money stand between
    ("38 millones de euros fijos más hasta 7 millones", "Net 149.6 mln" after "87 cts"). Changes `mentions`
    in place; an amount with no such neighbour stays a count."""
    money = [k for k, m in enumerate(mentions) if _is_currency(m["unit"])]
    if not money:
        return
    for k, m in enumerate(mentions):
        if m["unit"] != "count" or m["object"] is not None or not _written_in_millions(m, sc):
            continue
        if _NAME_NEXT.match(text, m["end"]):
            continue  # "for 3.3 mln Princeville Development Corp shares": a name's count
        src = max((i for i in money if mentions[i]["end"] <= m["start"]), default=None)
        if src is None:
            continue
        gap = text[mentions[src]["end"]:m["start"]]
        between = mentions[src + 1:k]
        if (_CLAUSE_BREAK.search(gap) or len(gap.split()) > 12
                or any(b["unit"] == "count" or _is_currency(b["unit"]) for b in between)):
            continue
        m["unit"] = mentions[src]["unit"]


_CENTURY = {"year": 100, "month": 1200, "week": 5218, "day": 36525}  # longer spans are history, not dates
_SHIFT_UNIT = {"year": "Y", "month": "M", "week": "W", "day": "D"}
_PRECISION = {"year": 4, "month": 7, "week": 10, "day": 10}  # characters of the ISO date a unit can say


def _counted_from_publication(mentions: list[dict], text: str, sc: Scanner, published: dt.date | None,
                              precision: str | None) -> list[dict]:
    """A duration with "ago" words ("two years ago", "vor drei Wochen", "dieci anni fa", "dans deux ans")
    is a date: the publication date moved back or forward, at the duration's precision. With no
    publication date it is no duration and no date either: it is dropped. Spans of more than a century
    stay durations."""
    out = []
    for m in mentions:
        unit = m["unit"]
        if unit not in _CENTURY or m["bound"] != "exact" or not isinstance(m["value"], (int, float)) \
                or abs(m["value"]) > _CENTURY[unit]:
            out.append(m)  # "2000 years ago": history's span, not a date of the news
            continue
        b = sc.counted_before.search(text, max(0, m["start"] - 20), m["start"])
        a = sc.counted_after.match(text, m["end"])
        cue = b or a
        if cue is None:
            out.append(m)
            continue
        if published is None or (precision == "year" and unit != "year"):
            continue  # no date of publication (or too coarse a one) to count from
        n = m["value"] if cue.group("ahead") else -m["value"]
        iso = dates.shift_iso(published.isoformat()[:_PRECISION[unit]], n, _SHIFT_UNIT[unit])
        if iso is None:
            continue
        start, end = (b.start(), m["end"]) if b else (m["start"], a.end())
        out.append({**m, "start": start, "end": end, "surface": text[start:end], "value": iso, "unit": "date",
                    "object": None})
    return out


_NAME_NEXT = re.compile(r"[ \u00a0]+[A-ZÀ-Þ][\w.-]*[ \u00a0]+[^\W\d_]")  # a name, not a table's next label ("Revs 125.5")
_CLAUSE_BREAK = re.compile(r"\n|[.;!?](?:\s|$)")


def extract_text(text: str, lang: str, published: dt.date | None = None,
                 published_precision: str | None = None, doc: str = "") -> list[dict]:
    """The quantity and date mentions of one text, in order (dicts of a `newsfacts extract` line)."""
    if not text:
        return []
    if published is not None and published_precision is None:
        published_precision = "day"
    sc = scanner(lang or "en")
    found = _Doc(text, sc, published, published_precision, doc).run()
    found.sort(key=lambda d: (d["start"], d["end"]))
    out = _dedupe(found, text)
    _carry_currency(out, text, sc)
    out = _counted_from_publication(out, text, sc, published, published_precision)
    if any(d["unit"] == "INR" for d in out) and _INDONESIA.search(text) and not _INDIA.search(text):
        for d in out:  # "roupies", "rupias", "Rupien" in an Indonesian story are rupiah
            if d["unit"] == "INR" and _RUPEE_WORD.search(d["surface"]):
                d["unit"] = "IDR"
    for d in out:
        d["lang"] = lang or sc.lang
    return out


def extract_mentions(documents: pl.DataFrame) -> pl.DataFrame:
    """DOCUMENTS-like frame (doc_id, text, language, published, published_precision) → MENTIONS."""
    cols: dict[str, list] = {k: [] for k in schemas.MENTIONS}
    n = documents.height

    def col(name):
        return documents.get_column(name) if name in documents.columns else pl.Series([None] * n)

    for doc_id, text, lang, pub, prec in zip(col("doc_id"), col("text"), col("language"), col("published"),
                                             col("published_precision")):
        for m in extract_text(text or "", lang or "en", pub, prec, doc_id or ""):
            is_date = m["unit"] == "date"
            cols["doc_id"].append(doc_id)
            cols["start"].append(m["start"])
            cols["end"].append(m["end"])
            cols["surface"].append(m["surface"])
            cols["value"].append(None if is_date else float(m["value"]))
            cols["value_text"].append(m["value"] if is_date else None)
            cols["unit"].append(m["unit"])
            cols["bound"].append(m["bound"])
            cols["object"].append(m["object"])
            cols["lang"].append(m["lang"])
    return pl.DataFrame(cols, schema=schemas.MENTIONS)
