# A case's state is read from its dossier versions (CaseState), never stored:
# the stored status said 已接收 for sealed cases.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_unique_fonds_and_dossier_numbers"),
    ]

    operations = [
        migrations.RemoveField(model_name="case", name="status"),
    ]
