"""Preservation's services, one sub-package or module per concept.

`ingest/` turns a submission package into a case, `aips/` writes a sealed
dossier version as an archival package, `rebuild/` recreates the catalogue
from those packages alone, and `discs/` puts them on optical discs. Beside
them, what several use: `storage` (content-addressed originals), `fixity` and
`completeness` (the audit of stored copies), `janitor` (leftovers after a
grace period) and `texts` (text extraction for search).
"""
