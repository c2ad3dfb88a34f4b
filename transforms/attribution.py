"""Attribution: whose value a quantity is, precision first.

In: a quantity (a QUANTITIES row as a dict), its metric's lexicon entry, the document's `Syntax` (its
text, language, sentences and entity mentions, with the cue words of lexicon/facts/<xx>.toml). Out:
`choose_subject(...)`, a `Subject`: the entity mention that owns the value, the rule that decided it,
and the other party of a two-party fact; or no mention and the reason the rules could not decide. A
quantity without a subject is no fact (it stays in quantities): a missing fact costs little, a wrong
one costs the reader's trust.

The rules, in order (each names the class of text it serves; `RULES` lists them):
0. possessive: in languages that write one (`possessive` of facts/<xx>.toml: "'s"), the entity whose
   possessive stands right before the amount or the few lower-case words that lead to it ("Xstrata's
   bid of A$6.35", "Icahn's 52 dlr per share offer");
1. offered_by: for an offer, the entity after a `source` word past the amount ("a bid by rival
   Xstrata", "an offer from Foster's");
2. parenthesis: the entity the amount's parenthesis follows ("die UNIQA (29,6 Prozent)");
3. relative: in a relative clause naming no entity before the amount, the name before its comma
   ("… of Cyclops, which total some 5.4 mln shares");
4. clause / clause_head: the one entity named before the amount in its clause (its subject), or the
   one of several that no preposition governs ("Dixons said its offer for shares in Cyclops …");
5. sentence: the one entity named before it in its sentence, not past a contrast ("…, while …");
6. clause_after: for metrics that `carries_over` and dates, the first entity after it in its clause
   with no other amount between ("Fondée en 2023, Hotshot …");
7. document_movement (metrics with `document_subject`: crowds, arrests, casualties of a protest): the
   one movement the document names, when the amount's sentence names no organisation or person
   besides a source ("selon la police") that could own the count ("Ils étaient 4 000 à Paris");
7b. document_event (metrics with `event_subject`: tolls, damage, crowds): in a story about one event
   (a quake, a flood, a march: events.py), a count whose sentence names no organisation or person that
   could own it, in a sentence that names the event or follows one of the CONTEXT_SENTENCES that do, is
   the event's ("More than 3,200 homes were damaged"). For every rule, no event owns an amount with a
   date of another time (events.another_time) in its sentence or the one before ("the 2009 quake
   killed 1,115");
8. previous_sentence (metrics that `carries_over`: GPUs, floor area) or only_recent_entity (others,
   in a sentence that goes on about it: "The company …", "Its platform …", "Le projet …"): in a
   sentence that names none, the one entity of the nearest sentence before that names one;
9. document_topic: in a story about one company, a sentence that names no one and opens with the
   metric itself ("Net income jumped to 3bn yuan"), when nothing else came up since that company.
Vetoes, for every rule: two different entities where one is looked for (ambiguous); a sentence that
matches its amounts to its names "respectively"; a reporting verb and
its clause between the entity and the amount (`reported`: "Moodys erwartet, dass …"); an entity that is a
body publishing figures about others (`source_words` of lexicon/entities.toml: "the Commerce Department
said retail sales rose"); a `scope` word
between the entity and the amount ("its Ukrainian subsidiary made a loss of 290 mln"); a capitalised
word that is no known entity between them ("Cyacq's offer tops Dixon's offer of 92.25 dlrs"); a person
who says the figure (`speaks`: "Olivier Véran a annoncé 300 millions", "…, said chairman Kaske"); an
organisation or person the metric cannot have, nearer the amount on its path ("di Negeri Sakura itu,
McCartney berhasil mengumpulkan US$ 22,8 juta": not the place's).
Two-party metrics (`two_party`): an entity after a `held` word ("54 pct of Cyclops") is the
counterparty, never the subject; for `two_party = "recipient"` (an investment) it is the subject, and
the investor the counterparty ("SoftBank invests 2 bn in Grab"). Sales and purchases of an
organisation (`sold_thing`): the thing sold is the subject, its buyer the counterparty. Pure
functions; no I/O.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from transforms.dates import month_names
from transforms.events import another_time, event_day
from transforms.entities import (CAPITALISED_NOUNS, Cues, Mention, language_cues, language_lexicon, legal_suffix,
                                 name_stopwords, source_body, unknown_noun, written_in_lower_case)

CONTEXT_SENTENCES = 3
POSSESSIVE_REACH = 4  # words between a possessive and the amount it owns
CLAIMANT_REACH = 40  # characters between a claimant word and the name it credits
ANTECEDENT_REACH = 3  # at most this many words between a relative clause's antecedent and its comma
RULES = ("possessive", "offered_by", "parenthesis", "relative", "clause", "clause_head", "sentence", "clause_after",
         "document_movement", "document_event", "previous_sentence", "only_recent_entity", "document_topic", "recipient", "sold",
         "event_day", "story_person")  # event_day: facts.py, the date an event is named by, in a sentence naming it
_CAPITALISED = re.compile(r"(?<![\w'’])[A-ZÀ-ÖØ-Þ][\w&'’\-]*")
_OPENS_PARENTHESIS = re.compile(r"[\s\u00a0]*\(")
_AFFILIATION_OF = re.compile(r"[ \t\u00a0]+(?:of|at|from|with|de|du|des|von|vom|bei|dari)[ \t\u00a0]+(?:the[ \t\u00a0]+)?")
_ASIDE = re.compile(r"[,;:()\"«»“”—–]|\s-{1,2}\s|--")  # ends an aside: the name is not on the amount's path


@dataclass
class Subject:
    """Whose value a quantity is (None: undecided), by which rule (or why not), and the other party of
    a two-party fact (the company held, the buyer of a thing sold)."""
    mention: Mention | None
    rule: str
    counterparty: str | None = None


class Syntax:
    """One document's text, language, sentences and entity mentions, and the questions the rules ask
    of them (each answered from the cue lists of lexicon/facts/<xx>.toml)."""

    def __init__(self, text: str, lang: str, sentences: list[tuple[int, int]], mentions: list[Mention],
                 published_year: int | None = None):
        self.text, self.lang, self.sentences, self.mentions = text, lang, sentences, mentions
        self.published_year = published_year
        self._cues = {key: language_cues(lang, "syntax", key) for key in (
            "held", "source", "prepositions", "determiners", "relative", "scope", "continues", "contrast",
            "passive", "reported", "reported_same", "shares_of", "bid_for", "bids", "respectively", "claimant", "sells",
            "speaks", "speaker_same", "complementizer", "analyst")}
        self._bid_targets: set[str] | None = None
        self._possessive = tuple(language_lexicon(lang).get("syntax", {}).get("possessive", []))

    @functools.cached_property
    def topic(self) -> Mention | None:
        """The one organisation, person or product the document is about (see _document_topic), or None."""
        if not self.sentences:
            return None
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m.type in _ACTORS and m.role != "modifier":
                counts[m.name] = counts.get(m.name, 0) + 1
        first_end = self.sentences[0][1]
        headline = {m.name for m in self.mentions if m.start < first_end and m.name in counts}
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][0] not in headline or ranked[0][1] < TOPIC_MENTIONS:
            return None
        if len(ranked) > 1 and ranked[0][1] < TOPIC_SHARE * ranked[1][1]:
            return None
        mentions = [m for m in self.mentions if m.name == ranked[0][0]]
        if all(m.how == "shape" for m in mentions):
            return None  # only its capitals say it is a name ("ODPM", "M-1"): no cue, lexicon or reference
        return mentions[0]

    @functools.cached_property
    def events(self) -> list[Mention]:
        """The mentions of the story's event (events.py), one name at most."""
        return [m for m in self.mentions if m.type == "event"]

    @functools.cached_property
    def movements(self) -> list[Mention]:
        """The document's mentions of movements (read once per document, asked per quantity)."""
        return [m for m in self.mentions if m.type == "movement"]

    def claimed_by(self, m: Mention) -> bool:
        """m is who a figure is credited to: a `claimant` word a few words before it, no punctuation
        between ("selon la PP", "selon le ministère de l'Intérieur", "according to the organisers")."""
        before = self.text[max(0, m.start - CLAIMANT_REACH):m.start]
        return any(not re.search(r"[,;:.()]", before[e:]) and len(before[e:].split()) <= 4
                   for _s, e, _t in self._cues["claimant"].finditer(before))

    def speaks(self, m: Mention, q: dict) -> bool:
        """m is the speaker of the words that hold the amount q: a speech verb right after m, an
        apposition or two lower-case words aside, and q after it ("Kaske told the meeting turnover
        rose", "Olivier Véran, le ministre, a annoncé"), unless those words go on about the speaker
        ("said he had bought"); or a speech verb right before m, a title between, and q before it
        ("… 1.0 pct of GDP, said chancellor Nigel Lawson"). What is said of the speaker after the name
        is theirs ("explique José Maria Quicio, un retraité de 78 ans")."""
        after = self.text[m.end:m.end + 120]
        apposition = re.match(r",[^,.;:!?()]{1,60},", after)
        base = m.end + (apposition.end() if apposition else 0)
        starts = []  # the verb, or one or two lower-case words before it ("also said", "a ensuite annoncé")
        for word in list(re.finditer(r"(?<![^ \t\u00a0])\S", self.text[base:base + 40]))[:3]:
            starts.append(base + word.start())
            if not word.group(0).islower():
                break
        for s, e, _t in self._cues["speaks"].finditer(self.text, base, min(len(self.text), base + 60)):
            if s in starts:
                nxt = self.text[e:e + 40].lstrip(" \t\u00a0")
                nxt = nxt[self._opening("complementizer", nxt, 8) or 0:].lstrip(" \t\u00a0")
                return q["start"] >= e and self._opening("speaker_same", nxt, 20) is None
        before = self.text[max(0, m.start - 60):m.start]
        for _s, e, _t in self._cues["speaks"].finditer(before):
            between = before[e:]
            if len(between.split()) <= 3 and not re.search(r"[,;:.()\"«»]", between):
                return q["end"] <= m.start
            if len(between.split()) <= 5 and re.fullmatch(r"[^,;:.()\"«»]+,\s*", between):
                return q["end"] <= m.start  # a title in apposition: "kata Kepala BPBD Garut, Asep Rahmat Hidayat"
        return False

    def goes_on_about(self, m: Mention) -> bool:
        """What follows m's phrase is about m: a `reported_same` word right after its comma ("Selon
        Airbus, ses ventes ont atteint …", "According to Siemens, its turnover rose")."""
        rest = self.text[m.end:m.end + 60]
        comma = rest.find(",")
        if comma < 0:
            return False
        return self._opening("reported_same", rest[comma + 1:].lstrip(" \t\u00a0"), 30) is not None

    def _opening(self, key: str, text: str, reach: int) -> int | None:
        """The end of a cue of `key` that text starts with (looked for in its first `reach` characters)."""
        return next((e for s, e, _t in self._cues[key].finditer(text, 0, min(len(text), reach)) if s == 0), None)

    def names_an_analyst(self, words: str) -> bool:
        """`words` hold a role that works on others' figures (`analyst`: "oil analyst", "economist")."""
        return any(True for _ in self._cues["analyst"].finditer(words))

    def held(self, m: Mention, words: Cues | None = None) -> bool:
        """A `held` or `shares_of` word right before m: "54 pct of Cyclops", "kepemilikan Uber"; `words`:
        the metric's own held words instead of the language's."""
        if words is not None:
            return words.ends_at(self.text, m.start, reach=12)
        return self._cues["held"].ends_at(self.text, m.start, reach=12) or self.shares_of(m)

    def offered_by(self, m: Mention, amount_end: int) -> bool:
        """A `source` word before m, at most two lower-case words between ("by rival Xstrata"), in the
        amount's own phrase: no clause break between the amount and that word, parentheses aside ("an
        offer worth A$3.1bn ($2.3bn) from Foster's", not "…52 dlrs per share, a bid that was rejected by
        the USAir board")."""
        for s, e, _t in self._cues["source"].finditer(self.text, max(0, m.start - 40), m.start):
            gap = self.text[e:m.start]
            words = gap.split()
            if len(words) <= 2 and all(w[:1].islower() for w in words) and not re.search(r"[,.;:]", gap):
                return s >= amount_end and self._one_phrase(amount_end, s)
        return False

    def _one_phrase(self, start: int, end: int) -> bool:
        """No comma, semicolon, colon or relative word in text[start:end] outside parentheses (a closing
        one first ends the parenthesis the start is in)."""
        between = self.text[start:end]
        if ")" in between and "(" not in between.split(")", 1)[0]:
            between = between.split(")", 1)[1]
        between = re.sub(r"\([^()]*\)", " ", between)
        return not re.search(r"[,;:]", between) and not any(True for _ in self._cues["relative"].finditer(between))

    def governed(self, m: Mention) -> bool:
        """A preposition right before m, articles, possessives and `determiners` aside ("in <Cyclops>")."""
        return self._after_preposition(m.start)

    def _after_preposition(self, pos: int) -> bool:
        for _ in range(3):
            head = self.text[max(0, pos - 40):pos].rstrip(" \t\u00a0<\"'«“(")
            if self._cues["prepositions"].ends_at(head, len(head), reach=20):
                return True
            if not self._cues["determiners"].ends_at(head, len(head), reach=20):
                return False
            pos = max(0, pos - 40) + len(head) - len(re.split(r"[\s'’]", head)[-1])
        return False

    def bid_targets(self) -> set[str]:
        """The organisations the document names as the target of a bid ("a tender offer for all common
        shares of GenCorp", "Xstrata's bid for WMC")."""
        if self._bid_targets is None:
            self._bid_targets = set()
            for _s, e, _t in self._cues["bid_for"].finditer(self.text):
                after = [m for m in self.mentions if e <= m.start <= e + 60 and m.type == "company"]
                if after and (after[0].start - e <= 3 or self.shares_of(after[0])):
                    self._bid_targets.add(after[0].name)
        return self._bid_targets

    def bids(self, m: Mention) -> bool:
        """A bidder's verb right after m, at most two words between ("USAir had offered to pay")."""
        verb = next(self._cues["bids"].finditer(self.text, m.end, min(len(self.text), m.end + 30)), None)
        gap = self.text[m.end:verb[0]] if verb else ""
        return verb is not None and len(gap.split()) <= 2 and not re.search(r"[,.;:]", gap)

    def respectively(self, sentence: tuple[int, int]) -> bool:
        """A `respectively` word in the sentence: its amounts go with its names in order."""
        return any(True for _ in self._cues["respectively"].finditer(self.text, *sentence))

    def shares_of(self, m: Mention) -> bool:
        """A `shares_of` word right before m ("saham Uber", "a 10 pct stake in Cyclops")."""
        return self._cues["shares_of"].ends_at(self.text, m.start, reach=30)

    def reports_another(self, start: int, end: int) -> bool:
        """A reporting verb and its clause in text[start:end] ("Moodys erwartet, dass der Anteil …"), the
        clause not going on about the reporter ("said that it …")."""
        for _s, e, _t in self._cues["reported"].finditer(self.text, start, end):
            if self._opening("reported_same", self.text[e:end].lstrip(" \t\u00a0"), 30) is None:
                return True
        return False

    def relative_start(self, start: int, end: int) -> int | None:
        """The comma that opens the relative clause holding `end` ("…, which"), if text[start:end] has
        one that no later comma closes before `end`."""
        found = None
        for s, e, _t in self._cues["relative"].finditer(self.text, start, end):
            if self.text[start:s].rstrip().endswith(","):
                found = self.text.rindex(",", start, s) if "," not in self.text[e:end] else None
        return found

    def contrast_floor(self, start: int, pos: int) -> int:
        """Where the stretch of the sentence that can speak of `pos` starts: after the last contrast
        word that follows a comma ("…, while Pernod shares slipped 1.2%"), else `start`."""
        floor = start
        for s, _e, _t in self._cues["contrast"].finditer(self.text, start, pos):
            if self.text[start:s].rstrip().endswith(","):
                floor = s
        return floor

    def scoped(self, start: int, end: int) -> bool:
        """A `scope` word (a division, a plant, a sector, a merged group) in text[start:end]."""
        return any(True for _ in self._cues["scope"].finditer(self.text, start, end))

    def continues(self, start: int) -> int | None:
        """Where the words that make the sentence at `start` go on about an entity before it end
        ("The company", "Le projet", "Proyek tersebut"), or None."""
        return next((e for s, e, _t in self._cues["continues"].finditer(self.text, start, start + 60) if s == start), None)

    def passive(self, cue: tuple[int, int]) -> bool:
        """A `passive` word right before the cue, or the cue itself ("to be acquired", "diakuisisi"):
        not "is to buy"."""
        for s, e, _t in self._cues["passive"].finditer(self.text, max(0, cue[0] - 20), cue[1]):
            if s >= cue[0] or not self.text[e:cue[0]].strip():
                return True
        return False

    def sells(self, cue: tuple[int, int]) -> bool:
        """The cue at text[cue] is a sale's word (`sells`), whose buyer comes after the thing sold."""
        return any(s == cue[0] for s, _e, _t in self._cues["sells"].finditer(self.text, cue[0], cue[1] + 1))

    def possessor_of(self, m: Mention, q: dict) -> bool:
        """m's possessive right before the amount or the noun phrase that leads to it, with no name,
        clause mark or more than POSSESSIVE_REACH words between ("Xstrata's bid of A$6.35", "Icahn's 52
        dlr per share offer", "Foster's A$4.17-a-share takeover proposal")."""
        if not m.end <= q["start"]:
            return False
        suffix = next((s for s in self._possessive if self.text.startswith(s, m.end)), None)
        if suffix is None:
            return False
        rest = self.text[m.end + len(suffix):q["start"]]
        if not rest[:1].isspace() and rest:
            return False
        return (len(rest.split()) <= POSSESSIVE_REACH and not re.search(r"[,;:()<>]", rest)
                and not any(w[:1].isupper() for w in rest.split()))

    def opens_parenthesis(self, m: Mention, q: dict) -> bool:
        return m.end <= q["start"] and _OPENS_PARENTHESIS.fullmatch(self.text, m.end, q["start"]) is not None

    def unknown_name(self, start: int, end: int) -> bool:
        """Whether text[start:end] writes a capitalised word that is neither an entity mention, a month,
        a stop word, a word after a preposition ("en Louisiane"), the first word of a sentence, nor a
        common word capitalised at the start of the
        stretch (the article also writes it in lower case, or it elides: "L'entraînement"): a name the
        entity rules did not find. German capitalises every noun, so there only an acronym or a word
        its dictionary does not know counts."""
        months, stop = month_names(self.lang), name_stopwords()
        for hit in _CAPITALISED.finditer(self.text, start, end):
            word = hit.group(0)
            if word.lower().rstrip(".") in months or word in stop:
                continue
            if self._sentence_initial(hit.start()) or (self.text[start:hit.start()].strip(" \t\"'«“(") == ""
                                                      and self._common_word(word)):
                continue  # "Trois mois plus tard": a name there is found by its shape, if it is one
            if re.match(r"[$€£¥]|\s?\d", self.text[hit.end():hit.end() + 2]):
                continue  # "US$310 juta", "A$8.4bn": a currency's prefix
            if any(e.start <= hit.start() < e.end for e in self.mentions) or self._after_preposition(hit.start()):
                continue  # "en Louisiane", "in London": a place or an object, not who the clause is about
            if self.lang in CAPITALISED_NOUNS and not (len(word) >= 2 and word.isupper()) \
                    and not unknown_noun(word, self.lang):
                continue  # a German noun, not a name
            return True
        return False

    def _sentence_initial(self, pos: int) -> bool:
        return any(s == pos or self.text[s:pos].strip(" \t\"'«“(") == "" for s, _e in self.sentences if s <= pos < _e)

    def _common_word(self, word: str) -> bool:
        elided = re.split(r"['’]", word)[-1]
        return elided[:1].islower() or written_in_lower_case(word, self.text)


