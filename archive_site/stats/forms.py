"""The filter of every dashboard: agency, section (承办科室) and period."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from archive_site.stats.scope import StatsFilter
from dossiers.models import Case

FIRST_DAY, LAST_DAY = dt.date(1949, 1, 1), dt.date(2200, 12, 31)
MAX_MONTHS = 120


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": f"{label}应为日期，格式如 2026-01-31。"},
    )


class StatsFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="机关", queryset=None, required=False, empty_label="我负责的全部机关"
    )
    department = forms.ChoiceField(label="承办科室", required=False)
    start = _date_field("起始日期")
    end = _date_field("截止日期")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        self.fields["agency"].queryset = agencies
        sections = (
            Case.objects.filter(agency__in=agencies)
            .exclude(department="")
            .values_list("department", flat=True)
            .distinct()
            .order_by("department")
        )
        self.fields["department"].choices = [("", "全部科室")] + [
            (name, name) for name in sections
        ]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or dt.date(start.year, 12, 31)
        for day, name in ((start, "起始日期"), (end, "截止日期")):
            if not FIRST_DAY <= day <= LAST_DAY:
                raise forms.ValidationError(f"{name}应在 1949 年至 2200 年之间。")
        if end < start:
            raise forms.ValidationError("截止日期不能早于起始日期。")
        if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            raise forms.ValidationError("统计期间最长十年，请缩短期间。")
        data["start"], data["end"] = start, end
        return data

    def stats_filter(self) -> StatsFilter:
        data = self.cleaned_data
        chosen = [data["agency"]] if data["agency"] else list(self.agencies)
        ids = tuple(agency.pk for agency in chosen)
        return StatsFilter(ids, data["start"], data["end"], data["department"])

    def heading(self) -> str:
        data = self.cleaned_data
        who = data["agency"].name if data["agency"] else "我负责的全部机关"
        section = f" · {data['department']}" if data["department"] else ""
        return f"{who}{section} · {data['start']} 至 {data['end']}"
