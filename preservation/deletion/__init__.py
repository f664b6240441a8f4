"""Deletion protection of archived records until disposition (issue #14).

Nothing archived — a case with its parties, officers and materials, a sealed
dossier version with its items, a package with its copies — is deleted
before a disposition batch has been appraised, approved and executed. Three
layers refuse, each on its own:

- `guard`: which rows are archived and whether a `DeletionPermit` covers
  them (the table `PROTECTED`), asked by every `Model.delete()` and
  `QuerySet.delete()` of those models (`dossiers.models.deletion_guard`);
- `triggers`: the same rule as SQLite and PostgreSQL triggers, so a shell, a
  script or raw SQL is refused as well;
- `models`: `DeletionPermit`, the one exception: rows the disposition
  execution writes, inside its transaction, just before it deletes.

The modules are imported by name (`preservation.deletion.guard`, …): this
`__init__` re-exports nothing, because `preservation.models` imports
`deletion.models` and `guard` imports `preservation.models`.
"""
