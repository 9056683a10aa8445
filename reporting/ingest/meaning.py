"""What a label means: its words read as the concepts of the thesaurus, weighed against
each catalog metric's own words.

A label and every metric's name, aliases, id and definition are read the same way: the
words normalised (`labels.normalise`), a misspelt word put right when one known word is
close to it, phrases replaced by the concept they name ("mean time to detect", "dwell
time" -> detect), filler dropped. A word's weight is how few metrics use it (a word every
vulnerability metric has tells less than "kev"). A metric scores by how much of the
label's weight it explains and how much of its own name the label covers. Two cues from the
label can veto a metric: a concept that contradicts one of the metric's ("high" against
"critical", "overdue" against "closed"), and the unit the label speaks of (a percentage,
a count, hours or days) against the metric's own.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from reporting.catalog import Catalog, Metric
from reporting.catalog.thesaurus import Thesaurus, load_thesaurus

#: Words that tell which kind of number a label holds.
_CUES = {
    "percent": {"percent", "percentage", "rate", "ratio", "share", "proportion"},
    "count": {"number", "count", "total", "headcount"},
    "hours": {"hours"},
    "days": {"days"},
}
#: Cues a metric of each unit cannot carry.
_INCOMPATIBLE = {
    "percent": {"count", "hours", "days"},
    "count": {"percent", "hours", "days"},
    "hours": {"percent"},
    "days": {"percent"},
    "ratio": {"count", "hours", "days"},
}
_LONGEST_PHRASE = 7
_DEFINITION_WEIGHT = 0.5
_CONTRADICTION = 0.3  # a metric that contradicts the label keeps this share of its score
_WRONG_UNIT = 0.55
_SUBJECT_NOT_IN_METRIC = 0.5  # per subject the label names and the metric never does
_SUBJECT_NOT_IN_LABEL = 0.7  # per subject of the metric's name the label leaves out


@dataclass(frozen=True, slots=True)
class Words:
    """A text as the scorer reads it: its concepts and remaining words, and its unit cues."""

    tokens: frozenset[str]
    cues: frozenset[str]
    respelt: bool = False  # a misspelt word was put right: a guess, shown for a look


@dataclass(frozen=True, slots=True)
class Scored:
    """A label's metrics by score, best first, and the words in it no metric or the
    thesaurus knows (a label with such words is offered, never taken on trust)."""

    ranked: list[tuple[str, float]]
    unknown: tuple[str, ...]
    on_subject: frozenset[str] = frozenset()  # metrics that share a subject with the label
    respelt: bool = False


class Reader:
    """Reads texts through one thesaurus; knows every word the thesaurus and catalog use."""

    def __init__(self, thesaurus: Thesaurus, vocabulary: set[str]) -> None:
        self._phrases = thesaurus.phrases()
        self._ignore = set(thesaurus.ignore)
        cues = {word for marks in _CUES.values() for word in marks}
        self._known = (
            vocabulary | {w for p in self._phrases for w in p.split()} | self._ignore | cues
        )
        self._known_list = sorted(w for w in self._known if len(w) >= 4)
        self._spelling: dict[str, str] = {}

    def read(self, norm: str) -> Words:
        written = norm.split()
        words = [self._spelt(word) for word in written]
        # "90 days" is a window ("not signed in for 90 days"), not the unit of the value.
        unit_words = {w for i, w in enumerate(words) if not (i and words[i - 1].isdigit())}
        cues = {cue for cue, marks in _CUES.items() if marks & unit_words}
        tokens: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(_LONGEST_PHRASE, len(words) - i), 0, -1):
                concept = self._phrases.get(" ".join(words[i : i + size]))
                if concept is not None:
                    tokens.append("@" + concept)
                    i += size
                    break
            else:
                word = words[i]
                if word not in self._ignore and not word.isdigit():
                    tokens.append(_singular(word))
                i += 1
        return Words(frozenset(tokens), frozenset(cues), words != written)

    def _spelt(self, word: str) -> str:
        """The known word a misspelt one stands for ("coverge" -> "coverage")."""
        if word in self._known or len(word) < 5 or not word.isalpha():
            return word
        if word not in self._spelling:
            found = process.extractOne(word, self._known_list, scorer=fuzz.ratio, score_cutoff=85)
            known = found[0] if found else word
            # Another form of a known word ("issued", "issue") is a word, not a typo.
            if word.startswith(known) or known.startswith(word):
                known = word
            self._spelling[word] = known
        return self._spelling[word]

    def known(self, word: str) -> bool:
        return word in self._known


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class Profile:
    """One metric as the scorer knows it."""

    metric_id: str
    unit: str
    weights: dict[str, float]  # token -> 1.0 (names) or less (definition only)
    core: frozenset[str]  # the tokens of its name and id


class Meanings:
    """Scores labels against every metric of a catalog."""

    def __init__(self, catalog: Catalog, thesaurus: Thesaurus | None = None) -> None:
        thesaurus = thesaurus or load_thesaurus()
        metrics = list(catalog)
        vocabulary = {
            word
            for metric in metrics
            for text in _texts(metric)
            for word in _normalised(text).split()
        }
        self.reader = Reader(thesaurus, vocabulary)
        self._exclusive = [frozenset("@" + c for c in group) for group in thesaurus.exclusive]
        generic = {"@" + c for c in thesaurus.generic}
        self._subjects = frozenset("@" + c for c in thesaurus.concepts) - generic
        self.profiles = [self._profile(metric) for metric in metrics]
        df = Counter(token for p in self.profiles for token, w in p.weights.items() if w >= 1.0)
        n = len(self.profiles)
        self._idf = {token: math.log((n + 1) / (count + 0.5)) for token, count in df.items()}
        self._unknown_idf = math.log((n + 1) / 0.5)

    def _profile(self, metric: Metric) -> Profile:
        weights: dict[str, float] = {}
        for text in (metric.definition,):
            for token in self.reader.read(_normalised(text)).tokens:
                weights[token] = _DEFINITION_WEIGHT
        for text in (
            metric.name,
            metric.phrase or "",
            metric.id.replace("_", " "),
            *metric.aliases,
        ):
            for token in self.reader.read(_normalised(text)).tokens:
                weights[token] = 1.0
        core = (
            self.reader.read(_normalised(metric.name)).tokens
            | self.reader.read(_normalised(metric.id.replace("_", " "))).tokens
        )
        return Profile(metric.id, metric.unit, weights, frozenset(core))

    def idf(self, token: str) -> float:
        return self._idf.get(token, self._unknown_idf)

    def scores(self, norm: str) -> Scored:
        """Every metric with a score above zero, best first."""
        words = self.reader.read(norm)
        unknown = tuple(sorted(t for t in words.tokens if t not in self._idf))
        if not words.tokens:
            return Scored([], unknown)
        weight = {t: self.idf(t) for t in words.tokens}
        total = sum(weight.values())
        subjects = words.tokens & self._subjects
        ranked = []
        on_subject = set()
        for profile in self.profiles:
            explained = sum(w * profile.weights.get(t, 0.0) for t, w in weight.items())
            if explained <= 0:
                continue
            recall = explained / total
            core_total = sum(self.idf(t) for t in profile.core) or 1.0
            precision = sum(self.idf(t) for t in profile.core & words.tokens) / core_total
            score = 2 * recall * precision / (recall + precision) if precision else recall * 0.5
            score *= self._penalty(words, subjects, profile)
            ranked.append((profile.metric_id, score))
            if any(profile.weights.get(t, 0) >= 1.0 for t in subjects):
                on_subject.add(profile.metric_id)
        ranked.sort(key=lambda item: -item[1])
        return Scored(ranked, unknown, frozenset(on_subject), words.respelt)

    def _penalty(self, words: Words, subjects: frozenset[str], profile: Profile) -> float:
        """What is left of a score once the label's cues have spoken against the metric."""
        factor = 1.0
        if self._contradicts(words.tokens, profile.weights):
            factor *= _CONTRADICTION
        if words.cues & _INCOMPATIBLE.get(profile.unit, set()) and profile.unit not in words.cues:
            factor *= _WRONG_UNIT
        factor *= _SUBJECT_NOT_IN_METRIC ** sum(1 for t in subjects if t not in profile.weights)
        missing = (profile.core & self._subjects) - words.tokens
        return factor * _SUBJECT_NOT_IN_LABEL ** len(missing)

    def _contradicts(self, label: frozenset[str], metric: dict[str, float]) -> bool:
        for group in self._exclusive:
            mine = label & group
            theirs = {t for t in group if metric.get(t, 0) >= 1.0}
            if mine and theirs and not mine & theirs:
                return True
        return False


def _texts(metric: Metric) -> list[str]:
    return [metric.name, metric.definition, metric.phrase or "", *metric.aliases]


@lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    from reporting.ingest.labels import normalise

    return normalise(text)
