"""Claims check: the figures the bureau published, recomputed from the registers.

Each ``reported:`` entry of the params maps a dotted metrics.json key to a figure as published,
written as reports write it (:mod:`audit.core.written`: "55", "26.67%", "4万余", "约19.2%").
The recomputed figure is compared with what the written form admits: at its written precision,
rounded by the year's rule, or within the bounds its words give ("4万余": 40,000 ≤ x < 50,000).
Every claim gets one verdict:

- ``match`` / ``mismatch``: the registers give / do not give the published figure;
- ``no_register``: the claim is about an audit whose register the year does not have;
- ``unverifiable``: the key names no figure, or the published text is not a figure.

None is dropped, none is an error of the run. For a mismatched rate, the check also says which
definitions would have reproduced it (:func:`explanations`): an audit block may record, under
``definition_variants``, each rate's numerator and denominator under every definition it
allows. Published figures are also checked against each other (:func:`contradictions`): where a
report publishes a total and every one of its parts (an audit's `totals`), they must add up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

from audit.core.headlines import lookup
from audit.core.numbers import Rounding
from audit.core.written import Written, read, shown_at

Verdict = Literal["match", "mismatch", "no_register", "unverifiable"]
ROUNDINGS: tuple[Rounding, ...] = ("half_up", "truncate")
ORDER = {"mismatch": 0, "no_register": 1, "unverifiable": 2, "match": 3}


def _value(computed: float | int, written: Written) -> Decimal:
    """A computed figure in the written one's units (a rate ×100 where the report writes a percent)."""
    exact = Decimal(computed) if isinstance(computed, int) else Decimal(repr(float(computed)))
    return exact * 100 if written.percent else exact


def _display(value: Decimal, written: Written, rounding: Rounding) -> str:
    """The recomputed figure as the report would write it: at its place, or (a bound) in full."""
    if written.bound != "at_least":
        value = shown_at(value, written.place, rounding)
    decimals = written.decimals()
    text = f"{value:,.{decimals}f}"
    return f"{text}%" if written.percent else text


def check_claim(
    key: str, reported: object, metrics: Mapping[str, Any], rounding: Rounding, audits: Iterable[str] = ()
) -> dict[str, Any]:
    """One claim: {key, audit, reported, meaning, computed, display, match, verdict, explained_by}.

    `audits` are the keys of the audits in the registry: a claim about one whose block the year's
    metrics lack is ``no_register`` (the year has no register for it), not ``unverifiable``.
    """
    audit = key.split(".", 1)[0]
    written = read(reported)
    record: dict[str, Any] = {
        "key": key,
        "audit": audit,
        "reported": reported,
        "meaning": None if written is None else {lang: written.meaning(lang) for lang in ("zh", "en")},
        "computed": None,
        "display": None,
        "match": False,
        "verdict": "unverifiable",
        "explained_by": [],
        "denominators": [],
        "forced_to_100": False,
    }
    if audit in audits and audit not in metrics:
        record["verdict"] = "no_register"
        return record
    try:
        computed = lookup(metrics, key)
    except KeyError:
        return record
    if computed is None and written is not None:  # published, but the registers give no such figure
        record.update(display="—", verdict="mismatch")
        return record
    if isinstance(computed, bool) or not isinstance(computed, (int, float)) or written is None:
        if computed is not None and not isinstance(computed, (dict, list)):
            record["computed"] = computed
        return record
    match = written.admits(_value(computed, written), rounding)
    record.update(
        computed=computed,
        display=_display(_value(computed, written), written, rounding),
        match=match,
        verdict="match" if match else "mismatch",
    )
    if not match:
        record["explained_by"] = explanations(key, written, metrics)
        record["denominators"] = _other_denominators(key, written, metrics, rounding)
    return record


def _other_denominators(key: str, written: Written, metrics: Mapping[str, Any], rounding: Rounding) -> list[int]:
    """For a mismatched rate whose numerator is recorded (``rate_basis``): the whole denominators that give it."""
    audit, _, name = key.partition(".")
    try:
        basis = lookup(metrics, f"{audit}.rate_basis.{name}")
    except KeyError:
        return []
    limit = max(100, 10 * int(basis["denominator"] or 0))
    return denominators(int(basis["numerator"]), written, rounding, limit)[:10]


