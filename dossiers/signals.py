"""Signals other apps may listen to; dossiers itself depends on no listener."""

from django.dispatch import Signal

# Sent inside the sealing transaction with `dossier`; listeners that do work
# outside the database must defer it until commit (a task does).
dossier_sealed = Signal()

# Sent with `case` whenever what the catalogue says about a case changes: its
# dossier assembled, reordered, re-described, sealed or versioned, or the text
# of its documents extracted. Sent inside the writing transaction where there
# is one; listeners defer their work until commit (search re-indexes the case).
case_changed = Signal()
