"""Retention enforced (issue #14): schedules, holds, the due list, protection.

One module per concept: `models` (the 保管期限表 rows and holds), `schedule`
(the rule in force for a case on a day, registered with `dossiers`), `holds`
(placing and releasing holds), `due` (dossiers whose retention has ended).
Import from the modules themselves; this package re-exports nothing, so that
importing one does not load the others.
"""