def _plain(m: Mention, agent_first: bool) -> bool:
    """A mention that can be what its clause is about: not a brand inside a noun phrase, not a
    counterparty ("with", "from"), not a passive's agent ("by") unless the metric wants the agent."""
    return m.role in ("", "compound") or (agent_first and m.role == "agent")


def _preferred_type(pool: list[Mention], types: list[str]) -> list[Mention]:
    """The mentions of `pool` of the metric's preferred type present ("son supercalculateur Colossus
    … de xAI": a floor area is the system's)."""
    best = min((types.index(m.type) for m in pool), default=0)
    return [m for m in pool if types.index(m.type) == best]


def _one_name(pool: list[Mention], types: list[str]) -> Mention | None:
    """The first mention of `pool` of the preferred type when all of those name one entity, else None."""
    pool = _preferred_type(pool, types)
    return pool[0] if len({m.name for m in pool}) == 1 else None


@dataclass
class _Question:
    """One quantity's attribution: what the rules look at."""
    q: dict
    entry: dict
    syntax: Syntax
    here: int                  # index of the quantity's sentence
    clause: tuple[int, int]
    others: list[dict]         # the document's other quantities
    usable: list[Mention]      # entities of the sentence that may own it
    counterparty: str | None   # the one entity after a `held` word of its clause, for two-party metrics
    party: Mention | None
    cue: tuple[int, int] | None = None  # where the text names the metric

    @property
    def sentence(self) -> tuple[int, int]:
        return self.syntax.sentences[self.here]

    @property
    def agent_first(self) -> bool:
        return bool(self.entry.get("agent_first", False))

    def decided(self, pool: list[Mention], rule: str, why: str = "") -> Subject:
        """The one entity of `pool`, unless a veto holds (module docstring)."""
        chosen = _one_name(pool, self.entry["subjects"])
        if chosen is None:
            return Subject(None, why)
        if self.syntax.respectively(self.sentence):
            return Subject(None, "ambiguous: amounts matched to names 'respectively'")
        if self.entry.get("offered_by") and chosen.name in self.syntax.bid_targets() and not self.syntax.bids(chosen):
            return Subject(None, "the target of a bid in this document: the bidder owns the offer, not the target")
        if chosen.how != "reference" and self.syntax.claimed_by(chosen) and not self.syntax.goes_on_about(chosen):
            return Subject(None, "a source: the figure is credited to it ('selon le CNCC'), it is not its own")
        if chosen.type == "person" and self.syntax.speaks(chosen, self.q):
            return Subject(None, "a speaker: the figures a person says are not the person's own")
        if chosen.type != "person" and self._speakers_organisation(chosen):
            return Subject(None, "a speaker's organisation: an analyst's or an economist's figures are not "
                                 "their employer's")
        if source_body(chosen.name):
            return Subject(None, "a source's figure: a ministry, an office or an agency reports it, it is not theirs")
        s_start, s_end = self.sentence
        q = self.q
        lo, hi = (chosen.end, q["start"]) if chosen.end <= q["start"] else (q["end"], chosen.start)
        if not s_start <= chosen.start < s_end:
            lo, hi = s_start, q["start"]
        if chosen.end <= q["start"] and self.syntax.reports_another(max(lo, s_start), hi):
            return Subject(None, "a reported clause: the reporter named before it does not own its amounts")
        if not self.entry.get("carries_over") and self.syntax.scoped(lo, hi):
            return Subject(None, "scope: a division's, a plant's or a sector's value, not the entity's")
        if lo >= s_start and self.syntax.unknown_name(lo, hi):
            return Subject(None, "ambiguous: a name the rules do not know stands between it and the entity")
        if chosen.end <= q["start"] and self._nearer_actor(max(lo, s_start), hi):
            return Subject(None, "ambiguous: a nearer organisation or person, which cannot have this metric, "
                                 "is what the clause is about")
        return Subject(chosen, rule, self.counterparty if self.counterparty != chosen.name else None)

    def _speakers_organisation(self, org: Mention) -> bool:
        """org is where a person who says the figure works: "Bill Sullivan of Dean Witter Reynolds Inc
        said …", "Levesque Beaubien Inc oil analyst Robert Plexman forecasts …" (the person speaks, and
        only `of`-like words, lower-case role words or a legal form stand between them)."""
        s_start, s_end = self.sentence
        text = self.syntax.text
        for person in self.syntax.mentions:
            if person.type != "person" or not s_start <= person.start < s_end:
                continue
            if person.end <= org.start and _AFFILIATION_OF.fullmatch(text[person.end:org.start]):
                with_org = Mention(person.start, org.end, person.name, "person", person.how, person.role)
                return self.syntax.speaks(with_org, self.q) or self.syntax.speaks(person, self.q)
            if not self.syntax.speaks(person, self.q):
                continue
            between = text[org.end:person.start].split() if org.end <= person.start else None
            if between is not None and 0 < len(between) <= 5 and all(
                    w.islower() or legal_suffix(w) for w in between) and not _ASIDE.search(text, org.end, person.start) \
                    and self.syntax.names_an_analyst(" ".join(between)):
                return True  # "Levesque Beaubien Inc oil analyst Robert Plexman": not "Searle chairman Sheldon Gilgore"
        return False

    def _nearer_actor(self, lo: int, hi: int) -> bool:
        """An organisation, person, product or system of another type than the metric's subjects, named
        between the chosen entity and the amount and governed by no preposition ("Lewat konser di Negeri
        Sakura itu, McCartney berhasil mengumpulkan US$ 22,8 juta": the amount is McCartney's, and a
        concert's takings are no person's metric here; the place must not take it)."""
        return any(lo <= m.start and m.end <= hi and m.type in _ACTORS and m.type not in self.entry["subjects"]
                   and _plain(m, self.agent_first) and not self.syntax.governed(m)
                   and not _ASIDE.search(self.syntax.text, m.end, hi)  # "Birol Ünel, … de Fatih Akin, est décédé à 59 ans"
                   and not (m.type == "person" and self.syntax.speaks(m, self.q)) for m in self.syntax.mentions)


