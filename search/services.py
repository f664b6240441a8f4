"""Writes of search: each case's search record, built from the catalogue.

`case_search_record_refresh` gathers everything a person might search a case
by into its `CaseSearchRecord` and saves it; saving updates every search
backend configured to follow changes (modelsearch's signal handlers). It is
called after any change to a case (`case_changed`, through a task) and by
`update_index` for all cases. Callers need not check permissions: records are
trimmed per user when searched (`search.selectors`).
"""

import getpass
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from access_control.models import AccessAction, ReadPurpose
from access_control.selectors import CaseScope
from access_control.services import access_log_record
from dossiers.codes import Category, Procedure, label
from dossiers.models import Case, Dossier, Material, MaterialText, Officer, Party
from dossiers.selectors import current_dossier
from search import tokens
from search.models import HELD, NO_DOSSIER, NOT_HELD, CaseSearchRecord, SearchKey
from search.selectors import SearchOutcome, case_search

# Why a hit is opened, in the access log of the case page and the content gate.


def unique_values(values: Iterable[str]) -> list[str]:
    """Values with white space collapsed, empty and repeated ones dropped."""
    seen: dict[str, None] = {}
    for value in values:
        value = " ".join(str(value).split())
        if value:
            seen.setdefault(value, None)
    return list(seen)


@dataclass(frozen=True)
class _CaseParts:
    """A case with everything of it that search reads, loaded once."""

    case: Case
    dossier: Dossier | None
    parties: list[Party]
    officers: list[Officer]
    materials: list[Material]

    @classmethod
    def of(cls, case: Case) -> "_CaseParts":
        return cls(
            case,
            current_dossier(case),
            list(case.parties.all()),
            list(case.officers.all()),
            list(case.materials.order_by("sequence")),
        )

    def _dossier(self, *names: str) -> list[str]:
        return [getattr(self.dossier, n) for n in names] if self.dossier else []

    def titles(self) -> list[str]:
        return unique_values([self.case.title, *self._dossier("title")])

    def identifiers(self) -> list[str]:
        return unique_values(
            [self.case.case_number, *self._dossier("archival_code", "archive_number")]
            + [m.doc_number for m in self.materials]
            + [p.id_number for p in self.parties]
            + [o.certificate for o in self.officers]
        )

    def people(self) -> list[str]:
        return unique_values(
            [p.name for p in self.parties]
            + [o.name for o in self.officers]
            + [m.author for m in self.materials]
            + [m.witness for m in self.materials]
        )

    def description(self) -> list[str]:
        case = self.case
        return unique_values(
            [case.summary, *case.legal_basis]
            + [m.title for m in self.materials]
            + [m.doc_type for m in self.materials]
            + [p.address for p in self.parties]
            + [case.agency.name, label(Category, case.category)]
            + [label(Procedure, case.procedure), *self._dossier("remarks")]
        )


def _texts(case: Case) -> tuple[str, list[list], int]:
    """Every page with text, one per line, where each line came from
    (`[material id, page]`, plus `"ocr"` for text read by OCR from a scan),
    and how many pages search still cannot read."""
    lines, sources, empty = [], [], 0
    texts = MaterialText.objects.filter(material__case=case).order_by(
        "material__sequence"
    )
    for text in texts:
        empty += len(text.unreadable_pages)
        for number, page in enumerate(text.pages, start=1):
            source = [text.material_id, number]
            if not tokens.chars(page):
                page, source = text.ocr_text(number), [*source, "ocr"]
            page = " ".join(page.split())
            if tokens.chars(page):
                lines.append(page)
                sources.append(source)
    return "\n".join(lines), sources, empty


def case_search_record_fields(case: Case) -> dict:
    """What the search record of `case` says, as model field values."""
    parts = _CaseParts.of(case)
    identifiers = parts.identifiers()
    texts, sources, pages_without_text = _texts(case)
    return {
        "agency": case.agency,
        "year": case.closed_on.year,
        "closed_on": case.closed_on,
        "category": case.category,
        "procedure": case.procedure,
        "retention": parts.dossier.retention if parts.dossier else NO_DOSSIER,
        "dossier_state": parts.dossier.state if parts.dossier else NO_DOSSIER,
        "hold": _hold(case),
        "title": "\n".join(parts.titles()),
        "identifiers": "\n".join(identifiers),
        "people": "\n".join(parts.people()),
        "body": "\n".join(parts.description()),
        "texts": texts,
        "text_sources": sources,
        "pages_without_text": pages_without_text,
    }


