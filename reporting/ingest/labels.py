"""Turning the labels people write ("Phish-prone %") into catalog metric ids.

Order of trust: a user's override, an exact alias, the same alias after normalising
(case, punctuation, common abbreviations), then fuzzy matching. A fuzzy match counts only
above `ACCEPT` (token-sorted similarity, so word order does not matter) and only when no
other metric scores nearly as well. Between `SUGGEST` and `ACCEPT`, or when the label holds
a whole alias plus words of its own, the best metric is offered as a suggestion that needs
the user's confirmation and is not used. Anything else stays unmapped, so that "Coffee
machine uptime" is never forced onto the nearest security metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from reporting.catalog import Catalog

ACCEPT = 0.88
SUGGEST = 0.70
# Two different metrics scoring within this margin make a fuzzy match ambiguous.
AMBIGUITY_MARGIN = 0.03

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
    "no": "number",
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
_PAST_DUE = re.compile(r"\b(past|beyond|outside|exceeding)\s+(due|sla|deadline|target date)\b")


def normalise(label: str) -> str:
    """Split field names, casefold, spell out symbols and abbreviations, collapse punctuation.

    Age qualifiers become the word "overdue" ("> 30d", "past SLA"), so that a label about
    overdue findings never matches a metric about open ones on the strength of the rest.
    """
    # Field names from exports: critical_vulns_open, criticalVulnsOpen. Only a label with no
    # space is split at its capitals: in prose, CrowdStrike is one word.
    text = str(label)
    if " " not in text.strip():
        text = _CAMEL.sub(" ", text)
    text = text.replace("_", " ").casefold()
    text = _AGED.sub(r" overdue \2 days ", text)
    text = _PAST_DUE.sub(" overdue ", text)
    text = text.replace("&", " and ").replace("%", " percent ")
    text = text.replace("#", " number ").replace("+", " plus ")
    words = _PUNCT.sub(" ", text).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


# Words that flip a label's meaning however similar the rest is: "high vulnerabilities
# overdue" must never become "medium vulnerabilities overdue".
_EXCLUSIVE = (
    {"critical", "high", "medium", "low"},
    {"detect", "contain", "respond", "remediate", "recover"},
    {"open", "overdue", "closed"},
    {"privileged", "dormant"},
)


def _contradicts(label: str, alias: str) -> bool:
    words, alias_words = set(label.split()), set(alias.split())
    for group in _EXCLUSIVE:
        mine, theirs = words & group, alias_words & group
        if mine and theirs and not mine & theirs:
            return True
    return False


def _exact_key(label: str) -> str:
    return " ".join(str(label).casefold().split())


Method = Literal["override", "alias", "normalised", "fuzzy", "ignored", "none"]


@dataclass(frozen=True)
class Match:
    metric_id: str | None
    confidence: float
    method: Method
    suggestion: str | None = None

    @property
    def accepted(self) -> bool:
        return self.metric_id is not None


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
        self._choices = list(self._normalised)
        self._owners = [self._normalised[c] for c in self._choices]
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
            return Match(found, 0.97, "normalised")
        ranked = [
            found
            for found in process.extract(
                norm, self._choices, scorer=fuzz.token_sort_ratio, limit=12, score_cutoff=50
            )
            if not _contradicts(norm, found[0])
        ]
        if ranked:
            _, best_score, best_index = ranked[0]
            best_id = self._owners[best_index]
            confidence = round(best_score / 100, 2)
            rival = next(
                (score / 100 for _, score, i in ranked[1:] if self._owners[i] != best_id), 0.0
            )
            if confidence >= ACCEPT and confidence - rival >= AMBIGUITY_MARGIN:
                return Match(best_id, confidence, "fuzzy")
        contained = self._suggest_by_shared_words(norm)
        if contained.suggestion or not ranked or ranked[0][1] < SUGGEST * 100:
            return contained
        _, best_score, best_index = ranked[0]
        confidence = round(min(best_score / 100, ACCEPT - 0.01), 2)
        return Match(None, confidence, "none", suggestion=self._owners[best_index])

    def _suggest_by_shared_words(self, norm: str) -> Match:
        """A label that contains a known alias plus words of its own ("MFA rollout progress
        (stores)") is offered, never accepted: extra words can change the meaning."""
        contained = [
            found
            for found in process.extract(
                norm, self._choices, scorer=fuzz.token_set_ratio, limit=10, score_cutoff=90
            )
            if not _contradicts(norm, found[0])
        ]
        if not contained:
            return Match(None, 0.0, "none")
        # The most specific alias found inside the label wins.
        choice, _, index = max(contained, key=lambda found: (len(found[0].split()), found[1]))
        confidence = round(min(fuzz.WRatio(norm, choice) / 100, ACCEPT - 0.01), 2)
        return Match(None, confidence, "none", suggestion=self._owners[index])
