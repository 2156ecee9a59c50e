"""The toy audit's page: two figures and a table of themes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from audit.report import html
from audit.report.base import Report


class ToyReport(Report):
    """普法活动审计报告."""

    audit_key: ClassVar[str | None] = "toy"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "zh": {
            "title": "普法活动审计报告",
            "figures": "主要指标",
            "events": "活动场次",
            "audience": "受众人次",
            "themes": "各主题场次",
            "theme": "主题",
            "count": "场次",
        },
        "en": {
            "title": "Publicity events audit",
            "figures": "Headline figures",
            "events": "Events",
            "audience": "Audience",
            "themes": "Events by theme",
            "theme": "Theme",
            "count": "Events",
        },
    }

    def title(self) -> html.Html:
        """Title and the year."""
        return html.title(self.t("title"), self.subtitle())

    def figures_section(self) -> html.Html:
        """The year's figures, as metrics.json has them."""
        m = self.figures()
        return html.section(
            self.t("figures"),
            html.key_figures(
                [(self.t("events"), self.count(m["events"]), ""), (self.t("audience"), self.count(m["audience"]), "")]
            ),
        )

    def themes(self) -> html.Html:
        """Events per theme, from the validated rows."""
        counts = self.loaded["toy_events"].data["theme"].value_counts().sort_index()
        rows = [(theme, self.count(int(n))) for theme, n in counts.items()]
        return html.section(self.t("themes"), html.table([self.t("theme"), self.t("count")], rows, numeric=(1,)))
