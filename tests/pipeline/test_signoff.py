"""Sign-off (审计复核签字): the log entry, the review state of a year, the index, verify and the CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from audit.cli import main
from audit.pipeline import runlog, signoff
from audit.pipeline.signoff import SignError, review_states, sign

from conftest import ROOT

NAME = "张三丰"  # a signer's name: in the run log, nowhere else


def publish_fake_year(out: Path, year: int = 2020, received: int = 55, log: bool = True) -> Path:
    """A year folder as a run leaves it (metrics, a page, a manifest of both), and its ``ok`` run entry."""
    folder = out / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.json").write_text(
        json.dumps({"year": year, "reconsideration": {"received": received}}), encoding="utf-8"
    )
    (folder / "summary.html").write_text(f"<p>{received}</p>", encoding="utf-8")
    outputs = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.name != "manifest.json"
    }
    manifest = {"year": year, "inputs": [], "code": {"package": "0", "commit": None}, "outputs": outputs}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if log:
        runlog.append(out / runlog.LOG_NAME, runlog.new_entry(status="ok", year=year, outputs=outputs))
    return folder


def state(out: Path, year: int = 2020) -> str:
    return review_states(out, [year])[year].state


def test_a_sign_off_is_appended_to_the_chain_with_the_manifest_hash(tmp_path):
    folder = publish_fake_year(tmp_path)
    entry = sign(tmp_path, 2020, "复核", NAME)
    log = tmp_path / runlog.LOG_NAME
    entries = runlog.read(log)
    assert len(entries) == 2 and entries[-1] == entry
    assert entry["kind"] == "sign" and entry["year"] == 2020 and entry["role"] == "复核" and entry["name"] == NAME
    manifest_sha = hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()
    assert entry["manifest"] == {"path": "2020/manifest.json", "sha256": manifest_sha}
    first_line = log.read_bytes().splitlines()[0]
    assert entry["prev"] == hashlib.sha256(first_line).hexdigest()
    assert runlog.verify(log).ok
    assert "name" not in sign(tmp_path, 2020, "审定")  # no name given: none recorded


@pytest.mark.parametrize(
    ("word", "canonical"),
    [("prepare", "编制"), ("Review", "复核"), ("reviewer", "复核"), ("approve", "审定"), (" 审定 ", "审定")],
)
def test_english_role_words_are_stored_in_chinese(tmp_path, word, canonical):
    publish_fake_year(tmp_path)
    assert sign(tmp_path, 2020, word)["role"] == canonical


def test_an_unknown_role_or_an_unpublished_year_is_an_error_and_writes_nothing(tmp_path):
    publish_fake_year(tmp_path)
    before = (tmp_path / runlog.LOG_NAME).read_bytes()
    with pytest.raises(SignError) as error:
        sign(tmp_path, 2020, "boss")
    assert "未知的签字角色" in error.value.message("zh") and "unknown sign-off role" in error.value.message("en")
    with pytest.raises(SignError) as error:
        sign(tmp_path, 2019, "复核")
    assert "没有已发布的 2019 年度报告" in error.value.message("zh")
    assert "no published report of 2019" in error.value.message("en")
    assert (tmp_path / runlog.LOG_NAME).read_bytes() == before


def test_a_report_edited_after_publication_cannot_be_signed(tmp_path):
    folder = publish_fake_year(tmp_path)
    (folder / "summary.html").write_text("<p>56</p>", encoding="utf-8")
    with pytest.raises(SignError) as error:
        sign(tmp_path, 2020, "复核")
    assert "summary.html" in error.value.message("zh") and "summary.html" in error.value.message("en")


def test_prepared_then_reviewed_then_changed_since_review(tmp_path):
    publish_fake_year(tmp_path, log=False)
    assert state(tmp_path) == "none"  # no run on record
    sign(tmp_path, 2020, "编制")
    assert state(tmp_path) == "prepared"  # an explicit 编制 sign-off
    shutil.rmtree(tmp_path / "2020")
    (tmp_path / runlog.LOG_NAME).unlink()
    folder = publish_fake_year(tmp_path)
    assert state(tmp_path) == "prepared"  # a successful run
    sign(tmp_path, 2020, "review")
    assert state(tmp_path) == "reviewed"
    page = folder / "summary.html"
    original = page.read_bytes()
    page.write_text("<p>56</p>", encoding="utf-8")  # a report edited by hand after the review
    edited = review_states(tmp_path, [2020])[2020]
    assert edited.state == "changed" and edited.edited == ("summary.html",) and edited.signed == edited.current
    page.write_bytes(original)
    assert state(tmp_path) == "reviewed"
    publish_fake_year(tmp_path, received=56)  # a re-run with other inputs: another manifest
    changed = review_states(tmp_path, [2020])[2020]
    assert changed.state == "changed" and changed.signed != changed.current and changed.role == "复核"
    sign(tmp_path, 2020, "审定")  # the new report signed: reviewed again
    assert state(tmp_path) == "reviewed"
    publish_fake_year(tmp_path, received=55)  # back to the report first reviewed: its sign-off holds again
    assert state(tmp_path) == "reviewed"


def test_the_index_shows_the_review_state_and_never_the_name(tmp_path):
    from audit.report.index import IndexReport

    publish_fake_year(tmp_path, 2019, received=50)
    publish_fake_year(tmp_path, 2020)
    publish_fake_year(tmp_path, 2021, received=60)
    sign(tmp_path, 2020, "复核", NAME)
    sign(tmp_path, 2021, "复核", NAME)
    (tmp_path / "2021" / "summary.html").write_text("<p>61</p>", encoding="utf-8")
    table = str(IndexReport(tmp_path, "zh").table())
    assert "<th>复核状态</th>" in table and NAME not in table
    rows = {row.split("</td>")[0].rsplit(">", 1)[-1]: row for row in table.split("<tr")[2:]}
    assert "已编制" in rows["2019"] and "已复核" in rows["2020"] and "复核后已变更" in rows["2021"]
    english = str(IndexReport(tmp_path, "en").table())
    assert "<th>Review</th>" in english and "changed since review" in english and NAME not in english
    assert str(IndexReport(tmp_path, "zh").table()) == table  # the same log and folders: the same page


def test_an_index_made_ahead_predicts_the_states_of_the_published_folder(tmp_path):
    out = tmp_path / "out"
    publish_fake_year(out, 2020)
    sign(out, 2020, "复核")
    staging = tmp_path / "ahead"  # as publish.index_ahead mirrors it: metrics and empty pages
    for year in (2020, 2021):
        (staging / str(year)).mkdir(parents=True)
        (staging / str(year) / "metrics.json").write_text(json.dumps({"year": year}), encoding="utf-8")
        (staging / str(year) / "summary.html").touch()
    signoff.mirror_for_index(out, staging, [2021])
    predicted = review_states(staging, [2020, 2021])
    assert predicted[2020].state == "reviewed" and predicted[2021].state == "prepared"
    assert runlog.verify(out / runlog.LOG_NAME).ok and len(runlog.read(out / runlog.LOG_NAME)) == 2  # log untouched
    publish_fake_year(out, 2021, received=60)  # 2021 published as planned
    assert signoff.ahead_matches(staging, out)
    shutil.rmtree(out / "2020")  # a run publishes a new folder (the mirror's links keep the old files)
    publish_fake_year(out, 2020, received=56)  # 2020 changed meanwhile: the index must be made again
    assert not signoff.ahead_matches(staging, out)


# ---- end to end: a small published year, signed and checked through the CLI ------------------

PROJECT_PARAMS = "year: 2020\nregisters:\n  reconsideration: ../data/reconsideration.csv\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project with the 2020 reconsideration register only (fast to run), already reported."""
    root = tmp_path_factory.mktemp("signed")
    (root / "params").mkdir()
    (root / "data").mkdir()
    shutil.copy(ROOT / "data/sample/2020/reconsideration.csv", root / "data/reconsideration.csv")
    (root / "params/2020.yaml").write_text(PROJECT_PARAMS, encoding="utf-8")
    assert main(["run", "--params", str(root / "params/2020.yaml"), "--out", str(root / "outputs")]) == 0
    return root