def _hold(case: Case) -> str:
    # Holds are preservation's, which search may not import: the reverse
    # relation reads them, and preservation announces each change with
    # `case_changed`, which refreshes this record.
    return HELD if case.holds.filter(released_at__isnull=True).exists() else NOT_HELD


def search_keys(record_id: int, identifiers: str) -> list[SearchKey]:
    """The folded identifiers of a record, one `SearchKey` each."""
    keys = {tokens.chars(value)[:200] for value in identifiers.split("\n")}
    return [SearchKey(record_id=record_id, key=key) for key in sorted(keys) if key]


def _keys_replace(record_id: int, identifiers: str) -> None:
    SearchKey.objects.filter(record_id=record_id).delete()
    SearchKey.objects.bulk_create(search_keys(record_id, identifiers))


@transaction.atomic
def case_search_record_refresh(*, case: Case) -> CaseSearchRecord:
    """Write the search record of one case from the catalogue.

    Args:
        case: the case; its record is created or replaced.

    Returns:
        The saved record (saving it updates the search index).
    """
    record, _ = CaseSearchRecord.objects.update_or_create(
        case=case, defaults=case_search_record_fields(case)
    )
    _keys_replace(record.pk, record.identifiers)
    return record


def case_search_record_remove(*, case: Case) -> int:
    """Drop the search record of a destroyed case (its tombstone stays in the
    catalogue, but search no longer finds it). Returns how many went."""
    deleted, _ = CaseSearchRecord.objects.filter(case=case).delete()
    return deleted


def search_records_refresh_all(
    *, cases: Iterable[Case], progress: Callable[[Case], None] | None = None
) -> int:
    """Write the search records of many cases without indexing each one.

    The caller indexes them afterwards in bulk (`update_index` does).
    """
    count = 0
    for case in cases:
        fields = case_search_record_fields(case)
        existing = CaseSearchRecord.objects.filter(case=case)
        if existing.update(**fields, updated_at=timezone.now()):
            record_id = existing.values_list("pk", flat=True).get()
        else:
            (record,) = CaseSearchRecord.objects.bulk_create(
                [CaseSearchRecord(case=case, **fields)]
            )
            record_id = record.pk
        _keys_replace(record_id, fields["identifiers"])
        count += 1
        if progress:
            progress(case)
    return count


def case_search_run(
    *,
    user,
    query: str,
    request=None,
    scope: CaseScope | None = None,
    source: str = "admin",
    **options,
) -> SearchOutcome:
    """Search (`search.selectors.case_search`) and log the query with its user.

    The access-log entry names the query, the filters, the page and how many
    cases were found; it is written before the results are returned, so no
    search is ever shown unlogged.

    Args:
        user: who searches (None from the console, with an explicit `scope`).
        query: what they typed.
        request: the HTTP request, for the address and client.
        scope: the console's full scope instead of the user's.
        source: where the search came from (admin page, command).
        **options: passed on to `case_search` (filters, sort, page, …).
    """
    outcome = case_search(user=user, query=query, scope=scope, **options)
    access_log_record(
        user=user,
        action=AccessAction.SEARCH,
        request=request,
        reason=ReadPurpose.SEARCH,
        data=_search_log_data(outcome, query=query, source=source, user=user),
    )
    return outcome


def _search_log_data(outcome: SearchOutcome, *, query, source, user) -> dict:
    # A console search (no user) also names the operating-system account.
    return {
        "query": query[:200],
        "filters": outcome.filters.as_json(),
        "sort": outcome.sort,
        "page": outcome.page,
        "total": outcome.total,
        "estimated": outcome.estimated,
        "backend": outcome.backend,
        "source": source,
        **({"os_user": getpass.getuser()} if user is None else {}),
    }
