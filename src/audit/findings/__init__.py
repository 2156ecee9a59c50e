"""Findings (审计发现): what every audit found wrong, the auditor's own, and their rectification over the years.

Each audit package declares its kinds of finding (``finding_rules``) and derives its findings from
its exceptions (``findings``); :mod:`.derive` gathers them with the red headlines and the findings
added by hand, :mod:`.followup` says what became of last year's, and :mod:`.page` shows them.
This package also owns two registers no audit owns (:data:`ROLES`).
"""

from __future__ import annotations

from audit.audits.spec import RegisterRole
from audit.findings.register import findings_schema, rectification_schema

ROLES: tuple[RegisterRole, ...] = (
    RegisterRole(
        "findings",
        findings_schema,
        {"zh": "审计发现问题清单（手工登记）", "en": "Findings added by the auditor"},
        False,
    ),
    RegisterRole("rectification", rectification_schema, {"zh": "整改台账", "en": "Rectification ledger"}, False),
)
