"""The 政府信息公开 world of `tests/access_control/disclosure`, for the desk."""

from tests.access_control.disclosure.conftest import (  # noqa: F401 (fixtures)
    agency,
    disclosure_head,
    disclosure_officer,
    received,
    submitted,
)
