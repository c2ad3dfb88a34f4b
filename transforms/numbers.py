"""Numbers as written in news text: digits in every local convention, spelled-out words, scales.

In: the surface of one number ("200 000", "1.234,5", "51'000", "cinquante mille", "dua ribu lima
ratus") and a language code. Out: its value as a float, or None when it is not a number.
Also `lexicon(lang)`: the language's data (transforms/lexicon/lang/<xx>.toml merged over
common.toml), read once per process; every other extraction module reads its words from it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from text_to_num import alpha2digit, text2num

LANG_DIR = Path(__file__).parent / "lexicon" / "lang"
LANGS = ("fr", "de", "id", "en", "es", "pt", "nl", "it")
FALLBACK_LANG = "en"

# Thousands separators that can never be a decimal point (space, no-break space, narrow
# no-break space, thin space, apostrophe, right single quote); '.' and ',' may be either.
SPACE_GROUPS = " \u00a0\u202f\u2009'’"

# A number written with digits: groups of three (one separator kind throughout), then an
# optional decimal part; or plain digits with an optional decimal part.
DIGITS_PATTERN = (
    r"\d{1,3}(?:(?P<grp>[ \u00a0\u202f\u2009'’.,])\d{3})(?:(?P=grp)\d{3})*(?:[.,]\d+)?(?![\d])"
    r"|\d+(?:[.,]\d+)?"
)
_DIGITS_RE = re.compile(DIGITS_PATTERN)


@functools.cache
def lexicon(lang: str) -> dict:
    """The language's data: common.toml with <lang>.toml on top (tables merged one level deep)."""
    lang = lang if lang in LANGS else FALLBACK_LANG
    with open(LANG_DIR / "common.toml", "rb") as fh:
        data = tomllib.load(fh)
    with open(LANG_DIR / f"{lang}.toml", "rb") as fh:
        own = tomllib.load(fh)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def known_lang(lang: str | None) -> str:
    """`lang` when the lexicon has it, else the fallback language."""
    return lang if lang in LANGS else FALLBACK_LANG


# ---------------------------------------------------------------------------------------------
# digits

def parse_digits(surface: str, lang: str, *, decimal: str | None = None, scaled: bool = False) -> float | None:
    """The value of a digit number in `lang`'s conventions.

    `decimal` overrides the language's decimal separator (a document's own convention);
    `scaled` says a scale word follows ("1,234 millions"), which keeps an ambiguous separator decimal.
    A single '.' or ',' before exactly three digits is the ambiguous case: it groups thousands unless
    it is the decimal separator of the text. In languages whose press mixes conventions
    (`trailing_zero_groups`, Spanish), a tail ending in 0 with no scale word ("1,500 personas")
    groups thousands: nobody writes 1,500 for 1,5.
    """
    s = surface.strip()
    if not s or not _DIGITS_RE.fullmatch(s):
        return None
    dec = decimal or lexicon(lang)["numbers"]["decimal"]
    seps = [c for c in s if not c.isdigit()]
    if not seps:
        return float(int(s))
    parts = re.split(r"[^\d]", s)
    last, tail = seps[-1], parts[-1]
    decimal_last = False
    if last in SPACE_GROUPS:
        decimal_last = False
    elif len(tail) != 3:
        decimal_last = True
    elif len(seps) > 1 and last != seps[-2]:
        decimal_last = True
    elif len(seps) > 1:
        decimal_last = False
    else:  # one '.' or ',' before exactly three digits
        trailing = lexicon(lang)["numbers"].get("trailing_zero_groups", False)
        decimal_last = last == dec and (scaled or not (trailing and tail.endswith("0")))
    if decimal_last and last != dec and last == "," and len(seps) == 1:
        return None  # "22,24" in English: two numbers, not 22.24
    if decimal_last:
        whole = "".join(parts[:-1])
        return float(f"{int(whole)}.{tail}")
    return float(int("".join(parts)))


_EVIDENCE = {
    "dot_decimal": re.compile(r"(?<![\d.,])\d{1,3}\.\d{1,2}(?![\d.,])"),
    "comma_decimal": re.compile(r"(?<![\d.,])\d{1,3},\d{1,2}(?![\d.,])"),
    "comma_groups": re.compile(r"\d,\d{3},\d{3}(?!\d)|\d,\d{3}\.\d"),
    "dot_groups": re.compile(r"\d\.\d{3}\.\d{3}(?!\d)|\d\.\d{3},\d"),
}