def choose_subject(q: dict, entry: dict, syntax: Syntax, here: int, clause: tuple[int, int],
                   others: list[dict], excluded: str | None = None, cue: tuple[int, int] | None = None) -> Subject:
    """Whose value q is (module docstring); `excluded`: a name that cannot be (the thing sold); `cue`:
    where the text names q's metric, if it does."""
    if entry.get("document_subject") and syntax.movements:
        entry = {**entry, "subjects": ["movement"]}  # an article about a movement: its crowds are not a place's
    elif entry.get("event_subject") and syntax.events:
        entry = {**entry, "subjects": ["event"]}  # a story about a quake: its toll is not the town's
    question = _question(q, entry, syntax, here, clause, others, excluded, cue)
    subject = next((s for rule in (_possessive, _offered_by, _parenthesis, _relative, _in_clause, _in_sentence, _after_in_clause,
                                   _document_movement, _document_event, _before_sentence, _document_topic)
                         if (s := rule(question)) is not None),
                   Subject(None, "no entity named near it"))
    if subject.mention is None:
        subject = _story_person(question) or subject
    if subject.mention is not None and subject.mention.type == "event" and _of_another_time(question, subject.mention):
        return Subject(None, "another time: a date near it is not the event's ('the 2009 quake killed 1,115')")
    if entry.get("two_party") == "recipient" and question.party is not None:
        # "SoftBank invests 2 bn in Grab", "investit 3,2 milliards dans l'usine": the thing invested in
        investor = subject.mention.name if subject.mention is not None else None
        return Subject(question.party, "recipient", investor if investor != question.party.name else None)
    return subject


