"""Litigation metrics (issue #9): every key, both loss-rate denominators, per agency, the samples pinned."""

from __future__ import annotations

import pytest

from audit.audits import headlines
from audit.audits.litigation import compute as litigation
from audit.core.claims import check_claims
from audit.core.errors import InputError
from audit.core.headlines import summarise, year_thresholds
from audit.core.params import Params, load_params
from audit.registers import load_registers

from conftest import ROOT, SAMPLE_PARAMS, write_params
from litigation_helpers import case, register

KEYS = {
    "cases",
    "hearings",
    "head_appearances",
    "head_appearance_rate",
    "principal_appearances",
    "concluded",
    "outcomes",
    "judgments",
    "lost",
    "loss_rate",
    "withdrawal_rate",
    "by_defendant",
}


@pytest.fixture(scope="module")
def sample():
    params = load_params(SAMPLE_PARAMS)
    return litigation.compute(load_registers(params, ["litigation"])["litigation"], params)


@pytest.fixture(scope="module")
def sample_2021(tmp_path_factory):
    folder = tmp_path_factory.mktemp("y2021")
    path = write_params(folder, {"litigation": str(ROOT / "data/sample/2021/litigation.csv")}, year=2021)
    params = load_params(path)
    return litigation.compute(load_registers(params)["litigation"], params)


def test_every_contract_key_is_present_and_plain(sample):
    assert KEYS <= set(sample)
    assert list(sample["outcomes"]) == ["won", "lost", "withdrawn", "dismissed", "mediated", "pending"]
    for key in KEYS - {"outcomes", "by_defendant"}:
        assert sample[key] is None or type(sample[key]) in (int, float), key
    assert set(sample["by_defendant"][0]) == {
        "defendant",
        "cases",
        "hearings",
        "head_appearances",
        "losses",
        "loss_rate",
        "appearance_rate",
    }


def test_2020_sample_figures_are_pinned(sample):
    """The seed's 2020 gap: few heads in court, a high loss rate; pinned so a change never moves them."""
    # one head appeared without a recorded rank: not counted (法释〔2020〕3号)
    assert (sample["cases"], sample["hearings"], sample["head_appearances"]) == (32, 26, 6)
    assert sample["appearances_without_rank"] == 1
    assert (sample["principal_appearances"], sample["deputy_appearances"]) == (2, 4)
    assert sample["outcomes"] == {"won": 16, "lost": 4, "withdrawn": 5, "dismissed": 2, "mediated": 1, "pending": 4}
    assert (sample["concluded"], sample["pending"], sample["judgments"], sample["lost"]) == (28, 4, 20, 4)
    assert sample["head_appearance_rate"] == pytest.approx(6 / 26, abs=1e-12)
    assert sample["loss_rate"] == pytest.approx(0.2, abs=1e-12)
    assert sample["withdrawal_rate"] == pytest.approx(5 / 28, abs=1e-12)
    assert [t["met"] for t in sample["targets"]] == [False, False]
    assert sample["by_defendant"][0] == {
        "defendant": "区住建局",
        "cases": 9,
        "hearings": 7,
        "head_appearances": 0,  # its one appearance has no rank recorded
        "losses": 1,
        "loss_rate": pytest.approx(0.2),
        "appearance_rate": 0.0,
    }
    government = next(r for r in sample["by_defendant"] if r["defendant"] == "区政府")
    assert (government["cases"], government["head_appearances"]) == (5, 2)


def test_2021_sample_is_better(sample_2021):
    assert (sample_2021["cases"], sample_2021["hearings"], sample_2021["head_appearances"]) == (35, 28, 21)
    assert sample_2021["head_appearance_rate"] == pytest.approx(21 / 28, abs=1e-12)  # one without a rank
    assert (sample_2021["lost"], sample_2021["judgments"]) == (2, 20)
    assert sample_2021["loss_rate"] == pytest.approx(0.1, abs=1e-12)
    assert [t["met"] for t in sample_2021["targets"]] == [False, True]


