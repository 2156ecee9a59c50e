"""Normative documents metrics: every figure, the filing limit at its boundaries, holidays, working days, the sample."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.audits.normative_documents import AUDIT
from audit.audits.normative_documents.compute import compute, document_frame
from audit.core.claims import check_claims
from audit.core.errors import InputError
from audit.core.headlines import lookup, summarise, year_thresholds
from audit.core.params import load_params
from audit.registers import load_registers

from conftest import ROOT, write_params
from normative_documents_helpers import doc, register

SAMPLE = ROOT / "data" / "sample" / "2020" / "normative_documents.csv"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nd2020")
    params = load_params(write_params(folder, {"normative_documents": str(SAMPLE)}, audit_date="2020-12-31"))
    return compute(load_registers(params)["normative_documents"], params)


def m_of(tmp_path, rows, **params):
    return compute(*register(tmp_path, rows, **params))


def test_the_block_is_json_as_it_is(sample):
    assert json.loads(json.dumps(sample, ensure_ascii=False)) == sample


def test_2020_sample_reproduces_the_seed(sample):
    """均已按照要求向市政府及区人大备案，并按要求予以公开: every document of 2020 reviewed, filed on time, published."""
    assert (sample["documents"], sample["issued"], sample["earlier"]) == (30, 13, 17)
    assert (sample["reviewed"], sample["not_reviewed"], sample["review_rate"]) == (13, 0, 1.0)
    for body in ("city", "congress"):
        f = sample["filing"][body]
        assert (f["due"], f["on_time"], f["late"], f["not_filed"], f["not_yet_due"]) == (13, 13, 0, 0, 0)
        assert f["on_time_rate"] == 1.0 and not f["late_documents"] and not f["not_filed_documents"]
    assert (sample["filed_on_time"], sample["filings_due"], sample["filed_on_time_rate"]) == (26, 26, 1.0)
    assert sample["filed_on_time_both"] == 13
    assert (sample["published"], sample["not_published"], sample["publication_rate"]) == (13, 0, 1.0)
    assert sample["rate_basis"] == {
        "review_rate": {"numerator": 13, "denominator": 13},
        "filed_on_time_rate": {"numerator": 26, "denominator": 26},
        "publication_rate": {"numerator": 13, "denominator": 13},
    }
    assert (sample["filing_days"], sample["filing_unit"]) == (30, "calendar")


def test_2020_sample_cleanup_has_every_result(sample):
    """The seed's five special cleanups and the two-yearly periodic one, every result represented."""
    c = sample["cleanup"]
    assert (c["documents"], c["issued_earlier"], c["issued_this_year"], c["batches"]) == (18, 17, 1, 6)
    assert c["results"] == {"retained": 6, "amended": 4, "repealed": 4, "expired": 2, "declared_expired": 2}
    assert [(b["batch"], b["documents"]) for b in c["by_batch"]] == [
        ("规范性文件2年定期清理", 6),
        ("民法典涉及规范性文件清理", 4),
        ("《优化营商环境条例》相关文件清理", 2),
        ("排除限制竞争政策措施清理", 2),
        ("野生动物保护领域规范性文件清理", 2),
        ("食品药品安全领域规范性文件清理", 2),
    ]
    assert sample["by_issuer"] == [
        {"issuer": "仓山区人民政府办公室", "issued": 8, "reviewed": 8, "filed_on_time_both": 8, "published": 8},
        {"issuer": "仓山区人民政府", "issued": 5, "reviewed": 5, "filed_on_time_both": 5, "published": 5},
    ]
    assert sample["by_drafter"][0] == {
        "drafter": "区住建局",
        "issued": 2,
        "reviewed": 2,
        "filed_on_time_both": 2,
        "published": 2,
    }