def _question(q: dict, entry: dict, syntax: Syntax, here: int, clause: tuple[int, int], others: list[dict],
              excluded: str | None, cue: tuple[int, int] | None = None) -> _Question:
    s_start, s_end = syntax.sentences[here]
    usable = [m for m in syntax.mentions if s_start <= m.start < s_end and m.type in entry["subjects"]
              and m.role != "modifier" and not (m.start < q["end"] and q["start"] < m.end) and m.name != excluded]
    own_words = _held_words(entry.get("held"), syntax.lang)
    parties = [m for m in usable if entry.get("two_party") and clause[0] <= m.start < clause[1]
               and syntax.held(m, own_words)]
    party = parties[0] if len({m.name for m in parties}) == 1 else None
    usable = [m for m in usable if m not in parties]
    return _Question(q, entry, syntax, here, clause, others, usable, party.name if party else None, party, cue)


def _held_words(table: dict | None, lang: str) -> Cues | None:
    """A metric's own `held` words in a language (lexicon/metrics*.toml), as cues; None: the language's."""
    if not table:
        return None
    return _held_cues(tuple(table.get(lang, table.get("en", []))))


@functools.cache
def _held_cues(words: tuple[str, ...]) -> Cues:
    return Cues((w, "held") for w in words)


def _offered_by(x: _Question) -> Subject | None:
    if not x.entry.get("offered_by"):
        return None
    bidders = [m for m in x.usable if x.q["end"] <= m.start and x.syntax.offered_by(m, x.q["end"])]
    return x.decided(bidders[:1], "offered_by") if bidders else None


