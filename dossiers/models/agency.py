from django.db import models


class Agency(models.Model):
    """An enforcement agency; its 全宗 (fonds) groups the records it produced."""

    name = models.CharField("机关名称", max_length=200)
    code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    fonds = models.CharField("全宗号", max_length=20)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法机关"
        verbose_name_plural = "执法机关"
        ordering = ["name"]
        permissions = [("view_agency_records", "可查阅本机关全部案卷")]

    def __str__(self) -> str:
        return f"{self.name}（全宗 {self.fonds}）"
