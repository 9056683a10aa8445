"""Turning the labels people write ("Phish-prone %") into catalog metric ids.

Order of trust: a user's choice (an override), an exact alias, the same alias after
normalising (case, punctuation, field names, common abbreviations), then the label's
meaning (`meaning`): its words read through the thesaurus and weighed against every
metric. A match by meaning is used only when it is sure (`ACCEPT`), clearly ahead of the
next metric, and every word of the label is known; otherwise the three closest metrics
are offered for the user to choose from and nothing is used. A label that is no security
metric ("Coffee machine uptime") stays unmapped.

Confidence is calibrated: the score is turned into the share of labels scoring so that
were right on the development half of `tests/data/labels.csv`; `bench/mapping_bench.py`
prints the same on the held-out half.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Literal

from reporting.catalog import Catalog
from reporting.ingest.meaning import Meanings
from reporting.ingest.values import strip_footnote_marks

#: Calibrated confidence at or above which a match by meaning is used.
ACCEPT = 0.95
#: ... and at or above which it is used without asking for a look.
SURE = 0.97
#: Below this, no metric is offered at all.
SUGGEST = 0.30
#: A used match must lead the next metric by this much raw score.
LEAD = 0.10
#: Raw score -> confidence: the share of labels with that score whose best metric was
#: right, on the development half of the labelled corpus (interpolated, rounded down).
_CALIBRATION = (
    (0.0, 0.0),
    (0.2, 0.05),
    (0.3, 0.30),
    (0.4, 0.60),
    (0.5, 0.85),
    (0.6, 0.95),
    (0.8, 0.98),
    (1.0, 0.99),
)

IGNORE = "ignore"

_ABBREVIATIONS = {
    "vulns": "vulnerabilities",
    "vuln": "vulnerability",
    "vulnerabilitys": "vulnerabilities",
    "crit": "critical",
    "crits": "critical",
    "hrs": "hours",
    "hr": "hours",
    "pct": "percent",
    "perc": "percent",
    "num": "number",
    "nbr": "number",
    "w": "with",
    "3rd": "third",
    "avg": "average",
    "mgmt": "management",
    "accts": "accounts",
    "acct": "account",
    "auth": "authentication",
    "mfa": "mfa",
    "2fa": "mfa",
    "config": "configuration",
    "configs": "configuration",
    "misconfigs": "misconfigurations",
    "env": "environment",
    "sys": "systems",
    "svc": "service",
}

_PUNCT = re.compile(r"[^\w<>]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


_AGED = re.compile(r"(>|\bover\b|\bolder than\b|\bmore than\b)\s*(\d+)\s*(d|days?)\b")
_PAST_DUE = re.compile(
    r"(\b(past|beyond|outside|exceeding|over)[\s-]+|>\s*)(due|sla|deadline|target date)\b"
)
# "No. of hosts", "No of hosts": the number of. A bare "no" ("no login") is a word.
_NUMBER_OF = re.compile(r"\bno\.\s*|\bno\s+of\b")


def normalise(label: str) -> str:
    """Split field names, casefold, spell out symbols and abbreviations, collapse punctuation.

    Age qualifiers become the word "overdue" ("> 30d", "past SLA"), so that a label about
    overdue findings never matches a metric about open ones on the strength of the rest.
    """
    # Field names from exports: critical_vulns_open, criticalVulnsOpen. Only a label with no
    # space is split at its capitals: in prose, CrowdStrike is one word.
    text = strip_footnote_marks(str(label))
    if " " not in text.strip():
        text = _CAMEL.sub(" ", text)
    text = text.replace("_", " ").casefold()
    text = _NUMBER_OF.sub(" number ", text)
    text = _AGED.sub(r" overdue \2 days ", text)
    text = _PAST_DUE.sub(" overdue ", text)
    text = text.replace("&", " and ").replace("%", " percent ")
    text = text.replace("#", " number ").replace("+", " plus ")
    words = _PUNCT.sub(" ", text).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def _exact_key(label: str) -> str:
    return " ".join(str(label).casefold().split())


Method = Literal["override", "alias", "normalised", "fuzzy", "ignored", "none"]


@dataclass(frozen=True)
class Match:
    metric_id: str | None
    confidence: float
    method: Method
    suggestion: str | None = None
    alternatives: tuple[str, ...] = ()  # the closest metrics, best first, when not sure

    @property
    def accepted(self) -> bool:
        return self.metric_id is not None

    @property
    def needs_a_look(self) -> bool:
        """Used but not sure, or only suggested: the Data page shows it for a look."""
        return self.suggestion is not None or (self.method == "fuzzy" and self.confidence < SURE)


# Where a label's scope begins: "MFA coverage – workforce (%)", "Log coverage: crown jewels".
_SCOPE = re.compile(r"\s[-\u2013\u2014]\s|[(\[:,]")


def calibrated(score: float) -> float:
    """A raw meaning score as the chance, seen on labelled data, that it is right."""
    for (x0, y0), (x1, y1) in itertools.pairwise(_CALIBRATION):
        if score <= x1:
            return round(y0 + (y1 - y0) * (max(score, x0) - x0) / (x1 - x0), 2)
    return _CALIBRATION[-1][1]


class LabelMapper:
    """Maps labels for one catalog and one set of overrides; remembers what it has seen."""

    def __init__(self, catalog: Catalog, overrides: dict[str, str] | None = None) -> None:
        self.catalog = catalog
        self._overrides = {normalise(k): v for k, v in (overrides or {}).items()}
        self._exact: dict[str, str] = {}
        self._normalised: dict[str, str] = {}
        for metric in catalog:
            for alias in (metric.id, metric.name, *metric.aliases):
                self._exact[_exact_key(alias)] = metric.id
                self._normalised.setdefault(normalise(alias), metric.id)
                self._normalised.setdefault(normalise(metric.id.replace("_", " ")), metric.id)
        self._meanings: Meanings | None = None  # built on the first label aliases miss
        self._cache: dict[str, Match] = {}

    def match(self, label: str) -> Match:
        cached = self._cache.get(label)
        if cached is None:
            cached = self._cache[label] = self._match(label)
        return cached

    def _match(self, label: str) -> Match:
        norm = normalise(label)
        if not norm:
            return Match(None, 0.0, "none")
        if norm in self._overrides:
            target = self._overrides[norm]
            if target == IGNORE:
                return Match(None, 1.0, "ignored")
            return Match(target, 1.0, "override")
        if (exact := self._exact.get(_exact_key(label))) is not None:
            return Match(exact, 1.0, "alias")
        if (found := self._normalised.get(norm)) is not None:
            return Match(found, 0.99, "normalised")
        return self._by_meaning(label, norm)

    def _without_unknown_scope(self, label: str, norm: str) -> str:
        """The label without words no one knows that only say its scope ("workforce" in
        "MFA coverage – workforce (%)"): the head of a label must be understood whole, its
        scope need not be."""
        head, *rest = _SCOPE.split(str(label), maxsplit=1)
        if not rest or not normalise(head):
            return norm
        scope = set(normalise(rest[0]).split()) - set(normalise(head).split())
        reader = self._meanings.reader if self._meanings else None
        return " ".join(w for w in norm.split() if w not in scope or (reader and reader.known(w)))

    def _by_meaning(self, label: str, norm: str) -> Match:
        if self._meanings is None:
            self._meanings = Meanings(self.catalog)
        scored = self._meanings.scores(self._without_unknown_scope(label, norm))
        if not scored.ranked:
            return Match(None, 0.0, "none")
        best_id, best = scored.ranked[0]
        runner_up = scored.ranked[1][1] if len(scored.ranked) > 1 else 0.0
        confidence = calibrated(best)
        if confidence >= ACCEPT and best - runner_up >= LEAD and not scored.unknown:
            if scored.respelt:  # used, but a word was put right: shown for a look
                confidence = min(confidence, SURE - 0.01)
            return Match(best_id, confidence, "fuzzy")
        # Offered when likely enough, when it is about what the label names ("MFA rollout
        # progress (stores)": about MFA, in words of its own), or when every word of the
        # label is one security teams use: a label in their language is worth a choice.
        offered = calibrated(best) >= SUGGEST or best_id in scored.on_subject
        closest = tuple(metric_id for metric_id, _ in scored.ranked[:3])
        if not offered and scored.unknown:
            # Too unsure to name one; when the label names a subject some metrics are
            # about, the closest are still offered first among the choices.
            about = closest if scored.on_subject else ()
            return Match(None, confidence, "none", alternatives=about)
        # Not sure: never shown as sure, whatever the score.
        return Match(
            None, min(confidence, ACCEPT - 0.01), "none", suggestion=best_id, alternatives=closest
        )
