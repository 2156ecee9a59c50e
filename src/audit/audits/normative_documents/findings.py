"""The normative documents audit's findings: documents issued without review, filed late or not at all, not published.

One finding per document and kind of exception, the document's number (文号) its subject, so the
same document is the same finding on every re-run. Filing is judged per body the document is
filed with (the city government, the district people's congress standing committee): a rule per
body and outcome (late, or past the limit and not filed), so a document late with both bodies is
two findings. Only documents issued in the audited year are judged (an earlier document is in the
register for its cleanup only), and a filing whose limit has not run out is no finding.

The responsible unit: for a document issued without a legality review, the drafting unit (起草单位,
which sends the draft for review), else the issuer; for filing and publication, the issuer
(制定机关), whose duty they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.findings.model import Finding, Rule
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

AUDIT = "normative_documents"
REVIEW_RATE = "normative_documents.review_rate"
FILED_RATE = "normative_documents.filed_on_time_rate"
PUBLICATION_RATE = "normative_documents.publication_rate"
# The bodies a document is filed with: code -> (zh, en) names, as the register's filing columns name them.
BODY_NAMES = {
    "city": ("市政府", "the city government"),
    "congress": ("区人大常委会", "the district people's congress standing committee"),
}
_FILING_LAW = {
    "city": {
        "zh": "国务院办公厅《关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）和本省规范性文件"
        "备案规定：规范性文件发布后报上一级人民政府备案",
        "en": "the State Council General Office's notice on normative documents (国办发〔2018〕37号) and the "
        "province's filing rules: a normative document is filed with the government above after issue",
    },
    "congress": {
        "zh": "《各级人民代表大会常务委员会监督法》关于规范性文件备案审查的规定和本省人大常委会规范性文件备案审查"
        "规定：本级人民政府的规范性文件发布后报本级人大常委会备案",
        "en": "the Supervision Law's provisions on the filing and review of normative documents and the "
        "province's rules for its people's congresses: a normative document of the government is filed with "
        "the standing committee of the people's congress at its level after issue",
    },
}
_LIMIT = {
    "zh": "；本年度期限为发布之日起 {days} {unit_zh}内，发布当日不计入（参数 normative_documents.filing_days = {days}，"
    "filing_unit = {unit_code}）",
    "en": "; the year's limit: within {days} {unit_en} after issue, the day of issue not counted (params "
    "normative_documents.filing_days = {days}, filing_unit = {unit_code})",
}

NOT_REVIEWED = Rule(
    "not_reviewed",
    "high",
    {"zh": "规范性文件未经合法性审查即发布", "en": "Normative document issued without a legality review"},
    {
        "zh": "国务院办公厅《关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）和"
        "《关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）：规范性文件发布前必须经合法性审核，"
        "未经合法性审核或者经审核不合法的，不得提交集体审议、不得发布",
        "en": "the State Council General Office's guideline on the legality review of normative documents "
        "(国办发〔2018〕115号) and its notice on normative documents (国办发〔2018〕37号): a normative document is "
        "reviewed for legality before issue; one not reviewed, or found unlawful, may not be adopted or issued",
    },
    {
        "zh": "责成起草单位将该文件补送合法性审核，经审核存在问题的依法修改或者废止；严格执行合法性审核机制，"
        "未经审核的文件一律不得提交审议和印发",
        "en": "have the drafting unit send the document for a legality review now and amend or repeal it where the "
        "review finds fault; issue no document that has not been reviewed",
    },
    covers=(REVIEW_RATE,),
)


def _filing_rule(body: str, outcome: str) -> Rule:
    """The rule of a filing with `body` made late (``late``) or not made past its limit (``not_filed``)."""
    zh, en = BODY_NAMES[body]
    law = _FILING_LAW[body]
    basis = {lang: law[lang] + _LIMIT[lang] for lang in ("zh", "en")}
    if outcome == "late":
        return Rule(
            f"late_filing_{body}",
            "medium",
            {"zh": f"规范性文件逾期报{zh}备案", "en": f"Normative document filed late with {en}"},
            basis,
            {
                "zh": "督促制定机关严格执行规范性文件报备时限，建立文件发布后报备的登记和提醒制度，确保在期限内报备",
                "en": "have the issuer keep to the filing limit: keep a list of documents issued with each filing's "
                "last day, and file within it",
            },
            covers=(FILED_RATE,),
        )
    return Rule(
        f"not_filed_{body}",
        "high",
        {"zh": f"规范性文件未报{zh}备案", "en": f"Normative document not filed with {en}"},
        basis,
        {
            "zh": f"责成制定机关立即将该文件报{zh}备案，查明未报备的原因，明确报备责任",
            "en": f"have the issuer file the document with {en} at once, find out why it was not filed, and "
            "make clear whose duty filing is",
        },
        covers=(FILED_RATE,),
    )


FILING_RULES = {
    (body, outcome): _filing_rule(body, outcome) for body in BODY_NAMES for outcome in ("late", "not_filed")
}
NOT_PUBLISHED = Rule(
    "not_published",
    "high",
    {"zh": "规范性文件未公开", "en": "Normative document not published"},
    {
        "zh": "国务院办公厅《关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）：规范性文件应当"
        "通过政府公报、政府网站等及时向社会公开发布，不得以内部文件形式印发执行，未经公布的不得作为行政管理依据",
        "en": "the State Council General Office's notice on normative documents (国办发〔2018〕37号): a normative "
        "document is published promptly (government gazette, website), not issued as an internal document; one "
        "not published may not be relied on in administration",
    },
    {
        "zh": "责成制定机关立即通过政府网站、政府公报等渠道向社会公开该文件；公开前不得将其作为行政管理依据",
        "en": "have the issuer publish the document at once (government website, gazette); until then it may not "
        "be relied on in administration",
    },
    covers=(PUBLICATION_RATE,),
)
RULES = (
    NOT_REVIEWED,
    *(FILING_RULES[(body, "not_filed")] for body in BODY_NAMES),
    NOT_PUBLISHED,
    *(FILING_RULES[(body, "late")] for body in BODY_NAMES),
)


def _units(params: Params) -> dict[str, str]:
    """The filing limit's figures for the rules' basis."""
    settings = params.normative_documents
    working = settings.filing_unit == "working"
    return {
        "days": str(settings.filing_days),
        "unit_zh": "个工作日" if working else "日",
        "unit_en": "working days" if working else "days",
        "unit_code": settings.filing_unit,
    }


def _day_words(days: int | None, working: bool) -> tuple[str, str]:
    """`days` late or overdue in both languages ("3 日" / "3 days")."""
    if days is None:
        return "", ""
    if working:
        return f" {days} 个工作日", f" {days} working day{'s' if days != 1 else ''}"
    return f" {days} 日", f" {days} day{'s' if days != 1 else ''}"


def findings(
    loaded: Mapping[str, Register], params: Params, block: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[Finding]:
    """A finding per document issued without review, per late or missing filing with each body, per document not published."""
    d = loaded[AUDIT].data
    listed = [doc["number"] for doc in block["not_reviewed_documents"] + block["not_published_documents"]]
    for body in BODY_NAMES:
        filing = block["filing"][body]
        listed += [doc["number"] for doc in filing["late_documents"] + filing["not_filed_documents"]]
    # the rows and drafting units of the listed documents only (number is unique in the register)
    picked = d.loc[d["number"].isin(set(listed)), ["number", "drafter", ROW]]
    rows = dict(zip(picked["number"], picked[ROW]))
    drafters = {
        number: drafter
        for number, drafter in zip(picked["number"], picked["drafter"])
        if isinstance(drafter, str) and drafter
    }
    figures = _units(params)
    working = params.normative_documents.filing_unit == "working"
    as_of = params.as_of.isoformat()

    def finding(rule: Rule, doc: Mapping[str, Any], unit: str, text: Mapping[str, str]) -> Finding:
        number = str(doc["number"])
        row = [rows[number]] if number in rows else []
        return rule.finding(AUDIT, number, unit, text, (number,), AUDIT, row, **figures)

    def named(doc: Mapping[str, Any]) -> tuple[str, str]:
        return f"{doc['issuer']}《{doc['title']}》（{doc['number']}，{doc['issued_on']} 发布）", (
            f"{doc['number']} “{doc['title']}” of {doc['issuer']} (issued {doc['issued_on']})"
        )

    found: list[Finding] = []
    for doc in block["not_reviewed_documents"]:
        zh, en = named(doc)
        drafter = drafters.get(doc["number"])
        by = {"zh": f"（起草单位：{drafter}）", "en": f" (drafted by {drafter})"} if drafter else {"zh": "", "en": ""}
        text = {
            "zh": f"{zh}{by['zh']}未经合法性审查即发布",
            "en": f"{en}{by['en']} was issued without a legality review",
        }
        found.append(finding(NOT_REVIEWED, doc, drafter or str(doc["issuer"]), text))
    for body, (body_zh, body_en) in BODY_NAMES.items():
        filing = block["filing"][body]
        for doc in filing["not_filed_documents"]:
            zh, en = named(doc)
            over_zh, over_en = _day_words(doc["days_overdue"], working)
            text = {
                "zh": f"{zh}应于 {doc['deadline']} 前报{body_zh}备案，截至 {as_of} 仍未报备，已超过期限{over_zh}",
                "en": f"{en} was due to be filed with {body_en} by {doc['deadline']} and was not filed by {as_of}"
                + (f",{over_en} past the limit" if over_en else ""),
            }
            found.append(finding(FILING_RULES[(body, "not_filed")], doc, str(doc["issuer"]), text))
    for doc in block["not_published_documents"]:
        zh, en = named(doc)
        found.append(
            finding(
                NOT_PUBLISHED, doc, str(doc["issuer"]), {"zh": f"{zh}未向社会公开", "en": f"{en} was not published"}
            )
        )
    for body, (body_zh, body_en) in BODY_NAMES.items():
        for doc in block["filing"][body]["late_documents"]:
            zh, en = named(doc)
            late_zh, late_en = _day_words(doc["days_late"], working)
            text = {
                "zh": f"{zh}应于 {doc['deadline']} 前报{body_zh}备案，{doc['filed_on']} 才报备，逾期{late_zh}",
                "en": f"{en} was due to be filed with {body_en} by {doc['deadline']} and was filed on "
                f"{doc['filed_on']}" + (f",{late_en} late" if late_en else ", late"),
            }
            found.append(finding(FILING_RULES[(body, "late")], doc, str(doc["issuer"]), text))
    return found