def _story_person(x: _Question) -> Subject | None:
    """A player's fee, release clause or contract (metrics with `topic_person`) in a story about that
    one person (Syntax.topic: named in the headline, three times at least, twice as often as any other
    actor): the person's, when the amount's sentence names no other person and dates nothing in another
    year ("O emblema lisboeta chegou a acordo com o Real Sporting de Triana para uma transferência de 38
    milhões", "con una cláusula de rescisión de 150 millones"): the clubs around the amount are the
    parties of the player's transfer, not the owners of its fee. Rule 10, asked when no rule above
    found an owner: a club the clause is about keeps its own amounts ("el Serra Dourada recibirá …"),
    and only the first amount of its unit in the sentence is the player's (the others are its parts)."""
    topic = x.syntax.topic
    if not x.entry.get("topic_person") or topic is None or topic.type != "person":
        return None
    s_start, s_end = x.sentence
    if any(s_start <= m.start < s_end and m.type == "person" and m.name != topic.name for m in x.syntax.mentions):
        return None  # "Le Triana avait vendu Pedro Lasarte pour 50 M€": another player's fee
    if any(o["unit_norm"] == x.q["unit_norm"] and s_start <= o["start"] < x.q["start"] for o in x.others):
        return None  # "38 milhões de euros, a que podem somar-se até 7 milhões em objetivos": add-ons, a part
    year = x.syntax.published_year  # unknown: any year may be another time's
    if any(o["unit_norm"] == "date" and s_start <= o["start"] < s_end and (o.get("value_text") or "")[:4].isdigit()
           and (year is None or int(o["value_text"][:4]) < year) for o in x.others):
        return None  # "the 60 million paid for him in 2019": another time's transfer
    return Subject(topic, "story_person")