def test_the_sample_is_on_time_only_by_the_holiday_rule(tmp_path):
    """Two filings of the sample are on time because their last day fell on a rest day (31 and 38 days)."""
    params = load_params(write_params(tmp_path, {"normative_documents": str(SAMPLE)}))
    f = document_frame(load_registers(params)["normative_documents"], params).set_index("number")
    assert str(f.loc["仓政办〔2020〕21号", "deadline"].date()) == "2020-06-08"  # 7 June, a Sunday
    assert (f.loc["仓政办〔2020〕21号", "city_days"], f.loc["仓政办〔2020〕21号", "city_status"]) == (31, "on_time")
    assert str(f.loc["仓政〔2020〕15号", "deadline"].date()) == "2020-10-09"  # 1 October: National Day to the 8th
    assert (f.loc["仓政〔2020〕15号", "congress_days"], f.loc["仓政〔2020〕15号", "congress_status"]) == (38, "on_time")
    # filed in January 2021, after the as-of date, and on time
    assert f.loc["仓政办〔2020〕62号", "congress_status"] == "on_time"


# -- the limit, counted from the day after issue ----------------------------------------------------


def test_the_thirtieth_day_is_on_time_the_thirty_first_late(tmp_path):
    m = m_of(
        tmp_path,
        [
            doc("1", issued="2020-03-02", city="2020-04-01", congress="2020-04-01"),  # 1 April, a Wednesday
            doc("2", issued="2020-03-02", city="2020-04-02", congress="2020-03-02"),
        ],
    )
    city = m["filing"]["city"]
    assert (city["on_time"], city["late"]) == (1, 1) and city["on_time_rate"] == 0.5
    assert city["late_documents"] == [
        {
            "number": "2",
            "title": "仓山区某某管理办法",
            "issuer": "仓山区人民政府办公室",
            "issued_on": "2020-03-02",
            "deadline": "2020-04-01",
            "filed_on": "2020-04-02",
            "days": 31,
            "days_late": 1,
        }
    ]
    assert m["filing"]["congress"]["on_time"] == 2  # filed the day of issue: on time
    assert (m["filed_on_time"], m["filings_due"], m["filed_on_time_rate"]) == (3, 4, 0.75)
    assert m["filed_on_time_both"] == 1


@pytest.mark.parametrize(
    ("issued", "deadline"),
    [
        ("2020-03-06", "2020-04-07"),  # 5 April: Qingming, 4–6 April
        ("2020-04-03", "2020-05-06"),  # 3 May: Labour Day, 1–5 May
        ("2020-01-03", "2020-02-03"),  # 2 February: the Spring Festival, extended to 2 February
        ("2020-09-01", "2020-10-09"),  # 1 October: National Day and Mid-Autumn, 1–8 October
        ("2020-05-08", "2020-06-08"),  # 7 June: a Sunday
    ],
)
def test_a_last_day_on_a_rest_day_moves_to_the_next_working_day(tmp_path, issued, deadline):
    import datetime as dt

    after = (dt.date.fromisoformat(deadline) + dt.timedelta(days=1)).isoformat()
    m = m_of(tmp_path, [doc("1", issued=issued, city=deadline, congress=after)])
    assert (m["filing"]["city"]["on_time"], m["filing"]["congress"]["late"]) == (1, 1)
    late = m["filing"]["congress"]["late_documents"][0]
    assert (late["deadline"], late["days_late"]) == (deadline, 1)


def test_a_make_up_working_day_is_a_working_day(tmp_path):
    """9 May 2020 was a Saturday worked for Labour Day: a last day on it does not move."""
    m = m_of(tmp_path, [doc("1", issued="2020-04-09", city="2020-05-09", congress="2020-05-11")])
    assert m["filing"]["city"]["on_time"] == 1 and m["filing"]["congress"]["late"] == 1
    assert m["filing"]["congress"]["late_documents"][0]["deadline"] == "2020-05-09"


def test_working_days_count_the_arrangements_of_the_year(tmp_path):
    """15 working days after Friday 25 September 2020: Sunday the 27th worked, 1–8 October off, Saturday the 10th worked."""
    rows = [doc("1", issued="2020-09-25", city="2020-10-22", congress="2020-10-23")]
    m = m_of(tmp_path, rows, normative_documents={"filing_days": 15, "filing_unit": "working"})
    assert (m["filing_days"], m["filing_unit"]) == (15, "working")
    assert m["filing"]["city"]["on_time"] == 1
    late = m["filing"]["congress"]["late_documents"][0]
    assert (late["deadline"], late["days"], late["days_late"]) == ("2020-10-22", 16, 1)