def explanations(key: str, written: Written, metrics: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The definitions under which a mismatched rate would have matched, each with both rounding rules.

    Taken from the audit block's ``definition_variants.<rate>``: a list of {numerator,
    denominator, and what defines them (``over``, ``scope`` …)}. A variant that gives the
    published figure under a rounding rule is listed with that rule; none: an empty list.
    """
    audit, _, name = key.partition(".")
    try:
        variants = lookup(metrics, f"{audit}.definition_variants.{name}")
    except KeyError:
        return []
    found = []
    for variant in variants:
        if not variant["denominator"]:
            continue
        rate = Decimal(variant["numerator"]) / Decimal(variant["denominator"])
        for rounding in ROUNDINGS:
            if written.admits(rate * 100 if written.percent else rate, rounding):
                found.append({**variant, "rounding": rounding})
    return found


def denominators(numerator: int, written: Written, rounding: Rounding, limit: int = 10_000) -> list[int]:
    """The whole numbers d (1 ≤ d ≤ `limit`) for which numerator / d is the published share, by `rounding`."""
    if not written.percent and written.number > 1:
        return []
    found = []
    for d in range(max(1, numerator), limit + 1):
        share = Decimal(numerator) / Decimal(d)
        if written.admits(share * 100 if written.percent else share, rounding):
            found.append(d)
    return found


def _count_range(written: Written) -> tuple[int, int]:
    """The whole numbers a published count can be, least and most (both included).

    An exact count is itself; "1400余" is 1,400 to 1,499; a count written rounded ("6.3万") is
    any count that rounds to it by either rule (62,500 to 63,999): a contradiction must hold
    whatever rule the report used.
    """
    n, p = written.number, written.place
    if written.bound == "at_least":
        return math.ceil(n), math.ceil(n + p) - 1
    if p <= 1:
        return math.ceil(n), math.floor(n)
    return math.ceil(n - p / 2), math.ceil(n + p) - 1


def contradictions(
    reported: Mapping[str, object], totals: Iterable[tuple[str, str, Sequence[str]]]
) -> list[dict[str, Any]]:
    """Published totals that their published parts cannot add up to, whatever the registers say.

    `totals` are (audit, total, parts) with keys within the audit's block. Where the report
    publishes a total and all of its parts, the parts must be able to add up to it (each taken
    over what its written form admits: an exact count exactly); where it publishes some of the
    parts, they must not exceed it.
    """
    found = []
    for audit, total, parts in totals:
        whole_key = f"{audit}.{total}"
        keys = [f"{audit}.{part}" for part in parts if f"{audit}.{part}" in reported]
        whole = read(reported.get(whole_key)) if whole_key in reported else None
        pieces = [read(reported[k]) for k in keys]
        if whole is None or not keys or any(_not_a_count(w) for w in (whole, *pieces)):
            continue
        ranges = [_count_range(w) for w in pieces if w is not None]
        low, high = sum(r[0] for r in ranges), sum(r[1] for r in ranges)
        whole_low, whole_high = _count_range(whole)
        every_part = len(keys) == len(parts)
        if low > whole_high or (every_part and high < whole_low):
            found.append(
                {
                    "audit": audit,
                    "kind": "sum",
                    "total": whole_key,
                    "parts": keys,
                    "every_part": every_part,
                    "figures": {k: reported[k] for k in (whole_key, *keys)},
                    "parts_sum": _plain_sum([w for w in pieces if w is not None]),
                }
            )
    return found


def _share_range(written: Written) -> tuple[Decimal, Decimal]:
    """The shares (in percent) a published share can be, by either rounding rule: [low, high)."""
    if written.bound == "at_least":
        return written.low, written.high
    return written.number - written.place / 2, written.number + written.place


def common_denominators(shares: Sequence[Written], limit: int = 10_000, start: int = 1) -> list[int]:
    """The whole numbers d (`start` ≤ d ≤ `limit`) for which every published share is some k/d, by either rounding rule."""
    ranges = [_share_range(w) for w in shares]
    found = []
    for d in range(max(1, start), limit + 1):
        if all(math.ceil(low * d / 100) <= math.ceil(high * d / 100) - 1 for low, high in ranges):
            found.append(d)
    return found


def breakdown_contradictions(
    reported: Mapping[str, object], metrics: Mapping[str, Any], breakdowns: Iterable[tuple[str, str, str]]
) -> list[dict[str, Any]]:
    """Published shares of one breakdown that cannot all be right: they do not add up to 100%, or no one
    whole number of cases gives them all.

    `breakdowns` are (audit, shares, whole): ``metrics[audit][shares]`` maps each part to its share
    of the count ``metrics[audit][whole]``. A breakdown whose every part is published must add up
    to 100% within the rounding of its figures (more than 100% is a contradiction whatever is
    published). Two or more published shares must be k/d for one whole number d: the published
    whole where the report gives it, else any d up to 10,000.
    """
    found = []
    for audit, name, whole in breakdowns:
        prefix = f"{audit}.{name}."
        keys = [k for k in reported if k.startswith(prefix)]
        shares = [read(reported[k]) for k in keys]
        if len(keys) < 2 or any(w is None or not w.percent for w in shares):
            continue
        written = [w for w in shares if w is not None]
        parts = (metrics.get(audit) or {}).get(name) or {}
        every_part = bool(parts) and {k.removeprefix(prefix) for k in keys} >= set(parts)
        low = sum((_share_range(w)[0] for w in written), Decimal(0))
        high = sum((_share_range(w)[1] for w in written), Decimal(0))
        total = read(reported.get(f"{audit}.{whole}"))
        of = [int(total.number)] if total is not None and total.bound == "exact" and total.place == 1 else None
        record = {
            "audit": audit,
            "total": f"{audit}.{whole}" if of else f"{audit}.{name}",
            "parts": keys,
            "every_part": every_part,
            "figures": {
                **({f"{audit}.{whole}": reported[f"{audit}.{whole}"]} if of else {}),
                **{k: reported[k] for k in keys},
            },
            "parts_sum": _plain_sum(written) + "%",
        }
        if low > 100 or (every_part and high <= 100):
            found.append({**record, "kind": "shares_sum"})
        elif not (common_denominators(written, of[0], of[0]) if of else common_denominators(written)):
            found.append({**record, "kind": "denominator"})
    return found


def forced_to_100(
    reported: Mapping[str, object],
    metrics: Mapping[str, Any],
    breakdowns: Iterable[tuple[str, str, str]],
    rounding: Rounding,
) -> set[str]:
    """Keys of published shares evidently adjusted so that their column adds up to 100%.

    Where every part of a breakdown is published and the published shares add up to exactly 100%
    while the recomputed ones, rounded as published, do not, the shares that differ from their
    recomputed figure were adjusted to close the column.
    """
    adjusted: set[str] = set()
    for audit, name, _ in breakdowns:
        parts = (metrics.get(audit) or {}).get(name) or {}
        keys = {part: f"{audit}.{name}.{part}" for part in parts}
        if not parts or not all(k in reported for k in keys.values()):
            continue
        written = {part: read(reported[k]) for part, k in keys.items()}
        if any(w is None or not w.percent or w.bound != "exact" for w in written.values()):
            continue
        if sum((w.number for w in written.values() if w is not None), Decimal(0)) != 100:
            continue
        shown = {
            part: shown_at(_value(parts[part], w), w.place, rounding)
            for part, w in written.items()
            if w is not None and isinstance(parts[part], (int, float))
        }
        if sum(shown.values(), Decimal(0)) == 100:
            continue
        adjusted |= {keys[p] for p, w in written.items() if w is not None and p in shown and shown[p] != w.number}
    return adjusted


def _not_a_count(written: Written | None) -> bool:
    """True for a published figure that is not a whole count (not read, a percent, or with decimals)."""
    return written is None or written.percent or written.place < 1


def _plain_sum(pieces: Sequence[Written]) -> str:
    """What the published parts add up to, as a reader adds them (exact counts: their sum)."""
    total = sum((w.number for w in pieces), Decimal(0))
    text = f"{total:,f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text + ("+" if any(w.bound == "at_least" for w in pieces) else "")


def check_claims(
    reported: Mapping[str, object],
    metrics: Mapping[str, Any],
    rounding: Rounding,
    audits: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Every claim of the year, grouped by audit in `audits` order (others last), mismatches first within each."""
    records = [check_claim(k, v, metrics, rounding, audits) for k, v in reported.items()]
    place = {key: i for i, key in enumerate(audits)}
    return sorted(records, key=lambda r: (place.get(r["audit"], len(place)), ORDER[r["verdict"]]))


def tally(claims: Sequence[Mapping[str, Any]], inconsistent: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """How many published figures were checked, matched, did not match, and why the rest were not."""
    counts = {verdict: sum(1 for c in claims if c["verdict"] == verdict) for verdict in ORDER}
    return {
        "published": len(claims),
        "checked": counts["match"] + counts["mismatch"],
        **counts,
        "contradictions": len(inconsistent),
    }