def _possessive(x: _Question) -> Subject | None:
    owners = [m for m in x.usable if x.syntax.possessor_of(m, x.q)]
    return x.decided(owners[-1:], "possessive") if owners else None


def _parenthesis(x: _Question) -> Subject | None:
    named = [m for m in x.usable if x.syntax.opens_parenthesis(m, x.q)]
    return x.decided(named, "parenthesis") if named else None


def _relative(x: _Question) -> Subject | None:
    relative = x.syntax.relative_start(x.sentence[0], x.q["start"])
    if relative is None:
        return None
    x.clause = (max(x.clause[0], relative), x.clause[1])
    inside = [m for m in x.usable if relative <= m.start and m.end <= x.q["start"] and _plain(m, x.agent_first)]
    # the antecedent is the phrase right before the relative word ("an offer from Xstrata, which"), not a
    # name further back ("SoftBank … membeli saham Uber dengan nilai 9 miliar dolar AS, yang …")
    antecedents = [m for m in x.usable if x.clause[0] - 80 <= m.start and m.end <= relative
                   and len(x.syntax.text[m.end:relative].split()) <= ANTECEDENT_REACH]
    if inside and all(m.how == "reference" for m in inside) and (
            ({m.name for m in inside} != {antecedents[-1].name}) if antecedents
            else x.syntax.unknown_name(x.sentence[0], relative)):
        # "an offer from Xstrata, which the firm raised to A$8.4bn": "the firm" may be either
        return Subject(None, "ambiguous: a descriptive reference in a relative clause about another entity")
    if inside or not antecedents:
        return None
    return x.decided(antecedents[-1:], "relative")


def _in_clause(x: _Question) -> Subject | None:
    before = [m for m in x.usable if x.clause[0] <= m.start and m.end <= x.q["start"] and _plain(m, x.agent_first)]
    if x.agent_first:
        before = [m for m in before if m.role == "agent"] or before
    if not before:
        return None
    before = _preferred_type(before, x.entry["subjects"])
    heads = [m for m in before if not x.syntax.governed(m)]
    if len({m.name for m in before}) > 1 and len({m.name for m in heads}) == 1:
        return x.decided(heads, "clause_head")
    return x.decided(before, "clause", "ambiguous: several entities before it in its clause")


def _in_sentence(x: _Question) -> Subject | None:
    floor = x.syntax.contrast_floor(x.sentence[0], x.q["start"])
    earlier = [m for m in x.usable if floor <= m.start and m.end <= x.q["start"] and _plain(m, x.agent_first)]
    return x.decided(earlier, "sentence", "ambiguous: several entities before it in its sentence") if earlier else None


def _after_in_clause(x: _Question) -> Subject | None:
    if not (x.entry.get("carries_over") or x.entry.get("kind") == "date"):
        return None
    q = x.q
    blockers = [o["start"] for o in x.others if o["start"] >= q["end"] and o["start"] != q["start"]]
    after = [m for m in x.usable if q["end"] <= m.start < x.clause[1] and _plain(m, x.agent_first)
             and not any(q["end"] <= b < m.start for b in blockers)]
    return x.decided(_preferred_type(after, x.entry["subjects"])[:1], "clause_after") if after else None