def test_a_filing_on_a_rest_day_after_the_last_day_is_late_by_a_working_day(tmp_path):
    """4 working days after Monday 2 March 2020 end on Friday the 6th; a filing on Saturday the 7th counts as
    made on Monday the 9th: late by one working day, five in all (not "late by 0")."""
    rows = [doc("1", issued="2020-03-02", city="2020-03-06", congress="2020-03-07")]
    m = m_of(tmp_path, rows, normative_documents={"filing_days": 4, "filing_unit": "working"})
    assert m["filing"]["city"]["on_time"] == 1
    late = m["filing"]["congress"]["late_documents"][0]
    assert (late["deadline"], late["days"], late["days_late"]) == ("2020-03-06", 5, 1)


def test_the_limit_is_a_param(tmp_path):
    rows = [doc("1", issued="2020-03-02", city="2020-03-23", congress="2020-03-24")]
    m = m_of(tmp_path, rows, normative_documents={"filing_days": 20})
    assert m["filing"]["city"]["on_time"] == 1 and m["filing"]["congress"]["late"] == 1  # 22 March: a Sunday
    assert m["filing"]["congress"]["late_documents"][0]["deadline"] == "2020-03-23"
    assert m_of(tmp_path, rows)["filed_on_time_rate"] == 1.0  # within the default 30 days


def test_not_filed_past_the_limit_and_not_yet_due(tmp_path):
    m = m_of(
        tmp_path,
        [
            doc("A", issued="2020-11-01", city="", congress="2020-11-20"),  # last day 1 December
            doc("B", issued="2020-12-01", city="", congress=""),  # last day 31 December, the as-of date
            doc("C", issued="2020-12-20", city="", congress=""),  # last day 19 January 2021
        ],
        audit_date="2020-12-31",
    )
    city = m["filing"]["city"]
    assert (city["due"], city["on_time"], city["late"], city["not_filed"], city["not_yet_due"]) == (1, 0, 0, 1, 2)
    assert city["on_time_rate"] == 0.0
    assert city["not_filed_documents"] == [
        {
            "number": "A",
            "title": "仓山区某某管理办法",
            "issuer": "仓山区人民政府办公室",
            "issued_on": "2020-11-01",
            "deadline": "2020-12-01",
            "days_overdue": 30,
        }
    ]
    assert [(d["number"], d["deadline"]) for d in city["not_yet_due_documents"]] == [
        ("B", "2020-12-31"),
        ("C", "2021-01-19"),
    ]
    assert m["filing"]["congress"]["due"] == 1 and m["filing"]["congress"]["on_time_rate"] == 1.0
    assert (m["filed_on_time"], m["filings_due"]) == (1, 2)


def test_an_earlier_as_of_date_leaves_more_filings_not_yet_due(tmp_path):
    rows = [doc("A", issued="2020-06-01", city="", congress="")]  # last day 1 July
    assert m_of(tmp_path, rows, audit_date="2020-06-30")["filing"]["city"]["not_yet_due"] == 1
    assert m_of(tmp_path, rows, audit_date="2020-07-02")["filing"]["city"]["not_filed"] == 1


def test_days_overdue_in_working_days(tmp_path):
    rows = [doc("A", issued="2020-09-25", city="", congress="")]
    m = m_of(tmp_path, rows, normative_documents={"filing_days": 15, "filing_unit": "working"}, audit_date="2020-10-30")
    # after 22 October: 23, 26, 27, 28, 29, 30 October
    assert m["filing"]["city"]["not_filed_documents"][0]["days_overdue"] == 6


# -- review, publication, the year's documents --------------------------------------------------------


