"""The device commands take hostile values like every archive command.

`tests/test_command_arguments.py` fuzzes the commands of the top-level apps;
the commands of the nested `dossiers.devices` app get the same treatment here.
"""

import pytest

from tests import test_command_arguments as fuzz

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["av_compliance", "device_export", "device_import"])
def test_device_commands_refuse_hostile_values_clearly(name, tmp_path, monkeypatch):
    fuzz.test_every_option_is_refused_clearly_or_works(
        name, "dossiers.devices", tmp_path, monkeypatch
    )
