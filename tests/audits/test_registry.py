"""The registry: everything about an audit is derived from its package, so an audit is one package and one line.

The toy audit of the test tree (``tests/toy_audit``) is added through ``AUDIT_EXTRA_AUDITS`` and
run end to end: its params block, register, template, metrics, page, summary rows and index
column and link all come from its package alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit.audits import AUDITS, REGISTRY, headlines, index_columns, load, metric_specs, register_roles
from audit.core.params import Params, params_model
from audit.pipeline.plan import INDEX_NOTEBOOK, YEAR_PAGES

from conftest import ROOT, write_csv

TESTS = Path(__file__).resolve().parents[1]


def test_every_audit_declares_what_the_pipeline_needs():
    assert [a.package for a in AUDITS[: len(REGISTRY)]] == list(REGISTRY)
    for audit in AUDITS:
        assert audit.notebook_path.is_file(), audit.key
        assert audit.registers and all(role.title["zh"] and role.title["en"] for role in audit.registers)
        assert audit.title["zh"] and audit.title["en"] and audit.short_title["zh"] and audit.short_title["en"]
        assert all(spec.audit == audit.key for spec in audit.metrics), audit.key
        __import__(audit.page)


def test_every_notebook_is_committed_without_outputs():
    for path in [a.notebook_path for a in AUDITS] + [path for _, path in YEAR_PAGES] + [INDEX_NOTEBOOK]:
        code = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        assert code and not any(c["outputs"] or c["execution_count"] for c in code), path.name


def test_params_sections_come_from_the_registry():
    fields = Params.model_fields
    for audit in AUDITS:
        if audit.settings is not None:
            assert fields[audit.key].annotation is audit.settings
        if audit.definitions is not None:
            assert audit.key in fields["definitions"].annotation.model_fields
    registers = fields["registers"].annotation.model_fields
    assert list(registers) == list(register_roles())


def test_metric_specs_are_unique_and_labelled_in_both_languages():
    keys = [spec.key for audit in AUDITS for spec in audit.metrics]
    assert len(keys) == len(set(keys))
    for spec in metric_specs().values():
        assert spec.label["zh"] and spec.label["en"]
        if spec.direction in ("higher", "lower"):
            assert spec.green is not None and spec.amber is not None, spec.key
    assert {s.key for s in (*index_columns(), *headlines())} <= set(metric_specs())


def test_a_registry_with_an_audit_more_gets_its_params_block(monkeypatch):
    monkeypatch.syspath_prepend(str(TESTS))
    audits = load((*REGISTRY, "toy_audit"))
    model = params_model(audits)
    params = model.model_validate({"year": 2020, "registers": {"toy_events": "x.csv"}, "toy": {"minimum_events": 3}})
    assert params.toy.minimum_events == 3 and params.registers.toy_events.path == Path("x.csv")
    with pytest.raises(ValueError, match="two audits have the same key"):
        load((*REGISTRY, "toy_audit", "toy_audit"))


@pytest.mark.e2e
def test_a_toy_audit_runs_end_to_end_from_its_package_alone(tmp_path):
    write_csv(
        tmp_path / "data" / "toy.csv",
        ["日期", "主题", "受众人次"],
        [["2020-03-05", "宪法", "120"], ["2020-06-01", "民法典", "300"], ["2020-12-04", "宪法", "80"]],
    )
    sample = ROOT / "data" / "sample" / "2020" / "reconsideration.csv"
    params = tmp_path / "params" / "2020.yaml"
    params.parent.mkdir()
    params.write_text(
        f"year: 2020\nregisters:\n  reconsideration: {sample}\n  toy_events: ../data/toy.csv\n"
        "toy:\n  minimum_events: 4\nreported:\n  toy.events: 3\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "AUDIT_EXTRA_AUDITS": "toy_audit",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])),
    }

    def audit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "audit.cli", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    check = audit("check", "--params", str(params), "--lang", "en")
    assert check.returncode == 0 and "2 registers checked, 58 rows" in check.stdout, check.stdout + check.stderr
    run = audit("run", "--params", str(params), "--out", "out")
    assert run.returncode == 0, run.stderr
    year = tmp_path / "out" / "2020"
    metrics = json.loads((year / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["toy"] == {"events": 3, "audience": 500, "enough_events": False}
    assert [c["verdict"] for c in metrics["claims"]] == ["match"]
    page = (year / "toy_events.html").read_text(encoding="utf-8")
    assert "普法活动审计报告" in page and "民法典" in page and "普法活动登记表" in page
    summary = (year / "summary.html").read_text(encoding="utf-8")
    assert "普法活动场次" in summary and "活动场次达标" in summary and 'href="toy_events.html"' in summary
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "普法活动场次" in index and 'href="2020/toy_events.html"' in index
    manifest = json.loads((year / "manifest.json").read_text(encoding="utf-8"))
    assert "toy_events" in [i["role"] for i in manifest["inputs"]]
    new = audit("new-year", "2021", "--params-dir", "params", "--data-dir", "data")
    assert new.returncode == 0 and (tmp_path / "data" / "2021" / "toy_events.xlsx").is_file(), new.stderr
