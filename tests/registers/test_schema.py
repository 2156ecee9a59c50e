"""Column descriptions, in English (problem messages) and Chinese (Excel templates)."""

from __future__ import annotations

from audit.audits.reconsideration.register import SCHEMA


def test_expectations_in_both_languages():
    outcome, received, extended = (SCHEMA.column(n) for n in ("outcome", "received_on", "extended"))
    assert outcome.expectation().startswith("one of upheld (维持)")
    assert outcome.expectation("zh").startswith("维持（upheld）") and outcome.expectation("zh").endswith("空白视为在审")
    assert "2020年6月30日" in received.expectation() and received.expectation("zh").startswith("日期")
    assert extended.expectation("zh") == "是 / 否（空白视为否）"
    assert SCHEMA.column("case_id").expectation("zh") == "任意文本"