def test_review_before_issue_and_the_documents_without_it(tmp_path):
    m = m_of(
        tmp_path,
        [
            doc("仓政〔2020〕12号", reviewed="否", title="甲"),
            doc("仓政〔2020〕3号", reviewed="", title="乙"),
            doc("仓政〔2020〕4号", reviewed="是", reviewed_on="2020-02-20"),
            doc("仓政〔2020〕5号"),
        ],
    )
    assert (m["issued"], m["reviewed"], m["not_reviewed"], m["review_rate"]) == (4, 2, 2, 0.5)
    assert [d["number"] for d in m["not_reviewed_documents"]] == ["仓政〔2020〕3号", "仓政〔2020〕12号"]


def test_publication(tmp_path):
    m = m_of(tmp_path, [doc("1"), doc("2", published="否"), doc("3", published="", title="<b>丙</b>")])
    assert (m["published"], m["not_published"]) == (1, 2) and m["publication_rate"] == pytest.approx(1 / 3)
    assert [d["title"] for d in m["not_published_documents"]] == ["仓山区某某管理办法", "<b>丙</b>"]


def test_an_earlier_document_counts_in_the_cleanup_only(tmp_path):
    """Unreviewed, filed late, not published, in an earlier year: none of it is this year's."""
    m = m_of(
        tmp_path,
        [
            doc("1"),
            doc(
                "2", issued="2015-06-01", reviewed="否", city="2015-09-30", congress="", published="否", cleanup="废止"
            ),
            doc("3", issued="2020-02-03", cleanup="保留", batch="民法典涉及规范性文件清理"),
        ],
    )
    assert (m["documents"], m["issued"], m["earlier"]) == (3, 2, 1)
    assert (m["review_rate"], m["filed_on_time_rate"], m["publication_rate"]) == (1.0, 1.0, 1.0)
    assert m["filings_due"] == 4
    c = m["cleanup"]
    assert (c["documents"], c["issued_earlier"], c["issued_this_year"], c["batches"]) == (2, 1, 1, 1)
    assert c["results"] == {"retained": 1, "amended": 0, "repealed": 1, "expired": 0, "declared_expired": 0}
    assert c["by_batch"] == [
        {"batch": "", "documents": 1, "results": dict(c["results"], retained=0)},
        {"batch": "民法典涉及规范性文件清理", "documents": 1, "results": dict(c["results"], repealed=0)},
    ]


def test_a_year_without_documents_issued(tmp_path):
    m = m_of(
        tmp_path, [doc("1", issued="2018-03-01", cleanup="失效"), doc("2", issued="2019-04-01", cleanup="宣布失效")]
    )
    assert (m["issued"], m["earlier"], m["reviewed"], m["published"], m["filings_due"]) == (0, 2, 0, 0, 0)
    assert (m["review_rate"], m["filed_on_time_rate"], m["publication_rate"]) == (None, None, None)
    assert all(m["filing"][b]["on_time_rate"] is None for b in ("city", "congress"))
    assert m["by_issuer"] == [] and m["by_drafter"] == [] and m["not_reviewed_documents"] == []
    assert m["cleanup"]["results"]["expired"] == 1 and m["cleanup"]["results"]["declared_expired"] == 1


def test_a_year_without_a_cleanup(tmp_path):
    c = m_of(tmp_path, [doc("1")])["cleanup"]
    assert (c["documents"], c["batches"], c["by_batch"]) == (0, 0, [])
    assert set(c["results"].values()) == {0}


def test_by_drafter_most_documents_first_ties_by_name(tmp_path):
    m = m_of(
        tmp_path,
        [
            doc("1", drafter="区民政局"),
            doc("2", drafter="区城管局", reviewed="否"),
            doc("3", drafter="区城管局", city=""),
            doc("4", drafter=""),
            doc("5", drafter="区教育局", issuer="仓山区人民政府", published="否"),
        ],
    )
    assert [(r["drafter"], r["issued"]) for r in m["by_drafter"]] == [
        ("区城管局", 2),
        ("", 1),
        ("区教育局", 1),
        ("区民政局", 1),
    ]
    assert m["by_drafter"][0] == {
        "drafter": "区城管局",
        "issued": 2,
        "reviewed": 1,
        "filed_on_time_both": 1,
        "published": 2,
    }
    assert [(r["issuer"], r["issued"], r["published"]) for r in m["by_issuer"]] == [
        ("仓山区人民政府办公室", 4, 4),
        ("仓山区人民政府", 1, 0),
    ]


