"""Facts: quantities tied to a subject, a metric, a modality and a period.

In: `link_facts(quantities, documents)`: QUANTITIES rows (transforms/schemas.py) and the documents
they come from (doc_id, text, language, published, published_precision). Out: FACTS rows, one per
quantity that fits a metric and has a subject; every other quantity is left out.

Per quantity, inside its sentence:
- metric: metrics.choose_metric (dimension must match, nearest cue wins);
- subject: precision first, so a quantity whose owner the rules cannot tell apart gets no fact (it
  stays in quantities). The one entity named before it in its clause (the clause's subject), else in
  its sentence up to a contrast ("…, while …"), else the first one after it in its clause; a sentence
  naming none inherits the one entity of the sentences before only for metrics that `carries_over`,
  or when those name one entity only. Two different entities where one is looked for: no fact
  (`_choose_subject`). Two-party facts name the other party in `counterparty`: the company held
  after a `held` word ("54 pct of Cyclops"), the buyer of a thing sold (whose price the fact is);
- scope and claimant (transforms/claims.py): the place a crowd's count is limited to, the part of an offer
  paid in cash or in stock, and who the text credits the figure to ("selon la police");
- modality: `planned` when a target/intention cue governs it ("prévoit", "plant", "berencana", "will",
  "d'ici la fin de l'année", a future tense), else `reported`;
- period: a date of its own statement in the clause (clause), a step from the last date ("trois mois
  plus tard", relative), a year named from the publication date ("d'ici la fin de l'année",
  published), else NULL: the publication date is never filled in blindly.
Vague amounts ("des milliers de", no digit), factors ("doubler"), parts ("…, dont 50 000 H200"),
prices of one share ("35 dlrs a share", [syntax] per_share: only a metric marked `per_share`, an offer
or a share price), rates ("par mois", per_unit: only ever a `price`), units a metric excludes ("608 ch" is no power capacity: `not_written_as`) and counts of a
person named between subject and number ("Trump aux 80 millions d'abonnés": `not_of_person`) are not
facts. A clause is cut at ; : and dashes; a conjunction ("et", "und", "dan") ends what a
date or a plan after the quantity can speak of.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import hashlib
import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from transforms import claims, events, numbers
from transforms import metrics as M
from transforms.attribution import Subject, Syntax, choose_subject, sold_thing
from transforms.dates import shift_iso
from transforms.entities import Cues, Mention, find_mentions, language_cues, language_lexicon, spells
from transforms.schemas import FACTS, conform, empty

_DURATION_UNITS = {"second": "s", "minute": "s", "hour": "s", "day": "D", "week": "W", "month": "M", "year": "Y"}
_CLAUSE_MARKS = re.compile(r"\s*[;:]\s+|\s+[–—-]\s+")
_INITIAL = re.compile(r"[A-Z]\.")
_SPACES = re.compile(r"[ \u00a0]*")
_MODEL_CODE = re.compile(r"[A-Za-z]+\d+\w*")


# ------------------------------------------------------------------------------------- sentences
@functools.cache
def _abbreviations(lang: str) -> frozenset[str]:
    return frozenset(language_lexicon(lang).get("syntax", {}).get("abbreviations", []))


_BOUNDARY = re.compile(r"[.!?…]+[\"'»”’)\]]*[ \t\u00a0]+(?=[\"'«“(\[]?(?:[A-ZÀ-ÖØ-Þ0-9]|[a-z]+[A-Z]))|\n+"
                       r"|(?<=[a-zà-öø-ÿ]{2}[.!?])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")  # "l'année dernière.Le leader": a lost space


def sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` (a line break always ends one)."""
    abbreviations = _abbreviations(lang)
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        mark = m.group(0)
        if mark[:1] != "\n":
            head = text[:m.start() + 1] if mark else text[:m.start()]
            word = head.rsplit(None, 1)[-1] if head.strip() else ""
            if word in abbreviations or _INITIAL.fullmatch(word):
                continue
        if text[start:m.start()].strip():
            spans.append((start, m.end() if mark[:1] != "\n" else m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _clauses(text: str, s: int, e: int, lang: str) -> list[tuple[int, int]]:
    """Clause spans of the sentence text[s:e], cut at ; : and dashes, and before a contrast word after a
    comma (`contrast` in facts/<xx>.toml: "…, while Pernod shares slipped 1.2%")."""
    cuts = [(m.start(), m.end()) for m in _CLAUSE_MARKS.finditer(text, s, e)]
    for c_start, _c_end, _t in language_cues(lang, "syntax", "contrast").finditer(text, s, e):
        if text[s:c_start].rstrip().endswith(","):
            cuts.append((c_start, c_start))
    out, start = [], s
    for c_start, c_end in sorted(cuts):
        if c_start > start:
            out.append((start, c_start))
        start = max(start, c_end)
    out.append((start, e))
    return out


def _index(spans: list[tuple[int, int]], pos: int) -> int:
    i = bisect.bisect_right([s for s, _ in spans], pos) - 1
    return max(i, 0)


# ----------------------------------------------------------------------------------------- dates
@functools.cache
def _time_cues(lang: str) -> tuple[Cues, Cues, Cues, Cues]:
    time = language_lexicon(lang).get("time", {})
    later = Cues((c, 1) for c in time.get("later", []))
    earlier = Cues((c, -1) for c in time.get("earlier", []))
    steps = Cues((phrase + "$", iso) for phrase, iso in time.get("steps", {}).items())
    years = Cues((phrase + "$", offset) for phrase, offset in time.get("year_offsets", {}).items())
    return later, earlier, steps, years


PART_REACH = 6  # words after an amount within which "… in the second quarter" still speaks of it
PARTS_OF_YEAR = {"Q1": ("01", "03"), "Q2": ("04", "06"), "Q3": ("07", "09"), "Q4": ("10", "12"),
                 "H1": ("01", "06"), "H2": ("07", "12"), "9M": ("01", "09")}  # first and last month


@functools.cache
def _part_of_year_cues(lang: str) -> Cues:
    return Cues((phrase + "$", part) for phrase, part in
                language_lexicon(lang).get("time", {}).get("parts_of_year", {}).items())


YEAR_AGO_REACH = 4  # words between an amount and the "a year earlier" said of it


def _said_of(text: str, cue: tuple[int, int], start: int, end: int, amounts: list[tuple[int, int]]) -> bool:
    """The year-ago words at text[cue] are said of the amount at text[start:end]: right after it ("139.6 mln
    a year earlier"), or before it with no other amount between ("In the year-ago first quarter the company
    earned 23.1 mln")."""
    if cue[0] >= end:
        return len(text[end:cue[0]].split()) <= YEAR_AGO_REACH and not any(end <= a < cue[0] for a, _ in amounts)
    return cue[1] <= start and not any(cue[1] <= a < start for a, _ in amounts)


def _part_of_year(text: str, lang: str, clause: tuple[int, int], start: int, end: int, period: str | None,
                  published: date | None, amounts: list[tuple[int, int]] = ()) -> tuple[str, str] | None:
    """A part of a year named in the clause of the amount at text[start:end], before it or at most
    PART_REACH words after it ("first quarter", "premier semestre", "kuartal I"): the (period,
    period_how) of that part ("1987-Q1", a half or nine months as a month interval "1987-01/1987-06"),
    in the clause's year, else in the latest year in which that part ended before publication (the year
    before for an amount "a year earlier" is said of: `_said_of`); None when the clause names none, when
    no year is known, or when its year-ago words are said of another amount; (None, None) when the part
    does not say which ("the quarter", lexicon value "Q?"): undated, since the year would be wrong.
    Fiscal years are taken as calendar years."""
    parts = [part for s, e, part in _part_of_year_cues(lang).finditer(text, *clause)
             if e <= start or len(text[end:s].split()) <= PART_REACH]
    if len(set(parts)) != 1:
        return None
    if parts[0] not in PARTS_OF_YEAR:
        return None, None  # "in the quarter": a part of a year, not which one; the value is not the year's
    first, last = PARTS_OF_YEAR[parts[0]]
    ago = [(s, e) for s, e, _t in language_cues(lang, "time", "year_ago").finditer(text, *clause)] if period is None else []
    year_ago = any(_said_of(text, cue, start, end, amounts) for cue in ago)
    if ago and not year_ago:
        return None  # "fell to X from Y a year earlier": the year-ago value is Y's; X's year is not settled
    if period and re.fullmatch(r"\d{4}", period):
        year, how = int(period), "clause"
    elif published is not None:
        ended = date(published.year, int(last), calendar.monthrange(published.year, int(last))[1])
        year, how = (published.year if ended < published else published.year - 1), "published"
        year -= year_ago  # "the year-ago first quarter": that part of the year before the latest one reported
    else:
        return None
    if parts[0].startswith("Q"):
        return f"{year:04d}-{parts[0]}", how  # as dates.py writes a quarter ("1986-Q4")
    return f"{year:04d}-{first}/{year:04d}-{last}", how


@dataclass
class _Step:
    start: int
    end: int
    amount: float
    unit: str  # Y M W D
    value: str | None = None


def _steps(text: str, lang: str, quantities: list[dict]) -> list[_Step]:
    """Relative time steps ("trois mois plus tard", "im Jahr darauf"), in order."""
    later, earlier, steps, _years = _time_cues(lang)
    found: list[_Step] = []
    for q in quantities:
        unit = _DURATION_UNITS.get(q["unit"] or "")
        if unit is None or unit == "s" or q["value"] is None:
            continue
        sign = 0
        for cues in (later, earlier):
            gap = _SPACES.match(text, q["end"]).end() - q["end"]
            hit = next((t for s, _e, t in cues.finditer(text, q["end"] + gap, q["end"] + gap + 20) if s == q["end"] + gap), None)
            inside = next((t for s, e, t in cues.finditer(q["surface"]) if e == len(q["surface"].rstrip())), None)
            sign = hit or inside or sign
        if sign:
            found.append(_Step(q["start"], q["end"], sign * q["value"], unit))
    for s, e, iso in steps.finditer(text):
        if any(st.start < e and s < st.end for st in found):
            continue
        m = re.fullmatch(r"P(\d+)([YMWD])", iso)
        if m:
            found.append(_Step(s, e, float(m.group(1)), m.group(2)))
    return sorted(found, key=lambda st: st.start)


def _resolve_steps(steps: list[_Step], dates: list[dict], sents: list[tuple[int, int]]) -> None:
    """Give each step its date: the date written on its span, else the last date before it
    (in its sentence or the one before) shifted by the step."""
    for step in steps:
        own = [d for d in dates if d["start"] < step.end and step.start < d["end"]]
        if own:
            step.value = own[0]["value_text"]
            continue
        here = _index(sents, step.start)
        floor = sents[max(here - 1, 0)][0]
        anchors = [(d["start"], d["value_text"]) for d in dates if floor <= d["start"] < step.start]
        anchors += [(s.start, s.value) for s in steps if s is not step and s.value and floor <= s.start < step.start]
        if anchors:
            step.value = shift_iso(max(anchors)[1], step.amount, step.unit)


# ---------------------------------------------------------------------------------------- linking
def _fact_id(doc_id: str, start: int, end: int, subject: str, metric: str, value: object) -> str:
    key = f"{doc_id}|{start}|{end}|{subject}|{metric}|{value}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _is_vague(q: dict) -> bool:
    """"des milliers de", "Tausende von": an at-least amount written without a digit."""
    if q["bound"] != "at_least":
        return False
    digits = _MODEL_CODE.sub("", q["surface"] or "")  # model codes (A100) are not amounts
    return not any(ch.isdigit() for ch in digits)


def _axis(q: dict, quantities: list[dict]) -> str | None:
    """For a pixel size: first (width) or second (height) number of "1280x720"."""
    if q["unit_norm"] != "pixel":
        return None
    numbers = [float(n) for n in re.findall(r"\d+", (q["surface"] or "").replace(".", "").replace(" ", ""))]
    if len(numbers) >= 2 and q["value"] in numbers:
        return "first" if numbers.index(q["value"]) == 0 else "second"
    twins = [o["value"] for o in quantities if o["unit_norm"] == "pixel" and o["start"] == q["start"]]
    if len(twins) >= 2:
        return "first" if twins.index(q["value"]) == 0 else "second"
    return None


_HANDLE = re.compile(r"@\w+")


def _person_between(text: str, q: dict, subject: Mention, mention_list: list[Mention], s_start: int) -> bool:
    """A person (or an @handle) named in the sentence before the quantity and closer to it than the
    subject: the count is that person's."""
    lo = max(s_start, subject.end if subject.end <= q["start"] else s_start)
    if any(m.type == "person" and lo <= m.start < q["start"] for m in mention_list):
        return True
    return _HANDLE.search(text, lo, q["start"]) is not None


def _planned(text: str, lang: str, q: dict, sentence: tuple[int, int], clause: tuple[int, int],
             others: list[dict]) -> bool:
    """A target or intention cue before the quantity in its clause, or right after it (up to the next
    comma, conjunction or quantity)."""
    cues = language_cues(lang, "modality", "planned")
    _seg_start, seg_end = M.comma_segment(text[sentence[0]:sentence[1]], q["start"] - sentence[0], q["end"] - sentence[0])
    reach = min([sentence[0] + seg_end, clause[1]]
                + [o["start"] for o in others if o["start"] >= q["end"]]
                + [s for s, _e, _t in language_cues(lang, "syntax", "conjunctions").finditer(text, q["end"], clause[1])])
    for s, e, _ in cues.finditer(text, clause[0], clause[1]):
        if e <= q["start"] or (q["end"] <= s and e <= reach):
            return True
    return False


def _own_dates(q: dict, clause: tuple[int, int], dates: list[dict], numeric: list[dict], text: str,
               lang: str) -> list[dict]:
    """The dates of q's clause that speak of q: the amount nearest to a date is its own, and a date
    also speaks of the amounts after it up to the next conjunction ("En 2024, xAI a levé 6 milliards
    et …": the part after "et" is another statement)."""
    amounts = [o for o in numeric if clause[0] <= o["start"] < clause[1]]
    conjunctions = [s for s, _e, _t in language_cues(lang, "syntax", "conjunctions").finditer(text, clause[0], clause[1])]
    own = []
    for d in dates:
        if not (clause[0] <= d["start"] < clause[1]) or d is q:
            continue
        if d["end"] <= q["start"] and not any(d["end"] <= c < q["start"] for c in conjunctions):
            own.append(d)
            continue
        nearest = min(amounts, key=lambda o: max(o["start"] - d["end"], d["start"] - o["end"], 0), default=None)
        if nearest is not None and nearest["start"] == q["start"]:
            own.append(d)
    return own


def _year_phrases(text: str, lang: str, clause: tuple[int, int], published: date | None,
                  dates: list[dict]) -> list[dict]:
    """Years named from the publication date ("d'ici la fin de l'année", "tahun lalu"), as dates;
    a phrase the extractor already read as a date is left to that date."""
    if published is None:
        return []
    found = []
    for s, e, offset in _time_cues(lang)[3].finditer(text, clause[0], clause[1]):
        if not any(d["start"] < e and s < d["end"] for d in dates):
            found.append({"start": s, "end": e, "value_text": f"{published.year + int(offset):04d}"})
    return found


def _period(q: dict, planned: bool, clause: tuple[int, int], own_dates: list[dict], steps: list[_Step],
            own_years: list[dict]) -> tuple[str | None, str | None]:
    """When q holds: a date of its own, a time step of its clause, a year named from the publication
    date; for a target the named year ("d'ici la fin de l'année") comes first."""
    dated = [d for d in own_dates if not any(st.start < d["end"] and d["start"] < st.end for st in steps)]
    near = min(dated, key=lambda d: abs(d["start"] - q["start"]))["value_text"] if dated else None
    step = next((st.value for st in steps if clause[0] <= st.start < clause[1] and st.value), None)
    year = own_years[0]["value_text"] if own_years else None
    order = [(year, "published"), (near, "clause"), (step, "relative")] if planned else \
            [(near, "clause"), (step, "relative"), (year, "published")]
    for value, how in order:
        if value:
            return value, how
    return None, None


def _one_date_per_cue(picks: list["_Pick"]) -> list["_Pick"]:
    """A date cue names one date: "Das 2016 gegründete Unternehmen hatte im vergangenen Jahr …" is
    founded 2016 only. Of the dates that chose the same cue, the nearest keeps it."""
    best: dict[tuple, tuple[int, int]] = {}
    for i, p in enumerate(picks):
        if M.metric(p.metric)["kind"] != "date" or p.choice.cue_start is None:
            continue
        cue = (p.metric, p.sentence[0] + p.choice.cue_start, p.sentence[0] + p.choice.cue_end)
        gap = max(cue[1] - p.q["end"], p.q["start"] - cue[2], 0)
        if cue not in best or gap < best[cue][0]:
            best[cue] = (gap, i)
    keep = {i for _gap, i in best.values()}
    return [p for i, p in enumerate(picks)
            if M.metric(p.metric)["kind"] != "date" or p.choice.cue_start is None or i in keep]


def _paired_amount_per_share(doc: "_Document", q: dict) -> bool:
    """The amount right after q, joined by a word or two ("rose to 1.04 dlrs from 83 cts a share",
    "between 2.35 dlrs and 2.55 dlrs per share"), is for one share: so is q."""
    following = (o for o in doc.quantities if 0 < o["start"] - q["end"])  # sorted by start
    other = next(following, None)
    if other is not None and other["start"] - q["end"] <= 12:
        gap = doc.text[q["end"]:other["start"]]
        if M.dimension(other["unit_norm"]) == "money" \
                and len(gap.split()) <= 2 and not re.search(r"[,;:.()]", gap):
            # a pair is of one size ("1.04 dlrs from 83 cts"); "653,000 dlrs or 19 cts a share" is a total
            # and its share's part
            a, b = abs(q.get("value_norm") or 0.0), abs(other.get("value_norm") or 0.0)
            return min(a, b) > 0 and max(a, b) / min(a, b) < 10 \
                and _per_what(doc.text, doc.lang, other["start"], other["end"]) == "per_share"
    return False


def _cue_right_after(text: str, lang: str, key: str, end: int) -> bool:
    """A cue of the syntax list `key` starts right after the amount ending at `end` (spaces aside)."""
    at = _SPACES.match(text, end).end()
    return any(s == at for s, _e, _t in language_cues(lang, "syntax", key).finditer(text, at, at + 30))


def _written_in_cents(surface: str | None, lang: str) -> bool:
    """The amount is written in cents ("about 90 cts", "25 cents"): a price of one share or unit, never a
    company's total (`in_cents` of facts/<xx>.toml)."""
    words = (surface or "").split()
    return len(words) >= 2 and words[-1].strip(".,") in language_lexicon(lang).get("syntax", {}).get("in_cents", [])


def _per_what(text: str, lang: str, start: int, end: int) -> str | None:
    """"per_share" or "per_unit" when the amount at text[start:end] is a price of one share or a rate
    ("a share", "je Aktie", "par mois", "per barel"; "earnings per share of" before it), else None."""
    if language_cues(lang, "syntax", "per_share_before").ends_at(text, start, reach=30):
        return "per_share"  # "earnings per share of 1.20 dlrs"
    paid = next(iter(claims.paid_in_cues(lang).finditer(text, end, min(len(text), end + 20))), None)
    if paid is not None and not text[end:paid[0]].strip():
        end = paid[1]  # "71 dlrs cash per share": the form of payment between the amount and its share
    return next((key for key in ("per_share", "per_unit") if _cue_right_after(text, lang, key, end)), None)


@dataclass
class _Document:
    """What every quantity of one document is read against."""
    doc_id: str
    text: str
    lang: str
    published: date | None
    quantities: list[dict]
    sents: list[tuple[int, int]]
    mentions: list[Mention]
    syntax: Syntax
    steps: list[_Step]
    dates: list[dict]


def _document(doc_id: str, text: str, lang: str, published: date | None, quantities: list[dict]) -> _Document:
    quantities = sorted(quantities, key=lambda q: (q["start"], q["end"]))
    sents = sentences(text, lang) or [(0, len(text))]
    mention_list = find_mentions(text, lang, M.attribute_cues(lang))
    dates = [q for q in quantities if q["unit_norm"] == "date" and q["value_text"]]
    mention_list = _with_events(mention_list, events.event_mentions(text, lang, sents, dates, published))
    steps = _steps(text, lang, quantities)
    _resolve_steps(steps, dates, sents)
    return _Document(doc_id, text, lang, published, quantities, sents, mention_list,
                     Syntax(text, lang, sents, mention_list, published.year if published else None), steps, dates)


def _with_events(mentions: list[Mention], event: list[Mention]) -> list[Mention]:
    """The entity mentions and the story's event words that none of them covers, in reading order."""
    kept = [e for e in event if not any(m.start < e.end and e.start < m.end for m in mentions)]
    return sorted([*mentions, *kept], key=lambda m: m.start) if kept else mentions


_PER_DAY_UNIT = re.compile(r"(?i)\b(?:bpd|b/d)$")  # barrels a day, the oil trade's unit in every language


def _not_an_amount(doc: _Document, q: dict) -> str | None:
    """Why q is no value of anything (vague, a part, a factor, a time step), or None."""
    if q["unit_norm"] is None:
        return "no normal unit"
    if _is_vague(q):
        return "a vague amount ('des milliers de')"
    if any(True for _ in language_cues(doc.lang, "syntax", "multipliers").finditer(q["surface"] or "")):
        return "a factor ('doubler'), not an amount"
    if q["unit_norm"] != "date" and any(st.start <= q["start"] and q["end"] <= st.end for st in doc.steps):
        return "a time step ('trois mois plus tard')"
    if q.get("value_norm") in PROPORTION_WHOLES and _proportion_whole(doc.text, doc.lang, q["start"]):
        return "the whole of a proportion ('huit Français sur dix', 'two out of three'), not an amount"
    if _cue_right_after(doc.text, doc.lang, "difference_after", q["end"]):
        return "a difference between two values ('trois milliards de moins que l'année dernière'), not a value"
    if language_cues(doc.lang, "syntax", "denominator").ends_at(doc.text, q["start"], reach=12):
        return "a denominator ('3 deaths per 100,000 inhabitants'), not an amount"
    if M.dimension(q["unit_norm"]) not in ("money", "date", None) and (
            _cue_right_after(doc.text, doc.lang, "per_sub_year", q["end"]) or _PER_DAY_UNIT.search(q["surface"] or "")):
        return "a rate ('248,200 barrels per day', '500 visiteurs par jour'), not an amount"
    if q["unit_norm"] == "count" and q.get("value_norm") is not None and float(q["value_norm"]) % 1:
        return "a count that is no whole number ('values Pioneer at 2.62 per share'): a price or a ratio"
    return None


_WORDS = re.compile(r"[^\W\d_]+")
# the wholes a proportion is told in ("deux sur trois", "huit sur dix", "un sur cent"); "57 (sur 378
# interpellés)" counts the 378 themselves
PROPORTION_WHOLES = {2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 100.0, 1000.0}


@functools.cache
def _number_words(lang: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in numbers.lexicon(lang).get("numbers", {}).get("words", []))


def _proportion_whole(text: str, lang: str, start: int) -> bool:
    """An `out_of` word right before the amount ("sur", "out of", "de cada") with a number a few words
    before it: the amount is the whole a part is counted in ("huit Français sur dix")."""
    cue = next((m for m in language_cues(lang, "syntax", "out_of").finditer(text, max(0, start - 12), start)
                if not text[m[1]:start].strip()), None)
    if cue is None:
        return False
    before = text[max(0, cue[0] - 40):cue[0]]
    words = before.split()[-4:]
    return any(ch.isdigit() for ch in " ".join(words)) or any(
        w.casefold() in _number_words(lang) for w in _WORDS.findall(" ".join(words)))


@dataclass
class _Pick:
    """A quantity with its metric and subject, before its modality and period are read."""
    q: dict
    metric: str
    subject: Subject
    choice: M.Choice
    sentence: tuple[int, int]
    clause: tuple[int, int]


def _pick(doc: _Document, q: dict) -> _Pick | str:
    """q's metric and subject, or the reason it is no fact."""
    here = _index(doc.sents, q["start"])
    s_start, s_end = doc.sents[here]
    rate = _per_what(doc.text, doc.lang, q["start"], q["end"]) if M.dimension(q["unit_norm"]) == "money" else None
    if rate is None and M.dimension(q["unit_norm"]) == "money" and _paired_amount_per_share(doc, q):
        rate = "per_share"
    choice = M.choose_metric(q["unit_norm"], doc.text[s_start:s_end], q["start"] - s_start, q["end"] - s_start,
                             doc.lang, q.get("object"), _axis(q, doc.quantities), per_share=rate == "per_share")
    if rate is None and choice is not None and M.metric(choice.metric).get("per_share", False) is False \
            and M.dimension(q["unit_norm"]) == "money" and _written_in_cents(q["surface"], doc.lang):
        rate = "per_share"  # "earnings … to be about 90 cts": not a total, so the metric of one share
        choice = M.choose_metric(q["unit_norm"], doc.text[s_start:s_end], q["start"] - s_start, q["end"] - s_start,
                                 doc.lang, q.get("object"), _axis(q, doc.quantities), per_share=True)
    event = _event_of_its_day(doc, q, (s_start, s_end))
    if event is not None:  # the day the story's event is named by, in a sentence naming it: its date
        return _Pick(q, "event_date", Subject(event, "event_day"), M.Choice("event_date", None, None),
                     (s_start, s_end), (s_start, s_end))
    if choice is None:
        return "no metric: no cue word of a metric near it"
    choice = M.instead(choice, doc.text[s_start:s_end], doc.lang)
    name, entry = choice.metric, M.metric(choice.metric)
    last_word = (q["surface"] or "").split()[-1:]
    if last_word and last_word[0].strip(".,") in entry.get("not_written_as", ()):
        return f"written in a unit that is no {name}"
    if rate == "per_unit" and name != "price":
        return "a rate ('par mois'), not the value of a deal or a company"
    if entry["kind"] == "stock" and language_cues(doc.lang, "syntax", "delta").ends_at(doc.text, q["start"], reach=8):
        return "a change by this amount ('restated earnings by $5bn'), not the level"
    if entry.get("period_total") and _over_years(doc, q, s_end):
        return "a total over several years ('lost 120 mln dlrs over the last two years'), not one period's"
    clause = next(((a, b) for a, b in _clauses(doc.text, s_start, s_end, doc.lang) if a <= q["start"] < b),
                  (s_start, s_end))
    subject = None
    if (entry.get("sold_object") or entry.get("entity_object")) and choice.cue_end is not None:
        cue = (s_start + choice.cue_start, s_start + choice.cue_end)
        if entry.get("sold_object") and (not clause[0] <= cue[0] < clause[1]
                                         or _in_closed_relative(doc, (s_start, s_end), cue, q["start"])):
            # "GAF, which made an attempt in 1985 to acquire Union Carbide, recently offered three billion
            # dlrs for Borg Warner": the sale's verb is another clause's, and so is what it sold
            return "no subject: the verb of the sale is in another clause"
        subject = sold_thing(q, doc.syntax, here, clause, cue, doc.quantities)
        if subject is not None and entry.get("entity_object"):  # "l'achat de Twitter": an acquisition
            name, entry = entry["entity_object"], M.metric(entry["entity_object"])
        elif subject is None and entry.get("sold_object"):
            return "no subject: the thing sold is not named in its clause"
    if language_cues(doc.lang, "syntax", "subset").ends_at(doc.text, q["start"], reach=25) and not (
            entry.get("place_scope") and claims.scope(doc.text, (s_start, s_end), q, doc.quantities, doc.mentions)):
        return "a part of another amount ('dont 50 000'), with no place of its own ('dont 4 000 à Paris')"
    if entry.get("two_party") is True and M.dimension(q["unit_norm"]) == "percent" \
            and _cue_right_after(doc.text, doc.lang, "of_its_own", q["end"]):  # ("buys back 1 mln of its shares": its own)
        return "a share of the subject's own stock ('owners of 70 pct of its stock'): its holder is another"
    crowd = entry.get("not_of_crowd")
    if crowd and M.names_cue_of(crowd, f"{q.get('object') or ''} {q.get('surface') or ''}", doc.lang):
        return "the count of another crowd ('12 policiers blessés'), not the movement's"
    if subject is None:
        cue = (s_start + choice.cue_start, s_start + choice.cue_end) if choice.cue_end is not None else None
        subject = choose_subject(q, entry, doc.syntax, here, clause, doc.quantities, cue=cue)
    if subject.mention is None:
        return f"no subject: {subject.rule}"
    if entry.get("change_of") and M.changed_metric(doc.text[clause[0]:clause[1]], q["start"] - clause[0],
                                                  q["end"] - clause[0], doc.lang) is None:
        return "a change of what: its clause names no quantity that rose or fell"
    if entry.get("not_of_person") and _person_between(doc.text, q, subject.mention, doc.mentions, s_start):
        return "a person's count, not the entity's ('Trump aux 80 millions d'abonnés')"
    return _Pick(q, name, subject, choice, (s_start, s_end), clause)


EVENT_VERB_REACH = 8  # at most this many words from a verb of the event's striking to its day ...
EVENT_NOUN_REACH = 3  # ... or from a word of the event itself, with no comma between


def _in_closed_relative(doc: _Document, sentence: tuple[int, int], cue: tuple[int, int], start: int) -> bool:
    """The cue stands in a relative clause (", which …", ", qui …") that a comma closes before the amount
    at `start`: its verb is not the amount's."""
    opened = [s for s, _e, _t in language_cues(doc.lang, "syntax", "relative").finditer(doc.text, sentence[0], cue[0])
              if doc.text[sentence[0]:s].rstrip().endswith(",")]
    return bool(opened) and "," in doc.text[cue[1]:start]


YEAR_SECONDS = 31557600.0
SPAN_REACH = 4  # at most this many words between a total and the years it adds up


def _over_years(doc: _Document, q: dict, s_end: int) -> bool:
    """A duration of two years or more a few words after the amount, in its clause ("lost 120 mln dlrs
    over the last two years", "a perdu 2 milliards en trois ans"): the amount adds up those years."""
    for o in doc.quantities:
        if o["unit_norm"] != "second" or not q["end"] <= o["start"] < s_end or o.get("value_norm") is None:
            continue
        between = doc.text[q["end"]:o["start"]]
        if len(between.split()) <= SPAN_REACH and not re.search(r"[,;:.()\d]", between):
            years = float(o["value_norm"]) / YEAR_SECONDS
            return years >= 1.5 and abs(years - round(years)) < 0.05
        return False
    return False


def _event_of_its_day(doc: _Document, q: dict, sentence: tuple[int, int]) -> Mention | None:
    """A date that is the day the story's event is named by (events.py), written right after a word
    of the event (at most EVENT_NOUN_REACH words between, no comma: "la manifestation des cheminots le
    22 mars", "les 32 000 manifestants du 29 décembre") or after a verb of its striking (`event_date`
    cues, at most EVENT_VERB_REACH words: "Gempa … mengguncang Kabupaten Garut, Jawa Barat, pada Minggu
    (14/9/2025)", "an earthquake that struck … late on Sept. 14"), in a sentence with no speech verb
    before it: that event, whose date it is. The day someone spoke of it ("Kata Kepala BPBD …, di lokasi
    banjir, …, Kamis (8/2/2018)"), a meeting's ("réunion sur les inondations au ministère … samedi 4
    juin"), an alert's, or any other day is no fact of it (None)."""
    if q["unit_norm"] != "date" or not q.get("value_text"):
        return None
    named = [m for m in doc.syntax.events if sentence[0] <= m.start < q["start"]]
    event = next((m for m in named if (day := events.event_day(m.name)) is not None
                  and day.isoformat() == q["value_text"]), None)
    if event is None or any(True for _ in language_cues(doc.lang, "syntax", "speaks").finditer(
            doc.text, sentence[0], q["start"])):
        return None
    noun_gap = doc.text[named[-1].end:q["start"]]
    if len(noun_gap.split()) <= EVENT_NOUN_REACH and not re.search(r"[,;:.()]", noun_gap):
        return event
    words = list(re.finditer(r"\S+", doc.text[sentence[0]:q["start"]]))[-EVENT_VERB_REACH:]
    lo = sentence[0] + words[0].start() if words else q["start"]
    return event if M.names_cue_of("event_date", doc.text[lo:q["start"]], doc.lang) else None


def _fact_row(doc: _Document, pick: _Pick, period_dates: list[dict], numeric: list[dict],
              claimant: str | None) -> dict:
    """The FACTS row of a pick: its modality and period read from its clause, its claimant and scope."""
    q, text = pick.q, doc.text
    planned = _planned(text, doc.lang, q, pick.sentence, pick.clause, numeric)
    if M.metric(pick.metric)["kind"] == "date":
        period, how = None, None
    else:
        own = _own_dates(q, pick.clause, period_dates, numeric, text, doc.lang)
        named_years = _year_phrases(text, doc.lang, pick.clause, doc.published, doc.dates)
        years = _own_dates(q, pick.clause, named_years, numeric, text, doc.lang)
        period, how = _period(q, planned, pick.clause, own, doc.steps, years)
        amounts = [(o["start"], o["end"]) for o in numeric if o["start"] != q["start"]]
        part = None if planned else _part_of_year(text, doc.lang, pick.clause, q["start"], q["end"], period,
                                                   doc.published, amounts)
        if part is not None and (period is None or re.fullmatch(r"\d{4}", period)):
            period, how = part
        level = M.metric(pick.metric)["kind"] == "stock"
        if (period is not None or level) and _comparison_base(doc, q, pick.sentence, numeric):
            # a dated clause would lend the earlier value a wrong period, and an undated level is another
            # time's; an undated event keeps none ("against Xstrata's bid of A$6.35", a crowd's count
            # compared by publication date)
            period, how = _base_period(doc, q, period_dates, period)
    value = q["value_text"] if q["unit_norm"] == "date" else q["value_norm"]
    subject = pick.subject
    return {
        "fact_id": _fact_id(doc.doc_id, q["start"], q["end"], subject.mention.name, pick.metric, value),
        "doc_id": doc.doc_id, "subject": subject.mention.name, "subject_how": subject.mention.how,
        "subject_rule": subject.rule, "subject_aliases": _aliases(doc, subject.mention.name),
        "counterparty": subject.counterparty, "metric": pick.metric,
        "scope": _scope(doc, pick),
        "claimant": claimant,
        "value": q["value"], "unit": q["unit"], "value_norm": q["value_norm"], "unit_norm": q["unit_norm"],
        "value_text": q["value_text"], "bound": q["bound"], "modality": "planned" if planned else "reported",
        "period": period, "period_how": how, "start": q["start"], "end": q["end"], "surface": q["surface"],
        "snippet": text[pick.sentence[0]:pick.sentence[1]].strip(),
    }


def _aliases(doc: _Document, name: str) -> list[str]:
    """The acronyms the document writes for an entity's name ("ZOP" after "Zeeland Offshore Partners
    (ZOP)"): reconciliation reads another document's bare acronym as this name. Short forms and
    surnames are left out: across articles "Airbus" is not always "Airbus France", nor "Cole" one
    Cole (read on the 20k corpora)."""
    return sorted({doc.text[m.start:m.end] for m in doc.mentions
                   if m.name == name and m.how != "reference" and spells(doc.text[m.start:m.end], name)})


def _comparison_base(doc: _Document, q: dict, sentence: tuple[int, int], numeric: list[dict]) -> bool:
    """q is the earlier value of a comparison: a comparison word stands before it, at most four words
    between ("rose to 228.2 mln marks from 161.7 mln", "115.3 mln stg after 81.3 mln", "801 millions,
    contre un bénéfice de 141 millions"), and an amount of the same dimension comes before it in its
    sentence."""
    adjacent = language_cues(doc.lang, "syntax", "compared_with").ends_at(doc.text, q["start"], reach=25)
    lo = max(sentence[0], q["start"] - 45)
    if not adjacent and not any(re.fullmatch(r"(?:\s+[^\W\d_][\w'’-]*){0,4}\s*", doc.text[e:q["start"]])
                                for _s, e, _t in language_cues(doc.lang, "syntax", "compared_with_gap").finditer(
                                    doc.text, lo, q["start"])):
        return False  # "contre un bénéfice de 141 millions": a few words may name the metric again
    dim = M.dimension(q["unit_norm"])
    return any(sentence[0] <= o["start"] and o["end"] <= q["start"] and M.dimension(o["unit_norm"]) == dim
               for o in numeric)


def _base_period(doc: _Document, q: dict, dates: list[dict], current: str | None) -> tuple[str | None, str]:
    """The period of a comparison's earlier value: a date after it, words only between ("from 161.7 mln in
    1985", "against 5.2 pct in the same 1986 period"), else the current period a year back when a
    year-ago phrase follows it or leads to it ("257 mln the previous year", "compared with a year-earlier
    profit of"), else unknown ("after 81.3 mln previously"): (None, "comparison"), and the value is no fact."""
    own = next((d for d in dates if 0 <= d["start"] - q["end"] <= 30
                and re.fullmatch(r"[^\W\d_\s]*(?:\s+[^\W\d_]+)*\s*", doc.text[q["end"]:d["start"]])), None)
    if own is not None:
        return own["value_text"], "comparison"
    after = doc.text[q["end"]:q["end"] + 30]
    ago = language_cues(doc.lang, "time", "year_ago")
    year_back = any(s <= 12 and int(v) == -1 for s, _e, v in _time_cues(doc.lang)[3].finditer(after)) \
        or any(s <= 12 for s, _e, _t in ago.finditer(after)) \
        or any(ago.finditer(doc.text, max(0, q["start"] - 30), q["start"]))
    if year_back and current:  # every year of it: "1987-Q1" → "1986-Q1", "1987-01/1987-09" → "1986-01/1986-09"
        return re.sub(r"\d{4}", lambda y: f"{int(y.group()) - 1:04d}", current), "comparison"
    return None, "comparison"


def _scope(doc: _Document, pick: _Pick) -> str | None:
    """What the value is limited to: the place of a crowd's count, the form of payment of an offer, the
    quantity a rise or a fall is a change of, the class of shares a per-share amount is paid on."""
    entry = M.metric(pick.metric)
    if entry.get("place_scope"):
        return claims.scope(doc.text, pick.sentence, pick.q, doc.quantities, doc.mentions, pick.subject.mention.name)
    if entry.get("payment_scope"):
        return claims.payment(doc.text, doc.lang, pick.sentence, pick.q, doc.quantities)
    if entry.get("change_of"):
        a, b = pick.clause
        return M.changed_metric(doc.text[a:b], pick.q["start"] - a, pick.q["end"] - a, doc.lang)
    if M.dimension(pick.q["unit_norm"]) == "money":
        return claims.share_class(doc.text, doc.lang, pick.q)  # "four cents per 'B' share": B shares only
    return None


def link_document(doc_id: str, text: str, lang: str, published: date | None, quantities: list[dict],
                  left_out: dict | None = None) -> list[dict]:
    """The facts of one document (FACTS rows as dicts). `left_out`, when given, receives
    (start, end) → the reason of every quantity that became no fact."""
    doc = _document(doc_id, text, lang, published, quantities)
    picks, reasons = [], {}
    for q in doc.quantities:
        outcome = _not_an_amount(doc, q) or _pick(doc, q)
        if isinstance(outcome, str):
            reasons[(q["start"], q["end"])] = outcome
        else:
            picks.append(outcome)
    kept = _one_date_per_cue(picks)
    kept_ids = {id(p) for p in kept}
    for p in picks:
        if id(p) not in kept_ids:
            reasons[(p.q["start"], p.q["end"])] = "a second date for one date cue"
    not_periods = {id(p.q) for p in kept if M.metric(p.metric).get("period_source", True) is False}
    period_dates = [d for d in doc.dates if id(d) not in not_periods]
    numeric = [q for q in doc.quantities if q["unit_norm"] != "date"
               and not any(st.start <= q["start"] and q["end"] <= st.end for st in doc.steps)]
    rows, last_claimant = [], None
    for p in kept:
        claimant = claims.claimant(doc.text, doc.lang, p.sentence, p.q, doc.quantities, last_claimant)
        last_claimant = claimant or last_claimant
        row = _fact_row(doc, p, period_dates, numeric, claimant)
        if row["period_how"] == "comparison" and row["period"] is None:
            reasons[(p.q["start"], p.q["end"])] = "the earlier value of a comparison ('from 9.3 mln'), its period not said"
            continue
        rows.append(row)
    if left_out is not None:
        left_out.update(reasons)
    return rows


def link(quantities: pl.DataFrame, documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """QUANTITIES + documents in; out FACTS, and the quantities with `no_fact`: why each that became no
    fact did not (no metric cue near it, no single entity the rules could name, ...), NULL for the
    others."""
    quantities = quantities.drop("no_fact", strict=False)
    if quantities.is_empty() or documents.is_empty():
        return empty(FACTS), quantities.with_columns(pl.lit(None, dtype=pl.String).alias("no_fact"))
    cols = [c for c in ("doc_id", "text", "language", "published") if c in documents.columns]
    docs = {d["doc_id"]: d for d in documents.select(cols).to_dicts()}
    rows: list[dict] = []
    reasons: list[tuple[str, int, int, str]] = []
    for (doc_id,), frame in quantities.partition_by("doc_id", as_dict=True, maintain_order=True).items():
        doc = docs.get(doc_id)
        if doc is None or not doc.get("text"):
            continue
        qs = frame.to_dicts()
        lang = doc.get("language") or (qs[0].get("lang") if qs else None) or "en"
        left_out: dict = {}
        rows.extend(link_document(doc_id, doc["text"], lang, doc.get("published"), qs, left_out))
        reasons += [(doc_id, s, e, why) for (s, e), why in left_out.items()]
    why = pl.DataFrame(reasons, schema={"doc_id": pl.String, "start": pl.Int64, "end": pl.Int64, "no_fact": pl.String},
                       orient="row").unique(subset=["doc_id", "start", "end"], keep="first")
    annotated = quantities.join(why, on=["doc_id", "start", "end"], how="left", maintain_order="left")
    if not rows:
        return empty(FACTS), annotated
    facts = conform(pl.DataFrame(rows, schema=FACTS), FACTS)
    return facts.unique(subset="fact_id", keep="first", maintain_order=True), annotated


def link_facts(quantities: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """QUANTITIES + documents in, FACTS out (see the module docstring)."""
    return link(quantities, documents)[0]
