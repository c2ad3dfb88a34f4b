"""Facts: quantities tied to a subject, a metric, a modality and a period.

In: `link_facts(quantities, documents)`: QUANTITIES rows (transforms/schemas.py) and the documents
they come from (doc_id, text, language, published, published_precision). Out: FACTS rows, one per
quantity that fits a metric and has a subject; every other quantity is left out.

Per quantity, inside its sentence:
- metric: metrics.choose_metric (dimension must match, nearest cue wins);
- subject: the entity of an allowed type in the sentence (before the quantity first, then after it
  unless another quantity sits between), else the latest one in the three sentences before;
- modality: `planned` when a target/intention cue governs it ("prévoit", "plant", "berencana", "will",
  "d'ici la fin de l'année", a future tense), else `reported`;
- period: a date of its own statement in the clause (clause), a step from the last date ("trois mois
  plus tard", relative), a year named from the publication date ("d'ici la fin de l'année",
  published), else NULL: the publication date is never filled in blindly.
Vague amounts ("des milliers de", no digit), factors ("doubler"), parts ("…, dont 50 000 H200"),
prices of one share ("35 dlrs a share", [syntax] per_share), rates ("par mois", per_unit: only ever
a `price`), units a metric excludes ("608 ch" is no power capacity: `not_written_as`) and counts of a
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

from transforms import metrics as M
from transforms.entities import Cues, Mention, find_mentions, language_cues, language_lexicon
from transforms.schemas import FACTS, conform, empty

CONTEXT_SENTENCES = 3
_DURATION_UNITS = {"second": "s", "minute": "s", "hour": "s", "day": "D", "week": "W", "month": "M", "year": "Y"}
_CLAUSE_MARKS = re.compile(r"\s*[;:]\s+|\s+[–—-]\s+")
_INITIAL = re.compile(r"[A-Z]\.")
_SPACES = re.compile(r"[ \u00a0]*")
_MODEL_CODE = re.compile(r"[A-Za-z]+\d+\w*")


# ------------------------------------------------------------------------------------- sentences
@functools.cache
def _abbreviations(lang: str) -> frozenset[str]:
    return frozenset(language_lexicon(lang).get("syntax", {}).get("abbreviations", []))


_BOUNDARY = re.compile(r"[.!?…]+[\"'»”’)\]]*[ \t\u00a0]+(?=[\"'«“(\[]?(?:[A-ZÀ-ÖØ-Þ0-9]|[a-z]+[A-Z]))|\n+")


def sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` (a line break always ends one)."""
    abbreviations = _abbreviations(lang)
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] != "\n":
            word = text[:m.start() + 1].rsplit(None, 1)[-1] if text[:m.start() + 1].strip() else ""
            if word in abbreviations or _INITIAL.fullmatch(word):
                continue
        if text[start:m.start()].strip():
            spans.append((start, m.end() if m.group(0)[0] != "\n" else m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Clause spans of the sentence text[s:e], cut at ; : and dashes."""
    out, start = [], s
    for m in _CLAUSE_MARKS.finditer(text, s, e):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, e))
    return out


def _index(spans: list[tuple[int, int]], pos: int) -> int:
    i = bisect.bisect_right([s for s, _ in spans], pos) - 1
    return max(i, 0)


# ----------------------------------------------------------------------------------------- dates
def _parse_iso(text: str | None) -> tuple[int, int | None, int | None] | None:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text or "")
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


def _shift(iso: str, amount: float, unit: str) -> str | None:
    """iso + amount unit (Y, M, W, D), at the precision of iso; None when that precision cannot say."""
    parsed = _parse_iso(iso)
    if parsed is None or amount != int(amount):
        return None
    year, month, day = parsed
    amount = int(amount)
    if unit == "Y":
        year += amount
    elif unit == "M":
        if month is None:
            return None if amount % 12 else _fmt(year + amount // 12, None, None)
        total = year * 12 + (month - 1) + amount
        year, month = divmod(total, 12)
        month += 1
        if day is not None:
            day = min(day, calendar.monthrange(year, month)[1])
    elif unit in ("W", "D"):
        if day is None:
            return None
        days = amount * (7 if unit == "W" else 1)
        d = date.fromordinal(date(year, month, day).toordinal() + days)
        year, month, day = d.year, d.month, d.day
    else:
        return None
    return _fmt(year, month, day)


def _fmt(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


@functools.cache
def _time_cues(lang: str) -> tuple[Cues, Cues, Cues, Cues]:
    time = language_lexicon(lang).get("time", {})
    later = Cues((c, 1) for c in time.get("later", []))
    earlier = Cues((c, -1) for c in time.get("earlier", []))
    steps = Cues((phrase + "$", iso) for phrase, iso in time.get("steps", {}).items())
    years = Cues((phrase + "$", offset) for phrase, offset in time.get("year_offsets", {}).items())
    return later, earlier, steps, years


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
            step.value = _shift(max(anchors)[1], step.amount, step.unit)


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


def _choose_subject(q: dict, mention_list: list[Mention], sents, here: int, clause: tuple[int, int],
                    entry: dict, others: list[dict]) -> Mention | None:
    types = entry["subjects"]
    agent_first = entry.get("agent_first", False)
    s_start, s_end = sents[here]
    blockers = [o["start"] for o in others if o["start"] >= q["end"] and o["start"] != q["start"]]

    def role_rank(m: Mention) -> int:
        if m.role == "agent":
            return 0 if agent_first else 1
        return {"": 1, "compound": 2, "oblique": 3}.get(m.role, 4)

    best, best_key = None, None
    for m in mention_list:
        if m.start >= s_end:
            break
        if m.start < s_start or m.type not in types or m.role == "modifier":
            continue
        if m.start < q["end"] and q["start"] < m.end:
            continue
        same_clause = clause[0] <= m.start < clause[1]
        if m.end <= q["start"]:
            loc = 0 if same_clause else 1
            tiebreak = m.start if same_clause else q["start"] - m.end
        else:
            if any(q["end"] <= b < m.start for b in blockers):
                continue
            loc = 2 if same_clause else 3
            tiebreak = m.start - q["end"]
        key = (role_rank(m), types.index(m.type), loc, tiebreak)
        if best_key is None or key < best_key:
            best, best_key = m, key
    if best is not None:
        return best
    for back in range(here - 1, max(here - 1 - CONTEXT_SENTENCES, -1), -1):
        b_start, b_end = sents[back]
        pool = [m for m in mention_list if b_start <= m.start < b_end and m.type in types
                and m.role not in ("modifier", "oblique")]
        if pool:
            return min(pool, key=lambda m: (types.index(m.type), -m.start))
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


def _object_of_cue(text: str, cue_end: int, mention_list: list[Mention]) -> Mention | None:
    """The organisation right after a buy cue ("l'achat de Twitter"), small words allowed between."""
    for m in mention_list:
        if m.start >= cue_end and m.type in ("company", "product"):
            between = text[cue_end:m.start]
            if len(between) <= 12 and all(len(w) <= 3 for w in re.findall(r"\w+", between)):
                return m
            return None
    return None


def _one_date_per_cue(picked: list[tuple]) -> list[tuple]:
    """A date cue names one date: "Das 2016 gegründete Unternehmen hatte im vergangenen Jahr …" is
    founded 2016 only. Of the dates that chose the same cue, the nearest keeps it."""
    best: dict[tuple, tuple[int, int]] = {}
    for i, (q, name, _subject, choice, sentence, *_rest) in enumerate(picked):
        if M.metric(name)["kind"] != "date" or choice.cue_start is None:
            continue
        cue = (name, sentence[0] + choice.cue_start, sentence[0] + choice.cue_end)
        gap = max(cue[1] - q["end"], q["start"] - cue[2], 0)
        if cue not in best or gap < best[cue][0]:
            best[cue] = (gap, i)
    keep = {i for _gap, i in best.values()}
    return [p for i, p in enumerate(picked)
            if M.metric(p[1])["kind"] != "date" or p[3].cue_start is None or i in keep]


def _per_what(text: str, lang: str, end: int) -> str | None:
    """"per_share" or "per_unit" when an amount ending at `end` is a price of one share or a rate
    ("a share", "je Aktie", "par mois", "per barel"), else None."""
    at = _SPACES.match(text, end).end()
    for key in ("per_share", "per_unit"):
        cues = language_cues(lang, "syntax", key)
        if any(s == at for s, _e, _t in cues.finditer(text, at, at + 30)):
            return key
    return None


def link_document(doc_id: str, text: str, lang: str, published: date | None, quantities: list[dict]) -> list[dict]:
    """The facts of one document (FACTS rows as dicts)."""
    quantities = sorted(quantities, key=lambda q: (q["start"], q["end"]))
    sents = sentences(text, lang) or [(0, len(text))]
    mention_list = find_mentions(text, lang, M.attribute_cues(lang))
    dates = [q for q in quantities if q["unit_norm"] == "date" and q["value_text"]]
    steps = _steps(text, lang, quantities)
    _resolve_steps(steps, dates, sents)
    subset = language_cues(lang, "syntax", "subset")
    multipliers = language_cues(lang, "syntax", "multipliers")

    picked: list[tuple[dict, str, Mention, M.Choice, tuple[int, int], tuple[int, int], int]] = []
    for q in quantities:
        if q["unit_norm"] is None or _is_vague(q) or subset.ends_at(text, q["start"], reach=25):
            continue
        if any(True for _ in multipliers.finditer(q["surface"] or "")):  # "doubler": a factor, not an amount
            continue
        if any(st.start <= q["start"] and q["end"] <= st.end for st in steps) and q["unit_norm"] != "date":
            continue
        here = _index(sents, q["start"])
        s_start, s_end = sents[here]
        sentence = text[s_start:s_end]
        choice = M.choose_metric(q["unit_norm"], sentence, q["start"] - s_start, q["end"] - s_start, lang,
                                 q.get("object"), _axis(q, quantities))
        if choice is None:
            continue
        name = choice.metric
        entry = M.metric(name)
        if (q["surface"] or "").split()[-1:] and (q["surface"] or "").split()[-1].strip(".,") in entry.get("not_written_as", ()):
            continue
        if M.dimension(q["unit_norm"]) == "money":
            rate = _per_what(text, lang, q["end"])
            if rate == "per_share" or (rate == "per_unit" and name != "price"):
                continue  # "35 dlrs a share", "5,99 dollars par mois": not the value of a deal or a company
        if entry.get("entity_object") and choice.cue_end is not None:
            if _object_of_cue(text, s_start + choice.cue_end, mention_list):
                name, entry = entry["entity_object"], M.metric(entry["entity_object"])
        clause = next(((a, b) for a, b in _clauses(text, s_start, s_end) if a <= q["start"] < b), (s_start, s_end))
        subject = _choose_subject(q, mention_list, sents, here, clause, entry, quantities)
        if subject is None:
            continue
        if entry.get("not_of_person") and _person_between(text, q, subject, mention_list, s_start):
            continue  # "Donald Trump aux 80 millions d'abonnés sur Twitter": a person's followers, not X's users
        picked.append((q, name, subject, choice, (s_start, s_end), clause, here))

    picked = _one_date_per_cue(picked)
    not_periods = {id(q) for q, name, *_ in picked if M.metric(name).get("period_source", True) is False}
    period_dates = [d for d in dates if id(d) not in not_periods]
    numeric = [q for q in quantities if q["unit_norm"] != "date"
               and not any(st.start <= q["start"] and q["end"] <= st.end for st in steps)]
    rows = []
    for q, name, subject, _choice, sentence, clause, _here in picked:
        planned = _planned(text, lang, q, sentence, clause, numeric)
        if M.metric(name)["kind"] == "date":
            period, how = None, None
        else:
            own = _own_dates(q, clause, period_dates, numeric, text, lang)
            years = _own_dates(q, clause, _year_phrases(text, lang, clause, published, dates), numeric, text, lang)
            period, how = _period(q, planned, clause, own, steps, years)
        value = q["value_text"] if q["unit_norm"] == "date" else q["value_norm"]
        rows.append({
            "fact_id": _fact_id(doc_id, q["start"], q["end"], subject.name, name, value),
            "doc_id": doc_id, "subject": subject.name, "subject_how": subject.how, "metric": name,
            "value": q["value"], "unit": q["unit"], "value_norm": q["value_norm"], "unit_norm": q["unit_norm"],
            "value_text": q["value_text"], "bound": q["bound"], "modality": "planned" if planned else "reported",
            "period": period, "period_how": how, "start": q["start"], "end": q["end"], "surface": q["surface"],
            "snippet": text[sentence[0]:sentence[1]].strip(),
        })
    return rows


def link_facts(quantities: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """QUANTITIES + documents in, FACTS out (see the module docstring)."""
    if quantities.is_empty() or documents.is_empty():
        return empty(FACTS)
    cols = [c for c in ("doc_id", "text", "language", "published") if c in documents.columns]
    docs = {d["doc_id"]: d for d in documents.select(cols).to_dicts()}
    rows: list[dict] = []
    for (doc_id,), frame in quantities.partition_by("doc_id", as_dict=True, maintain_order=True).items():
        doc = docs.get(doc_id)
        if doc is None or not doc.get("text"):
            continue
        qs = frame.to_dicts()
        lang = doc.get("language") or (qs[0].get("lang") if qs else None) or "en"
        rows.extend(link_document(doc_id, doc["text"], lang, doc.get("published"), qs))
    if not rows:
        return empty(FACTS)
    frame = conform(pl.DataFrame(rows, schema=FACTS), FACTS)
    return frame.unique(subset="fact_id", keep="first", maintain_order=True)
