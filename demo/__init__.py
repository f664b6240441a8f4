"""Realistic demo submission packages (SIPs) for development, demos and tests.

``cases.demo_case`` invents a closed enforcement case and the bytes of its
files; ``sip.write_sip`` turns any case document and files into a BagIt bag.
Nothing here touches the database.

- reference data: ``agencies``, ``offences``, ``people``, ``identifiers``
- the case as it is written: ``story`` (state, clock, materials), ``wording``
- the course of a case: ``scenarios``, ``flows`` and one module per step
  (``initiation``, ``investigation``, ``hearing``, ``decision``, ``service``,
  ``measures``, ``execution``)
- file bytes: ``media`` (PDF, JPEG, MP4, M4A), ``paper`` (文书 layout),
  ``scenes`` (painted pictures)
"""
