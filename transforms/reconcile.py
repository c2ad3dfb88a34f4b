"""Reconcile: what several sources say about one fact.

In: `reconcile(facts, documents)`: FACTS rows (columns beyond FACTS are ignored) and the documents
(doc_id, language, published, text). Out: CONSENSUS rows, one per (subject, metric, modality, period,
unit_norm) group, with its status (n_sources counts documents, n_independent_sources independent ones):
- agreed: the values do not contradict each other and two or more independent sources each give a
  point value (bound exact or approx) within tolerance of the others (2 %; 6 % when one is approximate);
  bounds of other sources are respected ("plus de 5 milliards", 6 milliards and 6 milliards); or two or
  more independent sources all state the same figure, however bounded ("plus de 5 milliards" ×3, "up
  to 10 seconds" and "10 seconds": the same number, reported alike);
- compatible: the values do not contradict each other, but the agreement rests on the open side of
  one-sided values (at_least, at_most, a range's ends): two or more independent sources that state
  different figures ("plus de 42.000 salariés" and "45 000"; "more than 40" and "up to 50");
- conflict: values that cannot all hold at once (100 and 104; "more than 5 bn" and 4 bn); every value
  and its document is kept. Reprints that give different values are a conflict too: the copies say it;
- single_source: one independent source (one document, or reprints of one text: n_sources may be 2+).
Claims: facts of one key with different scopes (the place a crowd's count is limited to: "4 000 à
Paris") or claimants (who the text credits: "1 400 selon la police, 2 000 selon les organisateurs") are
different claims (transforms/claims.py), reconciled apart and never compared: the row of a period is
the best-attested claim (most independent sources, then documents), its scope and claimant beside it;
the other claims stay in facts.
Independent sources: documents whose texts are near duplicates (one wire story reprinted by several
papers: half of the shorter text's 5-word shingles in the other, transforms/reprints.py) are one source,
n_independent_sources counts these clusters. Only documents of one (subject, metric) key are compared.
Within a row, documents whose facts stand in the same sentence (half of the shorter sentence's 5-word
shingles in the other: a wire story's sentence kept by several rewrites) are one source too.
Targets (modality planned) are grouped apart from reported values, unless a target's value matches a
reported group (then the sources agree on the number, however they worded the plan). As CONSENSUS
has no modality column, target rows are named <metric>_target ("gpu_count_target"): the key stays unique.
Time first: values with different periods are a history, not a conflict (100 000 GPUs in 2024-09,
200 000 in 2024-12). A fact with a coarser period ("2024") joins a finer group ("2024-09") whose value
it matches; a fact with no period joins the dated group whose value it matches. Undated values that
match none are grouped by value and by time (the same figure in two articles published on days further
apart than the window below is two moments, not an agreement: _by_time), and two values only conflict when their documents could describe the
same time: published at most WINDOW_DAYS (183: about two quarterly reports; a level such as users or
staff moves further than that) apart, EVENT_WINDOW_DAYS (31) for events (a deal, a round, a launch:
a month later it is most likely another one); `same_time_days` in metrics.toml overrides. A document
with no publication date is placed by the latest year its text names (that year or the next); with
none it never conflicts with a dated one (two undated ones could be the same time). Values reported
further apart are a history: one row per time span, its `period` the span of publication dates
("2017-03-02/2017-08-15", an ISO 8601 interval; NULL when there is only one span; of two events
only placed by the same guessed years, the better attested keeps the row). A lone undated
source against the one value known over time (no history) is a conflict with it only when it was
published during that period or up to the window after it, and never for a total over a period
(`period_total`: revenue, profit, exports …), which undated may be any quarter's or year's ("IBM said
net income fell to 785 mln dlrs", a quarter's, against 1986's 4.8 billion): it stays its own row.
One article, one claim: several values one document gives under one key ("net profit 5 mln vs 3 mln")
are comparisons or parts, not a disagreement; a conflict needs two values each stated alone by some
document (else the row keeps the best-attested value; the others stay in facts). Dates of one subject
more than a year apart are two events (two launches), not a conflict. An amount written with a scale
word is as precise as its digits ("$9bn" allows 8.5 to 9.5 bn, "1.4 billion" 1.35 to 1.45).
Dates agree when one is a prefix of the other ("2024", "2024-09").
Currencies: amounts of one subject and metric in different currencies are one key, compared in euros
at the ECB reference rate of each document's publication date (transforms/currencies.py: "$45 bn" and
"€41.6 bn" of 28 March 2025 agree; a converted amount may be 3 % off either way). With no publication
date, the rate of the middle of the years its text places it in (as above), else the latest rate,
and a converted amount may be 10 % off either way (rates move that much in a year or two). The row's
unit_norm is the currency most of its facts use (then most documents, then the one stated first) and
its value_norm is in that currency; values_norm are each fact's own value_norm, never converted, in
the unit beside it in units_norm. A currency the rates do not cover on a document's day (every rate
before 1999, the rupiah before 2005) stays its own key, unconverted.
Names: a discovered name is read as one longer discovered name only when every extra word of the
longer one says nothing of who it is: a legal form, a generic or organisation word, or an acronym of
the stop words (`[discovery]` of lexicon/entities.toml): "Brightline" is "Brightline Systems", "Aubrac"
"Aubrac AI", "Cakra Data" "PT Cakra Data"; "Renault" is never "Renault Sovab". Lexicon names are
canonical already; a name with two such longer readings ("Delta Airlines", "Delta Electronics") stays.
A name is also read as the subject of another document that defines it as that subject's acronym
(facts.subject_aliases: "Zeeland Offshore Partners (ZOP)"), when only one subject is so defined and
both have facts of the metric: a short acronym spells other names elsewhere ("CEE" of a bank's
Central and Eastern Europe, of a "Comunidad Económica Eurasiática").
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from transforms import currencies
from transforms import metrics as M
from transforms.entities import empty_name_words, language_cues
from transforms.reprints import SIMILAR, join, overlap, root_of, shingles
from transforms.reprints import clusters as reprint_clusters
from transforms.schemas import CONSENSUS, conform, empty

TOLERANCE = 0.02         # relative, between exact values
TOLERANCE_APPROX = 0.06  # when a value is approximate ("près de", "rund", "sekitar")
WINDOW_DAYS = 183        # undated values reported further apart than this are a history, not a conflict
DATE_EVENTS_DAYS = 366   # two dates of one subject's metric further apart than this are two events
EVENT_WINDOW_DAYS = 31   # the same for events (a deal, a round, a launch): a month later it is another one
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
TARGET_SUFFIX = "_target"  # consensus name of a planned group ("gpu_count_target"), see reconcile()
POINT_BOUNDS = ("exact", "approx")  # a point value; the other bounds are one-sided
MONEY = "*money"         # unit of a key that pools amounts in several currencies (see _keyed)


_SCALED = re.compile(r"(\d+)(?:[.,](\d{1,2}))?(?!\d)\s*(?:[^\W\d]+\s+)?(?:billion|bn|milliards?|miliar|Milliarden?|Mrd|"
                     r"mil millones|million|millions|mln|mn|millones|millón|juta|Millionen|Million|Mio|trillion|triliun|"
                     r"m|b|M|B)\b", re.IGNORECASE)


MAX_ROUNDING = 0.25  # "1 millón" is 0.75 to 1.25 million, not 0.5 to 1.5: half a million is another figure


def _rounding(surface: str | None) -> float:
    """Relative half-width a rounded amount allows: "$9bn" is 8.5 to 9.5 bn, "1.4 billion" 1.35 to 1.45;
    only amounts written with a scale word (a whole number like "100 000" is exact), and at most
    MAX_ROUNDING ("1 millón de dosis" and "cerca de 500,000 dosis" are two figures)."""
    m = _SCALED.search(surface or "")
    if not m:
        return 0.0
    whole, decimals = m.group(1), m.group(2) or ""
    mantissa = float(f"{whole}.{decimals}" if decimals else whole)
    if mantissa <= 0:
        return 0.0
    return min(0.5 * 10 ** -len(decimals) / mantissa, MAX_ROUNDING)


def _interval(value: float, bound: str | None, surface: str | None = None, slack: float = 0.0) -> tuple[float, float]:
    """The values a stated value allows (`slack`: how far, ± relative, a converted amount may be off)."""
    half = max((TOLERANCE_APPROX if bound == "approx" else TOLERANCE) / 2, _rounding(surface), slack)
    low, high = value * (1 - half), value * (1 + half)
    if low > high:
        low, high = high, low
    if bound in ("at_least", "range_low"):
        return low, math.inf
    if bound in ("at_most", "range_high"):
        return -math.inf, high
    return low, high


def _span(fact: dict) -> tuple[float, float]:
    """The values a fact allows."""
    return _interval(fact["value_norm"], fact["bound"], fact.get("surface"), fact.get("_fx", 0.0))


@dataclass
class _Group:
    """Facts grouped under one period; keeps the values all of them allow, as they come."""
    period: str | None
    facts: list[dict] = field(default_factory=list)
    low: float = -math.inf
    high: float = math.inf
    doc_ids: set = field(default_factory=set)

    def add(self, fact: dict) -> None:
        self.facts.append(fact)
        self.doc_ids.add(fact["doc_id"])
        if not _is_date(fact):
            a, b = _span(fact)
            self.low, self.high = max(self.low, a), min(self.high, b)

    def docs(self) -> set[str]:
        return self.doc_ids

    def window(self) -> tuple[float, float] | None:
        """Values every member allows (None: they disagree)."""
        return (self.low, self.high) if self.low <= self.high else None

    def agrees(self) -> bool:
        if _is_date(self.facts[0]):
            texts = sorted((f["value_text"] for f in self.facts), key=len)
            return all(texts[-1].startswith(t) for t in texts)
        return self.window() is not None

    def accepts(self, fact: dict) -> bool:
        """Whether `fact`'s value matches this group's value."""
        if _is_date(fact):
            texts = sorted([_mode_text(self.facts), fact["value_text"]], key=len)
            return texts[1].startswith(texts[0])
        window = self.window()
        if window is None:
            window = _interval(_mode_value(self.facts), "exact")
        a, b = _span(fact)
        return max(a, window[0]) <= min(b, window[1]) and not self.counts_something_else(fact)

    def counts_something_else(self, fact: dict) -> bool:
        """A member of the same language names another counted thing ("15,000 tonnes of poultry" and
        "15,000 tonnes of wheat"): a value that merely coincides."""
        return any(f.get("_object") and fact.get("_object") and f["_object"] != fact["_object"]
                   and f.get("_lang") == fact.get("_lang") for f in self.facts)


def _is_date(fact: dict) -> bool:
    return fact["unit_norm"] == "date" or fact["value_norm"] is None


def _mode_value(facts: list[dict]) -> float:
    """The value cited by the most documents (exact statements first)."""
    exact = [f for f in facts if f["bound"] in ("exact", "approx")] or facts
    docs: dict[float, set] = {}
    for f in exact:
        docs.setdefault(f["value_norm"], set()).add(f["doc_id"])
    return max(docs, key=lambda v: (len(docs[v]), sum(1 for f in exact if f["value_norm"] == v), -v))


def _mode_text(facts: list[dict]) -> str:
    counts = Counter(f["value_text"] for f in facts)
    return max(counts, key=lambda t: (counts[t], len(t), t))


def _best(groups: list[_Group]) -> _Group:
    return max(groups, key=lambda g: (len(g.docs()), g.period or ""))


def _group(facts: list[dict], times: dict, days: int = 0, total: bool = False) -> list[_Group]:
    """Split the facts of one (subject, metric, modality, unit) into period groups. `total`: the metric
    is a total over a period (`period_total`), whose undated value joins no dated group it disagrees
    with ("IBM said net income fell to 785 mln dlrs" is a quarter's, not 1986's 4.8 billion)."""
    groups: dict[str, _Group] = {}
    for f in sorted((f for f in facts if f["period"]), key=lambda f: (-len(f["period"]), f["period"])):
        if f["period"] in groups:
            groups[f["period"]].add(f)
            continue
        finer = [g for g in groups.values() if g.period.startswith(f["period"]) and g.accepts(f)]
        if finer:
            _best(finer).add(f)
        else:
            groups[f["period"]] = _Group(f["period"])
            groups[f["period"]].add(f)
    dated = list(groups.values())
    undated: list[dict] = []
    for f in (f for f in facts if not f["period"]):
        matching = [g for g in dated if g.accepts(f)]
        if matching:
            _best(matching).add(f)
        else:
            undated.append(f)
    if not undated:
        return dated
    history = len({_mode_text(g.facts) if _is_date(g.facts[0]) else _mode_value(g.facts) for g in dated}) > 1
    undated_docs = {f["doc_id"] for f in undated}
    if (dated and not history and not total and len(undated_docs) == 1 and all(f["modality"] == "reported" for f in undated)
            and _could_be_same_time(_best(dated), times.get(undated[0]["doc_id"]), times, days)):
        # one source, no date, against the one value known over time: time cannot explain it
        target = _best(dated)
        for f in undated:
            target.add(f)
        return dated
    # several sources agreeing on an undated value, or a known history: another moment's value
    return dated + _undated_groups(undated, times, days)


def _undated_groups(facts: list[dict], times: dict, days: int) -> list[_Group]:
    """Facts with no period: the values sources agree on, then a conflict only between values whose
    documents could describe the same time (published within WINDOW_DAYS of each other, or both
    with no date at all). Values reported far apart in time are a history: each time span is its own
    group, named by the publication dates it spans ("2017-03-02/2017-05-30"); one span keeps NULL."""
    values = [part for g in _values(facts) for part in _by_time(g, times, days)]
    parent = list(range(len(values)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    spans = [[times.get(d) for d in sorted(g.docs())] for g in values]
    for i in range(len(values)):
        for j in range(i + 1, len(values)):
            if root(i) != root(j) and any(_contemporary(a, b, days) for a in spans[i] for b in spans[j]):
                parent[root(j)] = root(i)
    components: dict[int, list[_Group]] = {}
    for i, g in enumerate(values):
        components.setdefault(root(i), []).append(g)
    out = []
    for members in components.values():
        group = _Group(None)
        for g in members:
            for f in g.facts:
                group.add(f)
        out.append(group)
    if len(out) > 1:
        for group in out:
            known = [times[d] for d in group.docs() if times.get(d)]
            if known:
                lo, hi = min(t[0] for t in known), max(t[1] for t in known)
                group.period = f"{date.fromordinal(lo).isoformat()}/{date.fromordinal(hi).isoformat()}"
        # at most one span with no known date keeps NULL. Two events placed only by the same guessed
        # years ("2006-01-01/2007-12-31") cannot be told apart nor compared: the better attested one
        # keeps the row, the other stays in facts only (no conflict is claimed, keys stay unique)
        best: dict = {}
        for group in out:
            other = best.get(group.period)
            if other is None or len(group.docs()) > len(other.docs()):
                best[group.period] = group
        out = [g for g in out if best[g.period] is g]
    return out


def _by_time(group: _Group, times: dict, days: int) -> list[_Group]:
    """The facts of one value split by the time their documents could describe (_contemporary): the same
    figure in two documents published far apart is two moments, not two sources agreeing ("10 mln dlrs in
    credit guarantees" to Yemen in February and to Mexico in April; gusts of 100 km/h in two winters).
    Only publication days tell it: a document placed by no date, or only by the years its text names,
    may be of either time and stays with them."""
    docs = sorted(group.docs())
    parent = {d: d for d in docs}
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            if not _published_apart(times.get(a), times.get(b), days):
                join(parent, a, b)
    parts: dict[str, _Group] = {}
    for f in group.facts:
        parts.setdefault(root_of(parent, f["doc_id"]), _Group(None)).add(f)
    return list(parts.values())


def _published_apart(a: tuple[int, int] | None, b: tuple[int, int] | None, days: int) -> bool:
    """Both documents were published on a known day, more than `days` apart."""
    return a is not None and b is not None and a[0] == a[1] and b[0] == b[1] and abs(a[0] - b[0]) > days


def _values(facts: list[dict]) -> list[_Group]:
    """The facts split into groups of values that agree (a fact joins the first group that accepts it)."""
    values: list[_Group] = []
    for f in sorted(facts, key=lambda f: (f["value_text"] or "", f["value_norm"] or 0.0, f["doc_id"], f["start"])):
        home = next((g for g in values if g.accepts(f)), None)
        if home is None:
            home = _Group(None)
            values.append(home)
        home.add(f)
    return values


def _settle(group: _Group, may_conflict: bool = True) -> _Group:
    """One article, one claim: a conflict needs two documents that each state only their own value.
    Values an article gives beside another one ("net profit 5 mln vs 3 mln", "5 100 jobs in Germany,
    5 000 in France") are comparisons or parts, not a disagreement: when fewer than two values are
    stated alone by some document, the group keeps the value most documents give (the earliest
    stated on a tie) and the other values stay in facts only. A metric that names no single quantity
    (`may_conflict = false` in metrics.toml: a growth rate, a share count, a share price) never
    claims a conflict: different values are most often different things, so the row keeps the best
    attested value."""
    values = _values(group.facts)
    if len(values) < 2:
        return group
    seen: dict[str, int] = Counter(d for g in values for d in g.docs())
    alone = [g for g in values if any(seen[d] == 1 for d in g.docs())]
    if may_conflict and len(alone) >= 2 and not _coinciding(values) and not (_is_date(group.facts[0]) and _far_apart_dates(alone)):
        return group
    pool = alone or values
    best = max(pool, key=lambda g: (len(g.docs()), -min(f["start"] for f in g.facts)))
    kept = _Group(group.period)
    for f in best.facts:
        kept.add(f)
    return kept


def _coinciding(values: list[_Group]) -> bool:
    """Two groups whose values agree, kept apart only because they count different things: neither a
    conflict nor an agreement."""
    return any(not _is_date(a.facts[0]) and max(a.low, b.low) <= min(a.high, b.high)
               for i, a in enumerate(values) for b in values[i + 1:])


OBJECT_UNITS = ("kg", "m3", "m2")  # a mass, a volume or an area names what it measures after it


def counted_object(fact: dict, lang: str | None) -> str | None:
    """What a mass, a volume or an area measures, when its sentence joins it to the amount with a
    `measure_of` word ("tonnes of poultry" → poultry, "tonnes de blé" → blé; a determiner may follow).
    None otherwise: the next word may be a verb or a date ("65 hectares sont partis")."""
    if fact.get("unit_norm") not in OBJECT_UNITS or not fact.get("snippet") or not fact.get("surface") or not lang:
        return None
    at = fact["snippet"].find(fact["surface"])
    if at < 0:
        return None
    rest = fact["snippet"][at + len(fact["surface"]):].lstrip(" \u00a0")
    joined = next(iter(language_cues(lang, "syntax", "measure_of").finditer(rest, 0, min(len(rest), 12))), None)
    if joined is None or joined[0] != 0:
        return None  # "65 hectares sont partis", "1.8 mln tonnes in calendar 1987": not said
    rest = rest[joined[1]:].lstrip(" \u00a0'’")
    article = next(iter(language_cues(lang, "syntax", "determiners").finditer(rest, 0, min(len(rest), 12))), None)
    if article is not None and article[0] == 0:
        rest = rest[article[1]:].lstrip(" \u00a0'’")
    word = re.match(r"[^\W\d_][\w\-]{2,}", rest)
    return word.group(0).casefold() if word else None


def _far_apart_dates(values: list[_Group]) -> bool:
    """Dates of one subject more than DATE_EVENTS_DAYS apart ("launched in March 2002", "in 2005") are
    different events (two products, two sites), not one date the sources disagree on."""
    days = []
    for g in values:
        span = _period_span(_mode_text(g.facts))
        if span is None:
            return False
        days.append(span)
    return all(max(a[0], b[0]) - min(a[1], b[1]) > DATE_EVENTS_DAYS
               for i, a in enumerate(days) for b in days[i + 1:])


def _contemporary(a: tuple[int, int] | None, b: tuple[int, int] | None, days: int) -> bool:
    """Whether two documents could describe the same time: both undated (nothing tells them apart),
    or publication spans at most WINDOW_DAYS apart. An undated document never conflicts with a dated one."""
    if a is None or b is None:
        return a is None and b is None
    if days < WINDOW_DAYS and max(a[1] - a[0], b[1] - b[0]) > days:
        return False  # a year guessed from the text cannot place an event to the month
    return max(a[0], b[0]) - min(a[1], b[1]) <= days


_PART = re.compile(r"^(\d{4})-([QH])([1-4])$")


def _period_span(period: str) -> tuple[int, int] | None:
    """The first and last day (ordinals) of a period: "2024", "2024-09", "2024-09-15", a quarter or a half
    ("1987-Q1", "2024-H2") or an interval ("2024-01/2024-06"); None when it is none of these."""
    if period and "/" in period:
        a, b = (_period_span(p) for p in period.split("/", 1))
        return (a[0], b[1]) if a and b and a[0] <= b[1] else None
    part = _PART.match(period or "")
    if part:
        year, size, n = int(part.group(1)), 3 if part.group(2) == "Q" else 6, int(part.group(3))
        if size == 6 and n > 2:
            return None
        first, last = (n - 1) * size + 1, n * size
        return date(year, first, 1).toordinal(), date(year, last, calendar.monthrange(year, last)[1]).toordinal()
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", period or "")
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            d = date(year, int(m.group(2)), int(m.group(3))).toordinal()
            return d, d
        if m.group(2):
            month = int(m.group(2))
            return date(year, month, 1).toordinal(), date(year, month, calendar.monthrange(year, month)[1]).toordinal()
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    except ValueError:
        return None


def _could_be_same_time(group: _Group, when: tuple[int, int] | None, times: dict, days: int) -> bool:
    """Whether an undated-period fact of a document published `when` could speak of the time of a dated
    group: published during the group's period or up to WINDOW_DAYS after it. With no publication
    date, only when no document of the group has one either (nothing tells them apart)."""
    if when is None:
        return all(times.get(d) is None for d in group.docs())
    span = _period_span(group.period)
    if span is None:
        return True
    return span[0] - days <= when[1] and when[0] <= span[1] + days


def _period_total(metric: str) -> bool:
    """Whether `metric` is a total over a reporting period (`period_total` in metrics.toml: revenue,
    profit, exports …): an undated value of it is no statement about a dated one."""
    try:
        return bool(M.metric(metric).get("period_total", False))
    except KeyError:
        return False


def _may_conflict(metric: str) -> bool:
    """Whether different values of `metric` can be a disagreement (`may_conflict` in metrics.toml)."""
    try:
        return bool(M.metric(metric).get("may_conflict", True))
    except KeyError:
        return True


def _same_time_days(metric: str) -> int:
    """How far apart (days) two undated reports of `metric` may be published and still speak of the same
    moment: `same_time_days` in metrics.toml, else a month for events, half a year for levels (stocks)."""
    try:
        entry = M.metric(metric)
    except KeyError:
        return WINDOW_DAYS
    return int(entry.get("same_time_days", EVENT_WINDOW_DAYS if entry.get("kind") == "event" else WINDOW_DAYS))


def _document_times(documents: pl.DataFrame) -> dict[str, tuple[int, int] | None]:
    """doc_id → the days (ordinals, first and last) it was published in: its publication date; with
    none, the latest year its text names and the year after (an article is rarely older); else None."""
    out: dict[str, tuple[int, int] | None] = {}
    if "doc_id" not in documents.columns:
        return out
    cols = [c for c in ("doc_id", "published", "text") if c in documents.columns]
    for row in documents.select(cols).iter_rows(named=True):
        published = row.get("published")
        if published is not None:
            out[row["doc_id"]] = (published.toordinal(), published.toordinal())
            continue
        years = [int(y) for y in _YEAR.findall(row.get("text") or "")]
        years = [y for y in years if 1950 <= y <= date.today().year + 1]
        if years:
            top = max(years)
            out[row["doc_id"]] = (date(top, 1, 1).toordinal(), date(min(top + 1, 9998), 12, 31).toordinal())
        else:
            out[row["doc_id"]] = None
    return out


def _cores(name: str) -> set[str]:
    """The shorter names `name` reads as: without some of its leading or trailing empty words
    ("PT Cakra Data Tbk" → "Cakra Data Tbk", "PT Cakra Data", "Cakra Data"); never empty."""
    words, empty = name.split(), empty_name_words()
    lead = next((i for i, w in enumerate(words) if w not in empty), len(words))
    trail = next((i for i, w in enumerate(reversed(words)) if w.rstrip(",") not in empty), len(words))
    cores = {" ".join(words[i:len(words) - j]) for i in range(lead + 1) for j in range(trail + 1)
             if i < len(words) - j}
    return cores - {" ".join(words)}


def _same_subjects(facts: list[dict]) -> dict[str, str]:
    """Discovered names one source shortens: name → the one longer discovered name it reads as (see the
    module docstring: "Brightline" → "Brightline Systems", never "Renault" → "Renault Sovab"). Lexicon
    names are already canonical; a name with two widest readings keeps its own."""
    discovered = {f["subject"] for f in facts if f.get("subject_how") != "lexicon"}
    known = {f["subject"] for f in facts if f.get("subject_how") == "lexicon"}
    longer: dict[str, set[str]] = {}
    for name in discovered:
        for core in _cores(name):
            longer.setdefault(core, set()).add(name)
    out = {}
    for name in sorted(discovered - known):
        readings = longer.get(name, set())
        widest = [other for other in readings if not longer.get(other, set()) & readings]
        if len(widest) == 1:
            out[name] = widest[0]
    return out


def _written_as(facts: list[dict], names: set[str]) -> dict[str, str]:
    """Acronyms another document defines for its subject: acronym → that subject ("ZOP" → "Zeeland
    Offshore Partners" where one article writes "Zeeland Offshore Partners (ZOP)"). The evidence is a
    text's definition, not the names' shape. An acronym defined for two subjects stays itself."""
    owners: dict[str, set[str]] = {}
    for f in facts:
        for alias in f.get("subject_aliases") or ():
            if alias in names and alias != f["subject"]:
                owners.setdefault(alias, set()).add(f["subject"])
    return {alias: next(iter(subjects)) for alias, subjects in owners.items() if len(subjects) == 1}


def _by_modality(facts: list[dict], times: dict, days: int = 0, total: bool = False) -> list[tuple[str, list[_Group]]]:
    """Reported groups, then target groups. A target whose value matches a reported group joins it:
    sources word a plan differently ("s'étendra sur 81 ha", "auf einem 81 Hektar großen Gelände"),
    and the same number is agreement; a target that matches no reported value stays apart."""
    reported = [f for f in facts if f["modality"] != "planned"]
    planned = [f for f in facts if f["modality"] == "planned"]
    groups = _group(reported, times, days, total) if reported else []
    rest = []
    for f in planned:
        matching = [g for g in groups if g.agrees() and g.accepts(f)
                    and (g.period is None or not f["period"] or g.period.startswith(f["period"])
                         or f["period"].startswith(g.period))]
        if matching:
            _best(matching).add(f)
        else:
            rest.append(f)
    out = [("reported", groups)] if groups else []
    return out + ([("planned", _group(rest, times, days, total))] if rest else [])


SENTENCE_SHINGLES = 4  # a fact's sentence of fewer 5-word shingles (8 words) is too short to tell a copy


def _one_sentence(clusters: dict[str, str], facts: list[dict]) -> dict[str, str]:
    """The reprint clusters, with documents also joined when their facts of this row stand in the same
    sentence (half of the shorter one's 5-word shingles in the other): a wire story's sentence that
    several rewrites keep ("…avait été condamné en première instance à quatre ans de prison, dont un an
    avec sursis") is one piece of evidence, and a linking error it carries is one error, not agreement."""
    parent: dict[str, str] = {}
    for f in facts:
        doc = f["doc_id"]
        cluster = clusters.get(doc, doc)
        parent.setdefault(doc, doc)
        parent.setdefault(cluster, cluster)
        join(parent, doc, cluster)
    sentences = [(f["doc_id"], shingles(f.get("snippet"))) for f in facts if f.get("snippet")]
    for i, (a, sa) in enumerate(sentences):
        for b, sb in sentences[i + 1:]:
            if min(len(sa), len(sb)) >= SENTENCE_SHINGLES and overlap(sa, sb) >= SIMILAR:
                join(parent, a, b)
    return {f["doc_id"]: root_of(parent, f["doc_id"]) for f in facts}


def _row(key: tuple, group: _Group, languages: dict[str, str], clusters: dict[str, str]) -> dict:
    """The CONSENSUS row of one group (see the module docstring for its status)."""
    subject, metric, modality, unit_norm = key
    facts = sorted(group.facts, key=lambda f: (f["doc_id"], f["start"]))
    clusters = _one_sentence(clusters, facts)
    docs = {f["doc_id"] for f in facts}
    dates = _is_date(facts[0])
    unit = _currency(facts) if unit_norm == MONEY else unit_norm
    return {
        "subject": subject, "metric": metric, "modality": modality, "period": group.period,
        "unit_norm": unit,
        "value_norm": None if dates else _mode_value([_own(f) for f in facts if f["unit_norm"] == unit]),
        "value_text": _mode_text(facts) if dates else None,
        "status": _status(group, facts, clusters), "n_sources": len(docs),
        "n_independent_sources": len({clusters.get(d, d) for d in docs}),
        "n_languages": len({languages[d] for d in docs if languages.get(d)}),
        "values_norm": [_own(f)["value_norm"] for f in facts],
        "units_norm": [f["unit_norm"] for f in facts],
        "values_text": [f["value_text"] for f in facts],
        "doc_ids": [f["doc_id"] for f in facts],
        "fact_ids": [f["fact_id"] for f in facts],
    }


def _status(group: _Group, facts: list[dict], clusters: dict[str, str]) -> str:
    """conflict; agreed: 2+ independent sources of point values, or 2+ independent sources that all
    state the same figure, however bounded ("plus de 5 milliards" ×3, "up to 10 s" and "10 s");
    compatible: 2+ independent sources that agree only through a bound's open side ("plus de 42.000"
    and "45 000"); else single_source."""
    if not group.agrees():
        return "conflict"
    sources = {clusters.get(f["doc_id"], f["doc_id"]) for f in facts}
    if len({clusters.get(f["doc_id"], f["doc_id"]) for f in facts if f["bound"] in POINT_BOUNDS}) >= 2:
        return "agreed"
    if len(sources) >= 2 and _same_figure(facts):
        return "agreed"
    return "compatible" if len(sources) >= 2 else "single_source"


def _same_figure(facts: list[dict]) -> bool:
    """Whether the stated numbers themselves agree, each read as a point (its bound's open side aside)."""
    if _is_date(facts[0]):
        return True
    spans = [_interval(f["value_norm"], "approx" if f["bound"] == "approx" else "exact", f.get("surface"),
                       f.get("_fx", 0.0)) for f in facts]
    return max(a for a, _ in spans) <= min(b for _, b in spans)


def _own(fact: dict) -> dict:
    """The fact with its own value_norm (in its own unit_norm), not the one converted for comparison."""
    return {**fact, "value_norm": fact["_own"]} if "_own" in fact else fact


def _currency(facts: list[dict]) -> str:
    """The currency most facts use; on a tie the one of more documents, then the one stated first."""
    facts = sorted(facts, key=lambda f: f["start"])
    docs: dict[str, set] = {}
    for f in facts:
        docs.setdefault(f["unit_norm"], set()).add(f["doc_id"])
    counts = Counter(f["unit_norm"] for f in facts)
    return max(docs, key=lambda u: (counts[u], len(docs[u])))  # dicts keep first-stated order on ties


def _claims(facts: list[dict]) -> list[tuple[tuple, list[dict]]]:
    """The facts of one key split by (scope, claimant), in a stable order: figures of two places or of
    two claimants are two claims, never compared."""
    parts: dict[tuple, list[dict]] = {}
    for f in facts:
        parts.setdefault((f.get("scope"), f.get("claimant")), []).append(f)
    return sorted(parts.items(), key=lambda kv: tuple("" if x is None else x for x in kv[0]))


def _best_claims(rows: list[dict]) -> list[dict]:
    """One row per (modality, period): of the claims that share one, the best attested (most independent
    sources, then documents, then facts; an unscoped, unattributed one on a tie); the others stay in
    facts only, so that the key stays unique."""
    best: dict[tuple, tuple[tuple, dict]] = {}
    for row in rows:
        key = (row["modality"], row["period"])
        rank = (row["n_independent_sources"], row["n_sources"], len(row["fact_ids"]),
                row["scope"] is None and row["claimant"] is None)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, row)
    return [row for _rank, row in best.values()]


def _keyed(facts: list[dict], days: dict) -> dict[tuple, list[dict]]:
    """Facts by (subject, metric, unit_norm), subjects read as their longer names (_same_subjects) and
    acronyms as the names another document defines them for (_written_as), where that name has facts
    of the metric too.
    Amounts of one subject and metric in 2+ currencies that the ECB rates cover on the day of every one
    of their documents (`days`, see _rate_days) are one key (subject, metric, MONEY), their value_norm
    in euros for comparison."""
    same = _same_subjects(facts)
    by_key: dict[tuple, list[dict]] = {}
    for f in facts:
        by_key.setdefault((same.get(f["subject"], f["subject"]), f["metric"], f["unit_norm"]), []).append(f)
    known = {f["subject"] for f in facts if f.get("subject_how") == "lexicon"}
    for acronym, owner in _written_as(facts, {f["subject"] for f in facts} - known).items():
        owner = same.get(owner, owner)
        for (subject, metric, unit) in [k for k in by_key if k[0] == same.get(acronym, acronym)]:
            if (owner, metric, unit) in by_key:  # only where both speak of one metric: an acronym is short,
                by_key[(owner, metric, unit)] += by_key.pop((subject, metric, unit))  # other texts spell others
    money: dict[tuple, list[str]] = {}
    for subject, metric, unit in by_key:
        if currencies.is_currency(unit):
            money.setdefault((subject, metric), []).append(unit)
    for (subject, metric), units in money.items():
        if len(units) < 2:
            continue
        pooled = [u for u in units if all(currencies.convertible(u, days.get(f["doc_id"], (None, False))[0])
                                          for f in by_key[(subject, metric, u)])]
        if len(pooled) >= 2:
            by_key[(subject, metric, MONEY)] = [_in_euro(f, *days.get(f["doc_id"], (None, False)))
                                                for u in pooled for f in by_key.pop((subject, metric, u))]
    return by_key


def _in_euro(fact: dict, day: date | None, known: bool) -> dict:
    """A copy of an amount with value_norm in euros, its own value in `_own`, the rate's tolerance in `_fx`."""
    if fact["value_norm"] is None:
        return fact
    value, slack = currencies.to_euro(fact["value_norm"], fact["unit_norm"], day, known)
    return {**fact, "value_norm": value, "_own": fact["value_norm"], "_fx": slack}


def _rate_days(published: dict, times: dict) -> dict[str, tuple[date | None, bool]]:
    """doc_id → (the day whose exchange rate converts its amounts, whether it is known): its publication
    date; else the middle of the years its text places it in (_document_times), guessed; else None
    (the latest rate), guessed."""
    out = {}
    for doc, span in times.items():
        if published.get(doc) is not None:
            out[doc] = (published[doc], True)
        else:
            out[doc] = (date.fromordinal((span[0] + span[1]) // 2) if span else None, False)
    return out


def _column(documents: pl.DataFrame, name: str, docs: set[str]) -> dict:
    """doc_id → `name` for the documents in `docs` ({} when the frame has no such column)."""
    if "doc_id" not in documents.columns or name not in documents.columns:
        return {}
    return dict(documents.filter(pl.col("doc_id").is_in(list(docs))).select("doc_id", name).iter_rows())


def reconcile(facts: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """FACTS + documents in, CONSENSUS out (see the module docstring)."""
    if facts.is_empty():
        return empty(CONSENSUS)
    usable = facts.filter(pl.col("subject").is_not_null() & pl.col("metric").is_not_null()
                          & pl.col("unit_norm").is_not_null()
                          & (pl.col("value_norm").is_not_null() | pl.col("value_text").is_not_null()))
    rows_in = usable.to_dicts()
    docs = {f["doc_id"] for f in rows_in}
    languages = _column(documents, "language", docs)
    for f in rows_in:
        f["_lang"] = languages.get(f["doc_id"])
        f["_object"] = counted_object(f, f["_lang"])
    times = _document_times(documents.filter(pl.col("doc_id").is_in(list(docs)))
                            if "doc_id" in documents.columns else documents)
    by_key = _keyed(rows_in, _rate_days(_column(documents, "published", docs), times))
    groups = [{f["doc_id"] for f in facts_of_key} for facts_of_key in by_key.values()]
    clusters = reprint_clusters(_column(documents, "text", {d for g in groups if len(g) > 1 for d in g}), groups)
    rows = []
    for (subject, metric, unit_norm), facts_of_key in sorted(by_key.items()):
        claimed = []
        for (scope, claimant), facts_of_claim in _claims(facts_of_key):
            for modality, groups_of_key in _by_modality(facts_of_claim, times, _same_time_days(metric),
                                                        _period_total(metric)):
                claimed += [{**_row((subject, metric, modality, unit_norm), _settle(g, _may_conflict(metric)),
                                    languages, clusters), "scope": scope, "claimant": claimant}
                            for g in groups_of_key]
        rows += _best_claims(claimed)
    if "modality" not in CONSENSUS:
        # no modality column to tell a target from a count: a planned group is named <metric>_target
        for row in rows:
            if row["modality"] == "planned":
                row["metric"] += TARGET_SUFFIX
    frame = pl.DataFrame(rows, schema={**CONSENSUS, "modality": pl.String})
    return conform(frame.sort(["subject", "metric", "period", "unit_norm"], nulls_last=True), CONSENSUS)
