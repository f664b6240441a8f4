"""Rebuilding the catalogue from the archival packages alone (invariant 4).

`catalogue.catalogue_rebuild` is the entry point (the `rebuild_from_aips`
command); the modules are split by what they restore from the packages:

- `found`: the packages themselves, found under a folder and validated in full;
- `originals`: the originals, back into content-addressed storage;
- the case's records come from `preservation.services.aips.case_restore`;
- `copies`: the `Package` rows and one `PackageCopy` per storage location.

Callers import from this package, not from its modules (tests may reach into
them).
"""

from preservation.services.rebuild.catalogue import (
    AGENT,
    CatalogueNotEmpty,
    RebuildMessage,
    RebuildReport,
    catalogue_rebuild,
)

__all__ = [
    "AGENT",
    "CatalogueNotEmpty",
    "RebuildMessage",
    "RebuildReport",
    "catalogue_rebuild",
]
