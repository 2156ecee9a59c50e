"""Normative documents (规范性文件备案审查): legality review before issue, filing on time, publication, cleanup.

The filing limit is the year's params block ``normative_documents:`` (:mod:`.settings`), counted
as :mod:`.filing` says; the register of documents is :mod:`.register`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.audits.normative_documents.findings import RULES, findings
from audit.audits.normative_documents.register import BODIES, CLEANUP_CODES, SCHEMA
from audit.audits.normative_documents.settings import NormativeDocumentsParams
from audit.audits.spec import Audit, MetricSpec, RegisterRole

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def _compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    from audit.audits.normative_documents.compute import compute

    return compute(loaded["normative_documents"], params)


def _count(name: str, zh: str, en: str) -> MetricSpec:
    return MetricSpec(f"normative_documents.{name}", {"zh": zh, "en": en})


def _rate(name: str, zh: str, en: str) -> MetricSpec:
    return MetricSpec(f"normative_documents.{name}", {"zh": zh, "en": en}, "percent")


AUDIT = Audit(
    key="normative_documents",
    package=__name__,
    title={"zh": "规范性文件备案审查审计报告", "en": "Normative documents audit"},
    short_title={"zh": "规范性文件", "en": "Normative documents"},
    registers=(
        RegisterRole(
            "normative_documents",
            lambda params: SCHEMA,
            {"zh": "规范性文件备案登记表", "en": "Normative documents register"},
        ),
    ),
    compute=_compute,
    finding_rules=RULES,
    findings=findings,
    page="audit.audits.normative_documents.page",
    notebook="normative_documents",
    settings=NormativeDocumentsParams,
    totals=(
        ("documents", ("issued", "earlier")),
        ("issued", ("reviewed", "not_reviewed")),
        ("issued", ("published", "not_published")),
        *(
            (f"filing.{body}.due", tuple(f"filing.{body}.{s}" for s in ("on_time", "late", "not_filed")))
            for body in BODIES
        ),
        ("filed_on_time", tuple(f"filing.{body}.on_time" for body in BODIES)),
        ("filings_due", tuple(f"filing.{body}.due" for body in BODIES)),
        ("cleanup.documents", tuple(f"cleanup.results.{code}" for code in CLEANUP_CODES)),
        ("cleanup.documents", ("cleanup.issued_earlier", "cleanup.issued_this_year")),
    ),
    metrics=(
        MetricSpec(
            "normative_documents.issued", {"zh": "发布规范性文件", "en": "Normative documents issued"}, headline=True
        ),
        MetricSpec(
            "normative_documents.filed_on_time_rate",
            {"zh": "规范性文件按期备案率", "en": "Normative documents filed on time"},
            "percent",
            "higher",
            1.0,
            0.95,
            headline=True,
            basis=(
                "normative_documents.rate_basis.filed_on_time_rate.numerator",
                "normative_documents.rate_basis.filed_on_time_rate.denominator",
            ),
            defined_by=("normative_documents.filing_days", "normative_documents.filing_unit"),
            index=True,
            short={"zh": "按期备案率", "en": "Filed on time"},
        ),
        MetricSpec(
            "normative_documents.review_rate",
            {"zh": "发布前合法性审查率", "en": "Reviewed for legality before issue"},
            "percent",
            "higher",
            1.0,
            0.95,
            headline=True,
            basis=(
                "normative_documents.rate_basis.review_rate.numerator",
                "normative_documents.rate_basis.review_rate.denominator",
            ),
        ),
        MetricSpec(
            "normative_documents.publication_rate",
            {"zh": "规范性文件公开率", "en": "Normative documents published"},
            "percent",
            "higher",
            1.0,
            0.95,
            headline=True,
            basis=(
                "normative_documents.rate_basis.publication_rate.numerator",
                "normative_documents.rate_basis.publication_rate.denominator",
            ),
        ),
        _count("reviewed", "发布前经合法性审查的文件", "Documents reviewed before issue"),
        _count("not_reviewed", "未经合法性审查即发布的文件", "Documents issued without review"),
        _rate("filing.city.on_time_rate", "报市政府按期备案率", "Filed with the city government on time"),
        _count("filing.city.on_time", "报市政府按期备案", "Filed with the city government on time (documents)"),
        _count("filing.city.late", "报市政府逾期备案", "Filed with the city government late"),
        _count("filing.city.not_filed", "未报市政府备案", "Not filed with the city government"),
        _rate(
            "filing.congress.on_time_rate",
            "报区人大常委会按期备案率",
            "Filed with the district people's congress standing committee on time",
        ),
        _count(
            "filing.congress.on_time",
            "报区人大常委会按期备案",
            "Filed with the standing committee on time (documents)",
        ),
        _count("filing.congress.late", "报区人大常委会逾期备案", "Filed with the standing committee late"),
        _count("filing.congress.not_filed", "未报区人大常委会备案", "Not filed with the standing committee"),
        _count(
            "filed_on_time_both",
            "向市政府及区人大常委会均按期备案的文件",
            "Documents filed on time with both bodies",
        ),
        _count("published", "公开的规范性文件", "Documents published"),
        _count("cleanup.documents", "清理规范性文件", "Documents in the year's cleanups"),
        _count("cleanup.batches", "规范性文件清理项目", "Cleanups carried out"),
        _count("cleanup.results.retained", "清理后保留", "Retained after cleanup"),
        _count("cleanup.results.amended", "清理后修改", "Amended after cleanup"),
        _count("cleanup.results.repealed", "清理后废止", "Repealed after cleanup"),
        _count("cleanup.results.expired", "清理后失效", "Expired"),
        _count("cleanup.results.declared_expired", "清理后宣布失效", "Declared no longer in force"),
    ),
)
