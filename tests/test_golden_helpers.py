"""The golden comparison helper: exact for ints, strings, bools; 1e-12 for floats; dotted keys."""

from __future__ import annotations

from golden_helpers import MISSING, Difference, compare, report


def test_equal_documents_have_no_difference():
    doc = {"a": 1, "b": {"c": [1.5, "x", True, None]}, "d": []}
    assert compare(doc, {"a": 1, "b": {"c": [1.5, "x", True, None]}, "d": []}) == []


def test_an_int_off_by_one_is_named_by_dotted_key():
    assert compare({"r": {"outcomes": {"upheld": 9}}}, {"r": {"outcomes": {"upheld": 10}}}) == [
        Difference("r.outcomes.upheld", 9, 10)
    ]


def test_floats_within_tolerance_are_equal_and_beyond_it_differ():
    assert compare({"x": 0.1 + 0.2}, {"x": 0.3}) == []
    assert compare({"x": 0.3}, {"x": 0.3 + 2e-12}) == [Difference("x", 0.3, 0.3 + 2e-12)]


def test_type_changes_are_differences():
    assert compare({"n": 55}, {"n": 55.0}) == [Difference("n", 55, 55.0)]  # a count became a float
    assert compare({"ok": True}, {"ok": 1}) == [Difference("ok", True, 1)]
    assert compare({"rate": 0.5}, {"rate": None}) == [Difference("rate", 0.5, None)]
    assert compare({"s": "1"}, {"s": 1}) == [Difference("s", "1", 1)]


def test_strings_and_bools_are_exact():
    assert compare({"u": "区城管局", "m": True}, {"u": "区城管局 ", "m": False}) == [
        Difference("u", "区城管局", "区城管局 "),
        Difference("m", True, False),
    ]


def test_missing_and_unexpected_keys_and_list_items():
    got = compare({"a": 1, "l": [{"k": 1}, {"k": 2}]}, {"b": 2, "l": [{"k": 1}]})
    assert got == [Difference("a", 1, MISSING), Difference("l.1", {"k": 2}, MISSING), Difference("b", MISSING, 2)]
    assert compare({"l": [1]}, {"l": [1, 2]}) == [Difference("l.1", MISSING, 2)]


def test_tuples_compare_like_lists():
    assert compare({"t": [1, 2]}, {"t": (1, 2)}) == []


def test_report_lists_every_key_expected_and_got():
    text = report([Difference("reconsideration.accepted", 45, 46), Difference("a.b", 0.5, None)], "2020")
    assert text.splitlines() == [
        "2020: 2 metric(s) moved",
        "  reconsideration.accepted: expected 45 (int), got 46 (int)",
        "  a.b: expected 0.5 (float), got None",
    ]
