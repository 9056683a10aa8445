"""How well labels are understood, on the labelled corpus `tests/data/labels.csv`.

The corpus holds labels as vendor consoles, GRC exports and CISOs' own KPI sheets write
them, each with the catalog metric it means (or `none`), split in two: `dev`, which
tuning may look at, and `heldout`, which it never does. This prints, for one split:

- top-1: the metric used or offered first is the right one (labels that mean a metric);
- top-3: the right metric is among those used or offered;
- non-metrics accepted: labels meaning no catalog metric that were used as one (goal: none);
- precision of accepted labels: used without asking, and right (goal: at least 98 %);
- accuracy per confidence band: is the confidence shown worth its number?

    .venv/bin/python bench/mapping_bench.py              # the held-out half
    .venv/bin/python bench/mapping_bench.py --split dev --misses
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools

from reporting.catalog import load_catalog
from reporting.ingest.labels import LabelMapper, Match

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "labels.csv"
BANDS = (0.0, 0.3, 0.6, 0.85, 0.95, 0.97, 1.01)
GOALS = {"top-1": 0.95, "top-3": 0.99, "precision": 0.98}


def read_corpus(split: str) -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if split in (row["split"], "all")]


def first(match: Match) -> str:
    """What the label was read as: the metric used, else the one offered first, else none."""
    return match.metric_id or match.suggestion or "none"


def offered(match: Match) -> set[str]:
    return {m for m in (match.metric_id, *match.alternatives) if m} or {"none"}


def evaluate(rows: list[dict[str, str]]) -> dict:
    mapper = LabelMapper(load_catalog())
    start = time.perf_counter()
    matches = [(row, mapper.match(row["label"])) for row in rows]
    seconds = time.perf_counter() - start
    metrics = [(r, m) for r, m in matches if r["expected"] != "none"]
    others = [(r, m) for r, m in matches if r["expected"] == "none"]
    accepted = [(r, m) for r, m in matches if m.accepted]
    return {
        "rows": len(rows),
        "seconds": seconds,
        "top-1": sum(first(m) == r["expected"] for r, m in metrics) / max(1, len(metrics)),
        "top-3": sum(r["expected"] in offered(m) for r, m in metrics) / max(1, len(metrics)),
        "metrics": len(metrics),
        "others": len(others),
        "others accepted": sum(m.accepted for _, m in others),
        "accepted": len(accepted),
        "metrics accepted": sum(m.accepted for _, m in metrics),
        "precision": sum(m.metric_id == r["expected"] for r, m in accepted) / max(1, len(accepted)),
        "bands": bands(matches),
        "matches": matches,
    }


def bands(matches: list[tuple[dict[str, str], Match]]) -> list[tuple[str, int, float]]:
    out = []
    for low, high in itertools.pairwise(BANDS):
        inside = [(r, m) for r, m in matches if low <= m.confidence < high]
        if inside:
            right = sum(first(m) == r["expected"] for r, m in inside) / len(inside)
            out.append((f"{low:.2f}-{min(high, 1):.2f}", len(inside), right))
    return out


def report(split: str, result: dict, misses: bool) -> bool:
    print(f"split: {split} ({result['rows']} labels, {result['others']} of them no catalog metric)")
    print(f"mapping time: {result['seconds'] * 1000:.0f} ms for all labels")
    ok = True
    for name in ("top-1", "top-3", "precision"):
        met = result[name] >= GOALS[name]
        ok &= met
        print(
            f"{name:>10}: {result[name]:6.1%}  (goal {GOALS[name]:.0%}: {'met' if met else 'NOT met'})"
        )
    wrong = result["others accepted"]
    ok &= wrong == 0
    print(
        f"non-metrics accepted: {wrong} of {result['others']} "
        f"({'met' if wrong == 0 else 'NOT met'}: goal none)"
    )
    print(
        f"used without asking: {result['metrics accepted']} of {result['metrics']} labels "
        f"that mean a metric ({result['metrics accepted'] / max(1, result['metrics']):.0%})"
    )
    print("accuracy per confidence band (right = what was used or offered first):")
    for band, count, right in result["bands"]:
        print(f"  {band}: {count:4d} labels, {right:6.1%} right")
    if misses:
        if split == "heldout":
            print(
                "(misses are listed for the development split only: the held-out half stays unseen)"
            )
        else:
            for row, match in result["matches"]:
                if first(match) != row["expected"] or (
                    match.accepted and match.metric_id != row["expected"]
                ):
                    print(
                        f"  miss: {row['label']!r} -> {first(match)} ({match.confidence:.2f}), expected {row['expected']}"
                    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("heldout", "dev", "all"), default="heldout")
    parser.add_argument("--misses", action="store_true", help="list misses (dev split only)")
    args = parser.parse_args()
    ok = report(args.split, evaluate(read_corpus(args.split)), args.misses)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
