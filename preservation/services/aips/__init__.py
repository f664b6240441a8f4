"""Archival packages (AIPs): a sealed dossier version as a BagIt 1.0 bag.

One concept a module:

- `bag`: the BagIt machinery every package shares (build in staging, tag
  files, validate, place in both locations resumably, the `Package` row);
- `write.package_write`: build, validate and place a dossier version's
  package in both storage locations (resumable after a crash), and where a
  package lives (`package_path`, `location_root`);
- `metadata`: the JSON a package carries (`dossier.json`, `events.json`),
  readable without the database, and the access-log anchor it embeds;
- `records.case_restore`: the inverse of `metadata`, catalogue rows from a
  package's JSON (used by `preservation.services.rebuild`), and
  `tombstone_restore`, a destroyed case's tombstone from its batch's record.

Callers import from this package, not from its modules (tests may reach into
them). Recreating the catalogue from packages is `preservation.services.rebuild`,
a package of its own because it runs `preservation.tasks`, which writes
packages through this one.
"""

from preservation.services.aips.bag import (
    BagBuilder,
    bag_place_both,
    json_bytes,
    package_row_create,
    tag_files_write,
)
from preservation.services.aips.metadata import (
    AIP_PROFILE,
    log_anchor,
    log_anchor_provider_register,
    original_path,
)
from preservation.services.aips.records import (
    Restored,
    agency_restore,
    case_restore,
    row_insert,
    row_values,
    tombstone_restore,
    user_or_placeholder,
)
from preservation.services.aips.write import (
    PackageWriteError,
    location_root,
    package_identifier,
    package_path,
    package_relative_path,
    package_write,
)

__all__ = [
    "AIP_PROFILE",
    "BagBuilder",
    "PackageWriteError",
    "Restored",
    "agency_restore",
    "bag_place_both",
    "case_restore",
    "json_bytes",
    "location_root",
    "log_anchor",
    "log_anchor_provider_register",
    "original_path",
    "package_identifier",
    "package_path",
    "package_relative_path",
    "package_row_create",
    "package_write",
    "row_insert",
    "row_values",
    "tag_files_write",
    "tombstone_restore",
    "user_or_placeholder",
]
