"""The search record of a case: what full-text search indexes, in one row.

A case is found by anything in it: its own metadata, its parties and
officers, its dossier (档号, title, retention, state) and the text of its
documents. Gathering all of it into one flat row per case, with the facets as
plain columns, is what lets every engine filter and count in the same way:
the database backends in SQL, Elasticsearch/OpenSearch on keyword fields,
without joins that only one of them could follow.

Each searchable column holds one value per line (a party, a 文号, a page of a
PDF); the values are indexed apart, so a phrase never runs from one into the
next. The row is derived: `search.services.case_search_record_refresh` writes
it from the catalogue, and it can always be written again.
"""

from django.db import models
from modelsearch import index

from dossiers.codes import Category, Procedure
from dossiers.models import DossierState, Retention

NO_DOSSIER = "none"
# Whether a hold (冻结, issue #14) is in force on the case.
HELD, NOT_HELD = "held", "none"
HOLD_CHOICES = [(HELD, "冻结中"), (NOT_HELD, "未冻结")]
FACETS_INDEX = "search_record_facets"


def lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


class CaseSearchRecord(index.Indexed, models.Model):
    case = models.OneToOneField(
        "dossiers.Case",
        on_delete=models.CASCADE,
        related_name="search_record",
        verbose_name="案件",
    )
    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="执法机关",
    )
    year = models.PositiveSmallIntegerField("结案年度", db_index=True)
    closed_on = models.DateField("结案日期", db_index=True)
    category = models.CharField("案件类别", max_length=40, choices=Category.choices)
    procedure = models.CharField("程序", max_length=20, choices=Procedure.choices)
    retention = models.CharField(
        "保管期限",
        max_length=20,
        choices=[*Retention.choices, (NO_DOSSIER, "未组卷")],
        default=NO_DOSSIER,
    )
    dossier_state = models.CharField(
        "案卷状态",
        max_length=20,
        choices=[*DossierState.choices, (NO_DOSSIER, "未组卷")],
        default=NO_DOSSIER,
    )
    hold = models.CharField(
        "冻结", max_length=10, choices=HOLD_CHOICES, default=NOT_HELD
    )
    title = models.TextField("题名")
    identifiers = models.TextField("编号", blank=True)
    people = models.TextField("人员", blank=True)
    body = models.TextField("内容", blank=True)
    texts = models.TextField("材料全文", blank=True)
    # For each line of `texts`: [material id, page number].
    text_sources = models.JSONField("全文出处", default=list, blank=True)
    # Pages of the case's documents without a text layer (scans): search cannot
    # see them, and says so on each hit.
    pages_without_text = models.PositiveIntegerField("无文字层页数", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    search_fields = [
        # `title=True`: the database backends rank this as the title column.
        index.SearchField("title_values", boost=10, title=True),
        index.SearchField("identifier_values", boost=6),
        index.SearchField("people_values", boost=4),
        index.SearchField("body_values", boost=2),
        index.SearchField("text_values", boost=1),
        index.FilterField("id"),
        index.FilterField("case_id"),
        index.FilterField("agency_id"),
        index.FilterField("year"),
        index.FilterField("closed_on"),
        index.FilterField("category"),
        index.FilterField("procedure"),
        index.FilterField("retention"),
        index.FilterField("dossier_state"),
        index.FilterField("hold"),
    ]

    class Meta:
        verbose_name = "案件检索记录"
        verbose_name_plural = "案件检索记录"
        default_permissions = ()
        indexes = [
            # The facet columns by record, so that the search page reads them
            # for every hit without the record's text (`search.backends.pages`).
            models.Index(
                fields=[
                    "id",
                    "agency",
                    "year",
                    "category",
                    "procedure",
                    "retention",
                    "dossier_state",
                    "hold",
                    "closed_on",
                ],
                name=FACETS_INDEX,
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.title[:40]}"

    # The searchable values, one list per column (see the module docstring).
    def title_values(self) -> list[str]:
        return lines(self.title)

    def identifier_values(self) -> list[str]:
        return lines(self.identifiers)

    def people_values(self) -> list[str]:
        return lines(self.people)

    def body_values(self) -> list[str]:
        return lines(self.body)

    def text_values(self) -> list[str]:
        return lines(self.texts)


class SearchKey(models.Model):
    """One identifier of a case, folded (`search.tokens.chars`), for 精确匹配.

    A query equal to a 案号, 文号, 档号 or 证件号 — typed with any brackets,
    widths or spaces — is looked up here on an index, on whatever engine
    searches the text.
    """

    record = models.ForeignKey(
        CaseSearchRecord, on_delete=models.CASCADE, related_name="keys"
    )
    key = models.CharField("编号（折叠后）", max_length=200, db_index=True)

    class Meta:
        verbose_name = "精确匹配编号"
        verbose_name_plural = "精确匹配编号"
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["record", "key"], name="search_key_once")
        ]

    def __str__(self) -> str:
        return self.key
