"""The bad-input corpus (tests/bad_inputs/cases.yaml): broken registers and params files.

Each case must give exactly the errors its manifest lists (file, row, column, value, expectation in
English and in Chinese), all at once; make `audit check` and `audit run` agree (both exit 2 with no
Python traceback, listing the same problems in the params' language, Chinese); and `run` must leave
the previous good report of the year byte for byte as it was.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import yaml

from audit import cli
from audit.core.errors import InputError, Problem, format_problems
from audit.core.params import load_params
from audit.registers import load_registers

from conftest import ROOT, assert_chinese, run_audit, write_params

CORPUS = ROOT / "tests" / "bad_inputs"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))["cases"]


def params_for(case: dict, folder: Path) -> Path:
    """The params file a case runs with: its own, or year 2020 naming the case's registers."""
    if "params" in case:
        return CORPUS / case["params"]
    registers = {key: str((CORPUS / name).resolve()) for key, name in case["registers"].items()}
    return write_params(folder, registers)


def problems_of(case: dict, folder: Path) -> list[Problem]:
    """Every problem a case gives (it must give some)."""
    with pytest.raises(InputError) as caught:
        load_registers(load_params(params_for(case, folder)))
    return caught.value.problems


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every report file's bytes (the run log is left out: every run, failed ones too, appends to it)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in ("audit-log.jsonl", "audit-log.jsonl.lock")  # the run log and its lock
    }


@pytest.fixture(scope="module")
def previous(sample_runs, tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding a previous good 2020 report, and its bytes."""
    out = tmp_path_factory.mktemp("previous")
    shutil.copytree(sample_runs[2020], out / "2020")
    return out, snapshot(out)


def test_corpus_is_complete():
    assert len(CASES) >= 25
    assert len({c["name"] for c in CASES}) == len(CASES)
    listed = {name for c in CASES for name in [c.get("params"), *c.get("registers", {}).values()] if name}
    on_disk = {
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.suffix in (".csv", ".xlsx", ".yaml") and p.name != "cases.yaml"
    }
    assert on_disk - listed == set(), "corpus files that no case uses"
    assert {n for n in listed if not n.startswith("../")} - on_disk == set(), "cases naming missing files"
    assert any(len({(e["column"], e["expects"]) for e in c["errors"]}) >= 3 for c in CASES), (
        "at least one file with several different errors"
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_errors_name_file_row_column(case, tmp_path):
    problems = problems_of(case, tmp_path)
    got = [(Path(p.file).name, p.row, p.column, p.value, p.expected, p.expected_zh) for p in problems]
    shown = format_problems(problems) + "\n" + format_problems(problems, "zh")
    assert len(got) == len(case["errors"]), f"{case['what']}: expected {len(case['errors'])} problem(s), got\n{shown}"
    for want, (file, row, column, value, expected, expected_zh) in zip(case["errors"], got):
        assert (file, row, column, value) == (want["file"], want["row"], want["column"], want["value"]), shown
        assert want["expects"] in expected, shown
        assert want["expects_zh"] in expected_zh, shown
    assert "\ufffd" not in shown and "锟" not in shown, "mojibake in the message"


def test_every_problem_has_a_chinese_expectation(tmp_path):
    """A construction site that passes English (or nothing Chinese) as the Chinese text fails here."""
    for case in CASES:
        assert_chinese(problems_of(case, tmp_path))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_cli_exits_2_and_leaves_the_previous_report(case, previous, tmp_path, capsys):
    out, before = previous
    params = str(params_for(case, tmp_path))
    checked = cli.main(["check", "--params", params])
    check_out = capsys.readouterr()
    status = cli.main(["run", "--params", params, "--out", str(out)])
    err = capsys.readouterr().err
    assert checked == 2 and status == 2, check_out.out + check_out.err + err
    # check and run agree: the same problems, in the same table
    table = format_problems(problems_of(case, tmp_path), "zh").splitlines()[1:]
    assert all(line in check_out.out for line in table), f"audit check:\n{check_out.out}\nexpected:\n{table}"
    assert all(line in err for line in table), f"audit run:\n{err}\nexpected:\n{table}"
    assert "Traceback" not in check_out.err
    assert "Traceback" not in err
    assert "发现" in err and "应为" in err, "the problems are not listed in Chinese"
    for want in case["errors"]:
        assert want["file"] in err and want["expects_zh"] in err
        if want["column"]:
            assert want["column"] in err
    assert "保持不变" in err  # the previous report is unchanged (said in the year's language)
    assert snapshot(out) == before, "the previous report was changed by a failed run"
    left = sorted(p.name for p in out.iterdir())
    assert left == ["2020", "audit-log.jsonl", "audit-log.jsonl.lock"], "a failed run left files behind"
    last = (out / "audit-log.jsonl").read_text(encoding="utf-8").splitlines()[-1]
    assert '"status":"invalid"' in last, "the failed run was not logged"


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["recon_several_errors", "params_yaml_syntax"])
def test_cli_in_a_process(name, previous, tmp_path):
    case = next(c for c in CASES if c["name"] == name)
    out, before = previous
    result = run_audit("run", "--params", str(params_for(case, tmp_path)), "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()
    assert all(want["expects_zh"] in result.stderr for want in case["errors"]), result.stderr
    assert snapshot(out) == before


# ---- a large register ----------------------------------------------------------------------

ROWS = 200_000


def _large_case_file_register(path: Path, bad_rows: dict[int, str] | None = None) -> None:
    lines = [
        "评查批次,执法单位,案卷编号,评查人,执法主体扣分,事实证据扣分,法律适用扣分,执法程序扣分,文书制作扣分,案卷管理扣分,得分,否决项"
    ]
    for i in range(ROWS):
        d = i % 7
        lines.append(
            f"2020-{i % 3 + 1},单位{i % 40:02d},F{i:06d},评查人,{d},0,{i % 5},0,1,0,,"
            + ("程序不合法" if i % 97 == 0 else "")
        )
    for row, text in (bad_rows or {}).items():
        lines[row - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.e2e
def test_200000_row_register_loads_and_computes_in_reasonable_time(tmp_path, record_property):
    from audit.core.metrics import compute_all

    _large_case_file_register(tmp_path / "reviews.csv")
    params = load_params(write_params(tmp_path, {"case_file_review": "reviews.csv"}))
    started = time.perf_counter()
    metrics = compute_all(load_registers(params), params)
    seconds = time.perf_counter() - started
    record_property("seconds_200k_rows", round(seconds, 2))
    print(f"\n200,000-row register: loaded and computed in {seconds:.1f} s")
    assert metrics["case_file_review"]["files"] == ROWS
    assert seconds < 60


@pytest.mark.e2e
def test_200000_row_register_errors_name_their_rows(tmp_path):
    bad = {
        150_001: "2020-1,单位01,F999999,评查人,2,0,0,0,1,0,,超期办案",
        199_999: "2020-1,单位01,F000000,评查人,-1,0,0,0,1,0,,",
    }
    _large_case_file_register(tmp_path / "reviews.csv", bad)
    params = load_params(write_params(tmp_path, {"case_file_review": "reviews.csv"}))
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        load_registers(params)
    seconds = time.perf_counter() - started
    print(f"\n200,000-row register with errors: rejected in {seconds:.1f} s")
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(150_001, "否决项"), (199_999, "执法主体扣分"), (199_999, "案卷编号")}, caught.value
    assert seconds < 60