_ACTORS = ("company", "person", "product", "system")


def _document_movement(x: _Question) -> Subject | None:
    """A protest's count in a sentence that names no movement: the document's one movement (rule 7)."""
    if not x.entry.get("document_subject"):
        return None
    movements = x.syntax.movements
    if len({m.name for m in movements}) != 1:
        return Subject(None, "ambiguous: several movements in the document") if movements else None
    if _count_owners(x, speakers=("person",)):  # "M. Castaner a estimé que 136 000 …" is no owner
        return Subject(None, "ambiguous: an organisation or a person of its sentence may own the count")
    return Subject(movements[0], "document_movement")


def _count_owners(x: _Question, speakers: tuple[str, ...]) -> list[Mention]:
    """The organisations and persons of the amount's sentence that may own a count (rules 7 and 7b):
    not a modifier or an oblique, not a body publishing figures, not a claimant ("selon la PP"), not a
    speaker of one of the `speakers` types who says it."""
    s_start, s_end = x.sentence
    return [m for m in x.syntax.mentions if s_start <= m.start < s_end and m.type in _ACTORS
            and m.role not in ("oblique", "modifier") and not source_body(m.name) and not x.syntax.claimed_by(m)
            and not (m.type in speakers and x.syntax.speaks(m, x.q))]


def _document_event(x: _Question) -> Subject | None:
    """A toll, a crowd or damage in a sentence that names no event word: the story's one event (rule
    7b, events.py), when no organisation or person of its sentence may own the count."""
    if not x.entry.get("event_subject") or not x.syntax.events or x.syntax.movements:
        return None
    s_start, s_end = x.sentence
    if _count_owners(x, speakers=_ACTORS):  # "…3.200 rumah rusak," kata Kepala BPBD Garut: who reports it
        return Subject(None, "ambiguous: an organisation or a person of its sentence may own the count")
    window = x.syntax.sentences[max(x.here - CONTEXT_SENTENCES, 0)][0]
    near = [m for m in x.syntax.events if window <= m.start < s_end]
    if not near:
        return None  # a story that names the event elsewhere: a roundup's other news ("L'épidémie a fait …")
    return Subject(near[-1], "document_event")


def _of_another_time(x: _Question, event: Mention) -> bool:
    """A date in the amount's sentence or the one before cannot be the event's (events.another_time):
    the count is another event's ("the 2009 quake killed 1,115", "le 30 novembre, une manifestation …",
    "les tremblements de terre ayant secoué depuis jeudi le Japon")."""
    day = event_day(event.name)
    s_start, s_end = x.sentence
    lo = x.syntax.sentences[x.here - 1][0] if x.here > 0 else s_start
    return day is not None and any(o["unit_norm"] == "date" and o.get("value_text") and lo <= o["start"] < s_end
                                   and another_time(o["value_text"], day) for o in x.others)


def _before_sentence(x: _Question) -> Subject | None:
    """A sentence that names no entity: the one of the sentences before (module docstring, rule 7)."""
    sents, types = x.syntax.sentences, x.entry["subjects"]
    s_start, s_end = x.sentence
    window = sents[max(x.here - CONTEXT_SENTENCES, 0)][0]
    recent = [m for m in x.syntax.mentions if window <= m.start < s_start and m.type in types and _plain(m, True)]
    if x.entry.get("carries_over"):
        for back in range(x.here - 1, max(x.here - 1 - CONTEXT_SENTENCES, -1), -1):
            pool = [m for m in recent if sents[back][0] <= m.start < sents[back][1]]
            if pool:
                return x.decided(pool, "previous_sentence", "ambiguous: several entities in the sentence before")
    if any(s_start <= m.start < s_end and m.type in types and _plain(m, x.agent_first) for m in x.syntax.mentions):
        return Subject(None, "ambiguous: the entity of its sentence is past another amount")
    if x.entry.get("carries_over"):
        return None
    going_on = x.syntax.continues(s_start)
    if going_on is None or x.syntax.unknown_name(going_on, x.q["start"]):
        return None
    # only the sentence right before: "Elle" after a sentence about "une conductrice" is hers, not the
    # entity of a sentence further back
    pool = [m for m in recent if x.here > 0 and sents[x.here - 1][0] <= m.start < sents[x.here - 1][1]]
    if pool:  # "Brightline … has about 1,800 employees. Its platform counts 12 million users."
        return x.decided(pool, "only_recent_entity", "ambiguous: several entities in the sentence before")
    return None


TOPIC_MENTIONS = 3  # a document's topic is named at least this often ...
TOPIC_SHARE = 2      # ... and this many times as often as any other organisation, person or product
_NAMES_ANOTHER = ("two_party", "offered_by", "sold_object", "entity_object", "change_of")  # metrics whose fact
                                                      # needs a second party or the thing that changed named
TOPIC_OPENING_WORDS = 3  # a sentence about the topic's metric opens with it: at most 3 words before its cue


