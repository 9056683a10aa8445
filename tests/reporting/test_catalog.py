"""The bundled metric catalog and header vocabulary: complete, sensible, unambiguous; and
the loaders' checks."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from reporting.catalog import CATALOG_PATH, Catalog, load_catalog
from reporting.catalog.headers import HEADERS_PATH, ROLES, load_headers

SAMPLE_GENERATOR = Path(__file__).resolve().parents[2] / "tools" / "generate_sample_data.py"

REQUIRED_IDS = {
    "vuln_critical_open", "vuln_critical_overdue", "vuln_high_overdue", "vuln_medium_overdue",
    "kev_open", "internet_facing_critical", "mttr_critical_days", "patch_compliance_pct",
    "mfa_coverage_pct", "privileged_mfa_pct", "dormant_accounts",
    "access_review_completion_pct", "edr_coverage_pct", "asset_inventory_coverage_pct",
    "unsupported_os_count", "config_compliance_pct", "mttd_hours", "mttc_hours",
    "incidents_total", "incidents_material", "log_coverage_pct", "phishing_click_rate_pct",
    "phishing_report_rate_pct", "training_completion_pct", "backup_success_pct",
    "restore_test_success_pct", "dr_tested_pct", "vendors_assessed_pct",
    "vendor_high_risk_findings_open", "cloud_critical_misconfig", "encryption_coverage_pct",
    "audit_findings_open", "audit_findings_overdue", "risk_exceptions_expired",
    "pentest_high_open", "appsec_critical_open",
}  # fmt: skip

# Words that name no metric on their own and must never be an alias.
GENERIC = {
    "coverage", "vulns", "vulnerabilities", "incidents", "findings", "open", "overdue",
    "percent", "rate", "count", "total", "compliance", "score", "metric",
}  # fmt: skip


def _normalise(label: str) -> str:
    """Close to what a label mapper does: case, symbols and punctuation folded away."""
    text = label.casefold().replace("&", " and ").replace("%", " percent ")
    text = text.replace("#", " number ").replace("+", " plus ")
    return " ".join(re.sub(r"[^\w<>]+", " ", text).split())


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_required_metrics_are_present(catalog: Catalog) -> None:
    missing = REQUIRED_IDS - {metric.id for metric in catalog}
    assert not missing, f"catalog lacks {sorted(missing)}"
    assert len(catalog) >= len(REQUIRED_IDS) + 10


def test_targets_and_tolerances_are_sensible(catalog: Catalog) -> None:
    for metric in catalog:
        if metric.unit == "percent":
            assert 0 <= metric.target <= 100, metric.id
            assert metric.tolerance <= 20, metric.id
        # The amber band never crosses zero or 100 % into nonsense.
        if metric.higher_is_better and metric.unit == "percent":
            assert metric.target - metric.tolerance > 0, metric.id
    assert catalog["phishing_click_rate_pct"].direction == "lower_is_better"
    assert catalog["phishing_report_rate_pct"].direction == "higher_is_better"
    assert catalog["vuln_critical_overdue"].target == 0
    assert catalog["mttd_hours"].unit == "hours"
    assert catalog["mttr_critical_days"].unit == "days"


def test_every_metric_has_enough_specific_aliases(catalog: Catalog) -> None:
    for metric in catalog:
        assert 5 <= len(metric.aliases) <= 14, f"{metric.id} has {len(metric.aliases)} aliases"
        for alias in metric.aliases:
            assert _normalise(alias) not in GENERIC, f"{metric.id}: {alias!r} is too generic"
            assert alias == alias.strip() and alias, f"{metric.id}: {alias!r}"


def test_no_label_is_claimed_by_two_metrics(catalog: Catalog) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for metric in catalog:
        for label in (metric.id, metric.id.replace("_", " "), metric.name, *metric.aliases):
            owners[label.casefold().strip()].add(metric.id)
            owners[_normalise(label)].add(metric.id)
    shared = {label: ids for label, ids in owners.items() if len(ids) > 1}
    assert not shared, f"labels shared between metrics: {shared}"


def test_names_are_unique(catalog: Catalog) -> None:
    names = [metric.name.casefold() for metric in catalog]
    assert len(names) == len(set(names))


def _good_metric(**changes: object) -> dict:
    metric = {
        "id": "mfa_coverage_pct",
        "name": "Multi-factor authentication coverage",
        "definition": "Share of user accounts that must use multi-factor authentication.",
        "unit": "percent",
        "direction": "higher_is_better",
        "target": 98,
        "tolerance": 3,
        "domain": "identity",
        "aliases": ["MFA coverage"],
    }
    return {**metric, **changes}


def _write(tmp_path: Path, metrics: list[dict]) -> Path:
    path = tmp_path / "metrics.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "metrics": metrics}), encoding="utf-8")
    return path


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    catalog = load_catalog(_write(tmp_path, [_good_metric()]))
    assert catalog["mfa_coverage_pct"].target == 98
    assert len(catalog) == 1


@pytest.mark.parametrize(
    ("metrics", "expected"),
    [
        pytest.param(
            [_good_metric(), _good_metric(aliases=["MFA %"])],
            r"metric id 'mfa_coverage_pct' appears twice",
            id="duplicate id",
        ),
        pytest.param(
            [_good_metric(id="MFA-Coverage")],
            r"metric id 'MFA-Coverage' is not snake_case",
            id="id not snake_case",
        ),
        pytest.param(
            [_good_metric(unit="points")],
            r"unit[\s\S]*'percent', 'count', 'days', 'hours' or 'ratio'[\s\S]*points",
            id="unknown unit",
        ),
        pytest.param(
            [
                _good_metric(),
                _good_metric(id="privileged_mfa_pct", name="Admin MFA", aliases=["mfa COVERAGE"]),
            ],
            r"alias 'mfa COVERAGE' is claimed by both mfa_coverage_pct and privileged_mfa_pct",
            id="alias shared",
        ),
        pytest.param(
            [_good_metric(target=120)],
            r"mfa_coverage_pct: a percent target must lie between 0 and 100",
            id="percent target above 100",
        ),
    ],
)
def test_loader_rejects_a_bad_file_naming_the_problem(
    tmp_path: Path, metrics: list[dict], expected: str
) -> None:
    with pytest.raises(ValidationError, match=expected):
        load_catalog(_write(tmp_path, metrics))


def test_bundled_file_is_the_default() -> None:
    assert load_catalog() is load_catalog()
    assert len(load_catalog(CATALOG_PATH)) == len(load_catalog())


def test_sample_data_labels_are_exact_aliases(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample company's labels must map with full confidence to the intended metric."""
    spec = importlib.util.spec_from_file_location("harbour_sample_generator", SAMPLE_GENERATOR)
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, generator)  # dataclasses look themselves up
    spec.loader.exec_module(generator)
    owner = {
        label.casefold().strip(): metric.id
        for metric in catalog
        for label in (metric.id, metric.name, *metric.aliases)
    }
    labels = generator.sample_labels()
    assert len(labels) >= 40
    wrong = [
        (where, label, mid)
        for where, label, mid in labels
        if owner.get(label.casefold().strip()) != mid
    ]
    assert not wrong, f"sample labels not exact aliases of their metric: {wrong}"


