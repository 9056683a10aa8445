"""The deck, workbook, memo and image tests read the session's sample report."""

from __future__ import annotations

import pytest

from reporting.report import BoardReport


@pytest.fixture(scope="session")
def report(sample_report) -> BoardReport:
    return sample_report