@pytest.mark.e2e
def test_sign_through_the_cli(project, capsys):
    out = project / "outputs"
    assert main(["sign", "--year", "2019", "--role", "复核", "--out", str(out)]) == 2
    assert "没有已发布的 2019 年度报告" in capsys.readouterr().err  # Chinese by default
    assert main(["sign", "--year", "2019", "--role", "review", "--out", str(out), "--lang", "en"]) == 2
    assert "no published report of 2019" in capsys.readouterr().err
    assert main(["sign", "--year", "2020", "--role", "chief", "--out", str(out)]) == 2
    assert "未知的签字角色" in capsys.readouterr().err

    assert main(["sign", "--year", "2020", "--role", "review", "--name", NAME, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2020：已记录复核签字" in said and "复核状态 已复核" in said
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "复核状态" in index and "已复核" in index  # the index was rebuilt
    holding = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and NAME.encode() in p.read_bytes()]
    assert holding == [runlog.LOG_NAME]  # the name is in the run log, in no report

    assert main(["log", "verify", "--out", str(out)]) == 0
    assert main(["log", "show", "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "签字（复核）" in shown and NAME in shown and "各年度复核状态" in shown
    assert shown.rstrip().endswith("2020  已复核")
    assert main(["log", "show", "--out", str(out), "--lang", "en"]) == 0
    shown = capsys.readouterr().out
    assert "sign-off (reviewed (复核))" in shown and shown.rstrip().endswith("2020  reviewed")


@pytest.mark.e2e
def test_verify_says_a_reviewed_year_changed_since_review(project, capsys):
    out = project / "outputs"
    params = str(project / "params/2020.yaml")
    if signoff.review_states(out, [2020])[2020].state != "reviewed":
        assert main(["sign", "--year", "2020", "--role", "复核", "--out", str(out)]) == 0
    assert main(["verify", "--params", params, "--out", str(out)]) == 0
    assert "2020：已复核（REVIEWED）" in capsys.readouterr().out
    page = out / "2020/reconsideration.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"26.67%", b"36.67%", 1))
    try:
        assert main(["verify", "--params", params, "--out", str(out)]) == 1
        said = capsys.readouterr().out
        assert "以下报告文件在发布后被改动：reconsideration.html" in said  # the existing check
        assert (
            "2020：复核后已变更（CHANGED SINCE REVIEW）" in said
            and "与 manifest.json 不符：reconsideration.html" in said
        )
        assert main(["verify", "--params", params, "--out", str(out), "--lang", "en"]) == 1
        said = capsys.readouterr().out
        assert "2020: CHANGED SINCE REVIEW" in said and "do not match manifest.json: reconsideration.html" in said
    finally:
        page.write_bytes(original)

    data = project / "data/reconsideration.csv"
    registers = data.read_text(encoding="utf-8")
    data.write_text(registers.replace(",维持,", ",驳回,", 1), encoding="utf-8")
    try:  # a re-run with other inputs publishes another manifest: the review no longer holds
        assert main(["run", "--params", params, "--out", str(out)]) == 0
        capsys.readouterr()
        assert signoff.review_states(out, [2020])[2020].state == "changed"
        assert main(["verify", "--params", params, "--out", str(out), "--lang", "en"]) == 0  # the report is consistent
        said = capsys.readouterr().out
        assert "IDENTICAL" in said and "2020: CHANGED SINCE REVIEW" in said and "when signed, is" in said
        assert main(["log", "show", "--out", str(out)]) == 0
        assert capsys.readouterr().out.rstrip().endswith("2020  复核后已变更")
    finally:
        data.write_text(registers, encoding="utf-8")
    assert main(["run", "--params", params, "--out", str(out)]) == 0  # the signed report again
    assert signoff.review_states(out, [2020])[2020].state == "reviewed"
