"""The staff search form: what was typed, the chosen facets, sort and page."""

from django import forms

from dossiers.codes import Category, Procedure
from search.models import CaseSearchRecord
from search.selectors import SORTS, SearchFilters

ANY = [("", "全部")]
# Bounds that every database takes: a larger id or page number is a form error.
MAX_ID = 2**63 - 1
MAX_PAGE = 100_000


def _choices(field: str) -> list[tuple[str, str]]:
    return ANY + list(CaseSearchRecord._meta.get_field(field).choices)


class CaseSearchForm(forms.Form):
    q = forms.CharField(label="检索词", max_length=200, required=False)
    agency = forms.IntegerField(
        label="执法机关", required=False, min_value=1, max_value=MAX_ID
    )
    year = forms.IntegerField(
        label="结案年度", required=False, min_value=1949, max_value=2200
    )
    category = forms.ChoiceField(
        label="案件类别", choices=ANY + Category.choices, required=False
    )
    procedure = forms.ChoiceField(
        label="程序", choices=ANY + Procedure.choices, required=False
    )
    retention = forms.ChoiceField(
        label="保管期限", choices=_choices("retention"), required=False
    )
    state = forms.ChoiceField(
        label="案卷状态", choices=_choices("dossier_state"), required=False
    )
    hold = forms.ChoiceField(label="冻结", choices=_choices("hold"), required=False)
    closed_from = forms.DateField(
        label="结案日期自",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    closed_to = forms.DateField(
        label="至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label="排序",
        choices=[(key, text) for key, (text, _) in SORTS.items()],
        required=False,
    )
    page = forms.IntegerField(
        label="页码",
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.HiddenInput,
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        try:
            query.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise forms.ValidationError("检索词含有无法识别的字符。") from exc
        return query

    def clean(self):
        data = super().clean()
        start, end = data.get("closed_from"), data.get("closed_to")
        if start and end and start > end:
            raise forms.ValidationError("结案日期的起始日不能晚于终止日。")
        return data

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            agency_id=data.get("agency"),
            year=data.get("year"),
            category=data.get("category") or "",
            procedure=data.get("procedure") or "",
            retention=data.get("retention") or "",
            dossier_state=data.get("state") or "",
            hold=data.get("hold") or "",
            closed_from=data.get("closed_from"),
            closed_to=data.get("closed_to"),
        )