ROWS = [
    case("1", defendant="区住建局", appeared="yes", role="principal", outcome="won"),
    case("2", defendant="区住建局", appeared="yes", role="deputy", outcome="lost"),
    case("3", defendant="区住建局", appeared="yes", outcome="lost"),  # rank not given
    case("4", defendant="区城管局", outcome="won", kind="ruling"),  # won, but not by judgment
    case("5", defendant="区城管局", hearing="no", outcome="withdrawn"),
    case("6", defendant="区政府", hearing="no", outcome="dismissed"),
    case("7", defendant="区政府", outcome="mediated"),
    case("8", defendant="区人社局", outcome="", filed="2020-11-01"),
]


def test_counts_appearance_rate_and_default_loss_rate(tmp_path):
    m = litigation.compute(*register(tmp_path, ROWS))
    # case 3's head appeared without a rank: not counted
    assert (m["cases"], m["hearings"], m["head_appearances"], m["principal_appearances"]) == (8, 6, 2, 1)
    assert m["head_appearance_rate"] == pytest.approx(2 / 6) and m["appearances_without_rank_cases"] == ["3"]
    assert m["outcomes"] == {"won": 2, "lost": 2, "withdrawn": 1, "dismissed": 1, "mediated": 1, "pending": 1}
    assert (m["concluded"], m["judgments"], m["lost"]) == (7, 3, 2)
    assert m["loss_rate_denominator"] == "judgments" and m["loss_rate"] == pytest.approx(2 / 3)
    assert m["withdrawal_rate"] == pytest.approx(1 / 7)


def test_loss_rate_over_all_concluded_cases_when_params_say_so(tmp_path):
    m = litigation.compute(
        *register(tmp_path, ROWS, definitions={"litigation": {"loss_rate": {"denominator": "concluded"}}})
    )
    assert m["loss_rate_denominator"] == "concluded" and m["loss_rate"] == pytest.approx(2 / 7)
    assert m["by_defendant"][0]["loss_rate"] == pytest.approx(2 / 3)  # 区住建局: 2 lost of 3 concluded
    cheng = next(r for r in m["by_defendant"] if r["defendant"] == "区城管局")
    assert cheng["loss_rate"] == pytest.approx(0.0)  # 2 concluded, none lost


def test_an_unknown_denominator_is_a_params_error(tmp_path):
    with pytest.raises(InputError) as caught:
        register(tmp_path, ROWS, definitions={"litigation": {"loss_rate": {"denominator": "received"}}})
    assert caught.value.problems[0].column == "definitions.litigation.loss_rate.denominator"


def test_rates_are_null_without_a_denominator(tmp_path):
    m = litigation.compute(*register(tmp_path, [case("1", hearing="no", outcome="")]))
    assert (m["head_appearance_rate"], m["loss_rate"], m["withdrawal_rate"]) == (None, None, None)
    assert [t["met"] for t in m["targets"]] == [None, None]


def test_by_defendant_most_cases_first_ties_by_name(tmp_path):
    m = litigation.compute(*register(tmp_path, ROWS))
    assert [r["defendant"] for r in m["by_defendant"]] == ["区住建局", "区城管局", "区政府", "区人社局"]
    first = m["by_defendant"][0]
    assert first == {
        "defendant": "区住建局",
        "cases": 3,
        "hearings": 3,
        "head_appearances": 2,
        "losses": 2,
        "loss_rate": pytest.approx(2 / 3),
        "appearance_rate": pytest.approx(2 / 3),
    }
    cheng = m["by_defendant"][1]
    assert (cheng["hearings"], cheng["head_appearances"], cheng["appearance_rate"], cheng["loss_rate"]) == (
        1,
        0,
        0.0,
        None,
    )
    assert m["by_defendant"][3]["loss_rate"] is None  # 区人社局: pending only


def test_targets_come_from_params(tmp_path):
    m = litigation.compute(
        *register(tmp_path, ROWS, litigation={"targets": {"head_appearance_rate": 0.3, "loss_rate": 0.7}})
    )
    assert [(t["metric"], t["target"], t["met"]) for t in m["targets"]] == [
        ("head_appearance_rate", 0.3, True),
        ("loss_rate", 0.7, True),
    ]


def test_unknown_litigation_params_key_is_an_error(tmp_path):
    with pytest.raises(InputError) as caught:
        register(tmp_path, ROWS, litigation={"targetz": {}})
    assert caught.value.problems[0].column == "litigation.targetz"