def document_decimal(text: str, lang: str) -> str | None:
    """The decimal separator a document shows it uses, when that differs from its language's.

    Only strong evidence counts: both a dot decimal ("3.5") and comma thousands ("1,234,567")
    with no sign of the other convention make a comma-decimal language's document '.'-decimal
    (Mexican Spanish), and the mirror image for English. None when the language default holds.
    """
    dec = lexicon(lang)["numbers"]["decimal"]
    if dec == ",":
        if (_EVIDENCE["comma_groups"].search(text) and _EVIDENCE["dot_decimal"].search(text)
                and not _EVIDENCE["comma_decimal"].search(text) and not _EVIDENCE["dot_groups"].search(text)):
            return "."
    else:
        if (_EVIDENCE["dot_groups"].search(text) and _EVIDENCE["comma_decimal"].search(text)
                and not _EVIDENCE["dot_decimal"].search(text) and not _EVIDENCE["comma_groups"].search(text)):
            return ","
    return None


# ---------------------------------------------------------------------------------------------
# words

def _grammar_value(tokens: list[str], grammar: dict) -> float | None:
    """Spelled number by a small table grammar (Indonesian: "dua ribu lima ratus" = 2500)."""
    units, teen = grammar["units"], grammar.get("teen")
    mults, scales = grammar.get("multipliers", {}), grammar.get("scales", {})
    prefixed = grammar.get("prefixed", {})
    words = [w for tok in tokens for w in prefixed.get(tok.lower(), tok.lower()).split()]
    total, group, last = 0, 0, None
    for t in words:
        if t in units:
            if last is not None:
                return None  # "dua tiga": two numbers, not one
            last = units[t]
        elif t == teen or t in mults:
            if last is None:
                return None
            group += last + 10 if t == teen else last * mults[t]
            last = None
        elif t in scales:
            group += last or 0
            last = None
            if group == 0:
                return None
            total += group * scales[t]
            group = 0
        else:
            return None
    return float(total + group + (last or 0))


def _text2num(text: str, lang: str, t2n: str) -> float | None:
    try:
        return float(text2num(text, t2n))
    except (ValueError, KeyError, AssertionError, IndexError):
        pass
    out = alpha2digit(text, t2n, threshold=0).strip()
    if re.fullmatch(r"\d+", out):
        return float(out)
    return None


@functools.cache
def _word_tables(lang: str) -> tuple[dict, dict, frozenset]:
    """(aliases, big scale words → factor, articles) of a language, lower-cased."""
    lex = lexicon(lang)
    num = lex["numbers"]
    aliases = {k.lower(): v.lower() for k, v in num.get("word_aliases", {}).items()}
    scales = {k.lower(): float(v) for k, v in lex.get("scales", {}).items()
              if k != "scales_money" and float(v) >= 1e6 and len(k) > 3}
    return aliases, scales, frozenset(a.lower() for a in num.get("articles", []))


def parse_words(surface: str, lang: str) -> float | None:
    """The value of a run of spelled-out number words ("cinquante mille", "vier", "dua ribu",
    "tres millones cincuenta y dos mil", "un million"); None when the run is not one number.

    text2num reads the run; when it cannot (a scale word it lacks, an article before a scale), the
    run is cut at its big scale words (million and above) and each part read on its own.
    """
    lex = lexicon(lang)
    grammar = lex["numbers"].get("grammar")
    text = " ".join(surface.lower().replace(" - ", "-").split())
    if grammar:
        return _grammar_value(re.split(r"[\s-]+", text), grammar)
    t2n = lex.get("text2num")
    if not t2n:
        return None
    aliases, scales, articles = _word_tables(lang)
    joiners = {j.lower() for j in lex["numbers"].get("joiners", [])}
    if lex["numbers"].get("compound"):  # aliases may sit inside a compound word
        for old, new in aliases.items():
            text = text.replace(old, new)
        words = text.split(" ")
    else:
        words = [aliases.get(w, w) for w in text.split(" ")]
    whole = _text2num(" ".join(words), lang, t2n)
    if whole is not None:
        return whole
    total, part, last_scale = 0.0, [], None
    for w in words + [None]:
        if w is None or w in scales:
            while part and part[0] in joiners:
                part = part[1:]
            if w is None and not part:
                break
            if part and len(part) == 1 and part[0] in articles:
                value = 1.0
            elif part:
                value = _text2num(" ".join(part), lang, t2n)
                if value is None:
                    return None
            else:
                value = 1.0 if w is not None else 0.0
            factor = scales[w] if w is not None else 1.0
            if last_scale is not None and factor >= last_scale:
                return None  # "mille millions" style stacking is text2num's job, not ours
            total += value * factor
            last_scale = factor if w is not None else last_scale
            part = []
        else:
            part.append(w)
    return total


def format_number(value: float, lang: str, decimals: int = 0, grouping: bool = True) -> str:
    """`value` written the way `lang`'s locale writes it (babel/CLDR symbols)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" if grouping else "0"
    if decimals:
        pattern += "." + "0" * decimals
    return format_decimal(value, format=pattern, locale=lexicon(lang)["locale"])
