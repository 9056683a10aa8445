"""The bundled framework mappings: complete, well-formed, and the loader's checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from reporting.catalog import load_catalog
from reporting.catalog.frameworks import FRAMEWORKS_DIR, Framework, load_frameworks
from reporting.context import FRAMEWORKS

ID_PATTERNS = {
    "NIST CSF 2.0": r"^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$",
    "CIS v8.1": r"^\d{1,2}\.\d{1,2}$",
    "ISO 27001:2022": r"^A\.[5-8]\.\d{1,2}$",
    "PCI DSS 4.0": r"^\d{1,2}(\.\d{1,2}){1,3}$",
    "SOC 2": r"^(CC\d\.\d|A1\.\d|C1\.\d|PI1\.\d|P\d\.\d)$",
}

FILES = {
    "nist_csf_2.yaml": "NIST CSF 2.0",
    "cis_v8_1.yaml": "CIS v8.1",
    "iso_27001_2022.yaml": "ISO 27001:2022",
    "pci_dss_4.yaml": "PCI DSS 4.0",
    "soc_2.yaml": "SOC 2",
}

# Domains whose metrics are direct control evidence in nearly every framework.
CORE_DOMAINS = {"vulnerability", "identity", "endpoint", "resilience", "third_party"}

# Acronyms a board member cannot be expected to know; spell them out instead.
ACRONYMS = re.compile(r"\b(MFA|EDR|SIEM|SOC|PAM|DLP|DR|KEV|CVSS|DDoS|IT|OS|PAN|CDE|CSPM|SAST)\b")


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    return load_frameworks()


def _load_text(text: str) -> Framework:
    return Framework.model_validate(yaml.safe_load(text))


def test_all_five_frameworks_load_with_canonical_names(frameworks: dict[str, Framework]) -> None:
    assert set(frameworks) == set(FRAMEWORKS)
    for filename, name in FILES.items():
        data = yaml.safe_load((FRAMEWORKS_DIR / filename).read_text(encoding="utf-8"))
        assert data["framework"] == name, filename


@pytest.mark.parametrize("name", list(ID_PATTERNS))
def test_control_ids_follow_the_framework_pattern(
    frameworks: dict[str, Framework], name: str
) -> None:
    pattern = re.compile(ID_PATTERNS[name])
    bad = [c.id for c in frameworks[name].controls if not pattern.match(c.id)]
    assert not bad, f"{name}: ids not in the framework's form: {bad}"


@pytest.mark.parametrize("name", list(ID_PATTERNS))
def test_controls_are_sized_and_worded_for_a_board(
    frameworks: dict[str, Framework], name: str
) -> None:
    controls = frameworks[name].controls
    assert 12 <= len(controls) <= 30, f"{name} has {len(controls)} controls"
    titles = [c.title.casefold() for c in controls]
    assert len(titles) == len(set(titles)), f"{name}: duplicate titles"
    for control in controls:
        assert control.title == control.title.strip() and control.title, control.id
        business = control.business.strip()
        assert business.endswith("."), f"{name} {control.id}: business is not a sentence"
        assert business.count(". ") == 0, f"{name} {control.id}: business is not one sentence"
        assert not ACRONYMS.search(business), f"{name} {control.id}: unexplained acronym"
        assert len(set(control.metrics)) == len(control.metrics), f"{name} {control.id}"


def test_core_metrics_are_mapped_in_at_least_three_frameworks(
    frameworks: dict[str, Framework],
) -> None:
    thin = {}
    for metric in load_catalog():
        if metric.domain not in CORE_DOMAINS:
            continue
        mapped_in = [
            name
            for name, framework in frameworks.items()
            if any(metric.id in control.metrics for control in framework.controls)
        ]
        if len(mapped_in) < 3:
            thin[metric.id] = mapped_in
    assert not thin, f"core metrics mapped in fewer than three frameworks: {thin}"


GOOD = """
framework: SOC 2
controls:
  - {id: CC6.1, title: Access is restricted, business: Data could leak., metrics: [mfa_coverage_pct]}
  - {id: CC6.2, title: Accounts are removed, business: Data could leak., metrics: [dormant_accounts]}
  - {id: CC7.1, title: Weaknesses found, business: Data could leak., metrics: [vuln_critical_open]}
  - {id: CC7.2, title: Monitoring, business: Data could leak., metrics: [log_coverage_pct]}
  - {id: CC9.2, title: Vendors, business: Data could leak., metrics: [vendors_assessed_pct]}
"""


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "soc_2.yaml"
    path.write_text(GOOD, encoding="utf-8")
    framework = _load_text(path.read_text(encoding="utf-8"))
    assert framework.framework == "SOC 2"
    assert [c.id for c in framework.controls][:2] == ["CC6.1", "CC6.2"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "metrics: [dormant_accounts]",
            "metrics: [dormant_acounts]",
            r"SOC 2 CC6\.2: unknown metric\(s\) \['dormant_acounts'\]",
            id="unknown metric id",
        ),
        pytest.param(
            "id: CC6.2",
            "id: CC6.1",
            r"SOC 2: control ids must be unique",
            id="duplicate control id",
        ),
        pytest.param(
            "framework: SOC 2",
            "framework: SOC 3",
            r"unknown framework 'SOC 3'",
            id="unknown framework name",
        ),
        pytest.param(
            "metrics: [log_coverage_pct]",
            "metrics: []",
            r"controls\.3\.metrics[\s\S]*at least 1 item",
            id="control without evidence",
        ),
        pytest.param(
            "title: Vendors,",
            "title: Vendors, owner: CISO,",
            r"controls\.4\.owner[\s\S]*Extra inputs are not permitted",
            id="unknown key",
        ),
    ],
)
def test_a_bad_file_is_rejected_naming_the_problem(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        _load_text(path.read_text(encoding="utf-8"))
    assert re.search(expected, str(caught.value)), str(caught.value)
