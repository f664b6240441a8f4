"""Signals other apps may listen to; dossiers itself depends on no listener."""

from django.dispatch import Signal

# Sent inside the sealing transaction with `dossier`; listeners that do work
# outside the database must defer it until commit (a task does).
dossier_sealed = Signal()
