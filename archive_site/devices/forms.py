"""Forms of the device pages; they collect values, the services validate them."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from access_control.models import Membership
from dossiers.devices.models import CheckKind, CheckResult, Device
from dossiers.devices.rules import display_name

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEVICE_FIELDS = [
    "agency",
    "code",
    "kind",
    "model",
    "serial",
    "section",
    "status",
    "custodian",
    "remarks",
]


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{display_name(obj)}（{obj.get_username()}）"


def people_of(agencies):
    """The people holding any role in `agencies`."""
    members = Membership.objects.filter(agency__in=agencies).values("user")
    users = get_user_model().objects.filter(pk__in=members, is_active=True)
    return users.order_by("last_name", "first_name", "username")


def _person(agencies, label: str, **kwargs) -> PersonChoice:
    return PersonChoice(queryset=people_of(agencies), label=label, **kwargs)


class DeviceForm(forms.ModelForm):
    """A device of the register; agency and code are fixed once registered."""

    class Meta:
        model = Device
        fields = DEVICE_FIELDS

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["custodian"] = _person(agencies, "专门管理人员", required=False)
        if self.instance.pk:
            for name in ("agency", "code"):
                self.fields[name].disabled = True

    def values(self) -> dict:
        """The fields `device_update` may change."""
        fixed = {"agency", "code"}
        return {k: v for k, v in self.cleaned_data.items() if k not in fixed}

    def validate_unique(self):
        pass  # the service names a duplicate code in its own words


class IssueForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, label="领用人")
    issued_at = forms.DateTimeField(label="领用时间", widget=MOMENT)
    condition = forms.CharField(label="设备状况", initial="完好", max_length=200)
    battery = forms.CharField(label="电量", required=False, max_length=50)
    storage = forms.CharField(label="存储空间", required=False, max_length=50)

    def __init__(self, *args, device: Device, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = [device.agency_id]
        self.fields["user"] = _person(agencies, "领用人")
        self.fields["issued_at"].initial = timezone.localtime()


class ReturnForm(forms.Form):
    returned_at = forms.DateTimeField(label="归还时间", widget=MOMENT)
    condition = forms.CharField(label="设备状况", initial="完好", max_length=200)
    battery = forms.CharField(label="电量", required=False, max_length=50)
    storage = forms.CharField(label="存储空间", required=False, max_length=50)

    def __init__(self, *args, device: Device, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_at"].initial = timezone.localtime()


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label="检查类型", choices=CheckKind.choices)
    checker = forms.ModelChoiceField(queryset=None, label="检查人")
    checked_on = forms.DateField(label="检查日期", widget=DAY)
    result = forms.ChoiceField(label="检查结果", choices=CheckResult.choices)
    remarks = forms.CharField(label="检查情况", required=False, widget=forms.Textarea)

    def __init__(self, *args, device: Device, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checker"] = _person([device.agency_id], "检查人")
        self.fields["checked_on"].initial = timezone.localdate()


class FaultForm(forms.Form):
    reported_at = forms.DateTimeField(label="报告时间", widget=MOMENT)
    description = forms.CharField(label="故障情况", widget=forms.Textarea)

    def __init__(self, *args, device: Device, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_at"].initial = timezone.localtime()


class RepairForm(forms.Form):
    fault = forms.ModelChoiceField(queryset=None, label="故障")
    repaired_on = forms.DateField(label="修复日期", widget=DAY)
    repairer = forms.CharField(label="维修单位", max_length=200)
    result = forms.CharField(label="维修结果", widget=forms.Textarea)

    def __init__(self, *args, device: Device, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fault"].queryset = device.faults.filter(repaired_on__isnull=True)
        self.fields["repaired_on"].initial = timezone.localdate()


LEDGER_FORMS = {
    "issue": IssueForm,
    "return": ReturnForm,
    "check": CheckForm,
    "fault": FaultForm,
    "repair": RepairForm,
}