# -- settings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "key"),
    [
        ({"filing_days": 0}, "normative_documents.filing_days"),
        ({"filing_unit": "weeks"}, "normative_documents.filing_unit"),
        ({"filing_limit": 30}, "normative_documents.filing_limit"),
    ],
)
def test_bad_settings_are_params_errors(tmp_path, block, key):
    with pytest.raises(InputError) as caught:
        register(tmp_path, [doc("1")], normative_documents=block)
    assert caught.value.problems[0].column == key


# -- summary and claims -----------------------------------------------------------------------------------


def test_headlines_and_their_thresholds():
    specs = {s.key: s for s in AUDIT.metrics}
    headlines = [s.key for s in AUDIT.metrics if s.headline]
    assert headlines == [
        "normative_documents.issued",
        "normative_documents.filed_on_time_rate",
        "normative_documents.review_rate",
        "normative_documents.publication_rate",
    ]
    rate = specs["normative_documents.filed_on_time_rate"]
    assert (rate.format, rate.direction, rate.green, rate.amber, rate.index) == ("percent", "higher", 1.0, 0.95, True)
    assert specs["normative_documents.issued"].direction is None


def test_every_declared_metric_is_in_the_block(sample):
    for spec in AUDIT.metrics:
        lookup({"normative_documents": sample}, spec.key)


def test_summary_status(sample):
    from audit.core.params import Params

    params = Params.model_validate({"year": 2020, "registers": {}})
    lines = {
        line.headline.key: line
        for line in summarise({"normative_documents": sample}, None, year_thresholds(params))
        if line.headline.audit == "normative_documents"
    }
    assert lines["normative_documents.filed_on_time_rate"].status == "green"
    assert lines["normative_documents.issued"].status == "none"
    amber = {**sample, "filed_on_time_rate": 0.96}
    lines = {
        line.headline.key: line for line in summarise({"normative_documents": amber}, None, year_thresholds(params))
    }
    assert lines["normative_documents.filed_on_time_rate"].status == "amber"


def test_claims_on_the_seeds_statement(sample):
    claims = check_claims(
        {
            "normative_documents.filing.city.on_time_rate": "100%",
            "normative_documents.filing.congress.on_time_rate": "100%",
            "normative_documents.publication_rate": "100%",
            "normative_documents.filed_on_time_both": "均已",
        },
        {"normative_documents": sample},
        "half_up",
    )
    verdicts = {c["key"]: (c["display"], c["verdict"]) for c in claims}
    assert verdicts == {
        "normative_documents.filing.city.on_time_rate": ("100%", "match"),
        "normative_documents.filing.congress.on_time_rate": ("100%", "match"),
        "normative_documents.publication_rate": ("100%", "match"),
        "normative_documents.filed_on_time_both": (None, "unverifiable"),  # words, not a figure
    }


# -- properties over generated registers --------------------------------------------------------------

_DOCUMENT = st.fixed_dictionaries(
    {
        "issued": st.dates(dt.date(2017, 1, 1), dt.date(2020, 12, 31)),
        "reviewed": st.booleans(),
        "city": st.one_of(st.none(), st.integers(0, 60)),
        "congress": st.one_of(st.none(), st.integers(0, 60)),
        "published": st.booleans(),
        "cleanup": st.sampled_from(["", "保留", "修改", "废止", "失效", "宣布失效"]),
        "drafter": st.sampled_from(["区城管局", "区住建局", ""]),
    }
)


