from django.db import migrations


def create_head(apps, schema_editor):
    # One row from the start, so that concurrent first writers lock the same row
    # instead of racing to create it.
    apps.get_model("access_control", "AccessLogHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("access_control", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
