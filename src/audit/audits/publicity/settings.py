"""The themes of legal publicity and the themes a year must cover (``publicity:`` in params)."""

from __future__ import annotations

import re

from pydantic import Field, model_validator

from audit.core.model import RuleError, Strict
from audit.registers.schema import normalise_label

_CODE = re.compile(r"[a-z][a-z0-9_]*")


class Theme(Strict):
    """One theme of the register's 主题 column: its Chinese label (shown in reports), English label, synonyms.

    `aliases` are other Chinese spellings the register may write for it (《民法典》 for 民法典).
    """

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()


# The themes the seed report names ("综治宣传、社区矫正法、民法典、宪法等主题法治宣传活动"), and 其他.
DEFAULT_THEMES: dict[str, Theme] = {
    "constitution": Theme(zh="宪法", en="Constitution", aliases=("宪法宣传", "《宪法》", "国家宪法日", "宪法宣传周")),
    "civil_code": Theme(zh="民法典", en="Civil Code", aliases=("《民法典》", "民法典宣传", "民法典宣讲")),
    "community_corrections": Theme(
        zh="社区矫正法", en="Community Corrections Law", aliases=("《社区矫正法》", "社区矫正", "社区矫正法宣传")
    ),
    "public_order": Theme(
        zh="综治", en="Public order and safety", aliases=("综治宣传", "综合治理", "平安建设", "社会治安综合治理")
    ),
    "other": Theme(zh="其他", en="Other", aliases=("其它",)),
}
DEFAULT_REQUIRED = ("constitution", "civil_code")
CIVIL_CODE = "civil_code"  # the theme whose events' materials are the Civil Code materials (民法典宣传资料)
OTHER = "other"  # the catch-all theme (其他), not named where a report lists the year's themes


class PublicityParams(Strict):
    """Legal publicity (法治宣传 / 普法): the themes of the year's events and the themes it must cover.

    - `themes`: the allowed values of the register's 主题 column, code → labels. Defaults: the
      themes the seed report names for 2020 (综治、社区矫正法、民法典、宪法) and 其他. A theme
      outside the list is an input problem of its row that names the list.
    - `required_themes`: the themes the year must hold at least one event of. Defaults: the
      Constitution, whose study and publicity the seventh five-year publicity plan (“七五”普法规划,
      2016–2020) makes a main task (the second: 突出学习宣传宪法), and the Civil Code, adopted on
      28 May 2020 (in force 1 January 2021), whose publicity the seed report reports for 2020 and
      the eighth plan (“八五”普法规划, 2021–2025) makes a main task (突出宣传民法典). Neither plan sets a number of events: a
      district's own plan may require more themes, or other ones (../shared/LAW.md has no section
      on publicity yet; the seed report is the source of the defaults).
    """

    themes: dict[str, Theme] = Field(default_factory=lambda: dict(DEFAULT_THEMES))
    required_themes: tuple[str, ...] = DEFAULT_REQUIRED

    @model_validator(mode="after")
    def _consistent(self) -> PublicityParams:
        if not self.themes:
            raise RuleError("at least one theme is needed", "至少列出一个主题", key="themes")
        bad = [code for code in self.themes if not _CODE.fullmatch(code)]
        if bad:
            raise RuleError(
                f"theme codes are lower-case letters, digits and _ (starting with a letter): {', '.join(bad)}",
                f"主题代码由小写字母、数字和下划线组成，以字母开头（{'、'.join(bad)} 不符合）",
                key="themes",
            )
        seen: dict[str, str] = {}
        for code, theme in self.themes.items():
            for spelling in {normalise_label(s) for s in (code, theme.en, theme.zh, *theme.aliases)}:
                if spelling in seen and seen[spelling] != code:
                    raise RuleError(
                        f"themes {seen[spelling]} and {code} are both written {spelling!r}: "
                        "each label or alias may name one theme only",
                        f"主题 {seen[spelling]} 与 {code} 的名称或别名重复（“{spelling}”）：每个写法只能对应一个主题",
                        key="themes",
                    )
                seen[spelling] = code
        unknown = [code for code in self.required_themes if code not in self.themes]
        if unknown:
            known = "、".join(f"{c}（{t.zh}）" for c, t in self.themes.items())
            raise RuleError(
                f"required theme(s) {', '.join(unknown)} are not themes; the themes are {', '.join(self.themes)}",
                f"必须开展的主题应为已列主题的代码之一：{known}（{'、'.join(unknown)} 不是）",
                key="required_themes",
            )
        if len(set(self.required_themes)) != len(self.required_themes):
            raise RuleError("each required theme once", "每个必须开展的主题只写一次", key="required_themes")
        return self
