"""Regulation checks: each rule a small function naming the article it enforces.

A rule receives a `CaseFacts` (or, with `of="dossier"`, a `Dossier`) and
yields `Finding`s. Rules are registered with `@rule(...)` in the modules of
this package and run by `case_check` (and `dossier_check`). Messages
are Chinese sentences; `article` cites the seed regulation as "001 §23"
(seed 000 = 珠晖区安监局实施细则, 001 = 广东省办法, 002 = 和田县司法局制度,
003 = 通化市应急管理局办法, 004 = 济宁市场监管制度; see domain-rules.md).
"""

# Importing the modules registers their rules.
from dossiers.rules import archiving, audiovisual, procedure, service  # noqa: F401
from dossiers.rules.base import RULES, CaseFacts, case_check, dossier_check, rule

__all__ = ["RULES", "CaseFacts", "case_check", "dossier_check", "rule"]
