from tests.preservation.retention.disposition_package_setup import (  # noqa: F401
    disposed,
    disposed_held,
)
from tests.preservation.retention.disposition_setup import world  # noqa: F401
