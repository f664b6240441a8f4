from django.db import migrations

from access_control.db_triggers import (
    append_only_triggers_install,
    append_only_triggers_remove,
)


def install(apps, schema_editor):
    append_only_triggers_install(schema_editor.connection)


def remove(apps, schema_editor):
    append_only_triggers_remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("access_control", "0005_access_log_checkpoint")]
    operations = [migrations.RunPython(install, remove)]
