from tests.preservation.retention.disposition_package_setup import (  # noqa: F401
    disposed,
)
from tests.preservation.retention.disposition_setup import world  # noqa: F401
