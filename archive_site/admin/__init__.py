"""The archive's Wagtail admin: one module per thing shown.

`base` holds `ReadOnlyViewSet` and `LoggedInspectView` (the one inspect view
that checks visibility and logs the read); `cases`, `dossiers` (+ `seals`),
`materials`, `packages`, `discs` (+ `disc_exports`), `ingest_reports`,
`access_log`, `agencies`, `lockouts`, `upload`, `search` and `dashboard` hold
the views of each. Registration stays in `archive_site/wagtail_hooks.py`,
where Wagtail discovers it; this package imports nothing at load time.
"""