# -- summary and claims ----------------------------------------------------------------------------


def _params(**extra: object) -> Params:
    return Params.model_validate({"year": 2020, "registers": {}, **extra})


def test_headlines_and_their_directions():
    by_key = {h.key: h for h in headlines()}
    assert by_key["litigation.cases"].direction is None
    assert (
        by_key["litigation.head_appearance_rate"].direction,
        by_key["litigation.head_appearance_rate"].green,
        by_key["litigation.head_appearance_rate"].amber,
    ) == ("higher", 0.9, 0.7)
    assert (
        by_key["litigation.loss_rate"].direction,
        by_key["litigation.loss_rate"].green,
        by_key["litigation.loss_rate"].amber,
    ) == ("lower", 0.10, 0.15)


def test_summary_defaults_follow_the_years_litigation_targets():
    assert year_thresholds(_params())["litigation.head_appearance_rate"] == {"green": 0.9, "amber": 0.7}
    moved = year_thresholds(_params(litigation={"targets": {"head_appearance_rate": 0.6, "loss_rate": 0.12}}))
    assert moved["litigation.head_appearance_rate"] == {"green": 0.6, "amber": 0.6}  # amber never above green
    assert moved["litigation.loss_rate"] == {"green": 0.12, "amber": 0.15}
    explicit = year_thresholds(_params(thresholds={"litigation.loss_rate": {"green": 0.05, "amber": 0.08}}))
    assert explicit["litigation.loss_rate"] == {"green": 0.05, "amber": 0.08}


def test_summary_status_of_the_2020_sample(sample):
    lines = {line.headline.key: line for line in summarise({"litigation": sample}, None, year_thresholds(_params()))}
    assert lines["litigation.cases"].status == "none" and lines["litigation.cases"].value == 32
    assert lines["litigation.head_appearance_rate"].status == "red"
    assert lines["litigation.loss_rate"].status == "red"
    amber = {**sample, "loss_rate": 0.14}
    lines = {line.headline.key: line for line in summarise({"litigation": amber}, None, year_thresholds(_params()))}
    assert lines["litigation.loss_rate"].status == "amber"


def test_a_claim_on_a_litigation_key_is_checked(sample):
    claims = check_claims(
        {"litigation.loss_rate": "20.00%", "litigation.cases": 33, "litigation.head_appearance_rate": "23.1%"},
        {"litigation": sample},
        "half_up",
    )
    verdicts = {c["key"]: (c["display"], c["verdict"]) for c in claims}
    assert verdicts == {
        "litigation.loss_rate": ("20.00%", "match"),
        "litigation.cases": ("32", "mismatch"),
        "litigation.head_appearance_rate": ("23.1%", "match"),
    }


def test_a_head_appearance_counts_only_with_the_heads_rank(tmp_path):
    """SPC interpretation 法释〔2020〕3号: a head is 正职, 副职 or the deputy in charge; no rank, not counted."""
    from litigation_helpers import case, register

    reg, params = register(
        tmp_path,
        [
            case("1", appeared="yes", role="正职"),
            case("2", appeared="yes", role="分管负责人"),
            case("3", appeared="yes", role=""),
            case("4"),
        ],
    )
    m = litigation.compute(reg, params)
    assert (m["hearings"], m["head_appearances"], m["appearances_without_rank"]) == (4, 2, 1)
    assert m["appearances_without_rank_cases"] == ["3"] and m["head_appearance_rate"] == 0.5
    assert m["by_hearing_month"] == []  # no hearing dates in this register


def test_hearing_dates_give_appearances_by_month(tmp_path):
    from litigation_helpers import COLUMNS, case, register

    header = [*COLUMNS, "hearing_on"]
    reg, params = register(
        tmp_path,
        [
            case("1", appeared="yes", role="正职") + ["2020-05-06"],
            case("2") + ["2020-05-20"],
            case("3", hearing="no") + [""],
        ],
        header=header,
    )
    assert litigation.compute(reg, params)["by_hearing_month"] == [
        {"month": "2020-05", "hearings": 2, "head_appearances": 1}
    ]
    with pytest.raises(InputError, match="only a case heard in court"):
        register(tmp_path, [case("3", hearing="no") + ["2020-05-20"]], header=header)
