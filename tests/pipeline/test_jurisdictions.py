"""Where a city's jurisdictions keep their params and their reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.core.errors import InputError
from audit.core.params import load_params
from audit.pipeline.jurisdictions import check_named, layout, output_root

ROOT = Path(__file__).resolve().parents[2]
CITY = ROOT / "data" / "city" / "params"


def test_a_flat_params_folder_is_one_jurisdiction_published_at_the_top() -> None:
    (only,) = layout(ROOT / "params")
    assert only.code is None and [p.name for p in only.paths] == ["2020.yaml", "2021.yaml", "2024.yaml"]
    assert only.out(Path("outputs")) == Path("outputs")


def test_a_folder_per_jurisdiction_is_published_into_a_folder_per_jurisdiction() -> None:
    found = layout(CITY)
    assert [j.code for j in found] == ["350104", "359901", "359902"]
    assert all([p.name for p in j.paths] == ["2020.yaml", "2021.yaml"] for j in found)
    assert found[1].out(Path("outputs")) == Path("outputs/359901")
    assert output_root(Path("out"), CITY / "359901" / "2020.yaml") == Path("out/359901")
    assert output_root(Path("out"), ROOT / "params" / "2020.yaml") == Path("out")
    assert output_root(Path("out"), ROOT / "params" / "2020.yaml", "359901") == Path("out/359901")


def test_a_params_folder_mixing_both_layouts_is_refused(tmp_path: Path) -> None:
    (tmp_path / "2020.yaml").write_text("year: 2020\n", encoding="utf-8")
    (tmp_path / "350104").mkdir()
    (tmp_path / "350104" / "2020.yaml").write_text("year: 2020\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        layout(tmp_path)
    assert "350104/" in str(raised.value.problems[0].value)


def test_a_params_file_in_a_jurisdictions_folder_must_name_it() -> None:
    params = load_params(CITY / "359901" / "2020.yaml")
    check_named(params, "359901")
    check_named(params, None)
    with pytest.raises(InputError) as raised:
        check_named(params, "359902")
    problem = raised.value.problems[0]
    assert problem.column == "jurisdiction.code" and problem.value == "359901"


def test_the_city_sample_is_what_its_script_writes() -> None:
    import runpy

    script = runpy.run_path(str(ROOT / "tools" / "make_city_sample.py"))
    assert script["main"](["--check"]) == 0


def test_check_and_run_refuse_a_params_file_in_another_jurisdictions_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from audit.cli import main

    folder = tmp_path / "params" / "359902"
    folder.mkdir(parents=True)
    text = (CITY / "359901" / "2020.yaml").read_text(encoding="utf-8")
    (folder / "2020.yaml").write_text(text.replace("../../registers/", f"{CITY.parent}/registers/"), encoding="utf-8")
    common = ["--year", "2020", "--jurisdiction", "359902", "--params-dir", str(tmp_path / "params"), "--lang", "en"]
    assert main(["check", *common]) == 2
    checked = capsys.readouterr().out
    assert "jurisdiction.code" in checked and "359901" in checked
    assert main(["run", *common, "--out", str(tmp_path / "out")]) == 2
    assert "jurisdiction.code" in capsys.readouterr().err
    assert not (tmp_path / "out" / "359902" / "2020").exists()
