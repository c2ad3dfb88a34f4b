"""Dates in news text: absolute ("18/3/2025", "30 Maret 2025", "septembre 2024", "en 2023") and
relative ("septembre dernier", "im September letzten Jahres", "tahun lalu", "last quarter"),
resolved only against a publication date known at least to the month (a year alone is too weak).

In: the language's month/weekday names (babel/CLDR) and cue words (lexicon TOML); a date's parts as
matched by the extractor; a document's publication date and its precision.
Out: `grammar(lang)` — the regular expressions the extractor scans with; `interpret(kind, match,
published, precision)` — the ISO string of a match ("2025-03-18", "2024-09", "2023", "2024-Q4"),
or None when it cannot be settled; `infer_published(text, lang)` — the publication date a text
reveals; `fill_published(documents)` — documents with unknown `published` filled from their text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

import polars as pl
from babel.dates import get_day_names, get_month_names

from transforms import schemas
from transforms.numbers import known_lang, lexicon

def alternation(words, case_sensitive: bool = False) -> str:
    """A regex alternation of lexicon phrases, fast for Python's re: grouped by first character, the
    first character matched in either case unless `case_sensitive`, the rest as written, longer
    phrases first (so "l'année dernière" beats "l'année"). Spaces match runs of spaces; both
    apostrophes match. Never compiled with IGNORECASE, which would defeat re's first-character skip.
    """
    groups: dict[str, set[str]] = {}
    for w in {w for w in words if w}:
        first = w[0] if case_sensitive else w[0].lower()
        groups.setdefault(first, set()).add(w[1:])
    if not groups:
        return r"(?!x)x"
    parts = []
    for first in sorted(groups):
        rests = sorted(groups[first], key=lambda r: (-len(r), r))
        inner = "|".join(_word_re(r) for r in rests)
        if first in "'’":
            head = "['’]"
        elif not case_sensitive and first.upper() != first.lower() and len(first.upper()) == 1:
            head = "[" + re.escape(first) + re.escape(first.upper()) + "]"
        else:
            head = re.escape(first)
        parts.append(f"{head}(?:{inner})" if inner else head)
    return "(?:" + "|".join(parts) + ")"


def _alt(words, case_sensitive: bool = False) -> str:
    return alternation(words, case_sensitive)


def _word_re(word: str) -> str:
    """One lexicon phrase as a regex: spaces match any run of spaces, both apostrophes match."""
    out = []
    for ch in word:
        if ch in "'’":
            out.append("['’]")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@functools.cache
def month_names(lang: str) -> dict[str, int]:
    """Lower-cased month name or abbreviation → month number (CLDR names + the lexicon's extras)."""
    lang = known_lang(lang)
    lex = lexicon(lang)
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for num, name in get_month_names(width, context=context, locale=lex["locale"]).items():
                names[name.lower().rstrip(".")] = num
    for alias, num in lex["dates"].get("months_alias", {}).items():
        names[alias.lower()] = int(num)
    for extra in lex["dates"].get("months_extra", []):
        e = extra.lower().rstrip(".")
        if e not in names:
            for name, num in list(names.items()):
                if name.startswith(e[:3]) or _fold(name).startswith(_fold(e)[:3]):
                    names[e] = num
                    break
    return names


def _fold(s: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@functools.cache
def weekday_names(lang: str) -> dict[str, int]:
    """Lower-cased weekday name → ISO weekday index (Monday = 0)."""
    lex = lexicon(known_lang(lang))
    out = {}
    for width in ("wide", "abbreviated"):
        for num, name in get_day_names(width, locale=lex["locale"]).items():
            out[name.lower().rstrip(".")] = num
    return out


@dataclass(frozen=True)
class Grammar:
    """The date patterns of one language: kind → regex source (named groups inside)."""

    lang: str
    patterns: dict
    compiled: dict
    year_relative: dict
    month_relative: dict
    quarter_relative: dict
    quarter_words: dict
    last_after: frozenset
    next_after: frozenset
    last_before: frozenset
    next_before: frozenset
    this_year: frozenset
    last_year: frozenset
    numeric_order: str


def _key(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


@functools.cache
def grammar(lang: str) -> Grammar:
    """The compiled date grammar of `lang` (built once per process)."""
    lang = known_lang(lang)
    lex = lexicon(lang)
    d = lex["dates"]
    cs = bool(d.get("months_case_sensitive", False))
    months = month_names(lang)
    month_words = set(months) | {m.capitalize() for m in months} if cs else set(months)
    # a month name ends at a non-letter, or where a capitalised word was glued on ("13 marsLe")
    mon = _alt(month_words, case_sensitive=cs) + r"\.?(?![a-zà-öø-ÿß\d])"
    wd = _alt(weekday_names(lang)) + r"\.?"
    sp = r"[^\S\n]"  # a weekday and its date share a line: not the "mer" that ends a title ("... en mer\n\nLe 2 octobre")
    daybefore = _alt(d.get("day_before", []))
    last_after = d.get("month_last_after", [])
    next_after = d.get("month_next_after", [])
    this_year = d.get("month_this_year_after", [])
    last_year = d.get("month_last_year_after", [])
    before = d.get("month_last_before", []) + d.get("month_next_before", [])
    rel = {**d.get("year_relative", {}), **d.get("month_relative", {}), **d.get("quarter_relative", {})}
    qwords = d.get("quarter_words", {})
    ycues = _alt(d.get("year_cues", []))
    year = r"(?P<y>(?:1[89]|20)\d{2})(?![\d])"
    p = {
        "d_iso": r"(?<![\d\w])(?P<y>(?:19|20)\d{2})-(?P<b>[01]\d)-(?P<a>[0-3]\d)(?![\d])",
        "d_num": rf"(?:(?P<wd>{wd}),?{sp}*\(?{sp}*)?(?<![\d/.,])(?P<a>\d{{1,2}})(?P<s>[/.])(?P<b>\d{{1,2}})[/.](?P<y>(?:19|20)\d{{2}}|\d{{2}})(?![\d/])(?:\s*\))?",
        "d_wdnum": rf"(?P<wd>{wd}),?{sp}*\({sp}*(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})\s*\)",
        "d_dmy": rf"(?:(?P<wd>{wd}),?{sp}+)?(?:{daybefore}\s+)?(?<![\d.,])(?P<a>\d{{1,2}})(?:er|\.|º)?\s+(?:de\s+)?(?P<m>{mon})(?:,?\s+(?:de\s+|del\s+)?{year})?",
        "d_my": rf"(?P<m>{mon}),?\s+(?:de\s+|del\s+|of\s+)?{year}",
    }
    if d.get("month_day"):
        p["d_mdy"] = rf"(?:(?P<wd>{wd}),?{sp}+)?(?P<m>{mon})\s+(?P<a>\d{{1,2}})(?:st|nd|rd|th)?(?![\d])(?:,?\s+{year})?"
    after = last_after + next_after + this_year + last_year
    if after:
        p["d_mrel_a"] = rf"(?P<m>{mon})\s+(?P<after>{_alt(after)})(?!\w)"
    if before:
        tail = this_year + last_year
        t = rf"(?:\s+(?P<after>{_alt(tail)}))?" if tail else ""
        p["d_mrel_b"] = rf"(?<!\w)(?P<before>{_alt(before)})\s+(?P<m>{mon}){t}"
    if rel:
        p["d_rel"] = rf"(?<!\w)(?P<rel>{_alt(rel)})(?!\w)"
    if qwords:
        p["d_quarter"] = rf"(?<!\w)(?P<q>{_alt(qwords)})(?:\s+(?:de\s+|del\s+|of\s+)?|\s*)(?P<y>(?:19|20)\d{{2}})(?![\d])"
    if d.get("year_cues"):
        p["d_ycue"] = rf"(?<!\w)(?P<cue>{ycues})\s+{year}(?![.,]\d)"
    compiled = {k: re.compile(v) for k, v in p.items()}
    return Grammar(
        lang=lang, patterns=p, compiled=compiled,
        year_relative={_key(k): v for k, v in d.get("year_relative", {}).items()},
        month_relative={_key(k): v for k, v in d.get("month_relative", {}).items()},
        quarter_relative={_key(k): v for k, v in d.get("quarter_relative", {}).items()},
        quarter_words={_key(k): v for k, v in qwords.items()},
        last_after=frozenset(map(_key, last_after + d.get("month_last_before", []))),
        next_after=frozenset(map(_key, next_after + d.get("month_next_before", []))),
        last_before=frozenset(map(_key, d.get("month_last_before", []))),
        next_before=frozenset(map(_key, d.get("month_next_before", []))),
        this_year=frozenset(map(_key, this_year)),
        last_year=frozenset(map(_key, last_year)),
        numeric_order=d.get("numeric_order", "dmy"),
    )


# ---------------------------------------------------------------------------------------------
# turning matches into ISO strings

def _year2(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        n += 2000 if n < 50 else 1900
    return n


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _day_month(lang: str, a: str, b: str) -> tuple[int, int] | None:
    """(day, month) of a numeric date, by the language's order; None when ambiguous or invalid."""
    x, y = int(a), int(b)
    order = grammar(lang).numeric_order
    if order == "mdy":
        x, y = y, x
    elif order == "ambiguous":
        if x > 12 >= y:
            pass
        elif y > 12 >= x:
            x, y = y, x
        elif x == y:
            pass
        else:
            return None
    if 1 <= x <= 31 and 1 <= y <= 12:
        return x, y
    return None


def _month_of(lang: str, word: str) -> int | None:
    return month_names(lang).get(word.lower().rstrip(".").strip())


def _weekday_of(lang: str, word: str | None) -> int | None:
    if not word:
        return None
    return weekday_names(lang).get(word.lower().rstrip(".").strip())


def _nearest(day: int, month: int, published: dt.date, weekday: int | None) -> dt.date | None:
    """The date with this day and month nearest to `published` (matching the weekday if one is given)."""
    cands = [c for y in (published.year - 1, published.year, published.year + 1) if (c := _valid(y, month, day))]
    if weekday is not None and any(c.weekday() == weekday for c in cands):
        cands = [c for c in cands if c.weekday() == weekday]
    return min(cands, key=lambda c: abs((c - published).days)) if cands else None


def latest_with_weekday(day: int, month: int, weekday: int, today: dt.date | None = None) -> dt.date | None:
    """The most recent date, not after today, with this day, month and weekday (within 28 years)."""
    today = today or dt.date.today()
    for y in range(today.year, today.year - 29, -1):
        c = _valid(y, month, day)
        if c and c <= today and c.weekday() == weekday:
            return c
    return None


def _parse_iso(text: str | None) -> tuple[int, int | None, int | None] | None:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text or "")
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


def shift_iso(iso: str, amount: float, unit: str) -> str | None:
    """iso + amount unit (Y, M, W, D), at the precision of iso; None when that precision cannot say
    or the calendar ends."""
    parsed = _parse_iso(iso)
    if parsed is None or amount != int(amount):
        return None
    year, month, day = parsed
    amount = int(amount)
    if unit == "Y":
        year += amount
    elif unit == "M":
        if month is None:
            return None if amount % 12 else _iso(year + amount // 12)
        total = year * 12 + (month - 1) + amount
        year, month = divmod(total, 12)
        month += 1
        if day is not None:
            day = min(day, calendar.monthrange(year, month)[1])
    elif unit in ("W", "D"):
        if day is None:
            return None
        days = amount * (7 if unit == "W" else 1)
        try:
            d = dt.date.fromordinal(dt.date(year, month, day).toordinal() + days)
        except (OverflowError, ValueError):
            return None
        year, month, day = d.year, d.month, d.day
    else:
        return None
    if not 1 <= year <= 9999:
        return None
    return _iso(year, month, day)


def valid_iso(iso: str) -> bool:
    """Is "YYYY-MM-DD" a real calendar day?"""
    try:
        dt.date.fromisoformat(iso)
        return True
    except ValueError:
        return False


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _rank(precision: str | None) -> int:
    return {"day": 3, "month": 2, "year": 1}.get(precision or "", 0)


def interpret(kind: str, m: re.Match, lang: str, published: dt.date | None,
              precision: str | None) -> str | None:
    """The ISO string of a date match of `kind`, resolved on `published` when relative; else None."""
    g = m.groupdict()
    rank = _rank(precision) if published else 0
    if kind == "d_iso":
        d = _valid(int(g["y"]), int(g["b"]), int(g["a"]))
        return d.isoformat() if d else None
    if kind == "d_num":
        dm = _day_month(lang, g["a"], g["b"])
        if not dm:
            return None
        d = _valid(_year2(g["y"]), dm[1], dm[0])
        return d.isoformat() if d else None
    if kind in ("d_wdnum", "d_dmy", "d_mdy"):
        if kind == "d_wdnum":
            dm = _day_month(lang, g["a"], g["b"])
            if not dm:
                return None
            day, month = dm
        else:
            day, month = int(g["a"]), _month_of(lang, g["m"])
            if not month:
                return None
        if g.get("y"):
            d = _valid(int(g["y"]), month, day)
            return d.isoformat() if d else None
        if rank < 2:
            return None
        d = _nearest(day, month, published, _weekday_of(lang, g.get("wd")))
        return d.isoformat() if d else None
    if kind == "d_my":
        month = _month_of(lang, g["m"])
        return _iso(int(g["y"]), month) if month else None
    if kind in ("d_mrel_a", "d_mrel_b"):
        month = _month_of(lang, g["m"])
        if not month or not published:
            return None
        gr = grammar(lang)
        before, after = _key(g.get("before") or ""), _key(g.get("after") or "")
        py, pm = published.year, published.month
        if rank < 2:  # a publication year alone is weak evidence: relative dates stay out
            return None
        if after in gr.this_year:
            return _iso(py, month)
        if after in gr.last_year:
            return _iso(py - 1, month)
        if after in gr.last_after or before in gr.last_before:
            return _iso(py if month < pm else py - 1, month)
        if after in gr.next_after or before in gr.next_before:
            return _iso(py if month > pm else py + 1, month)
        return None
    if kind == "d_rel":
        if not published:
            return None
        gr = grammar(lang)
        key = _key(g["rel"])
        if rank < 2:
            return None
        if key in gr.year_relative:
            return _iso(published.year + gr.year_relative[key])
        if key in gr.month_relative:
            n = published.year * 12 + published.month - 1 + gr.month_relative[key]
            return _iso(n // 12, n % 12 + 1)
        if key in gr.quarter_relative:
            n = published.year * 4 + (published.month - 1) // 3 + gr.quarter_relative[key]
            return f"{n // 4:04d}-Q{n % 4 + 1}"
        return None
    if kind == "d_quarter":
        q = grammar(lang).quarter_words.get(_key(g["q"]))
        return f"{int(g['y']):04d}-Q{q}" if q else None
    if kind == "d_ycue":
        return _iso(int(g["y"]))
    return None


# ---------------------------------------------------------------------------------------------
# the publication date a text reveals

_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(?![\d])")
# what may stand before a dateline's date: a place, an agency, punctuation ("PARIS (AFP) -")
_HEAD_CHARS, _HEAD_LINES = 600, 6  # where a date line can stand: under a title, a byline
# at most three words before the date ("Publié le", "Veröffentlicht am", "Jakarta,"), and after it only a
# time, punctuation or a dash that starts the article ("13 Maret 2025 - Perusahaan ...")
_DATE_LINE_HEAD = re.compile(r"[\W_]*(?:[^\W\d_][\w.'’-]*[\W_]*){0,3}")
_DATE_LINE_TAIL = re.compile(r"[^\w]*(?:(?:[^\W\d_]+\s+){0,2}\d{1,2}[:.h]\d{2}\b.{0,20})?|\s*[-–—].*", re.DOTALL)
_DATELINE_HEAD = re.compile(r"[\W\d_]*(?:[^\W\d_]*[A-ZÀ-Ý][\w.'’-]*[\W_]*){0,3}")


def infer_published(text: str, lang: str, today: dt.date | None = None) -> tuple[dt.date, str] | None:
    """The publication date a text reveals, with its precision ("day"|"month"|"year"), or None.

    Evidence, strongest first: a dated statement or dateline with a weekday and a year
    ("Selasa (18/3/2025)"); then one without a year ("vendredi 28 mars", "Senin (27/3)"), dated in
    the first year, from the latest year the text mentions on (a text is written after the years it
    names), in which that day has that weekday, else in the most recent such year not after today;
    the latest date wins, as a text is published after what it reports. Else a full date opening
    the text (a dateline). Dates after `today` are ignored.
    """
    today = today or dt.date.today()
    gr = grammar(lang)
    found: list[dt.date] = []
    yearless: list[tuple[int, int, int]] = []
    for kind in ("d_num", "d_wdnum", "d_dmy", "d_mdy"):
        rx = gr.compiled.get(kind)
        if rx is None:
            continue
        for m in rx.finditer(text):
            g = m.groupdict()
            wd = _weekday_of(lang, g.get("wd"))
            if wd is None:
                continue
            if kind in ("d_num", "d_wdnum"):
                dm = _day_month(lang, g["a"], g["b"])
                if not dm:
                    continue
                day, month = dm
            else:
                day, month = int(g["a"]), _month_of(lang, g["m"])
                if not month:
                    continue
            if g.get("y"):
                d = _valid(_year2(g["y"]), month, day)
                if d and d <= today:
                    found.append(d)
            else:
                yearless.append((day, month, wd))
    if found:
        return max(found), "day"
    if yearless:
        mentioned = [int(y) for y in _YEAR.findall(text) if 1990 <= int(y) <= today.year]
        floor = max(mentioned) if mentioned else None
        for day, month, wd in yearless:
            # a text is written after the years it mentions: the first fitting year from the latest one
            d = next((c for y in range(floor, min(floor + 8, today.year) + 1)
                      if (c := _valid(y, month, day)) and c.weekday() == wd and c <= today), None) if floor else None
            d = d or latest_with_weekday(day, month, wd, today)
            if d:
                found.append(d)
        if found:
            return max(found), "day"
    lines = text.lstrip()[:_HEAD_CHARS].split("\n")
    for number, line in enumerate(lines[:_HEAD_LINES]):
        for kind in ("d_iso", "d_num", "d_dmy", "d_mdy"):
            rx = gr.compiled.get(kind)
            m = rx.search(line) if rx else None
            if not m:
                continue
            head, tail = line[:m.start()], line[m.end():]
            dateline = number == 0 and _DATELINE_HEAD.fullmatch(head)  # "Jakarta, 13 Maret 2025 ..."
            # a date line under a title or byline: "Publié le 12 mars 2025", "14.03.2025 | 10:42 Uhr"
            date_line = _DATE_LINE_HEAD.fullmatch(head) and _DATE_LINE_TAIL.fullmatch(tail)
            if dateline or date_line:
                iso = interpret(kind, m, lang, None, None)
                if iso and len(iso) == 10 and dt.date.fromisoformat(iso) <= today:
                    return dt.date.fromisoformat(iso), "day"
    return None


def fill_published(documents: pl.DataFrame) -> pl.DataFrame:
    """DOCUMENTS in, DOCUMENTS out: rows with NULL `published` get it from `infer_published`
    (published_how = 'text'); other rows are unchanged."""
    docs = schemas.conform(documents, schemas.DOCUMENTS)
    missing = docs.get_column("published").is_null()
    if not missing.any():
        return docs
    pubs, precs, hows = [], [], []
    for text, lang, pub, prec, how, miss in zip(
        docs.get_column("text"), docs.get_column("language"), docs.get_column("published"),
        docs.get_column("published_precision"), docs.get_column("published_how"), missing,
    ):
        if miss:
            found = infer_published(text or "", lang or "en")
            if found:
                pubs.append(found[0]); precs.append(found[1]); hows.append("text")
                continue
        pubs.append(pub); precs.append(prec); hows.append(how)
    return docs.with_columns(
        published=pl.Series(pubs, dtype=pl.Date),
        published_precision=pl.Series(precs, dtype=pl.String),
        published_how=pl.Series(hows, dtype=pl.String),
    )
