"""The params of the legal advisers audit (``legal_advisers:`` in params)."""

from __future__ import annotations

from pydantic import field_validator

from audit.core.model import RuleError, Strict
from audit.registers.schema import normalise_label


class LegalAdvisersParams(Strict):
    """The units of the district expected to have a legal adviser (法律顾问).

    - `units`: the units the audit checks for a legal adviser; a unit counts as having one where
      the year's register records at least one piece of an adviser's work for it. By the
      General Offices' opinion on legal advisers (中共中央办公厅、国务院办公厅《关于推行法律顾问
      制度和公职律师公司律师制度的意见》, 中办发〔2016〕30号), Party and government organs at
      county level and above were to have legal advisers generally by the end of 2017, and
      townships "as needed": which units a district expects (its departments; its towns and
      sub-districts or not) is the district's own list, and the provinces' implementing
      opinions differ. The national rule names no list, so the default is empty: not checked.
      Names are compared as the register writes them, ignoring spaces, case and full-width
      parentheses; each name once.
    """

    units: tuple[str, ...] = ()

    @field_validator("units", mode="after")
    @classmethod
    def _named_once(cls, units: tuple[str, ...]) -> tuple[str, ...]:
        units = tuple(name.strip() for name in units)
        if any(not name for name in units):
            raise RuleError("a unit's name in each item (an item is blank)", "每项写一个单位名称（有空白项）")
        seen: dict[str, str] = {}
        repeated = []
        for name in units:
            key = normalise_label(name)
            if key in seen:
                repeated.append(name)
            seen.setdefault(key, name)
        if repeated:
            raise RuleError(
                f"each unit once; given more than once: {', '.join(repeated)}",
                f"每个单位只写一次；重复的单位：{'、'.join(repeated)}",
            )
        return units
