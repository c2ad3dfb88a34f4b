"""Reconcile: what several sources say about one fact.

In: `reconcile(facts, documents)`: FACTS rows and the documents (doc_id, language). Out: CONSENSUS rows,
one per (subject, metric, modality, period, unit_norm) group, with its status:
- agreed: two or more documents, every value within tolerance of the others (2 %; 6 % when one is
  approximate), bounds respected ("plus de 5 milliards" agrees with 6 milliards);
- conflict: values that cannot all hold at once; every value and its document is kept;
- single_source: one document.
Targets (modality planned) are grouped apart from reported values, unless a target's value matches a
reported group (then the sources agree on the number, however they worded the plan). As CONSENSUS
has no modality column, target rows are named <metric>_target ("gpu_count_target"): the key stays unique.
Time first: values with different periods are a history, not a conflict (100 000 GPUs in 2024-09,
200 000 in 2024-12). A fact with a coarser period ("2024") joins a finer group ("2024-09") whose value
it matches; a fact with no period joins the dated group whose value it matches. Undated values that
match none stay in their own undated group, except a lone source against the one value known over
time (no history): time cannot explain it, so it is a conflict with that value. Different currencies are separate
groups (unit_norm), never a conflict. Dates agree when one is a prefix of the other ("2024", "2024-09").
A discovered name one source shortens ("Brightline") is read as the one longer name ("Brightline Systems").
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import polars as pl

from transforms.schemas import CONSENSUS, conform, empty

TOLERANCE = 0.02         # relative, between exact values
TOLERANCE_APPROX = 0.06  # when a value is approximate ("près de", "rund", "sekitar")
TARGET_SUFFIX = "_target"  # consensus name of a planned group ("gpu_count_target"), see reconcile()


def _interval(value: float, bound: str | None) -> tuple[float, float]:
    """The values a stated value allows."""
    half = (TOLERANCE_APPROX if bound == "approx" else TOLERANCE) / 2
    low, high = value * (1 - half), value * (1 + half)
    if low > high:
        low, high = high, low
    if bound in ("at_least", "range_low"):
        return low, math.inf
    if bound in ("at_most", "range_high"):
        return -math.inf, high
    return low, high


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
            a, b = _interval(fact["value_norm"], fact["bound"])
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
        a, b = _interval(fact["value_norm"], fact["bound"])
        return max(a, window[0]) <= min(b, window[1])


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


def _group(facts: list[dict]) -> list[_Group]:
    """Split the facts of one (subject, metric, modality, unit) into period groups."""
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
    undated = _Group(None)
    for f in (f for f in facts if not f["period"]):
        matching = [g for g in dated if g.accepts(f)]
        if matching:
            _best(matching).add(f)
        else:
            undated.add(f)
    if not undated.facts:
        return dated
    history = len({_mode_text(g.facts) if _is_date(g.facts[0]) else _mode_value(g.facts) for g in dated}) > 1
    if dated and not history and len(undated.docs()) == 1 and all(f["modality"] == "reported" for f in undated.facts):
        # one source, no date, against the one value known over time: time cannot explain it
        target = _best(dated)
        for f in undated.facts:
            target.add(f)
        return dated
    # several sources agreeing on an undated value, or a known history: another moment's value
    return dated + [undated]


def _same_subjects(facts: list[dict]) -> dict[str, str]:
    """Discovered names one source shortens: "Brightline" → "Brightline Systems" when that is the one
    longer discovered name starting with it (lexicon names are already canonical)."""
    discovered = {f["subject"] for f in facts if f.get("subject_how") != "lexicon"}
    known = {f["subject"] for f in facts if f.get("subject_how") == "lexicon"}
    out = {}
    for name in discovered - known:
        longer = [other for other in discovered if other.startswith(name + " ")]
        if len(longer) == 1:
            out[name] = longer[0]
    return out


def _by_modality(facts: list[dict]) -> list[tuple[str, list[_Group]]]:
    """Reported groups, then target groups. A target whose value matches a reported group joins it:
    sources word a plan differently ("s'étendra sur 81 ha", "auf einem 81 Hektar großen Gelände"),
    and the same number is agreement; a target that matches no reported value stays apart."""
    reported = [f for f in facts if f["modality"] != "planned"]
    planned = [f for f in facts if f["modality"] == "planned"]
    groups = _group(reported) if reported else []
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
    return out + ([("planned", _group(rest))] if rest else [])


def _row(key: tuple, group: _Group, languages: dict[str, str]) -> dict:
    subject, metric, modality, unit_norm = key
    facts = sorted(group.facts, key=lambda f: (f["doc_id"], f["start"]))
    docs = {f["doc_id"] for f in facts}
    agrees = group.agrees()
    status = "conflict" if not agrees else ("agreed" if len(docs) >= 2 else "single_source")
    dates = _is_date(facts[0])
    return {
        "subject": subject, "metric": metric, "modality": modality, "period": group.period,
        "unit_norm": unit_norm,
        "value_norm": None if dates else _mode_value(facts),
        "value_text": _mode_text(facts) if dates else None,
        "status": status, "n_sources": len(docs),
        "n_languages": len({languages[d] for d in docs if languages.get(d)}),
        "values_norm": [f["value_norm"] for f in facts],
        "values_text": [f["value_text"] for f in facts],
        "doc_ids": [f["doc_id"] for f in facts],
        "fact_ids": [f["fact_id"] for f in facts],
    }


def reconcile(facts: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """FACTS + documents in, CONSENSUS out (see the module docstring)."""
    if facts.is_empty():
        return empty(CONSENSUS)
    languages = {}
    if "language" in documents.columns:
        languages = dict(documents.select("doc_id", "language").iter_rows())
    usable = facts.filter(pl.col("subject").is_not_null() & pl.col("metric").is_not_null()
                          & pl.col("unit_norm").is_not_null()
                          & (pl.col("value_norm").is_not_null() | pl.col("value_text").is_not_null()))
    rows_in = usable.to_dicts()
    same = _same_subjects(rows_in)
    by_key: dict[tuple, list[dict]] = {}
    for f in rows_in:
        by_key.setdefault((same.get(f["subject"], f["subject"]), f["metric"], f["unit_norm"]), []).append(f)
    rows = []
    for (subject, metric, unit_norm), facts_of_key in sorted(by_key.items()):
        for modality, groups in _by_modality(facts_of_key):
            rows += [_row((subject, metric, modality, unit_norm), g, languages) for g in groups]
    if "modality" not in CONSENSUS:
        # no modality column to tell a target from a count: a planned group is named <metric>_target
        for row in rows:
            if row["modality"] == "planned":
                row["metric"] += TARGET_SUFFIX
    frame = pl.DataFrame(rows, schema={**CONSENSUS, "modality": pl.String})
    return conform(frame.sort(["subject", "metric", "period", "unit_norm"], nulls_last=True), CONSENSUS)
