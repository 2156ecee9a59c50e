"""Planning a year: each register read once, and the kernels shown what the driver read."""

from __future__ import annotations

import hashlib
import json

from audit.core import handoff
from audit.pipeline import publish
from audit.pipeline.plan import plan_year, read_year
from audit.pipeline.schedule import Runner

from conftest import ROOT, reconsideration_year

SAMPLE = ROOT / "data" / "sample" / "2020" / "reconsideration.csv"


def test_inputs_are_hashed_as_they_were_read(tmp_path):
    params = reconsideration_year(tmp_path)
    inputs = read_year(params)
    digests = {s.role: s.sha256 for s in inputs.sources}
    assert digests == {
        "params": hashlib.sha256(params.read_bytes()).hexdigest(),
        "reconsideration": hashlib.sha256(SAMPLE.read_bytes()).hexdigest(),
    }
    assert inputs.registers["reconsideration"].sha256 == digests["reconsideration"]


def test_a_register_edited_during_the_run_changes_neither_the_pages_nor_the_manifest(tmp_path):
    """The registers are read when the year is planned; the pages show what was read then."""
    params = reconsideration_year(tmp_path)
    out = tmp_path / "out"
    plan = plan_year(params, out)
    read = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    rows = SAMPLE.read_text(encoding="utf-8").splitlines()
    (tmp_path / "reconsideration.csv").write_text("\n".join(rows[:11]) + "\n", encoding="utf-8")  # 10 cases left
    try:
        with Runner(kernels=1) as runner:
            runner.run(plan.jobs, plan.staging, lambda job, stderr: plan.page_written(job, stderr))
        publish.publish_year(plan)
    finally:
        plan.discard()
    metrics = json.loads((out / "2020" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["reconsideration"]["received"] == 55
    page = (out / "2020" / "reconsideration.html").read_text(encoding="utf-8")
    assert "共收到行政复议申请55件" in page and read in page
    summary = (out / "2020" / "summary.html").read_text(encoding="utf-8")
    assert "✓ 一致" in summary and "✗" not in summary
    manifest = json.loads((out / "2020" / "manifest.json").read_text(encoding="utf-8"))
    assert {i["role"]: i["sha256"] for i in manifest["inputs"]}["reconsideration"] == read
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # staging and hand-off are gone


def test_a_notebook_on_its_own_ignores_a_hand_off_made_for_another_year(tmp_path, monkeypatch):
    params = reconsideration_year(tmp_path)
    plan = plan_year(params, tmp_path / "out")
    try:
        monkeypatch.setenv(handoff.ENV, str(plan.handoff))
        year = handoff.read(params, ("reconsideration",))
        assert year is not None and year.metrics == plan.metrics and year.params == plan.params
        handed = year.registers["reconsideration"]
        read = read_year(params).registers["reconsideration"]
        assert handed.data.equals(read.data.drop(columns=["applicant"]))  # no personal data goes to a kernel
        assert handed.headers == read.headers and handed.sha256 == read.sha256
        assert list(handed.text.columns) == list(read.text.columns) and handed.text.empty  # validation's, not sent
        other = tmp_path / "other" / "2020.yaml"
        other.parent.mkdir()
        assert handoff.read(reconsideration_year(other.parent), ("reconsideration",)) is None
    finally:
        plan.discard()
    monkeypatch.delenv(handoff.ENV)
    assert handoff.read(params, ("reconsideration",)) is None
