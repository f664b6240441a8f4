from django import forms


class PackageUploadForm(forms.Form):
    package = forms.FileField(
        label="提交包",
        help_text="BagIt 提交包，打包为 .zip、.tar 或 .tar.gz；"
        "包结构见提交规范（JSON Schema 与 BagIt Profile）。",
    )
