"""The params of the normative documents audit (``normative_documents:``)."""

from __future__ import annotations

from typing import Literal

from pydantic import PositiveInt

from audit.core.model import Strict

FilingUnit = Literal["calendar", "working"]


class NormativeDocumentsParams(Strict):
    """The filing limit of normative documents (规范性文件备案; ../shared/LAW.md, "Normative documents").

    - `filing_days`: a document of the district government or its office is filed with the city
      government and with the district people's congress standing committee within this many
      days after its issue. The limit is the province's: the national default is the common 30
      days; in Fujian, for instance, documents are filed with the standing committee within
      thirty days of issue (福建省各级人民代表大会常务委员会规范性文件备案审查规定, 2007, art. 5).
    - `filing_unit`: ``calendar`` days (the default) or ``working`` days, as the province's
      regulation counts them (some provinces set the limit in working days, LAW.md). Either way
      the day of issue is not counted; a calendar-day limit whose last day is a statutory
      holiday or rest day ends on the first working day after it (LAW.md, "Counting periods":
      the Civil Procedure Law's rule on periods); holidays follow the State Council's yearly
      arrangements (params ``calendar:``).
    """

    filing_days: PositiveInt = 30
    filing_unit: FilingUnit = "calendar"
