"""The four-property check (四性检测) of a bag's files, where they lie.

Ingest runs the same checks on the stored copies (`four_checks`); here they run
on the producer's files before sending, for every material entry that names a
payload file, even when case.json breaks the schema elsewhere. The whole-case
checks need a document the schema accepts in the fields they read: when they
cannot read it, the schema layer has already said why. A finding of severity
error is an error, a warning a warning; information is left out.
"""

from typing import Any

from preservation.problems import Finding, Severity
from preservation.services.bag_validate.issues import Issues
from preservation.services.bag_validate.manifests import nfc
from preservation.services.bag_validate.rfc import RfcBag
from preservation.services.ingest.four_checks import (
    CheckedFile,
    check_case,
    check_file,
    check_source_organization,
)
from preservation.services.ingest.identify import identify


def four_property_check(bag: RfcBag, document: dict[str, Any], issues: Issues) -> None:
    """Check each declared file and the case; add the findings to `issues`."""
    materials = document.get("materials")
    for entry in materials if isinstance(materials, list) else []:
        _findings_add(issues, _file_findings(bag, entry))
    _findings_add(issues, _case_findings(bag, document))


def _file_findings(bag: RfcBag, entry: Any) -> list[Finding]:
    if not isinstance(entry, dict):
        return []
    path, form = entry.get("path"), entry.get("form")
    if not (isinstance(path, str) and isinstance(form, str)):
        return []
    rel = nfc(f"data/{path}")
    on_disk = bag.disk.payload.get(rel)
    if on_disk is None:
        return []  # missing or out of data/: the schema layer names it
    file = bag.root / on_disk
    ident = identify(file, name=rel, declared_form=form)
    _, findings = check_file(
        CheckedFile(rel=rel, path=file, entry=entry, identification=ident)
    )
    return findings


def _case_findings(bag: RfcBag, document: dict[str, Any]) -> list[Finding]:
    try:
        findings = check_case(document)
        declared = document["case"]["agency"]["name"]
    except (KeyError, TypeError, ValueError, AttributeError):
        return []  # a field these checks read breaks the schema, reported there
    organization = bag.info.get("Source-Organization")
    return findings + check_source_organization(
        declared=declared, organization=organization
    )


def _findings_add(issues: Issues, findings: list[Finding]) -> None:
    for finding in findings:
        message = f"{finding.category}：{finding.message}（{finding.article}）"
        if finding.severity == Severity.ERROR:
            issues.error(finding.code, message, finding.path)
        elif finding.severity == Severity.WARNING:
            issues.warn(finding.code, message, finding.path)
