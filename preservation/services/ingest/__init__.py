"""Ingest: from a submission package (SIP) to a case in the archive.

`ingest.package_ingest` is the one entry point (the command, the admin upload,
later the API); the steps it runs are one concept a module of this package:

- `unpack`: a folder, ZIP or tar into a staging copy, within limits
  (`archive_entries` checks each entry, `zip_names` decodes ZIP names);
- `bags`: the BagIt bag and its checksums; `submission`: `case.json` and the
  materials it declares; `producers`: the agency it goes to, and who may send;
- `identify`: what each file really is; `four_checks`: the four-property check
  (四性检测) of each file and of the case, PDFs through `pdf_check`.

Callers import from this package, not from its modules (tests may reach into
them, and patch a step where it is looked up: in `ingest`).
"""

from preservation.services.ingest.four_checks import (
    AUTHENTICITY,
    INTEGRITY,
    SECURITY,
    USABILITY,
)
from preservation.services.ingest.ingest import package_fingerprint, package_ingest

__all__ = [
    "AUTHENTICITY",
    "INTEGRITY",
    "SECURITY",
    "USABILITY",
    "package_fingerprint",
    "package_ingest",
]