def _row(i: int, d: dict) -> list[str]:
    issued = d["issued"]
    cleanup = d["cleanup"] or ("保留" if issued.year < 2020 else "")
    day = lambda offset: "" if offset is None else (issued + dt.timedelta(days=offset)).isoformat()  # noqa: E731
    return doc(
        f"仓政〔{issued.year}〕{i}号",
        issued=issued.isoformat(),
        reviewed="是" if d["reviewed"] else "否",
        city=day(d["city"]),
        congress=day(d["congress"]),
        published="是" if d["published"] else "否",
        cleanup=cleanup,
        drafter=d["drafter"],
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=st.lists(_DOCUMENT, min_size=1, max_size=25))
def test_counts_add_up_rates_are_rates_and_row_order_does_not_matter(tmp_path, documents):
    rows = [_row(i, d) for i, d in enumerate(documents, start=1)]
    m = m_of(tmp_path, rows)
    assert m["issued"] + m["earlier"] == m["documents"] == len(rows)
    for body in ("city", "congress"):
        f = m["filing"][body]
        assert f["on_time"] + f["late"] + f["not_filed"] + f["not_yet_due"] == m["issued"]
        assert f["due"] == f["on_time"] + f["late"] + f["not_filed"]
        assert (len(f["late_documents"]), len(f["not_filed_documents"])) == (f["late"], f["not_filed"])
    assert m["reviewed"] + m["not_reviewed"] == m["issued"] == m["published"] + m["not_published"]
    assert m["filed_on_time_both"] <= min(m["filing"]["city"]["on_time"], m["filing"]["congress"]["on_time"])
    for rate in ("review_rate", "filed_on_time_rate", "publication_rate"):
        assert m[rate] is None or 0 <= m[rate] <= 1
        basis = m["rate_basis"][rate]
        assert m[rate] == (basis["numerator"] / basis["denominator"] if basis["denominator"] else None)
    c = m["cleanup"]
    assert sum(c["results"].values()) == c["documents"] == c["issued_earlier"] + c["issued_this_year"]
    assert sum(b["documents"] for b in c["by_batch"]) == c["documents"]
    assert sum(r["issued"] for r in m["by_drafter"]) == m["issued"] == sum(r["issued"] for r in m["by_issuer"])
    for total, parts in AUDIT.totals:
        assert lookup(m, total) == sum(lookup(m, part) for part in parts), total
    assert m_of(tmp_path, rows[::-1]) == m


def test_every_total_adds_up_in_the_block(sample, tmp_path):
    """The totals the audit declares (for published figures that contradict each other) are sums of its block."""
    blocks = [sample, m_of(tmp_path, [_row(i, d) for i, d in enumerate(_EXAMPLE, start=1)])]
    for block in blocks:
        for total, parts in AUDIT.totals:
            assert lookup(block, total) == sum(lookup(block, part) for part in parts), total


def test_published_parts_that_cannot_make_the_total_are_a_contradiction():
    from audit.core.claims import contradictions

    totals = [(AUDIT.key, total, parts) for total, parts in AUDIT.totals]
    reported = {
        "normative_documents.cleanup.documents": 18,
        **{f"normative_documents.cleanup.results.{c}": 3 for c in ("retained", "amended", "repealed", "expired")},
        "normative_documents.cleanup.results.declared_expired": 2,
    }
    assert [c["total"] for c in contradictions(reported, totals)] == ["normative_documents.cleanup.documents"]
    assert contradictions({**reported, "normative_documents.cleanup.results.declared_expired": 6}, totals) == []


_EXAMPLE = [
    {
        "issued": dt.date(2020, 11, 2),
        "reviewed": False,
        "city": None,
        "congress": 45,
        "published": False,
        "cleanup": "",
        "drafter": "",
    },
    {
        "issued": dt.date(2020, 12, 28),
        "reviewed": True,
        "city": None,
        "congress": 3,
        "published": True,
        "cleanup": "废止",
        "drafter": "区住建局",
    },
    {
        "issued": dt.date(2018, 5, 7),
        "reviewed": True,
        "city": 3,
        "congress": None,
        "published": True,
        "cleanup": "修改",
        "drafter": "",
    },
]
