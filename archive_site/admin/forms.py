"""Forms of the archive admin: the package upload, and the login form in Chinese."""

from django import forms
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class PackageUploadForm(forms.Form):
    package = forms.FileField(
        label="提交包",
        help_text="BagIt 提交包，打包为 .zip、.tar 或 .tar.gz；"
        "包结构见提交规范（JSON Schema 与 BagIt Profile）。",
    )


class LoginForm(WagtailLoginForm):
    """Wagtail's login form; its password field has no label of its own, so
    Django would show the field name ("Password")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "密码"
