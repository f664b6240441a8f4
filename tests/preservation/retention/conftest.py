from tests.preservation.retention.disposition_setup import world  # noqa: F401
