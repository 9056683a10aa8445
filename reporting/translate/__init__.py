"""Translate: observations plus business context in, one `BoardReport` out.

    report = build_report(ingest_result, context, period="2026-Q3")
    change = what_if(ingest_result, context, report, {"mfa_coverage_pct": 99.0})

Steps, each in its own module: metric status against targets (`status`, applied by
`metrics`), the risks per scenario and business unit (`risks`, scored by `scoring`),
exposure in money (`exposure`), compliance per framework (`compliance`), board wording
(`wording`) and the summary (`summary`); `report` runs them in order and `what_if` reruns
them on changed values. Pure functions; no input is read twice, none is changed, and
nothing here draws.
"""

from reporting.report import BoardReport
from reporting.translate.report import ReportError, build_report
from reporting.translate.what_if import WhatIf, WhatIfRisk, what_if

__all__ = ["BoardReport", "ReportError", "WhatIf", "WhatIfRisk", "build_report", "what_if"]
