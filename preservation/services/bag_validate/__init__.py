"""`bag_validate`: every problem of a submission bag, reported at once.

Producers run it before sending (`manage.py bag_validate`, or the standalone
`bag-validate` that needs no database) and ingest runs its RFC and profile
layers, so a refusal lists the same problems a producer saw. The layers run in
order and each reports everything it finds:

- `rfc` (with `tagfiles`, `manifests` and `payload`): RFC 8493 alone, free of
  Django — bagit.txt, bag-info.txt, every manifest and tag manifest, fetch.txt,
  completeness, every checksum, Payload-Oxum;
- `profile_checks`: the BagIt Profile of the archive (`preservation.profile`);
- `package`: the entry function `bag_validate`, which unpacks an archive if
  need be and runs the layers, then `data/case.json` against the schema
  (ingest's `submission_check`, each problem placed on its line by
  `json_lines`) and `four_property` on the files in place;
- `cli`: the arguments and output shared by `manage.py bag_validate` and the
  standalone `bag-validate`, which configures Django without a database.

This `__init__` imports nothing, so ingest's own modules can use `rfc` and
`profile_checks` without importing ingest back.
"""
