"""The findings of each case's newest regulation check, one row each, for the
statistics (规范性检查问题).

The checks' findings are kept as JSON lists on the check events (the
evidence); these rows repeat the newest list of each case in columns a
database can group: the case's agency, 承办科室 and moment of receipt, and
the finding's rule, article and severity. A finding is written once per
officer of the case (none: once, with an empty officer); `primary` marks the
one row per finding that counts it by rule and by section.

Derived, never edited: `dossiers.services.findings` replaces a case's rows
in the transaction that records its check (`case_event_record`).
"""

from django.db import models

from dossiers.models.event import EventType

# The events that carry a case's regulation check (`{"findings": [...]}`).
CHECK_EVENTS = (EventType.REGULATION_CHECK, EventType.METADATA_CORRECTED)


class CaseFinding(models.Model):
    case = models.ForeignKey(
        "dossiers.Case", on_delete=models.CASCADE, related_name="+"
    )
    # Indexed first in both indexes below.
    agency = models.ForeignKey(
        "dossiers.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    department = models.CharField("承办科室", max_length=100, blank=True)
    received_at = models.DateTimeField("接收时间")
    code = models.CharField("规则", max_length=40)
    article = models.CharField("条款", max_length=200, blank=True)
    severity = models.CharField("严重程度", max_length=10)
    officer = models.CharField("执法人员", max_length=50, blank=True)
    certificate = models.CharField("执法证号", max_length=40, blank=True)
    primary = models.BooleanField(default=True)

    class Meta:
        verbose_name = "规范性检查问题"
        verbose_name_plural = "规范性检查问题"
        # Each covers one of the dashboard's two queries (by rule and
        # section; by officer), so SQLite never reads the table itself.
        indexes = [
            models.Index(
                fields=[
                    "agency", "received_at", "severity", "primary", "code",
                    "department", "case",
                ],
                name="casefinding_rule_idx",
            ),
            models.Index(
                fields=[
                    "agency", "received_at", "severity", "officer", "certificate",
                    "case",
                ],
                name="casefinding_officer_idx",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} {self.officer}"
