from django.conf import settings
from django.db import models

from dossiers.codes import Category, Initiation, PartyType, Procedure
from dossiers.models.deletion_guard import ArchivedQuerySet, ArchivedRecord
from dossiers.models.dossier import Dossier, DossierState


class CaseState(models.TextChoices):
    """What has happened to a case, for every list and filter that shows one.

    Never stored: it is read from the case's dossier versions
    (`Case.objects.with_state()`), so it cannot fall behind a seal.
    """

    INGESTED = "ingested", "已接收"
    DRAFT = DossierState.DRAFT.value, DossierState.DRAFT.label
    SEALED = DossierState.SEALED.value, DossierState.SEALED.label
    REVISING = "revising", "已封存，新版本整理中"
    # Destroyed through a disposition batch (issue #14): only the tombstone
    # (档号, 题名, dates, the batch) is left in the catalogue.
    DESTROYED = "destroyed", "已销毁"


class CaseQuerySet(ArchivedQuerySet):
    def with_state(self) -> "CaseQuerySet":
        """Annotate `state` (a `CaseState`) from the newest dossier version."""
        versions = Dossier.objects.filter(case=models.OuterRef("pk"))
        newest = versions.order_by("-version").values("state")[:1]
        sealed_once = models.Exists(versions.exclude(state=DossierState.DRAFT))
        return self.alias(newest_state=models.Subquery(newest)).annotate(
            state=models.Case(
                models.When(
                    destroyed_at__isnull=False,
                    then=models.Value(CaseState.DESTROYED),
                ),
                models.When(
                    sealed_once,
                    newest_state=DossierState.DRAFT,
                    then=models.Value(CaseState.REVISING),
                ),
                models.When(newest_state__isnull=False, then=models.F("newest_state")),
                default=models.Value(CaseState.INGESTED),
                output_field=models.CharField(),
            ),
        )


class Case(ArchivedRecord, models.Model):
    """A closed enforcement case as received from its agency.

    Rows are created only by ingest; the metadata is what the producer declared
    in `case.json` and is never edited in place.
    """

    agency = models.ForeignKey(
        "dossiers.Agency",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="执法机关",
    )
    case_number = models.CharField("案号", max_length=100)
    title = models.CharField("案由", max_length=500)
    category = models.CharField("案件类别", max_length=40, choices=Category.choices)
    procedure = models.CharField("程序", max_length=20, choices=Procedure.choices)
    initiation = models.CharField("启动方式", max_length=30, choices=Initiation.choices)
    opened_on = models.DateField("立案日期", null=True, blank=True)
    closed_on = models.DateField("结案日期")
    summary = models.TextField("案情摘要", blank=True)
    legal_basis = models.JSONField("法律依据", default=list, blank=True)
    major_case = models.BooleanField("重大案件", default=False)
    hearing_held = models.BooleanField("举行听证", default=False)
    long_term_triggers = models.JSONField("长期保存情形", default=list, blank=True)
    sensitivity = models.JSONField("敏感信息", default=list, blank=True)
    # 承办科室 (profile 1.1): matches the 科室负责人 who approves its reads.
    department = models.CharField("承办科室", max_length=100, blank=True)
    # Profile 1.1: archiving timeliness runs from the 移交日期 when given; a
    # 历史补录 (backlog from before the archive existed) is late only as information.
    transferred_on = models.DateField("移交日期", null=True, blank=True)
    back_capture = models.BooleanField("历史补录", default=False)
    source_system = models.CharField("来源系统", max_length=200, blank=True)
    bag_info = models.JSONField("包信息", default=dict, blank=True)
    package_fingerprint = models.CharField("提交包指纹", max_length=64)
    ingested_at = models.DateTimeField("接收时间", auto_now_add=True)
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="接收人",
    )
    # The tombstone (issue #14): once its batch is executed the case stays in
    # the catalogue with these set, its materials gone.
    destroyed_at = models.DateTimeField("销毁时间", null=True, blank=True)
    destroyed_batch = models.CharField("销毁批次", max_length=40, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-closed_on", "case_number"]
        # The statistics (issue #16) count an agency's cases by the moment
        # the archive received them.
        indexes = [
            models.Index(
                fields=["agency", "ingested_at"], name="case_agency_ingested_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "case_number"], name="case_number_unique_per_agency"
            ),
            models.CheckConstraint(
                condition=models.Q(opened_on__isnull=True)
                | models.Q(opened_on__lte=models.F("closed_on")),
                name="case_opened_before_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    @property
    def year(self) -> int:
        return self.closed_on.year

    def get_state_display(self) -> str:
        """The case's `CaseState` label (annotated by `with_state()`, or read now)."""
        state = getattr(self, "state", None)
        if state is None:
            state = (
                Case.objects.with_state()
                .values_list("state", flat=True)
                .get(pk=self.pk)
            )
        return CaseState(state).label


class Party(ArchivedRecord, models.Model):
    """A party (当事人) to a case; `id_number` is personal data."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    party_type = models.CharField("类型", max_length=30, choices=PartyType.choices)
    name = models.CharField("名称", max_length=200)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)

    objects = ArchivedQuerySet.as_manager()

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"

    def __str__(self) -> str:
        return self.name


class Officer(ArchivedRecord, models.Model):
    """An enforcement officer on the case, with the 执法证号 shown to the party."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="officers")
    name = models.CharField("姓名", max_length=50)
    certificate = models.CharField("执法证号", max_length=40)

    objects = ArchivedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate}）"
