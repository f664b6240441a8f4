import pytest


@pytest.fixture
def sealer(django_user_model):
    return django_user_model.objects.create_user("sealer")