def _document_topic(x: _Question) -> Subject | None:
    """A sentence that names nothing, in a story about one company: that company (rule 9; a person's
    story is left out: a player's or a minister's figures are too often another's). The story's
    topic is named in its first sentence (the headline), at least TOPIC_MENTIONS times, TOPIC_SHARE
    times as often as any other actor, and once at least as the lexicon, a cue or a descriptive
    reference ("the company") names it, not by its capitals only; the amount's sentence names no entity and no unknown capitalised
    name, and the last actor the text named before it, at most CONTEXT_SENTENCES sentences back, is
    the topic, with no capitalised name the rules did not find since: nothing else has come up. Not for
    metrics that need another party or the thing that changed (`_NAMES_ANOTHER`). And the
    sentence is about the metric itself: it opens with its cue, TOPIC_OPENING_WORDS words at most before
    it, and the amount follows ("Net income jumped to 3bn yuan", "Underlying pre-tax profits rose 1% to
    £933m", "Der Umsatz stieg auf …"); a sentence that opens with another actor ("The union had
    requested …", "The pilots offered …") is theirs."""
    topic = x.syntax.topic
    if topic is None or topic.type != "company" or topic.type not in x.entry["subjects"] \
            or "person" in x.entry["subjects"]:
        return None  # votes, shares, a salary: a metric a person can have needs its owner named
    if any(x.entry.get(key) for key in _NAMES_ANOTHER):
        return None  # "The offer is worth 2.23 billion" (whose offer?), "Nickel prices rose 43%" (of what?)
    s_start, s_end = x.sentence
    if any(s_start <= m.start < s_end for m in x.syntax.mentions) or x.syntax.unknown_name(s_start, x.q["start"]):
        return None
    opening = x.syntax.text[s_start:x.cue[0]].split() if x.cue is not None else []
    if x.cue is None or not s_start <= x.cue[0] < x.cue[1] <= x.q["start"] or len(opening) > TOPIC_OPENING_WORDS:
        return None  # "The union had requested a three pct wage increase": someone else's sentence
    if any(re.search(r"\w(?:['’]s|s['’])$", word) for word in opening):
        return None  # "The businesses' assets were …", "the unit's sales": a part's, not the topic's
    window = x.syntax.sentences[max(x.here - CONTEXT_SENTENCES, 0)][0]
    named = [m for m in x.syntax.mentions if m.end <= s_start and m.type in (*_ACTORS, "movement")]
    if not named or named[-1].name != topic.name or named[-1].start < window:
        return None
    if x.syntax.unknown_name(named[-1].end, x.q["start"]):
        return None  # "Thiago Amaral file au Real Sporting de Triana …": a name the rules did not find
    return Subject(named[-1], "document_topic")


SOLD_REACH = 3  # words between a sale's verb and the name of what is sold ("sell its Los Angeles station KHJ")


def _right_after(text: str, end: int, start: int) -> bool:
    between = text[end:start]
    return len(between.split()) <= SOLD_REACH and not re.search(r"[,;:()]", between)


def sold_thing(q: dict, syntax: Syntax, here: int, clause: tuple[int, int], cue: tuple[int, int],
               others: list[dict]) -> Subject | None:
    """For a sale or a purchase: the thing sold is the subject, its buyer the counterparty (the
    real-news convention). Active ("Meridian übernimmt den Softwareanbieter Brightline für …",
    "rachetant pour 7,5 milliards ZeniMax"): the buyer before the cue, the thing sold the first
    organisation after it in the clause (no other amount between). Passive ("Brightline has been
    acquired by Meridian for …", "agreed to be acquired for 35 dlrs"): what the clause names before the
    cue is sold, the agent after it (if any) buys. None when no organisation is named as sold, or when
    what is bought are its shares (`shares_of`: "membeli saham Uber")."""
    s_start, s_end = syntax.sentences[here]
    pool = [m for m in syntax.mentions if clause[0] <= m.start < clause[1] and m.type in ("company", "product")
            and m.role != "modifier" and not (m.start < q["end"] and q["start"] < m.end)]
    agents = [m for m in pool if m.start >= cue[1] and m.role == "agent"]
    before = [m for m in pool if m.end <= cue[0] and m.role in ("", "compound") and not syntax.governed(m)]
    if agents and before:
        return Subject(before[-1], "sold", agents[0].name if agents[0].name != before[-1].name else None)
    blockers = [o["start"] for o in others if o["start"] > cue[1] and o["start"] != q["start"]]
    after = [m for m in pool if m.start >= cue[1] and m.role not in ("agent", "oblique")
             and (m.end <= q["start"] or not any(cue[1] <= b < m.start for b in blockers))]
    # "sell WOR … for 387 mln and KHJ … for 217 mln": the thing named since the amount before it
    last_amount = max((o["end"] for o in others if cue[1] <= o["end"] <= q["start"] and o["start"] != q["start"]), default=None)
    since = [m for m in after if last_amount is not None and last_amount <= m.start and m.end <= q["start"]]
    if since:
        after = since + [m for m in after if m not in since]
    after = [m for m in after if m.how != "reference"] or after  # "la empresa … de software Brightline"
    if after and syntax.shares_of(after[0]):
        return None  # "membeli saham Uber": shares bought, not the organisation
    if not after:
        passive = syntax.passive(cue)
        return Subject(before[-1], "sold") if before and passive and len({m.name for m in before}) == 1 else None
    if syntax.sells(cue):  # "RKO agreed to sell KHJ-TV to Walt Disney": the buyer is the party after it
        after = [m for m in after if m.type == "company"]  # a company's disposal, not a car sold at auction
        if not after or cue[1] > q["start"] or not _right_after(syntax.text, cue[1], after[0].start):
            return None  # what is sold is named right after the verb ("agreed to sell its KHJ-TV station")
        obliques = [m for m in pool if m.start >= cue[1] and m.role == "oblique"]
        if obliques and obliques[0].start < after[0].start:
            return None  # "sell them to Exxon Corp unit Esso …": what is sold is not named, the buyer is
        buyers = {m.name for m in obliques} - {after[0].name}
        return Subject(after[0], "sold", buyers.pop() if len(buyers) == 1 else None)
    buyers = {m.name for m in before} - {after[0].name}
    return Subject(after[0], "sold", buyers.pop() if len(buyers) == 1 else None)