# ---------------------------------------------------------------- column-header vocabulary


def _headers(**changes: object) -> dict:
    """A valid vocabulary (one word per role) with some roles changed or added."""
    roles: dict[str, object] = {role: [role.replace("_", " ")] for role in ROLES}
    return {"version": 1, "roles": {**roles, **changes}}


def _write_headers(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "headers.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_bundled_headers_name_every_role_and_are_the_default() -> None:
    headers = load_headers()
    assert set(headers.roles) == set(ROLES)
    assert headers is load_headers()
    assert load_headers(HEADERS_PATH) == headers
    by_word = headers.role_by_word()
    assert (by_word["metric name"], by_word["business unit"], by_word["rag status"]) == (
        "metric",
        "business_unit",
        "status",
    )


def test_headers_file_says_what_it_is_before_its_data() -> None:
    text = HEADERS_PATH.read_text(encoding="utf-8")
    head = text[: text.index("version:")]
    assert head.startswith("#") and "normalis" in head


def test_a_small_valid_headers_file_loads(tmp_path: Path) -> None:
    headers = load_headers(_write_headers(tmp_path, _headers(notes=["Notes", "Remarks"])))
    assert headers.role_by_word()["remarks"] == "notes"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"colour": ["colour"]},
            r"unknown column role\(s\) 'colour'; the roles are metric, period, value",
            id="unknown role",
        ),
        pytest.param(
            {"notes": ["notes", "Metric"]},
            r"header word 'Metric' is listed under both metric and notes, once as 'metric'",
            id="word under two roles",
        ),
        pytest.param(
            {"metric": ["metric", "No."], "value": ["value", "number"]},
            r"header word 'number' is listed under both metric and value, once as 'No\.'",
            id="same word once normalised",
        ),
        pytest.param(
            {"owner": ["owner", "Owner "]},
            r"header word 'Owner ' is listed twice under owner",
            id="word twice under one role",
        ),
        pytest.param(
            {"target": ["target", ""]}, r"column role 'target' lists an empty word", id="empty"
        ),
        pytest.param(
            {"target": ["target", " -- "]},
            r"column role 'target' lists an empty word \(' -- '\)",
            id="punctuation only",
        ),
        pytest.param({"status": []}, r"column role 'status' lists no words", id="role emptied"),
        pytest.param(
            {"unit": ["unit", True]}, r"roles\.unit\.1\s+Input should be a valid string", id="yes"
        ),
    ],
)
def test_headers_loader_rejects_a_bad_file_naming_the_problem(
    tmp_path: Path, changes: dict, expected: str
) -> None:
    with pytest.raises(ValidationError, match=expected):
        load_headers(_write_headers(tmp_path, _headers(**changes)))


def test_headers_loader_wants_every_role(tmp_path: Path) -> None:
    data = _headers()
    del data["roles"]["period"]
    with pytest.raises(ValidationError, match=r"column role 'period' lists no words"):
        load_headers(_write_headers(tmp_path, data))
